"""Clock events held to the case's stage (REFERENCE §1.1–§1.2): a demand to perform, a deferral of the fine, the
publication of the penalty follow a penalty decision; a hearing follows the party's request; the filing with the
bureau follows a decision made on the spot — refused in the core naming what is missing and greyed out in the
记录期限事项 dialog with why. A deferral is recorded with its approval (Penalty Law art. 66); a hearing is not
concluded before the day it is held; ``clocks --due-within`` keeps a stopped clock only by its days left; and the
dialog names its dates and its extension as the event is."""

from __future__ import annotations

import pytest

from tests.helpers import hearing_notice
from tests.test_clock_challenges import served_case
from tests.test_clocks import stage
from tests.test_party_case10 import FACTS, SERVED, notice
from workstation import clocks, procedure
from workstation.errors import TransitionRefused, ValidationError
from workstation.records import ClockEvent
from workstation.store import get_case
from workstation.store.cases import case_timeline
from workstation.store.clock_events import clock_event_errors, record_clock_event

AFTER_DECISION = ("demand", "deferral", "publication", "publication_withdrawn", "reconsideration", "litigation")


def investigating(db, make_case):
    return stage(db, make_case(fine_fen=5_000_000), "investigating", filed_on="2026-03-10")


def counts(db):
    return db.execute("SELECT (SELECT COUNT(*) FROM clock_events), (SELECT COUNT(*) FROM audit)").fetchone()


@pytest.mark.parametrize("kind", AFTER_DECISION)
def test_events_of_a_decision_are_refused_before_it_naming_the_decision(db, make_case, english, kind):
    case = investigating(db, make_case)
    before = counts(db)
    with pytest.raises(ValidationError) as refused:
        record_clock_event(db, ClockEvent(case_id=case.id, kind=kind, starts_on="2026-04-01", ends_on="2026-05-01"
                                          if kind == "deferral" else None, approved_on="2026-04-01",
                                          approved_by="局长"))
    message = refused.value.errors["kind"]
    assert message.startswith("No 行政处罚决定书 has been made in this case:")
    assert "“Decide the penalty”" in message and "作出行政处罚决定" not in message  # the button as English names it
    assert counts(db) == before


def test_a_demand_and_a_deferral_are_recorded_once_the_penalty_is_decided(db, make_case):
    case = served_case(db, make_case)
    record_clock_event(db, ClockEvent(case_id=case.id, kind="demand", starts_on="2026-07-01"))
    record_clock_event(db, ClockEvent(case_id=case.id, kind="deferral", starts_on="2026-06-10", ends_on="2026-08-31",
                                      approved_on="2026-06-08", approved_by="张局长"))
    assert {k for (k,) in db.execute("SELECT kind FROM clock_events WHERE case_id = ?", [case.id])} == {
        "demand", "deferral"}


@pytest.mark.parametrize("kind", ["hearing_session", "hearing"])
def test_a_hearing_is_refused_until_the_party_requested_one(db, make_case, english, kind):
    case = make_case(status="pre_notice", filed_on="2026-02-27", notice_served_on=SERVED, fine_fen=10_000_000)
    before = counts(db)
    with pytest.raises(ValidationError) as refused:
        record_clock_event(db, ClockEvent(case_id=case.id, kind=kind, starts_on="2026-03-05"))
    assert refused.value.errors["kind"].startswith("The party has not requested a hearing in this case:")
    assert "“Party requests a hearing”" in refused.value.errors["kind"] and "art. 64" in refused.value.errors["kind"]
    assert counts(db) == before
    procedure.apply(db, case.id, "request_hearing", on_date="2026-03-04")
    assert "kind" not in clock_event_errors(db, ClockEvent(case_id=case.id, kind=kind, starts_on="2026-03-05"),
                                            get_case(db, case.id))


def test_the_filing_with_the_bureau_needs_a_decision_on_the_spot(db, make_case, english):
    case = served_case(db, make_case)  # an ordinary-procedure decision
    errors = clock_event_errors(db, ClockEvent(case_id=case.id, kind="bureau_filing", starts_on="2026-06-02"),
                                get_case(db, case.id))
    assert errors["kind"].startswith("No decision was made on the spot under the simple procedure in this case")
    assert "“On-the-spot penalty”" in errors["kind"]


