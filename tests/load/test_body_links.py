"""Which page a link in Markdown text means (load/body_links.py), as MkDocs resolves it."""

from __future__ import annotations

from calico_kb.load.body_links import linked_pages, page_path


def test_linked_pages_are_the_markdown_pages_linked_each_once_in_order():
    hrefs = ["../people/ada.md", "../topics/ebpf.md", "../people/ada.md#bio", "../releases/v1.md", "#top"]
    assert linked_pages("articles/x.md", hrefs) == ("people/ada.md", "topics/ebpf.md", "releases/v1.md")


def test_page_path_is_the_page_a_relative_markdown_link_means():
    assert page_path("articles/x.md", "../people/ada.md#bio") == "people/ada.md"
    assert page_path("articles/x.md", "other%20page.md") == "articles/other page.md"
    assert page_path("articles/x.md", "other.md") == "articles/other.md"


def test_external_root_relative_folder_and_outside_links_are_not_pages():
    for href in ["https://example.org/a.md", "mailto:a@example.org", "/people/root.md", "../people/ada/", "#top"]:
        assert page_path("articles/x.md", href) is None
    assert page_path("index.md", "../outside.md") is None
