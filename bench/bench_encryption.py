"""Benchmark: what encryption at rest costs (issue 8, "Numbers": at most 1.3× on the case-list and register-import
benchmarks of issue 2 and the document benchmark of issue 3, against the same runs unencrypted).

- case list: the page of 200 cases and its count, for the scenarios of bench_case_list.py, on a database of N
  cases (default 100,000) built by the register importer, and on the same database encrypted with SQLCipher
  (``encrypt_data_dir``: a copy through ``sqlcipher_export``) — each opened the way the app opens it;
- register import: ``import_register`` of the same N-row CSV into a fresh plaintext data directory and into a
  fresh encrypted one (keyring made untimed);
- documents: ``issue_document`` of a 立案审批表 for a demo case, M times (default 40) — render, 文号, the PDF
  sealed into the file store and the frozen row — plaintext against encrypted. (``render_pdf`` alone, the
  subject of bench_documents.py, runs in memory and touches neither the database nor the disk: unchanged.)

Samples interleave plaintext and encrypted; best of R (default 3); ratio = encrypted / plaintext.

    .venv/bin/python bench/bench_encryption.py [--rows N] [--quick] [--repeat R] [--docs M]

Exit 0 when every ratio is within 1.3, 1 when not.
"""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import benchlib  # noqa: E402
import make_data  # noqa: E402

TARGET = 1.3
PASSPHRASE = "bench passphrase 2026"
CHEAP = {"memory_kib": 8192, "iterations": 1, "lanes": 1}  # unlocking is not what is measured here


def encrypted_dir(base: Path, name: str) -> Path:
    from workstation.security import keyring, session

    data_dir = base / name
    data_dir.mkdir(parents=True)
    key = keyring.create_encrypted(data_dir, "bench", PASSPHRASE, cost=CHEAP)
    session.set_key(data_dir, key)
    return data_dir


def plain_dir(base: Path, name: str) -> Path:
    from workstation.security import keyring

    data_dir = base / name
    data_dir.mkdir(parents=True)
    keyring.choose_plaintext(data_dir)
    return data_dir


def open_db(data_dir: Path):
    from workstation.db import open_database
    from workstation.paths import database_path
    from workstation.store import ensure_reference_data

    db = open_database(database_path(data_dir))
    ensure_reference_data(db)
    return db


