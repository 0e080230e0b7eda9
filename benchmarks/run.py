"""Benchmark: does the build scale? Synthetic knowledge bases of several sizes, timed.

For each size N (default 100, 1,000 and 5,000 entries in all, spread over every
collection), a temporary site is made from the real configuration (mkdocs.yml, hooks/,
schemas/, templates/, overrides/, docs/ and data/ of this repository) plus synthetic
entries up to N (see synthetic.py), and each of these is run several times (builds:
3 runs, 3 at 5,000 too, after one warm-up build that is not counted; check: 5 runs,
after one that is not counted; LinkChecker: 1 run, at sizes up to 1,000); the median is
reported:

  check       `python -m calico_kb check` on the site, the whole process (start-up
              included), as `make check` runs it;
  build       `mkdocs build --strict` (timed_build.py runs MkDocs' command line in
              process), whole process, with the time spent in our own code (the hook
              file's event handlers: load, validate, graph, render, per-page work);
  plain       the same pages as plain Markdown (what our hooks handed MkDocs, written
              to docs/ of a copy) built by MkDocs with the same nav, no hooks and
              none of our Markdown extensions, as a
              plain Material site ships them: with Material's built-in `search` plugin,
              since our site ships search too (Pagefind's, which replaced Material's
              search in our mkdocs.yml); the hooks' overhead is build / plain, measured
              in the same run. The same copy without the search plugin is built beside
              it (`plain, no search`), and build and memory against it are printed too,
              for transparency; the targets read the plain build with search;
  site check  `python -m calico_kb check-site SITE` on the built site (links, anchors),
              beside LinkChecker (installed in .bench-venv/ from
              benchmarks/requirements.lock) run against the same site served on
              127.0.0.1 (serve_site.py), with its AnchorCheck plugin on and no
              request-rate limit;
  memory      peak of the resident memory of the build's processes together (see
              the targets below), beside the build's own process's peak and its
              children's (Pagefind's indexer, run once per part of the index:
              search.py), sampled the same way;
  pictures    builds without the SVG pictures (avatars, connections graphs), without
              the social cards, and with the social cards drawn from an empty cache
              (cold), alternating with full builds (warm cache): each one's cost is the
              ratio of build times measured in the same run;
  search      what a reader's browser downloads to run one search query, compressed
              (search_download.py: the query typed into the search dialog in headless
              Chromium, the search files served counted at their gzip size; the
              largest of its queries), beside the size of the whole index on disk;
  preview     edit-to-reload through a real `make serve` (`mkdocs serve --dirty` with
              mkdocs.preview.yml): from saving a file to the page showing the change,
              median of several edits of three kinds (preview_reload.py), beside the
              strict build of the same site measured in the same run.

Targets (ratios and sizes measured in one run on the same machine, medians of its runs;
times are CPU seconds of the processes, which a loaded machine changes less than wall
seconds, wall seconds are shown beside; on a shared 2-core machine a build's CPU
seconds still rose 20-40% under others' work, so compare only figures of one run).
"Own code" is our Python: the hook files' event handlers, in the build's process, and
what of ours MkDocs runs outside them: our Markdown extension (nh3's clean-up of
shipped HTML) and each page's social card, which the theme's templates ask for
(timed_build.py OUTSIDE_HANDLERS); the plain copy runs none of it. Pagefind's indexer, which the
hook runs at the end of the build, is a dependency (a program made for the job, as
Material's search plugin is in the plain build): its CPU, a child process's, counts in
the build's total but not as own code, and is shown on its own row
(`search indexer (Pagefind)`):
  - peak memory of the build at 5,000 entries is at most 1.5 times the plain build's:
    the peak of the resident memory of the build's processes together (sampled every
    20 ms), since the build's process stays resident while Pagefind's indexer, its
    child, runs; each process's own peak is shown beside it;
  - at 5,000 entries, our own code (every in-build check included) is at most 15% of
    the build, and the build takes at most 1.25 times the plain build;
  - build time at 5,000 / build time at 1,000 is at most 5.5 (linear growth);
  - check on 5,000 entries (start-up included) takes at most 3% of the strict build of
    the same site, with its disk cache of Markdown bodies warm (the cold figure, every
    body rendered, is reported beside it);
  - the site check is at least 5 times faster than LinkChecker;
  - one search query downloads at most 1 MiB (compressed) at 5,000 entries;
  - the SVG pictures add at most 10% to the build, at 1,000 and at 5,000 entries;
  - social cards cached by content add at most 5% to a warm build (the cold cost,
    every card drawn, is reported beside it);
  - at 1,000 entries an edit shows in the preview in at most 2 s, and in at most 0.2
    of the strict build of the same site; a topic renamed (shown on hundreds of pages)
    shows on its page in at most 2 s (the time until every page shows it is reported;
    5,000 is reported).
  - each pathological input (pathological.py: long runs of headings and brackets,
    nested lists and quotes, long lines, many elements, a backtracking schema
    pattern, a large uniqueItems list) costs at most 12 times as much at 10x as at 1x
    (linear); `--pathological only` runs just these (~30 s).
PASS/FAIL is printed per target; the exit status is 1 when a target is missed (or a
build fails), 0 otherwise. A target whose sizes were not run is reported as SKIP.

The table is printed and the figures are written to benchmarks/results/latest.json
(and latest.md); benchmarks/RESULTS.md keeps a representative run.
"""

from __future__ import annotations

import argparse
import datetime
import hashlib
import json
import os
import platform
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import explorer_bench
import pathological
import preview_reload
import search_download
import timed_build
import yaml

