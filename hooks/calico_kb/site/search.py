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

The index is written in parts of at most `PART_PAGES` pages, one indexer run after
another, and the search worker merges them (Pagefind's `mergeIndex`, its multisite
search). The indexer holds every page's words until it writes, so its memory follows
the pages it is given, while the build's own process stays resident beside it: at the
benchmark's 5,000 entries, 349 MiB for the 5,001 pages at once, 62-73 MiB for each of
six parts of 834 (its CPU the same). The pages are dealt to the parts in turn, by
address, so each part is a like sample of the site and Pagefind's scores, computed
within a part, compare across parts: a page's own title finds it first as it did
(39 of 40 sampled pages, the other 3rd instead of 5th), while among the thousands of
pages a common word matches, the order of near-equal scores changes. A reader's query
loads each part's metadata and the index chunks of its words, and Pagefind's script
and WebAssembly once: 640 KiB for the largest query at 5,000 entries, 265 KiB in one
part. A site of up to `PART_PAGES` searched pages (the real one) is one part.
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
from .html import ARTICLE

INDEX_FOLDER = "pagefind"
"""Where the index lands in the site: the worker loads `pagefind/pagefind.js`."""
PAGE_KIND = "Page"
"""The kind shown for a searched hand-written page (About)."""
NOT_SEARCHED_FOLDERS = ("contribute/",)
"""Hand-written pages for contributors, not readers."""
EXCLUDE_MARK = "data-search-exclude"
"""What templates put on parts of a page that search leaves out (see `search_view`)."""
_HEADINGS = {"h1": 1, "h2": 2, "h3": 3, "h4": 4, "h5": 5, "h6": 6}
_NOT_TEXT = "a.headerlink, a.md-content__button, svg, script, style"
"""Parts of an article that are no words of it: permalinks, the edit button, icons."""
DIALOG_CONFIG_FILE = "search/search_index.json"
"""What Material's search dialog reads when a page opens, for its configuration only
(how the words a result opens are highlighted on its page): no documents, they are in
Pagefind's index."""
DIALOG_CONFIG = {"config": {"lang": ["en"], "separator": r"[\s\-]+", "pipeline": []}, "docs": []}
INDEX_FILES = ("pagefind.js", "pagefind-entry.json", "*.pf_meta", "wasm.en.pagefind", "index", "fragment", "filter")
"""What of Pagefind's output the search worker loads; the rest (its own interfaces,
its worker) is removed."""
PART_FILES = ("pagefind-entry.json", "*.pf_meta", "index", "fragment", "filter")
"""What of a further part the worker loads: Pagefind's script and WebAssembly are the
first part's."""
PART_PAGES = 1000
"""The most pages one indexer run is given (see the module's docstring). Smaller parts
lower the indexer's memory further, but at 5,000 entries the build's own process, at
its end, is then the peak anyway, and each part adds its metadata and chunks to every
query's download."""
PARTS_FILE = "parts.json"
"""In `pagefind/`: the folders of the parts after the first, which the worker merges
(`{"parts": ["part-1/", ...]}`); written with the index, so the two always agree."""


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
    article = LexborHTMLParser(page_html).css_first(ARTICLE)
    return article_view(article, kind) if article is not None else None


def article_view(article: LexborNode, kind: str) -> str:
    """`search_view` of a page already parsed, from its article (which loses what the
    view leaves out)."""
    for node in list(_left_out(article)):
        node.decompose()
    kind_attribute = html.escape(f"kind:{kind}", quote=True)
    return (
        f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"></head>'
        f'<body><main data-pagefind-body data-pagefind-meta="{kind_attribute}">'
        f"{article.inner_html or ''}</main></body></html>"
    )


def _left_out(article: LexborNode) -> Iterator[LexborNode]:
    yield from article.css(_NOT_TEXT)
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


def write_search_index(site_dir: Path, views: SearchViews) -> None:
    """Index the searched pages of the site built in `site_dir` into `site_dir/pagefind/`
    from their search views (`SearchViews`), and write the search dialog's configuration.
    Only the files the search worker loads are kept (not Pagefind's own interfaces), and
    the new index replaces the previous one only when it is complete (the preview
    searches the old one meanwhile). The views' folder is removed. Raises
    `SearchIndexError` if Pagefind fails (on any part)."""
    write_dialog_config(site_dir)
    for prefix in (_WORK_PREFIX, _VIEWS_PREFIX):
        _clear_left(Path(tempfile.gettempdir()), prefix)
    try:
        with tempfile.TemporaryDirectory(prefix=f"{_WORK_PREFIX}{os.getpid()}-") as work:
            fresh = Path(work) / INDEX_FOLDER
            parts = views.index(site_dir, fresh)
            _keep_only(fresh, INDEX_FILES)
            for part in parts:
                _keep_only(fresh / part, PART_FILES)
            (fresh / PARTS_FILE).write_text(json.dumps({"parts": [f"{part}/" for part in parts]}), encoding="utf-8")
            shutil.rmtree(site_dir / INDEX_FOLDER, ignore_errors=True)
            shutil.move(fresh, site_dir / INDEX_FOLDER)
    finally:
        views.close()


def _keep_only(folder: Path, kept: tuple[str, ...]) -> None:
    for path in folder.iterdir():
        if not any(fnmatch.fnmatchcase(path.name, name) for name in kept) and not path.name.startswith(_PART_PREFIX):
            shutil.rmtree(path) if path.is_dir() else path.unlink()


