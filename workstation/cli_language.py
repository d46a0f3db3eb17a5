"""argparse's own words in the user's language: the "usage:" line, the section titles and the -h line of every
help, and the usage errors (exit 2). argparse asks ``gettext`` for them, which knows no catalogue of ours, so a
Chinese officer would read an English frame around Chinese help; while the command line is parsed, argparse asks
``workstation.i18n`` instead. The help is laid out in terminal columns (a Chinese character takes two), and the
program is named as it was started."""

from __future__ import annotations

import argparse
import contextlib
import os
import re
import sys
import unicodedata
from collections.abc import Iterator

from workstation.errors import join_sentences
from workstation.i18n import N_, _, join_names, ngettext

# the texts of argparse (Python 3.11) a parser of ours can show; listed here so that they are extracted into the
# catalogue (argparse's % placeholders stay as they are in a translation)
ARGPARSE_MESSAGES = (
    N_("usage: "),
    N_("positional arguments"),
    N_("options"),
    N_("show this help message and exit"),
    N_("%(prog)s: error: %(message)s\n"),
    N_("argument %(argument_name)s: %(message)s"),
    N_("unrecognized arguments: %s"),
    N_("the following arguments are required: %s"),
    N_("one of the arguments %s is required"),
    N_("not allowed with argument %s"),
    N_("ignored explicit argument %r"),
    N_("expected one argument"),
    N_("expected at least one argument"),
    N_("ambiguous option: %(option)s could match %(matches)s"),
    N_("invalid %(type)s value: %(value)r"),
    N_("unknown parser %(parser_name)r (choices: %(choices)s)"),
)


@contextlib.contextmanager
def argparse_in_user_language() -> Iterator[None]:
    """Within this block argparse translates its texts with the workstation's catalogue (building a parser takes
    its section titles and -h line, parsing its usage errors and help)."""
    saved = argparse._, argparse.ngettext
    argparse._, argparse.ngettext = _, ngettext
    try:
        yield
    finally:
        argparse._, argparse.ngettext = saved


def non_empty_path(value: str) -> str:
    """An argparse ``type`` refusing an empty path (exit 2): ``--data-dir "$DIR"`` with the variable unset must not
    fall back to the default data directory, nor an empty ``--passphrase-file`` to no passphrase file."""
    if not value.strip():
        raise argparse.ArgumentTypeError(_("the path is empty: give a folder or file"))
    return value


def non_empty(value: str) -> str:
    """An argparse ``type`` refusing an empty argument (exit 2) that is no path — an id, a case number, a name:
    ``docs void "$ID"`` with the variable unset must say so, not look for a document of no id."""
    if not value.strip():
        raise argparse.ArgumentTypeError(_("the value is empty: see --help for what to give"))
    return value


#: a whole number with thousands separators (12,345), as the program writes its counts
_GROUPED = re.compile(r"[+-]?\d{1,3}(?:,\d{3})+")


def whole_number(value: str) -> int:
    """An argparse ``type`` for a whole-number option (``--limit``, ``--days``, ``--due-within``…): digits, with or
    without thousands separators; anything else is refused (exit 2) in the words a count's option (``law criminal
    --trace``) uses, not argparse's English type name ("invalid int value")."""
    text = value.strip()
    if _GROUPED.fullmatch(text):
        text = text.replace(",", "")
    if not re.fullmatch(r"[+-]?\d+", text):
        raise argparse.ArgumentTypeError(
            _("{text} is not a whole number: write the count in digits, such as 453 or 18,176.").format(text=value))
    return int(text)


def plain_number(value: str) -> int:
    """An argparse ``type`` for a year or a serial (``--year``, ``--serial``, ``--from``, ``--to``): digits alone, as
    a 文号 writes them — no thousands separator (``--year 2,026`` is a mistyped year, not 2026); anything else is
    refused (exit 2) saying what to give, not as a count."""
    text = value.strip()
    if not re.fullmatch(r"[+-]?\d+", text):
        raise argparse.ArgumentTypeError(join_sentences([
            _("{text} is not a whole number.").format(text=value),
            _("Write a year or a serial in digits alone, without separators, such as 2026 or 15.")]))
    return int(text)


def program_name(installed: str) -> str:
    """The program's name in a usage line, as argparse takes it from how the program was started: ``main.py`` for
    ``python main.py``, ``python -m workstation`` for a package run with -m, and ``installed`` (the launcher's own
    name) when there is no file to name (``python -c``, an embedding program)."""
    started = sys.argv[0] if sys.argv else ""
    name = os.path.basename(started)
    if name == "__main__.py":
        python = os.path.basename(sys.executable) or "python"
        return f"{python} -m {os.path.basename(os.path.dirname(os.path.abspath(started)))}"
    if name in ("", "-c"):
        return installed
    return name


