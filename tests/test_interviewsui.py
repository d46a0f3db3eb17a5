"""The 约谈 page's Write a document… and the rules editor closing over its preview: a document of an interview being
written is brought to the front rather than opened a second time, the kept draft of an interview's document is
offered back as one started from the interview, and closing the rules editor while it previews waits until the
preview has stopped."""

from __future__ import annotations

import importlib
import threading

import pytest

from PySide6.QtWidgets import QApplication

from tests.test_ui_interviews import OPERATOR_NAMES, OPERATORS_INTERVIEW
from tests.test_ui_keyboard import active
from workstation.documents.drafts import find_form
from workstation.store import drafts
from workstation.store.interviews import get_interview

pytestmark = pytest.mark.gui


@pytest.mark.qt_log_ignore("This plugin does not support raise")  # offscreen Qt: the activation is what is seen
def test_the_minutes_being_written_are_brought_to_the_front_not_opened_again(demo_db, make_window, prompts, qtbot):
    window = active(qtbot, make_window(demo_db))
    window.navigation.setCurrentRow(2)
    page = window.interviews_page
    page.select(OPERATORS_INTERVIEW)
    minutes = page.write(find_form("interview_minutes"))
    try:
        assert window.editors == [minutes]
        minutes.set_field("agreed", "三家运营商承诺整改")  # typed, not yet saved
        window.activateWindow()
        qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
        prompts.confirm_answer = True
        again = page.write(find_form("interview_minutes"))
        assert again is minutes and window.editors == [minutes]  # no second editor of the same minutes
        assert prompts.confirmations == []  # nor a kept draft offered
        assert "三家运营商承诺整改" in minutes.current_values().values()
        qtbot.waitUntil(lambda: QApplication.activeWindow() is minutes)
    finally:
        for editor in list(window.editors):
            editor.shutdown()


@pytest.mark.qt_log_ignore("This plugin does not support raise")  # offscreen Qt
def test_the_record_for_another_party_of_a_joint_interview_opens_an_editor_of_its_own(demo_db, make_window, prompts):
    interview = get_interview(demo_db, OPERATORS_INTERVIEW)
    prompts.confirm_answer = True  # written although the parties sent no principal person (asked since s65)
    window = make_window(demo_db)
    page = window.interviews_page
    page.select(OPERATORS_INTERVIEW)
    record = find_form("interview_record")
    try:
        first = page.write(record, interview.party_ids[0])
        other = page.write(record, interview.party_ids[1])
        assert other is not first and window.editors == [first, other]
        assert other.current_values()["party_name"] == OPERATOR_NAMES[1]
        assert page.write(record, interview.party_ids[0]) is first and len(window.editors) == 2
    finally:
        for editor in list(window.editors):
            editor.shutdown()


def test_a_kept_interview_draft_is_offered_as_continued_from_the_interview(demo_db, make_window, prompts, english):
    kept = drafts.open_draft(demo_db, "interview_minutes", {"agreed": "整改承诺（未写完"},
                             interview_id=OPERATORS_INTERVIEW, title="约谈纪要")
    drafts.set_status(demo_db, kept.id, "saved")
    window = make_window(demo_db)
    page = window.interviews_page
    page.select(OPERATORS_INTERVIEW)
    prompts.confirm_answer = False
    editor = page.write(find_form("interview_minutes"))
    try:
        [asked] = prompts.confirmations
        assert asked.endswith("Continue it? (No starts a new one from the interview.)")
        assert "from the case" not in asked
        assert "整改承诺（未写完" not in editor.current_values().values()  # No: a new one
    finally:
        editor.shutdown()


def test_closing_the_rules_editor_waits_until_its_preview_has_stopped(db, data_dir, prompts, qtbot, monkeypatch,
                                                                      english):
    from tests.test_ui_rules_preview import edited_rules
    from ui.rules_editor import RulesEditor
    from ui.task_runner import TaskRunner

    screening = importlib.import_module("workstation.screening.screen")
    started, seen = threading.Event(), {}

    def slow_to_stop(*args, cancel, **kwargs):  # a large database: it looks at Cancel between steps
        started.set()
        try:
            while not cancel.cancelled:
                threading.Event().wait(0.01)
            threading.Event().wait(0.3)  # the step under way when Cancel was pressed ends first
            cancel.check()
        finally:
            seen["ended"] = True

    monkeypatch.setattr(screening, "preview_rules", slow_to_stop)
    runner = TaskRunner()
    editor = RulesEditor(db, data_dir, prompts, runner=runner)
    qtbot.addWidget(editor)
    editor.show()
    editor.text.setPlainText(edited_rules())
    prompts.choices.append(1)  # the edited rules dropped on the officer's word (Discard changes)
    assert editor.preview() and started.wait(30)
    editor.reject()
    assert not editor.isVisible()
    assert seen.get("ended")  # joined: the preview had stopped when the editor closed
    with qtbot.waitSignal(runner.task_finished, timeout=30000):
        pass  # its Cancelled reaches the closed editor
    assert editor.result.toPlainText().startswith("Preview cancelled")
    assert runner.wait(30000)
