"""Escaping text from data files so that it reaches the page as text, never markup.

Templates produce Markdown, which Python-Markdown turns into HTML: a name such as
`*NSYNC` or `<b>` would otherwise become emphasis or a raw tag. The renderer applies
`escape` to every value a template prints unless it is `Markup` built by our own
helpers.
"""

from __future__ import annotations

import functools
import re

from markupsafe import Markup

# Characters that start inline markup anywhere (Python-Markdown backslash-escapes
# them; '|' is the tables extension's), and what starts a block only at the start of
# a line, where a template may print a value: headings, list items, admonitions
# (`!!!`), details (`???`), fences (`~~~`), definitions (`:`), setext underlines
# (`===`). Python-Markdown backslash-escapes some; the others become a character
# reference, which renders as the character and starts nothing.
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]|])")
_BLOCK_START = re.compile(r"^([#+\-!]|\d+(?=[.)])|[=?~:%/])")
_WHITESPACE = re.compile(r"\s+")


def escape(value: object) -> Markup:
    """Inline Markdown that renders exactly `value`, on one line.

    Runs of white space become one space (kept at the ends, where templates rely on
    it as a separator): a value can neither break a line nor indent a code block.
    """
    if isinstance(value, Markup):
        return value
    if type(value) is str:
        return _escape_text(value)
    return _escape_text.__wrapped__(str(value))


@functools.lru_cache(maxsize=1 << 16)
def _escape_text(text: str) -> Markup:
    # Cached: titles and names are printed on many pages (lists, backlinks, chips).
    text = _WHITESPACE.sub(" ", text)
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    text = _MARKDOWN_SPECIAL.sub(r"\\\1", text)
    return Markup(_BLOCK_START.sub(_escape_block_start, text))


def _escape_block_start(match: re.Match[str]) -> str:
    start = match.group(1)
    if start[0].isdigit():
        return start + "\\"
    return "\\" + start if start in "#+-!" else f"&#{ord(start)};"


def link(text: object, target: str, attributes: str = "") -> Markup:
    """A Markdown link with escaped text, optionally with attr_list attributes."""
    suffix = f"{{ {attributes} }}" if attributes else ""
    return Markup(f"[{escape(text)}]({target}){suffix}")


def join(items: object, separator: str = "") -> Markup:
    """Jinja's `join`, escaping each item for Markdown rather than only for HTML."""
    return Markup(separator.replace("&", "&amp;").replace("<", "&lt;")).join(escape(item) for item in items)


def external_link(text: object, url: str) -> Markup:
    """A link to an address checked by the schema (no spaces, quotes or angle brackets)."""
    return Markup(f"[{escape(text)}](<{url}>)")


# Both start with a newline: the regular expression engine then skips to each newline
# at the speed of a string search, where `^` in MULTILINE mode or `\n{3,}` try every
# character (four times slower over the 24 MB of pages at 5,000 entries).
_HEADING = re.compile(r"\n(#{1,6} [^\n]*)(?=\n)")
_BLANK_LINES = re.compile(r"\n\n\n+")


def tidy(markdown: str) -> str:
    """Blank lines around headings, never more than one in a row, one final newline.

    Templates stay readable without counting the newlines Jinja keeps or trims.
    """
    # The blank lines around a heading become 2 + n newlines, which the next line makes 2
    # (the newline put first lets a heading on the first line match; it is stripped).
    markdown = _HEADING.sub(r"\n\n\n\1\n\n", "\n" + markdown)
    return _BLANK_LINES.sub("\n\n", markdown).strip("\n") + "\n"


_CODE_SPAN = re.compile(r"(`+)(.+?)\1", re.DOTALL)
_LIST_ITEM = "- "


def note_text(text: object, anchor: str | None = None) -> Markup:
    """A release note's text as Markdown blocks: a blank line starts a paragraph, a line
    starting with "- " a list item (other lines continue it), `backticks` mark code.
    Everything else is escaped, as `escape` does. `anchor` (letters, digits and
    hyphens: `notes.note_anchors`) becomes the id of the first paragraph or list item."""
    blocks: list[Markup] = []
    attributes = Markup(f"\n{{: #{anchor} .kb-note }}") if anchor else Markup("")
    for block in str(text).split("\n\n"):
        paragraph: list[str] = []
        items: list[list[str]] = []
        for line in block.split("\n"):
            if line.startswith(_LIST_ITEM):
                items.append([line[len(_LIST_ITEM) :]])
            elif items:
                items[-1].append(line)
            else:
                paragraph.append(line)
        if paragraph and " ".join(paragraph).strip():
            blocks.append(code_spans(" ".join(paragraph)) + (attributes if not blocks else ""))
        if items:
            lines = [Markup("- ") + code_spans(" ".join(item)) for item in items]
            if not blocks:
                lines[0] += attributes
            blocks.append(Markup("\n").join(lines))
    return Markup("\n\n").join(blocks)


def note_line(text: object) -> Markup:
    """A release note's text on one line (for lists of notes): `backticks` still mark code."""
    return code_spans(" ".join(str(text).split()))


def code_spans(text: str) -> Markup:
    """One line of text whose `backticked` parts are code spans, the rest escaped."""
    parts, at = [], 0
    for match in _CODE_SPAN.finditer(text):
        parts.append(escape(text[at : match.start()]) if at < match.start() else Markup(""))
        parts.append(_code_span(_WHITESPACE.sub(" ", match.group(2))))
        at = match.end()
    parts.append(escape(text[at:]))
    return Markup("").join(parts)


def _code_span(code: str) -> Markup:
    # A fence longer than any run of backticks inside; spaces keep a backtick at either
    # end from joining the fence. Python-Markdown escapes &, < and > in code spans.
    fence = "`" * (max((len(run) for run in re.findall(r"`+", code)), default=0) + 1)
    pad = " " if code.startswith("`") or code.endswith("`") else ""
    return Markup(f"{fence}{pad}{code}{pad}{fence}")
