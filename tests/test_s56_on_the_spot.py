"""The simple procedure's 当场行政处罚决定书 as the s56 audit found it: a correction changed only the case's fine, its date
and its fine collected on the spot staying as before (T8, T10, T31 counted from the old day; money collected left
unrecorded and T8 running); a 专用票据 number used already in another case was caught only after the decision was
issued, naming that case by an internal id; `docs void No.…` did not find the decision by the 编号 `docs list`
shows; T31 counted calendar days where Penalty Law art. 85 makes its 三日 working days."""

from __future__ import annotations

import pytest

from tests.helpers import run
from workstation import clocks, procedure
from workstation.documents.drafts import find_form
from workstation.documents.issuing import issue_document
from workstation.errors import ValidationError, WorkstationError
from workstation.records import ClockEvent
from workstation.store import get_case
from workstation.store.clock_events import record_clock_event

PLACE = "佛山市南海区桂城街道南海大道北281号"
FACTS = "经查，当事人于2026年3月1日在门店向消费者发送商业性短信，未经消费者同意。"
COLLECTED = {"collected_on_the_spot": True, "collection_ground": "依法给予一百元以下罚款", "receipt_no": "粤财罚0001"}


def _values(day, fine="100", serial="No.0000101", **more):
    return {"serial_no": serial, "fine_fen": fine, "decided_at": f"{day} 09:30", "party_address": PLACE,
            "place": PLACE, "facts": FACTS, "warning": False, **more}


def _issue(db, data_dir, case, day="2026-03-10", fine="100", serial="No.0000101", supersedes=None, **more):
    return issue_document(db, data_dir, get_case(db, case.id), find_form("on_the_spot_decision"),
                          _values(day, fine, serial, **more), supersedes=supersedes)


def _clock(db, case, clock_id, on):
    return next((d for d in clocks.case_clocks(db, get_case(db, case.id), on=on) if d.rule.id == clock_id), None)


# ---- 1. a correction carries its date and its payment onto the case -------------------------------------------------

def test_a_correction_dated_otherwise_moves_the_decision_and_its_deadlines(db, data_dir, make_case):
    case = make_case()
    first = _issue(db, data_dir, case, day="2026-03-10")  # paid at the bank
    procedure.apply(db, case.id, "decide_on_the_spot")
    _issue(db, data_dir, case, day="2026-03-09", serial="No.0000102", supersedes=first.id)
    corrected = get_case(db, case.id)
    assert (corrected.decided_on, corrected.served_on) == ("2026-03-09", "2026-03-09")
    assert _clock(db, case, "T8", "2026-03-11").due == "2026-03-24"  # 15 days from the 9th, not the 10th
    assert _clock(db, case, "T10", "2026-03-11").due == "2026-05-08"


def test_a_correction_collecting_the_fine_on_the_spot_records_the_payment(db, data_dir, make_case):
    case = make_case()
    first = _issue(db, data_dir, case)  # paid at the bank: the case served, T8 running
    procedure.apply(db, case.id, "decide_on_the_spot")
    assert get_case(db, case.id).status == "served"
    _issue(db, data_dir, case, serial="No.0000102", supersedes=first.id, **COLLECTED)
    assert get_case(db, case.id).status == "performed"
    t8 = _clock(db, case, "T8", "2026-03-11")
    assert t8 is None or t8.state != "open", t8
    on_board = {d.rule.id for d in clocks.board(db, on="2026-03-11") if d.case_id == case.id}
    assert "T8" not in on_board and "T32" in on_board  # the money collected to hand over, not to be paid again


def test_a_correction_dated_after_a_later_step_is_refused_naming_the_decision_time(db, data_dir, make_case):
    case = make_case()
    first = _issue(db, data_dir, case, day="2026-03-10")
    procedure.apply(db, case.id, "decide_on_the_spot")
    record_clock_event(db, ClockEvent(case_id=case.id, kind="bureau_filing", starts_on="2026-03-11"))
    with pytest.raises(ValidationError) as refused:
        _issue(db, data_dir, case, day="2026-03-12", serial="No.0000102", supersedes=first.id)
    assert "处罚时间" in refused.value.errors and "2026-03-11" in refused.value.errors["处罚时间"]
    assert get_case(db, case.id).decided_on == "2026-03-10"


