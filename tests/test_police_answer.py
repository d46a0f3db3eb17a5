"""The transfer to the police held to the law (REFERENCE §1.1, §1.7, §4.6; transfer rules arts. 5, 8, 9, 11;
Penalty Law art. 82): the case comes back (恢复办理) only after the police declined it, never once they opened a
criminal case, and then no penalty step follows; a transfer the head refused needs a new report and approval; a case
with the police is closed only once they answered and the agency's period to ask them to reconsider has run; the
refusal to settle a case at the threshold names the criterion it meets."""

import pytest

from workstation import procedure
from workstation.errors import TransitionRefused
from workstation.records import ClockEvent
from workstation.store import get_case
from workstation.store.clock_events import HEAD_STEPS, record_clock_event


def record(db, case, kind, on):
    # the head's decision on the transfer report is recorded with who decided (the letter's 批准人)
    return record_clock_event(db, ClockEvent(case_id=case.id, kind=kind, starts_on=on,
                                             approved_by="张局长" if kind in HEAD_STEPS else ""))


def offered(db, case):
    return {t.name: why for t, why in procedure.available(db, get_case(db, case.id))}


@pytest.fixture
def transferred(db, make_case):
    """A case below the criminal thresholds, filed on 2026-03-10 and transferred on 2026-04-21."""
    case = procedure.apply(db, make_case(fine_fen=10_000_000).id, "file", on_date="2026-03-10")
    return procedure.apply(db, case.id, "transfer_to_police", on_date="2026-04-21", reason="涉嫌侵犯公民个人信息罪")


def test_the_case_does_not_come_back_before_the_police_answer(db, transferred, table_counts, english):
    assert "No answer of the police is recorded" in offered(db, transferred)["resume_after_police"]
    before = table_counts(db)
    with pytest.raises(TransitionRefused, match="follows only their refusal"):
        procedure.apply(db, transferred.id, "resume_after_police", on_date="2026-04-22", reason="x")
    assert table_counts(db) == before and get_case(db, transferred.id).status == "transferred_police"
    record(db, transferred, "police_refused", "2026-04-23")
    assert offered(db, transferred)["resume_after_police"] is None
    case = procedure.apply(db, transferred.id, "resume_after_police", on_date="2026-04-24", reason="公安机关不予立案")
    assert case.status == "investigating"


def test_a_pending_request_to_reconsider_holds_the_case_until_the_police_decide(db, transferred, english):
    record(db, transferred, "police_refused", "2026-04-23")
    record(db, transferred, "police_review_requested", "2026-04-24")
    assert "waits for the police's decision" in offered(db, transferred)["resume_after_police"]
    record(db, transferred, "police_review_upheld", "2026-04-26")
    assert procedure.apply(db, transferred.id, "resume_after_police", on_date="2026-04-27",
                           reason="复议维持不予立案").status == "investigating"


def test_a_case_the_police_opened_never_comes_back_to_a_penalty(db, transferred, table_counts, english):
    record(db, transferred, "police_filed", "2026-04-23")
    record(db, transferred, "exhibits_transferred", "2026-04-24")
    assert "The police opened a criminal case on 2026-04-23" in offered(db, transferred)["resume_after_police"]
    before = table_counts(db)
    with pytest.raises(TransitionRefused, match="no administrative penalty is imposed in its place"):
        procedure.apply(db, transferred.id, "resume_after_police", on_date="2026-04-25", reason="x")
    assert table_counts(db) == before
    assert procedure.police_transfer_state(db, get_case(db, transferred.id)) == "opened"


def test_a_case_resumed_before_the_police_opened_it_takes_no_penalty_step(db, transferred, english):
    """Data recorded before the guard (the walkthrough's case): resumed, then the police's 立案 recorded."""
    record(db, transferred, "police_refused", "2026-04-22")
    case = procedure.apply(db, transferred.id, "resume_after_police", on_date="2026-04-23", reason="公安机关不予立案")
    record(db, transferred, "police_review_requested", "2026-04-23")  # the police then opened it on reconsideration
    record(db, transferred, "police_filed", "2026-04-24")
    case = procedure.apply(db, case.id, "conclude_investigation", on_date="2026-04-27")
    case = procedure.apply(db, case.id, "submit_review", on_date="2026-04-27")
    why = offered(db, case)["send_pre_notice"]
    assert "The police opened a criminal case on 2026-04-24" in why
    with pytest.raises(TransitionRefused, match="The police opened a criminal case"):
        procedure.apply(db, case.id, "send_pre_notice", on_date="2026-04-28")
    with pytest.raises(TransitionRefused, match="The police opened a criminal case"):
        procedure.apply(db, case.id, "decide_no_penalty", on_date="2026-04-28", reason="x")
    assert get_case(db, case.id).status == "under_review"


