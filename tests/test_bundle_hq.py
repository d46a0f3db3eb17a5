"""Headquarters' side of the exchange with several stations: bundles imported out of order, a station's stale copy
of another station's case coming back, trusting headquarters' card at a laptop, refusals that say what to do, and
headquarters' figures equal to the stations' own after repeated imports."""

from __future__ import annotations

import contextlib
import csv
import gc
import io
import json
import zipfile
from dataclasses import replace
from pathlib import Path

import pytest

from tests.data_digest import data_digest
from tests.helpers import copy_of, open_db, run, run_json
from workstation.audit import AuditWriter
from workstation.cli import main
from workstation.errors import WorkstationError
from workstation.store.base import fetch_dict

STATIONS = {"nanhai": ("440605", "南海区局", "佛南市监立〔2026〕501号", "91440605MA4UJ8TK17"),
            "shunde": ("440606", "顺德区局", "佛顺市监立〔2026〕501号", "91440606MA4UJ8TK1M")}


def _add_case(data_dir: Path, code: str, number: str, uscc: str) -> None:
    from workstation.records import Case, Officer, Party
    from workstation.store import agency_id_for_code, create_case, save_officer, save_party

    db = open_db(data_dir)
    agency = agency_id_for_code(code)
    officers = [save_officer(db, Officer(name=name, cert_no=f"{code}1200{i}", agency_id=agency))
                for i, name in enumerate(("李明", "王芳"), start=1)]
    party = save_party(db, Party(name=f"佛山市某{code}信息咨询有限公司", uscc=uscc))
    create_case(db, Case(case_number=number, cause="涉嫌违法发送商业性信息案", sector="real_estate", agency_id=agency,
                         status="investigating", filed_on="2026-03-02", party_ids=[party.id],
                         officer_ids=[o.id for o in officers], violations=["unsolicited_commercial_messages"],
                         records_other=300, fine_fen=500_000))
    db.conn.close()


def build_hq_and_districts(root: Path) -> Path:
    """Headquarters trusting two district stations, each holding one case of its own, under ``root``."""
    quiet = io.StringIO()
    with contextlib.redirect_stdout(quiet), contextlib.redirect_stderr(quiet):
        assert main(["--data-dir", str(root / "hq"), "init", "--station-name", "佛山市局"]) == 0
        assert main(["--data-dir", str(root / "hq"), "station", "export", "-o", str(root / "hq.card")]) == 0
        assert main(["--data-dir", str(root / "hq"), "station", "role", "headquarters"]) == 0
        for name, (code, title, number, uscc) in STATIONS.items():
            assert main(["--data-dir", str(root / name), "init", "--agency", code, "--station-name", title]) == 0
            _add_case(root / name, code, number, uscc)
            assert main(["--data-dir", str(root / name), "station", "export", "-o", str(root / f"{name}.card")]) == 0
            assert main(["--data-dir", str(root / "hq"), "station", "trust", str(root / f"{name}.card")]) == 0
    gc.collect()
    return root


@pytest.fixture(scope="module")
def template(hq_and_districts_template):
    """Headquarters trusting two district stations, each holding one case of its own; built once a worker
    (conftest.py) for this module and the many that import this fixture."""
    return hq_and_districts_template()


@pytest.fixture
def dirs(template, tmp_path):
    return copy_of(template, tmp_path)


def export(capsys, dirs, station, name, *extra):
    """``bundle export`` at ``station``; at headquarters without ``--for``, the hand-out for every station that
    earlier versions wrote (``legacy_handout``): the merge of such hand-outs is what these tests check."""
    if station == "hq" and "--for" not in extra:
        return legacy_handout(dirs / station, dirs / name, everything="--all" in extra)
    return run_json(capsys, "--data-dir", dirs / station, "bundle", "export", "-o", dirs / name, *extra)


def legacy_handout(data_dir: Path, path: Path, *, everything: bool = False) -> dict:
    """Headquarters' hand-out as versions before the one-station hand-outs wrote it: every station's records, not
    encrypted (``writer.EVERY_STATION``); a station may still hold one."""
    from workstation.bundle.writer import EVERY_STATION, export_bundle

    db = open_db(data_dir)
    try:
        return export_bundle(db, data_dir, path, everything=everything, for_station=EVERY_STATION)
    finally:
        db.conn.close()


