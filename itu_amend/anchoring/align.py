"""Aligning a whole proposal: one place per edit (or none), chosen together by one cost.

The idea is patch's: an offset carried from hunk to hunk. Here the offset is the
*shift* between the paragraph number an author gave and where the quote stands
now; the proposal's edits, in the author's order, show how it evolves through the
draft (paragraphs added or removed move it by one or a few places). Each edit is
judged against the shift its neighbours on both sides show, never against its
own evidence: that is what lets a quote whose sentence was copied word for word
into a nearby paragraph stay in its own, slightly changed, paragraph.

The cost of an alignment is a sum over the edits, in points of fit (a fit is the
0-100 score of a place; see `index`):

- a place costs `100 - fit`, plus `per_place` for each place its shift differs
  from the shift carried so far (capped at `move`), and the shift it shows is carried on;
- a place off the carried shift costs `100 - fit + move` and carries nothing:
  the paragraph moved (or the carried shift broke: a large renumbering pays
  `move` once, then its new shift is carried);
- leaving the edit unplaced costs `unplaced`, and carries nothing.

Dynamic programming over the shifts carried (Viterbi; states worse than the best
by more than `move` are dropped, since from the best one any shift costs at most
`move`) gives the cheapest alignment, and a backward pass gives each edit's
*margin*: the cheapest alignment that puts it at another position, minus the
cheapest. An edit whose margin is below `Costs.margin` is ambiguous.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Costs:
    """The costs of an alignment, in points of fit (0-100), fitted on the drift benchmarks.

    Fitted on `benchmarks/run.py`, `groups.py`, `scale.py` and the independent
    sets of `../shared/drift-dev/` with wrong = 0 first, then most correct; see
    benchmarks/README.md ("Anchoring v2: the costs") for the sweep.
    """

    unplaced: float = 20.0
    """An edit left unplaced: a place must fit better than 80 (`100 - unplaced`) on the
    proposal's shift to be worth taking."""
    per_place: float = 4.0
    """Each place a shift differs from the one carried from the edit before (paragraphs added or
    removed between them). On drift-dev 4 and 5 are alike (small 97.4 / 97.7 % correct, 0 wrong
    each; scale 95.9 / 96.0 %, 22 wrong each); 4 lets a lone edit three places off its number be
    placed at a fit of 92, which one changed ideograph of a Chinese quote costs (tests/test_languages.py)."""
    move: float = 18.0
    """A place away from the proposal's shift (a moved paragraph, or an edit with no number):
    only a fit above 98 (`100 - unplaced + move`) is worth it, so a far move must be verbatim."""
    margin: float = 7.0
    """An edit whose best alternative position costs less than this more is ambiguous (one
    `per_place` more, 12, where the draft was renumbered around it: see `proposal._margin`)."""
    beam: int = 16
    """States (carried shifts) kept per edit: the cheapest. More changed nothing measured."""

    @property
    def window(self) -> int:
        """Places on each side of a predicted position where a fit can still beat a move."""
        return math.ceil(self.move / self.per_place)


@dataclass(frozen=True)
class Slot:
    """An edit as the alignment sees it: where its number puts it, and the places its quote fits."""

    coordinate: float | None
    """The position the author's number names in today's numbering (None: no number)."""
    places: Sequence[tuple[int, float]]
    """(position, fit) of each acceptable place, fit >= 100 - unplaced."""


@dataclass(frozen=True)
class Choice:
    """One edit's place in the cheapest alignment, and how sure it is."""

    place: int | None
    """Index into the slot's places; None: unplaced."""
    on_shift: bool
    """Placed on the proposal's shift (else moved, or unnumbered)."""
    margin: float
    """Extra cost of the cheapest alignment with this edit at another position (inf: none exists)."""
    runner_up: int | None
    """Index into the slot's places of that other position, if any."""
    shift: float | None
    """The shift carried into this edit by the cheapest alignment (what the edits before show; None: none)."""
    carries: bool = False
    """The place's own shift is carried on to the next edits (on the shift, or where it broke)."""
    worth: float = 0.0
    """What the cheapest alignment pays for this edit beyond the cheapest ways to align the edits before
    and after it (from any shift kept): no other place of it can cost less than its own cost minus this
    more, so that a place costing `margin` more than that can neither win nor make it ambiguous."""
    shifts: tuple[float, ...] = ()
    """The shifts kept into this edit from which an alignment could still come within `margin` +
    `per_place` of the cheapest: a place of the edit near one of them may rival its own."""
    spared: float = 0.0
    """What a place of this edit carrying a shift no alignment kept could spare the edits after it, at
    most: their cheapest alignment from any shift kept, less the least they could cost from any shift
    at all (`_free`)."""


_NONE = -1


_Option = tuple[int, float, "float | None", bool, bool]
_Options = dict["float | None", list[_Option]]


def align(slots: Sequence[Slot], costs: Costs = Costs()) -> list[Choice]:
    """The cheapest alignment of the slots, in order, with each edit's margin.

    Each slot's options from each shift kept are made once, in the forward pass, and read
    again by the backward pass and the choice (they were made three times: 0.4 s of the
    alignments of drift-dev's 10,000-edit proposal).
    """
    options: list[_Options] = [{} for _ in slots]
    forward = _forward(slots, costs, options)
    backward = _backward(slots, forward, options)
    free = _free(slots, backward, costs)
    reach = costs.margin + costs.per_place
    return [_choice(slot, forward[i], backward[i + 1], options[i], reach, free[i + 1]) for i, slot in enumerate(slots)]


