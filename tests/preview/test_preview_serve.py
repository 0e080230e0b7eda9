"""The preview loop through a real `mkdocs serve`: addresses at the root, problems in the
browser instead of a hung server, drafts from `make new`, and one message per cause."""

from __future__ import annotations

import html
import os
import re
import shutil

import prewarmed
import pytest

from conftest import ROOT, fixture_project
from preview_server import Preview, banner_text

SPOTLIGHT = "data/spotlights/ada-example.yaml"


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
    preview.write(
        SPOTLIGHT, good.replace("interviewees: [ada-example]", "interviewees: [ada-exampel, <script>alert(1)</script>]")
    )
    page = preview.wait_until("spotlights/ada-example/", lambda page: "ada-exampel" in page)
    text = banner_text(page)
    assert (
        f"{SPOTLIGHT}:5:16: interviewees[0]: unknown person \"ada-exampel\" (hint: did you mean 'ada-example'?)" in text
    )
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
    made = prewarmed.run_module(
        "calico_kb",
        ["--root", str(preview.root), "new", "people", "jane-doe"],
        env=dict(os.environ, PYTHONPATH=str(ROOT / "hooks")),
    )
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
