"""Deadlines after the party challenges a decision (REFERENCE §1.2 T10–T16, the 2026 calendar of §9): the 15 days
to sue after a reconsideration decision (T12), court enforcement (T16) counted from the end of the time to sue —
T11, T12 or the lawsuit — and stopped while a challenge is pending; the surcharge pause (T9) unchanged; and the
confirmation before voiding a published decision saying that it starts T19."""

import json
from dataclasses import replace

import pytest

from workstation import clocks
from workstation.documents.issuing import get_document, void_consequences
from workstation.errors import ValidationError
from workstation.law.case_law import _surcharge
from workstation.records import ClockEvent
from workstation.store import get_case
from workstation.store.cases import update_case
from workstation.store.clock_events import end_clock_event, record_clock_event


def served_case(db, make_case):
    """A fine of ¥50,000 decided and served on 2026-06-01: T8 ends 2026-06-16, T11 2026-12-01, T16 2027-03-01."""
    case = make_case(fine_fen=5_000_000)
    return update_case(db, replace(get_case(db, case.id), status="served", filed_on="2026-03-10",
                                   notice_served_on="2026-05-01", decided_on="2026-06-01", served_on="2026-06-01"),
                       allow_status_change=True)


def challenge(case, kind, starts_on, ends_on=None):
    return ClockEvent(case_id=case.id, kind=kind, starts_on=starts_on, ends_on=ends_on)


def by_clock(db, case, on):
    found: dict = {}
    for d in clocks.case_clocks(db, get_case(db, case.id), on=on):
        found.setdefault(d.clock, []).append(d)
    return found


def test_after_the_reconsideration_decision_the_party_has_fifteen_days_and_enforcement_counts_from_them(
        db, make_case, english):
    case = served_case(db, make_case)
    # reconsideration applied for 2026-06-20, its decision received Wed 2026-09-16: 15 days end on Thu 10-01, the
    # National Day holiday, so the party may sue until Thu 2026-10-08; three months later is 2027-01-08
    record_clock_event(db, challenge(case, "reconsideration", "2026-06-20", "2026-09-16"))
    found = by_clock(db, case, "2026-09-20")
    [t12] = found["T12"]
    assert (t12.start, t12.due, t12.state, t12.rule.party_facing) == ("2026-09-16", "2026-10-08", "open", True)
    assert t12.source == "《行政诉讼法》第四十五条"
    [t16] = found["T16"]
    assert (t16.start, t16.due, t16.state) == ("2026-10-08", "2027-01-08", "open")
    assert t16.calculation().splitlines()[:2] == [
        "Counted 3 months from the day after 2026-10-08 (the end of time limit T12 Party sues against the "
        "reconsideration decision).",
        "The party challenged the decision: the period counts from the end of time limit T12 Party sues against the "
        "reconsideration decision instead of the end of time limit T11 Party brings an administrative lawsuit "
        "(2026-12-01)."]
    assert [d.due for d in found["T11"]] == ["2026-12-01"]  # shown still, but no longer what T16 counts from
    # T12 is the party's: not on the board, and once over it has expired rather than gone overdue
    board = [d for d in clocks.board(db, on="2026-09-20") if d.case_id == case.id]
    assert "T12" not in {d.clock for d in board}
    assert [d.due for d in board if d.clock == "T16"] == ["2027-01-08"]
    assert by_clock(db, case, "2026-10-09")["T12"][0].state == "expired"


def test_while_a_reconsideration_is_pending_court_enforcement_has_not_started(db, make_case, english):
    case = served_case(db, make_case)
    record_clock_event(db, challenge(case, "reconsideration", "2026-06-20"))
    found = by_clock(db, case, "2026-07-01")
    assert "T12" not in found  # no reconsideration decision yet
    [t16] = found["T16"]
    assert (t16.state, t16.due, t16.days_left) == ("stopped", None, 3)
    assert t16.calculation().startswith("Administrative reconsideration pending since 2026-06-20: the party may still sue")
    assert t16 in [d for d in clocks.board(db, on="2026-07-01") if d.case_id == case.id]
    # the surcharge does not accrue meanwhile (T9, Penalty Law art. 73): 06-17 … 06-19 count, 06-20 … 07-01 do not
    assert (_surcharge(db, get_case(db, case.id), "2026-07-01").days,
            _surcharge(db, get_case(db, case.id), "2026-07-01").amount_fen) == (3, 450_000)


def test_a_lawsuit_after_the_reconsideration_meets_t12_and_enforcement_counts_from_its_end(db, make_case):
    case = served_case(db, make_case)
    record_clock_event(db, challenge(case, "reconsideration", "2026-06-10", "2026-06-30"))  # T12 ends 07-15
    record_clock_event(db, challenge(case, "litigation", "2026-07-10"))
    found = by_clock(db, case, "2026-08-01")
    [t12] = found["T12"]
    assert (t12.due, t12.state, t12.done_on) == ("2026-07-15", "met", "2026-07-10")
    assert found["T16"][0].state == "stopped"
    db.execute("UPDATE clock_events SET ends_on = '2026-10-20' WHERE kind = 'litigation' AND case_id = ?", [case.id])
    [t16] = by_clock(db, case, "2026-10-21")["T16"]
    assert (t16.start, t16.due, t16.state) == ("2026-10-20", "2027-01-20", "open")
    assert "行政诉讼期间" in t16.calculation().splitlines()[0]


