"""Placing a MOD's changes over the very words it quoted, once its passage has a place.

Stale words, word edges, the neighbouring words, typography, and an edit the
baseline already took in (`already`, or partly: `stale`).
"""

from __future__ import annotations

import itertools
from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import dataclass
from enum import Enum

from rapidfuzz.distance import OSA

from ..model import Anchor, AnchorStatus, Change, Marked
from ..normalize import Folded
from .index import BaselineIndex, Candidate, find_all, fuzzy_in, is_spaceless, is_word_char, joined
from .placement import Placement, from_placement, join
from .settings import Settings


@dataclass(frozen=True)
class FoldedChange:
    """A change with its spans in the folded old passage [old_start, old_end) and new passage."""

    change: Change
    old_start: int
    old_end: int
    new_start: int
    new_end: int


def folded_changes(marked: Marked, old: Folded, new: Folded) -> list[FoldedChange]:
    """Each change of a MOD located in the folded old and new passages."""
    found = []
    shift = 0
    for change in marked.changes:
        start = change.start + shift
        shift += len(change.inserted) - (change.end - change.start)
        old_span = folded_span(old, change.start, change.end)
        new_span = folded_span(new, start, start + len(change.inserted))
        found.append(FoldedChange(change, *old_span, *new_span))
    return found


def folded_span(folded: Folded, start: int, end: int) -> tuple[int, int]:
    """Original [start, end) of a passage to its folded indices (characters wholly inside)."""
    return bisect_left(folded.starts, start), bisect_left(folded.starts, end)


def place_changes(
    changes: list[FoldedChange],
    old: Folded,
    new: Folded,
    placement: Placement,
    index: BaselineIndex,
    settings: Settings,
) -> Anchor:
    """Every change over its quoted words, or `already`/`stale` when the words there differ."""
    candidate = placement.candidate
    assert candidate is not None
    paragraph = index.folded[candidate.position]
    raw = index.paragraphs[candidate.position].text
    base = from_placement(placement, index, settings)
    number = index.number(candidate.position)
    spans = [_original_span(c, old.text, candidate, paragraph, settings) for c in changes]
    new_fit = (
        _new_fit(new.text, paragraph.text, candidate) if any_may_stand(changes, new, paragraph, settings) else None
    )
    realized = (
        realized_all(changes, old.text, new.text, paragraph.text, new_fit, settings)
        if new_fit is not None
        else [False] * len(changes)
    )
    realized = [
        _typographic_realized(c, span, raw) if _typographic(c, old, new) else r
        for c, span, r in zip(changes, spans, realized, strict=True)
    ]
    if any(realized):
        return taken_in(realized, number, changes, base.score)
    placed = [_place(c, span, raw) for c, span in zip(changes, spans, strict=True)]
    if all(p is not None for p in placed):
        spaced = kept_spaces([p for p in placed if p is not None], [_spaced_in_new(c, new.text) for c in changes], raw)
        return Anchor(base.status, number, base.score, base.message, tuple(spaced))
    bad = next(c for c, p in zip(changes, placed, strict=True) if p is None)
    reason = _stale_reason(bad, paragraph, candidate)
    return Anchor(AnchorStatus.STALE, number, base.score, join(base.message, reason))


def _typographic(change: FoldedChange, old: Folded, new: Folded) -> bool:
    """A change invisible to matching: a dash or quote restyled, an invisible character deleted."""
    return old.text[change.old_start : change.old_end] == new.text[change.new_start : change.new_end]


def _typographic_realized(change: FoldedChange, span: tuple[int, int] | None, raw: str) -> bool:
    """Matching cannot tell a typographic change taken in: the baseline's own characters can.

    A "change" to the very same characters proposes nothing, not even a style: it is
    taken in whatever the baseline's quotes and dashes look like.
    """
    if change.change.deleted == change.change.inserted:
        return True
    return span is not None and raw[span[0] : span[1]] == change.change.inserted


def _place(change: FoldedChange, span: tuple[int, int] | None, raw: str) -> Change | None:
    """The change at the baseline's own characters, or None where they differ from the quoted ones."""
    if span is None:
        return None
    start, end = span
    if change.old_start == change.old_end and change.change.deleted and raw[start:end] != change.change.deleted:
        return None  # characters that fold to nothing: only the very ones quoted may go
    start, end = _with_quoted_spaces(change.change.deleted, raw, start, end)
    return Change(start, end, change.change.inserted, change.change.deleted)


