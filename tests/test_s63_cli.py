"""Session 63 command-line audit: a Ctrl+C during the interpreter's shutdown leaves the command's exit code; a Ctrl+C
while `python -m workstation` loads, or while a command claims its new data folder and opens its log, is said without
a traceback and leaves nothing; a claim of a process that is gone no longer keeps a refused command's data; a data
directory inside another one refused; --json refusals of the imports and of `bundle verify`; option combinations
as usage errors (exit 2); the help laid out by columns, with full-width colons after Chinese headings."""
from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from tests.helpers import CASE, run
from workstation import cli_new_data, log
from workstation.cli import main
from workstation.cli_language import display_width
from workstation.errors import WorkstationError
from workstation.paths import database_path

PROJECT = Path(__file__).resolve().parents[1]
DEMO_INTERVIEW = "2665d286-9309-541e-9d11-f29c98a11471"  # the demo's interview of 佛山市顺德区铎恒置业顾问有限公司


def _child_env() -> dict:
    return {**os.environ, "WORKSTATION_LANG": "en", "WORKSTATION_PLAINTEXT": "1", "PYTHONIOENCODING": "utf-8"}


# 1. Ctrl+C after the result: the exit code stands -------------------------------------------------------------------

# The child runs the program as `python main.py …` or `python -m workstation …` would, and sends itself SIGINT once
# the command is over: in an atexit function (Python's handler is still there: a KeyboardInterrupt traceback), or in
# the finalizer of a module global, which runs after the shutdown gave SIGINT back to the system's default (the
# process killed: exit 130, though its result was printed). Deterministic: no timing between two processes.
LATE_INTERRUPT = r'''
import atexit, os, runpy, signal, sys

class LateInterrupt:
    def __del__(self, kill=os.kill, pid=os.getpid(), sig=signal.SIGINT):
        kill(pid, sig)

if os.environ["LATE_STAGE"] == "finalizer":
    late = LateInterrupt()
else:
    atexit.register(lambda: os.kill(os.getpid(), signal.SIGINT))
entry, *argv = sys.argv[1:]
if entry.startswith("console:"):  # as the launcher setuptools writes for setup.cfg's console script calls it
    import importlib
    _console, module, function = entry.split(":")
    sys.argv = ["workstation", *argv]
    sys.exit(getattr(importlib.import_module(module), function)())
elif entry == "-m":
    sys.argv = [os.path.join("workstation", "__main__.py"), *argv]
    runpy.run_module("workstation", run_name="__main__", alter_sys=True)
else:
    sys.argv = [entry, *argv]
    runpy.run_path(entry, run_name="__main__")
'''


def _late_interrupt(tmp_path, stage: str, entry: str, *argv) -> subprocess.CompletedProcess:
    child = tmp_path / "late_interrupt.py"
    child.write_text(LATE_INTERRUPT, encoding="utf-8")
    return subprocess.run([sys.executable, str(child), entry, *map(str, argv)], cwd=PROJECT, capture_output=True,
                          env={**_child_env(), "LATE_STAGE": stage}, timeout=120,
                          text=True, encoding="utf-8")


def _console_script() -> str:
    """``console:MODULE:FUNCTION``, the `workstation` console script setup.cfg installs."""
    import configparser

    config = configparser.ConfigParser()
    config.read(PROJECT / "setup.cfg", encoding="utf-8")
    lines = config["options.entry_points"]["console_scripts"].splitlines()
    scripts = {name.strip(): target.strip() for name, _eq, target in (line.partition("=") for line in lines if line)}
    return "console:" + scripts["workstation"]


@pytest.mark.parametrize("entry", ["main.py", "-m", "console"])
@pytest.mark.parametrize("stage", ["atexit", "finalizer"])
def test_a_ctrl_c_once_the_result_is_printed_leaves_exit_0(tmp_path, entry, stage):
    entry = _console_script() if entry == "console" else entry
    done = _late_interrupt(tmp_path, stage, entry, "--data-dir", tmp_path / "d", "calendar", "add-workdays",
                           "2025-09-30", "3", "--json")
    assert json.loads(done.stdout) == {"date": "2025-10-11", "confirmed": True}
    assert (done.returncode, done.stderr) == (0, "")


