"""Anchoring a proposal with the alignment: candidates, the proposal aligned as it is looked up, each outcome.

1. Each edit's candidates: where its quote stands verbatim, and (for a quote found
   nowhere verbatim) the paragraphs around where its author's number puts it.
2. The proposal aligned (`align`): one place per edit, chosen together.
3. Looked up wider where that alignment says (`widen`): around where its shifts put
   each edit (what the renumbering shown by the *other* edits predicts), and, for an
   edit not settled there, in the whole draft; aligned again, until nothing new is found.
4. Each edit's outcome: ambiguous below the margin; else its changes placed
   (`changes`), or the edit found taken in.
"""

from __future__ import annotations

import math
from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from ..model import Action, Anchor, AnchorStatus, Edit, Proposal, Reason, Why
from ..normalize import fold
from .additions import already_added
from .align import Choice, Costs, Slot, align
from .candidates import Lookups, Numbering, Place, Quote, Reading, Scope, natural, number_at, places, quote_of
from .changes import place_changes, taken_in_at
from .index import SEPARATOR, BaselineIndex, fuzzy_in
from .placement import Placement, from_placement
from .reasons import message
from .settings import Settings


@dataclass(frozen=True)
class Placed:
    """Where an edit of a proposal was placed, as the cross-proposal check reads it."""

    edit: str
    number: str | None
    position: int
    paragraph: str
    expected: float | None
    """Where the shift carried into it puts its paragraph (its proposal's reading of its number)."""
    claims: bool
    """Found at its number, or on the shift its neighbours show: the paragraph stood here in its author's draft."""
    moved: bool
    """Found out of order with its proposal's other edits, and not on a shift they show."""
    applicable: bool


@dataclass(eq=False)
class Item:
    """An edit being anchored: its quote, coordinate and places (refined between the alignments)."""

    edit: Edit
    quote: Quote | None
    coordinate: float | None
    window: set[int]
    places: list[Place]
    lookups: Lookups | None = None
    """What scoring its places found so far (see `candidates.Lookups`)."""
    scope: Scope = Scope.NUMBER
    """Where its quote has been looked for so far."""
    rivals_from: float | None = None
    """Looked for in the whole draft: the fit from which a place there could rival its own (None: unplaced)."""
    _viable: tuple[list[Place], float, list[Place]] | None = field(default=None, repr=False)
    _slot: tuple[list[Place], Slot] | None = field(default=None, repr=False)

    def slot(self, settings: Settings) -> Slot:
        viable = self.viable(settings)
        made = self._slot
        if made is not None and made[0] is viable:
            return made[1]
        slot = Slot(self.coordinate, [(p.position, p.fit) for p in viable])
        self._slot = (viable, slot)
        return slot

    def viable(self, settings: Settings) -> list[Place]:
        """The best place of each position and reading that fits well enough to be applied (made once for each
        list of places: each alignment reads it twice, and a proposal is aligned up to four times)."""
        made = self._viable
        if made is not None and made[0] is self.places and made[1] == settings.min_score:
            return made[2]
        found = self._viable_places(settings)
        self._viable = (self.places, settings.min_score, found)
        return found

    def _viable_places(self, settings: Settings) -> list[Place]:
        seen: set[tuple[int, Reading]] = set()
        found = []
        for p in self.places:
            if p.fit >= settings.min_score and (p.position, p.reading) not in seen:
                seen.add((p.position, p.reading))
                found.append(p)
        return found


def prepare(
    proposal: Proposal, index: BaselineIndex, settings: Settings, numbering: Numbering | None = None
) -> list[Item]:
    """The proposal's edits in their author's order, each with its quote, coordinate and first window.

    `numbering`: the baseline's, made once for all proposals (it reads every paragraph number: made
    per proposal, 50 proposals over 20,000 paragraphs cost a million number parses, ~4 s).
    """
    numbering = numbering or Numbering(index)
    return sorted(
        (_item(edit, index, numbering, settings.costs) for edit in proposal.edits),
        key=lambda item: (item.coordinate is None, natural(_number(item.edit) or "")),
    )


