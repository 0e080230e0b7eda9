"""`generate --out`: the site's sources as plain files, built by an engine without hooks.

MkDocs and ProperDocs (the maintained 1.x fork) build the generated sources without
our hook into the same pages as our build; an entry page, which the nav does not
list, keeps its place there: its active tab, its breadcrumbs, its open sidebar
section and its previous and next pages, which the theme overrides find from the
page's own front matter (Zensical's nav has no `nav.pages`; see
overrides/partials/kb-trail.html).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess

import prewarmed
import pytest
import yaml
from selectolax.lexbor import LexborHTMLParser

from calico_kb import pipeline
from calico_kb.commands.cli import main
from calico_kb.commands.generate import write_if_changed
from calico_kb.render.theme_markup import valid_theme_markup
from conftest import ROOT, run_mkdocs_build, unexpected_log_lines

GENERATOR = re.compile(rb'<meta name="generator" content="[^"]*">')
SOCIAL_CARD_TAGS = re.compile(
    rb'\s*<meta (?:property|name)="(?:og:image[^"]*|twitter:card|twitter:image[^"]*)" content="[^"]*">'
)


def without_social_cards(html: bytes) -> bytes:
    """Social cards are drawn by the hook (render/social_cards.py, on_post_build); a
    build without it has none yet, so their tags are left out of the comparison."""
    return SOCIAL_CARD_TAGS.sub(b"", html)


@pytest.fixture(scope="module")
def generated(tmp_path_factory):
    out = tmp_path_factory.mktemp("generated")
    assert main(["--root", str(ROOT), "generate", "--out", str(out)]) == 0
    return out


def engine_build(engine: str, project, site) -> subprocess.CompletedProcess:
    if engine == "mkdocs":
        return run_mkdocs_build(project, site)
    # The generated configuration names our Markdown extension (render/shipped_html.py):
    # an engine imports it from hooks/, as `make` points PYTHONPATH there.
    env = dict(
        os.environ,
        NO_MKDOCS_2_WARNING="1",
        PYTHONPATH=str(ROOT / "hooks"),
        SOURCE_DATE_EPOCH=os.environ.get("SOURCE_DATE_EPOCH", "1656633600"),
    )
    return prewarmed.run_module(
        engine, ["build", "--strict", "-f", "mkdocs.yml", "--site-dir", str(site)], cwd=project, env=env
    )


def place(html: bytes) -> dict[str, list[str]]:
    """Where a page says the reader is: the active tab, the breadcrumbs, the open
    sidebar items and the footer's previous and next pages."""
    tree = LexborHTMLParser(html.decode("utf-8"))

    def texts(selector: str) -> list[str]:
        return [
            " ".join(node.text().split()) + " " + (node.attributes.get("href") or "") for node in tree.css(selector)
        ]

    return {
        "tab": texts(".md-tabs__item--active .md-tabs__link"),
        "breadcrumbs": texts("nav.md-path a.md-path__link"),
        "sidebar": [node.attributes.get("id") or "" for node in tree.css(".md-nav--primary input.md-toggle[checked]")],
        "footer": texts(".md-footer__link"),
    }


