"""The built-site checker: nothing broken ships.

MkDocs checks the links of Markdown pages, but not those in raw HTML, in templates or
in the theme, and only warns about anchors; it prints front matter it cannot read as
page text. This module checks the built site as readers will meet it, from one
reading of every page (`site.html`): the build checks the pages it parsed as it wrote
them, at its end (`check_built_site`); `python -m calico_kb check-site SITE` reads a
site from disk and runs the same checks (`check_site`):

- every internal href and src leads to a file of the site, and every #fragment to an
  id (or `<a name>`) of its target page, whatever produced the link; links written in
  Markdown text to a page or an anchor that does not exist are reported as written, as
  `make check` reports them (`checks.page_links`, through the build's `broken_links`);
- every page can be reached by following links from the home page;
- given the knowledge base: every entry, Markdown page and generated page produced
  exactly one page, and the front matter of every Markdown page reached its page;
- the content policy (`checks.html_policy`) holds: no scripts but Material's own and
  the site's, no event handler attributes, no javascript: or data: addresses. The build
  reports these page by page (`site.built_pages`); `check-site` reports them here.

Each problem names the page and the link, and is located in the source file (Markdown
or YAML) that produced the page, with the place in the built HTML in its hint.

What is left alone, on purpose: external http(s) links (`external_links` checks them
on demand, never on the pull-request path); `sitemap.xml`, `search/search_index.json`
and the search worker named in Material's JSON configuration, which MkDocs and Material
write from the same list of pages; and `404.html`, which no link leads to (the host
serves it for missing addresses), so it is exempt from the reachability check only.
Pages are expected where MkDocs puts them with `use_directory_urls` (its default).
"""

from __future__ import annotations

import posixpath
import re
from collections import deque
from collections.abc import Mapping
from pathlib import Path
from urllib.parse import urlsplit

from ..checks.page_links import ANCHOR_HINT, known_fragment
from ..collector import collector_paused
from ..paths import NOT_FOUND_PAGE, dest_url, page_file
from ..pipeline import Build
from ..problems import Problem, quote
from .html import BuiltSite, HtmlPage, Link, read_site
from .origins import Origin, SourceReporter, page_origins
from .urls import Resolved, SiteMap, infer_site_url

SITE_CHECK_SWITCH = "KB_SITE_CHECK"
"""The environment variable that, set to "off", leaves the site-wide checks out of a
build (the content policy of every page stays): to measure them, or to build a broken
site and check it with `check-site`. `scripts/build-site` never leaves them out."""


def site_check_wanted(environ: Mapping[str, str]) -> bool:
    """Whether the build checks the whole site at its end (see `SITE_CHECK_SWITCH`)."""
    return environ.get(SITE_CHECK_SWITCH, "").strip().lower() != "off"


def check_site(site_dir: Path, build: Build | None = None, site_url: str | None = None) -> list[Problem]:
    """Every problem of the built site in `site_dir`, read from disk, sorted (see
    `check_built_site`)."""
    return check_built_site(read_site(site_dir, site_url), build, site_url)


def check_built_site(
    site: BuiltSite, build: Build | None = None, site_url: str | None = None, *, policy: bool = True
) -> list[Problem]:
    """Every problem of a built site, sorted: the build calls it with the pages it
    parsed as it wrote them, `check-site` with a site read from disk.

    `site_url` defaults to the canonical address of the home page; root-relative and
    absolute links under it are internal. With `build`, problems are located in the
    files that produced the pages, and the pages its plan expects are checked. Without
    `policy`, the content policy's findings are left out: the build reported them
    already, page by page (`site.built_pages`).
    """
    with collector_paused():  # it makes a set and tuples for every page, and keeps them
        return _check_built_site(site, build, site_url, policy)


def _check_built_site(site: BuiltSite, build: Build | None, site_url: str | None, policy: bool) -> list[Problem]:
    site_map = SiteMap(site, site_url or infer_site_url(site))
    origins = page_origins(build) if build else {}
    reporter = SourceReporter(site.root.as_posix(), origins, build.kb.project.root if build else None)
    reported = _links_reported(build, reporter) if build else set()
    leads_to = {}
    for page in site.pages.values():
        leads_to[page.path] = _check_links(page, site, site_map, _Links(reporter, reported))
        if policy:
            _check_policy(page, reporter)
    _check_reachable(site, leads_to, reporter)
    if build is not None:
        _check_expected_pages(site, origins, reporter)
        _check_front_matter(site, origins, reporter)
    return sorted(set(reporter.problems))


