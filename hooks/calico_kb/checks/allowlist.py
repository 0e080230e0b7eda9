"""What contributors may write, as data: the one allowlist every check reads.

Contributors write Markdown (and may add images, fonts, PDFs and style sheets under
docs/). Whatever their Markdown becomes in HTML must be made only of what this module
names; anything else is an error at the line that wrote it, in `make check` (which
renders each Markdown body with the site's Python-Markdown extensions) and in the
build (which checks the content area of every built page against the same lists). The
HTML that ships is then what this allowlist keeps (nh3, an Ammonia binding, cleans
every rendered Markdown text with these very lists): a hole in a check is not a hole
in the site.

Why an allowlist: a denylist names what is known to be dangerous, and each new trick
(a raw-text element parsed differently with scripting on, an id the theme reads its
configuration from, a form's `formaction`) is a hole until someone adds a rule. Here
anything not named is refused, the way GitHub's markup pipeline and Hugo keep only
what their allowlists name.

The lists:
- `ELEMENTS`: elements and, for each, the attributes it may carry (besides
  `GLOBAL_ATTRIBUTES`). No raw-text or parser-switching element (`script`, `style`,
  `noscript`, `template`, `xmp`, `iframe`, `noembed`, `noframes`, `plaintext`,
  `textarea`, `title`, `svg`, `math`), so a browser with scripting on and a checker
  with scripting off read the same tree; no forms or form controls.
- `URL_ATTRIBUTES`, `LINK_SCHEMES`: where an address may lead. Links: http(s),
  mailto or a relative path; images: a relative path (readers' addresses go to no
  other host). No backslash (`\\\\host\\path` is another host to a browser), no control
  character, no `target`.
- Values the theme or our scripts read are reserved: ids and names starting with
  `__` (Material: `__config`, `__search`, `__drawer`, `__palette_0`, `__code_0`...)
  or `kb-` (the site's scripts: `kb-explorer`...); `class` tokens come from a list
  (what the Markdown extensions write, Material's content classes) and nothing else,
  so no `md-content`, `mermaid` or `tabbed-set` that would wake a script; no `data-*`
  attribute at all (Material reads `data-md-*`, `data-copy`, `data-clipboard-text`).
- `TEMPLATE_ADDITIONS`: what the site's own templates (templates/, overrides/) add
  in the content area of generated pages: drawings, cards, the release explorer's
  script. Contributors' Markdown may not use them; the build accepts them in the
  content area because they come from reviewed templates, with data printed as text.
  Ids starting with `__` stay reserved there too: no template writes one.

What ships: every Markdown text the site renders (hand-written pages, articles and the
pages made from data, with any engine: the extension is in mkdocs.yml) goes through
nh3 (`render/shipped_html.py`) with these lists and `TEMPLATE_ADDITIONS` (less what
only the theme's 404 page writes, `THEME_PAGE_ELEMENTS`): whatever a check let through
by mistake is dropped from the page rather than shipped.
"""

from __future__ import annotations

import re

from pygments.token import STANDARD_TYPES

GLOBAL_ATTRIBUTES = frozenset({"id", "class", "title", "lang", "dir"})
"""Attributes any allowed element may carry (their values are checked below)."""

ELEMENTS: dict[str, frozenset[str]] = {
    **{
        name: frozenset()
        for name in """
        p div span br hr blockquote pre code kbd samp var em strong b i u s del ins mark small sub sup
        h1 h2 h3 h4 h5 h6 ul dl dt dd figure figcaption summary caption thead tbody tfoot tr abbr cite dfn
        q wbr
        """.split()
    },
    "a": frozenset({"href", "name"}),
    "img": frozenset({"src", "alt", "width", "height", "loading"}),
    "ol": frozenset({"start", "type", "reversed"}),
    "li": frozenset({"value"}),
    "details": frozenset({"open"}),
    "table": frozenset(),
    "th": frozenset({"style", "colspan", "rowspan", "scope"}),
    "td": frozenset({"style", "colspan", "rowspan"}),
    "col": frozenset({"span"}),
    "colgroup": frozenset({"span"}),
    "time": frozenset({"datetime"}),
}
"""Elements contributors' content may contain, with the attributes each may carry."""

REFUSED_ELEMENT_REASONS: dict[str, str] = {
    **{
        name: "browsers parse what it contains by other rules (with scripting on), so no checker can read it as they do"
        for name in "script style noscript template xmp iframe noembed noframes plaintext textarea title".split()
    },
    **{name: "foreign (SVG or MathML) content is parsed by other rules" for name in ("svg", "math")},
    **{
        name: "contributor content has no use for forms; a form or a button's formaction can post to another host"
        for name in "form button input select option optgroup fieldset label output datalist".split()
    },
    **{name: "it embeds another document" for name in "object embed frame frameset applet portal".split()},
    **{name: "the theme owns the page's <head>" for name in ("base", "meta", "link", "head", "html", "body")},
}
"""Why some elements are refused, for the message (any element not in ELEMENTS is)."""

STYLE_VALUE = re.compile(r"text-align:\s*(left|right|center);?")
"""The only `style` allowed: the alignment the tables extension writes on th/td."""

URL_ATTRIBUTES = {"a": "href", "img": "src"}
"""The one address-carrying attribute of each element that may carry one."""

