"""Markdown bodies read once as the site renders them (checks/markdown_bodies.py): their
links and ids for the graph and the link check, what the allowlist refuses, kept on
disk by content."""

from __future__ import annotations

import pytest

from calico_kb.checks import markdown_bodies
from calico_kb.checks.markdown_bodies import BodyReader, BodyReading
from conftest import ROOT


@pytest.fixture
def reader(tmp_path):
    return BodyReader(ROOT / "mkdocs.yml", tmp_path / "bodies")


def test_links_are_kept_as_written_in_order_code_is_not_a_link(reader):
    text = (
        "See [Ada](../people/ada.md), **[the topic][t]** and [Ada again](../people/ada.md#bio).\n\n"
        "| a | b |\n| --- | --- |\n| [v1](../releases/v1.md) | x |\n\n"
        "`[code](../people/code.md)` and\n\n```\n[fenced](../people/fenced.md)\n```\n\n"
        "[t]: ../topics/ebpf.md\n"
    )
    assert reader(text).hrefs == ("../people/ada.md", "../topics/ebpf.md", "../people/ada.md#bio", "../releases/v1.md")


def test_anchors_are_the_ids_mkdocs_gives_headings_attributes_and_raw_html(reader):
    text = (
        "# Title\n\n## A second heading\n\n## A second heading\n\nText\n{: #para-id }\n\n"
        '<div id="raw-id">x</div>\n\n<a name="old-name"></a>\n\n```\n## not a heading\n```\n'
    )
    assert reader(text).anchors == {"title", "a-second-heading", "a-second-heading_1", "para-id", "raw-id", "old-name"}


def test_what_the_allowlist_refuses_is_read_with_a_needle_to_locate_it(reader):
    reading = reader('Text\n\n<div id="__config">x</div>\n')
    assert [needle for needle, _, _ in reading.refused] == ["__config"]


def test_a_reading_is_kept_on_disk_by_content_and_read_back(tmp_path, monkeypatch):
    text = "# Kept\n\n[a](b.md)\n"
    first = BodyReader(ROOT / "mkdocs.yml", tmp_path)(text)
    [kept] = list(tmp_path.glob("*.json"))
    monkeypatch.setattr(markdown_bodies, "read_body", lambda *_: pytest.fail("rendered again"))
    again = BodyReader(ROOT / "mkdocs.yml", tmp_path)(text)
    assert again == first
    assert "b.md" in again.hrefs and "kept" in again.anchors
    kept.write_text("{not json", encoding="utf-8")
    monkeypatch.undo()
    assert BodyReader(ROOT / "mkdocs.yml", tmp_path)(text) == first, "a damaged file is read again from the text"


def test_a_reader_without_a_folder_keeps_readings_in_memory_only(tmp_path):
    reader = BodyReader(ROOT / "mkdocs.yml", None)
    assert reader("[a](b.md)\n") is reader("[a](b.md)\n")
    assert isinstance(reader("x"), BodyReading)
