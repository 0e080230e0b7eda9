"""The content policy on final HTML (calico_kb.checks.html_policy), as a browser parses it."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from calico_kb.checks.html_policy import (
    _INERT_ATTRIBUTES,
    URL_ATTRIBUTES,
    Site,
    _attribute_findings,
    _inert,
    html_findings,
    style_loads,
    unsafe_scheme,
    xml_findings,
)

SITE = Site.from_url("https://example.org/kb/")


def messages(html: str, page: str = "a/index.html", **options) -> list[str]:
    return [finding.message for finding in html_findings(html, page, SITE, **options)]


@pytest.mark.parametrize(
    ("html", "expected"),
    [
        ('<img src=x onerror="alert(1)">', "the event handler attribute 'onerror' on <img>"),
        ("<p ONCLICK=1>", "the event handler attribute 'onclick' on <p>"),
        (
            '<svg><a xlink:href="javascript:alert(1)">x</a></svg>',
            'a forbidden address in <a xlink:href="javascript:alert(1)">',
        ),
        ('<a href=" java&#x09;script&colon;alert(1)">x</a>', 'a forbidden address in <a href="java\tscript:alert(1)">'),
        ('<a href="&#1;javascript:1">x</a>', 'a forbidden address in <a href="javascript:1">'),
        (
            '<img srcset="a.png 1x, data:image/svg+xml,x 2x">',
            'a forbidden address in <img srcset="data:image/svg+xml">',
        ),
        ('<a href="VBScript:x">x</a>', 'a forbidden address in <a href="VBScript:x">'),
        ('<iframe srcdoc="&lt;script&gt;"></iframe>', "the element <iframe>, which pages may not contain"),
        ('<object data="x.swf"></object>', "the element <object>, which pages may not contain"),
        ('<embed src="x">', "the element <embed>, which pages may not contain"),
        ("<svg><foreignObject></foreignObject></svg>", "the element <foreignobject>, which pages may not contain"),
        (
            '<svg><animate attributeName="href" values="javascript:alert(1)"/></svg>',
            "the element <animate>, which pages may not contain",
        ),
        ("<math><mi>x</mi></math>", "the element <math>, which pages may not contain"),
        ("<template><img src=x></template>", "the element <template>, which pages may not contain"),
        ('<p>x</p><base href="https://evil.example/">', "the element <base>, which pages may not contain"),
        (
            '<p>x</p><link rel=stylesheet href="https://evil.example/x.css">',
            "a <link> element outside the page's <head>",
        ),
        (
            '<p style="background: u\\72l(https://evil.example/)">',
            'a style attribute that loads something: <p style="background: u\\72l(https://evil.example/)">',
        ),
        (
            '<form action="https://evil.example/login"><input></form>',
            "a form that submits off the site, to 'https://evil.example/login'",
        ),
        ("<script>alert(1)</script>", 'an inline <script> that is not one of Material\'s: "alert(1)"'),
        (
            '<script src="https://evil.example/x.js"></script>',
            '<script src="https://evil.example/x.js">, which is not a file under assets/',
        ),
        (
            '<script src="../../assets/x.js"></script>',
            '<script src="../../assets/x.js">, which is not a file under assets/',
        ),
    ],
)
def test_refused_in_the_body(html: str, expected: str):
    assert messages(html) == [expected]


@pytest.mark.parametrize(
    ("article", "expected"),
    [
        ('<article class="md-content__inner md-typeset">', []),
        (
            '<article class="md-content__inner md-typeset" onmouseover="alert(1)">',
            ["the event handler attribute 'onmouseover' on <article>"],
        ),
        (
            '<article class="md-content__inner md-typeset" style="background: url(https://evil.example/)">',
            ['a style attribute that loads something: <article style="background: url(https://evil.example/)">'],
        ),
    ],
)
def test_the_article_that_opens_the_content_area_is_judged_itself(article: str, expected: list[str]):
    # Only the theme writes it (a template override could change it): the content area's
    # allowlist starts inside it, the chrome's rules hold for the element itself.
    assert messages(f"<main>{article}<p>x</p></article></main>") == expected


def test_head_rules():
    head = (
        '<head><meta http-equiv="refresh" content="0;url=https://evil.example/"><style>@import "x.css";</style></head>'
    )
    assert messages(head) == ["<meta http-equiv='refresh'>", "a <style> element that loads something"]
    # What the theme writes in the head, and the same with something refused in it.
    head = (
        '<head><title>x</title><meta property="og:url" content="https://example.org/kb/a/">'
        '<link rel="canonical" href="https://example.org/kb/a/"><link rel="icon" href="../x.png"></head>'
    )
    assert messages(head) == []
    assert messages(head.replace('rel="icon" href="../x.png"', 'rel="icon" href=" javascript:alert(1)"')) == [
        'a forbidden address in <link href="javascript:alert(1)">'
    ]
    assert messages(head.replace("<title>", '<title onclick="alert(1)">')) == [
        "the event handler attribute 'onclick' on <title>"
    ]
    assert messages(head.replace('<meta property="og:url"', '<meta onload="alert(1)" property="og:url"')) == [
        "the event handler attribute 'onload' on <meta>"
    ]


def test_comments_and_text_are_inert_as_in_a_browser():
    # A browser parses these as a comment and as text: nothing in them runs.
    assert messages("<!-- <script>alert(1)</script> --><p>&lt;script&gt;alert(1)&lt;/script&gt;</p>") == []
    assert messages("<textarea><img src=x onerror=1></textarea>") == []
    # ...but html.parser ends this comment at '<!-->' too early; Lexbor agrees with browsers.
    assert messages("<!--> <img src=x onerror=1> -->") == ["the event handler attribute 'onerror' on <img>"]


def test_the_sites_own_scripts_and_forms_are_allowed():
    page = (
        '<script src="../assets/javascripts/bundle.js"></script><script src="/kb/assets/explorer.js"></script>'
        '<script id="__config" type="application/json">{"base": ".."}</script>'
        "<script>var target=document.getElementById(location.hash.slice(1));target&&target.name&&"
        '(target.checked=target.name.startsWith("__tabbed_"))</script>'
        '<form action="/kb/." method="get"><input name="q"></form><a href="https://example.org/x">x</a>'
        '<svg viewBox="0 0 24 24"><path d="M0"/></svg>'
    )
    assert messages(page) == []
    # Material's inline scripts belong to its pages only, not to static HTML files.
    assert messages('<script id="__config" type="application/json">{}</script>', material=False) == [
        'an inline <script> that is not one of Material\'s: "{}"'
    ]


def test_structured_data_is_allowed_as_json_only():
    assert messages('<script type="application/ld+json">{"@type": "Person", "name": "Ada"}</script>') == []
    assert messages('<script type="application/ld+json">alert(1)</script>') == [
        'a <script type="application/ld+json"> that is not a JSON object'
    ]
    # Only the type attribute: an id or a src makes it something else (Material's
    # configuration, a script file), judged by their own rules.
    assert messages('<script type="application/ld+json" id="x">{}</script>') == [
        'an inline <script> that is not one of Material\'s: "{}"'
    ]
    # Static HTML files carry no scripts at all.
    assert messages('<script type="application/ld+json">{}</script>', material=False) == [
        'an inline <script> that is not one of Material\'s: "{}"'
    ]


def test_every_page_of_the_real_site_passes(built_site):
    site = Site.from_url("https://example.org/calico-community-kb/")
    pages = sorted(built_site.rglob("*.html"))
    assert len(pages) > 50
    for page in pages:
        path = page.relative_to(built_site).as_posix()
        assert html_findings(page.read_text(encoding="utf-8"), path, site) == [], path


@pytest.mark.parametrize(
    ("xml", "expected"),
    [
        (
            '<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>',
            "the event handler attribute 'onload' on <svg>",
        ),
        (
            '<svg xmlns="http://www.w3.org/2000/svg"><svg:script xmlns:svg="http://www.w3.org/2000/svg">1</svg:script></svg>',
            "the element <script>, which pages may not contain",
        ),
        (
            '<svg xmlns="http://www.w3.org/2000/svg" xmlns:x="http://www.w3.org/1999/xlink"><a x:href="javascript:1"/></svg>',
            'a forbidden address in <a xlink:href="javascript:1">',
        ),
        ('<!DOCTYPE svg [<!ENTITY a "b">]><svg/>', "a <!DOCTYPE> or <?xml-stylesheet?> in an XML file"),
        ("<svg><g></svg>", "the file is not well-formed XML: mismatched tag: line 1, column 10"),
    ],
)
def test_refused_in_xml(xml: str, expected: str):
    assert [finding.message for finding in xml_findings(xml)] == [expected]


def test_a_plain_drawing_passes():
    assert xml_findings('<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"><path d="M0 0"/></svg>') == []


def test_unsafe_schemes_and_styles_as_browsers_read_them():
    assert unsafe_scheme("\x01 java\nscript:x") == "javascript"
    assert unsafe_scheme("https://example.org/javascript:x") is None
    assert style_loads("color: red; background: URL /**/ (x)")
    assert not style_loads("color: red; width: calc(1px + 2px)")


def test_huge_inputs_are_read_in_one_pass():
    # Quadratic work on these would take hours, not the moment they take.
    assert messages("<p " + " ".join(f"a{i}=1" for i in range(900)) + " onclick=1>" + "<b>" * 50_000) == [
        "the event handler attribute 'onclick' on <p>"
    ]
    assert style_loads("\\" * 200_000 + "/**/" * 100_000 + "url(")


def test_a_tag_with_too_many_attributes_is_refused_before_it_is_parsed():
    # Lexbor, like browsers, compares each attribute with those before it: 100,000 of
    # them would take minutes to parse, so the page is refused unparsed.
    crowded = "<p " + " ".join(f"a{i}=1" for i in range(100_000)) + " onclick=1>"
    assert messages("<p>fine</p>" + crowded) == [
        "a tag with more than 1,000 attributes (<p a0=1 a1=1 a2=1 a3=1 a4=1 a5=1 a6=1 a7…)"
    ]
    assert messages("<p " + " ".join(f"a{i}=1" for i in range(1_000)) + ">") == []


def test_the_attributes_passed_at_a_glance_are_never_handlers_style_or_addresses():
    assert {name for name in _INERT_ATTRIBUTES if name.startswith("on") or ":" in name} == set()
    assert _INERT_ATTRIBUTES & (URL_ATTRIBUTES | {"style"}) == set()


_NAMES = [*sorted(_INERT_ATTRIBUTES), *sorted(URL_ATTRIBUTES), "style", "onclick", "ONLOAD", "on", "one", "xml:lang"]
_NAMES += ["data-x", "XLINK:HREF", "Href"]
_VALUES = ["", "x", "a:b", "https://example.org/", "../a/", "javascript:x", " java\tscript:x", "mailto:x"]
_VALUES += ["a.png 1x, data:x 2x", "color: red", "background: url(x)"]


def test_each_attribute_passed_at_a_glance_has_nothing_refused():
    for name in _NAMES:
        for value in _VALUES:
            if _inert({name: value}):
                assert list(_attribute_findings("p", {name: value})) == [], (name, value)


@settings(max_examples=200, deadline=None, derandomize=True, database=None)
@given(st.dictionaries(st.sampled_from(_NAMES), st.sampled_from(_VALUES), max_size=4))
def test_attributes_passed_at_a_glance_have_nothing_refused(attributes):
    if _inert(attributes):
        assert list(_attribute_findings("p", attributes)) == []
