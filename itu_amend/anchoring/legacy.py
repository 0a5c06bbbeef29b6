"""The anchoring engine of 307c87e: a cascade of distance bands, kept behind a switch as the oracle of v2.

To be deleted once `align` is at least as good on every benchmark (issue 13).
"""

from __future__ import annotations

import contextlib
import re
from bisect import bisect_left, bisect_right
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

from .. import workers
from ..model import Action, Anchor, AnchorStatus, Edit, Proposal
from ..normalize import Folded, fold
from .additions import already_added
from .changes import FoldedChange, folded_changes, place_changes, taken_in_at
from .index import BaselineIndex, Candidate
from .placement import Placement, from_placement, join
from .settings import DEFAULT_SETTINGS, Settings


def locate(needle: str, index: BaselineIndex, hint: int | None, settings: Settings = DEFAULT_SETTINGS) -> Placement:
    """Find the one place of a folded passage, the hinted paragraph first."""
    if not needle:
        return Placement(AnchorStatus.UNANCHORED, None, "the quoted passage is empty")
    candidates = _candidates(needle, index, hint, settings)
    viable = [c for c in candidates if c.score >= settings.min_score]
    if not viable:
        return Placement(AnchorStatus.UNANCHORED, None, _nothing_fits(candidates, index))
    if hint is not None:
        chosen = _hinted(viable, hint, index, settings) or _rival_at_hint(viable, hint, index, settings)
        if chosen is not None:
            return chosen
    return _unhinted(viable, hint, index, settings)


def _candidates(needle: str, index: BaselineIndex, hint: int | None, settings: Settings) -> list[Candidate]:
    """Verbatim places; fuzzy ones too where no verbatim whole-word place exists (or not near the hint).

    A paragraph with a verbatim place inside longer words is not searched again
    fuzzily: that would count one place twice and call it ambiguous.
    """
    exact = index.exact(needle)
    if len(needle) < settings.min_fuzzy_chars:
        found = [c for c in exact if c.score >= 100.0]
    elif not any(c.score >= 100.0 for c in exact):
        inside = frozenset(c.position for c in exact)
        near = frozenset() if hint is None else frozenset(range(hint - settings.near, hint + settings.near + 1))
        found = exact + index.scan(needle, inside, settings.report_score, settings.align_floor, near)
    elif hint is not None and all(c.position != hint for c in exact):
        have = {c.position for c in exact}
        around = index.around(needle, hint, settings.doubt_within)
        found = exact + index.fuzzy(needle, [p for p in around if p not in have], settings.min_score)
    else:
        found = exact
    return sorted(found, key=lambda c: (-c.score, c.position, c.start))


def _hinted(viable: list[Candidate], hint: int, index: BaselineIndex, settings: Settings) -> Placement | None:
    at_hint = [c for c in viable if abs(c.position - hint) <= settings.hint_window]
    if not at_hint or at_hint[0].score < viable[0].score - settings.hint_margin:
        return None
    if len(at_hint) > 1 and at_hint[1].score >= at_hint[0].score - settings.unique_margin:
        first, second = (index.number(c.position) for c in at_hint[:2])
        where = f"twice in paragraph {first}" if first == second else f"in paragraphs {first} and {second} alike"
        return Placement(AnchorStatus.AMBIGUOUS, at_hint[0], f"the passage stands {where}")
    if at_hint[0].position != hint:
        return Placement(
            AnchorStatus.ANCHORED,
            at_hint[0],
            f"found in paragraph {index.number(at_hint[0].position)}, beside {index.number(hint)}",
        )
    rivals = [
        c
        for c in viable
        if 0 < abs(c.position - hint) <= settings.rival_distance
        and c.score >= at_hint[0].score - settings.unique_margin
    ]
    whole = _the_whole_paragraph([at_hint[0], *rivals], index)
    if rivals and whole is not None:
        other = next(c for c in [at_hint[0], *rivals] if c is not whole)
        where, beside = index.number(whole.position), index.number(other.position)
        moved = "" if whole.position == hint else f"moved: quoted as paragraph {index.number(hint)}, found in {where}; "
        return Placement(
            AnchorStatus.ANCHORED,
            whole,
            f"{moved}the quote is the whole of paragraph {where}, and only part of paragraph {beside} beside it",
        )
    if rivals:
        return Placement(
            AnchorStatus.AMBIGUOUS,
            at_hint[0],
            f"fits paragraph {index.number(hint)}, the one given ({at_hint[0].score:.0f}), and paragraph "
            f"{index.number(rivals[0].position)} beside it ({rivals[0].score:.0f}) about equally: if the draft "
            "was renumbered, either may be the one quoted",
        )
    return Placement(AnchorStatus.ANCHORED, at_hint[0], None)


