"""Reading mkdocs.yml without MkDocs.

The core reads the site's configuration in several places (the site's name and
address for pages and feeds, the Markdown extensions bodies are rendered with, the
configuration `generate` writes for other engines) and must read it as MkDocs does,
`!ENV` tags included, without importing MkDocs: one reader serves them all.
"""

from __future__ import annotations

import os

import yaml


def read_config(text: str) -> dict:
    """A MkDocs configuration as a mapping, without MkDocs. Tags such as
    `!ENV [NAME, default]` are read as MkDocs reads them; others as null. Raises
    yaml.YAMLError for text that is not YAML."""
    loader = type("_ConfigLoader", (yaml.SafeLoader,), {})
    loader.add_constructor("!ENV", _environment_value)
    loader.add_multi_constructor("!", lambda _loader, _suffix, _node: None)
    loader.add_multi_constructor("tag:yaml.org,2002:python/", lambda _loader, _suffix, _node: None)
    config = yaml.load(text, Loader=loader) or {}
    return config if isinstance(config, dict) else {}


def _environment_value(loader: yaml.SafeLoader, node: yaml.Node) -> object:
    names = [loader.construct_scalar(node)] if isinstance(node, yaml.ScalarNode) else loader.construct_sequence(node)
    *variables, default = names if len(names) > 1 else (*names, None)
    for name in variables:
        if isinstance(name, str) and name in os.environ:
            return os.environ[name]
    return default
