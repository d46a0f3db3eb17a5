"""The case list at scale (QA on 100,014 cases): the list says how many cases it has and the view can be scrolled to
the last of them (its scrollbar dragged to the bottom or Ctrl+End shows the last case, not the end of the pages read
so far), each row read with its page when shown and only so many pages kept; 第200002号 typed without the year finds the case; a word under three characters finds text in either case
(ü finds ünïcode and ÜNÏCODE), as a longer word does."""

from __future__ import annotations

import pytest

from PySide6.QtCore import Qt

from tests.helpers import insert_complaint_texts
from ui.case_model import CASE_ID_ROLE, CaseTableModel
from workstation.store import CaseFilter, count_cases, list_cases
from workstation.store.cases import case_position
from workstation.store.complaints import count_complaints, search_complaints

DISTRICTS = ("顺德区", "高明区", "三水区", "南海区", "禅城区")
MANY = 450  # more than two pages of 200


def _copies(db, n: int, party: str | None = None, start: int = 0) -> list[str]:
    """``n`` cases copied from a filed demo case, numbered 佛南市监立〔2025〕1000号 on, in the districts in turn."""
    columns = [row[1] for row in db.execute("PRAGMA table_info(cases)")]
    source = db.execute("SELECT id FROM cases WHERE case_number LIKE '佛南%' ORDER BY case_number LIMIT 1").fetchone()[0]
    picked = ", ".join("?" if c in ("id", "case_number", "district") or (party and c == "party_names") else c
                       for c in columns)
    ids = []
    for k in range(start, start + n):
        values = {"id": f"s50-{k:04d}", "case_number": f"佛南市监立〔2025〕{1000 + k}号",
                  "district": DISTRICTS[k % len(DISTRICTS)], "party_names": party}
        params = [values[c] for c in columns if c in ("id", "case_number", "district")
                  or (party and c == "party_names")]
        db.execute(f"INSERT INTO cases ({', '.join(columns)}) SELECT {picked} FROM cases WHERE id = ?",
                   [*params, source])
        ids.append(values["id"])
    if party:
        db.execute("UPDATE cases SET party_sort = NULL WHERE id LIKE 's50-%'")
        from workstation.store.sort_keys import fill_sort_keys

        fill_sort_keys(db)
    return ids


@pytest.fixture
def many(demo_db, data_dir, kept_state):
    """The demo and ``MANY`` copies of one of its cases (made once, copied into each test: ``kept_state``)."""
    kept_state("many", demo_db, data_dir, lambda: _copies(demo_db, MANY))
    return demo_db


def _unread(model: CaseTableModel) -> int:
    return model.unread()


# ---- the model: every case listed, each page read when shown ------------------------------------------------------

