"""Benchmark: importing complaint exports (issue 6, "Numbers").

(a) A consumer-council export of N rows (default 1,000,000) as UTF-8 CSV (bench/make_complaints.py).
    - baseline: the csv module reads it and sqlite3 ``executemany`` writes its rows into a plain table of the
      same 8 text columns, one transaction, on a fresh file database in WAL mode (synchronous=NORMAL, as the
      app's connection);
    - subject [target ≤ 2.5]: ``import_complaints(db, [csv])`` on a fresh data directory (database opened
      untimed), followed by ``workstation.screening.screen(db)`` when that function exists (imported lazily;
      without it only the import is timed and the output says so);
    - informational, from the same subject runs: the part spent filling the trigram search index (one
      statement after the rows are in) and in screening; and the *storage floor*: the very records the
      import stores (its ``INSERT_COLUMNS``, 20 columns; dumped once, untimed, to a CSV) read by the csv module
      and written with ``executemany`` into the app's complaints table with its indexes, without the search
      index, the index of the numbers the texts write and the full-width forms (``wide_forms``, which the
      import works out per row) — what storing them costs without any mapping work;
    - peak memory: the peak resident size (VmHWM) of this process at the end of the first subject run,
      target < 300 MB whatever N.
(b) A 12345 work-order export of M rows (default 100,000) as .xlsx: python-calamine iterating every row of the
    same file (baseline) against ``import_complaints`` of it [target ≤ 1.5].

Samples are interleaved (baseline, subject, floor, baseline, ...), the best of each is kept; a time budget
stops the rounds early (after two) so that a full run stays within about ten minutes.

    .venv/bin/python bench/bench_complaints.py [--rows N] [--xlsx-rows M] [--quick] [--repeat R] [--profile]

Exit 0 when both targets are met, 1 when not.
"""

from __future__ import annotations

import cProfile
import csv
import io
import itertools
import pstats
import resource
import shutil
import sqlite3
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import benchlib  # noqa: E402
import make_complaints  # noqa: E402

CSV_TARGET = 2.5
XLSX_TARGET = 1.5
MEMORY_LIMIT_MB = 300


def baseline_csv(csv_path: Path, db_path: Path) -> int:
    """Plain sqlite3: csv module + executemany into a table of the file's 8 text columns, one transaction."""
    conn = sqlite3.connect(db_path, isolation_level=None)
    try:
        conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("PRAGMA synchronous = NORMAL")
        width = len(make_complaints.COUNCIL_HEADER)
        conn.execute(f"CREATE TABLE complaints ({', '.join(f'c{i} TEXT' for i in range(width))})")
        with csv_path.open(encoding="utf-8-sig", newline="") as fh:
            reader = csv.reader(fh)
            for _ in range(3):  # title, blank row, header
                next(reader)
            conn.execute("BEGIN")
            conn.executemany(f"INSERT INTO complaints VALUES ({', '.join('?' * width)})", reader)
            conn.execute("COMMIT")
        return conn.execute("SELECT COUNT(*) FROM complaints").fetchone()[0]
    finally:
        conn.close()


def calamine_rows(xlsx_path: Path) -> int:
    """Baseline of (b): python-calamine opening the workbook and iterating every row of its first sheet."""
    from python_calamine import CalamineWorkbook

    workbook = CalamineWorkbook.from_path(str(xlsx_path))
    count = sum(1 for _row in workbook.get_sheet_by_index(0).iter_rows())
    workbook.close()
    return count


