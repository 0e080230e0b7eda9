"""Python's cyclic garbage collector, paused where the flow makes many objects at once.

Loading and rendering create hundreds of thousands of objects that all stay alive, and
checking every built page makes a dictionary for each element's attributes: the
collector would walk what is alive again and again while they are made, a fifth of
those stages at 5,000 entries. Pausing it for a stage costs nothing: what little cyclic
garbage a stage leaves is collected when the collector resumes.

At the build's end, what it no longer needs is given back to the system (`give_back`)
before Pagefind's indexer starts beside it.
"""

from __future__ import annotations

import contextlib
import ctypes
import gc
import sys
from collections.abc import Iterator


@contextlib.contextmanager
def collector_paused() -> Iterator[None]:
    """The collector paused while the block runs (left as it was if already paused)."""
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if collecting:
            gc.enable()


def set_aside_survivors() -> None:
    """Leave every object alive now out of the collector's later walks, until `restore`.

    What the build keeps from its start to its end (the knowledge base, the plan, the
    rendered pages' metadata: millions of objects at 5,000 entries) is walked again by
    every full collection while MkDocs renders thousands of pages; Python's
    `gc.freeze` exists for such objects. Measured at 5,000 entries: the build's
    collector time 4.3 -> 3.5 CPU s. `restore` puts them back (the preview's server
    runs many builds in one process: what one build left must be collectable by the
    next)."""
    gc.freeze()


def restore() -> None:
    """Undo `set_aside_survivors` (nothing when nothing was set aside)."""
    gc.unfreeze()


def give_back(package: str = "calico_kb") -> None:
    """Empty the caches of `package`'s modules (functools' caches of module functions),
    collect what is garbage, and hand the freed memory back to the system.

    For a process that lives on past its work while another takes the machine's memory:
    the strict build stays resident while Pagefind's indexer, its child, runs (what the
    two hold together is the build's peak). Python keeps freed memory for its next
    objects, and glibc's allocator keeps much of what Python frees: `malloc_trim`
    returns it (nothing where the C library has no such call)."""
    for name, module in list(sys.modules.items()):
        if name == package or name.startswith(f"{package}."):
            for value in list(vars(module).values()):
                if hasattr(value, "cache_info") and callable(getattr(value, "cache_clear", None)):
                    value.cache_clear()
    gc.collect()
    trim = _malloc_trim()
    if trim is not None:
        trim(0)


def _malloc_trim():
    try:
        return ctypes.CDLL(None).malloc_trim  # the C library the process runs on
    except (OSError, AttributeError):  # not glibc
        return None
