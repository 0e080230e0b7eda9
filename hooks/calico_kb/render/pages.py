"""Rendering: turn entries and the graph into Markdown pages with Jinja2 templates.

Templates produce Markdown, not HTML, so Material renders, searches and builds a
table of contents for generated pages exactly as for hand-written ones. Every value a
template prints is escaped (see `markdown_text`); only links built here are trusted.
Templates are read from the project's `templates/` folder on every build, so
`make serve` picks up edits to them.

A collection can have views besides its index: a template `<collection>-<view>.md.j2`
(other than `-index`) makes the page `<collection>/<view>.md` from the collection's
entries, e.g. `releases-explorer.md.j2` makes the release explorer.
"""

from __future__ import annotations

import functools
import json
import posixpath
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import jinja2
import yaml
from markupsafe import Markup

from .. import paths
from ..graph import ORDER_NOTE, Graph
from ..load.files import Entry
from ..notes import PART_SIZE, PlacedNote, note_anchors, profile_url, pull_request_url
from ..plan import ARTICLE_FOOTER, ARTICLE_HEADER, LATEST, LATEST_MARKER, PICTURE, PICTURE_MARKER, PlannedPage
from ..problems import Problem
from ..schema.catalog import Catalog
from ..schema.fields import choice_labels, field_node
from . import lists, markdown_text, visuals, wayfinding
from .descriptions import entry_description

_FIRST_H1 = re.compile(r"^# .*\n", re.MULTILINE)
_PLAIN_KEY = re.compile(r"(?!(?:y|n|yes|no|on|off|true|false|null)$)[a-z][a-z_]*")
_PLAIN_VALUE = re.compile(r"[A-Za-z][A-Za-z0-9,.;'()/!?&%+=-]*(?: [A-Za-z0-9,.;'()/!?&%+=-]+)+")
"""Words of letters, digits and harmless punctuation: text yaml.safe_dump leaves unquoted."""
MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]


@functools.lru_cache(maxsize=1 << 12)  # the same few thousand dates, printed in every list
def format_date(date: object) -> str:
    """ "2022" -> "2022", "2022-05" -> "May 2022", "2022-05-10" -> "10 May 2022".

    Anything else (the schema refuses it, but a filter must not fail on it: the
    problem is reported where it is written) is printed as it is.
    """
    text = str(date) if date is not None else ""
    parts = text.split("-")
    if not all(
        len(part) == size and part.isascii() and part.isdigit() for part, size in zip(parts, (4, 2, 2), strict=False)
    ):
        return text
    if len(parts) == 3 and 1 <= int(parts[1]) <= 12 and 1 <= int(parts[2]) <= 31:
        return f"{int(parts[2])} {MONTHS[int(parts[1]) - 1]} {parts[0]}"
    if len(parts) == 2 and 1 <= int(parts[1]) <= 12:
        return f"{MONTHS[int(parts[1]) - 1]} {parts[0]}"
    return text


def groupby_first(items: list[Any], attribute: str) -> list[tuple[Any, list[Any]]]:
    """Group items by a dotted attribute, groups in order of first appearance."""
    groups: dict[Any, list[Any]] = {}
    for item in items:
        value: Any = item
        for part in attribute.split("."):
            value = value.get(part) if isinstance(value, dict) else getattr(value, part)
        groups.setdefault(value, []).append(item)
    return list(groups.items())


class _DataEnvironment(jinja2.Environment):
    """Optional fields absent from an entry read as None; other misspellings fail loudly."""

    def getattr(self, obj: Any, attribute: str) -> Any:
        # Data mappings answer directly (no try/except in Jinja's path); dict methods
        # such as `items` still resolve as methods.
        if isinstance(obj, dict) and attribute not in _DICT_METHODS:
            return obj.get(attribute)
        return super().getattr(obj, attribute)


_DICT_METHODS = frozenset(dir(dict))


class TemplateProblem(Exception):
    """A template failed to render; carries the template's file and line."""

    def __init__(self, template: str, line: int, message: str):
        super().__init__(f"{template}:{line}: {message}")
        self.template, self.line, self.message = template, line, message

    def problem(self, root: Path) -> Problem:
        """The problem to report, located in the template's file relative to `root`
        (the project); a name without a folder is a file of templates/."""
        template = Path(self.template)
        if template.is_absolute() and template.is_relative_to(root):
            template = template.relative_to(root)
        elif not template.is_absolute():
            template = Path(paths.TEMPLATES_DIR) / template
        return Problem(template.as_posix(), self.line, 1, self.message)


