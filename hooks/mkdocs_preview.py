"""What `mkdocs serve` does at each MkDocs event: the preview's side of the doorway.

`PreviewEvents` extends the build's `BuildEvents` (`mkdocs_events`) in two ways.

Problems never stop the preview: the core (`calico_kb.preview.rebuild`) holds back the
files with problems, every page shows them in a banner
(`calico_kb.preview.problem_banner`), and the terminal gets one line each.

`mkdocs serve --dirty` (`make serve`) shows what a clean build would. With `--dirty`,
MkDocs reads and builds only the pages whose source file is newer than their output,
and leaves every other output as it is. That is what makes a one-entry edit fast;
this class makes it correct, for what a page shows besides its own source:

- generated pages are real files (written by `calico_kb.commands.generate.write_if_changed`),
  rewritten only when their Markdown changed (`calico_kb.preview.incremental` renders
  again only what a change can reach), so their modification times mean something;
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

A change many pages show (a topic renamed: every entry that names it lists its name)
shows first on the pages of the entries edited: a rebuild renders those and
`FIRST_PAGES` others (`RenderMemo.first_pages`); the rest keep their last text for
one build, and the preview asks for another build at once (it writes a file in a
folder it watches, `on_serve`), which brings them up to date. The browser reloads
after each of the two builds.

One `PreviewEvents` lives as long as the `mkdocs serve` process.
"""

from __future__ import annotations

import logging
import os
import threading
from pathlib import Path

from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.utils import clean_directory, get_markdown_title
from mkdocs.utils.meta import get_data
from mkdocs_events import BuildEvents

from calico_kb import paths, pipeline
from calico_kb.cache import cache_root
from calico_kb.commands.generate import write_if_changed
from calico_kb.plan import PlannedPage
from calico_kb.preview.incremental import RenderMemo, files_signature
from calico_kb.preview.problem_banner import ProblemFile, banner_html, edit_link, problem_files
from calico_kb.preview.rebuild import Preview, build_preview, notice_markdown, preview_build
from calico_kb.problems import format_problems
from calico_kb.schema.catalog import Catalog, load_catalog
from calico_kb.site.search import SearchedPage, SearchViews, searched_pages, write_dialog_config, write_search_index

_log = logging.getLogger("mkdocs.hooks.calico_kb")
_ARTICLE_START = '<article class="md-content__inner md-typeset">'
FIRST_PAGES = 10
"""How many pages a change reaches a rebuild after an edit renders at most, besides
those of the entries edited; the others wait for the build that follows at once."""


