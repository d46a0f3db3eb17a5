"""The command line used literally as ../shared/CLI.md documents it, as a headquarters script would."""

import json
import os
import sqlite3
import subprocess
import sys
import zipfile
from pathlib import Path

import openpyxl
import pytest

from tests.helpers import CASE, run, run_json
from workstation.cli import main
from workstation.paths import database_path

PROJECT = Path(__file__).resolve().parent.parent
OTHER_CASE = "佛南市监立〔2026〕2号"


@pytest.fixture
def station(tmp_path, cli_station):
    """A data directory with the demo loaded through the command line."""
    return cli_station(tmp_path / "station", ["init", "--agency", "440605"], ["demo", "--without-complaints"])


def counts(data_dir):
    conn = sqlite3.connect(database_path(data_dir))
    try:
        return {t: conn.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0] for t in ("documents", "audit")}
    finally:
        conn.close()


@pytest.mark.parametrize("command", [
    ["docs", "issue", CASE, "--form", "penalty_decision"],
    ["docs", "render", CASE, "--form", "filing_approval"],
    ["docs", "casefile", CASE],
    ["report", "campaign", "--freeze", "2026年第1期"],
    ["stats", "export"],
    ["station", "export"],
    ["bundle", "export", "--all"],
])
def test_a_folder_given_as_the_output_file_is_refused_before_anything_changes(station, tmp_path, capsys, english,
                                                                               command):
    folder = tmp_path / "输出"
    folder.mkdir()
    before = counts(station)
    code, out, err = run(capsys, "--data-dir", station, *command, "-o", folder)
    assert (code, out) == (1, "")
    assert err == f"Error: {folder} is a folder: give the name of the file to write.\n"
    assert counts(station) == before
    assert list(folder.iterdir()) == []


@pytest.mark.parametrize("command", [
    ["docs", "issue", CASE, "--form", "penalty_decision"],
    ["report", "campaign", "--freeze", "2026年第1期"],
    ["bundle", "export", "--all"],  # makes a missing folder: a file on the way is named, not "already exists"
])
def test_an_output_path_through_a_file_names_the_file_in_the_way(station, tmp_path, capsys, english, command):
    blocker = tmp_path / "台账.xlsx"
    blocker.write_bytes(b"PK")
    before = counts(station)
    code, out, err = run(capsys, "--data-dir", station, *command, "-o", blocker / "子目录" / "输出.pdf")
    assert (code, out) == (1, "")
    assert err == f"Error: {blocker} is a file, not a folder: choose a folder to write 输出.pdf in.\n"
    assert counts(station) == before and blocker.read_bytes() == b"PK"


