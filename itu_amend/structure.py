"""Paragraph marks tracked in Word (a paragraph split or two joined): which Word paragraphs read as one.

Word keeps a paragraph's end, its mark, as a character of its own, and tracks it like
text: splitting a paragraph inserts a mark, joining two deletes one. So the paragraphs
of a draft before its changes (OLD: every change rejected) and after them (NEW:
accepted) are not always Word's paragraphs. This module reads either structure, for
`baseline import`, and pairs the two, for `import`, which expresses a change of
structure with ITU's actions:

- a paragraph keeps its identity (its number) where its first kept word is: the
  paragraph after the change that begins with the same kept word is the same one, a
  MOD (the words split off struck, the words joined on inserted) or context;
- a paragraph after the change whose first kept word was inside another, after an
  inserted mark, is an ADD (the words split off);
- a paragraph before the change whose first kept word is now inside another, after a
  deleted mark, is a SUP (its words were joined to the paragraph before it).

So a split is a MOD of the paragraph cut at the mark and an ADD of the rest after
it; a join is a MOD of the first paragraph taking the second's words and a SUP of
the second. A paragraph wholly inserted (or deleted) with its mark, as Word and
`merge --format docx` write one, stays an ADD (a SUP).
"""

from __future__ import annotations

import dataclasses
import itertools
import unicodedata
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass

from .word import DELETED, INSERTED, Piece, WordParagraph

KEPT = "kept"
OLD, NEW = "old", "new"
"""The two readings of a document with tracked changes: every change rejected, every change accepted."""

SPLIT = "split"
JOINED = "joined"

Kind = Callable[[Piece], str]
"""What a piece of text is to the proposal: KEPT, DELETED or INSERTED."""


def ends(paragraph: WordParagraph, side: str) -> bool:
    """Whether the Word paragraph's mark ends a paragraph in that reading.

    An inserted mark was not there before the change, a deleted one is not there
    after it, and one both inserted and deleted (GONE) is in neither.
    """
    return paragraph.mark is None or paragraph.mark == (INSERTED if side == NEW else DELETED)


def blocks(paragraphs: Sequence[WordParagraph]) -> Iterator[Sequence[WordParagraph]]:
    """Runs of Word paragraphs that tracked marks tie together: each ends at an untracked mark (or the end).

    An untracked mark ends a paragraph in both readings, so each block can be read
    alone; so does the end of a table cell, or of the body before a table, which no
    mark joins across (Word rejects an inserted mark there as a break).
    """
    start = 0
    for n, paragraph in enumerate(paragraphs):
        last = n + 1 == len(paragraphs) or paragraphs[n + 1].cell != paragraph.cell
        if paragraph.mark is None or last:
            yield paragraphs[start : n + 1]
            start = n + 1


def spans(block: Sequence[WordParagraph], side: str) -> list[range]:
    """The paragraphs of one reading of a block, as ranges of the positions of its Word paragraphs."""
    out, start = [], 0
    for n, paragraph in enumerate(block):
        if ends(paragraph, side) or n == len(block) - 1:
            out.append(range(start, n + 1))
            start = n + 1
    return out


def glue(before: str, after: str) -> str:
    """What stands between two paragraphs joined at a deleted mark: a space, unless they need none.

    Word writes the two texts one after the other, which glues the last word of the
    first paragraph to the first of the second ("split" + "Paragraph."); a reader,
    pandoc among them, sees two words. No space beside white space, beside an empty
    text, or between ideographs (Chinese and Japanese take none).
    """
    if not before.strip() or not after.strip() or before[-1].isspace() or after[0].isspace():
        return ""
    wide = {"W", "F"}
    if unicodedata.east_asian_width(before[-1]) in wide and unicodedata.east_asian_width(after[0]) in wide:
        return ""
    return " "


# --- one reading, for a baseline ---------------------------------------------------------------


@dataclass(frozen=True)
class Read:
    """A paragraph of one reading: its text as Word would show it, and the Word paragraph that ends it.

    That paragraph's properties (style, heading level, list number) are the joined
    paragraph's, as Word keeps a paragraph's properties in its mark (pandoc reads it so).
    """

    text: str
    paragraph: WordParagraph


