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

PRODUCTS = {
    "calico-open-source": "Calico Open Source",
    "calico-enterprise": "Calico Enterprise",
    "calico-cloud": "Calico Cloud",
}
"""Slug and name of each product a synthetic release may name."""
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

AREAS = ("networking", "security", "ebpf", "observability", "operator", "windows")
FIRST = (
    "Ana",
    "Ben",
    "Chen",
    "Dara",
    "Eli",
    "Fatima",
    "Goran",
    "Hana",
    "Ivan",
    "Jun",
    "Kofi",
    "Lena",
    "Marta",
    "Nikhil",
    "Olu",
    "Priya",
    "Quinn",
    "Rosa",
    "Sven",
    "Tomas",
    "Uma",
    "Wei",
)
LAST = (
    "Abara",
    "Berg",
    "Costa",
    "Dubois",
    "Eze",
    "Fischer",
    "Garcia",
    "Huang",
    "Ito",
    "Jensen",
    "Kumar",
    "Lopez",
    "Moreau",
    "Novak",
    "Okafor",
    "Park",
    "Rossi",
    "Silva",
    "Tanaka",
    "Weber",
)


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
    gen = _Generator(root, n, seed, prefix)
    gen._topics()
    gen._organizations()
    gen._people()
    gen._products()
    gen._releases()
    gen._spotlights()
    gen._reports()
    gen._guides()
    gen._courses()
    gen._events()
    gen._articles()
    return gen.counts


def _non_empty(entry: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in entry.items() if v}


