"""An addition (ADD) the draft has already taken in, whatever engine places it."""

from __future__ import annotations

from rapidfuzz import fuzz

from ..model import Anchor, AnchorStatus, Edit
from ..normalize import fold
from .index import BaselineIndex
from .settings import Settings


def already_added(
    edit: Edit, index: BaselineIndex, settings: Settings, suppressed: frozenset[str] = frozenset()
) -> Anchor | None:
    """`already` if a paragraph reads as the addition; `stale` if one nearly does (the draft took in a variant).

    Why not `already` for a near copy: `already` needs nothing from the editor,
    and would silently drop an addition that differs in a year or a word.
    A paragraph in `suppressed` (its own proposal suppresses it) is passed over: the
    addition is that paragraph put elsewhere, which the draft has not taken in.
    """
    wanted = fold(edit.text or "").text
    for position, folded in enumerate(index.folded):
        score = fuzz.ratio(wanted, folded.text, score_cutoff=settings.fuzzy_below)
        if not score:
            continue
        number = index.number(position)
        if number in suppressed:
            continue
        if wanted == folded.text:
            return Anchor(AnchorStatus.ALREADY, number, 100.0, f"paragraph {number} already reads as this addition")
        return Anchor(
            AnchorStatus.STALE,
            number,
            round(score, 1),
            f"paragraph {number} nearly reads as this addition (score {score:.0f}): the draft took in a variant",
        )
    return None
