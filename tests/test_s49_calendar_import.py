# ruff: noqa: F811 - the fixtures imported from test_yearfix are used by name
"""Adding the 2027 holiday calendar: the board offers 导入节假日文件… and 打开日历文件夹 whatever its note says (a
wrong 2027 file can be replaced, a year added early) and beside the calendar's problems; a stray copy in the calendar
folder ("2027 - 副本.toml") does not silently override 2027.toml; ``calendar import`` and ``calendar remove`` add
and take away a yearly file from the command line, checked and audited, counting the interviews' rectification
deadlines again."""

from __future__ import annotations

import json

import pytest

from tests.helpers import run
from tests.test_yearfix import CAL_2027, _december_interview, january_4  # noqa: F401
from workstation.workdays import load_calendar, read_year_folder, reload_calendars

# a make-up working day on a Thursday: used, with a warning
WARNED_2027 = CAL_2027.replace('source = "测试用通知"', 'source = "测试用通知"\nworkdays = [2027-01-07]')
OTHER_2027 = CAL_2027.replace("to = 2027-01-05", "to = 2027-01-03")  # 元旦 1–3 January


def _audit(db) -> list[tuple]:
    return db.execute("SELECT action, entity_id FROM audit WHERE entity = 'calendar' ORDER BY rowid").fetchall()


# ---- 1. the board's calendar actions
@pytest.mark.gui
def test_the_board_offers_the_calendar_actions_without_the_note_and_beside_the_problems(
        demo_db, qtbot, prompts, tmp_path, january_4, english):
    from ui.deadlines import DeadlineBoard
    from workstation.clocks import data_dir_of

    reload_calendars()
    _december_interview(demo_db)
    board = DeadlineBoard(demo_db, prompts=prompts)
    qtbot.addWidget(board)
    board.show()
    board.refresh()
    assert board.calendar_button.isVisibleTo(board)  # on the board, note or not
    target = data_dir_of(demo_db) / "calendar" / "2027.toml"
    warned = tmp_path / "warned.toml"
    warned.write_text(WARNED_2027, encoding="utf-8")
    prompts.files.append(str(warned))
    try:
        assert board.import_calendar()
        assert not board.table.note.isVisibleTo(board)  # 2027 known: no note, so no actions under it
        assert board.problems.isVisibleTo(board) and "2027-01-07" in board.problems.text()
        assert board.problems_actions.isVisibleTo(board)  # the problem shown with what mends it
        assert board.calendar_button.isVisibleTo(board)
        # the wrong file replaced from the board's own menu
        good = tmp_path / "good.toml"
        good.write_text(CAL_2027, encoding="utf-8")
        prompts.files.append(str(good))
        prompts.confirm_answer = True
        import_action = next(a for a in board.calendar_button.menu().actions() if a.objectName() == "import_calendar")
        import_action.trigger()
        assert target.read_text(encoding="utf-8") == CAL_2027
        assert not board.problems.isVisibleTo(board) and not board.problems_actions.isVisibleTo(board)
        assert board.calendar_button.isVisibleTo(board)
        # a group without unconfirmed deadlines still offers them
        for index in range(board.group.count()):
            board.group.setCurrentIndex(index)
            assert board.calendar_button.isVisibleTo(board)
    finally:
        target.unlink(missing_ok=True)
        reload_calendars()


# ---- 2. two files for one year
def _folder(tmp_path, files: dict[str, str]):
    folder = tmp_path / "calendar"
    folder.mkdir()
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def test_the_file_named_for_its_year_wins_over_a_stray_copy_which_is_named(tmp_path, english):
    folder = _folder(tmp_path, {"2027.toml": CAL_2027, "2027 - 副本.toml": OTHER_2027,
                                "2027-修正.toml": OTHER_2027})
    problems: list[str] = []
    years = read_year_folder(folder, problems)
    assert years[2027].origin == str(folder / "2027.toml")
    assert len(problems) == 2
    for problem, name in zip(problems, ("2027 - 副本.toml", "2027-修正.toml"), strict=True):
        assert problem.startswith(f"{folder / name}, line 1: year 2027 is already given by {folder / '2027.toml'}")
        assert "ignored" in problem


