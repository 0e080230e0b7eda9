"""Social cards: the picture a chat or a social site shows when a page is shared.

Every page gets a PNG of 1200x630 (`og:image`, `twitter:card` summary_large_image)
drawn at build time from what the page says it is: its title, its kind and the site's
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

RENDERER_VERSION = "3"
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
TITLE_SIZES = (76, 64, 54)
"""Font sizes tried for the title, largest first, until it fits in MAX_TITLE_LINES."""
MAX_TITLE_LINES = 4
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

    @property
    def cache_key(self) -> str:
        """A hash of everything drawn: equal keys draw equal bytes."""
        drawn = json.dumps([RENDERER_VERSION, self.title, self.kind, self.site_name], ensure_ascii=False)
        return hashlib.sha256(drawn.encode("utf-8")).hexdigest()

    @property
    def alt(self) -> str:
        """The card in words, for og:image:alt."""
        parts = [self.kind, self.title] + ([self.site_name] if self.site_name != self.title else [])
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

    def register(self, page_url: str, title: str, kind: str) -> SocialCard:
        """The card of a page, to be written by `write`; its address is `absolute_url`."""
        card = SocialCard(card_uri(page_url), title, kind, self.site_name)
        self.cards[card.dest_uri] = card
        return card

    def for_page(self, src_uri: str | None, page_url: str | None, title: str) -> dict[str, object]:
        """What the theme prints in a page's <head>: the card's address, size and words.

        The 404 page (no src_uri) is served at any address, so its card has a fixed name.
        """
        if src_uri is None:
            card = self.register("404", "Page not found", self.kind_of(src_uri))
        else:
            card = self.register(page_url or "", title, self.kind_of(src_uri))
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
    """The PNG of a card: kind at the top, the title large, the site's name at the foot."""
    image = _background(card.kind, card.site_name).copy()
    pen = ImageDraw.Draw(image)
    size, lines = _fit_title(pen, card.title)
    font = _font(size)
    line_height = round(size * 1.18)
    y = MARGIN + 80
    for line in lines:
        pen.text((MARGIN, y), line, font=font, fill=TEXT)
        y += line_height
    image = image.point(_TO_LEVELS)
    image.putpalette(_PALETTE)  # an "L" image becomes "P", the grey levels its indexes
    out = io.BytesIO()
    image.save(out, format="PNG", bits=4, compress_level=COMPRESS_LEVEL, compress_type=Z_RLE)
    return out.getvalue()


@functools.lru_cache(maxsize=64)
def _background(kind: str, site_name: str) -> Image.Image:
    """What cards of one kind share (kind, rule, site name), drawn once per process:
    a card then draws only its title."""
    image = Image.new("L", (WIDTH, HEIGHT), 0)
    pen = ImageDraw.Draw(image)
    pen.text((MARGIN, MARGIN), kind.upper(), font=_font(34), fill=MUTED)
    foot = HEIGHT - MARGIN - 36
    pen.rectangle((MARGIN, foot - 28, MARGIN + 120, foot - 22), fill=RULE)
    pen.text((MARGIN, foot), site_name, font=_font(34), fill=MUTED)
    return image


def _fit_title(pen: ImageDraw.ImageDraw, title: str) -> tuple[int, list[str]]:
    """The largest title size whose wrapped lines fit; the smallest, cut, otherwise."""
    width = WIDTH - 2 * MARGIN
    for size in TITLE_SIZES:
        lines = _wrap(pen, title, _font(size), width)
        if len(lines) <= MAX_TITLE_LINES:
            return size, lines
    lines = lines[:MAX_TITLE_LINES]
    lines[-1] = lines[-1].rstrip(" ,.;:") + "…"
    return TITLE_SIZES[-1], lines


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
