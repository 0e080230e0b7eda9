"""Where an entry's page belongs: its collection's index, and the entries either side.

Entry pages stay out of the navigation: listing every entry there makes Material's
page rendering quadratic (see DESIGN.md). Left alone, such a page has no active tab,
no breadcrumb and no previous or next page, and the reader loses their place.

So each entry page carries its place in its front matter (`kb_place`): its
collection's index page and that page's address, and the entries listed before and
after it (the index at either end). The theme overrides read it: they find the nav
item at the index's address by walking the nav's items (`partials/kb-trail.html`),
then `partials/tabs-item.html` marks the tab that holds it active,
`partials/nav-item.html` opens the sidebar there, `partials/path.html` draws the
breadcrumb home and to the index (`navigation.path`), and `partials/footer.html` links
the previous and next pages. The place is page metadata, not navigation, so every page
still renders the same sections-only nav, and an engine without our hook
(`generate --out`) builds the same pages from the same front matter: the overrides
read only what MkDocs, ProperDocs and Zensical all give a theme (`nav.items`, each
item's `children`, `url` and `title`).
"""

from __future__ import annotations

from typing import Any

from .. import paths
from ..graph import Graph
from ..load.files import Entry
from ..notes import CONTRIBUTORS_INDEX, contributor_page

PLACE = "kb_place"
"""The front matter key the theme overrides read."""


def place_meta(graph: Graph, src_uri: str) -> dict[str, Any]:
    """{PLACE: ...} for the page of an entry, {} for any other page.

    The place holds `index` (a docs path, as the nav names pages), `index_url` (its
    site-relative URL, as nav items give theirs) and `previous` and `next` as
    {"url": site-relative URL, "title": text}; `next` is None for the only entry of a
    collection, whose previous page is the index already.
    """
    entry = graph.entries.get(src_uri.removesuffix(".md"))
    if entry is None or entry.src_uri != src_uri:
        return {}
    before, after = graph.neighbours(entry.key)
    index = paths.index_page(entry.collection)
    back = {"url": paths.page_url(index), "title": graph.catalog[entry.collection].plural}
    following = _link(after) if after else (back if before else None)
    place = {"index": index, "index_url": back["url"], "previous": _link(before) if before else back}
    return {PLACE: {**place, "next": following}}


def _link(entry: Entry) -> dict[str, str]:
    return {"url": paths.page_url(entry.src_uri), "title": entry.title}


def contributor_place(neighbours: tuple[str | None, str | None]) -> dict[str, Any]:
    """A contributor page's place: the contributors' index, and the handles whose
    pages come before and after it (`notes.Contributors.neighbours`)."""
    index_url = paths.page_url(CONTRIBUTORS_INDEX)
    back = {"url": index_url, "title": "Contributors"}

    def link(handle: str | None) -> dict[str, str] | None:
        return {"url": paths.page_url(contributor_page(handle)), "title": f"@{handle}"} if handle else None

    before, after = neighbours
    return {
        PLACE: {
            "index": CONTRIBUTORS_INDEX,
            "index_url": index_url,
            "previous": link(before) or back,
            "next": link(after) or (back if before else None),
        }
    }
