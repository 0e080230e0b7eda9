"""A page's `template:` may name only a template of the allowlist, and one the theme has.

Front matter's `template:` picks the theme template a page is written with, and the
theme has dozens (the 404 page, partials, Material's blog and its search); a page
written with one of them can escape the layout every check assumes. So a page may
name only a template of `allowlist.PAGE_TEMPLATES`. And MkDocs looks the name up only
when it writes the page: a missing one ends the build in a Jinja traceback that names
neither the page nor a fix, so the template must also exist. The theme's templates are
the site's overrides (`overrides/`, the `custom_dir` of mkdocs.yml) and those of the
installed Material and MkDocs packages, found without importing them.
"""

from __future__ import annotations

import importlib.util
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from ..problems import Problem, quote
from .allowlist import PAGE_TEMPLATES

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
    """A problem for every page whose front matter names a template not in the
    allowlist, or one no theme folder has."""
    dirs = list(template_dirs)
    problems: list[Problem] = []
    for page in sources.pages.values():
        document = page.document
        template = document.value.get("template") if document else None
        if not isinstance(template, str) or not template:
            continue  # a value that is not a name is the schema's to report
        if template not in PAGE_TEMPLATES:
            message = "which pages may not use"
            hint = f"pages may name {', '.join(PAGE_TEMPLATES)}; or remove the template field"
        elif not any((folder / template).is_file() for folder in dirs):
            message, hint = "which the theme does not have", "add it to overrides/, or remove the template field"
        else:
            continue
        line, col = document.locate(("template",))
        problems.append(
            Problem(
                page.source, line, col, f"the page {page.src_uri} names the template {quote(template)}, {message}", hint
            )
        )
    return problems
