# ruff: noqa: F811 - the fixtures imported from test_bundle_hq and test_db are used by name
"""A 文号 is unique among the numbers in force only (m041): a station restored from a backup that gave a number again
which headquarters holds, and followed the refusal's advice (void its copy, issue the document again under a new
number), takes headquarters' hand-out; a hand-out bringing the voided original of a number the station gave again
is taken too; two numbers in force stay refused, and the migration keeps every 文号 row."""

from __future__ import annotations

import sqlite3

import pytest

from tests.data_digest import data_digest
from tests.helpers import open_db, run, run_json
from tests.test_bundle_hq import dirs, export, import_, take_headquarters_card, template  # noqa: F401
from tests.test_db import database_at, full_demo, full_demo_template  # noqa: F401
from tests.test_numbering_hold import SHUNDE_CASE, _hand_out, _summons
from workstation.db import open_database
from workstation.db.connection import applied_schema
from workstation.db.schema import MIGRATIONS
from workstation.paths import database_path


def _issue(capsys, dirs, name: str) -> dict:
    """Shunde issues a 询问通知书 of its case (written to ``name``): the document as issued, with its 文号."""
    return run_json(capsys, "--data-dir", dirs / "shunde", "docs", "issue", SHUNDE_CASE, "--form", "inquiry_notice",
                    "--values", _summons(dirs), "-o", dirs / name)


def _rows(data_dir, number: str) -> list[tuple[str, str | None]]:
    db = open_db(data_dir)
    try:
        return db.execute("SELECT status, document_id FROM doc_numbers WHERE number = ? ORDER BY status",
                          [number]).fetchall()
    finally:
        db.conn.close()


def _restored_after_sending(capsys, dirs, *, voided_at_headquarters: bool = False) -> dict:
    """Shunde backs up, issues a document (its 文号 reaches headquarters in s1.bundle; with
    ``voided_at_headquarters`` it voids it and sends the void in s2.bundle too), is restored from the backup — the
    numbers the data it replaced had taken then lost, as on another laptop — and its officer releases the numbering
    hold: the document first issued."""
    take_headquarters_card(capsys, dirs, "shunde")
    backup = run_json(capsys, "--data-dir", dirs / "shunde", "backup", "create")["path"]
    first = _issue(capsys, dirs, "n1.pdf")
    export(capsys, dirs, "shunde", "s1.bundle")
    import_(capsys, dirs, "s1.bundle")
    if voided_at_headquarters:
        run_json(capsys, "--data-dir", dirs / "shunde", "docs", "void", first["id"], "--reason", "送达对象有误")
        export(capsys, dirs, "shunde", "s2.bundle")
        import_(capsys, dirs, "s2.bundle")
    run_json(capsys, "--data-dir", dirs / "shunde", "backup", "restore", backup)
    run_json(capsys, "--data-dir", dirs / "shunde", "numbers", "release-hold", "--checked")
    # the numbers the replaced data took, which the restore keeps taken, lost (restored on another laptop, say)
    db = open_db(dirs / "shunde")
    with db.atomic():
        db.execute("DELETE FROM doc_numbers WHERE status IN ('void', 'lost') AND document_id IS NULL")
    db.conn.close()
    return first


def test_a_station_that_voided_the_number_it_gave_twice_takes_headquarters_hand_out(capsys, dirs, english):
    first = _restored_after_sending(capsys, dirs)
    again = _issue(capsys, dirs, "n2.pdf")
    assert again["number"] == first["number"]  # given twice: the station had forgotten it
    _hand_out(capsys, dirs, "h1.bundle", "--all")
    code, _out, err = run(capsys, "--data-dir", dirs / "shunde", "bundle", "import", dirs / "h1.bundle")
    assert code == 1 and "Void or correct this station's" in err
    # the refusal's advice followed: the station's copy voided, the document issued again under a new number
    run_json(capsys, "--data-dir", dirs / "shunde", "docs", "void", again["id"], "--reason", "文号与已送达文书重复")
    third = _issue(capsys, dirs, "n3.pdf")
    assert third["number"] != first["number"]
    code, _out, err = run(capsys, "--data-dir", dirs / "shunde", "bundle", "import", dirs / "h1.bundle")
    assert code == 0, err
    # the original in force, as headquarters holds it, beside the station's voided copy
    assert _rows(dirs / "shunde", first["number"]) == [("issued", first["id"]), ("void", again["id"])]
    # the number in force is the one a later void takes
    voided = run_json(capsys, "--data-dir", dirs / "shunde", "docs", "void", first["id"], "--reason", "撤回重发")
    assert voided["status"] == "void"
    assert sorted(_rows(dirs / "shunde", first["number"])) == sorted([("void", first["id"]), ("void", again["id"])])


