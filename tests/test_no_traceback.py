"""No input ends in a traceback: `make check` and the build name the file, line and fix."""

from __future__ import annotations

from pathlib import Path

import pytest

from calico_kb.checks import page_templates
from calico_kb.render.pages import format_date
from conftest import check_output, run_mkdocs_build

RELEASE = "data/releases/product-v1-2.yaml"


def replace(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_an_impossible_date_is_a_problem_not_an_index_error(project, capsys):
    replace(project / RELEASE, 'date: "2022-05"', 'date: "2022-13-45"')
    assert check_output(project, capsys) == (
        1,
        [
            f'{RELEASE}:5:7: date: "2022-13-45" is not a real calendar date (hint: write YYYY, YYYY-MM or YYYY-MM-DD '
            "with a month and day that exist)"
        ],
    )
    result = run_mkdocs_build(project, project / "site")
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert f'{RELEASE}:5:7: date: "2022-13-45" is not a real calendar date' in result.stderr


@pytest.mark.parametrize(
    "value", ["2022-13-45", "2022-00", "20222", "x-y-z", "2022-05-10-01", "", None, 2022, "٢٠٢٢-٠١"]
)
def test_the_date_filter_prints_what_it_cannot_read(value):
    assert format_date(value) == ("" if value is None else str(value))


def test_the_date_filter_formats_partial_dates():
    assert [format_date(v) for v in ("2022", "2022-05", "2022-05-10")] == ["2022", "May 2022", "10 May 2022"]


def test_a_five_thousand_digit_number(project, capsys):
    spotlight = project / "data/spotlights/ada-example.yaml"
    replace(spotlight, "series_number: 1", "series_number: " + "9" * 5000)
    code, lines = check_output(project, capsys)
    assert code == 1
    assert lines[0] == (
        "data/spotlights/ada-example.yaml:3:16: a number of 5,000 characters (99999999999999999999…) "
        "is too long (hint: numbers here have at most 30 digits)"
    )


def test_a_schema_that_is_not_json_names_its_file_and_line(project, capsys):
    replace(project / "schemas/topics.schema.json", '"title": "Topic",', '"title": "Topic",,')
    code, output = check_output(project, capsys)
    assert (code, output) == (
        1,
        [
            "schemas/topics.schema.json:4:20: the schema is not valid JSON: Expecting property "
            "name enclosed in double quotes (hint: a trailing comma or a missing quote is the "
            "usual cause)"
        ],
    )
    result = run_mkdocs_build(project, project / "site")
    assert result.returncode == 1 and "Traceback" not in result.stderr and output[0] in result.stderr


def test_an_unknown_page_template_names_the_page_and_the_template(project, capsys):
    (project / "docs/about.md").write_text(
        "---\ntitle: About\ntemplate: nowhere.html\n---\n\n# About\n", encoding="utf-8"
    )
    expected = (
        'docs/about.md:3:11: the page about.md names the template "nowhere.html", which pages may not use '
        "(hint: pages may name main.html; or remove the template field)"
    )
    assert check_output(project, capsys) == (1, [expected])
    result = run_mkdocs_build(project, project / "site")
    assert result.returncode == 1 and "Traceback" not in result.stderr and expected in result.stderr


def test_a_template_of_the_allowlist_the_theme_lacks_is_named(project, capsys, monkeypatch):
    monkeypatch.setattr(page_templates, "PAGE_TEMPLATES", ("main.html", "wide.html"))
    (project / "docs/about.md").write_text("---\ntitle: About\ntemplate: wide.html\n---\n\n# About\n", encoding="utf-8")
    assert check_output(project, capsys) == (
        1,
        [
            'docs/about.md:3:11: the page about.md names the template "wide.html", which the theme does not have '
            "(hint: add it to overrides/, or remove the template field)"
        ],
    )


@pytest.mark.parametrize("template", ["404.html", "blog-post.html", "partials/search.html", "nowhere.html"])
def test_a_page_may_name_only_a_template_of_the_allowlist(project, capsys, template):
    (project / "docs/about.md").write_text(
        f"---\ntitle: About\ntemplate: {template}\n---\n\n# About\n", encoding="utf-8"
    )
    code, lines = check_output(project, capsys)
    assert code == 1
    assert (
        f'docs/about.md:3:11: the page about.md names the template "{template}", which pages may not use'
        in "\n".join(lines)
    )


def test_a_template_that_fails_on_data_is_a_located_problem(project, capsys):
    # Whatever a template does with valid data that it cannot handle (here an index
    # out of range), the result is a problem naming the template, not a traceback.
    (project / "templates/topics.md.j2").write_text("# {{ entry.title }}\n\n{{ [][1] }}\n", encoding="utf-8")
    code, output = check_output(project, capsys)
    assert code == 1
    assert output == ["templates/topics.md.j2:3:1: while rendering topics/ebpf.md: list object has no element 1"]
