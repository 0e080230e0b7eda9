"""Files git tracks although the project's ignore rules ignore them are refused, before
anything is loaded; outside a git work tree, or without git, nothing is reported."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import prewarmed
import pytest

from calico_kb import pipeline
from calico_kb.checks.tracked_ignored import TOOLS_OWN, tracked_ignored_problems
from calico_kb.pipeline import Project, build_knowledge_base
from conftest import ROOT, fixture_project, run_mkdocs_build

HINT = "(hint: untrack it, keeping your copy: git rm --cached -- {})"


@pytest.fixture(autouse=True)
def own_git_config(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Git as a fresh machine has it: no system or global configuration but this empty
    one, and no repository around the tests' folders."""
    config = tmp_path / "gitconfig"
    config.touch()
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(config))
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path))
    return config


def git(root: Path, *args: str) -> str:
    return subprocess.run(
        ["git", "-c", "user.name=Test", "-c", "user.email=test@example.org", "-c", "commit.gpgsign=false", *args],
        cwd=root,
        check=True,
        capture_output=True,
        text=True,
    ).stdout


def make_repo(root: Path, files: dict[str, str], forced: list[str]) -> Path:
    """A git work tree with `files` committed as usual and `forced` added with `git add -f`."""
    for name, text in {".gitignore": ".cache/\n", **files, **dict.fromkeys(forced, "print('hello')\n")}.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text, encoding="utf-8")
    git(root, "init", "-q")
    git(root, "add", ".")
    if forced:
        git(root, "add", "-f", "--", *forced)
    git(root, "commit", "-q", "-m", "start")
    return root


def lines(root: Path) -> list[str]:
    return [str(problem) for problem in tracked_ignored_problems(root)]


def test_a_forced_file_in_an_ignored_folder_is_a_problem_until_untracked(tmp_path):
    repo = make_repo(tmp_path / "repo", {"a.txt": "a\n"}, [".cache/x.py"])
    assert lines(repo) == [
        '.cache/x.py:1:1: ".cache/x.py" is tracked by git although the project\'s ignore rules ignore it: '
        "builds and tools read ignored folders as their own, so a file committed there would run or be trusted "
        "(by `make check`, the build, the deploy) " + HINT.format(".cache/x.py")
    ]
    git(repo, "rm", "-q", "--cached", "--", ".cache/x.py")
    assert lines(repo) == []
    assert (repo / ".cache/x.py").exists()  # the fix keeps the file, only untracked


def test_a_file_only_staged_is_reported_and_odd_names_are_read_whole(tmp_path):
    repo = make_repo(tmp_path / "repo", {"a.txt": "a\n"}, [])
    name = ".cache/schemas/a name\nwith é.py"
    (repo / name).parent.mkdir(parents=True)
    (repo / name).write_text("x = 1\n", encoding="utf-8")
    git(repo, "add", "-f", "--", name)
    [problem] = tracked_ignored_problems(repo)
    assert (problem.path, problem.line, problem.col) == (name, 1, 1)
    assert problem.hint.endswith("git rm --cached -- '.cache/schemas/a name\nwith é.py'")
    assert str(problem).startswith(".cache/schemas/a name\\nwith é.py:1:1: ")  # the line break shown, not written


def test_the_users_global_excludes_do_not_count(tmp_path, own_git_config):
    repo = make_repo(tmp_path / "repo", {"notes.md": "# Notes\n"}, [])
    (tmp_path / "global-ignore").write_text("*.md\n", encoding="utf-8")
    own_git_config.write_text(f"[core]\n\texcludesFile = {tmp_path / 'global-ignore'}\n", encoding="utf-8")
    # git's own --exclude-standard counts them: the project's rules do not ignore notes.md.
    assert git(repo, "ls-files", "--cached", "--ignored", "--exclude-standard") == "notes.md\n"
    assert lines(repo) == []


def test_the_repositorys_own_exclude_file_counts(tmp_path):
    repo = make_repo(tmp_path / "repo", {"local/build.py": "x = 1\n"}, [])
    (repo / ".git/info/exclude").write_text("local/\n", encoding="utf-8")
    assert [problem.path for problem in tracked_ignored_problems(repo)] == ["local/build.py"]


