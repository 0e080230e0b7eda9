"""`python -m calico_kb import-release-notes`: upstream release notes into data/releases/.

Nobody types 2,300 notes into YAML: upstream writes them in Markdown, one file per
release. This command reads those files (`load.release_notes`) and writes one
`data/releases/<product>-v<version>.yaml` per release, merged with what is already
there: the importer owns what it reads from upstream (version, date, tag, each note's
text, kind, pull requests, authors, links, and a title or area when upstream gives
one); everything else a curator wrote survives a re-import (topics, related, summary,
teaser, a title or area upstream has none for, any other field). Notes are matched to
the existing ones by their pull requests, else their title, else their text.

A file is written only when it reads back through the project's strict YAML reader
and validates against the releases schema, and only when its bytes change: a second
run changes nothing. Every problem is reported as `path:line:col` with a non-zero exit,
and a file with a problem is left as it was.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import yaml

from ..checks.schema import schema_problems
from ..load.release_notes import FILE_NAME, Note, Release, Vocabulary, read_release_notes
from ..load.yaml_source import FORBIDDEN_CHARACTERS, parse_yaml
from ..problems import Problem, quote
from ..schema.catalog import Catalog, vocabulary
from ..schema.fields import field_node

COLLECTION = "releases"
DEFAULT_PRODUCT = "calico-open-source"
"""The product entry (data/products/<slug>.yaml) releases are imported for by default."""
NOTE_FIELDS_READ = ("title", "text", "kind", "area", "pull_requests", "authors", "docs")
"""The fields of a note the importer writes from upstream; a curator's others stay."""
UNTAGGED = re.compile(r"-pre(-release)?$")
"""Versions of the docs' notes written before a release, which upstream never tagged."""


@dataclasses.dataclass
class Outcome:
    """What one run did: files written, files already up to date, problems."""

    written: list[Path] = dataclasses.field(default_factory=list)
    unchanged: list[Path] = dataclasses.field(default_factory=list)
    problems: list[Problem] = dataclasses.field(default_factory=list)


def release_vocabulary(catalog: Catalog) -> Vocabulary:
    """Kinds, areas and repositories as the releases schema declares them."""
    kind = field_node(catalog, COLLECTION, "notes.*.kind")
    area = field_node(catalog, COLLECTION, "notes.*.area")
    repository = field_node(catalog, COLLECTION, "notes.*.pull_requests.*.repository")
    kinds = vocabulary(kind.schema) if kind else {}
    enum = kind.schema.get("enum", []) if kind else []
    default = enum[0] if enum else "feature"
    return Vocabulary(
        kinds=kinds,
        areas=vocabulary(area.schema) if area else {},
        repositories=list(repository.schema.get("enum", [])) if repository else [],
        default_kind=default,
        notice_kind=kinds.get("note", default),
    )


def upstream_files(arguments: list[Path]) -> Iterator[Path]:
    """The files named, and in each folder named the files upstream names like
    v3.26.0-release-notes.md (not index.md or .gitkeep), sorted."""
    for argument in arguments:
        if argument.is_dir():
            yield from sorted(p for p in argument.iterdir() if p.is_file() and FILE_NAME.fullmatch(p.name))
        else:
            yield argument


def import_release_notes(
    root: Path,
    catalog: Catalog,
    sources: list[Path],
    *,
    product: str = DEFAULT_PRODUCT,
    source_url: str | None = None,
) -> Outcome:
    """Read every upstream file of `sources` and write or update its release's entry."""
    outcome = Outcome()
    words = release_vocabulary(catalog)
    product_name = _product_name(root, product, outcome.problems)
    if product_name is None:
        return outcome
    for path in upstream_files(sources):
        shown = _shown(path, root)
        text = _read(path, shown, outcome.problems)
        if text is None:
            continue
        release, problems = read_release_notes(text, path, shown, words)
        if release.version is None:
            problems.append(
                Problem(shown, 1, 1, f"cannot tell the version from the name {quote(path.name)}", _NAME_HINT)
            )
        if problems:
            outcome.problems.extend(problems)
            continue
        _write_release(root, catalog, release, (product, product_name), source_url, outcome)
    return outcome


_NAME_HINT = "name the file as upstream does, e.g. v3.26.0-release-notes.md"


def _shown(path: Path, root: Path) -> str:
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return path.as_posix()


