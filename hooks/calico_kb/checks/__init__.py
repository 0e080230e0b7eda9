"""The checks of loaded sources, in one list with one signature.

Each check takes what was loaded (`Sources`), the catalog of collections and where the
project lives, and yields every problem it finds, located in its file (compare
python/peps' `check-peps.py`, whose validators yield `(line, message)`). A new check
is a function of that shape appended to `CHECKS`. After them all, placeholders left by
`make new` take the place of the other problems at the same spots
(`placeholders.report_placeholders`): "fill in this field" is the one thing to say.

One check runs before anything is loaded, and alone: `tracked_ignored` (files committed
where the project's ignore rules keep the build cache and the tools' folders), called
first by `pipeline.build_knowledge_base`, because loading the schemas and reading the
bodies already use the cache it guards.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path

from ..load.files import Sources
from ..problems import Problem
from ..schema.catalog import Catalog
from .content_policy import markdown_problems
from .duplicates import duplicate_problems
from .markdown_bodies import body_reader, markdown_body_problems
from .page_templates import page_template_problems, theme_template_dirs
from .placeholders import report_placeholders
from .schema import validate_sources
from .static_files import static_file_problems
from .text_values import text_value_problems


def _markdown_policy_problems(root: Path, sources: Sources) -> list[Problem]:
    """The source scan's problems (exact columns), then what the allowlist refuses in
    the rendered bodies on the lines the scan found nothing on: one report a spot."""
    scanned = markdown_problems(sources)
    flagged = {(problem.path, problem.line) for problem in scanned}
    rendered = markdown_body_problems(sources, body_reader(root))
    return scanned + [problem for problem in rendered if (problem.path, problem.line) not in flagged]


Check = Callable[[Path, Catalog, Sources], Iterable[Problem]]
"""(project root, catalog, sources) -> every problem found."""

CHECKS: tuple[tuple[str, Check], ...] = (
    ("schemas and references", lambda root, catalog, sources: validate_sources(catalog, sources)),
    ("Markdown content policy", lambda root, catalog, sources: _markdown_policy_problems(root, sources)),
    ("static files", lambda root, catalog, sources: static_file_problems(root / "docs", sources.static_files)),
    ("text values", lambda root, catalog, sources: text_value_problems(sources)),
    ("semantic duplicates", lambda root, catalog, sources: duplicate_problems(catalog, sources)),
    ("page templates", lambda root, catalog, sources: page_template_problems(sources, theme_template_dirs(root))),
)
"""Every check, by a name for the benchmark's breakdown."""


def run_checks(root: Path, catalog: Catalog, sources: Sources, found: list[Problem]) -> list[Problem]:
    """`found` (the loader's problems) plus every check's, placeholders taking precedence."""
    problems = list(found)
    for _, check in CHECKS:
        problems.extend(check(root, catalog, sources))
    return report_placeholders(catalog, sources, problems)
