"""The suite's folders in memory (``tests/conftest._temporary_folders_in_memory``): what killed runs left there is
removed by the next run — pytest keeps a killed run's numbered folder three days, hundreds of megabytes of memory."""

from __future__ import annotations

import os
import subprocess
import sys
import time

from tests.conftest import _LEFT_BEHIND_AGE, _killed_runs_removed


def _run_folder(root, number: int, pid: int):
    folder = root / "pytest-of-someone" / f"pytest-{number}"
    (folder / "template-demo0").mkdir(parents=True)
    (folder / ".lock").write_text(str(pid), encoding="ascii")
    return folder


def test_a_killed_runs_folder_goes_and_a_running_ones_stays(tmp_path):
    gone = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True,
                          check=True)
    killed, running = _run_folder(tmp_path, 1, int(gone.stdout)), _run_folder(tmp_path, 2, os.getpid())
    finished = tmp_path / "pytest-of-someone" / "pytest-3"  # a run that ended removed its lock: pytest's to rotate
    finished.mkdir()
    _killed_runs_removed(str(tmp_path))
    assert not killed.exists() and running.exists() and finished.exists()


def test_a_killed_programs_old_temporary_folder_goes_and_a_new_one_stays(tmp_path):
    old, new = tmp_path / "demo-complaints-abc", tmp_path / "tmpxyz"
    old.mkdir(), new.mkdir()
    then = time.time() - _LEFT_BEHIND_AGE - 60
    os.utime(old, (then, then))
    _killed_runs_removed(str(tmp_path))
    assert not old.exists() and new.exists()
