"""T27 and T28 (REFERENCE §1.2, §1.7; transfer rules arts. 8, 9): the police decide within 3 days of receiving a
transferred case whether to open a criminal case (their deadline: the officer chases), and after a refusal the
agency may ask them to reconsider within 3 days (its option: expired, not overdue, once past), the police deciding
on that within 3 days and the agency then turning to the procuratorate within 3 days. The answers are recorded as
clock events, in order after the transfer; fixed dates on the 2026 calendar."""

import pytest

from ui.case_clocks import ClockEventDialog
from workstation import clocks, procedure
from workstation.errors import TransitionRefused, ValidationError
from workstation.records import ClockEvent
from workstation.store import get_case
from workstation.store.clock_events import HEAD_STEPS, record_clock_event

REFUSED = "公安机关不予立案（收到不予立案通知书）"
REFUSED_EN = "Police declined to open a case (notice of refusal received)"  # its label in English


@pytest.fixture
def transferred(db, make_case):
    """A case filed on 2026-03-10 and transferred to the police on Tuesday 2026-04-21."""
    case = procedure.apply(db, make_case().id, "file", on_date="2026-03-10")
    return procedure.apply(db, case.id, "transfer_to_police", on_date="2026-04-21", reason="涉嫌侵犯公民个人信息罪")


def record(db, case, kind, on):
    # the head's decision on the transfer report is recorded with who decided (the letter's 批准人)
    return record_clock_event(db, ClockEvent(case_id=case.id, kind=kind, starts_on=on,
                                             approved_by="张局长" if kind in HEAD_STEPS else ""))


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
    assert "Unconfirmed: whether the “3 days” are working days is not confirmed; counted as calendar days" in calculation
    assert "《行政执法机关移送涉嫌犯罪案件的规定》第八条" in calculation
    board = on_board(db, transferred, "2026-04-22")["T27"]
    assert board.title == ("The police must decide whether to open a case by 2026-04-24 (inclusive); if they have "
                           "not answered by then, chase them")
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
    assert (clocks_now["T28b"].due, clocks_now["T28b"].title) == (
        "2026-04-30", "公安机关应于2026-04-30（含当日）前作出复议决定（逾期未答复的，督促公安机关）")
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
    assert refused.value.errors == {"starts_on": f"“Transfer to the police” is recorded on 2026-04-21: "
                                                 f"“{REFUSED_EN}” cannot be dated before that day."}
    assert not db.execute("SELECT 1 FROM clock_events WHERE case_id = ?", [transferred.id]).fetchone()
    with pytest.raises(ValidationError) as refused:
        record(db, transferred, "police_review_requested", "2026-04-24")
    assert refused.value.errors == {"kind": f"No “{REFUSED_EN}” is recorded in this case: record it first, then "
                                            "“Police asked to reconsider their refusal”."}


def test_a_case_not_transferred_has_neither_clock_nor_a_police_answer(db, make_case, english):
    case = procedure.apply(db, make_case().id, "file", on_date="2026-03-10")
    assert not {"T27", "T28"} & set(of_case(db, case, "2026-04-22"))
    assert not {"T27", "T28"} & set(on_board(db, case, "2026-04-22"))
    with pytest.raises(ValidationError) as refused:
        record(db, case, "police_refused", "2026-04-22")
    assert refused.value.errors == {"kind": "No “Transfer to the police” is recorded in this case: record it "
                                            f"first, then “{REFUSED_EN}”."}


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


# T25, T26 and T29 (REFERENCE §1.2; transfer rules arts. 5, 12): each is met by what ends it and leaves the board

@pytest.fixture
def filed(db, make_case):
    """A case filed on 2026-03-10 whose transfer report went to the head on Friday 2026-04-17."""
    case = procedure.apply(db, make_case().id, "file", on_date="2026-03-10")
    record(db, case, "transfer_report", "2026-04-17")
    return case


@pytest.mark.parametrize("decision", ["transfer_approved", "transfer_refused"])
def test_the_heads_approval_or_refusal_meets_t25(db, filed, decision):
    assert on_board(db, filed, "2026-04-22")["T25"].state == "overdue"  # due 2026-04-20, nothing recorded
    record(db, filed, decision, "2026-04-19")
    t25 = of_case(db, filed, "2026-04-22")["T25"]
    assert (t25.state, t25.done_on) == ("met", "2026-04-19")
    assert "T25" not in on_board(db, filed, "2026-04-22")


