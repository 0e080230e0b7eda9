"""Schema `pattern`s on a linear-time engine, and `uniqueItems` in linear time.

Python's `re` backtracks: a schema pattern such as `^(a+)+$` takes minutes on a value
of a few dozen characters, and `make check` hangs. RE2 (`google-re2`) matches in time
linear in the value, whatever the pattern; the few constructs it lacks
(backreferences, lookaround) are refused at their line in the schema file, before
anything is validated. Both validators use it: jsonschema's `pattern` and
`patternProperties` keywords, and fastjsonschema's compiled precheck, whose compiled
patterns are swapped for RE2's. RE2's `$` matches only at the end of the text, as in
JSON Schema's ECMA-262 patterns (Python's also matches before a final newline).

jsonschema checks `uniqueItems` by sorting, and items that cannot be sorted (mappings,
mixed types) by comparing every pair: a list of 100,000 mappings is 5·10⁹ comparisons.
Here each item becomes one canonical JSON text (keys sorted, `1.0` as `1`, `true` not
`1`, as JSON Schema's equality wants) and a set finds repeats in one pass.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Iterator
from typing import Any

import jsonschema
import re2

from ..problems import Problem, line_col


@functools.lru_cache(maxsize=256)
def compiled(pattern: str) -> Any:
    """The pattern compiled by RE2 (raises `re2.error` for what RE2 cannot match)."""
    options = re2.Options()
    options.log_errors = False  # the error is reported as a problem, not logged to stderr
    return re2.compile(pattern, options)


def schema_patterns(schema: Any, path: tuple = ()) -> Iterator[tuple[tuple, str]]:
    """(where, pattern) for every `pattern` and `patternProperties` key of a schema."""
    if isinstance(schema, list):
        for index, item in enumerate(schema):
            yield from schema_patterns(item, (*path, index))
    if not isinstance(schema, dict):
        return
    for key, value in schema.items():
        if key in ("examples", "enum", "const", "default"):
            continue
        if key == "pattern" and isinstance(value, str):
            yield (*path, key), value
        elif key == "patternProperties" and isinstance(value, dict):
            yield from (((*path, key, name), name) for name in value)
        if isinstance(value, (dict, list)):
            yield from schema_patterns(value, (*path, key))


def pattern_problems(schema: Any, source: str, text: str) -> Iterator[Problem]:
    """A problem, at its line in the schema file, for each pattern RE2 cannot compile."""
    for _, pattern in schema_patterns(schema):
        try:
            compiled(pattern)
        except re2.error as error:
            index = text.find(json.dumps(pattern)[1:-1])
            line, col = line_col(text, index) if index >= 0 else (1, 1)
            reason = error.args[0].decode("utf-8", "replace") if error.args and isinstance(error.args[0], bytes) else ""
            yield Problem(
                source,
                line,
                col,
                f"the pattern {json.dumps(pattern)} cannot be matched in linear time ({reason})",
                "patterns run on RE2: no backreferences (\\1) or lookaround ((?=, (?!, (?<=)",
            )


def canonical(value: Any) -> str:
    """One text for all the JSON values JSON Schema counts as equal."""
    return json.dumps(_normalized(value), sort_keys=True, ensure_ascii=False, default=repr)


def _normalized(value: Any) -> Any:
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, dict):
        return {str(key): _normalized(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [_normalized(item) for item in value]
    return value


def repeated(items: list[Any]) -> list[Any]:
    """The items that repeat an earlier one, in one pass."""
    seen: set[str] = set()
    found = []
    for item in items:
        key = canonical(item)
        if key in seen:
            found.append(item)
        seen.add(key)
    return found


def _pattern(validator: Any, pattern: str, instance: Any, schema: Any) -> Iterator[jsonschema.ValidationError]:
    if validator.is_type(instance, "string") and not compiled(pattern).search(instance):
        yield jsonschema.ValidationError(f"{instance!r} does not match {pattern!r}")


def _pattern_properties(validator: Any, properties: dict, instance: Any, schema: Any) -> Iterator[Any]:
    if not validator.is_type(instance, "object"):
        return
    for pattern, subschema in properties.items():
        for key, value in instance.items():
            if compiled(pattern).search(key):
                yield from validator.descend(value, subschema, path=key, schema_path=pattern)


def _unique_items(validator: Any, unique: bool, instance: Any, schema: Any) -> Iterator[jsonschema.ValidationError]:
    if unique and validator.is_type(instance, "array") and repeated(instance):
        yield jsonschema.ValidationError(f"{instance!r} has non-unique elements")


LinearValidator = jsonschema.validators.extend(
    jsonschema.Draft202012Validator,
    {"pattern": _pattern, "patternProperties": _pattern_properties, "uniqueItems": _unique_items},
)
"""Draft 2020-12 with patterns on RE2 and `uniqueItems` in linear time."""


def use_re2(precheck: Any, schema: Any) -> Any:
    """fastjsonschema's compiled `precheck` of `schema`, its patterns swapped for RE2's
    (it keeps them in the `REGEX_PATTERNS` global of its generated code, by pattern)."""
    function = getattr(precheck, "func", precheck)  # compile() wraps it with its formats
    patterns = function.__globals__.get("REGEX_PATTERNS", {})  # compile_to_code's code has none without patterns
    for _, pattern in schema_patterns(schema):
        if pattern in patterns:
            patterns[pattern] = _Remembered(compiled(pattern))
    return precheck


class _Remembered:
    """An RE2 pattern that remembers whether it found itself in each text it was given
    (the check asks for the same slugs, dates and keys thousands of times, and a call
    through RE2's binding costs forty lookups). The generated code only asks `search`
    whether there is a match."""

    def __init__(self, pattern: Any):
        self.pattern = pattern
        self.found: dict[str, bool] = {}

    def search(self, text: str) -> bool:
        found = self.found.get(text)
        if found is None:
            if len(self.found) >= 4096:  # bounded: values come and go
                self.found.clear()
            found = self.found[text] = self.pattern.search(text) is not None
        return found
