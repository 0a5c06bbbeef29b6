"""Steps on several cores: results in order, errors and Ctrl-C reach the caller, no worker left behind."""

from __future__ import annotations

import gc
import multiprocessing
import os
import signal
import sys
import threading
import time
from collections.abc import Callable
from multiprocessing.connection import Connection
from pathlib import Path

import pytest

from itu_amend import workers

needs_fork = pytest.mark.skipif(not workers._can_fork(), reason="needs fork")


def _pid_of(offset: int, item: int) -> tuple[int, int]:
    time.sleep(0.01 * (item % 3))  # finishing out of order
    return item + offset, os.getpid()


def _fails_on_three(shared: None, item: int) -> int:
    if item == 3:
        raise ValueError(f"cannot take {item}")
    return item


class _Unpicklable(Exception):
    def __init__(self, what: str, why: str) -> None:
        super().__init__(f"{what}: {why}")


def _fails_unpicklably(shared: None, item: int) -> int:
    if item == 1:
        raise _Unpicklable("item 1", "cannot be taken")
    return item


def _slow(shared: None, item: int) -> int:
    time.sleep(0.2)
    return item


@needs_fork
def test_results_come_in_order_from_worker_processes() -> None:
    results = list(workers.ordered_map(_pid_of, 100, range(12), jobs=2))
    assert [value for value, _ in results] == list(range(100, 112))
    pids = {pid for _, pid in results}
    assert os.getpid() not in pids
    assert 1 <= len(pids) <= 2
    assert gc.get_freeze_count() == 0  # frozen only while forking: the caller's garbage is collected again


def test_one_job_runs_in_this_process() -> None:
    results = list(workers.ordered_map(_pid_of, 0, range(3), jobs=1))
    assert results == [(0, os.getpid()), (1, os.getpid()), (2, os.getpid())]


@needs_fork
@pytest.mark.parametrize(
    ("step", "raised", "message"),
    [
        (_fails_on_three, ValueError, "cannot take 3"),
        (_fails_unpicklably, RuntimeError, "_Unpicklable: item 1: cannot be taken"),  # named, since it cannot travel
    ],
)
def test_an_error_in_a_worker_reaches_the_caller(
    step: Callable[[None, int], int], raised: type[Exception], message: str
) -> None:
    with pytest.raises(raised, match=message):
        list(workers.ordered_map(step, None, range(6), jobs=2))
    assert multiprocessing.active_children() == []


@needs_fork
def test_ctrl_c_stops_the_workers_and_only_the_caller_reports_it(capfd: pytest.CaptureFixture[str]) -> None:
    """The terminal sends SIGINT to every process of the job: a worker must not print its own traceback."""

    def ctrl_c() -> None:  # as the terminal does, to the caller and its workers (not to the whole group: make)
        for process in [*multiprocessing.active_children()]:
            os.kill(process.pid, signal.SIGINT)  # type: ignore[arg-type]
        os.kill(os.getpid(), signal.SIGINT)

    timer = threading.Timer(0.3, ctrl_c)
    previous = signal.signal(signal.SIGINT, signal.default_int_handler)
    try:
        timer.start()
        with pytest.raises(KeyboardInterrupt):
            list(workers.ordered_map(_slow, None, range(20), jobs=2))
    finally:
        timer.cancel()
        signal.signal(signal.SIGINT, previous)
    assert multiprocessing.active_children() == []
    assert "Traceback" not in capfd.readouterr().err


def test_no_workers_where_fork_is_unsafe(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "platform", "darwin")
    assert workers.available() == 1
    assert list(workers.ordered_map(_pid_of, 0, range(2), jobs=2)) == [(0, os.getpid()), (1, os.getpid())]
    monkeypatch.setattr(sys, "platform", "linux")
    monkeypatch.setattr(multiprocessing, "get_all_start_methods", lambda: ["spawn"])
    assert workers.available() == 1


def _dies_on_three(parent: int, item: int) -> tuple[int, bool]:
    if item == 3 and os.getpid() != parent:
        os.kill(os.getpid(), signal.SIGKILL)  # as the out-of-memory killer would
    return item, os.getpid() == parent


@needs_fork
def test_a_worker_that_dies_does_not_hang_the_map_and_its_item_is_done_here() -> None:
    results = list(workers.ordered_map(_dies_on_three, os.getpid(), range(8), jobs=2))
    assert [item for item, _ in results] == list(range(8))
    assert dict(results)[3] is True  # done by the caller
    assert multiprocessing.active_children() == []


@needs_fork
def test_stopping_early_stops_the_workers() -> None:
    each = workers.ordered_map(_slow, None, range(10), jobs=2)
    assert next(each) == 0
    each.close()
    assert multiprocessing.active_children() == []


