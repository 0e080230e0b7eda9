"""Every text value of every data file and front matter, held to what every output can carry.

A value reaches HTML, XML feeds and the sitemap, the JSON search index and feeds, and
the social card drawn for its page. Each output has characters it cannot carry: XML 1.0
has no C0 controls but tab and line breaks, no surrogates and no U+FFFE/U+FFFF, and a
feed with one is refused by every reader. YAML's escapes (`"\\uFFFE"`) write any of
them in a file that is itself clean, so the values are checked after YAML read them,
at their line. A title or name must show something (not only spaces or zero-width
spaces), and every value is bounded: a 120,000-character name is no name, and drawing
it on a social card is a Pillow decompression-bomb error. A number must be finite:
JSON has no NaN or Infinity, and one in the search index breaks search on every page.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterator
from typing import TYPE_CHECKING

from ..problems import Problem, quote

if TYPE_CHECKING:
    from ..load.files import Sources
    from ..load.yaml_source import YamlDocument

MAX_VALUE_LENGTH = 20_000
"""Characters in one text value (a long summary is ~2,000)."""
MAX_TITLE_LENGTH = 300
"""Characters in a title or name (the longest real one is under 150)."""
TITLE_FIELDS = frozenset({"title", "name"})
"""Top-level fields that name their page: they need a visible character."""

_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
# Spaces, zero-width characters, the byte-order mark and other characters that show nothing.
_INVISIBLE = re.compile(r"[\s\u00ad\u034f\u115f\u1160\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u3164\ufeff]*")


def value_problems(document: YamlDocument) -> Iterator[Problem]:
    """Problems of every text value of one document (data file or front matter)."""
    for path, message, hint in _problems(document.value, ()):
        line, col = document.locate(path)
        yield Problem(document.path, line, col, message, hint)


def _problems(container: dict | list, path: tuple) -> Iterator[tuple[tuple, str, str | None]]:
    """The path, message and hint of each text value of `container` (at `path`) with a
    problem, in the order they are written. The check reads every value of every file:
    a value's path is made only when it has a problem."""
    for key, item in container.items() if isinstance(container, dict) else enumerate(container):
        if isinstance(item, (dict, list)):
            yield from _problems(item, (*path, key))
        elif isinstance(item, (str, float)):
            message, hint = _problem(path, key, item)
            if message:
                yield (*path, key), message, hint


def _problem(parent: tuple, key: str | int, value: str | float) -> tuple[str | None, str | None]:
    """What is wrong with `value`, at `key` of the container at `parent`."""
    if isinstance(value, float):
        if math.isfinite(value):
            return None, None
        return f"{_field((*parent, key))}: {value} is not a number JSON can carry", "write a finite number"
    bad = _NOT_XML.search(value)
    if bad:
        return (
            f"{_field((*parent, key))}: the character U+{ord(bad.group()):04X} cannot be carried by the site's "
            "feeds and sitemap (XML)",
            "remove it (YAML escapes such as \\u or \\x write it)",
        )
    titled = not parent and key in TITLE_FIELDS
    limit = MAX_TITLE_LENGTH if titled else MAX_VALUE_LENGTH
    if len(value) > limit:
        return f"{_field((*parent, key))}: {len(value):,} characters, over the limit of {limit:,}", "shorten it"
    if titled and _INVISIBLE.fullmatch(value):
        shown = quote(value.encode("ascii", "backslashreplace").decode("ascii"))
        return f"{_field((*parent, key))}: {shown} shows nothing", "write a title readers can see"
    return None, None


def _field(path: tuple) -> str:
    """How a problem names the value at `path` (made only for a value with a problem:
    the check reads every value of every file)."""
    return ".".join(str(part) for part in path) or "the value"


def text_value_problems(sources: Sources) -> list[Problem]:
    """Problems of the text values of every entry and page."""
    problems: list[Problem] = []
    documents = [entry.document for entry in sources.entries.values()]
    documents += [page.document for page in sources.pages.values() if page.document is not None]
    for document in documents:
        problems.extend(value_problems(document))
    return problems
