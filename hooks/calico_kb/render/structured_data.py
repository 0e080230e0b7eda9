"""Structured data: what an entry page is, in schema.org JSON-LD, for search engines and
link previews that tell a person from an event.

Each collection names its schema.org type in its schema (`x-kb-schema-org`: Person,
Organization, Article, Event, Course, Report, HowTo, DefinedTerm, SoftwareApplication);
each property comes from a field the entry has, read through one shared vocabulary
(`PROPERTIES`), so that a new collection that reuses field names gets its properties
without new code, and no page claims what its data does not say. An entry named in a
field (an article's authors, a person's organization) appears with its own type, name
and page. Beyond the data there are only the page's own address (`url`), its name
(the page title) and its description (the page's, from `descriptions`).

A release is a `SoftwareApplication`: its page describes one version of a product and
what that version brings (`softwareVersion`, `featureList` from its notes of kind "feature"), which
is what that type carries, with its release notes' address (`releaseNotes`);
`SoftwareSourceCode` describes a code repository (language,
repository address), which the data never names. A spotlight is an `Article` about its
interviewees: schema.org has no interview type.

The JSON is written into a `<script type="application/ld+json">` element, which the
content policy allows with JSON content only (checks/html_policy.py); `<`, `>` and `&`
are written as JSON escapes, so no text of the data can close the element.
"""

from __future__ import annotations

import functools
import json
from typing import Any
from urllib.parse import urljoin

from markupsafe import Markup

from .. import paths
from ..graph import Graph
from ..load.files import Entry
from .descriptions import entry_description

CONTEXT = "https://schema.org"
DATE = "date"

PROPERTIES: dict[str, str] = {
    "role": "jobTitle",
    "organization": "worksFor",
    "website": "sameAs",
    "aliases": "alternateName",
    "version": "softwareVersion",
    "notes": "featureList",
    "notes_url": "releaseNotes",
    "authors": "author",
    "interviewer": "author",
    "interviewees": "about",
    "topics": "about",
    "organizations": "mentions",
    "mentions": "mentions",
    "publisher": "publisher",
    "provider": "provider",
    "organizer": "organizer",
    "speakers": "performer",
    "event": "superEvent",
    "level": "educationalLevel",
    "steps": "step",
    "date": "datePublished",
}
"""The schema.org property of each field, by the field's name in the data."""
BY_TYPE: dict[str, dict[str, str]] = {"Event": {DATE: "startDate"}}
"""Where a type names a field's property otherwise (an event starts; it is not published)."""
HEADLINED = frozenset({"Article", "Report"})
"""Types whose title is also their `headline`."""


def structured_data(graph: Graph, entry: Entry, site_url: str | None) -> dict[str, Any]:
    """The JSON-LD object of an entry's page: its type, name, address, description, and
    one property for each field of `PROPERTIES` the entry has."""
    kind = graph.catalog[entry.collection].schema_org_type
    data: dict[str, Any] = {"@context": CONTEXT, "@type": kind, "name": entry.title}
    if kind in HEADLINED:
        data["headline"] = entry.title
    data["url"] = _address(entry, site_url)
    description = entry_description(entry)
    if description:
        data["description"] = description
    for field, value in entry.data.items():
        name = BY_TYPE.get(kind, {}).get(field) or PROPERTIES.get(field)
        if not name:  # a field schema.org has no property for: not shown, not read
            continue
        shown = _value(graph, entry, field, value, site_url)
        if shown not in (None, [], ""):
            data[name] = _merged(data.get(name), shown)
    return data


def json_ld(data: dict[str, Any]) -> Markup:
    """The JSON text for a `<script type="application/ld+json">` element."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=False, separators=(",", ":"))
    return Markup(text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e"))


def _address(entry: Entry, site_url: str | None) -> str:
    return _page_address(entry.src_uri, site_url)


@functools.lru_cache(maxsize=1 << 14)
def _page_address(src_uri: str, site_url: str | None) -> str:
    """Made once a page: the same entries are named by page after page."""
    path = paths.page_url(src_uri)
    return urljoin(site_url, path) if site_url else "/" + path


def _value(graph: Graph, entry: Entry, field: str, value: Any, site_url: str | None) -> Any:
    """A field's value in schema.org terms: an entry it names as that entry's node."""
    if field == "notes" and isinstance(value, list):  # the features the version brings, by title
        return [n["title"] for n in value if isinstance(n, dict) and _is_feature(n)]
    if field == "steps" and isinstance(value, list):
        return [_step(step) for step in value if isinstance(step, dict) and isinstance(step.get("title"), str)]
    if field == "event" and isinstance(value, str):  # the conference a talk was given at
        return {"@type": "Event", "name": value}
    targets = graph.referenced(entry.key, field=field)
    if targets:
        nodes = [_node(graph, target, site_url) for target in targets]
        return nodes if isinstance(value, list) else nodes[0]
    if isinstance(value, str) or (isinstance(value, list) and all(isinstance(v, str) for v in value)):
        return value
    return None


def _node(graph: Graph, target: Entry, site_url: str | None) -> dict[str, str]:
    kind = graph.catalog[target.collection].schema_org_type
    return {"@type": kind, "name": target.title, "url": _address(target, site_url)}


def _is_feature(note: dict[str, Any]) -> bool:
    return isinstance(note.get("title"), str) and note.get("kind", "feature") == "feature"


def _step(step: dict[str, Any]) -> dict[str, str]:
    node = {"@type": "HowToStep", "name": step["title"]}
    if isinstance(step.get("detail"), str):
        node["text"] = step["detail"]
    return node


def _merged(before: Any, value: Any) -> Any:
    """Two fields of one property (a spotlight's interviewees and topics are both what it
    is `about`) become one list."""
    if before is None:
        return value
    return (before if isinstance(before, list) else [before]) + (value if isinstance(value, list) else [value])
