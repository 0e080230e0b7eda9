"""Early, located hints about Markdown bodies: Markdown, not scripts.

Python-Markdown passes raw HTML through untouched, including `<script>`, event
handler attributes and `javascript:` links, and its attr_list extension puts any
attribute on any element (`[text](url){ onclick="..." }`). Contributors have no need
for any of it. The boundary is the built HTML (`html_policy`, checked on every page
as the build writes it, with the same rules); this scan of the Markdown source is
what `make check` can say without building, at the line and column where it is
written. Where it and Python-Markdown read a text differently, the built-page check
still refuses what reaches the page. Every pattern here runs in linear time.

A body is read the way a browser will read the page made of it: raw HTML through the
standard library's HTML parser (so a tag spread over lines, a quoted '>', an
entity-encoded `&#106;avascript:` or `<svg/onload=...>` are all seen), with comments
read as markup (see `expose_comments`); Markdown links, reference definitions and
attribute lists with patterns. Only code is skipped: fenced blocks that
pymdownx.superfences really treats as code (closed by the same fence at the same
indentation) and code spans outside raw HTML blocks. Whatever merely looks like code
is checked, so a mistake here refuses too much rather than too little.
"""

from __future__ import annotations

import bisect
import html
import re
from collections.abc import Iterator
from html.parser import HTMLParser
from typing import TYPE_CHECKING

from ..problems import Problem
from .html_policy import URL_ATTRIBUTES, is_event_handler, possible_addresses, unsafe_scheme

if TYPE_CHECKING:
    from ..load.files import Sources

EMBEDDING_ELEMENTS = frozenset({"script", "iframe", "object", "embed", "frame", "frameset", "applet"})
"""Elements that run code or embed other documents: refused in Markdown and, Material's
own scripts aside, in the built site."""

FORBIDDEN_ELEMENTS: dict[str, str] = {
    **{name: "contributors write Markdown, not HTML that runs or embeds other pages" for name in EMBEDDING_ELEMENTS},
    **{
        name: "it changes how the whole page loads; the theme owns the page's <head>"
        for name in ("base", "meta", "link")
    },
    # Raw text and foreign content: browsers parse what follows them by other rules than
    # an HTML parser does, so markup hidden inside could slip past any checker.
    **{
        name: "browsers read what follows it by special rules; write Markdown instead"
        for name in (
            "style",
            "noscript",
            "noembed",
            "noframes",
            "xmp",
            "plaintext",
            "textarea",
            "title",
            "template",
            "svg",
            "math",
        )
    },
}
"""Raw HTML elements refused in Markdown bodies, with the reason given to contributors."""


# Markdown-side link targets: inline links and images, reference definitions.
_MARKDOWN_TARGETS = re.compile(
    r"\]\(\s*<?(?P<inline>[^\s>)]*)"
    r"|^[ ]{0,3}\[[^\]\n]+\]:[ \t]*<?(?P<reference>[^\s>]+)",
    re.MULTILINE,
)
# attr_list: `{: #id .class key="value" }` after a block or an inline element.
_ATTRIBUTE_LIST = re.compile(r"\{:?([^{}\n]*)\}")
# A name starts only where a run of name characters starts, and is never given back
# (possessive): each character is looked at a bounded number of times.
_ATTRIBUTE_PAIR = re.compile(r"""(?<![^\s=}{"'])([^\s=}{"']++)\s*+=\s*+("[^"]*+"|'[^']*+'|[^\s}]++)""")

