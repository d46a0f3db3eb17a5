# ruff: noqa: F811 - the fixtures of test_bundle_hq, imported, are the tests' arguments
"""The HQ report (通报) on a station that sent only chosen cases (`bundle export --case`), audit walkthrough2 D1: its
figures count that station's cases, so its closing note says the station sent only some of them
("顺德区局仅报送了部分案件，其余数据尚未报送"), never that the report holds none of its data ("未含其数据"); a station
that sent nothing keeps that sentence, and a whole bundle dates the station as before."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

from tests.helpers import open_db, run, run_json
from tests.test_bundle_hq import STATIONS, dirs, template  # noqa: F401

SHUNDE_CASE = STATIONS["shunde"][2]
PARTIAL = "顺德区局仅报送了部分案件，其余数据尚未报送"
NOTHING = "本通报未含其数据"


def export(capsys, dirs, station: str, name: str, *extra) -> Path:
    run_json(capsys, "--data-dir", dirs / station, "bundle", "export", "-o", dirs / name, *extra)
    return dirs / name


def import_(capsys, dirs, name: str) -> dict:
    return run_json(capsys, "--data-dir", dirs / "hq", "bundle", "import", dirs / name)


def docx_text(path: Path) -> str:
    """The words of a DOCX's body as Word shows them (its runs joined)."""
    with zipfile.ZipFile(path) as docx:
        xml = docx.read("word/document.xml").decode("utf-8")
    return "".join(re.findall(r"<w:t(?: [^>]*)?>([^<]*)</w:t>", xml))


def report(db_dir: Path, agency: str | None = None) -> dict:
    from workstation.reports.data import report_data
    from workstation.store import agency_id_for_code

    db = open_db(db_dir)
    try:
        return report_data(db, agency_id=agency_id_for_code(agency) if agency else None)
    finally:
        db.conn.close()


def test_the_printed_report_says_a_station_sent_only_chosen_cases_when_it_counts_them(capsys, dirs):
    export(capsys, dirs, "shunde", "c1.zip", "--case", SHUNDE_CASE)
    import_(capsys, dirs, "c1.zip")
    code, _out, err = run(capsys, "--data-dir", dirs / "hq", "report", "campaign", "--format", "docx",
                          "-o", dirs / "r.docx")
    assert code == 0, err
    text = docx_text(dirs / "r.docx")
    assert "顺德区1件" in text  # the figures count the station's case …
    # … so the note says it sent some cases only; 南海区局, which sent nothing, keeps the sentence it had
    assert f"（{PARTIAL}；南海区局尚未报送数据，本通报未含其数据。）" in text
    assert "顺德区局尚未报送" not in text


def test_a_district_report_on_a_station_that_sent_chosen_cases_only(capsys, dirs):
    export(capsys, dirs, "shunde", "c1.zip", "--case", SHUNDE_CASE)
    import_(capsys, dirs, "c1.zip")
    data = report(dirs / "hq", "440606")
    assert data["stats"]["cases"]["total"] == 1
    assert data["stations_note"] == f"（{PARTIAL}。）"
    assert NOTHING not in data["stations_note"]
    # a station that sent nothing keeps today's sentence
    assert report(dirs / "hq", "440605")["stations_note"] == "（南海区局尚未报送数据，本通报未含其数据。）"


def test_a_whole_bundle_still_dates_the_station(capsys, dirs):
    export(capsys, dirs, "shunde", "c1.zip", "--case", SHUNDE_CASE)
    import_(capsys, dirs, "c1.zip")
    export(capsys, dirs, "shunde", "s1.zip")
    import_(capsys, dirs, "s1.zip")
    export(capsys, dirs, "nanhai", "n1.zip", "--case", STATIONS["nanhai"][2])
    import_(capsys, dirs, "n1.zip")
    note = report(dirs / "hq")["stations_note"]
    assert re.fullmatch(r"（本通报汇总各站点报送的数据：顺德区局截至\d{4}年\d{1,2}月\d{1,2}日；"
                        r"南海区局仅报送了部分案件，其余数据尚未报送。）", note), note
    assert report(dirs / "hq", "440606")["stations_note"].startswith("（本通报汇总各站点报送的数据：顺德区局截至")


def test_stations_as_of_marks_a_station_of_chosen_cases_only(capsys, dirs):
    from workstation.stats import stations_as_of

    export(capsys, dirs, "shunde", "c1.zip", "--case", SHUNDE_CASE)
    import_(capsys, dirs, "c1.zip")
    db = open_db(dirs / "hq")
    try:
        found = stations_as_of(db, unreported=True)
    finally:
        db.conn.close()
    assert found == [{"station": "南海区局", "agency_code": "440605", "as_of": None},
                     {"station": "顺德区局", "agency_code": "440606", "as_of": None, "partial": True}]


