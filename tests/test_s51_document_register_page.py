"""The register of issued documents on the 文书 page kept current while it is shown (a document issued from an editor
window is listed at once, and the export writes what is listed), a stored PDF gone named by its document, Ctrl+F in
the register going to its own search, Down and Esc in that search, and the row selected kept when the officer comes
back from the case it opened."""

from __future__ import annotations

import csv
import io

import pytest

from PySide6.QtCore import QCoreApplication, QEvent, Qt
from PySide6.QtWidgets import QApplication

from tests.test_casefile_voided import CASE, FIRST, SECOND, filed  # noqa: F401 (the fixture)
from tests.test_document_register import issued  # noqa: F401 (the fixture)
from workstation.documents.drafts import find_form
from workstation.documents.issuing import document_pdf, issue_document
from workstation.errors import WorkstationError
from workstation.filestore import file_path


def _register(qtbot, window):
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    window.navigation.setCurrentRow(3)
    return window.stack.currentWidget().register


@pytest.mark.gui
def test_a_document_issued_from_an_editor_is_listed_at_once_and_the_export_writes_what_is_listed(
        qtbot, demo_db, data_dir, issued, make_window, prompts, tmp_path, english):  # noqa: F811
    case, *_rest = issued
    window = make_window(demo_db)
    register = _register(qtbot, window)
    assert register.count_label.text() == "5 documents issued"
    editor = window.open_editor(case, find_form("delivery_receipt"))
    editor.set_field("served_document", f"行政处罚决定书 {SECOND}")
    prompts.confirm_answer = True
    editor.issue()
    assert prompts.errors == [] and editor.document is not None
    # the page never left the screen: the register lists it all the same
    assert register.model.records[0].id == editor.document.id
    assert register.count_label.text() == "6 documents issued"
    editor.close()
    # one issued elsewhere (the command line, another window): the export lists it, and so does the register
    other = issue_document(demo_db, data_dir, case, find_form("delivery_receipt"),
                           {"served_document": f"行政处罚决定书 {SECOND}"})
    target = tmp_path / "register.csv"
    prompts.files = [str(target)]
    register.export()
    rows = list(csv.reader(io.StringIO(target.read_text(encoding="utf-8-sig"))))[1:]
    assert len(rows) == register.model.rowCount() == 7
    assert register.model.records[0].id == other.id and register.count_label.text() == "7 documents issued"


def test_a_stored_pdf_gone_is_named_by_its_document_and_case(demo_db, data_dir, issued, english):  # noqa: F811
    case, decision, *_rest = issued
    file_path(data_dir, decision.pdf_sha256).unlink()
    with pytest.raises(WorkstationError) as refused:
        document_pdf(demo_db, data_dir, decision.id)
    message = refused.value.message
    assert FIRST in message and "行政处罚决定书" in message and CASE in message
    assert "backup check" in message and "backup" in message.replace("backup check", "")
    assert decision.pdf_sha256[:12] not in message.split("(")[0]  # its document first, not its hash


@pytest.mark.gui
def test_an_editor_that_cannot_show_its_issued_pdf_is_said_by_the_document_and_not_left_behind(
        qtbot, demo_db, data_dir, issued, make_window, prompts, english):  # noqa: F811
    from ui.form_editor import FormEditor

    case, decision, *_rest = issued
    file_path(data_dir, decision.pdf_sha256).unlink()
    window = make_window(demo_db)
    for _attempt in range(2):
        assert window.open_editor(case, find_form("penalty_decision"), document=decision) is None
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    assert len(prompts.errors) == 2 and FIRST in prompts.errors[0] and CASE in prompts.errors[0]
    assert window.findChildren(FormEditor) == [] and window.editors == []


@pytest.mark.gui
def test_ctrl_f_in_the_register_goes_to_its_search_and_in_the_document_types_to_their_filter(
        qtbot, demo_db, issued, make_window, english):  # noqa: F811
    window = make_window(demo_db)
    register = _register(qtbot, window)
    page = window.stack.currentWidget()
    register.view.setFocus()
    window.focus_search()
    assert QApplication.focusWidget() is register.search
    page.forms_view.setFocus()
    window.focus_search()
    assert QApplication.focusWidget() is page.forms_filter


@pytest.mark.gui
def test_down_in_the_register_search_goes_into_the_list_and_esc_clears_it(
        qtbot, demo_db, issued, make_window, english):  # noqa: F811
    window = make_window(demo_db)
    register = _register(qtbot, window)
    register.search.setFocus()
    register.search.setText("送达回证")  # as typed: searched a moment after the last key
    qtbot.keyClick(register.search, Qt.Key.Key_Down)  # typed, not searched yet: searched first
    assert register.model.rowCount() == 1
    assert QApplication.focusWidget() is register.view
    assert [i.row() for i in register.view.selectionModel().selectedRows()] == [0]
    register.search.setFocus()
    qtbot.keyClick(register.search, Qt.Key.Key_Escape)
    assert register.search.text() == "" and register.model.rowCount() == 5
    assert QApplication.focusWidget() is register.search


@pytest.mark.gui
def test_the_row_selected_is_kept_when_the_officer_comes_back_from_the_case_it_opened(
        qtbot, demo_db, issued, make_window, english):  # noqa: F811
    case, decision, correction, receipt, *_rest = issued
    window = make_window(demo_db)
    register = _register(qtbot, window)
    row = [d.id for d in register.model.records].index(correction.id)
    register.view.selectRow(row)
    register.view.activated.emit(register.model.index(row, 0))
    assert window.navigation.currentRow() == 0
    window.navigation.setCurrentRow(3)
    assert [register.model.records[i.row()].id for i in register.view.selectionModel().selectedRows()] == [
        correction.id]
    assert register.view.currentIndex().row() == row
