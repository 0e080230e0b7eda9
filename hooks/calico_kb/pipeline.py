"""The whole flow in one call: load, check, graph, plan, render.

`make check`, the MkDocs hook, `generate --out`, the built-site checker, the tests and
the benchmark all go through `build`, so they see the same knowledge base, the same
plan of pages and the same problems. Rendering happens on demand, page by page.
"""

from __future__ import annotations

import dataclasses
import functools
from pathlib import Path

import yaml

from . import paths
from .cache import cache_root
from .checks import run_checks
from .checks.markdown_bodies import BodyReader, body_reader
from .checks.page_links import BrokenLink, MarkdownText, broken_links
from .collector import collector_paused
from .config import read_config
from .graph import Graph
from .load.files import Sources, load_sources
from .plan import REFERENCE, Plan, PlannedPage, plan_pages
from .problems import Problem
from .render.compiled_templates import CompiledTemplates, compiled_templates
from .render.feeds import render_feed, site_url_problems
from .render.pages import LATEST_MARKER, Renderer, TemplateProblem
from .render.pictures import PICTURE_MARKER, most_mentioned
from .render.reference_page import reference_markdown
from .schema.catalog import Catalog, SchemaFileError, load_catalog


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


def build_knowledge_base(project: Project, catalog: Catalog | None = None) -> KnowledgeBase:
    """Load and check every file of the project; problems are collected, never raised."""
    with collector_paused():
        try:
            catalog = catalog or load_catalog(project.schemas_dir)
        except SchemaFileError as error:  # nothing can be checked against a schema that cannot be read
            catalog = Catalog.empty()
            return KnowledgeBase(project, catalog, Sources({}, {}), Graph(catalog, {}), error.problems)
        sources, problems = load_sources(catalog, project.data_dir, project.docs_dir, project.root)
        problems = catalog.problems + run_checks(project.root, catalog, sources, problems)
        graph = Graph(catalog, sources.entries, project.bodies)
    return KnowledgeBase(project, catalog, sources, graph, problems)


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


@dataclasses.dataclass
class Build:
    """A knowledge base, the plan of its pages, and how to render each of them."""

    kb: KnowledgeBase
    plan: Plan
    site: SiteInfo

    @property
    def problems(self) -> list[Problem]:
        """Every problem of the sources and of the plan: the build goes ahead only without any."""
        site = site_url_problems(self.site.url, self.site.config_file) if self.feeds and self.site.config_file else []
        return self.kb.problems + self.plan.problems + site

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
            *(page.src_uri for page in self.plan.pages if not page.is_feed),
        }
        return broken_links(texts, pages, self._anchors_of, self.kb.project.bodies)

    def _anchors_of(self, src_uri: str) -> frozenset[str] | None:
        """The ids of a page's Markdown: read from its text, or from its rendering for a
        generated page; None when it cannot be known (templates never see invalid data)."""
        page = self.kb.sources.pages.get(src_uri)
        entry = self.kb.sources.entries.get(src_uri.removesuffix(".md"))
        if page is not None or (entry is not None and entry.body is not None):
            return self.kb.project.bodies(page.body.text if page is not None else entry.body.text).anchors
        planned = next((p for p in self.plan.pages if p.src_uri == src_uri), None)
        if planned is None or self.kb.problems:
            return None
        try:
            return self.kb.project.bodies(self.render(planned)).anchors
        except TemplateProblem:
            return None  # reported where the template is tried

    @property
    def feeds(self) -> list[PlannedPage]:
        return [page for page in self.plan.pages if page.is_feed]

    def render(self, page: PlannedPage) -> str:
        """The text of one planned page or feed."""
        if page.kind == REFERENCE:
            return reference_markdown(self.kb.catalog)
        if page.is_feed:
            return render_feed(self.kb.graph, page, self.site.url or "", self.site.name, self.site.description)
        return self.kb.renderer.render(page)

    def render_pages(self, pages: list[PlannedPage] | None = None) -> tuple[dict[str, str], list[Problem]]:
        """The text of each page (all planned pages by default) by src_uri, and the
        problems of the templates that failed."""
        texts: dict[str, str] = {}
        problems: list[Problem] = []
        failed: set[str | None] = set()
        with collector_paused():
            for page in self.plan.pages if pages is None else pages:
                if page.template in failed:
                    continue  # one cause, one message: a broken template is reported once
                try:
                    texts[page.src_uri] = self.render(page)
                except TemplateProblem as error:
                    problems.append(self._template_problem(error))
                    failed.add(page.template)
        return texts, sorted(set(problems))

    def page_markdown(self, src_uri: str, markdown: str) -> str:
        """A hand-written page's Markdown as the site shows it: an article gets its kind
        line under its title and its footer (references, related entries), the home
        page's markers its latest entries and its picture."""
        entry = self.kb.sources.entries.get(src_uri.removesuffix(".md"))
        if entry is not None and entry.body is not None:
            markdown = self.kb.renderer.render_article(entry, markdown)
        if LATEST_MARKER in markdown:
            markdown = markdown.replace(LATEST_MARKER, self.kb.renderer.render_latest(src_uri))
        if PICTURE_MARKER in markdown:  # the home page's picture of the whole knowledge base
            markdown = markdown.replace(PICTURE_MARKER, most_mentioned(self.kb.graph, src_uri, "Knowledge base"))
        return markdown

    def description(self, src_uri: str, meta: dict) -> str | None:
        """A page's description: its front matter's, or an article's summary."""
        description = meta.get("description")
        if not description:
            entry = self.kb.sources.entries.get(src_uri.removesuffix(".md"))
            description = entry.data.get("summary") if entry else None
        return description if isinstance(description, str) else None

    def _template_problem(self, error: TemplateProblem) -> Problem:
        template = Path(error.template)
        if template.is_absolute() and template.is_relative_to(self.kb.project.root):
            template = template.relative_to(self.kb.project.root)
        elif not template.is_absolute():
            template = Path(paths.TEMPLATES_DIR) / template
        return Problem(template.as_posix(), error.line, 1, error.message)


def build(project: Project, site: SiteInfo, catalog: Catalog | None = None) -> Build:
    """Load and check every file of the project, then plan every page."""
    kb = build_knowledge_base(project, catalog)
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
