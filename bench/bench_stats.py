"""Benchmark: the statistics of N cases (default 100,000) — the 统计 page's recount, the figures of `report campaign`
and `stats export` — against the bare SQL of the same counts.

The database is built with the real register importer (bench/make_data.py); then, with plain SQL as bench fixtures,
about one decided case in ten gets a 行政处罚决定书 issued here (one in five of them for two parties), one in a hundred
an outcome of a reconsideration revoking or changing its decision, every case transferred to the police its transfer
step and a few closed cases a 不予处罚 or 终止 step, so that every branch of the amounts is taken.

- baseline: the bare SQL of the page's figures on a plain sqlite3 connection, ``fetchall()``: the period's cases
  counted with their records and recorded amounts in total, by sector, status, district, agency and filing month;
- subjects: ``tasks.dashboard_task`` (what the 统计 page runs: ``campaign_stats``, ``monthly_in_period`` and the
  evaluation table) for a period of four months and for the whole campaign; ``reports.data.report_data`` (the
  figures `report campaign` gathers, without rendering) and ``stats_export.statistics_rows`` (those of `stats
  export`), both for the period.

Samples alternate (baseline, subjects, ...), best of R (default 3); ratio = subject / baseline. Target: the page's
recount in a period within 6× of its bare SQL (informational for the others). ``--profile`` prints cProfile of one
recount in the period (top 15 cumulative).

    .venv/bin/python bench/bench_stats.py [--rows N] [--quick] [--repeat R] [--profile]

Exit 0 when within target, 1 when not.
"""

from __future__ import annotations

import cProfile
import io
import json
import os
import pstats
import random
import sqlite3
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import benchlib  # noqa: E402
import make_data  # noqa: E402

TARGET = 6.0  # session 65's code: 8–11× (bench/README); session 66's: 3.2× under load
PERIOD = ("2026-03-01", "2026-06-30")


def vary(path: Path, seed: int = 66) -> dict[str, int]:
    """Decisions, outcomes of challenges and status steps written into the imported cases (see the module's text)."""
    rng = random.Random(seed)
    conn = sqlite3.connect(path)
    stamp = "2026-11-30T09:00:00+08:00"
    conn.execute("INSERT OR IGNORE INTO files (sha256, size, media_type, created_at) VALUES ('bench', 1, 'pdf', ?)",
                 [stamp])
    docs, challenges, events = [], [], []
    rows = conn.execute("SELECT c.id, c.status, COALESCE(c.decided_on, c.filed_on), c.fine_fen, c.confiscated_fen, "
                        "(SELECT party_id FROM case_parties p WHERE p.case_id = c.id ORDER BY position LIMIT 1) "
                        "FROM cases c").fetchall()
    for case_id, status, day, fine, confiscated, party in rows:
        day = day or "2026-05-01"
        if status in ("penalty_decided", "closed") and rng.random() < 0.1:
            for k in range(2 if rng.random() < 0.2 else 1):
                values = {"fine_fen": fine, "confiscated_fen": confiscated, "decided_on": day}
                if k and party:
                    values["party_id"] = party
                docs.append((f"{case_id}-d{k}", case_id, json.dumps(values), f"{case_id}-{k}", f"{day}T10:00:00+08:00"))
        if status in ("penalty_decided", "closed") and rng.random() < 0.01:
            kind = rng.choice(("challenge_revoked", "challenge_changed"))
            challenges.append((f"{case_id}-k", case_id, kind, day, 50_000 if kind == "challenge_changed" else 0,
                               stamp, stamp))
        if status == "transferred_police":
            events.append((f"{case_id}-e", case_id, day, "investigating", "transferred_police", f"{day}T10:00:00+08:00"))
        elif status == "closed" and rng.random() < 0.05:
            events.append((f"{case_id}-e", case_id, day, "investigating", rng.choice(("no_penalty", "terminated")),
                           f"{day}T10:00:00+08:00"))
    with conn:
        conn.executemany("INSERT INTO documents (id, case_id, form_id, form_version, title, status, values_json, "
                         "number, pdf_sha256, pages, issued_at, issued_by) VALUES (?, ?, 'penalty_decision', 1, "
                         "'行政处罚决定书', 'issued', ?, ?, 'bench', 1, ?, 'bench')", docs)
        conn.executemany("INSERT INTO clock_events (id, case_id, kind, starts_on, days, created_at, updated_at) "
                         "VALUES (?, ?, ?, ?, ?, ?, ?)", challenges)
        conn.executemany("INSERT INTO case_events (id, case_id, kind, on_date, from_status, to_status, at) "
                         "VALUES (?, ?, 'transition', ?, ?, ?, ?)", events)
    conn.execute("ANALYZE")
    conn.close()
    return {"decisions": len(docs), "challenges": len(challenges), "steps": len(events)}


