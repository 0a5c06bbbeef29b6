"""Corroboration across proposals: a move is doubted where other edits show the paragraph is another one.

Why: an edit placed away from its proposal's shift (moved) may have found a copy
of its quote, its own paragraph deleted or rewritten since. When another edit, of
any proposal, was found in that paragraph *on its own proposal's shift* under
another number, that paragraph stood there in the draft its author saw: the
first quote more likely stands in two paragraphs than moved there. An edit found
in order with its proposal's other edits (between where they were found) claims its
paragraph too: its draft may have been renumbered there, and a move from elsewhere
into it is the likelier guess. Two moves into one paragraph from different numbers
cannot both be right either.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

from ..model import Anchor, AnchorStatus, Reason, Why
from .align import Costs
from .proposal import Placed
from .reasons import message


def corroborate(anchors: dict[str, Anchor], placed: Sequence[Placed], costs: Costs) -> dict[str, Anchor]:
    """The anchors, with every move into a paragraph claimed by another number made ambiguous."""
    claims: defaultdict[int, list[Placed]] = defaultdict(list)
    moves: defaultdict[int, list[Placed]] = defaultdict(list)
    for where in placed:
        if where.claims or (not where.moved and where.applicable):
            claims[where.position].append(where)
        elif where.moved:
            moves[where.position].append(where)
    doubted = dict(anchors)
    for position, moved in moves.items():
        for move in moved:
            reason = _against(move, claims.get(position, []), moved, costs) if move.applicable else None
            if reason is not None:
                anchor = anchors[move.edit]
                reasons = (*anchor.reasons, reason)
                doubted[move.edit] = Anchor(
                    AnchorStatus.AMBIGUOUS, score=anchor.score, message=message(reasons), reasons=reasons
                )
    return doubted


def _against(move: Placed, claims: list[Placed], moves: list[Placed], costs: Costs) -> Reason | None:
    """The other edit that says this paragraph is not the one the move quoted, if any."""
    for claim in claims:
        at_own = claim.expected == claim.position and claim.number is not None
        if at_own or not _agree(claim, move, costs):
            return Reason(Why.CLAIMED, quoted=move.number, found=move.paragraph, other=claim.edit)
    for rival in moves:
        if rival is not move and not _agree(rival, move, costs):
            return Reason(Why.RIVAL_MOVES, quoted=move.number, found=move.paragraph, other=rival.edit)
    return None


def _agree(one: Placed, other: Placed, costs: Costs) -> bool:
    """Whether both edits' drafts may name one paragraph: expected within a window of each other."""
    if one.expected is None or other.expected is None:
        return one.number == other.number
    return abs(one.expected - other.expected) <= costs.window
