"""The meeting room on the terminal (Textual): the session drawn, each key handed to `session`, each decision recorded.

Everything shown is built as rich `Text` from plain strings by the terminal renderer
(`render.terminal`): text from files is data, never markup. The decisions are taken by
`session`'s functions and written by `meeting.Room`, which is `resolve`'s code.
"""

from __future__ import annotations

from typing import ClassVar

from rich.console import Group, RenderableType
from rich.text import Text
from textual import events
from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Footer, Input, Static, TextArea

from . import session
from .errors import ItuAmendError
from .meeting import ChangedOutside, Room
from .model import MergeResult
from .render import common, terminal
from .session import Session, Steps, View

SIDE_BY_SIDE_FROM = 110
"""Columns from which the options stand side by side (about 35 a column for three); narrower, stacked."""

COMMAND_KEYS = frozenset("ejknqru")
"""Lower-case letters that are commands: the options lettered so are adopted with Shift."""

KEYS = (
    ("A, B, C…", "adopt that option, keeping the text included (Shift+letter for E, J, K, N, Q, R, U)"),
    ("e", "compromise text: edit the merged paragraph (Ctrl+S records it, Escape cancels)"),
    ("n", "note: joins the decision on this conflict, or waits for it"),
    ("u", "undo this session's last decision (decisions.yaml gets back what it held)"),
    ("/", "jump to a conflict, a paragraph or an edit id"),
    ("j, ↓, →", "next conflict (or proposal not placed)"),
    ("k, ↑, ←", "previous one"),
    ("Tab", "the conflicts / the proposals not placed"),
    ("PgUp, PgDn", "scroll a long conflict"),
    ("r", "read decisions.yaml again (after another editor changed it)"),
    ("?", "this help"),
    ("q", "quit (every decision is already written)"),
)


