"""The content policy, checked where it matters: in the HTML the browser will run.

Markdown, the templates, the theme and its overrides all add to a page, and each
reads its input by its own rules; a checker that imitates one of them disagrees with
it somewhere, and every disagreement is a live payload. So the boundary is the final
HTML of every page, parsed by an HTML5 parser (Lexbor, through selectolax) that builds
the tree a browser builds: comments, character references, raw-text elements, tags
spread over lines and foreign (SVG) content are read as a browser reads them, and
whatever is refused is refused in the page readers get.

Refused: event handler attributes; `javascript:`, `vbscript:` and `data:` addresses
in any attribute a browser follows or loads (after decoding references and dropping
the spaces and control characters a browser drops); `style` that loads anything;
scripts other than Material's own and the site's files under `assets/`; `<meta>`,
`<link>`, `<base>` and `<style>` outside `<head>`; a form that submits off the site;
and every element outside an allowlist of what Markdown, its extensions and Material
write (no `iframe`, `object`, `embed`, `template`, `math`, SVG `script` or
`foreignObject`...). Static `.svg` files, which browsers read as XML, are checked with
the standard library's XML parser against the same rules (`static_files`; docs/ may
hold no other XML).
"""

from __future__ import annotations

import dataclasses
import functools
import importlib.util
import json
import posixpath
import re
import sys
import xml.etree.ElementTree as ElementTree
from collections.abc import Callable, Iterable, Iterator, Mapping
from pathlib import Path
from urllib.parse import urlsplit

from selectolax.lexbor import LexborHTMLParser, LexborNode

from ..problems import quote
from . import allowed_markup
from .allowed_markup import Finding

URL_ATTRIBUTES = frozenset(
    {
        "href",
        "src",
        "srcset",
        "imagesrcset",
        "action",
        "formaction",
        "poster",
        "data",
        "cite",
        "background",
        "xlink:href",
        "ping",
        "longdesc",
        "lowsrc",
        "dynsrc",
        "codebase",
        "manifest",
        "icon",
        "usemap",
        "archive",
        "classid",
        "itemtype",
    }
)
"""Attributes whose value a browser follows, loads or runs as an address."""

UNSAFE_SCHEMES = frozenset({"javascript", "vbscript", "data"})
"""Address schemes that run code or smuggle a document in: never in a page."""

HTML_ELEMENTS = frozenset(
    """
    html head body title meta link style script
    a abbr address article aside audio b bdi bdo blockquote br button caption cite code col colgroup data
    datalist dd del details dfn dialog div dl dt em fieldset figcaption figure footer form h1 h2 h3 h4 h5 h6
    header hgroup hr i img input ins kbd label legend li main map area mark menu meter nav ol optgroup option
    output p picture pre progress q rp rt ruby s samp search section select small source span strong sub
    summary sup table tbody td textarea tfoot th thead time tr track u ul var video wbr
""".split()
)
"""Elements a page may contain: what Markdown, its extensions, Material and the
site's overrides write (`script`, `form` and the head-only ones under conditions)."""

SVG_ELEMENTS = frozenset(
    """
    svg g path circle ellipse line polyline polygon rect text tspan textpath defs symbol use title desc
    lineargradient radialgradient stop clippath mask pattern marker image filter fegaussianblur feoffset
    feblend fecolormatrix fecomposite feflood femerge femergenode femorphology view metadata
""".split()
)
"""SVG elements allowed (lower-cased): drawing only; no `script`, `foreignObject`,
`animate`/`set` (which can rewrite an `href` into a script) or `handler`."""

HEAD_ONLY_ELEMENTS = frozenset({"title", "meta", "link", "style", "base"})
"""Elements that change how the whole page loads: the theme writes them in `<head>`."""

_PLAIN_ELEMENTS = (HTML_ELEMENTS | SVG_ELEMENTS) - HEAD_ONLY_ELEMENTS - {"script", "style", "meta", "form"}
"""Elements allowed anywhere without a rule of their own, as the parser names them."""
_PLAIN_IN_BODY = _PLAIN_ELEMENTS | {"title"}
"""Elements whose attributes are all the rules read, in <body> (SVG's `title`)..."""
_PLAIN_IN_HEAD = _PLAIN_IN_BODY | {"link"}
"""...and in <head>, where the theme writes its links (`meta` has a rule of its own)."""

