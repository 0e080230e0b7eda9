"""Listing the files under data/ and docs/, symbolic links included, nothing dropped.

MkDocs follows links when it copies docs/ (`os.walk(followlinks=True)`), so a link
there publishes whatever it points to; a link in data/ would do the same through a
page. A link that stays inside the repository is read like the file or folder it
points to (a folder once, however many links lead to it); one that leaves the
repository, or leads nowhere, is refused with a message, never skipped in silence.
"""

from __future__ import annotations

import os
from pathlib import Path

from ..problems import Problem


def files_under(directory: Path, root: Path) -> tuple[list[tuple[tuple[str, ...], Path]], list[Problem]]:
    """Every file under `directory` as (its path's parts below `directory`, its path),
    sorted, and a problem for every link that leaves `root` or leads nowhere."""
    found: list[tuple[tuple[str, ...], str]] = []
    problems: list[Problem] = []
    real_root = root.resolve()
    label = _label(directory, root)
    seen: set[str] = {os.path.realpath(directory)}

    def refuse(parts: tuple[str, ...], message: str, hint: str) -> None:
        problems.append(Problem("/".join((label, *parts)) if label else "/".join(parts), 1, 1, message, hint))

    def walk(folder: str, parts: tuple[str, ...]) -> None:
        try:
            with os.scandir(folder) as listing:
                items = list(listing)
        except OSError as error:
            refuse(parts, f"cannot read the folder: {error.strerror}", "make it readable, or remove it")
            return
        for item in items:
            here = parts + (item.name,)
            if item.is_symlink() and not _link_allowed(item.path, here, real_root, refuse):
                continue
            try:
                is_dir = item.is_dir()
            except OSError:
                is_dir = False
            if not is_dir:
                found.append((here, item.path))
                continue
            real = os.path.realpath(item.path)
            if real in seen:
                continue  # a folder reached twice through links is read once
            seen.add(real)
            walk(item.path, here)

    walk(str(directory), ())
    found.sort()
    return [(parts, Path(path)) for parts, path in found], problems


def _link_allowed(path: str, parts: tuple[str, ...], real_root: Path, refuse) -> bool:
    target = Path(os.path.realpath(path))
    if not target.exists():
        refuse(parts, f"the symbolic link leads nowhere ({os.readlink(path)!r})", "remove the link")
        return False
    if not target.is_relative_to(real_root):
        refuse(
            parts,
            f"the symbolic link leads outside the repository, to {target.as_posix()!r}",
            "copy the file into the repository instead of linking to it",
        )
        return False
    return True


def _label(directory: Path, root: Path) -> str:
    try:
        return directory.relative_to(root).as_posix().removeprefix(".")
    except ValueError:
        return directory.as_posix()