# pymdownx.superfences: an opening fence with an optional language and the options it
# accepts; anything else after the fence makes it abandon the fence (so it is not code).
_FENCE_OPEN = re.compile(
    r"(?P<ws>[ \t]*)(?P<fence>`{3,}|~{3,})[ \t]*(?:\.?[\w#.+-]+)?"
    r"""(?:[ \t]+(?:hl_lines|linenums|title)=(?:"[^"]*"|'[^']*'))*[ \t]*\r?$"""
)
_BACKTICKS = re.compile(r"`+")
_HTML_BLOCK_START = re.compile(r"^[ ]{0,3}<([a-zA-Z][a-zA-Z0-9-]*|!--)")
_VOID_ELEMENTS = frozenset(
    {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
)
_COMMENT_OPENER = re.compile(r"<[!?]")


def expose_comments(text: str) -> str:
    """`text` with every `<!` and `<?` blanked, so that comments are read as markup.

    Where a comment ends is a matter of opinion: html.parser in Python 3.11 reads
    `<!--> <script>...</script> -->` as one comment where a browser runs the script,
    and Python-Markdown escapes a comment opener when the comment spans a blank line,
    leaving what was inside it live. Reading comments as markup cannot be fooled.
    """
    return _COMMENT_OPENER.sub("  ", text)


def body_problems(text: str, source: str, first_line: int = 1) -> Iterator[Problem]:
    """Problems in a Markdown body whose first line is `first_line` of its file."""
    readable = expose_comments(_without_code(text))
    position = _Positions(readable)
    scanner = _RawHtmlScanner()
    scanner.feed(readable + "\n>")  # a tag left open at the end is closed by the page's next '>'
    scanner.close()
    for line, col, message, hint in scanner.found:
        yield Problem(source, first_line + line - 1, col, message, hint)
    for match in _MARKDOWN_TARGETS.finditer(readable):
        group = "inline" if match.group("inline") is not None else "reference"
        target = html.unescape(match.group(group))
        if unsafe_scheme(target):
            line, col = position(match.start(group))
            yield Problem(source, first_line + line - 1, col, _scheme_message(target), _SCHEME_HINT)
    for index, message, hint in _attribute_list_findings(readable):
        line, col = position(index)
        yield Problem(source, first_line + line - 1, col, message, hint)


def _attribute_list_findings(readable: str) -> Iterator[tuple[int, str, str]]:
    """(index, message, hint) of each event handler or unsafe address in attr_list `{...}`."""
    for match in _ATTRIBUTE_LIST.finditer(readable):
        for pair in _ATTRIBUTE_PAIR.finditer(match.group(1)):
            name, value = pair.group(1), pair.group(2).strip("\"'")
            if is_event_handler(name):
                yield match.start(1) + pair.start(), _event_message(name), _EVENT_HINT
            elif name.lower() in URL_ATTRIBUTES and unsafe_scheme(html.unescape(value)):
                yield match.start(1) + pair.start(), _scheme_message(value), _SCHEME_HINT


def markdown_problems(sources: Sources) -> list[Problem]:
    """Content-policy problems of every Markdown page and article."""
    problems: list[Problem] = []
    for item in [*sources.pages.values(), *sources.entries.values()]:
        if item.body is not None:
            problems.extend(body_problems(item.body.text, item.source, item.body.first_line))
    return problems


_EVENT_HINT = "remove it; pages carry no scripts of their own"
_SCHEME_HINT = "link with http(s), mailto or a relative path"


def _event_message(name: str) -> str:
    return f"the event handler attribute {name!r} is not allowed"


def _scheme_message(target: str) -> str:
    return f"the link target {target.strip()[:40]!r} uses a forbidden scheme"


class _RawHtmlScanner(HTMLParser):
    """Collects (line, col, message, hint) for forbidden tags and attributes in raw HTML."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[int, int, str, str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        line, offset = self.getpos()
        if tag in FORBIDDEN_ELEMENTS:
            self.found.append((line, offset + 1, f"raw <{tag}> is not allowed in Markdown", FORBIDDEN_ELEMENTS[tag]))
        raw = self.get_starttag_text() or ""
        for name, value in attrs:
            for message, hint in _attribute_problems(name, value):
                self.found.append((*self._where(raw, name, line, offset), message, hint))

    handle_startendtag = handle_starttag

    @staticmethod
    def _where(raw: str, attribute: str, line: int, offset: int) -> tuple[int, int]:
        """Line and column of an attribute inside a tag that starts at (line, offset)."""
        match = re.search(rf"(?<=[\s/\"']){re.escape(attribute)}(?=[\s=/>])", raw, re.IGNORECASE)
        index = match.start() if match else 0
        newlines = raw.count("\n", 0, index)
        if not newlines:
            return line, offset + index + 1
        return line + newlines, index - raw.rfind("\n", 0, index)


def _attribute_problems(name: str, value: str | None) -> Iterator[tuple[str, str]]:
    """What is wrong with one attribute of raw HTML: an event handler, or an address
    with a scheme that runs code."""
    if is_event_handler(name):
        yield _event_message(name), _EVENT_HINT
    elif name in URL_ATTRIBUTES and value:
        for url in possible_addresses(name, value):
            if unsafe_scheme(url):
                yield _scheme_message(url), _SCHEME_HINT


def _without_code(text: str) -> str:
    """`text` with fenced code blocks and code spans blanked out, lines and columns kept."""
    lines = text.split("\n")
    code_lines = _fenced_code_lines(lines)
    html_lines = _raw_html_block_lines(lines, code_lines)
    result = []
    for number, line in enumerate(lines):
        if number in code_lines:
            result.append(_blank(line))
        elif number in html_lines:
            result.append(line)  # Markdown inside raw HTML blocks is not Markdown: no code spans
        else:
            # (A code span needs a backtick: most lines have none.)
            result.append(_without_code_spans(line) if "`" in line else line)
    return "\n".join(result)


def _without_code_spans(line: str) -> str:
    """`line` with its code spans blanked, in one pass over its runs of backticks.

    A run of N backticks opens a span that the next run of exactly N closes, as
    Python-Markdown's BacktickInlineProcessor reads a line; an unclosed run is text.
    A backslash before a run escapes its first backtick. (The pattern Python-Markdown
    uses would backtrack here for minutes on a line of 10,000 backticks.)
    """
    for start, end in reversed(_code_spans(_backtick_runs(line))):
        line = line[:start] + " " * (end - start) + line[end:]
    return line


def _backtick_runs(line: str) -> list[tuple[int, int]]:
    """(start, end) of each run of backticks, without a first one escaped by a backslash."""
    runs = []
    for match in _BACKTICKS.finditer(line):
        start = match.start() + (1 if match.start() and line[match.start() - 1] == "\\" else 0)
        if start < match.end():
            runs.append((start, match.end()))
    return runs


def _code_spans(runs: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """(start, end) of each code span: a run and the next run of the same length."""
    later: dict[int, list[int]] = {}  # run length -> indexes of runs of that length, last first
    for index in range(len(runs) - 1, -1, -1):
        later.setdefault(runs[index][1] - runs[index][0], []).append(index)
    spans, index = [], 0
    while index < len(runs):
        start, end = runs[index]
        same = later[end - start]
        while same and same[-1] <= index:
            same.pop()  # each index is popped once: linear in the number of runs
        if same:
            closing = same.pop()
            spans.append((start, runs[closing][1]))
            index = closing + 1
        else:
            index += 1
    return spans


def _fenced_code_lines(lines: list[str]) -> set[int]:
    """Indexes of the lines of fenced code blocks, as pymdownx.superfences finds them.

    A fence is code only when a line with the same indentation and exactly the same
    fence closes it; a content line indented less than the opening abandons it, and
    superfences then goes on after that line. Fences inside blockquotes are not
    recognised here (their lines are checked: too much rather than too little).
    """
    code: set[int] = set()
    index = 0
    while index < len(lines):
        opening = _FENCE_OPEN.match(lines[index])
        if not opening:
            index += 1
            continue
        ws, fence = opening.group("ws"), opening.group("fence")
        closing = re.compile(re.escape(ws + fence) + r"[ \t]*\r?$")
        cursor = index + 1
        while cursor < len(lines):
            line = lines[cursor]
            if closing.match(line):
                code.update(range(index, cursor + 1))
                break
            if line.strip() and not line.startswith(ws):
                break  # not indented enough: superfences abandons the fence
            cursor += 1
        index = cursor + 1
    return code


def _raw_html_block_lines(lines: list[str], code_lines: set[int]) -> set[int]:
    """Lines that may belong to raw HTML blocks: from a line starting with a tag to the
    line that closes it (nested tags of the same name counted), or the end; from a
    line starting with a comment to the first `-->` after its `<!--` (`<!-->` does
    not end it: Python-Markdown reads comments with html.parser), or the end."""
    found: set[int] = set()
    index = 0
    while index < len(lines):
        start = _HTML_BLOCK_START.match(lines[index]) if index not in code_lines else None
        if not start:
            index += 1
            continue
        name = start.group(1).lower()
        if name in _VOID_ELEMENTS:
            found.add(index)
            index += 1
            continue
        if name == "!--":
            cursor, position = index, start.end()
            while cursor < len(lines) and "-->" not in lines[cursor][position:]:
                found.add(cursor)
                cursor, position = cursor + 1, 0
            found.add(min(cursor, len(lines) - 1))
            index = cursor + 1
            continue
        opening = re.compile(rf"<{re.escape(name)}(?=[\s/>]|$)", re.IGNORECASE)
        closing = re.compile(rf"</{re.escape(name)}\s*>", re.IGNORECASE)
        depth = 0
        cursor = index
        while cursor < len(lines):
            found.add(cursor)
            depth += len(opening.findall(lines[cursor])) - len(closing.findall(lines[cursor]))
            if depth <= 0:
                break
            cursor += 1
        index = cursor + 1
    return found


def _blank(text: str) -> str:
    """Spaces in place of every character but line breaks, so positions stay put."""
    return re.sub(r"[^\n]", " ", text)


class _Positions:
    """1-based line and column of an index into a text, without rescanning the text."""

    def __init__(self, text: str):
        self.starts = [0] + [match.end() for match in re.finditer("\n", text)]

    def __call__(self, index: int) -> tuple[int, int]:
        line = bisect.bisect_right(self.starts, index)
        return line, index - self.starts[line - 1] + 1
