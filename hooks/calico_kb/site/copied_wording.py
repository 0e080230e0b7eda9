"""Copied wording: runs of a source's words in the pages and feeds the build wrote.

The knowledge base carries its sources' facts, never their sentences. Checking the
data files and articles is not enough: a template joins fields (a count and a
description, a label and a title), so a built page can repeat a run of a source that
no file of the repository holds. So the visible text of every built page and feed is
read, as a reader (or a feed reader) gets it.

A copied run is what the project's shared checker (`seed_overlap.py`) calls one:
`RUN` words in a row of the source, words being lower-cased letters, digits and
apostrophes, punctuation and line breaks ignored, each file read as one stream. The
words of a published title of a work (`TITLES`) never count, nor does a run that
touches one: titles are facts and are cited exactly.

The source text is not in the repository, since its sentences must not be: the check
takes it as a file (`python -m calico_kb copied-wording SOURCE SITE_DIR`).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

from selectolax.lexbor import LexborHTMLParser

from ..problems import Problem

RUN = 8
"""Words in a row that make a copied run."""
WORD = re.compile(r"[a-z0-9']+")
TITLES = (
    "Using open-source software to secure cloud-native applications",
    "Migrating CNI plugin from kube-router to Calico on Kops managed Kubernetes cluster",
    "A Visual Guide on Troubleshooting Kubernetes Deployments",
    "A visual guide to Calico eBPF data plane validation",
    "Calico eBPF Data Plane Deep-Dive",
    "2022 Microsoft OSS on Azure Partner of the Year",
    "Certified Calico Operator: Azure Expert",
    "State of Cloud-Native Security",
)
"""Titles of works the source quotes, which the knowledge base cites exactly."""
_TITLE_WORDS = [tuple(WORD.findall(title.lower())) for title in TITLES]
CHECKED_SUFFIXES = frozenset({".html", ".xml", ".json"})
"""Pages and feeds; the search index (under search/) repeats the pages and is left out."""


def words(text: str) -> list[str]:
    """The words of `text`, lower-cased, typographic apostrophes read as plain ones."""
    return WORD.findall(text.lower().replace("\u2019", "'"))


def source_runs(text: str) -> frozenset[tuple[str, ...]]:
    """Every run of `RUN` words of a source."""
    found = words(text)
    return frozenset(tuple(found[i : i + RUN]) for i in range(len(found) - RUN + 1))


def _title_positions(found: list[str]) -> set[int]:
    covered: set[int] = set()
    for title in _TITLE_WORDS:
        for i in range(len(found) - len(title) + 1):
            if tuple(found[i : i + len(title)]) == title:
                covered.update(range(i, i + len(title)))
    return covered


def copied_runs(text: str, runs: frozenset[tuple[str, ...]]) -> list[str]:
    """The copied runs of `text`, each reported once by its first `RUN` words."""
    found = words(text)
    titled = _title_positions(found)
    copied, i = [], 0
    while i <= len(found) - RUN:
        if tuple(found[i : i + RUN]) in runs and titled.isdisjoint(range(i, i + RUN)):
            copied.append(" ".join(found[i : i + RUN]))
            i += RUN
        else:
            i += 1
    return copied


def visible_text(path: Path) -> str:
    """What a reader sees of a built file: tags, scripts and styles dropped from pages
    and RSS feeds (entities decoded); a JSON feed as written."""
    text = path.read_text(encoding="utf-8", errors="replace")
    if path.suffix == ".json":
        return text
    tree = LexborHTMLParser(text)
    tree.strip_tags(["script", "style"])
    return tree.root.text(separator=" ") if tree.root else ""


def built_files(site_dir: Path) -> Iterator[Path]:
    """Every page and feed of a built site, in a stable order."""
    for path in sorted(site_dir.rglob("*")):
        relative = path.relative_to(site_dir)
        if path.suffix in CHECKED_SUFFIXES and path.is_file() and relative.parts[0] != "search":
            yield path


def check_copied_wording(site_dir: Path, source_text: str, shown_as: str = "site") -> list[Problem]:
    """A problem for each copied run in the visible text of each page and feed of
    `site_dir` (reported under `shown_as`/, the folder's name for the reader)."""
    runs = source_runs(source_text)
    problems = []
    for path in built_files(site_dir):
        for run in copied_runs(visible_text(path), runs):
            problems.append(
                Problem(
                    f"{shown_as}/{path.relative_to(site_dir).as_posix()}",
                    1,
                    1,
                    f'repeats {RUN} words of the source in a row: "{run} ..."',
                    "reword it in your own words: in the data file or article that holds the text, or, "
                    "when the page joins fields into it, in those fields or in the template",
                )
            )
    return problems
