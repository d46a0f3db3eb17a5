"""The one way in to the command line, for ``python main.py COMMAND``, ``python -m workstation COMMAND`` and the
`workstation` console script alike: imports nothing but ``sys`` until it runs (``main.py``'s window never loads
it). A Ctrl+C while the command line loads is said without a traceback (nothing was done yet), and the command
runs as the process's last work (``workstation.cli.main``'s ``ends_process``): a Ctrl+C after its result, or
during the interpreter's shutdown, leaves its exit code, never 130 or a traceback."""

import sys


def run_command_line(argv: list[str] | None = None) -> int:
    """Run the command ``argv`` names (default: ``sys.argv[1:]``); its exit code, for ``sys.exit``: the process
    ends with it."""
    try:
        from workstation.cli import main
    except KeyboardInterrupt:
        import signal

        signal.signal(signal.SIGINT, signal.SIG_IGN)  # said once: not cut short by another Ctrl+C, nor its code
        from workstation.i18n import _

        sys.stderr.write(_("Interrupted; nothing was changed.") + "\n")
        return 1
    return main(sys.argv[1:] if argv is None else argv, ends_process=True)
