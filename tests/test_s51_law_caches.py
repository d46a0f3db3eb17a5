# ruff: noqa: F811 - the station fixture imported from test_s51_law_data is used by name
"""What the program makes of a legal data file (the clock rules, their plans per case status) is made again once the
bureau's copy of that file changes: a case's deadlines are counted with the copy in force, whichever way they are
asked for, without first asking for the rules themselves."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pytest

from tests.test_s51_law_data import station  # noqa: F401 (the fixture: the data directory with its law folder)
from workstation import clocks, paths
from workstation.law import data as law_data
from workstation.store import get_case
from workstation.store.cases import update_case

T2 = 'id = "T2"\ntitle = "作出处理决定（办案期限）"\nperiod = 90\n'



@pytest.fixture(autouse=True)
def _any_period(monkeypatch):
    """T2's ninety days are the law's, which a bureau's copy may not change (s60): here what is made of a copy is what
    is tested, not that rule."""
    monkeypatch.setitem(law_data.STATUTORY, "clocks", {})


def _t2_copy(folder, days: int) -> None:
    text = paths.resource("law", "clocks.toml").read_text(encoding="utf-8")
    assert T2 in text
    (folder / "law" / "clocks.toml").write_text(text.replace(T2, T2.replace("90", str(days))), encoding="utf-8")


def _t2_due(db, case) -> str:
    return next(d for d in clocks.case_clocks(db, get_case(db, case.id), on="2026-03-20") if d.clock == "T2").due


def test_a_changed_copy_of_clocks_toml_changes_the_deadlines_counted_next(station, db, make_case):
    case = make_case()
    case = update_case(db, replace(get_case(db, case.id), status="investigating", filed_on="2026-03-10"),
                       allow_status_change=True)
    filed = dt.date(2026, 3, 10)
    assert _t2_due(db, case) == (filed + dt.timedelta(days=90)).isoformat()
    _t2_copy(station, 120)
    assert _t2_due(db, case) == (filed + dt.timedelta(days=120)).isoformat()
    _t2_copy(station, 7)
    assert _t2_due(db, case) == (filed + dt.timedelta(days=7)).isoformat()
    (station / "law" / "clocks.toml").unlink()  # the copy taken away: the shipped 90 days again
    assert _t2_due(db, case) == (filed + dt.timedelta(days=90)).isoformat()


def test_changed_tells_whether_the_file_in_force_is_another_than_the_one_a_cache_was_made_of(station):
    shipped = law_data.load("clocks")
    assert law_data.changed("clocks", shipped) is None
    assert law_data.changed("clocks", None) is shipped
    _t2_copy(station, 120)
    own = law_data.changed("clocks", shipped)
    assert own is not None and own is not shipped
    assert law_data.changed("clocks", own) is None
