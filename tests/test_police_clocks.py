"""T27 and T28 (REFERENCE §1.2, §1.7; transfer rules arts. 8, 9): the police decide within 3 days of receiving a
transferred case whether to open a criminal case (their deadline: the officer chases), and after a refusal the
agency may ask them to reconsider within 3 days (its option: expired, not overdue, once past), the police deciding
on that within 3 days and the agency then turning to the procuratorate within 3 days. The answers are recorded as
clock events, in order after the transfer; fixed dates on the 2026 calendar."""

import pytest

from ui.case_clocks import ClockEventDialog
from workstation import clocks, procedure
from workstation.errors import ValidationError
from workstation.records import ClockEvent
from workstation.store import get_case
from workstation.store.clock_events import record_clock_event

REFUSED = "公安机关不予立案（收到不予立案通知书）"


@pytest.fixture
def transferred(db, make_case):
    """A case filed on 2026-03-10 and transferred to the police on Tuesday 2026-04-21."""
    case = procedure.apply(db, make_case().id, "file", on_date="2026-03-10")
    return procedure.apply(db, case.id, "transfer_to_police", on_date="2026-04-21", reason="涉嫌侵犯公民个人信息罪")


def record(db, case, kind, on):
    return record_clock_event(db, ClockEvent(case_id=case.id, kind=kind, starts_on=on))


def of_case(db, case, on):
    return {d.clock: d for d in clocks.case_clocks(db, get_case(db, case.id), on=on)}


def on_board(db, case, on):
    return {d.clock: d for d in clocks.board(db, on=on) if d.case_id == case.id}


def test_the_police_decide_within_three_days_of_the_transfer_and_the_board_says_so(db, transferred, english):
    t27 = of_case(db, transferred, "2026-04-22")["T27"]
    assert (t27.start, t27.due, t27.state, t27.days_left) == ("2026-04-21", "2026-04-24", "due_soon", 2)
    calculation = t27.calculation()
    assert calculation.startswith("Counted 3 days from the day after 2026-04-21 (date the case was transferred to "
                                  "the police).")
    assert "Unconfirmed: “三日”是否为工作日未确认，按自然日计" in calculation
    assert "《行政执法机关移送涉嫌犯罪案件的规定》第八条" in calculation
    board = on_board(db, transferred, "2026-04-22")["T27"]
    assert board.title == "公安机关应于2026-04-24前作出是否立案决定（逾期未答复的，督促公安机关）"
    assert on_board(db, transferred, "2026-04-27")["T27"].state == "overdue"  # the police's, chased by the officer


@pytest.mark.parametrize("answer", ["police_filed", "police_refused"])
def test_either_answer_of_the_police_meets_t27(db, transferred, answer):
    record(db, transferred, answer, "2026-04-23")
    t27 = of_case(db, transferred, "2026-04-28")["T27"]
    assert (t27.state, t27.done_on) == ("met", "2026-04-23")
    assert t27.title == "公安机关审查并决定是否立案"
    assert "T27" not in on_board(db, transferred, "2026-04-28")


def test_a_refusal_starts_three_days_to_ask_for_reconsideration_met_by_the_request(db, transferred):
    record(db, transferred, "police_refused", "2026-04-24")
    t28 = of_case(db, transferred, "2026-04-25")["T28"]
    assert (t28.start, t28.due, t28.state) == ("2026-04-24", "2026-04-27", "due_soon")
    assert on_board(db, transferred, "2026-04-25")["T28"].due == "2026-04-27"
    record(db, transferred, "police_review_requested", "2026-04-27")
    clocks_now = of_case(db, transferred, "2026-04-28")
    assert (clocks_now["T28"].state, clocks_now["T28"].done_on) == ("met", "2026-04-27")
    # the police decide on the request within 3 days; upholding the refusal leaves 3 days for the procuratorate
    assert (clocks_now["T28b"].due, clocks_now["T28b"].title) == ("2026-04-30", "公安机关应于2026-04-30前作出复议决定"
                                                                                 "（逾期未答复的，督促公安机关）")
    record(db, transferred, "police_review_upheld", "2026-04-29")
    clocks_now = of_case(db, transferred, "2026-05-06")
    assert clocks_now["T28b"].state == "met"
    assert (clocks_now["T28c"].due, clocks_now["T28c"].state) == ("2026-05-02", "expired")


def test_the_request_not_made_in_time_has_expired_not_overdue(db, transferred):
    record(db, transferred, "police_refused", "2026-04-24")
    t28 = of_case(db, transferred, "2026-04-28")["T28"]
    assert (t28.due, t28.state, t28.days_left) == ("2026-04-27", "expired", -1)
    assert t28.state_label == "期限已届满"
    # the case resumed after the refusal: the agency's option is over with it
    procedure.apply(db, transferred.id, "resume_after_police", on_date="2026-04-30", reason="公安机关不予立案")
    assert of_case(db, transferred, "2026-05-06")["T28"].state == "ended"
    assert "T28" not in on_board(db, transferred, "2026-05-06")


def test_an_answer_dated_before_the_transfer_is_refused_and_changes_nothing(db, transferred, english):
    with pytest.raises(ValidationError) as refused:
        record(db, transferred, "police_refused", "2026-04-20")
    assert refused.value.errors == {"starts_on": f"“移送公安机关” is recorded on 2026-04-21: “{REFUSED}” cannot be "
                                                 "dated before that day."}
    assert not db.execute("SELECT 1 FROM clock_events WHERE case_id = ?", [transferred.id]).fetchone()
    with pytest.raises(ValidationError) as refused:
        record(db, transferred, "police_review_requested", "2026-04-24")
    assert refused.value.errors == {"starts_on": f"No “{REFUSED}” is recorded in this case: record it first, then "
                                                 "“提请公安机关复议不予立案决定”."}


def test_a_case_not_transferred_has_neither_clock_nor_a_police_answer(db, make_case, english):
    case = procedure.apply(db, make_case().id, "file", on_date="2026-03-10")
    assert not {"T27", "T28"} & set(of_case(db, case, "2026-04-22"))
    assert not {"T27", "T28"} & set(on_board(db, case, "2026-04-22"))
    with pytest.raises(ValidationError) as refused:
        record(db, case, "police_refused", "2026-04-22")
    assert refused.value.errors == {"starts_on": f"No “移送公安机关” is recorded in this case: record it first, then "
                                                 f"“{REFUSED}”."}


def test_the_dialog_offers_the_refusal_and_says_what_it_starts_and_meets(db, transferred, prompts, qtbot):
    dialog = ClockEventDialog(db, transferred, prompts)
    qtbot.addWidget(dialog)
    dialog.kind.setCurrentIndex(dialog.kind.findData("police_refused"))
    assert dialog.hint.text() == "开始计算：T28 提请公安机关复议不予立案决定。完成：T27 公安机关审查并决定是否立案。"


def test_a_case_imported_as_transferred_without_the_step_takes_the_answer(db, make_case):
    # a register's status "transferred_police" records no transfer step: its date is not known, the answer is taken
    case = make_case(status="transferred_police", filed_on="2026-03-10")
    record(db, case, "police_refused", "2026-04-24")
    found = of_case(db, case, "2026-04-25")
    assert "T27" not in found and found["T28"].due == "2026-04-27"
