"""What ships from Markdown is what the allowlist keeps, whatever a check missed."""

from __future__ import annotations

import re

import markdown
import pytest

from calico_kb.checks import markdown_bodies
from calico_kb.config import read_config
from calico_kb.render import shipped_html
from calico_kb.site.html import parse_page
from conftest import ROOT


def site_markdown() -> markdown.Markdown:
    """Python-Markdown with mkdocs.yml's extensions, the cleaner included."""
    names, configs = markdown_bodies._extensions(ROOT / "mkdocs.yml")
    return markdown.Markdown(extensions=[*names, shipped_html.makeExtension()], extension_configs=configs)


def test_mkdocs_yml_names_the_cleaner_last_and_make_check_judges_markdown_without_it():
    config = read_config((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
    assert config["markdown_extensions"][-1] == shipped_html.__name__ == markdown_bodies.SHIPPED_HTML_EXTENSION
    assert shipped_html.__name__ not in markdown_bodies._extensions(ROOT / "mkdocs.yml")[0]


@pytest.mark.parametrize(
    ("text", "gone"),
    [
        ('<p onclick="alert(1)">x</p>', "onclick"),
        ('<noscript><p title="</noscript><img src=x onerror=alert(1)>"></noscript>', "onerror"),
        ('<div id="__config">{}</div>', "__config"),
        ('```python {data-copy="curl x | sudo sh"}\nls\n```', "data-copy"),
        ('<span data-md-component="search">x</span>', "data-md-component"),
        ('<p class="md-content">x</p>', "md-content"),
        ('<p class="note md-content">x</p><p class="note md-content">y</p>', "md-content"),  # a class seen twice
        ('<img src="//evil.example/x.png" alt="x">', "evil.example"),
        ('<a href="a\\b">x</a>', "href"),
        ('<img src="x.png" id="__search" alt="x">', "__search"),
        ('<form><button formaction="https://evil.example/">go</button></form>', "formaction"),
        ("[x](\\\\evil.example\\path)", "evil.example"),
        ('<a href="javascript:alert(1)">x</a>', "javascript"),
        ("<style>body{display:none}</style>", "display"),
        ('<iframe src="https://evil.example/"></iframe>', "iframe"),
    ],
)
def test_what_the_allowlist_refuses_does_not_ship(text, gone):
    html = site_markdown().convert(text)
    assert gone not in html
    assert parse_page("page.html", html).unsafe == []


def test_what_markdown_and_the_templates_write_ships_unchanged_but_for_serialization():
    text = (
        "## Heading {: .kb-meta data-search-exclude }\n\n"
        '!!! note "N"\n    [link](https://www.tigera.io/ "Tigera") `code`\n\n'
        "| a |\n|:-:|\n| 1 |\n\n"
        '<svg class="kb-avatar" viewBox="0 0 96 96" role="img" aria-label="J D" data-search-exclude>'
        '<circle cx="48" cy="48" r="48" fill="#fff"/><a xlink:href="../people/x/"><text x="48">JD</text></a></svg>\n'
    )
    html = site_markdown().convert(text)
    for kept in (
        '<h2 class="kb-meta" data-search-exclude="" id="heading">Heading<a class="headerlink" href="#heading"',
        '<div class="admonition note">',
        '<a href="https://www.tigera.io/" title="Tigera">link</a>',
        '<th style="text-align:center">a</th>',
        '<svg class="kb-avatar" viewBox="0 0 96 96" role="img" aria-label="J D" data-search-exclude="">',
        '<circle cx="48" cy="48" r="48" fill="#fff"></circle><a xlink:href="../people/x/">',
    ):
        assert kept in html


def test_text_without_markup_is_what_nh3_would_hand_back():
    """`clean` hands such text back without nh3: nh3 itself must agree, character by
    character (a newer nh3 that rewrites one more character fails here)."""
    every_character = "".join(chr(point) for point in range(0x110000) if not 0xD800 <= point < 0xE000)
    unchanged = "".join(shipped_html.UNCHANGED_TEXT.findall(every_character))
    assert shipped_html.cleaner().clean(unchanged) == unchanged == shipped_html.clean(unchanged)
    for character in re.sub(shipped_html.UNCHANGED_TEXT, "", every_character):
        text = f"a{character}b"
        assert shipped_html.cleaner().clean(text) != text, f"{character!r} is handed back by nh3: it may skip nh3"
        assert shipped_html.clean(text) == shipped_html.cleaner().clean(text)
