"""The collections of the knowledge base, as their JSON Schemas define them.

A collection is one file `schemas/<name>.schema.json` (and, if it wants its own
layout, a template); nothing about it is hard-coded in Python. The schema drives
validation, names the collection on the site, and
declares the references an entry makes to other entries with the keyword
`x-kb-references` (a collection name, or "*" for `collection/slug` values), so the
reference check, the graph and the backlinks all read them from one place.
"""

from __future__ import annotations

import dataclasses
import datetime
import difflib
import functools
import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import fastjsonschema
import jsonschema
import referencing
from referencing.jsonschema import DRAFT202012

from ..paths import LINK_HINT, link_message
from ..problems import Problem, line_col
from .compiled_checks import compiled_check
from .patterns import LinearValidator, pattern_problems, use_re2
from .versions import SEMANTIC_VERSION, is_semantic_version

REFERENCES_KEYWORD = "x-kb-references"
RELATION_KEYWORD = "x-kb-relation"
KEYWORDS = {
    REFERENCES_KEYWORD: 'on a field: the entries it names, a collection or "*" for collection/slug values',
    RELATION_KEYWORD: (
        "on a field that names entries: how a named entry's page lists the entries that name it there, "
        '{"heading": "Written by {title}", "rank": 20}, lower ranks first; without it, under "Mentioned in"'
    ),
    "x-kb-avatar": "true when the collection's entries are shown with their generated avatar (people, organizations)",
    "x-kb-topics": "true on the collection whose entries are the topics other entries are about",
    "x-kb-series": 'the field that orders entries of one date, first installment first, e.g. "series_number"',
    "x-kb-plural": 'the collection\'s plural label, e.g. "Releases"',
    "x-kb-order": "the collection's place in the nav, on the home page and in groups of backlinks",
    "x-kb-intro": "what a reader is told about the collection on its index page",
    "x-kb-source": '"markdown" when entries are pages of docs/ rather than YAML files',
    "x-kb-nav": 'the nav section the collection\'s index joins, e.g. "Learn"',
    "x-kb-explains": 'a collection whose notes this collection\'s entries explain, e.g. "releases"',
    "x-kb-schema-org": "the schema.org type of the collection's entries, e.g. \"Person\" (their pages' JSON-LD)",
    "x-kb-unique": 'lists of fields no two entries share, e.g. [["product", "version"]]',
    "x-kb-label": 'on a type: how the data model reference names it, e.g. "plain text"',
    "x-kb-mismatch": "on a pattern: what the message says of a value that does not match it",
    "x-kb-hint": "on a pattern: how to write the value instead",
    "x-kb-aliases": (
        "on an enum: for each value, the headings and labels of upstream text that stand for it; "
        "the first is how the site names the value"
    ),
    "x-kb-sort-by": 'the field entries are listed by, highest first, instead of their date, e.g. "version"',
}
"""The knowledge base's own schema keywords: any other x-kb- keyword is a typo."""
ANY_COLLECTION = "*"
SHARED_SCHEMAS = ("common", "page")
"""Schema files that define shared types or page front matter, not collections."""

FieldPath = tuple[str, ...]
"""A path through an entry with "*" standing for every item of a list."""


@dataclasses.dataclass(frozen=True, order=True)
class Relation:
    """How an entry names another, as its schema declares it (`x-kb-relation`): an entry's
    page lists those that name it in groups, strongest (lowest rank) first."""

    rank: int
    heading: str
    """The group's heading, `{title}` standing for the named entry's title."""


MENTIONED = Relation(1_000_000, "Mentioned in")
"""The group of entries that name one in a field with no relation of its own (or in their text)."""

format_checker = jsonschema.FormatChecker()
_PARTIAL_DATE = re.compile(r"[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?")


format_checker.checks(SEMANTIC_VERSION)(is_semantic_version)


@format_checker.checks("partial-date", raises=ValueError)
def is_partial_date(value: object) -> bool:
    """YYYY, YYYY-MM or YYYY-MM-DD naming a real calendar date."""
    if not isinstance(value, str) or not _PARTIAL_DATE.fullmatch(value):
        return True  # not the shape of a date: the schema's pattern reports it
    parts = [int(p) for p in value.split("-")]
    datetime.date(*(parts + [1] * (3 - len(parts))))
    return True


