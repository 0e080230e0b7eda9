"""The built-site checker: the real site passes; each fault of the broken fixture is found.

tests/fixtures/broken-site/README.md lists the faults of the broken fixture. MkDocs
sees none of them; the knowledge base's hook does, in the strict build, from the pages
it parsed as it wrote them, and `check-site` finds the same in a site read from disk.
"""

from __future__ import annotations

import importlib.util
import re
import shutil
from pathlib import Path

import pytest

from calico_kb import pipeline
from calico_kb.checks.html_policy import MATERIAL_INLINE_SCRIPTS
from calico_kb.commands.cli import main
from calico_kb.pipeline import Project
from calico_kb.site.built_pages import BuiltPages
from calico_kb.site.check import SITE_CHECK_SWITCH, check_built_site, check_site, site_check_wanted
from calico_kb.site.html import read_site
from conftest import FIXTURES, ROOT, run_mkdocs_build, unexpected_log_lines

BROKEN = FIXTURES / "broken-site"


def test_the_real_site_has_no_problem(built_site: Path):
    # built_site is a strict build, which checks the site itself; check-site agrees.
    build = pipeline.build(Project(ROOT), pipeline.read_site_info(ROOT / "mkdocs.yml"))
    assert build.problems == [], "every data file and every page's front matter is valid"
    site = read_site(built_site)
    assert len(site.pages) > len(build.kb.sources.entries), "the whole site was read"
    assert check_site(built_site, build) == []


_LISTED = re.compile(r"^(?P<path>[^\s:]+):(?P<line>\d+):(?P<col>\d+): (?P<message>.*?)(?: \(hint: .*)?$")


def build_problems(stderr: str) -> set[tuple[str, int, int, str]]:
    """The problems a failed build listed, located: (path, line, col, message)."""
    head = re.search(r"ERROR\s+-\s+the built site has (\d+) problem\(s\):\n", stderr)
    assert head, stderr
    listed = stderr[head.end() :].split("\n\n", 1)[0].splitlines()
    assert len(listed) == int(head.group(1))
    found = set()
    for line in listed:
        match = _LISTED.match(line)
        assert match, line
        found.add((match["path"], int(match["line"]), int(match["col"]), match["message"]))
    return found


@pytest.fixture(scope="module")
def broken(tmp_path_factory: pytest.TempPathFactory):
    """The broken fixture, built strictly with the real hooks: once as `make build`
    does, once with the site-wide checks switched off (a site for check-site)."""
    root = tmp_path_factory.mktemp("broken-site")
    shutil.copytree(BROKEN, root, dirs_exist_ok=True)
    shutil.copytree(ROOT / "hooks", root / "hooks", ignore=shutil.ignore_patterns("__pycache__"))
    with pytest.MonkeyPatch.context() as env:
        env.delenv(SITE_CHECK_SWITCH, raising=False)
        checked = run_mkdocs_build(root, root / "site")
        env.setenv(SITE_CHECK_SWITCH, "off")
        unchecked = run_mkdocs_build(root, root / "unchecked-site")
    kb = pipeline.build(Project(root), pipeline.read_site_info(root / "mkdocs.yml"))
    assert kb.problems == []
    return root, checked, unchecked, kb


PAGE_NOT_BUILT = "no page was built from this file: the site has no {}"
ANCHOR_HINT = "link to an id that exists"