def _the_whole_paragraph(contenders: list[Candidate], index: BaselineIndex) -> Candidate | None:
    """The one contender whose quote is its whole paragraph (the others only contain the quote), if any.

    Why: "longer context decides". Quoting a whole paragraph says which paragraph
    was quoted; a copy of those sentences inside a longer paragraph is another one.
    """
    best = max(c.score for c in contenders)
    whole = [c for c in contenders if c.score >= best and c.start == 0 and c.end == len(index.folded[c.position].text)]
    return whole[0] if len(whole) == 1 else None


def _rival_at_hint(viable: list[Candidate], hint: int, index: BaselineIndex, settings: Settings) -> Placement | None:
    """Ambiguous when the hinted paragraph fits strongly, though another fits better.

    Why: either the text moved there, or the author's paragraph was amended since
    and the other is a look-alike (a sentence repeated in the draft); nothing
    tells which. A hinted paragraph that fits only roughly (a neighbour written in
    the same mould, after renumbering) does not stop the move.
    """
    at_hint = [c for c in viable if c.position == hint]
    if not at_hint or at_hint[0].score < settings.strong_score:
        return None
    best = viable[0]
    return Placement(
        AnchorStatus.AMBIGUOUS,
        best,
        f"paragraph {index.number(best.position)} fits best ({best.score:.0f}), but paragraph "
        f"{index.number(hint)}, the one given, fits almost as well ({at_hint[0].score:.0f})",
    )


def _unhinted(viable: list[Candidate], hint: int | None, index: BaselineIndex, settings: Settings) -> Placement:
    best = viable[0]
    where = index.number(best.position)
    closest = _closest_of_equals(viable, hint, index, settings)
    if closest is not None:
        return closest
    if len(viable) > 1 and viable[1].score >= best.score - settings.unique_margin:
        other = viable[1]
        others = (
            f"twice in paragraph {where}"
            if other.position == best.position
            else f"paragraphs {where} ({best.score:.0f}) and {index.number(other.position)} ({other.score:.0f})"
        )
        return Placement(AnchorStatus.AMBIGUOUS, best, f"fits {others} about equally")
    far = hint is None or abs(best.position - hint) > settings.near
    given = _doubter(viable, best, hint, settings)
    if given is not None and hint is not None:
        which = "the one given" if given.position == hint else f"near {index.number(hint)}, the one given"
        return Placement(
            AnchorStatus.AMBIGUOUS,
            best,
            f"paragraph {index.number(given.position)}, {which}, fits ({given.score:.0f}), "
            f"and paragraph {where}, far from it, fits better ({best.score:.0f}): the words may have changed "
            "where they were quoted, or the text moved",
        )
    if far and best.score < settings.strong_score:
        return Placement(
            AnchorStatus.UNANCHORED,
            best,
            f"best candidate paragraph {where} (score {best.score:.0f}) is too weak a match "
            + ("with no paragraph given" if hint is None else "that far from the paragraph given"),
        )
    moved = None if hint is None else f"moved: quoted as paragraph {index.number(hint)}, found in {where}"
    return Placement(AnchorStatus.ANCHORED, best, moved)


def _doubter(viable: list[Candidate], best: Candidate, hint: int | None, settings: Settings) -> Candidate | None:
    """A place near the hint that still fits while the best is away from it: the words may have changed there.

    Within `near` of the hint first; for a best `far` away, anywhere within `doubt_within`.
    """
    if hint is None or abs(best.position - hint) <= settings.near:
        return None
    others = [c for c in viable if c.position != best.position]
    close = [c for c in others if abs(c.position - hint) <= settings.near]
    if not close and abs(best.position - hint) >= settings.far:
        close = [c for c in others if abs(c.position - hint) <= settings.doubt_within]
    return close[0] if close else None