@dataclasses.dataclass
class Collection:
    """One kind of entry: its schema and what follows from it."""

    name: str
    """Directory and URL segment, e.g. "releases"."""
    schema: dict[str, Any]
    validator: jsonschema.protocols.Validator
    references: list[tuple[FieldPath, str]]
    """Every field that names other entries, and the collection it names."""
    relations: dict[FieldPath, Relation] = dataclasses.field(default_factory=dict)
    """The relation each reference field declares (`x-kb-relation`), by its path."""

    def relation(self, path: tuple) -> Relation:
        """The relation of a reference at a concrete path (list indexes as numbers)."""
        return self.relations.get(tuple("*" if isinstance(part, int) else part for part in path), MENTIONED)

    @property
    def avatar(self) -> bool:
        """True when entries are shown with their generated avatar (`x-kb-avatar`)."""
        return self.schema.get("x-kb-avatar") is True

    @property
    def series(self) -> str | None:
        """The field that orders entries of one date, first installment first (`x-kb-series`)."""
        return self.schema.get("x-kb-series")

    @property
    def title(self) -> str:
        """Singular label, e.g. "Release"."""
        return self.schema.get("title", self.name)

    @property
    def plural(self) -> str:
        """Plural label, e.g. "Releases"."""
        return self.schema.get("x-kb-plural", self.name.capitalize())

    @property
    def intro(self) -> str:
        """What a reader is told about the collection on its index page."""
        return self.schema.get("x-kb-intro", self.schema.get("description", ""))

    @property
    def from_markdown(self) -> bool:
        """True when entries are Markdown pages (front matter) rather than YAML files."""
        return self.schema.get("x-kb-source") == "markdown"

    @property
    def unique(self) -> list[tuple[str, ...]]:
        """Field combinations no two entries share (`x-kb-unique`), e.g. a release's
        product and version."""
        return [tuple(fields) for fields in self.schema.get("x-kb-unique", [])]

    @property
    def nav_group(self) -> str | None:
        """The nav section the collection's index joins (None: a section of its own)."""
        return self.schema.get("x-kb-nav")

    @property
    def schema_org_type(self) -> str:
        """The schema.org type of an entry (`x-kb-schema-org`), for its page's JSON-LD."""
        return self.schema.get("x-kb-schema-org", "CreativeWork")

    @property
    def explains(self) -> str | None:
        """The collection whose entries' notes this one's entries explain, if any."""
        return self.schema.get("x-kb-explains")

    @property
    def sort_by(self) -> str | None:
        """The field entries are listed by, highest first (`x-kb-sort-by`), or None: by date."""
        return self.schema.get("x-kb-sort-by")

    @property
    def dated(self) -> bool:
        """True when entries have a `date` field: such a collection is news, with feeds."""
        return "date" in self.schema.get("properties", {})


@dataclasses.dataclass
class Catalog:
    """Every collection, plus the schema of ordinary pages' front matter."""

    collections: dict[str, Collection]
    page_validator: jsonschema.protocols.Validator
    registry: referencing.Registry
    common: dict[str, Any]
    problems: list[Problem] = dataclasses.field(default_factory=list)
    """Mistakes in the schemas themselves, e.g. an unknown x-kb- keyword."""

    def __getitem__(self, name: str) -> Collection:
        return self.collections[name]

    @classmethod
    def empty(cls) -> Catalog:
        """A catalog of no collections: what is known while a schema cannot be read."""
        return cls({}, jsonschema.Draft202012Validator({}), referencing.Registry(), {})

    def __contains__(self, name: object) -> bool:
        return name in self.collections

    @property
    def topics(self) -> str | None:
        """The collection whose entries are topics (`x-kb-topics`): an entry is about the
        ones it names, and shares them with related entries."""
        return next((name for name, c in self.collections.items() if c.schema.get("x-kb-topics") is True), None)


class SchemaFileError(Exception):
    """Schema files that cannot be read: nothing can be checked until they are fixed."""

    def __init__(self, problems: list[Problem]):
        super().__init__("\n".join(str(problem) for problem in problems))
        self.problems = problems


