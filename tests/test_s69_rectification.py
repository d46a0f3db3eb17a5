"""The 责令改正通知书 and its re-inspection (复查), session 69 audit (simple_rectify):

1. a correction of the order keeps the re-inspection recorded on the order it replaces (matched through its
   ``supersedes`` chain): the case shows it 已复查, the board does not ask for it again, and 拒不改正 stays refused;
2. an order to correct at once (no 改正期限) with a 报送期限: the party's time to correct ends on the day of the order,
   the 报送期限 only sets when the board expects the re-inspection;
3. a 改正期限 or 报送期限 on a rest day runs to the next working day (REFERENCE §1.2 rule 3) for the refusal of an
   early finding and for the board's due day, and is warned of when the order is issued (command line, editor)."""

from __future__ import annotations

import pytest

from tests.helpers import run
from workstation.clocks import board, case_clocks
from workstation.documents.drafts import find_form
from workstation.documents.issuing import issue_document
from workstation.errors import ValidationError
from workstation.law.case_law import save_penalty_choice
from workstation.records import ClockEvent
from workstation.rectification_checks import CHECK, orders_to_check, refused_correction_refusal
from workstation.store import get_case
from workstation.store.clock_events import record_clock_event

FACTS = "经查，当事人于2026年1月至2月期间未经消费者同意向其发送商业性短信。"
REQUIREMENTS = "1.停止未经消费者同意向其发送商业性短信的行为。"
CHOICE = {"act_on": None, "prior_punished": False, "penalty_norm": "", "discretion_tier": "",
          "discretion_factors": [], "discretion_reason": "", "fine_fen": 0}


@pytest.fixture
def filed(db, make_case):
    return make_case(status="investigating", filed_on="2026-03-02", violations=["illegal_provision_or_leak"],
                     facts=FACTS)


def order(db, data_dir, case, supersedes=None, **values):
    values = {"signed_on": "2026-03-10", "correct_by": "2026-03-25", "violation": FACTS, "requirements": REQUIREMENTS,
              **values}
    return issue_document(db, data_dir, get_case(db, case.id), find_form("rectification_order"), values,
                          supersedes=supersedes)


def check(db, case, document, on, result):
    return record_clock_event(db, ClockEvent(case_id=case.id, kind=CHECK, clock=document.id, days=result,
                                             starts_on=on))


def board_rows(db, case, on):
    return [(d.due, d.state) for d in board(db, on=on) if d.case_id == case.id and d.document_id]


def case_rows(db, case, on):
    return [(d.state, d.done_on) for d in case_clocks(db, get_case(db, case.id), on=on) if d.document_id]


# ---- 1. a correction keeps the re-inspection of the order it replaces ------------------------------------------

def test_a_correction_keeps_the_re_inspection_recorded_on_the_order_it_replaces(db, data_dir, filed, english):
    first = order(db, data_dir, filed, correct_by="", submit_by="2026-03-25")
    check(db, filed, first, "2026-03-26", 1)
    correction = order(db, data_dir, filed, supersedes=first.id, correct_by="", submit_by="2026-03-25",
                       contact_phone="0757-86283000")
    assert correction.id != first.id
    assert case_rows(db, filed, "2026-03-30") == [("checked", "2026-03-26")]
    assert board_rows(db, filed, "2026-03-30") == []
    assert orders_to_check(db, filed.id) == []
    refusal = refused_correction_refusal(db, filed.id)
    assert refusal is not None and "2026-03-26" in refusal and "已改正" in refusal
    with pytest.raises(ValidationError):
        save_penalty_choice(db, get_case(db, filed.id), **CHOICE, law_conditions=["refused_correction"])
    # a second re-inspection of the correction is one of the same order: refused as recorded already
    with pytest.raises(ValidationError) as again:
        check(db, filed, correction, "2026-03-27", 3)
    assert "already recorded on 2026-03-26" in again.value.errors["order"]


def test_the_fact_is_refused_on_the_command_line_after_the_correction(db, data_dir, filed, capsys, english):
    first = order(db, data_dir, filed)
    check(db, filed, first, "2026-03-26", 1)
    order(db, data_dir, filed, supersedes=first.id, contact_phone="0757-86283000")
    code, _out, err = run(capsys, "cases", "facts", filed.id, "--data-dir", data_dir, "--fact", "refused_correction")
    assert code != 0 and "已改正" in err and "2026-03-26" in err
    assert get_case(db, filed.id).law_conditions == []


def test_an_order_corrected_before_its_re_inspection_is_still_awaited_once(db, data_dir, filed, english):
    first = order(db, data_dir, filed)
    correction = order(db, data_dir, filed, supersedes=first.id, contact_phone="0757-86283000")
    assert [doc_id for doc_id, _label in orders_to_check(db, filed.id)] == [correction.id]
    assert board_rows(db, filed, "2026-03-12") == [("2026-04-01", "open")]
    check(db, filed, correction, "2026-03-26", 3)
    assert case_rows(db, filed, "2026-03-30") == [("checked", "2026-03-26")]
    assert refused_correction_refusal(db, filed.id) is None


