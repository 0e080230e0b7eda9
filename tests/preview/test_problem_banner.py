"""The preview's problem banner (`calico_kb.preview.problem_banner`): escaped, complete, linked."""

from __future__ import annotations

from calico_kb.checks.html_policy import Site, html_findings
from calico_kb.preview.problem_banner import SHOWN_ELSEWHERE, banner_html, edit_link, problem_files, relative_url
from calico_kb.problems import Problem

EDIT = edit_link("https://example.com/calico-community-kb", "edit/main/docs/")
BAD = Problem("data/people/x.yaml", 2, 7, 'role: "<script>alert(1)</script>" contains markup', "write <plain> text")
OTHER = Problem("data/topics/y.yaml", 1, 1, "missing required field 'name'")


def test_edit_links_open_any_file_of_the_repository():
    assert EDIT("data/people/x.yaml") == "https://example.com/calico-community-kb/edit/main/data/people/x.yaml"
    assert EDIT("docs/articles/a.md") == "https://example.com/calico-community-kb/edit/main/docs/articles/a.md"
    assert edit_link(None, None)("data/x.yaml") is None


def test_relative_urls_between_pages():
    assert relative_url("people/x/", "topics/y/") == "../../people/x/"
    assert relative_url("people/x/", "") == "people/x/"
    assert relative_url("people/x/", "people/x/") == "./"


def test_the_page_of_the_broken_file_lists_its_problems_escaped():
    files = problem_files([BAD, OTHER], {"data/people/x.yaml": "people/x/"}, set())
    html = banner_html(files, "people/x/", "data/people/x.yaml", EDIT)
    assert "data/people/x.yaml:2:7: role: &#34;&lt;script&gt;alert(1)&lt;/script&gt;&#34; contains markup" in html
    assert "(hint: write &lt;plain&gt; text)" in html
    assert "<script" not in html and " on" not in html.replace(" one", "")
    assert "This page&#39;s file has 1 problem" in html
    assert "Elsewhere, the preview has 1 problem in 1 file" in html
    assert 'href="https://example.com/calico-community-kb/edit/main/data/people/x.yaml"' in html


def test_every_other_page_shows_a_summary_with_links_to_the_broken_pages():
    files = problem_files([BAD, OTHER], {"data/people/x.yaml": "people/x/"}, {"data/topics/y.yaml"})
    html = banner_html(files, "topics/z/", None, EDIT)
    assert "The preview has 2 problems in 2 files" in html
    assert '<a href="../../people/x/">its page</a>' in html
    assert "data/topics/y.yaml</code> (draft)" in html
    assert banner_html([], "topics/z/", None, EDIT) == ""


def test_a_long_list_is_cut_with_a_count():
    many = [Problem("data/topics/y.yaml", line, 1, "bad") for line in range(1, SHOWN_ELSEWHERE + 6)]
    html = banner_html(problem_files(many, {}, set()), "", None, EDIT)
    assert html.count("<li><code>data/topics/y.yaml:") == SHOWN_ELSEWHERE
    assert "and 5 more" in html


def test_the_banner_passes_the_built_page_check():
    """The banner joins pages whose final HTML the build checks: no script, no handler."""
    files = problem_files([BAD, OTHER], {"data/people/x.yaml": "people/x/"}, {"data/topics/y.yaml"})
    for here, source in (("people/x/", "data/people/x.yaml"), ("topics/z/", None)):
        html = banner_html(files, here, source, EDIT)
        assert html_findings(html, "people/x/index.html", Site.from_url("http://127.0.0.1:8000/"), material=False) == []
