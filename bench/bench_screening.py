"""Benchmark: screening N stored complaints (default 1,000,000) against a bare SELECT of their texts.

Issue 6 ("Numbers") sets the target for the whole pipeline: import + screen of a 1,000,000-row CSV within 2.5x of
"csv module read + sqlite3 executemany of the same rows". This script measures the screening part alone, so
that its share of that budget is known:

- baseline: ``SELECT rowid, text, complainant_phone, target_name, address, district FROM complaints`` on a plain
  sqlite3 connection, every row fetched (what any screening must at least read);
- subject: ``workstation.screening.screen(db)`` on complaints never screened: classification, numbers and
  businesses, sector and district of every complaint, written back in batches; grouping of the related ones
  into leads, created and audited; one transaction;
- informational: screening again with nothing new; screening complaints the importer already screened as it
  inserted them (``prescreen_rules`` + ``screen_complaint``; only the grouping into leads is left); the cost
  of ``screen_complaint`` over every text (what such an importer adds); peak memory of the process.

The complaints (about 15 % related, in 800 groups of numbers and businesses, numbers written in every form
the normaliser reads) are written straight into the database as bench fixtures; between samples the
screening results are cleared outside the timing. Samples alternate, best of R (default 3).

    .venv/bin/python bench/bench_screening.py [--rows N] [--quick] [--repeat R] [--target X]

Exit 0 when the ratio is within ``--target`` (default 6.0: screening's share of the pipeline's 2.5x), else 1.
"""

from __future__ import annotations

import random
import resource
import sqlite3
import sys
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import benchlib  # noqa: E402

RELATED = (
    "最近一周每天都接到{phone}的骚扰电话，自称是{business}的，推销{thing}，严重影响生活，请求处理。",
    "号码{phone}频繁来电推销{thing}，拉黑后又换号打来，要求查处。",
    "收到{phone}发来的营销短信，推广{thing}，我从未同意接收，要求{business}停止发送。",
    "{business}知道我的姓名和住址，用{phone}打电话推销{thing}，怀疑我的个人信息被泄露。",
    "本人电话{own}，多次接到{phone}的推销电话，介绍{thing}，要求运营商拦截。",
)
UNRELATED = (
    "本人手机号码{own}在营业厅办理的套餐，最近两个月每月扣费异常，比原来多了三十元，要求核实并退还多收的费用。",
    "家里宽带经常断网，报修多次仍未解决，影响孩子上网课，要求运营商尽快派人上门维修，并减免当月费用。",
    "拨打10086客服电话打不通，人工客服一直占线，等待二十分钟无人接听，要求改进服务质量。",
    "收到10086发来的话费账单短信，对本月流量费用有疑问，2026年3月1日已致电询问但未得到答复。",
    "办理携号转网被拒，营业厅工作人员说合约未到期，但本人从未签过合约，要求解释并协助办理。",
    "小区基站建设问题，担心辐射影响健康，要求相关部门到现场检测并公开结果。",
)
THINGS = ("南海区新楼盘", "二手房房源", "少儿培训课程", "全屋装修", "网贷额度", "信用贷款", "考证辅导班")


def phone_forms(number: str, rng: random.Random) -> str:
    if number.startswith("1"):
        return rng.choice([number, f"+86 {number[:3]} {number[3:7]} {number[7:]}", f"{number[:3]}-{number[3:7]}-"
                           f"{number[7:]}", f"86-{number}"])
    local = number[4:]
    return rng.choice([f"0757-{local}", local, f"+86-757-{local}", f"({number[:4]}){local}"])


def build(path: Path, n: int, seed: int = 6) -> int:
    """Write ``n`` complaints into the migrated database at ``path``; returns how many are related."""
    rng = random.Random(seed)
    actors = []
    for a in range(800):
        business = f"佛山市{rng.choice(['南海', '顺德', '禅城', '三水', '高明'])}区{a}号{rng.choice(['房地产代理有限公司', '教育培训中心', '装饰工程有限公司'])}"
        phones = [f"13{rng.randint(5, 9)}{rng.randint(10_000_000, 99_999_999)}",
                  f"0757{rng.randint(2, 8)}{rng.randint(1_000_000, 9_999_999)}"][: rng.randint(1, 2)]
        actors.append((business, phones))
    conn = sqlite3.connect(path)
    conn.execute("DROP TRIGGER IF EXISTS complaints_fts_insert")  # the search index plays no part in screening
    related, rows = 0, []
    for i in range(n):
        own = f"139{rng.randint(10_000_000, 99_999_999)}"
        if rng.random() < 0.15:
            business, phones = rng.choice(actors)
            text = rng.choice(RELATED).format(phone=phone_forms(rng.choice(phones), rng), business=business,
                                              thing=rng.choice(THINGS), own=own)
            related += 1
        else:
            text = rng.choice(UNRELATED).format(own=own) + f"（{i}）"
        rows.append((str(uuid.UUID(int=rng.getrandbits(128))), "12345", f"GD{i:08d}", f"2026-03-{1 + i % 28:02d} 10:00:00",
                     text, "{}", "bench.csv", i + 2, "2026-03-31T00:00:00+08:00", "12345", own))
        if len(rows) == 50_000:
            _insert(conn, rows)
            rows = []
    _insert(conn, rows)
    conn.commit()
    conn.close()
    return related


