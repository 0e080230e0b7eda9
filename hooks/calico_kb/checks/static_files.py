"""Static files under docs/ that a browser renders: checked like the pages.

MkDocs copies every file of docs/ that is not Markdown into the site as it is, so an
`.html` page or an `.svg` drawing with a script in it would ship live. Each is held
to the content policy (`html_policy`): HTML files through the same HTML5 parser as
the built pages (without Material's inline scripts, which only its pages carry),
SVG and XML files through an XML parser, as browsers read them.
"""

from __future__ import annotations

from pathlib import Path

from ..problems import Problem, locate
from .html_policy import Site, html_findings, xml_findings

HTML_SUFFIXES = (".html", ".htm")
XML_SUFFIXES = (".svg", ".xml", ".xhtml", ".xht")


def static_file_problems(docs_dir: Path, static_files: list[str], docs_prefix: str = "docs/") -> list[Problem]:
    """Problems of the static files (paths inside `docs_dir`) that a browser renders."""
    problems: list[Problem] = []
    for src_uri in static_files:
        source, path, lower = docs_prefix + src_uri, docs_dir / src_uri, src_uri.lower()
        if not lower.endswith(HTML_SUFFIXES + XML_SUFFIXES):
            continue
        try:
            text = path.read_bytes().decode("utf-8", errors="replace")
        except OSError as error:
            problems.append(Problem(source, 1, 1, f"cannot read the file: {error.strerror}"))
            continue
        if lower.endswith(HTML_SUFFIXES):
            findings = html_findings(text, src_uri, Site(), material=False)
        else:
            findings = xml_findings(text)
        for finding in findings:
            where = locate(text, [finding.needle]) or (1, 1)
            problems.append(
                Problem(
                    source,
                    *where,
                    f"this file is copied into the site as it is, and has {finding.message}",
                    finding.hint,
                )
            )
    return problems
