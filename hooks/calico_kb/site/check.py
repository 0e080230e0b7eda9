"""The built-site checker: nothing broken ships.

MkDocs checks the links of Markdown pages, but not those in raw HTML, in templates or
in the theme, and only warns about anchors; it prints front matter it cannot read as
page text. This module reads the built site once (`site_html`) and checks it as
readers will meet it:

- every internal href and src leads to a file of the site, and every #fragment to an
  id (or `<a name>`) of its target page, whatever produced the link;
- every page can be reached by following links from the home page;
- given the knowledge base: every entry, Markdown page and generated page produced
  exactly one page, and the front matter of every Markdown page reached its page;
- the content policy (`content_policy`) holds in the HTML: no scripts but Material's
  own and the site's, no event handler attributes, no javascript: or data: addresses.

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

import dataclasses
import json
import posixpath
import re
from collections import deque
from collections.abc import Iterable
from pathlib import Path
from typing import Any
from urllib.parse import SplitResult, unquote, urlsplit

from ..paths import NOT_FOUND_PAGE, page_file
from ..pipeline import Build
from ..problems import Problem, quote
from .html import BuiltSite, HtmlPage, Link, Script, read_site

MIN_NEEDLE = 4
"""Shorter text is not looked for in source files: it would be found anywhere."""

# Material's own inline scripts (mkdocs-material 9.x, templates/partials/javascripts/),
# as the site uses them: the one variable part is a relative or root-relative base URL.
# test_site_check compares them with the installed Material, so an upgrade that changes
# them fails a test rather than the site check. Consent and analytics scripts are not
# listed: the site uses neither.
_BASE_URL = r"[\w./-]*"
MATERIAL_INLINE_SCRIPTS: dict[str, re.Pattern[str]] = {
    name: re.compile(re.escape(text).replace(re.escape("BASE_URL"), _BASE_URL))
    for name, text in {
        "base.html": '__md_scope=new URL("BASE_URL",location),__md_hash=e=>[...e].reduce(((e,_)=>(e<<5)-e+_.charCodeAt(0)),0),__md_get=(e,_=localStorage,t=__md_scope)=>JSON.parse(_.getItem(t.pathname+"."+e)),__md_set=(e,_,t=localStorage,a=__md_scope)=>{try{t.setItem(a.pathname+"."+e,JSON.stringify(_))}catch(e){}}',
        "palette.html": 'var palette=__md_get("__palette");if(palette&&palette.color){if("(prefers-color-scheme)"===palette.color.media){var media=matchMedia("(prefers-color-scheme: light)"),input=document.querySelector(media.matches?"[data-md-color-media=\'(prefers-color-scheme: light)\']":"[data-md-color-media=\'(prefers-color-scheme: dark)\']");palette.color.media=input.getAttribute("data-md-color-media"),palette.color.scheme=input.getAttribute("data-md-color-scheme"),palette.color.primary=input.getAttribute("data-md-color-primary"),palette.color.accent=input.getAttribute("data-md-color-accent")}for(var[key,value]of Object.entries(palette.color))document.body.setAttribute("data-md-color-"+key,value)}',
        "content.html": 'var target=document.getElementById(location.hash.slice(1));target&&target.name&&(target.checked=target.name.startsWith("__tabbed_"))',
        "content.html (content.tabs.link)": 'var tabs=__md_get("__tabs");if(Array.isArray(tabs))e:for(var set of document.querySelectorAll(".tabbed-set")){var labels=set.querySelector(".tabbed-labels");for(var tab of tabs)for(var label of labels.getElementsByTagName("label"))if(label.innerText.trim()===tab){var input=document.getElementById(label.htmlFor);input.checked=!0;continue e}}',
        "announce.html": 'var el=document.querySelector("[data-md-component=announce]");if(el){var content=el.querySelector(".md-typeset");__md_hash(content.innerHTML)===__md_get("__announce")&&(el.hidden=!0)}',
    }.items()
}
"""Material's inline scripts, by the partial that writes them."""

MATERIAL_CONFIG_SCRIPT_ID = "__config"
"""Material's configuration: `<script id="__config" type="application/json">`, data only."""

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


@dataclasses.dataclass(frozen=True)
class Resolved:
    """Where an address leads."""

    kind: str
    """"internal", "external" (http(s) off the site), "other" (mailto:, tel:, ...),
    "outside" (a path that leaves the site) or "malformed"."""
    file: str | None = None
    """For internal links: the file it leads to, None when there is none."""
    wanted: str = ""
    """For internal links: the path it asks for, relative to the site's root."""
    fragment: str = ""


