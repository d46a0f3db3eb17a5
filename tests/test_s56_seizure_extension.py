"""The extension of one seal-up or seizure (行政强制法 art. 25: per measure, once, by at most thirty days): in a case
with two 实施行政强制措施决定书, each with its own T14, the extension its 延长行政强制措施期限决定书 names moves that
measure's T14 alone, to the day the decision extends it to; the other measure keeps its own end and can still be
extended once itself. A case with one measure is extended as before; an extension recorded before it named its
measure is given the case's single measure (m061), and one of a case with several still extends every seizure."""

from __future__ import annotations

import pytest

from tests.helpers import program_day
from tests.test_s43_seizure_party_measure import offered_dialog
from workstation import clocks
from workstation.documents.drafts import find_form
from workstation.documents.issuing import issue_document
from workstation.errors import ValidationError
from workstation.records import ClockEvent
from workstation.store import find_case, get_case
from workstation.store.clock_events import (
    clock_event_errors,
    delete_clock_event,
    describe,
    get_clock_event,
    record_clock_event,
)

CASE = "佛南市监立〔2026〕9号"  # demo case under investigation, one party
BASIS = "《中华人民共和国个人信息保护法》第六十三条第一款第（四）项"
FIRST_ON, SECOND_ON = "2026-12-01", "2026-12-04"
FIRST_ENDS, SECOND_ENDS = "2026-12-31", "2027-01-03"  # thirty days each
FIRST_EXTENDED, SECOND_EXTENDED = "2027-01-30", "2027-01-20"  # as each 延长决定书 says: 30 and 17 days more


@pytest.fixture
def measures(demo_db, data_dir, monkeypatch, kept_state):
    """The case with two 实施行政强制措施决定书 (12-01, 12-04), each recorded as its seizure: (case, [(decision,
    seizure)] in that order); made once, copied into each test (``kept_state``)."""
    program_day(monkeypatch, "2026-12-06")

    def make():
        case = find_case(demo_db, CASE)
        out = []
        for on, item in ((FIRST_ON, "1 | 笔记本电脑 | 联想E14 | 1台 | 无"), (SECOND_ON, "1 | 手机 | 华为 | 2部 | 无")):
            decision = issue_document(demo_db, data_dir, get_case(demo_db, case.id),
                                      find_form("compulsory_measure_decision"),
                                      {"legal_basis": BASIS, "measure": "扣押", "decided_on": on, "items": item})
            out.append((decision, record_clock_event(demo_db, ClockEvent(case_id=case.id, kind="seizure",
                                                                         starts_on=on))))
        return get_case(demo_db, case.id), out

    return kept_state("measures", demo_db, data_dir, make)


def t14(db, case) -> dict[str, str]:
    """{start: last day} of each T14 of the case, as the case's 期限 tab shows them."""
    return {d.start: d.due for d in clocks.case_clocks(db, get_case(db, case.id)) if d.clock == "T14"}


def board_t14(db, case) -> dict[str, str]:
    return {d.start: d.due for d in clocks.board(db) if d.case_id == case.id and d.clock == "T14"}


def extension(case, days, measure=None, on="2026-12-06") -> ClockEvent:
    return ClockEvent(case_id=case.id, kind="extension", clock="T14", days=days, starts_on=on, approved_on=on,
                      approved_by="局长", measure_id=measure)


def extension_document(db, data_dir, case, decision, original_until, extended_until):
    return issue_document(db, data_dir, get_case(db, case.id), find_form("compulsory_measure_extension"),
                          {"decision_no": decision.number, "measured_on": decision.values["decided_on"],
                           "original_until": original_until, "extended_until": extended_until,
                           "decided_on": "2026-12-06"})


def test_the_extension_of_one_measure_moves_its_t14_alone(demo_db, measures, english):
    case, [(_d1, first), (_d2, second)] = measures
    assert t14(demo_db, case) == {FIRST_ON: FIRST_ENDS, SECOND_ON: SECOND_ENDS}
    # the days to the 延长至 date are counted from the measure's own end, not the latest of the case's
    days = clocks.extension_days_until(demo_db, case, "T14", FIRST_EXTENDED, measure_id=first.id)
    assert days == 30
    event = record_clock_event(demo_db, extension(case, days, first.id))
    assert get_clock_event(demo_db, event.id).measure_id == first.id
    assert t14(demo_db, case) == {FIRST_ON: FIRST_EXTENDED, SECOND_ON: SECOND_ENDS}
    assert board_t14(demo_db, case) == {FIRST_ON: FIRST_EXTENDED, SECOND_ON: SECOND_ENDS}
    # the timeline says which of the two measures was extended
    assert describe(get_clock_event(demo_db, event.id), demo_db).startswith(
        f"T14 “Period of sealing or seizure” of the measure begun {FIRST_ON} extended by 30 days")


