"""The graph: who references whom, built once for the whole knowledge base.

Every page that lists backlinks or related entries reads this graph instead of
scanning all entries, so the cost of the build stays linear in the data.
"""

from __future__ import annotations

import dataclasses
import functools
import heapq
from collections import Counter, defaultdict
from collections.abc import Callable

from .checks.markdown_bodies import BodyReading
from .load.body_links import linked_pages
from .load.files import Entry
from .notes import Contributors
from .schema.catalog import ANY_COLLECTION, Catalog, iter_references
from .schema.versions import VersionKey

ORDER_NOTE = "newest first where the dates tell them apart, then in series order, then by title."
"""`newest_first` in a reader's words, for index pages and feeds: dates are often only
a year, so "newest" is claimed only where they differ."""
BODY = "body"
"""The field name of a link in an article's text (`Reference.field`)."""


@dataclasses.dataclass(frozen=True)
class Reference:
    """One entry naming another in one of its fields."""

    source: str
    """Key of the entry that names the other."""
    target: str
    """Key of the entry named."""
    path: tuple
    """Where in the source's data the reference stands, e.g. ("notes", 0, "topics", 1)."""

    @property
    def field(self) -> str:
        """The top-level field, e.g. "interviewees"."""
        return str(self.path[0])


def newest_first(entry: Entry, series: str | None = None) -> tuple:
    """Sort key: newest date first; within one date, series order (the collection's
    `x-kb-series` field, e.g. a spotlight's number, which says where it stands in its
    series where a date that is only a year cannot: numbered entries first, the lowest
    number first), then title and key, so order never depends on file order. Only dates
    make an entry "newer": series order within a date is not a claim about which came
    last; unnumbered entries of that date follow, by title."""
    return (_negated(entry.date), _place(entry, series), entry.title.lower(), entry.key)


def by_date(entry: Entry) -> tuple:
    """Sort key across collections: newest date first, then title and key (series
    order compares entries of one series only)."""
    return (_negated(entry.date), entry.title.lower(), entry.key)


def _place(entry: Entry, series: str | None) -> tuple:
    value = entry.data.get(series) if series else None
    return (0, value) if type(value) is int else (1,)


def _sort_key(field: str, rank: dict[str, int]) -> Callable[[Entry], tuple]:
    """A collection's own order (`x-kb-sort-by`): its field highest first, compared as
    versions (the only kind of field named so far), then newest first."""
    return lambda entry: (VersionKey(entry.data.get(field)), rank[entry.key])


def may_be_newer(entry: Entry, newest: Entry) -> bool:
    """Whether `entry`, sorted after `newest`, may in fact be as new or newer: their
    dates do not tell them apart ("2022" and "2022-05"), or `entry` has none."""
    return not entry.date or not newest.date or newest.date.startswith(entry.date)


def same_date(entry: Entry, first: Entry) -> bool:
    """Whether `entry` is dated, and its date cannot be told apart from `first`'s."""
    return bool(entry.date and first.date) and (first.date.startswith(entry.date) or entry.date.startswith(first.date))


def _negated(date: str) -> tuple:
    # Dates are strings like "2022" or "2022-05-10"; sorting by negated code points
    # puts later dates first while keeping undated entries last.
    return tuple(-ord(c) for c in date) + (1,) if date else (2,)


def _names_a_subject(ref: Reference) -> bool:
    return ref.field != BODY and "related" not in ref.path


