"""The lead worklist at hundreds of leads (QA leads at scale): searched by a number's digits or the business and
filtered by status, district, sector and channel, sorted by a header click (counts as numbers); its short columns
as wide as their widest value, not the first rows'; a page with no lead saying how to get some; the pane of the lead
selected given room, and the summary's link kept on one line; 并入线索… offering no lead unless the complaints name
one, with a search; the complaint search from the keyboard and its 筛查结论 column."""

from __future__ import annotations

import pytest

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QTextDocument
from PySide6.QtWidgets import QApplication, QDialogButtonBox

from tests.test_related10 import add
from tests.test_ui_keyboard import active
from ui.column_fit import text_width
from workstation.leads_register import LeadEntry, register_lead
from workstation.screening import screen
from workstation.screening.without_lead import mentioned_lead
from workstation.store.complaints import search_complaints
from workstation.vocabulary import labels

pytestmark = pytest.mark.gui

SHOP = "佛山市南海区誉嘉房地产代理有限公司"
NAMELESS = "最近每天都接到推销贷款的骚扰电话，号码每次都不一样，不知道是哪家公司，请求整治。"


def lead(db, *, day="2026-11-02", phones="", business="", district="", sector="", source="12345", count=1):
    """A lead stored as screening leaves one: its numbers, business, district, sector, channel and count."""
    made = register_lead(db, LeadEntry(source="report", received_at=f"{day} 10:00", description=f"骚扰电话：{count}件投诉"))
    db.execute("UPDATE leads SET phones = ?, businesses = ?, district = ?, sector = ?, source = ?, complaint_count = ? "
               "WHERE id = ?", [phones, business, district, sector, source, count, made.id])
    return made.id


@pytest.fixture
def three(db):
    return {"landline": lead(db, day="2026-11-03", phones="075785836433", business="佛山市甲科技有限公司",
                             district="南海区", sector="real_estate", count=9),
            "mobile": lead(db, day="2026-11-02", phones="13800138000", district="顺德区", source="consumer_council",
                           count=123),
            "shop": lead(db, day="2026-11-01", business="乙商行", district="南海区", count=10)}


def listed(page) -> list[str]:
    return [r["id"] for r in page.model.records]


def column(page, name: str) -> int:
    return [header for header, _text in page.model.columns].index(name)


def test_the_leads_are_found_by_a_numbers_digits_and_by_the_business_shown_masked(db, three, make_window, english):
    page = make_window(db).leads_page
    assert len(listed(page)) == 3 and page.leads_shown.text() == ""
    for typed, found in (("8583", ["landline"]), ("0757-8583", ["landline"]), ("乙商", ["shop"]),
                         ("138 0013", ["mobile"]), ("甲科技 6433", ["landline"]), ("13999", [])):
        page.lead_search.setText(typed)
        page.apply_lead_filters()
        assert listed(page) == [three[name] for name in found], typed
    page.lead_search.setText("8583")
    page.apply_lead_filters()
    shown = page.model.index(0, column(page, "Numbers")).data()
    assert shown == "0757****6433"  # found by the digits stored, shown masked
    assert page.leads_shown.text() == "1 of 3 leads shown"


def test_the_filters_keep_the_leads_of_the_status_district_sector_and_channel_chosen(db, three, make_window,
                                                                                   english):
    page = make_window(db).leads_page
    filters = page.lead_filters
    assert [filters["source"].itemText(n) for n in range(filters["source"].count())] == [
        "All channels", "12345 hotline", "Referred by the consumer council"]  # the channels' English labels
    filters["district"].setCurrentIndex(filters["district"].findData("南海区"))
    assert sorted(listed(page)) == sorted([three["landline"], three["shop"]])
    filters["sector"].setCurrentIndex(filters["sector"].findData("real_estate"))
    assert listed(page) == [three["landline"]]
    filters["sector"].setCurrentIndex(0)
    filters["district"].setCurrentIndex(0)
    filters["source"].setCurrentIndex(filters["source"].findData("consumer_council"))
    assert listed(page) == [three["mobile"]]
    filters["source"].setCurrentIndex(0)
    db.execute("UPDATE leads SET status = 'not_filed', decision = 'not_file' WHERE id = ?", [three["shop"]])
    page.refresh()
    filters["status"].setCurrentIndex(filters["status"].findData("Not filed"))  # the lead's state in English
    assert listed(page) == [three["shop"]]
    # a lead selected from elsewhere (just made, a complaint's lead) is shown with every lead again
    page.select(three["mobile"])
    assert page.selected_id() == three["mobile"] and len(listed(page)) == 3
    assert filters["status"].currentIndex() == 0


