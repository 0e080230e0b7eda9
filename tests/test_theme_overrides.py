"""The theme overrides run on any engine: an entry page keeps its place under MiniJinja too.

Zensical renders Material's templates (and ours) with MiniJinja, and its nav has only
`items` and `homepage`: no `nav.pages`, which the overrides used to look an entry's
index up in. Here the three overrides that place an entry page (the active tab, the
open sidebar section, the breadcrumbs) are rendered with MiniJinja and Material's
own partials, given a nav of plain items with nothing but children, titles and
addresses, as Zensical gives it.
"""

from __future__ import annotations

import re
from pathlib import Path

import material
import minijinja
import pytest

from conftest import ROOT

MATERIAL = Path(material.__file__).parent / "templates"


def load(name: str) -> str | None:
    for folder in (ROOT / "overrides", MATERIAL):
        if (folder / name).is_file():
            return (folder / name).read_text(encoding="utf-8")
    return None


class Lang:
    def t(self, key: str) -> str:
        return key


def item(title: str, url: str | None, *children: dict) -> dict:
    return {"title": title, "url": url, "children": list(children) or None, "meta": {}}


HOME = item("Home", "")
NAV = {
    "items": [
        HOME,
        item("Releases", None, item("Releases", "releases/"), item("Explorer", "releases/explorer/")),
        item("Learn", None, item("Learn", "learn/"), item("Guides", None, item("Guides", "guides/"))),
    ],
    "homepage": HOME,
}


def render(source: str, index_url: str | None) -> str:
    environment = minijinja.Environment(loader=load)
    environment.add_filter("url", lambda value: value)
    meta = {"kb_place": {"index_url": index_url}} if index_url else {}
    page = {"meta": meta, "ancestors": [], "title": "An entry"}
    context = {"page": page, "nav": NAV, "lang": Lang(), "config": {"theme": {"icon": {}}, "extra": {}}}
    return " ".join(
        environment.render_str(source, features=["navigation.tabs", "navigation.indexes"], **context).split()
    )


TABS = '{% import "partials/tabs-item.html" as item with context %}{% for i in nav.items %}{{ item.render(i) }}{% endfor %}'
SIDEBAR = (
    '{% import "partials/nav-item.html" as item with context %}'
    '{% for i in nav.items %}{{ item.render(i, "__nav_" ~ loop.index, 1) }}{% endfor %}'
)


@pytest.mark.parametrize(
    ("index_url", "tab", "open_sections", "crumbs"),
    [
        ("releases/", "releases/", ["__nav_2"], ["Home", "Releases"]),
        ("guides/", "learn/", ["__nav_3", "__nav_3_2"], ["Home", "Learn", "Guides"]),
    ],
)
def test_an_entry_page_is_placed_by_its_front_matter_alone(index_url, tab, open_sections, crumbs):
    tabs = render(TABS, index_url)
    assert re.findall(r'md-tabs__item--active"> <a href="([^"]*)"', tabs) == [tab]
    assert re.findall(r'id="(__nav[^"]*)" checked', render(SIDEBAR, index_url)) == open_sections
    path = render(load("partials/path.html"), index_url)
    assert re.findall(r'md-path__link"> <span class="md-ellipsis"> ([^<]*) </span>', path) == crumbs


def test_a_page_without_a_place_marks_nothing():
    assert "md-tabs__item--active" not in render(TABS, None)
    assert "checked" not in render(SIDEBAR, None)
    assert "md-path" not in render(load("partials/path.html"), None)
