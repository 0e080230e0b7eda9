"""`python -m calico_kb check`: what `make check` and CI run."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import prewarmed

from conftest import ROOT

TOPIC = "name: eBPF\ndescription: The eBPF data plane.\n"


def run_check(root: Path, *extra: str) -> subprocess.CompletedProcess:
    env = dict(os.environ, PYTHONPATH=str(ROOT / "hooks"))
    return prewarmed.run_module("calico_kb", ["--root", str(root), "check", *extra], env=env)


def test_clean_project_exits_zero(make_project):
    result = run_check(make_project({"data/topics/ebpf.yaml": TOPIC}))
    assert result.returncode == 0, result.stdout
    assert result.stdout == ""
    assert result.stderr == "OK: 1 entries, 0 pages and 34 generated pages and feeds checked.\n"


def test_problems_exit_one_with_every_problem_and_no_traceback(make_project):
    root = make_project(
        {
            "data/topics/ebpf.yaml": "name: eBPF\nname: again\ndescription: x\n",
            "data/topics/vpp.yaml": "name: no\ndescription: y\n",
            "data/releases/bad.yaml": "- not a mapping\n",
        }
    )
    result = run_check(root)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr + result.stdout
    assert result.stdout.splitlines() == [
        "data/releases/bad.yaml:1:1: the top level must be a mapping of field: value lines, not a list",
        'data/topics/ebpf.yaml:2:1: duplicate key "name" (first defined at line 1) (hint: YAML keeps only the last value; remove one of them)',
        'data/topics/vpp.yaml:1:7: name: YAML reads the unquoted no as the boolean false, but a string is expected (hint: quote it: name: "no")',
    ]
    assert result.stderr == "3 problems found.\n"


def test_github_format_prints_workflow_annotations(make_project):
    result = run_check(make_project({"data/topics/vpp.yaml": "name: no\ndescription: y\n"}), "--format", "github")
    assert result.returncode == 1
    assert result.stdout.splitlines() == [
        "::error file=data/topics/vpp.yaml,line=1,col=7::name: YAML reads the unquoted no as the boolean false, "
        'but a string is expected (hint: quote it: name: "no")'
    ]


def test_the_real_project_passes():
    result = run_check(ROOT)
    assert result.returncode == 0, result.stdout


def test_an_unknown_reference_is_reported_once_not_again_as_a_template_error(make_project):
    root = make_project(
        {
            "data/organizations/tigera.yaml": "name: Tigera\nkind: company\n",
            "data/courses/c.yaml": "title: C\nprovider: tigerra\nsummary: S.\n",
        }
    )
    result = run_check(root)
    assert result.returncode == 1
    assert result.stdout.splitlines() == [
        "data/courses/c.yaml:2:11: provider: unknown organization \"tigerra\" (hint: did you mean 'tigera'?)"
    ]