def test_the_note_tells_the_three_kinds_of_station_apart():
    from workstation.reports.text import stations_note

    dated = {"station": "桂城甲", "agency_code": "440605011", "as_of": "2026-11-20T10:00:00"}
    partial = {"station": "南海乙", "agency_code": "440605", "as_of": None, "partial": True}
    silent = {"station": "高明丙", "agency_code": "440608", "as_of": None}
    assert stations_note([silent]) == "（高明丙尚未报送数据，本通报未含其数据。）"
    assert stations_note([partial]) == "（南海乙仅报送了部分案件，其余数据尚未报送。）"
    assert stations_note([partial, silent]) == "（南海乙仅报送了部分案件，其余数据尚未报送；高明丙尚未报送数据，本通报未含其数据。）"
    assert stations_note([dated, partial, silent]) == ("（本通报汇总各站点报送的数据：桂城甲截至2026年11月20日；"
                                                       "南海乙仅报送了部分案件，其余数据尚未报送；高明丙尚未报送。）")
    assert stations_note([dated, silent]) == "（本通报汇总各站点报送的数据：桂城甲截至2026年11月20日；高明丙尚未报送。）"
    # a replaced laptop: the old key sent chosen cases, the new one nothing yet — the station sent some cases
    assert stations_note([partial, {**silent, "station": "南海乙"}]) == "（南海乙仅报送了部分案件，其余数据尚未报送。）"
    # dated under one key, chosen cases under another: dated, as before
    assert stations_note([{**dated, "station": "南海乙"}, partial]) == "（本通报汇总各站点报送的数据：南海乙截至2026年11月20日。）"


def test_a_frozen_period_prints_its_note_as_sent(capsys, dirs):
    from workstation.reports.data import FORMAT

    assert FORMAT >= 23 and FORMAT == report(dirs / "hq")["format"]  # the note reads otherwise: a new format
    export(capsys, dirs, "shunde", "c1.zip", "--case", SHUNDE_CASE)
    import_(capsys, dirs, "c1.zip")
    code, _out, err = run(capsys, "--data-dir", dirs / "hq", "report", "campaign", "--format", "docx",
                          "-o", dirs / "r1.docx", "--freeze", "十二月")
    assert code == 0, err
    export(capsys, dirs, "shunde", "s1.zip")  # the whole station later: the live report dates it …
    import_(capsys, dirs, "s1.zip")
    assert PARTIAL not in report(dirs / "hq")["stations_note"]
    code, _out, err = run(capsys, "--data-dir", dirs / "hq", "report", "campaign", "--format", "docx",
                          "-o", dirs / "r2.docx", "--period", "十二月")
    assert code == 0, err
    assert PARTIAL in docx_text(dirs / "r2.docx")  # … the period frozen prints as it was sent


def test_the_workbook_carries_the_same_note(capsys, dirs):
    from openpyxl import load_workbook

    export(capsys, dirs, "shunde", "c1.zip", "--case", SHUNDE_CASE)
    import_(capsys, dirs, "c1.zip")
    code, _out, err = run(capsys, "--data-dir", dirs / "hq", "report", "campaign", "--format", "xlsx",
                          "-o", dirs / "r.xlsx", "--agency", "440606")
    assert code == 0, err
    cells = [str(cell.value) for sheet in load_workbook(dirs / "r.xlsx") for row in sheet.iter_rows() for cell in row
             if cell.value is not None]
    assert f"（{PARTIAL}。）" in cells
    assert not any(NOTHING in cell for cell in cells)


# the 统计 page's and `stats`' line and the statistics export's 站点数据截至 say it as the report does ---------------
def export_header(capsys, dirs, name: str, *extra) -> dict:
    """The header lines (label: value) of `stats export` as CSV at headquarters, as the user opens the file."""
    import csv

    run_json(capsys, "--data-dir", dirs / "hq", "stats", "export", "-o", dirs / name, *extra)
    with (dirs / name).open(encoding="utf-8-sig", newline="") as fh:
        return {line[0]: line[1] for line in csv.reader(fh) if len(line) == 2}


