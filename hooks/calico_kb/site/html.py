"""Reading a built site: every HTML page parsed once, into what the checks need.

`site_check` (links, anchors, reachability, one page per source, the content policy)
and `external_links` work from this one reading. Each page goes once through the
standard library's html.parser, which costs a millisecond or two a page, so checking
the whole site stays a small part of a build.
"""
from __future__ import annotations

import dataclasses
import os
from html.parser import HTMLParser
from pathlib import Path

from ..checks.content_policy import EMBEDDING_ELEMENTS, URL_ATTRIBUTES, expose_comments, is_event_handler, unsafe_scheme, url_values

LINK_ATTRIBUTES = frozenset({"href", "src", "srcset", "poster", "data", "action", "formaction", "xlink:href"})
"""Attributes whose addresses must lead somewhere: followed, loaded or submitted to."""

REFUSED_ELEMENTS = (EMBEDDING_ELEMENTS - {"script"}) | {"base"}
"""Elements refused anywhere in the built site (scripts are judged one by one)."""

_WATCHED = REFUSED_ELEMENTS | {"script", "head", "title", "meta", "article"}


@dataclasses.dataclass(frozen=True)
class Link:
    """An address in an attribute of a page."""

    url: str
    """As written in the page, character references decoded."""
    tag: str
    attribute: str
    line: int
    col: int
    rel: frozenset[str] = frozenset()

    @property
    def navigates(self) -> bool:
        """True for links a reader follows (`<a href>`, `<area href>`), as opposed to
        resources the page loads."""
        return self.attribute == "href" and self.tag in ("a", "area")

    def __str__(self) -> str:
        return f'<{self.tag} {self.attribute}="{self.url}">'


@dataclasses.dataclass(frozen=True)
class Script:
    """A `<script>` element."""

    line: int
    col: int
    src: str | None
    type: str | None
    id: str | None
    text: str


@dataclasses.dataclass(frozen=True)
class Unsafe:
    """Something the content policy refuses, found in a page."""

    line: int
    col: int
    what: str
    """E.g. `the event handler attribute onload on <body>`."""
    needle: str
    """Text to look for in the page's source file."""


@dataclasses.dataclass
class HtmlPage:
    """What the checks need to know about one HTML file of the site."""

    path: str
    """Relative to the site directory, with forward slashes: "releases/index.html"."""
    anchors: set[str] = dataclasses.field(default_factory=set)
    """Every id, and the name of every `<a name>`: what a #fragment can point to."""
    links: list[Link] = dataclasses.field(default_factory=list)
    scripts: list[Script] = dataclasses.field(default_factory=list)
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
    files: frozenset[str]
    """Every file, relative to the root, with forward slashes."""
    pages: dict[str, HtmlPage]
    """Every .html file, by path."""


def read_site(site_dir: Path) -> BuiltSite:
    """List and parse a built site."""
    files: set[str] = set()
    pages: dict[str, HtmlPage] = {}
    for directory, _, names in os.walk(site_dir):
        base = Path(directory).relative_to(site_dir).as_posix()
        for name in names:
            path = name if base == "." else f"{base}/{name}"
            files.add(path)
            if name.endswith(".html"):
                text = (Path(directory) / name).read_bytes().decode("utf-8", errors="replace")
                pages[path] = parse_page(path, text)
    return BuiltSite(site_dir, frozenset(files), pages)


def parse_page(path: str, text: str) -> HtmlPage:
    """Read one page (comments read as markup, see `content_policy.expose_comments`)."""
    parser = _PageParser(HtmlPage(path))
    parser.feed(expose_comments(text))
    parser.close()
    return parser.page


class _PageParser(HTMLParser):
    def __init__(self, page: HtmlPage):
        super().__init__(convert_charrefs=True)
        self.page = page
        self._script: dict | None = None
        self._script_text: list[str] = []
        self._in_head = False
        self._title: list[str] | None = None
        self._in_article = False
        self._in_button = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        # Called for every tag of every page: the common case (no id, no address, no
        # event handler, no element of interest) must cost next to nothing.
        page = self.page
        position = None
        for name, value in attrs:
            if name == "id":
                page.anchors.add(value or "")
            elif name.startswith("on") and is_event_handler(name):
                position = position or self.getpos()
                page.unsafe.append(Unsafe(position[0], position[1] + 1, f"the event handler attribute {name} on <{tag}>", name))
            elif value and name in URL_ATTRIBUTES:
                position = position or self.getpos()
                self._address(tag, name, value, attrs, position)
            elif name == "name" and tag == "a":
                page.anchors.add(value or "")
        if tag in _WATCHED or (self._in_article and page.first_content_tag is None):
            self._watch(tag, attrs, position or self.getpos())

    def _address(self, tag: str, name: str, value: str, attrs: list[tuple[str, str | None]], position: tuple[int, int]) -> None:
        page = self.page
        line, col = position[0], position[1] + 1
        urls = url_values(name, value)
        for url in urls:
            if unsafe_scheme(url):
                page.unsafe.append(Unsafe(line, col, f'a link with a forbidden scheme: <{tag} {name}="{url[:40]}">', url.strip()[:20]))
        if name in LINK_ATTRIBUTES and not (name == "data" and tag != "object"):
            rel = next((frozenset((v or "").lower().split()) for n, v in attrs if n == "rel"), frozenset())
            for url in urls:
                page.links.append(Link(url, tag, name, line, col, rel))

    def _watch(self, tag: str, attrs: list[tuple[str, str | None]], position: tuple[int, int]) -> None:
        """Elements that matter beyond their attributes."""
        page = self.page
        values = {name: value or "" for name, value in attrs}
        line, col = position[0], position[1] + 1
        if tag in REFUSED_ELEMENTS:
            page.unsafe.append(Unsafe(line, col, f"a raw <{tag}> element", f"<{tag}"))
        elif tag == "script":
            self._script = {"line": line, "col": col, "src": values.get("src"), "type": values.get("type"),
                            "id": values.get("id")}
            self._script_text = []
        elif tag == "head":
            self._in_head = True
        elif tag == "title" and self._in_head and page.title is None:
            self._title = []
        elif tag == "meta" and self._in_head and values.get("name", "").lower() == "description":
            page.description = values.get("content", "")
        elif tag == "article" and "md-content__inner" in values.get("class", "").split():
            self._in_article = True
        elif self._in_article and page.first_content_tag is None:
            if tag == "a" and "md-content__button" in values.get("class", "").split():
                self._in_button = True
            elif not self._in_button:
                page.first_content_tag = tag

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag == "script":
            self.handle_endtag(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag == "script" and self._script is not None:
            self.page.scripts.append(Script(text="".join(self._script_text), **self._script))
            self._script = None
        elif tag == "head":
            self._in_head = False
        elif tag == "title" and self._title is not None:
            self.page.title = " ".join("".join(self._title).split())
            self._title = None
        elif tag == "a" and self._in_button:
            self._in_button = False
        elif tag == "article":
            self._in_article = False

    def handle_data(self, data: str) -> None:
        if self._script is not None:
            self._script_text.append(data)
        elif self._title is not None:
            self._title.append(data)

    def close(self) -> None:
        super().close()
        if self._script is not None:  # an unclosed script still counts
            self.handle_endtag("script")
