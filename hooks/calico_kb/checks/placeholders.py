"""Placeholders that `make new` writes and a contributor must replace before merging.

A scaffolded entry holds "TODO" wherever a value is needed. Many of those would pass
the schema (a title may be any text), so this check reports every value that starts
with the word TODO, and every line of an article body that does, naming the field:
`title: placeholder not filled in`. Other problems at the very same spot ("TODO" is
not a slug, not one of the allowed values, names no entry) say the same thing less
clearly, so they are dropped in favour of the placeholder's.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from ..load.files import Entry, Sources
from ..problems import Problem
from ..schema.catalog import Catalog
from ..schema.fields import SchemaNode, collection_schema, field_label, node_at

PLACEHOLDER = "TODO"
"""What `make new` writes where a value is needed."""

_PLACEHOLDER = re.compile(r"^\s*TODO\b")
_BODY_PLACEHOLDER = re.compile(r"^\s{0,3}(?:#{1,6}\s+)?TODO\b")
_FENCE = re.compile(r"^\s{0,3}(`{3,}|~{3,})")


def is_placeholder(value: object) -> bool:
    """True for a string starting with the word TODO ("TODO", "TODO: ..."; not "TODOs")."""
    return isinstance(value, str) and _PLACEHOLDER.match(value) is not None


def report_placeholders(catalog: Catalog, sources: Sources, problems: list[Problem]) -> list[Problem]:
    """`problems` plus one per unfilled placeholder, minus the others at the same spots."""
    found = [p for entry in sources.entries.values() for p in entry_placeholders(catalog, entry)]
    if not found:
        return problems
    spots = {(p.path, p.line, p.col) for p in found}
    return [p for p in problems if (p.path, p.line, p.col) not in spots] + found


def entry_placeholders(catalog: Catalog, entry: Entry) -> Iterator[Problem]:
    """A problem for each placeholder in an entry's data and, for articles, its body."""
    root: SchemaNode | None = None
    for path, value in _strings(entry.data, ()) if _holds_placeholder(entry.data) else ():
        if not is_placeholder(value):
            continue
        root = root or collection_schema(catalog, entry.collection)
        line, col = entry.document.locate(path)
        yield Problem(entry.source, line, col, f"{field_label(path)}: placeholder not filled in", _hint(root, path))
    if entry.body is not None and PLACEHOLDER in entry.body.text:
        yield from _body_placeholders(entry)


def _hint(root: SchemaNode, path: tuple) -> str:
    """What to write instead, from the field's description in the schema."""
    parent = node_at(root, path[:-1]) if path else None
    if path and isinstance(path[-1], int):
        # An item of a list: the list's description says what its items are.
        what = _what(parent)
        return f"{field_label(path[:-1])} lists {what}: write one, or remove the item"
    what = _what(node_at(root, path))
    if parent is not None and path and path[-1] in parent.required:
        return f"write {what}"
    return f"write {what}, or delete the field: it is optional"


def _what(node: SchemaNode | None) -> str:
    described = node.description.rstrip(".") if node is not None else ""
    return _lower_first(described) if described else "the value"


def _holds_placeholder(data: Any) -> bool:
    """Whether a string of `data` is a placeholder: most entries have none, and their
    values are looked at without making the path of each (`_strings`)."""
    stack = [data]
    while stack:
        value = stack.pop()
        if isinstance(value, str):
            if _PLACEHOLDER.match(value):
                return True
        elif isinstance(value, dict):
            stack.extend(value.values())
        elif isinstance(value, list):
            stack.extend(value)
    return False


def _strings(data: Any, path: tuple) -> Iterator[tuple[tuple, str]]:
    if isinstance(data, dict):
        for key, value in data.items():
            yield from _strings(value, path + (key,))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from _strings(value, path + (index,))
    elif isinstance(data, str):
        yield path, data


def _body_placeholders(entry: Entry) -> Iterator[Problem]:
    assert entry.body is not None
    fence: str | None = None
    for number, line in enumerate(entry.body.text.splitlines(), entry.body.first_line):
        opening = _FENCE.match(line)
        if fence:
            if opening and opening.group(1)[0] == fence[0] and len(opening.group(1)) >= len(fence):
                fence = None
            continue
        if opening:
            fence = opening.group(1)
            continue
        match = _BODY_PLACEHOLDER.match(line)
        if match:
            yield Problem(
                entry.source,
                number,
                match.end() - len(PLACEHOLDER) + 1,
                "body: placeholder not filled in",
                "replace this line with your own text",
            )


def _lower_first(text: str) -> str:
    # "The release's title" -> "the release's title", but keep "URL", "AKS" as they are.
    if len(text) > 1 and text[0].isupper() and not text[1].isupper():
        return text[0].lower() + text[1:]
    return text
