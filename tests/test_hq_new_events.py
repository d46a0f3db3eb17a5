"""Headquarters' side of what stations record since the law was walked further: the outcome of a reconsideration or
lawsuit (with the body's number), a case taken back to its decision (redecide), one party of two giving up its
hearing, a transfer to the police after the decision, a decision on the spot with the fine collected and handed over.
A station's bundle brings them once (imported again, nothing changes), headquarters' clocks of those cases and its
figures equal the station's, and the figures count what stands: a decision revoked (撤销) counts no fine, a case
transferred after its decision counts as transferred with its fine as decided."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest

from tests.helpers import figures, hearing_notice, open_db, register_evidence, run_json, send_bundle
from workstation import procedure
from workstation.documents.drafts import find_form
from workstation.documents.issuing import issue_document
from workstation.records import Case, ClockEvent, Party
from workstation.stats import campaign_stats
from workstation.store import agency_id_for_code, create_case, get_case, save_party
from workstation.store.cases import update_case
from workstation.store.clock_events import record_clock_event

REVOKED = "佛南市监立〔2026〕7号"  # 已履行, fined ¥2,000 (the amount it records)
REDONE = "佛禅市监立〔2026〕6号"  # 已送达
TRANSFERRED = "佛顺市监立〔2026〕7号"  # 已履行, fined ¥5,000
UPHELD = "佛南市监立〔2026〕8号"  # 已送达
FACTS = "经查，当事人未经消费者同意向其发送商业性短信，其员工向他人出售客户名单。"
PLACE = "佛山市南海区桂城街道南海大道北281号"


def _cli_steps(capsys, station: Path) -> None:
    def step(case, action, *options):
        run_json(capsys, "--data-dir", station, "cases", "transition", case, action, *options)

    step(REVOKED, "litigation", "--date", "2026-11-01")
    step(REVOKED, "challenge_revoked", "--date", "2026-11-20", "--number", "（2026）粤0605行初12号")
    step(REDONE, "reconsideration", "--date", "2026-11-15")
    step(REDONE, "challenge_redo", "--date", "2026-11-25", "--number", "佛府行复〔2026〕3号")
    step(REDONE, "redecide", "--date", "2026-11-26", "--reason", "复议决定撤销并责令重新作出")
    step(TRANSFERRED, "transfer_to_police", "--date", "2026-11-20", "--reason", "涉嫌侵犯公民个人信息罪")
    step(UPHELD, "reconsideration", "--date", "2026-11-20")
    step(UPHELD, "challenge_upheld", "--date", "2026-11-28", "--number", "佛府行复〔2026〕9号")


def _store_steps(station: Path) -> tuple[str, str]:
    """A case of two parties at its hearing, the company having withdrawn its request (the case stays at 听证 for the
    employee's), and one decided on the spot with its ¥100 fine collected: (their ids)."""
    from workstation.agency_details import set_agency_details

    db = open_db(station)
    try:
        agency = agency_id_for_code("440605")
        set_agency_details(db, agency, {"contact_phone": "0757-86280000", "contact_address": "佛山市禅城区岭南大道北99号"})
        officers = [row[0] for row in db.execute("SELECT id FROM officers WHERE agency_id = ? AND cert_no != '' "
                                                 "ORDER BY name LIMIT 2", [agency])]
        company = save_party(db, Party(name="佛山市南海区誉嘉房地产代理有限公司", uscc="91512081MA62K0260E",
                                       address="佛山市南海区桂城街道南海大道1号", legal_rep="梁嘉豪"))
        employee = save_party(db, Party(name="朱子轩", kind="person", id_number="11010519491231002X",
                                        address="佛山市禅城区祖庙路3号"))
        heard = create_case(db, Case(case_number="", cause="涉嫌未经消费者同意发送商业性信息案", sector="real_estate",
                                     agency_id=agency, status="pre_notice", party_ids=[company.id, employee.id],
                                     officer_ids=officers, filed_on="2026-02-27", notice_served_on="2026-03-02",
                                     facts=FACTS))
        register_evidence(db, station, heard)
        for party, fine in ((company.id, "150000"), (employee.id, "50000")):
            issue_document(db, station, get_case(db, heard.id), find_form("pre_penalty_notice"),
                           {"facts": FACTS, "issued_on": "2026-03-02", "warning": True, "fine_fen": fine,
                            "hearing_required": True}, party_id=party)
        procedure.apply(db, heard.id, "request_hearing", on_date="2026-03-03", party_id=company.id)
        procedure.apply(db, heard.id, "request_hearing", on_date="2026-03-04", party_id=employee.id)
        hearing_notice(db, station, heard, employee.id, issued_on="2026-03-04", hearing_date="2026-03-13")
        assert procedure.apply(db, heard.id, "withdraw_hearing", on_date="2026-03-05", reason="书面撤回",
                               party_id=company.id).status == "hearing"
        shop = save_party(db, Party(name="佛山市南海区某某商行", uscc="91440605MA4UJ8TK17"))
        spot = create_case(db, Case(case_number="", cause="涉嫌未经消费者同意发送商业性信息案", sector="other",
                                    agency_id=agency, status="pending_filing", party_ids=[shop.id],
                                    officer_ids=officers))
        issue_document(db, station, spot, find_form("on_the_spot_decision"), {
            "serial_no": "No.0012345", "fine_fen": "100", "decided_at": "2026-03-10 09:30", "party_address": PLACE,
            "place": PLACE, "facts": "经查，当事人于2026年3月10日在门店向消费者发送商业性短信，未经消费者同意。",
            "collected_on_the_spot": True, "collection_ground": "依法给予一百元以下罚款", "receipt_no": "粤财0012345"})
        assert procedure.apply(db, spot.id, "decide_on_the_spot").status == "performed"
        return heard.id, spot.id
    finally:
        db.conn.close()


def _events(data_dir: Path, case_ids: list[str]) -> dict[str, list[tuple]]:
    marks = ", ".join("?" * len(case_ids))
    db = open_db(data_dir)
    try:
        return {table: sorted(map(tuple, db.execute(f"SELECT {columns} FROM {table} WHERE case_id IN ({marks})",
                                                     case_ids).fetchall()))
                for table, columns in (("clock_events", "id, kind, starts_on, ends_on, approved_by, clock, party_id"),
                                       ("case_events", "id, kind, from_status, to_status, on_date, party_id, "
                                                       "details"))}
    finally:
        db.conn.close()


def _case_ids(data_dir: Path, numbers: tuple[str, ...]) -> list[str]:
    db = open_db(data_dir)
    try:
        return [db.execute("SELECT id FROM cases WHERE case_number = ?", [n]).fetchone()[0] for n in numbers]
    finally:
        db.conn.close()


def test_headquarters_takes_the_new_steps_once_with_the_station_s_clocks_and_figures(capsys, station_and_hq_dirs):
    dirs = station_and_hq_dirs
    station, hq = dirs / "station", dirs / "hq"
    before = figures(capsys, station)
    _cli_steps(capsys, station)
    heard, spot = _store_steps(station)
    run_json(capsys, "--data-dir", station, "cases", "transition", spot, "hand_over_fine", "--date", "2026-03-11")
    cases = [*_case_ids(station, (REVOKED, REDONE, TRANSFERRED, UPHELD)), heard, spot]

    first = send_bundle(capsys, dirs, "b1.bundle")
    assert first["conflicts"] == 0
    again = run_json(capsys, "--data-dir", hq, "bundle", "import", dirs / "b1.bundle")
    assert (again["new"], again["updated"], again["conflicts"]) == (0, 0, 0)
    events = _events(station, cases)
    assert _events(hq, cases) == events
    kinds = {row[1] for row in events["clock_events"]}
    assert {"challenge_revoked", "challenge_redo", "challenge_upheld", "fine_handed_over"} <= kinds
    steps = {(row[2], row[3]) for row in events["case_events"] if row[1] == "transition"}
    assert {("served", "decision_pending"), ("performed", "transferred_police"), ("hearing", "hearing")} <= steps
    for case in cases:
        clocks = [run_json(capsys, "--data-dir", side, "clocks", "--case", case, "--as-of", "2026-12-03")
                  for side in (station, hq)]
        assert clocks[0] and clocks[0] == clocks[1], case

    after = figures(capsys, hq)
    assert after == figures(capsys, station)
    # the revoked decision's ¥2,000 no longer counts; the fine collected on the spot does, and the case transferred
    # after its decision counts as transferred with its ¥5,000 still decided
    assert after["fines_fen"] == before["fines_fen"] - 200_000 + 10_000
    assert after["cases"]["transferred_to_police"] == before["cases"]["transferred_to_police"] + 1
    assert (after["cases"]["simple_procedure"], after["cases"]["simple_fines_fen"]) == (
        before["cases"]["simple_procedure"] + 1, before["cases"]["simple_fines_fen"] + 10_000)
    assert after["cases"]["total"] == before["cases"]["total"] + 2


# ---- the figures count the decisions that stand ------------------------------------------------------------------

def _decision(db, case, number: str, party_id: str, fine_fen: int) -> None:
    """A 行政处罚决定书 of ``party_id`` imposing ``fine_fen``, issued in the workstation."""
    db.execute("INSERT OR IGNORE INTO files (sha256, size, media_type, created_at) VALUES ('x', 1, 'application/pdf', "
               "'')")
    db.execute("INSERT INTO documents (id, case_id, form_id, form_version, title, status, number, values_json, "
               "pdf_sha256, pages, issued_at, issued_by, void_reason) VALUES (?, ?, 'penalty_decision', 1, "
               "'行政处罚决定书', 'issued', ?, ?, 'x', 1, '2026-06-01T10:00:00+08:00', '', '')",
               [number, case.id, number, json.dumps({"fine_fen": fine_fen, "party_id": party_id})])


@pytest.fixture
def two_decisions(db, make_case):
    """A case served on 2026-06-01 with a decision for the company (¥50,000) and one for its employee (¥5,000)."""
    from tests.test_party_case10 import with_employee

    case, company, employee = with_employee(db, make_case(fine_fen=5_500_000))
    case = update_case(db, replace(get_case(db, case.id), status="served", filed_on="2026-03-10",
                                   notice_served_on="2026-05-01", decided_on="2026-06-01", served_on="2026-06-01"),
                       allow_status_change=True)
    _decision(db, case, "d-company", company, 5_000_000)
    _decision(db, case, "d-employee", employee, 500_000)
    return case, company, employee


def _fines(db) -> int:
    return campaign_stats(db)["fines_fen"]


def test_a_party_s_decision_revoked_on_its_reconsideration_no_longer_counts(db, two_decisions):
    case, _company, employee = two_decisions
    assert _fines(db) == 5_500_000
    record_clock_event(db, ClockEvent(case_id=case.id, kind="reconsideration", starts_on="2026-06-10",
                                      party_id=employee))
    record_clock_event(db, ClockEvent(case_id=case.id, kind="challenge_upheld", starts_on="2026-07-01",
                                      party_id=employee, approved_by="佛府行复〔2026〕1号"))
    assert _fines(db) == 5_500_000  # upheld: it stands
    record_clock_event(db, ClockEvent(case_id=case.id, kind="litigation", starts_on="2026-07-10", party_id=employee))
    record_clock_event(db, ClockEvent(case_id=case.id, kind="challenge_revoked", starts_on="2026-09-01",
                                      party_id=employee, approved_by="（2026）粤0605行初3号"))
    assert _fines(db) == 5_000_000  # the company's alone
    assert campaign_stats(db)["cases"]["total"] == 1  # the case is still one handled


def test_a_decision_revoked_with_a_new_one_ordered_counts_again_once_the_new_one_is_made(db, make_case):
    case = make_case(status="served", filed_on="2026-03-10", notice_served_on="2026-05-01", decided_on="2026-06-01",
                     served_on="2026-06-01", fine_fen=2_000_000)  # decided outside: the amount it records counts
    assert _fines(db) == 2_000_000
    record_clock_event(db, ClockEvent(case_id=case.id, kind="reconsideration", starts_on="2026-06-10"))
    record_clock_event(db, ClockEvent(case_id=case.id, kind="challenge_redo", starts_on="2026-08-03",
                                      approved_by="佛府行复〔2026〕12号"))
    assert _fines(db) == 0
    procedure.apply(db, case.id, "redecide", on_date="2026-08-04", reason="复议决定撤销并责令重新作出")
    assert _fines(db) == 0
    # the new decision, recorded on the case as a register would record it
    update_case(db, replace(get_case(db, case.id), status="penalty_decided", decided_on="2026-09-01", served_on=None,
                            fine_fen=1_500_000), allow_status_change=True)
    assert _fines(db) == 1_500_000
