"""The dates of the procedure's steps (立案, 告知书送达, 决定, 决定书送达, 结案) come from the procedure actions: the
core refuses a step's date the case's status has not reached and any date still to come, the case editor shows
them read only, keeps the order of the case's officers, and the timeline shows only the steps taken."""

import datetime as dt
from dataclasses import replace

import pytest

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox

from tests.test_register_import import FIRST_DATA_ROW, GOOD, register_rows, write_csv
from workstation.errors import ImportRefused, ValidationError
from workstation.importing.register import import_register
from workstation.records import ClockEvent, today
from workstation.store import case_events, count_cases, get_case
from workstation.store.cases import MILESTONES, case_timeline, create_case, update_case

FILED = "2026-11-01"


def tomorrow() -> str:
    return (dt.date.fromisoformat(today()) + dt.timedelta(days=1)).isoformat()


def stored_state(db, case_id):
    case = get_case(db, case_id)
    return case, len(case_events(db, case_id))


# ---- the core ---------------------------------------------------------------------------------------------------

def test_dates_of_steps_an_investigated_case_has_not_taken_are_refused_at_their_fields_and_nothing_changes(
        db, make_case, english):
    case = make_case(status="investigating", lead_received_on="2026-10-28", filed_on=FILED)
    before = stored_state(db, case.id)
    typed = replace(case, decided_on="2026-11-20", served_on="2026-11-21", closed_on="2026-11-22")
    with pytest.raises(ValidationError) as refused:
        update_case(db, typed)
    assert set(refused.value.errors) == {"decided_on", "served_on", "closed_on"}
    assert refused.value.errors["decided_on"] == (
        "A case in status “Under investigation” has not taken this step yet: its date is recorded by the procedure "
        "action “On-the-spot penalty” or “Decide the penalty” or “Decide not to penalise” when the case takes it.")
    assert "“Close the case”" in refused.value.errors["closed_on"]
    assert stored_state(db, case.id) == before


def test_a_new_case_waiting_for_its_filing_cannot_carry_a_filing_date(db, make_case, english):
    with pytest.raises(ValidationError) as refused:
        make_case(lead_received_on="2026-10-28", filed_on=FILED)
    assert list(refused.value.errors) == ["filed_on"] and "“File the case”" in refused.value.errors["filed_on"]
    assert count_cases(db) == 0


def test_a_case_taken_through_the_steps_keeps_their_dates(db, make_case):
    # as the demo and the procedure write them: the status and the dates of the steps it has taken together
    case = make_case(status="closed", lead_received_on="2026-10-20", filed_on=FILED, review_on="2026-11-10",
                     notice_served_on="2026-11-12", decided_on="2026-11-25", served_on="2026-11-26",
                     closed_on="2026-11-30")
    assert (case.filed_on, case.decided_on, case.closed_on) == (FILED, "2026-11-25", "2026-11-30")


@pytest.mark.gui
def test_a_date_still_to_come_is_refused_in_the_editor(qtbot, db, make_case, prompts, english):
    from ui.case_dialog import CaseDialog

    case = make_case(lead_received_on="2026-10-28")
    dialog = CaseDialog(db, prompts, case)
    qtbot.addWidget(dialog)
    dialog.dates["lead_received_on"].setText(tomorrow())
    assert dialog.errors["lead_received_on"].text() == (
        f"{tomorrow()} is still to come (today is {today()}): enter the day it happened.")
    assert not dialog.buttons.button(QDialogButtonBox.StandardButton.Save).isEnabled()
    dialog.save()
    assert get_case(db, case.id).lead_received_on == "2026-10-28"
    dialog.dates["lead_received_on"].setText(today())
    assert dialog.errors["lead_received_on"].text() == ""


def test_a_date_stored_before_these_checks_does_not_block_other_edits_and_is_not_shown_as_a_step(
        db, make_case, english):
    case = make_case(status="investigating", filed_on=FILED)
    db.execute("UPDATE cases SET decided_on = '2026-11-28', closed_on = '2026-11-30' WHERE id = ?", [case.id])
    edited = update_case(db, replace(get_case(db, case.id), cause="涉嫌改过的案由"))
    assert edited.cause == "涉嫌改过的案由"
    texts = [entry.text for entry in case_timeline(db, edited) if entry.kind == "milestone"]
    assert texts == ["Case filed"]


# ---- the register -----------------------------------------------------------------------------------------------

def test_a_register_row_filed_on_a_day_still_to_come_is_reported_and_nothing_is_imported(db, tmp_path, english):
    rows = [list(row) for row in GOOD]
    rows[1][7] = tomorrow()
    path = write_csv(tmp_path / "register.csv", register_rows(rows, total=False))
    with pytest.raises(ImportRefused) as refused:
        import_register(db, path)
    assert refused.value.errors == [{"row": FIRST_DATA_ROW + 1, "field": "立案日期", "message":
                                     f"{tomorrow()} is still to come (today is {today()}): enter the day it happened."}]
    assert count_cases(db) == 0


# ---- the timeline -----------------------------------------------------------------------------------------------

def test_a_one_day_clock_event_on_the_timeline_does_not_repeat_its_date(db, make_case, english):
    from workstation.store.clock_events import record_clock_event

    case = make_case(status="served", fine_fen=500_000, filed_on="2026-10-01", review_on="2026-10-20",
                     notice_served_on="2026-10-22", decided_on="2026-11-10", served_on="2026-11-12")
    record_clock_event(db, ClockEvent(case_id=case.id, kind="publication", starts_on="2026-11-16",
                                      note="国家企业信用信息公示系统"))
    (entry,) = [e for e in case_timeline(db, get_case(db, case.id)) if e.kind == "stopped"]
    assert (entry.on_date, entry.text) == ("2026-11-16", "Penalty information published")