def import_(capsys, dirs, name, at="hq"):
    return run_json(capsys, "--data-dir", dirs / at, "bundle", "import", dirs / name)


def take_headquarters_card(capsys, dirs, station="shunde"):
    """The station names headquarters (its bundles are then for it) and trusts its card (to take its hand-outs)."""
    run_json(capsys, "--data-dir", dirs / station, "station", "headquarters", dirs / "hq.card")
    run_json(capsys, "--data-dir", dirs / station, "station", "trust", dirs / "hq.card")


def shared_once(capsys, dirs):
    """Shunde takes headquarters' card, sends its case (s1), and takes headquarters' hand-out back (h1)."""
    take_headquarters_card(capsys, dirs)
    export(capsys, dirs, "shunde", "s1.bundle")
    import_(capsys, dirs, "s1.bundle")
    export(capsys, dirs, "hq", "h1.bundle", "--all")
    assert import_(capsys, dirs, "h1.bundle", at="shunde")["conflicts"] == 0


def refused(capsys, dirs, name) -> str:
    """The one-line reason headquarters gives for refusing ``name``; its database changes only by listing it."""
    before = data_digest(dirs / "hq")
    code, out, err = run(capsys, "--data-dir", dirs / "hq", "bundle", "import", dirs / name)
    assert code == 1, out
    assert data_digest(dirs / "hq") == before  # only listed as refused (导入记录)
    lines = err.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in err and name in lines[0]
    return lines[0]


def edit_case(data_dir: Path, number: str, **fields) -> None:
    from workstation.store import find_case, update_case

    db = open_db(data_dir)
    update_case(db, replace(find_case(db, number), **fields))
    db.conn.close()


def decided(data_dir: Path, number: str) -> None:
    """The case is 已决定 (set as a register import would): the statistics count a fine from the penalty decision on,
    one only proposed counts nothing."""
    db = open_db(data_dir)
    with db.atomic():
        db.execute("UPDATE cases SET status = 'penalty_decided', decided_on = '2026-03-20' WHERE case_number = ?",
                   [number])
    db.conn.close()


def case_figures(data_dir: Path, number: str) -> tuple:
    db = open_db(data_dir)
    row = db.execute("SELECT fine_fen, records_other, facts FROM cases WHERE case_number = ?", [number]).fetchone()
    db.conn.close()
    return tuple(row)


def test_a_stale_copy_sent_back_by_another_station_does_not_undo_the_owning_station_s_change(capsys, dirs):
    shunde_case = STATIONS["shunde"][2]
    export(capsys, dirs, "shunde", "s1.bundle")
    import_(capsys, dirs, "s1.bundle")
    # headquarters hands everything out; Nanhai takes it, so it now holds a copy of Shunde's case
    export(capsys, dirs, "hq", "all.bundle", "--all")
    run_json(capsys, "--data-dir", dirs / "nanhai", "station", "trust", dirs / "hq.card")
    import_(capsys, dirs, "all.bundle", at="nanhai")
    # Shunde goes on with its case
    edit_case(dirs / "shunde", shunde_case, fine_fen=800_000, records_other=450, facts="当事人已承认")
    export(capsys, dirs, "shunde", "s2.bundle")
    import_(capsys, dirs, "s2.bundle")
    # Nanhai's full bundle carries its old copy of Shunde's case: it must not undo Shunde's change; the copy is the
    # version headquarters handed out, which Nanhai did not change, so there is nothing to choose either
    export(capsys, dirs, "nanhai", "n1.bundle", "--all")
    merged = import_(capsys, dirs, "n1.bundle")
    assert merged["by_table"]["cases"] == {"new": 1, "updated": 0, "unchanged": 1, "conflicts": 0}  # its own is new
    assert case_figures(dirs / "hq", shunde_case) == (800_000, 450, "当事人已承认")
    assert run_json(capsys, "--data-dir", dirs / "hq", "bundle", "conflicts") == []
    # Shunde's next change still comes in as a plain update, not as a conflict
    edit_case(dirs / "shunde", shunde_case, fine_fen=900_000)
    export(capsys, dirs, "shunde", "s3.bundle")
    merged = import_(capsys, dirs, "s3.bundle")
    assert merged["by_table"]["cases"] == {"new": 0, "updated": 1, "unchanged": 0, "conflicts": 0}
    assert case_figures(dirs / "hq", shunde_case) == case_figures(dirs / "shunde", shunde_case)


