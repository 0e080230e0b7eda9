"""The graph on the real content, read from the built HTML of one strict build."""

from __future__ import annotations

import posixpath
from html.parser import HTMLParser
from pathlib import Path

from calico_kb.paths import page_url


class _Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.content_links: set[str] = set()
        self.nav_links: set[str] = set()
        self._article_depth = 0
        self._nav_depth = 0
        self._stack: list[str] = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag in ("article", "nav"):
            classes = attributes.get("class") or ""
            inside = tag == "article" or "md-nav--primary" in classes or "md-tabs" in classes
            self._stack.append(tag if inside else "")
            if tag == "article" and inside:
                self._article_depth += 1
            if tag == "nav" and inside:
                self._nav_depth += 1
        if tag == "a" and attributes.get("href"):
            if self._article_depth:
                self.content_links.add(attributes["href"])
            if self._nav_depth:
                self.nav_links.add(attributes["href"])

    def handle_endtag(self, tag):
        if tag in ("article", "nav") and self._stack:
            kind = self._stack.pop()
            if kind == "article":
                self._article_depth -= 1
            elif kind == "nav":
                self._nav_depth -= 1


def page_links(site: Path, url: str) -> _Links:
    parser = _Links()
    parser.feed((site / url / "index.html").read_text(encoding="utf-8"))
    return parser


def targets(site: Path, url: str) -> set[str]:
    """Site-relative URLs of the page's content links."""
    links = page_links(site, url).content_links
    return {
        posixpath.normpath(posixpath.join(url, href.split("#")[0])) + "/"
        for href in links
        if not href.startswith(("http:", "https:", "mailto:", "#"))
    }


def test_every_entry_and_collection_has_a_page(built_site, kb):
    for entry in kb.sources.entries.values():
        assert (built_site / page_url(entry.src_uri) / "index.html").is_file(), entry.source
    for name in kb.catalog.collections:
        assert (built_site / name / "index.html").is_file(), name


def test_entry_pages_link_everything_they_reference(built_site, kb):
    for key, references in kb.graph.outgoing.items():
        entry = kb.graph.entries[key]
        linked = targets(built_site, page_url(entry.src_uri).rstrip("/"))
        for reference in references:
            target = page_url(kb.graph.entries[reference.target].src_uri)
            assert target in linked, f"{entry.source} does not link {target} ({reference.field})"


def test_people_organizations_and_topics_list_everything_that_mentions_them(built_site, kb):
    checked = 0
    for key, references in kb.graph.incoming.items():
        if key.split("/")[0] not in ("people", "organizations", "topics"):
            continue
        linked = targets(built_site, key)
        for reference in references:
            source = page_url(kb.graph.entries[reference.source].src_uri)
            assert source in linked, f"{key} does not list {source}"
            checked += 1
    assert checked > 50


def test_release_highlights_link_the_articles_and_courses_about_them(built_site, kb):
    for release in kb.graph.by_collection("releases"):
        linked = targets(built_site, page_url(release.src_uri).rstrip("/"))
        for highlight in release.data["notes"]:
            for other in kb.graph.note_related(release.key, highlight):
                assert page_url(other.src_uri) in linked


def test_organization_pages_list_their_people(built_site, kb):
    for person in kb.graph.by_collection("people"):
        organization = person.data.get("organization")
        if organization:
            assert f"people/{person.slug}/" in targets(built_site, f"organizations/{organization}")


def test_the_first_spotlight_links_its_person_and_company(built_site):
    linked = targets(built_site, "spotlights/community-spotlight-geoff-burke")
    assert {"people/geoff-burke/", "organizations/tsunati/"} <= linked


def test_the_navigation_lists_sections_not_every_entry(built_site, kb):
    nav = page_links(built_site, "topics").nav_links
    entry_urls = {page_url(e.src_uri) for e in kb.sources.entries.values()}
    resolved = {posixpath.normpath(posixpath.join("topics", href.split("#")[0])) + "/" for href in nav}
    assert resolved & entry_urls == set()
    assert "releases/" in resolved and "topics/" in resolved
