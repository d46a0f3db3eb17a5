"""The publicity figures where an analyst looks for them: the 统计 page's 各局考评 tab counts each unit's 参与人数（人）
after its 宣传活动（场） and lists the units of the agency chosen, as the statistics export's 各局考评 does; ``stats``
says the publicity figures in its text as its JSON has them; an activity dated after today (a bundle from a station
whose clock was ahead) is listed in the log, marked, and left out of its totals as the statistics leave it out; and
``publicity add --help`` names the figures as the log does."""

import csv
import datetime as dt
import io
from pathlib import Path

import pytest

from PySide6.QtCore import QDate, Qt

from tests.helpers import open_db, run, run_json
from ui.dashboard import DashboardPage
from ui.publicity_page import PublicityTab
from ui.task_runner import ImmediateRunner
from workstation.records import Publicity, today
from workstation.stats_export import statistics_rows
from workstation.store import agency_id_for_code, list_publicity, publicity_totals, save_publicity
from workstation.store.publicity import COUNT_FIELDS, publicity_csv, shown_figure_name

NANHAI, GUICHENG, SHUNDE = "440605", "440605011", "440606"
FEBRUARY = ("2026-02-01", "2026-02-28")
#: the Chinese of the new messages, as the catalogue has them (set here too, so that these tests read the Chinese
#: before the catalogue is compiled again)
NEW_CHINESE = {
    "Participants (people)": "参与人数（人）",
    "Publicity: {campaigns} activities; {figures}.": "宣传活动{campaigns}场，{figures}。",
    "{date} (after today)": "{date}（日期在今天之后）",
    "Listed but not counted: activities dated after today ({today}), {count}; they count from their day on, as in "
    "the statistics.": "另有{count}场活动日期在今天（{today}）之后，已列出，未计入合计；与统计一致，自其当天起计入。",
}


@pytest.fixture
def in_chinese(chinese, monkeypatch):
    """Messages in Chinese, the new ones included."""
    from workstation import i18n

    for message, text in NEW_CHINESE.items():
        monkeypatch.setitem(i18n._catalogue, message, text)


def record(db, code: str, day: str, title: str, *, flyers=0, sms=0, participants=0) -> Publicity:
    return save_publicity(
        db,
        Publicity(
            agency_id=agency_id_for_code(code),
            held_on=day,
            title=title,
            kind="community",
            flyers=flyers,
            sms=sms,
            participants=participants,
        ),
        any_agency=True,  # the city's activities, as a merge brings them
    )


def february(db) -> None:
    """February at 南海区局 with its office 桂城所, and one activity at 顺德区局."""
    record(db, NANHAI, "2026-02-01", "个人信息保护进社区宣讲", flyers=300, participants=120)
    record(db, NANHAI, "2026-02-08", "商场派发宣传资料", flyers=2800, participants=800)
    record(db, GUICHENG, "2026-02-28", "桂城所进企业宣传", flyers=150, participants=60)
    record(db, SHUNDE, "2026-02-10", "顺德进校园宣传", participants=45)


def in_days(days: int) -> str:
    return (dt.date.fromisoformat(today()) + dt.timedelta(days=days)).isoformat()


def from_a_clock_ahead(db, monkeypatch, code: str, day: str, title: str, **figures) -> Publicity:
    """An activity dated after today, as a bundle from a station whose clock was ahead brings it (the store refuses
    such a date when it is typed here)."""
    with monkeypatch.context() as clock:
        clock.setattr("workstation.store.publicity.today", lambda: day)
        return record(db, code, day, title, **figures)


@pytest.fixture
def page(db, data_dir, prompts, qtbot):
    february(db)
    widget = DashboardPage(db, data_dir, prompts, ImmediateRunner())
    qtbot.addWidget(widget)
    widget.whole.setChecked(False)
    widget.date_from.setDate(QDate(2026, 2, 1))
    widget.date_to.setDate(QDate(2026, 2, 28))
    return widget


