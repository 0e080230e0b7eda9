"""A real `mkdocs serve` of a fixture project, as `make serve` runs it, for the preview tests."""

from __future__ import annotations

import html
import os
import re
import socket
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

from conftest import ROOT

sys.path.insert(0, str(ROOT / "benchmarks"))
from preview_reload import Server  # noqa: E402


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(predicate, seconds: float = 60.0):
    """Poll until `predicate()` is truthy; a functional wait, not a timing assertion."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.1)
    return predicate()


def answer(url: str) -> tuple[int, str] | None:
    """(status, text) of a GET, 404s included; None when the server does not answer in time."""
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.read().decode("utf-8")
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode("utf-8")
    except OSError:
        return None


def banner_text(page: str) -> str:
    """The text of the page's problem banner ("" without one), markup removed."""
    match = re.search(r'<div class="kb-preview-problems".*?</div>\s*</div>', page, re.DOTALL)
    return html.unescape(re.sub(r"<[^>]+>", "", match.group(0))) if match else ""


class Preview(Server):
    """A `mkdocs serve` of a fixture project, as `make serve` runs it (the benchmark's
    server, with what the tests ask of it)."""

    def __init__(self, root: Path):
        self.root = root
        env = dict(os.environ, NO_MKDOCS_2_WARNING="1", PYTHONPATH=str(ROOT / "hooks"), SOURCE_DATE_EPOCH="1656633600")
        super().__init__(root, env, free_port())

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}/{path}"

    def page(self, path: str) -> str:
        found = answer(self.url(path))
        assert found is not None, f"no answer from /{path}"
        return found[1]

    def wait_until(self, path: str, predicate) -> str:
        page = wait_for(lambda: (lambda a: a[1] if a and predicate(a[1]) else None)(answer(self.url(path))))
        assert page, f"/{path} never showed the expected change"
        return page

    def write(self, name: str, text: str) -> None:
        (self.root / name).write_text(text, encoding="utf-8")