def _closest_of_equals(
    viable: list[Candidate], hint: int | None, index: BaselineIndex, settings: Settings
) -> Placement | None:
    """The one best-scoring place near the hint when the others as good are far from it (position decides).

    Why: a sentence the draft repeats far away says nothing against the paragraph
    near where the author saw it; the hint is only off by the renumbering. Two
    equal places both near the hint stay ambiguous (a copy beside a renumbering).
    """
    if hint is None:
        return None
    equals = [c for c in viable if c.score >= viable[0].score]
    close = [c for c in equals if abs(c.position - hint) <= settings.near]
    if len(equals) < 2 or len(close) != 1 or close[0].position == hint:
        return None
    rivals = [c for c in viable if c is not close[0] and c.score >= viable[0].score - settings.unique_margin]
    if any(abs(c.position - hint) < settings.far for c in rivals):
        return None  # another about as good is not far: twice in that paragraph, or a look-alike nearby
    others = ", ".join(dict.fromkeys(index.number(c.position) for c in equals if c is not close[0]))
    return Placement(
        AnchorStatus.ANCHORED,
        close[0],
        f"moved: quoted as paragraph {index.number(hint)}, found in {index.number(close[0].position)}, "
        f"beside it (the passage stands also in paragraph {others}, far from it)",
    )


def _nothing_fits(candidates: list[Candidate], index: BaselineIndex) -> str:
    if not candidates:
        return "no paragraph of the baseline contains the quoted passage"
    best = candidates[0]
    return (
        f"no paragraph fits well enough (best candidate paragraph "
        f"{index.number(best.position)}, score {best.score:.0f})"
    )


# --- anchoring edits, and the renumbering a proposal's edits reveal ----------


def anchor_proposals(
    proposals: Sequence[Proposal],
    index: BaselineIndex,
    settings: Settings = DEFAULT_SETTINGS,
    progress: Callable[[int, int], None] | None = None,
    *,
    jobs: int | None = 1,
) -> dict[str, Anchor]:
    """Anchor every edit; a proposal's confident anchors correct its other hints, and every
    proposal's anchors show where paragraphs stood in the draft the authors saw.

    `progress`, if given, is told (edits anchored so far, total) after each proposal.
    Proposals are anchored on `jobs` processes (None: every core, for
    `PARALLEL_FROM` edits or more); each is independent of the others until the
    last step, so the anchors are the same whatever `jobs` is.
    """
    total, done = sum(len(p.edits) for p in proposals), 0
    if jobs is None:
        jobs = min(workers.available(), len(proposals)) if total >= PARALLEL_FROM else 1
    if jobs > 1:
        index.prepare()  # built once, before the workers are forked, so that they share it
    anchors: dict[str, Anchor] = {}
    expected: dict[str, Expected] = {}
    with contextlib.closing(workers.ordered_map(_anchor_one, (index, settings), proposals, jobs)) as each:
        for proposal, (found, where) in zip(proposals, each, strict=True):
            anchors.update(found)
            expected.update(where)
            done += len(proposal.edits)
            if progress is not None:
                progress(done, total)  # if it raises, the workers are stopped at once
    return _doubt_moves_into_claimed(anchors, expected, index, settings)


PARALLEL_FROM = 500
"""Edits: from this many, proposals are anchored on every core. Measured on a 20,000-paragraph draft
with 2 cores: 250 edits 0.76 -> 0.41 s, but 100 edits 0.26 -> 0.34 s (forking the workers and
sending the anchors back cost more than they save)."""


def _anchor_one(
    shared: tuple[BaselineIndex, Settings], proposal: Proposal
) -> tuple[dict[str, Anchor], dict[str, Expected]]:
    index, settings = shared
    try:
        return _anchor_proposal(proposal, index, settings)
    finally:
        index.forget()


def anchor_proposal(
    proposal: Proposal, index: BaselineIndex, settings: Settings = DEFAULT_SETTINGS
) -> dict[str, Anchor]:
    """Anchor a proposal's edits, then re-read the hints of the others as the draft was renumbered.

    Alone: other proposals' edits, which may doubt a move (`anchor_proposals`), are not read.
    """
    return _anchor_proposal(proposal, index, settings)[0]


