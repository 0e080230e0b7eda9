"""Compiled Jinja templates, kept in memory for the life of a process and on disk
between processes (under `cache.cache_root`).

Every build makes new Jinja environments, ours (`render.pages`) and the theme's, and
compiling their templates again was a third of building a small site and a fifth of a
preview rebuild. Jinja's own `FileSystemBytecodeCache` keys code by template name and
file path only, so one cache shared by many projects or environments could hand one of
them another's code; here the key is the environment's syntax options, the template's
name and its source, and Jinja checks the source's checksum again when it loads the code.
A cache that cannot be written only makes builds slower, never wrong.
"""

from __future__ import annotations

import functools
import hashlib
from pathlib import Path

import jinja2
from jinja2.bccache import Bucket

from ..cache import keep


class CompiledTemplates(jinja2.BytecodeCache):
    def __init__(self, folder: Path | None):
        self.folder = folder
        self.code: dict[str, bytes] = {}

    def get_bucket(self, environment: jinja2.Environment, name: str, filename: str | None, source: str) -> Bucket:
        key = hashlib.sha256(
            "\0".join([_syntax(environment), name, source]).encode("utf-8", "surrogatepass")
        ).hexdigest()
        bucket = Bucket(environment, key, self.get_source_checksum(source))
        self.load_bytecode(bucket)
        return bucket

    def load_bytecode(self, bucket: Bucket) -> None:
        code = self.code.get(bucket.key)
        if code is None and self.folder is not None:
            try:
                code = (self.folder / f"{bucket.key}.jinja").read_bytes()
            except OSError:
                return
            self.code[bucket.key] = code
        if code is not None:
            bucket.bytecode_from_string(code)

    def dump_bytecode(self, bucket: Bucket) -> None:
        code = bucket.bytecode_to_string()
        self.code[bucket.key] = code
        if self.folder is not None:
            keep(self.folder / f"{bucket.key}.jinja", code)


def _syntax(environment: jinja2.Environment) -> str:
    """The options that change what a template compiles to, and how its filters and
    tests are called."""
    autoescape = environment.autoescape
    return repr(
        (
            type(environment).__qualname__,
            environment.block_start_string,
            environment.block_end_string,
            environment.variable_start_string,
            environment.variable_end_string,
            environment.comment_start_string,
            environment.comment_end_string,
            environment.line_statement_prefix,
            environment.line_comment_prefix,
            environment.trim_blocks,
            environment.lstrip_blocks,
            environment.newline_sequence,
            environment.keep_trailing_newline,
            environment.optimized,
            autoescape if isinstance(autoescape, bool) else getattr(autoescape, "__qualname__", "callable"),
            sorted(environment.extensions),
            # A filter or test that takes the context (or the environment) is compiled
            # into a call that passes it: code compiled before it changed would call it wrong.
            sorted((name, str(getattr(f, "jinja_pass_arg", None))) for name, f in environment.filters.items()),
            sorted((name, str(getattr(f, "jinja_pass_arg", None))) for name, f in environment.tests.items()),
        )
    )


@functools.cache
def compiled_templates(folder: Path) -> CompiledTemplates:
    """The one cache of a folder in this process (a serve process keeps it between rebuilds)."""
    return CompiledTemplates(folder)
