"""A page's description: the one line a search engine, a chat preview or a feed reader shows.

Link previews cut a description after about 200 characters, and an entry's summary runs
to several sentences, so an entry's description is its `teaser` (the one line lists show)
or, without one, its summary's first sentence, never longer than `MAX_CHARS`. Every
entry page's front matter, every article's page and every social card take it from here,
so they say the same thing. Hand-written pages write their own `description`, which the
page schema holds to the same length (`maxLength` in schemas/page.schema.json).
"""

from __future__ import annotations

from ..load.files import Entry
from .lists import first_sentence

MAX_CHARS = 200
"""The most characters of a description: where link previews cut it."""


def shorten(text: str, limit: int = MAX_CHARS) -> str:
    """`text` on one line, cut at the last whole word before `limit` with an ellipsis."""
    line = " ".join(text.split())
    if len(line) <= limit:
        return line
    head = line[: limit - 1]
    if line[limit - 1] != " ":  # inside a word: drop that word
        head = head.rsplit(" ", 1)[0]
    return head.rstrip(",;:.-–—") + "…"


def entry_description(entry: Entry) -> str | None:
    """An entry's description: its teaser, else the first sentence of its summary (or,
    for a topic, of its description); None when it has neither."""
    data = entry.data
    if isinstance(data.get("teaser"), str):
        return shorten(data["teaser"])
    text = data.get("summary") or data.get("description")
    if not isinstance(text, str):
        return None
    return shorten(first_sentence(text, words=MAX_CHARS))