class Graph:
    """Entries and the references between them, in both directions."""

    def __init__(self, catalog: Catalog, entries: dict[str, Entry], read: Callable[[str], BodyReading] | None = None):
        """`read` reads the links of articles' text (`checks.markdown_bodies.BodyReader`);
        without it, links in text make no mentions."""
        self.catalog = catalog
        self.entries = entries
        self.outgoing: dict[str, list[Reference]] = defaultdict(list)
        self.incoming: dict[str, list[Reference]] = defaultdict(list)
        self.topics: dict[str, list[str]] = {}
        by_topic: dict[str, list[str]] = defaultdict(list)
        topics_collection = catalog.topics  # looked up once: a property that searches the collections
        for key in sorted(entries):
            entry = entries[key]
            topics: dict[str, None] = {}
            for path, target_collection, value in iter_references(catalog, entry.collection, entry.data):
                target = value if target_collection == ANY_COLLECTION else f"{target_collection}/{value}"
                if target not in entries or target == key:
                    continue
                reference = Reference(key, target, path)
                self.outgoing[key].append(reference)
                self.incoming[target].append(reference)
                if target.split("/", 1)[0] == topics_collection:
                    topics[target] = None
            self._add_body_links(entry, read)
            self.topics[key] = list(topics)
            for topic in topics:
                by_topic[topic].append(key)
        # Every entry's place in newest-first order, and each topic's entries in that
        # order and as a set, so that `related` never sorts or counts a whole topic.
        newest = sorted(entries.values(), key=self.order_key)
        self._rank = {entry.key: rank for rank, entry in enumerate(newest)}
        self._by_collection: dict[str, list[Entry]] = defaultdict(list)
        for entry in newest:
            self._by_collection[entry.collection].append(entry)
        for name, members in self._by_collection.items():
            if name in catalog and catalog[name].sort_by:
                members.sort(key=_sort_key(catalog[name].sort_by, self._rank))
        self._position = {
            entry.key: place for members in self._by_collection.values() for place, entry in enumerate(members)
        }
        self._by_topic = {topic: sorted(keys, key=self._rank.__getitem__) for topic, keys in by_topic.items()}
        self._topic_sets = {topic: set(keys) for topic, keys in by_topic.items()}

    def _add_body_links(self, entry: Entry, read: Callable[[str], BodyReading] | None) -> None:
        """A link in an article's text to another entry's page is a mention of it."""
        if entry.body is None or read is None or ".md" not in entry.body.text:
            return
        for path in linked_pages(entry.src_uri, read(entry.body.text).hrefs):
            target = path.removesuffix(".md")
            if target in self.entries and target != entry.key:
                reference = Reference(entry.key, target, (BODY,))
                self.outgoing[entry.key].append(reference)
                self.incoming[target].append(reference)

    @functools.cached_property
    def contributors(self) -> Contributors:
        """Every release note in version order with its anchor, and every author
        handle's notes and page (`notes.py`): worked out once, on first use."""
        return Contributors(self)

    def order_key(self, entry: Entry) -> tuple:
        """`newest_first` with the series field of the entry's collection."""
        return newest_first(entry, self.catalog[entry.collection].series if entry.collection in self.catalog else None)

    def topic_keys(self, slugs: list[str]) -> list[str]:
        """The keys of topics named by slug, e.g. in a release note's `topics`."""
        return [f"{self.catalog.topics}/{slug}" for slug in slugs]

    def newest_first(self, entry: Entry) -> int:
        """Sort key of an entry of the graph: `newest_first`, worked out once per entry."""
        return self._rank[entry.key]

    def by_collection(self, collection: str) -> list[Entry]:
        """The entries of one collection, newest first, or in the order its schema names
        (`x-kb-sort-by`, e.g. releases by version); sorted once, when the graph is built."""
        return list(self._by_collection.get(collection, ()))

    def neighbours(self, key: str) -> tuple[Entry | None, Entry | None]:
        """The entries before and after `key` in its collection's newest-first order."""
        entry = self.entries[key]
        siblings, position = self._by_collection[entry.collection], self._position[key]
        return (
            siblings[position - 1] if position else None,
            siblings[position + 1] if position + 1 < len(siblings) else None,
        )

    def newest_candidates(self, collection: str) -> int:
        """How many entries of a collection may be its newest, as far as the dates say:
        1 when the first of `by_collection` is known to be the newest."""
        entries = self._by_collection.get(collection, ())
        return 1 + sum(1 for entry in entries[1:] if may_be_newer(entry, entries[0])) if entries else 0

    def sharing_first_date(self, collection: str) -> int:
        """How many dated entries of a collection have a date that cannot be told apart
        from its first entry's (the first included); 0 when the first has no date.
        Undated entries never count: "one of 3 from 2022" must not date them."""
        entries = self._by_collection.get(collection, ())
        return sum(1 for entry in entries if same_date(entry, entries[0])) if entries else 0

    def referenced(self, key: str, collection: str | None = None, field: str | None = None) -> list[Entry]:
        """Entries that `key` names, in the order it names them, without repeats."""
        seen: dict[str, None] = {}
        for ref in self.outgoing.get(key, ()):
            if (collection is None or ref.target.split("/")[0] == collection) and (field is None or ref.field == field):
                seen[ref.target] = None
        return [self.entries[k] for k in seen]

    def backlinks(self, key: str) -> dict[str, list[Entry]]:
        """Entries that name `key`, grouped by collection (in catalog order), newest first."""
        groups: dict[str, dict[str, Entry]] = defaultdict(dict)
        for ref in self.incoming.get(key, ()):
            source = self.entries[ref.source]
            groups[source.collection][source.key] = source
        return {
            name: sorted(groups[name].values(), key=self.newest_first)
            for name in self.catalog.collections
            if name in groups
        }

    def related(self, key: str, limit: int = 5) -> list[Entry]:
        """Entries sharing at least two topics with `key`, the most first; ties broken
        by date, then title. There may be none: one shared topic is too weak a link.

        Entries the page already lists, because one names the other, are left out.

        Counting every member of every topic would make the build quadratic once a
        topic is popular, so only entries found in two or more of the topics (set
        intersections) are counted: one shared topic is not enough anyway.
        """
        listed = {key} | {ref.target for ref in self.outgoing.get(key, ())}
        listed |= {ref.source for ref in self.incoming.get(key, ())}
        topics = self.topics.get(key, ())
        sets = [self._topic_sets[topic] for topic in topics]
        # An entry in c of the topics is in c*(c-1)/2 of the pairwise intersections,
        # so these counts order entries exactly as counts of shared topics would.
        shared: Counter[str] = Counter()
        for index, first in enumerate(sets):
            for second in sets[index + 1 :]:
                shared.update(first & second)
        for other in listed:
            shared.pop(other, None)
        rank = self._rank
        return [self.entries[k] for k in heapq.nsmallest(limit, shared, key=lambda k: (-shared[k], rank[k]))]

    def named_together(self, key: str, limit: int = 12) -> list[tuple[Entry, int]]:
        """The subjects (topics, people, organizations: what an entry names in its fields,
        not what it links as related or in its text) most often named by the same
        entries as `key`, with how many entries name both: most first, then newest
        first; at most `limit`.

        Linear in what names `key` and what those entries name: no scan of the graph."""
        sources = {ref.source for ref in self.incoming.get(key, ())}
        together: Counter[str] = Counter()
        for source in sources:
            named = {ref.target for ref in self.outgoing.get(source, ()) if _names_a_subject(ref)}
            together.update(named - {key})
        rank = self._rank
        strongest = heapq.nsmallest(limit, together, key=lambda other: (-together[other], rank[other]))
        return [(self.entries[other], together[other]) for other in strongest]

    def most_mentioned(self, limit: int = 20) -> list[tuple[Entry, int]]:
        """The entries named by the most other entries, with that number; ties newest first."""
        named_by = {key: len({ref.source for ref in refs}) for key, refs in self.incoming.items() if refs}
        rank = self._rank
        top = heapq.nsmallest(limit, named_by, key=lambda key: (-named_by[key], rank[key]))
        return [(self.entries[key], named_by[key]) for key in top]

    def note_related(self, release_key: str, note: dict) -> list[Entry]:
        """What explains a release note: its own `related` entries, then the
        articles, courses and talks that reference the release and are about every one
        of the note's topics. One shared topic is not enough: an article on AKS
        that names the release and the topic "data planes" says nothing about VPP."""
        found: dict[str, None] = {}
        for key in note.get("related", []):
            if key in self.entries:
                found[key] = None
        topics = set(self.topic_keys(note.get("topics", [])))
        for ref in self.incoming.get(release_key, ()):
            explains = self.catalog[ref.source.split("/")[0]].explains == release_key.split("/")[0]
            if explains and topics and topics <= set(self.topics.get(ref.source, ())):
                found[ref.source] = None
        return [self.entries[k] for k in found]
