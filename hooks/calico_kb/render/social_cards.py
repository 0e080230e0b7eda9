"""Social cards: the picture a chat or a social site shows when a page is shared.

Every page gets a PNG of 1200x630 (`og:image`, `twitter:card` summary_large_image)
drawn at build time from what the page says it is: its kind, its title, its one-line
description (an entry's teaser, see `descriptions`) and, at the foot, the site's mark
(the open book of its favicon, drawn here as shapes so that it is sharp at any size)
beside the site's name, which the home page's card leaves out because its title is that
name. Nothing is fetched: the font is the scalable one Pillow ships
(`ImageFont.load_default(size=...)`, Pillow >= 10.1), unlike Material's social plugin,
which downloads fonts while building.

Drawing is the expensive part, so cards are cached by content: the file name of a card
in the cache (`social-cards/` of `cache.cache_root`) is a hash of
everything drawn on it and of `RENDERER_VERSION`, and a build copies cached cards
instead of drawing them again. A card is drawn as an 8-bit grey image that the palette
turns into the brand's colours, 4 bits a pixel: an eighth of the bytes of RGB to
compress, and the same bytes on every build of the same text.
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import html
import io
import json
import shutil
from collections.abc import Callable
from pathlib import Path
from urllib.parse import urljoin

from PIL import Image, ImageDraw, ImageFont

from ..cache import cache_root, keep
from ..load.files import Entry
from ..schema.catalog import Catalog

RENDERER_VERSION = "4"
"""Change it whenever the drawing changes: every cached card is then drawn again."""
WIDTH, HEIGHT = 1200, 630
OUTPUT_DIR = "assets/social-cards"
"""Where the cards are written inside the site."""
MARGIN = 80
BACKGROUND = (168, 51, 11)
"""The site's primary colour (docs/assets/kb.css: --md-primary-fg-color)."""
FOREGROUND = (255, 255, 255)
COMPRESS_LEVEL = 3
Z_RLE = 3
"""zlib's run-length strategy: a card is mostly runs of the background colour.
Compressing was most of a card's cost; measured on a two-line card, an 8-bit palette at
zlib's defaults took 15.8 ms (24 KB), 4 bits with Z_RLE at level 3 takes 2.1 ms (19 KB)."""
LEVELS = 16
"""Grey levels in the PNG (4 bits a pixel): enough for smooth text on a flat colour."""
TITLE_SIZES = (72, 60, 52)
"""Font sizes tried for the title, largest first, until it fits in MAX_TITLE_LINES."""
MAX_TITLE_LINES = 3
TEASER_SIZE = 34
MAX_TEASER_LINES = 3
TOP = MARGIN + 72
"""Where the title starts, under the kind."""
FOOT = HEIGHT - MARGIN - 56
"""The top of the foot line: the site's mark and name."""
MARK_SIZE = 56
# Grey levels of the drawing; the palette maps 0 to the background and 255 to white.
TEXT, MUTED, RULE = 255, 215, 110


@dataclasses.dataclass(frozen=True)
class SocialCard:
    """One page's card: what is drawn on it and where it is written."""

    dest_uri: str
    """Inside the site, e.g. "assets/social-cards/people/ada.png"."""
    title: str
    kind: str
    site_name: str
    teaser: str = ""
    """The page's description, drawn under the title."""

    @property
    def cache_key(self) -> str:
        """A hash of everything drawn: equal keys draw equal bytes."""
        drawn = json.dumps([RENDERER_VERSION, self.title, self.kind, self.site_name, self.teaser], ensure_ascii=False)
        return hashlib.sha256(drawn.encode("utf-8")).hexdigest()

    @property
    def foot(self) -> str:
        """The site's name beside its mark, unless the title already says it."""
        return "" if self.title == self.site_name else self.site_name

    @property
    def alt(self) -> str:
        """The card in words, for og:image:alt."""
        parts = [self.kind, self.title, self.teaser, self.foot]
        return " · ".join(part for part in parts if part)


def card_uri(page_url: str) -> str:
    """Where the card of the page at `page_url` ("people/ada/", "" for home) is written."""
    return f"{OUTPUT_DIR}/{page_url.strip('/') or 'index'}.png"


