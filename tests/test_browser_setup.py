"""How the browser tests get their browser: skipped with a hint on a machine without
Chromium, failing in CI, and axe-core pinned for `npm ci`."""

from __future__ import annotations

import json
import os
import subprocess
import sys

from conftest import ROOT


def run_browser_tests(**env: str) -> subprocess.CompletedProcess:
    environment = {k: v for k, v in os.environ.items() if k != "CI"}
    environment.update(env, KB_CHROMIUM=str(ROOT / "no-such-dir" / "chromium"))
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-m", "browser", "-rs", "tests/test_browser.py"],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )


def test_without_chromium_the_browser_tests_are_skipped_with_a_hint():
    result = run_browser_tests()
    assert result.returncode == 0, result.stdout + result.stderr
    assert " passed" not in result.stdout and " failed" not in result.stdout
    assert "skipped" in result.stdout
    assert "no-such-dir/chromium" in result.stdout
    assert "make browser-deps" in result.stdout


def test_in_ci_the_browser_tests_fail_without_chromium():
    result = run_browser_tests(CI="true")
    assert result.returncode == 1, result.stdout + result.stderr
    assert "skipped" not in result.stdout
    assert "CI=true: the browser tests must run" in result.stdout


def test_axe_core_is_pinned_to_one_version_and_its_install_is_ignored_by_git():
    package = json.loads((ROOT / "package.json").read_text(encoding="utf-8"))
    lock = json.loads((ROOT / "package-lock.json").read_text(encoding="utf-8"))
    version = package["devDependencies"]["axe-core"]
    assert version[0].isdigit(), "pin an exact version, not a range"
    assert lock["packages"]["node_modules/axe-core"]["version"] == version
    assert lock["packages"][""]["devDependencies"] == package["devDependencies"]
    assert "node_modules/" in (ROOT / ".gitignore").read_text(encoding="utf-8").splitlines()
