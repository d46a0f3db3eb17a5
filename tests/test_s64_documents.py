"""The documents audit of round 64.

1. The 行政处罚告知书 and the 行政处罚决定书 keep the order the law gives them (行政处罚法 arts. 44, 62): a notice dated
   after the day the case records it served on the party is refused at issue (unless it corrects the notice in
   force or is another party's, not yet served), and a decision dated before the notice in force, or within the
   period to state, defend and request a hearing counted from that notice's date (T4), is refused naming the
   dates — unless the party waived that period; a hearing's day is held to as before.
2. The 询问笔录's start is the interview's: on the command line it is given, never taken from the moment of issue;
   the editor starts a new record with the time it is opened (the officer writes the record as the interview goes
   on); a record whose interview lasts under five minutes is issued with a warning naming its times."""

from __future__ import annotations

import json
from dataclasses import replace

import pytest

from tests.helpers import INQUIRY_TO_ISSUE, fill_inquiry_to_issue, numbers_taken, run
from workstation import procedure
from workstation.documents.drafts import draft_values, find_form
from workstation.documents.issuing import case_documents, check_issue, issue_document
from workstation.documents.stage_rules import stage_warnings
from workstation.errors import ValidationError, WorkstationError
from workstation.records import now
from workstation.store import find_case, get_case
from workstation.store.cases import update_case

FACTS = "经查，当事人未经消费者同意向其发送商业性短信。"
ADDRESS = {"party_address": "佛山市南海区桂城街道南海大道1号"}
NOTICE = {**ADDRESS, "facts": FACTS, "fine_fen": "5000", "warning": False}
SERVED_DEMO = "佛禅市监立〔2026〕7号"  # a demo case at its notice stage (已告知), served on paper
INVESTIGATED = "佛南市监立〔2026〕9号"  # a demo case under investigation


def notice(db, data_dir, case, **values):
    return issue_document(db, data_dir, get_case(db, case.id), find_form("pre_penalty_notice"), {**NOTICE, **values})


def decision_refusal(db, case, **values) -> str:
    with pytest.raises(WorkstationError) as refused:
        check_issue(db, get_case(db, case.id), find_form("penalty_decision"), {**ADDRESS, "fine_fen": "5000",
                                                                                **values})
    return str(refused.value)


def decide(db, data_dir, case, **values):
    return issue_document(db, data_dir, get_case(db, case.id), find_form("penalty_decision"),
                          {**ADDRESS, "fine_fen": "5000", **values})


# ---- 1a. the notice dated after the service the case records --------------------------------------------------------

@pytest.fixture
def served(db, make_case):
    """A case reviewed on 03-02 whose notice, written on paper, was served on Tuesday 2026-03-03 (imported or typed
    in: no notice issued here)."""
    return make_case(status="pre_notice", filed_on="2026-02-20", review_on="2026-03-02", notice_served_on="2026-03-03",
                     facts=FACTS)


def test_a_notice_dated_after_the_service_recorded_is_refused_naming_both_days(db, data_dir, served, english):
    taken = numbers_taken(db)
    with pytest.raises(WorkstationError) as refused:
        notice(db, data_dir, served, issued_on="2026-03-10")
    message = str(refused.value)
    assert "served on the party (佛山市南海区誉嘉房地产代理有限公司) on 2026-03-03" in message, message
    assert "this one is dated 2026-03-10" in message and "Date it 2026-03-03 or earlier" in message
    assert numbers_taken(db) == taken and case_documents(db, served.id) == []


@pytest.mark.parametrize("day", ["2026-03-02", "2026-03-03"])
def test_a_notice_dated_on_or_before_its_service_is_issued(db, data_dir, served, day):
    assert notice(db, data_dir, served, issued_on=day).values["issued_on"] == day


def test_a_correction_of_the_notice_served_may_bear_a_later_day(db, data_dir, make_case):
    case = make_case(status="under_review", filed_on="2026-02-20", review_on="2026-03-02", facts=FACTS)
    first = notice(db, data_dir, case, issued_on="2026-03-03")
    procedure.apply(db, case.id, "send_pre_notice", on_date="2026-03-03")
    corrected = issue_document(db, data_dir, get_case(db, case.id), find_form("pre_penalty_notice"),
                               {**NOTICE, "issued_on": "2026-03-05"}, supersedes=first.id)
    assert corrected.supersedes_id == first.id


