"""bench/bench_docs_render.py: ``--importtime`` fails like every other step when ``python -X importtime`` of the
render exits non-zero, naming what failed and its error, not printing an empty or partial table as if all went
well."""

import importlib.util
import sys
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parent.parent / "bench" / "bench_docs_render.py"


@pytest.fixture
def bench():
    spec = importlib.util.spec_from_file_location("s73_bench_docs_render", BENCH)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_a_render_failing_under_importtime_is_the_scripts_failure(bench, capsys):
    failing = [sys.executable, "-c", "import json; raise SystemExit('no such case: 2099-999')"]
    with pytest.raises(bench.Failed) as raised:
        bench.import_times(failing, {"PATH": ""})
    assert "importtime" in str(raised.value) and "exited with 1" in str(raised.value)
    assert "no such case: 2099-999" in str(raised.value)
    assert "Top 15" not in capsys.readouterr().out  # no table printed


def test_a_render_succeeding_under_importtime_prints_its_table(bench, capsys):
    bench.import_times([sys.executable, "-c", "import json"], {"PATH": ""})
    out = capsys.readouterr().out
    assert "python -X importtime of one PDF render" in out and "json" in out
