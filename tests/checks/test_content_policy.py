"""The content policy of Markdown bodies: no scripts, event handlers or javascript:/data: links.

Each refused sample is rendered with Python-Markdown and the site's own extensions to
show that it really puts something executable into the page; each allowed sample to
show that it does not. So the policy is tested against what Markdown makes of the
text, not against what the policy's author believed.
"""

from __future__ import annotations

import pytest

from calico_kb.checks.content_policy import body_problems, unsafe_scheme
from calico_kb.checks.markdown_bodies import renderer
from calico_kb.commands.cli import main
from calico_kb.pipeline import Project, build_knowledge_base
from calico_kb.site.html import parse_page
from conftest import ROOT

SCRIPT = "raw <script> is not allowed in Markdown"
IFRAME = "raw <iframe> is not allowed in Markdown"
SVG = "raw <svg> is not allowed in Markdown"
ONERROR = "the event handler attribute 'onerror' is not allowed"
ONCLICK = "the event handler attribute 'onclick' is not allowed"
ONLOAD = "the event handler attribute 'onload' is not allowed"
JAVASCRIPT = "the link target 'javascript:alert(1)' uses a forbidden scheme"

# (Markdown, [(line, column, message)]): lines and columns of the body's text.
REFUSED = {
    "script": ("Text\n\n<script>alert(1)</script>\n", [(3, 1, SCRIPT)]),
    "script in capitals": ("<SCRIPT>alert(1)</SCRIPT>\n", [(1, 1, SCRIPT)]),
    "iframe": ('Look: <iframe src="https://example.com"></iframe>\n', [(1, 7, IFRAME)]),
    "event handler": ("<img src=x onerror=alert(1)>\n", [(1, 12, ONERROR)]),
    "event handler on a later line of the tag": ("<img src=x\n  onerror=alert(1)>\n", [(2, 3, ONERROR)]),
    "event handler after a quoted '>'": ('<a title="a > b" onclick="x()">y</a>\n', [(1, 18, ONCLICK)]),
    "slash before the attribute": ("<svg/onload=alert(1)>\n", [(1, 1, SVG), (1, 6, ONLOAD)]),
    "a backslash does not escape '<'": ("\\<b onclick=alert(1)>x</b>\n", [(1, 5, ONCLICK)]),
    "javascript: Markdown link": (
        "[x](javascript:alert(1))\n",
        [(1, 5, "the link target 'javascript:alert(1' uses a forbidden scheme")],
    ),
    "javascript: in angle brackets": (
        "[x](<javascript:alert(1)>)\n",
        [(1, 6, "the link target 'javascript:alert(1' uses a forbidden scheme")],
    ),
    "entity-encoded javascript:": (
        "[x](&#106;avascript:alert(1))\n",
        [(1, 5, "the link target 'javascript:alert(1' uses a forbidden scheme")],
    ),
    "javascript: reference definition": ("[x][y]\n\n[y]: javascript:alert(1)\n", [(3, 6, JAVASCRIPT)]),
    "data: image": (
        "![x](data:image/svg+xml;base64,PHN2Zz4=)\n",
        [(1, 6, "the link target 'data:image/svg+xml;base64,PHN2Zz4=' uses a forbidden scheme")],
    ),
    "javascript: with a leading space": ('<a href=" javascript:alert(1)">x</a>\n', [(1, 4, JAVASCRIPT)]),
    "data: in a srcset": (
        '<img srcset="a.png 1x, data:image/png;base64,AA 2x">\n',
        [(1, 6, "the link target 'data:image/png;base64' uses a forbidden scheme")],
    ),
    "attr_list event handler": ('[a](https://example.com){ onclick="alert(1)" }\n', [(1, 27, ONCLICK)]),
    "attr_list on a heading": (
        "# Title { onmouseover=alert(1) }\n",
        [(1, 11, "the event handler attribute 'onmouseover' is not allowed")],
    ),
    "attr_list href": ('[a](https://example.com){ href="javascript:alert(1)" }\n', [(1, 27, JAVASCRIPT)]),
    "escaped backticks are not code": ("\\`<script>alert(1)</script>\\`\n", [(1, 3, SCRIPT)]),
    "code span inside a raw HTML block": ("<div>\n`<script>alert(1)</script>`\n</div>\n", [(2, 2, SCRIPT)]),
    "code span inside a raw HTML block with blank lines": (
        "<div>\n\n`<script>alert(1)</script>`\n\n</div>\n",
        [(3, 2, SCRIPT)],
    ),
    "unclosed fence": ("Text\n\n```\n<script>alert(1)</script>\n", [(4, 1, SCRIPT)]),
    "fence closed by a longer fence": ("```\n<script>alert(1)</script>\n````\n", [(2, 1, SCRIPT)]),
    "fence closed at another indentation": ("```\n<script>alert(1)</script>\n  ```\n", [(2, 1, SCRIPT)]),
    "fence with options superfences refuses": ("```python foo=bar\n<script>alert(1)</script>\n```\n", [(2, 1, SCRIPT)]),
    "backtick in a fence's info string": ("```x`y\n<script>alert(1)</script>\n```\n", [(2, 1, SCRIPT)]),
    "comment ended early by '<!-->'": ("Text <!--> <script>alert(1)</script> -->\n", [(1, 12, SCRIPT)]),
    "comment Markdown escapes": ("Text <!-- a\n\n<script>alert(1)</script>\n\n--> more\n", [(3, 1, SCRIPT)]),
    "bogus comment Markdown escapes": ("Text <!x <img src=x onerror=alert(1)>\n", [(1, 21, ONERROR)]),
}

