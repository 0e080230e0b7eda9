"""A new collection is its schema and its template: nothing else to touch.

A temporary copy of the real project gets a `podcasts` collection (a schema, an
entry template and one entry naming a person and a topic) and no other change; it
must build strictly, list its index in the nav, link what the entry references and
refuse a typo in the entry at its line.
"""

from __future__ import annotations

import json
import re
import shutil

import pytest

from calico_kb.commands.cli import main
from conftest import ROOT, run_mkdocs_build, unexpected_log_lines

SCHEMA = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "$id": "podcasts.schema.json",
    "title": "Podcast episode",
    "x-kb-plural": "Podcasts",
    "x-kb-order": 11,
    "x-kb-intro": "Episodes of community podcasts.",
    "description": "One episode of a podcast.",
    "type": "object",
    "additionalProperties": False,
    "required": ["title", "summary"],
    "properties": {
        "title": {
            "$ref": "common.schema.json#/$defs/plainText",
            "description": "The episode's title.",
            "examples": ["Episode one"],
        },
        "date": {
            "$ref": "common.schema.json#/$defs/partialDate",
            "description": "When it aired.",
            "examples": ["2022"],
        },
        "hosts": {
            "$ref": "common.schema.json#/$defs/people",
            "description": "Who hosts it.",
            "x-kb-relation": {"heading": "Podcasts hosted by {title}", "rank": 25},
        },
        "summary": {"$ref": "common.schema.json#/$defs/summary"},
        "topics": {"$ref": "common.schema.json#/$defs/topics"},
    },
    "examples": [{"title": "Episode one", "summary": "An episode."}],
}
TEMPLATE = """{% import "_macros.md.j2" as m %}
{{ front_matter(description=entry.data.summary) }}
# {{ entry.title }}

Hosted by {% for person in graph.referenced(entry.key, field="hosts") %}{{ link(person) }}{% endfor %}.

{{ entry.data.summary }}

{{ m.chips(graph.topics[entry.key]) }}
"""
ENTRY = 'title: Episode one\ndate: "2022"\nhosts: [geoff-burke]\nsummary: A first episode.\ntopics: [ebpf]\n'


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    root = tmp_path_factory.mktemp("with-podcasts")
    for name in ("data", "docs", "schemas", "templates", "overrides", "hooks", "mkdocs.yml"):
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, root / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy(source, root / name)
    (root / "schemas" / "podcasts.schema.json").write_text(json.dumps(SCHEMA, indent=2), encoding="utf-8")
    (root / "templates" / "podcasts.md.j2").write_text(TEMPLATE, encoding="utf-8")
    (root / "data" / "podcasts").mkdir()
    (root / "data" / "podcasts" / "episode-one.yaml").write_text(ENTRY, encoding="utf-8")
    return root


def test_the_new_collection_builds_strictly_in_the_nav_and_linked(project):
    result = run_mkdocs_build(project, project / "site")
    assert result.returncode == 0, result.stderr
    assert unexpected_log_lines(result.stderr) == []
    site = project / "site"
    home = (site / "index.html").read_text(encoding="utf-8")
    assert 'href="podcasts/"' in home  # the nav of every page lists the new index
    episode = (site / "podcasts" / "episode-one" / "index.html").read_text(encoding="utf-8")
    assert 'href="../../people/geoff-burke/"' in episode and 'href="../../topics/ebpf/"' in episode
    person = (site / "people" / "geoff-burke" / "index.html").read_text(encoding="utf-8")
    assert 'href="../../podcasts/episode-one/"' in person  # the backlink, from the schema's reference
    # ... under the heading the schema gives the relation, after the interviews (rank 10).
    headings = [heading.strip() for heading in re.findall(r"<h2[^>]*>([^<]+)", person)]
    assert "Podcasts hosted by Geoff Burke" in headings
    assert headings.index("Interviews") < headings.index("Podcasts hosted by Geoff Burke")
    assert (site / "podcasts" / "feed.xml").is_file()  # dated: it has feeds
    assert main(["--root", str(project), "check-site", str(site)]) == 0


def test_a_typo_in_the_new_entry_fails_check_at_its_line(project, capsys):
    entry = project / "data" / "podcasts" / "episode-one.yaml"
    entry.write_text(ENTRY.replace("geoff-burke", "geoff-burk"), encoding="utf-8")
    try:
        assert main(["--root", str(project), "check"]) == 1
    finally:
        entry.write_text(ENTRY, encoding="utf-8")
    assert capsys.readouterr().out.splitlines() == [
        "data/podcasts/episode-one.yaml:3:9: hosts[0]: unknown person \"geoff-burk\" (hint: did you mean 'geoff-burke'?)"
    ]