def test_each_measure_is_extended_once_by_its_own_extension(demo_db, measures, english):
    case, [(_d1, first), (_d2, second)] = measures
    record_clock_event(demo_db, extension(case, 30, first.id))
    days = clocks.extension_days_until(demo_db, case, "T14", SECOND_EXTENDED, measure_id=second.id)
    assert days == 17
    assert clock_event_errors(demo_db, extension(case, days, second.id), case) == {}
    record_clock_event(demo_db, extension(case, days, second.id))
    assert t14(demo_db, case) == {FIRST_ON: FIRST_EXTENDED, SECOND_ON: SECOND_EXTENDED}
    with pytest.raises(ValidationError) as refused:  # the first measure was extended once already
        record_clock_event(demo_db, extension(case, 5, first.id))
    assert refused.value.errors["days"].startswith("T14 was already extended once, by 30 days (approved on "
                                                   "2026-12-06 by 局长)")


def test_an_extension_naming_no_measure_in_a_case_with_several_is_refused(demo_db, measures, english):
    case, _measures = measures
    errors = clock_event_errors(demo_db, extension(case, 30), case)
    assert errors["measure"] == (f"The case has several seals-up or seizures ({FIRST_ON}, {SECOND_ON}): choose the "
                                 "one this extension extends, as its 延长行政强制措施期限决定书 names it.")
    with pytest.raises(ValidationError):
        record_clock_event(demo_db, extension(case, 30))
    assert t14(demo_db, case) == {FIRST_ON: FIRST_ENDS, SECOND_ON: SECOND_ENDS}


def test_a_case_with_one_measure_is_extended_as_before(demo_db, data_dir, monkeypatch, english):
    program_day(monkeypatch, "2026-12-06")
    case = find_case(demo_db, CASE)
    seizure = record_clock_event(demo_db, ClockEvent(case_id=case.id, kind="seizure", starts_on=FIRST_ON))
    assert clocks.extension_days_until(demo_db, get_case(demo_db, case.id), "T14", FIRST_EXTENDED) == 30
    event = record_clock_event(demo_db, extension(case, 30))  # naming no measure: the case's only one
    assert get_clock_event(demo_db, event.id).measure_id == seizure.id
    assert t14(demo_db, case) == {FIRST_ON: FIRST_EXTENDED}
    assert describe(get_clock_event(demo_db, event.id), demo_db).startswith(
        "T14 “Period of sealing or seizure” extended by 30 days")
    with pytest.raises(ValidationError) as refused:
        record_clock_event(demo_db, extension(case, 5))
    assert refused.value.errors["days"].startswith("T14 was already extended once")


def _unlinked(db, event_id):
    db.execute("UPDATE clock_events SET measure_id = NULL WHERE id = ?", [event_id])


def test_m061_gives_an_earlier_extension_the_single_measure_it_extended(demo_db, data_dir, monkeypatch, english):
    from workstation.db.schema import m061_seizure_extension_measure

    program_day(monkeypatch, "2026-12-06")
    case = find_case(demo_db, CASE)
    first = record_clock_event(demo_db, ClockEvent(case_id=case.id, kind="seizure", starts_on=FIRST_ON))
    event = record_clock_event(demo_db, extension(case, 30, on="2026-12-03"))
    _unlinked(demo_db, event.id)  # as recorded before m061
    # a second measure decided after the extension was approved: the earlier one moved it too
    record_clock_event(demo_db, ClockEvent(case_id=case.id, kind="seizure", starts_on=SECOND_ON))
    assert t14(demo_db, case) == {FIRST_ON: FIRST_EXTENDED, SECOND_ON: "2027-02-02"}
    m061_seizure_extension_measure(demo_db)
    assert get_clock_event(demo_db, event.id).measure_id == first.id
    assert t14(demo_db, case) == {FIRST_ON: FIRST_EXTENDED, SECOND_ON: SECOND_ENDS}


def test_an_earlier_extension_of_a_case_with_several_measures_still_extends_every_one(demo_db, measures, english):
    from workstation.db.schema import m061_seizure_extension_measure

    case, [(_d1, first), (_d2, _second)] = measures
    event = record_clock_event(demo_db, extension(case, 30, first.id))
    _unlinked(demo_db, event.id)  # recorded before m061, when both measures ran: which one it extended is unknown
    m061_seizure_extension_measure(demo_db)
    assert get_clock_event(demo_db, event.id).measure_id is None
    assert t14(demo_db, case) == {FIRST_ON: FIRST_EXTENDED, SECOND_ON: "2027-02-02"}


def test_a_seizure_an_extension_names_is_not_removed_before_it(demo_db, measures, english):
    case, [(_d1, first), (_d2, _second)] = measures
    event = record_clock_event(demo_db, extension(case, 30, first.id))
    with pytest.raises(ValidationError) as refused:
        delete_clock_event(demo_db, first.id, "recorded in error")
    assert refused.value.errors["reason"] == (
        "The extension recorded on 2026-12-06 extends this seal-up or seizure: remove that extension first.")
    delete_clock_event(demo_db, event.id, "recorded in error")
    delete_clock_event(demo_db, first.id, "recorded in error")


