"""Schema patterns run on RE2 (linear time) or are refused; uniqueItems in one pass."""

from __future__ import annotations

import json
import shutil

import pytest

from calico_kb.schema.catalog import SchemaFileError, load_catalog
from calico_kb.schema.patterns import canonical, repeated
from conftest import ROOT


@pytest.fixture
def schemas(tmp_path):
    shutil.copytree(ROOT / "schemas", tmp_path / "schemas")
    return tmp_path / "schemas"


def set_pattern(schemas, pattern: str) -> None:
    """The topics' `name` field held to `pattern`."""
    path = schemas / "topics.schema.json"
    schema = json.loads(path.read_text(encoding="utf-8"))
    schema["properties"]["name"]["pattern"] = pattern
    path.write_text(json.dumps(schema, indent=2), encoding="utf-8")


def test_a_backtracking_pattern_answers_at_once_in_both_validators(schemas):
    set_pattern(schemas, "^(a+)+$")
    topic = load_catalog(schemas)["topics"].validator
    hostile = {"name": "a" * 50_000 + "!", "summary": "x"}
    # Python's re would take longer than the universe's age on this value.
    assert not topic.prechecked(hostile)
    assert any(error.validator == "pattern" for error in topic.validator.iter_errors(hostile))


def test_dollar_means_the_end_of_the_value_in_both_validators(catalog_topics):
    # Python's `$` also matches before a final newline; JSON Schema's (and RE2's) does not.
    validator = catalog_topics.validator
    entry = {"name": "Kubernetes", "summary": "x", "related": ["topics/ebpf\n"]}
    assert not validator.prechecked(entry)
    assert not validator.validator.is_valid(entry)


@pytest.fixture
def catalog_topics():
    return load_catalog(ROOT / "schemas")["topics"]


@pytest.mark.parametrize("pattern", [r"^(a)\1$", "^(?=a)", "^(?<!b)a"])
def test_a_pattern_re2_cannot_match_is_refused_at_its_line(schemas, pattern):
    set_pattern(schemas, pattern)
    text = (schemas / "topics.schema.json").read_text(encoding="utf-8")
    line = next(number for number, row in enumerate(text.splitlines(), 1) if '"pattern"' in row and "a" in row)
    with pytest.raises(SchemaFileError) as raised:
        load_catalog(schemas)
    [problem] = raised.value.problems
    assert (problem.path, problem.line) == ("schemas/topics.schema.json", line)
    assert problem.message.startswith(f"the pattern {json.dumps(pattern)} cannot be matched in linear time (")
    assert "backreferences" in problem.hint


def test_unique_items_counts_what_json_schema_counts_equal():
    assert canonical({"b": 1, "a": [1.0]}) == canonical({"a": [1], "b": 1.0})
    assert canonical(True) != canonical(1)
    assert repeated([{"a": 1}, {"a": 1.0}, [True], [1], "x", "x"]) == [{"a": 1.0}, "x"]


def test_unique_items_of_many_mappings_is_checked_by_both_validators(catalog_topics):
    # jsonschema compares every pair of unsortable items: 20,000 mappings were 2·10⁸ comparisons.
    validator = catalog_topics.validator.validator
    items = [{"n": index} for index in range(20_000)] + [{"n": 7}]
    errors = list(validator.descend(items, {"uniqueItems": True}))
    assert [error.validator for error in errors] == ["uniqueItems"]
