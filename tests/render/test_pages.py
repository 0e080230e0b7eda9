"""Generated pages: golden files pin the Markdown of every page kind.

Run with UPDATE_GOLDEN=1 to rewrite the golden files after an intended change, then
read the diff before committing it.
"""

from __future__ import annotations

import os
import shutil

import pytest

from calico_kb import pipeline
from calico_kb.pipeline import Project, SiteInfo
from calico_kb.render.markdown_text import escape, tidy
from calico_kb.render.pages import format_date
from conftest import FIXTURES, ROOT

GOLDEN = FIXTURES / "small-site-golden"
PAGES = [
    "releases/product-v1-2.md",
    "releases/index.md",
    "spotlights/ada-example.md",
    "reports/state-of-things.md",
    "guides/first-contribution.md",
    "courses/ebpf-course.md",
    "events/a-talk.md",
    "people/ada-example.md",
    "people/bo-sample.md",
    "organizations/example-co.md",
    "topics/ebpf.md",
    "topics/index.md",
    "articles/index.md",
    "spotlights/index.md",
    "releases/explorer.md",
    "products/calico-open-source.md",
    "contributors/example-handle.md",
    "contributors/index.md",
    "releases/explorer/notes.json",
    "releases/explorer/notes-1.json",
]


@pytest.fixture(scope="module")
def small_site(tmp_path_factory: pytest.TempPathFactory):
    root = tmp_path_factory.mktemp("small-site")
    shutil.copytree(FIXTURES / "small-site", root, dirs_exist_ok=True)
    shutil.copytree(ROOT / "schemas", root / "schemas")
    shutil.copytree(ROOT / "templates", root / "templates")
    build = plan_small_site(root)
    assert build.problems == []
    texts, problems = build.render_pages()
    assert problems == []
    return build, texts


def plan_small_site(root) -> pipeline.Build:
    return pipeline.build(Project(root), SiteInfo("https://example.org/kb/", "KB"))


def check_golden(name: str, actual: str) -> None:
    path = GOLDEN / name
    if os.environ.get("UPDATE_GOLDEN"):
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(actual, encoding="utf-8")
    assert actual == path.read_text(encoding="utf-8"), (
        f"{name} differs from its golden file (UPDATE_GOLDEN=1 rewrites it)"
    )


@pytest.mark.parametrize("src_uri", PAGES)
def test_generated_page_matches_golden(small_site, src_uri):
    _, texts = small_site
    check_golden(src_uri, texts[src_uri])


def test_article_footer_matches_golden(small_site):
    _, texts = small_site
    check_golden("articles/ebpf-explained.footer.md", texts["articles/ebpf-explained.md#article footer"])


def test_an_article_gets_its_kind_line_under_its_title_and_its_footer_below(small_site):
    build, texts = small_site
    entry = build.kb.sources.entries["articles/ebpf-explained"]
    markdown, meta = build.finish_page(entry.src_uri, entry.body.text, entry.data, texts)
    check_golden("articles/ebpf-explained.page.md", markdown)
    assert meta["kb_place"]["index"] == "articles/index.md"  # its place in its collection


def test_home_latest_block_matches_golden(small_site):
    _, texts = small_site
    check_golden("index.latest.md", texts["index.md#latest"])


def test_additions_are_planned_with_the_page_they_go_into(small_site):
    build, _ = small_site
    additions = {(page.kind, page.src_uri, page.template) for page in build.plan.additions}
    assert additions == {
        ("article header", "articles/ebpf-explained.md", "article-header.md.j2"),
        ("article footer", "articles/ebpf-explained.md", "article-footer.md.j2"),
        ("latest", "index.md", "home-latest.md.j2"),
    }
    assert {"article-header.md.j2", "article-footer.md.j2", "home-latest.md.j2"} <= set(build.plan.templates())


