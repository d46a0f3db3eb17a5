"""Shared fixtures: every test gets its own data directory; Qt runs offscreen and in Chinese."""

from __future__ import annotations

import contextlib
import faulthandler
import gc
import os
import re
import shutil
import sys
import tempfile
import time
from pathlib import Path

os.environ["QT_QPA_PLATFORM"] = "offscreen"
os.environ.setdefault("WORKSTATION_LANG", "zh_CN")
os.environ["WORKSTATION_BUSY_TIMEOUT_MS"] = "300"
os.environ.setdefault("WORKSTATION_ACTOR", "tester")
# a new data directory made by a command is kept unencrypted on purpose, except in the tests of encryption
os.environ.setdefault("WORKSTATION_PLAINTEXT", "1")


def _cache_compiled_modules_outside_the_tree() -> None:
    """With PYTHONDONTWRITEBYTECODE set (as in a shared working tree), pytest rewrote the asserts of all 380 test
    modules and Python compiled the project's modules again in every worker at every run: 24 s of each worker's
    collection, 6 s with the compiled files kept. They are kept outside the working tree (``sys.pycache_prefix``,
    in the temporary folder), so the tree still gets no ``__pycache__``; a prefix already chosen (PYTHONPYCACHEPREFIX)
    is used as it is. The programs the tests start (the command line, the window, a program killed mid-work: some
    eighty) inherit the same prefix through the environment: each compiled the project's modules again, half a second
    of every start, about a minute of the run's CPU."""
    import sys
    import tempfile

    if not sys.dont_write_bytecode:
        return
    if not sys.pycache_prefix:
        name = f"workstation-tests-pycache-{os.getuid() if hasattr(os, 'getuid') else 'user'}"
        sys.pycache_prefix = os.path.join(tempfile.gettempdir(), name)
    sys.dont_write_bytecode = False
    os.environ.pop("PYTHONDONTWRITEBYTECODE", None)
    os.environ["PYTHONPYCACHEPREFIX"] = sys.pycache_prefix


_cache_compiled_modules_outside_the_tree()


def _no_waiting_for_the_disk() -> None:
    """``os.fsync`` and ``os.sync`` return at once in the tests' own processes (the programs they start keep them):
    what they guard against, a power cut, no test can stage, while a killed process — which the crash tests do stage
    — loses nothing the system already holds. Each stored file, key, backup and bundle waited for the disk, a few
    milliseconds each on this shared machine, about twenty seconds of the run. A test that spies on them or makes
    them fail patches them as before."""
    os.fsync = lambda fd: None
    os.sync = lambda: None


_no_waiting_for_the_disk()

#: the least free space of the memory-backed file system for the tests' folders to be put on it (a run keeps there
#: only its templates and the folders of the tests that failed: ``pytest_runtest_protocol``)
_MEMORY_DISK_FREE = 2 * 1024**3


def _temporary_folders_in_memory() -> None:
    """The tests' temporary folders (``tmp_path``, the templates, the programs' own ``tempfile``) go on the
    memory-backed ``/dev/shm`` when it is a tmpfs with room to spare, through ``TMPDIR`` (which the programs the tests
    start inherit), unless a temporary folder was chosen (``TMPDIR``, ``PYTEST_DEBUG_TEMPROOT``). On this machine's
    disk (ext4 mounted with ``discard``, shared) a run waited on the disk for its thousands of small folders and
    database files, and the controller, at its end, removed those of the run three runs before, one at a time (a
    third of a millisecond each: 45,000 files and 38,000 folders for the whole suite): 75 modules on two workers took
    128 s there and 84 s in memory, the same processor time."""
    import shutil
    import sys
    import tempfile

    if sys.platform != "linux" or os.environ.get("TMPDIR") or os.environ.get("PYTEST_DEBUG_TEMPROOT"):
        return
    try:
        with open("/proc/mounts", encoding="utf-8") as mounts:
            if not any(line.split()[1:3] == ["/dev/shm", "tmpfs"] for line in mounts):
                return
        if shutil.disk_usage("/dev/shm").free < _MEMORY_DISK_FREE:
            return
        folder = os.path.join("/dev/shm", f"workstation-tests-{os.getuid()}")
        os.makedirs(folder, mode=0o700, exist_ok=True)
        made = os.lstat(folder)
    except OSError:
        return
    import stat

    if stat.S_ISDIR(made.st_mode) and made.st_uid == os.getuid() and not made.st_mode & 0o077:
        os.environ["TMPDIR"] = tempfile.tempdir = folder
        _MEMORY_FOLDER[:] = [folder]


#: the memory-backed folder of the run's temporary folders, when they are there (``_temporary_folders_in_memory``)
_MEMORY_FOLDER: list[str] = []
#: a folder the programs' own ``tempfile`` left at the top of the memory-backed folder (a demo's complaint files of a
#: killed test) is removed once it is this old, in seconds: no run lasts a day
_LEFT_BEHIND_AGE = 24 * 3600


def _killed_runs_removed(folder: str) -> None:
    """Remove from the memory-backed ``folder`` what killed runs left there: pytest keeps a run's numbered folder
    whose lock was never removed — a run killed, its process gone — for three days, hundreds of megabytes of memory
    each, and a killed process's ``tempfile`` folders for ever."""
    import glob
    import shutil
    import time

    for lock in glob.glob(os.path.join(folder, "pytest-of-*", "pytest-*", ".lock")):
        try:
            with open(lock, encoding="ascii") as held:
                pid = int(held.read() or 0)
            os.kill(pid, 0)  # the run holding it still runs (another run beside this one): its folder stays
        except ProcessLookupError:
            shutil.rmtree(os.path.dirname(lock), ignore_errors=True)
        except (OSError, ValueError):
            continue
    old = time.time() - _LEFT_BEHIND_AGE
    for path in glob.glob(os.path.join(folder, "tmp*")) + glob.glob(os.path.join(folder, "demo-*")):
        try:
            if os.lstat(path).st_mtime < old:
                shutil.rmtree(path, ignore_errors=True)
        except OSError:
            continue


_temporary_folders_in_memory()

import pytest  # noqa: E402


