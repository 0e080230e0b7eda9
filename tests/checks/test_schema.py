"""Validation against the schemas and between entries: exact messages, files and lines."""

from __future__ import annotations

import pytest

from calico_kb.pipeline import Project, build_knowledge_base

REGISTRIES = {
    "data/topics/ebpf.yaml": "name: eBPF\ndescription: The eBPF data plane.\n",
    "data/topics/vpp.yaml": "name: VPP\ndescription: The VPP data plane.\n",
    "data/organizations/jamf.yaml": "name: Jamf\nkind: company\n",
    "data/organizations/tigera.yaml": "name: Tigera\nkind: company\n",
    "data/people/josef-janda.yaml": "name: Josef Janda\norganization: jamf\n",
    "data/products/calico-open-source.yaml": "name: Calico Open Source\nsummary: A product.\n",
}

RELEASE = """\
title: Calico Open Source v3.23
product: calico-open-source
version: "3.23"
status: GA
date: "2022"
summary: A release.
notes:
  - title: VPP data plane
    kind: feature
    text: Now beta.
    topics: [vpp]
"""


def problems(make_project, files: dict[str, str]) -> list[str]:
    root = make_project({**REGISTRIES, **files})
    return [str(p) for p in sorted(set(build_knowledge_base(Project(root)).problems))]


def test_the_registries_and_a_release_are_valid(make_project):
    assert problems(make_project, {"data/releases/v3-23.yaml": RELEASE}) == []


def test_an_unquoted_version_says_to_quote_it(make_project):
    found = problems(make_project, {"data/releases/v3-30.yaml": RELEASE.replace('"3.23"', "3.30")})
    assert found == [
        "data/releases/v3-30.yaml:3:10: version: YAML reads the unquoted 3.30 as the number 3.3, "
        'but a string is expected (hint: quote it: version: "3.30")'
    ]


@pytest.mark.parametrize("word", ["no", "yes", "on", "off"])
def test_yaml_booleans_where_a_string_is_expected(make_project, word):
    found = problems(make_project, {"data/topics/x.yaml": f"name: {word}\ndescription: A topic.\n"})
    value = "true" if word in ("yes", "on") else "false"
    assert found == [
        f"data/topics/x.yaml:1:7: name: YAML reads the unquoted {word} as the boolean {value}, "
        f'but a string is expected (hint: quote it: name: "{word}")'
    ]


@pytest.mark.parametrize(
    ("date", "message"),
    [
        (
            '"2022-02-30"',
            'date: "2022-02-30" is not a real calendar date (hint: write YYYY, YYYY-MM or YYYY-MM-DD with a month and day that exist)',
        ),
        (
            '"2022-13"',
            'date: "2022-13" is not a real calendar date (hint: write YYYY, YYYY-MM or YYYY-MM-DD with a month and day that exist)',
        ),
        ('"May 2022"', 'date: "May 2022" is not a date (hint: write "YYYY", "YYYY-MM" or "YYYY-MM-DD", quoted)'),
        (
            "2022",
            'date: YAML reads the unquoted 2022 as the number 2022, but a string is expected (hint: quote it: date: "2022")',
        ),
    ],
)
def test_dates_are_real_calendar_dates(make_project, date, message):
    found = problems(make_project, {"data/releases/v3-23.yaml": RELEASE.replace('"2022"', date)})
    assert found == [f"data/releases/v3-23.yaml:5:7: {message}"]


def test_unquoted_full_dates_are_accepted_as_strings(make_project):
    assert problems(make_project, {"data/releases/v3-23.yaml": RELEASE.replace('"2022"', "2022-05-10")}) == []


