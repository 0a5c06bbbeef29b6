"""The anchoring thresholds, in one frozen value that every step receives."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum

from .align import Costs


class Engine(Enum):
    """How places are chosen: the alignment of whole proposals, or the cascade of 307c87e."""

    ALIGN = "align"
    LEGACY = "legacy"


@dataclass(frozen=True)
class Settings:
    """Anchoring thresholds, in score points (0-100) unless said otherwise."""

    engine: Engine = Engine.ALIGN
    """Which engine chooses places (the legacy one is kept as an oracle until it is deleted)."""
    costs: Costs = field(default_factory=Costs)
    """The alignment's costs (`Engine.ALIGN`)."""
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
    doubt_within: int = 20
    """A fit far from the hint (`far` or more) is doubted when a paragraph this close to the hint also fits:
    a draft renumbered by a percent or two shifts numbers by this much between the edits that show it,
    so that paragraph may be the one quoted, its words changed since."""
    far: int = 10
    """A place as good as one near the hint, but this many paragraphs or more from the hint, does not make
    the near one doubtful: renumbering shifts a hint by a few places, and a long draft repeats its
    sentences far apart. Nearer than this, both stay candidates (ambiguous)."""
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
    rival_distance: int = 1
    """A place fitting about as well as the hinted one, this many paragraphs from it or nearer, makes the
    hint doubtful: a paragraph added or removed before it, and the author's number may now
    name the neighbour of the paragraph she quoted. 0 once the proposal's other edits have
    shown how the draft was renumbered."""
    hint_window: int = 0
    """How far from the hint a paragraph still counts as the one named: 0 for the author's own
    number; `near` once the proposal's other edits have corrected it and the shifts before and
    after it differ (the paragraph lies somewhere between, a place or two off either)."""
    taken_in_context: int = 12
    """Characters of quoted context (widened to whole words) on each side of a change that
    must read as proposed for the change to count as already taken in."""


DEFAULT_SETTINGS = Settings()