@dataclass(frozen=True)
class Expected:
    """Where an edit's paragraph number puts its paragraph in the current draft, as its proposal maps it.

    `own` is the position of the paragraph that bears the number now (None: none
    does). `span` is where the shifts of the proposal's nearest other edits
    before and after it put it (None: no other edit maps it). `bounds` is where
    it may be at all, paragraphs keeping their order: between where those edits
    landed, open on a side without one. Edits quoting the same paragraph are no
    evidence for each other: they moved, or not, together.
    """

    number: str
    own: int | None
    span: tuple[int, int] | None
    bounds: tuple[int, int] | None

    def home(self, at: int, settings: Settings) -> bool:
        """Found where its number puts it, give or take `near`: at its own number, or where the proposal maps it."""
        if self.own is not None and abs(at - self.own) <= settings.near:
            return True
        return self.span is not None and self.span[0] - settings.near <= at <= self.span[1] + settings.near

    def placed(self, at: int, settings: Settings) -> bool:
        """Found where it shows the paragraph stood: in its place, or in order with its proposal's other edits."""
        if self.home(at, settings):
            return True
        return self.bounds is not None and self.bounds[0] - settings.near <= at <= self.bounds[1] + settings.near

    def away(self, at: int, settings: Settings) -> bool:
        """Found where the proposal's other edits say its paragraph cannot be (out of order with them)."""
        return self.bounds is not None and not self.placed(at, settings)

    def agrees(self, other: Expected, settings: Settings) -> bool:
        """Whether both may name one paragraph: spans near each other, or the same number where one is unmapped."""
        if self.span is None or other.span is None:
            return self.number == other.number
        return self.span[0] - 2 * settings.near <= other.span[1] and other.span[0] - 2 * settings.near <= self.span[1]


def _anchor_proposal(
    proposal: Proposal, index: BaselineIndex, settings: Settings
) -> tuple[dict[str, Anchor], dict[str, Expected]]:
    """The proposal's anchors, and where each quoting, numbered edit's number puts its paragraph.

    Like patch carrying a hunk's offset to the next: an edit found without its
    hint, confidently, shows how far the author's paragraph numbers are off near
    it. Every other hinted edit is anchored again with its hint corrected by the
    nearest such shifts before and after it.
    """
    anchors = {edit.id: anchor_edit(edit, index, _hint(edit, index), settings) for edit in proposal.edits}
    evidence = _evidence(proposal, anchors, index, settings)
    for outlier in _outliers(evidence, settings):
        del evidence[outlier]  # re-anchored below with the shift its neighbours show
    numbers = {edit.id: edit.paragraph or "" for edit in proposal.edits}
    renumbering = Renumbering.of(evidence, numbers)
    size = len(index.paragraphs)
    expected = {}
    for edit in proposal.edits:
        hint = _hint(edit, index)
        if _quotes(edit) and edit.paragraph is not None:
            if hint is None:
                expected[edit.id] = renumbering.unnumbered(edit.paragraph, size)
            else:
                expected[edit.id] = renumbering.expected(edit.paragraph, hint, size)
        if hint is None or edit.id in evidence:
            continue
        corrected = renumbering.corrected(hint, size)
        if corrected and corrected != {hint}:
            anchors[edit.id] = _reanchored(edit, sorted(corrected), anchors[edit.id], index, settings)
    return anchors, expected


def _doubt_moves_into_claimed(
    anchors: dict[str, Anchor], expected: dict[str, Expected], index: BaselineIndex, settings: Settings
) -> dict[str, Anchor]:
    """Ambiguous: an edit found where its proposal's other edits say its paragraph cannot be (out of order
    with them), in a paragraph that another edit was found in in its place (at its number, where its
    proposal's shifts put it, or in order with its proposal's other edits), or that another edit
    from a different place was also found in.

    Why: the other edit shows that this paragraph stood here in the draft its
    author saw (or came from another place), not where the first author's draft
    puts theirs. The first quote more likely stands in two paragraphs (a long
    text repeats its sentences), its own paragraph deleted or rewritten since,
    than moved here; applied, it would change a paragraph its author never
    quoted. An edit whose proposal shows nothing of its renumbering is not
    doubted: its number may be off because the whole draft was renumbered, which
    says nothing of where the paragraph went.
    """
    placed: dict[str, list[str]] = defaultdict(list)
    away: dict[str, list[str]] = defaultdict(list)
    for edit_id, where in expected.items():
        anchor = anchors[edit_id]
        if anchor.paragraph is None:
            continue
        at = index.positions[anchor.paragraph]
        if where.placed(at, settings):
            if anchor.score is not None and anchor.score >= settings.min_score:
                placed[anchor.paragraph].append(edit_id)  # its quote, not only its number, stands there
        elif anchor.status.applicable and where.away(at, settings):
            away[anchor.paragraph].append(edit_id)
    doubted = dict(anchors)
    for paragraph, moved in away.items():
        at = index.positions[paragraph]
        for edit_id in moved:
            claims = [
                o for o in placed.get(paragraph, []) if _contradicts(expected[o], expected[edit_id], at, settings)
            ]
            doubt = _doubt(edit_id, paragraph, claims, moved, expected, settings)
            if doubt is not None:
                anchor = anchors[edit_id]
                doubted[edit_id] = Anchor(
                    AnchorStatus.AMBIGUOUS, score=anchor.score, message=join(anchor.message, doubt)
                )
    return doubted


