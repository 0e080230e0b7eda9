"""What templates call to show pictures: `avatar(entry)`, `connections(entry)`, `cards(entries)`.

The drawing lives in `avatars`, `pictures` and `cards`, free of Jinja; these wrappers
only read the page being rendered from the template's context, so that relative links
are made from the right page.
"""

from __future__ import annotations

from collections.abc import Iterable

import jinja2
from markupsafe import Markup

from ..load.files import Entry
from . import cards as cards_module
from . import pictures
from .avatars import avatar_svg


def avatar(entry: Entry, size: int = 96) -> Markup:
    """The entry's generated avatar, as a block of its own above the page's text."""
    return Markup(f'\n<div class="kb-avatar-block">{avatar_svg(entry.slug, entry.title, size)}</div>\n')


@jinja2.pass_context
def connections(context: jinja2.runtime.Context, entry: Entry) -> Markup:
    return pictures.connections(context["graph"], entry, context["page_uri"])


@jinja2.pass_context
def cards(context: jinja2.runtime.Context, entries: Iterable[Entry]) -> Markup:
    return cards_module.cards(context["graph"], entries, context["page_uri"], context.environment.filters["date"])


TEMPLATE_GLOBALS = {"avatar": avatar, "connections": connections, "cards": cards}
