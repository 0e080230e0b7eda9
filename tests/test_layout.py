"""The core's layout follows the flow: no module imports from a later stage, and the
tests mirror the packages (tests/<stage>/test_<module>.py), so a newcomer finds where a
change and its test belong."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from conftest import ROOT

CORE = ROOT / "hooks" / "calico_kb"
STAGES = [
    {"paths", "problems", "cache", "collector", "config"},
    {"schema"},
    {"load"},
    {"checks"},
    {"graph", "notes"},
    {"plan"},
    {"render"},
    {"pipeline"},
    {"site"},
    {"preview"},
    {"commands", "__main__"},
]
"""The flow, first to last: a module may import from its own stage or an earlier one."""

STAGE_TESTS = {
    "schema/test_schemas.py": "the JSON Schemas of schemas/ themselves",
    "preview/test_preview_serve.py": "the preview through a real `mkdocs serve`",
    "preview/test_preview_equivalence.py": "the preview against clean builds, edit by edit",
}
"""Test files of a stage folder that test the stage as a whole, not one module."""


def _stage(module: str) -> int:
    top = module.split(".")[1] if "." in module else ""
    for number, names in enumerate(STAGES):
        if top in names:
            return number
    raise AssertionError(f"{module}: not in any stage of STAGES; add it where it belongs in the flow")


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(CORE.parent).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports(path: Path) -> set[str]:
    """The calico_kb modules a file imports, relative imports resolved."""
    module = _module_name(path)
    package = module.split(".") if path.name == "__init__.py" else module.split(".")[:-1]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if not isinstance(node, ast.ImportFrom):
            continue
        if node.level:
            base = package[: len(package) - node.level + 1]
            target = ".".join(base + ([node.module] if node.module else []))
        else:
            target = node.module or ""
        if target.startswith("calico_kb"):
            found.add(target if node.module else f"{target}.{node.names[0].name}")
    return found


CORE_MODULES = sorted(path for path in CORE.rglob("*.py") if _module_name(path) != "calico_kb")


@pytest.mark.parametrize("path", CORE_MODULES, ids=lambda path: str(path.relative_to(CORE)))
def test_no_module_imports_from_a_later_stage(path):
    module = _module_name(path)
    later = sorted(target for target in _imports(path) if _stage(target) > _stage(module))
    assert not later, f"{module} imports {later}, a later stage of the flow"


def test_the_stage_check_knows_a_backward_import_when_it_sees_one(tmp_path):
    assert _stage("calico_kb.render.feeds") > _stage("calico_kb.graph")
    assert _stage("calico_kb.render.feeds") < _stage("calico_kb.pipeline")


def test_tests_in_a_stage_folder_are_named_after_a_module_of_that_stage():
    tests_dir = ROOT / "tests"
    misplaced = []
    for test_file in sorted(tests_dir.glob("*/test_*.py")):
        relative = test_file.relative_to(tests_dir).as_posix()
        if relative in STAGE_TESTS or test_file.parent.name == "fixtures":
            continue
        module = test_file.name.removeprefix("test_")
        if not (CORE / test_file.parent.name / module).is_file():
            misplaced.append(relative)
    assert not misplaced, f"test files that name no module of their folder's stage: {misplaced}"


def test_test_file_names_are_unique_across_folders():
    names = [path.name for path in (ROOT / "tests").rglob("test_*.py") if "fixtures" not in path.parts]
    assert len(names) == len(set(names)), "pytest imports test files by basename: keep them unique"
