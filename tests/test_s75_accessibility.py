"""Session 75, the accessibility audit (large font, screen reader, colour): an overdue lead said in words in its
deadline cells, not only by the pink of its row; the deadline board usable at 18 pt on a 1366×768 laptop (the
holiday-calendar note one line, its whole text behind 详情…, the table at least five rows high); the navigation list,
the main tables and panes, the screening-rules editor and the clock event's end date named for a screen reader."""

from __future__ import annotations

from dataclasses import replace

import pytest

from PySide6.QtCore import Qt
from PySide6.QtGui import QAccessible
from PySide6.QtWidgets import (
    QApplication,
    QListView,
    QPlainTextEdit,
    QTableView,
    QTabWidget,
    QTextBrowser,
    QTextEdit,
    QTreeView,
    QWidget,
)

from tests.helpers import program_day
from ui.layouts import without_alt_letter
from workstation.i18n import _
from workstation.leads_register import LeadEntry, register_lead
from workstation.leads_workflow import decide_lead
from workstation.store import get_case, update_case
from workstation.store.base import set_setting

pytestmark = pytest.mark.gui


def acc_name(widget) -> str:
    """What a screen reader says a widget is called (its own name, else what Qt derives, a buddy label's)."""
    interface = QAccessible.queryAccessibleInterface(widget)
    return (interface.text(QAccessible.Text.Name) if interface else "") or ""


def acc_description(widget) -> str:
    interface = QAccessible.queryAccessibleInterface(widget)
    return (interface.text(QAccessible.Text.Description) if interface else "") or ""


# ---- 1. an overdue lead said in its cells -------------------------------------------------------------------------

def _cells(page, lead_id: str) -> dict[str, str]:
    model = page.model
    row = [r["id"] for r in model.records].index(lead_id)
    return {name: model.index(row, column).data() for column, (name, _value) in enumerate(model.columns)}


def test_an_overdue_lead_says_overdue_in_its_decide_by_cell(db, make_window, monkeypatch, english):
    program_day(monkeypatch, "2026-12-07")
    lead = register_lead(db, LeadEntry(source="12345", received_at="2026-02-10 10:00", description="骚扰电话测试",
                                       target_phone="13800138000")).id  # T1 ended 2026-03-09
    page = make_window(db).leads_page
    page.refresh(select=lead)
    cells = _cells(page, lead)
    assert cells["Decide by"] == "2026-03-09" + _(" (overdue)") == "2026-03-09 (overdue)"
    # the tooltip still names the day alone
    model = page.model
    cell = model.index([r["id"] for r in model.records].index(lead),
                       [name for name, _value in model.columns].index("Decide by"))
    assert cell.data(Qt.ItemDataRole.ToolTipRole) == \
        "2026-03-09: overdue, whether to file was not decided by this day (T1)."


def test_a_lead_whose_reporter_was_not_told_in_time_says_so_in_chinese(db, make_window, monkeypatch, chinese):
    from workstation.store import list_agencies

    station = next(a for a in list_agencies(db) if a.code == "440604")
    set_setting(db, "station_agency", station.id)
    lead = register_lead(db, LeadEntry(source="report", received_at="2026-11-20 10:00", description="来访举报推销电话",
                                       target_phone="13911118888", reporter_name="钱七",
                                       complainant_phone="13612345678")).id
    program_day(monkeypatch, "2026-12-01")
    decide_lead(db, lead, "not_file", on="2026-12-01", reason="现有证据无法认定违法")
    program_day(monkeypatch, "2026-12-21")  # T24, five working days from the decision, has passed
    page = make_window(db).leads_page
    page.refresh(select=lead)
    row = page.selected()
    assert row["tell_overdue"] and not row["overdue"]
    cells = _cells(page, lead)
    assert cells["Tell by"] == row["tell_by"] + "（已逾期）"
    assert "逾期" not in cells["Decide by"]  # decided: T1 met


def test_a_lead_in_time_says_nothing_of_overdue(db, make_window, monkeypatch, english):
    program_day(monkeypatch, "2026-12-07")
    lead = register_lead(db, LeadEntry(source="12345", received_at="2026-12-01 10:00", description="骚扰电话测试",
                                       target_phone="13800138000")).id
    page = make_window(db).leads_page
    page.refresh(select=lead)
    assert not any("overdue" in (text or "") for text in _cells(page, lead).values())


# ---- 2. the deadline board at 18 pt on a 1366×768 screen ----------------------------------------------------------

