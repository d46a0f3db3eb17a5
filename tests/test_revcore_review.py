"""Mends of the session review (core): what the officer sees when the disk refuses, and the edge cases found."""

from __future__ import annotations

import errno
from pathlib import Path

import pytest

from tests.helpers import fixed_holidays_toml
from tests.test_yearfix import CAL_2027
from workstation.errors import WorkstationError


def test_a_holiday_file_the_full_disk_cuts_off_leaves_no_part_file_and_says_why(tmp_path, monkeypatch, english):
    from workstation import workdays

    source = tmp_path / "2027.toml"
    source.write_text(CAL_2027, encoding="utf-8")
    data_dir = tmp_path / "data"
    folder = data_dir / workdays.CALENDAR_DIR
    folder.mkdir(parents=True)
    original = Path.write_bytes

    def full_disk(self, data):
        if self.name.endswith(".part"):
            original(self, data[:10])  # the disk fills up in the middle of the copy
            raise OSError(errno.ENOSPC, "No space left on device")
        return original(self, data)

    monkeypatch.setattr(Path, "write_bytes", full_disk)
    with pytest.raises(WorkstationError) as refused:
        workdays.import_year_file(data_dir, source)
    message = refused.value.message
    assert str(folder / "2027.toml") in message
    assert "the disk is full" in message and "the holidays of 2027 were not added" in message
    assert sorted(p.name for p in folder.iterdir()) == []  # neither the year's file nor a half-written copy


#: a fictional 2030 (no shipped or chinesecalendar data): 1–9 January off, and the other holidays the law fixes
CAL_2030 = """year = 2030
source = "测试用通知"
[[holiday]]
name = "元旦"
from = 2030-01-01
to = 2030-01-09
""" + fixed_holidays_toml(2030, but=("元旦",))


def test_the_hearing_notice_counts_its_seven_working_days_on_the_holiday_file_the_officer_added(demo_db, english):
    from workstation.clocks import data_dir_of
    from workstation.documents.stage_rules import stage_refusal
    from workstation.store import get_case
    from workstation.workdays import CALENDAR_DIR, reload_calendars

    case = get_case(demo_db, demo_db.execute("SELECT id FROM cases ORDER BY id LIMIT 1").fetchone()[0])
    notice = {"issued_on": "2030-01-02", "hearing_date": "2030-01-11"}
    reload_calendars()
    # Monday to Friday (no data for 2030): 3, 4, 7, 8, 9, 10, 11 January — the 11th is the seventh working day
    assert stage_refusal(demo_db, case, "hearing_notice", notice) is None
    folder = data_dir_of(demo_db) / CALENDAR_DIR
    folder.mkdir(exist_ok=True)
    (folder / "2030.toml").write_text(CAL_2030, encoding="utf-8")
    reload_calendars()
    try:
        # with 1–9 January off: 10, 11, 14, 15, 16, 17, 18 — as the deadline board counts it
        refusal = stage_refusal(demo_db, case, "hearing_notice", notice)
        assert refusal is not None and "hold it on 2030-01-18 or later" in refusal
    finally:
        (folder / "2030.toml").unlink()
        reload_calendars()
