"""Closing while a document prints (s72, close_unsaved lead 1): the print's progress dialog is application-modal,
so the officer cannot click a window's close button meanwhile, yet a window can still be closed by the workstation
itself — the idle lock's 退出 (仍然退出), which names the print as work it cancels, closes the main window and with it
each document editor. The editor deletes itself when closed (``WA_DeleteOnClose``) while its ``print_to`` still
waits in its own event loop for the pages being rendered. Closing then cancels the print as its Cancel does: the
window closes, the page being rendered is dropped, the render thread ends before ``print_to`` returns, the printer
job is dropped (``abort``), the draft is kept with what was typed, and the main window (when it stays open) says the
print was cancelled. The page rendering is held on an Event, so that the close surely comes while it runs."""

from __future__ import annotations

import threading

import pytest

from PySide6.QtCore import QEvent, QTimer
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QApplication, QProgressDialog
from shiboken6 import isValid

CASE = "佛南市监立〔2026〕9号"  # demo case under investigation: its 责令改正通知书 is two pages


class _Printer(QPrinter):
    """A PDF printer noting whether the job was dropped (what a real printer does with a job aborted)."""

    def __init__(self, path):
        super().__init__(QPrinter.PrinterMode.ScreenResolution)
        self.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        self.setOutputFileName(str(path))
        self.aborted = False

    def abort(self) -> bool:
        self.aborted = True
        return super().abort()


@pytest.fixture
def printing(demo_db, make_window, monkeypatch, tmp_path, english):
    """(window, editor, printer, held, release, rendered): the main window with a real task runner, the case's
    责令改正通知书 open in an editor of it with a fact typed, and the page rendering held until ``release`` is set
    (``held`` is set once the render thread waits on it; ``rendered`` notes each page it returns)."""
    import ui.form_editor as form_editor
    from ui.task_runner import TaskRunner
    from workstation.documents.drafts import find_form
    from workstation.store import find_case

    window = make_window(demo_db, runner=TaskRunner())
    window.runner.setParent(window)
    window.show()
    editor = window.open_editor(find_case(demo_db, CASE), find_form("rectification_order"))
    editor.set_field("violation", "在店内销售过期食品。")
    editor.wait_for_preview()
    held, release, rendered = threading.Event(), threading.Event(), []
    real = form_editor.render_for_printing

    def render(data, pages, dpi, handoff, stop, progress, cancel):
        def noting(done, total, message):
            rendered.append(done)
            progress(done, total, message)

        held.set()
        release.wait(20)
        try:
            return real(data, pages, dpi, handoff, stop, noting, cancel)
        finally:
            rendered.append("returned")

    monkeypatch.setattr(form_editor, "render_for_printing", render)
    yield window, editor, _Printer(tmp_path / "printed.pdf"), held, release, rendered
    release.set()
    window.runner.wait(10000)


def _when_held(held, editor, then):
    """Call ``then`` once the render thread waits and the print's progress dialog shows (from the print's own event
    loop)."""
    timer = QTimer()
    timer.setInterval(10)

    def look():
        dialog = editor.findChild(QProgressDialog, "printing")
        if held.is_set() and dialog is not None and dialog.isVisible():
            timer.stop()
            then()

    timer.timeout.connect(look)
    timer.start()
    return timer


def _closing(widget, release, closed):
    """What closes ``widget`` while the page is being rendered: its ``close()`` noted in ``closed``, then the
    rendering let go on."""
    def close():
        closed.append(widget.close())
        release.set()

    return close


def test_quitting_from_the_idle_lock_while_printing_cancels_the_print_and_closes_cleanly(printing, prompts, demo_db):
    from ui.idle_lock import IdleLock
    from workstation.store import drafts

    window, editor, printer, held, release, rendered = printing
    draft_id = editor.draft.id
    told, quits = [], []

    def quit_from_the_lock():
        # 退出 on the lock: first named the print among the work quitting cancels (仍然退出 then quits), kept the
        # editors' text as drafts and closed the main window, and with it each editor
        lock = IdleLock(window, window.data_dir, "", 0, quit_app=lambda: quits.append(True))
        told.extend(lock.running_work())
        lock.quit()
        release.set()

    timer = _when_held(held, editor, quit_from_the_lock)
    printed = editor.print_to(printer)
    timer.stop()
    assert told == ["「Printing 责令改正通知书」"]
    assert quits == [True] and not window.isVisible() and window.editors == []  # closed, neither refused nor crashed
    assert printed == 0 and printer.aborted  # the job dropped: no page half-printed
    assert window.runner.wait(5000)  # the render thread ended (and none left waiting on the handoff)
    # the render thread returned; the page being rendered when the window closed may have been drawn (the cancel is
    # heard between pages), but nothing was printed (printed == 0 above)
    assert rendered[-1] == "returned" and rendered.count("returned") == 1
    assert not [dialog for dialog in QApplication.topLevelWidgets()
                if isinstance(dialog, QProgressDialog) and isValid(dialog) and dialog.isVisible()]
    kept = drafts.get_draft(demo_db, draft_id)  # the draft kept whole, with what was typed
    assert kept.status == "saved" and kept.values["violation"] == "在店内销售过期食品。"
    assert prompts.errors == [] and prompts.offered == []


