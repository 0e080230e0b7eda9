"""The site's navigation: a section for every collection, derived from its schema.

A new collection should need a schema and a template, not a line in mkdocs.yml too.
So the nav written in mkdocs.yml holds only hand-written pages (Home, Contribute,
About...), and every collection the nav does not list yet gets its index (and its
views, such as the release explorer) after the first item, in the collections' order
(`x-kb-order`), labelled with their plural (`x-kb-plural`). Collections that name the
same `x-kb-nav` group share one section, e.g. "Learn", which opens on the group's own
page (see `plan`). Entry pages never join the nav:
Material renders the whole nav into every page, so it must stay as small as the
number of collections, not grow with the entries.
"""

from __future__ import annotations

from typing import Any

from .. import paths
from ..plan import Plan
from ..schema.catalog import Catalog

NavItem = Any
"""An item of MkDocs' `nav` setting: a path, or {label: path or [items]}."""


def nav_with_collections(nav: list[NavItem] | None, catalog: Catalog, plan: Plan) -> list[NavItem] | None:
    """`nav` with a section for each collection it does not list; None stays None
    (MkDocs then lists every page itself)."""
    if nav is None:
        return None
    listed = set(_paths_in(nav))
    added: list[NavItem] = []
    groups: dict[str, list[NavItem]] = {}
    for name, collection in catalog.collections.items():
        index = paths.index_page(name)
        if index in listed:
            continue
        views = [  # the collection's other pages in the nav (plan.PageKind.in_nav), e.g. its views
            {_view_label(page.src_uri): page.src_uri}
            for page in plan.outputs
            if page.in_nav and page.collection == name and page.src_uri not in (index, *listed)
        ]
        item = {collection.plural: [index, *views] if views else index}
        group = collection.nav_group
        if group is None:
            added.append(item)
        elif group in groups:
            groups[group].append(item)
        else:
            groups[group] = [paths.group_page(group), item]
            added.append({group: groups[group]})
    return [*nav[:1], *added, *nav[1:]]


def _view_label(src_uri: str) -> str:
    """ "releases/explorer.md" -> "Explorer", "contributors/index.md" -> "Contributors"."""
    return src_uri.removesuffix("/index.md").rsplit("/", 1)[-1].removesuffix(".md").replace("-", " ").capitalize()


def _paths_in(items: Any) -> list[str]:
    if isinstance(items, str):
        return [items]
    if isinstance(items, dict):
        return [path for value in items.values() for path in _paths_in(value)]
    if isinstance(items, list):
        return [path for item in items for path in _paths_in(item)]
    return []
