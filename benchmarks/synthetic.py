"""Synthetic knowledge bases of any size, valid against the real schemas.

`generate(root, n)` writes `n` entries spread over every collection: YAML files under
`data/<collection>/` and Markdown articles with front matter under `docs/articles/`.
People, organizations and topics are shared between entries with skewed (Zipf-like)
popularity, as in real data: a few topics and people are named by hundreds of
entries, most by a handful. Output is deterministic for a given `n` and `seed`.

`scaffold(dest, repo)` copies what the real site is built from (mkdocs.yml, hooks/,
schemas/, templates/, overrides/, the hand-written pages and assets of docs/, and the
real data) so that a benchmark measures the real configuration.
"""
from __future__ import annotations

import bisect
import itertools
import json
import random
import shutil
from pathlib import Path
from typing import Any

import yaml

SHARES = {
    "people": 0.28,
    "organizations": 0.06,
    "topics": 0.04,
    "articles": 0.18,
    "events": 0.14,
    "spotlights": 0.08,
    "releases": 0.06,
    "courses": 0.06,
    "guides": 0.05,
    "reports": 0.05,
}
"""Share of each collection in a synthetic knowledge base of n entries."""

WORDS = (
    "calico network policy cluster node pod service ingress egress encryption wireguard "
    "ebpf iptables vxlan ipip bgp route reflector ipam address pool workload endpoint host "
    "namespace label selector tier flow log observability dashboard operator upgrade "
    "migration windows azure aws gcp openshift rancher kubernetes container runtime "
    "performance latency throughput scale security compliance audit zero trust firewall "
    "data plane control plane felix typha bird confd datastore etcd api server tenant "
    "multi cluster federation mesh sidecar istio envoy gateway dns lookup packet capture "
    "troubleshooting debugging metrics prometheus alert threshold quota bandwidth"
).split()

# A few strings that exercise escaping: Markdown specials and HTML entities.
TRICKY = ("C++ & Go", "k8s_v1 *beta*", "[preview]", "A|B testing", "#1 choice", "`kubectl` tips")

CATEGORIES = ("Networking", "Security", "Data planes", "Observability", "Operations", "Windows")
FIRST = ("Ana", "Ben", "Chen", "Dara", "Eli", "Fatima", "Goran", "Hana", "Ivan", "Jun", "Kofi",
         "Lena", "Marta", "Nikhil", "Olu", "Priya", "Quinn", "Rosa", "Sven", "Tomas", "Uma", "Wei")
LAST = ("Abara", "Berg", "Costa", "Dubois", "Eze", "Fischer", "Garcia", "Huang", "Ito", "Jensen",
        "Kumar", "Lopez", "Moreau", "Novak", "Okafor", "Park", "Rossi", "Silva", "Tanaka", "Weber")


class _Dumper(yaml.SafeDumper):
    """Plain YAML: no anchors or aliases (the strict loader refuses them)."""

    def ignore_aliases(self, data: Any) -> bool:
        return True


def _dump(value: dict[str, Any]) -> str:
    return yaml.dump(value, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=100)


class _Popularity:
    """Draws distinct items with Zipf-like weights (the first items are the most popular)."""

    def __init__(self, items: list[str], exponent: float, rng: random.Random):
        self.items = items
        self.rng = rng
        self.cumulative = list(itertools.accumulate(1 / (rank + 1) ** exponent for rank in range(len(items))))

    def draw(self, count: int) -> list[str]:
        count = min(count, len(self.items))
        chosen: dict[str, None] = {}
        total = self.cumulative[-1]
        while len(chosen) < count:
            index = bisect.bisect_left(self.cumulative, self.rng.random() * total)
            chosen[self.items[min(index, len(self.items) - 1)]] = None
        return list(chosen)


def counts_for(n: int) -> dict[str, int]:
    """How many entries of each collection make up n entries in all (at least one each)."""
    counts = {name: max(1, int(n * share)) for name, share in SHARES.items()}
    # Give the rounding difference to the largest collection so the total is exactly n.
    counts["people"] = max(1, counts["people"] + n - sum(counts.values()))
    return counts


