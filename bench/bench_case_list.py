"""Benchmark: the case list over N cases (default 100,000) against the bare SQL that backs it.

Target (issue 2, "Numbers"): opening the case list and each filter within 3x of the bare SQL that backs it.

One database of N cases is built once with the real importer (bench/make_data.py). For each scenario:

- baseline: ``list_cases_sql(flt, 200, 0)`` executed with the same parameters on a plain sqlite3 connection to
  the same file, ``fetchall()``;
- subject: ``CaseTableModel(db).set_filter(flt)`` plus its row count (every case matching: the count the page
  shows, asked for by the view) and the DisplayRole of every cell of the first 50 rows (what a view paints), in a
  QApplication on the offscreen platform;
- informational: ``count_cases(db, flt)``, the total the page shows next to the list; the "floor", i.e. the
  same cell reads on a trivial Python model returning a constant (the part of the ratio no Python model can
  avoid); and a real QTableView repaint of the first ~50 rows after ``setModel``.

Each sample repeats its operation enough times to last at least 250 ms (``benchlib.loops_for``, counted for each side
on its own: a bare query of 1–2 ms repeated some 150 times, the model's page some 50), so that no sample is a few
milliseconds a scheduler tick can double on a busy 2-core machine; baseline and subject samples alternate, and the
median of R (default 5) of each is compared: ratio = median subject / median baseline, each must be <= 3.0. (Best
of 5 samples of ~50 ms each flagged scenarios at random on a loaded machine: the same code read 2.93 and 4.20.)
The informational columns are medians of samples of the same length. ``--quick`` takes samples of 50 ms.

A second table times what a search, a filter or a sort chosen in the window reads in the background, and a page read
deep in the list it lists (each ratio also <= 3.0):

- listing: baseline the bare SQL of its first page and of the rowids of every case matching, in order
  (``list_cases_sql``, ``case_rowids_sql``); subject ``case_model.listing_of`` on the bench's connection (the work of
  ``read_listing``; informational: ``read_listing`` with its own connection opened, as the window's runner does);
- deep page: the rows of the last whole page 90 % of the way down the list or less: baseline the bare SQL reading their page by rowid
  (``case_rows_sql``); subject the model showing the listing (no query) and the DisplayRole of every cell of 50 rows
  there (their page read by rowid and formatted); informational: the bare SQL of the same page by LIMIT/OFFSET, as
  the list read it before it listed rowids (every case matching sorted again for each page).

    .venv/bin/python bench/bench_case_list.py [--rows N] [--quick] [--repeat R]

Exit 0 when every scenario is within target, 1 when not.
"""

from __future__ import annotations

import os
import sqlite3
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import benchlib  # noqa: E402
import make_data  # noqa: E402

TARGET = 3.0
PAINTED_ROWS = 50
SAMPLE = 0.25  # seconds each sample lasts at least (``--quick``: QUICK_SAMPLE)
QUICK_SAMPLE = 0.05


