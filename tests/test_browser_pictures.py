"""Pictures in a real browser: home, a person and an organization show one, at 375 px too.

Uses the Chromium, served site and tab fixtures of test_browser.py (skipped with a hint
without Chromium; required in CI).
"""
from __future__ import annotations

import pytest

from test_browser import browser, chromium, open_tab, site_url  # noqa: F401  (fixtures)

pytestmark = pytest.mark.browser

PAGES = ["", "people/geoff-burke/", "organizations/tigera/", "topics/kubernetes/", "people/"]


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_home_person_and_organization_pages_show_a_picture_that_fits_a_phone(open_tab, scheme):
    tab = open_tab(viewport={"width": 375, "height": 812}, is_mobile=True, has_touch=True, color_scheme=scheme)
    for url in PAGES:
        tab.open(url)
        pictures = tab.page.locator("article svg.kb-graph__picture, article svg.kb-avatar")
        assert pictures.count() > 0, f"{url or 'home'} shows no picture"
        box = pictures.first.bounding_box()
        assert box and box["width"] > 30 and box["x"] >= 0 and box["x"] + box["width"] <= 375, f"{url or 'home'}: {box}"
        overflow = tab.page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
        assert overflow <= 0, f"{url or 'home'} scrolls sideways by {overflow}px at 375px wide"
        wide = tab.page.evaluate("""() => [...document.querySelectorAll('article svg, article .kb-card')]
            .filter(e => e.getBoundingClientRect().right > window.innerWidth + 0.5).length""")
        assert wide == 0, f"{url or 'home'}: {wide} pictures or cards wider than the screen"
    assert tab.errors == []


def test_the_graph_labels_follow_the_colour_scheme(open_tab):
    colours = {}
    for scheme in ("light", "dark"):
        tab = open_tab(color_scheme=scheme)
        tab.open("topics/kubernetes/")
        colours[scheme] = tab.page.evaluate(
            "getComputedStyle(document.querySelector('.kb-graph__picture a text')).fill")
        assert tab.page.locator(".kb-graph__picture title").count() == 1
    assert colours["light"] != colours["dark"]


def test_a_node_of_the_graph_leads_to_its_page(open_tab):
    tab = open_tab()
    tab.open("people/geoff-burke/")
    tab.page.locator(".kb-graph__picture a").first.click()
    tab.page.wait_for_function("() => !location.pathname.endsWith('/people/geoff-burke/')")
    assert tab.page.locator("article h1").count() == 1
    assert tab.errors == []
