"""The command line checked against ../shared/CLI.md with bad or mistaken input: refused with one line naming the
option, file or field, before anything is changed; argparse's own words in the user's language."""

import argparse
import contextlib
import io
import json
import shutil
import sqlite3
import sys

import pytest

from tests.helpers import CASE, all_parsers, run, run_json
from workstation import i18n
from workstation.cli import main
from workstation.paths import database_path

INVESTIGATING = "佛南市监立〔2026〕9号"  # 立案调查 in the demo
PRE_NOTICE = "佛三市监立〔2026〕6号"  # 已告知 in the demo: its 行政处罚告知书 may be issued
FEB_30 = ("2026-02-30 is not a date in the calendar (month 2 of 2026 has 28 days): write a date that exists, such as "
          "2026-02-28.")


@pytest.fixture(scope="module")
def template(tmp_path_factory):
    """A data directory with the demo (without its complaints), made once through the command line."""
    target = tmp_path_factory.mktemp("cli-inputs") / "station"
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
        assert main(["--data-dir", str(target), "init", "--agency", "440605"]) == 0
        assert main(["--data-dir", str(target), "demo", "--without-complaints"]) == 0
    return target


@pytest.fixture
def station(template, tmp_path):
    return shutil.copytree(template, tmp_path / "station")


def table_counts(data_dir):
    conn = sqlite3.connect(database_path(data_dir))
    try:
        return {t: conn.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0]
                for t in ("documents", "doc_numbers", "audit", "report_periods", "evidence")}
    finally:
        conn.close()


def usage_error(capsys, *argv):
    with pytest.raises(SystemExit) as exited:
        main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return exited.value.code, out, err


# argparse in the user's language ---------------------------------------------------------------------------------
ARGPARSE_CHINESE = {"usage: ": "用法：", "options": "选项", "show this help message and exit": "显示此帮助信息并退出",
                    "%(prog)s: error: %(message)s\n": "%(prog)s：错误：%(message)s\n",
                    "unrecognized arguments: %s": "无法识别的参数：%s",
                    "show the program's version number and exit": "显示程序版本号并退出"}


@pytest.fixture
def chinese_argparse(monkeypatch):
    """The catalogue with argparse's texts translated, whether or not the installed catalogue has them yet."""
    monkeypatch.setattr(i18n, "_catalogue", {**i18n._catalogue, **ARGPARSE_CHINESE})


def test_usage_errors_and_help_are_framed_in_the_users_language(chinese_argparse, capsys, monkeypatch):
    monkeypatch.setattr(sys, "argv", ["/usr/local/bin/workstation"])  # started by the installed launcher
    code, out, err = usage_error(capsys, "stats", "--colour")
    assert (code, out) == (2, "")
    assert err.startswith("用法：workstation ") and err.endswith("workstation：错误：无法识别的参数：--colour\n")
    code, out, err = usage_error(capsys, "--help")
    assert code == 0
    assert out.startswith("用法：workstation ") and "\n选项：\n" in out
    assert "显示此帮助信息并退出" in out and "显示程序版本号并退出" in out
    assert argparse._("usage: ") == "usage: "  # argparse is given back its own translation afterwards


def test_every_option_and_argument_has_its_help(capsys):
    from workstation.cli import build_parser

    missing = [(p.prog, a.dest) for p in all_parsers(build_parser()) for a in p._actions
               if not a.help and not isinstance(a, argparse._SubParsersAction)]
    assert missing == []


# the data directory ----------------------------------------------------------------------------------------------
@pytest.mark.parametrize("option", ["--data-dir", "--passphrase-file"])
def test_an_empty_path_option_is_a_usage_error_not_the_default(capsys, tmp_path, english, option, monkeypatch):
    home = tmp_path / "默认目录"
    monkeypatch.setenv("WORKSTATION_HOME", str(home))
    code, out, err = usage_error(capsys, option, "", "demo", "--without-complaints")
    assert (code, out) == (2, "")
    assert err.endswith(f"error: argument {option}: the path is empty: give a folder or file\n")
    assert not home.exists()  # the default data directory was not filled with the demo


