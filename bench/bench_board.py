"""Benchmark: the deadline board's whole count on its worker thread (``ui.deadlines.board_rows_task``: the running
deadlines of every open case, lead and interview, their parties and officers, State texts and groups), against
the SQL that loads the open cases' key dates and clock events (the two queries of ``clocks.board_sql()`` on a
plain sqlite3 connection with ``fetchall()``), measured in the same run.

Measured in processor time (``time.process_time``: this process's user + system time), not wall time, so that
other work on a shared machine moves the figures less. Samples alternate (baseline, subject, ...); best of R
(default 3). Informational, no target: session 66 measured 11–13 s → 2.65 s of processor time for the board of the
audit's 100,000-case database (104,893 rows), the SQL 1.11 s (bench/README.md).

    .venv/bin/python bench/bench_board.py [--rows N] [--quick] [--repeat R]     # builds N cases (bench_clocks)
    .venv/bin/python bench/bench_board.py --database PATH/workstation.db         # a copy of a real database

A database given is opened read-only in effect (the board writes nothing); use a copy all the same.
"""

from __future__ import annotations

import gc
import os
import sqlite3
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import bench_clocks  # noqa: E402
import benchlib  # noqa: E402
import make_data  # noqa: E402


def cpu(fn) -> float:
    """Processor seconds of one call of ``fn`` (after a collection, so earlier garbage is not billed)."""
    gc.collect()
    start = time.process_time()
    fn()
    return time.process_time() - start


def measure(db_path: Path, repeat: int) -> int:
    from ui.deadlines import board_rows_task
    from workstation import clocks
    from workstation.progress import CancelToken

    plain = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)
    cases_sql, events_sql, params = clocks.board_sql()

    def baseline():
        return plain.execute(cases_sql, params).fetchall(), plain.execute(events_sql, params).fetchall()

    def subject():
        return board_rows_task(db_path, progress=lambda *_a: None, cancel=CancelToken())

    cases = len(baseline()[0])
    rows = len(subject()[0])  # the first count imports and reads what later ones find ready (as the window's do)
    samples: dict[str, list[float]] = {"baseline": [], "subject": []}
    for _ in range(repeat):
        samples["baseline"].append(cpu(baseline))
        samples["subject"].append(cpu(subject))
    plain.close()
    best = {key: min(values) for key, values in samples.items()}
    print(f"\nopen cases={cases:,}, rows on the board={rows:,}; best of {repeat}, interleaved, processor time")
    benchlib.print_table(["scenario", "SQL (dates + events)", "board's count (board_rows_task)", "ratio"],
                         [["every agency", benchlib.fmt_s(best["baseline"]), benchlib.fmt_s(best["subject"]),
                           f"{best['subject'] / best['baseline']:.2f}"]])
    return 0


def main() -> int:
    parser = benchlib.arg_parser("deadline board's count (board_rows_task) vs the SQL of its dates and events",
                                 repeat=3)
    parser.add_argument("--database", type=Path, help="an existing workstation.db (a copy) instead of building one")
    args = parser.parse_args()
    n, repeat = benchlib.rows_and_repeat(args)
    if args.database is not None:
        if not args.database.is_file():
            print(f"ERROR: no database at {args.database}: give the path of a copy of a workstation.db")
            return 1
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
        return measure(args.database, repeat)
    with benchlib.workspace("board"):
        start = time.perf_counter()
        db_path = make_data.build_database(n, Path(os.environ["WORKSTATION_HOME"]))
        events = bench_clocks.open_every_case(db_path)
        print(f"database of {n:,} open cases and {events:,} clock events built in {time.perf_counter() - start:.1f} s")
        return measure(db_path, repeat)


if __name__ == "__main__":
    sys.exit(main())
