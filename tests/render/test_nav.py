"""The nav: collections join it by themselves, from their schemas."""

from __future__ import annotations

from calico_kb import pipeline
from calico_kb.pipeline import Project, SiteInfo
from calico_kb.render.nav import nav_with_collections
from conftest import ROOT


def real_plan():
    build = pipeline.build(Project(ROOT), SiteInfo("https://example.org/", "KB"))
    return build.kb.catalog, build.plan


def test_collections_join_after_home_in_schema_order_and_groups():
    catalog, plan = real_plan()
    nav = nav_with_collections([{"Home": "index.md"}, {"About": "about.md"}], catalog, plan)
    assert nav == [
        {"Home": "index.md"},
        {
            "Releases": [
                "releases/index.md",
                {"Explorer": "releases/explorer.md"},
                {"Contributors": "contributors/index.md"},  # the notes credit authors
            ]
        },
        {"Spotlights": "spotlights/index.md"},
        {"Articles": "articles/index.md"},
        {
            "Learn": [
                "learn/index.md",
                {"Reports": "reports/index.md"},
                {"Guides": "guides/index.md"},
                {"Courses": "courses/index.md"},
                {"Events": "events/index.md"},
            ]
        },
        {
            "Browse": [
                "browse/index.md",
                {"People": "people/index.md"},
                {"Organizations": "organizations/index.md"},
                {"Topics": "topics/index.md"},
                {"Products": "products/index.md"},
            ]
        },
        {"About": "about.md"},
    ]


def test_a_collection_the_nav_lists_already_stays_where_it_is():
    catalog, plan = real_plan()
    written = [{"Home": "index.md"}, {"Everyone": "people/index.md"}]
    nav = nav_with_collections(written, catalog, plan)
    assert nav[-1] == {"Everyone": "people/index.md"}
    assert all("people/index.md" not in str(item) for item in nav[:-1])


def test_without_a_nav_mkdocs_lists_every_page_itself():
    catalog, plan = real_plan()
    assert nav_with_collections(None, catalog, plan) is None
