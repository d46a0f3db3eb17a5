"""The deadline board's audit (REFERENCE §1.2 T15, T16, T30; §9): a 催告书 served too late for its ten working days
(T15) to end before the last day to apply to the court (T16) is warned about, the unpaid party's text says it is too
late rather than naming a day after T16, and T16 states the latest day to serve the 催告书; the board and the case's
deadlines are counted again once the day has changed (shown again, printed, exported); a public notice's deemed
service (T30 视为送达) once past leaves the board and ``--due-within``; the handout's case column holds a 文号 with
a three-digit serial on one line."""

from __future__ import annotations

import io
import json
from dataclasses import replace

from tests.helpers import program_day
from workstation import clocks
from workstation.records import ClockEvent
from workstation.store import get_case
from workstation.store.cases import update_case
from workstation.store.clock_events import early_demand, record_clock_event


def served_in_january(db, make_case):
    """A fine of ¥50,000 decided and served on Mon 2026-01-05: the party may sue until Mon 07-06 (T11), so the court
    is applied to by Tue 2026-10-06 (T16, a day of the National Day holidays: not moved)."""
    case = make_case(fine_fen=5_000_000)
    return update_case(db, replace(get_case(db, case.id), status="served", filed_on="2025-11-10",
                                   notice_served_on="2025-12-01", decided_on="2026-01-05", served_on="2026-01-05"),
                       allow_status_change=True)


def demand(case, day: str) -> ClockEvent:
    return ClockEvent(case_id=case.id, kind="demand", starts_on=day, note="催告书")


def t16(db, case, on: str):
    [found] = [d for d in clocks.case_clocks(db, get_case(db, case.id), on=on) if d.clock == "T16"]
    return found


# 1. a late 催告书 --------------------------------------------------------------------------------------------------

def test_a_demand_whose_ten_working_days_end_after_t16_is_warned_about(db, make_case, english):
    case = served_in_january(db, make_case)
    assert (t16(db, case, "2026-09-20").due, t16(db, case, "2026-09-20").state) == ("2026-10-06", "open")
    # served Mon 09-28: Sep 29, 30, [Oct 1–7], 8, 9, Sat 10 (make-up), 12–16: T15 ends Fri 10-16, after T16
    warning = early_demand(db, get_case(db, case.id), demand(case, "2026-09-28"))
    assert warning.startswith("Served on 2026-09-28, the 催告书 leaves the party ten working days (T15) until "
                              "2026-10-16")
    assert "2026-10-06" in warning and "by 2026-09-16 at the latest" in warning
    # Wed 09-16: Sep 17, 18, Sun 20 (make-up), 21–24, 28–30: its ten days end on 09-30, before 10-06
    assert early_demand(db, get_case(db, case.id), demand(case, "2026-09-16")) == ""
    # Thu 09-17: they end on Thu 10-08, after it
    assert early_demand(db, get_case(db, case.id), demand(case, "2026-09-17")).startswith("Served on 2026-09-17")
    record_clock_event(db, demand(case, "2026-09-28"))  # a warning, not a refusal
    assert [d.due for d in clocks.case_clocks(db, get_case(db, case.id), on="2026-09-29") if d.clock == "T15"] == [
        "2026-10-16"]


def test_the_event_dialog_shows_the_late_demand_warning_and_still_saves(db, make_case, prompts, qtbot, english,
                                                                        monkeypatch):
    from PySide6.QtCore import QDate

    from ui.case_clocks import ClockEventDialog

    program_day(monkeypatch, "2026-09-29")
    dialog = ClockEventDialog(db, get_case(db, served_in_january(db, make_case).id), prompts)
    qtbot.addWidget(dialog)
    dialog.kind.setCurrentIndex(dialog.kind.findData("demand"))
    dialog.starts_on.setDate(QDate(2026, 9, 28))
    assert "until 2026-10-16, on or after 2026-10-06" in dialog.hint.text()
    assert dialog.buttons.button(dialog.buttons.StandardButton.Save).isEnabled()
    dialog.starts_on.setDate(QDate(2026, 9, 16))
    assert "Served on" not in dialog.hint.text()


