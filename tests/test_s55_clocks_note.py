"""``clocks`` gives court enforcement's (T16) latest day to serve the 催告书, as the 期限 tab and the case's
deadlines say it: under the deadline's line in the text, as ``note`` in the JSON (null for the others), counted on
the day ``--as-of`` names — once that day is past nothing is said."""

from __future__ import annotations

from tests.helpers import run, run_json
from tests.test_s54_deadlines import served_in_january

SAID = "To apply to the court by 2026-10-06, serve the 催告书 by 2026-09-16 at the latest"


def test_clocks_gives_the_latest_day_to_serve_the_demand(db, make_case, data_dir, capsys, english):
    case = served_in_january(db, make_case)
    shown = run_json(capsys, "--data-dir", data_dir, "clocks", "--case", case.id, "--as-of", "2026-09-01")
    [t16] = [d for d in shown if d["clock"] == "T16"]
    assert t16["note"].startswith(SAID)
    assert all(d["note"] is None for d in shown if d["clock"] != "T16")
    code, out, _err = run(capsys, "--data-dir", data_dir, "clocks", "--case", case.id, "--as-of", "2026-09-01")
    assert code == 0
    lines = out.splitlines()
    [at] = [i for i, line in enumerate(lines) if " T16 " in line]
    assert lines[at + 1].strip().startswith(SAID)
    # counted on 09-17 the day is past: no instruction
    later = run_json(capsys, "--data-dir", data_dir, "clocks", "--case", case.id, "--as-of", "2026-09-17")
    assert [d["note"] for d in later if d["clock"] == "T16"] == [None]
