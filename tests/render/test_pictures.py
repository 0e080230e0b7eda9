"""The pictures: bar charts of the subjects named together, bounded, in words, with
full labels and a legend, deterministic, every link works."""

from __future__ import annotations

import posixpath
import re
import shutil
import sys
from html.parser import HTMLParser

import pytest

from calico_kb.pipeline import Project, build_knowledge_base
from calico_kb.render import pictures
from calico_kb.render.html_links import page_href
from conftest import ROOT

sys.path.insert(0, str(ROOT / "benchmarks"))
import synthetic  # noqa: E402

FIGURE = re.compile(r'<figure class="kb-bars"[^>]*>.*?</figure>', re.DOTALL)


class Chart(HTMLParser):
    """A chart's caption, legend, and rows (label, address, kind, count in words)."""

    def __init__(self, markup: str):
        super().__init__(convert_charrefs=True)
        self.caption, self.legend, self.rows = "", [], []
        self._where: str | None = None
        match = FIGURE.search(markup)
        assert match, markup[:200]
        self.feed(match.group(0))

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        classes = (a.get("class") or "").split()
        if tag == "figcaption":
            self._where = "caption"
        elif "kb-bars__kind" in classes:
            self._where = "legend"
            self.legend.append("")
        elif "kb-bars__row" in classes:
            self.rows.append({"kind": "", "label": "", "count": "", "href": ""})
        elif "kb-bars__label" in classes:
            self._where, self.rows[-1]["href"] = "label", a["href"]
        elif "kb-bars__kind-name" in classes:
            self._where = "kind"
        elif "kb-bars__count" in classes:
            self._where = "count"

    def handle_endtag(self, tag):
        self._where = None

    def handle_data(self, data):
        if self._where == "caption":
            self.caption += data
        elif self._where == "legend":
            self.legend[-1] += data
        elif self._where in ("label", "kind", "count"):
            self.rows[-1][self._where] += data


@pytest.fixture(scope="module")
def large_kb(tmp_path_factory):
    """A synthetic knowledge base of 1,000 entries (the benchmark's generator)."""
    project = tmp_path_factory.mktemp("large")
    for folder in ("schemas", "templates"):
        shutil.copytree(ROOT / folder, project / folder)
    (project / "data").mkdir()
    (project / "docs").mkdir()
    synthetic.generate(project, 1000)
    kb = build_knowledge_base(Project(project))
    assert kb.problems == []
    return kb


def test_the_busiest_entry_of_a_large_knowledge_base_draws_at_most_twelve_bars(large_kb):
    graph = large_kb.graph
    busiest = max(graph.entries.values(), key=lambda e: (len(graph.incoming.get(e.key, ())), e.key))
    assert len(graph.incoming[busiest.key]) > 100, "the test needs an entry with many neighbours"
    markup = pictures.connections(graph, busiest, busiest.src_uri)
    chart = Chart(markup)
    assert len(chart.rows) == pictures.MAX_BARS
    assert busiest.title in chart.caption
    assert pictures.connections(graph, busiest, busiest.src_uri) == markup, "same data, same bytes"


def test_bars_count_the_entries_that_name_both_most_first(large_kb):
    graph = large_kb.graph
    busiest = max(graph.entries.values(), key=lambda e: (len(graph.incoming.get(e.key, ())), e.key))
    together = graph.named_together(busiest.key, 12)
    counts = [count for _, count in together]
    assert counts == sorted(counts, reverse=True)
    other, count = together[0]
    naming_busiest = {ref.source for ref in graph.incoming[busiest.key]}
    naming_other = {ref.source for ref in graph.incoming[other.key] if ref.field != "related"}
    assert count == len(naming_busiest & naming_other)


def test_the_home_picture_is_bounded_too(large_kb):
    assert len(Chart(pictures.most_mentioned(large_kb.graph, "index.md")).rows) <= pictures.MAX_BARS


def test_an_entry_without_links_has_no_picture(make_project):
    project = make_project({"data/topics/lonely.yaml": "name: Lonely\ndescription: Nobody mentions it.\n"})
    kb = build_knowledge_base(Project(project))
    assert pictures.connections(kb.graph, kb.graph.entries["topics/lonely"], "topics/lonely.md") == ""


@pytest.mark.parametrize(
    ("target", "page", "expected"),
    [
        ("people/ada.md", "topics/ebpf.md", "../../people/ada/"),
        ("people/ada.md", "index.md", "people/ada/"),
        ("people/ada.md", "people/index.md", "ada/"),
        ("topics/index.md", "topics/ebpf.md", "../"),
    ],
)
def test_links_in_raw_html_are_directory_urls_relative_to_the_page(target, page, expected):
    assert page_href(target, page) == expected


@pytest.mark.parametrize(
    "page",
    ["index.html", "topics/kubernetes/index.html", "people/geoff-burke/index.html", "organizations/tigera/index.html"],
)
def test_home_topic_person_and_organization_pages_show_a_chart_whose_labels_are_whole_and_links_work(
    built_site, kb, page
):
    chart = Chart((built_site / page).read_text(encoding="utf-8"))
    assert chart.caption and chart.rows
    titles = {entry.title for entry in kb.graph.entries.values()}
    kinds = {c.title for c in kb.catalog.collections.values()}
    assert set(chart.legend) == {row["kind"] for row in chart.rows} <= kinds, "a legend of exactly the kinds shown"
    for row in chart.rows:
        assert row["label"] in titles, f"{page}: a label is a whole title, not {row['label']!r}"
        assert re.fullmatch(r"[0-9]+ entr(y|ies)", row["count"]), row
        target = posixpath.normpath(posixpath.join(posixpath.dirname(page), row["href"]))
        assert (built_site / target / "index.html").is_file(), f"{page}: {row['href']}"
