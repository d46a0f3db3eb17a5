"""The complaint search list on the leads page follows the complaints: after an import or a screening it is read
again with the same query, the selected complaint kept while it still matches, the rows loaded and the scroll
position kept; a complaint that no longer matches leaves the list and the text pane."""

import pytest

from workstation.store.complaints import insert_complaints

MANY = 230  # more than a page of the list (200), so that the officer scrolls and more are fetched


def complaint(n: int, text: str) -> tuple:
    return (f"id-{n}", "12345", f"W{n:04d}", f"2026-03-{n % 28 + 1:02d} 10:{n % 60:02d}:00", text, "{}", "f.csv",
            n + 2, "2026-04-01T00:00:00+08:00", "12345", "13900139000", "", "", "", "", "", "", "", None)


@pytest.fixture
def page(db, make_window, qtbot):
    insert_complaints(db, [complaint(n, f"第{n}号：有人打来推销楼盘，骚扰电话不断") for n in range(MANY)])
    window = make_window(db)
    window.resize(1100, 700)
    window.show()
    window.navigation.setCurrentRow(1)
    page = window.leads_page
    page.tabs.setCurrentIndex(1)
    page.search.setText("推销楼盘")
    page.run_search()
    return page


def selected_work_order(page) -> str | None:
    index = page.complaint_view.currentIndex()
    return page.complaint_model.records[index.row()].external_id if index.isValid() else None


def test_an_import_refreshes_the_search_keeping_the_query_the_selection_and_the_scroll(page, data_dir, prompts, qtbot):
    view, model = page.complaint_view, page.complaint_model
    assert page.search_count.text() == f"找到投诉{MANY}件" or str(MANY) in page.search_count.text()
    while model.canFetchMore():  # the officer scrolls to the end of the list
        model.fetchMore()
    view.selectRow(MANY - 5)
    chosen = selected_work_order(page)
    view.scrollTo(view.currentIndex())
    row_at = view.rowViewportPosition(view.currentIndex().row())
    assert view.verticalScrollBar().value() > 0
    export = data_dir / "council.csv"
    export.write_text("投诉编号,投诉时间,联系电话,投诉内容\nN1,2026-03-30 10:00:00,13900139001,"
                      "又有人打来推销楼盘，天天骚扰\nN2,2026-03-30 11:00:00,13900139002,小区噪音扰民\n",
                      encoding="utf-8")
    page.run_import([str(export)], profile="consumer_council")
    assert not prompts.errors
    assert page.search.text() == "推销楼盘" and str(MANY + 1) in page.search_count.text()
    assert model.records[0].external_id == "N1"  # the newest first
    assert selected_work_order(page) == chosen  # still selected, its text still in the pane
    assert "推销楼盘" in page.snippet.toPlainText() and f"第{int(chosen[1:])}号" in page.snippet.toPlainText()
    # the list scrolled as it was: the selected complaint where it was, although one came in above it
    assert view.rowViewportPosition(view.currentIndex().row()) == row_at
    while model.canFetchMore():  # every complaint found can still be reached
        model.fetchMore()
    assert model.rowCount() == MANY + 1


def test_a_screening_while_the_leads_tab_shows_refreshes_the_search_when_it_is_opened_again(page, db, data_dir):
    from workstation.screening import apply_rules
    from workstation.screening.rules import shipped_rules_path

    insert_complaints(db, [complaint(900, "号码8323 4567打来推销，骚扰电话不断")])
    page.search.setText("0757 8323 4567")  # a local number, searched with the area code of the rules in force
    page.run_search()
    assert [hit.external_id for hit in page.complaint_model.records] == ["W0900"]
    page.complaint_view.selectRow(0)
    assert "8323" in page.snippet.toPlainText() or "****" in page.snippet.toPlainText()
    page.tabs.setCurrentIndex(0)
    # the rules now give local numbers Guangzhou's area code; the officer screens again from the leads tab
    apply_rules(db, data_dir, shipped_rules_path().read_text(encoding="utf-8").replace(
        'default_area_code = "0757"', 'default_area_code = "020"'))
    page.screen()
    assert page.complaint_model.rowCount() == 1  # not read while its tab is hidden
    page.tabs.setCurrentIndex(1)
    assert page.search.text() == "0757 8323 4567"
    assert page.complaint_model.rowCount() == 0 and "0" in page.search_count.text()
    assert selected_work_order(page) is None and page.snippet.toPlainText() == ""  # no stale text below
