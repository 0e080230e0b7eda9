"""A quick yes-or-doubt check of a document against a JSON Schema.

jsonschema walks a schema anew for every document and resolves every `$ref` through
`referencing` each time: about half a millisecond per entry, most of `make check` at
thousands of entries. Nearly every document is valid, so `compile_schema` turns a
schema into plain nested closures once, and they answer one question: is this
document certainly valid? Only when the answer is no (an error, or anything the
closures do not understand) does jsonschema run and explain what is wrong, so the
problems reported never change.

The check is deliberately conservative: a keyword it does not know makes the whole
schema answer "doubt" (jsonschema decides), and so does any value where JSON Schema
and Python disagree on equality or type (booleans as numbers, floats as integers).
"""
from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import jsonschema
import referencing
from referencing.jsonschema import DRAFT202012

Check = Callable[[Any], bool]

ANNOTATIONS = frozenset({"$schema", "$id", "$defs", "$comment", "title", "description", "examples",
                         "default", "deprecated", "readOnly", "writeOnly"})
"""Keywords that never make a document invalid."""

_TYPES: dict[str, Check] = {
    "object": lambda v: type(v) is dict,
    "array": lambda v: type(v) is list,
    "string": lambda v: type(v) is str,
    "integer": lambda v: type(v) is int,
    "number": lambda v: type(v) in (int, float),
    "boolean": lambda v: type(v) is bool,
    "null": lambda v: v is None,
}


class _Unsupported(Exception):
    """The schema uses something this module does not check itself."""


def compile_schema(schema: Any, resolver: referencing.Resolver,
                   format_checker: jsonschema.FormatChecker | None = None) -> Check:
    """A function that returns True only for documents `schema` certainly accepts."""
    try:
        return _compile(schema, resolver, format_checker, depth=0)
    except _Unsupported:
        return lambda value: False


def _compile(schema: Any, resolver: referencing.Resolver, formats: jsonschema.FormatChecker | None, depth: int) -> Check:
    if depth > 50:
        raise _Unsupported("too deep (recursive schema?)")
    if schema is True or schema is False:
        return (lambda value: True) if schema else (lambda value: False)
    if not isinstance(schema, dict):
        raise _Unsupported(f"schema {schema!r}")
    if "$id" in schema:  # as jsonschema does: references inside resolve against the new base
        resolver = resolver.in_subresource(DRAFT202012.create_resource(schema))
    keywords = {k: v for k, v in schema.items() if k not in ANNOTATIONS and not k.startswith("x-")}
    checks: list[Check] = []
    if (keywords.get("type") == "object" and keywords.get("additionalProperties") is False
            and isinstance(keywords.get("properties"), dict) and "patternProperties" not in keywords):
        # The usual closed record, in one loop: type, required fields, known fields only.
        checks.append(_closed_object({name: _compile(sub, resolver, formats, depth + 1)
                                      for name, sub in keywords["properties"].items()},
                                     tuple(keywords.get("required", ()))))
        for done in ("type", "additionalProperties", "properties", "required"):
            keywords.pop(done, None)
    if keywords.get("type") == "string" and {"minLength", "maxLength", "pattern"} & set(keywords):
        # The usual text field, in one function: type, length and pattern.
        checks.append(_string(keywords.pop("minLength", 0), keywords.pop("maxLength", None), keywords.pop("pattern", None)))
        del keywords["type"]
    for keyword, argument in keywords.items():
        checks.append(_keyword(keyword, argument, schema, resolver, formats, depth))
    return _all_of(checks)


def _string(shortest: Any, longest: Any, pattern: Any) -> Check:
    if not isinstance(shortest, int) or not isinstance(longest, (int, type(None))) or not isinstance(pattern, (str, type(None))):
        raise _Unsupported("string bounds")
    search = re.compile(pattern).search if pattern is not None else None
    most = longest if longest is not None else float("inf")

    def check_string(value: Any) -> bool:
        return (type(value) is str and shortest <= len(value) <= most
                and (search is None or search(value) is not None))
    return check_string


def _all_of(checks: list[Check]) -> Check:
    if not checks:
        return lambda value: True
    if len(checks) == 1:
        return checks[0]

    def check_all(value: Any) -> bool:
        for check in checks:
            if not check(value):
                return False
        return True
    return check_all


