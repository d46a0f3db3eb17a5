"""A month of publicity at the 南海区局 station, as its officers keep it for the campaign: a talk in a community, a
flyer handout at a mall, an SMS campaign through the operators and an activity of the town office 桂城所 are
recorded, one corrected and a mistaken copy deleted; their figures agree with a count made by hand on the command
line, in the statistics, the report and its workbook, the statistics export and at headquarters after a bundle,
each activity in the period of its day, the office's under its bureau. The edge cases an officer meets: people
written in 万, a count too big for one activity, and the names the 统计 page gives the figures."""

import csv
import io
from dataclasses import replace

import openpyxl

from PySide6.QtCore import QDate
from PySide6.QtWidgets import QLabel

from tests.helpers import open_db, run, run_json, send_bundle
from ui.dashboard import DashboardPage
from ui.publicity_dialog import PublicityDialog
from ui.task_runner import ImmediateRunner
from workstation.records import Publicity
from workstation.store import agency_id_for_code, delete_publicity, list_publicity, save_publicity

NANHAI, GUICHENG = "440605", "440605011"
FEBRUARY = ("--from", "2026-02-01", "--to", "2026-02-28")
#: February 2026 at 南海区局 as an officer counts it by hand: the talk (300 flyers, 120 people), the mall (2,800
#: flyers once corrected, 800 people), the operators' SMS (1,620,000) and 桂城所's visit (150 flyers, 60 people)
BY_HAND = {"campaigns": 4, "flyers": 3250, "sms": 1_620_000, "participants": 980}
GUICHENG_BY_HAND = {"campaigns": 1, "flyers": 150, "sms": 0, "participants": 60}


def add(capsys, station, day, title, kind, *figures, agency=None) -> dict:
    """``publicity add`` at ``station`` as the officer types it; the recorded activity."""
    return run_json(capsys, "--data-dir", station, "publicity", "add", "--date", day, "--title", title, "--kind",
                    kind, *(("--agency", agency) if agency else ()), *figures)


def month_of_publicity(capsys, station) -> None:
    """The activities of the walk: February's four, one on the last day of January and one on the first of March,
    the mall's flyers corrected from 2,500 to 2,800 and a copy of the talk typed twice deleted."""
    add(capsys, station, "2026-01-31", "迎春个人信息保护宣传", "street", "--flyers", "100")
    add(capsys, station, "2026-02-01", "个人信息保护进社区宣讲", "community", "--flyers", "300", "--participants", "120")
    # typed twice, the second time said to be another activity (refused otherwise, as the window asks first)
    twice = add(capsys, station, "2026-02-01", "个人信息保护进社区宣讲", "community", "--flyers", "300",
                "--allow-duplicate")
    mall = add(capsys, station, "2026-02-08", "商场派发宣传资料", "street", "--flyers", "2,500", "--participants",
               "800")
    add(capsys, station, "2026-02-15", "联合三大运营商发送提示短信", "sms", "--sms", "1,620,000")
    add(capsys, station, "2026-02-28", "桂城所进企业宣传", "enterprise", "--flyers", "150", "--participants", "60",
        agency=GUICHENG)
    add(capsys, station, "2026-03-01", "三月首日网络宣传", "online", "--participants", "5000")
    db = open_db(station)  # the log's 编辑 and 删除, as the 宣传活动 tab does them
    item = next(p for p in list_publicity(db) if p.id == mall["id"])
    save_publicity(db, replace(item, flyers="2,800"))
    delete_publicity(db, twice["id"])
    db.conn.close()


def publicity(capsys, data_dir, *options) -> dict:
    return run_json(capsys, "--data-dir", data_dir, "stats", *options)["publicity"]


