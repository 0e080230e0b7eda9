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
import functools
import html
import os
import posixpath
import sys
from collections.abc import Callable
from pathlib import Path
from typing import NamedTuple

from selectolax.lexbor import LexborHTMLParser, LexborNode

from ..checks.allowed_markup import Finding
from ..checks.html_policy import PART_MARKER, Site, crowded_tag, part_findings, tree_findings, url_values
from ..paths import dest_url
from ..problems import locate

LINK_ATTRIBUTES = frozenset({"href", "src", "srcset", "poster", "data", "action", "formaction", "xlink:href"})
"""Attributes whose addresses must lead somewhere: followed, loaded or submitted to."""


class Link(NamedTuple):
    """An address in an attribute of a page (a tuple: the build keeps hundreds of
    thousands, which must cost little to make and nothing to the garbage collector).
    Equal links of different pages are one object (`Strings`): a page holds a tuple
    of references."""

    url: str
    """As written in the page, character references decoded."""
    tag: str
    attribute: str
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


@dataclasses.dataclass(slots=True)
class HtmlPage:
    """What the checks need to know about one HTML file of the site: the build keeps
    one for every page until its end, so links and anchors are tuples of strings
    shared between pages (`Strings`), never the parsed tree."""

    path: str
    """Relative to the site directory, with forward slashes: "releases/index.html"."""
    anchors: tuple[str, ...] = ()
    """Every id, and the name of every `<a name>`: what a #fragment can point to."""
    links: tuple[Link, ...] = ()
    """Every address in the page, in the order the content policy's walk read them."""
    unsafe: list[Unsafe] = dataclasses.field(default_factory=list)
    title: str | None = None
    """The text of the `<title>` in `<head>`."""
    description: str | None = None
    """The content of `<meta name="description">`."""
    first_content_tag: str | None = None
    """The first element of Material's article (`article.md-content__inner`), the edit
    and view buttons aside: "h1" normally, "hr" when MkDocs printed front matter as text."""
    file: str | Path | None = None
    """Where the page can be read again, to say where a link is written in it (a
    string in the build, which keeps one for every page: a `Path` costs five times as
    much memory)."""
    positions: list[tuple[int, int]] | None = dataclasses.field(default=None, repr=False, compare=False)
    """The line and column of each link, found only for a page with a link to report."""

    def link_position(self, index: int) -> tuple[int, int]:
        """Where `links[index]` is written in the page's HTML. Finding every link's
        place in every page cost an eighth of checking the pages, and a report names
        only a few: the page is read and parsed again for them, the same way (1:1
        when its file is gone)."""
        if self.positions is None:
            try:
                text = Path(self.file).read_bytes().decode("utf-8", errors="replace") if self.file else ""
            except OSError:
                text = ""
            self.positions = parse_page(self.path, text, positions=True).positions or []
        return self.positions[index] if index < len(self.positions) else (1, 1)

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
    shared = SharedReading()
    pages = {
        path: parse_page(path, file.read_bytes().decode("utf-8", errors="replace"), site, file=file, shared=shared)
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
    path: str,
    text: str,
    site: Site | None = None,
    *,
    file: str | Path | None = None,
    positions: bool = False,
    shared: SharedReading | None = None,
    article: Callable[[LexborNode], None] | None = None,
) -> HtmlPage:
    """Read one page: its anchors, links, head and the content policy's findings; with
    `positions`, also where each link is written (see `HtmlPage.link_position`).
    `shared` is what the pages of one site share (see `SharedReading`). `article` is
    handed Material's article of the page (`ARTICLE`) when it has one, at the end, for
    other uses of the one parse of the page (readers' search: `search.SearchViews`)."""
    page = HtmlPage(path, file=file)
    crowded = crowded_tag(text)
    if crowded is not None:  # refused before parsing: see html_policy.MAX_ATTRIBUTES
        page.unsafe.append(
            Unsafe(*(locate(text, [crowded.needle]) or (1, 1)), crowded.message, crowded.needle, crowded.hint)
        )
        return page
    site = site or Site()
    tree = LexborHTMLParser(text)
    reader = _LinkReader(_Finder(text) if positions else None, shared if not positions else None)
    parts = shared.chrome_parts(tree, path, site) if shared is not None and not positions else {}
    if tree.root is not None:  # <html> itself: the walk is of <head> and <body>
        attributes = tree.root.attributes
        if not _READ.isdisjoint(attributes):
            reader.read(tree.root.tag, attributes)
    findings = tree_findings(tree, path, site, visit=reader.read, reads=_READ, parts=reader.parts(parts))
    _read_head(page, tree)
    found = tree.css_first(ARTICLE)
    page.first_content_tag = _first_content_tag(found)
    for finding in findings:
        line, col = locate(text, [finding.needle]) or (1, 1)
        page.unsafe.append(Unsafe(line, col, finding.message, finding.needle, finding.hint))
    if shared is None:
        page.anchors, page.links = tuple(reader.anchors), tuple(reader.links)
    else:
        page.anchors, page.links = shared.anchors(reader.anchors), tuple(reader.links)
        page.title, page.description = shared.string(page.title), shared.string(page.description)
    page.positions = reader.positions
    if article is not None and found is not None:
        article(found)
    return page


