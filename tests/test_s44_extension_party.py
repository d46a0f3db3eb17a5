"""The extension (延长) of the seal-up or seizure of one party's goods (行政强制法 art. 25): in a case with several
parties it names the party of the measure it extends (the party of the 实施行政强制措施决定书 the
延长行政强制措施期限决定书 names, as its seizure does) and moves that party's T14 alone, on the case's clocks and the
board; one of the whole case still extends a seizure of the whole case. A seizure recorded without a party is the
whole case's: its T14 and the 延长 form's 原期限届满日期 both count every party's testing."""

from __future__ import annotations

from dataclasses import replace
from types import SimpleNamespace

import pytest

from tests import test_s43_testing_party_measure as testing_party
from tests.test_s43_seizure_party_measure import offered_dialog, t14
from tests.test_s43_seizures_of_parties import seizure
from tests.test_s43_testing_party_measure import ENDS, MOVED, measure_end_of, record_testing
from workstation import clocks
from workstation.documents.addressee import PARTY_KEY
from workstation.documents.issuing import in_force_of_form
from workstation.errors import ValidationError
from workstation.records import ClockEvent
from workstation.store import get_case
from workstation.store.clock_events import clock_event_errors, describe, get_clock_event, record_clock_event

two_parties = testing_party.two_parties  # the case with a second party and a measure issued to its first
# the first party's goods seized 2026-10-01 (T14 to 10-31), the other's 10-05 (to 11-04); thirty days more each
FIRST_ENDS, OTHER_ENDS = "2026-10-31", "2026-11-04"
FIRST_EXTENDED, OTHER_EXTENDED = "2026-11-30", "2026-12-04"


def extension(case, party, days=30) -> ClockEvent:
    return ClockEvent(case_id=case.id, kind="extension", clock="T14", party_id=party, days=days,
                      starts_on="2026-10-20", approved_on="2026-10-20", approved_by="局长")


def board_t14(db, case) -> list[tuple]:
    """(party, last day) of each T14 line of the case on the deadline board."""
    return sorted((d.party_id, d.due) for d in clocks.board(db, on="2026-10-21")
                  if d.case_id == case.id and d.clock == "T14")


@pytest.fixture
def two_seizures(demo_db, two_parties):
    """Both parties' goods seized: (case, first, other)."""
    case, first, other = two_parties
    record_clock_event(demo_db, seizure(case, first))
    record_clock_event(demo_db, seizure(case, other, "2026-10-05"))
    return case, first, other


def test_an_extension_of_one_partys_seizure_moves_its_t14_alone(demo_db, two_seizures, english):
    case, first, other = two_seizures
    event = record_clock_event(demo_db, extension(case, first))
    assert get_clock_event(demo_db, event.id).party_id == first  # kept, and named on the timeline
    assert f" of {party_name(demo_db, first)}” extended by 30 days (approved 2026-10-20 by 局长)" in describe(
        event, demo_db)
    assert board_t14(demo_db, case) == sorted([(first, FIRST_EXTENDED), (other, OTHER_ENDS)])
    shown = [d for d in clocks.case_clocks(demo_db, get_case(demo_db, case.id), on="2026-10-21") if d.clock == "T14"]
    assert sorted((d.party_id, d.due) for d in shown) == sorted([(first, FIRST_EXTENDED), (other, OTHER_ENDS)])


def party_name(db, party) -> str:
    return db.execute("SELECT name FROM parties WHERE id = ?", [party]).fetchone()[0]


def test_each_partys_seizure_is_extended_once_by_its_own_thirty_days(demo_db, two_seizures, english):
    case, first, other = two_seizures
    record_clock_event(demo_db, extension(case, first))
    assert clock_event_errors(demo_db, extension(case, other), case).get("days") is None
    record_clock_event(demo_db, extension(case, other))
    assert board_t14(demo_db, case) == sorted([(first, FIRST_EXTENDED), (other, OTHER_EXTENDED)])
    with pytest.raises(ValidationError) as refused:  # the first party's measure was extended once already
        record_clock_event(demo_db, extension(case, first, 5))
    assert refused.value.errors["days"].startswith(
        "T14 was already extended once, by 30 days (approved on 2026-10-20 by 局长); the rules allow a single "
        "extension of at most 30 days")


def test_an_extension_of_the_whole_case_still_extends_a_seizure_of_the_whole_case(demo_db, two_parties, english):
    case, _first, _other = two_parties
    record_clock_event(demo_db, seizure(case, None))
    event = record_clock_event(demo_db, extension(case, None))
    assert get_clock_event(demo_db, event.id).party_id is None
    assert board_t14(demo_db, case) == [(None, FIRST_EXTENDED)]