def test_json_is_utf8_whatever_the_console_encoding(tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTEST")}
    env.update(WORKSTATION_HOME=str(tmp_path / "home"), PYTHONIOENCODING="gbk")
    result = subprocess.run([sys.executable, "main.py", "docs", "forms", "--json"], cwd=PROJECT, env=env,
                            capture_output=True, timeout=120)
    assert result.returncode == 0, result.stderr
    forms = json.loads(result.stdout.decode("utf-8"))
    assert {"id": "filing_approval", "title": "立案审批表"}.items() <= next(
        f for f in forms if f["id"] == "filing_approval").items()


def test_docs_render_takes_the_format_from_the_output_file_when_not_given(station, tmp_path, capsys):
    target = tmp_path / "立案审批表.docx"
    result = run_json(capsys, "--data-dir", station, "docs", "render", CASE, "--form", "filing_approval",
                      "-o", target)
    assert (result["path"], result["format"]) == (str(target), "docx")
    assert "word/document.xml" in zipfile.ZipFile(target).namelist()
    pdf = run_json(capsys, "--data-dir", station, "docs", "render", CASE, "--form", "filing_approval",
                   "-o", tmp_path / "立案审批表")
    assert pdf["format"] == "pdf" and (tmp_path / "立案审批表").read_bytes().startswith(b"%PDF")


def test_report_campaign_takes_the_format_from_the_output_file_when_not_given(station, tmp_path, capsys):
    target = tmp_path / "通报.xlsx"
    result = run_json(capsys, "--data-dir", station, "report", "campaign", "-o", target)
    assert result["format"] == "xlsx"
    assert openpyxl.load_workbook(target).sheetnames


def test_cases_list_refuses_an_unknown_sector_or_status(station, capsys, english):
    code, out, err = run(capsys, "--data-dir", station, "cases", "list", "--sector", "estate", "--json")
    assert (code, out) == (2, "")  # a value outside a fixed list: usage error
    assert err == "Error: --sector: Unknown value estate; use one of: real_estate (房地产租售), education (教育培训), " \
                  "decoration (装饰装修), microloan (小贷金融), other (其他).\n"  # the Chinese names it takes too
    code, out, err = run(capsys, "--data-dir", station, "cases", "list", "--status", "done")
    assert code == 2 and err.startswith("Error: --status: Unknown value done; use one of: pending_filing (待立案), ")
    code, out, err = run(capsys, "--data-dir", station, "cases", "list", "--limit", "-1")
    assert (code, out, err) == (2, "", "Error: --limit: Give a number of cases, zero or more.\n")  # usage (s61)


def test_cases_list_takes_the_chinese_labels_of_sector_and_status(station, capsys):
    by_label = run_json(capsys, "--data-dir", station, "cases", "list", "--sector", "教育培训", "--status", "已结案")
    by_key = run_json(capsys, "--data-dir", station, "cases", "list", "--sector", "education", "--status", "closed")
    assert by_label == by_key and by_key


def test_bundle_export_takes_several_cases_after_one_case_option(station, tmp_path, capsys):
    both = run_json(capsys, "--data-dir", station, "bundle", "export", "-o", tmp_path / "两件.bundle",
                    "--case", CASE, OTHER_CASE)
    assert (both["cases"], both["scope"]) == (2, "cases")
    repeated = run_json(capsys, "--data-dir", station, "bundle", "export", "-o", tmp_path / "重复.bundle",
                        "--case", CASE, "--case", OTHER_CASE)
    assert repeated["cases"] == 2


def test_a_missing_input_file_is_named_in_the_users_language(station, tmp_path, capsys):
    missing = tmp_path / "不存在.bundle"
    for command in (["bundle", "verify", missing], ["bundle", "import", missing], ["station", "trust", missing]):
        code, out, err = run(capsys, "--data-dir", station, *command)
        assert (code, out, err) == (1, "", f"错误：{missing}：文件不存在。\n"), command
    code, out, err = run(capsys, "--data-dir", station, "--passphrase-file", missing, "stats")
    assert (code, out, err) == (1, "", f"错误：--passphrase-file {missing}：文件不存在。\n")  # which option named it


def test_a_folder_given_as_an_input_file_is_refused_in_one_line(station, tmp_path, capsys, english):
    for command in (["bundle", "import", tmp_path], ["station", "headquarters", tmp_path],
                    ["docs", "render", CASE, "--form", "filing_approval", "-o", tmp_path / "x.pdf",
                     "--values", tmp_path]):
        code, out, err = run(capsys, "--data-dir", station, *command)
        assert (code, out, err) == (1, "", f"Error: {tmp_path} is a folder: choose a file.\n"), command


def test_a_values_file_is_read_with_or_without_a_bom_and_a_broken_one_is_located(station, tmp_path, capsys,
                                                                                  english):
    values = tmp_path / "values.json"
    values.write_bytes(b"\xef\xbb\xbf" + json.dumps({"cause": "记事本保存的取值"}, ensure_ascii=False).encode())
    render = ["--data-dir", station, "docs", "render", CASE, "--form", "filing_approval", "-o", tmp_path / "x.pdf",
              "--values", values, "--force"]  # the second render writes the same file again
    assert run(capsys, *render)[0] == 0
    values.write_text('{"cause": "缺少引号}\n', encoding="utf-8")
    code, out, err = run(capsys, *render)
    assert (code, out) == (1, "")
    assert err == f"Error: {values} is not valid JSON (line 1, column 17): write the field values as one JSON " \
                  "object.\n"


def test_a_refused_register_gives_the_documented_keys_as_json(station, tmp_path, capsys):
    register = tmp_path / "台账.csv"
    register.write_text("案件编号,当事人,统一社会信用代码,所属区,行业领域,案由,违法行为,立案日期,办理状态\n"
                        "佛南市监立〔2026〕101号,某公司,91110000100017707H,南海区,房地产租售,案由,"
                        "未经同意发送商业性信息,2026-02-30,已决定\n", encoding="utf-8")
    code, out, err = run(capsys, "--data-dir", station, "cases", "import", register, "--dry-run", "--json")
    assert code == 1 and err.count("\n") == 1
    result = json.loads(out)
    assert {"rows", "imported", "skipped", "errors", "dry_run"} <= set(result)
    assert (result["imported"], result["dry_run"]) == (0, True)
    assert [(e["row"], e["field"]) for e in result["errors"]] == [(2, "立案日期")]


def test_init_help_lists_the_agency_codes_the_refusal_points_to(tmp_path, capsys, english):
    code, out, err = run(capsys, "--data-dir", tmp_path, "init", "--agency", "4406")
    assert code == 1 and "see `init --help` for the codes" in err
    with pytest.raises(SystemExit) as exited:
        main(["init", "--help"])
    assert exited.value.code == 0
    help_text = capsys.readouterr().out
    assert "agency codes:" in help_text
    assert "440605     佛山市南海区市场监督管理局\n" in help_text
    assert "440608108  佛山市高明区市场监督管理局更合市场监督管理所" in help_text


def test_docs_render_counts_the_pages_of_a_pdf_and_gives_null_for_a_docx(station, tmp_path, capsys):
    from pypdf import PdfReader

    pdf = run_json(capsys, "--data-dir", station, "docs", "render", CASE, "--form", "filing_approval",
                   "-o", tmp_path / "立案审批表.pdf")
    assert pdf["pages"] == len(PdfReader(tmp_path / "立案审批表.pdf").pages) >= 1
    docx = run_json(capsys, "--data-dir", station, "docs", "render", CASE, "--form", "filing_approval",
                    "--format", "docx", "-o", tmp_path / "立案审批表.docx")
    assert "pages" in docx and docx["pages"] is None  # laid out by Word or WPS where it is opened


COUNCIL_CSV = ("投诉编号,投诉时间,投诉人,联系电话,被投诉方,投诉内容,投诉类别,处理状态\n"
               "XW2026001,2026-03-01 09:00,张先生,13800138000,佛山市某房产中介,一直接到房产推销电话,房屋及装修,已办结\n"
               "XW2026002,2026-03-02 10:00,李女士,13900139000,佛山市某教育,培训机构短信骚扰,教育培训服务,已办结\n")


def complaint_files(folder):
    good = folder / "消委会.csv"
    good.write_text(COUNCIL_CSV, encoding="utf-8")
    bad = folder / "投诉.pdf"
    bad.write_bytes(b"%PDF-1.7")
    return good, bad


def test_complaints_import_with_a_refused_file_exits_1_and_imports_no_file(station, tmp_path, capsys, english):
    good, bad = complaint_files(tmp_path)
    code, out, err = run(capsys, "--data-dir", station, "complaints", "import", good, bad)
    assert code == 1  # CLI.md: exit 1, nothing changed, so the good file is not imported either
    # each file named by the path typed (two folders' 工单.csv are told apart); the database keeps the bare name
    assert err.count("\n") == 1 and err.startswith(f"Error: {bad}: .pdf files cannot be imported")
    assert out.splitlines()[-1] == (f"No file was imported: {bad} was refused (its error line says why) and the "
                                    f"files of one import are imported all or none. Read without fault: {good}. "
                                    "Mend the refused file or leave it out, then run the command again.")
    conn = sqlite3.connect(database_path(station))
    try:
        assert conn.execute("SELECT COUNT(*) FROM complaints WHERE source_file = '消委会.csv'").fetchone()[0] == 0
    finally:
        conn.close()

    code, out, err = run(capsys, "--data-dir", station, "complaints", "import", good, bad, "--json")
    result = json.loads(out)
    assert code == 1 and (result["imported_files"], result["refused_files"]) == ([], [str(bad)])
    assert (result["imported"], result["duplicates"]) == (0, 0)


def test_complaints_import_dry_run_with_a_refused_file_says_no_file_would_be_imported(station, tmp_path, capsys,
                                                                                      english):
    good, bad = complaint_files(tmp_path)
    code, out, err = run(capsys, "--data-dir", station, "complaints", "import", good, bad, "--dry-run")
    assert code == 1 and err.count("\n") == 1
    assert out.splitlines()[-2].startswith(f"An import would import no file: {bad} is refused")
    assert out.splitlines()[-1] == "Dry run: nothing was changed."
    assert run_json(capsys, "--data-dir", station, "stats")["complaints"]["imported"] == 0