def _loaded(name: str):
    """The module ``name``, imported if it is not yet: what an ``import`` statement in a fixture would give, without
    going through the import machinery at every test once it is loaded (PySide6 wraps ``__import__``: a few
    microseconds each, some fifteen imports in the fixtures and hooks every test runs)."""
    module = sys.modules.get(name)
    if module is None:
        import importlib

        module = importlib.import_module(name)
    return module

_FROZEN_AT: list = [None]


def pytest_runtest_setup(item):
    """Set the heap that lasts aside from the garbage collector: at each module's first test, and after reportlab
    registered a font (its 3 Chinese faces alone hold 83,000 lists), what survives a collection is frozen. Every
    collection, automatic or by a test waiting for a connection to close, then walks only what the tests made since;
    it walked the whole heap, 50 to 100 ms each time, a tenth of the suite's time."""
    metrics = sys.modules.get("reportlab.pdfbase.pdfmetrics")
    moment = (item.module.__name__, len(metrics.getRegisteredFontNames()) if metrics else 0)
    if moment != _FROZEN_AT[0]:
        _FROZEN_AT[0] = moment
        gc.collect()
        gc.freeze()


def delete_left_windows() -> None:
    """Delete the windows a test leaves: those pytest-qt closed and marked for deletion, which Qt deletes only at
    its next event loop, and those no fixture knew of. Else they are deleted during a later test's ``exec()`` or
    ``waitUntil``, and a window whose deletion crashes takes an unrelated test down with it. Not closed first: a
    window's closeEvent is the application's (an editor saving its draft), and the test's database is closed by now."""
    widgets = sys.modules.get("PySide6.QtWidgets")  # no Qt in the tests that never loaded it
    if widgets is None or widgets.QApplication.instance() is None:
        return
    core = _loaded("PySide6.QtCore")  # loaded with QtWidgets
    QCoreApplication, QEvent = core.QCoreApplication, core.QEvent

    for window in widgets.QApplication.topLevelWidgets():
        if window.parent() is None:  # a window with a parent goes with it
            window.deleteLater()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


@pytest.fixture(autouse=True)
def _windows_deleted():
    """Each test's windows deleted at its own end (``delete_left_windows``). The first autouse fixture, so the last
    torn down: after ``started`` has shut down the windows it opened, which it does after pytest-qt closed them."""
    yield
    delete_left_windows()


@pytest.fixture
def tmp_path(request, tmp_path_factory) -> Path:
    """pytest's own ``tmp_path`` (every test has one: ``_isolated_home``), made by ``tempfile.mkdtemp`` in the run's
    base folder under a name from the test's: pytest's numbered folders replaced a "-current" symbolic link at each
    one, 2 to 5 ms a test on this shared disk, half a minute of the run."""
    name = re.sub(r"\W", "_", request.node.name)[:30]
    made = request.node.made_tmp_path = Path(tempfile.mkdtemp(prefix=name, dir=tmp_path_factory.getbasetemp()))
    return made


def pytest_sessionstart(session):
    """The run's controller (not an xdist worker) clears what killed runs left in memory (``_killed_runs_removed``)."""
    if _MEMORY_FOLDER and not hasattr(session.config, "workerinput"):
        _killed_runs_removed(_MEMORY_FOLDER[0])


def pytest_sessionfinish(session, exitstatus):
    """A run in memory that failed no test removes its base folder, templates and all, at its end (its controller,
    whose folder holds the workers'): pytest would keep the last three runs', about 450 MB of memory each. A run
    that failed keeps it, as pytest would, with the folders of the tests that failed. The hang watchdog is
    cancelled first (``_hang_watchdog``), after the last test or when a run stops early (interrupted, ``-x``)."""
    _hang_watchdog_cancelled()
    if not _MEMORY_FOLDER or hasattr(session.config, "workerinput") or session.testsfailed or exitstatus:
        return
    factory = getattr(session.config, "_tmp_path_factory", None)
    base = getattr(factory, "_basetemp", None)
    if base is not None and str(base).startswith(_MEMORY_FOLDER[0] + os.sep):
        shutil.rmtree(base, ignore_errors=True)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    """A test whose setup, call or teardown failed keeps its ``tmp_path`` (``pytest_runtest_protocol``)."""
    report = yield
    if report.failed:
        item.tmp_path_kept = True
    return report


#: how much later than ``faulthandler_timeout`` after its start a test that hangs has the tracebacks of all threads
#: written (``_hang_watchdog``), in seconds: the watchdog armed for it is re-armed at most this often
_WATCHDOG_SLACK = 5.0
#: the watchdog's state: the timeout (0: pytest's own per test), when it was last armed, and pytest's faulthandler
#: plugin with its own ``get_timeout_config_value`` and the run's config that changed it (put back by
#: ``pytest_unconfigure``; the file it writes to is the plugin's, in that config's stash)
_WATCHDOG: dict = {"timeout": 0.0, "armed_at": None, "plugin": None, "original": None, "config": None}


def pytest_configure(config):
    """The traceback of a hanging test (``faulthandler_timeout``) is armed by ``_hang_watchdog`` instead of by pytest
    at every test (left to pytest when it would exit the process on timeout, or pytest's plugin is not as expected)."""
    plugin = config.pluginmanager.get_plugin("faulthandler")
    if plugin is None or not all(hasattr(plugin, name) for name in (
            "get_timeout_config_value", "get_exit_on_timeout_config_value", "fault_handler_stderr_fd_key")):
        return
    timeout = plugin.get_timeout_config_value(config)
    if timeout <= 0 or plugin.get_exit_on_timeout_config_value(config):
        return
    _WATCHDOG.update(timeout=timeout, plugin=plugin, original=plugin.get_timeout_config_value, config=config)
    plugin.get_timeout_config_value = lambda config: 0.0  # its per-test wrapper then arms nothing


def pytest_unconfigure(config):
    """pytest's faulthandler plugin gets its own ``get_timeout_config_value`` back (``pytest_configure`` changed it
    for the whole process): a later pytest run in the same process arms its per-test watchdog again. Only by the
    run that changed it (a run nested in it leaves it alone)."""
    plugin = _WATCHDOG["plugin"]
    if plugin is None or _WATCHDOG["config"] is not config:
        return
    plugin.get_timeout_config_value = _WATCHDOG["original"]
    _WATCHDOG.update(timeout=0.0, plugin=None, original=None, config=None)


