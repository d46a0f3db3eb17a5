"""The document editor's audit (s60): what is typed in a cell of an item table still open is issued, saved as PDF or
DOCX and printed (and autosaved while it is typed, so a crash keeps it); Ctrl+Z in a cell opened by Tab takes back
the last step; a handwriting sheet prints a required date left empty as a date to write in (年 月 日), in the
window's and in ``docs render``'s PDF and DOCX alike; Print refuses a wrong draft as Save as PDF does and asks the
same handwriting question; a case filed while its 立案审批表 is open prints its number; an amount too large is told in
yuan in the window; a file named for another format is refused; the tooltips name the menu, not a command."""

from __future__ import annotations

import io
import json
import re

import pytest
from docx import Document

from PySide6.QtCore import Qt
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from tests.helpers import pdf_text, run
from workstation import procedure
from workstation.documents.drafts import find_form
from workstation.documents.issuing import document_pdf
from workstation.store import drafts, find_case, get_case

CASE = "佛南市监立〔2026〕9号"  # demo case under investigation
DATE_BLANK = "　　　　年　　月　　日"
TYPED = "MobilePhoneScreenshots"


def _shown(ed, qtbot) -> None:
    ed.show()
    qtbot.waitExposed(ed)
    ed.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is ed)


def _typing_in_cell(ed, qtbot, row: int = 0, column: int = 1, text: str = TYPED):
    """Open the cell with F2 and type ``text`` in it, not leaving it: the cell's editor, still open."""
    table = ed.fields["items"].table
    table.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is table)
    table.setCurrentCell(row, column)
    QTest.keyClick(table, Qt.Key.Key_F2)
    cell = QApplication.focusWidget()
    cell.selectAll()
    QTest.keyClicks(cell, text)
    assert table.state() == table.State.EditingState and TYPED not in ed.fields["items"].value()
    return cell


def _printer(path) -> QPrinter:
    printer = QPrinter(QPrinter.PrinterMode.ScreenResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(path))
    return printer


def _docx_text(data: bytes) -> str:
    word = Document(io.BytesIO(data))
    parts = [p.text for p in word.paragraphs]
    for table in word.tables:
        for row in table.rows:
            parts.extend(cell.text for cell in row.cells)
    return "".join(parts)


# 1, 6: a cell still being typed ----------------------------------------------------------------------------------
def test_issue_takes_the_text_of_a_cell_still_being_typed(demo_db, opened, prompts, qtbot, data_dir):
    ed = opened(demo_db, "evidence_extraction", find_case(demo_db, CASE))
    _shown(ed, qtbot)
    _typing_in_cell(ed, qtbot)
    prompts.confirm_answer = True
    ed.issue()
    assert ed.document is not None and prompts.errors == []
    assert TYPED in ed.document.values["items"]
    assert TYPED in pdf_text(document_pdf(demo_db, data_dir, ed.document.id))


@pytest.mark.parametrize("fmt", ["pdf", "docx"])
def test_save_as_takes_the_text_of_a_cell_still_being_typed(fmt, demo_db, opened, prompts, qtbot, tmp_path):
    ed = opened(demo_db, "evidence_extraction", find_case(demo_db, CASE))
    _shown(ed, qtbot)
    _typing_in_cell(ed, qtbot)
    target = tmp_path / f"证据提取单.{fmt}"
    prompts.files = [str(target)]
    ed.save_as(fmt)
    assert prompts.errors == []
    data = target.read_bytes()
    assert TYPED in (pdf_text(data) if fmt == "pdf" else _docx_text(data))


def test_print_takes_the_text_of_a_cell_still_being_typed(demo_db, opened, prompts, qtbot, tmp_path):
    ed = opened(demo_db, "evidence_extraction", find_case(demo_db, CASE))
    _shown(ed, qtbot)
    _typing_in_cell(ed, qtbot)
    assert ed.print_document(_printer(tmp_path / "printed.pdf")) >= 1
    assert prompts.errors == []
    assert TYPED in pdf_text(ed.pdf_bytes)  # the pages printed are the preview's


def test_typing_in_a_cell_is_autosaved_without_leaving_it(demo_db, opened, prompts, qtbot, monkeypatch):
    monkeypatch.setattr("ui.form_editor.AUTOSAVE_DELAY_MS", 50)
    ed = opened(demo_db, "evidence_extraction", find_case(demo_db, CASE))
    _shown(ed, qtbot)
    _typing_in_cell(ed, qtbot)
    # a crash now finds the cell's text in the draft offered back at the next start
    qtbot.waitUntil(lambda: TYPED in (drafts.get_draft(demo_db, ed.draft.id).values.get("items") or ""),
                    timeout=5000)
    assert ed.fields["items"].table.state() == ed.fields["items"].table.State.EditingState  # still typing