# --- the white space where a change meets the baseline's kept text ------------------------------


def _spaced_in_new(change: FoldedChange, new: str) -> tuple[bool | None, bool | None]:
    """Whether the new passage has a space where the change's new text meets the words before and after it
    (None where the quote ends there: the author said nothing of that side).

    Read on the folded new passage: folding keeps one space between words and none beside an
    ideograph or before ": ; ! ?", so a space is asked for only where the language puts one.
    """
    start, end = change.new_start, change.new_end
    own = new[start:end] or new[start - 1 : end + 1]  # a deletion's one junction: the characters either side
    left = None if start == 0 else new[start - 1] == " " or own[:1] == " "
    right = None if end == len(new) else new[end] == " " or own[-1:] == " "
    return left, right


def kept_spaces(placed: list[Change], wanted: Sequence[tuple[bool | None, bool | None]], raw: str) -> list[Change]:
    """The placed changes of one edit, with the white space where each meets the kept text as the author's new
    passage has it: no two words glued, no two spaces, no space opening or closing the paragraph.

    Why: matching folds the quote's spaces, so a space the quote keeps on both sides of a change
    ("between {++must++} systems", old passage "between  systems") is the baseline's one space
    given to one side: the insertion went after it and read "mustsystems", and "good {--word--}
    here" left "good  here". The baseline has one space where the quote has two; the change
    brings or takes the other: an insertion gets (or loses) a space at its edge, a deletion takes
    the space after it (before it at the paragraph's end), as Word's run "provides " does.
    Found importing a real Word document ("allocationsystems").
    """
    out = list(placed)
    for k, (left, right) in enumerate(wanted):
        change = out[k]
        if change.inserted and not change.inserted.strip():
            continue  # a change to white space itself says which space it wants
        if change.inserted:
            out[k] = _spaced_insertion(change, _before(out, k, raw), _after(out, k, raw), left, right)
        else:
            out[k] = _spaced_deletion(change, _before(out, k, raw), _after(out, k, raw), raw, left or right)
    return out


def _spaced_insertion(change: Change, before: str, after: str, left: bool | None, right: bool | None) -> Change:
    """New text with a space at an edge where the new passage has one and the kept text none, without one where
    the kept text has one already or the paragraph begins or ends."""
    text = change.inserted
    if text[0].isspace() and (not before or before.isspace()):
        text = text.lstrip()
    elif left and before and not before.isspace() and not text[0].isspace():
        text = " " + text
    if text[-1].isspace() and (not after or after.isspace()):
        text = text.rstrip()
    elif right and after and not after.isspace() and not text[-1].isspace():
        text = text + " "
    return Change(change.start, change.end, text, change.deleted)


def _spaced_deletion(change: Change, before: str, after: str, raw: str, apart: bool | None) -> Change:
    """A deletion that would leave two spaces, or a space at an end of the paragraph, takes one of them (the one
    after it, but at the paragraph's end the one before); one that would glue two words the new passage
    keeps apart leaves the space at its edge."""
    start, end = change.start, change.end
    kept_after = end < len(raw) and after == raw[end] and after.isspace()
    kept_before = start > 0 and before == raw[start - 1] and before.isspace()
    if kept_after and (before.isspace() or not before):
        return Change(start, end + 1, "", change.deleted)
    if kept_before and not after:
        return Change(start - 1, end, "", change.deleted)
    if apart and before and after and not before.isspace() and not after.isspace():
        deleted = raw[start:end]
        if deleted[-1:].isspace():
            return Change(start, end - 1, "", change.deleted)
        if deleted[:1].isspace():
            return Change(start + 1, end, "", change.deleted)
    return change


def _before(changes: Sequence[Change], k: int, raw: str) -> str:
    """The character the merged text has before change k's new text ("" at the paragraph's start), reading
    through the edit's other changes that touch it."""
    at = changes[k].start
    for j in range(k - 1, -1, -1):
        if changes[j].end != at:
            break
        if changes[j].inserted:
            return changes[j].inserted[-1]
        at = changes[j].start
    return raw[at - 1] if at > 0 else ""


