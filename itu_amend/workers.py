"""Running independent steps on several cores, their results in order (as black formats files).

Why processes: anchoring is CPU-bound Python (and rapidfuzz calls that keep the
GIL), so threads would take turns. Why fork: the workers inherit the folded
baseline and its word index as they are, where spawning would pickle and rebuild
them (~1 s at 20,000 paragraphs). Where fork is missing or unsafe (Windows,
macOS), or the work is small, the steps run one after the other: the results are
the same either way, only the time differs.

Why not `multiprocessing.Pool`: it waits forever for the task of a worker that
died (the out-of-memory killer, a `kill`), and can leave a worker behind when
Ctrl-C comes as it starts. Here each worker has its own pipe and asks for the
next item when it answers; a worker that dies is seen at once (its pipe closes),
and what it was doing is done in this process instead. Only indices and results
cross the pipes: the items, like what the steps share, are inherited.

Forking a process that runs threads (the command line's progress display) is
safe here because a worker touches nothing those threads lock: it computes,
answers through its own pipe, writes nothing to the terminal, and leaves with
`os._exit`, without flushing streams a thread may have held at the fork.
"""

from __future__ import annotations

import gc
import math
import multiprocessing
import os
import pickle
import signal
import sys
import warnings
from collections.abc import Callable, Generator, Iterable, Iterator, Sequence
from multiprocessing.connection import Connection, wait
from pathlib import Path
from typing import Generic, TypeVar, cast

Shared = TypeVar("Shared")
Item = TypeVar("Item")
Result = TypeVar("Result")

MOST = 8
"""Workers at most, unless asked for more: each copies the pages of the baseline it reads (~60 MB at
20,000 paragraphs), and the parent's own steps (loading, the doubt pass, the output) do not divide."""


def available() -> int:
    """Cores this process may run on (`MOST` at most), and 1 where the steps cannot be forked.

    A container limited to N cores' worth of time (a CPU quota) still sees every
    core of its host: N workers, not one per core, each slowing the others.
    """
    if not _can_fork():
        return 1
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
    return min(cores, _cpu_quota() or cores, MOST)


CGROUP = Path("/sys/fs/cgroup")


def _cpu_quota() -> int | None:
    """Cores' worth of CPU time this container may use (cgroup v2 `cpu.max`, or v1), None if unlimited."""
    try:
        if (CGROUP / "cpu.max").exists():
            quota, period = (CGROUP / "cpu.max").read_text().split()[:2]
        else:
            quota = (CGROUP / "cpu" / "cpu.cfs_quota_us").read_text().strip()
            period = (CGROUP / "cpu" / "cpu.cfs_period_us").read_text().strip()
        if quota in ("max", "-1"):
            return None
        return max(1, math.ceil(int(quota) / int(period)))
    except (OSError, ValueError, ZeroDivisionError):
        return None


def _can_fork() -> bool:
    """macOS has fork, but its system libraries may crash a forked child: Python spawns there too."""
    return "fork" in multiprocessing.get_all_start_methods() and sys.platform != "darwin"


def ordered_map(
    step: Callable[[Shared, Item], Result], shared: Shared, items: Iterable[Item], jobs: int
) -> Generator[Result, None, None]:
    """`step(shared, item)` for each item, in order, on up to `jobs` worker processes (never more than items).

    An error in a step is raised here. Closing the iterator early, or Ctrl-C,
    stops the workers; the parent alone reports Ctrl-C.
    """
    items = list(items)
    jobs = min(jobs, len(items))
    if jobs <= 1 or not _can_fork():
        yield from (step(shared, item) for item in items)
        return
    crew = _Crew(step, shared, items)
    try:
        crew.start(jobs)
        yield from crew.results()
    finally:
        crew.stop()


