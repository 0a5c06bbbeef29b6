"""Python's cyclic garbage collector paused while a large model is built or read, on again after.

Why: each of the collector's passes walks every object still alive, and loading, anchoring and
merging a 20,000-paragraph draft keep millions alive. What they leave as garbage is freed by
reference counting, since they make no reference cycles (anchoring drift-dev's 10,000 edits left
none for the collector to find; `tests/test_collector.py` keeps it so); a cycle would wait for the
next pass. Measured on ../shared/drift-dev's scale set (benchmarks/README.md, "The collector"):
loading 1.0 -> 0.65 s, anchoring 10.0 -> 7.7 s on one core.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def paused() -> Iterator[None]:
    """The collector off inside, on again after; a caller that has paused it keeps it paused."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
