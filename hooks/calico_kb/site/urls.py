"""Where the addresses written in a built site's pages lead.

The built-site checker and the external link checker both resolve every href and src
of every page: relative, root-relative under the site's path, or absolute under its
address. One resolver, with the rules MkDocs follows (`use_directory_urls`: "a/" is
"a/index.html"), serves both.
"""

from __future__ import annotations

import posixpath
import re
from typing import NamedTuple
from urllib.parse import SplitResult, unquote, urlsplit

from .html import BuiltSite


class Resolved(NamedTuple):
    """Where an address leads (a tuple: the site check resolves every link of every page)."""

    kind: str
    """"internal", "external" (http(s) off the site), "other" (mailto:, tel:, ...),
    "outside" (a path that leaves the site) or "malformed"."""
    file: str | None = None
    """For internal links: the file it leads to, None when there is none."""
    wanted: str = ""
    """For internal links: the path it asks for, relative to the site's root."""
    fragment: str = ""


class SiteMap:
    """Resolves the addresses written in pages to files of a built site."""

    def __init__(self, site: BuiltSite, site_url: str | None):
        self.files = site.files
        self.base: SplitResult | None = urlsplit(site_url) if site_url else None
        path = self.base.path if self.base else ""
        self.prefix = path if path.endswith("/") else path + "/"
        """The path of the site's root on its host, e.g. "/calico-community-kb/"."""
        self._cache: dict[tuple[str, str], Resolved] = {}

    def resolve(self, page: str, url: str) -> Resolved:
        """Where `url`, written in the page at `page` (site-relative path), leads."""
        stripped = url.strip()
        if not stripped or stripped[0] in "#?":  # the page itself: nothing to share
            return self._resolve(page, url)
        key = (_base(page, stripped), url)
        found = self._cache.get(key)
        if found is None:
            found = self._cache[key] = self._resolve(page, url)
        return found

    def _resolve(self, page: str, url: str) -> Resolved:
        try:
            parts = urlsplit(url.strip())
        except ValueError:
            return Resolved("malformed")
        fragment = unquote(parts.fragment)
        if parts.scheme or parts.netloc:
            if parts.scheme.lower() not in ("", "http", "https"):
                return Resolved("other")
            if not self.base or parts.netloc.lower() != self.base.netloc.lower():
                return Resolved("external")
            path = parts.path or "/"
            if not (path.startswith(self.prefix) or path + "/" == self.prefix):
                return Resolved("external")
            return self._file(path[len(self.prefix) :], fragment)
        if parts.path.startswith("/"):
            if not (parts.path.startswith(self.prefix) or parts.path + "/" == self.prefix):
                return Resolved("outside")
            return self._file(parts.path[len(self.prefix) :], fragment)
        if not parts.path:
            return Resolved("internal", page, page, fragment)
        joined = posixpath.join(posixpath.dirname(page), parts.path)
        if posixpath.normpath(joined).split("/")[0] == "..":
            return Resolved("outside")
        return self._file(
            joined + ("/" if parts.path.endswith(("/.", "/..")) or parts.path in (".", "..") else ""), fragment
        )

    def _file(self, path: str, fragment: str) -> Resolved:
        path = unquote(path)
        directory = path == "" or path.endswith("/")
        target = posixpath.normpath(path) if path else "."
        target = "" if target == "." else target
        if not directory and target in self.files:
            return Resolved("internal", target, target, fragment)
        index = f"{target}/index.html" if target else "index.html"
        wanted = f"{target}/" if target else ""
        if index in self.files:
            return Resolved("internal", index, wanted, fragment)
        return Resolved("internal", None, wanted if directory else target, fragment)


_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:")
_UP = "../"


def _base(page: str, url: str) -> str | None:
    """What of the page's place an address's target depends on, so that pages share
    the resolution of their links: nothing for an absolute or root-relative address;
    for a relative one, the page's folder less one level for each leading "../" (every
    entry page, two levels down, reaches "../../people/x/" alike)."""
    if url.startswith("/") or _SCHEME.match(url):
        return None
    folder = page.rpartition("/")[0]
    ups = 0
    while url.startswith(_UP, 3 * ups):
        ups += 1
    if not ups:
        return folder
    levels = folder.split("/") if folder else []
    return "/".join(levels[: len(levels) - ups]) if ups <= len(levels) else _UP * (ups - len(levels))


def infer_site_url(site: BuiltSite) -> str | None:
    """The site's address, from the canonical link of its home page (MkDocs writes one
    when site_url is set), or None."""
    home = site.pages.get("index.html")
    for link in home.links if home else []:
        if link.tag == "link" and "canonical" in link.rel:
            return link.url
    return None
