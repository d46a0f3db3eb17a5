"""A document editor deleted without being closed — as its main window deletes it when the window goes, or a test's
window is deleted in a later test's event loop — goes with its preview and nothing else happens. Its PDF document
must be freed before the view showing it: a view freed first is told of its document's end in the middle of its
own destruction, which crashes the process (and with it a whole test run, inside whichever later dialog's
``exec()`` runs the deferred deletion)."""

import pytest

from PySide6.QtCore import QEvent
from PySide6.QtWidgets import QApplication
from shiboken6 import isValid

from ui.form_editor import FormEditor
from workstation.documents.drafts import find_form
from workstation.store import find_case

pytestmark = pytest.mark.gui

CASE = "佛南市监立〔2026〕9号"  # demo case under investigation


def test_an_editor_deleted_with_its_window_takes_its_preview_along(demo_db, data_dir, prompts, qtbot):
    editor = FormEditor(demo_db, data_dir, find_case(demo_db, CASE), find_form("inquiry_record"), prompts)
    editor.show()
    editor.wait_for_preview()
    assert editor.pdf.pageCount() >= 1
    document, view = editor.pdf, editor.view
    editor.shutdown()
    editor.deleteLater()  # not closed first
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    assert not isValid(editor) and not isValid(document) and not isValid(view)
