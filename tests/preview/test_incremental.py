"""What the preview renders again after a change (`calico_kb.preview.incremental`)."""

from __future__ import annotations

import os
from pathlib import Path

from calico_kb import pipeline
from calico_kb.load.files import Entry
from calico_kb.load.yaml_source import YamlDocument
from calico_kb.preview.incremental import RenderMemo, changed_entries, files_signature
from calico_kb.preview.rebuild import build_preview, preview_build
from conftest import fixture_project


def entry(slug: str, **data) -> Entry:
    return Entry("topics", slug, f"data/topics/{slug}.yaml", YamlDocument(f"data/topics/{slug}.yaml", data, {}, {}, {}))


def test_changed_entries_are_the_added_removed_and_edited_ones():
    before = {"topics/a": entry("a", name="A"), "topics/b": entry("b", name="B"), "topics/c": entry("c", name="C")}
    after = {"topics/a": entry("a", name="A"), "topics/b": entry("b", name="B2"), "topics/d": entry("d", name="D")}
    assert changed_entries(before, after) == {"topics/b", "topics/c", "topics/d"}


def test_a_folder_has_one_signature_however_it_is_named(tmp_path, monkeypatch):
    # MkDocs names the theme's custom_dir as written at start-up, absolute afterwards:
    # a different spelling must not look like a change (it rebuilt the whole site).
    (tmp_path / "overrides" / "partials").mkdir(parents=True)
    (tmp_path / "overrides" / "partials" / "nav.html").write_text("x")
    monkeypatch.chdir(tmp_path)
    assert files_signature(Path("overrides")) == files_signature(tmp_path / "overrides")
    before = files_signature(tmp_path / "overrides")
    (tmp_path / "overrides" / "partials" / "nav.html").write_text("xy")
    os.utime(tmp_path / "overrides" / "partials" / "nav.html", ns=(1, 1))
    assert files_signature(tmp_path / "overrides") != before


def test_after_an_edit_many_pages_show_the_edited_entry_first_and_the_rest_at_the_next_render(tmp_path):
    root = fixture_project(tmp_path / "project")
    project, site = pipeline.Project(root), pipeline.read_site_info(root / "mkdocs.yml")
    memo = RenderMemo(first_pages=1)
    build_preview(preview_build(project, site), memo)
    topic = root / "data/topics/ebpf.yaml"
    topic.write_text(topic.read_text(encoding="utf-8").replace("name: eBPF", "name: eBPF Renamed", 1))

    first = build_preview(preview_build(project, site), memo)
    assert "eBPF Renamed" in first.texts["topics/ebpf.md"]  # the edited entry's own page
    waiting = sorted(memo.pending)
    assert waiting, "the fixture's topic is named by more pages than first_pages"
    assert [key for key in waiting if "eBPF Renamed" in first.texts[key]] == []  # their last text, meanwhile

    rest = build_preview(preview_build(project, site), memo)  # the build the preview asks for at once
    assert memo.pending == set()
    clean, problems = pipeline.build(project, site).render_pages()
    assert (rest.texts, problems) == (clean, [])
    assert any("eBPF Renamed" in rest.texts[key] for key in waiting)
