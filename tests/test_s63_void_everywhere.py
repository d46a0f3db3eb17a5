"""A decision declared void on the party's reconsideration or lawsuit (确认无效, 行政复议法 art. 67, 行政诉讼法 art. 75:
it never had effect) read everywhere a revoked one is read as no longer in force (tests/test_s63_challenge_void.py
has the clocks): its reasons in English; no payment recorded on or after the day it was declared void, and money paid
before it noted for refund; no 催告书 nor 强制执行申请书 issued to enforce it, nor a 延期/分期缴纳罚款通知书 to defer its
fine, each saying it was declared void; its fine not counted by the statistics; nothing owed under it at closing; and
the 涉嫌犯罪案件移送书 saying 确认无效. Each is checked against a revocation, which reads so already."""

from __future__ import annotations

from dataclasses import replace

import pytest

from tests.test_clock_challenges import challenge, outcome, served_case, timeline_lines
from tests.test_multiparty12 import decided_case
from tests.test_multiparty13 import COMPANY, serve
from tests.test_police_after_decision import decided, letter_text  # noqa: F401 - a fixture, used by name
from tests.test_s49_closing_sheet import _company_paid
from tests.test_typed_fine import decided_lines
from workstation import clocks, procedure
from workstation.documents.drafts import find_form
from workstation.documents.issuing import check_issue
from workstation.errors import TransitionRefused, WorkstationError
from workstation.party_decisions import still_owing
from workstation.records import ClockEvent
from workstation.stats import campaign_stats
from workstation.store import get_case
from workstation.store.cases import update_case
from workstation.store.clock_events import record_clock_event

NUMBER = "南府行复〔2026〕12号"
KINDS = pytest.mark.parametrize(("kind", "said"), [("challenge_revoked", "revoked"),
                                                   ("challenge_void", "declared void")])
ANNUL = pytest.mark.parametrize("kind", ["challenge_revoked", "challenge_void"])


def overturned(db, make_case, kind):
    """The fine of ¥50,000 decided and served on 2026-06-01, sued against on 06-20, ``kind`` on 08-03."""
    case = served_case(db, make_case)
    record_clock_event(db, challenge(case, "litigation", "2026-06-20"))
    record_clock_event(db, outcome(case, kind, "2026-08-03", number=NUMBER))
    return get_case(db, case.id)


# ---- 1. the clocks' reasons in English ---------------------------------------------------------------------------

def test_the_reasons_a_void_decision_is_not_paid_enforced_nor_published_read_in_english(english):
    for clock_id, words in (("T8", "pay"), ("T15", "demand"), ("T16", "enforce"), ("T18", "publish")):
        why = clocks.rule(clock_id).not_applicable_because(frozenset({clocks.VOID_FACT}))
        assert "void" in why and words in why and not any("\u4e00" <= ch <= "\u9fff" for ch in why.split("(")[0]), \
            clock_id


# ---- 2. the procedure --------------------------------------------------------------------------------------------

@KINDS
def test_a_payment_on_or_after_the_outcome_is_refused_naming_it(db, make_case, english, kind, said):
    case = overturned(db, make_case, kind)
    with pytest.raises(TransitionRefused) as refused:
        procedure.apply(db, case.id, "record_performance", on_date="2026-08-05")
    message = str(refused.value)
    assert f"{said} on 2026-08-03 ({NUMBER})" in message and "refunded" in message
    assert get_case(db, case.id).status == "served"
    # one made before it is recorded: the decision was carried out while challenged
    assert procedure.apply(db, case.id, "record_performance", on_date="2026-07-01").status == "performed"


@KINDS
def test_one_partys_payment_after_its_own_outcome_is_refused(db, data_dir, make_case, english, kind, said):
    case, company, employee, _first, _second = decided_case(db, data_dir, make_case, employee_warning=False)
    serve(db, case, "2026-03-12", company, employee)
    record_clock_event(db, ClockEvent(case_id=case.id, kind="litigation", party_id=company, starts_on="2026-03-16"))
    record_clock_event(db, ClockEvent(case_id=case.id, kind=kind, party_id=company, starts_on="2026-03-20",
                                      approved_by=NUMBER))
    refused = procedure.date_refusal(db, get_case(db, case.id), "record_performance", "2026-03-23", (company,))
    assert refused and refused.startswith(f"{COMPANY}: its penalty decision was {said} on 2026-03-20")
    assert procedure.date_refusal(db, get_case(db, case.id), "record_performance", "2026-03-23", (employee,)) is None
    assert [party.id for party in still_owing(db, get_case(db, case.id))] == [employee]


