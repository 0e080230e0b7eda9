"""Readers' search (calico_kb/site/search.py): entry pages only, each with its kind, their
lists left out; checked on the search views and on the real built index's records.
Which pages come first for readers' queries is checked in the browser, through the
search worker (tests/test_browser.py), where Pagefind ranks them."""

from __future__ import annotations

import importlib.util
import json
import os
import re
from pathlib import Path

import pytest

from calico_kb.paths import page_url
from calico_kb.site import search
from calico_kb.site.built_pages import BuiltPages
from calico_kb.site.search import EXCLUDE_MARK, PAGE_KIND, SearchedPage, SearchViews, search_view, searched_pages
from conftest import ROOT, search_records

PAGE = """<!doctype html><html><head><title>T</title></head><body>
<nav class="md-nav"><a href="/">Navigation words</a></nav>
<article class="md-content__inner md-typeset">
<a class="md-content__button md-icon" href="edit"><svg><path d="M0"/></svg></a>
<h1 id="ada">Ada Example<a class="headerlink" href="#ada">&para;</a></h1>
<p class="kb-meta">Person · Example Corp</p>
<p>Own words about eBPF &amp; friends.</p>
<p class="kb-coverage" data-search-exclude>Coverage note words</p>
<h2 id="work">Work</h2><p>Section words</p>
<h2 data-search-exclude id="related">Related (2)</h2>
<ul><li>Listed entry one</li></ul><p>Listed paragraph</p>
<h3 data-search-exclude id="more">Articles (1)</h3><ul><li>Listed entry two</li></ul>
<h2 data-search-exclude id="also">See also (1)</h2><ul><li>Listed entry three</li></ul>
</article><footer>Footer words</footer></body></html>"""


def words(view: str) -> str:
    return re.sub(r"<[^>]+>", " ", view)


def test_a_search_view_is_the_article_without_its_lists_and_chrome():
    view = search_view(PAGE, "Person")
    text = words(view)
    for kept in (
        "Ada Example",
        "Person · Example Corp",
        "Own words about eBPF &amp; friends.",
        "Work",
        "Section words",
    ):
        assert kept in text, kept
    for left_out in ("Navigation", "Footer", "Coverage note", "Related", "Listed", "See also", "Articles (1)", "¶"):
        assert left_out not in text, left_out
    assert "<svg" not in view and "headerlink" not in view
    assert '<main data-pagefind-body data-pagefind-meta="kind:Person">' in view


def test_a_marked_heading_leaves_out_its_section_only():
    page = PAGE.replace(
        '<h2 data-search-exclude id="also">See also (1)</h2><ul><li>Listed entry three</li></ul>',
        "<h2 id='after'>After the lists</h2><p>Words after</p>",
    )
    text = words(search_view(page, "Person"))
    assert "Listed" not in text and "After the lists" in text and "Words after" in text


def test_the_kind_is_escaped_and_a_page_without_article_has_no_view():
    assert 'data-pagefind-meta="kind:A &quot;B&quot; &amp; C"' in search_view(PAGE, 'A "B" & C')
    assert search_view("<html><body><p>No article</p></body></html>", "Page") is None


def test_the_views_are_indexed_from_memory_and_from_disk_when_memory_is_full(tmp_path, monkeypatch):
    # Views go to the in-memory folder when there is one; when it is full (a
    # container's 64 MB), the same index is written from the system's temporary folder.
    (tmp_path / "site" / "a").mkdir(parents=True)
    (tmp_path / "site" / "a" / "index.html").write_text(PAGE, encoding="utf-8")
    memory = tmp_path / "memory"
    memory.mkdir()
    monkeypatch.setattr(search, "MEMORY_FOLDER", memory)
    indexed: list[tuple[Path, str]] = []

    def indexer(views: Path, output: Path, full: bool) -> None:
        if full and views.is_relative_to(memory):
            raise OSError(28, "No space left on device")
        indexed.append((views, (views / "a" / "index.html").read_text()))
        (output / "fragment").mkdir(parents=True)

    for full in (False, True):
        indexed.clear()
        monkeypatch.setattr(search, "_run_indexer", lambda views, output, full=full: indexer(views, output, full))
        views = SearchViews([SearchedPage("a/index.html", "a/", "Person")], in_memory=True)
        search.write_search_index(tmp_path / "site", views)
        [(views, view)] = indexed
        assert views.is_relative_to(memory) is not full
        assert view == search_view(PAGE, "Person")
        assert (tmp_path / "site" / search.INDEX_FOLDER / "fragment").is_dir()
    assert list(memory.iterdir()) == []


