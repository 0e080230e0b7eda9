"""The command line: `python -m calico_kb check` and friends, without MkDocs.

Exit status 0 means no problems, 1 means problems were printed, 2 means the command
was used wrongly. Problems are printed, never raised as tracebacks.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .knowledge_base import Project, build_knowledge_base, generate_pages
from .problems import format_problems


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m calico_kb", description="Tools for the Calico community knowledge base.")
    parser.add_argument("--root", type=Path, default=Path.cwd(), help="project root (default: the current directory)")
    commands = parser.add_subparsers(dest="command", required=True)
    check = commands.add_parser("check", help="validate data files and front matter without building")
    check.add_argument("--format", choices=["text", "github"], default="text",
                       help="'github' prints GitHub Actions annotations")
    arguments = parser.parse_args(argv)
    if arguments.command == "check":
        return run_check(Project(arguments.root.resolve()), arguments.format)
    return 2  # pragma: no cover - argparse rejects unknown commands


def run_check(project: Project, style: str = "text") -> int:
    """Validate everything and render pages (to catch collisions), printing problems."""
    kb = build_knowledge_base(project)
    _, collisions = generate_pages(kb)
    problems = kb.problems + collisions
    if problems:
        print(format_problems(problems, style))
        count = len(set(problems))
        print(f"{count} problem{'s' if count != 1 else ''} found.", file=sys.stderr)
        return 1
    entries = len(kb.sources.entries)
    print(f"OK: {entries} entries and {len(kb.sources.pages)} pages checked.", file=sys.stderr)
    return 0
