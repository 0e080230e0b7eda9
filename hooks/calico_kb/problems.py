"""Problems found in contributors' files, collected and reported together.

Every stage appends to one list instead of raising, so a single run tells a
contributor about every mistake in every file, each as `path:line:col: message`.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterable


@dataclasses.dataclass(frozen=True, order=True)
class Problem:
    """One mistake, located in a source file."""

    path: str
    """Path of the file, relative to the project root, with forward slashes."""
    line: int
    """1-based line number (1 when the problem concerns the whole file)."""
    col: int
    """1-based column number."""
    message: str
    """What is wrong, quoting the bad value."""
    hint: str | None = None
    """How to fix it, when there is something useful to say."""

    def __str__(self) -> str:
        text = f"{visible(self.path)}:{self.line}:{self.col}: {visible(self.message)}"
        if self.hint:
            text += f" (hint: {visible(self.hint)})"
        return text

    def as_github_annotation(self) -> str:
        """The problem as a GitHub Actions workflow command, its properties and text
        escaped as the runner reads them (a ',' or ':' in a file name would end it)."""
        text = visible(self.message) + (f" (hint: {visible(self.hint)})" if self.hint else "")
        path = visible(self.path).replace("%", "%25").replace(",", "%2C").replace(":", "%3A")
        return f"::error file={path},line={self.line},col={self.col}::{text.replace('%', '%25')}"


_INVISIBLE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def visible(text: str) -> str:
    """`text` with every control character, line break and direction override written
    as an escape (`\\x1b`, `\\n`): a value or a file name in a message can neither
    move the terminal's cursor, hide the rest of a listing, nor start a new line that
    GitHub reads as a command."""
    if not _INVISIBLE.search(text):
        return text
    return _INVISIBLE.sub(lambda match: match.group().encode("unicode_escape").decode("ascii"), text)


MIN_NEEDLE = 2
"""Shorter text is not looked for in a source file by `locate`: it would be found anywhere."""


def line_col(text: str, index: int) -> tuple[int, int]:
    """The 1-based line and column of a position in a text."""
    return text.count("\n", 0, index) + 1, index - text.rfind("\n", 0, index)


def locate(text: str, needles: Iterable[str]) -> tuple[int, int] | None:
    """Line and column of the first needle found in `text`: as written, else in any
    case; needles shorter than `MIN_NEEDLE` are not looked for. None when none is found.

    How a finding in a built page is traced back to the file that made it: the build's
    check of each page and `check-site` both use it, so they agree on the line."""
    lowered: str | None = None
    for needle in needles:
        if len(needle) < MIN_NEEDLE:
            continue
        index = text.find(needle)
        if index < 0:
            lowered = lowered if lowered is not None else text.lower()
            index = lowered.find(needle.lower())
        if index >= 0:
            return line_col(text, index)
    return None


def format_problems(problems: Iterable[Problem], style: str = "text") -> str:
    """All problems, sorted by location, one per line."""
    ordered = sorted(set(problems))
    if style == "github":
        return "\n".join(p.as_github_annotation() for p in ordered)
    return "\n".join(str(p) for p in ordered)


def quote(value: object, limit: int = 60) -> str:
    """A value as it should appear inside a message: repr-like, bounded in length."""
    text = repr(value) if not isinstance(value, str) else '"' + value.replace('"', '\\"') + '"'
    return text if len(text) <= limit else text[: limit - 1] + '…"'
