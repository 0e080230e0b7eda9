"""Every entry page says where it belongs: its section's tab is active, a breadcrumb
links home and to its collection's index, and the footer leads on to the entries
before and after it, while the navigation itself stays sections-only."""
from __future__ import annotations

import posixpath
from html.parser import HTMLParser

import pytest

from calico_kb.pipeline import Project, build_knowledge_base, page_url
from calico_kb.render.wayfinding import Place, entry_places, place_in_nav
from conftest import ROOT


@pytest.fixture(scope="module")
def kb():
    knowledge_base = build_knowledge_base(Project(ROOT))
    assert knowledge_base.problems == []
    return knowledge_base


class Wayfinding(HTMLParser):
    """The active tab's text, the breadcrumb's links and the footer's links of a page."""

    def __init__(self, html: str):
        super().__init__(convert_charrefs=True)
        self.active_tabs: list[str] = []
        self.breadcrumb: list[tuple[str, str]] = []
        self.footer: dict[str, str] = {}
        self._capture: list[str] | None = None
        self._in_active_tab = False
        self._href = ""
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        a = {k: v or "" for k, v in attrs}
        classes = a.get("class", "").split()
        if tag == "li" and "md-tabs__item--active" in classes:
            self._in_active_tab = True
        elif tag == "a" and self._in_active_tab:
            self._capture, self._href = [], a["href"]
        elif tag == "a" and "md-path__link" in classes:
            self._capture, self._href = [], a["href"]
        elif tag == "a" and "md-footer__link" in classes:
            direction = "previous" if "md-footer__link--prev" in classes else "next"
            self.footer[direction] = a["href"]

    def handle_endtag(self, tag):
        if tag == "a" and self._capture is not None:
            text = " ".join("".join(self._capture).split())
            if self._in_active_tab:
                self.active_tabs.append(text)
                self._in_active_tab = False
            else:
                self.breadcrumb.append((text, self._href))
            self._capture = None

    def handle_data(self, data):
        if self._capture is not None:
            self._capture.append(data)


def resolve(page: str, href: str) -> str:
    """The site-relative URL a relative link on `page` ("a/b/") leads to."""
    return posixpath.normpath(posixpath.join(page, href)).removeprefix(".") + "/" if href not in ("", ".") else page


TABS = {"releases": "Releases", "spotlights": "Spotlights", "articles": "Articles", "reports": "Learn",
        "guides": "Learn", "courses": "Learn", "events": "Learn", "topics": "Browse", "people": "Browse",
        "organizations": "Browse"}


def test_every_entry_page_has_its_tab_a_breadcrumb_to_its_index_and_a_way_on(built_site, kb):
    places = entry_places(kb.graph)
    for entry in kb.graph.entries.values():
        url = page_url(entry.src_uri)
        page = Wayfinding((built_site / url / "index.html").read_text(encoding="utf-8"))
        assert page.active_tabs == [TABS[entry.collection]], entry.key
        targets = [resolve(url, href).lstrip("/") for _, href in page.breadcrumb]
        assert page.breadcrumb[0][0] == "Home" and targets[0] in ("", "./"), entry.key
        assert f"{entry.collection}/" in targets, (entry.key, targets)
        place = places[entry.src_uri]
        assert resolve(url, page.footer["previous"]).lstrip("/") == page_url(place.previous), entry.key
        if place.next:
            assert resolve(url, page.footer["next"]).lstrip("/") == page_url(place.next), entry.key
        else:
            assert "next" not in page.footer, entry.key


def test_the_breadcrumb_names_a_collection_once(built_site):
    page = Wayfinding((built_site / "releases/calico-open-source-v3-23/index.html").read_text(encoding="utf-8"))
    assert [text for text, _ in page.breadcrumb] == ["Home", "Releases"]
    page = Wayfinding((built_site / "people/geoff-burke/index.html").read_text(encoding="utf-8"))
    assert [text for text, _ in page.breadcrumb] == ["Home", "Browse", "People"]


def test_places_follow_the_collection_order_and_end_at_the_index(kb):
    places = entry_places(kb.graph)
    spotlights = [e.src_uri for e in kb.graph.by_collection("spotlights")]
    assert len(spotlights) >= 3
    assert places[spotlights[0]] == Place("spotlights/index.md", "spotlights/index.md", spotlights[1])
    assert places[spotlights[1]] == Place("spotlights/index.md", spotlights[0], spotlights[2])
    assert places[spotlights[-1]].next == "spotlights/index.md"
    (report,) = [e.src_uri for e in kb.graph.by_collection("reports")]
    assert places[report] == Place("reports/index.md", "reports/index.md", None)


class _Page:
    def __init__(self, title=None, parent=None):
        self.title, self.parent, self.previous_page, self.next_page = title, parent, None, None


class _Section:
    def __init__(self, title, children):
        self.title, self.children = title, children


def test_an_index_opening_its_own_section_is_not_named_twice():
    releases_index, reports_index = _Page(), _Page("Reports")
    releases = _Section("Releases", [releases_index, _Page("Explorer")])
    learn = _Section("Learn", [reports_index])
    releases_index.parent, reports_index.parent = releases, learn
    pages = {"releases/index.md": releases_index, "reports/index.md": reports_index,
             "releases/a.md": _Page(), "reports/b.md": _Page()}
    place_in_nav({"releases/a.md": Place("releases/index.md", "releases/index.md", None),
                  "reports/b.md": Place("reports/index.md", "reports/index.md", None)}, pages.get)
    assert pages["releases/a.md"].parent is releases
    assert pages["reports/b.md"].parent is reports_index
    assert pages["reports/b.md"].previous_page is reports_index and pages["reports/b.md"].next_page is None


def test_a_page_the_nav_lists_keeps_its_place():
    index, listed = _Page(), _Page("Listed")
    listed.next_page = index
    place_in_nav({"a/listed.md": Place("a/index.md", "a/index.md", None)}, {"a/index.md": index, "a/listed.md": listed}.get)
    assert listed.parent is None and listed.next_page is index
