"""A collection's JSON Schema read field by field, with every $ref followed.

Scaffolding (`make new`), the contributor reference page and the placeholder check
all need the same view of a schema: each field with its description, example, type
and whether it is required, whether the schema writes it inline or through a `$ref`
to `common.schema.json`. This module gives that view once, so the three never
disagree about what a field is.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from typing import Any

import referencing

from .catalog import Catalog

PAGE_SCHEMA = "page.schema.json"


@dataclasses.dataclass(frozen=True)
class SchemaNode:
    """One schema with its `$ref` chain merged in; its own keywords win over the target's.

    JSON Schema applies a `$ref` and its sibling keywords together; for describing a
    field, merging them is what a reader expects: a field's own description replaces
    the shared type's, and `minItems` next to a `$ref` adds to it.
    """

    schema: dict[str, Any]
    """The merged keywords."""
    ref_name: str | None
    """The name of the shared definition the field refers to, e.g. "partialDate"."""
    _resolvers: dict[str, referencing.Resolver] = dataclasses.field(repr=False, compare=False)
    """For each keyword, the resolver of the document it came from (for nested $ref)."""

    @property
    def description(self) -> str:
        return str(self.schema.get("description", "")).strip()

    @property
    def examples(self) -> list[Any]:
        examples = self.schema.get("examples")
        return examples if isinstance(examples, list) else []

    @property
    def type(self) -> str | None:
        kind = self.schema.get("type")
        if kind is None and "properties" in self.schema:
            return "object"
        return kind if isinstance(kind, str) else None

    @property
    def required(self) -> list[str]:
        return list(self.schema.get("required", []))

    def properties(self) -> dict[str, SchemaNode]:
        """The fields of an object schema, in the schema's order."""
        resolver = self._resolvers.get("properties")
        return {name: resolve(sub, resolver) for name, sub in self.schema.get("properties", {}).items()}

    def items(self) -> SchemaNode | None:
        """The schema of a list's items, or None."""
        items = self.schema.get("items")
        return resolve(items, self._resolvers["items"]) if isinstance(items, dict) else None

    def child(self, key: str | int) -> SchemaNode | None:
        """The schema of `data[key]` for data this schema describes."""
        if isinstance(key, int):
            return self.items()
        return self.properties().get(key)


def resolve(schema: dict[str, Any], resolver: referencing.Resolver) -> SchemaNode:
    """`schema` with its `$ref` chain merged in."""
    merged: dict[str, Any] = {}
    resolvers: dict[str, referencing.Resolver] = {}
    ref_name = None
    if isinstance(schema.get("$ref"), str):
        target = resolver.lookup(schema["$ref"])
        inner = resolve(target.contents, target.resolver)
        merged.update(inner.schema)
        resolvers.update(inner._resolvers)
        ref_name = schema["$ref"].rsplit("/", 1)[-1]
    for key, value in schema.items():
        if key != "$ref":
            merged[key] = value
            resolvers[key] = resolver
    return SchemaNode(merged, ref_name, resolvers)


def collection_schema(catalog: Catalog, name: str) -> SchemaNode:
    """The root schema of a collection, or of page front matter for PAGE_SCHEMA."""
    file_name = name if name == PAGE_SCHEMA else f"{name}.schema.json"
    contents = catalog.registry.contents(file_name)
    return resolve(contents, catalog.registry.resolver(file_name))


@dataclasses.dataclass(frozen=True)
class Field:
    """One field of a collection, possibly nested in a mapping or a list item."""

    path: tuple[str, ...]
    """Keys from the top, "*" for the items of a list, e.g. ("notes", "*", "title")."""
    node: SchemaNode
    required: bool
    """Whether the mapping that holds it must have it."""

    @property
    def name(self) -> str:
        """How contributors write its place: "notes[].title"."""
        return field_label(self.path)


def fields(node: SchemaNode, prefix: tuple[str, ...] = ()) -> Iterator[Field]:
    """Every field, depth first in schema order, including the fields of list items."""
    required = set(node.required)
    for name, child in node.properties().items():
        path = prefix + (name,)
        yield Field(path, child, name in required)
        if child.type == "object":
            yield from fields(child, path)
        elif child.type == "array":
            items = child.items()
            if items is not None and items.type == "object":
                yield from fields(items, path + ("*",))


def field_label(path: tuple[str | int, ...]) -> str:
    """("notes", "*", "title") -> "notes[].title"; ("a", 0, "b") -> "a[0].b"."""
    text = ""
    for part in path:
        if part == "*":
            text += "[]"
        elif isinstance(part, int):
            text += f"[{part}]"
        else:
            text += ("." if text else "") + part
    return text or "the entry"


def node_at(root: SchemaNode, path: tuple[str | int, ...]) -> SchemaNode | None:
    """The schema of the value at `path` of data described by `root`, or None."""
    node: SchemaNode | None = root
    for part in path:
        if node is None:
            return None
        node = node.child(part)
    return node


def choice_labels(node: SchemaNode | None) -> dict[str, str]:
    """How the site names each value of an enum: the first of its `x-kb-aliases`, else
    the value itself."""
    if node is None:
        return {}
    aliases = node.schema.get("x-kb-aliases", {})
    return {value: (aliases.get(value) or [value])[0] for value in node.schema.get("enum", [])}


def field_node(catalog: Catalog, collection: str, field: str) -> SchemaNode | None:
    """The schema of a dotted field of a collection, "*" for list items: "notes.*.kind"."""
    path = tuple(0 if part == "*" else part for part in field.split("."))
    return node_at(collection_schema(catalog, collection), path)