EXPECTED = {
    # Links, anchors and images of a Markdown page, raw HTML included.
    # Links of Markdown text, as written (checks/page_links.py, as `make check` says it).
    ("docs/index.md", 5, 20, 'broken link "missing.md": the knowledge base has no page missing.md'),
    (
        "docs/index.md",
        6,
        23,
        'broken anchor "fine.md#no-such-heading": fine.md has no heading or element with id "no-such-heading"',
    ),
    ("docs/index.md", 7, 27, 'broken anchor "#nowhere": this page has no heading or element with id "nowhere"'),
    ("docs/index.md", 8, 22, 'page /: broken link <img src="images/missing.png">: the site has no /images/missing.png'),
    (
        "docs/index.md",
        9,
        12,
        'page /: broken anchor <a href="fine/#raw-missing">: /fine/ has no element with id "raw-missing"',
    ),
    ("docs/index.md", 12, 12, 'page /: the link <a href="/elsewhere/"> leaves the site, which lives under /kb/'),
    (
        "docs/index.md",
        14,
        12,
        'page /: broken link <a href="https://example.org/kb/nothing-here/">: the site has no /nothing-here/',
    ),
    # A generated page: the data file that produced the link, and a generated index.
    (
        "data/topics/calico.yaml",
        5,
        10,
        'page /topics/calico/: broken anchor <a href="../../fine/#yaml-missing">: /fine/ has no element with id "yaml-missing"',
    ),
    (
        "templates/collection-index.md.j2",
        1,
        1,
        'page /articles/: broken link <a href="excluded-article/">: the site has no /articles/excluded-article/',
    ),
    # Exactly one page per entry and per Markdown file.
    ("docs/articles/excluded-article.md", 1, 1, PAGE_NOT_BUILT.format("/articles/excluded-article/")),
    ("docs/excluded.md", 1, 1, PAGE_NOT_BUILT.format("/excluded/")),
    (
        "docs/twice.md",
        1,
        1,
        "this file and docs/twice/index.md both produce the page /twice/; only one can be in the site",
    ),
    (
        "docs/twice/index.md",
        1,
        1,
        "this file and docs/twice.md both produce the page /twice/; only one can be in the site",
    ),
    # Reachability.
    ("docs/orphan.md", 1, 1, "page /orphan/ cannot be reached by following links from the home page"),
    # Front matter that MkDocs dropped.
    ("docs/dated.md", 1, 1, "MkDocs did not read this file's front matter: page /dated/ shows it as text"),
    ("docs/status.md", 1, 1, 'MkDocs reads line 1 ("Status: draft") as metadata and drops it from page /status/'),
    # The content policy, second line of defence: what a plugin added after the build's check.
    (
        "docs/evil.md",
        1,
        1,
        'page /evil/ has <script src="https://evil.example/tracker.js">, which is not a file under assets/',
    ),
    (
        "docs/evil.md",
        1,
        1,
        'page /evil/ has an inline <script> that is not one of Material\'s: "alert(\\"from a plugin\\")"',
    ),
    # In the content area, whatever the allowlist does not name.
    ("docs/evil.md", 1, 1, "page /evil/ has the attribute 'onclick' on <a>, which the allowlist does not name"),
    (
        "docs/evil.md",
        1,
        1,
        "page /evil/ has the address \"javascript:alert(1)\" in <a href>: the scheme 'javascript' is not allowed",
    ),
    (
        "docs/evil.md",
        1,
        1,
        "page /evil/ has the address \"data:image/png;base64,AAAA\" in <img src>: the scheme 'data' is not allowed",
    ),
    (
        "docs/evil.md",
        1,
        1,
        "page /evil/ has the element <iframe>, which contributor content may not contain: browsers parse what it "
        "contains by other rules (with scripting on), so no checker can read it as they do",
    ),
}


def without_reference(found: set[tuple[str, int, int, str]]) -> set[tuple[str, int, int, str]]:
    # Pages the real hook generates in Python (the schema reference) are not linked
    # from this small fixture; they are the hook's business, not the fixture's.
    return {problem for problem in found if "/contribute/reference/" not in problem[3]}


def test_the_strict_build_fails_listing_each_fault_and_nothing_else(broken):
    _, checked, _, _ = broken
    assert checked.returncode == 1
    before_the_hooks_report = re.split(r"^ERROR\s+-\s+the built site has", checked.stderr, maxsplit=1, flags=re.M)[0]
    assert unexpected_log_lines(before_the_hooks_report) == [], "MkDocs itself sees nothing"
    found = without_reference(build_problems(checked.stderr))
    assert found - EXPECTED == set(), "unexpected problems"
    assert EXPECTED - found == set(), "faults not found"


def test_switched_off_the_build_still_checks_every_page_for_the_content_policy(broken):
    _, _, unchecked, _ = broken
    assert unchecked.returncode == 1
    assert build_problems(unchecked.stderr) == {problem for problem in EXPECTED if problem[0] == "docs/evil.md"}


def test_check_site_finds_in_a_site_built_without_the_site_check_what_the_build_finds(broken):
    root, _, _, kb = broken
    # MkDocs wrote every page (and social card) before the build failed at its end.
    found = {(p.path, p.line, p.col, p.message) for p in check_site(root / "unchecked-site", kb)}
    assert without_reference(found) == EXPECTED