_REFUSED_HINT = "contributors write Markdown; pages carry no HTML that runs, embeds or loads other documents"
_EVENT_HINT = "remove it; pages carry no scripts of their own"
_SCHEME_HINT = "link with http(s), mailto or a relative path"
_SCRIPT_HINT = "scripts come from Material or from files under docs/assets/"

_SCHEME = re.compile(r"([a-zA-Z][a-zA-Z0-9+.-]*):")
_TAB_OR_NEWLINE = str.maketrans("", "", "\t\n\r")
_C0_AND_SPACE = "".join(chr(code) for code in range(0x21))
_CSS_ESCAPE = re.compile(r"\\([0-9a-fA-F]{1,6})[ \t\n\r\f]?|\\(.)", re.DOTALL)
_CSS_COMMENT = re.compile(r"/\*.*?(?:\*/|$)", re.DOTALL)  # lazy, one pass: linear
_CSS_LOADS = (
    "url(",
    "image(",
    "image-set(",
    "cross-fade(",
    "element(",
    "expression(",
    "@import",
    "binding",
    "behavior",
    "src(",
)

MATERIAL_PARTIALS = ("base.html", "palette.html", "content.html", "announce.html")
"""Material's partials (templates/partials/javascripts/) whose inline scripts the site
runs; consent and analytics scripts are not allowed: the site uses neither."""


def material_inline_scripts(partials: tuple[str, ...] = MATERIAL_PARTIALS) -> dict[str, re.Pattern[str]]:
    """Material's own inline scripts, read from the installed theme, as patterns whose one
    variable part, a Jinja expression of the base URL, matches any relative or
    root-relative path. Read from the theme rather than copied here, so an upgrade of
    Material cannot leave the allowlist behind."""
    spec = importlib.util.find_spec("material")
    if spec is None or not spec.submodule_search_locations:
        return {}
    folder = Path(spec.submodule_search_locations[0]) / "templates" / "partials" / "javascripts"
    patterns: dict[str, re.Pattern[str]] = {}
    for partial in partials:
        text = (folder / partial).read_text(encoding="utf-8") if (folder / partial).is_file() else ""
        for index, script in enumerate(re.findall(r"<script>(.*?)</script>", text, re.DOTALL)):
            literal = "".join(
                _BASE_URL if part.startswith("{{") else re.escape(part) for part in re.split(r"(\{\{.*?\}\})", script)
            )
            patterns[partial if index == 0 else f"{partial} ({index + 1})"] = re.compile(literal)
    return patterns


_BASE_URL = r"[\w./-]*"
MATERIAL_INLINE_SCRIPTS = material_inline_scripts()
"""Material's inline scripts, by the partial that writes them."""

STRUCTURED_DATA_TYPE = "application/ld+json"
"""The one script type of the site's own: schema.org JSON-LD, JSON data only
(hooks/calico_kb/render/structured_data.py, printed by overrides/main.html)."""
MATERIAL_CONFIG_SCRIPT_ID = "__config"
"""Material's configuration: `<script id="__config" type="application/json">`, data only."""


@dataclasses.dataclass(frozen=True)
class Site:
    """Where the site lives, to tell its own addresses from others."""

    host: str = ""
    """The host of `site_url`, lower-cased ("" when unknown)."""
    prefix: str = "/"
    """The path of the site's root on its host, ending in "/"."""

    @classmethod
    def from_url(cls, site_url: str | None) -> Site:
        parts = urlsplit(site_url or "")
        path = parts.path or "/"
        return cls(parts.netloc.lower(), path if path.endswith("/") else path + "/")

    def path_in_site(self, url: str, page_path: str) -> str | None:
        """The site-relative path `url` leads to from the page at `page_path`, or None
        when it leads off the site (another host, or above the site's root)."""
        try:
            parts = urlsplit(url.strip())
        except ValueError:
            return None
        if (parts.scheme or parts.netloc) and not (
            parts.scheme.lower() in ("http", "https", "") and parts.netloc.lower() == self.host
        ):
            return None
        path = parts.path
        if path.startswith("/"):
            return path[len(self.prefix) :] if (path + "/").startswith(self.prefix) else None
        joined = posixpath.normpath(posixpath.join(posixpath.dirname(page_path), path or "."))
        return None if joined == ".." or joined.startswith("../") else joined


