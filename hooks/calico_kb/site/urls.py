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
        """Resolutions shared by the pages whose links lead to the same place, by the
        folder a relative link leads from (see `_how_it_depends`) and the link."""
        self._how: dict[str, Resolved | int | str] = {}
        """How each address met depends on the page it is written in (see
        `_how_it_depends`). A site has tens of thousands of distinct addresses, written
        hundreds of thousands of times (the chrome repeats them on every page)."""
        self._page = ""
        self._bases: tuple[str, ...] = ("",)
        """The page last seen, and the folders a relative address leads from in it (see `_bases`)."""

    def resolve(self, page: str, url: str) -> Resolved:
        """Where `url`, written in the page at `page` (site-relative path), leads."""
        how = self._how.get(url)
        if how is None:
            how = self._how[url] = self._how_it_depends(url)
        if how.__class__ is Resolved:
            return how
        if how.__class__ is str:  # the page itself: nothing to share
            return Resolved("internal", page, page, how)
        if page != self._page:
            self._page, self._bases = page, _bases(page)
        bases = self._bases
        key = (bases[how] if how < len(bases) else _UP * (how - len(bases) + 1), url)
        found = self._cache.get(key)
        if found is None:
            found = self._cache[key] = self._resolve(page, url)
        return found

    def _how_it_depends(self, url: str) -> Resolved | int | str:
        """Where `url` leads when that does not depend on the page; for an address of the
        page itself ("#top"), the fragment it leads to; for a relative address, how many
        levels up from the page's folder it starts, one for each leading "../" (so that
        every entry page, two levels down, shares the resolution of "../../people/x/").
        Kept as a small number or the fragment itself: the site check holds them all."""
        stripped = url.strip()
        if not stripped or stripped[0] in "#?":
            resolved = self._resolve("", url)
            return resolved if resolved.kind != "internal" else resolved.fragment
        if stripped.startswith("/") or _SCHEME.match(stripped):
            return self._resolve("", url)
        ups = 0
        while stripped.startswith(_UP, 3 * ups):
            ups += 1
        return ups

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


def _bases(page: str) -> tuple[str, ...]:
    """Where a relative address leads from in the page at `page`, by its number of
    leading "../": the page's folder, its parent, ... up to the site's root ("")."""
    levels = page.split("/")[:-1]
    return tuple("/".join(levels[: len(levels) - ups]) for ups in range(len(levels) + 1))


def infer_site_url(site: BuiltSite) -> str | None:
    """The site's address, from the canonical link of its home page (MkDocs writes one
    when site_url is set), or None."""
    home = site.pages.get("index.html")
    for link in home.links if home else []:
        if link.tag == "link" and "canonical" in link.rel:
            return link.url
    return None
