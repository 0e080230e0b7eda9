"""Which page of docs/ a link in Markdown text means.

A link in an article to a person's, an organization's, a topic's or an entry's page is
a mention: that page should list the article (the graph). A link to a page that does
not exist is a problem (`checks.page_links`). Both start from the links of a body as
written, read once with the site's own Markdown (`checks.markdown_bodies.BodyReading`),
and resolve them here, as MkDocs resolves a link to a Markdown file: relative to the
page, naming the `.md` file.

Why from the text and not from the links MkDocs resolves: the pages that list an
article are generated (in `on_files`) before MkDocs renders any Markdown, so by the
time MkDocs has resolved the article's links, the person's page is already written.
Reading the links at load time keeps one graph for every page, built once.
"""

from __future__ import annotations

import posixpath
from collections.abc import Iterable
from urllib.parse import unquote, urlsplit


def linked_pages(src_uri: str, hrefs: Iterable[str]) -> tuple[str, ...]:
    """The docs paths ("people/ada.md") that the links `hrefs` of `src_uri` lead to,
    each once, in order."""
    found: dict[str, None] = {}
    for href in hrefs:
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