def test_problems_name_the_built_page_and_the_template(broken):
    root, checked, _, kb = broken
    problems = {(p.path, p.line): p for p in check_site(root / "unchecked-site", kb)}
    missing = problems["docs/index.md", 8]
    assert re.search(r"built page .*/unchecked-site/index\.html:\d+:\d+", missing.hint)
    assert missing.hint.startswith("fix or remove the link")
    assert "made with templates/entry.md.j2" in problems["data/topics/calico.yaml", 5].hint
    assert ANCHOR_HINT in problems["data/topics/calico.yaml", 5].hint
    # The build names its pages as it wrote them, relative to the project.
    assert (
        'docs/index.md:8:22: page /: broken link <img src="images/missing.png">: the site has no /images/missing.png '
        "(hint: fix or remove the link; built page site/index.html:"
    ) in checked.stderr


def test_without_the_knowledge_base_problems_point_into_the_html(broken):
    root, _, _, _ = broken
    site = root / "unchecked-site"
    problems = check_site(site)
    paths = {p.path for p in problems}
    assert all(path.startswith(site.as_posix() + "/") for path in paths)
    assert f"{site.as_posix()}/orphan/index.html" in paths
    [missing] = [p for p in problems if 'href="missing.md"' in p.message]
    html_line = (site / "index.html").read_text(encoding="utf-8").splitlines()[missing.line - 1]
    assert 'href="missing.md"' in html_line[missing.col - 1 :]


def test_check_site_command(broken, built_site: Path, capsys):
    root, _, _, _ = broken
    assert main(["--root", str(root), "check-site", str(root / "unchecked-site")]) == 1
    out = capsys.readouterr().out
    assert "docs/orphan.md:1:1: page /orphan/ cannot be reached by following links from the home page" in out
    assert main(["--root", str(ROOT), "check-site", str(built_site)]) == 0
    assert main(["--root", str(root), "check-site", str(root / "no-site")]) == 2


@pytest.mark.parametrize(
    ("value", "wanted"), [(None, True), ("off", False), (" OFF ", False), ("on", True), ("", True)]
)
def test_only_off_switches_the_site_check_off(value: str | None, wanted: bool):
    assert site_check_wanted({} if value is None else {SITE_CHECK_SWITCH: value}) is wanted


def test_the_build_checks_the_pages_it_parsed_and_reads_only_html_no_page_event_handed_over(tmp_path: Path):
    site_dir = tmp_path / "site"
    (site_dir / "a").mkdir(parents=True)
    # On disk, index.html differs from what the build handed over: the handed-over
    # text is what is checked, so the page was not read again.
    (site_dir / "index.html").write_text('<a href="nowhere/">x</a>', encoding="utf-8")
    (site_dir / "a" / "index.html").write_text("", encoding="utf-8")
    (site_dir / "stray.html").write_text('<a href="a/#gone">x</a> <a href="#" onclick="x()">y</a>', encoding="utf-8")
    pages = BuiltPages(tmp_path, "https://example.org/", {}, site_dir)
    pages.check(
        '<html><head><title>Home</title></head><body><a href="a/">a</a> <a href="stray.html">s</a></body></html>',
        "index.html",
        "index.md",
    )
    pages.check('<p id="here"></p>', "a/index.html", "a.md")
    site = pages.built_site()
    assert site.root == Path("site") and site.files == {"index.html", "a/index.html", "stray.html"}
    assert {(p.path, p.message) for p in pages.problems} == {
        ("site/stray.html", "page /stray.html has the event handler attribute 'onclick' on <a>")
    }
    assert [p.message for p in check_built_site(site, None, "https://example.org/", policy=False)] == [
        'page /stray.html: broken anchor <a href="a/#gone">: /a/ has no element with id "gone"'
    ]


def write_site(base: Path, pages: dict[str, str]) -> Path:
    site = base / "site"
    for name, body in pages.items():
        path = site / name
        path.parent.mkdir(parents=True, exist_ok=True)
        # <link> elements belong in <head> (elsewhere the content policy refuses them).
        head = "".join(re.findall(r"<link [^>]*>", body))
        body = re.sub(r"<link [^>]*>", "", body)
        path.write_text(
            body
            if not name.endswith(".html")
            else f"<html><head><title>{name}</title>{head}</head><body>{body}</body></html>",
            encoding="utf-8",
        )
    return site