def _contradicts(claimant: Expected, doubted: Expected, at: int, settings: Settings) -> bool:
    """Whether an edit found in its place at `at` says the doubted edit's paragraph is not there.

    Not when both numbers may name one paragraph (their drafts agree on it), unless
    the claimant stands at its very own number: then that paragraph was not moved.
    """
    at_own = claimant.own is not None and abs(at - claimant.own) <= settings.near
    return at_own or not claimant.agrees(doubted, settings)


def _doubt(
    edit_id: str, paragraph: str, placed: list[str], moved: list[str], expected: dict[str, Expected], settings: Settings
) -> str | None:
    """Why the paragraph an edit was found in, out of order with its proposal's other edits, may not be its own."""
    where = expected[edit_id]
    lost = f"paragraph {paragraph} is out of order with the proposal's other edits"
    if placed:
        return (
            f"{lost}, and {placed[0]} was found there in its place: the passage may stand in both, "
            f"paragraph {where.number} as quoted deleted or changed since"
        )
    rivals = [other for other in moved if other != edit_id and not where.agrees(expected[other], settings)]
    if rivals:
        return (
            f"{lost}, and {rivals[0]} (quoted as paragraph {expected[rivals[0]].number}) was found there too, "
            "from another place: the passage may stand in more than one paragraph, and nothing tells which "
            "one moved there"
        )
    return None


def _hint(edit: Edit, index: BaselineIndex) -> int | None:
    """The position the author's paragraph number names (an ADD's `after`/`before` number too)."""
    reference = edit.paragraph if edit.action is not Action.ADD else edit.after or edit.before
    return None if reference is None else index.positions.get(reference)


def _quotes(edit: Edit) -> bool:
    """Whether the edit quotes text that locates it (else it rests on its paragraph number)."""
    if edit.action is Action.ADD:
        return False
    return edit.action is Action.MOD or bool(edit.text)


def _confident(anchor: Anchor, settings: Settings) -> bool:
    return (
        anchor.status in (AnchorStatus.ANCHORED, AnchorStatus.ALREADY)
        and anchor.score is not None
        and anchor.score >= settings.strong_score
    )


def _evidence(
    proposal: Proposal, anchors: dict[str, Anchor], index: BaselineIndex, settings: Settings
) -> dict[str, tuple[int, int]]:
    """edit id -> (hint position, shift) for each hinted edit found confidently even without its hint.

    Why without: a sentence repeated in two paragraphs anchors where its hint
    says, which shows nothing about renumbering.
    """
    found = {}
    for edit in proposal.edits:
        hint, anchor = _hint(edit, index), anchors[edit.id]
        if hint is None or not _quotes(edit) or not _confident(anchor, settings) or _costly_alone(edit, index):
            continue
        alone = anchor_edit(edit, index, None, settings)
        if _confident(alone, settings) and alone.paragraph == anchor.paragraph and alone.paragraph is not None:
            found[edit.id] = (hint, index.positions[alone.paragraph] - hint)
    return found


def _costly_alone(edit: Edit, index: BaselineIndex) -> bool:
    """Whether anchoring the edit without its hint would score every paragraph of a large draft.

    That is a quote of common words only (nothing for the word index to narrow
    with) that stands nowhere word for word. Why skip it as evidence: it costs
    ~0.5 s at 20,000 paragraphs, and common words found far away are the weakest
    evidence of renumbering there is.
    """
    if not index.words.indexed:
        return False
    text = edit.marked.old if edit.marked is not None else edit.text or ""
    needle = fold(text).text
    return not index.words.has_rare_words(needle) and not any(c.score >= 100.0 for c in index.exact(needle))