def peak_memory_kb() -> int:
    """The peak resident memory of this process so far (VmHWM; ru_maxrss where /proc is missing)."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def screening_function():
    """``workstation.screening.screen`` when the screening part is installed, else None."""
    try:
        from workstation.screening import screen
    except ImportError:
        return None
    return screen


class Station:
    """A fresh data directory per sample (database opened untimed), removed afterwards."""

    def __init__(self, work: Path):
        self.work = work
        self.counter = itertools.count()
        self.db = None

    def prepare(self):
        from workstation.db import open_database
        from workstation.paths import database_path

        self.close()
        self.db = open_database(database_path(self.work / f"station-{next(self.counter)}"))
        return self.db

    def close(self) -> None:
        if self.db is not None:
            path = Path(self.db.conn.execute("PRAGMA database_list").fetchone()[2])
            self.db.conn.close()
            self.db = None
            shutil.rmtree(path.parent, ignore_errors=True)


class TimedIndex:
    """Measures, inside a subject run, the time spent filling the search index (wrapping the store function
    the importer calls; the wrapper costs microseconds)."""

    def __init__(self):
        import workstation.store.complaints as store

        self.store, self.original, self.seconds = store, store.index_complaints_after, 0.0

        def timed(db, rowid):
            start = time.perf_counter()
            self.original(db, rowid)
            self.seconds += time.perf_counter() - start

        store.index_complaints_after = timed

    def take(self) -> float:
        seconds, self.seconds = self.seconds, 0.0
        return seconds


def dump_records(db, path: Path) -> None:
    """The records one import stored, in ``INSERT_COLUMNS`` order, as a CSV for the storage floor."""
    from workstation.store.complaints import INSERT_COLUMNS

    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerows(db.execute(f"SELECT {', '.join(INSERT_COLUMNS)} FROM complaints ORDER BY rowid"))


def storage_floor(db, records_csv: Path, expected_rows: int) -> None:
    """csv module + executemany of the stored records into the app's complaints table (its indexes dropped
    and built again as the importer does for a bulk load), without the search index."""
    from workstation.store.complaints import INSERT_SQL, rebuilt_indexes

    with db.atomic(), records_csv.open(encoding="utf-8", newline="") as fh:
        trigger = db.execute("SELECT sql FROM sqlite_master WHERE name = 'complaints_fts_insert'").fetchone()[0]
        db.execute("DROP TRIGGER complaints_fts_insert")
        with rebuilt_indexes(db, expected_rows):
            db.conn.executemany(INSERT_SQL, csv.reader(fh))
        db.execute(trigger)


def run_csv(args, work: Path, n: int, repeat: int) -> tuple[bool, list[str]]:
    from workstation.importing.complaints import import_complaints

    start = time.perf_counter()
    csv_path = work / "council.csv"
    make_complaints.write_council_csv(csv_path, n, encoding="utf-8", answers=False,
                                      start=make_complaints.start_for(n))  # imported alone
    print(f"(a) council export of {n:,} rows written in {time.perf_counter() - start:.1f} s "
          f"({csv_path.stat().st_size / 1e6:.0f} MB)")
    screen = screening_function()
    station, index_timer = Station(work), TimedIndex()
    checks: dict[str, int] = {}
    parts: dict[str, list[float]] = {"fts": [], "screen": []}

    def run_baseline() -> float:
        folder = work / "baseline"
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir()
        start = time.perf_counter()
        checks["baseline"] = baseline_csv(csv_path, folder / "plain.db")
        return time.perf_counter() - start

    def run_subject() -> float:
        db = station.prepare()
        index_timer.take()
        start = time.perf_counter()
        result = import_complaints(db, [csv_path])
        middle = time.perf_counter()
        checks["subject"] = result.rows
        if error := benchlib.all_imported(result, make_complaints.council_complaints(n), n):
            sys.exit(error)
        if screen is not None:
            screen(db)
        end = time.perf_counter()
        parts["fts"].append(index_timer.take())
        parts["screen"].append(end - middle)
        if "records" not in checks:
            checks["memory_kb"] = peak_memory_kb()  # before the dump and the floor add their own
            dump_records(db, work / "records.csv")
            checks["records"] = db.execute("SELECT COUNT(*) FROM complaints").fetchone()[0]
        station.close()
        return end - start

    def run_floor() -> float:
        db = station.prepare()
        seconds = benchlib.timed(lambda: storage_floor(db, work / "records.csv", checks["records"]))
        station.close()
        return seconds

    samplers = {"baseline": run_baseline, "subject": run_subject, "floor": run_floor}
    results = benchlib.interleaved(samplers, repeat, budget=args.budget)
    memory_mb = checks["memory_kb"] / 1024
    if checks.get("baseline") != n or checks.get("subject") != n:
        print(f"ERROR: rows read: baseline {checks.get('baseline')}, import {checks.get('subject')}, expected {n}")
        return False, []
    best = {k: min(v) for k, v in results.items()}
    i = results["subject"].index(best["subject"])
    fts, screening = parts["fts"][i], parts["screen"][i]
    ratio = best["subject"] / best["baseline"]
    label = "import_complaints + screen(db)  [target]" if screen else "import_complaints  [target]"
    rows = [["csv module + executemany, 8 columns", best["baseline"]], [label, best["subject"]],
            ["  of which: trigram search index  [i]", fts]]
    if screen:
        rows.append(["  of which: screen(db)  [i]", screening])
    rows += [["import without the search index  [i]", best["subject"] - fts - screening],
             ["storage floor: the stored records  [i]", best["floor"]]]
    print(f"\n(a) rows={n:,}  best of {len(results['subject'])}, interleaved")
    benchlib.print_table(["measurement", "best", "rows/s", "× baseline"],
                         [[name, benchlib.fmt_s(s), f"{n / s:,.0f}", f"{s / best['baseline']:.2f}"] for name, s in rows])
    if screen is None:
        print("workstation.screening.screen does not exist yet: import only was timed.")
    print(f"ratio = {ratio:.2f} (target ≤ {CSV_TARGET}); the import without its search index is "
          f"{(best['subject'] - fts - screening) / best['floor']:.2f} × the storage floor")
    print(f"peak memory of this process up to the end of the first subject run: {memory_mb:.0f} MB "
          f"(limit {MEMORY_LIMIT_MB} MB; SQLite's page cache of the app's connection is up to 128 MB of it)")
    ok = ratio <= CSV_TARGET and memory_mb < MEMORY_LIMIT_MB
    summary = [f"(a) csv {n:,} rows: {ratio:.2f} × baseline (target {CSV_TARGET}), without search index "
               f"{(best['subject'] - fts - screening) / best['baseline']:.2f}, storage floor "
               f"{best['floor'] / best['baseline']:.2f}, peak {memory_mb:.0f} MB"]
    if args.profile:
        profile_run(station, lambda db: import_complaints(db, [csv_path]))
    return ok, summary


def run_xlsx(args, work: Path, m: int, repeat: int) -> tuple[bool, list[str]]:
    from workstation.importing.complaints import import_complaints

    start = time.perf_counter()
    xlsx_path = work / "hotline.xlsx"
    make_complaints.write_hotline_xlsx(xlsx_path, m, answers=False,
                                      start=make_complaints.start_for(m))  # imported alone
    print(f"\n(b) hotline export of {m:,} rows written in {time.perf_counter() - start:.1f} s "
          f"({xlsx_path.stat().st_size / 1e6:.0f} MB)")
    station, index_timer = Station(work), TimedIndex()
    checks: dict[str, int] = {}
    fts: list[float] = []

    def run_subject() -> float:
        db = station.prepare()
        index_timer.take()
        result = []
        seconds = benchlib.timed(lambda: result.append(import_complaints(db, [xlsx_path])))
        checks["subject"] = result[0].rows
        if error := benchlib.all_imported(result[0], make_complaints.hotline_complaints(m), m):
            sys.exit(error)
        fts.append(index_timer.take())
        if "records" not in checks:
            dump_records(db, work / "xlsx-records.csv")
            checks["records"] = db.execute("SELECT COUNT(*) FROM complaints").fetchone()[0]
        station.close()
        return seconds

    def run_floor() -> float:
        db = station.prepare()
        seconds = benchlib.timed(lambda: storage_floor(db, work / "xlsx-records.csv", checks["records"]))
        station.close()
        return seconds

    samplers = {"baseline": lambda: benchlib.timed(lambda: checks.__setitem__("baseline", calamine_rows(xlsx_path))),
                "subject": run_subject, "floor": run_floor}
    results = benchlib.interleaved(samplers, repeat, budget=args.budget)
    if checks.get("subject") != m:
        print(f"ERROR: the import read {checks.get('subject')} rows instead of {m}")
        return False, []
    best = {k: min(v) for k, v in results.items()}
    index = fts[results["subject"].index(best["subject"])]
    ratio = best["subject"] / best["baseline"]
    rows = [["python-calamine iter_rows of the sheet", best["baseline"]], ["import_complaints(.xlsx)  [target]",
            best["subject"]], ["  of which: trigram search index  [i]", index],
            ["import without the search index  [i]", best["subject"] - index],
            ["storage floor: the stored records  [i]", best["floor"]],
            ["calamine + storage floor  [i]", best["baseline"] + best["floor"]]]
    print(f"\n(b) rows={m:,}  best of {len(results['subject'])}, interleaved")
    benchlib.print_table(["measurement", "best", "rows/s", "× baseline"],
                         [[name, benchlib.fmt_s(s), f"{m / s:,.0f}", f"{s / best['baseline']:.2f}"] for name, s in rows])
    # python-calamine hands over the sheet's first row only once it has parsed the whole sheet, so nothing can be
    # stored while it parses: reading the file and storing its records one after the other is the least an import
    # of a workbook can take
    least = (best["baseline"] + best["floor"]) / best["baseline"]
    print(f"ratio = {ratio:.2f} (target ≤ {XLSX_TARGET}); the least reachable with the app's complaints table is "
          f"{least:.2f} (the sheet parsed, then its records stored, without any Python work or search index)")
    return ratio <= XLSX_TARGET, [f"(b) xlsx {m:,} rows: {ratio:.2f} × calamine (target {XLSX_TARGET}), without "
                                  f"search index {(best['subject'] - index) / best['baseline']:.2f}, calamine + "
                                  f"storage floor {least:.2f}"]


def profile_run(station: Station, work) -> None:
    db = station.prepare()
    profiler = cProfile.Profile()
    profiler.enable()
    work(db)
    profiler.disable()
    station.close()
    out = io.StringIO()
    stats = pstats.Stats(profiler, stream=out).strip_dirs()
    stats.sort_stats("tottime").print_stats(12)
    print("\ncProfile of one import (top 12 own time):")
    print("\n".join(line for line in out.getvalue().splitlines() if line.strip()))


def main() -> int:
    parser = benchlib.arg_parser("complaint import vs csv+executemany and vs calamine", quick_rows=20_000, repeat=3)
    parser.add_argument("--xlsx-rows", type=int, default=None, help="rows of the .xlsx export (default 100000)")
    parser.add_argument("--only", choices=["csv", "xlsx"], help="run one of the two scenarios")
    parser.add_argument("--profile", action="store_true", help="profile one CSV import (top 12 own time)")
    parser.add_argument("--budget", type=float, default=300.0,
                        help="seconds of measuring per scenario after which no new round starts (default 300)")
    args = parser.parse_args()
    if args.rows is None and not args.quick:
        args.rows = 1_000_000
    n, repeat = benchlib.rows_and_repeat(args)
    m = args.xlsx_rows or (5_000 if args.quick else 100_000)
    ok, summary = True, []
    with benchlib.workspace("complaints") as work:
        for name, run, size in (("csv", run_csv, n), ("xlsx", run_xlsx, m)):
            if args.only in (None, name):
                passed, lines = run(args, work, size, repeat)
                ok, summary = ok and passed, summary + lines
    print("\n" + "\n".join(summary))
    return benchlib.verdict(ok, args.quick)


if __name__ == "__main__":
    sys.exit(main())
