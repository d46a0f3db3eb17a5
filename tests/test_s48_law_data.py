"""The legal data files and the holiday year files are checked before use: a damaged clocks.toml or thresholds.toml
is a refusal naming the file, the line and the key (never a traceback, never a deadline counted in another unit) and
leaves the commands that do not read it working; a year file must keep the holidays the law fixes by date; the
import of a holiday file and a change of the backup settings are audited."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

from tests.helpers import full_2027
from workstation import clocks, paths
from workstation.errors import WorkstationError
from workstation.law import data as law_data

# a plausible 2027 (fictional; the festivals on the days resources' festivals data gives), its make-up working days
# Saturdays and Sundays
GOOD_2027 = full_2027("国务院办公厅关于2027年部分节假日安排的通知")


@pytest.fixture
def law_folder(tmp_path, monkeypatch):
    """A copy of resources/law the program reads instead of the shipped one; every cache of it forgotten before and
    after."""
    folder = tmp_path / "law"
    shutil.copytree(paths.resource("law"), folder)
    real = law_data.resource
    monkeypatch.setattr(law_data, "resource", lambda *parts: folder.joinpath(*parts[1:]) if parts[0] == "law"
                        else real(*parts))
    monkeypatch.setattr(law_data, "_PARSED", {})
    from workstation import cli

    monkeypatch.setattr(cli, "_PARSERS", {})
    clocks._rules.cache_clear()
    yield folder
    clocks._rules.cache_clear()


def _edit(path: Path, old: str, new: str) -> int:
    """Replace the first ``old`` in ``path``; the line it is on."""
    text = path.read_text(encoding="utf-8")
    at = text.index(old)
    path.write_text(text[:at] + new + text[at + len(old):], encoding="utf-8")
    return text.count("\n", 0, at) + 1


def _refusal() -> str:
    with pytest.raises(WorkstationError) as caught:
        clocks.rules()
    return caught.value.message


def test_a_key_written_twice_is_said_in_chinese_with_its_line_and_other_commands_work(law_folder, data_dir, capsys):
    from workstation.cli import main

    line = _edit(law_folder / "clocks.toml", "period = 15\n", "period = 15\nperiod = 15\n")
    message = _refusal()
    assert "clocks.toml" in message and (f"第 {line + 1} 行" in message or f"line {line + 1}" in message)
    assert "Cannot overwrite" not in message
    with pytest.raises(SystemExit) as version:
        main(["--version"])
    assert version.value.code == 0
    assert main(["init", "--data-dir", str(data_dir)]) == 0
    assert main(["backup", "list", "--data-dir", str(data_dir)]) == 0
    capsys.readouterr()
    assert main(["clocks", "--data-dir", str(data_dir)]) == 1
    err = capsys.readouterr().err
    assert "clocks.toml" in err and "Traceback" not in err and "Cannot overwrite" not in err


@pytest.mark.parametrize(("old", "new", "key"), [
    ("period = 15\n", 'period = "六十"\n', "period"),
    ("period = 15\n", "period = -5\n", "period"),
    ('unit = "wd"', 'unit = "WD"', "unit"),
    ('unit = "wd"', 'unit = "weeks"', "unit"),
])
def test_a_value_the_engine_cannot_count_is_refused_naming_line_and_key(law_folder, old, new, key):
    line = _edit(law_folder / "clocks.toml", old, new)
    message = _refusal()
    assert "clocks.toml" in message and key in message and "T1" in message
    assert str(line) in message


def test_an_unknown_unit_is_never_counted_as_months():
    engine = clocks._Engine(__import__("workstation.workdays", fromlist=["x"]).default_calendar(None),
                            dt.date(2026, 3, 2).toordinal())
    start = dt.date(2026, 3, 2).toordinal()
    assert engine.add("months", start, 1) == dt.date(2026, 4, 2).toordinal()
    with pytest.raises(ValueError):
        engine.add("weeks", start, 1)


def test_a_threshold_written_as_text_is_refused_naming_its_key(law_folder):
    line = _edit(law_folder / "thresholds.toml", "natural_person_fen = 1_000_000", 'natural_person_fen = "10000"')
    with pytest.raises(WorkstationError) as caught:
        law_data.load("thresholds")
    assert "thresholds.toml" in caught.value.message and "hearing.natural_person_fen" in caught.value.message
    assert str(line) in caught.value.message


def test_a_syntax_error_in_a_law_file_is_said_in_the_users_language(law_folder):
    _edit(law_folder / "criminal.toml", "\n", "\ntwice = 1\ntwice = 2\n")
    with pytest.raises(WorkstationError) as caught:
        law_data.load("criminal")
    assert "Cannot overwrite" not in caught.value.message and "criminal.toml" in caught.value.message


def _year_file(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "2027.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_a_year_file_without_the_fixed_holidays_is_refused(tmp_path):
    from workstation.workdays import CalendarFileError, read_year_file

    with pytest.raises(CalendarFileError) as caught:
        read_year_file(_year_file(tmp_path, 'year = 2027\nsource = "测试"\n'))
    assert "2027-01-01" in caught.value.message and "元旦" in caught.value.message
    with pytest.raises(CalendarFileError) as caught:
        read_year_file(_year_file(tmp_path, GOOD_2027.replace("2027-10-09]", "2027-10-09, 2027-10-02]")
                                  .replace("to = 2027-10-07", "to = 2027-10-01\n\n[[holiday]]\nname = \"国庆节\"\n"
                                           "from = 2027-10-03\nto = 2027-10-07")))
    assert "2027-10-02" in caught.value.message and "国庆节" in caught.value.message


def test_a_year_file_with_gaps_leaves_the_fixed_holidays_rest_days(data_dir):
    from workstation.workdays import load_calendar

    (data_dir / "calendar").mkdir()
    (data_dir / "calendar" / "2027.toml").write_text('year = 2027\nsource = "测试"\n', encoding="utf-8")
    calendar = load_calendar(data_dir)
    assert calendar.add_workdays(dt.date(2026, 12, 31), 1) == dt.date(2027, 1, 4)
    assert any("2027.toml" in p and "2027-01-01" in p for p in calendar.problems)


def test_a_weekday_make_up_day_is_warned_of_but_the_file_used(tmp_path, data_dir):
    from workstation.workdays import load_calendar, read_year_file

    data = read_year_file(_year_file(tmp_path, GOOD_2027.replace("2027-02-20,", "2027-02-22,")))
    assert len(data.warnings) == 1 and "2027-02-22" in data.warnings[0]
    assert not read_year_file(_year_file(tmp_path, GOOD_2027)).warnings
    (data_dir / "calendar").mkdir()
    (data_dir / "calendar" / "2027.toml").write_text(GOOD_2027.replace("2027-02-20,", "2027-02-22,"),
                                                     encoding="utf-8")
    calendar = load_calendar(data_dir)
    assert calendar.confirmed(2027) and any("2027-02-22" in p for p in calendar.problems)


def test_a_duplicate_key_in_a_year_file_is_said_in_the_users_language(tmp_path):
    from workstation.workdays import CalendarFileError, read_year_file

    with pytest.raises(CalendarFileError) as caught:
        read_year_file(_year_file(tmp_path, GOOD_2027.replace('source = "', 'source = "a"\nsource = "', 1)))
    assert "Cannot overwrite" not in caught.value.message and "第 3 行" in caught.value.message


def _audit_rows(db, entity: str) -> list[tuple]:
    return db.execute("SELECT action, entity_id FROM audit WHERE entity = ? ORDER BY seq", [entity]).fetchall()


def test_importing_and_replacing_a_year_file_is_audited(db, data_dir, tmp_path):
    from workstation.workdays import import_year_file

    source = _year_file(tmp_path, GOOD_2027)
    try:
        import_year_file(data_dir, source, db=db)
        import_year_file(data_dir, source, replace=True, db=db)  # the same days: nothing to replace, nothing audited
        import_year_file(data_dir, _year_file(tmp_path, GOOD_2027.replace("2027-10-09", "2027-10-10")), replace=True,
                         db=db)
    finally:
        from workstation.workdays import reload_calendars

        reload_calendars()
    assert [tuple(r) for r in _audit_rows(db, "calendar")] == [("import", "2027"), ("replace", "2027")]


def test_changing_the_backup_folder_or_keep_is_audited(db, data_dir, tmp_path):
    from workstation.backup import save_backup_settings

    save_backup_settings(data_dir, folder=str(tmp_path / "usb"))
    save_backup_settings(data_dir, keep=3)
    save_backup_settings(data_dir, keep=3)  # no change: nothing to audit
    assert [tuple(r) for r in _audit_rows(db, "backup_settings")] == [("update", "backup"), ("update", "backup")]
