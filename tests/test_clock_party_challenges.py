"""Deadline follow-ups after a challenge (REFERENCE §1.2 T10–T16): in a case with several parties each party's own
reconsideration or lawsuit starts that party's T12 and moves that party's T16 only, one of the whole case moves
every party's; the party's periods to challenge (T10, T11) and to pay (T8) expire rather than go overdue; and a
demand to perform (催告书, T15) dated while the party may still challenge is warned about in the event dialog."""

from __future__ import annotations

import pytest

from tests.test_clock_challenges import served_case
from tests.test_multiparty13 import COMPANY, EMPLOYEE, decided_case, serve
from workstation import clocks, procedure
from workstation.errors import ValidationError
from workstation.records import ClockEvent
from workstation.store import get_case
from workstation.store.clock_events import early_demand, record_clock_event
from workstation.vocabulary import shown_label

# both served on Thu 2026-03-12: T11 ends Sat 09-12, moved to Mon 09-14; T16 three months later, 2026-12-14


@pytest.fixture
def served(request, db, data_dir, kept_state):
    """The decided case of two parties, served on both on 2026-03-12 (made once, copied into each test:
    ``kept_state``)."""
    def make():
        case, company, employee = decided_case(db, data_dir, request.getfixturevalue("make_case"))
        serve(db, case, "2026-03-12", company, employee)
        return case, company, employee

    return kept_state("served", db, data_dir, make, ("make_case", "officers"))


def event(db, case, kind, starts_on, ends_on=None, party=None):
    return record_clock_event(db, ClockEvent(case_id=case.id, kind=kind, party_id=party, starts_on=starts_on,
                                             ends_on=ends_on))


def of(db, case, clock, on):
    return [(d.party, d.start, d.due, d.state) for d in clocks.case_clocks(db, get_case(db, case.id), on=on)
            if d.clock == clock]


def test_one_partys_reconsideration_starts_its_own_t12_and_moves_only_its_t16(db, served):
    case, company, employee = served
    assert of(db, case, "T16", "2026-04-01") == [(COMPANY, "2026-09-14", "2026-12-14", "open"),
                                                 (EMPLOYEE, "2026-09-14", "2026-12-14", "open")]
    event(db, case, "reconsideration", "2026-04-01", party=company)
    # while the company's reconsideration is pending only its court enforcement waits
    assert [(p, state) for p, _s, _d, state in of(db, case, "T16", "2026-04-02")] == [(COMPANY, "stopped"),
                                                                                     (EMPLOYEE, "open")]
    db.execute("UPDATE clock_events SET ends_on = '2026-05-20' WHERE case_id = ?", [case.id])
    # its decision received Wed 05-20: the company may sue until Thu 06-04, court enforcement three months later
    assert of(db, case, "T12", "2026-05-21") == [(COMPANY, "2026-05-20", "2026-06-04", "open")]
    assert of(db, case, "T16", "2026-05-21") == [(COMPANY, "2026-06-04", "2026-09-04", "open"),
                                                 (EMPLOYEE, "2026-09-14", "2026-12-14", "open")]
    # the employee's own lawsuit neither meets the company's T12 nor moves the company's T16
    event(db, case, "litigation", "2026-05-25", party=employee)
    assert of(db, case, "T12", "2026-05-26") == [(COMPANY, "2026-05-20", "2026-06-04", "open")]
    assert of(db, case, "T16", "2026-05-26") == [(COMPANY, "2026-06-04", "2026-09-04", "open"),
                                                 (EMPLOYEE, "2026-09-14", None, "stopped")]
    # the board reads the same per party, from its two queries
    board = [(d.party, d.due, d.state) for d in clocks.board(db, on="2026-05-26") if d.case_id == case.id
             and d.clock == "T16"]
    assert sorted(board, key=str) == sorted([(COMPANY, "2026-09-04", "open"), (EMPLOYEE, None, "stopped")], key=str)


