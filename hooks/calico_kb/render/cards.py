"""Index pages as cards: title, kind or date, and one short line per entry.

An index that repeats every entry's 40-80-word summary reads as a sitemap; a card
shows the title, what the entry is (a person's role, an organization's kind, how often
it is mentioned, its date when known) and the same short line lists show
(`lists.teaser`): the entry's own `teaser`, else its summary's first sentence, cut short.

Cards are raw HTML in the Markdown (Material's grid cards, styled by its CSS, with no
`md_in_html`, so what contributors may write is unchanged). Every value is HTML-escaped
here: Markdown never reads inside a raw HTML block, so nothing needs its escapes.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from markupsafe import Markup, escape

from ..graph import Graph
from ..load.files import Entry
from .avatars import avatar_svg
from .html_links import page_href
from .lists import teaser


def card_meta(graph: Graph, entry: Entry, format_date: Callable[[str], str]) -> list[str]:
    """What an entry is, in a few words: role or kind, date, how often it is mentioned."""
    data = entry.data
    parts = []
    for field in ("role", "kind"):
        if isinstance(data.get(field), str):
            parts.append(data[field][:1].upper() + data[field][1:])
    if entry.date:
        parts.append(format_date(entry.date))
    if not graph.catalog[entry.collection].dated:  # people, topics...: how often they are named
        count = len({ref.source for ref in graph.incoming.get(entry.key, ())})
        if count:
            parts.append(f"in {count} {'entry' if count == 1 else 'entries'}")
    return parts


def cards(graph: Graph, entries: Iterable[Entry], page_uri: str, format_date: Callable[[str], str]) -> Markup:
    """A grid of cards, one per entry, in the order given."""
    items = []
    for entry in entries:
        picture = (
            avatar_svg(entry.slug, entry.title, 40, "kb-avatar kb-card__avatar")
            if graph.catalog[entry.collection].avatar
            else ""
        )
        meta = " · ".join(card_meta(graph, entry, format_date))
        line = teaser(entry)
        items.append(
            f'<li class="kb-card">{picture}<p class="kb-card__title"><a href="{page_href(entry.src_uri, page_uri)}">'
            f"{escape(entry.title)}</a></p>"
            + (f'<p class="kb-card__meta">{escape(meta)}</p>' if meta else "")
            + (f'<p class="kb-card__teaser">{escape(line)}</p>' if line else "")
            + "</li>"
        )
    if not items:
        return Markup("")
    return Markup('\n<div class="grid cards kb-cards"><ul>\n' + "\n".join(items) + "\n</ul></div>\n")
