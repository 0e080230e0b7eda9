"""fastjsonschema's checks of the schemas, compiled once and kept on disk between
processes (under `cache.cache_root`).

fastjsonschema writes a Python function for each schema and compiles it: 0.13 s CPU for
the site's twelve schemas, at every build (a sixth of loading 5,000 entries), nearly all
of it Python compiling a megabyte of generated code. Here the code it generates
(`fastjsonschema.compile_to_code`, the same code `fastjsonschema.compile` runs) is
compiled once and its bytecode kept, by a key of the schema, the custom formats' names,
fastjsonschema's version and Python's bytecode version; a build loads it in a
millisecond. A cache that cannot be read or written only makes builds slower.
"""

from __future__ import annotations

import functools
import hashlib
import importlib.util
import json
import marshal
from collections.abc import Callable
from pathlib import Path
from types import CodeType
from typing import Any

import fastjsonschema

from ..cache import keep

Formats = dict[str, Callable[[str], bool]]


def compiled_check(schema_json: str, formats: Formats, folder: Path | None) -> Callable[[Any], Any]:
    """fastjsonschema's check of the schema written in `schema_json` (it raises
    `fastjsonschema.JsonSchemaException` for data the schema refuses), with `formats`
    (checks of custom formats, by name); its bytecode kept in `folder`."""
    key = hashlib.sha256(
        "\0".join(
            [fastjsonschema.VERSION, importlib.util.MAGIC_NUMBER.hex(), json.dumps(sorted(formats)), schema_json]
        ).encode("utf-8", "surrogatepass")
    ).hexdigest()
    code = _kept(folder / f"{key}.pyc") if folder is not None else None
    if code is None:
        generated = fastjsonschema.compile_to_code(json.loads(schema_json), formats=formats)
        code = compile(generated, f"<fastjsonschema {key[:12]}>", "exec")
        if folder is not None:
            keep(folder / f"{key}.pyc", marshal.dumps(code))
    namespace: dict[str, Any] = {}
    exec(code, namespace)  # noqa: S102 - fastjsonschema's own code, as fastjsonschema.compile runs it
    check = namespace["validate"]
    return functools.update_wrapper(functools.partial(check, custom_formats=formats), check)


def _kept(path: Path) -> CodeType | None:
    try:
        code = marshal.loads(path.read_bytes())
    except (OSError, ValueError, EOFError, TypeError):
        return None
    return code if isinstance(code, CodeType) else None
