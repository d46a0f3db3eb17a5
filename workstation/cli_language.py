"""argparse's own words in the user's language: the "usage:" line, the section titles and the -h line of every
help, and the usage errors (exit 2). argparse asks ``gettext`` for them, which knows no catalogue of ours, so a
Chinese officer would read an English frame around Chinese help; while the command line is parsed, argparse asks
``workstation.i18n`` instead."""

from __future__ import annotations

import argparse
import contextlib
from collections.abc import Iterator

from workstation.i18n import N_, _, ngettext

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
    N_("invalid choice: %(value)r (choose from %(choices)s)"),
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
