"""Holiday files: importing a year the program already knows (the chinesecalendar package built in, a file shipped)
is a replacement, made only with --replace on the command line and after a confirmation naming the days that change
in the window; a file in which two holidays, or a holiday and a make-up working day, claim one day is refused naming
both lines; a year file put into the calendar folder by hand, or taken out of it, is audited once seen with a database
at hand; the board's calendar menu removes an imported year (after a confirmation), and its hints point to the import
instead of a copy made by hand."""

from __future__ import annotations

import hashlib
import json
import re

import pytest

from tests.helpers import full_2027, run, run_json
from workstation.audit import digest
from workstation.workdays import default_calendar, reload_calendars

# 2025 as a mistaken file gives it: the State Council's make-up working days (Sunday 26 January, Saturday 8 February,
# Sunday 27 April, Sunday 28 September, Saturday 11 October) left out
WRONG_2025 = """\
year = 2025
source = "测试：错误的2025文件"
workdays = []

[[holiday]]
name = "元旦"
from = 2025-01-01
to = 2025-01-01

[[holiday]]
name = "春节"
from = 2025-01-28
to = 2025-02-04

[[holiday]]
name = "清明节"
from = 2025-04-04
to = 2025-04-06

[[holiday]]
name = "劳动节"
from = 2025-05-01
to = 2025-05-05

[[holiday]]
name = "端午节"
from = 2025-05-31
to = 2025-06-02

[[holiday]]
name = "国庆节"
from = 2025-10-01
to = 2025-10-08
"""
MADE_UP_2025 = ("2025-01-26", "2025-02-08", "2025-04-27", "2025-09-28", "2025-10-11")


@pytest.fixture(autouse=True)
def _calendars_forgotten():
    reload_calendars()
    yield
    reload_calendars()


def _source(folder, text: str, name: str = "source.toml"):
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def _calendar_entries(db) -> list[tuple]:
    return [tuple(row) for row in db.execute(
        "SELECT action, entity_id, before_digest, after_digest FROM audit WHERE entity = 'calendar' ORDER BY seq")]


# ---- 4. a year the program knows already ----------------------------------------------------------------------------

def test_importing_a_year_chinesecalendar_gives_needs_replace_and_names_the_days_that_change(
        capsys, english, db, data_dir, tmp_path):
    source = _source(tmp_path, WRONG_2025)
    target = data_dir / "calendar" / "2025.toml"
    code, out, err = run(capsys, "--data-dir", data_dir, "calendar", "import", source)
    assert code == 1 and not target.exists() and _calendar_entries(db) == []
    assert "--replace" in err and "chinesecalendar" in err, err
    for day in MADE_UP_2025:
        assert day in err, err
    assert default_calendar(data_dir).is_workday(__import__("datetime").date(2025, 2, 8))
    result = run_json(capsys, "--data-dir", data_dir, "calendar", "import", source, "--replace")
    assert target.exists() and [c["day"] for c in result["changed_days"]] == list(MADE_UP_2025)
    assert all(c["working"] is False for c in result["changed_days"])
    assert result["replaced_source"].startswith("chinesecalendar")
    assert [row[0] for row in _calendar_entries(db)] == ["import"]


def test_importing_a_year_a_shipped_file_gives_needs_replace(capsys, english, db, data_dir, tmp_path):
    from workstation.paths import resource

    shipped = resource("calendar", "2026.toml").read_text(encoding="utf-8")
    changed = shipped.replace("2026-02-14", "2026-03-07", 1)  # a make-up Saturday moved
    assert changed != shipped
    source = _source(tmp_path, changed)
    code, _out, err = run(capsys, "--data-dir", data_dir, "calendar", "import", source)
    assert code == 1 and "--replace" in err and "2026.toml" in err and "2026-02-14" in err, err
    code, out, err = run(capsys, "--data-dir", data_dir, "calendar", "import", source, "--replace")
    assert code == 0, err
    assert "2026-02-14" in out and "2026-03-07" in out


def test_the_window_asks_before_replacing_a_known_year_naming_the_days_that_change(db, data_dir, prompts, tmp_path,
                                                                                  english):
    from ui.deadlines import import_calendar_file

    target = data_dir / "calendar" / "2025.toml"
    prompts.files.append(str(_source(tmp_path, WRONG_2025)))
    prompts.confirm_answer = False
    assert not import_calendar_file(None, prompts, db)
    (asked,) = prompts.destructive
    assert "chinesecalendar" in asked and all(day in asked for day in MADE_UP_2025), asked
    assert not target.exists()
    prompts.files.append(str(_source(tmp_path, WRONG_2025)))
    prompts.confirm_answer = True
    assert import_calendar_file(None, prompts, db)
    assert target.exists() and "2025-02-08" in prompts.infos[-1]


def test_a_year_nobody_knows_is_imported_without_asking(db, data_dir, prompts, tmp_path, english):
    from ui.deadlines import import_calendar_file

    prompts.files.append(str(_source(tmp_path, full_2027())))
    assert import_calendar_file(None, prompts, db)
    assert prompts.confirmations == []