@KINDS
def test_no_demand_nor_court_application_is_issued_for_it(db, make_case, english, kind, said):
    case = overturned(db, make_case, kind)
    for form_id, title in (("performance_demand", "行政处罚决定履行催告书"), ("enforcement_application", "强制执行申请书")):
        refusal = procedure.values_refusal(db, case, form_id, {})
        assert refusal.startswith(f"The penalty decision was {said} on 2026-08-03 ({NUMBER})") and title in refusal
        assert "warning" not in refusal


@KINDS
def test_the_court_is_not_applied_to_and_the_case_closes(db, make_case, english, kind, said):
    case = overturned(db, make_case, kind)
    with pytest.raises(TransitionRefused, match=f"was {said} on 2026-08-03"):
        procedure.apply(db, case.id, "apply_enforcement", on_date="2026-12-01")
    assert procedure.apply(db, case.id, "close", on_date="2026-08-10").status == "closed"


@ANNUL
def test_the_decision_is_no_longer_in_force_for_the_exclusion_of_the_two_decisions(db, make_case, kind):
    case = served_case(db, make_case)
    assert not procedure.decision_revoked(db, case)
    assert procedure.decision_revoked(db, overturned(db, make_case, kind))


# ---- 3. the refund noted (a revocation's: tests/test_clock_challenges.py) --------------------------------------

@pytest.mark.parametrize(("kind", "said"), [("challenge_void", "declared void")])
def test_a_fine_paid_before_the_outcome_is_noted_for_refund(db, make_case, english, kind, said):
    case = served_case(db, make_case)
    case = update_case(db, replace(get_case(db, case.id), status="performed"), allow_status_change=True)
    db.execute("INSERT INTO case_events (id, case_id, kind, at, on_date, actor, from_status, to_status, note) VALUES "
               "('paid', ?, 'transition', '2026-06-10T10:00:00+08:00', '2026-06-10', '', 'served', 'performed', '')",
               [case.id])
    record_clock_event(db, challenge(case, "reconsideration", "2026-06-20"))
    record_clock_event(db, outcome(case, kind, "2026-08-03"))
    assert ("2026-08-03", "Clock event", f"The penalty decision was {said} ({NUMBER}) after the fine was paid on "
            "2026-06-10: the money paid is to be refunded to the party.") in timeline_lines(db, case)


# ---- 4. the statistics ------------------------------------------------------------------------------------------

@ANNUL
def test_the_statistics_count_no_fine_of_it(db, make_case, kind):
    served_case(db, make_case)
    assert campaign_stats(db)["fines_fen"] == 5_000_000
    overturned(db, make_case, kind)
    stats = campaign_stats(db)
    assert stats["fines_fen"] == 5_000_000  # the first case's; the second's counts nothing
    assert campaign_stats(db, date_from="2026-01-01", date_to="2026-12-31")["fines_fen"] == 5_000_000


# ---- 5. the documents -------------------------------------------------------------------------------------------

@KINDS
def test_no_deferral_notice_defers_its_fine(db, make_case, english, kind, said):
    case = overturned(db, make_case, kind)
    with pytest.raises(WorkstationError) as refused:
        check_issue(db, case, find_form("payment_deferral_notice"),
                    {"decision_no": "佛南市监处〔2026〕1号", "decided_on": "2026-06-01", "signed_on": "2026-08-10",
                     "deferred_to": "2026-09-10", "fine_fen": 5_000_000})
    message = refused.value.message if not hasattr(refused.value, "errors") else " ".join(refused.value.errors.values())
    assert f"The penalty decision was {said} on 2026-08-03 ({NUMBER}): no fine is in force" in message


