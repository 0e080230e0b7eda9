"""What `make serve` renders while files have problems.

`make build`, `make check` and CI refuse a knowledge base with problems. The preview
must keep answering instead, so that the contributor sees what is wrong in the
browser (see `preview.problem_banner`). It renders what it can, and never renders
invalid data: every file with a problem (a draft from `make new` included) is held
back. Its entry is left out of the graph (decided before the graph is built, through
`pipeline.build(..., hold_back=...)`), so no list shows it, and its page shows a
notice instead of its content. Links to it from other pages still resolve, to that
notice, through a stand-in entry that holds only the slug. A page whose template
fails shows a notice too, so every address of the plan keeps answering.

The preview's renderer also records which entries' data each page read (`Reads`),
so that `incremental` renders again only the pages a change can reach.
"""

from __future__ import annotations

import contextlib
import dataclasses
from collections.abc import Iterator

from markupsafe import Markup

from .. import paths, pipeline
from ..checks.placeholders import entry_placeholders
from ..load.files import Entry, Sources
from ..load.yaml_source import YamlDocument
from ..pipeline import Build, KnowledgeBase, Project, SiteInfo
from ..plan import ENTRY, PlannedPage
from ..problems import Problem
from ..render import markdown_text
from ..render.pages import Renderer
from ..schema.catalog import Catalog
from .incremental import RenderMemo, files_signature


@dataclasses.dataclass
class Preview:
    """The site as the preview renders it, and every problem found."""

    build: Build
    """Its graph, renderer and feeds leave the entries held back out."""
    pages: list[PlannedPage]
    """Every planned page, feed and addition, and a page for each entry whose file did
    not load, that has a text."""
    texts: dict[str, str]
    """The text of each of `pages`, by its key: notices where a page cannot be shown."""
    problems: list[Problem]
    """Every problem, as `make check` and `make build` report them."""
    held_back: dict[str, str]
    """Pages shown as a notice: the page's src_uri for each file held back."""
    drafts: set[str]
    """Files held back only for unfilled placeholders."""

    @property
    def outputs(self) -> list[PlannedPage]:
        """The pages and feeds that are files of the site."""
        return [page for page in self.pages if not page.is_addition]

    def page_urls(self) -> dict[str, str]:
        """The site URL of each held-back file's page, for the banner's links."""
        return {source: paths.page_url(src_uri) for source, src_uri in self.held_back.items()}

    def page_sources(self) -> dict[str, str | None]:
        """The file behind each page by its src_uri, for the banner's edit links: a
        generated page's data file or template, a hand-written page's Markdown file."""
        sources = self.build.kb.sources
        return {
            **{page.src_uri: page.source_path for page in self.outputs},
            **{src_uri: page.source for src_uri, page in sources.pages.items()},
            **{entry.src_uri: entry.source for entry in sources.entries.values()},
            **{src_uri: source for source, src_uri in self.held_back.items()},
        }

    def additions(self) -> dict[str, tuple[str | None, ...]]:
        """The texts of the additions to each hand-written page, by its src_uri: a page
        whose additions changed must be built again (the hook's preview drops its output)."""
        found: dict[str, tuple[str | None, ...]] = {}
        for page in self.build.plan.additions:
            found[page.src_uri] = (*found.get(page.src_uri, ()), self.texts.get(page.key))
        return found


class Reads:
    """Which entries' data each page read while it was rendered, by the page's key."""

    def __init__(self) -> None:
        self.by_page: dict[str, frozenset[str]] = {}
        self._reading: set[str] | None = None

    def add(self, key: str) -> None:
        if self._reading is not None:
            self._reading.add(key)

    @contextlib.contextmanager
    def page(self, key: str) -> Iterator[None]:
        self._reading = set()
        try:
            yield
        finally:
            self.by_page[key] = frozenset(self._reading)
            self._reading = None


@dataclasses.dataclass
class _ReadEntry(Entry):
    """An entry that tells `reads` whenever a template reads its data."""

    reads: Reads | None = None

    @property
    def data(self) -> dict:
        if self.reads is not None:
            self.reads.add(self.key)
        return self.document.value


class PreviewRenderer(Renderer):
    """A renderer whose links to held-back entries lead to their notices, and which notes
    which entries' data each page read."""

    def __init__(self, kb: KnowledgeBase, stand_ins: dict[str, Entry], reads: Reads):
        super().__init__(kb.project.templates_dir, kb.catalog, kb.graph, kb.project.compiled_templates)
        self.stand_ins = stand_ins
        self.reads = reads

    def render(self, page: PlannedPage) -> str:
        with self.reads.page(page.key):
            return super().render(page)

    def _link(self, target: Entry | str, text: object = None, attributes: str = "") -> Markup:
        # Links are cached across pages: the page that reuses one reads its target too.
        self.reads.add(target if isinstance(target, str) else target.key)
        return super()._link(target, text, attributes)

    def _entry_of(self, key: str) -> Entry:
        self.reads.add(key)
        found = self.graph.entries.get(key)
        return found if found is not None else self.stand_ins[key]