class MeetingApp(App[None]):
    """The conflicts one by one, as the chair takes them; the proposals not placed as a second list."""

    TITLE = "itu-amend review"
    ENABLE_COMMAND_PALETTE = False
    CSS = """
    #title { height: auto; padding: 0 1; text-style: bold; }
    #body { height: 1fr; padding: 0 1; }
    #status { height: auto; padding: 0 1; }
    #outside { height: auto; padding: 0 1; display: none; }
    #outside.shown { display: block; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("j,down,right", "move(1)", "next", key_display="j"),
        Binding("k,up,left", "move(-1)", "prev", key_display="k"),
        Binding("e", "compromise", "edit"),
        Binding("n", "note", "note"),
        Binding("u", "undo", "undo"),
        Binding("slash", "jump", "jump", key_display="/"),
        Binding("tab", "switch", "unplaced", priority=True),
        Binding("r", "reread", "reread", show=False),
        Binding("question_mark", "help", "keys", key_display="?"),
        Binding("pagedown", "scroll(1)", "", show=False),
        Binding("pageup", "scroll(-1)", "", show=False),
        Binding("q", "quit", "quit"),
        Binding("ctrl+c", "quit", "quit", priority=True, show=False),
    ]

    def __init__(self, room: Room, result: MergeResult) -> None:
        super().__init__()
        self.console.push_theme(terminal.THEME)  # the renderer's named styles: struck, underlined, tagged
        self.room = room
        self.state = session.opened(result)
        self.outside = False  # decisions.yaml changed by someone else, not read again yet

    def compose(self) -> ComposeResult:
        yield Static(id="title", markup=False)
        with VerticalScroll(id="body", can_focus=False):  # the arrows move between conflicts
            yield Static(id="content", markup=False)
        yield Static(id="outside", markup=False)
        yield Static(id="status", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        self.set_interval(1.0, self.watch_file)
        self.show()

    def on_resize(self, _: events.Resize) -> None:
        self.show()

    # --- drawing ---------------------------------------------------------------------

    def show(self) -> None:
        """Draw the session: the conflict (or proposal not placed) shown, the count, the last message."""
        if not self.screen_stack:
            return
        title, content = self.page()
        self.query_one("#title", Static).update(title)
        self.query_one("#content", Static).update(content)
        self.query_one("#status", Static).update(self.status())
        outside = self.query_one("#outside", Static)
        outside.set_class(self.outside, "shown")
        outside.update(
            Text(
                f"⚠ {common.visible(str(self.room.path))} was changed outside this screen: nothing will be "
                "written until you press r to read it again",
                style="bold reverse",
            )
        )

    def page(self) -> tuple[Text, RenderableType]:
        state = self.state
        if state.view is View.NOT_PLACED:
            items = state.not_placed
            if not items:
                return Text("Proposals not placed: none"), Text("")
            item = items[state.unplaced]
            title = Text(f"Proposal not placed {state.unplaced + 1} of {len(items)}")
            return title, terminal.not_placed_view(item)
        conflict, paragraph = state.conflict, state.paragraph
        if conflict is None or paragraph is None:
            return Text("No conflicts"), Text("Nothing to settle: every proposal merges cleanly.")
        title = Text.assemble(
            (f"{conflict.id} {conflict.kind.value}", "amend.conflict"),
            common.visible(f" · paragraph {paragraph.number}"),
            common.visible(f" · {paragraph.heading}" if paragraph.heading else ""),
            " · ",
            (common.state(state.result, conflict), "amend.resolved" if conflict.resolved else "amend.conflict"),
        )
        merged = Text.assemble(("The paragraph as merged now", "amend.heading"), "\n")
        merged.append_text(terminal.spans_text(paragraph.spans) if paragraph.text else Text("(deleted)"))
        side = self.size.width >= SIDE_BY_SIDE_FROM
        options = terminal.conflict_view(state.result, conflict, voting=True, side_by_side=side)
        parts: list[RenderableType] = [merged, Text(""), options]
        if state.note:
            parts.append(Text("note for the decision: " + common.visible(state.note), style="amend.note"))
        return title, Group(*parts)

    def status(self) -> Text:
        state = self.state
        count = len(state.result.conflicts)
        where = (
            f"{state.conflict.id} of {count}"
            if state.view is View.CONFLICTS and state.conflict
            else f"{len(state.not_placed)} not placed"
        )
        line = Text.assemble(
            (where, "bold"),
            " · ",
            (f"{state.remaining} open", "amend.conflict" if state.remaining else "amend.resolved"),
            f" of {count} conflicts · {common.visible(str(self.room.path))}",
        )
        if state.message:
            line.append("\n" + common.visible(state.message))
        return line

    # --- keys -----------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Behind a dialogue (note, jump, compromise, help), only quitting and Tab reach the room."""
        return len(self.screen_stack) == 1 or action in ("quit", "switch")

    def on_key(self, event: events.Key) -> None:
        """A letter adopts the option it names (lower case, unless the letter is a command; upper case always)."""
        letter = event.character
        if len(self.screen_stack) > 1 or letter is None or len(letter) != 1 or not ("a" <= letter.lower() <= "z"):
            return
        if letter.islower() and letter in COMMAND_KEYS:
            return
        event.stop()
        self.take(session.adopt(self.state, letter))

    def take(self, outcome: tuple[Session, Steps]) -> None:
        """Record what a key decided (nothing when refused or unchanged), then draw the session over the new merge."""
        after, steps = outcome
        if steps:
            try:
                after = session.merged(after, self.room.record(steps))
            except ChangedOutside as error:
                self.outside = True
                after = session.told(self.state, str(error))
            except ItuAmendError as error:
                after = session.told(self.state, str(error))
        self.state = after
        self.show()

    def action_move(self, by: int) -> None:
        self.state = session.move(self.state, by)
        self.query_one("#body", VerticalScroll).scroll_home(animate=False)
        self.show()

    def action_scroll(self, by: int) -> None:
        body = self.query_one("#body", VerticalScroll)
        (body.scroll_page_down if by > 0 else body.scroll_page_up)(animate=False)

    def action_switch(self) -> None:
        if len(self.screen_stack) > 1:  # Tab in a dialogue moves between its fields
            self.screen.focus_next()
            return
        self.state = session.switch(self.state)
        self.show()

    def action_undo(self) -> None:
        self.take(session.undo(self.state))

    def action_note(self) -> None:
        def noted(text: str | None) -> None:
            if text is not None:
                self.take(session.annotate(self.state, text))

        self.push_screen(Ask("Note for this conflict's decision (Enter to keep, Escape to cancel)"), noted)

    def action_jump(self) -> None:
        def jumped(asked: str | None) -> None:
            if asked:
                self.state = session.jump(self.state, asked)
                self.show()

        self.push_screen(Ask("Jump to a conflict, paragraph or edit id (Enter)"), jumped)

    def action_compromise(self) -> None:
        paragraph = self.state.paragraph
        if self.state.view is not View.CONFLICTS or paragraph is None:
            return

        def written(text: str | None) -> None:
            if text is not None:
                self.take(session.compromise(self.state, text))

        self.push_screen(Compromise(paragraph.baseline_text, paragraph.text), written)

    def action_help(self) -> None:
        self.push_screen(Help())

    def action_reread(self) -> None:
        try:
            result = self.room.reread()
        except ItuAmendError as error:
            self.state = session.told(self.state, str(error))
        else:
            self.outside = False
            self.state = session.reread(self.state, result, f"read {self.room.path} again")
        self.show()

    def watch_file(self) -> None:
        """Every second: has another editor changed decisions.yaml? Say so at once, before anyone decides."""
        if not self.outside and self.room.changed_outside():
            self.outside = True
            self.show()


