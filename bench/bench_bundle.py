"""Benchmark: case bundles (issue 7, "Numbers").

1. Export of 1,000 cases with 3 issued PDFs each, and its import into an empty headquarters, each within 3× of
   the bare work on the same files: for the export, ``zipfile`` writing the PDFs read from the file store
   (stored, as the bundle stores them) with ``hashlib.sha256`` of each; for the import, ``zipfile`` reading every
   member of the bundle with ``hashlib.sha256`` of each and writing each out as a file named by its hash (an
   import lands the files on the disk; reading alone would leave them in the archive).
2. Importing 10 such bundles (10 stations) into a headquarters database that already holds 100,000 cases: the
   last bundle no more than 2× slower than the first.

Set-up (untimed): a station's 1,000 cases come from the register importer (bench/make_data.py); three real PDFs
are rendered once through the document writer and each case's three issued documents are variants of them (a
PDF comment naming the case keeps every file distinct), inserted as issued documents with their files in the
file store. Samples of (1) are interleaved, best of N kept.

    .venv/bin/python bench/bench_bundle.py [--rows N] [--quick] [--repeat R] [--hq-cases N] [--stations N]

Exit 0 when both targets are met, 1 when not.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import sys
import time
import uuid
import zipfile
from pathlib import Path

from benchlib import arg_parser, fmt_s, interleaved, print_table, timed, workspace
from make_data import build_database

FORMS = ("filing_approval", "case_source_register", "penalty_decision")


def _pdfs(data_dir: Path) -> list[bytes]:
    """Three real issued-document PDFs of the station's first case, rendered once through the document writer."""
    from workstation.db import open_database
    from workstation.documents.compose import compose
    from workstation.documents.drafts import find_form
    from workstation.documents.pdf_writer import render_pdf
    from workstation.formkit.values import case_context, checked_values, default_values, field_errors
    from workstation.paths import database_path
    from workstation.store import get_case

    db = open_database(database_path(data_dir))
    case = get_case(db, db.execute("SELECT id FROM cases ORDER BY case_number LIMIT 1").fetchone()[0])
    context = case_context(db, case)
    result = []
    for form_id in FORMS:
        form = find_form(form_id)
        values = default_values(form, context)
        fillers = ("（基准测试示例内容）", "2026-06-01", "2026-06-01 10:00", "1")
        for filler in fillers:  # register cases lack facts and officers: fill what is missing
            for name in field_errors(form, values, context)[1]:
                values[name] = filler
        values = checked_values(form, values, context)
        document = compose(form, values, agency=str(context["agency.name"]),
                           case_number=case.case_number, number="佛南市监罚〔2026〕1号", date="2026-06-01")
        result.append(render_pdf(document).data)
    db.conn.close()
    return result


def add_documents(data_dir: Path, pdfs: list[bytes], tag: str) -> int:
    """Three issued documents per case, each a distinct variant of the rendered PDFs; returns the file count."""
    from workstation.db import open_database
    from workstation.filestore import store_file
    from workstation.paths import database_path

    db = open_database(database_path(data_dir))
    cases = [r[0] for r in db.execute("SELECT id FROM cases")]
    stamp = "2026-06-01T10:00:00+08:00"
    with db.atomic():
        for case_id in cases:
            for k, (form_id, pdf) in enumerate(zip(FORMS, pdfs, strict=True)):
                data = pdf + f"\n% {tag} {case_id} {k}\n".encode()
                sha = store_file(db, data_dir, data, "application/pdf")
                db.execute("INSERT INTO documents (id, case_id, form_id, form_version, title, status, number, "
                           "values_json, pdf_sha256, pages, issued_at, issued_by) VALUES (?, ?, ?, 1, ?, 'issued', "
                           "NULL, '{}', ?, 1, ?, 'bench')", [str(uuid.uuid4()), case_id, form_id, form_id, sha,
                                                              stamp])
    count = db.execute("SELECT COUNT(*) FROM documents").fetchone()[0]
    db.conn.close()
    return count