def _hang_watchdog() -> None:
    """Keep ``faulthandler``'s watchdog armed for the test about to run: a test still running ``timeout`` seconds
    after its start has the tracebacks of all its threads written (by faulthandler's own thread, without the GIL:
    even a test stuck in C code holding it), as pytest's ``faulthandler_timeout`` does. pytest arms it for every
    test and cancels it after: a thread started and joined per test, the join waiting for that thread to be
    scheduled — 4 ms of a 7 ms test's wall time on this loaded machine. Here one arming, for ``timeout +
    _WATCHDOG_SLACK`` seconds, serves every test starting within ``_WATCHDOG_SLACK`` seconds of it: each of them
    is ``timeout`` seconds in before it fires, and one that hangs has its tracebacks between ``timeout`` and
    ``timeout + _WATCHDOG_SLACK`` seconds in (pytest-timeout ends it later still). Cancelled at the session's end
    (``pytest_sessionfinish``), and by pytest itself when a test fails or enters the debugger
    (``pytest_exception_interact``, ``pytest_enter_pdb``: marked disarmed then)."""
    timeout = _WATCHDOG["timeout"]
    if not timeout:
        return
    now = time.monotonic()
    armed_at = _WATCHDOG["armed_at"]
    if armed_at is None or now - armed_at > _WATCHDOG_SLACK:
        file = _WATCHDOG["config"].stash[_WATCHDOG["plugin"].fault_handler_stderr_fd_key]
        faulthandler.dump_traceback_later(timeout + _WATCHDOG_SLACK, file=file)
        _WATCHDOG["armed_at"] = now


def _hang_watchdog_cancelled() -> None:
    if _WATCHDOG["armed_at"] is not None:
        faulthandler.cancel_dump_traceback_later()
        _WATCHDOG["armed_at"] = None


def pytest_exception_interact():
    """pytest's faulthandler plugin cancelled the watchdog (a failure): the next test arms it again."""
    _WATCHDOG["armed_at"] = None


def pytest_enter_pdb():
    """As ``pytest_exception_interact``."""
    _WATCHDOG["armed_at"] = None


@pytest.hookimpl(wrapper=True)
def pytest_runtest_protocol(item, nextitem):
    """The ``tmp_path`` of a test that did not fail is removed once all its fixtures are torn down (its windows
    deleted, its databases closed), as pytest's ``tmp_path_retention_policy = failed`` would: a run keeps the folders
    worth reading, and the memory-backed file system (``_temporary_folders_in_memory``) no more than them. The
    watchdog of a hanging test is armed (``_hang_watchdog``), and cancelled after the last (``pytest_sessionfinish``)."""
    _hang_watchdog()
    result = yield
    made = getattr(item, "made_tmp_path", None)
    if made is not None and not getattr(item, "tmp_path_kept", False):
        shutil.rmtree(made, ignore_errors=True)
    return result


