import gc
import json
import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest

from tests.helpers import locked_by_another_copy, run, run_json
from workstation.cli import main
from workstation.paths import database_path

PROJECT = Path(__file__).resolve().parent.parent
SEED_STATS = {
    "cases": {
        "total": 36,
        "by_sector": {"real_estate": 19, "education": 7, "decoration": 5, "microloan": 3, "other": 2},
        "by_status": {"closed": 26, "served": 2, "pre_notice": 2, "performed": 2, "investigating": 2,
                      "penalty_decided": 2},
        "by_district": {"南海区": 9, "顺德区": 9, "禅城区": 7, "三水区": 6, "高明区": 5},
        "by_violation": {"unsolicited_commercial_messages": 27, "illegal_provision_or_leak": 8,
                         "illegal_collection_or_use": 5},
        "transferred_to_police": 0, "simple_procedure": 0, "simple_fines_fen": 0,
        "transferred_out": 0,  # none sent to another agency with a 案件移送函
        "threshold_not_transferred": [],  # no demo case reaches the criminal threshold
    },
    "infringing_records": 18176, "records_by_category": {"trace": 18, "sensitive": 389, "other": 17769},
    # ¥189,000 in all, as the seed article: gains under the duty thresholds, each fined its ordinary multiple, what
    # that took off moved onto cases without gains (test_s74_demo_law.py)
    "fines_fen": 17_560_000, "confiscated_fen": 1_340_000,
    "penalties_total_fen": 18_900_000,
    # the leads assigned to the bureaus, decided within T1 but the three received last
    "leads": {"total": 31, "assigned": 31, "by_status": {"filed": 14, "not_filed": 8, "referred": 6, "assigned": 3},
              "decided": 28, "in_time": 28, "decided_unassigned": 0,
              "overdue_undecided": 3},  # those three, past their T1 since 2026-11-20, 25 and 30 (逾期未办结)
    "complaints": {"imported": 0, "related": 0, "in_leads": 0},  # the stations of these tests: demo --without-complaints
    "interviews": 7, "interviews_absent": 0, "interviews_by_kind": {"single": 4, "joint": 3},
    # the parties interviewed, each once, by kind; how the interviews were followed up (the micro-loan
    # association's follow-up never recorded after its deadline)
    "interviews_by_party_kind": {"company": 10, "individual_business": 0, "person": 0, "association": 2},
    "interviews_follow_up": {"rectified": 4, "not_due": 0, "overdue": 1, "not_rectified": 0, "unverified": 0,
                             "escalated": 2, "no_deadline": 0},
    # the parties those interviews concern, each once an outcome: 整改4次（涉及9家）
    "interviews_follow_up_parties": {"rectified": {"units": 9, "persons": 0}, "not_due": {"units": 0, "persons": 0},
                                     "overdue": {"units": 1, "persons": 0}, "not_rectified": {"units": 0, "persons": 0},
                                     "unverified": {"units": 0, "persons": 0}, "escalated": {"units": 2, "persons": 0},
                                     "no_deadline": {"units": 0, "persons": 0}},
    "publicity": {"campaigns": 50, "flyers": 41800, "sms": 1_620_000, "participants": 277_675},
    "stations": [],  # no station's bundle merged here (stats.stations_as_of)
    "open_conflicts": 0,  # no station data conflict open here (stats.open_conflicts)
}
REGISTER_HEADER = ["案件编号", "当事人", "统一社会信用代码", "所属区", "行业领域", "案由", "违法行为", "立案日期",
                   "办理状态", "涉案信息条数", "罚款金额（元）", "没收违法所得（元）"]
REGISTER_ROW = ["佛南市监立〔2026〕101号", "佛山市南海区誉嘉房地产代理有限公司", "91110000100017707H", "南海区",
                "房地产租售", "涉嫌未经消费者同意发送商业性信息案", "未经同意发送商业性信息", "2026-03-02", "已决定",
                "3,200", "50,000.00", ""]


@pytest.fixture
def station(tmp_path, cli_station):
    """A data directory with the demo loaded through the command line."""
    return cli_station(tmp_path / "station")


def write_register(path, rows):
    workbook = openpyxl.Workbook()
    workbook.active.append(["2026年案件台账"])
    workbook.active.append(REGISTER_HEADER)
    for row in rows:
        workbook.active.append(row)
    workbook.save(path)
    return path


