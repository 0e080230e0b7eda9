"""The plan: every page, feed and addition the knowledge base puts into the site, decided once.

Which pages exist, what kind each is, which file is behind it, which template renders
it and where it lands in the site follow from the catalog, the loaded sources and the
templates folder alone, so they are worked out here without rendering anything. The
MkDocs hook, `make check`, `generate --out`, the preview, the built-site checker and
the benchmark all read this one plan: a clash between two pages (or a page and a feed,
or a feed and a file of docs/) is found once, the same way, whoever asks, and every
template that renders anything (an article's header and footer and the home page's
latest entries included) is one planned page's, so `make check` tries it.

Page kinds are one table, `KINDS`: each row says which function plans the kind's
pages, how they render, whether they are files of the site or additions to a
hand-written page, whether they join the nav, how a clash names them and what makes
them stale in the preview. Adding a kind is one planner function and one row.
"""

from __future__ import annotations

import dataclasses
import enum
import functools
from collections.abc import Callable
from pathlib import Path

from . import notes, paths
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
ARTICLE_HEADER = "article header"
"""The line under an article's title that says what kind of entry it is."""
ARTICLE_FOOTER = "article footer"
"""The references and related entries under an article."""
LATEST = "latest"
"""The newest entry of each kind, where a hand-written page has `<!-- kb:latest -->`."""
PICTURE = "picture"
"""The picture of the whole knowledge base, where a page has `<!-- kb:picture -->`."""
CONTRIBUTOR = "contributor"
"""The page of an author handle of release notes that no person entry claims, e.g.
contributors/felix.md (a person whose `github` is the handle is that page: notes.py)."""
CONTRIBUTORS = "contributors"
"""The index of every author of release notes, contributors/index.md."""
EXPLORER_DATA = "explorer data"
"""The release explorer's notes as JSON files beside its page (render/explorer_data.py)."""

DEFAULT_ENTRY_TEMPLATE = "entry.md.j2"
DEFAULT_INDEX_TEMPLATE = "collection-index.md.j2"
GROUP_TEMPLATE = "group-index.md.j2"
REGISTRY_INDEX_TEMPLATE = "registry-index.md.j2"
"""The index of an undated collection (people, organizations, topics): alphabetical."""
ARTICLE_HEADER_TEMPLATE = "article-header.md.j2"
ARTICLE_FOOTER_TEMPLATE = "article-footer.md.j2"
LATEST_TEMPLATE = "home-latest.md.j2"
LATEST_MARKER = "<!-- kb:latest -->"
"""A hand-written page's line with this marker is replaced by the newest entry of each kind."""
CONTRIBUTOR_TEMPLATE = "contributor.md.j2"
CONTRIBUTORS_TEMPLATE = "contributors-index.md.j2"
EXPLORER_VIEW = "explorer"
"""The view of releases whose data `EXPLORER_DATA` writes (templates/releases-explorer.md.j2)."""
PICTURE_MARKER = "<!-- kb:picture -->"
"""A hand-written page's line with this marker is replaced by the picture of the knowledge base."""


class Output(enum.Enum):
    """What a planned page becomes."""

    PAGE = "a Markdown page of the site"
    FEED = "a file of the site, as it is rendered (a feed, the release explorer's data)"
    ADDITION = "Markdown added to a hand-written page of docs/ (`Build.finish_page`)"


class Stale(enum.Enum):
    """What makes a page's last text stale in the preview (`preview.incremental`)."""

    ENTRY = "its entry (`subject`) was affected by a change, or an entry it read changed"
    COLLECTION = "an entry of its collection was affected, or an entry it read changed"
    ANY_CHANGE = "any change: it may list or count anything"


@dataclasses.dataclass(frozen=True)
class PlanInputs:
    """What the planner functions plan from."""

    catalog: Catalog
    sources: Sources
    templates: set[str]
    """The names of the files in templates/."""


@dataclasses.dataclass(frozen=True)
class PageKind:
    """One kind of planned page: a row of `KINDS`."""

    plan: Callable[[PlanInputs], list[PlannedPage]]
    """The planner: every page of this kind."""
    renders: str
    """How its text is made: "reference", "feed" and "picture" in Python
    (`pipeline.Build.render`); any other name is the context its template gets
    (`render.pages.CONTEXTS`: "entry", "collection", "group", "page")."""
    made_from: Callable[[PlannedPage], str]
    """How a clash names it: "data/topics/ebpf.yaml", "the generated feed feed.xml"."""
    stale: Stale = Stale.ANY_CHANGE
    output: Output = Output.PAGE
    in_nav: bool = False
    """Whether its pages join the nav. Entries never do: it would make every page's
    navigation as large as the site (see render/nav.py)."""


