"""A town office's laptop of 1366 × 768 at 125 % leaves a window 1093 × 614 logical pixels, 574 high above the
Windows taskbar: 口令与安全 opens within them with Close in view, its groups scrolling (with the take-over group of
data made without an officer it was 616 pixels tall before its title bar); a dialog that grows to show its error
lines moves up rather than putting its Save below the screen's edge; the statistics page's headline figures take
fewer columns instead of a sideways scroll bar that hid the last ones. The other dialogs of the menus open within
the screen with their buttons in view (the tall ones and the editor: ``tests/test_small_screen.py``)."""

from __future__ import annotations

import pytest

from PySide6.QtCore import QEvent, QPoint, QRect, Qt
from PySide6.QtGui import QAction, QScreen
from PySide6.QtWidgets import QAbstractButton, QApplication, QDialog, QDialogButtonBox, QScrollArea

from tests.test_passphrase_holders_and_officer_order import command_line  # noqa: F401 - the fixture
from tests.test_ui_keyboard import active
from ui.dashboard_overview import FIGURE_COLUMNS, FIGURES, OverviewTab
from ui.lead_dialog import LeadDialog
from ui.security_dialog import PassphraseDialog
from workstation.db import open_database
from workstation.paths import database_path
from workstation.records import Officer
from workstation.security import keyring, session
from workstation.store import agency_id_for_code, save_officer

pytestmark = pytest.mark.gui

LAPTOP = QRect(0, 0, 1093, 574)  # 1366 × 768 at 125 % is 1093 × 614, less the Windows taskbar's 40 pixels
TITLE_BAR = 30  # of a window at 125 %, above the height it is given


@pytest.fixture
def laptop(monkeypatch):
    """The screen as the laptop's (the offscreen screen of the tests is 800 × 800)."""
    monkeypatch.setattr(QScreen, "availableGeometry", lambda _screen: QRect(LAPTOP))


def fits(dialog) -> bool:
    return dialog.width() <= LAPTOP.width() and dialog.height() + TITLE_BAR <= LAPTOP.height()


