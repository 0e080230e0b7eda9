"""The release-notes importer: every upstream form read whole, merged, written stably.

The fixtures (tests/fixtures/release-notes/) are invented notes, one file per form
the upstream files took; every sentence carries a token such as E0101, so that
"nothing lost" is checked token by token.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
import yaml

from calico_kb.commands.cli import main
from calico_kb.commands.import_release_notes import import_release_notes, release_slug
from calico_kb.load.yaml_source import parse_yaml
from calico_kb.schema.catalog import load_catalog
from conftest import FIXTURES, ROOT, fixture_project, run_mkdocs_build, unexpected_log_lines

NOTES = FIXTURES / "release-notes"
FORMS = sorted(p.name for p in NOTES.glob("v*-release-notes.md"))
_PR_LINK = re.compile(r"https://github\.com/projectcalico/([a-z0-9-]+)/pull/([0-9]+)")
_BARE_PR = re.compile(r"(?<![\[\w])(felix|calico|node) #([0-9]+)(?!\])")
_HANDLE = re.compile(r"@(example-[a-z]+)")
_TOKEN = re.compile(r"E[0-9]{4}")


@pytest.fixture
def root(tmp_path: Path) -> Path:
    shutil.copytree(ROOT / "schemas", tmp_path / "schemas")
    (tmp_path / "data" / "products").mkdir(parents=True)
    shutil.copy(ROOT / "data/products/calico-open-source.yaml", tmp_path / "data/products/")
    return tmp_path


def imported(root: Path, name: str) -> dict:
    version = name.removeprefix("v").removesuffix("-release-notes.md")
    path = root / "data" / "releases" / f"{release_slug('calico-open-source', version)}.yaml"
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def run_import(root: Path, *sources: Path, **options):
    return import_release_notes(root, load_catalog(root / "schemas"), list(sources), **options)


def test_every_form_imports_without_a_problem(root):
    outcome = run_import(root, NOTES)
    assert outcome.problems == []
    assert sorted(p.name for p in outcome.written) == sorted(
        f"{release_slug('calico-open-source', n.removeprefix('v').removesuffix('-release-notes.md'))}.yaml"
        for n in FORMS
    )


@pytest.mark.parametrize("name", FORMS)
def test_each_form_loses_no_sentence_pull_request_author_or_link(root, name):
    run_import(root, NOTES)
    source = (NOTES / name).read_text(encoding="utf-8")
    release = imported(root, name)
    written = yaml.safe_dump(release)
    notes = release["notes"]
    words = " ".join(f"{n.get('title', '')} {n['text']}" for n in notes)
    assert sorted(set(_TOKEN.findall(words))) == sorted(set(_TOKEN.findall(source)))
    expected_prs = {(r, int(n)) for r, n in _PR_LINK.findall(source)} | {
        (r, int(n)) for r, n in _BARE_PR.findall(source)
    }
    found_prs = {(pr["repository"], pr["number"]) for n in notes for pr in n.get("pull_requests", [])}
    assert found_prs == expected_prs
    assert {a for n in notes for a in n.get("authors", [])} == set(_HANDLE.findall(source))
    for url in re.findall(r"https://example\.org/[a-z/]+", source):
        assert url in written
    # Nothing that was a reference stays behind as text.
    assert not re.search(r"\(@|github\.com|\]\(|\{:", words)


def test_headings_give_kinds_and_areas_and_sections_titles(root):
    run_import(root, NOTES)
    pre = imported(root, "v3.14.0-pre-release-notes.md")
    assert [(n["kind"], n.get("area")) for n in pre["notes"]] == [
        ("bug-fix", "general"),
        ("bug-fix", "general"),
        ("bug-fix", "ebpf"),
        ("other", None),
    ]
    labels = imported(root, "v3.22.0-release-notes.md")["notes"]
    assert [(n["kind"], n.get("area"), n.get("title")) for n in labels] == [
        ("feature", None, "Example conversion of example policies"),
        ("bug-fix", "general", None),
        ("bug-fix", "ebpf", None),
        ("other", "windows", None),
        ("other", "helm", None),
    ]
    # A feature's "Pull requests:" list is part of that note; a list of bare PRs under a
    # paragraph credits them to it.
    assert labels[0]["pull_requests"] == [{"repository": "calico", "number": 5307}]
    assert labels[0]["text"].endswith("\n\n- Example convert verb for example policies E0502")
    assert labels[4]["text"] == "Example update of the example base image E0506"
    assert labels[4]["pull_requests"] == [
        {"repository": "node", "number": 1386},
        {"repository": "typha", "number": 713},
    ]


def test_alerts_setext_headings_and_prose_sections(root):
    run_import(root, NOTES)
    beta = imported(root, "v3.0.0-beta1-release-notes.md")
    assert beta["version"] == "3.0.0-beta1" and beta["date"] == "2017-11-17" and beta["tag"] == "v3.0.0-beta1"
    assert [n["kind"] for n in beta["notes"]] == ["notice", "notice", "feature", "feature", "known-issue"]
    assert beta["notes"][2]["title"] == "Example datastore support"
    indented = imported(root, "v3.1.0-release-notes.md")
    assert indented["date"] == "2017-12-22"
    assert indented["notes"][0]["text"].splitlines()[-2:] == [
        "- You must upgrade the example first E0202.",
        "- Example manifests must be converted E0203.",
    ]
    setext = imported(root, "v3.27.0-release-notes.md")
    assert "date" not in setext  # no date line
    # "### Enhancements" names a kind: each of its bullets is a note of its own.
    assert [(n["kind"], n.get("title")) for n in setext["notes"]] == [
        ("feature", "Example install for example nodes"),
        ("feature", None),
        ("feature", None),
        ("bug-fix", None),
    ]
    github = imported(root, "v3.30.0-release-notes.md")
    assert [(n["kind"], n.get("title")) for n in github["notes"]][:3] == [
        ("notice", "Example naming changes"),
        ("feature", "Example observability console (tech preview)"),
        ("upgrade", None),
    ]
    assert github["notes"][-1]["text"].startswith("Example fix for `--flag=<value>` parsing")
    prose = imported(root, "v3.5.0-release-notes.md")["notes"][0]
    assert prose["authors"] == ["example-four", "example-five", "example-six"]
    assert prose["docs"] == [{"title": "example documentation", "url": "https://example.org/docs/topology"}]


def test_pre_releases_are_untagged_and_versions_quoted(root):
    run_import(root, NOTES)
    assert "tag" not in imported(root, "v3.14.0-pre-release-notes.md")
    text = next((root / "data" / "releases").glob("*v3-14-0-pre.yaml")).read_text(encoding="utf-8")
    assert 'version: "3.14.0-pre"' in text


def test_a_second_import_changes_no_byte(root):
    run_import(root, NOTES, source_url="https://example.org/notes/")
    files = {p: p.read_bytes() for p in (root / "data" / "releases").iterdir()}
    again = run_import(root, NOTES, source_url="https://example.org/notes/")
    assert again.written == [] and len(again.unchanged) == len(FORMS)
    assert {p: p.read_bytes() for p in (root / "data" / "releases").iterdir()} == files


def test_what_a_curator_added_survives_a_re_import(root):
    run_import(root, NOTES)
    path = root / "data" / "releases" / "calico-open-source-v3-22-0.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["summary"] = "Our own summary of the example release."
    data["topics"] = ["ebpf"]
    data["notes"][2]["topics"] = ["ebpf"]
    data["notes"][2]["title"] = "A curator's title"
    data["notes"][1]["text"] = "Edited by hand, replaced by upstream's text."
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    outcome = run_import(root, NOTES)
    assert outcome.problems == []
    after = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert after["summary"] == "Our own summary of the example release." and after["topics"] == ["ebpf"]
    assert after["notes"][2]["topics"] == ["ebpf"] and after["notes"][2]["title"] == "A curator's title"
    assert after["notes"][1]["text"].startswith("Example fix for an example watcher regression")
    assert len(after["notes"]) == 5


def test_an_unplaceable_line_is_reported_at_its_place_and_nothing_is_written(root, tmp_path, capsys):
    bad = tmp_path / "upstream" / "v3.99.0-release-notes.md"
    bad.parent.mkdir()
    bad.write_text(
        "01 Jan 2030\n\n- Example item before any heading E0901\n\n#### Bug fixes\n\n"
        "- Example fix E0902\n\n| a | b |\n| - | - |\n| 1 | 2 |\n",
        encoding="utf-8",
    )
    code = main(["--root", str(root), "import-release-notes", str(bad)])
    out = capsys.readouterr()
    shown = "upstream/v3.99.0-release-notes.md"  # named from the project root, where it is
    assert code == 1
    assert out.out.splitlines() == [
        f"{shown}:3:1: a list item outside any section (hint: put it under a heading such as "
        "'#### Bug fixes' or '#### Other changes')",
        f"{shown}:9:1: cannot place a table in a release note (hint: release notes are kept as plain text, "
        "lists and `code`: rewrite it upstream as text, or leave it out)",
    ]
    assert not (root / "data" / "releases").exists()


def test_an_indented_file_reports_the_column_of_its_text(root, tmp_path, capsys):
    bad = tmp_path / "v3.98.0-release-notes.md"
    bad.write_text("  - Example stray item E0903\n", encoding="utf-8")
    assert main(["--root", str(root), "import-release-notes", str(bad)]) == 1
    assert capsys.readouterr().out.startswith("v3.98.0-release-notes.md:1:3: a list item outside any section")


def test_a_file_without_a_version_in_its_name_is_refused(root, tmp_path, capsys):
    odd = tmp_path / "notes.md"
    odd.write_text("#### Bug fixes\n\n- Example fix E0904\n", encoding="utf-8")
    assert main(["--root", str(root), "import-release-notes", str(odd)]) == 1
    assert 'cannot tell the version from the name "notes.md"' in capsys.readouterr().out


def test_written_files_read_back_strictly_and_validate(root):
    run_import(root, NOTES)
    catalog = load_catalog(root / "schemas")
    for path in (root / "data" / "releases").iterdir():
        document, problems = parse_yaml(path.read_text(encoding="utf-8"), path.name)
        assert problems == [] and document is not None
        assert list(catalog["releases"].validator.iter_errors(document.value)) == []


def test_an_imported_folder_builds_strictly(tmp_path):
    project = fixture_project(tmp_path / "site")
    outcome = run_import(project, NOTES, source_url="https://example.org/notes/")
    assert outcome.problems == []
    result = run_mkdocs_build(project, tmp_path / "out")
    assert result.returncode == 0, result.stderr
    assert unexpected_log_lines(result.stderr + result.stdout) == []
    page = (tmp_path / "out" / "releases" / "calico-open-source-v3-22-0" / "index.html").read_text(encoding="utf-8")
    assert 'href="https://github.com/projectcalico/calico/pull/5307"' in page
    assert "@example-ten" in page
    assert 'href="https://github.com/projectcalico/calico/releases/tag/v3.22.0"' in page
    assert 'href="https://example.org/notes/v3.22.0-release-notes.md"' in page, "the original, under the title"
    # The explorer's data lists releases by version, highest first, pre-releases before their release.
    manifest = json.loads((tmp_path / "out" / "releases" / "explorer" / "notes.json").read_text(encoding="utf-8"))
    versions = [re.fullmatch(r"\.\./calico-open-source-v([0-9a-z-]+)/", r["url"]) for r in manifest["releases"]]
    order = [match.group(1) for match in versions if match]
    assert order[:3] == ["3-30-0", "3-27-0", "3-22-0"] and order.index("3-0-0-beta1") == len(order) - 1
