"""A second connection of this process opened on the database (the window's background tasks open their own) does
not open and close the database file with Python's own calls: that drops every POSIX lock the process holds on it,
SQLite's too, and a command run meanwhile (a read-only `stats` from a script) took the database for unused and deleted
its write-ahead log under the window's connection — its writes then reached no one, and another program's were lost."""

from __future__ import annotations

import subprocess
import sys

from workstation.db import open_database
from workstation.db.driver import holds_open
from workstation.paths import database_path

PEEK = ("import sqlite3, sys\n"
        "c = sqlite3.connect(sys.argv[1])\n"
        "c.execute('SELECT count(*) FROM sqlite_master').fetchone()\n"
        "c.close()\n")


def test_the_write_ahead_log_stays_while_the_window_holds_the_database(tmp_path, cli_station):
    station = cli_station(tmp_path / "station", ["init", "--plaintext", "--agency", "440605"])
    path = database_path(station)
    window = open_database(path)
    try:
        window.execute("CREATE TABLE IF NOT EXISTS probe_s48 (x)")
        window.execute("INSERT INTO probe_s48 VALUES (1)")
        assert path.with_name(path.name + "-wal").exists()
        task = open_database(path)  # as a background task opens its own connection
        task.conn.close()
        subprocess.run([sys.executable, "-c", PEEK, str(path)], check=True, timeout=60)
        assert path.with_name(path.name + "-wal").exists()  # still the window's: not checkpointed away
        window.execute("INSERT INTO probe_s48 VALUES (2)")
        seen = subprocess.run([sys.executable, "-c", "import sqlite3, sys; print(sqlite3.connect(sys.argv[1])."
                               "execute('SELECT count(*) FROM probe_s48').fetchone()[0])", str(path)],
                              check=True, timeout=60, capture_output=True, text=True).stdout.strip()
        assert seen == "2"  # the window's write reaches another program
    finally:
        window.conn.close()


def test_a_connection_closed_no_longer_holds_its_file(tmp_path):
    path = tmp_path / "x.db"
    db = open_database(path)
    assert holds_open(path)
    db.conn.close()
    assert not holds_open(path)


def test_the_header_of_a_file_held_open_is_read_as_it_is(tmp_path):
    """A connection opened on a file that is no plain database (an encrypted one whose keyring is lost) does not make
    it read as one: the header is read through a descriptor kept open meanwhile, not assumed."""
    from workstation.db import driver
    from workstation.db.connection import SQLITE_HEADER, database_header

    path = tmp_path / "workstation.db"
    path.write_bytes(b"\x8f" * 4096)
    conn = driver.connect_plain(str(path), 1.0)
    try:
        assert holds_open(path)
        assert database_header(path) != SQLITE_HEADER
    finally:
        conn.close()
    assert database_header(path) == b"\x8f" * 16
