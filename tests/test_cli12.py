"""The command line read against ../shared/CLI.md and README's "Command line": what an officer or a headquarters
script sees in the text output and the refusals (in Chinese, the language of the tests)."""

from __future__ import annotations

import csv

import pytest

from tests import backup_fixtures
from tests.backup_fixtures import PASS, backup_of
from tests.helpers import run, run_json
from workstation.i18n import _
from workstation.security import keyring

templates, copy_template, _fast_keys = (backup_fixtures.templates, backup_fixtures.copy_template,
                                        backup_fixtures._fast_keys)

HEADER = ["案件编号", "当事人", "统一社会信用代码", "所属区", "行业领域", "案由", "违法行为", "立案日期", "办理状态",
          "涉案信息条数", "罚款金额（元）", "没收违法所得（元）"]
ROW = ["佛南市监立〔2026〕901号", "佛山市南海区测试培训有限公司", "91440605MA4W0X1266", "南海区", "教育培训",
       "涉嫌未经消费者同意发送商业性信息案", "未经同意发送商业性信息", "2026-03-02", "立案调查", "1,200", "0", "0"]  # no decision: no amounts
INVESTIGATING = "佛南市监立〔2026〕9号"


@pytest.fixture
def station(tmp_path, cli_station):
    """A data directory with the demo (without its complaints) loaded through the command line."""
    return cli_station(tmp_path / "station")


def register(path, header=HEADER, row=ROW):
    with path.open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh).writerows([header, row])
    return path


def case_numbers(capsys, data_dir) -> list[str]:
    return [c["case_number"] for c in run_json(capsys, "--data-dir", data_dir, "cases", "list")]


def said_to_a_pipe(path) -> str:
    """What an import says on stderr to a pipe: its start and end lines (the progress of long work unsaid)."""
    return _("Importing {file}…").format(file=path) + "\n" + _("{file}: import finished.").format(file=path) + "\n"


def test_a_dry_run_of_the_register_says_that_nothing_was_imported(station, tmp_path, capsys):
    before = case_numbers(capsys, station)
    path = register(tmp_path / "台账.csv")
    code, out, err = run(capsys, "--data-dir", station, "cases", "import", path, "--dry-run")
    assert (code, err) == (0, said_to_a_pipe(path))
    assert out == "共1行：导入1行，因案件已在库中跳过0行，0行有错误未导入。\n试运行：未作任何更改。\n"
    assert case_numbers(capsys, station) == before


def test_the_columns_left_out_of_a_register_follow_the_full_stop_without_a_space(station, tmp_path, capsys):
    path = register(tmp_path / "台账.csv", [*HEADER, "备注"], [*ROW, "电话核实"])
    code, out, err = run(capsys, "--data-dir", station, "cases", "import", path)
    assert (code, err) == (0, said_to_a_pipe(path))
    assert out == "共1行：导入1行，因案件已在库中跳过0行，0行有错误未导入。未导入的列：备注。\n"
    assert ROW[0] in case_numbers(capsys, station)


def test_a_frozen_report_says_so_in_one_chinese_sentence_after_the_other(station, tmp_path, capsys):
    target = tmp_path / "通报 第1期.xlsx"  # the path keeps its space
    code, out, err = run(capsys, "--data-dir", station, "report", "campaign", "-o", target, "--from", "2026-01-01",
                         "--to", "2026-06-30", "--freeze", "2026年第1期")
    assert (code, err) == (0, "")
    assert out == f"已写入 {target}。其统计数据已冻结为报告期 2026年第1期。\n"
    assert [p["label"] for p in run_json(capsys, "--data-dir", station, "report", "periods")] == ["2026年第1期"]


def test_the_note_on_earlier_backups_follows_the_changed_passphrase_without_a_space(capsys, monkeypatch,
                                                                                    copy_template, tmp_path):
    data = copy_template("encrypted")
    backup_of(data)
    officer = keyring.officers(data)[0]
    new_file = tmp_path / "new.txt"
    new_file.write_text("a new passphrase for 2027", encoding="utf-8")
    monkeypatch.setenv("WORKSTATION_PASSPHRASE", PASS)
    code, out, err = run(capsys, "--data-dir", data, "security", "change-passphrase", "--new-passphrase-file",
                         new_file)
    assert (code, err) == (0, "")
    assert out.startswith(f"{officer} 的口令已修改。此次修改前制作的备份")
    assert len(out.splitlines()) == 1


def test_an_action_without_its_reason_is_refused_naming_the_reason_option(station, capsys):
    before = run_json(capsys, "--data-dir", station, "cases", "list", "--search", INVESTIGATING)
    code, out, err = run(capsys, "--data-dir", station, "cases", "transition", INVESTIGATING, "suspend")
    assert (code, out) == (1, "")
    assert err == "错误：--reason：“中止调查”须填写理由。\n"
    assert run_json(capsys, "--data-dir", station, "cases", "list", "--search", INVESTIGATING) == before
    # with the reason the same command is taken
    result = run_json(capsys, "--data-dir", station, "cases", "transition", INVESTIGATING, "suspend", "--reason",
                      "等待通信管理部门协查", "--date", "2026-11-20")
    assert result["status"] == "suspended"
