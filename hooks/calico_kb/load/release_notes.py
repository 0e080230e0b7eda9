"""Upstream release notes, as Calico writes them in Markdown, read into notes as data.

Calico Open Source publishes one Markdown file per release (`v3.26.0-release-notes.md`),
and their form changed over eight years: a date line or none; ATX or setext headings;
`#### Bug fixes` lists grouped by `##### eBPF` sub-headings or `**General**` labels;
feature sections of prose with "Pull requests:" lines; Jekyll `{: .alert}` lines and
GitHub `> [!WARNING]` alerts; reference-style links; whole files indented. This module
reads all of them with a CommonMark parser (markdown-it-py, whose tokens carry their
source lines) and a small state machine over its blocks, so that every note keeps
its kind and area from the headings it stands under (the vocabulary and its aliases
come from the releases schema), and every pull request and author becomes data.

Every block it cannot place is a located problem: nothing is dropped in silence.
"""

from __future__ import annotations

import dataclasses
import datetime
import re
from pathlib import Path

from markdown_it import MarkdownIt
from markdown_it.tree import SyntaxTreeNode

from ..problems import Problem, quote
from ..schema.catalog import normal_label

FILE_NAME = re.compile(r"v(?P<version>[0-9]+\.[0-9]+(?:\.[0-9]+)?(?:-[0-9A-Za-z.-]+?)?)-release-notes\.md")
"""Upstream's file names: v3.26.0-release-notes.md, v3.0.0-beta1-release-notes.md."""
_DATE_LINE = re.compile(r"(?P<day>[0-9]{1,2})\s+(?P<month>[A-Za-z]+)\.?,?\s+(?P<year>[0-9]{4})")
_MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ),
        1,
    )
    for name in names
}
_KRAMDOWN_ATTRIBUTES = re.compile(r"\{:[^}\n]*\}")
"""Jekyll's attribute lists: `{: .alert .alert-danger}` lines, `{: data-proofer-ignore=""}` after links."""
_GITHUB_ALERT = re.compile(r"^\s*\[!(?P<type>[A-Za-z]+)\]\s*")
_PR_URL = re.compile(
    r"https?://github\.com/projectcalico/(?P<repository>[A-Za-z0-9_.-]+)/pull/(?P<number>[0-9]+)/?(?:[#?].*)?"
)
_PR_LABEL = re.compile(r"\s*(?:[A-Za-z0-9_.-]+\s*)?#?\s*[0-9]+\s*")
"""The words of a pull request's link that only name it: "calico #1234", "calico 1234", "#1234"."""
_ATTRIBUTION = re.compile(r"\(\s*(@[A-Za-z0-9-]+(?:\[bot\])?(?:\s*(?:,|and|&)?\s*@[A-Za-z0-9-]+(?:\[bot\])?)*)\s*\)")
_HANDLE = re.compile(r"@([A-Za-z0-9-]+)(\[bot\])?")
_PR_LINE = re.compile(r"^(?:github\s*prs?|pull\s*requests?)(?:\s*/\s*commits)?\s*:\s*", re.IGNORECASE)
"""Lines that introduce a feature's pull requests: "Github PR:", "Pull requests:", "GithubPRs:"."""
_SPACE_BEFORE_PUNCTUATION = re.compile(r"\s+([.,;:!?)])")
_SPACES = re.compile(r"[ \t]+")
_COMMENT = re.compile(r"^\s*<!--.*?-->\s*$", re.DOTALL)


@dataclasses.dataclass
class Vocabulary:
    """What the releases schema says notes may be: kinds and areas (each alias of an
    upstream heading or label, as `normal_label`, to its value), and the repositories
    pull requests are made in."""

    kinds: dict[str, str]
    areas: dict[str, str]
    repositories: list[str]
    default_kind: str
    """The kind of a titled section outside any kind heading (the first kind: features)."""
    notice_kind: str
    """The kind of text before any heading and of alerts that name no kind ("Note")."""


