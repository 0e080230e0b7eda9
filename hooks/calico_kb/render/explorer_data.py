"""The release explorer's data: every release note as JSON, in files the browser loads.

The explorer (templates/releases-explorer.md.j2, docs/assets/explorer.js) lists,
filters and pages thousands of notes. As one page of HTML that was a megabyte and
seconds of layout; as data, the page is small and the browser fetches what it shows.
The notes are split into parts of `PART_SIZE` notes in the explorer's order (highest
version first): the first part shows the first pages at once, and the others are
fetched only when a reader filters, searches or pages past it, so the first load stays
the same size however many releases there are. The manifest, `notes.json`, holds
what the filters offer and count before the parts arrive: the vocabularies, the
releases, the authors, and how many notes have each value.

Written by the build (a planned file, `plan.EXPLORER_DATA`), from data the schema
checked, with `json.dumps(allow_nan=False)`: valid JSON by construction. The texts are
plain text; explorer.js puts them into the page as text (`textContent`), never as
markup.

Format (short keys: the parts are most of what a reader downloads).
Manifest: `total`, `part_size`, `parts` (file names beside the manifest), `kinds`,
`areas`, `products`, `topics` ([{"value", "label"}...] in the order filters list them;
topics also with their page's `url`), `series` (the "major.minor" of every version,
highest first), `releases` ([{"title", "version", "product" (index into products),
"series" (index into series), "url"}...], highest version first), `authors`
([{"handle", "url"}...], by handle), `counts` ({facet: {value: notes}}).
A part: {"notes": [...]}, each note {"r": release index, "id": its anchor on the
release page, "k": kind, "a": area (absent when none), "h": title, "x": text,
"s": status, "p": [[repository, number]...], "u": [author index...], "t": [topic...]}.
Addresses are relative to the explorer's page.
"""

from __future__ import annotations

import functools
import json
import posixpath
from collections import Counter
from typing import Any

from .. import notes as release_notes
from .. import paths
from ..graph import Graph
from ..notes import MANIFEST, RELEASES, PlacedNote, explorer_files, handle_key
from ..schema.fields import choice_labels, field_node
from ..schema.versions import parse_version


def render_explorer_data(graph: Graph, src_uri: str, page_url: str) -> str:
    """The text of one data file (`src_uri`, one of `data_files`) of the explorer at
    `page_url` ("releases/explorer/")."""
    name = posixpath.basename(src_uri)
    notes = graph.contributors.notes
    if name == MANIFEST:
        files = explorer_files(page_url.rstrip("/") + ".md", len(notes))
        return _dump(_manifest(graph, page_url, [posixpath.basename(f) for f in files[1:]]))
    number = int(name.removeprefix("notes-").removesuffix(".json"))
    size = release_notes.PART_SIZE
    chosen = notes[(number - 1) * size : number * size]
    return _dump({"notes": [_note(graph, placed, _indexes(graph)) for placed in chosen]})


def _dump(value: dict[str, Any]) -> str:
    return json.dumps(value, ensure_ascii=False, allow_nan=False, separators=(",", ":")) + "\n"


def _relative(target_url: str, page_url: str) -> str:
    """A site-relative directory URL as seen from the explorer's page."""
    return posixpath.relpath(target_url or ".", page_url.rstrip("/") or ".").rstrip("/") + "/"


def series_of(version: str) -> str:
    parsed = parse_version(version)
    return f"{parsed.major}.{parsed.minor}" if parsed is not None else version


class _Indexes:
    """Positions of releases, series and authors in the manifest's lists."""

    def __init__(self, graph: Graph):
        releases = graph.by_collection(RELEASES)
        self.releases = {release.key: index for index, release in enumerate(releases)}
        self.series = list(dict.fromkeys(series_of(str(r.data.get("version", ""))) for r in releases))
        handles = {handle_key(c.handle): c for c in graph.contributors.everyone()}
        self.authors = [handles[key] for key in sorted(handles)]
        self.author_index = {key: index for index, key in enumerate(sorted(handles))}


