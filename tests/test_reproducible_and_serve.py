"""Two builds of one commit are identical, and `make serve` reloads on data edits."""

from __future__ import annotations

import filecmp
import os
import subprocess
import sys
import urllib.request
from pathlib import Path

from calico_kb.cache import CACHE_ENV
from conftest import ROOT, fixture_project, run_mkdocs_build
from preview_server import free_port, wait_for


def differing_files(left: Path, right: Path) -> list[str]:
    found = []
    comparison = filecmp.dircmp(left, right)
    stack = [(comparison, "")]
    while stack:
        node, prefix = stack.pop()
        found += [prefix + name for name in node.left_only + node.right_only + node.funny_files]
        _, mismatch, errors = filecmp.cmpfiles(node.left, node.right, node.common_files, shallow=False)
        found += [prefix + name for name in mismatch + errors]
        stack += [(sub, f"{prefix}{name}/") for name, sub in node.subdirs.items()]
    return sorted(found)


def test_two_builds_of_the_real_site_are_byte_identical(built_site, tmp_path, monkeypatch):
    # The second build starts from an empty cache: it draws every social card and
    # compiles every template afresh, so what is compared is made, not only copied.
    monkeypatch.setenv(CACHE_ENV, str(tmp_path / "empty-cache"))
    again = tmp_path / "again"
    result = run_mkdocs_build(ROOT, again)
    assert result.returncode == 0, result.stderr
    assert len(list((tmp_path / "empty-cache" / "social-cards").glob("*.png"))) > 50
    assert list((tmp_path / "empty-cache" / "templates").glob("*.jinja"))
    assert len(list(again.rglob("*.png"))) > 50
    assert differing_files(built_site, again) == []


def fetch(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8")
    except OSError:
        return None


def test_serve_rebuilds_when_a_data_file_changes(tmp_path):
    root = fixture_project(tmp_path / "project")
    port = free_port()
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", PYTHONPATH=str(ROOT / "hooks"))
    server = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", "--livereload", "--dev-addr", f"127.0.0.1:{port}"],
        cwd=root,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        url = f"http://127.0.0.1:{port}/calico-community-kb/topics/ipv6/"
        first = wait_for(lambda: fetch(url))
        assert first and "Networking over IPv6." in first
        (root / "data/topics/ipv6.yaml").write_text(
            "name: IPv6\ndescription: Edited while serving.\n", encoding="utf-8"
        )
        assert wait_for(lambda: "Edited while serving." in (fetch(url) or ""))
        (root / "data/topics/vxlan.yaml").write_text(
            "name: VXLAN\ndescription: Added while serving.\n", encoding="utf-8"
        )
        assert wait_for(lambda: "Added while serving." in (fetch(url.replace("ipv6", "vxlan")) or ""))
        (root / "data/topics/vxlan.yaml").unlink()
        assert wait_for(lambda: fetch(url.replace("ipv6", "vxlan")) is None)
    finally:
        server.terminate()
        server.communicate(timeout=30)
