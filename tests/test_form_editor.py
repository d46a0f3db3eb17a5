"""The document editor as an officer uses it: an inquiry record typed with the keyboard alone, previewed and
issued; inline errors that keep Issue closed and take no number; undo; drafts kept and continued; the decision
editor's uppercase amount, criminal warning and catalogue picker; printing; issued documents read-only."""

from dataclasses import replace

import pytest
from pypdf import PdfReader

from PySide6.QtCore import Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QToolBar

from tests.helpers import fill_inquiry_to_issue, pdf_text
from workstation.documents.issuing import case_documents, document_pdf
from workstation.formkit.values import MISSING
from workstation.i18n import _
from workstation.store import drafts, find_case, get_case
from workstation.store.cases import update_case

CASE = "佛南市监立〔2026〕9号"  # demo case under investigation


@pytest.fixture
def editor(demo_db, opened):
    def make(form_id="inquiry_record", case=None, **kwargs):
        return opened(demo_db, form_id, case or find_case(demo_db, CASE), **kwargs)

    return make


def keys(text: str) -> None:
    QTest.keyClicks(QApplication.focusWidget(), text)


def key(code, modifier=Qt.KeyboardModifier.NoModifier) -> None:
    QTest.keyClick(QApplication.focusWidget(), code, modifier)


def test_an_inquiry_typed_with_the_keyboard_alone_is_previewed_and_issued(editor, demo_db, data_dir, prompts,
                                                                          qtbot):
    ed = editor()
    ed.show()
    qtbot.waitExposed(ed)
    qa = ed.fields["questions_answers"].list
    qa.pairs[-1].answer.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is qa.pairs[-1].answer)
    standard = len(qa.pairs)
    for number in range(1, 31):
        key(Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)  # next question
        keys(f"Q{number} where did the list come from")
        key(Qt.Key.Key_Return)  # to the answer
        keys(f"A{number} bought it online")
    assert len(qa.pairs) == standard + 30
    assert qa.pairs[-1].pair() == ("Q30 where did the list come from", "A30 bought it online")
    ed.wait_for_preview()
    shown = pdf_text(ed.pdf_bytes)
    assert "问：Q30wheredidthelistcomefrom" in shown and "答：A30boughtitonline" in shown
    assert ed.pages >= 3 and "第3页共" in shown  # every page carries the signature line and page count

    fill_inquiry_to_issue(ed)
    prompts.confirm_answer = True
    ed.issue()
    assert ed.document is not None and not ed.issue_action.isEnabled()
    stored = pdf_text(document_pdf(demo_db, data_dir, ed.document.id))
    assert "答：A17boughtitonline" in stored and f"共{ed.document.pages}页" in stored
    assert drafts.get_draft(demo_db, [d for d in demo_db.execute("SELECT id FROM drafts")][0][0]).status == "issued"


def test_pairs_are_reordered_removed_and_standard_questions_inserted(editor):
    ed = editor()
    qa = ed.fields["questions_answers"].list
    qa.set_pairs([("one", "1"), ("two", "2"), ("three", "3")])
    qa.move(qa.pairs[2], -1)
    assert [p.pair()[0] for p in qa.pairs] == ["one", "three", "two"]
    qa.remove(qa.pairs[0])
    assert [p.pair()[0] for p in qa.pairs] == ["three", "two"]
    qa.pairs[-1].answer.setFocus()
    qa.insert_questions(("你单位是否向他人提供、出售过所收集的消费者个人信息？提供给谁、多少条、获得多少收入？",))
    assert qa.pairs[-1].pair()[0].startswith("你单位是否向他人提供")
    assert ed.fields["questions_answers"].value().splitlines()[:2] == ["问：three", "答：3"]


def test_wrong_fields_are_shown_inline_and_issue_takes_no_number(editor, demo_db, prompts):
    ed = editor("penalty_decision")
    before = demo_db.execute("SELECT COUNT(*) FROM doc_numbers").fetchone()[0]
    ed.set_field("fine_fen", "约12万元")
    ed.set_field("party_address", "")
    assert ed.errors["fine_fen"] and ed.error_labels["fine_fen"].isVisibleTo(ed)
    assert ed.errors["party_address"] == "此项必填。"  # the party has an address: the officer cleared it
    assert not ed.issue_action.isEnabled()
    ed.issue()
    # the wrong fields named, in the form's order: they may lie below the part of the form in view
    assert prompts.errors == [_("Correct these fields before issuing: {fields}.").format(
        fields="住所（住址）、罚款（元）、决定日期")]
    assert demo_db.execute("SELECT COUNT(*) FROM doc_numbers").fetchone()[0] == before
    assert ed.document is None


