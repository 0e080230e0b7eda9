"""Short, honest lists (render/lists.py): one line per item, never a second copy of a
summary, each entry once per page in its strongest group, headings that say how the
entries are linked, and notes about sources only on their entry's own page.

The fixture uses the fields the content branch adds to the schemas (`teaser`,
`coverage`, `coverage_note`, articles' `mentions`, releases' `organizations`, events'
`subtitle`); until those schemas are on main, `with_reader_fields` adds them to the
fixture's copy, as the content branch defines them.
"""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from calico_kb import pipeline
from calico_kb.paths import page_url
from calico_kb.pipeline import Project, SiteInfo
from calico_kb.render.lists import first_sentence, page_lists

NOTE = "The summary covers the interview up to the question on clouds."


def with_reader_fields(schemas: Path) -> None:
    """Add the content branch's reader fields to a copy of the schemas, where missing."""
    common = json.loads((schemas / "common.schema.json").read_text(encoding="utf-8"))
    text = {"type": "string", "minLength": 1, "pattern": "^[^<>]*$", "description": "x", "examples": ["x"]}
    common["$defs"].setdefault(
        "coverage", {"type": "string", "enum": ["partial"], "description": "x", "examples": ["partial"]}
    )
    common["$defs"].setdefault("coverage_note", text)
    common["$defs"].setdefault("teaser", dict(text, maxLength=160))
    (schemas / "common.schema.json").write_text(json.dumps(common), encoding="utf-8")
    for path in schemas.glob("*.schema.json"):
        schema = json.loads(path.read_text(encoding="utf-8"))
        properties = schema.get("properties", {})
        if "summary" in properties:
            for field in ("coverage", "coverage_note", "teaser"):
                properties.setdefault(field, {"$ref": f"common.schema.json#/$defs/{field}"})
        if path.name == "articles.schema.json":
            properties.setdefault(
                "mentions",
                {
                    "type": "array",
                    "uniqueItems": True,
                    "description": "x",
                    "examples": [["people/a"]],
                    "items": {"type": "string", "pattern": "^[a-z]+/[a-z0-9]+(-[a-z0-9]+)*$", "x-kb-references": "*"},
                },
            )
        if path.name == "releases.schema.json":
            properties.setdefault("organizations", {"$ref": "common.schema.json#/$defs/organizations"})
        if path.name == "events.schema.json":
            properties.setdefault("subtitle", {"$ref": "common.schema.json#/$defs/plainText"})
        path.write_text(json.dumps(schema), encoding="utf-8")


LONG_SUMMARY = (
    "Ada Example talks about running Kubernetes on three clouds with one network policy model for every "
    "team in the company, and more. She also explains the migration."
)

FILES = {
    "data/topics/ebpf.yaml": "name: eBPF\ndescription: The eBPF data plane.\n",
    "data/products/calico-open-source.yaml": "name: Calico Open Source\nsummary: A product.\n",
    "data/topics/ipv6.yaml": "name: IPv6\ndescription: Networking over IPv6.\n",
    "data/topics/aks.yaml": "name: AKS\ndescription: Azure Kubernetes Service.\n",
    "data/organizations/example-co.yaml": "name: Example Co\nkind: company\nsummary: A company.\n",
    "data/people/ada-example.yaml": "name: Ada Example\nrole: Platform engineer\norganization: example-co\nsummary: Runs the platform.\n",
    "data/people/bo-sample.yaml": "name: Bo Sample\n",
    "data/spotlights/ada-example.yaml": f"""
        title: "Meet Ada Example"
        date: "2022"
        series_number: 1
        summary: {LONG_SUMMARY}
        coverage: partial
        coverage_note: {NOTE}
        interviewees: [ada-example]
        organizations: [example-co]
        topics: [ebpf, ipv6]
        """,
    "data/spotlights/later-one.yaml": """
        title: "Meet Zed Later"
        date: "2022"
        series_number: 2
        summary: The second interview.
        teaser: A short teaser line.
        interviewees: [bo-sample]
        topics: [aks]
        """,
    "data/releases/product-v1-2.yaml": """
        title: Product v1.2
        product: calico-open-source
        version: "1.2"
        date: "2022"
        summary: One highlight.
        organizations: [example-co]
        notes:
          - {title: Faster eBPF, kind: feature, area: ebpf, text: Faster., topics: [ebpf]}
        topics: [ebpf, ipv6]
        """,
    "data/events/a-talk.yaml": """
        title: A talk
        subtitle: With a subtitle
        event: ExampleCon
        date: "2022"
        summary: A talk about eBPF.
        speakers: [bo-sample]
        topics: [ebpf]
        """,
    "docs/articles/ebpf-explained.md": """
        ---
        title: eBPF explained
        date: "2022-06-01"
        authors: [ada-example]
        summary: What the eBPF data plane brings.
        topics: [ebpf, ipv6]
        mentions: [people/bo-sample]
        related: [releases/product-v1-2, spotlights/ada-example]
        ---

        # eBPF explained

        As [Ada's interview](../spotlights/ada-example.md) and [the AKS topic][aks] say, and
        `[not a link](../people/nobody.md)`:

        [aks]: ../topics/aks.md
        """,
}