@ANNUL
def test_the_closing_sheet_owes_nothing_of_a_partys_decision(db, data_dir, make_case, english, kind):
    case, _company, employee = _company_paid(db, data_dir, make_case)  # the company paid ¥50,000, not the employee
    with pytest.raises(WorkstationError, match="决定执行完毕"):
        check_issue(db, case, find_form("closing_approval"), {"ground": "决定执行完毕", "paid_total_fen": 5_000_000})
    record_clock_event(db, ClockEvent(case_id=case.id, kind="litigation", party_id=employee, starts_on="2026-03-16"))
    record_clock_event(db, ClockEvent(case_id=case.id, kind=kind, party_id=employee, starts_on="2026-03-25",
                                      approved_by=NUMBER))
    case = procedure.apply(db, case.id, "close", on_date="2026-03-26")
    checked, _context = check_issue(db, case, find_form("closing_approval"),
                                    {"ground": "决定执行完毕", "paid_total_fen": 5_000_000})
    assert checked["ground"] == "决定执行完毕"


@pytest.mark.parametrize(("kind", "said"), [("challenge_revoked", "撤销"), ("challenge_void", "确认无效")])
def test_the_police_transfer_letter_says_the_decision_was_declared_void(db, decided, kind, said):  # noqa: F811
    case = decided("served")
    record_clock_event(db, ClockEvent(case_id=case.id, kind="litigation", starts_on="2026-03-10"))
    record_clock_event(db, ClockEvent(case_id=case.id, kind=kind, starts_on="2026-04-10",
                                      approved_by="（2026）粤0605行初3号"))
    text = letter_text(db, get_case(db, case.id))
    assert f"该决定已于2026年4月10日经（2026）粤0605行初3号{said}。" in text
    assert "尚未缴纳" not in text and "不因移送停止执行" not in text and "折抵" not in text


@KINDS
def test_no_demand_nor_deferral_is_recorded_after_it(db, make_case, english, kind, said):
    from workstation.store.clock_events import kind_refusal

    case = overturned(db, make_case, kind)
    for recorded in ("demand", "deferral"):
        refusal = kind_refusal(db, case, recorded)
        assert refusal and refusal.startswith(f"The penalty decision was {said} on 2026-08-03 ({NUMBER})"), recorded


# ---- 6. the case list and the case page: its amount counts nothing, as a revoked one's ----------------------------

@KINDS
def test_the_list_counts_nothing_of_it_and_says_so(qapp, db, make_case, english, kind, said):
    from PySide6.QtCore import Qt

    from tests.test_sortmask_penalty_key import revoke, row_of
    from tests.test_sortmask_penalty_key import served_case as recorded_case
    from ui.case_model import MUTED, PENALTY_COLUMN, CaseTableModel
    from workstation.store import CaseFilter

    case = recorded_case(make_case, 2_000_000)
    revoke(db, case.id, kind)
    row = row_of(db, case.id)
    assert (row.penalties_fen, row.penalties_revoked_fen) == (0, 2_000_000)
    model = CaseTableModel(db)
    model.set_filter(CaseFilter())
    cell = model.index(model.row_of(case.id), PENALTY_COLUMN)
    assert cell.data() == said
    assert cell.data(Qt.ItemDataRole.ForegroundRole) == MUTED
    assert cell.data(Qt.ItemDataRole.ToolTipRole) == (f"¥20,000.00 decided was {said} on the party's "
                                                      "reconsideration or lawsuit: neither the list nor the "
                                                      "statistics count it")


@KINDS
def test_the_list_sorts_it_as_nothing_by_the_amounts(qapp, db, make_case, english, kind, said):
    from PySide6.QtCore import Qt

    from tests.test_sortmask_penalty_key import assert_sorted_right, key, listed, revoke
    from tests.test_sortmask_penalty_key import served_case as recorded_case
    from ui.case_model import PENALTY_COLUMN, CaseTableModel
    from workstation.store import CaseFilter

    case = recorded_case(make_case, 2_000_000)
    other = make_case(status="closed", fine_fen=900_000)
    assert listed(db)[:2] == [case.id, other.id]
    revoke(db, case.id, kind)
    assert key(db, case.id) == 0 and listed(db)[:2] == [other.id, case.id]
    assert_sorted_right(db)
    model = CaseTableModel(db)
    model.set_filter(CaseFilter())
    model.sort(PENALTY_COLUMN, Qt.SortOrder.DescendingOrder)
    assert [model.case_id(0), model.case_id(1)] == [other.id, case.id]
    assert stats_total(db) == 900_000