def test_the_transfer_itself_meets_t25_and_t26(db, filed):
    record(db, filed, "transfer_approved", "2026-04-20")
    assert on_board(db, filed, "2026-04-22")["T26"].state == "overdue"  # 24 hours after the approval: 2026-04-21
    procedure.apply(db, filed.id, "transfer_to_police", on_date="2026-04-21", reason="涉嫌侵犯公民个人信息罪")
    found = of_case(db, filed, "2026-04-22")
    assert (found["T26"].state, found["T26"].done_on) == ("met", "2026-04-21")
    assert (found["T25"].state, found["T25"].done_on) == ("met", "2026-04-20")
    assert not {"T25", "T26"} & set(on_board(db, filed, "2026-04-22"))


def test_a_transfer_without_a_recorded_approval_meets_t25_late(db, filed):
    procedure.apply(db, filed.id, "transfer_to_police", on_date="2026-04-22", reason="涉嫌侵犯公民个人信息罪")
    t25 = of_case(db, filed, "2026-04-23")["T25"]
    assert (t25.state, t25.done_on) == ("late", "2026-04-22")
    assert "T25" not in on_board(db, filed, "2026-04-23")


def test_the_transfer_is_not_dated_before_the_heads_approval_or_the_report(db, filed, english):
    record(db, filed, "transfer_approved", "2026-04-20")
    with pytest.raises(TransitionRefused) as refused:  # sent to the police two days before the head approved it
        procedure.apply(db, filed.id, "transfer_to_police", on_date="2026-04-18", reason="涉嫌侵犯公民个人信息罪")
    assert str(refused.value) == ("“Head approved the transfer” is recorded on 2026-04-20: the case goes to the "
                                  "police after the head approved the transfer report (transfer rules art. 5), so "
                                  "the transfer cannot be recorded before that day.")
    assert get_case(db, filed.id).status == "investigating"
    assert procedure.date_refusal(db, get_case(db, filed.id), "transfer_to_police", "2026-04-16").startswith(
        "“Head approved the transfer” is recorded on 2026-04-20")
    assert procedure.date_refusal(db, get_case(db, filed.id), "transfer_to_police", "2026-04-20") is None
    case = procedure.apply(db, filed.id, "transfer_to_police", on_date="2026-04-20", reason="涉嫌侵犯公民个人信息罪")
    assert case.status == "transferred_police"


def test_the_transfer_is_not_dated_before_the_report_awaiting_the_heads_decision(db, filed, english):
    with pytest.raises(TransitionRefused) as refused:
        procedure.apply(db, filed.id, "transfer_to_police", on_date="2026-04-16", reason="涉嫌侵犯公民个人信息罪")
    assert str(refused.value).startswith("“Report on transferring a suspected crime submitted” is recorded on "
                                         "2026-04-17: ")
    assert get_case(db, filed.id).status == "investigating"


@pytest.mark.parametrize("decision", ["transfer_approved", "transfer_refused"])
def test_the_heads_decision_is_not_dated_after_the_transfer_it_led_to(db, filed, english, decision):
    procedure.apply(db, filed.id, "transfer_to_police", on_date="2026-04-18", reason="涉嫌侵犯公民个人信息罪")
    with pytest.raises(ValidationError) as refused:
        record(db, filed, decision, "2026-04-20")
    what = "Head approved the transfer" if decision == "transfer_approved" else "Head refused the transfer"
    assert refused.value.errors == {"starts_on": f"The case was transferred to the police on 2026-04-18, after the "
                                                 f"transfer report of 2026-04-17: “{what}” cannot be dated after that "
                                                 f"day (transfer rules art. 5: the transfer follows the head's "
                                                 f"approval)."}
    assert stored(db, filed) == [("transfer_report", "2026-04-17")]
    record(db, filed, "transfer_approved", "2026-04-18")  # approved the day it was sent
    assert stored(db, filed)[-1] == ("transfer_approved", "2026-04-18")


@pytest.mark.parametrize("handed_over", ["exhibits_transferred", "no_exhibits"])
def test_the_exhibits_handed_over_or_none_to_hand_over_meet_t29(db, transferred, handed_over):
    record(db, transferred, "police_filed", "2026-04-23")
    t29 = on_board(db, transferred, "2026-04-28")["T29"]
    assert (t29.due, t29.state) == ("2026-04-26", "overdue")
    record(db, transferred, handed_over, "2026-04-25")
    t29 = of_case(db, transferred, "2026-04-28")["T29"]
    assert (t29.state, t29.done_on) == ("met", "2026-04-25")
    assert "T29" not in on_board(db, transferred, "2026-04-28")