def _after(changes: Sequence[Change], k: int, raw: str) -> str:
    """The character the merged text has after change k's new text ("" at the paragraph's end)."""
    at = changes[k].end
    for j in range(k + 1, len(changes)):
        if changes[j].start != at:
            break
        if changes[j].inserted:
            return changes[j].inserted[0]
        at = changes[j].end
    return raw[at] if at < len(raw) else ""


def _with_quoted_spaces(deleted: str, raw: str, start: int, end: int) -> tuple[int, int]:
    """The span widened over the white space the author's deleted words begin or end with, where matching
    folded it away.

    Why: matching drops the space before `: ; ! ?` (French typography), so `the{-- :meth:`x`--} method`
    was placed over ":meth:`x`" alone and the merged text read "the  method", two spaces.
    """
    if start >= end:
        return start, end
    lead = len(deleted) - len(deleted.lstrip())
    while lead and start > 0 and raw[start - 1].isspace() and not raw[start].isspace():
        start, lead = start - 1, lead - 1
    trail = len(deleted) - len(deleted.rstrip())
    while trail and end < len(raw) and raw[end].isspace() and not raw[end - 1].isspace():
        end, trail = end + 1, trail - 1
    return start, end


def _original_span(
    change: FoldedChange, passage: str, candidate: Candidate, paragraph: Folded, settings: Settings
) -> tuple[int, int] | None:
    """Where the change goes in the baseline's own characters, or None where its words or their edges differ.

    A deletion of characters that fold to nothing (a soft hyphen) covers the
    characters the baseline has between the neighbouring folded ones.
    """
    span = _baseline_span(candidate.amap, change.old_start, change.old_end, passage, paragraph.text)
    if span is None or not _word_edges_hold(passage, paragraph.text, change, span):
        return None
    if not _neighbours_hold(passage, paragraph.text, change, span, settings.typo_from):
        return None
    if span[1] > span[0]:
        return paragraph.original_span(*span)
    if change.change.deleted:
        return _gap(paragraph, span[0])
    point = paragraph.original_point(span[0])
    return point, point


def _gap(folded: Folded, point: int) -> tuple[int, int]:
    """The original characters between folded characters point-1 and point (those folding to nothing)."""
    start = folded.ends[point - 1] if point > 0 else 0
    end = folded.starts[point] if point < len(folded.starts) else folded.original_length
    return start, end


def _baseline_span(amap: Sequence[int], start: int, end: int, passage: str, hay: str) -> tuple[int, int] | None:
    """Where passage [start, end) stands in the paragraph (folded), never glued to characters the author never saw.

    Why: if the baseline has other characters between the quoted context and the
    words an edit deletes ("semi-" before "annual", "plans" for "plan"), the author
    never saw them, and deleting next to them makes a text nobody wrote. Words the
    draft added or removed beside the change since, apart from it by a space, are
    judged by the words beside it (`_neighbours_hold`).
    """
    if end > start:
        span = _aligned(amap, start, end, passage, hay)
        if span is None:
            return None
        b_start, b_end = span
    else:
        b_start = b_end = _insertion_point(amap, start, passage, hay)
        if b_start < 0:
            return None
    if start > 0 and b_start > 0 and amap[start - 1] != b_start - 1 and _unseen_letter(hay, b_start - 1, amap):
        return None
    if end < len(amap) and amap[end] != b_end and _unseen_letter(hay, b_end, amap):
        return None
    return b_start, b_end


def _unseen_letter(hay: str, at: int, amap: Sequence[int]) -> bool:
    """A word character of the baseline that no quoted character stands for (looked up only off the flush
    path: most changes sit flush with their quoted neighbours)."""
    return at < len(hay) and is_word_char(hay[at]) and at not in amap