def test_a_new_document_opens_without_red_lines_and_shows_them_once_edited_or_on_issue(editor, qtbot):
    ed = editor("penalty_decision")
    ed.show()
    qtbot.waitExposed(ed)
    ed.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is ed)
    shown = lambda: [name for name, label in ed.error_labels.items() if label.isVisibleTo(ed)]  # noqa: E731
    # the date of the decision is still to give, and the message says where (its wording: tests/test_walk_caseqa.py)
    missing = _(MISSING["case.decided_on"])
    assert ed.errors == {"decided_on": missing} and shown() == []
    assert not ed.issue_action.isEnabled() and missing in ed.issue_action.toolTip()
    assert ed.errors_label.text() == _("Issue is not possible: correct {fields}.").format(fields="决定日期")
    fine = ed.fields["fine_fen"].edit
    fine.setFocus()
    fine.selectAll()
    qtbot.keyClicks(fine, "abc")
    assert shown() == []  # still typing in it
    qtbot.keyClick(fine, Qt.Key.Key_Tab)
    assert shown() == ["fine_fen"]
    issue = ed.findChild(QToolBar).widgetForAction(ed.issue_action)
    qtbot.mouseClick(issue, Qt.MouseButton.LeftButton)  # disabled: the attempt shows every error
    assert set(shown()) == {"decided_on", "fine_fen"} and ed.document is None
    first = next(name for name in ed.error_labels if name in ed.errors)  # in the order of the form
    assert QApplication.focusWidget() is ed.fields[first].edit


def test_an_end_time_before_the_start_is_refused_at_the_field(editor):
    ed = editor()
    ed.set_field("time_from", "2026-11-20 09:30")
    ed.set_field("time_to", "2026-11-20 09:10")
    assert set(ed.errors) == {"time_to"}  # naming the start it may not precede, with its time
    assert "询问开始时间" in ed.errors["time_to"] and "2026-11-20 09:30" in ed.errors["time_to"]
    ed.set_field("time_to", "2026年11月20日11时05分")
    assert ed.errors == {}


def test_undo_and_redo_restore_field_values(editor):
    ed = editor()
    ed.set_field("sex", "女")
    ed.set_field("place", "南海区市场监督管理局询问室")
    ed.undo_stack.undo()
    assert ed.fields["place"].value() == ""
    ed.undo_stack.undo()
    assert ed.fields["sex"].value() == ""
    ed.undo_stack.redo()
    assert ed.fields["sex"].value() == "女"


def test_a_kept_draft_is_continued_and_closing_asks_about_changes(editor, demo_db, prompts):
    ed = editor()
    ed.set_field("place", "询问室")
    prompts.choices = [2]  # cancel: the editor stays open
    assert not ed.close()
    prompts.choices = [0]  # save the draft
    assert ed.close()
    kept = drafts.saved_draft(demo_db, "inquiry_record", case_id=find_case(demo_db, CASE).id)
    assert kept is not None and kept.values["place"] == "询问室"
    again = editor(draft=kept)
    assert again.fields["place"].value() == "询问室" and not again.dirty
    assert drafts.get_draft(demo_db, kept.id).status == "open"


def test_an_untouched_new_draft_is_not_kept(editor, demo_db):
    ed = editor()
    assert ed.close()
    assert drafts.saved_draft(demo_db, "inquiry_record", case_id=find_case(demo_db, CASE).id) is None


def test_autosave_writes_the_text_while_typing(editor, demo_db, qtbot, monkeypatch):
    monkeypatch.setattr("ui.form_editor.AUTOSAVE_DELAY_MS", 100)  # not the 1.5 s the officer gets
    ed = editor()
    ed.set_field("place", "南海区局三楼询问室")
    qtbot.waitUntil(lambda: "自动保存于" in ed.autosave_label.text(), timeout=5000)
    assert drafts.get_draft(demo_db, ed.draft.id).values["place"] == "南海区局三楼询问室"


def test_leaving_a_field_saves_what_was_typed_in_it_at_once(editor, demo_db, qtbot, monkeypatch):
    monkeypatch.setattr("ui.form_editor.AUTOSAVE_DELAY_MS", 600_000)  # only leaving the field can save it now
    ed = editor()
    ed.show()
    qtbot.waitExposed(ed)
    place, asked = ed.fields["place"].edit, ed.fields["questions_answers"].list.pairs[-1].answer
    place.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is place)
    place.insert("三楼询问室")  # as typed (QTest types ASCII only)
    assert "三楼询问室" not in (drafts.get_draft(demo_db, ed.draft.id).values.get("place") or "")
    asked.setFocus()  # on to an answer of the questions: the place is saved now, not in ten minutes
    qtbot.waitUntil(lambda: "三楼询问室" in (drafts.get_draft(demo_db, ed.draft.id).values.get("place") or ""),
                    timeout=3000)
    asked.insertPlainText("是的")
    place.setFocus()  # an answer box is watched as well, also one the field added after the editor opened
    qtbot.waitUntil(lambda: "是的" in str(drafts.get_draft(demo_db, ed.draft.id).values.get("questions_answers")),
                    timeout=3000)


