"""A command's output file that may be one of the data directory's own is refused, --force or not: `docs render … -o
<data>/workstation.db --force` replaced the database with a PDF and every later command was refused ("not a workstation
database"); and an output onto what is not a file (a device) is refused. A new file beside the database is written (a
data directory may be the officer's working folder)."""

from __future__ import annotations

import hashlib
import os

import pytest

from tests.helpers import run
from workstation.paths import database_path

CASE = "佛三市监立〔2026〕6号"


def _digest(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.mark.parametrize("name", ["workstation.db", "keyring.json", "workstation.db-wal", "files/new.pdf",
                                  "logs/new.pdf"])
def test_an_output_inside_the_data_directory_is_refused_even_with_force(demo_db, data_dir, capsys, english, name):
    demo_db.conn.close()
    database = database_path(data_dir)
    before = _digest(database)
    target = data_dir / name
    code, out, err = run(capsys, "--data-dir", data_dir, "docs", "render", CASE, "--form", "rectification_order",
                         "--format", "pdf", "-o", str(target), "--force")
    assert code == 1 and out == ""
    assert err.strip() == (f"Error: {target} is inside the data directory {data_dir.resolve()}, which holds the "
                           "workstation's database, keys and files: write it to another folder.")
    assert _digest(database) == before and (name in ("workstation.db", "keyring.json") or not target.exists())
    assert not (data_dir / "logs" / "new.pdf").exists()
    code, _out, err = run(capsys, "--data-dir", data_dir, "cases", "list", "--json")
    assert code == 0, err


@pytest.mark.parametrize("where", ["outside", "beside the database"])
def test_an_output_outside_the_data_directory_or_beside_its_database_is_written_and_written_again(
        demo_db, data_dir, capsys, english, tmp_path, where, monkeypatch):
    demo_db.conn.close()
    folder = tmp_path if where == "outside" else data_dir
    monkeypatch.chdir(folder)  # a data directory that is the officer's working folder: --data-dir . -o 整改通知.pdf
    for force in ((), ("--force",)):  # made, then made again over itself
        code, _out, err = run(capsys, "--data-dir", "." if where != "outside" else data_dir, "docs", "render", CASE,
                              "--form", "rectification_order", "--format", "pdf", "-o", "整改通知.pdf", *force)
        assert code == 0 and (folder / "整改通知.pdf").read_bytes().startswith(b"%PDF"), err


def test_an_output_onto_a_pipe_is_refused_even_with_force(demo_db, data_dir, capsys, english, tmp_path):
    demo_db.conn.close()
    pipe = tmp_path / "pipe.pdf"
    os.mkfifo(pipe)
    code, _out, err = run(capsys, "--data-dir", data_dir, "docs", "render", CASE, "--form", "rectification_order",
                          "--format", "pdf", "-o", str(pipe), "--force")
    assert code == 1 and err.strip() == (f"Error: {pipe} is not an ordinary file (a device or a pipe): give the name "
                                         "of a file to write.")
    assert not pipe.is_file() and pipe.exists()
