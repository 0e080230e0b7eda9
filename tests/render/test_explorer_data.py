"""The release explorer's data: every note once, in version order, in parts of a bounded size."""

from __future__ import annotations

import json

from calico_kb import notes, pipeline
from calico_kb.pipeline import Project, SiteInfo

RELEASE = """title: Product v{version}
product: calico-open-source
version: "{version}"
summary: Notes.
notes:
"""
NOTE = """  - text: "{text}"
    kind: bug-fix
    pull_requests: [{{repository: calico, number: {number}}}]
    authors: [dev-{author}]
"""


def project_with_notes(make_project, releases: int, per_release: int):
    files = {"data/products/calico-open-source.yaml": "name: Calico Open Source\nsummary: The product.\n"}
    for r in range(releases):
        text = "".join(
            NOTE.format(text=f"Fix {r}.{n} </script> \\u2028 NaN", number=r * 100 + n + 1, author=n % 3)
            for n in range(per_release)
        )
        files[f"data/releases/v{r}.yaml"] = RELEASE.format(version=f"1.{r}") + text
    return make_project(files)


def test_every_note_is_in_one_part_highest_version_first_and_the_parts_are_bounded(make_project, monkeypatch):
    monkeypatch.setattr(notes, "PART_SIZE", 4)
    root = project_with_notes(make_project, releases=3, per_release=3)
    build = pipeline.build(Project(root), SiteInfo("https://example.org/kb/", "KB"))
    assert build.problems == []
    files = [page for page in build.plan.outputs if page.kind == "explorer data"]
    assert [page.src_uri for page in files] == [
        "releases/explorer/notes.json",
        "releases/explorer/notes-1.json",
        "releases/explorer/notes-2.json",
        "releases/explorer/notes-3.json",
    ]
    texts = [json.loads(build.render(page)) for page in files]  # valid JSON, by construction
    manifest, parts = texts[0], texts[1:]
    assert manifest["parts"] == ["notes-1.json", "notes-2.json", "notes-3.json"]
    assert [len(part["notes"]) for part in parts] == [4, 4, 1]
    everything = [note for part in parts for note in part["notes"]]
    assert [note["x"] for note in everything][:4] == [
        "Fix 2.0 </script> \u2028 NaN",
        "Fix 2.1 </script> \u2028 NaN",
    ] + [
        "Fix 2.2 </script> \u2028 NaN",
        "Fix 1.0 </script> \u2028 NaN",
    ]
    assert [manifest["releases"][note["r"]]["version"] for note in everything] == ["1.2"] * 3 + ["1.1"] * 3 + [
        "1.0"
    ] * 3
    assert everything[0]["id"] == "pr-calico-201" and manifest["releases"][0]["url"] == "../v2/"
    assert manifest["counts"]["author"] == {"dev-0": 3, "dev-1": 3, "dev-2": 3}
    assert manifest["authors"][0] == {"handle": "dev-0", "url": "../../contributors/dev-0/"}
    assert manifest["total"] == 9 and manifest["series"] == ["1.2", "1.1", "1.0"]
