"""The command line's messages as an officer reads them in Chinese (session 13): a joint interview's record and a
procedure action name the --party option and the parties to give; sentences built from two messages follow one
another without a stray space; a dry run of a bundle from a station not trusted yet previews it, and a dry run of a
complaint export says what it would do, not what it did."""

from __future__ import annotations

import csv
import json
import re

import pytest

from tests.data_digest import data_digest
from tests.helpers import copy_station_and_hq, db_digest, open_db, run, run_json
from tests.test_party_case10 import COMPANY, EMPLOYEE, SERVED, with_employee
from workstation import procedure
from workstation.backup_format import BackupRefused
from workstation.documents.drafts import find_form
from workstation.documents.issuing import issue_document
from workstation.errors import WorkstationError
from workstation.i18n import _
from workstation.law.case_law import limitation
from workstation.store import get_case

OPERATORS = "0e7e310e-296a-586e-96a9-4a924496795f"  # the demo's joint interview of the three telecom operators
OPERATOR_PARTIES = ("60946fa0-2034-5fcf-950a-25ac4304d2c4（中国移动通信集团广东有限公司佛山分公司）；"
                    "c7439ca4-f5a1-5412-8340-b52853ccda33（中国联合网络通信有限公司佛山市分公司）；"
                    "641220f8-c5b0-55b0-ad28-59a9c2847b6b（中国电信股份有限公司佛山分公司）")


# ---- 1. the record of a joint interview names --party and the parties ---------------------------------------

@pytest.fixture
def interviews_station(tmp_path, cli_station):
    return cli_station(tmp_path / "station", ["init", "--agency", "440605"], ["demo", "--without-complaints"])


@pytest.mark.parametrize("command", [["docs", "render"], ["interviews", "issue"]])
def test_the_record_of_a_joint_interview_without_its_party_names_the_option_and_the_parties(
        interviews_station, tmp_path, capsys, command):
    target = tmp_path / "约谈记录.pdf"
    code, out, err = run(capsys, "--data-dir", interviews_station, *command, OPERATORS, "--form", "interview_record",
                         "-o", target)
    assert (code, out) == (1, "")
    assert err == ("错误：联合约谈的约谈记录按被约谈单位逐一制作：请用 --party 指明本份对应的被约谈单位（其编号或名称），"
                   f"共3个：{OPERATOR_PARTIES}。\n")
    assert not target.exists()


def test_the_record_of_a_joint_interview_takes_its_party_by_name_and_refuses_another(interviews_station, tmp_path,
                                                                                   capsys):
    target = tmp_path / "约谈记录.pdf"
    code, out, err = run(capsys, "--data-dir", interviews_station, "docs", "render", OPERATORS, "--form",
                         "interview_record", "--party", "其他公司", "-o", target)
    assert (code, out, err) == (1, "", "错误：--party：其他公司不是本次约谈的被约谈单位；请填写其中一个被约谈单位的编号或名称："
                                       f"{OPERATOR_PARTIES}。\n")
    result = run_json(capsys, "--data-dir", interviews_station, "docs", "render", OPERATORS, "--form",
                      "interview_record", "--party", "中国电信股份有限公司佛山分公司", "-o", target)
    assert result["path"] == str(target) and target.exists()


# ---- 2. sentences joined without a stray space -------------------------------------------------------------

def test_the_refused_hearing_request_follows_the_full_stop_without_a_space(db, data_dir, make_case, capsys):
    case = make_case(status="pre_notice", notice_served_on=SERVED, fine_fen=5_000_000)
    code, out, err = run(capsys, "--data-dir", data_dir, "cases", "transition", case.case_number, "request_hearing",
                         "--date", "2026-03-03")
    assert (code, out) == (1, "")
    assert "（《行政处罚法》第六十三条）。本案未出具行政处罚告知书，以上为案件记录的数额" in err and "。 " not in err
    assert "resources/" not in err
    assert get_case(db, case.id).status == "pre_notice"


def test_a_notice_telling_of_a_hearing_right_not_given_is_refused_in_sentences_without_a_space(db, data_dir,
                                                                                                make_case):
    case = make_case(status="under_review", fine_fen=5_000_000)
    with pytest.raises(WorkstationError) as refused:
        issue_document(db, data_dir, get_case(db, case.id), find_form("pre_penalty_notice"),
                       {"facts": "经查，当事人未经消费者同意向其发送商业性短信。", "filed_on": "2026-02-27",
                        "hearing_required": True})
    assert "第六十三条）。请取消勾选“告知听证权利”" in refused.value.message and "。 " not in refused.value.message


