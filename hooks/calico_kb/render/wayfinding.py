"""Where an entry's page belongs: its collection's index, and the entries either side.

Entry pages stay out of the navigation: listing every entry there makes Material's
page rendering quadratic (see DESIGN.md). Left alone, such a page has no active tab,
an empty sidebar, no breadcrumb and no previous or next page, and the reader loses
their place. This module works out each entry page's place from the graph, in the
order its collection's index lists it, and `place_in_nav` hands that to the theme in
the terms the theme already reads:

- the page's parent is its collection's section (or its index page, where the index
  is a page of a larger section, as Reports is of Learn): Material marks a page's
  ancestors active, which gives the active tab and sidebar section, and draws them as
  the breadcrumb (`navigation.path`);
- its previous and next pages are the entries before and after it in its
  collection, and the index at either end: Material's footer shows them.

The pages themselves stay out of the navigation, so every page renders the same
sections-only nav. Nothing here imports MkDocs: pages are reached through a lookup
the hook passes in.
"""
from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import Any

from ..graph import Graph


@dataclasses.dataclass(frozen=True)
class Place:
    """Where one entry's page belongs, as docs paths ("releases/index.md")."""

    index: str
    """Its collection's index page."""
    previous: str
    """The entry listed before it, or the index for the first."""
    next: str | None
    """The entry listed after it, or the index for the last (None when it is the only
    entry: the index is its previous page already)."""


def entry_places(graph: Graph) -> dict[str, Place]:
    """The place of every entry page (by docs path), in its collection's newest-first order."""
    places: dict[str, Place] = {}
    for name in graph.catalog.collections:
        index = f"{name}/index.md"
        uris = [entry.src_uri for entry in graph.by_collection(name)]
        for position, uri in enumerate(uris):
            previous = uris[position - 1] if position > 0 else index
            following = uris[position + 1] if position + 1 < len(uris) else index if position else None
            places[uri] = Place(index, previous, following)
    return places


def place_in_nav(places: dict[str, Place], page_of: Callable[[str], Any]) -> None:
    """Give each entry page (MkDocs `Page`, found by `page_of(docs path)`) its parent and
    its previous and next pages. Pages the navigation lists already keep their place."""
    for uri, place in places.items():
        page, index = page_of(uri), page_of(place.index)
        if page is None or index is None or page.parent is not None or page.previous_page or page.next_page:
            continue
        section = index.parent
        # An index that opens its section without a title of its own in the nav
        # (Releases) stands for the section: the section is the parent, so the
        # breadcrumb does not name it twice. (Before MkDocs reads the pages, a page's
        # title is the one the nav gives it, or None.)
        opens_section = section is not None and section.children[0] is index and index.title in (None, section.title)
        page.parent = section if opens_section else index
        page.previous_page = page_of(place.previous)
        page.next_page = page_of(place.next) if place.next else None