def choose(page, code: str | None) -> None:
    page.agency.setCurrentIndex(page.agency.findData(agency_id_for_code(code)) if code else 0)
    page.refresh()


def heads(model) -> list[str]:
    """The evaluation tab's full heads, as hovering a head shows it (on screen, two lines: "Participants" over
    "(people)")."""
    return [model.headerData(c, Qt.Orientation.Horizontal, Qt.ItemDataRole.ToolTipRole)
            for c in range(model.columnCount())]


def column(model, head: str) -> dict[str, str]:
    """{unit's full name: the cell of ``head``} of the evaluation tab."""
    index = heads(model).index(head)
    return {row["name"]: model.data(model.index(r, index)) for r, row in enumerate(model.records)}


def export_units(db, code: str | None) -> list[tuple[str, int, int]]:
    """(unit, 宣传活动（场）, 参与人数（人）) of the statistics export's 各局考评 for the agency and February."""
    found: dict[str, dict] = {}
    for group, unit, figure, value in statistics_rows(
        db, agency_id_for_code(code) if code else None, *FEBRUARY
    ):
        if group == "各局考评":
            found.setdefault(unit, {})[figure] = value
    return [(unit, figures["宣传活动（场）"], figures["参与人数（人）"]) for unit, figures in found.items()]


def tab_units(page) -> list[tuple[str, int, int]]:
    return [(row["name"], row["publicity"], row["participants"]) for row in page.bureaus.model.records]


def test_the_evaluation_tab_counts_the_participants_after_the_publicity_activities(page, english):
    choose(page, None)
    model = page.bureaus.model
    shown = heads(model)
    # named as the log names the figure, right after 宣传活动, as the export's 各局考评 and the workbook's 各局明细
    assert shown[-2:] == ["Publicity activities (number)", shown_figure_name("participants", unit=True)]
    assert model.headerData(len(shown) - 1, Qt.Orientation.Horizontal) == "Participants\n(people)"
    people = column(model, "Participants (people)")
    assert people["佛山市南海区市场监督管理局"] == "920"
    assert people["佛山市南海区市场监督管理局桂城市场监督管理所"] == "60"
    assert people["南海区合计"] == "980" and people["全市合计"] == "1,025"


def test_the_evaluation_tab_s_csv_has_the_participants_after_the_publicity_activities(
    page, prompts, tmp_path, english
):
    choose(page, None)
    target = tmp_path / "考评.csv"
    prompts.files.append(str(target))
    page.bureaus.export_button.click()
    with target.open(encoding="utf-8-sig", newline="") as fh:
        written = list(csv.reader(fh))
    head = written[3]
    assert head[-2:] == ["Publicity activities (number)", "Participants (people)"]
    assert written[-1][0] == "全市合计" and written[-1][-2:] == ["4", "1025"]


def test_a_district_bureau_chosen_lists_its_units_and_district_total_as_the_export_does(
    page, prompts, tmp_path
):
    choose(page, NANHAI)
    # 南海区局, each of its offices (those without publicity too, at 0: the evaluation shows who did nothing) and
    # 南海区合计; not 顺德区局, not the city total
    office = "佛山市南海区市场监督管理局{}市场监督管理所"
    assert (
        tab_units(page)
        == export_units(page.db, NANHAI)
        == [
            ("佛山市南海区市场监督管理局", 2, 920),
            (office.format("桂城"), 1, 60),
            *((office.format(town), 0, 0) for town in ("九江", "西樵", "丹灶", "狮山", "大沥", "里水")),
            ("南海区合计", 3, 980),
        ]
    )
    # the file says which agency it counts, in its name and its heading, as the statistics export does
    offered = []
    target = tmp_path / "考评.csv"
    prompts.save_file = lambda parent, title, name, filters: offered.append(name) or str(target)
    page.bureaus.export()
    assert offered == ["各局考评_南海区局_2026-02-01至2026-02-28.csv"]
    with target.open(encoding="utf-8-sig", newline="") as fh:
        written = list(csv.reader(fh))
    assert written[:4] == [
        ["各局考评表"],
        ["统计期间", "2026-02-01至2026-02-28"],
        ["办案机关", "佛山市南海区市场监督管理局（含所辖市场监管所）"],
        [],
    ]
    assert [row[0] for row in written[5:]] == [unit for unit, _count, _people in tab_units(page)]