def is_event_handler(attribute: str) -> bool:
    """True for attributes such as `onclick` and `onerror` that run code."""
    name = attribute.lower().rpartition(":")[2]
    return len(name) > 2 and name.startswith("on") and name[2:].isalpha() and name.isascii()


def unsafe_scheme(url: str) -> str | None:
    """The scheme of `url` if it is one of UNSAFE_SCHEMES as a browser reads it, else None.

    `url` is an attribute value with its character references already decoded. A
    browser strips spaces and control characters around an address and ignores tabs
    and newlines inside it, so `" java\\tscript:"` is a script too.
    """
    match = _SCHEME.match(url.translate(_TAB_OR_NEWLINE).strip(_C0_AND_SPACE))
    if match and match.group(1).lower() in UNSAFE_SCHEMES:
        return match.group(1).lower()
    return None


def url_values(attribute: str, value: str) -> list[str]:
    """The addresses in an attribute value: one, or the first word of each candidate
    of a `srcset`."""
    if attribute.lower() not in ("srcset", "imagesrcset"):
        return [value]
    return [candidate.split()[0] for candidate in value.split(",") if candidate.strip()]


def possible_addresses(attribute: str, value: str) -> list[str]:
    """Whatever in an attribute value a browser may take for an address: the value, or
    for a `srcset` each word and each part of a word after a comma (a superset of
    what the srcset parsing algorithm finds, since no scheme contains a comma)."""
    if attribute.lower() not in ("srcset", "imagesrcset"):
        return [value]
    return [piece for word in value.split() for piece in word.split(",") if piece]


def style_loads(css: str) -> bool:
    """True when CSS (a `style` attribute or element) can load or run anything."""
    css = _CSS_COMMENT.sub("", _CSS_ESCAPE.sub(_unescape_css, css))
    compact = "".join(css.lower().split())
    return any(load in compact for load in _CSS_LOADS)


def _unescape_css(match: re.Match[str]) -> str:
    if match.group(1):
        code = int(match.group(1), 16)
        return chr(code) if 0 < code < 0x110000 else "\ufffd"
    return match.group(2)


def html_findings(text: str, page_path: str, site: Site, *, material: bool = True) -> list[Finding]:
    """Everything the policy refuses in one HTML page of the site at `page_path`.

    With `material`, the page is one of the theme's, which may carry Material's own
    inline scripts; a static HTML file may not.
    """
    crowded = crowded_tag(text)
    if crowded is not None:
        return [crowded]
    return tree_findings(LexborHTMLParser(text), page_path, site, material=material)


MAX_ATTRIBUTES = 1_000
"""No element of a real page comes near this many attributes; an HTML5 parser drops
repeated attributes by comparing each new one with those before it, so a tag with
100,000 of them takes minutes to parse. Such a page is refused before it is parsed."""
_TAG = re.compile(r"<[^<>]*>")  # a character class run: one pass, no backtracking


def crowded_tag(text: str) -> Finding | None:
    """A tag with more than MAX_ATTRIBUTES attributes (counted by its '=' signs, an
    upper bound for a guard, not a rule), or None."""
    if text.count("=") <= MAX_ATTRIBUTES:
        return None
    for match in _TAG.finditer(text):
        tag = match.group()
        if tag.count("=") > MAX_ATTRIBUTES:
            needle = tag[:40]
            return Finding(
                f"a tag with more than {MAX_ATTRIBUTES:,} attributes ({needle}…)",
                "split the markup: no element needs that many attributes",
                needle,
                refuses_element=True,
            )
    return None


Visit = Callable[[str, dict[str, str | None]], None]
"""Called with the tag and attributes of elements of a page, as `tree_findings` walks it."""