import synthetic

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
RESULTS = HERE / "results"
BENCH_VENV = REPO / ".bench-venv"
BENCH_LOCK = HERE / "requirements.lock"
GIB = 1024**3


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="benchmarks/run.py",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog="Exit status: 0 when every target is met, 1 when one is missed or a build fails, 2 for bad usage.",
    )
    parser.add_argument(
        "--sizes", default="100,1000,5000", help="entry counts, comma-separated (default: 100,1000,5000)"
    )
    parser.add_argument("--runs", type=int, default=3, help="runs of each measurement (default: 3)")
    parser.add_argument(
        "--runs-large",
        type=int,
        default=3,
        metavar="RUNS",
        help="runs of the builds at sizes of 5,000 and more (default: 3; each takes a minute or two)",
    )
    parser.add_argument(
        "--check-runs",
        type=int,
        default=5,
        metavar="RUNS",
        help="runs of `check` at every size (default: 5; it takes seconds)",
    )
    parser.add_argument(
        "--linkchecker-max-size",
        type=int,
        default=1000,
        metavar="N",
        help="run LinkChecker only at sizes up to N (default: 1000; it spends ~0.1 s a page)",
    )
    parser.add_argument(
        "--linkchecker-runs", type=int, default=1, metavar="RUNS", help="runs of LinkChecker at each size (default: 1)"
    )
    parser.add_argument("--no-linkchecker", action="store_true", help="skip LinkChecker (and the bench venv)")
    parser.add_argument(
        "--no-picture-builds",
        action="store_true",
        help="skip the builds without pictures and social cards (four builds a run; their targets are then SKIP)",
    )
    parser.add_argument("--workdir", type=Path, help="where to make the sites (default: a new /tmp/bench-* folder)")
    parser.add_argument("--keep", action="store_true", help="keep the generated sites")
    parser.add_argument("--seed", type=int, default=1, help="seed of the synthetic data (default: 1)")
    parser.add_argument(
        "--release-notes",
        type=int,
        default=0,
        metavar="N",
        help="add N release notes to every site, shaped like Calico's real corpus (2300: 220 releases, ~2,250 pull "
        "requests, ~260 authors; 23000: ten times that); see synthetic.generate_release_notes (default: none)",
    )
    parser.add_argument(
        "--explorer-notes",
        default="2300,23000",
        metavar="SIZES",
        help="numbers of release notes at which the release explorer is measured on the real site: build time "
        "ratio and first-load transfer (default: 2300,23000; '' for none; see explorer_bench.py)",
    )
    parser.add_argument("--explorer-runs", type=int, default=1, help="builds per explorer size (default: 1)")
    parser.add_argument(
        "--preview-sizes",
        default="1000,5000",
        metavar="SIZES",
        help="sizes at which edit-to-reload of the preview is measured (default: 1000,5000; "
        "'' for none; see preview_reload.py)",
    )
    parser.add_argument(
        "--preview-edits",
        type=int,
        default=2,
        metavar="N",
        help="edits of each kind (a person's field, a topic's name, a new entry) per size (default: 2)",
    )
    parser.add_argument(
        "--pathological",
        choices=("run", "skip", "only"),
        default="run",
        help="the pathological inputs at 1x and 10x (pathological.py, ~30 s): run them first (default), skip "
        "them, or run only them",
    )
    return parser.parse_args(argv)


def bench_pathological() -> tuple[list[dict[str, object]], str]:
    """Issue 21's unbounded-work inputs at 1x and 10x, each one's ratio (pathological.py)."""
    results = pathological.measure()
    text = pathological.table(results)
    print(text + "\n", flush=True)
    return results, text


# --- the machine -------------------------------------------------------------------


def machine() -> dict[str, object]:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory = None
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                memory = int(line.split()[1]) * 1024
    except OSError:
        pass
    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "memory_bytes": memory,
        "python": platform.python_version(),
        "platform": platform.platform(),
    }


# --- processes ---------------------------------------------------------------------


def environment(site: Path) -> dict[str, str]:
    env = dict(
        os.environ,
        NO_MKDOCS_2_WARNING="1",
        PYTHONPATH=str(site / "hooks"),
        PYTHONHASHSEED="0",
        KB_CACHE_DIR=str(site / ".cache"),
    )
    env.setdefault("SOURCE_DATE_EPOCH", "1656633600")
    return env


def card_cache(site: Path) -> Path:
    """The social-card cache of a benchmark site: its own, so cold means cold."""
    return site / ".cache" / "social-cards"


def run(command: list[str], *, cwd: Path, env: dict[str, str], log: Path) -> dict[str, float | int]:
    """Run a process to completion: wall seconds, CPU seconds, exit status, the peak of
    its largest process (from wait4) and the peak of its processes together (sampled)."""
    with open(log, "wb") as out:
        started = time.perf_counter()
        process = subprocess.Popen(command, cwd=cwd, env=env, stdout=out, stderr=subprocess.STDOUT)
        sampler = TreeMemory(process.pid)
        _, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - started
        tree_peak = sampler.stop()
    process.returncode = os.waitstatus_to_exitcode(status)
    return {
        "seconds": seconds,
        "cpu_seconds": usage.ru_utime + usage.ru_stime,
        "status": process.returncode,
        "max_rss_bytes": usage.ru_maxrss * 1024,
        "tree_peak_bytes": max(tree_peak, usage.ru_maxrss * 1024),
        "children_tree_peak_bytes": sampler.children_peak,
    }


class TreeMemory(threading.Thread):
    """The peak of the summed resident memory of a process and its descendants, sampled
    every 20 ms from /proc (Linux). wait4's peak is the largest single process's: the
    build's own process stays resident while Pagefind's indexer, its child, runs, so the
    machine holds both at once, which only a sum shows. (Without /proc the sum is 0 and
    `run` reports wait4's figure.) `children_peak` is the same peak without the process
    itself: Pagefind's indexer's, sampled (a child's wait4 figure is at least its
    parent's memory when it was forked)."""

    INTERVAL = 0.02

    def __init__(self, pid: int):
        super().__init__(daemon=True)
        self.pid, self.peak, self.children_peak, self._done = pid, 0, 0, threading.Event()
        self.start()

    def run(self) -> None:
        while not self._done.wait(self.INTERVAL):
            resident = [_resident(pid) for pid in _descendants(self.pid)]
            self.peak = max(self.peak, sum(resident))
            self.children_peak = max(self.children_peak, sum(resident[1:]))

    def stop(self) -> int:
        self._done.set()
        self.join()
        return self.peak


def _descendants(pid: int) -> list[int]:
    """`pid` and every process under it."""
    found, index = [pid], 0
    while index < len(found):
        try:
            for task in os.listdir(f"/proc/{found[index]}/task"):
                with open(f"/proc/{found[index]}/task/{task}/children") as children:
                    found += [int(child) for child in children.read().split()]
        except OSError:  # gone meanwhile
            pass
        index += 1
    return found


