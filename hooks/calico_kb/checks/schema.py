"""Validation: check loaded entries against their schemas and each other.

jsonschema finds what is wrong; this module says it the way a contributor needs to
hear it: at the line and column of the bad value, quoting it, with a hint (quote a
version that YAML read as a number, the closest existing slug, the allowed values).
"""

from __future__ import annotations

import difflib
from collections.abc import Collection, Iterator
from typing import Any

import jsonschema

from ..load.files import Entry, Sources
from ..load.yaml_source import YamlDocument, describe_scalar
from ..problems import Problem, quote
from ..schema.catalog import ANY_COLLECTION, Catalog, iter_references
from ..schema.patterns import repeated


def validate_sources(catalog: Catalog, sources: Sources) -> list[Problem]:
    """Every schema and reference problem of every entry and page."""
    problems: list[Problem] = []
    for entry in sources.entries.values():
        problems.extend(schema_problems(catalog[entry.collection].validator, entry.document))
    for page in sources.pages.values():
        if page.document is not None:
            problems.extend(schema_problems(catalog.page_validator, page.document))
    references = list(reference_problems(catalog, sources.entries, sources.failed))
    # One value, one message: a reference that is not a slug ("Tigera") is also unknown,
    # and the reference's message names the entry meant.
    named = {(p.path, p.line, p.col) for p in references}
    return [p for p in problems if (p.path, p.line, p.col) not in named] + references


def schema_problems(validator: jsonschema.protocols.Validator, document: YamlDocument) -> Iterator[Problem]:
    """Schema errors of one document, as located, explained problems."""
    for error in validator.iter_errors(document.value):
        explain = _EXPLAIN.get(error.validator, _other)
        for message, hint, at, key in explain(error, document):
            line, col = document.locate(at, key=key)
            yield Problem(document.path, line, col, message, hint)


Explanation = tuple[str, "str | None", tuple, bool]
"""(message, hint, path of the value to point at, whether to point at its key)."""


def _required(error: jsonschema.ValidationError, document: YamlDocument) -> Iterator[Explanation]:
    path, schema = tuple(error.absolute_path), _schema(error)
    for name in error.validator_value:
        if isinstance(error.instance, dict) and name not in error.instance:
            description = schema.get("properties", {}).get(name, {}).get("description")
            where = f" in {_field_name(path)}" if path else ""
            yield f"missing required field {name!r}{where}", description, path, False


def _additional(error: jsonschema.ValidationError, document: YamlDocument) -> Iterator[Explanation]:
    path, allowed = tuple(error.absolute_path), sorted(_schema(error).get("properties", {}))
    for name in error.instance:
        if name not in allowed:
            close = difflib.get_close_matches(name, allowed, n=1)
            hint = f"did you mean {close[0]!r}?" if close else f"allowed fields: {', '.join(allowed)}"
            yield f"unknown field {name!r}", hint, path + (name,), True


def _type(error: jsonschema.ValidationError, document: YamlDocument) -> Iterator[Explanation]:
    path, value, expected = tuple(error.absolute_path), error.instance, error.validator_value
    field = _field_name(path)
    raw = document.plain_scalars.get(path)
    if expected == "string" and raw is not None:
        key = path[-1] if path and isinstance(path[-1], str) else None
        hint = f'quote it: {key}: "{raw}"' if key else f'quote it: "{raw}"'
        yield (
            f"{field}: YAML reads the unquoted {raw} as {describe_scalar(value)}, but a string is expected",
            hint,
            path,
            False,
        )
        return
    got = describe_scalar(value) if not isinstance(value, (dict, list)) else _kind(value)
    yield f"{field}: expected {_article(expected)}, got {got}", _shape_hint(path, value, expected), path, False


def _shape_hint(path: tuple, value: Any, expected: Any) -> str | None:
    """What to write instead, with the contributor's own value in the expected shape:
    `organizations: tigera` -> `organizations: [tigera]`; a list where one value goes
    -> its first item alone."""
    key = path[-1] if path and isinstance(path[-1], str) else None
    if key is None:
        return None
    if expected == "array" and isinstance(value, (str, int, float)) and not isinstance(value, bool):
        return f"write {key}: [{value}]"
    if expected == "string" and isinstance(value, list) and value and all(isinstance(v, str) for v in value):
        one = key.replace("_", " ")
        return f"name one {one}: write {key}: {value[0]}" if len(value) > 1 else f"write {key}: {value[0]}"
    return None


def _enum(error: jsonschema.ValidationError, document: YamlDocument) -> Iterator[Explanation]:
    path, value = tuple(error.absolute_path), error.instance
    options = [str(o) for o in error.validator_value]
    close = difflib.get_close_matches(str(value), options, n=1, cutoff=0.5)
    hint = f"did you mean {close[0]!r}?" if close else None
    yield f"{_field_name(path)}: {quote(value)} is not one of: {', '.join(options)}", hint, path, False


def _pattern(error: jsonschema.ValidationError, document: YamlDocument) -> Iterator[Explanation]:
    # The schema of the failing pattern says how to explain it (x-kb-mismatch, x-kb-hint).
    path, schema = tuple(error.absolute_path), _schema(error)
    message = schema.get("x-kb-mismatch", "does not have the expected form")
    yield f"{_field_name(path)}: {quote(error.instance)} {message}", schema.get("x-kb-hint"), path, False


