"""The links and anchors of a Markdown page's text, read once per text.

Two stages need them. The graph: a link in an article to a person's, an
organization's, a topic's or an entry's page is a mention, so that page lists the
article. The link check (`checks.page_links`): a link to a page that does not exist,
or to an anchor it lacks, is refused by `make check` as the build refuses it. Both
read the same `MarkdownLinks`, cached by the text's content, so a page is parsed once
per process, however many stages ask (and under `make serve`, only a changed page is
parsed again), and kept on disk between processes (`MarkdownLinkReader`), so that
`make check` parses only the pages changed since the last build or check.

The text is read with Python-Markdown itself, the parser MkDocs renders the page with,
rather than with a regular expression: reference-style links, links in emphasis or
tables, and code that only looks like a link are read as the page will show them, and
heading ids come from the same `toc` extension.

Why here and not from the links MkDocs resolves: the pages that list an article are
generated (in `on_files`) before MkDocs renders any Markdown, so by the time MkDocs
has resolved the article's links, the person's page is already written. Reading the
links at load time keeps one graph for every page, built once.
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import json
import posixpath
from collections.abc import Callable
from pathlib import Path
from urllib.parse import unquote, urlsplit

import markdown
from markdown.treeprocessors import Treeprocessor
from selectolax.lexbor import LexborHTMLParser

from ..cache import keep

_EXTENSIONS = ["toc", "fenced_code", "tables", "def_list", "admonition", "attr_list"]
"""The parts of mkdocs.yml's Markdown that change what is a link or an id: fenced code
holds none, `toc` gives headings the ids MkDocs gives them."""


@dataclasses.dataclass(frozen=True)
class MarkdownLinks:
    """What a page's Markdown links to, and what it gives an id."""

    hrefs: tuple[str, ...]
    """The target of every link, as written, in the order of the text."""
    anchors: frozenset[str]
    """Every id of the page's elements (headings, `{#id}`, raw HTML `id` and `<a name>`)."""


class _Collector(Treeprocessor):
    """Records every link target and id once inline Markdown has been parsed."""

    def __init__(self, md: markdown.Markdown):
        super().__init__(md)
        self.hrefs: list[str] = []
        self.ids: set[str] = set()

    def run(self, root):
        self.hrefs = [a.get("href", "") for a in root.iter("a")]
        self.ids = {element.get("id") for element in root.iter() if element.get("id")}


class _Reader:
    """One Python-Markdown parser for a whole process."""

    def __init__(self) -> None:
        self._markdown = markdown.Markdown(extensions=_EXTENSIONS)
        self._collector = _Collector(self._markdown)
        # After the inline patterns (priority 20) have turned links into <a> elements,
        # and after toc (priority 5) has given headings their ids.
        self._markdown.treeprocessors.register(self._collector, "kb_links", 1)

    def read(self, text: str) -> MarkdownLinks:
        self._markdown.reset()
        self._markdown.convert(text)
        ids = set(self._collector.ids)
        raw = "".join(str(block) for block in self._markdown.htmlStash.rawHtmlBlocks)
        if "id=" in raw or "name=" in raw:
            tree = LexborHTMLParser(raw)
            ids.update(node.attributes.get("id") or "" for node in tree.css("[id]"))
            ids.update(node.attributes.get("name") or "" for node in tree.css("a[name]"))
        ids.discard("")
        return MarkdownLinks(tuple(self._collector.hrefs), frozenset(ids))


@functools.lru_cache(maxsize=1 << 14)
def read_links(text: str) -> MarkdownLinks:
    """The links and anchors of a Markdown text (cached by content in this process)."""
    return _reader().read(text)


@functools.lru_cache(maxsize=1)
def _reader() -> _Reader:
    return _Reader()


ReadLinks = Callable[[str], MarkdownLinks]
"""How a stage reads a text's links: `read_links`, or a project's `MarkdownLinkReader`."""

_VERSION = json.dumps([1, markdown.__version__, _EXTENSIONS])
"""What the reading depends on besides the text: a change makes every kept reading unused."""


class MarkdownLinkReader:
    """`read_links`, with each reading kept on disk by the text's content: Python-Markdown
    takes a few milliseconds a page, and a knowledge base has hundreds of articles that
    rarely change between two runs of `make check`."""

    def __init__(self, folder: Path | None):
        self.folder = folder

    def __call__(self, text: str) -> MarkdownLinks:
        if self.folder is None:
            return read_links(text)
        path = self.folder / f"{hashlib.sha256((_VERSION + text).encode('utf-8', 'surrogatepass')).hexdigest()}.json"
        try:
            kept = json.loads(path.read_bytes())
            return MarkdownLinks(tuple(kept["hrefs"]), frozenset(kept["anchors"]))
        except (OSError, ValueError, KeyError, TypeError):
            pass
        found = read_links(text)
        keep(path, json.dumps({"hrefs": found.hrefs, "anchors": sorted(found.anchors)}).encode("utf-8"))
        return found


@functools.cache
def markdown_link_reader(folder: Path) -> MarkdownLinkReader:
    """The one reader of a folder in this process."""
    return MarkdownLinkReader(folder)


def may_link_to_pages(text: str) -> bool:
    """False when the text surely has no link to a page or an anchor (MkDocs resolves
    links to pages only when they name the .md file; a link to an anchor of the page
    itself starts with "#"): most texts need no parse."""
    return ".md" in text or "(#" in text or ": #" in text or '"#' in text or "'#" in text


def linked_pages(src_uri: str, text: str, read: ReadLinks = read_links) -> tuple[str, ...]:
    """The docs paths ("people/ada.md") that the Markdown `text` of `src_uri` links to,
    each once, in order."""
    if ".md" not in text:
        return ()
    found: dict[str, None] = {}
    for href in read(text).hrefs:
        path = page_path(src_uri, href)
        if path:
            found[path] = None
    return tuple(found)


def page_path(src_uri: str, href: str) -> str | None:
    """The page of docs/ a relative link to a Markdown file means ("../people/ada.md"
    in "articles/x.md" -> "people/ada.md"); None for any other link."""
    parts = urlsplit(href)
    if parts.scheme or parts.netloc or not parts.path or parts.path.startswith("/"):
        return None
    path = posixpath.normpath(posixpath.join(posixpath.dirname(src_uri), unquote(parts.path)))
    return path if path.endswith(".md") and not path.startswith("../") else None
