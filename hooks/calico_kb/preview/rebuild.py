"""What `make serve` renders while files have problems.

`make build`, `make check` and CI refuse a knowledge base with problems. The preview
must keep answering instead, so that the contributor sees what is wrong in the
browser (see `preview.problem_banner`). It renders what it can, and never renders
invalid data: every file with a problem (a draft from `make new` included) is held
back. Its entry is left out of the graph, so no list shows it, and its page shows a
notice instead of its content. Links to it from other pages still resolve, to that
notice, through a stand-in entry that holds only the slug. A page whose template
fails shows a notice too, so every address of the plan keeps answering.
"""

from __future__ import annotations

import dataclasses

import jinja2
from markupsafe import Markup

from .. import paths
from ..checks.placeholders import entry_placeholders
from ..graph import Graph
from ..load.files import Entry
from ..load.yaml_source import YamlDocument
from ..pipeline import Build, KnowledgeBase
from ..plan import ENTRY, PlannedPage
from ..problems import Problem
from ..render import markdown_text
from ..render.pages import LATEST_MARKER, Renderer, TemplateProblem
from .incremental import RenderMemo, files_signature


@dataclasses.dataclass
class Preview:
    """The site as the preview renders it, and every problem found."""

    build: Build
    """Without the entries held back: its graph, renderer and feeds leave them out."""
    pages: list[PlannedPage]
    """Every planned page and feed, and a page for each entry whose file did not load."""
    texts: dict[str, str]
    """The text of each of `pages`, by src_uri: notices where a page cannot be shown."""
    problems: list[Problem]
    """Every problem, as `make check` and `make build` report them."""
    held_back: dict[str, str]
    """Pages shown as a notice: the page's src_uri for each file held back."""
    drafts: set[str]
    """Files held back only for unfilled placeholders."""

    def page_urls(self) -> dict[str, str]:
        """The site URL of each held-back file's page, for the banner's links."""
        return {source: paths.page_url(src_uri) for source, src_uri in self.held_back.items()}


_reading: set[str] | None = None
"""The keys of the entries whose data the page being rendered has read (see `_ReadEntry`)."""


class _ReadEntry(Entry):
    """An entry that notes whenever a template reads its data, for `incremental`."""

    @property
    def data(self) -> dict:
        if _reading is not None:
            _reading.add(self.key)
        return self.document.value


class PreviewRenderer(Renderer):
    """A renderer whose links to held-back entries lead to their notices, and which notes
    which entries' data each page read."""

    def __init__(self, kb: KnowledgeBase, graph: Graph, stand_ins: dict[str, Entry]):
        super().__init__(kb.project.templates_dir, kb.catalog, graph, kb.project.compiled_templates)
        self.stand_ins = stand_ins
        self.reads: dict[str, frozenset[str]] = {}

    def render(self, page: PlannedPage) -> str:
        global _reading
        _reading = set()
        try:
            return super().render(page)
        finally:
            self.reads[page.src_uri] = frozenset(_reading)
            _reading = None

    @jinja2.pass_context
    def _link(
        self, context: jinja2.runtime.Context, target: Entry | str, text: object = None, attributes: str = ""
    ) -> Markup:
        # Links are cached across pages: the page that reuses one reads its target too.
        if _reading is not None:
            _reading.add(target if isinstance(target, str) else target.key)
        return super()._link(context, target, text, attributes)

    def _entry_of(self, key: str) -> Entry:
        if _reading is not None:
            _reading.add(key)
        found = self.graph.entries.get(key)
        return found if found is not None else self.stand_ins[key]


def build_preview(build: Build, memo: RenderMemo | None = None) -> Preview:
    """What to show for `build`, whose problems are reported but never stop the preview.

    With `memo` (kept by the serve process), only the pages a change can affect are
    rendered again (see `incremental`)."""
    kb = build.kb
    problems = build.problems + [link.problem for link in build.broken_links]
    problem_files = {p.path for p in problems}
    held = {key: entry for key, entry in kb.sources.entries.items() if entry.source in problem_files}
    stand_ins = {key: _stand_in(entry.collection, entry.slug, entry.source) for key, entry in held.items()}
    for key, source in kb.sources.failed.items():
        collection, _, slug = key.partition("/")
        stand_ins[key] = _stand_in(collection, slug, source)
    shown = _without(build, held, stand_ins)
    drafts = {entry.source for entry in held.values() if _only_placeholders(kb, problems, entry)}
    held_back = {entry.source: entry.src_uri for entry in stand_ins.values()}
    held_back.update(
        {page.source: src_uri for src_uri, page in kb.sources.pages.items() if page.source in problem_files}
    )
    planned = {page.src_uri for page in build.plan.pages}
    pages = build.plan.pages + [
        PlannedPage(ENTRY, entry.src_uri, entry.source, None, entry.collection, entry.key)
        for entry in stand_ins.values()
        if not kb.catalog[entry.collection].from_markdown and entry.src_uri not in planned
    ]
    renderable = [page for page in pages if page.entry_key not in stand_ins]
    if memo is None:
        texts, render_problems = shown.render_pages(renderable)
    else:
        texts, render_problems = _render_incrementally(shown, renderable, memo, frozenset(stand_ins))
    for page in pages:
        if page.src_uri not in texts and not page.is_feed:
            texts[page.src_uri] = _notice(page, held_back, drafts)
    return Preview(
        shown, [page for page in pages if page.src_uri in texts], texts, problems + render_problems, held_back, drafts
    )


