"""Loading: read data files and Markdown pages into entries, refusing bad input.

This stage knows about files and bytes: sizes, encodings, file names, YAML syntax
and front matter delimiters. What the values mean is for `validate`.
"""
from __future__ import annotations

import dataclasses
import os
import re
from pathlib import Path
from typing import Any

from ..schema.catalog import Catalog
from ..problems import Problem
from .yaml_source import YamlDocument, parse_yaml

MAX_FILE_BYTES = 256 * 1024
"""Larger data files are refused: an entry is a page, not a data dump."""

SLUG = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
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

    @property
    def key(self) -> str:
        """`collection/slug`: how entries refer to each other."""
        return f"{self.collection}/{self.slug}"

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

    @property
    def src_uri(self) -> str:
        """The page's path inside the docs directory, real or generated."""
        return f"{self.collection}/{self.slug}.md"


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


def read_text(path: Path, source: str, problems: list[Problem]) -> str | None:
    """The file's text, or None after reporting why it cannot be used."""
    try:
        raw = path.read_bytes()
    except OSError as error:
        problems.append(Problem(source, 1, 1, f"cannot read the file: {error.strerror}"))
        return None
    if len(raw) > MAX_FILE_BYTES:
        problems.append(Problem(source, 1, 1, f"the file is {len(raw):,} bytes, over the limit of {MAX_FILE_BYTES:,}",
                                "split it into several entries"))
        return None
    try:
        # A byte-order mark is dropped, as MkDocs drops it before reading front matter.
        return raw.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError as error:
        before = raw[: error.start]
        line = before.count(b"\n") + 1
        col = len(before) - (before.rfind(b"\n") + 1) + 1
        problems.append(Problem(source, line, col, f"the byte {raw[error.start]:#04x} is not valid UTF-8",
                                "save the file as UTF-8"))
        return None


def split_front_matter(text: str) -> tuple[str | None, int, str, str | None]:
    """Split Markdown into (front matter YAML, its first line number, body, problem).

    Front matter starts with `---` on the first line and ends at the next `---` or
    `...` line, as MkDocs reads it.
    """
    lines = text.splitlines(keepends=True)
    if not lines or lines[0].rstrip("\r\n").rstrip() != "---":
        return None, 0, text, None
    for index in range(1, len(lines)):
        if _FRONT_MATTER_FENCE.match(lines[index].rstrip("\r\n")):
            return "".join(lines[1:index]), 1, "".join(lines[index + 1 :]), None
    return None, 0, text, "front matter starts with '---' on line 1 but has no closing '---' line"


def load_sources(catalog: Catalog, data_dir: Path, docs_dir: Path, root: Path) -> tuple[Sources, list[Problem]]:
    """Load every data file and every Markdown page, collecting all problems."""
    problems: list[Problem] = []
    entries: dict[str, Entry] = {}
    pages: dict[str, MarkdownPage] = {}

    def rel(path: Path) -> str:
        return path.relative_to(root).as_posix()

    yaml_collections = {name for name, c in catalog.collections.items() if not c.from_markdown}
    try:
        data_prefix: str | None = rel(data_dir) + "/" if data_dir != root else ""
    except ValueError:  # data outside the root: rel() will say so for the first file
        data_prefix = None
    for parts, path in _files_under(data_dir) if data_dir.is_dir() else []:
        # Strings, not pathlib, for the names: this loop runs for every data file.
        name = parts[-1]
        if name.startswith("."):
            continue
        source = data_prefix + "/".join(parts) if data_prefix is not None else rel(path)
        collection = parts[0] if len(parts) == 2 else None
        if collection not in yaml_collections:
            known = ", ".join(sorted(yaml_collections))
            problems.append(Problem(source, 1, 1, f"{source!r} is not in a collection directory",
                                    f"data files go in data/<collection>/<slug>.yaml, where collection is one of: {known}"))
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

    for path in sorted(docs_dir.rglob("*.md")) if docs_dir.is_dir() else []:
        source = rel(path)
        src_uri = path.relative_to(docs_dir).as_posix()
        collection = src_uri.split("/", 1)[0] if "/" in src_uri else None
        if collection in catalog and catalog[collection].from_markdown and path.name != "index.md":
            if src_uri.count("/") != 1:
                problems.append(Problem(source, 1, 1, f"articles live directly in docs/{collection}/, not in a subfolder"))
                continue
            entry = _load_entry(collection, path.stem, path, source, problems, markdown=True)
            if entry:
                entries[entry.key] = entry
            continue
        text = read_text(path, source, problems)
        if text is None:
            continue
        document, body = _front_matter(text, source, problems, required=False)
        pages[src_uri] = MarkdownPage(src_uri, source, document, body)
    static = [parts for parts, _ in _files_under(docs_dir)] if docs_dir.is_dir() else []
    static_files = ["/".join(parts) for parts in static if not parts[-1].endswith(".md")]
    return Sources(entries, pages, static_files), problems


def _files_under(directory: Path) -> list[tuple[tuple[str, ...], Path]]:
    """Every file under `directory` as (its path's parts below `directory`, its path), in
    the order and with the choices of `sorted(directory.rglob("*"))` without folders:
    linked folders are not entered, unreadable ones are skipped."""
    found: list[tuple[tuple[str, ...], str]] = []

    def walk(folder: str, parts: tuple[str, ...]) -> None:
        try:
            with os.scandir(folder) as listing:
                items = list(listing)
        except PermissionError:
            return
        for item in items:
            here = parts + (item.name,)
            try:
                is_dir = item.is_dir()
            except OSError:
                is_dir = False
            if not is_dir:
                found.append((here, item.path))
            elif not item.is_symlink():
                walk(item.path, here)

    walk(str(directory), ())
    found.sort()
    return [(parts, Path(path)) for parts, path in found]


def _load_entry(collection: str, slug: str, path: Path, source: str, problems: list[Problem], *, markdown: bool) -> Entry | None:
    if not SLUG.match(slug):
        problems.append(Problem(source, 1, 1, f"the file name {slug!r} is not a slug",
                                f"rename it to {suggest_slug(slug)!r}: lower-case letters, digits and single hyphens"))
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


def _front_matter(text: str, source: str, problems: list[Problem], *, required: bool) -> tuple[YamlDocument | None, MarkdownBody]:
    yaml_text, first_line, body, problem = split_front_matter(text)
    if problem:
        problems.append(Problem(source, 1, 1, problem, "close it with a line of three hyphens"))
        return None, MarkdownBody(text, 1)
    if yaml_text is None:
        if required:
            problems.append(Problem(source, 1, 1, "this page needs front matter",
                                    "start the file with a '---' line, the fields, and another '---' line"))
        return None, MarkdownBody(text, 1)
    document, found = parse_yaml(yaml_text, source, line_offset=first_line)
    problems.extend(found)
    return document, MarkdownBody(body, first_line + yaml_text.count("\n") + 2)


def suggest_slug(name: str) -> str:
    """A slug close to `name`, for hints."""
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-") or "entry"
