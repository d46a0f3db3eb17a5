"""Benchmark data: N rows of a case register (台账) in the format of ../shared/CLI.md, written as CSV (UTF-8 with
BOM) and .xlsx, and a database of N cases built by the real importer.

The rows look like a district bureau's export: a title row, then the header 案件编号 当事人 统一社会信用代码 所属区
行业领域 案由 违法行为 立案日期 办理状态 涉案信息条数 罚款金额（元） 没收违法所得（元）; valid USCCs (GB 32100 check
character, with a valid GB 11714 organisation code inside), the five Foshan districts, sectors and statuses by
their Chinese labels, dates from 2026-01-01 to 2026-11-26 in the usual spellings (filing dates still to come are refused), amounts with thousands separators. Deterministic
for a given N and seed.

    python bench/make_data.py --rows 1000 --out /tmp/reg      # writes register.csv and register.xlsx
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import random
import sys
import tomllib
from dataclasses import dataclass
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent))
import benchlib  # noqa: E402  (puts the project root on sys.path)

TITLE = "佛山市个人信息保护专项行动案件台账（基准测试数据）"
HEADER = ["案件编号", "当事人", "统一社会信用代码", "所属区", "行业领域", "案由", "违法行为", "立案日期", "办理状态",
          "涉案信息条数", "罚款金额（元）", "没收违法所得（元）"]
DISTRICTS = ["禅城区", "南海区", "顺德区", "高明区", "三水区"]
STATUSES = ["立案调查", "已告知", "已决定", "已结案", "已移送公安"]
STATUS_WEIGHTS = [30, 15, 20, 30, 5]
SECTORS = ["房地产租售", "教育培训", "装饰装修", "小贷金融", "其他"]
SECTOR_WEIGHTS = [40, 20, 15, 15, 10]
VIOLATIONS = ["未经同意发送商业性信息", "非法提供或泄露个人信息", "违法收集使用个人信息"]
# industry words of party names by sector (company, individual business)
INDUSTRY = {
    "房地产租售": (["置业", "地产", "房产中介", "物业代理"], ["房产中介部", "地产代理店"]),
    "教育培训": (["教育科技", "培训中心", "文化传播", "教育咨询"], ["培训部", "补习社"]),
    "装饰装修": (["装饰工程", "建筑装饰", "家居设计", "装修工程"], ["装饰店", "装修部"]),
    "小贷金融": (["小额贷款", "融资担保", "金融信息服务", "投资咨询"], ["信息咨询部", "财务咨询店"]),
    "其他": (["信息技术", "电子商务", "健康管理", "汽车销售"], ["商行", "经营部"]),
}
BRAND_A = list("鸿嘉华信德盛安泰广恒瑞福丰兴宏达永金汇荣佳和创新锦辉祥康美天宇豪景博伟凯顺富")
BRAND_B = list("运业源润通成联泰邦发朗晟宁海星誉家辰峰聚汇鑫悦鼎利远禾雅诚立安")
# GB 11714 organisation code and GB 32100 USCC alphabets
_ORG_WEIGHTS = (3, 7, 9, 10, 5, 8, 4, 2)
USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_USCC_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
DISTRICT_CODES = {"禅城区": "440604", "南海区": "440605", "顺德区": "440606", "三水区": "440607", "高明区": "440608"}


def org_code(body8: str) -> str:
    """The 9-character organisation code (GB 11714) of an 8-digit body, check character included."""
    total = sum(int(c) * w for c, w in zip(body8, _ORG_WEIGHTS, strict=True))
    check = 11 - total % 11
    return body8 + ("X" if check == 10 else "0" if check == 11 else str(check))


def uscc_check(first17: str) -> str:
    """The GB 32100-2015 check character (mod 31) of the first 17 characters of a USCC."""
    total = sum(USCC_ALPHABET.index(c) * w for c, w in zip(first17, _USCC_WEIGHTS, strict=True))
    return USCC_ALPHABET[(31 - total % 31) % 31]


def make_uscc(kind: str, region: str, serial: int) -> str:
    """A valid USCC: registration authority 9 (market regulation), kind '1' company or '2' individual business."""
    first17 = "9" + kind + region + org_code(f"{serial % 100_000_000:08d}")
    return first17 + uscc_check(first17)


def doc_abbrevs() -> dict[str, str]:
    """{district: 文号 abbreviation} of the district bureaus, from the shipped agency list."""
    with (benchlib.ROOT / "resources" / "reference" / "agencies.toml").open("rb") as fh:
        entries = tomllib.load(fh)["agency"]
    return {e["district"]: e["doc_abbrev"] for e in entries if e["level"] == "district"}


@dataclass(frozen=True)
class Party:
    name: str
    uscc: str
    district: str
    sector: str
    brand: str
    industry: str


def _party(k: int, rng: random.Random) -> Party:
    district = DISTRICTS[k % len(DISTRICTS)]
    sector = rng.choices(SECTORS, SECTOR_WEIGHTS)[0]
    brand = BRAND_A[k % len(BRAND_A)] + BRAND_B[(k // len(BRAND_A)) % len(BRAND_B)]
    individual = k % 7 == 3
    words = INDUSTRY[sector][1 if individual else 0]
    industry = words[(k // 11) % len(words)]
    if individual:
        name = f"佛山市{district}{brand}{industry}"
    else:
        name = f"佛山市{district}{brand}{industry}有限公司" if k % 5 else f"佛山{brand}{industry}有限公司"
    uscc = make_uscc("2" if individual else "1", DISTRICT_CODES[district], 10_000_000 + k * 37)
    return Party(name, uscc, district, sector, brand, industry)


def _date_text(day: dt.date, i: int) -> str:
    if i % 25 == 7:
        return f"{day.year}年{day.month}月{day.day}日"
    if i % 10 == 3:
        return f"{day.year}/{day.month}/{day.day}"
    return day.isoformat()


def _amount_text(yuan: float, i: int) -> str:
    if yuan == 0:
        return "" if i % 2 else "0"
    return f"{yuan:,.2f}" if i % 3 else f"{yuan:,.0f}" if yuan == int(yuan) else f"{yuan:,.2f}"


def register_rows(n: int, seed: int = 2026) -> list[list]:
    """N register rows (without title and header) as lists of cell values in HEADER order. Cells are text
    except the date, which is a datetime.date (the writers spell it), and the amounts, which are floats."""
    rng = random.Random(seed)
    abbrevs = doc_abbrevs()
    pool = [_party(k, rng) for k in range(max(1, n * 7 // 10))]  # some parties have several cases
    sequence = dict.fromkeys(DISTRICTS, 0)
    start = dt.date(2026, 1, 1)
    rows = []
    for i in range(n):
        party = pool[(i * 7919) % len(pool)]
        sequence[party.district] += 1
        number = f"{abbrevs[party.district]}立〔2026〕{sequence[party.district]}号"
        status = rng.choices(STATUSES, STATUS_WEIGHTS)[0]
        kinds = rng.sample(VIOLATIONS, 1 if rng.random() < 0.7 else 2)
        cause = f"{party.name}涉嫌{kinds[0]}案"
        records = int(rng.paretovariate(1.2) * 50)
        fine = confiscated = 0.0
        if status in ("已决定", "已结案"):
            fine = float(rng.choice((5_000, 10_000, 20_000, 30_000, 50_000, 100_000, 200_000)))
            if rng.random() < 0.3:
                confiscated = round(rng.uniform(100, 50_000), 2)
        rows.append([number, party.name, party.uscc, party.district, party.sector, cause, "、".join(kinds),
                     start + dt.timedelta(days=rng.randrange(330)), status, records, fine, confiscated])
    return rows


def _text_row(row: list, i: int) -> list[str]:
    out = list(row)
    out[7] = _date_text(row[7], i)
    out[9] = f"{row[9]:,}"
    out[10] = _amount_text(row[10], i)
    out[11] = _amount_text(row[11], i)
    return out


def write_csv(path: str | Path, n: int, seed: int = 2026, rows: list[list] | None = None) -> Path:
    """The register as CSV in UTF-8 with BOM (what Excel/WPS write): title row, header, N data rows."""
    path = Path(path)
    rows = register_rows(n, seed) if rows is None else rows
    with path.open("w", encoding="utf-8-sig", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow([TITLE] + [""] * (len(HEADER) - 1))
        writer.writerow(HEADER)
        writer.writerows(_text_row(row, i) for i, row in enumerate(rows))
    return path


def write_xlsx(path: str | Path, n: int, seed: int = 2026, rows: list[list] | None = None) -> Path:
    """The register as .xlsx (openpyxl write_only): title row, header, N data rows with real dates and
    numbers (amounts as numbers, as a spreadsheet holds them)."""
    from openpyxl import Workbook

    path = Path(path)
    rows = register_rows(n, seed) if rows is None else rows
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("台账")
    sheet.append([TITLE])
    sheet.append(HEADER)
    for row in rows:
        sheet.append(row)
    workbook.save(path)
    return path


def search_terms(n: int, seed: int = 2026) -> tuple[str, str]:
    """A 3+ character and a 2 character party-name fragment present in the data (brand + industry word, and
    the brand alone) for the search scenarios."""
    rng = random.Random(seed)
    party = _party(0, rng)
    return party.brand + party.industry[:2], party.brand


def build_database(n: int, data_dir: str | Path, seed: int = 2026) -> Path:
    """A data directory holding a database of N cases, made fast by running the real importer on a generated
    CSV after ``ensure_reference_data``; returns the database path."""
    from workstation.db import open_database
    from workstation.importing.register import import_register
    from workstation.paths import database_path
    from workstation.store import ensure_reference_data

    data_dir = Path(data_dir)
    data_dir.mkdir(parents=True, exist_ok=True)
    csv_path = write_csv(data_dir.parent / f"{data_dir.name}-register.csv", n, seed)
    path = database_path(data_dir)
    db = open_database(path)
    try:
        ensure_reference_data(db)
        result = import_register(db, csv_path)
        if result.imported != n:
            raise RuntimeError(f"importer took {result.imported} of {n} rows: {result.errors[:3]}")
        db.execute("PRAGMA optimize")
    finally:
        db.conn.close()
    csv_path.unlink()
    return path


def self_check(n: int = 2000) -> None:
    """Our check characters agree with python-stdnum."""
    from stdnum.cn import uscc

    for row in register_rows(n):
        uscc.validate(row[2])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rows", type=int, default=1000)
    parser.add_argument("--out", type=Path, required=True, help="folder to write register.csv and register.xlsx")
    args = parser.parse_args()
    self_check(min(args.rows, 2000))
    args.out.mkdir(parents=True, exist_ok=True)
    rows = register_rows(args.rows)
    print(write_csv(args.out / "register.csv", args.rows, rows=rows))
    print(write_xlsx(args.out / "register.xlsx", args.rows, rows=rows))
    return 0


if __name__ == "__main__":
    sys.exit(main())
