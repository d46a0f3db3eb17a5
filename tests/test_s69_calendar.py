# ruff: noqa: F811 - the fixtures imported from test_yearfix are used by name
"""Faults of bringing in the 2027 holiday data found by the s69 audit (calendar2027): headquarters and a station
compare the days a year file gives, not its bytes — a file differing only in its source text, comments or line ends
is the same (1); the interview register marks a typed deadline the imported calendar makes a rest day with the day it
runs to, as the deadline board counts it (2); importing the file in use again changes nothing, says so and is not
audited (3); a make-up working day given twice is refused naming its line, a short holiday name is mapped to the
notice's and a name outside the notice's is warned of naming its line (4)."""

from __future__ import annotations

import csv
import hashlib
import io
import re
from pathlib import Path

import pytest

from tests.helpers import open_db, run, run_json
from tests.test_interview_walk import industry_interview
from tests.test_s49_calendar_in_bundles import STATION, _hand_out, _import_year, _named_headquarters
from workstation.workdays import CalendarFileError, read_year_file, reload_calendars

# the audit's 2027 file: 春节 5–12 February, make-up working days 31 January and 20 February …
CAL = """year = 2027
source = "国务院办公厅关于2027年部分节假日安排的通知（2026年12月5日发布，模拟）"
workdays = [
  2027-01-31,  # 春节调休，周日上班
  2027-02-20,  # 春节调休，周六上班
  2027-04-25,
  2027-05-08,
  2027-09-26,
  2027-10-09,
]

[[holiday]]
name = "元旦"
from = 2027-01-01
to = 2027-01-03

[[holiday]]
name = "春节"
from = 2027-02-05
to = 2027-02-12

[[holiday]]
name = "清明节"
from = 2027-04-03
to = 2027-04-05

[[holiday]]
name = "劳动节"
from = 2027-05-01
to = 2027-05-05

[[holiday]]
name = "端午节"
from = 2027-06-09
to = 2027-06-09

[[holiday]]
name = "中秋节"
from = 2027-09-15
to = 2027-09-15

[[holiday]]
name = "国庆节"
from = 2027-10-01
to = 2027-10-07
"""
# the same days: another source text, comments, Windows line ends
SAME_DAYS = CAL.replace("2026年12月5日发布，模拟", "站点自行录入").replace("# 春节调休，周日上班", "").replace(
    "\n", "\r\n") + "# 核对人：张三\r\n"
OTHER_DAYS = CAL.replace("to = 2027-01-03", "to = 2027-01-04")  # 元旦 to Monday 4 January


@pytest.fixture(autouse=True)
def _calendars_forgotten():
    reload_calendars()
    yield
    reload_calendars()


def _folder(root: Path, text: str) -> Path:
    (root / "calendar").mkdir(parents=True)
    (root / "calendar" / "2027.toml").write_bytes(text.encode("utf-8"))
    return root


def _calendar_audit(data_dir: Path) -> list[tuple]:
    db = open_db(data_dir)
    try:
        return db.execute("SELECT action, entity_id FROM audit WHERE entity = 'calendar' ORDER BY seq").fetchall()
    finally:
        db.conn.close()


# 1. the same days are the same, whatever the bytes ----------------------------------------------------------------
def _warned(hq: Path, manifest: dict) -> list[str]:
    """The statuses headquarters ``hq`` says of 2027 for a station's bundle of ``manifest``, as its import does."""
    from workstation.bundle.calendar_part import MANIFEST_KEY, manifest_days, station_warnings

    said = station_warnings(hq, manifest[MANIFEST_KEY], STATION, manifest_days(manifest))["years"]
    return [e["status"] for e in said if e["year"] == 2027]


