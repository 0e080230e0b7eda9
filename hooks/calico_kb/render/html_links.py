"""Addresses written into raw HTML (pictures, cards), which MkDocs does not rewrite.

MkDocs turns a Markdown link to `../people/ada.md` into the page's address, but leaves
raw HTML alone: links there must already be what the browser resolves, the relative
directory URL of the target page seen from the page's own directory URL.
"""
from __future__ import annotations

import posixpath


def page_href(target_uri: str, page_uri: str) -> str:
    """From the page made of `page_uri` to the page made of `target_uri` (both paths
    inside docs/): "topics/ebpf.md" -> "people/ada.md" gives "../../people/ada/"."""
    here = directory_url(page_uri).rstrip("/")
    there = directory_url(target_uri).rstrip("/")
    relative = posixpath.relpath(there or ".", here or ".")
    return "./" if relative == "." else relative + "/"


def directory_url(src_uri: str) -> str:
    """The rule of `pipeline.page_url`, which the renderer cannot import (pipeline imports
    the renderer): "a/b.md" -> "a/b/", "a/index.md" -> "a/"; to become paths.page_url."""
    stem = src_uri.removesuffix(".md")
    if stem == "index" or stem.endswith("/index"):
        stem = posixpath.dirname(stem)
    return f"{stem}/" if stem else ""
