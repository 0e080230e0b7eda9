"""`python -m mkdocs build ...` and the other commands the tests run, each in a process of
its own, without paying for the imports every time.

Each command still runs in a fresh process, as `subprocess.run` would give it: a fork of
a server process that imported MkDocs, Material and our hooks once and has run nothing
(multiprocessing's forkserver, with those modules preloaded). Nothing one build does
reaches the next, and what a command prints, its exit status and a traceback are what a
shell would see. The imports are about half a second of each fixture-site build, and the
suite builds dozens of them.

Our hooks come preloaded from this repository's hooks/: a project whose own copy of
hooks/ differs (MkDocs would import that copy's modules in a new process) must be built
with `subprocess` instead. The fixture projects copy hooks/ unchanged.
"""

from __future__ import annotations

import multiprocessing
import os
import runpy
import subprocess
import sys
import tempfile
from pathlib import Path

# Imported once, in the server process; a module missing here is imported by the command.
# Not ProperDocs: importing it makes `mkdocs` an alias of its own modules.
PRELOAD = [
    "mkdocs.__main__",
    "mkdocs.commands.build",
    "mkdocs.structure.pages",
    "mkdocs.config.defaults",
    "mkdocs.theme",
    "mkdocs.localization",
    "markdown.extensions.codehilite",
    "pygments.lexers.markup",
    "pygments.lexers.shell",
    "pygments.lexers.javascript",
    "pagefind.service",
    "material.templates",
    "material.extensions.emoji",
    "pymdownx.superfences",
    "mkdocs_events",
    "mkdocs_preview",
    "calico_kb.commands.cli",
]

_context = multiprocessing.get_context("forkserver")
# Material's import prints a notice about MkDocs 2 unless this is set (the Makefile sets it).
os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
_context.set_forkserver_preload(PRELOAD)


def _command(module: str, argv: list[str], cwd: str, env: dict[str, str], out: str, err: str) -> None:
    """In the forked process: `python -m module *argv` with its output to files."""
    os.chdir(cwd)
    os.environ.clear()
    os.environ.update(env)
    for fd, path in ((1, out), (2, err)):
        target = os.open(path, os.O_WRONLY | os.O_TRUNC)
        os.dup2(target, fd)
        os.close(target)
    sys.stdout = open(1, "w", encoding="utf-8", closefd=False, buffering=1)  # noqa: SIM115
    sys.stderr = open(2, "w", encoding="utf-8", closefd=False, buffering=1)  # noqa: SIM115
    sys.argv = [module, *argv]
    # Preloaded for what it imports; run as `-m` runs it, from a module not yet imported
    # (runpy warns otherwise).
    sys.modules.pop(f"{module}.__main__", None)
    runpy.run_module(module, run_name="__main__", alter_sys=True)


def run_module(
    module: str, argv: list[str], *, cwd: Path | None = None, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess:
    """`python -m module *argv` in `cwd` (the current folder by default) with the
    environment `env` (the tests' own by default): its exit status and what it printed,
    as `subprocess.run(..., capture_output=True, text=True)` gives them."""
    with tempfile.TemporaryDirectory(prefix="prewarmed-") as folder:
        out, err = Path(folder, "stdout"), Path(folder, "stderr")
        out.touch()
        err.touch()
        process = _context.Process(
            target=_command,
            args=(module, argv, str(cwd or Path.cwd()), dict(os.environ if env is None else env), str(out), str(err)),
        )
        process.start()
        process.join()
        return subprocess.CompletedProcess(
            [sys.executable, "-m", module, *argv],
            process.exitcode,
            out.read_text(encoding="utf-8"),
            err.read_text(encoding="utf-8"),
        )
