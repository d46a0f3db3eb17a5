"""The year's end (s64): importing the next year's holidays says what it changes — the days, the running deadlines
moved (earlier first) and the issued 案件交办通知书 asking for the result after the lead's T1 now ends —, a date
mistyped in a holiday file is said as a date, the officer is told how to write the year's file (the example shipped
with the program by its full path, a commented file of the year written for the officer), and "already given" and
"what to remove" follow what the calendar folder's reader took, not a file's name."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from tests.helpers import full_2027, run
from workstation.workdays import (
    CalendarFileError,
    checked_year_file,
    example_file,
    load_calendar,
    reload_calendars,
)

LEAD = "bb7f2ea6-871d-54c3-a193-b529d98b09cc"  # demo lead: 0757-85836433 calling about new flats, 禅城区
DECEMBER_22 = dt.datetime(2026, 12, 22, 2, 0, tzinfo=dt.UTC)  # Tuesday 22 December 2026, Beijing morning

# the auditor's 2027 file (hypothetical notice): the helpers' whole 2027 year with a make-up working day on Saturday
# 9 January (and none on 9 October)
JAN_2027 = full_2027("测试：假设的2027年通知").replace(
    "workdays = [2027-02-20, 2027-09-26, 2027-10-09]", "workdays = [2027-01-09, 2027-02-20, 2027-09-26]") + "\n"
NO_MAKEUP_2027 = JAN_2027.replace("workdays = [2027-01-09, ", "workdays = [")


def _file(folder: Path, name: str, text: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def _assigned_lead_with_notice(db, data_dir) -> None:
    """The demo lead received 18 December 2026, assigned on the 21st to a town office of 禅城区: its T1, 15 working
    days counted without 2027's holidays (only 1 January off), ends on 2027-01-12 — as its 案件交办通知书 asks."""
    from workstation.documents.drafts import find_form
    from workstation.leads_workflow import assign_lead, get_lead_row, issue_lead_document, t1_due
    from workstation.store import agency_by_code

    db.execute("UPDATE leads SET status = 'registered', agency_id = NULL, assigned_on = NULL, case_id = NULL, "
               "received_at = '2026-12-18T09:00:00+08:00' WHERE id = ?", [LEAD])
    assign_lead(db, LEAD, agency_by_code(db, "440604012").id, on="2026-12-21")
    assert t1_due(db, get_lead_row(db, LEAD)) == "2027-01-12"
    issue_lead_document(db, data_dir, LEAD, find_form("assignment_notice"),
                        {"contact_person": "陈志强", "report_by": "2027-01-12", "issued_on": "2026-12-21"})


# ---- 1. an import says the days changed, the deadlines moved and the notices now asking too late ----------------
def test_a_first_import_of_a_year_lists_the_days_the_deadlines_moved_and_the_notices_off_t1(
        demo_db, data_dir, tmp_path, capsys, december_22, fresh_calendar, english):
    from workstation.clocks import data_dir_of

    _assigned_lead_with_notice(demo_db, data_dir)
    data = data_dir_of(demo_db)
    good = _file(tmp_path, "jan.toml", JAN_2027)
    target = data / "calendar" / "2027.toml"
    try:
        code, out, err = run(capsys, "--data-dir", data, "calendar", "import", good)
        assert code == 0, err
        lines = out.splitlines()
        assert "2027-01-09 (Saturday): rest day → working day" in out  # the first import of 2027 lists the days
        moved = [line for line in lines if "T1" in line and "2027-01-12 (calendar unconfirmed) → 2027-01-11" in line]
        assert len(moved) == 1 and "1 day earlier" in moved[0], out
        assert lines.index(moved[0]) > lines.index(next(line for line in lines if "running deadline" in line))
        notice = [line for line in lines if line.startswith(f"Lead {LEAD} received 2026-12-18")]
        assert len(notice) == 1 and "asks for the result by 2027-01-12" in notice[0] \
            and "now ends on 2027-01-11" in notice[0] and "--form assignment_notice" in notice[0], out
        # the same as data, the import removed and done again
        code, _out, err = run(capsys, "--data-dir", data, "calendar", "remove", "2027")
        assert code == 0, err
        code, out, err = run(capsys, "--data-dir", data, "calendar", "import", good, "--json")
        assert code == 0, err
        result = json.loads(out)
        assert {"day": "2027-01-09", "working": True, "holiday": ""} in result["changed_days"]
        lead_moved = [m for m in result["moved_deadlines"] if m["lead_id"] == LEAD]
        assert lead_moved == [{**lead_moved[0], "clock": "T1", "was": "2027-01-12", "now": "2027-01-11", "days": -1,
                               "was_confirmed": False, "now_confirmed": True}]
        assert len(result["notices_off_calendar"]) == 1
    finally:
        target.unlink(missing_ok=True)


