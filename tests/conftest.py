"""Shared fixtures: every test gets its own data directory; Qt runs offscreen and in Chinese."""

from __future__ import annotations

import os

os.environ["QT_QPA_PLATFORM"] = "offscreen"
os.environ.setdefault("WORKSTATION_LANG", "zh_CN")
os.environ["WORKSTATION_BUSY_TIMEOUT_MS"] = "300"
os.environ.setdefault("WORKSTATION_ACTOR", "tester")

import pytest  # noqa: E402


@pytest.fixture(autouse=True)
def _isolated_home(tmp_path, monkeypatch):
    """No test touches the user's real data directory."""
    home = tmp_path / "home"
    monkeypatch.setenv("WORKSTATION_HOME", str(home))
    monkeypatch.setenv("HOME", str(tmp_path / "user"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "user" / "data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "user" / "config"))
    return home


@pytest.fixture
def data_dir(tmp_path):
    path = tmp_path / "data"
    path.mkdir()
    return path


@pytest.fixture
def db(data_dir):
    """A fresh database with the reference agencies loaded."""
    from workstation.db import open_database
    from workstation.paths import database_path
    from workstation.store import ensure_reference_data

    database = open_database(database_path(data_dir))
    ensure_reference_data(database)
    yield database
    database.conn.close()


@pytest.fixture
def demo_db(db):
    """The fresh database with the seed campaign loaded."""
    from workstation.demo import load_demo

    load_demo(db)
    return db


@pytest.fixture
def english():
    """Messages in English (the message ids), whatever catalogue is installed; restored afterwards."""
    from workstation import i18n

    previous = i18n.language()
    i18n.set_language("en")
    yield
    i18n.set_language(previous)


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
        self.confirmations: list[str] = []
        self.confirm_answer = False
        self.files: list[str] = []

    def error(self, parent, message):
        self.errors.append(message)

    def info(self, parent, message):
        self.infos.append(message)

    def confirm(self, parent, message):
        self.confirmations.append(message)
        return self.confirm_answer

    def open_file(self, parent, title, filters):
        return self.files.pop(0) if self.files else None

    def save_file(self, parent, title, name, filters):
        return self.files.pop(0) if self.files else None


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
