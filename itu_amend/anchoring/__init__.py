"""Anchoring: find where each edit's quoted passage stands in the current baseline.

Precision over recall: an edit is placed only where its quote fits clearly, and a
change is placed only over the very words its author quoted. Every edit gets an
outcome (an `Anchor`) with a status, a score and its reasons; nothing here raises.

The steps are the modules of this package:

- `index`: the baseline folded once, its word index, verbatim and fuzzy lookups;
- `candidates`: each edit's few places, in its old and new readings;
- `align`: one place per edit of a proposal, chosen together by one cost;
- `proposal`: a proposal aligned twice, then each edit's outcome;
- `changes`: placing a MOD's changes over the words it quoted;
- `corroborate`: moves doubted where other proposals' edits claim the paragraph;
- `reasons`: the prose of each reason, made last;
- `legacy`: the cascade of 307c87e, behind `Settings.engine` until it is deleted.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Sequence

from .. import workers
from ..model import Anchor, Proposal
from . import legacy
from .align import Costs
from .corroborate import corroborate
from .index import BaselineIndex, Candidate, WordIndex
from .legacy import Renumbering, _longest_in_order, anchor_edit, locate
from .proposal import Placed, align_proposal
from .settings import DEFAULT_SETTINGS, Engine, Settings

PARALLEL_FROM = 500
"""Edits: from this many, proposals are anchored on every core. Measured on a 20,000-paragraph draft
with 2 cores: 250 edits 0.76 -> 0.41 s, but 100 edits 0.26 -> 0.34 s (forking the workers and
sending the anchors back cost more than they save)."""


def anchor_proposals(
    proposals: Sequence[Proposal],
    index: BaselineIndex,
    settings: Settings = DEFAULT_SETTINGS,
    progress: Callable[[int, int], None] | None = None,
    *,
    jobs: int | None = 1,
) -> dict[str, Anchor]:
    """Anchor every edit: each proposal aligned as a whole, then moves corroborated across proposals.

    `progress`, if given, is told (edits anchored so far, total) after each proposal.
    Proposals are anchored on `jobs` processes (None: every core, for
    `PARALLEL_FROM` edits or more); each is independent of the others until the
    last step, so the anchors are the same whatever `jobs` is.
    """
    if settings.engine is Engine.LEGACY:
        return legacy.anchor_proposals(proposals, index, settings, progress, jobs=jobs)
    total, done = sum(len(p.edits) for p in proposals), 0
    if jobs is None:
        jobs = min(workers.available(), len(proposals)) if total >= PARALLEL_FROM else 1
    if jobs > 1:
        index.prepare()  # built once, before the workers are forked, so that they share it
    anchors: dict[str, Anchor] = {}
    placed: list[Placed] = []
    with contextlib.closing(workers.ordered_map(_anchor_one, (index, settings), proposals, jobs)) as each:
        for proposal, (found, where) in zip(proposals, each, strict=True):
            anchors.update(found)
            placed.extend(where)
            done += len(proposal.edits)
            if progress is not None:
                progress(done, total)  # if it raises, the workers are stopped at once
    return corroborate(anchors, placed, settings.costs)


def _anchor_one(shared: tuple[BaselineIndex, Settings], proposal: Proposal) -> tuple[dict[str, Anchor], list[Placed]]:
    index, settings = shared
    try:
        return align_proposal(proposal, index, settings)
    finally:
        index.forget()


def anchor_proposal(
    proposal: Proposal, index: BaselineIndex, settings: Settings = DEFAULT_SETTINGS
) -> dict[str, Anchor]:
    """Anchor one proposal alone: other proposals' edits, which may doubt a move, are not read."""
    if settings.engine is Engine.LEGACY:
        return legacy.anchor_proposal(proposal, index, settings)
    return align_proposal(proposal, index, settings)[0]


__all__ = [
    "DEFAULT_SETTINGS",
    "PARALLEL_FROM",
    "BaselineIndex",
    "Candidate",
    "Costs",
    "Engine",
    "Renumbering",
    "Settings",
    "WordIndex",
    "_longest_in_order",
    "anchor_edit",
    "anchor_proposal",
    "anchor_proposals",
    "locate",
]
