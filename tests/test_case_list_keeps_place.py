"""The case list keeps the officer's place (QA on 30,000 cases): a sort, a filter or a search keeps the case selected
selected and in view wherever it is still listed, finding its row by one query rather than by loading every page
before it; and the fines column sorts by the amount it shows — decided, else the one proposed (拟) —, so that a
proposed ¥2,000 sorts among the amounts, not among the cases without any."""

from __future__ import annotations

import json

import pytest

from workstation.penalty_terms import PROPOSING_STATUSES, proposed_penalty, shown_penalties_sql
from workstation.records import Case, Party
from workstation.store import CaseFilter, agency_id_for_code, create_case, get_case, list_cases, save_party
from workstation.store.cases import case_position

TOLD = "佛禅市监立〔2026〕7号"  # a demo case at the notice stage: its list shows 拟¥2,000.00


def shown(db, row) -> int:
    """What the fines column shows for a listed case, in fen, as the cell is computed (ui.case_model): the amount
    decided, else the total proposed by a case between the notice and the decision, else 0."""
    if row.penalties_fen or row.status not in PROPOSING_STATUSES:
        return row.penalties_fen
    proposed = proposed_penalty(db, get_case(db, row.id))
    return proposed.total_fen if proposed is not None else 0


def test_the_fines_column_sorts_by_the_amount_it_shows_both_ways(read_demo_db):
    rows = list_cases(read_demo_db, CaseFilter(order_by="penalties_fen"), limit=1000)
    amounts = [shown(read_demo_db, row) for row in rows]
    assert amounts == sorted(amounts)
    told = next(r for r in rows if r.case_number == TOLD)
    assert (told.penalties_fen, shown(read_demo_db, told)) == (0, 200_000)  # nothing decided, ¥2,000 proposed
    # among the amounts: after every case showing none, before every larger one
    assert all(amount == 0 or amount >= 200_000 for amount in amounts[:rows.index(told)])
    assert all(amount >= 200_000 for amount in amounts[rows.index(told):])
    # ties keep one order (by case number), so that descending is ascending reversed, case for case
    descending = list_cases(read_demo_db, CaseFilter(order_by="penalties_fen", descending=True), limit=1000)
    assert [r.id for r in descending] == [r.id for r in rows][::-1]


def test_the_sort_key_is_the_amount_each_case_shows(read_demo_db):
    key = {case_id: amount for case_id, amount in read_demo_db.execute(
        f"SELECT id, {shown_penalties_sql()} FROM cases")}
    rows = list_cases(read_demo_db, limit=1000)
    assert any(r.status in PROPOSING_STATUSES and not r.penalties_fen and shown(read_demo_db, r) for r in rows)
    assert {r.id: shown(read_demo_db, r) for r in rows} == key


def test_a_case_of_several_parties_sorts_by_what_each_was_told(db, english):
    """Two parties each told of their own penalty when the notice was served on them (the last service counting):
    the case sorts by the two together, as its list cell and workspace show them."""
    agency = agency_id_for_code("440605")
    company = save_party(db, Party(name="佛山市南海区誉嘉房地产代理有限公司", uscc="91512081MA62K0260E"))
    employee = save_party(db, Party(name="张三", kind="person"))
    case = create_case(db, Case(case_number="", cause="涉嫌泄露消费者个人信息案", sector="real_estate",
                                agency_id=agency, status="decision_pending", filed_on="2026-02-20",
                                party_ids=[company.id, employee.id]))
    alone = create_case(db, Case(case_number="", cause="涉嫌未经同意发送商业性信息案", sector="real_estate",
                                 agency_id=agency, status="penalty_decided",
                                 filed_on="2026-02-20", fine_fen=120_000, party_ids=[company.id]))
    for n, (party, on, proposed) in enumerate([(company, "2026-03-01", {"fine_fen": 900_000}),
                                               (company, "2026-03-05", {"fine_fen": 100_000}),
                                               (employee, "2026-03-05", {"fine_fen": 5_000, "confiscated_fen": 20_000,
                                                                         "warning": True})]):
        db.execute("INSERT INTO case_events (id, case_id, kind, on_date, at, party_id, details) VALUES "
                   "(?, ?, 'notice_served', ?, ?, ?, ?)",
                   [f"ev{n}", case.id, on, f"{on}T10:00:00", party.id, json.dumps({"proposed": proposed})])
    assert proposed_penalty(db, get_case(db, case.id)).total_fen == 125_000
    (key,) = db.execute(f"SELECT {shown_penalties_sql()} FROM cases WHERE id = ?", [case.id]).fetchone()
    assert key == 125_000
    order = [r.id for r in list_cases(db, CaseFilter(order_by="penalties_fen"), limit=100)]
    assert order.index(alone.id) < order.index(case.id)  # ¥1,200 decided before ¥1,250 proposed


