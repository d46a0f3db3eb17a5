"""A case kept selected through a sort that moves it far down the list is found by its position and only the page
around it read: the rows above it are listed unread and each shows its own case once shown (before, every row up to
it was read: 0.7–2.5 s near the end of 100,000 cases)."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt

from ui.case_model import CASE_ID_ROLE, CaseTableModel
from workstation.store import CaseFilter, list_cases


def unread(model: CaseTableModel) -> int:
    """How many rows the model lists without having read them (what the database was not asked for)."""
    return model.unread()


def test_the_case_selected_stays_selected_after_a_sort_without_reading_the_rows_above_it(make_window, demo_db,
                                                                                           monkeypatch):
    monkeypatch.setattr(CaseTableModel, "PAGE", 5)
    page = make_window(demo_db).case_list
    page.model.set_filter(CaseFilter())
    first = page.model.index(0, 0)
    chosen, number = first.data(CASE_ID_ROLE), first.data()
    page.table.selectRow(0)
    page.table.sortByColumn(0, Qt.SortOrder.DescendingOrder)  # the first case number becomes the last
    model = page.model
    expected = [row.id for row in list_cases(demo_db, CaseFilter(order_by="case_number", descending=True), 100)]
    assert len(expected) == 36 and expected[-1] == chosen
    assert page.selected_case_id() == chosen
    row = page.table.selectionModel().selectedRows()[0].row()
    assert row == 35 and model.index(row, 0).data() == number  # the row shown selected is that case's
    assert model.rowCount() == 36 and unread(model) >= 20  # the rows above it were not read to find it
    # scrolled up, every row shows its own case, read a page at a time as shown
    assert [model.index(r, 0).data(CASE_ID_ROLE) for r in range(35, -1, -1)] == expected[::-1]
    assert [model.index(r, 0).data() for r in range(36)] == [c.case_number for c in list_cases(
        demo_db, CaseFilter(order_by="case_number", descending=True), 100)]
    assert unread(model) == 0 and not model.canFetchMore(QModelIndex())
    assert model.total() == 36


def test_a_case_kept_through_a_filter_lands_on_its_own_row_and_the_rows_after_it_still_come(make_window, demo_db,
                                                                                           monkeypatch):
    monkeypatch.setattr(CaseTableModel, "PAGE", 4)
    page = make_window(demo_db).case_list
    flt = CaseFilter(order_by="party_names", descending=True)
    order = [row.id for row in list_cases(demo_db, flt, 100)]
    chosen = order[20]  # in the middle of the new order: rows unread above, a page read around it, more below
    page.model.set_filter(CaseFilter())
    assert page.select_case(chosen)
    page.table.sortByColumn(1, Qt.SortOrder.DescendingOrder)
    model = page.model
    assert page.selected_case_id() == chosen
    assert page.table.selectionModel().selectedRows()[0].row() == 20
    assert unread(model) > 0 and model.rowCount() == 36  # every case listed, the rows above it unread
    while model.canFetchMore(QModelIndex()):
        model.fetchMore(QModelIndex())
    assert [model.index(r, 1).data(CASE_ID_ROLE) for r in range(model.rowCount())] == order
    assert page.select_case(order[2]) and page.selected_case_id() == order[2]  # a row that was unread
