"""Run `mkdocs build --strict` in this process and time our own code inside it.

    python benchmarks/timed_build.py OUT.json [--dump-markdown DIR] [--without pictures|social-cards]...
                                              [mkdocs build options]

Run it from the project directory with the project's hooks/ on PYTHONPATH. It calls
MkDocs' own command line (`mkdocs build --strict ...`, never -q), after wrapping:

- every event handler of the hook files that mkdocs.yml names (on_files, which loads,
  checks and renders the knowledge base; on_page_markdown; ...): their sum, with the time
  of our code that MkDocs runs outside them (below), is the time spent in our code (the
  import of the hook files, calico_kb and what it imports is timed apart, as
  hook_import_seconds);
- the stages of the core inside them (load, validate, graph, render), for a breakdown;
- our code that MkDocs runs outside the event handlers (`OUTSIDE_HANDLERS`: our Markdown
  extension while it converts pages, the social card of each page while it renders the
  theme's templates): that time is own code too.

With --without pictures, the SVG pictures (avatars, connections graphs) are left out of
the pages; with --without social-cards, no social card is drawn or copied (og:image
then points nowhere): the cost of each is measured as the difference to a full build.
With --dump-markdown, the Markdown of every page as MkDocs has it after our hooks (front
matter included) is written to DIR after the build, for the plain-MkDocs comparison, and
the navigation as our hooks made it (`nav` with a section for every collection) to
`nav_file(DIR)`: the plain build renders the same nav into every page.
The figures are written to OUT.json.
"""

from __future__ import annotations

import functools
import json
import sys
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

START = time.perf_counter()

# Core functions to time, by stage: (module, attribute); missing ones are skipped, so
# the breakdown survives refactoring (the total, from the hook's events, is exact).
STAGES = {
    "load": [("calico_kb.pipeline", None, "load_catalog"), ("calico_kb.pipeline", None, "load_sources")],
    "validate": [("calico_kb.pipeline", None, "run_checks")],
    "graph": [("calico_kb.pipeline", None, "Graph")],
    "render": [
        ("calico_kb.render.pages", "Renderer", "render"),
    ],
    # The content policy on every page's final HTML (on_post_page), parse included: the
    # one reading of each page, which the site check then uses.
    "html policy": [("calico_kb.site.built_pages", "BuiltPages", "check")],
    # The site-wide checks at the end of the build (links, anchors, reachability...),
    # from the pages read above.
    "site check": [("calico_kb.site.check", None, "check_built_site")],
    # Readers' search index (on_post_build): the search views and Pagefind's indexer,
    # which runs in a process of its own (it replaces Material's search plugin, whose
    # work the plain build still does).
    "search index": [("calico_kb.site.search", None, "write_search_index")],
    # Readers' search's view of each page, made from the tree the check parsed: a part
    # of `html policy` (as render is of the `files` event).
    "search views": [("calico_kb.site.search", "SearchViews", "add")],
}

OUTSIDE_HANDLERS = {
    "shipped html": ("calico_kb.render.shipped_html", "_CleanPostprocessor", "run"),
    "social card": ("calico_kb.render.social_cards", "SocialCards", "for_page"),
}
"""Our code that MkDocs runs outside the hook files' event handlers: our Markdown
extension (mkdocs.yml's `markdown_extensions`: nh3 cleans the HTML of every Markdown
text, the allowlist's second line, mostly while MkDocs converts the pages) and the
function the theme's templates call for each page's social card (`kb_social_card`,
a global of the templates set in on_env). Their time outside the event handlers
(`stage:NAME, outside events`) counts as own code; inside them (texts our render stage
converts) it is already in their time."""

OUTSIDE = ", outside events"

INDEXER = ("calico_kb.site.search", "_run_indexer")
"""Pagefind's indexer, a process of its own: its CPU (the children's CPU time while it
runs) is timed as `stage:search indexer (Pagefind)`, a dependency's work that counts in
the build's total but not in our own code."""

seconds: dict[str, float] = defaultdict(float)
cpu_seconds: dict[str, float] = defaultdict(float)
"""The same timers in CPU time (time.process_time): what other processes on a loaded
machine do not change."""
calls: dict[str, int] = defaultdict(int)


_in_events = [0]
"""How many event handlers of the hook files are running (nested: MkDocs calls none
from another, but a handler may convert Markdown)."""


def timed(label: str, function: Any) -> Any:
    event = label.startswith("event:")

    @functools.wraps(function)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        started, cpu_started = time.perf_counter(), time.process_time()
        _in_events[0] += event
        try:
            return function(*args, **kwargs)
        finally:
            _in_events[0] -= event
            seconds[label] += time.perf_counter() - started
            cpu_seconds[label] += time.process_time() - cpu_started
            calls[label] += 1

    return wrapper


