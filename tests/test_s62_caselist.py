"""The case list over many cases (s62 audit): a deep page of a filtered, searched or re-sorted list is read by the
rowids the background read listed, never by LIMIT/OFFSET on the window's thread (1–3 s each at 100,000 cases); the
list is a snapshot of the order read (a case added meanwhile neither shows twice nor pushes the last ones out of
reach) and is read again when the database changed and the list is shown or its window activated; a USCC searched
finds its cases; 警告 sorts between no amount and the least one."""

from __future__ import annotations

import pytest

from PySide6.QtCore import QCoreApplication, QEvent, QPoint, Qt
from PySide6.QtWidgets import QAbstractItemView

from tests.test_s56_case_list_background import HONGYUN, background, cases, found, listed  # noqa: F401 (fixtures)
from ui.case_model import CASE_ID_ROLE
from workstation.store import CaseFilter, list_cases


def _listed_in_background(qtbot, page, **chosen) -> None:
    page.search.setText(chosen.get("search", ""))
    if "sort" in chosen:
        page.table.sortByColumn(*chosen["sort"])
    page.apply_filters()
    qtbot.waitUntil(lambda: not page.reading.running, timeout=20000)


def test_a_deep_row_of_a_search_read_in_the_background_needs_no_offset_read_on_the_window_thread(
        qtbot, background, cases):  # noqa: F811
    _window, page, _runner = background
    _listed_in_background(qtbot, page, search="鸿运", sort=(1, Qt.SortOrder.DescendingOrder))
    statements: list[str] = []
    cases.conn.set_trace_callback(statements.append)
    try:
        deep = [page.model.index(row, 0).data() for row in range(200, 250)]
        last_id = page.model.index(249, 0).data(CASE_ID_ROLE)
    finally:
        cases.conn.set_trace_callback(None)
    expected = list_cases(cases, CaseFilter(search="鸿运", order_by="party_names", descending=True), limit=10_000)
    assert deep == [row.case_number for row in expected[200:250]]
    assert last_id == expected[249].id
    assert statements, "the deep page is read when first shown"
    assert not [s for s in statements if "OFFSET" in s.upper()]  # by rowid: no sort of every case again


def test_row_of_a_deep_case_needs_no_offset_read(qtbot, background, cases):  # noqa: F811
    _window, page, _runner = background
    _listed_in_background(qtbot, page, search="鸿运")
    wanted = list_cases(cases, CaseFilter(search="鸿运"), limit=10_000)[240].id
    statements: list[str] = []
    cases.conn.set_trace_callback(statements.append)
    try:
        assert page.model.row_of(wanted) == 240
    finally:
        cases.conn.set_trace_callback(None)
    assert not [s for s in statements if "OFFSET" in s.upper()]


def _add_first(db, n: int, prefix: str = "s62", number_from: int = 1) -> list[str]:
    """``n`` cases of 鸿运 numbered to sort before every other (committed, as another program would)."""
    columns = [row[1] for row in db.execute("PRAGMA table_info(cases)")]
    source = db.execute("SELECT id FROM cases WHERE party_names = ? LIMIT 1", [HONGYUN]).fetchone()[0]
    picked = ", ".join("?" if c in ("id", "case_number") else c for c in columns)
    ids = []
    for k in range(n):
        values = {"id": f"{prefix}-{k}", "case_number": f"佛南市监立〔2000〕{k + number_from}号"}
        db.execute(f"INSERT INTO cases ({', '.join(columns)}) SELECT {picked} FROM cases WHERE id = ?",
                   [*(values[c] for c in columns if c in values), source])
        ids.append(f"{prefix}-{k}")
    db.conn.commit()
    return ids


def _elsewhere(db):
    """Another connection to ``db``'s file: another program (the command line) writing."""
    from workstation.db import open_database

    return open_database(db.file(), create=False, upgrade=False)


