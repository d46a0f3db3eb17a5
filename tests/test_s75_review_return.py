"""退回补充调查 (session 75, walkthrough75 #1): the reviewer sends a case back for further investigation. From 案件审核 (and
待决定, where a 法制审核 after the hearing precedes the decision) the case goes back to 立案调查 with a reason, its
案件审核表 kept in force and the return on the timeline; submitted again, the review (T3) counts anew from that day. A
review that did not pass (a 否 answer) does not meet T3. The step is undone with 撤销上一步; the case workspace offers it
first while a review in force has a 否 answer."""

from __future__ import annotations

from dataclasses import replace

import pytest

from tests.helpers import run, run_json
from workstation import clocks, procedure
from workstation.audit import digest
from workstation.clocks import case_clocks
from workstation.document_clocks import review_sheets
from workstation.documents.drafts import find_form
from workstation.documents.issuing import in_force_of_form, issue_document
from workstation.errors import TransitionRefused
from workstation.records import Party
from workstation.store import get_case, save_party, update_case
from workstation.store.cases import case_timeline

RETURN = "return_for_investigation"
FAILED = {"facts_clear": "否", "evidence_sufficient": "否", "procedure_lawful": "是", "basis_correct": "是",
          "discretion_proper": "是", "opinion": "退回办案机构补充调查", "review_kind": "法制审核",
          "problems": "发送短信的数量未查清，缺少运营商出具的发送记录，建议补充调取。"}
PASSED = {**FAILED, "facts_clear": "是", "evidence_sufficient": "是", "opinion": "同意办案机构的处理意见。", "problems": ""}
FACTS = "经查，当事人未经消费者同意向其发送商业性短信。"
ADDRESS = "佛山市南海区桂城街道南海大道1号"
REASON = "事实不清、证据不足，退回办案机构补充调查"


def review(db, data_dir, case, values: dict, reviewed_on: str):
    return issue_document(db, data_dir, get_case(db, case.id), find_form("legal_review"),
                          {**values, "reviewed_on": reviewed_on})


@pytest.fixture
def reviewed(db, data_dir, make_case):
    """立案 → 调查终结 (03-10) → 提交审核 (03-11), then a 法制审核 of 03-16 answering 否 to the facts and evidence."""
    case = make_case(status="investigating", filed_on="2026-03-02", evidence=True, facts=FACTS, fine_fen=300_000)
    procedure.apply(db, case.id, "conclude_investigation", on_date="2026-03-10")
    procedure.apply(db, case.id, "submit_review", on_date="2026-03-11")
    review(db, data_dir, case, FAILED, "2026-03-16")
    return get_case(db, case.id)


def t3(db, case):
    [deadline] = [d for d in case_clocks(db, get_case(db, case.id)) if d.clock == "T3"]
    return deadline


def offered(db, case) -> dict[str, str | None]:
    return {t.name: why for t, why in procedure.available(db, get_case(db, case.id))}


def test_a_failed_review_is_answered_by_sending_the_case_back(db, data_dir, reviewed, english):
    assert RETURN in offered(db, reviewed) and offered(db, reviewed)[RETURN] is None
    with pytest.raises(TransitionRefused, match="needs a reason"):
        procedure.apply(db, reviewed.id, RETURN, on_date="2026-03-17")
    assert get_case(db, reviewed.id).status == "under_review"  # refused: nothing changed
    back = procedure.apply(db, reviewed.id, RETURN, on_date="2026-03-17", reason=REASON)
    assert back.status == "investigating"
    [kept] = in_force_of_form(db, reviewed.id, "legal_review")  # the reviewer's opinion stays in force
    assert kept.values["opinion"] == "退回办案机构补充调查"
    [line] = [e for e in case_timeline(db, back) if e.kind == "transition" and e.on_date == "2026-03-17"]
    assert "Under case review" in line.text and "Under investigation" in line.text
    assert REASON in line.note and "facts unclear" in line.note and (kept.number or "") in line.note
    assert db.execute("SELECT COUNT(*) FROM audit WHERE action = 'review_return' AND entity_id = ?",
                      [reviewed.id]).fetchone()[0] == 1
    # the investigation goes on: it is concluded and submitted again
    assert {"conclude_investigation", "suspend", "terminate"} <= set(offered(db, back))


