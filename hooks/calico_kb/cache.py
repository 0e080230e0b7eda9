"""Where builds keep what they can make again, to be faster the next time.

Everything kept here is addressed by its content (social cards by what they show,
compiled templates by their source), so it is never stale, only unused, and deleting it
costs only time. Some of it is code that builds load and run (compiled templates,
fastjsonschema's checks of each schema) or trust (readings that say a Markdown body is
clean), so it lives where nothing a commit carries can be: outside the checkout, in the
user's cache folder (`$XDG_CACHE_HOME`, else `~/.cache`, the XDG base-directory rule),
under `calico-kb/` and a short hash of the project's resolved path, so that two clones
never share one. `$KB_CACHE_DIR`, when set, is used instead: the test suite points
every build of a session at one folder, so that its hundreds of small fixture builds do
not each draw and compile everything again, and the benchmark keeps each site's cache
beside it. `python -m calico_kb cache-dir` prints the folder; `make clean-cache`
deletes it.

Older versions kept it in the project's `.cache/`, where a pull request can commit files
(`git add -f`): no build reads a cache there any more. `.cache/` stays in `.gitignore`
(an old clone may still have one; the preview writes its generated Markdown pages in
`.cache/preview/`, see `mkdocs_preview`), and `checks.tracked_ignored` still refuses
files committed there.

The rule is the specification's, in a few lines of the standard library (Python has no
function for it). platformdirs, which MkDocs installs for itself, is not used: it is not
one of our requirements, its answer differs by platform (~/Library/Caches on macOS
unless `$XDG_CACHE_HOME` is set), and older versions took a relative `$XDG_CACHE_HOME`.
"""

from __future__ import annotations

import functools
import hashlib
import os
import tempfile
from pathlib import Path

CACHE_ENV = "KB_CACHE_DIR"
APP_FOLDER = "calico-kb"


def cache_root(project_root: Path) -> Path:
    """`$KB_CACHE_DIR`, else the project's folder in the user's cache folder."""
    configured = os.environ.get(CACHE_ENV)
    if configured:
        return Path(configured)
    project = hashlib.sha256(os.fsencode(project_root.resolve())).hexdigest()[:16]
    return user_cache_home() / APP_FOLDER / project


def user_cache_home() -> Path:
    """`$XDG_CACHE_HOME` when it is set and absolute (a relative one is ignored, as the
    XDG base-directory specification says), else `~/.cache`."""
    configured = os.environ.get("XDG_CACHE_HOME", "")
    if os.path.isabs(configured):
        return Path(configured)
    try:
        return Path.home() / ".cache"
    except RuntimeError:  # no $HOME and no entry in the password database
        return _process_folder()


@functools.cache
def _process_folder() -> Path:
    """A private folder of this process (mode 0700), when the user has no home: a cache
    that lasts one run costs only time, and a shared one (/tmp) could be written by others."""
    return Path(tempfile.mkdtemp(prefix="calico-kb-cache-"))


def keep(path: Path, data: bytes) -> bool:
    """Write a cache file whole or not at all: builds may run side by side (a preview and
    the tests), and a reader must never see half a file. A cache that cannot be written
    (a read-only home, a full disk) only makes the next build slower: False, never an error."""
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