def test_closing_the_main_window_while_printing_asks_about_the_draft_then_cancels_the_print(printing, prompts,
                                                                                            demo_db):
    from workstation.store import drafts

    window, editor, printer, held, release, _rendered = printing
    draft_id = editor.draft.id
    closed = []
    prompts.choices = [0]  # Save draft
    timer = _when_held(held, editor, _closing(window, release, closed))
    printed = editor.print_to(printer)
    timer.stop()
    assert closed == [True] and not window.isVisible()
    assert "not saved as a draft" in prompts.offered[0][0]  # asked as before any close
    assert printed == 0 and printer.aborted
    assert window.runner.wait(5000)
    assert drafts.get_draft(demo_db, draft_id).values["violation"] == "在店内销售过期食品。"
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)  # the editor deleted once its print returned (``WA_DeleteOnClose``)
    assert not isValid(editor)
    assert prompts.errors == []


def test_closing_the_editor_alone_while_printing_cancels_the_print_and_the_main_window_says_so(printing, prompts):
    window, editor, printer, held, release, _rendered = printing
    name = editor.document_name()
    closed = []
    prompts.choices = [0]  # Save draft
    timer = _when_held(held, editor, _closing(editor, release, closed))
    printed = editor.print_to(printer)
    timer.stop()
    assert closed == [True] and window.isVisible() and editor not in window.editors and not editor.isVisible()
    assert printed == 0 and printer.aborted
    assert window.runner.wait(5000)
    assert window.statusBar().currentMessage() == (
        f"Printing of “{name}” was cancelled: its window was closed.")
    assert prompts.errors == []


def test_the_application_quitting_while_printing_ends_the_render_thread_before_the_print_returns(
        printing, prompts, monkeypatch):
    """Quitting leaves every event loop (``QCoreApplication.exit``), the print's among them, before its job's end:
    the job is cancelled and its thread waited for (else it waits for ever to hand on its next page, and the
    window's ``shutdown`` with it)."""
    from PySide6 import QtCore

    window, editor, printer, held, release, rendered = printing

    class LeftByQuitting(QtCore.QEventLoop):
        def exec(self, *args):
            def leave():
                release.set()
                self.exit(0)

            timer = _when_held(held, editor, leave)
            try:
                return super().exec(*args)
            finally:
                timer.stop()

    monkeypatch.setattr(QtCore, "QEventLoop", LeftByQuitting)
    printed = editor.print_to(printer)
    assert rendered[-1] == "returned" and rendered.count("returned") == 1  # ended once the print returned
    assert printed == 0 and printer.aborted
    assert editor.statusBar().currentMessage() == "Printing cancelled." and prompts.errors == []
    assert window.runner.wait(5000)


def test_a_print_failing_after_its_editor_was_closed_is_told_on_the_main_window_not_as_cancelled(
        printing, prompts, monkeypatch):
    """The editor closed while its page renders, the rendering then failing (not cancelled): the failure is told on
    the main window, where the officer looks (not on the editor, hidden and deleted), and the main window does not
    say the print was cancelled."""
    import ui.form_editor as form_editor

    window, editor, printer, held, release, _rendered = printing

    def failing(*_args, **_kwargs):  # held until the editor is closed, then failing on the first page
        held.set()
        release.wait(20)
        raise OSError("the spool folder is full")

    monkeypatch.setattr(form_editor, "render_for_printing", failing)
    told = []
    error = prompts.error
    monkeypatch.setattr(prompts, "error", lambda parent, message, details=None: (
        told.append((parent, message)), error(parent, message, details)))
    closed = []
    prompts.choices = [0]  # Save draft
    timer = _when_held(held, editor, _closing(editor, release, closed))
    printed = editor.print_to(printer)
    timer.stop()
    assert closed == [True] and window.isVisible() and not editor.isVisible()
    assert printed == 0 and printer.aborted
    assert window.runner.wait(5000)
    assert told == [(window, "Printing failed: the spool folder is full")], told
    assert "cancelled" not in window.statusBar().currentMessage()
