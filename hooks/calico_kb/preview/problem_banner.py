"""The preview's problem banner: the knowledge base's problems, shown in the page.

Under `make serve` a problem no longer stops the build (see `preview`), so the
contributor must learn about it where they are looking: in the browser. Every page
carries this banner: the page of a file with problems lists all of that file's
problems, and every page lists the others, each as `path:line:col: message (hint)`
with a link to the file's page and its edit link.

Problems quote contributors' text, which may hold markup, so every value is
HTML-escaped here. The banner is plain markup (no script, no event handler), so it
passes the same HTML checks as the rest of the page.
"""

from __future__ import annotations

import dataclasses
import posixpath
from collections.abc import Callable, Iterable

from markupsafe import Markup, escape

from ..problems import Problem

SHOWN_ELSEWHERE = 20
"""Problems of other files listed on a page; the rest are counted."""


@dataclasses.dataclass(frozen=True)
class ProblemFile:
    """A file with problems, as the banner shows it."""

    source: str
    """The file, relative to the project root."""
    problems: tuple[Problem, ...]
    url: str | None
    """The site URL of the page made from it ("people/jane-doe/"), if there is one."""
    draft: bool
    """True when its only problems are unfilled placeholders (a new entry from `make new`)."""


def edit_link(repo_url: str | None, edit_uri: str | None) -> Callable[[str], str | None]:
    """The edit address of a project file, as MkDocs makes it for docs/ pages.

    `edit_uri` is relative to `repo_url` and names docs/; other files are beside it.
    """
    if not repo_url or not edit_uri:
        return lambda source: None
    base = repo_url.rstrip("/") + "/" + edit_uri.strip("/")
    base = posixpath.dirname(base) if base.endswith("/docs") else base
    return lambda source: f"{base}/{source}"


def problem_files(problems: Iterable[Problem], urls: dict[str, str], drafts: set[str]) -> list[ProblemFile]:
    """Problems grouped by file, files in path order, each file's in line order."""
    by_file: dict[str, list[Problem]] = {}
    for problem in sorted(set(problems)):
        by_file.setdefault(problem.path, []).append(problem)
    return [ProblemFile(source, tuple(found), urls.get(source), source in drafts) for source, found in by_file.items()]


def banner_html(
    files: list[ProblemFile], page_url: str, page_source: str | None, edit: Callable[[str], str | None]
) -> str:
    """The banner for the page at `page_url` (made from `page_source`), or "" without problems."""
    if not files:
        return ""
    own = [f for f in files if f.source == page_source]
    others = [f for f in files if f.source != page_source]
    parts = ['<div class="kb-preview-problems" role="alert">']
    for file in own:
        parts.append(_own_block(file, edit))
    if others:
        parts.append(_summary_block(others, page_url, edit, after_own=bool(own)))
    parts.append("</div>")
    return "\n".join(parts)


def _own_block(file: ProblemFile, edit: Callable[[str], str | None]) -> str:
    count = len(file.problems)
    if file.draft:
        title = f"Draft: {count} placeholder{'s' if count != 1 else ''} to fill in"
        note = (
            "This entry is a draft from <code>make new</code>: the preview shows this notice instead of its page "
            "until every placeholder is filled in. <code>make check</code>, <code>make build</code> and CI refuse it."
        )
    else:
        title = f"This page's file has {count} problem{'s' if count != 1 else ''}"
        note = (
            "The preview shows this notice instead of the page until they are fixed. "
            "<code>make check</code>, <code>make build</code> and CI refuse them."
        )
    items = "".join(f"<li>{_problem_line(p)}</li>" for p in file.problems)
    links = _file_links(file, None, edit)
    return (
        f'<div class="admonition {"warning" if file.draft else "failure"}">'
        f'<p class="admonition-title">{escape(title)}</p>'
        f"<p>{note}</p><p><code>{escape(file.source)}</code>{links}</p><ul>{items}</ul></div>"
    )


def _summary_block(files: list[ProblemFile], page_url: str, edit: Callable[[str], str | None], after_own: bool) -> str:
    count = sum(len(f.problems) for f in files)
    where = f"{len(files)} file{'s' if len(files) != 1 else ''}"
    title = (
        f"{'Elsewhere, the' if after_own else 'The'} preview has {count} problem{'s' if count != 1 else ''} in {where}"
    )
    items, shown = [], 0
    for file in files:
        lines = []
        for problem in file.problems:
            if shown == SHOWN_ELSEWHERE:
                break
            lines.append(f"<li>{_problem_line(problem)}</li>")
            shown += 1
        if not lines:
            break
        kind = " (draft)" if file.draft else ""
        items.append(
            f"<li><code>{escape(file.source)}</code>{escape(kind)}{_file_links(file, page_url, edit)}"
            f"<ul>{''.join(lines)}</ul></li>"
        )
    more = f"<p>and {count - shown} more: run <code>make check</code> for the whole list.</p>" if shown < count else ""
    return (
        f'<div class="admonition failure"><p class="admonition-title">{escape(title)}</p>'
        "<p>Pages made from these files show a notice instead of their content until they are fixed; "
        "<code>make check</code>, <code>make build</code> and CI refuse them.</p>"
        f"<ul>{''.join(items)}</ul>{more}</div>"
    )


def _problem_line(problem: Problem) -> Markup:
    return Markup("<code>{}</code>").format(str(problem))


def _file_links(file: ProblemFile, page_url: str | None, edit: Callable[[str], str | None]) -> str:
    links = []
    if page_url is not None and file.url is not None:
        links.append(Markup('<a href="{}">its page</a>').format(relative_url(file.url, page_url)))
    address = edit(file.source)
    if address:
        links.append(Markup('<a href="{}">edit the file</a>').format(address))
    return (" · " + " · ".join(links)) if links else ""


def relative_url(target: str, here: str) -> str:
    """The link from the page at site URL `here` ("a/b/") to `target` ("c/d/")."""
    start = posixpath.dirname("/" + here) if not here.endswith("/") else "/" + here
    link = posixpath.relpath("/" + target, start)
    return link + "/" if target.endswith("/") and not link.endswith("/") else link