def _publicity(data_dir: Path) -> dict[str, int]:
    db = open_db(data_dir)
    found = dict(db.execute("SELECT id, flyers FROM publicity").fetchall())
    db.conn.close()
    return found


def test_a_station_deleting_its_copy_of_another_station_s_record_does_not_delete_it_here(capsys, dirs):
    from workstation.store.publicity import delete_publicity, get_publicity, save_publicity

    added = run_json(capsys, "--data-dir", dirs / "shunde", "publicity", "add", "--date", "2026-03-08",
                     "--title", "社区宣传", "--flyers", "200")
    export(capsys, dirs, "shunde", "s1.bundle")
    import_(capsys, dirs, "s1.bundle")
    export(capsys, dirs, "hq", "all.bundle", "--all")
    run_json(capsys, "--data-dir", dirs / "nanhai", "station", "trust", dirs / "hq.card")
    import_(capsys, dirs, "all.bundle", at="nanhai")
    db = open_db(dirs / "shunde")
    save_publicity(db, replace(get_publicity(db, added["id"]), flyers=260))  # Shunde corrects its count
    db.conn.close()
    export(capsys, dirs, "shunde", "s2.bundle")
    import_(capsys, dirs, "s2.bundle")
    db = open_db(dirs / "nanhai")
    with pytest.raises(WorkstationError, match="顺德区局"):  # not Nanhai's to delete
        delete_publicity(db, added["id"])
    # as a version that let a station delete another's activity did: Nanhai drops the copy it was sent
    with db.atomic():
        before = fetch_dict(db, "SELECT * FROM publicity WHERE id = ?", [added["id"]])
        db.execute("DELETE FROM publicity WHERE id = ?", [added["id"]])
        writer = AuditWriter(db)
        writer.add("delete", "publicity", added["id"], before, None)
        writer.flush()
    db.conn.close()
    export(capsys, dirs, "nanhai", "n1.bundle", "--all")
    import_(capsys, dirs, "n1.bundle")
    assert _publicity(dirs / "hq") == {added["id"]: 260}
    assert run_json(capsys, "--data-dir", dirs / "hq", "stats")["publicity"]["flyers"] == 260


def test_a_later_bundle_imported_first_is_refused_until_the_earlier_one_is_in(capsys, dirs, english):
    export(capsys, dirs, "shunde", "first.bundle")
    decided(dirs / "shunde", STATIONS["shunde"][2])
    edit_case(dirs / "shunde", STATIONS["shunde"][2], fine_fen=700_000)
    export(capsys, dirs, "shunde", "second.bundle")
    message = refused(capsys, dirs, "second.bundle")
    assert "顺德区局" in message and "bundle export --all" in message
    import_(capsys, dirs, "first.bundle")
    assert import_(capsys, dirs, "second.bundle")["updated"] >= 1
    hq, shunde = (run_json(capsys, "--data-dir", dirs / d, "stats") for d in ("hq", "shunde"))
    assert hq["cases"] == shunde["cases"] and hq["fines_fen"] == shunde["fines_fen"] == 700_000


def test_trusting_headquarters_card_keeps_the_station_s_bundles_encrypted(capsys, dirs):
    take_headquarters_card(capsys, dirs, "nanhai")  # trusted to take bundles back
    roles = {s["name"]: s["role"] for s in run_json(capsys, "--data-dir", dirs / "nanhai", "station", "list")}
    assert roles["佛山市局"] == "hq"
    result = export(capsys, dirs, "nanhai", "n1.bundle")
    assert result["encrypted"] and not (dirs / "n1.bundle").read_bytes().startswith(b"PK")
    assert import_(capsys, dirs, "n1.bundle")["new"] > 0
    # and the bundles of headquarters are still taken at the station
    export(capsys, dirs, "hq", "back.bundle", "--all", "--plain")
    assert run_json(capsys, "--data-dir", dirs / "nanhai", "bundle", "verify", dirs / "back.bundle")["trusted"]


def _rewrite(source: Path, target: Path, change) -> None:
    with zipfile.ZipFile(source) as archive, zipfile.ZipFile(target, "w") as out:
        for info in archive.infolist():
            out.writestr(info, change(info.filename, archive.read(info)))