def _aligned(amap: Sequence[int], start: int, end: int, passage: str, hay: str) -> tuple[int, int] | None:
    """The baseline characters of passage [start, end), if they stand there whole and in one piece.

    A space at its edge that the alignment gave to a neighbour word removed since
    ("the filtering" where the draft reads "filtering") is the baseline's space there.
    """
    inside = amap[start:end]
    lo, hi = 0, len(inside)
    while lo < hi and inside[lo] < 0 and passage[start + lo].isspace():
        lo += 1
    while hi > lo and inside[hi - 1] < 0 and passage[start + hi - 1].isspace():
        hi -= 1
    core = inside[lo:hi]
    if not core or any(a < 0 for a in core) or any(b != a + 1 for a, b in itertools.pairwise(core)):
        return None
    b_start, b_end = core[0] - lo, core[-1] + 1 + (len(inside) - hi)
    if b_start < 0 or b_end > len(hay) or (hay[b_start : core[0]] + hay[core[-1] + 1 : b_end]).strip():
        return None
    return b_start, b_end


class _Side(Enum):
    """How the quoted words on one side of a change stand beside it in the baseline."""

    UNQUOTED = "unquoted"  # the quote ends at the change: nothing to check
    FLUSH = "flush"  # the quoted word stands beside it (give or take a typo and punctuation)
    SHIFTED = "shifted"  # the quoted word beside it was removed since: the one further stands there
    WIDENED = "widened"  # a word was added between them since
    GONE = "gone"  # another word stands there


def _neighbours_hold(passage: str, hay: str, change: FoldedChange, span: tuple[int, int], typo_from: int) -> bool:
    """The quoted words beside a change still frame it: each side flush or shifted by one word, never replaced.

    Why: "its {~~internal~>financial~~} control" in a paragraph that now reads "its
    internal communication" fits well enough overall, but would make "financial
    communication", a text nobody proposed: a word beside the change was replaced.
    A word added or removed beside it since ("bypass the{-- filtering--}" on
    "bypass filtering"), or a comma, leaves the author's words in their order: the
    independent drift sets (../shared/drift-dev) expect such edits applied, and
    refusing them was 2/3 of all refusals there. An insertion has no words of its
    own to stand on, so one side must be flush, and no word may have been added on
    the other: the author put it between two words that now have a third between
    them, and whether it goes before or after that word is not written ("primarily{++
    simple interface, in the form++} namespace" on "primarily normally namespace": put
    before "namespace", it was wrong on ../shared/drift-dev's scale set).
    """
    text = passage[change.old_start : change.old_end] or change.change.inserted
    before, after = _words_before(passage, change.old_start), _words_after(passage, change.old_end)
    sides = (
        _side(
            before,
            _cut_as_quoted(before, _words_before(hay, span[0]), change.old_start, -1),
            text[:1].isspace(),
            typo_from,
        ),
        _side(
            after,
            _cut_as_quoted(after, _words_after(hay, span[1]), len(passage) - change.old_end, 0),
            text[-1:].isspace(),
            typo_from,
        ),
    )
    if _Side.GONE in sides:
        return False
    if not change.change.is_insertion:
        return True
    return _Side.WIDENED not in sides and (_Side.FLUSH in sides or sides == (_Side.UNQUOTED, _Side.UNQUOTED))


def _side(quoted: list[tuple[str, str]], found: list[tuple[str, str]], edge: bool, typo_from: int) -> _Side:
    """Compare the (separator, word) pairs nearest a change, in the quote and in the baseline.

    `edge`: the change's own text is a space on this side, so its neighbour word stands apart.
    """
    if not quoted:
        return _Side.UNQUOTED
    (q_sep, q_word), rest = quoted[0], quoted[1:]
    apart = edge or _spaced(q_sep)
    if not found:
        return _Side.GONE
    f_sep, f_word = found[0]
    if _like(q_word, f_word, typo_from) and (q_sep == f_sep or (apart and (edge or _spaced(f_sep)))):
        return _Side.FLUSH  # give or take punctuation: "that adds" and "that, adds"
    if not apart or not (edge or _spaced(f_sep)) or q_word in f_word or f_word in q_word:
        return _Side.GONE  # glued to it, or the quoted word grown ("budget" into "budgetary"): not a word added
    sure = not _replaced_reading_fits(quoted, found, typo_from)
    if rest and _like(rest[0][1], f_word, typo_from) and (sure or _next_stands(rest[1:], found[1:], typo_from)):
        return _Side.SHIFTED  # the quoted neighbour was removed
    if len(found) > 1 and _like(q_word, found[1][1], typo_from) and (sure or _next_stands(rest, found[2:], typo_from)):
        return _Side.WIDENED  # a word was added beside the change
    return _Side.GONE