@pytest.mark.parametrize("flt", [
    CaseFilter(), CaseFilter(descending=True), CaseFilter(order_by="penalties_fen"),
    CaseFilter(order_by="penalties_fen", descending=True), CaseFilter(order_by="party_names"),
    CaseFilter(order_by="filed_on"), CaseFilter(order_by="filed_on", descending=True), CaseFilter(order_by="status"),
    CaseFilter(sector="decoration", order_by="cause"), CaseFilter(search="佛", order_by="records_total"),
])
def test_the_position_of_a_case_is_its_row_in_the_list(read_demo_db, flt):
    listed = [r.id for r in list_cases(read_demo_db, flt, limit=1000)]
    for row, case_id in enumerate(listed):
        assert case_position(read_demo_db, flt, case_id) == row
    others = {case_id for (case_id,) in read_demo_db.execute("SELECT id FROM cases")} - set(listed)
    assert all(case_position(read_demo_db, flt, case_id) is None for case_id in others)


@pytest.mark.parametrize("descending", [False, True])
def test_the_position_counts_cases_without_a_filing_date_where_the_list_shows_them(db, make_case, descending):
    """Cases not filed have no filing date: the list shows them first sorted by it ascending, last descending."""
    for day in ("2026-03-02", None, "2026-02-20", None, "2026-03-02"):
        make_case(status="investigating", filed_on=day) if day else make_case()
    flt = CaseFilter(order_by="filed_on", descending=descending)
    listed = [r.id for r in list_cases(db, flt)]
    assert [case_position(db, flt, case_id) for case_id in listed] == list(range(5))


# ---- the window ---------------------------------------------------------------------------------------------------

def _page(qtbot, db, page_size: int):
    from ui.case_list_page import CaseListPage

    page = CaseListPage(db)
    qtbot.addWidget(page)
    page.model.PAGE = page_size  # a few rows a page: the 36 demo cases stand for 30,000
    page.apply_filters()
    page.resize(1000, 260)  # a few rows in view
    page.show()
    qtbot.waitExposed(page)
    return page


def _in_view(page, case_id: str) -> bool:
    row = page.model.row_of(case_id)
    rect = page.table.visualRect(page.model.index(row, 0))
    return rect.isValid() and page.table.viewport().rect().intersects(rect)


@pytest.mark.gui
def test_sorting_filtering_and_searching_keep_the_case_selected_and_in_view(qtbot, read_demo_db):
    from PySide6.QtCore import QPoint, Qt

    from ui.case_model import PENALTY_COLUMN

    told = next(r for r in list_cases(read_demo_db, limit=1000) if r.case_number == TOLD)
    page = _page(qtbot, read_demo_db, 5)
    assert page.select_case(told.id)  # beyond the first page: its row found, the pages up to it loaded
    assert page.selected_case_id() == told.id

    total = page.model.total()
    header = page.table.horizontalHeader()
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton,  # its header clicked: sorted by the fines
                     pos=QPoint(header.sectionViewportPosition(PENALTY_COLUMN) + 10, header.height() // 2))
    assert (header.sortIndicatorSection(), page.model.case_filter.order_by) == (PENALTY_COLUMN, "penalties_fen")
    assert page.selected_case_id() == told.id and _in_view(page, told.id)
    row = page.model.row_of(told.id)
    assert row >= 5  # not on the first page, and not every page loaded to find it
    assert page.model.rowCount() == total and page.model.unread()  # every case listed, not every page read
    page.table.sortByColumn(PENALTY_COLUMN, Qt.SortOrder.DescendingOrder)
    assert page.selected_case_id() == told.id and _in_view(page, told.id)

    page.sector_filter.setCurrentIndex(page.sector_filter.findData(told.sector))  # its own sector
    assert page.model.total() < total
    assert page.selected_case_id() == told.id and _in_view(page, told.id)

    page.search.setText(told.party_names[:1])  # typed: searched when the typing pauses
    qtbot.waitUntil(lambda: page.model.case_filter.search == told.party_names[:1])
    assert page.selected_case_id() == told.id and _in_view(page, told.id)

    page.status_filter.setCurrentIndex(page.status_filter.findData("closed"))  # it is no longer listed
    assert page.selected_case_id() is None


@pytest.mark.gui
def test_a_refresh_keeps_a_case_selected_far_down_the_list(qtbot, read_demo_db):
    rows = list_cases(read_demo_db, limit=1000)
    last = rows[-1]
    page = _page(qtbot, read_demo_db, 5)
    assert page.model.rowCount() == len(rows)  # every case listed, one page of them read
    assert page.select_case(last.id)
    page.refresh()
    assert page.selected_case_id() == last.id and _in_view(page, last.id)