def messages(site: Path, **options) -> set[str]:
    return {p.message for p in check_site(site, **options)}


def test_addresses_under_the_site_url_and_outside_it(tmp_path: Path):
    site = write_site(
        tmp_path,
        {
            "index.html": """
            <link rel="canonical" href="https://example.org/kb/">
            <a href="/kb/a/">root-relative</a> <a href="//example.org/kb/a/#x">protocol-relative</a>
            <a href="https://example.org/kb/caf%C3%A9/">encoded</a> <a href="a">a directory</a>
            <a href="https://example.org/other/">external</a> <a href="https://other.example/kb/">external</a>
            <a href="/a/">outside</a> <a href="../../a/">outside</a> <a href="mailto:a@example.org">mail</a>
            <a href="a/x.png/">not a directory</a> <a href="a/x.png#anything">no anchors in images</a>""",
            "a/index.html": '<p id="x">A</p><img srcset="x.png 1x, y.png 2x">',
            "a/x.png": "",
            "café/index.html": "",
        },
    )
    assert messages(site) == {
        'page /: the link <a href="/a/"> leaves the site, which lives under /kb/',
        'page /: the link <a href="../../a/"> leaves the site, which lives under /kb/',
        'page /: broken link <a href="a/x.png/">: the site has no /a/x.png/',
        'page /a/: broken link <img srcset="y.png">: the site has no /a/y.png',
    }
    assert messages(site, site_url="https://example.org/") >= {
        'page /: broken link <a href="/kb/a/">: the site has no /kb/a/',
    }


def test_each_broken_link_is_reported_where_it_is_written_in_the_page(tmp_path: Path):
    page = (
        '<p><a href="gone/">one</a></p>\n'
        '<img srcset="ok.png 1x, gone.png 2x">\n'
        '  <p id="x"><a href="gone/">the same link, again</a> <a href="ok.png#x">x</a></p>\n'
    )
    site = write_site(tmp_path, {"index.html": page, "ok.png": ""})
    where = {(p.message, p.line, p.col) for p in check_site(site)}
    assert where == {
        ('page /: broken link <a href="gone/">: the site has no /gone/', 1, 57),  # after <html><head>...
        ('page /: broken link <img srcset="gone.png">: the site has no /gone.png', 2, 6),
        ('page /: broken link <a href="gone/">: the site has no /gone/', 3, 16),
    }


def test_anchors_ids_names_and_fragments_a_browser_knows(tmp_path: Path):
    site = write_site(
        tmp_path,
        {
            "index.html": """
            <a href="b/#id">id</a> <a href="b/#old">a name</a> <a href="b/#caf%C3%A9">encoded</a>
            <a href="#top">top</a> <a href="#:~:text=hello">text fragment</a> <a href="b/#missing">missing</a>
            <a href="b/#gone">commented out</a>""",
            "b/index.html": '<h2 id="id">Id</h2><a name="old"></a><span id="café"></span><!-- <span id="gone"> -->',
        },
    )
    # Comments are comments, as in a browser: "gone" is no anchor.
    assert messages(site) == {
        'page /: broken anchor <a href="b/#missing">: /b/ has no element with id "missing"',
        'page /: broken anchor <a href="b/#gone">: /b/ has no element with id "gone"',
    }


def test_reachability_starts_at_the_home_page_and_skips_the_404_page(tmp_path: Path):
    site = write_site(
        tmp_path,
        {
            "index.html": '<a href="a/">a</a> <link rel="next" href="c/">',
            "a/index.html": '<a href="../b/">b</a>',
            "b/index.html": "",
            "c/index.html": "",
            "404.html": '<a href="/nowhere/">home</a>',
        },
    )
    assert messages(site) == {
        "page /c/ cannot be reached by following links from the home page",
        'page /404.html: broken link <a href="/nowhere/">: the site has no /nowhere/',
    }