def _board_started(window, qtbot, width: int, height: int) -> None:
    """``window`` at ``width`` × ``height``, shown, its deadline board started and counted."""
    window.resize(width, height)
    window.show()
    qtbot.waitExposed(window)
    window.board.start()
    qtbot.waitUntil(lambda: window.board.started)


def test_the_board_keeps_five_rows_and_a_one_line_note_at_18_points(demo_db, make_window, monkeypatch, qtbot,
                                                                    large_font, chinese):
    program_day(monkeypatch, "2026-12-21")  # deadlines into 2027, a year without holiday data: the note shown
    window = make_window(demo_db)
    _board_started(window, qtbot, 1366, 768)
    QApplication.processEvents()
    table = window.board.table
    assert table.note.isVisible() and "2027" in table.note.text()  # the whole note, as before
    assert window.height() <= 768
    row = table.view.verticalHeader().defaultSectionSize()
    assert table.view.model().rowCount() >= 5
    assert table.view.viewport().height() >= 5 * row
    # the note one line, not cut; its whole text behind 详情…, which shows it (and hides it again)
    line = table.note.fontMetrics().height()
    assert table.note.sizeHint().height() <= table.note.height() < 2 * line + 8
    details = table.note_details
    assert details.isVisible() and without_alt_letter(details.text()) == _("Details…")
    details.click()
    QApplication.processEvents()
    # opened: the whole note, wrapped, scrolled where the page has no room for it; the table keeps its five rows
    area = table.note_area
    assert table.note.wordWrap() and without_alt_letter(details.text()) == _("Hide details")
    assert table.note.height() > 3 * line and area.height() >= 2 * line
    assert area.height() >= table.note.height() or area.verticalScrollBar().maximum() > 0
    assert table.view.viewport().height() >= 5 * row and window.height() <= 768
    details.click()
    QApplication.processEvents()
    assert not table.note.wordWrap() and area.height() < 2 * line and without_alt_letter(details.text()) == _("Details…")
    # the note is said whole to a screen reader, not cut
    assert "2027" in acc_name(table.note) and acc_name(table.note) == table.note.text()


def test_no_details_button_without_a_note(demo_db, make_window, monkeypatch, qtbot):
    program_day(monkeypatch, "2026-12-21")  # a note at first (as above), then none
    window = make_window(demo_db)
    window.show()
    window.board.start()
    qtbot.waitUntil(lambda: window.board.started)
    table = window.board.table
    assert table.note_details.isVisible()
    table.set_deadlines(table.model.records, "")
    assert not table.note.isVisible() and not table.note_details.isVisible()


# ---- 3. the navigation list and the main tables named -------------------------------------------------------------

VIEWS = (QTableView, QListView, QTreeView, QTextEdit, QPlainTextEdit, QTextBrowser)


def _outer_tab_widgets(container: QWidget) -> list[QTabWidget]:
    """``container`` if it is a tab widget, else the tab widgets shown in it not inside another tab widget of it
    (those are reached through theirs)."""
    if isinstance(container, QTabWidget):  # a page that is tabs itself (the cases page)
        return [container]
    found = []
    for tabs in container.findChildren(QTabWidget):
        if not tabs.isVisible():
            continue
        parent = tabs.parentWidget()
        while parent is not None and parent is not container and not isinstance(parent, QTabWidget):
            parent = parent.parentWidget()
        if parent is container or parent is None:
            found.append(tabs)
    return found


def _every_tab(container: QWidget, path: tuple = ()):
    """Show each tab of each tab widget in ``container`` in turn, nested ones too, yielding where the walk is (the
    tabs' titles) with each shown."""
    yield path
    for tabs in _outer_tab_widgets(container):
        for index in range(tabs.count()):
            tabs.setCurrentIndex(index)
            QApplication.processEvents()
            # the tab's page read after it is shown: the case list takes its placeholder's place on its first visit
            yield from _every_tab(tabs.currentWidget(), (*path, without_alt_letter(tabs.tabText(index))))