PART_MARKER = "kb-chrome-part"
"""The element that stands in a page's tree for a part of the chrome already judged
(`site.html.SharedReading`); it is taken for one only where the reader put it."""


def tree_findings(
    tree: LexborHTMLParser,
    page_path: str,
    site: Site,
    *,
    material: bool = True,
    visit: Visit | None = None,
    reads: frozenset[str] = frozenset(),
    parts: Mapping[int, Callable[[], Iterable[Finding]]] | None = None,
) -> list[Finding]:
    """`html_findings` of a page already parsed. The site checker reads links and
    anchors in the same walk (`visit`, called for the elements that have one of the
    attributes `reads`): reading an element's
    attributes is most of what a walk costs. `parts` maps the `mem_id` of each
    `PART_MARKER` element put in the tree to what the part it stands for holds: its
    findings are the walk's there.

    Material's own chrome is held to the rules above; the content area of a page
    (`article.md-content__inner`, where Markdown and the site's templates write) is held
    to the allowlist (`allowlist`, with what the site's templates add)."""
    walk = _Walk(page_path, site, material, visit, reads, parts or {})
    for part, in_head in ((tree.head, True), (tree.body, False)):
        if part is not None:
            walk.walk(part.traverse(include_text=False), in_head)
    return walk.findings


def part_findings(
    node: LexborNode, page_path: str, site: Site, *, visit: Visit | None = None, reads: frozenset[str] = frozenset()
) -> list[Finding]:
    """The findings of a walk of `node` and all it contains, an element of a page's
    <body> outside its content area and outside any refused element."""
    walk = _Walk(page_path, site, True, visit, reads, {})
    walk.walk(node.traverse(include_text=False), False)
    return walk.findings


class _Walk:
    """The state of `tree_findings`' walk through one page."""

    def __init__(
        self,
        page_path: str,
        site: Site,
        material: bool,
        visit: Visit | None,
        reads: frozenset[str],
        parts: Mapping[int, Callable[[], Iterable[Finding]]],
    ):
        self.page_path, self.site, self.material, self.visit, self.reads = page_path, site, material, visit, reads
        self.parts = parts
        self.findings: list[Finding] = []
        self.refused_end: int | None = None
        """The first node after a refused element, while the walk is in it: one problem
        for a refused element, none for what it contains."""
        self.content_end: int | None = None
        """The first node after the content area, while the walk is in it."""

    def walk(self, nodes: Iterable[LexborNode], in_head: bool) -> None:  # noqa: C901
        """Judge each element of `nodes`, in document order.

        Every element of every page comes here, ~200 a page: the loop is written out in
        one piece (no call for the common case, an allowed element with inert
        attributes, or an element of the content area the allowlist has judged before)."""
        visit, reads, parts, findings = self.visit, self.reads, self.parts, self.findings
        content_end, refused_end = self.content_end, self.refused_end
        verdicts, chrome_verdicts, allows = _VERDICTS, _CHROME_VERDICTS, allowed_markup.allows
        content_plain = _CONTENT_PLAIN
        plain = _PLAIN_IN_HEAD if in_head else _PLAIN_IN_BODY
        for node in nodes:
            if content_end is not None or refused_end is not None:
                mem_id = node.mem_id
                if mem_id == content_end:
                    content_end = None
                if refused_end is not None:
                    if mem_id != refused_end:
                        continue
                    refused_end = None
            tag = node.tag
            if tag == "-comment":
                continue
            if tag == PART_MARKER and node.mem_id in parts:
                findings.extend(parts[node.mem_id]())
                continue
            attributes = node.attributes
            if attributes and visit is not None and not reads.isdisjoint(attributes):
                visit(tag, attributes)
            if content_end is not None:
                if tag in content_plain and (not attributes or allows(tag, attributes, True)):
                    continue
                found = verdicts.get((tag, *attributes.items()) if attributes else tag)
                if found is None:
                    found = _allowlist_findings(tag, attributes)
                if not found and tag in _ELEMENT_RULES:
                    found = tuple(_ELEMENT_RULES[tag](node, _Page(self.page_path, self.site, self.material)))
            elif tag == "article" and self.material and "md-content__inner" in (attributes.get("class") or ""):
                # Material's article opens the content area (held to the allowlist); the
                # article itself is the theme's, held to the chrome's rules like its parents.
                content_end = allowed_markup.node_after(node)
                key = (in_head, tag, *attributes.items())
                found = chrome_verdicts.get(key)
                if found is None:
                    found = _chrome_verdict(key, node, attributes, in_head)
            elif tag in plain and (attributes.keys() <= _INERT_ATTRIBUTES or _inert(attributes)):
                continue
            elif tag == "meta" and in_head and "http-equiv" not in attributes and _inert(attributes):
                continue  # `_meta_rule` reads nothing else
            elif tag in _TEXT_OR_PAGE_RULES:
                found = tuple(_element_findings(node, attributes, in_head, self.page_path, self.site, self.material))
            else:
                key = (in_head, tag, *attributes.items())
                found = chrome_verdicts.get(key)
                if found is None:
                    found = _chrome_verdict(key, node, attributes, in_head)
            if found:
                if found[0].refuses_element:
                    refused_end = allowed_markup.node_after(node) or -1
                findings.extend(found)
        self.content_end, self.refused_end = content_end, refused_end


