"""Feeds: RSS 2.0 and JSON Feed 1.1 of what is new in the knowledge base.

Readers follow the site in a feed reader instead of visiting it. There is one feed
of everything new (`feed.xml`, `feed.json`), where every kind keeps a share of the
items (`KIND_SHARE`), and one per dated collection (`releases/feed.xml`, ...). A
collection has feeds when its schema has a `date` field (`Collection.dated`), so a
new dated collection gets feeds without new Python.

Dates. Entries are dated "YYYY", "YYYY-MM" or "YYYY-MM-DD"; feeds date items with a
moment. Only a full date gives one: the item is dated at midnight UTC that day. An
entry dated only by its year or month has no date in the feeds (RSS `pubDate` and
JSON Feed `date_published` are both optional): "2022" written as 1 January 2022 would
tell every feed reader a day no source gives. A collection's feed keeps its index's
order (newest first where the dates tell entries apart, then series order, then
title, as its description says); the site's feed is by date, then title, since series
order means nothing across collections. A feed's own date (RSS `lastBuildDate`) is
its newest dated item's. Nothing depends on the time of the build, so two builds of
one commit write byte-identical feeds.

Text. Feed items carry titles and summaries as plain text. RSS `description` is HTML
by convention, so the summary is HTML-escaped before XML escaping: a summary that
mentions `<b>` shows `<b>` in a feed reader instead of turning bold.
"""

from __future__ import annotations

import dataclasses
import datetime
import email.utils
import html
import json
import xml.etree.ElementTree as ET

from ..graph import ORDER_NOTE, Graph, by_date
from ..load.files import Entry
from ..paths import page_url
from ..plan import PlannedPage
from ..problems import Problem

MAX_ITEMS = 50
"""Items per feed, in the channel's order: feed readers poll often, and older items stay on the site."""
KIND_SHARE = 10
"""Items of one kind the site's feed takes before the other kinds' newest: with
hundreds of dated releases, a feed by date alone is releases and nothing else."""
RSS_TYPE = "application/rss+xml"
JSON_FEED_TYPE = "application/feed+json"
JSON_FEED_VERSION = "https://jsonfeed.org/version/1.1"
_ATOM = "http://www.w3.org/2005/Atom"


@dataclasses.dataclass(frozen=True)
class _Channel:
    directory: str
    """"" for the whole site, else the collection name."""
    title: str
    description: str
    entries: list[Entry]


def site_url_problems(site_url: str | None, config_file: str = "mkdocs.yml") -> list[Problem]:
    """Feeds need absolute addresses: a site_url that gives none is a problem."""
    if site_url and site_url.startswith(("https://", "http://")):
        return []
    return [
        Problem(
            config_file,
            1,
            1,
            f"site_url is {site_url!r}, but feeds need absolute addresses",
            "set site_url: https://example.org/path/ in mkdocs.yml",
        )
    ]


def feed_title(graph: Graph, page: PlannedPage, site_name: str) -> str:
    """What a reader sees when subscribing, e.g. "Calico Community Knowledge Base: Releases (RSS)"."""
    title = f"{site_name}: {graph.catalog[page.collection].plural}" if page.collection else site_name
    return title + (" (JSON Feed)" if page.subject == "feed.json" else " (RSS)")


def media_type(page: PlannedPage) -> str:
    return JSON_FEED_TYPE if page.subject == "feed.json" else RSS_TYPE


def render_feed(
    graph: Graph, page: PlannedPage, site_url: str, site_name: str, site_description: str | None = None
) -> str:
    """The text of one planned feed (see `plan`): its channel's first entries, in its order."""
    base = site_url if site_url.endswith("/") else site_url + "/"
    channel = _channel(graph, page.collection, site_name, site_description)
    render = _json_feed if page.subject == "feed.json" else _rss
    entries = channel.entries[:MAX_ITEMS] if page.collection is not None else every_kind(channel.entries)
    return render(graph, channel, entries, base, page.src_uri)


def every_kind(entries: list[Entry]) -> list[Entry]:
    """The site feed's items: the newest `KIND_SHARE` of each kind first, then the
    newest of the rest up to `MAX_ITEMS`, in the channel's order (by date), so that
    every kind with a dated entry is in the feed."""
    taken: dict[str, int] = {}
    chosen: set[str] = set()
    for entry in entries:
        if taken.get(entry.collection, 0) < KIND_SHARE and len(chosen) < MAX_ITEMS:
            taken[entry.collection] = taken.get(entry.collection, 0) + 1
            chosen.add(entry.key)
    for entry in entries:
        if len(chosen) >= MAX_ITEMS:
            break
        chosen.add(entry.key)
    return [entry for entry in entries if entry.key in chosen]