@pytest.mark.parametrize("engine", ["mkdocs", "properdocs"])
def test_an_engine_without_our_hook_builds_the_same_pages(engine, generated, built_site, tmp_path):
    config = yaml.safe_load((generated / "mkdocs.yml").read_text(encoding="utf-8"))
    assert "hooks" not in config and config["docs_dir"] == "docs"
    result = engine_build(engine, generated, tmp_path / "site")
    assert result.returncode == 0, result.stderr
    assert unexpected_log_lines(result.stderr) == []
    pages = sorted(path.relative_to(built_site) for path in built_site.rglob("*.html"))
    assert pages == sorted(path.relative_to(tmp_path / "site") for path in (tmp_path / "site").rglob("*.html"))
    for page in pages:
        # The hook also mends two attributes of Material's base.html that no override can
        # reach (render/theme_markup.py); an engine without it writes them as Material does.
        theirs = valid_theme_markup((tmp_path / "site" / page).read_text(encoding="utf-8")).encode()
        ours = (built_site / page).read_bytes()
        assert place(theirs) == place(ours), page
        assert GENERATOR.sub(b"", without_social_cards(theirs)) == GENERATOR.sub(b"", without_social_cards(ours)), page
    # Entry pages are not in the nav: their place comes from their front matter alone.
    release = place((tmp_path / "site" / "releases" / "calico-enterprise-3-14" / "index.html").read_bytes())
    assert release["tab"] == ["Releases ../"]
    assert [crumb.split()[0] for crumb in release["breadcrumbs"]] == ["Home", "Releases"]
    assert release["sidebar"] and len(release["footer"]) == 2
    for feed in ("feed.xml", "releases/feed.json"):
        assert (tmp_path / "site" / feed).read_bytes() == (built_site / feed).read_bytes()

    # Readers' search is indexed by the hook after the build (calico_kb/site/search.py):
    # the pages carry no search markup, so they are the same without it.
    assert (built_site / "pagefind" / "pagefind.js").is_file()
    assert not (tmp_path / "site" / "pagefind").exists()


def test_generated_pages_name_the_file_to_edit(generated):
    text = (generated / "docs" / "people" / "geoff-burke.md").read_text(encoding="utf-8")
    assert "kb_edit_url: https://example.com/calico-community-kb/edit/main/data/people/geoff-burke.yaml" in text


def test_a_second_run_writes_nothing_and_stale_files_are_removed(generated):
    stale = generated / "docs" / "people" / "nobody.md"
    stale.write_text("# gone\n", encoding="utf-8")
    # An engine's own files beside docs/ (Zensical's site and cache must live inside
    # the folder of its configuration) stay.
    for kept in (generated / "site" / "index.html", generated / ".cache" / "x", generated / "zensical.toml"):
        kept.parent.mkdir(parents=True, exist_ok=True)
        kept.write_text("kept\n", encoding="utf-8")
    before = {path: path.stat().st_mtime_ns for path in generated.rglob("*") if path.is_file() and path != stale}
    build = pipeline.build(pipeline.Project(ROOT), pipeline.read_site_info(ROOT / "mkdocs.yml"))
    from calico_kb.commands.generate import write_site_sources

    written, problems = write_site_sources(build, generated)
    assert (written, problems) == (0, [])
    assert not stale.exists()
    assert {path: path.stat().st_mtime_ns for path in generated.rglob("*") if path.is_file()} == before


def test_the_configuration_keeps_the_site_inside_the_output_folder(generated):
    config = yaml.safe_load((generated / "mkdocs.yml").read_text(encoding="utf-8"))
    assert config["site_dir"] == "site"  # Zensical refuses a site_dir outside its project
    assert config["extra"]["kb_feeds"][0]["dest_uri"] == "feed.xml"
    assert "/releases/*.md" in config["not_in_nav"].splitlines()


def test_write_if_changed_writes_only_what_differs(tmp_path):
    assert write_if_changed({"a/b.md": b"1", "c.md": b"2"}, tmp_path) == ["a/b.md", "c.md"]
    assert write_if_changed({"a/b.md": b"1", "c.md": b"3"}, tmp_path) == ["c.md"]
    assert write_if_changed({"c.md": b"3"}, tmp_path) == []
    assert not (tmp_path / "a").exists()


def test_nothing_is_written_while_the_knowledge_base_has_problems(tmp_path, capsys):
    project = tmp_path / "project"
    for folder in ("schemas", "templates"):
        shutil.copytree(ROOT / folder, project / folder)
    (project / "data" / "topics").mkdir(parents=True)
    (project / "data" / "topics" / "x.yaml").write_text("name: X\n", encoding="utf-8")
    assert main(["--root", str(project), "generate", "--out", str(tmp_path / "out")]) == 1
    assert "data/topics/x.yaml:1:1: missing required field 'description'" in capsys.readouterr().out
    assert not (tmp_path / "out").exists()
