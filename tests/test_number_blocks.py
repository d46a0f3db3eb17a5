"""Number blocks (号段, m024): a station holding blocks of a 文号 sequence issues inside them only and is refused,
with nothing written, once they are used up; a station without blocks skips the serials of the blocks other
stations hold; headquarters allocates blocks (a station enters the one it was given), refusing bad ones."""

from __future__ import annotations

import base64
import datetime as dt
import json

import pytest

from tests.helpers import beijing_today, beijing_year, decided_today, open_db, run, run_json
from workstation.documents.drafts import find_form
from workstation.documents.interview_documents import check_interview_issue
from workstation.documents.issuing import check_issue, issue_document
from workstation.documents.number_blocks import add_block, list_blocks
from workstation.documents.numbering import next_number
from workstation.errors import WorkstationError
from workstation.station import ensure_station, trust_station
from workstation.store import find_case

CASE = "佛南市监立〔2026〕1号"
# a 文号 is numbered in the year of the date its document bears: the demo case's 行政处罚决定书 is issued dated today
# (``decided_today``; its own 决定日期 is of 2026), the lead's and the interview's documents on the day they are
# issued — numbered in this year (a block of a year before last can no longer be entered)
YEAR = beijing_year()


def _other_station(db, station_id="laptop-2", name="桂城所笔记本"):
    key = base64.b64encode(bytes(32)).decode("ascii")
    return trust_station(db, {"id": station_id, "name": name, "agency_code": "", "sign_key": key, "box_key": key,
                              "fingerprint": "0000 0000 0000 0000 0000"})


def _block(db, first, last, station_id, type_code="处", agency_code="440605", year=YEAR):
    return add_block(db, agency_code=agency_code, type_code=type_code, year=year, first=first, last=last,
                     station_id=station_id)


def _written(db):
    return {t: db.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0]
            for t in ("documents", "doc_numbers", "audit", "files")}


@pytest.fixture
def case(demo_db):
    return find_case(demo_db, CASE)


def _in_force(db, case) -> str | None:
    """The id of the case's latest 行政处罚决定书: each further one corrects it, as the party has one in force."""
    row = db.execute("SELECT id FROM documents WHERE case_id = ? AND form_id = 'penalty_decision' ORDER BY issued_at "
                     "DESC, rowid DESC LIMIT 1", [case.id]).fetchone()
    return row[0] if row else None


def _issue(db, data_dir, case):
    return issue_document(db, data_dir, case, find_form("penalty_decision"), decided_today(),
                          supersedes=_in_force(db, case)).number


def test_a_station_issues_inside_its_block_and_is_refused_when_it_is_used_up(demo_db, data_dir, case, english):
    own = ensure_station(demo_db, data_dir)
    _block(demo_db, 5, 6, own.id)
    _block(demo_db, 1, 3, _other_station(demo_db).id)
    assert [_issue(demo_db, data_dir, case) for _ in range(2)] == [f"佛南市监处〔{YEAR}〕5号", f"佛南市监处〔{YEAR}〕6号"]
    before = _written(demo_db)
    message = (f"The number blocks of this station for 佛南市监处〔{YEAR}〕 are used up (the last is 5–6): ask "
               "headquarters for a new block and enter it (on the Exchange page's Number blocks tab, “Add number block…”, "
               "or `numbers add-block`).")
    with pytest.raises(WorkstationError) as refused:
        check_issue(demo_db, case, find_form("penalty_decision"), decided_today(), supersedes=_in_force(demo_db, case))
    assert refused.value.message == message
    with pytest.raises(WorkstationError, match="are used up"):
        issue_document(demo_db, data_dir, case, find_form("penalty_decision"), decided_today(),
                       supersedes=_in_force(demo_db, case))
    assert _written(demo_db) == before
    # another sequence of the same bureau has no block: numbered as always
    assert next_number(demo_db, case.agency_id, "告", YEAR) == f"佛南市监告〔{YEAR}〕1号"


def test_a_new_block_continues_and_the_lowest_free_serial_of_the_blocks_is_taken(demo_db, data_dir, case):
    own = ensure_station(demo_db, data_dir)
    _block(demo_db, 20, 21, own.id)
    _block(demo_db, 10, 11, own.id)
    numbers = [_issue(demo_db, data_dir, case) for _ in range(4)]
    assert numbers == [f"佛南市监处〔{YEAR}〕{n}号" for n in (10, 11, 20, 21)]


