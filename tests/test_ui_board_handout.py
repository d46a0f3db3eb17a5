"""The deadline board as an officer uses it in the window: each row names the case's party (masked) and officers,
a click on a header sorts with an arrow (until then the groups' order), the legal source elides with its whole text
as tooltip at 1,024 pixels, Ctrl+P saves the list shown as a PDF and Export writes it as XLSX, titled with the
filter; a deadline opened from the board opens its case at the deadlines section with that clock selected."""

import io
from dataclasses import replace

import pytest
from openpyxl import load_workbook

from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QApplication

from tests.helpers import pdf_text
from ui.deadlines import OFFICERS, PARTY, SOURCE
from workstation.i18n import _
from workstation.store import get_case
from workstation.store.cases import update_case

pytestmark = pytest.mark.gui


def stage(db, case, status, **dates):
    return update_case(db, replace(get_case(db, case.id), status=status, **dates), allow_status_change=True)


def _board_window(db, make_case, officers, make_window, qtbot, monkeypatch, day: str):
    """The window of ``board_window``, its board counted on ``day``."""
    from tests.helpers import program_day
    from workstation.records import Case, Party
    from workstation.store import agency_id_for_code, create_case, save_party

    program_day(monkeypatch, day)
    stage(db, make_case(officer_names=("陈志强",)), "investigating", filed_on="2026-11-20")
    person = save_party(db, Party(kind="person", name="王五13800138000"))
    second = create_case(db, Case(case_number="", cause="涉嫌发送商业性短信案", sector="real_estate",
                                  agency_id=agency_id_for_code("440605"), status="pending_filing",
                                  party_ids=[person.id], officer_ids=[officers["黄丽娟"].id]))
    stage(db, second, "investigating", filed_on="2027-03-07")
    window = make_window(db)
    window.resize(1024, 700)
    window.show()
    qtbot.waitExposed(window)
    window.board.start()
    qtbot.waitUntil(lambda: window.board.started and window.board.table.model.rowCount() > 0)
    return window


@pytest.fixture
def board_window(db, make_case, officers, make_window, qtbot, monkeypatch):
    """A window whose board lists two investigations: one of 陈志强 alone, one of 黄丽娟 whose party is a person
    named with a phone number, T2 of the latter ending on Saturday 2027-06-05; counted on 3 December 2026."""
    return _board_window(db, make_case, officers, make_window, qtbot, monkeypatch, "2026-12-03")


def cell(model, row, column, role=Qt.ItemDataRole.DisplayRole):
    return model.data(model.index(row, column), role)


