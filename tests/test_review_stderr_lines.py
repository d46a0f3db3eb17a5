"""stderr while a command runs shows control characters escaped whichever way text is written to it: lines handed
over together (``writelines``, as a traceback's or a logging formatter's caller may) went to the terminal as they
were, an ESC sequence acting on it."""

import io

from workstation.cli import _VisibleControls


def test_lines_written_together_are_escaped_like_one_written_alone():
    terminal = io.StringIO()
    stderr = _VisibleControls(terminal)
    stderr.writelines(["佛山\x1b[2J某公司\n", "\u202e13800138000\n"])
    assert terminal.getvalue() == "佛山\\x1b[2J某公司\n\\u202e13800138000\n"
