"""The built site in a real browser: Debian's Chromium, headless, driven by Playwright.

Chromium (its headless shell, /usr/bin/chromium-headless-shell, or else the full
/usr/bin/chromium) and axe-core come from `scripts/install-browser-deps` (`make
browser-deps`), never from Playwright's own browser downloads. In CI (CI=true) these
tests must run and fail when Chromium is missing; elsewhere they are skipped, saying
how to enable them. KB_CHROMIUM names another Chromium executable.

The site is served by a local http.server on 127.0.0.1 under the path of site_url
(/calico-community-kb/), answering unknown addresses with 404.html as GitHub Pages
does. Requests to other hosts are blocked, so no test depends on the network.
"""

from __future__ import annotations

import contextlib
import dataclasses
import functools
import gzip
import http.server
import json
import os
import re
import shutil
import sys
import threading
import urllib.parse
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml
from playwright.sync_api import expect, sync_playwright

from calico_kb.config import read_config
from calico_kb.paths import page_url
from calico_kb.site.search import SearchViews, searched_pages, write_search_index
from conftest import NAV_TABS, ROOT, built_once, fixture_project, run_mkdocs_build

sys.path.insert(0, str(ROOT / "benchmarks"))
import synthetic  # noqa: E402

pytestmark = pytest.mark.browser

HEADLESS_SHELL = Path("/usr/bin/chromium-headless-shell")
"""Debian's build of Chromium's headless shell: the same engine and version as its
chromium, made for headless runs (what Playwright itself runs headless), taking about
a third less CPU than the full browser. make browser-deps installs it."""
CHROMIUM = Path(
    os.environ.get("KB_CHROMIUM")
    or (HEADLESS_SHELL if os.access(HEADLESS_SHELL, os.X_OK) else Path("/usr/bin/chromium"))
)
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
HOW_TO_ENABLE = "run `make browser-deps` (or scripts/install-browser-deps as root) to enable the browser tests"
SITE_URL = read_config((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))["site_url"]
SITE_PATH = urllib.parse.urlsplit(SITE_URL).path

# Material takes over a click only once it has read sitemap.xml (a click before that is
# an ordinary page load), and nothing of its own says when. Its sitemap$ is built in the
# same call chain that follows DOMParser's parse of the XML, so a flag set on the next
# task after that parse means clicks are now instant navigation.
SITEMAP_READ_FLAG = """
(() => {
  const parse = DOMParser.prototype.parseFromString;
  DOMParser.prototype.parseFromString = function (text, type) {
    const document = parse.call(this, text, type);
    if (type === "text/xml" && document.querySelector("urlset")) {
      setTimeout(() => { window.kbSitemapRead = true; });
    }
    return document;
  };
})();
"""
ALLOWED_THIRD_PARTIES: set[str] = set()
"""Readers' browsers call no third party: system fonts, and no repository facts
(overrides/partials/source.html drops Material's call to api.github.com)."""


def require(available: bool, message: str) -> None:
    """Skip with a hint where browser tests are optional; fail in CI, where they are not."""
    if available:
        return
    if os.environ.get("CI") == "true":
        pytest.fail(f"{message} (CI=true: the browser tests must run)", pytrace=False)
    pytest.skip(f"{message}: {HOW_TO_ENABLE}")


@pytest.fixture(scope="session")
def chromium() -> Path:
    require(CHROMIUM.is_file() and os.access(CHROMIUM, os.X_OK), f"Chromium not found at {CHROMIUM}")
    return CHROMIUM


class _SiteHandler(http.server.SimpleHTTPRequestHandler):
    """Serves the site directory at SITE_PATH, and 404.html for anything missing.

    sitemap.xml is served with the test server's origin in place of site_url's, as if
    the site were deployed here (`mkdocs serve` does the same): Material's instant
    navigation only takes over links to addresses that the sitemap lists.
    """

    def do_GET(self):
        if urllib.parse.urlsplit(self.path).path != SITE_PATH + "sitemap.xml":
            super().do_GET()
            return
        here = f"http://{self.headers['Host']}/"
        body = (
            (Path(self.directory) / "sitemap.xml")
            .read_bytes()
            .replace(urllib.parse.urljoin(SITE_URL, "/").encode(), here.encode())
        )
        self.send_response(200)
        self.send_header("Content-Type", "application/xml")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def translate_path(self, path: str) -> str:
        path = urllib.parse.urlsplit(path).path
        if path.startswith(SITE_PATH):
            return super().translate_path("/" + path[len(SITE_PATH) :])
        return str(Path(self.directory) / "\0outside-the-site")

    def send_error(self, code, message=None, explain=None):
        page = Path(self.directory) / "404.html"
        if code != 404 or not page.is_file():
            super().send_error(code, message, explain)
            return
        body = page.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def log_message(self, format, *args):
        pass


@contextlib.contextmanager
def served(directory: Path) -> Iterator[str]:
    """A built site, served on a free port of 127.0.0.1 under site_url's path: its address."""
    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(_SiteHandler, directory=str(directory))
    )
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}{SITE_PATH}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


@pytest.fixture(scope="session")
def site_url(chromium, built_site) -> Iterator[str]:
    """The real site, served (see `served`)."""
    with served(built_site) as url:
        yield url


@pytest.fixture(scope="session")
def browser(chromium):
    playwright = sync_playwright().start()
    try:
        instance = playwright.chromium.launch(executable_path=str(chromium), headless=True, args=CHROMIUM_ARGS)
        try:
            yield instance
        finally:
            instance.close()
    finally:
        playwright.stop()


@dataclasses.dataclass
class Tab:
    """A browser page on the served site, with what went wrong while it was open."""

    page: object
    base: str
    errors: list[str]
    third_parties: set[str]

    def open(self, url: str):
        response = self.page.goto(self.base + url, wait_until="load")
        # Material's bundle sets up the page (search, palette, instant navigation) on load.
        self.page.wait_for_function("() => typeof window.document$ !== 'undefined'")
        return response

    def wait_for_instant_navigation(self) -> None:
        """Wait until a click on a link of the site is instant navigation, not a page load."""
        self.page.wait_for_function("() => window.kbSitemapRead === true")

    def path(self) -> str:
        """The current address, relative to the site, with its query string."""
        return self.page.url.removeprefix(self.base)