def _format(error: jsonschema.ValidationError, document: YamlDocument) -> Iterator[Explanation]:
    path = tuple(error.absolute_path)
    yield (
        f"{_field_name(path)}: {quote(error.instance)} is not a real calendar date",
        "write YYYY, YYYY-MM or YYYY-MM-DD with a month and day that exist",
        path,
        False,
    )


def _empty(error: jsonschema.ValidationError, document: YamlDocument) -> Iterator[Explanation]:
    path = tuple(error.absolute_path)
    yield f"{_field_name(path)}: must not be empty", None, path, False


def _too_long(error: jsonschema.ValidationError, document: YamlDocument) -> Iterator[Explanation]:
    path, limit = tuple(error.absolute_path), error.validator_value
    yield (
        f"{_field_name(path)}: {len(error.instance)} characters, more than the {limit} allowed",
        f"shorten it to at most {limit} characters: previews and lists cut longer text",
        path,
        False,
    )


def _unique(error: jsonschema.ValidationError, document: YamlDocument) -> Iterator[Explanation]:
    path = tuple(error.absolute_path)
    yield (
        f"{_field_name(path)}: lists {', '.join(quote(r) for r in repeated(error.instance)[:5])} more than once",
        "remove the repetition",
        path,
        False,
    )


def _bound(error: jsonschema.ValidationError, document: YamlDocument) -> Iterator[Explanation]:
    path = tuple(error.absolute_path)
    yield (
        f"{_field_name(path)}: {error.instance!r} is out of range ({error.validator} {error.validator_value})",
        None,
        path,
        False,
    )


def _other(error: jsonschema.ValidationError, document: YamlDocument) -> Iterator[Explanation]:
    path = tuple(error.absolute_path)
    yield f"{_field_name(path)}: {error.message}", None, path, False


_EXPLAIN = {
    "required": _required,
    "additionalProperties": _additional,
    "type": _type,
    "enum": _enum,
    "pattern": _pattern,
    "format": _format,
    "minItems": _empty,
    "minLength": _empty,
    "maxLength": _too_long,
    "uniqueItems": _unique,
    "minimum": _bound,
    "maximum": _bound,
}
"""How each JSON Schema keyword's failure is put to a contributor (check-peps style)."""


def _schema(error: jsonschema.ValidationError) -> dict[str, Any]:
    return error.schema if isinstance(error.schema, dict) else {}


def reference_problems(catalog: Catalog, entries: dict[str, Entry], failed: Collection[str] = ()) -> Iterator[Problem]:
    """Every reference that names no existing entry, with the closest names.

    An entry in `failed` (its file exists but did not load) exists: its file's own
    problem is the one to fix, so references to it are not reported a second time.
    """
    slugs: dict[str, set[str]] = {name: set() for name in catalog.collections}
    for key in list(entries) + list(failed):
        collection, _, slug = key.partition("/")
        slugs[collection].add(slug)
    for entry in entries.values():
        for path, target, value in iter_references(catalog, entry.collection, entry.data):
            if not isinstance(value, str):
                continue  # the schema check reports it
            if target == ANY_COLLECTION:
                collection, _, slug = value.partition("/")
                if collection not in catalog:
                    line, col = entry.document.locate(path)
                    yield Problem(
                        entry.source,
                        line,
                        col,
                        f"{_field_name(path)}: {quote(value)} names no collection",
                        f"collections: {', '.join(sorted(catalog.collections))}",
                    )
                    continue
            else:
                collection, slug = target, value
            if slug in slugs[collection]:
                continue
            line, col = entry.document.locate(path)
            close = closest_slugs(slug, slugs[collection])
            shown = [f"{collection}/{c}" if target == ANY_COLLECTION else c for c in close]
            hint = (
                ("did you mean " + " or ".join(repr(c) for c in shown) + "?")
                if shown
                else f"add data/{collection}/{slug}.yaml"
                if not catalog[collection].from_markdown
                else None
            )
            yield Problem(
                entry.source,
                line,
                col,
                f"{_field_name(path)}: unknown {catalog[collection].title.lower()} {quote(value)}",
                hint,
            )


def closest_slugs(slug: str, slugs: Collection[str]) -> list[str]:
    """The slugs a contributor most likely meant: the same in lower case, then slugs
    that are a part of it or that it is a part of (`ebpf-dataplane` -> `ebpf`), the
    longest first; only then the closest spellings (difflib)."""
    lowered = "-".join(slug.lower().replace("_", " ").split())
    if lowered in slugs:
        return [lowered]
    parts = [other for other in slugs if f"-{other}-" in f"-{lowered}-" or other.startswith(lowered + "-")]
    if parts:
        return sorted(parts, key=lambda other: (-len(other), other))[:3]
    return difflib.get_close_matches(lowered, sorted(slugs), n=3, cutoff=0.6)


def _field_name(path: tuple) -> str:
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (("." if text else "") + str(part))
    return text or "the entry"


def _article(kind: Any) -> str:
    names = {
        "string": "a string",
        "object": "a mapping of field: value lines",
        "array": "a list",
        "integer": "a whole number",
        "boolean": "true or false",
        "number": "a number",
    }
    if isinstance(kind, list):
        return " or ".join(names.get(k, k) for k in kind)
    return names.get(kind, str(kind))


def _kind(value: Any) -> str:
    return "a list" if isinstance(value, list) else "a mapping"