class _Links:
    """Where the link checks report: the reporter, and the links of Markdown text that
    the knowledge base reported already (`checks.page_links`), as they were written."""

    def __init__(self, reporter: SourceReporter, reported: set[tuple[str, str]]):
        self.reporter = reporter
        self.reported = reported

    def already_reported(self, page: HtmlPage, link: Link, resolved: Resolved) -> bool:
        origin = self.reporter.origin(page.path)
        if origin is None or not self.reported:
            return False
        return (origin.source, link.url) in self.reported or (
            (origin.source, f"{resolved.file}#{resolved.fragment}") in self.reported
        )


def _links_reported(build: Build, reporter: SourceReporter) -> set[tuple[str, str]]:
    """The broken links of Markdown text, reported as written (in the reporter), and
    how the built pages show them: as written when the page is missing (MkDocs leaves
    such a link alone), as the target page's file and the fragment otherwise."""
    keys = set()
    for link in build.broken_links:
        reporter.problems.append(link.problem)
        target = f"{page_file(link.page)}#{link.fragment}" if link.page is not None else link.href
        keys.add((link.problem.path, target))
    return keys


def _check_links(page: HtmlPage, site: BuiltSite, site_map: SiteMap, links: _Links) -> tuple[str, ...]:
    """Report the page's broken links; return the pages its links lead readers to."""
    leads_to: set[str] = set()
    path, resolve = page.path, site_map.resolve
    for index, link in enumerate(page.links):
        resolved = resolve(path, link.url)
        if resolved.file is not None and link.navigates:
            leads_to.add(resolved.file)
        needs_a_look = resolved.kind != "internal" or resolved.file is None or resolved.fragment
        if needs_a_look and _leads_nowhere(resolved, site) and not links.already_reported(page, link, resolved):
            _check_link(page, index, resolved, site, site_map, links.reporter)
    return tuple(leads_to)


def _leads_nowhere(resolved: Resolved, site: BuiltSite) -> bool:
    """Whether a link that does not simply lead to a file of the site is broken (most
    are not: the table of contents' links to the page's own headings), before anything
    else is asked about it."""
    if resolved.kind != "internal":
        return resolved.kind in ("malformed", "outside")
    if resolved.file is None:
        return True
    target = site.pages.get(resolved.file)
    return target is not None and resolved.fragment not in target.anchors and not known_fragment(resolved.fragment)


def _check_link(
    page: HtmlPage, index: int, resolved: Resolved, site: BuiltSite, site_map: SiteMap, report: SourceReporter
) -> None:
    """Report one link (`page.links[index]`) that does not simply lead to a file of the site."""
    link = page.links[index]
    if resolved.kind == "malformed":
        report.at_page(
            page,
            *page.link_position(index),
            f"page {page.url}: the link {link} is not a valid address",
            "fix the address",
            [link.url],
        )
    elif resolved.kind == "outside":
        report.at_page(
            page,
            *page.link_position(index),
            f"page {page.url}: the link {link} leaves the site, which lives under {site_map.prefix}",
            "link with a path relative to the page",
            [link.url],
        )
    elif resolved.kind != "internal":
        return
    elif resolved.file is None:
        report.at_page(
            page,
            *page.link_position(index),
            f"page {page.url}: broken link {link}: the site has no /{resolved.wanted}",
            "fix or remove the link",
            _link_needles(report.origin(page.path), link, resolved),
        )
    elif resolved.fragment and not known_fragment(resolved.fragment):
        target = site.pages.get(resolved.file)
        if target is None or resolved.fragment in target.anchors:
            return
        where = "this page has" if target is page else f"{target.url} has"
        report.at_page(
            page,
            *page.link_position(index),
            f"page {page.url}: broken anchor {link}: {where} no element with id {quote(resolved.fragment)}",
            ANCHOR_HINT,
            _link_needles(report.origin(page.path), link, resolved),
        )


def _link_needles(origin: Origin | None, link: Link, resolved: Resolved) -> list[str]:
    """What the link may look like in its source, most precise first: as written in
    the HTML, as the Markdown link MkDocs turned into it, its #fragment."""
    needles = [link.url]
    candidates = []
    stem = resolved.wanted.rstrip("/")
    if origin is not None and stem:
        here = posixpath.dirname(origin.src_uri) or "."
        markdown = [f"{stem}.md", f"{stem}/index.md"] if resolved.wanted.endswith("/") else [stem]
        candidates = [posixpath.relpath(candidate, here) for candidate in markdown]
    fragment = "#" + urlsplit(link.url).fragment if resolved.fragment else ""
    needles += [candidate + fragment for candidate in candidates]
    if fragment:
        needles.append(fragment)
    return needles + candidates


