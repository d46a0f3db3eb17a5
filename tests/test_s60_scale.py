"""Issue 2's numbers at scale (session 60): the window's first paint waits neither for the audit of the legal data and
holiday files changed by hand nor for the document editor's modules when no draft is left to recover (both come
after it, as the daily backup does), and the case list's 辖区 column and district filter are in pinyin order, like
the party and cause columns, read from an index."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from PySide6.QtCore import Qt

from workstation.store import CaseFilter
from workstation.store.cases import list_cases, list_cases_sql

PROJECT = Path(__file__).resolve().parent.parent
PINYIN = ["禅城区", "高明区", "南海区", "三水区", "顺德区"]

# the window started as an officer starts it, saying at its first paint what the audit log held of the bureau's copy
# of clocks.toml and whether the audit's module was loaded, and at its end whether the editor's modules were
AT_FIRST_PAINT = r"""
import builtins, os, runpy, sqlite3, sys
shown = builtins.print
def law_entries():
    con = sqlite3.connect(os.path.join(os.environ["WORKSTATION_HOME"], "workstation.db"))
    try:
        return [r[0] for r in con.execute("SELECT action FROM audit WHERE entity = 'law' AND entity_id = 'clocks.toml' "
                                          "ORDER BY seq")]
    finally:
        con.close()
def report(*args, **kwargs):
    if args and args[0] == "PAINTED":
        shown("LAW_ENTRIES_AT_PAINT", law_entries())
        shown("TRAIL_LOADED_AT_PAINT", "workstation.law.trail" in sys.modules)
    shown(*args, **kwargs)
builtins.print = report
sys.argv = ["main.py"]
try:
    runpy.run_path("main.py", run_name="__main__")
finally:
    shown("EDITOR_LOADED_AT_END", "ui.form_editor" in sys.modules)
"""


def test_a_law_file_changed_by_hand_is_audited_once_the_window_has_painted_not_before(tmp_path, capsys):
    from tests.helpers import run_in_env

    data = tmp_path / "data"
    env = {**os.environ, "WORKSTATION_HOME": str(data), "WORKSTATION_PLAINTEXT": "1",
           "XDG_CONFIG_HOME": str(tmp_path / "config"), "QT_QPA_PLATFORM": "offscreen"}
    run_in_env(capsys, env, ["init"], ["law", "copy", "clocks"])  # made here: the start is the child's
    with open(data / "law" / "clocks.toml", "a", encoding="utf-8") as file:  # the bureau's copy edited by hand
        file.write("\n# 某局于 2026-12-06 手工修改\n")
    done = subprocess.run([sys.executable, "-c", AT_FIRST_PAINT], cwd=PROJECT, capture_output=True, text=True,
                          env={**env, "WORKSTATION_EXIT_AFTER_PAINT": "1"}, timeout=60)
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert "LAW_ENTRIES_AT_PAINT ['copy']" in lines, done.stdout  # the window first, the audit after it
    assert "TRAIL_LOADED_AT_PAINT False" in lines, done.stdout
    assert "EDITOR_LOADED_AT_END False" in lines, done.stdout  # no draft left open: nothing of the editor loaded
    con = sqlite3.connect(data / "workstation.db")
    try:
        entries = [r[0] for r in con.execute("SELECT action FROM audit WHERE entity = 'law' AND "
                                             "entity_id = 'clocks.toml' ORDER BY seq")]
    finally:
        con.close()
    assert entries == ["copy", "update"]  # the start still audited the change, once


# -- the case list's district order ---------------------------------------------------------------------------------

def shown_districts(page) -> list[str]:
    """The districts in the order the list shows them, each once."""
    model = page.model
    return list(dict.fromkeys(model.index(row, 4).data() for row in range(model.rowCount())))


def test_the_case_list_sorted_by_district_follows_pinyin_both_ways(qtbot, make_window, demo_db):
    window = make_window(demo_db)
    page = window.case_list
    assert page.model.headerData(4, Qt.Orientation.Horizontal) == "辖区"
    page.table.sortByColumn(4, Qt.SortOrder.AscendingOrder)
    qtbot.waitUntil(lambda: page.model.wanted.order_by == "district" and not page.reading.running)
    assert shown_districts(page) == PINYIN
    page.table.sortByColumn(4, Qt.SortOrder.DescendingOrder)
    qtbot.waitUntil(lambda: page.model.wanted.descending and not page.reading.running)
    assert shown_districts(page) == PINYIN[::-1]


def test_the_district_filter_lists_the_districts_in_pinyin_order(qtbot, make_window, demo_db):
    page = make_window(demo_db).case_list
    combo = page.district_filter
    assert [combo.itemText(row) for row in range(1, combo.count())] == PINYIN
    assert [combo.itemData(row) for row in range(1, combo.count())] == PINYIN


def test_within_a_district_the_cases_follow_their_numbers(demo_db):
    rows = list_cases(demo_db, CaseFilter(order_by="district"), limit=1000)
    by_number = list_cases(demo_db, CaseFilter(), limit=1000)
    for district in PINYIN:
        assert [r.id for r in rows if r.district == district] == [r.id for r in by_number if r.district == district]


def plan(db, flt: CaseFilter) -> list[str]:
    sql, params = list_cases_sql(flt, 200, 0)
    return [row[3] for row in db.execute("EXPLAIN QUERY PLAN " + sql, params) if row[1] == 0]  # the list's own


@pytest.mark.parametrize("descending", [False, True])
def test_the_district_order_is_read_from_an_index_without_sorting(db, descending):
    steps = plan(db, CaseFilter(order_by="district", descending=descending))
    assert any("USING INDEX cases_district_order" in step for step in steps), steps
    assert not [step for step in steps if "TEMP B-TREE" in step], steps


def test_a_database_of_the_version_before_gets_the_district_index(db, data_dir):
    from workstation.db import open_database
    from workstation.paths import database_path

    with db.atomic():
        db.execute("DROP INDEX cases_district_order")
        db.execute("DELETE FROM _sqlite_migrations WHERE name = 'm064_case_district_order'")
    db.conn.close()
    again = open_database(database_path(data_dir))
    try:
        assert any("USING INDEX cases_district_order" in step for step in plan(again, CaseFilter(order_by="district")))
    finally:
        again.conn.close()


def test_a_case_keeps_its_place_in_the_list_sorted_by_district(demo_db):
    from workstation.store.cases import case_position

    for descending in (False, True):
        flt = CaseFilter(order_by="district", descending=descending)
        rows = list_cases(demo_db, flt, limit=1000)
        assert [case_position(demo_db, flt, r.id) for r in rows] == list(range(len(rows)))
