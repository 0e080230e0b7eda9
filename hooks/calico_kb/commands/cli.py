"""The command line: `python -m calico_kb check` and friends, without MkDocs.

Exit status 0 means no problems, 1 means problems were printed, 2 means the command
was used wrongly. Problems are printed, never raised as tracebacks.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .. import pipeline
from ..cache import cache_root
from ..collector import collector_paused
from ..pipeline import Project
from ..problems import Problem, format_problems
from ..schema.catalog import load_catalog

# The other commands import what they need when they run: `make check` starts faster.


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m calico_kb", description="Tools for the Calico community knowledge base."
    )
    parser.add_argument("--root", type=Path, default=Path.cwd(), help="project root (default: the current directory)")
    commands = parser.add_subparsers(dest="command", required=True)
    check = commands.add_parser("check", help="validate data files and front matter without building")
    check.add_argument(
        "--format", choices=["text", "github"], default="text", help="'github' prints GitHub Actions annotations"
    )
    new = commands.add_parser("new", help="write a new entry to fill in, from its collection's schema")
    new.add_argument("kind", nargs="?", help="the collection, e.g. releases")
    new.add_argument("slug", nargs="?", help="the new entry's slug, e.g. calico-open-source-v3-30")
    check_site = commands.add_parser(
        "check-site", help="check a built site: links, anchors, reachability, pages, scripts"
    )
    check_site.add_argument("site_dir", type=Path, help="the built site, e.g. site")
    check_site.add_argument("--site-url", help="the site's address (default: the canonical link of its home page)")
    external = commands.add_parser(
        "linkcheck-external", help="check the external links of a built site (slow, needs the network)"
    )
    external.add_argument("site_dir", type=Path, help="the built site, e.g. site")
    external.add_argument("--concurrency", type=int, default=8, help="addresses checked at once (default: 8)")
    external.add_argument("--timeout", type=float, default=10.0, help="seconds to wait for an answer (default: 10)")
    external.add_argument("--retries", type=int, default=2, help="retries after a timeout, 429 or 5xx (default: 2)")
    external.add_argument(
        "--cache",
        type=Path,
        help="where good results are kept, relative to --root (default: external-links.json in the cache-dir folder)",
    )
    external.add_argument("--max-age", type=float, default=168.0, help="hours a good result is trusted (default: 168)")
    generate = commands.add_parser(
        "generate", help="write every generated page and feed as plain files, for any engine"
    )
    generate.add_argument("--out", type=Path, required=True, help="the folder to write into, e.g. build-docs")
    generate.add_argument(
        "--config",
        type=Path,
        default=Path("mkdocs.yml"),
        help="where the site's name and address are read (default: mkdocs.yml under --root)",
    )
    commands.add_parser(
        "cache-dir", help="print the folder where builds keep their cache (deleting it costs only time)"
    )
    commands.add_parser("editor-settings", help="write the schema mapping of .vscode/settings.json from the schemas")
    notes = commands.add_parser(
        "import-release-notes", help="write data/releases/ entries from upstream Markdown release notes"
    )
    notes.add_argument("sources", nargs="+", type=Path, help="upstream files (v3.26.0-release-notes.md) or folders")
    notes.add_argument(
        "--product",
        default=None,
        help="the product entry released, a slug of data/products/ (default: calico-open-source)",
    )
    notes.add_argument(
        "--source-url", help="the address the files are published under; each release links to it plus its file name"
    )
    copied = commands.add_parser(
        "copied-wording", help="list runs of a source's wording in the visible text of a built site's pages and feeds"
    )
    copied.add_argument("source", type=Path, help="the source text the summaries were written from")
    copied.add_argument("site_dir", type=Path, nargs="?", default=Path("site"), help="the built site (default: site)")
    arguments = parser.parse_args(argv)
    if arguments.command == "import-release-notes":
        return run_import_release_notes(Project(arguments.root.resolve()), arguments)
    if arguments.command == "cache-dir":
        print(cache_root(arguments.root.resolve()))
        return 0
    if arguments.command == "editor-settings":
        return run_editor_settings(Project(arguments.root.resolve()))
    if arguments.command == "copied-wording":
        return run_copied_wording(arguments.source, arguments.site_dir)
    if arguments.command == "generate":
        return run_generate(Project(arguments.root.resolve()), arguments.out, arguments.config)
    if arguments.command == "check-site":
        return run_check_site(Project(arguments.root.resolve()), arguments.site_dir, arguments.site_url)
    if arguments.command == "linkcheck-external":
        return run_linkcheck_external(Project(arguments.root.resolve()), arguments)
    if arguments.command == "check":
        return run_check(Project(arguments.root.resolve()), arguments.format)
    if arguments.command == "new":
        return run_new(Project(arguments.root.resolve()), arguments.kind, arguments.slug)
    return 2  # pragma: no cover - argparse rejects unknown commands


def run_new(project: Project, kind: str | None, slug: str | None) -> int:
    """Scaffold an entry (see `scaffold`), or say why not."""
    from .scaffold import ScaffoldError, new_entry

    catalog = load_catalog(project.schemas_dir)
    if not kind or not slug:
        print(
            "usage: make new KIND=<collection> SLUG=<slug>  (python -m calico_kb new KIND SLUG)\n"
            f"kinds: {', '.join(sorted(catalog.collections))}",
            file=sys.stderr,
        )
        return 2
    try:
        path = new_entry(catalog, project.root, kind, slug)
    except ScaffoldError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    print(f"Created {path.relative_to(project.root).as_posix()}: replace every TODO, then run `make check`.")
    return 0


def run_check_site(project: Project, site_dir: Path, site_url: str | None = None) -> int:
    """Check a built site against the knowledge base of `project` (see `site_check`)."""
    from ..site.check import check_site

    if not _is_built_site(site_dir):
        return 2
    problems = check_site(site_dir, _build(project), site_url)
    return _report_site(problems, "problem", site_dir, f"OK: {site_dir} has no broken link, anchor, page or script.")


def run_copied_wording(source: Path, site_dir: Path) -> int:
    """List the runs of `source`'s wording in the built site (see `site.copied_wording`)."""
    from ..site.copied_wording import check_copied_wording

    if not _is_built_site(site_dir):
        return 2
    try:
        text = source.read_text(encoding="utf-8", errors="replace")
    except OSError as error:
        print(f"error: cannot read the source {source}: {error.strerror}", file=sys.stderr)
        return 2
    problems = check_copied_wording(site_dir, text, site_dir.as_posix())
    return _report_site(
        problems, "copied run", site_dir, f"OK: no page or feed of {site_dir} repeats {source.name}'s wording."
    )


