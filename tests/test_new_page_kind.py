"""A new kind of page is one planner function and one row of `plan.KINDS`: nothing else.

The kind registered here, a printable list of each dated collection, is planned,
rendered, put in the nav, checked by `make check` and named in a clash by the row
alone; a copy of the fixture project with its template builds strictly (MkDocs run in
process, so that the row registered here is the one the hook reads).
"""

from __future__ import annotations

import logging

import pytest
from mkdocs.commands.build import build as mkdocs_build
from mkdocs.config import load_config

from calico_kb import pipeline
from calico_kb.plan import KINDS, PageKind, PlanInputs, PlannedPage, Stale
from conftest import fixture_project

TEMPLATE = """{{ front_matter(description="Every entry of " ~ collection.plural ~ " on one page.") }}
# {{ collection.plural }} on one page

{% for entry in entries %}
- {{ link(entry) }}
{% endfor %}
"""


def printable_lists(inputs: PlanInputs) -> list[PlannedPage]:
    """The planner: one printable list per dated collection."""
    return [
        PlannedPage("printable", f"{name}/printable.md", "templates/printable.md.j2", "printable.md.j2", name)
        for name, collection in inputs.catalog.collections.items()
        if collection.dated
    ]


ROW = PageKind(
    printable_lists,
    "collection",
    lambda page: f"the printable list of {page.collection}",
    Stale.COLLECTION,
    in_nav=True,
)


@pytest.fixture
def project(tmp_path, monkeypatch):
    monkeypatch.setitem(KINDS, "printable", ROW)
    root = fixture_project(tmp_path / "project")
    (root / "templates" / "printable.md.j2").write_text(TEMPLATE, encoding="utf-8")
    return root


def build_of(root):
    return pipeline.build(pipeline.Project(root), pipeline.read_site_info(root / "mkdocs.yml"))


def test_a_new_kind_builds_strictly_with_its_pages_in_the_nav(project, tmp_path, caplog):
    site = tmp_path / "site"
    config = load_config(str(project / "mkdocs.yml"), strict=True, site_dir=str(site))
    config.plugins.on_startup(command="build", dirty=False)
    with caplog.at_level(logging.WARNING, logger="mkdocs"):
        mkdocs_build(config)  # strict: any warning aborts
    assert [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING] == []
    page = (site / "releases" / "printable" / "index.html").read_text(encoding="utf-8")
    assert "Releases on one page" in page and 'href="../product-v1-2/"' in page
    # In the nav, under its collection, on every page.
    home = (site / "index.html").read_text(encoding="utf-8")
    assert 'href="releases/printable/"' in home


def test_check_tries_the_new_kinds_template_and_a_clash_names_it_by_its_row(project):
    template = project / "templates" / "printable.md.j2"
    template.write_text(TEMPLATE + "{{ entry.nothing }}\n", encoding="utf-8")
    assert [(p.path, p.line) for p in pipeline.check(build_of(project))] == [("templates/printable.md.j2", 7)]
    template.write_text(TEMPLATE, encoding="utf-8")
    (project / "docs" / "releases").mkdir()
    (project / "docs" / "releases" / "printable.md").write_text("# By hand\n", encoding="utf-8")
    assert [p.message for p in pipeline.check(build_of(project))] == [
        "this file and the printable list of releases both produce /releases/printable/"
    ]
