"""The quick schema check never calls a document valid that jsonschema refuses."""
from __future__ import annotations

import copy
import random
import sys
from typing import Any

import pytest

from calico_kb.catalog import load_catalog
from calico_kb.fast_schema import compile_schema
from calico_kb.knowledge_base import Project, build_knowledge_base
from conftest import ROOT

sys.path.insert(0, str(ROOT / "benchmarks"))
import synthetic  # noqa: E402

ODD_VALUES = [None, True, False, 0, 1, 1.0, 2.5, -5, 10**9, 1990, 2101, "", "x", "<b>", "Not A Slug",
              "2022-13-01", "2022-02-30", "3.3.3", "GA", "company", "javascript:alert(1)", [], ["a", "a"],
              [1, True], {}, {"x": 1}]


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


def test_every_schema_compiles_to_a_real_check(catalog):
    for collection in catalog.collections.values():
        example = collection.schema.get("examples", [None])[0]
        assert example is not None, collection.name
        # A schema the quick check cannot read answers False for everything.
        assert collection.validator.check(example), f"{collection.name}: quick check fell back to jsonschema"


def test_quick_check_agrees_with_jsonschema_on_valid_and_broken_entries(catalog, tmp_path):
    project = tmp_path / "project"
    for folder in ("data", "docs"):
        (project / folder).mkdir(parents=True)
    (project / "schemas").symlink_to(ROOT / "schemas")
    synthetic.generate(project, 120)
    documents = []
    for root in (ROOT, project):
        kb = build_knowledge_base(Project(root), catalog)
        documents += [(catalog[e.collection].validator, e.data) for e in kb.sources.entries.values()]
    rng = random.Random(7)
    checked = refused = 0
    for validator, document in documents:
        assert validator.check(document) == validator.validator.is_valid(document)
        for changed in mutations(document, rng, 15):
            full = validator.validator.is_valid(changed)
            assert not (validator.check(changed) and not full), changed
            checked += 1
            refused += not full
    assert checked and refused > checked / 2


@pytest.mark.parametrize("schema, value", [
    ({"type": "integer"}, 1.0),          # JSON Schema calls 1.0 an integer: left to jsonschema
    ({"enum": [1, 2]}, 1),               # enums of non-strings: left to jsonschema
    ({"not": {"type": "string"}}, 1),    # unknown keyword: left to jsonschema
    ({"uniqueItems": True}, [1, True]),  # 1 and True are different in JSON Schema
    ({"minimum": 1}, True),              # booleans are not numbers
])
def test_doubtful_cases_are_left_to_jsonschema(catalog, schema, value):
    check = compile_schema(schema, catalog.registry.resolver(), None)
    assert check(value) is False