def test_a_direct_lawsuit_concluded_moves_enforcement_and_a_deferral_beyond_it_still_counts(db, make_case):
    case = served_case(db, make_case)
    record_clock_event(db, challenge(case, "litigation", "2026-07-01", "2026-08-31"))
    assert by_clock(db, case, "2026-09-01")["T16"][0].due == "2026-11-30"  # not T11's 2026-12-01 + 3 months
    # Penalty Law art. 72: a deferral ending later still starts the three months
    record_clock_event(db, ClockEvent(case_id=case.id, kind="deferral", starts_on="2026-09-01", ends_on="2026-10-31", approved_on="2026-08-31", approved_by="局长"))
    assert by_clock(db, case, "2026-09-01")["T16"][0].due == "2027-01-31"


def test_without_a_challenge_enforcement_still_counts_from_the_six_months(db, make_case):
    case = served_case(db, make_case)
    found = by_clock(db, case, "2026-06-02")
    assert "T12" not in found
    assert found["T16"][0].due == "2027-03-01"


def test_a_closed_case_shows_its_ended_enforcement_counted_from_the_reconsideration(db, make_case, english):
    # the demo's 佛南市监立〔2026〕1号: served Mon 2026-04-27, T11 ends Tue 10-27, so T16 would run 10-27 → 2027-01-27
    # (a case closed without a payment recorded; a performed one has nothing to enforce: T16 does not apply)
    case = served_case(db, make_case)
    case = update_case(db, replace(get_case(db, case.id), notice_served_on="2026-04-14", decided_on="2026-04-24",
                                   served_on="2026-04-27", status="closed"), allow_status_change=True)
    assert [(d.start, d.due, d.state) for d in by_clock(db, case, "2026-11-25")["T16"]] == [
        ("2026-10-27", "2027-01-27", "ended")]
    # the reconsideration, recorded and then ended as the case's clock events do it (its decision received Tue
    # 06-30): the party could sue until Wed 07-15, and T11's six months no longer matter
    applied = record_clock_event(db, challenge(case, "reconsideration", "2026-05-10"))
    [t16] = by_clock(db, case, "2026-06-01")["T16"]
    assert (t16.start, t16.due, t16.state) == ("2026-10-27", None, "ended")  # no day to count from while pending
    assert t16.calculation().startswith("Administrative reconsideration pending since 2026-05-10")
    end_clock_event(db, applied.id, "2026-06-30")
    for status in ("closed", "archived"):
        update_case(db, replace(get_case(db, case.id), status=status), allow_status_change=True)
        found = by_clock(db, case, "2026-11-25")
        assert [(d.start, d.due) for d in found["T12"]] == [("2026-06-30", "2026-07-15")]
        [t16] = found["T16"]
        assert (t16.start, t16.due, t16.state) == ("2026-07-15", "2026-10-15", "ended"), status
        assert "instead of the end of time limit T11 Party brings an administrative lawsuit (2026-10-27)" in t16.calculation()
    update_case(db, replace(get_case(db, case.id), status="performed"), allow_status_change=True)
    assert [d.state for d in by_clock(db, case, "2026-11-25")["T16"]] == ["not_applicable"]


# ---- the confirmation before voiding a published decision (T19) ---------------------------------------------------

def decision(db, case, doc_id, *, supersedes=None):
    db.execute("INSERT OR IGNORE INTO files (sha256, size, media_type, created_at) VALUES ('x', 1, 'application/pdf', "
               "'')")
    db.execute("INSERT INTO documents (id, case_id, form_id, form_version, title, status, number, values_json, "
               "pdf_sha256, pages, supersedes_id, issued_at, issued_by, void_reason) VALUES (?, ?, 'penalty_decision', "
               "1, '行政处罚决定书', 'issued', ?, ?, 'x', 1, ?, '2026-06-01T10:00:00+08:00', '', '')",
               [doc_id, case.id, f"佛南市监处〔2026〕{doc_id}号", json.dumps({"fine_fen": 5_000_000}), supersedes])
    return get_document(db, doc_id)


T19_SENTENCE = ("The case's penalty information is published: voiding this decision starts the 3 working days to "
                "withdraw the publication (T19, 《市场监督管理行政处罚信息公示规定》第十一条；《行政处罚法》第四十八条); "
                "record the withdrawal once it is done.")


def test_voiding_a_published_decision_says_it_starts_the_withdrawal(db, make_case, english, monkeypatch):
    from tests.helpers import program_day

    # voided on 2026-07-20: the publication of 2026-06-20 (a fine of ¥50,000, published 3 months, to 09-20) stands
    program_day(monkeypatch, "2026-07-20")
    case = served_case(db, make_case)
    first = decision(db, case, "1")
    assert T19_SENTENCE not in void_consequences(db, first)  # not published
    record_clock_event(db, ClockEvent(case_id=case.id, kind="publication", starts_on="2026-06-20"))
    assert void_consequences(db, first)[-1] == T19_SENTENCE
    # a decision already corrected started T19 when the correction was issued: voiding it starts nothing new
    fixed = decision(db, case, "2", supersedes="1")
    assert T19_SENTENCE not in void_consequences(db, first)
    assert void_consequences(db, fixed)[-1] == T19_SENTENCE
    record_clock_event(db, ClockEvent(case_id=case.id, kind="publication_withdrawn", starts_on="2026-07-01",
                                      note="处罚决定书经更正，原决定撤下"))
    assert T19_SENTENCE not in void_consequences(db, fixed)  # withdrawn: nothing stands published



