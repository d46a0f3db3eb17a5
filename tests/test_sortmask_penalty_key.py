"""The case list sorted by 罚没金额 reads each case's kept amount (``penalty_sort``, m043) from an index: the key is
the amount the list shows (decided, else the total proposed by the notice), worked out again by triggers whenever
anything it is read from is written — the case's status or amounts, a notice or decision issued or voided, a notice
served, the parties — through every path (the store, the procedure, issuing, the register import, a bundle merged
at headquarters). A stale key would sort a case wrongly: each test checks the keys against the amount worked out
from scratch and the list's order after the write."""

from __future__ import annotations

from dataclasses import replace

import pytest

from PySide6.QtCore import Qt

from tests.helpers import CASE, open_db, send_bundle, trusting_station_and_hq
from tests.test_multiparty12 import DECIDED_ON, decided_case
from tests.test_register_bulk_indexes import rows
from tests.test_register_import import register_rows, write_csv
from ui.case_model import PENALTY_COLUMN, CaseTableModel
from workstation import procedure
from workstation.documents.issuing import void_document
from workstation.importing.register import import_register
from workstation.penalty_terms import shown_penalties_sql
from workstation.store import CaseFilter, get_case, list_cases
from workstation.store.cases import NUMBER_ORDER, list_cases_sql, update_case
from workstation.store.sort_keys import penalty_key_triggers

BY_PENALTY = CaseFilter(order_by="penalties_fen", descending=True)


def stale(db) -> list[tuple]:
    """The cases whose kept key is not the amount the list shows, worked out from scratch: (number, kept, shown)."""
    return db.execute(f"SELECT case_number, penalty_sort, {shown_penalties_sql()} FROM cases "
                      f"WHERE penalty_sort IS NOT {shown_penalties_sql()}").fetchall()


def listed(db, flt: CaseFilter = BY_PENALTY) -> list[str]:
    return [row.id for row in list_cases(db, flt, limit=10_000)]


def by_amount_shown(db, descending: bool = True) -> list[str]:
    """The order the list must have: by the amount shown worked out for every case, then the number."""
    direction = "DESC" if descending else "ASC"
    terms = ", ".join(f"{term} {direction}" for term in (shown_penalties_sql(), *NUMBER_ORDER))
    return [r[0] for r in db.execute(f"SELECT id FROM cases ORDER BY {terms}")]


def key(db, case_id: str) -> int:
    return db.execute("SELECT penalty_sort FROM cases WHERE id = ?", [case_id]).fetchone()[0]


def assert_sorted_right(db) -> None:
    assert stale(db) == []
    assert listed(db) == by_amount_shown(db)
    assert listed(db, replace(BY_PENALTY, descending=False)) == by_amount_shown(db, descending=False)


def test_the_sort_reads_the_kept_key_from_its_index(db):
    sql, params = list_cases_sql(BY_PENALTY, 200, 0)
    plan = [row[3] for row in db.execute("EXPLAIN QUERY PLAN " + sql, params) if row[1] == 0]  # the list's own
    assert any("cases_penalty_order" in step for step in plan) and not any("TEMP B-TREE" in step for step in plan)


def test_the_triggers_in_the_database_work_out_the_amount_the_list_shows_today(db):
    """A change of ``shown_penalties_sql`` needs a migration making the triggers again: this fails until it has one."""
    stored = dict(db.execute("SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND name LIKE '%penalty%'"))
    made = {statement.split()[2]: statement for statement in penalty_key_triggers()}
    assert stored == made


def test_the_demo_loaded_through_the_store_sorts_by_the_amounts_it_shows(demo_db):
    assert demo_db.execute("SELECT COUNT(DISTINCT penalty_sort) FROM cases").fetchone()[0] > 3
    assert_sorted_right(demo_db)


def test_an_edit_of_the_amounts_or_the_status_moves_the_case(db, make_case):
    low = make_case(status="closed", fine_fen=100_000)
    high = make_case(status="closed", fine_fen=900_000)
    assert listed(db)[:2] == [high.id, low.id]
    update_case(db, replace(get_case(db, low.id), fine_fen=2_000_000))
    assert listed(db)[:2] == [low.id, high.id] and key(db, low.id) == 2_000_000
    db.execute("UPDATE cases SET confiscated_fen = 5000000 WHERE id = ?", [high.id])  # any writer, not only the store
    assert listed(db)[:2] == [high.id, low.id]
    assert_sorted_right(db)


def test_notices_decisions_and_a_voided_decision_each_move_the_case(db, data_dir, make_case):
    """A company and its employee: told of ¥50,000 and ¥5,000 (拟 ¥55,000), decided so, then the company's decision
    voided (¥5,000 left); a case decided at ¥52,000 sorts after it, then before it."""
    other = make_case(status="closed", fine_fen=5_200_000)
    case, _company, _employee, first, _second = decided_case(db, data_dir, make_case)
    assert key(db, case.id) == 5_500_000 and listed(db)[:2] == [case.id, other.id]
    assert_sorted_right(db)
    void_document(db, first.id, "金额有误")
    assert key(db, case.id) == 500_000 and listed(db)[:2] == [other.id, case.id]
    assert_sorted_right(db)