@pytest.mark.parametrize("entry", ["main.py", "console"])
def test_a_ctrl_c_after_a_refusal_leaves_exit_1(tmp_path, entry):
    entry = _console_script() if entry == "console" else entry
    done = _late_interrupt(tmp_path, "finalizer", entry, "--data-dir", tmp_path / "none", "stats", "--json")
    assert done.returncode == 1
    assert done.stderr.startswith("Error: ") and done.stderr.count("\n") == 1, done.stderr


# 2. Ctrl+C while `python -m workstation` loads ----------------------------------------------------------------------

INTERRUPTED_IMPORT = r'''
import runpy, sys

class Interrupted:  # Ctrl+C while the command line's module is read
    @staticmethod
    def find_spec(name, path=None, target=None):
        if name == "workstation.cli":
            raise KeyboardInterrupt
        return None

sys.meta_path.insert(0, Interrupted())
entry, *argv = sys.argv[1:]
if entry.startswith("console:"):
    import importlib
    _console, module, function = entry.split(":")
    sys.argv = ["workstation", *argv]
    sys.exit(getattr(importlib.import_module(module), function)())
elif entry == "-m":
    sys.argv = ["workstation/__main__.py", *argv]
    runpy.run_module("workstation", run_name="__main__", alter_sys=True)
else:
    sys.argv = [entry, *argv]
    runpy.run_path(entry, run_name="__main__")
'''


@pytest.mark.parametrize("entry", ["-m", "main.py", "console"])
def test_the_command_line_interrupted_while_it_loads_says_so_without_a_traceback(tmp_path, entry):
    entry = _console_script() if entry == "console" else entry
    child = tmp_path / "interrupted_import.py"
    child.write_text(INTERRUPTED_IMPORT, encoding="utf-8")
    done = subprocess.run([sys.executable, str(child), entry, "--data-dir", str(tmp_path / "d"), "stats", "--json"],
                          cwd=PROJECT, capture_output=True, env=_child_env(), timeout=120, text=True, encoding="utf-8")
    assert (done.returncode, done.stdout, done.stderr) == (1, "", "Interrupted; nothing was changed.\n")


LOADED = r'''
import runpy, sys, types

shown = types.ModuleType("ui.app")  # the window stood in for: what matters is what was loaded to reach it
shown.main = lambda args: 0
sys.modules["ui.app"] = shown
if sys.argv[1] == "entry":
    import workstation.cli_entry
else:
    sys.argv = ["main.py"]
    try:
        runpy.run_path("main.py", run_name="__main__")
    except SystemExit as ended:
        assert ended.code == 0, ended.code
print(" ".join(sorted(name for name in sys.modules if name.split(".")[0] in ("workstation", "sqlite3", "PySide6"))))
'''


@pytest.mark.parametrize(("what", "loaded"), [("entry", "workstation workstation.cli_entry"),
                                              ("window", "workstation workstation.collector")])
def test_the_entry_loads_nothing_heavy_and_the_window_no_command_line(tmp_path, what, loaded):
    child = tmp_path / "loaded.py"
    child.write_text(LOADED, encoding="utf-8")
    done = subprocess.run([sys.executable, str(child), what], cwd=PROJECT, capture_output=True, env=_child_env(),
                          timeout=120, text=True, encoding="utf-8")
    assert (done.returncode, done.stderr) == (0, ""), done.stderr
    assert done.stdout.split() == loaded.split()


# 3. Ctrl+C while a command claims its data folder and opens its log ----------------------------------------------

def _interrupted_after(monkeypatch, module, name):
    """``module.name`` doing its work, then a Ctrl+C (a real SIGINT) arriving just as it ends."""
    original = getattr(module, name)

    def interrupted(*args, **kwargs):
        result = original(*args, **kwargs)
        signal.raise_signal(signal.SIGINT)
        return result

    monkeypatch.setattr(module, name, interrupted)


def _run_interrupted(capsys, *argv):
    try:
        return run(capsys, *argv)
    except KeyboardInterrupt:  # the Ctrl+C escaped the command: a traceback for the officer
        pytest.fail("KeyboardInterrupt escaped the command line")


