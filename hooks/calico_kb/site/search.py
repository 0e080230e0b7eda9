"""Readers' search: which built pages it holds, what of each, and the index written from them.

Search is Pagefind's (https://pagefind.app): after the build, its indexer reads the
searched pages and writes `pagefind/`, an index split into small files, so a reader's
browser fetches only the part of the index a query needs and the records of the results
it shows, whatever the size of the site. Material's search dialog shows the results
(`docs/assets/search-worker.js` answers its queries from this index).

What is searched is decided here, from the knowledge base, not from the pages' markup:

- entry pages (every YAML entry and every article) and hand-written pages for readers
  (`about.md`); each result says its kind ("Release", "Person", ..., "Page");
- not the lists of entries: collection indexes, the release explorer, the home page,
  groups such as Learn, and the contributor pages (`contribute/`, the data model
  reference). A page that lists an entry never competes with the entry's own page;
- of a searched page, its article only (not the navigation), without what is marked
  `data-search-exclude` in the templates: list sections (a marked heading leaves out its
  whole section, as Material's search did), coverage notes, pictures.

The index is written from a "search view" of each page (`search_view`), so the pages
readers get carry no search markup and are the same whether or not they were indexed
(`generate` builds, other engines). `write_search_index` runs Pagefind's indexer, the
binary of the `pagefind[bin]` wheels, over those views. (Not through Pagefind's Python
API: it waits 0.1 s for every page it is given, minutes at 5,000 pages.)
"""

from __future__ import annotations

import dataclasses
import fnmatch
import html
import json
import os
import shutil
import subprocess
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path

from selectolax.lexbor import LexborHTMLParser, LexborNode

from .. import paths
from ..pipeline import KnowledgeBase

INDEX_FOLDER = "pagefind"
"""Where the index lands in the site: the worker loads `pagefind/pagefind.js`."""
PAGE_KIND = "Page"
"""The kind shown for a searched hand-written page (About)."""
NOT_SEARCHED_FOLDERS = ("contribute/",)
"""Hand-written pages for contributors, not readers."""
EXCLUDE_MARK = "data-search-exclude"
"""What templates put on parts of a page that search leaves out (see `search_view`)."""
_HEADINGS = {"h1": 1, "h2": 2, "h3": 3, "h4": 4, "h5": 5, "h6": 6}
_NOT_TEXT = ("a.headerlink", "a.md-content__button", "svg", "script", "style")
"""Parts of an article that are no words of it: permalinks, the edit button, icons."""
DIALOG_CONFIG_FILE = "search/search_index.json"
"""What Material's search dialog reads when a page opens, for its configuration only
(how the words a result opens are highlighted on its page): no documents, they are in
Pagefind's index."""
DIALOG_CONFIG = {"config": {"lang": ["en"], "separator": r"[\s\-]+", "pipeline": []}, "docs": []}
INDEX_FILES = ("pagefind.js", "pagefind-entry.json", "*.pf_meta", "wasm.en.pagefind", "index", "fragment", "filter")
"""What of Pagefind's output the search worker loads; the rest (its own interfaces,
its worker) is removed."""


@dataclasses.dataclass(frozen=True)
class SearchedPage:
    """A page readers' search holds."""

    dest_uri: str
    """The built file, relative to the site: "releases/calico-open-source-v3-23/index.html"."""
    url: str
    """Its address relative to the site's root: "releases/calico-open-source-v3-23/"."""
    kind: str
    """What a result says it is: the collection's title ("Release"), or "Page"."""


def searched_pages(kb: KnowledgeBase) -> list[SearchedPage]:
    """The pages readers' search holds, by address: every entry's page and the
    hand-written pages for readers (see the module's docstring for what is left out)."""
    pages = [
        _searched(entry.src_uri, kb.catalog[entry.collection].title)
        for entry in kb.sources.entries.values()
        if entry.collection in kb.catalog.collections
    ]
    pages += [
        _searched(src_uri, PAGE_KIND)
        for src_uri in kb.sources.pages
        if src_uri != "index.md" and not src_uri.startswith(NOT_SEARCHED_FOLDERS) and src_uri not in kb.sources.entries
    ]
    return sorted(pages, key=lambda page: page.url)


def _searched(src_uri: str, kind: str) -> SearchedPage:
    return SearchedPage(paths.page_file(src_uri), paths.page_url(src_uri), kind)


def search_view(page_html: str, kind: str) -> str | None:
    """What the index reads of a built page: its article, without the parts marked
    `data-search-exclude` (a marked heading takes its section with it, up to the next
    heading of its level or above) and without permalinks and icons, with its kind as
    Pagefind metadata. None for a page without an article."""
    tree = LexborHTMLParser(page_html)
    article = tree.css_first("article.md-content__inner")
    if article is None:
        return None
    for node in list(_left_out(article)):
        node.decompose()
    kind_attribute = html.escape(f"kind:{kind}", quote=True)
    return (
        f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"></head>'
        f'<body><main data-pagefind-body data-pagefind-meta="{kind_attribute}">'
        f"{article.inner_html or ''}</main></body></html>"
    )


def _left_out(article: LexborNode) -> Iterator[LexborNode]:
    for selector in _NOT_TEXT:
        yield from article.css(selector)
    for marked in article.css(f"[{EXCLUDE_MARK}]"):
        yield marked
        level = _HEADINGS.get(marked.tag or "")
        if level is not None:
            yield from _section_after(marked, level)


