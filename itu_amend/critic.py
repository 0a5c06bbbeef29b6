"""CriticMarkup: split a MOD's text into its old passage, new passage and changes."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from .model import Change, Marked

# opener -> (closer, kind)
MARKS = {
    "{--": ("--}", "delete"),
    "{++": ("++}", "insert"),
    "{~~": ("~~}", "substitute"),
    "{>>": ("<<}", "comment"),
    "{==": ("==}", "highlight"),
}
CLOSERS = {closer: opener for opener, (closer, _) in MARKS.items()}
SUBSTITUTION_ARROW = "~>"
CHANGE_KINDS = ("delete", "insert", "substitute")
CHANGE_OPENERS = ("{--", "{++", "{~~")


class MarkupError(ValueError):
    """Unbalanced, nested or empty marks; `offset` is the 0-based character in the text."""

    def __init__(self, offset: int, message: str) -> None:
        self.offset = offset
        super().__init__(message)


@dataclass(frozen=True)
class _Piece:
    kind: str  # "context" | "delete" | "insert" | "comment"
    text: str


def parse(text: str) -> Marked:
    """Parse CriticMarkup; raise MarkupError naming the position of a bad mark.

    Deletions and insertions side by side (in either order, comments between them
    allowed) are one replacement: the change inserts at the start of the span it deletes.
    Change offsets refer to the old passage.
    """
    old: list[str] = []
    new: list[str] = []
    notes: list[str] = []
    changes: list[Change] = []
    old_len = 0
    pending: tuple[int, list[str], list[str]] | None = None  # start, deleted, inserted

    def flush() -> None:
        nonlocal pending
        if pending is not None:
            start, deleted, inserted = pending
            gone = "".join(deleted)
            changes.append(Change(start, start + len(gone), "".join(inserted), gone))
            pending = None

    for piece in _scan(text):
        if piece.kind == "comment":
            if piece.text.strip():
                notes.append(piece.text.strip())
            continue
        if piece.kind == "context":
            flush()
            old.append(piece.text)
            new.append(piece.text)
            old_len += len(piece.text)
            continue
        if pending is None:
            pending = (old_len, [], [])
        if piece.kind == "delete":
            pending[1].append(piece.text)
            old.append(piece.text)
            old_len += len(piece.text)
        else:
            pending[2].append(piece.text)
            new.append(piece.text)
    flush()
    return Marked("".join(old), "".join(new), tuple(changes), tuple(notes))


def has_marks(text: str) -> bool:
    """True when the text contains at least one change mark (not only comments)."""
    return any(op in text for op in CHANGE_OPENERS)


def _scan(text: str) -> Iterator[_Piece]:
    """Yield pieces in order; adjacent delete/insert pieces form one replacement."""
    i = 0
    context_start = 0
    while i < len(text):
        token = text[i : i + 3]
        if token in CLOSERS:
            raise MarkupError(i, f"'{token}' closes a mark that was never opened with '{CLOSERS[token]}'")
        if token not in MARKS:
            i += 1
            continue
        closer, kind = MARKS[token]
        end = text.find(closer, i + 3)
        if end < 0:
            raise MarkupError(i, f"'{token}' is never closed: add '{closer}'")
        body = text[i + 3 : end]
        _refuse_inner_marks(token, body, i + 3)
        if context_start < i:
            yield _Piece("context", text[context_start:i])
        yield from _pieces_of(token, kind, body, i)
        i = end + 3
        context_start = i
    if context_start < len(text):
        yield _Piece("context", text[context_start:])


def _refuse_inner_marks(opener: str, body: str, offset: int) -> None:
    """A mark's body holds neither another opener (nesting) nor another kind's closer (a mix-up)."""
    for j in range(len(body) - 2):
        token = body[j : j + 3]
        if token in MARKS:
            raise MarkupError(offset + j, f"'{token}' opens a mark inside another mark; marks cannot nest")
        if token in CLOSERS:
            raise MarkupError(
                offset + j, f"'{token}' inside a '{opener}' mark: close '{opener}' with '{MARKS[opener][0]}'"
            )


def _pieces_of(opener: str, kind: str, body: str, offset: int) -> Iterator[_Piece]:
    empty = body == "" or (kind == "substitute" and body == SUBSTITUTION_ARROW)
    if kind in CHANGE_KINDS and empty:
        raise MarkupError(offset, f"the '{opener}' mark is empty: write the text it changes, or remove the mark")
    if kind == "substitute":
        yield from _substitution(body, offset)
    elif kind == "highlight":
        yield _Piece("context", body)
    else:
        yield _Piece(kind, body)


def _substitution(body: str, offset: int) -> Iterator[_Piece]:
    """`{~~old~>new~~}`: a deletion and an insertion, split at the one arrow."""
    arrows = body.count(SUBSTITUTION_ARROW)
    if arrows != 1:
        second = body.find(SUBSTITUTION_ARROW, body.find(SUBSTITUTION_ARROW) + 2)
        where = offset if arrows == 0 else offset + 3 + second
        raise MarkupError(where, "'{~~' needs exactly one '~>' between the old and the new text: {~~old~>new~~}")
    old, new = body.split(SUBSTITUTION_ARROW)
    yield _Piece("delete", old)
    yield _Piece("insert", new)