def test_deadlines_moved_earlier_are_listed_before_those_moved_later(demo_db, data_dir, december_22,
                                                                     fresh_calendar, english):
    from workstation import clocks

    _assigned_lead_with_notice(demo_db, data_dir)
    before = clocks.board(demo_db)
    target = _file(data_dir / "calendar", "2027.toml", JAN_2027)
    try:
        reload_calendars()
        moved = clocks.moved_deadlines(before, clocks.board(demo_db))
        assert moved and [m.days < 0 for m in moved] == sorted((m.days < 0 for m in moved), reverse=True)
        assert any(m.after.lead_id == LEAD and m.days == -1 for m in moved)
        lines = clocks.moved_lines(demo_db, moved)
        assert len(lines) == len(moved) + 1
    finally:
        target.unlink()


@pytest.mark.gui
def test_the_window_import_lists_the_days_the_deadlines_moved_and_the_notices(
        demo_db, data_dir, qtbot, prompts, tmp_path, december_22, fresh_calendar, english):
    from ui.deadlines import DeadlineBoard

    _assigned_lead_with_notice(demo_db, data_dir)
    board = DeadlineBoard(demo_db, prompts=prompts)
    qtbot.addWidget(board)
    prompts.files.append(str(_file(tmp_path, "jan.toml", JAN_2027)))
    try:
        assert board.import_calendar()
        said = prompts.infos[-1]
        assert "2027-01-09 (Saturday): rest day → working day" in said  # a first import: no question, yet listed
        assert "2027-01-12 (calendar unconfirmed) → 2027-01-11 (1 day earlier)" in said
        assert f"Lead {LEAD} received 2026-12-18" in said and "asks for the result by 2027-01-12" in said
    finally:
        (data_dir / "calendar" / "2027.toml").unlink(missing_ok=True)


# ---- 2. a mistyped date is said as a date --------------------------------------------------------------------
@pytest.mark.parametrize(("written", "said"), [
    ("2027-2-5", "write it as 2027-02-05"),
    ("2027/02/05", "write it as 2027-02-05"),
    ("2027年2月5日", "write it as 2027-02-05"),
    ("2027-13-03", "does not exist"),
    ("2027-00-10", "does not exist"),
    ("2027-02-30", "does not exist"),
])
def test_a_mistyped_date_is_named_with_its_file_line_and_how_to_write_a_date(tmp_path, written, said, english):
    path = _file(tmp_path, "mistyped.toml", JAN_2027.replace("from = 2027-02-05", f"from = {written}"))
    with pytest.raises(CalendarFileError) as refused:
        checked_year_file(path, importing=True)
    message = refused.value.message
    assert message.startswith(f"{path}, line 12: the date {written} ")
    assert said in message and "YYYY-MM-DD" in message and "half-width hyphens (-)" in message
    assert "without quotes" in message and "TOML" not in message


