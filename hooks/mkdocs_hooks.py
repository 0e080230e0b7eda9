"""The doorway between MkDocs and the knowledge base core (`calico_kb`).

It only translates MkDocs events into calls of the core and problems into one
`PluginError`. State lives in `_build`, created afresh by `on_config` on every build,
because `mkdocs serve` keeps this module loaded between rebuilds.
"""
from __future__ import annotations

from pathlib import Path

from calico_kb.render.feeds import build_feeds, site_feeds
from calico_kb.pipeline import KnowledgeBase, Project, build_knowledge_base, generate_pages
from calico_kb.problems import format_problems
from calico_kb.render.pages import LATEST_MARKER
from calico_kb.render.wayfinding import entry_places, place_in_nav
from markupsafe import escape
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, InclusionLevel

_build: dict[str, object] = {}


def on_config(config):
    _build.clear()
    _build["project"] = Project(Path(config.config_file_path).resolve().parent)
    return config


def on_files(files, config):
    kb = build_knowledge_base(_build["project"])
    pages, collisions = generate_pages(kb)
    feeds, feed_problems = build_feeds(kb, config.site_url, config.site_name, config.site_description)
    problems = kb.problems + collisions + feed_problems
    if problems:
        raise PluginError(f"the knowledge base has {len(set(problems))} problem(s):\n" + format_problems(problems))
    for page in pages:
        # Collection indexes belong in the nav (MkDocs warns when one is missing); other
        # generated pages, such as contribute/reference.md, may be listed or not.
        is_index = page.source is None and page.src_uri.endswith("/index.md")
        generated = File.generated(config, page.src_uri, content=page.content,
                                   inclusion=InclusionLevel.UNDEFINED if is_index else InclusionLevel.NOT_IN_NAV)
        # The edit link of a generated page opens the file behind it: YAML, or a view's template.
        generated.edit_uri = f"../{page.source}" if page.source else None
        files.append(generated)
    for feed in feeds:
        files.append(File.generated(config, feed.dest_uri, content=feed.content))
    _build["feeds"] = feeds
    _build["kb"] = kb
    _build["renderer"] = kb.renderer
    return files


def on_nav(nav, config, files):
    # Entry pages stay out of the nav but get its active tab, breadcrumb and footer links.
    place_in_nav(entry_places(_build["kb"].graph), lambda uri: getattr(files.get_file_from_path(uri), "page", None))
    return nav


def on_page_markdown(markdown, page, config, files):
    kb: KnowledgeBase = _build["kb"]
    entry = kb.sources.entries.get(page.file.src_uri.removesuffix(".md"))
    if entry is not None and entry.body is not None:
        markdown = _build["renderer"].render_article(entry, markdown)
    if LATEST_MARKER in markdown:
        markdown = markdown.replace(LATEST_MARKER, _build["renderer"].render_latest(page.file.src_uri))
    # Material prints page.meta.description into an HTML attribute without escaping.
    description = page.meta.get("description") or (entry.data.get("summary") if entry else None)
    if isinstance(description, str):
        page.meta["description"] = escape(description)
    return markdown


def on_env(env, config, files):
    # The feeds every page (404 included) links in its <head>: see overrides/main.html.
    env.globals["kb_feeds"] = site_feeds(_build["feeds"])
    return env
