"""The fast preview shows exactly what a clean build of the same files would, after every
step of a scripted sequence of edits, additions, deletions and renames.

Two parts. In process, the core: the preview's pages, rendered again only where a
change reaches (`preview.incremental`), are the texts a clean `Build.render_pages`
gives, and every hand-written page is finished alike, after every step. Served, the
MkDocs side (`mkdocs serve --dirty`, as `make serve` runs it): titles in the nav,
the search index, outputs that went stale, the problem banner, after fewer steps.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import prewarmed
import yaml

from calico_kb import pipeline
from calico_kb.config import read_config
from calico_kb.preview.incremental import RenderMemo
from calico_kb.preview.rebuild import build_preview, preview_build
from conftest import ROOT, fixture_project
from preview_server import Preview, answer, wait_for


def clean_build(root: Path, port: int, site: Path) -> Path:
    """A clean, strict `mkdocs build` of the files as they are, at the preview's address."""
    config = root / "mkdocs.clean.yml"
    config.write_text(f"INHERIT: mkdocs.yml\nsite_url: http://127.0.0.1:{port}/\n", encoding="utf-8")
    shutil.rmtree(site, ignore_errors=True)
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", PYTHONPATH=str(ROOT / "hooks"), SOURCE_DATE_EPOCH="1656633600")
    result = prewarmed.run_module(
        "mkdocs", ["build", "--strict", "-f", str(config), "--site-dir", str(site)], cwd=root, env=env
    )
    config.unlink()
    assert result.returncode == 0, result.stderr
    return site


def served_as_built(text: str) -> str:
    """A served page without the live-reload script MkDocs serve adds before </body>."""
    end = text.rfind("</body>")
    start = text.rfind("<script>", 0, end)
    return text[:start] + text[end:] if end != -1 and "livereload" in text[start:end] else text


def differences(preview: Preview, site: Path) -> list[str]:
    """Files of the clean build that the preview serves differently. (Not Pagefind's
    index: the preview writes it in the background, after the page shows; its files are
    named by hashes of what they hold.)"""
    found = []
    for path in sorted(site.rglob("*")):
        name = path.relative_to(site).as_posix()
        if path.is_dir() or not name.endswith((".html", ".xml", ".json")) or name.startswith("pagefind/"):
            continue
        served = answer(preview.url(name.removesuffix("index.html")))
        if served is None or served[0] != 200:
            found.append(f"{name}: not served ({served and served[0]})")
        elif served_as_built(served[1]) != path.read_text(encoding="utf-8"):
            found.append(f"{name}: different")
    return found


def rename(root: Path, old: str, new: str) -> None:
    (root / old).rename(root / new)


STEPS = [
    (
        "a person's field",
        lambda root: edit(root, "data/people/ada-example.yaml", "Platform engineer", "Staff engineer"),
    ),
    (
        "a topic's name, shown on many pages",
        lambda root: edit(root, "data/topics/ebpf.yaml", "name: eBPF", "name: eBPF data plane"),
    ),
    (
        "a new entry",
        lambda root: (root / "data/topics/vxlan.yaml").write_text("name: VXLAN\ndescription: Overlay networking.\n"),
    ),
    (
        "a reference to it",
        lambda root: edit(root, "data/guides/first-contribution.yaml", "topics: [ipv6]", "topics: [ipv6, vxlan]"),
    ),
    (
        "an article's title",
        lambda root: edit(root, "docs/articles/ebpf-explained.md", "title: eBPF explained", "title: eBPF, explained"),
    ),
    (
        "a renamed entry",
        lambda root: (
            rename(root, "data/topics/vxlan.yaml", "data/topics/vxlan-overlay.yaml"),
            edit(root, "data/guides/first-contribution.yaml", "vxlan]", "vxlan-overlay]"),
        ),
    ),
    (
        "a deleted entry",
        lambda root: (
            edit(root, "data/guides/first-contribution.yaml", ", vxlan-overlay]", "]"),
            (root / "data/topics/vxlan-overlay.yaml").unlink(),
        ),
    ),
    (
        "an entry's topics, shown in others' related lists",
        lambda root: edit(root, "data/guides/first-contribution.yaml", "topics: [ipv6]", "topics: [ipv6, ebpf]"),
    ),
    (
        "a navigation title",
        lambda root: (root / "templates/topics-index.md.j2").write_text(
            (root / "templates/registry-index.md.j2").read_text().replace("# {{ collection.plural }}", "# All topics")
        ),
    ),
    ("a problem", lambda root: edit(root, "data/people/ada-example.yaml", "Staff engineer", "<b>Staff</b>")),
    ("its fix", lambda root: edit(root, "data/people/ada-example.yaml", "<b>Staff</b>", "Staff engineer")),
]