def test_the_unpaid_partys_text_says_it_is_too_late_instead_of_a_day_after_t16(db, make_case, english,
                                                                                monkeypatch):
    from workstation.enforcement import closing_refusal, unpaid_parties

    program_day(monkeypatch, "2026-09-29")
    case = served_in_january(db, make_case)
    record_clock_event(db, demand(case, "2026-09-28"))
    [item] = unpaid_parties(db, get_case(db, case.id))
    assert (item.earliest, item.last) == ("2026-10-17", "2026-10-06")
    text = closing_refusal(db, get_case(db, case.id))
    assert "may be applied to from 2026-10-17" not in text
    assert "it is too late to apply to the court" in text and "2026-10-06" in text


def test_a_demand_in_time_still_says_from_when_the_court_may_be_applied_to(db, make_case, english, monkeypatch):
    from workstation.enforcement import closing_refusal

    program_day(monkeypatch, "2026-09-17")
    case = served_in_january(db, make_case)
    record_clock_event(db, demand(case, "2026-09-16"))
    text = closing_refusal(db, get_case(db, case.id))
    assert "the court may be applied to from 2026-10-01" in text and "too late" not in text


def test_t16_states_the_latest_day_to_serve_the_demand_on_the_case_and_the_board(db, make_case, prompts, qtbot,
                                                                                  english, monkeypatch):
    from ui.case_clocks import CaseClocks
    from ui.deadlines import TIME_LIMIT, DeadlineBoard

    program_day(monkeypatch, "2026-09-01")
    case = served_in_january(db, make_case)
    section = CaseClocks(db, get_case(db, case.id), prompts)
    qtbot.addWidget(section)
    assert section.table.select_clock("T16")
    said = "To apply to the court by 2026-10-06, serve the 催告书 by 2026-09-16 at the latest"
    assert said in section.table.detail.toPlainText()
    board = DeadlineBoard(db, prompts=prompts)
    qtbot.addWidget(board)
    board.refresh()
    model = board.table.model
    [row] = [r for r, d in enumerate(model.records) if d.case_id == case.id and d.clock == "T16"]
    assert said in model.data(model.index(row, TIME_LIMIT), 3)  # its tooltip: how it was counted
    # once the latest day is past, T16 still running, it is no longer given as an instruction
    program_day(monkeypatch, "2026-09-17")
    section.refresh()
    section.table.select_clock("T16")
    assert "serve the 催告书 by" not in section.table.detail.toPlainText()
    # once it has run out the day is no longer told
    program_day(monkeypatch, "2026-10-07")
    section.refresh()
    section.table.select_clock("T16")
    assert "serve the 催告书 by" not in section.table.detail.toPlainText()


# 2. counted again once the day changed ----------------------------------------------------------------------------

def t2_due_on_22_december(db, make_case):
    """An investigation filed Wed 2026-09-23: T2 ends on Tue 12-22."""
    case = make_case(officer_names=("陈志强",))
    return update_case(db, replace(get_case(db, case.id), status="investigating", filed_on="2026-09-23"),
                       allow_status_change=True)


def board_counted_on_21_december(db, prompts, qtbot):
    """The deadline board shown and counted on 2026-12-21 (the program's day set so by the test)."""
    from ui.deadlines import DeadlineBoard

    board = DeadlineBoard(db, prompts=prompts)
    qtbot.addWidget(board)
    board.show()
    board.start()
    qtbot.waitUntil(lambda: board.started and board.counted_on == "2026-12-21")
    return board


def _t2_row(board, case):
    model = board.table.model
    return next(d for d in model.records if d.case_id == case.id and d.clock == "T2")


