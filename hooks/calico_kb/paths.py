"""Every path and address rule of the knowledge base, in one place.

Where an entry's file lives, where its page appears, what address MkDocs gives that
page and which file it writes: each rule is written once here, so the loader, the plan,
the templates, the feeds, the scaffold, the hints and the built-site checker cannot
disagree (compare Material's blog plugin, whose URL formats live in its config).

Pages are named as MkDocs names them: `src_uri` is the page's path inside the docs
folder ("releases/calico-v3-23.md"), `dest_uri` the file written into the site
("releases/calico-v3-23/index.html", with MkDocs' default `use_directory_urls`).
"""

from __future__ import annotations

import os
import posixpath
import re

DATA_DIR = "data"
DOCS_DIR = "docs"
SCHEMAS_DIR = "schemas"
TEMPLATES_DIR = "templates"

DATA_FILE = DATA_DIR + "/{collection}/{slug}.yaml"
"""An entry of a YAML collection."""
SCHEMA_FILE = SCHEMAS_DIR + "/{collection}.schema.json"

ENTRY_PAGE = "{collection}/{slug}.md"
INDEX_PAGE = "{collection}/index.md"
VIEW_PAGE = "{collection}/{view}.md"
GROUP_PAGE = "{group}/index.md"
"""The page of a nav group of collections (`x-kb-nav`), e.g. learn/index.md."""
REFERENCE_PAGE = "contribute/reference.md"
"""The data model reference, generated from the schemas."""

ENTRY_TEMPLATE = "{collection}.md.j2"
INDEX_TEMPLATE = "{collection}-index.md.j2"
VIEW_TEMPLATE = "{collection}-{view}.md.j2"
"""A template `<collection>-<view>.md.j2` (other than -index) makes a view page."""

FEED_NAMES = ("feed.xml", "feed.json")
"""Each feed channel is written in both formats (RSS 2.0, JSON Feed 1.1)."""

NOT_FOUND_PAGE = "404.html"
"""Served by the host for any missing address; no link leads to it."""


def entry_key(collection: str, slug: str) -> str:
    """How entries refer to each other: "collection/slug"."""
    return f"{collection}/{slug}"


def entry_page(collection: str, slug: str) -> str:
    return ENTRY_PAGE.format(collection=collection, slug=slug)


def index_page(collection: str) -> str:
    return INDEX_PAGE.format(collection=collection)


def view_page(collection: str, view: str) -> str:
    return VIEW_PAGE.format(collection=collection, view=view)


def group_page(group: str) -> str:
    """ "Learn" -> "learn/index.md"."""
    return GROUP_PAGE.format(group=re.sub(r"[^a-z0-9]+", "-", group.lower()).strip("-") or "group")


def feed_file(directory: str, name: str) -> str:
    """A feed inside the site: "feed.xml" for the whole site, "releases/feed.xml"."""
    return f"{directory}/{name}" if directory else name


def page_url(src_uri: str) -> str:
    """The directory URL MkDocs gives a page: "a/b.md" -> "a/b/", "a/index.md" -> "a/"."""
    stem = src_uri.removesuffix(".md")
    if stem == "index" or stem.endswith("/index") or stem == "README" or stem.endswith("/README"):
        stem = posixpath.dirname(stem)
    return f"{stem}/" if stem else ""


def page_file(src_uri: str) -> str:
    """The file MkDocs writes for a page: "a/b.md" -> "a/b/index.html"."""
    return page_url(src_uri) + "index.html"


def dest_url(dest_uri: str) -> str:
    """The address readers use for a file of the site, from its root:
    "a/b/index.html" -> "/a/b/", "index.html" -> "/", "404.html" -> "/404.html"."""
    if dest_uri == "index.html":
        return "/"
    return "/" + (dest_uri.removesuffix("index.html") if dest_uri.endswith("/index.html") else dest_uri)


def stays_inside(relative: str) -> bool:
    """True when a relative path names a place inside its folder, written plainly."""
    normalized = posixpath.normpath(relative)
    return normalized == relative and not normalized.startswith(("/", "../")) and normalized != ".."


def edit_path(source_path: str) -> str:
    """The edit link of a page made from `source_path`, relative to MkDocs' `edit_uri`.

    `edit_uri` points at the docs folder of the repository (it must, for the edit links
    of hand-written pages to work), so a file elsewhere in the repository is reached
    from there: "data/people/ada.yaml" -> "../data/people/ada.yaml".
    """
    return relative_link(source_path, DOCS_DIR)  # posixpath.relpath, without its calls of os.getcwd()


def relative_link(target: str, start: str) -> str:
    """`posixpath.relpath(target, start or ".")` for paths inside docs/, without its
    two calls of os.getcwd(): a link is made for every entry listed on every page."""
    to, base = target.split("/"), start.split("/") if start else []
    if any(part in ("", ".", "..") for part in to + base):  # not plain segments: the general way
        return posixpath.relpath(target, start or ".")
    common = 0
    while common < min(len(to), len(base)) and to[common] == base[common]:
        common += 1
    return "/".join([".."] * (len(base) - common) + to[common:]) or "."


LINK_HINT = "copy the file or folder instead of linking to it: links are never followed"
"""What to do about a symbolic link under the folders the site is made from (none is
followed: load/walk.py; a schema that is one is not read: schema/catalog.py)."""


def link_message(path: str) -> str:
    """What to say about the symbolic link at `path`."""
    try:
        target = os.readlink(path)
    except OSError:
        target = "?"
    return f"a symbolic link (to {target!r}), which the site does not follow"
