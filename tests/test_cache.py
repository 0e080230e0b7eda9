"""Where the build cache is: outside the checkout, where nothing a commit carries can be."""

from __future__ import annotations

import io
import marshal
import pickle
from pathlib import Path

import pytest
from jinja2.bccache import bc_magic

from calico_kb import pipeline
from calico_kb.cache import CACHE_ENV, cache_root
from calico_kb.commands.cli import main
from calico_kb.render.compiled_templates import compiled_templates
from calico_kb.schema.catalog import _compiled


@pytest.fixture
def user_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """No $KB_CACHE_DIR (the suite sets one), and the user's cache folder in tmp."""
    monkeypatch.delenv(CACHE_ENV, raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    return tmp_path / "xdg"


def test_the_cache_is_in_the_users_cache_folder_one_per_project(tmp_path: Path, user_cache: Path):
    one, other = tmp_path / "one", tmp_path / "other"
    one.mkdir()
    other.mkdir()
    root = cache_root(one)
    assert root.is_relative_to(user_cache / "calico-kb")
    assert not root.is_relative_to(one)
    assert cache_root(other) != root
    assert cache_root(one / ".." / "one") == root  # the same project, however it is named
    (tmp_path / "link").symlink_to(one)
    assert cache_root(tmp_path / "link") == root


def test_a_relative_xdg_cache_home_is_ignored(tmp_path: Path, user_cache: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("XDG_CACHE_HOME", "relative/cache")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert cache_root(tmp_path).is_relative_to(tmp_path / "home" / ".cache" / "calico-kb")
    monkeypatch.delenv("XDG_CACHE_HOME")
    assert cache_root(tmp_path).is_relative_to(tmp_path / "home" / ".cache" / "calico-kb")


def test_kb_cache_dir_wins(tmp_path: Path, user_cache: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv(CACHE_ENV, str(tmp_path / "chosen"))
    assert cache_root(tmp_path / "project") == tmp_path / "chosen"


def test_the_cache_dir_command_prints_the_folder(tmp_path: Path, user_cache: Path, capsys):
    assert main(["--root", str(tmp_path), "cache-dir"]) == 0
    printed = Path(capsys.readouterr().out.removesuffix("\n"))
    assert printed == cache_root(tmp_path) and printed.is_relative_to(user_cache)


def poisoned(marker: Path, what: str) -> bytes:
    """The bytecode of a module that records that it ran."""
    source = f"import pathlib\nwith pathlib.Path({str(marker)!r}).open('a') as f:\n    f.write({what!r} + '\\n')\n"
    return marshal.dumps(compile(source, "poisoned", "exec"))


def test_a_cache_committed_inside_the_project_is_never_run(
    project: Path, tmp_path: Path, user_cache: Path, monkeypatch: pytest.MonkeyPatch
):
    """What older versions kept in `.cache/` (where `git add -f` can put files), made for
    real by a build pointed there, then replaced by code that records it ran: neither
    the schemas' checks (read first by the preview, before any check) nor the compiled
    templates are read from there."""
    from mkdocs_preview import PreviewEvents

    inside = project / ".cache"
    monkeypatch.setenv(CACHE_ENV, str(inside))
    site = pipeline.read_site_info(project / "mkdocs.yml")
    assert pipeline.check(pipeline.build(pipeline.Project(project), site)) == []
    marker = tmp_path / "ran"
    schemas, templates = sorted((inside / "schemas").glob("*.pyc")), sorted((inside / "templates").glob("*.jinja"))
    assert schemas and templates
    for path in schemas:
        path.write_bytes(poisoned(marker, path.name))
    for path in templates:
        with io.BytesIO(path.read_bytes()) as kept:  # Jinja's header: magic, then the source's checksum
            assert kept.read(len(bc_magic)) == bc_magic
            pickle.load(kept)
            header = kept.getvalue()[: kept.tell()]
        path.write_bytes(header + poisoned(marker, path.name))
    monkeypatch.delenv(CACHE_ENV)
    compiled_templates.cache_clear()  # as in a new process: nothing of the first build in memory
    _compiled.cache_clear()

    PreviewEvents()._catalog(pipeline.Project(project))
    assert not marker.exists()
    assert pipeline.check(pipeline.build(pipeline.Project(project), site)) == []
    assert not marker.exists()
    assert list((cache_root(project) / "schemas").glob("*.pyc"))  # the cache is kept, elsewhere
    assert list((cache_root(project) / "templates").glob("*.jinja"))
