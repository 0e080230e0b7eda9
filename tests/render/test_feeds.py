"""Feeds: RSS 2.0 and JSON Feed 1.1 of everything new and of each dated collection.

RSS is checked with feedparser. feedparser 6.0 (the newest release) does not read
JSON Feed, so JSON feeds are checked against a JSON Schema written from the JSON Feed
1.1 specification (https://www.jsonfeed.org/version/1.1/), with the same link checks.
"""

from __future__ import annotations

import datetime
import json
import posixpath
import re
import sys
import time
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

import feedparser
import jsonschema

from calico_kb import pipeline
from calico_kb.config import read_config
from calico_kb.paths import page_url
from calico_kb.pipeline import Project, SiteInfo
from calico_kb.render.feeds import JSON_FEED_TYPE, MAX_ITEMS, RSS_TYPE, item_date
from conftest import ROOT, fixture_project

sys.path.insert(0, str(ROOT / "benchmarks"))
import synthetic  # noqa: E402

CONFIG = read_config((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
SITE_URL = CONFIG["site_url"]
SITE_PATH = urlsplit(SITE_URL).path

JSON_FEED_SCHEMA = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "type": "object",
    "required": ["version", "title", "items"],
    "properties": {
        "version": {"const": "https://jsonfeed.org/version/1.1"},
        "title": {"type": "string", "minLength": 1},
        "home_page_url": {"type": "string", "pattern": "^https?://"},
        "feed_url": {"type": "string", "pattern": "^https?://"},
        "description": {"type": "string"},
        "language": {"type": "string"},
        "items": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["id"],
                "anyOf": [{"required": ["content_text"]}, {"required": ["content_html"]}],
                "properties": {
                    "id": {"type": "string", "minLength": 1},
                    "url": {"type": "string", "pattern": "^https?://"},
                    "title": {"type": "string"},
                    "content_text": {"type": "string"},
                    "content_html": {"type": "string"},
                    "summary": {"type": "string"},
                    "date_published": {"type": "string"},
                    "tags": {"type": "array", "items": {"type": "string"}},
                    "authors": {
                        "type": "array",
                        "items": {"type": "object", "anyOf": [{"required": ["name"]}, {"required": ["url"]}]},
                    },
                },
            },
        },
    },
}


def feed_collections(kb) -> list[str]:
    return [name for name, collection in kb.catalog.collections.items() if collection.dated]


def render_feeds(
    root: Path, site_url: str | None = "https://example.org/kb/", name: str = "KB", description: str | None = None
) -> dict[str, str]:
    """Every planned feed of a project, rendered, by its place in the site."""
    build = pipeline.build(Project(root), SiteInfo(site_url, name, description))
    assert build.problems == []
    return {page.src_uri: build.render(page) for page in build.feeds}


def expected_feeds(kb) -> list[str]:
    """The site's feeds and one pair per dated collection."""
    return [
        f"{prefix}{name}"
        for prefix in ["", *(f"{c}/" for c in feed_collections(kb))]
        for name in ("feed.xml", "feed.json")
    ]


def site_file(site: Path, url: str) -> Path:
    """The file of the built site that an absolute site address serves."""
    path = urlsplit(url).path
    assert path.startswith(SITE_PATH), url
    relative = path[len(SITE_PATH) :]
    return site / (relative + "index.html" if relative.endswith("/") or not relative else relative)


def rss_links(site: Path, name: str) -> list[str]:
    parsed = feedparser.parse((site / name).read_bytes())
    return [entry.link for entry in parsed.entries]


def json_feed(site: Path, name: str) -> dict:
    return json.loads((site / name).read_text(encoding="utf-8"))


def test_every_dated_collection_has_feeds_and_undated_ones_have_none(kb, built_site):
    assert {"articles", "releases", "spotlights", "reports", "events", "guides", "courses"} <= set(feed_collections(kb))
    assert not {"people", "organizations", "topics"} & set(feed_collections(kb))
    for name in expected_feeds(kb):
        assert (built_site / name).is_file(), name
    assert not (built_site / "people" / "feed.xml").exists()


