"""The 统计 page at 1,024 × 768 with the keyboard only (s70 stats_small_keyboard): Tab to a chart or one of the small
tables of 看板 brings all of it into view (the scroll area itself is no focus stop that shows nothing); 按状态统计线索
shows every row without a scroll bar of its own; the count's button (停止统计 while counting, 重新计算 after a
Cancel) shares its Alt letter with nothing shown beside it, on any tab, and its letter does what it says; and in
打印通报 the 选择… button and the 将本期间冻结为 box have Alt letters of their own."""

from __future__ import annotations

import pytest

from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtWidgets import QAbstractButton, QApplication, QLabel, QScrollArea

from tests.test_ui_altkeys import MNEMONIC, shared_letters, visible_mnemonics
from tests.test_ui_keyboard import active
from ui.report_dialog import CampaignReportDialog
from ui.task_runner import ImmediateRunner
from workstation.i18n import _
from workstation.progress import CancelToken

pytestmark = pytest.mark.gui

WIDTH, HEIGHT = 1024, 768


class HoldingRunner(ImmediateRunner):
    """Runs every work at once, except the statistics' count while ``holding``: that waits for ``finish``."""

    def __init__(self):
        super().__init__()
        self.holding = False
        self.waiting: list[tuple] = []

    def start(self, title, work, on_done, on_error, progress):
        if not (self.holding and title == _("Counting the statistics")):
            return super().start(title, work, on_done, on_error, progress)
        cancel = CancelToken()
        self.waiting.append((work, on_done, on_error, progress, cancel))
        return cancel

    def finish(self) -> None:
        work, on_done, on_error, progress, cancel = self.waiting.pop(0)
        try:
            result = work(progress=progress, cancel=cancel)
        except Exception as exc:  # noqa: BLE001 - handed over as the runner does
            on_error(exc)
        else:
            on_done(result)


def statistics_shown(qtbot, make_window, db, runner=None, small=True):
    """The window on the 统计 page, at 1,024 × 768 when ``small`` (the Chinese window fits it)."""
    window = active(qtbot, make_window(db, runner=runner))
    window.fill_menus()
    window.go_to_page(4)
    if small:
        window.resize(WIDTH, HEIGHT)
        qtbot.waitUntil(lambda: window.width() == WIDTH and window.height() == HEIGHT)
    QApplication.processEvents()
    return window


def seen_in(widget, scroll: QScrollArea) -> QRect:
    """The part of ``widget`` the scroll area's viewport shows."""
    viewport = scroll.viewport()
    return QRect(widget.mapTo(viewport, QPoint(0, 0)), widget.size()).intersected(viewport.rect())


# 1. Tab brings a chart or a table whole into view ---------------------------------------------------------------

def test_tab_through_the_board_shows_each_chart_and_table_whole(demo_db, make_window, qtbot):
    window = statistics_shown(qtbot, make_window, demo_db)
    page = window.stats_page
    overview = page.overview
    scroll = overview.findChild(QScrollArea)
    targets = [*overview.charts.values(), overview.violations, overview.records, overview.lead_statuses]
    assert scroll.viewport().height() < scroll.widget().height()  # it scrolls at 768 pixels: the lower ones hidden
    page.agency.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is page.agency)
    reached = []
    for _press in range(30):
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        focus = QApplication.focusWidget()
        assert focus is not scroll  # no focus stop that shows no focus mark
        if focus in targets:
            assert seen_in(focus, scroll).size() == focus.size(), (focus.objectName(), seen_in(focus, scroll))
            reached.append(focus)
        if len(reached) == len(targets):
            break
    assert reached == targets
    for widget in reversed(targets[:-1]):  # and back with Shift+Tab, each again whole
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Backtab)
        assert QApplication.focusWidget() is widget
        assert seen_in(widget, scroll).size() == widget.size(), widget.objectName()


# 2. 按状态统计线索 without a scroll bar of its own --------------------------------------------------------------

