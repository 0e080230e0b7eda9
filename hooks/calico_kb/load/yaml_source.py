"""A strict YAML reader that remembers where every value came from.

PyYAML's own loaders accept duplicate keys (last wins), anchors and aliases (which can
explode memory), arbitrary tags, and turn `3.30` into 3.3 and `no` into False without
a word. Contributors write these files by hand, so this module builds values from the
parser's event stream itself (using the fast C parser bundled in PyYAML's wheels when
available), refusing what a data file has no use for, and records the line and
column of every value so that later stages can point at the exact spot.
"""

from __future__ import annotations

import dataclasses
import functools
import re
from collections.abc import Iterable
from typing import Any

import yaml
from yaml import events
from yaml.constructor import SafeConstructor
from yaml.nodes import ScalarNode
from yaml.resolver import Resolver

from ..problems import Problem, line_col

try:  # the C parser is about five times faster and gives the same marks
    from yaml._yaml import CParser as _Parser
except ImportError:  # pragma: no cover - PyYAML wheels ship it
    from yaml.composer import Composer
    from yaml.parser import Parser
    from yaml.reader import Reader
    from yaml.scanner import Scanner

    class _Parser(Reader, Scanner, Parser, Composer):  # type: ignore[no-redef]
        def __init__(self, stream: str):
            Reader.__init__(self, stream)
            Scanner.__init__(self)
            Parser.__init__(self)
            Composer.__init__(self)


MAX_DEPTH = 32
"""Nesting deeper than this is refused instead of risking a RecursionError later."""

Path = tuple[str | int, ...]

_TIMESTAMP = "tag:yaml.org,2002:timestamp"


class _Resolver(Resolver):
    """YAML 1.1 resolution without timestamps: dates stay strings, checked by the schema."""


_Resolver.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != _TIMESTAMP]
    for first, resolvers in Resolver.yaml_implicit_resolvers.items()
}
_CONSTRUCTOR = SafeConstructor()


class _Loader(_Parser, _Resolver):
    """PyYAML's parser and composer (in C when available) with `_Resolver`'s tags."""

    def __init__(self, stream: str):
        _Parser.__init__(self, stream)
        _Resolver.__init__(self)

    def resolve(self, kind: type, value: Any, implicit: tuple[bool, bool]) -> str:
        # Most scalars are text that no implicit resolver could claim: answer at once.
        if kind is ScalarNode and implicit[0] and value[:1] not in _MAY_RESOLVE:
            return _STR
        return super().resolve(kind, value, implicit)


_STR = "tag:yaml.org,2002:str"
_MAY_RESOLVE = frozenset(_Resolver.yaml_implicit_resolvers) | {""}
"""First characters of plain scalars that YAML may read as something other than a string."""
assert None not in _MAY_RESOLVE and not _Resolver.yaml_path_resolvers  # else the shortcut would be wrong

# C0 and C1 controls other than tab and newline, and the Unicode bidirectional
# controls that can make text display differently from what it is (CVE-2021-42574).
FORBIDDEN_CHARACTERS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


@dataclasses.dataclass
class YamlDocument:
    """A parsed YAML mapping and the source position of each of its parts."""

    path: str
    """The file it came from, relative to the project root."""
    value: dict[str, Any]
    """The top-level mapping, built from plain dicts, lists, strings, numbers, booleans."""
    marks: dict[Path, tuple[int, int]]
    """Position (1-based line, column) of each value, by its path from the top."""
    key_marks: dict[Path, tuple[int, int]]
    """Position of the key that introduces each mapping member."""
    plain_scalars: dict[Path, str]
    """Source text of each unquoted scalar, to explain YAML's surprising conversions."""

    def locate(self, path: Path, *, key: bool = False) -> tuple[int, int]:
        """Position of `path`, or of its nearest located ancestor."""
        path = tuple(path)
        while True:
            if key and path in self.key_marks:
                return self.key_marks[path]
            if path in self.marks:
                return self.marks[path]
            if not path:
                return (1, 1)
            path = path[:-1]


