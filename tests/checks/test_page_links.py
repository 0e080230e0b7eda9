"""Links between pages in Markdown text (checks/page_links.py): refused as written, at
their line, with the page they were meant to reach."""

from __future__ import annotations

from calico_kb.checks.markdown_bodies import BodyReader
from calico_kb.checks.page_links import MarkdownText, broken_links
from conftest import ROOT

PAGES = {"index.md", "topics/ebpf.md", "topics/ipv6.md", "articles/intro.md"}
ANCHORS = {
    "topics/ebpf.md": frozenset({"what-it-is", "articles"}),
    "articles/intro.md": None,  # a page whose ids cannot be known is not checked
}


READ = BodyReader(ROOT / "mkdocs.yml", None)


def problems(text: str, src_uri: str = "articles/intro.md", first_line: int = 5) -> list[str]:
    page = MarkdownText(src_uri, f"docs/{src_uri}", text, first_line)
    found = broken_links([page], PAGES, lambda target: ANCHORS.get(target, READ(text).anchors), READ)
    return [str(link.problem) for link in found]


def test_a_link_to_a_missing_page_names_the_link_as_written_and_the_page_it_meant():
    assert problems("Intro\n\nSee [it](../topics/epbf.md) here.\n") == [
        'docs/articles/intro.md:7:10: broken link "../topics/epbf.md": the knowledge base has no page '
        'topics/epbf.md (hint: did you mean "../topics/ebpf.md"?)'
    ]


def test_a_link_with_nothing_close_says_how_to_link():
    assert problems("[x](../nothing/at-all-here.md)\n") == [
        'docs/articles/intro.md:5:5: broken link "../nothing/at-all-here.md": the knowledge base has no page '
        "nothing/at-all-here.md (hint: link to the .md file of a page that exists, relative to this file)"
    ]


def test_a_missing_anchor_in_another_page_and_in_this_one():
    text = "## Here\n\n[a](../topics/ebpf.md#what-it-iz) [b](#her) [c](#here) [d](../topics/ebpf.md#articles)\n"
    assert problems(text, "articles/other.md", 1) == [
        'docs/articles/other.md:3:5: broken anchor "../topics/ebpf.md#what-it-iz": topics/ebpf.md has no heading '
        'or element with id "what-it-iz" (hint: did you mean "../topics/ebpf.md#what-it-is"?)',
        'docs/articles/other.md:3:39: broken anchor "#her": this page has no heading or element with id "her" '
        '(hint: did you mean "#here"?)',
    ]


def test_reference_definitions_are_located_where_the_target_is_written():
    assert problems("See [the topic][t].\n\n[t]: ../topics/nope.md\n") == [
        'docs/articles/intro.md:7:6: broken link "../topics/nope.md": the knowledge base has no page topics/nope.md '
        "(hint: link to the .md file of a page that exists, relative to this file)"
    ]


def test_links_that_work_or_are_not_pages_are_fine():
    text = (
        "[a](../topics/ebpf.md) [b](../topics/ebpf.md#articles) [c](#top) [d](https://example.org/x.md) "
        "[e](../assets/kb.css) [f](../people/) `[g](nope.md)` [h](../index.md)\n"
    )
    assert problems(text) == []


def test_a_page_whose_ids_are_unknown_is_not_checked_for_anchors():
    page = MarkdownText("articles/x.md", "docs/articles/x.md", "[x](intro.md#whatever)\n", 1)
    assert broken_links([page], PAGES | {"articles/x.md"}, lambda target: None, READ) == []