def test_unknown_references_suggest_the_closest_names(make_project):
    spotlight = (
        "title: Spotlight\nsummary: An interview.\n"
        "interviewees: [josef-jand, nobody-at-all]\norganizations: [jamff]\ntopics: [epbf]\n"
        "related: [releases/v3-24, widgets/x]\n"
    )
    found = problems(make_project, {"data/spotlights/s.yaml": spotlight, "data/releases/v3-23.yaml": RELEASE})
    assert found == [
        "data/spotlights/s.yaml:3:16: interviewees[0]: unknown person \"josef-jand\" (hint: did you mean 'josef-janda'?)",
        'data/spotlights/s.yaml:3:28: interviewees[1]: unknown person "nobody-at-all" (hint: add data/people/nobody-at-all.yaml)',
        "data/spotlights/s.yaml:4:17: organizations[0]: unknown organization \"jamff\" (hint: did you mean 'jamf'?)",
        "data/spotlights/s.yaml:5:10: topics[0]: unknown topic \"epbf\" (hint: did you mean 'ebpf'?)",
        "data/spotlights/s.yaml:6:11: related[0]: unknown release \"releases/v3-24\" (hint: did you mean 'releases/v3-23'?)",
        'data/spotlights/s.yaml:6:27: related[1]: "widgets/x" names no collection (hint: collections: articles, courses, events, guides, organizations, people, products, releases, reports, spotlights, topics)',
    ]


def test_article_references_are_checked_too(make_project):
    found = problems(
        make_project, {"docs/articles/a.md": "---\ntitle: A\nsummary: B.\nauthors: [josef]\n---\n\nText.\n"}
    )
    assert found == [
        "docs/articles/a.md:4:11: authors[0]: unknown person \"josef\" (hint: did you mean 'josef-janda'?)"
    ]


def test_markup_is_refused_in_titles_names_and_summaries(make_project):
    found = problems(
        make_project,
        {
            "data/topics/x.yaml": "name: <script>alert(1)</script>\ndescription: Uses <b>bold</b>.\n",
        },
    )
    assert found == [
        "data/topics/x.yaml:1:7: name: \"<script>alert(1)</script>\" contains markup: '<' and '>' are not allowed (hint: write plain text; the site escapes nothing for you)",
        "data/topics/x.yaml:2:14: description: \"Uses <b>bold</b>.\" contains markup: '<' and '>' are not allowed (hint: write plain text; the site escapes nothing for you)",
    ]


@pytest.mark.parametrize("url", ["javascript:alert(1)", "data:text/html,x", "ftp://example.org/x"])
def test_urls_must_be_http_mailto_or_relative(make_project, url):
    found = problems(make_project, {"data/organizations/x.yaml": f"name: X\nkind: company\nwebsite: '{url}'\n"})
    assert found == [
        f'data/organizations/x.yaml:3:10: website: "{url}" is not an allowed address (hint: use an http(s) or mailto address, or a relative link, with no space, quote, angle bracket or backslash)'
    ]


@pytest.mark.parametrize("url", ["https://www.tigera.io/", "mailto:team@example.org", "../topics/ebpf/"])
def test_allowed_urls(make_project, url):
    assert problems(make_project, {"data/organizations/x.yaml": f"name: X\nkind: company\nwebsite: '{url}'\n"}) == []


def test_missing_and_unknown_fields(make_project):
    found = problems(make_project, {"data/topics/x.yaml": "nme: X\n"})
    assert found == [
        "data/topics/x.yaml:1:1: missing required field 'description' (hint: One or two sentences saying what the sources say about the topic, in our words; never a definition from general knowledge.)",
        "data/topics/x.yaml:1:1: missing required field 'name' (hint: The topic's name as readers know it.)",
        "data/topics/x.yaml:1:1: unknown field 'nme' (hint: did you mean 'name'?)",
    ]


def test_enums_suggest_the_closest_value(make_project):
    found = problems(make_project, {"data/releases/v3-23.yaml": RELEASE.replace("status: GA", "status: Beta")})
    assert found == [
        "data/releases/v3-23.yaml:4:9: status: \"Beta\" is not one of: GA, beta, early preview, tech preview (hint: did you mean 'beta'?)"
    ]


def test_nested_problems_point_at_the_nested_value(make_project):
    found = problems(make_project, {"data/releases/v3-23.yaml": RELEASE.replace("kind: feature", "kind: fix")})
    assert found == [
        'data/releases/v3-23.yaml:9:11: notes[0].kind: "fix" is not one of: feature, bug-fix, security, upgrade, '
        "deprecation, known-issue, other, notice (hint: did you mean 'bug-fix'?)"
    ]


