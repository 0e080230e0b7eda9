"""What `mkdocs build` does at each MkDocs event: the build's side of the doorway.

`mkdocs_hooks` hands every event to one object, chosen once at start-up: this
`BuildEvents` for a build, `mkdocs_preview.PreviewEvents` (which extends it) for
`mkdocs serve`. Each method translates MkDocs objects into calls of the core
(`calico_kb`) and the core's problems into one `PluginError` at the end of a stage.
One object lives as long as the MkDocs process; what one build needs is made afresh
by `on_config`, because `mkdocs serve` builds many times in one process.
"""

from __future__ import annotations

import functools
import os
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.toc import TableOfContents

from calico_kb import collector, paths, pipeline
from calico_kb.plan import PlannedPage
from calico_kb.problems import Problem, format_problems
from calico_kb.render.nav import nav_with_collections
from calico_kb.render.social_cards import SocialCards, cache_dir, page_kind
from calico_kb.render.theme_markup import valid_theme_markup
from calico_kb.site.built_pages import BuiltPages
from calico_kb.site.check import check_built_site, site_check_wanted
from calico_kb.site.search import SearchIndexError, SearchViews, searched_pages, write_search_index


class BuildEvents:
    """A strict build: any problem stops it, all of them listed at once."""

    lets_go_of_written_pages = True
    """Only the strict build (see `on_post_page`); the preview keeps MkDocs' pages as
    MkDocs has them."""

    def __init__(self) -> None:
        self.build: pipeline.Build
        self.cards: SocialCards
        self.built_pages: BuiltPages
        self.texts: dict[str, str] = {}
        """The text of every addition to a hand-written page, by its key, until its page
        is finished (the pages' and feeds' texts are handed to MkDocs' files)."""

    def make_build(self, project: pipeline.Project, site: pipeline.SiteInfo) -> pipeline.Build:
        return pipeline.build(project, site)

    def on_config(self, config):
        project = pipeline.Project(Path(config.config_file_path).resolve().parent)
        site = pipeline.SiteInfo(
            config.site_url, config.site_name, config.site_description, Path(config.config_file_path).name
        )
        self.build = build = self.make_build(project, site)
        config.nav = nav_with_collections(config.nav, build.kb.catalog, build.plan)
        self.cards = SocialCards(
            config.site_url,
            config.site_name,
            cache_dir(project.root),
            functools.partial(page_kind, build.kb.catalog, build.kb.sources.entries),
        )
        return config

    def on_files(self, files: Files, config) -> Files:
        if self.build.problems:  # with every problem `make check` lists, broken links included
            _fail_on(self.build.problems + [link.problem for link in self.build.broken_links])
        self.build.forget_source_positions()  # checked: ~27 MB at 5,000 entries, not needed again
        texts, problems = self.build.render_pages()
        _fail_on(problems)
        self.build.make_entry_meta()  # every page is finished (on_page_markdown)
        for page in self.build.plan.outputs:
            files.append(_generated(config, page, texts.pop(page.key)))
        self.texts = texts
        # Readers' search: each page's view is made as the page is checked (on_post_page).
        self.search_views = SearchViews(searched_pages(self.build.kb), in_memory=True)
        self.built_pages = self._built_pages(self.build.plan.outputs, config, self.search_views)
        collector.set_aside_survivors()  # what the build keeps to its end: restored in on_post_build
        return files

    def _built_pages(self, pages: list[PlannedPage], config, search_views: SearchViews | None = None) -> BuiltPages:
        root = self.build.kb.project.root
        return BuiltPages.for_plan(root, config.site_url, pages, Path(config.site_dir), search_views)

    def on_nav(self, nav, config, files):
        return nav

    def on_page_markdown(self, markdown: str, page, config, files) -> str:
        markdown, meta = self.build.finish_page(page.file.src_uri, markdown, page.meta, self.texts)
        self.forget_additions(page.file.src_uri)
        page.meta.update(meta)
        return markdown

    def forget_additions(self, src_uri: str) -> None:
        """A page is finished once: its additions' texts are no longer needed."""
        for addition in self.build.additions_of(src_uri):
            self.texts.pop(addition.key, None)

    def on_env(self, env, config, files):
        self.files, self.env = files, env  # let go of at the end (`let_go_before_indexing`)
        # The sitemap's <lastmod> of every page, those a dirty build did not read included.
        for file in files.documentation_pages():
            date = self.build.page_date(file.src_uri) if file.page is not None else None
            if date is not None:
                file.page.update_date = date
        env.bytecode_cache = self.build.kb.project.compiled_templates
        env.globals["kb_feeds"] = self.build.head_feeds()  # in every page's <head>: overrides/main.html
        env.globals["kb_social_card"] = self.cards.for_page  # og:image of every page
        # Every page is read and converted by now (MkDocs keeps their HTML and tables of
        # contents to the end): set aside for the rendering of 5,000 templates.
        collector.set_aside_survivors()
        return env

    def on_page_context(self, context, page, config, nav):
        return context

    def on_post_page(self, output: str, page, config) -> str:
        output = valid_theme_markup(output)  # Material's markup, valid for the Nu Html Checker
        # The HTML the browser will run is the boundary (the preview's banner included):
        # see calico_kb/checks/html_policy.py.
        self.built_pages.check(output, page.file.dest_uri, page.file.src_uri)
        if self.lets_go_of_written_pages:
            # MkDocs keeps every page's HTML and table of contents to the build's end,
            # and reads neither once the page is written (its anchors are checked from
            # the ids noted while rendering). Not its Markdown: a page's title, which
            # the next page's footer shows, is None without it.
            page.content = None
            page.toc = TableOfContents([])
        return output

    def on_post_template(self, output: str, template_name: str, config) -> str:
        if template_name.endswith(".html"):  # the theme's own pages, such as 404.html
            output = valid_theme_markup(output)
            self.built_pages.check(output, template_name)
        return output

    def on_serve(self, server, config, builder):
        return server

    def on_build_error(self, error) -> None:
        collector.restore()
        if getattr(self, "search_views", None) is not None:  # a page refused: no index, no views kept
            self.search_views.close()

    def on_post_build(self, config) -> None:
        collector.restore()
        self.cards.write(Path(config.site_dir))  # first: every page links its card (og:image)
        try:
            problems = list(self.built_pages.problems)
            if site_check_wanted(os.environ):  # links, anchors, reachability: calico_kb/site/check.py
                problems += check_built_site(self.built_pages.built_site(), self.build, config.site_url, policy=False)
            if problems:
                raise PluginError(f"the built site has {len(set(problems))} problem(s):\n" + format_problems(problems))
            self.let_go_before_indexing()
            # Readers' search: Pagefind's index of the built site (calico_kb/site/search.py).
            write_search_index(Path(config.site_dir), self.search_views)
        except SearchIndexError as error:
            raise PluginError(str(error)) from None
        finally:
            self.search_views.close()  # in memory: not a moment longer than needed

    def let_go_before_indexing(self) -> None:
        """Give back what the build holds once every page is written and checked: MkDocs'
        pages' Markdown (kept for their titles while pages were written), the pages'
        check, the knowledge base and our caches. The build's process stays resident
        while Pagefind's indexer runs (`write_search_index`), and the two together are
        the build's peak of memory: at 5,000 entries the process holds 213 MiB while the
        indexer runs (240 with the pages' Markdown kept). Only the strict build, at its
        end: MkDocs does nothing with its pages after this event, and our hook is its
        only plugin (mkdocs.yml); the preview's server keeps all of it for its next
        build."""
        for file in self.files.documentation_pages():
            if file.page is not None:
                file.page.markdown = None
        for name in ("kb_feeds", "kb_social_card"):  # they hold the knowledge base
            self.env.globals.pop(name, None)
        del self.build, self.cards, self.built_pages, self.files, self.env
        self.texts = {}
        collector.give_back()


