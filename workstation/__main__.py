"""Lets ``python -m workstation COMMAND`` run the command line without Qt."""

import sys

from workstation.cli import main

sys.exit(main())
