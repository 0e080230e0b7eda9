"""What Markdown bodies may contain: Markdown, not scripts.

Python-Markdown passes raw HTML through untouched, including `<script>`, event
handler attributes and `javascript:` links. Contributors have no need for them, so
`make check` refuses them with file and line; the built-site checker looks for the
same in the HTML as a second line of defence.
"""
from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING

from .problems import Problem

if TYPE_CHECKING:
    from .load import Sources

FORBIDDEN_ELEMENT = re.compile(r"<\s*(script|iframe|object|embed|frame|frameset|base|meta)\b", re.IGNORECASE)
EVENT_ATTRIBUTE = re.compile(r"<[a-z][^>]*?\s(on[a-z]+)\s*=", re.IGNORECASE)
UNSAFE_SCHEME = re.compile(r"^\s*(?:javascript|vbscript|data)\s*:", re.IGNORECASE)
_LINK_TARGETS = re.compile(
    r"\]\(\s*<?([^)\s>]*)"                      # inline links and images: [text](target)
    r"|^\s{0,3}\[[^\]]+\]:\s*<?(\S+?)>?(?:\s|$)"  # reference definitions: [id]: target
    r"|\b(?:href|src|action|formaction)\s*=\s*[\"']?([^\"'\s>]+)",  # raw HTML attributes
    re.IGNORECASE,
)
_CODE_SPAN = re.compile(r"(`+).+?\1")
_FENCE = re.compile(r"^\s{0,3}(`{3,}|~{3,})")


def body_problems(text: str, source: str, first_line: int = 1) -> Iterator[Problem]:
    """Problems in a Markdown body whose first line is `first_line` of its file."""
    fence: str | None = None
    for number, line in enumerate(text.splitlines(), first_line):
        opening = _FENCE.match(line)
        if fence:
            if opening and opening.group(1)[0] == fence[0] and len(opening.group(1)) >= len(fence):
                fence = None
            continue
        if opening:
            fence = opening.group(1)
            continue
        line = _CODE_SPAN.sub(lambda m: " " * len(m.group()), line)
        for match in FORBIDDEN_ELEMENT.finditer(line):
            yield Problem(source, number, match.start() + 1, f"raw <{match.group(1).lower()}> is not allowed in Markdown",
                          "contributors write Markdown, not HTML that runs or embeds other pages")
        for match in EVENT_ATTRIBUTE.finditer(line):
            yield Problem(source, number, match.start(1) + 1, f"the event handler attribute {match.group(1)!r} is not allowed",
                          "remove it; pages carry no scripts of their own")
        for match in _LINK_TARGETS.finditer(line):
            target = next(g for g in match.groups() if g is not None)
            if UNSAFE_SCHEME.match(target):
                column = match.start() + match.group().find(target) + 1
                yield Problem(source, number, column, f"the link target {target[:40]!r} uses a forbidden scheme",
                              "link with http(s), mailto or a relative path")


def markdown_problems(sources: Sources) -> list[Problem]:
    """Content-policy problems of every Markdown page and article."""
    problems: list[Problem] = []
    for item in [*sources.pages.values(), *sources.entries.values()]:
        if item.body is not None:
            problems.extend(body_problems(item.body.text, item.source, item.body.first_line))
    return problems
