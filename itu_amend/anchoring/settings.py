"""The anchoring thresholds, in one frozen value that every step receives."""

from __future__ import annotations

from dataclasses import dataclass, field

from .align import Costs


@dataclass(frozen=True)
class Settings:
    """Anchoring thresholds, in score points (0-100) unless said otherwise."""

    costs: Costs = field(default_factory=Costs)
    """The alignment's costs."""
    min_score: float = 80.0
    """Below this a candidate place is not the quoted passage at all (unanchored)."""
    fuzzy_below: float = 97.0
    """An anchor scoring below this is `fuzzy`: its context differs noticeably."""
    strong_score: float = 90.0
    """A paragraph reads as an edit's new passage (the draft took it in: `already`) from this fit on."""
    min_fuzzy_chars: int = 16
    """Quotes shorter than this (folded characters) must match exactly."""
    report_score: float = 50.0
    """Candidates above this are named as 'best candidate' when an edit is refused."""
    align_floor: float = 65.0
    """Paragraphs whose best window (rapidfuzz `partial_ratio`) scores below this are not aligned:
    they can hardly reach `min_score` (a quote of which a third was dropped still scores 2/3)."""
    typo_from: int = 4
    """The quoted word on each side of a change must stand beside it in the baseline: the very word, or,
    from this many letters on, one typo apart (a letter changed, dropped or added inside it, two letters
    swapped). Shorter words differ by a letter from other words too often ("of", "or", "on")."""
    taken_in_context: int = 12
    """Characters of quoted context (widened to whole words) on each side of a change that
    must read as proposed for the change to count as already taken in."""


DEFAULT_SETTINGS = Settings()