_VERDICTS: dict[tuple, tuple[Finding, ...]] = {}
"""The allowlist's verdict on each element seen in a content area, by its tag and
attributes: pages repeat most of their elements (list items, headings, links to the
same pages), and the verdict depends on nothing else."""


def _allowlist_findings(tag: str, attributes: dict[str, str | None]) -> tuple[Finding, ...]:
    key = (tag, *attributes.items()) if attributes else tag
    found = _VERDICTS.get(key)
    if found is None:
        if len(_VERDICTS) >= 10_000:  # bounded: a big site's elements come and go (~3 MB)
            _VERDICTS.clear()
        found = _VERDICTS[_interned(key)] = tuple(
            allowed_markup.element_findings(tag, attributes, with_templates=True, kept=False)
        )
    return found


_CHROME_VERDICTS: dict[tuple, tuple[Finding, ...]] = {}
"""The verdict on each element outside the content area whose rules read nothing but
its tag, its attributes and whether it is in <head> (all but `_TEXT_OR_PAGE_RULES`):
every page repeats the theme's links, icons and meta tags."""
_TEXT_OR_PAGE_RULES = frozenset({"script", "style", "form"})
"""Elements whose rules read their text or the page's address: judged every time."""


def _chrome_verdict(
    key: tuple, node: LexborNode, attributes: dict[str, str | None], in_head: bool
) -> tuple[Finding, ...]:
    if len(_CHROME_VERDICTS) >= 10_000:  # bounded, as `_VERDICTS`
        _CHROME_VERDICTS.clear()
    found = _CHROME_VERDICTS[_interned(key)] = tuple(_element_findings(node, attributes, in_head, "", Site(), True))
    return found


def _interned(key: tuple | str) -> tuple | str:
    """A verdict's key as kept: its tag and attribute names shared with every other
    key's (each element's attributes are strings of their own)."""
    if isinstance(key, str):
        return sys.intern(key)
    return tuple(
        (sys.intern(part[0]), part[1])
        if isinstance(part, tuple)
        else sys.intern(part)
        if isinstance(part, str)
        else part
        for part in key
    )


def _inert(attributes: dict[str, str | None]) -> bool:
    """True when `_attribute_findings` can find nothing: no event handler, no style,
    and no address with an unsafe scheme (an address without a colon has no scheme;
    one with a colon is read as `_address_findings` reads it: a page's canonical link
    and its `og:` addresses). False is always safe: the element is then judged in
    full. The HTML5 parser lower-cases attribute names (`ONCLICK` is `onclick` in the
    tree), and names that are not are looked at in lower case."""
    for name, value in attributes.items():
        if name in _INERT_ATTRIBUTES:  # most attributes: a class, an id...
            continue
        lower = name.lower()
        if lower.startswith("on") or lower == "style":
            return False
        if (
            value
            and ":" in value
            and (lower in URL_ATTRIBUTES or ":" in lower)
            and any(unsafe_scheme(url) for url in possible_addresses(lower, value))
        ):
            return False
    return True


