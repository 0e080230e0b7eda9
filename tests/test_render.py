"""Generated pages: golden files pin the Markdown of every page kind.

Run with UPDATE_GOLDEN=1 to rewrite the golden files after an intended change, then
read the diff before committing it.
"""
from __future__ import annotations

import os
import shutil

import pytest

from calico_kb.pipeline import Project, build_knowledge_base, generate_pages
from calico_kb.render.markdown_text import escape
from calico_kb.render.pages import format_date
from conftest import FIXTURES, ROOT

GOLDEN = FIXTURES / "small-site-golden"
PAGES = [
    "releases/product-v1-2.md", "releases/index.md", "spotlights/ada-example.md", "reports/state-of-things.md",
    "guides/first-contribution.md", "courses/ebpf-course.md", "events/a-talk.md", "people/ada-example.md",
    "people/bo-sample.md", "organizations/example-co.md", "topics/ebpf.md", "topics/index.md",
    "articles/index.md", "spotlights/index.md", "releases/explorer.md",
]


@pytest.fixture(scope="module")
def small_site(tmp_path_factory: pytest.TempPathFactory):
    root = tmp_path_factory.mktemp("small-site")
    shutil.copytree(FIXTURES / "small-site", root, dirs_exist_ok=True)
    shutil.copytree(ROOT / "schemas", root / "schemas")
    shutil.copytree(ROOT / "templates", root / "templates")
    kb = build_knowledge_base(Project(root))
    assert kb.problems == []
    pages, problems = generate_pages(kb)
    assert problems == []
    return kb, {page.src_uri: page for page in pages}


def check_golden(name: str, actual: str) -> None:
    path = GOLDEN / name
    if os.environ.get("UPDATE_GOLDEN"):
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(actual, encoding="utf-8")
    assert actual == path.read_text(encoding="utf-8"), f"{name} differs from its golden file (UPDATE_GOLDEN=1 rewrites it)"


@pytest.mark.parametrize("src_uri", PAGES)
def test_generated_page_matches_golden(small_site, src_uri):
    _, pages = small_site
    check_golden(src_uri, pages[src_uri].content)


def test_article_footer_matches_golden(small_site):
    kb, _ = small_site
    check_golden("articles/ebpf-explained.footer.md", kb.renderer.render_article_footer(kb.sources.entries["articles/ebpf-explained"]))


def test_an_article_gets_its_kind_line_under_its_title_and_its_footer_below(small_site):
    kb, _ = small_site
    entry = kb.sources.entries["articles/ebpf-explained"]
    check_golden("articles/ebpf-explained.page.md", kb.renderer.render_article(entry, entry.body.text))


def test_home_latest_block_matches_golden(small_site):
    kb, _ = small_site
    check_golden("index.latest.md", kb.renderer.render_latest("index.md"))


def test_every_entry_gets_one_page_and_every_collection_an_index(small_site):
    kb, pages = small_site
    yaml_entries = {e.src_uri for e in kb.sources.entries.values() if e.source.endswith(".yaml")}
    indexes = {f"{name}/index.md" for name in kb.catalog.collections}
    indexes.add("contribute/reference.md")  # the data model reference, from the schemas
    views = {"releases/explorer.md"}  # templates/<collection>-<view>.md.j2
    assert set(pages) == yaml_entries | indexes | views
    assert pages["releases/explorer.md"].source == "templates/releases-explorer.md.j2"
    assert pages["releases/product-v1-2.md"].source == "data/releases/product-v1-2.yaml"
    assert pages["releases/index.md"].source is None


def test_a_hand_written_page_at_a_generated_url_is_an_error_naming_both(small_site, tmp_path):
    kb, _ = small_site
    root = kb.project.root
    clash = root / "docs" / "topics" / "ebpf.md"
    clash.parent.mkdir()
    clash.write_text("# eBPF by hand\n", encoding="utf-8")
    try:
        _, problems = generate_pages(build_knowledge_base(Project(root)))
    finally:
        shutil.rmtree(clash.parent)
    assert [str(p) for p in problems] == [
        "docs/topics/ebpf.md:1:1: this page and data/topics/ebpf.yaml both produce /topics/ebpf/ (hint: rename or remove one of them)"
    ]


def test_a_template_error_names_the_template_and_line(small_site):
    kb, _ = small_site
    template = kb.project.templates_dir / "topics.md.j2"
    original = template.read_text(encoding="utf-8")
    template.write_text(original + "\n{{ entry.no_such_attribute.deeper }}\n", encoding="utf-8")
    try:
        pages, problems = generate_pages(build_knowledge_base(Project(kb.project.root)))
    finally:
        template.write_text(original, encoding="utf-8")
    assert pages == []
    assert len(problems) == 1
    assert str(problems[0]).startswith(f"templates/topics.md.j2:{original.count(chr(10)) + 2}:1: while rendering topics/")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("v3.23 *x* _y_ [a](b)", r"v3.23 \*x\* \_y\_ \[a\](b)"),
        ("<script>alert(1)</script> & more", "&lt;script&gt;alert(1)&lt;/script&gt; &amp; more"),
        ("# not a heading", r"\# not a heading"),
        ("1. not a list", r"1\. not a list"),
        ("- not a list", r"\- not a list"),
        ("a | b `c`", r"a \| b \`c\`"),
        ("two\nlines", "two lines"),
    ],
)
def test_escape_makes_values_literal(text, expected):
    assert str(escape(text)) == expected


@pytest.mark.parametrize(("date", "shown"), [("2022", "2022"), ("2022-05", "May 2022"), ("2022-05-09", "9 May 2022"), ("", "")])
def test_format_date(date, shown):
    assert format_date(date) == shown