class Ask(ModalScreen[str | None]):
    """One line asked for: a note, or where to jump."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "cancel")]
    DEFAULT_CSS = "Ask { align: center middle; } Ask > Vertical { width: 90%; height: auto; border: heavy $accent; }"

    def __init__(self, prompt: str) -> None:
        super().__init__()
        self.prompt = prompt

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(Text(self.prompt), markup=False)
            yield Input()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self.dismiss(event.value)

    def action_cancel(self) -> None:
        self.dismiss(None)


class Compromise(ModalScreen[str | None]):
    """The compromise editor: the merged paragraph to rewrite, the difference from the baseline shown as one types."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("ctrl+s", "keep", "record"), Binding("escape", "cancel", "cancel")]
    DEFAULT_CSS = """
    Compromise > Vertical { padding: 0 1; }
    Compromise TextArea { height: 1fr; }
    Compromise #diff { height: auto; max-height: 50%; }
    """

    def __init__(self, baseline: str, merged: str) -> None:
        super().__init__()
        self.baseline = baseline
        self.merged = merged

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(Text("Compromise text (Ctrl+S records it, Escape cancels)", style="bold"), markup=False)
            yield TextArea(self.merged, soft_wrap=True, id="text")
            yield Static(Text("Against the baseline:", style="bold"), markup=False)
            yield Static(id="diff", markup=False)
            yield Footer()

    def on_mount(self) -> None:
        self.show_diff(self.merged)

    def on_text_area_changed(self, event: TextArea.Changed) -> None:
        self.show_diff(event.text_area.text)

    def show_diff(self, text: str) -> None:
        self.query_one("#diff", Static).update(terminal.spans_text(session.diff_spans(self.baseline, text)))

    def action_keep(self) -> None:
        self.dismiss(self.query_one("#text", TextArea).text)

    def action_cancel(self) -> None:
        self.dismiss(None)


class Help(ModalScreen[None]):
    """The keys."""

    DEFAULT_CSS = "Help { align: center middle; } Help > Static { width: 90%; height: auto; border: heavy $accent; }"

    def compose(self) -> ComposeResult:
        lines = Text("Keys (any key closes this)\n\n", style="bold")
        for key, what in KEYS:
            lines.append(f"{key:<11}", style="bold")
            lines.append(f"{what}\n")
        yield Static(lines, markup=False)

    def on_key(self, event: events.Key) -> None:
        event.stop()
        self.dismiss(None)