def _check_policy(page: HtmlPage, report: SourceReporter) -> None:
    # For a site read from disk: the build checks every page as it writes it, after
    # every plugin, so what is found here was added later, or the site is not ours.
    for found in page.unsafe:
        report.at_page(page, found.line, found.col, f"page {page.url} has {found.what}", found.hint, [found.needle])


def _check_reachable(site: BuiltSite, leads_to: dict[str, tuple[str, ...]], report: SourceReporter) -> None:
    if "index.html" not in site.pages:
        report.problems.append(
            Problem(f"{report.site_label}/index.html", 1, 1, "the site has no home page (index.html)")
        )
        return
    reached = {"index.html"}
    queue = deque(["index.html"])
    while queue:
        for target in leads_to[queue.popleft()]:
            if target in site.pages and target not in reached:
                reached.add(target)
                queue.append(target)
    for path in sorted(site.pages.keys() - reached - {NOT_FOUND_PAGE}):
        page = site.pages[path]
        origin = report.origin(path)
        message = f"page {page.url} cannot be reached by following links from the home page"
        hint = "link to it from another page, or list it in the nav of mkdocs.yml"
        if origin:
            report.at_source(origin.source, message, hint)
        else:
            report.problems.append(Problem(f"{report.site_label}/{path}", 1, 1, message, hint))


def _check_expected_pages(site: BuiltSite, origins: dict[str, list[Origin]], report: SourceReporter) -> None:
    for path, found in sorted(origins.items()):
        url = dest_url(path)
        if len(found) > 1:
            for origin in found:
                others = " and ".join(o.source for o in found if o is not origin)
                report.at_source(
                    origin.source,
                    f"this file and {others} both produce the page {url}; only one can be in the site",
                    "rename or remove one of them",
                )
        if path not in site.files:
            for origin in found:
                report.at_source(
                    origin.source,
                    f"no page was built from this file: the site has no {url}",
                    "is it excluded by exclude_docs in mkdocs.yml, or dropped by a plugin?",
                )


# MkDocs reads a page without `---` front matter as MultiMarkdown metadata when its
# first line looks like `key: value` (mkdocs.utils.meta), and drops those lines.
_MULTIMARKDOWN_META = re.compile(r"^[ ]{0,3}[A-Za-z0-9_-]+:")


def _check_front_matter(site: BuiltSite, origins: dict[str, list[Origin]], report: SourceReporter) -> None:
    for path, found in sorted(origins.items()):
        page = site.pages.get(path)
        if page is None:
            continue
        for origin in found:
            if origin.front_matter is None:
                if origin.first_line is not None and _MULTIMARKDOWN_META.match(origin.first_line):
                    report.at_source(
                        origin.source,
                        f"MkDocs reads line 1 ({quote(origin.first_line.strip(), 40)}) as metadata "
                        f"and drops it from page {page.url}",
                        "start the page with a heading, or put fields in front matter between '---' lines",
                    )
                continue
            if page.first_content_tag == "hr":
                report.at_source(
                    origin.source,
                    f"MkDocs did not read this file's front matter: page {page.url} shows it as text",
                    "MkDocs drops front matter that PyYAML cannot load, e.g. an impossible date such as "
                    "2022-02-30 (quote it); run `python -m calico_kb check`",
                )
                continue
            if not isinstance(origin.front_matter, dict):
                continue
            title, description = origin.front_matter.get("title"), origin.front_matter.get("description")
            if isinstance(title, str) and not (page.title or "").startswith(" ".join(title.split())):
                report.at_source(
                    origin.source,
                    f"the front matter title {quote(title, 40)} did not reach page {page.url}, "
                    f"whose <title> is {quote(page.title or '', 50)}",
                    None,
                    ["title:"],
                )
            if isinstance(description, str) and " ".join(description.split()) != " ".join(
                (page.description or "").split()
            ):
                report.at_source(
                    origin.source,
                    f"the front matter description did not reach page {page.url}, "
                    f"whose description is {quote(page.description or '', 50)}",
                    None,
                    ["description:"],
                )
