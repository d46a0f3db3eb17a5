"""Lets ``python -m workstation COMMAND`` run the command line without Qt, as ``python main.py COMMAND`` does
(``workstation.cli_entry``)."""

import sys

from workstation.cli_entry import run_command_line

sys.exit(run_command_line())