def install_outside_timers() -> list[str]:
    """Time each of `OUTSIDE_HANDLERS` in all (`stage:NAME`) and outside the event
    handlers (`stage:NAME, outside events`); the names the code no longer has, in a list."""
    missing = []
    for name, target in OUTSIDE_HANDLERS.items():
        found = _target(*target)
        if found is None:
            missing.append(".".join(target))
            continue
        owner, function = found
        every_call = timed(f"stage:{name}", function)
        outside = timed(f"stage:{name}{OUTSIDE}", every_call)

        def wrapper(*args: Any, every_call=every_call, outside=outside, **kwargs: Any) -> Any:
            return (every_call if _in_events[0] else outside)(*args, **kwargs)

        setattr(owner, target[2], functools.wraps(function)(wrapper))
    return missing


def _target(module_name: str, class_name: str | None, attribute: str, *, timed_import: bool = False) -> Any:
    """The owner (module or class) of a function to time and the function, or None when
    the code no longer has it. `timed_import`: the import is timed as the hooks' (the
    first import of calico_kb)."""
    import importlib

    import_module = timed("import:hooks", importlib.import_module) if timed_import else importlib.import_module
    try:
        owner: Any = import_module(module_name)
        if class_name:
            owner = getattr(owner, class_name)
        return owner, getattr(owner, attribute)
    except (ImportError, AttributeError):
        return None


def install_stage_timers() -> list[str]:
    missing = []
    for stage, targets in STAGES.items():
        for module_name, class_name, attribute in targets:
            found = _target(module_name, class_name, attribute, timed_import=True)
            if found is None:
                missing.append(".".join(filter(None, (module_name, class_name, attribute))))
                continue
            owner, function = found
            setattr(owner, attribute, timed(f"stage:{stage}", function))
    return missing


def install_indexer_timer() -> None:
    import importlib
    import resource

    module = importlib.import_module(INDEXER[0])
    function = getattr(module, INDEXER[1], None)
    if function is None:
        return

    @functools.wraps(function)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        started = time.perf_counter()
        try:
            return function(*args, **kwargs)
        finally:
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
            label = "stage:search indexer (Pagefind)"
            seconds[label] += time.perf_counter() - started
            cpu_seconds[label] += (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)
            calls[label] += 1

    setattr(module, INDEXER[1], wrapper)


def install_import_timer() -> None:
    """Time the import of the hook files (and so of calico_kb) when MkDocs loads them."""
    from mkdocs.config.config_options import Hooks

    Hooks._load_hook = timed("import:hooks", Hooks._load_hook)


def install_event_timers(dump: list | None) -> None:
    """Wrap the hook files' event handlers when MkDocs loads the configuration."""
    import mkdocs.config

    load_config = mkdocs.config.load_config

    def load_and_wrap(*args: Any, **kwargs: Any) -> Any:
        config = load_config(*args, **kwargs)
        hook_modules = set(config.hooks) if config.hooks else set()
        plugins = config.plugins
        for event, methods in plugins.events.items():
            for index, method in enumerate(methods):
                if getattr(method, "__module__", None) in hook_modules:
                    wrapper = timed(f"event:{event}", method)
                    wrapper.mkdocs_priority = getattr(method, "mkdocs_priority", 0)  # type: ignore[attr-defined]
                    methods[index] = wrapper
        if dump is not None:
            keep_for_dump(plugins, dump)
        return config

    mkdocs.config.load_config = load_and_wrap


def keep_for_dump(plugins: Any, dump: list) -> None:
    """Register the handlers that fill `dump` (see `write_dump`), after every other."""

    def keep_nav(config: Any, **_: Any) -> Any:
        dump.append((NAV, None, config.nav))
        return config

    keep_nav.mkdocs_priority = -10_000  # type: ignore[attr-defined]  # after our hook made it
    plugins._register_event("config", keep_nav)

    def keep_markdown(markdown: str, page: Any, **_: Any) -> str:
        dump.append((page.file.src_uri, dict(page.meta), markdown))
        return markdown

    keep_markdown.mkdocs_priority = -10_000  # type: ignore[attr-defined]  # after every other handler
    plugins._register_event("page_markdown", keep_markdown)

    def keep_generated_files(files: Any, **_: Any) -> Any:
        # Files our hooks generate that are not pages (feeds, ...) go into the copy as they are.
        for file in files:
            if file.generated_by and not file.src_uri.endswith(".md"):
                dump.append((file.src_uri, None, file.content_bytes))
        return files

    keep_generated_files.mkdocs_priority = -10_000  # type: ignore[attr-defined]
    plugins._register_event("files", keep_generated_files)


