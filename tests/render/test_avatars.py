"""Generated avatars: initials on a colour of the slug's own, readable, accessible."""

from __future__ import annotations

import re

import pytest

from calico_kb.render.avatars import MIN_CONTRAST, avatar_svg, colour, contrast_with_white, initials
from conftest import search_records


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Geoff Burke", "GB"),
        ("Ana Shmyglya", "AS"),
        ("Tigera", "T"),
        ("API7.ai", "A"),
        ("Jean-Luc de la Tour", "JT"),
        ("*NSYNC <b>", "NB"),
        ("  ", "?"),
        ("Žofie Ňuková", "ŽŇ"),
    ],
)
def test_initials_are_the_first_letters_of_the_first_and_last_words(name, expected):
    assert initials(name) == expected


def test_the_colour_follows_the_slug_alone_and_differs_between_slugs():
    assert colour("geoff-burke") == colour("geoff-burke")
    assert len({colour(f"person-{i}") for i in range(50)}) > 40


@pytest.mark.parametrize("slug", [f"slug-{i}" for i in range(200)])
def test_white_initials_reach_aa_contrast_on_every_colour(slug):
    red, green, blue = (int(colour(slug)[i : i + 2], 16) / 255 for i in (1, 3, 5))
    assert contrast_with_white(red, green, blue) >= MIN_CONTRAST


def test_an_avatar_is_an_image_with_the_name_as_its_label_and_escapes_it():
    svg = str(avatar_svg("ada", 'Ada "<script>" Lovelace'))
    assert svg == str(avatar_svg("ada", 'Ada "<script>" Lovelace'))
    assert 'role="img"' in svg
    assert 'aria-label="Ada &#34;&lt;script&gt;&#34; Lovelace"' in svg
    assert "<script>" not in svg
    assert " id=" not in svg, "many avatars share a page: no ids"
    assert re.search(r">AL</text>", svg)


def test_people_and_organization_pages_and_their_indexes_show_avatars(built_site):
    for page in (
        "people/geoff-burke/index.html",
        "organizations/tigera/index.html",
        "people/index.html",
        "organizations/index.html",
    ):
        html = (built_site / page).read_text(encoding="utf-8")
        assert re.search(r'<svg class="kb-avatar[^"]*" role="img" aria-label="[^"]+"', html), page
    person = (built_site / "people/geoff-burke/index.html").read_text(encoding="utf-8")
    assert 'aria-label="Geoff Burke"' in person and f'fill="{colour("geoff-burke")}"' in person


def test_search_leaves_the_avatars_initials_out(built_site):
    person = search_records(built_site)["people/geoff-burke/"]
    assert person["meta"]["title"] == "Geoff Burke"
    assert person["content"].startswith("Geoff Burke. Person"), person["content"][:40]
    assert "GB" not in person["content"].split()
    assert "Veeam" in person["content"], "the page's own words are still found"
