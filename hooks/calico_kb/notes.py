"""Release notes across releases: where each note is, and who wrote it.

A note has no file of its own: it lives in its release's entry. Readers still need to
point at one ("the fix in 3.26.1 for the eBPF crash"), and to find everything one
author did. So every note gets an anchor on its release page, stable across
re-imports, and every author handle gets a page listing its notes: the page of the
person entry whose `github` field is that handle, or else a contributor page of its
own (`contributors/<handle>.md`, planned in `plan.py`). The release pages, the
contributor and person pages and the release explorer's data all read this module,
so they agree on every anchor and every author's address.

Anchors. A note's anchor is made from its first pull request ("pr-calico-1234"):
upstream never renumbers a pull request, so the anchor survives a re-import and any
edit of the note's text. A note without a pull request, or whose first pull request an
earlier note of the same release already took, is anchored by a hash of its text
("note-1a2b3c4d"): stable as long as the text is. Identical texts get "-2", "-3" in
the order of the notes.

Handles. GitHub handles are case-insensitive: "Felix" and "felix" are one person, one
page. A GitHub app's handle ends in "[bot]", which no address should carry, and a
user's handle never has two hyphens in a row, so "dependabot[bot]" becomes the slug
"dependabot--bot", which no user's handle can take.
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import math
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .graph import Graph
    from .load.files import Entry

RELEASES = "releases"
"""The collection whose entries hold release notes."""
PEOPLE = "people"
"""The collection whose entries may claim a handle (`github`)."""
HANDLE_FIELD = "github"
"""The field of a person entry that names their GitHub handle."""
CONTRIBUTORS_DIR = "contributors"
CONTRIBUTOR_PAGE = CONTRIBUTORS_DIR + "/{slug}.md"
CONTRIBUTORS_INDEX = CONTRIBUTORS_DIR + "/index.md"
BOT_SUFFIX = "[bot]"
PART_SIZE = 1000
"""Notes per file of the release explorer's data (render/explorer_data.py): ~40-60 KB compressed."""
MANIFEST = "notes.json"
PART = "notes-{number}.json"


def explorer_files(view_src_uri: str, notes: int) -> list[str]:
    """The explorer's data files beside its page ("releases/explorer.md" ->
    "releases/explorer/notes.json", ".../notes-1.json"...): the manifest first."""
    folder = view_src_uri.removesuffix(".md")
    count = max(1, math.ceil(notes / PART_SIZE))
    parts = [PART.format(number=number) for number in range(1, count + 1)]
    return [f"{folder}/{name}" for name in [MANIFEST, *parts]]


def count_notes(entries: Any) -> int:
    """How many notes the releases among `entries` hold."""
    return sum(
        len(entry.data.get("notes") or [])
        for entry in entries
        if entry.collection == RELEASES and isinstance(entry.data.get("notes"), list)
    )


def note_anchors(notes: list[dict[str, Any]]) -> list[str]:
    """The anchor of each note of one release, in the notes' order (see the module)."""
    taken: set[str] = set()
    anchors = []
    for note in notes:
        prs = note.get("pull_requests") or []
        first = prs[0] if prs and isinstance(prs[0], dict) else None
        anchor = f"pr-{first.get('repository')}-{first.get('number')}" if first else None
        if anchor is None or anchor in taken:
            digest = hashlib.sha256(str(note.get("text", "")).encode("utf-8")).hexdigest()[:8]
            anchor = base = f"note-{digest}"
            count = 1
            while anchor in taken:
                count += 1
                anchor = f"{base}-{count}"
        taken.add(anchor)
        anchors.append(anchor)
    return anchors


def handle_key(handle: str) -> str:
    """How handles compare: GitHub's handles are case-insensitive."""
    return handle.casefold()


def contributor_slug(handle: str) -> str:
    """The slug of a handle's contributor page: "Felix" -> "felix",
    "dependabot[bot]" -> "dependabot--bot"."""
    key = handle_key(handle)
    return key[: -len(BOT_SUFFIX)] + "--bot" if key.endswith(BOT_SUFFIX) else key


def contributor_page(handle: str) -> str:
    """The src_uri of a handle's own contributor page (when no person claims it)."""
    return CONTRIBUTOR_PAGE.format(slug=contributor_slug(handle))


def profile_url(handle: str) -> str:
    """The handle's profile on GitHub: an app's ("name[bot]") is under /apps/."""
    if handle_key(handle).endswith(BOT_SUFFIX):
        return f"https://github.com/apps/{handle[: -len(BOT_SUFFIX)]}"
    return f"https://github.com/{handle}"


