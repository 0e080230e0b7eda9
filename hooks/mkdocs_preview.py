"""The MkDocs side of the fast preview: `mkdocs serve --dirty` that shows what a clean build would.

With `--dirty`, MkDocs reads and builds only the pages whose source file is newer than
their output, and leaves every other output as it is. That is what makes a one-entry
edit fast; this module makes it correct, for what a page shows besides its own source:

- generated pages are real files (written by `calico_kb.commands.generate.write_if_changed`),
  rewritten only when their Markdown changed, so their modification times mean something;
- a hand-written page whose additions changed (an article's footer of backlinks, the
  home page's latest entries) loses its output, so it is built again;
- when the problem banner, the configuration, the theme overrides or the title of a
  page in the navigation change (every page shows them), every output goes and the
  whole site is built again;
- the navigation of a rebuilt page needs the titles of pages that were not read again:
  they are the titles those pages had when they were last built;
- outputs of pages that no longer exist are removed;
- readers' search is indexed again after each rebuild, in the background
  (`SearchIndexer`): the page shows at once, and search follows a moment later.

One `DirtyPreview` lives as long as the `mkdocs serve` process; per-build state stays in
the hook's `_build`.
"""

from __future__ import annotations

import logging
import os
import threading
from pathlib import Path

from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.utils import clean_directory, get_markdown_title
from mkdocs.utils.meta import get_data

from calico_kb import paths
from calico_kb.commands.generate import write_if_changed
from calico_kb.plan import PlannedPage
from calico_kb.preview.incremental import files_signature
from calico_kb.site.search import SearchedPage, write_dialog_config, write_search_index

_log = logging.getLogger("mkdocs.hooks.calico_kb")


class DirtyPreview:
    """What one serve process remembers between rebuilds."""

    def __init__(self, cache_folder: Path):
        self.cache_folder = cache_folder
        self.titles: dict[str, str | None] = {}
        """The title each page had when it was last built, by src_uri."""
        self.title_sources: dict[str, tuple] = {}
        """What each navigation page's title was made from (front matter title, first heading)."""
        self.banner: object = None
        self.additions: dict[str, str] = {}
        self.outputs: set[str] = set()
        """Output files of the pages of the last build."""

    def files(
        self,
        files: Files,
        config,
        pages: list[PlannedPage],
        texts: dict[str, str],
        additions: dict[str, str],
        banner: object,
    ) -> None:
        """Hand MkDocs the generated pages as cached files; drop outputs that are stale."""
        write_if_changed({page.src_uri: texts[page.src_uri].encode("utf-8") for page in pages}, self.cache_folder)
        for page in pages:
            files.append(self._file(page, config))
        everything = (banner, _configuration(config))  # every page shows these
        if everything != self.banner:
            clean_directory(config.site_dir)
        self.banner = everything
        for src_uri, text in additions.items():
            if self.additions.get(src_uri) != text:
                self._forget_output(files.get_file_from_path(src_uri))
        self.additions = additions
        outputs = {file.abs_dest_path for file in files.documentation_pages()}
        for gone in self.outputs - outputs:
            _remove(gone)
        self.outputs = outputs

    def nav(self, nav, config) -> None:
        """Rebuild everything when a navigation title changed; else reuse unread pages' titles."""
        unread = []
        for page in nav.pages:
            if not page.file.is_modified():
                unread.append(page)
                continue
            made_from = _title_source(page.file)
            if self.title_sources.get(page.file.src_uri, made_from) != made_from:
                clean_directory(config.site_dir)
                unread = []
            self.title_sources[page.file.src_uri] = made_from
        for page in unread:
            if page.file.is_modified():
                break  # the site was cleaned: every page is read again
            if page.file.src_uri in self.titles:
                page.title = self.titles[page.file.src_uri]

    def page_built(self, page) -> None:
        self.titles[page.file.src_uri] = page.title

    def _file(self, page: PlannedPage, config) -> File:
        file = File(
            page.src_uri,
            str(self.cache_folder),
            config.site_dir,
            config.use_directory_urls,
            inclusion=InclusionLevel.UNDEFINED if page.in_nav else InclusionLevel.NOT_IN_NAV,
        )
        file.edit_uri = paths.edit_path(page.source_path) if page.source_path else None
        return file

    @staticmethod
    def _forget_output(file: File | None) -> None:
        if file is not None:
            _remove(file.abs_dest_path)


def _configuration(config) -> tuple:
    """The configuration files (mkdocs.yml and the one that inherits it) and the theme
    overrides, by name, size and modification time."""
    folder = Path(config.config_file_path).parent
    files = sorted(folder.glob("*.yml"))
    custom = config.theme.custom_dir
    return (
        tuple((f.name, f.stat().st_size, f.stat().st_mtime_ns) for f in files),
        files_signature(Path(custom)) if custom else (),
    )


def _title_source(file: File) -> tuple:
    """What MkDocs makes a page's title from: the front matter's title, else the first heading."""
    try:
        markdown, meta = get_data(file.content_string)
    except (OSError, UnicodeDecodeError, ValueError):
        return (None, None)
    return (meta.get("title") if isinstance(meta, dict) else None, get_markdown_title(markdown))


def _remove(path: str | None) -> None:
    if path and os.path.isfile(path):
        os.remove(path)


class SearchIndexer:
    """Readers' search in the preview: the index is written again after each rebuild in a
    thread of its own, so the rebuilt page shows without waiting for it (Pagefind reads
    every searched page: about a second at 1,000 entries). A rebuild that ends while the
    index is being written asks for one more run, with its own pages."""

    def __init__(self):
        self._lock = threading.Lock()
        self._wanted: tuple[Path, list[SearchedPage]] | None = None
        self._running = False

    def request(self, site_dir: Path, pages: list[SearchedPage]) -> None:
        write_dialog_config(site_dir)  # every page asks for it when it opens
        with self._lock:
            self._wanted = (site_dir, pages)
            if self._running:
                return
            self._running = True
        threading.Thread(target=self._run, name="kb-search-index", daemon=True).start()

    def _run(self) -> None:
        while True:
            with self._lock:
                job, self._wanted = self._wanted, None
                if job is None:
                    self._running = False
                    return
            try:
                write_search_index(*job)
            except Exception as error:  # the preview goes on; search shows the last index
                _log.warning(f"search index not written: {error}")
