"""The case list sorted by 罚没金额 puts a case whose decision is a warning alone (shown 警告) between the cases showing
no amount (—) and the least amount, ascending, and the reverse descending (m079_warning_penalty_sort: the sort key of
such a case is ``WARNING_KEY``, kept by a trigger on the key through every write that changes the decision — issued,
corrected, voided, revoked, the outcome removed, a step undone, a party's decision of several — and filled for the
cases stored before)."""

from __future__ import annotations

from dataclasses import replace

import pytest

from tests.helpers import open_db
from tests.test_casenum_filing import FACTS
from tests.test_sortmask_penalty_key import assert_sorted_right, key, revoke
from ui.case_model import PENALTY_COLUMN, CaseTableModel
from workstation import procedure
from workstation.documents.drafts import find_form
from workstation.documents.issuing import issue_document, void_document
from workstation.store import CaseFilter, list_cases
from workstation.store.sort_keys import WARNING_KEY, WARNING_KEY_TRIGGER, penalty_sort_sql

ADDRESS = "佛山市南海区桂城街道南海大道北1号"
MIGRATION = "m079_warning_penalty_sort"


def ascending(db) -> list[str]:
    return [row.id for row in list_cases(db, CaseFilter(order_by="penalties_fen"), limit=10_000)]


def shown(qapp, db, case_id: str) -> str:
    model = CaseTableModel(db)
    model.set_filter(CaseFilter())
    return model.index(model.row_of(case_id), PENALTY_COLUMN).data()


def decision(db, data_dir, case, fine: str = "", warning: bool = True, values: dict | None = None, **kwargs):
    from workstation.store import get_case

    return issue_document(db, data_dir, get_case(db, case.id), find_form("penalty_decision"),
                          {"party_address": ADDRESS, "warning": warning, "fine_fen": fine, "confiscated_fen": "",
                           **(values or {})},
                          **kwargs)


@pytest.fixture
def three(db, make_case):
    """A case closed with no amount (—) and one performed at ¥1.00, the least amount."""
    return make_case(status="closed"), make_case(status="performed", fine_fen=100)


def test_a_warning_decided_then_corrected_to_a_fine_then_voided_back_moves_the_case(
        qapp, db, data_dir, make_case, three, english):
    nothing, least = three
    warned = make_case(status="penalty_decided", filed_on="2026-03-02", notice_served_on="2026-03-16",
                       decided_on="2026-04-01", facts=FACTS)
    first = decision(db, data_dir, warned)
    assert shown(qapp, db, warned.id) == "warning" and shown(qapp, db, nothing.id) == "—"
    assert key(db, warned.id) == WARNING_KEY
    assert ascending(db) == [nothing.id, warned.id, least.id]
    assert_sorted_right(db)
    corrected = decision(db, data_dir, warned, fine="2000", supersedes=first.id)  # a corrected decision replaces the one in force
    assert shown(qapp, db, warned.id) == "¥2,000.00" and key(db, warned.id) == 200_000
    assert ascending(db) == [nothing.id, least.id, warned.id]
    void_document(db, corrected.id, "金额有误")  # the correction voided: the warning alone is in force again
    assert shown(qapp, db, warned.id) == "warning" and key(db, warned.id) == WARNING_KEY
    assert ascending(db) == [nothing.id, warned.id, least.id]
    assert_sorted_right(db)


def test_a_warning_revoked_with_a_new_decision_ordered_sorts_with_no_amount_until_the_outcome_is_removed(
        qapp, db, data_dir, make_case, three, english):
    nothing, least = three
    warned = make_case(status="penalty_decided", filed_on="2026-03-02", notice_served_on="2026-03-16",
                       decided_on="2026-04-01", facts=FACTS)
    decision(db, data_dir, warned)
    procedure.apply(db, warned.id, "serve_decision", on_date="2026-04-02")
    revoke(db, warned.id, "challenge_redo")  # 撤销并责令重新作出
    assert shown(qapp, db, warned.id) == "revoked" and key(db, warned.id) == 0
    assert_sorted_right(db)
    db.execute("DELETE FROM clock_events WHERE case_id = ? AND kind = 'challenge_redo'", [warned.id])
    assert shown(qapp, db, warned.id) == "warning" and key(db, warned.id) == WARNING_KEY
    assert ascending(db) == [nothing.id, warned.id, least.id]
    assert_sorted_right(db)