def test_a_collected_decision_is_not_dated_after_its_payment(db, data_dir, make_case):
    case = make_case()
    first = _issue(db, data_dir, case, day="2026-03-10", **COLLECTED)
    procedure.apply(db, case.id, "decide_on_the_spot")  # the fine recorded paid on the 10th
    with pytest.raises(ValidationError) as refused:
        _issue(db, data_dir, case, day="2026-03-11", serial="No.0000102", supersedes=first.id, **COLLECTED)
    assert "处罚时间" in refused.value.errors and "2026-03-10" in refused.value.errors["处罚时间"]
    # an earlier day is the case's: the decision and its service
    _issue(db, data_dir, case, day="2026-03-09", serial="No.0000102", supersedes=first.id, **COLLECTED)
    corrected = get_case(db, case.id)
    assert (corrected.decided_on, corrected.served_on, corrected.status) == ("2026-03-09", "2026-03-09", "performed")


# ---- 2. the 专用票据 checked when the decision is issued ----------------------------------------------------------------

def test_a_receipt_of_another_case_is_refused_at_issue_naming_that_case(db, data_dir, make_case, english):
    first_case = make_case()
    _issue(db, data_dir, first_case, **COLLECTED)  # issued, the step not yet recorded
    other = make_case()
    with pytest.raises(ValidationError) as refused:
        _issue(db, data_dir, other, serial="No.0000102", **{**COLLECTED, "receipt_no": " 粤财罚 0001"})
    message = refused.value.errors.get("专用票据号码", "")
    assert "粤财罚0001" in message and "not filed" in message and "未立案·" not in message, refused.value.errors
    procedure.apply(db, first_case.id, "decide_on_the_spot")  # its payment recorded: still refused
    with pytest.raises(ValidationError) as refused:
        _issue(db, data_dir, other, serial="No.0000102", **COLLECTED)
    assert "专用票据号码" in refused.value.errors
    assert not db.execute("SELECT 1 FROM documents WHERE case_id = ?", [other.id]).fetchone()


def test_a_voucher_recorded_in_another_case_names_it_as_cases_are_named(db, data_dir, make_case, english):
    first_case = make_case()
    _issue(db, data_dir, first_case, **COLLECTED)
    procedure.apply(db, first_case.id, "decide_on_the_spot")
    other = make_case()
    _issue(db, data_dir, other, serial="No.0000102")  # paid at the bank
    procedure.apply(db, other.id, "decide_on_the_spot")
    from workstation.payments import Payment

    with pytest.raises(WorkstationError) as refused:
        procedure.apply(db, other.id, "record_performance", on_date="2026-03-11",
                        payment=Payment(paid_fen=10_000, voucher="粤财罚0001"))
    message = str(refused.value)
    assert "not filed" in message and "未立案·" not in message and first_case.id not in message, message


# ---- 3. `docs void` by the 编号 -----------------------------------------------------------------------------------------

def test_docs_void_finds_the_decision_by_its_printed_serial(capsys, db, data_dir, make_case):
    case = make_case()
    document = _issue(db, data_dir, case, serial="No.0000104")
    code, _out, err = run(capsys, "--data-dir", data_dir, "docs", "void", "No.0000104", "--reason", "填写错误")
    assert code == 0, err
    status = db.execute("SELECT status FROM documents WHERE id = ?", [document.id]).fetchone()[0]
    assert status == "void"


# ---- 4. T31 in working days -------------------------------------------------------------------------------------------

