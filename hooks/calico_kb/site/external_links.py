"""External links, checked on demand (`make linkcheck-external`), never on the
pull-request path.

Other people's servers are slow, rate-limit and go down for a while: a pull request
must not fail because of them, so `make test` checks only the links inside the site
(`site_check`) and this module is run by hand or on a schedule. It checks each
distinct address once (without its #fragment), several at a time but at most a few at
once per host, with a timeout, retries with backoff for timeouts, connection errors,
5xx and 429 (waiting as long as Retry-After asks, within reason), and follows
redirects itself so that a loop or an over-long chain is reported as such.

Good results are kept in a JSON cache (`external-links.json` in the build cache's folder,
`cache.cache_root`, unless `--cache` says otherwise) and trusted for a while (a week by
default); failures are always checked again.
Edit links (`rel="edit"`, one per page, all to the repository host) are skipped: the
repository link in the header tells whether the repository is there.
"""

from __future__ import annotations

import concurrent.futures
import dataclasses
import email.utils
import http.client
import json
import os
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterable
from pathlib import Path
from urllib.parse import urldefrag, urljoin, urlsplit

from ..paths import NOT_FOUND_PAGE
from ..pipeline import Build
from ..problems import Problem
from .html import HtmlPage, Link, read_site
from .origins import SourceReporter, page_origins
from .urls import SiteMap, infer_site_url

DEFAULT_CACHE = "external-links.json"
"""The cache's name in the folder of `cache.cache_root`."""
SKIPPED_RELS = frozenset({"edit", "preconnect", "dns-prefetch"})
"""Links with these rel values are not checked (see the module docstring)."""
REDIRECTS = frozenset({301, 302, 303, 307, 308})
RETRIED = frozenset({429, 500, 502, 503, 504})
USER_AGENT = "calico-community-kb-linkcheck/1.0"
MANY_PAGES = 3
"""A broken address on more pages than this is reported once, not once per page."""


@dataclasses.dataclass(frozen=True)
class LinkResult:
    """What checking one address found."""

    url: str
    ok: bool
    message: str
    """E.g. "200 OK", "404 Not Found", "redirect loop: a -> b -> a"."""
    status: int | None = None
    final_url: str | None = None
    """Where redirects ended, when they did."""
    checked_at: float = 0.0
    """Seconds since the epoch."""


class LinkChecker:
    """Checks addresses over HTTP(S) with the standard library."""

    def __init__(
        self,
        *,
        timeout: float = 10.0,
        retries: int = 2,
        concurrency: int = 8,
        per_host: int = 2,
        max_redirects: int = 10,
        max_wait: float = 60.0,
        backoff: float = 1.0,
        sleep: Callable[[float], None] = time.sleep,
        clock: Callable[[], float] = time.time,
    ):
        self.timeout, self.retries, self.concurrency = timeout, retries, concurrency
        self.per_host, self.max_redirects, self.max_wait, self.backoff = per_host, max_redirects, max_wait, backoff
        self.sleep, self.clock = sleep, clock
        self._opener = urllib.request.build_opener(_NoRedirects)
        self._hosts: dict[str, threading.BoundedSemaphore] = {}
        self._hosts_lock = threading.Lock()

    def check_all(
        self, urls: Iterable[str], cache: LinkCache | None = None, max_age: float = 7 * 86400
    ) -> dict[str, LinkResult]:
        """Results for every address, from the cache when a good result is fresh enough."""
        results: dict[str, LinkResult] = {}
        todo = []
        for url in dict.fromkeys(urls):
            cached = cache.get(url, max_age, self.clock()) if cache else None
            if cached:
                results[url] = cached
            else:
                todo.append(url)
        with concurrent.futures.ThreadPoolExecutor(max_workers=max(1, self.concurrency)) as pool:
            for result in pool.map(self.check, todo):
                results[result.url] = result
                if cache:
                    cache.put(result)
        return results

    def check(self, url: str) -> LinkResult:
        """Follow `url` through its redirects to a final answer."""
        chain = [url]
        current = url
        while True:
            status, reason, location = self._request(current)
            if status in REDIRECTS and location:
                following = urljoin(current, location)
                if following in chain:
                    return self._result(url, False, "redirect loop: " + " -> ".join(chain + [following]), status)
                if len(chain) > self.max_redirects:
                    return self._result(url, False, f"more than {self.max_redirects} redirects", status)
                chain.append(following)
                current = following
                continue
            ok = status is not None and 200 <= status < 300
            message = f"{status} {reason}" if status is not None else reason
            if len(chain) > 1:
                message += " after redirects: " + " -> ".join(chain)
            return self._result(url, ok, message, status, current if len(chain) > 1 else None)

    def _result(self, url: str, ok: bool, message: str, status: int | None, final_url: str | None = None) -> LinkResult:
        return LinkResult(url, ok, message, status, final_url, self.clock())

    def _request(self, url: str) -> tuple[int | None, str, str | None]:
        """(status, reason, Location) of one GET, retried; status None when no answer came."""
        host = urlsplit(url).netloc.lower()
        with self._hosts_lock:
            limit = self._hosts.setdefault(host, threading.BoundedSemaphore(max(1, self.per_host)))
        attempts = self.retries + 1
        for attempt in range(attempts):
            last = attempt == attempts - 1
            with limit:
                status, reason, location, wait = self._get(url)
                if status in RETRIED or status is None:
                    if last:
                        if status is None and attempts > 1:
                            reason += f" ({attempts} attempts)"
                        return status, reason, location
                    if wait is not None and wait > self.max_wait:
                        return status, f"{reason}, and asked to wait {wait:g} s", location
                    self.sleep(wait if wait is not None else self.backoff * 2**attempt)
                    continue
                return status, reason, location
        raise AssertionError("unreachable")  # pragma: no cover

    def _get(self, url: str) -> tuple[int | None, str, str | None, float | None]:
        """(status, reason, Location, Retry-After seconds) of one GET."""
        request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT, "Accept": "*/*"})
        try:
            with self._opener.open(request, timeout=self.timeout) as response:
                return response.status, response.reason, None, None
        except urllib.error.HTTPError as error:
            try:
                headers = error.headers
                return (
                    error.code,
                    error.reason,
                    headers.get("Location"),
                    _retry_after(headers.get("Retry-After"), self.clock()),
                )
            finally:
                error.close()
        except urllib.error.URLError as error:
            if isinstance(error.reason, TimeoutError):
                return None, f"timed out after {self.timeout:g} s", None, None
            return None, f"cannot connect: {error.reason}", None, None
        except TimeoutError:
            return None, f"timed out after {self.timeout:g} s", None, None
        except (OSError, http.client.HTTPException, ValueError) as error:
            return None, f"failed: {error.__class__.__name__}: {error}", None, None


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    """Redirects come back as HTTPError, so that the checker follows them itself."""

    def redirect_request(self, *args, **kwargs):  # noqa: ANN002, ANN003
        return None


