"""A laptop of 1366 × 768 at 150 % leaves 911 × 472 logical pixels above the Windows taskbar, one of 1280 × 720 at
125 % 1024 × 536: the dialogs that did not fit them open within the screen with OK, Cancel or 保存 in view and can
shrink to it with their title bar (移送公安机关 and the other procedure actions, 新建线索, 导入投诉, 备份 with a long
folder path), and the main window's pages are no wider than the screen, their one-row bars wrapping or their
rarely used buttons under 更多…, still found by their names."""

from __future__ import annotations

import pytest

from PySide6.QtCore import QEvent, QPoint, QRect
from PySide6.QtGui import QAction, QScreen
from PySide6.QtWidgets import QAbstractButton, QApplication, QDialog, QDialogButtonBox, QPushButton, QWidget

from tests.test_ui_keyboard import active
from ui.complaint_import import ComplaintImportDialog
from ui.lead_dialog import LeadDialog
from ui.transition_dialog import Advice, TransitionDialog
from workstation import procedure
from workstation.backup import save_backup_settings
from workstation.store import find_case

pytestmark = pytest.mark.gui

# 1366 × 768 at 150 % and 1280 × 720 at 125 %, less the Windows taskbar's 40 pixels
SCREENS = {"1366x768@150%": QRect(0, 0, 911, 472), "1280x720@125%": QRect(0, 0, 1024, 536)}
TITLE_BAR = 30  # a window's title bar above the height it is given
FRAME = 16  # a window's borders beside its width


@pytest.fixture(params=list(SCREENS))
def screen(request, monkeypatch) -> QRect:
    room = SCREENS[request.param]
    monkeypatch.setattr(QScreen, "availableGeometry", lambda _screen: QRect(room))
    return room


def least(widget: QWidget) -> tuple[int, int]:
    """The least size ``widget`` can be made."""
    hint, minimum = widget.minimumSizeHint(), widget.minimumSize()
    return max(hint.width(), minimum.width()), max(hint.height(), minimum.height())


