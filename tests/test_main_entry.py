import importlib.util
from pathlib import Path

import pytest

spec = importlib.util.spec_from_file_location("main_entry", Path(__file__).resolve().parent.parent / "main.py")
main_entry = importlib.util.module_from_spec(spec)
spec.loader.exec_module(main_entry)


@pytest.mark.parametrize("args, window", [
    ([], True),
    (["--data-dir", "D"], True),
    (["--gui", "--data-dir", "D"], True),
    (["stats"], False),
    (["--data-dir", "D", "stats", "--json"], False),
    (["--json", "stats"], False),
    (["--help"], False),
    (["--data-dir", "stats"], True),  # a folder named "stats": the window opens on it
    (["--demo"], True),
    (["--data-dir", "D", "--demo"], True),
    (["demo"], False),
    (["--gui", "--help"], True),  # the window's own help, not the command line's
    (["--help", "--gui"], True),
    (["--data-dir", "--gui"], True),  # a folder named "--gui"
    (["--data-dir", "--gui", "--help"], False),
])
def test_main_py_opens_the_window_unless_a_command_is_named(args, window):
    assert main_entry.wants_window(args) is window
