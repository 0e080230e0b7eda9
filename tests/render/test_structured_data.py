"""Structured data: each entry page's JSON-LD is of its kind, names the page, and says
only what the entry's data says."""

from __future__ import annotations

import json

import pytest

from calico_kb.render.structured_data import BY_TYPE, CONTEXT, PROPERTIES, json_ld, structured_data

SITE_URL = "https://example.org/kb/"
OWN = {"@context", "@type", "name", "headline", "url", "description"}
"""What every object carries besides its fields: the page's own name, address and description."""

EXPECTED_TYPES = {
    "people": "Person",
    "organizations": "Organization",
    "articles": "Article",
    "spotlights": "Article",
    "events": "Event",
    "courses": "Course",
    "releases": "SoftwareApplication",
    "topics": "DefinedTerm",
    "reports": "Report",
    "guides": "HowTo",
    "products": "SoftwareApplication",
}


def test_every_collection_names_its_schema_org_type(kb):
    assert {name: c.schema_org_type for name, c in kb.catalog.collections.items()} == EXPECTED_TYPES


def test_every_entry_s_json_ld_parses_is_of_its_kind_and_names_its_page(kb):
    for entry in kb.graph.entries.values():
        data = json.loads(str(json_ld(structured_data(kb.graph, entry, SITE_URL))))
        assert data["@context"] == CONTEXT
        assert data["@type"] == EXPECTED_TYPES[entry.collection], entry.key
        assert data["name"] == entry.title, entry.key
        assert data["url"] == f"{SITE_URL}{entry.collection}/{entry.slug}/"


def test_no_property_without_the_field_it_comes_from(kb):
    for entry in kb.graph.entries.values():
        data = structured_data(kb.graph, entry, SITE_URL)
        kind = data["@type"]
        sources = {
            BY_TYPE.get(kind, {}).get(field) or PROPERTIES.get(field)
            for field, value in entry.data.items()
            if value not in (None, [], "")
        }
        invented = set(data) - OWN - sources
        assert not invented, (entry.key, invented)


def test_named_entries_are_nodes_of_their_own_kind(kb):
    person = structured_data(kb.graph, kb.graph.entries["people/jintao-zhang"], SITE_URL)
    assert person["jobTitle"] == "Cloud Native Technologist"
    assert person["worksFor"] == {
        "@type": "Organization",
        "name": "API7.ai",
        "url": f"{SITE_URL}organizations/api7-ai/",
    }
    article = structured_data(kb.graph, kb.graph.entries["articles/calico-vpp-data-plane"], SITE_URL)
    assert article["author"] == [
        {"@type": "Person", "name": "Nathan Skrzypczak", "url": f"{SITE_URL}people/nathan-skrzypczak/"}
    ]
    assert {"@type": "DefinedTerm", "name": "VPP", "url": f"{SITE_URL}topics/vpp/"} in article["about"]


def test_a_release_is_a_version_with_its_feature_notes_as_features(kb):
    release = kb.graph.entries["releases/calico-open-source-v3-23"]
    data = structured_data(kb.graph, release, SITE_URL)
    assert data["softwareVersion"] == "3.23"
    features = [n["title"] for n in release.data["notes"] if n.get("kind") == "feature" and n.get("title")]
    assert features and data["featureList"] == features
    assert "releaseNotes" not in data, "no notes_url in the data, no releaseNotes"


def test_an_event_starts_and_belongs_to_its_conference(kb):
    event = next(e for e in kb.graph.entries.values() if e.collection == "events")
    data = structured_data(kb.graph, event, SITE_URL)
    assert data["startDate"] == event.data["date"] and "datePublished" not in data
    assert data["superEvent"] == {"@type": "Event", "name": event.data["event"]}


@pytest.mark.parametrize("text", ["</script><script>alert(1)</script>", "a & b", "<!--"])
def test_json_ld_cannot_close_its_script_element(text):
    written = str(json_ld({"name": text}))
    assert "<" not in written and ">" not in written and "&" not in written
    assert json.loads(written) == {"name": text}