def test_cases_added_meanwhile_neither_show_twice_nor_push_the_last_out_then_show_once_noticed(
        qtbot, background, cases):  # noqa: F811
    window, page, _runner = background
    _listed_in_background(qtbot, page, search="鸿运")
    expected = found(cases, search="鸿运")
    assert page.model.rowCount() == len(expected) == 250
    first = [page.model.index(row, 0).data(CASE_ID_ROLE) for row in range(200)]  # the first page only read
    assert page.model.unread() == 50
    other = _elsewhere(cases)
    added = _add_first(other, 5)  # by another program: noticed by its data_version
    other.conn.close()
    rest = [page.model.index(row, 0).data(CASE_ID_ROLE) for row in range(200, 250)]  # read after the cases added
    assert first + rest == expected  # the snapshot read: no duplicate, the last still there
    window.show()
    page.show()
    QCoreApplication.sendEvent(page, QEvent(QEvent.Type.ActivationChange))
    page.check_changed()
    qtbot.waitUntil(lambda: not page.reading.running and len(listed(page)) == 255, timeout=20000)
    assert listed(page)[:5] == added
    assert len(set(listed(page))) == 255
    assert page.count_label.text() == "255 cases"


def test_a_status_changed_elsewhere_shows_once_noticed(qtbot, background, cases):  # noqa: F811
    window, page, _runner = background
    _shown_active(qtbot, window, page)  # an automatic refresh is shown only in the window active
    _listed_in_background(qtbot, page, search="鸿运")
    first = listed(page)[0]
    page.check_changed()
    assert not page.reading.running  # nothing changed: nothing read again
    other = _elsewhere(cases)
    try:
        other.execute("UPDATE cases SET status = 'archived' WHERE id = ?", [first])
        other.conn.commit()
    finally:
        other.conn.close()
    page.check_changed()
    qtbot.waitUntil(lambda: not page.reading.running, timeout=20000)
    assert page.model.index(0, 5).data() == "Archived"


def _top_case(page) -> str | None:
    return page.table.indexAt(QPoint(1, 1)).data(CASE_ID_ROLE)


def _shown_far_down(qtbot, window, page) -> tuple[str, str]:
    """The list (all 316 cases) in the window shown, the 21st case selected and the view scrolled to row 250: the
    case selected and the case at the top of the view."""
    window.resize(1200, 700)
    window.show()
    window.case_tabs.setCurrentWidget(page)
    qtbot.waitUntil(lambda: page.isVisible() and not page.reading.running, timeout=20000)
    page.table.selectRow(20)
    page.table.scrollTo(page.model.index(250, 0), QAbstractItemView.ScrollHint.PositionAtTop)
    QCoreApplication.processEvents()
    top = _top_case(page)
    assert top == listed(page)[250]
    return page.selected_case_id(), top


def test_a_change_elsewhere_read_again_leaves_the_officer_where_they_were(qtbot, background, cases):  # noqa: F811
    """A refresh (another program's change noticed) keeps the rows in view and the case selected, current, where
    it is: the 3-s look threw the view back to the case selected (row 5,000 scrolled to → row 10)."""
    window, page, _runner = background
    selected, top = _shown_far_down(qtbot, window, page)
    other = _elsewhere(cases)
    added = _add_first(other, 5)  # listed first: every row moves down 5
    other.conn.close()
    assert page.check_changed()
    qtbot.waitUntil(lambda: not page.reading.running and page.model.rowCount() == 316 + 5, timeout=20000)
    QCoreApplication.processEvents()
    assert all(listed(page).index(case_id) < 20 for case_id in added)  # listed before both: the rows moved down 5
    assert _top_case(page) == top  # the same rows in view
    assert page.selected_case_id() == selected
    assert page.table.currentIndex().row() == 25  # the current row moved with its case, not lost