def test_only_materials_own_inline_scripts_are_allowed(tmp_path: Path):
    config = '{"base": "..", "search": "../assets/javascripts/workers/search.js"}'
    material = next(s for s in material_scripts("content.html") if "location.hash" in s)
    site = write_site(
        tmp_path,
        {
            "index.html": f"""
            <script id="__config" type="application/json">{config}</script>
            <script src="assets/javascripts/bundle.js"></script> <script>{material}</script>
            <script>var base = alert(1);</script>
            <script id="__config" type="application/json">not JSON</script>
            <script type="module">{material}</script>
            <script src="js/other.js"></script> <script src="https://cdn.example/x.js"></script>
            <!--> <script>alert(2)</script> -->
            <svg onload="x()"></svg> <a href=" JAVA&#9;SCRIPT:alert(1)">j</a> <object data="x.swf"></object>""",
            "assets/javascripts/bundle.js": "",
            "js/other.js": "",
        },
    )
    assert messages(site) == {
        'page / has an inline <script> that is not one of Material\'s: "var base = alert(1);"',
        'page / has a <script id="__config"> that is not Material\'s JSON configuration',
        f'page / has an inline <script> that is not one of Material\'s: "{material[:48]}…"',
        'page / has <script src="js/other.js">, which is not a file under assets/',
        'page / has <script src="https://cdn.example/x.js">, which is not a file under assets/',
        'page / has an inline <script> that is not one of Material\'s: "alert(2)"',
        "page / has the event handler attribute 'onload' on <svg>",
        'page / has a forbidden address in <a href="JAVA\tSCRIPT:alert(1)">',
        "page / has the element <object>, which pages may not contain",
        'page /: broken link <object data="x.swf">: the site has no /x.swf',
    }


def material_scripts(partial: str) -> list[str]:
    """The inline scripts of one of Material's installed templates, base URLs filled in."""
    package = Path(importlib.util.find_spec("material").submodule_search_locations[0])
    text = (package / "templates" / "partials" / "javascripts" / partial).read_text(encoding="utf-8")
    return [
        re.sub(r"\{\{.*?\}\}", "../..", script) for script in re.findall(r"<script>(.*?)</script>", text, re.DOTALL)
    ]


def test_the_allowed_material_scripts_are_those_the_built_site_runs(built_site: Path):
    # Read from the installed theme: every inline script of the real site is one of them.
    found = set()
    for page in built_site.rglob("*.html"):
        for script in re.findall(r"<script>(.*?)</script>", page.read_text(encoding="utf-8"), re.DOTALL):
            names = [name for name, pattern in MATERIAL_INLINE_SCRIPTS.items() if pattern.fullmatch(script)]
            assert names, (page, script[:60])
            found.update(names)
    assert {"base.html", "palette.html"} <= found


@pytest.mark.parametrize("partial", ["consent.html", "outdated.html"])
def test_material_scripts_the_site_does_not_use_are_not_allowed(partial: str):
    scripts = material_scripts(partial)
    assert scripts
    assert not any(pattern.fullmatch(script) for pattern in MATERIAL_INLINE_SCRIPTS.values() for script in scripts)


def test_fragments_are_looked_for_in_the_page_they_are_on(tmp_path: Path):
    site = write_site(
        tmp_path,
        {
            "index.html": '<a id="here" href="#here">here</a> <a href="404.html">404</a>',
            "404.html": '<a href="#here">not here</a>',
        },
    )
    assert messages(site) == {'page /404.html: broken anchor <a href="#here">: this page has no element with id "here"'}


def test_the_same_address_leads_from_the_folder_of_each_page_it_is_written_in(tmp_path: Path):
    # Pages share the resolution of their links: each still reaches its own target.
    site = write_site(
        tmp_path,
        {
            "index.html": '<a href="a/x/">a</a> <a href="b/x/">b</a> <a href="d/">d</a>',
            "a/x/index.html": '<a href="../y/">a/y</a> <a href="../../c/">c</a> <a href="./#x">here</a>',
            "b/x/index.html": '<a href="../y/">b/y</a> <a href="../../c/">c</a> <a href="./#x">here</a>',
            "d/index.html": '<a href="../../c/">too far up</a> <a id="x" href="./#x">here</a>',
            "a/y/index.html": '<p id="x"></p>',
            "c/index.html": "",
        },
    )
    assert messages(site) == {
        'page /b/x/: broken link <a href="../y/">: the site has no /b/y/',
        'page /a/x/: broken anchor <a href="./#x">: this page has no element with id "x"',
        'page /b/x/: broken anchor <a href="./#x">: this page has no element with id "x"',
        'page /d/: the link <a href="../../c/"> leaves the site, which lives under /',
    }
