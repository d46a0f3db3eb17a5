"""The command line against ../shared/CLI.md after review 12: the language setting, English output of data labels,
exit 2 for an option value outside its list, the bounds and remarks of `calendar add-workdays`, progress on
stderr when it is not a terminal, and messages that name the option or the path the officer typed."""

import io
import json
import sqlite3

import pytest

from tests.helpers import run, run_json
from workstation import i18n
from workstation.cli import MAX_WORKDAYS, _stderr_progress
from workstation.paths import database_path

HEADER = "投诉编号,投诉时间,投诉人电话,投诉内容\n"
GOOD_ROW = "T1,2026-03-05 10:00:00,13800138000,0757-81234567打来推销楼盘\n"


@pytest.fixture
def station(tmp_path, cli_station):
    return cli_station(tmp_path / "station", ["init", "--agency", "440605"], ["demo", "--without-complaints"])


def cjk(text: str) -> bool:
    return any("\u4e00" <= c <= "\u9fff" for c in text)


# 1. WORKSTATION_LANG ------------------------------------------------------------------------------------------
@pytest.mark.parametrize("given", ["zh", "zh_CN", "zh_CN.UTF-8", "zh-CN", "zh_TW", "C", "fr", "POSIX", "", None])
def test_every_language_setting_but_english_gives_chinese(monkeypatch, given):
    if given is None:
        monkeypatch.delenv("WORKSTATION_LANG", raising=False)
    else:
        monkeypatch.setenv("WORKSTATION_LANG", given)
    previous = i18n.language()
    try:
        assert i18n.set_language() == "zh_CN"
        assert i18n._("Cases") == "案件"
    finally:
        i18n.set_language(previous)


@pytest.mark.parametrize("given", ["en", "en_US", "en_GB.UTF-8", "en-US", "EN"])
def test_every_english_setting_gives_english(monkeypatch, given):
    monkeypatch.setenv("WORKSTATION_LANG", given)
    previous = i18n.language()
    try:
        assert i18n.set_language() == "en"
        assert i18n._("Cases") == "Cases"
    finally:
        i18n.set_language(previous)


# 2. English output of what comes from data files --------------------------------------------------------------
def test_english_case_list_and_clocks_name_sectors_statuses_and_time_limits_in_english(station, capsys, english):
    code, out, _err = run(capsys, "--data-dir", station, "cases", "list", "--sector", "education")
    assert code == 0
    first = out.splitlines()[0].split("\t")
    assert first[2] == "Education and training" and not cjk(first[4])
    code, out, _err = run(capsys, "--data-dir", station, "clocks", "--case", "佛南市监立〔2026〕9号")
    assert code == 0
    t2 = next(line for line in out.splitlines() if " T2 " in line)
    assert "Make the decision (case-handling period)" in t2 and "作出处理决定" not in t2
    assert not cjk(t2.replace("佛南市监立〔2026〕9号", ""))


def test_chinese_case_list_and_clocks_keep_the_chinese_labels(station, capsys, chinese):
    code, out, _err = run(capsys, "--data-dir", station, "cases", "list", "--sector", "education")
    assert code == 0 and out.splitlines()[0].split("\t")[2] == "教育培训"
    code, out, _err = run(capsys, "--data-dir", station, "clocks", "--case", "佛南市监立〔2026〕9号")
    assert "T2 作出处理决定（办案期限）" in out


def test_english_criminal_thresholds_explain_in_english_and_chinese_stays_chinese(capsys, tmp_path, english):
    code, out, _err = run(capsys, "--data-dir", tmp_path / "d", "law", "criminal", "--gains", "6000")
    assert code == 0
    assert out == ("Illegal gains ¥6,000.00 ≥ ¥5,000.00: the “serious circumstances” standard is reached "
                   "(art. 5 para. 1 item 7).\nConclusion: suspected crime of infringing citizens' personal "
                   "information; the case must be transferred to the police.\n")
    code, out, _err = run(capsys, "--data-dir", tmp_path / "d", "law", "criminal", "--other", "3200", "--sensitive",
                          "200")
    assert "Other personal information 3,200 ÷ 5,000 = 0.64" in out and "(art. 5 para. 1 item 6)" in out
    i18n.set_language("zh_CN")
    code, out, _err = run(capsys, "--data-dir", tmp_path / "d", "law", "criminal", "--gains", "6000")
    assert out.startswith("违法所得 ¥6,000.00 ≥ ¥5,000.00：达到“情节严重”标准（第五条第一款第七项）。")


