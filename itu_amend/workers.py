"""Running independent steps on several cores, their results in order (as black formats files).

Why processes: anchoring is CPU-bound Python (and rapidfuzz calls that keep the
GIL), so threads would take turns. Why fork: the workers inherit the folded
baseline and its word index as they are, where spawning would pickle and rebuild
them (~1 s at 20,000 paragraphs). Where fork is missing or unsafe (Windows,
macOS), or the work is small, the steps run one after the other: the results are
the same either way, only the time differs.

Forking a process that runs threads (the command line's progress display) is
safe here because a worker touches nothing those threads lock: it computes and
answers through the pool's pipes, writes nothing to the terminal, and is
killed, not left to flush its streams, when the pool closes.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import signal
import sys
from collections.abc import Callable, Iterable, Iterator
from typing import TypeVar

Shared = TypeVar("Shared")
Item = TypeVar("Item")
Result = TypeVar("Result")


MOST = 8
"""Workers at most, unless asked for more: each copies the pages of the baseline it reads (~60 MB at
20,000 paragraphs), and the parent's own steps (loading, the doubt pass, the output) do not divide."""


def available() -> int:
    """Cores this process may run on (`MOST` at most), and 1 where the steps cannot be forked."""
    if not _can_fork():
        return 1
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
    return min(cores, MOST)


def _can_fork() -> bool:
    """macOS has fork, but its system libraries may crash a forked child: Python spawns there too."""
    return "fork" in multiprocessing.get_all_start_methods() and sys.platform != "darwin"


def ordered_map(
    step: Callable[[Shared, Item], Result], shared: Shared, items: Iterable[Item], jobs: int
) -> Iterator[Result]:
    """`step(shared, item)` for each item, in order, on up to `jobs` worker processes.

    `shared` reaches the workers by fork, not by pickling; each item and result is
    pickled. Ctrl-C stops the workers with the parent, which alone reports it.
    """
    if jobs <= 1 or not _can_fork():
        yield from (step(shared, item) for item in items)
        return
    gc.freeze()  # a worker's collector never visits what it inherits, so those pages stay shared
    try:
        with multiprocessing.get_context("fork").Pool(jobs, initializer=_adopt, initargs=(step, shared)) as pool:
            yield from pool.imap(_run_step, items, chunksize=1)
    finally:
        gc.unfreeze()


_adopted: tuple[Callable[[object, object], object], object] | None = None
"""In a worker only: the step and what it shares, set once as the worker starts (inherited by fork)."""


def _adopt(step: Callable[[object, object], object], shared: object) -> None:
    global _adopted
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to report
    _adopted = (step, shared)


def _run_step(item: object) -> object:
    assert _adopted is not None
    step, shared = _adopted
    return step(shared, item)