def test_repeated_list_items(make_project):
    found = problems(make_project, {"data/releases/v3-23.yaml": RELEASE.replace("topics: [vpp]", "topics: [vpp, vpp]")})
    assert found == [
        'data/releases/v3-23.yaml:11:13: notes[0].topics: lists "vpp" more than once (hint: remove the repetition)'
    ]


def test_every_problem_in_every_file_in_one_run(make_project):
    found = problems(
        make_project,
        {
            "data/topics/a.yaml": "name: A\n",
            "data/topics/b.yaml": "name: B\ndescription: <i>\n",
            "data/releases/v3-30.yaml": RELEASE.replace('"3.23"', "3.30"),
        },
    )
    assert [p.split(":")[0] for p in found] == ["data/releases/v3-30.yaml", "data/topics/a.yaml", "data/topics/b.yaml"]


def test_a_reference_to_a_file_with_a_syntax_error_is_not_reported_as_unknown(make_project):
    """One cause, one message: the person's file exists; its own error says what to fix."""
    found = problems(
        make_project,
        {
            "data/people/josef-janda.yaml": "name: Josef Janda\nrole: Senior: engineer\n",
            "data/topics/x.yaml": "name: X\ndescription: A topic.\n",
            "data/spotlights/jamf.yaml": (
                'title: Meet Jamf\ndate: "2022"\nsummary: An interview.\norganizations: [jamf]\n'
                "interviewees: [josef-janda, josef-jand]\ntopics: [x]\n"
            ),
        },
    )
    assert len(found) == 2, "\n".join(found)
    assert found[0].startswith("data/people/josef-janda.yaml:2:13: YAML syntax error")
    assert found[1].startswith('data/spotlights/jamf.yaml:5:29: interviewees[1]: unknown person "josef-jand"')


@pytest.mark.parametrize(
    ("person", "expected"),
    [
        (
            "name: Josef Janda\norganization: [jamf, tigera]\n",
            "data/people/josef-janda.yaml:2:15: organization: expected a string, got a list (hint: name one organization: write organization: jamf)",
        ),
        (
            "name: Josef Janda\norganization: [jamf]\n",
            "data/people/josef-janda.yaml:2:15: organization: expected a string, got a list (hint: write organization: jamf)",
        ),
        (  # one mistake, one message: not "is not a slug" as well
            "name: Josef Janda\norganization: Jamf\n",
            "data/people/josef-janda.yaml:2:15: organization: unknown organization \"Jamf\" (hint: did you mean 'jamf'?)",
        ),
    ],
)
def test_wrong_shapes_show_what_to_write(make_project, person, expected):
    assert problems(make_project, {"data/people/josef-janda.yaml": person}) == [expected]


def test_a_single_value_where_a_list_goes_shows_the_list(make_project):
    spotlight = "title: Spotlight\nsummary: An interview.\norganizations: tigera\ninterviewees: [josef-janda]\n"
    assert problems(make_project, {"data/spotlights/s.yaml": spotlight}) == [
        "data/spotlights/s.yaml:3:16: organizations: expected a list, got 'tigera' (hint: write organizations: [tigera])"
    ]


def test_a_slug_that_contains_an_existing_one_suggests_it_first(make_project):
    spotlight = (
        "title: Spotlight\nsummary: An interview.\ninterviewees: [josef-janda]\ntopics: [ebpf-dataplane, the-vpp]\n"
    )
    assert problems(make_project, {"data/spotlights/s.yaml": spotlight}) == [
        "data/spotlights/s.yaml:4:10: topics[0]: unknown topic \"ebpf-dataplane\" (hint: did you mean 'ebpf'?)",
        "data/spotlights/s.yaml:4:26: topics[1]: unknown topic \"the-vpp\" (hint: did you mean 'vpp'?)",
    ]


def test_a_hand_written_page_description_longer_than_previews_show_is_refused_at_its_line(make_project):
    long = "A description " + "that goes on " * 15 + "and on."
    found = problems(make_project, {"docs/about.md": f"---\ntitle: About\ndescription: {long}\n---\n\n# About\n"})
    assert found == [
        f"docs/about.md:3:14: description: {len(long)} characters, more than the 200 allowed "
        "(hint: shorten it to at most 200 characters: previews and lists cut longer text)"
    ]
