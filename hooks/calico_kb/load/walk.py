"""Listing the files under data/ and docs/, and refusing every symbolic link.

MkDocs follows links when it copies docs/ (`os.walk(followlinks=True)`), so a link
there publishes whatever it points to: a link to `.git/config` publishes the CI
checkout's credentials, two links to `..` make the walk endless, a data file linked
to another makes an entry twice. No contributor needs a link, so each one under the
folders the site is made from (`LINKLESS_FOLDERS`) is an error naming the link, and
is never followed.

The same walk holds every name to what every system can check out: no Windows device
name (`con.yaml`), no control character, no two names differing only in case.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path

from ..paths import LINK_HINT, link_message
from ..problems import Problem

LINKLESS_FOLDERS = ("docs", "data", "schemas", "templates", "overrides")
"""The folders the site is made from: no symbolic link may be in them."""


def files_under(directory: Path, root: Path) -> tuple[list[tuple[tuple[str, ...], Path]], list[Problem]]:
    """Every file under `directory` as (its path's parts below `directory`, its path),
    sorted, and a problem for every symbolic link (which is not followed)."""
    found: list[tuple[tuple[str, ...], str]] = []
    problems: list[Problem] = []
    label = _label(directory, root)

    def refuse(parts: tuple[str, ...], message: str, hint: str) -> None:
        problems.append(Problem("/".join((label, *parts)) if label else "/".join(parts), 1, 1, message, hint))

    def walk(folder: str, parts: tuple[str, ...]) -> None:
        try:
            with os.scandir(folder) as listing:
                items = list(listing)
        except OSError as error:
            refuse(parts, f"cannot read the folder: {error.strerror}", "make it readable, or remove it")
            return
        for name, message, hint in name_problems([item.name for item in items]):
            refuse(parts + (name,), message, hint)
        for item in items:
            here = parts + (item.name,)
            if item.is_symlink():
                refuse(here, link_message(item.path), LINK_HINT)
            elif item.is_dir(follow_symlinks=False):
                walk(item.path, here)
            else:
                found.append((here, item.path))

    if directory.is_symlink():
        problems.append(Problem(label or directory.name, 1, 1, link_message(str(directory)), LINK_HINT))
    else:
        walk(str(directory), ())
    found.sort()
    return [(parts, Path(path)) for parts, path in found], problems


WINDOWS_RESERVED = frozenset(
    ["con", "prn", "aux", "nul"] + [f"{port}{number}" for port in ("com", "lpt") for number in range(1, 10)]
)
"""Names Windows keeps for devices, with any extension (`con.yaml`, `aux.tar.gz`): a
checkout of a repository with one fails there."""

_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")


def name_problems(names: list[str]) -> Iterator[tuple[str, str, str]]:
    """(name, message, hint) for each name of one folder that a checkout on another
    system would not keep: a Windows device name, a control character, or a name that
    differs from another only in case (macOS and Windows keep one of the two)."""
    seen: dict[str, str] = {}
    for name in sorted(names):
        if _CONTROL.search(name):
            yield name, "the name contains a control character", "rename it with visible characters only"
        elif name.split(".", 1)[0].lower() in WINDOWS_RESERVED:
            yield (
                name,
                f"{name.split('.', 1)[0]!r} is a device name on Windows, where the file cannot be checked out",
                "rename it",
            )
        folded = name.casefold()
        if folded in seen:
            yield (
                name,
                f"the name differs from {seen[folded]!r} only in case: macOS and Windows keep only one of them",
                "rename one of them",
            )
        seen.setdefault(folded, name)


def link_problems(root: Path, folders: tuple[str, ...] = LINKLESS_FOLDERS) -> list[Problem]:
    """A problem for every symbolic link under the folders the site is made from, and
    for each of those folders that is itself a link (docs/ and data/ aside, which
    `files_under` lists)."""
    problems: list[Problem] = []
    for folder in folders:
        if folder in ("docs", "data"):
            continue
        directory = root / folder
        if directory.is_symlink() or directory.is_dir():
            problems += files_under(directory, root)[1]
    return problems


def _label(directory: Path, root: Path) -> str:
    try:
        return directory.relative_to(root).as_posix().removeprefix(".")
    except ValueError:
        return directory.as_posix()
