"""Python's cyclic garbage collector, paused where the flow makes many objects at once.

Loading and rendering create hundreds of thousands of objects that all stay alive, and
checking every built page makes a dictionary for each element's attributes: the
collector would walk what is alive again and again while they are made, a fifth of
those stages at 5,000 entries. Pausing it for a stage costs nothing: what little cyclic
garbage a stage leaves is collected when the collector resumes.
"""

from __future__ import annotations

import contextlib
import gc
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