# ---- 5. one day claimed twice ---------------------------------------------------------------------------------------

def _line_of(text: str, pattern: str, nth: int = 0) -> int:
    match = list(re.finditer(pattern, text, re.MULTILINE))[nth]
    return text.count("\n", 0, match.start()) + 1


def test_two_holidays_claiming_one_day_are_refused_naming_both_lines(capsys, english, db, data_dir, tmp_path):
    text = full_2027().replace('[[holiday]]\nname = "国庆节"',
                               '[[holiday]]\nname = "重复"\nfrom = 2027-09-16\nto = 2027-09-18\n\n'
                               '[[holiday]]\nname = "国庆节"')
    source = _source(tmp_path, text)
    code, _out, err = run(capsys, "--data-dir", data_dir, "calendar", "import", source)
    assert code == 1 and not (data_dir / "calendar" / "2027.toml").exists()
    mid_autumn, again = _line_of(text, r'^\[\[holiday\]\]', 5), _line_of(text, r'^\[\[holiday\]\]', 6)
    assert f"line {again}" in err and f"line {mid_autumn}" in err, err
    assert "中秋节" in err and "重复" in err and "2027-09-16" in err and "2027-09-17" in err, err


def test_a_make_up_day_inside_a_holiday_names_the_holiday_s_line(capsys, english, db, data_dir, tmp_path):
    text = full_2027().replace("workdays = [2027-02-20,", "workdays = [2027-02-07, 2027-02-20,")
    code, _out, err = run(capsys, "--data-dir", data_dir, "calendar", "import", _source(tmp_path, text))
    assert code == 1
    spring = _line_of(text, r'^\[\[holiday\]\]', 1)
    assert "2027-02-07" in err and "春节" in err and f"line {spring}" in err and "line 3" in err, err


def test_a_file_with_one_day_claimed_twice_in_the_calendar_folder_is_ignored(english, data_dir):
    text = full_2027().replace('to = 2027-09-17', 'to = 2027-09-17\n\n[[holiday]]\nname = "重复"\nfrom = 2027-09-16\n'
                               'to = 2027-09-18')
    (data_dir / "calendar").mkdir()
    (data_dir / "calendar" / "2027.toml").write_text(text, encoding="utf-8")
    calendar = default_calendar(data_dir)
    assert not calendar.confirmed(2027) and any("重复" in p and "中秋节" in p for p in calendar.problems)


# ---- 3. a year file put in or taken out by hand ---------------------------------------------------------------------

def _record(path, year: int) -> dict:
    return {"year": year, "file": path.name, "sha256": hashlib.sha256(path.read_bytes()).hexdigest()}


def test_a_year_file_put_into_the_folder_by_hand_is_audited_once(capsys, english, db, data_dir):
    folder = data_dir / "calendar"
    folder.mkdir()
    placed = folder / "2027.toml"
    placed.write_text(full_2027(), encoding="utf-8")
    run_json(capsys, "--data-dir", data_dir, "calendar", "list")
    run_json(capsys, "--data-dir", data_dir, "calendar", "list")
    assert _calendar_entries(db) == [("update", "2027", "", digest(_record(placed, 2027)))]
    first = digest(_record(placed, 2027))
    placed.write_text(full_2027("测试：改过"), encoding="utf-8")
    run_json(capsys, "--data-dir", data_dir, "calendar", "list")
    assert _calendar_entries(db)[-1] == ("update", "2027", first, digest(_record(placed, 2027)))
    last = digest(_record(placed, 2027))
    placed.unlink()
    run_json(capsys, "--data-dir", data_dir, "calendar", "list")
    assert _calendar_entries(db)[-1] == ("remove", "2027", last, "")
    assert run_json(capsys, "--data-dir", data_dir, "audit", "verify")["valid"]


def test_an_imported_file_is_not_audited_again(capsys, english, db, data_dir, tmp_path):
    run_json(capsys, "--data-dir", data_dir, "calendar", "import", _source(tmp_path, full_2027()))
    run_json(capsys, "--data-dir", data_dir, "calendar", "list")
    assert [row[0] for row in _calendar_entries(db)] == ["import"]
    run_json(capsys, "--data-dir", data_dir, "calendar", "remove", "2027")
    run_json(capsys, "--data-dir", data_dir, "calendar", "list")
    assert [row[0] for row in _calendar_entries(db)] == ["import", "remove"]


# ---- the window removes an imported year ----------------------------------------------------------------------------

@pytest.mark.gui
def test_the_board_removes_an_imported_year_after_asking(db, data_dir, qtbot, prompts, tmp_path, english):
    from ui.deadlines import DeadlineBoard

    board = DeadlineBoard(db, prompts=prompts)
    qtbot.addWidget(board)
    board.show()
    board.refresh()
    prompts.files.append(str(_source(tmp_path, full_2027())))
    assert board.import_calendar()
    target = data_dir / "calendar" / "2027.toml"
    remove = next(a for a in board.calendar_button.menu().actions() if a.objectName() == "remove_calendar")
    prompts.choices.append(0)
    prompts.confirm_answer = False
    remove.trigger()
    assert target.exists() and "2027" in prompts.offered[-1][1] and str(target) in prompts.destructive[-1]
    prompts.choices.append(0)
    prompts.confirm_answer = True
    remove.trigger()
    assert not target.exists() and not default_calendar(data_dir).confirmed(2027)
    assert [row[0] for row in _calendar_entries(db)] == ["import", "remove"]
    assert "2027" in prompts.infos[-1]


