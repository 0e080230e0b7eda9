"""Index pages as cards: title, kind or date, and one short line, never the whole summary."""

from __future__ import annotations

import re

import pytest

from calico_kb import pipeline
from calico_kb.pipeline import Project, SiteInfo
from calico_kb.render.lists import TEASER_WORDS, teaser


class FakeEntry:
    def __init__(self, **data):
        self.data = data


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        ({"teaser": "Own line.", "summary": "Long summary. More."}, "Own line."),
        ({"summary": "First sentence here. Second one."}, "First sentence here."),
        ({"summary": "Calico v3.23 adds IPv6. It also adds VPP."}, "Calico v3.23 adds IPv6."),
        ({"description": "A topic's description! And more."}, "A topic's description!"),
        (
            {"summary": " ".join(f"w{i}," for i in range(40))},
            " ".join(f"w{i}," for i in range(TEASER_WORDS)).rstrip(",") + "…",
        ),
        ({}, ""),
    ],
)
def test_a_teaser_is_the_own_teaser_or_the_first_sentence_cut_to_twenty_words(data, expected):
    assert teaser(FakeEntry(**data)) == expected


def test_index_pages_are_cards_with_escaped_text(make_project):
    project = make_project(
        {
            "data/topics/ebpf.yaml": "name: eBPF & *fast*\ndescription: 'The *eBPF* data plane & more. Second sentence.'\n",
            "data/people/ada.yaml": "name: Ada Example\nrole: Engineer\nsummary: Writes about networking.\n",
        }
    )
    build = pipeline.build(Project(project), SiteInfo("https://example.org/kb/", "KB"))
    assert build.problems == []
    pages, problems = build.render_pages()
    assert problems == []
    topics = pages["topics/index.md"]
    assert '<div class="grid cards kb-cards"><ul>' in topics
    assert '<a href="ebpf/">eBPF &amp; *fast*</a>' in topics
    assert '<p class="kb-card__teaser">The *eBPF* data plane &amp; more.</p>' in topics
    assert "Second sentence" not in topics
    people = pages["people/index.md"]
    assert re.search(
        r'<li class="kb-card"><svg class="kb-avatar kb-card__avatar" role="img" aria-label="Ada Example"', people
    )
    assert '<p class="kb-card__meta">Engineer</p>' in people


@pytest.mark.parametrize("index", ["releases", "spotlights", "articles", "topics", "people", "organizations"])
def test_every_index_of_the_real_site_lists_its_entries_as_cards(built_site, index):
    html = (built_site / index / "index.html").read_text(encoding="utf-8")
    cards = re.findall(r'<li class="kb-card">.*?</li>', html)
    assert cards, index
    for card in cards:
        assert re.search(r'<p class="kb-card__title"><a href="[^"]+/">', card), card
        teasers = re.findall(r'<p class="kb-card__teaser">(.*?)</p>', card)
        assert all(len(t.split()) <= TEASER_WORDS for t in teasers), card
