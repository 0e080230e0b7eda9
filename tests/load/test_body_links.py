"""Links and anchors of a Markdown text (load/body_links.py), read as Python-Markdown
reads them, once per text."""

from __future__ import annotations

from calico_kb.load.body_links import linked_pages, page_path, read_links


def test_inline_reference_and_emphasised_links_are_found_once():
    text = (
        "See [Ada](../people/ada.md), **[the topic][t]** and [Ada again](../people/ada.md#bio).\n\n"
        "| a | b |\n| --- | --- |\n| [v1](../releases/v1.md) | x |\n\n"
        "[t]: ../topics/ebpf.md\n"
    )
    assert linked_pages("articles/x.md", text) == ("people/ada.md", "topics/ebpf.md", "releases/v1.md")


def test_code_external_links_and_links_outside_the_docs_are_not_pages():
    text = (
        "`[code](../people/code.md)` and\n\n```\n[fenced](../people/fenced.md)\n```\n\n"
        "[web](https://example.org/a.md), [mail](mailto:a@example.org), [root](/people/root.md),\n"
        "[outside](../../outside.md), [folder](../people/ada/) and [here](#top).\n"
    )
    assert linked_pages("articles/x.md", text) == ()


def test_texts_are_read_apart_and_each_once():
    assert linked_pages("articles/a.md", "[x](other.md)\n\n[r]: ../people/a.md\n") == ("articles/other.md",)
    assert linked_pages("articles/b.md", "[r] only\n") == ()
    assert read_links("[x](y.md)\n") is read_links("[x](y.md)\n")


def test_anchors_are_the_ids_mkdocs_gives_headings_attributes_and_raw_html():
    text = (
        "# Title\n\n## A second heading\n\n## A second heading\n\nText\n{: #para-id }\n\n"
        '<div id="raw-id">x</div>\n\n<a name="old-name"></a>\n\n```\n## not a heading\n```\n'
    )
    assert read_links(text).anchors == {
        "title",
        "a-second-heading",
        "a-second-heading_1",
        "para-id",
        "raw-id",
        "old-name",
    }


def test_hrefs_are_kept_as_written_in_order():
    assert read_links("[a](b.md#c) and [d](#e)\n\n[f][g]\n\n[g]: ../h.md\n").hrefs == ("b.md#c", "#e", "../h.md")


def test_page_path_is_the_page_a_relative_markdown_link_means():
    assert page_path("articles/x.md", "../people/ada.md#bio") == "people/ada.md"
    assert page_path("articles/x.md", "other%20page.md") == "articles/other page.md"
    assert page_path("index.md", "../outside.md") is None
    assert page_path("index.md", "people/ada/") is None
    assert page_path("index.md", "https://example.org/x.md") is None


def test_a_reading_is_kept_on_disk_by_content_and_read_back(tmp_path, monkeypatch):
    from calico_kb.load import body_links

    reader = body_links.MarkdownLinkReader(tmp_path)
    text = "# Kept\n\n[a](b.md)\n"
    first = reader(text)
    [kept] = list(tmp_path.glob("*.json"))
    monkeypatch.setattr(body_links, "read_links", lambda _text: (_ for _ in ()).throw(AssertionError("parsed")))
    assert reader(text) == first == body_links.MarkdownLinks(("b.md",), frozenset({"kept"}))
    kept.write_text("{not json", encoding="utf-8")
    monkeypatch.undo()
    assert reader(text) == first, "a damaged file is read again from the text"


def test_a_reader_without_a_folder_reads_in_memory():
    from calico_kb.load.body_links import MarkdownLinkReader

    assert MarkdownLinkReader(None)("[a](b.md)\n").hrefs == ("b.md",)