_INERT_ATTRIBUTES = frozenset(
    {
        "class",
        "id",
        "title",
        "alt",
        "lang",
        "dir",
        "role",
        "content",
        "d",
        "viewBox",
        "name",
        "type",
        "for",
        "placeholder",
        "property",
        "rel",
        "tabindex",
        "hidden",
        "xmlns",
        "autocomplete",
        "aria-label",
        "aria-labelledby",
        "aria-expanded",
        "aria-hidden",
        "data-md-component",
        "data-md-scrollfix",
        "data-md-level",
    }
)
"""The commonest attributes that are never event handlers, style or addresses, whatever
their value: `_inert` passes them at once (the rest it looks at)."""


@dataclasses.dataclass(frozen=True)
class _Page:
    """What the rules for one element need to know about its page."""

    path: str
    site: Site
    material: bool


def _element_findings(
    node: LexborNode, attributes: dict[str, str | None], in_head: bool, page_path: str, site: Site, material: bool
) -> Iterator[Finding]:
    tag = node.tag.lower()
    if tag not in HTML_ELEMENTS and tag not in SVG_ELEMENTS:
        yield Finding(f"the element <{tag}>, which pages may not contain", _REFUSED_HINT, f"<{node.tag}", True)
    elif tag in HEAD_ONLY_ELEMENTS and not in_head and tag != "title":
        yield Finding(
            f"a <{tag}> element outside the page's <head>",
            "the theme owns the page's <head>; write Markdown",
            f"<{tag}",
        )
    elif tag in _ELEMENT_RULES:
        yield from _ELEMENT_RULES[tag](node, _Page(page_path, site, material))
    if attributes:
        yield from _attribute_findings(node.tag, attributes)


def _script_rule(node: LexborNode, page: _Page) -> Iterator[Finding]:
    problem = _script_problem(node, page)
    if problem:
        yield Finding(
            problem, _SCRIPT_HINT, node.attributes.get("src") or (node.text() or "").strip()[:30] or "<script"
        )


def _style_rule(node: LexborNode, page: _Page) -> Iterator[Finding]:
    if style_loads(node.text() or ""):
        yield Finding("a <style> element that loads something", "style the site in docs/assets/kb.css", "<style")


def _meta_rule(node: LexborNode, page: _Page) -> Iterator[Finding]:
    equiv = node.attributes.get("http-equiv") or ""
    if equiv.strip().lower() in ("refresh", "set-cookie"):
        yield Finding(f"<meta http-equiv={equiv!r}>", "the theme owns the page's <head>", "http-equiv")


def _form_rule(node: LexborNode, page: _Page) -> Iterator[Finding]:
    action = node.attributes.get("action")
    if action and page.site.path_in_site(action, page.path) is None:
        yield Finding(
            f"a form that submits off the site, to {action[:60]!r}", "forms submit to the site's own pages", action
        )


_ELEMENT_RULES = {"script": _script_rule, "style": _style_rule, "meta": _meta_rule, "form": _form_rule}
"""Elements allowed under conditions, and the rule that checks each."""

_CONTENT_PLAIN = frozenset(allowed_markup.allowed_attributes(True)) - _ELEMENT_RULES.keys()
"""Elements of the content area that the allowlist alone judges (`allowed_markup.allows`)."""


def _attribute_findings(tag: str, attributes: dict[str, str | None]) -> Iterator[Finding]:
    for name, value in attributes.items():
        lower = name.lower()
        if lower.startswith("on") and is_event_handler(lower):
            yield Finding(f"the event handler attribute {name!r} on <{tag}>", _EVENT_HINT, name)
        elif value and (lower in URL_ATTRIBUTES or lower.endswith(":href")):
            yield from _address_findings(tag, name, value)
        elif lower == "style" and value and style_loads(value):
            yield Finding(
                f'a style attribute that loads something: <{tag} style="{value.strip()[:40]}">',
                "style the site in docs/assets/kb.css",
                value.strip()[:20],
            )


