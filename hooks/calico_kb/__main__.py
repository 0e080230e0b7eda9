"""Entry point for `python -m calico_kb`."""

import os
import sys

from .commands.cli import main

status = main()
# A short-lived command: leave without freeing its objects one by one (at thousands of
# entries, a fifth of `make check`), after writing out what it printed.
sys.stdout.flush()
sys.stderr.flush()
os._exit(status)
