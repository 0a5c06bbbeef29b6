"""Anchoring: find where each edit's quoted passage stands in the current baseline.

Precision over recall: an edit is placed only where its quote fits clearly, and a
change is placed only over the very words its author quoted. Every edit gets an
outcome (an `Anchor`) with a status, a score and a reason; nothing here raises.

The score is the similarity (0-100, rapidfuzz `ratio` on the folded texts) of the
quoted passage to the baseline text where it anchored; 100 means identical once
white space, quote and dash styles and Unicode forms are folded away.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import dataclass

from rapidfuzz import fuzz
from rapidfuzz.distance import Indel

from .model import Action, Anchor, AnchorStatus, Baseline, Change, Edit, Proposal
from .normalize import Folded, fold


@dataclass(frozen=True)
class Settings:
    """Anchoring thresholds, in score points (0-100) unless said otherwise."""

    min_score: float = 80.0
    """Below this a candidate place is not the quoted passage at all (unanchored)."""
    fuzzy_below: float = 97.0
    """An anchor scoring below this is `fuzzy`: its context differs noticeably."""
    strong_score: float = 90.0
    """A place away from the author's paragraph (or with no paragraph given) needs this."""
    hint_margin: float = 5.0
    """The hinted paragraph wins unless another fits better by more than this."""
    unique_margin: float = 6.0
    """Without the hint, the best place must beat the runner-up by this much."""
    near: int = 2
    """Paragraphs within this many places of the hint count as near it."""
    min_fuzzy_chars: int = 16
    """Quotes shorter than this (folded characters) must match exactly."""
    report_score: float = 50.0
    """Candidates above this are named as 'best candidate' when an edit is refused."""


DEFAULT_SETTINGS = Settings()


@dataclass(frozen=True)
class Candidate:
    """A place where a folded passage may stand: paragraph index and folded span."""

    position: int
    score: float
    start: int
    end: int
    amap: tuple[int, ...]  # passage folded index -> paragraph folded index, or -1


class BaselineIndex:
    """The baseline folded once, with the lookups anchoring needs."""

    def __init__(self, baseline: Baseline) -> None:
        self.baseline = baseline
        self.paragraphs = baseline.paragraphs
        self.folded: list[Folded] = [fold(p.text) for p in baseline.paragraphs]
        self.positions = {p.number: i for i, p in enumerate(baseline.paragraphs)}

    def number(self, position: int) -> str:
        return self.paragraphs[position].number

    def exact(self, needle: str) -> list[Candidate]:
        """Every verbatim (folded) occurrence of `needle`."""
        found = []
        for position, folded in enumerate(self.folded):
            found.extend(_occurrences(needle, folded.text, position))
        return found

    def fuzzy(self, needle: str, positions: Sequence[int] | None, cutoff: float) -> list[Candidate]:
        """The best fuzzy place of `needle` in each paragraph scoring at least `cutoff`."""
        found = []
        for position in range(len(self.folded)) if positions is None else positions:
            candidate = _fuzzy_in(needle, self.folded[position].text, position, cutoff)
            if candidate is not None:
                found.append(candidate)
        return found


def _occurrences(needle: str, hay: str, position: int) -> list[Candidate]:
    found = []
    start = hay.find(needle)
    while start >= 0 and needle:
        amap = tuple(range(start, start + len(needle)))
        found.append(Candidate(position, 100.0, start, start + len(needle), amap))
        start = hay.find(needle, start + 1)
    return found


def _fuzzy_in(needle: str, hay: str, position: int, cutoff: float) -> Candidate | None:
    rough = fuzz.partial_ratio_alignment(needle, hay, score_cutoff=cutoff)
    if rough is None:
        return None
    # partial_ratio slides the shorter string along the longer one
    lo, hi = (rough.dest_start, rough.dest_end) if len(needle) <= len(hay) else (0, len(hay))
    return align(needle, hay, position, lo, hi, cutoff)


