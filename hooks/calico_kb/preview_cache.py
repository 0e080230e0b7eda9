"""Generated pages as files that change only when their Markdown does, for the fast preview.

`make serve` runs `mkdocs serve --dirty`, which rebuilds a page only when its source
file is newer than its output. A page handed to MkDocs as `File.generated` has no
source file and is rebuilt on every save, so the preview writes every generated page
to a cache folder instead, and rewrites a file only when the page's Markdown changed.
Then modification times mean something, and a one-entry edit rebuilds the pages whose
Markdown it changed (the entry's, its backlinks', the lists that show it) and no other.

This is the smallest version the preview needs; it writes plain files, nothing MkDocs.
"""
from __future__ import annotations

import os
from pathlib import Path

_written: dict[Path, dict[str, str]] = {}
"""What each folder holds, as written by this process: no need to read it back."""


def write_changed(folder: Path, pages: dict[str, str]) -> tuple[set[str], set[str]]:
    """Make `folder` hold exactly `pages` (src_uri -> Markdown), touching only what changed.

    Returns the src_uris written and the src_uris removed.
    """
    first = folder not in _written
    known = _written.setdefault(folder, {})
    written: set[str] = set()
    for src_uri, content in pages.items():
        if known.get(src_uri) == content:
            continue
        path = folder / src_uri
        if src_uri not in known and _holds(path, content):
            known[src_uri] = content  # left by an earlier preview: its time stays
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(content, encoding="utf-8")
        known[src_uri] = content
        written.add(src_uri)
    removed = {src_uri for src_uri in known if src_uri not in pages}
    for src_uri in removed:
        del known[src_uri]
        (folder / src_uri).unlink(missing_ok=True)
    # Pages of an earlier preview process that are no longer made: only the first time.
    for path in _files_under(folder) if first else ():
        src_uri = path.relative_to(folder).as_posix()
        if src_uri not in pages:
            path.unlink()
            removed.add(src_uri)
    return written, removed


def _holds(path: Path, content: str) -> bool:
    try:
        return path.read_text(encoding="utf-8") == content
    except (OSError, UnicodeDecodeError):
        return False


def _files_under(folder: Path) -> list[Path]:
    found = []
    for directory, _, names in os.walk(folder):
        found += [Path(directory) / name for name in names]
    return found
