"""A real `mkdocs serve` of a fixture project, as `make serve` runs it, for the preview tests."""

from __future__ import annotations

import html
import os
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

from conftest import ROOT


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
        time.sleep(0.3)
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


class Preview:
    """A `mkdocs serve` of a fixture project, as `make serve` runs it."""

    def __init__(self, root: Path):
        self.root = root
        self.port = free_port()
        env = dict(os.environ, NO_MKDOCS_2_WARNING="1", PYTHONPATH=str(ROOT / "hooks"), SOURCE_DATE_EPOCH="1656633600")
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "mkdocs",
                "serve",
                "-f",
                "mkdocs.preview.yml",
                "--livereload",
                "--dirty",
                "--dev-addr",
                f"127.0.0.1:{self.port}",
            ],
            cwd=root,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )

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

    def stop(self) -> str:
        self.process.terminate()
        return self.process.communicate(timeout=30)[1]
