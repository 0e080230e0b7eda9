"""Links between pages in Markdown text: each leads to a page that exists, and to an
anchor that page has.

MkDocs refuses such a link in a strict build (`validation.links` in mkdocs.yml), but
it names the link only by the page it resolved it against, with no line; and by then
the build is half done. This check runs before anything is rendered, in `make check`,
the build and the preview alike, and reports the link as the contributor wrote it, at
its line, with the page it was meant to reach and the nearest page or anchor that
exists. It knows nothing of the plan: the pipeline hands it the pages that will exist.
"""

from __future__ import annotations

import dataclasses
import difflib
import posixpath
from collections.abc import Callable, Collection, Iterator
from urllib.parse import unquote, urlsplit

from ..load.body_links import page_path
from ..problems import Problem, line_col, quote
from .markdown_bodies import BodyReading

ANCHOR_HINT = "link to an id that exists, as the ¶ link of a heading shows it"


def known_fragment(fragment: str) -> bool:
    """Fragments a browser understands without an element: "#top" and text fragments."""
    return fragment.lower() == "top" or fragment.startswith(":~:")


@dataclasses.dataclass(frozen=True)
class BrokenLink:
    """A link of a Markdown text that leads nowhere, and the problem that says so."""

    problem: Problem
    href: str
    """The link as written."""
    page: str | None = None
    """For a broken anchor, the page that lacks it (its src_uri)."""
    fragment: str = ""


@dataclasses.dataclass(frozen=True)
class MarkdownText:
    """The Markdown of one page of docs/, where it is written."""

    src_uri: str
    """The page inside docs/, e.g. "articles/x.md"."""
    source: str
    """Its file, relative to the project root."""
    text: str
    first_line: int
    """The line of the file on which `text` starts (after the front matter)."""


def broken_links(
    texts: list[MarkdownText],
    pages: Collection[str],
    anchors_of: Callable[[str], frozenset[str] | None],
    read: Callable[[str], BodyReading],
) -> list[BrokenLink]:
    """Every link of `texts` to a page missing from `pages` (the src_uris of every page
    the site will have), or to an anchor missing from its page. `anchors_of(src_uri)`
    gives a page's ids, or None when they cannot be known (the page is not checked)."""
    found: list[BrokenLink] = []
    for page in texts:
        found.extend(_broken_links_of(page, pages, anchors_of, read))
    return found


def _broken_links_of(
    page: MarkdownText,
    pages: Collection[str],
    anchors_of: Callable[[str], frozenset[str] | None],
    read: Callable[[str], BodyReading],
) -> Iterator[BrokenLink]:
    seen: set[str] = set()
    for href in read(page.text).hrefs:
        if href in seen:
            continue
        seen.add(href)
        parts = urlsplit(href)
        target = page.src_uri if href.startswith("#") else page_path(page.src_uri, href)
        if target is None:
            continue
        if target != page.src_uri and target not in pages:
            problem = _problem(
                page, href, f"the knowledge base has no page {target}", _nearest_page(page, target, pages)
            )
            yield BrokenLink(problem, href)
            continue
        fragment = unquote(parts.fragment)
        anchors = anchors_of(target) if fragment else None
        if anchors is not None and fragment not in anchors and not known_fragment(fragment):
            close = difflib.get_close_matches(fragment, sorted(anchors), n=1)
            where = "this page has" if target == page.src_uri else f"{target} has"
            hint = f"did you mean {quote(_with_fragment(href, close[0]))}?" if close else ANCHOR_HINT
            problem = _problem(page, href, f"{where} no heading or element with id {quote(fragment)}", hint, "anchor")
            yield BrokenLink(problem, href, target, fragment)


def _problem(page: MarkdownText, href: str, why: str, hint: str, what: str = "link") -> Problem:
    line, col = _position(page.text, href)
    return Problem(page.source, line + page.first_line - 1, col, f"broken {what} {quote(href)}: {why}", hint)


def _position(text: str, href: str) -> tuple[int, int]:
    """Where the link's target is written: in an inline link, a reference definition or
    anywhere (raw HTML), first found first."""
    for prefix in ("](", "]: ", "]:", ""):
        index = text.find(prefix + href)
        if index >= 0:
            return line_col(text, index + len(prefix))
    return 1, 1


def _nearest_page(page: MarkdownText, target: str, pages: Collection[str]) -> str:
    """A page whose file name is close to the one written (a typo), nearest folder first."""
    by_name: dict[str, list[str]] = {}
    for path in sorted(pages):
        by_name.setdefault(posixpath.basename(path), []).append(path)
    close = difflib.get_close_matches(posixpath.basename(target), list(by_name), n=1, cutoff=0.7)
    if close:
        folder = posixpath.dirname(target)
        nearest = min(by_name[close[0]], key=lambda path: (posixpath.dirname(path) != folder, path))
        return f"did you mean {quote(posixpath.relpath(nearest, posixpath.dirname(page.src_uri) or '.'))}?"
    return "link to the .md file of a page that exists, relative to this file"


def _with_fragment(href: str, fragment: str) -> str:
    return href.split("#", 1)[0] + "#" + fragment
