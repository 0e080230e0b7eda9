"""External links, against a local HTTP server on 127.0.0.1: statuses, redirects,
timeouts, 429 with Retry-After, concurrency and the cache.

Waiting is recorded, not done: the checker's `sleep` is replaced, so no test waits for
a Retry-After or a backoff, and none asserts how long anything took.
"""

from __future__ import annotations

import json
import threading
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from calico_kb.cache import CACHE_ENV, cache_root
from calico_kb.commands.cli import main
from calico_kb.site.external_links import LinkCache, LinkChecker, check_external_links, collect_external_links


class Server(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self):
        super().__init__(("127.0.0.1", 0), Handler)
        self.hits: Counter[str] = Counter()
        self.lock = threading.Lock()
        self.release = threading.Event()
        self.barrier = threading.Barrier(2, timeout=5)

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"


class Handler(BaseHTTPRequestHandler):
    server: Server

    def do_GET(self):  # noqa: N802 - the name http.server calls
        with self.server.lock:
            self.server.hits[self.path] += 1
            hits = self.server.hits[self.path]
        routes = {
            "/ok": (200, {}),
            "/missing": (404, {}),
            "/redirect/1": (302, {"Location": "/redirect/2"}),
            "/redirect/2": (301, {"Location": f"{self.server.base}/ok"}),
            "/loop/a": (302, {"Location": "/loop/b"}),
            "/loop/b": (307, {"Location": "/loop/a"}),
            "/busy": (429, {"Retry-After": "1"}) if hits == 1 else (200, {}),
            "/always-busy": (429, {"Retry-After": "2"}),
            "/flaky": (503, {}) if hits == 1 else (200, {}),
        }
        if self.path == "/slow":
            self.server.release.wait(5)  # longer than the client's timeout
            status, headers = 200, {}
        elif self.path.startswith("/together/"):
            try:
                self.server.barrier.wait()  # both requests must be in flight at once
                status, headers = 200, {}
            except threading.BrokenBarrierError:
                status, headers = 500, {}
        else:
            status, headers = routes.get(self.path, (404, {}))
        try:
            self.send_response(status)
            for name, value in headers.items():
                self.send_header(name, value)
            self.send_header("Content-Length", "0")
            self.end_headers()
        except OSError:
            pass  # the client gave up (timeouts)

    def log_message(self, *args):
        pass


@pytest.fixture
def server():
    httpd = Server()
    thread = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.01})
    thread.start()
    yield httpd
    httpd.release.set()
    httpd.shutdown()
    httpd.server_close()
    thread.join()


class Sleeps(list):
    """A stand-in for time.sleep that only remembers."""

    def __call__(self, seconds: float) -> None:
        self.append(seconds)


def checker(**options) -> LinkChecker:
    options.setdefault("timeout", 5)
    options.setdefault("retries", 2)
    options.setdefault("sleep", Sleeps())
    return LinkChecker(**options)


def test_ok_missing_and_redirects(server: Server):
    url = server.base
    results = checker().check_all([f"{url}/ok", f"{url}/missing", f"{url}/redirect/1", f"{url}/loop/a"])
    assert (results[f"{url}/ok"].ok, results[f"{url}/ok"].message) == (True, "200 OK")
    assert (results[f"{url}/missing"].ok, results[f"{url}/missing"].message) == (False, "404 Not Found")
    chain = results[f"{url}/redirect/1"]
    assert chain.ok and chain.status == 200 and chain.final_url == f"{url}/ok"
    assert chain.message == f"200 OK after redirects: {url}/redirect/1 -> {url}/redirect/2 -> {url}/ok"
    loop = results[f"{url}/loop/a"]
    assert not loop.ok
    assert loop.message == f"redirect loop: {url}/loop/a -> {url}/loop/b -> {url}/loop/a"
    assert server.hits["/missing"] == 1, "a 404 is not retried"


def test_too_many_redirects(server: Server):
    result = checker(max_redirects=1).check(f"{server.base}/redirect/1")
    assert (result.ok, result.message) == (False, "more than 1 redirects")


def test_a_timeout_is_retried_then_reported(server: Server):
    sleeps = Sleeps()
    result = checker(timeout=0.2, retries=1, backoff=0.5, sleep=sleeps).check(f"{server.base}/slow")
    assert (result.ok, result.status, result.message) == (False, None, "timed out after 0.2 s (2 attempts)")
    assert sleeps == [0.5]
    assert server.hits["/slow"] == 2


def test_429_waits_as_long_as_retry_after_asks(server: Server):
    sleeps = Sleeps()
    result = checker(sleep=sleeps).check(f"{server.base}/busy")
    assert (result.ok, result.message) == (True, "200 OK")
    assert sleeps == [1.0] and server.hits["/busy"] == 2


def test_429_that_persists_is_reported_after_the_retries(server: Server):
    sleeps = Sleeps()
    result = checker(retries=2, sleep=sleeps).check(f"{server.base}/always-busy")
    assert (result.ok, result.status, result.message) == (False, 429, "429 Too Many Requests")
    assert sleeps == [2.0, 2.0] and server.hits["/always-busy"] == 3


def test_429_asking_for_too_long_a_wait_is_not_waited_for(server: Server):
    sleeps = Sleeps()
    result = checker(max_wait=1, sleep=sleeps).check(f"{server.base}/always-busy")
    assert (result.ok, result.message) == (False, "429 Too Many Requests, and asked to wait 2 s")
    assert sleeps == [] and server.hits["/always-busy"] == 1