def test_the_limitation_note_follows_the_full_stop_without_a_space(make_case):
    found = limitation(make_case(act_on="2023-02-10", lead_received_on="2025-02-11"))
    assert "（《行政处罚法》第三十六条）。涉及公民生命健康安全" in found.message and "。 " not in found.message


def test_a_backup_not_recorded_says_so_in_sentences_without_a_space(db, data_dir):
    from workstation.backup import create_backup, settings_path

    settings_path(data_dir).with_name("backup.json.part").mkdir()  # backup.json cannot be written (as a full disk)
    with pytest.raises(BackupRefused) as refused:
        create_backup(db, data_dir, keep=3)
    message = refused.value.message
    assert "。随这次备份指定的备份文件夹或保留份数也未保存。请先排除上述问题" in message and "。 " not in message



def test_the_limitation_warning_of_the_transition_dialog_follows_the_full_stop_without_a_space(make_case):
    from ui.transition_dialog import limitation_warning

    case = make_case(act_on="2023-02-10", lead_received_on="2025-02-11")
    text, _note = limitation_warning(case, "send_pre_notice")("2026-03-02")
    assert "第三十六条）。" in text and "。 " not in text


def test_the_dashboards_complaints_tip_follows_the_full_stop_without_a_space():
    from ui.dashboard_overview import complaints_tip

    assert complaints_tip({"imported": 10, "related": 4, "in_leads": 3}) == (
        "已导入投诉10件，经筛查4件涉及个人信息，其中3件已归并为线索。1件未成线索：可在线索页的“相关但未成线索”中逐件查看原因。")

# ---- 3. a party not of the case is refused naming --party ---------------------------------------------------

@pytest.mark.parametrize("action", ["request_hearing", "waive_statement", "send_pre_notice"])
def test_a_party_not_of_the_case_is_refused_naming_the_option(db, data_dir, make_case, capsys, action):
    case, company, employee = with_employee(db, make_case(status="pre_notice", filed_on="2026-02-27",
                                                          notice_served_on=SERVED))
    code, out, err = run(capsys, "--data-dir", data_dir, "cases", "transition", case.case_number, action,
                         "--date", "2026-03-03", "--party", "nosuch", "--reason", "当事人书面放弃")
    assert (code, out) == (1, "")
    assert err == (f"错误：--party：nosuch不是案件{case.case_number}的当事人。该案件的当事人为：{company}（{COMPANY}）；"
                   f"{employee}（{EMPLOYEE}）。\n")
    assert procedure.hearing_requests(db, get_case(db, case.id)) == {}


# ---- 4. a dry run of a bundle from a station not trusted yet ------------------------------------------------

@pytest.fixture(scope="module")
def exchange_template(station_and_hq_template):
    return station_and_hq_template()


@pytest.fixture
def exchange(exchange_template, tmp_path, capsys):
    dirs = copy_station_and_hq(exchange_template, tmp_path)
    run_json(capsys, "--data-dir", dirs / "station", "bundle", "export", "--all", "-o", dirs / "南海.bundle")
    return dirs


def test_a_dry_run_previews_the_bundle_of_a_station_not_trusted_yet_and_changes_nothing(exchange, capsys):
    hq, bundle = exchange / "hq", exchange / "南海.bundle"
    before = db_digest(hq)
    code, out, err = run(capsys, "--data-dir", hq, "bundle", "import", bundle, "--dry-run")
    assert code == 0, err
    fingerprint = run_json(capsys, "--data-dir", exchange / "station", "station", "show")["fingerprint"]
    lines = out.splitlines()
    assert lines[0].startswith(f"{bundle}：预计新增案件36件、") and lines[0].endswith("，本次未作任何更改。")
    assert lines[-1] == (f"本机尚未信任站点南海区局（密钥指纹 {fingerprint}）。正式导入时须加 --trust（即信任该密钥），"
                         "否则将被拒绝；请先与该站点核对指纹。")
    assert db_digest(hq) == before
    kept = data_digest(hq)
    code, out, err = run(capsys, "--data-dir", hq, "bundle", "import", bundle)  # the import itself is refused
    assert (code, out) == (1, "") and "南海区局" in err and data_digest(hq) == kept  # only listed as refused


