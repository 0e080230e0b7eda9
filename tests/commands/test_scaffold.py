"""`make new KIND=<collection> SLUG=<slug>`: a new entry that fails `make check`, naming
each field to fill in, until its placeholders are replaced, and then passes."""

from __future__ import annotations

import contextlib
import io
import json
import re
import subprocess
from pathlib import Path

import pytest

from calico_kb.checks.placeholders import is_placeholder
from calico_kb.commands.cli import main
from calico_kb.load.files import split_front_matter
from calico_kb.load.yaml_source import parse_yaml
from calico_kb.schema.catalog import ANY_COLLECTION, load_catalog, values_at
from conftest import ROOT
from schema_walk import collections, deref, documents, expected_fields, schema_at

KINDS = sorted(collections())
DOCS = documents()
PLACEHOLDER_PROBLEM = re.compile(
    r"^(?P<path>[^:]+):(?P<line>\d+):(?P<col>\d+): (?P<field>.+?): placeholder not filled in \(hint: .+\)$"
)


def check(root: Path) -> subprocess.CompletedProcess:
    """`python -m calico_kb --root <root> check`, what `make check` runs, in this process
    (tests/commands/test_cli.py runs the real command for its exit status and output)."""
    stdout, stderr = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(stdout), contextlib.redirect_stderr(stderr):
        status = main(["--root", str(root), "check"])
    return subprocess.CompletedProcess(["check"], status, stdout.getvalue(), stderr.getvalue())


def new(root: Path, kind: str, slug: str) -> Path:
    assert main(["--root", str(root), "new", kind, slug]) == 0
    markdown = DOCS[f"{kind}.schema.json"].get("x-kb-source") == "markdown"
    path = root / ("docs" if markdown else "data") / kind / f"{slug}.{'md' if markdown else 'yaml'}"
    assert path.is_file()
    return path


def uncomment_optional_fields(text: str) -> str:
    """What a contributor does to use every optional field: delete the "# " in front
    of the field's lines (those after its "Optional." comment, up to the blank line)."""
    lines = text.split("\n")
    out: list[str] = []
    index = 0
    while index < len(lines):
        line = lines[index]
        out.append(line)
        index += 1
        status = re.match(r"^( *)# Optional\.", line)
        if not status:
            continue
        pad = status.group(1)
        # The comment may go on ("# Example:", a long list of allowed values) up to the field.
        while (
            index < len(lines)
            and lines[index].startswith(pad + "# ")
            and not re.match(rf"^{pad}# [a-z_]+:", lines[index])
        ):
            out.append(lines[index])
            index += 1
        assert re.match(rf"^{pad}# [a-z_]+:", lines[index]), f"no commented-out field after: {line!r}"
        while index < len(lines) and lines[index].startswith(pad + "#"):
            code = lines[index][len(pad) :]
            out.append(pad + (code[2:] if code.startswith("# ") else code[1:]))
            index += 1
    return "\n".join(out)


def placeholders(path: Path) -> list[tuple[tuple, int, int]]:
    """(data path, line, column) of every placeholder in an entry's YAML or front matter."""
    text = path.read_text(encoding="utf-8")
    offset = 0
    if path.suffix == ".md":
        text, offset, _, problem = split_front_matter(text)
        assert problem is None and text is not None
    document, problems = parse_yaml(text, path.name, line_offset=offset)
    assert problems == [] and document is not None, problems
    found = []

    def walk(value, at):
        if isinstance(value, dict):
            for key, item in value.items():
                walk(item, at + (key,))
        elif isinstance(value, list):
            for number, item in enumerate(value):
                walk(item, at + (number,))
        elif is_placeholder(value):
            found.append((at, *document.marks[at]))

    walk(document.value, ())
    return found