def _insert(conn: sqlite3.Connection, rows: list[tuple]) -> None:
    conn.executemany("INSERT INTO complaints (id, source, external_id, received_at, text, raw, source_file, "
                     "source_row, created_at, channel, complainant_phone) VALUES (?,?,?,?,?,?,?,?,?,?,?)", rows)


def clear(path: Path) -> None:
    conn = sqlite3.connect(path)
    with conn:
        conn.execute("UPDATE complaints SET category = '', phones = '', businesses = '', sector = '', district = '', "
                     "screened_at = NULL, lead_id = NULL")
        conn.execute("DELETE FROM leads")
        conn.execute("DELETE FROM settings WHERE key = 'screening_rules'")
    conn.close()


def forget_leads(path: Path) -> None:
    """Leave the complaints screened but ungrouped, as an importer that screens while inserting leaves them."""
    conn = sqlite3.connect(path)
    with conn:
        conn.execute("UPDATE complaints SET lead_id = NULL WHERE lead_id IS NOT NULL")
        conn.execute("DELETE FROM leads")
    conn.close()


def main() -> int:
    parser = benchlib.arg_parser("screening complaints vs a bare SELECT of their texts", quick_rows=20_000, repeat=3)
    parser.add_argument("--target", type=float, default=6.0, help="largest acceptable ratio (default 6.0)")
    args = parser.parse_args()
    n = args.rows if args.rows is not None else (args._quick_rows if args.quick else 1_000_000)
    repeat = args.repeat or (1 if args.quick else args._repeat)

    with benchlib.workspace("screening") as base:
        from workstation.db import open_database
        from workstation.screening import screen
        from workstation.store import ensure_reference_data

        path = base / "home" / "workstation.db"
        path.parent.mkdir(parents=True, exist_ok=True)
        db = open_database(path)
        ensure_reference_data(db)
        db.conn.close()
        t0 = time.perf_counter()
        related = build(path, n)
        print(f"database of {n:,} complaints ({related:,} related) built in {time.perf_counter() - t0:.1f} s")
        plain = sqlite3.connect(path)

        def baseline() -> float:
            return benchlib.timed(lambda: plain.execute(
                "SELECT rowid, text, complainant_phone, target_name, address, district FROM complaints").fetchall())

        found = {}

        def subject() -> float:
            clear(path)
            db = open_database(path)
            try:
                seconds = benchlib.timed(lambda: found.update(result=screen(db)))
                found["again"] = benchlib.timed(lambda: screen(db))
                db.conn.close()
                forget_leads(path)
                db = open_database(path)
                found["grouping"] = benchlib.timed(lambda: screen(db))
            finally:
                db.conn.close()
            return seconds

        def per_row() -> float:
            from workstation.screening import load_rules, screen_complaint

            rules = load_rules()
            rows = plain.execute("SELECT text, complainant_phone FROM complaints").fetchall()
            return benchlib.timed(lambda: [screen_complaint(t, p, rules=rules) for t, p in rows])

        results = benchlib.interleaved({"baseline": baseline, "subject": subject, "per_row": per_row}, repeat,
                                       once=("per_row",))
        plain.close()
        best = {k: min(v) for k, v in results.items()}
        ratio = best["subject"] / best["baseline"]
        ok = ratio <= args.target
        result = found["result"]
        peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(f"\ncomplaints={n:,}, related found={result.related:,} (made {related:,}), leads={len(result.leads):,}; "
              f"best of {repeat}, interleaved; peak memory {peak_mb:.0f} MB")
        benchlib.print_table(
            ["scenario", "bare SELECT", "screen()", "ratio", "per complaint"],
            [["first screening", benchlib.fmt_s(best["baseline"]), benchlib.fmt_s(best["subject"]),
              f"{ratio:.2f} " + ("ok" if ok else "MISSED"), benchlib.fmt_s(best["subject"] / n)],
             ["[i] again, nothing new", "", benchlib.fmt_s(found["again"]), "", ""],
             ["[i] screened at import: grouping only", "", benchlib.fmt_s(found["grouping"]), "", ""],
             ["[i] screen_complaint() of every text", "", benchlib.fmt_s(best["per_row"]), "",
              benchlib.fmt_s(best["per_row"] / n)]])
        return benchlib.verdict(ok, args.quick)


if __name__ == "__main__":
    sys.exit(main())
