"""Loading: read data files and Markdown pages into entries, refusing bad input.

This stage knows about files and bytes: sizes, encodings, file names, YAML syntax
and front matter delimiters. What the values mean is for `validate`.
"""

from __future__ import annotations

import dataclasses
import functools
import re
from pathlib import Path
from typing import Any

from .. import paths
from ..problems import Problem, line_col
from ..schema.catalog import Catalog
from .walk import files_under, link_problems
from .yaml_source import YamlDocument, parse_yaml

MAX_FILE_BYTES = 256 * 1024
"""Larger data files are refused: an entry is a page, not a data dump."""

SLUG = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
# C0 controls but tab, line feed, form feed and carriage return, and DEL: no text file needs them.
_CONTROL_CHARACTER = re.compile("[\x00-\x08\x0b\x0e-\x1f\x7f]")
_FRONT_MATTER_FENCE = re.compile(r"^(-{3}|\.{3})[ \t]*$")


@dataclasses.dataclass
class Entry:
    """One item of a collection: a YAML data file or a Markdown article."""

    collection: str
    slug: str
    source: str
    """Its file, relative to the project root."""
    document: YamlDocument
    """The data (for articles, the front matter) and where each value came from."""
    body: MarkdownBody | None = None
    """For articles, the Markdown after the front matter."""

    @functools.cached_property
    def key(self) -> str:
        """`collection/slug`: how entries refer to each other. (Made once: the render
        asks for it a quarter of a million times at 5,000 entries. Not so the values
        read from `data`, which the preview notes as each page reads them.)"""
        return paths.entry_key(self.collection, self.slug)

    @property
    def data(self) -> dict[str, Any]:
        return self.document.value

    @property
    def title(self) -> str:
        return str(self.data.get("title") or self.data.get("name") or self.slug)

    @property
    def date(self) -> str:
        """Sortable date text ("" when unknown): full dates sort after their year."""
        if "date" in self.data and isinstance(self.data["date"], str):
            return self.data["date"]
        if isinstance(self.data.get("year"), int):
            return str(self.data["year"])
        return ""

    @property
    def year(self) -> str:
        """The year of `date`, "" when unknown."""
        return self.date[:4]

    @functools.cached_property
    def src_uri(self) -> str:
        """The page's path inside the docs directory, real or generated (made once)."""
        return paths.entry_page(self.collection, self.slug)


@dataclasses.dataclass(frozen=True)
class MarkdownBody:
    """The Markdown of a page after its front matter."""

    text: str
    first_line: int
    """The line of the file on which `text` starts."""


@dataclasses.dataclass
class MarkdownPage:
    """A hand-written Markdown page under docs/ that is not an article."""

    src_uri: str
    source: str
    document: YamlDocument | None
    """Its front matter, when it has some."""
    body: MarkdownBody


@dataclasses.dataclass
class Sources:
    """Everything loaded from a project: entries by key, and the other pages."""

    entries: dict[str, Entry]
    pages: dict[str, MarkdownPage]
    static_files: list[str] = dataclasses.field(default_factory=list)
    """Every other file of docs/ (styles, scripts, images), by its path there: MkDocs
    copies them into the site as they are."""
    failed: dict[str, str] = dataclasses.field(default_factory=dict)
    """Keys of entries whose file exists but could not be loaded (unreadable, a YAML
    syntax error), with that file: references to them are not unknown, their own
    problem says what to fix."""


def read_text(path: Path, source: str, problems: list[Problem]) -> str | None:
    """The file's text, or None after reporting why it cannot be used."""
    try:
        raw = path.read_bytes()
    except OSError as error:
        problems.append(Problem(source, 1, 1, f"cannot read the file: {error.strerror}"))
        return None
    if len(raw) > MAX_FILE_BYTES:
        problems.append(
            Problem(
                source,
                1,
                1,
                f"the file is {len(raw):,} bytes, over the limit of {MAX_FILE_BYTES:,}",
                "split it into several entries",
            )
        )
        return None
    try:
        # A byte-order mark is dropped, as MkDocs drops it before reading front matter.
        text = raw.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError as error:
        before = raw[: error.start]
        line = before.count(b"\n") + 1
        col = len(before) - (before.rfind(b"\n") + 1) + 1
        problems.append(
            Problem(source, line, col, f"the byte {raw[error.start]:#04x} is not valid UTF-8", "save the file as UTF-8")
        )
        return None
    control = _CONTROL_CHARACTER.search(text)
    if control:
        index = control.start()
        line, col = line_col(text, index)
        problems.append(
            Problem(
                source,
                line,
                col,
                f"the control character U+{ord(control.group()):04X} is not allowed",
                "remove it; such characters can hide what the text really says",
            )
        )
        return None
    return text