def centred(dialog: QWidget, room: QRect) -> None:
    frame = dialog.frameGeometry()
    dialog.move(max(0, (room.width() - frame.width()) // 2), max(0, (room.height() - frame.height()) // 2))


def buttons_shown(dialog: QWidget, room: QRect) -> list[str]:
    """The buttons of ``dialog``'s button rows that lie whole inside it and inside the screen."""
    seen = []
    for button in dialog.findChildren(QAbstractButton):
        if isinstance(button.parent(), QDialogButtonBox) and button.isVisibleTo(dialog):
            inside = QRect(button.mapTo(dialog, QPoint(0, 0)), button.size())
            on_screen = QRect(button.mapToGlobal(QPoint(0, 0)), button.size())
            if dialog.rect().contains(inside) and room.contains(on_screen) and not button.visibleRegion().isEmpty():
                seen.append(button.text())
    return seen


def box_buttons(dialog: QWidget) -> list[str]:
    return [b.text() for box in dialog.findChildren(QDialogButtonBox) for b in box.buttons() if b.isVisibleTo(dialog)]


def looked_at(dialog: QWidget, room: QRect) -> dict:
    """What shows of ``dialog`` on the screen ``room``: whether it fits as opened and at its least size, and whether
    every button of its button rows is in view."""
    centred(dialog, room)
    width, height = least(dialog)
    return {"opens_within": dialog.width() <= room.width() and dialog.height() + TITLE_BAR <= room.height(),
            "least_fits": width <= room.width() and height + TITLE_BAR <= room.height(),
            "buttons_missing": sorted(set(box_buttons(dialog)) - set(buttons_shown(dialog, room)))}


FITS = {"opens_within": True, "least_fits": True, "buttons_missing": []}


def shown_modally(monkeypatch, qtbot, room: QRect, seen: dict) -> None:
    """Instead of running a dialog modally: look at it shown, then close it unanswered."""

    def look(dialog, *_args) -> int:
        dialog.show()
        qtbot.waitExposed(dialog)
        seen[type(dialog).__name__] = looked_at(dialog, room)
        dialog.hide()
        return QDialog.DialogCode.Rejected.value

    monkeypatch.setattr(QDialog, "exec", look)
    monkeypatch.setattr(QDialog, "open", look)


def test_the_transfer_to_the_police_fits_with_ok_and_cancel_in_view(demo_db, make_window, qtbot, screen,
                                                                    monkeypatch, chinese):
    window = active(qtbot, make_window(demo_db))
    case = find_case(demo_db, "佛南市监立〔2026〕9号")
    workspace = window.open_case(case.id)
    seen: dict = {}
    shown_modally(monkeypatch, qtbot, screen, seen)
    workspace.action_buttons["transfer_to_police"].click()
    assert seen == {"TransitionDialog": FITS}


WARNING = ("本案违法行为已超过二年未被发现，依照《中华人民共和国行政处罚法》第三十六条第一款，不再给予行政处罚；"
           "涉及公民生命健康安全、金融安全且有危害后果的，上述期限延长至五年。确认后仍记录此操作。" * 3, "时效已过")


@pytest.mark.parametrize("name", ["transfer_to_police", "file", "suspend", "terminate"])
def test_every_procedure_action_with_a_long_warning_fits(qtbot, screen, name, prompts, chinese):
    advice = Advice(info="已签发涉嫌犯罪案件移送书：佛南市监移〔2026〕3号。" * 4, offer=("撰写移送书…", lambda: None))
    dialog = active(qtbot, TransitionDialog(procedure.BY_NAME[name], prompts=prompts, warning=lambda *_a: WARNING,
                                            advice=advice))
    assert dialog.warning_label.isVisibleTo(dialog) and dialog.acknowledge.isVisibleTo(dialog)
    assert looked_at(dialog, screen) == FITS


def test_a_new_lead_fits_with_save_and_cancel_in_view(demo_db, make_window, qtbot, screen, monkeypatch, chinese):
    window = active(qtbot, make_window(demo_db))
    window.fill_menus()
    seen: dict = {}
    shown_modally(monkeypatch, qtbot, screen, seen)
    window.findChild(QAction, "new_lead").trigger()
    assert seen == {"LeadDialog": FITS}


def test_a_lead_showing_every_error_keeps_save_in_view(db, prompts, qtbot, screen, chinese):
    dialog = active(qtbot, LeadDialog(db, prompts))
    centred(dialog, screen)
    save = dialog.buttons.button(QDialogButtonBox.StandardButton.Save)
    save.click()  # every error line shows
    assert dialog.frameGeometry().bottom() <= screen.bottom()
    assert save.text() in buttons_shown(dialog, screen)
    assert looked_at(dialog, screen)["least_fits"]


def test_the_complaint_import_fits_with_import_and_cancel_in_view(db, prompts, qtbot, screen, chinese):
    dialog = active(qtbot, ComplaintImportDialog(db, prompts))
    assert looked_at(dialog, screen) == FITS
    assert dialog.mapping_box.isVisibleTo(dialog)


def test_the_backups_with_a_long_folder_fit_with_close_in_view(demo_db, make_window, qtbot, screen, monkeypatch,
                                                               tmp_path, chinese):
    folder = tmp_path / "移动硬盘（E）" / "佛山市南海区市场监督管理局桂城市场监督管理所" / "案件管理工作站备份" / "每日备份"
    folder.mkdir(parents=True)
    window = active(qtbot, make_window(demo_db))
    save_backup_settings(window.data_dir, folder=str(folder))
    window.fill_menus()
    seen: dict = {}
    shown_modally(monkeypatch, qtbot, screen, seen)
    window.findChild(QAction, "backup").trigger()
    assert seen == {"BackupDialog": FITS}
    label = window.backup_dialog.folder_label
    assert label.text() == str(folder) and label.toolTip() == str(folder)  # the whole path, read or pointed at
    shown = label.shown_text()  # too long for the dialog: its start and its last folder, "…" between
    assert shown.startswith(str(folder)[:3]) and shown.endswith("每日备份") and "…" in shown


@pytest.mark.parametrize("row", range(6))
def test_every_page_of_the_window_fits_the_screen_s_width(demo_db, make_window, qtbot, screen, row, chinese):
    window = active(qtbot, make_window(demo_db))
    window.move(0, 0)
    window.resize(screen.width() - FRAME, screen.height() - TITLE_BAR)
    window.go_to_page(row)
    if row == 0:
        window.case_tabs.setCurrentIndex(1)  # the case list, built on its first visit
    qtbot.wait(20)
    assert window.minimumSizeHint().width() <= screen.width() - FRAME
    page = window.stack.currentWidget()
    buttons = [b for b in page.findChildren(QPushButton) if b.isVisibleTo(page) and b.text()]
    cut = [b.text() for b in buttons
           if b.mapTo(window, QPoint(b.width(), 0)).x() > window.width() or b.width() < b.minimumSizeHint().width()]
    assert cut == []


def laid_out(qtbot) -> None:
    QApplication.sendPostedEvents(None, QEvent.Type.LayoutRequest)
    qtbot.wait(10)


def test_on_a_tall_screen_the_fields_show_whole_and_a_warning_shown_later_grows_the_dialog(qtbot, prompts,
                                                                                          monkeypatch, chinese):
    room = QRect(0, 0, 1280, 984)  # 1280 × 1024 at 100 %, less the taskbar
    monkeypatch.setattr(QScreen, "availableGeometry", lambda _screen: QRect(room))
    warned = {"on": False}
    dialog = active(qtbot, TransitionDialog(procedure.BY_NAME["transfer_to_police"], prompts=prompts,
                                            warning=lambda *_a: WARNING if warned["on"] else None))
    laid_out(qtbot)
    scroll = dialog.fields_scroll
    assert scroll.verticalScrollBar().maximum() == 0  # nothing hidden to scroll to
    before = dialog.height()
    warned["on"] = True
    dialog.reason.setPlainText("涉嫌侵犯公民个人信息罪")  # judged again: the warning and its tick show
    laid_out(qtbot)
    assert dialog.warning_label.isVisibleTo(dialog) and dialog.height() > before
    assert scroll.verticalScrollBar().maximum() == 0


def test_a_lead_s_error_lines_grow_it_no_further_than_the_screen(db, prompts, qtbot, screen, chinese):
    dialog = active(qtbot, LeadDialog(db, prompts))
    centred(dialog, screen)
    dialog.buttons.button(QDialogButtonBox.StandardButton.Save).click()
    laid_out(qtbot)
    assert dialog.height() + TITLE_BAR <= screen.height() and dialog.frameGeometry().bottom() <= screen.bottom()
    assert looked_at(dialog, screen) == FITS


# the bars of the pages (``WrappingRow``) and the dialogs' fields (``fit_to_fields``) --------------------------------

def a_bar_page(qtbot, second_row: int = 2) -> tuple[QWidget, list[QPushButton], QWidget]:
    """A page as the leads page is: a bar of buttons, three on its first row and the page's documents on the right,
    ``end_row``, then ``second_row`` more, above a table given the stretch."""
    from PySide6.QtWidgets import QTableWidget, QVBoxLayout

    from ui.layouts import WrappingRow

    page = QWidget()
    layout = QVBoxLayout(page)
    bar = WrappingRow()
    first = [QPushButton(f"Intake button {n}") for n in range(3)]
    right = QPushButton("Open document…")
    rest = [QPushButton(f"Lead action {n}") for n in range(second_row)]
    for button in first:
        bar.add(button)
    bar.add(right, on_right=True)
    bar.end_row()
    for button in rest:
        bar.add(button)
    layout.addLayout(bar)
    table = QTableWidget(3, 3)
    layout.addWidget(table, 1)
    qtbot.addWidget(page)
    return page, [*first, right, *rest], table


def test_a_bar_of_two_rows_asks_only_for_its_wider_row_s_width(qtbot):
    page, buttons, _table = a_bar_page(qtbot)
    page.resize(page.sizeHint())
    page.show()
    qtbot.waitExposed(page)
    laid_out(qtbot)
    right = buttons[3]
    # opened at the width it asks for: the first row fills it, the button on the right one gap after the others
    gap = page.layout().itemAt(0).layout().spacing()
    assert right.x() - buttons[2].geometry().right() - 1 <= max(gap, 6)
    assert right.y() == buttons[0].y() and buttons[4].y() > right.y()  # still two rows


def test_a_bar_of_two_rows_shrunk_to_its_least_height_shows_both_rows(qtbot):
    page, buttons, table = a_bar_page(qtbot, second_row=1)
    page.show()
    qtbot.waitExposed(page)
    least_height = max(page.minimumSizeHint().height(), page.minimumHeight())
    page.resize(page.sizeHint().width() + 400, least_height)  # wide: every part would fit on one row
    laid_out(qtbot)
    second = buttons[4]
    assert second.y() > buttons[0].y()  # ``end_row``: a row of its own
    assert QRect(second.pos(), second.size()).bottom() < table.y()  # above the table, not under it
    assert table.height() >= table.minimumSizeHint().height()  # the table not squeezed below its least height


def fields_height(body: QWidget, width: int) -> int:
    """The height a dialog's fields take whole at ``width``."""
    wanted = body.heightForWidth(width) if body.hasHeightForWidth() else -1
    return wanted if wanted > 0 else body.sizeHint().height()


def test_a_warning_after_the_user_made_the_dialog_shorter_grows_it_by_the_warning_only(qtbot, prompts, monkeypatch,
                                                                                       chinese):
    room = QRect(0, 0, 1280, 984)
    monkeypatch.setattr(QScreen, "availableGeometry", lambda _screen: QRect(room))
    warned = {"on": False}
    dialog = active(qtbot, TransitionDialog(procedure.BY_NAME["transfer_to_police"], prompts=prompts,
                                            warning=lambda *_a: WARNING if warned["on"] else None))
    laid_out(qtbot)
    full = dialog.height()
    body = dialog.fields_scroll.widget()
    width = dialog.fields_scroll.viewport().width()
    dialog.resize(dialog.width(), max(least(dialog)[1], full - 250))  # the user drags its bottom edge up
    laid_out(qtbot)
    shorter = dialog.height()
    assert shorter < full
    fields_before = fields_height(body, width)
    warned["on"] = True
    dialog.reason.setPlainText("涉嫌侵犯公民个人信息罪")  # the warning and its tick show
    laid_out(qtbot)
    grown_by = fields_height(body, dialog.fields_scroll.viewport().width()) - fields_before
    assert dialog.warning_label.isVisibleTo(dialog) and grown_by > 0
    assert shorter < dialog.height() <= shorter + grown_by + 2  # the warning's room, not the full height


def test_typing_in_a_lead_the_user_made_shorter_keeps_it_shorter(db, prompts, qtbot, monkeypatch, chinese):
    monkeypatch.setattr(QScreen, "availableGeometry", lambda _screen: QRect(0, 0, 1280, 984))
    dialog = active(qtbot, LeadDialog(db, prompts))
    laid_out(qtbot)
    dialog.resize(dialog.width(), max(least(dialog)[1], dialog.height() - 250))  # the user drags its bottom edge up
    laid_out(qtbot)
    shorter = dialog.height()
    dialog.description.setPlainText("店内销售过期食品")  # no new line shows under a field
    laid_out(qtbot)
    assert dialog.height() == shorter
