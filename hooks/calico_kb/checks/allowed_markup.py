"""Holding HTML to the allowlist (`allowlist`), element by element.

One function judges one element of a parsed tree (Lexbor, as the built pages and the
rendered Markdown bodies are parsed) and says what of it the allowlist would not
keep: the element itself, an attribute, a reserved id or class, an address. The
build calls it for every element of a page's content area; `make check` for every
element of each rendered Markdown body; static HTML files for their whole body.
`nh3_arguments` hands the same lists to nh3, which cleans the HTML that ships.
"""

from __future__ import annotations

import dataclasses
import functools
from collections.abc import Iterator
from urllib.parse import urlsplit

from selectolax.lexbor import LexborNode

from . import allowlist


@dataclasses.dataclass(frozen=True)
class Finding:
    """Something the policy refuses, found in a page or file."""

    message: str
    """What and where, quoting the bad value: "the event handler attribute 'onload' on <svg>"."""
    hint: str
    needle: str
    """Text to look for in the page's source file (and in the page) to locate it."""
    refuses_element: bool = False
    """True when the element itself is refused (and with it whatever it contains)."""


_ELEMENT_HINT = "contributors write Markdown; see CONTRIBUTING.md for the HTML a page may contain"
_ATTRIBUTE_HINT = "remove it; see CONTRIBUTING.md for the attributes each element may carry"
_RESERVED_HINT = "the theme and the site's scripts read these values: choose another, or leave it out"


@functools.lru_cache(maxsize=2)
def allowed_attributes(with_templates: bool) -> dict[str, frozenset[str]]:
    """Every allowed element with every attribute it may carry; `with_templates` adds
    what the site's templates write (`allowlist.TEMPLATE_ADDITIONS`)."""
    elements = {tag: names | allowlist.GLOBAL_ATTRIBUTES for tag, names in allowlist.ELEMENTS.items()}
    if with_templates:
        for tag, names in allowlist.TEMPLATE_ADDITIONS.items():
            elements[tag] = elements.get(tag, allowlist.GLOBAL_ATTRIBUTES) | names
    return elements


def element_findings(
    tag: str, attributes: dict[str, str | None], *, with_templates: bool = False, kept: bool = True
) -> list[Finding]:
    """What the allowlist would not keep of one element (the tag as the parser names it,
    lower-case for HTML). With `kept` the verdict is kept for the next element alike;
    a caller that keeps verdicts of its own passes False (one copy, not two)."""
    if not kept:
        return _judged(tag, attributes, with_templates)
    if not attributes:
        return list(_findings(tag, (), with_templates))
    try:
        return list(_findings(tag, tuple(attributes.items()), with_templates))
    except TypeError:  # an unhashable value: not from a parser, judged afresh
        return list(_findings.__wrapped__(tag, tuple(attributes.items()), with_templates))


@functools.lru_cache(maxsize=8192)
def _findings(tag: str, attributes: tuple[tuple[str, str | None], ...], with_templates: bool) -> tuple[Finding, ...]:
    """`element_findings`, kept by element: pages repeat the same elements (a code
    block's spans, the cards of an index) hundreds of times."""
    return tuple(_judged(tag, dict(attributes), with_templates))


def allows(tag: str, attributes: dict[str, str | None], with_templates: bool = False) -> bool:  # noqa: C901
    """True when the allowlist keeps the element as it is (`element_findings` would be
    empty), found at a glance for what Markdown and the templates commonly write: an
    element in the allowlist whose every attribute is too, with a value that is a
    plain name, a class seen allowed before, or an address with no colon, space,
    backslash or control character (so no scheme and, not starting with "//", no
    host). False is always safe: the element is then judged in full (`_judged`).
    Each element of a page's content area comes here (~100 a page): one loop, no call
    for the common cases."""
    allowed = _ALLOWED[with_templates].get(tag)
    if allowed is None or not allowed.issuperset(attributes):
        return False
    for name, value in attributes.items():
        if name == "class":
            seen = _ALLOWED_CLASSES[with_templates]
            if value not in seen:
                if _class_problem(tag, name, value or "", with_templates):
                    return False
                if len(seen) >= 4_096:  # bounded: a value is a few words
                    seen.clear()
                seen.add(value)
        elif name == "href" or name == "src" or name == "xlink:href":
            if value and (":" in value or value.startswith("//") or _FORBIDDEN(value)):
                return False
        elif name == "id" or name == "name":
            if with_templates:
                if value and value.startswith(_THEME_RESERVED):  # `_name_problem`'s one rule then
                    return False
            elif _name_problem(tag, name, value or "", with_templates):
                return False
        elif name in _VALUE_RULES:  # a style, or a rule not read at a glance: judged in full
            return False
    return True