def test_a_date_in_a_list_of_make_up_days_is_said_as_a_date_and_other_toml_errors_are_not(tmp_path, english):
    path = _file(tmp_path, "list.toml", JAN_2027.replace("workdays = [2027-01-09", "workdays = [2027-1-9"))
    with pytest.raises(CalendarFileError, match=r"line 3: the date 2027-1-9 is not written as the file needs: "
                                                r"write it as 2027-01-09"):
        checked_year_file(path)
    path = _file(tmp_path, "toml.toml", JAN_2027.replace('source = "测试', 'source = 测试'))
    with pytest.raises(CalendarFileError, match="not valid TOML"):
        checked_year_file(path)


# ---- 3. how to write the year's file ---------------------------------------------------------------------------
def test_the_calendar_note_and_calendar_list_name_the_example_by_its_full_path(
        demo_db, data_dir, capsys, december_22, fresh_calendar, english):
    from workstation import clocks

    example = str(example_file())
    assert Path(example).is_absolute() and Path(example).is_file()
    note = clocks.calendar_note(clocks.board(demo_db), data_dir)
    assert "no holiday data for 2027" in note and example in note
    code, out, _err = run(capsys, "--data-dir", data_dir, "calendar", "list")
    assert code == 0 and example in out and "calendar list YEAR --template FILE" in out
    code, out, _err = run(capsys, "--data-dir", data_dir, "calendar", "list", "2027")
    assert code == 0 and example in out


def test_calendar_list_template_prints_a_commented_file_that_is_refused_until_filled_in(
        data_dir, tmp_path, capsys, fresh_calendar, english):
    from workstation.workdays import year_template

    written = tmp_path / "mine" / "2027.toml"
    written.parent.mkdir()
    code, said, err = run(capsys, "--data-dir", data_dir, "calendar", "list", "2027", "--template", written)
    assert code == 0, err
    assert str(written) in said and f"calendar import {written}" in said
    out = written.read_bytes().decode("utf-8")  # written in UTF-8 by the program, whatever the console's code page
    assert out == year_template(2027) and str(example_file()) in out and "YYYY-MM-DD" in out
    assert "year = 2027" in out.splitlines() and '# name = "春节"' in out
    assert not (data_dir / "calendar" / "2027.toml").exists()
    # never over a file there, nor into the calendar folder
    written.write_text("# mine\n", encoding="utf-8")
    code, _out, err = run(capsys, "--data-dir", data_dir, "calendar", "list", "2027", "--template", written)
    assert code != 0 and "exists already" in err and written.read_text(encoding="utf-8") == "# mine\n"
    (data_dir / "calendar").mkdir()
    code, _out, err = run(capsys, "--data-dir", data_dir, "calendar", "list", "2027", "--template",
                          data_dir / "calendar" / "2027.toml")
    assert code != 0 and "is in the calendar folder" in err and not (data_dir / "calendar" / "2027.toml").exists()
    code, _out, err = run(capsys, "--data-dir", data_dir, "calendar", "list", "--template", tmp_path / "x.toml")
    assert code != 0 and "--template" in err
    # unfilled, the file is refused (never taken as a year without holidays)
    path = _file(tmp_path, "2027.toml", out)
    with pytest.raises(CalendarFileError, match="元旦"):
        checked_year_file(path)
    # a date left to fill in, uncommented, is named as such
    _file(tmp_path, "2027.toml", out.replace("# workdays = ", "workdays = "))
    with pytest.raises(CalendarFileError, match="the date 2027-MM-DD is still to be filled in"):
        checked_year_file(path)
    # filled in, it is taken
    filled = out.replace("# workdays = [2027-MM-DD, 2027-MM-DD]", "workdays = [2027-01-09]")
    for name, first, last in (("元旦", "2027-01-01", "2027-01-03"), ("春节", "2027-02-05", "2027-02-13"),
                              ("清明节", "2027-04-03", "2027-04-05"), ("劳动节", "2027-05-01", "2027-05-05"),
                              ("端午节", "2027-06-09", "2027-06-11"), ("中秋节", "2027-09-15", "2027-09-17"),
                              ("国庆节", "2027-10-01", "2027-10-07")):
        block = f'# [[holiday]]\n# name = "{name}"\n# from = 2027-MM-DD\n# to = 2027-MM-DD'
        assert block in filled
        filled = filled.replace(block, f'[[holiday]]\nname = "{name}"\nfrom = {first}\nto = {last}')
    _file(tmp_path, "2027.toml", filled)
    data = checked_year_file(path)
    assert data.year == 2027 and dt.date(2027, 1, 9) in data.workdays