def test_a_review_that_did_not_pass_does_not_meet_t3_and_a_new_submission_counts_anew(db, data_dir, reviewed):
    assert t3(db, reviewed).state != "met"  # the 否 review is not the end of the review
    procedure.apply(db, reviewed.id, RETURN, on_date="2026-03-17", reason=REASON)
    assert t3(db, reviewed).state == "ended"  # the review sent back is over: no longer counted, not met either
    procedure.apply(db, reviewed.id, "conclude_investigation", on_date="2026-03-24")
    again = procedure.apply(db, reviewed.id, "submit_review", on_date="2026-03-25")
    assert again.review_on == "2026-03-25"
    deadline = t3(db, again)
    assert deadline.start == "2026-03-25" and deadline.state != "met"
    assert not any(item[0] == "review_before_start" for item in deadline.detail)  # the failed one is not "misdated"
    review(db, data_dir, again, PASSED, "2026-03-30")
    deadline = t3(db, again)
    assert deadline.state == "met" and deadline.start == "2026-03-25"
    assert ("reviewed", deadline.done_ord) in [item[:2] for item in deadline.detail]


def test_a_review_that_passed_still_meets_t3(db, data_dir, make_case):
    case = make_case(status="investigating", filed_on="2026-03-02", evidence=True, facts=FACTS, fine_fen=300_000)
    procedure.apply(db, case.id, "conclude_investigation", on_date="2026-03-10")
    procedure.apply(db, case.id, "submit_review", on_date="2026-03-11")
    review(db, data_dir, case, PASSED, "2026-03-16")
    assert t3(db, case).state == "met"


def test_the_return_is_undone_with_the_review_kept(db, data_dir, reviewed, english):
    procedure.apply(db, reviewed.id, RETURN, on_date="2026-03-17", reason=REASON)
    assert procedure.undo_refusal(db, get_case(db, reviewed.id)) is None
    back = procedure.undo_last_step(db, reviewed.id, "退回日期有误")
    assert back.status == "under_review" and back.review_on == "2026-03-11"
    assert len(in_force_of_form(db, reviewed.id, "legal_review")) == 1
    [undone] = [e for e in case_timeline(db, back) if e.kind == "step_undone"]
    assert "2026-03-17" in undone.text
    # recorded again with the right day
    assert procedure.apply(db, reviewed.id, RETURN, on_date="2026-03-18", reason=REASON).status == "investigating"


def test_a_resubmission_undone_gives_the_first_submission_day_back(db, data_dir, reviewed):
    procedure.apply(db, reviewed.id, RETURN, on_date="2026-03-17", reason=REASON)
    procedure.apply(db, reviewed.id, "conclude_investigation", on_date="2026-03-24")
    procedure.apply(db, reviewed.id, "submit_review", on_date="2026-03-25")
    assert procedure.undo_last_step(db, reviewed.id, "误录").review_on == "2026-03-11"


