"""Links in an article's text (load/body_links.py), read as Python-Markdown reads them."""

from __future__ import annotations

from calico_kb.load.body_links import BodyLinks


def test_inline_reference_and_emphasised_links_are_found_once():
    text = (
        "See [Ada](../people/ada.md), **[the topic][t]** and [Ada again](../people/ada.md#bio).\n\n"
        "| a | b |\n| --- | --- |\n| [v1](../releases/v1.md) | x |\n\n"
        "[t]: ../topics/ebpf.md\n"
    )
    assert BodyLinks().linked_pages("articles/x.md", text) == ["people/ada.md", "topics/ebpf.md", "releases/v1.md"]


def test_code_external_links_and_links_outside_the_docs_are_not_pages():
    text = (
        "`[code](../people/code.md)` and\n\n```\n[fenced](../people/fenced.md)\n```\n\n"
        "[web](https://example.org/a.md), [mail](mailto:a@example.org), [root](/people/root.md),\n"
        "[outside](../../outside.md), [folder](../people/ada/) and [here](#top).\n"
    )
    assert BodyLinks().linked_pages("articles/x.md", text) == []


def test_one_parser_reads_many_articles_without_mixing_them():
    links = BodyLinks()
    assert links.linked_pages("articles/a.md", "[x](other.md)\n\n[r]: ../people/a.md\n") == ["articles/other.md"]
    assert links.linked_pages("articles/b.md", "[r] only\n") == []