def generate(root: Path, n: int, *, seed: int = 1, prefix: str = "syn") -> dict[str, int]:
    """Write n synthetic entries into the project at `root`; returns the count per collection."""
    rng = random.Random(f"{seed}-{n}")
    counts = counts_for(n)
    slugs = {name: [f"{prefix}-{name[:-1] if name.endswith('s') else name}-{i:05d}" for i in range(count)]
             for name, count in counts.items()}
    topics = _Popularity(slugs["topics"], 1.0, rng)
    people = _Popularity(slugs["people"], 0.7, rng)
    organizations = _Popularity(slugs["organizations"], 1.0, rng)
    content = [name for name in SHARES if name not in ("people", "organizations", "topics")]
    all_keys = [f"{name}/{slug}" for name in content for slug in slugs[name]]

    def words(low: int, high: int) -> str:
        return " ".join(rng.choice(WORDS) for _ in range(rng.randint(low, high)))

    def title() -> str:
        text = words(3, 8).capitalize()
        return f"{text}: {rng.choice(TRICKY)}" if rng.random() < 0.05 else text

    def sentence() -> str:
        return words(8, 20).capitalize() + "."

    def summary() -> str:
        return " ".join(sentence() for _ in range(rng.randint(1, 3)))

    def date() -> str:
        year = rng.randint(2016, 2025)
        roll = rng.random()
        if roll < 0.1:
            return str(year)
        if roll < 0.25:
            return f"{year}-{rng.randint(1, 12):02d}"
        return f"{year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"

    def related(own: str) -> list[str]:
        picks = {rng.choice(all_keys) for _ in range(rng.choice((0, 0, 1, 1, 2, 3)))}
        picks.discard(own)
        return sorted(picks)

    def links() -> list[dict[str, str]]:
        return [{"title": title(), "url": f"https://example.org/{rng.choice(WORDS)}/{i}"}
                for i in range(rng.choice((0, 1, 1, 2)))]

    def common(own: str) -> dict[str, Any]:
        fields = {"topics": topics.draw(rng.randint(1, 4)), "related": related(own), "links": links()}
        return {k: v for k, v in fields.items() if v}

    def write(path: Path, text: str) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")

    allowed = _schema_fields(root / "schemas")

    def dump_yaml(value: dict[str, Any], collection: str | None = None) -> str:
        # Fields the schemas do not (or no longer) define are left out, so the data stays valid.
        fields = allowed.get(collection) if collection else None
        return _dump({k: v for k, v in value.items() if fields is None or k in fields})

    data = root / "data"
    for i, slug in enumerate(slugs["topics"]):
        entry = {"name": f"{words(1, 2).title()} {i}", "description": summary()}
        if rng.random() < 0.3:
            entry["aliases"] = [f"{words(1, 3)} {i}"]
        write(data / "topics" / f"{slug}.yaml", dump_yaml(entry, "topics"))
    kinds = ("company", "open source project", "community", "foundation", "conference")
    for i, slug in enumerate(slugs["organizations"]):
        entry = {"name": f"{words(1, 2).title()} Org {i}", "kind": rng.choice(kinds), "summary": sentence(),
                 "website": f"https://org{i}.example.com/", "links": links()}
        write(data / "organizations" / f"{slug}.yaml", dump_yaml({k: v for k, v in entry.items() if v}, "organizations"))
    for i, slug in enumerate(slugs["people"]):
        entry: dict[str, Any] = {"name": f"{rng.choice(FIRST)} {rng.choice(LAST)} {i}"}
        if rng.random() < 0.7:
            entry["role"] = words(2, 4).capitalize()
        if rng.random() < 0.8:
            entry["organization"] = organizations.draw(1)[0]
        if rng.random() < 0.5:
            entry["summary"] = sentence()
        write(data / "people" / f"{slug}.yaml", dump_yaml(entry, "people"))

    # The real releases are in the site too: their versions are taken.
    versions = {(release.get("product"), str(release.get("version")))
                for release in (yaml.safe_load(path.read_text(encoding="utf-8")) or {}
                                for path in sorted((root / "data" / "releases").glob("*.yaml")))}

    def version(product: str, drawn: str) -> str:
        """`drawn`, or a patch release of it: one release per product and version."""
        patch, chosen = 0, drawn
        while (product, chosen) in versions:
            patch += 1
            chosen = f"{drawn}.{patch}"
        versions.add((product, chosen))
        return chosen

    for slug in slugs["releases"]:
        key = f"releases/{slug}"
        highlights = []
        for _ in range(rng.randint(3, 8)):
            highlight = {"title": title(), "summary": summary(), "category": rng.choice(CATEGORIES),
                         "topics": topics.draw(rng.randint(0, 2))}
            if rng.random() < 0.2:
                highlight["status"] = "beta"
            if rng.random() < 0.2:
                highlight["related"] = related(key)
            highlights.append({k: v for k, v in highlight.items() if v})
        name = f"Calico {title()}"  # drawn in this order, so the data stays what it was
        product = rng.choice(("Calico Open Source", "Calico Enterprise", "Calico Cloud"))
        entry = {"title": name, "product": product,
                 "version": version(product, f"{rng.randint(3, 4)}.{rng.randint(0, 40)}"), "status": rng.choice(("GA", "GA", "beta")),
                 "date": date(), "summary": summary(), "highlights": highlights, **common(key)}
        write(data / "releases" / f"{slug}.yaml", dump_yaml(entry, "releases"))
    for number, slug in enumerate(slugs["spotlights"], 1):
        key = f"spotlights/{slug}"
        interviewees = people.draw(rng.randint(1, 2))
        questions = [{"question": words(5, 10).capitalize() + "?", "answer": summary()} for _ in range(rng.randint(3, 6))]
        if len(interviewees) > 1:
            for question in questions:
                question["answered_by"] = [rng.choice(interviewees)]
        entry = {"title": f"Community spotlight {number}: {title()}", "date": date(), "series_number": number,
                 "summary": summary(), "interviewer": people.draw(1)[0], "interviewees": interviewees,
                 "organizations": organizations.draw(rng.randint(0, 2)),
                 "orchestrators": ["Kubernetes"], "clouds": rng.sample(["AWS (EKS)", "Azure (AKS)", "GCP (GKE)", "On premises"], 2),
                 "questions": questions, **common(key)}
        if entry["interviewer"] in interviewees:
            del entry["interviewer"]
        write(data / "spotlights" / f"{slug}.yaml", dump_yaml({k: v for k, v in entry.items() if v}, "spotlights"))
    for slug in slugs["reports"]:
        key = f"reports/{slug}"
        entry = {"title": title(), "publisher": organizations.draw(1)[0], "year": rng.randint(2016, 2025),
                 "summary": summary(), "respondents": {"count": rng.randint(50, 3000), "count_is_minimum": rng.random() < 0.5,
                                                       "description": sentence()},
                 "method": "Online survey", "key_findings": [sentence() for _ in range(rng.randint(2, 6))],
                 "focus_areas": [words(1, 2) for _ in range(rng.randint(1, 4))], **common(key)}
        write(data / "reports" / f"{slug}.yaml", dump_yaml(entry, "reports"))
    for slug in slugs["guides"]:
        key = f"guides/{slug}"
        entry = {"title": title(), "date": date(), "summary": summary(), "authors": people.draw(rng.randint(1, 2)),
                 "audience": words(2, 5).capitalize(), "prerequisites": [sentence() for _ in range(rng.randint(0, 3))],
                 "steps": [{"title": words(2, 6).capitalize(), "detail": summary()} for _ in range(rng.randint(3, 8))],
                 "organizations": organizations.draw(rng.randint(0, 1)), **common(key)}
        write(data / "guides" / f"{slug}.yaml", dump_yaml({k: v for k, v in entry.items() if v}, "guides"))
    for slug in slugs["courses"]:
        key = f"courses/{slug}"
        entry = {"title": title(), "provider": organizations.draw(1)[0], "series": "Certified Calico Operator",
                 "position": rng.randint(1, 6), "date": date(), "level": rng.choice(("level one", "level two")),
                 "format": "Free, self-paced online course", "cost": "free", "audience": words(3, 6).capitalize(),
                 "summary": summary(), "syllabus": [words(2, 5).capitalize() for _ in range(rng.randint(2, 6))],
                 "instructors": people.draw(rng.randint(0, 2)), **common(key)}
        write(data / "courses" / f"{slug}.yaml", dump_yaml({k: v for k, v in entry.items() if v}, "courses"))
    for slug in slugs["events"]:
        key = f"events/{slug}"
        entry = {"title": title(), "event": f"{words(1, 2).title()}Con {rng.randint(2016, 2025)}",
                 "organizer": organizations.draw(1)[0], "date": date(), "format": rng.choice(("talk", "workshop", "panel")),
                 "speakers": people.draw(rng.randint(1, 3)), "summary": summary(),
                 "organizations": organizations.draw(rng.randint(0, 1)), **common(key)}
        write(data / "events" / f"{slug}.yaml", dump_yaml({k: v for k, v in entry.items() if v}, "events"))
    for slug in slugs["articles"]:
        key = f"articles/{slug}"
        front = {"title": title(), "date": date(), "authors": people.draw(rng.randint(1, 2)),
                 "guest": rng.random() < 0.2, "summary": summary(),
                 "organizations": organizations.draw(rng.randint(0, 1)), **common(key)}
        front = {k: v for k, v in front.items() if v not in ([], None)}
        write(root / "docs" / "articles" / f"{slug}.md", f"---\n{dump_yaml(front, 'articles')}---\n\n{_article_body(front, rng, all_keys, words, sentence)}")
    return counts


