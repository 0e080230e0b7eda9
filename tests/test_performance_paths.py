"""The shortcuts taken for speed (see benchmarks/) give exactly what the plain way gives."""

from __future__ import annotations

import posixpath
import random
import re
import shutil
import sys
from collections import Counter

import pytest
import yaml

from calico_kb import pipeline
from calico_kb.load.walk import files_under
from calico_kb.paths import relative_link
from calico_kb.pipeline import Project, SiteInfo, build_knowledge_base
from calico_kb.render.markdown_text import tidy
from calico_kb.render.pages import Renderer
from calico_kb.schema.versions import VersionKey
from conftest import ROOT

sys.path.insert(0, str(ROOT / "benchmarks"))
import synthetic  # noqa: E402


@pytest.fixture(scope="module")
def synthetic_kb(tmp_path_factory):
    root = tmp_path_factory.mktemp("synthetic")
    for folder in ("data", "docs"):
        (root / folder).mkdir()
    shutil.copytree(ROOT / "schemas", root / "schemas")
    shutil.copytree(ROOT / "templates", root / "templates")
    synthetic.generate(root, 400)
    kb = build_knowledge_base(Project(root))
    assert kb.problems == []
    return kb


def test_related_is_the_brute_force_ranking(synthetic_kb):
    graph = synthetic_kb.graph
    for key in graph.entries:
        listed = (
            {key} | {r.target for r in graph.outgoing.get(key, ())} | {r.source for r in graph.incoming.get(key, ())}
        )
        shared = Counter(
            other for topic in graph.topics[key] for other in graph._by_topic[topic] if other not in listed
        )
        at_least_two = [k for k in shared if shared[k] >= 2]
        expected = sorted(at_least_two, key=lambda k: (-shared[k], graph.order_key(graph.entries[k])))[:5]
        assert [e.key for e in graph.related(key)] == expected, key


def test_by_collection_is_sorted_newest_first_or_by_its_sort_field(synthetic_kb):
    graph = synthetic_kb.graph
    for name, collection in synthetic_kb.catalog.collections.items():
        members = [e for e in graph.entries.values() if e.collection == name]
        if collection.sort_by:  # releases: by version, highest first, then newest first
            key = collection.sort_by
            expected = sorted(members, key=lambda e: (VersionKey(e.data.get(key)), graph.order_key(e)))
        else:
            expected = sorted(members, key=graph.order_key)
        assert graph.by_collection(name) == expected


def test_check_plans_every_page_the_build_renders_and_tries_each_template_once(synthetic_kb):
    build = pipeline.build(synthetic_kb.project, SiteInfo("https://example.org/", "KB"))
    texts, problems = build.render_pages()
    assert problems == [] and pipeline.check(build) == []
    assert set(texts) == {page.key for page in build.plan.pages}
    tried = build.plan.templates()
    assert set(tried) == {page.template for page in build.plan.pages if page.template}
    assert len(tried) < len(build.plan.pages) / 20


def test_structured_data_made_ahead_is_what_finishing_each_page_makes(synthetic_kb):
    site = SiteInfo("https://example.org/", "KB")
    ahead, one_by_one = pipeline.build(synthetic_kb.project, site), pipeline.build(synthetic_kb.project, site)
    texts, _ = ahead.render_pages()
    ahead.make_structured_data()
    entries = list(ahead.kb.sources.entries.values())
    for entry in entries:
        meta = ahead.finish_page(entry.src_uri, "# Page\n", {}, texts)[1]
        assert meta == one_by_one.finish_page(entry.src_uri, "# Page\n", {}, texts)[1], entry.key
    assert ahead._structured == {}, "each was taken by its page"
    again = ahead.finish_page(entries[0].src_uri, "# Page\n", {}, texts)[1]
    assert again[pipeline.KB_STRUCTURED_DATA] == one_by_one.structured_data(entries[0].src_uri)


def test_relative_link_is_relpath():
    targets = ["releases/a.md", "index.md", "a/b/c.md", "x//y.md", "a/b/", "../x.md", "./x.md", "/abs.md", "r/v1.2.md"]
    targets += ["data/people/ada.yaml", "docs/articles/a.md", "templates/t.md.j2"]  # edit paths, from "docs"
    starts = ["", "releases", "a", "a/b", "a/b/c", "x/", ".", "/abs", "docs"]
    for target in targets:
        for start in starts:
            try:
                expected = posixpath.relpath(target, start or ".")
            except ValueError:
                continue
            assert relative_link(target, start) == expected, (target, start)


def test_tidy_matches_the_straightforward_rules():
    heading, blank = re.compile(r"\n*^(#{1,6} .*)\n+", re.MULTILINE), re.compile(r"\n{3,}")

    def reference(markdown: str) -> str:
        markdown = heading.sub(lambda m: "\n\n" + m.group(1) + "\n\n", markdown)
        return blank.sub("\n\n", markdown).strip("\n") + "\n"

    rng = random.Random(3)
    pieces = ["# H", "## Sub", "####### no", "#nospace", "text", "- item", "", "  ", "\n", "a # b", "# ", "x\\1y"]
    for _ in range(20000):
        markdown = "\n".join(rng.choice(pieces) for _ in range(rng.randint(0, 10))) + "\n" * rng.randint(0, 3)
        assert tidy(markdown) == reference(markdown), repr(markdown)


def test_front_matter_matches_yaml_safe_dump():
    rng = random.Random(1)
    alphabet = "abcXYZ019 ,.;'()/!?&%+=-:#*[]{}|>\"@`~é\t"
    words = ["yes", "no", "on", "null", "true", "1", "1.5", "0x1f", ".inf", "-", "---", "a", "B"]
    for _ in range(20000):
        value = " ".join(
            rng.choice(words + ["".join(rng.choice(alphabet) for _ in range(rng.randint(1, 6)))])
            for _ in range(rng.randint(1, 4))
        )
        expected = (
            "---\n"
            + yaml.safe_dump({"description": value}, allow_unicode=True, sort_keys=False, width=1_000_000)
            + "---\n\n"
        )
        assert str(Renderer._front_matter(description=value)) == expected, repr(value)


def test_files_under_lists_what_rglob_lists(tmp_path):
    for name in ("a/x.yaml", ".h/y", "B/z", "a b/q.yml", "f.", "deep/er/still.yaml"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("")
    expected = [p for p in sorted(tmp_path.rglob("*")) if not p.is_dir()]
    found, problems = files_under(tmp_path, tmp_path)
    assert ([path for _, path in found], problems) == (expected, [])
    assert all(parts == path.relative_to(tmp_path).parts for parts, path in found)
    found, problems = files_under(ROOT / "data", ROOT)
    assert ([p for p in sorted((ROOT / "data").rglob("*")) if not p.is_dir()], problems) == ([p for _, p in found], [])