@pytest.fixture
def python_interrupts():
    """Python's own Ctrl+C handler (a KeyboardInterrupt), whatever the test run put there; put back afterwards."""
    previous = signal.signal(signal.SIGINT, signal.default_int_handler)
    yield
    signal.signal(signal.SIGINT, previous)


@pytest.mark.parametrize(("module", "name"), [(cli_new_data, "before_command"), (log, "setup_logging")])
def test_a_ctrl_c_while_a_new_data_folder_is_claimed_leaves_nothing(capsys, monkeypatch, tmp_path, english,
                                                                     python_interrupts, module, name):
    data = tmp_path / "new" / "data"
    _interrupted_after(monkeypatch, module, name)
    code, out, err = _run_interrupted(capsys, "--data-dir", data, "init")
    assert (code, out, err) == (1, "", "Interrupted; nothing was changed.\n")
    assert not (tmp_path / "new").exists()
    assert signal.getsignal(signal.SIGINT) is signal.default_int_handler


def test_a_ctrl_c_while_the_log_of_existing_data_opens_changes_nothing(capsys, monkeypatch, tmp_path, english,
                                                                        python_interrupts):
    data = tmp_path / "data"
    assert run(capsys, "--data-dir", data, "init")[0] == 0
    before = database_path(data).read_bytes()
    _interrupted_after(monkeypatch, log, "setup_logging")
    code, out, err = _run_interrupted(capsys, "--data-dir", data, "cases", "list")
    assert (code, out, err) == (1, "", "Interrupted; nothing was changed.\n")
    assert database_path(data).read_bytes() == before


def _gone_pid() -> int:
    child = subprocess.Popen([sys.executable, "-c", ""])
    child.wait()
    return child.pid


def test_a_claim_left_by_a_process_that_is_gone_keeps_no_refused_data(capsys, tmp_path, english):
    data = tmp_path / "data"
    data.mkdir()
    left = data / f"{cli_new_data.CLAIM_PREFIX}{_gone_pid()}-0123abcd"
    left.write_text("", encoding="utf-8")
    code, out, err = run(capsys, "--data-dir", data, "init", "--agency", "999999")
    assert (code, out) == (1, "") and "999999" in err
    assert list(data.iterdir()) == [left]  # what it made removed; the claim left stays (a restore's says what to do)


def test_a_claim_of_a_running_process_still_keeps_its_data(capsys, tmp_path, english):
    data = tmp_path / "data"
    data.mkdir()
    claim = data / f"{cli_new_data.CLAIM_PREFIX}{os.getppid()}-0123abcd"  # the process that runs the tests
    claim.write_text("", encoding="utf-8")
    code, _out, _err = run(capsys, "--data-dir", data, "init", "--agency", "999999")
    assert code == 1 and claim.exists()
    assert database_path(data).exists()  # what it made kept: the other process may be working in it


# 4. a data directory inside another one -----------------------------------------------------------------------------

@pytest.fixture
def outer(capsys, tmp_path):
    data = tmp_path / "outer"
    assert run(capsys, "--data-dir", data, "init")[0] == 0
    return data


@pytest.mark.parametrize("inner", ["files", "backups", "logs/new", "files/a/b"])
def test_a_new_data_directory_inside_another_is_refused(capsys, outer, english, inner):
    before = sorted(p.relative_to(outer) for p in outer.rglob("*"))
    code, out, err = run(capsys, "--data-dir", outer / inner, "init")
    assert (code, out) == (1, "")
    assert err == (f"Error: {outer / inner} lies inside the data directory {outer}, which holds the workstation's "
                   f"database and files: a data directory there would be mixed with its files, and moved aside when a "
                   f"backup of {outer} is restored. Give a folder outside {outer} with --data-dir (or "
                   f"WORKSTATION_HOME).\n")
    assert sorted(p.relative_to(outer) for p in outer.rglob("*")) == before


def test_demo_and_the_imports_refuse_it_too(capsys, outer, tmp_path, english):
    register = tmp_path / "台账.csv"
    register.write_text("案件编号,当事人\n", encoding="utf-8")
    for argv in (["demo"], ["cases", "import", register], ["complaints", "import", register]):
        code, _out, err = run(capsys, "--data-dir", outer / "files" / "x", *argv)
        assert code == 1 and f"inside the data directory {outer}," in err, (argv, err)
    assert not (outer / "files" / "x").exists()


