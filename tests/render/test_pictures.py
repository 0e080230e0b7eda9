"""The connections graph: bounded, described in words, deterministic, every link works."""

from __future__ import annotations

import posixpath
import re
import shutil
import sys
import xml.etree.ElementTree as ET

import pytest

from calico_kb.pipeline import Project, build_knowledge_base
from calico_kb.render import pictures
from calico_kb.render.html_links import page_href
from conftest import ROOT

sys.path.insert(0, str(ROOT / "benchmarks"))
import synthetic  # noqa: E402

SVG = "{http://www.w3.org/2000/svg}"
XLINK_HREF = "{http://www.w3.org/1999/xlink}href"
FIGURE = re.compile(r'<figure class="kb-graph"[^>]*>(<svg.*?</svg>)<figcaption>(.*?)</figcaption></figure>', re.DOTALL)


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


def parse(markup: str) -> ET.Element:
    match = FIGURE.search(markup)
    assert match, markup[:200]
    svg = match.group(1)
    if "xmlns:xlink=" not in svg:
        # In a page, the HTML parser puts xlink:href in the XLink namespace by itself;
        # nh3, which cleans what ships, writes no declaration. An XML parser needs one.
        svg = svg.replace("<svg ", '<svg xmlns:xlink="http://www.w3.org/1999/xlink" ', 1)
    return ET.fromstring(svg)


def test_the_busiest_entry_of_a_large_knowledge_base_draws_at_most_twenty_links(large_kb):
    graph = large_kb.graph
    busiest = max(graph.entries.values(), key=lambda e: (len(graph.incoming.get(e.key, ())), e.key))
    assert len(graph.incoming[busiest.key]) > 100, "the test needs an entry with many neighbours"
    markup = pictures.connections(graph, busiest, busiest.src_uri)
    svg = parse(markup)
    assert len(svg.findall(f".//{SVG}line")) == pictures.MAX_NODES
    assert len(svg.findall(f".//{SVG}a")) == pictures.MAX_NODES
    assert svg.find(f"{SVG}title").text and svg.find(f"{SVG}desc").text
    assert svg.get("aria-labelledby") == "kb-graph-title kb-graph-desc"
    assert pictures.connections(graph, busiest, busiest.src_uri) == markup, "same data, same bytes"


def test_the_strongest_links_come_first(large_kb):
    graph = large_kb.graph
    busiest = max(graph.entries.values(), key=lambda e: (len(graph.incoming.get(e.key, ())), e.key))
    strengths = [count for _, count in graph.strongest_neighbours(busiest.key, 20)]
    assert strengths == sorted(strengths, reverse=True)
    every = [count for _, count in graph.strongest_neighbours(busiest.key, 10_000)]
    assert strengths == every[:20]


def test_the_home_picture_is_bounded_too(large_kb):
    svg = parse(pictures.most_mentioned(large_kb.graph, "index.md", "Knowledge base"))
    assert len(svg.findall(f".//{SVG}line")) <= pictures.MAX_NODES


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
def test_home_topic_person_and_organization_pages_show_a_picture_whose_links_work(built_site, page):
    html = (built_site / page).read_text(encoding="utf-8")
    svg = parse(html)
    assert svg.find(f"{SVG}title").text and svg.find(f"{SVG}desc").text
    assert svg.get("viewBox") and "kb-graph__picture" in svg.get("class")
    links = [a.get(XLINK_HREF) for a in svg.iter(f"{SVG}a")]
    assert links
    for href in links:
        target = posixpath.normpath(posixpath.join(posixpath.dirname(page), href))
        assert (built_site / target / "index.html").is_file(), f"{page}: {href}"