@pytest.fixture(autouse=True)
def _isolated_home(tmp_path, monkeypatch):
    """No test touches the user's real data directory."""
    home = tmp_path / "home"
    monkeypatch.setenv("WORKSTATION_HOME", str(home))
    monkeypatch.setenv("HOME", str(tmp_path / "user"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "user" / "data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "user" / "config"))
    return home


def _refuse_a_missing_widget() -> None:
    """``qtbot``'s key and mouse methods fail the test when given no widget. QTest aborts the whole process on
    None, and a test passes None whenever it sends a key to ``QApplication.focusWidget()`` while nothing has the
    keyboard (its window was not active): one such test would lose every result of the run."""
    import functools

    from pytestqt.qtbot import QtBot

    def refusing(name: str, position: int):
        send = getattr(QtBot, name)

        @functools.wraps(send)
        def checked(*args, **kwargs):
            widget = args[position] if len(args) > position else kwargs.get("widget", kwargs.get("window"))
            if widget is None:
                raise AssertionError(f"qtbot.{name}: no widget to send it to (no widget has the keyboard focus, "
                                     "or the one asked for is gone)")
            return send(*args, **kwargs)

        return staticmethod(checked)

    for name in ("keyClick", "keyClicks", "keyPress", "keyRelease", "keySequence", "mouseClick", "mouseDClick",
                 "mouseMove", "mousePress", "mouseRelease"):
        setattr(QtBot, name, refusing(name, 0))
    QtBot.keyEvent = refusing("keyEvent", 1)


_refuse_a_missing_widget()


def release_held_keys() -> None:
    """Let go of the keyboard modifier a simulated key click left held. QTest sends the release of Ctrl or Shift
    still carrying that modifier, and QApplication takes a test's key events as the keyboard's state: after
    ``qtbot.keyClick(w, Key_Z, Ctrl | Shift)`` Qt believes Shift is held until the next key event, so a later
    ``selectRow()`` extends or toggles the selection as the officer's Shift or Ctrl would, and finds no row selected."""
    widgets = sys.modules.get("PySide6.QtWidgets")  # no Qt in the tests that never loaded it
    if widgets is None or widgets.QApplication.instance() is None:
        return
    Qt = _loaded("PySide6.QtCore").Qt  # loaded with QtWidgets, as QtGui is
    QGuiApplication = _loaded("PySide6.QtGui").QGuiApplication

    if QGuiApplication.keyboardModifiers() != Qt.KeyboardModifier.NoModifier:
        from PySide6.QtTest import QTest

        sink = widgets.QWidget()
        QTest.keyRelease(sink, Qt.Key.Key_Shift)  # a key event carrying no modifier: none is held any more
        sink.deleteLater()


@pytest.fixture(autouse=True)
def _no_notes_left_over():
    """No test's command line hears what the sweeps at an opening of another test's data found and nobody said
    (``repair.swept``: a test that opens a data folder without running a command leaves them queued)."""
    yield
    _loaded("workstation.repair").swept()


@pytest.fixture(autouse=True)
def _progress_not_timed(monkeypatch):
    """The command line's progress lines to a file or a pipe come once work has lasted a second
    (``cli._stderr_progress``): on a loaded machine a report or an import run by a test lasts one, and a test
    expecting stderr empty would fail by the machine's speed alone. Its clock stands still here; a test of the
    progress lines gives its own (``monkeypatch.setattr(cli, "_progress_clock", …)`` after this)."""
    monkeypatch.setattr(_loaded("workstation.cli"), "_progress_clock", lambda: 0.0)


@pytest.fixture(autouse=True)
def _keys_let_go():
    """No test starts with a modifier key held by the one before (``release_held_keys``)."""
    yield
    release_held_keys()


@pytest.fixture
def data_dir(tmp_path):
    path = tmp_path / "data"
    path.mkdir()
    return path


@pytest.fixture
def fresh_calendar():
    """The holiday calendars read again from their files when next asked for, and again after the test (one that
    moves the program's clock or changes the calendar folder)."""
    from workstation.workdays import reload_calendars

    reload_calendars()
    yield
    reload_calendars()


@pytest.fixture
def december_22(monkeypatch, fresh_calendar):
    """The program's clock on 22 December 2026 (``tests.test_s64_yearend.DECEMBER_22``), 2027's holiday file not yet
    there: the calendars read afresh (``fresh_calendar``)."""
    from tests.helpers import move_program_clock
    from tests.test_s64_yearend import DECEMBER_22

    move_program_clock(monkeypatch, DECEMBER_22)


def _template_key(kind: str) -> tuple:
    """What a fresh database depends on besides the code: its migrations, the actor its audit entries name, the
    language of the notes it stores and the workstation's environment (a test changing any of them before the
    database is made gets a template of its own)."""
    from workstation import i18n
    from workstation.audit import current_actor
    from workstation.db.connection import schema_names

    env = sorted((k, v) for k, v in os.environ.items() if k.startswith("WORKSTATION_") and k != "WORKSTATION_HOME")
    return kind, tuple(schema_names()), current_actor(), i18n.language(), tuple(env)


#: the contact telephone and address a bureau's 行政处罚告知书 prints (``workstation.agency_details``), required to issue
#: it: the test databases' bureaus have them set, as a workstation in use does (tests of the refusal clear them)
TEST_CONTACT = {"contact_phone": "0757-86280000", "contact_address": "佛山市禅城区岭南大道北99号"}


def _agency_contacts(database) -> None:
    from workstation.agency_details import set_agency_details

    for (agency_id,) in database.execute("SELECT id FROM agencies").fetchall():
        set_agency_details(database, agency_id, TEST_CONTACT)


@pytest.fixture(scope="session")
def _year_of_the_run() -> int:
    """Beijing's year when the run's first test started (its modules were collected a moment before)."""
    from workstation import records

    return int(records.today()[:4])


@pytest.fixture(autouse=True)
def _the_year_the_run_began_in(_year_of_the_run, monkeypatch):
    """A run that crosses midnight of 31 December in Beijing — a CI run started at 15:50 UTC — keeps the year it
    began in: each later test runs as from 23:00 on that 31 December (``helpers.keep_year``), as the modules that
    read ``YEAR = beijing_year()`` when collected expect (a test moving the clock itself moves it after this)."""
    _loaded("tests.helpers").keep_the_runs_year(monkeypatch, _year_of_the_run)


@pytest.fixture(scope="session", autouse=True)
def database_template(tmp_path_factory):
    """``template(kind)`` → the database file a fresh data directory holds after opening it with the reference
    agencies loaded ("plain"), then the seed campaign without its complaints ("demo") or with its 13,543
    complaints imported and screened ("full"): copying it costs 2 ms, building it 40 ms (plain), 80 ms (demo) and
    about a second (full). Those of the usual environment, in Chinese and in English, are built before the first
    test, when no test has patched anything yet (not "full": only when a test first needs it); one for another
    environment when a test first needs it."""
    from workstation import i18n
    from workstation.db import open_database
    from workstation.demo import load_demo
    from workstation.paths import database_path
    from workstation.store import ensure_reference_data

    built: dict[tuple, Path] = {}

    def template(kind: str) -> Path:
        key = _template_key(kind)
        if key not in built:
            path = database_path(tmp_path_factory.mktemp(f"template-{kind}"))
            database = open_database(path)
            try:
                ensure_reference_data(database)
                _agency_contacts(database)
                if kind == "demo":
                    load_demo(database, complaints=False)
                elif kind == "full":
                    load_demo(database)
            finally:
                database.conn.close()
            built[key] = path
        return built[key]

    previous = i18n.language()
    home = tmp_path_factory.mktemp("template-home")
    with pytest.MonkeyPatch.context() as patch:  # as _isolated_home does for the tests
        for name, folder in (("WORKSTATION_HOME", "home"), ("HOME", "user"), ("XDG_DATA_HOME", "user/data"),
                             ("XDG_CONFIG_HOME", "user/config")):
            patch.setenv(name, str(home / folder))
        try:
            for language in (previous, "en"):
                i18n.set_language(language)
                template("plain")
                template("demo")
        finally:
            i18n.set_language(previous)
    return template


@pytest.fixture(scope="session", autouse=True)
def _new_databases_copied(tmp_path_factory):
    """A new, empty database file gets its schema as a copy of one the real migrations made in the same environment
    (``_template_key`` and the very list of migrations), instead of replaying the forty-odd migrations: 0.2 to 0.6 s
    each time on this machine, some three hundred times in a run (``init``, stations, headquarters made by the tests
    themselves). Only a plain, unencrypted file holding no table yet is copied into; a test that changes the list
    of migrations, or a database that already holds some of them, gets the real migrations, as does every database
    while a test has patched ``migrate`` itself."""
    import sqlite3

    from workstation.db import connection, schema

    real = connection.migrate
    built: dict[tuple, Path] = {}
    migrations = schema.MIGRATIONS

    def migrate(db, path, problems=None):
        if (schema.MIGRATIONS is not migrations or not isinstance(db.conn, sqlite3.Connection)
                or db.execute("SELECT 1 FROM sqlite_master").fetchone() is not None):
            return real(db, path, problems)
        key = _template_key("empty")
        if key not in built:
            template = tmp_path_factory.mktemp("template-empty") / "workstation.db"
            made = connection.connect(template, journal=False)
            try:
                connection.set_journal(made)
                real(made, template)
            finally:
                made.conn.close()
            built[key] = template
        source = sqlite3.connect(f"file:{built[key]}?mode=ro", uri=True)
        try:
            source.backup(db.conn)
        finally:
            source.close()
        return connection.schema_names()

    connection.migrate = migrate
    yield
    connection.migrate = real


@pytest.fixture(scope="session", autouse=True)
def _no_warming_thread():
    """The window's parsing ahead of the forms and legal data (``workstation.warmup``, once per process, half a second
    after a window's first paint) is taken as done in the tests' processes: it would parse behind whichever test runs
    then, one that counts or patches those parses included. Its own tests start it themselves (in a process of
    their own, or with ``_started`` set back to None)."""
    import threading

    from workstation import warmup

    warmup._started = threading.Thread(name="not started in the tests' processes")
    yield


@pytest.fixture(scope="session")
def backup_templates(tmp_path_factory):
    """The data directories of ``tests/backup_fixtures.py`` (the demo with an issued decision, plaintext and
    encrypted; 1 s to make), made once for all the modules that copy them."""
    from tests.backup_fixtures import make_templates

    return make_templates(tmp_path_factory.mktemp("backup-templates"))


@pytest.fixture(scope="session")
def cli_station(tmp_path_factory):
    """``cli_station(target, *commands)`` makes ``target`` a data directory on which the command line ran
    ``commands`` (each a list of arguments after ``--data-dir``; by default ``demo --without-complaints``): a copy
    of the one made the first time they were asked for in the same environment (``_template_key``), which took a
    tenth of a second each time."""
    import contextlib
    import io

    from workstation.cli import main

    built: dict[tuple, Path] = {}

    def station(target: Path, *commands: list[str]) -> Path:
        commands = commands or (["demo", "--without-complaints"],)
        key = (_template_key("cli"), tuple(tuple(str(a) for a in c) for c in commands))
        if key not in built:
            made = tmp_path_factory.mktemp("cli-station") / "station"
            with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()) as err:
                for command in commands:
                    assert main(["--data-dir", str(made), *map(str, command)]) == 0, err.getvalue()
            # a connection the commands left to the collector is closed now, not while a test copies the folder
            # (its closing removes the -shm file copytree listed: shutil.Error)
            import gc

            gc.collect()
            built[key] = made
        return Path(shutil.copytree(built[key], target))

    return station


@pytest.fixture(scope="session")
def station_and_hq_template(tmp_path_factory):
    """``station_and_hq_template(issue_document=False)`` → the folder ``tests.helpers.build_station_and_hq`` makes
    (a Nanhai station with the demo and an empty headquarters, with both cards), made once per worker for all the
    modules that copy it with ``copy_station_and_hq`` instead of once per module (a second or two each)."""
    from tests.helpers import build_station_and_hq

    built: dict[tuple, Path] = {}

    def template(issue_document: bool = False) -> Path:
        key = (_template_key("station-and-hq"), issue_document)
        if key not in built:
            built[key] = build_station_and_hq(tmp_path_factory.mktemp("station-and-hq"), issue_document=issue_document)
        return built[key]

    return template


@pytest.fixture
def station_and_hq_copy(station_and_hq_template, tmp_path) -> Path:
    """A copy of ``station_and_hq_template()`` in the test's folder (``tests.helpers.copy_station_and_hq``),
    headquarters not yet trusting the station: the folder holding ``station``, ``hq`` and their cards."""
    from tests.helpers import copy_station_and_hq

    return copy_station_and_hq(station_and_hq_template(), tmp_path)


@pytest.fixture
def station_and_hq_dirs(station_and_hq_template, tmp_path, capsys) -> Path:
    """A copy of ``station_and_hq_template()`` in the test's folder, headquarters trusting the station's card
    (``tests.helpers.trusting_station_and_hq``): the folder holding ``station`` and ``hq``."""
    from tests.helpers import trusting_station_and_hq

    return trusting_station_and_hq(station_and_hq_template(), tmp_path, capsys)


@pytest.fixture(scope="session")
def hq_and_two_nanhai_template(tmp_path_factory):
    """``hq_and_two_nanhai_template(demo=False)`` → the folder ``tests.helpers.hq_and_two_nanhai_stations`` makes
    (headquarters trusting stations a and b of Nanhai, each naming it; with ``demo``, each holding the demo cases),
    made once per worker for the modules that copy it (``tests.helpers.copy_of``), instead of once per module (a
    second or more each), with a home of its own as ``_isolated_home`` gives a test."""
    from tests.helpers import hq_and_two_nanhai_stations

    built: dict[tuple, Path] = {}

    def template(demo: bool = False) -> Path:
        key = (_template_key("hq-and-two-nanhai"), demo)
        if key not in built:
            root = tmp_path_factory.mktemp("hq-and-two-nanhai")
            with pytest.MonkeyPatch.context() as patch:
                for name, folder in (("WORKSTATION_HOME", "home"), ("HOME", "user"),
                                     ("XDG_DATA_HOME", "user/data"), ("XDG_CONFIG_HOME", "user/config")):
                    patch.setenv(name, str(root / folder))
                built[key] = hq_and_two_nanhai_stations(root / "network", demo=demo)
        return built[key]

    return template


@pytest.fixture(scope="session")
def hq_and_districts_template(tmp_path_factory):
    """``hq_and_districts_template()`` → the folder ``tests.test_bundle_hq.build_hq_and_districts`` makes
    (headquarters trusting the Nanhai and Shunde stations, each with a case of its own), made once per worker for
    the thirty-odd modules that import the ``template`` fixture of ``tests/test_bundle_hq.py`` (about 4 s each)."""
    from tests.test_bundle_hq import build_hq_and_districts

    built: dict[tuple, Path] = {}

    def template() -> Path:
        key = _template_key("hq-and-districts")
        if key not in built:
            built[key] = build_hq_and_districts(tmp_path_factory.mktemp("hq-and-districts"))
        return built[key]

    return template


# the connection state of each fixture database as the ``db`` fixture handed it out: unchanged, ``demo_db`` may
# copy the demo template in instead of loading the seed
_PRISTINE: dict[int, tuple[int, int]] = {}
#: the ``db`` fixture databases made as copies of the demo template for ``demo_db``
_DEMO_ALREADY: set[int] = set()


def _state(database) -> tuple[int, int]:
    return database.conn.total_changes, database.execute("PRAGMA data_version").fetchone()[0]


@pytest.fixture
def db(request, data_dir, database_template):
    """A fresh database with the reference agencies loaded (a copy of the template built the same way). Made for
    ``demo_db``, which takes it next with nothing in between, it is a copy of the demo template (with its stored
    files) at once: ``demo_db`` copied the demo into the plain one, 11 ms more in each of 2,000-odd tests, the
    same database in the end (opening the demo and loading the reference agencies into it change nothing)."""
    import sqlite3

    from tests.helpers import copy_template_files
    from workstation.db import open_database
    from workstation.paths import database_path
    from workstation.store import ensure_reference_data

    path = database_path(data_dir)
    parent = getattr(request, "_parent_request", None)  # the fixture that asked for this one (pytest's own)
    as_demo = getattr(parent, "fixturename", None) == "demo_db" and \
        getattr(getattr(parent, "_fixturedef", None), "baseid", None) == \
        getattr(getattr(request, "_fixturedef", None), "baseid", ())  # private too: guarded as the rest
    shutil.copyfile(database_template("demo" if as_demo else "plain"), path)
    database = open_database(path)
    if as_demo and not isinstance(database.conn, sqlite3.Connection):  # as demo_db would: the seed loaded on it
        database.conn.close()
        shutil.copyfile(database_template("plain"), path)
        database = open_database(path)
        as_demo = False
    if as_demo:
        copy_template_files(database_template("demo"), data_dir)
        _DEMO_ALREADY.add(id(database))
    ensure_reference_data(database)
    _PRISTINE[id(database)] = _state(database)
    _AS_HANDED_OUT[id(database)] = (("demo",) if as_demo else ("plain",), _state(database))
    yield database
    _PRISTINE.pop(id(database), None)
    _AS_HANDED_OUT.pop(id(database), None)
    _DEMO_ALREADY.discard(id(database))
    with contextlib.suppress(Exception):  # the test may have closed it, or left it in a transaction
        database.conn.execute("PRAGMA synchronous = OFF")  # its closing checkpoint not waiting for the disk
    database.conn.close()


@pytest.fixture
def other(db, data_dir):
    """Another process's connection to the database of ``db`` (the window's, with a command run beside it): what it
    writes, the first connection's open dialogs have not seen."""
    from workstation.db import open_database
    from workstation.paths import database_path

    connection = open_database(database_path(data_dir))
    yield connection
    connection.close()


@pytest.fixture
def demo_db(db, data_dir, database_template):
    """The fresh database with the seed campaign loaded, without its 13,543 complaints (0.5 s more each time;
    tests of them load the demo whole). Copied from the demo template (with its evidence files) when nothing
    changed the database since the ``db`` fixture opened it, else loaded on top of what the test's fixtures
    stored."""
    import sqlite3

    from tests.helpers import copy_template_files
    from workstation.demo import load_demo

    pristine = _PRISTINE.get(id(db)) == _state(db) and not db.conn.in_transaction
    if pristine and id(db) in _DEMO_ALREADY:  # the ``db`` fixture made it a copy of the demo template already
        return db
    if pristine and isinstance(db.conn, sqlite3.Connection):
        source = sqlite3.connect(f"file:{database_template('demo')}?mode=ro", uri=True)
        try:
            source.backup(db.conn)
        finally:
            source.close()
        copy_template_files(database_template("demo"), data_dir)
        _AS_HANDED_OUT[id(db)] = (("demo",), _state(db))
    else:
        load_demo(db, complaints=False)
    return db


#: per ``db`` fixture database: what it holds as handed out ("plain": the ``db`` fixture's, "demo": the copy of
#: the demo template ``demo_db`` put in it, then the names of the states ``kept_state`` gave it) and its
#: connection's state then (``_state``): ``kept_state`` copies a state kept into it only while that is unchanged
_AS_HANDED_OUT: dict[int, tuple[tuple[str, ...], tuple[int, int]]] = {}
#: the data directory's entries ``kept_state`` keeps (the database and its stored files): one holding anything
#: else is built each time
_KEPT_ENTRIES = {"workstation.db", "workstation.db-wal", "workstation.db-shm", "files"}


@pytest.fixture(scope="session")
def _kept_states() -> dict:
    """``kept_state``'s states, by module, name, what the database held before and ``_template_key``:
    (database file, value), or None for a state that is not kept (built each time)."""
    return {}


@pytest.fixture
def kept_state(request, _kept_states, tmp_path_factory):
    """``kept_state(name, db, data_dir, build, uses=())`` → ``build()``'s value, ``db`` and ``data_dir``
    holding what it left. ``build`` (a fixture's work: cases made, documents issued, served, reviewed…) runs
    in the first test of a worker that needs it; the database and stored files it leaves are kept, and every
    later test of the module gets a copy of them and a deep copy of the value: a few milliseconds instead of
    the tenths of a second the work takes. Only while ``db`` is as the ``db`` or ``demo_db`` fixture (or an
    earlier ``kept_state``) left it, in the same environment (``_template_key``: language, actor, migrations);
    else ``build()`` runs, as it does when the test itself takes one of the fixtures ``uses`` names, those
    ``build`` asks for (``request.getfixturevalue``: ``make_case`` and the ``officers`` it makes), which would
    otherwise be made a second time beside the copy. ``build`` writes only in the database and the file store,
    and returns what a deep copy reproduces (nothing open, no path in the test's own folder)."""
    import copy
    import sqlite3

    from tests.helpers import copy_template_files

    def kept(name: str, db, data_dir, build, uses: tuple[str, ...] = ()):
        before = _AS_HANDED_OUT.get(id(db))
        if before is None or before[1] != _state(db) or db.conn.in_transaction \
                or not isinstance(db.conn, sqlite3.Connection) or set(uses) & set(request.node.fixturenames):
            return build()
        key = (request.module.__name__, name, before[0], _template_key("kept"))
        if _kept_states.get(key, ()) is None:
            return build()
        if key not in _kept_states:
            value = build()
            _kept_states[key] = None
            if db.conn.in_transaction or not {p.name for p in Path(data_dir).iterdir()} <= _KEPT_ENTRIES:
                return value
            try:
                kept_value = copy.deepcopy(value)
            except Exception:  # not a value a copy reproduces: built each time
                return value
            folder = tmp_path_factory.mktemp("kept-state")
            target = sqlite3.connect(folder / "workstation.db")
            try:
                db.conn.backup(target)
            finally:
                target.close()
            if (Path(data_dir) / "files").is_dir():
                shutil.copytree(Path(data_dir) / "files", folder / "files")
            _kept_states[key] = (folder / "workstation.db", kept_value)
        else:
            path, kept_value = _kept_states[key]
            source = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
            try:
                source.backup(db.conn)
            finally:
                source.close()
            copy_template_files(path, data_dir)
            value = copy.deepcopy(kept_value)
        _AS_HANDED_OUT[id(db)] = ((*before[0], name), _state(db))
        return value

    return kept


@pytest.fixture(scope="session")
def _read_demo_dbs():
    """The databases of ``read_demo_db``, one per ``_template_key``, closed at the end of the session."""
    opened: dict[tuple, object] = {}
    yield opened
    for database in opened.values():
        database.conn.close()


@pytest.fixture
def read_demo_db(_read_demo_dbs, database_template, tmp_path_factory):
    """The database ``demo_db`` gives, opened once for all the tests that only read it (drawing documents from
    it: ``tests/rendering.py`` keeps their drafts). It refuses every write (``PRAGMA query_only``), and a test
    that changed it anyway fails: a test that writes takes ``demo_db``, a copy of its own."""
    from tests.helpers import copy_template_files
    from tests.rendering import SHARED
    from workstation.db import open_database
    from workstation.paths import database_path

    key = _template_key("demo")
    if key not in _read_demo_dbs:
        path = database_path(tmp_path_factory.mktemp("read-demo"))
        shutil.copyfile(database_template("demo"), path)
        copy_template_files(database_template("demo"), path.parent)
        database = open_database(path)
        database.execute("PRAGMA query_only = ON")
        _read_demo_dbs[key] = database
        SHARED[id(database)] = key
    database = _read_demo_dbs[key]
    before = _state(database)
    yield database
    assert _state(database) == before and not database.conn.in_transaction, \
        "the test changed the shared read-only demo database: give it demo_db instead"


def _language_kept(language: str):
    """Messages in ``language`` for the test, the language before restored afterwards."""
    from workstation import i18n

    previous = i18n.language()
    i18n.set_language(language)
    yield
    i18n.set_language(previous)


@pytest.fixture
def english():
    """Messages in English (the message ids), whatever catalogue is installed; restored afterwards."""
    yield from _language_kept("en")


@pytest.fixture
def chinese():
    """Messages in Chinese (the installed catalogue), whatever the environment says; restored afterwards."""
    yield from _language_kept("zh_CN")


@pytest.fixture
def table_counts():
    """Row counts of the tables a refused change must leave alone."""

    def counts(database, tables=("cases", "parties", "case_parties", "case_events", "audit", "settings")):
        return {t: database.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0] for t in tables}

    return counts