def test_in_chinese_the_stage_refusals_name_the_steps_by_their_chinese_labels(db, make_case):
    case = investigating(db, make_case)
    errors = clock_event_errors(db, ClockEvent(case_id=case.id, kind="demand", starts_on="2026-04-01"), case)
    assert "“作出行政处罚决定”" in errors["kind"]
    errors = clock_event_errors(db, ClockEvent(case_id=case.id, kind="hearing", starts_on="2026-04-01"), case)
    assert "“当事人申请听证”" in errors["kind"]
    errors = clock_event_errors(db, ClockEvent(case_id=case.id, kind="bureau_filing", starts_on="2026-04-01"), case)
    assert "“当场处罚”" in errors["kind"]


def test_kinds_without_a_stage_stay_free_while_investigating(db, make_case):
    case = investigating(db, make_case)
    # (a suspension is not one: recorded by the step 中止调查 alone, ``test_s50_clock_events``)
    for kind in ("announcement", "testing", "refund_order", "preservation", "seizure",
                 "transfer_report"):
        assert "kind" not in clock_event_errors(db, ClockEvent(case_id=case.id, kind=kind, starts_on="2026-04-01"),
                                                case), kind


def test_a_deferral_needs_its_approval_and_shows_it(db, make_case, english):
    case = served_case(db, make_case)
    before = counts(db)
    with pytest.raises(ValidationError) as refused:
        record_clock_event(db, ClockEvent(case_id=case.id, kind="deferral", starts_on="2026-06-10",
                                          ends_on="2026-08-31"))
    assert refused.value.errors["approved_on"] == "A deferral or payment in instalments needs the date it was approved."
    assert refused.value.errors["approved_by"].startswith("Enter who approved the deferral or payment in instalments")
    assert counts(db) == before
    with pytest.raises(ValidationError) as refused:
        record_clock_event(db, ClockEvent(case_id=case.id, kind="deferral", starts_on="2026-06-10",
                                          ends_on="2026-08-31", approved_on="2026-05-20", approved_by="张局长"))
    assert refused.value.errors["approved_on"] == ("It cannot be approved (2026-05-20) before the penalty decision "
                                                   "(2026-06-01).")
    record_clock_event(db, ClockEvent(case_id=case.id, kind="deferral", starts_on="2026-06-10", ends_on="2026-08-31",
                                      approved_on="2026-06-08", approved_by="张局长"))
    assert ("Fine deferred or paid in instalments from 2026-06-10 to 2026-08-31 (83 days; approved 2026-06-08 by 张局长)"
            in [e.text for e in case_timeline(db, get_case(db, case.id))])
    [t8] = [d for d in clocks.case_clocks(db, get_case(db, case.id), on="2026-06-11") if d.clock == "T8"]
    assert "Payment deferred or in instalments, approved on 2026-06-08 by 张局长: due on 2026-08-31" in t8.calculation()


def test_a_publication_dated_before_the_decision_is_refused_and_does_not_meet_t18(db, make_case, english):
    case = served_case(db, make_case)  # decided 2026-06-01: T18, 20 working days, due 2026-06-29
    before = counts(db)
    with pytest.raises(ValidationError) as refused:
        record_clock_event(db, ClockEvent(case_id=case.id, kind="publication", starts_on="2026-05-29"))
    assert refused.value.errors["starts_on"] == "This cannot be dated before the penalty decision (2026-06-01)."
    assert counts(db) == before
    [t18] = [d for d in clocks.case_clocks(db, get_case(db, case.id), on="2026-06-02") if d.clock == "T18"]
    assert (t18.state, t18.done_on) == ("open", None)
    record_clock_event(db, ClockEvent(case_id=case.id, kind="publication", starts_on="2026-06-01"))
    [t18] = [d for d in clocks.case_clocks(db, get_case(db, case.id), on="2026-06-02") if d.clock == "T18"]
    assert (t18.state, t18.done_on) == ("met", "2026-06-01")


def hearing_case(db, data_dir, make_case):
    case = make_case(status="pre_notice", filed_on="2026-02-27", notice_served_on=SERVED, facts=FACTS)
    notice(db, data_dir, case, None, fine_fen="150000", hearing_required=True)
    procedure.apply(db, case.id, "request_hearing", on_date="2026-03-03")
    return case