def test_the_event_dialog_says_what_the_end_of_a_challenge_starts(db, make_case, prompts, qtbot, english):
    from ui.case_clocks import ClockEventDialog

    dialog = ClockEventDialog(db, get_case(db, served_case(db, make_case).id), prompts)
    qtbot.addWidget(dialog)
    dialog.kind.setCurrentIndex(dialog.kind.findData("reconsideration"))
    # (its first line: dated today, after the periods, the challenge is also warned about as late)
    # applying meets the 60 days to apply; suing then counts from its decision (T12), no longer from T11
    assert dialog.hint.text().splitlines()[0] == ("Meets: T10 Party applies for administrative reconsideration. No longer applies: "
                                  "T11 Party brings an administrative lawsuit. Its end starts: T12 Party sues against "
                                  "the reconsideration decision.")
    dialog.kind.setCurrentIndex(dialog.kind.findData("litigation"))
    assert dialog.hint.text().splitlines()[0] == ("Meets: T11 Party brings an administrative lawsuit, T12 Party sues against the "
                                  "reconsideration decision. No longer applies: T10 Party applies for administrative "
                                  "reconsideration. Its end starts: T16 Apply to the court for compulsory enforcement (if not "
                                  "performed).")


def test_the_event_dialog_hint_names_each_clock_and_joins_chinese_sentences_without_a_space(db, make_case, prompts,
                                                                                            qtbot):
    from ui.case_clocks import ClockEventDialog

    dialog = ClockEventDialog(db, get_case(db, served_case(db, make_case).id), prompts)
    qtbot.addWidget(dialog)
    dialog.kind.setCurrentIndex(dialog.kind.findData("litigation"))
    assert dialog.hint.text().splitlines()[0] == ("完成：T11 当事人提起行政诉讼、T12 当事人不服行政复议决定提起行政诉讼。"
                                  "不再适用：T10 当事人申请行政复议。"
                                  "结束时开始计算：T16 申请人民法院强制执行（未履行的）。")
    dialog.kind.setCurrentIndex(dialog.kind.findData("suspension"))
    assert dialog.hint.text() == "不计入：T2 作出处理决定（办案期限）。"


def test_the_event_dialog_says_what_a_deferral_of_payment_does(db, make_case, prompts, qtbot, english):
    from ui.case_clocks import ClockEventDialog

    dialog = ClockEventDialog(db, get_case(db, served_case(db, make_case).id), prompts)
    qtbot.addWidget(dialog)
    dialog.kind.setCurrentIndex(dialog.kind.findData("deferral"))
    assert dialog.hint.text().startswith(
        "Its approved end becomes the deadline of: T8 Party pays the fine; the surcharge on an overdue fine accrues "
        "only after it. Its approved end, when later than the usual start, starts instead: T16 Apply to the court for "
        "compulsory enforcement (if not performed).")


# ---- no challenge before the decision was served (REFERENCE §1.2 T10/T11 count from its service) -------------------

@pytest.mark.parametrize("kind", ["reconsideration", "litigation"])
def test_a_challenge_cannot_begin_before_the_decision_was_served(db, make_case, english, kind):
    case = served_case(db, make_case)  # served 2026-06-01
    with pytest.raises(ValidationError) as refused:
        record_clock_event(db, challenge(case, kind, "2026-05-20", "2026-05-30"))
    assert refused.value.errors["starts_on"].startswith("The decision was served on 2026-06-01: a ")
    assert "cannot begin (2026-05-20) before that day" in refused.value.errors["starts_on"]
    assert db.execute("SELECT COUNT(*) FROM clock_events WHERE case_id = ?", [case.id]).fetchone()[0] == 0
    record_clock_event(db, challenge(case, kind, "2026-06-01"))  # on the day of service it may


def test_a_challenge_of_a_decision_not_served_yet_is_refused(db, make_case, english):
    case = served_case(db, make_case)
    case = update_case(db, replace(get_case(db, case.id), status="penalty_decided", served_on=None),
                       allow_status_change=True)
    with pytest.raises(ValidationError) as refused:
        record_clock_event(db, challenge(case, "reconsideration", "2026-06-05"))
    assert refused.value.errors["starts_on"].startswith("The decision has not been served yet: a ")
    assert db.execute("SELECT COUNT(*) FROM clock_events WHERE case_id = ?", [case.id]).fetchone()[0] == 0


def test_a_challenge_recorded_before_the_service_was_checked_can_still_be_ended(db, make_case):
    case = served_case(db, make_case)
    applied = record_clock_event(db, challenge(case, "reconsideration", "2026-06-20"))
    db.execute("UPDATE cases SET served_on = '2026-06-25' WHERE id = ?", [case.id])  # the service corrected since
    assert end_clock_event(db, applied.id, "2026-07-10").ends_on == "2026-07-10"
    with pytest.raises(ValidationError):  # moving its start is checked
        record_clock_event(db, replace(applied, starts_on="2026-06-21"))


# ---- the outcome of the party's reconsideration or lawsuit (REFERENCE §1.2 T10–T12, T19; §1.8; §1.9) ---------------

def outcome(case, kind, on, number="南府行复〔2026〕12号", **more):
    return ClockEvent(case_id=case.id, kind=kind, starts_on=on, approved_by=number, **more)


def timeline_lines(db, case) -> list[tuple[str, str, str]]:
    from workstation.store.cases import case_timeline

    return [(e.on_date, e.text, e.note) for e in case_timeline(db, get_case(db, case.id)) if e.kind != "created"]


def test_an_upheld_decision_ends_the_reconsideration_changes_nothing_else_and_the_timeline_says_so(
        db, make_case, english):
    case = served_case(db, make_case)
    record_clock_event(db, ClockEvent(case_id=case.id, kind="publication", starts_on="2026-06-10"))
    applied = record_clock_event(db, challenge(case, "reconsideration", "2026-06-20"))
    record_clock_event(db, outcome(case, "challenge_upheld", "2026-08-03"))
    # the outcome ends the reconsideration on its day: T12 and court enforcement count from it, the surcharge paused
    # from 06-20 to 08-03 (Penalty Law art. 73) accrues again after it: 06-17 … 06-19 and 08-04 … 08-10 count
    assert [e.ends_on for e in clocks_events(db, case) if e.id == applied.id] == ["2026-08-03"]
    found = by_clock(db, case, "2026-08-10")
    assert [(d.start, d.due) for d in found["T12"]] == [("2026-08-03", "2026-08-18")]
    assert [d.state for d in found["T8"]] == ["expired"] and [d.state for d in found["T16"]] == ["open"]
    assert "T19" not in found  # upheld: the publication stands
    assert _surcharge(db, get_case(db, case.id), "2026-08-10").days == 10
    assert ("2026-08-03", "Reconsideration decision: penalty decision upheld (南府行复〔2026〕12号)", "") in \
        timeline_lines(db, case)


