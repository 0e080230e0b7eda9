"""Material's own markup made valid HTML, after the theme writes a page.

The Nu Html Checker (vnu) finds errors in every page Material writes. Two of them are in
partials the project overrides anyway (overrides/partials/nav-item.html, toc.html). The
third is in Material's base.html, outside any block an override can replace: the drawer
and search toggles are checkboxes with `autocomplete="off"`, an attribute HTML allows on
text fields only. Material writes it so that Firefox does not restore an open drawer
when a page is reloaded; browsers that follow the standard ignore it on a checkbox.
This module removes exactly those two attributes from exactly those two elements, as
Material 9.8 writes them; anything else is left as it is (a test over the real site
says when an upgrade writes them differently).
"""

from __future__ import annotations

_TOGGLES = tuple(
    f'<input class="md-toggle" data-md-toggle="{name}" type="checkbox" id="__{name}"' for name in ("drawer", "search")
)
_INVALID = ' autocomplete="off">'


def valid_theme_markup(html: str) -> str:
    """A page as Material wrote it, without `autocomplete` on its two toggle checkboxes."""
    for toggle in _TOGGLES:
        html = html.replace(toggle + _INVALID, toggle + ">", 1)
    return html