LINK_SCHEMES = frozenset({"http", "https", "mailto"})
"""Schemes a link (`<a href>`) may use; any other address is a relative path."""

IMAGE_SCHEMES: frozenset[str] = frozenset()
"""Schemes an image may use: none, images are files of the site."""

URL_FORBIDDEN = re.compile(r"[\\\x00-\x20\x7f]")
"""Characters an address may not contain: a backslash (browsers read `\\\\host` as
another host), spaces and control characters (browsers drop some, which hides a scheme)."""

RESERVED_NAME_PREFIXES = ("__", "kb-")
"""`id` and `name` values the theme (`__config`, `__search`, `__code_0`...) or the
site's scripts (`kb-explorer`, `kb-not-found-query`) look up."""

NAME_VALUE = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.:-]{0,99}")
"""What an id may look like (heading ids from the toc extension always do)."""

CLASSES = frozenset(
    """
    admonition admonition-title inline end left right note abstract summary tldr info todo tip hint important
    success check done question help faq warning caution attention failure fail missing danger error bug
    example quote cite headerlink highlight highlighttable linenos linenodiv filename hll md-button
    md-button--primary
    """.split()
)
"""Class tokens contributors may use: what the Markdown extensions write (admonition
and details kinds, code blocks, heading links) and Material's documented buttons."""

_PYGMENTS_CLASSES = sorted(value for value in STANDARD_TYPES.values() if value)
CLASS_PATTERNS = (
    re.compile(r"language-[a-z0-9+#_-]{1,30}"),
    # Pygments' token classes (k, s2, nb...), with their sub-types (l-Scalar-Plain).
    re.compile(rf"(?:{'|'.join(_PYGMENTS_CLASSES)})(?:-[A-Z][A-Za-z]{{0,20}}){{0,3}}"),
)
"""Families of class tokens that code highlighting writes."""

TEMPLATE_ADDITIONS: dict[str, frozenset[str]] = {
    "svg": frozenset(
        "viewbox width height role aria-label aria-labelledby xmlns xmlns:xlink data-search-exclude".split()
    ),
    "g": frozenset({"fill", "stroke", "stroke-opacity", "font-size"}),
    "circle": frozenset({"cx", "cy", "r", "fill"}),
    "line": frozenset({"x1", "x2", "y1", "y2", "stroke-width"}),
    "path": frozenset({"d"}),
    "text": frozenset({"x", "y", "dy", "fill", "font-family", "font-size", "font-weight", "text-anchor"}),
    "title": frozenset(),
    "desc": frozenset(),
    "a": frozenset({"href", "rel", "xlink:href"}),
    "figure": frozenset({"data-search-exclude"}),
    "h2": frozenset({"data-search-exclude"}),
    "h3": frozenset({"data-search-exclude"}),
    "p": frozenset({"data-search-exclude"}),
    "article": frozenset(),
    "form": frozenset({"action", "method", "role", "aria-label"}),
    "input": frozenset({"type", "name", "required"}),
    "label": frozenset({"for"}),
    "button": frozenset({"type"}),
    "script": frozenset({"src", "data-base"}),
}
"""What the site's templates add in the content area of generated pages (drawings,
cards, the 404 page's search form, the release explorer's script): accepted in built
pages, never in contributors' Markdown."""

THEME_PAGE_ELEMENTS = frozenset({"form", "input", "label", "button", "script"})
"""Of `TEMPLATE_ADDITIONS`, what only the theme's own pages write (404.html's search
form and script), never Markdown: the cleaner of rendered Markdown does not keep them."""

TEMPLATE_CLASS_PREFIXES = ("kb-", "md-content__", "md-typeset", "md-icon", "grid", "cards")
"""Class tokens the site's templates and the theme's article write."""

PAGE_TEMPLATES = ("main.html",)
"""Templates a page's front matter may name (`template: main.html`)."""

STATIC_SUFFIXES: dict[str, str] = {
    **{suffix: "image" for suffix in (".png", ".jpg", ".jpeg", ".gif", ".webp", ".avif", ".ico")},
    **{suffix: "font" for suffix in (".woff", ".woff2", ".ttf", ".otf")},
    ".pdf": "pdf",
    ".css": "css",
    ".svg": "svg",
    ".html": "html",
    ".txt": "text",
}
"""Files docs/ may hold besides Markdown, by suffix (lower-case), with the kind their
content must be; `.svg` and `.html` only when they pass this allowlist too."""

SITE_SCRIPTS = frozenset({"assets/explorer.js", "assets/not-found.js", "assets/search-worker.js"})
"""The site's own scripts under docs/, the only `.js` files allowed there (the search
worker is named in Material's configuration, not in a `<script>`: see site/search.py)."""

THEME_PATHS = (
    "assets/javascripts/",
    "assets/stylesheets/",
    "assets/images/",
    "assets/fonts/",
    "search/",
    "pagefind/",
    "sitemap.xml",
    "sitemap.xml.gz",
    "assets/social-cards/",
    "404.html",
    "objects.inv",
)
"""Paths in the site that the theme or the build writes (Material's assets, readers'
search index and the search dialog's configuration, the sitemap, social cards): no
file of docs/ may be there. The feeds and pages the knowledge base adds are in its
plan, which reports a clash with them itself."""