def load_catalog(schemas_dir: Path, cache: Path | None = None) -> Catalog:
    """Read every schema under `schemas_dir` and prepare validators (their compiled
    code kept in `cache`, see `compiled_checks`).

    Raises SchemaFileError, naming every file and line, when a schema is not a JSON
    object or has a pattern RE2 cannot match (see `patterns`).
    """
    texts: dict[str, str] = {}
    documents: dict[str, Any] = {}
    problems: list[Problem] = []
    if schemas_dir.is_symlink():  # not followed: the walk of load/ reports it too
        raise SchemaFileError([Problem(schemas_dir.name, 1, 1, link_message(str(schemas_dir)), LINK_HINT)])
    for path in sorted(schemas_dir.glob("*.schema.json")):
        source = f"{schemas_dir.name}/{path.name}"
        if path.is_symlink():  # refused before anything reads what it points to
            problems.append(Problem(source, 1, 1, link_message(str(path)), LINK_HINT))
            continue
        texts[path.name], documents[path.name] = _read_schema(path, source, problems)
    problems += [
        problem
        for name, document in documents.items()
        for problem in pattern_problems(document, f"{schemas_dir.name}/{name}", texts[name])
    ]
    if problems:
        raise SchemaFileError(problems)
    problems = [
        problem
        for name, document in documents.items()
        for problem in keyword_problems(document, f"{schemas_dir.name}/{name}", texts[name])
    ]
    registry = referencing.Registry().with_resources(
        (name, DRAFT202012.create_resource(doc)) for name, doc in documents.items()
    )

    def validator_for(name: str) -> PrecheckedValidator:
        validator = LinearValidator(documents[name], registry=registry, format_checker=format_checker)
        return PrecheckedValidator(validator, compile_precheck(documents[name], registry.resolver(name), cache))

    collections = {}
    # Collections are listed in their `x-kb-order` (home page, backlink groups), then by name.
    order = sorted(documents, key=lambda name: (documents[name].get("x-kb-order", 1_000), name))
    for file_name in order:
        name = file_name.removesuffix(".schema.json")
        if name in SHARED_SCHEMAS:
            continue
        fields = list(_reference_fields(documents[file_name], registry.resolver(file_name), (), None))
        references = [(path, target) for path, target, _ in fields]
        relations = {path: Relation(**relation) for path, _, relation in fields if relation}
        collections[name] = Collection(name, documents[file_name], validator_for(file_name), references, relations)
    return Catalog(
        collections,
        validator_for("page.schema.json"),
        registry,
        documents.get("common.schema.json", {}),
        problems,
    )


def _read_schema(path: Path, source: str, problems: list[Problem]) -> tuple[str, Any]:
    """The schema's text and its JSON object, or ("", {}) after reporting why not."""
    try:
        text = path.read_text(encoding="utf-8")
        document = json.loads(text)
    except OSError as error:
        problems.append(Problem(source, 1, 1, f"cannot read the schema: {error.strerror}"))
    except UnicodeDecodeError as error:
        problems.append(Problem(source, 1, 1, f"the schema is not UTF-8 (byte {error.start})", "save it as UTF-8"))
    except json.JSONDecodeError as error:
        problems.append(
            Problem(
                source,
                error.lineno,
                error.colno,
                f"the schema is not valid JSON: {error.msg}",
                "a trailing comma or a missing quote is the usual cause",
            )
        )
    except RecursionError:
        problems.append(Problem(source, 1, 1, "the schema is nested too deeply to read"))
    else:
        if isinstance(document, dict):
            return text, document
        problems.append(Problem(source, 1, 1, f"a schema is a JSON object, not {type(document).__name__}"))
    return "", {}


def keyword_problems(schema: Any, path: str, text: str) -> Iterator[Problem]:
    """Every x-kb- keyword of a schema that is not one of `KEYWORDS`, at its line."""
    for keyword in sorted(set(_x_kb_keywords(schema)) - KEYWORDS.keys()):
        index = text.find(f'"{keyword}"')
        line, col = line_col(text, index) if index >= 0 else (1, 1)
        close = difflib.get_close_matches(keyword, list(KEYWORDS), n=1)
        hint = f"did you mean {close[0]!r}?" if close else f"known keywords: {', '.join(sorted(KEYWORDS))}"
        yield Problem(path, line, col, f"unknown keyword {keyword!r}", hint)
    yield from alias_problems(schema, path, text)
    yield from relation_problems(schema, path, text)