def make_station(base: Path, name: str, cases: int, seed: int, pdfs: list[bytes] | None, suffix: str) -> Path:
    from workstation.db import open_database
    from workstation.paths import database_path
    from workstation.station import ensure_station

    data_dir = base / name
    build_database(cases, data_dir, seed=seed)
    db = open_database(database_path(data_dir))
    if suffix:  # stations of one district numbering independently would hold different number blocks
        with db.atomic():
            db.execute("UPDATE cases SET case_number = case_number || ?", [suffix])
    ensure_station(db, data_dir, name=name)
    db.conn.close()
    if pdfs is None:
        pdfs = _pdfs(data_dir)
    add_documents(data_dir, pdfs, name)
    return data_dir


def file_list(data_dir: Path) -> list[Path]:
    return sorted(p for p in (data_dir / "files").rglob("*") if p.is_file())


def baseline_write(files: list[Path], target: Path) -> None:
    with zipfile.ZipFile(target, "w") as archive:
        for path in files:
            data = path.read_bytes()
            hashlib.sha256(data).hexdigest()
            archive.writestr(f"files/{path.name}", data, compress_type=zipfile.ZIP_STORED)


def baseline_read(source: Path, target: Path) -> None:
    """Read every member, hash it, and write it out as a file (what landing the files of a bundle takes)."""
    with zipfile.ZipFile(source) as archive:
        for info in archive.infolist():
            data = archive.read(info)
            name = hashlib.sha256(data).hexdigest()
            folder = target / name[:2]
            folder.mkdir(parents=True, exist_ok=True)
            (folder / name).write_bytes(data)


def export(data_dir: Path, target: Path) -> dict:
    from workstation.bundle import export_bundle
    from workstation.db import open_database
    from workstation.paths import database_path

    db = open_database(database_path(data_dir))
    try:
        return export_bundle(db, data_dir, target, everything=True, encrypt=False)
    finally:
        db.conn.close()


def import_into(hq: Path, bundle: Path) -> dict:
    from workstation.bundle import import_bundle
    from workstation.db import open_database
    from workstation.paths import database_path

    db = open_database(database_path(hq))
    try:
        return import_bundle(db, hq, bundle)
    finally:
        db.conn.close()


def trust(hq: Path, station: Path) -> None:
    from workstation.db import open_database
    from workstation.paths import database_path
    from workstation.station import agency_code, ensure_station, trust_station

    sdb = open_database(database_path(station))
    own = ensure_station(sdb, station)
    card = own.card(agency_code(sdb, own.agency_id))
    sdb.conn.close()
    db = open_database(database_path(hq))
    trust_station(db, card)
    db.conn.close()


def empty_hq(base: Path, name: str = "hq") -> Path:
    from workstation.db import open_database
    from workstation.paths import database_path
    from workstation.station import ensure_station
    from workstation.store import ensure_reference_data

    hq = base / name
    db = open_database(database_path(hq))
    ensure_reference_data(db)
    ensure_station(db, hq, name="佛山市局")
    db.conn.close()
    return hq


