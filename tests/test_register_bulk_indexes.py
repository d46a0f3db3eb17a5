"""A register imported into a (nearly) empty database builds the secondary indexes of the cases (sort and filter
orders), parties, links and timeline events once after its rows (``workstation.db.bulk_indexes``): the same indexes
come back with the same SQL, a small import into a larger table keeps them, and Cancel at any point leaves the
schema and the rows as they were."""

import pytest

from tests.helpers import statements_run
from tests.test_register_import import GOOD, register_rows, write_csv
from workstation.db.bulk_indexes import rebuild_pays, rebuilt_indexes, secondary_indexes
from workstation.errors import Cancelled
from workstation.importing.register import import_register
from workstation.progress import CancelToken
from workstation.store import CaseFilter, list_cases


def rows(count: int, first: int = 300) -> list[list[str]]:
    """``count`` register rows of distinct case numbers, the good rows' values in turn."""
    return [[f"佛南市监立〔2026〕{first + i}号", *GOOD[i % len(GOOD)][1:]] for i in range(count)]


def schema(db) -> list[tuple]:
    return db.execute("SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY type, name").fetchall()


BULK_TABLES = ("cases", "parties", "case_parties", "case_events")  # the tables whose indexes an import rebuilds


def bulk_indexes(db, tables=BULK_TABLES) -> dict[str, str]:
    """{name: SQL} of the secondary indexes of ``tables``."""
    return dict(db.execute(f"SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name IN "
                           f"({', '.join('?' * len(tables))}) AND sql IS NOT NULL AND sql NOT LIKE 'CREATE UNIQUE%'",
                           list(tables)))


def counts(db) -> dict[str, int]:
    return {t: db.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0]
            for t in ("cases", "cases_fts", "parties", "case_parties", "case_events", "audit")}


def test_a_first_import_drops_the_secondary_indexes_and_builds_each_again_with_its_own_sql(db, tmp_path):
    before = schema(db)
    indexes = bulk_indexes(db)
    assert len(bulk_indexes(db, ("cases",))) >= 13 and not db.execute("SELECT COUNT(*) FROM cases").fetchone()[0]
    with statements_run(db) as statements:
        result = import_register(db, write_csv(tmp_path / "台账.csv", register_rows(rows(12))))

    assert result.imported == 12
    dropped = [s.split()[-1].strip('"') for s in statements if s.startswith("DROP INDEX")]
    assert sorted(dropped) == sorted(indexes)  # every secondary index of the four tables, and no other
    assert [s for s in statements if s.startswith("CREATE INDEX")] == [indexes[name] for name in dropped]
    assert not [s for s in statements if s.startswith("CREATE UNIQUE") or "autoindex" in s]
    assert schema(db) == before  # the same indexes, with the same SQL
    assert db.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    # the rebuilt indexes hold the rows: the list sorted by status finds every one
    assert len(list_cases(db, CaseFilter(order_by="status"), limit=100)) == 12


def test_a_small_import_into_a_larger_table_keeps_its_indexes(db, tmp_path):
    import_register(db, write_csv(tmp_path / "一.csv", register_rows(rows(10))))
    with statements_run(db) as statements:
        result = import_register(db, write_csv(tmp_path / "二.csv", register_rows(rows(4, first=500))))

    assert result.imported == 4
    assert not [s for s in statements if s.startswith(("DROP INDEX", "CREATE INDEX"))]
    assert db.execute("PRAGMA integrity_check").fetchall() == [("ok",)]


@pytest.mark.parametrize(("message", "at_call"), [
    ("Writing cases", 3),  # the cases being written, their indexes dropped
    ("Indexing cases for search", 1),  # every row written, no index built yet
    ("Indexing cases for sorting and filtering", 5),  # some indexes built again, the others not yet
])
def test_cancel_while_the_indexes_are_dropped_leaves_the_schema_and_the_rows_as_before(
        db, tmp_path, english, message, at_call):
    import_register(db, write_csv(tmp_path / "一.csv", register_rows(rows(3))))  # a few cases stored before
    before, stored = schema(db), counts(db)
    token = CancelToken()
    seen = []

    def progress(done, total, text):
        seen.append((done, total, text))
        if sum(1 for *_n, t in seen if t == message) == at_call:
            token.cancel()

    with pytest.raises(Cancelled):
        import_register(db, write_csv(tmp_path / "二.csv", register_rows(rows(8, first=600))), progress=progress,
                        cancel=token)
    assert message in {t for *_n, t in seen}
    assert schema(db) == before
    assert counts(db) == stored
    assert db.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    # imported again without Cancel, every row comes in
    assert import_register(db, write_csv(tmp_path / "三.csv", register_rows(rows(8, first=600)))).imported == 8
    assert schema(db) == before