def test_the_decision_editor_shows_the_uppercase_amount(editor, demo_db):
    case = find_case(demo_db, "佛禅市监立〔2026〕1号")
    ed = editor("penalty_decision", case=case)
    ed.set_field("fine_fen", "189000")
    assert ed.fields["fine_fen"].upper.text() == "人民币壹拾捌万玖仟元整"


def test_the_decision_editor_warns_at_the_criminal_threshold_and_prepares_the_transfer(editor, demo_db):
    case = find_case(demo_db, CASE)
    # of providing personal information too: the thresholds apply only to the violations the offence covers
    case = update_case(demo_db, replace(case, records_other=6000, violations=[*case.violations, "illegal_provision_or_leak"]))
    ed = editor("penalty_decision", case=case)
    warning = ed.law_panel.findChild(type(ed.pages_label), "criminal_warning")
    assert warning is not None and "其他个人信息 6,000 ÷ 5,000 = 1.2" in warning.text()
    ed.prepare_transfer()
    assert ed.transfer_editor.form.id == "police_transfer"
    ed.transfer_editor.shutdown()
    ed.transfer_editor.close()


def test_the_basis_is_picked_from_the_catalogue(editor, demo_db):
    ed = editor("penalty_decision", case=find_case(demo_db, "佛禅市监立〔2026〕1号"))
    ed.set_field("basis", "依据……的规定")
    QTimer.singleShot(0, lambda: ed.picker.accept())
    ed.pick_norms("basis")  # the assessment's own choice comes ticked
    assert ed.fields["basis"].value().startswith("依据《中华人民共和国消费者权益保护法》第五十六条第一款第（九）项、")  # the law first, the rule last
    assert ed.fields["basis"].value().endswith("《侵害消费者权益行为处罚办法》第十四条的规定")
    ed.undo_stack.undo()
    assert ed.fields["basis"].value() == "依据……的规定" and ed.undo_stack.canRedo()


def test_a_picked_provision_is_worded_as_the_document_holds_it(editor, demo_db):
    from PySide6.QtWidgets import QPushButton

    person = find_case(demo_db, "佛南市监立〔2026〕5号")  # 朱子轩, a natural person
    notice = editor("pre_penalty_notice", case=person)
    QTimer.singleShot(0, lambda: notice.picker.accept())
    notice.pick_norms("violated")  # the notice speaks to the person: 你的上述行为…
    assert notice.fields["violated"].value().startswith("你的上述行为违反了《中华人民共和国消费者权益保护法》第二十九条第二款")
    order = editor("rectification_order", case=person)
    QTimer.singleShot(0, lambda: order.picker.accept())
    order.pick_norms("violated")  # printed inside 你的上述行为违反了{violated}的规定: the provisions alone
    assert order.fields["violated"].value().startswith("《中华人民共和国消费者权益保护法》第二十九条第二款")
    assert "的规定" not in order.fields["violated"].value()
    order.wait_for_preview()
    # the order's own sentence only: the facts are prefilled without their concluding 上述行为违反了…的规定
    assert pdf_text(order.pdf_bytes).count("违反了") == 1
    # the order's basis is the power to order correction, not a penalty basis: no penalty catalogue beside it
    assert order.findChild(QPushButton, "pick_basis") is None and order.findChild(QPushButton, "pick_violated")


def test_a_kept_decision_holding_the_old_default_statement_continues_with_the_current_wording(editor, demo_db):
    person = find_case(demo_db, "佛南市监立〔2026〕5号")  # ¥10,000 for a natural person: a hearing was offered
    old = "当事人在法定期限内未提出陈述、申辩意见。"  # what versions 1-3 of the form filled in
    kept = drafts.open_draft(demo_db, "penalty_decision", {"statement": old, "decided_on": "2026-08-12"},
                             case_id=person.id)
    drafts.set_status(demo_db, kept.id, "saved")
    ed = editor("penalty_decision", case=person, draft=drafts.get_draft(demo_db, kept.id))
    assert not ed.fields["statement"].value()
    ed.wait_for_preview()
    assert "当事人在法定期限内未提出陈述、申辩意见，也未要求听证。" in pdf_text(ed.pdf_bytes)


def test_printing_puts_every_previewed_page_on_the_printer(editor, tmp_path):
    from PySide6.QtPrintSupport import QPrinter

    ed = editor()
    ed.wait_for_preview()
    printer = QPrinter(QPrinter.PrinterMode.ScreenResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "printed.pdf"))
    assert ed.print_to(printer) == ed.pages
    assert len(PdfReader(str(tmp_path / "printed.pdf")).pages) == ed.pages


