"""The party's remedies after a decision (REFERENCE §1.2 T10, T11, T12, T16): the outcome of a reconsideration is
recorded on the day the party received it (行政诉讼法 art. 45 counts the 15 days from then); a reconsideration
withdrawn with the body's consent starts no T12, the party still suing within its original six months (T11) and
court enforcement counting from their end (法释〔2018〕1号 art. 58, unconfirmed); a lawsuit is not recorded while the
party's reconsideration is pending, nor a reconsideration while its lawsuit is (行政复议法 art. 29), and an outcome
answers a challenge of its own kind; a decision not to penalise (不予行政处罚决定书) may be challenged, its periods
counted from its service."""

from __future__ import annotations

from dataclasses import replace

import pytest

from tests.helpers import run
from workstation import clocks, procedure
from workstation.documents.drafts import find_form
from workstation.documents.issuing import issue_document
from workstation.errors import ValidationError
from workstation.records import ClockEvent
from workstation.store import get_case
from workstation.store.cases import update_case
from workstation.store.clock_events import (
    clock_event_errors,
    clock_events_of,
    kind_refusal,
    late_challenge_warning,
    record_clock_event,
)

ADDRESS = "佛山市南海区桂城街道南海大道1号"


def served_case(db, make_case):
    """A fine of ¥50,000 decided and served on 2026-06-01: T10 ends 2026-07-31, T11 2026-12-01, T16 2027-03-01."""
    case = make_case(fine_fen=5_000_000)
    return update_case(db, replace(get_case(db, case.id), status="served", filed_on="2026-03-10",
                                   notice_served_on="2026-05-01", decided_on="2026-06-01", served_on="2026-06-01"),
                       allow_status_change=True)


def event(case, kind, on, ends_on=None, number="", party=None):
    return ClockEvent(case_id=case.id, kind=kind, starts_on=on, ends_on=ends_on, approved_by=number, party_id=party)


def by_clock(db, case, on) -> dict:
    found: dict = {}
    for d in clocks.case_clocks(db, get_case(db, case.id), on=on):
        found.setdefault(d.clock, []).append(d)
    return found


# ---- 1. the outcome is dated by the day the party received it ---------------------------------------------------

def test_the_dialog_asks_the_day_the_decision_was_received_and_t12_says_it_counts_from_then(
        db, make_case, prompts, qtbot, english):
    from ui.case_clocks import ClockEventDialog

    case = served_case(db, make_case)
    record_clock_event(db, event(case, "reconsideration", "2026-06-20"))
    dialog = ClockEventDialog(db, get_case(db, case.id), prompts)
    qtbot.addWidget(dialog)
    dialog.kind.setCurrentIndex(dialog.kind.findData("challenge_upheld"))
    assert dialog.rows["starts_on"][0].text().replace("&", "").startswith("Decision received on")
    dialog.kind.setCurrentIndex(dialog.kind.findData("reconsideration"))
    assert dialog.rows["ends_on"][0].text().replace("&", "").startswith("Reconsideration decision received on")
    record_clock_event(db, event(case, "challenge_upheld", "2026-09-16", number="南府行复〔2026〕20号"))
    [t12] = by_clock(db, case, "2026-09-20")["T12"]
    assert t12.calculation().splitlines()[0] == ("Counted 15 days from the day after 2026-09-16 (day the party "
                                                 "received the reconsideration decision).")


# ---- 2. a reconsideration withdrawn ----------------------------------------------------------------------------