def test_a_challenge_of_the_whole_case_moves_every_partys_t16_and_meets_every_t12(db, served):
    case, company, _employee = served
    event(db, case, "reconsideration", "2026-04-01", "2026-05-20", party=company)
    event(db, case, "litigation", "2026-06-01", "2026-07-31")  # no party: the whole case
    assert of(db, case, "T12", "2026-08-01") == [(COMPANY, "2026-05-20", "2026-06-04", "met")]
    # Fri 07-31 + three months = Sat 10-31 (an internal limit: flagged, not moved)
    assert of(db, case, "T16", "2026-08-01") == [(COMPANY, "2026-07-31", "2026-10-31", "open"),
                                                 (EMPLOYEE, "2026-07-31", "2026-10-31", "open")]


def test_a_reconsideration_of_the_whole_case_gives_one_t12_naming_no_party(db, served):
    case, _company, _employee = served
    event(db, case, "reconsideration", "2026-04-01", "2026-05-20")
    assert of(db, case, "T12", "2026-05-21") == [("", "2026-05-20", "2026-06-04", "open")]
    assert [due for _p, _s, due, _st in of(db, case, "T16", "2026-05-21")] == ["2026-09-04", "2026-09-04"]


def test_past_periods_to_challenge_and_to_pay_have_expired_not_gone_overdue(db, make_case):
    case = served_case(db, make_case)  # served 2026-06-01: pay by 06-16, apply by 07-31, sue by 12-01
    found = {d.clock: d for d in clocks.case_clocks(db, get_case(db, case.id), on="2026-12-02")}
    assert {clock: found[clock].state for clock in ("T8", "T10", "T11")} == dict.fromkeys(("T8", "T10", "T11"),
                                                                                         "expired")
    assert (found["T10"].due, found["T11"].due) == ("2026-07-31", "2026-12-01")
    board = {d.clock: d.state for d in clocks.board(db, on="2026-12-02") if d.case_id == case.id}
    # the party's periods are not the agency's failings: none is listed overdue (publishing, T18, is the agency's)
    assert board["T8"] == "expired" and board["T18"] == "overdue"
    assert "T10" not in board and "T11" not in board


def test_a_demand_before_the_party_can_no_longer_challenge_is_warned_about_not_refused(db, make_case, english):
    case = served_case(db, make_case)  # T11 ends 2026-12-01, from which T16 counts
    early = ClockEvent(case_id=case.id, kind="demand", starts_on="2026-07-01")
    warning = early_demand(db, get_case(db, case.id), early)
    assert warning.startswith("The 催告书 (demand to perform, T15) served on 2026-07-01 is dated before 2026-12-01, "
                              "the day from which court enforcement (T16) counts")
    assert "《行政强制法》第五十四条、第六十九条" in warning
    assert early_demand(db, get_case(db, case.id), ClockEvent(case_id=case.id, kind="demand",
                                                              starts_on="2026-12-01")) == ""
    record_clock_event(db, early)  # a warning only: it is recorded
    assert db.execute("SELECT COUNT(*) FROM clock_events WHERE case_id = ? AND kind = 'demand'",
                      [case.id]).fetchone()[0] == 1
    # while a reconsideration is pending T16 has not started at all
    event(db, case, "reconsideration", "2026-06-20")
    assert early_demand(db, get_case(db, case.id), early).startswith("A reconsideration or lawsuit is still pending")


def test_the_event_dialog_shows_the_warning_as_the_demands_date_is_picked(db, make_case, prompts, qtbot, english):
    from PySide6.QtCore import QDate

    from ui.case_clocks import ClockEventDialog

    dialog = ClockEventDialog(db, get_case(db, served_case(db, make_case).id), prompts)
    qtbot.addWidget(dialog)
    dialog.kind.setCurrentIndex(dialog.kind.findData("demand"))
    dialog.starts_on.setDate(QDate(2026, 7, 1))
    assert "is dated before 2026-12-01" in dialog.hint.text()
    assert dialog.buttons.button(dialog.buttons.StandardButton.Save).isEnabled()
    dialog.starts_on.setDate(QDate(2026, 12, 1))
    assert "is dated before" not in dialog.hint.text()
    assert dialog.hint.text().startswith("Starts: T15")