def test_the_preview_indexes_from_disk_and_views_of_killed_builds_are_cleared(tmp_path, monkeypatch):
    # The preview's server is often stopped by a signal, which leaves a temporary folder
    # behind: on disk, not in memory. A strict build clears what a killed one left there.
    (tmp_path / "site" / "a").mkdir(parents=True)
    (tmp_path / "site" / "a" / "index.html").write_text(PAGE, encoding="utf-8")
    memory = tmp_path / "memory"
    dead, alive = memory / "kb-search-views-999999999-abc", memory / f"kb-search-views-{os.getpid()}-def"
    for folder in (dead, alive):
        (folder / "a").mkdir(parents=True)
    monkeypatch.setattr(search, "MEMORY_FOLDER", memory)
    used: list[Path] = []

    def indexer(views: Path, output: Path) -> None:
        used.append(views)
        output.mkdir()

    monkeypatch.setattr(search, "_run_indexer", indexer)
    pages = [SearchedPage("a/index.html", "a/", "Person")]
    search.write_search_index(tmp_path / "site", SearchViews(pages))
    assert not used[-1].is_relative_to(memory) and dead.is_dir()
    search.write_search_index(tmp_path / "site", SearchViews(pages, in_memory=True))
    assert used[-1].is_relative_to(memory)
    assert not dead.exists() and alive.is_dir()


def test_what_killed_builds_left_in_the_temporary_folder_is_cleared(tmp_path, monkeypatch):
    # A preview stopped by a signal while it indexes leaves its work and views folders.
    (tmp_path / "site" / "a").mkdir(parents=True)
    (tmp_path / "site" / "a" / "index.html").write_text(PAGE, encoding="utf-8")
    temporary = tmp_path / "tmp"
    dead = [temporary / "kb-search-999999999-abc", temporary / "kb-search-views-999999999-abc"]
    kept = [temporary / f"kb-search-{os.getpid()}-def", temporary / "kb-search-views-1x-abc", temporary / "other"]
    for folder in dead + kept:
        folder.mkdir(parents=True)
    monkeypatch.setattr(search.tempfile, "tempdir", str(temporary))
    monkeypatch.setattr(search, "_run_indexer", lambda views, output: output.mkdir())
    search.write_search_index(tmp_path / "site", SearchViews([SearchedPage("a/index.html", "a/", "Person")]))
    assert sorted(temporary.iterdir()) == sorted(kept)


def test_the_build_makes_each_view_from_the_page_its_check_parsed_as_from_the_built_file(
    kb, built_site, tmp_path, monkeypatch
):
    # The build's check of each page hands its article over; the view is the one the
    # built file gives.
    pages = [page for page in searched_pages(kb) if page.kind in ("Person", "Release", "Article", PAGE_KIND)]
    views = SearchViews(pages)
    checked = BuiltPages(tmp_path, "https://example.org/", {}, tmp_path / "site", search_views=views)
    for page in pages:
        checked.check((built_site / page.dest_uri).read_text(encoding="utf-8"), page.dest_uri)
    indexed: dict[str, str] = {}

    def indexer(folder: Path, output: Path) -> None:
        indexed.update({page.dest_uri: (folder / page.dest_uri).read_text(encoding="utf-8") for page in pages})

    monkeypatch.setattr(search, "_run_indexer", indexer)
    views.index(tmp_path / "site", tmp_path / "index")  # nothing is read from the site: every view is made
    views.close()
    assert indexed == {
        page.dest_uri: search_view((built_site / page.dest_uri).read_text(encoding="utf-8"), page.kind)
        for page in pages
    }


def test_views_the_build_could_not_keep_in_memory_are_made_on_disk_from_the_built_files(tmp_path, monkeypatch):
    # Memory full half-way through the build: the views made so far are lost with their
    # folder, and made again at the end from the built files, on disk.
    site = tmp_path / "site"
    for name in ("a", "b"):
        (site / name).mkdir(parents=True)
        (site / name / "index.html").write_text(PAGE.replace("Ada", name.upper()), encoding="utf-8")
    memory = tmp_path / "memory"
    memory.mkdir()
    monkeypatch.setattr(search, "MEMORY_FOLDER", memory)
    monkeypatch.setattr(SearchViews, "BATCH", 1)  # each view written as it is made
    indexed: dict[str, str] = {}

    def indexer(views: Path, output: Path) -> None:
        assert not views.is_relative_to(memory)
        indexed.update({name: (views / name / "index.html").read_text() for name in ("a", "b")})
        output.mkdir()

    monkeypatch.setattr(search, "_run_indexer", indexer)
    pages = [SearchedPage("a/index.html", "a/", "Person"), SearchedPage("b/index.html", "b/", "Person")]
    views = SearchViews(pages, in_memory=True)
    checked = BuiltPages(tmp_path, "https://example.org/", {}, site, search_views=views)
    checked.check((site / "a" / "index.html").read_text(encoding="utf-8"), "a/index.html")
    assert (views.folder / "part-0" / "a" / "index.html").is_file() and views.folder.is_relative_to(memory)
    (views.folder / "part-0" / "b").write_text(
        "no room for b's folder"
    )  # writing b's view fails, as when memory is full
    checked.check((site / "b" / "index.html").read_text(encoding="utf-8"), "b/index.html")
    assert views.made == set()
    search.write_search_index(site, views)
    assert indexed == {name: search_view(PAGE.replace("Ada", name.upper()), "Person") for name in ("a", "b")}
    assert list(memory.iterdir()) == []