def _replaced_reading_fits(quoted: list[tuple[str, str]], found: list[tuple[str, str]], typo_from: int) -> bool:
    """Whether the baseline also reads as the quoted neighbour replaced: the words one further are alike.

    Why: a shift (a word added or removed beside the change) is told from a replacement by the word
    one further, and in repetitive text that word fits both readings. '{--budget budget --}council
    council' on 'budget budget union council': 'council' stands one word on, as if 'union' were
    added, but it is the quote's second 'council', and 'union' replaced the first (a text nobody
    proposed). Only repetition makes both readings fit; then the word after decides (`_next_stands`).
    """
    return len(quoted) > 1 and len(found) > 1 and _like(quoted[1][1], found[1][1], typo_from)


def _next_stands(quoted: list[tuple[str, str]], found: list[tuple[str, str]], typo_from: int) -> bool:
    """Whether the quoted word after the shifted one stands after it in the baseline (none quoted: unsure, no)."""
    return bool(quoted) and bool(found) and _like(quoted[0][1], found[0][1], typo_from)


def _cut_as_quoted(
    quoted: list[tuple[str, str]], found: list[tuple[str, str]], room: int, keep: int
) -> list[tuple[str, str]]:
    """The baseline's word beside a change, cut to the ideographs the quote holds where the quote ends there.

    In a script without spaces the neighbouring "word" is `NEIGHBOUR_IDEOGRAPHS` characters; a quote
    that ends one ideograph past the change ("启动过程的{~~末尾才~>和~~}变" on "…末尾才变得可用") holds
    only one of them, and that one stands: the other is not the author's to check. Measured on the
    manual pages' Chinese (benchmarks/languages.py): 4 of 260 drift cases, verbatim quotes among them,
    were refused as stale ("the words it deletes are not in the baseline") for want of this.
    `room`: the quote's characters on this side of the change; `keep`: 0 to keep the word's start (the
    word after the change), -1 its end (the word before).
    """
    if not quoted or not found:
        return found
    (q_sep, q_word), (f_sep, f_word) = quoted[0], found[0]
    reaches_end = len(q_sep) + len(q_word) == room
    if not reaches_end or len(q_word) >= len(f_word) or not all(is_spaceless(c) for c in f_word):
        return found
    cut = f_word[: len(q_word)] if keep == 0 else f_word[len(f_word) - len(q_word) :]
    return [(f_sep, cut), *found[1:]]


def _spaced(separator: str) -> bool:
    return any(c.isspace() for c in separator)


def _like(quoted: str, found: str, typo_from: int) -> bool:
    """The same word, or one typo apart: a letter changed, dropped or added inside it, or two letters swapped.

    Why not a similarity ratio: "budget" is 80 % like "budgetary" and "annual" 83 %
    like "manual", yet they are other words. A letter more or less at an end makes
    one word contain the other ("plan", "plans"; "the", "then"): another word, not a
    typo. Words shorter than `typo_from` must be the very word ("of", "or").
    """
    if quoted == found:
        return True
    if min(len(quoted), len(found)) < typo_from or quoted in found or found in quoted:
        return False
    return OSA.distance(quoted, found, score_cutoff=1) <= 1


NEIGHBOUR_IDEOGRAPHS = 2
"""In a script without spaces, the quoted "word" beside a change that must stand is this many characters
(fewer where the run of ideographs ends): most Chinese words are one or two characters, and one
character alone would let "其{~~内部~>财务~~}控制" land on "其内部控股" ("财务控股", which nobody wrote)."""


def _words_before(text: str, at: int, count: int = 3) -> list[tuple[str, str]]:
    """The `count` words before `at`, nearest first, each with the characters between it and the next."""
    found: list[tuple[str, str]] = []
    i = at
    while len(found) < count:
        j = i
        while j > 0 and not is_word_char(text[j - 1]):
            j -= 1
        k = _word_start(text, j)
        if k == j:
            break
        found.append((text[j:i], text[k:j]))
        i = k
    return found


