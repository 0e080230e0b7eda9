"""The strict YAML reader: what it refuses, and where it says the problem is."""

from __future__ import annotations

import pytest

from calico_kb.load.yaml_source import forget_positions, parse_yaml


def problems_of(text: str) -> list[str]:
    _, problems = parse_yaml(text, "data/topics/x.yaml")
    return [str(p) for p in problems]


def test_values_and_positions_are_kept():
    document, problems = parse_yaml("name: eBPF\nlist:\n  - a\n  - {b: 2}\n", "f.yaml")
    assert problems == []
    assert document.value == {"name": "eBPF", "list": ["a", {"b": 2}]}
    assert document.locate(("list", 1, "b")) == (4, 9)
    assert document.locate(("name",), key=True) == (1, 1)
    assert document.locate(("missing", "deeper")) == (1, 1)


def test_dates_stay_strings_and_versions_keep_their_source_text():
    document, _ = parse_yaml("date: 2022-05-01\nversion: 3.30\nquoted: '3.30'\n", "f.yaml")
    assert document.value == {"date": "2022-05-01", "version": 3.3, "quoted": "3.30"}
    assert document.plain_scalars == {("version",): "3.30"}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "a: 1\na: 2\n",
            'data/topics/x.yaml:2:1: duplicate key "a" (first defined at line 1) (hint: YAML keeps only the last value; remove one of them)',
        ),
        (
            "a: &x 1\n",
            "data/topics/x.yaml:1:4: anchors are not allowed here: &x (hint: write each value out in full; data files do not share values)",
        ),
        (
            "a: b\nc: *x\n",
            "data/topics/x.yaml:2:4: aliases are not allowed here: *x (hint: write the value out in full instead of referring to an anchor)",
        ),
        (
            "a: !!str 3\n",
            "data/topics/x.yaml:1:4: YAML tags are not allowed here: !!str (hint: remove the tag; write a plain value and quote strings)",
        ),
        (
            "a: !custom 3\n",
            "data/topics/x.yaml:1:4: YAML tags are not allowed here: !custom (hint: remove the tag; write a plain value and quote strings)",
        ),
        (
            "1: one\n",
            "data/topics/x.yaml:1:1: keys must be strings, but '1' is read as the number 1 (hint: quote it: \"1\")",
        ),
        (
            "yes: 1\n",
            "data/topics/x.yaml:1:1: keys must be strings, but 'yes' is read as the boolean true (hint: quote it: \"yes\")",
        ),
        ("? [a]\n: 1\n", "data/topics/x.yaml:1:3: keys must be plain strings, not lists, mappings or aliases"),
        (
            "a: 1\n---\nb: 2\n",
            "data/topics/x.yaml:2:1: a data file holds one YAML document; found a second one (hint: remove the '---' line and what follows, or move it to a file of its own)",
        ),
        ("- a\n- b\n", "data/topics/x.yaml:1:1: the top level must be a mapping of field: value lines, not a list"),
        (
            "just text\n",
            "data/topics/x.yaml:1:1: the top level must be a mapping of field: value lines, not a single value ('just text')",
        ),
        ("", "data/topics/x.yaml:1:1: the file is empty (hint: write a YAML mapping of field: value lines)"),
        (
            "# only a comment\n",
            "data/topics/x.yaml:1:1: the file is empty (hint: write a YAML mapping of field: value lines)",
        ),
        (
            "name: a: b\n",
            "data/topics/x.yaml:1:8: YAML syntax error: mapping values are not allowed in this context (hint: a value that contains ': ' must be quoted)",
        ),
        (
            'name: "abc\u202edef"\n',
            "data/topics/x.yaml:1:7: control or bidirectional character U+202E in 'abc\\u202edef' (hint: remove it; such characters can hide what the text really says)",
        ),
        (
            'name: "bell\\a"\n',
            "data/topics/x.yaml:1:7: control or bidirectional character U+0007 in 'bell\\x07' (hint: remove it; such characters can hide what the text really says)",
        ),
    ],
)
def test_refused_input(text, expected):
    assert problems_of(text) == [expected]


def test_every_problem_of_a_file_is_reported_together():
    found = problems_of("a: &x 1\na: 2\nb: !!int 3\n")
    assert [p.split(":")[1] for p in found] == ["1", "2", "3"]