class _Reader:
    """One file's problems and positions while its YAML is read."""

    def __init__(self, path: str, line_offset: int, text: str):
        self.path, self.line_offset = path, line_offset
        self.problems: list[Problem] = []
        self.marks: dict[Path, tuple[int, int]] = {}
        self.key_marks: dict[Path, tuple[int, int]] = {}
        self.plain: dict[Path, str] = {}
        self.seen: set[int] | None = set() if _MAY_SHARE_OR_TAG.search(text) else None
        """The nodes walked, when the text may have an alias (the same node twice)."""
        self.may_hide = "\\" in text or FORBIDDEN_CHARACTERS.search(text) is not None
        """Whether a value may hold a forbidden character: written as it is, or as an
        escape of a double-quoted string. Most files have neither: their strings are
        not searched one by one."""

    def sorted_problems(self) -> list[Problem]:
        """In the order of the file (the events and the nodes are read in two passes)."""
        return sorted(self.problems, key=lambda problem: (problem.line, problem.col))

    def at(self, mark: Any) -> tuple[int, int]:
        return (mark.line + 1 + self.line_offset, mark.column + 1)

    def report(self, mark: tuple[int, int], message: str, hint: str | None = None) -> None:
        self.problems.append(Problem(self.path, mark[0], mark[1], message, hint))

    def refuse_shared_and_tagged(self, text: str) -> None:
        """Anchors, aliases and tags, from the parser's events: the composed nodes no
        longer tell an alias from its anchor, nor `!!int 3` from `3`."""
        for event in yaml.parse(text, Loader=_Loader):
            if isinstance(event, events.AliasEvent):
                self.report(
                    self.at(event.start_mark),
                    f"aliases are not allowed here: *{event.anchor}",
                    "write the value out in full instead of referring to an anchor",
                )
            elif isinstance(event, events.NodeEvent):
                self._refuse_anchor_and_tag(event)

    def _refuse_anchor_and_tag(self, event: events.NodeEvent) -> None:
        mark = self.at(event.start_mark)
        if event.anchor is not None:
            self.report(
                mark,
                f"anchors are not allowed here: &{event.anchor}",
                "write each value out in full; data files do not share values",
            )
        if getattr(event, "tag", None) is not None:
            self.report(
                mark,
                f"YAML tags are not allowed here: {_short_tag(event.tag)}",
                "remove the tag; write a plain value and quote strings",
            )

    def value(self, node: yaml.Node, path: Path) -> Any:
        """The plain value of a node, recording positions and refusing what data files
        have no use for."""
        if self.seen is not None:
            if id(node) in self.seen:  # an alias: reported from the events; never walked twice
                return None
            self.seen.add(id(node))
        mark = self.at(node.start_mark)
        self.marks[path] = mark
        if len(path) > MAX_DEPTH:
            raise _TooDeep(mark)
        if isinstance(node, yaml.MappingNode):
            return self._mapping(node, path)
        if isinstance(node, yaml.SequenceNode):
            return [self.value(item, path + (index,)) for index, item in enumerate(node.value)]
        return self._scalar(node, path, mark)

    def _scalar(self, node: yaml.ScalarNode, path: Path, mark: tuple[int, int]) -> Any:
        value = _scalar_value(node)
        if not node.style and not isinstance(value, str):  # plain: None, or "" from the C composer
            self.plain[path] = node.value
        if type(value) is _UnusualInteger:
            self.report(mark, *value.problem())
            value = value.text if value.value is None else value.value
        if self.may_hide and isinstance(value, str):
            _check_characters(value, mark, self.report)
        return value

    def _mapping(self, node: yaml.MappingNode, path: Path) -> dict[str, Any]:
        mapping: dict[str, Any] = {}
        first: dict[str, tuple[int, int]] = {}
        for index, (key_node, value_node) in enumerate(node.value):
            mark = self.at(key_node.start_mark)
            key = self._key(key_node, mark, first, index)
            first.setdefault(key, mark)
            member = (*path, key)
            self.key_marks[member] = mark
            mapping[key] = self.value(value_node, member)
        return mapping

    def _key(self, node: yaml.Node, mark: tuple[int, int], first: dict[str, tuple[int, int]], index: int) -> str:
        """A mapping key (written at `mark`), refusing keys that are not plain strings or repeat."""
        if not isinstance(node, yaml.ScalarNode):
            self.report(mark, "keys must be plain strings, not lists, mappings or aliases")
            return f"\0invalid-key-{index}"
        key = _scalar_value(node)
        if not isinstance(key, str):
            self.report(
                mark,
                f"keys must be strings, but {node.value!r} is read as {_describe(key)}",
                f'quote it: "{node.value}"',
            )
            return f"\0invalid-key-{node.value}"
        if key in first:
            self.report(
                mark,
                f'duplicate key "{key}" (first defined at line {first[key][0]})',
                "YAML keeps only the last value; remove one of them",
            )
        if self.may_hide:
            _check_characters(key, mark, self.report)
        return key


