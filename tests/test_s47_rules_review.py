"""Found reviewing the screening rules' checks of session 47: an edited rules file already in a data directory with
two categories of one label is still read (only the rules editor refuses it, at preview and save); a category key
stored leads or complaints hold is named when the edited rules drop it whatever rules file can be read; a short search looks for the full-width
capitals and small letters of a word, not for its ASCII cases again; and Esc does not cancel a progress dialog once
its work reached a step it cannot stop (its Cancel greyed out)."""

import threading

import pytest

from tests.helpers import insert_complaint_texts
from workstation.screening import screen
from workstation.screening.rules import RULES_PARTS, RulesError, parse_rules, save_rules, shipped_rules_path


def shipped() -> str:
    return shipped_rules_path().read_text(encoding="utf-8")


def twice_labelled() -> str:
    """The shipped rules with 垃圾短信 relabelled 骚扰电话, as an edited copy an earlier version accepted."""
    return shipped().replace('label = "垃圾短信"', 'label = "骚扰电话"')


def with_category(text: str, key: str, label: str, keyword: str) -> str:
    at = text.index("\n# 适用于所有类别")
    return text[:at] + f'\n[[category]]\nkey = "{key}"\nlabel = "{label}"\nkeywords = ["{keyword}"]\n' + text[at:]


def put_copy(data_dir, text: str | bytes) -> None:
    """An edited rules copy in the data directory as it is on disk (written by an earlier version, or by hand)."""
    target = data_dir.joinpath(*RULES_PARTS)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))


# --- 1. a label used twice is refused only when the rules are edited ----------------------------------------------


def test_an_edited_copy_with_a_label_used_twice_is_still_in_force(db, data_dir, tmp_path):
    from workstation.importing.complaints import import_complaints
    from workstation.screening.complaint import rules_for

    put_copy(data_dir, twice_labelled())
    rules = rules_for(db)
    assert [c.label for c in rules.categories].count("骚扰电话") == 2
    assert parse_rules(twice_labelled())  # reading the rules in force refuses nothing
    export = tmp_path / "工单.csv"
    export.write_text("工单编号,受理时间,来电号码,诉求内容\nGD001,2026-03-01 10:00:00,13800138000,收到推销短信\n",
                      encoding="utf-8")
    result = import_complaints(db, [export])
    assert not result.files[0].refused and result.files[0].imported == 1
    screen(db)


def test_a_label_used_twice_is_refused_at_preview_and_save(db, data_dir, english):
    from workstation.screening.rules import check_edited_rules
    from workstation.screening.screen import apply_rules, preview_rules

    put_copy(data_dir, twice_labelled())
    with pytest.raises(RulesError) as refused:
        check_edited_rules(db, parse_rules(twice_labelled()), twice_labelled())
    assert "骚扰电话" in refused.value.message and "category[2].label" in refused.value.message
    assert refused.value.line
    for attempt in (lambda: preview_rules(db, twice_labelled()), lambda: apply_rules(db, data_dir, twice_labelled())):
        with pytest.raises(RulesError) as refused:
            attempt()
        assert "骚扰电话" in refused.value.message
    assert data_dir.joinpath(*RULES_PARTS).read_text(encoding="utf-8") == twice_labelled()
    relabelled = shipped().replace('label = "垃圾短信"', 'label = "垃圾短信（改）"')
    check_edited_rules(db, parse_rules(relabelled), relabelled)
    apply_rules(db, data_dir, relabelled)
    assert data_dir.joinpath(*RULES_PARTS).read_text(encoding="utf-8") == relabelled


def test_the_rules_editor_refuses_a_label_used_twice(db, data_dir, prompts, qtbot, english):
    from ui.rules_editor import RulesEditor
    from ui.task_runner import ImmediateRunner

    put_copy(data_dir, twice_labelled())
    editor = RulesEditor(db, data_dir, prompts, runner=ImmediateRunner())
    qtbot.addWidget(editor)
    editor.text.setPlainText(twice_labelled())
    assert editor.preview() is False
    assert "骚扰电话" in editor.result.toPlainText()
    editor.save()
    assert not editor.saved and prompts.errors and "骚扰电话" in prompts.errors[-1]


# --- 2. the keys stored are named when dropped whatever rules file can be read ---------------------------------------------