@dataclasses.dataclass
class Note:
    """One release note as read from upstream, with the line it starts at."""

    kind: str
    line: int
    title: str | None = None
    area: str | None = None
    paragraphs: list[str] = dataclasses.field(default_factory=list)
    pull_requests: list[tuple[str, int]] = dataclasses.field(default_factory=list)
    authors: list[str] = dataclasses.field(default_factory=list)
    docs: list[tuple[str, str]] = dataclasses.field(default_factory=list)

    @property
    def text(self) -> str:
        return "\n\n".join(p for p in self.paragraphs if p) or (self.title or "")

    def take(self, found: Inline) -> None:
        """Add what a line of the note gave: its pull requests, authors and links."""
        for pr in found.pull_requests:
            if pr not in self.pull_requests:
                self.pull_requests.append(pr)
        self.authors.extend(a for a in found.authors if a not in self.authors)
        self.docs.extend(d for d in found.docs if d not in self.docs)


@dataclasses.dataclass
class Release:
    """One upstream file: its version (from its name), its date line, its notes."""

    path: Path
    version: str | None
    date: str | None
    notes: list[Note]


@dataclasses.dataclass
class Inline:
    """A line of upstream Markdown as plain text, with what it referred to."""

    text: str = ""
    pull_requests: list[tuple[str, int]] = dataclasses.field(default_factory=list)
    authors: list[str] = dataclasses.field(default_factory=list)
    docs: list[tuple[str, str]] = dataclasses.field(default_factory=list)


_PARSER = MarkdownIt("commonmark").enable(["table", "strikethrough"])


def version_of(path: Path) -> str | None:
    """The version upstream's file name gives, e.g. "3.0.0-beta1"; None when it gives none."""
    match = FILE_NAME.fullmatch(path.name)
    return match.group("version") if match else None


def read_release_notes(text: str, path: Path, source: str, vocabulary: Vocabulary) -> tuple[Release, list[Problem]]:
    """The notes of one upstream file; `source` names it in problems."""
    lines, indent = _dedent(text.splitlines())
    date = _take_date_line(lines)
    alerts = _take_attribute_lines(lines)
    reader = _Reader(vocabulary, source, indent, alerts)
    root = SyntaxTreeNode(_PARSER.parse("\n".join(lines) + "\n"))
    for block in root.children:
        reader.block(block)
    reader.close()
    if not reader.notes and not reader.problems:
        reader.report(1, "the file has no release notes", "import only files that list the release's changes")
    return Release(path, version_of(path), date, reader.notes), reader.problems


def _dedent(lines: list[str]) -> tuple[list[str], int]:
    """Lines without the indentation they all share (some upstream files are indented as
    a whole, which Markdown would read as code), and its width."""
    widths = [len(line) - len(line.lstrip(" ")) for line in lines if line.strip()]
    indent = min(widths, default=0)
    return [line[indent:] if line.strip() else "" for line in lines], indent


def _take_date_line(lines: list[str]) -> str | None:
    """The date of a first line such as "24 May 2023" as YYYY-MM-DD, and that line blanked."""
    for index, line in enumerate(lines):
        if not line.strip():
            continue
        match = _DATE_LINE.fullmatch(line.strip())
        month = _MONTHS.get(match.group("month").lower()) if match else None
        if match is None or month is None:
            return None
        try:
            date = datetime.date(int(match.group("year")), month, int(match.group("day")))
        except ValueError:
            return None
        lines[index] = ""
        return date.isoformat()
    return None


def _take_attribute_lines(lines: list[str]) -> dict[int, str]:
    """Jekyll attribute lists removed, keeping lines in place; {line index: alert class}
    for lines such as `{: .alert .alert-danger}`, which mark the block above them."""
    alerts = {}
    for index, line in enumerate(lines):
        if "{:" not in line:
            continue
        if _KRAMDOWN_ATTRIBUTES.fullmatch(line.strip()):
            found = re.search(r"\.(alert-[a-z]+)", line)
            if found:
                alerts[index] = found.group(1)
        lines[index] = _KRAMDOWN_ATTRIBUTES.sub("", line)
    return alerts


