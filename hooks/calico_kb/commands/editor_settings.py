"""The editor's schema mapping (`.vscode/settings.json`), derived from the schemas.

VS Code's YAML extension completes and checks a data file as it is typed when its
settings map the file's folder to the collection's schema. Kept by hand, that map is
one more place to edit for a new collection; written from the catalog, it cannot fall
behind (`python -m calico_kb editor-settings`, `make editor-settings`; a test checks
that the committed file is current). Other settings in the file are kept as they are.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from .. import paths
from ..schema.catalog import Catalog

SETTINGS_FILE = ".vscode/settings.json"


def schema_mapping(catalog: Catalog) -> dict[str, list[str]]:
    """{"./schemas/<name>.schema.json": ["data/<name>/*.yaml"]} for every YAML collection."""
    return {
        f"./{paths.SCHEMA_FILE.format(collection=name)}": [paths.DATA_FILE.format(collection=name, slug="*")]
        for name, collection in sorted(catalog.collections.items())
        if not collection.from_markdown
    }


def settings_text(catalog: Catalog, current: dict[str, Any] | None = None) -> str:
    """The settings file with its "yaml.schemas" written from the catalog."""
    settings = dict(current or {})
    settings["yaml.schemas"] = schema_mapping(catalog)
    settings.setdefault("yaml.validate", True)
    return json.dumps(settings, indent=2, ensure_ascii=False) + "\n"


def write_settings(catalog: Catalog, root: Path) -> bool:
    """Bring `.vscode/settings.json` up to date; True when it changed."""
    path = root / SETTINGS_FILE
    old = path.read_text(encoding="utf-8") if path.is_file() else None
    new = settings_text(catalog, json.loads(old) if old else None)
    if new == old:
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(new, encoding="utf-8")
    return True