def clocks_events(db, case):
    from workstation.store.clock_events import clock_events_of

    return clock_events_of(db, case.id)


@pytest.mark.parametrize("kind", ["challenge_revoked", "challenge_changed", "challenge_unlawful", "challenge_redo"])
def test_a_published_decision_revoked_changed_or_declared_unlawful_starts_the_withdrawal(db, make_case, english,
                                                                                         kind):
    case = served_case(db, make_case)
    record_clock_event(db, ClockEvent(case_id=case.id, kind="publication", starts_on="2026-06-10"))
    record_clock_event(db, challenge(case, "litigation", "2026-07-01"))
    record_clock_event(db, outcome(case, kind, "2026-09-02", number="（2026）粤0605行初12号"))
    # three working days from Wed 09-02: Mon 09-07, on the case and on the board
    [t19] = by_clock(db, case, "2026-09-03")["T19"]
    assert (t19.start, t19.due, t19.state) == ("2026-09-02", "2026-09-07", "due_soon")
    assert [d.due for d in clocks.board(db, on="2026-09-03") if d.case_id == case.id and d.clock == "T19"] == [
        "2026-09-07"]
    record_clock_event(db, ClockEvent(case_id=case.id, kind="publication_withdrawn", starts_on="2026-09-04",
                                      note="处罚决定经（2026）粤0605行初12号判决改变"))
    assert [(d.state, d.done_on) for d in by_clock(db, case, "2026-09-08")["T19"]] == [("met", "2026-09-04")]


def test_a_decision_revoked_before_it_was_published_starts_no_withdrawal(db, make_case):
    case = served_case(db, make_case)
    record_clock_event(db, challenge(case, "reconsideration", "2026-06-20"))
    record_clock_event(db, outcome(case, "challenge_revoked", "2026-08-03"))
    assert "T19" not in by_clock(db, case, "2026-08-04")


def test_voiding_the_decision_a_lawsuit_revoked_starts_no_second_withdrawal(db, make_case, english, monkeypatch):
    case = served_case(db, make_case)
    first = decision(db, case, "1")
    record_clock_event(db, ClockEvent(case_id=case.id, kind="publication", starts_on="2026-06-10"))
    record_clock_event(db, challenge(case, "litigation", "2026-07-01"))
    record_clock_event(db, outcome(case, "challenge_revoked", "2026-09-02", number="（2026）粤0605行初12号"))
    # the officer then voids the revoked 行政处罚决定书 (Fri 09-04): the revocation's T19 is the only one
    with monkeypatch.context() as patched:
        patched.setattr("workstation.records.today", lambda: "2026-09-04")
        assert T19_SENTENCE not in void_consequences(db, first)
    db.execute("UPDATE documents SET status = 'void', void_reason = '判决撤销' WHERE id = '1'")
    db.execute("INSERT INTO doc_numbers (id, agency_id, type_code, year, serial, number, document_id, status, "
               "void_reason, issued_at, voided_at) VALUES ('n1', ?, '处', 2026, 1, ?, '1', 'void', '判决撤销', "
               "'2026-06-01T10:00:00+08:00', '2026-09-04T10:00:00+08:00')", [case.agency_id, first.number])
    assert [(d.start, d.due) for d in by_clock(db, case, "2026-09-04")["T19"]] == [("2026-09-02", "2026-09-07")]
    assert [d.start for d in clocks.board(db, on="2026-09-04") if d.case_id == case.id and d.clock == "T19"] == [
        "2026-09-02"]
    # the one withdrawal meets it
    record_clock_event(db, ClockEvent(case_id=case.id, kind="publication_withdrawn", starts_on="2026-09-10",
                                      note="处罚决定经（2026）粤0605行初12号判决撤销"))
    assert [(d.state, d.done_on) for d in by_clock(db, case, "2026-09-11")["T19"]] == [("late", "2026-09-10")]


def test_a_revoked_decision_is_no_longer_executed_and_the_case_may_be_closed(db, make_case, english):
    from workstation import procedure
    from workstation.errors import TransitionRefused
    from workstation.store.clock_events import kind_refusal

    case = served_case(db, make_case)
    record_clock_event(db, challenge(case, "reconsideration", "2026-06-20"))
    # while it is pending, the case served and unpaid is not closed (the court is applied to first)
    assert procedure.BY_NAME["close"].guard(db, get_case(db, case.id)) is not None
    record_clock_event(db, outcome(case, "challenge_revoked", "2026-08-03"))
    found = by_clock(db, case, "2026-12-01")
    for clock_id in ("T8", "T15", "T16"):
        [d] = found[clock_id]
        assert d.state == "not_applicable", clock_id
        assert "revoked by a reconsideration decision or a court judgment" in d.calculation()
    assert not [d for d in clocks.board(db, on="2026-12-01") if d.case_id == case.id and d.clock in ("T8", "T16")]
    assert _surcharge(db, get_case(db, case.id), "2026-12-01") is None  # nothing owed, no surcharge accrues
    refusal = kind_refusal(db, get_case(db, case.id), "demand")
    assert refusal.startswith("The penalty decision was revoked on 2026-08-03 (南府行复〔2026〕12号)")
    with pytest.raises(TransitionRefused, match="The penalty decision was revoked on 2026-08-03"):
        procedure.apply(db, case.id, "apply_enforcement", on_date="2026-12-01")
    for form_id, title in (("performance_demand", "行政处罚决定履行催告书"), ("enforcement_application", "强制执行申请书")):
        assert procedure.values_refusal(db, get_case(db, case.id), form_id, {}) == (
            f"The penalty decision was revoked on 2026-08-03 (南府行复〔2026〕12号): it is no longer executed, so no "
            f"{title} is issued to enforce it.")
    closed = procedure.apply(db, case.id, "close", on_date="2026-08-10")
    assert closed.status == "closed"