def relation_problems(schema: Any, path: str, text: str) -> Iterator[Problem]:
    """`x-kb-relation` values that are not a heading and a rank."""
    index = -1
    for node in _nodes_with(schema, RELATION_KEYWORD):
        index = text.find(f'"{RELATION_KEYWORD}"', index + 1)
        if not _is_relation(node[RELATION_KEYWORD]):
            line, col = line_col(text, index) if index >= 0 else (1, 1)
            yield Problem(
                path,
                line,
                col,
                f"{RELATION_KEYWORD} is a heading and a rank, not {node[RELATION_KEYWORD]!r}",
                'e.g. {"heading": "Written by {title}", "rank": 20}',
            )


def alias_problems(schema: Any, path: str, text: str) -> Iterator[Problem]:
    """`x-kb-aliases` that cannot be read one way: a value the enum lacks, an alias
    that is not text, or one alias standing for two values."""
    index = -1
    for node in _nodes_with(schema, "x-kb-aliases"):
        aliases, enum = node["x-kb-aliases"], node.get("enum", [])
        index = text.find('"x-kb-aliases"', index + 1)
        line, col = (text.count("\n", 0, index) + 1, index - text.rfind("\n", 0, index)) if index >= 0 else (1, 1)
        if not isinstance(aliases, dict) or not all(isinstance(v, list) for v in aliases.values()):
            yield Problem(path, line, col, "x-kb-aliases is an object of lists", 'e.g. {"bug-fix": ["Bug fixes"]}')
            continue
        owners: dict[str, str] = {}
        for value, names in aliases.items():
            if value not in enum:
                yield Problem(path, line, col, f"x-kb-aliases names {value!r}, which is not in the enum", "add it")
            for name in names:
                if not isinstance(name, str):
                    yield Problem(path, line, col, f"the aliases of {value!r} are text, not {name!r}")
                    continue
                owner = owners.setdefault(normal_label(name), value)
                if owner != value:
                    yield Problem(path, line, col, f"the alias {name!r} stands for both {owner!r} and {value!r}")


def normal_label(text: str) -> str:
    """How a heading or label is compared with aliases: case, spacing and a final
    colon do not count ("Bug Fixes:" reads as "bug fixes")."""
    return " ".join(text.replace("\u00a0", " ").split()).strip(" :").casefold()


def vocabulary(node: dict[str, Any]) -> dict[str, str]:
    """An enum with `x-kb-aliases` as a lookup: each value and each of its aliases,
    compared as `normal_label`, to the value."""
    lookup = {normal_label(str(value)): value for value in node.get("enum", [])}
    for value, names in node.get("x-kb-aliases", {}).items():
        lookup.update((normal_label(name), value) for name in names)
    return lookup


def _nodes_with(schema: Any, keyword: str) -> Iterator[dict[str, Any]]:
    if isinstance(schema, dict):
        if keyword in schema:
            yield schema
        for key, value in schema.items():
            if key not in ("examples", "enum", "const", keyword):
                yield from _nodes_with(value, keyword)
    elif isinstance(schema, list):
        for item in schema:
            yield from _nodes_with(item, keyword)


def _x_kb_keywords(schema: Any) -> Iterator[str]:
    if isinstance(schema, dict):
        for key, value in schema.items():
            if key.startswith("x-kb-"):
                yield key
            if key not in ("examples", "enum", "const"):
                yield from _x_kb_keywords(value)
    elif isinstance(schema, list):
        for item in schema:
            yield from _x_kb_keywords(item)


class PrecheckedValidator:
    """A jsonschema validator with fastjsonschema's compiled check in front.

    jsonschema walks the schema and resolves every `$ref` anew for each document: at
    thousands of entries that is most of `make check`. Nearly every document is valid,
    so fastjsonschema (which compiles a schema into Python code once) answers first; only
    a document it refuses goes through jsonschema, whose errors the messages are made
    from. Our schemas use only keywords that mean the same in draft-07, which
    fastjsonschema implements, and in draft 2020-12; a test checks that the two agree.
    """

    def __init__(self, validator: jsonschema.protocols.Validator, precheck: Any):
        self.validator = validator
        self.precheck = precheck

    @property
    def schema(self) -> Any:
        return self.validator.schema

    def is_valid(self, instance: Any) -> bool:
        return self.prechecked(instance) or self.validator.is_valid(instance)

    def iter_errors(self, instance: Any) -> Iterator[jsonschema.ValidationError]:
        return iter(()) if self.prechecked(instance) else self.validator.iter_errors(instance)

    def prechecked(self, instance: Any) -> bool:
        """True when fastjsonschema accepts `instance` (jsonschema then accepts it too)."""
        try:
            self.precheck(instance)
        except fastjsonschema.JsonSchemaException:
            return False
        return True