@pytest.mark.gui
def test_the_board_saves_a_commented_file_of_a_year_outside_the_calendar_folder_to_import(
        demo_db, data_dir, tmp_path, qtbot, prompts, monkeypatch, december_22, fresh_calendar, english):
    import ui.deadlines
    from ui.deadlines import DeadlineBoard
    from workstation.workdays import year_template

    opened: list[Path] = []
    monkeypatch.setattr(ui.deadlines, "_open_path", lambda path: opened.append(Path(path)) or True)
    board = DeadlineBoard(demo_db, prompts=prompts)
    qtbot.addWidget(board)
    board._fill_calendar_menu()
    action = next(a for a in board.calendar_button.menu().actions() if a.objectName() == "new_calendar_file")
    folder = data_dir / "calendar"
    action.trigger()  # no year chosen: nothing written
    assert opened == [] and not folder.exists()
    offered = prompts.offered[-1]
    assert offered[1:] == ["2026", "2027 (no holiday data yet)", "2028 (no holiday data yet)"]
    prompts.choices.append(1)  # a year, no file chosen: nothing written
    assert board.new_calendar_file() is None and opened == []
    assert prompts.offered_names[-1] == str(Path.home() / "2027.toml")
    target = tmp_path / "2027.toml"
    prompts.choices.append(1)
    prompts.files.append(str(target))
    assert board.new_calendar_file() == target
    assert target.read_text(encoding="utf-8") == year_template(2027) and opened == [target]
    said = prompts.infos[-1]
    assert str(target) in said and str(example_file()) in said and "import it with “Import holiday file…”" in said
    assert not folder.exists() or not list(folder.glob("*.toml"))  # nothing the calendar would take unsaid
    # the calendar folder refused as the place to save it
    folder.mkdir()
    prompts.choices.append(1)
    prompts.files.append(str(folder / "2027.toml"))
    assert board.new_calendar_file() is None
    assert "is in the calendar folder" in prompts.errors[-1] and not (folder / "2027.toml").exists()


# ---- 4. "already given" and "what to remove" follow what the reader took ----------------------------------------
def test_a_refused_year_file_does_not_stop_an_import_and_is_replaced(demo_db, data_dir, tmp_path, capsys,
                                                                      fresh_calendar, english):
    from workstation.clocks import data_dir_of

    data = data_dir_of(demo_db)
    target = _file(data / "calendar", "2027.toml", JAN_2027.replace("to = 2027-01-03", "to = 2027-13-03"))
    good = _file(tmp_path, "good.toml", JAN_2027)
    try:
        code, out, err = run(capsys, "--data-dir", data, "calendar", "import", good, "--json")
        assert code == 0, err
        assert json.loads(out)["replaced"] is False
        assert target.read_text(encoding="utf-8") == JAN_2027
        assert load_calendar(data).years[2027].origin == str(target)
    finally:
        target.unlink(missing_ok=True)


