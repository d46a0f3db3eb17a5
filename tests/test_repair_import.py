"""A bulk import (`cases import`, `complaints import`, and the same imports of the window) after an unclean
shutdown first makes the quick check, and refuses to write into a database it finds damaged, saying what to do;
without an unclean shutdown the check is skipped (it costs as much as a small import on a large database)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from tests import backup_fixtures
from tests.backup_fixtures import crash_with_the_data_open, damage_the_audit_head, data_digest, open_db
from tests.helpers import run
from workstation.errors import ImportRefused
from workstation.repair import was_unclean

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))
import make_complaints  # noqa: E402
import make_data  # noqa: E402

templates, copy_template, _fast_keys = (backup_fixtures.templates, backup_fixtures.copy_template,
                                        backup_fixtures._fast_keys)


@pytest.fixture
def register(tmp_path) -> Path:
    path = make_data.write_csv(tmp_path / "台账.csv", 5)
    path.write_text(path.read_text(encoding="utf-8-sig").replace("〔2026〕", "〔2025〕"), encoding="utf-8-sig")
    return path


@pytest.fixture
def complaints(tmp_path) -> Path:
    path = tmp_path / "council.csv"
    make_complaints.write_council_csv(path, 30)
    return path


@pytest.mark.parametrize("command", ["cases", "complaints"])
def test_an_import_into_a_database_damaged_by_a_crash_is_refused(capsys, copy_template, register, complaints,
                                                                 english, command):
    data = copy_template("plain")
    damage_the_audit_head(data)
    crash_with_the_data_open(data)
    before = data_digest(data)
    code, out, err = run(capsys, "--data-dir", data, command, "import", register if command == "cases" else complaints)
    assert code == 1 and out == ""
    line = err.strip()
    assert "\n" not in line and "Nothing was imported" in line and "audit" in line
    assert "Restore the last good backup" in line and str(data) in line
    assert data_digest(data) == before and was_unclean(data)
    code, _out, err = run(capsys, "--data-dir", data, command, "import", "--dry-run",
                          register if command == "cases" else complaints)
    assert code == 0, err  # a dry run writes nothing: it is not refused


def test_the_check_runs_only_after_an_unclean_shutdown(capsys, copy_template, register, complaints, english):
    from workstation.importing.register import import_register

    data = copy_template("plain")
    crash_with_the_data_open(data)
    code, _out, err = run(capsys, "--data-dir", data, "cases", "import", register)  # sound: imported
    assert code == 0, err
    damage_the_audit_head(data)
    db = open_db(data)
    try:
        with pytest.raises(ImportRefused, match="database check found problems"):
            import_register(db, register)
    finally:
        db.conn.close()
    clean = copy_template("plain", "clean")
    damage_the_audit_head(clean)  # no crash: no check (the start checks after one)
    code, _out, err = run(capsys, "--data-dir", clean, "complaints", "import", complaints)
    assert code == 0, err