class _TooDeep(Exception):
    def __init__(self, mark: tuple[int, int]):
        super().__init__(mark)
        self.mark = mark


def parse_yaml(text: str, path: str, *, line_offset: int = 0) -> tuple[YamlDocument | None, list[Problem]]:
    """Parse one YAML document that must be a mapping.

    `line_offset` shifts reported lines, for YAML embedded in a larger file (front
    matter). Returns the document (None when it could not be read at all) and every
    problem found. The same text of the same file is parsed once per process: under
    `make serve` a save re-reads every file, but only the changed ones are parsed again
    (nothing changes a document once it is read).
    """
    document, problems = _parse_once(text, path, line_offset)
    return document, list(problems)


def forget_positions(documents: Iterable[YamlDocument | None]) -> None:
    """Let go of where each value of `documents` is written (their `locate` then
    answers 1:1), and of every document kept for a parse of the same text: for a process
    that will report nothing more in them. At 5,000 entries the positions are ~40% of
    what the knowledge base holds."""
    _parse_once.cache_clear()
    for document in documents:
        if document is not None:
            document.marks.clear()
            document.key_marks.clear()
            document.plain_scalars.clear()


@functools.lru_cache(maxsize=1 << 15)
def _parse_once(text: str, path: str, line_offset: int) -> tuple[YamlDocument | None, tuple[Problem, ...]]:
    document, problems = _parse(text, path, line_offset)
    return document, tuple(problems)


def _parse(text: str, path: str, line_offset: int) -> tuple[YamlDocument | None, list[Problem]]:
    reader = _Reader(path, line_offset, text)
    try:
        if _MAY_SHARE_OR_TAG.search(text):
            reader.refuse_shared_and_tagged(text)
        node = _compose(text)
        root = reader.value(node, ()) if node is not None else None
    except _TooDeep as deep:
        reader.report(
            deep.mark, f"nesting is deeper than {MAX_DEPTH} levels", "data files are shallow; check the indentation"
        )
        return None, reader.sorted_problems()
    except yaml.YAMLError as error:
        _read_error(reader, error, text)
        return None, reader.sorted_problems()
    if root is None:
        reader.report((1 + line_offset, 1), "the file is empty", "write a YAML mapping of field: value lines")
        return None, reader.sorted_problems()
    if not isinstance(root, dict):
        kind = "a list" if isinstance(root, list) else f"a single value ({root!r})"
        reader.report(
            reader.marks.get((), (1, 1)), f"the top level must be a mapping of field: value lines, not {kind}"
        )
        return None, reader.sorted_problems()
    return YamlDocument(path, root, reader.marks, reader.key_marks, reader.plain), reader.sorted_problems()


_MAY_SHARE_OR_TAG = re.compile(r"[&*!]")
"""Text without these characters has no anchor, alias or tag: its events need no second look."""


def _compose(text: str) -> yaml.Node | None:
    """The node tree of the one document in `text`, resolved without timestamps."""
    loader = _Loader(text)
    try:
        return loader.get_single_node()
    finally:
        loader.dispose()