def test_a_year_given_by_a_copy_named_otherwise_is_already_given_and_removable(demo_db, data_dir, tmp_path, capsys,
                                                                              fresh_calendar, english):
    from workstation.clocks import data_dir_of

    data = data_dir_of(demo_db)
    folder = data / "calendar"
    copy = _file(folder, "2027 - 副本.toml", NO_MAKEUP_2027)
    other = _file(tmp_path, "jan.toml", JAN_2027)
    try:
        # not replaced without --replace, the days that would change listed
        code, _out, err = run(capsys, "--data-dir", data, "calendar", "import", other)
        assert code == 1 and f"{copy} already gives the holidays of 2027" in err and "--replace" in err
        assert "2027-01-09 (Saturday): rest day → working day" in err
        assert not (folder / "2027.toml").exists() and copy.exists()
        # removed by `calendar remove`, which names it
        code, out, err = run(capsys, "--data-dir", data, "calendar", "remove", "2027", "--json")
        assert code == 0, err
        assert json.loads(out)["file"] == str(copy) and not copy.exists()
        # replaced with --replace: 2027.toml in its place, the copy taken out (else both would be read)
        _file(folder, "2027 - 副本.toml", NO_MAKEUP_2027)
        code, out, err = run(capsys, "--data-dir", data, "calendar", "import", other, "--replace")
        assert code == 0, err
        assert f"replaced {copy}, which was removed from the calendar folder" in out
        assert "2027-01-09 (Saturday): rest day → working day" in out
        assert (folder / "2027.toml").read_text(encoding="utf-8") == JAN_2027 and not copy.exists()
        assert load_calendar(data).problems == []
    finally:
        for path in folder.glob("*.toml"):
            path.unlink()


@pytest.mark.gui
def test_the_window_offers_to_remove_the_file_the_calendar_reads_whatever_its_name(
        demo_db, data_dir, qtbot, prompts, fresh_calendar, english):
    from ui.deadlines import DeadlineBoard

    folder = data_dir / "calendar"
    copy = _file(folder, "2027 - 副本.toml", JAN_2027)
    refused = _file(folder, "2028.toml", "year = 2028\nnot toml\n")
    board = DeadlineBoard(demo_db, prompts=prompts)
    qtbot.addWidget(board)
    try:
        prompts.choices.append(0)
        prompts.confirm_answer = True
        assert board.remove_calendar()
        assert prompts.offered[-1][1:] == [f"2027 ({copy})", f"2028 ({refused}, refused: not read)"]
        assert not copy.exists() and refused.exists()
        assert "2027-01-09 (Saturday): working day → rest day" in prompts.confirmations[-1]
    finally:
        for path in folder.glob("*.toml"):
            path.unlink()


# ---- final read (s64): quoted dates, a refused file, the removal, the cap, the task runner -----------------------
@pytest.mark.parametrize("source", ['source = “国务院办公厅关于2027年部分节假日安排的通知（2026年11月12日）”',
                                    'source = "国务院办公厅关于2027年部分节假日安排的通知（2026年11月12日）'])
def test_a_date_inside_quoted_text_is_not_said_as_a_mistyped_date(tmp_path, source, english):
    path = _file(tmp_path, "quoted.toml", JAN_2027.replace('source = "测试：假设的2027年通知"', source))
    with pytest.raises(CalendarFileError) as refused:
        checked_year_file(path, importing=True)
    assert "line 2: this is not valid TOML" in refused.value.message
    assert "2026年11月12日" not in refused.value.message


@pytest.mark.gui
def test_the_window_asks_before_overwriting_a_refused_year_file(demo_db, data_dir, tmp_path, qtbot, prompts,
                                                                 fresh_calendar, english):
    from ui.deadlines import DeadlineBoard

    half = JAN_2027.replace("to = 2027-01-03", "to = 2027-MM-DD")
    target = _file(data_dir / "calendar", "2027.toml", half)
    board = DeadlineBoard(demo_db, prompts=prompts)
    qtbot.addWidget(board)
    try:
        prompts.files.append(str(_file(tmp_path, "jan.toml", JAN_2027)))
        prompts.confirm_answer = False
        assert not board.import_calendar()
        assert f"{target} is in the calendar folder, but the calendar refuses it" in prompts.confirmations[-1]
        assert target.read_text(encoding="utf-8") == half
        prompts.files.append(str(tmp_path / "jan.toml"))
        prompts.confirm_answer = True
        assert board.import_calendar()
        assert target.read_text(encoding="utf-8") == JAN_2027
    finally:
        target.unlink(missing_ok=True)