def compile_precheck(schema: dict[str, Any], resolver: referencing.Resolver, cache: Path | None = None) -> Any:
    """fastjsonschema's check of `schema`, with every `$ref` written out in place (its
    compiled code kept in `cache`)."""
    return _compiled(json.dumps(_inline_references(schema, resolver), sort_keys=True), cache)


@functools.lru_cache(maxsize=64)
def _compiled(schema_json: str, cache: Path | None) -> Any:
    # `mkdocs serve` reloads the catalog on every rebuild and the tests load it hundreds
    # of times, mostly unchanged: kept for the process too.
    formats = {"partial-date": _conforms_to_partial_date, SEMANTIC_VERSION: is_semantic_version}
    return use_re2(compiled_check(schema_json, formats, cache), json.loads(schema_json))


def _conforms_to_partial_date(value: str) -> bool:
    try:
        return is_partial_date(value)
    except ValueError:
        return False


def _inline_references(schema: Any, resolver: referencing.Resolver) -> Any:
    """`schema` without `$ref`, `$defs`, `$id` or `$schema`: one self-contained tree."""
    if isinstance(schema, list):
        return [_inline_references(item, resolver) for item in schema]
    if not isinstance(schema, dict):
        return schema
    inlined: dict[str, Any] = {}
    if "$ref" in schema:
        resolved = resolver.lookup(schema["$ref"])
        inlined.update(_inline_references(resolved.contents, resolved.resolver))
    for key, value in schema.items():
        if key in ("$ref", "$defs", "$id", "$schema"):
            continue
        inlined[key] = value if key in ("examples", "enum", "const") else _inline_references(value, resolver)
    return inlined


def _reference_fields(
    schema: Any, resolver: referencing.Resolver, path: FieldPath, relation: dict | None
) -> Iterator[tuple[FieldPath, str, dict | None]]:
    """Walk a schema, following $ref, yielding the fields marked as references, each
    with the relation declared on it or on a field above it (`x-kb-relation`)."""
    if not isinstance(schema, dict):
        return
    relation = schema.get(RELATION_KEYWORD, relation) if _is_relation(schema.get(RELATION_KEYWORD)) else relation
    if REFERENCES_KEYWORD in schema:
        yield path, schema[REFERENCES_KEYWORD], relation
        return
    if "$ref" in schema:
        resolved = resolver.lookup(schema["$ref"])
        yield from _reference_fields(resolved.contents, resolved.resolver, path, relation)
    for key, sub in schema.get("properties", {}).items():
        yield from _reference_fields(sub, resolver, path + (key,), relation)
    if "items" in schema:
        yield from _reference_fields(schema["items"], resolver, path + ("*",), relation)


def _is_relation(value: Any) -> bool:
    return (
        isinstance(value, dict)
        and set(value) == {"heading", "rank"}
        and isinstance(value["heading"], str)
        and isinstance(value["rank"], int)
        and not isinstance(value["rank"], bool)
    )


def values_at(data: Any, field: FieldPath, prefix: tuple = ()) -> Iterator[tuple[tuple, Any]]:
    """Every value of `data` at `field`, with its concrete path ("*" expanded)."""
    if not field:
        yield prefix, data
        return
    head, rest = field[0], field[1:]
    if head == "*":
        if isinstance(data, list):
            for index, item in enumerate(data):
                yield from values_at(item, rest, prefix + (index,))
    elif isinstance(data, dict) and head in data:
        yield from values_at(data[head], rest, prefix + (head,))


def iter_references(catalog: Catalog, collection: str, data: Any) -> Iterator[tuple[tuple, str, Any]]:
    """(concrete path, target collection or "*", value) for each reference in an entry's
    data: what the schema's `x-kb-references` declares, read by the checks and the graph."""
    for field, target in catalog[collection].references:
        for path, value in values_at(data, field):
            yield path, target, value
