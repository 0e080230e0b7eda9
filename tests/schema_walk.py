"""Reading the JSON Schemas in tests, independently of `calico_kb.schema.fields`.

The scaffold, the reference page and the placeholder hints are made by
`calico_kb.schema.fields`; tests that compare them with the schemas read the schemas
with this separate, deliberately plain code, so that a mistake in one is not
repeated in the other.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from conftest import ROOT

SCHEMAS = ROOT / "schemas"
SHARED = {"common.schema.json", "page.schema.json"}


def documents(schemas_dir: Path = SCHEMAS) -> dict[str, dict[str, Any]]:
    """Every schema file by file name."""
    return {p.name: json.loads(p.read_text(encoding="utf-8")) for p in sorted(schemas_dir.glob("*.schema.json"))}


def collections(schemas_dir: Path = SCHEMAS) -> dict[str, dict[str, Any]]:
    """Every collection schema by collection name."""
    return {
        name.removesuffix(".schema.json"): doc for name, doc in documents(schemas_dir).items() if name not in SHARED
    }


def pointer(document: dict[str, Any], path: str) -> Any:
    node: Any = document
    for part in filter(None, path.split("/")):
        node = node[part.replace("~1", "/").replace("~0", "~")]
    return node


def deref(schema: dict[str, Any], doc: str, docs: dict[str, dict[str, Any]]) -> tuple[dict[str, Any], str]:
    """The schema with its $ref chain merged in (own keywords win), and the document
    that relative $refs inside the merged result belong to."""
    if "$ref" not in schema:
        return schema, doc
    file_part, _, fragment = schema["$ref"].partition("#")
    target_doc = file_part or doc
    target, inner_doc = deref(pointer(docs[target_doc], fragment), target_doc, docs)
    merged = {**target, **{k: v for k, v in schema.items() if k != "$ref"}}
    return merged, inner_doc


def expected_fields(
    schema: dict[str, Any], doc: str, docs: dict[str, dict[str, Any]], prefix: str = ""
) -> Iterator[tuple[str, bool, dict[str, Any]]]:
    """(name as "notes[].title", required, merged schema) for every field, depth first."""
    schema, doc = deref(schema, doc, docs)
    required = set(schema.get("required", []))
    for name, sub in schema.get("properties", {}).items():
        merged, sub_doc = deref(sub, doc, docs)
        label = f"{prefix}.{name}" if prefix else name
        yield label, name in required, merged
        if merged.get("type") == "object":
            yield from expected_fields(merged, sub_doc, docs, label)
        elif merged.get("type") == "array" and isinstance(merged.get("items"), dict):
            items, items_doc = deref(merged["items"], sub_doc, docs)
            if items.get("type") == "object":
                yield from expected_fields(items, items_doc, docs, f"{label}[]")


def schema_at(schema: dict[str, Any], doc: str, docs: dict[str, dict[str, Any]], path: tuple) -> dict[str, Any]:
    """The merged schema of the value at a data path (str keys, int list indexes)."""
    schema, doc = deref(schema, doc, docs)
    for part in path:
        key = schema["items"] if isinstance(part, int) else schema["properties"][part]
        schema, doc = deref(key, doc, docs)
    return schema
