"""The meeting room's files: the workspace anchored once, decisions recorded and read again, another editor noticed.

Anchoring does not depend on decisions, so it is done once when the room opens;
each decision is recorded in decisions.yaml at once (`decisions.record`, as `resolve`
does: atomically, comments and order kept), read back and merged again in a moment.
A change made to decisions.yaml by someone else since the room last read it is
noticed (its content's hash) and never written over: recording refuses until the
file is read again.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from . import decisions
from .errors import UsageError
from .loading import MAX_FILE_BYTES, load_decisions, load_inputs
from .merging import Anchored, Progress, anchor, merge_anchored
from .model import Decision, MergeResult


@dataclass(frozen=True)
class Stamp:
    """What decisions.yaml held when it was last read or written: its hash, or None when absent."""

    digest: str | None

    @classmethod
    def of(cls, path: Path) -> Stamp:
        try:
            return cls(hashlib.sha256(path.read_bytes()).hexdigest())
        except FileNotFoundError:
            return cls(None)


class ChangedOutside(UsageError):
    """decisions.yaml changed since the room read it: recording would lose or contradict another editor's work."""


class Room:
    """One workspace open for a meeting: its anchors, its decisions file and what that file held."""

    def __init__(self, anchored: Anchored, path: Path, recorded: Sequence[Decision], max_bytes: int) -> None:
        self.anchored = anchored
        self.path = path
        self.recorded = tuple(recorded)
        self.max_bytes = max_bytes
        self.stamp = Stamp.of(path)

    @classmethod
    def open(
        cls,
        baseline: Path,
        proposals: Path,
        path: Path,
        max_bytes: int = MAX_FILE_BYTES,
        progress: Progress | None = None,
        jobs: int | None = 1,
    ) -> Room:
        """Load and anchor the workspace (the slow part, done once)."""
        inputs = load_inputs(baseline, proposals, path, max_bytes)
        return cls(anchor(inputs, progress=progress, jobs=jobs), path, inputs.decisions, max_bytes)

    def merged(self) -> MergeResult:
        """The merge with the decisions last read (InputError if they contradict each other)."""
        return merge_anchored(self.anchored, self.recorded)

    def changed_outside(self) -> bool:
        """Whether decisions.yaml holds something else than what the room last read or wrote."""
        return Stamp.of(self.path) != self.stamp

    def record(self, steps: Sequence[decisions.Step]) -> MergeResult:
        """Record the steps in decisions.yaml, then merge with the file as it now reads.

        Refused (ChangedOutside), with nothing written, when the file changed outside
        the room since it was read: the editor must see that change first (`reread`).
        """
        if self.changed_outside():
            raise ChangedOutside(
                f"{self.path}: changed by someone else since it was read; nothing was written "
                "(read it again, then decide)"
            )
        decisions.record(self.path, steps)
        return self.reread()

    def reread(self) -> MergeResult:
        """Read decisions.yaml again (as it now is) and merge with it."""
        stamp = Stamp.of(self.path)
        recorded = load_decisions(self.path, self.max_bytes) if stamp.digest is not None else ()
        result = merge_anchored(self.anchored, recorded)  # before taking it: a contradiction leaves the room as it was
        self.recorded, self.stamp = recorded, stamp
        return result
