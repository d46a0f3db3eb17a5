"""m073_penalty_sort_view: the amount the case list's 罚没金额 shows (``penalty_sort``, m043) is stated once, as a view
in one trigger on a view of the cases' ids (``penalty_sort_due``): the 14 triggers keeping it insert the ids of the
cases a write touched into that view instead of each repeating its 6 KB expression (88 KB of the 115 KB schema every new connection parses before its first query). The keys must
be the very same: a database made at m072 with the demo and generated cases (decisions issued, replaced and voided,
notices, served notices, several parties, revocations, changes, voids, changes to no fine) keeps every key through
the migration and works each out again the same; then the same writes on every table the triggers watch, made on a
copy at m072 and on one at m073, leave the same keys and the same list order after each."""

from __future__ import annotations

import json
import random
import sqlite3

import pytest

from workstation.db import open_database, schema
from workstation.demo import load_demo
from workstation.paths import database_path
from workstation.penalty_terms import shown_penalties_sql
from workstation.store import CaseFilter, ensure_reference_data, list_cases
from workstation.store.sort_keys import (
    _PENALTY_SOURCES,
    PENALTY_DUE,
    WARNING_KEY_TRIGGER,
    penalty_key_triggers,
    penalty_sort_sql,
)

NAME = "m073_penalty_sort_view"
STATUSES = ("investigating", "under_review", "pre_notice", "hearing", "decision_pending", "penalty_decided", "served",
            "performed", "closed")
AMOUNTS = (0, 0, 50_000, 200_000, 1_000_000)
DATES = (None, "2026-03-01", "2026-03-15", "2026-04-01")
STAMPS = ("2026-03-01T09:00:00+08:00", "2026-03-01T09:00:00+08:00", "2026-03-20T10:00:00+08:00",
          "2026-04-02T11:00:00+08:00")
FORMS = ("penalty_decision", "penalty_decision", "pre_penalty_notice", "pre_penalty_notice", "filing_approval")
CLOCKS = ("challenge_changed", "challenge_changed", "challenge_revoked", "challenge_redo", "challenge_void",
          "extension")
#: the names of the 14 triggers naming the cases a write touched
WATCHING = {name for name, _when, _which in _PENALTY_SOURCES}
#: the (table, write) of each of the 14 triggers
WATCHED = {(table, write) for table in ("documents", "case_events", "case_parties", "clock_events")
           for write in ("insert", "update", "delete")} | {("cases", "insert"), ("cases", "update")}


def keys(db) -> dict[str, int]:
    return dict(db.execute("SELECT id, penalty_sort FROM cases"))


def by_penalty(db) -> list[list[str]]:
    """The case list sorted by its 罚没金额 column, both ways."""
    return [[row.id for row in list_cases(db, CaseFilter(order_by="penalties_fen", descending=descending),
                                          limit=100_000)] for descending in (True, False)]


