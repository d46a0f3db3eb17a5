"""Headquarters writing the campaign's 2026 annual summary (年度总结) from three stations' bundles: the district bureau
of 南海 (the demo with its complaints, four cases of its own, three leads, an interview), its 桂城所 (two bundles, a
case in each), and 顺德's 大良所, whose one bundle was sent on 2026-11-20 (a case filed after it never reached
headquarters). The year's figures agree with a count made by hand from what the stations sent — in `stats --json`,
the statistics export, the report's text and tables (PDF and DOCX) and the 统计 page —, merging a bundle again
counts nothing twice, the report names the period 2026年1月1日至12月31日, and the stations' data are said to be as
of the day of each one's newest bundle, the November one apart, not silently mixed."""

from __future__ import annotations

import contextlib
import csv
import datetime as dt
import io
import re
import shutil
import types
from pathlib import Path

import pytest

from tests.helpers import clock_at, open_db, pdf_text, run, run_json
from workstation import records
from workstation.cli import main
from workstation.reports import report_data
from workstation.reports.document import tables
from workstation.reports.text import period_text

YEAR = ("--from", "2026-01-01", "--to", "2026-12-31")
HEAD = ("案件编号,当事人,统一社会信用代码,所属区,行业领域,案由,违法行为,立案日期,办理状态,涉案信息条数,罚款金额（元）,"
        "没收违法所得（元）\n")
#: each station's own cases (its register): number, party, place, sector, violations, filed, status, records,
#: fine and confiscation in yuan
REGISTERS = {
    "nanhai": ("440605", "南海区局", [
        "佛南市监立〔2026〕101号,佛山市南海区云岚置业顾问有限公司,,南海区,房地产租售,涉嫌未经同意发送商业性信息案,"
        "未经同意发送商业性信息,2026-01-15,已结案,1200,\"30,000\",2000",
        "佛南市监立〔2026〕102号,佛山市南海区启航教育培训中心有限公司,,南海区,教育培训,涉嫌违法收集使用个人信息案,"
        "违法收集使用个人信息,2026-06-10,已决定,300,8000,",
        "佛南市监立〔2026〕103号,佛山市南海区美居装饰工程有限公司,,南海区,装饰装修,涉嫌未经同意发送商业性信息案,"
        "未经同意发送商业性信息,2026-09-03,立案调查,50,,",
        "佛南市监立〔2026〕104号,佛山市南海区速融信息咨询有限公司,,南海区,小贷金融,涉嫌非法提供消费者个人信息案,"
        "非法提供或泄露个人信息,2026-11-18,已移送公安,6000,,"]),
    "guicheng": ("440605011", "桂城所", [
        "佛南市监立〔2026〕201号,佛山市南海区桂城优家房产中介有限公司,,桂城街道,房地产租售,涉嫌未经同意发送商业性信息案,"
        "未经同意发送商业性信息,2026-04-08,已结案,80,5000,"]),
    "daliang": ("440606005", "大良所", [
        "佛顺市监立〔2026〕301号,佛山市顺德区大良安居地产代理有限公司,,大良街道,房地产租售,涉嫌非法提供消费者个人信息案,"
        "非法提供或泄露个人信息、未经同意发送商业性信息,2026-02-20,已结案,2500,\"50,000\",\"10,000\"",
        "佛顺市监立〔2026〕302号,佛山市顺德区大良金诚贷款咨询有限公司,,大良街道,小贷金融,涉嫌非法提供消费者个人信息案,"
        "非法提供或泄露个人信息,2026-10-30,已移送公安,8000,,"]),
}
#: written after the stations' first bundles: 桂城所 sends it in a second bundle, 大良所 never sends it
LATER = {
    "guicheng": "佛南市监立〔2026〕202号,佛山市南海区桂城家和房产经纪有限公司,,桂城街道,房地产租售,"
                "涉嫌未经同意发送商业性信息案,未经同意发送商业性信息,2026-11-26,已决定,40,\"12,345.67\",",
    "daliang": "佛顺市监立〔2026〕303号,佛山市顺德区大良美家装饰有限公司,,大良街道,装饰装修,涉嫌未经同意发送商业性信息案,"
               "未经同意发送商业性信息,2026-11-25,立案调查,20,,",
}
#: each station's leads entered by hand: (source, received, decision, decided on)
LEADS = {
    "nanhai": [("12345", "2026-03-02T09:00", "not_file", "2026-03-16"), ("report", "2026-07-15T10:30", "refer",
                                                                          "2026-07-20"),
               ("inspection", "2026-10-09T15:00", None, None)],
    "guicheng": [("12315", "2026-02-11T11:00", "not_file", "2026-02-25")],
    "daliang": [("consumer_council", "2026-05-06T09:20", "not_file", "2026-05-29")],  # T1 ended 05-26: late
}
#: each station's interview: (party, day, follow-up result; none for 桂城所's, whose deadline has passed)
INTERVIEWS = {
    "nanhai": ("佛山市南海区云岚置业顾问有限公司", "2026-05-20", "已书面报送整改情况"),
    "guicheng": ("佛山市南海区桂城优家房产中介有限公司", "2026-08-12", None),
    "daliang": ("佛山市顺德区大良安居地产代理有限公司", "2026-03-18", "已整改"),
}
NOVEMBER = dt.datetime(2026, 11, 20, 10, 0, tzinfo=dt.timezone(dt.timedelta(hours=8)))