class _Crew(Generic[Shared, Item, Result]):
    """The worker processes of one `ordered_map`, each on its own pipe."""

    def __init__(self, step: Callable[[Shared, Item], Result], shared: Shared, items: list[Item]) -> None:
        self.step, self.shared, self.items = step, shared, items
        self.processes: list[multiprocessing.process.BaseProcess] = []
        self.pipes: list[Connection] = []

    def start(self, jobs: int) -> None:
        """Fork the workers, Ctrl-C held back meanwhile: a worker ignores it, the parent gets it once they run."""
        freeze = gc.get_freeze_count() == 0  # a caller's own frozen objects are its business
        if freeze:
            gc.freeze()  # a worker's collector never visits what it inherits, so those pages stay shared
        held = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
        try:
            context = multiprocessing.get_context("fork")
            for _ in range(jobs):
                mine, theirs = context.Pipe()
                # the worker closes the parent's ends it inherits (its own too): else the parent's
                # death would not close its pipe, and it would wait for work forever
                worker = context.Process(
                    target=_work, args=(self.step, self.shared, self.items, theirs, [*self.pipes, mine]), daemon=True
                )
                try:
                    with warnings.catch_warnings():
                        # Python 3.12+ warns of forking with threads running: see the module's docstring
                        warnings.simplefilter("ignore", DeprecationWarning)
                        worker.start()
                except (OSError, AssertionError):
                    # no memory or process left to fork, or this process is itself a daemonic worker
                    # (multiprocessing asserts it has no children): the workers there are, or this process, do it
                    mine.close()
                    theirs.close()
                    break
                theirs.close()
                self.processes.append(worker)
                self.pipes.append(mine)
        finally:
            signal.pthread_sigmask(signal.SIG_SETMASK, held)
            if freeze:
                gc.unfreeze()

    def results(self) -> Iterator[Result]:
        """Each item's result in order, as the workers answer; a dead worker's item is done here."""
        done: dict[int, Result] = {}
        given = 0
        working: dict[Connection, int] = {}
        for pipe in self.pipes:
            given = self._give(pipe, given, working)
        wanted = 0
        while wanted < len(self.items):
            while wanted in done:
                yield done.pop(wanted)
                wanted += 1
            if wanted == len(self.items):
                return
            if not working:  # every worker is gone: the rest here
                done[given] = self.step(self.shared, self.items[given])
                given += 1
                continue
            for ready in wait(list(working)):
                pipe = cast(Connection, ready)  # wait() returns some of what it was given
                index = working.pop(pipe)
                try:
                    kind, value = pickle.loads(pipe.recv_bytes())
                except (EOFError, OSError):
                    done[index] = self.step(self.shared, self.items[index])  # the worker died
                    continue
                if kind == "error":
                    raise value
                done[index] = value
                given = self._give(pipe, given, working)

    def _give(self, pipe: Connection, given: int, working: dict[Connection, int]) -> int:
        """Send the next item's index to a worker (or tell it to stop); the next index to give.

        A worker that died since it last answered takes nothing: the item goes to another, or is done here.
        """
        try:
            pipe.send(None if given == len(self.items) else given)
        except OSError:
            return given
        if given == len(self.items):
            return given
        working[pipe] = given
        return given + 1

    def stop(self) -> None:
        """Workers that finished leave by themselves; the others (an error, Ctrl-C) are killed."""
        for pipe in self.pipes:
            pipe.close()
        for worker in self.processes:
            worker.join(timeout=0.1)
            if worker.is_alive():
                worker.kill()
                worker.join()


def _work(
    step: Callable[[Shared, Item], Result],
    shared: Shared,
    items: Sequence[Item],
    pipe: Connection,
    others: list[Connection],
) -> None:
    """A worker: the step of each index it is sent, answered on its pipe, until told to stop or the parent is gone."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to report
    signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})
    for other in others:
        other.close()
    while True:
        try:
            index = pipe.recv()
        except (EOFError, OSError):
            break
        if index is None:
            break
        try:
            answer = pickle.dumps(("result", step(shared, items[index])))
        except Exception as error:  # reported to the parent, which raises it
            answer = pickle.dumps(("error", _sendable(error)))
        try:
            pipe.send_bytes(answer)
        except OSError:
            break
    os._exit(0)


def _sendable(error: Exception) -> Exception:
    """The error itself if it survives pickling, else a RuntimeError that says what it was."""
    try:
        pickle.loads(pickle.dumps(error))
    except Exception:  # whatever fails to pickle, the message survives
        return RuntimeError(f"{type(error).__name__}: {error}")
    return error
