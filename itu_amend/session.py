"""The meeting room's state, and what each key does to it, as plain data: no terminal, no files.

A key is a function `Session -> (Session, steps)`: the session as it stands once the
steps are recorded, and the steps of `decisions.plan` to record (through the same code
as `resolve`). The caller records them, merges again and hands the new merge to
`merged`. Conflict ids do not change as decisions are recorded, so the session keeps
its place by them.
"""

from __future__ import annotations

import dataclasses
import difflib
import re
from collections.abc import Sequence
from dataclasses import dataclass
from enum import Enum
from functools import cached_property

from . import decisions, reports
from .contradictions import describe
from .errors import ItuAmendError
from .model import Conflict, Decision, MergedParagraph, MergeResult, Span

Steps = tuple[decisions.Step, ...]


class View(str, Enum):
    """The two lists the editor steps through."""

    CONFLICTS = "conflicts"
    NOT_PLACED = "not placed"


@dataclass(frozen=True)
class Taken:
    """One key's decisions as recorded, on one conflict: what `undo` takes back."""

    conflict: str
    steps: Steps


@dataclass(frozen=True)
class Session:
    """Where the editor is, what was taken this session, and what to tell her."""

    result: MergeResult
    current: int = 0  # index into result.conflicts (the voting list's order)
    view: View = View.CONFLICTS
    unplaced: int = 0  # index into not_placed
    taken: tuple[Taken, ...] = ()
    note: str | None = None  # a note waiting for the current conflict's decision
    message: str = ""
    advance: bool = False  # once merged: go on to the next open conflict

    @property
    def conflict(self) -> Conflict | None:
        return self.result.conflicts[self.current] if self.result.conflicts else None

    @cached_property
    def options(self) -> tuple[reports.Option, ...]:
        """The current conflict's options as the voting list letters them, keeping the text last."""
        return tuple(reports.voting_list(self.result, self.conflict)) if self.conflict else ()

    @property
    def paragraph(self) -> MergedParagraph | None:
        """The paragraph of the current conflict, as merged with the decisions recorded."""
        if self.conflict is None:
            return None
        return next(p for p in self.result.paragraphs if p.number == self.conflict.paragraph)

    @property
    def remaining(self) -> int:
        return len(self.result.unresolved)

    @cached_property
    def not_placed(self) -> tuple[reports.NotPlaced, ...]:
        return reports.not_placed(self.result)


def opened(result: MergeResult) -> Session:
    """A session at the first open conflict (where a meeting interrupted resumes)."""
    ids = [c.id for c in result.conflicts]
    first = next((i for i, c in enumerate(result.conflicts) if not c.resolved), 0)
    if not ids:
        message = "no conflicts"
    elif result.unresolved:
        message = f"{len(ids)} conflicts, {len(result.unresolved)} open: starting at {ids[first]}"
    else:
        message = f"all {len(ids)} conflicts are settled"
    return Session(result, current=first, message=message)


# --- moving -----------------------------------------------------------------------------


def move(session: Session, by: int) -> Session:
    """The next (`by` = 1) or previous (-1) item of the list shown, stopping at either end."""
    if session.view is View.NOT_PLACED:
        last = max(len(session.not_placed) - 1, 0)
        return _at(session, unplaced=min(max(session.unplaced + by, 0), last))
    last = max(len(session.result.conflicts) - 1, 0)
    return _at(session, current=min(max(session.current + by, 0), last))


def switch(session: Session) -> Session:
    """From the conflicts to the proposals not placed, and back."""
    view = View.NOT_PLACED if session.view is View.CONFLICTS else View.CONFLICTS
    if view is View.NOT_PLACED and not session.not_placed:
        return told(session, "every proposal was placed: no list to show")
    return _at(session, view=view)


def jump(session: Session, asked: str) -> Session:
    """To a conflict by its id, its paragraph's number or one of its edits' ids; else to a proposal not placed."""
    key = asked.strip().casefold()
    for i, conflict in enumerate(session.result.conflicts):
        names = (conflict.id, conflict.paragraph, *conflict.edits)
        if key in (n.casefold() for n in names):
            return _at(session, view=View.CONFLICTS, current=i)
    for i, item in enumerate(session.not_placed):
        if key in (item.edit.edit.id.casefold(), (item.candidate or "").casefold(), (item.named or "").casefold()):
            return _at(session, view=View.NOT_PLACED, unplaced=i)
    return told(session, f"no conflict, paragraph in conflict or edit '{asked.strip()}'")


def _at(session: Session, **where: object) -> Session:
    moved = dataclasses.replace(session, message="", **where)  # type: ignore[arg-type]
    return moved if moved.current == session.current else dataclasses.replace(moved, note=None)


def told(session: Session, message: str) -> Session:
    return dataclasses.replace(session, message=message)


# --- deciding ---------------------------------------------------------------------------