def _retry_after(value: str | None, now: float) -> float | None:
    """Seconds to wait from a Retry-After header (seconds or an HTTP date)."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        return max(0.0, email.utils.parsedate_to_datetime(value).timestamp() - now)
    except (TypeError, ValueError):
        return None


class LinkCache:
    """Results of earlier runs, in a JSON file."""

    def __init__(self, path: Path):
        self.path = path
        self._lock = threading.Lock()
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            self.results = {url: LinkResult(**fields) for url, fields in data.get("results", {}).items()}
        except (OSError, ValueError, TypeError, AttributeError):
            self.results = {}  # no cache yet, or an unreadable one: start afresh

    def get(self, url: str, max_age: float, now: float) -> LinkResult | None:
        """A good result younger than `max_age` seconds; failures are never reused."""
        result = self.results.get(url)
        if result and result.ok and now - result.checked_at < max_age:
            return result
        return None

    def put(self, result: LinkResult) -> None:
        with self._lock:
            self.results[result.url] = result

    def save(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        temporary = self.path.with_name(self.path.name + ".tmp")
        data = {"version": 1, "results": {url: dataclasses.asdict(r) for url, r in sorted(self.results.items())}}
        temporary.write_text(json.dumps(data, indent=1) + "\n", encoding="utf-8")
        os.replace(temporary, self.path)


def collect_external_links(site_dir: Path, site_url: str | None = None) -> dict[str, list[tuple[HtmlPage, Link]]]:
    """Every external http(s) address of a built site (without #fragment), with where it appears."""
    site = read_site(site_dir)
    site_map = SiteMap(site, site_url or infer_site_url(site))
    found: dict[str, list[tuple[HtmlPage, Link]]] = {}
    for path in sorted(site.pages, key=lambda path: (path == NOT_FOUND_PAGE, path)):  # 404.html, with every link, last
        page = site.pages[path]
        for link in page.links:
            if link.rel & SKIPPED_RELS or site_map.resolve(page.path, link.url).kind != "external":
                continue
            url = urldefrag(link.url.strip())[0]
            if urlsplit(url).scheme.lower() in ("http", "https"):
                found.setdefault(url, []).append((page, link))
    return found


def check_external_links(
    site_dir: Path,
    checker: LinkChecker,
    build: Build | None = None,
    cache: LinkCache | None = None,
    max_age: float = 7 * 86400,
    site_url: str | None = None,
) -> tuple[list[Problem], dict[str, LinkResult]]:
    """Problems for every broken external link of a built site, and every result."""
    links = collect_external_links(site_dir, site_url)
    results = checker.check_all(links, cache, max_age)
    reporter = SourceReporter(
        site_dir.as_posix(), page_origins(build) if build else {}, build.kb.project.root if build else None
    )
    for url, places in links.items():
        result = results[url]
        if result.ok:
            continue
        hint = "fix or remove it; external links are checked only by make linkcheck-external"
        pages = {page.path for page, _ in places}
        if len(pages) > MANY_PAGES:
            page, link = places[0]
            reporter.at_page(
                page,
                *page.link_position(page.links.index(link)),
                f"external link {link} is broken: {result.message}; it is on {len(pages)} pages, e.g. {page.url}",
                hint,
                [link.url],
            )
            continue
        for page, link in places:
            reporter.at_page(
                page,
                *page.link_position(page.links.index(link)),
                f"page {page.url}: external link {link} is broken: {result.message}",
                hint,
                [link.url],
            )
    return sorted(set(reporter.problems)), results