def stats_total(db) -> int:
    stats = campaign_stats(db)
    return stats["fines_fen"] + stats["confiscated_fen"]


@pytest.mark.gui
@KINDS
def test_the_case_page_counts_nothing_of_it_and_says_what_it_imposed(db, make_case, make_window, english, kind,
                                                                     said):
    from PySide6.QtWidgets import QLabel

    from tests.test_sortmask_penalty_key import revoke
    from tests.test_sortmask_penalty_key import served_case as recorded_case

    case = recorded_case(make_case, 2_000_000)
    revoke(db, case.id, kind)
    workspace = make_window(db).open_case(case.id)
    assert workspace.findChild(QLabel, "fine").text() == (
        f"¥0.00 (¥20,000.00 {said} on the party's reconsideration or lawsuit)")
    assert workspace.findChild(QLabel, "penalties_total").text() == f"¥0.00 (¥20,000.00 {said}: not counted)"


@pytest.mark.gui
@KINDS
def test_one_partys_decision_on_the_case_page_says_it_was_declared_void(db, data_dir, make_case, make_window,
                                                                        english, kind, said):
    from tests.test_sortmask_penalty_key import revoke, row_of

    case, company, employee, first, second = decided_case(db, data_dir, make_case)
    procedure.apply(db, case.id, "serve_decision", on_date="2026-03-12", party_ids=(company, employee))
    revoke(db, case.id, kind, party_id=company)
    row = row_of(db, case.id)
    assert (row.penalties_fen, row.penalties_revoked_fen) == (500_000, 5_000_000)
    assert decided_lines(make_window(db).open_case(case.id)) == [
        f"{first.number}: a warning, fine ¥50,000.00, confiscated ¥0.00 — {said} on the party's reconsideration or "
        "lawsuit: not counted",
        f"{second.number}: a warning, fine ¥5,000.00, confiscated ¥0.00"]


@pytest.mark.gui
@KINDS
def test_a_warning_alone_declared_void_shows_so_in_the_list_and_on_the_page(qapp, db, data_dir, make_case,
                                                                           make_window, english, kind, said):
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QLabel

    from tests.test_casenum_filing import FACTS
    from ui.case_model import MUTED, PENALTY_COLUMN, CaseTableModel
    from workstation.documents.issuing import issue_document
    from workstation.penalty_terms import cases_warned_only
    from workstation.store import CaseFilter

    warned = make_case(status="penalty_decided", filed_on="2026-03-02", notice_served_on="2026-03-16",
                       decided_on="2026-04-01", facts=FACTS)
    issue_document(db, data_dir, warned, find_form("penalty_decision"),
                   {"party_address": "佛山市南海区桂城街道南海大道北1号", "warning": True, "fine_fen": "",
                    "confiscated_fen": ""})
    procedure.apply(db, warned.id, "serve_decision", on_date="2026-04-02")
    record_clock_event(db, ClockEvent(case_id=warned.id, kind="litigation", starts_on="2026-04-10"))
    record_clock_event(db, ClockEvent(case_id=warned.id, kind=kind, starts_on="2026-06-01", approved_by=NUMBER))
    revoked: set[str] = set()
    assert cases_warned_only(db, [warned.id], revoked) == set() and revoked == {warned.id}
    model = CaseTableModel(db)
    model.set_filter(CaseFilter())
    cell = model.index(model.row_of(warned.id), PENALTY_COLUMN)
    assert cell.data() == said
    assert cell.data(Qt.ItemDataRole.ForegroundRole) == MUTED
    assert cell.data(Qt.ItemDataRole.ToolTipRole) == (f"The warning decided was {said} on the party's "
                                                      "reconsideration or lawsuit")
    workspace = make_window(db).open_case(warned.id)
    number = db.execute("SELECT number FROM documents WHERE case_id = ?", [warned.id]).fetchone()[0]
    assert workspace.findChild(QLabel, "penalties_total").text() == (
        f"a warning ({number}), {said} on the party's reconsideration or lawsuit")


