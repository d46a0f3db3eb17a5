# ruff: noqa: F811 - the fixtures imported from test_db are used by name
"""The case list sorted by 涉案信息条数 or by 登记日期 is read from an index, either way (m042), instead of sorting every
case for each page (over 100,000 cases: 0.25–3 s a page before, a few ms after); the order itself is unchanged, and
a database of the version before gets the indexes, with its cases and their order kept."""

from __future__ import annotations

import sqlite3

import pytest

from tests.test_db import database_at, full_demo, full_demo_template  # noqa: F401
from workstation.db import open_database
from workstation.db.connection import applied_schema
from workstation.db.schema import MIGRATIONS
from workstation.paths import database_path
from workstation.store import CaseFilter
from workstation.store.cases import case_page, case_position, column_order_indexes, list_cases_sql

SORTS = [CaseFilter(order_by=order_by, descending=descending)
         for order_by in ("records_total", "filed_on") for descending in (False, True)]
INDEX = {"records_total": "cases_records_order", "filed_on": "cases_filed_order"}


def top_level_plan(db, flt: CaseFilter, offset: int = 0) -> list[str]:
    sql, params = list_cases_sql(flt, 200, offset)
    return [row[3] for row in db.execute("EXPLAIN QUERY PLAN " + sql, params) if row[1] == 0]


def case_indexes(db) -> set[str]:
    return {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'cases'")}


def all_ids(db, flt: CaseFilter) -> list[str]:
    return [row[0] for row in case_page(db, flt, 1000, 0)]


@pytest.mark.parametrize("flt", SORTS, ids=lambda f: f"{f.order_by}-{'desc' if f.descending else 'asc'}")
def test_sorting_by_record_count_or_filing_date_reads_an_index_without_sorting(db, flt):
    for offset in (0, 50_000):  # a page far down the list is read from the index too
        plan = top_level_plan(db, flt, offset)
        assert any(step.startswith("SCAN cases USING INDEX " + INDEX[flt.order_by]) for step in plan), plan
        assert not [step for step in plan if "TEMP B-TREE" in step], plan


def test_the_plain_filing_date_index_gave_way_to_the_one_with_the_number_order(db):
    indexes = case_indexes(db)
    assert {"cases_records_order", "cases_filed_order"} <= indexes and "cases_filed" not in indexes
    assert [s.split()[2] for s in column_order_indexes()] == ["cases_records_order", "cases_filed_order"]


@pytest.mark.parametrize("flt", SORTS, ids=lambda f: f"{f.order_by}-{'desc' if f.descending else 'asc'}")
def test_the_order_is_by_the_column_then_the_number_and_the_list_finds_each_case_where_it_shows(demo_db, flt):
    total, numbers = {}, {}
    for case_id, records, filed_on, number in demo_db.execute(
            "SELECT id, records_trace + records_sensitive + records_other, filed_on, case_number FROM cases"):
        total[case_id] = records if flt.order_by == "records_total" else filed_on
        numbers[case_id] = number
    ids = all_ids(demo_db, flt)
    assert sorted(ids) == sorted(total) and len(set(total.values())) > 3
    keys = [total[i] for i in ids]
    present = [k for k in keys if k is not None]
    # SQLite's NULL (a case never filed) sorts first ascending, last descending
    assert keys == ([None] * keys.count(None) + sorted(present) if not flt.descending
                    else sorted(present, reverse=True) + [None] * keys.count(None))
    for row, case_id in enumerate(ids):  # the list keeps a selected case through a sort (same order, same row)
        assert case_position(demo_db, flt, case_id) == row, numbers[case_id]


def test_a_database_of_the_version_before_gets_the_indexes_and_keeps_its_cases_and_their_order(
        data_dir, full_demo, monkeypatch):
    names = [name for name, _fn in MIGRATIONS]
    database_at(names.index("m042_case_column_order"), data_dir, full_demo, monkeypatch)
    path = database_path(data_dir)
    conn = sqlite3.connect(path)
    try:
        assert "cases_filed" in {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'index'")}
        # today's list reads the column m047 adds (a change to no fine), which opening adds to this database too
        conn.execute("ALTER TABLE clock_events ADD COLUMN no_fine INTEGER NOT NULL DEFAULT 0")
        before = {flt: conn.execute(*list_cases_sql(flt, 1000, 0)).fetchall() for flt in SORTS}
        assert any("TEMP B-TREE" in step for step in top_level_plan(conn, SORTS[0]))  # sorted every case
    finally:
        conn.close()
    assert len(before[SORTS[0]]) == 36

    db = open_database(path)  # m042 runs
    try:
        assert "m042_case_column_order" in applied_schema(db)  # and any later one
        indexes = case_indexes(db)
        assert {"cases_records_order", "cases_filed_order"} <= indexes and "cases_filed" not in indexes
        for flt in SORTS:
            assert case_page(db, flt, 1000, 0) == before[flt]
            plan = top_level_plan(db, flt)
            assert any(INDEX[flt.order_by] in step for step in plan) and not any("TEMP B-TREE" in s for s in plan)
    finally:
        db.conn.close()
