"""A station's bundle carries the document details of the agencies it speaks for (``bundle/details_part.py``): a
town office's own 联系电话 and 联系地址 reach headquarters, whose 行政处罚告知书 of the office's case then prints them,
not the bureau's or nothing. Headquarters' own later edit is kept (and said) on the next import; a bundle without
the part imports as before; an altered part, a bad value or another agency's details refuse the bundle."""

from __future__ import annotations

import base64
import hashlib
import json
import zipfile
from pathlib import Path

import pytest

from tests.data_digest import data_digest
from tests.helpers import open_db, pdf_text, run, run_json
from workstation.agency_details import agency_details
from workstation.bundle.details_part import MEMBER
from workstation.store import agency_id_for_code

GUICHENG = agency_id_for_code("440605011")  # 桂城市场监督管理所, a town office of the Nanhai bureau
NANHAI = agency_id_for_code("440605")
TOWN_PHONE, TOWN_ADDRESS = "0757-86225678", "佛山市南海区桂城街道海五路28号"


@pytest.fixture
def dirs(cli_station, tmp_path) -> Path:
    """A 桂城 station with the demo and its own telephone and address set, and an empty headquarters."""
    cli_station(tmp_path / "station", ["init", "--agency", "440605011", "--station-name", "桂城所"],
                ["demo", "--without-complaints"],
                ["station", "details", "--contact-phone", "0757 8622 5678", "--contact-address", TOWN_ADDRESS])
    cli_station(tmp_path / "hq", ["init", "--station-name", "佛山市局"], ["station", "role", "headquarters"])
    return tmp_path


def export(capsys, dirs: Path, name: str) -> Path:
    run_json(capsys, "--data-dir", dirs / "station", "bundle", "export", "-o", dirs / name)
    return dirs / name


def import_text(capsys, dirs: Path, path: Path, *extra) -> str:
    code, out, err = run(capsys, "--data-dir", dirs / "hq", "bundle", "import", path, "--trust", *extra)
    assert code == 0, err
    return out


def town_details(data_dir: Path) -> dict[str, str]:
    db = open_db(data_dir)
    try:
        return agency_details(db, GUICHENG)
    finally:
        db.conn.close()


def town_notice(capsys, dirs: Path) -> str:
    """The text of the 行政处罚告知书 headquarters prints for a case of the 桂城 office."""
    db = open_db(dirs / "hq")
    try:
        number = db.execute("SELECT case_number FROM cases WHERE agency_id = ? ORDER BY case_number",
                            [GUICHENG]).fetchone()[0]
    finally:
        db.conn.close()
    run_json(capsys, "--data-dir", dirs / "hq", "docs", "render", number, "--form", "pre_penalty_notice",
             "--format", "pdf", "-o", dirs / "notice.pdf")
    return pdf_text((dirs / "notice.pdf").read_bytes())


def rewritten(dirs: Path, path: Path, change) -> Path:
    """``path`` with ``change(members)`` made to its members ({name: bytes}), its manifest listing them with their
    sizes and sha256 and signed again with the station's key, as only the station could."""
    from workstation.station import signing_key

    with zipfile.ZipFile(path) as archive:
        members = {info.filename: archive.read(info) for info in archive.infolist()}
    change(members)
    manifest = json.loads(members.pop("manifest.json"))
    members.pop("manifest.sig")
    manifest["members"] = {name: {"sha256": hashlib.sha256(data).hexdigest(), "size": len(data)}
                           for name, data in members.items()}
    manifest_bytes = json.dumps(manifest, ensure_ascii=False).encode("utf-8")
    target = path.with_name("rewritten-" + path.name)
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data, compress_type=zipfile.ZIP_STORED if name.startswith("files/") else None)
        archive.writestr("manifest.json", manifest_bytes)
        archive.writestr("manifest.sig", base64.b64encode(signing_key(dirs / "station").sign(manifest_bytes)))
    return target


def with_details(entries: list[dict]):
    def change(members: dict[str, bytes]) -> None:
        members[MEMBER] = json.dumps(entries, ensure_ascii=False).encode("utf-8")
    return change


def refused(capsys, dirs: Path, path: Path) -> str:
    before = data_digest(dirs / "hq")
    code, out, err = run(capsys, "--data-dir", dirs / "hq", "bundle", "import", path, "--trust")
    assert code == 1, out
    assert data_digest(dirs / "hq") == before
    assert len(err.strip().splitlines()) == 1 and "Traceback" not in err
    return err.strip()


