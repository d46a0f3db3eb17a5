"""Holiday year files checked as a whole (S53): a [[holiday]] longer than any holiday runs (a typo in its to date)
and a file that leaves out a festival (春节 …) whose day the festivals' data gives for its year are refused, every
problem of a file listed with its line (a missing holiday without a misleading one); an import shows the holidays
and make-up working days taken; ``calendar list`` says where each year's holidays come from; a station's own
broken year file gives way to headquarters' good copy; the board sorts by the data folder's calendar."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.helpers import full_2027, open_db, run, run_json
from workstation.workdays import reload_calendars

# a whole 2027 (fictional, the festivals on the days resources/calendar/unofficial/festivals.toml gives)
FULL_2027 = full_2027()
TYPO_2027 = FULL_2027.replace("to = 2027-06-11", "to = 2027-08-11")  # 端午节 to two months on, on line 28
# only the holidays fixed by date: 春节, 清明节, 端午节 and 中秋节 left out
MINIMAL_2027 = """\
year = 2027
workdays = [2027-02-20]
[[holiday]]
name = "元旦"
from = 2027-01-01
to = 2027-01-03
[[holiday]]
name = "劳动节"
from = 2027-05-01
to = 2027-05-05
[[holiday]]
name = "国庆节"
from = 2027-10-01
to = 2027-10-07
"""


@pytest.fixture(autouse=True)
def _calendars_forgotten():
    reload_calendars()
    yield
    reload_calendars()


def _source(tmp_path: Path, text: str, name: str = "source.toml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def _refused(capsys, data_dir: Path, source: Path) -> str:
    code, out, err = run(capsys, "--data-dir", data_dir, "calendar", "import", source)
    assert code == 1 and out == ""
    assert not (data_dir / "calendar" / "2027.toml").exists()  # nothing copied
    return err


# ---- 1. a holiday too long, a festival left out
def test_a_holiday_longer_than_any_holiday_runs_is_refused_on_its_to_line(capsys, english, db, data_dir, tmp_path):
    source = _source(tmp_path, TYPO_2027)
    err = _refused(capsys, data_dir, source)
    assert f"{source}, line 28: " in err
    assert "holiday 端午节 runs 64 days, from 2027-06-09 to 2027-08-11" in err and "10 days" in err
    # ten days pass (春节 2027-02-04 to 02-13), eleven do not
    ten = FULL_2027.replace("from = 2027-02-05", "from = 2027-02-04")
    assert run(capsys, "--data-dir", data_dir, "calendar", "import", _source(tmp_path, ten, "ten.toml"))[0] == 0
    eleven = FULL_2027.replace("from = 2027-02-05", "from = 2027-02-03")
    code, _out, err = run(capsys, "--data-dir", data_dir, "calendar", "import", _source(tmp_path, eleven, "11.toml"),
                          "--replace")
    assert code == 1 and "holiday 春节 runs 11 days" in err


def test_a_year_file_leaving_out_a_festival_is_refused_naming_each_festival_and_its_day(
        capsys, english, db, data_dir, tmp_path):
    source = _source(tmp_path, MINIMAL_2027)
    err = _refused(capsys, data_dir, source)
    for name, day in (("春节", "2027-02-06"), ("清明节", "2027-04-05"), ("端午节", "2027-06-09"),
                      ("中秋节", "2027-09-15")):
        assert f"{name} falls on {day}" in err and "lies in no [[holiday]]" in err
    assert "4 problems" in err
    assert ", line" not in err and "line 3" not in err  # a holiday left out has no line of its own
    # dropped into the calendar folder instead, the file is ignored and 2027 stays unconfirmed
    (data_dir / "calendar").mkdir()
    (data_dir / "calendar" / "2027.toml").write_text(MINIMAL_2027, encoding="utf-8")
    from workstation.workdays import load_calendar

    calendar = load_calendar(data_dir)
    assert not calendar.confirmed(2027) and "春节 falls on 2027-02-06" in calendar.problems[0]


def test_a_fixed_holiday_left_out_is_named_without_the_line_of_the_first_holiday(
        capsys, english, db, data_dir, tmp_path):
    source = _source(tmp_path, FULL_2027.replace("from = 2027-10-01", "from = 2027-10-02"))
    err = _refused(capsys, data_dir, source)
    assert err.strip() == (f"Error: {source}: 2027-10-01 (国庆节, a holiday the law fixes by date) is not inside any "
                           "[[holiday]]: add it to the holiday 国庆节, as the State Council's notice gives it; fix it "
                           "and import it again.")


def test_every_problem_of_a_file_is_listed_with_its_line(capsys, english, db, data_dir, tmp_path):
    text = (FULL_2027.replace('source = "测试', 'note = "x"\nsource = "测试')  # line 2: unknown key
            .replace("to = 2027-02-13", "to = 2027-02-01")  # 春节 ends before it starts (now line 14)
            .replace("workdays = [2027-02-20,", "workdays = [2028-02-20,"))  # a make-up day of 2028 (line 4)
    source = _source(tmp_path, text)
    err = _refused(capsys, data_dir, source)
    assert f"{source}: 3 problems; fix them and import it again:" in err
    lines = err.strip().splitlines()[1:]
    assert len(lines) == 3
    assert lines[0].startswith("- line 2: unknown key note")
    assert lines[1].startswith("- line 4: 2028-02-20 is in 2028, not in year = 2027")
    assert lines[2].startswith("- line 14: holiday 春节 ends on 2027-02-01, before it starts on 2027-02-05")


def test_a_file_of_one_year_given_another_year_is_said_once(capsys, english, db, data_dir, tmp_path):
    source = _source(tmp_path, FULL_2027.replace("year = 2027", "year = 2028"))
    err = _refused(capsys, data_dir, source)
    assert err.strip() == (f"Error: {source}, line 1: every date in the file is in 2027, not in year = 2028: write "
                           "year = 2027, or give the dates of 2028; fix it and import it again.")


# ---- an import shows what it took
def test_an_import_shows_the_holidays_and_make_up_days_taken(capsys, english, db, data_dir, tmp_path):
    source = _source(tmp_path, FULL_2027)
    code, out, err = run(capsys, "--data-dir", data_dir, "calendar", "import", source)
    assert code == 0, err
    assert out.splitlines()[0] == f"The holidays of 2027 were added to {data_dir / 'calendar' / '2027.toml'}."
    assert "  春节: 2027-02-05 – 2027-02-13 (9 days)" in out.splitlines()
    assert "  元旦: 2027-01-01 – 2027-01-03 (3 days)" in out.splitlines()
    assert "Make-up working days: 2027-02-20 (Saturday), 2027-09-26 (Sunday), 2027-10-09 (Saturday)" in out
    result = run_json(capsys, "--data-dir", data_dir, "calendar", "import", source, "--replace")
    assert result["holidays"][1] == {"name": "春节", "from": "2027-02-05", "to": "2027-02-13", "days": 9}
    assert len(result["holidays"]) == 7
    assert result["workdays"] == ["2027-02-20", "2027-09-26", "2027-10-09"]


def test_importing_a_year_that_has_a_file_names_replace(capsys, english, db, data_dir, tmp_path):
    source = _source(tmp_path, FULL_2027)
    assert run(capsys, "--data-dir", data_dir, "calendar", "import", source)[0] == 0
    code, out, _err = run(capsys, "--data-dir", data_dir, "calendar", "import", source)  # the same days: nothing to do
    assert code == 0 and "nothing was changed" in out
    other = tmp_path / "other" / "2027.toml"
    other.parent.mkdir()
    other.write_text(FULL_2027.replace("2027-10-09", "2027-10-10"), encoding="utf-8")  # a make-up day moved
    code, _out, err = run(capsys, "--data-dir", data_dir, "calendar", "import", other)
    assert code == 1 and "--replace" in err and "2027" in err


@pytest.mark.gui
def test_the_window_shows_the_holidays_taken(demo_db, prompts, tmp_path, english):
    from ui.deadlines import import_calendar_file
    from workstation.clocks import data_dir_of

    target = data_dir_of(demo_db) / "calendar" / "2027.toml"
    prompts.files.append(str(_source(tmp_path, FULL_2027)))
    try:
        assert import_calendar_file(None, prompts, demo_db)
        (said,) = prompts.infos
        assert "春节: 2027-02-05 – 2027-02-13 (9 days)" in said and "2027-10-09 (Saturday)" in said
        prompts.files.append(str(_source(tmp_path, TYPO_2027, "typo.toml")))
        assert not import_calendar_file(None, prompts, demo_db)
        assert "端午节 runs 64 days" in prompts.errors[-1]
        assert target.read_text(encoding="utf-8") == FULL_2027
    finally:
        target.unlink(missing_ok=True)
        reload_calendars()


# ---- 3. calendar list
def test_calendar_list_says_where_each_year_comes_from(capsys, english, db, data_dir, tmp_path):
    from workstation.paths import resource

    run_json(capsys, "--data-dir", data_dir, "calendar", "import", _source(tmp_path, FULL_2027))
    result = run_json(capsys, "--data-dir", data_dir, "calendar", "list")
    years = {entry["year"]: entry for entry in result["years"]}
    assert years[2025]["origin"] == "chinesecalendar" and years[2025]["file"] is None
    assert years[2026]["origin"] == "shipped" and years[2026]["file"] == str(resource("calendar", "2026.toml"))
    assert years[2027] == {"year": 2027, "origin": "data_folder", "source": "测试：2027年放假安排（假设）",
                           "file": str(data_dir / "calendar" / "2027.toml")}
    assert list(years) == sorted(years)
    code, out, err = run(capsys, "--data-dir", data_dir, "calendar", "list")
    assert code == 0, err
    line = next(line for line in out.splitlines() if line.startswith("2027"))
    assert "this data folder's own file" in line and str(data_dir / "calendar" / "2027.toml") in line
    assert "shipped with the program" in next(line for line in out.splitlines() if line.startswith("2026"))
    assert "chinesecalendar" in next(line for line in out.splitlines() if line.startswith("2025"))
    # one year: its holidays and make-up days
    one = run_json(capsys, "--data-dir", data_dir, "calendar", "list", "2027")
    assert one["origin"] == "data_folder" and one["confirmed"]
    assert one["holidays"][0] == {"name": "元旦", "from": "2027-01-01", "to": "2027-01-03", "days": 3}
    assert one["workdays"] == ["2027-02-20", "2027-09-26", "2027-10-09"]
    code, out, err = run(capsys, "--data-dir", data_dir, "calendar", "list", "2027")
    assert code == 0, err
    assert "  国庆节: 2027-10-01 – 2027-10-07 (7 days)" in out.splitlines()
    assert "2027-09-26 (Sunday)" in out


def test_calendar_list_of_a_year_without_data_and_a_bad_year(capsys, english, db, data_dir):
    one = run_json(capsys, "--data-dir", data_dir, "calendar", "list", "2029")
    assert one["origin"] is None and not one["confirmed"] and one["workdays"] == []
    assert [h["name"] for h in one["holidays"]] == ["元旦", "劳动节", "国庆节"]  # the law's fixed dates, assumed
    code, out, err = run(capsys, "--data-dir", data_dir, "calendar", "list", "2029")
    assert code == 0 and "2029 has no holiday data" in out
    assert "  元旦: 2029-01-01 (1 day)" in out.splitlines() and "Make-up working days: none" in out
    code, out, err = run(capsys, "--data-dir", data_dir, "calendar", "list", "20x7")
    assert code == 1 and "20x7 is not a year" in err


# ---- 2. a station's broken file gives way to headquarters' good one; 3. headquarters' named by calendar list
def test_a_station_s_broken_year_file_is_replaced_by_headquarters_copy(capsys, station_and_hq_dirs, english):
    from tests.test_s49_calendar_in_bundles import _hand_out, _import_year, _named_headquarters

    dirs = station_and_hq_dirs
    _named_headquarters(capsys, dirs)
    target = dirs / "station" / "calendar" / "2027.toml"
    target.parent.mkdir(exist_ok=True)
    target.write_text(TYPO_2027, encoding="utf-8")  # the station's own, edited by hand: broken
    _import_year(capsys, dirs / "hq", FULL_2027)
    bundle = _hand_out(capsys, dirs, "h1.bundle")
    dry = run_json(capsys, "--data-dir", dirs / "station", "bundle", "import", bundle, "--dry-run")
    (entry,) = dry["calendar"]["years"]
    assert entry["status"] == "replaced_broken" and "would replace" in entry["message"]
    assert target.read_text(encoding="utf-8") == TYPO_2027
    code, out, err = run(capsys, "--data-dir", dirs / "station", "bundle", "import", bundle)
    assert code == 0, err
    assert target.read_text(encoding="utf-8") == FULL_2027
    kept = sorted((dirs / "station" / "calendar-replaced").glob("2027*.toml"))
    assert len(kept) == 1 and kept[0].read_text(encoding="utf-8") == TYPO_2027
    line = next(line for line in out.splitlines() if str(target) in line)
    assert "could not be used (line 28: holiday 端午节 runs 64 days" in line and str(kept[0]) in line
    assert "was kept" not in line and "ignored until" not in line
    assert not (dirs / "station" / "headquarters-calendar" / "2027.toml").exists()
    db = open_db(dirs / "station")
    try:
        audited = db.execute("SELECT action FROM audit WHERE entity = 'calendar' ORDER BY seq").fetchall()
    finally:
        db.conn.close()
    # the file put there by hand recorded as the data was first opened after, then replaced
    assert [row[0] for row in audited] == ["update", "replace"]
    listed = {e["year"]: e for e in run_json(capsys, "--data-dir", dirs / "station", "calendar", "list")["years"]}
    assert listed[2027]["origin"] == "headquarters"
    code, out, err = run(capsys, "--data-dir", dirs / "station", "calendar", "list")
    assert "headquarters" in next(line for line in out.splitlines() if line.startswith("2027"))


# ---- the board and a case's deadlines sort by the data folder's calendar
@pytest.fixture
def paused_and_running(demo_db, monkeypatch):
    """(running, paused) T1 deadlines on 2027-02-01 with a whole 2027 dropped into the data folder: the paused one's
    5 working days end on 8 February without holiday data, on 16 February with 春节 5–13 February (15 days on)."""
    from ui import deadlines
    from workstation import clocks
    from workstation.clocks import data_dir_of

    monkeypatch.setattr(deadlines, "_today", lambda: "2027-02-01")
    deadlines._LEFT_ENGINES.clear()
    rule = {r.id: r for r in clocks.rules()}
    paused = clocks.Deadline(case_id="a", case_number="1", rule=rule["T1"], state="stopped", days_left=5,
                             detail=(("stopped", 0, ("hearing",)),))
    running = clocks.Deadline(case_id="b", case_number="2", rule=rule["T1"], state="running", days_left=10)
    target = data_dir_of(demo_db) / "calendar" / "2027.toml"
    target.parent.mkdir(exist_ok=True)
    target.write_text(FULL_2027, encoding="utf-8")
    reload_calendars()
    yield running, paused
    target.unlink(missing_ok=True)
    reload_calendars()
    deadlines._LEFT_ENGINES.clear()


def _sorted_by_remaining(table, deadlines_shown) -> tuple[list[str], int]:
    """The case ids ``table`` lists once sorted by its Remaining column, and that column."""
    from PySide6.QtCore import Qt

    from ui import deadlines

    table.set_deadlines(deadlines_shown)
    remaining = next(c for c in range(table.model.columnCount())
                     if table.model.headerData(c, Qt.Orientation.Horizontal) == deadlines._("Remaining"))
    table.view.sortByColumn(remaining, Qt.SortOrder.AscendingOrder)
    return [d.case_id for d in table.model.records], remaining


@pytest.mark.gui
def test_the_board_sorts_remaining_with_the_data_folder_s_calendar(demo_db, qtbot, prompts, paused_and_running,
                                                                   english):
    from ui import deadlines
    from workstation.clocks import data_dir_of

    running, paused = paused_and_running
    board = deadlines.DeadlineBoard(demo_db, prompts=prompts)
    qtbot.addWidget(board)
    board.refresh()
    listed, remaining = _sorted_by_remaining(board.table, [running, paused])
    assert listed == ["b", "a"]  # 10 days, then 15
    groups = deadlines.board_groups([paused, running], {id(paused): "", id(running): ""}, data_dir_of(demo_db),
                                    (remaining, False))
    assert [d.case_id for d in groups["all"][0]] == ["b", "a"]
    # the shipped calendar alone counts the paused one first (7 days)
    assert [d.case_id for d in deadlines.board_groups(
        [running, paused], {id(paused): "", id(running): ""}, None, (remaining, False))["all"][0]] == ["a", "b"]


@pytest.mark.gui
def test_a_case_s_deadlines_sort_remaining_with_the_data_folder_s_calendar(demo_db, qtbot, prompts,
                                                                           paused_and_running, english):
    from ui.case_clocks import CaseClocks
    from workstation.store import list_cases

    running, paused = paused_and_running
    section = CaseClocks(demo_db, list_cases(demo_db)[0], prompts)
    qtbot.addWidget(section)
    assert _sorted_by_remaining(section.table, [running, paused])[0] == ["b", "a"]  # the shipped calendar: a first
