"""The MkDocs hook on a small fixture site: what a strict build produces or refuses."""

from __future__ import annotations

import re
from html import unescape
from pathlib import Path

import pytest

from conftest import FIXTURES, fixture_project, run_mkdocs_build, unexpected_log_lines


@pytest.fixture(scope="module")
def small_build(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = fixture_project(tmp_path_factory.mktemp("project"))
    result = run_mkdocs_build(root, root / "site")
    assert result.returncode == 0, result.stderr
    assert unexpected_log_lines(result.stderr) == []
    return root / "site"


def read(site: Path, page: str) -> str:
    return (site / page).read_text(encoding="utf-8")


def test_every_entry_has_a_page(small_build):
    for data_file in (FIXTURES / "small-site" / "data").rglob("*.yaml"):
        collection, slug = data_file.parent.name, data_file.stem
        assert (small_build / collection / slug / "index.html").is_file(), f"{collection}/{slug}"
    assert (small_build / "articles" / "ebpf-explained" / "index.html").is_file()


def test_generated_pages_link_to_their_yaml_file_for_editing(small_build):
    html = read(small_build, "releases/product-v1-2/index.html")
    assert 'href="https://example.com/calico-community-kb/edit/main/data/releases/product-v1-2.yaml"' in html
    article = read(small_build, "articles/ebpf-explained/index.html")
    assert 'href="https://example.com/calico-community-kb/edit/main/docs/articles/ebpf-explained.md"' in article


def test_articles_get_their_footer_from_the_hook(small_build):
    html = read(small_build, "articles/ebpf-explained/index.html")
    assert 'href="../../people/ada-example/"' in html
    assert 'class="kb-chip" href="../../topics/ebpf/"' in html or 'href="../../topics/ebpf/" class="kb-chip"' in html


def test_home_page_marker_becomes_the_latest_entries(small_build):
    html = read(small_build, "index.html")
    assert "kb:latest" not in html
    assert 'href="releases/product-v1-2/"' in html


def test_values_reach_html_as_text(small_build):
    html = read(small_build, "organizations/example-co/index.html")
    assert "<em>stars</em>" not in html
    assert "*stars* and [brackets]" in unescape(re.sub(r"<[^>]+>", "", html))
    assert '<meta name="description" content="A company with *stars* and [brackets] in its summary.">' in html


def test_bad_data_fails_the_build_with_located_messages_and_writes_nothing(tmp_path):
    root = fixture_project(tmp_path / "project")
    (root / "data/topics/ipv6.yaml").write_text("name: no\ndescription: x\ndescription: again\n", encoding="utf-8")
    result = run_mkdocs_build(root, root / "site")
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert "data/topics/ipv6.yaml:1:7: name: YAML reads the unquoted no as the boolean false" in result.stderr
    assert 'data/topics/ipv6.yaml:3:1: duplicate key "description"' in result.stderr
    assert not (root / "site" / "index.html").exists()


def test_description_with_quotes_is_escaped_in_attributes(tmp_path):
    root = fixture_project(tmp_path / "project")
    (root / "data/topics/ipv6.yaml").write_text(
        "name: IPv6\ndescription: 'Say \"hi\" onload=alert(1) & bye'\n", encoding="utf-8"
    )
    result = run_mkdocs_build(root, root / "site")
    assert result.returncode == 0, result.stderr
    html = read(root / "site", "topics/ipv6/index.html")
    assert '<meta name="description" content="Say &#34;hi&#34; onload=alert(1) &amp; bye">' in html