@pytest.mark.gui
def test_issuing_each_extension_decision_offers_the_extension_of_its_own_measure(
        demo_db, data_dir, measures, qtbot, prompts, monkeypatch, english):
    from ui.case_clocks import ClockEventDialog

    case, [(d1, first), (d2, second)] = measures
    approved = ClockEventDialog.save

    def save(dialog):  # the officer types the approver the decision names
        dialog.approved_by.setText("局长")
        approved(dialog)

    monkeypatch.setattr(ClockEventDialog, "save", save)
    document = extension_document(demo_db, data_dir, case, d1, FIRST_ENDS, FIRST_EXTENDED)
    dialog = offered_dialog(monkeypatch, prompts, demo_db, case, "compulsory_measure_extension", document)
    qtbot.addWidget(dialog)
    assert dialog.measure.isVisibleTo(dialog) and dialog.measure.currentData() == first.id
    assert dialog.days.value() == 30  # up to 2027-01-30 from the first measure's 2026-12-31
    assert dialog.saved is not None and get_clock_event(demo_db, dialog.saved.id).measure_id == first.id
    assert t14(demo_db, case) == {FIRST_ON: FIRST_EXTENDED, SECOND_ON: SECOND_ENDS}

    document = extension_document(demo_db, data_dir, case, d2, SECOND_ENDS, SECOND_EXTENDED)
    dialog = offered_dialog(monkeypatch, prompts, demo_db, case, "compulsory_measure_extension", document)
    qtbot.addWidget(dialog)
    assert dialog.measure.currentData() == second.id and dialog.days.value() == 17
    assert dialog.saved is not None and get_clock_event(demo_db, dialog.saved.id).measure_id == second.id
    assert t14(demo_db, case) == {FIRST_ON: FIRST_EXTENDED, SECOND_ON: SECOND_EXTENDED}


@pytest.mark.gui
def test_an_extension_recorded_by_hand_asks_which_measure(demo_db, measures, qtbot, prompts, english):
    from ui.case_clocks import ClockEventDialog

    case, [(_d1, first), (_d2, second)] = measures
    dialog = ClockEventDialog(demo_db, case, prompts)
    qtbot.addWidget(dialog)
    dialog.kind.setCurrentIndex(dialog.kind.findData("extension"))
    dialog.clock.setCurrentIndex(dialog.clock.findData("T14"))
    assert dialog.measure.isVisibleTo(dialog)
    assert dialog.rows["measure"][0].text().replace("&", "") == "Measure extended"
    assert [dialog.measure.itemData(i) for i in range(dialog.measure.count())] == ["", first.id, second.id]
    assert dialog.validate()["measure"].startswith("The case has several seals-up or seizures")
    assert not dialog.buttons.button(dialog.buttons.StandardButton.Save).isEnabled()
    dialog.measure.setCurrentIndex(dialog.measure.findData(second.id))
    assert dialog.current().measure_id == second.id
    assert dialog.clock.findData("T2") >= 0
    dialog.clock.setCurrentIndex(dialog.clock.findData("T2"))
    assert dialog.clock.currentData() == "T2"
    assert not dialog.measure.isVisibleTo(dialog) and dialog.current().measure_id is None


def test_an_extension_a_station_sent_naming_no_measure_is_linked_at_headquarters(station_and_hq_dirs, capsys,
                                                                                  monkeypatch, english):
    """A station still on the version before m061 sends an extension naming no measure; headquarters ran m061 before
    it arrived, and the station's own m061 links it later without sending it again: headquarters links it on merging,
    to the case's only seizure running that day, so that its T14 is that of the one measure."""
    from tests.helpers import open_db, send_bundle

    program_day(monkeypatch, "2026-12-06")
    dirs = station_and_hq_dirs
    station = open_db(dirs / "station")
    case = find_case(station, CASE)
    seizure = record_clock_event(station, ClockEvent(case_id=case.id, kind="seizure", starts_on=FIRST_ON))
    send_bundle(capsys, dirs, "first.bundle")
    event = record_clock_event(station, extension(case, 30))
    _unlinked(station, event.id)  # as the older version records it
    station.close()
    send_bundle(capsys, dirs, "second.bundle")
    hq = open_db(dirs / "hq")
    try:
        assert get_clock_event(hq, event.id).measure_id == seizure.id
        assert t14(hq, case) == {FIRST_ON: FIRST_EXTENDED}
    finally:
        hq.close()


def test_a_clash_over_the_measure_extended_names_the_measure(demo_db, measures, english):
    """A conflict over which measure an extension extends shows each measure as the merge preview names a deadline
    event (its kind and the day it began), not its raw id."""
    from types import SimpleNamespace

    from workstation.bundle.conflict_text import conflict_text, record_names

    case, [(_d1, first), (_d2, second)] = measures
    conflict = SimpleNamespace(table="clock_events", field="measure_id", local=first.id, incoming=second.id,
                               label="T14 extension 2026-12-06", station_name="南海区局", station_id="")
    text = conflict_text(conflict, record_names(demo_db, [conflict]))
    assert text.endswith(f"Measure extended this installation: Sealing or seizure {FIRST_ON}; 南海区局: "
                         f"Sealing or seizure {SECOND_ON}"), text
    assert first.id not in text and second.id not in text
