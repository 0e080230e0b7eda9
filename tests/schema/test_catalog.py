"""The catalog's validators: fastjsonschema's precheck never accepts what jsonschema refuses."""

from __future__ import annotations

import copy
import random
import shutil
import sys
from typing import Any

import pytest

from calico_kb.pipeline import Project, build_knowledge_base
from calico_kb.schema.catalog import SchemaFileError, load_catalog
from conftest import ROOT

sys.path.insert(0, str(ROOT / "benchmarks"))
import synthetic  # noqa: E402

ODD_VALUES = [
    None,
    True,
    False,
    0,
    1,
    1.0,
    2.5,
    -5,
    10**9,
    1990,
    2101,
    "",
    "x",
    "<b>",
    "Not A Slug",
    "2022-13-01",
    "2022-02-30",
    "3.3.3",
    "GA",
    "company",
    "javascript:alert(1)",
    [],
    ["a", "a"],
    [1, True],
    {},
    {"x": 1},
]


def mutations(document: dict, rng: random.Random, count: int) -> list[Any]:
    """Random small changes anywhere in a document: deletions, wrong values, repeats."""
    found = []
    for _ in range(count):
        changed = copy.deepcopy(document)
        node: Any = changed
        while True:
            keys = list(node) if isinstance(node, dict) else list(range(len(node)))
            if not keys:
                break
            key = rng.choice(keys)
            child = node[key]
            if isinstance(child, (dict, list)) and child and rng.random() < 0.6:
                node = child
                continue
            roll = rng.random()
            if roll < 0.2:
                del node[key]
            elif roll < 0.3 and isinstance(node, dict):
                node["unknown_field"] = child
            elif roll < 0.4 and isinstance(node, list):
                node.append(child)
            else:
                node[key] = rng.choice(ODD_VALUES)
            break
        found.append(changed)
    return found


@pytest.fixture(scope="module")
def catalog():
    return load_catalog(ROOT / "schemas")


def test_every_schema_example_passes_the_precheck(catalog):
    for collection in catalog.collections.values():
        example = collection.schema.get("examples", [None])[0]
        assert example is not None, collection.name
        assert collection.validator.prechecked(example), f"{collection.name}: the precheck refuses its own example"


def test_precheck_agrees_with_jsonschema_on_valid_and_broken_entries(catalog, tmp_path):
    project = tmp_path / "project"
    for folder in ("data", "docs"):
        (project / folder).mkdir(parents=True)
    shutil.copytree(ROOT / "schemas", project / "schemas")
    synthetic.generate(project, 120)
    documents = []
    for root in (ROOT, project):
        kb = build_knowledge_base(Project(root), catalog)
        documents += [(catalog[e.collection].validator, e.data) for e in kb.sources.entries.values()]
    rng = random.Random(7)
    checked = refused = 0
    for validator, document in documents:
        assert validator.prechecked(document) == validator.validator.is_valid(document)
        for changed in mutations(document, rng, 15):
            full = validator.validator.is_valid(changed)
            assert not (validator.prechecked(changed) and not full), changed
            checked += 1
            refused += not full
    assert checked and refused > checked / 2


def test_an_unknown_x_kb_keyword_is_a_problem_at_its_line(tmp_path):
    shutil.copytree(ROOT / "schemas", tmp_path / "schemas")
    schema = tmp_path / "schemas" / "topics.schema.json"
    text = schema.read_text(encoding="utf-8").replace('"x-kb-order"', '"x-kb-ordr"')
    schema.write_text(text, encoding="utf-8")
    line = next(number for number, row in enumerate(text.splitlines(), 1) if "x-kb-ordr" in row)
    problems = load_catalog(tmp_path / "schemas").problems
    assert [str(p) for p in problems] == [
        f"schemas/topics.schema.json:{line}:3: unknown keyword 'x-kb-ordr' (hint: did you mean 'x-kb-order'?)"
    ]


def test_a_relation_without_a_heading_and_a_rank_is_a_problem_at_its_line(tmp_path):
    shutil.copytree(ROOT / "schemas", tmp_path / "schemas")
    schema = tmp_path / "schemas" / "events.schema.json"
    text = schema.read_text(encoding="utf-8").replace('"heading": "Talks by {title}"', '"title": "Talks by {title}"')
    schema.write_text(text, encoding="utf-8")
    line = text[: text.index('"title": "Talks by')].count("\n")
    [problem] = load_catalog(tmp_path / "schemas").problems
    assert (problem.path, problem.line) == ("schemas/events.schema.json", line)
    assert problem.message.startswith("x-kb-relation is a heading and a rank, not {'title': 'Talks by {title}'")


def test_relations_come_from_the_schemas_strongest_first():
    catalog = load_catalog(ROOT / "schemas")
    interviews = catalog["spotlights"].relation(("interviewees", 0))
    authored = catalog["articles"].relation(("authors", 1))
    note_topic = catalog["releases"].relation(("notes", 3, "topics", 0))
    assert interviews.heading == "Interviews" and authored.heading == "Written by {title}"
    assert note_topic == catalog["articles"].relation(("topics", 0)), "a note's topics are topics"
    assert interviews < authored < note_topic < catalog["articles"].relation(("organizations", 0))
    assert catalog["articles"].relation(("organizations", 0)).heading == "Mentioned in"
    assert catalog.topics == "topics"
    assert catalog["people"].avatar and not catalog["topics"].avatar
    assert catalog["spotlights"].series == "series_number"


def test_the_real_schemas_use_only_known_keywords():
    assert load_catalog(ROOT / "schemas").problems == []


def test_a_schema_that_is_a_symbolic_link_is_refused_before_it_is_read(tmp_path):
    shutil.copytree(ROOT / "schemas", tmp_path / "schemas")
    secret = tmp_path / "credentials"
    secret.write_text("extraheader = AUTHORIZATION: basic c2VjcmV0\n", encoding="utf-8")
    (tmp_path / "schemas" / "stolen.schema.json").symlink_to(secret)
    with pytest.raises(SchemaFileError) as raised:
        load_catalog(tmp_path / "schemas")
    assert [str(problem) for problem in raised.value.problems] == [
        f"schemas/stolen.schema.json:1:1: a symbolic link (to '{secret}'), which the site does not follow "
        "(hint: copy the file or folder instead of linking to it: links are never followed)"
    ]


def test_a_schemas_folder_that_is_a_symbolic_link_is_not_followed(tmp_path):
    (tmp_path / "schemas").symlink_to(ROOT / "schemas")
    with pytest.raises(SchemaFileError) as raised:
        load_catalog(tmp_path / "schemas")
    assert [problem.message for problem in raised.value.problems] == [
        f"a symbolic link (to '{ROOT / 'schemas'}'), which the site does not follow"
    ]