def test_a_served_notice_counts_as_proposed_before_the_decision(db, data_dir, make_case):
    from tests.test_party_case10 import notice, with_employee

    case, company, _employee = with_employee(db, make_case(status="under_review", filed_on="2026-02-20",
                                                          review_on="2026-02-27"))
    assert key(db, case.id) == 0
    notice(db, data_dir, case, company, fine_fen="30000", hearing_required=False)
    procedure.apply(db, case.id, "send_pre_notice", on_date="2026-03-02")
    assert get_case(db, case.id).status == "pre_notice" and key(db, case.id) == 3_000_000
    assert_sorted_right(db)
    procedure.apply(db, case.id, "end_statement_period", on_date=DECIDED_ON)
    assert_sorted_right(db)


def test_the_list_model_shows_the_new_order_after_a_write(qapp, db, make_case):
    low = make_case(status="closed", fine_fen=100_000)
    high = make_case(status="closed", fine_fen=900_000)
    model = CaseTableModel(db)
    model.set_filter(CaseFilter())
    model.sort(PENALTY_COLUMN, Qt.SortOrder.DescendingOrder)
    assert [model.case_id(0), model.case_id(1)] == [high.id, low.id]
    update_case(db, replace(get_case(db, high.id), fine_fen=50_000))
    model.refresh()
    assert [model.case_id(0), model.case_id(1)] == [low.id, high.id]
    assert model.index(0, PENALTY_COLUMN).data() == "¥1,000.00"


@pytest.mark.parametrize("count", [12, 3])
def test_a_register_import_fills_the_keys_of_its_cases_and_keeps_the_triggers(db, tmp_path, make_case, count):
    """12 rows into an empty database (its indexes rebuilt) and 3 into one holding more (kept): either way the keys
    of the cases imported are filled once, and the triggers are there again for the next write."""
    if count == 3:
        for fine in (100_000, 200_000, 300_000, 400_000):
            make_case(status="closed", fine_fen=fine)
    result = import_register(db, write_csv(tmp_path / "台账.csv", register_rows(rows(count))))
    assert result.imported == count
    assert db.execute("SELECT COUNT(*) FROM cases WHERE penalty_sort IS NULL").fetchone()[0] == 0
    assert_sorted_right(db)
    names = {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")}
    assert {statement.split()[2] for statement in penalty_key_triggers()} <= names
    first = listed(db)[-1]
    db.execute("UPDATE cases SET fine_fen = 99000000 WHERE id = ?", [first])
    assert listed(db)[0] == first


def test_a_failed_import_leaves_the_triggers_as_they_were(db, tmp_path, monkeypatch):
    from workstation.importing import register

    before = db.execute("SELECT name, sql FROM sqlite_master WHERE type = 'trigger' ORDER BY name").fetchall()

    def failing(*_args, **_kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(register, "rebuilt_indexes", failing)
    with pytest.raises(OSError):
        import_register(db, write_csv(tmp_path / "台账.csv", register_rows(rows(5))))
    assert db.execute("SELECT name, sql FROM sqlite_master WHERE type = 'trigger' ORDER BY name").fetchall() == before


def test_cases_merged_at_headquarters_sort_by_their_amounts(station_and_hq_template, tmp_path, capsys):
    dirs = trusting_station_and_hq(station_and_hq_template(issue_document=True), tmp_path, capsys)
    send_bundle(capsys, dirs, "first.bundle")
    hq = open_db(dirs / "hq")
    try:
        assert hq.execute("SELECT COUNT(*) FROM cases").fetchone()[0] > 10
        assert_sorted_right(hq)
    finally:
        hq.conn.close()
    station = open_db(dirs / "station")
    try:
        case = get_case(station, station.execute("SELECT id FROM cases WHERE case_number = ? OR id = ?",
                                                 [CASE, CASE]).fetchone()[0])
        update_case(station, replace(case, fine_fen=case.fine_fen + 77_700_000), allow_status_change=True)
    finally:
        station.conn.close()
    send_bundle(capsys, dirs, "second.bundle")
    hq = open_db(dirs / "hq")
    try:
        assert_sorted_right(hq)
        assert hq.execute("SELECT penalty_sort FROM cases WHERE id = ?", [case.id]).fetchone()[0] >= 77_700_000
        # the merge dropped the triggers while it wrote (penalty_keys_worked_out_after): they are back after it
        assert sorted(hq.execute("SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name LIKE "
                                 "'%penalty%'").fetchall()) == sorted((sql,) for sql in penalty_key_triggers())
    finally:
        hq.conn.close()


def test_a_database_of_the_version_before_gets_its_keys_filled(demo_db, data_dir):
    """m043 on a database made before it: the column, index and triggers made and every case's key filled."""
    with demo_db.atomic():
        for name, in demo_db.execute("SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE "
                                     "'%penalty%'").fetchall():
            demo_db.execute(f"DROP TRIGGER {name}")
        demo_db.execute("DROP INDEX cases_penalty_order")
        demo_db.execute("ALTER TABLE cases DROP COLUMN penalty_sort")
        demo_db.execute("DELETE FROM _sqlite_migrations WHERE name = 'm043_case_penalty_order'")
    demo_db.conn.close()
    db = open_db(data_dir)
    try:
        assert_sorted_right(db)
        assert db.execute("SELECT COUNT(*) FROM cases WHERE penalty_sort > 0").fetchone()[0] > 3
    finally:
        db.conn.close()
