"""All or nothing: `make build` (scripts/build-site) replaces site/ only with a site
that passed the whole strict build, and the deploy workflow publishes only that."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import yaml

from calico_kb.config import read_config
from conftest import ROOT, fixture_project

PAYLOAD = "# Evil\n\n[click](< javascript:alert(1)>)\n"


def build_site(project: Path, *arguments: str) -> subprocess.CompletedProcess:
    env = dict(
        os.environ,
        NO_MKDOCS_2_WARNING="1",
        PYTHONPATH=str(ROOT / "hooks"),
        PYTHON=sys.executable,
        SOURCE_DATE_EPOCH="1656633600",
    )
    return subprocess.run(
        [str(ROOT / "scripts" / "build-site"), *arguments],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )


def snapshot(site: Path) -> dict[str, bytes]:
    return {path.relative_to(site).as_posix(): path.read_bytes() for path in site.rglob("*") if path.is_file()}


def test_a_failed_build_leaves_the_previous_site_untouched(tmp_path):
    project = fixture_project(tmp_path / "project")
    first = build_site(project)
    assert first.returncode == 0, first.stderr
    before = snapshot(project / "site")
    assert "index.html" in before

    (project / "docs" / "evil.md").write_text(PAYLOAD, encoding="utf-8")
    config = read_config((project / "mkdocs.yml").read_text(encoding="utf-8"))
    config["nav"].append({"Evil": "evil.md"})
    (project / "mkdocs.yml").write_text(yaml.safe_dump(config, sort_keys=False), encoding="utf-8")
    second = build_site(project)

    assert second.returncode == 1
    assert (
        'docs/evil.md:3:11: this page would contain the address "javascript:alert(1)" in <a href>: the scheme '
        "'javascript' is not allowed (hint: link with http(s), mailto or a relative path"
    ) in second.stderr
    assert "build-site: the build failed; site/ was left as it was" in second.stderr
    assert snapshot(project / "site") == before
    assert sorted(path.name for path in project.iterdir() if path.name.startswith("site")) == ["site"]


def test_a_failed_first_build_leaves_no_site(tmp_path):
    project = fixture_project(tmp_path / "project")
    (project / "docs" / "x.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>', encoding="utf-8"
    )
    result = build_site(project)
    assert result.returncode == 1
    assert (
        "docs/x.svg:1:41: this file is copied into the site as it is, and has the event handler attribute "
        "'onload' on <svg> (hint: remove it; pages carry no scripts of their own)"
    ) in result.stderr
    assert not any(path.name.startswith("site") for path in project.iterdir())


def test_make_build_and_deploy_go_through_the_staging_script():
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    build_recipe = makefile.split("\nbuild:", 1)[1].split("\n\n", 1)[0]
    assert "scripts/build-site" in build_recipe and "mkdocs build" not in build_recipe
    # The build checks the built site itself: check-site is the build, not a second pass.
    assert re.search(r"^check-site: build\n(?!\t)", makefile, re.MULTILINE)
    workflow = yaml.safe_load((ROOT / ".github" / "workflows" / "deploy.yml").read_text(encoding="utf-8"))
    steps = workflow["jobs"]["build"]["steps"]
    runs = [step.get("run") for step in steps]
    upload = next(index for index, step in enumerate(steps) if "upload-pages-artifact" in step.get("uses", ""))
    assert runs.index("make build") < upload and steps[upload]["with"]["path"] == "site"