class Writes:
    """Random writes of the rows the amount is read from, drawn against the database's rows as they are."""

    def __init__(self, db, rng: random.Random):
        self.rng = rng
        self.parties = [r[0] for r in db.execute("SELECT id FROM parties ORDER BY id LIMIT 12")]
        self.agency = db.execute("SELECT agency_id FROM cases ORDER BY id LIMIT 1").fetchone()[0]
        self.sha = db.execute("SELECT sha256 FROM files ORDER BY sha256 LIMIT 1").fetchone()[0]
        self.serial = 0

    def _id(self, prefix: str) -> str:
        self.serial += 1
        return f"s67-{prefix}-{self.serial}"

    def _party(self):
        return self.rng.choice([*self.parties, None])

    def _row(self, db, table: str, key: str):
        """One row's key drawn by the seeded generator, None when the table is empty: the keys listed in the order
        the rows were written (rowid), which the same seed repeats, where an id made by ``new_id`` (random bits) or
        SQLite's random() would not, so that a failing write can be drawn again."""
        rows = [row[0] for row in db.execute(f"SELECT {key} FROM {table} ORDER BY rowid")]
        return self.rng.choice(rows) if rows else None

    def case(self) -> tuple[str, list]:
        rng = self.rng
        case_id = self._id("case")
        return ("INSERT INTO cases (id, case_number, cause, sector, agency_id, status, fine_fen, confiscated_fen, "
                "decided_on, created_at, updated_at) VALUES (?, ?, '案由', 'food', ?, ?, ?, ?, ?, ?, ?)",
                [case_id, f"佛市监立〔2026〕{self.serial}号", self.agency, rng.choice(STATUSES), rng.choice(AMOUNTS),
                 rng.choice(AMOUNTS), rng.choice(DATES), STAMPS[0], STAMPS[0]])

    def values(self) -> str:
        rng = self.rng
        values = {"fine_fen": rng.choice(AMOUNTS), "confiscated_fen": rng.choice(AMOUNTS)}
        if rng.random() < 0.6:
            values["party_id"] = rng.choice(self.parties)
        if rng.random() < 0.4:
            values["decided_on"] = rng.choice(DATES[1:]) + "T00:00:00"
        return json.dumps(values)

    def details(self) -> str | None:
        rng = self.rng
        return rng.choice([None, "not json", json.dumps({"proposed": {"fine_fen": rng.choice(AMOUNTS),
                                                                      "confiscated_fen": rng.choice(AMOUNTS)}})])

    def insert(self, table: str, case_id: str) -> tuple[str, list]:
        rng = self.rng
        if table == "cases":
            return self.case()
        if table == "documents":
            return ("INSERT INTO documents (id, case_id, form_id, form_version, title, status, number, values_json, "
                    "pdf_sha256, pages, issued_at, issued_by) VALUES (?, ?, ?, 1, '文书', ?, ?, ?, ?, 1, ?, '王芳')",
                    [self._id("doc"), case_id, rng.choice(FORMS), rng.choice(("issued", "issued", "void")),
                     f"文号{self.serial}", self.values(), self.sha, rng.choice(STAMPS)])
        if table == "case_events":
            return ("INSERT INTO case_events (id, case_id, kind, on_date, at, to_status, party_id, details) "
                    "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                    [self._id("event"), case_id, rng.choice(("notice_served", "transition", "evidence")),
                     rng.choice(DATES), rng.choice(STAMPS), rng.choice(("pre_notice", "served", None)), self._party(),
                     self.details()])
        if table == "case_parties":
            return ("INSERT INTO case_parties (case_id, party_id, position) VALUES (?, ?, ?)",
                    [case_id, rng.choice(self.parties), rng.randrange(3)])
        return ("INSERT INTO clock_events (id, case_id, kind, starts_on, days, no_fine, party_id, created_at, "
                "updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [self._id("clock"), case_id, rng.choice(CLOCKS), rng.choice(DATES[1:]), rng.choice(AMOUNTS),
                 int(rng.random() < 0.3), self._party(), rng.choice(STAMPS), STAMPS[0]])

    def update(self, db, table: str, case_id: str) -> tuple[str, list]:
        rng = self.rng
        if table == "cases":
            column, value = rng.choice([("status", rng.choice(STATUSES)), ("fine_fen", rng.choice(AMOUNTS)),
                                        ("confiscated_fen", rng.choice(AMOUNTS)), ("decided_on", rng.choice(DATES))])
            return f"UPDATE cases SET {column} = ? WHERE id = ?", [value, case_id]
        key = "rowid" if table == "case_parties" else "id"
        row = self._row(db, table, key)
        if row is None:
            return self.insert(table, case_id)
        moved = rng.random() < 0.25  # to another case: both cases' keys worked out again
        if table == "documents":
            column, value = ("case_id", case_id) if moved else rng.choice(
                [("status", rng.choice(("issued", "void"))), ("values_json", self.values()),
                 ("issued_at", rng.choice(STAMPS)), ("form_id", rng.choice(FORMS))])
        elif table == "case_events":
            column, value = ("case_id", case_id) if moved else rng.choice(
                [("details", self.details()), ("party_id", self._party()), ("on_date", rng.choice(DATES)),
                 ("kind", rng.choice(("notice_served", "transition", "evidence")))])
        elif table == "case_parties":
            column, value = ("case_id", case_id) if moved else ("position", rng.randrange(3))
        else:
            column, value = ("case_id", case_id) if moved else rng.choice(
                [("days", rng.choice(AMOUNTS)), ("no_fine", rng.randrange(2)), ("kind", rng.choice(CLOCKS)),
                 ("starts_on", rng.choice(DATES[1:])), ("party_id", self._party())])
        return f"UPDATE {table} SET {column} = ? WHERE {key} = ?", [value, row]

    def delete(self, db, table: str) -> tuple[str, list]:
        key = "rowid" if table == "case_parties" else "id"
        row = self._row(db, table, key)
        return f"DELETE FROM {table} WHERE {key} = ?", ["" if row is None else row]

    def one(self, db) -> tuple[tuple[str, str], tuple[str, list]]:
        rng = self.rng
        table, write = rng.choice(sorted(WATCHED))
        case_id = self._row(db, "cases", "id")
        if write == "insert":
            return (table, write), self.insert(table, case_id)
        if write == "update":
            return (table, write), self.update(db, table, case_id)
        return (table, write), self.delete(db, table)