_ALLOWED = {with_templates: allowed_attributes(with_templates) for with_templates in (False, True)}
_FORBIDDEN = allowlist.URL_FORBIDDEN.search
_ALLOWED_CLASSES: dict[bool, set[str]] = {False: set(), True: set()}
"""`class` values found allowed, with and without the templates' classes: pages repeat
a few dozen."""


def _judged(tag: str, attributes: dict[str, str | None], with_templates: bool) -> list[Finding]:
    allowed = allowed_attributes(with_templates).get(tag)
    if allowed is None:
        reason = allowlist.REFUSED_ELEMENT_REASONS.get(tag, "it is not in the allowlist")
        return [
            Finding(
                f"the element <{tag}>, which contributor content may not contain: {reason}",
                _ELEMENT_HINT,
                f"<{tag}",
                refuses_element=True,
            )
        ]
    if not attributes:
        return []
    return list(_attribute_findings(tag, attributes, allowed, with_templates))


def _attribute_findings(
    tag: str, attributes: dict[str, str | None], allowed: frozenset[str], with_templates: bool
) -> Iterator[Finding]:
    for name, value in attributes.items():
        lower = name.lower()
        if lower not in allowed:
            yield Finding(
                f"the attribute {name!r} on <{tag}>, which the allowlist does not name", _ATTRIBUTE_HINT, name
            )
            continue
        value = value or ""
        problem = _VALUE_RULES[lower](tag, lower, value, with_templates) if lower in _VALUE_RULES else None
        if problem:
            yield Finding(problem[0], problem[1], value[:30] or name)


def _name_problem(tag: str, name: str, value: str, with_templates: bool) -> tuple[str, str] | None:
    reserved = _THEME_RESERVED if with_templates else allowlist.RESERVED_NAME_PREFIXES
    if value.startswith(reserved):
        return f'the {name} "{value[:60]}" on <{tag}>, a value the theme or the site\'s scripts read', _RESERVED_HINT
    if not with_templates and not allowlist.NAME_VALUE.fullmatch(value):
        return (
            f"the {name} {value[:60]!r} on <{tag}>",
            "an id starts with a letter or digit and has only letters, digits, '_', '.', ':' and '-'",
        )
    return None


_THEME_RESERVED = tuple(prefix for prefix in allowlist.RESERVED_NAME_PREFIXES if prefix != "kb-")
"""The reserved prefixes the site's templates do not write either (they write `kb-` ids)."""


def _class_problem(tag: str, name: str, value: str, with_templates: bool) -> tuple[str, str] | None:
    refused = [token for token in value.split() if not allowed_class(token, with_templates)]
    if not refused:
        return None
    return (
        f"the class {refused[0][:60]!r} on <{tag}>, which the allowlist does not name",
        "classes other than the Markdown extensions' and Material's buttons (md-button) can wake the theme's "
        "scripts or pass for its interface; remove it",
    )


def allowed_class(token: str, with_templates: bool = False) -> bool:
    """True when a class token is in the allowlist."""
    if token in allowlist.CLASSES or any(pattern.fullmatch(token) for pattern in allowlist.CLASS_PATTERNS):
        return True
    return with_templates and token.startswith(allowlist.TEMPLATE_CLASS_PREFIXES)


def _style_problem(tag: str, name: str, value: str, with_templates: bool) -> tuple[str, str] | None:
    if allowlist.STYLE_VALUE.fullmatch(value.strip()):
        return None
    return f'the style "{value[:60]}" on <{tag}>', "style the site in docs/assets/kb.css; tables align by themselves"