def test_the_law_box_says_the_police_opened_the_case(db, transferred, make_window, english):
    from PySide6.QtWidgets import QLabel

    record(db, transferred, "police_filed", "2026-04-23")
    workspace = make_window(db).open_case(transferred.id)
    text = workspace.law.findChild(QLabel, "criminal_verdict").text()
    assert text.startswith("The police opened a criminal case") and "declined" not in text


def test_a_transfer_the_head_refused_needs_a_new_report_and_approval(db, make_case, table_counts, english):
    case = procedure.apply(db, make_case().id, "file", on_date="2026-03-10")
    record(db, case, "transfer_report", "2026-04-17")
    record(db, case, "transfer_refused", "2026-04-18")
    assert "The head refused the transfer on 2026-04-18" in offered(db, case)["transfer_to_police"]
    before = table_counts(db)
    with pytest.raises(TransitionRefused, match="new transfer report the head approves"):
        procedure.apply(db, case.id, "transfer_to_police", on_date="2026-04-20", reason="涉嫌犯罪")
    assert table_counts(db) == before
    record(db, case, "transfer_report", "2026-04-22")
    record(db, case, "transfer_approved", "2026-04-23")
    assert procedure.apply(db, case.id, "transfer_to_police", on_date="2026-04-23",
                           reason="涉嫌犯罪").status == "transferred_police"


def test_a_case_with_the_police_is_closed_only_once_they_answered(db, transferred, table_counts, english):
    why = offered(db, transferred)["close"]
    assert "The police have not answered the transfer yet" in why
    before = table_counts(db)
    with pytest.raises(TransitionRefused, match="have not answered"):
        procedure.apply(db, transferred.id, "close", on_date="2026-04-22")
    assert table_counts(db) == before
    record(db, transferred, "police_filed", "2026-04-23")
    assert procedure.apply(db, transferred.id, "close", on_date="2026-04-24").status == "closed"


def test_after_a_refusal_the_case_is_taken_up_again_not_closed(db, transferred, english):
    record(db, transferred, "police_refused", "2026-04-23")
    why = procedure._police_closing_refusal(db, get_case(db, transferred.id), on="2026-04-26")
    assert "until 2026-04-26 (T28, 3 days)" in why  # 3 days from the refusal of 2026-04-23
    # once the period to ask them ran, the agency decides the case itself (transfer rules art. 9): not closed as it is
    why = procedure._police_closing_refusal(db, get_case(db, transferred.id), on="2026-04-27")
    assert "the period to ask the police to reconsider ended on 2026-04-26 (T28, 3 days)" in why
    assert "take it up again with “Police declined or withdrew the case; resume” and decide it" in why
    with pytest.raises(TransitionRefused, match="handled by the agency itself"):
        procedure.apply(db, transferred.id, "close", on_date="2026-04-27")
    assert procedure.apply(db, transferred.id, "resume_after_police", on_date="2026-04-27",
                           reason="公安机关不予立案").status == "investigating"


def test_after_a_request_to_reconsider_or_to_the_procuratorate_the_case_waits(db, transferred, english):
    record(db, transferred, "police_refused", "2026-04-23")
    record(db, transferred, "police_review_requested", "2026-04-24")
    why = procedure._police_closing_refusal(db, get_case(db, transferred.id), on="2026-05-20")
    assert "waits for the police's decision" in why
    record(db, transferred, "police_review_upheld", "2026-04-27")
    record(db, transferred, "procuratorate_requested", "2026-04-28")
    why = procedure._police_closing_refusal(db, get_case(db, transferred.id), on="2026-05-20")
    assert why.startswith("The procuratorate was asked on 2026-04-28 to supervise the police's refusal")


def test_a_case_the_police_opened_is_closed_on_or_after_their_filing(db, transferred, english):
    record(db, transferred, "police_filed", "2026-04-25")
    with pytest.raises(TransitionRefused, match="is recorded on 2026-04-25: the case is closed as theirs on that day"):
        procedure.apply(db, transferred.id, "close", on_date="2026-04-24")
    assert procedure.apply(db, transferred.id, "close", on_date="2026-04-25").status == "closed"