def align(needle: str, hay: str, position: int, lo: int, hi: int, cutoff: float = 0.0) -> Candidate | None:
    """Align `needle` character by character to hay around [lo, hi) (LCS, free ends)."""
    margin = max(16, len(needle) // 4)
    lo, hi = max(0, lo - margin), min(len(hay), hi + margin)
    amap = [-1] * len(needle)
    for op in Indel.opcodes(needle, hay[lo:hi]):
        if op.tag == "equal":
            for k in range(op.src_end - op.src_start):
                amap[op.src_start + k] = lo + op.dest_start + k
    _trim_stray_ends(amap)
    aligned = [a for a in amap if a >= 0]
    if not aligned:
        return None
    start, end = aligned[0], aligned[-1] + 1
    score = fuzz.ratio(needle, hay[start:end])
    if score < cutoff:
        return None
    return Candidate(position, score, start, end, tuple(amap))


def _trim_stray_ends(amap: list[int]) -> None:
    """Unalign lone characters at the ends that LCS borrowed from neighbouring words."""
    runs = _runs(amap)
    if not runs:
        return
    solid = [r for r in runs if r[1] - r[0] >= 3] or runs
    first, last = solid[0][0], solid[-1][1]
    for i in range(len(amap)):
        if i < first or i >= last:
            amap[i] = -1


def _runs(amap: list[int]) -> list[tuple[int, int]]:
    """Maximal [i, j) ranges of passage indices aligned contiguously."""
    runs: list[tuple[int, int]] = []
    i = 0
    while i < len(amap):
        if amap[i] < 0:
            i += 1
            continue
        j = i + 1
        while j < len(amap) and amap[j] == amap[j - 1] + 1:
            j += 1
        runs.append((i, j))
        i = j
    return runs


# --- choosing a place -------------------------------------------------------


@dataclass(frozen=True)
class Placement:
    """The outcome of locating one passage: a candidate, or a refusal with its reason."""

    status: AnchorStatus
    candidate: Candidate | None
    message: str | None


def locate(
    needle: str, index: BaselineIndex, hint: int | None, settings: Settings = DEFAULT_SETTINGS
) -> Placement:
    """Find the one place of a folded passage, the hinted paragraph first."""
    if not needle:
        return Placement(AnchorStatus.UNANCHORED, None, "the quoted passage is empty")
    candidates = _candidates(needle, index, hint, settings)
    viable = [c for c in candidates if c.score >= settings.min_score]
    if not viable:
        return Placement(AnchorStatus.UNANCHORED, None, _nothing_fits(candidates, index))
    if hint is not None:
        chosen = _hinted(viable, hint, index, settings)
        if chosen is not None:
            return chosen
    return _unhinted(viable, hint, index, settings)


def _candidates(needle: str, index: BaselineIndex, hint: int | None, settings: Settings) -> list[Candidate]:
    candidates = index.exact(needle)
    fuzzy_ok = len(needle) >= settings.min_fuzzy_chars
    if fuzzy_ok and not candidates:
        candidates = index.fuzzy(needle, None, settings.report_score)
    elif fuzzy_ok and hint is not None and all(c.position != hint for c in candidates):
        candidates += index.fuzzy(needle, [hint], settings.min_score)
    return sorted(candidates, key=lambda c: (-c.score, c.position, c.start))


def _hinted(viable: list[Candidate], hint: int, index: BaselineIndex, settings: Settings) -> Placement | None:
    at_hint = [c for c in viable if c.position == hint]
    if not at_hint or at_hint[0].score < viable[0].score - settings.hint_margin:
        return None
    if len(at_hint) > 1 and at_hint[1].score >= at_hint[0].score - settings.unique_margin:
        number = index.number(hint)
        return Placement(AnchorStatus.AMBIGUOUS, at_hint[0], f"the passage stands twice in paragraph {number}")
    return Placement(AnchorStatus.ANCHORED, at_hint[0], None)


def _unhinted(viable: list[Candidate], hint: int | None, index: BaselineIndex, settings: Settings) -> Placement:
    best = viable[0]
    where = index.number(best.position)
    if len(viable) > 1 and viable[1].score >= best.score - settings.unique_margin:
        other = viable[1]
        others = (
            f"twice in paragraph {where}"
            if other.position == best.position
            else f"paragraphs {where} ({best.score:.0f}) and {index.number(other.position)} ({other.score:.0f})"
        )
        return Placement(AnchorStatus.AMBIGUOUS, best, f"fits {others} about equally")
    far = hint is None or abs(best.position - hint) > settings.near
    if far and best.score < settings.strong_score:
        return Placement(
            AnchorStatus.UNANCHORED,
            best,
            f"best candidate paragraph {where} (score {best.score:.0f}) is too weak a match "
            + ("with no paragraph given" if hint is None else "that far from the paragraph given"),
        )
    moved = None if hint is None else f"moved: quoted as paragraph {index.number(hint)}, found in {where}"
    return Placement(AnchorStatus.ANCHORED, best, moved)


def _nothing_fits(candidates: list[Candidate], index: BaselineIndex) -> str:
    if not candidates:
        return "no paragraph of the baseline contains the quoted passage"
    best = candidates[0]
    return (
        f"no paragraph fits well enough (best candidate paragraph "
        f"{index.number(best.position)}, score {best.score:.0f})"
    )


# --- anchoring edits --------------------------------------------------------


def anchor_proposals(
    proposals: Sequence[Proposal], index: BaselineIndex, settings: Settings = DEFAULT_SETTINGS
) -> dict[str, Anchor]:
    """Anchor every edit; a proposal's confident anchors correct its other hints."""
    anchors: dict[str, Anchor] = {}
    for proposal in proposals:
        anchors.update(anchor_proposal(proposal, index, settings))
    return anchors


def anchor_proposal(proposal: Proposal, index: BaselineIndex, settings: Settings = DEFAULT_SETTINGS) -> dict[str, Anchor]:
    """Anchor a proposal's edits, then retry doubtful ones with hints shifted as the draft was renumbered.

    Like patch carrying a hunk's offset to the next, the shift seen on the
    proposal's confidently anchored edits tells where its other edits' paragraphs went.
    """
    first = {edit.id: anchor_edit(edit, index, _hint(edit, index), settings) for edit in proposal.edits}
    shifts = _shifts(proposal, first, index, settings)
    if not shifts:
        return first
    result = dict(first)
    for edit in proposal.edits:
        hint = _hint(edit, index)
        if hint is None or _confident(first[edit.id], settings) or edit.action is Action.ADD:
            continue
        shift = _nearest_shift(shifts, hint)
        if shift == 0 or not 0 <= hint + shift < len(index.paragraphs):
            continue
        retry = anchor_edit(edit, index, hint + shift, settings)
        if retry.status.applicable or retry.status is AnchorStatus.ALREADY:
            note = (
                f"paragraph {edit.paragraph} read as {index.number(hint + shift)}: "
                f"the proposal's other edits show the draft was renumbered"
            )
            result[edit.id] = _with_message(retry, note)
    return result


def _hint(edit: Edit, index: BaselineIndex) -> int | None:
    return None if edit.paragraph is None else index.positions.get(edit.paragraph)


def _confident(anchor: Anchor, settings: Settings) -> bool:
    return (
        anchor.status in (AnchorStatus.ANCHORED, AnchorStatus.ALREADY)
        and anchor.score is not None
        and anchor.score >= settings.strong_score
    )


def _shifts(proposal: Proposal, anchors: dict[str, Anchor], index: BaselineIndex, settings: Settings) -> list[tuple[int, int]]:
    """(hint position, shift) for each confidently anchored edit that had a hint."""
    shifts = []
    for edit in proposal.edits:
        anchor = anchors[edit.id]
        hint = _hint(edit, index)
        if hint is None or anchor.paragraph is None or edit.action is Action.ADD:
            continue
        if _confident(anchor, settings):
            shifts.append((hint, index.positions[anchor.paragraph] - hint))
    return shifts


def _nearest_shift(shifts: list[tuple[int, int]], hint: int) -> int:
    """The shift of the confident edit nearest to `hint`, preferring one before it."""
    return min(shifts, key=lambda s: (abs(s[0] - hint), s[0] > hint))[1]


def _with_message(anchor: Anchor, note: str) -> Anchor:
    message = note if not anchor.message else f"{note}; {anchor.message}"
    return Anchor(anchor.status, anchor.paragraph, anchor.score, message, anchor.changes)


def anchor_edit(edit: Edit, index: BaselineIndex, hint: int | None, settings: Settings = DEFAULT_SETTINGS) -> Anchor:
    """Anchor one edit with the given hint position."""
    if edit.action is Action.MOD:
        return _anchor_mod(edit, index, hint, settings)
    if edit.action is Action.ADD:
        return _anchor_add(edit, index, settings)
    return _anchor_whole(edit, index, hint, settings)


def _anchor_whole(edit: Edit, index: BaselineIndex, hint: int | None, settings: Settings) -> Anchor:
    """SUP and NOC: a paragraph, checked (and located, if renumbered) by its quoted text."""
    if not edit.text:
        if hint is None:
            return Anchor(AnchorStatus.UNANCHORED, message=f"no paragraph {edit.paragraph} in the baseline")
        return Anchor(AnchorStatus.ANCHORED, index.number(hint), 100.0)
    placement = locate(fold(edit.text).text, index, hint, settings)
    if placement.status is AnchorStatus.UNANCHORED and hint is not None:
        return Anchor(
            AnchorStatus.STALE,
            index.number(hint),
            None if placement.candidate is None else round(placement.candidate.score, 1),
            f"paragraph {index.number(hint)} no longer reads as quoted ({placement.message})",
        )
    return _from_placement(placement, index, settings)


def _from_placement(placement: Placement, index: BaselineIndex, settings: Settings) -> Anchor:
    candidate = placement.candidate
    if candidate is None:
        return Anchor(placement.status, message=placement.message)
    status = placement.status
    if status is AnchorStatus.ANCHORED and candidate.score < settings.fuzzy_below:
        status = AnchorStatus.FUZZY
    number = index.number(candidate.position) if status.applicable else None
    message = placement.message
    if status is AnchorStatus.FUZZY:
        message = _join(message, f"fuzzy: the context differs from the quote (score {candidate.score:.0f})")
    return Anchor(status, number, round(candidate.score, 1), message)


def _join(first: str | None, second: str) -> str:
    return second if not first else f"{first}; {second}"


def _anchor_add(edit: Edit, index: BaselineIndex, settings: Settings) -> Anchor:
    """ADD: its reference paragraph (a number, else a quoted passage); `already` if the text stands."""
    taken = _already_added(edit, index, settings)
    if taken is not None:
        return taken
    reference = edit.after if edit.after is not None else edit.before
    assert reference is not None  # loading guarantees after or before
    if reference in index.positions:
        return Anchor(AnchorStatus.ANCHORED, reference, 100.0)
    placement = locate(fold(reference).text, index, None, settings)
    anchor = _from_placement(placement, index, settings)
    if anchor.status is AnchorStatus.UNANCHORED and not placement.candidate:
        return Anchor(
            AnchorStatus.UNANCHORED,
            message=f"no paragraph '{reference}' in the baseline, and no paragraph contains it as a passage",
        )
    return anchor


def _already_added(edit: Edit, index: BaselineIndex, settings: Settings) -> Anchor | None:
    wanted = fold(edit.text or "").text
    for position, folded in enumerate(index.folded):
        score = fuzz.ratio(wanted, folded.text, score_cutoff=settings.fuzzy_below)
        if score:
            number = index.number(position)
            return Anchor(
                AnchorStatus.ALREADY, number, round(score, 1), f"paragraph {number} already reads as this addition"
            )
    return None


# --- MOD: placing each change over the very words it quoted ----------------


def _anchor_mod(edit: Edit, index: BaselineIndex, hint: int | None, settings: Settings) -> Anchor:
    marked = edit.marked
    assert marked is not None  # loading parses every MOD
    old, new = fold(marked.old), fold(marked.new)
    placement = locate(old.text, index, hint, settings)
    if placement.status is AnchorStatus.AMBIGUOUS or placement.candidate is None:
        taken = _taken_in_elsewhere(new, index, hint, settings)
        return taken or _from_placement(placement, index, settings)
    if placement.status is AnchorStatus.UNANCHORED:
        taken = _taken_in_elsewhere(new, index, hint, settings)
        return taken or _from_placement(placement, index, settings)
    return _place_changes(edit, old, new, placement, index, settings)


def _place_changes(
    edit: Edit, old: Folded, new: Folded, placement: Placement, index: BaselineIndex, settings: Settings
) -> Anchor:
    assert edit.marked is not None and placement.candidate is not None
    candidate = placement.candidate
    position = candidate.position
    paragraph = index.folded[position]
    number = index.number(position)
    changes = edit.marked.changes
    placed = [_place(change, old, candidate, paragraph) for change in changes]
    new_score, realized = _realized(changes, new, paragraph.text, position)
    base = _from_placement(placement, index, settings)
    if all(p is not None for p in placed):
        if any(realized) and new_score > candidate.score:
            return _taken_in(realized, number, changes, base)
        return Anchor(base.status, number, base.score, base.message, tuple(p for p in placed if p is not None))
    if any(realized):
        return _taken_in(realized, number, changes, base)
    bad = next(c for c, p in zip(changes, placed) if p is None)
    return Anchor(AnchorStatus.STALE, number, base.score, _join(base.message, _stale_reason(bad, paragraph, candidate, old)))


def _taken_in(realized: list[bool], number: str, changes: Sequence[Change], base: Anchor) -> Anchor:
    if all(realized):
        return Anchor(AnchorStatus.ALREADY, number, base.score, f"paragraph {number} already reads as proposed")
    missing = ", ".join(_describe(c) for c, r in zip(changes, realized) if not r)
    return Anchor(
        AnchorStatus.STALE,
        number,
        base.score,
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


def _stale_reason(change: Change, paragraph: Folded, candidate: Candidate, old: Folded) -> str:
    if change.is_insertion:
        return f"the words around {_describe(change)} differ in the baseline"
    start, end = _folded_span(old, change.start, change.end)
    seen = [candidate.amap[i] for i in range(start, end) if candidate.amap[i] >= 0]
    if seen:
        lo, hi = max(0, seen[0] - 3), min(len(paragraph.text), seen[-1] + 4)
        reads = f"; the baseline reads '{_clip(paragraph.text[lo:hi], 60)}' there"
    else:
        reads = ""
    return f"the words it deletes, '{_clip(change.deleted)}', are not in the baseline{reads}"


def _folded_span(folded: Folded, start: int, end: int) -> tuple[int, int]:
    """Original [start, end) of a passage to its folded indices (characters wholly inside)."""
    return bisect_left(folded.starts, start), bisect_left(folded.starts, end)


def _place(change: Change, old: Folded, candidate: Candidate, paragraph: Folded) -> Change | None:
    """The change at the baseline's own characters, or None if its words are not there."""
    start, end = _folded_span(old, change.start, change.end)
    amap = candidate.amap
    if end > start:
        if any(amap[i] < 0 for i in range(start, end)):
            return None
        if any(amap[i + 1] != amap[i] + 1 for i in range(start, end - 1)):
            return None
        b_start, b_end = paragraph.original_span(amap[start], amap[end - 1] + 1)
        return Change(b_start, b_end, change.inserted, change.deleted)
    point = _insertion_point(amap, start)
    if point is None:
        return None
    at = paragraph.original_point(point)
    return Change(at, at, change.inserted, "")


def _insertion_point(amap: Sequence[int], at: int) -> int | None:
    """Where an insertion between passage characters at-1 and at goes in the paragraph."""
    left = amap[at - 1] + 1 if at > 0 and amap[at - 1] >= 0 else None
    right = amap[at] if at < len(amap) and amap[at] >= 0 else None
    if left is not None and right is not None and left != right:
        return None  # the baseline has other words at this point
    return left if left is not None else right


def _realized(changes: Sequence[Change], new: Folded, hay: str, position: int) -> tuple[float, list[bool]]:
    """How well the new passage fits the paragraph, and for each change whether it is already there."""
    candidate = _fuzzy_in(new.text, hay, position, 0.0) if new.text else None
    if candidate is None:
        return 0.0, [False] * len(changes)
    shift = 0
    out = []
    for change in changes:
        start = change.start + shift
        end = start + len(change.inserted)
        shift += len(change.inserted) - (change.end - change.start)
        out.append(_present(new, candidate.amap, start, end))
    return candidate.score, out


def _present(new: Folded, amap: Sequence[int], start: int, end: int) -> bool:
    f_start, f_end = _folded_span(new, start, end)
    lo, hi = max(0, f_start - 1), min(len(amap), f_end + 1)
    if hi - lo < 2:
        return False
    return all(amap[i] >= 0 for i in range(lo, hi)) and all(amap[i + 1] == amap[i] + 1 for i in range(lo, hi - 1))


def _taken_in_elsewhere(new: Folded, index: BaselineIndex, hint: int | None, settings: Settings) -> Anchor | None:
    """A MOD whose old words are gone: `already` if its new passage stands clearly in one place."""
    placement = locate(new.text, index, hint, settings)
    if not placement.status.applicable or placement.candidate is None:
        return None
    if placement.candidate.score < settings.strong_score:
        return None
    number = index.number(placement.candidate.position)
    return Anchor(
        AnchorStatus.ALREADY, number, round(placement.candidate.score, 1), f"paragraph {number} already reads as proposed"
    )