ALLOWED = {
    "code block": "```html\n<script>alert(1)</script>\n```\n",
    "tilde code block": "~~~\n<iframe src=x></iframe>\n~~~\n",
    "code block with a language and a title": '``` js title="x.js"\n<img src=x onerror=alert(1)>\n```\n',
    "code span": "Use `<script>` and ``a ` <b onclick=x>`` in text.\n",
    "code block in a list": "- item\n\n    ```\n    <script>alert(1)</script>\n    ```\n",
    "line in a code block that looks like a fence": "```\ncode\n```python\n<script>x</script>\n```\n",
    "links": "[ok](https://example.com), [rel](../a.md#b), [mail](mailto:a@example.com), ![img](img/x.png)\n",
    "attr_list without handlers": "# Title { #custom-id .class data-x=1 }\n",
    "words that look like attributes": "Set one=1 and the onboarding flag; javascript: the good parts.\n",
    "escaped markup": "&lt;script&gt; and &lt;b onclick=x>\n",
}


def render(text: str) -> str:
    """HTML as the site's Markdown configuration makes it, before nh3 cleans what ships."""
    md = renderer(ROOT / "mkdocs.yml")
    return md.convert(text)


def executable_parts(html: str) -> list[str]:
    """What the built-site checker would refuse in this HTML."""
    page = parse_page("page.html", html)
    return [found.what for found in page.unsafe]


@pytest.mark.parametrize("text, expected", REFUSED.values(), ids=REFUSED.keys())
def test_refused_markup_is_reported_where_it_is(text: str, expected: list[tuple[int, int, str]]):
    assert executable_parts(render(text)), "the sample should put something executable into the page"
    problems = list(body_problems(text, "docs/page.md"))
    assert [(p.line, p.col, p.message) for p in problems] == expected
    assert all(p.path == "docs/page.md" and p.hint for p in problems)


@pytest.mark.parametrize("text", ALLOWED.values(), ids=ALLOWED.keys())
def test_markdown_and_code_are_allowed(text: str):
    assert executable_parts(render(text)) == []
    assert list(body_problems(text, "docs/page.md")) == []


def test_lines_count_from_the_start_of_the_body():
    [problem] = body_problems("Text\n<script>x</script>\n", "docs/articles/a.md", first_line=7)
    assert (problem.path, problem.line, problem.col) == ("docs/articles/a.md", 8, 1)


@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert(1)",
        " JavaScript:x",
        "java\tscript:x",
        "\x01javascript:x",
        "vbscript:x",
        "data:text/html,x",
        "DATA:x",
    ],
)
def test_unsafe_schemes_as_a_browser_reads_them(url: str):
    assert unsafe_scheme(url)


@pytest.mark.parametrize(
    "url", ["https://example.com/javascript:x", "mailto:a@b.c", "../data/x.md", "#data:x", "javascript%3Ax", "datax:y"]
)
def test_other_addresses_are_not_unsafe(url: str):
    assert unsafe_scheme(url) is None


def test_make_check_reports_pages_and_articles_with_file_and_line(make_project, capsys):
    root = make_project(
        {
            "docs/notes.md": """
            # Notes

            Fine text.
            <img src="x.png" onerror="alert(1)">
            """,
            "docs/articles/an-article.md": """
            ---
            title: An article
            summary: It has a script.
            ---

            # An article

            <script>alert(1)</script>
            """,
        }
    )
    kb = build_knowledge_base(Project(root))
    assert {str(p) for p in kb.problems} >= {
        "docs/notes.md:4:18: the event handler attribute 'onerror' is not allowed (hint: remove it; pages carry no scripts of their own)",
        "docs/articles/an-article.md:8:1: raw <script> is not allowed in Markdown "
        "(hint: contributors write Markdown, not HTML that runs or embeds other pages)",
    }
    assert main(["--root", str(root), "check"]) == 1
    out = capsys.readouterr().out
    assert "docs/notes.md:4:18: the event handler attribute 'onerror'" in out
    assert "docs/articles/an-article.md:8:1: raw <script>" in out