def test_a_fine_paid_before_the_revocation_is_noted_for_refund(db, make_case, english):
    case = served_case(db, make_case)
    case = update_case(db, replace(get_case(db, case.id), status="performed"), allow_status_change=True)
    db.execute("INSERT INTO case_events (id, case_id, kind, at, on_date, actor, from_status, to_status, note) VALUES "
               "('paid', ?, 'transition', '2026-06-10T10:00:00+08:00', '2026-06-10', '', 'served', 'performed', '')",
               [case.id])
    record_clock_event(db, challenge(case, "reconsideration", "2026-06-20"))
    record_clock_event(db, outcome(case, "challenge_revoked", "2026-08-03"))
    assert ("2026-08-03", "Clock event", "The penalty decision was revoked (南府行复〔2026〕12号) after the fine was "
            "paid on 2026-06-10: the money paid is to be refunded to the party.") in timeline_lines(db, case)


def test_an_outcome_needs_a_challenge_begun_and_the_number_of_its_decision(db, make_case, english):
    from workstation.store.clock_events import kind_refusal

    case = served_case(db, make_case)
    assert kind_refusal(db, case, "challenge_upheld").startswith(
        "No reconsideration or lawsuit against the penalty decision is recorded in this case")
    record_clock_event(db, challenge(case, "reconsideration", "2026-06-20"))
    with pytest.raises(ValidationError) as refused:
        record_clock_event(db, outcome(case, "challenge_upheld", "2026-06-15", number=" "))
    assert refused.value.errors["approved_by"].startswith("Enter the number (文号 or 案号)")
    assert refused.value.errors["starts_on"].startswith(
        "No reconsideration or lawsuit of the whole case begun on or before 2026-06-15 awaits its outcome")
    record_clock_event(db, outcome(case, "challenge_upheld", "2026-07-20"))
    with pytest.raises(ValidationError) as again:  # decided once
        record_clock_event(db, outcome(case, "challenge_revoked", "2026-07-25"))
    assert "awaits its outcome" in again.value.errors["starts_on"]


def test_a_new_decision_ordered_takes_the_case_back_to_its_decision(db, make_case, english):
    from workstation import procedure
    from workstation.errors import TransitionRefused

    case = served_case(db, make_case)
    with pytest.raises(TransitionRefused, match="No reconsideration decision or judgment ordering a new decision"):
        procedure.apply(db, case.id, "redecide", on_date="2026-08-10", reason="复议决定责令重新作出")
    record_clock_event(db, challenge(case, "reconsideration", "2026-06-20"))
    record_clock_event(db, outcome(case, "challenge_redo", "2026-08-03"))
    offered = {t.name: why for t, why in procedure.available(db, get_case(db, case.id))}
    assert offered["redecide"] is None
    with pytest.raises(TransitionRefused, match="The new decision was ordered on 2026-08-03"):
        procedure.apply(db, case.id, "redecide", on_date="2026-08-02", reason="复议决定责令重新作出")
    back = procedure.apply(db, case.id, "redecide", on_date="2026-08-10", reason="复议决定责令重新作出")
    assert back.status == "decision_pending"
    assert timeline_lines(db, case)[-2:] == [
        ("2026-08-03", "Reconsideration decision: penalty decision revoked, a new decision ordered (南府行复〔2026〕12号)",
         ""),
        ("2026-08-10", "Decision served → Awaiting decision", "复议决定责令重新作出")]
    # the new decision is made and served on its own days (the revoked one's service day is not kept as its own)
    assert back.served_on is None
    decided = procedure.apply(db, case.id, "decide_penalty", on_date="2026-08-20", reason="重新作出处罚决定")
    served = procedure.apply(db, case.id, "serve_decision", on_date="2026-08-21")
    assert (decided.decided_on, served.status, served.served_on) == ("2026-08-20", "served", "2026-08-21")


def test_the_command_line_records_the_reconsideration_and_its_outcome(db, data_dir, make_case, capsys, english):
    from tests.helpers import run, run_json

    case = served_case(db, make_case)
    applied = run_json(capsys, "cases", "transition", case.id, "reconsideration", "--date", "2026-06-20",
                       "--data-dir", data_dir)
    assert (applied["event"], applied["on"], applied["number"]) == ("reconsideration", "2026-06-20", None)
    code, _out, err = run(capsys, "cases", "transition", case.id, "challenge_revoked", "--date", "2026-08-03",
                          "--data-dir", data_dir)
    assert code == 1 and "--number" in err and "Enter the number (文号 or 案号)" in err
    decided = run_json(capsys, "cases", "transition", case.id, "challenge_revoked", "--date", "2026-08-03",
                       "--number", "南府行复〔2026〕12号", "--data-dir", data_dir)
    assert (decided["event"], decided["on"], decided["number"]) == ("challenge_revoked", "2026-08-03",
                                                                   "南府行复〔2026〕12号")
    assert [(e.kind, e.ends_on) for e in clocks_events(db, case)] == [("reconsideration", "2026-08-03"),
                                                                      ("challenge_revoked", None)]
    code, _out, err = run(capsys, "cases", "transition", case.id, "close", "--number", "x", "--data-dir", data_dir)
    assert code != 0 and "--number goes with the outcome of a reconsideration or lawsuit only" in err