def _schema_fields(schemas: Path) -> dict[str, set[str]]:
    """The top-level fields each collection's schema allows."""
    fields = {}
    for path in schemas.glob("*.schema.json"):
        schema = json.loads(path.read_text(encoding="utf-8"))
        if "properties" in schema:
            fields[path.name.removesuffix(".schema.json")] = set(schema["properties"])
    return fields


def _article_body(front: dict[str, Any], rng: random.Random, all_keys: list[str], words: Any, sentence: Any) -> str:
    """About 600 words of Markdown: headings, paragraphs, a list, a code block, links and anchors."""
    sections = [words(2, 4).capitalize() + f" {i}" for i in range(1, rng.randint(4, 7))]
    out = [f"# {front['title']}", "", " ".join(sentence() for _ in range(3)), ""]
    anchors = [s.lower().replace(" ", "-") for s in sections]
    for index, heading in enumerate(sections):
        out += [f"## {heading}", ""]
        for _ in range(2):
            paragraph = " ".join(sentence() for _ in range(rng.randint(3, 5)))
            roll = rng.random()
            if roll < 0.3:
                target = rng.choice(all_keys)
                paragraph += f" See [{words(2, 4)}](../{target}.md)."
            elif roll < 0.45:
                paragraph += f" More in [{words(1, 3)}](#{rng.choice(anchors)})."
            elif roll < 0.55:
                paragraph += f" Read the [upstream notes](https://docs.example.org/{rng.choice(all_keys)}/)."
            out += [paragraph, ""]
        if index % 2 == 0:
            out += [f"- {words(3, 7)}" for _ in range(rng.randint(2, 5))] + [""]
        else:
            out += ["```yaml", "apiVersion: projectcalico.org/v3", "kind: NetworkPolicy",
                    f"metadata:\n  name: {rng.choice(('allow', 'deny'))}-{index}", "```", ""]
    return "\n".join(out)