def split_front_matter(text: str) -> tuple[str | None, int, str, str | None]:
    """Split Markdown into (front matter YAML, its first line number, body, problem).

    Front matter starts with `---` on the first line and ends at the next `---` or
    `...` line, as MkDocs reads it (`mkdocs.utils.meta`: only spaces and tabs may
    follow the fences; lines end at "\n", "\r\n" or "\r", as its reader reads them).
    A first line that only looks like a fence, say `---` and a no-break space, is a
    problem: MkDocs would print the front matter as page text.
    """
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    if lines[0].rstrip(" \t") != "---":
        if lines[0].rstrip() == "---":  # e.g. a no-break space after the fence
            return (
                None,
                0,
                text,
                (
                    f"line 1 {lines[0]!r} looks like the start of front matter, but MkDocs reads it "
                    "as text: only spaces may follow '---'"
                ),
            )
        return None, 0, text, None
    for index in range(1, len(lines)):
        if _FRONT_MATTER_FENCE.match(lines[index]):
            return "\n".join(lines[1:index]) + "\n", 1, "\n".join(lines[index + 1 :]), None
    return None, 0, text, "front matter starts with '---' on line 1 but has no closing '---' line"


MARKDOWN_SUFFIXES = (".markdown", ".mdown", ".mkdn", ".mkd")
"""Suffixes MkDocs renders as Markdown besides .md (mkdocs.utils.markdown_extensions)."""


def load_sources(catalog: Catalog, data_dir: Path, docs_dir: Path, root: Path) -> tuple[Sources, list[Problem]]:
    """Load every data file and every Markdown page, collecting all problems."""
    problems: list[Problem] = []
    entries = _load_data_files(catalog, data_dir, root, problems)
    pages: dict[str, MarkdownPage] = {}
    static: list[str] = []
    found, walk_problems = files_under(docs_dir, root) if docs_dir.is_dir() or docs_dir.is_symlink() else ([], [])
    problems += walk_problems + link_problems(root)
    docs_prefix = _relative(docs_dir, root)
    for parts, path in found:
        src_uri = "/".join(parts)
        source = docs_prefix + src_uri
        if not src_uri.endswith(".md"):
            if src_uri.lower().endswith(MARKDOWN_SUFFIXES):
                problems.append(
                    Problem(
                        source,
                        1,
                        1,
                        f"MkDocs renders {parts[-1]!r} as a page, but the knowledge base reads only .md files",
                        f"rename it to {parts[-1].rsplit('.', 1)[0]}.md",
                    )
                )
            else:
                static.append(src_uri)
            continue
        collection = parts[0] if len(parts) > 1 else None
        if collection in catalog and catalog[collection].from_markdown and parts[-1] != "index.md":
            if len(parts) != 2:
                problems.append(
                    Problem(source, 1, 1, f"articles live directly in docs/{collection}/, not in a subfolder")
                )
                continue
            entry = _load_entry(collection, parts[-1].removesuffix(".md"), path, source, problems, markdown=True)
            if entry:
                entries[entry.key] = entry
            continue
        text = read_text(path, source, problems)
        if text is None:
            continue
        document, body = _front_matter(text, source, problems, required=False)
        pages[src_uri] = MarkdownPage(src_uri, source, document, body)
    failed = _failed_entries(catalog, entries, problems, _relative(data_dir, root), docs_prefix)
    return Sources(entries, pages, static, failed), problems