def test_m066_remakes_the_sort_keys_triggers_of_a_database_before_it(db, data_dir, make_case):
    """A database of the version before m066: the sort key's triggers counted a decision declared void, and the key
    kept its amount; opened, it gets today's triggers and every key worked out again."""
    from tests.helpers import open_db
    from tests.test_sortmask_penalty_key import assert_sorted_right, key, revoke
    from tests.test_sortmask_penalty_key import served_case as recorded_case
    from workstation.penalty_terms import shown_penalties_sql
    from workstation.store.sort_keys import _PENALTY_SOURCES, penalty_key_triggers

    case = recorded_case(make_case, 2_000_000)
    revoke(db, case.id, "challenge_void")
    before = shown_penalties_sql(one_case=True).replace("'challenge_redo', 'challenge_void'", "'challenge_redo'")
    assert before != shown_penalties_sql(one_case=True)
    with db.atomic():  # as m065 left it: the triggers reading revocations only, the key the amount decided
        for name, when, which in _PENALTY_SOURCES:
            db.execute(f"DROP TRIGGER {name}")
            db.execute(f"CREATE TRIGGER {name} {when} BEGIN UPDATE cases SET penalty_sort = {before} "
                       f"WHERE {which}; END")
        db.execute("UPDATE cases SET penalty_sort = 2000000 WHERE id = ?", [case.id])
        db.execute("DELETE FROM _sqlite_migrations WHERE name = 'm066_case_penalty_void'")
    db.conn.close()
    again = open_db(data_dir)
    try:
        stored = dict(again.execute("SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND name LIKE "
                                    "'%penalty%'"))
        assert stored == {statement.split()[2]: statement for statement in penalty_key_triggers()}
        assert key(again, case.id) == 0
        assert_sorted_right(again)
        again.execute("DELETE FROM clock_events WHERE case_id = ? AND kind = 'challenge_void'", [case.id])
        assert key(again, case.id) == 2_000_000
    finally:
        again.conn.close()


# ---- 7. which it was, read as the list reads what counts nothing: each decision by its own date -----------------

def _two_parties_annulled(db, data_dir, make_case, company_kind, employee_kind, **dates):
    """The company's decision (¥50,000) and the employee's (a warning and ¥5,000), served on 03-12; each party's
    lawsuit ended in ``company_kind`` and ``employee_kind`` on 08-03 (None: no outcome for that party)."""
    from tests.test_sortmask_penalty_key import revoke

    case, company, employee, first, second = decided_case(db, data_dir, make_case, **dates)
    procedure.apply(db, case.id, "serve_decision", on_date="2026-03-12", party_ids=(company, employee))
    for party, kind in ((company, company_kind), (employee, employee_kind)):
        if kind:
            revoke(db, case.id, kind, party_id=party)
    return case, company, employee, first, second


def test_a_void_decision_older_than_the_cases_decision_date_is_still_said_void(db, data_dir, make_case):
    """The list counts nothing of a 行政处罚决定书 annulled after its own date, whatever the case's decision date says
    (a redecision for another party moves it later): which it was is read the same way."""
    from tests.test_sortmask_penalty_key import row_of
    from workstation.penalty_terms import cases_declared_void

    case, *_ = _two_parties_annulled(db, data_dir, make_case, "challenge_void", None, decided_on="2026-03-10")
    assert cases_declared_void(db, [case.id]) == {case.id}
    # another party decided again after the outcome: the case's decision date moves past it
    db.execute("UPDATE cases SET decided_on = '2026-09-01' WHERE id = ?", [case.id])
    assert row_of(db, case.id).penalties_revoked_fen == 5_000_000  # the list still counts it nothing
    assert cases_declared_void(db, [case.id]) == {case.id}