def test_a_town_office_or_the_whole_city_chosen_lists_what_the_export_lists(page):
    choose(page, GUICHENG)
    assert (
        tab_units(page)
        == export_units(page.db, GUICHENG)
        == [("佛山市南海区市场监督管理局桂城市场监督管理所", 1, 60)]
    )
    choose(page, None)
    whole = tab_units(page)
    assert whole == export_units(page.db, None) and whole[-1] == ("全市合计", 4, 1025)
    assert ("顺德区合计", 1, 45) in whole
    page.bureaus.refresh()  # counted again in the tab itself (not in the background): the same table
    assert tab_units(page) == whole


def _february_stats_text(cli_station, tmp_path, capsys) -> tuple[Path, str]:
    """A 南海区局 station holding February's activities, and the publicity line of its `stats` for February (after the
    cases', the leads' and the interviews')."""
    station = cli_station(tmp_path / "station", ["init", "--agency", NANHAI])
    db = open_db(station)
    february(db)
    db.conn.close()
    code, out, err = run(capsys, "--data-dir", station, "stats", "--from", FEBRUARY[0], "--to", FEBRUARY[1])
    assert code == 0, err
    return station, next(line for line in out.splitlines() if line.startswith(("宣传活动", "Publicity")))


def test_stats_says_the_publicity_figures_as_the_log_names_them(cli_station, tmp_path, capsys, in_chinese):
    station, line = _february_stats_text(cli_station, tmp_path, capsys)
    assert line == "宣传活动4场，宣传资料 3,250 份，提示短信 0 条，参与人数 1,025 人。"
    # the JSON keeps its keys (../shared/CLI.md)
    figures = run_json(capsys, "--data-dir", station, "stats", "--from", FEBRUARY[0], "--to", FEBRUARY[1])
    assert figures["publicity"] == {"campaigns": 4, "flyers": 3250, "sms": 0, "participants": 1025}


def test_stats_in_english_says_the_publicity_figures_in_english(cli_station, tmp_path, capsys, english):
    _station, line = _february_stats_text(cli_station, tmp_path, capsys)
    assert line == "Publicity: 4 activities; 3,250 leaflets, 0 reminder texts, 1,025 participants."


def test_an_activity_dated_after_today_is_listed_marked_and_not_counted_on_the_command_line(
    cli_station, tmp_path, capsys, monkeypatch, english
):
    station = cli_station(tmp_path / "station", ["init", "--agency", NANHAI])
    db = open_db(station)
    february(db)
    ahead = in_days(3)
    from_a_clock_ahead(db, monkeypatch, NANHAI, ahead, "时钟超前的宣传", flyers=500, participants=9000)
    db.conn.close()
    listed = run_json(capsys, "--data-dir", station, "publicity", "list", "--agency", NANHAI)
    assert [r["held_on"] for r in listed][0] == ahead and len(listed) == 4  # listed, the JSON as it was
    code, out, err = run(capsys, "--data-dir", station, "publicity", "list", "--agency", NANHAI)
    assert code == 0, err
    lines = out.splitlines()
    assert lines[0].startswith(f"{ahead} (after today)\t") and lines[1].startswith("2026-02-28\t")
    # the totals count what the statistics count: the three held, not the one still to come, and say so
    counted = run_json(capsys, "--data-dir", station, "stats", "--agency", NANHAI)["publicity"]
    assert counted == {"campaigns": 3, "flyers": 3250, "sms": 0, "participants": 980}
    assert lines[-1] == (
        "Total: 3 activities; 3,250 leaflets, 0 reminder texts, 980 participants. Listed but not counted: "
        f"activities dated after today ({today()}), 1; they count from their day on, as in the statistics."
    )