def test_headquarters_says_nothing_of_a_station_year_file_with_the_same_days(tmp_path, english):
    from workstation.bundle.calendar_part import manifest_entries

    hq, same, other = (_folder(tmp_path / name, text) for name, text in
                       (("hq", CAL), ("same", SAME_DAYS), ("other", OTHER_DAYS)))
    assert _warned(hq, manifest_entries(same, "2027-01-20T10:00:00+08:00")) == []
    assert _warned(hq, manifest_entries(other, "2027-01-20T10:00:00+08:00")) == ["station_differs"]


def test_a_bundle_written_before_with_only_the_byte_hash_is_still_read(tmp_path, english):
    from workstation.bundle.calendar_part import station_warnings, valid_counted

    hq = _folder(tmp_path / "hq", CAL)
    identical = {"2027": hashlib.sha256(CAL.encode("utf-8")).hexdigest()}
    other = {"2027": hashlib.sha256(SAME_DAYS.encode("utf-8")).hexdigest()}
    assert valid_counted(identical)
    assert station_warnings(hq, identical, STATION)["years"] == []
    # the bytes are all such a bundle says: a different file is warned of as before
    assert [e["status"] for e in station_warnings(hq, other, STATION)["years"]] == ["station_differs"]
    assert _warned(hq, {"calendar": other}) == ["station_differs"]  # its manifest read as the import reads it
    assert _warned(hq, {"calendar": identical}) == []


def _valid_before(value) -> bool:
    """The manifest's `calendar` as the version before this session's checked it (``calendar_part.valid_counted``
    of app 0.1.0, bundle format 3, copied): a bundle it finds otherwise is refused as incomplete."""
    return isinstance(value, dict) and all(
        isinstance(k, str) and re.fullmatch(r"[0-9]{4}", k) and isinstance(v, str)
        and re.fullmatch(r"[0-9a-f]{64}|shipped|none", v) for k, v in value.items())


def test_a_bundle_s_manifest_is_one_the_version_before_reads(capsys, station_and_hq_dirs, english):
    """An installation still on the version before (the same app version and bundle format) reads every new bundle:
    the manifest's `calendar` as it was, the days under a key of their own."""
    from workstation.bundle.reader import open_bundle
    from workstation.station import box_private_key
    from workstation.workdays import days_digest

    dirs = station_and_hq_dirs
    _named_headquarters(capsys, dirs)
    _import_year(capsys, dirs / "station", SAME_DAYS)
    run_json(capsys, "--data-dir", dirs / "station", "bundle", "export", "-o", dirs / "s1.bundle")
    with open_bundle(dirs / "s1.bundle", box_private_key(dirs / "hq")) as bundle:
        manifest = bundle.manifest
    assert _valid_before(manifest["calendar"]), manifest["calendar"]
    held = (dirs / "station" / "calendar" / "2027.toml").read_bytes()
    assert manifest["calendar"]["2027"] == hashlib.sha256(held).hexdigest()
    assert manifest["calendar_days"] == {
        "2027": days_digest(read_year_file(dirs / "station" / "calendar" / "2027.toml"))}
    # headquarters, holding the same days written otherwise, says nothing of the year
    _import_year(capsys, dirs / "hq", CAL)
    result = run_json(capsys, "--data-dir", dirs / "hq", "bundle", "import", dirs / "s1.bundle")
    assert [e for e in result["calendar"]["years"] if e["year"] == 2027] == []


def test_a_manifest_giving_the_days_under_calendar_is_read_too(tmp_path, english):
    """The manifest as this session's first commit wrote it ({"sha256", "days"} under `calendar`): read, not
    refused, the days compared."""
    from workstation.bundle.calendar_part import manifest_days, valid_counted
    from workstation.workdays import days_digest

    hq = _folder(tmp_path / "hq", CAL)
    station = _folder(tmp_path / "station", SAME_DAYS)
    days = days_digest(read_year_file(station / "calendar" / "2027.toml"))
    written = {"calendar": {"2027": {"sha256": hashlib.sha256(SAME_DAYS.encode("utf-8")).hexdigest(),
                                     "days": days}}}
    assert valid_counted(written["calendar"]) and manifest_days(written) == {"2027": days}
    assert _warned(hq, written) == []


