"""The plan: every page and feed the knowledge base adds to the site, decided once.

Which pages exist, what kind each is, which file is behind it, which template renders
it and where it lands in the site follow from the catalog, the loaded sources and the
templates folder alone, so they are worked out here without rendering anything. The
MkDocs hook, `make check`, `generate --out`, the built-site checker and the benchmark
all read this one plan: a clash between two pages (or a page and a feed, or a feed and
a file of docs/) is found once, the same way, whoever asks. Rendering works from a
planned page on demand (`render.pages.Renderer.render`).
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

from . import paths
from .load.files import Sources
from .problems import Problem
from .schema.catalog import Catalog

ENTRY = "entry"
"""The page of one YAML entry, e.g. releases/calico-open-source-v3-23.md."""
INDEX = "index"
"""A collection's index, e.g. releases/index.md; these are the pages in the nav."""
VIEW = "view"
"""Another page of a collection, made by a template <collection>-<view>.md.j2."""
GROUP = "group"
"""The page of a nav group (`x-kb-nav`), listing its collections, e.g. learn/index.md."""
REFERENCE = "reference"
"""The data model reference, made from the schemas."""
FEED = "feed"
"""An RSS or JSON feed of a dated collection, or of the whole site."""

DEFAULT_ENTRY_TEMPLATE = "entry.md.j2"
DEFAULT_INDEX_TEMPLATE = "collection-index.md.j2"
GROUP_TEMPLATE = "group-index.md.j2"
REGISTRY_INDEX_TEMPLATE = "registry-index.md.j2"
"""The index of an undated collection (people, organizations, topics): alphabetical."""


@dataclasses.dataclass(frozen=True)
class PlannedPage:
    """One page or feed the knowledge base adds to the site."""

    kind: str
    """ENTRY, INDEX, VIEW, REFERENCE or FEED."""
    src_uri: str
    """For pages, the path MkDocs sees inside docs/ ("people/ada.md"); for feeds, the
    file inside the site ("releases/feed.xml")."""
    source_path: str | None
    """The contributor's file behind it, relative to the project root: an entry's data
    file, a view's or index's template, the schemas folder for the reference page."""
    template: str | None = None
    """The template that renders it, by its name in templates/; None for pages made in Python."""
    collection: str | None = None
    """The collection it belongs to (None for the reference page and the site's feeds)."""
    entry_key: str | None = None
    """For ENTRY pages: the entry, "collection/slug"."""
    feed_format: str | None = None
    """For feeds: "feed.xml" (RSS) or "feed.json" (JSON Feed)."""
    group: str | None = None
    """For GROUP pages: the group's label, e.g. "Learn"."""

    @property
    def is_feed(self) -> bool:
        return self.kind == FEED

    @property
    def dest_uri(self) -> str:
        """The file written into the site."""
        return self.src_uri if self.is_feed else paths.page_file(self.src_uri)

    @property
    def url(self) -> str:
        """Its address relative to the site's root."""
        return self.src_uri if self.is_feed else paths.page_url(self.src_uri)

    @property
    def in_nav(self) -> bool:
        """Collection indexes, views and group pages belong in the nav; entries never do
        (it would make every page's navigation as large as the site)."""
        return self.kind in (INDEX, VIEW, GROUP)


@dataclasses.dataclass
class Plan:
    """Every planned page, and the clashes that kept some out."""

    pages: list[PlannedPage]
    problems: list[Problem]

    def templates(self) -> dict[str, PlannedPage]:
        """One planned page per template: enough for `make check` to try each template."""
        chosen: dict[str, PlannedPage] = {}
        for page in self.pages:
            if page.template and page.template not in chosen:
                chosen[page.template] = page
        return chosen


def plan_pages(catalog: Catalog, sources: Sources, templates_dir: Path, *, feeds: bool = True) -> Plan:
    """Every generated page and feed, each checked against the others and docs/."""
    available = {path.name for path in templates_dir.glob("*.md.j2")} if templates_dir.is_dir() else set()
    planned = [
        *_entry_pages(catalog, sources, available),
        *_collection_pages(catalog, available),
        *_group_pages(catalog),
    ]
    planned.append(PlannedPage(REFERENCE, paths.REFERENCE_PAGE, paths.SCHEMAS_DIR))
    if feeds:
        planned.extend(_feeds(catalog))
    return _without_clashes(planned, sources)


def view_names(collection: str, available: set[str]) -> list[str]:
    """The views of a collection, from its templates <collection>-<view>.md.j2."""
    prefix, suffix = f"{collection}-", ".md.j2"
    views = [
        name[len(prefix) : -len(suffix)] for name in available if name.startswith(prefix) and name.endswith(suffix)
    ]
    return sorted(view for view in views if view != "index" and paths.stays_inside(view) and "/" not in view)