def test_the_criminal_grounds_of_the_transfer_letter_stay_chinese_in_english(english):
    from workstation.law.criminal import assess

    assert assess(0, 0, 0, 600_000).grounds.startswith("当事人的上述行为达到")


def test_english_calendar_remark_names_the_holiday_in_english(capsys, tmp_path, english):
    code, out, err = run(capsys, "--data-dir", tmp_path / "d", "calendar", "add-workdays", "2026-10-01", "0")
    assert (code, out) == (0, "2026-10-08\n")
    assert err == "Note: 2026-10-01 is a rest day (National Day); the next working day is 2026-10-08.\n"
    code, out, err = run(capsys, "--data-dir", tmp_path / "d", "calendar", "add-workdays", "2026-12-25", "10")
    assert "New Year's Day (1 January), Labour Day (1–2 May), National Day (1–3 October)" in err
    assert not cjk(err)


def test_one_unreadable_complaint_row_is_said_in_the_singular(tmp_path, capsys, english):
    bad = tmp_path / "c1.csv"
    bad.write_text(HEADER + GOOD_ROW + "T2,2026-02-30 10:00,13800138001,推销\n", encoding="utf-8")
    code, out, err = run(capsys, "--data-dir", tmp_path / "d", "complaints", "import", bad)
    assert code == 1
    assert f"Error: {bad}: 1 row cannot be read; nothing was imported from this file. First: row 3" in err


# 3. exit codes ------------------------------------------------------------------------------------------------
@pytest.mark.parametrize("option, value, allowed", [
    ("--status", "xyz", "pending_filing (待立案), not_filed (不予立案), investigating (立案调查)"),
    ("--sector", "bad", "real_estate (房地产租售), education (教育培训), decoration (装饰装修), microloan (小贷金融), "
                        "other (其他)"),
])
def test_an_unknown_filter_value_is_a_usage_error_naming_the_allowed_values(station, capsys, english, option, value,
                                                                            allowed):
    code, out, err = run(capsys, "--data-dir", station, "cases", "list", option, value, "--json")
    assert (code, out) == (2, "")
    assert err.startswith(f"Error: {option}: Unknown value {value}; use one of: {allowed}")


def test_an_unknown_import_profile_is_a_usage_error_and_imports_nothing(station, tmp_path, capsys, english):
    good = tmp_path / "c2.csv"
    good.write_text(HEADER + GOOD_ROW, encoding="utf-8")
    code, out, err = run(capsys, "--data-dir", station, "complaints", "import", good, "--profile", "bogus")
    assert (code, out) == (2, "")
    assert err == "Error: Unknown import profile bogus: use one of 12345, consumer_council, 12315.\n"
    conn = sqlite3.connect(database_path(station))
    try:
        assert conn.execute("SELECT COUNT(*) FROM complaints").fetchone()[0] == 0
    finally:
        conn.close()


# 4. calendar add-workdays ---------------------------------------------------------------------------------------
@pytest.mark.parametrize("n", ["99999", "-99999", str(MAX_WORKDAYS + 1)])
def test_a_count_beyond_the_limit_is_refused_naming_it(capsys, tmp_path, english, n):
    code, out, err = run(capsys, "--data-dir", tmp_path / "d", "calendar", "add-workdays", "2026-10-01", n)
    assert (code, out) == (1, "")
    assert err == (f"Error: N: {n} working days is more than this command counts: give at most 3650 "
                   "(or -3650).\n")


def test_the_limit_itself_is_counted(capsys, tmp_path, english):
    result = run_json(capsys, "--data-dir", tmp_path / "d", "calendar", "add-workdays", "2026-10-01",
                      str(MAX_WORKDAYS))
    assert result["date"] > "2040-01-01" and result["confirmed"] is False