class _Generator:
    """The state one `generate` call shares between its collections.

    Every collection draws from one rng and names entries of the others (slugs,
    popularity pools), so the generation is one object with a method per collection;
    `generate` calls them in a fixed order because that order is the sequence of
    random draws, and so the data itself.
    """

    def __init__(self, root: Path, n: int, seed: int, prefix: str):
        self.root = root
        self.data = root / "data"
        self.rng = random.Random(f"{seed}-{n}")
        self.counts = counts_for(n)
        self.slugs = {
            name: [f"{prefix}-{name[:-1] if name.endswith('s') else name}-{i:05d}" for i in range(count)]
            for name, count in self.counts.items()
        }
        self.topic_pool = _Popularity(self.slugs["topics"], 1.0, self.rng)
        self.people_pool = _Popularity(self.slugs["people"], 0.7, self.rng)
        self.organization_pool = _Popularity(self.slugs["organizations"], 1.0, self.rng)
        content = [name for name in SHARES if name not in ("people", "organizations", "topics")]
        self.all_keys = [f"{name}/{slug}" for name in content for slug in self.slugs[name]]
        self.allowed = _schema_fields(root / "schemas")
        self.versions: set[tuple[Any, str]] = set()

    def words(self, low: int, high: int) -> str:
        return " ".join(self.rng.choice(WORDS) for _ in range(self.rng.randint(low, high)))

    def title(self) -> str:
        text = self.words(3, 8).capitalize()
        return f"{text}: {self.rng.choice(TRICKY)}" if self.rng.random() < 0.05 else text

    def sentence(self) -> str:
        return self.words(8, 20).capitalize() + "."

    def summary(self) -> str:
        return " ".join(self.sentence() for _ in range(self.rng.randint(1, 3)))

    def date(self) -> str:
        year = self.rng.randint(2016, 2025)
        roll = self.rng.random()
        if roll < 0.1:
            return str(year)
        if roll < 0.25:
            return f"{year}-{self.rng.randint(1, 12):02d}"
        return f"{year}-{self.rng.randint(1, 12):02d}-{self.rng.randint(1, 28):02d}"

    def related(self, own: str) -> list[str]:
        picks = {self.rng.choice(self.all_keys) for _ in range(self.rng.choice((0, 0, 1, 1, 2, 3)))}
        picks.discard(own)
        return sorted(picks)

    def links(self) -> list[dict[str, str]]:
        return [
            {"title": self.title(), "url": f"https://example.org/{self.rng.choice(WORDS)}/{i}"}
            for i in range(self.rng.choice((0, 1, 1, 2)))
        ]

    def common(self, own: str) -> dict[str, Any]:
        fields = {
            "topics": self.topic_pool.draw(self.rng.randint(1, 4)),
            "related": self.related(own),
            "links": self.links(),
        }
        return _non_empty(fields)

    def version(self, product: str, drawn: str) -> str:
        """`drawn`, or a patch release of it: one release per product and version."""
        patch, chosen = 0, drawn
        while (product, chosen) in self.versions:
            patch += 1
            chosen = f"{drawn}.{patch}"
        self.versions.add((product, chosen))
        return chosen

    def write(self, path: Path, text: str) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")

    def dump_yaml(self, value: dict[str, Any], collection: str | None = None) -> str:
        # Fields the schemas do not (or no longer) define are left out, so the data stays valid.
        fields = self.allowed.get(collection) if collection else None
        return _dump({k: v for k, v in value.items() if fields is None or k in fields})

    def write_entry(self, collection: str, slug: str, entry: dict[str, Any]) -> None:
        self.write(self.data / collection / f"{slug}.yaml", self.dump_yaml(entry, collection))

    def _topics(self) -> None:
        rng = self.rng
        for i, slug in enumerate(self.slugs["topics"]):
            entry = {"name": f"{self.words(1, 2).title()} {i}", "description": self.summary()}
            if rng.random() < 0.3:
                entry["aliases"] = [f"{self.words(1, 3)} {i}"]
            self.write_entry("topics", slug, entry)

    def _organizations(self) -> None:
        kinds = ("company", "open source project", "community", "foundation", "conference")
        for i, slug in enumerate(self.slugs["organizations"]):
            entry = {
                "name": f"{self.words(1, 2).title()} Org {i}",
                "kind": self.rng.choice(kinds),
                "summary": self.sentence(),
                "website": f"https://org{i}.example.com/",
                "links": self.links(),
            }
            self.write_entry("organizations", slug, _non_empty(entry))

    def _people(self) -> None:
        rng = self.rng
        for i, slug in enumerate(self.slugs["people"]):
            entry: dict[str, Any] = {"name": f"{rng.choice(FIRST)} {rng.choice(LAST)} {i}"}
            if rng.random() < 0.7:
                entry["role"] = self.words(2, 4).capitalize()
            if rng.random() < 0.8:
                entry["organization"] = self.organization_pool.draw(1)[0]
            if rng.random() < 0.5:
                entry["summary"] = self.sentence()
            self.write_entry("people", slug, entry)

    def note(self, key: str) -> dict[str, Any]:
        """A curated release note: a title, a summary in our words, topics."""
        rng = self.rng
        note = {
            "title": self.title(),
            "text": self.summary(),
            "kind": "feature",
            "area": rng.choice(AREAS),
            "topics": self.topic_pool.draw(rng.randint(0, 2)),
        }
        if rng.random() < 0.2:
            note["status"] = "beta"
        if rng.random() < 0.2:
            note["related"] = self.related(key)
        return _non_empty(note)

    def _products(self) -> None:
        """The three products releases name, unless the site has them (a scaffold of the
        real site does): no random draw, so the rest of the data stays what it was."""
        for slug, name in PRODUCTS.items():
            if not (self.data / "products" / f"{slug}.yaml").is_file():
                self.write_entry("products", slug, {"name": name, "summary": f"The {name} product."})

    def _releases(self) -> None:
        rng = self.rng
        # The real releases are in the site too: their versions are taken.
        self.versions = {
            (release.get("product"), str(release.get("version")))
            for release in (
                yaml.safe_load(path.read_text(encoding="utf-8")) or {}
                for path in sorted((self.data / "releases").glob("*.yaml"))
            )
        }
        for slug in self.slugs["releases"]:
            key = f"releases/{slug}"
            notes = [self.note(key) for _ in range(rng.randint(3, 8))]
            name = f"Calico {self.title()}"  # drawn in this order, so the data stays what it was
            # The real site's products (data/products/), drawn as before so the data stays the same.
            product = rng.choice(tuple(PRODUCTS))
            entry = {
                "title": name,
                "product": product,
                "version": self.version(product, f"{rng.randint(3, 4)}.{rng.randint(0, 40)}"),
                "status": rng.choice(("GA", "GA", "beta")),
                "date": self.date(),
                "summary": self.summary(),
                "notes": notes,
                **self.common(key),
            }
            self.write_entry("releases", slug, entry)

    def _spotlights(self) -> None:
        rng = self.rng
        for number, slug in enumerate(self.slugs["spotlights"], 1):
            key = f"spotlights/{slug}"
            interviewees = self.people_pool.draw(rng.randint(1, 2))
            questions = [
                {"question": self.words(5, 10).capitalize() + "?", "answer": self.summary()}
                for _ in range(rng.randint(3, 6))
            ]
            if len(interviewees) > 1:
                for question in questions:
                    question["answered_by"] = [rng.choice(interviewees)]
            entry = {
                "title": f"Community spotlight {number}: {self.title()}",
                "date": self.date(),
                "series_number": number,
                "summary": self.summary(),
                "interviewer": self.people_pool.draw(1)[0],
                "interviewees": interviewees,
                "organizations": self.organization_pool.draw(rng.randint(0, 2)),
                "orchestrators": ["Kubernetes"],
                "clouds": rng.sample(["AWS (EKS)", "Azure (AKS)", "GCP (GKE)", "On premises"], 2),
                "questions": questions,
                **self.common(key),
            }
            if entry["interviewer"] in interviewees:
                del entry["interviewer"]
            self.write_entry("spotlights", slug, _non_empty(entry))

    def _reports(self) -> None:
        rng = self.rng
        for slug in self.slugs["reports"]:
            key = f"reports/{slug}"
            entry = {
                "title": self.title(),
                "publisher": self.organization_pool.draw(1)[0],
                "year": rng.randint(2016, 2025),
                "summary": self.summary(),
                "respondents": {
                    "count": rng.randint(50, 3000),
                    "count_is_minimum": rng.random() < 0.5,
                    "description": self.sentence(),
                },
                "method": "Online survey",
                "key_findings": [self.sentence() for _ in range(rng.randint(2, 6))],
                "focus_areas": [self.words(1, 2) for _ in range(rng.randint(1, 4))],
                **self.common(key),
            }
            self.write_entry("reports", slug, entry)

    def _guides(self) -> None:
        rng = self.rng
        for slug in self.slugs["guides"]:
            key = f"guides/{slug}"
            entry = {
                "title": self.title(),
                "date": self.date(),
                "summary": self.summary(),
                "authors": self.people_pool.draw(rng.randint(1, 2)),
                "audience": self.words(2, 5).capitalize(),
                "prerequisites": [self.sentence() for _ in range(rng.randint(0, 3))],
                "steps": [
                    {"title": self.words(2, 6).capitalize(), "detail": self.summary()} for _ in range(rng.randint(3, 8))
                ],
                "organizations": self.organization_pool.draw(rng.randint(0, 1)),
                **self.common(key),
            }
            self.write_entry("guides", slug, _non_empty(entry))

    def _courses(self) -> None:
        rng = self.rng
        for slug in self.slugs["courses"]:
            key = f"courses/{slug}"
            entry = {
                "title": self.title(),
                "provider": self.organization_pool.draw(1)[0],
                "series": "Certified Calico Operator",
                "position": rng.randint(1, 6),
                "date": self.date(),
                "level": rng.choice(("level one", "level two")),
                "format": "Free, self-paced online course",
                "cost": "free",
                "audience": self.words(3, 6).capitalize(),
                "summary": self.summary(),
                "syllabus": [self.words(2, 5).capitalize() for _ in range(rng.randint(2, 6))],
                "instructors": self.people_pool.draw(rng.randint(0, 2)),
                **self.common(key),
            }
            self.write_entry("courses", slug, _non_empty(entry))

    def _events(self) -> None:
        rng = self.rng
        for slug in self.slugs["events"]:
            key = f"events/{slug}"
            entry = {
                "title": self.title(),
                "event": f"{self.words(1, 2).title()}Con {rng.randint(2016, 2025)}",
                "organizer": self.organization_pool.draw(1)[0],
                "date": self.date(),
                "format": rng.choice(("talk", "workshop", "panel")),
                "speakers": self.people_pool.draw(rng.randint(1, 3)),
                "summary": self.summary(),
                "organizations": self.organization_pool.draw(rng.randint(0, 1)),
                **self.common(key),
            }
            self.write_entry("events", slug, _non_empty(entry))

    def _articles(self) -> None:
        rng = self.rng
        for slug in self.slugs["articles"]:
            key = f"articles/{slug}"
            front = {
                "title": self.title(),
                "date": self.date(),
                "authors": self.people_pool.draw(rng.randint(1, 2)),
                "guest": rng.random() < 0.2,
                "summary": self.summary(),
                "organizations": self.organization_pool.draw(rng.randint(0, 1)),
                **self.common(key),
            }
            # Not `_non_empty`: `guest: false` is kept.
            front = {k: v for k, v in front.items() if v not in ([], None)}
            text = f"---\n{self.dump_yaml(front, 'articles')}---\n\n{_article_body(front, self)}"
            self.write(self.root / "docs" / "articles" / f"{slug}.md", text)


