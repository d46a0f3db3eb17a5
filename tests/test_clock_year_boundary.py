"""The tests' "today" and "this year" are the program's (``records.today``, Beijing's), not the machine's: at 17:00
UTC on 31 December 2026, on a UTC machine (as CI runs), Beijing is at 01:00 on 1 January 2027, and a case number or
文号 taken then, or a date field's default, is of 2027. The helpers the number and date tests take their year and
day from (``tests.helpers.beijing_year`` and friends) follow records' clock there, and so do the notes the program
writes with a time (the unrepaired-problems note of the start check)."""

from __future__ import annotations

import datetime as dt

import pytest

from PySide6.QtCore import QDate

from tests.helpers import beijing_qdate, beijing_today, beijing_year, move_program_clock
from workstation import records
from workstation.db.connection import immediate
from workstation.store import agency_id_for_code

#: New Year's Eve 17:00 on a machine running on UTC: 01:00 on 1 January 2027 in Beijing
MOMENT = dt.datetime(2026, 12, 31, 17, 0, tzinfo=dt.UTC)


@pytest.fixture
def beijing_new_year(monkeypatch):
    """records' clock reads MOMENT (everything that takes the time from ``records.today``/``now`` sees it)."""
    move_program_clock(monkeypatch, MOMENT)
    assert records.now().startswith("2027-01-01T01:00")


def test_the_tests_day_and_year_are_beijing_s(beijing_new_year):
    assert beijing_today() == dt.date(2027, 1, 1)
    assert beijing_year() == 2027
    assert beijing_qdate() == QDate(2027, 1, 1)


def test_a_case_number_and_a_document_number_taken_then_carry_the_tests_year(db, make_case, beijing_new_year):
    from workstation.documents.numbering import take_number

    year = beijing_year()  # what the number tests compare with
    case = make_case(status="investigating", filed_on=beijing_today().isoformat())
    assert case.case_number == f"佛南市监立〔{year}〕1号" == "佛南市监立〔2027〕1号"
    with immediate(db):
        taken = take_number(db, agency_id_for_code("440605"), "处")
    assert (taken.number, taken.year) == (f"佛南市监处〔{year}〕1号", 2027)


@pytest.mark.gui
def test_evidence_dated_three_days_after_the_tests_today_is_refused(db, data_dir, make_case, prompts, qtbot,
                                                                   tmp_path, english, beijing_new_year):
    from PySide6.QtWidgets import QDialogButtonBox

    from ui.case_evidence import EvidenceDialog

    sheet = tmp_path / "客户信息表.csv"
    sheet.write_text("联系电话\n13800138000\n", encoding="utf-8")
    dialog = EvidenceDialog(db, data_dir, make_case(), prompts, path=str(sheet))
    qtbot.addWidget(dialog)
    save = dialog.buttons.button(QDialogButtonBox.StandardButton.Save)
    assert dialog.collected_on.date() == beijing_qdate() and save.isEnabled()
    dialog.collected_on.setDate(beijing_qdate().addDays(3))  # 2027-01-04: three days ahead in Beijing
    assert not save.isEnabled()
    assert "in the future" in dialog.errors["collected_on"].text()


def test_the_unrepaired_problems_note_is_dated_in_beijing_time(tmp_path, beijing_new_year):
    from workstation.repair import keep_unrepaired, unrepaired

    assert keep_unrepaired(tmp_path, ["cases: 1 row has no case number"])
    assert unrepaired(tmp_path) == {"found": "2027-01-01 01:00", "problem": "cases: 1 row has no case number"}