@pytest.fixture
def open_tab(browser, site_url):
    contexts = []

    def make(site_url: str = site_url, **options) -> Tab:
        options.setdefault("color_scheme", "light")
        context = browser.new_context(**options)
        context.set_default_timeout(15_000)
        context.add_init_script(SITEMAP_READ_FLAG)
        contexts.append(context)
        origin = site_url.removesuffix(SITE_PATH)
        tab = Tab(None, site_url, [], set())

        def block(route):
            tab.third_parties.add(urllib.parse.urlsplit(route.request.url).hostname or "")
            route.abort()

        context.route(lambda url: not url.startswith(origin), block)
        page = context.new_page()

        def on_console(message):
            location = message.location.get("url", "") if message.location else ""
            # Requests to other hosts are blocked on purpose (see `block`).
            if message.type == "error" and (not location or location.startswith(origin)):
                tab.errors.append(f"{page.url}: {message.text} ({location})")

        page.on("console", on_console)
        page.on("pageerror", lambda error: tab.errors.append(f"{page.url}: uncaught {error}"))
        tab.page = page
        return tab

    yield make
    for context in contexts:
        context.close()


@pytest.fixture
def tab(open_tab) -> Tab:
    return open_tab()


@pytest.fixture(scope="module")
def tour(kb) -> dict[str, object]:
    """A spotlight with a topic and an interviewee, and the pages readers visit."""
    spotlight = next(
        s
        for s in kb.graph.by_collection("spotlights")
        if kb.graph.topics[s.key] and kb.graph.referenced(s.key, field="interviewees")
    )
    topic = kb.graph.entries[kb.graph.topics[spotlight.key][0]]
    person = kb.graph.referenced(spotlight.key, field="interviewees")[0]
    pages = [
        "",
        "releases/",
        "releases/explorer/",
        "releases/calico-open-source-v3-23/",
        "articles/calico-vpp-data-plane/",
        page_url(topic.src_uri),
        page_url(spotlight.src_uri),
        page_url(person.src_uri),
        "topics/",
    ]
    return {"spotlight": spotlight, "topic": topic, "person": person, "pages": pages}


def content_link(tab: Tab, text: str):
    return tab.page.locator("article.md-content__inner").get_by_role("link", name=text, exact=True).first


def arrive(tab: Tab, url: str, title: str) -> None:
    """Wait until the page at `url` shows `title`: instant navigation swaps the content
    after changing the address."""
    tab.page.wait_for_url(f"**{SITE_PATH}{url}")
    expect(tab.page.locator("article h1")).to_have_text(re.compile(rf"^\s*{re.escape(title)}\s*¶?\s*$"))


def test_a_reader_goes_from_home_to_topic_to_spotlight_to_person_by_clicking(tab, tour):
    topic, spotlight, person = tour["topic"], tour["spotlight"], tour["person"]
    tab.open("")
    content_link(tab, "Topics").click()
    arrive(tab, "topics/", "Topics")
    content_link(tab, topic.title).click()
    arrive(tab, page_url(topic.src_uri), topic.title)
    content_link(tab, spotlight.title).click()
    arrive(tab, page_url(spotlight.src_uri), spotlight.title)
    content_link(tab, person.title).click()
    arrive(tab, page_url(person.src_uri), person.title)
    assert tab.errors == []


# Search (calico_kb/site/search.py, docs/assets/search-worker.js) ---------------------
# Pagefind ranks the results in the reader's browser, so what comes first is checked
# here, through Material's dialog, as readers type.

RESULTS = """() => Array.from(document.querySelectorAll("li.md-search-result__item")).map(item => [
    new URL(item.querySelector("a").href).pathname,
    (item.querySelector(".md-search-result__article .md-tag") || {}).textContent || null,
])"""


def search(tab: Tab, query: str) -> list[tuple[str, str | None]]:
    """Type `query` into the search dialog: each result's address (relative to the site)
    and the kind it shows, best first."""
    field = tab.page.locator("input.md-search__input")
    meta = tab.page.locator(".md-search-result__meta")
    field.click()
    if field.input_value():
        # A query typed before: its results must be gone before this one's are read.
        field.fill("")
        field.press("End")
        expect(meta).to_have_text(re.compile("Type to start searching"))
    field.fill(query)
    field.press("End")  # Material reads the field on keyup: one query, the whole of it
    # Every query here has results; "No matching documents" can show for a moment, when
    # the answer to the empty query typed over arrives after the first letters.
    expect(meta).to_have_text(re.compile(r"best match|1 matching document"))
    return [(path.removeprefix(SITE_PATH), kind) for path, kind in tab.page.evaluate(RESULTS)]


RELEASE_V3_23 = "releases/calico-open-source-v3-23/"
READER_QUERIES = {
    # The reader walk's six queries (../shared/reviews/reader-walk.md), three more, and
    # pull requests and authors of notes:
    # the pages a reader looks for come first, in any order among themselves.
    "VPP": {"articles/calico-vpp-data-plane/", "topics/vpp/", RELEASE_V3_23},
    "Jamf": {"spotlights/community-spotlight-jamf/", "organizations/jamf/"},
    "WAF": {"topics/waf/", "releases/calico-enterprise-3-14/"},
    "AKS BYOCNI": {"articles/calico-on-aks-byocni/", "topics/aks/"},
    "certification": {
        "topics/certification/",
        "courses/calico-operator-certification-fundamentals/",
        "courses/certified-calico-operator-azure-expert/",
    },
    "Log4j": {"articles/zero-trust-and-log4j/", "articles/mitigating-vulnerabilities-heartbleed-log4j/"},
    "Jintao": {"people/jintao-zhang/", "spotlights/community-spotlight-jintao-zhang/"},
    "ebpf": {
        "articles/ebpf-data-plane-benefits/",
        "articles/ebpf-data-plane-validation-flowchart/",
        "courses/calico-level-two-course-ebpf/",
        "topics/ebpf/",
    },
    # Releases first (not the releases' index, the explorer or the data model reference);
    # which one is newest, Pagefind cannot know.
    "latest release": {RELEASE_V3_23, "releases/calico-enterprise-3-14/"},
    # Issue 22: a release note by its pull request and by its author's handle
    # (data/releases/calico-open-source-v3-23.yaml).
    "calico #5857": {RELEASE_V3_23},
    "5988": {RELEASE_V3_23},
    "@song-jiang": {RELEASE_V3_23},
    "coutinhop": {RELEASE_V3_23},
}


