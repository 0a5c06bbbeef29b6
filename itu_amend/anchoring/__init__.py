"""Anchoring: find where each edit's quoted passage stands in the current baseline.

Precision over recall: an edit is placed only where its quote fits clearly, and a
change is placed only over the very words its author quoted. Every edit gets an
outcome (an `Anchor`) with a status, a score and its reasons; nothing here raises.

The steps are the modules of this package:

- `index`: the baseline folded once, its word index, verbatim and fuzzy lookups;
- `candidates`: each edit's few places, in its old and new readings;
- `align`: one place per edit of a proposal, chosen together by one cost;
- `proposal`: a proposal aligned, looked up wider where that says, aligned again; each edit's outcome;
- `changes`: placing a MOD's changes over the words it quoted;
- `corroborate`: moves doubted where other proposals' edits claim the paragraph;
- `reasons`: the prose of each reason, made last;
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator, Sequence

from .. import collector, workers
from ..model import Action, Anchor, AnchorStatus, Proposal, Reason
from . import proposal as P
from .align import Costs, Slot
from .candidates import Lookups, Numbering, Place
from .corroborate import corroborate
from .index import BaselineIndex, Candidate, WordIndex
from .proposal import Placed
from .settings import DEFAULT_SETTINGS, Settings

PARALLEL_FROM = 500
"""Edits: from this many in a round of scoring, it runs on every core. Measured on a 20,000-paragraph draft
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

    `progress`, if given, is told (edits anchored so far, total) as the work goes on.
    Scoring each edit's places (independent of the other edits) runs on `jobs` processes
    (None: every core, for each round of `PARALLEL_FROM` edits or more), in chunks of edits of
    any proposal; each proposal is aligned, and each edit's changes placed, in this process.
    The anchors are the same whatever `jobs` is.
    """
    total = sum(len(p.edits) for p in proposals)
    if (jobs is None and total >= PARALLEL_FROM) or (jobs is not None and jobs > 1):
        index.prepare()  # built once, before the workers are forked, so that they share it
    with collector.paused():  # anchoring makes no reference cycles: see `collector`
        anchors, placed = _aligned(proposals, index, settings, jobs, _Ticks(progress, total))
        return corroborate(anchors, placed, settings.costs)


def _aligned(
    proposals: Sequence[Proposal], index: BaselineIndex, settings: Settings, jobs: int | None, ticks: _Ticks
) -> tuple[dict[str, Anchor], list[Placed]]:
    """Each proposal aligned on its own (no other proposal read): the anchors, and where each edit was placed."""
    numbering = Numbering(index)
    aligning = [P.prepare(proposal, index, settings, numbering) for proposal in proposals]
    every = [item for items in aligning for item in items]
    _score(every, index, settings, jobs, ticks)
    fixed = [P.aligned(items, settings) for items in aligning]
    while True:  # looked up wider where the alignment says, and aligned again, until it says nothing more
        again = [P.widen(items, fixes, index, settings) for items, fixes in zip(aligning, fixed, strict=True)]
        if not any(again):
            break
        seen = [[items[k].slot(settings) for k in ks] for items, ks in zip(aligning, again, strict=True)]
        _score([items[k] for items, ks in zip(aligning, again, strict=True) for k in ks], index, settings, jobs, ticks)
        fixed = [
            P.aligned(items, settings) if _moved(items, ks, slots, settings) else P.restated(items, done, settings)
            for items, ks, slots, done in zip(aligning, again, seen, fixed, strict=True)
        ]
    read = [P.read(items, fixes, index, settings) for items, fixes in zip(aligning, fixed, strict=True)]
    pending = [
        (item, fix, elsewhere.get(k))
        for items, (fixes, elsewhere) in zip(aligning, read, strict=True)
        for k, (item, fix) in enumerate(zip(items, fixes, strict=True))
    ]
    outcomes = _outcomes(pending, index, settings, ticks)
    _own_suppressions(aligning, pending, outcomes, index, settings)
    anchors: dict[str, Anchor] = {}
    placed: list[Placed] = []
    for item, (anchor, where) in zip(every, outcomes, strict=True):
        anchors[item.edit.id] = anchor
        if where is not None:
            placed.append(where)
    return anchors, placed


def _moved(items: Sequence[P.Item], again: Sequence[int], seen: Sequence[Slot], settings: Settings) -> bool:
    """Whether scoring again gave any of these items another place to align on (else the alignment stands)."""
    return any(items[k].slot(settings) != slot for k, slot in zip(again, seen, strict=True))


def _own_suppressions(
    aligning: Sequence[Sequence[P.Item]],
    pending: Sequence[_Pending],
    outcomes: list[tuple[Anchor, Placed | None]],
    index: BaselineIndex,
    settings: Settings,
) -> None:
    """An addition read as taken in (`already`, `stale`) by a paragraph its own proposal suppresses, placed again.

    Why: a paragraph suppressed in one place and added in another (a move written as SUP + ADD, as
    Word writes it with move tracking off) is not in the draft at its new place; read as `already`,
    the paragraph was lost, the SUP applied and nothing said (issue 15). Such additions are few
    (one proposal's ADDs beside its own SUPs), so they are placed again here, in this process.
    """
    start = 0
    for items in aligning:
        span = range(start, start + len(items))
        start += len(items)
        suppressed = frozenset(
            outcomes[k][0].paragraph or ""
            for k in span
            if pending[k][0].edit.action is Action.SUP and outcomes[k][0].status.applicable
        )
        for k in span:
            item, fix, elsewhere = pending[k]
            anchor = outcomes[k][0]
            if item.edit.action is Action.ADD and anchor.status in TAKEN_IN and anchor.paragraph in suppressed:
                outcomes[k] = P.outcome(item, fix, index, settings, elsewhere, suppressed)


TAKEN_IN = (AnchorStatus.ALREADY, AnchorStatus.STALE)

CHUNK = 200
"""Edits a worker takes at a time: few enough that the cores share the work evenly, enough that sending
each chunk's places back costs little beside scoring them."""


class _Ticks:
    """Progress in edits, stage by stage: scoring the places (a third), the rounds that look again where the
    alignment says (the second third: each round half of what is left of it, as the rounds shrink), placing
    the changes (the last third); each stage's chunks move it on in proportion."""

    def __init__(self, progress: Callable[[int, int], None] | None, total: int) -> None:
        self.progress, self.total, self.done, self.stages = progress, total, 0.0, 0

    def stage(self, chunks: Sequence[range], last: bool = False) -> Iterator[range]:
        """The chunks, telling progress after each; at the end of the stage, its share is done."""
        start, self.stages = self.done, self.stages + 1
        share = 1.0 if last else 1 / 3 if self.stages == 1 else 1 / 3 + (1 - 0.5 ** (self.stages - 1)) / 3
        end, count = self.total * share, sum(len(c) for c in chunks)
        passed = 0
        for chunk in chunks:
            yield chunk
            passed += len(chunk)
            self._tell(start + (end - start) * passed / count)
        self._tell(end)

    def _tell(self, done: float) -> None:
        """Tell progress when it moved on by an edit or more (rounded)."""
        moved, self.done = round(done) > round(self.done), max(self.done, done)
        if moved and self.progress is not None:
            self.progress(min(self.total, round(done)), self.total)  # if it raises, the workers are stopped


def _chunks(count: int) -> list[range]:
    return [range(start, min(count, start + CHUNK)) for start in range(0, count, CHUNK)]


def _score(items: Sequence[P.Item], index: BaselineIndex, settings: Settings, jobs: int | None, ticks: _Ticks) -> None:
    """Each item's places, scored in chunks on `jobs` processes (independent of one another; None: on every
    core from `PARALLEL_FROM` items on, in this process below, as the last rounds are)."""
    chunks = _chunks(len(items))
    if jobs is None:
        jobs = workers.available() if len(items) >= PARALLEL_FROM else 1
    with contextlib.closing(workers.ordered_map(_score_chunk, (items, index, settings), chunks, jobs)) as each:
        for chunk, found in zip(ticks.stage(chunks), each, strict=False):
            for k, (places, lookups) in zip(chunk, found, strict=True):
                items[k].places, items[k].lookups = places, lookups


def _score_chunk(
    shared: tuple[Sequence[P.Item], BaselineIndex, Settings], chunk: range
) -> list[tuple[list[Place], Lookups | None]]:
    items, index, settings = shared
    try:
        return [P.score(items[k], index, settings) for k in chunk]
    finally:
        index.forget()


_Pending = tuple[P.Item, P.Fix, Reason | None]


def _outcomes(
    pending: Sequence[_Pending], index: BaselineIndex, settings: Settings, ticks: _Ticks
) -> list[tuple[Anchor, Placed | None]]:
    """Each edit's outcome at its place (its changes placed), in this process, chunk by chunk for progress.

    Why not on every core, as scoring is: placing an edit's changes costs ~0.07 ms, and forking the
    workers and sending the anchors back cost more than they saved. On 2,000 drifted edits over
    4,000 paragraphs the stage took 0.35 s on 2 workers, 0.12 s here; on drift-dev's 10,000 edits
    0.78-0.83 s against 0.72-1.05 s (2026-12-07, this machine quiet).
    """
    found: list[tuple[Anchor, Placed | None]] = []
    for chunk in ticks.stage(_chunks(len(pending)), last=True):
        found.extend(
            P.outcome(item, fix, index, settings, elsewhere) for item, fix, elsewhere in (pending[k] for k in chunk)
        )
    return found


def anchor_proposal(
    proposal: Proposal, index: BaselineIndex, settings: Settings = DEFAULT_SETTINGS
) -> dict[str, Anchor]:
    """Anchor one proposal alone: other proposals' edits, which may doubt a move, are not read."""
    return _aligned([proposal], index, settings, 1, _Ticks(None, len(proposal.edits)))[0]


__all__ = [
    "DEFAULT_SETTINGS",
    "PARALLEL_FROM",
    "BaselineIndex",
    "Candidate",
    "Costs",
    "Settings",
    "WordIndex",
    "anchor_proposal",
    "anchor_proposals",
]
