"""Feeds: RSS 2.0 and JSON Feed 1.1 of what is new in the knowledge base.

Readers follow the site in a feed reader instead of visiting it. There is one feed
of everything new (`feed.xml`, `feed.json`) and one per dated collection
(`releases/feed.xml`, ...). A collection has feeds when its schema has a `date`
field (`Collection.dated`), so a new dated collection gets feeds without new Python.

Dates. Entries are dated "YYYY", "YYYY-MM" or "YYYY-MM-DD"; feeds date items with a
moment. Only a full date gives one: the item is dated at midnight UTC that day. An
entry dated only by its year or month has no date in the feeds (RSS `pubDate` and
JSON Feed `date_published` are both optional): "2022" written as 1 January 2022 would
tell every feed reader a day no source gives. Items keep the site's order (newest
first, the year counting as the year). A feed's own date (RSS `lastBuildDate`) is
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

from ..graph import newest_first
from ..pipeline import KnowledgeBase, page_url
from ..load.files import Entry
from ..problems import Problem

MAX_ITEMS = 50
"""Items per feed, newest first: feed readers poll often, and older items stay on the site."""
RSS_TYPE = "application/rss+xml"
JSON_FEED_TYPE = "application/feed+json"
JSON_FEED_VERSION = "https://jsonfeed.org/version/1.1"
_ATOM = "http://www.w3.org/2005/Atom"


@dataclasses.dataclass(frozen=True)
class Feed:
    """One feed file, ready to be written into the site."""

    dest_uri: str
    """Where it goes inside the site, e.g. "releases/feed.xml"."""
    media_type: str
    """RSS_TYPE or JSON_FEED_TYPE."""
    title: str
    """What a reader sees when subscribing, e.g. "Calico Community Knowledge Base: Releases"."""
    content: str


@dataclasses.dataclass(frozen=True)
class _Channel:
    directory: str
    """"" for the whole site, else the collection name."""
    title: str
    description: str
    entries: list[Entry]


def feed_collections(kb: KnowledgeBase) -> list[str]:
    """Collections whose entries are dated, and so make news (see `Collection.dated`)."""
    return [name for name, collection in kb.catalog.collections.items() if collection.dated]


def build_feeds(kb: KnowledgeBase, site_url: str | None, site_name: str,
                site_description: str | None = None) -> tuple[list[Feed], list[Problem]]:
    """Every feed of the site, or the problems that prevent writing them."""
    if not site_url or not site_url.startswith(("https://", "http://")):
        return [], [Problem("mkdocs.yml", 1, 1, f"site_url is {site_url!r}, but feeds need absolute addresses",
                            "set site_url: https://example.org/path/ in mkdocs.yml")]
    base = site_url if site_url.endswith("/") else site_url + "/"
    collections = feed_collections(kb)
    everything = [e for name in collections for e in kb.graph.by_collection(name)]
    channels = [_Channel("", site_name, site_description or site_name, sorted(everything, key=newest_first))]
    for name in collections:
        collection = kb.catalog[name]
        channels.append(_Channel(name, f"{site_name}: {collection.plural}",
                                 f"The newest {collection.plural.lower()} in the {site_name}.",
                                 kb.graph.by_collection(name)))
    feeds: list[Feed] = []
    problems: list[Problem] = []
    for channel in channels:
        entries = channel.entries[:MAX_ITEMS]
        prefix = f"{channel.directory}/" if channel.directory else ""
        for name, media_type, render in (("feed.xml", RSS_TYPE, _rss), ("feed.json", JSON_FEED_TYPE, _json_feed)):
            dest_uri = prefix + name
            clash = kb.project.docs_dir / dest_uri
            if clash.exists():
                source = clash.relative_to(kb.project.root).as_posix()
                problems.append(Problem(source, 1, 1, f"{source} would replace a generated feed", "rename or remove it"))
                continue
            title = channel.title + (" (JSON Feed)" if media_type == JSON_FEED_TYPE else " (RSS)")
            feeds.append(Feed(dest_uri, media_type, title, render(kb, channel, entries, base, dest_uri)))
    return feeds, problems


def site_feeds(feeds: list[Feed]) -> list[Feed]:
    """The feeds every page links in its <head>: the whole site's.

    Collection feeds are linked from their index pages instead: Material's instant
    navigation reads every <link rel="alternate"> as a language version of the site
    and fetches sitemap.xml next to it, which only exists at the site's root.
    """
    return [feed for feed in feeds if "/" not in feed.dest_uri]


def item_date(date: str) -> datetime.datetime | None:
    """Midnight UTC of a full date "YYYY-MM-DD"; None for a year, a month or no date,
    which name no day."""
    parts = date.split("-") if date else []
    if len(parts) != 3:
        return None
    try:
        return datetime.datetime(*(int(p) for p in parts), tzinfo=datetime.timezone.utc)
    except (TypeError, ValueError):
        return None


def _item(kb: KnowledgeBase, entry: Entry, base: str) -> dict:
    summary = entry.data.get("summary") or entry.data.get("description") or ""
    return {
        "url": base + page_url(entry.src_uri),
        "title": entry.title,
        "summary": " ".join(str(summary).split()),
        "date": item_date(entry.date),
        "kind": kb.catalog[entry.collection].title,
        "topics": [kb.graph.entries[t].title for t in kb.graph.topics.get(entry.key, ())],
        "authors": [{"name": p.title, "url": base + page_url(p.src_uri)}
                    for p in kb.graph.referenced(entry.key, field="authors")],
    }


def _channel_link(base: str, channel: _Channel) -> str:
    return base + (f"{channel.directory}/" if channel.directory else "")


def _rss(kb: KnowledgeBase, channel: _Channel, entries: list[Entry], base: str, dest_uri: str) -> str:
    ET.register_namespace("atom", _ATOM)
    rss = ET.Element("rss", {"version": "2.0"})
    head = ET.SubElement(rss, "channel")
    ET.SubElement(head, "title").text = channel.title
    ET.SubElement(head, "link").text = _channel_link(base, channel)
    ET.SubElement(head, "description").text = channel.description
    ET.SubElement(head, "language").text = "en"
    ET.SubElement(head, f"{{{_ATOM}}}link", {"href": base + dest_uri, "rel": "self", "type": RSS_TYPE})
    items = [_item(kb, entry, base) for entry in entries]
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


def _json_feed(kb: KnowledgeBase, channel: _Channel, entries: list[Entry], base: str, dest_uri: str) -> str:
    items = []
    for item in (_item(kb, entry, base) for entry in entries):
        rendered = {"id": item["url"], "url": item["url"], "title": item["title"],
                    "content_text": item["summary"] or item["title"]}
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
    return json.dumps(feed, ensure_ascii=False, indent=2) + "\n"

