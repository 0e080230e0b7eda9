"""The JSON Schemas themselves: complete enough to drive the editor, the scaffold and the
reference page, strict enough to catch typos, and usable from files by editors."""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from typing import Any

import jsonschema
import pytest

from calico_kb.schema.catalog import format_checker, load_catalog
from conftest import ROOT
from schema_walk import SCHEMAS, SHARED, collections, deref, documents

DOCS = documents()


def nodes(schema: Any, doc: str, path: str = "") -> Iterator[tuple[str, str, dict[str, Any]]]:
    """(document, JSON pointer, schema) for every subschema written in a document."""
    if not isinstance(schema, dict):
        return
    yield doc, path, schema
    for keyword in ("properties", "$defs"):
        for name, sub in schema.get(keyword, {}).items():
            yield from nodes(sub, doc, f"{path}/{keyword}/{name}")
    for keyword in ("items", "additionalProperties", "not"):
        yield from nodes(schema.get(keyword), doc, f"{path}/{keyword}")
    for keyword in ("allOf", "anyOf", "oneOf", "prefixItems"):
        for index, sub in enumerate(schema.get(keyword, [])):
            yield from nodes(sub, doc, f"{path}/{keyword}/{index}")


def fields() -> Iterator[tuple[str, str, dict[str, Any]]]:
    """(document, pointer, schema as written) of every field: every member of "properties"."""
    for doc, path, schema in (n for name, d in DOCS.items() for n in nodes(d, name)):
        if path.rsplit("/", 2)[-2:-1] == ["properties"]:
            yield doc, path, schema


FIELDS = list(fields())


def test_there_are_collections_and_fields():
    assert len(collections()) >= 5
    assert len(FIELDS) > 50


@pytest.mark.parametrize(("doc", "path"), [(d, p) for d, p, _ in FIELDS])
def test_every_field_has_a_description_and_an_example(doc, path):
    merged, _ = deref(_field(doc, path), doc, DOCS)
    assert str(merged.get("description", "")).strip(), f"{doc}#{path} has no description"
    assert isinstance(merged.get("examples"), list) and merged["examples"], f"{doc}#{path} has no example"


@pytest.mark.parametrize(("doc", "path"), [(d, p) for d, p, _ in FIELDS])
def test_every_example_is_valid_for_its_field(doc, path):
    merged, _ = deref(_field(doc, path), doc, DOCS)
    catalog = load_catalog(SCHEMAS)
    validator = jsonschema.Draft202012Validator(
        {"$ref": f"{doc}#{path}"}, registry=catalog.registry, format_checker=format_checker
    )
    for example in merged.get("examples", []):
        errors = [e.message for e in validator.iter_errors(example)]
        assert errors == [], f"{doc}#{path}: example {example!r} is invalid: {errors}"


@pytest.mark.parametrize("name", sorted(DOCS))
def test_every_object_refuses_unknown_fields(name):
    for doc, path, schema in nodes(DOCS[name], name):
        if schema.get("type") == "object" or "properties" in schema:
            assert schema.get("additionalProperties") is False, f"{doc}#{path or '/'} allows unknown fields"


@pytest.mark.parametrize("name", sorted(n for n in DOCS if n not in SHARED))
def test_the_example_entry_of_each_collection_is_valid(name):
    catalog = load_catalog(SCHEMAS)
    collection = catalog[name.removesuffix(".schema.json")]
    assert DOCS[name].get("examples"), f"{name} has no example entry"
    for example in DOCS[name]["examples"]:
        assert [e.message for e in collection.validator.iter_errors(example)] == []


@pytest.mark.parametrize("name", sorted(DOCS))
def test_refs_resolve_from_the_files_themselves(name):
    """Editors load a schema from its file and resolve a relative $ref against the
    file's own location; the $id must agree, so that both ways find the same file."""
    assert DOCS[name]["$id"] == name
    assert DOCS[name]["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    for _, _, schema in nodes(DOCS[name], name):
        ref = schema.get("$ref")
        if ref is None or ref.startswith("#"):
            continue
        file_part = ref.partition("#")[0]
        assert "/" not in file_part and (SCHEMAS / file_part).is_file(), f"{name}: $ref {ref!r} names no file beside it"


def test_editor_settings_map_every_data_collection_to_its_schema():
    settings = json.loads((ROOT / ".vscode" / "settings.json").read_text(encoding="utf-8"))
    mapping = settings["yaml.schemas"]
    expected = {
        f"./schemas/{name}.schema.json": [f"data/{name}/*.yaml"]
        for name, doc in collections().items()
        if doc.get("x-kb-source") != "markdown"
    }
    assert mapping == expected, "run `make editor-settings` to write the mapping from the schemas"
    for schema_path in mapping:
        assert (ROOT / schema_path).is_file()


def test_the_editor_settings_writer_keeps_other_settings_and_adds_new_collections(tmp_path):
    from calico_kb.commands.editor_settings import write_settings
    from calico_kb.schema.catalog import load_catalog

    shutil.copytree(SCHEMAS, tmp_path / "schemas")
    (tmp_path / "schemas" / "podcasts.schema.json").write_text(
        json.dumps(
            {
                "$schema": "https://json-schema.org/draft/2020-12/schema",
                "$id": "podcasts.schema.json",
                "title": "Podcast",
                "type": "object",
                "properties": {"title": {"type": "string"}},
            }
        ),
        encoding="utf-8",
    )
    (tmp_path / ".vscode").mkdir()
    (tmp_path / ".vscode" / "settings.json").write_text('{"editor.rulers": [100]}', encoding="utf-8")
    catalog = load_catalog(tmp_path / "schemas")
    assert write_settings(catalog, tmp_path) is True
    settings = json.loads((tmp_path / ".vscode" / "settings.json").read_text(encoding="utf-8"))
    assert settings["editor.rulers"] == [100]
    assert settings["yaml.schemas"]["./schemas/podcasts.schema.json"] == ["data/podcasts/*.yaml"]
    assert "./schemas/articles.schema.json" not in settings["yaml.schemas"]  # front matter, not YAML files
    assert write_settings(catalog, tmp_path) is False


def _field(doc: str, path: str) -> dict[str, Any]:
    node: Any = DOCS[doc]
    for part in filter(None, path.split("/")):
        node = node[part]
    return node


def test_field_listing_reads_nested_fields():
    # Guards the walker above: nested item fields and shared definitions are included.
    paths = {(d, p) for d, p, _ in FIELDS}
    assert ("releases.schema.json", "/properties/notes/items/properties/title") in paths
    assert ("common.schema.json", "/$defs/link/properties/url") in paths
    assert ("articles.schema.json", "/properties/summary") in paths
