"""Rendering again only the pages a change can affect, for the preview.

Rendering every generated page is most of the knowledge base's own time in a rebuild
(0.5 s of 0.8 s at 1,000 entries), and after a one-entry edit nearly every page comes
out the same. So the preview remembers, for each page, its text and the entries whose
data it read (`PreviewRenderer` records them), and after a change renders again:

- the pages that read the data of an entry that changed, was added or was removed;
- the pages of the entries that name it or that it names, before and after (their
  backlinks and reference lists), and of the entries either side of it in its
  collection, before and after (their previous and next links);
- when its topics or its place in the newest-first order changed, or it came or went,
  the pages of every entry sharing a topic with it (their "related" lists);
- the indexes and views of all those entries' collections (lists, counts), and every
  other page that is not an entry's (feeds, nav groups' pages: few, and they may list
  or count anything);
- every page, when a template, a schema or the set of held-back files changed.

A change many pages show (a topic renamed: every entry that names it lists its name)
need not wait for all of them: with `first_pages` set (the preview does, when the
browser reloads by itself), a render after an edit renders the pages of the entries
edited, new pages, and `first_pages` others; the rest keep their last text and wait
for the next render (`pending`), which the preview asks for at once.

Which of these rules applies to a page is its kind's (`plan.PageKind.stale`); an
article's header and footer are planned pages like any other, remembered by their key.

What is left is the same text as last time, which is what a full render would give:
the equivalence test (tests/preview/test_preview_equivalence.py) compares the preview with
clean builds after a scripted sequence of edits.
"""

from __future__ import annotations

import dataclasses
import os
from pathlib import Path

from ..graph import Graph
from ..load.files import Entry
from ..plan import PlannedPage, Stale


@dataclasses.dataclass
class RenderMemo:
    """What the last preview build rendered; one lives as long as a serve process."""

    texts: dict[str, str] = dataclasses.field(default_factory=dict)
    """The text of each page rendered, by its key (`PlannedPage.key`)."""
    reads: dict[str, frozenset[str]] = dataclasses.field(default_factory=dict)
    """The entries whose data each page read when it was rendered, by its key."""
    entries: dict[str, Entry] = dataclasses.field(default_factory=dict)
    graph: Graph | None = None
    signature: tuple = ()
    """The templates, the schemas and the held-back keys the texts were rendered with."""
    changed: frozenset[str] = frozenset()
    """The entries added, removed or edited since the render before the last one."""
    first_pages: int | None = None
    """How many stale pages besides the edited entries' own a render after an edit
    renders at most (None: every one)."""
    pending: set[str] = dataclasses.field(default_factory=set)
    """The keys of the stale pages left for the next render."""

    def stale(self, pages: list[PlannedPage], graph: Graph, signature: tuple) -> list[PlannedPage]:
        """The pages that must be rendered again; every other page's text is remembered."""
        if signature != self.signature or self.graph is None:
            self.changed, self.pending = frozenset(), set()
            return list(pages)
        changed = changed_entries(self.entries, graph.entries)
        self.changed = frozenset(changed)
        affected = set(changed)
        for key in changed:
            affected |= _neighbours(self.graph, key) | _neighbours(graph, key)
            affected |= _adjacent(self.graph, key) | _adjacent(graph, key)
            if _moved(self.graph, graph, key):
                affected |= _topic_mates(self.graph, key) | _topic_mates(graph, key)
        change = _Change(changed, affected, {key.split("/", 1)[0] for key in affected})
        stale = [
            page
            for page in pages
            if page.key not in self.texts or page.key in self.pending or self._must_render(page, change)
        ]
        return self._now(stale)

    def _now(self, stale: list[PlannedPage]) -> list[PlannedPage]:
        """The stale pages to render now (see `first_pages`); the others go to `pending`."""
        if self.first_pages is None or not self.changed:
            self.pending = set()
            return stale
        first, others = [], []
        for page in stale:
            (first if page.subject in self.changed or page.key not in self.texts else others).append(page)
        self.pending = {page.key for page in others[self.first_pages :]}
        return first + others[: self.first_pages]

    def _must_render(self, page: PlannedPage, change: _Change) -> bool:
        read_a_change = bool(self.reads.get(page.key, frozenset()) & change.changed)
        rule = page.page_kind.stale
        if rule is Stale.ENTRY:
            return page.subject in change.affected or read_a_change
        if rule is Stale.COLLECTION:
            return page.collection in change.collections or read_a_change
        return bool(change.changed)

    def remember(self, texts: dict[str, str], reads: dict[str, frozenset[str]], graph: Graph, signature: tuple) -> None:
        """After a render: `texts` and `reads` of the pages rendered again, and what they were made from."""
        if signature != self.signature:
            self.texts, self.reads = {}, {}
        self.texts.update(texts)
        self.reads.update(reads)
        self.entries = dict(graph.entries)
        self.graph = graph
        self.signature = signature

    def forget(self, key: str) -> None:
        """A page whose template failed: never show its old text."""
        self.texts.pop(key, None)
        self.reads.pop(key, None)


@dataclasses.dataclass(frozen=True)
class _Change:
    changed: set[str]
    """The entries added, removed or edited."""
    affected: set[str]
    """Those and the entries whose lists show them (see the module's docstring)."""
    collections: set[str]
    """The collections of the affected entries."""


def changed_entries(before: dict[str, Entry], after: dict[str, Entry]) -> set[str]:
    """Keys of the entries added, removed, or whose data, body (an article's links) or file changed."""
    changed = set(before.keys() ^ after.keys())
    for key in before.keys() & after.keys():
        old, new = before[key], after[key]
        if old is not new and (old.source != new.source or old.data != new.data or old.body != new.body):
            changed.add(key)
    return changed


def files_signature(*folders: Path) -> tuple:
    """(name, size, modification time) of every file in the folders: templates, schemas."""
    found = []
    for folder in folders:
        for directory, _, names in os.walk(folder):
            for name in names:
                path = os.path.join(directory, name)
                stat = os.stat(path)
                # Named from the folder, however it was spelled (MkDocs gives the theme's
                # custom_dir as written at start-up, and absolute in later rebuilds).
                found.append((folder.name, os.path.relpath(path, folder), stat.st_size, stat.st_mtime_ns))
    return tuple(sorted(found))


def _neighbours(graph: Graph, key: str) -> set[str]:
    return {ref.target for ref in graph.outgoing.get(key, ())} | {ref.source for ref in graph.incoming.get(key, ())}


def _adjacent(graph: Graph, key: str) -> set[str]:
    """The entries either side of `key` in its collection: their pages link it as the
    previous or next page (render/wayfinding.py)."""
    if key not in graph.entries:
        return set()
    return {entry.key for entry in graph.neighbours(key) if entry is not None}


def _topic_mates(graph: Graph, key: str) -> set[str]:
    """The entries sharing a topic with `key`: those that name one of its topics."""
    return {ref.source for topic in graph.topics.get(key, ()) for ref in graph.incoming.get(topic, ())}


def _moved(before: Graph, after: Graph, key: str) -> bool:
    """True when an entry's place among the entries sharing its topics may have changed."""
    old, new = before.entries.get(key), after.entries.get(key)
    if old is None or new is None:
        return True
    return before.topics.get(key) != after.topics.get(key) or before.order_key(old) != after.order_key(new)