class SiteMap:
    """Resolves the addresses written in pages to files of a built site."""

    def __init__(self, site: BuiltSite, site_url: str | None):
        self.files = site.files
        self.base: SplitResult | None = urlsplit(site_url) if site_url else None
        path = self.base.path if self.base else ""
        self.prefix = path if path.endswith("/") else path + "/"
        """The path of the site's root on its host, e.g. "/calico-community-kb/"."""
        self._cache: dict[tuple[str, str], Resolved] = {}

    def resolve(self, page: str, url: str) -> Resolved:
        """Where `url`, written in the page at `page` (site-relative path), leads."""
        # Pages of one folder resolve addresses alike, except "#fragment" and "?query",
        # which lead to the page itself.
        key = (page if url.strip().startswith(("#", "?")) or not url.strip() else posixpath.dirname(page), url)
        if key not in self._cache:
            self._cache[key] = self._resolve(page, url)
        return self._cache[key]

    def _resolve(self, page: str, url: str) -> Resolved:
        try:
            parts = urlsplit(url.strip())
        except ValueError:
            return Resolved("malformed")
        fragment = unquote(parts.fragment)
        if parts.scheme or parts.netloc:
            if parts.scheme.lower() not in ("", "http", "https"):
                return Resolved("other")
            if not self.base or parts.netloc.lower() != self.base.netloc.lower():
                return Resolved("external")
            path = parts.path or "/"
            if not (path.startswith(self.prefix) or path + "/" == self.prefix):
                return Resolved("external")
            return self._file(path[len(self.prefix):], fragment)
        if parts.path.startswith("/"):
            if not (parts.path.startswith(self.prefix) or parts.path + "/" == self.prefix):
                return Resolved("outside")
            return self._file(parts.path[len(self.prefix):], fragment)
        if not parts.path:
            return Resolved("internal", page, page, fragment)
        joined = posixpath.join(posixpath.dirname(page), parts.path)
        if posixpath.normpath(joined).split("/")[0] == "..":
            return Resolved("outside")
        return self._file(joined + ("/" if parts.path.endswith(("/.", "/..")) or parts.path in (".", "..") else ""), fragment)

    def _file(self, path: str, fragment: str) -> Resolved:
        path = unquote(path)
        directory = path == "" or path.endswith("/")
        target = posixpath.normpath(path) if path else "."
        target = "" if target == "." else target
        if not directory and target in self.files:
            return Resolved("internal", target, target, fragment)
        index = f"{target}/index.html" if target else "index.html"
        wanted = f"{target}/" if target else ""
        if index in self.files:
            return Resolved("internal", index, wanted, fragment)
        return Resolved("internal", None, wanted if directory else target, fragment)


def infer_site_url(site: BuiltSite) -> str | None:
    """The site's address, from the canonical link of its home page (MkDocs writes one
    when site_url is set), or None."""
    home = site.pages.get("index.html")
    for link in home.links if home else []:
        if link.tag == "link" and "canonical" in link.rel:
            return link.url
    return None


def check_site(site_dir: Path, build: Build | None = None, site_url: str | None = None) -> list[Problem]:
    """Every problem of the built site in `site_dir`, sorted.

    `site_url` defaults to the canonical address of the home page; root-relative and
    absolute links under it are internal. With `build`, problems are located in the
    files that produced the pages, and the pages its plan expects are checked.
    """
    site = read_site(site_dir)
    site_map = SiteMap(site, site_url or infer_site_url(site))
    origins = page_origins(build) if build else {}
    reporter = SourceReporter(site_dir, origins, build.kb.project.root if build else None)
    allowed_scripts = list(MATERIAL_INLINE_SCRIPTS.values())
    for page in site.pages.values():
        _check_links(page, site, site_map, reporter)
        _check_policy(page, site_map, allowed_scripts, reporter)
    _check_reachable(site, site_map, reporter)
    if build is not None:
        _check_expected_pages(site, origins, reporter)
        _check_front_matter(site, origins, reporter)
    return sorted(set(reporter.problems))


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
    for planned in build.plan.pages:
        if planned.is_feed:
            continue
        made_with = f"templates/{planned.template}" if planned.kind == "entry" and planned.template else None
        add(Origin(planned.source_path or f"<generated {planned.src_uri}>", planned.src_uri, made_with))
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

    def at_page(self, page: HtmlPage, line: int, col: int, message: str, hint: str,
                needles: Iterable[str] = ()) -> None:
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


