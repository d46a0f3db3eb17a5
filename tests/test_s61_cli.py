"""Session 61 command-line contract audit: generic business names, Ctrl-C after a change, field keys of value
errors, unencrypted backup note, usage errors, import refusals, spreadsheet formats, small messages."""
from __future__ import annotations

import json

import pytest

from tests.helpers import run
from workstation.screening.phones import business_key, extract_businesses

# 1. generic business names -----------------------------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "市民反映频繁接到房地产中介推销电话",
    "一家房地产中介公司打来推销电话",
    "有房地产中介公司来电推销",
    "房地产公司来电",
    "一家贷款中介打来",
    "地产中介公司来电",
    "有装修公司来电",
    "有家装修公司来电",
    "有个装修公司打来电话",
    "有一家装修公司来电",
    "顺德装修公司来电",
    "佛山地产中介来电",
    "南海房产中介公司来电",
    "佛山市顺德区装修公司来电",
])
def test_a_trade_word_and_a_suffix_name_nobody(text):
    assert extract_businesses(text) == []


@pytest.mark.parametrize("text, name", [
    ("接到链家地产中介电话", "链家地产中介"),
    ("中原地产中介来电", "中原地产中介"),
    ("接到有道教育公司电话", "有道教育公司"),
    ("佛山市美家装饰工程有限公司来电", "佛山市美家装饰工程有限公司"),
    ("接到有为地产中介电话", "有为地产中介"),
    ("接到有赞科技公司电话", "有赞科技公司"),
    ("有料教育公司来电", "有料教育公司"),
    ("接到顺德美家装饰公司电话", "顺德美家装饰公司"),
])
def test_a_distinctive_name_stays(text, name):
    assert extract_businesses(text) == [name]


def test_a_generic_name_is_not_unified_to():
    # 南海装修公司 names nobody once its district is set aside: not what 佛山市南海装修公司 is grouped by
    assert business_key("佛山市南海装修公司") == "佛山市南海装修公司"
    assert business_key("佛山市美家装饰工程有限公司") == "美家装饰工程有限公司"


def test_two_callers_through_a_generic_name_are_two_leads(tmp_path, capsys):
    data = tmp_path / "d"
    assert run(capsys, "--data-dir", data, "init", "--plaintext")[0] == 0
    rows = ("工单编号,受理时间,来电号码,内容描述\n"
            "R1,2026-11-01 09:00,13800138001,市民反映频繁接到顺德装修公司推销电话，来电号码13911112222，对方知道其姓名\n"
            "R2,2026-11-05 10:00,13800138002,市民反映接到有家装修公司推销电话，来电号码13933334444，个人信息被泄露\n"
            "R3,2026-11-07 10:00,13800138003,市民反映接到有家装修公司推销电话，来电号码13933334444，个人信息被泄露\n")
    csv = tmp_path / "gen.csv"
    csv.write_text(rows, encoding="utf-8")
    assert run(capsys, "--data-dir", data, "complaints", "import", csv)[0] == 0
    code, out, err = run(capsys, "--data-dir", data, "leads", "screen", "--json")
    assert code == 0, err
    leads = json.loads(out)["leads"]
    assert sorted(lead["phones"] for lead in leads) == [["13911112222"], ["13933334444"]], leads
    assert all(not lead["businesses"] for lead in leads), leads


# 5a. Ctrl-C once the result is told -------------------------------------------------------------------------------

def test_ctrl_c_after_the_result_is_told_keeps_exit_0(tmp_path, capsys, monkeypatch):
    import os
    import signal

    import workstation.cli as cli

    data = tmp_path / "d"
    assert run(capsys, "--data-dir", data, "init", "--plaintext")[0] == 0
    csv = tmp_path / "c.csv"
    csv.write_text("工单编号,受理时间,来电号码,内容描述\nR1,2026-11-01 09:00,13800138001,接到骚扰电话13911112222\n",
                   encoding="utf-8")
    told = cli._emit

    def told_then_interrupted(args, result, text):
        told(args, result, text)
        os.kill(os.getpid(), signal.SIGINT)  # the officer's Ctrl+C right after the result was written

    monkeypatch.setattr(cli, "_emit", told_then_interrupted)
    before = signal.getsignal(signal.SIGINT)
    code, out, err = run(capsys, "--data-dir", data, "complaints", "import", csv, "--json")
    assert code == 0, err
    assert json.loads(out)
    assert signal.getsignal(signal.SIGINT) is before


def _import_file(tmp_path, capsys):
    data = tmp_path / "d"
    assert run(capsys, "--data-dir", data, "init", "--plaintext")[0] == 0
    csv = tmp_path / "c.csv"
    csv.write_text("工单编号,受理时间,来电号码,内容描述\nR1,2026-11-01 09:00,13800138001,接到骚扰电话13911112222\n",
                   encoding="utf-8")
    return data, csv


def test_the_handler_comes_back_when_the_command_end_fails(tmp_path, capsys, monkeypatch):
    import signal

    import workstation.repair as repair

    data, csv = _import_file(tmp_path, capsys)

    def broken(_data_dir):
        raise OSError("disk gone")

    monkeypatch.setattr(repair, "mark_closed", broken)
    before = signal.getsignal(signal.SIGINT)
    with pytest.raises(OSError):
        run(capsys, "--data-dir", data, "complaints", "import", csv, "--json")
    assert signal.getsignal(signal.SIGINT) is before