def _channel(graph: Graph, collection: str | None, site_name: str, site_description: str | None) -> _Channel:
    if collection is None:
        dated = [name for name, c in graph.catalog.collections.items() if c.dated]
        everything = [e for name in dated for e in graph.by_collection(name)]
        return _Channel("", site_name, site_description or site_name, sorted(everything, key=by_date))
    plural = graph.catalog[collection].plural
    return _Channel(
        collection,
        f"{site_name}: {plural}",
        f"{plural} in the {site_name}, {ORDER_NOTE}",
        graph.by_collection(collection),
    )


def is_site_feed(page: PlannedPage) -> bool:
    """True for the feeds every page links in its <head>: the whole site's.

    Collection feeds are linked from their index pages instead: Material's instant
    navigation reads every <link rel="alternate"> as a language version of the site
    and fetches sitemap.xml next to it, which only exists at the site's root.
    """
    return page.is_feed and page.collection is None


def item_date(date: str) -> datetime.datetime | None:
    """Midnight UTC of a full date "YYYY-MM-DD"; None for a year, a month or no date,
    which name no day."""
    parts = date.split("-") if date else []
    if len(parts) != 3:
        return None
    try:
        return datetime.datetime(*(int(p) for p in parts), tzinfo=datetime.UTC)
    except (TypeError, ValueError):
        return None


def _item(graph: Graph, entry: Entry, base: str) -> dict:
    summary = entry.data.get("summary") or entry.data.get("description") or ""
    return {
        "url": base + page_url(entry.src_uri),
        "title": entry.title,
        "summary": " ".join(str(summary).split()),
        "date": item_date(entry.date),
        "kind": graph.catalog[entry.collection].title,
        "topics": [graph.entries[t].title for t in graph.topics.get(entry.key, ())],
        "authors": [
            {"name": p.title, "url": base + page_url(p.src_uri)} for p in graph.referenced(entry.key, field="authors")
        ],
    }


def _channel_link(base: str, channel: _Channel) -> str:
    return base + (f"{channel.directory}/" if channel.directory else "")


def _rss(graph: Graph, channel: _Channel, entries: list[Entry], base: str, dest_uri: str) -> str:
    ET.register_namespace("atom", _ATOM)
    rss = ET.Element("rss", {"version": "2.0"})
    head = ET.SubElement(rss, "channel")
    ET.SubElement(head, "title").text = channel.title
    ET.SubElement(head, "link").text = _channel_link(base, channel)
    ET.SubElement(head, "description").text = channel.description
    ET.SubElement(head, "language").text = "en"
    ET.SubElement(head, f"{{{_ATOM}}}link", {"href": base + dest_uri, "rel": "self", "type": RSS_TYPE})
    items = [_item(graph, entry, base) for entry in entries]
    dates = [item["date"] for item in items if item["date"]]
    if dates:
        ET.SubElement(head, "lastBuildDate").text = email.utils.format_datetime(max(dates))
    for item in items:
        element = ET.SubElement(head, "item")
        ET.SubElement(element, "title").text = item["title"]
        ET.SubElement(element, "link").text = item["url"]
        ET.SubElement(element, "guid", {"isPermaLink": "true"}).text = item["url"]
        if item["summary"]:
            ET.SubElement(element, "description").text = html.escape(item["summary"], quote=False)
        if item["date"]:
            ET.SubElement(element, "pubDate").text = email.utils.format_datetime(item["date"])
        for category in [item["kind"], *item["topics"]]:
            ET.SubElement(element, "category").text = category
    ET.indent(rss)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(rss, encoding="unicode") + "\n"


def _json_feed(graph: Graph, channel: _Channel, entries: list[Entry], base: str, dest_uri: str) -> str:
    items = []
    for item in (_item(graph, entry, base) for entry in entries):
        rendered = {
            "id": item["url"],
            "url": item["url"],
            "title": item["title"],
            "content_text": item["summary"] or item["title"],
        }
        if item["summary"]:
            rendered["summary"] = item["summary"]
        if item["date"]:
            rendered["date_published"] = item["date"].strftime("%Y-%m-%dT%H:%M:%SZ")
        if item["authors"]:
            rendered["authors"] = item["authors"]
        rendered["tags"] = [item["kind"], *item["topics"]]
        items.append(rendered)
    feed = {
        "version": JSON_FEED_VERSION,
        "title": channel.title,
        "home_page_url": _channel_link(base, channel),
        "feed_url": base + dest_uri,
        "description": channel.description,
        "language": "en",
        "items": items,
    }
    return json.dumps(feed, ensure_ascii=False, indent=2, allow_nan=False) + "\n"  # NaN is no JSON