@dataclasses.dataclass(frozen=True)
class PlannedPage:
    """One page, feed or addition the knowledge base puts into the site."""

    kind: str
    """Its row of `KINDS`."""
    src_uri: str
    """For pages, the path MkDocs sees inside docs/ ("people/ada.md"); for feeds, the
    file inside the site ("releases/feed.xml"); for additions, the page they go into."""
    source_path: str | None
    """The contributor's file behind it, relative to the project root: an entry's data
    file, a view's or index's template, the schemas folder for the reference page."""
    template: str | None = None
    """The template that renders it, by its name in templates/; None for pages made in Python."""
    collection: str | None = None
    """The collection it belongs to (None for the reference page and the site's feeds)."""
    subject: str | None = None
    """What the kind renders it about: the entry ("collection/slug") of an entry page
    or an article's header or footer, a feed's format ("feed.xml" or "feed.json"),
    a nav group's label ("Learn")."""

    @property
    def page_kind(self) -> PageKind:
        return KINDS[self.kind]

    @property
    def is_feed(self) -> bool:
        return self.page_kind.output is Output.FEED

    @property
    def is_addition(self) -> bool:
        return self.page_kind.output is Output.ADDITION

    @property
    def in_nav(self) -> bool:
        return self.page_kind.in_nav

    @property
    def key(self) -> str:
        """What its text is kept under: its src_uri, or for an addition, the page and the kind
        ("articles/ebpf.md#article footer"), since a page may have several."""
        return f"{self.src_uri}#{self.kind}" if self.is_addition else self.src_uri

    @property
    def dest_uri(self) -> str:
        """The file written into the site (for an addition, the page's it goes into)."""
        return self.src_uri if self.is_feed else paths.page_file(self.src_uri)

    @property
    def url(self) -> str:
        """Its address relative to the site's root."""
        return self.src_uri if self.is_feed else paths.page_url(self.src_uri)

    @property
    def made_with(self) -> str | None:
        """The template that turned another file (`source_path`) into this page, if any."""
        template = f"{paths.TEMPLATES_DIR}/{self.template}" if self.template else None
        return template if template != self.source_path else None


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

    @functools.cached_property
    def outputs(self) -> list[PlannedPage]:
        """The pages and feeds that are files of the site (additions aside)."""
        return [page for page in self.pages if not page.is_addition]

    @functools.cached_property
    def additions(self) -> list[PlannedPage]:
        return [page for page in self.pages if page.is_addition]


def plan_pages(catalog: Catalog, sources: Sources, templates_dir: Path) -> Plan:
    """Every page of every kind, each checked against the others and docs/."""
    available = {path.name for path in templates_dir.glob("*.md.j2")} if templates_dir.is_dir() else set()
    inputs = PlanInputs(catalog, sources, available)
    return _without_clashes([page for kind in KINDS.values() for page in kind.plan(inputs)], sources)


def view_names(collection: str, available: set[str]) -> list[str]:
    """The views of a collection, from its templates <collection>-<view>.md.j2."""
    prefix, suffix = f"{collection}-", ".md.j2"
    views = [
        name[len(prefix) : -len(suffix)] for name in available if name.startswith(prefix) and name.endswith(suffix)
    ]
    return sorted(view for view in views if view != "index" and paths.stays_inside(view) and "/" not in view)


def _entry_pages(inputs: PlanInputs) -> list[PlannedPage]:
    pages = []
    for key in sorted(inputs.sources.entries):
        entry = inputs.sources.entries[key]
        if inputs.catalog[entry.collection].from_markdown:
            continue  # a hand-written page of docs/ already
        own = paths.ENTRY_TEMPLATE.format(collection=entry.collection)
        template = _first_available([own, DEFAULT_ENTRY_TEMPLATE], inputs.templates)
        pages.append(PlannedPage(ENTRY, entry.src_uri, entry.source, template, entry.collection, key))
    return pages