def test_the_event_dialog_records_an_outcome_with_its_number(db, make_case, prompts, qtbot, english):
    from ui.case_clocks import ClockEventDialog

    case = served_case(db, make_case)
    record_clock_event(db, challenge(case, "litigation", "2026-07-01"))
    dialog = ClockEventDialog(db, get_case(db, case.id), prompts)
    qtbot.addWidget(dialog)
    dialog.kind.setCurrentIndex(dialog.kind.findData("challenge_changed"))
    label, field = dialog.rows["approved_by"]
    assert field.isVisibleTo(dialog) and label.text().replace("&", "").startswith("Number of the decision or judgment")
    assert dialog.rows["starts_on"][0].text().replace("&", "").startswith("Decision received on")
    assert "approved_by" in dialog.validate()
    dialog.starts_on.setDate(dialog.starts_on.date().fromString("2026-09-02", "yyyy-MM-dd"))
    dialog.approved_by.setText("（2026）粤0605行初12号")
    assert dialog.validate() == {}
    dialog.save()
    [changed] = [e for e in clocks_events(db, case) if e.kind == "challenge_changed"]
    assert (changed.starts_on, changed.approved_by) == ("2026-09-02", "（2026）粤0605行初12号")


@pytest.mark.gui
def test_the_workspace_offers_the_new_decision_once_it_was_ordered(qtbot, db, data_dir, make_case, prompts, english):
    from ui.case_workspace import CaseWorkspace

    case = served_case(db, make_case)
    record_clock_event(db, challenge(case, "litigation", "2026-07-01"))
    workspace = CaseWorkspace(db, case.id, prompts, ask_transition=lambda *_a, **_k: None, data_dir=data_dir)
    qtbot.addWidget(workspace)
    button = workspace.action_buttons["redecide"]
    assert not button.isEnabled() and "No reconsideration decision or judgment ordering a new decision" in \
        button.toolTip()
    record_clock_event(db, outcome(case, "challenge_redo", "2026-09-02", number="（2026）粤0605行初12号"))
    asked = []

    def ask(_parent, transition, _check, _warning, **_extra):
        asked.append(transition.name)
        return "2026-09-10", "判决撤销并责令重新作出"

    workspace = CaseWorkspace(db, case.id, prompts, ask_transition=ask, data_dir=data_dir)
    qtbot.addWidget(workspace)
    assert workspace.action_buttons["redecide"].isEnabled()
    workspace.action_buttons["redecide"].click()
    assert asked == ["redecide"] and get_case(db, case.id).status == "decision_pending"


@pytest.mark.gui
def test_the_new_decision_not_ordered_is_greyed_out_without_a_note_under_the_actions(qtbot, db, data_dir, make_case,
                                                                                   prompts, english):
    # every decided or closed case would otherwise carry the same paragraph on a reconsideration it never had
    from PySide6.QtWidgets import QLabel

    from ui.case_workspace import CaseWorkspace

    case = served_case(db, make_case)
    workspace = CaseWorkspace(db, case.id, prompts, ask_transition=lambda *_a, **_k: None, data_dir=data_dir)
    qtbot.addWidget(workspace)
    # since session 49 the step is not offered at all without a challenge (nor greyed out)
    button = workspace.action_buttons.get("redecide")
    assert button is None or not button.isVisibleTo(workspace)
    notes = [label.text() for label in workspace.findChildren(QLabel)]
    assert not any("No reconsideration decision or judgment" in note for note in notes)
    # the refusals of the other actions are still spelled out under them
    refused = [name for name, b in workspace.action_buttons.items() if not b.isEnabled() and name != "redecide"]
    assert refused and all(any(workspace.action_buttons[name].toolTip() in note for note in notes)
                           for name in refused)


def test_the_partys_reconsideration_meets_t10_and_replaces_t11_by_t12(db, make_case, english):
    case = served_case(db, make_case)
    record_clock_event(db, challenge(case, "reconsideration", "2026-06-20"))
    # months later the six months to sue directly are no longer running out: the party applied on 06-20
    found = by_clock(db, case, "2026-11-25")
    [t10] = found["T10"]
    assert (t10.state, t10.done_on, t10.due) == ("met", "2026-06-20", "2026-07-31")
    [t11] = found["T11"]
    assert (t11.state, t11.due, t11.days_left) == ("not_applicable", "2026-12-01", None)
    assert t11.calculation().splitlines()[0] == (
        "No longer applies since 2026-06-20 (Administrative reconsideration recorded): The party applied for "
        "administrative reconsideration: to dispute its decision it sues within 15 days of receiving it (T12); this "
        "period no longer applies.")
    assert t11.shown_state() == "Not applicable"
    # court enforcement still waits for the reconsideration, then counts from T12 (start_instead), not from T11
    assert found["T16"][0].state == "stopped"
    db.execute("UPDATE clock_events SET ends_on = '2026-09-16' WHERE case_id = ?", [case.id])
    assert [(d.start, d.due) for d in by_clock(db, case, "2026-09-20")["T16"]] == [("2026-10-08", "2027-01-08")]