def test_every_lead_status_row_is_shown_without_an_inner_scroll_bar(demo_db, make_window, qtbot):
    window = statistics_shown(qtbot, make_window, demo_db)
    table = window.stats_page.overview.lead_statuses
    assert table.rowCount() >= 5  # the demo's lead statuses, 已移送 last
    assert table.verticalScrollBar().maximum() == 0
    bottom = table.rowViewportPosition(table.rowCount() - 1) + table.rowHeight(table.rowCount() - 1)
    assert bottom <= table.viewport().height()


# 3. the count button's Alt letter --------------------------------------------------------------------------------

def count_letter(page) -> Qt.Key:
    found = MNEMONIC.search(page.count_button.text())
    assert found, page.count_button.text()
    return getattr(Qt.Key, f"Key_{found.group(1).upper()}")


def letters_unique_on_each_tab(page, window, state: str) -> None:
    for index in range(page.tabs.count()):
        page.tabs.setCurrentIndex(index)
        QApplication.processEvents()
        assert page.count_button.isVisible()
        found = visible_mnemonics(window)
        assert page.count_button.text() in [text for _letter, text in found], (state, index)
        assert shared_letters(found) == {}, (state, index)


@pytest.mark.parametrize("language", ["zh_CN", "en"])
def test_the_count_buttons_letter_is_its_own_while_counting_and_after_a_cancel(demo_db, make_window, qtbot, request,
                                                                                language):
    if language == "en":
        request.getfixturevalue("english")
    runner = HoldingRunner()
    window = statistics_shown(qtbot, make_window, demo_db, runner, small=False)
    page = window.stats_page
    runner.holding = True
    page.refresh()
    assert len(runner.waiting) == 1
    letters_unique_on_each_tab(page, window, "counting")

    # its letter stops the count (the button greys out until the count has stopped), from any field of the page
    page.tabs.setCurrentIndex(0)
    page.agency.setFocus()
    qtbot.keyClick(QApplication.focusWidget(), count_letter(page), Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: not page.count_button.isEnabled())
    assert runner.waiting[0][-1].cancelled
    runner.finish()
    assert page.count_button.isVisible() and page.count_button.isEnabled()
    letters_unique_on_each_tab(page, window, "cancelled")

    # on the 宣传活动 tab (新增活动(&N) …) its letter counts again
    page.tabs.setCurrentWidget(page.publicity)
    page.agency.setFocus()
    qtbot.keyClick(QApplication.focusWidget(), count_letter(page), Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: len(runner.waiting) == 1)
    runner.holding = False
    runner.finish()
    assert page.count_button.isHidden()


# 4. 打印通报: 选择… and 将本期间冻结为 with Alt letters ---------------------------------------------------------

@pytest.mark.parametrize("language", ["zh_CN", "en"])
def test_the_report_dialogs_choose_and_freeze_have_letters_of_their_own(demo_db, prompts, qtbot, request, language):
    if language == "en":
        request.getfixturevalue("english")
    dialog = CampaignReportDialog(demo_db, prompts, (None, None, None), "整个专项行动")
    qtbot.addWidget(dialog)
    active(qtbot, dialog)
    choose = dialog.findChild(QAbstractButton, "choose_report_path")
    for widget in (choose, dialog.freeze):
        assert MNEMONIC.search(widget.text()), widget.text()
    texts = [w.text() for w in dialog.findChildren(QAbstractButton) if w.isVisible()]
    texts += [w.text() for w in dialog.findChildren(QLabel) if w.isVisible() and w.buddy() is not None]
    letters = [m.group(1).upper() for text in texts for m in [MNEMONIC.search(text)] if m]
    assert len(letters) == len(set(letters)), texts

    def alt(widget):
        letter = MNEMONIC.search(widget.text()).group(1).upper()
        qtbot.keyClick(QApplication.focusWidget(), getattr(Qt.Key, f"Key_{letter}"), Qt.KeyboardModifier.AltModifier)

    dialog.format.setFocus()
    alt(dialog.freeze)  # ticks the box, and its label's field opens for typing
    qtbot.waitUntil(lambda: dialog.freeze.isChecked() and dialog.freeze_label.isEnabled())
    alt(choose)  # asks for the file
    qtbot.waitUntil(lambda: len(prompts.offered_names) == 1)
    prompts.confirm_answer = True  # drop the choices made
    dialog.reject()
