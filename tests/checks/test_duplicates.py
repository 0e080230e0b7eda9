"""Semantic duplicates (calico_kb.checks.duplicates): one release per product and
version, and no entry naming itself."""

from __future__ import annotations

from conftest import check_output


def test_a_second_file_for_one_release_is_refused_naming_the_first(project, capsys):
    releases = project / "data/releases"
    (releases / "product-1-2.yaml").write_text(
        (releases / "product-v1-2.yaml").read_text(encoding="utf-8"), encoding="utf-8"
    )
    # product-1-2.yaml sorts first, so product-v1-2.yaml is the second file.
    assert check_output(project, capsys) == (
        1,
        [
            "data/releases/product-v1-2.yaml:2:10: data/releases/product-1-2.yaml already is the release with product "
            '"calico-open-source" and version "1.2" (hint: one release per product and version: merge the two files, '
            "or correct the fields)"
        ],
    )


def test_another_product_may_share_the_version(project, capsys):
    releases = project / "data/releases"
    text = (releases / "product-v1-2.yaml").read_text(encoding="utf-8")
    (project / "data/products/calico-enterprise.yaml").write_text(
        "name: Calico Enterprise\nsummary: Another product.\n", encoding="utf-8"
    )
    (releases / "enterprise-v1-2.yaml").write_text(
        text.replace("calico-open-source", "calico-enterprise"), encoding="utf-8"
    )
    assert check_output(project, capsys) == (0, [])


def test_an_entry_cannot_name_itself(project, capsys):
    release = project / "data/releases/product-v1-2.yaml"
    release.write_text(
        release.read_text(encoding="utf-8").replace(
            "related: [courses/ebpf-course]", "related: [courses/ebpf-course, releases/product-v1-2]"
        ),
        encoding="utf-8",
    )
    assert check_output(project, capsys) == (
        1,
        [
            'data/releases/product-v1-2.yaml:19:36: the entry names itself: "releases/product-v1-2" (hint: an entry '
            "links to other entries, not to its own page; remove it)"
        ],
    )