def _schema_fields(schemas: Path) -> dict[str, set[str]]:
    """The top-level fields each collection's schema allows."""
    fields = {}
    for path in schemas.glob("*.schema.json"):
        schema = json.loads(path.read_text(encoding="utf-8"))
        if "properties" in schema:
            fields[path.name.removesuffix(".schema.json")] = set(schema["properties"])
    return fields


def _article_body(front: dict[str, Any], gen: _Generator) -> str:
    """About 600 words of Markdown: headings, paragraphs, a list, a code block, links and anchors."""
    rng, all_keys, words, sentence = gen.rng, gen.all_keys, gen.words, gen.sentence
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
            out += [
                "```yaml",
                "apiVersion: projectcalico.org/v3",
                "kind: NetworkPolicy",
                f"metadata:\n  name: {rng.choice(('allow', 'deny'))}-{index}",
                "```",
                "",
            ]
    return "\n".join(out)


REAL_CORPUS = {"releases": 220, "notes": 2300, "pull_requests": 2250, "authors": 260}
"""Calico Open Source's release notes, v3.0 to v3.32, as issue 22 counted them."""
KIND_SHARES = {"bug-fix": 0.47, "other": 0.40, "feature": 0.08, "known-issue": 0.03, "notice": 0.01, "security": 0.01}
"""Kinds as the imported upstream notes have them (measured: 972 bug fixes, 829 other
changes, 159 features... of 2,061 notes)."""
AREA_SHARES = {None: 0.75, "general": 0.16, "ebpf": 0.07, "windows": 0.015, "wireguard": 0.005}
REPOSITORY_SHARES = {
    "calico": 0.61,
    "felix": 0.12,
    "libcalico-go": 0.09,
    "cni-plugin": 0.07,
    "node": 0.07,
    "typha": 0.04,
}