class Renderer:
    """Renders every generated page of a knowledge base."""

    def __init__(
        self, templates_dir: Path, catalog: Catalog, graph: Graph, compiled: jinja2.BytecodeCache | None = None
    ):
        self.catalog = catalog
        self.graph = graph
        self.page_uri = ""
        """The page being rendered: links are made relative to it."""
        self._folder = ""
        self._links: dict[tuple, Markup] = {}
        """Links made so far (see `_link`); a renderer lives for one build."""
        self.templates_dir = templates_dir
        self.environment = _DataEnvironment(
            loader=jinja2.FileSystemLoader(str(templates_dir)),
            # A renderer lives for one build: no need to stat every template on every page.
            auto_reload=False,
            undefined=jinja2.StrictUndefined,
            # With autoescape on, macros return Markup; `finalize` escapes every printed
            # value for Markdown (and HTML) first, so HTML escaping never applies twice.
            autoescape=True,
            finalize=markdown_text.escape,
            keep_trailing_newline=True,
            trim_blocks=True,
            lstrip_blocks=True,
            bytecode_cache=compiled,
        )
        self.environment.globals.update(
            link=self._link,
            url=self._url,
            catalog=catalog,
            graph=graph,
            entry_of=self._entry_of,
            front_matter=self._page_front_matter,
            external=markdown_text.external_link,
            note_topics=lambda note: graph.topic_keys(note.get("topics", [])),
            page_lists=functools.partial(lists.page_lists, graph),
            choice_labels=self._choice_labels,
            order_note=ORDER_NOTE,
            note_anchors=note_anchors,
            notes_part_size=PART_SIZE,
            note_link=self._note_link,
            profile_url=profile_url,
            entry_list=self._entry_list,
        )
        # avatars, pictures, cards
        self.environment.globals.update(visuals.template_globals(graph, lambda: self.page_uri, format_date))
        self.environment.filters.update(
            date=format_date,
            join=markdown_text.join,
            groupby_first=groupby_first,
            teaser=lists.teaser,
            description=entry_description,
            note_text=markdown_text.note_text,
            note_line=markdown_text.note_line,
            author_link=self._author_link,
            pr_link=lambda pr: markdown_text.external_link(f"{pr['repository']} #{pr['number']}", pull_request_url(pr)),
        )

    @functools.cache  # noqa: B019 - a renderer lives for one build, with its catalog
    def _choice_labels(self, collection: str, field: str) -> dict[str, str]:
        """How the site names each value of a field with a vocabulary, e.g. a note's kind."""
        return choice_labels(field_node(self.catalog, collection, field))

    def render(self, page: PlannedPage) -> str:
        """The Markdown of a planned page whose kind renders with a template: the
        template gets the context its kind names (`CONTEXTS`) and the page's address."""
        context = CONTEXTS[page.page_kind.renders](self, page)
        return self._render(self._template(page.template), page.src_uri, **context)

    def _render(self, template: jinja2.Template, page_uri: str, **context: Any) -> str:
        # The helpers that make links read the page from here, not from the template's
        # context: so the macros of templates/_macros.md.j2, imported without the page's
        # context, are made once a build rather than once a page.
        self.page_uri, self._folder = page_uri, posixpath.dirname(page_uri)
        try:
            return markdown_text.tidy(template.render(page_uri=page_uri, **context))
        except jinja2.TemplateError as error:
            raise _located(error, template.name, page_uri, str(error)) from None
        except Exception as error:  # noqa: BLE001 - whatever the data, a located problem, never a traceback
            raise _located(error, template.name, page_uri, repr(error)) from None

    def _template(self, *names: str) -> jinja2.Template:
        try:
            return self.environment.get_or_select_template(list(names))
        except jinja2.TemplateSyntaxError as error:
            raise TemplateProblem(error.name or names[0], error.lineno, error.message or str(error)) from None
        except jinja2.TemplateNotFound as error:
            raise TemplateProblem(
                names[0],
                1,
                f"the template {error.name or names[0]!r} does not exist",
            ) from None

    def _url(self, target: Entry | str) -> str:
        """Relative Markdown link from the page being rendered to an entry or page."""
        src_uri = target.src_uri if isinstance(target, Entry) else target
        return paths.relative_link(src_uri, self._folder)

    def _link(self, target: Entry | str, text: object = None, attributes: str = "") -> Markup:
        # The same entries are linked from page after page (topics, people, lists of
        # entries): a link depends only on its target, text and the page's folder.
        key = (
            target if isinstance(target, str) else target.key,
            self._folder,
            text if text is None or type(text) in (str, Markup) else id(text),
            attributes,
        )
        link = self._links.get(key)
        if link is None:
            entry = self._entry_of(target) if isinstance(target, str) else target
            link = markdown_text.link(text if text is not None else entry.title, self._url(entry), attributes)
            if key[2] is text:
                self._links[key] = link
        return link

    def _entry_list(self, entries: Iterable[Entry], kind: bool = False) -> Markup:
        """A list of other entries, one line each: its link, its kind (when the heading
        does not say it), its date when known, and its short line (`lists.teaser`), never
        its whole summary. The lists of templates/_macros.md.j2 call it.

        Written here rather than as a macro: the entry pages of 5,000 entries list
        44,000 entries, and Jinja's loop took 0.2-0.3 s more of a 2.8 s render. Lines
        are not kept from page to page: that saved nothing more (a line is a few
        look-ups), and the preview would have to be told which entries a page read."""
        escape = markdown_text.escape
        lines = []
        for item in entries:
            collection = f" · {escape(self.catalog[item.collection].title)}" if kind else ""
            date = item.date
            shown_date = f" · {escape(format_date(date))}" if date else ""
            teaser = lists.teaser(item)
            line = f": {escape(teaser)}" if teaser else ""
            lines.append(f"- {self._link(item)}{collection}{shown_date}{line}\n")
        return Markup("".join(lines))

    def _note_link(self, placed: PlacedNote, text: object) -> Markup:
        """A link to a note where its release's page shows it (`notes.note_anchors`)."""
        return markdown_text.link(text, f"{self._url(placed.release)}#{placed.anchor}")

    def _author_link(self, handle: str) -> Markup:
        """ "@handle", linked to the handle's page: its person's, or its contributor page."""
        return markdown_text.link(f"@{handle}", self._url(self.graph.contributors.page_of(handle)))

    def _entry_of(self, key: str) -> Entry:
        return self.graph.entries[key]

    @staticmethod
    @jinja2.pass_context
    def _page_front_matter(context: jinja2.runtime.Context, **fields: Any) -> Markup:
        """`front_matter` for templates: an entry page's also carries its place."""
        return Renderer._front_matter(context.get("place"), **fields)

    @staticmethod
    def _front_matter(place: dict[str, Any] | None = None, /, **fields: Any) -> Markup:
        kept = {k: v for k, v in fields.items() if v not in (None, "", [], {})}
        # An entry page's place (render/wayfinding.py), as JSON: YAML reads it, and
        # it needs neither quoting rules nor PyYAML's slow emitter.
        placed = "".join(f"{k}: {json.dumps(v, sort_keys=True, allow_nan=False)}\n" for k, v in (place or {}).items())
        if not kept and not placed:
            return Markup("")
        if all(type(v) is str and _PLAIN_VALUE.fullmatch(v) and _PLAIN_KEY.fullmatch(k) for k, v in kept.items()):
            # Plain text that PyYAML writes as it is, without its (slow, pure-Python) emitter.
            text = "".join(f"{k}: {v}\n" for k, v in kept.items())
        else:
            text = yaml.safe_dump(kept, allow_unicode=True, sort_keys=False, width=1_000_000)
        return Markup(f"---\n{text}{placed}---\n\n")