def edit(root: Path, name: str, old: str, new: str) -> None:
    path = root / name
    text = path.read_text(encoding="utf-8")
    assert old in text, (name, old)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def finished_pages(build: pipeline.Build, texts: dict[str, str]) -> dict[str, tuple]:
    """Every hand-written page's Markdown and front matter, as the site shows them."""
    sources = build.kb.sources
    pages = [(uri, page.document.value if page.document else {}, page.body.text) for uri, page in sources.pages.items()]
    pages += [(e.src_uri, e.data, e.body.text) for e in sources.entries.values() if e.body is not None]
    return {uri: build.finish_page(uri, body, dict(meta), texts) for uri, meta, body in pages}


def test_the_preview_renders_what_a_clean_build_renders_after_every_step(tmp_path):
    root = fixture_project(tmp_path / "project")
    project, site = pipeline.Project(root), pipeline.read_site_info(root / "mkdocs.yml")
    memo = RenderMemo()  # kept across steps, as the serve process keeps it
    for name, step in [("nothing yet", lambda root: None), *STEPS]:
        step(root)
        preview = build_preview(preview_build(project, site), memo)
        if name == "a problem":
            assert [p.path for p in preview.problems] == ["data/people/ada-example.yaml"], name
            assert "has problems" in preview.texts["people/ada-example.md"]
            assert "Staff" not in preview.texts["spotlights/ada-example.md"]  # her data is held back
            continue
        clean = pipeline.build(project, site)
        texts, problems = clean.render_pages()
        assert (preview.problems, problems) == ([], []), name
        assert preview.texts == texts, (name, sorted(k for k in texts if preview.texts.get(k) != texts[k]))
        assert finished_pages(preview.build, preview.texts) == finished_pages(clean, texts), name


SERVED_STEPS = [
    (
        "a topic renamed, shown on many pages, and a new entry",
        lambda root: (
            edit(root, "data/topics/ebpf.yaml", "name: eBPF", "name: eBPF data plane"),
            (root / "data/topics/vxlan.yaml").write_text("name: VXLAN\ndescription: Overlay networking.\n"),
        ),
    ),
    STEPS[8],  # a navigation title
    ("the new entry deleted", lambda root: (root / "data/topics/vxlan.yaml").unlink()),
    ("a problem", lambda root: edit(root, "data/people/ada-example.yaml", "Platform engineer", "<b>Platform</b>")),
    ("its fix", lambda root: edit(root, "data/people/ada-example.yaml", "<b>Platform</b>", "Platform engineer")),
]


def test_the_served_preview_shows_what_a_clean_build_shows_after_every_step(tmp_path):
    root = fixture_project(tmp_path / "project")
    shutil.copy(ROOT / "mkdocs.preview.yml", root / "mkdocs.preview.yml")
    # A nav page without a title in the nav: every page shows the title from its content.
    config = read_config((root / "mkdocs.yml").read_text(encoding="utf-8"))
    config["nav"] = [item if "Topics" not in item else "topics/index.md" for item in config["nav"]]
    (root / "mkdocs.yml").write_text(yaml.safe_dump(config, sort_keys=False), encoding="utf-8")
    preview = Preview(root)
    try:
        assert wait_for(lambda: answer(preview.url("")))
        site = clean_build(root, preview.port, tmp_path / "clean")
        assert wait_for(lambda site=site: not differences(preview, site)), differences(preview, site)
        for name, step in SERVED_STEPS:
            step(root)
            if name == "a problem":
                assert wait_for(
                    lambda: "&lt;b&gt;Platform" in (answer(preview.url("people/ada-example/")) or (0, ""))[1]
                )
                continue
            site = clean_build(root, preview.port, tmp_path / "clean")
            assert wait_for(lambda site=site: not differences(preview, site)), (name, differences(preview, site))
    finally:
        log = preview.stop()
    assert "Traceback" not in log
