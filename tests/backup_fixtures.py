"""Data directories for the tests of backups, repair and full disks: the demo with an issued decision, plaintext or
encrypted, made once per session by the command line and copied for each test."""

from __future__ import annotations

import contextlib
import gc
import hashlib
import io
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ScriptedPrompts
from workstation.cli import main
from workstation.security import keyring, session

PROJECT = Path(__file__).resolve().parent.parent
CASE = "佛南市监立〔2026〕1号"
OPEN_CASE = "佛南市监立〔2026〕9号"  # under investigation: its evidence register still changes (CASE is closed)
PASS = "correct horse battery"
FAST = {"memory_kib": 1024, "iterations": 1, "lanes": 1}


def quiet_cli(*argv) -> int:
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
        return main([str(a) for a in argv])


def make_demo(root: Path, name: str, passphrase: str | None) -> Path:
    """A data directory with the demo, one issued document and (encrypted) an evidence file naming the parties."""
    data = root / name
    previous = os.environ.pop("WORKSTATION_PASSPHRASE", None)
    cost = keyring.DEFAULT_COST
    keyring.DEFAULT_COST = FAST
    try:
        if passphrase:
            os.environ["WORKSTATION_PASSPHRASE"] = passphrase
        assert quiet_cli("--data-dir", data, "init", "--agency", "440605", "--station-name", name) == 0
        assert quiet_cli("--data-dir", data, "demo", "--without-complaints") == 0
        assert quiet_cli("--data-dir", data, "docs", "issue", CASE, "--form", "filing_approval", "-o",
                         root / f"{name}.pdf") == 0
        evidence = root / "客户名单.csv"
        evidence.write_text("姓名,电话\n" + "\n".join(f"{p['name']},{p.get('phone', '')}" for p in seed()["parties"]),
                            encoding="utf-8")
        assert quiet_cli("--data-dir", data, "evidence", "add", OPEN_CASE, evidence, "--kind", "customer_list") == 0
    finally:
        os.environ.pop("WORKSTATION_PASSPHRASE", None)
        if previous is not None:
            os.environ["WORKSTATION_PASSPHRASE"] = previous
        keyring.DEFAULT_COST = cost
        session._KEYS.clear()
    gc.collect()
    return data


def seed() -> dict:
    return json.loads(Path("resources/demo/seed.json").read_text(encoding="utf-8"))


def secrets_of_demo() -> list[bytes]:
    values = set()
    for party in seed()["parties"]:
        values |= {party.get(k) for k in ("name", "phone", "id_number", "legal_rep")}
    return sorted((v.encode("utf-8") for v in values if v and len(v) >= 3), key=len)


def data_digest(data_dir: Path) -> str:
    """The bytes of the database (with its -wal) and of every stored file, by path."""
    gc.collect()
    digest = hashlib.sha256()
    paths = [data_dir / f"workstation.db{s}" for s in ("", "-wal")]
    paths += sorted((data_dir / "files").rglob("*")) if (data_dir / "files").exists() else []
    for path in paths:
        if path.is_file():
            digest.update(str(path.relative_to(data_dir)).encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def make_templates(root: Path) -> dict[str, Path]:
    return {"plain": make_demo(root, "plain", None), "encrypted": make_demo(root, "encrypted", PASS)}


@pytest.fixture(scope="module")
def templates(backup_templates):
    """The two data directories, made once a session (``backup_templates`` in conftest.py) and only ever copied."""
    return backup_templates


@pytest.fixture(autouse=True)
def _fast_keys(monkeypatch):
    monkeypatch.setattr(keyring, "DEFAULT_COST", FAST)
    monkeypatch.delenv("WORKSTATION_PASSPHRASE", raising=False)
    yield
    session._KEYS.clear()


@pytest.fixture
def copy_template(templates, tmp_path):
    """copy("plain" | "encrypted", name) → a fresh copy of that data directory, unlocked when encrypted."""

    def copy(kind: str = "plain", name: str = "data") -> Path:
        target = tmp_path / name
        shutil.copytree(templates[kind], target, dirs_exist_ok=True)
        if kind == "encrypted":
            from workstation.security.access import prepare

            prepare(target, PASS)
        return target

    return copy


class BackupPrompts(ScriptedPrompts):
    """Scripted prompts that also pick folders."""

    def __init__(self):
        super().__init__()
        self.folders: list[str] = []

    def choose_folder(self, parent, title, start=""):
        return self.folders.pop(0) if self.folders else None


@pytest.fixture
def window_on(copy_template, qtbot):
    """window_on(kind="plain", runner=None) → a main window on a fresh copy of that data directory, with an immediate
    task runner unless one is given and ``BackupPrompts``; its database is closed at the end."""
    from ui.main_window import MainWindow
    from ui.task_runner import ImmediateRunner

    windows = []

    def build(kind: str = "plain", runner=None):
        data = copy_template(kind, f"gui{len(windows)}")
        window = MainWindow(db=open_db(data), data_dir=data, runner=runner or ImmediateRunner(),
                            prompts=BackupPrompts())
        qtbot.addWidget(window)
        windows.append(window)
        return window

    yield build
    for window in windows:
        window.runner.wait()
        window.db.conn.close()


def open_db(data_dir: Path):
    from workstation.db import open_database
    from workstation.paths import database_path

    return open_database(database_path(data_dir))


def crash_with_the_data_open(data: Path) -> None:
    """A process that opens the data and dies without closing it."""
    code = "import os, sys; from workstation.repair import mark_open; mark_open(sys.argv[1]); os._exit(0)"
    subprocess.run([sys.executable, "-c", code, str(data)], cwd=PROJECT, check=True)


def damage_the_audit_head(data: Path) -> None:
    """Leave the audit head torn, as a crash in the middle of writing it would: the quick check reports it."""
    db = open_db(data)
    db.execute("UPDATE settings SET value = '1:0' WHERE key = 'audit_head'")
    db.conn.close()


def backup_of(data_dir: Path, **kwargs) -> dict:
    from workstation.backup import create_backup

    db = open_db(data_dir)
    try:
        return create_backup(db, data_dir, **kwargs)
    finally:
        db.conn.close()


def full_check_of(data_dir: Path) -> list[str]:
    """The problems the full check finds in the data directory (its database opened for it and closed again)."""
    from workstation.repair import full_check

    db = open_db(data_dir)
    try:
        return full_check(db, data_dir)
    finally:
        db.conn.close()


def marker_titles_while(window, monkeypatch, qtbot, task: str, start, done) -> list[list[str]]:
    """The titles of the work the window's open marker names while its ``workstation.tasks.<task>`` runs, read back
    with the data's key (sealed in an encrypted data directory: a file name can be personal data): ``start()``
    starts the work in the window, ``done()`` says when the window has finished with it; the task is stopped at its
    start (Cancelled)."""
    from workstation import tasks
    from workstation.errors import Cancelled
    from workstation.repair import MARKER, _work_titles, mark_closed, mark_open

    data = window.data_dir
    mark_open(data)
    seen: list[list[str]] = []

    def importing(*_args, **_kwargs):
        marker = json.loads((data / MARKER / f"{os.getpid()}.json").read_text(encoding="utf-8"))
        assert "work" not in marker  # the titles are sealed
        seen.append(_work_titles(data, marker))
        raise Cancelled("stopped here")

    monkeypatch.setattr(tasks, task, importing)
    start()
    qtbot.waitUntil(lambda: bool(seen) and done(), timeout=10000)
    window.runner.wait()
    mark_closed(data)
    return seen