def generate_release_notes(root: Path, notes: int = REAL_CORPUS["notes"], *, seed: int = 1) -> dict[str, int]:
    """Releases shaped like the real corpus, scaled to `notes` notes: 220 releases,
    2,250 pull requests and 260 authors per 2,300 notes, kinds and areas in the real
    proportions (the vocabulary read from the releases schema), a handle or two per
    note drawn with Zipf-like popularity, versions 3.0.0 upwards with pre-releases.
    Written as data/releases/syn-notes-*.yaml; returns the counts."""
    rng = random.Random(f"notes-{seed}-{notes}")
    schema = json.loads((root / "schemas" / "releases.schema.json").read_text(encoding="utf-8"))
    note_schema = schema["properties"]["notes"]["items"]["properties"]
    kinds = [k for k in KIND_SHARES if k in note_schema["kind"]["enum"]]
    areas = [a for a in AREA_SHARES if a is None or a in note_schema["area"]["enum"]]
    scale = notes / REAL_CORPUS["notes"]
    releases = max(1, round(REAL_CORPUS["releases"] * scale))
    handles = [f"example-dev-{i}" for i in range(max(1, round(REAL_CORPUS["authors"] * scale)))]
    authors = _Popularity(handles, 1.0, rng)
    pr_share = REAL_CORPUS["pull_requests"] / REAL_CORPUS["notes"]
    counts = {"releases": releases, "notes": 0, "pull_requests": 0, "authors": 0}
    used: set[str] = set()
    sizes = _spread(notes, releases, rng)
    product = root / "data" / "products" / "calico-open-source.yaml"
    if not product.is_file():
        product.parent.mkdir(parents=True, exist_ok=True)
        product.write_text(_dump({"name": PRODUCTS["calico-open-source"], "summary": "The product."}), encoding="utf-8")
    for index in range(releases):
        minor, patch = divmod(index, 7)
        version = f"3.{minor}.{patch}" + ("-beta1" if patch == 0 and minor % 5 == 0 else "")
        written = [_synthetic_note(rng, kinds, areas, authors, pr_share) for _ in range(sizes[index])]
        counts["notes"] += len(written)
        counts["pull_requests"] += sum(len(n.get("pull_requests", [])) for n in written)
        used.update(a for n in written for a in n.get("authors", []))
        entry = {
            "title": f"Calico Open Source v{version}",
            "product": "calico-open-source",
            "version": version,
            "date": f"{2017 + minor // 4}-{1 + patch:02d}-{1 + minor % 28:02d}",
            "summary": f"Synthetic release {version} of the release-notes benchmark.",
            "notes": written,
        }
        if "-" not in version:
            entry["tag"] = f"v{version}"
        path = root / "data" / "releases" / f"syn-notes-v{version.replace('.', '-')}.yaml"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(_dump(entry), encoding="utf-8")
    counts["authors"] = len(used)
    return counts


