"""The case workspace and the form editor as an audit walked them: 立案 starts at the days the issued 立案审批表 bears
and warns of others, the timeline keeping it; the sheet issued before the filing says first what it prints blank;
a 询问笔录 naming its interviewee's own work unit and address is not taken for the party misnamed; the legal
assessment of a case whose violations the offence does not cover says so, not that nothing was entered; the
罚没款合计 is emptied while the fine cannot be read; a refusal the editor shows names 更正…, not the command line's
flag, which the command line keeps."""

from __future__ import annotations

import pytest

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QDialogButtonBox, QLabel

from tests.helpers import fill_inquiry_to_issue
from tests.test_ui_case_workspace import when_modal
from ui.transition_dialog import TransitionDialog
from workstation.documents.drafts import find_form
from workstation.documents.issuing import check_issue, issue_document
from workstation.errors import WorkstationError
from workstation.store import get_case

pytestmark = pytest.mark.gui

PROPOSED, APPROVED = "2026-03-02", "2026-03-05"
FACTS = "经查，当事人未经消费者同意向其发送商业性短信。"
ANSWERED = "问：请介绍一下你的个人基本情况。\n答：我叫王小红，在誉嘉公司做业务员。\n问：你还有什么需要补充说明的吗？\n答：没有。"


def ok_button(dialog):
    return dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)


def approval(db, data_dir, case, **days):
    """The case's 立案审批表 issued (before the filing) bearing ``days``."""
    return issue_document(db, data_dir, get_case(db, case.id), find_form("filing_approval"),
                          {"source": "投诉", **days})


def file_case(workspace, act) -> dict:
    """The 立案 dialog as the officer sees it (``act`` then answers it); what it showed."""
    seen = {}

    def answer(dialog):
        seen.update(date=dialog.date.date().toString("yyyy-MM-dd"), proposed=dialog.proposed_on.text(),
                    info=dialog.info.text() if dialog.info.isVisibleTo(dialog) else "")
        act(dialog, seen)

    timer = when_modal(TransitionDialog, answer)
    workspace.action_buttons["file"].click()
    timer.stop()
    return seen


def timeline(window, case) -> list[str]:
    shown = window.workspaces[case.id].timeline
    return [shown.item(row).text() for row in range(shown.count())]


# ---- 1. 立案 and the issued 立案审批表 -----------------------------------------------------------------------------------

def test_the_filing_starts_at_the_days_the_issued_approval_bears_and_records_them(
        db, data_dir, make_case, make_window, english):
    case = make_case(lead_received_on="2026-02-20", facts=FACTS)
    approval(db, data_dir, case, proposed_on=PROPOSED, approved_on=APPROVED)
    window = make_window(db)

    def accept(dialog, seen):
        seen.update(warning=dialog.warning_label.text(), enabled=ok_button(dialog).isEnabled())
        ok_button(dialog).click()

    seen = file_case(window.open_case(case.id), accept)
    assert (seen["date"], seen["proposed"]) == (APPROVED, PROPOSED)
    assert "立案审批表" in seen["info"] and "立案日期 2026年3月5日" in seen["info"] and "立案呈批日期 2026年3月2日" in seen["info"]
    assert seen["warning"] == "" and seen["enabled"]
    stored = get_case(db, case.id)
    assert (stored.status, stored.filed_on, stored.filing_proposed_on) == ("investigating", APPROVED, PROPOSED)


def test_filing_on_another_day_than_the_approval_is_warned_ticked_and_kept_on_the_timeline(
        db, data_dir, make_case, make_window, english):
    case = make_case(lead_received_on="2026-02-20", facts=FACTS)
    approval(db, data_dir, case, proposed_on=PROPOSED, approved_on=APPROVED)
    window = make_window(db)

    def later(dialog, seen):
        dialog.date.setDate(QDate.fromString("2026-03-06", "yyyy-MM-dd"))
        dialog.proposed_on.setText("2026-03-03")
        seen.update(warning=dialog.warning_label.text(), refused=not ok_button(dialog).isEnabled())
        dialog.acknowledge.setChecked(True)
        ok_button(dialog).click()

    seen = file_case(window.open_case(case.id), later)
    assert "立案日期 2026-03-05 on the sheet, 2026-03-06 here" in seen["warning"]
    assert "立案呈批日期 2026-03-02 on the sheet, 2026-03-03 here" in seen["warning"]
    assert seen["refused"]  # until the officer ticks that they read it
    stored = get_case(db, case.id)
    assert (stored.filed_on, stored.filing_proposed_on) == ("2026-03-06", "2026-03-03")
    assert any("Filed with days other than the 立案审批表's" in line for line in timeline(window, case))


def test_a_sheet_left_blank_for_hand_filling_prefills_what_it_bears_and_warns_of_nothing(
        db, data_dir, make_case, make_window, english):
    case = make_case(lead_received_on="2026-02-20", facts=FACTS)
    approval(db, data_dir, case, proposed_on=PROPOSED)  # its 立案日期 to be written by hand

    def look(dialog, seen):
        dialog.date.setDate(QDate.fromString(APPROVED, "yyyy-MM-dd"))
        seen.update(warning=dialog.warning_label.text())
        dialog.reject()

    seen = file_case(make_window(db).open_case(case.id), look)
    assert seen["proposed"] == PROPOSED and "by hand" in seen["info"] and seen["warning"] == ""


def test_issuing_the_approval_before_the_filing_says_first_what_prints_blank(
        db, make_case, opened, prompts, english):
    case = make_case(lead_received_on="2026-02-20", facts=FACTS)
    editor = opened(db, "filing_approval", case)
    editor.set_field("source", "投诉")
    prompts.confirm_answers = [False]
    editor.issue()
    assert editor.document is None
    assert "not filed yet" in prompts.confirmations[0] and "its 案件编号、立案日期 blank" in prompts.confirmations[0]
    editor.set_field("approved_on", APPROVED)  # the date typed: only the number prints blank
    prompts.confirm_answer = True
    editor.issue()
    assert "its 案件编号 blank" in prompts.confirmations[-2] and editor.document is not None


