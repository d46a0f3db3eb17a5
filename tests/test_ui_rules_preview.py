"""The rules editor's preview as an officer uses it: background work with progress and Cancel (a million complaints
must not freeze the window), the counts of newly and no longer flagged complaints right, a cancel changing nothing
and leaving the editor usable, and the pane saying when the text was edited after the preview it shows."""

import importlib
import threading

import pytest

from PySide6.QtCore import Qt

from tests.helpers import insert_complaint_texts
from ui.task_runner import ImmediateRunner
from workstation.screening import screen
from workstation.screening.rules import shipped_rules_path

TEXTS = [  # work order, text
    ("R1", "13800138000上门推销保险，说是新业务"),  # flagged only with 推销保险 as a keyword
    ("R2", "骚扰电话不断对方冒充积分兑换通知"),  # no longer flagged with 积分兑换 as an exclusion (one clause)
    ("R3", "小区门口的店铺占道经营，影响通行"),  # neither
    ("R4", "骚扰电话天天打来推销楼盘"),  # flagged either way
]


@pytest.fixture
def stored(db):
    insert_complaint_texts(db, [(n, "13900139000", text) for n, text in TEXTS])
    screen(db)
    return db


def edited_rules() -> str:
    """The shipped rules with the keyword 推销保险 and the exclusion 积分兑换 added to harassment calls."""
    return shipped_rules_path().read_text(encoding="utf-8").replace(
        '"呼死你",', '"呼死你", "推销保险",').replace('"满意度回访"]', '"满意度回访", "积分兑换"]')


def state(db, data_dir) -> dict:
    return {"rules": sorted(p.name for p in (data_dir / "screening").glob("*"))
            if (data_dir / "screening").exists() else [],
            "complaints": db.execute("SELECT external_id, category, lead_id FROM complaints ORDER BY rowid").fetchall(),
            "leads": db.execute("SELECT * FROM leads ORDER BY id").fetchall()}


class CancelAtOnce(ImmediateRunner):
    """Runs at once and presses Cancel as soon as the work reports progress."""

    def start(self, title, work, on_done, on_error, progress):
        def cancelling(done, total, message):
            progress(done, total, message)
            self.cancel_token.cancel()

        return super().start(title, work, on_done, on_error, cancelling)


def test_the_preview_counts_the_complaints_newly_and_no_longer_flagged(stored, data_dir, prompts, qtbot, english):
    from ui.rules_editor import RulesEditor

    before = state(stored, data_dir)
    runner = ImmediateRunner()
    editor = RulesEditor(stored, data_dir, prompts, runner=runner)
    qtbot.addWidget(editor)
    editor.text.setPlainText(edited_rules())
    assert editor.preview()
    shown = editor.result.toPlainText().splitlines()
    assert shown[0] == ("Flagged now: 2; with the edited rules: 2 (newly flagged 1, no longer flagged 1, another "
                        "category 0).")
    assert shown[shown.index("Newly flagged:") + 1].startswith("R1  [— → 骚扰电话]")
    assert shown[shown.index("No longer flagged:") + 1].startswith("R2  [骚扰电话 → —]")
    assert "138****8000" in editor.result.toPlainText() and "13800138000" not in editor.result.toPlainText()
    assert any(m == "Trying the edited rules" for _d, _t, m in runner.progress_reports)  # as background work
    assert state(stored, data_dir) == before and not prompts.errors  # nothing saved, nothing screened


def test_a_cancelled_preview_changes_nothing_and_leaves_the_editor_usable(stored, data_dir, prompts, qtbot, english):
    from PySide6.QtGui import QTextCursor

    from ui.rules_editor import RulesEditor

    before = state(stored, data_dir)
    editor = RulesEditor(stored, data_dir, prompts, runner=CancelAtOnce())
    qtbot.addWidget(editor)
    editor.text.setPlainText(edited_rules())
    assert editor.preview()
    assert editor.result.toPlainText().startswith("Preview cancelled")
    assert state(stored, data_dir) == before and not prompts.errors and not prompts.infos
    assert editor.typed() == edited_rules() and not editor.trying
    assert editor.preview_button.isEnabled() and editor.restore_button.isEnabled()
    editor.text.moveCursor(QTextCursor.MoveOperation.End)
    qtbot.keyClicks(editor.text, "# 1")
    assert editor.typed() == edited_rules() + "# 1"
    editor.runner = ImmediateRunner()  # the officer tries again and lets it finish
    assert editor.preview()
    assert "newly flagged 1, no longer flagged 1" in editor.result.toPlainText()


@pytest.fixture
def held_preview(monkeypatch):
    """The preview of a large database: it runs until ``release`` is set (``started`` once it runs)."""
    screening = importlib.import_module("workstation.screening.screen")  # the package names its function screen
    release, started = threading.Event(), threading.Event()
    real = screening.preview_rules

    def held(*args, **kwargs):
        started.set()
        cancel = kwargs.get("cancel")
        for _tick in range(1000):  # at most 10 s; a cancel (closing the editor joins the preview) ends it sooner
            if release.wait(0.01) or (cancel is not None and cancel.cancelled):
                break
        return real(*args, **kwargs)

    monkeypatch.setattr(screening, "preview_rules", held)
    yield release, started
    release.set()