def _outliers(evidence: dict[str, tuple[int, int]], settings: Settings) -> list[str]:
    """Evidence whose shift disagrees, by more than `doubt_within`, with that of each of its (up to) two
    nearest neighbours on either side; it must have neighbours on both sides.

    Why: an edit anchored confidently far away may have found a copy of its quote
    (its own paragraph deleted or changed); taken as evidence, it would both hide
    that and shift its neighbours' hints. A paragraph that really moved is
    re-anchored and found again, unless a paragraph near its corrected hint still fits.
    """
    ordered = sorted(evidence.items(), key=lambda item: item[1])
    found = []
    for i, (edit_id, (_, shift)) in enumerate(ordered):
        if i == 0 or i == len(ordered) - 1:
            continue  # at an end, a disagreeing neighbour may be the renumbering itself
        neighbours = [ordered[j][1][1] for j in (i - 2, i - 1, i + 1, i + 2) if 0 <= j < len(ordered)]
        if all(abs(shift - other) > settings.doubt_within for other in neighbours):
            found.append(edit_id)
    return found


@dataclass(frozen=True)
class Renumbering:
    """A proposal's evidence of renumbering: at each hint position, the edits found from it and their shifts.

    Sorted, so that the nearest evidence before and after a hint is found by
    bisection: a proposal of 400 edits asks it 400 times.
    """

    positions: tuple[int, ...]
    shifts: dict[int, list[tuple[str, int]]]
    by_number: tuple[tuple[tuple[tuple[int, int, str], ...], int], ...]
    """(the author's number as a natural sort key, where its edit landed), in the author's order; only
    the edits that landed in that order too (the longest such run: one that found a copy of its
    quote far away does not bound the others)."""

    @classmethod
    def of(cls, evidence: dict[str, tuple[int, int]], numbers: dict[str, str]) -> Renumbering:
        shifts: dict[int, list[tuple[str, int]]] = defaultdict(list)
        for edit_id, (at, shift) in evidence.items():
            shifts[at].append((edit_id, shift))
        by_number = sorted((_natural(numbers[edit_id]), at + shift) for edit_id, (at, shift) in evidence.items())
        in_order = _longest_in_order([landed for _, landed in by_number])
        return cls(tuple(sorted(shifts)), dict(shifts), tuple(by_number[k] for k in in_order))

    def unnumbered(self, number: str, size: int) -> Expected:
        """For a number that names no paragraph now: between where the edits of the nearest numbers
        below and above it (in the author's numbering: "13A" after 13, "5.2" after 5.1) landed.

        Why the author's numbers, not the order of the edits: a proposal may list a
        consequential change out of order; its numbers still say where it stood.
        """
        key = _natural(number)
        i = bisect_left(self.by_number, (key,))
        j = bisect_right(self.by_number, (key, size))
        if i == 0 and j == len(self.by_number):
            return Expected(number, None, None, None)
        lo = self.by_number[i - 1][1] if i > 0 else 0
        hi = self.by_number[j][1] if j < len(self.by_number) else size - 1
        return Expected(number, None, None, (min(lo, hi), max(lo, hi)))

    def corrected(self, hint: int, size: int) -> set[int]:
        """The hint moved by the shifts of the nearest evidence before and after it (more than one if they
        differ). Asked only for an edit that is no evidence itself."""
        before, after = bisect_right(self.positions, hint) - 1, bisect_left(self.positions, hint)
        nearest = [self.positions[k] for k in {before, after} if 0 <= k < len(self.positions)]
        return {hint + shift for at in nearest for _, shift in self.shifts[at] if 0 <= hint + shift < size}

    def expected(self, number: str, hint: int, size: int) -> Expected:
        """Where the nearest evidence strictly before and after the hint puts its paragraph, and bounds it.

        Strictly: evidence at the hint itself quotes the same paragraph, and moved,
        or not, with it. Past the last evidence on a side nothing maps the draft,
        so that side is bounded only by order (open).
        """
        i, j = bisect_left(self.positions, hint), bisect_right(self.positions, hint)
        before = self.positions[i - 1] if i > 0 else None
        after = self.positions[j] if j < len(self.positions) else None
        if before is None and after is None:
            return Expected(number, hint, None, None)
        shifts = [shift for at in (before, after) if at is not None for _, shift in self.shifts[at]]
        span = (hint + min(shifts), hint + max(shifts))
        if before is not None and after is not None:
            return Expected(number, hint, span, span)
        if after is None:
            assert before is not None
            landed = before + min(shift for _, shift in self.shifts[before])
            return Expected(number, hint, span, (min(span[0], landed), size - 1))
        landed = after + max(shift for _, shift in self.shifts[after])
        return Expected(number, hint, span, (0, max(span[1], landed)))


