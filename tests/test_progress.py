"""Progress on stderr: only on a terminal, only after the delay, erased at the end; the clock is held still."""

from __future__ import annotations

import io
import time

import pytest

from itu_amend.render import progress

XTERM = {"TERM": "xterm-256color"}
ERASE_LINE = "\x1b[2K"


class FakeTTY(io.StringIO):
    """A stream that says it is a terminal and keeps what is written to it."""

    def isatty(self) -> bool:
        return True


class Clock:
    """Time that moves only when a test says so."""

    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


@pytest.mark.parametrize(
    ("stream", "environ", "expected"),
    [
        (FakeTTY(), XTERM, True),
        (FakeTTY(), {"TERM": "xterm", "NO_COLOR": "1"}, True),  # no colour, but a bar all the same
        (FakeTTY(), {}, True),
        (FakeTTY(), {"TERM": "dumb"}, False),
        (FakeTTY(), {"TERM": "unknown"}, False),
        (io.StringIO(), XTERM, False),  # a pipe or a file
    ],
)
def test_progress_is_wanted_only_on_a_terminal_that_can_redraw(
    stream: io.StringIO, environ: dict[str, str], expected: bool
) -> None:
    assert progress.wanted(stream, environ) is expected


def test_nothing_is_written_before_the_delay() -> None:
    stream, clock = FakeTTY(), Clock()
    with progress.shown(stream, delay=0.5, clock=clock, environ=XTERM) as report:
        report(0, 10)
        clock.now += 0.4
        report(3, 10)
        assert stream.getvalue() == ""
    assert stream.getvalue() == ""


def test_the_bar_shows_after_the_delay_and_is_erased_at_the_end() -> None:
    stream, clock = FakeTTY(), Clock()
    with progress.shown(stream, delay=0.5, clock=clock, environ=XTERM) as report:
        report(0, 10)
        clock.now += 0.6
        report(5, 10)
        shown = stream.getvalue()
        assert "Anchoring edits" in shown
        assert "5/10" in shown
    drawn_last = stream.getvalue().rfind("/10")
    assert ERASE_LINE in stream.getvalue()[drawn_last:]  # transient: the last drawing is wiped


def test_loading_shows_a_spinner_once_the_delay_has_passed_without_any_report() -> None:
    """Loading a large file reports nothing for seconds: a watcher starts the display."""
    stream, clock = FakeTTY(), Clock()
    with progress.shown(stream, delay=0.5, clock=clock, environ=XTERM):
        clock.now += 1.0
        deadline = time.monotonic() + 10
        while "Loading" not in stream.getvalue() and time.monotonic() < deadline:
            time.sleep(0.01)
        assert "Loading" in stream.getvalue()


def test_nothing_is_written_where_progress_is_not_wanted() -> None:
    stream, clock = io.StringIO(), Clock()
    with progress.shown(stream, delay=0, clock=clock, environ=XTERM) as report:
        clock.now += 10
        report(0, 10)
        report(10, 10)
    assert stream.getvalue() == ""


def test_the_rest_of_the_merge_shows_once_every_edit_is_anchored() -> None:
    stream, clock = FakeTTY(), Clock()
    with progress.shown(stream, delay=0.5, clock=clock, environ=XTERM) as display:
        clock.now += 0.6
        display(10, 10)
        assert "Merging" in stream.getvalue()


def test_a_phase_after_the_merge_shows_as_a_spinner_then_as_a_bar_of_what_its_report_counts() -> None:
    """Rendering and writing (issue 14: the terminal stayed blank ~45 s while the .docx was written)."""
    stream, clock = FakeTTY(), Clock()
    with progress.shown(stream, delay=0.5, clock=clock, environ=XTERM) as display:
        report = display.phase("Writing the Word document")
        clock.now += 0.6
        report(200, 1000)
        shown = stream.getvalue()
        assert "Writing the Word document" in shown
        assert "200/1000" in shown
        display.phase("Writing out.docx")
        deadline = time.monotonic() + 10
        while "Writing out.docx" not in stream.getvalue() and time.monotonic() < deadline:
            time.sleep(0.01)
        assert "Writing out.docx" in stream.getvalue()
    assert ERASE_LINE in stream.getvalue()[stream.getvalue().rfind("Writing") :]


def test_phases_write_nothing_where_progress_is_not_wanted() -> None:
    stream, clock = io.StringIO(), Clock()
    with progress.shown(stream, delay=0, clock=clock, environ=XTERM) as display:
        clock.now += 10
        display.phase("Writing the Word document")(5, 10)
    assert stream.getvalue() == ""
