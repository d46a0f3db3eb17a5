"""Benchmark: `cases import` of a case register against plain sqlite3.executemany of the same rows.

Target (issue 2, "Numbers"): importing a 100,000-row register runs at >= 1/3 of the rows per second of plain
`sqlite3.executemany` of the same rows, i.e. subject_seconds / baseline_seconds <= 3.0.

- baseline: read the register CSV with the csv module and executemany all data rows into a plain 12-column
  TEXT table inside one transaction, on a fresh file database in WAL mode (synchronous=NORMAL, as the app's
  connection uses);
- subject: ``import_register(db, csv)`` on a fresh data directory (database opened and ``ensure_reference_data`` run
  untimed), i.e. the work of `main.py cases import FILE` after start-up;
- informational: the same import from .xlsx (one sample, first round), and ``read_rows`` of the CSV alone.

Samples are interleaved (baseline, subject, read_rows, baseline, ...) and the best of each is kept. While the
subject is slow (tens of seconds at 100,000 rows) a time budget stops the rounds early (at least two) so that
a full run stays near three minutes.

    .venv/bin/python bench/bench_import.py [--rows N] [--quick] [--repeat R] [--profile] [--no-xlsx] [--budget S]

Exit 0 when within target, 1 when not.
"""

from __future__ import annotations

import cProfile
import csv
import io
import itertools
import pstats
import shutil
import sqlite3
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import benchlib  # noqa: E402
import make_data  # noqa: E402

TARGET = 3.0


def baseline_import(csv_path: Path, db_path: Path) -> int:
    """Plain sqlite3: csv module + executemany into a 12-column TEXT table, one transaction, WAL."""
    conn = sqlite3.connect(db_path, isolation_level=None)
    try:
        conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("PRAGMA synchronous = NORMAL")
        columns = ", ".join(f"c{i} TEXT" for i in range(1, 13))
        conn.execute(f"CREATE TABLE register ({columns})")
        with csv_path.open(encoding="utf-8-sig", newline="") as fh:
            reader = csv.reader(fh)
            next(reader)  # title row
            next(reader)  # header
            conn.execute("BEGIN")
            conn.executemany(f"INSERT INTO register VALUES ({', '.join('?' * 12)})", reader)
            conn.execute("COMMIT")
        return conn.execute("SELECT COUNT(*) FROM register").fetchone()[0]
    finally:
        conn.close()


class Subject:
    """A fresh data directory per sample; only ``import_register`` is timed."""

    def __init__(self, work: Path):
        self.work = work
        self.counter = itertools.count()
        self.db = None

    def prepare(self):
        from workstation.db import open_database
        from workstation.paths import database_path
        from workstation.store import ensure_reference_data

        self.close()
        data_dir = self.work / f"subject-{next(self.counter)}"
        self.db = open_database(database_path(data_dir))
        ensure_reference_data(self.db)
        return self.db

    def close(self) -> None:
        if self.db is not None:
            path = Path(self.db.conn.execute("PRAGMA database_list").fetchone()[2])
            self.db.conn.close()
            self.db = None
            shutil.rmtree(path.parent, ignore_errors=True)


IMPORTED_TABLES = ("parties", "cases", "case_parties", "case_events", "audit")


def snapshot_import(subject: Subject, csv_path: Path) -> dict[str, tuple[list[str], list[tuple]]]:
    """The rows one real import stores, table by table, to replay them as the storage floor."""
    from workstation.importing.register import import_register

    db = subject.prepare()
    before = db.execute("SELECT COALESCE(MAX(seq), 0) FROM audit").fetchone()[0]
    import_register(db, csv_path)
    out = {}
    for table in IMPORTED_TABLES:
        cursor = db.execute(f"SELECT * FROM {table}" + (" WHERE seq > ?" if table == "audit" else ""),
                            [before] if table == "audit" else [])
        out[table] = ([d[0] for d in cursor.description], cursor.fetchall())
    subject.close()
    return out


def storage_floor(db, rows: dict[str, tuple[list[str], list[tuple]]]) -> None:
    """executemany of the same records into the workstation's own tables, in one transaction, with the search
    index filled in one statement, the sort keys of the amounts in one statement after the rows, and (into empty
    tables) the secondary indexes of the cases, parties, links and events built after their rows, as the importer
    does: what storing them costs without any Python work."""
    from workstation.db.bulk_indexes import rebuilt_indexes
    from workstation.store.cases import deferred_search_index
    from workstation.store.sort_keys import deferred_penalty_keys

    bulk = {table: len(rows[table][1]) for table in ("cases", "parties", "case_parties", "case_events")}
    # the 罚没金额 sort keys (m043) filled once after the rows, as the importer does: their triggers, left on, work
    # each case's amount out again for every link and event written (the floor took 67 s instead of ~10)
    with db.atomic(), deferred_penalty_keys(db), rebuilt_indexes(db, bulk):
        for table, (columns, values) in rows.items():
            sql = f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})"
            if table == "cases":
                with deferred_search_index(db):
                    db.conn.executemany(sql, values)
            else:
                db.conn.executemany(sql, values)


