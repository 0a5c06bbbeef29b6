"""The meeting room on Textual's headless driver: keys pressed with its pilot, screens compared with golden text."""

from __future__ import annotations

import asyncio
import io
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from rich.console import Console
from rich.segment import Segment
from textual.pilot import Pilot
from textual.widgets import TextArea
from typer.testing import CliRunner

from itu_amend.cli import app as cli_app
from itu_amend.meeting import Room
from itu_amend.model import EditStatus
from itu_amend.session import Session
from itu_amend.tui import MeetingApp
from tests.conftest import Golden

DECISIONS = Path("decisions.yaml")
Script = Callable[[Pilot[None]], Awaitable[None]]


@dataclass
class Played:
    """The app once a script played on it, with its last screen as text and as styled segments."""

    app: MeetingApp
    screen: str = ""
    segments: list[Segment] = field(default_factory=list)

    @property
    def state(self) -> Session:
        return self.app.state


def meeting(script: Script, size: tuple[int, int] = (80, 24)) -> Played:
    """The room opened on the working directory's workspace, `script` played on it, its last screen kept."""
    room = Room.open(Path("baseline"), Path("proposals"), DECISIONS)
    played = Played(MeetingApp(room, room.merged()))

    async def play() -> None:
        async with played.app.run_test(size=size) as pilot:
            await pilot.pause()
            await script(pilot)
            await pilot.pause()
            played.screen, played.segments = screen(played.app), segments(played.app)

    asyncio.run(play())
    return played


def keys(*pressed: str) -> Script:
    async def script(pilot: Pilot[None]) -> None:
        for key in pressed:
            await pilot.press(key)
            await pilot.pause()

    return script


def segments(app: MeetingApp) -> list[Segment]:
    update = app.screen._compositor.render_update(full=True, screen_stack=app._background_screens)
    console = Console(width=app.size.width, height=app.size.height, file=io.StringIO(), force_terminal=True)
    return list(console.render(update))


def screen(app: MeetingApp) -> str:
    """The screen as plain text, as a projector shows it less the colours (golden files, reviewed in the diff)."""
    lines: list[str] = []
    for segment in segments(app):
        if segment.control:  # the compositor moves the cursor to the start of each line
            lines.append("")
        elif lines:
            lines[-1] += segment.text
    return "\n".join(line.rstrip() for line in lines) + "\n"


class Screens:
    """Screens kept while a script plays (the app's screen is gone once it stops)."""

    def __init__(self) -> None:
        self.seen: list[str] = []

    def take(self, pilot: Pilot[None]) -> None:
        self.seen.append(screen(pilot.app))  # type: ignore[arg-type]


def test_the_first_conflict_at_80_by_24(example_dir: Path, golden: Golden) -> None:
    golden("review.c1.80x24.txt", meeting(keys()).screen)


def test_a_wide_screen_puts_the_options_side_by_side(example_dir: Path, golden: Golden) -> None:
    golden("review.c2.140x40.txt", meeting(keys("j"), size=(140, 40)).screen)


def test_the_proposals_not_placed_with_reason_and_candidate(example_dir: Path, golden: Golden) -> None:
    shown = meeting(keys("tab")).screen
    assert "why: " in shown and "place: " in shown
    golden("review.not-placed.80x24.txt", shown)


def test_the_keys_on_question_mark(example_dir: Path, golden: Golden) -> None:
    golden("review.help.80x24.txt", meeting(keys("question_mark")).screen)