def test_a_station_without_blocks_skips_the_serials_of_other_stations_blocks(demo_db, data_dir, case):
    ensure_station(demo_db, data_dir)
    laptop = _other_station(demo_db)
    desk = _other_station(demo_db, "desk", "南海分局窗口")
    _block(demo_db, 1, 3, laptop.id)
    _block(demo_db, 5, 6, desk.id)
    _block(demo_db, 7, 9, laptop.id)
    assert [_issue(demo_db, data_dir, case) for _ in range(2)] == [f"佛南市监处〔{YEAR}〕4号", f"佛南市监处〔{YEAR}〕10号"]
    assert [(b["from"], b["to"], b["station_name"], b["issued"], b["own"]) for b in list_blocks(demo_db)] == [
        (1, 3, "桂城所笔记本", 0, False), (5, 6, "南海分局窗口", 0, False), (7, 9, "桂城所笔记本", 0, False)]


def test_an_interview_document_is_refused_when_the_block_is_used_up(demo_db, data_dir, english):
    from workstation.store import list_interviews

    interview = list_interviews(demo_db)[0]
    form = find_form("interview_notice")
    code = demo_db.execute("SELECT code FROM agencies WHERE id = ?", [interview.agency_id]).fetchone()[0]
    _block(demo_db, 1, 1, ensure_station(demo_db, data_dir).id, type_code=form.type_code, agency_code=code)
    demo_db.execute("INSERT INTO doc_numbers (id, agency_id, type_code, year, serial, number, status, issued_at) "
                    "SELECT 'n1', b.agency_id, b.type_code, b.year, 1, 'x', 'issued', 'now' FROM number_blocks b")
    with pytest.raises(WorkstationError, match="are used up"):
        check_interview_issue(demo_db, interview, form)


# ---- the command line

@pytest.fixture
def hq(cli_station, tmp_path, capsys):
    target = cli_station(tmp_path / "hq", ["init", "--agency", "440605"], ["demo", "--without-complaints"])
    run_json(capsys, "--data-dir", target, "station", "role", "headquarters")
    return target


def _count(data_dir):
    db = open_db(data_dir)
    try:
        return (db.execute("SELECT COUNT(*) FROM number_blocks").fetchone()[0],
                db.execute("SELECT COUNT(*) FROM audit").fetchone()[0])
    finally:
        db.conn.close()


def _allocate(hq, first, last, *, station, agency="440605", type_code="处", year=YEAR):
    return ["--data-dir", hq, "numbers", "allocate", "--agency", agency, "--type", type_code, "--year", year,
            "--from", first, "--to", last, "--station", station]


def test_headquarters_allocates_a_block_and_lists_it(hq, capsys):
    station = run_json(capsys, "--data-dir", hq, "station", "show")["id"]
    stored = run_json(capsys, *_allocate(hq, 101, 200, station=station), "--note", "第二批")
    assert (stored["sequence"], stored["from"], stored["to"], stored["station"], stored["note"], stored["own"]) == (
        f"佛南市监处〔{YEAR}〕", 101, 200, station, "第二批", True)
    assert run_json(capsys, "--data-dir", hq, "numbers", "blocks") == [stored]
    assert run_json(capsys, "--data-dir", hq, "audit", "verify")["valid"]
    db = open_db(hq)
    try:
        assert db.execute("SELECT action, entity, entity_id FROM audit ORDER BY seq DESC LIMIT 1").fetchone() == (
            "allocate", "number_block", stored["id"])
    finally:
        db.conn.close()


