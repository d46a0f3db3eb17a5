"""A holiday file imported from a case tab's 期限 section (s75): it goes the way the board's own import goes, so that the
board, the other open case tabs and the interviews follow the new calendar once — not only the section it was pressed
in. A section used on its own (no window) still counts itself again. The calendar note's 详情… has an Alt key on the
board and on a case tab."""

from __future__ import annotations

import pytest

from PySide6.QtWidgets import QApplication

pytestmark = pytest.mark.gui


def _t1(deadlines, case_id: str) -> list[str]:
    return [d.due for d in deadlines if d.clock == "T1" and d.case_id == case_id]


@pytest.mark.parametrize("real_runner", [False, True], ids=["immediate", "background"])
def test_a_holiday_file_imported_in_a_case_tab_moves_the_other_tab_and_the_board_too(
        make_window, make_case, db, data_dir, qtbot, prompts, tmp_path, december_22, english, real_runner):
    """Two cases whose leads came on 18 December 2026: T1 ends on 11 January 2027 on the guessed calendar, on
    Saturday 9 January once the file making it a working day is imported — from A's tab. B's tab and the board
    (both cases' rows) show 9 January as well."""
    from tests.test_s64_yearend import JAN_2027
    from ui.case_clocks import CaseClocks

    a = make_case(status="pending_filing", lead_received_on="2026-12-18")
    b = make_case(status="pending_filing", lead_received_on="2026-12-18")
    db.conn.commit()
    runner = None
    if real_runner:
        from ui.task_runner import TaskRunner

        runner = TaskRunner()
    window = make_window(db, runner=runner)
    window.show()
    board = window.board
    board.start()
    qtbot.waitUntil(lambda: board.started and not board.counting.running, timeout=30_000)
    tab_a, tab_b = window.open_case(a.id), window.open_case(b.id)
    window.case_tabs.setCurrentWidget(tab_a)

    def tab_t1(tab, case_id) -> list[str]:
        return _t1(tab.findChild(CaseClocks).deadlines, case_id)

    assert tab_t1(tab_a, a.id) == tab_t1(tab_b, b.id) == ["2027-01-11"]
    assert _t1(board.deadlines, a.id) == _t1(board.deadlines, b.id) == ["2027-01-11"]
    source = tmp_path / "jan.toml"
    source.write_text(JAN_2027, encoding="utf-8")
    prompts.files.append(str(source))
    try:
        section = tab_a.findChild(CaseClocks)
        assert not section.table.import_button.isHidden()  # offered under the note of 2027 without holiday data
        section.table.import_button.click()
        qtbot.waitUntil(lambda: bool(prompts.infos) or bool(prompts.errors), timeout=30_000)
        assert prompts.errors == []
        if runner is not None:
            qtbot.waitUntil(lambda: not runner._running, timeout=30_000)
        assert tab_t1(tab_a, a.id) == ["2027-01-09"]
        assert tab_t1(tab_b, b.id) == ["2027-01-09"]  # the other tab, without choosing it again
        window.case_tabs.setCurrentWidget(tab_b)
        assert tab_t1(tab_b, b.id) == ["2027-01-09"]
        window.case_tabs.setCurrentWidget(board)  # the board, shown: counted again on the new calendar
        qtbot.waitUntil(lambda: not board.stale and not board.counting.running, timeout=30_000)
        qtbot.waitUntil(lambda: _t1(board.deadlines, a.id) == ["2027-01-09"], timeout=30_000)
        assert _t1(board.deadlines, b.id) == ["2027-01-09"]
    finally:
        (data_dir / "calendar" / "2027.toml").unlink(missing_ok=True)
        if runner is not None:
            runner.wait()


def test_a_case_s_deadlines_on_their_own_count_themselves_again_after_the_import(
        make_case, db, data_dir, qtbot, prompts, tmp_path, december_22, english):
    from tests.test_s64_yearend import JAN_2027
    from ui.case_clocks import CaseClocks

    made = make_case(status="pending_filing", lead_received_on="2026-12-18")
    db.conn.commit()
    section = CaseClocks(db, made, prompts)
    qtbot.addWidget(section)
    assert _t1(section.deadlines, made.id) == ["2027-01-11"]
    source = tmp_path / "jan.toml"
    source.write_text(JAN_2027, encoding="utf-8")
    prompts.files.append(str(source))
    try:
        section.table.import_button.click()
        assert prompts.infos and prompts.errors == []
        assert _t1(section.deadlines, made.id) == ["2027-01-09"]
    finally:
        (data_dir / "calendar" / "2027.toml").unlink(missing_ok=True)


# ---- the calendar note's 详情… -----------------------------------------------------------------------------------

def test_details_has_its_alt_key_on_the_board_and_on_a_case_tab_opened_or_not(
        make_window, make_case, db, qtbot, december_22, english):
    """详情(&E)… on the board (no other control of the board takes E); on a case tab, whose letters and digits are
    taken, Alt+? like its other buttons' punctuation keys, named in its tooltip. The key stays when it is pressed and
    says 收起详情."""
    from ui.access_keys import CASE_PAGE_KEYS, letter_of
    from ui.case_clocks import CaseClocks

    made = make_case(status="pending_filing", lead_received_on="2026-12-18")
    db.conn.commit()
    window = make_window(db)
    window.show()
    board = window.board
    board.start()
    qtbot.waitUntil(lambda: board.started and not board.counting.running, timeout=30_000)
    details = board.table.note_details
    assert details.isVisible()  # 2027 counted without its holiday file: the note shown
    assert letter_of(details.text()) == "E"
    others = [b for b in board.findChildren(type(details)) if b is not details and letter_of(b.text())]
    assert "E" not in {letter_of(b.text()) for b in others}
    details.click()
    QApplication.processEvents()
    assert board.table.note.opened and letter_of(details.text()) == "E"
    details.click()
    tab = window.open_case(made.id)
    section = tab.findChild(CaseClocks)
    key = CASE_PAGE_KEYS["calendar_note_details"]
    assert letter_of(section.table.note_details.text()) == key
    assert section.table.note_details.toolTip().endswith(f"(Alt+{key})")
    section.table.note_details.click()
    assert section.table.note.opened and letter_of(section.table.note_details.text()) == key