def counts(data_dir):
    conn = sqlite3.connect(database_path(data_dir))
    try:
        return {t: conn.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0] for t in ("cases", "parties", "audit")}
    finally:
        conn.close()


def test_init_creates_the_database_and_reports_its_schema(tmp_path, capsys):
    target = tmp_path / "新站点"
    result = run_json(capsys, "init", "--data-dir", target)
    assert result == {"data_dir": str(target), "schema": ["m001_initial", "m002_doc_numbers", "m003_documents",
                                                          "m004_clocks", "m005_editors", "m006_screening",
                                                          "m007_lead_documents", "m008_bundles", "m009_screening_index",
                                                          "m010_search_buffers", "m011_lead_extensions", "m012_bundle_history",
                                                          "m013_complaint_numbers", "m014_complaint_numbers_written",
                                                          "m015_complaint_content_keys", "m016_lead_complainant",
                                                          "m017_draft_defaults", "m018_evidence_recipient", "m019_event_party",
                                                          "m020_interview_lead_phone", "m021_complaint_numbers_given",
                                                          "m022_clock_event_party",
                                                          "m023_case_district_follows_agency", "m024_number_blocks",
                                                          "m025_case_list_order", "m026_lead_reporter_told",
                                                          "m027_change_indexes", "m028_filing_proposed",
                                                          "m029_procedure_kind", "m030_event_details",
                                                          "m031_case_sort_keys", "m032_lead_history",
                                                          "m033_packed_shared_versions", "m034_export_destinations",
                                                          "m035_interview_time", "m036_complaint_verdict",
                                                          "m037_complaint_verdict_lead", "m038_interview_party_results",
                                                          "m039_interview_void", "m040_complaint_search_business",
                                                          "m041_doc_numbers_void_apart", "m042_case_column_order",
                                                          "m043_case_penalty_order", "m044_case_review_grounds",
                                                          "m045_evidence_void", "m046_case_penalty_revoked",
                                                          "m047_clock_event_no_fine", "m048_documents_by_issue", "m049_publication_reviews",
                                                          "m050_complaint_landline_zero", "m051_complaint_copies",
                                                          "m052_case_law_conditions", "m053_leads_case",
                                                          "m054_interview_follow_up_outcome", "m055_evidence_per_recipient",
                                                          "m056_lead_reporter", "m057_officer_names",
                                                          "m058_lead_named_by_number", "m059_complaint_masked_numbers",
                                                          "m060_complaint_masked_digits", "m061_seizure_extension_measure",
                                                          "m062_screened_lead_agency", "m063_interview_deadline_typed",
                                                          "m064_case_district_order", "m065_complaint_source_sheet",
                                                          "m066_case_penalty_void", "m067_bundle_import_scope",
                                                          "m068_removed_clock_events", "m069_lead_received_by",
                                                          "m070_complaint_numbers_apart", "m071_complaint_numbers_masked_beside",
                                                          "m072_doc_numbers_lost", "m073_penalty_sort_view",
                                                          "m074_complaint_wide_forms", "m075_interview_voided_status",
                                                          "m076_complaint_verdict_category",
                                                          "m077_removed_publicity", "m078_lead_referral_handover",
                                                          "m079_warning_penalty_sort", "m080_complaint_grouped_by"]}
    assert database_path(target).is_file()
    assert run_json(capsys, "init", "--data-dir", target) == result
    assert counts(target)["audit"] == 38 + 1  # the reference agencies, and the station made


def test_init_records_the_station_agency_and_name(tmp_path, capsys):
    assert run(capsys, "init", "--data-dir", tmp_path, "--agency", "440605", "--station-name", "南海区局执法一队")[0] == 0
    conn = sqlite3.connect(database_path(tmp_path))
    settings = dict(conn.execute("SELECT key, value FROM settings"))
    conn.close()
    assert settings["station_name"] == "南海区局执法一队"
    assert "station_agency" in settings


def test_init_with_an_unknown_agency_code_is_refused(tmp_path, capsys, english):
    code, out, err = run(capsys, "init", "--data-dir", tmp_path, "--agency", "999999")
    assert code == 1
    assert err == "Error: --agency: No agency with code 999999: see `init --help` for the codes.\n"