def _address_findings(tag: str, name: str, value: str) -> Iterator[Finding]:
    for url in possible_addresses(name, value):
        if unsafe_scheme(url):
            shown = url.strip(_C0_AND_SPACE)
            yield Finding(f'a forbidden address in <{tag} {name}="{shown[:40]}">', _SCHEME_HINT, shown[:20])


def _script_problem(node: LexborNode, page: _Page) -> str | None:
    """Why a script is not one of Material's or the site's own, or None when it is."""
    attributes = node.attributes
    if attributes.get("src") is not None:
        return _script_src_problem(attributes["src"] or "", page)
    return _inline_script_problem(node.text() or "", tuple(attributes.items()), page.material)


@functools.lru_cache(maxsize=256)
def _inline_script_problem(text: str, attribute_items: tuple, material: bool) -> str | None:
    """`_script_problem` of an inline script: every page repeats Material's (the same
    few texts), so each text is judged once."""
    attributes = dict(attribute_items)
    if material and _is_material_config(attributes):
        return (
            None
            if _is_json_object(text)
            else f'a <script id="{MATERIAL_CONFIG_SCRIPT_ID}"> that is not Material\'s JSON configuration'
        )
    if material and "type" not in attributes and any(p.fullmatch(text) for p in MATERIAL_INLINE_SCRIPTS.values()):
        return None
    if material and _is_structured_data(attributes):
        # Data, never run: the JSON-LD the theme's head writes for an entry page.
        return None if _is_json_object(text) else 'a <script type="application/ld+json"> that is not a JSON object'
    return f"an inline <script> that is not one of Material's: {quote(text.strip(), 50)}"


def _is_material_config(attributes: dict[str, str | None]) -> bool:
    return (
        attributes.get("id") == MATERIAL_CONFIG_SCRIPT_ID
        and (attributes.get("type") or "").strip().lower() == "application/json"
    )


def _is_structured_data(attributes: dict[str, str | None]) -> bool:
    return set(attributes) == {"type"} and (attributes["type"] or "").strip().lower() == STRUCTURED_DATA_TYPE


def _script_src_problem(src: str, page: _Page) -> str | None:
    target = page.site.path_in_site(src, page.path)
    if target is not None and target.startswith("assets/"):
        return None  # and, if the file is missing, the site check's link check says so
    return f'<script src="{src[:60]}">, which is not a file under assets/'


def _is_json_object(text: str) -> bool:
    try:
        return isinstance(json.loads(text), dict)
    except ValueError:
        return False


def xml_findings(text: str) -> list[Finding]:
    """Everything the policy refuses in an SVG or XML file, which browsers read as XML."""
    if "<!DOCTYPE" in text.upper() or "<?XML-STYLESHEET" in text.upper():
        # Entity declarations can hide markup from any reader but the browser's; a
        # style sheet processing instruction can run XSLT.
        return [
            Finding("a <!DOCTYPE> or <?xml-stylesheet?> in an XML file", "remove it; a drawing needs neither", "<!")
        ]
    try:
        root = ElementTree.fromstring(text)
    except ElementTree.ParseError as error:
        return [Finding(f"the file is not well-formed XML: {error}", "browsers refuse to show it; fix the markup", "<")]
    return [finding for element in root.iter() for finding in _xml_element_findings(element)]


_XHTML = "{http://www.w3.org/1999/xhtml}"


def _xml_element_findings(element: ElementTree.Element) -> Iterator[Finding]:
    namespace, _, name = element.tag.rpartition("}") if isinstance(element.tag, str) else ("", "", "")
    lower = name.lower()
    if lower in ("script", "foreignobject", "iframe", "object", "embed", "handler", "animate", "set", "listener") or (
        namespace + "}" == _XHTML
    ):
        yield Finding(f"the element <{name}>, which pages may not contain", _REFUSED_HINT, f"<{name}")
    attributes = {
        key.rpartition("}")[2] if not key.endswith("}href") else "xlink:href": value
        for key, value in element.attrib.items()
    }
    if lower == "style" and style_loads(element.text or ""):
        yield Finding("a <style> element that loads something", "style the site in docs/assets/kb.css", "<style")
    yield from _attribute_findings(name, attributes)