@pytest.fixture
def reader_kb(make_project):
    root = make_project(FILES)
    with_reader_fields(root / "schemas")
    build = pipeline.build(Project(root), SiteInfo("https://example.org/kb/", "KB"))
    assert build.problems == []
    texts, problems = build.render_pages()
    assert problems == []
    return build, texts


def list_items(markdown: str) -> list[str]:
    return [line for line in markdown.splitlines() if line.startswith("- [")]


def test_a_list_item_is_one_short_line_never_the_whole_summary(reader_kb):
    _, pages = reader_kb
    items = [item for page in pages.values() for item in list_items(page)]
    assert items
    assert not any(LONG_SUMMARY in item for item in items)
    ada = next(item for item in list_items(pages["people/ada-example.md"]) if "Meet Ada" in item)
    assert ada.endswith(
        ": Ada Example talks about running Kubernetes on three clouds with one network policy model "
        "for every team in the company…"
    )
    zed = next(item for item in list_items(pages["people/bo-sample.md"]) if "Zed" in item)
    assert zed.endswith(": A short teaser line.")


def test_first_sentence_stops_at_the_sentence_or_twenty_words():
    assert first_sentence("Calico v3.23 ships. It also adds more.") == "Calico v3.23 ships."
    assert first_sentence("e.g. this stays, as does v3.23 here. Next.") == "e.g. this stays, as does v3.23 here."
    words = " ".join(f"w{i}" for i in range(30)) + "."
    assert first_sentence(words) == " ".join(f"w{i}" for i in range(20)) + "…"


def test_an_entry_is_listed_once_in_its_strongest_group(reader_kb):
    build, pages = reader_kb
    kb = build.kb
    # The article names the spotlight as related and links it in its text: See also only.
    footer = kb.renderer.render_article_footer(kb.sources.entries["articles/ebpf-explained"])
    targets = [re.search(r"\]\(([^)]+)\)", item).group(1) for item in list_items(footer)]
    assert len(targets) == len(set(targets)) == 2
    assert "## See also (2) { data-search-exclude }" in footer
    # On the spotlight's page the article is listed under "Mentioned in" ... not Related too.
    spotlight = pages["spotlights/ada-example.md"]
    assert spotlight.count("ebpf-explained.md") == 1


def test_headings_say_how_entries_are_linked_and_count_them(reader_kb):
    _, pages = reader_kb
    ada = pages["people/ada-example.md"]
    assert "## Interviews { data-search-exclude }\n\n### Spotlights (1) { data-search-exclude }" in ada
    assert "## Written by Ada Example { data-search-exclude }\n\n### Articles (1)" in ada
    assert "Mentioned in" not in ada.split("## Written by")[0], "her own interview is not a mention"
    bo = pages["people/bo-sample.md"]
    assert "## Talks by Bo Sample" in bo and "## Mentioned in { data-search-exclude }\n\n### Articles (1)" in bo
    org = pages["organizations/example-co.md"]
    assert "## People (1) { data-search-exclude }" in org and "### Releases (1)" in org


def test_related_needs_two_shared_topics_and_may_be_empty(reader_kb):
    build, pages = reader_kb
    kb = build.kb
    assert [e.key for e in kb.graph.related("events/a-talk")] == []  # shares only eBPF with anything
    assert "## Related" not in pages["events/a-talk.md"]
    release = kb.graph.entries["releases/product-v1-2"]
    # The spotlight shares eBPF and IPv6 with the release; the article, which shares
    # them too, names the release, so it is listed as naming it, not as related.
    assert [e.key for e in page_lists(kb.graph, release).related] == ["spotlights/ada-example"]
    assert "ebpf-explained.md" in pages["releases/product-v1-2.md"].split("## Related")[0]


def test_a_link_in_an_article_body_is_a_mention(reader_kb):
    build, pages = reader_kb
    kb = build.kb
    sources = {ref.source for ref in kb.graph.incoming["topics/aks"] if ref.field == "body"}
    assert sources == {"articles/ebpf-explained"}
    assert "ebpf-explained.md" in pages["topics/aks.md"]
    assert "people/nobody" not in kb.graph.entries and not kb.graph.incoming.get("people/nobody")


