"""The release explorer at the sizes of Calico's release notes (issue 22).

The real site plus synthetic release notes shaped like the real corpus
(`synthetic.generate_release_notes`): 2,300 notes (220 releases, as upstream has them
from v3.0 to v3.32) and ten times that. Each size is built strictly; the figures are
the build's wall time (its median over the runs) and what a reader's browser fetches
to open the explorer: the page, its style sheets and scripts, the manifest and the
first part of the notes, each as gzip sends it. The targets: the build stays linear
(ten times the notes, at most twelve times the time) and the first load stays within
300 KB at both sizes, hardly growing with the notes (at most 1.5 times at 10x).

Run by `make bench` (run.py, `--explorer-notes`), apart from the entries' sizes.
"""

from __future__ import annotations

import gzip
import json
import re
import shutil
import statistics
import sys
from pathlib import Path
from typing import Any

import synthetic

FIRST_LOAD_LIMIT = 300_000
LINEAR_LIMIT = 12.0
"""Build time at 10x the notes over build time at 1x: linear, with room for noise."""
BOUNDED_LIMIT = 1.5
"""First load at 10x the notes over first load at 1x."""
EXPLORER = "releases/explorer/"
_ASSETS = re.compile(r'<(?:link[^>]+rel="stylesheet"[^>]+href|script[^>]+src)="([^"]+)"')


def gzipped(path: Path) -> int:
    return len(gzip.compress(path.read_bytes(), compresslevel=6))


def first_load(site_dir: Path) -> dict[str, int]:
    """What opening the explorer fetches, by file, compressed: its page, the style
    sheets and scripts the page names, the manifest and the first part of the notes."""
    page = site_dir / EXPLORER / "index.html"
    files = {EXPLORER + "index.html": page}
    for href in _ASSETS.findall(page.read_text(encoding="utf-8")):
        target = (page.parent / href.split("?")[0]).resolve()
        if target.is_file():
            files[target.relative_to(site_dir.resolve()).as_posix()] = target
    manifest = site_dir / EXPLORER / "notes.json"
    parts = json.loads(manifest.read_text(encoding="utf-8"))["parts"]
    files[EXPLORER + "notes.json"] = manifest
    files[EXPLORER + parts[0]] = site_dir / EXPLORER / parts[0]
    return {name: gzipped(path) for name, path in files.items()}


def bench_notes(notes: int, work: Path, repo: Path, runs: int, seed: int, timed_run: Any, env_of: Any) -> dict:
    """One size: the site made, built `runs` times, and its explorer measured."""
    site = work / f"notes{notes}" / "site-src"
    if site.parent.exists():
        shutil.rmtree(site.parent)
    site.mkdir(parents=True)
    synthetic.scaffold(site, repo)
    counts = synthetic.generate_release_notes(site, notes, seed=seed)
    site_dir, logs = site.parent / "site", site.parent / "logs"
    logs.mkdir()
    print(
        f"\n== release explorer at {counts['notes']:,} notes ({counts['releases']} releases): {runs} runs", flush=True
    )
    seconds, errors = [], []
    for index in range(runs):
        log = logs / f"build-{index}.log"
        command = [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site_dir)]
        outcome = timed_run(command, cwd=site, env=env_of(site), log=log)
        bad = [line for line in log.read_text(errors="replace").splitlines() if line.startswith(("WARNING", "ERROR"))]
        if outcome["status"] != 0 or bad:
            errors.append(f"strict build failed (exit {outcome['status']}, {len(bad)} warnings), see {log}")
            break
        seconds.append(outcome["seconds"])
        print(f"   build {index + 1}: {outcome['seconds']:.1f} s, peak {outcome['max_rss_bytes'] / 2**20:.0f} MiB")
    result: dict[str, Any] = {"notes": counts, "build_seconds": seconds, "errors": errors}
    if not errors:
        loaded = first_load(site_dir)
        parts = sorted((site_dir / EXPLORER).glob("notes-*.json"))
        result.update(
            first_load_bytes=sum(loaded.values()),
            first_load=loaded,
            all_notes_bytes=sum(gzipped(p) for p in parts),
            parts=len(parts),
        )
        print(
            f"   explorer's first load {result['first_load_bytes'] / 1000:.0f} KB compressed; every note "
            f"{result['all_notes_bytes'] / 1000:.0f} KB in {len(parts)} parts",
            flush=True,
        )
    return result


def targets(results: dict[int, dict]) -> list[dict[str, object]]:
    """The explorer's targets, in run.py's form."""
    found = []

    def target(name: str, value: float | None, limit: str, passed: bool | None, shown: str) -> None:
        result = "SKIP" if passed is None else "PASS" if passed else "FAIL"
        found.append({"target": name, "value": value, "limit": limit, "result": result, "shown": shown})

    for notes, r in sorted(results.items()):
        size = r.get("first_load_bytes")
        target(
            f"explorer's first load at {notes:,} notes",
            size,
            f"<= {FIRST_LOAD_LIMIT // 1000} KB compressed",
            None if size is None else size <= FIRST_LOAD_LIMIT,
            "-" if size is None else f"{size / 1000:.0f} KB",
        )
    sizes = sorted(results)
    if len(sizes) >= 2:
        small, large = results[sizes[0]], results[sizes[-1]]
        scale = sizes[-1] / sizes[0]
        times = [median(small["build_seconds"]), median(large["build_seconds"])]
        ratio = times[1] / times[0] if None not in times else None
        limit = LINEAR_LIMIT * scale / 10
        target(
            f"build time at {sizes[-1]:,} notes / at {sizes[0]:,}",
            ratio,
            f"<= {limit:.1f} (linear)",
            None if ratio is None else ratio <= limit,
            "-" if ratio is None else f"{ratio:.2f} ({times[0]:.1f} s, {times[1]:.1f} s)",
        )
        loads = [small.get("first_load_bytes"), large.get("first_load_bytes")]
        grows = loads[1] / loads[0] if None not in loads else None
        target(
            f"explorer's first load at {sizes[-1]:,} notes / at {sizes[0]:,}",
            grows,
            f"<= {BOUNDED_LIMIT} (bounded)",
            None if grows is None else grows <= BOUNDED_LIMIT,
            "-" if grows is None else f"{grows:.2f}",
        )
    return found


def median(values: list[float]) -> float | None:
    return statistics.median(values) if values else None


def table(results: dict[int, dict]) -> str:
    lines = [
        "",
        "Release explorer (`--explorer-notes`; sizes in KB as gzip sends them):",
        "",
        "| notes | releases | runs | build s | first load KB | every note KB | parts |",
        "|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for notes, r in sorted(results.items()):
        kb = [r.get(k) for k in ("first_load_bytes", "all_notes_bytes")]
        seconds = median(r["build_seconds"])
        lines.append(
            f"| {notes:,} | {r['notes']['releases']:,} | {len(r['build_seconds'])} | "
            + ("-" if seconds is None else f"{seconds:.1f}")
            + " | "
            + " | ".join("-" if v is None else f"{v / 1000:.0f}" for v in kb)
            + f" | {r.get('parts', '-')} |"
        )
    return "\n".join(lines) + "\n"