def _spread(total: int, parts: int, rng: random.Random) -> list[int]:
    """`total` split into `parts` sizes of at least one, unevenly (some releases have
    three notes, some forty), summing exactly to `total`."""
    weights = [rng.uniform(0.3, 1.7) for _ in range(parts)]
    spare = max(0, total - parts)
    sizes = [1 + int(spare * w / sum(weights)) for w in weights]
    for index in range(total - sum(sizes)):
        sizes[index % parts] += 1
    return sizes


def _synthetic_note(
    rng: random.Random, kinds: list[str], areas: list[str | None], authors: _Popularity, pr_share: float
) -> dict[str, Any]:
    kind = rng.choices(kinds, weights=[KIND_SHARES[k] for k in kinds])[0]
    area = rng.choices(areas, weights=[AREA_SHARES[a] for a in areas])[0]
    words = " ".join(rng.choice(WORDS) for _ in range(rng.randint(6, 30)))
    note: dict[str, Any] = {"text": f"Example {words} `--example-flag=value`." if rng.random() < 0.1 else words}
    if kind == "feature" and rng.random() < 0.8:
        note["title"] = " ".join(rng.choice(WORDS) for _ in range(rng.randint(2, 6))).capitalize()
    note["kind"] = kind
    if area:
        note["area"] = area
    count = int(pr_share) + (rng.random() < pr_share - int(pr_share))
    repositories = list(REPOSITORY_SHARES)
    prs = {
        (rng.choices(repositories, weights=list(REPOSITORY_SHARES.values()))[0], rng.randint(1, 12000))
        for _ in range(count)
    }
    if prs:
        note["pull_requests"] = [{"repository": r, "number": n} for r, n in sorted(prs)]
        note["authors"] = authors.draw(1 if rng.random() < 0.95 else 2)
    return note


def scaffold(dest: Path, repo: Path) -> None:
    """Copy the real site's configuration, code, hand-written pages and data into `dest`."""
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc")
    shutil.copy2(repo / "mkdocs.yml", dest / "mkdocs.yml")
    if (repo / "mkdocs.preview.yml").is_file():  # what `make serve` previews with
        shutil.copy2(repo / "mkdocs.preview.yml", dest / "mkdocs.preview.yml")
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
    articles = (
        [p for p in (root / "docs" / "articles").glob("*.md") if p.name != "index.md"]
        if (root / "docs" / "articles").is_dir()
        else []
    )
    return data + len(articles)
