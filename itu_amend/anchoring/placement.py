"""A passage's chosen place (or why there is none), and the `Anchor` it gives."""

from __future__ import annotations

from dataclasses import dataclass

from ..model import Anchor, AnchorStatus
from .index import BaselineIndex, Candidate
from .settings import Settings


@dataclass(frozen=True)
class Placement:
    """The outcome of locating one passage: a candidate, or a refusal with its reason."""

    status: AnchorStatus
    candidate: Candidate | None
    message: str | None


def from_placement(placement: Placement, index: BaselineIndex, settings: Settings) -> Anchor:
    candidate = placement.candidate
    if candidate is None:
        return Anchor(placement.status, message=placement.message)
    status = placement.status
    if status is AnchorStatus.ANCHORED and candidate.score < settings.fuzzy_below:
        status = AnchorStatus.FUZZY
    number = index.number(candidate.position) if status.applicable else None
    message = placement.message
    if status is AnchorStatus.FUZZY:
        message = join(message, f"fuzzy: the context differs from the quote (score {candidate.score:.0f})")
    return Anchor(status, number, round(candidate.score, 1), message)


def join(first: str | None, second: str) -> str:
    return second if not first else f"{first}; {second}"