def test_a_withdrawn_reconsideration_starts_no_t12_and_the_party_may_still_sue_within_six_months(
        db, make_case, english):
    case = served_case(db, make_case)
    record_clock_event(db, event(case, "reconsideration", "2026-06-20"))
    record_clock_event(db, event(case, "challenge_withdrawn", "2026-07-01", number="南府行复终〔2026〕3号"))
    found = by_clock(db, case, "2026-07-02")
    assert "T12" not in found
    [t11] = found["T11"]
    assert (t11.start, t11.due, t11.state) == ("2026-06-01", "2026-12-01", "open")
    assert ("The party withdrew its reconsideration on 2026-07-01 (南府行复终〔2026〕3号): it may still sue within "
            "the original period") in t11.calculation()
    assert "unconfirmed" in t11.calculation()
    [t16] = found["T16"]
    assert (t16.start, t16.due, t16.state) == ("2026-12-01", "2027-03-01", "open")
    assert [d.state for d in found["T10"]] == ["met"]
    # a lawsuit then brought within the six months meets T11, is not late (T12 does not apply), and stops T16
    suit = event(case, "litigation", "2026-08-10")
    assert late_challenge_warning(db, get_case(db, case.id), suit) is None
    record_clock_event(db, suit)
    found = by_clock(db, case, "2026-08-11")
    assert [(d.state, d.done_on) for d in found["T11"]] == [("met", "2026-08-10")]
    assert [d.state for d in found["T16"]] == ["stopped"]


def test_a_reconsideration_decided_still_starts_t12(db, make_case):
    case = served_case(db, make_case)
    record_clock_event(db, event(case, "reconsideration", "2026-06-20"))
    record_clock_event(db, event(case, "challenge_upheld", "2026-07-01", number="南府行复〔2026〕3号"))
    found = by_clock(db, case, "2026-07-02")
    assert [(d.start, d.due) for d in found["T12"]] == [("2026-07-01", "2026-07-16")]
    assert [d.state for d in found["T11"]] == ["not_applicable"]
    assert [d.start for d in found["T16"]] == ["2026-07-16"]


# ---- 3. a lawsuit while the reconsideration is pending, and the other way round --------------------------------

def test_a_lawsuit_is_refused_while_the_reconsideration_is_pending(db, make_case, english):
    case = served_case(db, make_case)
    record_clock_event(db, event(case, "reconsideration", "2026-06-20"))
    with pytest.raises(ValidationError) as refused:
        record_clock_event(db, event(case, "litigation", "2026-06-25"))
    message = refused.value.errors["starts_on"]
    assert message.startswith("“Administrative reconsideration” is pending since 2026-06-20")
    assert "《行政复议法》 art. 29" in message and "Record its outcome first" in message
    assert [e.kind for e in clock_events_of(db, case.id)] == ["reconsideration"]
    # a lawsuit that ended before the reconsideration began does not run beside it
    assert clock_event_errors(db, event(case, "litigation", "2026-06-05", "2026-06-19"), get_case(db, case.id)) == {}
    # decided, received on 07-01: the party sues that day
    record_clock_event(db, event(case, "challenge_upheld", "2026-07-01", number="南府行复〔2026〕3号"))
    record_clock_event(db, event(case, "litigation", "2026-07-01"))


def test_a_reconsideration_is_refused_while_the_lawsuit_is_pending(db, make_case, english, capsys, data_dir):
    case = served_case(db, make_case)
    record_clock_event(db, event(case, "litigation", "2026-06-20"))
    code, _out, err = run(capsys, "cases", "transition", case.id, "reconsideration", "--date", "2026-06-25",
                          "--data-dir", data_dir)
    assert code != 0
    assert "“Administrative lawsuit” is pending since 2026-06-20" in err and "《行政复议法》 art. 29" in err
    assert [e.kind for e in clock_events_of(db, case.id)] == ["litigation"]


def test_recorded_overlapping_challenges_are_not_guessed_at(db, make_case, english):
    """A lawsuit recorded beside a pending reconsideration before the refusal: a generic outcome is refused naming
    both; one only a reconsideration has (不予受理) answers the reconsideration."""
    case = served_case(db, make_case)
    record_clock_event(db, event(case, "reconsideration", "2026-06-20"))
    db.execute("INSERT INTO clock_events (id, case_id, kind, clock, starts_on, ends_on, days, approved_on, "
               "approved_by, note, created_at, updated_at) SELECT 'legacy-suit', case_id, 'litigation', '', "
               "'2026-06-25', NULL, 0, NULL, '', '', created_at, updated_at FROM clock_events WHERE case_id = ?", [case.id])
    upheld = event(case, "challenge_upheld", "2026-07-01", number="南府行复〔2026〕3号")
    errors = clock_event_errors(db, upheld, get_case(db, case.id))
    assert "2026-06-20" in errors["kind"] and "2026-06-25" in errors["kind"]
    record_clock_event(db, event(case, "challenge_not_accepted", "2026-07-01", number="南府行复〔2026〕3号"))
    ended = {e.kind: e.ends_on for e in clock_events_of(db, case.id) if e.kind in ("reconsideration", "litigation")}
    assert ended == {"reconsideration": "2026-07-01", "litigation": None}


