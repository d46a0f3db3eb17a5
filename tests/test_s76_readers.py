"""Session 76: the command line's read-only commands answer while another program holds the write lock (the window
importing a bundle); `stats --from/--to` names the period it counted as the report names it; the demo refused, before
anything is loaded, on a computer whose date is before the demo's last record."""

import contextlib
import datetime as dt
import json
import threading

import pytest

from tests import test_s53_security
from tests.helpers import db_digest, locked_by_another_copy, move_program_clock, run, run_json
from tests.test_s53_security import cli
from tests.test_ui_login import PASS
from workstation.db import schema
from workstation.paths import database_path


@pytest.fixture
def station(tmp_path, cli_station):
    """A data directory with the demo loaded through the command line (not encrypted: another program opens it)."""
    return cli_station(tmp_path / "station")


encrypted_station = test_s53_security.station  # a fixture: the encrypted station of 陈志强 and 罗建华


def _case_number(capsys, station) -> str:
    return run_json(capsys, "--data-dir", station, "cases", "list")[0]["case_number"]


READS = [
    ["stats"], ["stats", "--json"], ["stats", "--from", "2026-01-01", "--to", "2026-06-30"],
    ["cases", "list"], ["cases", "list", "--json"], ["clocks"], ["clocks", "--json"], ["clocks", "--case", "CASE"],
    ["audit", "verify"], ["audit", "verify", "--json"], ["audit", "list", "--limit", "5"], ["audit", "exports"],
    ["leads", "list"], ["leads", "list", "--json"], ["docs", "list", "CASE"], ["evidence", "list", "CASE"],
    ["interviews", "list"], ["publicity", "list"], ["complaints", "imports"], ["station", "list"],
    ["bundle", "conflicts"], ["report", "periods"], ["calendar", "list"], ["calendar", "list", "2026"],
    ["numbers", "blocks"], ["clocks", "events", "CASE"], ["cases", "facts", "CASE"], ["cases", "review-grounds", "CASE"],
]


@pytest.mark.parametrize("command", READS, ids=" ".join)
def test_a_command_that_only_reads_answers_while_another_program_holds_the_write_lock(station, capsys, english,
                                                                                     command):
    number = _case_number(capsys, station)
    command = [number if word == "CASE" else word for word in command]
    code, unlocked, _err = run(capsys, "--data-dir", station, *command)
    assert code == 0, _err
    before = db_digest(station)
    with locked_by_another_copy(station):
        code, out, err = run(capsys, "--data-dir", station, *command)
    assert code == 0, err
    assert "locked" not in err
    assert out == unlocked  # the same answer as without the lock
    if "--json" in command:
        json.loads(out)
    assert db_digest(station) == before


def test_an_export_of_the_statistics_is_written_while_another_program_holds_the_write_lock(station, tmp_path, capsys,
                                                                                          english):
    """HQ's script exporting the figures while the window imports a bundle: the export only reads the database."""
    before = db_digest(station)
    with locked_by_another_copy(station):
        code, out, err = run(capsys, "--data-dir", station, "stats", "export", "-o", tmp_path / "统计.xlsx", "--json")
        assert code == 0, err
        code, _out, err = run(capsys, "--data-dir", station, "interviews", "export", "-o", tmp_path / "约谈.csv")
        assert code == 0, err
    assert json.loads(out)["path"] == str(tmp_path / "统计.xlsx")
    assert (tmp_path / "统计.xlsx").is_file() and (tmp_path / "约谈.csv").is_file()
    assert db_digest(station) == before


def test_every_reader_named_is_a_command_of_the_command_line():
    from workstation import cli

    assert all(callable(getattr(cli, name, None)) for name in cli._READERS)


WRITES = [
    ["publicity", "add", "--date", "2026-11-20", "--title", "社区宣传", "--flyers", "10"],
    ["cases", "review-grounds", "CASE", "--ground", "complex"],
    ["cases", "facts", "CASE", "--clear"],
    ["station", "show"],  # makes the station (and its keys) when there is none yet: a writer
    ["evidence", "count", "CASE", "1", "--category", "other"],
]


@pytest.mark.parametrize("command", WRITES, ids=" ".join)
def test_a_command_that_may_write_is_still_refused_while_another_program_holds_the_write_lock(station, capsys,
                                                                                             english, command):
    number = _case_number(capsys, station)
    command = [number if word == "CASE" else word for word in command]
    before = db_digest(station)
    with locked_by_another_copy(station):
        code, out, err = run(capsys, "--data-dir", station, *command)
    assert (code, out) == (1, "")
    assert "locked by another program" in err and err.count("\n") == 1
    assert db_digest(station) == before


