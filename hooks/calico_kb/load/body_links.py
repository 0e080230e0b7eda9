"""Links in an article's text to other pages of the knowledge base.

A link in an article to a person's, an organization's, a topic's or an entry's page
is a mention: that page should list the article. The links are read with
Python-Markdown itself, the parser MkDocs renders the article with, rather than with a
regular expression, so reference-style links, links in emphasis or tables, and code
that only looks like a link are read as the page will show them.

Why here and not from the links MkDocs resolves: the pages that list the article are
generated (in `on_files`) before MkDocs renders any Markdown, so by the time MkDocs
has resolved the article's links, the person's page is already written. Reading the
links at load time keeps one graph for every page, built once.
"""

from __future__ import annotations

import functools
import posixpath
from urllib.parse import unquote, urlsplit

import markdown
from markdown.treeprocessors import Treeprocessor

_EXTENSIONS = ["fenced_code", "tables", "def_list", "admonition", "attr_list"]
"""The parts of mkdocs.yml's Markdown that change what is a link: fenced code is not."""


class _LinkCollector(Treeprocessor):
    """Records every link target once inline Markdown has been parsed."""

    def __init__(self, md: markdown.Markdown):
        super().__init__(md)
        self.hrefs: list[str] = []

    def run(self, root):
        self.hrefs = [a.get("href", "") for a in root.iter("a")]


class BodyLinks:
    """Finds the pages an article's text links to; one parser for a whole build."""

    def __init__(self) -> None:
        self._markdown = markdown.Markdown(extensions=_EXTENSIONS)
        self._collector = _LinkCollector(self._markdown)
        # After the inline patterns (priority 20) have turned links into <a> elements.
        self._markdown.treeprocessors.register(self._collector, "kb_links", 1)

    def linked_pages(self, src_uri: str, text: str) -> list[str]:
        """The docs paths ("people/ada.md") that the Markdown `text` of `src_uri` links to."""
        if ".md" not in text:  # MkDocs resolves links to pages only when they name the .md file
            return []
        self._markdown.reset()
        self._markdown.convert(text)
        found: dict[str, None] = {}
        for href in self._collector.hrefs:
            path = _page_path(src_uri, href)
            if path:
                found[path] = None
        return list(found)


def _page_path(src_uri: str, href: str) -> str | None:
    parts = urlsplit(href)
    if parts.scheme or parts.netloc or not parts.path or parts.path.startswith("/"):
        return None
    path = posixpath.normpath(posixpath.join(posixpath.dirname(src_uri), unquote(parts.path)))
    return path if path.endswith(".md") and not path.startswith("../") else None


@functools.lru_cache(maxsize=1 << 14)
def linked_pages(src_uri: str, text: str) -> tuple[str, ...]:
    """`BodyLinks.linked_pages`, once per text of an article per process: under
    `make serve` a save re-reads every article, but only a changed one is parsed again."""
    return tuple(_parser().linked_pages(src_uri, text))


@functools.lru_cache(maxsize=1)
def _parser() -> BodyLinks:
    return BodyLinks()
