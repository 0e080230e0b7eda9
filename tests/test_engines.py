"""ProperDocs, the maintained MkDocs 1.x fork, builds the site with our hook unchanged.

MkDocs 1.6.1 has had no release since 2024 and 2.0 drops plugins and hooks; ProperDocs
continues 1.x. CI builds the real site strictly with both engines, and every file of
the two sites must be the same but for the generator's name in each page's head.
"""

from __future__ import annotations

import os
import re

import prewarmed
import pytest

from conftest import ROOT, unexpected_log_lines

GENERATOR = re.compile(rb'<meta name="generator" content="[^"]*">')


@pytest.fixture(scope="module")
def properdocs_site(tmp_path_factory):
    site = tmp_path_factory.mktemp("properdocs-site")
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", PYTHONPATH=str(ROOT / "hooks"))
    env.setdefault("SOURCE_DATE_EPOCH", "1656633600")
    result = prewarmed.run_module(
        "properdocs", ["build", "--strict", "-f", "mkdocs.yml", "--site-dir", str(site)], cwd=ROOT, env=env
    )
    assert result.returncode == 0, result.stderr
    assert unexpected_log_lines(result.stderr) == []
    return site


def test_properdocs_builds_the_same_site(properdocs_site, built_site):
    files = sorted(p.relative_to(built_site) for p in built_site.rglob("*") if p.is_file())
    assert files == sorted(p.relative_to(properdocs_site) for p in properdocs_site.rglob("*") if p.is_file())
    for name in files:
        ours, theirs = (built_site / name).read_bytes(), (properdocs_site / name).read_bytes()
        if name.suffix == ".html":
            ours, theirs = GENERATOR.sub(b"", ours), GENERATOR.sub(b"", theirs)
        assert ours == theirs, name