def _closed_object(properties: dict[str, Check], required: tuple[str, ...]) -> Check:
    def check_object(value: Any) -> bool:
        if type(value) is not dict:
            return False
        for name in required:
            if name not in value:
                return False
        for name, item in value.items():
            check = properties.get(name)
            if check is None or not check(item):
                return False
        return True
    return check_object


def _keyword(keyword: str, argument: Any, schema: dict, resolver: referencing.Resolver,
             formats: jsonschema.FormatChecker | None, depth: int) -> Check:
    def sub(subschema: Any, subresolver: referencing.Resolver = resolver) -> Check:
        return _compile(subschema, subresolver, formats, depth + 1)

    if keyword == "$ref":
        resolved = resolver.lookup(argument)
        return sub(resolved.contents, resolved.resolver)
    if keyword == "type":
        names = [argument] if isinstance(argument, str) else argument
        if not isinstance(names, list) or not all(name in _TYPES for name in names):
            raise _Unsupported(f"type {argument!r}")
        tests = [_TYPES[name] for name in names]
        return tests[0] if len(tests) == 1 else (lambda value: any(test(value) for test in tests))
    if keyword == "properties":
        compiled = {name: sub(subschema) for name, subschema in argument.items()}

        def check_properties(value: Any) -> bool:
            if type(value) is dict:
                for name, item in value.items():
                    check = compiled.get(name)
                    if check is not None and not check(item):
                        return False
            return True
        return check_properties
    if keyword == "required":
        names = tuple(argument)
        return lambda value: type(value) is not dict or all(name in value for name in names)
    if keyword == "additionalProperties":
        if "patternProperties" in schema:
            raise _Unsupported("patternProperties")
        known = frozenset(schema.get("properties", {}))
        extra = sub(argument)
        return lambda value: type(value) is not dict or all(
            name in known or extra(item) for name, item in value.items())
    if keyword == "items":
        if "prefixItems" in schema or not isinstance(argument, (dict, bool)):
            raise _Unsupported("prefixItems")
        item_check = sub(argument)

        def check_items(value: Any) -> bool:
            if type(value) is list:
                for item in value:
                    if not item_check(item):
                        return False
            return True
        return check_items
    if keyword == "allOf":
        return _all_of([sub(subschema) for subschema in argument])
    if keyword == "enum":
        if not all(type(option) is str for option in argument):
            raise _Unsupported("enum of non-strings")
        options = frozenset(argument)
        return lambda value: type(value) is str and value in options
    if keyword == "pattern":
        pattern = re.compile(argument)
        return lambda value: type(value) is not str or pattern.search(value) is not None
    if keyword in ("minLength", "maxLength", "minItems", "maxItems"):
        kind = str if keyword.endswith("Length") else list
        bound = argument
        if keyword.startswith("min"):
            return lambda value: type(value) is not kind or len(value) >= bound
        return lambda value: type(value) is not kind or len(value) <= bound
    if keyword == "uniqueItems":
        if not argument:
            return lambda value: True
        # Only lists of strings are judged here; anything else is left to jsonschema.
        return lambda value: type(value) is not list or (
            all(type(item) is str for item in value) and len(set(value)) == len(value))
    if keyword in ("minimum", "maximum"):
        bound = argument
        if keyword == "minimum":
            return lambda value: type(value) is not bool and (type(value) not in (int, float) or value >= bound)
        return lambda value: type(value) is not bool and (type(value) not in (int, float) or value <= bound)
    if keyword == "format":
        if formats is None:
            return lambda value: True
        return lambda value: formats.conforms(value, argument)
    raise _Unsupported(keyword)


class QuickValidator:
    """A jsonschema validator that skips its own walk for documents the quick check accepts.

    Everything else (`schema`, `evolve`, ...) is the wrapped validator's.
    """

    def __init__(self, validator: jsonschema.protocols.Validator, check: Check):
        self.validator = validator
        self.check = check

    def iter_errors(self, instance: Any) -> Any:
        return iter(()) if self.check(instance) else self.validator.iter_errors(instance)

    def is_valid(self, instance: Any) -> bool:
        return self.check(instance) or self.validator.is_valid(instance)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.validator, name)


def quick_validator(validator: jsonschema.protocols.Validator, resolver: referencing.Resolver) -> QuickValidator:
    """`validator` with the quick check of its schema in front (see the module's docstring)."""
    return QuickValidator(validator, compile_schema(validator.schema, resolver, validator.format_checker))
