"""Edit-to-reload of the preview: from saving a file to the page showing the change.

The preview runs as `make serve` runs it (`mkdocs serve -f mkdocs.preview.yml
--livereload --dirty`, on a free port), on a site made by `synthetic.py`. Each edit is
saved, then the page that must show it is fetched every 50 ms until it does; the time
from the save to that answer is the edit's time. The next edit waits until the
server's rebuild has finished. Edits cycle through three kinds:

  person        a person's role, shown on the person's page;
  topic rename  the name of the most-mentioned topic, shown on many pages: polled on the
                topic's own page, which the preview builds first; the time until the
                last page that shows it (an entry that names it) does is reported too,
                as "topic rename, every page";
  new           a new topic entry, polled on its own page.

The full strict build (`mkdocs build --strict`) of the same site is timed in the same
run, so that the ratio of the two means something on a noisy machine.

Run alone: python benchmarks/preview_reload.py --sizes 1000 --edits 2
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
KINDS = ("person", "topic rename", "new")
EVERY_PAGE = "topic rename, every page"
"""The time until every page that shows a renamed topic shows its new name."""
READY_SECONDS = 900.0
EDIT_SECONDS = 180.0


def preview_command(port: int) -> list[str]:
    """The preview as `make serve` starts it, on `port` (the tests start it so too)."""
    return [sys.executable, "-m", "mkdocs", "serve", "-f", "mkdocs.preview.yml", "--livereload", "--dirty",
            "--dev-addr", f"127.0.0.1:{port}"]  # fmt: skip


class Server:
    """A `make serve`-equivalent preview of `site`, and the lines it logs."""

    def __init__(self, site: Path, env: dict[str, str], port: int):
        self.port = port
        self.lines: list[str] = []
        self.process = subprocess.Popen(
            preview_command(port),
            cwd=site,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()

    def _read(self) -> None:
        for line in self.process.stderr:
            self.lines.append(line.rstrip("\n"))

    def builds(self) -> int:
        return sum("Documentation built" in line for line in self.lines)

    def idle(self, quiet: float = 1.5) -> bool:
        """True when the server has logged nothing for `quiet` seconds (no build running
        or about to run: the preview may ask for a second build after an edit)."""
        count = len(self.lines)
        time.sleep(quiet)
        return len(self.lines) == count

    def page(self, path: str) -> str | None:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{self.port}/{path}", timeout=30) as response:
                return response.read().decode("utf-8")
        except (urllib.error.URLError, OSError):
            return None

    def wait(self, predicate, seconds: float, step: float = 0.05) -> bool:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if predicate():
                return True
            time.sleep(step)
        return False

    def stop(self) -> str:
        """Stop the server; what it logged, one line after another."""
        self.process.terminate()
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
        self.reader.join(timeout=10)
        self.process.stderr.close()
        return "\n".join(self.lines)


def plan_edits(site: Path, count: int) -> list[tuple[str, Path, str, str, str, str | None]]:
    """(kind, file, its new text, page to poll, text the page must show, the page that
    shows it last or None), `count` of each kind."""
    sys.path.insert(0, str(site / "hooks"))
    from calico_kb import pipeline  # the site's own copy of the core

    build = pipeline.build(pipeline.Project(site), pipeline.read_site_info(site / "mkdocs.yml"))
    graph = build.kb.graph
    people = sorted(key for key in graph.entries if key.startswith("people/"))
    topic = max((key for key in graph.entries if key.startswith("topics/")), key=lambda k: (len(graph.incoming[k]), k))
    showing = sorted(
        ref.source for ref in graph.incoming[topic] if not build.kb.catalog[ref.source.split("/")[0]].from_markdown
    )
    edits = []
    for index in range(count):
        token = f"Edited{index}x{os.getpid()}"
        person = graph.entries[people[(index * 7919) % len(people)]]
        data = dict(person.data, role=f"Role {token}")
        edits.append(
            (
                "person",
                site / person.source,
                yaml.safe_dump(data, allow_unicode=True, sort_keys=False),
                f"{person.key}/",
                token,
                None,
            )
        )
        entry = graph.entries[topic]
        data = dict(entry.data, name=f"Topic {token}")
        edits.append(
            (
                "topic rename",
                site / entry.source,
                yaml.safe_dump(data, allow_unicode=True, sort_keys=False),
                f"{topic}/",
                token,
                f"{showing[-1 - index % len(showing)]}/",
            )
        )
        slug = f"new-topic-{index}-{os.getpid()}"
        edits.append(
            (
                "new",
                site / "data" / "topics" / f"{slug}.yaml",
                f"name: New {token}\ndescription: A topic added while the preview runs.\n",
                f"topics/{slug}/",
                token,
                None,
            )
        )
    return edits


def measure(site: Path, env: dict[str, str], port: int, edits_per_kind: int, log=print) -> dict[str, object]:
    """Median edit-to-reload seconds (all edits, and per kind) of a preview of `site`."""
    edits = plan_edits(site, edits_per_kind)
    server = Server(site, env, port)
    times: dict[str, list[float]] = {kind: [] for kind in (*KINDS, EVERY_PAGE)}
    errors: list[str] = []
    try:
        started = time.monotonic()
        if not server.wait(lambda: server.builds() >= 1 and server.page("") is not None, READY_SECONDS, 0.5):
            return {"error": "the preview did not start: " + " | ".join(server.lines[-5:])}
        log(f"   preview ready in {time.monotonic() - started:.1f} s (first build)")
        for kind, path, text, page, token, last in edits:
            builds = server.builds()
            saved = time.monotonic()
            path.write_text(text, encoding="utf-8")
            for label, polled in ((kind, page), (EVERY_PAGE, last)):
                if polled is None:
                    continue
                if not server.wait(lambda token=token, page=polled: token in (server.page(page) or ""), EDIT_SECONDS):
                    errors.append(f"{label} edit never showed on /{polled}")
                    break
                seconds = time.monotonic() - saved
                times[label].append(seconds)
                log(f"   edit ({label}): {seconds:.2f} s, /{polled}")
            if not server.wait(lambda builds=builds: server.builds() > builds, 60.0):  # the rebuild is over
                log(f"   (the end of that rebuild was not logged; last line: {server.lines[-1:]})")
            server.wait(lambda: server.idle(), 60.0)  # and the one that follows, if any
    finally:
        server.stop()
    every = [t for kind in KINDS for t in times[kind]]  # as each edit first shows
    warnings = [
        line
        for line in server.lines
        if line.startswith(("WARNING", "ERROR")) and "dirty" not in line and '"GET ' not in line
    ]  # pages polled before they exist
    return {
        "edit_seconds": every,
        "edit_median": statistics.median(every) if every else None,
        "by_kind": {kind: statistics.median(values) if values else None for kind, values in times.items()},
        "kind_seconds": times,
        "errors": errors + warnings[:5],
    }


def strict_build_seconds(site: Path, env: dict[str, str], runs: int) -> list[float]:
    times = []
    with tempfile.TemporaryDirectory() as out:
        for _ in range(runs):
            started = time.monotonic()
            done = subprocess.run(
                [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", out],
                cwd=site,
                env=env,
                capture_output=True,
                text=True,
            )
            if done.returncode != 0:
                raise RuntimeError(done.stderr[-2000:])
            times.append(time.monotonic() - started)
    return times


def main(argv: list[str] | None = None) -> int:
    sys.path.insert(0, str(HERE))
    import run

    import synthetic

    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="1000,5000", help="entry counts, comma-separated (default: 1000,5000)")
    parser.add_argument("--edits", type=int, default=2, help="edits of each kind (default: 2)")
    parser.add_argument("--builds", type=int, default=1, help="strict builds timed beside (default: 1)")
    args = parser.parse_args(argv)
    for n in [int(s) for s in args.sizes.split(",")]:
        with tempfile.TemporaryDirectory(prefix="bench-preview-") as work:
            site = Path(work) / "site-src"
            synthetic.build_project(site, REPO, n)
            env = run.environment(site)
            print(f"== {n:,} entries", flush=True)
            builds = strict_build_seconds(site, env, args.builds)
            figures = measure(site, env, run.free_port(), args.edits)
            build = statistics.median(builds)
            edit = figures.get("edit_median")
            ratio = f"{edit / build:.3f}" if edit else "-"
            print(
                f"   strict build {build:.2f} s; edit-to-reload median {edit and round(edit, 2)} s "
                f"(by kind {figures.get('by_kind')}); edit / build = {ratio}; "
                f"errors: {figures.get('errors') or figures.get('error')}",
                flush=True,
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