def test_an_outcome_before_a_decisions_own_date_does_not_make_the_case_void_nor_revoked(db, data_dir, make_case):
    """An outcome recorded before a party's 行政处罚决定书 was decided (a decision made again since) annuls nothing of
    it: the other party's decision declared void leaves the case said declared void, not revoked nor mixed."""
    from tests.test_sortmask_penalty_key import revoke
    from workstation.penalty_terms import cases_declared_void

    case, company, employee, _first, second = decided_case(db, data_dir, make_case,
                                                           employee_decided_on="2026-09-01")
    procedure.apply(db, case.id, "serve_decision", on_date="2026-03-12", party_ids=(company, employee))
    revoke(db, case.id, "challenge_void", party_id=company)
    revoke(db, case.id, "challenge_revoked", party_id=employee)  # 08-03: before the employee's decision of 09-01
    partly: set[str] = set()
    assert cases_declared_void(db, [case.id], partly) == {case.id} and partly == set()


def test_one_party_revoked_another_declared_void_reads_so(db, data_dir, make_case):
    from workstation.penalty_terms import cases_declared_void

    case, *_ = _two_parties_annulled(db, data_dir, make_case, "challenge_revoked", "challenge_void")
    partly: set[str] = set()
    assert cases_declared_void(db, [case.id], partly) == set() and partly == {case.id}


@pytest.mark.gui
def test_one_party_revoked_another_declared_void_in_the_list_and_on_the_page(qapp, db, data_dir, make_case,
                                                                             make_window, english):
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QLabel

    from tests.test_sortmask_penalty_key import row_of
    from ui.case_model import PENALTY_COLUMN, CaseTableModel
    from workstation.store import CaseFilter

    case, *_ = _two_parties_annulled(db, data_dir, make_case, "challenge_revoked", "challenge_void")
    row = row_of(db, case.id)
    assert (row.penalties_fen, row.penalties_revoked_fen) == (0, 5_500_000)
    model = CaseTableModel(db)
    model.set_filter(CaseFilter())
    cell = model.index(model.row_of(case.id), PENALTY_COLUMN)
    assert cell.data() == "revoked or declared void"
    assert cell.data(Qt.ItemDataRole.ToolTipRole) == ("¥55,000.00 decided was revoked or declared void on the "
                                                      "party's reconsideration or lawsuit: neither the list nor the "
                                                      "statistics count it")
    workspace = make_window(db).open_case(case.id)
    assert workspace.findChild(QLabel, "fine").text() == (
        "¥0.00 (¥55,000.00 revoked or declared void on the party's reconsideration or lawsuit)")
    assert workspace.findChild(QLabel, "penalties_total").text() == (
        "¥0.00 (¥55,000.00 revoked or declared void: not counted)")


def test_a_block_asks_which_it_was_once(qapp, db, data_dir, make_case, english, monkeypatch):
    """A block of rows holding a warning alone revoked and an amount revoked asks once whether they were declared
    void."""
    from tests.test_casenum_filing import FACTS
    from tests.test_sortmask_penalty_key import revoke
    from tests.test_sortmask_penalty_key import served_case as recorded_case
    from ui.case_model import PENALTY_COLUMN, CaseTableModel
    from workstation import penalty_terms
    from workstation.documents.issuing import issue_document
    from workstation.store import CaseFilter

    warned = make_case(status="penalty_decided", filed_on="2026-03-02", notice_served_on="2026-03-16",
                       decided_on="2026-04-01", facts=FACTS)
    issue_document(db, data_dir, warned, find_form("penalty_decision"),
                   {"party_address": "佛山市南海区桂城街道南海大道北1号", "warning": True, "fine_fen": "",
                    "confiscated_fen": ""})
    procedure.apply(db, warned.id, "serve_decision", on_date="2026-04-02")
    revoke(db, warned.id, "challenge_void")
    fined = recorded_case(make_case, 2_000_000)
    revoke(db, fined.id, "challenge_revoked")
    asked = []
    real = penalty_terms.cases_declared_void

    def counted(db_, case_ids, *args, **kwargs):
        asked.append(sorted(case_ids))
        return real(db_, case_ids, *args, **kwargs)

    monkeypatch.setattr(penalty_terms, "cases_declared_void", counted)
    model = CaseTableModel(db)
    model.set_filter(CaseFilter())
    assert model.index(model.row_of(warned.id), PENALTY_COLUMN).data() == "declared void"
    assert model.index(model.row_of(fined.id), PENALTY_COLUMN).data() == "revoked"
    assert asked == [sorted([warned.id, fined.id])]