class ScriptedPrompts:
    """Prompts that record what the window said and answer from a script."""

    def __init__(self):
        self.errors: list[str] = []
        self.infos: list[str] = []
        self.details: list[str | None] = []  # the details shown under each error, info or confirmation, in turn
        self.confirmations: list[str] = []
        self.confirm_answer = False
        self.confirm_answers: list[bool] = []  # answers to the next confirmations, in turn; then confirm_answer
        self.destructive: list[str] = []  # the confirmations asked with No as their default
        self.files: list[str] = []
        self.texts: list[str | None] = []
        self.passphrases: list[str | None] = []
        self.questions: list[str] = []
        self.choices: list[int | None] = []
        self.offered: list[list[str]] = []
        self.serials: list[int | None] = []
        self.days: list[str | None] = []  # the day of each ``ask_dated_text``
        self.earliest: list[str | None] = []  # the earliest day each ``ask_dated_text`` offered
        self.offered_names: list[str] = []  # the file name each ``save_file`` offered

    def error(self, parent, message, details=None):
        self.errors.append(message)
        self.details.append(details)

    def info(self, parent, message, details=None):
        self.infos.append(message)
        self.details.append(details)

    def confirm(self, parent, message, destructive=False, details=None):
        self.confirmations.append(message)
        self.details.append(details)
        if destructive:
            self.destructive.append(message)
        return self.confirm_answers.pop(0) if self.confirm_answers else self.confirm_answer

    def confirm_issue(self, parent, question, number, check):
        """Asked as ``confirm`` is (the question as it names the 文号 taken); ``serials``: the serial chosen for each
        (None, or nothing scripted: the next)."""
        serial = self.serials.pop(0) if self.serials else None
        self.confirmations.append(question(number, False) if serial is None else question(check(serial)[0], True))
        return self.confirm_answer, serial if self.confirm_answer else None

    def open_file(self, parent, title, filters):
        return self.files.pop(0) if self.files else None

    def save_file(self, parent, title, name, filters):
        from ui.prompts import in_documents  # the name as the real save dialog offers it

        self.offered_names.append(in_documents(name))
        return self.files.pop(0) if self.files else None

    def choose(self, parent, message, options):
        self.offered.append([message, *options])
        return self.choices.pop(0) if self.choices else None

    def ask_text(self, parent, title, label, default=""):
        self.questions.append(label)
        return self.texts.pop(0) if self.texts else None

    def ask_dated_text(self, parent, title, label, earliest=None):
        """As ``ask_text``, with the day from ``days`` (nothing scripted: None, which the core takes as today)."""
        self.questions.append(label)
        self.earliest.append(earliest)
        text = self.texts.pop(0) if self.texts else None
        return None if text is None else (self.days.pop(0) if self.days else None, text)

    def ask_passphrase(self, parent, title, label):
        self.questions.append(label)
        return self.passphrases.pop(0) if self.passphrases else None

    def choose_item(self, parent, title, label, items, current=0):
        self.offered.append([label, *items])
        return self.choices.pop(0) if self.choices else None