def test_a_deeper_gitignore_cannot_re_include_the_tools_folders(tmp_path):
    repo = make_repo(
        tmp_path / "repo",
        {".gitignore": "__pycache__/\n*.pyc\n", "hooks/.gitignore": "!__pycache__/\n!*.pyc\n"},
        ["hooks/__pycache__/m.cpython-311.pyc"],
    )
    assert git(repo, "ls-files", "--cached", "--ignored", "--exclude-standard") == ""  # re-included for git
    assert [problem.path for problem in tracked_ignored_problems(repo)] == ["hooks/__pycache__/m.cpython-311.pyc"]


def test_the_tools_folders_are_ignored_by_the_projects_gitignore():
    """The check's own patterns say nothing the project's rules do not say already."""
    ignored = (ROOT / ".gitignore").read_text(encoding="utf-8").splitlines()
    assert [pattern for pattern in TOOLS_OWN if pattern not in ignored] == []


def test_the_real_repository_tracks_no_ignored_file():
    assert lines(ROOT) == []


def test_outside_a_git_work_tree_nothing_is_reported(tmp_path):
    (tmp_path / ".cache").mkdir()
    (tmp_path / ".cache/x.py").write_text("print('hello')\n", encoding="utf-8")
    (tmp_path / ".gitignore").write_text(".cache/\n", encoding="utf-8")
    assert lines(tmp_path) == []


def test_without_git_nothing_is_reported(tmp_path, monkeypatch):
    repo = make_repo(tmp_path / "repo", {}, [".cache/x.py"])
    (tmp_path / "empty-bin").mkdir()
    monkeypatch.setenv("PATH", str(tmp_path / "empty-bin"))
    assert lines(repo) == []


def test_git_failing_in_a_work_tree_is_a_problem_not_a_pass(tmp_path):
    repo = make_repo(tmp_path / "repo", {}, [".cache/x.py"])
    (repo / ".git/index").write_bytes(b"not an index")
    [problem] = tracked_ignored_problems(repo)
    assert (problem.path, problem.line, problem.col) == (".gitignore", 1, 1)
    assert problem.message.startswith("cannot list the committed files the ignore rules ignore (git failed: ")


def test_nothing_is_loaded_from_a_project_that_tracks_an_ignored_file(tmp_path, monkeypatch):
    """The schemas' compiled code and the bodies' readings come from the cache: the check
    answers before any of it is read."""
    repo = make_repo(tmp_path / "repo", {}, [".cache/schemas/x.pyc"])

    def load_catalog(*args):
        raise AssertionError("the catalog was loaded")

    monkeypatch.setattr(pipeline, "load_catalog", load_catalog)
    kb = build_knowledge_base(Project(repo))
    assert [problem.path for problem in kb.problems] == [".cache/schemas/x.pyc"]


def test_make_check_and_the_build_refuse_a_committed_template_cache(tmp_path):
    project = fixture_project(tmp_path / "project")
    (project / ".gitignore").write_text((ROOT / ".gitignore").read_text(encoding="utf-8"), encoding="utf-8")
    make_repo(project, {}, [".cache/templates/x"])
    expected = '.cache/templates/x:1:1: ".cache/templates/x" is tracked by git although'
    env = dict(os.environ, PYTHONPATH=str(ROOT / "hooks"))
    result = prewarmed.run_module("calico_kb", ["check"], cwd=project, env=env)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert [line for line in result.stdout.splitlines() if line.startswith(expected)] != []
    built = run_mkdocs_build(project, tmp_path / "site")
    assert built.returncode == 1 and "Traceback" not in built.stderr and expected in built.stderr


def test_a_committed_link_in_the_place_of_a_tools_folder_is_a_problem(tmp_path):
    """`.venv/` in .gitignore matches folders only: a symbolic link named `.venv` or
    `.cache` is committed by a plain `git add .`, and tools would write through it."""
    repo = make_repo(tmp_path / "repo", {".gitignore": ".cache/\n.venv/\n", "data.yaml": "a: 1\n"}, [])
    (repo / ".cache").symlink_to(tmp_path)
    (repo / ".venv").symlink_to(tmp_path)
    git(repo, "add", ".")
    git(repo, "commit", "-q", "-m", "links")
    assert sorted(problem.path for problem in tracked_ignored_problems(repo)) == [".cache", ".venv"]