class _Reader:
    """The notes of one file, block by block, and where each block stands: under which
    kind heading, which area label, which titled section."""

    def __init__(self, vocabulary: Vocabulary, source: str, indent: int, alerts: dict[int, str]):
        self.vocabulary, self.source, self.indent, self.alerts = vocabulary, source, indent, alerts
        self.notes: list[Note] = []
        self.problems: list[Problem] = []
        self.kind: str | None = None
        self.kind_level = 0
        self.area: str | None = None
        self.section: Note | None = None
        """The titled section being read: its paragraphs and lists are one note."""
        self.section_level = 0
        self.open: Note | None = None
        """A note that the next paragraph or "Pull requests:" list continues."""
        self.last = ""
        """What the block before was: "paragraph", "pull requests", "list" or ""."""

    def report(self, line: int, message: str, hint: str | None = None) -> None:
        self.problems.append(Problem(self.source, line, self.indent + 1, message, hint))

    def close(self) -> None:
        self.section, self.open, self.last = None, None, ""

    def block(self, node: SyntaxTreeNode) -> None:
        line = node.map[0] + 1 if node.map else 1
        handler = getattr(self, f"_{node.type}", None)
        if handler is None:
            self.report(line, f"cannot place a {node.type.replace('_', ' ')} in a release note", _PLAIN_HINT)
            return
        handler(node, line)

    # Headings: a kind ("Bug fixes"), an area ("eBPF"), a document title, or a section.
    def _heading(self, node: SyntaxTreeNode, line: int) -> None:
        found = self.inline(node.children[0], line)
        level = int(node.tag[1])
        label = normal_label(found.text)
        if label in self.vocabulary.kinds:
            self.close()
            self.kind, self.kind_level, self.area = self.vocabulary.kinds[label], level, None
        elif label in self.vocabulary.areas:
            self.close()
            self.area = self.vocabulary.areas[label]
        elif level == 1 or (not self.notes and self.section is None and "release notes" in label):
            self.close()  # the document's own title: the release's title is ours
        elif self.section is not None and level > self.section_level:
            self.section.paragraphs.append(found.text)  # a sub-heading of the section
            self.section.take(found)
        else:
            self._start_section(found, level, line)

    def _start_section(self, found: Inline, level: int, line: int) -> None:
        if self.kind is None or level <= self.kind_level:
            self.kind, self.area = None, None
        kind = self.kind or self.vocabulary.default_kind
        self.section = self._new(kind, line, title=found.text)
        self.section.take(found)
        self.section_level, self.open = level, self.section

    def _new(self, kind: str, line: int, title: str | None = None) -> Note:
        note = Note(kind, line, title=title or None, area=self.area)
        self.notes.append(note)
        return note

    # Paragraphs: an area or kind label, a "Pull requests:" line, or text.
    def _paragraph(self, node: SyntaxTreeNode, line: int) -> None:
        inline = node.children[0]
        found = self.inline(inline, line)
        if _is_label(inline) and self._label(normal_label(found.text)):
            return
        pr_line = _PR_LINE.match(found.text)
        if pr_line:
            found.text = found.text[pr_line.end() :]
            target = self.open or self.section
        elif self.section is not None:
            target = self.section
        else:
            target = self.open if self.last == "paragraph" else None
        if target is None:
            target = self._new(self.kind or self.vocabulary.notice_kind, line)
        if found.text:
            target.paragraphs.append(found.text)
        target.take(found)
        self.open, self.last = target, "pull requests" if pr_line else "paragraph"

    def _label(self, label: str) -> bool:
        """A bold line naming an area (`**eBPF**`) or a kind (`**Important upgrade notes**`)."""
        if label in self.vocabulary.areas:
            self.close()
            self.area = self.vocabulary.areas[label]
        elif label in self.vocabulary.kinds:
            self.close()
            self.kind, self.kind_level, self.area = self.vocabulary.kinds[label], 7, None
        else:
            return False
        return True

    # Lists: in a section or after "Pull requests:", part of that note; else a note each.
    def _bullet_list(self, node: SyntaxTreeNode, line: int) -> None:
        target = self.section or (self.open if self.last == "pull requests" else None)
        if self.last != "paragraph":
            self.open = None
        items = []
        for item in node.children:
            item_line = item.map[0] + 1 if item.map else line
            parts = self.item_parts(item, item_line)
            if target is None:
                self._list_item_note(parts, item_line)
                continue
            items.extend(f"- {text}" for text, _ in parts if text)
            for _, found in parts:
                target.take(found)
        if target is not None and items:
            target.paragraphs.append("\n".join(items))
        self.open, self.last = target or self.open, "list"

    _ordered_list = _bullet_list

    def _list_item_note(self, parts: list[tuple[str, Inline]], line: int) -> None:
        """A list item under a kind heading is a note; one that only names pull requests
        credits them to the paragraph above it ("Update UBI" then a list of PRs)."""
        text = "\n\n".join(text for text, _ in parts if text)
        if not text and self.open is not None:
            note = self.open
        elif self.kind is None:
            self.report(line, "a list item outside any section", _SECTION_HINT)
            return
        elif not text:
            self.report(line, "a list item with no text but its pull requests", "write what changed in it")
            return
        else:
            note = self._new(self.kind, line)
            note.paragraphs.append(text)
        for _, found in parts:
            note.take(found)

    def item_parts(self, item: SyntaxTreeNode, line: int) -> list[tuple[str, Inline]]:
        """The text of a list item's blocks (nested lists as "- " lines), each with what it referred to."""
        parts: list[tuple[str, Inline]] = []
        for child in item.children:
            child_line = child.map[0] + 1 if child.map else line
            if child.type in ("paragraph", "heading"):
                found = self.inline(child.children[0], child_line)
                parts.append((found.text, found))
            elif child.type in ("bullet_list", "ordered_list"):
                for nested in child.children:
                    parts.extend((f"- {text}" if text else "", found) for text, found in self.item_parts(nested, line))
            else:
                self.block_in_note(child, child_line)
        return parts

    def block_in_note(self, node: SyntaxTreeNode, line: int) -> None:
        if node.type == "html_block" and _COMMENT.match(node.content):
            return
        self.report(line, f"cannot place a {node.type.replace('_', ' ')} in a release note", _PLAIN_HINT)

    # Alerts: `> **Important**: ...` with `{: .alert}`, `> [!WARNING]`, or any quote.
    def _blockquote(self, node: SyntaxTreeNode, line: int) -> None:
        self.close()
        end = node.map[1] if node.map else line
        kind = self.vocabulary.kinds.get(normal_label(self.alerts.get(end, "")), self.vocabulary.notice_kind)
        note = self._new(kind, line)
        note.area = None
        for child in node.children:
            self._quoted(note, child)
        if not note.paragraphs and note.title is None:
            self.notes.remove(note)
            self.report(line, "an empty quote", "remove it")

    def _quoted(self, note: Note, child: SyntaxTreeNode) -> None:
        line = child.map[0] + 1 if child.map else note.line
        if child.type in ("bullet_list", "ordered_list"):
            items = []
            for item in child.children:
                for text, found in self.item_parts(item, line):
                    items.append(f"- {text}")
                    note.take(found)
            note.paragraphs.append("\n".join(items))
            return
        if child.type not in ("paragraph", "heading"):
            self.block_in_note(child, line)
            return
        found = self.inline(child.children[0], line)
        alert = _GITHUB_ALERT.match(found.text)
        if alert:
            note.kind = self.vocabulary.kinds.get(normal_label(alert.group("type")), note.kind)
            found.text = found.text[alert.end() :]
        if child.type == "heading" and note.title is None and not note.paragraphs:
            note.title = found.text
        elif found.text:
            note.paragraphs.append(found.text)
        note.take(found)

    def _hr(self, node: SyntaxTreeNode, line: int) -> None:
        """A thematic break separates; it says nothing."""

    def _html_block(self, node: SyntaxTreeNode, line: int) -> None:
        self.block_in_note(node, line)

    # Inline Markdown -> plain text, pull requests, authors, links.
    def inline(self, node: SyntaxTreeNode, line: int) -> Inline:
        found = Inline()
        parts: list[str] = []
        self._inline_children(node.children, found, parts, line)
        text = _ATTRIBUTION.sub(lambda m: _attributed(m, found), "".join(parts))
        text = self._bare_references(text, found)
        found.text = _tidy(text)
        return found

    def _inline_children(self, children: list[SyntaxTreeNode], found: Inline, parts: list[str], line: int) -> None:
        for child in children:
            if child.type == "text":
                parts.append(child.content)
            elif child.type == "code_inline":
                fence = "``" if "`" in child.content else "`"
                parts.append(f"{fence}{child.content}{fence}")
            elif child.type in ("softbreak", "hardbreak"):
                parts.append(" ")
            elif child.type == "link":
                parts.append(self._link(child, found, line))
            elif child.type in ("strong", "em", "s"):
                self._inline_children(child.children, found, parts, line)
            elif child.type == "html_inline":
                # Text such as "<net>:<port>" that Markdown reads as tags: it is text to
                # us (and escaped wherever it is shown); comments and line breaks are not.
                parts.append(
                    " " if child.content.startswith("<!--") or child.content.lower() in _BREAKS else child.content
                )
            else:
                self.report(line, f"cannot place {quote(child.content or child.type)} in a note's text", _PLAIN_HINT)

    def _link(self, node: SyntaxTreeNode, found: Inline, line: int) -> str:
        href = str(node.attrs.get("href", ""))
        label_parts: list[str] = []
        self._inline_children(node.children, found, label_parts, line)
        label = "".join(label_parts)
        pull = _PR_URL.fullmatch(href)
        if pull:
            self._pull_request(found, pull.group("repository"), int(pull.group("number")), line)
            return "" if _PR_LABEL.fullmatch(label) else label
        if re.match(r"(?:https?|mailto):", href):
            found.docs.append((_tidy(label) or href, href))
        else:
            self.report(
                line,
                f"the link {quote(href)} is relative to the upstream site",
                "write its full address in the upstream file, or leave the link out",
            )
        return label

    def _pull_request(self, found: Inline, repository: str, number: int, line: int) -> None:
        name = repository.lower()
        if name not in self.vocabulary.repositories:
            self.report(
                line,
                f"a pull request in {quote(repository)}, a repository the releases schema does not list",
                "add it to pull_requests' repository enum in schemas/releases.schema.json",
            )
            return
        if (name, number) not in found.pull_requests:
            found.pull_requests.append((name, number))

    def _bare_references(self, text: str, found: Inline) -> str:
        """ "felix #2230" written without a link is a pull request too."""
        names = "|".join(re.escape(name) for name in sorted(self.vocabulary.repositories, key=len, reverse=True))
        pattern = re.compile(rf"(?<![\w/-])({names}) #([0-9]+)\b", re.IGNORECASE)

        def take(match: re.Match[str]) -> str:
            pr = (match.group(1).lower(), int(match.group(2)))
            if pr not in found.pull_requests:
                found.pull_requests.append(pr)
            return ""

        return pattern.sub(take, text)