def test_the_exhibits_cannot_be_handed_over_before_the_police_open_the_case(db, transferred, english):
    with pytest.raises(ValidationError) as refused:
        record(db, transferred, "no_exhibits", "2026-04-23")
    assert refused.value.errors == {"kind": "No “Police opened a case” is recorded in this case: record it "
                                            "first, then “No case articles to hand over”."}


# a second answer of the police to the same transfer (transfer rules arts. 8, 9)

def stored(db, case):
    return [tuple(row) for row in db.execute("SELECT kind, starts_on FROM clock_events WHERE case_id = ? "
                                             "ORDER BY starts_on, created_at", [case.id])]


def test_a_second_refusal_is_refused_and_changes_nothing(db, transferred, english):
    record(db, transferred, "police_refused", "2026-04-23")
    with pytest.raises(ValidationError) as refused:
        record(db, transferred, "police_refused", "2026-04-25")
    assert refused.value.errors == {"kind": f"“{REFUSED_EN}” is already recorded on 2026-04-23 for this transfer: a "
                                            "second refusal cannot be recorded (the police's decision on a request "
                                            "to reconsider is recorded as “Police upheld their refusal on "
                                            "reconsideration”; if the earlier record is wrong, remove it first)."}
    assert stored(db, transferred) == [("police_refused", "2026-04-23")]


@pytest.mark.parametrize("second", ["police_refused", "police_filed"])
def test_no_answer_follows_the_opening_of_the_case(db, transferred, english, second):
    record(db, transferred, "police_filed", "2026-04-23")
    with pytest.raises(ValidationError) as refused:
        record(db, transferred, second, "2026-04-24")
    what = REFUSED_EN if second == "police_refused" else "Police opened a case"
    assert refused.value.errors == {"kind": f"“Police opened a case” is already recorded on 2026-04-23 for "
                                            f"this transfer: “{what}” cannot be recorded as a second answer to "
                                            "it (if the earlier record is wrong, remove it first)."}
    assert stored(db, transferred) == [("police_filed", "2026-04-23")]


def test_the_police_open_the_case_after_a_refusal_only_on_a_request(db, transferred, english):
    record(db, transferred, "police_refused", "2026-04-23")
    with pytest.raises(ValidationError) as refused:
        record(db, transferred, "police_filed", "2026-04-26")
    assert refused.value.errors == {"kind": f"“{REFUSED_EN}” is recorded on 2026-04-23: “Police opened a "
                                            "case” can follow it only after “Police asked to reconsider their "
                                            "refusal” or “Procuratorate asked to supervise case opening”; record "
                                            "that request first."}
    assert stored(db, transferred) == [("police_refused", "2026-04-23")]
    record(db, transferred, "police_review_requested", "2026-04-24")
    record(db, transferred, "police_filed", "2026-04-26")  # the police decide the request by opening the case
    t28b = of_case(db, transferred, "2026-04-28")["T28b"]
    assert (t28b.state, t28b.done_on) == ("met", "2026-04-26")


def test_after_the_refusal_is_upheld_only_the_procuratorate_brings_the_opening(db, transferred, english):
    record(db, transferred, "police_refused", "2026-04-23")
    record(db, transferred, "police_review_requested", "2026-04-24")
    record(db, transferred, "police_review_upheld", "2026-04-26")
    with pytest.raises(ValidationError) as refused:
        record(db, transferred, "police_filed", "2026-04-28")
    assert refused.value.errors == {"kind": "“Police upheld their refusal on reconsideration” is recorded on "
                                            "2026-04-26: “Police opened a case” can follow it only after "
                                            "“Procuratorate asked to supervise case opening”; record that "
                                            "request first."}
    assert ("police_filed", "2026-04-28") not in stored(db, transferred)
    record(db, transferred, "procuratorate_requested", "2026-04-27")
    record(db, transferred, "police_filed", "2026-04-28")
    assert stored(db, transferred)[-1] == ("police_filed", "2026-04-28")


def test_a_new_transfer_takes_a_new_answer(db, transferred):
    record(db, transferred, "police_refused", "2026-04-23")
    procedure.apply(db, transferred.id, "resume_after_police", on_date="2026-04-30", reason="公安机关不予立案")
    procedure.apply(db, transferred.id, "transfer_to_police", on_date="2026-06-01", reason="发现新的犯罪线索")
    record(db, transferred, "police_refused", "2026-06-03")
    assert stored(db, transferred) == [("police_refused", "2026-04-23"), ("police_refused", "2026-06-03")]