def test_a_month_of_publicity_agrees_everywhere_and_at_headquarters(station_and_hq_dirs, capsys, chinese):
    station, hq = station_and_hq_dirs / "station", station_and_hq_dirs / "hq"
    month_of_publicity(capsys, station)
    # statistics: the bureau with its office, the office alone, and each activity in the period of its own day
    assert publicity(capsys, station, "--agency", NANHAI, *FEBRUARY) == BY_HAND
    assert publicity(capsys, station, "--agency", GUICHENG, *FEBRUARY) == GUICHENG_BY_HAND
    assert publicity(capsys, station, "--agency", NANHAI, "--from", "2026-01-01", "--to", "2026-01-31") == \
        {"campaigns": 1, "flyers": 100, "sms": 0, "participants": 0}
    assert publicity(capsys, station, "--agency", NANHAI, "--from", "2026-03-01", "--to", "2026-03-01") == \
        {"campaigns": 1, "flyers": 0, "sms": 0, "participants": 5000}
    # the report's workbook: 概况, its text and 各局明细 (the office's row under its bureau's, the district total)
    book = station_and_hq_dirs / "通报.xlsx"
    run_json(capsys, "--data-dir", station, "report", "campaign", "--format", "xlsx", "-o", book, *FEBRUARY)
    sheets = openpyxl.load_workbook(book)
    summary = {row[0]: row[1] for row in sheets["概况"].iter_rows(values_only=True) if row[0]}
    assert [summary[name] for name in ("宣传活动（场）", "宣传资料（份）", "提示短信（条）", "参与人数（人）")] == \
        [4, 3250, 1_620_000, 980]
    text = [row[1] for row in sheets["概况"].iter_rows(values_only=True) if row[0] is None and row[1]]
    assert "开展宣传活动4场，发放宣传资料3250份，发送提示短信162万条，参与人数980人。" in text
    units = {row[1]: row[-2:] for row in sheets["各局明细"].iter_rows(min_row=2, values_only=True)}
    assert units["佛山市南海区市场监督管理局桂城市场监督管理所"] == (1, 60)
    assert units["佛山市南海区市场监督管理局"] == (3, 920) and units["南海区合计"] == (4, 980)
    # the statistics export of the same filter
    export = station_and_hq_dirs / "统计.csv"
    run_json(capsys, "--data-dir", station, "stats", "export", "-o", export, "--agency", NANHAI, *FEBRUARY)
    rows = list(csv.reader(io.StringIO(export.read_text(encoding="utf-8-sig"))))
    figures = {row[2]: row[3] for row in rows if len(row) == 4 and row[0] == "概况"}
    assert [figures[name] for name in ("宣传活动（场）", "宣传资料（份）", "提示短信（条）", "参与人数（人）")] == \
        ["4", "3250", "1620000", "980"]
    # headquarters after the bundle: the same figures, the deleted copy gone, the correction taken
    send_bundle(capsys, station_and_hq_dirs, "南海.bundle")
    assert publicity(capsys, hq, "--agency", NANHAI, *FEBRUARY) == BY_HAND
    assert publicity(capsys, hq, "--agency", GUICHENG, *FEBRUARY) == GUICHENG_BY_HAND
    listed = run_json(capsys, "--data-dir", hq, "publicity", "list", "--agency", NANHAI, *FEBRUARY)
    assert sorted((r["held_on"], r["flyers"]) for r in listed) == \
        [("2026-02-01", 300), ("2026-02-08", 2800), ("2026-02-15", 0), ("2026-02-28", 150)]


def test_the_list_totals_name_the_figures_as_the_log_does(station_and_hq_dirs, capsys, chinese):
    station = station_and_hq_dirs / "station"
    month_of_publicity(capsys, station)
    code, out, err = run(capsys, "--data-dir", station, "publicity", "list", "--agency", NANHAI, *FEBRUARY)
    assert code == 0, err
    # as the 宣传活动 tab's totals say it (it said 宣传单 2960 份，短信 … 条，参与 … 人次)
    assert out.splitlines()[-1] == "合计：宣传活动4场，宣传资料 3,250 份，提示短信 1,620,000 条，参与人数 980 人。"


