"""Reading a built site: every HTML page parsed once, into what the checks need.

`site.check` (links, anchors, reachability, one page per source, the content policy)
and `external_links` work from this one reading. The build reads no page again: its
check of every page (`checks.built_pages`) keeps what `parse_page` read from the HTML
it was given, and checks the whole site from those pages and `list_files`. Each page is parsed by the HTML5
parser the build's own check uses (Lexbor, see `checks.html_policy`), so the tree
is the one a browser builds (a commented-out id is no anchor) and the content policy
is judged by the very rules the build applied, on the same tree. Lexbor keeps no
source positions: the line and column of a link are found in the page's text, in one
forward pass, for the reports.
"""

from __future__ import annotations

import dataclasses
import html
import os
from pathlib import Path
from typing import NamedTuple

from selectolax.lexbor import LexborHTMLParser, LexborNode

from ..checks.html_policy import Site, crowded_tag, locate, tree_findings, url_values

LINK_ATTRIBUTES = frozenset({"href", "src", "srcset", "poster", "data", "action", "formaction", "xlink:href"})
"""Attributes whose addresses must lead somewhere: followed, loaded or submitted to."""

_ANCHOR_OR_ADDRESS = ", ".join(
    ["[id]", "a[name]", "object[data]"]
    + ["[{}]".format(name.replace(":", "\\:")) for name in sorted(LINK_ATTRIBUTES - {"data"})]
)
"""A CSS selector of the elements `_read_attributes` reads something from."""


class Link(NamedTuple):
    """An address in an attribute of a page (a tuple: the build keeps tens of
    thousands, which must cost little to make and nothing to the garbage collector)."""

    url: str
    """As written in the page, character references decoded."""
    tag: str
    attribute: str
    line: int
    col: int
    rel: frozenset[str] = frozenset()
    """The link types of its `rel` attribute, lower-cased."""

    @property
    def navigates(self) -> bool:
        """True for links a reader follows (`<a href>`, `<area href>`), as opposed to
        resources the page loads."""
        return self.attribute == "href" and self.tag in ("a", "area")

    def __str__(self) -> str:
        return f'<{self.tag} {self.attribute}="{self.url}">'


@dataclasses.dataclass(frozen=True)
class Unsafe:
    """Something the content policy refuses, found in a page."""

    line: int
    col: int
    what: str
    """E.g. `the event handler attribute 'onload' on <body>` (see `checks.html_policy`)."""
    needle: str
    """Text to look for in the page's source file."""
    hint: str = ""


@dataclasses.dataclass
class HtmlPage:
    """What the checks need to know about one HTML file of the site."""

    path: str
    """Relative to the site directory, with forward slashes: "releases/index.html"."""
    anchors: set[str] = dataclasses.field(default_factory=set)
    """Every id, and the name of every `<a name>`: what a #fragment can point to."""
    links: list[Link] = dataclasses.field(default_factory=list)
    unsafe: list[Unsafe] = dataclasses.field(default_factory=list)
    title: str | None = None
    """The text of the `<title>` in `<head>`."""
    description: str | None = None
    """The content of `<meta name="description">`."""
    first_content_tag: str | None = None
    """The first element of Material's article (`article.md-content__inner`), the edit
    and view buttons aside: "h1" normally, "hr" when MkDocs printed front matter as text."""

    @property
    def url(self) -> str:
        """The address readers use, relative to the site's root: "/releases/"."""
        if self.path == "index.html":
            return "/"
        if self.path.endswith("/index.html"):
            return "/" + self.path.removesuffix("index.html")
        return "/" + self.path


@dataclasses.dataclass
class BuiltSite:
    """Every file of a built site, and every HTML page read."""

    root: Path
    """The site directory, as problems name it (relative to the project root when the
    build wrote it there)."""
    files: frozenset[str]
    """Every file, relative to the root, with forward slashes."""
    pages: dict[str, HtmlPage]
    """Every .html file, by path."""


def read_site(site_dir: Path, site_url: str | None = None) -> BuiltSite:
    """List and parse a built site; `site_url` (default: the canonical link of the home
    page) tells the site's own root-relative scripts from others."""
    files = list_files(site_dir)
    texts = {path: site_dir / path for path in sorted(files) if path.endswith(".html")}
    site = Site.from_url(site_url or (_canonical(texts["index.html"]) if "index.html" in texts else None))
    pages = {
        path: parse_page(path, file.read_bytes().decode("utf-8", errors="replace"), site)
        for path, file in texts.items()
    }
    return BuiltSite(site_dir, files, pages)


