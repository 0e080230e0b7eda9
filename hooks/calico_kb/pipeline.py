"""The whole flow in one call: load, check, graph, plan, render.

`make check`, the MkDocs hook, `generate --out`, the built-site checker, the tests and
the benchmark all go through `build`, so they see the same knowledge base, the same
plan of pages and the same problems. Rendering happens on demand, page by page.
"""

from __future__ import annotations

import dataclasses
import functools
from collections.abc import Callable
from pathlib import Path
from typing import Any, NamedTuple

import yaml
from markupsafe import Markup, escape

from .cache import cache_root
from .checks import run_checks
from .checks.markdown_bodies import BodyReader, body_reader
from .checks.page_links import BrokenLink, MarkdownText, broken_links
from .checks.tracked_ignored import tracked_ignored_problems
from .collector import collector_paused
from .config import read_config
from .graph import Graph
from .load.files import Entry, Sources, load_sources
from .load.yaml_source import forget_positions
from .plan import FEED, Plan, PlannedPage, plan_pages
from .problems import Problem
from .render.compiled_templates import CompiledTemplates, compiled_templates
from .render.descriptions import entry_description, shorten
from .render.explorer_data import render_explorer_data
from .render.feeds import feed_title, is_site_feed, media_type, render_feed, site_url_problems
from .render.pages import Renderer, TemplateProblem, with_additions
from .render.pictures import most_mentioned
from .render.reference_page import reference_markdown
from .render.sitemap import lastmod
from .render.structured_data import json_ld, structured_data
from .render.wayfinding import place_meta
from .schema.catalog import Catalog, SchemaFileError, load_catalog

KB_STRUCTURED_DATA = "kb_structured_data"
"""The page meta that overrides/main.html prints as the page's JSON-LD."""


@dataclasses.dataclass(frozen=True)
class Project:
    """Where a knowledge base's files live. Tests point it at small fixture sites."""

    root: Path

    @property
    def data_dir(self) -> Path:
        return self.root / "data"

    @property
    def docs_dir(self) -> Path:
        return self.root / "docs"

    @property
    def schemas_dir(self) -> Path:
        return self.root / "schemas"

    @property
    def templates_dir(self) -> Path:
        return self.root / "templates"

    @property
    def bodies(self) -> BodyReader:
        """Markdown bodies rendered and read once, kept between builds (see `cache`)."""
        return body_reader(self.root)

    @property
    def compiled_templates(self) -> CompiledTemplates:
        """Compiled templates, ours and the theme's, kept between builds (see `cache`)."""
        return compiled_templates(cache_root(self.root) / "templates")


@dataclasses.dataclass
class KnowledgeBase:
    """Everything known after loading and checking a project."""

    project: Project
    catalog: Catalog
    sources: Sources
    graph: Graph
    problems: list[Problem]

    @functools.cached_property
    def renderer(self) -> Renderer:
        """One renderer per knowledge base (per build), so templates compile once."""
        return Renderer(self.project.templates_dir, self.catalog, self.graph, self.project.compiled_templates)


HoldBack = Callable[[Sources, list[Problem]], dict[str, Entry]]
"""Given the sources and their problems, the entries the graph is made of: the
preview's way to leave out the entries it holds back (see `preview.rebuild`)."""


def build_knowledge_base(
    project: Project,
    catalog: Catalog | None = None,
    *,
    hold_back: HoldBack | None = None,
) -> KnowledgeBase:
    """Load and check every file of the project; problems are collected, never raised.

    First of all, no committed file may be in the folders the ignore rules keep for
    builds and tools (`checks.tracked_ignored`)."""
    with collector_paused():
        committed = tracked_ignored_problems(project.root)
        if committed:
            return _nothing_loaded(project, committed)
        try:
            catalog = catalog or load_catalog(project.schemas_dir, cache_root(project.root) / "schemas")
        except SchemaFileError as error:  # nothing can be checked against a schema that cannot be read
            return _nothing_loaded(project, error.problems)
        sources, problems = load_sources(catalog, project.data_dir, project.docs_dir, project.root)
        problems = catalog.problems + run_checks(project.root, catalog, sources, problems)
        entries = sources.entries if hold_back is None else hold_back(sources, problems)
        graph = Graph(catalog, entries, project.bodies)
    return KnowledgeBase(project, catalog, sources, graph, problems)


def _nothing_loaded(project: Project, problems: list[Problem]) -> KnowledgeBase:
    """A knowledge base of nothing but `problems`: what is known when loading cannot start."""
    catalog = Catalog.empty()
    return KnowledgeBase(project, catalog, Sources({}, {}), Graph(catalog, {}), problems)


@dataclasses.dataclass(frozen=True)
class SiteInfo:
    """What the pages and feeds need to know about the site (from mkdocs.yml)."""

    url: str | None
    """The site's address, e.g. "https://example.org/calico-community-kb/"."""
    name: str
    description: str | None = None
    config_file: str | None = "mkdocs.yml"
    """Where these were read, for problems; None for a project without a configuration,
    which has data to check but no site to build."""