def test_deep_nesting_is_refused():
    text = "a: " + "[" * 40 + "]" * 40 + "\n"
    assert problems_of(text) == [
        "data/topics/x.yaml:1:36: nesting is deeper than 32 levels (hint: data files are shallow; check the indentation)"
    ]


def test_extreme_nesting_is_one_clean_problem_not_a_recursion_error():
    found = problems_of("a: " + "[" * 5000 + "]" * 5000 + "\n")
    assert len(found) == 1 and found[0].startswith("data/topics/x.yaml:1:")


def test_line_offset_for_front_matter():
    _, problems = parse_yaml("title: a\ntitle: b\n", "docs/articles/a.md", line_offset=1)
    assert [str(p) for p in problems] == [
        'docs/articles/a.md:3:1: duplicate key "title" (first defined at line 2) (hint: YAML keeps only the last value; remove one of them)'
    ]


def test_the_same_text_of_the_same_file_is_parsed_once():
    first, problems = parse_yaml("name: eBPF\nname: again\n", "data/topics/once.yaml")
    again, problems_again = parse_yaml("name: eBPF\nname: again\n", "data/topics/once.yaml")
    assert again is first and problems_again == problems and problems_again is not problems
    changed, _ = parse_yaml("name: eBPF\n", "data/topics/once.yaml")
    assert changed is not first and changed.value == {"name": "eBPF"}
    elsewhere, _ = parse_yaml("name: eBPF\nname: again\n", "data/topics/other.yaml")
    assert elsewhere is not first and elsewhere.path == "data/topics/other.yaml"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "name: Jane\n role: Engineer\n",
            'data/topics/x.yaml:2:2: wrong indentation: expected 0 but found 1 (hint: remove 1 space before "role:" to line it up with "name:" on line 1)',
        ),
        (
            "name: Jane\nrole: Engineer\n  organization: tigera\n",
            'data/topics/x.yaml:3:3: wrong indentation: expected 0 but found 2 (hint: remove 2 spaces before "organization:" to line it up with "role:" on line 2)',
        ),
        (
            "highlights:\n  - title: A\n    category: B\n  - title: C\n   category: D\n",
            'data/topics/x.yaml:5:4: wrong indentation: expected 4 but found 3 (hint: add 1 space before "category:" to line it up with "title:" on line 4)',
        ),
        (
            "highlights:\n  - title: A\n\n    # a comment\n  category: B\n",
            'data/topics/x.yaml:5:3: wrong indentation: expected 4 but found 2 (hint: add 2 spaces before "category:" to line it up with "title:" on line 2)',
        ),
        (
            "a:\n  b: 1\n   c: 2\n",
            'data/topics/x.yaml:3:4: wrong indentation: expected 2 but found 3 (hint: remove 1 space before "c:" to line it up with "b:" on line 2)',
        ),
        (  # a colon inside a continued value is a quoting problem, not an indentation one
            "summary: This is long\n  line with: a colon\n",
            "data/topics/x.yaml:2:12: YAML syntax error: mapping values are not allowed in this context (hint: a value that contains ': ' must be quoted)",
        ),
    ],
)
def test_indentation_errors_say_which_column_the_key_belongs_on(text, expected):
    assert problems_of(text) == [expected]


def test_indentation_errors_in_front_matter_count_the_markdown_lines():
    _, problems = parse_yaml("title: A\n summary: B\n", "docs/a.md", line_offset=1)
    assert [str(p) for p in problems] == [
        'docs/a.md:3:2: wrong indentation: expected 0 but found 1 (hint: remove 1 space before "summary:" to line it up with "title:" on line 2)'
    ]


def test_positions_let_go_after_a_build_are_found_again_by_a_new_parse():
    # A strict build lets go of positions once its sources passed; a later parse of the
    # same text in the same process (a second build, a test) locates its values again.
    text = "title: A\nlinks:\n  - url: x\n"
    document, _ = parse_yaml(text, "data/a.yaml")
    assert document.locate(("links", 0, "url")) == (3, 10)
    forget_positions([document])
    assert document.locate(("links", 0, "url")) == (1, 1)
    again, _ = parse_yaml(text, "data/a.yaml")
    assert again is not document and again.locate(("links", 0, "url")) == (3, 10)
