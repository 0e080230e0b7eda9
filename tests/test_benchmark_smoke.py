"""The benchmark's synthetic data stays valid as the schemas and templates evolve.

No timing here: `make bench` measures; this only checks that what it measures is a
valid knowledge base, and that the plain-MkDocs copy it builds keeps the real config.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections import defaultdict
from pathlib import Path

import prewarmed
import pytest
import yaml

from conftest import ROOT

sys.path.insert(0, str(ROOT / "benchmarks"))
from run import PLAIN_CONFIG, PLAIN_CONFIG_NO_SEARCH, make_plain_site, run, top_level_blocks  # noqa: E402

import synthetic  # noqa: E402


def check(project: Path) -> subprocess.CompletedProcess:
    env = dict(os.environ, PYTHONPATH=str(ROOT / "hooks"))
    return prewarmed.run_module("calico_kb", ["check"], cwd=project, env=env)


def test_thirty_synthetic_entries_pass_check(make_project):
    project = make_project({})
    counts = synthetic.generate(project, 30)
    assert sum(counts.values()) == 30
    assert all(counts[name] >= 1 for name in synthetic.SHARES)
    result = check(project)
    assert result.returncode == 0, result.stdout + result.stderr
    # The 30 entries, and the three products the releases name.
    assert f"OK: {30 + len(synthetic.PRODUCTS)} entries" in result.stderr


def test_the_generator_is_deterministic(tmp_path):
    for name in ("one", "two"):
        for folder in ("schemas", "data", "docs"):
            (tmp_path / name / folder).mkdir(parents=True)
        for schema in (ROOT / "schemas").glob("*.json"):
            (tmp_path / name / "schemas" / schema.name).write_bytes(schema.read_bytes())
        synthetic.generate(tmp_path / name, 30)
    files = sorted(p.relative_to(tmp_path / "one") for p in (tmp_path / "one").rglob("*") if p.is_file())
    assert files
    for path in files:
        assert (tmp_path / "one" / path).read_bytes() == (tmp_path / "two" / path).read_bytes(), path


def test_a_site_of_n_entries_counts_the_real_ones(tmp_path):
    counts = synthetic.build_project(tmp_path / "site", ROOT, 200)
    assert counts["total"] == max(200, counts["real"] + 1)
    assert check(tmp_path / "site").returncode == 0


@pytest.mark.parametrize("key", ["hooks", "not_in_nav", "watch"])
def test_the_plain_copy_drops_only_hook_settings(tmp_path, key):
    site, dump = tmp_path / "site", tmp_path / "dump"
    (site / "docs" / "assets").mkdir(parents=True)
    (site / "docs" / "assets" / "x.css").write_text("a{}")
    (site / "mkdocs.yml").write_text((ROOT / "mkdocs.yml").read_text())
    (dump / "releases").mkdir(parents=True)
    (dump / "index.md").write_text("# Home\n")
    (dump / "releases" / "a.md").write_text("# A\n")
    make_plain_site(site, dump, tmp_path / "plain")
    config = (tmp_path / "plain" / "mkdocs.yml").read_text()
    keys = [k for k, _ in top_level_blocks(config)]
    original = [k for k, _ in top_level_blocks((ROOT / "mkdocs.yml").read_text())]
    assert keys.count("not_in_nav") == 1 and "/releases/*.md" in config
    assert [k for k in keys if k != "not_in_nav"] == [k for k in original if k not in ("hooks", "not_in_nav", "watch")]
    assert (key == "not_in_nav") or key not in keys
    assert (tmp_path / "plain" / "docs" / "assets" / "x.css").is_file()


def test_the_plain_copy_ships_materials_search_and_a_variant_does_not(tmp_path):
    # The baseline is a plain Material site as it ships, search included (ours ships
    # Pagefind's); the variant without search is only shown beside it.
    site, dump = tmp_path / "site", tmp_path / "dump"
    (site / "docs").mkdir(parents=True)
    (site / "mkdocs.yml").write_text((ROOT / "mkdocs.yml").read_text())
    dump.mkdir()
    (dump / "index.md").write_text("# Home\n")
    make_plain_site(site, dump, tmp_path / "plain")
    with_search = dict(top_level_blocks((tmp_path / "plain" / PLAIN_CONFIG).read_text()))
    without = dict(top_level_blocks((tmp_path / "plain" / PLAIN_CONFIG_NO_SEARCH).read_text()))
    assert yaml.safe_load(with_search["plugins"])["plugins"] == ["search"]
    assert yaml.safe_load(without["plugins"])["plugins"] == []
    assert {k: v for k, v in with_search.items() if k != "plugins"} == {
        k: v for k, v in without.items() if k != "plugins"
    }


def test_the_plain_copy_runs_none_of_our_code(tmp_path):
    # Our Markdown extension (the HTML clean-up of shipped pages) is our code: a plain
    # Material site does not run it, and our build counts its time as own code.
    site, dump = tmp_path / "site", tmp_path / "dump"
    (site / "docs").mkdir(parents=True)
    (site / "hooks").mkdir()
    (site / "mkdocs.yml").write_text((ROOT / "mkdocs.yml").read_text())
    dump.mkdir()
    (dump / "index.md").write_text("# Home\n")
    make_plain_site(site, dump, tmp_path / "plain")
    ours = yaml.safe_load(dict(top_level_blocks((ROOT / "mkdocs.yml").read_text()))["markdown_extensions"])
    plain = yaml.safe_load(
        dict(top_level_blocks((tmp_path / "plain" / PLAIN_CONFIG).read_text()))["markdown_extensions"]
    )
    assert "calico_kb.render.shipped_html" in ours["markdown_extensions"]
    assert plain["markdown_extensions"] == [
        e for e in ours["markdown_extensions"] if e != "calico_kb.render.shipped_html"
    ]
    assert not (tmp_path / "plain" / "hooks").exists()


def test_our_code_that_mkdocs_runs_outside_the_event_handlers_is_own_code(monkeypatch, tmp_path):
    import markdown
    import timed_build

    from calico_kb.render import shipped_html
    from calico_kb.render.social_cards import SocialCards

    monkeypatch.setattr(shipped_html._CleanPostprocessor, "run", shipped_html._CleanPostprocessor.run)  # restored
    monkeypatch.setattr(SocialCards, "for_page", SocialCards.for_page)
    for name, kind in (("seconds", float), ("cpu_seconds", float), ("calls", int)):
        monkeypatch.setattr(timed_build, name, defaultdict(kind))
    assert timed_build.install_outside_timers() == []
    md = markdown.Markdown(extensions=["calico_kb.render.shipped_html"])
    md.convert("<p onclick='x()'>MkDocs converts a page</p>")
    timed_build.timed("event:files", md.convert)("our render stage converts a text")
    cards = SocialCards("https://example.org/", "Site", tmp_path, lambda src_uri: "Page")
    assert cards.for_page("a.md", "a/", "A")["url"].startswith("https://example.org/")  # as the theme calls it
    assert timed_build.calls == {
        "stage:shipped html": 2,
        f"stage:shipped html{timed_build.OUTSIDE}": 1,
        "event:files": 1,
        "stage:social card": 1,
        f"stage:social card{timed_build.OUTSIDE}": 1,
    }


def test_the_release_notes_corpus_is_shaped_like_the_real_one_and_valid(make_project):
    project = make_project({})
    counts = synthetic.generate_release_notes(project, 460)  # a fifth of the real 2,300
    assert counts["releases"] == 44 and counts["notes"] == 460
    assert 400 <= counts["pull_requests"] <= 500 and 20 <= counts["authors"] <= 52
    kinds = [n["kind"] for p in (project / "data" / "releases").glob("*.yaml") for n in yaml_notes(p)]
    assert kinds.count("bug-fix") > kinds.count("other") > kinds.count("feature") > 0
    result = check(project)
    assert result.returncode == 0, result.stdout + result.stderr


def yaml_notes(path: Path) -> list[dict]:
    import yaml

    return yaml.safe_load(path.read_text(encoding="utf-8"))["notes"]


def test_the_pathological_inputs_are_rendered_not_refused_at_10x():
    # The benchmark times the work on each input: one over a limit of make check would
    # be refused at once and time nothing.
    import pathological

    from calico_kb.checks.markdown_bodies import bound_problems

    for name, make in pathological.MARKDOWN_INPUTS.items():
        assert bound_problems(make(10), "docs/x.md", 1) == [], name


def test_the_plain_copy_has_the_nav_our_hooks_made(tmp_path, monkeypatch):
    # Material renders the nav, tabs and breadcrumbs into every page: a plain copy with
    # only mkdocs.yml's hand-written nav would be a cheaper site than ours, not the same.
    import mkdocs.config
    import timed_build

    monkeypatch.setattr(mkdocs.config, "load_config", mkdocs.config.load_config)  # restored after
    dump: list = []
    timed_build.install_event_timers(dump)
    config = mkdocs.config.load_config(str(ROOT / "mkdocs.yml"))
    config = config.plugins.on_config(config)
    timed_build.write_dump(dump, tmp_path / "dump")
    assert not list((tmp_path / "dump").rglob("*.yml"))  # beside the dump, not a page of the copy
    site = tmp_path / "site"
    (site / "docs").mkdir(parents=True)
    (site / "mkdocs.yml").write_text((ROOT / "mkdocs.yml").read_text())
    make_plain_site(site, tmp_path / "dump", tmp_path / "plain")
    for name in (PLAIN_CONFIG, PLAIN_CONFIG_NO_SEARCH):
        plain_nav = yaml.safe_load(dict(top_level_blocks((tmp_path / "plain" / name).read_text()))["nav"])["nav"]
        assert plain_nav == config.nav
        assert "releases/index.md" in str(plain_nav)  # a collection's section, which mkdocs.yml does not list
    assert "releases/index.md" not in dict(top_level_blocks((ROOT / "mkdocs.yml").read_text()))["nav"]


def test_the_builds_peak_is_its_processes_together(tmp_path):
    # The build's process stays resident while Pagefind's indexer, its child, runs: the
    # machine holds both, which wait4's peak (the largest single process) does not show.
    hold = "b = bytearray(100 * 2**20); b[::4096] = bytes(len(b[::4096]))  # resident\n"
    child = hold + "import time; time.sleep(1.5)\n"
    parent = hold + "import subprocess, sys; subprocess.run([sys.executable, '-c', sys.argv[1]])\n"
    outcome = run([sys.executable, "-c", parent, child], cwd=tmp_path, env=dict(os.environ), log=tmp_path / "log")
    assert outcome["status"] == 0, (tmp_path / "log").read_text()
    # Each process alone holds ~110 MiB (wait4's figure can be the forking test process's
    # size, which a child's peak keeps across exec); together more than 200.
    assert outcome["tree_peak_bytes"] >= 200 * 2**20
    # The children's own, sampled: the child's, not the parent's as well.
    assert 100 * 2**20 <= outcome["children_tree_peak_bytes"] < 200 * 2**20


def test_timed_build_explains_itself_and_says_how_to_run_it_without_a_traceback(tmp_path):
    script = str(ROOT / "benchmarks" / "timed_build.py")
    env = {key: value for key, value in os.environ.items() if key != "PYTHONPATH"}
    shown = subprocess.run([sys.executable, script, "--help"], capture_output=True, text=True, env=env, cwd=tmp_path)
    assert shown.returncode == 0 and "OUT.json" in shown.stdout
    outside = subprocess.run(
        [sys.executable, script, "out.json"], capture_output=True, text=True, env=env, cwd=tmp_path
    )
    assert outside.returncode == 2 and "PYTHONPATH=hooks" in outside.stderr
    assert "Traceback" not in outside.stderr and not (tmp_path / "out.json").exists()