def test_in_a_case_with_several_parties_the_demand_warning_names_the_party_still_able_to_challenge(db, served,
                                                                                                  english):
    case, company, _employee = served
    event(db, case, "reconsideration", "2026-04-01", "2026-05-20", party=company)  # the company's T16 from 06-04
    demand = ClockEvent(case_id=case.id, kind="demand", starts_on="2026-07-01")
    assert early_demand(db, get_case(db, case.id), demand).startswith(
        f"The 催告书 (demand to perform, T15) served on 2026-07-01 is dated before 2026-09-14 for {EMPLOYEE}, the day from which court enforcement (T16) counts")


def test_a_party_that_paid_has_its_ended_enforcement_counted_from_its_reconsideration(db, served):
    case, company, _employee = served
    procedure.apply(db, case.id, "record_performance", on_date="2026-03-20", party_ids=(company,))
    event(db, case, "reconsideration", "2026-04-01", "2026-05-20", party=company)
    # the company paid, so its T16 has ended; still it counts from Thu 06-04 (T12), not from its T11's 09-14
    assert of(db, case, "T16", "2026-05-21") == [(COMPANY, "2026-06-04", "2026-09-04", "ended"),
                                                 (EMPLOYEE, "2026-09-14", "2026-12-14", "open")]


def test_a_partys_challenge_cannot_begin_before_its_own_decision_was_served_on_it(db, data_dir, make_case, english):
    case, company, employee = decided_case(db, data_dir, make_case)
    serve(db, case, "2026-03-12", company)
    count = "SELECT COUNT(*) FROM clock_events WHERE case_id = ?"
    with pytest.raises(ValidationError) as refused:  # the employee's decision is not served yet
        event(db, case, "reconsideration", "2026-03-15", party=employee)
    assert refused.value.errors["starts_on"].startswith(f"The decision has not been served on {EMPLOYEE} yet: a ")
    with pytest.raises(ValidationError) as refused:  # nor, so, one of the whole case
        event(db, case, "litigation", "2026-03-15")
    assert refused.value.errors["starts_on"].startswith(f"The decision has not been served on {EMPLOYEE} yet: a ")
    serve(db, case, "2026-03-20", employee)
    with pytest.raises(ValidationError) as refused:
        event(db, case, "reconsideration", "2026-03-15", party=employee)
    assert refused.value.errors["starts_on"].startswith(f"The decision was served on {EMPLOYEE} on 2026-03-20: a ")
    with pytest.raises(ValidationError) as refused:  # one of the whole case waits for the last service
        event(db, case, "litigation", "2026-03-15", "2026-03-18")
    assert refused.value.errors["starts_on"].startswith(f"The decision was served on {EMPLOYEE} on 2026-03-20: a ")
    assert db.execute(count, [case.id]).fetchone()[0] == 0
    event(db, case, "reconsideration", "2026-03-15", party=company)  # the company's was served on 03-12
    assert db.execute(count, [case.id]).fetchone()[0] == 1


# ---- reconsideration and litigation only against a penalty decision made ------------------------------------------

def test_a_reconsideration_before_any_penalty_decision_is_refused_naming_the_step(db, make_case, table_counts,
                                                                                 english):
    case = procedure.apply(db, make_case(fine_fen=5_000_000).id, "file", on_date="2026-03-10")
    before = table_counts(db)
    for kind in ("reconsideration", "litigation"):
        with pytest.raises(ValidationError) as refused:
            record_clock_event(db, ClockEvent(case_id=case.id, kind=kind, starts_on="2026-03-20"))
        assert "No 行政处罚决定书 has been made in this case" in str(refused.value)
        assert f"only after “{shown_label('transitions', 'decide_penalty')}”" in str(refused.value)
    assert table_counts(db) == before