def test_the_model_lists_every_case_and_reads_only_the_pages_shown(many):
    model = CaseTableModel(many)
    flt = CaseFilter(order_by="case_number", descending=True)
    model.set_filter(flt)
    total = count_cases(many, flt)
    assert total > 2 * CaseTableModel.PAGE
    assert model.rowCount() == total == model.total()  # the view knows every row, not one page of them
    assert _unread(model) == total - CaseTableModel.PAGE  # only the first page read
    expected = list_cases(many, flt, limit=total)
    last = model.index(total - 1, 0)
    assert last.isValid() and last.data() == expected[-1].case_number and last.data(CASE_ID_ROLE) == expected[-1].id
    last_page = total % CaseTableModel.PAGE or CaseTableModel.PAGE
    assert _unread(model) == total - CaseTableModel.PAGE - last_page  # the last page read with it, not those between
    for row in (total // 2, 1, total - 1, CaseTableModel.PAGE, CaseTableModel.PAGE - 1):
        assert model.index(row, 0).data(CASE_ID_ROLE) == expected[row].id
        assert model.index(row, 4).data() == expected[row].district


def test_only_so_many_pages_are_kept_and_one_dropped_is_read_again_when_shown(many, monkeypatch):
    monkeypatch.setattr(CaseTableModel, "PAGE", 20)
    monkeypatch.setattr(CaseTableModel, "KEPT_PAGES", 3)
    model = CaseTableModel(many)
    model.set_filter(CaseFilter())
    expected = list_cases(many, CaseFilter(), limit=10_000)
    assert model.rowCount() == len(expected)
    for row in range(len(expected)):
        assert model.index(row, 0).data() == expected[row].case_number
        assert model.rowCount() - _unread(model) <= 3 * 20  # memory bounded: at most three pages held
    for row in (0, len(expected) - 1, 45, 3):  # pages dropped before, shown again
        assert model.index(row, 1).data(CASE_ID_ROLE) == expected[row].id
        assert model.index(row, 0).data() == expected[row].case_number


@pytest.mark.gui
def test_the_view_scrolls_to_the_last_case_and_keeps_it_through_a_sort(make_window, many, qtbot):
    window = make_window(many)
    page = window.case_list
    window.case_tabs.setCurrentWidget(page)
    page.apply_filters()
    model, view = page.model, page.table
    total = count_cases(many, CaseFilter())
    assert model.rowCount() == total
    view.verticalScrollBar().setValue(view.verticalScrollBar().maximum())  # the scrollbar dragged to the bottom
    bottom = view.rowAt(view.viewport().height() - 2)
    assert bottom == total - 1
    view.setFocus()
    view.setCurrentIndex(model.index(0, 0))
    qtbot.keyClick(view, Qt.Key.Key_End, Qt.KeyboardModifier.ControlModifier)  # one press: the last case
    assert view.currentIndex().row() == total - 1
    last = list_cases(many, CaseFilter(), limit=total)[-1]
    view.selectRow(total - 1)
    assert page.selected_case_id() == last.id
    view.sortByColumn(0, Qt.SortOrder.DescendingOrder)  # the last case becomes the first
    assert page.selected_case_id() == last.id
    assert view.selectionModel().selectedRows()[0].row() == 0
    view.sortByColumn(1, Qt.SortOrder.AscendingOrder)
    flt = CaseFilter(order_by="party_names")
    assert page.selected_case_id() == last.id
    assert view.selectionModel().selectedRows()[0].row() == case_position(many, flt, last.id)
    page.search.setText("2026")  # the demo cases, not the copies of 2025
    page.apply_filters()
    assert page.selected_case_id() == last.id and model.rowCount() == count_cases(
        many, CaseFilter(search="2026", order_by="party_names")) == model.total() == total - MANY


# ---- the store: 第…号 without the year; short words in either case -------------------------------------

def test_a_serial_typed_with_its_di_finds_the_case_without_the_year(many):
    for typed in ("第1002号", "佛南市监立〔2025〕第1002号", "1002号"):
        found = [r.case_number for r in list_cases(many, CaseFilter(search=typed), limit=50)]
        assert found == ["佛南市监立〔2025〕1002号"], typed


def test_a_short_word_finds_a_party_in_either_case(demo_db):
    _copies(demo_db, 1, party="ünïcode商行")
    _copies(demo_db, 1, party="ÜNÏCODE商行", start=1)
    for typed in ("ü", "Ü", "ünï", "Ünï"):
        found = {r.party_names for r in list_cases(demo_db, CaseFilter(search=typed), limit=50)}
        assert found == {"ünïcode商行", "ÜNÏCODE商行"}, typed


def test_a_short_word_finds_a_complaint_in_either_case(db):
    insert_complaint_texts(db, [("U1", "", "ünïcode 乱码投诉"), ("U2", "", "ÜNÏCODE 乱码投诉"), ("U3", "", "其他投诉")])
    for typed in ("ü", "Ü", "Ünï", "ünï"):
        assert {h.external_id for h in search_complaints(db, typed)} == {"U1", "U2"}, typed
        assert count_complaints(db, typed) == 2
