"""What the case list asks the database for a filter or a search (the statements counted with SQLite's trace
callback), and that its item model's shortcuts never show a cell it does not hold."""

import re
from contextlib import contextmanager

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt

from ui.case_model import CaseTableModel
from workstation.i18n import _ as translated
from workstation.penalty_terms import cases_warned_only
from workstation.store import CaseFilter, count_cases, list_cases


@contextmanager
def statements(db):
    """The statements on the cases table run on ``db`` inside the block (the trace also shows the statements
    SQLite's full-text module runs on its own tables for a search: those are left out)."""
    ran: list[str] = []
    db.conn.set_trace_callback(ran.append)
    try:
        yield ran
    finally:
        db.conn.set_trace_callback(None)
        ran[:] = [sql for sql in ran if re.search(r"\bFROM cases\b", sql)]


def test_a_search_finding_less_than_a_page_runs_once_for_the_rows_and_the_total(demo_db):
    model = CaseTableModel(demo_db)
    for text in ("佛南市监立", "南海"):  # the trigram index, and the scan for fewer than three characters
        flt = CaseFilter(search=text)
        with statements(demo_db) as ran:
            model.set_filter(flt)
            total = model.total()
        assert len(ran) == 1 and not any("COUNT(" in sql for sql in ran), ran
        assert 0 < total == model.rowCount() == count_cases(demo_db, flt) < CaseTableModel.PAGE


def test_a_list_longer_than_its_first_page_is_counted_by_the_database(demo_db):
    model = CaseTableModel(demo_db)
    model.PAGE = 10
    model.set_filter(CaseFilter())
    with statements(demo_db) as ran:
        assert model.total() == 36
    assert [sql for sql in ran if "COUNT(" in sql]
    while model.canFetchMore(QModelIndex()):
        model.fetchMore(QModelIndex())
    with statements(demo_db) as ran:
        assert model.total() == 36 == model.rowCount()  # every row loaded: counted without asking
    assert ran == []


def test_an_unfiltered_model_counts_every_case(demo_db):
    assert CaseTableModel(demo_db).total() == 36  # no filter applied yet: nothing loaded to count


def test_the_page_shows_a_search_and_its_count_from_one_query(make_window, demo_db, monkeypatch):
    import workstation.db

    page = make_window(demo_db).case_list
    page.search.setText("南海")
    opened, reading = [], []  # the connection the search is read with (``case_model.read_listing``), its statements
    real = workstation.db.open_database

    def traced(*args, **kwargs):
        database = real(*args, **kwargs)
        opened.append(database)
        database.conn.set_trace_callback(reading.append)
        return database

    monkeypatch.setattr(workstation.db, "open_database", traced)
    with statements(demo_db) as ran:
        page.apply_filters()
    reading[:] = [sql for sql in reading if re.search(r"\bFROM cases\b", sql)]
    expected = count_cases(demo_db, CaseFilter(search="南海"))
    assert len(opened) == 1 and ran == []
    assert len(reading) == 1, reading
    assert page.model.rowCount() == expected > 0
    assert page.count_label.text() == f"共{expected}件案件"


def test_cells_cached_before_a_narrower_filter_are_not_given_out(demo_db):
    model = CaseTableModel(demo_db)
    model.set_filter(CaseFilter())
    before = model.index(30, 8)
    assert before.isValid() and model.data(before)
    model.set_filter(CaseFilter(search="南海"))
    rows = model.rowCount()
    assert rows < 30
    assert model.data(before) is None  # an index kept from before the search shows nothing
    assert not model.index(30, 8).isValid()
    assert not model.index(rows, 0).isValid()
    assert model.index(rows - 1, 8).isValid()
    for row, column in ((-1, 0), (0, -1), (0, 9)):
        assert not model.index(row, column).isValid()
    cell = model.index(0, 0)
    assert model.index(0, 0, cell) == QModelIndex()  # a cell has no children
    assert model.rowCount(cell) == model.columnCount(cell) == 0
    assert model.rowCount() == rows and model.columnCount() == 9


def test_every_cell_shows_its_own_case_across_pages_read_in_any_order(demo_db):
    model = CaseTableModel(demo_db)
    model.PAGE = 10
    model.set_filter(CaseFilter())
    while model.canFetchMore(QModelIndex()):
        model.fetchMore(QModelIndex())
    cases = list_cases(demo_db, CaseFilter(), limit=100)
    assert model.rowCount() == len(cases) == 36
    for row in (35, 0, 33, 31, 32, 17):  # the last rows first, then across the blocks formatted together
        case = cases[row]
        shown = [model.data(model.index(row, column)) for column in range(9)]
        assert shown[0] == case.case_number and shown[1] == case.party_names and shown[4] == case.district
        assert shown[6] == case.filed_on and shown[7] == f"{case.records_total:,}"
        # no amount: 警告 for a warning decided alone, else — (never ¥0.00)
        nothing = translated("warning") if cases_warned_only(demo_db, [case.id]) else "—"
        assert shown[8] == (f"¥{case.penalties_fen // 100:,}.{case.penalties_fen % 100:02d}" if case.penalties_fen
                            else nothing)
        assert model.data(model.index(row, 2), Qt.ItemDataRole.ToolTipRole) == case.cause
        assert model.data(model.index(row, 0), Qt.ItemDataRole.ToolTipRole) is None
        assert model.data(QPersistentModelIndex(model.index(row, 3))) == shown[3]
    assert model.data(QModelIndex()) is None


def test_cases_at_the_notice_stage_keeping_no_proposal_are_not_read_one_by_one(demo_db):
    """The muted 拟 amount: cases told of a penalty and not decided are checked for a kept proposal in one query per
    block of rows; only those keeping one are read whole (a register's cases at that stage keep none)."""
    demo_db.execute("UPDATE cases SET status = 'pre_notice', fine_fen = 0, confiscated_fen = 0")
    demo_db.execute("DELETE FROM case_events WHERE details IS NOT NULL")
    model = CaseTableModel(demo_db)
    model.set_filter(CaseFilter())
    ran: list[str] = []
    demo_db.conn.set_trace_callback(ran.append)
    try:
        texts = [model.data(model.index(row, 8), Qt.ItemDataRole.DisplayRole) for row in range(model.rowCount())]
    finally:
        demo_db.conn.set_trace_callback(None)
    assert len(texts) == 36 and not any("拟" in str(text) or "proposed" in str(text) for text in texts)
    one_case = [sql for sql in ran if re.search(r"FROM cases WHERE id = \?", sql)]
    assert one_case == [] and len(ran) <= 4, ran  # two blocks of 32 rows: one query each


def test_closed_cases_with_their_amounts_ask_nothing_more_to_show_them(demo_db):
    """A closed case's recorded amount is one decided (no 拟 to look for): painting a list of closed cases with
    amounts runs no query per block of rows — at 100,000 cases one per 32 rows was a third of the list's time."""
    demo_db.execute("UPDATE cases SET status = 'closed', fine_fen = MAX(fine_fen, 500000)")
    model = CaseTableModel(demo_db)
    model.set_filter(CaseFilter(status="closed"))
    with statements(demo_db) as ran:
        texts = [model.data(model.index(row, 8), Qt.ItemDataRole.DisplayRole) for row in range(model.rowCount())]
    assert len(texts) == 36 and not any("拟" in str(text) or "proposed" in str(text) for text in texts)
    assert ran == []