def test_the_data_directory_itself_and_a_sibling_are_taken(capsys, outer, tmp_path):
    assert run(capsys, "--data-dir", outer, "init")[0] == 0
    assert run(capsys, "--data-dir", tmp_path / "beside", "init")[0] == 0


# 5. --json on every refusal of the imports and of `bundle verify` ---------------------------------------------------

def _refused_json(capsys, *argv) -> tuple[dict, str]:
    code, out, err = run(capsys, *argv, "--json")
    assert code == 1, err
    assert err.startswith("Error: ") and err.count("\n") == 1, err
    return json.loads(out), err[len("Error: "):].rstrip("\n")


@pytest.fixture
def plain(capsys, tmp_path):
    data = tmp_path / "data"
    assert run(capsys, "--data-dir", data, "init")[0] == 0
    return data


def test_cases_import_says_a_refused_file_in_json(capsys, plain, tmp_path, english):
    no_header = tmp_path / "no_header.csv"
    no_header.write_text("a,b\n1,2\n", encoding="utf-8")
    broken = tmp_path / "broken.xlsx"
    broken.write_bytes(b"PK\x03\x04 not a workbook")
    for given in (tmp_path / "missing.csv", no_header, broken, tmp_path):
        result, message = _refused_json(capsys, "--data-dir", plain, "cases", "import", given)
        assert result["rows"] == result["imported"] == result["skipped"] == 0, given
        assert result["errors"] == [{"row": None, "field": None, "message": message}], given


def test_cases_import_into_a_refused_data_folder_says_it_in_json(capsys, outer, tmp_path, english):
    register = tmp_path / "台账.csv"
    register.write_text("案件编号,当事人\n", encoding="utf-8")
    result, message = _refused_json(capsys, "--data-dir", outer / "files" / "x", "cases", "import", register)
    assert result["errors"] == [{"row": None, "field": None, "message": message}]
    result, message = _refused_json(capsys, "--data-dir", outer / "files" / "x", "complaints", "import", register)
    assert result["imported"] == 0 and result["errors"][0]["message"] == message


def test_cases_import_rows_refused_keep_their_json(capsys, plain, tmp_path, english):
    register = tmp_path / "台账.csv"
    register.write_text("当事人,所属区,行业领域,案由,办理状态\n某公司,南海区,不知道,案由,立案调查\n", encoding="utf-8")
    result, _message = _refused_json(capsys, "--data-dir", plain, "cases", "import", register)
    assert result["rows"] == 1 and result["errors"][0]["row"] is not None and result["errors"][0]["field"]


def test_bundle_verify_says_a_missing_file_or_a_folder_in_json(capsys, plain, tmp_path, english):
    for given in (tmp_path / "missing.wsbundle", tmp_path):
        result, message = _refused_json(capsys, "--data-dir", plain, "bundle", "verify", given)
        assert result == {"valid": False, "station": None, "cases": None, "problems": [message]}


def test_bundle_verify_without_data_says_it_in_json(capsys, tmp_path, english):
    bundle = tmp_path / "x.wsbundle"
    bundle.write_bytes(b"PK")
    result, message = _refused_json(capsys, "--data-dir", tmp_path / "none", "bundle", "verify", bundle)
    assert result == {"valid": False, "station": None, "cases": None, "problems": [message]}


def test_a_refusal_without_json_prints_nothing_on_stdout(capsys, plain, tmp_path, english):
    code, out, _err = run(capsys, "--data-dir", plain, "bundle", "verify", tmp_path / "missing.wsbundle")
    assert (code, out) == (1, "")


# 6. option combinations: usage errors -------------------------------------------------------------------------------

@pytest.fixture
def station(cli_station, tmp_path):
    return cli_station(tmp_path / "station")


