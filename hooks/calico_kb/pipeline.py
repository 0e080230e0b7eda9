"""The whole flow in one call: load, validate, graph, render.

`make check`, the MkDocs hook, the tests and the benchmark all go through
`build_knowledge_base` and `generate_pages`, so they see the same problems.
"""
from __future__ import annotations

import contextlib
import dataclasses
import functools
import gc
import posixpath
from collections.abc import Iterator
from pathlib import Path

from .schema.catalog import Catalog, SchemaFileError, load_catalog
from .checks.content_policy import markdown_problems
from .checks.duplicates import duplicate_problems
from .checks.page_templates import page_template_problems, theme_template_dirs
from .checks.static_files import static_file_problems
from .graph import Graph
from .load.files import Sources, load_sources
from .checks.placeholders import report_placeholders
from .problems import Problem
from .render.pages import GeneratedPage, Renderer, TemplateProblem
from .render.reference_page import reference_page
from .checks.schema import validate_sources


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
        return Renderer(self.project.templates_dir, self.catalog, self.graph)


def build_knowledge_base(project: Project, catalog: Catalog | None = None) -> KnowledgeBase:
    """Load and check every file of the project; problems are collected, never raised."""
    with collector_paused():
        try:
            catalog = catalog or load_catalog(project.schemas_dir)
        except SchemaFileError as error:  # nothing can be checked against a schema that cannot be read
            catalog = Catalog.empty()
            return KnowledgeBase(project, catalog, Sources({}, {}), Graph(catalog, {}), error.problems)
        sources, problems = load_sources(catalog, project.data_dir, project.docs_dir, project.root)
        problems += validate_sources(catalog, sources)
        problems += markdown_problems(sources)
        problems += static_file_problems(sources.static_files)
        problems += duplicate_problems(catalog, sources)
        problems += page_template_problems(sources, theme_template_dirs(project.root))
        problems = report_placeholders(catalog, sources, problems)
        graph = Graph(catalog, sources.entries)
    return KnowledgeBase(project, catalog, sources, graph, problems)


@contextlib.contextmanager
def collector_paused() -> Iterator[None]:
    """Python's cyclic garbage collector paused for one stage of the flow.

    Loading creates hundreds of thousands of objects that all stay alive, and the
    collector would walk all of them again and again as rendering makes garbage: a
    fifth of both stages at 5,000 entries, growing faster than the data. What little
    cyclic garbage a stage leaves is collected when the collector resumes.
    """
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if collecting:
            gc.enable()


def page_url(src_uri: str) -> str:
    """The directory URL MkDocs gives a page: "a/b.md" -> "a/b/", "a/index.md" -> "a/"."""
    stem = src_uri.removesuffix(".md")
    if stem == "index" or stem.endswith("/index") or stem == "README" or stem.endswith("/README"):
        stem = posixpath.dirname(stem)
    return f"{stem}/" if stem else ""


def generate_pages(kb: KnowledgeBase, *, sample: bool = False) -> tuple[list[GeneratedPage], list[Problem]]:
    """Render every generated page, refusing any that would clash with another page.

    With `sample` (for `make check`), only one entry page per collection is rendered
    (see `Renderer.render_pages`); the build renders them all.
    """
    with collector_paused():
        return _generate_pages(kb, sample)


def _generate_pages(kb: KnowledgeBase, sample: bool) -> tuple[list[GeneratedPage], list[Problem]]:
    problems: list[Problem] = []
    owners: dict[str, str] = {}
    for src_uri, page in kb.sources.pages.items():
        owners[page_url(src_uri)] = page.source
    for entry in kb.sources.entries.values():
        if kb.catalog[entry.collection].from_markdown:
            owners[page_url(entry.src_uri)] = entry.source
    pages = []
    try:
        rendered = kb.renderer.render_pages(sample=sample)
    except TemplateProblem as error:
        if kb.problems:
            # Invalid data (an unknown reference, a missing field) breaks templates too;
            # its own problems say what to fix, so a second, vaguer report is left out.
            return [], problems
        template = Path(error.template)
        if template.is_absolute() and template.is_relative_to(kb.project.root):
            template = template.relative_to(kb.project.root)
        elif not template.is_absolute():
            template = Path("templates") / template
        return [], problems + [Problem(template.as_posix(), error.line, 1, error.message)]
    rendered.append(reference_page(kb.catalog))  # contribute/reference.md, from the schemas
    for page in rendered:
        normalized = posixpath.normpath(page.src_uri)
        if normalized != page.src_uri or normalized.startswith(("/", "../")):
            problems.append(Problem(page.source or "templates", 1, 1, f"generated page {page.src_uri!r} would be written outside the site"))
            continue
        url = page_url(page.src_uri)
        if url in owners:
            made_from = page.source or f"the generated index of {page.src_uri.split('/')[0]}"
            problems.append(Problem(owners[url], 1, 1,
                                    f"this page and {made_from} both produce /{url}",
                                    "rename or remove one of them"))
            continue
        owners[url] = page.source or page.src_uri
        pages.append(page)
    return pages, problems
