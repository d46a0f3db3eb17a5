"""PySide6's support modules, which shiboken6 compiles from source at every import, are compiled once and their code
kept as Python keeps a .pyc (ui.pyside_support): a second start compiles none of them and behaves exactly as one
without the cache; a damaged, foreign or stale cache is compiled over, and no cache is written where Python would
write no bytecode."""

from __future__ import annotations

import json
import marshal
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

# run in a fresh process (PySide6 is imported once per process): counts the support modules compiled, and prints
# what PySide6's support modules decide (an error message listing signatures, the flags and annotations of their code)
PROBE = r"""
import builtins, json, sys
compiled = builtins.compile
support = []
def counting(source, filename, mode, *args, **kwargs):
    if isinstance(filename, str) and (filename == "signature_bootstrap.py" or filename.startswith("shibokensupport/")):
        support.append(filename)
    return compiled(source, filename, mode, *args, **kwargs)
builtins.compile = counting
if sys.argv[1] == "cached":
    from ui.pyside_support import import_pyside, cache_path
    import_pyside()
from PySide6.QtWidgets import QApplication, QWidget
app = QApplication([])
try:
    QWidget().setWindowTitle(1)
except TypeError as exc:
    message = str(exc)
modules = sys.modules
layout = modules["shibokensupport.signature.layout"]
print(json.dumps({
    "compiled": support,
    "message": message,
    "flags": modules["shibokensupport.feature"]._mod_uses_pyside.__code__.co_flags,
    "annotations": {k: str(v) for k, v in layout.create_signature.__annotations__.items()},
    "modules": sorted(k for k in modules if k.startswith("shibokensupport")),
}))
"""


def probe(prefix: Path, how: str, dont_write: bool = False) -> dict:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHONPYCACHEPREFIX=str(prefix))
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    if dont_write:
        env["PYTHONDONTWRITEBYTECODE"] = "1"
    done = subprocess.run([sys.executable, "-c", PROBE, how], cwd=ROOT, env=env, capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    return json.loads(done.stdout.splitlines()[-1])


def cache_file(prefix: Path) -> Path:
    found = list(prefix.rglob("shibokensupport.*.marshal"))
    assert len(found) <= 1
    return found[0] if found else prefix / "none"


@pytest.fixture(scope="module")
def plain(tmp_path_factory) -> dict:
    return probe(tmp_path_factory.mktemp("plain"), "plain")


def test_a_second_start_compiles_no_support_module_and_behaves_as_pyside_alone(tmp_path, plain):
    first = probe(tmp_path, "cached")
    assert len(first["compiled"]) >= 10 and "signature_bootstrap.py" in first["compiled"]
    assert cache_file(tmp_path).is_file()
    second = probe(tmp_path, "cached")
    assert second["compiled"] == []
    for result in (first, second):
        assert {k: v for k, v in result.items() if k != "compiled"} == {
            k: v for k, v in plain.items() if k != "compiled"}
    assert "setWindowTitle(arg__1: str, /)" in plain["message"]


def test_a_damaged_cache_is_compiled_over_and_written_again(tmp_path, plain):
    probe(tmp_path, "cached")
    path = cache_file(tmp_path)
    good = path.read_bytes()
    path.write_bytes(good[: len(good) // 2])
    again = probe(tmp_path, "cached")
    assert again["compiled"] == plain["compiled"]  # every module compiled, as PySide6 alone does
    assert again["message"] == plain["message"]
    assert path.read_bytes() == good
    path.write_bytes(b"not marshal data at all")
    assert probe(tmp_path, "cached")["compiled"] == plain["compiled"]


def test_a_module_whose_source_changed_is_compiled_again_the_others_taken_from_the_cache(tmp_path, plain):
    probe(tmp_path, "cached")
    path = cache_file(tmp_path)
    magic, kept = marshal.loads(path.read_bytes())
    flags, optimize, size, crc, code = kept["shibokensupport/feature.py"]
    kept["shibokensupport/feature.py"] = (flags, optimize, size, crc ^ 1, code)  # as if the source were another
    path.write_bytes(marshal.dumps((magic, kept)))
    again = probe(tmp_path, "cached")
    assert again["compiled"] == ["shibokensupport/feature.py"]
    assert again["flags"] == plain["flags"]
    assert probe(tmp_path, "cached")["compiled"] == []  # the cache holds the new code since


def test_a_cache_of_another_python_is_not_used(tmp_path, plain):
    probe(tmp_path, "cached")
    path = cache_file(tmp_path)
    _magic, kept = marshal.loads(path.read_bytes())
    path.write_bytes(marshal.dumps((b"\x00\x00\r\n", kept)))
    assert probe(tmp_path, "cached")["compiled"] == plain["compiled"]


def test_no_cache_is_written_where_python_writes_no_bytecode(tmp_path, plain):
    result = probe(tmp_path, "cached", dont_write=True)
    assert result["compiled"] == plain["compiled"]
    assert not cache_file(tmp_path).exists()


def test_the_window_s_start_fills_the_cache_and_the_next_start_uses_it(tmp_path):
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHONPYCACHEPREFIX=str(tmp_path / "pycache"),
               WORKSTATION_HOME=str(tmp_path / "home"), WORKSTATION_PLAINTEXT="1", WORKSTATION_EXIT_AFTER_PAINT="1")
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    for key, name in (("XDG_CONFIG_HOME", "config"), ("XDG_DATA_HOME", "share"), ("XDG_CACHE_HOME", "cache")):
        env[key] = str(tmp_path / name)
    subprocess.run([sys.executable, "main.py", "init"], cwd=ROOT, env=env, capture_output=True, timeout=120,
                   check=True)
    started = subprocess.run([sys.executable, "main.py"], cwd=ROOT, env=env, capture_output=True, text=True,
                             timeout=120)
    assert "PAINTED" in started.stdout, started.stderr[-2000:]
    path = cache_file(tmp_path / "pycache")
    _magic, kept = marshal.loads(path.read_bytes())
    assert "shibokensupport/signature/parser.py" in kept and "signature_bootstrap.py" in kept
