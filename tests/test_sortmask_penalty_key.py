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

from tests.helpers import open_db, run_json, send_bundle, trusting_station_and_hq
from tests.test_multiparty12 import DECIDED_ON, decided_case
from tests.test_register_bulk_indexes import rows
from tests.test_register_import import register_rows, write_csv
from ui.case_model import MUTED, PENALTY_COLUMN, CaseTableModel
from workstation import procedure
from workstation.documents.issuing import void_document
from workstation.importing.register import import_register
from workstation.penalty_terms import cases_warned_only, listed_penalties_sql, shown_penalties_sql
from workstation.records import ClockEvent
from workstation.stats import campaign_stats
from workstation.store import CaseFilter, get_case, list_cases
from workstation.store.cases import NUMBER_ORDER, list_cases_sql, update_case
from workstation.store.clock_events import record_clock_event
from workstation.store.sort_keys import WARNED_STATUSES, WARNING_KEY, penalty_key_triggers, penalty_sort_sql

BY_PENALTY = CaseFilter(order_by="penalties_fen", descending=True)


def stale(db) -> list[tuple]:
    """The cases whose kept key is not the amount the list shows (``WARNING_KEY`` for one showing 警告, m079), worked
    out from scratch: (number, kept, shown)."""
    return db.execute(f"SELECT case_number, penalty_sort, {penalty_sort_sql()} FROM cases "
                      f"WHERE penalty_sort IS NOT {penalty_sort_sql()}").fetchall()


def test_the_keys_are_the_amounts_shown_but_for_the_warnings(demo_db):
    """The key of every case is the amount the list shows, as the triggers of ``sort_keys`` work it out; only a case
    showing 警告 has ``WARNING_KEY`` in place of its 0 (m079)."""
    differing = demo_db.execute(f"SELECT penalty_sort, {shown_penalties_sql()} FROM cases "
                                f"WHERE penalty_sort IS NOT {shown_penalties_sql()}").fetchall()
    assert differing and set(differing) == {(WARNING_KEY, 0)}


def listed(db, flt: CaseFilter = BY_PENALTY) -> list[str]:
    return [row.id for row in list_cases(db, flt, limit=10_000)]


def by_amount_shown(db, descending: bool = True) -> list[str]:
    """The order the list must have: by the amount shown (a warning alone between none and the least, m079) worked
    out for every case, then the number."""
    direction = "DESC" if descending else "ASC"
    terms = ", ".join(f"{term} {direction}" for term in (penalty_sort_sql(), *NUMBER_ORDER))
    return [r[0] for r in db.execute(f"SELECT id FROM cases ORDER BY {terms}")]


def key(db, case_id: str) -> int:
    return db.execute("SELECT penalty_sort FROM cases WHERE id = ?", [case_id]).fetchone()[0]


def assert_sorted_right(db) -> None:
    assert stale(db) == []
    # the cases keyed as 警告 are those the list shows 警告 for: decided, no amount shown nor revoked (the cells it
    # asks ``cases_warned_only`` of, ``ui.case_model``)
    shown, revoked = listed_penalties_sql()
    statuses = ", ".join(f"'{status}'" for status in WARNED_STATUSES)
    asked = [case_id for (case_id,) in db.execute(f"SELECT id FROM cases WHERE status IN ({statuses}) AND {shown} = 0 "
                                                  f"AND {revoked} = 0")]
    assert {case_id for (case_id,) in db.execute("SELECT id FROM cases WHERE penalty_sort = ?", [WARNING_KEY])} == \
        cases_warned_only(db, asked)
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
    # performed, not closed: a closed case keeps the amounts it was closed with (cases.closed_figures_errors)
    low = make_case(status="performed", fine_fen=100_000)
    high = make_case(status="performed", fine_fen=900_000)
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
    low = make_case(status="performed", fine_fen=100_000)  # a closed case's amounts are no longer edited
    high = make_case(status="performed", fine_fen=900_000)
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
        # a case performed, not closed: a closed case keeps the amounts it was closed with
        case = get_case(station, station.execute("SELECT id FROM cases WHERE case_number = ?",
                                                 ["佛南市监立〔2026〕7号"]).fetchone()[0])
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


# ---- a decision revoked on the party's reconsideration or lawsuit: counted nowhere, as in the statistics ----------

def revoke(db, case_id: str, kind: str = "challenge_revoked", party_id: str | None = None) -> None:
    """The party sued on 06-10 and the court revoked the decision (``kind``: 撤销, or 撤销并责令重新作出) on 08-03."""
    record_clock_event(db, ClockEvent(case_id=case_id, kind="litigation", starts_on="2026-06-10", party_id=party_id))
    record_clock_event(db, ClockEvent(case_id=case_id, kind=kind, starts_on="2026-08-03", party_id=party_id,
                                      approved_by="（2026）粤0605行初3号"))


