"""Reasons in words: the prose of each `Reason`, made last so that tests assert on the data."""

from __future__ import annotations

from collections.abc import Iterable

from ..model import Reason, Why


def describe(reason: Reason) -> str:
    """One clause saying why, in the editor's terms (paragraph numbers, scores)."""
    r = reason
    match r.why:
        case Why.RENUMBERED:
            return f"paragraph {r.quoted} read as {r.found}: the proposal's other edits show the draft was renumbered"
        case Why.MOVED:
            if r.quoted is None:
                return f"found in paragraph {r.found}"
            return f"moved: quoted as paragraph {r.quoted}, found in {r.found}"
        case Why.PLACES_ALIKE:
            return (
                f"fits paragraphs {r.found} ({r.score:.0f}) and {r.other} ({r.other_score:.0f}) about equally, "
                "as the proposal's other edits show the draft: either may be the one quoted"
            )
        case Why.TWICE_IN_PARAGRAPH:
            return f"the passage stands twice in paragraph {r.found}"
        case Why.NOTHING_FITS:
            if r.found is None:
                return "no paragraph fits well enough"
            return f"no paragraph fits well enough (best candidate paragraph {r.found}, score {r.score:.0f})"
        case Why.NOT_FOUND:
            return "no paragraph of the baseline contains the quoted passage"
        case Why.NO_LONGER_READS:
            return f"paragraph {r.found} no longer reads as quoted"
        case Why.UNQUOTED_RENUMBERED:
            return (
                f"the proposal's other edits show the draft was renumbered: its paragraph {r.quoted} may now be "
                f"{r.found}; quote the text to say which"
            )
        case Why.CLAIMED:
            return (
                f"paragraph {r.found} is out of order with the proposal's other edits, and {r.other} was found "
                f"there in its place: the passage may stand in both, paragraph {r.quoted} as quoted deleted or "
                "changed since"
            )
        case Why.RIVAL_MOVES:
            return (
                f"{r.other} was also found in paragraph {r.found}, from another place: the passage may stand in "
                "more than one paragraph, and nothing tells which one moved there"
            )
        case Why.ANOTHER_NUMBER:
            return (
                f"paragraph {r.found} is out of order with the proposal's other edits, which show it stood there "
                f"as paragraph {r.other} in the draft its author saw: the passage may stand in both, paragraph "
                f"{r.quoted} as quoted deleted or changed since"
            )
        case Why.NO_PARAGRAPH:
            return f"no paragraph {r.quoted} in the baseline"
    raise AssertionError(r.why)  # pragma: no cover - every Why is described above


def message(reasons: Iterable[Reason], *more: str | None) -> str | None:
    """The reasons, then any further clauses (from placing the changes), joined by semicolons."""
    parts = [describe(r) for r in reasons] + [m for m in more if m]
    return "; ".join(parts) or None
