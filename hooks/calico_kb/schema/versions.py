"""Version numbers as releases are ordered: semantic versions, pre-releases first.

A release's `version` is text ("3.23", "3.26.0", "3.0.0-beta1", "3.14.0-pre"). Sorting
that text puts 3.9 after 3.26 and 3.0.0 before 3.0.0-beta1; semantic versioning says
how they compare (https://semver.org, section 11), and the `semver` package implements
it. A collection names the field it is ordered by with `x-kb-sort-by`; a field whose
schema has `"format": "semantic-version"` compares with `version_key`.
"""

from __future__ import annotations

import functools

import semver

SEMANTIC_VERSION = "semantic-version"
"""The JSON Schema format of a field that holds a semantic version."""


@functools.lru_cache(maxsize=1 << 14)
def parse_version(text: str) -> semver.Version | None:
    """ "3.23" -> 3.23.0, "3.0.0-beta1" -> 3.0.0-beta1; None for anything else."""
    try:
        return semver.Version.parse(text, optional_minor_and_patch=True)
    except (TypeError, ValueError):
        return None


def is_semantic_version(value: object) -> bool:
    """The format check: strings that are not versions fail; other types are the
    schema's `type` to report."""
    return not isinstance(value, str) or parse_version(value) is not None


class VersionKey:
    """Sort key of a version, highest first; text that is no version sorts last."""

    __slots__ = ("version", "text")

    def __init__(self, text: object):
        self.text = str(text) if text is not None else ""
        self.version = parse_version(self.text) if isinstance(text, str) else None

    def __lt__(self, other: VersionKey) -> bool:
        if self.version is None or other.version is None:
            return (self.version is None, self.text) < (other.version is None, other.text)
        return self.version > other.version  # highest first

    def __eq__(self, other: object) -> bool:
        return isinstance(other, VersionKey) and (self.version, self.text) == (other.version, other.text)

    def __hash__(self) -> int:
        return hash(self.text)