def change(db, case_id: str, fine_fen: int) -> None:
    """The party applied for reconsideration on 06-10 and the fine was changed (变更) to ``fine_fen`` on 08-03."""
    record_clock_event(db, ClockEvent(case_id=case_id, kind="reconsideration", starts_on="2026-06-10"))
    record_clock_event(db, ClockEvent(case_id=case_id, kind="challenge_changed", starts_on="2026-08-03",
                                      approved_by="南府行复〔2026〕12号", days=fine_fen))


def served_case(make_case, fine_fen: int):
    """A case decided outside the workstation on 06-01 and served: the amount it records is the one decided."""
    return make_case(status="served", filed_on="2026-03-10", notice_served_on="2026-05-01", decided_on="2026-06-01",
                     served_on="2026-06-01", fine_fen=fine_fen)


def row_of(db, case_id: str):
    return next(row for row in list_cases(db, limit=10_000) if row.id == case_id)


def test_a_revoked_decision_counts_nothing_in_the_list_nor_its_sort_until_a_new_one_is_made(db, make_case):
    revoked = served_case(make_case, 2_000_000)
    other = make_case(status="closed", fine_fen=900_000)
    assert listed(db)[:2] == [revoked.id, other.id]
    revoke(db, revoked.id, "challenge_redo")
    row = row_of(db, revoked.id)
    assert (row.penalties_fen, row.penalties_revoked_fen) == (0, 2_000_000)
    assert key(db, revoked.id) == 0 and listed(db)[:2] == [other.id, revoked.id]
    assert_sorted_right(db)
    stats = campaign_stats(db)
    assert stats["fines_fen"] + stats["confiscated_fen"] == sum(r.penalties_fen for r in list_cases(db, limit=99))
    procedure.apply(db, revoked.id, "redecide", on_date="2026-08-04", reason="判决撤销并责令重新作出")
    assert key(db, revoked.id) == 0 and row_of(db, revoked.id).penalties_fen == 0
    # the new decision, made after the judgment: it stands
    update_case(db, replace(get_case(db, revoked.id), status="penalty_decided", decided_on="2026-09-01",
                            served_on=None, fine_fen=1_500_000), allow_status_change=True)
    row = row_of(db, revoked.id)
    assert (row.penalties_fen, row.penalties_revoked_fen) == (1_500_000, 0)
    assert key(db, revoked.id) == 1_500_000 and listed(db)[:2] == [revoked.id, other.id]
    assert_sorted_right(db)


def test_the_outcome_and_the_decision_date_written_by_any_writer_move_the_case(db, make_case):
    revoked = served_case(make_case, 2_000_000)
    revoke(db, revoked.id)
    assert key(db, revoked.id) == 0
    db.execute("UPDATE cases SET decided_on = '2026-09-01' WHERE id = ?", [revoked.id])  # decided after the judgment
    assert key(db, revoked.id) == 2_000_000
    db.execute("UPDATE cases SET decided_on = '2026-06-01' WHERE id = ?", [revoked.id])
    assert key(db, revoked.id) == 0
    db.execute("DELETE FROM clock_events WHERE case_id = ? AND kind = 'challenge_revoked'", [revoked.id])
    assert key(db, revoked.id) == 2_000_000 and row_of(db, revoked.id).penalties_revoked_fen == 0
    assert_sorted_right(db)


def test_one_party_s_decision_revoked_leaves_the_other_party_s_in_the_list(qapp, db, data_dir, make_case, english):
    other = make_case(status="closed", fine_fen=1_000_000)
    case, company, employee, _first, _second = decided_case(db, data_dir, make_case)  # ¥50,000 and ¥5,000
    procedure.apply(db, case.id, "serve_decision", on_date="2026-03-12", party_ids=(company, employee))
    assert listed(db)[:2] == [case.id, other.id]
    revoke(db, case.id, party_id=company)
    row = row_of(db, case.id)
    assert (row.penalties_fen, row.penalties_revoked_fen) == (500_000, 5_000_000)
    assert key(db, case.id) == 500_000 and listed(db)[:2] == [other.id, case.id]
    assert_sorted_right(db)
    model = CaseTableModel(db)
    model.set_filter(CaseFilter())
    cell = model.index(model.row_of(case.id), PENALTY_COLUMN)
    assert cell.data() == "¥5,000.00"
    assert cell.data(Qt.ItemDataRole.ToolTipRole) == ("¥50,000.00 decided was revoked on the party's reconsideration "
                                                      "or lawsuit: neither the list nor the statistics count it")


