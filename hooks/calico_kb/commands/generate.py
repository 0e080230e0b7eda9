"""`generate --out DIR`: the site's sources as plain files, for any engine.

The hook hands MkDocs the planned pages in memory. An engine that cannot run hooks
(Zensical ignores them silently), or a preview that wants files whose modification
times mean something (`mkdocs serve --dirty`), needs them on disk instead. This module
writes what the hook would hand over, and nothing the engine has to compute:

- `DIR/docs/`: every file of docs/ (Markdown pages with their article footers and
  latest-entries blocks filled in), every generated page and every feed; front matter
  is written out again with its description HTML-escaped (Material prints it into an
  attribute as it is) and, on generated pages, `kb_edit_url`, the edit link of the
  contributor's file (read by overrides/partials/actions.html);
- `DIR/mkdocs.yml`: the project's configuration with `docs_dir` pointing there, no
  hooks, the collections in the nav and the site feeds in `extra.kb_feeds`.

Only files whose bytes changed are written, and files no longer produced are removed,
so a second run over an unchanged project touches nothing.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any
from urllib.parse import urljoin

import yaml
from markupsafe import escape

from .. import paths
from ..config import read_config
from ..load.files import split_front_matter
from ..pipeline import Build
from ..plan import ENTRY
from ..problems import Problem
from ..render.feeds import feed_title, is_site_feed, media_type
from ..render.nav import nav_with_collections
from ..render.wayfinding import place_meta

DOCS = "docs"
CONFIG = "mkdocs.yml"


def write_site_sources(build: Build, out: Path) -> tuple[int, list[Problem]]:
    """Write the project's site sources under `out`; (files written, problems).

    Nothing is written when the knowledge base has problems.
    """
    if build.problems:
        return 0, sorted(set(build.problems))
    texts, problems = build.render_pages()
    if problems:
        return 0, problems
    files = {f"{DOCS}/{uri}": data for uri, data in site_source_files(build, texts).items()}
    files[CONFIG] = engine_config(build, out).encode("utf-8")
    return len(write_if_changed(files, out)), []


def site_source_files(build: Build, texts: dict[str, str]) -> dict[str, bytes]:
    """Every file of the docs folder an engine needs, by its path there."""
    docs_dir = build.kb.project.docs_dir
    edit_base = _edit_base(build.kb.project.root / CONFIG)
    files: dict[str, bytes] = {uri: (docs_dir / uri).read_bytes() for uri in build.kb.sources.static_files}
    for src_uri, page in build.kb.sources.pages.items():
        meta = dict(page.document.value) if page.document else {}
        files[src_uri] = _page(meta, build.page_markdown(src_uri, page.body.text), build.description(src_uri, meta))
    for entry in build.kb.sources.entries.values():
        if entry.body is not None:
            meta = dict(entry.data) | place_meta(build.kb.graph, entry.src_uri)  # as the hook adds it
            files[entry.src_uri] = _page(
                meta, build.page_markdown(entry.src_uri, entry.body.text), build.description(entry.src_uri, meta)
            )
    for page in build.plan.pages:
        text = texts[page.src_uri]
        if page.is_feed:
            files[page.src_uri] = text.encode("utf-8")
            continue
        front_matter, _, body, _ = split_front_matter(text)
        meta = (yaml.safe_load(front_matter) if front_matter else None) or {}
        if page.source_path and edit_base:
            meta["kb_edit_url"] = urljoin(edit_base, paths.edit_path(page.source_path))
        files[page.src_uri] = _page(meta, body, build.description(page.src_uri, meta))
    return files


def engine_config(build: Build, out: Path) -> str:
    """The project's mkdocs.yml for an engine without hooks, building from `out`."""
    root = build.kb.project.root
    # `!ENV` values (the site's and repository's addresses) are written out as resolved.
    config: dict[str, Any] = read_config((root / CONFIG).read_text(encoding="utf-8"))
    config.pop("hooks", None)
    config.pop("watch", None)
    config["docs_dir"] = DOCS
    config["site_dir"] = os.path.relpath(root / "site", out)
    theme = config.get("theme")
    if isinstance(theme, dict) and theme.get("custom_dir"):
        theme["custom_dir"] = os.path.relpath(root / theme["custom_dir"], out)
    config["nav"] = nav_with_collections(config.get("nav"), build.kb.catalog, build.plan)
    # Entry pages stay out of the nav (see render.nav), as the hook marks them.
    entries = sorted({f"/{page.collection}/*.md" for page in build.plan.pages if page.kind == ENTRY})
    config["not_in_nav"] = "\n".join([*filter(None, str(config.get("not_in_nav") or "").splitlines()), *entries]) + "\n"
    extra = config.setdefault("extra", {})
    extra["kb_feeds"] = [
        {
            "dest_uri": feed.dest_uri,
            "media_type": media_type(feed),
            "title": feed_title(build.kb.graph, feed, build.site.name),
        }
        for feed in build.feeds
        if is_site_feed(feed)
    ]
    return "# Written by `python -m calico_kb generate`: do not edit.\n" + yaml.safe_dump(
        config, allow_unicode=True, sort_keys=False, width=1_000_000
    )


def write_if_changed(files: dict[str, bytes], out: Path, *, prune: bool = True) -> list[str]:
    """Write each file (path relative to `out`) whose bytes differ from what is there;
    with `prune`, remove the files under `out` that are not in `files`. Returns the
    paths written, so that unchanged files keep their modification times."""
    written = []
    for relative, data in sorted(files.items()):
        target = out / relative
        try:
            if target.read_bytes() == data:
                continue
        except OSError:
            target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
        written.append(relative)
    if prune and out.is_dir():
        for path in sorted(out.rglob("*"), reverse=True):
            relative = path.relative_to(out).as_posix()
            if path.is_file() and relative not in files:
                path.unlink()
            elif path.is_dir() and not any(path.iterdir()):
                path.rmdir()
    return written


def _edit_base(config_file: Path) -> str | None:
    """Where MkDocs' edit links start: repo_url joined with edit_uri, as MkDocs joins them."""
    try:
        config = read_config(config_file.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError):
        return None
    repo_url, edit_uri = config.get("repo_url"), config.get("edit_uri")
    if not repo_url or not edit_uri:
        return None
    return urljoin(repo_url.rstrip("/") + "/", edit_uri.rstrip("/") + "/")


def _page(meta: dict[str, Any], body: str, description: str | None) -> bytes:
    if description is not None:
        meta["description"] = str(escape(description))
    if not meta:
        return body.encode("utf-8")
    front_matter = yaml.safe_dump(meta, allow_unicode=True, sort_keys=False, width=1_000_000)
    return f"---\n{front_matter}---\n\n{body.lstrip(chr(10))}".encode()
