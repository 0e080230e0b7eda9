"""Entry point for `python -m calico_kb`."""
import sys

from .cli import main

sys.exit(main())
