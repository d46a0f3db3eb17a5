"""Faults of the interviews audit (约谈): a new case entered to escalate an interview to is saved only together with
the link — a refusal of the link (a case against another party of a joint interview) leaves no case behind and
keeps the dialog open with what was typed; a held interview with a summary or a follow-up is not marked as not
attended (当事人未到场), which would replace its summary with the reason of the absence."""

from __future__ import annotations

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QDialogButtonBox

from tests.helpers import run, run_json
from workstation.store.interviews import get_interview, mark_absent, record_follow_up

JOINT = "c2ff665f-c497-56ce-8d56-99e700f7bacb"  # 集体约谈: 霁川, 棠屿, 铂翊
FOLLOWED_UP = "52a22518-c36c-5134-9ae4-c04b780089af"  # held, with a summary and a follow-up
SUMMARY_ONLY = "5246de4e-a5d4-5f9f-9de1-a4c3d3d45bf5"  # held, with a summary, no follow-up


def _cases(db) -> int:
    return db.execute("SELECT COUNT(*) FROM cases").fetchone()[0]


def test_a_new_case_refused_as_another_partys_is_not_saved(demo_db, make_window, prompts):
    interview = get_interview(demo_db, JOINT)
    escalated, other = interview.party_ids[0], interview.party_ids[1]
    record_follow_up(demo_db, JOINT, "2026-11-19", "复查仍有投诉", party_id=escalated, outcome="not_rectified")
    page = make_window(demo_db).interviews_page
    page.refresh()
    page.select(JOINT)
    before = _cases(demo_db)
    seen = {}

    def fill_case():
        from ui.case_dialog import CaseDialog

        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, CaseDialog)
        dialog.parties.item(0).setSelected(True)
        dialog._remove_party()
        dialog.add_party(other)  # the wrong one of the joint interview's parties
        dialog.cause.setText("涉嫌违法使用消费者个人信息案")
        dialog.sector.setCurrentIndex(dialog.sector.findData("real_estate"))
        dialog.buttons.button(QDialogButtonBox.StandardButton.Save).click()
        # refused: nothing saved, the dialog still open with what was typed
        seen["errors"] = list(prompts.errors)
        seen["cases"] = _cases(demo_db)
        seen["open"] = dialog.isVisible() and dialog.saved_case is None
        seen["cause"] = dialog.cause.text()
        # the officer corrects the party and saves again: the case is saved and linked
        dialog.parties.item(0).setSelected(True)
        dialog._remove_party()
        dialog.add_party(escalated)
        dialog.buttons.button(QDialogButtonBox.StandardButton.Save).click()

    prompts.choices.append(0)  # the party escalated: the first (not rectified)
    prompts.texts.append("")  # no case number: a new case
    QTimer.singleShot(0, fill_case)
    page.buttons["escalate"].click()
    assert len(seen["errors"]) == 1
    assert "请填写该约谈对象的案件" in seen["errors"][0] or "not against" in seen["errors"][0]
    assert seen["cases"] == before
    assert seen["open"] and seen["cause"] == "涉嫌违法使用消费者个人信息案"
    assert len(prompts.errors) == 1  # nothing more was refused
    assert _cases(demo_db) == before + 1
    linked = get_interview(demo_db, JOINT).party_results[escalated]["case_id"]
    assert linked and demo_db.execute("SELECT cause FROM cases WHERE id = ?", [linked]).fetchone()[0] == \
        "涉嫌违法使用消费者个人信息案"
    assert not get_interview(demo_db, JOINT).party_results[other].get("case_id")


def test_a_held_interview_with_its_record_is_not_marked_absent(demo_db, data_dir, capsys, english):
    before = get_interview(demo_db, FOLLOWED_UP)
    code, _out, err = run(capsys, "interviews", "absent", "--data-dir", data_dir, FOLLOWED_UP, "--reason", "未到场")
    assert code == 1 and "held" in err and "void" in err
    after = get_interview(demo_db, FOLLOWED_UP)
    assert after.status == "held" and after.summary == before.summary
    summary = get_interview(demo_db, SUMMARY_ONLY).summary
    code, _out, err = run(capsys, "interviews", "absent", "--data-dir", data_dir, SUMMARY_ONLY, "--reason", "未到场")
    assert code == 1 and f"interviews edit {SUMMARY_ONLY} --summary" in err
    assert summary.strip() and get_interview(demo_db, SUMMARY_ONLY).summary == summary
    # nothing recorded of the meeting (marked held by mistake): the absence is recorded
    run_json(capsys, "interviews", "edit", "--data-dir", data_dir, SUMMARY_ONLY, "--summary", "")
    marked = mark_absent(demo_db, SUMMARY_ONLY, "经送达通知书后未到场")
    assert marked.status == "absent" and marked.summary == "经送达通知书后未到场"


def test_the_window_says_why_a_held_interview_is_not_marked_absent(demo_db, make_window, prompts, english):
    page = make_window(demo_db).interviews_page
    page.refresh()
    page.select(FOLLOWED_UP)
    assert not page.buttons["absent_interview"].isEnabled()
    assert "held" in page.buttons["absent_interview"].toolTip()
    page.absent()
    assert len(prompts.errors) == 1 and "Edit" not in prompts.errors[0] and not prompts.questions
    page.select(SUMMARY_ONLY)
    page.absent()
    assert len(prompts.errors) == 2 and "(Edit…)" in prompts.errors[1] and not prompts.questions
    assert get_interview(demo_db, FOLLOWED_UP).status == get_interview(demo_db, SUMMARY_ONLY).status == "held"
