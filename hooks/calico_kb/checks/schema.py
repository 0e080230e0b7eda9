"""Validation: check loaded entries against their schemas and each other.

jsonschema finds what is wrong; this module says it the way a contributor needs to
hear it: at the line and column of the bad value, quoting it, with a hint (quote a
version that YAML read as a number, the closest existing slug, the allowed values).
"""
from __future__ import annotations

import difflib
from collections.abc import Iterable, Iterator
from typing import Any

import jsonschema

from ..schema.catalog import ANY_COLLECTION, Catalog, values_at
from ..load.files import Entry, Sources
from ..problems import Problem, quote
from ..load.yaml_source import YamlDocument, describe_scalar


def validate_sources(catalog: Catalog, sources: Sources) -> list[Problem]:
    """Every schema and reference problem of every entry and page."""
    problems: list[Problem] = []
    patterns = pattern_messages(catalog.common)
    for entry in sources.entries.values():
        problems.extend(schema_problems(catalog[entry.collection].validator, entry.document, patterns))
    for page in sources.pages.values():
        if page.document is not None:
            problems.extend(schema_problems(catalog.page_validator, page.document, patterns))
    problems.extend(reference_problems(catalog, sources.entries))
    return problems


def schema_problems(validator: jsonschema.protocols.Validator, document: YamlDocument,
                    patterns: dict[str, tuple[str, str]]) -> Iterator[Problem]:
    """Schema errors of one document, as located, explained problems."""
    for error in validator.iter_errors(document.value):
        yield from _explain(error, document, patterns)


def _explain(error: jsonschema.ValidationError, document: YamlDocument, patterns: dict[str, tuple[str, str]]) -> Iterator[Problem]:
    path = tuple(error.absolute_path)
    field = _field_name(path)
    value = error.instance
    schema = error.schema if isinstance(error.schema, dict) else {}

    def problem(message: str, hint: str | None = None, at: tuple = path, key: bool = False) -> Problem:
        line, col = document.locate(at, key=key)
        return Problem(document.path, line, col, message, hint)

    kind = error.validator
    if kind == "required":
        for name in error.validator_value:
            if isinstance(value, dict) and name not in value:
                description = schema.get("properties", {}).get(name, {}).get("description")
                where = f" in {field}" if path else ""
                yield problem(f"missing required field {name!r}{where}", description)
    elif kind == "additionalProperties":
        allowed = sorted(schema.get("properties", {}))
        for name in value:
            if name not in allowed:
                close = difflib.get_close_matches(name, allowed, n=1)
                hint = f"did you mean {close[0]!r}?" if close else f"allowed fields: {', '.join(allowed)}"
                yield problem(f"unknown field {name!r}", hint, at=path + (name,), key=True)
    elif kind == "type":
        expected = error.validator_value
        raw = document.plain_scalars.get(path)
        if expected == "string" and raw is not None:
            yield problem(
                f"{field}: YAML reads the unquoted {raw} as {describe_scalar(value)}, but a string is expected",
                f'quote it: {path[-1] if path and isinstance(path[-1], str) else "-"}: "{raw}"'
                if path and isinstance(path[-1], str) else f'quote it: "{raw}"',
            )
        else:
            yield problem(f"{field}: expected {_article(expected)}, got {describe_scalar(value) if not isinstance(value, (dict, list)) else _kind(value)}")
    elif kind == "enum":
        options = [str(o) for o in error.validator_value]
        close = difflib.get_close_matches(str(value), options, n=1, cutoff=0.5)
        hint = f"did you mean {close[0]!r}?" if close else None
        yield problem(f"{field}: {quote(value)} is not one of: {', '.join(options)}", hint)
    elif kind == "pattern":
        message, hint = patterns.get(error.validator_value, ("does not have the expected form", None))
        yield problem(f"{field}: {quote(value)} {message}", hint)
    elif kind == "format":
        yield problem(f"{field}: {quote(value)} is not a real calendar date", "write YYYY, YYYY-MM or YYYY-MM-DD with a month and day that exist")
    elif kind in ("minItems", "minLength"):
        yield problem(f"{field}: must not be empty")
    elif kind == "uniqueItems":
        seen, repeated = set(), []
        for item in value:
            key = repr(item)
            if key in seen:
                repeated.append(item)
            seen.add(key)
        yield problem(f"{field}: lists {', '.join(quote(r) for r in repeated)} more than once", "remove the repetition")
    elif kind in ("minimum", "maximum"):
        yield problem(f"{field}: {value!r} is out of range ({kind} {error.validator_value})")
    else:
        yield problem(f"{field}: {error.message}")


