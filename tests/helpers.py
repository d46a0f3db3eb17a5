"""Helpers shared by the tests of the command line, bundles, the exchange page and encryption."""

from __future__ import annotations

import contextlib
import gc
import hashlib
import io
import json
import shutil
from pathlib import Path

from workstation.cli import main

CASE = "佛南市监立〔2026〕1号"


def run(capsys, *argv):
    """Run the command line in this process: (exit code, stdout, stderr)."""
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


def run_json(capsys, *argv):
    """Run a command that must succeed, and return its --json result."""
    code, out, err = run(capsys, *argv, "--json")
    assert code == 0, err
    return json.loads(out)


def open_db(data_dir: Path):
    from workstation.db import open_database
    from workstation.paths import database_path

    return open_database(database_path(data_dir))


def db_digest(data_dir: Path) -> str:
    """sha256 of the database file and its write-ahead log, with every connection closed."""
    gc.collect()
    digest = hashlib.sha256()
    for suffix in ("", "-wal"):
        path = Path(data_dir) / f"workstation.db{suffix}"
        if path.exists():
            digest.update(path.read_bytes())
    return digest.hexdigest()


def build_station_and_hq(root: Path, *, issue_document: bool = False) -> Path:
    """A Nanhai station with the demo (and, if asked, one issued 立案审批表) and an empty headquarters, with both
    station cards, under ``root``; copied for each test by ``copy_station_and_hq``."""
    station, hq = root / "station", root / "hq"
    quiet = io.StringIO()
    with contextlib.redirect_stdout(quiet), contextlib.redirect_stderr(quiet):
        assert main(["--data-dir", str(station), "init", "--agency", "440605", "--station-name", "南海区局"]) == 0
        assert main(["--data-dir", str(station), "demo", "--without-complaints"]) == 0
        if issue_document:
            assert main(["--data-dir", str(station), "docs", "issue", CASE, "--form", "filing_approval",
                         "-o", str(root / "issued.pdf")]) == 0
        assert main(["--data-dir", str(hq), "init", "--station-name", "佛山市局"]) == 0
        assert main(["--data-dir", str(station), "station", "export", "-o", str(root / "station.card")]) == 0
        assert main(["--data-dir", str(hq), "station", "export", "-o", str(root / "hq.card")]) == 0
    gc.collect()
    return root


def copy_station_and_hq(template: Path, target: Path) -> Path:
    for name in ("station", "hq"):
        shutil.copytree(template / name, target / name)
    for name in ("station.card", "hq.card"):
        shutil.copy(template / name, target / name)
    return target
