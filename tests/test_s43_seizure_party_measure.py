"""The seal-up or seizure of one party's goods (行政强制法 art. 25): in a case with several parties the "seizure" event
the 实施行政强制措施决定书 records names the party it was written for, and its T14 (on the case's clocks and the
deadline board) does not count the testing of another party's goods, as the measure's end (``measure_end``) does
not; a seizure naming no party counts every testing, as before. Issuing a 检测期间告知书 offers the testing event
with the notice's party chosen; the 延长 refusal says whose testing it counted."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from tests import test_s43_testing_party_measure as testing_party
from tests.test_doc_stage_rules import refusal
from tests.test_s43_testing_party_measure import ENDS, MOVED, OTHER, measure_end_of, record_testing
from workstation import clocks
from workstation.documents.addressee import PARTY_KEY
from workstation.documents.drafts import find_form
from workstation.documents.issuing import in_force_of_form
from workstation.records import ClockEvent
from workstation.store import get_case
from workstation.store.clock_events import describe, get_clock_event, record_clock_event

two_parties = testing_party.two_parties  # the case with a second party and a measure issued to its first


def record_seizure(db, case, party=None) -> ClockEvent:
    return record_clock_event(db, ClockEvent(case_id=case.id, kind="seizure", party_id=party,
                                             starts_on="2026-10-01"))


def t14(db, case):
    return next(d for d in clocks.case_clocks(db, get_case(db, case.id), on="2026-10-05") if d.clock == "T14")


@pytest.mark.parametrize(("tested", "end"), [("other", ENDS), ("first", MOVED), (None, MOVED)])
def test_t14_of_a_partys_seizure_counts_only_its_own_or_the_whole_cases_testing(demo_db, two_parties, english,
                                                                                 tested, end):
    case, first, other = two_parties
    seizure = record_seizure(demo_db, case, first)
    assert get_clock_event(demo_db, seizure.id).party_id == first  # kept, and named on the timeline
    record_testing(demo_db, case, {"other": other, "first": first, None: None}[tested])
    deadline = t14(demo_db, case)
    assert (deadline.due, deadline.party_id) == (end, first)
    assert deadline.due == measure_end_of(demo_db, case, first)  # as the 延长 form counts that measure's end


def test_the_board_counts_t14_of_a_partys_seizure_without_another_partys_testing(demo_db, two_parties, english):
    case, first, other = two_parties
    record_seizure(demo_db, case, first)
    record_testing(demo_db, case, other)
    rows = [d for d in clocks.board(demo_db, on="2026-10-05") if d.case_id == case.id and d.clock == "T14"]
    assert [d.due for d in rows] == [ENDS]


def test_a_seizure_naming_no_party_counts_every_testing(demo_db, two_parties, english):
    case, _first, other = two_parties
    seizure = record_seizure(demo_db, case)
    assert get_clock_event(demo_db, seizure.id).party_id is None
    record_testing(demo_db, case, other)
    assert t14(demo_db, case).due == MOVED


def test_the_refusal_of_the_original_end_says_whose_testing_it_counted(demo_db, two_parties, english):
    case, first, other = two_parties
    record_testing(demo_db, case, other)
    message = refusal(demo_db, case, "compulsory_measure_extension", decided_on="2026-10-20", original_until=MOVED,
                      extended_until="2026-11-30")
    assert ("with the days of testing or appraisal recorded for its party's goods or for the whole case added"
            in message)
    assert "recorded on the case" not in message


def offered_dialog(monkeypatch, prompts, db, case, form_id, document):
    """The clock-event dialog issuing ``document`` of ``form_id`` opens, as the officer sees it, saved as offered."""
    from ui.case_clocks import ClockEventDialog
    from ui.case_documents import offer_clock_event

    shown = []

    def exec_(dialog):
        shown.append(dialog)
        dialog.save()
        return dialog.result()

    monkeypatch.setattr(ClockEventDialog, "exec", exec_)
    monkeypatch.setattr(prompts, "confirm", lambda parent, message: True)
    assert offer_clock_event(prompts, None, db, case, find_form(form_id), document, "issued")
    return shown[0]


@pytest.mark.gui
def test_issuing_the_measure_offers_the_seizure_of_its_party(demo_db, two_parties, qtbot, prompts, monkeypatch,
                                                            english):
    case, first, other = two_parties
    decision = in_force_of_form(demo_db, case.id, "compulsory_measure_decision")[0]
    dialog = offered_dialog(monkeypatch, prompts, demo_db, case, "compulsory_measure_decision", decision)
    qtbot.addWidget(dialog)
    assert dialog.kind.currentData() == "seizure"
    assert dialog.party.isVisibleTo(dialog) and dialog.party.currentData() == first
    assert dialog.rows["party"][0].text().replace("&", "").startswith("Party whose goods are sealed up or seized")
    assert dialog.saved is not None and get_clock_event(demo_db, dialog.saved.id).party_id == first
    record_testing(demo_db, case, other)
    assert t14(demo_db, case).due == ENDS


@pytest.mark.gui
def test_a_seizure_recorded_by_hand_is_the_whole_cases_unless_named(demo_db, two_parties, qtbot, prompts, english):
    from ui.case_clocks import ClockEventDialog

    case, first, other = two_parties
    dialog = ClockEventDialog(demo_db, case, prompts)
    qtbot.addWidget(dialog)
    dialog.kind.setCurrentIndex(dialog.kind.findData("seizure"))
    assert dialog.party.isVisibleTo(dialog)
    assert [dialog.party.itemData(i) for i in range(dialog.party.count())] == [first, other, ""]
    assert dialog.party.currentData() == ""
    assert dialog.party.itemText(2) == "The whole case (goods of every party)"


@pytest.mark.gui
def test_issuing_the_testing_notice_offers_the_testing_of_its_party(demo_db, two_parties, qtbot, prompts,
                                                                    monkeypatch, english):
    case, _first, other = two_parties
    notice = SimpleNamespace(values={PARTY_KEY: other, "period_from": "2026-10-10"}, issued_at="2026-10-10T10:00:00")
    dialog = offered_dialog(monkeypatch, prompts, demo_db, case, "testing_period_notice", notice)
    qtbot.addWidget(dialog)
    assert dialog.kind.currentData() == "testing"
    assert dialog.party.isVisibleTo(dialog) and dialog.party.currentData() == other
    assert dialog.saved is not None
    event = get_clock_event(demo_db, dialog.saved.id)
    assert event.party_id == other
    assert describe(event, demo_db).startswith(f"Testing, inspection, quarantine or expert assessment of {OTHER} ")