def test_5xx_is_retried_with_backoff(server: Server):
    sleeps = Sleeps()
    result = checker(backoff=0.25, sleep=sleeps).check(f"{server.base}/flaky")
    assert result.ok and sleeps == [0.25] and server.hits["/flaky"] == 2


def test_addresses_are_checked_concurrently(server: Server):
    # The server answers neither request until both have arrived.
    results = checker(concurrency=2, per_host=2).check_all([f"{server.base}/together/1", f"{server.base}/together/2"])
    assert [r.message for r in results.values()] == ["200 OK", "200 OK"]


def test_an_unreachable_host_is_reported(server: Server):
    with ThreadingHTTPServer(("127.0.0.1", 0), Handler) as closed:
        port = closed.server_address[1]  # bound, then closed: nothing listens there
    result = checker(retries=0).check(f"http://127.0.0.1:{port}/")
    assert not result.ok and result.status is None and result.message.startswith("cannot connect")


def test_good_results_are_cached_and_failures_checked_again(server: Server, tmp_path: Path):
    path = tmp_path / ".cache" / "external-links.json"
    urls = [f"{server.base}/ok", f"{server.base}/missing"]
    cache = LinkCache(path)
    checker(clock=lambda: 1000.0).check_all(urls, cache)
    cache.save()
    assert set(json.loads(path.read_text(encoding="utf-8"))["results"]) == set(urls)

    again = checker(clock=lambda: 2000.0).check_all(urls, LinkCache(path), max_age=3600)
    assert again[urls[0]].ok and not again[urls[1]].ok
    assert (server.hits["/ok"], server.hits["/missing"]) == (1, 2)

    checker(clock=lambda: 9000.0).check_all(urls, LinkCache(path), max_age=3600)
    assert server.hits["/ok"] == 2, "an old result is checked again"


def test_an_unreadable_cache_is_started_afresh(tmp_path: Path):
    path = tmp_path / "cache.json"
    path.write_text("{not json", encoding="utf-8")
    assert LinkCache(path).results == {}


def write_site(base: Path, server: Server) -> Path:
    site = base / "site"
    site.mkdir()
    (site / "index.html").write_text(
        f"""<html><head><link rel="canonical" href="https://example.org/kb/"></head><body>
        <a href="{server.base}/ok#one">ok</a> <a href="{server.base}/ok#two">ok again</a>
        <a href="{server.base}/missing">missing</a> <img src="{server.base}/missing">
        <a href="{server.base}/edit/page.md" rel="edit">edit</a>
        <a href="https://example.org/kb/">this site</a> <a href="mailto:a@example.org">mail</a> <a href="page/">internal</a>
        </body></html>""",
        encoding="utf-8",
    )
    return site


def test_the_external_links_of_a_site(server: Server, tmp_path: Path):
    site = write_site(tmp_path, server)
    assert sorted(collect_external_links(site)) == [f"{server.base}/missing", f"{server.base}/ok"]
    problems, results = check_external_links(site, checker())
    assert [p.message for p in problems] == [
        f'page /: external link <a href="{server.base}/missing"> is broken: 404 Not Found',
        f'page /: external link <img src="{server.base}/missing"> is broken: 404 Not Found',
    ]
    assert all(p.path == f"{site.as_posix()}/index.html" for p in problems)
    assert server.hits["/ok"] == 1 and server.hits["/edit/page.md"] == 0


def test_linkcheck_external_command(server: Server, make_project, capsys):
    root = make_project({})
    site = write_site(root, server)
    cache = root / ".cache" / "links.json"
    status = main(
        [
            "--root",
            str(root),
            "linkcheck-external",
            str(site),
            "--cache",
            str(cache),
            "--concurrency",
            "2",
            "--timeout",
            "2",
            "--retries",
            "0",
        ]
    )
    captured = capsys.readouterr()
    assert status == 1
    assert f'external link <a href="{server.base}/missing"> is broken: 404 Not Found' in captured.out
    assert "2 external addresses checked: 1 broken." in captured.err
    assert cache.is_file()
    assert main(["--root", str(root), "linkcheck-external", str(root / "nowhere")]) == 2


def test_good_results_are_kept_in_the_build_cache_by_default(
    server: Server, make_project, monkeypatch, tmp_path_factory
):
    root = make_project({})
    site = write_site(root, server)
    xdg = tmp_path_factory.mktemp("xdg")
    monkeypatch.delenv(CACHE_ENV, raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(xdg))
    assert main(["--root", str(root), "linkcheck-external", str(site), "--timeout", "2", "--retries", "0"]) == 1
    kept = cache_root(root) / "external-links.json"
    assert kept.is_relative_to(xdg)
    assert f"{server.base}/ok" in LinkCache(kept).results
    assert not (root / ".cache").exists()


def test_a_broken_address_on_many_pages_is_reported_once(server: Server, tmp_path: Path):
    site = tmp_path / "site"
    for name in ["index.html", "a/index.html", "b/index.html", "c/index.html", "404.html"]:
        (site / name).parent.mkdir(parents=True, exist_ok=True)
        (site / name).write_text(f'<a href="{server.base}/missing">theme link</a>', encoding="utf-8")
    problems, _ = check_external_links(site, checker())
    assert [(p.path, p.message) for p in problems] == [
        (
            f"{site.as_posix()}/a/index.html",
            f'external link <a href="{server.base}/missing"> is broken: 404 Not Found; it is on 5 pages, e.g. /a/',
        ),
    ]