def test_the_handler_comes_back_only_after_main_is_done(tmp_path, capsys, monkeypatch):
    import contextlib
    import signal

    import workstation.cli as cli

    data, csv = _import_file(tmp_path, capsys)
    before = signal.getsignal(signal.SIGINT)
    at_exit = []
    shown = cli._controls_shown

    @contextlib.contextmanager
    def watched():
        with shown():
            yield
        at_exit.append(signal.getsignal(signal.SIGINT))

    monkeypatch.setattr(cli, "_controls_shown", watched)
    code, _out, err = run(capsys, "--data-dir", data, "complaints", "import", csv, "--json")
    assert code == 0, err
    assert at_exit and at_exit[0] is not before  # still held while main's context managers end
    assert signal.getsignal(signal.SIGINT) is before


# 2. a refused value names the field's --values key -----------------------------------------------------------------

def test_refused_values_name_the_values_key_and_no_message_is_lost(db, make_case):
    from workstation.documents.drafts import find_form
    from workstation.errors import ValidationError
    from workstation.formkit.values import case_context, checked_values, default_values
    from workstation.store import get_case

    case = make_case(status="investigating", filed_on="2026-02-20")
    form = find_form("site_record")
    context = case_context(db, get_case(db, case.id))
    values = {**default_values(form, context), "officer2_name": "", "officer2_cert": ""}
    with pytest.raises(ValidationError) as refused:
        checked_values(form, values, context)
    keys = list(refused.value.values_keys.values())
    assert any("officer2_name" in key and "执法人员" in key for key in keys), keys
    assert any("officer2_cert" in key for key in keys), keys
    both = {**values, "officer1_name": "", "officer2_name": ""}
    with pytest.raises(ValidationError) as refused:
        checked_values(form, both, context)
    named = [key for key in refused.value.errors if "执法人员" in key]
    assert len(named) == 2, refused.value.errors  # neither message lost under the one label


def test_docs_issue_names_the_values_key(db, data_dir, make_case, tmp_path, capsys):
    case = make_case(status="investigating", filed_on="2026-02-20")
    values = tmp_path / "v.json"
    values.write_text(json.dumps({"officer2_name": "", "officer2_cert": ""}), encoding="utf-8")
    code, _out, err = run(capsys, "--data-dir", data_dir, "docs", "issue", case.id, "--form", "site_record",
                          "--values", values, "-o", tmp_path / "x.pdf")
    assert code == 1
    assert "officer2_name" in err and "officer2_cert" in err, err


# 4. an unencrypted backup says so ---------------------------------------------------------------------------------

def test_an_unencrypted_backup_says_what_it_lays_open(tmp_path, capsys):
    data = tmp_path / "d"
    assert run(capsys, "--data-dir", data, "init", "--plaintext")[0] == 0
    code, out, err = run(capsys, "--data-dir", data, "backup", "create", "--json")
    assert code == 0, err
    assert json.loads(out)["encrypted"] is False
    assert "not encrypted" in err or "未加密" in err, err


# 5b. a wrong combination of options is a usage error (exit 2), as argparse's own -----------------------------------

@pytest.mark.parametrize("argv, option", [
    (("stats", "--own"), "--own"),
    (("cases", "list", "--limit", "-1"), "--limit"),
    (("calendar", "add-workdays", "2026-09-30", "abc"), "N"),
])
def test_wrong_options_are_usage_errors(tmp_path, capsys, argv, option):
    data = tmp_path / "d"
    assert run(capsys, "--data-dir", data, "init", "--plaintext")[0] == 0
    code, _out, err = run(capsys, "--data-dir", data, *argv)
    assert code == 2, err
    assert option in err


def test_cert_without_officer_is_a_usage_error(tmp_path, capsys):
    code, _out, err = run(capsys, "--data-dir", tmp_path / "d", "init", "--plaintext", "--cert", "1")
    assert code == 2, err
    assert "--cert" in err and not (tmp_path / "d" / "workstation.db").exists()


# 7. a workbook or CSV saved under a .xls name -----------------------------------------------------------------------

def test_an_xlsx_or_csv_named_xls_is_told_what_it_really_is(tmp_path, capsys):
    import openpyxl

    data = tmp_path / "d"
    assert run(capsys, "--data-dir", data, "init", "--plaintext")[0] == 0
    book = openpyxl.Workbook()
    book.active.append(["工单编号", "受理时间", "来电号码", "内容描述"])
    book.active.append(["R1", "2026-11-01 09:00", "13800138001", "接到骚扰电话13911112222"])
    xlsx = tmp_path / "book.xls"
    book.save(xlsx)
    code, _out, err = run(capsys, "--data-dir", data, "complaints", "import", xlsx)
    assert code == 1 and "book.xlsx" in err, err
    csv = tmp_path / "text.xls"
    csv.write_text("工单编号,受理时间,来电号码,内容描述\nR1,2026-11-01 09:00,13800138001,接到骚扰电话\n", encoding="utf-8")
    code, _out, err = run(capsys, "--data-dir", data, "complaints", "import", csv)
    assert code == 1 and "text.csv" in err, err
