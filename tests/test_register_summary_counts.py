"""The command line's summary of a register import counts each row once: imported, skipped as its case is stored
already, or left out for its errors (a row with two wrong fields is one row) — as the window tells them apart. The
``--json`` result keeps its keys and their meaning ("skipped": every row not imported, "errors": one entry a field)."""

from __future__ import annotations

from tests.helpers import run, run_json
from tests.test_cli import REGISTER_ROW, station, write_register  # noqa: F401 (station is a fixture)


def _register(tmp_path):
    bad = list(REGISTER_ROW)
    bad[0], bad[7], bad[9] = "佛南市监立〔2026〕102号", "2026-02-30", "-5"  # two wrong fields in one row
    good = list(REGISTER_ROW)
    good[0], good[5] = "佛南市监立〔2026〕103号", "涉嫌未经消费者同意发送商业性短信案"
    return write_register(tmp_path / "台账.xlsx", [REGISTER_ROW, bad, good])


def test_the_summary_counts_stored_rows_and_rows_with_errors_apart(station, tmp_path, capsys, english):  # noqa: F811
    assert run_json(capsys, "cases", "import", write_register(tmp_path / "first.xlsx", [REGISTER_ROW]),
                    "--data-dir", station)["imported"] == 1
    path = _register(tmp_path)
    result = run_json(capsys, "cases", "import", path, "--skip-invalid", "--dry-run", "--data-dir", station)
    # the JSON as CLI.md and the scripts reading it know it: "skipped" is every row not imported
    assert (result["rows"], result["imported"], result["skipped"]) == (3, 1, 2)
    assert sorted((e["row"], e["field"]) for e in result["errors"]) == [(4, "涉案信息条数"), (4, "立案日期")]
    code, out, err = run(capsys, "cases", "import", path, "--skip-invalid", "--data-dir", station)
    assert code == 0, err
    # before: "3 rows: 1 imported, 2 skipped, 2 with errors." — the row with errors counted as skipped, and twice
    # as an error
    assert out.splitlines()[0] == "3 rows: 1 imported, 1 skipped as stored already, 1 with errors not imported."
