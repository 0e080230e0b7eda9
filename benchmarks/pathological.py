"""Pathological inputs at 1x and 10x: is every stage linear in what a contributor writes?

Issue 21's unbounded-work attacks, each as an input that grows: long runs of headings
and brackets, deeply nested lists and quotes, long lines, pages of many elements, a
backtracking schema pattern, a large `uniqueItems` list. Each Markdown input goes
through what `make check` and the build do to a body: the bounds, the rendering held
to the allowlist (`checks/markdown_bodies.py`), nh3's cleaning of what ships
(`render/shipped_html.py`) and the build's check of the page (`site/html.py`). The
schema inputs go through both validators of a collection (fastjsonschema's precheck
and jsonschema). Each input is timed at 1x and at 10x (best of `runs`); linear work
makes the ratio about 10, quadratic about 100. Target: at most `MAX_RATIO`.

Run alone: `PYTHONPATH=hooks .venv/bin/python benchmarks/pathological.py [--scale N]`.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "hooks"))

from calico_kb.checks import markdown_bodies  # noqa: E402
from calico_kb.render.shipped_html import clean  # noqa: E402
from calico_kb.schema.catalog import load_catalog  # noqa: E402
from calico_kb.site.html import parse_page  # noqa: E402

MAX_RATIO = 12.0
"""10x the input may cost at most this many times as much (10 is linear)."""

MARKDOWN_INPUTS: dict[str, Callable[[int], str]] = {
    "headings": lambda n: "".join(f"## Heading {i}\n\ntext\n\n" for i in range(25 * n)),
    "brackets": lambda n: ("[" * 250 + "x\n\n") * (4 * n),
    "nested lists": lambda n: "".join("    " * depth + "- item\n" for _ in range(5 * n) for depth in range(16)),
    "nested quotes": lambda n: ("> " * 16 + "quote\n\n") * (10 * n),
    "long lines": lambda n: ("word " * 1_900 + "\n\n") * (2 * n),
    "many elements": lambda n: ("- *a* `b` [c](d.md)\n" * 50 + "\n") * (5 * n),
}
"""Markdown bodies, each under make check's limits at 10x (a body over one is refused
before rendering, which costs nothing to speak of)."""


_MARKDOWN = markdown_bodies.renderer(REPO / "mkdocs.yml")
"""One Python-Markdown for every run (making one costs more than a small body)."""


def markdown_work(text: str) -> None:
    """What make check and the build do to one body."""
    if markdown_bodies.bound_problems(text, "docs/x.md", 1):
        raise SystemExit("a pathological input went over a limit: make it smaller")
    reader = markdown_bodies.BodyReader(REPO / "mkdocs.yml", None)  # no reading kept from a run before
    reader.markdown = _MARKDOWN
    list(markdown_bodies.body_allowlist_problems(reader, text, "docs/x.md", 1))
    md = reader.markdown
    md.reset()
    shipped = clean(md.convert(text))
    page = f'<html><body><article class="md-content__inner md-typeset">{shipped}</article></body></html>'
    parse_page("x/index.html", page)


def schema_inputs() -> dict[str, tuple[Callable[[int], object], Callable[[object], None]]]:
    """(input of scale n, validation) for the schema attacks, on the real topics schema
    with its name held to a backtracking pattern."""
    import json
    import shutil
    import tempfile

    folder = Path(tempfile.mkdtemp(prefix="pathological-")) / "schemas"
    shutil.copytree(REPO / "schemas", folder)
    path = folder / "topics.schema.json"
    schema = json.loads(path.read_text(encoding="utf-8"))
    schema["properties"]["name"]["pattern"] = "^(a+)+$"
    path.write_text(json.dumps(schema), encoding="utf-8")
    validator = load_catalog(folder)["topics"].validator
    shutil.rmtree(folder.parent)

    def validate(document: object) -> None:
        validator.prechecked(document)
        list(validator.validator.iter_errors(document))

    return {
        "backtracking pattern": (lambda n: {"name": "a" * (20_000 * n) + "!", "summary": "x"}, validate),
        "uniqueItems of mappings": (
            lambda n: {"name": "aaa", "summary": "x", "aliases": [{"n": i} for i in range(5_000 * n)]},
            validate,
        ),
    }


def best(work: Callable[[object], None], value: object, runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        work(value)
        times.append(time.perf_counter() - start)
    return min(times)


def measure(scale: int = 1, runs: int = 5) -> list[dict[str, object]]:
    """Each input at `scale` and 10 x `scale`: seconds and the ratio."""
    cases = {name: (make, markdown_work) for name, make in MARKDOWN_INPUTS.items()} | schema_inputs()
    results = []
    for name, (make, work) in cases.items():
        small, large = make(scale), make(10 * scale)
        once, tenfold = best(work, small, runs), best(work, large, runs)
        ratio = tenfold / once if once else None
        passed = ratio is not None and ratio <= MAX_RATIO
        results.append({"input": name, "1x": once, "10x": tenfold, "ratio": ratio, "passed": passed})
    return results


def table(results: list[dict[str, object]]) -> str:
    lines = [
        f"Pathological inputs, 1x and 10x (target: ratio <= {MAX_RATIO:g}, 10 is linear)",
        "",
        "| input | 1x (s) | 10x (s) | ratio | |",
        "|---|---:|---:|---:|---|",
    ]
    for row in results:
        lines.append(
            f"| {row['input']} | {row['1x']:.4f} | {row['10x']:.4f} | {row['ratio']:.1f} | "
            f"{'PASS' if row['passed'] else 'FAIL'} |"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scale", type=int, default=1, help="size of the 1x inputs (default: 1)")
    parser.add_argument("--runs", type=int, default=5, help="runs of each, the best counted (default: 5)")
    args = parser.parse_args(argv)
    results = measure(args.scale, args.runs)
    print(table(results))
    return 0 if all(row["passed"] for row in results) else 1


if __name__ == "__main__":
    sys.exit(main())
