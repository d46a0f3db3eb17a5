"""Start the case-file workstation: with no arguments the window, with a command the command line."""

import sys


def run() -> int:
    if len(sys.argv) > 1 and sys.argv[1] not in ("--gui",):
        from workstation.cli import main as cli_main

        return cli_main(sys.argv[1:])
    from ui.app import main as gui_main

    return gui_main(sys.argv[2:] if len(sys.argv) > 1 else [])


if __name__ == "__main__":
    sys.exit(run())