#: the bare SQL of the page's figures: the period's cases counted, records and recorded amounts summed
BARE = [f"SELECT {key}, COUNT(*), SUM(records_trace + records_sensitive + records_other), SUM(fine_fen), "
        f"SUM(confiscated_fen) FROM cases WHERE filed_on BETWEEN ? AND ? GROUP BY {key}"
        for key in ("''", "sector", "status", "district", "agency_id", "substr(filed_on, 1, 7)")]


def main() -> int:
    parser = benchlib.arg_parser("statistics (统计 page, report, export) vs their bare SQL", repeat=3)
    parser.add_argument("--profile", action="store_true", help="cProfile of one recount in the period")
    args = parser.parse_args()
    n, repeat = benchlib.rows_and_repeat(args)

    with benchlib.workspace("stats"):
        from workstation import tasks
        from workstation.db import open_database
        from workstation.progress import CancelToken
        from workstation.reports.data import report_data
        from workstation.stats_export import statistics_rows

        t0 = time.perf_counter()
        db_path = make_data.build_database(n, Path(os.environ["WORKSTATION_HOME"]))
        varied = vary(db_path)
        print(f"database of {n:,} cases ({', '.join(f'{v:,} {k}' for k, v in varied.items())}) built in "
              f"{time.perf_counter() - t0:.1f} s")
        db = open_database(db_path)
        plain = sqlite3.connect(db_path)

        def baseline():
            return [plain.execute(sql, PERIOD).fetchall() for sql in BARE]

        def page(first, last):
            return lambda: tasks.dashboard_task(db_path, date_from=first, date_to=last,
                                                progress=lambda *step: None, cancel=CancelToken())

        subjects = {"统计 page recount, period [target]": page(*PERIOD),
                    "统计 page recount, whole campaign [i]": page(None, None),
                    "report campaign figures, period [i]": lambda: report_data(db, *PERIOD),
                    "stats export rows, period [i]": lambda: statistics_rows(db, None, *PERIOD)}
        if args.profile:
            profiler = cProfile.Profile()
            profiler.runcall(page(*PERIOD))
            out = io.StringIO()
            pstats.Stats(profiler, stream=out).sort_stats("cumulative").print_stats(15)
            print(out.getvalue())
        samplers = {"baseline": benchlib.per_call(baseline, 1),
                    **{name: benchlib.per_call(fn, 1) for name, fn in subjects.items()}}
        results = benchlib.interleaved(samplers, repeat)
        best = {k: min(v) for k, v in results.items()}
        rows, ok = [], True
        for name in subjects:
            ratio = best[name] / best["baseline"]
            verdict = ""
            if "[target]" in name:
                ok = ratio <= TARGET
                verdict = " ok" if ok else " MISSED"
            rows.append([name, benchlib.fmt_s(best[name]), f"{ratio:.1f}{verdict}"])
        print(f"\ncases={n:,}, period {PERIOD[0]} – {PERIOD[1]}; best of {repeat}, interleaved; "
              f"bare SQL (6 aggregates) {benchlib.fmt_s(best['baseline'])}")
        benchlib.print_table(["measurement", "seconds", "× bare SQL"], rows)
        db.conn.close()
        plain.close()
        return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
