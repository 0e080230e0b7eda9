"""Material's two toggle checkboxes lose the autocomplete attribute HTML refuses on them."""

from __future__ import annotations

from calico_kb.render.theme_markup import valid_theme_markup

MATERIAL = (
    '<input class="md-toggle" data-md-toggle="drawer" type="checkbox" id="__drawer" autocomplete="off">\n'
    '<input class="md-toggle" data-md-toggle="search" type="checkbox" id="__search" autocomplete="off">\n'
    '<input type="text" class="md-search__input" name="query" autocomplete="off">'
)


def test_only_the_two_toggles_change():
    assert valid_theme_markup(MATERIAL) == (
        '<input class="md-toggle" data-md-toggle="drawer" type="checkbox" id="__drawer">\n'
        '<input class="md-toggle" data-md-toggle="search" type="checkbox" id="__search">\n'
        '<input type="text" class="md-search__input" name="query" autocomplete="off">'
    )


def test_every_page_of_the_real_site_is_written_without_them(built_site):
    for page in built_site.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        assert 'type="checkbox" id="__drawer">' in text, page
        assert 'checkbox" id="__drawer" autocomplete' not in text and 'id="__search" autocomplete' not in text, page
