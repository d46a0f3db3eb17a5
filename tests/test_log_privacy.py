"""A full scenario through the command line and the core in a temporary data directory — init, demo, a case
register, complaint exports, screening, an issued document, evidence, a bundle, a refused command and a failing
one whose error carries personal data — then every file under <data>/logs is searched for the personal data
that went in: none may be there."""

import csv
import json
import logging
import re
import sys
from pathlib import Path

import pytest

from tests.test_register_import import GOOD, register_rows
from workstation.cli import main

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))
import make_complaints  # noqa: E402

CASE = "佛南市监立〔2026〕1号"
OPEN_CASE = "佛南市监立〔2026〕9号"  # under investigation: its evidence register still changes
MOBILE = re.compile(r"(?<!\d)1[3-9]\d{9}(?!\d)")
ID_NUMBER = re.compile(r"(?<![0-9])\d{17}[\dXx](?![0-9A-Za-z])")
CJK = re.compile(r"[\u4e00-\u9fff]")


def cli(capsys, data_dir, *argv) -> tuple[int, str]:
    code = main(["--data-dir", str(data_dir), *map(str, argv)])
    return code, capsys.readouterr().err


def write_csv(path: Path, rows) -> Path:
    with path.open("w", encoding="utf-8-sig", newline="") as fh:
        csv.writer(fh).writerows(rows)
    return path


def strings_of(value) -> list[str]:
    if isinstance(value, dict):
        return [s for v in value.values() for s in strings_of(v)]
    if isinstance(value, list):
        return [s for v in value for s in strings_of(v)]
    return [value] if isinstance(value, str) else []


def personal_data(data_dir: Path, inputs: list[str]) -> set[str]:
    """The personal data of the inputs and of the database: names, numbers, addresses and free text."""
    from workstation.db import open_database
    from workstation.paths import database_path

    db = open_database(database_path(data_dir))
    try:
        found = set(inputs)
        queries = ("SELECT name, id_number, phone, legal_rep, address FROM parties",
                   "SELECT complainant_phone, text, target_name, address FROM complaints",
                   "SELECT phones, target_phone, description, target_name, businesses FROM leads",
                   "SELECT name FROM officers", "SELECT facts FROM cases",
                   "SELECT file_name, source, description FROM evidence")
        for query in queries:
            for row in db.execute(query):
                found.update(v for v in row if v)
        for (raw,) in db.execute("SELECT raw FROM complaints"):
            found.update(strings_of(json.loads(raw)))
        for (phones,) in db.execute("SELECT phones FROM leads WHERE phones != ''"):
            found.update(phones.split())
    finally:
        db.conn.close()
    # a value this short or a bare date/time/count is no personal datum (and would match innocent text)
    return {v for v in found if len(v) >= 2 and not re.fullmatch(r"[\d\s:\-+T.,]{1,10}", v)}


def test_no_log_file_holds_personal_data_after_a_full_scenario(tmp_path, capsys, monkeypatch):
    data = tmp_path / "data"
    inputs: list[str] = []
    assert cli(capsys, data, "init", "--agency", "440605", "--station-name", "南海区局")[0] == 0
    assert cli(capsys, data, "demo")[0] == 0

    register = write_csv(tmp_path / "台账.csv", register_rows())
    inputs += [value for row in GOOD for value in (row[1], row[2])]
    code, err = cli(capsys, data, "cases", "import", register)
    assert code == 0, err

    hotline = make_complaints.write_hotline_xlsx(tmp_path / "hotline.xlsx", 80)
    council = make_complaints.write_council_csv(tmp_path / "council.csv", 80)
    for answers in (hotline, council):
        for complaint in answers.complaints.values():
            inputs += [complaint["complainant_phone"], complaint["text"], *complaint["phones"]]
            inputs += [complaint["business"]] if complaint["business"] else []
    code, err = cli(capsys, data, "complaints", "import", tmp_path / "hotline.xlsx", tmp_path / "council.csv")
    assert code == 0, err
    assert cli(capsys, data, "leads", "screen")[0] == 0

    assert cli(capsys, data, "docs", "issue", CASE, "--form", "filing_approval", "-o", tmp_path / "立案.pdf")[0] == 0
    customers = [("姓名", "手机号码", "身份证号码"), ("谭启明", "13237714724", "440602199001011234"),
                 ("麦建华", "15308394407", "44060219850612345X")]
    inputs += [value for row in customers[1:] for value in row]
    sheet = write_csv(tmp_path / "客户名单13237714724.csv", customers)
    code, err = cli(capsys, data, "evidence", "add", OPEN_CASE, sheet, "--kind", "customer_list", "--source",
                    "当事人电脑，联系人13237714724", "--description", "客户名单，含身份证号码440602199001011234")
    assert code == 0, err
    assert cli(capsys, data, "bundle", "export", "--all", "-o", tmp_path / "all.bundle")[0] == 0

    # refused: a register row naming a person, her ID number and phone, in an unknown district
    bad = write_csv(tmp_path / "bad.csv", register_rows([["佛南市监立〔2026〕999号", "欧阳淑芬", "440602199001011234",
                                                          "火星区", "其他", "欧阳淑芬13800138000涉嫌案", "非法提供或泄露个人信息",
                                                          "2026-03-02", "已结案", "1", "", ""]], total=False))
    inputs += ["欧阳淑芬", "13800138000", "欧阳淑芬13800138000涉嫌案"]
    code, err = cli(capsys, data, "cases", "import", bad)
    assert code == 1 and "bad.csv" in err

    # failing: an unexpected error whose message carries personal data is logged with its traceback
    def broken(*_args, **_kwargs):
        raise RuntimeError("当事人欧阳淑芬 电话13800138000 身份证440602199001011234 0757-85836433")

    monkeypatch.setattr("workstation.stats.campaign_stats", broken)
    code, err = cli(capsys, data, "stats")
    assert code == 1 and "Traceback" not in err
    logging.getLogger("workstation.test").info("direct: %s %s", "欧阳淑芬", "13800138000")

    logs = sorted(p for p in (data / "logs").rglob("*") if p.is_file())
    assert logs
    text = "\n".join(p.read_text(encoding="utf-8", errors="replace") for p in logs)
    # the scan reads real records: the refusal, the failure with its traceback, the fonts, the direct line
    assert any(f"command refused: cases {name}" in text for name in ("WorkstationError", "ImportRefused", "RegisterRefused"))
    assert "command failed: stats" in text and "RuntimeError" in text and "Traceback" in text
    assert "direct: [zh:4] 138****8000" in text
    personal = personal_data(data, [v for v in inputs if v])
    assert len(personal) > 300
    assert sorted(value for value in personal if value in text) == []
    assert MOBILE.findall(text) == []
    assert ID_NUMBER.findall(text) == []
    assert CJK.findall(text) == []


@pytest.fixture(autouse=True)
def _close_log_handlers():
    """The data directory's log handler is closed after the test (another test sets up its own)."""
    yield
    import logging.handlers

    from workstation.log import LOGGER

    for handler in [h for h in LOGGER.handlers if isinstance(h, logging.handlers.RotatingFileHandler)]:
        LOGGER.removeHandler(handler)
        handler.close()
