"""The window's own options (``main.py --data-dir D``, the ``workstation-gui`` launcher): argparse speaks the
officer's language there as on the command line, an empty path is refused, and the launcher reads them."""

import argparse
import sys

import pytest

from ui import app
from workstation import i18n

# the window's own texts, whether or not the installed catalogue has them yet
WINDOW_TEXTS = {"Open the window of the case-file workstation.": "打开案卷工作站的窗口。",
                "load the demo data set into a database that holds no case yet": "在尚无案件的数据库中载入演示数据"}


@pytest.fixture
def window_texts(monkeypatch):
    monkeypatch.setattr(i18n, "_catalogue", {**i18n._catalogue, **WINDOW_TEXTS})


@pytest.fixture(autouse=True)
def launcher(monkeypatch):
    """Started by the installed workstation-gui launcher unless a test says otherwise."""
    monkeypatch.setattr(sys, "argv", ["/usr/local/bin/workstation-gui"])


def parsed(capsys, argv):
    with pytest.raises(SystemExit) as exited:
        app.parse_options(argv)
    out, err = capsys.readouterr()
    return exited.value.code, out, err


def test_a_mistyped_window_option_is_refused_in_chinese(capsys, tmp_path):
    code, out, err = parsed(capsys, ["--data-dir", str(tmp_path), "--bogus"])
    assert (code, out) == (2, "")
    assert err.startswith("用法：workstation-gui ")
    assert err.endswith("workstation-gui：错误：无法识别的参数：--bogus\n")
    assert argparse._("usage: ") == "usage: "  # argparse is given back its own translation afterwards


def test_the_window_help_is_in_chinese_for_every_option(capsys, window_texts):
    code, out, err = parsed(capsys, ["--help"])
    assert (code, err) == (0, "")
    assert out.startswith("用法：workstation-gui ") and "\n选项：\n" in out
    for text in ("打开案卷工作站的窗口。", "显示此帮助信息并退出", "数据目录（默认：系统数据目录或 WORKSTATION_HOME）", "存放加密数据库口令的文件",
                 "向尚无案件的数据库加载演示数据"):
        assert text in out


@pytest.mark.parametrize("option", ["--data-dir", "--passphrase-file"])
def test_an_empty_path_is_refused_instead_of_opening_the_default_data(capsys, option):
    code, out, err = parsed(capsys, [option, " "])
    assert (code, out) == (2, "")
    assert f"参数 {option}：路径为空：请给出文件夹或文件" in err


def test_the_options_are_read_when_given_and_default_without(tmp_path):
    options = app.parse_options(["--data-dir", str(tmp_path), "--demo"])
    assert (options.data_dir, options.passphrase_file, options.demo) == (str(tmp_path), None, True)
    assert vars(app.parse_options([])) == {"data_dir": None, "passphrase_file": None, "demo": False}


def test_the_launcher_reads_the_options_of_its_command_line(capsys, monkeypatch):
    monkeypatch.setattr(sys, "argv", ["workstation-gui", "--bogus"])
    # were the options not read, the window would start: it quits at once here instead
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    monkeypatch.setattr(app, "install_qt_translations", lambda application: None)
    monkeypatch.setattr(app, "start", lambda *args, **kwargs: None)
    with pytest.raises(SystemExit) as exited:
        app.main()  # as the workstation-gui entry point calls it: before, its options were never read
    assert exited.value.code == 2
    assert capsys.readouterr().err.endswith("无法识别的参数：--bogus\n")


def test_the_usage_line_names_main_py_when_the_window_is_started_from_it(capsys, monkeypatch):
    monkeypatch.setattr(sys, "argv", ["/work/main/main.py", "--bogus"])
    code, out, err = parsed(capsys, ["--bogus"])
    assert code == 2
    assert err.startswith("用法：main.py [-h] ") and err.endswith("main.py：错误：无法识别的参数：--bogus\n")
    assert "workstation-gui" not in err
