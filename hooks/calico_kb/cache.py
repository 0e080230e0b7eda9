"""Where builds keep what they can make again, to be faster the next time.

Everything kept here is addressed by its content (social cards by what they show,
compiled templates by their source), so it is never stale, only unused, and deleting it
costs only time. It is `$KB_CACHE_DIR` when set, else the project's `.cache/`
(git-ignored); the test suite points every build of a session at one folder, so that
its hundreds of small fixture builds do not each draw and compile everything again.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

CACHE_ENV = "KB_CACHE_DIR"


def cache_root(project_root: Path) -> Path:
    """`$KB_CACHE_DIR`, else `.cache/` of the project."""
    configured = os.environ.get(CACHE_ENV)
    return Path(configured) if configured else project_root / ".cache"


def keep(path: Path, data: bytes) -> bool:
    """Write a cache file whole or not at all: builds may run side by side (a preview and
    the tests), and a reader must never see half a file. A cache that cannot be written
    (a read-only checkout) only makes the next build slower: False, never an error."""
    temporary = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        os.replace(temporary, path)
        return True
    except OSError:
        if temporary is not None:
            Path(temporary).unlink(missing_ok=True)
        return False