@pytest.fixture
def prompts():
    return ScriptedPrompts()


@pytest.fixture
def make_window(qtbot, data_dir, prompts):
    """Build a MainWindow on a database with an immediate task runner and scripted prompts."""
    from ui.main_window import MainWindow
    from ui.task_runner import ImmediateRunner

    def build(db, runner=None, ask_transition=None):
        kwargs = {"ask_transition": ask_transition} if ask_transition else {}
        window = MainWindow(db=db, data_dir=data_dir, runner=runner or ImmediateRunner(), prompts=prompts, **kwargs)
        qtbot.addWidget(window)
        return window

    return build


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_teardown(item):
    """The editors the ``opened`` fixture made and the test left open are closed before any fixture is torn down (the
    database they write their drafts to among them), as qtbot closes the widgets handed to it; one the test closed
    deleted itself (``WA_DeleteOnClose``)."""
    editors = getattr(item, "opened_editors", ())
    if editors:
        from shiboken6 import isValid

        for editor in editors:
            if isValid(editor):
                editor.close()
    return (yield)


@pytest.fixture
def opened(data_dir, prompts, qtbot, request):
    """``opened(db, form_id, case=None, **owner)``: a new document in the editor, as the officer opens it (a lead's
    or an interview's document: no case, ``lead_id=`` or ``interview=``; one party's: ``party_id=``; a kept draft
    continued: ``draft=``). Every editor still open is closed at the end (``pytest_runtest_teardown``: not handed to
    qtbot, which would close one the test closed, and so deleted, again) and shut down if it refused to close."""
    from shiboken6 import isValid

    from ui.form_editor import FormEditor
    from workstation.documents.drafts import find_form

    made = request.node.opened_editors = []

    def make(db, form_id, case=None, **owner):
        editor = FormEditor(db, data_dir, case, find_form(form_id), prompts, **owner)
        made.append(editor)
        return editor

    yield make
    for editor in made:
        if isValid(editor):
            editor.shutdown()