def display_width(text: str) -> int:
    """Columns ``text`` takes in a terminal: a wide (CJK) character takes two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


# Chinese line-breaking rules (GB/T 15834): these never start a line, and these never end one
NO_LINE_START = frozenset("。，、；：？！）》」』”’%…")
NO_LINE_END = frozenset("（《「『“‘")


def wrap_columns(text: str, width: int) -> list[str]:
    """``text`` in lines of at most ``width`` terminal columns: between words, and between any two Chinese
    characters except before a closing mark or after an opening one (a closing mark that would be left alone
    hangs past the width instead); a word longer than a line stands alone."""
    lines: list[list[str]] = [[]]
    for token in re.findall(r" |[^\s\u1100-\uffff]+|.", text):
        line = lines[-1]
        if not "".join(line).strip() or display_width("".join(line) + token) <= width:
            line.append(token)
        elif token == " ":
            lines.append([])
        else:
            while line[-1] == " ":
                line.pop()
            carried = [line.pop()] if token[0] in NO_LINE_START else []
            while line and line[-1][-1] in NO_LINE_END:
                carried.insert(0, line.pop())
            if "".join(line).strip():
                lines.append([*carried, token])
            else:  # nothing would be left: the mark hangs, or the line breaks where the width says
                line.extend(carried)
                if token[0] in NO_LINE_START:
                    line.append(token)
                else:
                    lines.append([token])
    return [text for text in ("".join(line).strip() for line in lines) if text]


class UserLanguageFormatter(argparse.HelpFormatter):
    """argparse's help layout measured in terminal columns, as a Chinese text needs: argparse counts characters,
    but a Chinese character takes two columns. The usage line wraps under the program's name whatever the
    language (the Chinese "用法：" is three characters in six columns: its continuation lines would otherwise start
    three columns left of the options they continue), and a Chinese help text is wrapped to the terminal's width
    by its columns, between characters where the Chinese line-breaking rules allow it."""

    def _format_usage(self, usage, actions, groups, prefix):
        if prefix is None:
            prefix = argparse._("usage: ")
        extra = display_width(prefix) - len(prefix)
        if extra <= 0:
            return super()._format_usage(usage, actions, groups, prefix)
        self._width -= extra  # the lines are measured in characters: leave room for the wide prefix's columns
        try:
            text = super()._format_usage(usage, actions, groups, prefix)
        finally:
            self._width += extra
        first, *rest = text.split("\n")
        return "\n".join([first, *((" " * extra + line) if line else line for line in rest)])

    def start_section(self, heading):
        # argparse ends a heading in ":"; after a Chinese one (位置参数, 选项) the full-width "：" (``format_help``)
        if heading and display_width(heading[-1]) == 2:
            self._wide_headings = {*getattr(self, "_wide_headings", ()), heading}
        super().start_section(heading)

    def format_help(self):
        text = super().format_help()
        for heading in getattr(self, "_wide_headings", ()):
            text = re.sub(rf"(?m)^( *){re.escape(heading)}:$", lambda m, h=heading: f"{m.group(1)}{h}：", text)
        return text

    def add_argument(self, action):
        # argparse's own, measuring an option's name (``--number 文号``) in columns: its help starts where the
        # others' do
        if action.help is argparse.SUPPRESS:
            return
        invocations = [self._format_action_invocation(action)]
        invocations += [self._format_action_invocation(sub) for sub in self._iter_indented_subactions(action)]
        self._action_max_length = max(self._action_max_length,
                                      max(map(display_width, invocations)) + self._current_indent)
        self._add_item(self._format_action, [action])

    def _format_action(self, action):
        """argparse's line of an option, its padding counted in columns when its name holds a wide character:
        argparse pads it by characters, which puts its help two columns right of the others' for each."""
        text = super()._format_action(action)
        header = self._format_action_invocation(action)
        extra = display_width(header) - len(header)
        if extra <= 0 or not action.help:
            return text
        help_position = min(self._action_max_length + 2, self._max_help_position)
        lead = " " * self._current_indent + header
        first, rest = text.split("\n", 1)
        if not first.startswith(lead) or first == lead:  # its help on the next line already
            return text
        said = first[len(lead):].lstrip(" ")
        if display_width(lead) + 2 > help_position:  # too wide to share the line with its help
            return f"{lead}\n{' ' * help_position}{said}\n{rest}"
        return f"{lead}{' ' * (help_position - display_width(lead))}{said}\n{rest}"

    def _split_lines(self, text, width):
        text = self._whitespace_matcher.sub(" ", text).strip()
        if display_width(text) == len(text):  # no wide character: argparse's own wrapping
            return super()._split_lines(text, width)
        return wrap_columns(text, width)

    def _fill_text(self, text, width, indent):
        text = self._whitespace_matcher.sub(" ", text).strip()
        if display_width(text) == len(text):
            return super()._fill_text(text, width, indent)
        return "\n".join(indent + line for line in wrap_columns(text, width - len(indent)))


class RawDescriptionUsageFormatter(argparse.RawDescriptionHelpFormatter, UserLanguageFormatter):
    """``UserLanguageFormatter`` keeping the description's and the epilog's own line breaks (a table of codes)."""


class UserLanguageParser(argparse.ArgumentParser):
    """An ArgumentParser laid out by ``UserLanguageFormatter``; its subcommands' parsers are of the same class."""

    def __init__(self, *args, formatter_class=UserLanguageFormatter, **kwargs):
        super().__init__(*args, formatter_class=formatter_class, **kwargs)

    def _check_value(self, action, value):
        # argparse's own fills in Python's reprs ('bogus', 'init', 'demo'): quoted and listed as every other
        # message of the program does (“bogus”; init、demo、stats)
        if action.choices is not None and value not in action.choices:
            raise argparse.ArgumentError(action, _("invalid choice: “{value}” (choose from {choices})").format(
                value=value, choices=join_names(action.choices)))