# ---- 2. an order to correct at once: the 报送期限 is not a time to correct -----------------------------------------

def test_an_order_to_correct_at_once_may_be_found_uncorrected_before_its_report_day(db, data_dir, filed, english):
    document = order(db, data_dir, filed, correct_by="", submit_by="2026-03-25")
    assert check(db, filed, document, "2026-03-12", 3).starts_on == "2026-03-12"


def test_an_order_to_correct_at_once_is_not_found_uncorrected_on_its_own_day(db, data_dir, filed, english):
    document = order(db, data_dir, filed, correct_by="", submit_by="2026-03-25")
    with pytest.raises(ValidationError) as error:
        check(db, filed, document, "2026-03-10", 3)
    assert "2026-03-10" in error.value.errors["result"]


def test_the_report_day_still_sets_when_the_board_expects_the_re_inspection(db, data_dir, filed, english):
    order(db, data_dir, filed, correct_by="", submit_by="2026-03-25")
    assert board_rows(db, filed, "2026-03-12") == [("2026-04-01", "open")]


# ---- 3. a deadline on a rest day runs to the next working day --------------------------------------------------

@pytest.fixture
def autumn(db, make_case):
    return make_case(status="investigating", filed_on="2026-09-02", violations=["illegal_provision_or_leak"],
                     facts=FACTS)


@pytest.mark.parametrize(("on", "refused"), [("2026-10-08", True), ("2026-10-09", False)])
def test_a_correction_deadline_in_the_national_day_holidays_runs_to_the_next_working_day(db, data_dir, autumn,
                                                                                         english, on, refused):
    document = order(db, data_dir, autumn, signed_on="2026-09-15", correct_by="2026-10-03")
    if not refused:
        assert check(db, autumn, document, on, 3).starts_on == on
        return
    with pytest.raises(ValidationError) as error:
        check(db, autumn, document, on, 3)
    message = error.value.errors["result"]
    assert "2026-10-03" in message and "2026-10-08" in message and "rest day" in message


def test_the_board_counts_the_re_inspection_from_the_working_day_the_deadline_runs_to(db, data_dir, autumn,
                                                                                     english):
    order(db, data_dir, autumn, signed_on="2026-09-15", correct_by="2026-10-03")
    assert board_rows(db, autumn, "2026-09-20") == [("2026-10-14", "open")]
    row = next(d for d in board(db, on="2026-09-20") if d.case_id == autumn.id and d.document_id)
    assert "2026-10-08" in row.calculation()


def test_a_report_deadline_on_a_rest_day_runs_on_too(db, data_dir, autumn, english):
    order(db, data_dir, autumn, signed_on="2026-09-15", correct_by="", submit_by="2026-10-03")
    assert board_rows(db, autumn, "2026-09-20") == [("2026-10-14", "open")]


def test_issuing_an_order_with_a_deadline_on_a_rest_day_warns_on_the_command_line(db, data_dir, autumn, capsys,
                                                                                tmp_path, english):
    import json

    values = tmp_path / "values.json"
    values.write_text(json.dumps({"signed_on": "2026-09-15", "correct_by": "2026-10-03", "violation": FACTS,
                                  "requirements": REQUIREMENTS}), encoding="utf-8")
    code, out, err = run(capsys, "--data-dir", data_dir, "docs", "issue", autumn.id, "--form", "rectification_order",
                         "--values", values, "-o", tmp_path / "order.pdf")
    assert code == 0 and "issued" in out, err
    warning = next(line for line in err.splitlines() if "改正期限" in line)
    assert warning.startswith("Warning:") and "2026-10-03" in warning and "2026-10-08" in warning
    assert "rest day" in warning


def test_a_deadline_in_a_year_without_holiday_data_is_warned_of_as_to_be_verified(db, data_dir, make_case, capsys,
                                                                                 tmp_path, english):
    import json

    case = make_case(status="investigating", filed_on="2026-12-02", violations=["illegal_provision_or_leak"],
                     facts=FACTS)
    values = tmp_path / "values.json"
    values.write_text(json.dumps({"signed_on": "2026-12-04", "correct_by": "2027-02-06", "violation": FACTS,
                                  "requirements": REQUIREMENTS}), encoding="utf-8")
    code, _out, err = run(capsys, "--data-dir", data_dir, "docs", "issue", case.id, "--form", "rectification_order",
                          "--values", values, "-o", tmp_path / "order.pdf")
    assert code == 0, err
    warning = next(line for line in err.splitlines() if "改正期限" in line)
    assert "2027-02-06" in warning and "of 2027 are not known yet" in warning and "日历待核实" in warning
    row = next(d for d in board(db, on="2026-12-21") if d.case_id == case.id and d.document_id)
    assert row.confirmed is False


def test_a_deadline_on_a_working_day_gives_no_warning(db, data_dir, filed, capsys, tmp_path, english):
    import json

    values = tmp_path / "values.json"
    values.write_text(json.dumps({"signed_on": "2026-03-10", "correct_by": "2026-03-25", "submit_by": "2026-03-27",
                                  "violation": FACTS, "requirements": REQUIREMENTS}), encoding="utf-8")
    code, _out, err = run(capsys, "--data-dir", data_dir, "docs", "issue", filed.id, "--form", "rectification_order",
                          "--values", values, "-o", tmp_path / "order.pdf")
    assert code == 0 and "改正期限" not in err and "报送期限" not in err