def _read_error(reader: _Reader, error: yaml.YAMLError, text: str) -> None:
    """Report why the YAML could not be read, unless the events said so already."""
    undefined_alias = isinstance(error, yaml.composer.ComposerError) and "undefined alias" in (error.problem or "")
    if undefined_alias and reader.problems:
        return  # the alias itself was reported from the events
    if isinstance(error, yaml.composer.ComposerError) and "expected a single document" in (error.context or ""):
        reader.report(
            reader.at(error.problem_mark),
            "a data file holds one YAML document; found a second one",
            "remove the '---' line and what follows, or move it to a file of its own",
        )
    elif isinstance(error, yaml.MarkedYAMLError):
        mark = error.problem_mark or error.context_mark
        misplaced = indentation_problem(text, error, reader.line_offset) if mark is not None else None
        if misplaced is not None:
            line, col, message, hint = misplaced
            reader.report((line, col), message, hint)
            return
        where = reader.at(mark) if mark is not None else (1 + reader.line_offset, 1)
        message = "YAML syntax error: " + " ".join(filter(None, [error.context, error.problem]))
        reader.report(where, message, _syntax_hint(error))
    elif isinstance(error, yaml.reader.ReaderError):  # a character YAML refuses: no mark, but its index
        line, col = line_col(text, error.position)
        reader.report(
            (line + reader.line_offset, col),
            f"the character U+{error.character:04X} is not allowed in YAML ({error.reason})",
            "remove it; such characters can hide what the text really says",
        )
    else:
        reader.report((1 + reader.line_offset, 1), f"YAML error: {error}")


def _scalar_value(node: yaml.ScalarNode) -> Any:
    """A scalar as YAML 1.1 resolves it (without timestamps; see `_Resolver`)."""
    tag = node.tag
    if tag == "tag:yaml.org,2002:null":
        return None
    if tag == "tag:yaml.org,2002:bool":
        return _CONSTRUCTOR.construct_yaml_bool(node)
    if tag == "tag:yaml.org,2002:int":
        if _PLAIN_INTEGER.fullmatch(node.value) and len(node.value) <= MAX_INTEGER_DIGITS:
            return _CONSTRUCTOR.construct_yaml_int(node)
        return _UnusualInteger(node.value, node)
    if tag == "tag:yaml.org,2002:float":
        return _CONSTRUCTOR.construct_yaml_float(node)
    return node.value


MAX_INTEGER_DIGITS = 30
"""Longer numbers are refused: no field counts that high, and Python refuses to read
integers of more than 4,300 digits (a ValueError deep inside PyYAML)."""
_PLAIN_INTEGER = re.compile(r"[-+]?(?:0|[1-9][0-9]*)")


class _UnusualInteger:
    """An integer YAML 1.1 reads from an unusual form: octal `010` (8), sexagesimal
    `1:30` (90), hexadecimal, binary, with `_` separators, or too long to read."""

    def __init__(self, text: str, node: ScalarNode):
        self.text = text
        self.value: int | None = _CONSTRUCTOR.construct_yaml_int(node) if len(text) <= MAX_INTEGER_DIGITS else None

    def problem(self) -> tuple[str, str]:
        if self.value is None:
            return (
                f"a number of {len(self.text):,} characters ({self.text[:20]}…) is too long",
                f"numbers here have at most {MAX_INTEGER_DIGITS} digits",
            )
        digits = self.text.replace("_", "")
        if ":" not in self.text and re.fullmatch(r"[-+]?0[0-7]+", digits):
            plain = digits[0] + digits[1:].lstrip("0") if digits[0] in "+-" else digits.lstrip("0")
            return (
                f"{self.text} is read by YAML 1.1 as the octal number {self.value}",
                f'write the number plainly: {plain}, or quote it if it is text: "{self.text}"',
            )
        form = "sexagesimal (base 60)" if ":" in self.text else "YAML 1.1"
        return (
            f"{self.text} is read as the {form} number {self.value}",
            f'write the number plainly: {self.value}, or quote it if it is text: "{self.text}"',
        )