def test_the_list_model_says_revoked_in_place_of_the_amount(qapp, db, make_case, english):
    revoked = served_case(make_case, 2_000_000)
    other = make_case(status="served", filed_on="2026-03-10", decided_on="2026-06-01", served_on="2026-06-01",
                      fine_fen=300_000)
    revoke(db, revoked.id)
    model = CaseTableModel(db)
    model.set_filter(CaseFilter())
    model.sort(PENALTY_COLUMN, Qt.SortOrder.DescendingOrder)
    assert [model.case_id(0), model.case_id(1)] == [other.id, revoked.id]
    cell = model.index(1, PENALTY_COLUMN)
    assert cell.data() == "revoked"
    assert cell.data(Qt.ItemDataRole.ToolTipRole) == ("¥20,000.00 decided was revoked on the party's reconsideration "
                                                      "or lawsuit: neither the list nor the statistics count it")
    assert cell.data(Qt.ItemDataRole.ForegroundRole) == MUTED
    assert model.index(0, PENALTY_COLUMN).data() == "¥3,000.00"
    assert model.index(0, PENALTY_COLUMN).data(Qt.ItemDataRole.ForegroundRole) is None


def test_cases_list_json_gives_the_amount_standing_and_the_amount_revoked(db, data_dir, make_case, capsys):
    revoked = served_case(make_case, 2_000_000)
    standing = make_case(status="closed", fine_fen=900_000)
    revoke(db, revoked.id)
    rows = {row["id"]: row for row in run_json(capsys, "--data-dir", data_dir, "cases", "list")}
    assert {k: rows[revoked.id][k] for k in ("status", "penalties_fen", "penalties_revoked_fen")} == {
        "status": "served", "penalties_fen": 0, "penalties_revoked_fen": 2_000_000}
    assert (rows[standing.id]["penalties_fen"], rows[standing.id]["penalties_revoked_fen"]) == (900_000, 0)


def test_m046_works_out_again_the_keys_of_the_decisions_revoked_before_it(db, data_dir, make_case):
    """A database of the version before m046: the key of a case whose decision was revoked kept the amount revoked,
    and no trigger followed the outcomes recorded; m046 makes the triggers again and works out every key."""
    revoked = served_case(make_case, 2_000_000)
    other = make_case(status="closed", fine_fen=900_000)
    revoke(db, revoked.id)
    with db.atomic():  # as m043 left it: no trigger on the clock events, the key the amount decided
        for name in ("clock_events_penalty_insert", "clock_events_penalty_update", "clock_events_penalty_delete"):
            db.execute(f"DROP TRIGGER {name}")
        db.execute("UPDATE cases SET penalty_sort = 2000000 WHERE id = ?", [revoked.id])
        db.execute("DELETE FROM _sqlite_migrations WHERE name = 'm046_case_penalty_revoked'")
    assert listed(db)[:2] == [revoked.id, other.id]
    db.conn.close()
    again = open_db(data_dir)
    try:
        assert key(again, revoked.id) == 0 and listed(again)[:2] == [other.id, revoked.id]
        assert_sorted_right(again)
        stored = dict(again.execute("SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND name LIKE "
                                    "'%penalty%'"))
        assert stored == {statement.split()[2]: statement for statement in penalty_key_triggers()}
        again.execute("DELETE FROM clock_events WHERE case_id = ? AND kind = 'challenge_revoked'", [revoked.id])
        assert key(again, revoked.id) == 2_000_000
    finally:
        again.conn.close()


def test_a_fine_changed_on_reconsideration_is_listed_and_sorted_as_changed(db, data_dir, make_case, capsys):
    changed = served_case(make_case, 2_000_000)
    other = make_case(status="closed", fine_fen=900_000)
    assert listed(db)[:2] == [changed.id, other.id]
    change(db, changed.id, 500_000)
    row = row_of(db, changed.id)
    assert (row.penalties_fen, row.penalties_revoked_fen) == (500_000, 0)
    assert key(db, changed.id) == 500_000 and listed(db)[:2] == [other.id, changed.id]
    assert_sorted_right(db)
    stats = campaign_stats(db)
    assert stats["fines_fen"] + stats["confiscated_fen"] == sum(r.penalties_fen for r in list_cases(db, limit=99))
    rows = {r["id"]: r for r in run_json(capsys, "--data-dir", data_dir, "cases", "list")}
    assert (rows[changed.id]["penalties_fen"], rows[changed.id]["penalties_revoked_fen"]) == (500_000, 0)
    # the changed decision revoked later by the court: the amount revoked is the fine as changed
    revoke(db, changed.id)
    row = row_of(db, changed.id)
    assert (row.penalties_fen, row.penalties_revoked_fen) == (0, 500_000)
    assert_sorted_right(db)