def test_rss_feeds_parse_cleanly_with_feedparser(kb, built_site):
    for name in expected_feeds(kb):
        if not name.endswith(".xml"):
            continue
        parsed = feedparser.parse((built_site / name).read_bytes())
        assert not parsed.bozo, f"{name}: {parsed.get('bozo_exception')}"
        assert parsed.version == "rss20", name
        assert parsed.feed.title.startswith(CONFIG["site_name"])
        assert parsed.entries, name
        for entry in parsed.entries:
            assert entry.title and entry.link and entry.id == entry.link


def test_json_feeds_follow_json_feed_1_1(kb, built_site):
    for name in expected_feeds(kb):
        if not name.endswith(".json"):
            continue
        feed = json_feed(built_site, name)
        jsonschema.validate(feed, JSON_FEED_SCHEMA)
        assert feed["feed_url"] == SITE_URL + name
        assert feed["items"], name
        for item in feed["items"]:
            if "date_published" in item:
                assert datetime.datetime.fromisoformat(item["date_published"]).tzinfo is not None


def test_feed_items_link_to_pages_of_the_built_site(kb, built_site):
    for name in expected_feeds(kb):
        links = (
            rss_links(built_site, name)
            if name.endswith(".xml")
            else [i["url"] for i in json_feed(built_site, name)["items"]]
        )
        for link in links:
            assert link.startswith(SITE_URL), f"{name}: {link}"
            assert site_file(built_site, link).is_file(), f"{name} links to {link}, which is not in the site"


def test_the_site_feed_holds_the_newest_entries_of_every_kind(kb, built_site):
    links = rss_links(built_site, "feed.xml")
    assert SITE_URL + "releases/calico-open-source-v3-23/" in links
    assert SITE_URL + "articles/calico-vpp-data-plane/" in links
    dated = [e for name in feed_collections(kb) for e in kb.graph.by_collection(name)]
    assert len(links) == min(len(dated), MAX_ITEMS)
    kinds = {urlsplit(link).path[len(SITE_PATH) :].split("/")[0] for link in links}
    assert {"articles", "releases", "spotlights"} <= kinds
    assert [i["url"] for i in json_feed(built_site, "feed.json")["items"]] == links


def test_a_collection_feed_holds_that_collection_newest_first(kb, built_site):
    for name in feed_collections(kb):
        expected = [SITE_URL + page_url(e.src_uri) for e in kb.graph.by_collection(name)][:MAX_ITEMS]
        assert rss_links(built_site, f"{name}/feed.xml") == expected
        assert [i["url"] for i in json_feed(built_site, f"{name}/feed.json")["items"]] == expected


def test_items_carry_only_the_day_their_entry_states(kb, built_site):
    by_url = {SITE_URL + page_url(e.src_uri): e for e in kb.graph.entries.values()}
    items = json_feed(built_site, "feed.json")["items"]
    assert any(len(by_url[item["url"]].date) == 4 for item in items)  # the real site has year-only dates
    for item in items:
        entry = by_url[item["url"]]
        if len(entry.date.split("-")) != 3:
            assert "date_published" not in item, entry.key
        else:
            assert item["date_published"] == entry.date + "T00:00:00Z"
    for item in feedparser.parse((built_site / "feed.xml").read_bytes()).entries:
        date = by_url[item.link].date
        if len(date.split("-")) != 3:
            assert "published" not in item, item.link
        else:
            assert tuple(item.published_parsed[:6]) == (*map(int, date.split("-")), 0, 0, 0)


def test_no_feed_item_is_dated_1_january_by_default(built_site):
    for feed in built_site.rglob("feed.xml"):
        assert "01 Jan" not in feed.read_text(encoding="utf-8"), feed