def test_the_station_keeps_its_own_file_of_the_same_days_saying_nothing(capsys, station_and_hq_dirs, english):
    dirs = station_and_hq_dirs
    _named_headquarters(capsys, dirs)
    _import_year(capsys, dirs / "hq", CAL)
    _import_year(capsys, dirs / "station", SAME_DAYS)
    target = dirs / "station" / "calendar" / "2027.toml"
    kept = target.read_bytes()
    bundle = _hand_out(capsys, dirs, "h1.bundle")
    assert run_json(capsys, "--data-dir", dirs / "station", "bundle", "import", bundle, "--dry-run")[
        "calendar"]["years"] == []
    code, out, err = run(capsys, "--data-dir", dirs / "station", "bundle", "import", bundle)
    assert code == 0, err
    assert "2027" not in out and "differs" not in out
    assert target.read_bytes() == kept and not (dirs / "station" / "headquarters-calendar" / "2027.toml").exists()
    assert _calendar_audit(dirs / "station") == [("import", "2027")]
    # and headquarters says nothing of the station's bundle
    run_json(capsys, "--data-dir", dirs / "station", "bundle", "export", "-o", dirs / "s1.bundle")
    result = run_json(capsys, "--data-dir", dirs / "hq", "bundle", "import", dirs / "s1.bundle")
    assert [e for e in result["calendar"]["years"] if e["year"] == 2027] == []


# 2. the register shows the day a typed deadline runs to ------------------------------------------------------------
def test_the_register_shows_a_typed_deadline_on_an_imported_holiday_rolled_forward(
        demo_db, data_dir, capsys, tmp_path, english):
    from workstation.interview_register import UNCONFIRMED_MARK, due_text, register_csv
    from workstation.store.interviews import get_interview

    interview_id, _names = industry_interview(capsys, demo_db, data_dir, "--deadline", "2027-02-10")
    assert due_text(demo_db, get_interview(demo_db, interview_id)) == "2027-02-10" + UNCONFIRMED_MARK
    source = tmp_path / "2027.toml"
    source.write_text(CAL, encoding="utf-8")
    run_json(capsys, "calendar", "import", source, "--data-dir", data_dir)
    interview = get_interview(demo_db, interview_id)
    shown = "2027-02-10（逢春节，顺延至2027-02-15）"
    assert due_text(demo_db, interview) == shown
    listed = run_json(capsys, "interviews", "list", "--data-dir", data_dir, "--as-of", "2027-01-20")
    assert next(r for r in listed if r["id"] == interview_id)["rectification_due_text"] == shown
    rows = list(csv.reader(io.StringIO(register_csv(demo_db, [interview]).decode("utf-8-sig"))))
    assert rows[1][rows[0].index("整改期限")] == shown
    from ui.interviews_page import InterviewRow  # the window's register column says the same

    assert InterviewRow(demo_db, interview, "2027-01-20").due_text() == "2027-02-10 (Spring Festival: runs to 2027-02-15)"
    # the day the deadline board counts to
    clocks = run_json(capsys, "clocks", "--data-dir", data_dir, "--as-of", "2027-01-20")
    assert next(r for r in clocks if r.get("interview_id") == interview_id)["due"] == "2027-02-15"


