"""Alt letters beyond the menus and buttons: the tabs inside the pages (期限(&D) and 案件列表(&L) of the case page,
the leads page's and the statistics page's tabs) switch to their tab, and the labels before the filter and search
fields (办理状态(&S) on the case list, 状态(&T) on 约谈, 办案机关(&A) on 统计 …) put the focus in their field. No two
mnemonics shown together — a page (each of its tabs in turn) with the window's menus — share a letter, in Chinese
and in English; a translation keeps its English id's letter, written Qt's Chinese way ("办理状态(&S)")."""

import re

import pytest

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton, QApplication, QLabel, QTabBar, QTabWidget, QWidget

from tests.test_ui_keyboard import active
from workstation.i18n import catalogue_path, read_po
from workstation.store import find_case

pytestmark = pytest.mark.gui

CASE = "佛南市监立〔2026〕9号"
MNEMONIC = re.compile(r"(?<!&)&([^&\s])")  # "&Status", "办理状态(&S)"; "&&" is a plain "&"


def alt(qtbot, key) -> None:
    """Alt+``key`` typed where the focus is, as the officer types it."""
    qtbot.keyClick(QApplication.focusWidget(), key, Qt.KeyboardModifier.AltModifier)


def shown(qtbot, make_window, db, row: int):
    window = active(qtbot, make_window(db))
    window.fill_menus()
    window.go_to_page(row)
    return window


def test_alt_letters_switch_the_case_page_tabs_and_focus_the_case_list_filters(demo_db, make_window, qtbot):
    window = shown(qtbot, make_window, demo_db, 0)
    assert window.case_tabs.currentWidget() is window.board
    alt(qtbot, Qt.Key.Key_L)  # 案件列表(&L)
    qtbot.waitUntil(lambda: window.case_tabs.currentWidget() is window.case_list)
    page = window.case_list
    for key, field in ((Qt.Key.Key_T, page.sector_filter), (Qt.Key.Key_S, page.status_filter),
                       (Qt.Key.Key_I, page.district_filter), (Qt.Key.Key_A, page.agency_filter),
                       (Qt.Key.Key_E, page.search)):
        alt(qtbot, key)
        qtbot.waitUntil(lambda f=field: QApplication.focusWidget() is f)
    alt(qtbot, Qt.Key.Key_D)  # 期限(&D): back to the board, its officer filter one more letter away
    qtbot.waitUntil(lambda: window.case_tabs.currentWidget() is window.board)
    alt(qtbot, Qt.Key.Key_O)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is window.board.officer)


def test_alt_letters_on_the_leads_page_switch_tabs_and_find_the_complaint_search(demo_db, make_window, qtbot):
    window = shown(qtbot, make_window, demo_db, 1)
    page = window.leads_page
    alt(qtbot, Qt.Key.Key_K)  # 投诉(&K)
    qtbot.waitUntil(lambda: page.tabs.currentWidget() is page.search_tab)
    page.complaint_view.setFocus()
    alt(qtbot, Qt.Key.Key_S)  # the search's label; the hidden 筛查归并(&S) button does not answer
    qtbot.waitUntil(lambda: QApplication.focusWidget() is page.search)
    alt(qtbot, Qt.Key.Key_Y)
    qtbot.waitUntil(lambda: page.tabs.currentWidget() is page.without_lead)
    alt(qtbot, Qt.Key.Key_W)
    qtbot.waitUntil(lambda: page.tabs.currentIndex() == 0)


def test_alt_letters_on_the_interviews_page_focus_the_search_and_the_state_filter(demo_db, make_window, qtbot):
    window = shown(qtbot, make_window, demo_db, 2)
    page = window.interviews_page
    alt(qtbot, Qt.Key.Key_T)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is page.state_filter)
    alt(qtbot, Qt.Key.Key_R)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is page.search)


@pytest.mark.parametrize("language", ["zh_CN", "en"])
def test_a_voided_interview_selected_shares_no_alt_letter(demo_db, make_window, qtbot, request, language):
    # Restore… (shown in Void…'s place for a voided interview) took Alt+R, 搜索(&R)'s letter (s68 final read)
    from tests.test_interview_intlock import held_interview
    from workstation.store.interviews import void_interview

    if language == "en":
        request.getfixturevalue("english")
    interview = held_interview(demo_db)
    void_interview(demo_db, interview.id, "误作废")
    window = shown(qtbot, make_window, demo_db, 2)
    page = window.interviews_page
    page.show_void.setChecked(True)
    page.select(interview.id)
    assert page.buttons["restore_interview"].isVisible()
    assert shared_letters(visible_mnemonics(window)) == {}


