"""Markup in data reaches every output only as text: pages, feeds, search index, sitemap.

The payloads are what the schemas let through (no angle brackets): Markdown block
syntax, links with script addresses, attribute lists, character references.
"""

from __future__ import annotations

import html
import json
import re
import xml.etree.ElementTree as ElementTree
from pathlib import Path

import pytest
import yaml

from calico_kb.checks.html_policy import Site, html_findings
from calico_kb.config import read_config
from conftest import ROOT, fixture_project, run_mkdocs_build, search_records, unexpected_log_lines

PAYLOAD = (
    '!!! danger "Boom" [x](javascript:alert(1)){: onclick="alert(2)" } &lt;script&gt;alert(3)&lt;/script&gt; '
    "*em* `code` x"
)
NAME = '=== "Tab" ??? note'
PAYLOAD_AS_SHOWN = (
    '!!! danger "Boom" [x](javascript:alert(1)){: onclick="alert(2)" } <script>alert(3)</script> em code x'
)
"""The payload as the page shows it: references decoded, Markdown's emphasis and code as
their words."""


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    project = fixture_project(tmp_path_factory.mktemp("injection"))
    topic = project / "data/topics/ebpf.yaml"
    topic.write_text(
        yaml.safe_dump({"name": NAME, "description": PAYLOAD, "aliases": ["extended BPF"]}), encoding="utf-8"
    )
    release = project / "data/releases/product-v1-2.yaml"
    data = yaml.safe_load(release.read_text(encoding="utf-8"))
    data["summary"] = PAYLOAD
    data["notes"][0]["text"] = PAYLOAD
    release.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    result = run_mkdocs_build(project, project / "site")
    assert result.returncode == 0, result.stderr
    assert unexpected_log_lines(result.stderr) == []
    return project / "site"


SITE_URL = read_config((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))["site_url"]
SITE = Site.from_url(SITE_URL)


def refused(fragment: str) -> list[str]:
    """What the content policy refuses in `fragment` read as HTML, as a feed reader or
    Material's search results read it."""
    return [finding.message for finding in html_findings(fragment, "index.html", SITE, material=False)]


def test_block_syntax_from_data_opens_no_block(site):
    topic = (site / "topics/ebpf/index.html").read_text(encoding="utf-8")
    assert 'class="admonition' not in topic and 'class="tabbed-set' not in topic and "<details" not in topic
    text = html.unescape(re.sub(r"<[^>]+>", "", topic))
    assert '!!! danger "Boom" [x](javascript:alert(1)){: onclick="alert(2)" } &lt;script&gt;alert(3)' in text
    assert NAME in text


def test_every_page_passes_the_html_policy(site):
    pages = sorted(site.rglob("*.html"))
    assert len(pages) > 10
    for path in pages:
        page = path.relative_to(site).as_posix()
        assert html_findings(path.read_text(encoding="utf-8"), page, SITE) == [], page


def test_feeds_carry_the_payload_as_text_only(site):
    for name in ("feed.xml", "releases/feed.xml"):
        texts = [element.text or "" for element in ElementTree.parse(site / name).iter()]
        assert any("!!! danger" in text for text in texts), name
        assert [problem for text in texts for problem in refused(text)] == [], name
    for name in ("feed.json", "releases/feed.json"):
        items = json.loads((site / name).read_text(encoding="utf-8"))["items"]
        fragments = [
            item.get(field, "") for item in items for field in ("title", "summary", "content_html", "content_text")
        ]
        assert any("!!! danger" in fragment for fragment in fragments), name
        assert [problem for fragment in fragments for problem in refused(fragment)] == [], name


def test_the_search_index_and_sitemap_carry_no_markup(site):
    # The search index holds each page's words as plain text: the payload is there as the
    # page shows it, never as markup Markdown made of it. (A record's text is shown
    # escaped: Pagefind escapes its excerpts, the worker the titles; tests/test_browser.py
    # searches for a note whose text shows "<value>".)
    records = search_records(site).values()
    texts = [record["content"] for record in records] + [record["meta"]["title"] for record in records]
    assert any(PAYLOAD in text for text in texts)  # the page shows the data as written
    assert not any("<em>em</em>" in text or "<a " in text or "<code>" in text for text in texts)
    locations = [
        element.text for element in ElementTree.parse(site / "sitemap.xml").iter() if element.tag.endswith("loc")
    ]
    assert locations and all(location.startswith(SITE_URL) and "<" not in location for location in locations)
