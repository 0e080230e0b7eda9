"""Reading built pages (calico_kb.site.html): the parts of Material's chrome that pages
repeat are judged once by their text, and a part that differs in anything the rules
read, however like a clean one it looks, is judged and reported where it is, as is
the rest of the chrome around them."""

from __future__ import annotations

import pytest

from calico_kb.checks.html_policy import Site
from calico_kb.site.html import SharedReading, parse_page

SITE = Site.from_url("https://example.org/kb/")

LOGO = '<a href="../.." title="KB" class="md-header__button md-logo" aria-label="KB"><svg><path d="M0"/></svg></a>'
PALETTE = (  # one of Material's inline scripts
    "<script>var target=document.getElementById(location.hash.slice(1));target&&target.name&&"
    '(target.checked=target.name.startsWith("__tabbed_"))</script>'
)
SEARCH = (
    '<div class="md-search" data-md-component="search" role="dialog">'
    '<label class="md-search__overlay" for="__search"></label><form class="md-search__form" name="search">'
    '<input type="text" class="md-search__input" name="query"></form></div>'
)
TABS = '<ul class="md-tabs__list"><li class="md-tabs__item"><a href="../../topics/" class="md-tabs__link">Topics</a></li></ul>'
NAV = '<nav class="md-nav md-nav--primary"><a href="../../releases/" class="md-nav__link">Releases</a></nav>'
PATH = '<ol class="md-path__list"><li class="md-path__item"><a href="../../" class="md-path__link">Home</a></li></ol>'


def page(
    title: str = "A page",
    *,
    logo: str = LOGO,
    palette: str = PALETTE,
    search: str = SEARCH,
    tabs: str = TABS,
    nav: str = NAV,
    path: str = PATH,
) -> str:
    """A page laid out as Material lays out an entry page, one element a line."""
    return "\n".join(
        [
            "<!doctype html>",
            '<html lang="en"><head><title>x</title></head><body>',
            '<header class="md-header" data-md-component="header">',
            '<nav class="md-header__inner md-grid" aria-label="Header">',
            logo,
            '<div class="md-header__title" data-md-component="header-title"><div class="md-header__ellipsis">',
            '<div class="md-header__topic"><span class="md-ellipsis">KB</span></div>',
            '<div class="md-header__topic" data-md-component="header-topic">',
            f'<span class="md-ellipsis">{title}</span>',
            "</div></div></div>",
            palette,
            search,
            "</nav></header>",
            '<div class="md-container" data-md-component="container">',
            f'<nav class="md-tabs" aria-label="Tabs" data-md-component="tabs"><div class="md-grid">{tabs}</div></nav>',
            '<main class="md-main" data-md-component="main"><div class="md-main__inner md-grid">',
            '<div class="md-sidebar md-sidebar--primary" data-md-component="sidebar" data-md-type="navigation">',
            nav,
            "</div>",
            '<div class="md-content" data-md-component="content">',
            f'<nav class="md-path" aria-label="Navigation">{path}</nav>',
            '<article class="md-content__inner md-typeset">',
            '<h1 id="a-page">A page</h1><p><a href="../b/">B</a></p>',
            "</article></div></div></main></div></body></html>",
        ]
    )


def read(*pages: tuple[str, str]) -> list:
    """The pages read in this order, as the build reads a site's pages: sharing what
    it read of each part of the chrome."""
    shared = SharedReading()
    return [parse_page(path, text, SITE, shared=shared) for path, text in pages]


def unsafe(html_page) -> list[tuple[int, int, str]]:
    return [(found.line, found.col, found.what) for found in html_page.unsafe]


def test_pages_that_differ_only_in_their_title_read_alike():
    first, second = read(("x/a/index.html", page("A page")), ("x/b/index.html", page("Another &amp; <i>x</i>")))
    assert unsafe(first) == []
    assert unsafe(second) == []  # an element in the title is judged (allowed here)
    assert first.links == second.links and [str(link) for link in first.links][:2] == [
        '<a href="../..">',
        '<a href="../../topics/">',
    ]