def test_a_hearing_is_not_concluded_before_its_recorded_day(db, data_dir, make_case, english, table_counts):
    case = hearing_case(db, data_dir, make_case)
    hearing_notice(db, data_dir, case, issued_on="2026-03-04", hearing_date="2026-03-16")
    record_clock_event(db, ClockEvent(case_id=case.id, kind="hearing_session", starts_on="2026-03-16"))
    before = table_counts(db)
    with pytest.raises(TransitionRefused) as refused:
        procedure.apply(db, case.id, "conclude_hearing", on_date="2026-03-13")
    assert str(refused.value).startswith("The hearing is recorded as “Hearing held” on 2026-03-16: it cannot be concluded "
                                         "on 2026-03-13, before it is held.")
    assert table_counts(db) == before and get_case(db, case.id).status == "hearing"
    # the window's dialog asks the same, for the date typed
    assert "2026-03-16" in procedure.date_refusal(db, get_case(db, case.id), "conclude_hearing", "2026-03-13")
    assert procedure.apply(db, case.id, "conclude_hearing", on_date="2026-03-16").status == "decision_pending"


def test_a_hearing_is_not_concluded_before_the_day_its_notice_sets(db, data_dir, make_case, english, table_counts):
    case = hearing_case(db, data_dir, make_case)
    issued = hearing_notice(db, data_dir, case, issued_on="2026-03-04", hearing_date="2026-03-20")
    before = table_counts(db)
    with pytest.raises(TransitionRefused) as refused:
        procedure.apply(db, case.id, "conclude_hearing", on_date="2026-03-16")
    assert str(refused.value).startswith(f"The 听证通知书 {issued.number} sets the hearing on 2026-03-20: it cannot be "
                                         "concluded on 2026-03-16, before it is held.")
    assert table_counts(db) == before
    assert procedure.apply(db, case.id, "conclude_hearing", on_date="2026-03-20").status == "decision_pending"


def test_a_stopped_clock_is_due_within_n_days_only_by_its_days_left(db, make_case):
    case = stage(db, make_case(), "investigating", filed_on="2026-03-10")
    procedure.apply(db, case.id, "suspend", on_date="2026-03-20", reason="当事人下落不明")
    [t2] = [d for d in clocks.board(db, on="2026-03-25") if d.case_id == case.id and d.clock == "T2"]
    assert t2.state == "stopped" and t2.days_left > 7
    assert not [d for d in clocks.board(db, on="2026-03-25", due_within=7) if d.case_id == case.id and d.clock == "T2"]
    assert [d.clock for d in clocks.board(db, on="2026-03-25", due_within=t2.days_left)
            if d.case_id == case.id and d.clock == "T2"] == ["T2"]


# the dialog


def offered(dialog) -> list[str]:
    model = dialog.kind.model()
    return [dialog.kind.itemData(i) for i in range(dialog.kind.count()) if model.item(i).isEnabled()]


def test_the_dialog_greys_out_what_the_stage_does_not_allow_saying_why(db, make_case, prompts, qtbot, english):
    from ui.case_clocks import ClockEventDialog
    from workstation.vocabulary import labels

    dialog = ClockEventDialog(db, investigating(db, make_case), prompts)
    qtbot.addWidget(dialog)
    assert dialog.kind.count() == len(labels("clock_events"))  # every kind is listed
    kinds = offered(dialog)
    assert not set(AFTER_DECISION + ("hearing", "hearing_session", "bureau_filing")) & set(kinds)
    assert {"testing", "extension", "announcement"} <= set(kinds)
    # a suspension is recorded by the step that suspends the case, which the greyed-out kind names
    assert "suspension" not in kinds
    suspension = dialog.kind.model().item(dialog.kind.findData("suspension"))
    assert "“Suspend the investigation”" in suspension.toolTip()
    demand = dialog.kind.model().item(dialog.kind.findData("demand"))
    assert demand.toolTip().startswith("No 行政处罚决定书 has been made in this case") and "art. 54" in demand.toolTip()
    assert dialog.kind.model().item(dialog.kind.currentIndex()).isEnabled()
    decided = ClockEventDialog(db, served_case(db, make_case), prompts)
    qtbot.addWidget(decided)
    assert {"demand", "deferral", "publication"} <= set(offered(decided))