def test_a_hand_out_bringing_the_voided_original_of_a_number_given_again_is_taken(capsys, dirs, english):
    first = _restored_after_sending(capsys, dirs, voided_at_headquarters=True)
    again = _issue(capsys, dirs, "n2.pdf")
    assert again["number"] == first["number"]
    _hand_out(capsys, dirs, "h1.bundle", "--all")
    code, _out, err = run(capsys, "--data-dir", dirs / "shunde", "bundle", "import", dirs / "h1.bundle")
    assert code == 0, err
    assert _rows(dirs / "shunde", first["number"]) == [("issued", again["id"]), ("void", first["id"])]


def test_two_numbers_in_force_still_refuse_the_hand_out(capsys, dirs, english):
    first = _restored_after_sending(capsys, dirs)
    _issue(capsys, dirs, "n2.pdf")
    _hand_out(capsys, dirs, "h1.bundle", "--all")
    before = data_digest(dirs / "shunde")
    code, _out, err = run(capsys, "--data-dir", dirs / "shunde", "bundle", "import", dirs / "h1.bundle")
    assert code == 1 and first["number"] in err and data_digest(dirs / "shunde") == before


def test_m041_keeps_the_numbers_and_holds_uniqueness_among_those_in_force(data_dir, full_demo, monkeypatch):
    from workstation.documents.drafts import find_form
    from workstation.documents.issuing import issue_document
    from workstation.store import find_case

    db = open_database(database_path(full_demo))
    case = find_case(db, "佛南市监立〔2026〕1号")
    issued = issue_document(db, full_demo, case, find_form("rectification_order"))
    kept = db.execute("SELECT * FROM doc_numbers ORDER BY id").fetchall()
    db.conn.close()
    names = [name for name, _fn in MIGRATIONS]
    database_at(names.index("m041_doc_numbers_void_apart"), data_dir, full_demo, monkeypatch)
    db = open_database(database_path(data_dir))
    try:
        assert "m041_doc_numbers_void_apart" in applied_schema(db)
        assert db.execute("SELECT * FROM doc_numbers ORDER BY id").fetchall() == kept
        copy = ("INSERT INTO doc_numbers (id, agency_id, type_code, year, serial, number, status, issued_at) "
                "SELECT ?, agency_id, type_code, year, serial, number, ?, issued_at FROM doc_numbers WHERE number = ?")
        db.execute(copy, ["voided-copy", "void", issued.number])  # a voided copy beside the number in force
        with pytest.raises(sqlite3.IntegrityError, match="UNIQUE"):
            db.execute(copy, ["second-in-force", "issued", issued.number])
        with pytest.raises(sqlite3.IntegrityError, match="UNIQUE"):  # the same serial under another spelling
            db.execute("INSERT INTO doc_numbers (id, agency_id, type_code, year, serial, number, issued_at) "
                       "SELECT 'same-serial', agency_id, type_code, year, serial, 'x', issued_at FROM doc_numbers "
                       "WHERE id != 'voided-copy' AND number = ?", [issued.number])
        with pytest.raises(sqlite3.IntegrityError, match="UNIQUE"):  # a voided copy cannot come back in force
            db.execute("UPDATE doc_numbers SET status = 'issued' WHERE id = 'voided-copy'")
    finally:
        db.conn.close()
