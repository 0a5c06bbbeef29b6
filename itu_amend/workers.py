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
import traceback
import warnings
from collections.abc import Callable, Generator, Iterable, Iterator, Sequence
from dataclasses import dataclass
from multiprocessing.connection import Connection, wait
from pathlib import Path
from typing import Generic, TypeVar, cast

Shared = TypeVar("Shared")
Item = TypeVar("Item")
Result = TypeVar("Result")

MOST = 8
"""Workers at most, unless asked for more: each copies the pages of the baseline it reads (at 20,000
edits, the parent and two workers held 322 MB, one process 239 MB), and the parent's own steps
(loading, the doubt pass, the output) do not divide."""


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
        self.stopping: set[Connection] = set()  # told there is no more work: they leave by themselves

    def start(self, jobs: int) -> None:
        """Fork the workers; a Ctrl-C meanwhile is held until each is recorded (so that `stop` finds them all).

        Why a handler that only notes it, not a blocked signal: the signal mask is
        per thread, and the terminal's Ctrl-C may reach another thread (the
        progress display's), which would interrupt the main one anywhere. A worker
        ignores SIGINT: the parent alone reports it.
        """
        held: list[int] = []
        on_main_thread, previous = _hold_interrupts(held)
        freeze = gc.get_freeze_count() == 0  # a caller's own frozen objects are its business
        try:
            if freeze:
                gc.freeze()  # a worker's collector never visits what it inherits, so those pages stay shared
            for _ in range(jobs):
                if not self._fork():
                    break
        finally:
            if freeze:
                gc.unfreeze()
            if on_main_thread:
                signal.signal(signal.SIGINT, signal.SIG_DFL if previous is None else previous)
        if held:
            raise KeyboardInterrupt

    def _fork(self) -> bool:
        """One more worker; False if none can be forked (no memory or process left, or this process is
        itself a daemonic worker, which multiprocessing asserts has no children)."""
        context = multiprocessing.get_context("fork")
        mine, theirs = context.Pipe()
        # it closes the parent's ends it inherits, its own too: else the parent's death would not
        # close its pipe, and it would wait for work forever
        worker = context.Process(
            target=_work, args=(self.step, self.shared, self.items, theirs, [*self.pipes, mine]), daemon=True
        )
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", DeprecationWarning)  # 3.12+: forking with threads, see above
                worker.start()
        except (OSError, AssertionError):
            mine.close()
            theirs.close()
            return False
        theirs.close()
        self.processes.append(worker)
        self.pipes.append(mine)
        return True

    def results(self) -> Iterator[Result]:
        """Each item's result in order, as the workers answer; a dead worker's item is done here.

        An error is raised when its item's turn comes, as one process would: the
        results before it are yielded first, whichever worker failed first.
        """
        done: dict[int, Result | _Failed] = {}
        given = 0
        working: dict[Connection, int] = {}
        for pipe in self.pipes:
            given = self._give(pipe, given, working)
        for wanted in range(len(self.items)):
            while wanted not in done:
                if not working:  # every worker is gone: the rest here
                    done[given] = self._here(given)
                    given += 1
                    continue
                for ready in wait(list(working)):
                    pipe = cast(Connection, ready)  # wait() returns some of what it was given
                    index = working.pop(pipe)
                    try:
                        done[index] = pickle.loads(pipe.recv_bytes())
                    except (EOFError, OSError):
                        done[index] = self._here(index)  # the worker died
                        continue
                    given = self._give(pipe, given, working)
            result = done.pop(wanted)
            if isinstance(result, _Failed):
                raise result.error from _RemoteTraceback(result.trace)
            yield result

    def _here(self, index: int) -> Result | _Failed:
        """An item's step in this process, its error kept for its turn like a worker's."""
        try:
            return self.step(self.shared, self.items[index])
        except Exception as error:
            return _Failed(error, traceback.format_exc())

    def _give(self, pipe: Connection, given: int, working: dict[Connection, int]) -> int:
        """Send the next item's index to a worker (or tell it to stop); the next index to give.

        A worker that died since it last answered takes nothing: the item goes to another, or is done here.
        """
        last = given == len(self.items)
        try:
            pipe.send(None if last else given)
        except OSError:
            return given
        if last:
            self.stopping.add(pipe)
            return given
        working[pipe] = given
        return given + 1

    def stop(self) -> None:
        """Kill the workers still at work (an error, Ctrl-C), then reap them all and free their descriptors."""
        for pipe, worker in zip(self.pipes, self.processes, strict=True):
            if pipe not in self.stopping:
                worker.kill()
            pipe.close()
        for worker in self.processes:
            worker.join(timeout=1.0)
            if worker.is_alive():  # told to stop but did not: it will not be waited for again
                worker.kill()
                worker.join()
            worker.close()


def _hold_interrupts(held: list[int]) -> tuple[bool, signal.Handlers | Callable[..., object] | int | None]:
    """Note Ctrl-C in `held` instead of raising it; whether it could (only the main thread may set a
    handler, and only the main thread is ever interrupted), and the handler it replaced."""
    try:
        return True, signal.signal(signal.SIGINT, lambda signum, frame: held.append(signum))
    except ValueError:
        return False, None


@dataclass(frozen=True)
class _Failed:
    """A step's error, and its traceback as the worker formatted it."""

    error: BaseException
    trace: str


class _RemoteTraceback(Exception):
    """Shown as the cause of a worker's error: where in the step it was raised."""

    def __str__(self) -> str:
        return str(self.args[0])


def _work(
    step: Callable[[Shared, Item], Result],
    shared: Shared,
    items: Sequence[Item],
    pipe: Connection,
    others: list[Connection],
) -> None:
    """A worker: the step of each index it is sent, answered on its pipe, until told to stop or the parent is gone."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to report
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
            answer = pickle.dumps(step(shared, items[index]))
        except Exception as error:  # raised by the parent when this item's turn comes
            answer = pickle.dumps(_Failed(_sendable(error), traceback.format_exc()))
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
