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
import re
from typing import Any

import yaml
from yaml import events
from yaml.constructor import SafeConstructor
from yaml.nodes import ScalarNode
from yaml.resolver import Resolver

from ..problems import Problem

try:  # the C parser is about five times faster and gives the same marks
    from yaml import CSafeLoader as _Parser
except ImportError:  # pragma: no cover - PyYAML wheels ship it
    from yaml import SafeLoader as _Parser

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
_RESOLVER = _Resolver()
_MAY_RESOLVE = frozenset(_Resolver.yaml_implicit_resolvers) | {""}
"""First characters of plain scalars that YAML may read as something other than a string."""
assert None not in _MAY_RESOLVE and not _Resolver.yaml_path_resolvers  # else the shortcut would be wrong
_CONSTRUCTOR = SafeConstructor()

# C0 and C1 controls other than tab and newline, and the Unicode bidirectional
# controls that can make text display differently from what it is (CVE-2021-42574).
FORBIDDEN_CHARACTERS = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]"
)


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


class _Frame:
    __slots__ = ("path", "container", "pending_key", "keys")

    def __init__(self, path: Path, container: Any):
        self.path = path
        self.container = container
        self.pending_key: str | None = None
        self.keys: dict[str, tuple[int, int]] = {}


def parse_yaml(text: str, path: str, *, line_offset: int = 0) -> tuple[YamlDocument | None, list[Problem]]:
    """Parse one YAML document that must be a mapping.

    `line_offset` shifts reported lines, for YAML embedded in a larger file (front
    matter). Returns the document (None when it could not be read at all) and every
    problem found.
    """
    problems: list[Problem] = []
    marks: dict[Path, tuple[int, int]] = {}
    key_marks: dict[Path, tuple[int, int]] = {}
    plain: dict[Path, str] = {}

    def at(mark: Any) -> tuple[int, int]:
        return (mark.line + 1 + line_offset, mark.column + 1)

    def report(mark: tuple[int, int], message: str, hint: str | None = None) -> None:
        problems.append(Problem(path, mark[0], mark[1], message, hint))

    parser = _Parser(text)
    stack: list[_Frame] = []
    root: Any = None
    documents = 0
    try:
        while parser.check_event():
            event = parser.get_event()
            if isinstance(event, events.DocumentStartEvent):
                documents += 1
                if documents > 1:
                    report(at(event.start_mark), "a data file holds one YAML document; found a second one",
                           "remove the '---' line and what follows, or move it to a file of its own")
                    break
                continue
            if not isinstance(event, events.NodeEvent):
                if isinstance(event, events.CollectionEndEvent):
                    stack.pop()
                continue
            # A node: scalar, alias, or the start of a mapping or sequence.
            mark = at(event.start_mark)
            if stack:
                frame = stack[-1]
                if isinstance(frame.container, dict) and frame.pending_key is None:
                    if _take_key(event, frame, mark, report, key_marks):
                        # A list or mapping used as a key: read it into a throwaway frame.
                        stack.append(_Frame(frame.path + ("\0key",), {} if isinstance(event, events.MappingStartEvent) else []))
                    continue
                here = frame.path + ((frame.pending_key,) if isinstance(frame.container, dict) else (len(frame.container),))
            else:
                here = ()
            if isinstance(event, events.AliasEvent):
                report(mark, f"aliases are not allowed here: *{event.anchor}",
                       "write the value out in full instead of referring to an anchor")
                value: Any = None
            else:
                if event.anchor is not None:
                    report(mark, f"anchors are not allowed here: &{event.anchor}",
                           "write each value out in full; data files do not share values")
                if event.tag is not None:
                    report(mark, f"YAML tags are not allowed here: {_short_tag(event.tag)}",
                           "remove the tag; write a plain value and quote strings")
                if len(here) > MAX_DEPTH:
                    report(mark, f"nesting is deeper than {MAX_DEPTH} levels",
                           "data files are shallow; check the indentation")
                    return None, problems
                if isinstance(event, events.ScalarEvent):
                    value = _scalar(event)
                    if event.implicit[0] and not isinstance(value, str):
                        plain[here] = event.value
                    if type(value) is _UnusualInteger:
                        report(mark, *value.problem())
                        value = value.text if value.value is None else value.value
                    if isinstance(value, str):
                        _check_characters(value, mark, report)
                elif isinstance(event, events.MappingStartEvent):
                    value = {}
                else:
                    value = []
            marks[here] = mark
            if stack:
                frame = stack[-1]
                if isinstance(frame.container, dict):
                    frame.container[frame.pending_key] = value
                    frame.pending_key = None
                else:
                    frame.container.append(value)
            else:
                root = value
            if isinstance(event, events.CollectionStartEvent):
                stack.append(_Frame(here, value))
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        where = at(mark) if mark is not None else (1, 1)
        message = "YAML syntax error: " + " ".join(filter(None, [error.context, error.problem]))
        report(where, message, _syntax_hint(error))
        return None, problems
    except yaml.reader.ReaderError as error:  # a character YAML refuses: no mark object, but its index
        line, col = _line_col(text, error.position)
        report((line + line_offset, col), f"the character U+{error.character:04X} is not allowed in YAML "
               f"({error.reason})", "remove it; such characters can hide what the text really says")
        return None, problems
    except yaml.YAMLError as error:
        report((1 + line_offset, 1), f"YAML error: {error}")
        return None, problems

    if documents == 0 or root is None:
        report((1 + line_offset, 1), "the file is empty", "write a YAML mapping of field: value lines")
        return None, problems
    if not isinstance(root, dict):
        kind = "a list" if isinstance(root, list) else f"a single value ({root!r})"
        report(marks.get((), (1, 1)), f"the top level must be a mapping of field: value lines, not {kind}")
        return None, problems
    return YamlDocument(path, root, marks, key_marks, plain), problems