def score(item: Item, index: BaselineIndex, settings: Settings) -> tuple[list[Place], Lookups | None]:
    """The item's places in its window and wherever the index finds its quote (independent of other edits),
    and what was looked up to find them (scored again, only what its window gained is scored)."""
    if item.quote is None:
        return [], None
    return places(item.quote, index, item.window, settings, item.lookups, item.scope, item.rivals_from)


def aligned(items: Sequence[Item], settings: Settings) -> list[Fix]:
    """The proposal aligned on its items' places: each edit's place, and the shifts carried into and out of it."""
    choices = align([item.slot(settings) for item in items], settings.costs)
    return _fixes(items, choices, settings)


def restated(items: Sequence[Item], fixes: Sequence[Fix], settings: Settings) -> list[Fix]:
    """The alignment that stands (its slots did not change), its places taken from the items' places as they are now.

    Why: scored again, an item may give the same slots (position, fit) through other places, for
    example its new passage found verbatim at a character on from where its fuzzy fit began; the
    fix kept the old place, the item the new ones, and a place the item no longer had was read as
    a second one in its paragraph (`TWICE_IN_PARAGRAPH`: benchmarks/scale.py, G41/138).
    """
    return [
        fix if fix.choice.place is None else replace(fix, place=item.viable(settings)[fix.choice.place])
        for item, fix in zip(items, fixes, strict=True)
    ]


def read(
    items: Sequence[Item], fixes: list[Fix], index: BaselineIndex, settings: Settings
) -> tuple[list[Fix], dict[int, Reason]]:
    """The final alignment read: each edit against its neighbours, and the moves numbered otherwise."""
    fixes = _read_against_neighbours(items, fixes, settings)
    return fixes, _numbered_otherwise(items, fixes, index)


def settled(item: Item, fix: Fix) -> bool:
    """Placed where its quote stands verbatim, without a number: nothing more is looked up for it.

    Without a number every place costs its misfit only, so no place fits better than verbatim, and the
    index's places of the quote (its rarer words, every verbatim stand) were scored with the first window.
    A numbered edit is looked for in the whole draft as well, verbatim or not, from `rivals_from`.

    Why not a numbered verbatim edit that the alignment pays little for, as the costs seemed to allow
    (a far place pays a `move`, more than the margin): the far place's shift can spare the next edits
    their steps, up to a `move` (`rivals_from`). A review of session 7 built such a case (tests/
    test_lookups.py): verbatim at its number, a look-alike at 99 nine places on, where the next two edits
    stand, 18.8 against 12, within the margin, and applied. 13 of 6,600 random workspaces differed from
    the alignment scored against every paragraph. Two reviews of session 5 found the same gap for
    changed quotes at a good fit.
    """
    place = fix.place
    return place is not None and place.fit >= 100.0 and item.coordinate is None


def rivals_from(item: Item, fix: Fix, costs: Costs) -> float | None:
    """The fit from which the whole draft's places are fetched for a placed, numbered edit (None: any, the best).

    A place beyond the edit's windows stands more than `Costs.window` places from where any shift
    kept into the edit puts it (`widen`): it costs 100 - fit + `move` (a break). The shift it
    carries may spare the edits after it some of what they cost on a kept shift (the next edits fit
    there, and are off the shift or unplaced otherwise), but never more than `move` (from a kept
    shift, a break reaches the first of them for that) nor more than the least they could cost from
    any shift allows (`Choice.spared`). So an alignment through such a place costs at least
    100 - fit + `move` - min(`move`, spared), minus what the cheapest alignment pays for the edit
    (`Choice.worth`), more than the cheapest, and must come within the margin (`margin` +
    `per_place`, 11, at most) to matter: only places fitting more than
    100 - 11 - worth + `move` - min(`move`, spared) can rival the edit's own. From 100 on none can.
    An unplaced edit, or one without a number (every place costs its misfit only), gets the index's
    best places whatever they fit: a refusal names the best (see also `_best`).

    Why the whole draft for a verbatim edit too: a review of session 7 built one placed verbatim at
    its number whose look-alike (99) nine places on carries the shift the next two edits stand on,
    sparing them 12 points of steps: 18.8 against 12, within the margin (tests/test_lookups.py).
    Why the bound: a changed quote's whole-draft search (4,703 quotes of ../shared/drift-dev's
    scale set) scored every paragraph sharing its rarer words from 50 and aligned them from 65,
    places that can change nothing (anchoring 7.0 -> 5.7 s on one core, the anchors byte for byte
    the same); where the edits after cost nothing (the usual case: on the shift, verbatim) no far
    place can rival, and none is looked up. The bound is the alignment's own, and shares its
    limit: alignments through states the beam dropped are not counted (benchmarks/README.md).
    """
    if fix.place is None or item.coordinate is None:
        return None
    spared = min(costs.move, fix.choice.spared)
    return 100.0 - (costs.margin + costs.per_place) - fix.choice.worth + costs.move - spared