@pytest.mark.parametrize("command", [
    ["init", "--agency", "4406"],
    ["cases", "import", "{FILES}/不是台账.csv"],
    ["cases", "import", "{FILES}/台账.csv", "--dry-run"],
    ["complaints", "import", "{FILES}/不是台账.csv"],
    ["complaints", "import", "{FILES}/投诉.csv", "--dry-run"],
    ["bundle", "import", "{FILES}/坏的.bundle"],
])
@pytest.mark.parametrize("folder", ["missing", "holding other files"])
def test_a_refused_command_or_a_dry_run_leaves_no_new_data_directory(tmp_path, capsys, command, folder):
    files = tmp_path / "files"
    files.mkdir()
    (files / "不是台账.csv").write_text("序号,名称\n1,张三\n", encoding="utf-8")
    (files / "台账.csv").write_text("案件编号,当事人,统一社会信用代码,所属区,行业领域,案由,违法行为,立案日期,办理状态\n"
                                   "佛南市监立〔2026〕301号,某公司,91440605MA4U00000P,南海区,其他,案由,"
                                   "违法收集使用个人信息,2026-03-02,立案调查\n", encoding="utf-8")
    (files / "投诉.csv").write_text("投诉编号,投诉时间,投诉人,联系电话,被投诉方,投诉内容\n"
                                  "XW1,2026-03-01 09:00,张先生,13800138000,某中介,天天接到推销电话\n", encoding="utf-8")
    (files / "坏的.bundle").write_bytes(b"PK\x03\x04 truncated")
    data = tmp_path / "新数据" / "站点"
    if folder == "holding other files":
        data.mkdir(parents=True)
        (data / "说明.txt").write_text("留着", encoding="utf-8")
    code, out, err = run(capsys, "--data-dir", data, *[a.replace("{FILES}", str(files)) for a in command])
    assert code == (0 if "--dry-run" in command else 1), err
    if folder == "missing":
        assert not (tmp_path / "新数据").exists()
    else:
        assert [p.name for p in data.iterdir()] == ["说明.txt"]


def test_a_new_data_directory_is_not_left_when_one_of_the_complaint_files_is_refused(tmp_path, capsys):
    good, bad = tmp_path / "投诉.csv", tmp_path / "投诉.pdf"
    good.write_text("投诉编号,投诉时间,投诉人,联系电话,被投诉方,投诉内容\n"
                    "XW1,2026-03-01 09:00,张先生,13800138000,某中介,天天接到推销电话\n", encoding="utf-8")
    bad.write_bytes(b"%PDF-1.7")
    data = tmp_path / "新站点"
    code, out, err = run(capsys, "--data-dir", data, "complaints", "import", good, bad)
    assert code == 1  # the files are imported all or none: nothing was, and the directory made for them is gone
    assert not data.exists()


# cases transition ------------------------------------------------------------------------------------------------
def test_an_unknown_procedure_action_is_answered_with_the_possible_ones(station, capsys, english):
    before = table_counts(station)
    code, out, err = run(capsys, "--data-dir", station, "cases", "transition", INVESTIGATING, "end_investigation")
    assert (code, out) == (1, "")
    assert err == ("Error: Unknown procedure action end_investigation; while the case is “Under investigation” "
                   "these are possible: suspend (Suspend the investigation), conclude_investigation (Conclude the "
                   "investigation), transfer_to_police (Transfer to the police), terminate (Terminate the "
                   "investigation).\n")
    assert table_counts(station) == before


def test_a_transition_date_not_in_the_calendar_is_refused_naming_its_option(station, capsys, english):
    before = table_counts(station)
    code, out, err = run(capsys, "--data-dir", station, "cases", "transition", INVESTIGATING, "conclude_investigation",
                         "--date", "2026-02-30")
    assert (code, out, err) == (1, "", f"Error: --date: {FEB_30}\n")
    assert table_counts(station) == before


def test_evidence_count_names_the_argument_of_an_unknown_evidence_item(station, capsys, english):
    code, out, err = run(capsys, "--data-dir", station, "evidence", "count", INVESTIGATING, "没有这项",
                         "--category", "trace")
    assert (code, out) == (1, "")
    assert err.startswith("Error: EVIDENCE_ID: ") and "没有这项" in err and err.count("\n") == 1


