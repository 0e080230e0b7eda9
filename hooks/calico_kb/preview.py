"""What `make serve` renders while files have problems.

`make build`, `make check` and CI refuse a knowledge base with problems. The preview
must keep answering instead, so that the contributor sees what is wrong in the
browser (see `render.problem_banner`). It renders what it can, and never renders
invalid data: every file with a problem (a draft from `make new` included) is held
back. Its entry is left out of the graph, so no list shows it, and its page shows a
notice instead of its content. Links to it from other pages still resolve, to that
notice, through a stand-in entry that holds only the slug. A template that fails
replaces every generated page by a notice, so every address keeps answering.
"""
from __future__ import annotations

import dataclasses
from pathlib import Path

from .checks.placeholders import entry_placeholders
from .schema.catalog import Catalog
from .graph import Graph
from .load.files import Entry, Sources
from .load.yaml_source import YamlDocument
from .pipeline import KnowledgeBase, generate_pages, page_url
from .problems import Problem
from .render import markdown_text
from .render.pages import GeneratedPage, Renderer, TemplateProblem
from .render.reference_page import reference_page


@dataclasses.dataclass
class Preview:
    """The knowledge base as the preview renders it, and every problem found."""

    kb: KnowledgeBase
    """Without the entries held back: the graph, the renderer and the feeds use this."""
    pages: list[GeneratedPage]
    """Every generated page, notices included."""
    problems: list[Problem]
    """Every problem, as `make check` and `make build` report them, plus any of rendering."""
    held_back: dict[str, str]
    """Pages shown as a notice: the page's src_uri for each file held back."""
    drafts: set[str]
    """Files held back only for unfilled placeholders."""

    def page_urls(self) -> dict[str, str]:
        """The site URL of each held-back file's page, for the banner's links."""
        return {source: page_url(src_uri) for source, src_uri in self.held_back.items()}


class PreviewRenderer(Renderer):
    """A renderer whose links to held-back entries lead to their notices."""

    def __init__(self, templates_dir: Path, catalog: Catalog, graph: Graph, stand_ins: dict[str, Entry]):
        super().__init__(templates_dir, catalog, graph)
        self.stand_ins = stand_ins

    def _entry_of(self, key: str) -> Entry:
        found = self.graph.entries.get(key)
        return found if found is not None else self.stand_ins[key]


def build_preview(kb: KnowledgeBase) -> Preview:
    """What to render for `kb`, whose problems are reported but never stop the preview."""
    problem_files = {p.path for p in kb.problems}
    held = {key: entry for key, entry in kb.sources.entries.items() if entry.source in problem_files}
    stand_ins = {key: _stand_in(entry.collection, entry.slug, entry.source) for key, entry in held.items()}
    for key, source in kb.sources.failed.items():
        collection, _, slug = key.partition("/")
        stand_ins[key] = _stand_in(collection, slug, source)
    entries = {key: entry for key, entry in kb.sources.entries.items() if key not in held}
    sources = Sources(entries, kb.sources.pages, kb.sources.failed)
    graph = Graph(kb.catalog, entries)
    shown = KnowledgeBase(kb.project, kb.catalog, sources, graph, [])
    shown.renderer = PreviewRenderer(kb.project.templates_dir, kb.catalog, graph, stand_ins)
    drafts = {entry.source for entry in held.values() if _only_placeholders(kb, entry)}
    held_back = {entry.source: entry.src_uri for entry in stand_ins.values()}
    held_back.update({page.source: src_uri for src_uri, page in kb.sources.pages.items() if page.source in problem_files})
    pages, render_problems = generate_pages(shown)
    if render_problems and not pages:  # a template failed: nothing was rendered
        pages = _every_page_a_notice(kb, stand_ins)
    for entry in stand_ins.values():
        if not kb.catalog[entry.collection].from_markdown:
            pages.append(notice_page(entry.src_uri, entry.source, entry.slug, draft=entry.source in drafts))
    return Preview(shown, pages, kb.problems + render_problems, held_back, drafts)


def template_problem(error: TemplateProblem, root: Path) -> Problem:
    """A template's failure as a problem of the template's file (as `generate_pages` says it)."""
    template = Path(error.template)
    if template.is_absolute() and template.is_relative_to(root):
        template = template.relative_to(root)
    elif not template.is_absolute():
        template = Path("templates") / template
    return Problem(template.as_posix(), error.line, 1, error.message)


def notice_markdown(title: str, source: str, *, draft: bool) -> str:
    """The page shown instead of a held-back file's page; the banner lists the problems."""
    if draft:
        note = f"`{source}` is a draft: its placeholders, listed above, are still to be filled in."
    else:
        note = f"`{source}` has problems, listed above: its page is shown when they are fixed."
    return f"# {markdown_text.escape(title)}\n\n{note}\n"


def notice_page(src_uri: str, source: str, title: str, *, draft: bool) -> GeneratedPage:
    return GeneratedPage(src_uri, notice_markdown(title, source, draft=draft), source)


def _every_page_a_notice(kb: KnowledgeBase, stand_ins: dict[str, Entry]) -> list[GeneratedPage]:
    """A notice for every page the templates make, when a template fails."""
    pages = [reference_page(kb.catalog)]
    for entry in kb.sources.entries.values():
        if not kb.catalog[entry.collection].from_markdown and entry.key not in stand_ins:
            pages.append(GeneratedPage(entry.src_uri, "# " + markdown_text.escape(entry.title)
                                       + "\n\nA template has a problem, listed above: this page is shown when it is fixed.\n",
                                       entry.source))
    for name, collection in kb.catalog.collections.items():
        pages.append(GeneratedPage(f"{name}/index.md", f"# {markdown_text.escape(collection.plural)}\n\n"
                                   "A template has a problem, listed above: this page is shown when it is fixed.\n", None))
    return pages


def _stand_in(collection: str, slug: str, source: str) -> Entry:
    """An entry that holds only its slug: what others' links to a held-back entry show."""
    return Entry(collection, slug, source, YamlDocument(source, {}, {}, {}, {}))


def _only_placeholders(kb: KnowledgeBase, entry: Entry) -> bool:
    own = {p for p in kb.problems if p.path == entry.source}
    return bool(own) and own <= set(entry_placeholders(kb.catalog, entry))