def preview_build(project: Project, site: SiteInfo, catalog: Catalog | None = None) -> Build:
    """The build the preview shows: every problem reported, the entries with problems
    left out of the one graph built, and a renderer that records what pages read."""
    reads = Reads()

    def shown(sources: Sources, problems: list[Problem]) -> dict[str, Entry]:
        held = _held_entries(sources, problems)
        return {
            key: _ReadEntry(*(getattr(entry, f.name) for f in dataclasses.fields(entry)), reads=reads)
            for key, entry in sources.entries.items()
            if key not in held
        }

    build = pipeline.build(project, site, catalog, hold_back=shown)
    kb = build.kb
    kb.renderer = PreviewRenderer(kb, _stand_ins(kb.sources, kb.problems), reads)
    return build


def build_preview(build: Build, memo: RenderMemo | None = None) -> Preview:
    """What to show for `build` (made by `preview_build`), whose problems are reported
    but never stop the preview.

    With `memo` (kept by the serve process), only the pages a change can affect are
    rendered again (see `incremental`)."""
    kb = build.kb
    problems = build.problems + [link.problem for link in build.broken_links]
    problem_files = {p.path for p in problems}
    stand_ins = _stand_ins(kb.sources, kb.problems)
    drafts = {
        entry.source for entry in _held_entries(kb.sources, kb.problems).values() if _only_placeholders(kb, entry)
    }
    held_back = {entry.source: entry.src_uri for entry in stand_ins.values()}
    # Markdown pages with a problem only the plan or the links show: a notice too (an
    # article among them stays in the graph, decided before those problems were known).
    markdown = [*kb.sources.pages.values(), *(entry for entry in kb.sources.entries.values() if entry.body)]
    held_back.update({page.source: page.src_uri for page in markdown if page.source in problem_files})
    planned = {page.src_uri for page in build.plan.outputs}
    pages = build.plan.pages + [
        PlannedPage(ENTRY, entry.src_uri, entry.source, None, entry.collection, entry.key)
        for entry in stand_ins.values()
        if not kb.catalog[entry.collection].from_markdown and entry.src_uri not in planned
    ]
    renderable = [page for page in pages if page.subject not in stand_ins]
    if memo is None:
        texts, render_problems = build.render_pages(renderable)
    else:
        texts, render_problems = _render_incrementally(build, renderable, memo, frozenset(stand_ins))
    for page in pages:
        if page.key not in texts and not page.is_feed and not page.is_addition:
            texts[page.key] = _notice(page, held_back, drafts)
    return Preview(
        build, [page for page in pages if page.key in texts], texts, problems + render_problems, held_back, drafts
    )


def _render_incrementally(
    build: Build, pages: list[PlannedPage], memo: RenderMemo, held: frozenset[str]
) -> tuple[dict[str, str], list[Problem]]:
    project = build.kb.project
    signature = (files_signature(project.templates_dir, project.schemas_dir), held)
    stale = memo.stale(pages, build.kb.graph, signature)
    rendered, problems = build.render_pages(stale)
    renderer = build.kb.renderer
    reads = renderer.reads.by_page if isinstance(renderer, PreviewRenderer) else {}
    memo.remember(rendered, {key: reads[key] for key in rendered if key in reads}, build.kb.graph, signature)
    for page in stale:
        if page.key not in rendered:  # its template failed: never show an old text
            memo.forget(page.key)
    texts = {page.key: memo.texts[page.key] for page in pages if page.key in memo.texts}
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


def _held_entries(sources: Sources, problems: list[Problem]) -> dict[str, Entry]:
    """The entries whose file has a problem: left out of the graph, shown as notices."""
    problem_files = {p.path for p in problems}
    return {key: entry for key, entry in sources.entries.items() if entry.source in problem_files}


def _stand_ins(sources: Sources, problems: list[Problem]) -> dict[str, Entry]:
    """An entry holding only its slug for each entry held back or whose file did not
    load: what others' links to it show."""
    stand_ins = {
        key: _stand_in(entry.collection, entry.slug, entry.source)
        for key, entry in _held_entries(sources, problems).items()
    }
    for key, source in sources.failed.items():
        collection, _, slug = key.partition("/")
        stand_ins[key] = _stand_in(collection, slug, source)
    return stand_ins


def _stand_in(collection: str, slug: str, source: str) -> Entry:
    return Entry(collection, slug, source, YamlDocument(source, {}, {}, {}, {}))


def _only_placeholders(kb: KnowledgeBase, entry: Entry) -> bool:
    own = {p for p in kb.problems if p.path == entry.source}
    return bool(own) and own <= set(entry_placeholders(kb.catalog, entry))