@dataclass(frozen=True)
class Fix:
    """An edit's place in the cheapest alignment, read against its neighbours'."""

    choice: Choice
    place: Place | None
    before: float
    """The shift carried into the edit (0 when no edit before showed one)."""
    after: float
    """The shift carried out of it, into the next edit."""
    agreed: bool = False
    """A neighbour (the nearest placed edit of another number, before or after) shows its shift, give or
    take less than a move's worth of places: the draft was renumbered there, not this paragraph moved."""
    in_order: bool = True
    """Placed between where its nearest placed neighbours of other numbers were (paragraphs keep their order)."""


def _fixes(items: Sequence[Item], choices: Sequence[Choice], settings: Settings) -> list[Fix]:
    fixes = []
    for k, (item, choice) in enumerate(zip(items, choices, strict=True)):
        place = None if choice.place is None else item.viable(settings)[choice.place]
        after = choices[k + 1].shift if k + 1 < len(choices) else choice.shift
        fixes.append(Fix(choice, place, choice.shift or 0.0, after or 0.0))
    return fixes


def _read_against_neighbours(items: Sequence[Item], fixes: list[Fix], settings: Settings) -> list[Fix]:
    """Each placed, numbered edit's `agreed` and `in_order`, from its nearest neighbours of other numbers.

    Edits quoting the same paragraph are no evidence for each other: they moved, or not, together.
    """
    known = [
        (k, item.coordinate, fix.place.position)
        for k, (item, fix) in enumerate(zip(items, fixes, strict=True))
        if fix.place is not None and item.coordinate is not None
    ]
    costs = settings.costs
    read = list(fixes)
    for j, (k, coordinate, position) in enumerate(known):
        before, after = _other_numbers(known, j)
        own, carried = position - coordinate, fixes[k].choice.carries
        near = any(costs.per_place * abs(own - (o[2] - o[1])) < costs.move for o in (before, after) if o is not None)
        between = (before is None or before[2] <= position) and (after is None or position <= after[2])
        agreed, in_order = carried and near, carried and between
        read[k] = replace(fixes[k], agreed=agreed, in_order=in_order)
    return read


def _other_numbers(
    known: Sequence[tuple[int, float, int]], j: int
) -> tuple[tuple[int, float, int] | None, tuple[int, float, int] | None]:
    """The nearest placed edits before and after `known[j]` whose numbers differ from its own."""
    first = last = j
    while first > 0 and known[first - 1][1] == known[j][1]:
        first -= 1
    while last + 1 < len(known) and known[last + 1][1] == known[j][1]:
        last += 1
    return (known[first - 1] if first > 0 else None), (known[last + 1] if last + 1 < len(known) else None)


