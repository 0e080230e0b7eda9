"""No file may be committed where the project's ignore rules say git should not look.

Builds and tools read the git-ignored folders as their own: `.cache/` (the preview's
generated pages; older versions kept the build cache there, whose compiled templates and
schema checks are loaded and run: it is now outside the checkout, `cache.cache_root`),
Python's `__pycache__/` (an unchecked-hash `.pyc` is run without its source), the built
site, the virtual environments `make` runs.
`.gitignore` keeps them out of commits, but `git add -f` does not care, and a reviewer of
a "data only" pull request may not notice a file in a hidden folder: a committed file
there would run, or be trusted, in `make check`, in the build and in the deploy workflow.
So every file git tracks although the ignore rules ignore it is a problem, at line 1 of
the file, with the fix (`git rm --cached`).

Git answers: `git ls-files --cached --ignored --exclude-standard` lists exactly the
tracked files that the ignore rules match (git refuses `--ignored` without `--cached`
or `--others`; `-z` gives names as they are, unquoted). The rules are the project's:
its `.gitignore` files and `.git/info/exclude`, not the user's global excludes file
(`core.excludesFile`, by default `~/.config/git/ignore`), which `--exclude-standard`
reads too and which may ignore anything (an editor's `*.md`): the run sets it to
nothing. `TOOLS_OWN`, passed as `--exclude` (patterns of the command line come before
any `.gitignore` and are relative to the top of the work tree), stays ignored even
where a `.gitignore` deeper in the tree re-includes it (`!__pycache__/` in
`hooks/.gitignore`).

The check runs before anything is loaded (`pipeline.build_knowledge_base`): loading
reads the cache it guards. A project that is not in a git work tree (a copy of the
sources: the benchmark's sites, the tests' fixtures) or a machine without git has no
commits to check, and the check finds nothing; git failing otherwise is a problem, not a
silent pass.
"""

from __future__ import annotations

import os
import shlex
import subprocess
from pathlib import Path

from ..problems import Problem, quote

TOOLS_OWN = (
    ".cache/",
    "__pycache__/",
    "*.pyc",
    "/site/",
    "site.staging/",
    "site.previous/",
    ".venv/",
    ".bench-venv/",
    "node_modules/",
    "build-docs/",
)
"""Ignored paths whose files builds and tools load, run or publish (each is also a line
of the project's `.gitignore`): no `.gitignore` can re-include them."""

GIT_TIMEOUT = 20
"""Seconds git may take (it takes milliseconds: it reads the index, not the files)."""

COMMAND = (
    "git",
    "-c",
    "core.excludesFile=",
    "ls-files",
    "--cached",
    "--ignored",
    "--exclude-standard",
    *(f"--exclude={pattern}" for pattern in TOOLS_OWN),
    # A pattern ending in "/" matches only folders: a symbolic link named `.cache` or
    # `.venv` is committed without `-f` and would send what tools write there elsewhere.
    *(f"--exclude={pattern.rstrip('/')}" for pattern in TOOLS_OWN if pattern.endswith("/")),
    "-z",
)
"""Run in the project's root: tracked and ignored files under it, relative to it."""

WHY = (
    "builds and tools read ignored folders as their own, so a file committed there would run or be "
    "trusted (by `make check`, the build, the deploy)"
)


def tracked_ignored_problems(root: Path) -> list[Problem]:
    """A problem for every file under `root` that git tracks although the project's
    ignore rules ignore it; none outside a git work tree or without git."""
    try:
        result = subprocess.run(
            COMMAND,
            cwd=root,
            capture_output=True,
            timeout=GIT_TIMEOUT,
            check=False,
            env=dict(os.environ, LC_ALL="C"),  # git's messages in English: "not a git repository" is read below
        )
    except OSError:  # no git (or no folder): nothing to ask
        return []
    except subprocess.TimeoutExpired:
        return [_unchecked(f"git took more than {GIT_TIMEOUT} s to answer")]
    if result.returncode != 0:
        error = result.stderr.decode("utf-8", "replace").strip()
        if "not a git repository" in error:
            return []
        return [_unchecked(f"git failed: {error.splitlines()[-1] if error else f'exit status {result.returncode}'}")]
    return [_problem(os.fsdecode(path)) for path in result.stdout.split(b"\0") if path]


def _problem(path: str) -> Problem:
    return Problem(
        path,
        1,
        1,
        f"{quote(path, 200)} is tracked by git although the project's ignore rules ignore it: {WHY}",
        f"untrack it, keeping your copy: git rm --cached -- {shlex.quote(path)}",
    )


def _unchecked(reason: str) -> Problem:
    return Problem(
        ".gitignore",
        1,
        1,
        f"cannot list the committed files the ignore rules ignore ({reason}): {WHY}",
        "run `git status` in the project to see what git needs",
    )