def read_site_info(config_file: Path) -> SiteInfo:
    """The site's name, address and description from a MkDocs configuration, without MkDocs."""
    if not config_file.is_file():
        return SiteInfo(None, "", None, None)
    try:
        config = read_config(config_file.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError):
        config = {}  # MkDocs itself reports what is wrong with its configuration
    return SiteInfo(
        config.get("site_url"), str(config.get("site_name") or ""), config.get("site_description"), config_file.name
    )


class EntryMeta(NamedTuple):
    """What an entry's page adds to its front matter (`Build.finish_page`)."""

    description: str | None
    """The entry's own description (render/descriptions.py), before its front matter's."""
    structured_data: Markup | None
    """Its schema.org JSON-LD (render/structured_data.py)."""
    place: dict[str, Any]
    """Its place in its collection (render/wayfinding.py)."""


@dataclasses.dataclass
class Build:
    """A knowledge base, the plan of its pages, and how to render each of them."""

    kb: KnowledgeBase
    plan: Plan
    site: SiteInfo
    _entry_meta: dict[str, EntryMeta] = dataclasses.field(default_factory=dict, init=False, repr=False)
    """What entry pages' front matter gets, made ahead (`make_entry_meta`), until each page is finished."""

    @property
    def problems(self) -> list[Problem]:
        """Every problem of the sources and of the plan: the build goes ahead only without any."""
        site = site_url_problems(self.site.url, self.site.config_file) if self.feeds and self.site.config_file else []
        return self.kb.problems + self.plan.problems + site

    def forget_source_positions(self) -> None:
        """Let go of where each value of the data files and front matter is written, for
        a strict build whose sources passed every check: nothing it reports afterwards is
        located by them (the built site's problems are found in the sources' text). Not
        for the preview, which reports problems of the same documents after each edit."""
        sources = self.kb.sources
        forget_positions(
            [entry.document for entry in sources.entries.values()] + [page.document for page in sources.pages.values()]
        )

    @functools.cached_property
    def broken_links(self) -> list[BrokenLink]:
        """Links in Markdown text to pages or anchors the site will not have. They make
        no page unsafe to render, so the build reports them at its end, with what the
        built site shows (`site.check` leaves these links to this report)."""
        texts = [
            MarkdownText(src_uri, page.source, page.body.text, page.body.first_line)
            for src_uri, page in self.kb.sources.pages.items()
        ] + [
            MarkdownText(entry.src_uri, entry.source, entry.body.text, entry.body.first_line)
            for entry in self.kb.sources.entries.values()
            if entry.body is not None
        ]
        pages = {
            *self.kb.sources.pages,
            *(entry.src_uri for entry in self.kb.sources.entries.values()),
            *(page.src_uri for page in self.plan.outputs if not page.is_feed),
        }
        bodies = self.kb.project.bodies  # looked up once: the property finds the reader anew each time
        return broken_links(texts, pages, functools.partial(self._anchors_of, bodies), bodies)

    def _anchors_of(self, bodies: BodyReader, src_uri: str) -> frozenset[str] | None:
        """The ids of a page's Markdown: read from its text, or from its rendering for a
        generated page; None when it cannot be known (templates never see invalid data)."""
        page = self.kb.sources.pages.get(src_uri)
        entry = self.kb.sources.entries.get(src_uri.removesuffix(".md"))
        if page is not None or (entry is not None and entry.body is not None):
            return bodies(page.body.text if page is not None else entry.body.text).anchors
        planned = next((p for p in self.plan.outputs if p.src_uri == src_uri), None)
        if planned is None or self.kb.problems:
            return None
        try:
            return bodies(self.render(planned)).anchors
        except TemplateProblem:
            return None  # reported where the template is tried

    @property
    def feeds(self) -> list[PlannedPage]:
        return [page for page in self.plan.pages if page.kind == FEED]

    def head_feeds(self) -> list[dict[str, str]]:
        """The feeds every page (404 included) links in its <head> (overrides/main.html
        reads them as `kb_feeds`, or `config.extra.kb_feeds` from `generate`)."""
        return [
            {
                "dest_uri": feed.dest_uri,
                "media_type": media_type(feed),
                "title": feed_title(self.kb.graph, feed, self.site.name),
            }
            for feed in self.feeds
            if is_site_feed(feed)
        ]

    def render(self, page: PlannedPage) -> str:
        """The text of one planned page, feed or addition, as its kind renders it."""
        made_in_python = _PYTHON_RENDERERS.get(page.page_kind.renders)
        return made_in_python(self, page) if made_in_python else self.kb.renderer.render(page)

    def render_pages(self, pages: list[PlannedPage] | None = None) -> tuple[dict[str, str], list[Problem]]:
        """The text of each page (all planned pages by default) by its key (its src_uri,
        or for an addition, see `PlannedPage.key`), and the problems of the templates
        that failed."""
        texts: dict[str, str] = {}
        problems: list[Problem] = []
        failed: set[str | None] = set()
        with collector_paused():
            for page in self.plan.pages if pages is None else pages:
                if page.template in failed:
                    continue  # one cause, one message: a broken template is reported once
                try:
                    texts[page.key] = self.render(page)
                except TemplateProblem as error:
                    problems.append(error.problem(self.kb.project.root))
                    failed.add(page.template)
        return texts, sorted(set(problems))

    def finish_page(
        self, src_uri: str, markdown: str, meta: dict[str, Any], texts: dict[str, str]
    ) -> tuple[str, dict[str, Any]]:
        """A page's Markdown and front matter as the site shows them, given the texts
        `render_pages` made: its description HTML-escaped (Material prints it into an
        attribute as it is), an entry's schema.org JSON-LD, its place in its collection (render/wayfinding.py),
        and a hand-written page's additions (an article's header and footer, the latest
        entries, the picture) in their places. The hook, `generate` and the preview
        all finish pages here."""
        meta = dict(meta)
        own = self._entry_meta.pop(src_uri, None) or self.entry_meta(src_uri)
        description = own.description or meta.get("description")
        if isinstance(description, str):
            meta["description"] = str(escape(shorten(description)))
        if own.structured_data is not None:  # printed in the page's <head> by overrides/main.html
            meta[KB_STRUCTURED_DATA] = str(own.structured_data)
        # Generated entry pages carry their place in their front matter too, but it is
        # set again from the current graph: under `make serve --dirty` a cached page's
        # front matter can predate a new neighbour (tests/preview/, "a new entry").
        meta.update(own.place)
        additions = {page.kind: texts[page.key] for page in self.additions_of(src_uri) if page.key in texts}
        entry = self.kb.sources.entries.get(src_uri.removesuffix(".md"))
        article = entry is not None and entry.body is not None and entry.src_uri == src_uri
        if additions or article:
            markdown = with_additions(markdown, additions, article=article)
        return markdown, meta

    def additions_of(self, src_uri: str) -> list[PlannedPage]:
        """The additions planned into the hand-written page `src_uri`."""
        return self._additions.get(src_uri, [])

    @functools.cached_property
    def _additions(self) -> dict[str, list[PlannedPage]]:
        found: dict[str, list[PlannedPage]] = {}
        for page in self.plan.additions:
            found.setdefault(page.src_uri, []).append(page)
        return found

    def entry_meta(self, src_uri: str) -> EntryMeta:
        """What `finish_page` adds to the front matter of the page `src_uri` from its entry."""
        entry = self.kb.sources.entries.get(src_uri.removesuffix(".md"))
        if entry is None:
            return EntryMeta(None, None, {})
        return EntryMeta(
            entry_description(entry),
            json_ld(structured_data(self.kb.graph, entry, self.site.url)),
            place_meta(self.kb.graph, src_uri),
        )

    def make_entry_meta(self) -> None:
        """Make every entry page's `entry_meta` now, for `finish_page` to take once: for
        a build that finishes every page. Made one page at a time between MkDocs' work
        on each, the same code ran 3-4 times slower (the JSON-LD alone: 0.54 s against
        0.15 s CPU at 5,000 entries: what it reads is no longer in the processor's
        caches). What it makes goes into the pages' metadata, which MkDocs keeps to the
        end of the build anyway."""
        self._entry_meta = {entry.src_uri: self.entry_meta(entry.src_uri) for entry in self.kb.sources.entries.values()}

    def page_date(self, src_uri: str) -> str | None:
        """The date the sitemap gives a page (render/sitemap.py); None keeps the build date."""
        return lastmod(self.kb.sources.entries.get(src_uri.removesuffix(".md")))