@functools.lru_cache(maxsize=1)  # every part of one build shares them
def _indexes(graph: Graph) -> _Indexes:
    return _Indexes(graph)


def _vocabulary(graph: Graph, field: str) -> list[dict[str, str]]:
    labels = choice_labels(field_node(graph.catalog, RELEASES, field))
    return [{"value": value, "label": label} for value, label in labels.items()]


def _manifest(graph: Graph, page_url: str, parts: list[str]) -> dict[str, Any]:
    indexes = _indexes(graph)
    notes = graph.contributors.notes
    releases = graph.by_collection(RELEASES)
    products = list(dict.fromkeys(str(r.data.get("product")) for r in releases))
    topics = sorted(
        {topic for placed in notes for topic in placed.note.get("topics") or [] if f"topics/{topic}" in graph.entries}
    )
    counts: dict[str, Counter[str]] = {f: Counter() for f in ("kind", "area", "product", "topic", "author", "series")}
    for placed in notes:
        note = placed.note
        counts["series"][series_of(str(placed.release.data.get("version", "")))] += 1
        counts["kind"][note["kind"]] += 1
        if note.get("area"):
            counts["area"][note["area"]] += 1
        counts["product"][str(placed.release.data.get("product"))] += 1
        counts["topic"].update(note.get("topics") or [])
        counts["author"].update({handle_key(h): None for h in note.get("authors") or []}.keys())
    return {
        "total": len(notes),
        "part_size": release_notes.PART_SIZE,
        "parts": parts,
        "kinds": _vocabulary(graph, "notes.*.kind"),
        "areas": _vocabulary(graph, "notes.*.area"),
        "products": [{"value": p, "label": _title(graph, f"products/{p}")} for p in products],
        "topics": [
            {
                "value": t,
                "label": graph.entries[f"topics/{t}"].title,
                "url": _relative(paths.page_url(graph.entries[f"topics/{t}"].src_uri), page_url),
            }
            for t in topics
        ],
        "series": indexes.series,
        "releases": [
            {
                "title": release.title,
                "version": str(release.data.get("version", "")),
                "product": products.index(str(release.data.get("product"))),
                "series": indexes.series.index(series_of(str(release.data.get("version", "")))),
                "url": _relative(paths.page_url(release.src_uri), page_url),
            }
            for release in releases
        ],
        "authors": [{"handle": c.handle, "url": _relative(paths.page_url(c.page), page_url)} for c in indexes.authors],
        "counts": {
            "kind": dict(counts["kind"]),
            "area": dict(counts["area"]),
            "product": dict(counts["product"]),
            "topic": dict(counts["topic"]),
            "author": {c.handle: counts["author"][handle_key(c.handle)] for c in indexes.authors},
            "series": dict(counts["series"]),
        },
    }


def _title(graph: Graph, key: str) -> str:
    entry = graph.entries.get(key)
    return entry.title if entry is not None else key.split("/", 1)[1]


def _note(graph: Graph, placed: PlacedNote, indexes: _Indexes) -> dict[str, Any]:
    note = placed.note
    out: dict[str, Any] = {"r": indexes.releases[placed.release.key], "id": placed.anchor, "k": note["kind"]}
    if note.get("area"):
        out["a"] = note["area"]
    if note.get("title"):
        out["h"] = note["title"]
    out["x"] = note["text"]
    if note.get("status"):
        out["s"] = note["status"]
    if note.get("pull_requests"):
        out["p"] = [[pr["repository"], pr["number"]] for pr in note["pull_requests"]]
    if note.get("authors"):
        out["u"] = [indexes.author_index[handle_key(h)] for h in note["authors"]]
    topics = [t for t in note.get("topics") or [] if f"topics/{t}" in graph.entries]
    if topics:
        out["t"] = topics
    return out
