"""The knowledge base as a picture: a small connections graph drawn at build time.

Readers would rather look than read: the home page shows what the knowledge base
mentions most, and each topic, person and organization page shows what it is most
linked with. The picture is static SVG inline in the page: it needs no JavaScript, is
described in words (`<title>`, `<desc>` and a caption) for those who cannot see it,
takes its colours from the theme's CSS variables (so it follows dark mode; see
docs/assets/kb.css), and scales to the width of a phone through its viewBox.

It stays small however large the knowledge base grows: at most `MAX_NODES` of the
strongest links (see `Graph.strongest_neighbours`). The layout is a fan, the entry in
the middle and its neighbours in two columns, most linked at the top; nothing in it is
random, so the same data draws the same bytes. Every neighbour links to its page with a
relative address that works at any depth.
"""

from __future__ import annotations

from markupsafe import Markup, escape

from ..graph import Graph
from ..load.files import Entry
from .html_links import page_href

MAX_NODES = 20
"""Neighbours drawn at most: the strongest links, however many an entry has."""
WIDTH = 600
ROW = 38
"""Vertical distance between two neighbours of one column."""
TOP = 24
LABEL_CHARS = 20
"""Longer titles are cut (with an ellipsis) so that labels stay inside the picture."""
COLUMN_X = (204, WIDTH - 204)
LABEL_GAP = 12


def connections(graph: Graph, entry: Entry, page_uri: str) -> Markup:
    """The picture of `entry` and the entries most linked with it; empty when it has none."""
    neighbours = graph.strongest_neighbours(entry.key, MAX_NODES)
    if not neighbours:
        return Markup("")
    kinds = graph.catalog
    title = f"What {entry.title} is linked with"
    listed = "; ".join(
        f"{other.title} ({kinds[other.collection].title.lower()}, {_links(count)})" for other, count in neighbours
    )
    description = f"{entry.title} and the {_count(len(neighbours), 'entry', 'entries')} most linked with it: {listed}."
    return _figure(
        title,
        description,
        entry.title,
        entry.collection,
        neighbours,
        page_uri,
        caption=f"The {_count(len(neighbours), 'entry', 'entries')} most linked with {entry.title}; "
        "a thicker line means more links.",
    )


def most_mentioned(graph: Graph, page_uri: str, centre: str) -> Markup:
    """The home page's picture: the entries that the most other entries mention."""
    top = graph.most_mentioned(MAX_NODES)
    if not top:
        return Markup("")
    kinds = graph.catalog
    listed = "; ".join(
        f"{other.title} ({kinds[other.collection].title.lower()}, mentioned by {_count(count, 'entry', 'entries')})"
        for other, count in top
    )
    return _figure(
        "What the knowledge base mentions most",
        f"The {len(top)} most mentioned entries: {listed}.",
        centre,
        None,
        top,
        page_uri,
        caption="The topics, people and organizations mentioned most; a thicker line means more mentions.",
    )


def _figure(
    title: str,
    description: str,
    centre: str,
    centre_kind: str | None,
    neighbours: list[tuple[Entry, int]],
    page_uri: str,
    caption: str,
) -> Markup:
    rows = (len(neighbours) + 1) // 2
    height = TOP * 2 + max(rows - 1, 1) * ROW
    middle = (WIDTH // 2, height // 2)
    strongest = max(count for _, count in neighbours)
    edges, nodes = [], []
    for index, (other, count) in enumerate(neighbours):
        side = index % 2
        x, y = COLUMN_X[side], TOP + (index // 2) * ROW
        width = 1 + 3 * (count - 1) / max(strongest - 1, 1)
        edges.append(f'<line x1="{middle[0]}" y1="{middle[1]}" x2="{x}" y2="{y}" stroke-width="{width:.1f}"/>')
        anchor, label_x = ("end", x - LABEL_GAP) if side == 0 else ("start", x + LABEL_GAP)
        # xlink:href, not href: Material's instant navigation assigns `.href` of every
        # a[href], which on an SVG <a> is read-only and throws in the reader's browser.
        nodes.append(
            f'<a xlink:href="{page_href(other.src_uri, page_uri)}">'
            f'<circle class="kb-graph__node kb-graph__node--{other.collection}" cx="{x}" cy="{y}" r="7"/>'
            f'<text x="{label_x}" y="{y}" dy="0.35em" text-anchor="{anchor}">{escape(_cut(other.title))}</text></a>'
        )
    centre_class = f" kb-graph__node--{centre_kind}" if centre_kind else ""
    svg = (
        f'<svg class="kb-graph__picture" viewBox="0 0 {WIDTH} {height}" width="{WIDTH}" height="{height}" '
        f'aria-labelledby="kb-graph-title kb-graph-desc" xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink">'
        f'<title id="kb-graph-title">{escape(title)}</title><desc id="kb-graph-desc">{escape(description)}</desc>'
        f'<g class="kb-graph__edges" stroke="currentColor" stroke-opacity="0.35">{"".join(edges)}</g>'
        f'<circle class="kb-graph__centre{centre_class}" cx="{middle[0]}" cy="{middle[1]}" r="16"/>'
        f'<text class="kb-graph__centre-label" x="{middle[0]}" y="{middle[1] + 38}" text-anchor="middle">'
        f"{escape(_cut(centre))}</text>"
        f'<g class="kb-graph__nodes" fill="currentColor" font-size="17">{"".join(nodes)}</g></svg>'
    )
    # One line of raw HTML in the Markdown: Python-Markdown passes a block-level
    # element through untouched, so nothing inside is read as Markdown.
    return Markup(
        f'\n<figure class="kb-graph" data-search-exclude>{svg}<figcaption>{escape(caption)}</figcaption></figure>\n'
    )


def _cut(text: str) -> str:
    return text if len(text) <= LABEL_CHARS else text[: LABEL_CHARS - 1].rstrip() + "…"


def _count(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


def _links(n: int) -> str:
    return _count(n, "link", "links")