def generated_cases(db, count: int = 150) -> None:
    """Cases with parties, decisions, notices, served notices and outcomes of a challenge, drawn at random."""
    writes = Writes(db, random.Random(67))
    with db.atomic():
        for _ in range(count):
            sql, params = writes.case()
            db.execute(sql, params)
            case_id = params[0]
            for table, most in (("case_parties", 3), ("documents", 4), ("case_events", 3), ("clock_events", 3)):
                for _ in range(writes.rng.randrange(most + 1)):
                    sql, params = writes.insert(table, case_id)
                    try:
                        db.execute(sql, params)
                    except sqlite3.IntegrityError:  # the same party twice
                        pass


def shipped_triggers(db) -> None:
    """The triggers as m043–m066 made them in the databases kept at m072, each writing the expression out (the
    migrations replayed today make them as m073 does): those of today and their view dropped, each made so."""
    amount = shown_penalties_sql(one_case=True)
    with db.atomic():
        for statement in penalty_key_triggers():  # m079's on the key (a warning alone) kept: it came after
            if statement.split()[2] != WARNING_KEY_TRIGGER:
                db.execute(f"DROP TRIGGER {statement.split()[2]}")
        db.execute(f"DROP VIEW {PENALTY_DUE}")
        for name, when, which in _PENALTY_SOURCES:
            db.execute(f"CREATE TRIGGER {name} {when} BEGIN UPDATE cases SET penalty_sort = {amount} WHERE {which}; "
                       "END")


@pytest.fixture
def before(data_dir, monkeypatch):
    """A database made without m073 holding the demo and the generated cases (the connection kept so): the later
    migrations made too, for the demo is loaded by today's code, which writes their columns."""
    names = [name for name, _step in schema.MIGRATIONS]
    with monkeypatch.context() as patch:
        at = names.index(NAME)
        patch.setattr(schema, "MIGRATIONS", schema.MIGRATIONS[:at] + schema.MIGRATIONS[at + 1:])
        db = open_database(database_path(data_dir))
        shipped_triggers(db)
        ensure_reference_data(db)
        load_demo(db, complaints=False)
        generated_cases(db)
    yield db
    db.conn.close()


def migrated_copy(db, folder):
    """A copy of ``db`` opened as today: m073 applied to it."""
    folder.mkdir()
    path = database_path(folder)
    copy = sqlite3.connect(path)
    db.conn.backup(copy)
    copy.close()
    return open_database(path)