def test_the_preview_runs_in_the_background_and_says_when_the_text_changed_since(stored, data_dir, prompts, qtbot,
                                                                                 held_preview, english):
    from ui.rules_editor import RulesEditor
    from ui.task_runner import TaskRunner

    release, started = held_preview
    runner = TaskRunner()
    editor = RulesEditor(stored, data_dir, prompts, runner=runner)
    qtbot.addWidget(editor)
    editor.text.setPlainText(edited_rules())
    try:
        assert editor.preview()  # returns at once: the window's thread does not wait for the preview
        assert started.wait(10) and editor.trying and not editor.preview_button.isEnabled()
        assert editor.result.toPlainText() == "Trying the rules on every stored complaint…"
        editor.text.appendPlainText("# 再想想")  # typed while the preview runs
        assert not editor.stale.isHidden() and editor.stale.text().startswith(
            "The rules were edited after Preview was pressed")  # said at once, not only once it is done
    finally:
        release.set()
    qtbot.waitUntil(lambda: not editor.trying, timeout=10000)
    runner.wait()
    assert "newly flagged 1, no longer flagged 1" in editor.result.toPlainText()
    assert editor.preview_button.isEnabled()
    assert not editor.stale.isHidden()  # the preview is of the text before "# 再想想"
    editor.text.undo()
    assert editor.stale.isHidden()


def test_a_keyword_already_there_is_said_and_a_word_in_chinese_quotes_is_named_at_its_line(stored, data_dir, prompts,
                                                                                           qtbot, english):
    from ui.rules_editor import RulesEditor

    shipped = shipped_rules_path().read_text(encoding="utf-8")
    editor = RulesEditor(stored, data_dir, prompts)
    qtbot.addWidget(editor)
    editor.text.setPlainText(shipped.replace('"呼死你",', '"呼死你", "呼死你",'))  # the officer adds a keyword
    assert editor.preview()
    shown = editor.result.toPlainText()
    assert "newly flagged 0" in shown  # why: it is there already
    assert "“呼死你” is already a keyword of 骚扰电话: written twice, it flags nothing more." in shown
    typed = shipped.replace('"满意度回访"]', '"满意度回访", “积分兑换”]')  # typed with the Chinese input method
    editor.text.setPlainText(typed)
    line = typed[:typed.index("“积分兑换”")].count("\n") + 1
    assert not editor.preview()
    assert editor.result.toPlainText().startswith(f"the edited rules: not a valid TOML file at line {line}, column")
    assert 'write each word in half-width double quotes "…" (not “…”)' in editor.result.toPlainText()
    assert editor.text.textCursor().blockNumber() == line - 1
    editor.save()
    assert len(prompts.errors) == 1 and "half-width double quotes" in prompts.errors[0]
    assert not (data_dir / "screening" / "rules.toml").exists()


def test_the_preview_leaves_the_rules_readable_with_its_progress_and_cancel_in_the_editor(stored, data_dir, prompts,
                                                                                         qtbot, held_preview, english):
    from PySide6.QtGui import QTextCursor
    from PySide6.QtWidgets import QApplication, QProgressDialog

    from tests.test_ui_keyboard import active
    from ui.rules_editor import RulesEditor
    from ui.task_runner import TaskRunner

    release, started = held_preview
    before = state(stored, data_dir)
    runner = TaskRunner()
    editor = RulesEditor(stored, data_dir, prompts, runner=runner)
    qtbot.addWidget(editor)
    active(qtbot, editor)
    editor.text.setPlainText(edited_rules())
    try:
        qtbot.mouseClick(editor.preview_button, Qt.MouseButton.LeftButton)
        assert started.wait(10) and editor.trying
        # no dialog over the editor: the officer goes on reading and typing in the rules
        assert editor.findChildren(QProgressDialog) == [] and QApplication.activeModalWidget() is None
        assert editor.progress_row.isVisible() and editor.cancel_button.isEnabled()
        editor.text.setFocus()
        editor.text.moveCursor(QTextCursor.MoveOperation.Start)
        qtbot.keyClick(editor.text, Qt.Key.Key_PageDown)
        assert editor.text.textCursor().blockNumber() > 0 and QApplication.focusWidget() is editor.text
        qtbot.mouseClick(editor.cancel_button, Qt.MouseButton.LeftButton)
        assert not editor.cancel_button.isEnabled()
    finally:
        release.set()
    qtbot.waitUntil(lambda: not editor.trying, timeout=10000)
    runner.wait()
    assert editor.result.toPlainText().startswith("Preview cancelled") and editor.progress_row.isHidden()
    assert editor.preview_button.isEnabled() and editor.typed() == edited_rules()
    assert state(stored, data_dir) == before and not prompts.errors and not prompts.infos


def test_closing_the_editor_while_its_preview_runs_cancels_the_preview(stored, data_dir, prompts, qtbot, held_preview,
                                                                        english):
    from ui.rules_editor import RulesEditor
    from ui.task_runner import TaskRunner

    release, started = held_preview
    before = state(stored, data_dir)
    runner = TaskRunner()
    editor = RulesEditor(stored, data_dir, prompts, runner=runner)
    qtbot.addWidget(editor)
    editor.show()
    editor.text.setPlainText(edited_rules())
    prompts.choices.append(1)  # the edited rules dropped on the officer's word (Discard changes)
    try:
        assert editor.preview() and started.wait(10)
        editor.reject()  # Esc, Cancel or the close button
        assert not editor.isVisible() and prompts.offered
    finally:
        release.set()
    qtbot.waitUntil(lambda: not editor.trying, timeout=10000)
    runner.wait()
    assert editor.result.toPlainText().startswith("Preview cancelled")  # it stopped instead of running on unseen
    assert state(stored, data_dir) == before