class SocialCards:
    """The cards of one build: registered while pages render, written after the build."""

    def __init__(self, site_url: str | None, site_name: str, cache_dir: Path, kind_of: Callable[[str | None], str]):
        self.site_url = site_url
        self.site_name = site_name
        self.cache_dir = cache_dir
        self.kind_of = kind_of
        """The kind printed on a page's card, from the page's src_uri (None: the 404 page)."""
        self.cards: dict[str, SocialCard] = {}
        self.drawn = 0
        """Cards drawn by `write` (the others came from the cache)."""

    def register(self, page_url: str, title: str, kind: str, teaser: str = "") -> SocialCard:
        """The card of a page, to be written by `write`; its address is `absolute_url`."""
        card = SocialCard(card_uri(page_url), title, kind, self.site_name, teaser)
        self.cards[card.dest_uri] = card
        return card

    def for_page(
        self, src_uri: str | None, page_url: str | None, title: str, description: str | None = None
    ) -> dict[str, object]:
        """What the theme prints in a page's <head>: the card's address, size and words.

        `description` is the page's, as the theme has it: HTML-escaped. The 404 page (no
        src_uri) is served at any address, so its card has a fixed name.
        """
        if src_uri is None:
            card = self.register("404", "Page not found", self.kind_of(src_uri))
        else:
            teaser = html.unescape(str(description)) if description else ""
            card = self.register(page_url or "", title, self.kind_of(src_uri), teaser)
        return {"url": self.absolute_url(card), "width": WIDTH, "height": HEIGHT, "alt": card.alt}

    def absolute_url(self, card: SocialCard) -> str:
        """og:image must be an absolute address: the site's URL and the card's path."""
        return urljoin(self.site_url, card.dest_uri) if self.site_url else card.dest_uri

    def write(self, site_dir: Path) -> None:
        """Every registered card into the site, drawn only when the cache lacks it."""
        for dest_uri, card in sorted(self.cards.items()):
            cached = self.cache_dir / f"{card.cache_key}.png"
            target = site_dir / dest_uri
            target.parent.mkdir(parents=True, exist_ok=True)
            if cached.is_file():
                shutil.copyfile(cached, target)
                continue
            image = draw(card)
            self.drawn += 1
            keep(cached, image)
            target.write_bytes(image)


def page_kind(catalog: Catalog, entries: dict[str, Entry], src_uri: str | None) -> str:
    """The kind of a page, in a word or two: "Release", "Topics", "Contribute"."""
    if src_uri is None:
        return ""
    if src_uri == "index.md":
        return "Knowledge base"
    entry = entries.get(src_uri.removesuffix(".md"))
    if entry is not None:
        return catalog[entry.collection].title
    folder = src_uri.split("/")[0] if "/" in src_uri else ""
    if folder in catalog.collections:
        return catalog[folder].plural
    return folder.replace("-", " ").capitalize() if folder else "Page"


def cache_dir(project_root: Path) -> Path:
    """Where drawn cards are kept: `social-cards/` of the build cache."""
    return cache_root(project_root) / "social-cards"


def draw(card: SocialCard) -> bytes:
    """The PNG of a card: kind at the top, the title large, the teaser under it, and the
    site's mark and name at the foot."""
    image = _background(card.kind, card.foot).copy()
    pen = ImageDraw.Draw(image)
    size, lines = _fit_title(pen, card.title)
    line_height = round(size * 1.18)
    y = TOP
    for line in lines:
        pen.text((MARGIN, y), line, font=_font(size), fill=TEXT)
        y += line_height
    y += 16
    room = (FOOT - 24 - y) // round(TEASER_SIZE * 1.3)
    for line in _fit(pen, card.teaser, _font(TEASER_SIZE), min(room, MAX_TEASER_LINES)):
        pen.text((MARGIN, y), line, font=_font(TEASER_SIZE), fill=MUTED)
        y += round(TEASER_SIZE * 1.3)
    image = image.point(_TO_LEVELS)
    image.putpalette(_PALETTE)  # an "L" image becomes "P", the grey levels its indexes
    out = io.BytesIO()
    image.save(out, format="PNG", bits=4, compress_level=COMPRESS_LEVEL, compress_type=Z_RLE)
    return out.getvalue()