def test_rows_name_the_party_masked_and_the_officers_and_headers_sort(board_window, qtbot):
    model, view = board_window.board.table.model, board_window.board.table.view
    headers = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
    assert headers[PARTY] == _("Party") and headers[OFFICERS] == _("Officers")
    parties = {cell(model, r, PARTY) for r in range(model.rowCount())}
    assert "佛山市南海区誉嘉房地产代理有限公司" in parties
    assert not any("13800138000" in p for p in parties) and any(p.startswith("王五138") for p in parties)
    officers = {cell(model, r, OFFICERS) for r in range(model.rowCount())}
    assert {"陈志强", "黄丽娟"} <= officers
    # the groups' order until a header is clicked: soonest first, no sort arrow
    assert view.horizontalHeader().sortIndicatorSection() == -1
    dues = [d.due for d in model.records if d.due]
    assert dues == sorted(dues)
    header = view.horizontalHeader()
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton,
                     pos=QPoint(header.sectionViewportPosition(OFFICERS) + 10, header.height() // 2))
    assert view.isSortingEnabled() and view.horizontalHeader().sortIndicatorSection() == OFFICERS
    names = [cell(model, r, OFFICERS) for r in range(model.rowCount())]
    assert names in (sorted(names), sorted(names, reverse=True)) and names[0] != names[-1]


def test_the_source_elides_with_a_tooltip_and_the_columns_fit_1024_pixels(board_window):
    view = board_window.board.table.view
    model = view.model()
    header = view.horizontalHeader()
    right = header.sectionViewportPosition(SOURCE) + header.sectionSize(SOURCE)
    assert right <= view.viewport().width() + 1  # the last column ends within the table, not past its edge
    assert cell(model, 0, SOURCE, Qt.ItemDataRole.ToolTipRole) == model.records[0].source
    assert view.textElideMode() == Qt.TextElideMode.ElideRight and not view.wordWrap()


def test_the_columns_still_fit_1024_pixels_when_the_deadlines_are_long_overdue(db, make_case, officers, make_window,
                                                                              qtbot, monkeypatch):
    """Counted on 22 June 2027 the first deadline is 124 days overdue (已过124日 widens 剩余) and the other's state
    carries both marks: the state column kept its least width (150) and the table ran 8 pixels past its edge. It
    now takes the room left, its text whole in the tooltip."""
    window = _board_window(db, make_case, officers, make_window, qtbot, monkeypatch, "2027-06-22")
    view = window.board.table.view
    model = view.model()
    assert [cell(model, r, 2) for r in range(model.rowCount())] == ["已过124日", "已过17日"]
    header = view.horizontalHeader()
    assert header.sectionViewportPosition(SOURCE) + header.sectionSize(SOURCE) <= view.viewport().width() + 1
    assert header.sectionSize(0) >= view.fontMetrics().horizontalAdvance("已逾期")  # the state's word still read
    assert all(header.sectionSize(c) >= 120 for c in (PARTY, SOURCE))


def test_a_t2_ending_on_a_rest_day_is_marked_in_its_row(board_window):
    model = board_window.board.table.model
    row = next(r for r, d in enumerate(model.records) if d.clock == "T2" and d.due == "2027-06-05")
    assert _(" (last day may be a rest day)") in cell(model, row, 0)  # 2027 has no holiday data: not a fact
    other = next(r for r, d in enumerate(model.records) if d.clock == "T2" and d.due != "2027-06-05")
    assert _(" (last day a rest day)") not in cell(model, other, 0)
    assert _(" (last day may be a rest day)") not in cell(model, other, 0)


def test_ctrl_p_saves_the_list_shown_as_a_pdf_and_export_writes_xlsx(board_window, prompts, officers, tmp_path):
    board = board_window.board
    board.officer.setCurrentIndex(board.officer.findData(officers["陈志强"].id))
    assert {d.officers for d in board.table.model.records} == {"陈志强"}
    pdf = tmp_path / "list.pdf"
    prompts.files.append(str(pdf))
    assert board_window.print_current() == ""  # Ctrl+P on 期限: no "nothing to print"
    text = pdf_text(pdf.read_bytes())
    assert "陈志强" in text and board.counted_on in text and "黄丽娟" not in text
    assert str(pdf) in prompts.infos[-1]

    sheet_file = tmp_path / "list.xlsx"
    prompts.files.append(str(sheet_file))
    board.export_button.click()
    sheet = load_workbook(io.BytesIO(sheet_file.read_bytes())).active
    assert sheet["A1"].value == board.handout_title() and "陈志强" in sheet["A1"].value
    assert board.group.currentText() in sheet["A1"].value and board.counted_on in sheet["A2"].value
    rows = [[c.value for c in row] for row in sheet.iter_rows(min_row=5)]
    assert len(rows) == board.table.model.rowCount() and {r[OFFICERS] for r in rows} == {"陈志强"}


def test_an_export_to_an_unknown_type_is_refused_and_writes_nothing(board_window, prompts, tmp_path):
    prompts.files.append(str(tmp_path / "list.txt"))
    board_window.board.export_button.click()
    assert prompts.errors and "list.txt" in prompts.errors[-1]
    assert not (tmp_path / "list.txt").exists()


def test_opening_a_deadline_opens_its_case_at_the_deadlines_with_that_clock_selected(board_window, qtbot):
    board = board_window.board
    model = board.table.model
    row = next(r for r, d in enumerate(model.records) if d.case_id and d.clock == "T2")
    chosen = model.records[row]
    board.table.view.activated.emit(model.index(row, 0))
    workspace = board_window.case_tabs.currentWidget()
    assert workspace.case_id == chosen.case_id
    table = workspace.clocks.table
    selected = table.view.selectionModel().selectedRows()
    assert [table.model.records[i.row()].clock for i in selected] == ["T2"]
    assert QApplication.focusWidget() is table.view

    def scrolled_to_the_deadlines():
        bar = workspace.scroll.verticalScrollBar()
        top = workspace.clocks.mapTo(workspace.body, workspace.clocks.rect().topLeft()).y()
        return bar.value() > 0 and bar.value() == min(top, bar.maximum())

    qtbot.waitUntil(scrolled_to_the_deadlines)
