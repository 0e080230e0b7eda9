"""What ships from Markdown is what the allowlist keeps: nh3 cleans every rendered text.

`make check` and the build refuse, at its source line, whatever the allowlist
(`checks/allowlist.py`) would not keep; this is the second line. A Python-Markdown
extension, named in mkdocs.yml's `markdown_extensions`, hands the HTML of every Markdown
text the site renders (hand-written pages, articles, pages made from data) to nh3 (the
Ammonia sanitizer) with the same lists, as the last step of Markdown: a check that
lets something through by mistake does not ship it. Being an extension rather than a
hook, it runs in every engine that builds the site from mkdocs.yml: the hook's build,
the sources `generate` writes for engines without hooks, ProperDocs.

The lists are the content area's: the contributor's, and what the site's Markdown
templates add (drawings, cards, `kb-` classes, `data-search-exclude`). nh3 writes its
own serialization of what it keeps (`&para;` as `¶`, `<circle/>` as `<circle></circle>`).
"""

from __future__ import annotations

import functools
import re

import nh3
from markdown import Extension, Markdown
from markdown.postprocessors import Postprocessor

from ..checks.allowed_markup import nh3_arguments


@functools.cache
def cleaner() -> nh3.Cleaner:
    """One nh3 cleaner with the content area's allowlist (made once: it compiles the lists)."""
    return nh3.Cleaner(**nh3_arguments(with_templates=True))


def clean(html: str) -> str:
    """`html` with only what the allowlist keeps."""
    if UNCHANGED_TEXT.fullmatch(html):
        return html
    return cleaner().clean(html)


UNCHANGED_TEXT = re.compile(r"[^<>&\x00\r\xa0]*")
"""Text that nh3 hands back as it is: no tag and no character reference, nor a
character its parser or serializer rewrites (NUL, CR, the no-break space). Python-Markdown
runs its postprocessors on every heading's text for the table of contents, and MkDocs on
the page's title: ten texts a page, each ~20 µs in nh3, a fifth of its time on a
site of entries (`tests/render/test_shipped_html.py` holds nh3 to this)."""


class _CleanPostprocessor(Postprocessor):
    def run(self, text: str) -> str:
        return clean(text)


class ShippedHtmlExtension(Extension):
    """Cleans the HTML Python-Markdown writes, after every other step."""

    def extendMarkdown(self, md: Markdown) -> None:  # noqa: N802 (Python-Markdown's name)
        # After raw HTML is put back (30) and every other postprocessor: lowest priority.
        md.postprocessors.register(_CleanPostprocessor(md), "kb_shipped_html", 0)


def makeExtension(**kwargs: object) -> ShippedHtmlExtension:  # noqa: N802 (Python-Markdown's name)
    return ShippedHtmlExtension(**kwargs)