# worked out by hand: the seed campaign (CLI.md: 36 cases, 18,176 records, ¥175,600 fined and ¥13,400 confiscated,
# 31 leads, 7 interviews, 13,543 complaints of which 587 related) and the rows above — 303号 never sent
CASES = 36 + 4 + 2 + 2
RECORDS = 18176 + (1200 + 300 + 50 + 6000) + (80 + 40) + (2500 + 8000)
# 103号 (立案调查) and the transferred cases decided nothing; 102号 and 202号 (已决定) count
FINES_FEN = 17_560_000 + (3_000_000 + 800_000) + (500_000 + 1_234_567) + 5_000_000
CONFISCATED_FEN = 1_340_000 + 200_000 + 1_000_000
BY_DISTRICT = {"南海区": 9 + 4 + 2, "顺德区": 9 + 2, "禅城区": 7, "三水区": 6, "高明区": 5}


def _cli(*argv) -> str:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main([str(a) for a in argv])
    assert code == 0, (argv, out.getvalue(), err.getvalue())
    return out.getvalue()


def _cli_json(*argv) -> dict:
    import json

    return json.loads(_cli("--json", *argv))


def _register(root: Path, station: Path, name: str, rows: list[str]) -> None:
    path = root / f"{name}.csv"
    path.write_text(HEAD + "\n".join(rows) + "\n", encoding="utf-8")
    assert _cli_json("--data-dir", station, "cases", "import", path)["errors"] == []


def _work(station: Path, name: str) -> None:
    """The station's own leads (decided in the core: the command line registers and assigns only) and interview."""
    from workstation.db import open_database
    from workstation.leads_workflow import decide_lead
    from workstation.paths import database_path

    for source, received, decision, day in LEADS[name]:
        args = ["--data-dir", station, "leads", "add", "--source", source, "--received", received,
                "--description", "反映接到推销电话和短信，怀疑个人信息被泄露"]
        if source != "inspection":
            args += ["--complainant-phone", "13800001111"]
        lead = _cli_json(*args)
        if decision:
            db = open_database(database_path(station))
            decide_lead(db, lead["id"], decision, on=day, reason="经核查无违法事实" if decision == "not_file" else "",
                        referred_to="广东省通信管理局" if decision == "refer" else "")
            db.conn.close()
    party, day, result = INTERVIEWS[name]
    interview = _cli_json("--data-dir", station, "interviews", "add", "--party", party, "--date", day, "--time", "9:30",
                          "--officer", "张三:科长", "--officer", "李四", "--attendee", "王五:法定代表人",
                          "--commitments", "立即停止发送营销短信", "--summary", "约谈情况")
    if result:
        _cli_json("--data-dir", station, "interviews", "follow-up", interview["id"], "--on", "2026-11-18",
                  "--result", result)


