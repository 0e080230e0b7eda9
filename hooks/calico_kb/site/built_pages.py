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

import functools
import os
from collections.abc import Iterable
from pathlib import Path

from ..checks.html_policy import Site
from ..collector import collector_paused
from ..plan import PlannedPage
from ..problems import Problem
from .html import BuiltSite, HtmlPage, SharedReading, list_files, parse_page
from .origins import Origin, SourceReporter, markdown_origin, planned_origin
from .search import SearchViews


class BuiltPages:
    """Collects the content-policy problems of the pages of one build."""

    def __init__(
        self,
        root: Path,
        site_url: str | None,
        origins: dict[str, Origin],
        site_dir: Path | None = None,
        search_views: SearchViews | None = None,
    ):
        """`origins` maps the path in the site of every generated page to its file; any
        other page is a Markdown file under docs/. `site_dir` is where the build writes.
        `search_views` makes readers' search's view of each page it holds from the tree
        the check parsed (the build's; the preview's are made from its files)."""
        self.root = root
        self.site = Site.from_url(site_url)
        self.site_path = site_dir or root / "site"
        site_label = (
            self.site_path.relative_to(root) if self.site_path.is_relative_to(root) else self.site_path
        ).as_posix()
        self.reporter = SourceReporter(site_label, {path: [origin] for path, origin in origins.items()}, root)
        self.pages: dict[str, HtmlPage] = {}
        """Every page checked, by its path in the site."""
        self.shared = SharedReading()
        self.search_views = search_views

    @classmethod
    def for_plan(
        cls,
        root: Path,
        site_url: str | None,
        planned: Iterable[PlannedPage],
        site_dir: Path,
        search_views: SearchViews | None = None,
    ) -> BuiltPages:
        """The checker of a build of the pages planned in `planned` (feeds and additions aside)."""
        origins = {page.dest_uri: planned_origin(page) for page in planned if not page.is_feed and not page.is_addition}
        return cls(root, site_url, origins, site_dir, search_views)

    @property
    def problems(self) -> list[Problem]:
        return self.reporter.problems

    def check(self, html: str, dest_uri: str, src_uri: str | None = None) -> None:
        """Check one page; `src_uri` is None for the theme's own pages (404.html)."""
        views = self.search_views
        with collector_paused():  # 8% of the check at 1,000 entries
            page = self.pages[dest_uri] = parse_page(
                dest_uri,
                html,
                self.site,
                file=os.path.join(self.site_path, dest_uri),
                shared=self.shared,
                article=functools.partial(views.add, dest_uri) if views is not None else None,
            )
        if not page.unsafe:
            return
        if src_uri is not None and dest_uri not in self.reporter.origins:
            self.reporter.origins[dest_uri] = [markdown_origin(src_uri)]
        for found in page.unsafe:
            self.reporter.at_page(
                page, found.line, found.col, f"page {page.url} has {found.what}", found.hint, [found.needle]
            )

    def built_site(self) -> BuiltSite:
        """The site as the build wrote it: every file in the site directory, and every
        page checked. An HTML file no page event handed over (none is expected) is read
        and checked here, so that nothing in the site goes unchecked."""
        files = list_files(self.site_path)
        for path in sorted(files - self.pages.keys()):
            if path.endswith(".html"):
                self.check((self.site_path / path).read_bytes().decode("utf-8", errors="replace"), path)
        return BuiltSite(Path(self.reporter.site_label), files, self.pages)
