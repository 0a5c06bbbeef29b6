"""CriticMarkup: split a MOD's text into its old passage, new passage and changes."""

from __future__ import annotations

import re
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
TOKEN = re.compile("|".join(re.escape(mark) for mark in [*MARKS, *CLOSERS]))
SUBSTITUTION_ARROW = "~>"
CHANGE_KINDS = ("delete", "insert", "substitute")
CHANGE_OPENERS = ("{--", "{++", "{~~")


class MarkupError(ValueError):
    """Unbalanced, nested, empty or mistyped marks; `offset` is the 0-based character in the text.

    `length` is how many characters of the text the error names from there (a mark's 3, a
    mistyped mark's 2), so that a caller can find them in the file.
    """

    def __init__(self, offset: int, message: str, length: int = 3) -> None:
        self.offset = offset
        self.length = length
        super().__init__(message)


# A sign of a change mark written once: `{-`, `{+`, `{~` not followed by the same sign, and
# `-}`, `+}`, `~}` not preceded by it. In an ITU text these are typos of a mark, not words.
SINGLE = re.compile(r"\{([-+~])(?!\1)|(?<!-)-\}|(?<!\+)\+\}|(?<!~)~\}")
COMMENT = re.compile(r"\{>>.*?<<\}", re.DOTALL)
MARK_NAMES = {"-": "{--deleted--}", "+": "{++inserted++}", "~": "{~~old~>new~~}"}


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
    _refuse_single_signs(text)
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


def _refuse_single_signs(text: str) -> None:
    """A mark written with one sign (`{-enable-}`, `{+drive+}`, a lone `-}`) is an error naming the mark meant.

    Read as words, it made the edit quote text the draft never had (stale), or delete
    words it does not delete; the marks the author meant are certain enough to name.
    Comments are prose and are not looked at.
    """
    if "{" not in text and "}" not in text:
        return
    seen = COMMENT.sub(lambda m: " " * len(m.group()), text)
    found = SINGLE.search(seen)
    if found is None:
        return
    i = found.start()
    if seen[i] == "{":
        sign = seen[i + 1]
        closer = re.compile(rf"(?<!{re.escape(sign)}){re.escape(sign)}\}}").search(seen, i + 2)
        body = None if closer is None else seen[i + 2 : closer.start()]
        if body is not None and body and "{" not in body and "}" not in body and len(body) <= 40:
            written, meant = f"{{{sign}{body}{sign}}}", f"{{{sign * 2}{body}{sign * 2}}}"
            if sign == "~" and SUBSTITUTION_ARROW not in body:
                meant = MARK_NAMES[sign]
        else:
            written, meant = f"{{{sign}", f"{{{sign * 2}"
    else:
        sign = found.group()[0]
        written, meant = f"{sign}}}", f"{sign * 2}}}"
    raise MarkupError(
        i,
        f"'{written}' is not a mark: did you mean '{meant}'? (a change mark doubles its sign: {MARK_NAMES[sign]})",
        length=2,
    )


def has_marks(text: str) -> bool:
    """True when the text contains at least one change mark (not only comments)."""
    return any(op in text for op in CHANGE_OPENERS)


def _scan(text: str) -> Iterator[_Piece]:
    """Yield pieces in order; adjacent delete/insert pieces form one replacement.

    Marks are found by one regex (no two of them start with the same character, so
    the leftmost match is the first mark), not by looking at every character.
    """
    context_start = 0
    token = TOKEN.search(text)
    while token is not None:
        i, mark = token.start(), token.group()
        if mark in CLOSERS:
            raise MarkupError(i, f"'{mark}' closes a mark that was never opened with '{CLOSERS[mark]}'")
        closer, kind = MARKS[mark]
        end = text.find(closer, i + 3)
        if end < 0:
            raise MarkupError(i, f"'{mark}' is never closed: add '{closer}'")
        body = text[i + 3 : end]
        _refuse_inner_marks(mark, body, i + 3)
        if context_start < i:
            yield _Piece("context", text[context_start:i])
        yield from _pieces_of(mark, kind, body, i)
        context_start = end + 3
        token = TOKEN.search(text, context_start)
    if context_start < len(text):
        yield _Piece("context", text[context_start:])


def _refuse_inner_marks(opener: str, body: str, offset: int) -> None:
    """A mark's body holds neither another opener (nesting) nor another kind's closer (a mix-up)."""
    inner = TOKEN.search(body)
    if inner is None:
        return
    token, j = inner.group(), inner.start()
    if token in MARKS:
        raise MarkupError(offset + j, f"'{token}' opens a mark inside another mark; marks cannot nest")
    raise MarkupError(offset + j, f"'{token}' inside a '{opener}' mark: close '{opener}' with '{MARKS[opener][0]}'")


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