def _read(path: Path, shown: str, problems: list[Problem]) -> str | None:
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        problems.append(Problem(shown, 1, 1, "no such file", "name an upstream release-notes file or its folder"))
        return None
    except OSError as error:
        problems.append(Problem(shown, 1, 1, f"cannot read the file: {error.strerror}"))
        return None
    except UnicodeDecodeError as error:
        problems.append(Problem(shown, 1, 1, f"the file is not UTF-8 (byte {error.start})", "save it as UTF-8"))
        return None
    bad = FORBIDDEN_CHARACTERS.search(text)
    if bad:
        line = text.count("\n", 0, bad.start()) + 1
        col = bad.start() - text.rfind("\n", 0, bad.start())
        problems.append(Problem(shown, line, col, f"a control character {bad.group()!r}", "remove it upstream"))
        return None
    return text


def _product_name(root: Path, product: str, problems: list[Problem]) -> str | None:
    """The name of the product entry releases are imported for, or a problem."""
    shown = f"data/products/{product}.yaml"
    path = root / shown
    document, found = parse_yaml(path.read_text(encoding="utf-8"), shown) if path.is_file() else (None, [])
    name = document.value.get("name") if document is not None and isinstance(document.value, dict) else None
    if isinstance(name, str) and not found:
        return name
    problems.extend(found)
    if not found:
        problems.append(
            Problem(
                shown,
                1,
                1,
                f"no product {quote(product)} to import releases for",
                "name a product of data/products/ with --product, or add it",
            )
        )
    return None


def release_slug(product: str, version: str) -> str:
    """ "calico-open-source", "3.0.0-beta1" -> "calico-open-source-v3-0-0-beta1"."""
    words = re.sub(r"[^a-z0-9]+", "-", f"{product} v{version}".lower())
    return words.strip("-")


def _write_release(
    root: Path,
    catalog: Catalog,
    release: Release,
    product: tuple[str, str],
    source_url: str | None,
    outcome: Outcome,
) -> None:
    assert release.version is not None
    target = root / "data" / COLLECTION / f"{release_slug(product[0], release.version)}.yaml"
    shown = _shown(target, root)
    before = target.read_text(encoding="utf-8") if target.is_file() else None
    existing: dict[str, Any] = {}
    if before is not None:
        document, problems = parse_yaml(before, shown)
        if document is None or problems:
            outcome.problems.extend(problems)
            return
        existing = document.value
    entry = merged_entry(existing, release, product, source_url, catalog)
    text = dump_entry(entry)
    problems = entry_problems(text, shown, catalog)
    if problems:
        outcome.problems.extend(problems)
    elif text == before:
        outcome.unchanged.append(target)
    else:
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
        outcome.written.append(target)


def merged_entry(
    existing: dict[str, Any], release: Release, product: tuple[str, str], source_url: str | None, catalog: Catalog
) -> dict[str, Any]:
    """The entry to write: what upstream says, over what a curator wrote. `product` is
    the product entry's slug and name."""
    assert release.version is not None
    slug, name = product
    entry = dict(existing)
    entry.setdefault("title", f"{name} v{release.version}")
    entry["product"] = slug
    entry["version"] = release.version
    if not UNTAGGED.search(release.version):
        entry["tag"] = f"v{release.version}"
    if release.date:
        entry["date"] = release.date
    if source_url:
        entry["source"] = {"url": source_url + release.path.name, "label": f"{name} v{release.version} release notes"}
    entry["notes"] = merged_notes(existing.get("notes") or [], release.notes)
    entry.setdefault("summary", counted_summary(name, release, catalog))
    return _in_schema_order(entry, list(catalog[COLLECTION].schema.get("properties", {})))


def counted_summary(product: str, release: Release, catalog: Catalog) -> str:
    """A first summary, from counts only (replace it with your own words; a re-import keeps yours)."""
    kind = field_node(catalog, COLLECTION, "notes.*.kind")
    aliases = kind.schema.get("x-kb-aliases", {}) if kind else {}
    counts: dict[str, int] = {}
    for note in release.notes:
        counts[note.kind] = counts.get(note.kind, 0) + 1
    parts = [f"{aliases.get(k, [k])[0].lower()}: {n}" for k, n in counts.items()]
    return f"{product} {release.version}: {len(release.notes)} release notes ({', '.join(parts)})."