def test_the_title_of_a_page_is_read_where_it_is_written():
    # The header is compared without its title's text: the title is still each page's.
    first, second = read(("x/a/index.html", page("A page")), ("x/b/index.html", page("Another page")))
    assert (first.title, second.title) == ("x", "x")  # the <title> in <head>
    texts = [page(f"Title {n}").replace("<title>x</title>", f"<title>Title {n}</title>") for n in (1, 2)]
    assert [p.title for p in read(("x/a/index.html", texts[0]), ("x/b/index.html", texts[1]))] == ["Title 1", "Title 2"]


def where(text: str, needle: str) -> tuple[int, int]:
    """The line and column where `needle` is first written in `text`."""
    index = text.index(needle)
    return text.count("\n", 0, index) + 1, index - text.rfind("\n", 0, index)


@pytest.mark.parametrize(
    ("refused", "needle", "message"),
    [
        # The parts: the search box, the tabs and the navigation...
        ({"search": SEARCH.replace('name="query"', 'name="query" onfocus="x()"')}, "onfocus", "'onfocus' on <input>"),
        ({"tabs": TABS.replace('class="md-tabs__link"', 'class="md-tabs__link" onclick="x()"')}, "onclick", "<a>"),
        ({"nav": NAV.replace("../../releases/", "JavaScript:alert(1)")}, "JavaScript:", "<a href="),
        ({"path": PATH.replace('href="../../"', 'href="../../" onmouseover="x()"')}, "onmouseover", "<a>"),
        # ...and the header around the search box, whose title differs from page to page:
        # the title's text is no part of what is compared, anything else in it is.
        ({"title": 'A page<img src="x.png" onerror="alert(1)">'}, "onerror", "'onerror' on <img>"),
        ({"title": 'A page<a href="javascript:alert(1)">x</a>'}, "javascript:", 'href="javascript:alert(1)"'),
        ({"logo": LOGO.replace('href="../.."', 'href="javascript:alert(1)"')}, "javascript:", "<a href="),
        ({"palette": "<script>alert(1)</script>"}, "alert(1)", "an inline <script> that is not one of Material's"),
    ],
)
def test_a_part_with_something_refused_is_refused_where_it_is_after_a_clean_one(refused, needle, message):
    text = page(**refused)
    clean, same, bad = read(("x/a/index.html", page()), ("x/b/index.html", page("A page")), ("x/c/index.html", text))
    assert unsafe(clean) == unsafe(same) == []
    [(line, col, what)] = unsafe(bad)
    assert (line, col) == where(text, needle) and message in what, (line, col, what)
    # Read alone, without the parts of the clean pages: the same.
    assert unsafe(read(("x/c/index.html", text))[0]) == [(line, col, what)]


@pytest.mark.parametrize("part", ["search", "nav"])
@pytest.mark.parametrize(
    ("addition", "needle", "message"),
    [
        ('<script src="../../assets/x.js"></script>', "../../assets/x.js", "which is not a file under assets/"),
        ('<form action="../../search/"></form>', "../../search/", "a form that submits off the site"),
    ],
)
def test_a_part_with_a_script_file_or_a_form_is_judged_in_each_folder(part, addition, needle, message):
    # The same part, with a script file or a form's action relative to the page: in
    # the site from x/a/, above the site from the home page.
    clean = {"search": SEARCH, "nav": NAV}[part]
    assert clean.endswith(("</div>", "</nav>"))
    text = page(**{part: clean[: -len("</div>")] + addition + clean[-len("</div>") :]})
    inner, home = read(("x/a/index.html", text), ("index.html", text))
    assert unsafe(inner) == []
    [(line, col, what)] = unsafe(home)
    assert (line, col) == where(text, needle) and message in what