def test_the_timer_reads_again_only_another_programs_change_and_only_while_the_officer_is_not_at_it(
        qtbot, background, cases):  # noqa: F811
    window, page, _runner = background
    _shown_far_down(qtbot, window, page)
    cases.execute("UPDATE cases SET cause = cause || '。' WHERE id = ?", [listed(page)[3]])  # this window's own
    cases.conn.commit()  # write (a draft saved, a case edited: its own signal refreshes what it changed)
    window.activateWindow()
    page._check_while_shown()
    assert not page.reading.running
    other = _elsewhere(cases)
    _add_first(other, 1)
    other.conn.close()
    window.showMinimized()
    page._check_while_shown()  # minimised: left to when the window is next activated
    assert not page.reading.running
    window.showNormal()
    window.activateWindow()  # the window activated: the change read then
    qtbot.waitUntil(lambda: not page.reading.running and page.model.rowCount() == 316 + 1, timeout=20000)
    other = _elsewhere(cases)
    _add_first(other, 1, prefix="again", number_from=100)
    other.conn.close()
    page.table.verticalScrollBar().setSliderDown(True)  # the scroll bar held
    page._check_while_shown()
    assert not page.reading.running
    page.table.verticalScrollBar().setSliderDown(False)
    page._check_while_shown()
    qtbot.waitUntil(lambda: not page.reading.running and page.model.rowCount() == 316 + 2, timeout=20000)


def test_a_case_deleted_after_listing_shows_as_gone_not_read_again_at_each_paint(
        qtbot, background, cases):  # noqa: F811
    _window, page, _runner = background
    _listed_in_background(qtbot, page, search="鸿运")
    gone = found(cases, search="鸿运")[230]
    other = _elsewhere(cases)
    other.execute("DELETE FROM cases WHERE id = ?", [gone])
    other.conn.commit()
    other.conn.close()
    shown = [page.model.index(230, column).data() for column in range(9)]
    assert page.model.index(230, 0).data(CASE_ID_ROLE) is None
    assert shown[0] == "(deleted)"
    statements: list[str] = []
    cases.conn.set_trace_callback(statements.append)
    try:
        for _paint in range(5):
            for column in range(9):
                page.model.index(230, column).data()
            page.model.index(230, 0).data(CASE_ID_ROLE)
    finally:
        cases.conn.set_trace_callback(None)
    assert statements == []
    assert page.model.row_of(found(cases, search="鸿运")[230]) == 231


def test_the_first_page_and_the_rowids_listed_at_once_are_one_snapshot(background, cases, monkeypatch):  # noqa: F811
    from ui import case_model

    real = case_model.case_rowids

    def meanwhile(db, flt):
        other = _elsewhere(cases)
        _add_first(other, 3, prefix="between")  # committed between the first page read and the rowids
        other.conn.close()
        return real(db, flt)

    monkeypatch.setattr(case_model, "case_rowids", meanwhile)
    expected = found(cases, search="鸿运")
    listing = case_model.listing_of(cases, CaseFilter(search="鸿运"), 200)
    assert [raw[0] for raw in listing.rows] == expected[:200]
    assert listing.total == 250
    assert [raw[0] for raw in case_model.case_rows(cases, listing.rowids[:200])] == expected[:200]


def _uscc_case(db) -> tuple[str, str]:
    return db.execute("SELECT p.uscc, cp.case_id FROM parties p JOIN case_parties cp ON cp.party_id = p.id "
                      "WHERE p.uscc != '' ORDER BY p.uscc LIMIT 1").fetchone()


def test_a_uscc_searched_finds_its_cases(demo_db):
    uscc, case_id = _uscc_case(demo_db)
    full_width = uscc.lower().translate({c: c + 0xFEE0 for c in range(0x21, 0x7F)})
    for typed in (uscc, uscc.lower(), full_width, f" {uscc} "):
        assert case_id in [row.id for row in list_cases(demo_db, CaseFilter(search=typed), limit=1000)], typed


def test_the_command_line_search_finds_a_uscc(demo_db, data_dir, capsys):
    from workstation.cli import main

    uscc, case_id = _uscc_case(demo_db)
    number = demo_db.execute("SELECT case_number FROM cases WHERE id = ?", [case_id]).fetchone()[0]
    demo_db.conn.commit()
    main(["--data-dir", str(data_dir), "cases", "list", "--search", uscc])
    assert number in capsys.readouterr().out