def merged_notes(existing: list[Any], imported: list[Note]) -> list[dict[str, Any]]:
    """Imported notes in upstream's order, each over the existing note it matches; an
    existing note no imported one matches stays (after them) if a curator added to it."""
    pool = [note for note in existing if isinstance(note, dict)]
    used: set[int] = set()
    merged = []
    for note in imported:
        match = _match(note, pool, used)
        fields = _note_fields(note)
        before = pool[match] if match is not None else {}
        kept = {k: v for k, v in before.items() if k not in NOTE_FIELDS_READ or _curated_only(k, fields)}
        merged.append(_in_schema_order({**kept, **fields}, list(NOTE_ORDER)))
    for index, note in enumerate(pool):
        if index not in used and set(note) - set(NOTE_FIELDS_READ):
            merged.append(note)
    return merged


NOTE_ORDER = ("title", "text", "kind", "area", "status", "pull_requests", "authors", "docs", "topics", "related")


def _curated_only(field: str, imported: dict[str, Any]) -> bool:
    """A title or area upstream gives none for: the curator's stays."""
    return field in ("title", "area") and field not in imported


def _note_fields(note: Note) -> dict[str, Any]:
    fields: dict[str, Any] = {"text": note.text, "kind": note.kind}
    if note.title:
        fields["title"] = note.title
    if note.area:
        fields["area"] = note.area
    if note.pull_requests:
        fields["pull_requests"] = [{"repository": r, "number": n} for r, n in note.pull_requests]
    if note.authors:
        fields["authors"] = list(note.authors)
    if note.docs:
        fields["docs"] = [{"title": title, "url": url} for title, url in note.docs]
    return fields


def _identities(note: dict[str, Any]) -> list[tuple]:
    """What identifies a note across re-imports: its pull requests, else title, else text."""
    found: list[tuple] = [
        ("pr", pr.get("repository"), pr.get("number")) for pr in note.get("pull_requests") or [] if isinstance(pr, dict)
    ]
    if note.get("title"):
        found.append(("title", note["title"]))
    found.append(("text", note.get("text")))
    return found


def _match(note: Note, pool: list[dict[str, Any]], used: set[int]) -> int | None:
    wanted = _identities(_note_fields(note))
    for identity in wanted:
        for index, candidate in enumerate(pool):
            if index not in used and identity in _identities(candidate):
                used.add(index)
                return index
    return None


def _in_schema_order(value: dict[str, Any], order: list[str]) -> dict[str, Any]:
    rank = {name: place for place, name in enumerate(order)}
    return dict(sorted(value.items(), key=lambda item: rank.get(item[0], len(rank))))


class _Dumper(yaml.SafeDumper):
    """Block YAML the strict reader accepts: versions, dates and tags quoted, text of
    several lines as a literal block, no anchors."""

    def ignore_aliases(self, data: Any) -> bool:
        return True

    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        # List items indented under their key, as the hand-written files have them.
        super().increase_indent(flow, False)


class _Quoted(str):
    """A string written in double quotes, whatever it looks like."""


def _represent_str(dumper: yaml.SafeDumper, value: str) -> yaml.Node:
    if "\n" in value and not re.search(r"[ \t]\n|\n[ \t]|\s$", value):
        return dumper.represent_scalar("tag:yaml.org,2002:str", value, style="|")
    return dumper.represent_scalar("tag:yaml.org,2002:str", value)


_Dumper.add_representer(str, _represent_str)
_Dumper.add_representer(
    _Quoted, lambda dumper, value: dumper.represent_scalar("tag:yaml.org,2002:str", str(value), style='"')
)
QUOTED_FIELDS = ("version", "date", "tag")


def dump_entry(entry: dict[str, Any]) -> str:
    """The entry as the YAML file the importer writes (the same bytes for the same entry)."""
    quoted = {k: _Quoted(v) if k in QUOTED_FIELDS and isinstance(v, str) else v for k, v in entry.items()}
    return yaml.dump(
        quoted, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=1 << 20, default_flow_style=False
    )


def entry_problems(text: str, shown: str, catalog: Catalog) -> list[Problem]:
    """What the project's own reader and the releases schema say of the text to write."""
    document, problems = parse_yaml(text, shown)
    if document is None:
        return problems
    return problems + list(schema_problems(catalog[COLLECTION].validator, document))
