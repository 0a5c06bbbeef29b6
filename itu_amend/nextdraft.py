"""The next negotiating draft: the merge with every applied change accepted and every open conflict in brackets.

A chair writes what a meeting did not agree as bracketed options of the passage, each
attributed, the option of no change last (SPEC: Disputed text, "The next draft"). The draft
is a baseline: loaded again, each conflict of this round is a disputed passage of the next,
with its options labelled so that `brackets` reads them as options of one passage.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from . import brackets, reports
from .merging import apply_changes
from .model import Action, Bracket, Change, Conflict, EditStatus, MergedParagraph, MergeResult, ParagraphStatus

_TOKENS = re.compile(r"\s+|[.,;:!?]+(?=\s|$)|\S+?(?=[.,;:!?]*(?:\s|$))")
"""Words, the punctuation that ends one ("membership" and "." of "membership."), and white space."""
_NAME_UNSAFE = re.compile(r"[()\[\],;:]")
"""Characters a group's name cannot hold inside an option's label: they would end the label or the bracket."""


@dataclass(frozen=True)
class DraftOption:
    """One bracketed alternative: its words and who proposes them (the no-change option: who asked NOC)."""

    words: str
    sponsors: tuple[str, ...]
    edits: tuple[str, ...]
    keeps_text: bool = False


@dataclass(frozen=True)
class NewBracket:
    """A conflict of this merge written as a disputed passage: [start, end) of its paragraph's draft text."""

    conflict: str
    kind: str
    label: str  # as the next draft's reader labels it: "33[1]"
    start: int
    end: int
    options: tuple[DraftOption, ...]

    @property
    def no_change_written(self) -> bool:
        """Whether the draft's own words are one of the options (not when the alternatives all insert)."""
        return any(o.keeps_text for o in self.options)


@dataclass(frozen=True)
class DraftParagraph:
    number: str
    heading: str | None
    text: str
    brackets: tuple[NewBracket, ...] = ()


@dataclass(frozen=True)
class Unbracketed:
    """An open conflict the draft could not write as brackets: its paragraph stays as merged."""

    conflict: str
    paragraph: str
    reason: str


@dataclass(frozen=True)
class NextDraft:
    document: str
    version: str | None
    paragraphs: tuple[DraftParagraph, ...]
    unbracketed: tuple[Unbracketed, ...]
    not_placed: tuple[reports.NotPlaced, ...]
    groups: tuple[str, ...]

    @property
    def new_brackets(self) -> tuple[NewBracket, ...]:
        return tuple(b for p in self.paragraphs for b in p.brackets)


def build(result: MergeResult) -> NextDraft:
    """The next draft of a merge: suppressed (or emptied) paragraphs gone, open conflicts bracketed where they stand."""
    paragraphs: list[DraftParagraph] = []
    left: list[Unbracketed] = []
    for merged in result.paragraphs:
        if merged.status is ParagraphStatus.SUPPRESSED or not merged.text.strip():
            continue  # a baseline paragraph has words: one whose words all went is suppressed
        open_ = [c for c in result.conflicts if c.paragraph == merged.number and not c.resolved]
        paragraph, skipped = _paragraph(result, merged, open_)
        paragraphs.append(paragraph)
        left.extend(skipped)
    groups = tuple(sorted({p.source for p in result.proposals}))
    return NextDraft(
        result.document, result.version, tuple(paragraphs), tuple(left), reports.not_placed(result), groups
    )


# --- one paragraph -----------------------------------------------------------------------


@dataclass(frozen=True)
class _Passage:
    conflict: Conflict
    start: int  # [start, end) of the merged text that the options replace
    end: int
    options: tuple[DraftOption, ...]
    spaced: tuple[bool, bool]  # whether a space stands before the bracket, and after it