def main() -> int:
    args = benchlib.arg_parser("case list (CaseTableModel) vs bare SQL").parse_args()
    n, repeat = benchlib.rows_and_repeat(args)
    sample = QUICK_SAMPLE if args.quick else SAMPLE

    with benchlib.workspace("caselist"):
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
        from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt
        from PySide6.QtWidgets import QApplication, QTableView

        from ui.case_model import CaseTableModel
        from workstation.db import open_database
        from workstation.store import agency_by_code
        from workstation.store.cases import CaseFilter, count_cases, list_cases_sql

        app = QApplication.instance() or QApplication([sys.argv[0]])  # noqa: F841 - must exist for Qt models
        t0 = time.perf_counter()
        db_path = make_data.build_database(n, Path(os.environ["WORKSTATION_HOME"]))
        print(f"database of {n:,} cases built by the importer in {time.perf_counter() - t0:.1f} s "
              f"({db_path.stat().st_size / 1e6:.0f} MB)")

        db = open_database(db_path)
        plain = sqlite3.connect(db_path)
        nanhai = agency_by_code(db, "440605").id
        long_term, short_term = make_data.search_terms(n)
        scenarios = [
            ("open (no filter)", CaseFilter()),
            ("status = closed", CaseFilter(status="closed")),
            ("sector = education", CaseFilter(sector="education")),
            ("district = 南海区", CaseFilter(district="南海区")),
            ("agency = 南海区局 (440605)", CaseFilter(agency_id=nanhai)),
            (f"search '{long_term}' (FTS)", CaseFilter(search=long_term)),
            (f"search '{short_term}' (LIKE)", CaseFilter(search=short_term)),
            ("sort penalties desc", CaseFilter(order_by="penalties_fen", descending=True)),
            ("sort party desc (pinyin)", CaseFilter(order_by="party_names", descending=True)),
            ("sort cause (pinyin)", CaseFilter(order_by="cause")),
            ("sort records desc", CaseFilter(order_by="records_total", descending=True)),
            ("sort filing date", CaseFilter(order_by="filed_on")),
        ]
        display = Qt.ItemDataRole.DisplayRole

        class TrivialModel(QAbstractTableModel):
            """The least any Python model costs per painted cell: index() straight to createIndex(), data() a constant."""

            def __init__(self, rows: int):
                super().__init__()
                self.rows = rows

            def rowCount(self, parent=QModelIndex()):  # noqa: B008 - Qt's own default argument
                return 0 if parent.isValid() else self.rows

            def columnCount(self, parent=QModelIndex()):  # noqa: B008
                return 0 if parent.isValid() else 9

            def index(self, row, column, parent=QModelIndex()):  # noqa: B008 - skips hasIndex()'s callbacks
                return self.createIndex(row, column)

            def data(self, index, role=display):
                return "x" if role == display else None

        view = QTableView()
        view.verticalHeader().setDefaultSectionSize(24)
        view.resize(1400, PAINTED_ROWS * 24 + 40)
        view.show()
        app.processEvents()

        table, ok = [], True
        for name, flt in scenarios:
            sql, params = list_cases_sql(flt, CaseTableModel.PAGE, 0)
            expected = len(plain.execute(sql, params).fetchall())

            def baseline(sql=sql, params=params):
                return plain.execute(sql, params).fetchall()

            page_model = CaseTableModel(db)  # the page keeps one model and applies each filter to it

            def read_cells(model):
                return [model.data(model.index(r, c), display)
                        for r in range(min(PAINTED_ROWS, model.rowCount())) for c in range(model.columnCount())]

            def subject(flt=flt, model=page_model):
                model.set_filter(flt)
                return model, read_cells(model)

            def cold(flt=flt):
                model = CaseTableModel(db)
                model.set_filter(flt)
                return model, read_cells(model)

            def count(flt=flt):
                return count_cases(db, flt)

            trivial = TrivialModel(expected)

            def floor(trivial=trivial):
                return [trivial.data(trivial.index(r, c), display)
                        for r in range(min(PAINTED_ROWS, trivial.rowCount())) for c in range(9)]

            def repaint(flt=flt):
                model = CaseTableModel(db)
                model.set_filter(flt)
                view.setModel(model)
                view.viewport().repaint()
                return model

            model, cells = subject()  # every case listed (the view's scrollbar spans them), the first page read
            if model.rowCount() != count(flt) or any(c is None for c in cells[:expected * model.columnCount()]):
                print(f"ERROR: {name}: the model shows {model.rowCount()} rows, the SQL counts {count(flt)}")
                return 1
            operations = {"baseline": baseline, "subject": subject, "floor": floor, "cold": cold, "count": count,
                          "repaint": repaint}
            samplers = {name: benchlib.per_call(fn, benchlib.loops_for(fn, sample))
                        for name, fn in operations.items()}
            results = benchlib.interleaved(samplers, repeat)
            best = benchlib.medians(results)  # the median of each: a noisy sample on either side does not decide
            ratio = best["subject"] / best["baseline"]
            ok &= ratio <= TARGET
            table.append([name, f"{count():,}", benchlib.fmt_s(best["baseline"]), benchlib.fmt_s(best["subject"]),
                          f"{ratio:.2f} " + ("ok" if ratio <= TARGET else "MISSED"),
                          f"{(best['baseline'] + best['floor']) / best['baseline']:.2f}",
                          f"{best['cold'] / best['baseline']:.2f}",
                          benchlib.fmt_s(best["repaint"]), benchlib.fmt_s(best["count"])])

        print(f"\ncases={n:,}  page={CaseTableModel.PAGE}, painted rows={PAINTED_ROWS}, median of {repeat} samples of "
              f"≥ {sample * 1e3:.0f} ms each, interleaved; target subject/baseline ≤ {TARGET:.1f}")
        benchlib.print_table(["scenario", "matches", "bare SQL", "model+cells", "ratio", "floor [i]",
                              "new model [i]", "view paint [i]", "count [i]"], table)
        print("[i] informational. floor: (bare SQL + the same cell reads on a trivial Python model) / bare SQL, "
              "the least any\n    Python model can reach; new model: the same on a model created for the "
              "occasion (the page creates\n    its model once and keeps it) / bare SQL; view paint: set_filter + setModel + synchronous "
              "repaint of a QTableView\n    showing the first ~50 rows (Qt asks data() for ~7 roles per cell); "
              "count: count_cases, the total shown.")

        ok &= _background_reads(db, db_path, plain, scenarios, sample, repeat)
        plain.close()
        db.conn.close()
        return benchlib.verdict(ok, args.quick)


