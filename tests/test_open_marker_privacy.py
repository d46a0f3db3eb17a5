"""The open markers (``.open/<pid>.json``) name the long work running so that the start after a crash can say what
was cut off; a title may name a file (a hotline export named after the complainant), so in an encrypted data
directory the titles are sealed with a key of the data and never lie beside the sealed data in plaintext. The next
start, which has unlocked the data, still says which work it was."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from tests import backup_fixtures
from tests.backup_fixtures import PASS, PROJECT
from workstation.repair import MARKER, clear_stopped, interrupted_work
from workstation.security import session

templates, copy_template, _fast_keys = (backup_fixtures.templates, backup_fixtures.copy_template,
                                        backup_fixtures._fast_keys)
TITLE = "读取 张三丰-13800138000-热线导出.xlsx"


def crash_while_working(data: Path, passphrase: str | None) -> None:
    """A process that opens the data, starts work on a file and dies without closing."""
    code = ("import os, sys\n"
            "from workstation.security.access import prepare\n"
            "from workstation.repair import mark_open, note_work\n"
            "prepare(sys.argv[1], sys.argv[2] or None)\n"
            "mark_open(sys.argv[1])\n"
            "note_work([sys.argv[3]])\n"
            "os._exit(0)\n")
    subprocess.run([sys.executable, "-c", code, str(data), passphrase or "", TITLE], cwd=PROJECT, check=True)


def markers_text(data: Path) -> bytes:
    return b"".join(p.read_bytes() for p in (data / MARKER).glob("*.json"))


def test_an_encrypted_data_directory_keeps_no_file_name_in_its_markers(copy_template):
    data = copy_template("encrypted")  # unlocked in this process, as the next start has it
    crash_while_working(data, PASS)
    written = markers_text(data)
    assert written and "张三丰".encode() not in written and b"13800138000" not in written and b".xlsx" not in written
    assert interrupted_work(data) == [TITLE]  # the next start still names the work
    clear_stopped(data)


def test_without_the_key_the_work_is_named_by_a_stand_in(copy_template, english):
    data = copy_template("encrypted")
    crash_while_working(data, PASS)
    session._KEYS.clear()
    assert interrupted_work(data) == ["Long work whose name cannot be read here"]


def test_a_plaintext_data_directory_names_the_work_as_before(copy_template):
    data = copy_template("plain")
    crash_while_working(data, None)
    assert interrupted_work(data) == [TITLE]