def test_a_header_click_sorts_the_counts_as_numbers(db, three, make_window, english):
    page = make_window(db).leads_page
    assert listed(page) == [three["landline"], three["mobile"], three["shop"]]  # newest received first
    page.view.sortByColumn(column(page, "Complaints"), Qt.SortOrder.AscendingOrder)
    assert [r["complaint_count"] for r in page.model.records] == [9, 10, 123]
    page.view.sortByColumn(column(page, "Complaints"), Qt.SortOrder.DescendingOrder)
    assert [r["complaint_count"] for r in page.model.records] == [123, 10, 9]
    page.view.sortByColumn(column(page, "Received"), Qt.SortOrder.AscendingOrder)
    assert listed(page) == [three["shop"], three["mobile"], three["landline"]]
    page.lead_search.setText("南")  # a search keeps the order chosen
    page.lead_search.setText("")
    page.apply_lead_filters()
    assert listed(page) == [three["shop"], three["mobile"], three["landline"]]


def test_down_from_the_lead_search_goes_to_the_first_lead_found_and_escape_clears_it(db, three, make_window, qtbot,
                                                                                     english):
    window = active(qtbot, make_window(db))
    window.go_to_page(1)
    page = window.leads_page
    page.lead_search.setFocus()
    page.lead_search.setText("乙商行")  # typed (an input method's text)
    qtbot.keyClick(page.lead_search, Qt.Key.Key_Down)  # searched at once, not after the typing pause
    assert page.view.hasFocus() and page.selected_id() == three["shop"]
    page.lead_search.setFocus()
    qtbot.keyClick(page.lead_search, Qt.Key.Key_Escape)
    assert page.lead_search.text() == "" and len(listed(page)) == 3
    assert page.selected_id() == three["shop"]  # still selected, among every lead


def test_the_short_columns_fit_their_widest_value_beyond_the_rows_sampled(db, make_window):
    for n in range(240):
        lead(db, day=f"2026-10-{1 + n % 28:02d}", phones=f"1380013{n:04d}", count=2)
    lead(db, day="2026-01-05", phones="13900139000", source="consumer_council", count=123456)  # listed last
    page = make_window(db).leads_page
    assert page.model.records[-1]["complaint_count"] == 123456
    count_column, source_column = column(page, "Complaints"), column(page, "Source")
    assert page.view.columnWidth(count_column) >= text_width(page.view, ["123456"])
    assert page.view.columnWidth(source_column) >= text_width(page.view, [labels("lead_sources")["consumer_council"]])


def test_a_data_folder_without_leads_says_how_to_get_some_in_place_of_the_table(db, make_window, english):
    page = make_window(db).leads_page
    assert page.empty_note.isVisibleTo(page) and not page.splitter.isVisibleTo(page)
    assert page.empty_note.text() == ("No leads yet: click “Import complaints…” to import the exports of the 12345 "
                                      "hotline or the consumer council, or “New lead…” to register a lead.")
    assert not page.summary.isVisibleTo(page)  # not "0 leads (—); 0 past the 15 working days…"
    made = lead(db, phones="13800138000")
    page.refresh(select=made)
    assert not page.empty_note.isVisibleTo(page) and page.splitter.isVisibleTo(page)
    assert page.summary.isVisibleTo(page) and page.selected_id() == made


def test_the_empty_state_names_the_buttons_as_the_chinese_window_shows_them(db, make_window):
    page = make_window(db).leads_page
    text = page.empty_note.text()
    assert "“导入投诉…”" in text and "“新建线索…”" in text and "&" not in text


def test_the_pane_of_the_lead_selected_gets_room_though_a_session_kept_the_pages_own_split(db, three, make_window,
                                                                                         qtbot):
    window = active(qtbot, make_window(db))
    window.resize(1366, 768)
    window.go_to_page(1)
    page = window.leads_page
    qtbot.waitUntil(lambda: sum(page.splitter.sizes()) > 0)
    assert page.splitter_state() is None  # nothing the officer sized: nothing kept for the next session
    page.restore_splitter(page.splitter.saveState())  # the page's own split, as earlier versions kept it
    assert not page.pane_sized
    page.refresh(select=three["landline"])
    list_height, pane_height = page.splitter.sizes()
    assert pane_height * 100 >= (list_height + pane_height) * 35  # some ten lines, not three
    page.splitter.splitterMoved.emit(list_height + pane_height - 40, 1)  # the officer drags it: theirs from now on
    page.splitter.setSizes([list_height + pane_height - 40, 40])
    kept = page.splitter_state()
    later = make_window(db).leads_page  # the next session
    later.restore_splitter(kept)
    assert later.pane_sized  # the officer's split kept