@pytest.mark.gui
def test_the_board_says_when_there_is_no_imported_year_to_remove(db, data_dir, qtbot, prompts, english):
    from ui.deadlines import DeadlineBoard

    board = DeadlineBoard(db, prompts=prompts)
    qtbot.addWidget(board)
    board.show()
    board.refresh()
    remove = next(a for a in board.calendar_button.menu().actions() if a.objectName() == "remove_calendar")
    remove.trigger()
    assert prompts.offered == [] and prompts.infos and "Import holiday file" in prompts.infos[-1]


# ---- the hints point to the import ----------------------------------------------------------------------------------

def test_add_workdays_points_to_calendar_import_not_a_copy_by_hand(capsys, english, data_dir):
    code, _out, err = run(capsys, "--data-dir", data_dir, "calendar", "add-workdays", "2031-01-06", "5")
    assert code == 0 and "calendar import" in err and "in the format of" not in err, err
    result = json.loads(run(capsys, "--data-dir", data_dir, "calendar", "add-workdays", "2031-01-06", "5",
                            "--json")[1])
    assert result["confirmed"] is False


# ---- 2. a step the changed days now put inside the statement period ------------------------------------------------

@pytest.fixture
def decided_in_february_2027(db, make_case):
    """A case whose notice was served on Monday 2027-02-01, its statement period ended and its penalty decided on
    2027-02-11: after the five working days counted without holiday data (Monday to Friday less the statutory
    holidays, 春节 5–8 February: they end on 2027-02-10; s62), inside them once the holidays of 2027 (春节 5–13
    February) are known."""
    from workstation.records import CaseEvent
    from workstation.store.cases import add_event

    case = make_case(status="penalty_decided", notice_served_on="2027-02-01", decided_on="2027-02-11")
    for number, (before, after) in enumerate((("pre_notice", "decision_pending"),
                                              ("decision_pending", "penalty_decided"))):
        add_event(db, CaseEvent(id=f"s60-{number}", case_id=case.id, kind="transition", on_date="2027-02-11",
                                at="2027-02-11T10:00:00+08:00", actor="test", from_status=before, to_status=after))
    return case


def test_an_import_lists_the_steps_now_inside_the_statement_period(capsys, english, db, data_dir, tmp_path,
                                                                  decided_in_february_2027):
    from workstation.store import get_case

    case = decided_in_february_2027
    assert "2027-02-10" in run(capsys, "--data-dir", data_dir, "clocks", "--case", case.case_number)[1]
    code, out, err = run(capsys, "--data-dir", data_dir, "calendar", "import", _source(tmp_path, full_2027()))
    assert code == 0, err
    assert case.case_number in out and "2027-02-11" in out and "2027-02-16" in out, out
    assert get_case(db, case.id).status == "penalty_decided"  # not changed
    code, out, err = run(capsys, "--data-dir", data_dir, "calendar", "remove", "2027", "--json")
    assert json.loads(out)["steps_inside_statement_periods"] == []  # 2027 Monday to Friday again: after the period
    result = run_json(capsys, "--data-dir", data_dir, "calendar", "import", _source(tmp_path, full_2027()))
    found = result["steps_inside_statement_periods"]
    assert [(f["case_number"], f["step"], f["on"], f["due"]) for f in found] == [
        (case.case_number, "end_statement_period", "2027-02-11", "2027-02-16"),
        (case.case_number, "decide_penalty", "2027-02-11", "2027-02-16")]


def test_the_window_s_import_lists_the_steps_now_inside_the_statement_period(db, data_dir, prompts, tmp_path,
                                                                             english, decided_in_february_2027):
    from ui.deadlines import import_calendar_file

    prompts.files.append(str(_source(tmp_path, full_2027())))
    assert import_calendar_file(None, prompts, db)
    said = prompts.infos[-1]
    assert decided_in_february_2027.case_number in said and "2027-02-16" in said, said


def test_a_step_after_the_period_is_not_listed(capsys, english, db, data_dir, tmp_path, make_case):
    from workstation.records import CaseEvent
    from workstation.store.cases import add_event

    case = make_case(status="decision_pending", notice_served_on="2027-02-01")
    add_event(db, CaseEvent(id="s60-late", case_id=case.id, kind="transition", on_date="2027-02-17",
                            at="2027-02-17T10:00:00+08:00", actor="test", from_status="pre_notice",
                            to_status="decision_pending"))
    result = run_json(capsys, "--data-dir", data_dir, "calendar", "import", _source(tmp_path, full_2027()))
    assert result["steps_inside_statement_periods"] == []