@pytest.fixture
def started(qtbot):
    """``started(data, prompts, runner=None)`` starts the window on a data directory as ``ui.app.start`` does at
    launch (an immediate task runner unless one is given; no dialog shown); ``started.close(window)`` closes it
    cleanly, as quitting does. Every window still open is closed at the end."""
    from ui.app import start
    from ui.task_runner import ImmediateRunner
    from workstation.repair import mark_closed

    opened = []

    def open_window(data, prompts, runner=None):
        window = start(data, None, runner or ImmediateRunner(), prompts, show=lambda dialog: False)
        if window is not None:
            qtbot.addWidget(window)
            opened.append((window, data))
        return window

    def close(window):
        for entry in [e for e in opened if e[0] is window]:
            opened.remove(entry)
            window.runner.wait()
            window.shutdown()
            window.db.conn.close()
            mark_closed(entry[1])

    open_window.close = close
    yield open_window
    for window, _data in list(opened):
        close(window)


@pytest.fixture
def officers(db):
    """Two certified officers of the Nanhai bureau and one without a certificate."""
    from workstation.records import Officer
    from workstation.store import agency_id_for_code, save_officer

    return {name: save_officer(db, Officer(name=name, cert_no=cert, agency_id=agency_id_for_code("440605")))
            for name, cert in (("陈志强", "44060512001"), ("黄丽娟", "44060512002"), ("新同事", ""))}