def pull_request_url(pr: dict[str, Any]) -> str:
    return f"https://github.com/projectcalico/{pr['repository']}/pull/{pr['number']}"


def claimed_handles(entries: Iterable[Entry]) -> dict[str, Entry]:
    """The person entry of each handle a `people` entry claims, by `handle_key`
    (the first in key order when two claim one: the duplicate check reports it)."""
    claimed: dict[str, Entry] = {}
    for entry in sorted(entries, key=lambda e: e.key):
        handle = entry.data.get(HANDLE_FIELD) if entry.collection == PEOPLE else None
        if isinstance(handle, str):
            claimed.setdefault(handle_key(handle), entry)
    return claimed


def note_handles(entries: Iterable[Entry]) -> dict[str, str]:
    """Every author handle of every release note, by `handle_key`: the spelling first
    met in key order."""
    handles: dict[str, str] = {}
    for entry in sorted(entries, key=lambda e: e.key):
        if entry.collection != RELEASES:
            continue
        for note in entry.data.get("notes") or []:
            for handle in note.get("authors") or [] if isinstance(note, dict) else []:
                if isinstance(handle, str):
                    handles.setdefault(handle_key(handle), handle)
    return handles


def unclaimed_handles(entries: dict[str, Entry]) -> dict[str, str]:
    """The handles that get a contributor page of their own: those no person claims,
    by their page's src_uri, sorted."""
    claimed = claimed_handles(entries.values())
    handles = note_handles(entries.values())
    pages = {contributor_page(handle): handle for key, handle in handles.items() if key not in claimed}
    return dict(sorted(pages.items()))


@dataclasses.dataclass(frozen=True)
class PlacedNote:
    """A note where the site shows it: its release, and its anchor on the release's page."""

    release: Entry
    note: dict[str, Any]
    anchor: str

    @property
    def src_uri(self) -> str:
        return self.release.src_uri


@dataclasses.dataclass(frozen=True)
class Contributor:
    """An author handle, the page that is theirs and their notes, highest version first."""

    handle: str
    page: str
    """The src_uri of their page: their person entry's, or their own contributor page."""
    person: Entry | None
    notes: list[PlacedNote]


class Contributors:
    """Every note of every release in version order, and every author's notes: built
    once per graph (`Graph.contributors`), in one pass over the releases."""

    def __init__(self, graph: Graph):
        self.notes: list[PlacedNote] = []
        """Every note, releases in their index's order (highest version first), each
        release's notes in their own order."""
        for release in graph.by_collection(RELEASES):
            notes = release.data.get("notes") or []
            self.notes.extend(PlacedNote(release, n, a) for n, a in zip(notes, note_anchors(notes), strict=True))
        claimed = claimed_handles(graph.entries.values())
        self._by_key: dict[str, Contributor] = {}
        for placed in self.notes:
            for handle in placed.note.get("authors") or []:
                key = handle_key(handle)
                if key not in self._by_key:
                    person = claimed.get(key)
                    page = person.src_uri if person is not None else contributor_page(handle)
                    self._by_key[key] = Contributor(handle, page, person, [])
                self._by_key[key].notes.append(placed)

    def of(self, handle: str) -> Contributor | None:
        """A handle's contributor (any case), None for a handle no note names."""
        return self._by_key.get(handle_key(handle))

    def page_of(self, handle: str) -> str:
        """The src_uri of the page a handle links to."""
        contributor = self.of(handle)
        return contributor.page if contributor is not None else contributor_page(handle)

    @functools.cached_property
    def by_person(self) -> dict[str, Contributor]:
        """The contributor a person entry is, by the entry's key."""
        return {c.person.key: c for c in self._by_key.values() if c.person is not None}

    @functools.cached_property
    def own_pages(self) -> list[Contributor]:
        """The contributors with a page of their own (no person claims them), by page."""
        return sorted((c for c in self._by_key.values() if c.person is None), key=lambda c: c.page)

    @functools.cached_property
    def _positions(self) -> dict[str, int]:
        return {c.page: index for index, c in enumerate(self.own_pages)}

    def neighbours(self, handle: str) -> tuple[str | None, str | None]:
        """The handles whose own pages come before and after `handle`'s, by page."""
        position, pages = self._positions[self.page_of(handle)], self.own_pages
        return (
            pages[position - 1].handle if position else None,
            pages[position + 1].handle if position + 1 < len(pages) else None,
        )

    def everyone(self) -> list[Contributor]:
        """Every author, the most notes first, then by handle."""
        return sorted(self._by_key.values(), key=lambda c: (-len(c.notes), handle_key(c.handle)))
