"""What a reader downloads to run one search query on a built site, compressed.

The built site is served on 127.0.0.1 and opened in Debian's headless Chromium (as the
browser tests do); a query is typed into Material's search dialog, and every file the
server sends for search (the search worker, the dialog's configuration, Pagefind's
script, WebAssembly, metadata, the index chunks of the query's words and the records of
the results shown) is counted at its gzip size, as a server that compresses sends it
(Pagefind's own files are compressed already: they count at about their size). Pages,
styles and Material's bundle are not counted: every page loads them, search or not.

`measure(site_dir, queries)` returns, per query, the files and their compressed bytes;
the benchmark reports the largest query (`benchmarks/run.py`, target <= 1 MiB).
"""

from __future__ import annotations

import functools
import gzip
import http.server
import threading
import urllib.parse
from pathlib import Path

CHROMIUM = Path("/usr/bin/chromium")
SEARCH_FILES = ("assets/search-worker.js", "search/", "pagefind/")
"""What the site serves for search, by path relative to the site."""
QUERIES = ("wireguard", "calico network policy")
"""Words of the synthetic entries (benchmarks/synthetic.py): each is on most pages, the
largest index chunks and full result lists; a real query is no larger."""


class _CountingHandler(http.server.SimpleHTTPRequestHandler):
    served: list[str]

    def do_GET(self):
        path = urllib.parse.urlsplit(self.path).path.lstrip("/")
        self.served.append(path)
        super().do_GET()

    def log_message(self, format, *args):
        pass


def compressed_size(path: Path) -> int:
    return len(gzip.compress(path.read_bytes(), compresslevel=6))


def measure(site_dir: Path, queries: tuple[str, ...] = QUERIES) -> dict[str, object]:
    """Per query: the search files it fetched (first query of a fresh browser, nothing
    cached) and their total compressed size. {"error": ...} when it cannot run."""
    if not CHROMIUM.is_file():
        return {"error": f"Chromium not found at {CHROMIUM} (make browser-deps)"}
    from playwright.sync_api import sync_playwright

    served: list[str] = []
    handler = type("Handler", (_CountingHandler,), {"served": served})
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(handler, directory=str(site_dir)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    results: dict[str, object] = {}
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=["--no-sandbox"])
            for query in queries:
                results[query] = _one_query(browser, f"http://127.0.0.1:{server.server_address[1]}/", query, served)
                results[query]["files"] = {path: compressed_size(site_dir / path) for path in results[query]["files"]}
                results[query]["bytes"] = sum(results[query]["files"].values())
            browser.close()
    finally:
        server.shutdown()
        server.server_close()
    return {"queries": results, "bytes": max(r["bytes"] for r in results.values())}


def _one_query(browser, base: str, query: str, served: list[str]) -> dict[str, object]:
    context = browser.new_context()
    page = context.new_page()
    served.clear()
    page.goto(base, wait_until="load")
    field = page.locator("input.md-search__input")
    field.click()
    field.fill(query)
    field.press("End")
    page.locator(".md-search-result__meta").filter(has_text="best match").wait_for(timeout=60_000)
    page.wait_for_load_state("networkidle")
    context.close()
    return {"files": sorted({path for path in served if path.startswith(SEARCH_FILES)})}