def test_a_notice_to_another_party_not_yet_served_may_bear_a_later_day(db, data_dir, make_case):
    from tests.test_party_case10 import with_employee

    case, company, employee = with_employee(db, make_case(status="under_review", filed_on="2026-02-20",
                                                          review_on="2026-03-02", facts=FACTS))
    issue_document(db, data_dir, get_case(db, case.id), find_form("pre_penalty_notice"),
                   {**NOTICE, "issued_on": "2026-03-03"}, party_id=company)
    procedure.apply(db, case.id, "send_pre_notice", on_date="2026-03-03", party_ids=(company,))
    later = issue_document(db, data_dir, get_case(db, case.id), find_form("pre_penalty_notice"),
                           {**NOTICE, "issued_on": "2026-03-06"}, party_id=employee)
    assert later.values["issued_on"] == "2026-03-06"


def test_docs_issue_refuses_the_notice_of_a_case_served_on_paper_dated_today(demo_db, data_dir, capsys, english,
                                                                            tmp_path):
    import json

    from workstation.records import today

    served_on = find_case(demo_db, SERVED_DEMO).notice_served_on
    demo_db.conn.close()
    values = tmp_path / "today.json"  # dated today by hand: the default is the day it was served
    values.write_text(json.dumps({"issued_on": today()}), encoding="utf-8")
    code, out, err = run(capsys, "--data-dir", data_dir, "docs", "issue", SERVED_DEMO, "--form", "pre_penalty_notice",
                         "--values", values, "-o", tmp_path / "n.pdf")
    assert (code, out) == (1, "")
    assert f"on {served_on}" in err and f"Date it {served_on} or earlier" in err, err
    assert not (tmp_path / "n.pdf").exists()


@pytest.mark.gui
def test_the_window_refuses_the_notice_of_a_case_served_on_paper_dated_today(demo_db, opened, prompts, english):
    from workstation.records import today

    case = find_case(demo_db, SERVED_DEMO)
    editor = opened(demo_db, "pre_penalty_notice", case)
    editor.set_field("issued_on", today())  # dated today by hand: the default is the day it was served
    prompts.confirm_answer = True
    editor.issue()
    assert editor.document is None
    assert prompts.errors and f"Date it {case.notice_served_on} or earlier" in prompts.errors[-1], prompts.errors
    assert not any(d.form_id == "pre_penalty_notice" for d in case_documents(demo_db, case.id))


# ---- 1b. the decision dated before its notice and the period counted from it ------------------------------------

@pytest.fixture
def noticed_late(db, data_dir, make_case):
    """A case whose notice in force is dated Tuesday 2026-03-10 while its service was recorded on 02-24 (typed in
    before the notice was issued here; the period from that service ended on 03-03): the party's period counts from
    the notice's date at the earliest, up to 03-17."""
    case = make_case(status="under_review", filed_on="2026-02-20", review_on="2026-02-23", facts=FACTS)
    notice(db, data_dir, case, issued_on="2026-03-10")
    return update_case(db, replace(get_case(db, case.id), status="decision_pending", notice_served_on="2026-02-24"),
                       allow_status_change=True)


def test_a_decision_before_the_notice_in_force_is_refused_naming_its_date(db, noticed_late, english):
    message = decision_refusal(db, noticed_late, decided_on="2026-03-05")
    assert "The 决定日期 (2026-03-05) is before the 行政处罚告知书" in message, message
    assert "dated 2026-03-10" in message


def test_a_decision_within_the_period_counted_from_the_notice_is_refused_naming_its_end(db, noticed_late, english):
    message = decision_refusal(db, noticed_late, decided_on="2026-03-12")
    assert "The 决定日期 (2026-03-12) falls within the party's period" in message, message
    assert "dated 2026-03-10" in message and "2026-03-17" in message


def test_a_decision_after_the_period_counted_from_the_notice_is_issued(db, data_dir, noticed_late):
    assert decide(db, data_dir, noticed_late, decided_on="2026-03-18").values["decided_on"] == "2026-03-18"