def main() -> int:
    parser = arg_parser(__doc__.splitlines()[0], quick_rows=200, repeat=3)
    parser.add_argument("--hq-cases", type=int, default=None, help="cases already at headquarters (default 100000)")
    parser.add_argument("--stations", type=int, default=10, help="bundles imported one after another (default 10)")
    args = parser.parse_args()
    cases = args.rows if args.rows is not None else (200 if args.quick else 1_000)
    repeat = args.repeat if args.repeat is not None else (2 if args.quick else 3)
    hq_cases = args.hq_cases if args.hq_cases is not None else (5_000 if args.quick else 100_000)
    ok = True
    with workspace("bundle") as base:
        print(f"Building a station with {cases:,} cases and {3 * cases:,} issued PDFs ...", flush=True)
        station = make_station(base, "南海区局", cases, 11, None, "")
        files = file_list(station)
        size = sum(p.stat().st_size for p in files)
        print(f"{len(files):,} files, {size / 1e6:.1f} MB")
        hq_template = empty_hq(base, "hq-template")
        trust(hq_template, station)
        out = base / "out"
        out.mkdir()
        results: dict[str, dict] = {}

        def sample_export() -> float:
            target = out / "station.bundle"
            target.unlink(missing_ok=True)
            seconds = timed(lambda: results.__setitem__("export", export(station, target)))
            return seconds

        def sample_zip_write() -> float:
            return timed(lambda: baseline_write(files, out / "baseline.zip"))

        def sample_import() -> float:
            hq = base / "hq-sample"
            shutil.rmtree(hq, ignore_errors=True)
            shutil.copytree(hq_template, hq)
            return timed(lambda: results.__setitem__("import", import_into(hq, out / "station.bundle")))

        def sample_zip_read() -> float:
            shutil.rmtree(base / "extracted", ignore_errors=True)
            return timed(lambda: baseline_read(out / "station.bundle", base / "extracted"))

        sample_export()  # the first bundle, so that import samples have one
        samples = interleaved({"zip write": sample_zip_write, "export": sample_export, "zip read": sample_zip_read,
                               "import": sample_import}, repeat)
        best = {name: min(values) for name, values in samples.items()}
        export_ratio = best["export"] / best["zip write"]
        import_ratio = best["import"] / best["zip read"]
        print_table(["measure", "best", "ratio", "target"], [
            ["zipfile + hashlib write", fmt_s(best["zip write"]), "", ""],
            ["bundle export", fmt_s(best["export"]), f"{export_ratio:.2f}×", "≤ 3×"],
            ["zipfile + hashlib read + write out", fmt_s(best["zip read"]), "", ""],
            ["bundle import (empty HQ)", fmt_s(best["import"]), f"{import_ratio:.2f}×", "≤ 3×"],
        ])
        print(f"export: {json.dumps({k: results['export'][k] for k in ('cases', 'files', 'records')})}; "
              f"import: {json.dumps({k: results['import'][k] for k in ('new', 'updated', 'conflicts')})}")
        ok &= export_ratio <= 3 and import_ratio <= 3

        if args.stations < 2:
            print("PASS" if ok else "MISS")
            return 0 if ok else 1
        print(f"\nBuilding headquarters with {hq_cases:,} cases and {args.stations} stations ...", flush=True)
        hq = base / "hq-big"
        build_database(hq_cases, hq, seed=99)
        from workstation.db import open_database
        from workstation.paths import database_path
        from workstation.station import ensure_station

        db = open_database(database_path(hq))
        with db.atomic():
            db.execute("UPDATE cases SET case_number = case_number || '-HQ'")
        ensure_station(db, hq, name="佛山市局")
        db.conn.close()
        station_pdfs = _pdfs(station)
        bundles = []
        for k in range(args.stations):
            name = f"station-{k + 1:02d}"
            data_dir = make_station(base, name, cases, 100 + k, station_pdfs, f"-S{k + 1:02d}")
            target = out / f"{name}.bundle"
            export(data_dir, target)
            trust(hq, data_dir)
            bundles.append(target)
            shutil.rmtree(data_dir)
        times = []
        for k, bundle in enumerate(bundles, start=1):
            start = time.perf_counter()
            result = import_into(hq, bundle)
            times.append(time.perf_counter() - start)
            print(f"bundle {k:2d}: {fmt_s(times[-1])} ({result['new']:,} new records)", flush=True)
        growth = times[-1] / times[0]
        print_table(["measure", "seconds", "ratio", "target"], [
            ["first bundle into HQ", fmt_s(times[0]), "", ""],
            [f"bundle {len(times)} into HQ", fmt_s(times[-1]), f"{growth:.2f}×", "≤ 2×"],
        ])
        ok &= growth <= 2
    print("PASS" if ok else "MISS")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