def _url_problem(tag: str, name: str, value: str, with_templates: bool) -> tuple[str, str] | None:
    problem = address_problem(value, allowlist.IMAGE_SCHEMES if tag == "img" else allowlist.LINK_SCHEMES)
    if problem is None:
        return None
    return f'the address "{value[:60]}" in <{tag} {name}>: {problem}', _URL_HINT


_URL_HINT = "link with http(s), mailto or a relative path; images are files of the site, linked by a relative path"


def address_problem(url: str, schemes: frozenset[str]) -> str | None:
    """Why an address may not be used (None when it may): a scheme not in `schemes`, a
    backslash or a control character, or (when no scheme is allowed) another host."""
    if allowlist.URL_FORBIDDEN.search(url.strip(" ")):
        return "it contains a backslash, a space or a control character, which browsers read their own way"
    try:
        parts = urlsplit(url.strip(" "))
    except ValueError:
        return "it is not an address"
    scheme = parts.scheme.lower()
    if scheme and scheme not in schemes:
        return f"the scheme {scheme!r} is not allowed"
    if not schemes and (scheme or parts.netloc):
        return "it leads to another host"
    return None


def _always(tag: str, name: str, value: str, with_templates: bool) -> None:
    return None


_VALUE_RULES = {
    "id": _name_problem,
    "name": _name_problem,
    "class": _class_problem,
    "style": _style_problem,
    "href": _url_problem,
    "src": _url_problem,
    "xlink:href": _url_problem,
}
"""Attributes whose value is checked, and the rule for each."""


def node_after(node: LexborNode) -> int | None:
    """The mem_id of the first element or comment after `node` and all it contains
    (`LexborNode.traverse` goes on past the node's own descendants: walks mark where a
    subtree ends with this instead)."""
    while node is not None:
        after = node.next
        while after is not None and after.tag == "-text":
            after = after.next
        if after is not None:
            return after.mem_id
        node = node.parent
    return None


def nh3_arguments(with_templates: bool = False) -> dict[str, object]:
    """The allowlist as arguments of `nh3.Cleaner`: the contributor's, or with
    `with_templates` what the site's Markdown templates add (`allowlist.TEMPLATE_ADDITIONS`
    less `allowlist.THEME_PAGE_ELEMENTS`, which no Markdown writes)."""
    attributes = {
        tag: {_SVG_ATTRIBUTE_CASE.get(name, name) for name in names}
        for tag, names in allowed_attributes(with_templates).items()
        if tag not in allowlist.THEME_PAGE_ELEMENTS
    }
    return {
        "tags": set(attributes),
        "attributes": attributes,
        "url_schemes": set(allowlist.LINK_SCHEMES),
        "link_rel": None,
        "strip_comments": True,
        "filter_style_properties": {"text-align"},
        "attribute_filter": functools.partial(_keep_attribute, with_templates),
    }


_SVG_ATTRIBUTE_CASE = {"viewbox": "viewBox"}
"""SVG attributes nh3 names in camel case (Lexbor and the allowlist in lower case)."""


def _keep_attribute(with_templates: bool, tag: str, name: str, value: str) -> str | None:
    """nh3's callback: the value to keep, or None to drop the attribute. nh3 calls it
    for every attribute of every page (~100 a page, half of nh3's time): the common
    cases are answered first, by `allows`."""
    rule = _VALUE_RULES.get(name)
    if rule is None or name == "style":
        return value
    if name == "class":
        return _kept_classes(value, with_templates)
    if allows(tag, {name: value}, with_templates):  # a relative address, an id: at a glance
        return value
    return None if rule(tag, name, value, with_templates) else value


@functools.lru_cache(maxsize=4_096)
def _kept_classes(value: str, with_templates: bool) -> str | None:
    """The allowed tokens of a `class` value (pages repeat a few dozen values: a code
    block's spans)."""
    kept = " ".join(token for token in value.split() if allowed_class(token, with_templates))
    return kept or None