def _numbered_otherwise(items: Sequence[Item], fixes: Sequence[Fix], index: BaselineIndex) -> dict[int, Reason]:
    """The moves into the one paragraph between two edits that show the draft kept its numbering there.

    Why: a move lands where the draft gained a paragraph. Where the edits found on their
    shift just before and just after the landing place quote paragraphs two apart and show
    one and the same shift, the paragraph between them is the one their author saw between
    them, under another number: the quote stood in both, its own paragraph deleted or
    changed since. Only the one paragraph between: two or more apart, a paragraph deleted
    between them and the moved one put there look the same, and on ../shared/drift-dev's
    scale set that refused 132 right moves to catch 9 wrong ones; the one between caught
    7 of its 22 wrong edits and refused 8 right ones (and 1 of the small set's 22 moves).
    Edits quoting the mover's own number are no evidence: they moved, or not, with it.
    """
    evidence = sorted(
        (fix.place.position, item.coordinate)
        for item, fix in zip(items, fixes, strict=True)
        if fix.place is not None and item.coordinate is not None and _claims(item, fix)
    )
    positions = [position for position, _ in evidence]
    found: dict[int, Reason] = {}
    for k, (item, fix) in enumerate(zip(items, fixes, strict=True)):
        if fix.place is None or item.coordinate is None or _claims(item, fix):
            continue
        at, own = fix.place.position, item.coordinate
        cut = bisect_left(positions, at)
        left = next((e for e in reversed(evidence[:cut]) if e[1] != own), None)
        right = next((e for e in evidence[cut:] if e[1] != own and e[0] > at), None)
        if left is None or right is None or not left[0] + 1 == at == right[0] - 1 or right[1] - left[1] != 2:
            continue  # not the one paragraph between two edits on one shift (places and numbers two apart)
        seen = left[1] + 1  # where the author saw the paragraph now at `at`
        if seen != own and seen == int(seen) and (other := number_at(index, int(seen))) is not None:
            found[k] = Reason(Why.ANOTHER_NUMBER, quoted=_number(item.edit), found=index.number(at), other=other)
    return found


def _claims(item: Item, fix: Fix) -> bool:
    """Found on the shift its neighbours show, or at its own number: the paragraph stood there for its author."""
    assert fix.place is not None
    return fix.agreed or (item.coordinate is not None and fix.place.position == item.coordinate)


def _number(edit: Edit) -> str | None:
    """The paragraph number an edit's author gave (an ADD's `after`/`before` number too)."""
    return edit.paragraph if edit.action is not Action.ADD else edit.after or edit.before


def _item(edit: Edit, index: BaselineIndex, numbering: Numbering, costs: Costs) -> Item:
    quote, number = quote_of(edit), _number(edit)
    if edit.action is Action.ADD and number is not None and number not in index.positions:
        quote, number = Quote(fold(number)), None  # a passage, not a number, says where it goes
    coordinate = numbering.coordinate(number)
    return Item(edit, quote, coordinate, _around(coordinate, index, costs), [])


def _around(coordinate: float | None, index: BaselineIndex, costs: Costs) -> set[int]:
    """The positions within `costs.window` of a coordinate (none without one)."""
    if coordinate is None:
        return set()
    lo, hi = math.floor(coordinate) - costs.window, math.ceil(coordinate) + costs.window
    return set(range(max(0, lo), min(len(index.paragraphs), hi + 1)))


def widen(items: Sequence[Item], fixes: Sequence[Fix], index: BaselineIndex, settings: Settings) -> list[int]:
    """What the latest alignment says to look up next, item by item: the items to be scored again.

    - Each edit's window grows around where the shifts carried into and out of it put it (and
      any other shift kept into it within the margin, `Choice.shifts`, and the next edit's own
      where it breaks the shift, `_next_own`): the author's number may be off by hundreds of
      places in a renumbered draft, and an edit whose quote changed since is found only by
      looking where its neighbours say its paragraph is now. The first window (after
      `Scope.NUMBER`, none) is only that.
    - An edit whose window did not grow, and which the alignment did not settle there
      (`settled`), is looked for in the whole draft (`Scope.DRAFT`), from the fit at which a
      place there could rival its own (`rivals_from`); again, from lower, when that fit drops.

    Nothing to look up (an empty list): the alignment stands.
    """
    again, costs = [], settings.costs
    next_own = _next_own(items, fixes)
    for k, (item, fix) in enumerate(zip(items, fixes, strict=True)):
        waiting = item.scope is Scope.NUMBER
        item.scope = Scope.DRAFT if item.scope is Scope.DRAFT else Scope.WINDOW
        shifts = {fix.before, fix.after, *fix.choice.shifts, *next_own[k]}
        window = _predicted_windows(item, shifts, index, costs)
        if waiting:  # no window yet: only where the alignment puts the edit is one
            item.window = window
        elif window - item.window:
            item.window |= window
        elif item.quote is None or settled(item, fix):
            continue
        elif item.scope is not Scope.DRAFT:
            item.scope, item.rivals_from = Scope.DRAFT, rivals_from(item, fix, costs)
        elif not _looks_lower(item, rivals_from(item, fix, costs)):
            continue
        again.append(k)
    return again