def test_a_transition_says_the_new_status_in_words(station, capsys):
    code, out, err = run(capsys, "--data-dir", station, "cases", "transition", INVESTIGATING,
                         "conclude_investigation")
    assert (code, err) == (0, "")
    status, *warnings = out.splitlines()
    assert status == f"{INVESTIGATING}：调查终结"
    assert len(warnings) == 1 and warnings[0].startswith("警告：")  # the demo case issued no record (concluding.py)


# documents -------------------------------------------------------------------------------------------------------
def test_a_values_file_naming_no_field_of_the_form_is_refused_before_issuing(station, tmp_path, capsys, english):
    values = tmp_path / "取值.json"
    values.write_text(json.dumps({"contact_person": "李明", "contact_phon": "0757-86331234"}), encoding="utf-8")
    before = table_counts(station)
    code, out, err = run(capsys, "--data-dir", station, "docs", "issue", PRE_NOTICE, "--form", "pre_penalty_notice",
                         "--values", values, "-o", tmp_path / "告知书.pdf")
    assert (code, out) == (1, "")
    assert err.startswith(f"Error: {values}: contact_phon is not a field of 行政处罚告知书 (pre_penalty_notice); its "
                          "fields are: party_name, you, cause, ")
    assert err.count("\n") == 1 and "contact_phone" in err
    assert table_counts(station) == before and not (tmp_path / "告知书.pdf").exists()


@pytest.mark.parametrize(("command", "message"), [
    (["docs", "issue", PRE_NOTICE, "--form", "pre_penalty_notice", "-o", "{OUT}/告知书.docx"],
     "{OUT}/告知书.docx ends in .docx, but this command writes PDF only: end the file's name in .pdf."),
    (["docs", "casefile", CASE, "-o", "{OUT}/卷宗.docx"],
     "{OUT}/卷宗.docx ends in .docx, but this command writes PDF only: end the file's name in .pdf."),
    (["docs", "render", CASE, "--form", "filing_approval", "--format", "pdf", "-o", "{OUT}/立案审批表.docx"],
     "{OUT}/立案审批表.docx ends in .docx, but --format is pdf: give --format docx, or end the file's name in .pdf."),
    (["report", "campaign", "--format", "pdf", "-o", "{OUT}/通报.xlsx"],
     "{OUT}/通报.xlsx ends in .xlsx, but --format is pdf: give --format xlsx, or end the file's name in .pdf."),
    (["stats", "export", "--format", "xlsx", "-o", "{OUT}/统计.csv"],
     "{OUT}/统计.csv ends in .csv, but --format is xlsx: give --format csv, or end the file's name in .xlsx."),
])
def test_an_output_named_for_another_format_is_refused_before_any_work(station, tmp_path, capsys, english,
                                                                       command, message):
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    before = table_counts(station)
    code, out, err = run(capsys, "--data-dir", station, *[a.replace("{OUT}", str(out_dir)) for a in command])
    assert (code, out, err) == (1, "", "Error: " + message.replace("{OUT}", str(out_dir)) + "\n")
    assert table_counts(station) == before and list(out_dir.iterdir()) == []


# periods and labels ----------------------------------------------------------------------------------------------
@pytest.mark.parametrize("command", [["stats"], ["publicity", "list"], ["report", "campaign", "-o", "{OUT}/通报.pdf"],
                                     ["stats", "export", "-o", "{OUT}/统计.xlsx"]])
def test_a_period_ending_before_it_begins_is_refused(station, tmp_path, capsys, english, command):
    code, out, err = run(capsys, "--data-dir", station, *[a.replace("{OUT}", str(tmp_path)) for a in command],
                         "--from", "2026-05-01", "--to", "2026-04-30")
    assert (code, out) == (1, "")
    assert err == ("Error: --to: 2026-04-30 is before the first date 2026-05-01 (--from): give the period's first "
                   "date with --from and its last with --to.\n")
    assert not (tmp_path / "通报.pdf").exists() and not (tmp_path / "统计.xlsx").exists()


def test_report_campaign_names_the_option_of_a_wrong_date_and_refuses_an_empty_label(station, tmp_path, capsys,
                                                                                    english):
    target = tmp_path / "通报.pdf"
    code, out, err = run(capsys, "--data-dir", station, "report", "campaign", "-o", target, "--from", "2026-13-01")
    assert (code, out, err) == (1, "", "Error: --from: 2026-13-01 is not a date in the calendar (a month is 1 to 12): "
                                       "write a date that exists, such as 2026-12-01.\n")
    code, out, err = run(capsys, "--data-dir", station, "report", "campaign", "-o", target, "--freeze", " ")
    assert (code, out) == (1, "")
    assert err == "Error: --freeze: The label is empty: give the report period's label, e.g. 2026年第1期.\n"
    assert table_counts(station)["report_periods"] == 0 and not target.exists()


