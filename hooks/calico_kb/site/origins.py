"""Which source file made each page of a built site, and where in it a problem lies.

A broken link found in `releases/calico-v3-23/index.html` is fixed in
`data/releases/calico-v3-23.yaml` (or in the template that made the page): the
checkers report it there. The expected pages come from the plan (`plan`) and
the loaded sources, so nothing is rendered again to know them.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from ..paths import page_file
from ..pipeline import Build
from ..problems import Problem
from .html import HtmlPage

MIN_NEEDLE = 4
"""Shorter text is not looked for in source files: it would be found anywhere."""


@dataclasses.dataclass(frozen=True)
class Origin:
    """The file that produced a page of the site."""

    source: str
    """Relative to the project root: docs/... for Markdown, data/... for an entry,
    templates/... for a generated index or view."""
    src_uri: str
    """Where MkDocs saw the page inside docs/, e.g. "releases/calico-v3-23.md"."""
    made_with: str | None = None
    """The template that turned a data file into Markdown, when there is one."""
    front_matter: Any = None
    """The page's front matter as the knowledge base read it, if it has some."""
    first_line: str | None = None
    """Line 1 of a page without front matter (MkDocs may take it for metadata)."""


def page_origins(build: Build) -> dict[str, list[Origin]]:
    """The files expected to produce each HTML file of the site, by its path there:
    the hand-written pages and articles, and the planned pages (nothing is rendered)."""
    origins: dict[str, list[Origin]] = {}
    kb = build.kb

    def add(origin: Origin) -> None:
        origins.setdefault(page_file(origin.src_uri), []).append(origin)

    for src_uri, page in kb.sources.pages.items():
        first_line = page.body.text.split("\n", 1)[0] if page.document is None and page.body.first_line == 1 else None
        add(Origin(page.source, src_uri, None, page.document.value if page.document else None, first_line))
    for entry in kb.sources.entries.values():
        if entry.body is not None:
            add(Origin(entry.source, entry.src_uri, None, entry.data))
    for planned in build.plan.outputs:
        if not planned.is_feed:
            add(Origin(planned.source_path or f"<generated {planned.src_uri}>", planned.src_uri, planned.made_with))
    return origins


class SourceReporter:
    """Turns findings in built pages into problems located in their source files."""

    def __init__(self, site_dir: Path, origins: dict[str, list[Origin]], root: Path | None):
        self.site_label = site_dir.as_posix().rstrip("/")
        self.origins = origins
        self.root = root
        self.problems: list[Problem] = []
        self._texts: dict[str, str] = {}

    def origin(self, page: str) -> Origin | None:
        found = self.origins.get(page)
        return found[0] if found else None

    def at_page(
        self, page: HtmlPage, line: int, col: int, message: str, hint: str, needles: Iterable[str] = ()
    ) -> None:
        """A problem seen at (line, col) of a built page, reported in its source file."""
        built = f"{self.site_label}/{page.path}:{line}:{col}"
        origin = self.origin(page.path)
        if origin is None:
            self.problems.append(Problem(f"{self.site_label}/{page.path}", line, col, message, hint))
            return
        needles = [needle for needle in needles if len(needle) >= MIN_NEEDLE]
        where = self.find(origin.source, needles)
        made = f"; made with {origin.made_with}" if origin.made_with else ""
        if where is None and needles:
            made += "; not written in this file: look in the templates and theme overrides"
        self.problems.append(Problem(origin.source, *(where or (1, 1)), message, f"{hint}; built page {built}{made}"))

    def at_source(self, source: str, message: str, hint: str | None = None, needles: Iterable[str] = ()) -> None:
        self.problems.append(Problem(source, *(self.find(source, needles) or (1, 1)), message, hint))

    def find(self, source: str, needles: Iterable[str]) -> tuple[int, int] | None:
        """Line and column of the first needle found in a source file."""
        if self.root is None:
            return None
        if source not in self._texts:
            try:
                self._texts[source] = (self.root / source).read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError):
                self._texts[source] = ""
        text = self._texts[source]
        for needle in needles:
            index = text.find(needle) if needle else -1
            if index >= 0:
                return text.count("\n", 0, index) + 1, index - (text.rfind("\n", 0, index) + 1) + 1
        return None