@pytest.mark.parametrize(("change", "message"), [
    ({"first": 150, "last": 160}, f"佛南市监处〔{YEAR}〕150–160 overlaps the block 101–200 of station "),
    ({"first": 9, "last": 5}, "--to: The block ends at 5, before it starts (9): give --to at least --from."),
    ({"first": 0, "last": 5}, "--from: A block starts at serial 1 or above."),
    ({"agency": "999999"}, "--agency: No agency with code 999999; `init --help` lists the codes."),
    ({"type_code": "罚罚"}, "--type: No document type uses the code 罚罚; use one of: "),
    ({"station": "nowhere"}, "--station: No station “nowhere” is known here; `station list` shows the stations."),
    ({"first": 1, "last": 10}, f"佛南市监处〔{YEAR}〕1号 is already issued: a block holds only serials not yet issued."),
    ({"first": 3, "last": 5}, f"佛南市监处〔{YEAR}〕 has been issued up to 7号 outside any block: a new block starts "
                              "above it, at 8 or more."),
])
def test_a_bad_block_is_refused_with_one_line_and_nothing_stored(hq, tmp_path, capsys, english, change, message):
    today = ("--values", decided_today(tmp_path))
    first = run_json(capsys, "--data-dir", hq, "docs", "issue", CASE, "--form", "penalty_decision", *today, "-o",
                     tmp_path / "1.pdf")["number"]
    run_json(capsys, "--data-dir", hq, "docs", "issue", CASE, "--form", "penalty_decision", *today, "-o",
             tmp_path / "2.pdf", "--supersedes", first)  # its correction: the party has one decision in force
    db = open_db(hq)
    try:  # a number another station issued without a block, merged from its bundle
        with db.atomic():
            db.execute("INSERT INTO doc_numbers (id, agency_id, type_code, year, serial, number, status, issued_at) "
                       "SELECT 'merged', id, '处', ?, 7, ?, 'issued', '2026-11-30' FROM agencies WHERE code = '440605'",
                       [YEAR, f"佛南市监处〔{YEAR}〕7号"])
    finally:
        db.conn.close()
    station = run_json(capsys, "--data-dir", hq, "station", "show")["id"]
    run_json(capsys, *_allocate(hq, 101, 200, station=station))
    before = _count(hq)
    arguments = {"first": 201, "last": 300, "station": station, **change}
    code, out, err = run(capsys, *_allocate(hq, arguments.pop("first"), arguments.pop("last"), **arguments))
    assert (code, out) == (1, "")
    assert err.startswith("Error: " + message) and err.count("\n") == 1
    assert _count(hq) == before


def test_only_headquarters_allocates_and_a_station_enters_its_block(cli_station, tmp_path, capsys, english):
    laptop = cli_station(tmp_path / "laptop", ["init", "--agency", "440605"], ["demo", "--without-complaints"])
    own = run_json(capsys, "--data-dir", laptop, "station", "show")["id"]
    code, _out, err = run(capsys, *_allocate(laptop, 1, 5, station=own))
    assert code == 1 and "Only headquarters allocates number blocks" in err
    stored = run_json(capsys, "--data-dir", laptop, "numbers", "add-block", "--agency", "440605", "--type", "处",
                      "--year", YEAR, "--from", 31, "--to", 31)
    assert (stored["station"], stored["own"]) == (own, True)
    out, today = tmp_path / "决定书.pdf", ("--values", decided_today(tmp_path))
    assert run_json(capsys, "--data-dir", laptop, "docs", "issue", CASE, "--form", "penalty_decision", *today, "-o",
                    out)["number"] == f"佛南市监处〔{YEAR}〕31号"
    out.unlink()
    code, stdout, err = run(capsys, "--data-dir", laptop, "docs", "issue", CASE, "--form", "penalty_decision", *today,
                            "-o", out, "--supersedes", f"佛南市监处〔{YEAR}〕31号")  # a correction: one in force
    assert (code, stdout) == (1, "") and "are used up (the last is 31–31)" in err and err.count("\n") == 1
    assert not out.exists()
    blocks = json.loads(run(capsys, "--data-dir", laptop, "numbers", "blocks", "--json")[1])
    assert [(b["from"], b["to"], b["issued"]) for b in blocks] == [(31, 31, 1)]


def test_a_lead_document_is_refused_by_the_check_before_the_officer_confirms(demo_db, data_dir, english):
    # the check that runs before "签发？" refuses as issuing would (it used to pass, and issuing refuse afterwards)
    from workstation.leads_workflow import assign_lead, check_lead_issue
    from workstation.store import agency_by_code

    lead = "bb7f2ea6-871d-54c3-a193-b529d98b09cc"  # demo lead, 禅城区
    demo_db.execute("UPDATE leads SET status = 'registered', agency_id = NULL, assigned_on = NULL WHERE id = ?",
                    [lead])
    today = beijing_today()
    assign_lead(demo_db, lead, agency_by_code(demo_db, "440604012").id, on=today.isoformat())  # numbers as 禅城区局
    form = find_form("assignment_notice")
    _block(demo_db, 1, 1, ensure_station(demo_db, data_dir).id, type_code=form.type_code, agency_code="440604")
    demo_db.execute("INSERT INTO doc_numbers (id, agency_id, type_code, year, serial, number, status, issued_at) "
                    "SELECT 'n1', b.agency_id, b.type_code, b.year, 1, 'x', 'issued', 'now' FROM number_blocks b")
    before = _written(demo_db)
    with pytest.raises(WorkstationError, match=r"are used up \(the last is 1–1\)"):
        check_lead_issue(demo_db, lead, form, {"contact_person": "陈志强", "issued_on": today.isoformat(),
                                               "report_by": (today + dt.timedelta(days=14)).isoformat()})
    assert _written(demo_db) == before