def test_searched_pages_are_the_entries_and_the_pages_for_readers(kb):
    pages = {page.url: page.kind for page in searched_pages(kb)}
    assert {page_url(entry.src_uri) for entry in kb.graph.entries.values()} | {"about/"} == set(pages)
    assert pages["releases/calico-open-source-v3-23/"] == "Release"
    assert pages["articles/calico-vpp-data-plane/"] == "Article"
    assert pages["about/"] == PAGE_KIND


@pytest.fixture(scope="module")
def records(built_site) -> dict[str, dict]:
    return search_records(built_site)


def test_the_index_holds_every_entry_page_with_its_title_and_kind(kb, records):
    for entry in kb.graph.entries.values():
        record = records.get(page_url(entry.src_uri))
        assert record is not None, entry.key
        assert record["meta"]["title"] == entry.title, entry.key
        assert record["meta"]["kind"] == kb.catalog[entry.collection].title, entry.key


def test_lists_and_pages_for_contributors_are_not_in_the_index(kb, records):
    lists = ["", "releases/explorer/", "learn/", "browse/", "contribute/", "contribute/reference/"]
    lists += [f"{name}/" for name in kb.catalog.collections]
    assert [url for url in lists if url in records] == []
    assert not any(url.startswith("contribute/") for url in records)


def test_no_list_section_of_an_entry_page_is_indexed(kb, built_site, records):
    sections = 0
    for entry in kb.graph.entries.values():
        html = (built_site / page_url(entry.src_uri) / "index.html").read_text(encoding="utf-8")
        listed = re.findall(rf"<h[23] {EXCLUDE_MARK}(?:=\"\")? id=\"([^\"]+)\"", html)
        anchors = {anchor["id"] for anchor in records[page_url(entry.src_uri)]["anchors"]}
        assert anchors.isdisjoint(listed), entry.key
        sections += len(listed)
    assert sections > len(kb.graph.entries)  # most pages have lists: the check saw them


def test_a_summary_is_found_on_its_own_page_only(kb, records):
    spotlight = kb.graph.entries["spotlights/community-spotlight-jamf"]
    summary = spotlight.data["summary"]
    assert len(summary.split(". ")) > 1  # longer than the line lists show
    found = {url for url, record in records.items() if summary in record["content"]}
    assert found == {page_url(spotlight.src_uri)}


def test_every_titled_release_note_is_a_section_of_its_release(kb, records):
    titled = 0
    for entry in kb.graph.by_collection("releases"):
        headings = {anchor["text"] for anchor in records[page_url(entry.src_uri)]["anchors"]}
        for note in entry.data["notes"]:
            if note.get("title"):
                assert note["title"] in headings, f"{entry.key}: {note['title']}"
                titled += 1
    assert titled


# Material's dialog without Material's plugin: the overrides copy Material's templates
# with the changes their comments name, and nothing else; a Material upgrade that
# changes the originals fails here.

MATERIAL = Path(importlib.util.find_spec("material").submodule_search_locations[0]) / "templates"
MATERIAL_SEARCH_BUTTON = """    {% if "material/search" in config.plugins %}
      {% set search = config.plugins["material/search"] | attr("config") %}
      {% if search.enabled %}
        <label class="md-header__button md-icon" for="__search">
          {% set icon = config.theme.icon.search or "material/magnify" %}
          {% include ".icons/" ~ icon ~ ".svg" %}
        </label>
        {% include "partials/search.html" %}
      {% endif %}
    {% endif %}
"""


def without_comments(template: str) -> str:
    return re.sub(r"\{#-.*?-#\}\n?", "", template, flags=re.DOTALL).strip()


def test_the_header_override_is_materials_with_the_search_dialog_always_there():
    ours = without_comments((ROOT / "overrides/partials/header.html").read_text(encoding="utf-8"))
    material = (MATERIAL / "partials/header.html").read_text(encoding="utf-8")
    assert MATERIAL_SEARCH_BUTTON in material
    unconditional = "".join(line[4:] for line in MATERIAL_SEARCH_BUTTON.splitlines(keepends=True)[3:-2])
    assert ours == without_comments(material.replace(MATERIAL_SEARCH_BUTTON, unconditional))