def _index_pages(inputs: PlanInputs) -> list[PlannedPage]:
    pages = []
    for name, collection in inputs.catalog.collections.items():
        own = paths.INDEX_TEMPLATE.format(collection=name)
        choices = (
            [own, DEFAULT_INDEX_TEMPLATE]
            if collection.dated
            else [own, REGISTRY_INDEX_TEMPLATE, DEFAULT_INDEX_TEMPLATE]
        )
        template = _first_available(choices, inputs.templates)
        pages.append(PlannedPage(INDEX, paths.index_page(name), f"{paths.TEMPLATES_DIR}/{template}", template, name))
    return pages


def _view_pages(inputs: PlanInputs) -> list[PlannedPage]:
    pages = []
    for name in inputs.catalog.collections:
        for view in view_names(name, inputs.templates):
            template = paths.VIEW_TEMPLATE.format(collection=name, view=view)
            pages.append(
                PlannedPage(VIEW, paths.view_page(name, view), f"{paths.TEMPLATES_DIR}/{template}", template, name)
            )
    return pages


def _group_pages(inputs: PlanInputs) -> list[PlannedPage]:
    """A page per nav group: its section's landing page, listing its collections (with
    Material's navigation.indexes, a group that opened on its first collection's index
    would hide that collection from the sidebar)."""
    groups = dict.fromkeys(c.nav_group for c in inputs.catalog.collections.values() if c.nav_group)
    source = f"{paths.TEMPLATES_DIR}/{GROUP_TEMPLATE}"
    return [PlannedPage(GROUP, paths.group_page(group), source, GROUP_TEMPLATE, subject=group) for group in groups]


def _reference_page(inputs: PlanInputs) -> list[PlannedPage]:
    return [PlannedPage(REFERENCE, paths.REFERENCE_PAGE, paths.SCHEMAS_DIR)]


def _first_available(names: list[str], available: set[str]) -> str:
    """The first template of `names` that exists; else the last, whose absence the
    renderer reports as a problem naming the page and the template."""
    return next((name for name in names if name in available), names[-1])


def _feeds(inputs: PlanInputs) -> list[PlannedPage]:
    """A channel of everything dated, then one per dated collection, each in both formats."""
    collections = inputs.catalog.collections
    directories = [""] + [name for name, collection in collections.items() if collection.dated]
    return [
        PlannedPage(FEED, paths.feed_file(directory, name), None, None, directory or None, subject=name)
        for directory in directories
        for name in paths.FEED_NAMES
    ]


def _articles(inputs: PlanInputs) -> list:
    """The entries written as Markdown pages of docs/, in key order."""
    return [entry for _, entry in sorted(inputs.sources.entries.items()) if entry.body is not None]


def _article_headers(inputs: PlanInputs) -> list[PlannedPage]:
    if ARTICLE_HEADER_TEMPLATE not in inputs.templates:
        return []  # optional: older projects lack it
    return [
        PlannedPage(
            ARTICLE_HEADER,
            entry.src_uri,
            f"{paths.TEMPLATES_DIR}/{ARTICLE_HEADER_TEMPLATE}",
            ARTICLE_HEADER_TEMPLATE,
            entry.collection,
            entry.key,
        )
        for entry in _articles(inputs)
    ]


def _article_footers(inputs: PlanInputs) -> list[PlannedPage]:
    return [
        PlannedPage(
            ARTICLE_FOOTER,
            entry.src_uri,
            f"{paths.TEMPLATES_DIR}/{ARTICLE_FOOTER_TEMPLATE}",
            ARTICLE_FOOTER_TEMPLATE,
            entry.collection,
            entry.key,
        )
        for entry in _articles(inputs)
    ]


def _marked_pages(inputs: PlanInputs, marker: str) -> list[tuple[str, str]]:
    """(src_uri, source file) of every hand-written page (articles included) with `marker`."""
    pages = [(src_uri, page.source, page.body.text) for src_uri, page in inputs.sources.pages.items()]
    pages += [(entry.src_uri, entry.source, entry.body.text) for entry in _articles(inputs)]
    return [(src_uri, source) for src_uri, source, text in sorted(pages) if marker in text]


def _latest_blocks(inputs: PlanInputs) -> list[PlannedPage]:
    source = f"{paths.TEMPLATES_DIR}/{LATEST_TEMPLATE}"
    return [
        PlannedPage(LATEST, src_uri, source, LATEST_TEMPLATE) for src_uri, _ in _marked_pages(inputs, LATEST_MARKER)
    ]