def fill(path: Path, kind: str) -> None:
    """Replace every placeholder with the example the schema gives for its field, and
    the TODO lines of an article's body with text."""
    schema_name = f"{kind}.schema.json"
    lines = path.read_text(encoding="utf-8").split("\n")
    for at, line, col in placeholders(path):
        if isinstance(at[-1], int):
            example = schema_at(DOCS[schema_name], schema_name, DOCS, at[:-1])["examples"][0][0]
        else:
            example = schema_at(DOCS[schema_name], schema_name, DOCS, at)["examples"][0]
        text = lines[line - 1]
        assert text[col - 1 :].startswith('"TODO"'), text
        lines[line - 1] = text[: col - 1] + json.dumps(example) + text[col - 1 + len('"TODO"') :]
    text = "\n".join(lines)
    if path.suffix == ".md":
        head, _, body = text.partition("\n---\n")
        text = head + "\n---\n" + re.sub(r"\bTODO\b:?", "Filled in", body)
    path.write_text(text, encoding="utf-8")


def add_referenced_entries(root: Path, kind: str, path: Path) -> None:
    """Create, from their own scaffolds, the entries that a filled-in entry names."""
    catalog = load_catalog(root / "schemas")
    text = path.read_text(encoding="utf-8")
    if path.suffix == ".md":
        text = split_front_matter(text)[0]
    document, _ = parse_yaml(text, path.name)
    for field, target in catalog[kind].references:
        for _, value in values_at(document.value, field):
            collection, slug = value.partition("/")[::2] if target == ANY_COLLECTION else (target, value)
            markdown = catalog[collection].from_markdown
            existing = root / ("docs" if markdown else "data") / collection / f"{slug}.{'md' if markdown else 'yaml'}"
            if not existing.exists():
                created = new(root, collection, slug)
                fill(created, collection)
                add_referenced_entries(root, collection, created)


def required_placeholder_fields(schema: dict, doc: str, prefix: str = "") -> set[str]:
    """The fields a fresh scaffold leaves to fill in: the required ones, the required
    fields of the one item of each required list of mappings, and item [0] of each
    required list of values."""
    schema, doc = deref(schema, doc, DOCS)
    names: set[str] = set()
    for name in schema.get("required", []):
        field, field_doc = deref(schema["properties"][name], doc, DOCS)
        label = f"{prefix}{name}"
        if field.get("type") == "array":
            items, items_doc = deref(field["items"], field_doc, DOCS)
            if items.get("type") == "object":
                names |= required_placeholder_fields(items, items_doc, f"{label}[0].")
            else:
                names.add(f"{label}[0]")
        elif field.get("type") == "object":
            names |= required_placeholder_fields(field, field_doc, f"{label}.")
        else:
            names.add(label)
    return names


@pytest.mark.parametrize("kind", KINDS)
def test_a_new_entry_fails_naming_each_field_until_filled_in(kind, make_project):
    root = make_project({})
    path = new(root, kind, "sample-entry")
    source = path.relative_to(root).as_posix()

    result = check(root)
    assert result.returncode == 1
    own = [line for line in result.stdout.splitlines() if line.startswith(source + ":")]
    matches = [PLACEHOLDER_PROBLEM.match(line) for line in own]
    assert all(matches), f"problems other than placeholders in {source}:\n" + "\n".join(own)
    named = {m.group("field") for m in matches}
    assert named - {"body"} == required_placeholder_fields(DOCS[f"{kind}.schema.json"], f"{kind}.schema.json")
    if kind == "articles":
        assert "body" in named

    fill(path, kind)
    add_referenced_entries(root, kind, path)
    result = check(root)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stderr.startswith("OK:")