def pattern_messages(common_schema: dict[str, Any]) -> dict[str, tuple[str, str]]:
    """Friendly messages for the patterns of the shared definitions, by pattern."""
    definitions = common_schema.get("$defs", {})
    messages = {
        "slug": ("is not a slug", "use lower-case letters, digits and single hyphens, e.g. calico-v3-23"),
        "plainText": ("contains markup: '<' and '>' are not allowed", "write plain text; the site escapes nothing for you"),
        "summary": ("contains markup: '<' and '>' are not allowed", "write plain text; the site escapes nothing for you"),
        "partialDate": ("is not a date", 'write "YYYY", "YYYY-MM" or "YYYY-MM-DD", quoted'),
        "url": ("is not an allowed address", "use an http(s) or mailto address, or a relative link"),
    }
    found = {}
    for name, text in messages.items():
        pattern = definitions.get(name, {}).get("pattern")
        if pattern:
            found[pattern] = text
    found.setdefault("^[a-z]+/[a-z0-9]+(-[a-z0-9]+)*$", ("is not a reference", "write collection/slug, e.g. articles/calico-vpp-data-plane"))
    found.setdefault("^[0-9]+\\.[0-9]+(\\.[0-9]+)?$", ("is not a version number", 'write it like "3.23" or "3.23.1"'))
    return found


def reference_problems(catalog: Catalog, entries: dict[str, Entry]) -> Iterator[Problem]:
    """Every reference that names no existing entry, with the closest names."""
    slugs: dict[str, set[str]] = {name: set() for name in catalog.collections}
    for entry in entries.values():
        slugs[entry.collection].add(entry.slug)
    for entry in entries.values():
        for (path, target, value) in iter_references(catalog, entry):
            if not isinstance(value, str):
                continue  # the schema check reports it
            if target == ANY_COLLECTION:
                collection, _, slug = value.partition("/")
                if collection not in catalog:
                    line, col = entry.document.locate(path)
                    yield Problem(entry.source, line, col, f"{_field_name(path)}: {quote(value)} names no collection",
                                  f"collections: {', '.join(sorted(catalog.collections))}")
                    continue
            else:
                collection, slug = target, value
            if slug in slugs[collection]:
                continue
            line, col = entry.document.locate(path)
            close = difflib.get_close_matches(slug, sorted(slugs[collection]), n=3, cutoff=0.6)
            shown = [f"{collection}/{c}" if target == ANY_COLLECTION else c for c in close]
            hint = ("did you mean " + " or ".join(repr(c) for c in shown) + "?") if shown else f"add data/{collection}/{slug}.yaml" if not catalog[collection].from_markdown else None
            yield Problem(entry.source, line, col, f"{_field_name(path)}: unknown {catalog[collection].title.lower()} {quote(value)}", hint)


def iter_references(catalog: Catalog, entry: Entry) -> Iterable[tuple[tuple, str, Any]]:
    """(concrete path, target collection or "*", value) for each reference of an entry."""
    for field, target in catalog[entry.collection].references:
        for path, value in values_at(entry.data, field):
            yield path, target, value


def _field_name(path: tuple) -> str:
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (("." if text else "") + str(part))
    return text or "the entry"


def _article(kind: Any) -> str:
    names = {"string": "a string", "object": "a mapping of field: value lines", "array": "a list",
             "integer": "a whole number", "boolean": "true or false", "number": "a number"}
    if isinstance(kind, list):
        return " or ".join(names.get(k, k) for k in kind)
    return names.get(kind, str(kind))


def _kind(value: Any) -> str:
    return "a list" if isinstance(value, list) else "a mapping"