def _take_key(event: Any, frame: _Frame, mark: tuple[int, int], report: Any, key_marks: dict) -> bool:
    """Record a mapping key, refusing keys that are not plain strings or repeat.

    Returns True when the key is a collection whose events must be read and dropped.
    """
    if not isinstance(event, events.ScalarEvent):
        report(mark, "keys must be plain strings, not lists, mappings or aliases")
        frame.pending_key = f"\0invalid-key-{len(frame.keys)}"
        return isinstance(event, events.CollectionStartEvent)
    key = _scalar(event)
    if not isinstance(key, str) or event.tag is not None or event.anchor is not None:
        report(mark, f"keys must be strings, but {event.value!r} is read as {_describe(key)}",
               f'quote it: "{event.value}"')
        key = f"\0invalid-key-{event.value}"
    else:
        if key in frame.keys:
            line, _ = frame.keys[key]
            report(mark, f'duplicate key "{key}" (first defined at line {line})',
                   "YAML keeps only the last value; remove one of them")
        _check_characters(key, mark, report)
    frame.keys[key] = mark
    frame.pending_key = key
    key_marks[frame.path + (key,)] = mark
    return False


def _scalar(event: events.ScalarEvent) -> Any:
    """Build a scalar the way YAML 1.1 resolves it (without timestamps)."""
    if event.tag is not None or not event.implicit[0]:  # tagged or quoted
        return event.value
    if event.value[:1] not in _MAY_RESOLVE:  # no implicit resolver starts with it: a string
        return event.value
    tag = _RESOLVER.resolve(ScalarNode, event.value, event.implicit)
    node = ScalarNode(tag, event.value)
    if tag == "tag:yaml.org,2002:null":
        return None
    if tag == "tag:yaml.org,2002:bool":
        return _CONSTRUCTOR.construct_yaml_bool(node)
    if tag == "tag:yaml.org,2002:int":
        if _PLAIN_INTEGER.fullmatch(event.value) and len(event.value) <= MAX_INTEGER_DIGITS:
            return _CONSTRUCTOR.construct_yaml_int(node)
        return _UnusualInteger(event.value, node)
    if tag == "tag:yaml.org,2002:float":
        return _CONSTRUCTOR.construct_yaml_float(node)
    return event.value


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
            return (f"a number of {len(self.text):,} characters ({self.text[:20]}…) is too long",
                    f"numbers here have at most {MAX_INTEGER_DIGITS} digits")
        digits = self.text.replace("_", "")
        if ":" not in self.text and re.fullmatch(r"[-+]?0[0-7]+", digits):
            plain = digits[0] + digits[1:].lstrip("0") if digits[0] in "+-" else digits.lstrip("0")
            return (f"{self.text} is read by YAML 1.1 as the octal number {self.value}",
                    f'write the number plainly: {plain}, or quote it if it is text: "{self.text}"')
        form = "sexagesimal (base 60)" if ":" in self.text else "YAML 1.1"
        return (f"{self.text} is read as the {form} number {self.value}",
                f'write the number plainly: {self.value}, or quote it if it is text: "{self.text}"')


def _line_col(text: str, index: int) -> tuple[int, int]:
    """1-based line and column of `text[index]`."""
    return text.count("\n", 0, index) + 1, index - (text.rfind("\n", 0, index) + 1) + 1


def _short_tag(tag: str) -> str:
    return "!!" + tag[len("tag:yaml.org,2002:"):] if tag.startswith("tag:yaml.org,2002:") else tag


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
        report(mark, f"control or bidirectional character U+{ord(found.group()):04X} in {value!r}",
               "remove it; such characters can hide what the text really says")


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