def test_a_waiver_lets_the_decision_follow_the_notice_at_once_but_never_precede_it(db, data_dir, make_case, english):
    case = make_case(status="under_review", filed_on="2026-02-20", review_on="2026-03-02", facts=FACTS)
    notice(db, data_dir, case, issued_on="2026-03-10")
    procedure.apply(db, case.id, "send_pre_notice", on_date="2026-03-10")
    procedure.apply(db, case.id, "waive_statement", on_date="2026-03-10", reason="当事人书面放弃陈述申辩")
    assert "is before the 行政处罚告知书" in decision_refusal(db, case, decided_on="2026-03-09")
    assert decide(db, data_dir, case, decided_on="2026-03-11").values["decided_on"] == "2026-03-11"


def test_a_decision_after_a_hearing_is_held_to_the_hearing_s_day_as_before(db, data_dir, make_case, english):
    from tests.helpers import hearing_notice, legal_review
    from tests.test_s45_hearing_path import hearing_documents

    case = make_case(status="under_review", filed_on="2026-02-20", review_on="2026-03-02", facts=FACTS)
    notice(db, data_dir, case, issued_on="2026-03-02", fine_fen="150000", hearing_required=True)
    procedure.apply(db, case.id, "send_pre_notice", on_date="2026-03-02")
    procedure.apply(db, case.id, "request_hearing", on_date="2026-03-03")
    hearing_notice(db, data_dir, case, issued_on="2026-03-03", hearing_date="2026-03-12")
    procedure.apply(db, case.id, "conclude_hearing", on_date="2026-03-12")
    hearing_documents(db, data_dir, case, "2026-03-12")
    # reviewed by the day the decision is dated, so that the review, checked first, lets the hearing's day speak
    legal_review(db, data_dir, case, reviewed_on="2026-03-11", received_on="2026-03-11")
    assert "is before the hearing held on 2026-03-12" in decision_refusal(db, case, decided_on="2026-03-11",
                                                                          fine_fen="150000")
    assert decide(db, data_dir, case, decided_on="2026-03-12", fine_fen="150000").values["fine_fen"] == 15_000_000


def test_the_audit_s_decision_before_its_notice_is_refused_on_the_command_line(demo_db, data_dir, capsys, english,
                                                                             tmp_path, monkeypatch):
    """The audit's walk: a notice issued dated after the paper one's service (as before this round: its check
    left out), the period ended and the penalty decided on paper days; the decision dated then is refused."""
    from workstation.documents import stage_rules

    case = find_case(demo_db, SERVED_DEMO)
    with monkeypatch.context() as patched:
        patched.setattr(stage_rules, "_notice_after_service", lambda *args, **kwargs: None, raising=False)
        dated = issue_document(demo_db, data_dir, case, find_form("pre_penalty_notice"),
                               {"issued_on": "2026-12-01"}).values["issued_on"]
    procedure.apply(demo_db, case.id, "end_statement_period", on_date="2026-11-17")
    procedure.apply(demo_db, case.id, "decide_penalty", on_date="2026-11-20")
    demo_db.conn.close()
    values = tmp_path / "d.json"
    values.write_text(json.dumps({"decided_on": "2026-11-20"}), encoding="utf-8")
    code, out, err = run(capsys, "--data-dir", data_dir, "docs", "issue", SERVED_DEMO, "--form", "penalty_decision",
                         "--values", values, "-o", tmp_path / "d.pdf")
    assert (code, out) == (1, "")
    assert "The 决定日期 (2026-11-20) is before the 行政处罚告知书" in err and f"dated {dated}" in err, err
    assert not (tmp_path / "d.pdf").exists()


def test_a_decision_is_held_to_the_notice_served_not_to_a_typo_correction_not_served_again(db, data_dir, make_case,
                                                                                            english):
    """The notice served on 03-02; a typo correction of it (proposing no more, not served again) dated 03-20: the
    decision and its correction are held to the notice served, dated 03-12 after its period, not to that
    correction's date."""
    case = make_case(status="under_review", filed_on="2026-02-20", review_on="2026-03-02", facts=FACTS)
    first = notice(db, data_dir, case, issued_on="2026-03-02")
    procedure.apply(db, case.id, "send_pre_notice", on_date="2026-03-02")
    issue_document(db, data_dir, get_case(db, case.id), find_form("pre_penalty_notice"),
                   {**NOTICE, "issued_on": "2026-03-20"}, supersedes=first.id)
    procedure.apply(db, case.id, "end_statement_period", on_date="2026-03-11")
    decision = decide(db, data_dir, case, decided_on="2026-03-12")
    corrected = issue_document(db, data_dir, get_case(db, case.id), find_form("penalty_decision"),
                               {**ADDRESS, "fine_fen": "5000", "decided_on": "2026-03-12"}, supersedes=decision.id)
    assert corrected.values["decided_on"] == "2026-03-12"