def test_every_page_names_its_lists_and_panes(demo_db, make_window, monkeypatch, qtbot, chinese):
    program_day(monkeypatch, "2026-12-03")
    window = make_window(demo_db)
    _board_started(window, qtbot, 1366, 768)
    assert acc_name(window.navigation) == _("Sections")
    seen, walked, unnamed = set(), [], []
    for row in range(window.navigation.count()):
        window.navigation.setCurrentRow(row)
        QApplication.processEvents()
        for path in _every_tab(window.stack.currentWidget()):
            where = (window.navigation.item(row).text(), *path)
            walked.append(where)
            shown = [w for w in window.findChildren(QWidget) if isinstance(w, VIEWS) and w.isVisible()]
            assert shown, where
            unnamed += [(where, type(w).__name__, w.objectName()) for w in shown if not acc_name(w).strip()]
            seen |= {w.objectName() for w in shown}
    assert not unnamed, "; ".join(map(str, unnamed))  # each list and pane at once, as it is first met
    # every tab of every page visited: the case list, the statistics' three tabs, the exchange's five, the leads' three
    tabs = {where[1] for where in walked if len(where) == 2}
    titles = ("&Deadlines", "Case &list", "Lead &worklist", "Complaints by &keyword", "Related, &yet in no lead",
              "Dash&board", "Eva&luation by bureau", "Publ&icity", "&Stations", "E&xported bundles",
              "Im&ported bundles", "Co&nflicts", "Number b&locks")
    assert {without_alt_letter(_(title)) for title in titles} <= tabs, sorted(tabs)
    assert {"deadlines", "deadline_calculation", "case_list", "leads", "lead_detail", "complaints_without_lead",
            "without_lead_text", "interviews", "bureau_table", "publicity", "stations", "exports", "imports",
            "conflicts", "number_blocks"} <= seen
    names = {w.objectName(): acc_name(w) for w in window.findChildren(QWidget) if w.objectName() in seen}
    assert names["deadline_calculation"] == _("How the deadline was counted")
    assert names["deadlines"] == "期限" and names["leads"] == "线索" and names["interviews"] == "约谈"
    # a table on a tab is named by its tab, as a screen reader's user chose it
    assert [names[name] for name in ("case_list", "complaints_without_lead", "bureau_table", "publicity", "exports",
                                     "imports", "conflicts", "number_blocks")] == [
        "案件列表", "相关但未成线索", "各局考评", "宣传活动", "导出记录", "导入记录", "冲突", "号段"]
    assert names["without_lead_text"] == _("Complaint text") == "投诉内容"  # as the keyword tab's pane


def test_the_complaint_search_is_named(demo_db, make_window, qtbot, chinese):
    window = make_window(demo_db)
    page = window.leads_page
    assert acc_name(page.complaint_view) and acc_name(page.snippet)


# ---- 4. the screening-rules editor ------------------------------------------------------------------------------------

def test_the_rules_editor_names_and_describes_its_text_boxes(db, data_dir, prompts, qtbot, chinese):
    from ui.rules_editor import RulesEditor

    editor = RulesEditor(db, data_dir, prompts)
    qtbot.addWidget(editor)
    editor.show()
    assert acc_name(editor.text) == _("Screening rules (TOML)")
    assert acc_name(editor.result) == _("Preview of changed verdicts")
    assert "Save" not in acc_description(editor.text) and acc_description(editor.text)  # the intro, in Chinese
    assert acc_description(editor.result) == editor.result.placeholderText()


# ---- 5. the clock event's end date --------------------------------------------------------------------------------

def test_the_end_date_is_named_by_its_row_label_for_every_kind(db, make_case, prompts, qtbot):
    from PySide6.QtWidgets import QLineEdit

    from ui.case_clocks import ClockEventDialog

    case = make_case(fine_fen=5_000_000)  # decided and served: its reconsideration and deferral offered too
    case = update_case(db, replace(get_case(db, case.id), status="served", filed_on="2026-03-10",
                                   notice_served_on="2026-05-01", decided_on="2026-06-01", served_on="2026-06-01"),
                       allow_status_change=True)
    dialog = ClockEventDialog(db, get_case(db, case.id), prompts)
    qtbot.addWidget(dialog)
    dialog.show()
    labels = set()
    for index in range(dialog.kind.count()):
        if not dialog.kind.model().item(index).isEnabled():
            continue
        dialog.kind.setCurrentIndex(index)
        label = dialog.rows["ends_on"][0]
        if not label.isVisibleTo(dialog):
            continue
        dialog.running.setChecked(False)
        expected = without_alt_letter(label.text())
        assert expected and acc_name(dialog.ends_on) == expected, dialog.kind.currentData()
        assert acc_name(dialog.ends_on.findChild(QLineEdit)) == expected
        labels.add(expected)
    assert len(labels) >= 2  # the label (and so the name) changes with the kind


# ---- 6. the final read's mends ------------------------------------------------------------------------------------