def test_the_workspace_labels_the_service_date_as_a_date_not_as_the_timeline_s_event():
    from ui.case_dialog import FIELD_LABELS
    from ui.case_workspace import DATE_LABELS

    milestone = dict(MILESTONES)["served_on"]
    assert dict(DATE_LABELS)["served_on"] == FIELD_LABELS["served_on"] == "Decision served on" != milestone


# ---- the case editor --------------------------------------------------------------------------------------------

@pytest.mark.gui
def test_the_editor_shows_the_steps_taken_read_only_and_the_others_greyed_out(qtbot, db, make_case, prompts):
    from ui.case_dialog import CaseDialog

    case = make_case(status="investigating", lead_received_on="2026-10-28", filed_on=FILED)
    dialog = CaseDialog(db, prompts, case)
    qtbot.addWidget(dialog)
    filed = dialog.dates["filed_on"]
    assert filed.text() == FILED and filed.isReadOnly() and filed.isEnabled()
    assert "“立案”" in filed.toolTip()
    for field in ("notice_served_on", "decided_on", "served_on", "closed_on"):
        assert not dialog.dates[field].isEnabled() and dialog.dates[field].text() == "", field
    assert "作出行政处罚决定" in dialog.dates["decided_on"].toolTip()
    assert not dialog.dates["lead_received_on"].isReadOnly()
    # what a field shows cannot become the case's step date
    dialog.dates["decided_on"].setText("2026-11-28")
    dialog.cause.setText("涉嫌改过的案由")
    dialog.save()
    assert prompts.errors == []
    stored = get_case(db, case.id)
    assert (stored.cause, stored.filed_on, stored.decided_on, stored.status) == (
        "涉嫌改过的案由", FILED, None, "investigating")


@pytest.mark.gui
def test_a_new_case_is_saved_without_step_dates_and_its_timeline_does_not_say_filed(qtbot, db, officers, make_case,
                                                                                    prompts, english):
    from ui.case_dialog import CaseDialog

    template = make_case(lead_received_on="2026-10-28")
    dialog = CaseDialog(db, prompts)
    qtbot.addWidget(dialog)
    assert all(not dialog.dates[f].isEnabled() for f in ("filed_on", "decided_on", "served_on", "closed_on"))
    dialog.dates["filed_on"].setText(FILED)  # not the officer's to type: ignored
    dialog.cause.setText("涉嫌未经消费者同意发送商业性信息案")
    dialog.sector.setCurrentIndex(dialog.sector.findData("real_estate"))  # a new case presets none
    dialog.add_party(template.party_ids[0])
    dialog.dates["lead_received_on"].setText("2026-11-02")
    dialog.save()
    assert prompts.errors == [] and dialog.saved_case is not None
    saved = dialog.saved_case
    assert (saved.status, saved.filed_on) == ("pending_filing", None)
    assert "Case filed" not in [e.text for e in case_timeline(db, saved)]


def _officer_rows(dialog):
    return [dialog.officers.item(i).data(Qt.ItemDataRole.UserRole) for i in range(dialog.officers.count())]


@pytest.mark.gui
def test_saving_an_edit_keeps_the_order_of_the_case_s_officers(qtbot, db, officers, make_case, prompts):
    from ui.case_dialog import CaseDialog
    from workstation.store import agency_id_for_code, list_officers

    listed = [o.id for o in list_officers(db, agency_id_for_code("440605")) if o.id in
              {officers["陈志强"].id, officers["黄丽娟"].id}]
    names = {o.id: o.name for o in officers.values()}
    case = make_case(officer_names=tuple(names[oid] for oid in reversed(listed)))  # not the list's order
    dialog = CaseDialog(db, prompts, case)
    qtbot.addWidget(dialog)
    assert _officer_rows(dialog)[:2] == case.officer_ids  # the case's officers first, as they sign
    dialog.cause.setText("涉嫌改过的案由")
    dialog.save()
    stored = get_case(db, case.id)
    assert stored.officer_ids == case.officer_ids
    (edited,) = [e for e in case_events(db, case.id) if e.kind == "edited"]
    assert edited.note == "cause"


@pytest.mark.gui
def test_the_officers_are_reordered_on_purpose_with_move_up(qtbot, db, officers, make_case, prompts):
    from ui.case_dialog import CaseDialog

    case = make_case()
    dialog = CaseDialog(db, prompts, case)
    qtbot.addWidget(dialog)
    dialog.officers.setCurrentRow(1)
    qtbot.mouseClick(dialog.officer_up, Qt.MouseButton.LeftButton)
    assert dialog.buttons.button(QDialogButtonBox.StandardButton.Save).isEnabled()
    dialog.save()
    assert get_case(db, case.id).officer_ids == list(reversed(case.officer_ids))
    (edited,) = [e for e in case_events(db, case.id) if e.kind == "edited"]
    assert edited.note == "officer_ids"


def test_create_case_with_a_decision_date_on_a_case_not_decided_changes_nothing(db, make_case, english):
    case = make_case(status="pre_notice", filed_on="2026-10-01", review_on="2026-10-20",
                     notice_served_on="2026-10-22")
    with pytest.raises(ValidationError):
        create_case(db, replace(case, id="another", case_number="", decided_on="2026-11-10"))
    assert count_cases(db) == 1