def test_the_summarys_link_is_kept_on_one_line(db, make_window):
    add(db, [("A1", NAMELESS, "13600000003"), ("B1", f"接到13800138000的骚扰电话推销楼盘，{SHOP}，要求查处。", "13600000001")])
    screen(db)
    page = make_window(db).leads_page
    document = QTextDocument()
    document.setDefaultFont(page.summary.font())
    document.setHtml(page.summary.text())
    link = "另有1件相关投诉未成线索：查看原因"
    assert document.toPlainText().replace("\u2060", "").endswith(link)  # as the label shows it
    start = document.toPlainText().rindex("另")
    wide = page.summary.fontMetrics().horizontalAdvance(link) + 20
    for width in range(wide, wide + 600, 9):  # wide enough for the link, whatever the window's width: on one line
        document.setTextWidth(width)
        document.documentLayout().documentSize()  # laid out at that width
        layout = document.begin().layout()
        first = layout.lineForTextPosition(start).lineNumber()
        last = layout.lineForTextPosition(len(document.toPlainText()) - 1).lineNumber()
        assert first == last, width


# --- 并入线索… ---------------------------------------------------------------------------------------------------


def test_the_lead_the_complaints_name_is_the_one_offered_else_none():
    leads = [{"businesses": "佛山市甲科技有限公司", "target_name": "", "phones": ""},
             {"businesses": SHOP, "target_name": "", "phones": "13800138000"}]
    assert mentioned_lead(leads, [f"{SHOP}的中介天天打电话"]) == 1
    assert mentioned_lead(leads, ["接到13800138000的电话"]) == 1
    assert mentioned_lead(leads, [NAMELESS]) is None
    assert mentioned_lead(leads, ["佛山市甲科技有限公司和" + SHOP]) is None  # both named: the officer chooses


def answer_picker(qtbot, then):
    """Run ``then(picker)`` on the lead picker once it is shown (modal)."""
    from ui.leads_without_lead import LeadPicker

    def run():
        picker = QApplication.activeModalWidget()
        assert isinstance(picker, LeadPicker)
        then(picker)

    QTimer.singleShot(0, run)


@pytest.fixture
def waiting(db):
    """Two leads of businesses and a complaint in no lead naming neither."""
    add(db, [("B1", f"{SHOP}的中介天天打电话推销楼盘，个人信息被泄露。", "13600000001"),
             ("C1", "佛山市甲科技有限公司的客服天天打电话推销贷款，个人信息被泄露。", "13600000002"),
             ("A1", NAMELESS, "13600000003")])
    screen(db)
    return db


def test_join_offers_no_lead_and_enter_with_none_chosen_does_nothing(waiting, make_window, qtbot, english):
    page = make_window(waiting).leads_page
    page.tabs.setCurrentWidget(page.without_lead)
    tab = page.without_lead
    tab.view.selectRow(0)
    seen = {}

    def enter_then_search(picker):
        seen["chosen"] = picker.picked()
        seen["ok"] = picker.buttons.button(QDialogButtonBox.StandardButton.Ok).isEnabled()
        qtbot.keyClick(picker.search, Qt.Key.Key_Return)
        seen["still_open"] = picker.isVisible()
        picker.search.setText("誉嘉")
        seen["listed"] = [picker.list.item(n).text() for n in range(picker.list.count())
                          if not picker.list.item(n).isHidden()]
        qtbot.keyClick(picker.search, Qt.Key.Key_Down)
        qtbot.keyClick(picker.list, Qt.Key.Key_Return)

    answer_picker(qtbot, enter_then_search)
    tab.join_lead_button.click()
    assert seen["chosen"] is None and not seen["ok"] and seen["still_open"]
    assert len(seen["listed"]) == 1 and seen["listed"][0].startswith(SHOP)
    shop_lead = waiting.execute("SELECT id FROM leads WHERE businesses = ?", [SHOP]).fetchone()[0]
    assert page.selected_id() == shop_lead and page.selected()["complaint_count"] == 2


