"""The contributor reference page (/contribute/reference/) says what the schemas say:
every collection, every field, required or optional, allowed values; and it shows
text from the schemas as text."""

from __future__ import annotations

import json
from html.parser import HTMLParser
from pathlib import Path

import markdown
import pytest

from calico_kb.render.reference_page import reference_markdown
from calico_kb.schema.catalog import load_catalog
from schema_walk import SCHEMAS, collections, documents, expected_fields

DOCS = documents()


class Sections(HTMLParser):
    """The rows of the table under each <h2 id=...> of a page, as lists of cell texts."""

    def __init__(self) -> None:
        super().__init__()
        self.rows: dict[str, list[list[str]]] = {}
        self.section: str | None = None
        self.row: list[str] | None = None
        self.cell: list[str] | None = None

    def handle_starttag(self, tag, attrs):
        if tag == "h2":
            self.section = dict(attrs).get("id")
            self.rows.setdefault(self.section, [])
        elif tag == "tr":
            self.row = []
        elif tag == "td" and self.row is not None:
            self.cell = []

    def handle_endtag(self, tag):
        if tag == "td" and self.cell is not None and self.row is not None:
            self.row.append("".join(self.cell).strip())
            self.cell = None
        elif tag == "tr" and self.row:
            self.rows[self.section].append(self.row)
            self.row = None

    def handle_data(self, data):
        if self.cell is not None:
            self.cell.append(data)


@pytest.fixture(scope="module")
def sections(built_site: Path) -> dict[str, list[list[str]]]:
    page = built_site / "contribute" / "reference" / "index.html"
    assert page.is_file(), "the reference page is not in the built site"
    parser = Sections()
    parser.feed(page.read_text(encoding="utf-8"))
    return parser.rows


@pytest.mark.parametrize("name", sorted(collections()) + ["pages"])
def test_every_field_of_every_schema_is_listed_with_required_or_optional(sections, name):
    schema_file = "page.schema.json" if name == "pages" else f"{name}.schema.json"
    expected = [
        (label, "required" if required else "optional")
        for label, required, _ in expected_fields(DOCS[schema_file], schema_file, DOCS)
    ]
    assert name in sections, f"no section with id {name!r}"
    shown = [(row[0], row[1]) for row in sections[name]]
    assert shown == expected


@pytest.mark.parametrize("name", sorted(collections()))
def test_allowed_values_are_listed(sections, name):
    schema_file = f"{name}.schema.json"
    rows = {row[0]: row for row in sections[name]}
    for label, _, merged in expected_fields(DOCS[schema_file], schema_file, DOCS):
        for value in merged.get("enum", []):
            assert json.dumps(value) in rows[label][2], f"{name}: {label} does not list {value!r}"


def test_the_page_is_in_the_navigation(built_site):
    contribute = (built_site / "contribute" / "index.html").read_text(encoding="utf-8")
    assert 'href="reference/"' in contribute


def test_text_from_a_schema_reaches_the_page_as_text(tmp_path):
    schemas = tmp_path / "schemas"
    schemas.mkdir()
    for path in SCHEMAS.glob("*.schema.json"):
        (schemas / path.name).write_text(path.read_text(encoding="utf-8"), encoding="utf-8")
    people = json.loads((schemas / "people.schema.json").read_text(encoding="utf-8"))
    people["properties"]["name"]["description"] = "Use *stars*, <script>alert(1)</script> | and [links](x)."
    people["properties"]["name"]["examples"] = ["a|b `tick` <b>"]
    (schemas / "people.schema.json").write_text(json.dumps(people), encoding="utf-8")

    html = markdown.markdown(reference_markdown(load_catalog(schemas)), extensions=["tables", "attr_list", "toc"])
    parser = Sections()
    parser.feed(html)
    row = next(r for r in parser.rows["people"] if r[0] == "name")
    assert len(row) == 5
    assert row[3] == "Use *stars*, <script>alert(1)</script> | and [links](x)."
    assert row[4] == '"a|b `tick` <b>"'
    assert "<script>" not in html and "<b>" not in html