def centred(dialog) -> None:
    """Place ``dialog`` in the middle of the laptop's screen, as Qt opens a dialog without a parent there."""
    frame = dialog.frameGeometry()
    dialog.move((LAPTOP.width() - frame.width()) // 2, (LAPTOP.height() - frame.height()) // 2)


def buttons_in_view(dialog) -> list[str]:
    """The buttons of ``dialog``'s button rows that lie, whole, inside it and inside the screen: none missing."""
    seen = []
    for button in dialog.findChildren(QAbstractButton):
        if isinstance(button.parent(), QDialogButtonBox) and button.isVisibleTo(dialog):
            inside = QRect(button.mapTo(dialog, QPoint(0, 0)), button.size())
            on_screen = QRect(button.mapToGlobal(QPoint(0, 0)), button.size())
            if dialog.rect().contains(inside) and LAPTOP.contains(on_screen) and not button.visibleRegion().isEmpty():
                seen.append(button.text())
    return seen


def test_the_passphrase_dialog_of_data_made_without_an_officer_fits_with_close_in_view(
        qtbot, capsys, tmp_path, command_line, prompts, laptop):  # noqa: F811
    data = tmp_path / "new"
    assert command_line(capsys, "--data-dir", data, "init", "--agency", "440605")[0] == 0  # the workstation's
    db = open_database(database_path(data))
    try:
        save_officer(db, Officer(name="黄丽娟", cert_no="44060510002", agency_id=agency_id_for_code("440605")))
        dialog = PassphraseDialog(data, keyring.STATION_ENTRY, prompts=prompts, db=db)
        qtbot.addWidget(dialog)
        dialog.show()
        qtbot.waitExposed(dialog)
        centred(dialog)
        assert not dialog.take_group.isHidden()  # the tallest it opens: four groups
        assert fits(dialog), dialog.size()
        assert buttons_in_view(dialog) == [dialog.findChild(QDialogButtonBox).buttons()[0].text()]  # Close
        groups = dialog.findChild(QScrollArea, "passphrase_groups")
        assert groups.verticalScrollBar().maximum() > 0  # the groups scroll to the last one, none cut off
        groups.ensureWidgetVisible(dialog.withdraw_button)
        assert not dialog.withdraw_button.visibleRegion().isEmpty()
    finally:
        db.conn.close()
        session._KEYS.clear()


def test_a_dialog_grown_by_its_error_lines_moves_up_to_keep_save_on_the_screen(db, prompts, qtbot, laptop):
    dialog = active(qtbot, LeadDialog(db, prompts))
    centred(dialog)
    save = dialog.buttons.button(QDialogButtonBox.StandardButton.Save)
    qtbot.mouseClick(save, Qt.MouseButton.LeftButton)  # every error line shows, several of two lines
    assert dialog.height() > 500  # grown by them
    assert LAPTOP.contains(dialog.frameGeometry()), dialog.frameGeometry()
    assert save.text() in buttons_in_view(dialog)


def test_the_headline_figures_fit_the_laptop_s_width_and_keep_two_rows_on_a_wide_screen(demo_db, make_window,
                                                                                         qtbot, laptop):
    window = active(qtbot, make_window(demo_db))
    window.resize(LAPTOP.width() - 16, LAPTOP.height() - TITLE_BAR)
    window.go_to_page(4)
    tab = window.page(4).findChild(OverviewTab)
    scroll = tab.findChild(QScrollArea)
    qtbot.waitUntil(lambda: tab.figures["participants"].text() != "")  # counted and shown

    def laid_out() -> None:
        QApplication.sendPostedEvents(None, QEvent.Type.LayoutRequest)
        QApplication.processEvents()

    def rows() -> int:
        return len({label.parentWidget().mapTo(tab, QPoint(0, 0)).y() for label in tab.figures.values()})

    laid_out()
    assert scroll.horizontalScrollBar().maximum() == 0  # nothing to scroll to sideways: every figure in view
    for label in tab.figures.values():
        card = label.parentWidget()
        assert card.mapTo(scroll.viewport(), QPoint(card.width(), 0)).x() <= scroll.viewport().width(), \
            label.objectName()
    assert rows() > 2  # the twelve cards in rows of four or three
    window.resize(1600, 900)  # a wide screen: the two rows of six as before
    laid_out()
    assert rows() == len(FIGURES) // FIGURE_COLUMNS == 2
    assert scroll.horizontalScrollBar().maximum() == 0


def test_the_dialogs_of_the_menus_open_within_the_laptop_screen_with_their_buttons_in_view(
        demo_db, make_window, qtbot, laptop, monkeypatch):
    seen: dict[str, tuple[bool, list[str], list[str]]] = {}

    def looked_at(dialog, *_args) -> int:  # instead of showing it modally: what shows of it, then closed unanswered
        dialog.show()
        qtbot.waitExposed(dialog)
        box = dialog.findChild(QDialogButtonBox)
        seen[type(dialog).__name__] = (fits(dialog), buttons_in_view(dialog),
                                       [b.text() for b in box.buttons() if b.isVisibleTo(dialog)])
        dialog.hide()
        return QDialog.DialogCode.Rejected.value

    monkeypatch.setattr(QDialog, "exec", looked_at)
    monkeypatch.setattr(QDialog, "open", looked_at)
    window = active(qtbot, make_window(demo_db))
    window.move(0, 0)  # the dialogs open centred on it
    window.resize(LAPTOP.width() - 16, LAPTOP.height() - TITLE_BAR)
    window.fill_menus()
    for name in ("backup", "passphrases", "security_settings", "agency_details", "officers", "new_lead"):
        window.findChild(QAction, name).trigger()
    assert seen.keys() == {"BackupDialog", "PassphraseDialog", "LockSettingsDialog", "AgencyDetailsDialog",
                           "OfficersDialog", "LeadDialog"}
    assert {name: shown for name, shown in seen.items() if not shown[0] or shown[1] != shown[2]} == {}