def test_issued_documents_open_read_only_with_number_time_and_hash(editor, demo_db, data_dir, prompts):
    case = find_case(demo_db, "佛禅市监立〔2026〕1号")
    prompts.confirm_answer = True
    first = editor("rectification_order", case=case)
    first.issue()
    document = case_documents(demo_db, case.id)[-1]
    ed = editor("rectification_order", case=get_case(demo_db, case.id), document=document)
    assert document.number in ed.banner.text() and document.pdf_sha256 in ed.banner.text()
    assert ed.fields["violated"].edit.isReadOnly() and not ed.issue_action.isEnabled()
    assert ed.pdf_bytes == document_pdf(demo_db, data_dir, document.id)


CHILD = r'''
import os, sys, time
sys.path.insert(0, {root!r})
os.environ["QT_QPA_PLATFORM"] = "offscreen"
from pathlib import Path
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QToolBar
app = QApplication([])
import ui.form_editor
from ui.main_window import MainWindow
from ui.prompts import Prompts
from ui.task_runner import ImmediateRunner
from workstation.db import open_database
from workstation.documents.drafts import find_form
from workstation.paths import database_path
from workstation.store import find_case
data_dir = Path({data_dir!r})
db = open_database(database_path(data_dir))
window = MainWindow(db=db, data_dir=data_dir, runner=ImmediateRunner(), prompts=Prompts())
ui.form_editor.AUTOSAVE_DELAY_MS = 100  # not the 1.5 s the officer gets
editor = window.open_editor(find_case(db, {case!r}), find_form("inquiry_record"))
answer = editor.fields["questions_answers"].list.pairs[0].answer
QTest.keyClicks(answer, "I bought the owner list from a man called Wang in the spring of")
end = time.time() + 20
while not editor.autosave_label.text() and time.time() < end:
    app.processEvents()
    time.sleep(0.02)
print("AUTOSAVED" if editor.autosave_label.text() else "NOT SAVED", flush=True)
time.sleep(120)
'''


def test_a_killed_application_offers_the_text_back(demo_db, data_dir, make_window, prompts, tmp_path):
    import os
    import signal
    import subprocess
    import sys
    from pathlib import Path

    script = tmp_path / "child.py"
    script.write_text(CHILD.format(root=str(Path(__file__).resolve().parent.parent), data_dir=str(data_dir),
                                   case=CASE), encoding="utf-8")
    child = subprocess.Popen([sys.executable, str(script)], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                             text=True)
    try:
        assert child.stdout.readline().strip() == "AUTOSAVED"
    finally:
        os.kill(child.pid, signal.SIGKILL)  # mid-sentence: no close, no clean-up
        child.wait(timeout=30)
        child.stdout.close()
    assert child.returncode == -signal.SIGKILL

    left = drafts.left_open(demo_db)
    assert len(left) == 1 and "a man called Wang in the spring of" in left[0].values["questions_answers"]
    window = make_window(demo_db)
    prompts.confirm_answer = True
    assert window.recover_drafts() == 1
    assert "程序上次停止时" in prompts.confirmations[0]
    editor = window.editors[0]
    assert editor.fields["questions_answers"].list.pairs[0].pair()[1] == \
        "I bought the owner list from a man called Wang in the spring of"
    editor.shutdown()


def test_choosing_the_penalty_on_the_case_fills_the_untouched_fields(editor, demo_db):
    from ui.case_law import PenaltyChoiceDialog

    case = find_case(demo_db, "佛禅市监立〔2026〕1号")
    ed = editor("penalty_decision", case=case)
    ed.set_field("statement", "当事人提出了陈述意见。")  # the officer's own words stay
    dialog = PenaltyChoiceDialog(demo_db, ed.case, ed.prompts, ed)
    dialog.tier.setCurrentIndex(dialog.tier.findData("lighter"))
    dialog.fine.setText("5000")
    QTimer.singleShot(0, dialog.save)
    assert ed.choose_penalty(dialog)
    assert get_case(demo_db, case.id).discretion_tier == "lighter"
    assert ed.fields["discretion"].value() == "依法从轻处罚。"
    assert ed.fields["statement"].value() == "当事人提出了陈述意见。"
    assert "从轻" in ed.law_panel.findChild(type(ed.pages_label), "penalty_range").text()


def test_a_party_without_a_code_is_named_at_the_field_and_blocks_issue(editor, demo_db):
    from workstation.store import parties_of_case, save_party

    case = find_case(demo_db, "佛禅市监立〔2026〕1号")
    party = parties_of_case(demo_db, case.id)[0]
    save_party(demo_db, replace(party, uscc="", id_number=""))
    ed = editor("penalty_decision", case=case)
    assert ed.errors["party_code"] == "当事人没有统一社会信用代码或者身份证件号码：请先在当事人信息（编辑当事人…）中补录。"
    assert not ed.issue_action.isEnabled()