def test_a_fixture_feed_dates_the_full_date_and_leaves_year_and_month_undated(make_project):
    root = make_project(
        {
            "data/topics/ebpf.yaml": "name: eBPF\ndescription: The eBPF data plane.\n",
            "docs/articles/day.md": '---\ntitle: Day\ndate: "2022-06-01"\nsummary: A day.\n---\n\nText.\n',
            "docs/articles/month.md": '---\ntitle: Month\ndate: "2022-05"\nsummary: A month.\n---\n\nText.\n',
            "docs/articles/year.md": '---\ntitle: Year\ndate: "2022"\nsummary: A year.\n---\n\nText.\n',
        }
    )
    feeds = render_feeds(root)
    json_items = json.loads(feeds["feed.json"])["items"]
    assert [(i["title"], i.get("date_published")) for i in json_items] == [
        ("Day", "2022-06-01T00:00:00Z"),
        ("Month", None),
        ("Year", None),
    ]
    rss = feeds["feed.xml"]
    assert rss.count("<pubDate>") == 1 and "<lastBuildDate>Wed, 01 Jun 2022" in rss


def test_item_date_is_midnight_utc_of_a_full_date_only():
    utc = datetime.UTC
    assert item_date("2022-05-10") == datetime.datetime(2022, 5, 10, tzinfo=utc)
    assert item_date("2022") is None
    assert item_date("2022-05") is None
    assert item_date("") is None
    assert item_date("2022-13-01") is None


def test_feeds_in_the_site_are_what_the_core_makes_now_whatever_the_build_time(kb, built_site):
    # The site was built with SOURCE_DATE_EPOCH of 2022-07-01; the core runs now.
    feeds = render_feeds(ROOT, SITE_URL, CONFIG["site_name"], CONFIG["site_description"])
    assert sorted(feeds) == sorted(expected_feeds(kb))
    for dest_uri, content in feeds.items():
        assert (built_site / dest_uri).read_text(encoding="utf-8") == content, dest_uri
    today = time.strftime("%d %b %Y", time.gmtime())
    assert today not in (built_site / "feed.xml").read_text(encoding="utf-8")


class _Head(HTMLParser):
    def __init__(self):
        super().__init__()
        self.alternates: list[dict[str, str]] = []
        self.links: list[str] = []
        self._in_head = False

    def handle_starttag(self, tag, attrs):
        attributes = {k: v or "" for k, v in attrs}
        if tag == "head":
            self._in_head = True
        elif tag == "link" and self._in_head and attributes.get("rel") == "alternate":
            self.alternates.append(attributes)
        elif tag == "a" and "href" in attributes:
            self.links.append(attributes["href"])

    def handle_endtag(self, tag):
        if tag == "head":
            self._in_head = False


def resolve(site: Path, page: Path, href: str) -> Path:
    """The file a link on `page` points to, for relative and site-absolute links."""
    if href.startswith(SITE_PATH):
        return site / href[len(SITE_PATH) :]
    assert not urlsplit(href).scheme, href
    return Path(posixpath.normpath(posixpath.join(page.parent.as_posix(), href)))


def test_every_page_head_links_the_site_feeds(built_site):
    pages = sorted(built_site.rglob("*.html"))
    assert len(pages) > 20 and built_site / "404.html" in pages
    for page in pages:
        head = _Head()
        head.feed(page.read_text(encoding="utf-8"))
        found = {a["type"]: resolve(built_site, page, a["href"]) for a in head.alternates}
        assert set(found) == {RSS_TYPE, JSON_FEED_TYPE}, page
        assert found[RSS_TYPE].resolve() == (built_site / "feed.xml").resolve(), page
        assert found[JSON_FEED_TYPE].resolve() == (built_site / "feed.json").resolve(), page
        assert all(a["title"] for a in head.alternates)


def test_collection_indexes_link_their_own_feeds(kb, built_site):
    for name in feed_collections(kb):
        page = built_site / name / "index.html"
        head = _Head()
        head.feed(page.read_text(encoding="utf-8"))
        targets = {resolve(built_site, page, href).resolve() for href in head.links if not urlsplit(href).scheme}
        assert (built_site / name / "feed.xml").resolve() in targets, name
        assert (built_site / name / "feed.json").resolve() in targets, name


