"""The content against its one source, asserted on the real data and the real built site:
published titles, mentions and release organizations reach the pages they should, notes
about sources live only in coverage fields, and the coverage note shows once, on the
entry's own page (issue 17, "Content you can trust")."""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest
import yaml

from conftest import ROOT

DATA = ROOT / "data"
ARTICLES = ROOT / "docs" / "articles"

PUBLISHED_TITLES = {
    "events/platformcon-2022-open-source-cloud-native-security": "Using open-source software to secure cloud-native applications",
    "articles/ebpf-data-plane-validation-flowchart": "A visual guide to Calico eBPF data plane validation",
    "spotlights/community-spotlight-jamf": "Migrating CNI plugin from kube-router to Calico on Kops managed Kubernetes cluster",
}
"""The three titles of works the audit found replaced or lost, and a page that must cite each."""

# Sentences about the knowledge base's sources that used to sit in summaries, answers,
# step details and article bodies; they belong in coverage / coverage_note now.
REMOVED_SOURCE_NOTES = [
    "the excerpt stops partway",
    "the excerpt in the knowledge base",
    "the knowledge base's source",
    "the knowledge base does not",
    "the knowledge base summarises only",
    "the knowledge base covers only",
    "the knowledge base stops",
    "does not cover yet",
    "is not reproduced in the knowledge base",
    "the source stops",
    "the excerpt ends",
    "the excerpt the knowledge base draws on",
    "not part of the knowledge base",
    "the announcement continues beyond",
]
SOURCE_TALK = re.compile(
    r"\bexcerpts?\b|knowledge base|\bthe source\b|\bsource post\b|\bcut off\b|breaks off"
    r"|not summari[sz]ed here|\bsummar(y|ised|ized) here\b",
    re.IGNORECASE,
)
"""Words that give a note about sources away wherever it hides."""

TEXT_FIELDS = {"summary", "description", "answer", "detail", "teaser", "audience", "question"}
"""Fields whose text readers see as content (never notes about sources)."""


def entries() -> list[tuple[str, dict, str]]:
    """(key, data, article body or "") for every YAML entry and every article."""
    found = []
    for path in sorted(DATA.glob("*/*.yaml")):
        found.append((f"{path.parent.name}/{path.stem}", yaml.safe_load(path.read_text(encoding="utf-8")), ""))
    for path in sorted(ARTICLES.glob("*.md")):
        _, head, body = path.read_text(encoding="utf-8").split("---\n", 2)
        found.append((f"articles/{path.stem}", yaml.safe_load(head), body))
    return found


ENTRIES = entries()


def texts(value, field: str = "") -> list[tuple[str, str]]:
    """(field, text) of every content string in an entry, nested ones included."""
    if isinstance(value, dict):
        return [t for key, sub in value.items() for t in texts(sub, key)]
    if isinstance(value, list):
        return [t for sub in value for t in texts(sub, field)]
    return [(field, value)] if isinstance(value, str) and field in TEXT_FIELDS else []


def page_text(path: Path) -> str:
    """The visible text of a built page, tags dropped and whitespace collapsed."""
    raw = path.read_text(encoding="utf-8")
    raw = re.sub(r"<(script|style)\b.*?</\1>", " ", raw, flags=re.S)
    raw = re.sub(r"<head\b.*?</head>", " ", raw, flags=re.S)
    text = " ".join(html.unescape(re.sub(r"<[^>]+>", " ", raw)).split())
    return re.sub(r" (?=[,.;:])", "", text)  # "<strong>A:</strong> <a>B</a>, C" reads "A: B, C"


def page(site: Path, key: str) -> Path:
    return site / key / "index.html"


def mentioned_in(site: Path, key: str) -> str:
    """The text of a page's "Mentioned in" section (its backlinks)."""
    text = page_text(page(site, key))
    assert "Mentioned in" in text, f"{key} lists nothing"
    return text.split("Mentioned in", 1)[1]


def test_the_flowchart_article_is_listed_on_daniele_polencics_page(built_site):
    assert "About the flowchart for validating Calico's eBPF data plane" in mentioned_in(
        built_site, "people/daniele-polencic"
    )


def test_calico_enterprise_3_14_is_listed_on_tigeras_page(built_site):
    assert "Calico Enterprise 3.14 early preview" in mentioned_in(built_site, "organizations/tigera")


@pytest.mark.parametrize("organization", ["cisco", "microsoft"])
def test_calico_v3_23_is_listed_on_the_pages_of_the_organizations_it_involves(built_site, organization):
    assert "Calico Open Source v3.23" in mentioned_in(built_site, f"organizations/{organization}")


def test_the_release_page_names_its_organizations(built_site):
    text = page_text(page(built_site, "releases/calico-open-source-v3-23"))
    assert "Organizations: Cisco, Microsoft" in text