def _listed_last_overdue(db, monkeypatch) -> tuple[str, str]:
    """240 leads in time, received last (listed first, newest first), their deadlines in 2026 (no 日历待核实 to widen
    the column); then a lead past its T1 and a named report whose reporter was not told in time, received first
    (listed last, past the 200 rows the columns are sized by)."""
    from workstation.store import list_agencies

    set_setting(db, "station_agency", next(a for a in list_agencies(db) if a.code == "440604").id)
    program_day(monkeypatch, "2026-11-02")
    late = register_lead(db, LeadEntry(source="12345", received_at="2026-02-10 10:00", description="骚扰电话测试",
                                       target_phone="13800138000")).id
    untold = register_lead(db, LeadEntry(source="report", received_at="2026-02-11 10:00", description="来访举报推销电话",
                                         target_phone="13911118888", reporter_name="钱七",
                                         complainant_phone="13612345678")).id
    decide_lead(db, untold, "not_file", on="2026-11-02", reason="现有证据无法认定违法")
    program_day(monkeypatch, "2026-11-20")  # T24 of the decided report passed
    for n in range(240):  # their T1 running into December
        register_lead(db, LeadEntry(source="12345", received_at=f"2026-11-{16 + n % 5:02d} 10:00",
                                    description="骚扰电话测试", target_phone=f"1380013{n:04d}"))
    return late, untold


@pytest.mark.parametrize("language", ["english", "chinese"])
def test_an_overdue_deadline_past_the_rows_sampled_is_shown_whole(db, make_window, monkeypatch, qtbot, request,
                                                                  language):
    request.getfixturevalue(language)
    late, untold = _listed_last_overdue(db, monkeypatch)
    window = make_window(db)
    window.resize(1600, 900)  # room for every column: none squeezed by the window, only sized by its texts
    window.show()
    window.go_to_page(1)
    page = window.leads_page
    qtbot.waitExposed(page)
    records = page.model.records
    assert len(records) == 242 and {records[-1]["id"], records[-2]["id"]} == {late, untold}
    assert not any(r["overdue"] or r.get("tell_overdue") or not r["due_confirmed"] for r in records[:-2])
    names = [name for name, _value in page.model.columns]
    for lead, name in ((late, "Decide by"), (untold, "Tell by")):
        text = _cells(page, lead)[name]
        assert text.endswith(_(" (overdue)")), (name, text)
        # the column as wide as Qt needs for the cell (its text, margins and grid line): not cut to
        # "2026-03-09 (ov…" (or "2026-03-09（已…")
        cell = page.model.index([r["id"] for r in records].index(lead), names.index(name))
        needed = page.view.sizeHintForIndex(cell).width() + (1 if page.view.showGrid() else 0)
        assert page.view.columnWidth(names.index(name)) >= needed, (language, name, text)


def test_at_1024_pixels_in_chinese_an_overdue_day_is_whole_and_the_tell_by_column_in_view(demo_db, make_window, qtbot,
                                                                                         chinese):
    """The business column gives up room down to BUSINESS_FLOOR (佛山市某某某…) so that the deadline columns, which
    say （已逾期）, stay in a 1024×700 window; the longer floor (佛山市某某某某公司…) put 告知期限 32 pixels past
    its edge."""
    window = make_window(demo_db)
    window.resize(1024, 700)
    window.show()
    window.go_to_page(1)
    page = window.leads_page
    qtbot.waitExposed(page)
    view, header = page.view, page.view.horizontalHeader()
    names = [name for name, _value in page.model.columns]
    decide, tell = names.index("Decide by"), names.index("Tell by")
    row = next(n for n, r in enumerate(page.model.records) if r["overdue"])
    assert page.model.index(row, decide).data().endswith("（已逾期）")
    assert view.columnWidth(decide) >= view.sizeHintForIndex(page.model.index(row, decide)).width() + 1
    assert header.sectionViewportPosition(tell) + header.sectionSize(tell) <= view.viewport().width()
    header.setSortIndicatorShown(False)  # its header whole, without the arrow only the column sorted by has
    assert header.sectionSize(tell) >= header.sectionSizeFromContents(tell).width()


def test_the_details_button_says_what_it_shows(demo_db, make_window, monkeypatch, qtbot, chinese):
    program_day(monkeypatch, "2026-12-21")  # deadlines into 2027: the note and 详情… shown
    window = make_window(demo_db)
    window.show()
    window.board.start()
    qtbot.waitUntil(lambda: window.board.started)
    details = window.board.table.note_details
    assert details.isVisible()
    for _press in range(2):  # closed (详情…) and opened (隐藏详情): a screen reader says what the button does
        description = acc_description(details)
        assert description and description != acc_name(details) and description == details.toolTip()
        details.click()
