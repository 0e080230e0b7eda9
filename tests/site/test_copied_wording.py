"""Copied wording in built pages and feeds: runs of a source's words that templates can
assemble from fields no source file copies (site/copied_wording.py, issue 24)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from calico_kb.site.copied_wording import check_copied_wording, copied_runs, source_runs, visible_text
from conftest import ROOT

SOURCE = (
    "Our first garden census gathers answers from more than 40 beekeepers and orchard growers "
    "across the valley (each of whom tends hives). My talk, Using open-source software to secure "
    "cloud-native applications, will look at hives."
)
"""An invented source: the tests carry no sentence of the real one."""
SEED = Path(os.environ.get("KB_SOURCE_TEXT", ROOT.parent / "shared" / "seeds" / "000_ad8e336d00200bae.txt"))
"""The source the real site was written from. It is not in the repository (its sentences
must not be), so the test over the real site needs it given: KB_SOURCE_TEXT, or the
shared folder beside the repository."""


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_a_run_joined_by_a_template_is_found_though_no_field_holds_it():
    # "more than " + count + ": " + description: neither field repeats eight words.
    page = "<p>Respondents: more than 40: Beekeepers and orchard growers across the valley, all with hives</p>"
    assert copied_runs(page, source_runs(SOURCE)) == ["more than 40 beekeepers and orchard growers across"]


def test_punctuation_case_and_line_breaks_do_not_hide_a_run():
    text = "Counted: MORE than 40 beekeepers\nand — Orchard, growers\nacross."
    assert copied_runs(text, source_runs(SOURCE)) == ["more than 40 beekeepers and orchard growers across"]


def test_seven_words_are_no_run_and_a_long_run_is_reported_once():
    runs = source_runs(SOURCE)
    assert copied_runs("more than 40 beekeepers and orchard growers everywhere", runs) == []
    assert len(copied_runs("answers from more than 40 beekeepers and orchard growers across the valley", runs)) == 1


def test_a_published_title_is_cited_not_copied():
    text = "The talk Using open-source software to secure cloud-native applications, will examine it."
    assert copied_runs(text, source_runs(SOURCE)) == []


def test_only_what_readers_see_counts(tmp_path):
    page = write(
        tmp_path / "page.html",
        "<html><head><script>var s = 'more than 40 beekeepers and orchard growers across';</script>"
        "</head><body><p>Our &amp; your words</p></body></html>",
    )
    assert "beekeepers" not in visible_text(page) and "Our & your words" in visible_text(page)


def test_every_page_and_feed_is_read_but_the_search_index(tmp_path):
    copied = "<p>census gathers answers from more than 40 beekeepers and orchard growers</p>"
    write(tmp_path / "index.html", "<p>Home</p>")
    write(tmp_path / "reports" / "r" / "index.html", copied)
    write(tmp_path / "feed.xml", f"<rss><channel><item><description>{copied}</description></item></channel></rss>")
    write(tmp_path / "search" / "search_index.json", copied)
    problems = check_copied_wording(tmp_path, SOURCE)
    assert [p.path for p in problems] == ["site/feed.xml", "site/reports/r/index.html"]
    assert str(problems[0]) == (
        'site/feed.xml:1:1: repeats 8 words of the source in a row: "census gathers answers from more than 40 beekeepers ..." '
        "(hint: reword it in your own words: in the data file or article that holds the text, or, "
        "when the page joins fields into it, in those fields or in the template)"
    )


def run_command(*arguments: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(ROOT / "hooks")}
    return subprocess.run(
        [sys.executable, "-m", "calico_kb", "copied-wording", *arguments],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )


def test_the_command_lists_runs_and_fails(tmp_path):
    site = tmp_path / "site"
    write(site / "index.html", "<p>answers from more than 40 beekeepers and orchard growers</p>")
    source = write(tmp_path / "source.txt", SOURCE)
    result = run_command(str(source), str(site))
    assert result.returncode == 1
    assert result.stdout.startswith(f"{site.as_posix()}/index.html:1:1: repeats 8 words")
    assert result.stderr == f"1 copied run found in {site.as_posix()}.\n"


def test_the_command_says_what_is_missing(tmp_path):
    write(tmp_path / "site" / "index.html", "<p>Home</p>")
    missing = run_command(str(tmp_path / "no-such-source.txt"), str(tmp_path / "site"))
    assert missing.returncode == 2 and "cannot read the source" in missing.stderr
    assert "Traceback" not in missing.stderr
    unbuilt = run_command(str(write(tmp_path / "source.txt", SOURCE)), str(tmp_path / "nothing"))
    assert unbuilt.returncode == 2 and "run `make build` first" in unbuilt.stderr


@pytest.mark.skipif(not SEED.is_file(), reason=f"the source text is not here ({SEED}); set KB_SOURCE_TEXT")
def test_no_page_or_feed_of_the_real_site_repeats_its_source(built_site):
    problems = check_copied_wording(built_site, SEED.read_text(encoding="utf-8"))
    assert problems == [], "\n".join(map(str, problems))
