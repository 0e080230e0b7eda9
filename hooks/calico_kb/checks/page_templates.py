"""A page's `template:` must name a template the theme has.

MkDocs looks the name up only when it writes the page, and a missing one ends the
build in a Jinja traceback that names neither the page nor a fix. The theme's
templates are the site's overrides (`overrides/`, the `custom_dir` of mkdocs.yml)
and those of the installed Material and MkDocs packages, found without importing
them.
"""

from __future__ import annotations

import importlib.util
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from ..problems import Problem, quote

if TYPE_CHECKING:
    from ..load.files import Sources


def theme_template_dirs(root: Path) -> list[Path]:
    """Where the theme's templates are, in the order MkDocs searches them."""
    dirs = [root / "overrides"]
    for package in ("material", "mkdocs"):
        spec = importlib.util.find_spec(package)
        if spec is not None and spec.submodule_search_locations:
            dirs += [Path(location) / "templates" for location in spec.submodule_search_locations]
    return dirs


def page_template_problems(sources: Sources, template_dirs: Iterable[Path]) -> list[Problem]:
    """A problem for every page whose front matter names a template no theme folder has."""
    dirs = list(template_dirs)
    problems: list[Problem] = []
    for page in sources.pages.values():
        document = page.document
        template = document.value.get("template") if document else None
        if not isinstance(template, str) or not template:
            continue  # a value that is not a name is the schema's to report
        if not any((folder / template).is_file() for folder in dirs):
            line, col = document.locate(("template",))
            problems.append(
                Problem(
                    page.source,
                    line,
                    col,
                    f"the page {page.src_uri} names the template {quote(template)}, which the theme does not have",
                    "add it to overrides/, or remove the template field",
                )
            )
    return problems