def test_people_written_in_wan_are_recorded_in_full(cli_station, tmp_path, capsys, db, prompts, qtbot):
    station = cli_station(tmp_path / "station", ["init", "--agency", NANHAI])
    recorded = add(capsys, station, "2026-02-15", "广场宣传", "street", "--participants", "1.2万")
    assert recorded["participants"] == 12_000
    listed = run_json(capsys, "--data-dir", station, "publicity", "list", *FEBRUARY)
    assert [r["participants"] for r in listed] == [12_000]
    # not a whole number of people: refused, naming the option, nothing recorded
    code, _out, err = run(capsys, "--data-dir", station, "publicity", "add", "--date", "2026-02-16", "--title", "再宣传",
                          "--participants", "1.23456万")
    assert code == 1 and err.startswith("错误：--participants：1.23456万") and len(err.strip().splitlines()) == 1
    assert len(run_json(capsys, "--data-dir", station, "publicity", "list")) == 1
    # in the window's editor: no error under the field, and the activity is stored with 30,000 people
    dialog = PublicityDialog(db, prompts)
    qtbot.addWidget(dialog)
    dialog.agency.setCurrentIndex(dialog.agency.findData(agency_id_for_code(NANHAI)))  # none set, none signed in
    dialog.texts["held_on"].setText("2026-02-20")
    dialog.texts["title"].setText("进社区宣传")
    dialog.texts["participants"].setText("3万")
    assert dialog.validate() == {}
    dialog.save()
    assert dialog.saved_publicity.participants == 30_000
    assert [p.participants for p in list_publicity(db)] == [30_000]


def test_a_count_too_big_for_one_activity_is_refused_and_nothing_recorded(cli_station, tmp_path, capsys, db, prompts,
                                                                         qtbot, chinese):
    station = cli_station(tmp_path / "station", ["init", "--agency", NANHAI])
    add(capsys, station, "2026-02-15", "联合三大运营商发送提示短信", "sms", "--sms", "999,999,999")  # the most taken
    code, _out, err = run(capsys, "--data-dir", station, "publicity", "add", "--date", "2026-02-16", "--title",
                          "短信提醒", "--kind", "sms", "--sms", "999999999999999")
    assert code == 1 and len(err.strip().splitlines()) == 1
    assert err.startswith("错误：--sms：999999999999999") and "999,999,999" in err
    assert publicity(capsys, station, *FEBRUARY) == {"campaigns": 1, "flyers": 0, "sms": 999_999_999,
                                                     "participants": 0}
    dialog = PublicityDialog(db, prompts)  # the editor says it under the field and keeps Save disabled
    qtbot.addWidget(dialog)
    dialog.agency.setCurrentIndex(dialog.agency.findData(agency_id_for_code(NANHAI)))  # none set, none signed in
    dialog.texts["title"].setText("短信提醒")
    dialog.texts["sms"].setText("1,000,000,000")
    assert set(dialog.validate()) == {"sms"} and "1,000,000,000" in dialog.errors["sms"].text()
    assert not dialog.buttons.button(dialog.buttons.StandardButton.Save).isEnabled()


def test_the_statistics_page_names_the_sms_and_people_as_the_log_does(db, data_dir, prompts, qtbot, monkeypatch,
                                                                      chinese):
    monkeypatch.setattr("ui.dashboard.today", lambda: "2026-03-10")
    monkeypatch.setattr("workstation.stats.today", lambda: "2026-03-10")
    for agency, day, sms, people in ((NANHAI, "2026-02-15", 1_620_000, 0), (GUICHENG, "2026-02-28", 0, 60),
                                     (NANHAI, "2026-03-01", 0, 5000)):
        save_publicity(db, Publicity(agency_id=agency_id_for_code(agency), held_on=day, title=f"宣传{day}",
                                     kind="community", sms=sms, participants=people))
    page = DashboardPage(db, data_dir, prompts, ImmediateRunner())
    qtbot.addWidget(page)
    page.whole.setChecked(False)
    page.date_from.setDate(QDate(2026, 2, 1))
    page.date_to.setDate(QDate(2026, 2, 28))
    page.agency.setCurrentIndex(page.agency.findData(agency_id_for_code(NANHAI)))
    page.refresh()

    def card(key: str) -> list[str]:
        value = page.findChild(QLabel, f"figure_{key}")
        return [label.text() for label in value.parentWidget().findChildren(QLabel)][:2]

    # the cards said 宣传短信条数 and 宣传参与人数; the log, the report and the export say 提示短信（条）, 参与人数（人）
    assert card("sms") == ["1,620,000", "提示短信（条）"]
    assert card("participants") == ["60", "参与人数（人）"]
    assert card("publicity") == ["2", "宣传活动"]
    assert page.publicity.totals.text() == "合计：宣传活动2场，宣传资料 0 份，提示短信 1,620,000 条，参与人数 60 人。"