def _located(error: Exception, name: str | None, page_uri: str, said: str) -> TemplateProblem:
    """The template line an error happened on, from the traceback Jinja rewrote (it
    rewrites the traceback of any exception raised while rendering)."""
    line = getattr(error, "lineno", None) or 1
    template = getattr(error, "name", None) or name or "template"
    traceback = error.__traceback__
    while traceback is not None:
        filename = traceback.tb_frame.f_code.co_filename
        if filename.endswith(".j2"):
            template, line = filename, traceback.tb_lineno
        traceback = traceback.tb_next
    return TemplateProblem(template, line, f"while rendering {page_uri}: {said}")


def _entry_context(renderer: Renderer, page: PlannedPage) -> dict[str, Any]:
    graph = renderer.graph
    return {"entry": renderer._entry_of(page.subject), "place": wayfinding.place_meta(graph, page.src_uri)}


def _collection_context(renderer: Renderer, page: PlannedPage) -> dict[str, Any]:
    return {"collection": renderer.catalog[page.collection], "entries": renderer.graph.by_collection(page.collection)}


def _contributor_context(renderer: Renderer, page: PlannedPage) -> dict[str, Any]:
    contributors = renderer.graph.contributors
    return {
        "contributor": contributors.of(page.subject),
        "place": wayfinding.contributor_place(contributors.neighbours(page.subject)),
    }


def _contributors_context(renderer: Renderer, page: PlannedPage) -> dict[str, Any]:
    return {"contributors": renderer.graph.contributors.everyone()}


def _group_context(renderer: Renderer, page: PlannedPage) -> dict[str, Any]:
    members = [c for c in renderer.catalog.collections.values() if c.nav_group == page.subject]
    description = f"{page.subject}: {', '.join(c.plural for c in members)}."
    return {"group": page.subject, "collections": members, "description": description}


CONTEXTS: dict[str, Any] = {
    "entry": _entry_context,
    "collection": _collection_context,
    "group": _group_context,
    "contributor": _contributor_context,
    "contributors": _contributors_context,
    "page": lambda renderer, page: {},
}
"""What a template gets besides `page_uri`, by the name a kind gives (`plan.PageKind.renders`)."""


def with_additions(markdown: str, additions: dict[str, str], *, article: bool) -> str:
    """A hand-written page's Markdown with its additions (their texts by kind, see
    `plan`) in their places: an article's header under its title and its footer below,
    the latest entries and the picture at their markers. An addition that is missing
    (its template failed, in the preview) leaves its place empty."""
    if article:
        title = _FIRST_H1.search(markdown)
        at = title.end() if title else 0
        markdown = f"{markdown[:at]}\n{additions.get(ARTICLE_HEADER, '')}\n{markdown[at:]}"
        if ARTICLE_FOOTER in additions:
            markdown = markdown.rstrip("\n") + "\n\n" + additions[ARTICLE_FOOTER]
    markdown = markdown.replace(LATEST_MARKER, additions.get(LATEST, ""))
    return markdown.replace(PICTURE_MARKER, additions.get(PICTURE, ""))