def test_the_stats_line_says_a_station_sent_only_chosen_cases(capsys, dirs, english):
    export(capsys, dirs, "shunde", "c1.zip", "--case", SHUNDE_CASE)
    import_(capsys, dirs, "c1.zip")
    code, out, err = run(capsys, "--data-dir", dirs / "hq", "stats")
    assert code == 0, err
    assert "顺德区局 sent only some cases; the rest of their data is not sent yet; not reported yet: 南海区局" in out.splitlines()
    assert "Stations not reported yet: 顺德区局" not in out and "Stations not reported yet: 南海区局, 顺德区局" not in out
    code, out, err = run(capsys, "--data-dir", dirs / "hq", "stats", "--agency", "440606")
    assert code == 0, err
    assert "顺德区局 sent only some cases; the rest of their data is not sent yet" in out.splitlines()
    # a station that sent nothing keeps its line
    code, out, err = run(capsys, "--data-dir", dirs / "hq", "stats", "--agency", "440605")
    assert code == 0, err
    assert "Stations not reported yet: 南海区局" in out.splitlines()


def test_the_stats_line_tells_the_three_kinds_of_station_apart(english):
    from workstation.stats import stations_as_of_text

    dated = {"station": "桂城甲", "agency_code": "440605011", "as_of": "2026-11-20T10:00:00"}
    partial = {"station": "南海乙", "agency_code": "440605", "as_of": None, "partial": True}
    silent = {"station": "高明丙", "agency_code": "440608", "as_of": None}
    some = "南海乙 sent only some cases; the rest of their data is not sent yet"
    assert stations_as_of_text([partial]) == some
    assert stations_as_of_text([partial, silent]) == f"{some}; not reported yet: 高明丙"
    assert stations_as_of_text([dated, partial]) == f"Stations' data as of: 桂城甲 2026-11-20; {some}"
    assert stations_as_of_text([dated, partial, silent]) == \
        f"Stations' data as of: 桂城甲 2026-11-20; {some}; not reported yet: 高明丙"
    # without a station of chosen cases, as before
    assert stations_as_of_text([silent]) == "Stations not reported yet: 高明丙"
    assert stations_as_of_text([dated, silent]) == "Stations' data as of: 桂城甲 2026-11-20; not reported yet: 高明丙"
    # a replaced laptop's new key, silent, beside the old one that sent chosen cases: the station sent some cases
    assert stations_as_of_text([partial, {**silent, "station": "南海乙"}]) == some
    # dated under one key, chosen cases under another: dated, as before
    assert stations_as_of_text([{**dated, "station": "南海乙"}, partial]) == "Stations' data as of: 南海乙 2026-11-20"


def test_the_statistics_export_says_a_station_sent_only_chosen_cases(capsys, dirs):
    export(capsys, dirs, "shunde", "c1.zip", "--case", SHUNDE_CASE)
    import_(capsys, dirs, "c1.zip")
    assert export_header(capsys, dirs, "all.csv")["站点数据截至"] == f"{PARTIAL}；尚未报送：南海区局"
    assert export_header(capsys, dirs, "shunde.csv", "--agency", "440606")["站点数据截至"] == PARTIAL
    assert export_header(capsys, dirs, "nanhai.csv", "--agency", "440605")["站点数据截至"] == "尚未报送：南海区局"
    export(capsys, dirs, "nanhai", "n1.zip")  # a whole bundle dates its station, before the one of chosen cases
    import_(capsys, dirs, "n1.zip")
    assert re.fullmatch(rf"南海区局 \d{{4}}-\d{{2}}-\d{{2}}；{PARTIAL}", export_header(capsys, dirs, "all2.csv")["站点数据截至"])


# a whole bundle that dates nothing is not one of chosen cases (final read, finding 3) -----------------------------
def as_stored(db_dir: Path, sql: str) -> None:
    """Change the rows of ``bundle_imports`` at ``db_dir`` as an earlier version or a manifest lacking a field left
    them (a signed manifest cannot be written without one here)."""
    db = open_db(db_dir)
    try:
        with db.atomic():
            db.execute(sql)
    finally:
        db.conn.close()


def test_a_whole_bundle_without_a_date_is_not_called_partial(capsys, dirs):
    export(capsys, dirs, "shunde", "s1.zip")
    import_(capsys, dirs, "s1.zip")
    # its manifest gave no created_at: as of nothing, the station not reported yet, as m067 says — not "some cases"
    as_stored(dirs / "hq", "UPDATE bundle_imports SET created_at = ''")
    assert report(dirs / "hq", "440606")["stations_note"] == "（顺德区局尚未报送数据，本通报未含其数据。）"
    assert export_header(capsys, dirs, "shunde.csv", "--agency", "440606")["站点数据截至"] == "尚未报送：顺德区局"
    # the same merged before m067 recorded the scope (NULL)
    as_stored(dirs / "hq", "UPDATE bundle_imports SET scope = NULL")
    assert report(dirs / "hq", "440606")["stations_note"] == "（顺德区局尚未报送数据，本通报未含其数据。）"
    db = open_db(dirs / "hq")
    try:
        from workstation.stats import stations_as_of

        assert stations_as_of(db, unreported=True) == [
            {"station": "南海区局", "agency_code": "440605", "as_of": None},
            {"station": "顺德区局", "agency_code": "440606", "as_of": None}]
    finally:
        db.conn.close()