def _longest_in_order(values: Sequence[int]) -> list[int]:
    """The indices of a longest non-decreasing run of `values` (not necessarily contiguous), in order."""
    tails: list[int] = []  # tails[k]: the index ending the best run of length k + 1 so far
    ends: list[int] = []  # ends[k] = values[tails[k]], kept sorted for bisection
    before = [-1] * len(values)
    for i, value in enumerate(values):
        k = bisect_right(ends, value)
        before[i] = tails[k - 1] if k else -1
        if k == len(tails):
            tails.append(i)
            ends.append(value)
        else:
            tails[k], ends[k] = i, value
    run, i = [], tails[-1] if tails else -1
    while i >= 0:
        run.append(i)
        i = before[i]
    return run[::-1]


def _natural(number: str) -> tuple[tuple[int, int, str], ...]:
    """A paragraph number as the author orders it: "5.10" after "5.9", "13A" after "13", "40" after "9"."""
    return tuple((0, int(part), "") if part.isdigit() else (1, 0, part) for part in re.findall(r"\d+|\D+", number))


def _reanchored(edit: Edit, corrected: list[int], first: Anchor, index: BaselineIndex, settings: Settings) -> Anchor:
    """The edit anchored at its corrected hint(s): refused where they disagree or cannot be checked."""
    reference = edit.paragraph or edit.after or edit.before
    numbers = " or ".join(index.number(c) for c in corrected)
    renumbered = (
        f"the proposal's other edits show the draft was renumbered: its paragraph {reference} may now be {numbers}"
    )
    if not _quotes(edit):
        return Anchor(AnchorStatus.AMBIGUOUS, message=f"{renumbered}; quote the text to say which")
    # the evidence says which neighbour is meant; where the shifts before and after differ, give
    # or take the places between them
    window = settings.near if len(corrected) > 1 else 0
    trusting = replace(settings, rival_distance=0, hint_window=window)
    retries = [anchor_edit(edit, index, c, trusting) for c in corrected]
    retries = _between(retries, corrected, edit, index, settings) or retries
    places = sorted({(r.status.value, r.paragraph or "") for r in retries})
    if len(places) > 1:
        fits = " and ".join(f"{p or 'nowhere'} ({s})" for s, p in places)
        return Anchor(AnchorStatus.AMBIGUOUS, score=first.score, message=f"{renumbered}, and the passage gives {fits}")
    if retries[0].paragraph == edit.paragraph and retries[0].status is first.status:
        return first
    hinted = {index.number(c) for c in corrected}
    at_found = [r for r in retries if r.paragraph in hinted]
    retry = (at_found or retries)[0]
    return _with_message(
        retry, f"paragraph {reference} read as {numbers}: the proposal's other edits show the draft was renumbered"
    )


def _between(
    retries: list[Anchor], corrected: list[int], edit: Edit, index: BaselineIndex, settings: Settings
) -> list[Anchor]:
    """The retries anchored in one paragraph between the corrected hints, if nothing else there fits as well.

    Why: the shifts before and after an edit bound where its paragraph is now; a
    retry that finds it there is not contradicted by one that, from the other
    bound, finds nothing decisive, or a copy far outside the bounds. Another
    place inside the bounds fitting about as well does contradict it.
    """
    anchored = [r for r in retries if r.status.applicable and r.paragraph is not None]
    if not anchored or len({r.paragraph for r in anchored}) > 1 or edit.marked is None:
        return []
    assert anchored[0].paragraph is not None
    at = index.positions[anchored[0].paragraph]
    lo, hi = max(0, min(corrected) - settings.near), min(len(index.folded) - 1, max(corrected) + settings.near)
    if not lo <= at <= hi or hi - lo > 2 * settings.doubt_within:
        return []
    needle = fold(edit.marked.old).text
    fits = [*index.exact(needle), *index.fuzzy(needle, range(lo, hi + 1), settings.min_score)]
    inside = [c for c in fits if lo <= c.position <= hi and c.score >= settings.min_score]
    best = max((c.score for c in inside if c.position == at), default=0.0)
    if any(c.position != at and c.score >= best - settings.unique_margin for c in inside):
        return []
    return anchored


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
    return from_placement(placement, index, settings)