def test_a_typed_deadline_on_an_imported_working_day_or_a_weekend_is_marked_so(
        demo_db, data_dir, capsys, tmp_path, english):
    from workstation.interview_register import due_text
    from workstation.store.interviews import get_interview

    source = tmp_path / "2027.toml"
    source.write_text(CAL, encoding="utf-8")
    run_json(capsys, "calendar", "import", source, "--data-dir", data_dir)
    working, _names = industry_interview(capsys, demo_db, data_dir, "--deadline", "2027-02-20")  # a make-up Saturday
    assert due_text(demo_db, get_interview(demo_db, working)) == "2027-02-20"
    weekend, _names = industry_interview(capsys, demo_db, data_dir, "--deadline", "2027-03-06",  # a Saturday
                                         "--allow-duplicate")
    assert due_text(demo_db, get_interview(demo_db, weekend)) == "2027-03-06（逢周末，顺延至2027-03-08）"
    from ui.interviews_page import InterviewRow

    assert InterviewRow(demo_db, get_interview(demo_db, weekend), "2027-01-20").due_text() == \
        "2027-03-06 (weekend: runs to 2027-03-08)"
    assert InterviewRow(demo_db, get_interview(demo_db, working), "2027-01-20").due_text() == "2027-02-20"


# 3. importing the file in use again --------------------------------------------------------------------------------
def test_importing_the_file_in_use_again_changes_nothing_and_is_not_audited(demo_db, data_dir, capsys, tmp_path,
                                                                             english):
    source, same = tmp_path / "2027.toml", tmp_path / "same.toml"
    source.write_text(CAL, encoding="utf-8")
    same.write_bytes(SAME_DAYS.encode("utf-8"))
    target = data_dir / "calendar" / "2027.toml"
    code, out, err = run(capsys, "calendar", "import", source, "--data-dir", data_dir)
    assert code == 0, err
    for again, extra in ((source, ()), (source, ("--replace",)), (same, ()), (same, ("--replace",))):
        code, out, err = run(capsys, "calendar", "import", again, "--data-dir", data_dir, *extra)
        assert code == 0, err
        assert "already in use" in out and "nothing was changed" in out
        assert target.read_text(encoding="utf-8") == CAL
    result = run_json(capsys, "calendar", "import", same, "--data-dir", data_dir, "--json")
    assert result["already_in_use"] is True and result["file"] == str(target)
    assert _calendar_audit(data_dir) == [("import", "2027")]
    # a file of other days is still refused without --replace, and replaced with it
    other = tmp_path / "other.toml"
    other.write_text(OTHER_DAYS, encoding="utf-8")
    code, out, err = run(capsys, "calendar", "import", other, "--data-dir", data_dir)
    assert code == 1 and "already gives the holidays of 2027" in err
    code, out, err = run(capsys, "calendar", "import", other, "--data-dir", data_dir, "--replace")
    assert code == 0 and _calendar_audit(data_dir) == [("import", "2027"), ("replace", "2027")]


def test_import_year_file_of_the_same_days_writes_nothing(demo_db, data_dir, tmp_path, english):
    from workstation.workdays import import_year_file

    source, same = tmp_path / "2027.toml", tmp_path / "same.toml"
    source.write_text(CAL, encoding="utf-8")
    same.write_bytes(SAME_DAYS.encode("utf-8"))
    import_year_file(data_dir, source, db=demo_db)
    import_year_file(data_dir, same, replace=True, db=demo_db)
    assert (data_dir / "calendar" / "2027.toml").read_text(encoding="utf-8") == CAL
    assert _calendar_audit(data_dir) == [("import", "2027")]


@pytest.mark.gui
def test_the_window_says_the_file_is_in_use_without_asking_to_replace_it(demo_db, data_dir, prompts, tmp_path,
                                                                         english):
    from ui.deadlines import import_calendar_file

    source, same = tmp_path / "2027.toml", tmp_path / "same.toml"
    source.write_text(CAL, encoding="utf-8")
    same.write_bytes(SAME_DAYS.encode("utf-8"))
    prompts.files.append(str(source))
    assert import_calendar_file(None, prompts, demo_db)
    prompts.files.append(str(same))
    prompts.confirm_answer = True
    assert not import_calendar_file(None, prompts, demo_db)
    assert prompts.confirmations == [] and prompts.errors == []
    assert "already in use" in prompts.infos[-1]
    assert _calendar_audit(data_dir) == [("import", "2027")]