def main() -> int:
    parser = benchlib.arg_parser("encryption at rest: encrypted vs plaintext", quick_rows=5_000, repeat=3)
    parser.add_argument("--docs", type=int, default=None, help="documents issued per sample (default 40)")
    args = parser.parse_args()
    n, repeat = benchlib.rows_and_repeat(args)
    docs = args.docs or (10 if args.quick else 40)
    rows, ok = [], True
    with benchlib.workspace("encryption") as base:
        from workstation.security.access import encrypt_data_dir
        from workstation.store import agency_by_code
        from workstation.store.cases import CaseFilter, count_cases, list_cases

        # ---- case list ----------------------------------------------------------------------------------
        plain = plain_dir(base, "plain")
        make_data.build_database(n, plain)
        sealed = base / "sealed"
        shutil.copytree(plain, sealed)
        (sealed / "keyring.json").unlink()
        from workstation.security import keyring

        keyring_cost, keyring.DEFAULT_COST = keyring.DEFAULT_COST, CHEAP
        try:
            encrypt_data_dir(sealed, PASSPHRASE, "bench")
        finally:
            keyring.DEFAULT_COST = keyring_cost
        plain_db, sealed_db = open_db(plain), open_db(sealed)
        print(f"{n:,} cases; plaintext {os.path.getsize(plain / 'workstation.db') / 1e6:.0f} MB, encrypted "
              f"{os.path.getsize(sealed / 'workstation.db') / 1e6:.0f} MB")
        long_term, short_term = make_data.search_terms(n)
        nanhai = agency_by_code(plain_db, "440605").id
        scenarios = [("open (no filter)", CaseFilter()), ("status = closed", CaseFilter(status="closed")),
                     ("district = 南海区", CaseFilter(district="南海区")),
                     ("agency = 南海区局", CaseFilter(agency_id=nanhai)),
                     (f"search '{long_term}'", CaseFilter(search=long_term)),
                     (f"search '{short_term}'", CaseFilter(search=short_term)),
                     ("sort penalties desc", CaseFilter(order_by="penalties_fen", descending=True))]
        for name, flt in scenarios:
            def page(db, flt=flt):
                list_cases(db, flt, limit=200)
                count_cases(db, flt)

            loops = benchlib.calibrate([lambda: page(plain_db), lambda: page(sealed_db)])
            samples = benchlib.interleaved({"plain": benchlib.per_call(lambda: page(plain_db), loops),
                                            "sealed": benchlib.per_call(lambda: page(sealed_db), loops)}, repeat)
            best = {k: min(v) for k, v in samples.items()}
            ratio = best["sealed"] / best["plain"]
            ok &= ratio <= TARGET
            rows.append([f"case list: {name}", benchlib.fmt_s(best["plain"]), benchlib.fmt_s(best["sealed"]),
                         f"{ratio:.2f}"])
        plain_db.conn.close()
        sealed_db.conn.close()

        # ---- register import ----------------------------------------------------------------------------
        from workstation.importing.register import import_register

        csv_path = make_data.write_csv(base / "register.csv", n)
        counter = iter(range(10_000))

        def import_into(make) -> float:
            data_dir = make(base, f"import-{next(counter)}")
            db = open_db(data_dir)
            try:
                return benchlib.timed(lambda: import_register(db, csv_path))
            finally:
                db.conn.close()
                shutil.rmtree(data_dir, ignore_errors=True)

        samples = benchlib.interleaved({"plain": lambda: import_into(plain_dir),
                                        "sealed": lambda: import_into(encrypted_dir)}, repeat, budget=240)
        best = {k: min(v) for k, v in samples.items()}
        ratio = best["sealed"] / best["plain"]
        ok &= ratio <= TARGET
        rows.append([f"register import ({n:,} rows)", benchlib.fmt_s(best["plain"]), benchlib.fmt_s(best["sealed"]),
                     f"{ratio:.2f}"])

        # ---- issuing documents --------------------------------------------------------------------------
        from workstation.demo import load_demo
        from workstation.documents.drafts import find_form
        from workstation.documents.issuing import issue_document
        from workstation.store import find_case

        form = find_form("filing_approval")
        demo = {}
        for label, make in (("plain", plain_dir), ("sealed", encrypted_dir)):
            data_dir = make(base, f"docs-{label}")
            db = open_db(data_dir)
            load_demo(db)
            demo[label] = (db, data_dir, find_case(db, "佛南市监立〔2026〕1号"))

        def issue(label: str) -> float:
            db, data_dir, case = demo[label]

            def run() -> None:
                for _ in range(docs):
                    issue_document(db, data_dir, case, form)
            return benchlib.timed(run) / docs

        issue("plain"), issue("sealed")  # fonts registered, caches warm
        samples = benchlib.interleaved({"plain": lambda: issue("plain"), "sealed": lambda: issue("sealed")}, repeat)
        best = {k: min(v) for k, v in samples.items()}
        ratio = best["sealed"] / best["plain"]
        ok &= ratio <= TARGET
        rows.append(["issue a document (render, 文号, seal, store)", benchlib.fmt_s(best["plain"]),
                     benchlib.fmt_s(best["sealed"]), f"{ratio:.2f}"])
        for db, _data_dir, _case in demo.values():
            db.conn.close()

    print(f"\nbest of {repeat}, interleaved; target encrypted / plaintext ≤ {TARGET}")
    benchlib.print_table(["measurement", "plaintext", "encrypted", "ratio"], rows)
    print("PASS" if ok else "MISS")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