def test_an_extension_of_a_t2_names_no_party(demo_db, two_parties, english):
    case, first, _other = two_parties
    event = ClockEvent(case_id=case.id, kind="extension", clock="T2", party_id=first, days=30,
                       starts_on="2026-10-20", approved_on="2026-10-20", approved_by="局长")
    assert clock_event_errors(demo_db, event, case).get("party") is None
    assert get_clock_event(demo_db, record_clock_event(demo_db, event).id).party_id is None


def extension_document(db, case, party) -> SimpleNamespace:
    """A 延长行政强制措施期限决定书 written for ``party``, extending the first party's measure to 2026-11-30."""
    decision = in_force_of_form(db, case.id, "compulsory_measure_decision")[0]
    return SimpleNamespace(values={PARTY_KEY: party, "decision_no": decision.number, "decided_on": "2026-10-20",
                                   "extended_until": FIRST_EXTENDED}, issued_at="2026-10-20T10:00:00")


@pytest.mark.gui
@pytest.mark.parametrize("written_for", ["first", "other"])
def test_issuing_the_extension_offers_it_for_the_party_of_the_measure_it_extends(
        demo_db, two_seizures, qtbot, prompts, monkeypatch, english, written_for):
    case, first, other = two_seizures
    from ui.case_clocks import ClockEventDialog

    document = extension_document(demo_db, case, {"first": first, "other": other}[written_for])
    approved = ClockEventDialog.save

    def save(dialog):  # the officer types the approver the decision names
        dialog.approved_by.setText("局长")
        approved(dialog)

    monkeypatch.setattr(ClockEventDialog, "save", save)
    dialog = offered_dialog(monkeypatch, prompts, demo_db, case, "compulsory_measure_extension", document)
    qtbot.addWidget(dialog)
    assert dialog.kind.currentData() == "extension" and dialog.clock.currentData() == "T14"
    assert dialog.party.isVisibleTo(dialog) and dialog.party.currentData() == first
    assert dialog.rows["party"][0].text().replace("&", "").startswith("Party whose goods are sealed up or seized")
    assert dialog.days.value() == 30  # up to the 延长至 date from the first party's T14, not the other's
    assert dialog.saved is not None and get_clock_event(demo_db, dialog.saved.id).party_id == first
    assert board_t14(demo_db, case) == sorted([(first, FIRST_EXTENDED), (other, OTHER_ENDS)])


@pytest.mark.gui
def test_an_extension_recorded_by_hand_asks_whose_seizure(demo_db, two_seizures, qtbot, prompts, english):
    from ui.case_clocks import ClockEventDialog

    case, first, other = two_seizures
    dialog = ClockEventDialog(demo_db, case, prompts)
    qtbot.addWidget(dialog)
    dialog.kind.setCurrentIndex(dialog.kind.findData("extension"))
    dialog.clock.setCurrentIndex(dialog.clock.findData("T14"))
    assert dialog.party.isVisibleTo(dialog)
    assert [dialog.party.itemData(i) for i in range(dialog.party.count())] == [first, other, ""]
    assert dialog.party.itemText(2) == "The whole case (goods of every party)"
    dialog.party.setCurrentIndex(dialog.party.findData(other))
    assert dialog.current().party_id == other
    dialog.clock.setCurrentIndex(dialog.clock.findData("T2"))
    assert not dialog.party.isVisibleTo(dialog) and dialog.current().party_id is None


def test_a_seizure_recorded_without_a_party_and_the_extension_form_count_every_testing(demo_db, two_parties,
                                                                                       english):
    case, first, other = two_parties
    record_clock_event(demo_db, seizure(case, None))  # by hand, for the measure issued to the first party
    record_testing(demo_db, case, other)
    assert t14(demo_db, case).due == MOVED
    assert measure_end_of(demo_db, case, first) == MOVED


def test_a_seizure_recorded_for_the_measures_party_counts_its_testing_alone(demo_db, two_parties, english):
    case, first, other = two_parties
    record_clock_event(demo_db, seizure(case, first))
    record_testing(demo_db, case, other)
    assert t14(demo_db, case).due == ENDS == measure_end_of(demo_db, case, first)



def test_an_extension_after_its_partys_measure_ran_out_is_refused(demo_db, two_seizures, english):
    case, first, other = two_seizures
    late = replace(extension(case, first), starts_on="2026-11-02", approved_on="2026-11-02")
    assert clock_event_errors(demo_db, late, case).get("approved_on") == (
        f"The time limit ran out on {FIRST_ENDS}: an extension must be approved before then.")
    assert clock_event_errors(demo_db, replace(late, party_id=other), case).get("approved_on") is None