def _paragraph(
    result: MergeResult, merged: MergedParagraph, conflicts: Sequence[Conflict]
) -> tuple[DraftParagraph, list[Unbracketed]]:
    """The paragraph with its open conflicts bracketed; those that cannot be, named with the reason."""
    passages: list[_Passage] = []
    left: list[Unbracketed] = []
    for conflict in conflicts:
        found = _passage(result, merged, conflict)
        if isinstance(found, str):
            left.append(Unbracketed(conflict.id, merged.number, found))
        elif (other := _overlapping(found, passages, merged.text)) is not None:
            left.append(Unbracketed(conflict.id, merged.number, f"its words are those of {other}'s bracket"))
        else:
            passages.append(found)
    while True:  # a passage that would not read back as itself is left out, and the rest written again
        text, written = _write(merged.text, merged.number, passages)
        wrong = [p for p, b in zip(passages, written, strict=True) if b is None]
        if not wrong:
            new = tuple(b for b in written if b is not None)
            return DraftParagraph(merged.number, merged.heading, text, new), left
        passages = [p for p in passages if p not in wrong]
        left += [
            Unbracketed(p.conflict.id, merged.number, "its options would not read back as one passage") for p in wrong
        ]


def _passage(result: MergeResult, merged: MergedParagraph, conflict: Conflict) -> _Passage | str:
    """The smallest passage of the merged text over which the conflict's options differ, or why there is none."""
    options = reports.voting_list(result, conflict)
    if any(e.edit.move is not None for o in options for e in o.edits):
        return "a move is not written in brackets: the paragraph stands where it was"
    unsafe = [s for o in options for s in o.sources if _NAME_UNSAFE.search(s)]
    if unsafe:
        return f"the group name {unsafe[0]!r} cannot stand in an option's label"
    texts = [merged.text if o.keeps_text else _option_text(result, merged, o) for o in options]
    edges = common_edges(texts)
    if edges is None:
        return "its options cannot be bracketed without cutting the draft's own brackets"
    head, tail = edges
    middles = [text[head : len(text) - tail] for text in texts]
    drafted = []
    for option, middle in zip(options, middles, strict=True):
        if option.keeps_text and not middle.strip() and not option.sources:
            continue  # the alternatives all insert here: no change is deleting the passage, as any bracket
        edits = tuple(e.edit.id for e in option.edits)
        drafted.append(DraftOption(middle.strip(), option.sources, edits, option.keeps_text))
    if len(_distinct(drafted)) < 2:
        return "its options differ only in white space"
    prefix, suffix = merged.text[:head], merged.text[len(merged.text) - tail :]
    before = bool(prefix) and (prefix[-1].isspace() or any(m[:1].isspace() for m in middles))
    after = bool(suffix) and (suffix[0].isspace() or any(m[-1:].isspace() for m in middles))
    return _Passage(conflict, head, len(merged.text) - tail, _distinct(drafted), (before, after))


def _option_text(result: MergeResult, merged: MergedParagraph, option: reports.Option) -> str:
    """The paragraph as it would read with this option adopted and every applied change made."""
    if any(e.edit.action is Action.SUP for e in option.edits):
        return ""
    applied = [
        e
        for e in result.edits
        if e.paragraph == merged.number and e.status is EditStatus.APPLIED and e.edit.action is Action.MOD
    ]
    changes: dict[tuple[int, int, str], tuple[Change, tuple[str, ...], tuple[str, ...]]] = {}
    for edit in [*applied, *option.edits]:
        for change in edit.anchor.changes:
            changes.setdefault((change.start, change.end, change.inserted), (change, (edit.edit.id,), ()))
    return apply_changes(merged.baseline_text, list(changes.values()))[0]


def _distinct(options: Sequence[DraftOption]) -> tuple[DraftOption, ...]:
    """Options of the same words are one, sponsored by all (white space apart, two edits may agree)."""
    out: list[DraftOption] = []
    for option in options:
        same = next((i for i, o in enumerate(out) if o.words == option.words), None)
        if same is None:
            out.append(option)
            continue
        kept = out[same]
        sponsors = tuple(dict.fromkeys((*kept.sponsors, *option.sponsors)))
        out[same] = DraftOption(kept.words, sponsors, kept.edits + option.edits, kept.keeps_text or option.keeps_text)
    return tuple(out)


