"""The window at 1,024 × 768 (S55 UX audit): the 线索 page fits it, every button and the list's scroll bar in view;
the 涉嫌犯罪案件移送书 prepared from a decision's law panel is one of the window's editors (quitting asks about its
unsaved text, issuing from it shows the document in the case's tab); Cancel on 正在生成期限清单 writes no file and
says so; a status message too long for the bar is whole in its tooltip, and the Ctrl+P guidance fits the bar."""

from __future__ import annotations

from dataclasses import replace

import pytest

from PySide6.QtCore import QPoint
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QLineEdit, QPlainTextEdit, QPushButton, QTableView, QTextEdit

from tests.test_ui_board_handout import _board_window
from tests.test_ui_keyboard import active
from ui.layouts import plain_label
from ui.task_runner import CancelToken, ImmediateRunner
from workstation.documents.drafts import find_form
from workstation.i18n import _
from workstation.output import written_text
from workstation.store import find_case, get_case
from workstation.store.cases import update_case

pytestmark = pytest.mark.gui

WIDTH, HEIGHT = 1024, 768


def right_edge(widget, window) -> int:
    return widget.mapTo(window, QPoint(widget.width(), 0)).x()


# ---- 1. the leads page at 1,024 pixels

def test_the_leads_page_fits_a_1024_pixel_window_with_every_button_in_view(demo_db, make_window, qtbot, chinese):
    window = active(qtbot, make_window(demo_db))
    window.fill_menus()
    for row in range(6):  # whichever page is shown, the window may be made 1,024 pixels wide
        window.go_to_page(row)
        assert window.minimumSizeHint().width() <= WIDTH, row  # 1,060 once the leads page was built
    window.go_to_page(1)
    window.resize(WIDTH, HEIGHT)
    qtbot.waitUntil(lambda: window.width() == WIDTH)
    page = window.leads_page
    buttons = {**page.buttons, "void_lead_document": page.void_button,
               **{button.objectName(): button for button in page.verdict_buttons.values()}}
    # the buttons as they were: found by their names, each with its Alt letter
    assert set(page.buttons) == {"new_lead", "edit_lead", "import_complaints", "screen", "rules", "assign",
                                 "assignment_notice", "open_document", "extend", "file", "not_file", "refer",
                                 "tell_reporter", "open_case", "lead_forms"}
    for name, button in buttons.items():
        assert page.findChild(QPushButton, name) is button and "&" in button.text(), name
        assert button.isVisible() and right_edge(button, window) <= WIDTH, (name, right_edge(button, window))
        assert button.width() >= button.minimumSizeHint().width(), name  # its text whole
    scroll_bar = page.view.verticalScrollBar()
    assert right_edge(page.view, window) <= WIDTH  # the list's scroll bar with it
    assert right_edge(page.view.viewport(), window) + scroll_bar.width() <= WIDTH


# ---- 2. the transfer document prepared from a decision's law panel

@pytest.fixture
def transfer_editor(demo_db, make_window, prompts, qtbot):
    """The window, the case's tab, and the 涉嫌犯罪案件移送书 opened by the decision editor's law panel (the case's
    records above the criminal threshold)."""
    case = find_case(demo_db, "佛南市监立〔2026〕9号")
    case = update_case(demo_db, replace(case, records_other=60000, facts=case.facts.replace("540", "60000"),
                                        violations=[*case.violations, "illegal_provision_or_leak"]))
    window = active(qtbot, make_window(demo_db))
    workspace = window.open_case(case.id)
    decision = window.open_editor(get_case(demo_db, case.id), find_form("penalty_decision"))
    qtbot.waitExposed(decision)
    decision.findChild(QPushButton, "prepare_police_transfer").click()
    editor = decision.transfer_editor
    assert editor.form.id == "police_transfer" and editor.isVisible()
    yield window, workspace, decision, editor
    for each in (editor, decision):
        each.drop_unsaved = True
    window.shutdown()


