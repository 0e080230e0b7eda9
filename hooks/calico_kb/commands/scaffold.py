"""`make new KIND=<collection> SLUG=<slug>`: a new entry written from its schema.

The file lists every field of the collection, each under its description as a YAML
comment. Required fields hold the placeholder "TODO", which `make check` reports by
field name until it is replaced (see `placeholders`). Optional fields are written
too, but commented out: a contributor who fills in only the required fields has a
file that passes, and one who wants an optional field deletes the "# " in front of
its lines and gets placeholders of the right shape to fill. Articles (collections
whose entries are Markdown) get front matter and a body skeleton instead.
"""

from __future__ import annotations

import difflib
import json
import textwrap
from pathlib import Path
from typing import Any

from ..checks.placeholders import PLACEHOLDER
from ..load.files import SLUG, suggest_slug
from ..schema.catalog import Catalog, Collection
from ..schema.fields import SchemaNode, collection_schema

WIDTH = 88
"""Comment lines are wrapped to this width."""

ARTICLE_BODY = f"""
# {PLACEHOLDER}: the article's title, as in the front matter

{PLACEHOLDER}: the introduction. Say what the reader will learn and why it matters.

## {PLACEHOLDER}: a section heading

{PLACEHOLDER}: the section, in Markdown. Link to other pages of the site with relative
paths to their Markdown files, and to the web with full https:// addresses.
"""


class ScaffoldError(Exception):
    """A request `make new` refuses; the message says why and what to do."""


def entry_path(root: Path, collection: Collection, slug: str) -> Path:
    """Where an entry of `collection` named `slug` lives."""
    if collection.from_markdown:
        return root / "docs" / collection.name / f"{slug}.md"
    return root / "data" / collection.name / f"{slug}.yaml"


def new_entry(catalog: Catalog, root: Path, kind: str, slug: str) -> Path:
    """Write a new entry of collection `kind` and return its path; never overwrites."""
    if kind not in catalog:
        close = difflib.get_close_matches(kind, list(catalog.collections), n=1, cutoff=0.5)
        guess = f" (did you mean {close[0]!r}?)" if close else ""
        raise ScaffoldError(f"unknown kind {kind!r}{guess}; kinds: {', '.join(sorted(catalog.collections))}")
    if not SLUG.match(slug):
        raise ScaffoldError(
            f"{slug!r} is not a slug: use lower-case letters, digits and single hyphens, e.g. {suggest_slug(slug)!r}"
        )
    collection = catalog[kind]
    path = entry_path(root, collection, slug)
    shown = path.relative_to(root).as_posix()
    if path.exists():
        raise ScaffoldError(f"{shown} already exists; edit it, or choose another slug")
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        with path.open("x", encoding="utf-8") as file:
            file.write(entry_text(catalog, kind))
    except FileExistsError:  # created since the check above
        raise ScaffoldError(f"{shown} already exists; edit it, or choose another slug") from None
    return path


def entry_text(catalog: Catalog, kind: str) -> str:
    """The text of a new entry of collection `kind`."""
    collection = catalog[kind]
    root = collection_schema(catalog, kind)
    header = _comment(f"{collection.title}: {root.description}", "") + [
        f"# Replace every {PLACEHOLDER} with a value; `make check` names each one left.",
        '# Optional fields are commented out: to use one, delete the "# " in front of its',
        "# lines. Every field is explained on the site under Contribute > Data model reference.",
    ]
    body = _mapping(root, 0, inside_optional=False)
    yaml_text = "\n".join(header + [""] + body) + "\n"
    if collection.from_markdown:
        return f"---\n{yaml_text}---\n{ARTICLE_BODY}"
    return yaml_text


def _mapping(node: SchemaNode, indent: int, *, inside_optional: bool) -> list[str]:
    """The fields of an object schema, one block each, separated by blank lines."""
    required = set(node.required)
    lines: list[str] = []
    for name, child in node.properties().items():
        if lines:
            lines.append("")
        lines.extend(_field(name, child, name in required, indent, inside_optional=inside_optional))
    return lines


def _field(name: str, node: SchemaNode, required: bool, indent: int, *, inside_optional: bool) -> list[str]:
    """Comments describing one field, then the field: commented out when optional.

    Within an optional field that is commented out as a whole, sub-fields are written
    plainly, so that uncommenting the block gives a complete value to fill in.
    """
    pad = " " * indent
    status = ["Required." if required else "Optional."]
    allowed = _allowed(node)
    if allowed:
        status.append(f"One of: {allowed}.")
    items = node.items() if node.type == "array" else None
    if items is not None and items.type == "object" and items.description:
        status.append(f"Each item: {_lower_first(items.description)}")
    comments = _comment(node.description, pad) + _comment(" ".join(status), pad)
    example = _example(node)
    if example:  # never wrapped: a value is easier to copy from one line
        joined = f"{comments[-1]} Example: {example}"
        if len(joined) <= WIDTH:
            comments[-1] = joined
        else:
            comments.append(f"{pad}# Example: {example}")
    comment_out = not required and not inside_optional
    code = _value(name, node, indent, inside_optional=inside_optional or comment_out)
    if comment_out:
        code = [pad + ("# " + line[indent:] if line.strip() else "#") for line in code]
    return comments + code


def _value(name: str, node: SchemaNode, indent: int, *, inside_optional: bool) -> list[str]:
    pad = " " * indent
    if node.type == "object" and node.properties():
        return [f"{pad}{name}:"] + _mapping(node, indent + 2, inside_optional=inside_optional)
    if node.type == "array":
        items = node.items()
        if items is not None and items.type == "object" and items.properties():
            item = _mapping(items, indent + 4, inside_optional=inside_optional)
            return [f"{pad}{name}:", f"{pad}  - # one item; to add another, repeat from this dash"] + item
        return [f"{pad}{name}: [{_placeholder()}]"]
    return [f"{pad}{name}: {_placeholder()}"]


def _placeholder() -> str:
    return json.dumps(PLACEHOLDER)


def _allowed(node: SchemaNode) -> str:
    """The allowed values of an enum, or of a list's items."""
    enum = node.schema.get("enum")
    if enum is None and node.type == "array" and node.items() is not None:
        enum = node.items().schema.get("enum")  # type: ignore[union-attr]
    return ", ".join(_json(value) for value in enum) if isinstance(enum, list) else ""


def _example(node: SchemaNode) -> str:
    """The first example of a scalar or a list of scalars; mappings show their own fields."""
    if not node.examples or node.type == "object":
        return ""
    example = node.examples[0]
    if isinstance(example, list) and any(isinstance(item, dict) for item in example):
        return ""
    return _json(example)


def _json(value: Any) -> str:
    # JSON scalars and lists are valid YAML, quoted where YAML needs it.
    return json.dumps(value, ensure_ascii=False)


def _comment(text: str, pad: str) -> list[str]:
    if not text:
        return []
    width = max(WIDTH - len(pad) - 2, 40)
    return [f"{pad}# {line}" for line in textwrap.wrap(text, width, break_long_words=False, break_on_hyphens=False)]


def _lower_first(text: str) -> str:
    # "One notable change" -> "one notable change", but "AKS clusters" stays.
    if len(text) > 1 and text[0].isupper() and not text[1].isupper():
        return text[0].lower() + text[1:]
    return text