def _short_tag(tag: str) -> str:
    return "!!" + tag[len("tag:yaml.org,2002:") :] if tag.startswith("tag:yaml.org,2002:") else tag


def _describe(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return f"the boolean {str(value).lower()}"
    if isinstance(value, (int, float)):
        return f"the number {value!r}"
    return repr(value)


def _check_characters(value: str, mark: tuple[int, int], report: Any) -> None:
    found = FORBIDDEN_CHARACTERS.search(value)
    if found:
        report(
            mark,
            f"control or bidirectional character U+{ord(found.group()):04X} in {value!r}",
            "remove it; such characters can hide what the text really says",
        )


_KEY_LINE = re.compile(r"( *)(- +)?([^\s:#'\"\[{][^\s:]*):(?: |$)")
"""A line that starts a mapping member: indentation, an optional list dash, one-word key."""


def indentation_problem(
    text: str, error: yaml.MarkedYAMLError, line_offset: int = 0
) -> tuple[int, int, str, str] | None:
    """A key on the wrong column, said as yamllint says it, with the column to move it to.

    PyYAML reports a key indented by one space too many as "mapping values are not
    allowed" (it reads the line as the continuation of the value above), and a list
    item's key indented too little as "did not find expected '-' indicator". Both are
    one fix: line the key up with its siblings. Returns (line, column, message, hint)
    with lines 1-based and shifted by `line_offset` (front matter), or None when the
    error is not about indentation.
    """
    lines = text.splitlines()
    number = error.problem_mark.line
    if number >= len(lines):
        return None
    found = _KEY_LINE.match(lines[number])
    if found is None or found.group(2):
        return None
    key, actual = found.group(3), len(found.group(1))
    where, sibling = _sibling(lines, number, error.problem or "")
    if sibling is None or sibling.start(3) == actual:
        return None
    expected = sibling.start(3)
    if "mapping values" in (error.problem or "") and (error.problem_mark.column != found.end(3) or actual < expected):
        return None  # a colon inside a value: the quoting hint applies
    move = f"remove {_spaces(actual - expected)}" if actual > expected else f"add {_spaces(expected - actual)}"
    return (
        number + 1 + line_offset,
        actual + 1,
        f"wrong indentation: expected {expected} but found {actual}",
        f'{move} before "{key}:" to line it up with "{sibling.group(3)}:" on line {where + 1 + line_offset}',
    )


def _sibling(lines: list[str], number: int, problem: str) -> tuple[int, re.Match[str] | None]:
    """The line whose key `lines[number]`'s key should line up with, and its index."""
    if "mapping values are not allowed" in problem:
        return _previous_key_line(lines, number)
    if "expected '-' indicator" in problem:
        return _item_start(lines, number)
    return 0, None


def _previous_key_line(lines: list[str], number: int) -> tuple[int, re.Match[str] | None]:
    """The nearest line above `number` with content, and its key if it starts with one."""
    for index in range(number - 1, -1, -1):
        line = lines[index]
        if line.strip() and not line.lstrip().startswith("#"):
            return index, _KEY_LINE.match(line)
    return 0, None


def _item_start(lines: list[str], number: int) -> tuple[int, re.Match[str] | None]:
    """The line that opens the list item `lines[number]` belongs to ("  - title: A")."""
    for index in range(number - 1, -1, -1):
        found = _KEY_LINE.match(lines[index])
        if found is not None and found.group(2):
            return index, found
    return 0, None


def _spaces(count: int) -> str:
    return f"{count} space" if count == 1 else f"{count} spaces"


def _syntax_hint(error: yaml.MarkedYAMLError) -> str | None:
    problem = (error.problem or "") + " " + (error.context or "")
    if "mapping values are not allowed" in problem:
        return "a value that contains ': ' must be quoted"
    if "found character '\\t'" in problem or "tab" in problem:
        return "indent with spaces, not tabs"
    if "could not find expected ':'" in problem:
        return "check the indentation and that every field is written as key: value"
    return None


def describe_scalar(value: Any) -> str:
    """Human words for a non-string scalar, for messages about YAML conversions."""
    return _describe(value)