@pytest.mark.qt_log_ignore("This plugin does not support raise")  # offscreen Qt
def test_preparing_the_transfer_document_again_brings_the_open_one_to_the_front(transfer_editor):
    from PySide6.QtWidgets import QPushButton

    window, _workspace, decision, editor = transfer_editor
    before = len(window.editors)
    decision.findChild(QPushButton, "prepare_police_transfer").click()
    assert decision.transfer_editor is editor and len(window.editors) == before  # not opened twice


def test_quitting_asks_about_the_unsaved_text_of_the_transfer_document(transfer_editor, prompts, qtbot):
    window, _workspace, _decision, editor = transfer_editor
    boxes = [*editor.findChildren(QPlainTextEdit), *editor.findChildren(QTextEdit), *editor.findChildren(QLineEdit)]
    box = next(widget for widget in boxes if widget.isVisible() and widget.isEnabled() and not widget.isReadOnly())
    box.setFocus()
    QTest.keyClicks(box, "abc")
    assert editor.dirty
    prompts.choices = [2, 2]  # Cancel, should either editor ask
    assert not window.close()  # kept open: the transfer document's text is not dropped unasked
    assert any(editor.document_name() in offer[0] for offer in prompts.offered), prompts.offered
    assert editor.isVisible() and window.isVisible()


def test_issuing_the_transfer_document_shows_it_in_the_case_tab(transfer_editor, prompts, qtbot):
    window, workspace, _decision, editor = transfer_editor
    table = workspace.findChild(QTableView, "documents_table")
    before = table.model().rowCount()
    prompts.confirm_answer = True
    prompts.choices = [0, 0, 0]
    editor.issue()
    assert editor.document is not None, prompts.errors
    table = workspace_now(window, workspace).findChild(QTableView, "documents_table")
    assert table.model().rowCount() == before + 1
    shown = [str(table.model().index(row, column).data()) for row in range(table.model().rowCount())
             for column in range(table.model().columnCount())]
    assert any(editor.document.number in text for text in shown), shown


def workspace_now(window, workspace):
    """The case's tab as it is now (a refresh may rebuild it)."""
    return window.workspaces.get(workspace.case_id, workspace)


# ---- 3. Cancel on the deadline list being written

class CancelAt(ImmediateRunner):
    """Runs at once; Cancel is pressed at the ``at``-th progress report of the work given to ``run`` (the board's
    counting, started without a dialog, is left alone). Records the reports of each run."""

    def __init__(self):
        super().__init__()
        self.at: int | None = None
        self.reports: list[tuple[int, int, str]] = []

    def run(self, title, work, on_done, on_error, parent=None):
        self.cancel_token = CancelToken()
        self.reports = []

        def progress(done, total, message):
            self.reports.append((done, total, message))
            if len(self.reports) == self.at:
                self.cancel_token.cancel()

        self.start(title, work, on_done, on_error, progress)
        self.cancel_token = CancelToken()


@pytest.fixture
def cancelling_board(db, make_case, officers, make_window, qtbot, monkeypatch):
    runner = CancelAt()
    window = _board_window(db, make_case, officers, lambda database: make_window(database, runner=runner), qtbot,
                           monkeypatch, "2026-12-03")
    return window.board, runner


@pytest.mark.parametrize("suffix", [".pdf", ".xlsx", ".csv"])
def test_cancel_while_the_deadline_list_is_written_leaves_no_file_and_says_so(cancelling_board, prompts, tmp_path,
                                                                              suffix):
    board, runner = cancelling_board
    whole = tmp_path / f"whole{suffix}"
    assert board._write(str(whole), None) == str(whole) and whole.exists()  # not cancelled: written
    reports = len(runner.reports)
    assert reports >= 3  # the work says how it is getting on while it writes
    for at in range(1, reports):  # Cancel at any report but the last (the file then in place): no file
        folder = tmp_path / f"cancelled{at}"
        folder.mkdir()
        target = folder / f"list{suffix}"
        runner.at = at
        infos = len(prompts.infos)
        assert board._write(str(target), None) == "", at
        assert list(folder.iterdir()) == [], at  # nothing written, not even in part
        assert prompts.infos[infos:] == [_("The deadline list was cancelled: no file was written.")], at
        assert prompts.errors == []


