"""Search finds pages, not lists: list sections stay out of Material's index, contributor
pages rank lower, and a result's first words say what kind of page it is."""

from __future__ import annotations

import json
import re
from html import unescape

import pytest

from calico_kb.paths import page_url

LIST_HEADINGS = re.compile(
    r"^(See also|Related|Mentioned in|Referenced by|Interviews|Written by|Talks by|Taught by|"
    r"Published by|Offered by|Organized by|People|About|Everything about|"
    r"(Releases|Spotlights|Articles|Reports|Guides|Courses|Events|People|Organizations|Topics) \(\d+\))"
)


@pytest.fixture(scope="module")
def search_docs(built_site) -> list[dict]:
    return json.loads((built_site / "search" / "search_index.json").read_text(encoding="utf-8"))["docs"]


def test_no_list_section_of_an_entry_page_is_indexed(kb, search_docs):
    entry_pages = {page_url(e.src_uri) for e in kb.graph.entries.values()}
    # Headings an article's author wrote are the article's own sections.
    written = {
        line.lstrip("#").strip()
        for e in kb.graph.entries.values()
        if e.body
        for line in e.body.text.splitlines()
        if line.startswith("#")
    }
    listed = [
        (d["location"], d["title"])
        for d in search_docs
        if d["location"].split("#")[0] in entry_pages
        and "#" in d["location"]
        and LIST_HEADINGS.match(unescape(d["title"]))
        and unescape(d["title"]) not in written
    ]
    assert listed == []
    assert LIST_HEADINGS.match("Related (2)") and LIST_HEADINGS.match("Articles (3)")


def test_a_summary_is_found_on_its_own_page_only(kb, search_docs):
    spotlight = kb.graph.entries["spotlights/community-spotlight-jamf"]
    summary = spotlight.data["summary"]
    assert len(summary.split(". ")) > 1  # longer than the line lists show
    found = {d["location"].split("#")[0] for d in search_docs if summary in unescape(d["text"])}
    assert found == {page_url(spotlight.src_uri)}


def test_contributor_pages_rank_lower(search_docs):
    contribute = [d for d in search_docs if d["location"].startswith("contribute/")]
    assert contribute and all(d.get("boost", 1) < 1 for d in contribute)
    assert all(
        d.get("boost", 1) == 1 for d in search_docs if d["location"].startswith(("people/", "topics/", "articles/"))
    )


@pytest.mark.parametrize(
    "collection, kind",
    [
        ("people", "Person"),
        ("topics", "Topic"),
        ("organizations", "Organization"),
        ("articles", "Article"),
        ("spotlights", "Community spotlight"),
        ("courses", "Course"),
        ("reports", "Report"),
    ],
)
def test_a_result_starts_with_its_kind(kb, search_docs, collection, kind):
    first = {d["location"]: unescape(re.sub(r"<[^>]+>", "", d["text"])).strip() for d in search_docs}
    for entry in kb.graph.by_collection(collection):
        # An avatar's initials may come first (the picture's text is indexed too).
        words = first[page_url(entry.src_uri)].split(" ")
        assert kind.split(" ")[0] in words[:2], (entry.key, words[:4])