def test_calendar_remove_reads_the_folder_again_first_and_refuses_a_missing_file(
        demo_db, data_dir, capsys, december_22, fresh_calendar, english):
    from workstation.clocks import data_dir_of
    from workstation.workdays import default_calendar

    data = data_dir_of(demo_db)
    code, _out, err = run(capsys, "--data-dir", data, "calendar", "remove", "2027")
    assert code == 1 and "has no file of 2027 to remove" in err
    assert not default_calendar(data).confirmed(2027)  # read without 2027, then a file put in by hand
    target = _file(data / "calendar", "2027.toml", JAN_2027)
    code, out, err = run(capsys, "--data-dir", data, "calendar", "remove", "2027", "--json")
    assert code == 0, err
    result = json.loads(out)
    assert result["file"] == str(target) and not target.exists()
    assert {"day": "2027-01-09", "working": False, "holiday": ""} in result["changed_days"]


def test_the_moved_deadlines_said_are_capped_and_the_json_keeps_them_all(demo_db, data_dir, december_22,
                                                                         fresh_calendar, english):
    from workstation import clocks
    from workstation.calendar_change import change_calendar

    _assigned_lead_with_notice(demo_db, data_dir)
    data = clocks.data_dir_of(demo_db)
    source = _file(data / "in", "jan.toml", JAN_2027)
    try:
        done = change_calendar(demo_db, data, source=source, limit=0)
        assert done.moved and len(done.moved_lines) == 2
        assert done.moved_lines[1] == f"  … and {len(done.moved)} more"
        assert len(done.as_dict()["moved_deadlines"]) == len(done.moved)
        assert len(clocks.moved_lines(demo_db, done.moved)) == len(done.moved) + 1  # no limit: all
    finally:
        (data / "calendar" / "2027.toml").unlink(missing_ok=True)


@pytest.mark.gui
def test_the_window_imports_through_the_task_runner_and_counts_the_board_again(
        demo_db, data_dir, qtbot, prompts, tmp_path, december_22, fresh_calendar, english):
    from ui.deadlines import DeadlineBoard
    from ui.task_runner import TaskRunner
    from workstation.clocks import data_dir_of

    _assigned_lead_with_notice(demo_db, data_dir)
    demo_db.conn.commit()
    database = Path(demo_db.execute("PRAGMA database_list").fetchone()[2])
    runner = TaskRunner()
    board = DeadlineBoard(demo_db, runner=runner, database=database, prompts=prompts)
    qtbot.addWidget(board)
    board.show()
    board.refresh()
    qtbot.waitUntil(lambda: not board.counting.running and bool(board.deadlines), timeout=60_000)
    lead_due = [d.due for d in board.deadlines if d.lead_id == LEAD and d.clock == "T1"]
    assert lead_due == ["2027-01-12"]
    prompts.files.append(str(_file(tmp_path, "jan.toml", JAN_2027)))
    try:
        assert board.import_calendar()  # started: the window goes on meanwhile
        qtbot.waitUntil(lambda: bool(prompts.infos), timeout=60_000)
        said = prompts.infos[-1]
        assert "2027-01-12 (calendar unconfirmed) → 2027-01-11 (1 day earlier)" in said
        assert f"Lead {LEAD} received 2026-12-18" in said
        qtbot.waitUntil(lambda: not board.counting.running and any(
            d.lead_id == LEAD and d.clock == "T1" and d.due == "2027-01-11" for d in board.deadlines), timeout=60_000)
        assert (data_dir_of(demo_db) / "calendar" / "2027.toml").is_file()
    finally:
        runner.wait()
        (data_dir / "calendar" / "2027.toml").unlink(missing_ok=True)
