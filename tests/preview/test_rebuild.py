"""What the preview renders while files have problems (`calico_kb.preview.rebuild`)."""

from __future__ import annotations

from pathlib import Path

from calico_kb import pipeline
from calico_kb.preview.rebuild import build_preview, preview_build
from conftest import fixture_project


def preview_of(root: Path):
    return build_preview(preview_build(pipeline.Project(root), pipeline.read_site_info(root / "mkdocs.yml")))


def test_without_problems_the_preview_renders_what_the_build_renders(tmp_path):
    root = fixture_project(tmp_path)
    preview = preview_of(root)
    assert preview.problems == [] and preview.held_back == {} and preview.drafts == set()
    assert "Kubernetes everywhere." in preview.texts["spotlights/ada-example.md"]
    assert {p.key for p in preview.pages} == set(preview.texts)


def test_an_entry_with_a_problem_is_held_back_and_links_to_it_still_resolve(tmp_path):
    root = fixture_project(tmp_path)
    (root / "data/people/ada-example.yaml").write_text(
        "name: Ada Example\nrole: <b>boss</b>\norganization: example-co\n"
    )
    preview = preview_of(root)
    assert [p.path for p in preview.problems] == ["data/people/ada-example.yaml"]
    assert preview.held_back == {"data/people/ada-example.yaml": "people/ada-example.md"}
    assert preview.page_urls() == {"data/people/ada-example.yaml": "people/ada-example/"}
    pages = preview.texts
    # Her page is a notice, never her data; the spotlight links to that notice.
    assert "<b>" not in pages["people/ada-example.md"] and "has problems" in pages["people/ada-example.md"]
    assert "(../people/ada-example.md)" in pages["spotlights/ada-example.md"]
    assert "ada-example" not in pages["people/index.md"]
    assert "people/ada-example" not in preview.build.kb.graph.entries


def test_a_draft_is_held_back_as_a_draft(tmp_path):
    root = fixture_project(tmp_path)
    (root / "data/people/jane-doe.yaml").write_text('name: "TODO"\n')
    preview = preview_of(root)
    assert preview.drafts == {"data/people/jane-doe.yaml"}
    pages = preview.texts
    assert "is a draft" in pages["people/jane-doe.md"]


def test_an_article_with_a_problem_is_held_back_by_its_source(tmp_path):
    root = fixture_project(tmp_path)
    article = root / "docs/articles/ebpf-explained.md"
    article.write_text(article.read_text().replace("[ebpf]", "[ebpff]"))
    preview = preview_of(root)
    assert preview.held_back == {"docs/articles/ebpf-explained.md": "articles/ebpf-explained.md"}
    assert "articles/ebpf-explained.md" not in preview.texts  # MkDocs reads it; the hook shows the notice


def test_the_pages_of_a_failing_template_show_a_notice(tmp_path):
    root = fixture_project(tmp_path)
    (root / "templates/people.md.j2").write_text("{% for x in %}\n")
    preview = preview_of(root)
    assert [(p.path, p.line) for p in preview.problems] == [("templates/people.md.j2", 1)]
    pages = preview.texts
    assert {"people/ada-example.md", "people/index.md", "spotlights/ada-example.md", "contribute/reference.md"} <= set(
        pages
    )
    assert "A template has a problem" in pages["people/ada-example.md"]
    assert "Kubernetes everywhere." in pages["spotlights/ada-example.md"]  # other templates still render


def test_a_failing_footer_template_joins_the_problems(tmp_path):
    root = fixture_project(tmp_path)
    (root / "templates/article-footer.md.j2").write_text("{{ entry.nothing.at_all }}\n")
    preview = preview_of(root)
    assert [p.path for p in preview.problems] == ["templates/article-footer.md.j2"]
    article = preview.build.kb.sources.entries["articles/ebpf-explained"]
    markdown, _ = preview.build.finish_page(article.src_uri, article.body.text, article.data, preview.texts)
    # The header still shows; the footer's place stays empty (its problem is in the banner).
    assert markdown.strip().startswith("# eBPF explained\n\nArticle · ") and markdown.rstrip().endswith("Body text.")
    assert "articles/ebpf-explained.md#article footer" not in preview.texts