def reading(paragraphs: Sequence[WordParagraph], side: str) -> list[Read]:
    """The document's paragraphs with every tracked change rejected (OLD) or accepted (NEW), marks included."""
    dropped = INSERTED if side == OLD else DELETED
    out = []
    for block in blocks(paragraphs):
        for span in spans(block, side):
            text = ""
            for n in span:
                part = "".join(p.text for p in block[n].pieces if p.tracked != dropped)
                if n > span.start and block[n - 1].mark == DELETED:  # joined: in the new reading only
                    text += glue(text, part)
                text += part
            out.append(Read(text, block[span[-1]]))
    return out


def marks_changed(paragraphs: Sequence[WordParagraph]) -> tuple[int, int]:
    """How many paragraphs the tracked marks split and how many joins they make, between words on both sides."""
    splits = joins = 0
    for before, after in itertools.pairwise(paragraphs):
        if before.mark == INSERTED and _words(before, OLD) and _words(after, OLD):
            splits += 1
        elif before.mark == DELETED and _words(before, NEW) and _words(after, NEW):
            joins += 1
    return splits, joins


def _words(paragraph: WordParagraph, side: str) -> bool:
    dropped = INSERTED if side == OLD else DELETED
    return any(p.text.strip() for p in paragraph.pieces if p.tracked != dropped)


# --- both readings paired, for a proposal -------------------------------------------------------


@dataclass(frozen=True)
class Unit:
    """A paragraph as a proposal reads it, its pieces decided, and whether it was split or joined.

    `paragraph` is a Word paragraph whose pieces say what they are by `tracked` alone
    (None: kept), so that reading it again by formatting changes nothing.
    """

    paragraph: WordParagraph
    structure: str | None = None  # SPLIT or JOINED: a tracked paragraph mark changed it


def proposal_units(paragraphs: Sequence[WordParagraph], kind: Kind) -> Iterator[Unit]:
    """The document's paragraphs as a proposal reads them: Word's own, except where a tracked mark splits or joins."""
    for block in blocks(paragraphs):
        if len(block) == 1:
            yield Unit(block[0])
        else:
            yield from _block_units(block, [[kind(p) for p in w.pieces] for w in block])


@dataclass(frozen=True)
class _Pair:
    """A paragraph before (`old`) and after (`new`) the changes, either missing; `key` orders it in the document."""

    old: range | None
    new: range | None
    key: int


def _block_units(block: Sequence[WordParagraph], kinds: list[list[str]]) -> Iterator[Unit]:
    pairs = sorted(_pairs(block, kinds), key=lambda pair: pair.key)
    for pair in pairs:
        yield _unit(block, kinds, pair)


def _pairs(block: Sequence[WordParagraph], kinds: list[list[str]]) -> Iterator[_Pair]:
    """Each paragraph of the old reading with the one of the new reading that begins with its first kept word.

    Paragraphs with no kept word pair when they are made of the same Word paragraphs
    (a paragraph rewritten whole); any other is a paragraph only before (a SUP) or only
    after (an ADD).
    """
    olds, news = spans(block, OLD), spans(block, NEW)

    def first(span: range) -> tuple[int, int]:
        kept = (
            (n, j)
            for n in span
            for j, piece in enumerate(block[n].pieces)
            if kinds[n][j] == KEPT and piece.text.strip()
        )
        return next(kept, (span.start, -span.stop))  # none kept: the Word paragraphs it is made of

    def words(span: range, gone: str) -> int:
        """Where the paragraph's words begin in its reading (`gone`: the kind it has not)."""
        texts = (n for n in span for j, p in enumerate(block[n].pieces) if kinds[n][j] != gone and p.text.strip())
        return next(texts, span.start)

    by_first = {first(new): new for new in news}
    paired = set()
    for old in olds:
        new = by_first.get(first(old))
        if new is not None:
            paired.add(new.start)
            yield _Pair(old, new, first(old)[0])
        else:
            yield _Pair(old, None, words(old, INSERTED))
    for new in news:
        if new.start not in paired:
            yield _Pair(None, new, words(new, DELETED))