def test_a_case_imported_as_transferred_shows_its_t27_as_not_countable(db, make_case, english):
    case = make_case(status="transferred_police", filed_on="2026-03-10")
    t27 = of_case(db, case, "2026-04-22")["T27"]
    assert (t27.state, t27.state_label, t27.due) == ("missing", "无法计算", None)
    assert t27.title == "Police review and decide whether to open a case (transfer date not recorded)"
    assert t27.calculation() == (
        "The case was imported as transferred to the police without the date of the transfer, so the police's 3 days "
        "cannot be counted: ask them whether they opened a criminal case and record their answer (“Police opened a case” or "
        f"“{REFUSED_EN}”), which closes this item.\nSource: 《行政执法机关移送涉嫌犯罪案件的规定》第八条")
    board = on_board(db, case, "2026-04-22")["T27"]  # on the board, not dropped
    assert (board.state, board.title) == ("missing", t27.title)
    record(db, case, "police_filed", "2026-04-24")
    assert "T27" not in of_case(db, case, "2026-04-25") and "T27" not in on_board(db, case, "2026-04-25")


def test_the_dialog_offers_the_heads_refusal_and_no_exhibits_with_what_they_meet(db, transferred, prompts, qtbot):
    dialog = ClockEventDialog(db, transferred, prompts)
    qtbot.addWidget(dialog)
    dialog.kind.setCurrentIndex(dialog.kind.findData("transfer_refused"))
    assert dialog.hint.text() == "完成：T25 负责人审批移送涉嫌犯罪案件。"
    dialog.kind.setCurrentIndex(dialog.kind.findData("no_exhibits"))
    assert dialog.hint.text() == "完成：T29 公安机关立案后移交涉案物品。"


# the head decides once on each transfer report, after it; a request is made once on one answer of the police; the
# exhibits are either handed over or recorded as none to hand over (transfer rules arts. 5, 9, 12)

def test_the_heads_decision_needs_the_report_first_and_changes_nothing(db, make_case, english):
    case = procedure.apply(db, make_case().id, "file", on_date="2026-03-10")
    with pytest.raises(ValidationError) as refused:
        record(db, case, "transfer_approved", "2026-04-17")
    assert refused.value.errors == {"kind": "No “Report on transferring a suspected crime submitted” is "
                                            "recorded in this case: record it first, then “Head approved the "
                                            "transfer”."}
    assert stored(db, case) == []
    record(db, case, "transfer_report", "2026-04-17")
    with pytest.raises(ValidationError) as refused:
        record(db, case, "transfer_refused", "2026-04-16")
    assert refused.value.errors == {"starts_on": "“Report on transferring a suspected crime submitted” is recorded "
                                                 "on 2026-04-17: “Head refused the transfer” cannot be dated before "
                                                 "that day."}
    assert stored(db, case) == [("transfer_report", "2026-04-17")]


@pytest.mark.parametrize("second", ["transfer_approved", "transfer_refused"])
def test_one_decision_per_transfer_report(db, filed, english, second):
    record(db, filed, "transfer_refused", "2026-04-18")
    with pytest.raises(ValidationError) as refused:
        record(db, filed, second, "2026-04-20")
    what = "Head approved the transfer" if second == "transfer_approved" else "Head refused the transfer"
    assert refused.value.errors == {"kind": f"“Head refused the transfer” is already recorded on 2026-04-18 on "
                                            f"the transfer report of 2026-04-17: “{what}” cannot be recorded as a second "
                                            "decision on it (a new report takes a new decision; if the earlier "
                                            "record is wrong, remove it first)."}
    assert stored(db, filed) == [("transfer_report", "2026-04-17"), ("transfer_refused", "2026-04-18")]
    record(db, filed, "transfer_report", "2026-05-06")  # a new report, with new facts, takes a new decision
    record(db, filed, second, "2026-05-07")
    assert stored(db, filed)[-1] == (second, "2026-05-07")


