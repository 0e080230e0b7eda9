"""Every page checked as the build writes it, and what is refused located in its source.

The MkDocs hook hands each page's final HTML to `BuiltPages.check` (from
`on_post_page`, after every other plugin, and `on_post_template` for the theme's own
pages such as 404.html) and fails the build once, at its end, with every problem of
every page. A problem is reported in the file that produced the page (a Markdown page,
an entry's YAML file, a view's template), at the line where the refused text is
written when it is written there, with the place in the built page in its hint.

Each page is parsed once (`site.html.parse_page`), for the content policy and for
its links and anchors: `built_site` hands the pages read to the site-wide checks
(`site.check.check_built_site`), which thus read no page again.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from pathlib import Path

from .. import paths
from ..checks.html_policy import Site, locate
from ..collector import collector_paused
from ..plan import PlannedPage
from ..problems import Problem
from .html import BuiltSite, HtmlPage, Unsafe, list_files, parse_page


@dataclasses.dataclass(frozen=True)
class PageSource:
    """The file behind a page of the site."""

    path: str
    """Relative to the project root: docs/... for Markdown, data/... for an entry,
    templates/... for a view or index."""
    made_with: str | None = None
    """The template that turned a data file into the page, when there is one."""


class BuiltPages:
    """Collects the content-policy problems of the pages of one build."""

    def __init__(self, root: Path, site_url: str | None, sources: dict[str, PageSource], site_dir: Path | None = None):
        """`sources` maps the src_uri of every generated page to its file; any other
        page is a Markdown file under docs/. `site_dir` is where the build writes."""
        self.root = root
        self.site = Site.from_url(site_url)
        self.sources = sources
        self.site_path = site_dir or root / "site"
        self.site_dir = (
            self.site_path.relative_to(root) if self.site_path.is_relative_to(root) else self.site_path
        ).as_posix()
        """The site directory as problems name it."""
        self.problems: list[Problem] = []
        self.pages: dict[str, HtmlPage] = {}
        """Every page checked, by its path in the site."""
        self._texts: dict[str, str] = {}

    @classmethod
    def for_plan(cls, root: Path, site_url: str | None, planned: Iterable[PlannedPage], site_dir: Path) -> BuiltPages:
        """The checker of a build of the pages planned in `planned` (feeds and additions aside)."""
        sources = {
            page.src_uri: PageSource(page.source_path or paths.SCHEMAS_DIR, page.made_with)
            for page in planned
            if not page.is_feed and not page.is_addition
        }
        return cls(root, site_url, sources, site_dir)

    def check(self, html: str, dest_uri: str, src_uri: str | None = None) -> None:
        """Check one page; `src_uri` is None for the theme's own pages (404.html)."""
        with collector_paused():  # 8% of the check at 1,000 entries
            page = self.pages[dest_uri] = parse_page(dest_uri, html, self.site, file=self.site_path / dest_uri)
        if not page.unsafe:
            return
        if src_uri is None:
            source = PageSource(f"{self.site_dir}/{dest_uri}")
        else:
            source = self.sources.get(src_uri) or PageSource(f"docs/{src_uri}")
        for found in page.unsafe:
            self.problems.append(self._problem(found, dest_uri, source))

    def built_site(self) -> BuiltSite:
        """The site as the build wrote it: every file in the site directory, and every
        page checked. An HTML file no page event handed over (none is expected) is read
        and checked here, so that nothing in the site goes unchecked."""
        files = list_files(self.site_path)
        for path in sorted(files - self.pages.keys()):
            if path.endswith(".html"):
                self.check((self.site_path / path).read_bytes().decode("utf-8", errors="replace"), path)
        return BuiltSite(Path(self.site_dir), files, self.pages)

    def _problem(self, found: Unsafe, dest_uri: str, source: PageSource) -> Problem:
        hint = f"{found.hint}; built page {self.site_dir}/{dest_uri}:{found.line}:{found.col}"
        if source.made_with:
            hint += f"; made with {source.made_with}"
        where = locate(self._text(source.path), [found.needle]) if len(found.needle) >= 2 else None
        if where is None:
            hint += "; not written in this file: look in the templates and theme overrides"
        return Problem(source.path, *(where or (1, 1)), f"page {_url(dest_uri)} has {found.what}", hint)

    def _text(self, path: str) -> str:
        if path not in self._texts:
            try:
                self._texts[path] = (self.root / path).read_text(encoding="utf-8", errors="replace")
            except OSError:
                self._texts[path] = ""
        return self._texts[path]


def _url(dest_uri: str) -> str:
    """The address readers use: "a/b/index.html" -> "/a/b/", "404.html" -> "/404.html"."""
    if dest_uri == "index.html":
        return "/"
    return "/" + (dest_uri.removesuffix("index.html") if dest_uri.endswith("/index.html") else dest_uri)
