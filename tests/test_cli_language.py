"""How the command line reads to a Chinese officer: a refusal naming several options is one Chinese sentence, a
wrapped usage line stays under the program's name, Chinese help fits the terminal, and the program is named as it
was started."""

import os
import sys

import pytest

from tests.helpers import all_parsers, run
from workstation import i18n
from workstation.cli import build_parser, main
from workstation.cli_language import argparse_in_user_language, display_width, program_name, wrap_columns
from workstation.errors import ValidationError, join_reasons

# the texts these tests read, whether or not the installed catalogue has them yet
CHINESE = {"usage: ": "用法：", "{field}: {message}": "{field}：{message}", "; ": "；"}


@pytest.fixture
def chinese(monkeypatch):
    monkeypatch.setattr(i18n, "_catalogue", {**i18n._catalogue, **CHINESE})


# several field errors in one refusal -----------------------------------------------------------------------------
def test_a_refusal_naming_several_options_reads_as_one_chinese_sentence(chinese, tmp_path, capsys):
    code, out, err = run(capsys, "--data-dir", tmp_path / "数据", "law", "criminal", "--trace", "abc", "--other", "-5",
                         "--gains", "zz")
    assert (code, out) == (1, "")
    assert err.count("\n") == 1 and err.endswith("。\n")
    reasons = err.removeprefix("错误：").removesuffix("。\n").split("；")
    assert [r.split("：")[0] for r in reasons] == ["--trace", "--other", "--gains"]
    assert all(not r.endswith(("。", ".")) and len(r.split("：")[1]) > 2 for r in reasons)
    assert "; " not in err and "。；" not in err


def test_a_field_error_keeps_the_stop_of_its_last_reason_only(english):
    error = ValidationError({"--from": "2026-13-01 is not a date in the calendar.", "--to": "Give a date."})
    assert error.message == "--from: 2026-13-01 is not a date in the calendar; --to: Give a date."
    assert ValidationError({"N": "Not a number."}).message == "N: Not a number."


def test_joined_reasons_stay_on_one_line_without_doubled_stops(chinese):
    assert join_reasons(["第一条。", "第二条\n续行。", "第三条"]) == "第一条；第二条 续行；第三条"
    assert join_reasons(["只有一条。"]) == "只有一条。"


# usage lines -------------------------------------------------------------------------------------------------------
def usage_lines(capsys, *argv):
    with pytest.raises(SystemExit):
        main(list(argv))
    text = capsys.readouterr().out
    return text[:text.index("\n\n")].split("\n")


@pytest.mark.parametrize("argv", [["cases", "import", "--help"], ["--help"], ["bundle", "export", "--help"]])
def test_a_wrapped_chinese_usage_line_continues_under_the_options(chinese, capsys, monkeypatch, argv):
    monkeypatch.setattr(sys, "argv", ["workstation"])
    monkeypatch.setenv("COLUMNS", "62")  # argparse wraps at the terminal's width less two
    lines = usage_lines(capsys, *argv)
    assert len(lines) > 1 and lines[0].startswith("用法：workstation ")
    first_option = display_width(lines[0][:lines[0].index(" [")]) + 1  # the column after "用法：workstation …"
    for line in lines[1:]:
        assert len(line) - len(line.lstrip(" ")) == first_option, lines
    assert display_width(lines[0]) <= 60  # the wide prefix's columns were counted


def test_an_english_usage_line_is_wrapped_as_argparse_wraps_it(english, capsys, monkeypatch):
    monkeypatch.setattr(sys, "argv", ["workstation"])
    monkeypatch.setenv("COLUMNS", "62")
    lines = usage_lines(capsys, "cases", "import", "--help")
    assert lines[0].startswith("usage: workstation cases import [-h] ")
    assert all(line.startswith(" " * len("usage: workstation cases import ") + "[") or line.strip() == "file"
               for line in lines[1:])


def test_every_chinese_help_line_fits_an_80_column_terminal(monkeypatch):
    monkeypatch.setattr(sys, "argv", ["workstation"])
    monkeypatch.setenv("COLUMNS", "80")

    with argparse_in_user_language():
        helps = [parser.format_help() for parser in all_parsers(build_parser())]
    assert any("数据目录" in text for text in helps)
    too_wide = [line for text in helps for line in text.splitlines()
                if display_width(line) > 78 and display_width(line) != len(line)]  # argparse cannot break an option
    assert too_wide == []


def test_chinese_is_wrapped_between_characters_by_its_line_breaking_rules():
    assert wrap_columns("一二三四五六七八九十。", 10) == ["一二三四五", "六七八九", "十。"]  # no 。 starting a line
    assert wrap_columns("一二三四五（六", 10) == ["一二三四五", "（六"]  # no （ ending one
    assert wrap_columns("数据目录（默认：系统数据目录或 WORKSTATION_HOME）", 16) == [
        "数据目录（默认：", "系统数据目录或", "WORKSTATION_HOME）"]  # a word stays whole, its closing mark hangs
    assert all(display_width(line) <= 20 for line in wrap_columns("不载入种子线索所筛查的13,543件投诉（线索直接以已交办状态保存）", 20))


# the program's name ----------------------------------------------------------------------------------------------
@pytest.mark.parametrize(("started", "name"), [
    ("/opt/venv/bin/workstation", "workstation"),  # the installed launcher
    ("/work/main/main.py", "main.py"),  # python main.py
    (os.path.join("/work/main/workstation", "__main__.py"), os.path.basename(sys.executable) + " -m workstation"),
    ("-c", "workstation"),
    ("", "workstation"),
])
def test_the_program_is_named_as_it_was_started(monkeypatch, started, name):
    monkeypatch.setattr(sys, "argv", [started])
    assert program_name("workstation") == name


def test_python_main_py_names_main_py_in_its_usage_errors(chinese, capsys, monkeypatch):
    monkeypatch.setattr(sys, "argv", ["main.py"])
    with pytest.raises(SystemExit) as exited:
        main(["stats", "--colour"])
    err = capsys.readouterr().err
    assert exited.value.code == 2
    assert err.startswith("用法：main.py ") and "main.py：" in err.splitlines()[-1]


def test_sentences_follow_a_chinese_stop_directly_and_an_english_one_after_a_space():
    from workstation.errors import join_sentences

    assert join_sentences(["本案只有 1 名。", "张三没有执法证。"]) == "本案只有 1 名。张三没有执法证。"
    assert join_sentences(["This case has 1.", "Zhang has no certificate."]) == "This case has 1. Zhang has no certificate."
    assert join_sentences(["只有一句。", ""]) == "只有一句。"