def _section_after(heading: LexborNode, level: int) -> Iterator[LexborNode]:
    """The elements after `heading` up to the next heading of `level` or above."""
    node = heading.next
    while node is not None:
        following = node.next
        if _HEADINGS.get(node.tag or "", 7) <= level:
            return
        if node.tag != "-text":
            yield node
        node = following


def write_search_index(site_dir: Path, pages: Iterable[SearchedPage], *, in_memory: bool = False) -> None:
    """Index `pages` of the site built in `site_dir` into `site_dir/pagefind/`, and write
    the search dialog's configuration. Pagefind's indexer reads the search views from a
    temporary folder laid out like the site (so that each page's address is its own),
    with `in_memory` in a folder in memory when the system has one (`MEMORY_FOLDER`);
    only the files the search worker loads are kept (not Pagefind's own interfaces), and
    the new index replaces the previous one only when it is complete (the preview
    searches the old one meanwhile). Raises `SearchIndexError` if Pagefind fails."""
    write_dialog_config(site_dir)
    pages = list(pages)
    for prefix in (_WORK_PREFIX, _VIEWS_PREFIX):
        _clear_left(Path(tempfile.gettempdir()), prefix)
    with tempfile.TemporaryDirectory(prefix=f"{_WORK_PREFIX}{os.getpid()}-") as work:
        fresh = Path(work) / INDEX_FOLDER
        _index_views(site_dir, pages, fresh, in_memory)
        for path in fresh.iterdir():
            if not any(fnmatch.fnmatchcase(path.name, kept) for kept in INDEX_FILES):
                shutil.rmtree(path) if path.is_dir() else path.unlink()
        shutil.rmtree(site_dir / INDEX_FOLDER, ignore_errors=True)
        shutil.move(fresh, site_dir / INDEX_FOLDER)


MEMORY_FOLDER = Path("/dev/shm")
"""A folder in memory (tmpfs) on Linux, where the strict build writes the search views
for the indexer when it exists: writing one of thousands of small files that live a few
seconds costs there a tenth of the CPU it costs on a disk (measured: 0.03 against 0.3 ms
a file). When it is missing, not writable or full (containers give it 64 MB), the views
go to the system's temporary folder. The preview, which indexes in the background of a
server that is often stopped by a signal (which leaves its temporary folder behind),
writes them on disk: what a killed process leaves in memory stays there until it is
cleared (`_clear_left`)."""
_VIEWS_PREFIX = "kb-search-views-"
_WORK_PREFIX = "kb-search-"
"""Temporary folders are named by prefix and process id, so that a later build can tell
the folders of killed processes (the preview's server, stopped while it indexes) from
those of builds still running, and remove them."""


def _index_views(site_dir: Path, pages: list[SearchedPage], output: Path, in_memory: bool) -> None:
    usable = in_memory and MEMORY_FOLDER.is_dir() and os.access(MEMORY_FOLDER, os.W_OK)
    if usable:
        _clear_left(MEMORY_FOLDER, _VIEWS_PREFIX)
    for folder in [MEMORY_FOLDER, None] if usable else [None]:
        try:
            prefix = f"{_VIEWS_PREFIX}{os.getpid()}-"
            with tempfile.TemporaryDirectory(prefix=prefix, dir=folder) as views:
                for page in pages:
                    view = _read_view(site_dir, page)
                    if view is not None:
                        target = Path(views) / page.dest_uri
                        target.parent.mkdir(parents=True, exist_ok=True)
                        target.write_text(view, encoding="utf-8")
                _run_indexer(Path(views), output)
            return
        except OSError:
            if folder is None:
                raise
            shutil.rmtree(output, ignore_errors=True)  # and again, on disk


def _clear_left(folder: Path, prefix: str) -> None:
    """Remove the `prefix` folders of builds whose process is gone (killed while
    indexing: a signal skips the removal of a temporary folder)."""
    for path in folder.glob(f"{prefix}*-*"):
        pid = path.name.removeprefix(prefix).split("-", 1)[0]
        if pid.isdigit() and not _alive(int(pid)):
            shutil.rmtree(path, ignore_errors=True)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # another user's: alive
        return True
    return True


def write_dialog_config(site_dir: Path) -> None:
    """Write what Material's search dialog reads when a page opens (`DIALOG_CONFIG`)."""
    dialog_config = site_dir / DIALOG_CONFIG_FILE
    dialog_config.parent.mkdir(parents=True, exist_ok=True)
    dialog_config.write_text(json.dumps(DIALOG_CONFIG, separators=(",", ":")), encoding="utf-8")


def _run_indexer(views: Path, output: Path) -> None:
    command = [str(_indexer()), "--site", str(views), "--output-path", str(output), "--force-language", "en"]
    result = subprocess.run([*command, "--silent"], capture_output=True, text=True, check=False)
    if result.returncode != 0:
        said = (result.stderr or result.stdout).strip()
        raise SearchIndexError(f"Pagefind could not index the site (exit {result.returncode}): {said}")


def _indexer() -> Path:
    """Pagefind's binary, as its Python package finds it (the `pagefind_bin` wheel, or
    $PAGEFIND_BINARY_PATH)."""
    from pagefind.service import get_executable

    binary = get_executable()
    if binary is None:
        raise SearchIndexError(
            "Pagefind's indexer is not installed (hint: `make` installs pagefind[bin] from requirements.lock)"
        )
    return binary


class SearchIndexError(Exception):
    """The search index could not be written."""


def _read_view(site_dir: Path, page: SearchedPage) -> str | None:
    path = site_dir / page.dest_uri
    if not path.is_file():
        return None
    return search_view(path.read_text(encoding="utf-8"), page.kind)