def _render_incrementally(
    shown: Build, pages: list[PlannedPage], memo: RenderMemo, held: frozenset[str]
) -> tuple[dict[str, str], list[Problem]]:
    project = shown.kb.project
    signature = (files_signature(project.templates_dir, project.schemas_dir), held)
    stale = memo.stale(pages, shown.kb.graph, signature)
    rendered, problems = shown.render_pages(stale)
    reads = shown.kb.renderer.reads
    memo.remember(rendered, {uri: reads[uri] for uri in rendered if uri in reads}, shown.kb.graph, signature)
    for page in stale:
        if page.src_uri not in rendered:  # its template failed: never show an old text
            memo.texts.pop(page.src_uri, None)
    texts = {page.src_uri: memo.texts[page.src_uri] for page in pages if page.src_uri in memo.texts}
    return texts, problems


def notice_markdown(title: str, source: str, *, draft: bool) -> str:
    """The page shown instead of a held-back file's page; the banner lists the problems."""
    if draft:
        note = f"`{source}` is a draft: its placeholders, listed above, are still to be filled in."
    else:
        note = f"`{source}` has problems, listed above: its page is shown when they are fixed."
    return f"# {markdown_text.escape(title)}\n\n{note}\n"


def _notice(page: PlannedPage, held_back: dict[str, str], drafts: set[str]) -> str:
    title = page.src_uri.removesuffix(".md").rsplit("/", 1)[-1]
    if page.source_path in held_back:
        return notice_markdown(title, page.source_path, draft=page.source_path in drafts)
    return (
        f"# {markdown_text.escape(title)}\n\n"
        f"A template has a problem, listed above: this page is shown when it is fixed.\n"
    )


def _without(build: Build, held: dict[str, Entry], stand_ins: dict[str, Entry]) -> Build:
    """`build` with the held-back entries left out of the graph and the renderer."""
    kb = build.kb
    entries = {
        key: _ReadEntry(*(getattr(entry, field.name) for field in dataclasses.fields(entry)))
        for key, entry in kb.sources.entries.items()
        if key not in held
    }
    graph = Graph(kb.catalog, entries, kb.project.bodies)
    shown = KnowledgeBase(kb.project, kb.catalog, dataclasses.replace(kb.sources, entries=entries), graph, [])
    shown.renderer = PreviewRenderer(kb, graph, stand_ins)
    return Build(shown, build.plan, build.site)


def _stand_in(collection: str, slug: str, source: str) -> Entry:
    """An entry that holds only its slug: what others' links to a held-back entry show."""
    return Entry(collection, slug, source, YamlDocument(source, {}, {}, {}, {}))


def _only_placeholders(kb: KnowledgeBase, problems: list[Problem], entry: Entry) -> bool:
    own = {p for p in problems if p.path == entry.source}
    return bool(own) and own <= set(entry_placeholders(kb.catalog, entry))


def page_additions(preview: Preview, memo: RenderMemo | None = None) -> dict[str, str]:
    """Each hand-written page's Markdown as the site shows it (an article with its footer,
    the home page with its latest entries), by src_uri: a page whose additions changed
    must be built again. A template that fails adds its problem to the preview's. With
    `memo`, run after `build_preview` with it, only what a change can affect is rendered."""
    global _reading
    build = preview.build
    bodies = {src_uri: (page.body.text, None) for src_uri, page in build.kb.sources.pages.items()}
    bodies.update(
        {
            entry.src_uri: (entry.body.text, entry.key)
            for entry in build.kb.sources.entries.values()
            if entry.body is not None
        }
    )
    additions = {}
    for src_uri, (body, key) in bodies.items():
        memo_key = "+" + src_uri  # beside the generated pages' texts, never one of them
        if (
            memo is not None
            and memo.texts.get("~" + src_uri) == body
            and not memo.must_add(memo_key, key if key in build.kb.graph.entries else None)
        ):
            additions[src_uri] = memo.texts[memo_key]
            continue
        _reading = set()
        try:
            additions[src_uri] = build.page_markdown(src_uri, body)
            if memo is not None:
                memo.texts[memo_key], memo.reads[memo_key] = additions[src_uri], frozenset(_reading)
                memo.texts["~" + src_uri] = body
        except TemplateProblem as error:
            preview.problems.append(build._template_problem(error))  # as render_pages reports it
            additions[src_uri] = body.replace(LATEST_MARKER, "")
            if memo is not None:
                memo.texts.pop(memo_key, None)
        finally:
            _reading = None
    return additions