_BREAKS = {"<br>", "<br/>", "<br />"}
_PLAIN_HINT = "release notes are kept as plain text, lists and `code`: rewrite it upstream as text, or leave it out"
_SECTION_HINT = "put it under a heading such as '#### Bug fixes' or '#### Other changes'"


def _is_label(inline: SyntaxTreeNode) -> bool:
    """A paragraph that is only bold text, such as `**General**` or `**eBPF data plane:**`."""
    meaningful = [c for c in inline.children if not (c.type == "text" and not c.content.strip(" :"))]
    return len(meaningful) == 1 and meaningful[0].type == "strong"


def _attributed(match: re.Match[str], found: Inline) -> str:
    for handle, bot in _HANDLE.findall(match.group(1)):
        if handle + bot not in found.authors:
            found.authors.append(handle + bot)
    return ""


def _tidy(text: str) -> str:
    """One line of text without the gaps that taking references out of it left."""
    text = _SPACES.sub(" ", text.replace("\n", " ")).strip()
    text = _SPACE_BEFORE_PUNCTUATION.sub(r"\1", text)
    text = re.sub(r"\(\s*\)|\[\s*\]", "", text)
    text = re.sub(r"\s*(?:,\s*)+$", "", text)
    return _SPACES.sub(" ", text).strip()
