"""Secondary indexes built once after a bulk insert instead of row by row: an import into a (nearly) empty table
drops them inside its own transaction and creates them again from their own SQL before its commit. SQLite's DDL
is transactional, so a rollback (Cancel, an error, a crash) puts every index back as it was."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from contextlib import contextmanager

from workstation.db.connection import Database


def rebuild_pays(db: Database, table: str, incoming: int) -> bool:
    """Whether ``incoming`` new rows are worth building ``table``'s secondary indexes again rather than updating
    them row by row: at least as many as the rows stored (counted by the largest rowid, never fewer than the rows:
    one look at the end of the table). A register's first import into an empty database pays many times over; 50
    rows into 100,000 cases must not sort 100,000 rows again."""
    if incoming <= 0:
        return False
    stored = db.execute(f"SELECT COALESCE(MAX(rowid), 0) FROM {table}").fetchone()[0]
    return incoming >= stored


def secondary_indexes(db: Database, table: str, keep: Iterable[str] = ()) -> list[tuple[str, str]]:
    """(name, SQL) of ``table``'s indexes that only speed up reading, in the order the schema lists them: made by
    CREATE INDEX and not UNIQUE (a unique index, or a PRIMARY KEY's or UNIQUE constraint's own index, refuses
    duplicates and must stay while rows come in), nor named in ``keep`` (those the caller reads while it inserts)."""
    kept = set(keep)
    plain = {name for _seq, name, unique, origin, _partial in db.execute(f"PRAGMA index_list({table})")
             if not unique and origin == "c" and name not in kept}
    return [(name, sql) for name, sql in db.execute(
        "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = ? AND sql IS NOT NULL "
        "ORDER BY rowid", [table]) if name in plain]


@contextmanager
def rebuilt_indexes(db: Database, incoming: Mapping[str, int], *, keep: Iterable[str] = (),
                    between: Callable[[int, int], None] | None = None):
    """Inside the caller's transaction, around its bulk insert of ``incoming`` rows ({table: rows}): for each table
    where that pays (``rebuild_pays``), drop the secondary indexes (``secondary_indexes``: never a unique one, never
    one named in ``keep``) and, once the block ends without an error, create each again with its own statement (same
    name, same SQL: one sort per index), in the order of ``incoming``. ``between(done, count)`` is called before each
    index is built, counted over all the tables (the caller's progress; it may raise Cancelled). Yields the names
    dropped ([] when it pays nowhere).

    The transaction must roll back on any error, as the importers' do: the rollback restores the dropped indexes,
    so nothing is left half done whatever stops the import (Cancel between two indexes, a full disk, a crash)."""
    if not db.conn.in_transaction:
        raise RuntimeError("rebuilt_indexes needs a transaction")
    dropped = [index for table, rows in incoming.items() if rebuild_pays(db, table, rows)
               for index in secondary_indexes(db, table, keep)]
    for name, _sql in dropped:
        db.execute(f'DROP INDEX "{name}"')
    yield [name for name, _sql in dropped]
    for done, (_name, sql) in enumerate(dropped):
        if between:
            between(done, len(dropped))
        db.execute(sql)