def test_several_files_for_a_year_none_named_for_it_are_all_refused(tmp_path, english):
    folder = _folder(tmp_path, {"2027 - 副本.toml": CAL_2027, "2027-修正.toml": OTHER_2027})
    problems: list[str] = []
    assert 2027 not in read_year_folder(folder, problems)
    assert len(problems) == 1
    assert "2027 - 副本.toml" in problems[0] and "2027-修正.toml" in problems[0] and "2027.toml" in problems[0]
    calendar = load_calendar(tmp_path)
    assert not calendar.confirmed(2027)


def test_a_refused_file_of_the_folder_is_not_said_to_need_a_restart(tmp_path, english):
    folder = _folder(tmp_path, {"2027.toml": CAL_2027.replace("year = 2027", "year = 2027\nyaer = 1")})
    problems: list[str] = []
    read_year_folder(folder, problems)
    assert problems and "restart" not in problems[0] and "ignored" in problems[0]


# ---- 3. the command line
def test_calendar_import_and_remove_from_the_command_line(demo_db, tmp_path, capsys, january_4, english):
    from workstation.clocks import data_dir_of
    from workstation.store.interviews import get_interview

    reload_calendars()
    interview = _december_interview(demo_db)
    assert get_interview(demo_db, interview.id).rectification_due == "2027-01-12"
    data = data_dir_of(demo_db)
    target = data / "calendar" / "2027.toml"
    bad = tmp_path / "bad.toml"
    bad.write_text(CAL_2027.replace("to = 2027-01-05", "to = 2027-13-05"), encoding="utf-8")
    good = tmp_path / "good.toml"
    good.write_text(CAL_2027, encoding="utf-8")
    try:
        code, out, err = run(capsys, "--data-dir", data, "calendar", "import", bad, "--json")
        assert code == 1 and f"{bad}, line 6" in err and not target.exists() and _audit(demo_db) == []
        code, out, err = run(capsys, "--data-dir", data, "calendar", "import", good, "--json")
        assert code == 0, err
        result = json.loads(out)
        assert result["year"] == 2027 and result["file"] == str(target) and result["replaced"] is False
        assert target.read_text(encoding="utf-8") == CAL_2027
        assert _audit(demo_db) == [("import", "2027")]
        assert get_interview(demo_db, interview.id).rectification_due == "2027-01-14"  # counted again
        # that year has a file: replaced only with --replace
        other = tmp_path / "other.toml"
        other.write_text(OTHER_2027, encoding="utf-8")
        code, out, err = run(capsys, "--data-dir", data, "calendar", "import", other)
        assert code == 1 and "already gives the holidays of 2027" in err
        assert target.read_text(encoding="utf-8") == CAL_2027
        code, out, err = run(capsys, "--data-dir", data, "calendar", "import", other, "--replace", "--json")
        assert code == 0 and json.loads(out)["replaced"] is True
        assert _audit(demo_db)[-1] == ("replace", "2027")
        # removed: audited, the year unconfirmed again
        code, out, err = run(capsys, "--data-dir", data, "calendar", "remove", "2027", "--json")
        assert code == 0, err
        assert json.loads(out)["year"] == 2027 and not target.exists()
        assert _audit(demo_db)[-1] == ("remove", "2027")
        code, out, err = run(capsys, "--data-dir", data, "calendar", "remove", "2027")
        assert code == 1 and "2027.toml" in err
        code, out, err = run(capsys, "--data-dir", data, "calendar", "add-workdays", "2027-01-04", "1", "--json")
        assert json.loads(out)["confirmed"] is False
    finally:
        target.unlink(missing_ok=True)
        reload_calendars()