def _overlapping(passage: _Passage, others: Sequence[_Passage], text: str) -> str | None:
    """The conflict whose passage this one overlaps, or lies beside with only white space between.

    Two labelled brackets apart by white space are read as options of one passage: they must
    stand apart by words.
    """
    for other in others:
        first, second = sorted((passage, other), key=lambda p: p.start)
        if second.start < first.end or not text[first.end : second.start].strip():
            return other.conflict.id
    return None


# --- the smallest bracket --------------------------------------------------------------


def common_edges(texts: Sequence[str]) -> tuple[int, int] | None:
    """How many characters all `texts` share at their start and at their end, on word boundaries.

    Words are runs of non-space characters: the shared part ends where a word first differs,
    so that a bracket never cuts a word ("appropriate" against "relevant", never "[appropr]iate").
    Prefix and suffix never overlap in the shortest text. They are then shortened, a word at a
    time, until what lies between them holds whole pairs of the draft's own brackets in every
    text: None when even the whole texts do not.
    """
    tokens = [_TOKENS.findall(t) for t in texts]
    shortest = min(len(t) for t in tokens)
    head = 0
    while head < shortest and all(t[head] == tokens[0][head] for t in tokens):
        head += 1
    tail = 0
    while tail < shortest - head and all(t[-1 - tail] == tokens[0][-1 - tail] for t in tokens):
        tail += 1
    while True:
        middles = ["".join(t[head : len(t) - tail]) for t in tokens]
        problem = max((_unbalanced(m) for m in middles), key=abs)
        if problem == 0:
            return len("".join(tokens[0][:head])), len("".join(tokens[0][len(tokens[0]) - tail :]))
        if head == 0 and tail == 0:
            return None
        if (problem < 0 and head) or not tail:
            head -= 1
        else:
            tail -= 1


def _unbalanced(text: str) -> int:
    """-1 when a ']' closes nothing, +1 when a '[' stays open, 0 when the brackets pair."""
    depth = 0
    for char in text:
        if char == brackets.OPEN:
            depth += 1
        elif char == brackets.CLOSE:
            depth -= 1
            if depth < 0:
                return -1
    return 1 if depth else 0


# --- writing -----------------------------------------------------------------------------


def option_text(n: int, option: DraftOption) -> str:
    """'[Option 2 (RAG, TSAG): words]': the label and its sponsors are what the bracket reader reads back."""
    sponsors = f" ({', '.join(option.sponsors)})" if option.sponsors else ""
    words = f" {option.words}" if option.words else ""
    return f"[Option {n}{sponsors}:{words}]"


def _write(text: str, number: str, passages: Sequence[_Passage]) -> tuple[str, list[NewBracket | None]]:
    """`text` with each passage replaced by its options, and each as the bracket reader finds it (None: not so).

    White space beside a bracket is one space where the draft or an option had any, else none
    ("membership [Option 1 (TSAG): and the Sector Members] [Option 2 (RAG):].").
    """
    out: list[str] = []
    cursor, places = 0, []
    for passage in sorted(passages, key=lambda p: p.start):
        out.append(text[cursor : passage.start].rstrip() + " " * passage.spaced[0])
        start = sum(len(s) for s in out)
        out.append(" ".join(option_text(n, o) for n, o in enumerate(passage.options, 1)))
        places.append((passage, start, sum(len(s) for s in out)))
        rest = text[passage.end :]
        cursor = len(text) - len(rest.lstrip())
        out.append(" " * passage.spaced[1])
    out.append(text[cursor:])
    written = "".join(out)
    found = {b.start: b for b in brackets.parse(written, number).brackets}
    return written, [_read_back(found.get(start), p, end, written) for p, start, end in places]


def _read_back(bracket: Bracket | None, passage: _Passage, end: int, text: str) -> NewBracket | None:
    """The passage as the bracket reader reads it, if it reads exactly its options, labels and sponsors."""
    if bracket is None or bracket.end != end:
        return None
    if len(bracket.options) != len(passage.options):
        return None
    for read, option in zip(bracket.options, passage.options, strict=True):
        if text[read.body : read.end] != option.words or read.sponsors != option.sponsors:
            return None
    return NewBracket(
        passage.conflict.id, passage.conflict.kind.value, bracket.label, bracket.start, end, passage.options
    )