@pytest.mark.parametrize("descending", [False, True])
def test_a_warning_sorts_between_no_amount_and_the_least_amount(qapp, demo_db, english, descending):
    from ui.case_model import CaseTableModel

    model = CaseTableModel(demo_db)
    model.set_filter(CaseFilter(order_by="penalties_fen", descending=descending))
    shown = [model.index(row, 8).data() for row in range(model.rowCount())]
    kinds = ["none" if text == "—" else "warning" if text == "warning" else "amount" if "¥" in text else "other"
             for text in shown]
    assert "warning" in kinds and "none" in kinds
    rank = {"none": 0, "warning": 1, "amount": 2}
    ranks = [rank[kind] for kind in kinds if kind in rank]
    assert ranks == sorted(ranks, reverse=descending), shown


def test_the_rowids_are_read_without_a_list_of_rows_first(cases):  # noqa: F811
    """``case_rowids`` held every row read (a list of tuples: 97 MB at 1,000,000 cases) before its array of 8 bytes
    a case (16 MB): read into the array as they come."""
    import tracemalloc

    from workstation.store.cases import case_rowids

    case_rowids(cases, CaseFilter())  # statements prepared, sort keys made: what the first read costs once
    tracemalloc.start()
    try:
        rowids = case_rowids(cases, CaseFilter())
        _now, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert len(rowids) == 316
    assert peak < 316 * 8 + 3500, peak  # the array (grown by doubling) and the statements, no list of 316 rows


# --- second read (s62): an automatic refresh waits for the officer to leave the list; a read failed or cancelled
# leaves the list stale; the background read takes no write lock; the case selected stays in view through an edit


def _shown_active(qtbot, window, page) -> None:
    """The list (all 316 cases) in the window shown and active, nothing read still."""
    window.resize(1200, 700)
    window.show()
    window.case_tabs.setCurrentWidget(page)
    window.activateWindow()
    qtbot.waitUntil(lambda: page.isVisible() and window.isActiveWindow() and not page.reading.running,
                    timeout=20000)


def _one_added_elsewhere(db, prefix: str = "out") -> list[str]:
    other = _elsewhere(db)
    try:
        return _add_first(other, 1, prefix=prefix)
    finally:
        other.conn.close()


def test_no_activation_nor_deleted_row_reads_the_list_again_while_the_scroll_bar_is_dragged(
        qtbot, background, cases):  # noqa: F811
    window, page, _runner = background
    _shown_active(qtbot, window, page)
    _one_added_elsewhere(cases)
    page.table.verticalScrollBar().setSliderDown(True)  # the officer dragging the scroll bar
    QCoreApplication.sendEvent(page, QEvent(QEvent.Type.ActivationChange))
    page.model.rows_gone.emit()
    QCoreApplication.processEvents()
    assert not page.reading.running and page.model.rowCount() == 316
    page.table.verticalScrollBar().setSliderDown(False)
    page._check_while_shown()  # the next idle look reads it
    qtbot.waitUntil(lambda: not page.reading.running and page.model.rowCount() == 317, timeout=20000)


def test_an_outside_change_read_meanwhile_is_shown_only_once_the_officer_leaves_the_list(
        qtbot, background, cases):  # noqa: F811
    window, page, _runner = background
    _shown_active(qtbot, window, page)
    added = _one_added_elsewhere(cases)
    assert page.check_changed()
    assert page.count_label.text() == "316 cases"  # an automatic refresh: no "Searching the cases…"
    page.table.verticalScrollBar().setSliderDown(True)  # the officer took the scroll bar while it was read
    qtbot.waitUntil(lambda: not page.reading.running, timeout=20000)
    QCoreApplication.processEvents()
    assert page.model.rowCount() == 316 and added[0] not in listed(page)  # kept, not shown under the drag
    page._check_while_shown()
    assert page.model.rowCount() == 316
    page.table.verticalScrollBar().setSliderDown(False)
    page._check_while_shown()  # idle: the list read shown, no second read
    assert not page.reading.running
    assert page.model.rowCount() == 317 and added[0] in listed(page)
    assert page.count_label.text() == "317 cases"
    assert not page.check_changed()  # shown: the list is current


