"""Social cards: every page of the site has its own og:image PNG, drawn once, the same every time."""

from __future__ import annotations

import io
import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from PIL import Image

from calico_kb.config import read_config
from calico_kb.render.social_cards import HEIGHT, WIDTH, SocialCard, SocialCards, card_uri, draw
from conftest import ROOT

SITE_URL = read_config((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))["site_url"]
META = re.compile(r'<meta (?:property|name)="([^"]+)" content="([^"]*)">')


def head_meta(html: str) -> dict[str, str]:
    return dict(META.findall(html))


def html_pages(site: Path) -> list[Path]:
    return sorted(p for p in site.rglob("*.html") if "assets" not in p.relative_to(site).parts)


def test_every_page_has_an_og_image_png_of_at_least_1200_by_630_in_the_site(built_site):
    images = {}
    for path in html_pages(built_site):
        where = path.relative_to(built_site).as_posix()
        meta = head_meta(path.read_text(encoding="utf-8"))
        assert meta.get("twitter:card") == "summary_large_image", where
        url = meta.get("og:image", "")
        assert url.startswith(SITE_URL), f"{where}: og:image must be absolute, got {url!r}"
        assert meta.get("twitter:image") == url, where
        file = built_site / urlsplit(url).path.removeprefix(urlsplit(SITE_URL).path)
        assert file.is_file(), f"{where}: {url} is not in the site"
        with Image.open(file) as image:
            assert image.format == "PNG" and image.size[0] >= 1200 and image.size[1] >= 630, where
            assert (int(meta["og:image:width"]), int(meta["og:image:height"])) == image.size, where
        assert meta.get("og:image:alt"), where
        images[where] = url
    assert len(images) > 50


def test_entry_pages_have_cards_of_their_own(built_site):
    pages = {
        p: head_meta(p.read_text(encoding="utf-8"))["og:image"]
        for p in html_pages(built_site)
        if p.name == "index.html"
    }
    assert len(set(pages.values())) == len(pages), "no two pages share a card"
    person = head_meta((built_site / "people/geoff-burke/index.html").read_text(encoding="utf-8"))
    assert person["og:image"] == SITE_URL + "assets/social-cards/people/geoff-burke.png"
    assert person["og:image:alt"] == "Person · Geoff Burke · Calico Community Knowledge Base"


def test_a_card_is_drawn_the_same_every_time_and_is_an_rgb_ish_palette_png():
    card = SocialCard(
        "assets/social-cards/x.png",
        "A title long enough to wrap onto a second line of the card, "
        "and then a third, and maybe a fourth one too if it keeps going like this",
        "Article",
        "Site",
    )
    first, second = draw(card), draw(card)
    assert first == second
    with Image.open(io.BytesIO(first)) as image:
        assert image.size == (WIDTH, HEIGHT)
        assert image.mode == "P"
    other = SocialCard(card.dest_uri, card.title, "Release", card.site_name)
    assert card.cache_key != other.cache_key and draw(other) != first


def test_card_addresses_follow_page_addresses():
    assert card_uri("") == "assets/social-cards/index.png"
    assert card_uri("people/ada/") == "assets/social-cards/people/ada.png"
    assert card_uri("releases/") == "assets/social-cards/releases.png"


def make_cards(cache: Path) -> SocialCards:
    cards = SocialCards("https://example.org/kb/", "Site", cache, lambda src_uri: "Page" if src_uri else "")
    cards.for_page("index.md", "", "Home")
    cards.for_page("people/ada.md", "people/ada/", "Ada")
    cards.for_page(None, None, "ignored")
    return cards


def test_a_warm_build_draws_nothing_and_a_changed_title_draws_one(tmp_path):
    cache = tmp_path / "cache"
    cold = make_cards(cache)
    cold.write(tmp_path / "site1")
    assert cold.drawn == 3
    warm = make_cards(cache)
    warm.write(tmp_path / "site2")
    assert warm.drawn == 0
    for name in ("index.png", "people/ada.png", "404.png"):
        assert (tmp_path / "site1/assets/social-cards" / name).read_bytes() == (
            tmp_path / "site2/assets/social-cards" / name
        ).read_bytes()
    changed = make_cards(cache)
    changed.for_page("people/ada.md", "people/ada/", "Ada Lovelace")
    changed.write(tmp_path / "site3")
    assert changed.drawn == 1
    assert sorted(p.name for p in cache.iterdir()) == sorted(
        {c.cache_key + ".png" for c in [*cold.cards.values(), *changed.cards.values()]}
    )


def test_the_404_page_has_a_card_with_a_fixed_name(tmp_path):
    meta = make_cards(tmp_path).for_page(None, None, "whatever")
    assert meta["url"] == "https://example.org/kb/assets/social-cards/404.png"
    assert meta["alt"] == "Page not found · Site"


@pytest.mark.parametrize("page", ["404.html", "index.html", "releases/explorer/index.html"])
def test_pages_that_are_not_entries_have_cards_too(built_site, page):
    meta = head_meta((built_site / page).read_text(encoding="utf-8"))
    assert (built_site / urlsplit(meta["og:image"]).path.removeprefix(urlsplit(SITE_URL).path)).is_file()
