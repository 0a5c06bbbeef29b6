"""Corroboration across proposals: a move is doubted where other edits show the paragraph is another one.

Why: an edit placed away from its proposal's shift (moved) may have found a copy
of its quote, its own paragraph deleted or rewritten since. When another edit, of
any proposal, was found in that paragraph *on its own proposal's shift* under
another number, that paragraph stood there in the draft its author saw: the
first quote more likely stands in two paragraphs than moved there. Two moves
into one paragraph from different numbers cannot both be right either.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

from ..model import Anchor, AnchorStatus, Reason, Why
from .proposal import Placed
from .reasons import message


def corroborate(anchors: dict[str, Anchor], placed: Sequence[Placed]) -> dict[str, Anchor]:
    """The anchors, with every move into a paragraph claimed by another number made ambiguous."""
    on_shift: defaultdict[int, list[Placed]] = defaultdict(list)
    moved: defaultdict[int, list[Placed]] = defaultdict(list)
    for where in placed:
        (on_shift if where.on_shift else moved)[where.position].append(where)
    doubted = dict(anchors)
    for position, moves in moved.items():
        for move in moves:
            if not move.applicable:
                continue
            reason = _against(move, on_shift.get(position, []), moves)
            if reason is not None:
                anchor = anchors[move.edit]
                reasons = (*anchor.reasons, reason)
                doubted[move.edit] = Anchor(
                    AnchorStatus.AMBIGUOUS, score=anchor.score, message=message(reasons), reasons=reasons
                )
    return doubted


def _against(move: Placed, claims: list[Placed], moves: list[Placed]) -> Reason | None:
    paragraph = move.paragraph
    for claim in claims:
        if claim.number != move.number:
            return Reason(Why.CLAIMED, quoted=move.number, found=paragraph, other=claim.edit)
    for rival in moves:
        if rival.number != move.number:
            return Reason(Why.RIVAL_MOVES, quoted=move.number, found=paragraph, other=rival.edit)
    return None
