"""The plan: every generated page and feed, decided without rendering, clashes once."""

from __future__ import annotations

from calico_kb import pipeline
from calico_kb.pipeline import Project, SiteInfo
from calico_kb.plan import ENTRY, FEED, INDEX, REFERENCE, VIEW

SITE = SiteInfo("https://example.org/kb/", "KB")
TOPIC = "data/topics/ebpf.yaml"
TOPIC_TEXT = "name: eBPF\ndescription: Kernel programs.\n"
PRODUCT = "data/products/calico-open-source.yaml"
PRODUCT_TEXT = "name: Calico Open Source\nsummary: A product.\n"
RELEASE = (
    'title: R 1.0\nproduct: calico-open-source\nversion: "1.0"\ndate: "2022"\nsummary: S.\n'
    "notes:\n  - {title: T, kind: feature, text: S, topics: [ebpf]}\n"
)


def plan_of(root):
    return pipeline.build(Project(root), SITE).plan


def test_every_kind_of_page_is_planned_with_its_file_and_template(make_project):
    plan = plan_of(make_project({TOPIC: TOPIC_TEXT, PRODUCT: PRODUCT_TEXT, "data/releases/r-1-0.yaml": RELEASE}))
    by_uri = {page.src_uri: page for page in plan.pages}
    assert plan.problems == []
    topic = by_uri["topics/ebpf.md"]
    assert (topic.kind, topic.source_path, topic.template, topic.entry_key) == (
        ENTRY,
        TOPIC,
        "topics.md.j2",
        "topics/ebpf",
    )
    assert (topic.url, topic.dest_uri, topic.in_nav) == ("topics/ebpf/", "topics/ebpf/index.html", False)
    assert (by_uri["topics/index.md"].kind, by_uri["topics/index.md"].in_nav) == (INDEX, True)
    explorer = by_uri["releases/explorer.md"]
    assert (explorer.kind, explorer.source_path) == (VIEW, "templates/releases-explorer.md.j2")
    assert by_uri["contribute/reference.md"].kind == REFERENCE
    feeds = sorted(page.src_uri for page in plan.pages if page.kind == FEED)
    assert "feed.xml" in feeds and "releases/feed.json" in feeds and "topics/feed.xml" not in feeds
    assert (by_uri["releases/feed.xml"].url, by_uri["releases/feed.xml"].dest_uri) == ("releases/feed.xml",) * 2


def test_a_collection_without_templates_of_its_own_uses_the_defaults(make_project):
    plan = plan_of(make_project({TOPIC: TOPIC_TEXT, "data/people/ada.yaml": "name: Ada\n"}))
    by_uri = {page.src_uri: page for page in plan.pages}
    assert by_uri["people/ada.md"].template == "people.md.j2"
    assert by_uri["people/index.md"].template == "registry-index.md.j2"  # undated: alphabetical
    assert by_uri["reports/index.md"].template == "collection-index.md.j2"  # dated: newest first


def test_clashes_with_pages_static_files_and_feeds_are_found_once_each(make_project):
    root = make_project(
        {
            TOPIC: TOPIC_TEXT,
            "docs/topics/ebpf.md": "# By hand\n",
            "docs/releases/feed.json": "{}\n",
            "docs/people/index.html": "<p>by hand</p>\n",
        }
    )
    problems = [str(p) for p in plan_of(root).problems]
    assert problems == [
        "docs/topics/ebpf.md:1:1: this file and data/topics/ebpf.yaml both produce /topics/ebpf/"
        " (hint: rename or remove one of them)",
        "docs/people/index.html:1:1: this file and the generated index of people both produce /people/"
        " (hint: rename or remove one of them)",
        "docs/releases/feed.json:1:1: this file and the generated feed releases/feed.json both produce"
        " /releases/feed.json (hint: rename or remove one of them)",
    ]


def test_check_reports_what_the_build_would_refuse_without_rendering_pages(make_project, monkeypatch):
    root = make_project({TOPIC: TOPIC_TEXT, "docs/feed.xml": "<rss/>\n"})
    build = pipeline.build(Project(root), SITE)
    rendered = []
    monkeypatch.setattr(type(build), "render", lambda self, page: rendered.append(page) or "")
    # The clash, and a suffix docs/ may not hold.
    assert [p.path for p in pipeline.check(build)] == ["docs/feed.xml", "docs/feed.xml"]
    assert rendered == []  # with problems in the plan, no template runs