@dataclasses.dataclass(frozen=True)
class _Part:
    """What the walk read in one part of Material's chrome (see `SharedReading`)."""

    findings: tuple[Finding, ...]
    anchors: frozenset[str]
    links: tuple[Link, ...]


CHROME_PARTS = (
    "body > div.md-container > main > div.md-main__inner > div.md-sidebar--primary",
    "body > div.md-container > nav.md-tabs",
    "body > header.md-header",
    "body > header.md-header > nav > div.md-search",
    "body > div.md-container > main > div.md-main__inner > div.md-content > nav.md-path",
)
"""Parts of Material's chrome that many pages repeat word for word (the navigation is
the same on every page of a section at one depth; the tabs, the header and the search
box too; the breadcrumbs on every page of a section). Each path goes from <body>
through Material's own containers, child by child, so no part is inside a page's
content area (held to the allowlist, not to these rules). A part inside one read
before it (the search box in the header) is read on its own when the outer one is
walked in place."""

TEXT_NOT_READ = {"body > header.md-header": "div.md-header__topic > span.md-ellipsis"}
"""Text that differs from page to page in a part and that no rule reads: the site's
name and the page's title in the header. It is left out of the part's text, which is
its key (`SharedReading`); elements inside it are not."""


class SharedReading:
    """What reading the pages of one site shares, so that the build, which keeps what
    it read of every page until its end, keeps each string, link and set of anchors
    once, and reads each distinct part of the chrome once.

    A part of `CHROME_PARTS` is judged by the content policy and read for links and
    anchors exactly as in its page: the walk's state around it is the same on every
    page (outside the content area, inside no refused element, since its ancestors are
    Material's containers), and the rules read nothing but the part itself (the text
    of its scripts and styles, never other text: `TEXT_NOT_READ` is left out), and the
    page's folder when the part has a script file or a form action (then the folder is
    part of the key). So a part seen before, character for character, is not walked
    again: what its walk found is used in its place, in its place in the page's order.
    """

    def __init__(self) -> None:
        self._strings: dict[str, str] = {}
        self._links: dict[tuple[str, str, str, str | None], tuple[Link, ...]] = {}
        """The links of an attribute, by the element's tag, the attribute's name and
        value and the element's `rel`: a page's links are mostly other pages' too."""
        self._anchors: dict[frozenset[str], tuple[str, ...]] = {}
        self._parts: dict[tuple[str, str], _Part] = {}

    def string(self, value: str | None) -> str | None:
        return None if value is None else self._strings.setdefault(value, value)

    def links(self, tag: str, name: str, value: str, rel_value: str | None) -> tuple[Link, ...]:
        """The links in attribute `name="value"` of a `<tag rel="rel_value">`."""
        key = (tag, name, value, rel_value)
        found = self._links.get(key)
        if found is None:
            strings = self._strings
            rel = _rel(rel_value) if rel_value else _NO_REL
            tag, name = sys.intern(tag), sys.intern(name)  # one "a" and one "href" for all
            found = tuple(Link(strings.setdefault(url, url), tag, name, rel) for url in url_values(name, value))
            stored = found[0].url if len(found) == 1 and found[0].url == value else value
            self._links[(tag, name, stored, rel_value and strings.setdefault(rel_value, rel_value))] = found
        return found

    def anchors(self, anchors: set[str]) -> tuple[str, ...]:
        key = frozenset(anchors)
        found = self._anchors.get(key)
        if found is None:
            strings = self._strings
            found = self._anchors[key] = tuple(sorted(strings.setdefault(a, a) for a in anchors))
        return found

    def chrome_parts(self, tree: LexborHTMLParser, path: str, site: Site) -> dict[int, _Part]:
        """Each part of the chrome in `tree`, replaced by a marker element: what its
        walk found, by the marker's `mem_id`."""
        found: dict[int, _Part] = {}
        body = tree.body
        replaced: list[str] = []
        for selector in CHROME_PARTS if body is not None else ():
            if any(selector.startswith(outer + " > ") for outer in replaced):
                continue  # gone with the part it is in
            node = body.css_first(selector)
            if node is None:
                continue
            if selector in TEXT_NOT_READ:
                _drop_text(node, TEXT_NOT_READ[selector])
            html = node.html or ""
            if "md-content__inner" in html:  # a theme that puts the content inside: walked in place
                continue
            # The rules read the page's address for a script's file and a form's action.
            folder = posixpath.dirname(path) if ("<script" in html and " src=" in html) or " action=" in html else ""
            part = self._parts.get((html, folder))
            if part is None:
                part = self._parts[(html, folder)] = _read_part(node, path, site, self)
            found[_replace_with_marker(node)] = part
            replaced.append(selector)
        return found


