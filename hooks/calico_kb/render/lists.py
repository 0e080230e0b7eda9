"""The lists of other entries on an entry's page: one short line each, each entry once.

An entry's page lists other entries in several groups: those it names itself as
related ("See also"), those that name it, grouped by how they name it (the person's
own interview, the articles they wrote, ...), and those that share its topics
("Related"). A reader should meet each entry once, in the group that says the most
about the link, and each item should be a line, not a second copy of the other
entry's summary: the summary is on the entry's own page.
"""

from __future__ import annotations

import dataclasses
import functools
import re

from ..graph import Graph
from ..load.files import Entry
from ..schema.catalog import Relation

TEASER_WORDS = 20
"""The most words of a summary's first sentence that a list shows."""

_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9\"'(“‘])")


@dataclasses.dataclass(frozen=True)
class Group:
    """Entries of one relation to the page's entry, by collection (catalog order)."""

    relation: Relation
    """How they name it, as their schema declares it (`x-kb-relation`), or `MENTIONED`."""
    by_collection: dict[str, list[Entry]]

    @property
    def count(self) -> int:
        return sum(len(entries) for entries in self.by_collection.values())


@dataclasses.dataclass(frozen=True)
class PageLists:
    """Every list of other entries on one entry's page, no entry in two of them."""

    see_also: list[Entry]
    """The entries it names in its own `related` field, in its order."""
    backlinks: list[Group]
    """Entries that name it, strongest relation first."""
    related: list[Entry]
    """Entries that share at least two of its topics."""


def page_lists(graph: Graph, entry: Entry, shown: tuple[str, ...] | list[str] = ()) -> PageLists:
    """The lists for `entry`'s page, leaving out `shown` (keys the page links already)
    and what the page links above its lists: every entry it names in its own fields
    (shown as chips, "Written by", "Who", a highlight's "Read more") or in its text."""
    seen = {entry.key, *shown, *linked_above(graph, entry)}
    see_also = [other for other in graph.referenced(entry.key, field="related") if other.key not in seen]
    seen.update(other.key for other in see_also)
    strongest: dict[str, Relation] = {}
    for ref in graph.incoming.get(entry.key, ()):
        if ref.source not in seen:
            relation = graph.catalog[ref.source.split("/", 1)[0]].relation(ref.path)
            strongest[ref.source] = min(relation, strongest.get(ref.source, relation))
    seen.update(strongest)
    related = [other for other in graph.related(entry.key) if other.key not in seen]
    return PageLists(see_also, _grouped(graph, strongest), related)


def linked_above(graph: Graph, entry: Entry) -> set[str]:
    """Entries `entry`'s page links before its lists: those its fields other than
    `related` name, and those its text links to."""
    return {ref.target for ref in graph.outgoing.get(entry.key, ()) if ref.field != "related"}


def _grouped(graph: Graph, strongest: dict[str, Relation]) -> list[Group]:
    by_relation: dict[Relation, dict[str, list[Entry]]] = {}
    for key in sorted(strongest, key=lambda k: graph.newest_first(graph.entries[k])):
        source = graph.entries[key]
        by_relation.setdefault(strongest[key], {}).setdefault(source.collection, []).append(source)
    groups = []
    for relation in sorted(by_relation):
        found = by_relation[relation]
        ordered = {name: found[name] for name in graph.catalog.collections if name in found}
        groups.append(Group(relation, ordered))
    return groups


@functools.lru_cache(maxsize=1 << 14)
def first_sentence(text: str, words: int = TEASER_WORDS) -> str:
    """The first sentence of `text`, cut after `words` words with an ellipsis."""
    sentence = _SENTENCE_END.split(" ".join(text.split()), maxsplit=1)[0]
    cut = sentence.split(" ")
    return sentence if len(cut) <= words else " ".join(cut[:words]).rstrip(",;:") + "…"


def teaser(entry: Entry) -> str:
    """The one line a list shows for an entry: its `teaser`, else its summary's first sentence."""
    data = entry.data
    if isinstance(data.get("teaser"), str):
        return data["teaser"]
    text = data.get("summary") or data.get("description")
    return first_sentence(text) if isinstance(text, str) else ""