def test_a_reading_command_on_a_database_to_update_still_updates_it_or_is_refused_unchanged(station, capsys,
                                                                                            monkeypatch, english):
    """A database of an earlier version: the update takes the write lock, so while another program holds it the
    command is refused as before, nothing changed; once free, the command updates the database and answers."""
    monkeypatch.setattr(schema, "MIGRATIONS", [*schema.MIGRATIONS, ("m999_later", lambda db: None)])
    before = db_digest(station)
    with locked_by_another_copy(station):
        code, out, err = run(capsys, "--data-dir", station, "stats", "--json")
    assert (code, out) == (1, "")
    assert "locked by another program" in err
    assert db_digest(station) == before
    code, out, err = run(capsys, "--data-dir", station, "stats", "--json")
    assert code == 0, err
    assert "The database is updated to this version." in err
    assert json.loads(out)["cases"]["total"] == 36
    with locked_by_another_copy(station):  # updated: read again under the lock
        code, out, err = run(capsys, "--data-dir", station, "stats", "--json")
    assert code == 0, err


JANUARY_4 = dt.datetime(2027, 1, 4, 2, 0, tzinfo=dt.UTC)  # Monday 4 January 2027, Beijing morning


def test_stats_of_a_period_names_it_as_the_report_does_its_end_cut_back_to_today(station, capsys, monkeypatch,
                                                                                 english):
    from workstation.reports.text import period_text

    move_program_clock(monkeypatch, JANUARY_4)
    code, out, err = run(capsys, "--data-dir", station, "stats", "--from", "2026-12-01", "--to", "2027-12-31")
    assert code == 0, err
    assert period_text("2026-12-01", "2027-12-31", "2027-01-04") == "2026年12月1日至2027年1月4日"
    assert "Period counted: 2026年12月1日至2027年1月4日." in out
    figures = run_json(capsys, "--data-dir", station, "stats", "--from", "2026-12-01", "--to", "2027-12-31")
    assert figures["period"] == {"from": "2026-12-01", "to": "2027-01-04"}
    figures = run_json(capsys, "--data-dir", station, "stats", "--from", "2026-03-01")
    assert figures["period"] == {"from": "2026-03-01", "to": None}
    code, out, err = run(capsys, "--data-dir", station, "stats", "--to", "2026-06-30")
    assert "Period counted: 截至2026年6月30日." in out


NOVEMBER_2 = dt.datetime(2026, 11, 2, 2, 0, tzinfo=dt.UTC)


def test_the_demo_on_a_computer_dated_before_its_last_record_is_refused_naming_both_dates(tmp_path, capsys,
                                                                                        monkeypatch, english):
    move_program_clock(monkeypatch, NOVEMBER_2)
    folder = tmp_path / "new"
    code, out, err = run(capsys, "--data-dir", folder, "demo", "--without-complaints")
    assert (code, out) == (1, "")
    assert err == ("Error: The demo's records run to 2026-11-27, but this computer's date is 2026-11-02, which is "
                   "earlier: check the computer's date and time settings, then load the demo again. Nothing was "
                   "loaded.\n")
    assert not database_path(folder).exists()  # nothing left behind


def test_the_demo_refused_for_the_computer_s_date_leaves_existing_data_unchanged(tmp_path, capsys, monkeypatch,
                                                                                 english):
    from workstation.demo import load_demo
    from workstation.errors import WorkstationError

    folder = tmp_path / "data"
    code, _out, err = run(capsys, "--data-dir", folder, "init", "--agency", "440605")
    assert code == 0, err
    before = db_digest(folder)
    move_program_clock(monkeypatch, NOVEMBER_2)
    code, out, err = run(capsys, "--data-dir", folder, "demo")
    assert code == 1 and "The demo's records run to 2026-11-27" in err
    assert db_digest(folder) == before
    from tests.helpers import open_db

    db = open_db(folder)  # the window's --demo loads it through the core: refused there too, nothing added
    try:
        with pytest.raises(WorkstationError, match="this computer's date is 2026-11-02"):
            load_demo(db, complaints=False)
        assert db.execute("SELECT count(*) FROM cases").fetchone()[0] == 0
    finally:
        db.conn.close()


def test_the_demo_loads_on_the_day_of_its_last_record(tmp_path, capsys, monkeypatch, english):
    move_program_clock(monkeypatch, dt.datetime(2026, 11, 27, 2, 0, tzinfo=dt.UTC))
    code, _out, err = run(capsys, "--data-dir", tmp_path / "data", "demo", "--without-complaints")
    assert code == 0, err


# the audit entries an opening writes (wrong passphrases, legal data changed by hand): a reader never waits for them -

@contextlib.contextmanager
def locked_until_read(data_dir):
    """``locked_by_another_copy`` held on a thread of its own until the block ends — or, at the latest, a minute on,
    when it lets go: a command that waited for the lock (the test's busy timeout is two minutes) gets it then and
    writes, which the test sees in the audit log."""
    held, done = threading.Event(), threading.Event()

    def hold() -> None:
        with locked_by_another_copy(data_dir):
            held.set()
            done.wait(60)

    holder = threading.Thread(target=hold)
    holder.start()
    held.wait()
    try:
        yield
    finally:
        done.set()
        holder.join()


def _law_entries(capsys, data_dir) -> list[tuple[str, str]]:
    listed = run_json(capsys, "--data-dir", data_dir, "audit", "list", "--entity", "law")["entries"]
    return [(entry["action"], entry["entity_id"]) for entry in listed]