def _failed_entries(
    catalog: Catalog, entries: dict[str, Entry], problems: list[Problem], data_prefix: str, docs_prefix: str
) -> dict[str, str]:
    """The entries whose file is there (it has a problem) but did not load, by key."""
    failed = {}
    for problem in problems:
        for prefix, suffix, markdown in ((data_prefix, ".yaml", False), (docs_prefix, ".md", True)):
            parts = problem.path[len(prefix) :].split("/") if problem.path.startswith(prefix) else []
            if len(parts) != 2 or not parts[1].endswith(suffix) or parts[0] not in catalog:
                continue
            collection, slug = parts[0], parts[1].removesuffix(suffix)
            key = f"{collection}/{slug}"
            if catalog[collection].from_markdown == markdown and SLUG.match(slug) and key not in entries:
                failed[key] = problem.path
    return failed


def _relative(directory: Path, root: Path) -> str:
    """`directory` relative to the root, as a prefix of file paths: "data/", or "" for the root."""
    try:
        relative = directory.relative_to(root).as_posix()
    except ValueError:
        return directory.as_posix() + "/"
    return "" if relative == "." else relative + "/"


def _load_data_files(catalog: Catalog, data_dir: Path, root: Path, problems: list[Problem]) -> dict[str, Entry]:
    entries: dict[str, Entry] = {}
    yaml_collections = {name for name, c in catalog.collections.items() if not c.from_markdown}
    found, walk_problems = files_under(data_dir, root) if data_dir.is_dir() or data_dir.is_symlink() else ([], [])
    problems += walk_problems
    data_prefix = _relative(data_dir, root)
    for parts, path in found:
        # Strings, not pathlib, for the names: this loop runs for every data file.
        name = parts[-1]
        if name.startswith("."):
            continue
        source = data_prefix + "/".join(parts)
        collection = parts[0] if len(parts) == 2 else None
        if collection not in yaml_collections:
            known = ", ".join(sorted(yaml_collections))
            problems.append(
                Problem(
                    source,
                    1,
                    1,
                    f"{source!r} is not in a collection directory",
                    f"data files go in data/<collection>/<slug>.yaml, where collection is one of: {known}",
                )
            )
            continue
        dot = name.rfind(".")
        suffix, stem = (name[dot:], name[:dot]) if 0 < dot < len(name) - 1 else ("", name)  # as Path.suffix, Path.stem
        if suffix != ".yaml":
            hint = "rename it to .yaml" if suffix == ".yml" else "data files end in .yaml"
            problems.append(Problem(source, 1, 1, f"{name!r} is not a .yaml file", hint))
            continue
        entry = _load_entry(collection, stem, path, source, problems, markdown=False)
        if entry:
            entries[entry.key] = entry
    return entries


def _load_entry(
    collection: str, slug: str, path: Path, source: str, problems: list[Problem], *, markdown: bool
) -> Entry | None:
    if not SLUG.match(slug):
        problems.append(
            Problem(
                source,
                1,
                1,
                f"the file name {slug!r} is not a slug",
                f"rename it to {suggest_slug(slug)!r}: lower-case letters, digits and single hyphens",
            )
        )
        return None
    text = read_text(path, source, problems)
    if text is None:
        return None
    body = None
    if markdown:
        document, body = _front_matter(text, source, problems, required=True)
    else:
        document, found = parse_yaml(text, source)
        problems.extend(found)
    return Entry(collection, slug, source, document, body) if document else None


def _front_matter(
    text: str, source: str, problems: list[Problem], *, required: bool
) -> tuple[YamlDocument | None, MarkdownBody]:
    yaml_text, first_line, body, problem = split_front_matter(text)
    if problem:
        hint = "close it with a line of three hyphens" if "closing" in problem else "write exactly '---' on line 1"
        problems.append(Problem(source, 1, 1, problem, hint))
        return None, MarkdownBody(text, 1)
    if yaml_text is None:
        if required:
            problems.append(
                Problem(
                    source,
                    1,
                    1,
                    "this page needs front matter",
                    "start the file with a '---' line, the fields, and another '---' line",
                )
            )
        return None, MarkdownBody(text, 1)
    document, found = parse_yaml(yaml_text, source, line_offset=first_line)
    problems.extend(found)
    return document, MarkdownBody(body, first_line + yaml_text.count("\n") + 2)


def suggest_slug(name: str) -> str:
    """A slug close to `name`, for hints."""
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-") or "entry"
