"""The doorway between MkDocs and the knowledge base core (`calico_kb`).

It only translates MkDocs events into calls of the core (`pipeline.build` and the
plan's pages) and problems into one `PluginError`. State lives in `_state`, made
afresh by `on_config` on every build, because `mkdocs serve` keeps this module
loaded between rebuilds.

Under `mkdocs serve` (`make serve`), problems never stop the build: the core's preview
(`calico_kb.preview.rebuild`) holds back the files with problems, and every page shows them in
a banner (`calico_kb.preview.problem_banner`); the terminal gets one line each. What
the serve process keeps between rebuilds, so that `--dirty` rebuilds only what changed
and still shows what a clean build would, is in `mkdocs_preview`.
"""

from __future__ import annotations

import functools
import logging
import os
from pathlib import Path

from markupsafe import escape
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File, InclusionLevel
from mkdocs_preview import DirtyPreview, SearchIndexer

from calico_kb import paths, pipeline
from calico_kb.preview.incremental import RenderMemo, files_signature
from calico_kb.preview.problem_banner import banner_html, edit_link, problem_files
from calico_kb.preview.rebuild import build_preview, notice_markdown, page_additions
from calico_kb.problems import Problem, format_problems
from calico_kb.render.feeds import feed_title, is_site_feed, media_type
from calico_kb.render.nav import nav_with_collections
from calico_kb.render.pages import LATEST_MARKER, TemplateProblem
from calico_kb.render.social_cards import SocialCards, cache_dir, page_kind
from calico_kb.render.wayfinding import place_meta
from calico_kb.schema.catalog import load_catalog
from calico_kb.site.built_pages import BuiltPages
from calico_kb.site.check import check_built_site, site_check_wanted
from calico_kb.site.search import SearchIndexError, searched_pages, write_search_index

_state: dict[str, object] = {}
_serving = False
"""True under `mkdocs serve`: set once by on_startup, for the life of the process."""
_preview: DirtyPreview | None = None
"""What a serve process remembers between rebuilds (made by the first on_config)."""
_search_indexer = SearchIndexer()
"""Writes readers' search index in the background after each rebuild of the preview."""
_memo = RenderMemo()
"""The pages a serve process rendered last, to render again only what changed."""
_catalogs: dict[str, object] = {}
_log = logging.getLogger("mkdocs.hooks.calico_kb")
_ARTICLE_START = '<article class="md-content__inner md-typeset">'


def on_startup(command, dirty):
    global _serving
    _serving = command == "serve"


def on_config(config):
    global _preview
    _state.clear()
    project = pipeline.Project(Path(config.config_file_path).resolve().parent)
    site = pipeline.SiteInfo(
        config.site_url, config.site_name, config.site_description, Path(config.config_file_path).name
    )
    _state["build"] = pipeline.build(project, site, _catalog(project) if _serving else None)
    config.nav = nav_with_collections(config.nav, _state["build"].kb.catalog, _state["build"].plan)
    kb = _state["build"].kb
    _state["cards"] = SocialCards(
        config.site_url,
        config.site_name,
        cache_dir(project.root),
        functools.partial(page_kind, kb.catalog, kb.sources.entries),
    )
    if _serving and _preview is None:
        _preview = DirtyPreview(project.root / ".cache" / "preview")
    return config


def _catalog(project: pipeline.Project):
    """The schemas, read again by a serve process only when one of them changed."""
    signature = files_signature(project.schemas_dir)
    if _catalogs.get("signature") != signature:
        _catalogs.update(signature=signature, catalog=load_catalog(project.schemas_dir))
    return _catalogs["catalog"]


def on_files(files, config):
    if _serving:
        return _preview_files(files, config)
    build = _state["build"]
    if build.problems:  # with every problem `make check` lists, broken links included
        _fail_on(build.problems + [link.problem for link in build.broken_links])
    texts, problems = build.render_pages()
    _fail_on(problems)
    for page in build.plan.pages:
        inclusion = InclusionLevel.UNDEFINED if page.in_nav else InclusionLevel.NOT_IN_NAV
        generated = File.generated(config, page.src_uri, content=texts[page.src_uri], inclusion=inclusion)
        generated.edit_uri = paths.edit_path(page.source_path) if page.source_path and not page.is_feed else None
        files.append(generated)
    _state["built_pages"] = BuiltPages.for_plan(
        build.kb.project.root, config.site_url, build.plan.pages, Path(config.site_dir)
    )
    return files