def _options(slot: Slot, shift: float | None, costs: Costs) -> list[tuple[int, float, float | None, bool, bool]]:
    """(place or _NONE, cost, shift carried on, on the shift, carries its own) for each way to place the edit."""
    found: list[tuple[int, float, float | None, bool, bool]] = [(_NONE, costs.unplaced, shift, False, False)]
    for k, (position, fit) in enumerate(slot.places):
        miss = 100.0 - fit
        if slot.coordinate is None:
            found.append((k, miss, shift, False, False))
            continue
        own = position - slot.coordinate
        step = costs.per_place * abs(own - (shift or 0.0))  # the first edit: as if the number were right
        found.append((k, miss + min(step, costs.move), own, step < costs.move, True))  # large: the shift broke
        if step:
            found.append((k, miss + costs.move, shift, False, False))  # or the paragraph moved, the shift goes on
    return found


def _forward(slots: Sequence[Slot], costs: Costs, options: list[_Options]) -> list[dict[float | None, float]]:
    """states[i]: carried shift (None: none yet) -> cheapest cost of edits before i that carries it into edit i;
    `options[i]`: the slot's options from each shift kept there."""
    states: list[dict[float | None, float]] = [{None: 0.0}]
    for slot, made in zip(slots, options, strict=True):
        reached: dict[float | None, float] = {}
        for shift, cost in states[-1].items():
            made[shift] = _options(slot, shift, costs)
            for _, step, carried, _, _ in made[shift]:
                total = cost + step
                if total < reached.get(carried, math.inf):
                    reached[carried] = total
        states.append(_pruned(reached, costs))
    return states


def _pruned(reached: dict[float | None, float], costs: Costs) -> dict[float | None, float]:
    """The cheapest states, none worse than the best by more than `move` (they can never win again).

    Exactly `move` worse is kept: from the best state a move reaches any shift for `move`, so such a
    state can still tie, and a tie is what makes an edit ambiguous (an edit between two shifts, standing
    verbatim both where the first and where the second puts it, was applied at the first: margin 18, not 0).
    """
    best = min(reached.values())
    kept = sorted(
        ((cost, shift) for shift, cost in reached.items() if cost <= best + costs.move),
        key=lambda cs: (cs[0], cs[1] is not None, cs[1] or 0.0),
    )
    return dict((shift, cost) for cost, shift in kept[: costs.beam])


def _backward(
    slots: Sequence[Slot], forward: list[dict[float | None, float]], options: list[_Options]
) -> list[dict[float | None, float]]:
    """after[i]: carried shift -> cheapest cost of edits i.. onwards, from that shift (states kept forward)."""
    after: list[dict[float | None, float]] = [{} for _ in range(len(slots) + 1)]
    after[-1] = dict.fromkeys(forward[-1], 0.0)
    for i in range(len(slots) - 1, -1, -1):
        ahead = after[i + 1]
        for shift in forward[i]:
            best = math.inf
            for _, step, carried, _, _ in options[i][shift]:
                rest = ahead.get(carried)
                if rest is not None and step + rest < best:
                    best = step + rest
            after[i][shift] = best
    return after


def _free(slots: Sequence[Slot], after: list[dict[float | None, float]], costs: Costs) -> list[float]:
    """free[i]: the least the edits i.. onwards could cost from any shift carried into them, kept or not.

    A lower bound, one pass from the end: the first edit pays only its misfit where its place's own
    shift is carried on (then what `after` says from that shift), or is unplaced, moved, unnumbered
    (the free shift goes on). From a shift no state kept, the edits after cost at least the cheapest
    kept less `move` (from a kept shift, a break reaches any place for `move`), and never below 0.

    Why: the whole draft is searched for an edit's rivals from a fit that depends on what a far
    place's shift could spare the edits after it (`proposal.rivals_from`). Bounded by `move` alone,
    every numbered verbatim edit of drift-dev's 10,000-edit proposal was looked up there (5,300 more
    lookups, 1.2 s); most of them stand on a shift their next edits keep, and nothing can be spared.
    """
    free = [0.0] * (len(slots) + 1)
    for i in range(len(slots) - 1, -1, -1):
        ahead, on = after[i + 1], free[i + 1]
        floor = max(0.0, min(ahead.values(), default=0.0) - costs.move)
        best = costs.unplaced + on
        coordinate = slots[i].coordinate
        for position, fit in slots[i].places:
            miss = 100.0 - fit
            if coordinate is None:
                best = min(best, miss + on)
            else:
                best = min(best, miss + costs.move + on, miss + ahead.get(position - coordinate, floor))
        free[i] = best
    return free


def _choice(
    slot: Slot,
    before: dict[float | None, float],
    ahead: dict[float | None, float],
    options: _Options,
    reach: float,
    free: float,
) -> Choice:
    """The edit's best option over every alignment, and the best at any other position."""
    by_position: dict[int | None, tuple[float, int, bool, float | None, bool]] = {}
    for shift, cost in before.items():
        for k, step, carried, on_shift, carries in options[shift]:
            rest = ahead.get(carried)
            if rest is None:
                continue
            total = cost + step + rest
            position = None if k == _NONE else slot.places[k][0]
            if total < by_position.get(position, (math.inf,))[0]:
                by_position[position] = (total, k, on_shift, shift, carries)
    ranked = sorted(by_position.items(), key=lambda item: (item[1][0], item[0] is None, item[0] or 0))
    (position, (best, k, on_shift, shift, carries)), others = ranked[0], ranked[1:]
    rivals = [option for where, option in others if where is not None and where != position]
    margin = rivals[0][0] - best if rivals else math.inf
    runner_up = rivals[0][1] if rivals else None
    rest = min(ahead.values(), default=0.0)
    worth = best - min(before.values()) - rest
    near = tuple(sorted(s for s, cost in before.items() if s is not None and cost + rest < best + reach))
    spared = max(0.0, rest - free)
    return Choice(None if k == _NONE else k, on_shift, margin, runner_up, shift, carries, worth, near, spared)