# evidence and interviews -----------------------------------------------------------------------------------------
def test_evidence_add_names_the_options_and_takes_the_chinese_kind(station, tmp_path, capsys, english):
    photo = tmp_path / "现场照片.jpg"
    photo.write_bytes(b"\xff\xd8\xff\xe0 photo")
    add = ["--data-dir", station, "evidence", "add", INVESTIGATING, photo]
    held = table_counts(station)["evidence"]  # the demo's decided cases hold theirs; the case investigated none
    code, out, err = run(capsys, *add, "--kind", "相片")
    assert (code, out) == (2, "")  # a value outside a fixed list: usage error
    assert err == ("Error: --kind: Unknown value 相片; use one of: photo (照片), recording (录音录像), customer_list "
                   "(客户名单), chat_export (聊天记录), sms_log (短信平台记录), call_log (通话记录), contract (合同票据), "
                   "electronic_data (电子数据), documentary (书证), physical (物证), witness_testimony (证人证言), "
                   "party_statement (当事人陈述), expert_opinion (鉴定意见), inspection_record (勘验笔录、现场笔录), "
                   "other (其他).\n")  # the Chinese names it takes too: 照片, not 相片
    code, out, err = run(capsys, *add, "--date", "2026-02-30")
    assert (code, out, err) == (1, "", f"Error: --date: {FEB_30}\n")
    assert table_counts(station)["evidence"] == held
    assert run(capsys, *add, "--kind", "照片", "--date", "2026-11-20")[0] == 0
    listed = run_json(capsys, "--data-dir", station, "evidence", "list", INVESTIGATING)
    assert [(e["kind"], e["collected_on"]) for e in listed] == [("photo", "2026-11-20")]


def test_interviews_list_names_the_option_of_a_wrong_date(station, capsys, english):
    code, out, err = run(capsys, "--data-dir", station, "interviews", "list", "--as-of", "2026-02-30")
    assert (code, out, err) == (1, "", f"Error: --as-of: {FEB_30}\n")


# passphrases and backups -----------------------------------------------------------------------------------------
@pytest.mark.parametrize("command", [["security", "add-officer", "张三"], ["security", "change-passphrase"]])
def test_a_passphrase_command_on_unencrypted_data_says_it_is_not_encrypted(station, tmp_path, capsys, english,
                                                                           command):
    new = tmp_path / "新口令.txt"
    new.write_text("张三自己的口令 2026\n", encoding="utf-8")
    code, out, err = run(capsys, "--data-dir", station, *command, "--new-passphrase-file", new)
    assert (code, out) == (1, "")
    assert err == (f"Error: The data in {station} is not encrypted, so it has no passphrases: run `security "
                   "encrypt` to encrypt it first.\n")


def test_a_passphrase_file_with_an_empty_first_line_is_named(station, tmp_path, capsys, english):
    empty = tmp_path / "口令.txt"
    empty.write_text("\n口令写在了第二行\n", encoding="utf-8")
    code, out, err = run(capsys, "--data-dir", station, "stats", "--passphrase-file", empty)
    assert (code, out) == (1, "")
    assert err == f"Error: --passphrase-file {empty}: the first line is empty; write the passphrase on it.\n"


@pytest.mark.parametrize("action", ["verify", "restore"])
def test_a_backup_given_as_a_folder_or_a_missing_path_is_named_as_such(station, tmp_path, capsys, english, action):
    before = table_counts(station)
    code, out, err = run(capsys, "--data-dir", station, "backup", action, tmp_path)
    assert (code, out, err) == (1, "", f"Error: {tmp_path} is a folder: choose a file.\n")
    missing = tmp_path / "备份" / "x.wsbackup"
    code, out, err = run(capsys, "--data-dir", station, "backup", action, missing)
    assert (code, out, err) == (1, "", f"Error: {missing}: no such file.\n")
    assert table_counts(station) == before