def test_the_platformcon_page_shows_the_published_title_as_its_heading(built_site):
    raw = page(built_site, "events/platformcon-2022-open-source-cloud-native-security").read_text(encoding="utf-8")
    heading = re.search(r"<h1[^>]*>(.*?)</h1>", raw, flags=re.S)
    title = re.sub(r'<a class="headerlink".*?</a>', "", heading.group(1) if heading else "", flags=re.S)
    assert " ".join(re.sub(r"<[^>]+>", "", title).split()) == (
        "Using open-source software to secure cloud-native applications"
    )


@pytest.mark.parametrize(("key", "title"), sorted(PUBLISHED_TITLES.items()))
def test_published_titles_of_works_appear_exactly(built_site, key, title):
    assert title in page_text(page(built_site, key))


@pytest.mark.parametrize(("key", "data", "body"), ENTRIES, ids=[key for key, _, _ in ENTRIES])
def test_no_content_text_talks_about_the_knowledge_bases_sources(key, data, body):
    for field, text in texts(data) + [("body", body)]:
        lowered = " ".join(text.lower().split())
        for phrase in REMOVED_SOURCE_NOTES:
            assert phrase not in lowered, f"{key} {field}: {phrase!r} belongs in coverage_note"
        assert not SOURCE_TALK.search(lowered), f"{key} {field}: {SOURCE_TALK.search(lowered).group(0)!r} in {text!r}"


def test_source_notes_moved_into_coverage_fields():
    partial = {key: data for key, data, _ in ENTRIES if data.get("coverage") == "partial"}
    # The entries whose summaries used to say that the source stops.
    for key in [
        "reports/state-of-cloud-native-security-2022",
        "spotlights/community-spotlight-jamf",
        "spotlights/community-spotlight-jintao-zhang",
        "releases/calico-open-source-v3-23",
        "guides/contributing-to-project-calico",
        "articles/ebpf-data-plane-benefits",
    ]:
        assert key in partial and partial[key].get("coverage_note"), key


COVERED = [(key, data["coverage_note"]) for key, data, _ in ENTRIES if data.get("coverage_note")]


@pytest.mark.parametrize(("key", "note"), COVERED, ids=[key for key, _ in COVERED])
def test_the_coverage_note_shows_once_on_the_entrys_own_page_and_nowhere_else(built_site, key, note):
    note = " ".join(note.split())
    pages = sorted(p for p in built_site.rglob("*.html") if note in page_text(p))
    assert pages == [page(built_site, key)]
    raw = page(built_site, key).read_text(encoding="utf-8")
    assert 'class="kb-coverage" data-search-exclude' in raw
    for feed in ("feed.xml", "feed.json"):
        for path in built_site.rglob(feed):
            assert note not in html.unescape(path.read_text(encoding="utf-8")), path


def test_a_page_that_lists_a_partial_entry_does_not_show_its_note(built_site):
    # The releases index and Tigera's page list Calico Enterprise 3.14, which is partial.
    for key in ["releases", "organizations/tigera"]:
        assert "kb-coverage" not in page(built_site, key).read_text(encoding="utf-8"), key


def first_sentence(text: str) -> str:
    return re.split(r"(?<=[.!?])\s+(?=[A-Z])", text.strip(), maxsplit=1)[0]


@pytest.mark.parametrize(("key", "data", "body"), ENTRIES, ids=[key for key, _, _ in ENTRIES])
def test_an_entry_whose_first_sentence_is_long_has_a_teaser(key, data, body):
    summary = data.get("summary")
    if summary and len(first_sentence(summary).split()) > 20:
        assert data.get("teaser"), f"{key}: first sentence of {len(first_sentence(summary).split())} words, no teaser"
    if data.get("teaser"):
        assert len(data["teaser"].split()) <= 20, key


def test_dates_are_the_year_the_source_gives_or_a_day_checked_in_the_original():
    for key, data, _ in ENTRIES:
        if "date" in data and data["date"] != "2022":
            # A day the seed does not give comes only from an original checked in a public
            # source, which the entry then links (the v3.23.0 release notes' date line).
            assert data["date"].startswith("2022-") and data.get("source"), f"{key}: the source gives no month or day"


def test_spotlight_order_is_the_one_the_source_gives():
    numbers = {key: data.get("series_number") for key, data, _ in ENTRIES if key.startswith("spotlights/")}
    assert numbers["spotlights/community-spotlight-geoff-burke"] == 1
    assert [n for k, n in numbers.items() if k != "spotlights/community-spotlight-geoff-burke"] == [None, None]


def test_a_release_highlight_offers_only_what_explains_it(built_site):
    # The AKS article names v3.23 and shares the topic "data planes" with the VPP
    # highlight, but says nothing about VPP: one shared topic is no reason to offer it.
    text = page_text(page(built_site, "releases/calico-open-source-v3-23"))
    vpp = text.split("VPP data plane in beta ¶", 1)[1].split("Calico networking on AKS ¶", 1)[0]
    assert "Read more: The Calico VPP data plane" in vpp
    assert "bring-your-own CNI" not in vpp