def _words_after(text: str, at: int, count: int = 3) -> list[tuple[str, str]]:
    """The `count` words after `at`, nearest first, each with the characters between it and the one before."""
    found: list[tuple[str, str]] = []
    i = at
    while len(found) < count:
        j = i
        while j < len(text) and not is_word_char(text[j]):
            j += 1
        k = _word_end(text, j)
        if k == j:
            break
        found.append((text[i:j], text[j:k]))
        i = k
    return found


def _word_start(text: str, end: int) -> int:
    """Where the word ending at `end` starts (`NEIGHBOUR_IDEOGRAPHS` back at most in a script without spaces)."""
    if end == 0:
        return 0
    j = end - 1
    if is_spaceless(text[j]):
        while j > 0 and end - j < NEIGHBOUR_IDEOGRAPHS and is_spaceless(text[j - 1]):
            j -= 1
        return j
    while j > 0 and joined(text[j - 1], text[j]):
        j -= 1
    return j


def _word_end(text: str, start: int) -> int:
    """Where the word starting at `start` ends (see `_word_start`)."""
    if start == len(text):
        return start
    j = start + 1
    if is_spaceless(text[start]):
        while j < len(text) and j - start < NEIGHBOUR_IDEOGRAPHS and is_spaceless(text[j]):
            j += 1
        return j
    while j < len(text) and joined(text[j - 1], text[j]):
        j += 1
    return j


def _insertion_point(amap: Sequence[int], at: int, passage: str, hay: str) -> int:
    """Where an insertion before passage character `at` goes in the paragraph (-1: not aligned).

    Spaces before the next aligned character that the alignment gave to a word
    removed since stand for themselves: the insertion goes before them.
    """
    if at < len(amap) and amap[at] >= 0:
        return amap[at]
    k = at
    while k < len(amap) and amap[k] < 0 and passage[k].isspace():
        k += 1
    if k == len(amap):
        return amap[at - 1] + 1 if at > 0 and amap[at - 1] >= 0 else -1
    if amap[k] < 0:
        return -1
    point = amap[k] - (k - at)
    return point if point >= 0 and hay[point : amap[k]].isspace() else -1


def _word_edges_hold(passage: str, hay: str, change: FoldedChange, span: tuple[int, int]) -> bool:
    """At the quote's own ends, a change must not cut into a longer word of the baseline.

    A quote is taken to start and end on word edges: "{++new ++}plan" must not
    insert into "masterplan", "{--plan--}" must not delete from "planning".
    """
    (start, end), (b_start, b_end) = (change.old_start, change.old_end), span
    if start == 0 and passage and b_start > 0 and joined(hay[b_start - 1], passage[0]):
        return False
    return not (end == len(passage) and passage and b_end < len(hay) and joined(passage[-1], hay[b_end]))


def _new_fit(new: str, hay: str, candidate: Candidate) -> Candidate | None:
    """Where the new passage fits the paragraph at least as well as the old one did, if it does.

    Why at least as well: in repetitive text a change can look taken in by its
    neighbourhood alone; "{++budget ++}budget budget" in "budget budget" is not
    already there. Why its own place: the old words may also stand elsewhere in the
    paragraph (a clause repeated), and the taken-in reading must be looked for
    where the new passage stands, not where the old one was aligned.
    """
    return fuzzy_in(new, hay, candidate.position, candidate.score) if new else None


def any_may_stand(changes: Sequence[FoldedChange], new: Folded, paragraph: Folded, settings: Settings) -> bool:
    """Whether any change may be taken in: its new reading (see `_realized`) stands somewhere in the paragraph.

    Why: a cheap `in` that spares aligning the new passage (~0.1 ms) for most
    edits, whose new words the baseline does not have yet. It never says no
    where `_realized` could say yes.
    """
    return views_stand(new_views(changes, new, settings), paragraph)


def new_views(changes: Sequence[FoldedChange], new: Folded, settings: Settings) -> tuple[str, ...]:
    """Each change's new reading with its context (what `any_may_stand` looks for), made once per quote."""
    context = settings.taken_in_context
    return tuple(_view(new.text, c.new_start, c.new_end, context) for c in changes)


def views_stand(views: Sequence[str], paragraph: Folded) -> bool:
    """Whether any of the views stands in the paragraph (an empty one, a pure deletion's, always does)."""
    return any(not view or view in paragraph.text for view in views)


