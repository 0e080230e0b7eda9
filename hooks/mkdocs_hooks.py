"""The doorway between MkDocs and the knowledge base core (`calico_kb`).

It only translates MkDocs events into calls of the core and problems into one
`PluginError`. State lives in `_build`, created afresh by `on_config` on every build,
because `mkdocs serve` keeps this module loaded between rebuilds.

Under `mkdocs serve` (`make serve`), problems never stop the build: the core's
preview (`calico_kb.preview`) holds back the files with problems, and every page shows
them in a banner (`calico_kb.render.problem_banner`); the terminal gets one line each.
What the serve process keeps between rebuilds, so that `--dirty` rebuilds only what
changed and still shows what a clean build would, is in `mkdocs_preview`.
"""
from __future__ import annotations

import logging
from pathlib import Path

from calico_kb.render.feeds import build_feeds, site_feeds
from calico_kb.pipeline import KnowledgeBase, Project, build_knowledge_base, generate_pages
from calico_kb.preview import build_preview, notice_markdown, template_problem
from calico_kb.problems import Problem, format_problems
from calico_kb.render.pages import LATEST_MARKER, GeneratedPage, TemplateProblem
from calico_kb.render.problem_banner import banner_html, edit_link, problem_files
from markupsafe import escape
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, InclusionLevel
from mkdocs_preview import DirtyPreview

_build: dict[str, object] = {}
_serving = False
"""True under `mkdocs serve`: set once by on_startup, for the life of the process."""
_preview: DirtyPreview | None = None
"""What a serve process remembers between rebuilds (made by the first on_config)."""
_log = logging.getLogger("mkdocs.hooks.calico_kb")
_ARTICLE_START = '<article class="md-content__inner md-typeset">'


def on_startup(command, dirty):
    global _serving
    _serving = command == "serve"


def on_config(config):
    global _preview
    _build.clear()
    _build["project"] = Project(Path(config.config_file_path).resolve().parent)
    if _serving and _preview is None:
        _preview = DirtyPreview(_build["project"].root / ".cache" / "preview")
    return config


def on_files(files, config):
    kb = build_knowledge_base(_build["project"])
    if _serving:
        return _preview_files(kb, files, config)
    pages, problems = generate_pages(kb)
    feeds, feed_problems = build_feeds(kb, config.site_url, config.site_name, config.site_description)
    problems = kb.problems + problems + feed_problems
    if problems:
        raise PluginError(f"the knowledge base has {len(set(problems))} problem(s):\n" + format_problems(problems))
    for page in pages:
        files.append(_page_file(page, config))
    _keep(kb, pages, feeds, files, config)
    return files


def _preview_files(kb: KnowledgeBase, files, config):
    preview = build_preview(kb)
    kb, pages = preview.kb, preview.pages
    feeds, feed_problems = build_feeds(kb, config.site_url, config.site_name, config.site_description)
    _build.update(held_back=preview.held_back, drafts=preview.drafts, edit=edit_link(config.repo_url, config.edit_uri))
    _keep(kb, pages, feeds, files, config)
    problems = preview.problems + feed_problems
    # What templates add to hand-written pages, made now so that their problems join the banner.
    _build["additions"] = additions = {src_uri: _additions(page, kb, problems) for src_uri, page in kb.sources.pages.items()}
    additions.update({e.src_uri: _additions(e, kb, problems) for e in kb.sources.entries.values() if e.body is not None})
    for line in format_problems(problems).splitlines():
        _log.warning(line)
    _build["banner"] = problem_files(problems, preview.page_urls(), preview.drafts)
    _preview.files(files, config, pages, additions, _build["banner"])
    return files


def _additions(item, kb: KnowledgeBase, problems: list[Problem]) -> tuple[str, str]:
    """(article footer, home page's latest entries) of a hand-written page, "" when none."""
    footer = latest = ""
    if getattr(item, "key", None) in kb.sources.entries:
        footer = _rendered(kb.renderer.render_article_footer, problems, item)
    if LATEST_MARKER in item.body.text:
        latest = _rendered(kb.renderer.render_latest, problems, item.src_uri)
    return footer, latest


def _rendered(render, problems: list[Problem], *arguments) -> str:
    # Under serve, a failing template adds nothing and its problem joins the banner.
    try:
        return render(*arguments)
    except TemplateProblem as error:
        problems.append(template_problem(error, _build["project"].root))
        return ""


def _keep(kb: KnowledgeBase, pages: list[GeneratedPage], feeds, files, config) -> None:
    for feed in feeds:
        files.append(File.generated(config, feed.dest_uri, content=feed.content))
    _build["sources"] = {**{p.src_uri: p.source for p in kb.sources.pages.values()},
                         **{e.src_uri: e.source for e in kb.sources.entries.values()},
                         **{p.src_uri: p.source for p in pages if p.source}}
    _build["feeds"] = feeds
    _build["kb"] = kb
    _build["renderer"] = kb.renderer


def _page_file(page: GeneratedPage, config) -> File:
    # Collection indexes belong in the nav (MkDocs warns when one is missing); other
    # generated pages, such as contribute/reference.md, may be listed or not.
    is_index = page.source is None and page.src_uri.endswith("/index.md")
    generated = File.generated(config, page.src_uri, content=page.content,
                               inclusion=InclusionLevel.UNDEFINED if is_index else InclusionLevel.NOT_IN_NAV)
    # The edit link of a generated page opens the file behind it: YAML, or a view's template.
    generated.edit_uri = f"../{page.source}" if page.source else None
    return generated


def on_nav(nav, config, files):
    if _serving:
        _preview.nav(nav, config)
    return nav


def on_page_markdown(markdown, page, config, files):
    kb: KnowledgeBase = _build["kb"]
    source = _build["sources"].get(page.file.src_uri)
    if _serving and source in _build["held_back"]:
        # A page held back (an article, a hand-written page): its notice, never its content.
        return notice_markdown(page.file.name, source, draft=source in _build["drafts"])
    entry = kb.sources.entries.get(page.file.src_uri.removesuffix(".md"))
    if _serving:
        footer, latest = _build["additions"].get(page.file.src_uri, ("", ""))
    else:
        footer = _build["renderer"].render_article_footer(entry) if entry is not None and entry.body is not None else ""
        latest = _build["renderer"].render_latest(page.file.src_uri) if LATEST_MARKER in markdown else ""
    if footer:
        markdown = markdown.rstrip("\n") + "\n\n" + footer
    if LATEST_MARKER in markdown:
        markdown = markdown.replace(LATEST_MARKER, latest)
    # Material prints page.meta.description into an HTML attribute without escaping.
    description = page.meta.get("description") or (entry.data.get("summary") if entry else None)
    if isinstance(description, str):
        page.meta["description"] = escape(description)
    return markdown


def on_env(env, config, files):
    # The feeds every page (404 included) links in its <head>: see overrides/main.html.
    env.globals["kb_feeds"] = site_feeds(_build["feeds"])
    return env


def on_page_context(context, page, config, nav):
    if _serving:
        _preview.page_context(page, config)
    return context


def on_post_page(output, page, config):
    if _serving:
        _preview.page_built(page)
        banner = banner_html(_build["banner"], page.url, _build["sources"].get(page.file.src_uri), _build["edit"])
        output = output.replace(_ARTICLE_START, _ARTICLE_START + banner, 1)
    return output


def on_post_build(config):
    if _serving:
        _preview.post_build(config)