def _resident(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/statm") as statm:
            return int(statm.read().split()[1]) * PAGE_SIZE
    except (OSError, IndexError, ValueError):
        return 0


PAGE_SIZE = os.sysconf("SC_PAGE_SIZE") if hasattr(os, "sysconf") else 4096


def problem_lines(log: Path) -> list[str]:
    return [line for line in log.read_text(errors="replace").splitlines() if line.startswith(("WARNING", "ERROR"))]


def ensure_bench_venv() -> Path:
    """.bench-venv/ with benchmarks/requirements.lock installed (LinkChecker), made when missing."""
    stamp = BENCH_VENV / ".installed"
    digest = hashlib.sha256(BENCH_LOCK.read_bytes()).hexdigest()
    if not stamp.is_file() or stamp.read_text() != digest:
        print(f"Installing {BENCH_LOCK.relative_to(REPO)} into {BENCH_VENV.name}/ ...", flush=True)
        if not (BENCH_VENV / "bin" / "python").exists():
            subprocess.run([sys.executable, "-m", "venv", str(BENCH_VENV)], check=True)
        subprocess.run(
            [
                str(BENCH_VENV / "bin" / "python"),
                "-m",
                "pip",
                "install",
                "--quiet",
                "--disable-pip-version-check",
                "-r",
                str(BENCH_LOCK),
            ],
            check=True,
        )
        stamp.write_text(digest)
    return BENCH_VENV / "bin" / "linkchecker"


# --- the plain-MkDocs copy -----------------------------------------------------------


def top_level_blocks(text: str) -> list[tuple[str | None, str]]:
    """mkdocs.yml split into (top-level key, text of its block), comments kept with the next key."""
    blocks: list[tuple[str | None, str]] = []
    pending = ""
    for line in text.splitlines(keepends=True):
        match = re.match(r"^([A-Za-z_][\w-]*):", line)
        if match:
            blocks.append((match.group(1), pending + line))
            pending = ""
        elif line.strip() == "" or line.startswith("#"):
            pending += line
        else:
            key, body = blocks[-1] if blocks else (None, "")
            blocks[-1:] = [(key, body + pending + line)]
            pending = ""
    if pending:
        blocks.append((None, pending))
    return blocks


def make_plain_site(site: Path, dump: Path, plain: Path) -> None:
    """A copy whose docs/ holds the Markdown our hooks produced, built without hooks,
    with the navigation our hooks made (a section for every collection, see
    `render.nav`): Material renders the nav, the tabs and the breadcrumbs from it into
    every page, which is a fifth of a build's templates at 5,000 entries, so a copy with
    only mkdocs.yml's hand-written nav would not be a build of the same pages."""
    if plain.exists():
        shutil.rmtree(plain)
    plain.mkdir(parents=True)
    shutil.copytree(dump, plain / "docs")
    for path in (site / "docs").rglob("*"):  # assets and anything else that is not a page
        if path.is_file() and path.suffix != ".md":
            target = plain / "docs" / path.relative_to(site / "docs")
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(path, target)
    if (site / "overrides").is_dir():
        shutil.copytree(site / "overrides", plain / "overrides")
    # Pages our hook marks as not in the nav (every entry page) get the same mark here.
    folders = sorted({p.parent.relative_to(plain / "docs").as_posix() for p in (plain / "docs").glob("*/*.md")})
    not_in_nav = "not_in_nav: |\n" + "".join(f"  /{folder}/*.md\n" for folder in folders)
    blocks = [
        (key, _without_our_extensions(body) if key == "markdown_extensions" else body)
        for key, body in top_level_blocks((site / "mkdocs.yml").read_text(encoding="utf-8"))
        if key not in ("hooks", "not_in_nav", "watch")
    ]
    nav = timed_build.nav_file(dump)
    if nav.exists():
        made = nav.read_text(encoding="utf-8")
        blocks = [(key, made if key == "nav" else body) for key, body in blocks]
        blocks += [] if "nav" in dict(blocks) else [("nav", made)]
    if "plugins" not in dict(blocks):
        blocks.append(("plugins", "plugins: []\n"))
    for name, searched in ((PLAIN_CONFIG, True), (PLAIN_CONFIG_NO_SEARCH, False)):
        kept = "".join(_plugins_block(body, searched) if key == "plugins" else body for key, body in blocks)
        (plain / name).write_text(kept.rstrip("\n") + "\n\n" + not_in_nav, encoding="utf-8")


def _without_our_extensions(body: str) -> str:
    """The `markdown_extensions:` block of mkdocs.yml without the extensions of our own
    code (`calico_kb.`: the HTML clean-up of shipped pages, the allowlist's second line):
    a plain Material site does not run them, and their time is own code in our build
    (timed_build.py)."""
    extensions = (yaml.safe_load(body) or {}).get("markdown_extensions") or []
    kept = [e for e in extensions if not (e if isinstance(e, str) else next(iter(e))).startswith("calico_kb.")]
    return yaml.safe_dump({"markdown_extensions": kept}, sort_keys=False)


def _plugins_block(body: str, searched: bool) -> str:
    """The `plugins:` block of mkdocs.yml with Material's built-in search plugin, or
    without it (the site's own comments on it dropped)."""
    plugins = (yaml.safe_load(body) or {}).get("plugins") or []
    plugins = [p for p in plugins if p != "search" and not (isinstance(p, dict) and "search" in p)]
    return yaml.safe_dump({"plugins": ["search", *plugins] if searched else plugins}, sort_keys=False)


PLAIN_CONFIG, PLAIN_CONFIG_NO_SEARCH = "mkdocs.yml", "mkdocs-no-search.yml"
"""The plain copy's configurations: with Material's built-in search plugin (the
baseline the targets read, since our site ships search too), and without it (shown
beside, for transparency)."""


# --- LinkChecker ---------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def run_linkchecker(linkchecker: Path, site_dir: Path, work: Path, env: dict[str, str]) -> dict[str, float | int]:
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, str(HERE / "serve_site.py"), str(site_dir), str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                time.sleep(0.05)
        config = work / "linkcheckerrc"
        # No politeness limit on our own server (see serve_site.py); anchors checked too.
        config.write_text("[checking]\nmaxrequestspersecond=1000\n\n[AnchorCheck]\n", encoding="utf-8")
        config.chmod(0o644)
        return run(
            [str(linkchecker), "--config", str(config), "--no-status", "--no-warnings", f"http://127.0.0.1:{port}/"],
            cwd=work,
            env=env,
            log=work / "linkchecker.log",
        )
    finally:
        server.terminate()
        server.wait()


# --- one size ------------------------------------------------------------------------


def median(values: list[float]) -> float | None:
    return statistics.median(values) if values else None


class _SizeRun:
    """One size of the benchmark: its synthetic site, its logs, and the figures so far.

    Each measurement is a method, run in the order of `bench_size`; an error is recorded
    in `errors` and the measurements that need a built site are skipped after it.
    """

    def __init__(self, n: int, work: Path, args: argparse.Namespace):
        self.n, self.args = n, args
        self.site = work / f"n{n}" / "site-src"
        if self.site.parent.exists():
            shutil.rmtree(self.site.parent)
        counts = synthetic.build_project(self.site, REPO, n, seed=args.seed)
        if args.release_notes:
            counts["release_notes"] = synthetic.generate_release_notes(self.site, args.release_notes, seed=args.seed)
        self.env = environment(self.site)
        self.logs = self.site.parent / "logs"
        self.logs.mkdir()
        self.site_dir = self.site.parent / "site"
        self.runs = args.runs_large if n >= 5000 else args.runs
        self.errors: list[str] = []
        self.result: dict[str, object] = {"entries": counts, "runs": self.runs, "errors": self.errors}
        self.builds: list[dict] = []
        print(
            f"\n== {counts['total']} entries ({counts['real']} real, {counts['synthetic']} synthetic): "
            f"{self.runs} runs",
            flush=True,
        )

    def time_checks(self) -> None:
        # Settle the machine first: write the generated files out to disk, and run `check`
        # once untimed (Python compiles the copied hooks/ then), as in a working copy.
        os.sync()
        run(
            [sys.executable, "-m", "calico_kb", "check"],
            cwd=self.site,
            env=self.env,
            log=self.logs / "check-warm-up.log",
        )
        checks, check_cpu = [], []
        for index in range(self.args.check_runs):
            log = self.logs / f"check-{index}.log"
            outcome = run([sys.executable, "-m", "calico_kb", "check"], cwd=self.site, env=self.env, log=log)
            if outcome["status"] != 0:
                self.errors.append(f"check failed (exit {outcome['status']}), see {log}")
                break
            checks.append(outcome["seconds"])
            check_cpu.append(outcome["cpu_seconds"])
        self.result["check_seconds"] = checks
        self.result["check_cpu_seconds"] = check_cpu
        print(f"   check: {fmt(median(checks))} s (runs: {', '.join(f'{c:.2f}' for c in checks)})", flush=True)
        self.result["check_cold"] = time_cold_check(self.site, self.env, self.logs)

    def full_build(self, index: int, dump: Path | None, warmups: list[dict]) -> bool:
        """A timed strict build; index -1 is the warm-up, which also writes the dump."""
        report, log = self.logs / f"build-{index}.json", self.logs / f"build-{index}.log"
        command = [sys.executable, str(HERE / "timed_build.py"), str(report)]
        command += ["--dump-markdown", str(dump)] if dump else []
        command += ["--site-dir", str(self.site_dir)]
        outcome = run(command, cwd=self.site, env=self.env, log=log)
        warnings = problem_lines(log)
        if outcome["status"] != 0 or warnings or not report.exists():
            self.errors.append(f"strict build failed (exit {outcome['status']}, {len(warnings)} warnings), see {log}")
            return False
        inside = json.loads(report.read_text())
        seconds = outcome["seconds"] - inside["dump_seconds"]  # writing the dump is not the build's
        figures = {
            "seconds": seconds,
            "cpu_seconds": outcome["cpu_seconds"],
            "own_seconds": inside["own_seconds"],
            "own_cpu_seconds": inside.get("own_cpu_seconds"),
            "hook_import_seconds": inside.get("hook_import_seconds", 0.0),
            "timers": inside["timers"],
            "cpu_timers": inside.get("cpu_timers", {}),
            "calls": inside.get("calls", {}),
            "max_rss_bytes": outcome["max_rss_bytes"],
            "tree_peak_bytes": outcome["tree_peak_bytes"],
            "process_peak_bytes": inside.get("process_peak_bytes"),
            "children_peak_bytes": inside.get("children_peak_bytes"),
            "children_tree_peak_bytes": outcome["children_tree_peak_bytes"],
        }
        label = "warm-up build (not counted)" if index < 0 else f"build {index + 1}"
        (warmups if index < 0 else self.builds).append(figures)
        print(
            f"   {label}: {seconds:.2f} s, own code {inside['own_seconds']:.2f} s "
            f"({inside['own_seconds'] / seconds:.1%}), "
            f"peak {outcome['tree_peak_bytes'] / 2**20:.0f} MiB (processes together)",
            flush=True,
        )
        return True

    def plain_build(self, index: int, plain: Path, plains: list[dict], config: str = PLAIN_CONFIG) -> bool:
        label = "plain build" if config == PLAIN_CONFIG else "plain build, no search"
        log = self.logs / f"{label.replace(' ', '-').replace(',', '')}-{index}.log"
        command = [
            sys.executable,
            "-m",
            "mkdocs",
            "build",
            "--strict",
            "--config-file",
            config,
            "--site-dir",
            str(self.site.parent / "plain-site"),
        ]
        outcome = run(command, cwd=plain, env=environment(plain), log=log)
        warnings = problem_lines(log)
        if outcome["status"] != 0 or warnings:
            self.errors.append(f"{label} failed (exit {outcome['status']}, {len(warnings)} warnings), see {log}")
            return False
        plains.append({key: outcome[key] for key in ("seconds", "cpu_seconds", "max_rss_bytes", "tree_peak_bytes")})
        print(f"   {label} {index + 1}: {outcome['seconds']:.2f} s, {outcome['cpu_seconds']:.2f} s CPU", flush=True)
        return True

    def time_builds(self) -> bool:
        """A warm-up build (caches, .pyc files) that also writes out the Markdown our hooks
        produce for the plain copy; then the two kinds of build alternate, so that a noisy
        neighbour hurts both alike. True when there is a built site to check."""
        warmups: list[dict] = []
        plains: list[dict] = []
        unsearched: list[dict] = []
        dump, plain = self.site.parent / "dump", self.site.parent / "plain"
        ok = self.full_build(-1, dump, warmups)
        if ok:
            make_plain_site(self.site, dump, plain)
            for index in range(self.runs):
                if (
                    not self.full_build(index, None, warmups)
                    or not self.plain_build(index, plain, plains)
                    or not self.plain_build(index, plain, unsearched, PLAIN_CONFIG_NO_SEARCH)
                ):
                    ok = bool(self.builds)
                    break
        self._summarise_builds(warmups, plains)
        self.result["plain_builds_no_search"] = unsearched
        self.result["cpu_no_search"] = cpu_figures(self.builds, unsearched)
        return ok

    def _summarise_builds(self, warmups: list[dict], plains: list[dict]) -> None:
        builds, result = self.builds, self.result
        result["warmup_builds"], result["builds"], result["plain_builds"] = warmups, builds, plains
        build_median = median([b["seconds"] for b in builds])
        result["build_seconds"] = build_median
        result["own_seconds"] = median([b["own_seconds"] for b in builds])
        result["hook_import_seconds"] = median([b["hook_import_seconds"] for b in builds])
        result["own_share"] = median([b["own_seconds"] / b["seconds"] for b in builds])
        result["stages"] = {
            name: median([b["timers"].get(name, 0.0) for b in builds])
            for name in sorted({k for b in builds for k in b["timers"]})
        }
        checked = [b for b in builds if b.get("calls", {}).get("stage:html policy")]
        result["html_check_ms_per_page"] = median(  # the search views made from the check's tree aside
            [
                1000
                * (b["timers"]["stage:html policy"] - b["timers"].get("stage:search views", 0.0))
                / b["calls"]["stage:html policy"]
                for b in checked
            ]
        )
        result["plain_seconds"] = median([p["seconds"] for p in plains])
        plain_seconds = result["plain_seconds"]
        result["hooks_ratio"] = (build_median / plain_seconds) if build_median and plain_seconds else None
        result["peak_rss_bytes"] = max((b.get("tree_peak_bytes") or b["max_rss_bytes"] for b in builds), default=None)
        result["cpu"] = cpu_figures(builds, plains)
        site_dir = self.site_dir
        result["pages"] = sum(1 for _ in site_dir.rglob("index.html")) if site_dir.is_dir() else 0

    def time_site_check(self) -> None:
        site_checks: list[float] = []
        for index in range(self.runs):
            log = self.logs / f"site-check-{index}.log"
            command = [sys.executable, "-m", "calico_kb", "check-site", str(self.site_dir)]
            outcome = run(command, cwd=self.site, env=self.env, log=log)
            if outcome["status"] != 0:
                self.errors.append(f"check-site failed (exit {outcome['status']}), see {log}")
                break
            site_checks.append(outcome["seconds"])
        self.result["site_check"] = "ran"
        self.result["site_check_seconds"] = site_checks
        print(f"   site check: {fmt(median(site_checks))} s", flush=True)

    def time_linkchecker(self, linkchecker: Path) -> None:
        checker_runs: list[float] = []
        for _ in range(self.args.linkchecker_runs):
            outcome = run_linkchecker(linkchecker, self.site_dir, self.logs, self.env)
            if outcome["status"] != 0:
                self.errors.append(
                    f"LinkChecker found problems or failed (exit {outcome['status']}), "
                    f"see {self.logs / 'linkchecker.log'}"
                )
                break
            checker_runs.append(outcome["seconds"])
        print(f"   LinkChecker: {fmt(median(checker_runs))} s", flush=True)
        self.result["linkchecker_seconds"] = checker_runs

    def time_search(self) -> None:
        figures = search_download.measure(self.site_dir)
        index = self.site_dir / "pagefind"
        figures["index_bytes"] = sum(f.stat().st_size for f in index.rglob("*") if f.is_file()) if index.is_dir() else 0
        self.result["search"] = figures
        if "error" in figures:
            print(f"   search: not measured: {figures['error']}", flush=True)
            return
        print(
            f"   search: one query downloads {figures['bytes'] / 1024:.0f} KiB compressed "
            f"(whole index {figures['index_bytes'] / 2**20:.1f} MiB)",
            flush=True,
        )

    def time_preview(self) -> None:
        figures = preview_reload.measure(
            self.site, self.env, free_port(), self.args.preview_edits, log=lambda line: print(line, flush=True)
        )
        self.result["preview"] = figures
        self.errors.extend(figures.get("errors") or ([figures["error"]] if "error" in figures else []))
        edit, build = figures.get("edit_median"), self.result.get("build_seconds")
        self.result["preview_ratio"] = edit / build if edit and build else None
        print(
            f"   preview: edit-to-reload median {fmt(edit)} s, "
            f"{fmt(self.result['preview_ratio'], 3)} of the strict build",
            flush=True,
        )


def bench_size(n: int, work: Path, args: argparse.Namespace, linkchecker: Path | None) -> dict[str, object]:
    """Every measurement of one size, in order: check, builds, pictures, site check,
    LinkChecker, preview."""
    size = _SizeRun(n, work, args)
    size.time_checks()
    ok = size.time_builds()
    size.result["picture_builds"] = (
        bench_pictures(size.site, size.site_dir, size.logs, size.env, size.runs, size.errors)
        if ok and not args.no_picture_builds
        else {}
    )
    size.result.setdefault("site_check", "no site")
    size.result.setdefault("site_check_seconds", [])
    size.result.setdefault("linkchecker_seconds", [])
    if ok:
        size.time_site_check()
        size.time_search()
    if ok and linkchecker is not None and n <= args.linkchecker_max_size:
        size.time_linkchecker(linkchecker)
    if ok and str(n) in [s.strip() for s in args.preview_sizes.split(",")]:
        size.time_preview()
    for message in size.errors:
        print(f"   ERROR: {message}", flush=True)
    return size.result


PICTURE_VARIANTS = {
    "full": [],
    "no pictures": ["--without", "pictures"],
    "no social cards": ["--without", "social-cards"],
    "cold social cards": [],
}


def bench_pictures(
    site: Path, site_dir: Path, logs: Path, env: dict[str, str], runs: int, errors: list[str]
) -> dict[str, list[float]]:
    """Strict builds with and without pictures and social cards, alternating, so that the
    costs are ratios of builds measured side by side: {variant: [seconds, ...]}."""
    seconds: dict[str, list[float]] = {name: [] for name in PICTURE_VARIANTS}
    for index in range(runs):
        for name, options in PICTURE_VARIANTS.items():
            if name == "cold social cards":
                shutil.rmtree(card_cache(site), ignore_errors=True)
            label = f"pictures-{name.replace(' ', '-')}-{index}"
            report = logs / f"{label}.json"
            command = [sys.executable, str(HERE / "timed_build.py"), str(report), *options, "--site-dir", str(site_dir)]
            outcome = run(command, cwd=site, env=env, log=logs / f"{label}.log")
            if outcome["status"] != 0 or problem_lines(logs / f"{label}.log"):
                errors.append(f"build ({name}) failed, see {logs / f'{label}.log'}")
                return seconds
            seconds[name].append(outcome["seconds"])
            print(f"   build, {name}: {outcome['seconds']:.2f} s", flush=True)
    return seconds


def picture_costs(result: dict) -> dict[str, float | None]:
    """Median build times of the variants as costs: full / without - 1, cold / without - 1."""
    builds = {name: median(values) for name, values in (result.get("picture_builds") or {}).items()}
    full, no_pictures, no_cards, cold = (builds.get(name) for name in PICTURE_VARIANTS)

    def cost(slow: float | None, fast: float | None) -> float | None:
        return slow / fast - 1 if slow and fast else None

    return {"pictures": cost(full, no_pictures), "cards_warm": cost(full, no_cards), "cards_cold": cost(cold, no_cards)}


def time_cold_check(site: Path, env: dict[str, str], logs: Path) -> dict[str, float] | None:
    """`check` once more with no cache of Markdown bodies: every body rendered and read
    again (`checks.markdown_bodies`); the timed runs above find them on disk."""
    shutil.rmtree(Path(env["KB_CACHE_DIR"]) / "bodies", ignore_errors=True)
    outcome = run([sys.executable, "-m", "calico_kb", "check"], cwd=site, env=env, log=logs / "check-cold.log")
    if outcome["status"] != 0:
        return None
    print(f"   check, cold body cache: {outcome['seconds']:.2f} s", flush=True)
    return {"seconds": outcome["seconds"], "cpu_seconds": outcome["cpu_seconds"]}


def cpu_figures(builds: list[dict], plains: list[dict]) -> dict[str, object]:
    """The builds' figures in CPU seconds (medians) and peak memory, ours beside the plain
    build's: what the targets are about, since other processes do not change them."""
    build, plain = median([b["cpu_seconds"] for b in builds]), median([p["cpu_seconds"] for p in plains])
    own = [b["own_cpu_seconds"] for b in builds if b.get("own_cpu_seconds") is not None]
    peak = max((b.get("tree_peak_bytes") or b["max_rss_bytes"] for b in builds), default=None)
    plain_peak = max((p.get("tree_peak_bytes") or p["max_rss_bytes"] for p in plains), default=None)
    return {
        "build_seconds": build,
        "plain_seconds": plain,
        "build_ratio": build / plain if build and plain else None,
        "own_seconds": median(own),
        "own_share": median([b["own_cpu_seconds"] / b["cpu_seconds"] for b in builds if b.get("own_cpu_seconds")]),
        "stages": {
            name: median([b["cpu_timers"].get(name, 0.0) for b in builds])
            for name in sorted({k for b in builds for k in b.get("cpu_timers", {})})
        },
        "peak_bytes": peak,
        "plain_peak_bytes": plain_peak,
        "memory_ratio": peak / plain_peak if peak and plain_peak else None,
        "process_peak_bytes": max((b.get("process_peak_bytes") or 0 for b in builds), default=0) or None,
        "indexer_peak_bytes": max(
            (b.get("children_tree_peak_bytes") or b.get("children_peak_bytes") or 0 for b in builds), default=0
        )
        or None,
        "largest_process_peak_bytes": max((b["max_rss_bytes"] for b in builds), default=None),
    }


# --- targets and report ----------------------------------------------------------------


def fmt(value: float | None, digits: int = 2) -> str:
    return "-" if value is None else f"{value:.{digits}f}"


def evaluate(results: dict[int, dict]) -> list[dict[str, object]]:
    targets = []

    def target(name: str, value: float | None, limit: str, passed: bool | None, shown: str) -> None:
        targets.append(
            {
                "target": name,
                "value": value,
                "limit": limit,
                "result": "SKIP" if passed is None else "PASS" if passed else "FAIL",
                "shown": shown,
            }
        )

    targets += scale_targets(results)
    speedups = []
    for n, result in sorted(results.items()):
        site, checker = median(result.get("site_check_seconds") or []), median(result.get("linkchecker_seconds") or [])
        if site and checker:
            speedups.append((n, checker / site))
    if speedups:
        n, speedup = speedups[-1]
        target(f"site check vs LinkChecker at {n:,}", speedup, ">= 5x", speedup >= 5, f"{speedup:.1f}x")
    else:
        target("site check vs LinkChecker", None, ">= 5x", None, "-")
    for n in (1000, 5000):
        costs = picture_costs(results.get(n, {}))
        pictures, warm, cold = costs["pictures"], costs["cards_warm"], costs["cards_cold"]
        target(
            f"SVG pictures' cost to the build at {n:,}",
            pictures,
            "<= 10%",
            None if pictures is None else pictures <= 0.10,
            "-" if pictures is None else f"{pictures:+.1%}",
        )
        target(
            f"social cards' cost to a warm build at {n:,} (cold: {'-' if cold is None else f'{cold:+.1%}'})",
            warm,
            "<= 5%",
            None if warm is None else warm <= 0.05,
            "-" if warm is None else f"{warm:+.1%}",
        )
        edit = (results.get(n, {}).get("preview") or {}).get("edit_median")
        ratio = results.get(n, {}).get("preview_ratio")
        shown = "-" if edit is None else f"{edit:.2f} s, {ratio:.3f} of the build"
        if n == 1000:
            target(
                "preview edit-to-reload at 1,000",
                edit,
                "<= 2 s and <= 0.2 of the build",
                None if edit is None or ratio is None else edit <= 2.0 and ratio <= 0.2,
                shown,
            )
        elif edit is not None:
            target(f"preview edit-to-reload at {n:,} (reported)", edit, "-", True, shown)
    search_targets(results, target)
    targets += preview_targets(results)
    return targets


def _target(name: str, value: float | None, limit: str, passed: bool | None, shown: str) -> dict[str, object]:
    return {
        "target": name,
        "value": value,
        "limit": limit,
        "result": "SKIP" if passed is None else "PASS" if passed else "FAIL",
        "shown": shown,
    }


def scale_targets(results: dict[int, dict]) -> list[dict[str, object]]:
    """Memory, our share and the build against the plain build at 5,000, growth from
    1,000 to 5,000, and `check` against the build: ratios of CPU seconds and of peaks."""
    big = results.get(5000, {}).get("cpu") or {}
    bare = results.get(5000, {}).get("cpu_no_search") or {}
    memory, peak, plain_peak = big.get("memory_ratio"), big.get("peak_bytes"), big.get("plain_peak_bytes")
    share, ratio = big.get("own_share"), big.get("build_ratio")
    small_build = (results.get(1000, {}).get("cpu") or {}).get("build_seconds")
    growth = big["build_seconds"] / small_build if small_build and big.get("build_seconds") else None
    check = median(results.get(5000, {}).get("check_cpu_seconds") or [])
    cold = (results.get(5000, {}).get("check_cold") or {}).get("cpu_seconds")
    check_share = check / big["build_seconds"] if check and big.get("build_seconds") else None
    cold_shown = f"{cold / big['build_seconds']:.1%}" if cold and big.get("build_seconds") else "-"
    mib = 2**20
    return [
        _target(
            "peak memory of the build (its processes together) / plain build's at 5,000 "
            f"(plain without search: {fmt(bare.get('memory_ratio'))})",
            memory,
            "<= 1.5",
            None if memory is None else memory <= 1.5,
            "-" if memory is None else f"{memory:.2f} ({peak / mib:.0f} MiB / {plain_peak / mib:.0f} MiB)",
        ),
        _peaks_apart(big, mib),
        _target(
            "own code share of the build at 5,000 (every in-build check included)",
            share,
            "<= 15%",
            None if share is None else share <= 0.15,
            "-" if share is None else f"{share:.1%}",
        ),
        _target(
            f"build / plain build at 5,000 (plain without search: {fmt(bare.get('build_ratio'))})",
            ratio,
            "<= 1.25",
            None if ratio is None else ratio <= 1.25,
            "-" if ratio is None else f"{ratio:.2f} ({big['build_seconds']:.1f} s / {big['plain_seconds']:.1f} s CPU)",
        ),
        _target("build time 5,000 / 1,000", growth, "<= 5.5", None if growth is None else growth <= 5.5, fmt(growth)),
        _target(
            f"check / strict build at 5,000, warm body cache (cold: {cold_shown})",
            check_share,
            "<= 3%",
            None if check_share is None else check_share <= 0.03,
            "-" if check_share is None else f"{check_share:.1%} ({fmt(check)} s / {fmt(big['build_seconds'])} s CPU)",
        ),
    ]


def _peaks_apart(big: dict, mib: int) -> dict[str, object]:
    """Each process's own peak beside the sum: the build's process (MkDocs and our
    hooks) against the plain build's, and its children's, Pagefind's indexer (one run
    per part of the index), which runs at the end while the build's process stays
    resident: sampled (`TreeMemory.children_peak`), or from wait4 in older results,
    where a child's figure is at least the build's memory when it was started (a child
    begins as a copy of its parent), so it means Pagefind's only when larger."""
    own, indexer, plain = big.get("process_peak_bytes"), big.get("indexer_peak_bytes"), big.get("plain_peak_bytes")
    shown = (
        "-"
        if not own or not plain
        else f"{own / plain:.2f} (process {own / mib:.0f} MiB; "
        f"children, Pagefind's indexer: {(indexer or 0) / mib:.0f} MiB)"
    )
    return _target(
        "peak memory of the build's own process alone / plain build's at 5,000 (reported)",
        own / plain if own and plain else None,
        "-",
        None if not own or not plain else True,
        shown,
    )


def preview_targets(results: dict[int, dict]) -> list[dict[str, object]]:
    """A topic renamed, shown on many pages: on its page within 2 s at 1,000 entries."""
    targets = []
    for n in (1000, 5000):
        kinds = (results.get(n, {}).get("preview") or {}).get("by_kind") or {}
        first, every = kinds.get("topic rename"), kinds.get("topic rename, every page")
        if n != 1000 and first is None:
            continue
        shown = "-" if first is None else f"{first:.2f} s (every page: {fmt(every)} s)"
        passed = None if first is None else first <= 2.0 if n == 1000 else True
        targets.append(
            _target(f"preview: a topic renamed shows at {n:,}", first, "<= 2 s" if n == 1000 else "-", passed, shown)
        )
    return targets


def search_targets(results: dict[int, dict], target) -> None:
    """One search query downloads at most 1 MiB at 5,000 entries; other sizes reported."""
    download = (results.get(5000, {}).get("search") or {}).get("bytes")
    target(
        "search download per query (compressed) at 5,000",
        download,
        "<= 1 MiB",
        None if download is None else download <= 2**20,
        "-" if download is None else f"{download / 1024:.0f} KiB",
    )
    for n, result in sorted(results.items()):
        if n != 5000 and (result.get("search") or {}).get("bytes") is not None:
            size = result["search"]["bytes"]
            target(f"search download per query at {n:,} (reported)", size, "-", True, f"{size / 1024:.0f} KiB")


def table(results: dict[int, dict], targets: list[dict[str, object]], info: dict[str, object], command: str) -> str:
    lines = [
        f"Command: `{command}`",
        "",
        f"Date: {info['date']}  ",
        f"Machine: {info['machine']['cpu']}, {info['machine']['cores']} cores, "
        f"{(info['machine']['memory_bytes'] or 0) / GIB:.1f} GiB memory, Python {info['machine']['python']} "
        f"({info['machine']['platform']})",
        "",
        "| entries | pages | runs | check s | build s | own code s | own share | hook import s | plain build s "
        "| build/plain | site check s | LinkChecker s | peak MiB |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    cpu_lines = cpu_table(results)
    for _, r in sorted(results.items()):
        peak = r.get("peak_rss_bytes")
        lines.append(
            "| "
            + " | ".join(
                [
                    f"{r['entries']['total']:,}",
                    f"{r.get('pages', 0):,}",
                    str(r["runs"]),
                    fmt(median(r.get("check_seconds") or [])),
                    fmt(r.get("build_seconds")),
                    fmt(r.get("own_seconds")),
                    "-" if r.get("own_share") is None else f"{r['own_share']:.1%}",
                    fmt(r.get("hook_import_seconds")),
                    fmt(r.get("plain_seconds")),
                    fmt(r.get("hooks_ratio")),
                    fmt(median(r.get("site_check_seconds") or [])),
                    fmt(median(r.get("linkchecker_seconds") or [])),
                    "-" if peak is None else f"{peak / 2**20:.0f}",
                ]
            )
            + " |"
        )
    lines += cpu_lines
    lines += [
        "",
        "Own code by stage (median wall seconds inside the build):",
        "",
        "| entries | " + " | ".join(STAGE_COLUMNS) + " |",
        "|---:|" + "---:|" * len(STAGE_COLUMNS),
    ]
    for _, r in sorted(results.items()):
        stages = r.get("stages", {})
        lines.append(
            f"| {r['entries']['total']:,} | " + " | ".join(fmt(stages.get(k), 3) for k in STAGE_COLUMNS) + " |"
        )
    lines += ["", "| target | limit | measured | result |", "|---|---|---:|---|"]
    lines += [f"| {t['target']} | {t['limit']} | {t['shown']} | {t['result']} |" for t in targets]
    return "\n".join(lines) + "\n"


def cpu_table(results: dict[int, dict]) -> list[str]:
    """The builds in CPU seconds, our code by stage included, and the peaks: the figures
    the targets read."""
    lines = [
        "",
        "In CPU seconds (medians), with the peaks of the build and of the plain build:",
        "",
        "| entries | build | plain | build/plain | own code | own share | peak MiB | plain peak MiB | peak/plain | "
        "plain, no search | build/plain, no search | plain peak MiB, no search | peak/plain, no search | "
        + " | ".join(STAGE_COLUMNS)
        + " |",
        "|---:|" + "---:|" * (12 + len(STAGE_COLUMNS)),
    ]
    for _, r in sorted(results.items()):
        cpu, bare = r.get("cpu") or {}, r.get("cpu_no_search") or {}
        peak, plain_peak, bare_peak = cpu.get("peak_bytes"), cpu.get("plain_peak_bytes"), bare.get("plain_peak_bytes")
        cells = [
            f"{r['entries']['total']:,}",
            fmt(cpu.get("build_seconds")),
            fmt(cpu.get("plain_seconds")),
            fmt(cpu.get("build_ratio")),
            fmt(cpu.get("own_seconds")),
            "-" if cpu.get("own_share") is None else f"{cpu['own_share']:.1%}",
            "-" if peak is None else f"{peak / 2**20:.0f}",
            "-" if plain_peak is None else f"{plain_peak / 2**20:.0f}",
            fmt(cpu.get("memory_ratio")),
            fmt(bare.get("plain_seconds")),
            fmt(bare.get("build_ratio")),
            "-" if bare_peak is None else f"{bare_peak / 2**20:.0f}",
            fmt(bare.get("memory_ratio")),
            *(fmt((cpu.get("stages") or {}).get(k), 3) for k in STAGE_COLUMNS),
        ]
        lines.append("| " + " | ".join(cells) + " |")
    return lines


STAGE_COLUMNS = [
    "stage:load",
    "stage:validate",
    "stage:graph",
    "stage:render",
    "event:files",
    "event:page_markdown",
    "stage:html policy",
    "stage:search views",
    "stage:site check",
    "stage:search index",
    "stage:search indexer (Pagefind)",
    "event:post_page",
]


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    try:
        sizes = [int(s.replace("_", "")) for s in args.sizes.split(",") if s.strip()]
    except ValueError:
        print(f"--sizes: expected numbers separated by commas, got {args.sizes!r}", file=sys.stderr)
        return 2
    if min(args.runs, args.runs_large, args.check_runs, args.linkchecker_runs) < 1 or not sizes:
        print("--sizes and every --*runs need at least one", file=sys.stderr)
        return 2
    info = {"date": datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC"), "machine": machine()}
    print(f"Machine: {info['machine']}", flush=True)
    inputs, inputs_text = bench_pathological() if args.pathological != "skip" else ([], "")
    linear = all(row["passed"] for row in inputs)
    if args.pathological == "only":
        return 0 if linear else 1
    linkchecker = None if args.no_linkchecker else ensure_bench_venv()
    work = args.workdir or Path(tempfile.mkdtemp(prefix="bench-", dir="/tmp"))
    work.mkdir(parents=True, exist_ok=True)
    work.chmod(0o755)  # LinkChecker, run as root, drops to user nobody, who must read the site
    results: dict[int, dict] = {}
    explorer: dict[int, dict] = {}
    try:
        for n in sizes:
            results[n] = bench_size(n, work, args, linkchecker)
        for notes in [int(s) for s in args.explorer_notes.split(",") if s.strip()]:
            explorer[notes] = explorer_bench.bench_notes(
                notes, work, REPO, args.explorer_runs, args.seed, run, environment
            )
    finally:
        if not args.keep and args.workdir is None:
            shutil.rmtree(work, ignore_errors=True)
    targets = evaluate(results) + explorer_bench.targets(explorer)
    command = (
        "make bench"
        if argv is None and sys.argv[1:] == []
        else "python benchmarks/run.py " + " ".join(sys.argv[1:] if argv is None else argv)
    )
    text = table(results, targets, info, command) + explorer_bench.table(explorer)
    text += "\n\n" + inputs_text + "\n" if inputs_text else ""
    print("\n" + text)
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "latest.md").write_text(text, encoding="utf-8")
    (RESULTS / "latest.json").write_text(
        json.dumps(
            {
                **info,
                "command": command,
                "sizes": {str(n): r for n, r in results.items()},
                "explorer": {str(n): r for n, r in explorer.items()},
                "targets": targets,
                "pathological": inputs,
            },
            indent=2,
        ),
        encoding="utf-8",
    )
    print(f"Figures written to {(RESULTS / 'latest.json').relative_to(REPO)}")
    errors = [r["errors"] for r in [*results.values(), *explorer.values()]]
    failed = any(errors) or any(t["result"] == "FAIL" for t in targets) or not linear
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
