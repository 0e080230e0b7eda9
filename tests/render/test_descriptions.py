"""Descriptions: the teaser, else the summary's first sentence, never over 200 characters."""

from __future__ import annotations

from calico_kb.load.files import Entry
from calico_kb.load.yaml_source import YamlDocument
from calico_kb.render.descriptions import MAX_CHARS, entry_description, shorten


def entry(**data) -> Entry:
    return Entry("articles", "a", "docs/articles/a.md", YamlDocument("docs/articles/a.md", data, {}, {}, {}))


def test_the_teaser_is_the_description():
    assert entry_description(entry(title="A", summary="Long. Longer.", teaser="One line.")) == "One line."


def test_without_a_teaser_the_summary_s_first_sentence():
    assert entry_description(entry(title="A", summary="First  one.\nSecond one.")) == ("First one.")


def test_a_topic_without_summary_uses_its_description():
    assert entry_description(entry(name="eBPF", description="A data plane. More.")) == "A data plane."


def test_an_entry_with_neither_has_none():
    assert entry_description(entry(name="Ada")) is None


def test_a_long_first_sentence_is_cut_at_a_word_with_an_ellipsis():
    sentence = "word " * 80 + "end."
    described = entry_description(entry(title="A", summary=sentence))
    assert len(described) <= MAX_CHARS
    assert described.endswith("word…")


def test_shorten_keeps_short_text_and_joins_lines():
    assert shorten("two\n  lines") == "two lines"
    assert shorten("abc def ghi", limit=8) == "abc def…"