def test_a_reader_leaves_the_entry_of_a_legal_data_file_changed_by_hand_to_the_next_opening_under_the_lock(
        station, capsys, monkeypatch, english):
    """`stats` with a bureau's copy edited by hand, while the window imports a bundle: it answers without waiting
    for the lock to write the entry (which had it waited, it would have written when the lock was let go); the next
    command opening the data records the edit."""
    code, _out, err = run(capsys, "--data-dir", station, "law", "copy", "clocks")
    assert code == 0, err
    copy = station / "law" / "clocks.toml"
    copy.write_text(copy.read_text(encoding="utf-8") + "\n# 本局负责人批准修改\n", encoding="utf-8")
    before = db_digest(station)
    monkeypatch.setenv("WORKSTATION_BUSY_TIMEOUT_MS", "120000")
    with locked_until_read(station):
        code, _out, err = run(capsys, "--data-dir", station, "stats")
        assert code == 0, err
        assert "locked" not in err
    monkeypatch.setenv("WORKSTATION_BUSY_TIMEOUT_MS", "300")
    assert db_digest(station) == before  # nothing written: the edit is not in the audit log yet
    assert _law_entries(capsys, station)[0] == ("update", "clocks.toml")  # `audit list` opened it: recorded now
    assert [action for action, _file in _law_entries(capsys, station)] == ["update", "copy"]  # once


def test_a_reader_under_the_lock_leaves_the_wrong_passphrases_in_the_keyring_for_the_next_opening(
        encrypted_station, capsys, monkeypatch, english):
    db, data = encrypted_station
    code, _out, _err = cli(capsys, monkeypatch, data, "not the passphrase", "stats")
    assert code != 0
    db.conn.execute("BEGIN IMMEDIATE")  # another program's write (the window's import)
    try:
        code, out, err = cli(capsys, monkeypatch, data, PASS, "stats", "--json")
        assert code == 0, err
        assert json.loads(out)["cases"]["total"] == 0
    finally:
        db.conn.execute("ROLLBACK")
    failed = db.execute("SELECT count(*) FROM audit WHERE entity = 'security' AND action = 'login_failed'")
    assert failed.fetchone()[0] == 0  # left in the keyring
    code, out, err = cli(capsys, monkeypatch, data, PASS, "audit", "list", "--entity", "security", "--json")
    assert code == 0, err
    assert [entry["action"] for entry in json.loads(out)["entries"]].count("login_failed") == 1


def test_stats_of_a_script_s_no_start_and_no_end_is_said_as_the_whole_campaign(station, capsys, english):
    """The text agrees with --json, which names no period (CLI.md's keys kept): the whole campaign's counting, no
    "Period counted", for the whole campaign and a script's "no start" and "no end" alike."""
    from workstation.stats import campaign_counted_text

    whole_json = run_json(capsys, "--data-dir", station, "stats")
    assert "period" not in whole_json
    assert run_json(capsys, "--data-dir", station, "stats", "--from", "0001-01-01", "--to", "9999-12-31") == whole_json
    code, whole, err = run(capsys, "--data-dir", station, "stats")
    assert code == 0, err
    assert "Period counted" not in whole
    code, out, err = run(capsys, "--data-dir", station, "stats", "--from", "0001-01-01", "--to", "9999-12-31")
    assert code == 0, err
    assert "Period counted" not in out
    assert campaign_counted_text() in out
    assert out == whole
    code, out, err = run(capsys, "--data-dir", station, "stats", "--from", "0001-01-01", "--to", "2026-06-30")
    assert "Period counted: 截至2026年6月30日." in out  # an end given: that period, as --json names it
    assert run_json(capsys, "--data-dir", station, "stats", "--from", "0001-01-01", "--to", "2026-06-30")["period"] \
        == {"from": None, "to": "2026-06-30"}


def test_the_demo_s_last_day_is_of_the_dates_the_store_refuses_ahead_of_today(monkeypatch):
    """A deferral's end and a hearing's day may lie ahead (the store takes them): a seed holding one later than the
    rest does not move the demo's last day, so the demo is not refused for it; a date the store refuses does."""
    from workstation.demo import last_record_day, load_seed

    seed = load_seed()
    assert last_record_day(seed) == "2026-11-27"
    case = seed["clock_events"][0]["case"]
    ahead = [{"id": "d", "case": case, "kind": "deferral", "starts_on": "2026-11-20", "ends_on": "2027-05-31",
              "approved_on": "2026-11-20", "approved_by": "本局负责人"},
             {"id": "h", "case": case, "kind": "hearing_session", "starts_on": "2027-01-15"}]
    assert last_record_day({**seed, "clock_events": [*seed["clock_events"], *ahead]}) == "2026-11-27"
    refused = {"id": "t", "case": case, "kind": "testing", "starts_on": "2026-11-20", "ends_on": "2026-12-04"}
    assert last_record_day({**seed, "clock_events": [*seed["clock_events"], refused]}) == "2026-12-04"