def test_a_direct_lawsuit_meets_t11_and_t10_no_longer_applies(db, make_case, english, capsys, data_dir):
    from workstation.cli import main

    case = served_case(db, make_case)
    record_clock_event(db, challenge(case, "litigation", "2026-07-01"))
    found = by_clock(db, case, "2026-07-20")
    assert [(d.state, d.done_on) for d in found["T11"]] == [("met", "2026-07-01")]
    assert [(d.state, d.due) for d in found["T10"]] == [("not_applicable", "2026-07-31")]
    assert "《行政复议法》 art. 29" in found["T10"][0].calculation()
    # `deadlines --case` says so too, instead of "Due within 7 days"
    assert main(["--data-dir", str(data_dir), "clocks", "--case", case.id, "--as-of", "2026-07-25"]) == 0
    lines = {line.split("  ")[-1][:3]: line for line in capsys.readouterr().out.splitlines()}
    assert "Not applicable" in lines["T10"] and "Met in time" in lines["T11"]


def test_a_challenge_dated_before_the_decision_in_force_was_served_leaves_its_remedy_periods_running(db, make_case):
    case = served_case(db, make_case)
    # a reconsideration before the decision in force was served is one of an earlier decision (made again since)
    record_clock_event(db, challenge(case, "reconsideration", "2026-06-20"))
    db.execute("UPDATE clock_events SET starts_on = '2026-05-20' WHERE case_id = ?", [case.id])
    found = by_clock(db, case, "2026-07-20")
    assert [d.state for d in found["T10"]] == ["open"]
    assert [d.state for d in found["T11"]] == ["open"]


def test_a_fine_changed_on_reconsideration_is_recorded_and_counted_as_changed_in_the_statistics(
        db, data_dir, make_case, capsys, english):
    from tests.helpers import run, run_json
    from workstation.stats import campaign_stats

    case = served_case(db, make_case)  # fined ¥50,000
    run_json(capsys, "cases", "transition", case.id, "reconsideration", "--date", "2026-06-20", "--data-dir", data_dir)
    code, _out, err = run(capsys, "cases", "transition", case.id, "challenge_upheld", "--date", "2026-08-03",
                          "--number", "南府行复〔2026〕12号", "--fine", "5000", "--data-dir", data_dir)
    assert code != 0 and "--fine goes with the action challenge_changed only" in err
    code, _out, err = run(capsys, "cases", "transition", case.id, "challenge_changed", "--date", "2026-08-03",
                          "--number", "南府行复〔2026〕12号", "--fine", "五千", "--data-dir", data_dir)
    assert code != 0 and "--fine" in err
    assert campaign_stats(db)["fines_fen"] == 5_000_000
    changed = run_json(capsys, "cases", "transition", case.id, "challenge_changed", "--date", "2026-08-03",
                       "--number", "南府行复〔2026〕12号", "--fine", "5,000", "--data-dir", data_dir)
    assert (changed["event"], changed["fine_fen"]) == ("challenge_changed", 500_000)
    assert campaign_stats(db)["fines_fen"] == 500_000  # the fine as changed, not the ¥50,000 decided
    assert ("2026-08-03", "Reconsideration decision: penalty decision changed, fine changed to ¥5,000.00 (南府行复〔2026〕12号)") \
        in [(day, text) for day, text, _note in timeline_lines(db, case)]


def test_a_change_without_a_new_fine_counts_the_fine_decided(db, make_case):
    from workstation.stats import campaign_stats

    case = served_case(db, make_case)
    record_clock_event(db, challenge(case, "litigation", "2026-07-01"))
    record_clock_event(db, outcome(case, "challenge_changed", "2026-09-02"))
    assert campaign_stats(db)["fines_fen"] == 5_000_000


def test_the_outcome_dialog_asks_the_changed_fine_for_a_change_only(db, make_case, prompts, qtbot, english):
    from ui.case_clocks import ClockEventDialog

    case = served_case(db, make_case)
    record_clock_event(db, challenge(case, "litigation", "2026-07-01"))
    dialog = ClockEventDialog(db, get_case(db, case.id), prompts)
    qtbot.addWidget(dialog)
    dialog.kind.setCurrentIndex(dialog.kind.findData("challenge_upheld"))
    assert not dialog.rows["fine"][1].isVisibleTo(dialog)
    dialog.kind.setCurrentIndex(dialog.kind.findData("challenge_changed"))
    label, field = dialog.rows["fine"]
    assert field.isVisibleTo(dialog) and label.text().replace("&", "").startswith("Fine as changed (yuan)")
    dialog.starts_on.setDate(dialog.starts_on.date().fromString("2026-09-02", "yyyy-MM-dd"))
    dialog.approved_by.setText("（2026）粤0605行初12号")
    dialog.fine.setText("12.345")
    assert "fine" in dialog.validate() and not dialog.buttons.button(dialog.buttons.StandardButton.Save).isEnabled()
    dialog.fine.setText("20000")
    assert dialog.validate() == {}
    dialog.save()
    [changed] = [e for e in clocks_events(db, case) if e.kind == "challenge_changed"]
    assert changed.days == 2_000_000


def test_after_a_new_decision_is_ordered_the_case_may_be_decided_not_to_penalise(db, make_case, english):
    from workstation import procedure

    case = make_case(fine_fen=5_000_000, status="decision_pending", filed_on="2026-03-10",
                     notice_served_on="2026-05-01")
    procedure.apply(db, case.id, "decide_penalty", on_date="2026-06-01", reason="作出处罚决定")
    procedure.apply(db, case.id, "serve_decision", on_date="2026-06-01")
    decision(db, case, "1")  # its 行政处罚决定书, revoked below (not voided: it was issued rightly)
    record_clock_event(db, challenge(case, "reconsideration", "2026-06-20"))
    offered = {t.name: why for t, why in procedure.available(db, get_case(db, case.id))}
    assert "redecide" in offered and "decide_no_penalty" not in offered
    record_clock_event(db, outcome(case, "challenge_redo", "2026-08-03"))
    procedure.apply(db, case.id, "redecide", on_date="2026-08-10", reason="复议决定责令重新作出")
    offered = {t.name: why for t, why in procedure.available(db, get_case(db, case.id))}
    assert offered["decide_no_penalty"] is None  # the revoked penalty decision no longer excludes it
    assert procedure.issue_refusal(db, get_case(db, case.id), "no_penalty_decision") is None
    spared = procedure.apply(db, case.id, "decide_no_penalty", on_date="2026-08-20", reason="重新作出：不予行政处罚")
    assert (spared.status, spared.decided_on) == ("no_penalty", "2026-08-20")