def test_the_approval_of_a_filed_case_is_issued_without_that_warning(db, make_case, opened, prompts, english):
    case = make_case(status="investigating", filed_on="2026-02-20", facts=FACTS)
    editor = opened(db, "filing_approval", case)
    editor.set_field("source", "投诉")
    prompts.confirm_answer = True
    editor.issue()
    assert editor.document is not None
    assert not any("not filed yet" in question for question in prompts.confirmations)


# ---- 2. the interviewee's own particulars ------------------------------------------------------------------------------

def test_an_inquiry_naming_its_interviewee_s_own_unit_and_address_is_issued_without_the_party_warning(
        db, make_case, opened, prompts, english):
    case = make_case(status="investigating", filed_on="2026-02-20", facts=FACTS)
    editor = opened(db, "inquiry_record", case)
    fill_inquiry_to_issue(editor)
    for name, value in (("interviewee", "王小红"), ("work_unit", "佛山市南海区某某物业管理有限公司"),
                        ("address", "佛山市南海区大沥镇广佛路8号"), ("relation", "证人"),
                        ("questions_answers", ANSWERED)):
        editor.set_field(name, value)
    prompts.confirm_answer = True
    editor.issue()
    assert editor.document is not None, prompts.errors
    assert not any("not named here as its record" in question for question in prompts.confirmations)


def test_a_party_named_otherwise_than_its_record_is_still_asked_about(db, make_case, opened, prompts, english):
    case = make_case(status="investigating", filed_on="2026-02-20", facts=FACTS)
    editor = opened(db, "filing_approval", case)
    editor.set_field("source", "投诉")
    editor.set_field("party_name", "佛山市南海区誉嘉房产代理公司")
    prompts.confirm_answer = False
    editor.issue()
    assert editor.document is None
    assert "not named here as its record" in prompts.confirmations[0]


# ---- 3. the criminal thresholds of violations the offence does not cover -------------------------------------------------

def test_a_case_of_messages_with_records_entered_is_weighed_and_asks_how_they_were_obtained(db, make_case, prompts,
                                                                                            qtbot, english):
    # session 61 (finalB 1): the records of such a case are weighed and shown, with a warning — not a transfer
    from ui.case_law import CaseLawBox

    case = make_case(status="investigating", filed_on="2026-02-20", records_other=6000,
                     violations=["unsolicited_commercial_messages"])
    box = CaseLawBox(db, get_case(db, case.id), prompts)
    qtbot.addWidget(box)
    # 6,000 other records weighed (ratio 1.2): serious only if illegally obtained, the officer told to check
    warning = box.findChild(QLabel, "criminal_warning").text()
    assert warning.startswith("Warning: the case's records would reach the criminal thresholds"), warning
    assert "must be transferred" not in warning
    assert "check how the records were obtained" in box.findChild(QLabel, "criminal_steps").text().lower()


def test_a_new_case_still_says_nothing_is_counted(db, make_case, prompts, qtbot, english):
    from ui.case_law import CaseLawBox

    box = CaseLawBox(db, get_case(db, make_case().id), prompts)
    qtbot.addWidget(box)
    assert box.findChild(QLabel, "criminal_verdict").text().startswith("Nothing is counted yet")


# ---- minor: the total while the fine cannot be read; the window's way to correct ---------------------------------------

def typed(qtbot, editor, name: str, text: str) -> None:
    box = editor.fields[name].edit
    box.selectAll()
    qtbot.keyClick(box, Qt.Key.Key_Delete)
    qtbot.keyClicks(box, text)


def test_the_total_is_emptied_while_the_fine_cannot_be_read_and_follows_it_again(db, make_case, opened, qtbot):
    case = make_case(status="under_review", filed_on="2026-03-02", facts=FACTS)
    editor = opened(db, "investigation_report", get_case(db, case.id))
    typed(qtbot, editor, "fine_fen", "1.5")
    assert editor.fields["total_fen"].value() == "1.50"
    qtbot.keyClicks(editor.fields["fine_fen"].edit, "w")  # 1.5w: no amount
    assert editor.fields["total_fen"].value() in (None, "")
    typed(qtbot, editor, "fine_fen", "15000")
    assert editor.fields["total_fen"].value() == "15000.00"
    editor.set_field("total_fen", "9.00")  # written by hand: kept whatever the fine holds
    qtbot.keyClicks(editor.fields["fine_fen"].edit, "w")
    assert editor.fields["total_fen"].value() == "9.00"


def test_a_second_notice_refused_in_the_editor_names_更正_and_the_command_line_keeps_its_flag(
        db, data_dir, make_case, opened, prompts, english):
    case = make_case(status="under_review", filed_on="2026-03-02", facts=FACTS)
    form = find_form("pre_penalty_notice")
    first = issue_document(db, data_dir, get_case(db, case.id), form, {"fine_fen": "50000"})
    with pytest.raises(WorkstationError, match="--supersedes"):  # as `docs issue` asks
        check_issue(db, get_case(db, case.id), form, {"fine_fen": "50000"}, for_command_line=True)
    editor = opened(db, "pre_penalty_notice", get_case(db, case.id))
    editor.set_field("fine_fen", "60000")
    prompts.confirm_answer = True
    prompts.choices = [1]  # Cancel: not issued as its correction
    editor.issue()
    message = prompts.offered[-1][0]
    assert first.number in message and "更正… in the case's documents)" in message
    assert "--supersedes" not in message and editor.document is None