@pytest.mark.parametrize(("argv", "said"), [
    (["cases", "transition", CASE, "suspend", "--proposed-on", "2026-03-01"],
     "--proposed-on: --proposed-on goes with the action file only."),
    (["cases", "transition", CASE, "suspend", "--officer", "张三"], "--officer: --officer goes with the action file"),
    (["cases", "transition", CASE, "suspend", "--fine", "5000"], "--fine: --fine goes with the action "),
    (["cases", "transition", CASE, "suspend", "--paid", "5000"], "--paid: --paid goes with the action "
                                                                 "record_performance only."),
    (["cases", "transition", CASE, "suspend", "--in-full"], "--in-full: --in-full goes with the action "),
    (["cases", "transition", CASE, "suspend", "--not-transferred"], "--not-transferred: --not-transferred goes with"),
    (["cases", "transition", CASE, "suspend", "--number", "x"], "--number: --number goes with the outcome"),
    (["cases", "review-grounds", CASE, "--ground", "x", "--clear"], "--clear: Give --ground or --clear, not both."),
    (["cases", "facts", CASE, "--fact", "x", "--clear"], "--clear: Give --fact or --clear, not both."),
    (["interviews", "follow-up", DEMO_INTERVIEW, "--on", "2026-10-21", "--result", "x", "--not-rectified",
      "--outcome", "rectified"], "--outcome: --not-rectified says the same as --outcome not_rectified"),
])
def test_options_that_do_not_go_together_are_a_usage_error(capsys, station, english, argv, said):
    before = database_path(station).read_bytes()
    code, out, err = run(capsys, "--data-dir", station, *argv)
    assert (code, out) == (2, ""), err
    assert err.startswith("Error: " + said) and err.count("\n") == 1, err
    assert database_path(station).read_bytes() == before


# cosmetic: the help ------------------------------------------------------------------------------------------------

def _help(capsys, *argv) -> str:
    with pytest.raises(SystemExit) as ended:
        main([*argv, "--help"])
    assert ended.value.code == 0
    return capsys.readouterr().out


@pytest.mark.parametrize("argv", [["clocks", "record"], ["cases", "transition"]])
def test_a_wide_option_name_is_aligned_by_its_columns(capsys, chinese, monkeypatch, argv):
    monkeypatch.setenv("COLUMNS", "100")
    lines = _help(capsys, *argv).splitlines()
    number = next(line for line in lines if line.startswith("  --number 文号"))
    data_dir = next(line for line in lines if line.startswith("  --data-dir DATA_DIR"))
    assert _help_column(number) == _help_column(data_dir) == 24, (number, data_dir)


def _help_column(line: str) -> int:
    """The terminal column the help of an option's line starts at, after its name and the spaces that follow."""
    return display_width(re.match(r" *\S+(?: \S+)* {2,}", line).group(0))


def test_chinese_section_headings_end_in_a_full_width_colon(capsys, chinese):
    text = _help(capsys, "clocks", "record")
    assert "\n位置参数：\n" in text and "\n选项：\n" in text
    assert "位置参数:" not in text and "选项:" not in text


def test_english_headings_keep_their_colon(capsys, english):
    text = _help(capsys, "clocks", "record")
    assert "\npositional arguments:\n" in text and "\noptions:\n" in text


# 6b. a usage error whatever the data: before the data directory, the case or the interview is looked at ------------

CLASHES = [
    (["cases", "transition", "no-such-case", "suspend", "--proposed-on", "2026-03-01"], "--proposed-on: "),
    (["cases", "transition", "no-such-case", "suspend", "--officer", "张三"], "--officer: "),
    (["cases", "transition", "no-such-case", "suspend", "--number", "x"], "--number: "),
    (["cases", "transition", "no-such-case", "suspend", "--fine", "5000"], "--fine: "),
    (["cases", "transition", "no-such-case", "suspend", "--paid", "5000"], "--paid: "),
    (["cases", "transition", "no-such-case", "suspend", "--in-full"], "--in-full: "),
    (["cases", "transition", "no-such-case", "suspend", "--not-transferred"], "--not-transferred: "),
    (["cases", "transition", "no-such-case", "undo", "--reason", "x", "--number", "x"], "--number: "),
    (["cases", "transition", "no-such-case", "undo", "--reason", "x", "--fine", "5000"], "--fine: "),
    (["interviews", "follow-up", "no-such-interview", "--on", "2026-10-21", "--result", "x", "--not-rectified",
      "--outcome", "rectified"], "--outcome: "),
]


