"""A pytest plugin for finding the tests that age: it moves the workstation's clock (``workstation.records``, which
every "now" and "today" of the program reads) ``WORKSTATION_TEST_DAYS_AHEAD`` days ahead in the tests' own processes,

    WORKSTATION_TEST_DAYS_AHEAD=30 .venv/bin/python -m pytest -n 2 --dist loadfile -p tests.clock_ahead

so that a date written into a test as still to come (an interview's day, the day a summons names) shows up as
failing before the calendar gets there. Not part of the suite's run. Its false alarms: the programs a test starts
keep the real clock, and a test reading ``datetime.now()`` itself would compare it with the moved one (a test's
"now" is ``records.now()``, its "today" ``tests.helpers.beijing_today()``)."""

from __future__ import annotations

import datetime as dt
import os
import types


def pytest_configure(config) -> None:
    days = int(os.environ.get("WORKSTATION_TEST_DAYS_AHEAD", "0") or 0)
    if not days:
        return
    from workstation import records

    class Ahead(dt.datetime):
        @classmethod
        def now(cls, tz=None):
            return dt.datetime.now(tz) + dt.timedelta(days=days)

    records.dt = types.SimpleNamespace(datetime=Ahead)  # all records reads of it, as helpers.move_program_clock