# ---- 2. the 询问笔录's start and length ---------------------------------------------------------------------

def _minute() -> str:
    return now()[:16].replace("T", " ")


def test_the_start_is_not_taken_from_the_moment_of_issue(demo_db, english):
    case = find_case(demo_db, INVESTIGATED)
    values, _context = draft_values(demo_db, case, find_form("inquiry_record"))
    assert not values.get("time_from")  # a draft (a sheet printed for handwriting) leaves it blank
    with pytest.raises(ValidationError) as refused:
        check_issue(demo_db, case, find_form("inquiry_record"), {**INQUIRY_TO_ISSUE, "time_to": _minute()})
    # the form's own rule (required_to_issue, v9), as `docs fields` says it: no second one beside it
    assert list(refused.value.errors) == ["询问开始时间"], refused.value.errors
    assert "询问开始时间: 询问开始时间 must be filled in before issuing" in refused.value.message, refused.value.message


def test_docs_issue_without_the_start_is_refused_naming_it(demo_db, data_dir, capsys, english, tmp_path):
    demo_db.conn.close()
    values = tmp_path / "r.json"
    values.write_text(json.dumps({**INQUIRY_TO_ISSUE, "time_to": _minute()}, ensure_ascii=False), encoding="utf-8")
    code, out, err = run(capsys, "--data-dir", data_dir, "docs", "issue", INVESTIGATED, "--form", "inquiry_record",
                         "--values", values, "-o", tmp_path / "r.pdf")
    assert (code, out) == (1, "")
    assert "询问开始时间 must be filled in before issuing" in err, err
    assert not (tmp_path / "r.pdf").exists()


@pytest.mark.parametrize(("start", "end", "minutes"), [("2026-11-20 09:30", "2026-11-20 09:30", 0),
                                                       ("2026-11-20 09:30", "2026-11-20 09:34", 4)])
def test_a_short_interview_is_warned_of_naming_its_times(demo_db, english, start, end, minutes):
    case = find_case(demo_db, INVESTIGATED)
    warnings = stage_warnings(demo_db, case, "inquiry_record", {"time_from": start, "time_to": end})
    said = [w for w in warnings if "interview of" in w]
    assert len(said) == 1 and f"{minutes} minutes, from {start} to {end}" in said[0], warnings


def test_an_interview_of_five_minutes_or_more_is_not_warned_of(demo_db, english):
    case = find_case(demo_db, INVESTIGATED)
    for end in ("2026-11-20 09:35", "2026-11-20 11:05"):
        warnings = stage_warnings(demo_db, case, "inquiry_record", {"time_from": "2026-11-20 09:30", "time_to": end})
        assert not any("interview of" in w for w in warnings), warnings


def test_docs_issue_issues_a_short_interview_with_its_warning(demo_db, data_dir, capsys, english, tmp_path):
    demo_db.conn.close()
    values = tmp_path / "r.json"
    values.write_text(json.dumps({**INQUIRY_TO_ISSUE, "time_from": "2026-11-20 11:03", "time_to": "2026-11-20 11:05"},
                                 ensure_ascii=False), encoding="utf-8")
    code, _out, err = run(capsys, "--data-dir", data_dir, "docs", "issue", INVESTIGATED, "--form", "inquiry_record",
                          "--values", values, "-o", tmp_path / "r.pdf")
    assert code == 0, err
    assert "interview of 2 minutes, from 2026-11-20 11:03 to 2026-11-20 11:05" in err, err
    assert (tmp_path / "r.pdf").exists()


@pytest.mark.gui
def test_the_editor_opens_a_new_record_at_the_time_it_is_opened_and_warns_of_a_short_one(demo_db, opened, prompts,
                                                                                        english):
    before = _minute()
    editor = opened(demo_db, "inquiry_record", find_case(demo_db, INVESTIGATED))
    start = editor.fields["time_from"].value()
    assert before <= start <= _minute()
    fill_inquiry_to_issue(editor)  # its end the start it shows: an interview of no minute
    prompts.confirm_answer = True
    editor.issue()
    assert editor.document is not None, prompts.errors
    assert any(f"interview of 0 minutes, from {start} to {start}" in asked for asked in prompts.confirmations), \
        prompts.confirmations