def test_the_home_page_dates_no_undated_entry(built_site):
    text = page_text(built_site / "index.html")
    courses = text.split("Course:", 1)[1].split("Event talk:", 1)[0]
    assert "Certified Calico Operator: Azure Expert · 2022 · all 3 courses" in courses
    assert "from 2022" not in courses


def test_spotlights_are_listed_in_series_order_and_never_called_the_newest(built_site):
    index = page_text(page(built_site, "spotlights"))
    assert index.index("Meet Geoff Burke of Tsunati") < index.index("Meet Jintao Zhang of API7.ai")
    assert "then in series order" in index
    feed = (built_site / "spotlights" / "feed.xml").read_text(encoding="utf-8")
    assert "The newest" not in feed and "then in series order" in feed
    site_feed = (built_site / "feed.xml").read_text(encoding="utf-8")
    titles = re.findall(r"<item>\s*<title>(.*?)</title>", site_feed)
    assert titles and titles[0] != "Meet Geoff Burke of Tsunati"


@pytest.mark.parametrize(
    ("key", "other"),
    [
        ("people/jintao-zhang", "Apache APISIX"),
        ("organizations/apache-apisix", "Jintao Zhang"),
        ("people/geoff-burke", "Veeam"),
        ("organizations/veeam", "Geoff Burke"),
        ("people/nathan-skrzypczak", "Calico Open Source v3.23"),
        ("releases/calico-open-source-v3-23", "Nathan Skrzypczak"),
    ],
)
def test_relations_the_source_states_are_links_both_ways(built_site, key, other):
    raw = page(built_site, key).read_text(encoding="utf-8")
    assert re.search(rf"<a [^>]*>{re.escape(html.escape(other, quote=False))}</a>", raw), f"{key} does not link {other}"


def test_no_alias_the_source_does_not_give():
    data = {key: value for key, value, _ in ENTRIES}
    assert "K8s" not in data["topics/kubernetes"].get("aliases", [])


def test_no_kind_publisher_or_provider_the_source_does_not_give():
    data = {key: value for key, value, _ in ENTRIES}
    for key in ["organizations/veeam", "organizations/apache-apisix", "organizations/cisco"]:
        assert "kind" not in data[key], key
    assert "publisher" not in data["reports/state-of-cloud-native-security-2022"]
    assert not any("provider" in value for key, value in data.items() if key.startswith("courses/"))


SOURCE_GIVES = {"title", "name", "summary", "description", "event", "interviewees", "product", "version"}
"""The only facts a collection may require: every source of its kind gives them (a
title or name, a summary in our words, the event of a talk, who was interviewed, what
was released). The release highlights' own requirements belong to their schema's owner."""


def test_no_schema_requires_a_fact_some_source_does_not_give(kb):
    for name, collection in kb.catalog.collections.items():
        required = set(collection.schema.get("required", []))
        assert required <= SOURCE_GIVES | {"notes"}, f"{name} requires {sorted(required - SOURCE_GIVES)}"


PRODUCT_NAMED_BY = {
    "products/calico-open-source": [
        "releases/calico-open-source-v3-23",
        "articles/calico-vpp-data-plane",
        "articles/tigera-azure-oss-partner-award-2022",
        "courses/certified-calico-operator-azure-expert",
        "spotlights/community-spotlight-geoff-burke",
        "spotlights/community-spotlight-jintao-zhang",
    ],
    "products/calico-enterprise": ["releases/calico-enterprise-3-14"],
    "products/calico-cloud": ["articles/calico-cloud-five-steps"],
}
"""Entries whose text names a product, by product: each links it, and the product's page lists each."""


@pytest.mark.parametrize(("product", "naming"), sorted(PRODUCT_NAMED_BY.items()))
def test_products_have_pages_linked_both_ways(built_site, kb, product, naming):
    name = kb.graph.entries[product].title
    listed = page_text(page(built_site, product))
    for key in naming:
        raw = page(built_site, key).read_text(encoding="utf-8")
        assert re.search(rf"<a [^>]*>{re.escape(name)}</a>", raw), f"{key} does not link {name}"
        assert kb.graph.entries[key].title in listed, f"{product} does not list {key}"


def test_every_release_names_a_product_entry(kb):
    for release in kb.graph.by_collection("releases"):
        assert f"products/{release.data['product']}" in kb.graph.entries


def test_the_original_is_linked_under_the_title_where_its_address_was_checked(built_site):
    raw = page(built_site, "releases/calico-open-source-v3-23").read_text(encoding="utf-8")
    title, after = raw.split("</h1>", 1)
    link = re.search(r'Read the original: <a href="([^"]+)"', after)
    assert link and after.index("Read the original") < after.index("Release notes")
    assert link.group(1) == (
        "https://github.com/projectcalico/calico/blob/v3.23.0/calico/_includes/release-notes/v3.23.0-release-notes.md"
    )
    # Only checked addresses: every other entry leaves `source` out, and no page offers an original.
    sources = [key for key, data, _ in ENTRIES if "source" in data]
    assert sources == ["releases/calico-open-source-v3-23"]
