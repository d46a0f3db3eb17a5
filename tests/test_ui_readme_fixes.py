"""The window where README.md says it does so: 打印卷宗PDF… (and Ctrl+P) greyed out with its reason while the case
has issued no document, as greyed-out buttons do; and the case list's 罚没金额 showing 警告 for the demo's cases
decided with a warning alone outside the workstation (the warning recorded when their notice was served)."""

import pytest

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import QApplication, QPushButton

from tests.test_ui_keyboard import active
from ui.case_model import PENALTY_COLUMN, CaseTableModel
from workstation.documents.drafts import find_form
from workstation.documents.issuing import issue_document
from workstation.store import CaseFilter, find_case

pytestmark = pytest.mark.gui

CASE = "佛南市监立〔2026〕1号"  # the demo's cases have no issued document
REASON = ("The case has no issued document to file yet: issue one first (“Issue…” in Documents), then print the "
          "case file.")


def test_the_case_file_button_is_greyed_out_saying_why_until_a_document_is_issued(
        demo_db, data_dir, make_window, prompts, qtbot, english, tmp_path):
    case = find_case(demo_db, CASE)
    window = active(qtbot, make_window(demo_db))
    window.fill_menus()
    workspace = window.open_case(case.id)
    button = workspace.documents.findChild(QPushButton, "casefile")
    assert not button.isEnabled() and button.toolTip() == REASON
    qtbot.keyClick(QApplication.focusWidget() or window, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
    assert window.statusBar().currentMessage() == REASON  # said, not an error dialog after the key
    assert prompts.errors == [] and prompts.files == []

    issue_document(demo_db, data_dir, case, find_form("case_source_register"), {})
    workspace.reload()
    button = workspace.documents.findChild(QPushButton, "casefile")
    assert button.isEnabled() and button.toolTip().endswith("(Ctrl+P)")
    target = tmp_path / "卷宗.pdf"
    prompts.files.append(str(target))
    window.statusBar().clearMessage()
    assert window.print_current() == ""
    assert prompts.errors == [] and target.read_bytes().startswith(b"%PDF")


def test_the_case_list_shows_a_warning_for_cases_decided_with_a_warning_alone(read_demo_db, english):
    model = CaseTableModel(read_demo_db)
    model.set_filter(CaseFilter())
    while model.canFetchMore(QModelIndex()):
        model.fetchMore(QModelIndex())
    shown = {model.data(model.index(row, 0)): model.data(model.index(row, PENALTY_COLUMN))
             for row in range(model.rowCount())}
    for number in ("佛南市监立〔2026〕3号", "佛南市监立〔2026〕8号", "佛禅市监立〔2026〕6号"):
        assert shown[number] == "warning", number  # no decision issued here: the warning their notice recorded
    assert shown["佛南市监立〔2026〕9号"] == "—"  # under investigation: nothing decided