def test_demo_loads_the_seed_once(tmp_path, capsys, english, demo_by_the_entry_point):
    """The first load is the real entry point's (``demo_by_the_entry_point``); the later ones run here, on a copy."""
    home, demo = demo_by_the_entry_point
    assert demo.returncode == 0, demo.stderr
    first = json.loads(demo.stdout)
    assert (first["cases"], first["leads"], first["interviews"], first["complaints"]) == (36, 31, 7, 13_543)
    data = Path(shutil.copytree(home, tmp_path / "data"))
    before = counts(data)
    second = run_json(capsys, "demo", "--data-dir", data)  # the data set's size; nothing added
    assert (second["cases"], second["leads"], second["interviews"], second["complaints"]) == (36, 31, 7, 13_543)
    assert set(second["added"].values()) == {0}
    assert "nothing was added" in run(capsys, "demo", "--data-dir", data)[1]
    assert counts(data) == before
    stats = run_json(capsys, "stats", "--data-dir", data)
    assert stats["complaints"]["imported"] == 13_543 and stats["leads"]["assigned"] == 31
    assert (stats["leads"]["decided"], stats["leads"]["by_status"]["filed"]) == (28, 14)
    screened = run_json(capsys, "leads", "screen", "--data-dir", data)
    assert (screened["screened"], len(screened["leads"])) == (13_543, 31)  # the seed's leads, from its complaints


def test_stats_reproduce_the_seed_campaign(station, capsys):
    assert run_json(capsys, "stats", "--data-dir", station) == SEED_STATS


def test_stats_text_output_is_a_readable_summary(station, capsys, english):
    code, out, err = run(capsys, "stats", "--data-dir", station)
    assert (code, err) == (0, "")
    # the publicity figures too, named as the log names them, as --json has them
    assert out == ("36 cases, 18,176 infringing records, 189,000.00 yuan fined and confiscated. Transferred to the "
                   "police: 0.\n"
                   "Leads: 31 (31 assigned, 28 decided); complaints: 0 imported, 0 concerning personal information.\n"
                   # the demo's three leads still undecided, past T1 since November 2026
                   "3 leads are past their verification period (T1) without a decision, as the deadline board counts "
                   "them.\n"
                   "Interviews: 7, of which the party did not attend 0.\n"
                   "Publicity: 50 activities; 41,800 leaflets, 1,620,000 reminder texts, 277,675 participants.\n"
                   # since session 74 the date basis and the scope, as with an agency or a period
                   "The whole campaign, whatever the dates: the cases filed (and those decided on the spot), the "
                   "fines and confiscation decided, every transfer to the police; cases by status as they stand now.\n"
                   "Agency counted: all agencies (every record held here).\n")


@pytest.mark.parametrize(("options", "total"), [
    (["--agency", "440605"], 9), (["--agency", "440605011"], 3), (["--agency", "440600"], 36),
    (["--from", "2026-03-01", "--to", "2026-03-31"], 5), (["--from", "2026/9/1"], 9),
])
def test_stats_for_an_agency_or_a_period(station, capsys, options, total):
    assert run_json(capsys, "stats", "--data-dir", station, *options)["cases"]["total"] == total


def test_stats_with_an_impossible_date_is_refused(station, capsys, english):
    code, out, err = run(capsys, "stats", "--data-dir", station, "--from", "2026-02-30")
    assert (code, out) == (1, "")
    assert err == ("Error: --from: 2026-02-30 is not a date in the calendar (month 2 of 2026 has 28 days): write a "
                   "date that exists, such as 2026-02-28.\n")


@pytest.mark.parametrize("argv", [
    ["--json", "--data-dir", "{D}", "stats"],
    ["--data-dir", "{D}", "stats", "--json"],
    ["stats", "--json", "--data-dir", "{D}"],
    ["--json", "stats", "--data-dir", "{D}"],
])
def test_global_options_go_before_or_after_the_command(station, capsys, argv):
    code, out, err = run(capsys, *[a.replace("{D}", str(station)) for a in argv])
    assert (code, err) == (0, "")
    assert json.loads(out) == SEED_STATS