def test_chosen_cases_merged_before_m067_are_still_partial(capsys, dirs):
    # a bundle of chosen cases merged before m067 (scope NULL), by a version that no longer stored its log
    # (739e12c6): it dates nothing, its case counted — partial, as one merged since
    export(capsys, dirs, "shunde", "c1.zip", "--case", SHUNDE_CASE)
    import_(capsys, dirs, "c1.zip")
    as_stored(dirs / "hq", "UPDATE bundle_imports SET scope = NULL")
    assert report(dirs / "hq", "440606")["stations_note"] == f"（{PARTIAL}。）"
    # a station's whole bundle always dates it, its log begun by `init` (m067's NULL read as of its last entry)
    export(capsys, dirs, "nanhai", "n1.zip")
    import_(capsys, dirs, "n1.zip")
    as_stored(dirs / "hq", "UPDATE bundle_imports SET scope = NULL")
    assert report(dirs / "hq", "440605")["stations_note"].startswith("（本通报汇总各站点报送的数据：南海区局截至")


def test_the_three_kinds_of_station_are_told_apart_once():
    from workstation.stats import PARTLY_SENT, stations_in_three

    dated = {"station": "桂城甲", "agency_code": "440605011", "as_of": "2026-11-20T10:00:00"}
    partial = {"station": "南海乙", "agency_code": "440605", "as_of": None, "partial": True}
    silent = {"station": "高明丙", "agency_code": "440608", "as_of": None}
    assert stations_in_three([dated, partial, silent, {**silent, "station": ""}], "未命名站点") == (
        {"2026-11-20": ["桂城甲"]}, ["南海乙"], ["高明丙", "未命名站点"])
    assert PARTLY_SENT.format(names="南海乙") == "南海乙仅报送了部分案件，其余数据尚未报送"


# stop read (sr_report_disk_layout) ------------------------------------------------------------------------------
def test_a_withdrawn_key_whose_chosen_cases_were_merged_is_still_partial(capsys, dirs):
    """Finding 1: a replaced laptop's old key, withdrawn (`station untrust`), had sent chosen cases; its records are
    kept and counted, so the note says the station sent some cases — never that the report holds none of its data."""
    export(capsys, dirs, "shunde", "c1.zip", "--case", SHUNDE_CASE)
    import_(capsys, dirs, "c1.zip")
    code, _out, err = run(capsys, "--data-dir", dirs / "hq", "station", "untrust", "顺德区局", "--reason", "换电脑")
    assert code == 0, err
    code, _out, err = run(capsys, "--data-dir", dirs / "hq", "report", "campaign", "--format", "docx",
                          "-o", dirs / "r.docx")
    assert code == 0, err
    text = docx_text(dirs / "r.docx")
    assert "顺德区1件" in text
    assert f"（{PARTIAL}；南海区局尚未报送数据，本通报未含其数据。）" in text, text
    assert report(dirs / "hq", "440606")["stations_note"] == f"（{PARTIAL}。）"
    assert export_header(capsys, dirs, "shunde.csv", "--agency", "440606")["站点数据截至"] == PARTIAL


def test_a_withdrawn_key_that_sent_nothing_is_still_left_out(capsys, dirs):
    code, _out, err = run(capsys, "--data-dir", dirs / "hq", "station", "untrust", "南海区局")
    assert code == 0, err
    note = report(dirs / "hq")["stations_note"]
    assert "南海区局" not in note and "顺德区局尚未报送数据" in note, note


def test_report_periods_shows_when_a_period_was_frozen_as_other_times_are(capsys, dirs, english):
    """Finding 2: `report periods` shows the time of freezing as "2026-12-07 12:00", not the stored ISO time."""
    code, _out, err = run(capsys, "--data-dir", dirs / "hq", "report", "campaign", "--format", "docx",
                          "-o", dirs / "r.docx", "--freeze", "十二月")
    assert code == 0, err
    code, out, err = run(capsys, "--data-dir", dirs / "hq", "report", "periods")
    assert code == 0, err
    line = next(line for line in out.splitlines() if line.startswith("十二月"))
    frozen = line.split("\t")[3]
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2} \d{2}:\d{2}", frozen), line