def test_the_officers_own_search_is_shown_at_once_even_while_the_scroll_bar_is_held(
        qtbot, background, cases):  # noqa: F811
    window, page, _runner = background
    _shown_active(qtbot, window, page)
    page.table.verticalScrollBar().setSliderDown(True)
    page.search.setText("鸿运")
    page.apply_filters()
    assert page.count_label.text() == "Searching the cases…"
    qtbot.waitUntil(lambda: not page.reading.running, timeout=20000)
    assert listed(page) == found(cases, search="鸿运")
    page.table.verticalScrollBar().setSliderDown(False)


def test_between_the_clicks_of_a_double_click_the_officer_is_at_the_list(qtbot, background, cases):  # noqa: F811
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication

    window, page, _runner = background
    _shown_active(qtbot, window, page)
    assert page._idle()
    QTest.mouseClick(page.table.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
                     page.table.visualRect(page.model.index(2, 1)).center())
    assert not page._idle()  # the second click may follow
    qtbot.wait(QApplication.doubleClickInterval() + 100)
    assert page._idle()


def test_a_read_cancelled_leaves_the_list_to_be_read_again(qtbot, background, cases):  # noqa: F811
    window, page, _runner = background
    _shown_active(qtbot, window, page)
    _one_added_elsewhere(cases)
    assert page.check_changed()
    page.reading.stop()  # cancelled (the window closing, another read): nothing shown
    assert page.model.rowCount() == 316
    assert page.check_changed()  # still stale: read again
    qtbot.waitUntil(lambda: not page.reading.running and page.model.rowCount() == 317, timeout=20000)


def test_the_background_read_takes_no_write_lock(cases):  # noqa: F811
    """Another program importing holds the write lock: the list is read all the same, at once (it waited for the
    lock — the busy timeout — and failed with "locked")."""
    from ui import case_model
    from workstation.progress import CancelToken

    other = _elsewhere(cases)
    other.conn.execute("BEGIN IMMEDIATE")
    try:
        listing = case_model.read_listing(cases.file(), CaseFilter(search="鸿运"), 200,
                                          progress=lambda *_a: None, cancel=CancelToken())
    finally:
        other.conn.rollback()
        other.conn.close()
    assert listing.total == 250


def test_the_background_read_of_a_database_gone_makes_no_empty_one(tmp_path, english):
    from ui import case_model
    from workstation.errors import DatabaseError
    from workstation.progress import CancelToken

    gone = tmp_path / "workstation.db"
    with pytest.raises(DatabaseError, match="No database at"):  # none made in its place
        case_model.read_listing(gone, CaseFilter(), 200, progress=lambda *_a: None, cancel=CancelToken())
    assert not gone.exists()


def test_the_case_selected_in_view_stays_in_view_when_its_edit_moves_it(qtbot, background, cases):  # noqa: F811
    """An edit of the case selected moves it in the sort (its number now first): the list read again keeps the
    case selected, and since it was in view, brings it into view (Enter or Ctrl+E act on a case the officer sees)."""
    window, page, _runner = background
    _shown_active(qtbot, window, page)
    page.table.scrollTo(page.model.index(250, 0), QAbstractItemView.ScrollHint.PositionAtTop)
    page.table.selectRow(252)
    QCoreApplication.processEvents()
    chosen = page.selected_case_id()
    cases.execute("UPDATE cases SET case_number = '佛南市监立〔1999〕1号' WHERE id = ?", [chosen])
    cases.conn.commit()
    page.refresh()  # the window's own save (``MainWindow._cases_changed``)
    qtbot.waitUntil(lambda: not page.reading.running, timeout=20000)
    QCoreApplication.processEvents()
    assert page.selected_case_id() == chosen
    row = page.model.row_of(chosen)
    assert row < 20  # moved to the top
    assert page.table.viewport().rect().contains(page.table.visualRect(page.model.index(row, 0)))