# 5: Ctrl+Z in a cell opened by Tab -------------------------------------------------------------------------------
def test_undo_in_a_cell_opened_by_tab_takes_back_the_cell_before(demo_db, opened, prompts, qtbot):
    ed = opened(demo_db, "seized_items_list", find_case(demo_db, CASE))
    _shown(ed, qtbot)
    grid = ed.fields["items"]
    _typing_in_cell(ed, qtbot, text="laptop")
    QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)  # kept; the next cell opens
    assert grid.value() == " | laptop"
    assert grid.table.state() == grid.table.State.EditingState
    QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert grid.value() == ""
    QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_Y, Qt.KeyboardModifier.ControlModifier)
    assert grid.value() == " | laptop"


def test_undo_while_typing_in_a_cell_takes_back_what_the_cell_typed(demo_db, opened, prompts, qtbot):
    ed = opened(demo_db, "seized_items_list", find_case(demo_db, CASE))
    _shown(ed, qtbot)
    grid = ed.fields["items"]
    _typing_in_cell(ed, qtbot, text="laptop")
    QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
    QTest.keyClicks(QApplication.focusWidget(), "2")
    QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert grid.value() == " | laptop"  # the 2 taken back, laptop kept


# 2: a required date left for handwriting -------------------------------------------------------------------------
@pytest.mark.parametrize("fmt", ["pdf", "docx"])
def test_a_handwriting_sheet_prints_an_empty_required_date_as_a_date_to_write_in(fmt, demo_db, opened, prompts,
                                                                                 tmp_path):
    ed = opened(demo_db, "penalty_decision", find_case(demo_db, CASE))
    ed.set_field("filed_on", "")
    ed.set_field("decided_on", "")
    prompts.confirm_answer = True
    target = tmp_path / f"决定书.{fmt}"
    prompts.files = [str(target)]
    ed.save_as(fmt)
    assert len(prompts.confirmations) == 1 and prompts.errors == []  # the handwriting question, answered Yes
    data = target.read_bytes()
    text = pdf_text(data) if fmt == "pdf" else _docx_text(data)
    assert f"本局于{DATE_BLANK}对" in text
    assert f"市场监督管理局{DATE_BLANK}" in text  # the 落款's date, to write by hand under the agency
    ed.wait_for_preview()
    assert f"本局于{DATE_BLANK}对" in pdf_text(ed.pdf_bytes)  # the preview shows the same sheet


def test_a_filled_date_prints_as_before(demo_db, opened, prompts, tmp_path):
    ed = opened(demo_db, "penalty_decision", find_case(demo_db, CASE))
    ed.set_field("filed_on", "2026-11-02")
    ed.wait_for_preview()
    assert "本局于2026年11月2日对" in pdf_text(ed.pdf_bytes)


def test_a_datetime_left_for_handwriting_prints_the_hour_and_minute_to_write_in():
    from workstation.formkit.refusals import handwriting_values
    from workstation.formkit.template import render

    form = find_form("on_the_spot_decision")
    values = handwriting_values(form, {"decided_at": None}, ["decided_at"])
    assert render("于{decided_at|datetime}在", values) == f"于{DATE_BLANK}　　时　　分在"
    assert render("{decided_at|date}", values) == DATE_BLANK
    assert render("{decided_at|datetime:至　　时　　分}", values) == "至　　时　　分"  # the form's own blank


@pytest.mark.parametrize("fmt", ["pdf", "docx"])
def test_docs_render_prints_an_empty_required_date_as_a_date_to_write_in(fmt, demo_db, data_dir, tmp_path, capsys,
                                                                         english):
    values = tmp_path / "values.json"
    values.write_text(json.dumps({"filed_on": ""}), encoding="utf-8")
    target = tmp_path / f"告知书.{fmt}"
    code, _out, err = run(capsys, "--data-dir", data_dir, "docs", "render", CASE, "--form", "pre_penalty_notice",
                          "--values", values, "-o", target)
    assert code == 0, err
    assert "printed as ruled blanks" in err
    data = target.read_bytes()
    text = pdf_text(data) if fmt == "pdf" else _docx_text(data)
    assert f"本局于{DATE_BLANK}对" in text