def realized_all(
    changes: Sequence[FoldedChange], old: str, new: str, hay: str, candidate: Candidate, settings: Settings
) -> list[bool]:
    """Whether each change is taken in, read around where the new passage fits.

    Why the old passage's length: a deletion's old words must fit in the area to be
    seen still standing; with the new passage's length alone, a last sentence
    deleted after a short context ("for most needs.{-- Sometimes … --}") fell
    outside it and the edit was called `already` (8 of 308 edits of drift-dev's
    small set).
    """
    margin = max(len(old), len(new)) + settings.taken_in_context
    area = hay[max(0, candidate.start - margin) : candidate.end + margin]
    return [_realized(c, old, new, area, settings.taken_in_context) for c in changes]


def _realized(change: FoldedChange, old: str, new: str, area: str, context: int) -> bool:
    """Whether the baseline already reads as the change proposes, with `context` quoted characters around it.

    The new reading must stand, and the old reading may stand only inside it (an
    insertion at the end of a quote: "objectives." inside "objectives. More.").
    """
    old_view = _view(old, change.old_start, change.old_end, context)
    new_view = _view(new, change.new_start, change.new_end, context)
    olds = find_all(area, old_view)
    if not new_view:
        return not olds
    news = find_all(area, new_view)
    return bool(news) and all(any(n <= o and o + len(old_view) <= n + len(new_view) for n in news) for o in olds)


def _view(text: str, start: int, end: int, context: int) -> str:
    """text[start:end] with `context` characters on each side, widened to whole words."""
    lo, hi = max(0, start - context), min(len(text), end + context)
    while 0 < lo < len(text) and joined(text[lo - 1], text[lo]):
        lo -= 1
    while 0 < hi < len(text) and joined(text[hi - 1], text[hi]):
        hi += 1
    return text[lo:hi]


def taken_in(realized: list[bool], number: str, changes: Sequence[FoldedChange], score: float | None) -> Anchor:
    if all(realized):
        return Anchor(AnchorStatus.ALREADY, number, score, f"paragraph {number} already reads as proposed")
    missing = ", ".join(_describe(c.change) for c, r in zip(changes, realized, strict=True) if not r)
    return Anchor(
        AnchorStatus.STALE,
        number,
        score,
        f"partly taken in: paragraph {number} already has some of this edit's changes but not {missing}",
    )


def _describe(change: Change) -> str:
    if change.is_insertion:
        return f"the insertion of '{_clip(change.inserted)}'"
    if not change.inserted:
        return f"the deletion of '{_clip(change.deleted)}'"
    return f"the replacement of '{_clip(change.deleted)}' by '{_clip(change.inserted)}'"


def _clip(text: str, width: int = 40) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


def _stale_reason(change: FoldedChange, paragraph: Folded, candidate: Candidate) -> str:
    """Which words differ, and what the baseline reads where they were quoted."""
    at = (
        (change.old_start - 1, change.old_start + 1)
        if change.change.is_insertion
        else (change.old_start, change.old_end)
    )
    seen = [a for a in candidate.amap[max(0, at[0]) : at[1]] if a >= 0]
    reads = ""
    if seen:
        around = _view(paragraph.text, seen[0], seen[-1] + 1, 3)
        reads = f"; the baseline reads '{_clip(around, 60)}' there"
    if change.change.is_insertion:
        return f"the words around {_describe(change.change)} differ in the baseline{reads}"
    return f"the words it deletes, '{_clip(change.change.deleted)}', are not in the baseline{reads}"


def taken_in_at(
    changes: list[FoldedChange], old: Folded, new: Folded, index: BaselineIndex, position: int, settings: Settings
) -> Anchor | None:
    """`already` (or partly taken in: `stale`) if paragraph `position` clearly reads as the new passage."""
    hay = index.folded[position].text
    if not new.text or not any_may_stand(changes, new, index.folded[position], settings):
        return None
    candidate = fuzzy_in(new.text, hay, position, settings.strong_score)
    if candidate is None:
        return None
    realized = realized_all(changes, old.text, new.text, hay, candidate, settings)
    if not any(realized):
        return None
    return taken_in(realized, index.number(position), changes, round(candidate.score, 1))