def _looks_lower(item: Item, fit: float | None) -> bool:
    """Whether the whole draft must be searched again for the item, from this lower fit (None: for the best places).

    Why: what the alignment pays for an edit changes as its neighbours are placed; searched from 98
    when it was found on the shift, an edit then left unplaced needs the best places, to name one.
    """
    looked = item.rivals_from
    if looked is None or (fit is not None and fit >= looked):
        return False
    item.rivals_from = fit
    if item.lookups is not None:
        item.lookups = replace(item.lookups, far=None)
    return True


def _next_own(items: Sequence[Item], fixes: Sequence[Fix]) -> list[set[float]]:
    """For each edit, the shift the next placed, numbered edit carries on where it breaks the one carried into
    it (none else); one pass from the end.

    Why: this edit placed at that shift would spare the next one its break, whatever it costs
    here; the review of session 5 found such a place (fit 99, ten places on) never scored, and
    the edit applied in a paragraph of fit 95 that the full alignment refuses. (The next edit's
    other places, where it is not placed: an alignment through them enters a shift the
    alignment does not keep, and is not counted for the margin either; see benchmarks/README.md.)
    """
    found: list[set[float]] = [set() for _ in items]
    ahead: set[float] = set()
    for k in range(len(items) - 1, -1, -1):
        found[k] = ahead
        item, fix = items[k], fixes[k]
        if fix.place is not None and item.coordinate is not None:
            ahead = {fix.place.position - item.coordinate} if fix.choice.carries else set()
    return found


def _predicted_windows(item: Item, shifts: set[float], index: BaselineIndex, costs: Costs) -> set[int]:
    """The positions around where these shifts put the edit (none without a number)."""
    if item.quote is None or item.coordinate is None:
        return set()
    return {p for shift in shifts for p in _around(item.coordinate + shift, index, costs)}


def outcome(
    item: Item,
    fix: Fix,
    index: BaselineIndex,
    settings: Settings,
    elsewhere: Reason | None = None,
    suppressed: frozenset[str] = frozenset(),
) -> tuple[Anchor, Placed | None]:
    """The edit's anchor, and where it was placed (what `corroborate` reads); `elsewhere` makes a move ambiguous.

    `suppressed`: the paragraphs the edit's own proposal suppresses, which never hold an addition already.
    """
    edit, number, costs = item.edit, _number(item.edit), settings.costs
    taken = already_added(edit, index, settings, suppressed) if edit.action is Action.ADD else None
    if taken is not None:
        return taken, None
    if item.quote is None:
        return _by_number(item, fix, index), None
    place = fix.place
    if place is None:
        return _unplaced(item, fix, index, settings), None
    reasons = _how(item, place, fix.agreed, index)
    doubt = elsewhere or _doubt(item, place, fix.choice, item.viable(settings), index, costs)
    if doubt is not None:
        reasons = (*reasons, doubt)
        return Anchor(
            AnchorStatus.AMBIGUOUS, score=round(place.fit, 1), message=message(reasons), reasons=reasons
        ), None
    anchor = _applied(item, place, reasons, index, settings)
    claims = _claims(item, fix)
    expected = None if item.coordinate is None else item.coordinate + fix.before
    return anchor, Placed(
        edit.id,
        number,
        place.position,
        index.number(place.position),
        expected,
        claims,
        not claims and not fix.in_order,
        anchor.status.applicable,
    )


