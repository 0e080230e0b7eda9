"""`generate --out DIR`: the site's sources as plain files, for any engine.

The hook hands MkDocs the planned pages in memory. An engine that cannot run hooks
(Zensical ignores them silently), or a preview that wants files whose modification
times mean something (`mkdocs serve --dirty`), needs them on disk instead. This module
writes what the hook would hand over, and nothing the engine has to compute:

- `DIR/docs/`: every file of docs/ (Markdown pages finished as the hook finishes
  them, `pipeline.Build.finish_page`: article headers and footers, latest-entries
  blocks, places, escaped descriptions), every generated page and every feed; on
  generated pages, the front matter also has `kb_edit_url`, the edit link of the
  contributor's file (read by overrides/partials/actions.html);
- `DIR/mkdocs.yml`: the project's configuration with `docs_dir` pointing there, the
  site written into `DIR/site/` (Zensical wants it inside the configuration's folder),
  no hooks, the collections in the nav and the site feeds in `extra.kb_feeds`.

Only files whose bytes changed are written, and files of `DIR/docs/` no longer
produced are removed, so a second run over an unchanged project touches nothing.
Nothing else under `DIR` is removed: an engine's site and cache live there.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any
from urllib.parse import urljoin

import yaml

from .. import paths
from ..config import read_config
from ..load.files import split_front_matter
from ..pipeline import Build
from ..problems import Problem
from ..render.nav import nav_with_collections

DOCS = "docs"
CONFIG = "mkdocs.yml"
SITE = "site"


def write_site_sources(build: Build, out: Path) -> tuple[int, list[Problem]]:
    """Write the project's site sources under `out`; (files written, problems).

    Nothing is written when the knowledge base has problems.
    """
    links = [link.problem for link in build.broken_links]  # as `make check` and the build report them
    if build.problems:
        return 0, sorted(set(build.problems + links))
    texts, problems = build.render_pages()
    if problems or links:
        return 0, sorted(set(problems + links))
    files = {uri: data for uri, data in site_source_files(build, texts).items()}
    written = write_if_changed(files, out / DOCS)
    written += write_if_changed({CONFIG: engine_config(build, out).encode("utf-8")}, out, prune=False)
    return len(written), []


def site_source_files(build: Build, texts: dict[str, str]) -> dict[str, bytes]:
    """Every file of the docs folder an engine needs, by its path there."""
    docs_dir = build.kb.project.docs_dir
    edit_base = _edit_base(build.kb.project.root / CONFIG)
    files: dict[str, bytes] = {uri: (docs_dir / uri).read_bytes() for uri in build.kb.sources.static_files}
    hand_written = [
        (src_uri, page.document.value if page.document else {}, page.body.text)
        for src_uri, page in build.kb.sources.pages.items()
    ]
    hand_written += [(e.src_uri, e.data, e.body.text) for e in build.kb.sources.entries.values() if e.body is not None]
    for src_uri, meta, body in hand_written:
        files[src_uri] = _page(*build.finish_page(src_uri, body, meta, texts))
    for page in build.plan.outputs:
        text = texts[page.src_uri]
        if page.is_feed:
            files[page.src_uri] = text.encode("utf-8")
            continue
        front_matter, _, body, _ = split_front_matter(text)
        meta = (yaml.safe_load(front_matter) if front_matter else None) or {}
        if page.source_path and edit_base:
            meta["kb_edit_url"] = urljoin(edit_base, paths.edit_path(page.source_path))
        files[page.src_uri] = _page(*build.finish_page(page.src_uri, body, meta, texts))
    return files


def engine_config(build: Build, out: Path) -> str:
    """The project's mkdocs.yml for an engine without hooks, building from `out`."""
    root = build.kb.project.root
    # `!ENV` values (the site's and repository's addresses) are written out as resolved.
    config: dict[str, Any] = read_config((root / CONFIG).read_text(encoding="utf-8"))
    config.pop("hooks", None)
    config.pop("watch", None)
    config["docs_dir"] = DOCS
    config["site_dir"] = SITE
    theme = config.get("theme")
    if isinstance(theme, dict) and theme.get("custom_dir"):
        theme["custom_dir"] = os.path.relpath(root / theme["custom_dir"], out)
    config["nav"] = nav_with_collections(config.get("nav"), build.kb.catalog, build.plan)
    written = [line for line in str(config.get("not_in_nav") or "").splitlines() if line]
    config["not_in_nav"] = "\n".join([*written, *_not_in_nav(build)]) + "\n"
    config.setdefault("extra", {})["kb_feeds"] = build.head_feeds()
    return "# Written by `python -m calico_kb generate`: do not edit.\n" + yaml.safe_dump(
        config, allow_unicode=True, sort_keys=False, width=1_000_000
    )


def _not_in_nav(build: Build) -> list[str]:
    """The generated pages the hook keeps out of the nav (see `plan.PageKind.in_nav`), as
    `not_in_nav` patterns: a folder's pattern where no hand-written page shares the
    folder (one line per collection of entries, however many), else each page."""
    hand_written = {
        src_uri.rpartition("/")[0]
        for src_uri in [*build.kb.sources.pages, *(e.src_uri for e in build.kb.sources.entries.values() if e.body)]
    }
    patterns = set()
    for page in build.plan.outputs:
        if page.in_nav or page.is_feed:
            continue
        folder = page.src_uri.rpartition("/")[0]
        patterns.add(f"/{folder}/*.md" if folder and folder not in hand_written else f"/{page.src_uri}")
    return sorted(patterns)


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


def _page(body: str, meta: dict[str, Any]) -> bytes:
    if not meta:
        return body.encode("utf-8")
    front_matter = yaml.safe_dump(meta, allow_unicode=True, sort_keys=False, width=1_000_000)
    return f"---\n{front_matter}---\n\n{body.lstrip(chr(10))}".encode()
