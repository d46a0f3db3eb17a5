"""A case's deadlines sort their Remaining column on this data folder's calendar, as the board does
(tests/test_s53_calendar.py): a paused clock's working days left count the holidays of a year file dropped here."""

from __future__ import annotations

import pytest

from tests.test_s53_calendar import FULL_2027
from workstation.workdays import reload_calendars

pytestmark = pytest.mark.gui


def test_a_case_s_deadlines_sort_remaining_with_the_data_folder_s_calendar(demo_db, qtbot, prompts, monkeypatch,
                                                                           english):
    from PySide6.QtCore import Qt

    from ui import deadlines
    from ui.case_clocks import CaseClocks
    from workstation import clocks
    from workstation.clocks import data_dir_of
    from workstation.store import list_cases

    monkeypatch.setattr(deadlines, "_today", lambda: "2027-02-01")
    deadlines._LEFT_ENGINES.clear()
    rule = {r.id: r for r in clocks.rules()}
    # 5 working days from Monday 2027-02-01: 8 February without holiday data, 16 February with 春节 5–13 February
    paused = clocks.Deadline(case_id="a", case_number="1", rule=rule["T1"], state="stopped", days_left=5,
                             detail=(("stopped", 0, ("hearing",)),))
    running = clocks.Deadline(case_id="b", case_number="2", rule=rule["T1"], state="running", days_left=10)
    target = data_dir_of(demo_db) / "calendar" / "2027.toml"
    target.parent.mkdir(exist_ok=True)
    target.write_text(FULL_2027, encoding="utf-8")
    reload_calendars()
    try:
        section = CaseClocks(demo_db, list_cases(demo_db)[0], prompts)
        qtbot.addWidget(section)
        table = section.table
        table.set_deadlines([running, paused])
        remaining = next(c for c in range(table.model.columnCount())
                         if table.model.headerData(c, Qt.Orientation.Horizontal) == deadlines._("Remaining"))
        table.view.sortByColumn(remaining, Qt.SortOrder.AscendingOrder)
        assert [d.case_id for d in table.model.records] == ["b", "a"]  # 10 days, then 15 (the shipped calendar: 7)
    finally:
        target.unlink(missing_ok=True)
        reload_calendars()
        deadlines._LEFT_ENGINES.clear()
