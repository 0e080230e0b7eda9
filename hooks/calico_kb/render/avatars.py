"""Generated avatars: a person's or organization's initials on a colour of its own.

The sources give no photos or logos, and the knowledge base invents none: an avatar is
made only from what the entry says (its name) and where it lives (its slug). The colour
comes from a hash of the slug, so an entry keeps its colour from build to build and
whatever else changes; it is darkened until white initials on it reach WCAG AA contrast
(4.5:1), so the avatar reads the same on light and dark pages.

The SVG is inline (no extra request, no file to keep in step) and is an image to
assistive technology: `role="img"` with the name as its label. It carries no ids, so
any number of avatars can share a page.
"""

from __future__ import annotations

import colorsys
import functools
import hashlib

from markupsafe import Markup, escape

MIN_CONTRAST = 4.5
"""White initials on the avatar's colour: WCAG AA for normal text."""


def initials(name: str) -> str:
    """Up to two letters or digits: the first of the first and last words of `name`.

    Only letters and digits are kept, so the initials never need escaping anywhere
    (an inline SVG's text is still read as Markdown by Python-Markdown).
    """
    words = ["".join(c for c in word if c.isalnum()) for word in name.split()]
    words = [word for word in words if word]
    if not words:
        return "?"
    if len(words) == 1:
        return words[0][0].upper()
    return (words[0][0] + words[-1][0]).upper()


@functools.lru_cache(maxsize=1 << 14)
def colour(slug: str) -> str:
    """A colour of the slug's own ("#rrggbb"), dark enough for white text on it."""
    digest = hashlib.sha256(slug.encode("utf-8")).digest()
    hue = int.from_bytes(digest[:2], "big") / 65536
    saturation = 0.45 + digest[2] / 255 * 0.25
    lightness = 0.42
    while True:
        # The contrast of the colour as written (channels rounded to bytes).
        channels = [round(c * 255) for c in colorsys.hls_to_rgb(hue, lightness, saturation)]
        if contrast_with_white(*(c / 255 for c in channels)) >= MIN_CONTRAST or lightness <= 0.05:
            return "#" + "".join(f"{c:02x}" for c in channels)
        lightness -= 0.02


def contrast_with_white(red: float, green: float, blue: float) -> float:
    """WCAG contrast ratio of white against a colour (channels 0..1)."""

    def linear(c: float) -> float:
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    luminance = 0.2126 * linear(red) + 0.7152 * linear(green) + 0.0722 * linear(blue)
    return 1.05 / (luminance + 0.05)


def avatar_svg(slug: str, name: str, size: int = 48, css_class: str = "kb-avatar") -> Markup:
    """The avatar of the entry `slug` named `name`, as one line of inline SVG. Search
    leaves it out: its initials are no words of the page (the name is in its label)."""
    letters = initials(name)
    font_size = 40 if len(letters) == 1 else 34
    return Markup(
        f'<svg class="{css_class}" role="img" aria-label="{escape(name)}" data-search-exclude '
        f'width="{size}" height="{size}" viewBox="0 0 96 96" xmlns="http://www.w3.org/2000/svg">'
        f'<circle cx="48" cy="48" r="48" fill="{colour(slug)}"/>'
        f'<text x="48" y="48" dy="0.35em" text-anchor="middle" fill="#fff" font-size="{font_size}" '
        f'font-weight="700" font-family="system-ui, sans-serif">{letters}</text></svg>'
    )