def _pictures(inputs: PlanInputs) -> list[PlannedPage]:
    return [PlannedPage(PICTURE, src_uri, source) for src_uri, source in _marked_pages(inputs, PICTURE_MARKER)]


def _contributor_pages(inputs: PlanInputs) -> list[PlannedPage]:
    """A page per author handle of a release note that no person entry claims."""
    if notes.RELEASES not in inputs.catalog.collections:
        return []
    source = f"{paths.TEMPLATES_DIR}/{CONTRIBUTOR_TEMPLATE}"
    return [
        PlannedPage(CONTRIBUTOR, src_uri, source, CONTRIBUTOR_TEMPLATE, notes.RELEASES, handle)
        for src_uri, handle in notes.unclaimed_handles(inputs.sources.entries).items()
    ]


def _contributors_index(inputs: PlanInputs) -> list[PlannedPage]:
    """The index of every author, when any release note names one."""
    if notes.RELEASES not in inputs.catalog.collections or not notes.note_handles(inputs.sources.entries.values()):
        return []
    source = f"{paths.TEMPLATES_DIR}/{CONTRIBUTORS_TEMPLATE}"
    return [PlannedPage(CONTRIBUTORS, notes.CONTRIBUTORS_INDEX, source, CONTRIBUTORS_TEMPLATE, notes.RELEASES)]


def _explorer_data(inputs: PlanInputs) -> list[PlannedPage]:
    """The release explorer's JSON files, beside its page, when it has one."""
    view = paths.VIEW_TEMPLATE.format(collection=notes.RELEASES, view=EXPLORER_VIEW)
    if notes.RELEASES not in inputs.catalog.collections or view not in inputs.templates:
        return []
    page = paths.view_page(notes.RELEASES, EXPLORER_VIEW)
    count = notes.count_notes(inputs.sources.entries.values())
    source = f"{paths.DATA_DIR}/{notes.RELEASES}"
    return [
        PlannedPage(EXPLORER_DATA, file, source, None, notes.RELEASES, subject=paths.page_url(page))
        for file in notes.explorer_files(page, count)
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
        if page.is_addition:  # goes into a page of docs/, writes no file of its own
            kept.append(page)
            continue
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
                    f"this file and {page.page_kind.made_from(page)} both produce /{page.url}",
                    "rename or remove one of them",
                )
            )
            continue
        owners[page.dest_uri] = page.source_path or page.src_uri
        kept.append(page)
    return Plan(kept, problems)


def _its_file(page: PlannedPage) -> str:
    return page.source_path or page.src_uri


def _the_addition(page: PlannedPage) -> str:
    return f"the {page.kind} of {page.src_uri}"


KINDS: dict[str, PageKind] = {
    ENTRY: PageKind(_entry_pages, "entry", _its_file, Stale.ENTRY),
    INDEX: PageKind(
        _index_pages, "collection", lambda p: f"the generated index of {p.collection}", Stale.COLLECTION, in_nav=True
    ),
    VIEW: PageKind(_view_pages, "collection", _its_file, Stale.COLLECTION, in_nav=True),
    GROUP: PageKind(_group_pages, "group", lambda p: f"the generated page of the nav group {p.subject!r}", in_nav=True),
    REFERENCE: PageKind(_reference_page, "reference", lambda p: "the generated data model reference"),
    FEED: PageKind(_feeds, "feed", lambda p: f"the generated feed {p.src_uri}", output=Output.FEED),
    ARTICLE_HEADER: PageKind(_article_headers, "entry", _the_addition, Stale.ENTRY, Output.ADDITION),
    ARTICLE_FOOTER: PageKind(_article_footers, "entry", _the_addition, Stale.ENTRY, Output.ADDITION),
    LATEST: PageKind(_latest_blocks, "page", _the_addition, output=Output.ADDITION),
    PICTURE: PageKind(_pictures, "picture", _the_addition, output=Output.ADDITION),
    CONTRIBUTORS: PageKind(
        _contributors_index, "contributors", lambda p: "the generated index of contributors", in_nav=True
    ),
    CONTRIBUTOR: PageKind(_contributor_pages, "contributor", lambda p: f"the generated page of @{p.subject}"),
    EXPLORER_DATA: PageKind(
        _explorer_data, "explorer data", lambda p: f"the release explorer's data {p.src_uri}", output=Output.FEED
    ),
}
"""Every kind of planned page, in the order they are planned: the first page to claim
an address keeps it (a clash is reported against the later one)."""