def test_the_coverage_note_is_only_on_the_entry_page(reader_kb, make_project):
    build, pages = reader_kb
    own = pages["spotlights/ada-example.md"]
    assert own.count(NOTE) == 1 and "{: .kb-coverage data-search-exclude }" in own
    assert [uri for uri, text in pages.items() if NOTE in text] == ["spotlights/ada-example.md"]
    assert build.feeds and not any(NOTE in build.render(feed) for feed in build.feeds)
    assert NOTE not in own.split("---")[1], "not in the page description"


def test_new_fields_show_on_their_pages(reader_kb):
    _, pages = reader_kb
    assert "*With a subtitle*" in pages["events/a-talk.md"]
    assert "**Organizations:** [Example Co](../organizations/example-co.md)" in pages["releases/product-v1-2.md"]
    assert (
        "teaser" not in pages["spotlights/later-one.md"]
        and "A short teaser line." not in pages["spotlights/later-one.md"]
    )


def test_templates_tolerate_the_fields_absent(make_project):
    absent = {"        organizations: [example-co]\n": "", "        subtitle: With a subtitle\n": ""}
    files = {}
    for name, text in FILES.items():
        if not name.startswith(("docs/", "data/spotlights/")):
            for field, nothing in absent.items():
                text = text.replace(field, nothing)
            files[name] = text
    root = make_project(files)  # the schemas as they are on main
    build = pipeline.build(Project(root), SiteInfo("https://example.org/kb/", "KB"))
    assert build.problems == []
    texts, problems = build.render_pages()
    assert problems == [] and "Coverage" not in "".join(texts.values())


# The real site ---------------------------------------------------------------


class ListSections(HTMLParser):
    """The entries each item of a built page's generated lists links first: the lists
    under the headings kept out of search (lists an article's author wrote are theirs)."""

    def __init__(self, html: str):
        super().__init__(convert_charrefs=True)
        self.targets: list[str] = []
        self.items: list[str] = []
        self._depth = 0
        self._item: list[str] | None = None
        self._first = True
        self._in_article = False
        self._in_lists = False
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "article":
            self._in_article = True
        elif tag in ("h1", "h2", "h3", "h4"):
            self._in_lists = "data-search-exclude" in a
        elif tag == "li" and self._in_article and self._in_lists:
            self._item, self._first = [], True
        elif tag == "a" and self._item is not None and self._first and "kb-chip" not in (a.get("class") or ""):
            self.targets.append(a.get("href", ""))
            self._first = False

    def handle_endtag(self, tag):
        if tag == "li" and self._item is not None:
            self.items.append(" ".join("".join(self._item).split()))
            self._item = None
        elif tag == "article":
            self._in_article = False

    def handle_data(self, data):
        if self._item is not None:
            self._item.append(data)


def test_no_page_of_the_real_site_lists_an_entry_twice(built_site, kb):
    for entry in kb.graph.entries.values():
        sections = ListSections((built_site / page_url(entry.src_uri) / "index.html").read_text(encoding="utf-8"))
        entries = [t for t in sections.targets if not t.startswith(("http", "#"))]
        assert len(entries) == len(set(entries)), entry.key


def test_no_list_item_of_the_real_site_repeats_a_whole_summary(built_site, kb):
    summaries = [
        " ".join(e.data["summary"].split())
        for e in kb.graph.entries.values()
        if isinstance(e.data.get("summary"), str) and len(e.data["summary"].split()) > 20
    ]
    assert summaries
    for page in built_site.rglob("index.html"):
        items = ListSections(page.read_text(encoding="utf-8")).items
        assert not [s for s in summaries for item in items if s in item], page


def test_the_person_role_line_is_apart_from_the_summary(built_site, kb):
    person = kb.graph.entries["people/geoff-burke"]
    html = (built_site / "people/geoff-burke/index.html").read_text(encoding="utf-8")
    meta = re.search(r'<p class="kb-meta">(.*?)</p>', html, re.S).group(1)
    assert re.sub(r"<[^>]+>", "", meta) == f"Person · {person.data['role']} at Tsunati"
    assert person.data["summary"][:30] not in meta


def test_the_real_site_lists_an_article_on_the_pages_its_text_links(built_site):
    html = (built_site / "people/daniele-polencic/index.html").read_text(encoding="utf-8")
    assert "ebpf-data-plane-validation-flowchart/" in html and "Mentioned in" in html