def test_each_refused_bundle_says_what_to_do(capsys, dirs, english):
    export(capsys, dirs, "shunde", "good.bundle", "--plain")
    raw = (dirs / "good.bundle").read_bytes()
    with zipfile.ZipFile(dirs / "good.bundle") as archive:
        audit = archive.getinfo("audit.json")
    damaged = bytearray(raw)
    damaged[audit.header_offset + 30 + len(audit.filename) + audit.compress_size // 2] ^= 0x01
    (dirs / "damaged.bundle").write_bytes(bytes(damaged))
    assert "copy it again from the station" in refused(capsys, dirs, "damaged.bundle")
    _rewrite(dirs / "good.bundle", dirs / "altered.bundle",
             lambda name, data: data.replace("涉嫌".encode(), "涉及".encode()) if name == "records/cases.json" else data)
    assert "ask the station to export it again" in refused(capsys, dirs, "altered.bundle")
    _rewrite(dirs / "good.bundle", dirs / "forged.bundle",
             lambda name, data: data.replace(b'"scope": "all"', b'"scope": "cases"') if name == "manifest.json"
             else data)
    assert "ask the station to export it again" in refused(capsys, dirs, "forged.bundle")
    # encrypted to another headquarters' card, and one byte of an encrypted bundle flipped
    run_json(capsys, "--data-dir", dirs / "elsewhere", "init")
    run_json(capsys, "--data-dir", dirs / "elsewhere", "station", "export", "-o", dirs / "elsewhere.card")
    run_json(capsys, "--data-dir", dirs / "shunde", "station", "headquarters", dirs / "elsewhere.card")
    export(capsys, dirs, "shunde", "elsewhere.bundle", "--all")
    assert "station headquarters FILE" in refused(capsys, dirs, "elsewhere.bundle")
    # back to its own headquarters: a key set already is replaced only with the fingerprint read out
    hq_fingerprint = json.loads((dirs / "hq.card").read_text(encoding="utf-8"))["fingerprint"]
    run_json(capsys, "--data-dir", dirs / "shunde", "station", "headquarters", dirs / "hq.card",
             "--fingerprint", hq_fingerprint)
    export(capsys, dirs, "shunde", "sealed.bundle", "--all")
    sealed = bytearray((dirs / "sealed.bundle").read_bytes())
    sealed[len(sealed) // 2] ^= 0x01
    (dirs / "sealed.bundle").write_bytes(bytes(sealed))
    # nothing read of an encrypted file says who made it: the sender is asked, whoever that is
    assert "copy it again, or ask the sender to export it again" in refused(capsys, dirs, "sealed.bundle")


def _station_totals(data_dir: Path, code: str) -> tuple[int, int, int, int]:
    """(cases, infringing records, fines, confiscated) of the station's own agency, read straight from its file."""
    db = open_db(data_dir)
    row = db.execute("SELECT COUNT(*), SUM(records_trace + records_sensitive + records_other), SUM(fine_fen), "
                     "SUM(confiscated_fen) FROM cases c JOIN agencies a ON a.id = c.agency_id WHERE a.code = ?",
                     [code]).fetchone()
    db.conn.close()
    return tuple(row)


def test_headquarters_figures_and_report_files_equal_the_stations_after_repeated_imports(capsys, dirs):
    from openpyxl import load_workbook

    for station in STATIONS:
        decided(dirs / station, STATIONS[station][2])
        export(capsys, dirs, station, f"{station}-1.bundle")
    edit_case(dirs / "nanhai", STATIONS["nanhai"][2], fine_fen=123_456, records_other=321)
    export(capsys, dirs, "nanhai", "nanhai-2.bundle")
    for name in ("shunde-1", "nanhai-1", "nanhai-2", "nanhai-1", "shunde-1", "nanhai-2"):
        import_(capsys, dirs, f"{name}.bundle")
    totals = [_station_totals(dirs / station, code) for station, (code, *_rest) in STATIONS.items()]
    cases, records, fines, confiscated = (sum(column) for column in zip(*totals, strict=True))
    assert (cases, records, fines) == (2, 621, 623_456)
    stats = run_json(capsys, "--data-dir", dirs / "hq", "stats")
    assert (stats["cases"]["total"], stats["infringing_records"], stats["fines_fen"], stats["confiscated_fen"]) == \
        (cases, records, fines, confiscated)
    assert stats["cases"]["by_district"] == {"南海区": 1, "顺德区": 1}
    run_json(capsys, "--data-dir", dirs / "hq", "stats", "export", "-o", dirs / "stats.csv")
    rows = list(csv.reader((dirs / "stats.csv").read_text(encoding="utf-8-sig").splitlines()))
    overview = {row[2]: row[3] for row in rows if len(row) == 4 and row[0] == "概况"}  # after the heading lines
    assert overview["案件总数（件）"] == "2" and overview["罚款（元）"] == "6234.56"
    run_json(capsys, "--data-dir", dirs / "hq", "report", "campaign", "--format", "xlsx", "-o", dirs / "report.xlsx")
    book = load_workbook(dirs / "report.xlsx")
    figures = {row[0]: row[1] for row in book["概况"].iter_rows(min_row=2, values_only=True)}
    assert figures["案件总数（件）"] == 2 and figures["罚款（元）"] == pytest.approx(6234.56)
    assert figures["涉案侵权信息（条）"] == 621


HOTLINE = ("投诉编号,投诉时间,联系电话,投诉内容\n"
           "W1,2026-03-02 10:00:00,13900139001,13800138000呼死你式来电，一天几十个\n"
           "W2,2026-03-03 11:00:00,13900139002,138-0013-8000又是呼死你式来电\n")


def _screen(capsys, data_dir: Path, *, without_keyword: str | None = None) -> dict:
    from workstation.screening.rules import save_rules, shipped_rules_path

    if without_keyword:
        save_rules(data_dir, shipped_rules_path().read_text(encoding="utf-8").replace(f'"{without_keyword}",', ""))
    return run_json(capsys, "--data-dir", data_dir, "leads", "screen")


def _complaints_and_leads(data_dir: Path) -> tuple[list, int]:
    db = open_db(data_dir)
    complaints = db.execute("SELECT external_id, lead_id IS NOT NULL FROM complaints ORDER BY external_id").fetchall()
    leads = db.execute("SELECT COUNT(*) FROM leads WHERE group_key != ''").fetchone()[0]
    db.conn.close()
    return complaints, leads


def test_two_stations_screening_the_same_hotline_export_give_one_lead_at_headquarters(capsys, dirs):
    (dirs / "hotline.csv").write_text(HOTLINE, encoding="utf-8")
    for station in STATIONS:
        run_json(capsys, "--data-dir", dirs / station, "complaints", "import", dirs / "hotline.csv", "--profile",
                 "consumer_council")
        assert len(_screen(capsys, dirs / station)["leads"]) == 1
        export(capsys, dirs, station, f"{station}-1.bundle")
    assert import_(capsys, dirs, "nanhai-1.bundle")["linked_leads"] == 0
    merged = import_(capsys, dirs, "shunde-1.bundle")
    assert merged["by_table"]["complaints"] == {"new": 0, "updated": 0, "unchanged": 2, "conflicts": 0}
    assert merged["linked_leads"] == 1
    # each station's lead is kept (it is that station's record), the work orders once, the lead counted once
    assert _complaints_and_leads(dirs / "hq") == ([("W1", 1), ("W2", 1)], 2)
    station = run_json(capsys, "--data-dir", dirs / "shunde", "stats")
    hq = run_json(capsys, "--data-dir", dirs / "hq", "stats")
    assert hq["leads"] == station["leads"] and hq["leads"]["total"] == 1
    assert hq["complaints"] == station["complaints"] == {"imported": 2, "related": 2, "in_leads": 2}
    from workstation.stats import bureau_table

    db = open_db(dirs / "hq")
    assert [row["leads"] for row in bureau_table(db) if row["kind"] == "total"] == [1]
    db.conn.close()
    # Nanhai screens its lead away: Shunde's lead is then the only one grouping the work orders, and counts
    _screen(capsys, dirs / "nanhai", without_keyword="呼死你")
    export(capsys, dirs, "nanhai", "nanhai-2.bundle")
    import_(capsys, dirs, "nanhai-2.bundle")
    assert _complaints_and_leads(dirs / "hq") == ([("W1", 0), ("W2", 0)], 1)
    assert run_json(capsys, "--data-dir", dirs / "hq", "stats")["leads"]["total"] == 1


def test_a_lost_incremental_bundle_is_refused_with_the_way_to_send_everything_again(capsys, dirs, english):
    shunde_case = STATIONS["shunde"][2]
    export(capsys, dirs, "shunde", "s1.bundle")
    import_(capsys, dirs, "s1.bundle")
    edit_case(dirs / "shunde", shunde_case, fine_fen=600_000)
    export(capsys, dirs, "shunde", "lost.bundle")
    (dirs / "lost.bundle").unlink()
    edit_case(dirs / "shunde", shunde_case, records_other=480)
    export(capsys, dirs, "shunde", "s3.bundle")
    message = refused(capsys, dirs, "s3.bundle")
    assert "顺德区局" in message and "bundle export --all" in message
    # the station sends everything again: headquarters takes it, and has both changes
    assert export(capsys, dirs, "shunde", "everything.bundle", "--all")["scope"] == "all"
    assert import_(capsys, dirs, "everything.bundle")["conflicts"] == 0
    assert case_figures(dirs / "hq", shunde_case) == case_figures(dirs / "shunde", shunde_case)
    assert case_figures(dirs / "hq", shunde_case)[:2] == (600_000, 480)


def test_a_linked_pair_counts_once_with_the_assignment_and_decision_of_the_lead_that_got_further(capsys, dirs):
    from openpyxl import load_workbook

    from workstation.leads_workflow import assign_lead, decide_lead
    from workstation.stats import bureau_table
    from workstation.store import agency_id_for_code

    (dirs / "hotline.csv").write_text(HOTLINE, encoding="utf-8")
    for station in STATIONS:
        run_json(capsys, "--data-dir", dirs / station, "complaints", "import", dirs / "hotline.csv", "--profile",
                 "consumer_council")
        _screen(capsys, dirs / station)
    # Shunde assigns (交办) its lead to 禅城区局 and it is decided; Nanhai's lead, holding the work orders at
    # headquarters (imported first), stays registered. (Screened at Shunde, the lead was received by 顺德区局: assigning
    # it to 顺德区局 itself is refused, its T1 would start again.)
    db = open_db(dirs / "shunde")
    (lead_id,) = db.execute("SELECT id FROM leads WHERE group_key != ''").fetchone()
    # (a district station assigns only below it, test_s73_jurisdiction: the city bureau assigning, as the demo's
    # loader gives it — the lead came to it)
    assign_lead(db, lead_id, agency_id_for_code("440604"), received_by=agency_id_for_code("440600"))
    decide_lead(db, lead_id, "not_file", reason="未发现违法行为")
    db.conn.close()
    for station in ("nanhai", "shunde"):
        export(capsys, dirs, station, f"{station}-1.bundle")
        import_(capsys, dirs, f"{station}-1.bundle")
    station = run_json(capsys, "--data-dir", dirs / "shunde", "stats")["leads"]
    hq = run_json(capsys, "--data-dir", dirs / "hq", "stats")["leads"]
    assert hq == station
    assert (hq["total"], hq["assigned"], hq["decided"], hq["in_time"], hq["by_status"]) == (1, 1, 1, 1,
                                                                                            {"not_filed": 1})
    db = open_db(dirs / "hq")
    rows = {row["code"]: (row["leads"], row["leads_decided"]) for row in bureau_table(db) if row["kind"] == "agency"}
    audited = db.execute("SELECT COUNT(*) FROM audit WHERE action = 'link_leads'").fetchone()[0]
    db.conn.close()
    assert rows["440604"] == (1, 1) and rows["440605"] == (0, 0)  # Nanhai: its case, not the lead
    assert audited == 1
    run_json(capsys, "--data-dir", dirs / "hq", "report", "campaign", "--format", "xlsx", "-o", dirs / "report.xlsx")
    figures = {row[0]: row[1] for row in load_workbook(dirs / "report.xlsx")["概况"].iter_rows(min_row=2,
                                                                                             values_only=True)}
    assert (figures["受理线索（条）"], figures["交办线索（条）"], figures["办结线索（条）"]) == (1, 1, 1)


@pytest.mark.parametrize("nanhai_assigns", [True, False], ids=["assigned-in-nanhai", "registered-in-nanhai"])
def test_the_work_orders_of_a_linked_pair_count_in_the_district_whose_lead_counts(capsys, dirs, nanhai_assigns):
    from workstation.leads_workflow import assign_lead, decide_lead
    from workstation.store import agency_id_for_code

    # the work orders name Nanhai, so screening places them there; Nanhai's lead holds them at headquarters
    (dirs / "hotline.csv").write_text(HOTLINE.replace("呼死你", "南海区桂城呼死你"), encoding="utf-8")
    for station, code in (("nanhai", "440605011"), ("shunde", "440606005")):
        run_json(capsys, "--data-dir", dirs / station, "complaints", "import", dirs / "hotline.csv", "--profile",
                 "consumer_council")
        _screen(capsys, dirs / station)
        db = open_db(dirs / station)
        (lead_id,) = db.execute("SELECT id FROM leads WHERE group_key != ''").fetchone()
        if station == "shunde" or nanhai_assigns:  # handed to an office of the bureau that received it
            assign_lead(db, lead_id, agency_id_for_code(code))
        if station == "shunde":  # Shunde's lead gets further: it is the one the pair counts as
            decide_lead(db, lead_id, "not_file", reason="未发现违法行为")
        db.conn.close()
    for station in ("nanhai", "shunde"):
        export(capsys, dirs, station, f"{station}-1.bundle")
        import_(capsys, dirs, f"{station}-1.bundle")

    def figures(at, *agency):
        stats = run_json(capsys, "--data-dir", dirs / at, "stats", *agency)
        return stats["leads"]["total"], stats["complaints"]["imported"]

    assert figures("hq", "--agency", "440606") == figures("shunde", "--agency", "440606") == (1, 2)
    assert figures("hq", "--agency", "440605") == (0, 0)
    assert figures("hq") == (1, 2)


def test_merged_complaints_are_found_by_a_number_written_with_dashes_as_at_the_station(capsys, dirs):
    """W2 writes the number 138-0013-8000: the search finds it by 13800138000 at the station (its index of numbers
    written otherwise), and at headquarters once merged — the merge indexes what it adds as an import does."""
    from workstation.store.complaints import count_complaints

    (dirs / "hotline.csv").write_text(HOTLINE, encoding="utf-8")
    run_json(capsys, "--data-dir", dirs / "nanhai", "complaints", "import", dirs / "hotline.csv", "--profile",
             "consumer_council")
    export(capsys, dirs, "nanhai", "nanhai-1.bundle")
    import_(capsys, dirs, "nanhai-1.bundle")
    found = {}
    for place in ("nanhai", "hq"):
        db = open_db(dirs / place)
        found[place] = count_complaints(db, "13800138000")
        db.conn.close()
    assert found == {"nanhai": 2, "hq": 2}


def test_a_bundle_of_one_case_does_not_hide_a_lost_bundle_after_it(capsys, dirs, english):
    """The bundle audit's loss: n1 (--case) and n2 (the changes since the last export, lost on the way) carry the
    same stretch of the station's log; had headquarters taken n1's as received, n3 would continue it and n2's
    changes would never be asked for. n3 is refused naming n2, and once n2 arrives both merge."""
    number = STATIONS["nanhai"][2]
    export(capsys, dirs, "nanhai", "n0.bundle")
    import_(capsys, dirs, "n0.bundle")
    edit_case(dirs / "nanhai", number, facts="经查，当事人发送商业性短信。")
    export(capsys, dirs, "nanhai", "n1.bundle", "--case", number)
    export(capsys, dirs, "nanhai", "n2.bundle")  # lost
    edit_case(dirs / "nanhai", number, cause="涉嫌非法提供个人信息案")
    export(capsys, dirs, "nanhai", "n3.bundle")
    assert import_(capsys, dirs, "n1.bundle")["updated"] == 1
    code, _out, err = run(capsys, "--data-dir", dirs / "hq", "bundle", "import", dirs / "n3.bundle")
    assert code == 1 and err.startswith("Error: n3.bundle does not continue the last bundle imported from station")
    import_(capsys, dirs, "n2.bundle")
    import_(capsys, dirs, "n3.bundle")
    db = open_db(dirs / "hq")
    assert db.execute("SELECT cause FROM cases WHERE case_number = ?", [number]).fetchone()[0] == "涉嫌非法提供个人信息案"
    db.conn.close()
