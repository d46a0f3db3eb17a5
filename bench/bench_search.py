"""Benchmark: searching the text of N imported complaints (default 1,000,000) against the bare queries.

Target (issue 6, "Numbers"): search on 1,000,000 complaints within 2x of the bare FTS query; short queries
within 1.2x of a scan of the base table.

The complaints are a consumer-council export written by bench/make_complaints.py and imported with the real
importer (``import_complaints``), so the trigram index is the one the application builds. For each query:

- long query (three characters or more): baseline ``SELECT rowid FROM complaints_fts WHERE complaints_fts
  MATCH ?`` with ``fetchall()``; subject ``search_complaints(db, q)`` (the first page of 200, newest first, with
  snippets and masked numbers) — and, informational, ``count_complaints`` (the total the page shows);
- short query (one or two characters): baseline ``SELECT rowid FROM complaints WHERE text LIKE ?`` with
  ``fetchall()``; subject ``search_complaints(db, q)``.

Each call is timed as the window meets it: the window opens a connection of its own for each search, page and
count (``tasks.complaint_search_task``), so every timed call gets a new one, opened untimed — ``open_database`` for
the subject, with the search's own caches of earlier queries emptied (a query typed anew), and for the baseline a
plain ``sqlite3`` connection that has read the schema untimed, as ``open_database`` does. Neither has prepared its
statements before the timed call. Interleaved, best of R (default 5).

    .venv/bin/python bench/bench_search.py [--rows N] [--quick] [--repeat R]
"""

from __future__ import annotations

import gc
import os
import sqlite3
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import benchlib  # noqa: E402
import make_complaints  # noqa: E402

LONG_TARGET, SHORT_TARGET = 2.0, 1.2
# zz and 罚息: short words the complaints never write (a rare word's search reads every row); 陌生: a short word
# with a few pages of matches spread over the file (about one complaint in 200: 1,000 at 200,000 rows), once the
# worst case of a short word (the scan read most of the table before the receipt-time index was walked; now the
# scan gives way to the walk as soon as the matches it found say so, ``store.complaints._short_matches``)
QUERIES = (("推销电话", "long"), ("个人信息", "long"), ("装修公司", "long"), ("贷款", "short"), ("楼", "short"),
           ("zz", "short"), ("罚息", "short"), ("陌生", "short"))


def fresh_call(call, connect, close, loops: int, before=None):
    """A sampler returning the mean seconds of ``loops`` calls of ``call(connection)``, each on a connection of its
    own made untimed by ``connect`` (and ``before()`` run untimed after it), closed untimed by ``close``."""

    def sample() -> float:
        gc.collect()
        spent = 0.0
        for _ in range(loops):
            conn = connect()
            if before is not None:
                before()
            start = time.perf_counter()
            call(conn)
            spent += time.perf_counter() - start
            close(conn)
        return spent / loops

    return sample


def main() -> int:
    args = benchlib.arg_parser("complaint search vs the bare FTS query and the base-table scan",
                               quick_rows=20_000).parse_args()
    n, repeat = benchlib.rows_and_repeat(args)
    if args.rows is None and not args.quick:
        n = 1_000_000  # the size; --rows sets another
    with benchlib.workspace("search") as base:
        from workstation.db import open_database
        from workstation.importing.complaints import import_complaints
        from workstation.paths import database_path
        from workstation.store import complaints

        t0 = time.perf_counter()
        export = base / "council.csv"
        make_complaints.write_council_csv(export, n, seed=11, encoding="utf-8", answers=False,
                                          start=make_complaints.start_for(n))
        db_path = database_path(Path(os.environ["WORKSTATION_HOME"]))
        db = open_database(db_path)
        result = import_complaints(db, [export])
        print(f"{result.imported:,} complaints imported in {time.perf_counter() - t0:.1f} s")
        if error := benchlib.all_imported(result, make_complaints.council_complaints(n), n):
            print(error, file=sys.stderr)
            db.conn.close()
            return 2
        db.execute("PRAGMA optimize")
        db.conn.close()

        def plain_connection():
            conn = sqlite3.connect(db_path)
            conn.execute("SELECT 1 FROM complaints LIMIT 0").fetchall()  # the schema read, as open_database reads it
            return conn

        def forget_queries():  # what the search keeps of the queries made last (a page, its count, the next page)
            for held in (complaints._checked_words_held, complaints._matching_held, complaints._numbered_ways,
                         complaints._numbered_sql, complaints._written_ways_held):
                held.cache_clear()

        def app_connection():
            return open_database(db_path)

        table, ok = [], True
        for query, kind in QUERIES:
            if kind == "long":
                def baseline(conn, q=query):
                    return conn.execute("SELECT rowid FROM complaints_fts WHERE complaints_fts MATCH ?",
                                        [f'"{q}"']).fetchall()
            else:
                def baseline(conn, q=query):
                    return conn.execute("SELECT rowid FROM complaints WHERE text LIKE ?", [f"%{q}%"]).fetchall()

            def subject(db, q=query):
                return complaints.search_complaints(db, q)

            def count(db, q=query):
                return complaints.count_complaints(db, q)

            once = {"baseline": fresh_call(baseline, plain_connection, sqlite3.Connection.close, 1),
                    "subject": fresh_call(subject, app_connection, lambda d: d.conn.close(), 1, forget_queries)}
            with plain_connection() as conn:
                matches = len(baseline(conn))
            slowest = max(max(sampler() for _ in range(2)) for sampler in once.values())  # warm the files first
            loops = max(1, min(200, int(0.05 / max(slowest, 1e-6))))
            results = benchlib.interleaved(
                {"baseline": fresh_call(baseline, plain_connection, sqlite3.Connection.close, loops),
                 "subject": fresh_call(subject, app_connection, lambda d: d.conn.close(), loops, forget_queries),
                 "count": fresh_call(count, app_connection, lambda d: d.conn.close(), loops, forget_queries)},
                repeat)
            best = {k: min(v) for k, v in results.items()}
            ratio = best["subject"] / best["baseline"]
            target = LONG_TARGET if kind == "long" else SHORT_TARGET
            ok &= ratio <= target
            table.append([f"{query} ({kind})", f"{matches:,}", benchlib.fmt_s(best["baseline"]),
                          benchlib.fmt_s(best["subject"]), f"{ratio:.2f} " + ("ok" if ratio <= target else "MISSED"),
                          f"≤ {target}", benchlib.fmt_s(best["count"])])
        print(f"\ncomplaints={result.imported:,}; best of {repeat}, interleaved; each call on a new connection")
        benchlib.print_table(["query", "matches", "bare query", "search page", "ratio", "target", "count [i]"],
                             table)
        print("[i] count_complaints, the total shown beside the page (a new connection too)")
        return benchlib.verdict(ok, args.quick)


if __name__ == "__main__":
    sys.exit(main())
