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

from .. import paths
from ..pipeline import Build
from ..plan import PlannedPage
from ..problems import Problem, locate
from .html import HtmlPage


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


def planned_origin(page: PlannedPage) -> Origin:
    """The file behind a planned page, and the template that made it from data."""
    return Origin(page.source_path or f"<generated {page.src_uri}>", page.src_uri, page.made_with)


def markdown_origin(src_uri: str) -> Origin:
    """The file behind a hand-written page: docs/<src_uri>."""
    return Origin(f"{paths.DOCS_DIR}/{src_uri}", src_uri)


def page_origins(build: Build) -> dict[str, list[Origin]]:
    """The files expected to produce each HTML file of the site, by its path there:
    the hand-written pages and articles, and the planned pages (nothing is rendered)."""
    origins: dict[str, list[Origin]] = {}
    kb = build.kb

    def add(origin: Origin) -> None:
        origins.setdefault(paths.page_file(origin.src_uri), []).append(origin)

    for src_uri, page in kb.sources.pages.items():
        first_line = page.body.text.split("\n", 1)[0] if page.document is None and page.body.first_line == 1 else None
        add(Origin(page.source, src_uri, None, page.document.value if page.document else None, first_line))
    for entry in kb.sources.entries.values():
        if entry.body is not None:
            add(Origin(entry.source, entry.src_uri, None, entry.data))
    for planned in build.plan.outputs:
        if not planned.is_feed:
            add(planned_origin(planned))
    return origins


class SourceReporter:
    """Turns findings in built pages into problems located in their source files: the
    one way, for the build's check of each page and for `check-site` alike."""

    def __init__(self, site_label: str, origins: dict[str, list[Origin]], root: Path | None):
        self.site_label = site_label.rstrip("/")
        """The site folder as problems name it, e.g. "site"."""
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
        """A problem seen at (line, col) of a built page, reported in its source file
        at the first of `needles` found there, with the place in the page in the hint."""
        built = f"{self.site_label}/{page.path}:{line}:{col}"
        origin = self.origin(page.path)
        if origin is None:
            self.problems.append(Problem(f"{self.site_label}/{page.path}", line, col, message, hint))
            return
        needles = list(needles)
        where = self.find(origin.source, needles)
        made = f"; made with {origin.made_with}" if origin.made_with else ""
        if where is None and needles:
            made += "; not written in this file: look in the templates and theme overrides"
        self.problems.append(Problem(origin.source, *(where or (1, 1)), message, f"{hint}; built page {built}{made}"))

    def at_source(self, source: str, message: str, hint: str | None = None, needles: Iterable[str] = ()) -> None:
        self.problems.append(Problem(source, *(self.find(source, needles) or (1, 1)), message, hint))

    def find(self, source: str, needles: Iterable[str]) -> tuple[int, int] | None:
        """Line and column of the first needle found in a source file (`problems.locate`)."""
        if self.root is None:
            return None
        if source not in self._texts:
            try:
                self._texts[source] = (self.root / source).read_text(encoding="utf-8", errors="replace")
            except OSError:
                self._texts[source] = ""
        return locate(self._texts[source], needles)