def _report_site(problems: list[Problem], noun: str, site_dir: Path, ok: str) -> int:
    """Print the problems found in a built site and their count, or `ok`: the exit status."""
    if problems:
        print(format_problems(problems))
        print(f"{len(problems)} {noun}{'s' if len(problems) != 1 else ''} found in {site_dir}.", file=sys.stderr)
        return 1
    print(ok, file=sys.stderr)
    return 0


def _is_built_site(site_dir: Path) -> bool:
    """Whether `site_dir` holds a built site; if not, says so on stderr."""
    if (site_dir / "index.html").is_file():
        return True
    print(f"error: {site_dir} is not a built site (no index.html); run `make build` first", file=sys.stderr)
    return False


def run_linkcheck_external(project: Project, arguments: argparse.Namespace) -> int:
    """Check the external links of a built site (see `external_links`)."""
    from ..site.external_links import DEFAULT_CACHE, LinkCache, LinkChecker, check_external_links

    if not (arguments.site_dir / "index.html").is_file():
        print(
            f"error: {arguments.site_dir} is not a built site (no index.html); run `make build` first", file=sys.stderr
        )
        return 2
    checker = LinkChecker(
        timeout=arguments.timeout, retries=max(0, arguments.retries), concurrency=arguments.concurrency
    )
    path = project.root / arguments.cache if arguments.cache else cache_root(project.root) / DEFAULT_CACHE
    cache = LinkCache(path)
    problems, results = check_external_links(
        arguments.site_dir, checker, _build(project), cache, max_age=arguments.max_age * 3600
    )
    cache.save()
    if problems:
        print(format_problems(problems))
    broken = sum(not result.ok for result in results.values())
    print(f"{len(results)} external addresses checked: {broken} broken.", file=sys.stderr)
    return 1 if problems else 0