def scaffold(dest: Path, repo: Path) -> None:
    """Copy the real site's configuration, code, hand-written pages and data into `dest`."""
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc")
    shutil.copy2(repo / "mkdocs.yml", dest / "mkdocs.yml")
    for name in ("hooks", "schemas", "templates", "overrides", "data"):
        if (repo / name).is_dir():
            shutil.copytree(repo / name, dest / name, ignore=ignore)
    shutil.copytree(repo / "docs", dest / "docs", ignore=ignore)


def build_project(dest: Path, repo: Path, n: int, *, seed: int = 1) -> dict[str, int]:
    """A site of n entries in all: the real ones plus synthetic ones up to n."""
    dest.mkdir(parents=True, exist_ok=True)
    scaffold(dest, repo)
    real = count_entries(dest)
    counts = generate(dest, max(n - real, 1), seed=seed)
    return {"real": real, "synthetic": sum(counts.values()), "total": count_entries(dest), **counts}


def count_entries(root: Path) -> int:
    """Data files plus articles (docs/articles/*.md other than the index)."""
    data = sum(1 for p in (root / "data").rglob("*.yaml")) if (root / "data").is_dir() else 0
    articles = [p for p in (root / "docs" / "articles").glob("*.md") if p.name != "index.md"] \
        if (root / "docs" / "articles").is_dir() else []
    return data + len(articles)