def test_a_case_awaiting_its_decision_is_sent_back_and_told_anew(db, data_dir, make_case):
    case = make_case(status="investigating", filed_on="2026-03-02", evidence=True, facts=FACTS, fine_fen=300_000)
    for step, day in (("conclude_investigation", "2026-03-10"), ("submit_review", "2026-03-11"),
                      ("send_pre_notice", "2026-03-13"), ("waive_statement", "2026-03-16")):
        procedure.apply(db, case.id, step, on_date=day, reason="当事人书面放弃" if step == "waive_statement" else "")
    review(db, data_dir, case, FAILED, "2026-03-18")
    assert offered(db, case)[RETURN] is None
    assert get_case(db, case.id).notice_waived
    back = procedure.apply(db, case.id, RETURN, on_date="2026-03-19", reason=REASON)
    assert back.status == "investigating" and back.notice_served_on is None  # the notice is served anew
    assert not back.notice_waived  # and the party waives its rights anew, if at all
    undone = procedure.undo_last_step(db, case.id, "误录")
    assert undone.status == "decision_pending" and undone.notice_served_on == "2026-03-13" and undone.notice_waived
    procedure.apply(db, case.id, RETURN, on_date="2026-03-19", reason=REASON)
    for step, day in (("conclude_investigation", "2026-03-26"), ("submit_review", "2026-03-27")):
        procedure.apply(db, case.id, step, on_date=day)
    review(db, data_dir, case, PASSED, "2026-03-31")
    told = procedure.apply(db, case.id, "send_pre_notice", on_date="2026-04-01")
    assert told.status == "pre_notice" and told.notice_served_on == "2026-04-01" and not told.notice_waived
    # the new notice undone: the case is as the return left it, the waiver of the first round not given back
    again = procedure.undo_last_step(db, case.id, "误录")
    assert again.status == "under_review" and again.notice_served_on is None and not again.notice_waived


def test_the_return_is_audited_with_the_review_it_answers(db, data_dir, reviewed):
    first = in_force_of_form(db, reviewed.id, "legal_review")[0]
    review(db, data_dir, reviewed, FAILED, "2026-03-17")  # looked at again, still not passed: the latest answered
    [kept] = [d for d in in_force_of_form(db, reviewed.id, "legal_review") if d.id != first.id]
    procedure.apply(db, reviewed.id, RETURN, on_date="2026-03-18", reason=f"  {REASON} ")
    rows = db.execute("SELECT action, before_digest, after_digest FROM audit WHERE entity_id = ? AND action IN "
                      "('transition', 'review_return') ORDER BY seq", [reviewed.id]).fetchall()
    # after the step's own entry, the return's: its reason and the 案件审核表 it answers (which has no 文号: its id)
    assert [row[0] for row in rows][-2:] == ["transition", "review_return"]
    assert rows[-1][1:] == (digest({"status": "under_review"}),
                            digest({"status": "investigating", "reason": REASON, "review": kept.id}))


def test_a_refused_return_writes_no_audit_entry(db, data_dir, make_case):
    case = make_case(status="decision_pending", filed_on="2026-03-02", review_on="2026-03-11",
                     notice_served_on="2026-03-13", facts=FACTS, fine_fen=300_000)
    issue_document(db, data_dir, case, find_form("penalty_decision"), {"decided_on": "2026-03-23", "party_address": ADDRESS})
    with pytest.raises(TransitionRefused):
        procedure.apply(db, case.id, RETURN, on_date="2026-03-24", reason=REASON)
    assert db.execute("SELECT COUNT(*) FROM audit WHERE action = 'review_return'").fetchone()[0] == 0


def test_a_case_of_several_parties_is_not_sent_back_from_awaiting_its_decision(db, data_dir, make_case, english):
    case = make_case(status="decision_pending", filed_on="2026-03-02", review_on="2026-03-11",
                     notice_served_on="2026-03-13", facts=FACTS, fine_fen=300_000)
    other = save_party(db, Party(name="佛山市南海区桂城誉嘉信息咨询有限公司", uscc="91440604MA5062D90R"))
    case = update_case(db, replace(get_case(db, case.id), party_ids=[*case.party_ids, other.id]))
    assert offered(db, case)[RETURN] is not None  # offered, said why not
    with pytest.raises(TransitionRefused, match="several parties"):
        procedure.apply(db, case.id, RETURN, on_date="2026-03-24", reason=REASON)
    after = get_case(db, case.id)
    assert after.status == "decision_pending" and after.notice_served_on == "2026-03-13"
    assert db.execute("SELECT COUNT(*) FROM audit WHERE action = 'review_return'").fetchone()[0] == 0


def test_the_deadline_board_keeps_the_review_a_failed_review_did_not_end(db, data_dir, reviewed):
    def on_board():
        return [d for d in clocks.board(db, on="2026-03-17") if d.case_id == reviewed.id and d.clock == "T3"]

    [running] = on_board()  # the 否 review of 03-16 is not the end of the review begun on 03-11
    assert running.start == "2026-03-11" and running.state not in ("met", "ended")
    review(db, data_dir, reviewed, PASSED, "2026-03-17")  # looked at again, and passed: met, off the board
    assert on_board() == []


