"""Readers know where they are, on every kind of generated page, in a real browser.

One page of every generated kind (an entry of each collection, each index, the
release explorer, an article), at 1366 px and at 375 px, light and dark: the section's
tab is active, a breadcrumb leads home and to the collection's index, nothing is wider
than a phone's screen, nothing logs an error, and axe-core finds no serious or
critical problem. The browser set-up is tests/test_browser.py's.
"""
from __future__ import annotations

import pytest

from calico_kb.paths import page_url
from test_browser import (AXE, SITE_PATH, axe_violations, browser, chromium, kb, open_tab, require,  # noqa: F401
                          site_url, visible_rows)

pytestmark = pytest.mark.browser

DESKTOP = {"viewport": {"width": 1366, "height": 900}}
PHONE = {"viewport": {"width": 375, "height": 812}, "is_mobile": True, "has_touch": True}
TABS = {"releases": "Releases", "spotlights": "Spotlights", "articles": "Articles", "reports": "Learn",
        "guides": "Learn", "courses": "Learn", "events": "Learn", "topics": "Browse", "people": "Browse",
        "organizations": "Browse"}

WIDER_THAN_THE_SCREEN = """() => {
    const width = document.documentElement.clientWidth;
    const scrolls = el => { for (let e = el.parentElement; e; e = e.parentElement) {
        const style = getComputedStyle(e);
        if (e.matches(".md-typeset__scrollwrap, pre") || style.overflowX === "auto" || style.overflowX === "scroll") return e;
    } return null; };
    return Array.from(document.querySelectorAll("body *"))
        .filter(el => el.offsetParent !== null && !scrolls(el))
        .filter(el => { const r = el.getBoundingClientRect(); return r.right > width + 1 || r.left < -1; })
        .filter(el => !el.closest(".md-sidebar, .md-search, .md-tabs, .md-header__topic"))
        .map(el => el.tagName.toLowerCase() + (el.className ? "." + String(el.className).split(" ")[0] : ""));
}"""


@pytest.fixture(scope="module")
def kinds(kb) -> dict[str, str]:
    """One page of every generated kind: URL -> the collection whose tab it belongs to."""
    pages = {}
    for name in TABS:
        entries = kb.graph.by_collection(name)
        assert entries, name
        pages[page_url(entries[0].src_uri)] = name
        pages[f"{name}/"] = name
    pages["releases/explorer/"] = "releases"
    return pages


def where_am_i(tab, url: str, collection: str) -> list[str]:
    """What is missing on the page for a reader to know where they are."""
    missing = []
    tabs = tab.page.locator(".md-tabs__item--active .md-tabs__link").all_inner_texts()
    if [t.strip() for t in tabs] != [TABS[collection]]:
        missing.append(f"{url}: active tabs {tabs}")
    entry_page = url not in (f"{collection}/", "spotlights/", "articles/")
    if entry_page and url != "releases/explorer/":
        crumbs = tab.page.locator("nav.md-path a.md-path__link")
        hrefs = crumbs.evaluate_all("links => links.map(a => new URL(a.href).pathname)")
        if not hrefs or hrefs[0] != SITE_PATH:
            missing.append(f"{url}: breadcrumb {hrefs} does not start at home")
        if SITE_PATH + f"{collection}/" not in hrefs:
            missing.append(f"{url}: breadcrumb {hrefs} does not lead to {collection}/")
        if tab.page.locator("nav.md-footer__inner a.md-footer__link").count() == 0:
            missing.append(f"{url}: no previous or next page")
    return missing


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("size", ["desktop", "phone"])
def test_every_generated_page_kind_says_where_it_is_and_fits_the_screen(open_tab, kinds, scheme, size):
    tab = open_tab(color_scheme=scheme, **(DESKTOP if size == "desktop" else PHONE))
    problems = []
    for url, collection in kinds.items():
        response = tab.open(url)
        assert response.status == 200, url
        problems += where_am_i(tab, url, collection)
        if size == "phone":
            wide = tab.page.evaluate(WIDER_THAN_THE_SCREEN)
            if wide:
                problems.append(f"{url}: wider than 375 px: {wide[:5]}")
    assert problems == []
    assert tab.errors == []


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("size", ["desktop", "phone"])
def test_axe_finds_no_serious_problem_on_any_generated_page_kind(open_tab, kinds, scheme, size):
    require(AXE.is_file(), "axe-core not found")
    tab = open_tab(color_scheme=scheme, **(DESKTOP if size == "desktop" else PHONE))
    violations = []
    for url in kinds:
        tab.open(url)
        violations += axe_violations(tab)
    assert violations == []


def test_the_sidebar_shows_the_entry_section_on_a_wide_screen(open_tab, kb):
    tab = open_tab(**DESKTOP)
    tab.open(page_url(kb.graph.by_collection("releases")[0].src_uri))
    sidebar = tab.page.locator(".md-sidebar--primary .md-nav__link:visible").all_inner_texts()
    assert any("Explorer" in text for text in sidebar), sidebar


def test_the_explorer_on_a_phone_is_cards_that_fit_the_screen(open_tab):
    tab = open_tab(**PHONE)
    tab.open("releases/explorer/")
    tab.page.locator("form.kb-explorer").wait_for()
    assert tab.page.evaluate(WIDER_THAN_THE_SCREEN) == []
    table = tab.page.locator("article table").first
    assert table.evaluate("t => t.getBoundingClientRect().width") <= 375
    label = tab.page.locator("article table tbody td:nth-child(2)").first.evaluate(
        "td => getComputedStyle(td, '::before').content")
    assert "Product" in label


def test_without_javascript_the_explorer_promises_no_filters_and_fits_a_phone(open_tab, kb):
    tab = open_tab(java_script_enabled=False, **PHONE)
    tab.page.goto(tab.base + "releases/explorer/")
    text = tab.page.locator("article").inner_text()
    assert "Narrow the table" not in text and "filter" not in text.lower()
    highlights = [h for r in kb.graph.by_collection("releases") for h in r.data["highlights"]]
    assert len(visible_rows(tab)) == len(highlights)
    assert tab.page.evaluate(WIDER_THAN_THE_SCREEN) == []


def test_with_no_match_the_explorer_says_so_and_offers_to_clear(open_tab, kb):
    tab = open_tab(**DESKTOP)
    tab.open("releases/explorer/?text=no+highlight+says+this")
    tab.page.locator("form.kb-explorer").wait_for()
    assert "Narrow the table" in tab.page.locator("article").inner_text()
    message = tab.page.locator(".kb-explorer__none")
    assert message.is_visible() and "No highlight matches" in message.inner_text()
    assert not tab.page.locator("article table").first.is_visible()
    message.get_by_role("button", name="Clear the filters").click()
    highlights = [h for r in kb.graph.by_collection("releases") for h in r.data["highlights"]]
    assert len(visible_rows(tab)) == len(highlights)
    assert not message.is_visible()
    assert tab.path() == "releases/explorer/"
    assert tab.errors == []