def test_the_decision_step_undone_leaves_the_key_of_the_case_as_it_then_shows(qapp, db, data_dir, make_case, english):
    from workstation.procedure import undo_last_step

    warned = make_case(status="decision_pending", filed_on="2026-03-02", notice_served_on="2026-03-16", facts=FACTS)
    decision(db, data_dir, warned, values={"decided_on": "2026-04-01"})
    procedure.apply(db, warned.id, "decide_penalty", on_date="2026-04-01")
    assert shown(qapp, db, warned.id) == "warning" and key(db, warned.id) == WARNING_KEY
    undo_last_step(db, warned.id, "录错了")
    assert shown(qapp, db, warned.id) != "warning" and key(db, warned.id) != WARNING_KEY
    assert_sorted_right(db)


def test_one_party_s_warning_left_alone_when_the_other_s_fine_is_voided(qapp, db, data_dir, make_case, english):
    from tests.test_multiparty12 import decided_case

    case, _company, _employee, first, _second = decided_case(db, data_dir, make_case, employee_fine="")
    assert key(db, case.id) == 5_000_000
    void_document(db, first.id, "金额有误")  # the company's ¥50,000 voided: the employee's warning alone stands
    assert shown(qapp, db, case.id) == "warning" and key(db, case.id) == WARNING_KEY
    assert_sorted_right(db)


def test_a_database_before_m079_gets_its_warnings_sorted_between(qapp, demo_db, data_dir, english):
    warned = [case_id for (case_id,) in demo_db.execute("SELECT id FROM cases WHERE penalty_sort = ?", [WARNING_KEY])]
    assert warned, "the demo has cases decided with a warning alone"
    with demo_db.atomic():  # as m078 left it: no trigger, a warning alone keyed as no amount
        demo_db.execute(f"DROP TRIGGER {WARNING_KEY_TRIGGER}")
        demo_db.execute("UPDATE cases SET penalty_sort = 0 WHERE penalty_sort = ?", [WARNING_KEY])
        demo_db.execute("DELETE FROM _sqlite_migrations WHERE name = ?", [MIGRATION])
    assert demo_db.execute(f"SELECT COUNT(*) FROM cases WHERE penalty_sort IS NOT {penalty_sort_sql()}"
                           ).fetchone()[0] == len(warned)
    demo_db.conn.close()
    db = open_db(data_dir)
    try:
        assert sorted(case_id for (case_id,) in db.execute("SELECT id FROM cases WHERE penalty_sort = ?",
                                                           [WARNING_KEY])) == sorted(warned)
        assert_sorted_right(db)
        model = CaseTableModel(db)
        for descending in (False, True):
            model.set_filter(CaseFilter(order_by="penalties_fen", descending=descending))
            texts = [model.index(row, PENALTY_COLUMN).data() for row in range(model.rowCount())]
            rank = {"—": 0, "warning": 1}
            ranks = [rank.get(text, 2) for text in texts if text in rank or "¥" in text and "proposed" not in text]
            assert ranks == sorted(ranks, reverse=descending), texts
        # the trigger made: a warning case written again keeps its place
        case_id = warned[0]
        db.execute("UPDATE cases SET decided_on = decided_on WHERE id = ?", [case_id])
        assert key(db, case_id) == WARNING_KEY
    finally:
        db.conn.close()


def test_a_warning_case_merged_at_headquarters_sorts_between(station_and_hq_template, tmp_path, capsys):
    from tests.helpers import send_bundle, trusting_station_and_hq

    dirs = trusting_station_and_hq(station_and_hq_template(issue_document=True), tmp_path, capsys)
    station = open_db(dirs / "station")
    try:
        warned = {r[0] for r in station.execute("SELECT id FROM cases WHERE penalty_sort = ?", [WARNING_KEY])}
    finally:
        station.conn.close()
    send_bundle(capsys, dirs, "first.bundle")
    hq = open_db(dirs / "hq")
    try:
        assert_sorted_right(hq)
        assert {r[0] for r in hq.execute("SELECT id FROM cases WHERE penalty_sort = ?", [WARNING_KEY])} >= warned
    finally:
        hq.conn.close()


def test_an_edit_of_a_warned_case_s_typed_fields_keeps_its_key(db, data_dir, make_case):
    from workstation.store import get_case
    from workstation.store.cases import update_case

    warned = make_case(status="penalty_decided", filed_on="2026-03-02", notice_served_on="2026-03-16",
                       decided_on="2026-04-01", facts=FACTS)
    decision(db, data_dir, warned)
    update_case(db, replace(get_case(db, warned.id), facts=FACTS + "。"))
    assert key(db, warned.id) == WARNING_KEY


# ---- a proposal saying nothing of a warning proposes none; one statement of 警告 for the list and its sort ----------

