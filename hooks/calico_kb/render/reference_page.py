"""The contributor reference page: every field of every collection, from the schemas.

A hand-written list of fields would drift from the schemas that validation uses, so
the page is generated from them on every build: one section per collection (and one
for the front matter of other pages) with a table of its fields, their types,
whether they are required, their allowed values and an example, then a complete
example entry. Every value from a schema is escaped for Markdown; code spans and
code blocks are used only where their content cannot end them early.
"""

from __future__ import annotations

import json
import re
from typing import Any

import yaml
from markupsafe import Markup

from ..load.files import SLUG
from ..schema.catalog import Catalog
from ..schema.fields import PAGE_SCHEMA, Field, SchemaNode, collection_schema, fields
from .markdown_text import escape

_BACKTICKS = re.compile(r"`+")

INTRO = """\
---
description: Every field of every kind of entry, generated from the JSON Schemas that check them.
---

# Data model reference

This page is generated from the JSON Schemas in `schemas/` on every build, so it always
says what `make check` accepts. Each section lists the fields of one kind of entry:
**required** fields must be present; **optional** fields may be left out. Start a new
entry with `make new KIND=<kind> SLUG=<slug>`: it writes every field below with its
description.

Examples come from real entries where one fits. The person `jane-doe`, addresses on
example.org and any example marked "an invented example" are made up for this page
and say nothing about anyone.

Write text as plain text: `<` and `>` are refused, and the site escapes Markdown
characters for you. Quote dates and version numbers (`date: "2022-05"`,
`version: "3.23"`), or YAML reads them as numbers.
"""


def reference_markdown(catalog: Catalog) -> str:
    parts = [INTRO, _contents(catalog)]
    for name, collection in catalog.collections.items():
        root = collection_schema(catalog, name)
        if collection.from_markdown:
            where = (
                _code(f"docs/{name}/<slug>.md")
                + Markup(" (front matter between two ")
                + _code("---")
                + Markup(" lines)")
            )
        else:
            where = _code(f"data/{name}/<slug>.yaml")
        parts.append(
            _section(
                catalog,
                collection.plural,
                name,
                root,
                [
                    Markup("Files: ") + where,
                    Markup("New entry: ") + _code(f"make new KIND={name} SLUG=<slug>"),
                    Markup("Schema: ") + _code(f"schemas/{name}.schema.json"),
                ],
                markdown=collection.from_markdown,
            )
        )
    if PAGE_SCHEMA in catalog.registry:
        root = collection_schema(catalog, PAGE_SCHEMA)
        parts.append(
            _section(
                catalog,
                "Front matter of other pages",
                "pages",
                root,
                [
                    Markup("Files: the front matter of any other page under ") + _code("docs/"),
                    Markup("Schema: ") + _code(f"schemas/{PAGE_SCHEMA}"),
                ],
                markdown=True,
            )
        )
    return "\n".join(parts)


def _contents(catalog: Catalog) -> str:
    lines = [f"- [{escape(c.plural)}](#{name})" for name, c in catalog.collections.items() if SLUG.match(name)]
    if PAGE_SCHEMA in catalog.registry:
        lines.append("- [Front matter of other pages](#pages)")
    return "\n".join(lines) + "\n"


def _section(
    catalog: Catalog, heading: str, anchor: str, root: SchemaNode, facts: list[Markup], *, markdown: bool
) -> str:
    attributes = f" {{ #{anchor} }}" if SLUG.match(anchor) else ""
    lines = [f"## {escape(heading)}{attributes}", ""]
    if root.description:
        lines += [str(escape(root.description)), ""]
    lines += [" · ".join(facts), ""]
    lines += ["| Field | Required | Type | Description | Example |", "| --- | --- | --- | --- | --- |"]
    for field in fields(root):
        lines.append("| " + " | ".join(str(cell) for cell in _row(catalog, field)) + " |")
    lines.append("")
    if root.examples:
        lines += ["An example:", "", _yaml_block(root.examples[0], markdown), ""]
    return "\n".join(lines)