def test_each_reader_query_finds_the_entries_first_each_with_its_kind(tab, kb):
    assert reader_query_problems(tab, kb) == []
    assert tab.errors == []


@pytest.fixture(scope="module")
def site_in_parts(built_site, kb, tmp_path_factory) -> Path:
    """The real site with its index written in two parts, as a large site's is
    (calico_kb/site/search.py): the search worker merges them."""
    site = tmp_path_factory.mktemp("site-in-parts") / "site"
    shutil.copytree(built_site, site)
    pages = searched_pages(kb)
    write_search_index(site, SearchViews(pages, part_pages=-(-len(pages) // 2)))
    assert json.loads((site / "pagefind" / "parts.json").read_text()) == {"parts": ["part-1/"]}
    return site


def test_an_index_in_parts_answers_each_reader_query_as_one_index_does(open_tab, kb, site_in_parts):
    with served(site_in_parts) as url:
        tab = open_tab(site_url=url)
        requested = []
        tab.page.on("request", lambda request: requested.append(request.url.removeprefix(tab.base)))
        assert reader_query_problems(tab, kb) == []
        assert tab.errors == []
    for part in ("pagefind/", "pagefind/part-1/"):
        assert any(url.startswith(f"{part}index/") for url in requested), part


def reader_query_problems(tab: Tab, kb) -> list[str]:
    """READER_QUERIES typed in one dialog, one query after another, as a reader refines a
    search: every query's fault."""
    kinds = {page_url(entry.src_uri): kb.catalog[entry.collection].title for entry in kb.graph.entries.values()}
    problems = []
    tab.open("")
    for query, expected in READER_QUERIES.items():
        results = search(tab, query)
        if {path for path, _ in results[: len(expected)]} != expected:
            problems.append(f"{query!r}: first {len(expected)} of {results}")
        # Only entries and the About page; never an index, the explorer or a contributor page.
        unkind = [
            (path, kind) for path, kind in results if kinds.get(path, "Page" if path == "about/" else None) != kind
        ]
        if unkind:
            problems.append(f"{query!r}: results of the wrong kind {unkind}")
    return problems


def open_search_and_type(tab: Tab, key: str, query: str):
    """Open the search dialog with `key` and type `query`: the field."""
    tab.open("")
    tab.page.keyboard.press(key)
    field = tab.page.locator("input.md-search__input")
    expect(field).to_be_focused()
    expect(tab.page.locator("#__search")).to_be_checked()
    field.press_sequentially(query)
    expect(tab.page.locator(".md-search-result__meta")).to_have_text(re.compile("best match"))
    return field


def test_search_opens_with_a_key_moves_with_arrows_and_closes_with_escape(tab):
    field = open_search_and_type(tab, "/", "VPP")
    tab.page.keyboard.press("ArrowDown")
    expect(tab.page.locator("li.md-search-result__item a").first).to_be_focused()
    tab.page.keyboard.press("ArrowUp")
    expect(field).to_be_focused()
    tab.page.keyboard.press("Escape")
    expect(tab.page.locator("#__search")).not_to_be_checked()
    assert tab.errors == []


def test_enter_opens_the_best_result(tab):
    open_search_and_type(tab, "s", "Jamf")
    best = urllib.parse.urlsplit(tab.page.locator("li.md-search-result__item a").first.get_attribute("href")).path
    tab.page.keyboard.press("Enter")
    tab.page.wait_for_url(f"**{best}**")
    assert tab.errors == []
    assert tab.third_parties == ALLOWED_THIRD_PARTIES


def test_a_query_loads_only_parts_of_the_index_and_nothing_of_materials(tab):
    requested = []
    tab.page.on("request", lambda request: requested.append(request.url.removeprefix(tab.base)))
    tab.open("")
    search(tab, "VPP")
    wanted = ("pagefind/pagefind.js", "pagefind/index/", "pagefind/fragment/")
    for _ in range(50):  # the worker's requests may be reported after the results show
        if all(any(url.startswith(prefix) for url in requested) for prefix in wanted):
            break
        tab.page.wait_for_timeout(100)
    assert [prefix for prefix in wanted if not any(url.startswith(prefix) for url in requested)] == []
    assert not any("workers/search." in url or "lunr" in url for url in requested)


@pytest.fixture(scope="module")
def release_notes_site(tmp_path_factory) -> Path:
    """The small fixture site built: its release product-v1-2 has a note credited to
    felix #2230 and to @example-handle (the real releases credit nobody yet)."""
    project = fixture_project(tmp_path_factory.mktemp("release-notes-search"))
    note = next(
        n
        for n in yaml.safe_load((project / "data/releases/product-v1-2.yaml").read_text())["notes"]
        if n.get("authors")
    )
    assert {"repository": "felix", "number": 2230} in note["pull_requests"] and "example-handle" in note["authors"]
    result = run_mkdocs_build(project, project / "site")
    assert result.returncode == 0, result.stderr
    return project / "site"


def test_a_result_shows_markup_in_a_note_as_text(open_tab, release_notes_site):
    with served(release_notes_site) as url:
        tab = open_tab(site_url=url)
        tab.open("")
        search(tab, "flag")
        result = tab.page.locator("li.md-search-result__item").first
        assert "--flag=<value>" in result.inner_text()
        assert result.locator("value").count() == 0
        assert tab.errors == []


def test_a_release_note_is_found_by_its_pull_request_and_its_author(open_tab, release_notes_site):
    with served(release_notes_site) as url:
        tab = open_tab(site_url=url)
        tab.open("")
        found = {
            query: search(tab, query)[:1] for query in ["felix #2230", "2230", "@example-handle", "example-handle"]
        }
        assert found == dict.fromkeys(found, [("releases/product-v1-2/", "Release")])
        assert tab.errors == []


def shown_notes(tab: Tab) -> list[str]:
    """The notes the explorer lists, as text."""
    return tab.page.locator("ol.kb-explorer__notes > li:visible").all_inner_texts()


def explorer_ready(tab: Tab) -> None:
    """Wait until the explorer shows what its address asks for (explorer.js marks its form)."""
    tab.page.wait_for_function(
        "() => { const form = document.querySelector('form.kb-explorer');"
        " return form && form.dataset.kbShown === location.search; }"
    )


def choose(tab: Tab, facet: str, value: str, *, on: bool = True) -> None:
    """Tick (or untick) a value of one of the explorer's groups of choices, opening it first."""
    group = tab.page.locator(f"details.kb-explorer__facet:has(input[name='{facet}'])")
    if not group.evaluate("details => details.open"):
        group.locator("summary").click()
    box = group.locator(f"input[value='{value}']")
    box.check() if on else box.uncheck()


def every_note(kb) -> list[dict]:
    return [n for r in kb.graph.by_collection("releases") for n in r.data["notes"]]


def test_the_release_explorer_narrows_on_a_filter_and_a_reload_restores_it(tab, kb):
    notes = every_note(kb)
    with_vpp = [n for n in notes if "vpp" in n.get("topics", [])]
    assert 0 < len(with_vpp) < len(notes)
    tab.open("releases/explorer/")
    explorer_ready(tab)
    assert len(shown_notes(tab)) == len(notes)
    choose(tab, "topic", "vpp")
    assert tab.path() == "releases/explorer/?topic=vpp"
    shown = shown_notes(tab)
    assert len(shown) == len(with_vpp)
    assert all(n["title"] in " ".join(shown) for n in with_vpp)
    assert "matching notes" in tab.page.locator(".kb-explorer__count").inner_text()

    tab.page.reload()
    explorer_ready(tab)
    assert tab.page.locator("input[name='topic'][value='vpp']").is_checked()
    assert shown_notes(tab) == shown

    tab.page.fill("#kb-explorer-text", "no note says this")
    assert shown_notes(tab) == []
    assert "text=no+note+says+this" in tab.path()
    tab.page.get_by_role("button", name="Clear filters").click()
    assert len(shown_notes(tab)) == len(notes)
    assert tab.path() == "releases/explorer/"
    assert tab.errors == []


def test_a_shared_explorer_address_opens_filtered(tab, kb):
    release = kb.graph.entries["releases/calico-open-source-v3-23"]
    query = urllib.parse.urlencode({"product": "calico-open-source", "from": "3.23", "to": "3.23"})
    tab.open("releases/explorer/?" + query)
    explorer_ready(tab)
    assert tab.page.locator("input[name='product'][value='calico-open-source']").is_checked()
    assert tab.page.locator("#kb-explorer-from").input_value() == "3.23"
    assert len(shown_notes(tab)) == len(release.data["notes"])
    assert tab.errors == []


def test_the_explorer_works_after_instant_navigation(tab):
    tab.open("releases/")
    # Only the explorer's page loads its script: instant navigation must bring it in.
    assert tab.page.evaluate("window.kbExplorerLoaded === undefined")
    tab.page.evaluate("window.kbSamePage = true")
    tab.wait_for_instant_navigation()
    content_link(tab, "release explorer").click()
    tab.page.wait_for_url("**/releases/explorer/")
    explorer_ready(tab)
    assert tab.page.evaluate("window.kbSamePage === true"), "Material's instant navigation did not load the page"
    choose(tab, "topic", "vpp")
    assert tab.path() == "releases/explorer/?topic=vpp"
    # The form can be submitted (Enter in the words field, or its button), and the list
    # says what it is.
    assert tab.page.locator('form.kb-explorer button[type="submit"]').count() == 1
    assert (
        tab.page.locator("ol.kb-explorer__notes").get_attribute("aria-label") == "Release notes, highest version first"
    )
    assert tab.errors == []


def test_without_javascript_the_explorer_says_where_the_notes_are(open_tab):
    tab = open_tab(java_script_enabled=False, **PHONE)
    tab.page.goto(tab.base + "releases/explorer/?topic=vpp")
    where = tab.page.locator("#kb-explorer-nojs")
    assert where.is_visible() and "each release's page lists its notes" in where.inner_text()
    where.get_by_role("link", name="every release by product and year").click()
    tab.page.wait_for_url(f"**{SITE_PATH}releases/")
    assert tab.page.locator("article h1").inner_text().startswith("Releases")
    tab.page.go_back()
    assert tab.page.locator("form.kb-explorer").count() == 0
    assert "Choose any number" not in tab.page.locator("article").inner_text(), "no promise of filters"
    assert tab.page.evaluate(WIDER_THAN_THE_SCREEN) == []


def test_the_palette_toggle_switches_to_dark_mode_and_back(tab):
    tab.open("")
    body = tab.page.locator("body")
    toggle = tab.page.locator("form[data-md-component='palette'] label:visible")
    assert body.get_attribute("data-md-color-scheme") == "default"
    toggle.click()
    expect(body).to_have_attribute("data-md-color-scheme", "slate")
    tab.open("releases/")
    assert body.get_attribute("data-md-color-scheme") == "slate", "the choice is kept across pages"
    toggle.click()
    expect(body).to_have_attribute("data-md-color-scheme", "default")
    assert tab.errors == []


def test_instant_navigation_and_back_log_no_console_errors_and_call_no_third_parties(tab):
    tab.open("")
    tab.wait_for_instant_navigation()
    content_link(tab, "Topics").click()
    tab.page.wait_for_url(f"**{SITE_PATH}topics/")
    tab.page.go_back()
    tab.page.wait_for_url(lambda url: url.endswith(SITE_PATH))
    assert tab.errors == []
    assert tab.third_parties == ALLOWED_THIRD_PARTIES


def test_a_missing_page_gets_the_helpful_404_at_any_depth(tab):
    response = tab.open("releases/calico-v3-99/")
    assert response.status == 404
    assert tab.page.locator("article h1").inner_text() == "Page not found"
    assert tab.page.locator("#kb-not-found-query").input_value() == "releases calico v3 99"
    content_link(tab, "Releases").click()
    tab.page.wait_for_url(f"**{SITE_PATH}releases/")
    tab.open("a/b/c/d/")
    tab.page.locator("form.kb-not-found button").click()
    tab.page.wait_for_url(lambda url: url.endswith(f"{SITE_PATH}?q=a+b+c+d"))
    assert tab.page.locator("input.md-search__input").input_value() == "a b c d"


def axe_violations(tab: Tab) -> list[str]:
    """Serious and critical axe-core findings on the page, in the scheme it shows."""
    if tab.page.evaluate("typeof window.axe === 'undefined'"):
        tab.page.add_script_tag(path=str(AXE))
    found = tab.page.evaluate("""async () => {
        const result = await axe.run(document, {resultTypes: ["violations"]});
        return result.violations
            .filter(v => v.impact === "serious" || v.impact === "critical")
            .map(v => `${v.impact} ${v.id}: ${v.help} at ${v.nodes.slice(0, 3).map(n => n.target.join(" ")).join("; ")}`);
    }""")
    scheme = tab.page.locator("body").get_attribute("data-md-color-scheme")
    return [f"{tab.path() or 'home'} ({scheme}): {v}" for v in found]


OTHER_SCHEME = {"default": "slate", "slate": "default"}


SWITCH_SCHEME = """async () => {
    const before = document.body.dataset.mdColorScheme;
    const toggle = [...document.querySelectorAll("form[data-md-component='palette'] label")]
        .find(label => label.checkVisibility());
    toggle.click();
    while (document.body.dataset.mdColorScheme === before) {
        await new Promise(requestAnimationFrame);
    }
    await Promise.all(document.getAnimations().map(animation => animation.finished));
    return document.body.dataset.mdColorScheme;
}"""


def switch_scheme(tab: Tab) -> str:
    """Click the palette toggle that shows and wait until the colours have settled
    (Material's transitions done): the scheme the page now shows. One call into the
    page, since the page sweep does it on every page (a reader's click, through the
    mouse: `test_the_palette_toggle_switches_to_dark_mode_and_back`)."""
    return tab.page.evaluate(SWITCH_SCHEME)


# Pictures (render/avatars.py, pictures.py, cards.py): home, a person, an organization,
# a topic and an index show one, and on a phone it fits (see the page sweep below).

PICTURE_PAGES = ["", "people/geoff-burke/", "organizations/tigera/", "topics/kubernetes/", "people/"]


def test_the_chart_colours_follow_the_colour_scheme(open_tab):
    colours = {}
    for scheme in ("light", "dark"):
        tab = open_tab(color_scheme=scheme)
        tab.open("topics/kubernetes/")
        colours[scheme] = tab.page.evaluate(
            "getComputedStyle(document.querySelector('.kb-bars__row.kb-bars--topics .kb-bars__bar')).backgroundColor"
        )
    assert colours["light"] != colours["dark"]


def test_a_bar_of_the_chart_leads_to_its_page(open_tab):
    tab = open_tab()
    tab.open("people/geoff-burke/")
    label = tab.page.locator(".kb-bars__label").first
    text = label.inner_text()
    label.click()
    tab.page.wait_for_url(lambda url: not url.endswith("/people/geoff-burke/"))
    expect(tab.page.locator("article h1")).to_have_text(re.compile(rf"^\s*{re.escape(text)}"))


CHART_TEXT = """() => [...document.querySelectorAll('figure.kb-bars *')]
  .filter(el => [...el.childNodes].some(n => n.nodeType === Node.TEXT_NODE && n.textContent.trim()))
  .filter(el => el.getClientRects().length && !el.classList.contains('kb-bars__kind-name'))
  .map(el => ({text: el.textContent.trim(), size: parseFloat(getComputedStyle(el).fontSize),
               cut: el.scrollWidth > el.clientWidth + 1 || getComputedStyle(el).textOverflow === 'ellipsis',
               right: el.getBoundingClientRect().right}))"""


@pytest.mark.parametrize("url", ["", "topics/ebpf/", "organizations/tigera/", "people/jintao-zhang/"])
def test_on_a_phone_the_chart_s_text_is_whole_and_at_least_12_px(open_tab, url):
    tab = open_tab(viewport={"width": 375, "height": 812})
    tab.open(url)
    texts = tab.page.evaluate(CHART_TEXT)
    assert len(texts) > 3
    assert [t["text"] for t in texts if t["size"] < 12] == []
    assert [t["text"] for t in texts if t["cut"] or t["right"] > 375] == []


# Every page kind, as readers see it (issue 12) -------------------------------------
# One page of every generated kind (an entry of each collection, each index, the
# release explorer, an article), the pages of the reader's tour and of the pictures,
# and the 404 page, each opened once at 1366 px and once at 375 px, in light at one
# size and dark at the other: the section's tab is active and a breadcrumb leads home
# and to the collection's index; on a phone nothing is wider than the screen and every
# picture fits; nothing logs an error or calls another host; axe-core finds no serious
# or critical problem.

DESKTOP = {"viewport": {"width": 1366, "height": 900}}
PHONE = {"viewport": {"width": 375, "height": 812}, "is_mobile": True, "has_touch": True}

WIDER_THAN_THE_SCREEN = """() => {
    const width = document.documentElement.clientWidth;
    const scrolls = el => { for (let e = el.parentElement; e; e = e.parentElement) {
        const style = getComputedStyle(e);
        if (e.matches(".md-typeset__scrollwrap, pre") || style.overflowX === "auto" || style.overflowX === "scroll") return e;
    } return null; };
    return Array.from(document.querySelectorAll("body *"))
        .filter(el => el.offsetParent !== null && !scrolls(el))
        .filter(el => { const r = el.getBoundingClientRect(); return r.right > width + 1 || r.left < -1; })
        .filter(el => !el.closest(".md-sidebar, .md-search, .md-tabs, .md-header__topic"))
        .map(el => el.tagName.toLowerCase() + (el.className ? "." + String(el.className).split(" ")[0] : ""));
}"""


@pytest.fixture(scope="module")
def kinds(kb) -> dict[str, str]:
    """One page of every generated kind: URL -> the collection whose tab it belongs to."""
    pages = {}
    for name in NAV_TABS:
        entries = kb.graph.by_collection(name)
        assert entries, name
        pages[page_url(entries[0].src_uri)] = name
        pages[f"{name}/"] = name
    pages["releases/explorer/"] = "releases"
    return pages


def where_am_i(tab, url: str, collection: str) -> list[str]:
    """What is missing on the page for a reader to know where they are."""
    missing = []
    tabs = tab.page.locator(".md-tabs__item--active .md-tabs__link").all_inner_texts()
    if [t.strip() for t in tabs] != [NAV_TABS[collection]]:
        missing.append(f"{url}: active tabs {tabs}")
    entry_page = url not in (f"{collection}/", "spotlights/", "articles/")
    if entry_page and url != "releases/explorer/":
        crumbs = tab.page.locator("nav.md-path a.md-path__link")
        hrefs = crumbs.evaluate_all("links => links.map(a => new URL(a.href).pathname)")
        if not hrefs or hrefs[0] != SITE_PATH:
            missing.append(f"{url}: breadcrumb {hrefs} does not start at home")
        if SITE_PATH + f"{collection}/" not in hrefs:
            missing.append(f"{url}: breadcrumb {hrefs} does not lead to {collection}/")
        if tab.page.locator("nav.md-footer__inner a.md-footer__link").count() == 0:
            missing.append(f"{url}: no previous or next page")
    return missing


def fits_a_phone(tab: Tab, url: str) -> list[str]:
    """What is wider than a 375 px screen on the page, pictures included."""
    problems = []
    overflow = tab.page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    if overflow > 0:
        problems.append(f"{url or 'home'}: scrolls sideways by {overflow}px")
    wide = tab.page.evaluate(WIDER_THAN_THE_SCREEN)
    if wide:
        problems.append(f"{url or 'home'}: wider than 375 px: {wide[:5]}")
    if url in PICTURE_PAGES:
        pictures = tab.page.locator("article figure.kb-bars, article svg.kb-avatar")
        box = pictures.first.bounding_box() if pictures.count() else None
        if not (box and box["width"] > 30 and box["x"] >= 0 and box["x"] + box["width"] <= 375):
            problems.append(f"{url or 'home'}: no picture that fits the screen ({box})")
    return problems


@pytest.fixture(scope="module")
def sweep(kinds, tour) -> dict[str, str | None]:
    """Every page the sweep opens: URL -> the collection whose tab it shows (None for
    pages outside the collections' tabs, whose place is not checked)."""
    pages: dict[str, str | None] = dict(kinds)
    for url in [*tour["pages"], *PICTURE_PAGES]:
        pages.setdefault(url, None)
    return pages


FOLLOW_A_LINK = """url => {
    const link = Object.assign(document.createElement("a"), {href: url, textContent: url});
    document.querySelector("[data-md-component=container]").dataset.kbLeft = "";
    document.body.append(link);
    link.click();
    link.remove();
}"""


def follow(tab: Tab, url: str) -> int:
    """Go to `url` as a reader does, by following a link: Material's instant navigation
    fetches the page and swaps its content in. The status of that fetch."""
    target = tab.base + url
    with tab.page.expect_response(lambda response: response.url == target) as response:
        tab.page.evaluate(FOLLOW_A_LINK, target)
    tab.page.wait_for_function("() => !document.querySelector('[data-kb-left]')")
    return response.value.status


@pytest.mark.parametrize("size", ["desktop", "phone"])
def test_every_page_kind_says_where_it_is_fits_the_screen_and_passes_axe(open_tab, sweep, size):
    require(AXE.is_file(), f"axe-core not found at {AXE.relative_to(ROOT)}")
    # Each page shows the scheme the reader chose last, and the palette toggle is
    # clicked on each page, so the pages alternate; the phone starts in the other
    # scheme, so every page is checked in both schemes, and each size's header, tabs,
    # sidebars or drawer in both. The first page is opened by its address, the others
    # by following links (instant navigation: readers' way, and no new page to set up);
    # the 404 page, which instant navigation leaves to the browser, by its address.
    tab = open_tab(color_scheme="light" if size == "desktop" else "dark", **(DESKTOP if size == "desktop" else PHONE))
    tab.page.context.add_init_script(path=str(AXE))
    problems, schemes = [], []
    pages = list(sweep.items())
    first_status = tab.open(pages[0][0]).status
    tab.wait_for_instant_navigation()
    tab.page.evaluate("window.kbSamePage = true")
    missing = "no/such/page/"
    for index, (url, collection) in enumerate([*pages, (missing, None)]):
        if index == 0:
            status = first_status
        elif url == missing:
            status = tab.open(url).status
        else:
            status = follow(tab, url)
        expected = 404 if url == missing else 200
        if status != expected:
            problems.append(f"{url}: status {status}, not {expected}")
        if url != missing and not tab.page.evaluate("window.kbSamePage === true"):
            problems.append(f"{url}: reached by a page load, not by instant navigation")
        if collection is not None:
            problems += where_am_i(tab, url, collection)
        if size == "phone":
            problems += fits_a_phone(tab, url)
        schemes.append(tab.page.locator("body").get_attribute("data-md-color-scheme"))
        problems += axe_violations(tab)
        switch_scheme(tab)
    assert problems == []
    first = "default" if size == "desktop" else "slate"
    assert schemes == [first, OTHER_SCHEME[first]] * (len(schemes) // 2) + [first] * (len(schemes) % 2)
    own_404 = f"{tab.base}{missing}: Failed to load resource: the server responded with a status of 404"
    assert [e for e in tab.errors if not e.startswith(own_404)] == []
    assert tab.third_parties == ALLOWED_THIRD_PARTIES


def test_the_sidebar_shows_the_entry_section_on_a_wide_screen(open_tab, kb):
    tab = open_tab(**DESKTOP)
    tab.open(page_url(kb.graph.by_collection("releases")[0].src_uri))
    sidebar = tab.page.locator(".md-sidebar--primary .md-nav__link:visible").all_inner_texts()
    assert any("Explorer" in text for text in sidebar), sidebar


def test_the_explorer_on_a_phone_fits_the_screen_with_every_filter_open(open_tab):
    tab = open_tab(**PHONE)
    tab.open("releases/explorer/")
    explorer_ready(tab)
    for summary in tab.page.locator("details.kb-explorer__facet > summary").all():
        summary.click()
    assert tab.page.evaluate(WIDER_THAN_THE_SCREEN) == []
    assert tab.page.locator("ol.kb-explorer__notes").evaluate("list => list.getBoundingClientRect().width") <= 375


def test_with_no_match_the_explorer_says_so_and_offers_to_clear(open_tab, kb):
    tab = open_tab(**DESKTOP)
    tab.open("releases/explorer/?text=no+note+says+this")
    explorer_ready(tab)
    assert "Choose any number" in tab.page.locator("article").inner_text()
    message = tab.page.locator(".kb-explorer__none")
    assert message.is_visible() and "No note matches" in message.inner_text()
    assert not tab.page.locator("ol.kb-explorer__notes").is_visible()
    message.get_by_role("button", name="Clear the filters").click()
    assert len(shown_notes(tab)) == len(every_note(kb))
    assert not message.is_visible()
    assert tab.path() == "releases/explorer/"
    assert tab.errors == []


# The explorer at scale (issue 22) --------------------------------------------------
# A copy of the real site with 2,300 synthetic release notes shaped like Calico's own
# (benchmarks/synthetic.py), built once per session and served like the real one.

BIG_NOTES = 2300
FIRST_LOAD_BUDGET = 300_000
"""Bytes, compressed, that the explorer's first load may fetch."""
DOM_BUDGET = 5000
FILTER_BUDGET_MS = 100
LONG_TOKEN = "--a-flag-with-a-very-long-unbroken-name=" + "x" * 80
"""Release notes carry flags and addresses longer than a phone is wide."""


@pytest.fixture(scope="session")
def big_site(tmp_path_factory) -> Path:
    """The real site and 2,300 release notes, built once for all workers, under a lock."""

    def build(site: Path):
        project = site.parent / "big-project"
        project.mkdir()
        synthetic.scaffold(project, ROOT)
        counts = synthetic.generate_release_notes(project, BIG_NOTES)
        assert counts["notes"] == BIG_NOTES
        newest = max(project.glob("data/releases/syn-notes-v3-31-*.yaml"))
        release = yaml.safe_load(newest.read_text(encoding="utf-8"))
        release["notes"].insert(0, {"text": f"Set `{LONG_TOKEN}` or {LONG_TOKEN} to try it.", "kind": "other"})
        newest.write_text(yaml.safe_dump(release, sort_keys=False), encoding="utf-8")
        return run_mkdocs_build(project, site)

    return built_once(tmp_path_factory, "big-site", build)


@pytest.fixture(scope="session")
def big_site_url(chromium, big_site) -> Iterator[str]:
    with served(big_site) as url:
        yield url


@pytest.fixture
def open_big_tab(open_tab, big_site_url):
    return functools.partial(open_tab, big_site_url)


@pytest.fixture(scope="session")
def big_manifest(big_site) -> dict:
    return json.loads((big_site / "releases" / "explorer" / "notes.json").read_text(encoding="utf-8"))


def compressed_sizes(tab: Tab, responses: list) -> dict[str, int]:
    """What the page fetched, by address within the site: each body's size as gzip sends it."""
    return {
        response.url.removeprefix(tab.base): len(gzip.compress(response.body(), compresslevel=6))
        for response in responses
        if response.ok
    }


def test_at_2300_notes_the_explorer_s_first_load_is_small_and_shows_one_page(open_big_tab, big_manifest):
    tab = open_big_tab(**DESKTOP)
    responses: list = []
    tab.page.on("response", lambda response: responses.append(response))
    tab.open("releases/explorer/")
    explorer_ready(tab)
    tab.page.wait_for_load_state("networkidle")
    sizes = compressed_sizes(tab, responses)
    data = sorted(url for url in sizes if url.startswith("releases/explorer/notes"))
    assert data == ["releases/explorer/notes-1.json", "releases/explorer/notes.json"], "only the first part"
    assert sum(sizes.values()) <= FIRST_LOAD_BUDGET, sizes
    assert tab.page.evaluate("document.getElementsByTagName('*').length") <= DOM_BUDGET
    assert len(shown_notes(tab)) == 50
    count = tab.page.locator(".kb-explorer__count").inner_text()
    assert count == f"Showing 1–50 of all {big_manifest['total']:,} notes."
    assert tab.page.locator(".kb-explorer__page").inner_text() == f"Page 1 of {-(-big_manifest['total'] // 50)}"
    assert tab.errors == []


def render_ms(tab: Tab) -> float:
    return float(tab.page.locator("form.kb-explorer").get_attribute("data-kb-render-ms"))


def test_at_2300_notes_filters_take_several_values_narrow_each_other_and_live_in_the_address(
    open_big_tab, big_manifest
):
    tab = open_big_tab(**DESKTOP)
    tab.open("releases/explorer/")
    explorer_ready(tab)
    tab.page.locator("#kb-explorer-text").focus()  # reaching for the filters fetches every part
    tab.page.wait_for_load_state("networkidle")
    kinds = big_manifest["counts"]["kind"]
    times = []
    choose(tab, "kind", "feature")
    times.append(render_ms(tab))
    choose(tab, "kind", "known-issue")
    times.append(render_ms(tab))
    expected = kinds["feature"] + kinds["known-issue"]
    assert tab.page.locator(".kb-explorer__count").inner_text().startswith(f"Showing 1–50 of {expected:,} matching")
    assert tab.path() == "releases/explorer/?kind=feature&kind=known-issue"
    # Each option counts the notes it would show with the other filters as they are.
    choose(tab, "area", "ebpf")
    times.append(render_ms(tab))
    matching = int(
        re.search(r"of ([\d,]+) matching", tab.page.locator(".kb-explorer__count").inner_text())[1].replace(",", "")
    )
    area_counts = tab.page.locator("input[name='area']").evaluate_all(
        "boxes => boxes.map(b => [b.value, b.checked, b.parentElement.hidden, b.parentElement.textContent])"
    )
    ebpf = next(text for value, _, _, text in area_counts if value == "ebpf")
    assert f"({matching:,})" in ebpf
    assert all(hidden for value, checked, hidden, text in area_counts if "(0)" in text and not checked)
    kind_counts = tab.page.locator("input[name='kind']:visible").evaluate_all(
        "boxes => boxes.map(b => [b.value, Number(b.parentElement.querySelector('.kb-explorer__n').textContent.replace(/[(),]/g, ''))])"
    )
    ebpf_notes = dict(kind_counts)
    assert sum(ebpf_notes.values()) == big_manifest["counts"]["area"]["ebpf"], "kinds counted within eBPF"
    # A range of versions and an author.
    tab.page.select_option("#kb-explorer-from", "3.10")
    times.append(render_ms(tab))
    tab.page.select_option("#kb-explorer-to", "3.20")
    times.append(render_ms(tab))
    versions = tab.page.locator(".kb-explorer__where a").all_inner_texts()
    assert versions and all(10 <= int(re.search(r"v3\.(\d+)\.", v)[1]) <= 20 for v in versions)
    handle = big_manifest["authors"][0]["handle"]
    tab.page.get_by_role("button", name="Clear filters").click()
    tab.page.fill("#kb-explorer-author", handle)
    tab.page.get_by_role("button", name="Add author").click()
    times.append(render_ms(tab))
    assert tab.path() == f"releases/explorer/?author={handle}"
    assert (
        f"of {big_manifest['counts']['author'][handle]:,} matching"
        in tab.page.locator(".kb-explorer__count").inner_text()
    )
    assert all(f"@{handle}" in note for note in shown_notes(tab))
    assert max(times) <= FILTER_BUDGET_MS, times
    assert tab.errors == []


def test_at_2300_notes_pages_a_shared_address_and_back(open_big_tab, big_manifest):
    tab = open_big_tab(**DESKTOP)
    tab.open("releases/explorer/?kind=bug-fix&kind=other")
    explorer_ready(tab)
    first_page = shown_notes(tab)
    tab.page.get_by_role("button", name="Next page").click()
    assert tab.path() == "releases/explorer/?kind=bug-fix&kind=other&page=2"
    assert tab.page.locator("ol.kb-explorer__notes").get_attribute("start") == "51"
    second_page = shown_notes(tab)
    assert second_page != first_page and len(second_page) == 50
    choose(tab, "area", "windows")
    assert tab.path() == "releases/explorer/?kind=bug-fix&kind=other&area=windows", "a new filter starts at page 1"
    narrowed = shown_notes(tab)
    shared = tab.page.url

    other = open_big_tab(**DESKTOP)
    other.open(shared.removeprefix(other.base))
    explorer_ready(other)
    assert shown_notes(other) == narrowed
    assert other.page.locator("input[name='area'][value='windows']").is_checked()

    tab.page.go_back()
    tab.page.wait_for_url("**page=2")
    explorer_ready(tab)
    assert shown_notes(tab) == second_page
    tab.page.go_back()
    tab.page.wait_for_url(lambda url: url.endswith("kind=bug-fix&kind=other"))
    explorer_ready(tab)
    assert shown_notes(tab) == first_page
    assert not tab.page.locator("input[name='area'][value='windows']").is_checked()
    # A note's address is its place on its release's page.
    link = tab.page.locator(".kb-explorer__where a").first
    href = link.get_attribute("href")
    anchor = href.split("#")[1]
    text = tab.page.locator(".kb-explorer__note").first.locator("p:not([class])").first.inner_text()
    link.click()
    tab.page.wait_for_url("**#" + anchor)
    note = tab.page.locator(f"article [id='{anchor}']")
    note.wait_for()
    assert note.inner_text().startswith(text[:40]), "the note's anchor is on the note"
    assert tab.errors == [] and other.errors == []


def test_at_2300_notes_a_phone_never_scrolls_sideways(open_big_tab):
    tab = open_big_tab(**PHONE)
    tab.open("releases/explorer/")
    explorer_ready(tab)
    assert LONG_TOKEN in " ".join(shown_notes(tab))
    for summary in tab.page.locator("details.kb-explorer__facet > summary").all():
        summary.click()
    problems = fits_a_phone(tab, "releases/explorer/")
    release = tab.page.locator(".kb-explorer__where a").first
    release.click()
    tab.page.wait_for_url(lambda url: "/releases/syn-notes-v3-31-" in url)
    tab.page.locator("article h1").wait_for()
    problems += fits_a_phone(tab, tab.path())
    assert problems == []
    assert tab.errors == []