def _anchor_add(edit: Edit, index: BaselineIndex, settings: Settings) -> Anchor:
    """ADD: its reference paragraph (a number, else a quoted passage); `already` if the text stands."""
    taken = already_added(edit, index, settings)
    if taken is not None:
        return taken
    reference = edit.after if edit.after is not None else edit.before
    assert reference is not None  # loading guarantees after or before
    if reference in index.positions:
        return Anchor(AnchorStatus.ANCHORED, reference, 100.0)
    placement = locate(fold(reference).text, index, None, settings)
    anchor = from_placement(placement, index, settings)
    if anchor.status is AnchorStatus.UNANCHORED and not placement.candidate:
        return Anchor(
            AnchorStatus.UNANCHORED,
            message=f"no paragraph '{reference}' in the baseline, and no paragraph contains it as a passage",
        )
    return anchor


def _anchor_mod(edit: Edit, index: BaselineIndex, hint: int | None, settings: Settings) -> Anchor:
    """Locate the old passage and place the changes; or find the edit taken in where the author quoted it.

    An old passage that is gone everywhere may have been taken in wherever the
    new passage clearly stands. One that is found away from its hint may have
    been taken in at the hint (the copy elsewhere is other text). An ambiguous one
    is not claimed as taken in: the old words still stand somewhere.
    """
    marked = edit.marked
    assert marked is not None  # loading parses every MOD
    old, new = fold(marked.old), fold(marked.new)
    changes = folded_changes(marked, old, new)
    placement = locate(old.text, index, hint, settings)
    candidate = placement.candidate
    taken = None
    if placement.status is AnchorStatus.UNANCHORED:
        taken = _taken_in_elsewhere(changes, old, new, index, hint, settings)
    elif hint is not None and (candidate is None or candidate.position != hint):
        taken = taken_in_at(changes, old, new, index, hint, settings)
    doubtful = placement.status.applicable or placement.status is AnchorStatus.AMBIGUOUS
    if taken is None and doubtful and candidate is not None:
        taken = _taken_in_far_from(candidate, new, index, hint, settings)  # the more telling reason
    if taken is not None:
        return taken
    if not placement.status.applicable or candidate is None:
        return from_placement(placement, index, settings)
    return place_changes(changes, old, new, placement, index, settings)


def _taken_in_far_from(
    candidate: Candidate, new: Folded, index: BaselineIndex, hint: int | None, settings: Settings
) -> Anchor | None:
    """Ambiguous when the old words stand far from the paragraph named while another reads as proposed.

    Why: the draft may have taken the edit in, and the old sentence far away be a
    repetition the author never quoted; applying it there would edit that one.
    """
    if hint is None or abs(candidate.position - hint) <= settings.near or len(new.text) < settings.min_fuzzy_chars:
        return None
    elsewhere = [c for c in index.exact(new.text) if c.position != candidate.position and c.score >= 100.0]
    if not elsewhere:
        return None
    return Anchor(
        AnchorStatus.AMBIGUOUS,
        score=round(candidate.score, 1),
        message=(
            f"the quoted words stand in paragraph {index.number(candidate.position)}, but paragraph "
            f"{index.number(elsewhere[0].position)} already reads as proposed: which one was quoted?"
        ),
    )


def _taken_in_elsewhere(
    changes: list[FoldedChange], old: Folded, new: Folded, index: BaselineIndex, hint: int | None, settings: Settings
) -> Anchor | None:
    """A MOD whose old passage is not found: `already` if its new passage stands clearly in one place."""
    placement = locate(new.text, index, hint, settings)
    candidate = placement.candidate
    if not placement.status.applicable or candidate is None:
        return None
    return taken_in_at(changes, old, new, index, candidate.position, settings)
