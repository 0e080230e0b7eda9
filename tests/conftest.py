"""Shared fixtures: the real site built once, strictly, and small fixture sites."""

from __future__ import annotations

import fcntl
import gzip
import json
import os
import shutil
import subprocess
import tempfile
import textwrap
from collections.abc import Callable
from pathlib import Path

import prewarmed
import pytest
import yaml

from calico_kb.cache import CACHE_ENV
from calico_kb.config import read_config

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"


def pytest_configure(config: pytest.Config) -> None:
    """Every build of the session, in any xdist worker, shares one cache (calico_kb.cache):
    what one fixture build drew or compiled, the next one copies. The workers inherit the
    controller's environment; a cache already chosen by the caller is kept."""
    if hasattr(config, "workerinput") or os.environ.get(CACHE_ENV):
        return
    config._kb_cache = tempfile.mkdtemp(prefix="kb-test-cache-")
    os.environ[CACHE_ENV] = config._kb_cache


def pytest_unconfigure(config: pytest.Config) -> None:
    folder = getattr(config, "_kb_cache", None)
    if folder:
        os.environ.pop(CACHE_ENV, None)
        shutil.rmtree(folder, ignore_errors=True)


NAV_TABS = {
    "releases": "Releases",
    "spotlights": "Spotlights",
    "articles": "Articles",
    "reports": "Learn",
    "guides": "Learn",
    "courses": "Learn",
    "events": "Learn",
    "topics": "Browse",
    "people": "Browse",
    "organizations": "Browse",
    "products": "Browse",
}
"""The header tab each collection's pages belong under (x-kb-nav groups, else the
collection itself), as readers see it on the real site."""


def run_mkdocs_build(project: Path, site_dir: Path) -> subprocess.CompletedProcess:
    """`mkdocs build --strict` of a project into `site_dir` (never with -q: it hides warnings)."""
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", PYTHONPATH=str(ROOT / "hooks"))
    env.setdefault("SOURCE_DATE_EPOCH", "1656633600")
    return prewarmed.run_module("mkdocs", ["build", "--strict", "--site-dir", str(site_dir)], cwd=project, env=env)


def unexpected_log_lines(output: str) -> list[str]:
    """Build log lines that are warnings or errors: any of them fails a test."""
    return [line for line in output.splitlines() if line.startswith(("WARNING", "ERROR"))]


def built_once(
    tmp_path_factory: pytest.TempPathFactory, name: str, build: Callable[[Path], subprocess.CompletedProcess]
) -> Path:
    """A site built once per test session, by the first xdist worker that asks, under a
    lock; the others read what it built. `build(site)` makes it; it must build strictly,
    with no unexpected warning."""
    worker = os.environ.get("PYTEST_XDIST_WORKER")
    shared = tmp_path_factory.getbasetemp().parent if worker else tmp_path_factory.getbasetemp()
    site, log = shared / name, shared / f"{name}.log"
    with open(shared / f"{name}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not log.exists():
            result = build(site)
            log.write_text(f"{result.returncode}\n{result.stderr}{result.stdout}", encoding="utf-8")
    status, _, output = log.read_text(encoding="utf-8").partition("\n")
    assert status == "0", output
    assert unexpected_log_lines(output) == []
    return site


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real site, built once per test session with `mkdocs build --strict`."""
    return built_once(tmp_path_factory, "real-site", lambda site: run_mkdocs_build(ROOT, site))


def search_records(site: Path) -> dict[str, dict]:
    """What readers' search holds of each page of a built site, by address relative to the
    site ("people/ada/"): the records of Pagefind's index (`fragment/` of the index and of
    each of its parts), which the search worker shows as results: `content` (the page's
    words), `meta` (`title`, `kind`) and `anchors` (its headings). A page in two parts
    fails."""
    index = site / "pagefind"
    parts = [index / part for part in json.loads((index / "parts.json").read_text(encoding="utf-8"))["parts"]]
    records = {}
    for part in [index, *parts]:
        for path in sorted((part / "fragment").glob("*.pf_fragment")):
            record = json.loads(gzip.decompress(path.read_bytes()).removeprefix(b"pagefind_dcd"))
            url = record["url"].removeprefix("/")
            assert url not in records, f"{url} is in two parts of the index"
            records[url] = record
    return records


def fixture_project(root: Path) -> Path:
    """The small fixture site with the real configuration, hooks, schemas and templates."""
    shutil.copytree(FIXTURES / "small-site", root, dirs_exist_ok=True)
    for folder in ("schemas", "templates", "overrides"):
        shutil.copytree(ROOT / folder, root / folder)
    shutil.copytree(ROOT / "docs" / "assets", root / "docs" / "assets")
    config = read_config((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
    config["hooks"] = [str(ROOT / "hooks" / "mkdocs_hooks.py")]
    # The collections join the nav by themselves; the generated reference is listed as
    # in the real nav, or the build's site check finds it unreachable.
    config["nav"] = [{"Home": "index.md"}, {"Data model reference": "contribute/reference.md"}]
    (root / "mkdocs.yml").write_text(yaml.safe_dump(config, sort_keys=False), encoding="utf-8")
    return root


@pytest.fixture(scope="session")
def kb():
    """The real site's knowledge base, loaded and checked once per test session."""
    from calico_kb.pipeline import Project, build_knowledge_base

    knowledge_base = build_knowledge_base(Project(ROOT))
    assert knowledge_base.problems == []
    return knowledge_base


def check_output(root: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, list[str]]:
    """`python -m calico_kb --root ROOT check` in this process: its exit status and the
    problem lines it printed."""
    from calico_kb.commands.cli import main

    code = main(["--root", str(root), "check"])
    return code, capsys.readouterr().out.splitlines()


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A copy of the small fixture site with the real configuration, to break."""
    return fixture_project(tmp_path / "project")


def write_files(base: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        path = base / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")


@pytest.fixture
def make_project(tmp_path: Path):
    """A fixture project with the real schemas and templates and the given files."""

    def make(files: dict[str, str], *, with_config: bool = False) -> Path:
        shutil.copytree(ROOT / "schemas", tmp_path / "schemas")
        shutil.copytree(ROOT / "templates", tmp_path / "templates")
        (tmp_path / "data").mkdir()
        (tmp_path / "docs").mkdir()
        if with_config:
            shutil.copy(ROOT / "mkdocs.yml", tmp_path / "mkdocs.yml")
            shutil.copytree(ROOT / "overrides", tmp_path / "overrides")
            shutil.copytree(ROOT / "docs" / "assets", tmp_path / "docs" / "assets")
            shutil.copytree(ROOT / "hooks", tmp_path / "hooks", ignore=shutil.ignore_patterns("__pycache__"))
        write_files(tmp_path, files)
        return tmp_path

    return make