def test_the_filing_with_the_bureau_counts_working_days(db, data_dir, make_case):
    case = make_case()
    _issue(db, data_dir, case, day="2026-03-13")  # a Friday
    procedure.apply(db, case.id, "decide_on_the_spot")
    assert _clock(db, case, "T31", "2026-03-14").due == "2026-03-18"  # Mon, Tue, Wed: not Monday the 16th


def test_a_closed_case_collected_on_the_spot_takes_its_corrections_earlier_day(db, data_dir, make_case):
    case = make_case()
    first = _issue(db, data_dir, case, day="2026-03-10", **COLLECTED)
    procedure.apply(db, case.id, "decide_on_the_spot")
    procedure.apply(db, case.id, "close", on_date="2026-03-10")
    _issue(db, data_dir, case, day="2026-03-09", serial="No.0000102", supersedes=first.id, **COLLECTED)
    corrected = get_case(db, case.id)
    assert (corrected.decided_on, corrected.closed_on, corrected.status) == ("2026-03-09", "2026-03-10", "closed")
    assert _clock(db, case, "T32", "2026-03-12").due == "2026-03-11"  # 2 working days from the 9th


# ---- 5. the final read: a corrected decision's receipt, voiding a correction, the payment's day ---------------------

def test_a_receipt_given_up_by_a_correction_may_be_given_in_another_case(db, data_dir, make_case):
    first_case = make_case()
    wrong = _issue(db, data_dir, first_case, **COLLECTED)  # 粤财罚0001 by mistake
    _issue(db, data_dir, first_case, serial="No.0000102", supersedes=wrong.id,
           **{**COLLECTED, "receipt_no": "粤财罚0002"})
    other = make_case()
    _issue(db, data_dir, other, serial="No.0000103", **COLLECTED)  # the receipt the correction gave up
    with pytest.raises(ValidationError) as refused:  # the correction's own is still refused
        _issue(db, data_dir, make_case(), serial="No.0000104", **{**COLLECTED, "receipt_no": "粤财罚0002"})
    assert "专用票据号码" in refused.value.errors


def test_voiding_a_correction_does_not_bring_back_a_day_after_a_later_step(db, data_dir, make_case, english):
    from workstation.documents.issuing import void_consequences, void_document

    case = make_case()
    first = _issue(db, data_dir, case, day="2026-03-10")  # paid at the bank
    procedure.apply(db, case.id, "decide_on_the_spot")
    correction = _issue(db, data_dir, case, day="2026-03-08", serial="No.0000102", supersedes=first.id)
    assert "2026-03-10" in " ".join(void_consequences(db, correction))  # the day that comes back is said
    record_clock_event(db, ClockEvent(case_id=case.id, kind="bureau_filing", starts_on="2026-03-09"))
    with pytest.raises(WorkstationError) as refused:
        void_document(db, correction.id, "填写错误")
    assert "2026-03-09" in str(refused.value) and "2026-03-10" in str(refused.value)
    assert get_case(db, case.id).decided_on == "2026-03-08"
    assert db.execute("SELECT status FROM documents WHERE id = ?", [correction.id]).fetchone()[0] == "issued"


def test_an_earlier_correction_moves_the_payment_collected_on_the_spot(db, data_dir, make_case):
    from workstation.documents.issuing import on_the_spot_paid_on

    case = make_case()
    first = _issue(db, data_dir, case, day="2026-03-10", **COLLECTED)
    procedure.apply(db, case.id, "decide_on_the_spot")  # the fine recorded paid on the 10th
    _issue(db, data_dir, case, day="2026-03-09", serial="No.0000102", supersedes=first.id, **COLLECTED)
    assert on_the_spot_paid_on(db, case.id) == "2026-03-09"
    days = [row[0] for row in db.execute("SELECT on_date FROM case_events WHERE case_id = ? AND kind = 'transition' "
                                         "AND to_status = 'performed'", [case.id])]
    assert days == ["2026-03-09"]


def _decision_steps(db, case) -> list[str]:
    """The days of the 当场处罚 step (待立案 → 已送达) on the case's timeline of events."""
    return [row[0] for row in db.execute("SELECT on_date FROM case_events WHERE case_id = ? AND kind = 'transition' "
                                         "AND from_status = 'pending_filing' AND to_status = 'served'", [case.id])]