def test_the_configuration_names_the_site_search_worker_and_nothing_else_changes():
    base = (MATERIAL / "base.html").read_text(encoding="utf-8")
    material = re.search(r"\{% block config %\}(.*?)\{% endblock %\}", base, re.DOTALL).group(1)
    main = (ROOT / "overrides/main.html").read_text(encoding="utf-8")
    ours = re.search(r"\{% block config %\}(.*?)\{% endblock %\}", main, re.DOTALL).group(1)
    worker = re.search(r'"search": "(assets/javascripts/workers/search\.[0-9a-f]+\.min\.js)" \| url', material)
    assert worker, "Material's configuration no longer names its worker this way"
    expected = material.replace(worker.group(1), "assets/search-worker.js").replace(
        '"search.result.other": lang.t("search.result.other")', '"search.result.other": "# best matches"'
    )
    assert ours.rstrip() == expected.rstrip()
    assert (ROOT / "docs/assets/search-worker.js").is_file()


def site_of(tmp_path: Path, names: list[str]) -> tuple[Path, list[SearchedPage]]:
    """A built site of one PAGE per name, each a searched Person."""
    site = tmp_path / "site"
    for name in names:
        (site / name).mkdir(parents=True)
        (site / name / "index.html").write_text(PAGE.replace("Ada", name.upper()), encoding="utf-8")
    return site, [SearchedPage(f"{name}/index.html", f"{name}/", "Person") for name in names]


def test_the_pages_are_dealt_in_turn_to_parts_indexed_one_after_another(tmp_path, monkeypatch):
    # The indexer's memory follows the pages it is given: each run gets one part.
    site, pages = site_of(tmp_path, ["e", "a", "d", "c", "b"])
    runs: list[tuple[list[str], Path]] = []

    def indexer(views: Path, output: Path) -> None:
        runs.append((sorted(path.parent.name for path in views.rglob("index.html")), output))
        (output / "fragment").mkdir(parents=True)
        for name in ("pagefind.js", "wasm.en.pagefind", "pagefind-entry.json", "pagefind-ui.js"):
            (output / name).write_text(name)

    monkeypatch.setattr(search, "_run_indexer", indexer)
    search.write_search_index(site, SearchViews(pages, part_pages=2))
    index = site / search.INDEX_FOLDER
    assert [names for names, _ in runs] == [["a", "d"], ["b", "e"], ["c"]]
    assert json.loads((index / "parts.json").read_text()) == {"parts": ["part-1/", "part-2/"]}
    # Pagefind's script and WebAssembly are the first part's; its own interfaces go.
    assert sorted(path.name for path in index.iterdir()) == [
        "fragment",
        "pagefind-entry.json",
        "pagefind.js",
        "part-1",
        "part-2",
        "parts.json",
        "wasm.en.pagefind",
    ]
    for part in ("part-1", "part-2"):
        assert sorted(path.name for path in (index / part).iterdir()) == ["fragment", "pagefind-entry.json"]


def test_an_index_with_a_failed_part_replaces_nothing(tmp_path, monkeypatch):
    site, pages = site_of(tmp_path, ["a", "b", "c"])
    (site / search.INDEX_FOLDER).mkdir()
    (site / search.INDEX_FOLDER / "pagefind.js").write_text("the previous index")

    def indexer(views: Path, output: Path) -> None:
        if (views / "c").exists():
            raise search.SearchIndexError("Pagefind could not index the site (exit 1): no")
        (output / "fragment").mkdir(parents=True)

    monkeypatch.setattr(search, "_run_indexer", indexer)
    with pytest.raises(search.SearchIndexError):
        search.write_search_index(site, SearchViews(pages, part_pages=1))
    assert [path.name for path in (site / search.INDEX_FOLDER).iterdir()] == ["pagefind.js"]
    assert (site / search.INDEX_FOLDER / "pagefind.js").read_text() == "the previous index"


def test_an_index_in_parts_holds_every_page_once(tmp_path):
    # Pagefind's own indexer: the records of every part, each page in one.
    site, pages = site_of(tmp_path, ["a", "b", "c"])
    search.write_search_index(site, SearchViews(pages, part_pages=2))
    records = search_records(site)
    assert {url: record["meta"]["title"] for url, record in records.items()} == {
        "a/": "A Example",
        "b/": "B Example",
        "c/": "C Example",
    }
    assert {record["meta"]["kind"] for record in records.values()} == {"Person"}
    assert not (site / search.INDEX_FOLDER / "part-1" / "pagefind.js").exists()
