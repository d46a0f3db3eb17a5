"""A complaint export imported into an empty database builds its dropped indexes again one by one after its rows,
saying so and hearing Cancel between two of them; Cancel there leaves the schema and the complaints as before."""

import sys
from pathlib import Path

import pytest

from tests.helpers import statements_run
from workstation.errors import Cancelled
from workstation.importing.complaints import import_complaints
from workstation.progress import CancelToken
from workstation.store.complaints import SECONDARY_INDEXES

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))
import make_complaints  # noqa: E402

INDEXING = "Indexing the complaints of council.csv"


@pytest.fixture(scope="module")
def council(tmp_path_factory):
    path = tmp_path_factory.mktemp("council") / "council.csv"
    make_complaints.write_council_csv(path, 80, answers=False)
    return path


def schema(db) -> list[tuple]:
    return db.execute("SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY type, name").fetchall()


def test_an_import_into_an_empty_database_builds_each_dropped_index_again_saying_so(db, council, english):
    before = schema(db)
    sql = dict(db.execute("SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'complaints'"))
    seen = []
    with statements_run(db) as statements:
        result = import_complaints(db, [council], progress=lambda done, total, text: seen.append((done, total, text)))
    assert result.imported > 0
    dropped = [s.split()[-1].strip('"') for s in statements if s.startswith("DROP INDEX")]
    assert sorted(dropped) == sorted(SECONDARY_INDEXES)  # the content keys' index, read while importing, stays
    assert [s for s in statements if s.startswith("CREATE INDEX")] == [sql[name] for name in dropped]
    # one step before each index built again, in the bar's last twentieth: never going back
    steps = [(done, total) for done, total, text in seen if text.endswith(INDEXING)]
    assert len(steps) == len(dropped)
    assert [done / total for done, total, _text in seen] == sorted(done / total for done, total, _text in seen)
    assert all(0.95 <= done / total < 1 for done, total in steps)
    assert schema(db) == before
    assert db.execute("PRAGMA integrity_check").fetchall() == [("ok",)]


def test_cancel_between_two_indexes_leaves_the_schema_and_the_complaints_as_before(db, council, english):
    before = schema(db)
    token = CancelToken()

    steps = []

    def progress(done, total, text):
        if text.endswith(INDEXING):
            steps.append(done)
            if len(steps) == 2:  # one index built again, the others not yet
                token.cancel()

    with pytest.raises(Cancelled):
        import_complaints(db, [council], progress=progress, cancel=token)
    assert schema(db) == before
    assert db.execute("SELECT COUNT(*) FROM complaints").fetchone()[0] == 0
    assert db.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    assert import_complaints(db, [council]).imported > 0  # imported again without Cancel
    assert schema(db) == before