def _unit(block: Sequence[WordParagraph], kinds: list[list[str]], pair: _Pair) -> Unit:
    """One pair as one paragraph: words that went on in another paragraph deleted, words joined on inserted."""
    old, new = pair.old or range(0), pair.new or range(0)
    whole = range(min(old.start if old else new.start, new.start if new else old.start), max(old.stop, new.stop))
    pieces: list[Piece] = []
    went = came = False  # kept words that went on in another paragraph of the new reading; that came from another
    for n in whole:
        decided = _decided(block[n], kinds[n], n in old, n in new)
        kept = any(kind == KEPT and piece.text.strip() for piece, kind in zip(block[n].pieces, kinds[n], strict=True))
        went = went or (kept and n not in new)
        came = came or (kept and n not in old)
        if n > whole.start and block[n - 1].mark == DELETED:
            decided = _glued(_new_text(pieces), decided)
        pieces += decided
    if went and new:
        pieces = _space_to_the_cut(pieces)
    source = block[pair.key]
    comments = tuple(c for n in whole for c in block[n].comments)
    paragraph = dataclasses.replace(source, pieces=tuple(pieces), comments=comments, mark=None)
    if not new:  # its first kept words were joined to the paragraph before it
        return Unit(paragraph, JOINED if went else None)
    if not old:  # its first kept words were split off the paragraph before it
        return Unit(paragraph, SPLIT if came else None)
    return Unit(paragraph, SPLIT if went else JOINED if came else None)


def _space_to_the_cut(pieces: list[Piece]) -> list[Piece]:
    """The space before the words a split cuts off struck with them: "First.{-- Second.--}", not "First. " left.

    Word leaves the space at the end of the first paragraph where its author pressed
    Enter after it; the paragraph cut there should not end in it.
    """
    tail = len(pieces)
    while tail > 0 and pieces[tail - 1].tracked == DELETED:
        tail -= 1
    if tail == len(pieces) or tail == 0 or pieces[tail - 1].tracked is not None:
        return pieces
    kept = pieces[tail - 1]
    text = kept.text.rstrip()
    if text == kept.text or not text:
        return pieces
    cut = pieces[tail]
    moved = [dataclasses.replace(kept, text=text), dataclasses.replace(cut, text=kept.text[len(text) :] + cut.text)]
    return [*pieces[: tail - 1], *moved, *pieces[tail + 1 :]]


def _glued(before: str, pieces: list[Piece]) -> list[Piece]:
    """A joined paragraph's pieces with the space that parts them from the text before, inserted with its words."""
    space = glue(before, _new_text(pieces))
    if not space:
        return pieces
    if pieces and pieces[0].tracked == INSERTED:
        return [dataclasses.replace(pieces[0], text=space + pieces[0].text), *pieces[1:]]
    return [Piece(space, INSERTED), *pieces]


def _new_text(pieces: Sequence[Piece]) -> str:
    return "".join(piece.text for piece in pieces if piece.tracked != DELETED)


def _decided(paragraph: WordParagraph, kinds: list[str], in_old: bool, in_new: bool) -> list[Piece]:
    """The Word paragraph's pieces as one paragraph of a pair reads them, each decided by `tracked`.

    In both readings a piece is what it is; in the old one only (its words went on in
    another paragraph) what stood is deleted; in the new one only (joined on from
    another) what stands is inserted, a space in a piece of its own with the words
    after it: the space before words split off goes with them ("This is a{-- split--}"),
    not left at the end of the paragraph. A piece of neither is left out.
    """
    decided = []
    for piece, kind in zip(paragraph.pieces, kinds, strict=True):
        if not in_new:
            kind = DELETED if kind != INSERTED else ""
        elif not in_old:
            kind = INSERTED if kind != DELETED else ""
        if kind:
            decided.append(Piece(piece.text, None if kind == KEPT else kind, move=piece.move))
    if in_old and in_new:
        return decided
    out: list[Piece] = []
    for piece in reversed(decided):
        if out and not piece.text.strip() and (piece.tracked, piece.move) == (out[-1].tracked, out[-1].move):
            out[-1] = dataclasses.replace(out[-1], text=piece.text + out[-1].text)
        else:
            out.append(piece)
    return out[::-1]
