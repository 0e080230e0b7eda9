"""Entries that are the same thing twice, or that name themselves.

Two files can describe one thing under two slugs (`calico-v3-23.yaml` and
`calico-open-source-v3-23.yaml`): each is valid, and the site would show the release
twice with its backlinks split between them. A collection's schema lists the fields
no two entries share (`x-kb-unique`); the second file is refused, naming the first.
An entry that names itself as related or referenced would link to its own page.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from ..problems import Problem, quote
from ..schema.catalog import ANY_COLLECTION, Catalog, iter_references

if TYPE_CHECKING:
    from ..load.files import Entry, Sources


def duplicate_problems(catalog: Catalog, sources: Sources) -> list[Problem]:
    """Entries sharing their collection's unique fields, and entries naming themselves."""
    problems = list(_shared_unique_fields(catalog, sources.entries))
    for entry in sources.entries.values():
        problems.extend(_self_references(catalog, entry))
    return problems


def _shared_unique_fields(catalog: Catalog, entries: dict[str, Entry]) -> Iterator[Problem]:
    first: dict[tuple, Entry] = {}
    for entry in sorted(entries.values(), key=lambda entry: entry.source):
        for fields in catalog[entry.collection].unique:
            values = tuple(entry.data.get(field) for field in fields)
            if any(value is None or isinstance(value, (list, dict)) for value in values):
                continue  # missing or malformed: the schema check reports it
            # GitHub handles, versions and slugs name one thing whatever their case.
            key = (entry.collection, fields, tuple(v.casefold() if isinstance(v, str) else v for v in values))
            if key not in first:
                first[key] = entry
                continue
            line, col = entry.document.locate((fields[0],))
            shared = " and ".join(f"{field} {quote(value)}" for field, value in zip(fields, values, strict=True))
            yield Problem(
                entry.source,
                line,
                col,
                f"{first[key].source} already is the {catalog[entry.collection].title.lower()} with {shared}",
                f"one {catalog[entry.collection].title.lower()} per {' and '.join(fields)}: merge the two "
                "files, or correct the fields",
            )


def _self_references(catalog: Catalog, entry: Entry) -> Iterator[Problem]:
    for path, target, value in iter_references(catalog, entry.collection, entry.data):
        if value == (entry.key if target == ANY_COLLECTION else entry.slug) and target in (
            ANY_COLLECTION,
            entry.collection,
        ):
            line, col = entry.document.locate(path)
            yield Problem(
                entry.source,
                line,
                col,
                f"the entry names itself: {quote(value)}",
                "an entry links to other entries, not to its own page; remove it",
            )
