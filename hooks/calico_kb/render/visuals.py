"""What templates call to show pictures: `avatar(entry)`, `connections(entry)`, `cards(entries)`.

The drawing lives in `avatars`, `pictures` and `cards`, free of Jinja; these wrappers
only add the graph and the page being rendered (`page_uri`, asked at each call: the
renderer knows it), so that relative links are made from the right page.
"""

from __future__ import annotations

from collections.abc import Callable

from markupsafe import Markup

from ..graph import Graph
from ..load.files import Entry
from . import cards as cards_module
from . import pictures
from .avatars import avatar_svg


def avatar(entry: Entry, size: int = 96) -> Markup:
    """The entry's generated avatar, as a block of its own above the page's text."""
    return Markup(f'\n<div class="kb-avatar-block">{avatar_svg(entry.slug, entry.title, size)}</div>\n')


def template_globals(
    graph: Graph, page_uri: Callable[[], str], format_date: Callable[[str], str]
) -> dict[str, Callable[..., Markup]]:
    """The pictures' functions as templates call them."""
    return {
        "avatar": avatar,
        "connections": lambda entry: pictures.connections(graph, entry, page_uri()),
        "cards": lambda entries: cards_module.cards(graph, entries, page_uri(), format_date),
    }