def _how(item: Item, place: Place, agreed: bool, index: BaselineIndex) -> tuple[Reason, ...]:
    """Why this place: the draft renumbered (its neighbours show the shift), or the paragraph moved."""
    number, found = _number(item.edit), index.number(place.position)
    if item.coordinate is None or found == number:
        return ()
    return (Reason(Why.RENUMBERED if agreed else Why.MOVED, quoted=number, found=found),)


def _doubt(
    item: Item, place: Place, choice: Choice, viable: list[Place], index: BaselineIndex, costs: Costs
) -> Reason | None:
    """Ambiguous: another position costs about as much, or the quote stands twice in the chosen paragraph.

    One thing decides between places alike: "longer context decides". A quote that is the whole of
    the chosen paragraph, while the other only contains it, names that paragraph.
    """
    if choice.margin < _margin(item, place, choice, costs) and choice.runner_up is not None:
        other = viable[choice.runner_up]
        if _whole(place, index) and not _whole(other, index) and place.fit >= other.fit:
            return None
        return Reason(
            Why.PLACES_ALIKE,
            quoted=_number(item.edit),
            found=index.number(place.position),
            other=index.number(other.position),
            score=place.fit,
            other_score=other.fit,
        )
    twice = [
        p
        for p in item.places
        if p is not place
        and p.position == place.position
        and p.reading is place.reading
        and p.fit >= place.fit - costs.margin
        and p.candidate.start != place.candidate.start
    ]
    if twice or _stands_again(item, place, index, place.fit - costs.margin):
        return Reason(Why.TWICE_IN_PARAGRAPH, found=index.number(place.position))
    return None


def _stands_again(item: Item, place: Place, index: BaselineIndex, cutoff: float) -> bool:
    """Whether the quote fits its paragraph a second time, apart from the place chosen, `cutoff` or more.

    Why: a paragraph holding the quote verbatim is not searched again fuzzily (`candidates`), so a
    second place there that fits less than 100 was never seen. scale.py --traps merges a paragraph
    with its neighbour, into which the quoted sentence had been copied, the own one changed by a
    word since: the edit was applied to the copy (113 of 10,000 edits, each its right paragraph's
    other sentence). Two places that fit within the margin of each other in one paragraph are
    alike, as two verbatim ones are. The chosen span is blanked out (`SEPARATOR` matches nothing).
    """
    quote = item.quote
    if quote is None:
        return False
    needle = quote.old.text if place.reading is Reading.OLD or quote.new is None else quote.new.text
    if not needle:
        return False
    c, hay = place.candidate, index.folded[place.position].text
    masked = hay[: c.start] + SEPARATOR * (c.end - c.start) + hay[c.end :]
    again = fuzzy_in(needle, masked, place.position, cutoff)
    return again is not None and (again.end <= c.start or again.start >= c.end)


def _margin(item: Item, place: Place, choice: Choice, costs: Costs) -> float:
    """The margin an edit's place must win by: a place more where the draft was renumbered around it.

    Why: where the draft still keeps the author's number (no shift carried, the quote at its
    number), that number is exact; a shift read from the neighbours' places is good to a place
    or so, so a look-alike one place further must lose by that place too. Measured on
    ../shared/drift-dev: one margin of 6 everywhere left 1 wrong edit (small) and 26 (scale);
    12 everywhere 0 and 22, but refused a lone edit at its own number beside a copy two places
    away; 7 and 12 give 0 and 22 and keep it (benchmarks/README.md, "Anchoring v2: the costs").
    """
    exact = not choice.shift and item.coordinate is not None and place.position == item.coordinate
    return costs.margin if exact else costs.margin + costs.per_place


def _whole(place: Place, index: BaselineIndex) -> bool:
    """Whether the place is its whole paragraph (the quote starts and ends with it)."""
    c = place.candidate
    return c.start == 0 and c.end == len(index.folded[c.position].text)