def run_check(project: Project, style: str = "text") -> int:
    """Everything the build would refuse, without building: every file, every planned
    page and feed and their clashes, and each template tried on one of its pages."""
    with collector_paused():  # all of it keeps what it makes: ~4% of `make check` at 5,000
        build = pipeline.build(project, pipeline.read_site_info(project.root / "mkdocs.yml"))
        problems = pipeline.check(build)
    if problems:
        print(format_problems(problems, style), flush=True)
        count = len(set(problems))
        print(f"{count} problem{'s' if count != 1 else ''} found.", file=sys.stderr)
        return 1
    entries = len(build.kb.sources.entries)
    print(
        f"OK: {entries} entries, {len(build.kb.sources.pages)} pages and {len(build.plan.outputs)} generated pages "
        "and feeds checked.",
        file=sys.stderr,
    )
    return 0


def run_import_release_notes(project: Project, arguments: argparse.Namespace) -> int:
    """Write release entries from upstream release notes (see `commands.import_release_notes`)."""
    from .import_release_notes import DEFAULT_PRODUCT, import_release_notes

    catalog = load_catalog(project.schemas_dir)
    sources = [path if path.is_absolute() else Path.cwd() / path for path in arguments.sources]
    outcome = import_release_notes(
        project.root, catalog, sources, product=arguments.product or DEFAULT_PRODUCT, source_url=arguments.source_url
    )
    if outcome.problems:
        print(format_problems(outcome.problems), flush=True)
    written, unchanged = len(outcome.written), len(outcome.unchanged)
    summary = f"{written} release{'s' if written != 1 else ''} written, {unchanged} unchanged"
    if outcome.problems:
        count = len(set(outcome.problems))
        print(
            f"{summary}; {count} problem{'s' if count != 1 else ''} found (files with one were left as they were).",
            file=sys.stderr,
        )
        return 1
    print(f"OK: {summary}.", file=sys.stderr)
    return 0


def run_editor_settings(project: Project) -> int:
    """Write the editor's schema mapping (see `editor_settings`)."""
    from .editor_settings import SETTINGS_FILE, write_settings

    changed = write_settings(load_catalog(project.schemas_dir), project.root)
    print(f"{SETTINGS_FILE} {'updated' if changed else 'is up to date'}.", file=sys.stderr)
    return 0


def run_generate(project: Project, out: Path, config: Path) -> int:
    """Write the site's Markdown as any MkDocs-compatible engine can build it (see `generate`)."""
    from .generate import write_site_sources

    config_file = config if config.is_absolute() else project.root / config
    build = pipeline.build(project, pipeline.read_site_info(config_file))
    written, problems = write_site_sources(build, out if out.is_absolute() else project.root / out)
    if problems:
        print(format_problems(problems), flush=True)
        print(f"{len(set(problems))} problem(s) found; nothing written.", file=sys.stderr)
        return 1
    print(f"OK: {written} file(s) written or updated in {out}.", file=sys.stderr)
    return 0


def _build(project: Project) -> pipeline.Build:
    return pipeline.build(project, pipeline.read_site_info(project.root / "mkdocs.yml"))
