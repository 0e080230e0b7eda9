"""Every name under the folders the site is made from can be checked out anywhere."""

from __future__ import annotations

import pytest

from calico_kb.load.walk import name_problems
from conftest import check_output


@pytest.mark.parametrize(
    ("path", "message"),
    [
        ("docs/con.md", "'con' is a device name on Windows, where the file cannot be checked out"),
        ("docs/articles/LPT1.tar.gz", "'LPT1' is a device name on Windows, where the file cannot be checked out"),
        ("data/topics/aux.yaml", "'aux' is a device name on Windows, where the file cannot be checked out"),
        ("templates/nul.md.j2", "'nul' is a device name on Windows, where the file cannot be checked out"),
        ("overrides/partials/com9.html", "'com9' is a device name on Windows, where the file cannot be checked out"),
        ("schemas/x\x1b[2Jy.txt", "the name contains a control character"),
        # docs/Index.md is listed before index.md: the later name is reported.
        ("docs/Index.md", "the name differs from 'Index.md' only in case: macOS and Windows keep only one of them"),
    ],
)
def test_a_name_another_system_cannot_check_out_is_an_error_naming_it(project, capsys, path, message):
    (project / path).parent.mkdir(parents=True, exist_ok=True)
    (project / path).write_text("x\n", encoding="utf-8")
    code, lines = check_output(project, capsys)
    shown = path.replace("\x1b", "\\x1b").replace("Index", "index")
    assert code == 1
    assert any(line.startswith(f"{shown}:1:1: {message}") for line in lines), lines


def test_names_that_only_look_alike_pass():
    assert list(name_problems(["console.md", "auxiliary.yaml", "com10.md", "lpt.md", "a.md", "b.md"])) == []