# 3: Print checks as Save as PDF does -----------------------------------------------------------------------------
def test_print_refuses_wrong_fields_as_save_as_pdf_does(demo_db, opened, prompts, tmp_path):
    ed = opened(demo_db, "penalty_decision", find_case(demo_db, CASE))
    ed.set_field("decided_on", "2026-12-01")
    ed.set_field("fine_fen", "约1.5万")
    ed.set_field("filed_on", "2026-11-31")
    prompts.files = [str(tmp_path / "决定书.pdf")]
    ed.save_as("pdf")
    assert len(prompts.errors) == 1 and "立案日期" in prompts.errors[0] and "罚款" in prompts.errors[0]
    assert not (tmp_path / "决定书.pdf").exists()
    printed = tmp_path / "printed.pdf"
    assert ed.print_document(_printer(printed)) == 0
    assert prompts.errors == [prompts.errors[0]] * 2 and not printed.exists()


def test_print_asks_the_handwriting_question_as_save_as_pdf_does(demo_db, opened, prompts, tmp_path, english):
    ed = opened(demo_db, "penalty_decision", find_case(demo_db, CASE))
    ed.set_field("decided_on", "2026-12-01")
    ed.set_field("filed_on", "")
    printed = tmp_path / "printed.pdf"
    prompts.confirm_answer = False
    assert ed.print_document(_printer(printed)) == 0 and not printed.exists()
    prompts.files = [str(tmp_path / "决定书.pdf")]
    ed.save_as("pdf")
    printing, saving = prompts.confirmations
    assert printing == saving.replace("Save a sheet", "Print a sheet") != saving
    assert printing.startswith("These fields are empty: 立案日期. Print a sheet to be filled in by hand")
    assert len(prompts.errors) == 2 and prompts.errors[0] == prompts.errors[1]  # declined: what to correct
    prompts.confirm_answer = True
    assert ed.print_document(_printer(printed)) >= 1 and printed.exists()
    assert f"本局于{DATE_BLANK}对" in pdf_text(ed.pdf_bytes)


# 4: a case filed while its editor is open -----------------------------------------------------------------------
def test_a_case_filed_while_its_approval_is_open_prints_its_number(db, make_case, make_window, prompts):
    case = make_case(status="pending_filing", lead_received_on="2026-11-01")
    window = make_window(db)
    ed = window.open_editor(get_case(db, case.id), find_form("filing_approval"))
    ed.wait_for_preview()
    assert ed.windowTitle().endswith("未立案") or ed.windowTitle().endswith("not filed")
    filed = procedure.apply(db, case.id, "file", on_date="2026-11-20")
    window._cases_changed([case.id])
    ed.wait_for_preview()
    assert ed.windowTitle().endswith(filed.case_number)
    assert filed.case_number.replace(" ", "") in pdf_text(ed.pdf_bytes)
    ed.shutdown()


# 7: an amount too large, in the window ---------------------------------------------------------------------------
def test_the_window_tells_an_amount_too_large_in_yuan(demo_db, opened, prompts, english):
    ed = opened(demo_db, "penalty_decision", find_case(demo_db, CASE))
    ed.set_field("fine_fen", "99999999999999999")
    said = ed.errors["fine_fen"]
    assert "write the amount in yuan" in said
    assert "fine_fen" not in said and "values file" not in said and " fen" not in said


# 8: a file named for another format ------------------------------------------------------------------------------
def test_save_as_pdf_refuses_a_file_named_docx(demo_db, opened, prompts, tmp_path, english):
    ed = opened(demo_db, "rectification_order", find_case(demo_db, CASE))
    target = tmp_path / "责令改正通知书.docx"
    prompts.files = [str(target)]
    ed.save_as("pdf")
    assert not target.exists()
    assert len(prompts.errors) == 1 and ".docx" in prompts.errors[0] and "PDF" in prompts.errors[0]
    prompts.files = [str(tmp_path / "责令改正通知书")]  # no extension: the chosen format's added
    ed.save_as("pdf")
    assert (tmp_path / "责令改正通知书.pdf").read_bytes().startswith(b"%PDF")


# tooltips --------------------------------------------------------------------------------------------------------
def test_the_tooltips_name_the_menu_not_the_command(demo_db, opened, prompts):
    ed = opened(demo_db, "hearing_notice", find_case(demo_db, CASE))
    tips = [widget.focus_widget.toolTip() for widget in ed.fields.values()]
    named = [tip for tip in tips if "本局文书信息" in tip]
    assert named and not any(re.search(r"station details|命令行", tip) for tip in named)
