"""Progress on stderr for long runs: a spinner while the files load, a bar of edits anchored, then each phase after.

After anchoring, the rest of the merge ("Merging") and the rendering and writing of the
output (`Display.phase`: "Writing the Word document", with a bar where the renderer tells
how far it has got) are shown too, so that no phase longer than `DELAY` leaves the
terminal blank.

Only on a terminal, and only once a run has taken longer than `DELAY`: a quick run
(the shipped example takes a few hundredths of a second) shows nothing, and the bar
is erased when the run ends, before anything is printed. Nothing is written to
stdout, nor to stderr when it is a pipe or a file. `NO_COLOR` keeps the bar, in
plain characters: it asks for no colour, not for no progress. `TERM=dumb` (or
`unknown`) has none: such a terminal cannot move the cursor back to redraw it.
"""

from __future__ import annotations

import os
import sys
import threading
import time
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from typing import TextIO

from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    SpinnerColumn,
    Task,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)
from rich.text import Text

DELAY = 0.5  # seconds a run takes before progress is shown
DUMB_TERMINALS = ("dumb", "unknown")

Clock = Callable[[], float]
Report = Callable[[int, int], None]  # (edits anchored so far, total edits), as `merging.merge` tells it


class Display:
    """What `shown` yields: called as a `Report` while anchoring; `phase` for each phase after it."""

    def __call__(self, done: int, total: int) -> None:
        """Edits anchored so far, of `total` (give it to `merge(progress=...)`)."""

    def phase(self, description: str) -> Report:
        """A new phase (a spinner named `description`); the report it returns turns it into a bar of done/total."""
        return _ignore


def wanted(stream: TextIO, environ: Mapping[str, str]) -> bool:
    """Whether progress can be drawn on `stream`: a terminal that can redraw a line."""
    isatty = getattr(stream, "isatty", None)
    return bool(isatty is not None and isatty()) and environ.get("TERM", "") not in DUMB_TERMINALS


@contextmanager
def shown(
    stream: TextIO | None = None,
    *,
    delay: float | None = None,
    clock: Clock = time.monotonic,
    environ: Mapping[str, str] | None = None,
) -> Iterator[Display]:
    """Progress of the run inside the block (loading, then what the yielded report is told), if `wanted`.

    The report is to be given to `merge(progress=...)`; it does nothing where progress is not wanted.
    `stream` is stderr, `delay` is `DELAY`, unless told.
    """
    stream = sys.stderr if stream is None else stream
    if not wanted(stream, os.environ if environ is None else environ):
        yield Display()
        return
    bar = _Bar(stream, DELAY if delay is None else delay, clock)
    try:
        yield bar
    finally:
        bar.close()


def _ignore(done: int, total: int) -> None:
    """No progress wanted."""


class _Count(MofNCompleteColumn):
    """'done/total', blank while the total is not known (loading)."""

    def render(self, task: Task) -> Text:
        return Text("") if task.total is None else super().render(task)


class _Bar(Display):
    """A rich progress display, started only once `delay` seconds have passed, then erased.

    It starts from whichever comes first: a report past the delay, or a watcher
    thread waking at the delay (loading a large file reports nothing for seconds).
    The decision is taken on `clock`, so tests can hold the time still.
    """

    def __init__(self, stream: TextIO, delay: float, clock: Clock) -> None:
        console = Console(file=stream, force_terminal=True, highlight=False, emoji=False, markup=False)
        self._progress = Progress(
            SpinnerColumn(),
            TextColumn("{task.description}", markup=False),
            BarColumn(),
            _Count(),
            TimeElapsedColumn(),
            TimeRemainingColumn(),
            console=console,
            transient=True,
            get_time=clock,
            redirect_stdout=False,
            redirect_stderr=False,
        )
        self._task = self._progress.add_task("Loading", total=None)
        self._clock, self._delay, self._since = clock, delay, clock()
        self._lock = threading.Lock()
        self._started = False
        self._closed = threading.Event()
        threading.Thread(target=self._watch, name="itu-amend-progress", daemon=True).start()

    def __call__(self, done: int, total: int) -> None:
        # the last proposal anchored: what is left of the merge (conflicts, paragraphs) is "Merging"
        description = "Merging" if total and done >= total else "Anchoring edits"
        self._progress.update(self._task, description=description, completed=done, total=total)
        if self._start_if_due():
            self._progress.refresh()  # at once, not at the next tick: a proposal is done

    anchored = __call__

    def phase(self, description: str) -> Report:
        self._progress.remove_task(self._task)  # a task of its own: its clock and an unknown total (a spinner)
        self._task = self._progress.add_task(description, total=None)
        if self._start_if_due():
            self._progress.refresh()

        task = self._task

        def report(done: int, total: int) -> None:
            self._progress.update(task, completed=done, total=total)
            if self._start_if_due():
                self._progress.refresh()

        return report

    def close(self) -> None:
        """Stop the watcher and erase the display, if it was shown."""
        with self._lock:
            self._closed.set()
            if self._started:
                self._progress.stop()

    def _watch(self) -> None:
        while not self._closed.wait(max(self._delay - (self._clock() - self._since), 0.05)):
            if self._start_if_due():
                return

    def _start_if_due(self) -> bool:
        with self._lock:
            due = self._clock() - self._since >= self._delay
            if due and not self._started and not self._closed.is_set():
                self._progress.start()
                self._started = True
            return self._started
