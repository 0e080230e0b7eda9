"""Bounded and never silent: linear checks, symlinks, YAML 1.1 numbers, control characters."""

from __future__ import annotations

import os

import pytest

from calico_kb.checks.content_policy import body_problems
from calico_kb.load.yaml_source import parse_yaml
from conftest import check_output


def test_ten_thousand_backticks_on_one_line():
    # Python-Markdown's own code span pattern, used here before, took minutes on this.
    text = "a " + "`" * 10_000 + " <img src=x onerror=alert(1)>\n"
    assert [str(p) for p in body_problems(text, "docs/x.md")] == [
        "docs/x.md:1:10015: the event handler attribute 'onerror' is not allowed (hint: remove it; pages carry no "
        "scripts of their own)"
    ]


def test_a_quarter_million_character_attribute_list():
    text = "[x](y){ " + "a" * 250_000 + " onclick=alert(1) }\n" + "{ " + 'a="' * 80_000 + " }\n"
    assert [str(p) for p in body_problems(text, "docs/x.md")] == [
        "docs/x.md:1:250010: the event handler attribute 'onclick' is not allowed (hint: remove it; pages carry no "
        "scripts of their own)"
    ]


def test_code_spans_are_read_by_runs_of_backticks():
    assert list(body_problems("`` <script> `` and `<script>`\n", "x.md")) == []
    assert [p.col for p in body_problems("``` <script> `` x\n", "x.md")] == [5]  # no run of three closes it


def test_every_symlink_is_refused_and_never_followed(project, tmp_path, capsys):
    outside = tmp_path / "outside.yaml"
    outside.write_text("name: Secret\ndescription: From outside.\n", encoding="utf-8")
    os.symlink(outside, project / "data/topics/secret.yaml")
    os.symlink(tmp_path / "nowhere.md", project / "docs/gone.md")
    (project / ".git").mkdir()
    (project / ".git/config").write_text("[http]\n\textraheader = AUTHORIZATION: basic c2VjcmV0\n", encoding="utf-8")
    os.symlink("../.git/config", project / "docs/config.txt")
    os.symlink("..", project / "docs/up")
    os.symlink("../topics/calico.yaml", project / "data/topics/calico-again.yaml")
    os.symlink("../main.html", project / "overrides/partials/main.html")
    hint = "(hint: copy the file or folder instead of linking to it: links are never followed)"
    assert check_output(project, capsys) == (
        1,
        [
            f"data/topics/calico-again.yaml:1:1: a symbolic link (to '../topics/calico.yaml'), which the site does not follow {hint}",
            f"data/topics/secret.yaml:1:1: a symbolic link (to {outside.as_posix()!r}), which the site does not follow {hint}",
            f"docs/config.txt:1:1: a symbolic link (to '../.git/config'), which the site does not follow {hint}",
            f"docs/gone.md:1:1: a symbolic link (to {(tmp_path / 'nowhere.md').as_posix()!r}), which the site does not follow {hint}",
            f"docs/up:1:1: a symbolic link (to '..'), which the site does not follow {hint}",
            f"overrides/partials/main.html:1:1: a symbolic link (to '../main.html'), which the site does not follow {hint}",
        ],
    )


@pytest.mark.parametrize(
    ("written", "message"),
    [
        (
            "010",
            "010 is read by YAML 1.1 as the octal number 8 (hint: write the number plainly: 10, or quote it if it "
            'is text: "010")',
        ),
        (
            "1:30",
            "1:30 is read as the sexagesimal (base 60) number 90 (hint: write the number plainly: 90, or quote it if "
            'it is text: "1:30")',
        ),
        (
            "0x1f",
            "0x1f is read as the YAML 1.1 number 31 (hint: write the number plainly: 31, or quote it if it is text: "
            '"0x1f")',
        ),
    ],
)
def test_yaml_1_1_integer_forms_are_refused(project, capsys, written: str, message: str):
    spotlight = project / "data/spotlights/ada-example.yaml"
    spotlight.write_text(
        spotlight.read_text(encoding="utf-8").replace("series_number: 1", f"series_number: {written}"), encoding="utf-8"
    )
    assert check_output(project, capsys) == (1, [f"data/spotlights/ada-example.yaml:3:16: {message}"])


def test_plain_integers_stay_integers():
    document, problems = parse_yaml("a: 10\nb: -3\nc: 0\nd: '010'\n", "x.yaml")
    assert problems == [] and document.value == {"a": 10, "b": -3, "c": 0, "d": "010"}


def test_control_characters_are_reported_where_they_are(project, capsys):
    topic = project / "data/topics/unused.yaml"
    topic.write_text("name: Unused\ndescription: Networking\x00 over IPv6.\n", encoding="utf-8")
    article = project / "docs/articles/ebpf-explained.md"
    text = article.read_text(encoding="utf-8").splitlines(keepends=True)
    text[-1] = "tab\x1b[31m\n"
    article.write_text("".join(text), encoding="utf-8")
    line = len(text)
    assert check_output(project, capsys) == (
        1,
        [
            "data/topics/unused.yaml:2:24: the control character U+0000 is not allowed (hint: remove it; such characters "
            "can hide what the text really says)",
            f"docs/articles/ebpf-explained.md:{line}:4: the control character U+001B is not allowed (hint: remove it; "
            "such characters can hide what the text really says)",
        ],
    )


def test_a_yaml_reader_error_in_front_matter_is_located():
    document, problems = parse_yaml("title: x\nsummary: a\x0cb\n", "docs/a.md", line_offset=1)
    assert document is None
    assert [str(p) for p in problems] == [
        "docs/a.md:3:11: the character U+000C is not allowed in YAML (control characters are not allowed) "
        "(hint: remove it; such characters can hide what the text really says)"
    ]


@pytest.mark.parametrize("website", ["\\\\\\\\evil.example\\\\path", "https://example.org\\\\@evil.example/"])
def test_a_backslash_in_a_data_address_is_refused_at_its_line(project, capsys, website):
    path = project / "data/organizations/example-co.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("https://example.org/", f'"{website}"'), encoding="utf-8")
    code, lines = check_output(project, capsys)
    assert code == 1
    assert any(
        line.startswith("data/organizations/example-co.yaml:4:10: website: ") and "is not an allowed address" in line
        for line in lines
    ), lines