_PYTHON_RENDERERS: dict[str, Callable[[Build, PlannedPage], str]] = {
    "reference": lambda build, page: reference_markdown(build.kb.catalog),
    "feed": lambda build, page: render_feed(
        build.kb.graph, page, build.site.url or "", build.site.name, build.site.description
    ),
    "picture": lambda build, page: most_mentioned(build.kb.graph, page.src_uri, "Knowledge base"),
    "explorer data": lambda build, page: render_explorer_data(build.kb.graph, page.src_uri, page.subject),
}
"""The kinds' renderers that are not templates (`plan.PageKind.renders`)."""


def build(
    project: Project, site: SiteInfo, catalog: Catalog | None = None, *, hold_back: HoldBack | None = None
) -> Build:
    """Load and check every file of the project, then plan every page (see `HoldBack`
    for `hold_back`)."""
    kb = build_knowledge_base(project, catalog, hold_back=hold_back)
    plan = plan_pages(kb.catalog, kb.sources, project.templates_dir)
    return Build(kb, plan, site)


def check(build_: Build) -> list[Problem]:
    """Every problem the build would meet, without writing a site: the sources, the
    plan (every page and feed, every clash) and each template tried on one of its pages.

    Templates never see invalid data: with problems in the sources, nothing is rendered.
    """
    links = [link.problem for link in build_.broken_links]
    if build_.problems:
        return sorted(set(build_.problems + links))
    _, problems = build_.render_pages(list(build_.plan.templates().values()))
    return sorted(set(problems + links))