MEMORY_FOLDER = Path("/dev/shm")
"""A folder in memory (tmpfs) on Linux, where the strict build writes the search views
for the indexer when it exists: writing one of thousands of small files that live a few
seconds costs there a tenth of the CPU it costs on a disk (measured: 0.03 against 0.3 ms
a file). When it is missing, not writable or full (containers give it 64 MB), the views
go to the system's temporary folder. The preview, which indexes in the background of a
server that is often stopped by a signal (which leaves its temporary folder behind),
writes them on disk: what a killed process leaves in memory stays there until it is
cleared (`_clear_left`)."""
_PART_PREFIX = "part-"
"""The folders of the parts, of the views and of the index (no "pagefind" in the name:
Pagefind takes a merged part's site address from its folder's address up to
"pagefind")."""
_VIEWS_PREFIX = "kb-search-views-"
_WORK_PREFIX = "kb-search-"
"""Temporary folders are named by prefix and process id, so that a later build can tell
the folders of killed processes (the preview's server, stopped while it indexes) from
those of builds still running, and remove them."""


class SearchViews:
    """The search views of the pages readers' search holds, for Pagefind's indexer: in a
    temporary folder with a folder per part of the index, each laid out like the site
    (so that each page's address is its own), with `in_memory` in `MEMORY_FOLDER` when
    the system has one.

    The build makes each view as it checks the page (`add`, from `BuiltPages.check`),
    from the tree the check parsed: made after the build, from the built files, each
    page was read and parsed again, which was half the views' CPU (0.9 of 1.7 s at 5,000
    entries). Views are written `BATCH` at a time. `index` makes the views still missing
    from the built files: all of them for the preview, whose dirty builds check only the
    pages they rebuild.
    """

    BATCH = 256
    """Views kept until they are written together (~600 KB): a file written alone among
    the build's other work cost three times as much CPU (0.4 against 0.13 s for 5,000
    views, and the check around them slowed down too)."""

    def __init__(self, pages: Iterable[SearchedPage], *, in_memory: bool = False, part_pages: int = PART_PAGES):
        self.pages = {page.dest_uri: page for page in sorted(pages, key=lambda page: page.url)}
        self.parts = max(1, -(-len(self.pages) // part_pages))
        self.part_of = {dest_uri: f"{_PART_PREFIX}{index % self.parts}" for index, dest_uri in enumerate(self.pages)}
        """Each page's part, dealt in turn by address."""
        self.in_memory = in_memory and MEMORY_FOLDER.is_dir() and os.access(MEMORY_FOLDER, os.W_OK)
        self.made: set[str] = set()
        """The pages whose view is made, written or waiting."""
        self._waiting: list[tuple[str, bytes]] = []
        self._folder: tempfile.TemporaryDirectory | None = None

    def add(self, dest_uri: str, article: LexborNode) -> None:
        """Make the view of a page from its parsed article, if search holds the page (the
        article then loses what the view leaves out)."""
        page = self.pages.get(dest_uri)
        if page is None:
            return
        self._waiting.append((dest_uri, article_view(article, page.kind).encode("utf-8")))
        self.made.add(dest_uri)
        if len(self._waiting) >= self.BATCH:
            try:
                self._write_waiting()
            except OSError:
                if not self.in_memory:
                    raise
                self._on_disk()  # the memory folder is full: the views made so far are made again at the end

    def index(self, site_dir: Path, output: Path) -> list[str]:
        """Make the views still missing from the pages built in `site_dir`, and index them
        part by part, one indexer at a time: the first part into `output`, each further
        one into a folder of `output`, whose names are returned."""
        try:
            self._make_missing(site_dir)
            return self._index_parts(output)
        except OSError:
            if not self.in_memory:
                raise
            shutil.rmtree(output, ignore_errors=True)  # and again, on disk
            self._on_disk()
            self._make_missing(site_dir)
            return self._index_parts(output)

    def _index_parts(self, output: Path) -> list[str]:
        # A part whose pages all lack an article has no view: Pagefind refuses an empty
        # folder (as it refuses a site without views: the error is then the first part's).
        parts = [part for part in sorted(set(self.part_of.values())) if (self.folder / part).is_dir()]
        parts = parts or [f"{_PART_PREFIX}0"]
        for index, part in enumerate(parts):
            _run_indexer(self.folder / part, output / part if index else output)
        return parts[1:]

    @property
    def folder(self) -> Path:
        if self._folder is None:
            if self.in_memory:
                _clear_left(MEMORY_FOLDER, _VIEWS_PREFIX)
            self._folder = tempfile.TemporaryDirectory(
                prefix=f"{_VIEWS_PREFIX}{os.getpid()}-", dir=MEMORY_FOLDER if self.in_memory else None
            )
        return Path(self._folder.name)

    def close(self) -> None:
        """Remove the views (the build's end, failed or not; any process's exit otherwise)."""
        self._waiting.clear()
        if self._folder is not None:
            self._folder.cleanup()
            self._folder = None

    def _make_missing(self, site_dir: Path) -> None:
        for dest_uri, page in self.pages.items():
            if dest_uri not in self.made:
                view = _read_view(site_dir, page)
                if view is not None:
                    self._waiting.append((dest_uri, view.encode("utf-8")))
                self.made.add(dest_uri)
        self._write_waiting()

    def _write_waiting(self) -> None:
        folder = str(self.folder)
        for dest_uri, view in self._waiting:
            target = os.path.join(folder, self.part_of[dest_uri], dest_uri)
            os.makedirs(os.path.dirname(target), exist_ok=True)
            with open(target, "wb") as file:
                file.write(view)
        self._waiting.clear()

    def _on_disk(self) -> None:
        self.close()
        self.in_memory = False
        self.made.clear()


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