def main() -> int:
    parser = benchlib.arg_parser("cases import vs plain sqlite3.executemany")
    parser.add_argument("--profile", action="store_true", help="profile one subject run (top 15 cumulative)")
    parser.add_argument("--no-xlsx", action="store_true", help="skip the informational .xlsx import")
    parser.add_argument("--budget", type=float, default=120.0,
                        help="seconds of measuring after which no new round starts (default 120; min. 2 rounds)")
    args = parser.parse_args()
    n, repeat = benchlib.rows_and_repeat(args)

    with benchlib.workspace("import") as work:
        from workstation.importing.register import import_register
        from workstation.importing.tables import read_rows

        t0 = time.perf_counter()
        rows = make_data.register_rows(n)
        csv_path = make_data.write_csv(work / "register.csv", n, rows=rows)
        xlsx_path = None if args.no_xlsx else make_data.write_xlsx(work / "register.xlsx", n, rows=rows)
        del rows
        print(f"register of {n:,} rows written in {time.perf_counter() - t0:.1f} s "
              f"(csv {csv_path.stat().st_size / 1e6:.1f} MB)")

        subject = Subject(work)
        baseline_dir = work / "baseline"
        checks: dict[str, int] = {}

        def run_baseline() -> float:
            shutil.rmtree(baseline_dir, ignore_errors=True)
            baseline_dir.mkdir()
            db_path = baseline_dir / "plain.db"
            start = time.perf_counter()
            checks["baseline"] = baseline_import(csv_path, db_path)
            return time.perf_counter() - start

        def make_subject(path: Path, key: str):
            def run() -> float:
                db = subject.prepare()
                seconds = benchlib.timed(lambda: checks.__setitem__(key, import_register(db, path).imported))
                subject.close()
                return seconds
            return run

        stored = snapshot_import(subject, csv_path)

        def run_floor() -> float:
            db = subject.prepare()
            seconds = benchlib.timed(lambda: storage_floor(db, stored))
            subject.close()
            return seconds

        samplers = {"baseline": run_baseline, "subject": make_subject(csv_path, "subject"), "floor": run_floor}
        if xlsx_path:
            samplers["xlsx"] = make_subject(xlsx_path, "xlsx")
        samplers["read_rows"] = lambda: benchlib.timed(lambda: read_rows(csv_path))
        results = benchlib.interleaved(samplers, repeat, budget=args.budget, once=("xlsx",))
        for key in ("baseline", "subject", "xlsx"):
            if key in checks and checks[key] != n:
                print(f"ERROR: {key} stored {checks[key]} rows instead of {n}")
                return 1

        best = {k: min(v) for k, v in results.items()}
        ratio = best["subject"] / best["baseline"]
        labels = {"baseline": "plain sqlite3 executemany (csv module)",
                  "subject": "import_register(.csv)  [target]",
                  "xlsx": "import_register(.xlsx)  [info]",
                  "read_rows": "read_rows(.csv) alone  [info]",
                  "floor": "same records into the app's tables [info]"}
        table = []
        for key, seconds in best.items():
            table.append([labels[key], benchlib.fmt_s(seconds), f"{n / seconds:,.0f}",
                          f"{seconds / best['baseline']:.2f}", " ".join(f"{s:.3g}" for s in results[key])])
        print(f"\nrows={n:,}  best of {len(results['subject'])}, interleaved")
        benchlib.print_table(["measurement", "best", "rows/s", "× baseline", "samples (s)"], table)
        print(f"\nratio subject/baseline = {ratio:.2f} (target ≤ {TARGET:.1f}); subject runs at "
              f"{1 / ratio:.2f} of baseline rows/s (target ≥ 0.33)")
        print(f"storage floor: executemany of the very records the import stores (parties, cases, links, timeline "
              f"events, audit entries; search index and secondary indexes built in bulk) = "
              f"{best['floor'] / best['baseline']:.2f} × baseline;\nthe import is "
              f"{best['subject'] / best['floor']:.2f} × that floor (reading, validating, building and hashing the "
              f"records).")

        if args.profile:
            db = subject.prepare()
            profiler = cProfile.Profile()
            profiler.enable()
            import_register(db, csv_path)
            profiler.disable()
            subject.close()
            out = io.StringIO()
            stats = pstats.Stats(profiler, stream=out).strip_dirs()
            stats.sort_stats("cumulative").print_stats(15)
            stats.sort_stats("tottime").print_stats(10)
            print("\ncProfile of one subject run (top 15 cumulative, then top 10 own time):")
            print("\n".join(line for line in out.getvalue().splitlines() if line.strip()))
        return benchlib.verdict(ratio <= TARGET, args.quick)


if __name__ == "__main__":
    sys.exit(main())