def test_the_board_counts_again_when_shown_on_a_later_day(db, make_case, prompts, qtbot, monkeypatch):

    case = t2_due_on_22_december(db, make_case)
    program_day(monkeypatch, "2026-12-21")
    board = board_counted_on_21_december(db, prompts, qtbot)
    assert _t2_row(board, case).state == "due_soon"
    board.hide()
    program_day(monkeypatch, "2026-12-23")  # left open over two nights
    board.show()
    assert board.counted_on == "2026-12-23"
    assert (_t2_row(board, case).state, _t2_row(board, case).days_left) == ("overdue", -1)
    board.group.setCurrentIndex(board.group.findData("week"))
    assert all(d.case_id != case.id for d in board.table.model.records)


def test_print_and_export_count_again_on_a_later_day(db, make_case, prompts, qtbot, monkeypatch, tmp_path):
    from openpyxl import load_workbook

    from tests.helpers import pdf_text

    case = t2_due_on_22_december(db, make_case)
    program_day(monkeypatch, "2026-12-21")
    board = board_counted_on_21_december(db, prompts, qtbot)
    program_day(monkeypatch, "2026-12-23")  # shown all along: printed two days later
    written = board.print_list(str(tmp_path / "list.pdf"))
    text = pdf_text((tmp_path / "list.pdf").read_bytes())
    assert written and "2026-12-23" in text and "2026-12-21" not in text
    assert board.counted_on == "2026-12-23" and _t2_row(board, case).state == "overdue"
    assert board._file_name(".pdf").endswith("2026-12-23.pdf")
    program_day(monkeypatch, "2026-12-24")
    board.export_list(str(tmp_path / "list.xlsx"))
    sheet = load_workbook(io.BytesIO((tmp_path / "list.xlsx").read_bytes())).active
    assert "2026-12-24" in str(sheet["A2"].value)
    assert board.counted_on == "2026-12-24"


class HeldRunner:
    """Holds each count until the test runs it (``finish``), on the test's thread, as a long count in the background."""

    def __init__(self):
        self.held = []

    def start(self, _title, work, on_done, _on_error, _progress):
        from workstation.progress import CancelToken

        self.held.append((work, on_done))
        return CancelToken()

    def run(self, _title, work, on_done, _on_error, _parent) -> None:  # writing a list: at once
        on_done(work(progress=None, cancel=None))

    def finish(self) -> None:
        from workstation.progress import CancelToken

        work, on_done = self.held.pop()
        on_done(work(progress=lambda *_a: None, cancel=CancelToken()))


def test_printed_on_a_later_day_the_background_count_is_awaited(db, make_case, data_dir, prompts, qtbot,
                                                                 monkeypatch, tmp_path, english):
    from tests.helpers import pdf_text
    from ui.deadlines import DeadlineBoard
    from workstation.paths import database_path

    t2_due_on_22_december(db, make_case)
    program_day(monkeypatch, "2026-12-21")
    runner = HeldRunner()
    board = DeadlineBoard(db, runner=runner, database=database_path(data_dir), prompts=prompts)
    qtbot.addWidget(board)
    board.refresh()
    runner.finish()
    assert board.counted_on == "2026-12-21"
    program_day(monkeypatch, "2026-12-23")
    prompts.files = [str(tmp_path / "list.pdf")]
    assert board.print_list() == ""  # counted again first: nothing written from 12-21's count, no file asked
    assert prompts.errors == ["The day has changed since the deadlines were counted: they are being counted again "
                              "for 2026-12-23. Print or export the list once it is shown."]
    assert prompts.files and board.counting.running
    runner.finish()
    assert board.counted_on == "2026-12-23"
    assert board.print_list()
    assert "2026-12-23" in pdf_text((tmp_path / "list.pdf").read_bytes())


def test_a_board_left_shown_counts_again_once_the_day_has_changed(db, make_case, prompts, qtbot, monkeypatch):

    case = t2_due_on_22_december(db, make_case)
    program_day(monkeypatch, "2026-12-21")
    board = board_counted_on_21_december(db, prompts, qtbot)
    board.day_watch.timeout.emit()  # the minute's look at the day: nothing changed
    assert board.counted_on == "2026-12-21"
    program_day(monkeypatch, "2026-12-23")
    board.day_watch.timeout.emit()
    assert board.counted_on == "2026-12-23" and _t2_row(board, case).state == "overdue"