def _drop_text(part: LexborNode, selector: str) -> None:
    """Remove the text (not the elements) directly inside what `selector` finds in `part`."""
    for node in part.css(selector):
        child = node.child
        while child is not None:
            following = child.next
            if child.tag == "-text":
                child.decompose()
            child = following


def _read_part(node: LexborNode, path: str, site: Site, shared: SharedReading) -> _Part:
    reader = _LinkReader(None, shared)
    findings = part_findings(node, path, site, visit=reader.read, reads=_READ)
    return _Part(tuple(findings), frozenset(reader.anchors), tuple(reader.links))


_MARKER = LexborHTMLParser(f"<{PART_MARKER}></{PART_MARKER}>").css_first(PART_MARKER)


def _replace_with_marker(node: LexborNode) -> int:
    """Put an empty marker element in the place of `node` (and all it contains); its mem_id."""
    before, parent = node.prev, node.parent
    node.replace_with(_MARKER)
    marker = before.next if before is not None else parent.child
    return marker.mem_id


class _LinkReader:
    """Reads the anchors and links of a page, element by element, as the content
    policy's walk of the page hands them over."""

    def __init__(self, finder: _Finder | None, shared: SharedReading | None = None):
        self.anchors: set[str] = set()
        self.links: list[Link] = []
        self.finder = finder
        self.shared = shared
        self.positions: list[tuple[int, int]] | None = [] if finder is not None else None
        self._known = shared._links if shared is not None and finder is None else {}
        """The links of attributes read before (`SharedReading.links`), when no position is wanted."""

    def read(self, tag: str, attributes: dict[str, str | None]) -> None:
        """Read an element that has one of the attributes `_READ` (the walk hands over
        only those): ~70 a page, mostly links other pages have too."""
        for name, value in attributes.items():
            if name in LINK_ATTRIBUTES:
                if value and (name != "data" or tag == "object"):
                    found = self._known.get((tag, name, value, attributes.get("rel")))
                    if found is not None:
                        self.links.extend(found)
                    else:
                        self._add_links(tag, name, value, attributes)
            elif name == "id" or (name == "name" and tag == "a"):
                self.anchors.add(value or "")

    def _add_links(self, tag: str, name: str, value: str, attributes: dict[str, str | None]) -> None:
        rel_value = attributes.get("rel")
        links = self.links
        if self.shared is not None:
            links.extend(self.shared.links(tag, name, value, rel_value))
        else:
            rel = _rel(rel_value) if rel_value else _NO_REL
            links.extend([Link(url, tag, name, rel) for url in url_values(name, value)])
        if self.finder is not None:
            positions = self.positions
            positions.extend([self.finder.find(name, value)] * (len(links) - len(positions)))

    def parts(self, parts: dict[int, _Part]) -> dict[int, Callable[[], tuple[Finding, ...]]]:
        """The parts of the chrome put aside (`SharedReading.chrome_parts`), as the walk
        meets their markers: their links and anchors are added in their place."""

        def use(part: _Part) -> Callable[[], tuple[Finding, ...]]:
            def add() -> tuple[Finding, ...]:
                self.links.extend(part.links)
                self.anchors.update(part.anchors)
                return part.findings

            return add

        return {marker: use(part) for marker, part in parts.items()}


@functools.lru_cache(maxsize=64)
def _rel(value: str) -> frozenset[str]:
    return frozenset(value.lower().split())


_NO_REL: frozenset[str] = frozenset()
_READ = LINK_ATTRIBUTES | {"id", "name"}
"""The attributes `_LinkReader` reads."""


def _read_head(page: HtmlPage, tree: LexborHTMLParser) -> None:
    """The first `<title>` in <head> and its first `<meta name="description">`, as
    `head.css_first("title")` and `head.css("meta")` find them (in the order they are
    written), in one pass: <head> holds a few dozen elements, all HTML ones, and the CSS
    engine costs more to start than that walk."""
    head = tree.head
    if head is None:
        return
    title = description = None
    for node in head.traverse(include_text=False):
        tag = node.tag
        if tag == "title" and title is None:
            title = node
        elif tag == "meta" and description is None:
            attributes = node.attributes
            if (attributes.get("name") or "").lower() == "description":
                description = attributes.get("content") or ""
        if title is not None and description is not None:
            break
    if title is not None:
        page.title = " ".join(title.text().split())
    if description is not None:
        page.description = description


def _first_content_tag(article: LexborNode | None) -> str | None:
    """The first element of Material's article, its edit and view buttons aside."""
    child = article.child if article is not None else None
    while child is not None:
        if child.is_element_node and not (
            child.tag == "a" and "md-content__button" in (child.attributes.get("class") or "").split()
        ):
            return child.tag
        child = child.next
    return None


ARTICLE = "article.md-content__inner"
"""Material's article: the page's content, its title and edit buttons included."""

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