def _applied(item: Item, place: Place, reasons: tuple[Reason, ...], index: BaselineIndex, settings: Settings) -> Anchor:
    """The edit at its place: its changes placed, or found taken in, or (SUP/NOC) the paragraph itself."""
    quote = item.quote
    assert quote is not None
    placement = Placement(AnchorStatus.ANCHORED, place.candidate, message(reasons))
    if quote.new is None:
        anchor = from_placement(placement, index, settings)
    elif place.reading is Reading.NEW:
        taken = taken_in_at(list(quote.changes), quote.old, quote.new, index, place.position, settings)
        anchor = taken if taken is not None else _unplaced_anchor(item, index, settings)
        anchor = replace(anchor, message=message(reasons, anchor.message))
    else:
        anchor = place_changes(list(quote.changes), quote.old, quote.new, placement, index, settings)
    return replace(anchor, reasons=reasons + anchor.reasons)


def _unplaced(item: Item, fix: Fix, index: BaselineIndex, settings: Settings) -> Anchor:
    """Nothing placed: a SUP/NOC whose paragraph no longer reads as quoted is stale; anything else unanchored."""
    at = _predicted(item, fix.before, index)
    if item.edit.action in (Action.SUP, Action.NOC) and at is not None:
        best = _best(item, index, settings)
        reason = Reason(Why.NO_LONGER_READS, quoted=_number(item.edit), found=index.number(at))
        nothing = _nothing_fits(item, index, settings)
        score = None if best is None else round(best.fit, 1)
        return Anchor(
            AnchorStatus.STALE, index.number(at), score, message((reason, nothing)), reasons=(reason, nothing)
        )
    return _unplaced_anchor(item, index, settings)


def _unplaced_anchor(item: Item, index: BaselineIndex, settings: Settings) -> Anchor:
    reason = _nothing_fits(item, index, settings)
    return Anchor(AnchorStatus.UNANCHORED, message=message((reason,)), reasons=(reason,))


def _nothing_fits(item: Item, index: BaselineIndex, settings: Settings) -> Reason:
    best = _best(item, index, settings)
    if best is None:
        return Reason(Why.NOT_FOUND, quoted=_number(item.edit))
    return Reason(Why.NOTHING_FITS, quoted=_number(item.edit), found=index.number(best.position), score=best.fit)


def _best(item: Item, index: BaselineIndex, settings: Settings) -> Place | None:
    """The quote's best place (what a refusal names), looked up in the whole draft where only rivals were.

    Why: an edit placed by the alignment was looked for beyond its windows only from the fit that
    could rival its place (`rivals_from`); read against its neighbours, or its changes placed, it
    may be refused after all (2 of drift-dev's 10,000 edits), and its best place is then named.
    """
    places = item.places
    if item.quote is not None and item.scope is Scope.DRAFT and item.rivals_from is not None:
        known = None if item.lookups is None else replace(item.lookups, far=None)
        places = score(replace(item, lookups=known, rivals_from=None), index, settings)[0]
    old = [p for p in places if p.reading is Reading.OLD]
    return old[0] if old else None


def _predicted(item: Item, shift: float, index: BaselineIndex) -> int | None:
    """The position the shift carried into the edit puts it at, if that is a paragraph."""
    if item.coordinate is None:
        return None
    at = round(item.coordinate + shift)
    return at if 0 <= at < len(index.paragraphs) and at == item.coordinate + shift else None


def _by_number(item: Item, fix: Fix, index: BaselineIndex) -> Anchor:
    """An edit with no quote rests on its number: refused where the draft was renumbered around it."""
    number = _number(item.edit)
    if number not in index.positions:
        reason = Reason(Why.NO_PARAGRAPH, quoted=number)
        return Anchor(AnchorStatus.UNANCHORED, message=message((reason,)), reasons=(reason,))
    else:
        anchor = Anchor(AnchorStatus.ANCHORED, number, 100.0)
    moved = sorted({s for s in (fix.before, fix.after) if s})
    if not moved or item.coordinate is None:
        return anchor
    size = len(index.paragraphs)
    now = [index.number(p) for s in moved if 0 <= (p := round(item.coordinate + s)) < size]
    reason = Reason(Why.UNQUOTED_RENUMBERED, quoted=number, found=" or ".join(now) or "past the end")
    return Anchor(AnchorStatus.AMBIGUOUS, message=message((reason,)), reasons=(reason,))
