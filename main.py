"""Start the case-file workstation: with no command the window, with a command the command line
(``python main.py --data-dir D`` opens the window on D; ``python main.py --data-dir D stats`` runs a command).
Window options: ``--data-dir``, ``--passphrase-file`` and ``--demo`` (load the demo data into a database that
holds no case yet, after the first-start dialog has created it)."""

import sys

OPTIONS_WITH_VALUE = ("--data-dir", "--passphrase-file")
WINDOW_FLAGS = ("--gui", "--demo")
CLI_ONLY = ("-h", "--help", "--version", "--json")


def wants_window(args: list[str]) -> bool:
    """True when ``args`` name no command, only window options, or ask for the window with ``--gui`` (so that
    ``--gui --help`` shows the window's options, and ``--gui`` with a command is refused by them)."""
    skip, command = False, False
    for arg in args:
        if skip:
            skip = False
        elif arg in OPTIONS_WITH_VALUE:
            skip = True
        elif arg == "--gui":
            return True
        elif arg not in WINDOW_FLAGS and (arg in CLI_ONLY or not arg.startswith("-")):
            command = True
    return not command


def run() -> int:
    """The window, or the command ``sys.argv`` names (``workstation.cli_entry``, which the window never loads); its
    exit code. The process ends when it returns."""
    args = sys.argv[1:]
    if wants_window(args):
        from workstation.collector import hold_until_started

        hold_until_started()  # no garbage collection until the window's first paint (ui.app.main ends it)
        from ui.app import main as gui_main

        return gui_main([a for a in args if a != "--gui"])
    from workstation.cli_entry import run_command_line

    return run_command_line(args)


if __name__ == "__main__":
    sys.exit(run())
