"""The doorway between MkDocs and the knowledge base core (`calico_kb`).

It only translates MkDocs events into calls of the core (`pipeline.build` and the
plan's pages) and problems into one `PluginError`. State lives in `_state`, made
afresh by `on_config` on every build, because `mkdocs serve` keeps this module
loaded between rebuilds.
"""
from __future__ import annotations

import functools
import os
from pathlib import Path

from calico_kb import paths, pipeline
from calico_kb.checks.built_pages import BuiltPages
from calico_kb.problems import Problem, format_problems
from calico_kb.render.feeds import feed_title, is_site_feed, media_type
from calico_kb.render.nav import nav_with_collections
from calico_kb.render.social_cards import SocialCards, cache_dir, page_kind
from calico_kb.render.wayfinding import place_meta
from calico_kb.site.check import check_built_site, site_check_wanted
from markupsafe import escape
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File, InclusionLevel

_state: dict[str, object] = {}


def on_config(config):
    _state.clear()
    project = pipeline.Project(Path(config.config_file_path).resolve().parent)
    site = pipeline.SiteInfo(config.site_url, config.site_name, config.site_description,
                             Path(config.config_file_path).name)
    _state["build"] = pipeline.build(project, site)
    config.nav = nav_with_collections(config.nav, _state["build"].kb.catalog, _state["build"].plan)
    kb = _state["build"].kb
    _state["cards"] = SocialCards(config.site_url, config.site_name, cache_dir(project.root),
                                  functools.partial(page_kind, kb.catalog, kb.sources.entries))
    return config


def on_files(files, config):
    build = _state["build"]
    _fail_on(build.problems)
    texts, problems = build.render_pages()
    _fail_on(problems)
    for page in build.plan.pages:
        inclusion = InclusionLevel.UNDEFINED if page.in_nav else InclusionLevel.NOT_IN_NAV
        generated = File.generated(config, page.src_uri, content=texts[page.src_uri], inclusion=inclusion)
        generated.edit_uri = paths.edit_path(page.source_path) if page.source_path and not page.is_feed else None
        files.append(generated)
    _state["built_pages"] = BuiltPages.for_plan(build.kb.project.root, config.site_url, build.plan.pages,
                                                Path(config.site_dir))
    return files


def on_page_markdown(markdown, page, config, files):
    build = _state["build"]
    description = build.description(page.file.src_uri, page.meta)
    if description is not None:
        # Material prints page.meta.description into an HTML attribute without escaping.
        page.meta["description"] = escape(description)
    # An entry's place in its collection (render/wayfinding.py): articles get it here,
    # generated entry pages carry the same in their front matter.
    page.meta.update(place_meta(build.kb.graph, page.file.src_uri))
    return build.page_markdown(page.file.src_uri, markdown)


def on_env(env, config, files):
    # The feeds every page (404 included) links in its <head>: see overrides/main.html.
    build = _state["build"]
    env.globals["kb_feeds"] = [{"dest_uri": feed.dest_uri, "media_type": media_type(feed),
                                "title": feed_title(build.kb, feed, config.site_name)}
                               for feed in build.feeds if is_site_feed(feed)]
    env.globals["kb_social_card"] = _state["cards"].for_page  # og:image of every page
    return env


@event_priority(-100)  # after every other plugin: what is checked is what is written
def on_post_page(output, page, config):
    # The HTML the browser will run is the boundary: see calico_kb/checks/html_policy.py.
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
    if site_check_wanted(os.environ):  # links, anchors, reachability: calico_kb/site/check.py
        problems += check_built_site(built_pages.built_site(), _state["build"], config.site_url, policy=False)
    if problems:
        raise PluginError(f"the built site has {len(set(problems))} problem(s):\n" + format_problems(problems))


def _fail_on(problems: list[Problem]) -> None:
    if problems:
        raise PluginError(f"the knowledge base has {len(set(problems))} problem(s):\n" + format_problems(problems))
