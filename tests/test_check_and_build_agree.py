"""`make check`, the build and `generate` refuse the same inputs with the same messages.

Each case breaks the small fixture site in one way; `python -m calico_kb check` (run
in process) and a strict `mkdocs build` with the real hook must both fail and print
exactly the same located problems, so that what CI's check says is what the build
would have said; `generate --out` reports them too, and writes nothing. None of them
may end in a traceback: templates of every kind are planned pages (`plan.KINDS`),
additions to hand-written pages included, so `make check` tries each of them.
"""

from __future__ import annotations

import pytest

from calico_kb.commands.cli import main
from conftest import fixture_project, run_mkdocs_build

CASES = {
    "unknown reference": {
        "data/spotlights/ada-example.yaml": lambda text: text.replace("ada-example", "ada-exampel", 1)
    },
    "yaml syntax": {"data/topics/ipv6.yaml": lambda _: "name: [IPv6\ndescription: x\n"},
    "missing field": {"data/topics/ipv6.yaml": lambda _: "name: IPv6\n"},
    "feed clash": {"docs/feed.json": lambda _: "{}\n"},
    "page clash": {"docs/topics/ebpf.md": lambda _: "# By hand\n"},
    "template error": {"templates/topics.md.j2": lambda text: text + "\n{{ entry.nothing.deeper }}\n"},
    "article footer template": {"templates/article-footer.md.j2": lambda text: text + "\n{{ entry.nothing.deeper }}\n"},
    "article header template": {"templates/article-header.md.j2": lambda text: "{% if %}\n" + text},
    "latest entries template": {"templates/home-latest.md.j2": lambda text: text + "\n{{ missing_name }}\n"},
    "runtime error in a template": {
        "templates/people.md.j2": lambda text: text + "\n{{ entry.title | length // 0 }}\n"
    },
    "schema keyword typo": {"schemas/topics.schema.json": lambda text: text.replace('"x-kb-order"', '"x-kb-ordre"')},
    "broken link in an article": {
        "docs/articles/ebpf-explained.md": lambda text: text + "\nSee [a missing page](../topics/nope.md).\n"
    },
    "broken anchor into a generated page": {
        "docs/articles/ebpf-explained.md": lambda text: text + "\nSee [eBPF](../topics/ebpf.md#no-such-part).\n"
    },
    "broken anchor in a hand-written page": {"docs/index.md": lambda text: text + "\n[Back up](#no-such-heading)\n"},
    "article front matter": {"docs/articles/ebpf-explained.md": lambda text: text.replace("title:", "titel:", 1)},
}


def problem_lines(text: str) -> list[str]:
    return sorted(
        line
        for line in text.splitlines()
        if ":" in line
        and line.split(":", 1)[0].endswith((".yaml", ".md", ".j2", ".json", ".xml", ".yml"))
        and not line.startswith(("INFO", "ERROR", "WARNING"))
    )


@pytest.mark.parametrize("case", sorted(CASES))
def test_check_and_build_report_the_same_problems(case, tmp_path, capsys):
    root = fixture_project(tmp_path / "project")
    for name, change in CASES[case].items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(change(path.read_text(encoding="utf-8") if path.exists() else ""), encoding="utf-8")
    assert main(["--root", str(root), "check"]) == 1
    checked = problem_lines(capsys.readouterr().out)
    assert main(["--root", str(root), "generate", "--out", str(tmp_path / "out")]) == 1
    assert problem_lines(capsys.readouterr().out) == checked
    assert not (tmp_path / "out").exists()
    result = run_mkdocs_build(root, root / "site")
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert checked, case
    assert problem_lines(result.stderr) == checked
