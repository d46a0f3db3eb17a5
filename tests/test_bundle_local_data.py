"""What stays at a station and what travels, through real bundles: the bureau's document details (联系电话, 联系地址,
收款账户; ``agency_details``, in the settings) travel to headquarters, which takes those it has none of and keeps
the ones it set itself (``bundle/details_part.py``); a complaint file's import is no longer withdrawn once a bundle was written after it, the refusal
saying why and what to do instead — a correction of the complaints, which reaches headquarters with the next
bundle."""

from __future__ import annotations

import zipfile

import pytest

from tests.helpers import open_db, run, run_json, send_bundle
from workstation.agency_details import agency_details, station_agency_id

COUNCIL = ("投诉编号,投诉时间,联系电话,投诉内容\n"
           "B1,2026-03-01 10:00:00,13900139001,13800138000每天打推销电话推销楼盘，要求停止骚扰\n"
           "B2,2026-03-02 10:00:00,13900139002,13800138000又打来推销电话，对方知道我的姓名\n")


@pytest.fixture
def dirs(station_and_hq_dirs):
    return station_and_hq_dirs



def _details(data_dir) -> dict[str, dict[str, str]]:
    """{agency id: its document details} of every agency, and the acting agency of the station (key "")."""
    db = open_db(data_dir)
    try:
        found = {agency_id: agency_details(db, agency_id) for (agency_id,) in db.execute("SELECT id FROM agencies")}
        return {"": station_agency_id(db), **found}
    finally:
        db.conn.close()


def test_the_bureaus_document_details_stay_at_their_station(capsys, dirs):
    station, hq = dirs / "station", dirs / "hq"
    run_json(capsys, "--data-dir", hq, "station", "details", "--agency", "440605", "--contact-phone", "0757-83330000",
             "--contact-address", "市局代填地址", "--account-number", "1111 1111")
    run_json(capsys, "--data-dir", station, "station", "details", "--contact-phone", "0757-86281234",
             "--contact-address", "佛山市南海区桂城南海大道北80号", "--bank", "中国工商银行佛山南海支行",
             "--account-name", "佛山市南海区财政局", "--account-number", "2013000000000000000")
    held = _details(hq)
    assert held != _details(station)
    assert send_bundle(capsys, dirs, "s1.bundle")["conflicts"] == 0
    # no settings travel, only the details (bundle/details_part.py): headquarters' own (its own and what it set for
    # the Nanhai bureau) stand, and the Nanhai details it had none of are taken
    with zipfile.ZipFile(dirs / "s1.bundle") as archive:
        assert not any("settings" in name for name in archive.namelist())
    nanhai = _details(station)[""]
    assert _details(hq) == {**held, nanhai: {**held[nanhai], "bank": "中国工商银行佛山南海支行",
                                             "account_name": "佛山市南海区财政局"}}
    assert _details(station)[nanhai]["account_number"] == "2013000000000000000"
    assert _details(hq)[nanhai]["account_number"] == "1111 1111"


def test_a_withdrawal_after_a_bundle_is_refused_saying_why_and_the_correction_it_offers_reaches_headquarters(
        capsys, dirs, english):
    station, hq = dirs / "station", dirs / "hq"
    export = dirs / "council.csv"
    export.write_text(COUNCIL, encoding="utf-8")
    run_json(capsys, "--data-dir", station, "complaints", "import", export, "--profile", "consumer_council")
    # withdrawn before any bundle went: allowed (checked without doing it)
    db = open_db(station)
    try:
        from workstation.importing.complaint_withdraw import find_import, withdrawal_refusal

        assert withdrawal_refusal(db, find_import(db, "council.csv")) is None
    finally:
        db.conn.close()
    assert send_bundle(capsys, dirs, "s1.bundle")["by_table"]["complaints"]["new"] == 2
    code, out, err = run(capsys, "--data-dir", station, "complaints", "withdraw-file", "council.csv")
    assert code != 0 and out == ""
    # why: the bundle written since, which carries no withdrawal; what to do: correct the complaints, in the window
    # or on the command line, and the correction reaches headquarters
    assert "may have gone to headquarters in the bundle written" in err and "a bundle carries no withdrawal" in err
    assert "Correct the screening result…" in err and "complaints correct --not-related" in err
    assert "reaches headquarters with the next bundle" in err
    assert run_json(capsys, "--data-dir", station, "complaints", "imports")[0]["complaints"] == 2

    # the correction offered does reach headquarters
    for number in ("B1", "B2"):
        run_json(capsys, "--data-dir", station, "complaints", "correct", number, "--not-related",
                 "--reason", "误导入：非个人信息投诉")
    merged = send_bundle(capsys, dirs, "s2.bundle")
    assert merged["conflicts"] == 0

    def verdicts(data_dir):
        db = open_db(data_dir)
        try:
            return sorted(tuple(r) for r in db.execute(
                "SELECT external_id, verdict, verdict_reason FROM complaints WHERE source_file = 'council.csv'"))
        finally:
            db.conn.close()

    assert verdicts(hq) == verdicts(station) == [("B1", "unrelated", "误导入：非个人信息投诉"),
                                                 ("B2", "unrelated", "误导入：非个人信息投诉")]
