"""The preview loop through a real `mkdocs serve`: addresses at the root, problems in the
browser instead of a hung server, drafts from `make new`, and one message per cause."""
from __future__ import annotations

import html
import os
import re
import shutil
import subprocess
import sys
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from conftest import ROOT
from test_build import fixture_project
from test_reproducible_and_serve import free_port, wait_for

SPOTLIGHT = "data/spotlights/ada-example.yaml"


def answer(url: str) -> tuple[int, str] | None:
    """(status, text) of a GET, 404s included; None when the server does not answer in time."""
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.read().decode("utf-8")
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode("utf-8")
    except OSError:
        return None


def banner_text(page: str) -> str:
    """The text of the page's problem banner ("" without one), markup removed."""
    match = re.search(r'<div class="kb-preview-problems".*?</div>\s*</div>', page, re.DOTALL)
    return html.unescape(re.sub(r"<[^>]+>", "", match.group(0))) if match else ""


class Preview:
    """A `mkdocs serve` of a fixture project, as `make serve` runs it."""

    def __init__(self, root: Path):
        self.root = root
        self.port = free_port()
        env = dict(os.environ, NO_MKDOCS_2_WARNING="1", PYTHONPATH=str(ROOT / "hooks"), SOURCE_DATE_EPOCH="1656633600")
        self.process = subprocess.Popen(
            [sys.executable, "-m", "mkdocs", "serve", "-f", "mkdocs.preview.yml", "--livereload", "--dirty",
             "--dev-addr", f"127.0.0.1:{self.port}"],
            cwd=root, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
        )

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}/{path}"

    def page(self, path: str) -> str:
        found = answer(self.url(path))
        assert found is not None, f"no answer from /{path}"
        return found[1]

    def wait_until(self, path: str, predicate) -> str:
        page = wait_for(lambda: (lambda a: a[1] if a and predicate(a[1]) else None)(answer(self.url(path))))
        assert page, f"/{path} never showed the expected change"
        return page

    def write(self, name: str, text: str) -> None:
        (self.root / name).write_text(text, encoding="utf-8")

    def stop(self) -> str:
        self.process.terminate()
        return self.process.communicate(timeout=30)[1]


@pytest.fixture
def preview(tmp_path):
    root = fixture_project(tmp_path / "project")
    shutil.copy(ROOT / "mkdocs.preview.yml", root / "mkdocs.preview.yml")
    served = Preview(root)
    served.wait_until("people/ada-example/", lambda page: "Ada Example" in page)
    yield served
    served.stop()


def test_entry_pages_answer_at_the_root_of_the_preview(preview):
    assert "Ada Example" in preview.page("people/ada-example/")
    assert banner_text(preview.page("people/ada-example/")) == ""
    assert "Ada Example" in preview.page("spotlights/ada-example/")


def test_a_bad_reference_shows_in_the_browser_and_goes_away_when_fixed(preview):
    good = (preview.root / SPOTLIGHT).read_text(encoding="utf-8")
    preview.write(SPOTLIGHT, good.replace("interviewees: [ada-example]", "interviewees: [ada-exampel, <script>alert(1)</script>]"))
    page = preview.wait_until("spotlights/ada-example/", lambda page: "ada-exampel" in page)
    text = banner_text(page)
    assert f'{SPOTLIGHT}:5:16: interviewees[0]: unknown person "ada-exampel" (hint: did you mean \'ada-example\'?)' in text
    assert "<script>alert(1)</script>" in text  # shown as text...
    assert "<script>alert(1)" not in page  # ...never as markup
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    # The entry's own content (its questions) is held back; the notice says why.
    assert "Kubernetes everywhere." not in page
    assert f"{SPOTLIGHT} has problems" in html.unescape(re.sub(r"<[^>]+>", "", page))
    # Every other page still answers, with a summary that links to the broken entry.
    for path in ("", "people/ada-example/", "topics/ebpf/", "spotlights/"):
        other = preview.page(path)
        assert "unknown person" in banner_text(other), path
    assert "Community spotlight: Ada Example" not in preview.page("spotlights/")
    preview.write(SPOTLIGHT, good)
    page = preview.wait_until("spotlights/ada-example/", lambda page: "Kubernetes everywhere." in page)
    assert banner_text(page) == ""
    assert banner_text(preview.page("")) == ""
    log = preview.stop()
    assert "Traceback" not in log
    assert [line for line in log.splitlines() if "unknown person" in line][0].startswith("WARNING")


def test_a_new_entry_from_make_new_is_a_draft_in_the_preview(preview):
    made = subprocess.run([sys.executable, "-m", "calico_kb", "--root", str(preview.root), "new", "people", "jane-doe"],
                          env=dict(os.environ, PYTHONPATH=str(ROOT / "hooks")), capture_output=True, text=True)
    assert made.returncode == 0, made.stderr
    page = preview.wait_until("people/jane-doe/", lambda page: "Draft" in page)
    text = banner_text(page)
    assert "Draft: 1 placeholder to fill in" in text
    assert "data/people/jane-doe.yaml:" in text and "name: placeholder not filled in" in text
    assert "(draft)" in banner_text(preview.page("people/ada-example/"))
    preview.write("data/people/jane-doe.yaml", "name: Jane Doe\n")
    page = preview.wait_until("people/jane-doe/", lambda page: "Jane Doe" in page and "Draft" not in page)
    assert banner_text(page) == ""


def test_a_yaml_syntax_error_gives_one_message_and_links_still_work(preview):
    preview.write("data/people/ada-example.yaml", "name: Ada Example\nrole: Senior: engineer\n")
    page = preview.wait_until("people/ada-example/", lambda page: "YAML syntax error" in page)
    text = banner_text(page)
    assert "data/people/ada-example.yaml:2:13: YAML syntax error" in text
    assert "unknown person" not in text
    # The spotlight that names her renders, and its link leads to her notice page.
    spotlight = preview.page("spotlights/ada-example/")
    assert "Kubernetes everywhere." in spotlight
    assert 'href="../../people/ada-example/"' in spotlight