def leave_out(features: list[str]) -> None:
    """Turn off the pictures or the social cards, for a build to compare with."""
    from markupsafe import Markup

    def nothing(*_: Any, **__: Any) -> Markup:
        return Markup("")

    if "pictures" in features:
        from calico_kb.render import cards, pictures, visuals

        visuals.avatar = nothing
        pictures.connections = nothing
        pictures.most_mentioned = nothing
        cards.avatar_svg = nothing
    if "social-cards" in features:
        from calico_kb.render.social_cards import SocialCards

        SocialCards.write = nothing


NAV = object()
"""The dump's record of the navigation (not a page)."""


def nav_file(dump_dir: Path) -> Path:
    """Where the dump's navigation is written: beside the dump, not in it (the dump
    becomes the plain copy's docs/)."""
    return dump_dir.with_name(f"{dump_dir.name}-nav.yml")


def write_dump(dump: list, directory: Path) -> None:
    import yaml

    directory.mkdir(parents=True, exist_ok=True)
    for src_uri, meta, markdown in dump:
        if src_uri is NAV:
            nav_file(directory).write_text(yaml.safe_dump({"nav": markdown}, sort_keys=False), encoding="utf-8")
            continue
        path = directory / src_uri
        path.parent.mkdir(parents=True, exist_ok=True)
        if meta is None:
            path.write_bytes(markdown)
            continue
        meta = {str(k): (str(v) if isinstance(v, str) else v) for k, v in meta.items()}
        front = f"---\n{yaml.safe_dump(meta, allow_unicode=True, sort_keys=False)}---\n\n" if meta else ""
        path.write_text(front + markdown, encoding="utf-8")


def main(argv: list[str]) -> int:
    if not argv or argv[0] in ("-h", "--help"):
        print(__doc__.strip())
        return 0 if argv else 2
    try:
        import calico_kb  # noqa: F401  (the hooks' core: the timers wrap its functions)
    except ImportError:
        print("timed_build.py: calico_kb cannot be imported: run it from the project directory", file=sys.stderr)
        print("with the project's hooks/ on PYTHONPATH (PYTHONPATH=hooks); --help says more", file=sys.stderr)
        return 2
    out = Path(argv[0])
    rest = argv[1:]
    dump_dir = None
    if rest[:1] == ["--dump-markdown"]:
        dump_dir, rest = Path(rest[1]), rest[2:]
    without = []
    while rest[:1] == ["--without"]:
        without.append(rest[1])
        rest = rest[2:]
    dump: list | None = [] if dump_dir else None
    leave_out(without)
    missing = install_stage_timers()
    install_indexer_timer()
    missing += install_outside_timers()
    install_import_timer()
    install_event_timers(dump)
    from mkdocs.__main__ import cli

    build_started = time.perf_counter()
    status = 0
    try:
        cli.main(args=["build", "--strict", *rest], prog_name="mkdocs", standalone_mode=True)
    except SystemExit as exit:
        status = exit.code if isinstance(exit.code, int) else (0 if exit.code is None else 1)
    build_seconds = time.perf_counter() - build_started
    process_cpu_seconds = time.process_time()  # start-up and imports included, the dump not
    dump_seconds = 0.0
    if dump_dir is not None and status == 0:
        started = time.perf_counter()
        write_dump(dump or [], dump_dir)
        dump_seconds = time.perf_counter() - started
    import resource

    # Peaks apart: this process's (MkDocs and our hooks) and its largest child's
    # (Pagefind's indexer); the benchmark's peak, from wait4, is the larger of the two.
    own_peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    child_peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * 1024
    # Own code: the event handlers, and our Markdown extension where it ran outside them.
    own = sum(v for k, v in seconds.items() if k.startswith("event:") or k.endswith(OUTSIDE))
    own_cpu = sum(v for k, v in cpu_seconds.items() if k.startswith("event:") or k.endswith(OUTSIDE))
    out.write_text(
        json.dumps(
            {
                "status": status,
                "build_seconds": build_seconds,
                "process_seconds_before_dump": time.perf_counter() - START - dump_seconds,
                "dump_seconds": dump_seconds,
                "own_seconds": own,
                "own_cpu_seconds": own_cpu,
                "process_cpu_seconds_before_dump": process_cpu_seconds,
                "hook_import_seconds": seconds.get("import:hooks", 0.0),
                "timers": dict(seconds),
                "cpu_timers": dict(cpu_seconds),
                "calls": dict(calls),
                "missing_stage_timers": missing,
                "process_peak_bytes": own_peak,
                "children_peak_bytes": child_peak,
            },
            indent=2,
        )
    )
    return status


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