def _preview_files(files, config):
    preview = build_preview(_state["build"], _memo)
    additions = page_additions(preview, _memo)  # before the problems are reported: it may add some
    _state.update(
        build=preview.build,
        held_back=preview.held_back,
        drafts=preview.drafts,
        edit=edit_link(config.repo_url, config.edit_uri),
    )
    for line in format_problems(preview.problems).splitlines():
        _log.warning(line)
    _state["banner"] = problem_files(preview.problems, preview.page_urls(), preview.drafts)
    kb = preview.build.kb
    _state["sources"] = {
        **{page.src_uri: page.source_path for page in preview.pages},
        **{src_uri: page.source for src_uri, page in kb.sources.pages.items()},
        **{entry.src_uri: entry.source for entry in kb.sources.entries.values()},
        **{src_uri: source for source, src_uri in preview.held_back.items()},
    }
    for page in preview.pages:
        if page.is_feed:
            files.append(File.generated(config, page.src_uri, content=preview.texts[page.src_uri]))
    _preview.files(
        files, config, [page for page in preview.pages if not page.is_feed], preview.texts, additions, _state["banner"]
    )
    _state["built_pages"] = BuiltPages.for_plan(kb.project.root, config.site_url, preview.pages, Path(config.site_dir))
    return files


def on_nav(nav, config, files):
    if _serving:
        _preview.nav(nav, config)
    return nav


def on_page_markdown(markdown, page, config, files):
    build = _state["build"]
    source = _state["sources"].get(page.file.src_uri) if _serving else None
    if source in _state.get("held_back", ()):
        # A page held back (an article, a hand-written page): its notice, never its content.
        return notice_markdown(page.file.name, source, draft=source in _state["drafts"])
    description = build.description(page.file.src_uri, page.meta)
    if description is not None:
        # Material prints page.meta.description into an HTML attribute without escaping.
        page.meta["description"] = escape(description)
    # An entry's place in its collection (render/wayfinding.py): articles get it here.
    # Generated entry pages carry it in their front matter too, but it is set again from
    # the current graph: under `make serve --dirty` a cached page's front matter can
    # predate a new neighbour (tests/preview/test_preview_equivalence.py, "a new entry").
    page.meta.update(place_meta(build.kb.graph, page.file.src_uri))
    try:
        return build.page_markdown(page.file.src_uri, markdown)
    except TemplateProblem:
        if not _serving:
            raise
        return markdown.replace(LATEST_MARKER, "")  # its problem is in the banner (see page_additions)


def on_env(env, config, files):
    build = _state["build"]
    env.bytecode_cache = build.kb.project.compiled_templates
    # The feeds every page (404 included) links in its <head>: see overrides/main.html.
    env.globals["kb_feeds"] = [
        {
            "dest_uri": feed.dest_uri,
            "media_type": media_type(feed),
            "title": feed_title(build.kb.graph, feed, config.site_name),
        }
        for feed in build.feeds
        if is_site_feed(feed)
    ]
    env.globals["kb_social_card"] = _state["cards"].for_page  # og:image of every page
    return env


@event_priority(-100)  # after every other plugin: what is checked is what is written
def on_post_page(output, page, config):
    if _serving:
        _preview.page_built(page)
        banner = banner_html(_state["banner"], page.url, _state["sources"].get(page.file.src_uri), _state["edit"])
        output = output.replace(_ARTICLE_START, _ARTICLE_START + banner, 1)
    # The HTML the browser will run is the boundary, the preview's banner included:
    # see calico_kb/checks/html_policy.py.
    _state["built_pages"].check(output, page.file.dest_uri, page.file.src_uri)
    return output


@event_priority(-100)
def on_post_template(output, template_name, config):
    if template_name.endswith(".html"):  # the theme's own pages, such as 404.html
        _state["built_pages"].check(output, template_name)
    return output


def on_post_build(config):
    _state["cards"].write(Path(config.site_dir))  # first: every page links its card (og:image)
    built_pages = _state["built_pages"]
    problems = list(built_pages.problems)
    if _serving:
        # A dirty rebuild checks only the pages it built, so the site-wide checks (links,
        # reachability) would see a partial site; the pages' own problems are one line each.
        for line in format_problems(problems).splitlines():
            _log.warning(line)
        _search_indexer.request(Path(config.site_dir), searched_pages(_state["build"].kb))
        return
    if site_check_wanted(os.environ):  # links, anchors, reachability: calico_kb/site/check.py
        problems += check_built_site(built_pages.built_site(), _state["build"], config.site_url, policy=False)
    if problems:
        raise PluginError(f"the built site has {len(set(problems))} problem(s):\n" + format_problems(problems))
    try:  # readers' search: Pagefind's index of the built site (calico_kb/site/search.py)
        write_search_index(Path(config.site_dir), searched_pages(_state["build"].kb))
    except SearchIndexError as error:
        raise PluginError(str(error)) from None


def _fail_on(problems: list[Problem]) -> None:
    if problems:
        raise PluginError(f"the knowledge base has {len(set(problems))} problem(s):\n" + format_problems(problems))
