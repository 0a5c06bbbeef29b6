"""Anchoring: find where each edit's quoted passage stands in the current baseline.

Precision over recall: an edit is placed only where its quote fits clearly, and a
change is placed only over the very words its author quoted. Every edit gets an
outcome (an `Anchor`) with a status, a score and a reason; nothing here raises.

The steps are the modules of this package:

- `index`: the baseline folded once, its word index, verbatim and fuzzy lookups;
- `legacy`: choosing a place by the cascade of 307c87e (to be replaced);
- `changes`: placing a MOD's changes over the words it quoted.
"""

from __future__ import annotations

from .index import BaselineIndex, Candidate, WordIndex
from .legacy import (
    PARALLEL_FROM,
    Renumbering,
    _longest_in_order,
    anchor_edit,
    anchor_proposal,
    anchor_proposals,
    locate,
)
from .settings import DEFAULT_SETTINGS, Settings

__all__ = [
    "DEFAULT_SETTINGS",
    "PARALLEL_FROM",
    "BaselineIndex",
    "Candidate",
    "Renumbering",
    "Settings",
    "WordIndex",
    "_longest_in_order",
    "anchor_edit",
    "anchor_proposal",
    "anchor_proposals",
    "locate",
]
