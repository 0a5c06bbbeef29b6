"""Contradictions: which of an editor's decisions cannot stand together (pure: no I/O).

The merge refuses a decisions file that contradicts itself, and `resolve` a new
decision that contradicts a recorded one; both judge by these rules.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from .model import Action, Contradiction, ContradictionKind, Decision, MergeResult, Proposal


@dataclass(frozen=True)
class Ground:
    """What decisions are judged against: the options of each conflict, and where each edit stands."""

    options: Mapping[str, Mapping[str, int]]  # edit id -> {conflict id: its option's index there}
    paragraphs: Mapping[str, str]  # MOD, SUP and NOC edit id -> the paragraph it anchored in
    decided_as: Mapping[str, str] = field(default_factory=dict)  # a move's ADD* id -> its SUP* id

    def edit(self, edit_id: str) -> str:
        """The edit a decision on `edit_id` rules on: a move is decided on its SUP*, which its conflicts name."""
        return self.decided_as.get(edit_id, edit_id)


def moves_decided_as(proposals: Sequence[Proposal]) -> dict[str, str]:
    """Each move's ADD* id -> the id of its SUP* (the halves share a `move` name in one proposal)."""
    found: dict[str, str] = {}
    for proposal in proposals:
        sups = {e.move: e.id for e in proposal.edits if e.move is not None and e.action is Action.SUP}
        for edit in proposal.edits:
            if edit.move is not None and edit.action is Action.ADD and edit.move in sups:
                found[edit.id] = sups[edit.move]
    return found


def ground_of(result: MergeResult) -> Ground:
    """The ground of a merge: its conflicts' alternatives (agreeing edits share one)."""
    options: dict[str, dict[str, int]] = defaultdict(dict)
    for conflict in result.conflicts:
        for n, alternative in enumerate(conflict.alternatives):
            for edit_id in alternative.edits:
                options[edit_id][conflict.id] = n
    paragraphs = {
        e.edit.id: e.anchor.paragraph
        for e in result.edits
        if e.edit.action is not Action.ADD and e.anchor.paragraph is not None
    }
    return Ground(options, paragraphs, moves_decided_as(result.proposals))


def subject(decision: Decision, ground: Ground | None = None) -> tuple[str, str]:
    """What a decision rules on: ('edit', id) or ('paragraph', number); given a ground, a move's ADD* is its SUP*."""
    if decision.paragraph is not None:
        return ("paragraph", decision.paragraph)
    edit_id = decision.accept or decision.reject or ""
    return ("edit", edit_id if ground is None else ground.edit(edit_id))


def contradiction(earlier: Decision, later: Decision, ground: Ground) -> Contradiction | None:
    """Why `later` cannot stand beside `earlier`, or None (a repeat of one ruling contradicts nothing).

    Accepting an edit adopts its option in each of its conflicts: accepting another
    option of one of them, rejecting the same edit, or giving its paragraph a
    compromise text (which replaces every edit of the paragraph) says the opposite.
    """
    if subject(earlier, ground) == subject(later, ground):
        if earlier.paragraph is not None:
            return None if earlier.text == later.text else Contradiction(ContradictionKind.OTHER_TEXT, earlier, later)
        reversed_ = (earlier.accept is None) != (later.accept is None)
        return Contradiction(ContradictionKind.REVERSED, earlier, later) if reversed_ else None
    for compromise, accepted in ((earlier, later), (later, earlier)):
        accepted_in = ground.paragraphs.get(ground.edit(accepted.accept)) if accepted.accept is not None else None
        if compromise.paragraph is not None and accepted_in == compromise.paragraph:
            return Contradiction(ContradictionKind.SUPERSEDED, earlier, later)
    if earlier.accept is None or later.accept is None:
        return None
    mine, theirs = (
        ground.options.get(ground.edit(earlier.accept), {}),
        ground.options.get(ground.edit(later.accept), {}),
    )
    for conflict in sorted(mine.keys() & theirs.keys(), key=_conflict_order):
        if mine[conflict] != theirs[conflict]:
            return Contradiction(ContradictionKind.RIVALS, earlier, later, conflict)
    return None


def _conflict_order(conflict_id: str) -> tuple[int, str]:
    digits = conflict_id[1:]
    return (int(digits), conflict_id) if digits.isdigit() else (0, conflict_id)


def first_contradiction(decisions: Sequence[Decision], ground: Ground) -> Contradiction | None:
    """The first decision (in file order) that contradicts an earlier one.

    Only decisions sharing an edit, a conflict or a paragraph can contradict each
    other, so each is compared with those alone (a file of 1,000 rulings is not 500,000 pairs).
    """
    earlier_by_key: dict[tuple[str, str], list[Decision]] = defaultdict(list)
    for later in decisions:
        keys = _keys(later, ground)
        seen: set[int] = set()
        for key in keys:
            for earlier in earlier_by_key[key]:
                if id(earlier) in seen:
                    continue
                seen.add(id(earlier))
                found = contradiction(earlier, later, ground)
                if found is not None:
                    return found
        for key in keys:
            earlier_by_key[key].append(later)
    return None


def _keys(decision: Decision, ground: Ground) -> list[tuple[str, str]]:
    keys = [subject(decision, ground)]
    if decision.paragraph is not None:
        keys.append(("in paragraph", decision.paragraph))
    if decision.accept is not None:
        accepted = ground.edit(decision.accept)
        keys += [("conflict", c) for c in ground.options.get(accepted, {})]
        if accepted in ground.paragraphs:
            keys.append(("in paragraph", ground.paragraphs[accepted]))
    return keys


def describe(decision: Decision) -> str:
    """'accept TSAG/2', 'reject RAG/1', 'the compromise text for paragraph 33'."""
    if decision.paragraph is not None:
        return f"the compromise text for paragraph {decision.paragraph}"
    return f"accept {decision.accept}" if decision.accept is not None else f"reject {decision.reject}"


def explain(found: Contradiction) -> str:
    """One sentence: what contradicts what, naming where the earlier decision is recorded."""
    earlier, later = found.earlier, found.later
    where = earlier.position or "decisions.yaml"
    kind = found.kind
    if kind is ContradictionKind.REVERSED:
        return f"{describe(later)} would reverse {describe(earlier)}, recorded at {where}"
    if kind is ContradictionKind.RIVALS:
        return (
            f"{describe(later)} contradicts {describe(earlier)} ({where}): "
            f"both are options of conflict {found.conflict}, which adopts one"
        )
    if kind is ContradictionKind.SUPERSEDED:
        number = earlier.paragraph or later.paragraph
        return (
            f"{describe(later)} contradicts {describe(earlier)} ({where}): "
            f"a compromise text replaces every edit of paragraph {number}"
        )
    if kind is ContradictionKind.OTHER_TEXT:
        return f"paragraph {later.paragraph} already has another compromise text ({where})"
    return f"{describe(earlier)} is already recorded ({where}) with the note '{earlier.note}'"