# ---- 4. a decision not to penalise ---------------------------------------------------------------------------

@pytest.fixture
def spared(db, data_dir, make_case):
    """A case decided not to penalise on 2026-03-10 with its 不予行政处罚决定书 issued: (case, the document)."""
    case = make_case(status="decision_pending", filed_on="2026-02-20", notice_served_on="2026-03-02",
                     notice_waived=True, facts="经查，当事人未经消费者同意发送商业性短信。", fine_fen=500_000)
    document = issue_document(db, data_dir, get_case(db, case.id), find_form("no_penalty_decision"),
                              {"ground": "首违不罚", "decided_on": "2026-03-10", "party_address": ADDRESS})
    procedure.apply(db, case.id, "decide_no_penalty", on_date="2026-03-10", reason="首违不罚")
    return get_case(db, case.id), document


def receipt(db, data_dir, case, document: str, served_on: str):
    return issue_document(db, data_dir, get_case(db, case.id), find_form("delivery_receipt"),
                          {"served_document": document, "served_on": served_on, "place": ADDRESS})


def test_a_decision_not_to_penalise_may_be_challenged_once_served(db, data_dir, spared, english):
    case, document = spared
    assert kind_refusal(db, case, "reconsideration") is None and kind_refusal(db, case, "litigation") is None
    with pytest.raises(ValidationError) as refused:
        record_clock_event(db, event(case, "reconsideration", "2026-03-20"))
    assert "送达回证" in refused.value.errors["starts_on"]
    receipt(db, data_dir, case, f"不予行政处罚决定书（{document.number}）", "2026-03-12")
    with pytest.raises(ValidationError) as early:
        record_clock_event(db, event(case, "reconsideration", "2026-03-11"))
    assert "2026-03-12" in early.value.errors["starts_on"]
    found = by_clock(db, case, "2026-03-13")
    assert [(d.start, d.due, d.state) for d in found["T10"]] == [("2026-03-12", "2026-05-11", "open")]
    assert [(d.start, d.due, d.state) for d in found["T11"]] == [("2026-03-12", "2026-09-14", "open")]
    assert "不予行政处罚决定书" in found["T10"][0].calculation()
    assert not {"T8", "T16"} & found.keys()  # nothing to pay or enforce
    record_clock_event(db, event(case, "reconsideration", "2026-03-20"))
    record_clock_event(db, event(case, "challenge_upheld", "2026-05-06", number="南府行复〔2026〕9号"))
    found = by_clock(db, case, "2026-05-07")
    assert [d.state for d in found["T10"]] == ["met"]
    assert [(d.start, d.due, d.state) for d in found["T12"]] == [("2026-05-06", "2026-05-21", "open")]


def test_the_window_offers_the_challenge_of_a_decision_not_to_penalise(db, spared, prompts, qtbot):
    from ui.case_clocks import ClockEventDialog

    case, _document = spared
    dialog = ClockEventDialog(db, case, prompts)
    qtbot.addWidget(dialog)
    for kind in ("reconsideration", "litigation"):
        assert dialog.kind.model().item(dialog.kind.findData(kind)).isEnabled()


def test_before_any_decision_the_refusal_cites_the_periods_to_challenge(db, make_case, english):
    case = make_case(status="investigating", filed_on="2026-03-02")
    refusal = kind_refusal(db, case, "reconsideration")
    assert "Penalty Law art. 73" not in refusal
    assert "《行政复议法》 art. 20" in refusal and "《行政诉讼法》 art. 46" in refusal
    assert "不予行政处罚决定书" in refusal and "“Decide not to penalise”" in refusal