@pytest.mark.parametrize(("argv", "said"), CLASHES)
def test_options_that_do_not_go_together_are_a_usage_error_without_data(capsys, tmp_path, english, argv, said):
    code, out, err = run(capsys, "--data-dir", tmp_path / "none", *argv)
    assert (code, out) == (2, ""), err
    assert err.startswith("Error: " + said) and err.count("\n") == 1, err
    assert not (tmp_path / "none").exists()


@pytest.mark.parametrize(("argv", "said"), CLASHES)
def test_options_that_do_not_go_together_are_a_usage_error_for_an_unknown_case(capsys, station, english, argv, said):
    before = database_path(station).read_bytes()
    code, out, err = run(capsys, "--data-dir", station, *argv)
    assert (code, out) == (2, ""), err
    assert err.startswith("Error: " + said) and err.count("\n") == 1, err
    assert database_path(station).read_bytes() == before


# 7. Ctrl+C put off, and the handler put back even when Python did not set it ----------------------------------------

def test_a_deferred_interrupt_puts_back_a_handler_python_did_not_set(monkeypatch, python_interrupts):
    """``signal.signal`` answers None for a handler set outside Python (an embedding program's): put back as the
    system's default, not refused with a TypeError."""
    from workstation import cli

    real = signal.signal
    calls = []

    def set_outside_python_before(signum, handler):
        previous = real(signum, handler)
        calls.append(handler)
        return None if len(calls) == 1 else previous

    monkeypatch.setattr(signal, "signal", set_outside_python_before)
    with cli._interrupt_deferred():
        pass
    monkeypatch.setattr(signal, "signal", real)
    assert signal.getsignal(signal.SIGINT) is signal.SIG_DFL


# 8. a result that cannot be written is no result told ---------------------------------------------------------------

def test_a_result_that_fails_to_be_written_leaves_the_refusal_in_json(capsys, monkeypatch, plain, tmp_path, english):
    register = tmp_path / "台账.csv"
    register.write_text("当事人,所属区,行业领域,案由,办理状态,立案日期\n某公司,南海区,房地产租售,案由,立案调查,2026-03-02\n",
                        encoding="utf-8")
    real = json.dumps
    results = []

    def failing_for_the_result(value, *args, **kwargs):
        if isinstance(value, dict) and value.get("dry_run") is True:
            results.append(value)
            if len(results) == 1:  # the import's own result: a value JSON cannot hold
                raise TypeError("not serialisable")
        return real(value, *args, **kwargs)

    monkeypatch.setattr(json, "dumps", failing_for_the_result)
    code, out, err = run(capsys, "--data-dir", plain, "cases", "import", register, "--dry-run", "--json")
    monkeypatch.setattr(json, "dumps", real)
    fault = err.splitlines()[-1]  # after the progress lines
    assert code == 1 and fault.startswith("Internal error in the workstation"), err
    assert json.loads(out)["errors"] == [{"row": None, "field": None, "message": fault}]


# 9. the window's first start refuses a data directory inside another one ------------------------------------------

@pytest.mark.gui
@pytest.mark.parametrize("plaintext", [True, False])
def test_the_windows_first_start_refuses_a_data_directory_inside_another(qtbot, outer, prompts, monkeypatch, english,
                                                                          plaintext):
    from ui.gate import gain_access
    from ui.task_runner import ImmediateRunner
    from workstation.data_folder import check_outside_data

    monkeypatch.delenv("WORKSTATION_PASSPHRASE", raising=False)
    if plaintext:
        monkeypatch.setenv("WORKSTATION_PLAINTEXT", "1")
    else:
        monkeypatch.delenv("WORKSTATION_PLAINTEXT", raising=False)
    inner = outer / "files" / "x"
    with pytest.raises(WorkstationError) as told:
        check_outside_data(inner)
    shown = []
    with pytest.raises(WorkstationError) as refused:
        gain_access(inner, None, ImmediateRunner(), prompts, lambda dialog: shown.append(dialog) or False)
    assert refused.value.message == told.value.message
    assert shown == [] and not inner.exists()