# 4. mistakes in the file ------------------------------------------------------------------------------------------
def test_a_make_up_working_day_given_twice_is_refused_naming_its_line(tmp_path, english):
    path = tmp_path / "2027.toml"
    path.write_text(CAL.replace("  2027-02-20,  #", "  2027-02-20, 2027-01-31,  #"), encoding="utf-8")
    with pytest.raises(CalendarFileError) as refused:
        read_year_file(path, importing=True)
    assert f"{path}, line 5" in refused.value.message and "2027-01-31" in refused.value.message


def test_a_holiday_day_given_twice_is_refused_naming_its_line(tmp_path, english):
    path = tmp_path / "2027.toml"
    path.write_text(CAL + '\n[[holiday]]\nname = "端午节"\nfrom = 2027-06-09\nto = 2027-06-09\n', encoding="utf-8")
    with pytest.raises(CalendarFileError) as refused:
        read_year_file(path, importing=True)
    assert "line 47" in refused.value.message and "2027-06-09" in refused.value.message


def test_a_short_holiday_name_is_the_notice_s_and_another_name_is_warned_of(tmp_path, english):
    path = tmp_path / "2027.toml"
    path.write_text(CAL.replace('name = "端午节"', 'name = "端午"'), encoding="utf-8")
    data = read_year_file(path)
    assert {name for name in data.holidays.values()} >= {"端午节"} and "端午" not in data.holidays.values()
    assert data.warnings == ()
    path.write_text(CAL.replace('name = "端午节"', 'name = "端吴节"'), encoding="utf-8")
    data = read_year_file(path)  # used: the State Council has decreed one-off holidays
    assert "端吴节" in data.holidays.values()
    assert len(data.warnings) == 1 and f"{path}, line 33" in data.warnings[0] and "端吴节" in data.warnings[0]


# final read: importing the file in use again still says what to check in it ---------------------------------------
def test_importing_the_file_in_use_again_warns_of_its_problems_as_an_import_does(demo_db, data_dir, capsys, tmp_path,
                                                                                 english):
    source = tmp_path / "2027.toml"
    source.write_text(CAL.replace('name = "端午节"', 'name = "端吴节"'), encoding="utf-8")
    code, _out, err = run(capsys, "calendar", "import", source, "--data-dir", data_dir)
    assert code == 0 and "Warning:" in err and "端吴节" in err, err
    code, out, err = run(capsys, "calendar", "import", source, "--data-dir", data_dir)
    assert code == 0 and "already in use" in out, err
    warned = [line for line in err.splitlines() if line.startswith("Warning:")]
    assert len(warned) == 1 and "端吴节" in warned[0] and "line 33" in warned[0], err
    result = run_json(capsys, "calendar", "import", source, "--data-dir", data_dir, "--json")
    assert result["already_in_use"] is True and len(result["warnings"]) == 1
    assert _calendar_audit(data_dir) == [("import", "2027")]


def test_a_year_file_of_the_same_days_is_in_use_whatever_its_bytes(demo_db, data_dir, tmp_path, english):
    from workstation.workdays import calendar_year, checked_year_file, days_in_use, import_year_file

    def year_in_use(data_dir, data):  # as `calendar import` and 导入节假日文件… ask it
        return days_in_use(calendar_year(data_dir, data.year)[1], data)

    source, same, other = tmp_path / "2027.toml", tmp_path / "same.toml", tmp_path / "other.toml"
    source.write_text(CAL, encoding="utf-8")
    same.write_bytes(SAME_DAYS.encode("utf-8"))
    other.write_text(OTHER_DAYS, encoding="utf-8")
    assert year_in_use(data_dir, checked_year_file(source)) is None
    import_year_file(data_dir, source, db=demo_db)
    for given in (source, same):
        assert year_in_use(data_dir, checked_year_file(given)).origin == str(data_dir / "calendar" / "2027.toml")
    assert year_in_use(data_dir, checked_year_file(other)) is None