def test_zero_is_the_day_itself_on_a_working_day_and_the_next_one_on_a_rest_day(capsys, tmp_path, english):
    code, out, err = run(capsys, "--data-dir", tmp_path / "d", "calendar", "add-workdays", "2026-10-09", "0")
    assert (code, out, err) == (0, "2026-10-09\n", "")
    assert run_json(capsys, "--data-dir", tmp_path / "d", "calendar", "add-workdays", "2026-10-09", "0") == {
        "date": "2026-10-09", "confirmed": True, "workday": True}
    assert run_json(capsys, "--data-dir", tmp_path / "d", "calendar", "add-workdays", "2026-10-01", "0") == {
        "date": "2026-10-08", "confirmed": True, "workday": False}


def test_an_unconfirmed_year_is_named_with_its_file_in_json_and_on_stderr_in_text(capsys, tmp_path, english):
    data = tmp_path / "d"
    code, out, err = run(capsys, "--data-dir", data, "calendar", "add-workdays", "2026-12-25", "10", "--json")
    assert code == 0
    result = json.loads(out)
    assert result["date"] == "2027-01-11" and result["confirmed"] is False
    assert result["unconfirmed_years"] == [2027]
    assert result["calendar_files"] == [str(data / "calendar" / "2027.toml")]
    assert err == ""
    code, out, err = run(capsys, "--data-dir", data, "calendar", "add-workdays", "2026-12-25", "10")
    assert (code, out) == (0, "2027-01-11\n")
    assert err.startswith("Unconfirmed: there is no holiday data for 2027") and str(data / "calendar" / "2027.toml") \
        in err


# 5. progress --------------------------------------------------------------------------------------------------
class Terminal(io.StringIO):
    def isatty(self):
        return True


@pytest.fixture
def clock(monkeypatch):
    """The clock the progress lines are spaced by, moved on by hand: ``clock.now``."""
    import workstation.cli

    class Clock:
        now = 1000.0

    monkeypatch.setattr(workstation.cli, "_progress_clock", lambda: Clock.now)
    return Clock


def test_progress_to_a_pipe_is_a_whole_line_a_second_without_carriage_returns(english, clock):
    stream = io.StringIO()
    report = _stderr_progress(stream)
    for done in range(29074):  # 29,073 database pages copied in 29 seconds
        clock.now += 0.001
        report(done, 29073, "Copying the database")
    clock.now += 0.2
    report(1, 2, "Writing the backup")  # within the second: not said
    report(2, 2, "Writing the backup")
    text = stream.getvalue()
    assert "\r" not in text and "/" not in text
    lines = text.splitlines()
    assert lines[0] == "Copying the database: 3%"  # a second of work done
    assert lines[-1] == "Copying the database: 100%" and len(lines) == 30
    assert all(line.startswith("Copying the database: ") and line.endswith("%") for line in lines)


def test_work_done_within_a_second_says_no_progress_to_a_pipe(english, clock):
    stream = io.StringIO()
    report = _stderr_progress(stream)
    for done in range(101):
        clock.now += 0.005
        report(done, 100, "Importing 工单.csv")
    assert stream.getvalue() == ""


def test_progress_on_a_terminal_rewrites_one_line_with_the_percentage(english):
    stream = Terminal()
    report = _stderr_progress(stream)
    for done in range(0, 1025):
        report(done, 1024, "Copying the database")
    text = stream.getvalue()
    assert text.startswith("\rCopying the database: 0%\rCopying the database: 1%")
    assert text.endswith("\rCopying the database: 100%\n") and "1024" not in text
    assert text.count("\r") == 101  # once per percentage, not once per page