def test_the_refusal_names_the_illegal_gains_when_they_alone_reach_the_threshold(db, make_case, english):
    case = make_case(status="decision_pending", notice_waived=True, illegal_gains_fen=500_000, fine_fen=10_000_000)
    why = offered(db, case)["decide_penalty"]
    assert "Illegal gains ¥5,000.00 ≥ ¥5,000.00" in why and "ratio" not in why.lower()
    assert "must be transferred to the police" in why


def test_the_chinese_refusal_and_law_box_use_one_verb(db, make_case):
    case = make_case(status="decision_pending", notice_waived=True, illegal_gains_fen=500_000, fine_fen=10_000_000)
    conclusion = procedure._transfer_guard(db, case, set())
    assert "违法所得 ¥5,000.00 ≥ ¥5,000.00" in conclusion and "比例合计0" not in conclusion
    from workstation.law.criminal import assess_case

    assert "应当移送公安机关" in assess_case(case).steps[-1] and "建议" not in assess_case(case).steps[-1]


# ---- the police withdraw the case they opened (公安机关撤销案件) ---------------------------------------------------

def test_a_case_the_police_opened_and_withdrew_comes_back_and_is_decided(db, transferred, table_counts, english):
    from workstation.store.cases import case_timeline

    record(db, transferred, "police_filed", "2026-04-23")
    assert "The police opened a criminal case" in offered(db, transferred)["resume_after_police"]
    record(db, transferred, "police_withdrawn", "2026-05-20")
    case = get_case(db, transferred.id)
    assert offered(db, case)["resume_after_police"] is None
    assert procedure.police_transfer_state(db, case) == "with_police"
    # closing would drop the case the police returned: it is taken up again instead
    from workstation.vocabulary import shown_label

    resume = shown_label("transitions", "resume_after_police")
    assert f"take it up again with “{resume}”" in offered(db, case)["close"]
    case = procedure.apply(db, case.id, "resume_after_police", on_date="2026-05-21", reason="公安机关撤销案件")
    assert case.status == "investigating"
    assert procedure.police_transfer_state(db, case) == "returned"
    # the penalty steps are open again (no longer the police's case)
    assert procedure._transfer_guard(db, case, procedure._decided_events(db, case)) is None
    lines = [(e.on_date, e.text) for e in case_timeline(db, case)]
    assert ("2026-05-20", "Police decision withdrawing the case received; case returned") in lines


def test_a_withdrawal_needs_the_police_to_have_opened_the_case_and_is_recorded_once(db, transferred, table_counts,
                                                                                    english):
    from workstation.errors import ValidationError

    record(db, transferred, "police_refused", "2026-04-23")
    before = table_counts(db)
    with pytest.raises(ValidationError, match="No “Police opened a case” is recorded in this case"):
        record(db, transferred, "police_withdrawn", "2026-04-25")
    assert table_counts(db) == before


def test_a_withdrawal_is_recorded_once_and_not_before_the_police_opened_the_case(db, transferred, table_counts,
                                                                                 english):
    from workstation.errors import ValidationError

    record(db, transferred, "police_filed", "2026-04-23")
    with pytest.raises(ValidationError, match="cannot be dated before that day"):
        record(db, transferred, "police_withdrawn", "2026-04-22")
    record(db, transferred, "police_withdrawn", "2026-05-20")
    before = table_counts(db)
    with pytest.raises(ValidationError, match="already recorded on 2026-05-20"):
        record(db, transferred, "police_withdrawn", "2026-05-22")
    assert table_counts(db) == before


def test_the_exhibits_are_no_longer_due_once_the_police_withdrew_the_case(db, transferred):
    from workstation.clocks import case_clocks

    record(db, transferred, "police_filed", "2026-04-23")
    record(db, transferred, "police_withdrawn", "2026-04-24")
    t29 = [d for d in case_clocks(db, get_case(db, transferred.id), on="2026-05-10") if d.clock == "T29"]
    assert [(d.done_on, d.state) for d in t29] == [("2026-04-24", "met")]


@pytest.mark.gui
def test_the_event_dialog_offers_the_withdrawal_with_the_police_steps(db, transferred, prompts, qtbot):
    from ui.case_clocks import ClockEventDialog

    dialog = ClockEventDialog(db, get_case(db, transferred.id), prompts)
    qtbot.addWidget(dialog)
    index = dialog.kind.findData("police_withdrawn")
    assert index >= 0 and dialog.kind.itemText(index) == "公安机关撤销案件（退回本局）"