def _entry_pages(catalog: Catalog, sources: Sources, available: set[str]) -> list[PlannedPage]:
    pages = []
    for key in sorted(sources.entries):
        entry = sources.entries[key]
        if catalog[entry.collection].from_markdown:
            continue  # a hand-written page of docs/ already
        own = paths.ENTRY_TEMPLATE.format(collection=entry.collection)
        template = _first_available([own, DEFAULT_ENTRY_TEMPLATE], available)
        pages.append(PlannedPage(ENTRY, entry.src_uri, entry.source, template, entry.collection, key))
    return pages


def _collection_pages(catalog: Catalog, available: set[str]) -> list[PlannedPage]:
    pages = []
    for name, collection in catalog.collections.items():
        own = paths.INDEX_TEMPLATE.format(collection=name)
        choices = (
            [own, DEFAULT_INDEX_TEMPLATE]
            if collection.dated
            else [own, REGISTRY_INDEX_TEMPLATE, DEFAULT_INDEX_TEMPLATE]
        )
        template = _first_available(choices, available)
        source = f"{paths.TEMPLATES_DIR}/{template}"
        pages.append(PlannedPage(INDEX, paths.index_page(name), source, template, name))
        for view in view_names(name, available):
            template = paths.VIEW_TEMPLATE.format(collection=name, view=view)
            pages.append(
                PlannedPage(VIEW, paths.view_page(name, view), f"{paths.TEMPLATES_DIR}/{template}", template, name)
            )
    return pages


def _group_pages(catalog: Catalog) -> list[PlannedPage]:
    """A page per nav group: its section's landing page, listing its collections (with
    Material's navigation.indexes, a group that opened on its first collection's index
    would hide that collection from the sidebar)."""
    groups = dict.fromkeys(c.nav_group for c in catalog.collections.values() if c.nav_group)
    return [
        PlannedPage(
            GROUP, paths.group_page(group), f"{paths.TEMPLATES_DIR}/{GROUP_TEMPLATE}", GROUP_TEMPLATE, group=group
        )
        for group in groups
    ]


def _first_available(names: list[str], available: set[str]) -> str:
    """The first template of `names` that exists; else the last, whose absence the
    renderer reports as a problem naming the page and the template."""
    return next((name for name in names if name in available), names[-1])


def _feeds(catalog: Catalog) -> list[PlannedPage]:
    """A channel of everything dated, then one per dated collection, each in both formats."""
    directories = [""] + [name for name, collection in catalog.collections.items() if collection.dated]
    return [
        PlannedPage(FEED, paths.feed_file(directory, name), None, None, directory or None, feed_format=name)
        for directory in directories
        for name in paths.FEED_NAMES
    ]


def _without_clashes(planned: list[PlannedPage], sources: Sources) -> Plan:
    """Refuse pages written outside the site or onto a file another source writes."""
    owners: dict[str, str] = {}
    for src_uri, page in sources.pages.items():
        owners[paths.page_file(src_uri)] = page.source
    for entry in sources.entries.values():
        if entry.body is not None:  # a Markdown entry is a page of docs/
            owners[paths.page_file(entry.src_uri)] = entry.source
    for src_uri in sources.static_files:
        owners[src_uri] = f"{paths.DOCS_DIR}/{src_uri}"
    kept, problems = [], []
    for page in planned:
        if not paths.stays_inside(page.src_uri):
            problems.append(
                Problem(
                    page.source_path or paths.TEMPLATES_DIR,
                    1,
                    1,
                    f"the generated page {page.src_uri!r} would be written outside the site",
                )
            )
            continue
        owner = owners.get(page.dest_uri)
        if owner is not None:
            problems.append(
                Problem(
                    owner,
                    1,
                    1,
                    f"this file and {_made_from(page)} both produce /{page.url}",
                    "rename or remove one of them",
                )
            )
            continue
        owners[page.dest_uri] = page.source_path or page.src_uri
        kept.append(page)
    return Plan(kept, problems)


def _made_from(page: PlannedPage) -> str:
    if page.kind in (ENTRY, VIEW):
        return page.source_path or page.src_uri
    if page.kind == FEED:
        return f"the generated feed {page.src_uri}"
    if page.kind == REFERENCE:
        return "the generated data model reference"
    if page.kind == GROUP:
        return f"the generated page of the nav group {page.group!r}"
    return f"the generated index of {page.collection}"
