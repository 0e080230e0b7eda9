"""Reading a built site: every HTML page parsed once, into what the checks need.

`site.check` (links, anchors, reachability, one page per source, the content policy)
and `external_links` work from this one reading. The build reads no page again: its
check of every page (`site.built_pages`) keeps what `parse_page` read from the HTML
it was given, and checks the whole site from those pages and `list_files`. Each page is parsed by the HTML5
parser the build's own check uses (Lexbor, see `checks.html_policy`), so the tree
is the one a browser builds (a commented-out id is no anchor) and the content policy
is judged by the very rules the build applied, on the same tree; the links and
anchors are read in the policy's own walk of the tree, so each element's attributes
are read once. Lexbor keeps no source positions: the line and column of a link are
found in the page's text, in one forward pass, and only for a page with a link to
report (`HtmlPage.link_position`).
"""

from __future__ import annotations

import dataclasses
import html
import os
from pathlib import Path
from typing import NamedTuple

from selectolax.lexbor import LexborHTMLParser, LexborNode

from ..checks.html_policy import Site, crowded_tag, tree_findings, url_values
from ..paths import dest_url
from ..problems import locate

LINK_ATTRIBUTES = frozenset({"href", "src", "srcset", "poster", "data", "action", "formaction", "xlink:href"})
"""Attributes whose addresses must lead somewhere: followed, loaded or submitted to."""


class Link(NamedTuple):
    """An address in an attribute of a page (a tuple: the build keeps tens of
    thousands, which must cost little to make and nothing to the garbage collector)."""

    url: str
    """As written in the page, character references decoded."""
    tag: str
    attribute: str
    ordinal: int
    """Its place in its page's `links`: `HtmlPage.link_position` finds it in the HTML."""
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
    file: Path | None = None
    """Where the page can be read again, to say where a link is written in it."""
    positions: list[tuple[int, int]] | None = dataclasses.field(default=None, repr=False, compare=False)
    """The line and column of each link, found only for a page with a link to report."""

    def link_position(self, link: Link) -> tuple[int, int]:
        """Where `link` is written in the page's HTML. Finding every link's place in
        every page cost an eighth of checking the pages, and a report names only a
        few: the page is read and parsed again for them, the same way (1:1 when its
        file is gone)."""
        if self.positions is None:
            try:
                text = self.file.read_bytes().decode("utf-8", errors="replace") if self.file else ""
            except OSError:
                text = ""
            self.positions = parse_page(self.path, text, positions=True).positions or []
        return self.positions[link.ordinal] if link.ordinal < len(self.positions) else (1, 1)

    @property
    def url(self) -> str:
        """The address readers use, relative to the site's root: "/releases/"."""
        return dest_url(self.path)


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
        path: parse_page(path, file.read_bytes().decode("utf-8", errors="replace"), site, file=file)
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


def parse_page(
    path: str, text: str, site: Site | None = None, *, file: Path | None = None, positions: bool = False
) -> HtmlPage:
    """Read one page: its anchors, links, head and the content policy's findings; with
    `positions`, also where each link is written (see `HtmlPage.link_position`)."""
    page = HtmlPage(path, file=file)
    crowded = crowded_tag(text)
    if crowded is not None:  # refused before parsing: see html_policy.MAX_ATTRIBUTES
        page.unsafe.append(
            Unsafe(*(locate(text, [crowded.needle]) or (1, 1)), crowded.message, crowded.needle, crowded.hint)
        )
        return page
    tree = LexborHTMLParser(text)
    reader = _LinkReader(page, _Finder(text) if positions else None)
    if positions:
        page.positions = []
    if tree.root is not None:  # <html> itself: the walk is of <head> and <body>
        reader.read(tree.root, tree.root.attributes)
    findings = tree_findings(tree, path, site or Site(), visit=reader.read)
    _read_head(page, tree)
    page.first_content_tag = _first_content_tag(tree)
    for finding in findings:
        line, col = locate(text, [finding.needle]) or (1, 1)
        page.unsafe.append(Unsafe(line, col, finding.message, finding.needle, finding.hint))
    return page


class _LinkReader:
    """Reads the anchors and links of a page, element by element, as the content
    policy's walk of the page hands them over."""

    def __init__(self, page: HtmlPage, finder: _Finder | None):
        self.page = page
        self.anchors = page.anchors
        self.finder = finder

    def read(self, node: LexborNode, attributes: dict[str, str | None]) -> None:
        # Called for every element of every page: the common case (an id or a class)
        # must cost next to nothing.
        for name, value in attributes.items():
            if name == "id":
                self.anchors.add(value or "")
            elif name in LINK_ATTRIBUTES and value:
                tag = node.tag
                if name != "data" or tag == "object":
                    self._add_links(tag, name, value, attributes)
            elif name == "name" and node.tag == "a":
                self.anchors.add(value or "")

    def _add_links(self, tag: str, name: str, value: str, attributes: dict[str, str | None]) -> None:
        rel_value = attributes.get("rel")
        rel = frozenset(rel_value.lower().split()) if rel_value else _NO_REL
        links = self.page.links
        for url in url_values(name, value):
            links.append(Link(url, tag, name, len(links), rel))
        if self.finder is not None:
            positions = self.page.positions
            positions.extend([self.finder.find(name, value)] * (len(links) - len(positions)))


_NO_REL: frozenset[str] = frozenset()


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
