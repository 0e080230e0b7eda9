"""What readers get from the built site without a browser: every page has a
description and Open Graph tags, a sitemap, a helpful 404 page, topic chips that lead to topic pages, and a release explorer that is a
complete list without JavaScript. (What search holds: tests/site/test_search.py.)"""

from __future__ import annotations

import json
import posixpath
import re
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

from calico_kb import pipeline
from calico_kb.config import read_config
from calico_kb.paths import page_url
from calico_kb.pipeline import Project
from calico_kb.render.descriptions import MAX_CHARS
from calico_kb.render.nav import nav_with_collections
from conftest import ROOT, fixture_project, run_mkdocs_build, unexpected_log_lines

CONFIG = read_config((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
SITE_URL = CONFIG["site_url"]
SITE_PATH = urlsplit(SITE_URL).path


class Page(HTMLParser):
    """The parts of a built page these tests read."""

    def __init__(self, html: str):
        super().__init__(convert_charrefs=True)
        self.meta: dict[str, str] = {}
        self.links: list[dict[str, str]] = []
        self.chips: list[str] = []
        self.ids: set[str] = set()
        self.tables: list[list[list[str]]] = []
        self.forms: list[dict[str, str]] = []
        self.inputs: list[dict[str, str]] = []
        self.h1 = ""
        self.attribute_names: set[str] = set()
        self._in: list[str] = []
        self._cell: list[str] | None = None
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        a = {k: v or "" for k, v in attrs}
        self.attribute_names.update(a)
        if "id" in a:
            self.ids.add(a["id"])
        if tag == "meta":
            key = a.get("property") or a.get("name")
            if key:
                self.meta[key] = a.get("content", "")
        elif tag == "a" and "href" in a:
            self.links.append(a)
            if "kb-chip" in a.get("class", "").split():
                self.chips.append(a["href"])
        else:
            self._structure(tag, a)

    def _structure(self, tag, a):
        if tag == "table":
            self.tables.append([])
        elif tag == "tr" and self.tables:
            self.tables[-1].append([])
        elif tag in ("td", "th"):
            self._cell = []
        elif tag == "form":
            self.forms.append(a)
        elif tag == "input":
            self.inputs.append(a)
        elif tag == "h1":
            self._in.append("h1")

    def handle_endtag(self, tag):
        if tag in ("td", "th") and self._cell is not None and self.tables:
            self.tables[-1][-1].append(" ".join("".join(self._cell).split()))
            self._cell = None
        elif tag == "h1" and self._in:
            self._in.pop()

    def handle_data(self, data):
        if self._cell is not None:
            self._cell.append(data)
        if self._in:
            self.h1 += data


def read_page(site: Path, url: str) -> Page:
    return Page((site / url / "index.html").read_text(encoding="utf-8"))


def html_pages(site: Path) -> list[Path]:
    return sorted(p for p in site.rglob("*.html") if p.name != "404.html")


def url_of(site: Path, path: Path) -> str:
    """The site-relative URL of a built page: site/a/b/index.html -> "a/b/"."""
    relative = path.relative_to(site).as_posix()
    return relative.removesuffix("index.html")


def target_exists(site: Path, page_url_: str, href: str) -> bool:
    """Whether a relative or site-absolute link from a page lands on a built file."""
    path = urlsplit(href).path
    relative = path[len(SITE_PATH) :] if path.startswith(SITE_PATH) else posixpath.join(page_url_, path)
    normalized = posixpath.normpath(relative) if relative else "."
    file = site if normalized == "." else site / normalized
    is_directory = normalized == "." or path.endswith(("/", "/."))
    return (file / "index.html").is_file() if is_directory else file.is_file()


# Description and Open Graph ----------------------------------------------------


def test_every_page_has_a_description_and_open_graph_tags(built_site):
    pages = html_pages(built_site)
    assert len(pages) > 20
    for path in pages:
        page = Page(path.read_text(encoding="utf-8"))
        where = url_of(built_site, path)
        assert page.meta.get("description"), where
        assert len(page.meta["description"]) <= MAX_CHARS, (where, page.meta["description"])
        assert page.meta.get("og:description") == page.meta["description"], where
        assert page.meta.get("og:title"), where
        assert page.meta.get("og:url") == SITE_URL + where, where
        assert page.meta.get("og:type") == ("website" if where == "" else "article"), where
        assert page.meta.get("og:site_name") == CONFIG["site_name"], where
        assert page.meta.get("twitter:card") == "summary_large_image", where


def test_entry_pages_describe_themselves_with_their_teaser_or_first_sentence(kb, built_site):
    for key in ("releases/calico-open-source-v3-23", "articles/calico-vpp-data-plane", "topics/vpp"):
        entry = kb.graph.entries[key]
        page = read_page(built_site, page_url(entry.src_uri))
        text = entry.data.get("teaser") or (entry.data.get("summary") or entry.data["description"])
        first = " ".join(text.split()).split(". ")[0]
        assert page.meta["og:description"].rstrip(".…") == first.rstrip(".")[: MAX_CHARS - 1].rstrip(".…"), key
        assert page.meta["og:title"] == entry.title, key


def test_every_entry_page_carries_json_ld_naming_its_title_and_no_other_page_does(kb, built_site):
    entry_urls = {page_url(entry.src_uri) for entry in kb.graph.entries.values()}
    for path in html_pages(built_site):
        where = url_of(built_site, path)
        scripts = re.findall(
            r'<script type="application/ld\+json">(.*?)</script>', path.read_text(encoding="utf-8"), re.DOTALL
        )
        if where not in entry_urls:
            assert scripts == [], where
            continue
        assert len(scripts) == 1, where
        data = json.loads(scripts[0])
        assert data["name"] == read_page(built_site, where).meta["og:title"], where
        assert data["url"] == SITE_URL + where


def test_open_graph_values_are_escaped(tmp_path):
    root = fixture_project(tmp_path / "project")
    (root / "data" / "topics" / "quoted.yaml").write_text(
        'name: Say "hi" & wave\ndescription: \'A "quoted" & odd description" onload="x()\'\n',
        encoding="utf-8",
    )
    result = run_mkdocs_build(root, root / "site")
    assert result.returncode == 0, result.stderr
    assert unexpected_log_lines(result.stderr) == []
    html = (root / "site" / "topics" / "quoted" / "index.html").read_text(encoding="utf-8")
    page = Page(html)
    assert "onload" not in page.attribute_names
    assert page.meta["og:title"] == 'Say "hi" & wave'
    assert page.meta["og:description"] == 'A "quoted" & odd description" onload="x()'


# Sitemap and 404 --------------------------------------------------------------------


def test_the_sitemap_lists_every_page_by_its_address(built_site):
    tree = ET.parse(built_site / "sitemap.xml")
    locations = {loc.text for loc in tree.iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")}
    expected = {SITE_URL + url_of(built_site, p) for p in html_pages(built_site)}
    assert locations == expected


def test_the_404_page_helps_a_lost_reader_from_any_depth(built_site):
    html = (built_site / "404.html").read_text(encoding="utf-8")
    page = Page(html)
    assert "not found" in page.h1.lower()
    search = [f for f in page.forms if f.get("role") == "search" and "kb-not-found" in f.get("class", "")]
    assert search and search[0]["action"].startswith(SITE_PATH)
    assert any(i.get("name") == "q" for i in page.inputs)
    content_links = [a["href"] for a in page.links if not urlsplit(a["href"]).scheme and not a["href"].startswith("#")]
    for wanted in ("", "releases/", "topics/"):
        assert SITE_PATH + wanted in content_links or SITE_PATH + (wanted or ".") in content_links, wanted
    for href in content_links:
        assert href.startswith(SITE_PATH), f"{href} is relative: it breaks below the site's root"
        assert target_exists(built_site, "", href), href


# Topic chips ---------------------------------------------------------------------


def test_topic_chips_lead_to_topic_pages(built_site):
    chips = 0
    for path in html_pages(built_site):
        where = url_of(built_site, path)
        for href in Page(path.read_text(encoding="utf-8")).chips:
            chips += 1
            assert "topics/" in href, f"{where}: {href}"
            assert target_exists(built_site, where, href), f"{where}: {href}"
    assert chips > 20


def test_articles_show_their_topics_as_chips(kb, built_site):
    for entry in kb.graph.by_collection("articles"):
        topics = kb.graph.topics[entry.key]
        where = page_url(entry.src_uri)
        chips = {posixpath.normpath(posixpath.join(where, href)) for href in read_page(built_site, where).chips}
        assert {page_url(kb.graph.entries[t].src_uri).rstrip("/") for t in topics} <= chips, entry.key


# The release explorer without JavaScript --------------------------------------------


def test_without_javascript_the_explorer_says_where_the_notes_are(built_site):
    page = read_page(built_site, "releases/explorer/")
    assert {"kb-explorer", "kb-explorer-nojs", "kb-explorer-data"} <= page.ids
    assert page.tables == [], "the notes are data, not a table of thousands of rows"
    hrefs = {link["href"] for link in page.links}
    assert "../" in hrefs, "the releases' index, whose pages list every note without JavaScript"
    assert "notes.json" in hrefs


def explorer_notes(site: Path) -> tuple[dict, list[dict]]:
    """The explorer's manifest and every note of its parts, in order."""
    folder = site / "releases" / "explorer"
    manifest = json.loads((folder / "notes.json").read_text(encoding="utf-8"))
    notes = [n for name in manifest["parts"] for n in json.loads((folder / name).read_text(encoding="utf-8"))["notes"]]
    return manifest, notes


def test_the_explorer_s_data_holds_every_note_by_version_each_with_its_address(kb, built_site):
    manifest, notes = explorer_notes(built_site)
    expected = [(r.title, n["text"], n["kind"]) for r in kb.graph.by_collection("releases") for n in r.data["notes"]]
    assert [(manifest["releases"][n["r"]]["title"], n["x"], n["k"]) for n in notes] == expected
    assert manifest["total"] == len(expected)
    for note in notes:
        release = manifest["releases"][note["r"]]["url"]
        assert note["id"] in read_page(built_site, posixpath.normpath("releases/explorer/" + release)).ids


def test_only_the_release_explorer_loads_its_script(built_site):
    loading = sorted(
        url_of(built_site, path)
        for path in html_pages(built_site) + [built_site / "404.html"]
        if "explorer.js" in path.read_text(encoding="utf-8")
    )
    assert loading == ["releases/explorer/"]


def test_the_release_explorer_is_in_the_nav_under_releases(built_site):
    links = [a["href"] for a in read_page(built_site, "").links]
    assert "releases/explorer/" in links
    build = pipeline.build(Project(ROOT), pipeline.read_site_info(ROOT / "mkdocs.yml"))
    written = read_config((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))["nav"]
    nav = nav_with_collections(written, build.kb.catalog, build.plan)
    releases = next(item["Releases"] for item in nav if isinstance(item, dict) and "Releases" in item)
    # The release notes credit authors, so their index joins too.
    assert releases == [
        "releases/index.md",
        {"Explorer": "releases/explorer.md"},
        {"Contributors": "contributors/index.md"},
    ]
    assert nav[0] == written[0] and nav[-len(written) + 1 :] == written[1:]  # collections come after Home


def test_a_data_file_named_like_a_view_is_refused(tmp_path):
    root = fixture_project(tmp_path / "project")
    (root / "data" / "releases" / "explorer.yaml").write_text(
        'title: Explorer\nproduct: calico-open-source\nversion: "9.9"\nsummary: S.\n'
        "notes:\n  - {title: T, kind: feature, text: S}\n",
        encoding="utf-8",
    )
    result = run_mkdocs_build(root, root / "site")
    assert result.returncode != 0
    assert "templates/releases-explorer.md.j2 both produce /releases/explorer/" in result.stderr


def test_no_page_shows_markup_meant_for_the_markdown_parser(built_site):
    """An attribute list (`{: .class }`, `{ #id }`) that Python-Markdown did not take
    (a blank line before it, a typo) shows as text: a template or a page is wrong."""
    from selectolax.lexbor import LexborHTMLParser

    leftover = re.compile(r"\{\s*[:.#][^}]*\}")
    shown = {}
    for path in sorted(built_site.rglob("*.html")):
        tree = LexborHTMLParser(path.read_text(encoding="utf-8"))
        article = tree.css_first("article")
        if article is None:
            continue
        for code in article.css("code, pre"):
            code.decompose()
        found = leftover.findall(article.text())
        if found:
            shown[path.relative_to(built_site).as_posix()] = found[:3]
    assert shown == {}