class PressedAt(CancelToken):
    """Cancel pressed while the work looks at it for the ``at``-th time (None: never); counts the looks."""

    def __init__(self, at: int | None = None):
        super().__init__()
        self.at, self.looks = at, 0

    def check(self) -> None:
        self.looks += 1
        if self.looks == self.at:
            self.cancel()
        super().check()


def test_a_cancel_while_the_pdf_s_pages_are_drawn_stops_it_with_no_file(db, make_case, tmp_path):
    from tests.test_board_handout import stage
    from workstation import clocks
    from workstation.board_export import ROW_STEP, name_rows, write_handout
    from workstation.errors import Cancelled

    case = stage(db, make_case(), "investigating", filed_on="2026-03-10")
    deadlines = [d for d in clocks.board(db, on="2026-04-01") if d.case_id == case.id] * 60  # pages of rows
    name_rows(db, deadlines)
    uncancelled = PressedAt()
    assert write_handout(tmp_path / "whole.pdf", "期限提醒", "2026-04-01", deadlines, cancel=uncancelled).exists()
    rows_looks = -(-len(deadlines) // ROW_STEP)
    assert uncancelled.looks > rows_looks + 3  # looked at between the pages too, not only between the rows
    for at in (rows_looks + 1, uncancelled.looks - 2):  # at the first page drawn, and at the last
        folder = tmp_path / f"at{at}"
        folder.mkdir()
        with pytest.raises(Cancelled):
            write_handout(folder / "list.pdf", "期限提醒", "2026-04-01", deadlines, cancel=PressedAt(at))
        assert list(folder.iterdir()) == []


# ---- 4. the status bar at 1,024 pixels

def message_room(bar) -> int:
    """The width the status bar draws its message in: up to the first permanent widget shown (QStatusBar)."""
    shown = [widget for widget in bar.findChildren(type(bar.window().data_dir_label))
             if widget.parent() is bar and widget.isVisible()]
    right = min([widget.x() - 2 for widget in shown] + [bar.width() - 12])
    return right - 6


@pytest.mark.parametrize("language", ["chinese", "english"])
def test_the_ctrl_p_guidance_fits_the_status_bar_and_its_tooltip_says_it_all(demo_db, make_window, qtbot, request,
                                                                             language):
    request.getfixturevalue(language)
    window = active(qtbot, make_window(demo_db))
    window.resize(WIDTH, HEIGHT)
    window.fill_menus()
    window.go_to_page(1)
    if language == "chinese":  # the English window cannot be made that narrow (its buttons' texts are longer)
        qtbot.waitUntil(lambda: window.width() == WIDTH)
    said = window.print_current()
    bar = window.statusBar()
    assert bar.currentMessage() == said != ""
    QApplication.processEvents()
    assert bar.fontMetrics().horizontalAdvance(said) <= message_room(bar), (said, message_room(bar))
    # the whole guidance, what each page prints, where it wraps: the message's tooltip
    tip = bar.toolTip()
    assert tip != said and "Ctrl+P" in tip
    assert plain_label(_("Case file PDF…")) in tip and plain_label(_("Write…")) in tip
    bar.clearMessage()
    assert bar.toolTip() == "" and window.data_dir_label.isVisible()


def test_a_long_status_message_is_whole_in_the_tooltip(demo_db, make_window, qtbot, data_dir):
    window = active(qtbot, make_window(demo_db))
    window.resize(WIDTH, HEIGHT)
    bar = window.statusBar()
    message = written_text(data_dir / "backups" / ("workstation-backup-" + "0" * 60 + ".wsbackup"),
                           _("It is the automatic daily backup."))  # as the daily backup says it
    bar.showMessage(message, 15000)
    QApplication.processEvents()
    assert bar.toolTip() == message
    assert not window.data_dir_label.isVisible()  # the message has the bar's width while it is shown
    bar.clearMessage()
    QApplication.processEvents()
    assert bar.toolTip() == "" and window.data_dir_label.isVisible()