def test_a_closed_case_whose_decision_was_revoked_with_a_new_one_ordered_is_reopened_for_it(db, make_case, english):
    from workstation import procedure
    from workstation.errors import TransitionRefused

    case = served_case(db, make_case)
    case = update_case(db, replace(get_case(db, case.id), status="closed", closed_on="2026-07-10"),
                       allow_status_change=True)
    with pytest.raises(TransitionRefused, match="No reconsideration decision or judgment ordering a new decision"):
        procedure.apply(db, case.id, "redecide", on_date="2026-09-10", reason="判决撤销并责令重新作出")
    record_clock_event(db, challenge(case, "litigation", "2026-06-20"))
    record_clock_event(db, outcome(case, "challenge_redo", "2026-09-02", number="（2026）粤0605行初12号"))
    offered = {t.name: why for t, why in procedure.available(db, get_case(db, case.id))}
    assert offered["redecide"] is None
    with pytest.raises(TransitionRefused, match="The new decision was ordered on 2026-09-02"):
        procedure.apply(db, case.id, "redecide", on_date="2026-09-01", reason="判决撤销并责令重新作出")
    back = procedure.apply(db, case.id, "redecide", on_date="2026-09-10", reason="判决撤销并责令重新作出")
    assert (back.status, back.served_on) == ("decision_pending", None)
    assert timeline_lines(db, case)[-1] == (
        "2026-09-10", "Closed → Awaiting decision: the case reopened for the new decision ordered",
        "判决撤销并责令重新作出")
    decided = procedure.apply(db, case.id, "decide_penalty", on_date="2026-09-20", reason="重新作出处罚决定")
    served = procedure.apply(db, case.id, "serve_decision", on_date="2026-09-21")
    assert (decided.decided_on, served.status, served.served_on) == ("2026-09-20", "served", "2026-09-21")
    # an archived case is not taken back: its file is sealed
    archived = update_case(db, replace(get_case(db, served_case(db, make_case).id), status="archived",
                                       closed_on="2026-07-10"), allow_status_change=True)
    assert "redecide" not in {t.name for t, _why in procedure.available(db, archived)}


def test_a_fine_changed_on_reconsideration_is_what_the_party_owes_and_pays(db, make_case):
    from workstation import procedure
    from workstation.payments import Payment, mismatch, owed

    case = served_case(db, make_case)  # fined ¥50,000, T8 ending 2026-06-16
    record_clock_event(db, challenge(case, "reconsideration", "2026-06-10"))
    assert owed(db, get_case(db, case.id), "2026-06-12").total_fen == 5_000_000
    record_clock_event(db, outcome(case, "challenge_changed", "2026-08-03", days=500_000))
    owing = owed(db, get_case(db, case.id), "2026-06-12")  # checked against the fine in force that day, and as changed
    assert (owing.fine_fen, owing.total_fen, owing.changed_total_fen) == (5_000_000, 5_000_000, 500_000)
    # the surcharge of a late payment is counted on the fine as changed, at most that fine
    assert owed(db, get_case(db, case.id), "2027-06-01").surcharge_fen == 500_000
    payment = Payment(paid_fen=500_000, voucher="4400261234567")
    assert mismatch(owing, payment) is None
    assert mismatch(owing, Payment(paid_fen=5_000_000)) is not None
    assert procedure.apply(db, case.id, "record_performance", on_date="2026-06-12", payment=payment).status == \
        "performed"


def test_a_decision_revoked_then_followed_by_a_decision_not_to_penalise_counts_nowhere(db, data_dir, make_case):
    """The court revoked both parties' decisions and ordered a new one; the new decision is not to penalise: the
    revoked decisions, still issued, stay revoked although the case's decision date moved past the judgment."""
    from tests.test_multiparty12 import decided_case
    from tests.test_sortmask_penalty_key import assert_sorted_right, row_of
    from workstation import procedure
    from workstation.stats import campaign_stats

    case, _company, _employee, _first, _second = decided_case(db, data_dir, make_case)  # ¥50,000 and ¥5,000
    procedure.apply(db, case.id, "serve_decision", on_date="2026-03-12")
    assert campaign_stats(db)["fines_fen"] == 5_500_000
    record_clock_event(db, challenge(case, "litigation", "2026-04-01"))
    record_clock_event(db, outcome(case, "challenge_redo", "2026-06-01", number="（2026）粤0605行初3号"))
    procedure.apply(db, case.id, "redecide", on_date="2026-06-05", reason="判决撤销并责令重新作出")
    procedure.apply(db, case.id, "decide_no_penalty", on_date="2026-06-20", reason="违法行为轻微并及时改正")
    assert get_case(db, case.id).decided_on == "2026-06-20"
    # the 不予行政处罚决定书 may still be issued for it: the revoked decision excludes nothing
    assert procedure.issue_refusal(db, get_case(db, case.id), "no_penalty_decision") is None
    assert campaign_stats(db)["fines_fen"] == 0
    assert row_of(db, case.id).penalties_fen == 0
    assert_sorted_right(db)
