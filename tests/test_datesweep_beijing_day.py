"""One "today" everywhere, Beijing's (``records.today``), whatever zone the machine's clock runs on: at 16:30 UTC on
31 December a laptop set to UTC is still in the old year while Beijing is already at 1 January. A case number or
文号 given then is of the new year, a date field opens on Beijing's day, the year proposed for a number block is
Beijing's, and an ID number of someone born on Beijing's today is accepted (tomorrow's is not)."""

from __future__ import annotations

import datetime as dt

import pytest

from PySide6.QtCore import QDate

from tests.conftest import ScriptedPrompts
from tests.helpers import copy_station_and_hq, move_program_clock, open_db
from workstation import records
from workstation.db.connection import immediate
from workstation.store import agency_id_for_code

#: New Year's Eve 16:30 on a machine running on UTC: 00:30 on 1 January 2031 in Beijing
MOMENT = dt.datetime(2030, 12, 31, 16, 30, tzinfo=dt.UTC)


@pytest.fixture
def new_year_in_beijing(monkeypatch):
    """records' clock reads MOMENT (everything that takes the day from ``records.today``/``now`` sees it)."""
    move_program_clock(monkeypatch, MOMENT)
    assert records.today() == "2031-01-01"


def _id_number(born: str) -> str:
    from workstation.validators import id_check_character

    first17 = f"440605{born}123"
    return first17 + id_check_character(first17)


# the year of a number -----------------------------------------------------------------------------------------

def test_a_case_numbered_on_beijing_s_new_year_s_day_has_the_new_year(make_case, new_year_in_beijing):
    assert make_case(status="investigating", filed_on="2031-01-01").case_number == "佛南市监立〔2031〕1号"


def test_a_document_number_taken_on_beijing_s_new_year_s_day_has_the_new_year(db, english, new_year_in_beijing):
    from workstation.documents.numbering import next_number, serial_refusal, take_number

    nanhai = agency_id_for_code("440605")
    assert next_number(db, nanhai, "处") == "佛南市监处〔2031〕1号"
    with immediate(db):
        taken = take_number(db, nanhai, "处")
    assert (taken.number, taken.year) == ("佛南市监处〔2031〕1号", 2031)
    assert serial_refusal(db, nanhai, "处", 1) == "佛南市监处〔2031〕1号 is already issued: choose a serial not used yet."


def test_the_issue_confirmation_names_the_serial_chosen_with_the_new_year(db, new_year_in_beijing):
    from ui.case_documents import serial_check
    from workstation.formkit.spec import load_forms

    form = load_forms()[0]["penalty_decision"]
    number, refusal = serial_check(db, agency_id_for_code("440605"), form)(7)
    assert number == "佛南市监处〔2031〕7号" and refusal is None


# birth dates --------------------------------------------------------------------------------------------------

def test_an_id_number_born_on_beijing_s_today_is_accepted_and_tomorrow_s_is_not(english, new_year_in_beijing):
    from workstation.evidence_count import as_id_number
    from workstation.validators import normalize_id_number

    born_today, born_tomorrow = _id_number("20310101"), _id_number("20310102")
    assert normalize_id_number(born_today) == born_today
    assert as_id_number(born_today) == born_today
    with pytest.raises(ValueError, match="after today"):
        normalize_id_number(born_tomorrow)
    assert as_id_number(born_tomorrow) is None


# the date fields and the year proposed in the window -------------------------------------------------------------

@pytest.mark.gui
def test_a_clock_event_s_date_fields_open_on_beijing_s_day(db, make_case, prompts, qtbot, new_year_in_beijing):
    from ui.case_clocks import ClockEventDialog

    dialog = ClockEventDialog(db, make_case(), prompts)
    qtbot.addWidget(dialog)
    assert {name: getattr(dialog, name).date() for name in ("starts_on", "ends_on", "approved_on")} == {
        "starts_on": QDate(2031, 1, 1), "ends_on": QDate(2031, 1, 1), "approved_on": QDate(2031, 1, 1)}


@pytest.mark.gui
def test_evidence_is_dated_beijing_s_day_unless_changed(db, data_dir, make_case, prompts, qtbot, tmp_path,
                                                       new_year_in_beijing):
    from ui.case_evidence import EvidenceDialog

    sheet = tmp_path / "客户信息表.csv"
    sheet.write_text("联系电话\n13800138000\n", encoding="utf-8")
    dialog = EvidenceDialog(db, data_dir, make_case(), prompts, path=str(sheet))
    qtbot.addWidget(dialog)
    assert dialog.collected_on.date() == QDate(2031, 1, 1)


class _DefaultsSeen(ScriptedPrompts):
    """Prompts that also keep the text each question offered."""

    def __init__(self):
        super().__init__()
        self.defaults: list[str] = []

    def ask_text(self, parent, title, label, default=""):
        self.defaults.append(default)
        return super().ask_text(parent, title, label, default)


@pytest.mark.gui
def test_a_number_block_is_proposed_for_beijing_s_year(station_and_hq_template, tmp_path, qtbot,
                                                        new_year_in_beijing):
    from ui.exchange_page import ExchangePage
    from ui.task_runner import ImmediateRunner
    from workstation.documents.number_blocks import known_type_codes
    from workstation.store import list_agencies

    station = copy_station_and_hq(station_and_hq_template(), tmp_path) / "station"
    db = open_db(station)
    try:
        prompts = _DefaultsSeen()
        page = ExchangePage(db, station, prompts, ImmediateRunner())
        qtbot.addWidget(page)
        nanhai = next(i for i, a in enumerate(list_agencies(db)) if a.code == "440605")
        prompts.choices = [nanhai, known_type_codes().index("处")]  # then cancelled at the year
        page.add_number_block()
        assert prompts.defaults == ["2031"] and prompts.errors == []
        assert db.execute("SELECT COUNT(*) FROM number_blocks").fetchone()[0] == 0
    finally:
        db.conn.close()