def test_the_progress_of_an_import_that_builds_its_indexes_never_goes_back_and_ends_full(db, tmp_path, english):
    seen = []
    import_register(db, write_csv(tmp_path / "台账.csv", register_rows(rows(9))),
                    progress=lambda done, total, text: seen.append((done, total, text)))
    # the rows checked are counted on a scale of their own, then the import's on one scale with the indexes' share
    start = next(at for at, (_d, _t, text) in enumerate(seen) if text == "Importing cases")
    reports = [(done, total) for done, total, text in seen[start:] if text != "Done"]
    assert {total for _done, total in reports} == {9 * 6}
    assert [done for done, _total in reports] == sorted(done for done, _total in reports)
    assert reports[-1] == (9 * 6, 9 * 6)
    indexing = [text for _d, _t, text in seen if text == "Indexing cases for sorting and filtering"]
    assert len(indexing) == len(bulk_indexes(db))  # one report before each index built


def test_secondary_indexes_are_those_made_by_create_index_and_not_unique(db):
    db.execute("CREATE TABLE t (id TEXT PRIMARY KEY, a TEXT UNIQUE, b TEXT, c TEXT)")
    db.execute("CREATE INDEX t_b ON t(b)")
    db.execute("CREATE UNIQUE INDEX t_bc ON t(b, c)")
    db.execute("CREATE INDEX t_c ON t(substr(c, 1, 2)) WHERE c != ''")
    assert secondary_indexes(db, "t") == [("t_b", "CREATE INDEX t_b ON t(b)"),
                                          ("t_c", "CREATE INDEX t_c ON t(substr(c, 1, 2)) WHERE c != ''")]
    assert [name for name, _sql in secondary_indexes(db, "t", keep=("t_b",))] == ["t_c"]


def test_the_rebuild_pays_for_at_least_as_many_rows_as_stored(db):
    db.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, b TEXT)")
    db.execute("CREATE INDEX t_b ON t(b)")
    assert not rebuild_pays(db, "t", 0)
    assert rebuild_pays(db, "t", 1)
    db.conn.executemany("INSERT INTO t (b) VALUES (?)", [(str(i),) for i in range(100)])
    assert not rebuild_pays(db, "t", 50)
    assert rebuild_pays(db, "t", 100)


def test_an_error_in_the_block_builds_nothing_and_the_rollback_restores_the_indexes(db):
    db.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, b TEXT)")
    db.execute("CREATE INDEX t_b ON t(b)")
    before = schema(db)
    with pytest.raises(RuntimeError, match="needs a transaction"), rebuilt_indexes(db, {"t": 10}):
        pass
    with statements_run(db) as statements, pytest.raises(ValueError), db.atomic(), \
            rebuilt_indexes(db, {"t": 10}) as dropped:
        assert dropped == ["t_b"]
        assert not db.execute("SELECT 1 FROM sqlite_master WHERE name = 't_b'").fetchone()
        raise ValueError("stop")
    assert not [s for s in statements if s.startswith("CREATE INDEX")]
    assert schema(db) == before


def test_only_the_tables_where_it_pays_lose_their_indexes_and_progress_counts_over_all(db):
    db.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, b TEXT)")
    db.execute("CREATE INDEX t_b ON t(b)")
    db.execute("CREATE INDEX t_bb ON t(b, b)")
    db.execute("CREATE TABLE u (id INTEGER PRIMARY KEY, c TEXT)")
    db.execute("CREATE INDEX u_c ON u(c)")
    db.conn.executemany("INSERT INTO u (c) VALUES (?)", [(str(i),) for i in range(20)])
    db.conn.commit()
    before = schema(db)
    calls = []
    with db.atomic(), rebuilt_indexes(db, {"t": 5, "u": 5}, keep=("t_bb",),
                                      between=lambda done, count: calls.append((done, count))) as dropped:
        assert dropped == ["t_b"]  # u holds more rows than come; t_bb is read by the caller
        db.conn.executemany("INSERT INTO t (b) VALUES (?)", [(str(i),) for i in range(5)])
    assert calls == [(0, 1)]
    assert schema(db) == before
    assert db.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
