"""Refusals quoting file content on the command line: an ESC sequence, another control character or a text-direction
control in the content is printed escaped (\\x1b, \\u202e), never acted on by the officer's terminal."""

import csv
import io
import sys

from tests.helpers import run
from workstation.cli import _stderr_progress, _VisibleControls
from workstation.errors import visibly

HEADER = ["案件编号", "当事人名称", "统一社会信用代码", "所属区", "行业领域", "案由", "违法行为", "立案日期", "办理状态",
          "涉案信息条数", "罚款金额", "没收违法所得（元）"]


def test_visibly_escapes_controls_and_direction_marks_but_keeps_tab_and_line_breaks():
    assert visibly("佛山\x1b[2J某\u202e公司\x07\x9b\r") == "佛山\\x1b[2J某\\u202e公司\\x07\\x9b\\x0d"
    assert visibly("第一行\n\t第二行") == "第一行\n\t第二行"


def test_a_register_refusal_quoting_an_escape_sequence_prints_it_escaped(tmp_path, capsys, english):
    path = tmp_path / "台账.csv"
    with path.open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh).writerows([HEADER, ["", "佛山某某公司", "", "南海\x1b[2J\x1b[31m区", "其他", "涉嫌违法案",
                                           "未经同意发送商业性信息", "2026-03-02", "立案调查", "1", "", ""]])
    code, _out, err = run(capsys, "--data-dir", tmp_path / "station", "cases", "import", path)
    assert code == 1
    assert "\x1b" not in err and "南海\\x1b[2J\\x1b[31m区 is not a district" in err


def test_a_usage_error_quoting_a_typed_value_prints_it_escaped(tmp_path, capsys):
    code, _out, err = run(capsys, "--data-dir", tmp_path / "station", "cases", "list", "--sector", "x\u202e\x1b[1m")
    assert code == 2
    assert "\u202e" not in err and "\x1b" not in err and "x\\u202e\\x1b[1m" in err


def test_stderr_is_put_back_after_the_command(tmp_path, capsys):
    before = sys.stderr
    run(capsys, "--data-dir", tmp_path / "station", "cases", "list", "--sector", "nonsense")
    assert sys.stderr is before


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_a_progress_line_still_rewrites_itself_on_a_terminal(english):
    terminal = _Terminal()
    report = _stderr_progress(_VisibleControls(terminal))
    report(1, 4, "正在导入 投诉\x1b[31m.csv")
    report(2, 4, "正在导入 投诉\x1b[31m.csv")
    assert terminal.getvalue() == "\r正在导入 投诉\\x1b[31m.csv: 25%\r正在导入 投诉\\x1b[31m.csv: 50%"


def test_the_windows_message_boxes_show_the_same_characters_escaped(qtbot, monkeypatch):
    from PySide6 import QtWidgets

    from ui.prompts import Prompts

    shown = []

    def looked_at(box):
        shown.append((box.text(), box.detailedText()))
        return QtWidgets.QMessageBox.StandardButton.Ok

    monkeypatch.setattr(QtWidgets.QMessageBox, "exec", looked_at)
    Prompts().error(None, "所属区：南海\u202e13800138000\u202c区", details="第5行：\x1b[31m红\x07铃\n第6行")
    assert shown == [("所属区：南海\\u202e13800138000\\u202c区", "第5行：\\x1b[31m红\\x07铃\n第6行")]