@pytest.mark.parametrize("kind", KINDS)
def test_optional_fields_once_uncommented_are_named_too_and_pass_when_filled(kind, make_project):
    root = make_project({})
    path = new(root, kind, "sample-entry")
    path.write_text(uncomment_optional_fields(path.read_text(encoding="utf-8")), encoding="utf-8")
    source = path.relative_to(root).as_posix()

    result = check(root)
    named = {
        m.group("field")
        for m in map(PLACEHOLDER_PROBLEM.match, result.stdout.splitlines())
        if m and m.group("path") == source
    }
    schema_name = f"{kind}.schema.json"
    top_level = {
        label
        for label, _, _ in expected_fields(DOCS[schema_name], schema_name, DOCS)
        if "." not in label and "[" not in label
    }
    assert top_level <= {re.split(r"[.\[]", name)[0] for name in named}

    fill(path, kind)
    add_referenced_entries(root, kind, path)
    result = check(root)
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_scaffold_describes_every_field_in_a_comment(make_project):
    root = make_project({})
    text = new(root, "releases", "calico-open-source-v9-9").read_text(encoding="utf-8")
    flat = re.sub(r"\n[ #]*", " ", text)  # comments joined across their wrapped lines
    for label, _, merged in expected_fields(DOCS["releases.schema.json"], "releases.schema.json", DOCS):
        name = label.rsplit(".", 1)[-1]
        assert merged["description"] in flat, f"{label}: its description is not in the scaffold"
        assert re.search(rf"^[ #-]*{re.escape(name)}:", text, re.MULTILINE), f"{label} is not in the scaffold"
    assert 'One of: "GA", "beta", "early preview", "tech preview".' in text


def test_a_placeholder_replaces_other_problems_at_its_spot(make_project):
    root = make_project(
        {
            "data/courses/a-course.yaml": """
        title: A course
        provider: "TODO"
        summary: Something.
        """
        }
    )
    lines = [line for line in check(root).stdout.splitlines() if line.startswith("data/courses/a-course.yaml")]
    assert lines == [
        "data/courses/a-course.yaml:2:11: provider: placeholder not filled in "
        "(hint: write slug of the organization that offers it, when the source names it, or delete the field: it is "
        "optional)"
    ]


def test_only_values_that_start_with_the_word_todo_are_placeholders(make_project):
    root = make_project(
        {
            "data/topics/todo-lists.yaml": """
            name: TODOs considered harmful
            description: "Notes on TODO comments."
            """,
            "docs/articles/an-article.md": """
            ---
            title: An article
            summary: Short.
            ---

            # An article

            ```python
            # TODO: this code comment is part of the example
            ```

            TODOs in prose are fine too.
            """,
        }
    )
    result = check(root)
    assert result.returncode == 0, result.stdout


def test_an_article_body_line_starting_with_todo_is_reported(make_project):
    root = make_project(
        {
            "docs/articles/draft.md": """
        ---
        title: A draft
        summary: Short.
        ---

        # A draft

        TODO write this
        """
        }
    )
    result = check(root)
    assert result.returncode == 1
    assert (
        "docs/articles/draft.md:8:1: body: placeholder not filled in (hint: replace this line with your own text)"
        in result.stdout
    )


def test_new_refuses_to_overwrite(make_project, capsys):
    root = make_project({"data/people/jane-doe.yaml": "name: Jane Doe\n"})
    assert main(["--root", str(root), "new", "people", "jane-doe"]) == 1
    assert "data/people/jane-doe.yaml already exists" in capsys.readouterr().err
    assert (root / "data/people/jane-doe.yaml").read_text(encoding="utf-8") == "name: Jane Doe\n"


def test_new_refuses_an_unknown_kind_and_lists_the_kinds(make_project, capsys):
    root = make_project({})
    assert main(["--root", str(root), "new", "relase", "x"]) == 1
    err = capsys.readouterr().err
    assert "unknown kind 'relase' (did you mean 'releases'?)" in err
    assert "kinds: " + ", ".join(KINDS) in err
    assert not (root / "data" / "relase").exists()


@pytest.mark.parametrize("slug", ["Jane Doe", "jane_doe", "jane-", "jane--doe", "../jane", ""])
def test_new_refuses_a_bad_slug(slug, make_project, capsys):
    root = make_project({})
    code = main(["--root", str(root), "new", "people", slug])
    err = capsys.readouterr().err
    if slug:
        assert code == 1 and "is not a slug" in err
    else:
        assert code == 2 and "kinds: " in err
    assert list((root / "data").rglob("*.yaml")) == []


def test_make_new_runs_the_same_command():
    result = subprocess.run(
        ["make", "-n", "new", "KIND=people", "SLUG=jane-doe"], cwd=ROOT, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
    assert "-m calico_kb new people jane-doe" in result.stdout
