"""Pictures that tell what the lists cannot: which subjects go together, and how often.

An entry's page lists what names it, one line each. What no list says is what those
entries have in common: which topics come up with eBPF, which organizations and topics a
person's interviews bring together. A topic, person or organization page therefore shows
the subjects named most often alongside it (`Graph.named_together`), and the home page
the subjects the knowledge base names most (`Graph.most_mentioned`), each as a bar
chart: a full, wrapping label (a link to its page), a bar whose length is the count,
the count in words, and a colour for its kind, explained by a legend.

It is HTML, not SVG: labels wrap instead of being cut, text keeps the page's size on a
phone (docs/assets/kb.css sets it at 0.7rem, 14 px), links are ordinary links that
Material's instant navigation follows, and the chart follows the colour scheme. At
most `MAX_BARS` bars, however large the knowledge base; the order is fixed (count, then
newest), so the same data makes the same bytes.
"""

from __future__ import annotations

from markupsafe import Markup, escape

from ..graph import Graph
from ..load.files import Entry
from .html_links import page_href

MAX_BARS = 12
"""Bars drawn at most: the strongest, however many there are."""


def connections(graph: Graph, entry: Entry, page_uri: str) -> Markup:
    """The subjects named most often with `entry`; empty when there are none."""
    together = graph.named_together(entry.key, MAX_BARS)
    if not together:
        return Markup("")
    caption = (
        f"Named together with {entry.title}: each bar counts the entries of the knowledge base "
        f"that name both {entry.title} and that subject."
    )
    return _chart(graph, together, page_uri, caption)


def most_mentioned(graph: Graph, page_uri: str, centre: str = "") -> Markup:
    """The home page's picture: the subjects the most entries name."""
    top = graph.most_mentioned(MAX_BARS)
    if not top:
        return Markup("")
    caption = "What the knowledge base names most: each bar counts the entries that name the subject."
    return _chart(graph, top, page_uri, caption)


def _chart(graph: Graph, bars: list[tuple[Entry, int]], page_uri: str, caption: str) -> Markup:
    most = max(count for _, count in bars)
    shown = {other.collection for other, _ in bars}
    kind_names = {name: escape(graph.catalog[name].title) for name in graph.catalog.collections if name in shown}
    legend = "".join(f'<li class="kb-bars__kind kb-bars--{name}">{title}</li>' for name, title in kind_names.items())
    rows = "".join(
        f'<li class="kb-bars__row kb-bars--{other.collection}">'
        f'<a class="kb-bars__label" href="{page_href(other.src_uri, page_uri)}">{escape(other.title)}</a>'
        f'<span class="kb-bars__kind-name">{kind_names[other.collection]}</span>'
        f'<span class="kb-bars__track"><span class="kb-bars__box">'
        f'<span class="kb-bars__bar kb-bars__bar--{_share(count, most)}"></span></span>'
        f'<span class="kb-bars__count">{_count(count)}</span></span></li>'
        for other, count in bars
    )
    # One line of raw HTML in the Markdown: Python-Markdown passes a block-level
    # element through untouched, so nothing inside is read as Markdown.
    return Markup(
        f'\n<figure class="kb-bars" data-search-exclude><figcaption>{escape(caption)}</figcaption>'
        f'<ul class="kb-bars__legend">{legend}</ul>'
        f'<ol class="kb-bars__rows">{rows}</ol></figure>\n'
    )


def _share(count: int, most: int) -> int:
    """A bar's length in percent of the longest, in steps of 5 (a class of kb.css each:
    pages carry no style attributes), never so short it cannot be seen."""
    return max(5, 5 * round(20 * count / most))


def _count(n: int) -> str:
    return f"{n} {'entry' if n == 1 else 'entries'}"
