"""Loading a project: files, names, encodings, sizes and front matter."""

from __future__ import annotations

from calico_kb.load.files import MAX_FILE_BYTES
from calico_kb.pipeline import Project, build_knowledge_base

TOPIC = "name: eBPF\ndescription: The eBPF data plane.\n"


def problems(root) -> list[str]:
    return [str(p) for p in sorted(set(build_knowledge_base(Project(root)).problems))]


def test_a_valid_project_has_no_problems(make_project):
    root = make_project(
        {
            "data/topics/ebpf.yaml": TOPIC,
            "docs/articles/intro.md": "---\ntitle: Intro\nsummary: A start.\ntopics: [ebpf]\n---\n\n# Intro\n",
            "docs/index.md": "# Home\n",
        }
    )
    kb = build_knowledge_base(Project(root))
    assert kb.problems == []
    assert sorted(kb.sources.entries) == ["articles/intro", "topics/ebpf"]
    assert kb.sources.entries["articles/intro"].body.first_line == 6
    assert list(kb.sources.pages) == ["index.md"]


def test_file_names_must_be_slugs(make_project):
    root = make_project({"data/topics/Bad_Name.yaml": TOPIC})
    assert problems(root) == [
        "data/topics/Bad_Name.yaml:1:1: the file name 'Bad_Name' is not a slug "
        "(hint: rename it to 'bad-name': lower-case letters, digits and single hyphens)"
    ]


def test_files_outside_a_collection_are_refused(make_project):
    root = make_project({"data/widgets/a.yaml": TOPIC, "data/stray.yaml": TOPIC})
    found = problems(root)
    assert [p.split(": ", 1)[0] for p in found] == ["data/stray.yaml:1:1", "data/widgets/a.yaml:1:1"]
    assert found[1].startswith(
        "data/widgets/a.yaml:1:1: 'data/widgets/a.yaml' is not in a collection directory (hint: data files go in data/<collection>/<slug>.yaml, where collection is one of: courses, events,"
    )


def test_yml_extension_gets_a_rename_hint(make_project):
    root = make_project({"data/topics/ebpf.yml": TOPIC})
    assert problems(root) == ["data/topics/ebpf.yml:1:1: 'ebpf.yml' is not a .yaml file (hint: rename it to .yaml)"]


def test_bytes_that_are_not_utf8_are_located(make_project):
    root = make_project({})
    (root / "data/topics").mkdir(parents=True)
    (root / "data/topics/ebpf.yaml").write_bytes(b"name: eBPF\ndescription: caf\xe9\n")
    assert problems(root) == [
        "data/topics/ebpf.yaml:2:17: the byte 0xe9 is not valid UTF-8 (hint: save the file as UTF-8)"
    ]


def test_oversized_files_are_refused(make_project):
    root = make_project({"data/topics/ebpf.yaml": TOPIC + "# " + "x" * MAX_FILE_BYTES + "\n"})
    assert problems(root) == [
        f"data/topics/ebpf.yaml:1:1: the file is {len(TOPIC) + MAX_FILE_BYTES + 3:,} bytes, over the limit of {MAX_FILE_BYTES:,} "
        "(hint: split it into several entries)"
    ]


def test_empty_data_file(make_project):
    root = make_project({"data/topics/ebpf.yaml": ""})
    assert problems(root) == [
        "data/topics/ebpf.yaml:1:1: the file is empty (hint: write a YAML mapping of field: value lines)"
    ]


def test_articles_need_front_matter(make_project):
    root = make_project({"docs/articles/intro.md": "# Intro\n"})
    assert problems(root) == [
        "docs/articles/intro.md:1:1: this page needs front matter "
        "(hint: start the file with a '---' line, the fields, and another '---' line)"
    ]


def test_unclosed_front_matter_is_reported_not_rendered_as_text(make_project):
    root = make_project({"docs/about.md": "---\ntitle: About\n\n# About\n"})
    assert problems(root) == [
        "docs/about.md:1:1: front matter starts with '---' on line 1 but has no closing '---' line "
        "(hint: close it with a line of three hyphens)"
    ]


def test_broken_front_matter_yaml_points_into_the_markdown_file(make_project):
    root = make_project({"docs/about.md": "---\ntitle: About: us\n---\n\n# About\n"})
    assert problems(root) == [
        "docs/about.md:2:13: YAML syntax error: mapping values are not allowed in this context "
        "(hint: a value that contains ': ' must be quoted)"
    ]


def test_page_front_matter_is_checked_against_the_page_schema(make_project):
    root = make_project({"docs/about.md": "---\ntitel: About\n---\n\n# About\n"})
    assert problems(root) == ["docs/about.md:2:1: unknown field 'titel' (hint: did you mean 'title'?)"]


def test_front_matter_after_a_byte_order_mark_is_still_checked(make_project):
    root = make_project({})
    (root / "docs/about.md").write_bytes("\ufeff---\ntitel: About\n---\n\n# About\n".encode("utf-8"))
    assert problems(root) == ["docs/about.md:2:1: unknown field 'titel' (hint: did you mean 'title'?)"]