def test_alt_question_mark_on_a_case_tab_opens_the_calendar_note_and_closes_it_again(
        make_window, make_case, db, qtbot, december_22, english):
    """Alt+? pressed with the keyboard in the case tab: the note shown whole, then one line again. On a keyboard it
    is Alt+Shift+/ (the US layout Chinese keyboards use), which Windows' and xkb's key mappers also match as Alt+?;
    the offscreen platform the tests run on has no keyboard layout and keeps Shift in the match, so the key is
    pressed here as those mappers hand it to Qt: "?" with Alt."""
    from PySide6.QtCore import Qt

    from tests.test_ui_keyboard import active
    from ui.case_clocks import CaseClocks

    made = make_case(status="pending_filing", lead_received_on="2026-12-18")
    db.conn.commit()
    window = active(qtbot, make_window(db))
    tab = window.open_case(made.id)
    section = tab.findChild(CaseClocks)
    qtbot.waitUntil(lambda: section.table.note_details.isVisible())
    assert not section.table.note.opened
    tab.focus_first()
    alt = Qt.KeyboardModifier.AltModifier
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Question, alt)
    qtbot.waitUntil(lambda: section.table.note.opened)  # the button's animated click
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Question, alt)
    qtbot.waitUntil(lambda: not section.table.note.opened)


def test_a_section_handed_a_board_s_import_imports_through_that_board(
        make_case, db, data_dir, qtbot, prompts, tmp_path, december_22, english):
    """A case's deadlines given the import of a board (as a case's workspace gives its window's): the file chosen
    once, and the board's rows counted again on the new calendar — not the section alone."""
    from tests.test_s64_yearend import JAN_2027
    from ui.case_clocks import CaseClocks
    from ui.deadlines import DeadlineBoard

    made = make_case(status="pending_filing", lead_received_on="2026-12-18")
    db.conn.commit()
    board = DeadlineBoard(db, prompts=prompts)
    qtbot.addWidget(board)
    board.show()
    board.refresh()
    assert _t1(board.deadlines, made.id) == ["2027-01-11"]
    section = CaseClocks(db, made, prompts, import_calendar=board.import_calendar)
    qtbot.addWidget(section)
    source = tmp_path / "jan.toml"
    source.write_text(JAN_2027, encoding="utf-8")
    prompts.files.append(str(source))
    try:
        section.table.import_button.click()
        assert prompts.errors == [] and len(prompts.infos) == 1  # asked and told once
        assert prompts.files == []
        qtbot.waitUntil(lambda: _t1(board.deadlines, made.id) == ["2027-01-09"], timeout=30_000)
    finally:
        (data_dir / "calendar" / "2027.toml").unlink(missing_ok=True)


def test_a_case_workspace_on_its_own_imports_for_its_deadlines(
        make_case, db, data_dir, qtbot, prompts, tmp_path, december_22, english):
    """A case's workspace outside the window (no board to import through): its deadlines count themselves again."""
    from tests.test_s64_yearend import JAN_2027
    from ui.case_clocks import CaseClocks
    from ui.case_workspace import CaseWorkspace

    made = make_case(status="pending_filing", lead_received_on="2026-12-18")
    db.conn.commit()
    workspace = CaseWorkspace(db, made.id, prompts, ask_transition=None, data_dir=data_dir)
    qtbot.addWidget(workspace)
    assert _t1(workspace.findChild(CaseClocks).deadlines, made.id) == ["2027-01-11"]
    source = tmp_path / "jan.toml"
    source.write_text(JAN_2027, encoding="utf-8")
    prompts.files.append(str(source))
    try:
        workspace.findChild(CaseClocks).table.import_button.click()
        assert prompts.infos and prompts.errors == []
        assert _t1(workspace.findChild(CaseClocks).deadlines, made.id) == ["2027-01-09"]
    finally:
        (data_dir / "calendar" / "2027.toml").unlink(missing_ok=True)


# ---- measuring a column's texts ---------------------------------------------------------------------------------

@pytest.mark.parametrize("grid", [True, False])
def test_cell_width_measures_a_column_as_qt_sizes_it_to_its_contents(qtbot, grid):
    """``ui.column_fit.cell_width`` (beside ``text_width``): the width Qt gives a column sized to its contents;
    ``text_width`` leaves room to spare."""
    from PySide6.QtGui import QStandardItem, QStandardItemModel
    from PySide6.QtWidgets import QTableView

    from ui.column_fit import cell_width, text_width

    texts = ["2027-01-09 (overdue)", "2027-01-11", "—"]
    model = QStandardItemModel(len(texts), 1)
    for row, text in enumerate(texts):
        model.setItem(row, 0, QStandardItem(text))
    view = QTableView()
    qtbot.addWidget(view)
    view.setModel(model)
    view.setShowGrid(grid)
    view.show()
    assert cell_width(view, texts) == view.sizeHintForColumn(0)
    assert text_width(view, texts) > cell_width(view, texts) - (1 if grid else 0) - 1
    assert cell_width(view, []) == (1 if grid else 0)
