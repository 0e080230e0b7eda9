"""Release notes across releases: anchors that survive a re-import, handles' pages."""

from __future__ import annotations

import pytest

from calico_kb import pipeline
from calico_kb.notes import contributor_page, contributor_slug, note_anchors, profile_url, unclaimed_handles
from conftest import check_output


def pr(repository: str, number: int) -> dict:
    return {"repository": repository, "number": number}


def test_a_note_is_anchored_by_its_first_pull_request_else_by_its_text():
    notes = [
        {"text": "A fix.", "pull_requests": [pr("calico", 1234), pr("felix", 7)]},
        {"text": "No pull request."},
        {"text": "Same first pull request.", "pull_requests": [pr("calico", 1234)]},
        {"text": "No pull request."},
    ]
    anchors = note_anchors(notes)
    assert anchors[0] == "pr-calico-1234"
    assert anchors[1].startswith("note-") and len(anchors[1]) == len("note-") + 8
    assert anchors[2].startswith("note-") and anchors[2] != anchors[1], "a pull request anchors one note only"
    assert anchors[3] == anchors[1] + "-2", "identical texts are told apart by their order"
    assert len(set(anchors)) == len(anchors)


def test_anchors_survive_a_re_import_that_adds_or_edits_other_notes():
    before = [{"text": "Old wording.", "pull_requests": [pr("calico", 9)]}, {"text": "Untouched."}]
    after = [
        {"text": "New note."},
        {"text": "New wording.", "pull_requests": [pr("calico", 9)]},
        {"text": "Untouched."},
    ]
    assert note_anchors(before) == note_anchors([dict(n) for n in before])
    assert note_anchors(after)[1:] == note_anchors(before)


@pytest.mark.parametrize(
    ("handle", "slug", "profile"),
    [
        ("felix", "felix", "https://github.com/felix"),
        ("Felix-Dev", "felix-dev", "https://github.com/Felix-Dev"),
        ("dependabot[bot]", "dependabot--bot", "https://github.com/apps/dependabot"),
    ],
)
def test_a_handle_s_page_and_profile(handle, slug, profile):
    assert contributor_slug(handle) == slug
    assert contributor_page(handle) == f"contributors/{slug}.md"
    assert profile_url(handle) == profile


RELEASE = """title: Product v2.0
product: calico-open-source
version: "2.0"
summary: Two fixes.
notes:
  - text: One fix.
    kind: bug-fix
    pull_requests: [{repository: calico, number: 1}]
    authors: [Claimed-One, someone-else]
  - text: Another fix.
    kind: bug-fix
    authors: [claimed-one, "renovate[bot]"]
"""


def test_a_person_with_the_handle_is_its_page_whatever_its_case(make_project):
    root = make_project(
        {
            "data/products/calico-open-source.yaml": "name: Calico Open Source\nsummary: The product.\n",
            "data/releases/product-v2-0.yaml": RELEASE,
            "data/people/claimed.yaml": "name: Claimed Person\ngithub: claimed-ONE\n",
        }
    )
    kb = pipeline.build_knowledge_base(pipeline.Project(root))
    assert kb.problems == []
    assert unclaimed_handles(kb.sources.entries) == {
        "contributors/renovate--bot.md": "renovate[bot]",
        "contributors/someone-else.md": "someone-else",
    }
    contributors = kb.graph.contributors
    claimed = contributors.of("CLAIMED-one")
    assert claimed.page == "people/claimed.md" and [p.note["text"] for p in claimed.notes] == [
        "One fix.",
        "Another fix.",
    ]
    assert contributors.by_person["people/claimed"] is claimed
    assert contributors.page_of("renovate[bot]") == "contributors/renovate--bot.md"
    assert [p.anchor for p in contributors.notes][0] == "pr-calico-1"


def test_two_people_cannot_claim_one_handle_and_a_handle_follows_github_s_rules(make_project, capsys):
    root = make_project(
        {
            "data/people/one.yaml": "name: One\ngithub: same-handle\n",
            "data/people/two.yaml": "name: Two\ngithub: Same-Handle\n",
            "data/people/three.yaml": "name: Three\ngithub: -starts-with-a-hyphen\n",
            "data/people/four.yaml": "name: Four\ngithub: a-handle-that-is-far-too-long-for-github-to-accept\n",
        }
    )
    code, lines = check_output(root, capsys)
    assert code != 0
    assert any(line.startswith("data/people/two.yaml:2:") and "data/people/one.yaml already" in line for line in lines)
    assert any(line.startswith("data/people/three.yaml:2:") and "is not a GitHub handle" in line for line in lines)
    assert any(line.startswith("data/people/four.yaml:2:") and "is not a GitHub handle" in line for line in lines)