def test_an_earlier_correction_moves_the_decision_step_before_its_payment(db, data_dir, make_case):
    """The step 当场处罚 moves with the corrected day, so the timeline does not show the decision after the payment
    collected with it."""
    from workstation.store.cases import case_timeline

    case = make_case()
    first = _issue(db, data_dir, case, day="2026-03-10", **COLLECTED)
    procedure.apply(db, case.id, "decide_on_the_spot")
    _issue(db, data_dir, case, day="2026-03-09", serial="No.0000102", supersedes=first.id, **COLLECTED)
    assert _decision_steps(db, case) == ["2026-03-09"]
    steps = [(entry.on_date, entry.text) for entry in case_timeline(db, get_case(db, case.id))
             if entry.kind == "transition"]
    assert [day for day, _text in steps] == ["2026-03-09", "2026-03-09"], steps  # the decision, then its payment
    assert "已送达 →" in steps[1][1]


def test_a_correction_of_a_decision_paid_at_the_bank_moves_its_step_too(db, data_dir, make_case):
    case = make_case()
    first = _issue(db, data_dir, case, day="2026-03-10")  # paid at the bank
    procedure.apply(db, case.id, "decide_on_the_spot")
    _issue(db, data_dir, case, day="2026-03-08", serial="No.0000102", supersedes=first.id)
    assert _decision_steps(db, case) == ["2026-03-08"]


def test_voiding_a_correction_does_not_bring_back_a_receipt_given_in_another_case(db, data_dir, make_case, english):
    from workstation.documents.issuing import void_document, void_refusal

    first_case = make_case()
    wrong = _issue(db, data_dir, first_case, **COLLECTED)  # 粤财罚0001 by mistake
    correction = _issue(db, data_dir, first_case, serial="No.0000102", supersedes=wrong.id,
                        **{**COLLECTED, "receipt_no": "粤财罚0002"})
    other = make_case()
    _issue(db, data_dir, other, serial="No.0000103", **COLLECTED)  # 粤财罚0001, given up by the correction
    refusal = void_refusal(db, correction)
    assert refusal and "No.0000101" in refusal and "粤财罚0001" in refusal and "No.0000103" in refusal, refusal
    with pytest.raises(WorkstationError) as refused:
        void_document(db, correction.id, "填写错误")
    assert "粤财罚0001" in str(refused.value)
    assert db.execute("SELECT status FROM documents WHERE id = ?", [correction.id]).fetchone()[0] == "issued"


def test_the_fine_collected_on_the_spot_points_to_its_correction_not_round_in_a_circle(db, data_dir, make_case,
                                                                                       english):
    """Undoing the fine collected with the decision pointed to voiding the decision, and voiding it or correcting its
    fine pointed back to undoing the step: each now points to the correction keeping the fine and receipt, which is
    issued."""
    from workstation.documents.issuing import void_refusal

    case = make_case()
    first = _issue(db, data_dir, case, day="2026-03-10", **COLLECTED)
    procedure.apply(db, case.id, "decide_on_the_spot")
    undo = procedure.undo_refusal(db, get_case(db, case.id))
    assert undo and "correction" in undo and "Void the" not in undo, undo
    void = void_refusal(db, first)
    assert void and "撤销上一步" not in void and "correction" in void, void
    with pytest.raises(WorkstationError) as refused:  # a correction changing the fine collected
        _issue(db, data_dir, case, fine="50", serial="No.0000102", supersedes=first.id, **COLLECTED)
    assert "撤销上一步" not in str(refused.value), str(refused.value)
    # the step they point to: a correction keeping the fine and the receipt
    _issue(db, data_dir, case, day="2026-03-09", serial="No.0000102", supersedes=first.id, **COLLECTED)
    assert get_case(db, case.id).decided_on == "2026-03-09"
