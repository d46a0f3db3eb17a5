"""One-off clock events (QA round 4): the police's answer, a transfer, a publication … happen on one day. Which kinds
do is said by the vocabulary (``[one_off_events]``): the dialog asks for their date alone, they take no end, and the
case shows them as "date what happened", never as a period of one day."""

import pytest

from PySide6.QtWidgets import QDialogButtonBox

from ui.case_clocks import CaseClocks, ClockEventDialog
from workstation import procedure
from workstation.errors import ValidationError
from workstation.records import ClockEvent
from workstation.store import get_case
from workstation.store.clock_events import clock_events_of, describe, one_off, record_clock_event
from workstation.vocabulary import labels


@pytest.fixture
def transferred(db, make_case):
    """A case filed on 2026-03-10 and transferred to the police on Tuesday 2026-04-21."""
    case = procedure.apply(db, make_case().id, "file", on_date="2026-03-10")
    return procedure.apply(db, case.id, "transfer_to_police", on_date="2026-04-21", reason="涉嫌侵犯公民个人信息罪")


def test_which_kinds_are_one_off_is_said_by_the_data():
    once = labels("one_off_events")
    assert {"police_refused", "police_filed", "transfer_approved", "exhibits_transferred", "publication"} <= set(once)
    assert set(once) <= set(labels("clock_events"))
    # what lasts, and what starts a clock met by its own completion date, is not one-off
    assert not any(one_off(kind) for kind in ("suspension", "hearing", "deferral", "hearing_session", "demand"))


def test_a_police_refusal_shows_as_its_day_and_what_was_received(db, transferred, english):
    event = record_clock_event(db, ClockEvent(case_id=transferred.id, kind="police_refused", starts_on="2026-04-23"))
    assert describe(event, db) == "2026-04-23 Police notice of refusal to open a case received"
    # an older record given an end on the same day reads the same, not "2026-04-23 to 2026-04-23 (1 days)"
    assert describe(ClockEvent(case_id=transferred.id, kind="police_refused", starts_on="2026-04-23",
                               ends_on="2026-04-23"), db) == "2026-04-23 Police notice of refusal to open a case received"


def test_a_one_off_event_takes_no_end_date(db, transferred, english):
    with pytest.raises(ValidationError) as refused:
        record_clock_event(db, ClockEvent(case_id=transferred.id, kind="police_refused", starts_on="2026-04-23",
                                          ends_on="2026-04-25"))
    assert refused.value.errors["ends_on"] == (
        "“Police declined to open a case (notice of refusal received)” happens on one day, 2026-04-23: it takes no "
        "end date.")
    assert [e.kind for e in clock_events_of(db, transferred.id)] == []


@pytest.mark.gui
def test_the_dialog_asks_a_one_off_event_for_its_date_alone(db, transferred, qtbot, prompts, english):
    dialog = ClockEventDialog(db, get_case(db, transferred.id), prompts)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.kind.setCurrentIndex(dialog.kind.findData("suspension"))
    assert dialog.rows["ends_on"][1].isVisibleTo(dialog) and dialog.rows["starts_on"][0].text() == "From(&D)"
    dialog.kind.setCurrentIndex(dialog.kind.findData("police_refused"))
    assert not dialog.rows["ends_on"][1].isVisibleTo(dialog) and not dialog.rows["ends_on"][0].isVisibleTo(dialog)
    assert dialog.rows["starts_on"][0].text() == "&Date it happened"
    dialog.starts_on.setDate(dialog.starts_on.date().fromString("2026-04-23", "yyyy-MM-dd"))
    dialog.buttons.button(QDialogButtonBox.StandardButton.Save).click()
    [event] = clock_events_of(db, transferred.id)
    assert (event.kind, event.starts_on, event.ends_on) == ("police_refused", "2026-04-23", None)


@pytest.mark.gui
def test_a_one_off_event_is_not_ended(db, transferred, qtbot, prompts, english):
    record_clock_event(db, ClockEvent(case_id=transferred.id, kind="police_refused", starts_on="2026-04-23"))
    section = CaseClocks(db, get_case(db, transferred.id), prompts)
    qtbot.addWidget(section)
    assert [section.events.item(i).text() for i in range(section.events.count())] == [
        "2026-04-23 Police notice of refusal to open a case received"]
    section.events.setCurrentRow(0)
    section.end_selected()
    assert prompts.infos == ["“Police declined to open a case (notice of refusal received)” happened on one day, "
                             "2026-04-23: it has no end to record."]
    assert clock_events_of(db, transferred.id)[0].ends_on is None
