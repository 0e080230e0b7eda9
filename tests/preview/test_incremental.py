"""What the preview renders again after a change (`calico_kb.preview.incremental`)."""

from __future__ import annotations

import os
from pathlib import Path

from calico_kb.load.files import Entry
from calico_kb.load.yaml_source import YamlDocument
from calico_kb.preview.incremental import changed_entries, files_signature


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
