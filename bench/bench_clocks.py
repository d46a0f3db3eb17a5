"""Benchmark: the deadline board, i.e. every statutory clock of N open cases (default 100,000), against the SQL
that loads their key dates and clock events.

Target (issue 4, "Numbers"): all clocks of 100,000 open cases within 5x of the SQL that loads their events.

The database is built with the real register importer (bench/make_data.py); then every case is put in an open
stage of the procedure with the key dates that stage has (lead, filing, review, notice, decision, service) and
about a fifth of them get clock events (suspensions still running or over, testing periods, hearings, approved
extensions, seizures, deferrals), written with plain SQL as bench fixtures.

- baseline: the two queries of ``clocks.board_sql()`` (open cases with their dates; their clock events) run on a
  plain sqlite3 connection to the same file with ``fetchall()``;
- subject: ``clocks.board(db)``: the same queries through the store plus computing, classifying and sorting
  every running deadline;
- informational: the number of deadlines and how they split by state, and writing the calculation text of
  the first 1,000 (the board writes it only for the rows someone reads).

Samples alternate (baseline, subject, ...), best of R (default 5); ratio = subject / baseline <= 5.0.

    .venv/bin/python bench/bench_clocks.py [--rows N] [--quick] [--repeat R]

Exit 0 when within target, 1 when not.
"""

from __future__ import annotations

import collections
import datetime as dt
import os
import random
import sqlite3
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import benchlib  # noqa: E402
import make_data  # noqa: E402

TARGET = 5.0
AS_OF = "2026-11-30"
STAGES = ("pending_filing", "investigating", "suspended", "under_review", "pre_notice", "hearing",
          "decision_pending", "penalty_decided", "served")
WEIGHTS = (8, 40, 4, 6, 8, 2, 6, 8, 18)


def open_every_case(path: Path, seed: int = 4) -> int:
    """Put every case of the file in an open stage with consistent key dates and give about a fifth of them
    clock events; returns the number of clock events written."""
    rng = random.Random(seed)
    conn = sqlite3.connect(path)
    ids = [r[0] for r in conn.execute("SELECT id FROM cases ORDER BY rowid")]
    base = dt.date(2026, 1, 5).toordinal()
    updates, events = [], []
    stamp = "2026-11-30T09:00:00+08:00"

    def day(ordinal: int) -> str:
        return dt.date.fromordinal(ordinal).isoformat()

    for i, case_id in enumerate(ids):
        status = rng.choices(STAGES, WEIGHTS)[0]
        rank = STAGES.index(status)
        lead = base + rng.randrange(300)
        filed = lead + rng.randrange(3, 20) if rank >= 1 else None
        review = filed + rng.randrange(20, 60) if rank >= 3 else None
        notice = review + rng.randrange(3, 12) if rank >= 4 else None
        decided = notice + rng.randrange(6, 20) if rank >= 7 else None
        served = decided + rng.randrange(0, 6) if rank >= 8 else None
        updates.append((status, day(lead), *(day(o) if o else None for o in (filed, review, notice, decided, served)),
                        case_id))
        if filed and rng.random() < 0.2:
            first = filed + rng.randrange(5, 40)
            kind = rng.choice(("suspension", "testing", "hearing", "announcement"))
            ended = None if status == "suspended" and kind == "suspension" else day(first + rng.randrange(3, 30))
            events.append((f"ev-{i}-a", case_id, kind, "", day(first), ended, 0, None, "", stamp, stamp))
            if rng.random() < 0.3:
                approved = day(filed + 80)
                events.append((f"ev-{i}-b", case_id, "extension", "T2", approved, None, 30, approved, "局长",
                               stamp, stamp))
            if rng.random() < 0.1:
                events.append((f"ev-{i}-c", case_id, "seizure", "", day(filed + 2), None, 0, None, "", stamp, stamp))
        if served and rng.random() < 0.05:
            events.append((f"ev-{i}-d", case_id, "deferral", "", day(served + 3), day(served + 90), 0, None, "",
                           stamp, stamp))
    with conn:
        conn.executemany("UPDATE cases SET status = ?, lead_received_on = ?, filed_on = ?, review_on = ?, "
                         "notice_served_on = ?, decided_on = ?, served_on = ?, closed_on = NULL WHERE id = ?",
                         updates)
        conn.executemany("INSERT INTO clock_events (id, case_id, kind, clock, starts_on, ends_on, days, "
                         "approved_on, approved_by, created_at, updated_at) VALUES (?,?,?,?,?,?,?,?,?,?,?)", events)
    conn.execute("ANALYZE")
    conn.close()
    return len(events)


def main() -> int:
    args = benchlib.arg_parser("deadline board (clocks.board) vs the SQL loading its dates and events").parse_args()
    n, repeat = benchlib.rows_and_repeat(args)

    with benchlib.workspace("clocks"):
        from workstation import clocks
        from workstation.db import open_database

        t0 = time.perf_counter()
        db_path = make_data.build_database(n, Path(os.environ["WORKSTATION_HOME"]))
        event_count = open_every_case(db_path)
        print(f"database of {n:,} open cases and {event_count:,} clock events built in "
              f"{time.perf_counter() - t0:.1f} s")

        db = open_database(db_path)
        plain = sqlite3.connect(db_path)
        cases_sql, events_sql, params = clocks.board_sql()

        def baseline():
            return plain.execute(cases_sql, params).fetchall(), plain.execute(events_sql, params).fetchall()

        def subject():
            return clocks.board(db, on=AS_OF)

        loaded = baseline()
        board = subject()
        if len(loaded[0]) != n:
            print(f"ERROR: the board's query found {len(loaded[0]):,} open cases of {n:,}")
            return 1
        states = collections.Counter(d.state for d in board)

        def explain():
            return [d.calculation() for d in board[:1000]]

        samplers = {"baseline": benchlib.per_call(baseline, 1), "subject": benchlib.per_call(subject, 1),
                    "explain": benchlib.per_call(explain, 1)}
        results = benchlib.interleaved(samplers, repeat, once=("explain",))
        best = {k: min(v) for k, v in results.items()}
        ratio = best["subject"] / best["baseline"]
        ok = ratio <= TARGET
        print(f"\ncases={n:,}, clock events={event_count:,}, deadlines on the board={len(board):,} "
              f"({', '.join(f'{k} {v:,}' for k, v in states.most_common())}); best of {repeat}, interleaved")
        benchlib.print_table(["scenario", "SQL (dates + events)", "board", "ratio", "1,000 calculations [i]"],
                             [["all open cases", benchlib.fmt_s(best["baseline"]), benchlib.fmt_s(best["subject"]),
                               f"{ratio:.2f} " + ("ok" if ok else "MISSED"), benchlib.fmt_s(best["explain"])]])
        plain.close()
        db.conn.close()
        return benchlib.verdict(ok, args.quick)


if __name__ == "__main__":
    sys.exit(main())