def _background_reads(db, db_path: Path, plain: sqlite3.Connection, scenarios, sample: float, repeat: int) -> bool:
    """The second table (see the module's docstring): the listing read in the background and a deep page of it,
    each against the bare SQL behind it. True when every ratio is within target."""
    import json

    from PySide6.QtCore import Qt

    from ui.case_model import CASE_ID_ROLE, CaseTableModel, listing_of, read_listing
    from workstation.progress import CancelToken, no_progress
    from workstation.store.cases import case_rowids_sql, case_rows_sql, list_cases_sql

    display, page = Qt.ItemDataRole.DisplayRole, CaseTableModel.PAGE
    table, ok = [], True
    for name, flt in scenarios:
        first_sql, first_params = list_cases_sql(flt, page, 0)
        rowids_sql, rowids_params = case_rowids_sql(flt)

        def listing_baseline(first_sql=first_sql, first_params=first_params, rowids_sql=rowids_sql,
                             rowids_params=rowids_params):
            return plain.execute(first_sql, first_params).fetchall(), plain.execute(rowids_sql, rowids_params).fetchall()

        def listing(flt=flt):
            return listing_of(db, flt, page)

        def own_connection(flt=flt):
            return read_listing(db_path, flt, page, progress=no_progress, cancel=CancelToken())

        listed = listing()
        operations = {"listing baseline": listing_baseline, "listing": listing, "own connection": own_connection}
        deep = None
        if listed.rowids is not None and len(listed.rowids) > page:
            deep = len(listed.rowids) * 9 // 10
            deep = min(deep - deep % page, (len(listed.rowids) - page) // page * page)  # a whole page read there
            by_rowid = [json.dumps(list(listed.rowids[deep:deep + page]))]
            offset_sql, offset_params = list_cases_sql(flt, page, deep)
            model = CaseTableModel(db)
            end = min(deep + 50, len(listed.rowids))

            def deep_baseline(by_rowid=by_rowid):
                return plain.execute(case_rows_sql(), by_rowid).fetchall()

            def deep_page(model=model, listed=listed, deep=deep, end=end):
                model.show(listed)  # no query: every page read again below, as a list just read
                return [model.data(model.index(r, c), display) for r in range(deep, end) for c in range(9)]

            def by_offset(offset_sql=offset_sql, offset_params=offset_params):
                return plain.execute(offset_sql, offset_params).fetchall()

            cells = deep_page()
            offset_ids = [row[0] for row in by_offset()][:end - deep]
            shown_ids = [model.index(r, 0).data(CASE_ID_ROLE) for r in range(deep, end)]
            if shown_ids != offset_ids or any(c is None for c in cells):
                print(f"ERROR: {name}: the deep page by rowid is not the page by offset")
                return False
            operations.update({"deep baseline": deep_baseline, "deep page": deep_page, "by offset": by_offset})
        samplers = {key: benchlib.per_call(fn, benchlib.loops_for(fn, sample)) for key, fn in operations.items()}
        best = benchlib.medians(benchlib.interleaved(samplers, repeat))
        ratio = best["listing"] / best["listing baseline"]
        ok &= ratio <= TARGET
        row = [name, f"{listed.total:,}",
               benchlib.fmt_s(best["listing baseline"]), benchlib.fmt_s(best["listing"]),
               f"{ratio:.2f} " + ("ok" if ratio <= TARGET else "MISSED"), benchlib.fmt_s(best["own connection"])]
        if deep is not None:
            deep_ratio = best["deep page"] / best["deep baseline"]
            ok &= deep_ratio <= TARGET
            row += [f"{deep:,}", benchlib.fmt_s(best["deep baseline"]), benchlib.fmt_s(best["deep page"]),
                    f"{deep_ratio:.2f} " + ("ok" if deep_ratio <= TARGET else "MISSED"),
                    benchlib.fmt_s(best["by offset"])]
        else:
            row += ["—"] * 5  # one page lists every case: no page deeper
        table.append(row)
    print(f"\nthe listing read in the background (first page + rowids) and a whole page ~90 % down it, median of {repeat} "
          f"samples; target subject/baseline ≤ {TARGET:.1f}")
    benchlib.print_table(["scenario", "matches", "bare SQL", "listing_of", "ratio", "read_listing [i]", "deep row",
                          "bare SQL by rowid", "model+cells", "ratio", "by offset [i]"], table)
    print("[i] informational. read_listing: listing_of on a connection of its own, opened for it (the window's "
          "runner);\n    by offset: the bare SQL of the deep page by LIMIT/OFFSET, as the list read it before it "
          "listed rowids.")
    return ok


if __name__ == "__main__":
    sys.exit(main())