def test_the_migration_keeps_every_key_and_the_view_works_each_out_the_same(before, tmp_path):
    kept = keys(before)
    assert len(kept) > 150 and len(set(kept.values())) > 20  # a varied set of amounts
    assert before.execute(f"SELECT COUNT(*) FROM cases WHERE penalty_sort IS NOT {penalty_sort_sql()}"
                          ).fetchone()[0] == 0
    listed = by_penalty(before)
    after = migrated_copy(before, tmp_path / "after")
    try:
        assert NAME in {name for (name,) in after.execute("SELECT name FROM _sqlite_migrations")}
        assert keys(after) == kept
        assert by_penalty(after) == listed
        with after.atomic():  # every key worked out again by the new trigger, from nothing
            after.execute("UPDATE cases SET penalty_sort = NULL")
            after.execute("UPDATE cases SET status = status")
        assert keys(after) == kept
    finally:
        after.conn.close()


def test_the_expression_is_stated_once(before, tmp_path):
    def sizes(db) -> tuple[int, int, int]:
        # m079's trigger on the key (a warning alone, WARNING_KEY) left out: it states its own condition once (below)
        schema_sql = db.execute("SELECT group_concat(sql) FROM sqlite_master WHERE name IS NOT ?",
                                [WARNING_KEY_TRIGGER]).fetchone()[0]
        largest = db.execute("SELECT MAX(length(sql)) FROM sqlite_master WHERE type = 'trigger' AND name IN "
                             "(SELECT value FROM json_each(?))", [json.dumps(sorted(WATCHING))]).fetchone()[0]
        return len(schema_sql), largest, schema_sql.count("challenge_changed")

    total, largest, stated = sizes(before)
    assert largest > 6000 and stated == 14 * 2
    after = migrated_copy(before, tmp_path / "after")
    try:
        total_after, largest_after, stated_after = sizes(after)
        assert largest_after < 300 and stated_after == 2 and total_after < total - 75_000
        stored = dict(after.execute("SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND "
                                    "name LIKE '%penalty%'"))
        assert stored == {statement.split()[2]: statement for statement in penalty_key_triggers()}
        assert len(stored) == 16
        # m079's, parsed by every new connection too: its condition (decisions, proposals) stated once, each fine as
        # changed once for a decision's party and once for the whole case
        warning = stored[WARNING_KEY_TRIGGER]
        assert len(warning) < 6500 and warning.count("challenge_changed") == 2
    finally:
        after.conn.close()


def test_the_same_writes_leave_the_same_keys_before_and_after(before, tmp_path):
    """Each write on one of the tables the triggers watch (the guards of issued documents dropped in both copies, so
    that documents can be changed, moved and deleted as a repair or a restore may) leaves the same keys."""
    after = migrated_copy(before, tmp_path / "after")
    try:
        for db in (before, after):
            db.execute("DROP TRIGGER documents_frozen")
            db.execute("DROP TRIGGER documents_kept")
        writes = Writes(before, random.Random(73))
        made = dict.fromkeys(sorted(WATCHED), 0)
        for _ in range(600):
            which, (sql, params) = writes.one(before)
            outcomes = []
            for db in (before, after):
                try:
                    with db.atomic():
                        outcomes.append(db.execute(sql, params).rowcount)
                except sqlite3.Error as error:
                    outcomes.append(str(error))
            assert outcomes[0] == outcomes[1], sql
            if outcomes[0] == 1:
                made[which] += 1
            assert keys(after) == keys(before), (sql, params)
        assert min(made.values()) >= 10, made  # the seed drawing the same writes each run: each kind made enough
        assert by_penalty(after) == by_penalty(before)
        assert after.execute(f"SELECT COUNT(*) FROM cases WHERE penalty_sort IS NOT {penalty_sort_sql()}"
                             ).fetchone()[0] == 0
    finally:
        after.conn.close()