def test_a_long_backup_with_json_says_its_progress_on_stderr_and_keeps_stdout_json(station, tmp_path, capsys,
                                                                                     english, clock, monkeypatch):
    import workstation.cli

    def slow():  # every look at the clock finds a second gone: each step's progress is said
        clock.now += 1
        return clock.now

    monkeypatch.setattr(workstation.cli, "_progress_clock", slow)
    code, out, err = run(capsys, "--data-dir", station, "backup", "create", "--folder", tmp_path / "备份", "--json")
    assert code == 0
    assert json.loads(out)["path"]
    *progress, note = err.splitlines()  # the data is not encrypted: said last (session 61)
    assert note.startswith("Note: This backup is not encrypted")
    first, *lines, last = progress
    assert (first, last) == ("Writing a backup…", "Backup finished.")  # said to a pipe however long it takes
    assert lines and "\r" not in err and all(": " in line and line.endswith("%") for line in lines)
    assert lines[-1].endswith(": 100%")


# 6. messages --------------------------------------------------------------------------------------------------
def test_a_missing_passphrase_file_names_the_option(station, tmp_path, capsys, english):
    missing = tmp_path / "nofile.txt"
    code, out, err = run(capsys, "--data-dir", station, "stats", "--passphrase-file", missing)
    assert (code, out, err) == (1, "", f"Error: --passphrase-file {missing}: no such file.\n")
    code, out, err = run(capsys, "--data-dir", station, "stats", "--passphrase-file", tmp_path)
    assert (code, out, err) == (1, "", f"Error: --passphrase-file {tmp_path} is a folder: choose a file.\n")


def test_a_header_without_the_complaint_text_points_to_renaming_the_column(tmp_path, capsys, english):
    only = tmp_path / "onlyhdr.csv"
    only.write_text("投诉编号,投诉时间,投诉人电话,备注\nT1,2026-03-05 10:00:00,13800138000,无\n", encoding="utf-8")
    code, out, err = run(capsys, "--data-dir", tmp_path / "d", "complaints", "import", only)
    assert code == 1
    assert f"Error: {only}, row 1: no column of this header is recognised as the complaint text" in err
    assert "Rename that column to one of these headers" in err


def test_two_exports_of_one_name_are_told_apart_by_the_path_typed(tmp_path, capsys, english):
    first, second = tmp_path / "南海" / "工单.csv", tmp_path / "顺德" / "工单.csv"
    for path in (first, second):
        path.parent.mkdir()
    first.write_text(HEADER + GOOD_ROW, encoding="utf-8")
    second.write_text(HEADER + "T9,2026-02-30 10:00,13800138009,推销\n", encoding="utf-8")
    code, out, err = run(capsys, "--data-dir", tmp_path / "d", "complaints", "import", first, second, "--json")
    assert code == 1
    result = json.loads(out)
    assert result["imported_files"] == [] and result["refused_files"] == [str(second)]  # all or none
    assert [f["file"] for f in result["files"]] == [str(first), str(second)]
    assert result["files"][1]["errors"][0]["file"] == str(second)
    assert result["files"][1]["refused"].startswith(f"{second}: 1 row cannot be read")
    assert err.startswith(f"Error: {second}: 1 row cannot be read")
    code, out, err = run(capsys, "--data-dir", tmp_path / "d", "complaints", "import", first)
    assert out.startswith(str(first))  # imported now, said of the path typed


def test_bundle_verify_names_a_station_never_named_unnamed(station, tmp_path, capsys, english):
    conn = sqlite3.connect(database_path(station))
    try:
        conn.execute("UPDATE stations SET name = '站点' WHERE role = 'self'")
        conn.commit()
    finally:
        conn.close()
    bundle = tmp_path / "b2.bundle"
    assert run(capsys, "--data-dir", station, "bundle", "export", "-o", bundle, "--case", "佛南市监立〔2026〕9号")[0] == 0
    code, out, err = run(capsys, "--data-dir", tmp_path / "hq", "bundle", "verify", bundle)
    if code != 0:  # verify needs a data directory of its own
        run(capsys, "--data-dir", tmp_path / "hq", "init")
        code, out, err = run(capsys, "--data-dir", tmp_path / "hq", "bundle", "verify", bundle)
    assert code == 0, err
    assert out.startswith(f"{bundle}: valid, signed by station unnamed (fingerprint ")
    assert "), 1 case.\n" in out and "站点" not in out