def test_join_offers_the_lead_the_complaints_name(waiting, make_window, qtbot, english):
    page = make_window(waiting).leads_page
    shop_lead = waiting.execute("SELECT id FROM leads WHERE businesses = ?", [SHOP]).fetchone()[0]
    # a complaint naming the shop, left in no lead (as an officer's correction would leave it)
    add(waiting, [("B2", f"{SHOP}又打电话来推销，个人信息被泄露。", "13600000009")])
    waiting.execute("UPDATE complaints SET category = 'harassment_call', screened_at = '2026-03-31' "
                    "WHERE external_id = 'B2'")
    page.tabs.setCurrentWidget(page.without_lead)
    tab = page.without_lead
    tab.refresh()
    rows = [n for n, c in enumerate(tab.model.records) if c.external_id == "B2"]
    assert rows, [c.external_id for c in tab.model.records]
    tab.view.selectRow(rows[0])
    seen = {}

    def look(picker):
        seen["offered"] = picker.list.item(picker.picked()).text() if picker.picked() is not None else None
        picker.reject()

    answer_picker(qtbot, look)
    tab.join_lead_button.click()
    assert seen["offered"].startswith(SHOP)
    assert waiting.execute("SELECT lead_id FROM complaints WHERE external_id = 'B2'").fetchone()[0] is None
    assert shop_lead


# --- the complaint search -----------------------------------------------------------------------------------------


def test_the_search_tells_what_screening_made_of_each_complaint_in_the_same_query(waiting, english):
    add(waiting, [("U1", "宽带经常断网，营业厅推销的套餐也不划算。", "13600000008")])
    screen(waiting)
    hits = {h.external_id: h for h in search_complaints(waiting, "推销")}
    assert hits["B1"].category and hits["B1"].lead_name == SHOP and hits["B1"].lead_id
    assert hits["A1"].category and hits["A1"].lead_id is None
    assert hits["U1"].category == "" and hits["U1"].screened


def test_the_complaint_search_from_the_keyboard_and_its_screening_column(waiting, make_window, qtbot, english):
    add(waiting, [("U1", "宽带经常断网，营业厅推销的套餐也不划算。", "13600000008")])
    screen(waiting)
    window = active(qtbot, make_window(waiting))
    window.go_to_page(1)
    page = window.leads_page
    page.tabs.setCurrentWidget(page.search_tab)
    page.search.setFocus()
    page.search.setText("推销")
    qtbot.keyClick(page.search, Qt.Key.Key_Down)  # searched at once, the first complaint found chosen
    assert page.complaint_view.hasFocus() and page.complaint_view.currentIndex().row() == 0
    model = page.complaint_model
    said = {model.records[n].external_id: model.index(n, model.SCREENING_COLUMN).data()
            for n in range(model.rowCount())}
    assert said["B1"] == f"Relevant, lead {SHOP}" and said["A1"] == "Relevant" and said["U1"] == "Not relevant"
    header = page.complaint_view.horizontalHeader()
    assert header.visualIndex(model.SCREENING_COLUMN) < header.visualIndex(model.TEXT_COLUMN)
    # Enter on a complaint in a lead: that lead selected on the worklist
    row = [n for n in range(model.rowCount()) if model.records[n].external_id == "B1"][0]
    page.complaint_view.setCurrentIndex(model.index(row, 0))
    qtbot.keyClick(page.complaint_view, Qt.Key.Key_Return)
    assert page.tabs.currentIndex() == 0 and page.selected_id() == model.records[row].lead_id
    # Enter on one in no lead: its whole text, the keyboard there
    page.tabs.setCurrentWidget(page.search_tab)
    row = [n for n in range(model.rowCount()) if model.records[n].external_id == "A1"][0]
    page.complaint_view.setFocus()
    page.complaint_view.setCurrentIndex(model.index(row, 0))
    qtbot.keyClick(page.complaint_view, Qt.Key.Key_Return)
    assert page.tabs.currentWidget() is page.search_tab and page.snippet.hasFocus()
    assert "推销贷款" in page.snippet.toPlainText()
    page.search.setFocus()
    qtbot.keyClick(page.search, Qt.Key.Key_Escape)
    assert page.search.text() == "" and model.rowCount() == 0