def test_workstation_home_is_the_default_data_directory(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("WORKSTATION_HOME", str(tmp_path / "家"))
    assert run_json(capsys, "demo", "--without-complaints")["cases"] == 36  # whole: test_demo_loads_the_seed_once
    assert database_path(tmp_path / "家").is_file()
    assert run_json(capsys, "stats")["penalties_total_fen"] == 18_900_000


def test_cases_list_gives_every_case_with_the_contract_keys(station, capsys):
    rows = run_json(capsys, "cases", "list", "--data-dir", station)
    assert len(rows) == 36
    assert all({"id", "case_number", "party", "sector", "status"} <= set(r) for r in rows)
    assert [r["case_number"] for r in rows] == sorted(r["case_number"] for r in rows)
    assert {k: rows[0][k] for k in ("case_number", "party", "sector", "status")} == {
        "case_number": "佛三市监立〔2026〕1号", "party": "佛山市三水区睿栢文化培训中心有限公司", "sector": "education",
        "status": "closed"}


@pytest.mark.parametrize(("options", "expected"), [
    (["--status", "closed"], 26), (["--sector", "education"], 7), (["--district", "高明区"], 5),
    (["--agency", "440605"], 9), (["--search", "沐棠"], 1), (["--search", "佛顺市监立〔2026〕8号"], 1),
    (["--sector", "real_estate", "--status", "investigating"], 1), (["--limit", "5"], 5),
    (["--status", "archived"], 0),
])
def test_cases_list_filters(station, capsys, options, expected):
    rows = run_json(capsys, "cases", "list", "--data-dir", station, *options)
    assert len(rows) == expected
    if "--status" in options:
        assert {r["status"] for r in rows} <= {options[options.index("--status") + 1]}


def test_cases_list_as_text_shows_chinese_labels(station, capsys):
    code, out, err = run(capsys, "cases", "list", "--data-dir", station, "--search", "佛顺市监立〔2026〕8号")
    assert code == 0
    assert out == "佛顺市监立〔2026〕8号\t佛山市顺德区奕澜房地产经纪有限公司\t房地产租售\t顺德区\t已决定\n"


def test_cases_import_reports_rows_imported_skipped_and_errors(tmp_path, capsys):
    register = write_register(tmp_path / "台账.xlsx", [REGISTER_ROW])
    data = tmp_path / "data"
    result = run_json(capsys, "cases", "import", register, "--data-dir", data)
    assert {"rows", "imported", "skipped", "errors"} <= set(result)
    assert (result["rows"], result["imported"], result["skipped"], result["errors"]) == (1, 1, 0, [])
    again = run_json(capsys, "cases", "import", register, "--data-dir", data)
    assert (again["imported"], again["skipped"]) == (0, 1)
    (row,) = run_json(capsys, "cases", "list", "--data-dir", data)
    assert (row["case_number"], row["status"], row["sector"]) == ("佛南市监立〔2026〕101号", "penalty_decided",
                                                                  "real_estate")


def test_cases_import_dry_run_changes_nothing(station, tmp_path, capsys):
    register = write_register(tmp_path / "台账.xlsx", [REGISTER_ROW])
    before = counts(station)
    result = run_json(capsys, "cases", "import", register, "--dry-run", "--data-dir", station)
    assert (result["imported"], result["dry_run"]) == (1, True)
    assert counts(station) == before


def test_cases_import_names_a_register_name_other_than_the_stored_party_s(tmp_path, capsys, english):
    register = write_register(tmp_path / "台账.xlsx", [REGISTER_ROW])
    data = tmp_path / "data"
    run_json(capsys, "cases", "import", register, "--data-dir", data)
    renamed = list(REGISTER_ROW)
    renamed[0], renamed[1] = "佛南市监立〔2026〕102号", "佛山市甲乙装修有限公司"
    register = write_register(tmp_path / "第二批.xlsx", [renamed])
    said = ("unified social credit code 91110000100017707H belongs to the party stored as 佛山市南海区誉嘉房地产代理有限公司, "
            "not 佛山市甲乙装修有限公司: the case is imported under the stored name")
    result = run_json(capsys, "cases", "import", register, "--dry-run", "--data-dir", data)
    assert [(w["row"], w["field"]) for w in result["warnings"]] == [(3, "当事人")]
    assert result["warnings"][0]["message"].startswith(said)
    code, out, _err = run(capsys, "cases", "import", register, "--data-dir", data)
    assert code == 0 and f"row 3, 当事人: {said}" in out


def test_a_bad_register_is_refused_with_one_line_naming_file_and_row(station, tmp_path, capsys, english):
    bad = list(REGISTER_ROW)
    bad[0], bad[7] = "佛南市监立〔2026〕102号", "2026-02-30"
    register = write_register(tmp_path / "台账.xlsx", [REGISTER_ROW, bad])
    before = counts(station)
    code, out, err = run(capsys, "cases", "import", register, "--data-dir", station)
    assert (code, out) == (1, "")
    assert err == (f"Error: {register}: 1 row refused, nothing imported: row 4, 立案日期: 2026-02-30 is not a date "
                   "in the calendar (month 2 of 2026 has 28 days): write a date that exists, such as 2026-02-28. "
                   "Correct these rows and import again, or add --skip-invalid to import only the valid rows.\n")
    assert counts(station) == before


def test_a_bad_register_lists_its_errors_as_json_too(station, tmp_path, capsys):
    bad = list(REGISTER_ROW)
    bad[2] = "91350100M000100Y4Z"
    register = write_register(tmp_path / "台账.xlsx", [bad])
    code, out, err = run(capsys, "cases", "import", register, "--data-dir", station, "--json")
    assert code == 1
    result = json.loads(out)
    assert result["imported"] == 0
    assert [(e["row"], e["field"]) for e in result["errors"]] == [(3, "统一社会信用代码")]
    assert err.count("\n") == 1 and "台账.xlsx" in err


def test_cases_import_skip_invalid_imports_the_good_rows(station, tmp_path, capsys):
    bad = list(REGISTER_ROW)
    bad[0], bad[9] = "佛南市监立〔2026〕102号", "-5"
    register = write_register(tmp_path / "台账.xlsx", [REGISTER_ROW, bad])
    result = run_json(capsys, "cases", "import", register, "--skip-invalid", "--data-dir", station)
    assert (result["imported"], result["skipped"]) == (1, 1)
    assert [(e["row"], e["field"]) for e in result["errors"]] == [(4, "涉案信息条数")]


def test_cases_transition_moves_a_case_along_the_procedure(station, capsys, english):
    result = run_json(capsys, "cases", "transition", "佛顺市监立〔2026〕8号", "serve_decision", "--date", "2026-11-20",
                      "--data-dir", station)
    assert (result["case_number"], result["status"]) == ("佛顺市监立〔2026〕8号", "served")
    code, out, err = run(capsys, "cases", "transition", "佛顺市监立〔2026〕8号", "archive", "--data-dir", station)
    assert code == 1
    assert err == ("Error: “Archive” is not possible while the case is “Decision served”. It is taken once the case "
                   "is “Closed”. From “Decision served” the procedure goes on with “Penalty performed”, “Apply to the "
                   "court for enforcement”, “Transfer to the police”, “Close the case”. Its last step can be undone: "
                   "“Undo last step…” in the case's workspace, or cases transition 佛顺市监立〔2026〕8号 undo --reason TEXT "
                   "on the command line.\n")  # only the steps offered now (session 57), and the undo


@pytest.mark.parametrize("argv", [[], ["bogus"], ["cases"], ["cases", "list", "--limit", "many"],
                                  ["stats", "--colour"], ["cases", "import"]])
def test_usage_errors_exit_with_code_2(capsys, argv, english):
    with pytest.raises(SystemExit) as exited:
        main(argv)
    assert exited.value.code == 2
    assert "usage:" in capsys.readouterr().err


def corrupt_database(data_dir):
    data_dir.mkdir(parents=True, exist_ok=True)
    database_path(data_dir).write_bytes(b"SQLite format 3\x00" + b"\x00\xff" * 3000)


def text_database(data_dir):
    data_dir.mkdir(parents=True, exist_ok=True)
    database_path(data_dir).write_text("这不是数据库\n", encoding="utf-8")


def folder_database(data_dir):
    database_path(data_dir).mkdir(parents=True)


def newer_database(data_dir):
    main(["init", "--data-dir", str(data_dir)])
    conn = sqlite3.connect(database_path(data_dir))
    conn.execute("INSERT INTO _sqlite_migrations (migration_set, name, applied_at) "
                 "VALUES ('workstation', 'm009_future', '2027-01-01')")
    conn.commit()
    conn.close()


BAD_DATABASES = {"corrupt": (corrupt_database, "is damaged and cannot be read"),
                 "not sqlite": (text_database, "is not a workstation database"),
                 "folder": (folder_database, "is a folder, not a database file"),
                 "newer": (newer_database, "written by a newer version")}


@pytest.mark.parametrize("command", [["init"], ["demo"], ["stats"], ["cases", "list"], ["audit", "verify"]])
@pytest.mark.parametrize("kind", list(BAD_DATABASES))
def test_a_bad_database_gets_one_line_and_exit_1_for_every_command(tmp_path, capsys, command, kind, english):
    data = tmp_path / "data"
    make, message = BAD_DATABASES[kind]
    make(data)
    capsys.readouterr()
    code, out, err = run(capsys, *command, "--data-dir", data)
    assert (code, out) == (1, "")
    assert err.startswith("Error: ") and message in err and err.count("\n") == 1
    assert "Traceback" not in err


def test_a_database_damaged_inside_a_table_gets_one_line_and_exit_1(tmp_path, capsys, english):
    from workstation.db import open_database
    from workstation.demo import load_demo
    from workstation.store import ensure_reference_data

    db = open_database(database_path(tmp_path))
    ensure_reference_data(db)
    load_demo(db, complaints=False)  # the cases' table is damaged: the complaints would take no part
    page_size = db.execute("PRAGMA page_size").fetchone()[0]
    root = db.execute("SELECT rootpage FROM sqlite_master WHERE name = 'cases'").fetchone()[0]
    db.conn.close()
    with database_path(tmp_path).open("r+b") as fh:
        fh.seek((root - 1) * page_size)
        fh.write(b"\xff" * page_size)

    for command in (["stats"], ["cases", "list"]):
        code, out, err = run(capsys, *command, "--data-dir", tmp_path)
        assert (code, out) == (1, "")
        assert err == (f"Error: {database_path(tmp_path)} is damaged and cannot be read. There is no backup in the "
                       "backup folder to restore: copy the data "
                       f"directory {tmp_path} somewhere safe and ask for technical help.\n")


def test_a_locked_database_gets_one_line_and_exit_1(station, capsys, english):
    with locked_by_another_copy(station):
        code, out, err = run(capsys, "demo", "--data-dir", station)
    assert code == 1
    assert "locked by another program" in err and err.count("\n") == 1


def bad_register_file(folder, kind):
    if kind == "missing":
        return folder / "不存在.xlsx"
    if kind == "folder":
        (folder / "文件夹").mkdir()
        return folder / "文件夹"
    path, content = {"empty": ("空.csv", b""), "pdf": ("台账.pdf", b"%PDF-1.7"),
                     "damaged xlsx": ("乱码.xlsx", b"not a zip"),
                     "no header": ("无表头.csv", "序号,名称\n1,张三\n".encode())}[kind]
    (folder / path).write_bytes(content)
    return folder / path


@pytest.mark.parametrize(("kind", "message"), [
    ("missing", "no such file"), ("folder", "is a folder"), ("empty", "is empty (0 bytes)"),
    ("pdf", "only .xlsx, .xls and .csv"), ("damaged xlsx", "cannot be read as a spreadsheet"),
    ("no header", "no recognisable header"),
])
def test_a_bad_register_file_gets_one_line_and_exit_1(station, tmp_path, capsys, kind, message, english):
    path = bad_register_file(tmp_path, kind)
    before = counts(station)
    code, out, err = run(capsys, "cases", "import", path, "--data-dir", station)
    assert (code, out) == (1, "")
    assert err.startswith("Error: ") and message in err and err.count("\n") == 1
    assert counts(station) == before


def test_gb18030_declared_as_utf8_on_the_command_line(station, tmp_path, capsys, english):
    path = tmp_path / "台账.csv"
    # the amounts' thousands separators quoted, as Excel writes them (unquoted they would shift the row: refused)
    path.write_bytes(("\r\n".join(",".join(f'"{c}"' if "," in c else c for c in r)
                                   for r in [REGISTER_HEADER, REGISTER_ROW]) + "\r\n").encode("gb18030"))
    code, out, err = run(capsys, "cases", "import", path, "--encoding", "utf-8", "--data-dir", station)
    assert code == 1
    assert "台账.csv, row 1" in err and "GB18030" in err
    code, out, err = run(capsys, "cases", "import", path, "--encoding", "gb18030", "--data-dir", station)
    assert code == 0, err


@pytest.mark.parametrize("command", [["init"], ["demo"], ["stats"], ["audit", "verify"],
                                     ["backup", "restore", "workstation-backup-1"]])
def test_a_data_directory_that_is_a_file_is_refused(tmp_path, capsys, english, command):
    blocker = tmp_path / "data"
    blocker.write_text("x", encoding="utf-8")
    code, out, err = run(capsys, *command, "--data-dir", blocker)
    assert (code, out) == (1, "")
    assert err == (f"Error: {blocker} is a file, not a folder: give the folder of the workstation data with "
                   "--data-dir (or WORKSTATION_HOME).\n")
    assert blocker.read_text(encoding="utf-8") == "x" and list(tmp_path.iterdir()) == [blocker]


def test_an_unknown_case_is_refused(station, capsys, english):
    code, out, err = run(capsys, "cases", "transition", "佛南市监立〔2026〕999号", "file", "--data-dir", station)
    assert code == 1
    assert err == "Error: No case 佛南市监立〔2026〕999号: give a case id or case number.\n"


def subprocess_env(home):
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTEST")}
    env.update(WORKSTATION_HOME=str(home), WORKSTATION_LANG="en", PYTHONIOENCODING="utf-8")
    return env


@pytest.fixture(scope="module")
def demo_by_the_entry_point(tmp_path_factory):
    """(home, finished process): ``main.py --json demo`` run once, in a process of its own, on a new data directory
    (the default one, WORKSTATION_HOME): the whole demo, complaints too, 4 s. The two tests starting from it copy
    the folder before running anything on it."""
    root = tmp_path_factory.mktemp("entry-point")
    env = subprocess_env(root / "home")
    env.update(HOME=str(root / "user"), XDG_DATA_HOME=str(root / "user" / "data"),
               XDG_CONFIG_HOME=str(root / "user" / "config"))  # as _isolated_home gives each test
    demo = subprocess.run([sys.executable, "main.py", "--json", "demo"], cwd=PROJECT, env=env,
                          capture_output=True, text=True, encoding="utf-8", timeout=120)
    return root / "home", demo


def test_the_real_entry_point_runs_the_command_line(tmp_path, demo_by_the_entry_point):
    home, demo = demo_by_the_entry_point
    assert demo.returncode == 0, demo.stderr
    assert json.loads(demo.stdout)["cases"] == 36
    assert database_path(home).is_file()  # in WORKSTATION_HOME, no --data-dir given
    env = subprocess_env(Path(shutil.copytree(home, tmp_path / "home")))
    stats = subprocess.run([sys.executable, "-m", "workstation", "stats", "--json"], cwd=PROJECT, env=env,
                           capture_output=True, text=True, encoding="utf-8", timeout=120)
    assert stats.returncode == 0, stats.stderr
    # the whole demo: the seed's complaints too, 587 of them about personal information, 375 of those in its leads
    assert json.loads(stats.stdout) == {**SEED_STATS, "complaints": {"imported": 13_543, "related": 587,
                                                                     "in_leads": 375}}
    assert "PySide6" not in stats.stderr


def test_the_real_entry_point_refuses_bad_input_without_a_traceback(tmp_path):
    env = subprocess_env(tmp_path / "home")
    text_database(tmp_path / "home")
    bad_db = subprocess.run([sys.executable, "main.py", "stats"], cwd=PROJECT, env=env, capture_output=True,
                            text=True, encoding="utf-8", timeout=120)
    assert bad_db.returncode == 1
    assert "is not a workstation database" in bad_db.stderr and "Traceback" not in bad_db.stderr

    folder = tmp_path / "台账"
    folder.mkdir()
    as_file = subprocess.run([sys.executable, "main.py", "cases", "import", str(folder), "--data-dir",
                              str(tmp_path / "other")], cwd=PROJECT, env=env, capture_output=True, text=True,
                             encoding="utf-8", timeout=120)
    assert as_file.returncode == 1
    assert as_file.stderr.count("\n") == 1 and "is a folder" in as_file.stderr
    assert "Traceback" not in as_file.stderr

    usage = subprocess.run([sys.executable, "main.py", "cases", "frobnicate"], cwd=PROJECT, env=env,
                           capture_output=True, text=True, encoding="utf-8", timeout=120)
    assert usage.returncode == 2 and "Traceback" not in usage.stderr


def test_fonts_names_the_face_of_each_style_and_warns_on_fallback(tmp_path, capsys):
    assert main(["--data-dir", str(tmp_path), "fonts", "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert [r["style"] for r in rows] == ["song", "fangsong", "hei", "kai", "title"]
    assert all(Path(r["file"]).is_file() for r in rows)
    fallback = [r for r in rows if r["fallback"]]
    # titles in the song face (no 小标宋 installed) are said in a note, the song face being their documented stand-in
    assert all((r["warning"] or r["note"]) and str(tmp_path / "fonts") in (r["warning"] or r["note"])
               for r in fallback)


NO_DATA = ("Error: There is no workstation data in {path}: check --data-dir (or WORKSTATION_HOME), or run `init` "
           "or `demo` to create it there.\n")


@pytest.mark.parametrize("command", [
    ["stats"], ["stats", "export", "-o", "{OUT}/统计.csv"], ["cases", "list"], ["audit", "verify"],
    ["publicity", "list"], ["interviews", "list"], ["clocks"], ["leads", "screen"], ["station", "show"],
    ["docs", "render", "佛南市监立〔2026〕1号", "--form", "filing_approval", "-o", "{OUT}/草稿.pdf"],
])
@pytest.mark.parametrize("folder", ["empty", "missing"])
def test_a_command_on_existing_data_refuses_a_folder_without_any_and_leaves_it_as_it_was(
        tmp_path, capsys, monkeypatch, english, command, folder):
    monkeypatch.setenv("WORKSTATION_PASSPHRASE", "一个足够长的口令 2026")  # would create it encrypted
    data = tmp_path / "数据"
    if folder == "empty":
        data.mkdir()
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    code, out, err = run(capsys, *[a.replace("{OUT}", str(out_dir)) for a in command], "--data-dir", data)
    assert (code, out, err) == (1, "", NO_DATA.format(path=data))
    assert (list(data.iterdir()) == []) if folder == "empty" else not data.exists()
    assert list(out_dir.iterdir()) == []


def test_the_default_data_directory_without_data_is_named_in_the_refusal(tmp_path, capsys, monkeypatch, english):
    home = tmp_path / "家"
    monkeypatch.setenv("WORKSTATION_HOME", str(home))
    assert run(capsys, "stats", "--json") == (1, "", NO_DATA.format(path=home))
    assert not home.exists()


def test_a_command_that_brings_data_still_makes_a_new_data_directory(tmp_path, capsys):
    data = tmp_path / "新目录"
    register = write_register(tmp_path / "台账.xlsx", [REGISTER_ROW])
    assert run_json(capsys, "cases", "import", register, "--data-dir", data)["imported"] == 1
    assert database_path(data).is_file()
    assert run_json(capsys, "stats", "--data-dir", data)["cases"]["total"] == 1


def test_text_output_to_an_ascii_pipe_escapes_what_it_cannot_encode(station, tmp_path):
    env = subprocess_env(tmp_path / "home")
    env.update(PYTHONIOENCODING="ascii", WORKSTATION_LANG="zh_CN")
    listed = subprocess.run([sys.executable, "main.py", "cases", "list", "--data-dir", str(station), "--search",
                             "佛顺市监立〔2026〕8号"], cwd=PROJECT, env=env, capture_output=True, timeout=120)
    assert (listed.returncode, listed.stderr) == (0, b"")
    assert listed.stdout.decode("ascii").encode().decode("unicode_escape") == (
        "佛顺市监立〔2026〕8号\t佛山市顺德区奕澜房地产经纪有限公司\t房地产租售\t顺德区\t已决定\n")
    helped = subprocess.run([sys.executable, "main.py", "--help"], cwd=PROJECT, env=env, capture_output=True,
                            timeout=120)
    assert (helped.returncode, helped.stderr) == (0, b"")
    assert "专项行动统计".encode("unicode_escape") in helped.stdout


def test_a_command_closes_its_database_before_it_returns(tmp_path, capsys):
    """The connection is closed by the command, not left to the garbage collector (a connection is in a cycle
    with its statement cache): a folder copied right after a command lost its -shm file midway (CI, stop 49)."""
    data_dir = tmp_path / "station"
    gc.disable()  # the collector would close a forgotten connection at a moment of its own
    try:
        assert run(capsys, "--data-dir", data_dir, "init", "--agency", "440605", "--plaintext")[0] == 0
        assert run(capsys, "--data-dir", data_dir, "cases", "list")[0] == 0
        assert sorted(p.name for p in data_dir.glob("workstation.db*")) == ["workstation.db"]
    finally:
        gc.enable()