def test_headquarters_prints_a_town_offices_case_with_the_telephone_and_address_its_station_sent(capsys, dirs):
    text = import_text(capsys, dirs, export(capsys, dirs, "a.bundle"))
    assert "桂城市场监督管理所（联系电话、联系地址）" in text
    assert town_details(dirs / "hq")["contact_phone"] == TOWN_PHONE
    notice = town_notice(capsys, dirs)
    assert f"联系电话：{TOWN_PHONE}" in notice and f"联系地址：{TOWN_ADDRESS}" in notice
    # the change is audited at headquarters as an officer's own change of the details is
    entries = run_json(capsys, "--data-dir", dirs / "hq", "audit", "list", "--entity", "agency_details")["entries"]
    assert [(e["action"], e["entity_id"]) for e in entries] == [("update", GUICHENG)]


def test_a_preview_says_the_details_it_would_take_and_changes_nothing(capsys, dirs):
    before = data_digest(dirs / "hq")
    result = run_json(capsys, "--data-dir", dirs / "hq", "bundle", "import", export(capsys, dirs, "a.bundle"),
                      "--dry-run")
    assert result["agency_details"]["taken"] == [{"agency": "440605011", "name": "佛山市南海区市场监督管理局桂城市场监督管理所",
                                                  "fields": ["contact_phone", "contact_address"]}]
    assert data_digest(dirs / "hq") == before


def test_headquarters_own_edit_is_kept_and_said_while_the_stations_other_change_is_taken(capsys, dirs):
    import_text(capsys, dirs, export(capsys, dirs, "a.bundle"))
    run_json(capsys, "--data-dir", dirs / "hq", "station", "details", "--agency", "440605011",
             "--contact-phone", "0757-86229999")
    run_json(capsys, "--data-dir", dirs / "station", "station", "details", "--contact-phone", "0757-86221111",
             "--contact-address", "佛山市南海区桂城街道桂澜路1号")
    second = export(capsys, dirs, "b.bundle")
    text = import_text(capsys, dirs, second)
    assert town_details(dirs / "hq")["contact_phone"] == "0757-86229999"  # headquarters' own edit stands
    assert town_details(dirs / "hq")["contact_address"] == "佛山市南海区桂城街道桂澜路1号"  # it did not change this one
    assert "联系电话" in text and "0757-86229999" in text and "0757-86221111" in text
    result = run_json(capsys, "--data-dir", dirs / "hq", "bundle", "import", second, "--dry-run")
    assert result["already_imported"]


def test_a_value_headquarters_holds_as_the_station_sent_it_follows_the_stations_change(capsys, dirs):
    import_text(capsys, dirs, export(capsys, dirs, "a.bundle"))
    run_json(capsys, "--data-dir", dirs / "station", "station", "details", "--contact-phone", "0757-86221111")
    text = import_text(capsys, dirs, export(capsys, dirs, "b.bundle"))
    assert town_details(dirs / "hq")["contact_phone"] == "0757-86221111"
    assert "kept" not in text and "保留" not in text


def test_a_bundle_without_the_details_imports_as_before(capsys, dirs):
    def older(members: dict[str, bytes]) -> None:
        del members[MEMBER]

    old = rewritten(dirs, export(capsys, dirs, "a.bundle"), older)
    result = run_json(capsys, "--data-dir", dirs / "hq", "bundle", "import", old, "--trust")
    assert result["new"] > 0 and result["agency_details"] == {"taken": [], "kept": []}
    assert town_details(dirs / "hq") == dict.fromkeys(town_details(dirs / "hq"), "")