class _PlannedPageFile(File):
    """A planned page, which MkDocs builds from memory. MkDocs reads a page's text once
    (`Page.read_source`) and keeps its Markdown and its HTML itself: the text is handed
    over, not kept here too (the texts of 5,000 entries are ~90 MB)."""

    @property
    def content_string(self) -> str:
        if self._content is None:
            raise RuntimeError(f"{self.src_uri}: a planned page's text is handed to MkDocs once, and not kept")
        text, self._content = self._content, None
        return text if isinstance(text, str) else text.decode("utf-8-sig")

    @content_string.setter
    def content_string(self, value: str) -> None:
        File.content_string.fset(self, value)


def _generated(config, page: PlannedPage, text: str) -> File:
    """A planned page or feed as a file MkDocs builds from memory."""
    inclusion = InclusionLevel.UNDEFINED if page.in_nav else InclusionLevel.NOT_IN_NAV
    kind = File if page.is_feed else _PlannedPageFile
    file = kind.generated(config, page.src_uri, content=text, inclusion=inclusion)
    file.edit_uri = paths.edit_path(page.source_path) if page.source_path and not page.is_feed else None
    return file


def _fail_on(problems: list[Problem]) -> None:
    if problems:
        raise PluginError(f"the knowledge base has {len(set(problems))} problem(s):\n" + format_problems(problems))