@functools.lru_cache(maxsize=64)
def _background(kind: str, foot: str) -> Image.Image:
    """What cards of one kind share (kind, mark, site name), drawn once per process:
    a card then draws only its title and teaser."""
    image = Image.new("L", (WIDTH, HEIGHT), 0)
    pen = ImageDraw.Draw(image)
    pen.text((MARGIN, MARGIN), kind.upper(), font=_font(34), fill=MUTED)
    image.paste(_mark(MARK_SIZE), (MARGIN, FOOT))
    if foot:
        pen.text((MARGIN + MARK_SIZE + 20, FOOT + (MARK_SIZE - 34) // 2), foot, font=_font(34), fill=MUTED)
    return image


@functools.cache
def _mark(size: int) -> Image.Image:
    """The site's mark, Material's open book as in its favicon: a white disc with a
    head and an open book cut out of it; drawn four times larger, then reduced, for
    smooth edges."""
    big = size * 4
    mark = Image.new("L", (big, big), 0)
    pen = ImageDraw.Draw(mark)
    pen.ellipse((0, 0, big - 1, big - 1), fill=TEXT)
    unit = big / 24  # the favicon's 24-unit grid
    pen.ellipse((10 * unit, 4.5 * unit, 14 * unit, 8.5 * unit), fill=0)
    pen.polygon(
        [(5 * unit, 10 * unit), (12 * unit, 12 * unit), (12 * unit, 19.5 * unit), (5 * unit, 17.5 * unit)], fill=0
    )
    pen.polygon(
        [(19 * unit, 10 * unit), (12 * unit, 12 * unit), (12 * unit, 19.5 * unit), (19 * unit, 17.5 * unit)], fill=0
    )
    pen.line([(12 * unit, 12 * unit), (12 * unit, 19.5 * unit)], fill=TEXT, width=max(1, round(unit * 0.6)))
    return mark.resize((size, size), Image.Resampling.LANCZOS)


def _fit(pen: ImageDraw.ImageDraw, text: str, font: ImageFont.FreeTypeFont, most: int) -> list[str]:
    """`text` wrapped to the card's width, at most `most` lines, the last cut with an ellipsis."""
    if not text or most <= 0:
        return []
    lines = _wrap(pen, text, font, WIDTH - 2 * MARGIN)
    if len(lines) <= most:
        return lines
    kept = lines[:most]
    while kept[-1] and pen.textlength(kept[-1] + "…", font=font) > WIDTH - 2 * MARGIN:
        kept[-1] = kept[-1].rsplit(" ", 1)[0] if " " in kept[-1] else kept[-1][:-1]
    kept[-1] = kept[-1].rstrip(" ,.;:") + "…"
    return kept


def _fit_title(pen: ImageDraw.ImageDraw, title: str) -> tuple[int, list[str]]:
    """The largest title size whose wrapped lines fit; the smallest, cut, otherwise."""
    width = WIDTH - 2 * MARGIN
    for size in TITLE_SIZES:
        lines = _wrap(pen, title, _font(size), width)
        if len(lines) <= MAX_TITLE_LINES:
            return size, lines
    return TITLE_SIZES[-1], _fit(pen, title, _font(TITLE_SIZES[-1]), MAX_TITLE_LINES)


def _wrap(pen: ImageDraw.ImageDraw, text: str, font: ImageFont.FreeTypeFont, width: int) -> list[str]:
    lines: list[str] = []
    for word in text.split():
        candidate = f"{lines[-1]} {word}" if lines else word
        if lines and pen.textlength(candidate, font=font) <= width:
            lines[-1] = candidate
        else:
            lines.append(word)
    return lines or [""]


@functools.cache
def _font(size: int) -> ImageFont.FreeTypeFont:
    # Loading the font parses it: once per size and process, not once per card.
    return ImageFont.load_default(size=size)


_TO_LEVELS = [value * (LEVELS - 1) // 255 for value in range(256)]
_PALETTE = [
    round(b + (f - b) * level / (LEVELS - 1))
    for level in range(LEVELS)
    for b, f in zip(BACKGROUND, FOREGROUND, strict=True)
]
"""Level i drawn as the colour i/15 of the way from the background to white."""
