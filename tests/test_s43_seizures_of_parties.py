"""Two seizures (查封/扣押) of two parties' goods in one case, each by its own 实施行政强制措施决定书: the second may run
beside the first (several run at once, of one party or another or of the whole case, each its own T14), the
解除行政强制措施决定书 issued offers to end the seizure of the party it names (asking which when it names none and
several run), and the board shows a T14 line for each, with its own end."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from tests import test_s43_testing_party_measure as testing_party
from workstation import clocks
from workstation.documents.addressee import PARTY_KEY
from workstation.documents.drafts import find_form
from workstation.documents.issuing import issue_document
from workstation.records import ClockEvent
from workstation.store import get_case
from workstation.store.clock_events import clock_event_errors, get_clock_event, record_clock_event

two_parties = testing_party.two_parties  # the case with a second party and a measure issued to its first
def seizure(case, party, on="2026-10-01") -> ClockEvent:
    return ClockEvent(case_id=case.id, kind="seizure", party_id=party, starts_on=on)


# several seizures run at once, of one party's goods or another's or the whole case's, each decided by its own
# 决定书 with its own T14 (``clock_events.SEVERAL_AT_ONCE``; ``test_s50_clock_events``)
@pytest.mark.parametrize(("running", "second"), [("first", "other"), ("first", "first"), ("first", None),
                                                 (None, "other")])
def test_a_seizure_runs_beside_another(demo_db, two_parties, english, running, second):
    case, first, other = two_parties
    parties = {"first": first, "other": other, None: None}
    record_clock_event(demo_db, seizure(case, parties[running]))
    errors = clock_event_errors(demo_db, seizure(case, parties[second], "2026-10-05"), case)
    assert "ends_on" not in errors and "starts_on" not in errors


@pytest.fixture
def two_seizures(demo_db, two_parties):
    """Both parties' goods seized: (case, first's seizure, other's seizure)."""
    case, first, other = two_parties
    return (case, record_clock_event(demo_db, seizure(case, first)),
            record_clock_event(demo_db, seizure(case, other, "2026-10-05")))


def test_the_board_shows_each_partys_t14_with_its_own_end(demo_db, two_seizures, english):
    case, first, other = two_seizures
    rows = [d for d in clocks.board(demo_db, on="2026-10-06") if d.case_id == case.id and d.clock == "T14"]
    assert sorted((d.party_id, d.due) for d in rows) == sorted(
        [(first.party_id, "2026-10-31"), (other.party_id, "2026-11-04")])


def released(qtbot, monkeypatch, prompts, db, data_dir, case, party):
    """Issue a 解除行政强制措施决定书 of ``party`` (None: naming none), ending what it offers on 2026-10-20. The first
    party's goods (the 实施行政强制措施决定书 of ``two_parties``) are released for real first: a seizure whose
    decision still holds goods is not offered to be ended (session 72)."""
    from ui.case_clocks import EndEventDialog
    from ui.case_documents import offer_clock_event

    [number] = [row[0] for row in db.execute(
        "SELECT number FROM documents WHERE case_id = ? AND form_id = 'compulsory_measure_decision'", [case.id])]
    issue_document(db, data_dir, get_case(db, case.id), find_form("compulsory_measure_release"),
                   {"decision_no": number, "items": testing_party.MEASURE["items"], "released_on": "2026-10-20",
                    "signed_on": "2026-10-20", "reason": "其他不再需要采取查封、扣押措施的情形", "reason_detail": "测试"},
                   party_id=case.party_ids[0])

    def exec_(dialog):
        qtbot.addWidget(dialog)
        dialog.accept()
        return dialog.result()

    monkeypatch.setattr(EndEventDialog, "exec", exec_)
    prompts.confirm_answer = True
    release = SimpleNamespace(values={PARTY_KEY: party, "released_on": "2026-10-20"},
                              issued_at="2026-10-20T10:00:00")
    return offer_clock_event(prompts, None, db, case, find_form("compulsory_measure_release"), release, "issued")


def ends(db, *events):
    return [get_clock_event(db, event.id).ends_on for event in events]


@pytest.mark.gui
@pytest.mark.parametrize("which", [0, 1])
def test_the_release_ends_the_seizure_of_its_party(demo_db, data_dir, two_seizures, qtbot, prompts, monkeypatch, english,
                                                    which):
    case, *running = two_seizures
    assert released(qtbot, monkeypatch, prompts, demo_db, data_dir, case, running[which].party_id)
    assert ends(demo_db, *running) == ["2026-10-20" if i == which else None for i in range(2)]


@pytest.mark.gui
def test_a_release_naming_no_party_asks_which_seizure_it_ends(demo_db, data_dir, two_seizures, qtbot, prompts, monkeypatch,
                                                              english):
    case, first, other = two_seizures
    prompts.choices = [1]
    assert released(qtbot, monkeypatch, prompts, demo_db, data_dir, case, None)
    label, *items = prompts.offered[0]
    assert label.startswith("issued Which “Sealing or seizure” does the release end?")
    assert items == [f"Sealing or seizure of {name} since {event.starts_on}"
                     for name, event in zip(names(demo_db, first, other), (first, other), strict=True)]
    assert ends(demo_db, first, other) == [None, "2026-10-20"]


def names(db, *events):
    return [db.execute("SELECT name FROM parties WHERE id = ?", [e.party_id]).fetchone()[0] for e in events]


@pytest.mark.gui
def test_a_release_naming_no_party_cancelled_ends_nothing(demo_db, data_dir, two_seizures, qtbot, prompts, monkeypatch,
                                                          english):
    case, first, other = two_seizures
    assert released(qtbot, monkeypatch, prompts, demo_db, data_dir, case, None)
    assert ends(demo_db, first, other) == [None, None]