def test_alt_letters_on_the_statistics_page_switch_tabs_and_focus_the_agency(demo_db, make_window, qtbot):
    window = shown(qtbot, make_window, demo_db, 4)
    page = window.stats_page
    alt(qtbot, Qt.Key.Key_L)  # 各局考评(&L)
    qtbot.waitUntil(lambda: page.tabs.currentWidget() is page.bureaus)
    alt(qtbot, Qt.Key.Key_I)
    qtbot.waitUntil(lambda: page.tabs.currentWidget() is page.publicity)
    alt(qtbot, Qt.Key.Key_A)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is page.agency)
    page.whole.setChecked(False)  # the period's dates are typed once the whole campaign is unticked
    alt(qtbot, Qt.Key.Key_R)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is page.date_from)


def visible_mnemonics(window) -> list[tuple[str, str]]:
    """(letter, text) of every Alt letter the window answers now: its menus', and those of the buttons, the
    labels with a buddy and the tabs it shows. (The navigation's page entries have none: Ctrl+1 … Ctrl+6.)"""
    texts = [action.text() for action in window.menuBar().actions()]
    for widget in window.findChildren(QWidget):
        if not widget.isVisible():
            continue
        if isinstance(widget, QAbstractButton) or (isinstance(widget, QLabel) and widget.buddy() is not None):
            texts.append(widget.text())
        elif isinstance(widget, QTabBar):
            texts += [widget.tabText(i) for i in range(widget.count()) if widget.isTabVisible(i)]
    return [(m.group(1).upper(), text) for text in texts for m in [MNEMONIC.search(text)] if m]


def shared_letters(found: list[tuple[str, str]]) -> dict[str, list[str]]:
    by_letter: dict[str, list[str]] = {}
    for letter, text in found:
        by_letter.setdefault(letter, []).append(text)
    return {letter: texts for letter, texts in by_letter.items() if len(texts) > 1}


def each_view(window, row: int):
    """Show page ``row`` in each of its states an officer sees: every tab of its tab widgets in turn (on the case
    page the board, the case list and a case's workspace); yields a name for each."""
    window.go_to_page(row)
    page = window.stack.currentWidget()
    tab_widgets = [page] if isinstance(page, QTabWidget) else page.findChildren(QTabWidget)
    if not tab_widgets:
        yield "page"
    for tabs in tab_widgets:
        for index in range(tabs.count()):
            tabs.setCurrentIndex(index)
            yield f"tab {index}"


@pytest.mark.parametrize("language", ["zh_CN", "en"])
@pytest.mark.parametrize("row", [0, 1, 2, 3, 4, 5])
def test_no_two_alt_letters_shown_together_share_a_letter(demo_db, make_window, qtbot, request, language, row):
    if language == "en":
        request.getfixturevalue("english")
    window = active(qtbot, make_window(demo_db))
    window.fill_menus()
    assert window.case_list is not None
    window.open_case(find_case(demo_db, CASE).id)  # the case page's third tab: a case's workspace
    views = 0
    for view in each_view(window, row):
        views += 1
        found = visible_mnemonics(window)
        assert len(found) > 4, (view, found)  # the page's own letters are among them (文书: its filter's)
        assert shared_letters(found) == {}, (row, view)
    assert views >= (3 if row in (0, 1, 4) else 1)


def test_the_pages_label_their_filters_with_alt_letters(demo_db, make_window, qtbot):
    # the fields this work labelled, each with its label's letter (a label loses its letter without a buddy)
    window = make_window(demo_db)
    cases, interviews, stats = window.case_list, window.interviews_page, window.stats_page
    fields = [cases.status_filter, cases.sector_filter, cases.district_filter, cases.agency_filter, cases.search,
              window.board.group, window.board.agency, window.board.officer, window.leads_page.search,
              interviews.search, interviews.state_filter, stats.agency, stats.date_from, stats.date_to]
    labelled = {label.buddy(): label.text() for label in window.findChildren(QLabel) if label.buddy() is not None}
    for field in fields:
        assert MNEMONIC.search(labelled.get(field, "")), field.objectName() or type(field).__name__


def test_every_translated_alt_letter_is_its_english_ids_letter_written_the_chinese_way():
    catalogue = read_po(catalogue_path("zh_CN"))
    wrong = []
    for english, chinese in catalogue.items():
        letter = MNEMONIC.search(english)
        translated = re.search(r"\(&(\w)\)…?$", chinese)
        if letter and (translated is None or translated.group(1).upper() != letter.group(1).upper()):
            wrong.append(f"{english} → {chinese}")
    assert wrong == []