def test_a_refusal_is_reconsidered_once(db, transferred, english):
    record(db, transferred, "police_refused", "2026-04-23")
    record(db, transferred, "police_review_requested", "2026-04-24")
    message = {"kind": "“Police asked to reconsider their refusal” is already recorded on 2026-04-24 on "
                       f"“{REFUSED_EN}” of 2026-04-23: the same request cannot be made twice on one answer of "
                       "the police (if the earlier record is wrong, remove it first)."}
    with pytest.raises(ValidationError) as refused:
        record(db, transferred, "police_review_requested", "2026-04-25")
    assert refused.value.errors == message
    record(db, transferred, "police_review_upheld", "2026-04-26")
    with pytest.raises(ValidationError) as refused:  # upheld: the procuratorate is asked next, not the police again
        record(db, transferred, "police_review_requested", "2026-04-27")
    assert refused.value.errors == message
    assert [kind for kind, _day in stored(db, transferred)] == ["police_refused", "police_review_requested",
                                                               "police_review_upheld"]


def test_the_procuratorate_is_asked_once_on_one_answer(db, transferred, english):
    record(db, transferred, "police_refused", "2026-04-23")
    record(db, transferred, "procuratorate_requested", "2026-04-24")
    with pytest.raises(ValidationError) as refused:
        record(db, transferred, "procuratorate_requested", "2026-04-26")
    assert refused.value.errors == {"kind": "“Procuratorate asked to supervise case opening” is already "
                                            f"recorded on 2026-04-24 on “{REFUSED_EN}” of 2026-04-23: the same request cannot be made twice "
                                            "on one answer of the police (if the earlier record is wrong, remove "
                                            "it first)."}
    assert stored(db, transferred) == [("police_refused", "2026-04-23"), ("procuratorate_requested", "2026-04-24")]


@pytest.mark.parametrize(("first", "second"), [("exhibits_transferred", "no_exhibits"),
                                               ("no_exhibits", "exhibits_transferred")])
def test_exhibits_handed_over_and_none_to_hand_over_exclude_each_other(db, transferred, english, first, second):
    record(db, transferred, "police_filed", "2026-04-23")
    record(db, transferred, first, "2026-04-24")
    with pytest.raises(ValidationError) as refused:
        record(db, transferred, second, "2026-04-25")
    labels = {"exhibits_transferred": "Case articles handed over to the police",
              "no_exhibits": "No case articles to hand over"}
    assert refused.value.errors == {"kind": f"“{labels[first]}” is already recorded on 2026-04-24: "
                                            f"“{labels[second]}” cannot be recorded beside it (if that record is "
                                            "wrong, remove it first)."}
    assert stored(db, transferred) == [("police_filed", "2026-04-23"), (first, "2026-04-24")]


# closing while the case articles are not handed over to the police who opened the case (T29)

T29_OPEN = ("The police opened a criminal case on 2026-04-23, and the hand-over of the case articles to them is not "
            "recorded: T29 Hand over the case articles after the police open a case is due on 2026-04-26{late} "
            "(transfer rules art. 12). Closing the case does not end that duty: T29 stays on the deadline board until “Case articles handed over to the "
            "police” or “No case articles to hand over” is recorded.")


def test_closing_while_the_case_articles_are_not_handed_over_warns_in_the_window_and_the_command_line(
        db, data_dir, transferred, capsys, english):
    from tests.helpers import run_json
    from ui.transition_dialog import closing_warning

    record(db, transferred, "police_filed", "2026-04-23")
    case = get_case(db, transferred.id)
    shown, kept = closing_warning(db, case)("2026-04-28")  # what the window asks to tick, and keeps
    assert T29_OPEN.format(late=" (overdue)") in shown.split("\n")
    assert "Closed before the case articles were handed over to the police (T29 due on 2026-04-26)." in kept
    result = run_json(capsys, "--data-dir", data_dir, "cases", "transition", case.id, "close", "--date", "2026-04-28")
    assert result["status"] == "closed" and T29_OPEN.format(late=" (overdue)") in result["warnings"]
    # closing does not end the duty: T29 stays on the board until the hand-over is recorded
    assert "T29" in on_board(db, case, "2026-04-28")


def test_closing_after_the_case_articles_were_handed_over_says_nothing_of_them(db, data_dir, transferred, capsys,
                                                                               english):
    from tests.helpers import run_json

    record(db, transferred, "police_filed", "2026-04-23")
    record(db, transferred, "no_exhibits", "2026-04-24")
    result = run_json(capsys, "--data-dir", data_dir, "cases", "transition", transferred.id, "close", "--date",
                      "2026-04-28")
    assert result["status"] == "closed" and not any("T29" in warning for warning in result["warnings"])