def adopt(session: Session, label: str) -> tuple[Session, Steps]:
    """Adopt an option of the current conflict by its letter, keeping the text included.

    A decision already recorded on the conflict gives way (as `resolve --replace`): the
    meeting changed its mind, and `undo` brings the earlier one back.
    """
    conflict = session.conflict
    if conflict is None or session.view is not View.CONFLICTS:
        return told(session, "no conflict shown to decide"), ()
    try:
        wanted = decisions.for_option(session.result, conflict.id, label, session.note)
    except ItuAmendError as error:
        return told(session, str(error)), ()
    return _decide(session, conflict, wanted)


def compromise(session: Session, text: str) -> tuple[Session, Steps]:
    """A compromise text for the current conflict's paragraph: it replaces the merged paragraph outright."""
    conflict = session.conflict
    if conflict is None:
        return told(session, "no conflict shown to decide"), ()
    if not text.strip():
        return told(session, "an empty compromise text: nothing recorded"), ()
    wanted = (Decision(paragraph=conflict.paragraph, text=text.strip(), note=session.note),)
    return _decide(session, conflict, wanted)


def annotate(session: Session, note: str) -> tuple[Session, Steps]:
    """A note: added to the decisions that settled the current conflict, else kept for its decision."""
    conflict = session.conflict
    note = " ".join(note.split())
    if conflict is None or not note:
        return told(session, "no note taken"), ()
    found = reports.settlement(session.result, conflict)
    if found is None:
        return dataclasses.replace(session, note=note, message=f"note kept for the decision on {conflict.id}"), ()
    noted = tuple(dataclasses.replace(d, note=note, position=None) for d in found.decisions)
    return _decide(dataclasses.replace(session, advance=False), conflict, noted, advance=False)


def _decide(
    session: Session, conflict: Conflict, wanted: Sequence[Decision], advance: bool = True
) -> tuple[Session, Steps]:
    try:
        steps = decisions.plan(wanted, session.result, replacing=True)
    except ItuAmendError as error:
        return told(session, str(error)), ()
    if all(step.kind is decisions.StepKind.KEEP for step in steps):
        return told(session, f"already recorded: {', '.join(describe(s.decision) for s in steps)}"), ()
    taken = (*session.taken, Taken(conflict.id, steps))
    return dataclasses.replace(session, taken=taken, note=None, advance=advance, message=""), steps


def undo(session: Session) -> tuple[Session, Steps]:
    """Take back this session's last decision (the file gets back what it held), at its conflict."""
    if not session.taken:
        return told(session, "nothing to undo in this session"), ()
    last = session.taken[-1]
    where = next((i for i, c in enumerate(session.result.conflicts) if c.id == last.conflict), session.current)
    undone = ", ".join(describe(s.decision) for s in last.steps if s.kind is not decisions.StepKind.KEEP)
    back = dataclasses.replace(
        session, taken=session.taken[:-1], view=View.CONFLICTS, current=where, advance=False, message=""
    )
    return dataclasses.replace(back, message=f"undone: {undone}"), decisions.undoing(last.steps)


def merged(session: Session, result: MergeResult) -> Session:
    """The session over the merge with the decisions now recorded: what applies said, the next open conflict shown."""
    current = session.conflict
    after = dataclasses.replace(session, result=result, advance=False)  # a new object: nothing cached carried
    if current is None:
        return after
    settled = next(c for c in result.conflicts if c.id == current.id)
    found = reports.settlement(result, settled)
    said = f"{settled.id}: {reports.what_applies(found)}" if found is not None else f"{settled.id}: open"
    message = f"{session.message}; {said}" if session.message else said
    if session.advance:
        return dataclasses.replace(after, current=_next_open(result, session.current), message=message)
    return dataclasses.replace(after, message=message)


def reread(session: Session, result: MergeResult, message: str) -> Session:
    """The session over a merge with decisions changed outside it: its undo history no longer applies."""
    current = min(session.current, max(len(result.conflicts) - 1, 0))
    return dataclasses.replace(opened(result), current=current, view=session.view, message=message)


def _next_open(result: MergeResult, after: int) -> int:
    n = len(result.conflicts)
    for step in range(1, n + 1):
        i = (after + step) % n
        if not result.conflicts[i].resolved:
            return i
    return after


# --- the compromise editor's live diff ----------------------------------------------------

_TOKENS = re.compile(r"\s+|[^\s]+")


def diff_spans(baseline: str, text: str) -> tuple[Span, ...]:
    """`text` against the baseline paragraph, word by word, as spans (deleted, inserted, kept)."""
    old, new = _TOKENS.findall(baseline), _TOKENS.findall(text)
    spans: list[Span] = []
    credit = ((), ("compromise",))
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(a=old, b=new, autojunk=False).get_opcodes():
        if op == "equal":
            spans.append(Span("".join(old[i1:i2])))
            continue
        if i2 > i1:
            spans.append(Span("".join(old[i1:i2]), "deleted", *credit))
        if j2 > j1:
            spans.append(Span("".join(new[j1:j2]), "inserted", *credit))
    return tuple(spans)
