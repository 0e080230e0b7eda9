"""Addresses written into raw HTML (pictures, cards), which MkDocs does not rewrite.

MkDocs turns a Markdown link to `../people/ada.md` into the page's address, but leaves
raw HTML alone: links there must already be what the browser resolves, the relative
directory URL of the target page seen from the page's own directory URL.
"""

from __future__ import annotations

from ..paths import page_url, relative_link


def page_href(target_uri: str, page_uri: str) -> str:
    """From the page made of `page_uri` to the page made of `target_uri` (both paths
    inside docs/): "topics/ebpf.md" -> "people/ada.md" gives "../../people/ada/"."""
    relative = relative_link(page_url(target_uri).rstrip("/"), page_url(page_uri).rstrip("/"))
    return "./" if relative == "." else relative + "/"
