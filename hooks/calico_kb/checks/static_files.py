"""Static files under docs/, by allowlist: what MkDocs copies into the site as it is.

Hosts serve a file by its suffix: `.shtml`, `.xsl`, `.svgz` and `.xhtml` run as HTML or
XML, a `.js` under `assets/javascripts/` replaces the theme's bundle on every page, and
a hand-written `sitemap.xml` is overwritten without a word. So a file of docs/ is
allowed only when its suffix is in `allowlist.STATIC_SUFFIXES` and its content is
what the suffix says (sniffed from its first bytes: an image, a font, a PDF, CSS or
text); `.svg` and `.html` files also pass the allowlist (SVG through an XML parser,
HTML through the HTML5 parser and `allowed_markup`, as contributor content); only the
site's own scripts (`allowlist.SITE_SCRIPTS`) may be `.js`; and nothing may be at a
path the theme or the build writes (`allowlist.THEME_PATHS`).
"""

from __future__ import annotations

from pathlib import Path

from selectolax.lexbor import LexborHTMLParser

from ..problems import Problem, locate, quote
from . import allowlist
from .allowed_markup import Finding, element_findings, node_after
from .html_policy import crowded_tag, style_loads, xml_findings

MAX_STATIC_BYTES = 10 * 1024 * 1024
"""Larger files are refused: a site of documentation needs none."""

_SIGNATURES: dict[str, tuple[bytes, ...]] = {
    "image": (
        b"\x89PNG\r\n\x1a\n",
        b"\xff\xd8\xff",
        b"GIF87a",
        b"GIF89a",
        b"RIFF",
        b"\x00\x00\x01\x00",
        b"\x00\x00\x00",
    ),
    "font": (b"wOFF", b"wOF2", b"\x00\x01\x00\x00", b"OTTO", b"true"),
    "pdf": (b"%PDF-",),
}
"""How each binary kind starts (AVIF and other ISO media files start with a box size)."""

_MARKUP_START = (b"<", b"\xef\xbb\xbf<")


def static_file_problems(docs_dir: Path, static_files: list[str], docs_prefix: str = "docs/") -> list[Problem]:
    """Problems of the static files (paths inside `docs_dir`) of a project."""
    problems: list[Problem] = []
    for src_uri in static_files:
        source = docs_prefix + src_uri
        for line, col, message, hint in _file_problems(docs_dir / src_uri, src_uri):
            problems.append(Problem(source, line, col, message, hint))
    return problems


def _file_problems(path: Path, src_uri: str) -> list[tuple[int, int, str, str]]:
    lower = src_uri.lower()
    clash = next((owned for owned in allowlist.THEME_PATHS if lower == owned or lower.startswith(owned)), None)
    if clash:
        return [
            (
                1,
                1,
                f"the theme or the build writes {clash!r} in the site: this file would clash with it",
                "move the file elsewhere under docs/assets/",
            )
        ]
    if lower.endswith(".js"):
        if src_uri in allowlist.SITE_SCRIPTS:
            return []
        return [
            (
                1,
                1,
                f"{quote(src_uri)} is a script, and pages run only Material's and the site's own",
                "contributors write Markdown; scripts are added by maintainers to SITE_SCRIPTS",
            )
        ]
    suffix = "." + lower.rpartition(".")[2] if "." in lower.rpartition("/")[2] else ""
    kind = allowlist.STATIC_SUFFIXES.get(suffix)
    if kind is None:
        allowed = ", ".join(sorted(allowlist.STATIC_SUFFIXES))
        return [
            (
                1,
                1,
                f"{quote(src_uri)}: files ending in {quote(suffix or '(no suffix)')} are not allowed under docs/",
                f"hosts may serve unknown kinds as pages or scripts; allowed: {allowed}",
            )
        ]
    try:
        if path.stat().st_size > MAX_STATIC_BYTES:
            return [(1, 1, f"the file is over the limit of {MAX_STATIC_BYTES:,} bytes", "make it smaller")]
        raw = path.read_bytes()
    except OSError as error:
        return [(1, 1, f"cannot read the file: {error.strerror}", "make it readable, or remove it")]
    return _content_problems(raw, kind)


def _content_problems(raw: bytes, kind: str) -> list[tuple[int, int, str, str]]:
    if kind in _SIGNATURES:
        if raw.startswith(_SIGNATURES[kind]) or (kind == "image" and raw[4:8] == b"ftyp"):
            return []
        return [
            (
                1,
                1,
                f"the file's content is not {_ARTICLES[kind]}, as its name says",
                "browsers sniff what a file is; give it the suffix of what it is",
            )
        ]
    text = raw.decode("utf-8", errors="replace")
    if kind in ("css", "text"):
        if raw.lstrip().startswith(_MARKUP_START):
            return [(1, 1, f"the file starts like markup, not {kind}", "browsers may sniff it as a page")]
        if kind == "css" and style_loads(text):
            return _located(text, [Finding("a style sheet that loads something", "keep styles self-contained", "url(")])
        return []
    findings = xml_findings(text) if kind == "svg" else html_file_findings(text)
    return _located(text, findings)


_ARTICLES = {"image": "an image", "font": "a font", "pdf": "a PDF"}


def _located(text: str, findings: list[Finding]) -> list[tuple[int, int, str, str]]:
    return [
        (
            *(locate(text, [finding.needle]) or (1, 1)),
            f"this file is copied into the site as it is, and has {finding.message}",
            finding.hint,
        )
        for finding in findings
    ]


_DOCUMENT = {"html": frozenset({"lang"}), "head": frozenset(), "body": frozenset(), "title": frozenset()}
"""What a static HTML file may have besides contributor content: its document's frame."""


def html_file_findings(text: str) -> list[Finding]:
    """What the allowlist refuses in a static HTML file: contributor content in a bare
    document frame (a `<meta charset>` aside, no head element but its title)."""
    crowded = crowded_tag(text)
    if crowded is not None:
        return [crowded]
    tree = LexborHTMLParser(text)
    findings: list[Finding] = []
    refused_end: int | None = None
    for node in tree.root.traverse(include_text=False) if tree.root is not None else ():
        if refused_end is not None:
            if node.mem_id != refused_end:
                continue
            refused_end = None
        tag, attributes = node.tag, node.attributes
        if tag == "-comment" or (tag in _DOCUMENT and set(attributes) <= _DOCUMENT[tag]):
            continue
        if tag == "meta" and set(attributes) == {"charset"}:
            continue
        found = element_findings(tag, attributes)
        if found and found[0].refuses_element:
            refused_end = node_after(node) or -1
        findings += found
    return findings
