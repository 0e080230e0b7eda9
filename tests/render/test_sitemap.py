"""The sitemap's dates: an entry's own day where its data gives one, the build date otherwise."""

from __future__ import annotations

import os
import xml.etree.ElementTree as ET

import pytest

from calico_kb.config import read_config
from calico_kb.load.files import Entry
from calico_kb.load.yaml_source import YamlDocument
from calico_kb.render.sitemap import lastmod
from conftest import run_mkdocs_build, unexpected_log_lines


def entry(date: str) -> Entry:
    return Entry("events", "e", "data/events/e.yaml", YamlDocument("data/events/e.yaml", {"date": date}, {}, {}, {}))


@pytest.mark.parametrize(("date", "expected"), [("2022-06-01", "2022-06-01"), ("2022-05", None), ("2022", None)])
def test_only_a_full_day_is_a_sitemap_date(date, expected):
    assert lastmod(entry(date)) == expected


def test_no_entry_keeps_the_build_date():
    assert lastmod(None) is None


def test_the_built_sitemap_dates_an_entry_by_its_day_and_the_rest_by_the_build(project, monkeypatch):
    monkeypatch.setitem(os.environ, "SOURCE_DATE_EPOCH", "1700000000")  # 2023-11-14
    result = run_mkdocs_build(project, project / "site")
    assert result.returncode == 0, result.stderr
    assert unexpected_log_lines(result.stderr) == []
    namespace = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    urls = ET.parse(project / "site" / "sitemap.xml").getroot().findall("s:url", namespace)
    root = read_config((project / "mkdocs.yml").read_text(encoding="utf-8"))["site_url"]
    dates = {u.find("s:loc", namespace).text.removeprefix(root): u.find("s:lastmod", namespace).text for u in urls}
    assert dates.pop("articles/ebpf-explained/") == "2022-06-01"
    assert set(dates.values()) == {"2023-11-14"}