def test_an_altered_details_part_is_refused_naming_it(capsys, dirs):
    path = export(capsys, dirs, "a.bundle")
    with zipfile.ZipFile(path) as archive:
        members = {info.filename: archive.read(info) for info in archive.infolist()}
    members[MEMBER] = members[MEMBER].replace(b"86225678", b"86220000")
    with zipfile.ZipFile(dirs / "altered.bundle", "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data, compress_type=zipfile.ZIP_STORED if name.startswith("files/") else None)
    message = refused(capsys, dirs, dirs / "altered.bundle")
    assert MEMBER in message and "altered.bundle" in message


def test_a_bad_telephone_in_the_details_is_refused_naming_the_field(capsys, dirs):
    bad = rewritten(dirs, export(capsys, dirs, "a.bundle"), with_details(
        [{"agency": "440605011", "details": {"contact_phone": "12", "contact_address": TOWN_ADDRESS}}]))
    message = refused(capsys, dirs, bad)
    assert "联系电话" in message and MEMBER in message


def test_a_payment_account_sent_for_a_town_office_is_refused(capsys, dirs):
    bad = rewritten(dirs, export(capsys, dirs, "a.bundle"), with_details(
        [{"agency": "440605011", "details": {"bank": "中国工商银行佛山桂城支行"}}]))
    assert "收款银行" in refused(capsys, dirs, bad)


def test_details_of_an_agency_the_station_does_not_work_for_are_refused(capsys, dirs):
    bad = rewritten(dirs, export(capsys, dirs, "a.bundle"), with_details(
        [{"agency": "440605", "details": {"contact_phone": "0757-86280001"}}]))
    assert "440605" in refused(capsys, dirs, bad)
    assert agency_details(open_db(dirs / "hq"), NANHAI)["contact_phone"] == ""


def test_a_bureaus_station_sends_its_own_and_its_town_offices_details(capsys, cli_station, tmp_path):
    station = cli_station(tmp_path / "station", ["init", "--agency", "440605", "--station-name", "南海区局"],
                          ["station", "details", "--contact-phone", "0757-86281234", "--bank", "工行南海支行"],
                          ["station", "details", "--agency", "440605011", "--contact-address", TOWN_ADDRESS],
                          ["station", "details", "--agency", "440606", "--contact-phone", "0757-22220000"])
    run_json(capsys, "--data-dir", station, "bundle", "export", "-o", tmp_path / "n.bundle")
    with zipfile.ZipFile(tmp_path / "n.bundle") as archive:
        sent = json.loads(archive.read(MEMBER))
    assert [entry["agency"] for entry in sent] == ["440605", "440605011"]  # not Shunde's, which it does not speak for
    assert sent[0]["details"]["bank"] == "工行南海支行" and set(sent[1]["details"]) == {"contact_phone",
                                                                                   "contact_address"}


def test_a_station_taking_headquarters_hand_out_keeps_its_own_details(capsys, dirs):
    from workstation.bundle import open_bundle
    from workstation.station import box_private_key

    import_text(capsys, dirs, export(capsys, dirs, "a.bundle"))
    run_json(capsys, "--data-dir", dirs / "hq", "station", "details", "--agency", "440605011",
             "--contact-phone", "0757-86229999")
    run_json(capsys, "--data-dir", dirs / "hq", "station", "export", "-o", dirs / "hq.card")
    run_json(capsys, "--data-dir", dirs / "station", "station", "headquarters", dirs / "hq.card")
    run_json(capsys, "--data-dir", dirs / "hq", "bundle", "export", "-o", dirs / "h.bundle", "--all")
    with open_bundle(dirs / "h.bundle", box_private_key(dirs / "station")) as bundle:
        assert bundle.agency_details is None and MEMBER not in bundle.manifest["members"]
    run_json(capsys, "--data-dir", dirs / "station", "bundle", "import", dirs / "h.bundle")
    assert town_details(dirs / "station")["contact_phone"] == TOWN_PHONE


def test_only_headquarters_takes_a_bundles_details(dirs):
    from workstation.bundle.details_part import plan_details

    db = open_db(dirs / "station")
    try:
        entries = [{"agency": "440605011", "details": {"contact_phone": "0757-86229999"}}]
        card = {"id": "another", "name": "桂城所", "agency_code": "440605011", "fingerprint": ""}
        plan = plan_details(db, entries, card, "x.bundle", headquarters=False)
        assert (plan.taken, plan.kept) == ({}, [])
        # the same details at headquarters: the value set here is kept and said
        kept = plan_details(db, entries, card, "x.bundle", headquarters=True).kept
        assert [(k["field"], k["here"], k["station"]) for k in kept] == [("contact_phone", TOWN_PHONE, "0757-86229999")]
    finally:
        db.conn.close()


def test_a_change_of_the_details_by_an_officer_is_audited(capsys, dirs):
    run_json(capsys, "--data-dir", dirs / "station", "station", "details", "--contact-phone", "0757-86221111")
    entries = run_json(capsys, "--data-dir", dirs / "station", "audit", "list", "--entity", "agency_details")
    assert [e["entity_id"] for e in entries["entries"]] == [GUICHENG, GUICHENG]  # set by the fixture, then here
    assert run_json(capsys, "--data-dir", dirs / "station", "audit", "verify")["valid"]