#: the statuses of a case whose investigation is over: ``make_case`` registers its evidence (a decision states it,
#: 行政处罚法 arts. 40, 59, and is refused without it), as the demo's cases past their investigation hold theirs
INVESTIGATED_STATUSES = ("investigation_concluded", "under_review", "pre_notice", "hearing", "decision_pending",
                         "penalty_decided", "no_penalty", "served", "performed", "closed", "archived")


@pytest.fixture
def make_case(db, data_dir, officers):
    """make(status=…, officer_names=…, evidence=None, **fields) creates a Nanhai real-estate case through the store.
    A case made past its investigation (``INVESTIGATED_STATUSES``) holds its evidence, registered as an officer does
    (``tests.helpers.register_evidence``): its 行政处罚决定书 lists it and can be issued. ``evidence``: True or False
    registers it or not whatever the status (False: a case without evidence, whose decision is refused)."""
    from tests.helpers import register_evidence
    from workstation.records import Case, Party
    from workstation.store import agency_id_for_code, create_case, save_party

    party = save_party(db, Party(name="佛山市南海区誉嘉房地产代理有限公司", uscc="91512081MA62K0260E"))

    def make(status="pending_filing", officer_names=("陈志强", "黄丽娟"), evidence=None, **fields):
        case = Case(case_number="", cause="涉嫌未经消费者同意发送商业性信息案", sector="real_estate",
                    agency_id=agency_id_for_code("440605"), status=status, party_ids=[party.id],
                    officer_ids=[officers[n].id for n in officer_names], **fields)
        made = create_case(db, case)
        if evidence or (evidence is None and status in INVESTIGATED_STATUSES):
            register_evidence(db, data_dir, made)
        return made

    return make


@pytest.fixture
def spared_performed(db, data_dir, make_case):
    """The company fined, served on 03-12 and paid on 03-20; the employee decided not to be penalised on 03-21
    (``SPARED_ON``), its decision not served; the case performed on 03-23: (case, company, employee, the employee's
    decision)."""
    from tests.helpers import SPARED_ON
    from tests.test_multiparty_closeguard import company_decided, spare
    from workstation import procedure

    case, company, employee = company_decided(db, data_dir, make_case)
    procedure.apply(db, case.id, "serve_decision", on_date="2026-03-12")
    procedure.apply(db, case.id, "record_performance", on_date="2026-03-20", party_ids=(company,))
    spared = spare(db, data_dir, case, employee, SPARED_ON)
    assert procedure.apply(db, case.id, "record_performance", on_date="2026-03-23").status == "performed"
    return case, company, employee, spared


@pytest.fixture
def font_points() -> int:
    """The point size ``large_font`` sets (a test module overrides this fixture for another size)."""
    return 18


@pytest.fixture
def large_font(font_points):
    """The application's font at ``font_points`` points for the test, as an officer with large fonts has it."""
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance()
    kept = app.font()
    font = app.font()
    font.setPointSize(font_points)
    app.setFont(font)
    yield
    app.setFont(kept)