def test_the_dialog_names_its_dates_and_asks_a_deferrals_approval(db, make_case, prompts, qtbot, english):
    from ui.case_clocks import ClockEventDialog

    case = served_case(db, make_case)
    dialog = ClockEventDialog(db, case, prompts)
    qtbot.addWidget(dialog)
    dialog.show()
    label = dialog.rows["starts_on"][0]
    dialog.kind.setCurrentIndex(dialog.kind.findData("demand"))
    assert label.text() == "Serve&d on"  # its Alt letter (D) kept whatever the date is called
    dialog.kind.setCurrentIndex(dialog.kind.findData("police_filed"))
    assert label.text() == "&Date it happened"
    dialog.kind.setCurrentIndex(dialog.kind.findData("suspension"))
    assert label.text() == "From(&D)"
    dialog.kind.setCurrentIndex(dialog.kind.findData("deferral"))
    assert all(widget.isVisible() for field in ("approved_on", "approved_by") for widget in dialog.rows[field])
    dialog.starts_on.setDate(dialog.starts_on.date().fromString("2026-06-10", "yyyy-MM-dd"))
    dialog.ends_on.setDate(dialog.ends_on.date().fromString("2026-08-31", "yyyy-MM-dd"))
    dialog.approved_on.setDate(dialog.approved_on.date().fromString("2026-06-08", "yyyy-MM-dd"))
    assert "approved_by" in dialog.validate()
    assert not dialog.buttons.button(dialog.buttons.StandardButton.Save).isEnabled()
    dialog.approved_by.setText("张局长")
    assert dialog.validate() == {}
    dialog.save()
    assert dialog.saved is not None and (dialog.saved.approved_on, dialog.saved.approved_by) == ("2026-06-08", "张局长")


def test_the_extension_row_says_its_unit_and_its_approver_is_shown_whole(db, make_case, prompts, qtbot, english):
    from ui.case_clocks import ClockEventDialog

    case = stage(db, make_case(), "investigating", filed_on="2026-03-10")
    dialog = ClockEventDialog(db, case, prompts, kind="extension", clock="T2")
    qtbot.addWidget(dialog)
    assert dialog.rows["days"][0].text() == "Days &extended"
    edit = dialog.approved_by
    assert edit.placeholderText()
    assert edit.minimumWidth() > edit.fontMetrics().horizontalAdvance(edit.placeholderText())


def test_a_second_publication_without_a_withdrawal_is_refused_naming_the_first(db, make_case, english):
    case = served_case(db, make_case)  # decided 2026-06-01
    record_clock_event(db, ClockEvent(case_id=case.id, kind="publication", starts_on="2026-06-05"))
    before = counts(db)
    for day in ("2026-06-10", "2026-06-05", "2026-06-03"):  # after the one recorded, the same day, before it
        with pytest.raises(ValidationError) as refused:
            record_clock_event(db, ClockEvent(case_id=case.id, kind="publication", starts_on=day))
        assert refused.value.errors["starts_on"] == (
            "The penalty information is already recorded as published on 2026-06-05, and no withdrawal of that "
            "publication is recorded: it cannot be published a second time. If it was withdrawn and published "
            "again, record “Published penalty information withdrawn” first; if the date of the publication recorded "
            "is wrong, remove that event (with the reason) and record it again on the right day.")
    assert counts(db) == before
    # withdrawn, then published again: recorded; a third publication needs a withdrawal of the second in its turn
    record_clock_event(db, ClockEvent(case_id=case.id, kind="publication_withdrawn", starts_on="2026-06-08",
                                      note="处罚决定经复议被撤销"))
    record_clock_event(db, ClockEvent(case_id=case.id, kind="publication", starts_on="2026-06-10"))
    with pytest.raises(ValidationError, match="already recorded as published on 2026-06-10"):
        record_clock_event(db, ClockEvent(case_id=case.id, kind="publication", starts_on="2026-06-12"))
    assert [day for (day,) in db.execute("SELECT starts_on FROM clock_events WHERE case_id = ? AND kind = "
                                         "'publication' ORDER BY starts_on", [case.id])] == ["2026-06-05", "2026-06-10"]
