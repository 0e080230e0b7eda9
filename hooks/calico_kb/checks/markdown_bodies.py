"""Every Markdown body rendered as the site renders it, read once, and held to the allowlist.

`make check` renders each page's and article's Markdown with the extensions of
mkdocs.yml (Python-Markdown, as MkDocs does), parses the HTML as a browser does
(Lexbor) and reports, at the line of the body that wrote it, whatever the allowlist
(`allowlist`) would not keep: the same judgement the build passes on the page's
content area, before any build.

The same reading (`BodyReading`) gives the body's links and ids: the graph reads its
mentions there, and `page_links` its broken links and anchors. A body is rendered once
per process, however many stages ask, and each reading is kept on disk by the text's
content (`BodyReader`), so a run of `make check` renders only the bodies changed since
the last build or check (rendering is a few milliseconds a page, a knowledge base has
hundreds of articles).

First the body is bounded: Python-Markdown has inputs that cost minutes or a
traceback (thousands of headings, whose ids it makes unique one by one; a long run
of `[`; lists nested a thousand deep). Each limit below is far above what a page
needs, and a body over one is reported, not rendered.
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import markdown
import yaml
from selectolax.lexbor import LexborHTMLParser

from ..cache import cache_root, keep
from ..config import read_config
from ..problems import Problem
from . import allowed_markup, allowlist
from .allowed_markup import element_findings, node_after

if TYPE_CHECKING:
    from ..load.files import Sources

SHIPPED_HTML_EXTENSION = "calico_kb.render.shipped_html"
"""The extension of mkdocs.yml that cleans what ships (render/shipped_html.py)."""

MAX_LINE_LENGTH = 10_000
"""Characters on one line of Markdown (a long paragraph on one line is ~2,000)."""
MAX_HEADINGS = 300
"""Headings on one page (the toc extension's ids cost more for each one before)."""
MAX_BRACKETS = 300
"""`[` in one paragraph (inline parsing looks back over every unmatched one)."""
MAX_INDENT = 64
"""Columns of indentation (16 levels of nested lists or quotes)."""
MAX_QUOTE_DEPTH = 16
"""Nested `>` quotes."""
MAX_ELEMENTS = 10_000
"""HTML elements one body may make."""

_HEADING = re.compile(r"^ {0,3}#{1,6}(?:[ \t]|$)|^ {0,3}(?:=+|-+)[ \t]*$", re.MULTILINE)
_QUOTES = re.compile(rf"^(?:[ \t]*>){{{MAX_QUOTE_DEPTH + 1}}}", re.MULTILINE)


def bound_problems(text: str, source: str, first_line: int) -> list[Problem]:
    """A problem for each limit a body exceeds (at most one a limit), in linear time."""
    problems: list[Problem] = []
    lines = text.split("\n")
    for number, line in enumerate(lines, first_line):
        if len(line) > MAX_LINE_LENGTH:
            problems.append(
                Problem(
                    source,
                    number,
                    1,
                    f"a line of {len(line):,} characters, over the limit of {MAX_LINE_LENGTH:,}",
                    "break it into several lines",
                )
            )
            break
    for number, line in enumerate(lines, first_line):
        stripped = line.expandtabs(4)
        if len(stripped) - len(stripped.lstrip(" ")) > MAX_INDENT:
            problems.append(
                Problem(
                    source,
                    number,
                    1,
                    f"indented more than {MAX_INDENT} columns",
                    "nest lists and quotes at most 16 levels deep",
                )
            )
            break
    quote = _QUOTES.search(text)
    if quote:
        number = first_line + text.count("\n", 0, quote.start())
        problems.append(Problem(source, number, 1, f"quotes nested more than {MAX_QUOTE_DEPTH} deep", None))
    headings = len(_HEADING.findall(text))
    if headings > MAX_HEADINGS:
        problems.append(
            Problem(source, first_line, 1, f"{headings:,} headings, over the limit of {MAX_HEADINGS}", "split the page")
        )
    offset = 0
    for paragraph in text.split("\n\n"):
        if paragraph.count("[") > MAX_BRACKETS:
            number = first_line + text.count("\n", 0, offset)
            problems.append(
                Problem(source, number, 1, f"a paragraph with more than {MAX_BRACKETS} '['", "split the paragraph")
            )
            break
        offset += len(paragraph) + 2
    return problems


def _extensions(config_file: Path) -> tuple[list[Any], dict[str, Any]]:
    """The Markdown extensions of mkdocs.yml, as Python-Markdown takes them."""
    try:
        config = read_config(config_file.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError):
        config = {}  # MkDocs itself reports what is wrong with its configuration
    names, configs = list(_MKDOCS_EXTENSIONS), {}
    for item in config.get("markdown_extensions") or []:
        for name, options in item.items() if isinstance(item, dict) else [(str(item), None)]:
            if name not in names:
                names.append(name)
            if options:
                configs[name] = options
    # What Markdown writes is judged, not what the cleaner of shipped HTML keeps of it.
    return [name for name in names if name != SHIPPED_HTML_EXTENSION], configs


_MKDOCS_EXTENSIONS = ("toc", "tables", "fenced_code")
"""MkDocs renders every page with these, whatever mkdocs.yml lists."""


def renderer(config_file: Path) -> markdown.Markdown:
    """A Python-Markdown with mkdocs.yml's extensions."""
    names, configs = _extensions(config_file)
    return markdown.Markdown(extensions=names, extension_configs=configs)


@dataclasses.dataclass(frozen=True)
class BodyReading:
    """What a Markdown body renders to, as the checks and the graph need it."""

    hrefs: tuple[str, ...]
    """The target of every link, as written, in the order of the text."""
    anchors: frozenset[str]
    """Every id of its elements (headings, `{: #id }`, raw HTML `id`, `<a name>`)."""
    refused: tuple[tuple[str, str, str], ...] = ()
    """What the allowlist would not keep, in the order of the text: (needle to locate it
    in the body, message, hint)."""
    too_many_elements: bool = False
    """True when it renders to more than `MAX_ELEMENTS` elements (then `refused` stops there)."""


def read_body(md: markdown.Markdown, text: str) -> BodyReading:
    """Render a body with `md` and read its links, ids and what the allowlist refuses."""
    md.reset()
    body = LexborHTMLParser(md.convert(text)).body
    if body is None:
        return BodyReading((), frozenset())
    hrefs: list[str] = []
    anchors: set[str] = set()
    refused: list[tuple[str, str, str]] = []
    refused_end: int | None = None  # the first node after a refused element, while in it
    count = 0
    for node in body.traverse(include_text=False):
        tag, attributes = node.tag, node.attributes
        if tag == "-comment" or tag == "body":
            continue
        _read_link_and_anchor(tag, attributes, hrefs, anchors)
        if refused_end is not None:
            if node.mem_id != refused_end:
                continue
            refused_end = None
        count += 1
        if count > MAX_ELEMENTS:
            return BodyReading(tuple(hrefs), frozenset(anchors), tuple(refused), True)
        for finding in element_findings(tag, attributes):
            if finding.refuses_element:
                refused_end = node_after(node) or -1
            refused.append((finding.needle, f"this page would contain {finding.message}", finding.hint))
    return BodyReading(tuple(hrefs), frozenset(anchors), tuple(refused))


def _read_link_and_anchor(tag: str, attributes: dict, hrefs: list[str], anchors: set[str]) -> None:
    if tag == "a" and attributes.get("href") is not None:
        hrefs.append(attributes["href"] or "")
    anchor = attributes.get("id") or (attributes.get("name") if tag == "a" else None)
    if anchor:
        anchors.add(anchor)


class BodyReader:
    """`read_body` with mkdocs.yml's extensions, each reading kept in memory for the
    process and on disk by the text's content (in `folder`, when there is one)."""

    def __init__(self, config_file: Path, folder: Path | None):
        self.markdown = renderer(config_file)
        self.folder = folder
        self.readings: dict[str, BodyReading] = {}
        self._version = json.dumps(
            [3, markdown.__version__, _extensions(config_file), _allowlist_source()], default=str
        )
        """What a reading depends on besides the text: a change makes every kept one unused."""

    def __call__(self, text: str) -> BodyReading:
        found = self.readings.get(text)
        if found is None:
            found = self.readings[text] = self._kept(text)
        return found

    def _kept(self, text: str) -> BodyReading:
        if self.folder is None:
            return read_body(self.markdown, text)
        key = hashlib.sha256((self._version + "\0" + text).encode("utf-8", "surrogatepass")).hexdigest()
        path = self.folder / f"{key}.json"
        try:
            kept = json.loads(path.read_bytes())
            return BodyReading(
                tuple(kept["hrefs"]),
                frozenset(kept["anchors"]),
                tuple(tuple(item) for item in kept["refused"]),
                kept["too_many_elements"],
            )
        except (OSError, ValueError, KeyError, TypeError):
            pass
        found = read_body(self.markdown, text)
        reading = dataclasses.asdict(found) | {"anchors": sorted(found.anchors)}
        keep(path, json.dumps(reading).encode("utf-8"))
        return found


def body_reader(root: Path) -> BodyReader:
    """The reader of a project's bodies: its mkdocs.yml's extensions, its build cache."""
    config_file = root / "mkdocs.yml"
    try:
        changed = config_file.stat().st_mtime_ns
    except OSError:
        changed = 0
    return _reader(config_file, cache_root(root) / "bodies", changed)


@functools.lru_cache(maxsize=8)
def _reader(config_file: Path, folder: Path, changed: int) -> BodyReader:
    """One reader a configuration (as last changed) and folder, for the whole process."""
    return BodyReader(config_file, folder)


@functools.lru_cache(maxsize=1)
def _allowlist_source() -> str:
    """The allowlist's code: a reading's findings change when it does."""
    sources = [Path(module.__file__).read_bytes() for module in (allowlist, allowed_markup)]
    return hashlib.sha256(b"\0".join(sources)).hexdigest()


def body_allowlist_problems(reader: BodyReader, text: str, source: str, first_line: int) -> Iterator[Problem]:
    """What the allowlist refuses in the HTML a body renders to, located in the body."""
    reading = reader(text)
    locator = _Locator(text, first_line)
    for needle, message, hint in reading.refused:
        yield Problem(source, *locator(needle), message, hint)
    if reading.too_many_elements:
        yield Problem(
            source, first_line, 1, f"the page makes more than {MAX_ELEMENTS:,} HTML elements", "split the page"
        )


class _Locator:
    """Where a needle is written in a body, looked for forward from the last one found."""

    def __init__(self, text: str, first_line: int):
        self.text, self.lowered, self.first_line, self.cursor = text, text.lower(), first_line, 0

    def __call__(self, needle: str) -> tuple[int, int]:
        index = self.lowered.find(needle.lower(), self.cursor)
        if index < 0:
            index = self.lowered.find(needle.lower())
        if index < 0:
            return self.first_line, 1
        self.cursor = index
        line = self.text.count("\n", 0, index)
        return self.first_line + line, index - (self.text.rfind("\n", 0, index) + 1) + 1


def markdown_body_problems(sources: Sources, reader: BodyReader) -> list[Problem]:
    """Bounds and allowlist problems of every Markdown page and article."""
    problems: list[Problem] = []
    for item in [*sources.pages.values(), *sources.entries.values()]:
        if item.body is None:
            continue
        bounds = bound_problems(item.body.text, item.source, item.body.first_line)
        problems += bounds
        if not bounds:
            problems += body_allowlist_problems(reader, item.body.text, item.source, item.body.first_line)
    return problems