def leads_of_an_edited_category(db, data_dir) -> int:
    """Leads of a category fake_invoice that only the data directory's edited copy has; the copy then made
    unreadable (a hand edit breaking it): how many leads."""
    save_rules(data_dir, with_category(shipped(), "fake_invoice", "虚开发票", "虚开发票"))
    insert_complaint_texts(db, [("F1", "13900000001", "13712346666说能虚开发票"),
                                ("F2", "13900000002", "13712346666又来电说虚开发票")])
    screen(db)
    leads = db.execute("SELECT COUNT(*) FROM leads WHERE category = 'fake_invoice'").fetchone()[0]
    assert leads
    return leads


@pytest.mark.parametrize("broken", [b"[[oops", "[[category]]\nkey = \"x\"\nlabel = \"骚扰电话\"\n".encode("gb18030")])
def test_a_stored_key_of_an_unreadable_copy_is_named_when_dropped(db, data_dir, english, broken):
    from workstation.screening.rules import dropped_categories

    leads = leads_of_an_edited_category(db, data_dir)
    put_copy(data_dir, with_category(shipped(), "fake_invoice", "虚开发票", "虚开发票").encode() + b"\n" + broken)
    assert dropped_categories(db, parse_rules(shipped())) == [("fake_invoice", leads, 2)]
    kept = with_category(shipped(), "fake_invoice", "虚开发票", "虚开发票")
    assert dropped_categories(db, parse_rules(kept)) == []


def test_a_key_only_complaints_hold_is_named_when_dropped(db, english):
    from workstation.screening.rules import dropped_categories

    insert_complaint_texts(db, [("C1", "13900000001", "一件旧投诉")])
    db.execute("UPDATE complaints SET category = 'old_kind'")
    assert dropped_categories(db, parse_rules(shipped())) == [("old_kind", 0, 1)]


# --- 3. a short search: full-width cases, not the ASCII ones again ------------------------------------------------


def test_a_short_word_is_looked_for_in_full_width_cases_only_beside_as_typed():
    from workstation.store.complaints import _written_ways

    assert _written_ways("td") == ["td", "ｔｄ", "ＴＤ"]
    assert _written_ways("Td") == ["Td", "Ｔｄ", "ＴＤ", "ｔｄ"]
    assert _written_ways("ＴＤ") == ["ＴＤ", "TD", "ｔｄ"]
    assert _written_ways("退订") == ["退订"]


def test_td_finds_full_width_capitals(db):
    from workstation.store.complaints import search_complaints

    insert_complaint_texts(db, [("Z1", "13900000001", "ＴＤ退订：收到推销短信"), ("Z2", "13900000002", "td退订")])
    for query in ("td", "TD", "ｔｄ", "Ｔｄ"):
        assert sorted(h.external_id for h in search_complaints(db, query)) == ["Z1", "Z2"], query


# --- 4. Esc does not cancel once the Cancel button is greyed out ---------------------------------------------------


def test_esc_does_nothing_once_the_work_cannot_be_stopped(qtbot):
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QApplication, QMainWindow, QProgressDialog, QPushButton

    from ui.task_runner import TaskRunner

    window = QMainWindow()
    qtbot.addWidget(window)
    window.show()
    runner = TaskRunner()
    ended: list = []
    heard: list[bool] = []
    released = threading.Event()

    def work(progress, cancel):
        progress(0, 3, "工作中")
        cancel.close()
        progress(1, 3, "正在保存")  # its report greys Cancel out
        released.wait(30)
        heard.append(cancel.cancelled)
        return "done"

    runner.run("测试", work, ended.append, ended.append, window)
    try:
        qtbot.waitUntil(lambda: any(d.isVisible() for d in window.findChildren(QProgressDialog)), timeout=10_000)
        dialog = next(d for d in window.findChildren(QProgressDialog) if d.isVisible())
        button = dialog.findChild(QPushButton, "progress_cancel")
        qtbot.waitUntil(lambda: not button.isEnabled(), timeout=10_000)
        dialog.activateWindow()
        qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog, timeout=5_000)
        qtbot.keyClick(QApplication.focusWidget() or dialog, Qt.Key.Key_Escape)
        QApplication.processEvents()
        assert dialog.isVisible() and not ended
        qtbot.keyClick(dialog, Qt.Key.Key_Escape)  # the dialog's own Esc (QDialog's reject)
        assert dialog.close() is False  # its window's close button
        QApplication.processEvents()
        assert dialog.isVisible() and not ended
    finally:
        released.set()
        runner.wait()
    qtbot.waitUntil(lambda: bool(ended), timeout=10_000)
    assert ended == ["done"] and heard == [False]