def test_the_editor_asks_before_issuing_an_order_whose_deadline_is_a_rest_day(demo_db, opened, prompts, english):
    from workstation.store import find_case

    case = find_case(demo_db, "佛禅市监立〔2026〕1号")
    editor = opened(demo_db, "rectification_order", case)
    editor.fields["correct_by"].set_value("2026-12-12")  # a Saturday, after the order of today
    prompts.confirm_answer = False
    editor.issue()
    assert editor.document is None
    assert prompts.errors == []
    asked = "\n".join(prompts.confirmations)
    assert "改正期限" in asked and "2026-12-12" in asked and "2026-12-14" in asked and "weekend" in asked


# ---- final read: one warning for a deadline on a rest day, and the hedge of the year typed -----------------------

def test_the_order_and_the_interview_say_a_day_of_a_year_not_known_alike(demo_db, data_dir, capsys, english):
    from tests.test_interview_walk import industry_interview
    from workstation.rectification_checks import deadline_warnings
    from workstation.store.interviews import deadline_rest_day_warning, get_interview

    interview_id, _names = industry_interview(capsys, demo_db, data_dir, "--deadline", "2027-02-06")
    said = deadline_rest_day_warning(demo_db, get_interview(demo_db, interview_id))
    [ordered] = deadline_warnings(demo_db, {"correct_by": "2027-02-06"})
    assert said.startswith("The rectification deadline 2027-02-06 is a rest day (")
    assert ordered.startswith("The 改正期限 2027-02-06 of the 责令改正通知书 is a rest day (")
    # the same words after the deadline named: both 日历待核实, as the board marks them
    assert said.split(" is a rest day", 1)[1] == ordered.split(" is a rest day", 1)[1]
    assert "日历待核实" in said and "of 2027 are not known yet" in said


def test_a_report_deadline_on_a_known_rest_day_names_the_re_inspection(db, data_dir, english):
    from workstation.rectification_checks import deadline_warnings

    [said] = deadline_warnings(db, {"submit_by": "2026-10-03"})
    assert said.startswith("The 报送期限 2026-10-03 of the 责令改正通知书 is a rest day (")
    assert "2026-10-08" in said and "the re-inspection and the deadline board count it so" in said


def test_a_saturday_of_a_known_year_is_a_rest_day_though_the_re_inspection_falls_in_the_next(db, data_dir,
                                                                                           make_case, english):
    case = make_case(status="investigating", filed_on="2026-12-02", violations=["illegal_provision_or_leak"],
                     facts=FACTS)
    order(db, data_dir, case, signed_on="2026-12-04", correct_by="2026-12-26")  # a Saturday of 2026
    row = next(d for d in board(db, on="2026-12-15") if d.case_id == case.id and d.document_id)
    assert row.due.startswith("2027-") and row.confirmed is False  # counted into 2027, whose holidays are not known
    lines = row.calculation()
    assert "2026-12-26 is a rest day: a deadline the party must meet runs to the next working day, 2026-12-28." \
        in lines, lines
    assert "until the calendar of 2026 is known" not in lines


def test_a_saturday_of_a_year_not_known_is_still_hedged(db, data_dir, make_case, english):
    case = make_case(status="investigating", filed_on="2026-12-02", violations=["illegal_provision_or_leak"],
                     facts=FACTS)
    order(db, data_dir, case, signed_on="2026-12-04", correct_by="2027-03-06")  # a Saturday of 2027
    row = next(d for d in board(db, on="2026-12-15") if d.case_id == case.id and d.document_id)
    assert "2027-03-06 is counted as a rest day" in row.calculation()
    assert "until the calendar of 2027 is known" in row.calculation()


# ---- stop-check mend: the dialog's list of orders counts to the working day the deadline runs to ----------------

def test_the_orders_to_re_inspect_show_the_day_the_deadline_runs_to(db, data_dir, autumn, english):
    order(db, data_dir, autumn, signed_on="2026-09-15", correct_by="2026-10-03")
    [(_doc_id, label)] = orders_to_check(db, autumn.id)
    assert "due 2026-10-08" in label and "2026-10-03" in label, label
    assert board_rows(db, autumn, "2026-09-20") == [("2026-10-14", "open")]  # counted from the same 2026-10-08


def test_the_later_rolled_day_of_the_two_decides_and_a_working_day_is_shown_alone(db, data_dir, autumn, english):
    # 改正期限 2026-10-03 runs to 2026-10-08, before the 报送期限 2026-10-09, a working day: that one is due, as typed
    order(db, data_dir, autumn, signed_on="2026-09-15", correct_by="2026-10-03", submit_by="2026-10-09")
    [(_doc_id, label)] = orders_to_check(db, autumn.id)
    assert label.endswith("due 2026-10-09"), label  # a working day typed: no day in brackets