def test_an_activity_dated_after_today_is_listed_marked_and_not_counted_in_the_log_tab(
    db, prompts, qtbot, monkeypatch, english
):
    february(db)
    ahead = in_days(10)
    from_a_clock_ahead(db, monkeypatch, NANHAI, ahead, "时钟超前的宣传", flyers=500, participants=9000)
    tab = PublicityTab(db, prompts)
    qtbot.addWidget(tab)
    tab.set_period(None, None, agency_id_for_code(NANHAI))
    dates = [tab.model.data(tab.model.index(r, 0)) for r in range(tab.model.rowCount())]
    assert dates == [f"{ahead} (after today)", "2026-02-28", "2026-02-08", "2026-02-01"]
    tab.model.sort(0, Qt.SortOrder.AscendingOrder)  # still sorted by its date
    assert [p.held_on for p in tab.model.records][-1] == ahead
    assert tab.totals.text().startswith(
        "Total: 3 activities; 3,250 leaflets, 0 reminder texts, 980 participants. "
        "Listed but not counted: activities dated after today"
    )
    held = {"campaigns": 3, "flyers": 3250, "sms": 0, "participants": 980}
    assert publicity_totals(list_publicity(db, agency_id=agency_id_for_code(NANHAI))) == held


def test_the_log_s_csv_total_leaves_out_an_activity_dated_after_today_and_says_so(db, monkeypatch):
    february(db)
    ahead = in_days(1)
    from_a_clock_ahead(db, monkeypatch, GUICHENG, ahead, "时钟超前的宣传", flyers=500)
    items = list_publicity(db, agency_id=agency_id_for_code(NANHAI))
    rows = list(csv.reader(io.StringIO(publicity_csv(db, items).decode("utf-8-sig"))))
    assert len(rows) == 1 + 4 + 2 and rows[1][0] == ahead  # listed as it is, a date in the date column
    assert rows[-2] == ["合计", "", "3场", "", "3250", "0", "980"]
    assert rows[-1] == ["注", "", f"另有1场活动日期在今天（{today()}）之后，已列出，未计入合计"]
    # nothing dated after today: no note, the 合计 last as before
    rows = list(csv.reader(io.StringIO(publicity_csv(db, items[1:]).decode("utf-8-sig"))))
    assert rows[-1][0] == "合计"


@pytest.mark.parametrize(
    ("language", "names"),
    [
        ("chinese", ["宣传资料（份）", "提示短信（条）", "参与人数（人）"]),
        ("english", ["Leaflets (copies)", "Reminder texts (messages)", "Participants (people)"]),
    ],
)
def test_publicity_add_help_names_the_figures_as_the_log_does(capsys, request, language, names):
    request.getfixturevalue(language)
    with pytest.raises(SystemExit):
        run(capsys, "publicity", "add", "--help")
    helped = " ".join(capsys.readouterr().out.split())
    for field, name in zip(COUNT_FIELDS, names, strict=True):
        assert f"--{field} N {name}" in helped
    assert "发放宣传单份数" not in helped and "发送短信（条）" not in helped


def test_in_chinese_the_tab_heads_the_participants_and_the_log_marks_a_date_to_come_as_the_log_names_them(
    page, db, prompts, qtbot, monkeypatch, in_chinese
):
    choose(page, NANHAI)
    assert heads(page.bureaus.model)[-2:] == ["宣传活动（场）", "参与人数（人）"]
    ahead = in_days(2)
    from_a_clock_ahead(db, monkeypatch, NANHAI, ahead, "时钟超前的宣传", flyers=500)
    tab = PublicityTab(db, prompts)
    qtbot.addWidget(tab)
    tab.set_period(None, None, agency_id_for_code(NANHAI))
    assert tab.model.data(tab.model.index(0, 0)) == f"{ahead}（日期在今天之后）"
    assert tab.totals.text() == (
        "合计：宣传活动3场，宣传资料 3,250 份，提示短信 0 条，参与人数 980 人。"
        f"另有1场活动日期在今天（{today()}）之后，已列出，未计入合计；与统计一致，自其当天起计入。"
    )