@needs_fork
def test_never_more_workers_than_items_and_the_callers_frozen_objects_stay_frozen(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from multiprocessing.context import ForkProcess

    started: list[int] = []
    real_start = ForkProcess.start

    def counting(process: ForkProcess) -> None:
        started.append(1)
        real_start(process)

    monkeypatch.setattr(ForkProcess, "start", counting)
    gc.freeze()
    try:
        frozen = gc.get_freeze_count()
        assert list(workers.ordered_map(_slow, None, range(2), jobs=16)) == [0, 1]
        assert gc.get_freeze_count() == frozen
    finally:
        gc.unfreeze()
    assert len(started) == 2


def test_an_item_is_not_given_to_a_worker_that_died_since_it_answered() -> None:
    """It may die between its answer and the next index: the item goes to another worker, or to the caller."""
    crew = workers._Crew(_slow, None, [0, 1, 2])
    mine, theirs = multiprocessing.Pipe()
    theirs.close()
    working: dict[Connection, int] = {}
    assert crew._give(mine, 1, working) == 1
    assert working == {}


@needs_fork
@pytest.mark.parametrize("forked", [0, 1])
def test_when_no_more_workers_can_be_forked_the_others_or_the_caller_do_the_work(
    forked: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    from multiprocessing.context import ForkProcess

    real_start = ForkProcess.start
    started: list[int] = []

    def failing(process: ForkProcess) -> None:
        if len(started) == forked:
            raise OSError(12, "Cannot allocate memory")
        started.append(1)
        real_start(process)

    monkeypatch.setattr(ForkProcess, "start", failing)
    results = list(workers.ordered_map(_pid_of, 0, range(6), jobs=4))
    assert [value for value, _ in results] == list(range(6))
    assert len({pid for _, pid in results} - {os.getpid()}) == forked
    assert multiprocessing.active_children() == []


@pytest.mark.parametrize(
    ("cores", "files", "expected"),
    [
        (64, {}, workers.MOST),  # each worker copies the pages it reads: 64 copies of a large draft
        (3, {}, 3),
        (64, {"cpu.max": "200000 100000\n"}, 2),  # cgroup v2: two cores' worth of time
        (64, {"cpu.max": "150000 100000\n"}, 2),
        (64, {"cpu.max": "max 100000\n"}, workers.MOST),
        (64, {"cpu/cpu.cfs_quota_us": "300000\n", "cpu/cpu.cfs_period_us": "100000\n"}, 3),  # cgroup v1
        (64, {"cpu/cpu.cfs_quota_us": "-1\n", "cpu/cpu.cfs_period_us": "100000\n"}, workers.MOST),
        (2, {"cpu.max": "400000 100000\n"}, 2),
    ],
)
def test_workers_by_default_are_the_cores_bounded_by_a_quota_and_by_most(
    cores: int, files: dict[str, str], expected: int, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A container limited to two cores' worth of time still sees all the cores of its host."""
    for name, content in files.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(content)
    monkeypatch.setattr(workers, "CGROUP", tmp_path)
    monkeypatch.setattr(sys, "platform", "linux")
    monkeypatch.setattr(multiprocessing, "get_all_start_methods", lambda: ["fork", "spawn"])
    monkeypatch.setattr(os, "sched_getaffinity", lambda pid: set(range(cores)), raising=False)
    assert workers.available() == expected


def _frozen_count(shared: None, item: int) -> int:
    return gc.get_freeze_count()


def _map_inside(_: int) -> list[int]:
    return list(workers.ordered_map(_fails_on_three, None, range(3), jobs=2))  # items 0-2: nothing fails


@needs_fork
def test_inside_a_daemonic_worker_of_another_pool_the_steps_run_in_that_worker() -> None:
    """multiprocessing forbids a daemonic process children: a program embedding the library may run it in one."""
    with multiprocessing.get_context("fork").Pool(1) as pool:
        assert pool.map(_map_inside, [0]) == [[0, 1, 2]]


@needs_fork
def test_a_worker_inherits_the_heap_frozen_so_that_its_collector_leaves_those_pages_shared() -> None:
    assert all(n > 0 for n in workers.ordered_map(_frozen_count, None, range(2), jobs=2))
    assert gc.get_freeze_count() == 0


def _slow_failure(shared: None, item: int) -> int:
    if item == 1:
        time.sleep(0.3)
        raise ValueError("item 1")
    if item == 2:
        raise KeyError("item 2")
    return item


@pytest.mark.parametrize("jobs", [1, 3])
def test_an_error_is_raised_at_its_items_turn_whichever_worker_failed_first(jobs: int) -> None:
    """As one process would: the results before it, then the first failing item's error."""
    yielded = []
    with pytest.raises(ValueError, match="item 1"):
        for result in workers.ordered_map(_slow_failure, None, range(4), jobs=jobs):
            yielded.append(result)
    assert yielded == [0]


@needs_fork
def test_a_workers_error_says_where_in_the_step_it_was_raised() -> None:
    with pytest.raises(ValueError) as raised:
        list(workers.ordered_map(_fails_on_three, None, range(6), jobs=2))
    assert "in _fails_on_three" in str(raised.value.__cause__)


@needs_fork
def test_failing_maps_leave_no_descriptors_open_even_before_the_collector_runs() -> None:
    def open_descriptors() -> int:
        return len(os.listdir("/proc/self/fd"))

    gc.disable()
    try:
        before = open_descriptors()
        for _ in range(20):
            with pytest.raises(ValueError):
                list(workers.ordered_map(_fails_on_three, None, range(6), jobs=2))
        assert open_descriptors() <= before + 2
    finally:
        gc.enable()


@needs_fork
def test_ctrl_c_while_the_workers_are_forked_stops_them_all(monkeypatch: pytest.MonkeyPatch) -> None:
    """The interrupt is held until every worker is recorded, then raised: none is left behind."""
    from multiprocessing.context import ForkProcess

    real_start = ForkProcess.start
    started: list[int] = []

    def interrupted(process: ForkProcess) -> None:
        started.append(1)
        if len(started) == 2:
            os.kill(os.getpid(), signal.SIGINT)
        real_start(process)

    monkeypatch.setattr(ForkProcess, "start", interrupted)
    with pytest.raises(KeyboardInterrupt):
        list(workers.ordered_map(_slow, None, range(8), jobs=4))
    assert len(started) == 4  # all forked, then the interrupt
    assert multiprocessing.active_children() == []
    assert gc.get_freeze_count() == 0
    assert signal.getsignal(signal.SIGINT) is signal.default_int_handler
