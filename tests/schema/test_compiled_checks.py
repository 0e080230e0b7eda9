"""fastjsonschema's checks kept between builds (schema/compiled_checks.py): the next build
loads the code the first compiled, which checks as a fresh compile does; another schema
never gets it, and a damaged file only costs a compile."""

from __future__ import annotations

import json

import fastjsonschema
import pytest

from calico_kb.schema import compiled_checks
from calico_kb.schema.compiled_checks import compiled_check

SCHEMA = {
    "type": "object",
    "required": ["slug"],
    "properties": {"slug": {"type": "string", "pattern": "^[a-z]+$"}, "when": {"type": "string", "format": "year"}},
}
FORMATS = {"year": lambda value: value.isdigit() and len(value) == 4}
GOOD, BAD = [{"slug": "abc", "when": "2024"}], [{"slug": "ABC"}, {"when": "2024"}, {"slug": "a", "when": "24"}]


def verdicts(check) -> list[bool]:
    found = []
    for data in GOOD + BAD:
        try:
            check(data)
            found.append(True)
        except fastjsonschema.JsonSchemaException:
            found.append(False)
    return found


def test_the_next_build_loads_the_code_the_first_compiled_and_it_checks_the_same(tmp_path, monkeypatch):
    expected = verdicts(fastjsonschema.compile(SCHEMA, formats=FORMATS))
    assert expected == [True, False, False, False]
    assert verdicts(compiled_check(json.dumps(SCHEMA), FORMATS, tmp_path)) == expected
    assert len(list(tmp_path.glob("*.pyc"))) == 1

    def no_compiling(*args, **kwargs):
        raise AssertionError("compiled again")

    monkeypatch.setattr(compiled_checks.fastjsonschema, "compile_to_code", no_compiling)
    assert verdicts(compiled_check(json.dumps(SCHEMA), FORMATS, tmp_path)) == expected
    with pytest.raises(AssertionError, match="compiled again"):  # another schema has code of its own
        compiled_check(json.dumps({**SCHEMA, "required": []}), FORMATS, tmp_path)


@pytest.mark.parametrize("damage", [b"", b"not bytecode", b"\xe9" * 40])
def test_a_damaged_file_is_compiled_again(tmp_path, damage: bytes):
    compiled_check(json.dumps(SCHEMA), FORMATS, tmp_path)
    [kept] = tmp_path.glob("*.pyc")
    kept.write_bytes(damage)
    assert verdicts(compiled_check(json.dumps(SCHEMA), FORMATS, tmp_path)) == [True, False, False, False]


def test_without_a_folder_nothing_is_kept(tmp_path):
    assert verdicts(compiled_check(json.dumps(SCHEMA), FORMATS, None)) == [True, False, False, False]
