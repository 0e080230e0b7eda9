"""Every entry page says where it belongs: its section's tab is active, a breadcrumb
links home and to its collection's index, and the footer leads on to the entries
before and after it, while the navigation itself stays sections-only."""

from __future__ import annotations

import posixpath
import re
from html.parser import HTMLParser

from calico_kb.paths import page_url
from calico_kb.render.wayfinding import PLACE, place_meta
from conftest import NAV_TABS


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
        elif tag == "a" and self._in_active_tab or tag == "a" and "md-path__link" in classes:
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


def test_every_entry_page_has_its_tab_a_breadcrumb_to_its_index_and_a_way_on(built_site, kb):
    for entry in kb.graph.entries.values():
        url = page_url(entry.src_uri)
        page = Wayfinding((built_site / url / "index.html").read_text(encoding="utf-8"))
        assert page.active_tabs == [NAV_TABS[entry.collection]], entry.key
        targets = [resolve(url, href).lstrip("/") for _, href in page.breadcrumb]
        assert page.breadcrumb[0][0] == "Home" and targets[0] in ("", "./"), entry.key
        assert f"{entry.collection}/" in targets, (entry.key, targets)
        place = place_meta(kb.graph, entry.src_uri)[PLACE]
        assert resolve(url, page.footer["previous"]).lstrip("/") == place["previous"]["url"], entry.key
        if place["next"]:
            assert resolve(url, page.footer["next"]).lstrip("/") == place["next"]["url"], entry.key
        else:
            assert "next" not in page.footer, entry.key


def test_the_nav_itself_lists_no_entry_page(built_site, kb):
    html = (built_site / "index.html").read_text(encoding="utf-8")
    nav = html[
        html.index('<nav class="md-nav md-nav--primary') : html.index(
            "</nav>", html.index('<nav class="md-nav md-nav--primary')
        )
    ]
    for entry in kb.graph.by_collection("people"):
        assert page_url(entry.src_uri) not in nav, entry.key


def test_the_breadcrumb_names_a_collection_once(built_site):
    page = Wayfinding((built_site / "releases/calico-open-source-v3-23/index.html").read_text(encoding="utf-8"))
    assert [text for text, _ in page.breadcrumb] == ["Home", "Releases"]
    page = Wayfinding((built_site / "people/geoff-burke/index.html").read_text(encoding="utf-8"))
    assert [text for text, _ in page.breadcrumb] == ["Home", "Browse", "People"]


def test_places_follow_the_collection_order_and_end_at_the_index(kb):
    spotlights = kb.graph.by_collection("spotlights")
    assert len(spotlights) >= 3
    places = [place_meta(kb.graph, e.src_uri)[PLACE] for e in spotlights]
    link = lambda e: {"url": page_url(e.src_uri), "title": e.title}  # noqa: E731
    index = {"url": "spotlights/", "title": "Spotlights"}
    assert places[0] == {
        "index": "spotlights/index.md",
        "index_url": "spotlights/",
        "previous": index,
        "next": link(spotlights[1]),
    }
    assert places[1]["previous"] == link(spotlights[0]) and places[1]["next"] == link(spotlights[2])
    assert places[-1]["next"] == index
    (report,) = kb.graph.by_collection("reports")
    assert place_meta(kb.graph, report.src_uri)[PLACE] == {
        "index": "reports/index.md",
        "index_url": "reports/",
        "previous": {"url": "reports/", "title": "Reports"},
        "next": None,
    }


def test_only_entry_pages_have_a_place(kb):
    assert place_meta(kb.graph, "index.md") == {}
    assert place_meta(kb.graph, "releases/index.md") == {}
    assert place_meta(kb.graph, "contribute/reference.md") == {}
    assert PLACE in place_meta(kb.graph, "articles/calico-vpp-data-plane.md")


def test_a_fixture_site_gets_tabs_breadcrumbs_and_escaped_footer_titles(tmp_path):
    from conftest import fixture_project, run_mkdocs_build, unexpected_log_lines

    root = fixture_project(tmp_path / "project")
    (root / "data/topics/zz-quoted.yaml").write_text('name: Zed & "co"\ndescription: One.\n', encoding="utf-8")
    result = run_mkdocs_build(root, tmp_path / "site")
    assert result.returncode == 0, result.stderr
    assert unexpected_log_lines(result.stderr) == []
    ipv6 = (tmp_path / "site/topics/ipv6/index.html").read_text(encoding="utf-8")  # topics: eBPF, IPv6, Zed
    footer = ipv6[ipv6.index('<footer class="md-footer">') :]
    assert re.search(r'md-ellipsis">\s*Zed &amp; &#34;co&#34;\s*<', footer)
    page = Wayfinding(ipv6)
    assert page.active_tabs == ["Browse"] and [t for t, _ in page.breadcrumb] == ["Home", "Browse", "Topics"]
    article = Wayfinding((tmp_path / "site/articles/ebpf-explained/index.html").read_text(encoding="utf-8"))
    assert article.active_tabs == ["Articles"] and [t for t, _ in article.breadcrumb] == ["Home", "Articles"]
    assert resolve("articles/ebpf-explained/", article.footer["previous"]).lstrip("/") == "articles/"