@pytest.fixture(scope="module")
def year_template(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("hq_year")
    hq = root / "hq"
    _cli("--data-dir", hq, "init", "--plaintext", "--station-name", "佛山市局")
    _cli("--data-dir", hq, "station", "role", "headquarters")
    for name, (code, short, rows) in REGISTERS.items():
        station = root / name
        _cli("--data-dir", station, "init", "--plaintext", "--agency", code, "--station-name", short)
        _cli("--data-dir", station, "demo", *([] if name == "nanhai" else ["--without-complaints"]))
        with pytest.MonkeyPatch.context() as patch:
            if name == "daliang":  # its work and its one bundle in November
                patch.setattr(records, "dt", types.SimpleNamespace(datetime=clock_at(NOVEMBER)))
            _register(root, station, name, rows)
            _work(station, name)
            _cli("--data-dir", station, "bundle", "export", "-o", root / f"{name}-1.bundle")
    for name, row in LATER.items():
        _register(root, root / name, f"{name}-later", [row])
    _cli("--data-dir", root / "guicheng", "bundle", "export", "-o", root / "guicheng-2.bundle")
    for bundle in ("nanhai-1", "guicheng-1", "daliang-1", "guicheng-2"):
        _cli("--data-dir", hq, "bundle", "import", root / f"{bundle}.bundle", "--trust")
    return root


@pytest.fixture
def year(year_template, tmp_path) -> Path:
    """A copy of the stations and headquarters of ``year_template`` for one test."""
    for name in ("hq", *REGISTERS):
        shutil.copytree(year_template / name, tmp_path / name)
    for bundle in year_template.glob("*.bundle"):
        shutil.copy(bundle, tmp_path / bundle.name)
    return tmp_path


def _sent_case_ids(root: Path) -> set[str]:
    """The cases the stations hold, less those filed after their last bundle (大良所's 303号), read from their own
    databases."""
    found = set()
    for name in REGISTERS:
        db = open_db(root / name)
        found |= {row[0] for row in db.execute("SELECT id FROM cases WHERE case_number != '佛顺市监立〔2026〕303号'")}
        db.conn.close()
    return found


def _export_rows(capsys, hq: Path, path: Path) -> tuple[dict, dict]:
    """(header lines, {(group, item, figure): value}) of `stats export` for the year as CSV."""
    run_json(capsys, "--data-dir", hq, "stats", "export", *YEAR, "-o", path)
    with path.open(encoding="utf-8-sig", newline="") as fh:
        lines = list(csv.reader(fh))
    header = {line[0]: line[1] for line in lines[1:6] if len(line) == 2}
    values = {(line[0], line[1], line[2]): line[3] for line in lines if len(line) == 4}
    return header, values


def test_the_year_s_figures_agree_everywhere_with_a_count_made_by_hand(year, capsys, tmp_path):
    hq = year / "hq"
    db = open_db(hq)
    # every case the stations sent, and no other, is at headquarters once
    held = {row[0] for row in db.execute("SELECT id FROM cases")}
    assert held == _sent_case_ids(year) and len(held) == CASES
    stats = run_json(capsys, "--data-dir", hq, "stats", *YEAR)
    cases = stats["cases"]
    assert (cases["total"], stats["infringing_records"]) == (CASES, RECORDS)
    assert (stats["fines_fen"], stats["confiscated_fen"]) == (FINES_FEN, CONFISCATED_FEN)
    assert stats["penalties_total_fen"] == FINES_FEN + CONFISCATED_FEN == 30_634_567
    assert cases["by_district"] == BY_DISTRICT
    assert cases["by_status"] == {"closed": 26 + 3, "penalty_decided": 2 + 2, "investigating": 2 + 1, "performed": 2,
                                  "pre_notice": 2, "served": 2, "transferred_police": 2}
    assert cases["transferred_to_police"] == 2
    # 301号 confiscated ¥10,000 of illegal gains (the threshold is ¥5,000) and was not transferred
    assert cases["threshold_not_transferred"] == ["佛顺市监立〔2026〕301号"]
    assert stats["leads"]["total"] == 31 + 5
    assert stats["leads"]["by_status"] == {"filed": 14, "not_filed": 8 + 3, "referred": 6 + 1, "assigned": 3,
                                           "registered": 1}
    assert (stats["leads"]["decided"], stats["leads"]["in_time"]) == (28 + 4, 28 + 3)
    assert stats["complaints"] == {"imported": 13543, "related": 587, "in_leads": 375}
    assert stats["interviews"] == 7 + 3
    assert stats["interviews_follow_up"]["rectified"] == 4 + 2 and stats["interviews_follow_up"]["overdue"] == 1 + 1

    # the statistics export
    _header, exported = _export_rows(capsys, hq, tmp_path / "统计.csv")
    assert exported[("概况", "", "案件总数（件）")] == str(CASES)
    assert exported[("概况", "", "涉案侵权信息（条）")] == str(RECORDS)
    assert exported[("概况", "", "罚没合计（元）")] == "306345.67"
    assert exported[("概况", "", "移送公安机关（件）")] == "2"
    assert exported[("概况", "", "受理线索（条）")] == "36"
    assert exported[("概况", "", "行政约谈（次）")] == "10"

    # the report's text and tables
    data = report_data(db, "2026-01-01", "2026-12-31")
    text = "".join(data["text"])
    assert f"共查办各类侵害消费者个人信息案件{CASES}件" in text and f"涉案侵权信息{RECORDS}条" in text
    assert "罚没金额30.63万元" in text and "向公安机关移送涉嫌犯罪案件2件" in text
    assert "从辖区分布看，南海区15件、顺德区11件、禅城区7件、三水区6件、高明区5件。" in text
    assert "共受理骚扰电话、违规发送商业短信等相关线索36条" in text and "组织行政约谈10次" in text
    printed = {caption[:2]: rows for caption, _head, rows, _widths, _bold in tables(data)}
    assert printed["表1"][-1] == ("合计", CASES, "100.0%")
    assert printed["表2"][-1] == ("合计", CASES, RECORDS, "30.63")
    assert {row[0]: row[1] for row in printed["表2"][:-1]} == BY_DISTRICT
    assert printed["表3"][-1][:5] == ("全市合计", CASES, RECORDS, "30.63", 36)
    assert printed["表4"][-1] == ("合计", CASES, RECORDS, "30.63")
    db.conn.close()

    # the DOCX's tables, read back as Word shows them
    import docx

    run(capsys, "--data-dir", hq, "report", "campaign", *YEAR, "--format", "docx", "-o", tmp_path / "通报.docx")
    document = docx.Document(str(tmp_path / "通报.docx"))
    last_rows = [[cell.text for cell in table.rows[-1].cells] for table in document.tables]
    assert last_rows[1] == ["合计", str(CASES), str(RECORDS), "30.63"]
    assert last_rows[2][:5] == ["全市合计", str(CASES), str(RECORDS), "30.63", "36"]


def test_merging_the_same_bundles_again_counts_nothing_twice(year, capsys):
    hq = year / "hq"
    before = run_json(capsys, "--data-dir", hq, "stats", *YEAR)
    for bundle in ("nanhai-1", "guicheng-1", "guicheng-2", "daliang-1"):
        again = run_json(capsys, "--data-dir", hq, "bundle", "import", year / f"{bundle}.bundle")
        assert (again["new"], again["updated"], again["already_imported"]) == (0, 0, True)
    assert run_json(capsys, "--data-dir", hq, "stats", *YEAR) == before
    assert before["cases"]["total"] == CASES  # 桂城所's two bundles: 201号 and 202号 once each


def test_the_year_s_report_names_its_period_as_an_officer_writes_it(year, capsys, tmp_path, monkeypatch):
    assert period_text("2026-01-01", "2026-12-31", "2027-01-05") == "2026年1月1日至12月31日"
    assert period_text("2026-12-01", "2027-01-31", "2027-02-01") == "2026年12月1日至2027年1月31日"
    # a year not ended is stated up to the day of the report (its progress so far)
    assert period_text("2026-01-01", "2026-12-31", "2026-12-02") == "2026年1月1日至12月2日"
    monkeypatch.setattr("workstation.reports.data.now", lambda: "2027-01-05T10:00:00+08:00")  # the year ended
    run(capsys, "--data-dir", year / "hq", "report", "campaign", *YEAR, "-o", tmp_path / "通报.pdf")
    text = re.sub(r"\s+", "", pdf_text((tmp_path / "通报.pdf").read_bytes()))
    assert "2026年1月1日至12月31日，全市各级市场监管部门" in text and "至2026年12月31日" not in text
    # no English and no raw codes (sector keys, statuses) in what the officer signs
    assert not re.search(r"[A-Za-z]", text)


def test_a_station_whose_bundle_is_older_is_said_to_be_as_of_its_day(year, capsys, tmp_path):
    hq = year / "hq"
    stats = run_json(capsys, "--data-dir", hq, "stats", *YEAR)
    # the oldest first: 大良所's November bundle, then 南海区局's and 桂城所's (its second bundle), sent today
    assert [(s["station"], s["agency_code"]) for s in stats["stations"]] == [
        ("大良所", "440606005"), ("南海区局", "440605"), ("桂城所", "440605011")]
    assert stats["stations"][0]["as_of"][:10] == "2026-11-20"
    today = stats["stations"][-1]["as_of"][:10]
    assert today > "2026-11-20" and {s["as_of"][:10] for s in stats["stations"][1:]} == {today}
    # a district's figures name its own stations only
    nanhai = run_json(capsys, "--data-dir", hq, "stats", *YEAR, "--agency", "440605")
    assert [s["station"] for s in nanhai["stations"]] == ["南海区局", "桂城所"]
    # the command line says it under the figures
    _code, out, _err = run(capsys, "--data-dir", hq, "stats", *YEAR)
    assert f"大良所 2026-11-20；南海区局、桂城所 {today}" in out
    # the export's header
    header, _values = _export_rows(capsys, hq, tmp_path / "统计.csv")
    assert header["站点数据截至"] == f"大良所 2026-11-20；南海区局、桂城所 {today}"
    # the report, PDF and DOCX: before 特此通报
    day = f"{int(today[:4])}年{int(today[5:7])}月{int(today[8:])}日"
    note = f"（本通报汇总各站点报送的数据：大良所截至2026年11月20日，南海区局、桂城所截至{day}。）"
    run(capsys, "--data-dir", hq, "report", "campaign", *YEAR, "-o", tmp_path / "通报.pdf")
    # the page numbers (—2—) left out: the note may run from one page to the next
    printed = re.sub(r"—\d+—", "", re.sub(r"\s+", "", pdf_text((tmp_path / "通报.pdf").read_bytes())))
    assert note in printed and printed.index(note) < printed.index("特此通报。")
    import docx

    run(capsys, "--data-dir", hq, "report", "campaign", *YEAR, "--format", "docx", "-o", tmp_path / "通报.docx")
    paragraphs = [p.text for p in docx.Document(str(tmp_path / "通报.docx")).paragraphs]
    assert paragraphs[paragraphs.index("特此通报。") - 1] == note


def test_a_station_s_own_report_says_nothing_of_stations(year, capsys):
    # the 南海 laptop merged no station's bundle: its figures are its own, with no such note
    stats = run_json(capsys, "--data-dir", year / "nanhai", "stats", *YEAR)
    assert stats["stations"] == []
    db = open_db(year / "nanhai")
    assert report_data(db, "2026-01-01", "2026-12-31")["stations_note"] == ""
    db.conn.close()


@pytest.mark.gui
def test_the_dashboard_shows_the_year_s_figures_and_each_station_s_day(year, capsys, qtbot, prompts):
    from PySide6.QtCore import QDate
    from PySide6.QtWidgets import QLabel

    from ui.main_window import MainWindow
    from ui.task_runner import ImmediateRunner

    hq = year / "hq"
    stats = run_json(capsys, "--data-dir", hq, "stats", *YEAR)
    window = MainWindow(db=open_db(hq), data_dir=hq, runner=ImmediateRunner(), prompts=prompts)
    qtbot.addWidget(window)
    window.navigation.setCurrentRow(4)
    page = window.stats_page
    page.date_from.setDate(QDate(2026, 1, 1))
    page.date_to.setDate(QDate(2026, 12, 31))
    page.whole.setChecked(False)
    page.refresh()
    qtbot.waitUntil(lambda: page.period()[:2] == ("2026-01-01", "2026-12-31")
                    and page.findChild(QLabel, "figure_cases").text() == str(CASES))
    assert page.findChild(QLabel, "figure_records").text() == f"{RECORDS:,}"
    assert page.findChild(QLabel, "figure_penalties").text() == "30.63万元"
    assert page.findChild(QLabel, "figure_interviews").text() == "10"
    shown = dict(page.overview.charts["district"].shown())
    assert shown == {district: float(count) for district, count in BY_DISTRICT.items()}
    today = stats["stations"][-1]["as_of"][:10]
    stations = page.findChild(QLabel, "stats_stations")
    assert stations.isVisibleTo(page) and "大良所 2026-11-20" in stations.text()
    assert stations.text().endswith(f"南海区局、桂城所 {today}")
