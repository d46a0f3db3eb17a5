"""Four corrections in law and procedure: a second 延长办案期限 is decided by the heads' collective discussion
(REFERENCE §1.2 T2), a third one the head approves is refused; the lead's 延长核查期限 cites art. 18 of the SAMR
procedure rules (T1, [S15]); a clock waiting for a pending reconsideration or lawsuit reads 尚未起算 with the reason,
not 暂停计时; and ``interviews escalate`` refuses before the 整改期限 has passed unless ``--before-deadline``."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import pytest

from tests.helpers import run
from tests.test_clock_challenges import challenge, served_case
from tests.test_doc_stage_rules import allowed, refusal
from tests.test_docfixa_issue_checks import investigating  # noqa: F401, F811  (the case under investigation)
from tests.test_interview11 import SMS_SENDER, day, shunde_interview
from tests.test_lead_internal_forms import recently_assigned
from workstation import clocks
from workstation.board_export import remaining_text, state_text
from workstation.documents.drafts import find_form
from workstation.documents.stage_rules import extension_prefill
from workstation.formkit.values import case_context, default_values, resumed_values
from workstation.leads_workflow import get_lead_row, lead_context
from workstation.records import Case, ClockEvent
from workstation.store import agency_id_for_code, create_case, get_case
from workstation.store.clock_events import record_clock_event
from workstation.store.interviews import get_interview
from workstation.workdays import default_calendar

# ---- 3. a clock waiting for a challenge has not started -------------------------------------------------------------

def _t16(db, case, on="2026-07-15"):
    return next(d for d in clocks.case_clocks(db, get_case(db, case.id), on=on) if d.clock == "T16")


def test_court_enforcement_waiting_for_a_pending_reconsideration_reads_not_started_with_the_reason(db, make_case):
    case = served_case(db, make_case)
    record_clock_event(db, challenge(case, "reconsideration", "2026-07-01"))
    t16 = _t16(db, case)
    assert t16.state == "stopped"  # still with what waits or is stopped on the board, as before
    assert t16.awaiting == ("reconsideration",) and not t16.paused
    # the reason is the pending challenge (its note is translated with the catalogue: 尚未起算（行政复议期间尚未结束）)
    assert t16.state_label.startswith("尚未起算") and "行政复议期间" in t16.state_label
    assert state_text(t16) == t16.state_label and "暂停" not in state_text(t16)


def test_in_english_it_reads_not_started_with_the_challenge_pending(db, make_case, english):
    case = served_case(db, make_case)
    record_clock_event(db, challenge(case, "litigation", "2026-07-01"))
    t16 = _t16(db, case)
    assert t16.shown_state() == "Not started (Administrative lawsuit still pending)"
    assert remaining_text(t16) == "not started" and not remaining_text(t16).startswith("paused")


def test_a_clock_stopped_by_testing_still_reads_paused(db, make_case):
    case = make_case(status="investigating", lead_received_on="2026-02-10", filed_on="2026-02-13")
    record_clock_event(db, challenge(case, "testing", "2026-03-02"))
    t2 = next(d for d in clocks.case_clocks(db, get_case(db, case.id), on="2026-03-05") if d.clock == "T2")
    assert t2.state == "stopped" and t2.paused and not t2.awaiting
    assert t2.state_label.startswith("暂停计时") and remaining_text(t2).startswith("暂停")


# ---- 4. interviews escalate before the 整改期限 ------------------------------------------------------------------------

def test_escalating_before_the_rectification_deadline_is_refused_unless_the_option_is_given(demo_db, data_dir,
                                                                                            capsys, english):
    due = day(4)
    sms = shunde_interview(demo_db, SMS_SENDER, day(-9), due)
    case = create_case(demo_db, Case(case_number="", cause="涉嫌未经消费者同意发送商业性信息案", sector="other",
                                     agency_id=agency_id_for_code("440606"), status="pending_filing",
                                     party_ids=sms.party_ids))
    code, out, err = run(capsys, "interviews", "escalate", sms.id, case.id, "--data-dir", data_dir)
    assert code == 1 and out == ""
    # a deadline falling on a rest day ends on the next working day of the board's calendar (§1.2 rule 3)
    expected = default_calendar(clocks.data_dir_of(demo_db)).roll_forward(dt.date.fromisoformat(due)).isoformat()
    assert f"The rectification deadline of interview {sms.id} is {expected}, not passed yet" in err, err
    assert "--before-deadline" in err
    assert get_interview(demo_db, sms.id).case_id is None
    code, out, err = run(capsys, "interviews", "escalate", sms.id, case.id, "--data-dir", data_dir,
                         "--before-deadline")
    assert code == 0 and get_interview(demo_db, sms.id).case_id == case.id


def test_after_the_deadline_no_option_is_needed(demo_db, data_dir, capsys):
    # passed even when it ran past a holiday to the next working day (REFERENCE §1.2 rule 3, s65)
    sms = shunde_interview(demo_db, SMS_SENDER, day(-30), day(-10))
    case = create_case(demo_db, Case(case_number="", cause="涉嫌未经消费者同意发送商业性信息案", sector="other",
                                     agency_id=agency_id_for_code("440606"), status="pending_filing",
                                     party_ids=sms.party_ids))
    code, _out, err = run(capsys, "interviews", "escalate", sms.id, case.id, "--data-dir", data_dir)
    assert code == 0, err and get_interview(demo_db, sms.id).case_id == case.id


# ---- 1. a second 延长办案期限: collective discussion ---------------------------------------------------------------------

HEAD_REASON = find_form("matter_approval").field("reason").default  # the head's thirty days (a first extension)
FIRST = {"matter": "延长办案期限", "proposed_on": "2026-05-20", "period": "延长三十日，至2026年6月30日"}
SECOND = {"matter": "延长办案期限", "proposed_on": "2026-06-20", "period": "延长六十日，至2026年8月29日"}
FURTHER_BY = clocks.rule("T2").extension_further  # 市场监督管理部门负责人集体讨论决定


def extend(db, case, days, approved_on, approved_by):
    return record_clock_event(db, ClockEvent(case_id=case.id, kind="extension", clock="T2", days=days,
                                             starts_on=approved_on, approved_on=approved_on, approved_by=approved_by))


@pytest.fixture
def extended(db, investigating):  # noqa: F811
    """The case filed on 2026-03-02 (T2 ends 2026-05-31) whose 办案期限 the head extended by thirty days on 05-25."""
    extend(db, investigating, 30, "2026-05-25", "王局长")
    return investigating


def test_a_second_extension_the_head_approves_is_refused_naming_the_first_and_collective_discussion(db, extended,
                                                                                                  english):
    message = refusal(db, extended, "matter_approval", **SECOND, reason=HEAD_REASON)
    assert message.startswith("The 办案期限 of this case was already extended (30 days, approved on 2026-05-25 by "
                              "王局长): the head cannot approve another extension.")
    assert "collective discussion (集体讨论)" in message and "集体讨论决定" in message
    assert "行政处罚案件集体讨论记录" in message


def test_the_second_extension_starts_as_the_collective_discussions_and_is_not_capped_at_thirty_days(db, extended):
    values = allowed(db, extended, "matter_approval", **SECOND)  # its reason as the form starts it
    assert values["reason"].startswith("本案已于2026年5月25日经批准延长办案期限三十日")
    assert "提请本局负责人集体讨论决定继续延长办案期限" in values["reason"]
    # the further extension rests on the SAMR procedure rules as the first one does, not on art. 60 alone
    assert "第六十条和《市场监督管理行政处罚程序规定》的规定，提请" in values["reason"]
    assert values["period"] == SECOND["period"]  # sixty days: the heads fix a reasonable period


def test_a_second_extension_still_needs_its_days(db, extended, english):
    message = refusal(db, extended, "matter_approval", **{**SECOND, "period": "视情况而定"})
    assert "names no number of calendar days" in message and "延长六十日" in message
    assert "期限" in refusal(db, extended, "matter_approval", **{**SECOND, "period": ""})  # required, as before


def test_a_third_extension_the_head_approves_is_refused_naming_both(db, extended, english):
    extend(db, extended, 60, "2026-06-22", FURTHER_BY)  # the heads' collective discussion
    third = {**SECOND, "proposed_on": "2026-08-20", "period": "延长十日"}
    message = refusal(db, extended, "matter_approval", **third, reason=HEAD_REASON)
    assert ("already extended (30 days, approved on 2026-05-25 by 王局长; 60 days, approved on 2026-06-22 by "
            f"{FURTHER_BY})") in message and "the head cannot approve another extension" in message
    values = allowed(db, extended, "matter_approval", **third)
    assert values["reason"].startswith("本案办案期限已先后二次经批准延长，共九十日")


def test_the_approval_form_of_the_first_extension_is_still_the_heads(db, extended, english):
    # dated before the extension was approved (a correction of the form that asked for it): not a further one
    values = allowed(db, extended, "matter_approval", **FIRST, reason=HEAD_REASON)
    assert values["reason"] == HEAD_REASON
    assert "30 days" in refusal(db, extended, "matter_approval", **{**FIRST, "period": "延长六十日"},
                                reason=HEAD_REASON)


def test_the_further_extension_is_recorded_as_the_collective_discussions_and_moves_t2(db, extended):
    assert extension_prefill(db, get_case(db, extended.id), "T2", SECOND) == (60, FURTHER_BY)
    assert extension_prefill(db, get_case(db, extended.id), "T2", FIRST) == (30, "")
    extend(db, extended, 60, "2026-06-22", FURTHER_BY)  # as the dialog opens with it: accepted
    t2 = next(d for d in clocks.case_clocks(db, get_case(db, extended.id), on="2026-07-01") if d.clock == "T2")
    assert t2.due == "2026-08-29"  # 2026-05-31 + 30 + 60 days


def test_a_case_not_extended_keeps_the_heads_reason(db, investigating):  # noqa: F811
    context = case_context(db, get_case(db, investigating.id))
    assert "lead.matter_reason" not in context
    assert default_values(find_form("matter_approval"), context)["reason"] == HEAD_REASON


@pytest.mark.gui
def test_issuing_the_further_extension_opens_the_dialog_with_its_days_and_the_collective_discussion(
        db, extended, prompts, qtbot, monkeypatch):
    from ui.case_clocks import ClockEventDialog
    from ui.case_documents import offer_clock_event

    shown = []

    def exec_(dialog):
        shown.append((dialog.clock.currentData(), dialog.days.value(), dialog.approved_by.text(),
                      dialog.approved_on.date().toString("yyyy-MM-dd")))
        dialog.save()
        return dialog.result()

    monkeypatch.setattr(ClockEventDialog, "exec", exec_)
    monkeypatch.setattr(prompts, "confirm", lambda parent, message: True)
    document = SimpleNamespace(values={**SECOND, "proposed_on": "2026-06-22"}, issued_at="2026-06-22T10:00:00")
    assert offer_clock_event(prompts, None, db, get_case(db, extended.id), find_form("matter_approval"), document,
                             "issued")
    assert shown == [("T2", 60, FURTHER_BY, "2026-06-22")]
    recorded = db.execute("SELECT days, approved_by FROM clock_events WHERE case_id = ? AND approved_on = "
                          "'2026-06-22'", [extended.id]).fetchall()
    assert [tuple(r) for r in recorded] == [(60, FURTHER_BY)]


# ---- 2. the lead's 延长核查期限 cites art. 18 ----------------------------------------------------------------------------

def test_the_leads_extension_cites_article_18_and_its_old_reason_is_recognised(demo_db, english):
    lead = recently_assigned(demo_db)
    row = get_lead_row(demo_db, lead)
    form = find_form("matter_approval")
    context = lead_context(demo_db, row, form_id=form.id)
    reason = default_values(form, context)["reason"]
    assert "依照《市场监督管理行政处罚程序规定》第十八条的规定，申请延长核查期限15个工作日。" in reason
    assert "有关规定" not in reason
    old = reason.replace("第十八条的规定", "的有关规定")
    assert resumed_values(form, {"reason": old}, context)["reason"] == reason  # a draft kept before: updated
    typed = old.replace("当事人身份有待确认", "当事人身份仍未确认")
    assert resumed_values(form, {"reason": typed}, context)["reason"] == typed  # written by the officer: kept