def _check_links(page: HtmlPage, site: BuiltSite, site_map: SiteMap, report: SourceReporter) -> None:
    for link in page.links:
        resolved = site_map.resolve(page.path, link.url)
        if resolved.kind == "malformed":
            report.at_page(page, link.line, link.col, f"page {page.url}: the link {link} is not a valid address",
                           "fix the address", [link.url])
        elif resolved.kind == "outside":
            report.at_page(page, link.line, link.col, f"page {page.url}: the link {link} leaves the site, which lives under {site_map.prefix}",
                           "link with a path relative to the page", [link.url])
        elif resolved.kind != "internal":
            continue
        elif resolved.file is None:
            report.at_page(page, link.line, link.col, f"page {page.url}: broken link {link}: the site has no /{resolved.wanted}",
                           "fix or remove the link", _link_needles(report.origin(page.path), link, resolved))
        elif resolved.fragment and not _known_fragment(resolved.fragment):
            target = site.pages.get(resolved.file)
            if target is None or resolved.fragment in target.anchors:
                continue
            where = "this page has" if target is page else f"{target.url} has"
            report.at_page(page, link.line, link.col,
                           f"page {page.url}: broken anchor {link}: {where} no element with id {quote(resolved.fragment)}",
                           "link to an id that exists, as the ¶ link of a heading shows it",
                           _link_needles(report.origin(page.path), link, resolved))


def _known_fragment(fragment: str) -> bool:
    """Fragments a browser understands without an element: "#top" and text fragments."""
    return fragment.lower() == "top" or fragment.startswith(":~:")


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


def _check_policy(page: HtmlPage, site_map: SiteMap, allowed: list[re.Pattern[str]], report: SourceReporter) -> None:
    for found in page.unsafe:
        report.at_page(page, found.line, found.col, f"page {page.url} has {found.what}",
                       "the content policy refuses it in the built site too", [found.needle])
    for script in page.scripts:
        problem = _script_problem(page, script, site_map, allowed)
        if problem:
            report.at_page(page, script.line, script.col, f"page {page.url} has {problem}",
                           "scripts come from Material or from files under docs/assets/",
                           [script.src or script.text.strip()[:30]])


def _script_problem(page: HtmlPage, script: Script, site_map: SiteMap, allowed: list[re.Pattern[str]]) -> str | None:
    """Why a script is not one of Material's or the site's own, or None when it is."""
    if script.src is not None:
        resolved = site_map.resolve(page.path, script.src)
        if resolved.kind == "internal" and resolved.wanted.startswith("assets/"):
            return None  # and, if missing, the link check says so
        return f'<script src="{script.src}">, which is not a file under assets/'
    if script.id == MATERIAL_CONFIG_SCRIPT_ID and (script.type or "").lower() == "application/json":
        try:
            if isinstance(json.loads(script.text), dict):
                return None
        except ValueError:
            pass
        return f'a <script id="{MATERIAL_CONFIG_SCRIPT_ID}"> that is not Material\'s JSON configuration'
    if script.type is None and any(pattern.fullmatch(script.text) for pattern in allowed):
        return None
    return f"an inline <script> that is not one of Material's: {quote(script.text.strip(), 50)}"


def _check_reachable(site: BuiltSite, site_map: SiteMap, report: SourceReporter) -> None:
    if "index.html" not in site.pages:
        report.problems.append(Problem(f"{report.site_label}/index.html", 1, 1, "the site has no home page (index.html)"))
        return
    reached = {"index.html"}
    queue = deque(["index.html"])
    while queue:
        page = site.pages[queue.popleft()]
        for link in page.links:
            if not link.navigates:
                continue
            target = site_map.resolve(page.path, link.url).file
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
        url = "/" + path.removesuffix("index.html")
        if len(found) > 1:
            for origin in found:
                others = " and ".join(o.source for o in found if o is not origin)
                report.at_source(origin.source, f"this file and {others} both produce the page {url}; only one can be in the site",
                                 "rename or remove one of them")
        if path not in site.files:
            for origin in found:
                report.at_source(origin.source, f"no page was built from this file: the site has no {url}",
                                 "is it excluded by exclude_docs in mkdocs.yml, or dropped by a plugin?")


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
                    report.at_source(origin.source,
                                     f"MkDocs reads line 1 ({quote(origin.first_line.strip(), 40)}) as metadata and drops it from page {page.url}",
                                     "start the page with a heading, or put fields in front matter between '---' lines")
                continue
            if page.first_content_tag == "hr":
                report.at_source(origin.source, f"MkDocs did not read this file's front matter: page {page.url} shows it as text",
                                 "MkDocs drops front matter that PyYAML cannot load, e.g. an impossible date such as "
                                 "2022-02-30 (quote it); run `python -m calico_kb check`")
                continue
            if not isinstance(origin.front_matter, dict):
                continue
            title, description = origin.front_matter.get("title"), origin.front_matter.get("description")
            if isinstance(title, str) and not (page.title or "").startswith(" ".join(title.split())):
                report.at_source(origin.source, f"the front matter title {quote(title, 40)} did not reach page {page.url}, "
                                 f"whose <title> is {quote(page.title or '', 50)}", None, ["title:"])
            if isinstance(description, str) and " ".join(description.split()) != " ".join((page.description or "").split()):
                report.at_source(origin.source, f"the front matter description did not reach page {page.url}, "
                                 f"whose description is {quote(page.description or '', 50)}", None, ["description:"])