class PreviewEvents(BuildEvents):
    """`mkdocs serve`: problems shown in every page, and exact `--dirty` rebuilds."""

    lets_go_of_written_pages = False

    def __init__(self) -> None:
        super().__init__()
        self.memo = RenderMemo()
        """The pages rendered last, to render again only what changed."""
        self.catalog: tuple[tuple, Catalog] | None = None
        """The schemas' signature and the catalog read from them."""
        self.preview: Preview
        self.banner: list[ProblemFile] = []
        self.sources: dict[str, str | None] = {}
        """The file behind each page, by src_uri (the banner's edit links)."""
        self.cache_folder: Path | None = None
        """Where generated pages are written as files (.cache/preview/). Not a cache
        (`calico_kb.cache`, outside the checkout): MkDocs reads it as the source of these
        pages, Markdown the preview writes itself; each build rewrites every page and
        removes every other file before MkDocs reads it, so what MkDocs reads there is
        what the preview wrote; and one `$KB_CACHE_DIR` serves every project of a test
        session."""
        self.titles: dict[str, str | None] = {}
        """The title each page had when it was last built, by src_uri."""
        self.title_sources: dict[str, tuple] = {}
        """What each navigation page's title was made from (front matter title, first heading)."""
        self.everything: tuple = ()
        """What every page shows: the banner, the configuration and the theme overrides."""
        self.additions: dict[str, tuple[str | None, ...]] = {}
        self.outputs: set[str] = set()
        """Output files of the pages of the last build."""
        self.search = SearchIndexer()
        self.build_again: Path | None = None
        """A file in a folder `mkdocs serve` watches (see `on_serve`): written to ask
        for another build while pages wait for one (None without live reload)."""

    def make_build(self, project: pipeline.Project, site: pipeline.SiteInfo) -> pipeline.Build:
        self.cache_folder = project.root / ".cache" / "preview"
        return preview_build(project, site, self._catalog(project))

    def _catalog(self, project: pipeline.Project) -> Catalog:
        """The schemas, read again only when one of them changed."""
        signature = files_signature(project.schemas_dir)
        if self.catalog is None or self.catalog[0] != signature:
            self.catalog = (signature, load_catalog(project.schemas_dir, cache_root(project.root) / "schemas"))
        return self.catalog[1]

    def on_files(self, files: Files, config) -> Files:
        self.preview = preview = build_preview(self.build, self.memo)
        self.texts = preview.texts
        for line in format_problems(preview.problems).splitlines():
            _log.warning(line)
        self.banner = problem_files(preview.problems, preview.page_urls(), preview.drafts)
        self.sources = preview.page_sources()
        pages = [page for page in preview.outputs if not page.is_feed]
        write_if_changed({page.src_uri: preview.texts[page.key].encode("utf-8") for page in pages}, self.cache_folder)
        for page in preview.outputs:
            if page.is_feed:
                files.append(File.generated(config, page.src_uri, content=preview.texts[page.key]))
            else:
                files.append(self._file(page, config))
        self._drop_stale_outputs(files, config)
        self.built_pages = self._built_pages(preview.outputs, config)
        return files

    def _file(self, page: PlannedPage, config) -> File:
        """A generated page as the file written in the cache folder (see the module's docstring)."""
        file = File(
            page.src_uri,
            str(self.cache_folder),
            config.site_dir,
            config.use_directory_urls,
            inclusion=InclusionLevel.UNDEFINED if page.in_nav else InclusionLevel.NOT_IN_NAV,
        )
        file.edit_uri = paths.edit_path(page.source_path) if page.source_path else None
        return file

    def _drop_stale_outputs(self, files: Files, config) -> None:
        everything = (self.banner, _configuration(config))  # every page shows these
        if everything != self.everything:
            clean_directory(config.site_dir)
        self.everything = everything
        additions = self.preview.additions()
        for src_uri, texts in additions.items():
            if self.additions.get(src_uri) != texts:
                file = files.get_file_from_path(src_uri)
                _remove(file.abs_dest_path if file else None)
        self.additions = additions
        outputs = {file.abs_dest_path for file in files.documentation_pages()}
        for gone in self.outputs - outputs:
            _remove(gone)
        self.outputs = outputs

    def on_nav(self, nav, config, files):
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
        return nav

    def on_page_markdown(self, markdown: str, page, config, files) -> str:
        source = self.sources.get(page.file.src_uri)
        if source in self.preview.held_back:
            # A page held back (an article, a hand-written page): its notice, never its content.
            return notice_markdown(page.file.name, source, draft=source in self.preview.drafts)
        return super().on_page_markdown(markdown, page, config, files)

    def forget_additions(self, src_uri: str) -> None:
        """The preview keeps every text: the next rebuild renders again only what changed
        (`calico_kb.preview.incremental`)."""

    def on_post_page(self, output: str, page, config) -> str:
        self.titles[page.file.src_uri] = page.title
        edit = edit_link(config.repo_url, config.edit_uri)
        banner = banner_html(self.banner, page.url, self.sources.get(page.file.src_uri), edit)
        return super().on_post_page(output.replace(_ARTICLE_START, _ARTICLE_START + banner, 1), page, config)

    def on_serve(self, server, config, builder):
        """With live reload: watch the folder of the file that asks for another build,
        and let pages wait for it (see `FIRST_PAGES`)."""
        folder = Path(config.config_file_path).resolve().parent / ".cache" / "preview-build-again"
        folder.mkdir(parents=True, exist_ok=True)
        server.watch(str(folder))
        self.build_again = folder / "pages-waiting"
        self.memo.first_pages = FIRST_PAGES
        return server

    def on_post_build(self, config) -> None:
        """The pages' own problems, one line each, and readers' search indexed in the
        background. A dirty rebuild checks only the pages it built, so the site-wide
        checks (links, reachability) would see a partial site: they are left to the build."""
        self.cards.write(Path(config.site_dir))
        for line in format_problems(self.built_pages.problems).splitlines():
            _log.warning(line)
        self.search.request(Path(config.site_dir), searched_pages(self.build.kb))
        if self.memo.pending and self.build_again is not None:
            _log.info(f"{len(self.memo.pending)} more page(s) show the change after the next build")
            self.build_again.write_text(str(len(self.memo.pending)), encoding="utf-8")


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
                site_dir, pages = job
                write_search_index(site_dir, SearchViews(pages))
            except Exception as error:  # the preview goes on; search shows the last index
                _log.warning(f"search index not written: {error}")


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