def list_files(site_dir: Path) -> frozenset[str]:
    """Every file under `site_dir`, relative to it, with forward slashes."""
    files: set[str] = set()
    for directory, _, names in os.walk(site_dir):
        base = Path(directory).relative_to(site_dir).as_posix()
        files.update(name if base == "." else f"{base}/{name}" for name in names)
    return frozenset(files)


def _canonical(home: Path) -> str | None:
    tree = LexborHTMLParser(home.read_bytes().decode("utf-8", errors="replace"))
    link = tree.css_first('link[rel~="canonical"]')
    return link.attributes.get("href") if link is not None else None


def parse_page(path: str, text: str, site: Site | None = None) -> HtmlPage:
    """Read one page: its anchors, links, head and the content policy's findings."""
    page = HtmlPage(path)
    crowded = crowded_tag(text)
    if crowded is not None:  # refused before parsing: see html_policy.MAX_ATTRIBUTES
        page.unsafe.append(
            Unsafe(*(locate(text, [crowded.needle]) or (1, 1)), crowded.message, crowded.needle, crowded.hint)
        )
        return page
    tree = LexborHTMLParser(text)
    finder = _Finder(text)
    # Lexbor's selector engine picks the few elements with an anchor or an address (in
    # document order) faster than Python can look at every element of the page.
    for node in tree.css(_ANCHOR_OR_ADDRESS):
        _read_attributes(page, node, node.attributes, finder)
    _read_head(page, tree)
    page.first_content_tag = _first_content_tag(tree)
    for finding in tree_findings(tree, path, site or Site()):
        line, col = locate(text, [finding.needle]) or (1, 1)
        page.unsafe.append(Unsafe(line, col, finding.message, finding.needle, finding.hint))
    return page


def _read_attributes(page: HtmlPage, node: LexborNode, attributes: dict[str, str | None], finder: _Finder) -> None:
    # Called for every element of every page that has attributes: the common case (an
    # id or a class) must cost next to nothing.
    tag = node.tag
    for name, value in attributes.items():
        if name == "id" or (name == "name" and tag == "a"):
            page.anchors.add(value or "")
        elif value and name in LINK_ATTRIBUTES and (name != "data" or tag == "object"):
            _add_links(page, tag, name, value, attributes, finder)


_NO_REL: frozenset[str] = frozenset()


def _add_links(
    page: HtmlPage, tag: str, name: str, value: str, attributes: dict[str, str | None], finder: _Finder
) -> None:
    rel_value = attributes.get("rel")
    rel = frozenset(rel_value.lower().split()) if rel_value else _NO_REL
    line, col = finder.find(name, value)
    for url in url_values(name, value):
        page.links.append(Link(url, tag, name, line, col, rel))


def _read_head(page: HtmlPage, tree: LexborHTMLParser) -> None:
    head = tree.head
    if head is None:
        return
    title = head.css_first("title")
    if title is not None:
        page.title = " ".join(title.text().split())
    for meta in head.css("meta"):
        if (meta.attributes.get("name") or "").lower() == "description":
            page.description = meta.attributes.get("content") or ""
            break


def _first_content_tag(tree: LexborHTMLParser) -> str | None:
    """The first element of Material's article, its edit and view buttons aside."""
    article = tree.css_first("article.md-content__inner")
    child = article.child if article is not None else None
    while child is not None:
        if child.is_element_node and not (
            child.tag == "a" and "md-content__button" in (child.attributes.get("class") or "").split()
        ):
            return child.tag
        child = child.next
    return None


_NEEDS_ESCAPING = frozenset("&<>\"'")


class _Finder:
    """Where an attribute is written in a page, looked for forward from the last one
    found (the tree lists elements in the order they are written): one pass in all."""

    def __init__(self, text: str):
        self.text = text
        self.cursor = 0
        self.line = 1
        self.line_start = 0

    def find(self, name: str, value: str) -> tuple[int, int]:
        escaped = html.escape(value, quote=True) if _NEEDS_ESCAPING.intersection(value) else value
        for needle in (f'{name}="{escaped}"', f'{name}="{value}"', f"{name}={value}", value):
            index = self.text.find(needle, self.cursor)
            if index < 0 and self.cursor:
                index = self.text.find(needle)
                if index >= 0:  # written before the last one found: count lines afresh
                    self.cursor, self.line, self.line_start = 0, 1, 0
            if index >= 0:
                newlines = self.text.count("\n", self.cursor, index)
                if newlines:
                    self.line += newlines
                    self.line_start = self.text.rfind("\n", self.cursor, index) + 1
                self.cursor = index
                return self.line, index - self.line_start + 1
        return 1, 1