# ---- 5. a dry run of a complaint export says what it would do ----------------------------------------------

HOTLINE = ["受理时间", "来电号码", "内容描述"]
ROWS = [["2026-03-05 14:22:10", "13800138000", "13912345678天天打电话推销楼盘，严重骚扰"],
        ["2026-03-05 15:00:00", "0757-88881234", "收到1069012345678发来的贷款营销短信，回复退订无效"]]
NUMBERS = ["GD20260305001", "GD20260305002"]


def write_csv(path, header, rows):
    with path.open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh).writerows([header, *rows])
    return path


@pytest.mark.parametrize("first_header", [HOTLINE, ["工单编号", *HOTLINE]], ids=["no column", "empty cells"])
def test_a_dry_run_says_which_complaints_would_be_given_their_number(tmp_path, capsys, first_header):
    data_dir = tmp_path / "站点"
    first = [row if len(first_header) == len(HOTLINE) else ["", *row] for row in ROWS]
    assert run(capsys, "--data-dir", data_dir, "complaints", "import",
               write_csv(tmp_path / "a.csv", first_header, first))[0] == 0
    fuller = write_csv(tmp_path / "b.csv", ["工单编号", *HOTLINE], [[n, *r] for n, r in zip(NUMBERS, ROWS, strict=True)])
    code, out, err = run(capsys, "--data-dir", data_dir, "complaints", "import", fuller, "--dry-run")
    assert (code, err.splitlines()) == (0, [_("Importing {file}…").format(file=fuller),
                                            _("{file}: import finished.").format(file=fuller)])
    assert out.splitlines()[1:] == [
        f"{fuller}：此前导入时没有工单编号的投诉共 2 件，将按受理时间、投诉人号码和内容认出，并补上工单编号；这些投诉将作为更新，"
        "不会再次导入。",
        "试运行：未作任何更改。"]
    db = open_db(data_dir)
    assert [r[0] for r in db.execute("SELECT external_id FROM complaints ORDER BY rowid")] == ["", ""]
    db.close()
    result = json.loads(run(capsys, "--data-dir", data_dir, "complaints", "import", fuller, "--json")[1])
    assert result["updated"] == 2


# ---- 6. the help of every command reads in Chinese ----------------------------------------------------------

def _parsers(parser, path=()):
    import argparse

    yield path, parser
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                yield from _parsers(sub, (*path, name))


def _help_texts(parser):
    import argparse

    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            yield from ((f"{parser.prog} {choice.dest}", choice.help) for choice in action._choices_actions)
        elif action.help and action.help != argparse.SUPPRESS:
            yield f"{parser.prog} {'/'.join(action.option_strings) or action.dest}", action.help


def _parser():
    """The parser as ``main`` builds it, argparse's own words (the -h line) in the user's language."""
    from workstation.cli import build_parser
    from workstation.cli_language import argparse_in_user_language

    with argparse_in_user_language():
        return build_parser()


def test_no_help_text_of_any_command_is_left_in_english():
    english = {where: text for _path, parser in _parsers(_parser()) for where, text in _help_texts(parser)
               if re.search(r"[A-Za-z]{2,}(?: [A-Za-z]{2,}){2,}", text)}  # three English words in a row
    assert english == {}


@pytest.mark.parametrize(("command", "option", "shown"), [
    (["cases", "list"], "--status", "pending_filing（待立案）、not_filed（不予立案）"),
    (["cases", "list"], "--sector", "real_estate（房地产租售）、education（教育培训）"),
    (["evidence", "add"], "--kind", "photo（照片）、recording（录音录像）"),
    (["publicity", "add"], "--kind", "community（社区宣传）、street（街头宣传）"),
    (["leads", "add"], "--source", "12345（12345热线）、12315（12315平台）、consumer_council（消委会转办）"),
    (["interviews", "issue"], "--party", "通知书或约谈记录所针对的当事人的编号或名称"),
])
def test_an_options_help_says_what_its_english_keys_stand_for(command, option, shown):
    parser = dict(_parsers(_parser()))[tuple(command)]
    [text] = [a.help for a in parser._actions if option in a.option_strings]
    assert shown in text