def test_decided_outside_a_fine_served_without_a_notice_and_changed_to_none_keys_as_no_amount(
        qapp, db, data_dir, make_case, three, english):
    """A notice written outside the workstation: its service keeps the case's amounts (``served_details``), which say
    nothing of a warning. Decided on paper, the fine changed to none on reconsideration: nothing stands — — in the
    list and the key of no amount, not 警告's."""
    from tests.test_changed_to_no_fine import changed_to_nothing
    from workstation.store import get_case

    nothing, least = three
    case = make_case(status="under_review", lead_received_on="2026-03-20", filed_on="2026-03-23",
                     review_on="2026-04-20", facts=FACTS, fine_fen=500_000)
    for name, day in (("send_pre_notice", "2026-04-21"), ("end_statement_period", "2026-04-30"),
                      ("decide_penalty", "2026-05-06"), ("serve_decision", "2026-05-08")):
        procedure.apply(db, case.id, name, on_date=day)
    [(details,)] = db.execute("SELECT details FROM case_events WHERE case_id = ? AND details LIKE '%proposed%'",
                              [case.id]).fetchall()
    assert "warning" not in details
    assert key(db, case.id) == 500_000
    changed_to_nothing(db, get_case(db, case.id), on="2026-07-10")
    assert shown(qapp, db, case.id) == "—" and key(db, case.id) == 0
    assert ascending(db)[-1] == least.id and set(ascending(db)[:2]) == {nothing.id, case.id}
    assert_sorted_right(db)


def test_decided_outside_a_notice_kept_without_values_proposes_no_warning(qapp, db, data_dir, make_case, english):
    """A 行政处罚告知书 stored without its values ('{}': a record restored or repaired so): it proposes nothing, no
    warning either — the case decided on paper with no amount shows —, keyed as no amount."""
    case = make_case(status="served", filed_on="2026-03-02", notice_served_on="2026-03-16", decided_on="2026-04-01",
                     served_on="2026-04-02")
    sha = db.execute("SELECT sha256 FROM files LIMIT 1").fetchone()
    db.execute("INSERT INTO documents (id, case_id, form_id, form_version, title, status, number, values_json, "
               "pdf_sha256, pages, issued_at, issued_by) VALUES ('s74-notice', ?, 'pre_penalty_notice', 1, '告知书', "
               "'issued', '佛市监告〔2026〕7号', '{}', ?, 1, '2026-03-10T09:00:00+08:00', '王芳')",
               [case.id, sha[0] if sha else "0" * 64])
    assert shown(qapp, db, case.id) == "—" and key(db, case.id) == 0
    assert_sorted_right(db)


def test_the_warning_trigger_is_one_of_the_sort_key_s_and_the_list_asks_the_same_statuses():
    """``remake_penalty_triggers`` and the register import's and the bundle merge's drop make and drop it with the
    others (and tests/test_sortmask_penalty_key.py compares the stored one with today's); the statuses it keys are
    those the list shows 警告 in."""
    from ui.case_model import DECIDED
    from workstation.store.sort_keys import WARNED_STATUSES, WARNING_KEY_TRIGGER, penalty_key_triggers

    assert [s.split()[2] for s in penalty_key_triggers()].count(WARNING_KEY_TRIGGER) == 1
    assert "penalty" in WARNING_KEY_TRIGGER  # the name the stored-trigger checks select by
    assert WARNED_STATUSES == DECIDED


def test_the_register_import_keys_a_warning_with_the_triggers_dropped(db, make_case):
    """The import inserts its cases with the triggers dropped (``deferred_penalty_keys``): the fill at its end keys
    a case decided outside whose served notice proposed a warning alone as 警告 itself."""
    from workstation.store.sort_keys import deferred_penalty_keys

    agency = make_case(status="closed").agency_id
    with db.atomic(), deferred_penalty_keys(db):
        assert not db.execute("SELECT 1 FROM sqlite_master WHERE name LIKE '%penalty%' AND type = 'trigger'"
                              ).fetchall()
        db.execute("INSERT INTO cases (id, case_number, cause, sector, agency_id, status, fine_fen, confiscated_fen, "
                   "decided_on, created_at, updated_at) VALUES ('s74-case', '佛市监立〔2026〕74号', '案由', 'food', ?, "
                   "'served', 0, 0, '2026-04-01', '2026-03-01T09:00:00+08:00', '2026-03-01T09:00:00+08:00')",
                   [agency])
        db.execute("INSERT INTO case_events (id, case_id, kind, on_date, at, details) VALUES ('s74-served', "
                   "'s74-case', 'notice_served', '2026-03-16', '2026-03-16T09:00:00+08:00', ?)",
                   ['{"proposed": {"warning": true, "fine_fen": 0, "number": ""}}'])
    assert key(db, "s74-case") == WARNING_KEY
    assert_sorted_right(db)