def test_deletions_are_struck_and_insertions_underlined_not_only_coloured(
    example_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("NO_COLOR", "1")
    played = meeting(keys())
    assert played.app.no_color
    styles = {s.text.strip(): s.style for s in played.segments if s.style is not None}
    assert styles["planning period"].strike  # TDAG/5 deletes it
    assert styles["biennium"].underline
    assert not styles["biennium"].strike


def test_each_kind_of_option_is_adopted_by_its_letter(example_dir: Path) -> None:
    app = meeting(keys("b", "a", "c"))  # C1: RAG's NOC (keep the text); C2: TDAG+TSAG; C3: keep the text
    text = DECISIONS.read_text()
    assert [line.strip() for line in text.splitlines()[2:]] == [
        "- accept: RAG/4",
        "- accept: TDAG/1",
        "- reject: TDAG/2",
        "- reject: RAG/5",
    ]
    assert app.state.remaining == 0
    assert app.state.result.edit("TSAG/2").status is EditStatus.APPLIED


def test_a_suppression_is_adopted_with_shift_or_not(example_dir: Path) -> None:
    meeting(keys("slash", *"C3", "enter", "A"))
    assert "accept: TDAG/2" in DECISIONS.read_text()


def test_a_compromise_written_in_the_editor(example_dir: Path) -> None:
    async def script(pilot: Pilot[None]) -> None:
        await pilot.press("j", "e")
        await pilot.pause()
        area = pilot.app.screen.query_one(TextArea)
        area.text = "ITU's transformation will continue."
        await pilot.pause()
        shown.take(pilot)
        await pilot.press("ctrl+s")

    shown = Screens()
    app = meeting(script)
    assert "text: ITU's transformation will continue." in DECISIONS.read_text()
    paragraph = next(p for p in app.state.result.paragraphs if p.number == "33")
    assert paragraph.text == "ITU's transformation will continue."
    assert "Against the baseline:" in shown.seen[0] and "transformation will continue." in shown.seen[0]


def test_escape_leaves_the_compromise_editor_without_recording(example_dir: Path) -> None:
    meeting(keys("e", "x", "escape"))
    assert not DECISIONS.exists()


def test_a_note_and_an_undo(example_dir: Path) -> None:
    meeting(keys("n", *"agreed", "enter", "a"))
    noted = DECISIONS.read_text()
    assert "- accept: TDAG/5\n    note: agreed\n" in noted
    app = meeting(keys("k", "u"))  # a new session has nothing of the last one's to undo
    assert "nothing to undo" in app.state.message
    app = meeting(keys("a", "u"))  # opens at C2, adopts TDAG/1's option, takes it back
    assert DECISIONS.read_text() == noted
    assert app.state.conflict is not None and app.state.conflict.id == "C2"


def test_text_from_files_is_shown_as_written_never_as_markup(example_dir: Path) -> None:
    rag = Path("proposals/rag.yaml")
    rag.write_text(rag.read_text().replace("The financial enabler", "[bold]The financial[/bold] enabler"))
    shown = meeting(keys(), size=(120, 30)).screen
    assert "Illustrative. [bold]The" in shown and "financial[/bold] enabler" in shown  # (wrapped between them)


def test_typing_a_letter_in_a_dialogue_adopts_nothing(example_dir: Path) -> None:
    meeting(keys("slash", *"b", "escape", "n", *"abc", "escape"))
    assert not DECISIONS.exists()


def test_reopening_after_a_crash_resumes_at_the_first_open_conflict(example_dir: Path) -> None:
    async def crash(pilot: Pilot[None]) -> None:
        await pilot.press("b")
        await pilot.pause()
        raise RuntimeError("the laptop's battery")

    with pytest.raises(RuntimeError):
        meeting(crash)
    assert "accept: RAG/4" in DECISIONS.read_text()  # written at once, before anything else happened
    app = meeting(keys())
    assert app.state.conflict is not None and app.state.conflict.id == "C2"


def test_a_second_editors_change_is_shown_and_not_written_over(example_dir: Path) -> None:
    theirs = "decisions:\n  - accept: RAG/2  # the other laptop\n"

    async def script(pilot: Pilot[None]) -> None:
        DECISIONS.write_text(theirs)
        await pilot.pause(1.3)  # the room looks every second
        shown.take(pilot)
        await pilot.press("a")
        await pilot.pause()
        assert DECISIONS.read_text() == theirs
        await pilot.press("r", "j")
        await pilot.pause()
        shown.take(pilot)

    shown = Screens()
    app = meeting(script)
    assert "was changed outside this screen: nothing will be" in shown.seen[0]
    assert "changed outside" not in shown.seen[1]
    assert app.state.result.edit("RAG/2").status is EditStatus.APPLIED


def test_review_without_a_terminal_says_so_and_exits_2(example_dir: Path) -> None:
    result = CliRunner().invoke(cli_app, ["review"])
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr == "itu-amend review needs a terminal (this is a pipe or a file): use itu-amend resolve\n"