def test_only_a_review_that_passed_counts_as_the_review_done(db, data_dir, reviewed):
    """``document_clocks.review_sheets`` (and ``complete_by_documents`` through it) leave out a review that did not
    pass."""
    assert review_sheets(db, [reviewed.id]) == {}
    review(db, data_dir, reviewed, PASSED, "2026-03-18")
    assert {case_id: [sheet.day for sheet in sheets] for case_id, sheets in review_sheets(db, [reviewed.id]).items()} \
        == {reviewed.id: ["2026-03-18"]}


def test_not_sent_back_over_a_decision_in_force(db, data_dir, make_case, english):
    case = make_case(status="decision_pending", filed_on="2026-03-02", review_on="2026-03-11",
                     notice_served_on="2026-03-13", facts=FACTS, fine_fen=300_000)
    issue_document(db, data_dir, case, find_form("penalty_decision"), {"decided_on": "2026-03-23", "party_address": ADDRESS})
    with pytest.raises(TransitionRefused, match="行政处罚决定书"):
        procedure.apply(db, case.id, RETURN, on_date="2026-03-24", reason=REASON)
    assert get_case(db, case.id).status == "decision_pending"


def test_the_command_line_sends_the_case_back(db, data_dir, reviewed, capsys, english):
    number = reviewed.case_number
    out = run(capsys, "cases", "transition", number, RETURN, "--date", "2026-03-17", "--data-dir", data_dir)
    assert out[0] != 0 and "needs a reason" in out[2]
    assert get_case(db, reviewed.id).status == "under_review"
    result = run_json(capsys, "cases", "transition", number, RETURN, "--date", "2026-03-17", "--reason", REASON,
                      "--data-dir", data_dir)
    assert result["status"] == "investigating"


def _buttons(workspace) -> list[str]:
    from PySide6.QtWidgets import QPushButton

    box = workspace.action_buttons
    first = next(iter(box.values())).parentWidget()
    return [b.objectName() for b in first.findChildren(QPushButton) if b.objectName().startswith("action_")]


def test_the_workspace_offers_the_return_first_after_a_failed_review(qtbot, db, data_dir, reviewed, prompts,
                                                                     english):
    from ui.case_workspace import CaseWorkspace

    asked = []

    def ask(_parent, transition, *_args, **_kwargs):
        asked.append(transition.needs_reason)
        return "2026-03-17", REASON

    shown = CaseWorkspace(db, reviewed.id, prompts, ask_transition=ask, data_dir=data_dir)
    qtbot.addWidget(shown)
    assert list(shown.action_buttons)[0] == RETURN and shown.action_buttons[RETURN].isEnabled()
    assert shown.action_buttons["send_pre_notice"].isEnabled()  # not forced: the others stay offered
    assert "facts unclear" in shown.action_buttons[RETURN].toolTip()
    shown.action_buttons[RETURN].click()
    assert asked == [True] and get_case(db, reviewed.id).status == "investigating"
    assert RETURN not in shown.action_buttons and shown.undo_button.isEnabled()  # undone as any step


def test_without_a_failed_review_the_return_is_offered_but_not_first(qtbot, db, data_dir, make_case, prompts):
    from ui.case_workspace import CaseWorkspace

    case = make_case(status="investigating", filed_on="2026-03-02", evidence=True, facts=FACTS, fine_fen=300_000)
    procedure.apply(db, case.id, "conclude_investigation", on_date="2026-03-10")
    procedure.apply(db, case.id, "submit_review", on_date="2026-03-11")
    review(db, data_dir, case, PASSED, "2026-03-16")
    shown = CaseWorkspace(db, case.id, prompts, ask_transition=None, data_dir=data_dir)
    qtbot.addWidget(shown)
    assert RETURN in shown.action_buttons and list(shown.action_buttons)[0] != RETURN