def test_the_cases_deadlines_count_again_on_a_later_day(db, make_case, prompts, qtbot, monkeypatch):
    from ui.case_clocks import CaseClocks

    case = t2_due_on_22_december(db, make_case)
    program_day(monkeypatch, "2026-12-21")
    section = CaseClocks(db, get_case(db, case.id), prompts)
    qtbot.addWidget(section)
    section.show()
    assert next(d for d in section.table.model.records if d.clock == "T2").state == "due_soon"
    section.hide()
    program_day(monkeypatch, "2026-12-23")
    section.show()
    assert next(d for d in section.table.model.records if d.clock == "T2").state == "overdue"
    program_day(monkeypatch, "2026-12-24")
    section.day_watch.timeout.emit()  # shown all along
    assert next(d for d in section.table.model.records if d.clock == "T2").days_left == -2


# 3. a past deemed service leaves the board -----------------------------------------------------------------------

def test_a_past_deemed_service_by_public_notice_leaves_the_board_and_due_within(db, make_case):
    case = make_case(status="investigating", filed_on="2026-08-01")
    record_clock_event(db, ClockEvent(case_id=case.id, kind="announcement", starts_on="2026-09-01",
                                      note="公告送达询问通知书"))
    # during the notice period (公告期内) it is shown
    assert [(d.clock, d.state) for d in clocks.board(db, on="2026-09-15") if d.case_id == case.id] == [
        ("T30", "open"), ("T2", "open")]
    # deemed served on 10-01: kept on the case, off the board and --due-within
    assert [d.state for d in clocks.case_clocks(db, get_case(db, case.id), on="2026-10-05") if d.clock == "T30"] == [
        "deemed"]
    for due_within in (None, 7):
        assert [d.clock for d in clocks.board(db, on="2026-10-05", due_within=due_within)
                if d.case_id == case.id] == (["T2"] if due_within is None else [])
    assert [d.clock for d in clocks.board(db, on="2026-12-05") if d.case_id == case.id] == ["T2"]


def test_cli_due_within_leaves_out_a_past_deemed_service(db, make_case, data_dir, capsys):
    from workstation.cli import main

    case = make_case(status="investigating", filed_on="2026-08-01")
    record_clock_event(db, ClockEvent(case_id=case.id, kind="announcement", starts_on="2026-09-01"))
    assert main(["clocks", "--data-dir", str(data_dir), "--json", "--due-within", "7", "--as-of", "2026-10-05"]) == 0
    assert [row["clock"] for row in json.loads(capsys.readouterr().out)] == []
    assert main(["clocks", "--data-dir", str(data_dir), "--json", "--due-within", "20", "--as-of", "2026-09-15"]) == 0
    assert [row["clock"] for row in json.loads(capsys.readouterr().out)] == ["T30"]  # in its notice period


# 4. the handout's case column ------------------------------------------------------------------------------------

def test_the_handout_prints_a_three_digit_serial_on_one_line(db, make_case, tmp_path):
    from pypdf import PdfReader

    from workstation.board_export import name_rows, write_handout

    case = t2_due_on_22_december(db, make_case)
    deadlines = [replace(d, case_number=number) for d, number in zip(
        [d for d in clocks.board(db, on="2026-12-01") if d.case_id == case.id] * 3,
        ("佛南市监立〔2026〕100号", "佛南市监立〔2026〕10号", "佛南市监立〔2026〕9号"), strict=False)]
    name_rows(db, deadlines)
    path = write_handout(tmp_path / "list.pdf", "期限提醒", "2026-12-01", deadlines)
    lines = [line.replace(" ", "") for page in PdfReader(io.BytesIO(path.read_bytes())).pages
             for line in page.extract_text().splitlines()]
    for number in ("佛南市监立〔2026〕100号", "佛南市监立〔2026〕10号", "佛南市监立〔2026〕9号"):
        assert any(number in line for line in lines), (number, lines)