def _row(catalog: Catalog, field: Field) -> list[Markup]:
    node = field.node
    description = escape(node.description) if node.description else Markup("")
    return [
        _code(field.name),
        Markup("required" if field.required else "optional"),
        type_label(catalog, node),
        description,
        _example(node),
    ]


def type_label(catalog: Catalog, node: SchemaNode) -> Markup:
    """What kind of value a field takes, in a contributor's words, escaped."""
    for label in (_list_label, _reference_label, _enum_label, _named_label, _scalar_label):
        found = label(catalog, node)
        if found is not None:
            return found
    return escape(node.type or "any value")


def _list_label(catalog: Catalog, node: SchemaNode) -> Markup | None:
    if node.type == "object":
        return Markup("mapping (fields below)")
    if node.type != "array":
        return None
    items = node.items()
    label = Markup("list")
    if items is not None:
        label = (
            Markup("list of mappings (fields below)")
            if items.type == "object"
            else Markup("list, each: ") + type_label(catalog, items)
        )
    extras = [f"at least {node.schema['minItems']}"] if node.schema.get("minItems") else []
    extras += ["no repeats"] if node.schema.get("uniqueItems") else []
    return label + (escape(f"; {', '.join(extras)}") if extras else Markup(""))


def _reference_label(catalog: Catalog, node: SchemaNode) -> Markup | None:
    references = node.schema.get("x-kb-references")
    if references == "*":
        return Markup("reference: ") + _code("collection/slug")
    if not isinstance(references, str):
        return None
    target = catalog.collections.get(references)
    noun = target.title.lower() if target else references
    article = "an" if noun[:1] in "aeiou" else "a"
    home = f"{'docs' if target and target.from_markdown else 'data'}/{references}/"
    return escape(f"slug of {article} {noun} ({home})")


def _enum_label(catalog: Catalog, node: SchemaNode) -> Markup | None:
    if "enum" not in node.schema:
        return None
    return Markup("one of: ") + Markup(", ").join(_code(_json(value)) for value in node.schema["enum"])


def _named_label(catalog: Catalog, node: SchemaNode) -> Markup | None:
    # Shared types name themselves in common.schema.json (x-kb-label).
    label = node.schema.get("x-kb-label")
    return escape(label) if isinstance(label, str) else None


def _scalar_label(catalog: Catalog, node: SchemaNode) -> Markup | None:
    schema, kind = node.schema, node.type
    if kind == "integer":
        return escape("whole number" + _range(schema))
    if kind == "number":
        return escape("number" + _range(schema))
    if kind == "boolean":
        return Markup("true or false")
    if kind == "string" and "pattern" in schema:
        return Markup("text matching ") + _code(schema["pattern"])
    return None


def _range(schema: dict[str, Any]) -> str:
    low, high = schema.get("minimum"), schema.get("maximum")
    if low is not None and high is not None:
        return f" from {low} to {high}"
    if low is not None:
        return f", at least {low}"
    if high is not None:
        return f", at most {high}"
    return ""


def _example(node: SchemaNode) -> Markup:
    """The first example of a scalar or a list of scalars; mappings show their fields."""
    if not node.examples or node.type == "object":
        return Markup("")
    example = node.examples[0]
    if isinstance(example, list) and any(isinstance(item, dict) for item in example):
        return Markup("")
    return _code(_json(example))


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)


def _code(text: str) -> Markup:
    """A code span, or escaped text when the span could not hold `text` safely.

    A backtick would end the span, a '|' would split a table cell and a newline would
    end the row; text with none of them is shown verbatim, since Markdown escapes '<',
    '>' and '&' inside code spans itself.
    """
    if "`" in text or "|" in text or "\n" in text or text != text.strip() or not text:
        return escape(text)
    return Markup(f"`{text}`")


def _yaml_block(example: Any, markdown: bool) -> str:
    """A fenced YAML block whose fence no line of the content can close."""
    text = yaml.safe_dump(example, sort_keys=False, allow_unicode=True, default_flow_style=False, width=88)
    if markdown:
        text = f"---\n{text}---\n"
    longest = max((len(run) for run in _BACKTICKS.findall(text)), default=0)
    fence = "`" * max(3, longest + 1)
    return f"{fence}yaml\n{text}{fence}"