def test_a_decision_not_to_penalise_is_not_challenged_as_a_penalty(db, make_case, english):
    from workstation.store.clock_events import penalty_decided

    case = procedure.apply(db, make_case(fine_fen=5_000_000).id, "file", on_date="2026-03-10")
    assert not penalty_decided(db, case)
    for name in ("conclude_investigation", "submit_review"):
        case = procedure.apply(db, case.id, name, on_date="2026-03-20")
    case = procedure.apply(db, case.id, "decide_no_penalty", on_date="2026-03-25", reason="轻微不罚")
    assert not penalty_decided(db, case)
    assert penalty_decided(db, served_case(db, make_case))  # decided on the register's record, without the steps


@pytest.mark.gui
def test_the_event_dialog_offers_reconsideration_and_litigation_only_after_the_decision(db, make_case, prompts,
                                                                                       qtbot):
    from ui.case_clocks import ClockEventDialog

    filed = procedure.apply(db, make_case(fine_fen=5_000_000).id, "file", on_date="2026-03-10")
    dialog = ClockEventDialog(db, get_case(db, filed.id), prompts)
    qtbot.addWidget(dialog)
    def offered(dlg):  # the kinds that can be chosen (the others are greyed out, saying why)
        model = dlg.kind.model()
        return [dlg.kind.itemData(i) for i in range(dlg.kind.count()) if model.item(i).isEnabled()]

    kinds = offered(dialog)
    assert "reconsideration" not in kinds and "litigation" not in kinds and "testing" in kinds
    greyed = dialog.kind.model().item(dialog.kind.findData("reconsideration"))
    assert not greyed.isEnabled() and "尚未作出行政处罚决定" in greyed.toolTip()
    decided = ClockEventDialog(db, get_case(db, served_case(db, make_case).id), prompts)
    qtbot.addWidget(decided)
    kinds = offered(decided)
    assert "reconsideration" in kinds and "litigation" in kinds


def test_one_partys_decision_revoked_stops_only_its_own_payment_and_enforcement(db, served, english):
    from workstation import enforcement

    case, company, employee = served
    event(db, case, "reconsideration", "2026-04-01", party=company)
    record_clock_event(db, ClockEvent(case_id=case.id, kind="challenge_revoked", starts_on="2026-05-20",
                                      approved_by="南府行复〔2026〕12号"))  # the outcome of the company's own
    assert [e for e in clocks.case_clocks(db, get_case(db, case.id), on="2026-05-21") if e.clock == "T12"][0].party \
        == COMPANY
    for clock in ("T8", "T16"):
        assert [(p, state) for p, _s, _d, state in of(db, case, clock, "2026-05-21")] == [
            (COMPANY, "not_applicable"), (EMPLOYEE, "expired" if clock == "T8" else "open")], clock
    # the employee still owes its fine and is enforced; the company owes nothing under its revoked decision
    assert [item.party.name for item in enforcement.unpaid_parties(db, get_case(db, case.id))] == [EMPLOYEE]


def test_a_partys_fine_changed_counts_for_that_party_only_and_a_whole_case_change_must_name_one(db, served):
    from workstation.stats import campaign_stats

    case, company, employee = served  # the company fined ¥50,000, its employee ¥5,000
    assert campaign_stats(db)["fines_fen"] == 5_500_000
    event(db, case, "reconsideration", "2026-04-01")  # of the whole case: which party's fine changed is not said
    with pytest.raises(ValidationError) as refused:
        record_clock_event(db, ClockEvent(case_id=case.id, kind="challenge_changed", starts_on="2026-05-20",
                                          approved_by="南府行复〔2026〕3号", days=2_000_000))
    assert "party" in refused.value.errors
    db.execute("DELETE FROM clock_events WHERE case_id = ?", [case.id])
    event(db, case, "reconsideration", "2026-04-01", party=company)
    record_clock_event(db, ClockEvent(case_id=case.id, kind="challenge_changed", starts_on="2026-05-20",
                                      party_id=company, approved_by="南府行复〔2026〕3号", days=2_000_000))
    assert campaign_stats(db)["fines_fen"] == 2_500_000  # ¥20,000 as changed and the employee's ¥5,000