def test_every_entry_gets_one_page_and_every_collection_an_index(small_site):
    build, _ = small_site
    kb = build.kb
    planned = {page.src_uri: page for page in build.plan.outputs if not page.is_feed}
    yaml_entries = {e.src_uri for e in kb.sources.entries.values() if e.source.endswith(".yaml")}
    indexes = {f"{name}/index.md" for name in kb.catalog.collections}
    indexes.add("contribute/reference.md")  # the data model reference, from the schemas
    views = {"releases/explorer.md"}  # templates/<collection>-<view>.md.j2
    groups = {"learn/index.md", "browse/index.md"}  # x-kb-nav groups' own pages
    # Every author handle of a release note that no person claims, and their index.
    # (bo-sample.yaml claims another-example, whatever its case: its page is theirs.)
    contributors = {"contributors/index.md", "contributors/example-handle.md"}
    assert set(planned) == yaml_entries | indexes | views | groups | contributors
    assert (planned["learn/index.md"].kind, planned["learn/index.md"].subject) == ("group", "Learn")
    assert (planned["releases/explorer.md"].kind, planned["releases/explorer.md"].source_path) == (
        "view",
        "templates/releases-explorer.md.j2",
    )
    assert (planned["releases/product-v1-2.md"].kind, planned["releases/product-v1-2.md"].source_path) == (
        "entry",
        "data/releases/product-v1-2.yaml",
    )
    assert (planned["releases/index.md"].kind, planned["releases/index.md"].template) == (
        "index",
        "releases-index.md.j2",
    )
    assert planned["people/index.md"].template == "registry-index.md.j2"  # undated: alphabetical, by default
    assert planned["contribute/reference.md"].kind == "reference"


def test_a_hand_written_page_at_a_generated_url_is_an_error_naming_both(small_site, tmp_path):
    root = small_site[0].kb.project.root
    clash = root / "docs" / "topics" / "ebpf.md"
    clash.parent.mkdir()
    clash.write_text("# eBPF by hand\n", encoding="utf-8")
    try:
        problems = pipeline.check(plan_small_site(root))
    finally:
        shutil.rmtree(clash.parent)
    assert [str(p) for p in problems] == [
        "docs/topics/ebpf.md:1:1: this file and data/topics/ebpf.yaml both produce /topics/ebpf/ (hint: rename or remove one of them)"
    ]


def test_a_file_of_docs_where_a_feed_goes_is_an_error_for_check_and_build_alike(small_site):
    root = small_site[0].kb.project.root
    clash = root / "docs" / "feed.xml"
    clash.write_text("<rss/>", encoding="utf-8")
    try:
        build = plan_small_site(root)
    finally:
        clash.unlink()
    assert [str(p) for p in pipeline.check(build)] == [
        'docs/feed.xml:1:1: "feed.xml": files ending in ".xml" are not allowed under docs/ (hint: hosts may serve unknown kinds as pages or scripts; allowed: .avif, .css, .gif, .html, .ico, .jpeg, .jpg, .otf, .pdf, .png, .svg, .ttf, .txt, .webp, .woff, .woff2)',
        "docs/feed.xml:1:1: this file and the generated feed feed.xml both produce /feed.xml (hint: rename or remove one of them)",
    ]
    assert "feed.xml" not in {page.src_uri for page in build.plan.pages}


def test_a_template_error_names_the_template_and_line(small_site):
    kb = small_site[0].kb
    template = kb.project.templates_dir / "topics.md.j2"
    original = template.read_text(encoding="utf-8")
    template.write_text(original + "\n{{ entry.no_such_attribute.deeper }}\n", encoding="utf-8")
    try:
        build = plan_small_site(kb.project.root)
        problems = pipeline.check(build)
        _, rendered_problems = build.render_pages()
    finally:
        template.write_text(original, encoding="utf-8")
    assert len(problems) == 1
    assert rendered_problems == problems  # the build finds what check found, once per template
    assert str(problems[0]).startswith(
        f"templates/topics.md.j2:{original.count(chr(10)) + 2}:1: while rendering topics/"
    )


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


@pytest.mark.parametrize(
    ("date", "shown"), [("2022", "2022"), ("2022-05", "May 2022"), ("2022-05-09", "9 May 2022"), ("", "")]
)
def test_format_date(date, shown):
    assert format_date(date) == shown


@pytest.mark.parametrize(
    ("markdown", "tidied"),
    [
        ("# Title\nText\n## Part\n- a\n", "# Title\n\nText\n\n## Part\n\n- a\n"),
        ("\n\n# Title\n\n\n\nText", "# Title\n\nText\n"),
        ("# One\n## Two\n### Three\n", "# One\n\n## Two\n\n### Three\n"),
        ("Text\n#hashtag and ####### seven\n", "Text\n#hashtag and ####### seven\n"),
        ("Text\n\n## Last", "Text\n\n## Last\n"),
    ],
)
def test_tidy_puts_headings_in_blank_lines_and_never_two_blank_lines(markdown, tidied):
    assert tidy(markdown) == tidied