def test_rss_escapes_summaries_as_text_not_markup(make_project):
    root = make_project(
        {
            "data/topics/ebpf.yaml": "name: eBPF & XDP\ndescription: Kernel programs.\n",
            "data/products/calico-open-source.yaml": "name: Calico Open Source\nsummary: A product.\n",
            "data/releases/r-1-0.yaml": """
            title: R "one" & only
            product: calico-open-source
            version: "1.0"
            status: GA
            date: "2022-05-01"
            summary: Fixes A & B, and "quoted" &lt;tags&gt; stay text.
            notes:
              - {title: T, kind: feature, text: S, topics: [ebpf]}
            """,
        }
    )
    feeds = render_feeds(root)
    rss = feeds["releases/feed.xml"]
    parsed = feedparser.parse(rss.encode("utf-8"))
    assert not parsed.bozo
    entry = parsed.entries[0]
    assert entry.title == 'R "one" & only'
    assert entry.summary == 'Fixes A &amp; B, and "quoted" &amp;lt;tags&amp;gt; stay text.'
    assert entry.link == "https://example.org/kb/releases/r-1-0/"
    assert [t.term for t in entry.tags] == ["Release", "eBPF & XDP"]
    assert entry.published == "Sun, 01 May 2022 00:00:00 +0000"
    item = json.loads(feeds["releases/feed.json"])["items"][0]
    assert item["content_text"] == 'Fixes A & B, and "quoted" &lt;tags&gt; stay text.'
    assert re.fullmatch(r"2022-05-01T00:00:00Z", item["date_published"])


def test_feeds_without_an_absolute_site_url_are_a_problem_not_a_traceback(make_project):
    root = make_project({})
    for site_url in (None, "", "/kb/"):
        problems = pipeline.check(pipeline.build(Project(root), SiteInfo(site_url, "KB")))
        assert [p.path for p in problems] == ["mkdocs.yml"]
        assert "site_url" in problems[0].message


def test_a_docs_file_at_a_feed_address_is_a_problem(make_project):
    root = make_project({"docs/feed.xml": "<rss/>\n"})
    problems = pipeline.check(pipeline.build(Project(root), SiteInfo("https://example.org/", "KB")))
    assert [str(p) for p in problems] == [
        'docs/feed.xml:1:1: "feed.xml": files ending in ".xml" are not allowed under docs/ (hint: hosts may serve unknown kinds as pages or scripts; allowed: .avif, .css, .gif, .html, .ico, .jpeg, .jpg, .otf, .pdf, .png, .svg, .ttf, .txt, .webp, .woff, .woff2)',
        "docs/feed.xml:1:1: this file and the generated feed feed.xml both produce /feed.xml (hint: rename or remove one of them)",
    ]
    planned = {page.src_uri for page in pipeline.build(Project(root), SiteInfo(None, "KB")).plan.pages}
    assert "feed.xml" not in planned and "feed.json" in planned


def test_with_hundreds_of_releases_the_site_feed_keeps_every_kind_and_release_feeds_their_days(tmp_path):
    root = fixture_project(tmp_path / "project")
    synthetic.generate_release_notes(root, 600)  # 57 releases, each dated to the day, newer than the rest
    feeds = render_feeds(root)
    site = json.loads(feeds["feed.json"])["items"]
    kinds = [urlsplit(item["url"]).path.split("/")[2] for item in site]
    assert len(site) == MAX_ITEMS
    # Every kind with a dated entry is there (the fixture has one or two of each; releases fill the rest).
    assert set(kinds) == {"articles", "spotlights", "events", "reports", "guides", "courses", "releases"}
    dates = [item.get("date_published") for item in site]
    assert [d for d in dates if d] == sorted((d for d in dates if d), reverse=True), "by date, as before"
    releases = json.loads(feeds["releases/feed.json"])["items"]
    assert len(releases) == MAX_ITEMS
    assert all(re.fullmatch(r"\d{4}-\d\d-\d\dT00:00:00Z", item["date_published"]) for item in releases)
