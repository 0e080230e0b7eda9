"""GitHub workflows, the pre-commit hook and the contributor docs: valid, and calling only
make targets and paths that exist, so that what contributors and CI run really runs."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from conftest import ROOT

WORKFLOWS = sorted((ROOT / ".github" / "workflows").glob("*.yml"))
MAKE_CALL = re.compile(r"\bmake[ \t]+((?:[A-Za-z0-9_.-]+(?:=\S*)?[ \t]*)+)")
EXAMPLE_SLUGS = ("jane-doe", "my-first-article", "calico-open-source-v3-30")
"""Slugs of the entries that the walk-throughs create; every other path must exist."""
CONTRIBUTOR_DOCS = [
    ROOT / "CONTRIBUTING.md",
    ROOT / ".github" / "pull_request_template.md",
    *sorted((ROOT / "docs" / "contribute").glob("*.md")),
]


def makefile_targets() -> set[str]:
    targets = set()
    for line in (ROOT / "Makefile").read_text(encoding="utf-8").splitlines():
        match = re.match(r"^([A-Za-z0-9_.-][A-Za-z0-9_. -]*?)\s*:(?!=)", line)
        if match and not line.startswith("\t"):
            targets.update(t for t in match.group(1).split() if not t.startswith("."))
    return targets


def makefile_variables() -> set[str]:
    text = (ROOT / "Makefile").read_text(encoding="utf-8")
    return set(re.findall(r"\$\(([A-Z_]+)\)", text))


def make_calls(text: str) -> list[tuple[str, list[str]]]:
    """(target, [VAR=value...]) for each `make ...` in a shell command or document."""
    calls = []
    for match in MAKE_CALL.finditer(text):
        words = match.group(1).split()
        targets = [w for w in words if "=" not in w]
        variables = [w for w in words if "=" in w]
        for target in targets[:1]:
            calls.append((target, variables))
    return calls


def load(path: Path) -> dict:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert isinstance(data, dict), f"{path.name} is not a YAML mapping"
    return data


def triggers(workflow: dict) -> dict:
    # PyYAML reads the key `on` as the boolean true (YAML 1.1).
    on = workflow.get("on", workflow.get(True))
    return {on: None} if isinstance(on, str) else on


def steps(workflow: dict) -> list[dict]:
    return [step for job in workflow["jobs"].values() for step in job["steps"]]


def test_makefile_targets_are_read():
    assert {"serve", "build", "check", "test", "new"} <= makefile_targets()


def test_there_is_a_pull_request_and_a_deploy_workflow():
    assert {p.name for p in WORKFLOWS} >= {"pull-request.yml", "deploy.yml"}


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_a_workflow_is_well_formed_and_runs_only_existing_make_targets(path):
    workflow = load(path)
    assert workflow.get("name")
    assert triggers(workflow)
    targets, variables = makefile_targets(), makefile_variables()
    for job_name, job in workflow["jobs"].items():
        assert job.get("runs-on"), f"{job_name} has no runs-on"
        assert job["steps"], f"{job_name} has no steps"
        for step in job["steps"]:
            assert ("uses" in step) != ("run" in step), f"{job_name}: a step needs exactly one of uses and run: {step}"
            if "uses" in step:
                assert re.fullmatch(r"[a-z0-9-]+/[a-z0-9-]+@v\d+", step["uses"]), step["uses"]
            else:
                for target, assignments in make_calls(step["run"]):
                    assert target in targets, f"{path.name}: make {target} is not a Makefile target"
                    for assignment in assignments:
                        assert assignment.split("=")[0] in variables, (
                            f"{path.name}: {assignment} is not used by the Makefile"
                        )


def test_pull_requests_run_check_with_annotations_and_test():
    workflow = load(ROOT / ".github" / "workflows" / "pull-request.yml")
    on = triggers(workflow)
    assert "pull_request" in on
    assert "main" in on["push"]["branches"]
    runs = [step.get("run", "") for step in steps(workflow)]
    assert "make check FORMAT=github" in runs
    assert "make test" in runs
    setup = next(step for step in steps(workflow) if step.get("uses", "").startswith("actions/setup-python@"))
    assert setup["with"]["python-version"] == "3.11"


def test_the_check_target_passes_the_format_to_the_cli():
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert re.search(r"^check:.*\n\t.*-m calico_kb check --format \$\(FORMAT\)", makefile, re.MULTILINE)


def test_deploy_builds_and_checks_with_make_and_publishes_the_site_to_pages():
    workflow = load(ROOT / ".github" / "workflows" / "deploy.yml")
    assert "main" in triggers(workflow)["push"]["branches"]
    assert workflow["permissions"]["pages"] == "write" and workflow["permissions"]["id-token"] == "write"
    all_steps = steps(workflow)
    uses = [step.get("uses", "").split("@")[0] for step in all_steps]
    for action in (
        "actions/checkout",
        "actions/setup-python",
        "actions/configure-pages",
        "actions/upload-pages-artifact",
        "actions/deploy-pages",
    ):
        assert action in uses
    checkout = next(s for s in all_steps if s.get("uses", "").startswith("actions/checkout@"))
    assert checkout["with"]["fetch-depth"] == 0, "SOURCE_DATE_EPOCH needs the commit history"
    assert "make build" in [step.get("run") for step in all_steps], "the build checks the built site"
    upload = next(s for s in all_steps if s.get("uses", "").startswith("actions/upload-pages-artifact@"))
    site_dir = re.search(r"^site_dir:\s*(\S+)", (ROOT / "mkdocs.yml").read_text(encoding="utf-8"), re.MULTILINE)
    assert upload["with"]["path"] == (site_dir.group(1) if site_dir else "site")


def test_pre_commit_runs_the_projects_own_check():
    config = load(ROOT / ".pre-commit-config.yaml")
    hooks = [hook for repo in config["repos"] if repo["repo"] == "local" for hook in repo["hooks"]]
    assert hooks, "no local hook"
    targets = makefile_targets()
    for hook in hooks:
        assert hook["language"] in ("system", "python")
        assert hook["pass_filenames"] is False, "the check validates the whole project"
        calls = make_calls(hook["entry"])
        assert calls and all(target in targets for target, _ in calls)
    by_id = {hook["id"]: re.compile(hook["files"]) for hook in hooks}
    for changed in ("data/people/jane-doe.yaml", "docs/articles/x.md", "schemas/people.schema.json"):
        assert by_id["calico-kb-check"].search(changed), f"the check does not run for {changed}"
    for changed in ("hooks/calico_kb/graph.py", "tests/test_graph.py", "benchmarks/run.py"):
        assert by_id["calico-kb-lint"].search(changed), f"the linter does not run for {changed}"
    assert not by_id["calico-kb-lint"].search("data/people/jane-doe.yaml")
    assert any(call[0] == "check" for hook in hooks for call in make_calls(hook["entry"]))


@pytest.mark.parametrize("path", CONTRIBUTOR_DOCS, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_contributor_docs_name_only_make_targets_and_paths_that_exist(path):
    text = path.read_text(encoding="utf-8")
    targets, variables = makefile_targets(), makefile_variables()
    # Commands are in code blocks and code spans; prose may say "make sure".
    code = "\n".join(
        re.findall(r"^```[^\n]*\n(.*?)^```", text, re.MULTILINE | re.DOTALL) + re.findall(r"`([^`\n]+)`", text)
    )
    assert make_calls(code), f"{path.name} shows no make command"
    for target, assignments in make_calls(code):
        assert target in targets, f"{path.name}: make {target} is not a Makefile target"
        for assignment in assignments:
            assert assignment.split("=")[0] in variables, f"{path.name}: {assignment} is not used by the Makefile"
    for quoted in re.findall(r"`([^`\s]+)`", text):
        if re.match(r"^(\.github|\.vscode|data|docs|schemas|templates|hooks|tests)/", quoted) or quoted in (
            "CONTRIBUTING.md",
            "requirements.lock",
            "mkdocs.yml",
            ".pre-commit-config.yaml",
        ):
            if "<" in quoted or "*" in quoted or "..." in quoted:
                continue  # a pattern, not a path
            if any(example in quoted for example in EXAMPLE_SLUGS):
                continue  # the entry a walk-through creates
            assert (ROOT / quoted).exists(), f"{path.name}: {quoted} does not exist"
