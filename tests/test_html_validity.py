"""The Nu Html Checker (vnu, the W3C's validator) finds no error in any page of the real
site, Material's markup included (through overrides/partials/nav-item.html, toc.html and
calico_kb/render/theme_markup.py).

vnu.jar comes from npm (`vnu-jar`, pinned in package-lock.json) and runs on Debian's
headless Java; `make browser-deps` installs both. In CI (CI=true) the test must run;
elsewhere it is skipped, with a hint, until they are there.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from conftest import ROOT

VNU_JAR = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
HOW_TO_ENABLE = "run `make browser-deps` (as root it installs Java; vnu-jar comes from npm ci)"


def vnu_command() -> list[str]:
    java = shutil.which("java")
    missing = "java is missing" if java is None else "" if VNU_JAR.is_file() else f"{VNU_JAR.name} is missing"
    if missing:
        if os.environ.get("CI") == "true":
            pytest.fail(f"{missing} (CI=true: the HTML validity test must run)", pytrace=False)
        pytest.skip(f"{missing}: {HOW_TO_ENABLE}")
    # A short run: the quick compiler only and one garbage collector thread take half the
    # CPU of Java's defaults; with the quick compiler the schema needs a deeper stack.
    jvm = ["-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xss8m"]
    return [java, *jvm, "-jar", str(VNU_JAR), "--format", "json", "--exit-zero-always"]


def vnu_messages(pages: list[Path]) -> list[dict]:
    result = subprocess.run(
        [*vnu_command(), *map(str, pages)], capture_output=True, text=True, check=False, timeout=600
    )
    assert result.returncode == 0, result.stderr[-2000:]
    return json.loads(result.stderr)["messages"]  # vnu writes its report on stderr


# Material's unfixed markup (an input without a label, a label for nothing): two errors.
UNFIXED = (
    '<!doctype html><html lang="en"><title>x</title>'
    '<input type="checkbox" id="__drawer" autocomplete="off"><label for="__toc">x</label>'
)


@pytest.fixture(scope="module")
def checked(built_site, tmp_path_factory) -> dict[str, list[dict]]:
    """vnu's messages for every page of the real site and for a page with UNFIXED, by
    file path, from one run (the checker takes seconds to start)."""
    unfixed = tmp_path_factory.mktemp("unfixed") / "page.html"
    unfixed.write_text(UNFIXED, encoding="utf-8")
    pages = sorted(built_site.rglob("*.html"))
    assert len(pages) > 50
    found: dict[str, list[dict]] = {str(page): [] for page in [unfixed, *pages]}
    for message in vnu_messages([unfixed, *pages]):
        found.setdefault(message.get("url", "").removeprefix("file:"), []).append(message)
    return {"unfixed": found.pop(str(unfixed)), "site": found}


def test_no_page_of_the_real_site_has_an_html_error(built_site, checked):
    errors = [
        f"{Path(path).relative_to(built_site)}:{m.get('lastLine')}: {m['message']}"
        for path, messages in checked["site"].items()
        for m in messages
        if m["type"] == "error" or m.get("subType") == "fatal"
    ]
    assert errors == []


def test_the_checker_catches_an_error(checked):
    """The check above can fail: the same run finds Material's unfixed markup."""
    messages = [m["message"] for m in checked["unfixed"] if m["type"] == "error"]
    assert len(messages) == 2, messages
