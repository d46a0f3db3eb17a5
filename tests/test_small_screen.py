"""A laptop of 1366 × 768 at 125 % gives the window 1093 × 614 logical pixels, 574 high above the Windows taskbar:
the window opens within them, and keeps within their width on every page and on a case of two parties (the
statistics filter's agency list and the case's document and party lists narrow instead of widening it); the tall
dialogs (case, interview, penalty choice, complaint import, screening rules, bundle export) and the document editor
open no taller than the screen, their Save and Cancel in view, their fields scrolling inside."""

import dataclasses

import pytest

from PySide6.QtCore import QRect
from PySide6.QtGui import QAction, QScreen
from PySide6.QtWidgets import QDialog, QPushButton

from tests.test_ui_keyboard import active
from workstation.records import Party
from workstation.store import find_case, save_party, update_case

pytestmark = pytest.mark.gui

LAPTOP = QRect(0, 0, 1093, 574)  # 1366 × 768 at 125 % is 1093 × 614, less the Windows taskbar's 40 pixels
TITLE_BAR = 30  # of a window at 125 %, above the height it is given


@pytest.fixture
def laptop(monkeypatch):
    """The screen as the laptop's (the offscreen screen of the tests is 800 × 800)."""
    monkeypatch.setattr(QScreen, "availableGeometry", lambda _screen: QRect(LAPTOP))


def fits(widget) -> bool:
    return widget.width() <= LAPTOP.width() and widget.height() + TITLE_BAR <= LAPTOP.height()


def two_party_case(db):
    case = find_case(db, "佛南市监立〔2026〕9号")
    other = save_party(db, Party(name="佛山市南海区某某某某科技信息咨询服务有限公司", uscc="91512081MA62K0260E"))
    return update_case(db, dataclasses.replace(case, party_ids=[*case.party_ids, other.id]))


def test_the_window_opens_and_stays_within_the_laptop_screen(demo_db, make_window, qtbot, laptop):
    case = two_party_case(demo_db)
    window = active(qtbot, make_window(demo_db))
    assert fits(window)
    for row in range(6):
        window.go_to_page(row)
    workspace = window.open_case(case.id)
    assert window.minimumSizeHint().width() <= LAPTOP.width() - 16  # the statistics filter row was 1190 wide
    window.resize(LAPTOP.width() - 16, LAPTOP.height() - TITLE_BAR)
    viewport = workspace.body.parentWidget()  # the case scrolls top to bottom, no section cut at the right
    qtbot.waitUntil(lambda: viewport.width() > 800)
    assert workspace.body.minimumSizeHint().width() <= viewport.width()  # its documents row was 1010 wide


def test_the_tall_dialogs_and_the_editor_fit_the_laptop_screen(demo_db, make_window, opened, qtbot, laptop,
                                                                monkeypatch):
    sizes: dict[str, tuple[int, int]] = {}

    def looked_at(dialog, *_args) -> int:  # instead of showing it: its size as shown, then closed unanswered
        dialog.show()
        sizes[type(dialog).__name__] = (dialog.width(), dialog.height()) if fits(dialog) else None
        dialog.hide()
        return QDialog.DialogCode.Rejected.value

    monkeypatch.setattr(QDialog, "exec", looked_at)
    monkeypatch.setattr(QDialog, "open", looked_at)
    case = find_case(demo_db, "佛南市监立〔2026〕9号")
    window = active(qtbot, make_window(demo_db))
    window.fill_menus()
    for name in ("new_case", "new_interview"):
        window.findChild(QAction, name).trigger()
    window.open_case(case.id).findChild(QPushButton, "penalty_choice").click()
    for row, buttons in ((1, ("import_complaints", "rules")), (5, ("export_bundle",))):
        window.go_to_page(row)
        for name in buttons:
            window.page(row).findChild(QPushButton, name).click()
    assert sizes.keys() == {"CaseDialog", "InterviewDialog", "PenaltyChoiceDialog", "ComplaintImportDialog",
                            "RulesEditor", "ExportDialog"}
    assert {name: size for name, size in sizes.items() if size is None} == {}
    editor = opened(demo_db, "inquiry_record", case)
    editor.show()
    assert fits(editor)
