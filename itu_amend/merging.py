"""Merging: anchored edits become changes, clashes become conflicts, decisions settle them.

This is where a conflict is decided (`clash`, `_find_conflicts`) and where a
decision takes effect (`_apply_decisions`). The result is one `MergeResult`
that every output format renders.
"""

from __future__ import annotations

import functools
import itertools
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace

from . import brackets, collector
from .anchoring import DEFAULT_SETTINGS, BaselineIndex, Settings, anchor_proposals
from .contradictions import Ground, explain, first_contradiction
from .errors import InputError
from .loading import Inputs, did_you_mean, renamed_ids
from .model import (
    Action,
    Alternative,
    Anchor,
    AnchorStatus,
    Baseline,
    Bracket,
    Change,
    Conflict,
    ConflictKind,
    Decision,
    Edit,
    EditResult,
    EditStatus,
    MergedParagraph,
    MergeResult,
    Moved,
    Paragraph,
    ParagraphStatus,
    Position,
    Proposal,
    Span,
    Touch,
)
from .normalize import fold_text

ANCHOR_TO_EDIT_STATUS = {
    AnchorStatus.STALE: EditStatus.STALE,
    AnchorStatus.AMBIGUOUS: EditStatus.AMBIGUOUS,
    AnchorStatus.UNANCHORED: EditStatus.UNANCHORED,
    AnchorStatus.ALREADY: EditStatus.ALREADY,
}
KIND_ORDER = {ConflictKind.OVERLAP: 0, ConflictKind.BRACKET: 0, ConflictKind.SUPPRESSED: 1, ConflictKind.NOC: 2}


# --- the rule: when two changes clash ------------------------------------------


def clash(a: Change, b: Change) -> bool:
    """Whether two changes of different edits cannot both apply (SPEC: Merge).

    Identical changes agree. Changes clash when their deleted spans overlap, when
    both insert (different) text at one point, a replacement inserting at the start
    of the span it deletes, or when one inserts strictly inside the other's deleted
    span. An insertion at the edge of another's deletion merges cleanly.
    """
    if (a.start, a.end, a.inserted) == (b.start, b.end, b.inserted):
        return False
    if a.end > a.start and b.end > b.start and a.start < b.end and b.start < a.end:
        return True
    if a.inserted and b.inserted and a.start == b.start:
        return True
    return _inside(a, b) or _inside(b, a)


def _inside(insertion: Change, deletion: Change) -> bool:
    return insertion.is_insertion and deletion.start < insertion.start < deletion.end


def edits_clash(a: Sequence[Change], b: Sequence[Change]) -> bool:
    return any(clash(x, y) for x in a for y in b)


# --- working state ---------------------------------------------------------------


@dataclass
class _Draft:
    """What the merge knows about each edit while it works (mutable, local to `merge`)."""

    edits: dict[str, Edit]
    anchors: dict[str, Anchor]
    proposals: dict[str, Proposal]  # edit id -> its proposal
    rejected: dict[str, str] = field(default_factory=dict)  # edit id -> why
    compromises: dict[str, Decision] = field(default_factory=dict)
    partner: dict[str, str] = field(default_factory=dict)  # SUP* id <-> ADD* id, both ways
    touches: dict[str, tuple[Touch, ...]] = field(default_factory=dict)  # edit id -> what it does to brackets

    def is_move(self, edit_id: str) -> bool:
        return self.edits[edit_id].move is not None

    def target(self, edit_id: str) -> tuple[str, str] | None:
        """Where a move (either half) takes its paragraph: ("after" | "before", the ADD*'s paragraph)."""
        add = edit_id if self.edits[edit_id].action is Action.ADD else self.partner[edit_id]
        paragraph = self.anchors[add].paragraph
        side = "before" if self.edits[add].before is not None else "after"
        return None if paragraph is None else (side, paragraph)

    def changes(self, edit_id: str) -> tuple[Change, ...]:
        return self.anchors[edit_id].changes

    def at(self, number: str | None) -> list[str]:
        """The MOD, SUP and NOC edits anchored to paragraph `number`, in edit order."""
        return self.by_paragraph.get(number, []) if number is not None else []

    @functools.cached_property
    def by_paragraph(self) -> dict[str, list[str]]:
        """Built once: looking edits up by paragraph must not scan every edit (20,000 x 10,000)."""
        found: dict[str, list[str]] = defaultdict(list)
        for edit_id, edit in self.edits.items():
            paragraph = self.anchors[edit_id].paragraph
            if edit.action is not Action.ADD and paragraph is not None:
                found[paragraph].append(edit_id)
        return dict(found)


@dataclass(frozen=True)
class _Clash:
    """A conflict before ids are given: its paragraph, kind, edits and clashing pairs."""

    paragraph: str
    kind: ConflictKind
    edits: tuple[str, ...]
    pairs: frozenset[frozenset[str]]
    order: tuple[int, int]


def proposal_order(proposal: Proposal) -> tuple[object, ...]:
    """Proposals by source, then date (undated last), then edit ids; the file name only breaks exact ties.

    Why not by file name: renaming or listing the files in another order must give
    byte-identical output (SPEC: the merge is deterministic).
    """
    ids = tuple(e.id for e in proposal.edits)
    return (proposal.source, proposal.date is None, proposal.date or "", ids, proposal.path)


Progress = Callable[[int, int], None]
"""Told (edits anchored so far, total edits): first (0, total), then after each proposal."""


def merge(
    inputs: Inputs, settings: Settings = DEFAULT_SETTINGS, *, progress: Progress | None = None, jobs: int | None = 1
) -> MergeResult:
    """Merge every proposal into the baseline, deterministically.

    Anchoring takes most of the time on large drafts: `progress`, if given, is told
    how far it has got, and `jobs` processes share it (None: every core, for a large
    merge, as the command line does; 1 by default, because forking a program that runs
    threads of its own is its choice, not ours). The result is the same whatever either is.
    """
    return merge_anchored(anchor(inputs, settings, progress=progress, jobs=jobs), inputs.decisions)


@dataclass(frozen=True)
class Anchored:
    """The proposals anchored in the baseline: what decisions do not change, kept to merge again at once.

    The meeting room merges again after every decision; anchoring is most of a merge's time.
    """

    baseline: Baseline
    proposals: tuple[Proposal, ...]  # in merge order
    index: BaselineIndex
    anchors: Mapping[str, Anchor]


def anchor(
    inputs: Inputs, settings: Settings = DEFAULT_SETTINGS, *, progress: Progress | None = None, jobs: int | None = 1
) -> Anchored:
    """The first half of `merge`: every edit anchored (see `merge` for `progress` and `jobs`)."""
    proposals = tuple(sorted(inputs.proposals, key=proposal_order))
    total = sum(len(p.edits) for p in proposals)
    if progress is not None:
        progress(0, total)  # before the index: on a large draft building it takes a while too
    with collector.paused():  # the index, like the anchors, is built without reference cycles
        index = BaselineIndex(inputs.baseline)
        anchors = anchor_proposals(proposals, index, settings, progress, jobs=jobs)
    return Anchored(inputs.baseline, proposals, index, anchors)


def merge_anchored(anchored: Anchored, decisions: Sequence[Decision]) -> MergeResult:
    """The second half of `merge`: conflicts found, `decisions` applied, the text merged."""
    with collector.paused():  # merging makes no reference cycles either: see `collector`
        return _merged_result(anchored, decisions)


def _merged_result(anchored: Anchored, decisions: Sequence[Decision]) -> MergeResult:
    proposals, index = anchored.proposals, anchored.index
    draft = _Draft(
        edits={e.id: e for p in proposals for e in p.edits},
        anchors=dict(anchored.anchors),  # a copy: moves and decisions rewrite anchors in it
        proposals={e.id: p for p in proposals for e in p.edits},
    )
    _bind_moves(draft, proposals, index)
    _unify_edge_white_space(draft, index)
    _share_white_space(draft, index)
    _read_touches(draft, index)
    clashes = _find_conflicts(draft, index)
    additions = _place_additions(draft, index)
    _apply_decisions(draft, clashes, decisions, index, additions)
    conflicts = _conflicts(draft, clashes, index)
    unresolved = {e for c in conflicts if not c.resolved for e in c.edits}
    results = tuple(_edit_result(draft, edit_id, unresolved, conflicts, additions) for edit_id in draft.edits)
    status = {r.edit.id: r.status for r in results}
    paragraphs = _paragraphs(draft, index, status, conflicts, additions)
    return MergeResult(
        document=anchored.baseline.document,
        version=anchored.baseline.version,
        paragraphs=paragraphs,
        edits=results,
        conflicts=conflicts,
        proposals=proposals,
        decisions=tuple(decisions),
        notes=tuple(dict.fromkeys(a.note for a in additions.values() if a.note)),
        brackets=tuple(b for p in anchored.baseline.paragraphs for b in p.brackets),
    )


# --- the same change, written with or without the space beside it ----------------


def _unify_edge_white_space(draft: _Draft, index: BaselineIndex) -> None:
    """Changes of one paragraph that differ only in the white space at the edges of what they
    delete (and insert) are one change (SPEC: Merge): each edit making one of them is given the
    same one, the variant leaving one space where the words were ("provides " and "provides"
    deleted from "It provides the" are "provides ": "It the", not "It  the").
    """
    for number, edit_ids in draft.by_paragraph.items():
        mods = [e for e in edit_ids if draft.edits[e].action is Action.MOD and draft.anchors[e].status.applicable]
        if len(mods) < 2:
            continue
        text = index.paragraphs[index.positions[number]].text
        variants: dict[tuple[int, int, str], list[Change]] = defaultdict(list)
        for edit_id in mods:
            for change in draft.changes(edit_id):
                core = _core(change, text)
                if core is not None and change not in variants[core]:
                    variants[core].append(change)
        chosen = {c: _cleanest(found, text) for found in variants.values() if len(found) > 1 for c in found}
        if not chosen:
            continue
        for edit_id in mods:
            anchor = draft.anchors[edit_id]
            if any(c in chosen for c in anchor.changes):
                draft.anchors[edit_id] = replace(anchor, changes=tuple(chosen.get(c, c) for c in anchor.changes))


def _core(change: Change, text: str) -> tuple[int, int, str] | None:
    """What a change deletes and inserts, less the white space at its edges (None for a change of white space
    alone). A pure insertion's place is the run of white space it stands in or beside: "fine{++ new++} word"
    and "fine {++new ++}word" insert one word between the same two."""
    deleted = text[change.start : change.end]
    if not deleted.strip():
        if deleted or not change.inserted.strip():
            return None
        lo, hi = change.start, change.end
        while lo > 0 and text[lo - 1].isspace():
            lo -= 1
        while hi < len(text) and text[hi].isspace():
            hi += 1
        return (lo, hi, change.inserted.strip()) if (lo, hi) != (change.start, change.end) else None
    lead, trail = len(deleted) - len(deleted.lstrip()), len(deleted) - len(deleted.rstrip())
    return (change.start + lead, change.end - trail, change.inserted.strip())


def _cleanest(variants: Sequence[Change], text: str) -> Change:
    """Of one change's variants, the one leaving neither two spaces nor two words glued where it was."""

    def flaws(change: Change) -> tuple[bool, bool, int, int]:
        before, after = text[max(0, change.start - 1) : change.start], text[change.end : change.end + 1]
        joined = before + change.inserted + after
        doubled = any(a.isspace() and b.isspace() for a, b in itertools.pairwise(joined))
        spaced = any(ch.isspace() for ch in before + text[change.start : change.end] + after)
        glued = spaced and len(joined) > 1 and not any(ch.isspace() for ch in joined)
        return (doubled, glued, change.start, change.end)

    return min(variants, key=flaws)


def _share_white_space(draft: _Draft, index: BaselineIndex) -> None:
    """Two groups' deletions of neighbouring words that overlap only in the space between them are no clash:
    the space goes to one of them, and the two together leave neither two spaces nor one at an edge.

    Why: a deletion takes the space beside it so as to leave one space ("good {--word--} here"
    deletes "word "), and the next word's deletion at the paragraph's end takes the space
    before it (" here"): alone each is right; together they overlapped in that space and were
    an `overlap` conflict, though both apply ("a good").
    """
    for number, edit_ids in draft.by_paragraph.items():
        mods = [e for e in edit_ids if draft.edits[e].action is Action.MOD and draft.anchors[e].status.applicable]
        if len(mods) < 2:
            continue
        text = index.paragraphs[index.positions[number]].text
        for one, other in itertools.combinations(mods, 2):
            for a in draft.changes(one):
                for b in draft.changes(other):
                    shared = _shared_space(a, b, text)
                    if shared is not None:
                        _replace_change(draft, one, a, shared[0] if a.start <= b.start else shared[1])
                        _replace_change(draft, other, b, shared[1] if a.start <= b.start else shared[0])


def _shared_space(a: Change, b: Change, text: str) -> tuple[Change, Change] | None:
    """The two deletions (first, second in the text) with the white space they share given to one, if they
    overlap in white space alone; None otherwise."""
    first, second = sorted((a, b), key=lambda c: (c.start, c.end))
    if first.inserted or second.inserted or not first.start < second.start < first.end <= second.end:
        return None
    if text[second.start : first.end].strip():
        return None  # they share words: a real overlap
    start, end = first.start, second.end
    if start > 0 and text[start - 1].isspace() and (end == len(text) or text[end].isspace()):
        if end == len(text):
            start -= 1  # a space left at the end: the first takes the one before it
        else:
            end += 1  # two spaces left: the second takes the one after it
    elif start == 0 and end < len(text) and text[end].isspace():
        end += 1
    return Change(start, first.end, "", first.deleted), Change(first.end, end, "", second.deleted)


def _replace_change(draft: _Draft, edit_id: str, old: Change, new: Change) -> None:
    anchor = draft.anchors[edit_id]
    draft.anchors[edit_id] = replace(anchor, changes=tuple(new if c == old else c for c in anchor.changes))


# --- disputed text -----------------------------------------------------------------


def _read_touches(draft: _Draft, index: BaselineIndex) -> None:
    """What each applicable MOD or SUP does to its paragraph's disputed passages (SPEC: Disputed text).

    A MOD's recognised acts (agree, delete, choose) get their changes written one way
    (`brackets.touches`), so that groups doing the same thing to a passage agree.
    """
    for number, edit_ids in draft.by_paragraph.items():
        paragraph = index.paragraphs[index.positions[number]]
        if not paragraph.brackets:
            continue
        for edit_id in edit_ids:
            edit, anchor = draft.edits[edit_id], draft.anchors[edit_id]
            if not anchor.status.applicable:
                continue
            if edit.action is Action.MOD:
                found, changes = brackets.touches(paragraph.text, paragraph.brackets, anchor.changes)
                if changes != anchor.changes:
                    draft.anchors[edit_id] = replace(anchor, changes=changes)
            elif edit.action is Action.SUP and not draft.is_move(edit_id):
                found = brackets.touch_of_suppression(paragraph.brackets)
            else:
                continue
            if found:
                draft.touches[edit_id] = found


# --- conflicts ---------------------------------------------------------------------


def _by_action(draft: _Draft) -> dict[str, dict[Action, list[str]]]:
    """The applicable MOD, SUP and NOC edits of each paragraph, by action."""
    found: dict[str, dict[Action, list[str]]] = {}
    for number, edit_ids in draft.by_paragraph.items():
        actions: dict[Action, list[str]] = defaultdict(list)
        for edit_id in edit_ids:
            if draft.anchors[edit_id].status.applicable:
                actions[draft.edits[edit_id].action].append(edit_id)
        found[number] = actions
    return found


def _find_conflicts(draft: _Draft, index: BaselineIndex) -> list[_Clash]:
    """Every connected group of clashing edits, per paragraph and kind, in document order."""
    clashes: list[_Clash] = []
    for number, actions in _by_action(draft).items():
        position = index.positions[number]
        mods, nocs = actions[Action.MOD], actions[Action.NOC]
        sups = [e for e in actions[Action.SUP] if not draft.is_move(e)]
        moves = [e for e in actions[Action.SUP] if draft.is_move(e)]
        clashes.extend(_overlaps(draft, number, position, mods))
        clashes.extend(_move_overlaps(draft, number, position, moves))
        if sups and (mods or moves):  # a MOD of a moved paragraph follows it: no clash with the move
            pairs = frozenset(frozenset((s, m)) for s in sups for m in mods + moves)
            edits = tuple(sups + mods + moves)
            clashes.append(_Clash(number, ConflictKind.SUPPRESSED, edits, pairs, (position, 1 << 30)))
        if nocs and (mods or sups or moves):
            pairs = frozenset(frozenset((n, e)) for n in nocs for e in mods + sups + moves)
            edits = tuple(nocs + sups + mods + moves)
            clashes.append(_Clash(number, ConflictKind.NOC, edits, pairs, (position, 1 << 31)))
    return sorted(clashes, key=lambda c: (c.order, KIND_ORDER[c.kind], c.edits))


def _overlaps(draft: _Draft, number: str, position: int, mods: list[str]) -> list[_Clash]:
    """Connected components of the 'changes clash' graph among a paragraph's MODs."""
    pairs = {
        frozenset((a, b))
        for i, a in enumerate(mods)
        for b in mods[i + 1 :]
        if edits_clash(draft.changes(a), draft.changes(b))
    }
    found = []
    for component in _components(mods, pairs):
        inner = frozenset(p for p in pairs if p <= set(component))
        first = min(c.start for e in component for c in draft.changes(e))
        kind = ConflictKind.BRACKET if _on_one_bracket(draft, component) else ConflictKind.OVERLAP
        found.append(_Clash(number, kind, tuple(component), inner, (position, first)))
    return found


def _on_one_bracket(draft: _Draft, component: Sequence[str]) -> bool:
    """Whether every edit of a clash acts on one disputed passage: different acts on it are a `bracket` conflict."""
    shared: set[str] | None = None
    for edit_id in component:
        labels = {t.bracket for t in draft.touches.get(edit_id, ())}
        shared = labels if shared is None else shared & labels
    return bool(shared)


def _move_overlaps(draft: _Draft, number: str, position: int, moves: list[str]) -> list[_Clash]:
    """Moves of one paragraph to different places clash (`overlap`); to one place they agree."""
    pairs = {
        frozenset((a, b)) for i, a in enumerate(moves) for b in moves[i + 1 :] if draft.target(a) != draft.target(b)
    }
    found = []
    for component in _components(moves, pairs):
        inner = frozenset(p for p in pairs if p <= set(component))
        found.append(_Clash(number, ConflictKind.OVERLAP, tuple(component), inner, (position, 1 << 29)))
    return found


def _components(nodes: list[str], pairs: set[frozenset[str]]) -> list[list[str]]:
    """Connected components with more than one node, each in the nodes' order."""
    neighbours: dict[str, set[str]] = defaultdict(set)
    for pair in pairs:
        a, b = tuple(pair)
        neighbours[a].add(b)
        neighbours[b].add(a)
    seen: set[str] = set()
    components = []
    for node in nodes:
        if node in seen or node not in neighbours:
            continue
        stack, component = [node], set()
        while stack:
            current = stack.pop()
            if current not in component:
                component.add(current)
                stack.extend(neighbours[current] - component)
        seen |= component
        components.append([n for n in nodes if n in component])
    return components


def _still_clashing(clash_: _Clash, draft: _Draft) -> bool:
    """A conflict stays open while two of its edits that clash are both still standing."""
    if clash_.paragraph in draft.compromises:
        return False
    return any(not (pair & draft.rejected.keys()) for pair in clash_.pairs)


# --- moves -------------------------------------------------------------------------


def _bind_moves(draft: _Draft, proposals: Sequence[Proposal], index: BaselineIndex) -> None:
    """Link each SUP* to its ADD*; a move is made whole or not at all, so each half shares the other's fate.

    A half that did not anchor (or a move that would leave the paragraph where it
    stands: `already`) gives its status to the other half, with a message saying why.
    """
    for proposal in proposals:
        halves: dict[str, dict[Action, str]] = defaultdict(dict)
        for edit in proposal.edits:
            if edit.move is not None:
                halves[edit.move][edit.action] = edit.id
        for pair in halves.values():
            sup, add = pair[Action.SUP], pair[Action.ADD]
            draft.partner[sup], draft.partner[add] = add, sup
            _bind_move(draft, sup, add, index)
    _refuse_rings(draft, index)


def _refuse_rings(draft: _Draft, index: BaselineIndex) -> None:
    """Moves that take paragraphs beside each other in a ring (2 after 3, 3 before 2) have no place: ambiguous."""
    targets: dict[int, set[int]] = defaultdict(set)
    for sup, anchor in draft.anchors.items():
        if draft.is_move(sup) and draft.edits[sup].action is Action.SUP and anchor.status.applicable:
            target = draft.target(sup)
            assert target is not None and anchor.paragraph is not None
            targets[index.positions[anchor.paragraph]].add(index.positions[target[1]])
    for sup in [e for e in draft.partner if draft.edits[e].action is Action.SUP]:
        anchor = draft.anchors[sup]
        if (
            anchor.status.applicable
            and anchor.paragraph is not None
            and _ring(index.positions[anchor.paragraph], targets)
        ):
            why = "the paragraph it goes beside moves too, back towards this one (a ring of moves): say where each goes"
            draft.anchors[sup] = _with_status(anchor, AnchorStatus.AMBIGUOUS, why)
            add = draft.partner[sup]
            draft.anchors[add] = _with_status(draft.anchors[add], AnchorStatus.AMBIGUOUS, why)


def _ring(start: int, targets: dict[int, set[int]]) -> bool:
    """Whether following the moves from `start` (to where each paragraph goes) comes back to it."""
    seen, stack = set(), list(targets.get(start, ()))
    while stack:
        current = stack.pop()
        if current == start:
            return True
        if current not in seen:
            seen.add(current)
            stack.extend(targets.get(current, ()))
    return False


def _bind_move(draft: _Draft, sup: str, add: str, index: BaselineIndex) -> None:
    moved, placed = draft.anchors[sup], draft.anchors[add]
    if not moved.status.applicable:
        why = f"its SUP* {sup} is {moved.status.value}, so the paragraph is not moved"
        draft.anchors[add] = _with_status(placed, moved.status, why)
    elif not placed.status.applicable:
        why = f"its ADD* {add} is {placed.status.value} ({placed.message or 'no place'}), so the paragraph is not moved"
        draft.anchors[sup] = _with_status(moved, placed.status, why)
    elif _stays(draft, sup, index):
        target = draft.target(sup)
        assert target is not None and moved.paragraph is not None
        why = f"paragraph {moved.paragraph} already stands {target[0]} paragraph {target[1]}"
        draft.anchors[sup] = _with_status(moved, AnchorStatus.ALREADY, why)
        draft.anchors[add] = _with_status(placed, AnchorStatus.ALREADY, why)
    else:
        target = draft.target(sup)
        assert target is not None
        draft.anchors[sup] = _with_status(
            moved, moved.status, f"moves paragraph {moved.paragraph} {target[0]} paragraph {target[1]} (with {add})"
        )


def _stays(draft: _Draft, sup: str, index: BaselineIndex) -> bool:
    """Whether the move's place is where the paragraph already stands (next to it, on the side it names)."""
    target = draft.target(sup)
    number = draft.anchors[sup].paragraph
    assert target is not None and number is not None
    side, reference = target
    offset = index.positions[reference] - index.positions[number]
    return offset == 0 or offset == (-1 if side == "after" else 1)


def _with_status(anchor: Anchor, status: AnchorStatus, message: str) -> Anchor:
    return Anchor(status, anchor.paragraph, anchor.score, _join(message, anchor.message), anchor.changes)


# --- decisions -----------------------------------------------------------------------


def _apply_decisions(
    draft: _Draft,
    clashes: list[_Clash],
    decisions: Sequence[Decision],
    index: BaselineIndex,
    additions: dict[str, _Addition],
) -> None:
    """Rejections, acceptances (the other alternatives of each conflict fall), compromise texts, in file order.

    Decisions that contradict each other (two options of one conflict accepted, an
    accepted edit in a paragraph given a compromise text) are an input error at the
    later one: which the editor meant is hers to say, not ours to guess.
    """
    numbers = list(index.positions) + [a.number for a in additions.values()]
    for decision in decisions:
        if decision.paragraph is not None:
            _check_paragraph(decision.paragraph, numbers, decision.position or "decisions.yaml")
        else:
            _check_edit(decision.accept or decision.reject or "", draft, decision.position or "decisions.yaml")
    found = first_contradiction(decisions, _ground(draft, clashes))
    if found is not None:
        raise InputError(found.later.position or "decisions.yaml", f"{explain(found)}: keep one of them")
    for decision in decisions:
        where = decision.position or "decisions.yaml"
        if decision.paragraph is not None:
            draft.compromises[decision.paragraph] = decision
            continue
        edit_id = decision.accept or decision.reject
        assert edit_id is not None
        if draft.is_move(edit_id) and draft.edits[edit_id].action is Action.ADD:
            edit_id = draft.partner[edit_id]  # a move is decided on its SUP*, which its conflicts name
        if decision.reject is not None:
            draft.rejected[edit_id] = f"rejected by decision ({where})"
        else:
            _accept(draft, edit_id, clashes, where)
    for number in draft.compromises:
        for edit_id, anchor in draft.anchors.items():
            if anchor.paragraph == number and draft.edits[edit_id].action is not Action.ADD:
                draft.rejected[edit_id] = f"superseded by the compromise text for paragraph {number}"


def _ground(draft: _Draft, clashes: list[_Clash]) -> Ground:
    """The conflicts' options (ids as `_conflicts` gives them) and each edit's paragraph, to judge decisions by."""
    options: dict[str, dict[str, int]] = defaultdict(dict)
    for n, clash_ in enumerate(clashes, 1):
        keys: dict[tuple[object, ...], int] = {}
        for edit_id in clash_.edits:
            options[edit_id][f"C{n}"] = keys.setdefault(_alternative_key(draft, edit_id), len(keys))
    paragraphs = {
        e: a.paragraph
        for e, a in draft.anchors.items()
        if a.paragraph is not None and draft.edits[e].action is not Action.ADD
    }
    decided_as = {e: sup for e, sup in draft.partner.items() if draft.edits[e].action is Action.ADD}
    return Ground(options, paragraphs, decided_as)


def _check_paragraph(number: str, numbers: list[str], where: Position | str) -> None:
    if number not in numbers:
        hint = did_you_mean(number, numbers)
        raise InputError(where, f"decision names paragraph '{number}', which is not in the merged text{hint}")


def _check_edit(edit_id: str, draft: _Draft, where: Position | str) -> None:
    if edit_id not in draft.edits:
        raise InputError(
            where,
            f"decision names edit '{edit_id}', which no proposal has"
            f"{renamed_ids(edit_id, draft.edits) or did_you_mean(edit_id, draft.edits)}; "
            "remove the decision if the edit was withdrawn",
        )


def _accept(draft: _Draft, edit_id: str, clashes: list[_Clash], where: object) -> None:
    """In each conflict of the accepted edit, every edit that does not agree with it falls.

    Edits agreeing with it stand with it, unless a decision rejects one of them
    explicitly (the change still applies, credited to the others). No other
    decision accepts a rival: `first_contradiction` refused that.
    """
    own = _alternative_key(draft, edit_id)
    for clash_ in clashes:
        if edit_id not in clash_.edits:
            continue
        for other in clash_.edits:
            if _alternative_key(draft, other) != own:
                draft.rejected[other] = f"rejected: {edit_id} was accepted ({where})"


def _alternative_key(draft: _Draft, edit_id: str) -> tuple[object, ...]:
    """Edits with equal keys propose the same thing and form one alternative."""
    action = draft.edits[edit_id].action
    if action is Action.MOD:
        return (action, tuple(sorted((c.start, c.end, c.inserted) for c in draft.changes(edit_id))))
    if draft.is_move(edit_id):
        return (action, "move", draft.target(edit_id))
    return (action,)


# --- additions -----------------------------------------------------------------------


@dataclass(frozen=True)
class _Addition:
    """A new paragraph: its number, place (index of the baseline paragraph it follows) and sponsors."""

    number: str
    after: int
    edits: tuple[str, ...]
    text: str
    heading: str | None
    note: str | None = None  # on the first of several additions at one place


def _place_additions(draft: _Draft, index: BaselineIndex) -> dict[str, _Addition]:
    """Number every anchored ADD; identical ones at one place are one, credited to all."""
    _check_new_numbers(draft, set(index.positions))
    by_place: dict[int, list[list[str]]] = defaultdict(list)
    for edit_id, edit in draft.edits.items():
        anchor = draft.anchors[edit_id]
        if edit.action is not Action.ADD or not anchor.status.applicable or anchor.paragraph is None:
            continue
        if edit.move is not None:  # an ADD* brings a paragraph of the baseline: no new one
            continue
        after = index.positions[anchor.paragraph] - (1 if edit.before is not None else 0)
        _group_identical(by_place[after], edit_id, draft)
    places = {after: _in_add_order(draft, groups) for after, groups in by_place.items()}
    taken = set(index.positions) | _explicit_numbers(draft, places)
    additions: dict[str, _Addition] = {}
    for after in sorted(places):
        groups = places[after]
        base = "0" if after < 0 else index.number(after)
        note = _order_note(draft, groups, base) if len(groups) > 1 else None
        for n, group in enumerate(groups):
            edit = draft.edits[group[0]]
            number = _group_number(draft, group) or _next_free(base, taken)
            taken.add(number)
            addition = _Addition(number, after, tuple(group), edit.text or "", edit.heading, note if n == 0 else None)
            for edit_id in group:
                additions[edit_id] = addition
    return additions


def _in_add_order(draft: _Draft, groups: list[list[str]]) -> list[list[str]]:
    """Each group's edits, and the groups by their first edit, in the order additions at one place take."""
    ordered = [sorted(group, key=lambda e: _add_order(draft, e)) for group in groups]
    return sorted(ordered, key=lambda group: _add_order(draft, group[0]))


def _group_identical(groups: list[list[str]], edit_id: str, draft: _Draft) -> None:
    """Join the group of the same text whose explicit number (if any) does not differ, else start one."""
    edit = draft.edits[edit_id]
    for group in groups:
        first = draft.edits[group[0]]
        number = _group_number(draft, group)
        same_number = number is None or edit.number is None or number == edit.number
        if fold_text(first.text or "") == fold_text(edit.text or "") and same_number:
            group.append(edit_id)
            return
    groups.append([edit_id])


def _group_number(draft: _Draft, group: Sequence[str]) -> str | None:
    """The explicit number one of the group's edits gives, if any."""
    return next((n for n in (draft.edits[e].number for e in group) if n), None)


def _check_new_numbers(draft: _Draft, baseline_numbers: set[str]) -> None:
    for edit in draft.edits.values():
        if edit.action is Action.ADD and edit.number in baseline_numbers:
            raise InputError(
                edit.position or edit.id,
                f"ADD number '{edit.number}' is already a paragraph of the baseline: "
                "choose another or leave 'number' out",
            )


def _explicit_numbers(draft: _Draft, places: dict[int, list[list[str]]]) -> set[str]:
    """The numbers additions give themselves; each must name one addition (identical ones at one place are one)."""
    seen: dict[str, str] = {}
    for after in sorted(places):
        for group in places[after]:
            number = _group_number(draft, group)
            if number is None:
                continue
            if number in seen:
                edit = draft.edits[next(e for e in group if draft.edits[e].number == number)]
                raise InputError(
                    edit.position or edit.id,
                    f"ADD number '{number}' is also given to {seen[number]}, another addition: choose another",
                )
            seen[number] = next(e for e in group if draft.edits[e].number == number)
    return set(seen)


def _add_order(draft: _Draft, edit_id: str) -> tuple[object, ...]:
    """Proposal date (undated last), then source, then file order (proposals of one source and date, then edits)."""
    proposal = draft.proposals[edit_id]
    edit = draft.edits[edit_id]
    return (proposal.date is None, proposal.date or "", proposal.source, proposal_order(proposal), edit.index)


def _order_note(draft: _Draft, groups: list[list[str]], base: str) -> str:
    # groups agreeing on one addition are joined by " + ", not "/": a joint label has slashes of its own
    sources = ", ".join(" + ".join(sorted({draft.edits[e].source for e in g})) for g in groups)
    where = "before the first paragraph" if base == "0" else f"after paragraph {base}"
    return f"{len(groups)} additions {where} ({sources}), ordered by proposal date, then group"


def _next_free(base: str, taken: set[str]) -> str:
    for n in range(1, 10_000):
        suffix = ""
        while n:
            n, r = divmod(n - 1, 26)
            suffix = chr(ord("A") + r) + suffix
        if base + suffix not in taken:
            return base + suffix
    raise AssertionError("unreachable: 10,000 additions at one place")


# --- results ---------------------------------------------------------------------


def _conflicts(draft: _Draft, clashes: list[_Clash], index: BaselineIndex) -> tuple[Conflict, ...]:
    conflicts = []
    for n, clash_ in enumerate(clashes, 1):
        alternatives = _alternatives(draft, clash_, index)
        resolved = not _still_clashing(clash_, draft)
        conflicts.append(Conflict(f"C{n}", clash_.paragraph, clash_.kind, clash_.edits, resolved, alternatives))
    return tuple(conflicts)


def _alternatives(draft: _Draft, clash_: _Clash, index: BaselineIndex) -> tuple[Alternative, ...]:
    """One alternative per distinct proposal in the conflict; agreeing edits share one."""
    paragraph = index.paragraphs[index.positions[clash_.paragraph]]
    clean = _clean_changes(draft, clash_.paragraph, exclude=set(clash_.edits))
    groups: dict[tuple[object, ...], list[str]] = {}
    for edit_id in clash_.edits:
        groups.setdefault(_alternative_key(draft, edit_id), []).append(edit_id)
    alternatives = []
    for group in groups.values():
        action = draft.edits[group[0]].action
        if action is Action.SUP and draft.is_move(group[0]):  # moved elsewhere: its text as it stands
            text, marked = apply_changes(paragraph.text, _credit(draft, clean))
            spans: tuple[Span, ...] = _only_marking(marked, set(group))
        elif action is Action.SUP:
            spans = (Span(paragraph.text, "deleted", tuple(group), _sources(draft, group)),)
            text = ""
        else:
            extra = [] if action is Action.NOC else [(c, tuple(group)) for c in draft.changes(group[0])]
            text, spans = apply_changes(paragraph.text, _credit(draft, clean + extra))
            standing = {e for _, edits in clean for e in edits} | set(group)
            spans = _only_marking(brackets.mark_spans(spans, _still_open(draft, paragraph, standing)), set(group))
        alternatives.append(Alternative(tuple(group), _sources(draft, group), text, spans))
    return tuple(alternatives)


def _only_marking(spans: Sequence[Span], edits: set[str]) -> tuple[Span, ...]:
    """Spans with only the given edits' changes marked; other applied changes read as plain text."""
    out: list[Span] = []
    for span in spans:
        if span.kind != "kept" and edits & set(span.edits):
            out.append(span)
        elif span.kind != "deleted":
            if out and out[-1].kind == "kept" and out[-1].disputed == span.disputed:
                out[-1] = Span(out[-1].text + span.text, disputed=span.disputed)
            else:
                out.append(Span(span.text, disputed=span.disputed))
    return tuple(out)


def _sources(draft: _Draft, edit_ids: Iterable[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(draft.edits[e].source for e in edit_ids))


def _clean_changes(draft: _Draft, number: str, exclude: set[str]) -> list[tuple[Change, tuple[str, ...]]]:
    """The changes of a paragraph's standing MOD edits, except those in `exclude`."""
    found: list[tuple[Change, tuple[str, ...]]] = []
    for edit_id in draft.at(number):
        edit, anchor = draft.edits[edit_id], draft.anchors[edit_id]
        standing = edit_id not in exclude and edit_id not in draft.rejected
        if edit.action is Action.MOD and anchor.status.applicable and standing:
            found.extend((c, (edit_id,)) for c in anchor.changes)
    return found


def _credit(
    draft: _Draft, changes: Iterable[tuple[Change, tuple[str, ...]]]
) -> list[tuple[Change, tuple[str, ...], tuple[str, ...]]]:
    """Identical changes become one, credited to every edit that made it."""
    merged: dict[tuple[int, int, str], tuple[Change, list[str]]] = {}
    for change, edits in changes:
        key = (change.start, change.end, change.inserted)
        entry = merged.setdefault(key, (change, []))
        entry[1].extend(e for e in edits if e not in entry[1])
    return [(c, tuple(e), _sources(draft, e)) for c, e in merged.values()]


def apply_changes(
    text: str, changes: Sequence[tuple[Change, tuple[str, ...], tuple[str, ...]]]
) -> tuple[str, tuple[Span, ...]]:
    """Apply non-clashing changes to `text`: the clean result and the marked-up spans."""
    spans: list[Span] = []
    cursor = 0
    for change, edits, sources in sorted(changes, key=lambda c: (c[0].start, not c[0].is_insertion, c[0].end)):
        if change.start > cursor:
            spans.append(Span(text[cursor : change.start]))
        if change.end > change.start:
            spans.append(Span(text[change.start : change.end], "deleted", edits, sources))
        if change.inserted:
            spans.append(Span(change.inserted, "inserted", edits, sources))
        cursor = max(cursor, change.end)
    if cursor < len(text):
        spans.append(Span(text[cursor:]))
    clean = "".join(s.text for s in spans if s.kind != "deleted")
    return clean, tuple(spans)


def _edit_result(
    draft: _Draft,
    edit_id: str,
    unresolved: set[str],
    conflicts: Sequence[Conflict],
    additions: dict[str, _Addition],
) -> EditResult:
    edit, anchor = draft.edits[edit_id], draft.anchors[edit_id]
    if edit.move is not None and edit.action is Action.ADD and anchor.status.applicable:
        return _placed_half(draft, _edit_result(draft, draft.partner[edit_id], unresolved, conflicts, additions))
    paragraph = additions[edit_id].number if edit_id in additions else anchor.paragraph
    message = anchor.message
    if not anchor.status.applicable:
        status = ANCHOR_TO_EDIT_STATUS[anchor.status]
        if edit.action is Action.ADD and status is EditStatus.ALREADY:
            paragraph = anchor.paragraph
    elif edit_id in draft.rejected:
        status, message = EditStatus.REJECTED, _join(draft.rejected[edit_id], message)
    elif edit_id in unresolved:
        status = EditStatus.CONFLICT
        mine = [c.id for c in conflicts if edit_id in c.edits and not c.resolved]
        message = _join(f"in conflict {', '.join(mine)}", message)
    elif edit.action is Action.NOC:
        status = EditStatus.NOC
    else:
        status = EditStatus.APPLIED
        agreeing = additions[edit_id].edits if edit_id in additions else _agreeing(draft, edit_id)
        others = [e for e in agreeing if e != edit_id]
        if others:
            message = _join(f"agrees with {', '.join(others)}", message)
    return EditResult(edit, status, paragraph, anchor.score, message, anchor, draft.touches.get(edit_id, ()))


def _placed_half(draft: _Draft, moved: EditResult) -> EditResult:
    """An ADD* shares the fate of its SUP*: applied, in conflict or rejected with it."""
    edit_id = draft.partner[moved.edit.id]
    anchor = draft.anchors[edit_id]
    target = draft.target(edit_id)
    assert target is not None
    if moved.status is EditStatus.APPLIED:
        message = f"paragraph {moved.paragraph} moved here, {target[0]} paragraph {target[1]} (with {moved.edit.id})"
    else:
        message = f"its SUP* {moved.edit.id} is {moved.status.value}, so paragraph {moved.paragraph} is not moved"
    return EditResult(draft.edits[edit_id], moved.status, moved.paragraph, anchor.score, message, anchor)


def _agreeing(draft: _Draft, edit_id: str) -> list[str]:
    """Other edits that make one of this edit's changes (MOD) or suppress the same paragraph (SUP)."""
    mine = draft.edits[edit_id]
    anchor = draft.anchors[edit_id]
    keys = {(c.start, c.end, c.inserted) for c in anchor.changes}
    found = []
    for other in draft.at(anchor.paragraph):
        edit, theirs = draft.edits[other], draft.anchors[other]
        if other == edit_id or edit.action is not mine.action or not theirs.status.applicable:
            continue
        if mine.action is Action.SUP or keys & {(c.start, c.end, c.inserted) for c in theirs.changes}:
            found.append(other)
    return found


def _join(first: str | None, second: str | None) -> str | None:
    if not first or not second:
        return first or second
    return f"{first}; {second}"


def _paragraphs(
    draft: _Draft,
    index: BaselineIndex,
    status: dict[str, EditStatus],
    conflicts: Sequence[Conflict],
    additions: dict[str, _Addition],
) -> tuple[MergedParagraph, ...]:
    """The merged document: baseline paragraphs in order, each followed by its additions.

    A moved paragraph (with the additions that follow it) stands at its new place
    instead of its own, its MODs applied.
    """
    after: dict[int, list[_Addition]] = defaultdict(list)
    for addition in dict.fromkeys(additions.values()):
        if any(status[e] is EditStatus.APPLIED for e in addition.edits):
            after[addition.after].append(addition)
    moves = _moves(draft, index, status)
    around: dict[tuple[int, str], list[int]] = defaultdict(list)  # (position, side) -> positions moved there
    for position, (side, target, _) in moves.items():
        around[(target, side)].append(position)
    out = [_added(draft, a, status) for a in after.get(-1, ())]
    for start in range(len(index.paragraphs)):
        if start in moves:
            continue  # placed beside the paragraph it moves to
        for position in _with_moved(start, around):
            moved_by = moves.get(position)
            out.append(_merged(draft, index, position, status, conflicts, None if moved_by is None else moved_by[2]))
            out.extend(_added(draft, a, status) for a in after.get(position, ()))
    return tuple(out)


def _with_moved(position: int, around: Mapping[tuple[int, str], list[int]]) -> Iterator[int]:
    """`position`, with the paragraphs moved before and after it (and those moved beside them), in order.

    A function of its own, not a closure calling itself: that closure and its cell made a reference
    cycle holding every list it read (105,300 objects on a 20,000-paragraph draft) until the
    collector, paused while merging, found it.
    """
    for moved in around.get((position, "before"), ()):
        yield from _with_moved(moved, around)
    yield position
    for moved in around.get((position, "after"), ()):
        yield from _with_moved(moved, around)


def _moves(draft: _Draft, index: BaselineIndex, status: dict[str, EditStatus]) -> dict[int, tuple[str, int, Moved]]:
    """Each moved paragraph's position -> (side, position of the paragraph it goes beside, how it moved).

    A move into a ring of moves (A after B, B after A) has no place to go: it is left out, and its
    paragraph stays where it stands.
    """
    found: dict[int, tuple[str, int, Moved]] = {}
    for sup, edit in draft.edits.items():
        if edit.move is None or edit.action is not Action.SUP or status[sup] is not EditStatus.APPLIED:
            continue
        position = index.positions[draft.anchors[sup].paragraph or ""]
        side, reference = draft.target(sup) or ("after", "")
        if position in found:  # agreeing groups moving it to one place
            earlier = found[position][2]
            edits, sources = (*earlier.edits, sup, draft.partner[sup]), (*earlier.sources, edit.source)
            found[position] = (
                side,
                index.positions[reference],
                Moved(edits, tuple(dict.fromkeys(sources)), earlier.after),
            )
            continue
        before = None if position == 0 else index.number(position - 1)
        found[position] = (side, index.positions[reference], Moved((sup, draft.partner[sup]), (edit.source,), before))
    return {p: m for p, m in found.items() if not _in_ring(p, found)}


def _in_ring(position: int, moves: dict[int, tuple[str, int, Moved]]) -> bool:
    seen = {position}
    current = moves[position][1]
    while current in moves:
        if current in seen:
            return True
        seen.add(current)
        current = moves[current][1]
    return False


def _merged(
    draft: _Draft,
    index: BaselineIndex,
    position: int,
    status: dict[str, EditStatus],
    conflicts: Sequence[Conflict],
    moved: Moved | None = None,
) -> MergedParagraph:
    paragraph = index.paragraphs[position]
    number = paragraph.number
    touching = tuple(draft.at(number))
    mine = tuple(c.id for c in conflicts if c.paragraph == number)
    applied = [e for e in touching if status[e] is EditStatus.APPLIED]
    text, spans, state = _merged_body(draft, paragraph, applied)
    if any(not c.resolved for c in conflicts if c.paragraph == number):
        state = ParagraphStatus.CONFLICT
    note = None if moved is None else _moved_note(moved)
    return MergedParagraph(
        number, paragraph.heading, "baseline", state, text, paragraph.text, spans, touching, mine, note, moved
    )


def _moved_note(moved: Moved) -> str:
    where = "the start" if moved.after is None else f"after paragraph {moved.after}"
    return f"moved here from {where} by {', '.join(moved.sources)} (SUP*/ADD* {', '.join(moved.edits)})"


def _merged_body(
    draft: _Draft, paragraph: Paragraph, applied: Sequence[str]
) -> tuple[str, tuple[Span, ...], ParagraphStatus]:
    """A baseline paragraph's text and spans: the compromise, the suppression, or the applied MODs."""
    compromise = draft.compromises.get(paragraph.number)
    if compromise is not None and compromise.text is not None:
        spans = (
            Span(paragraph.text, "deleted", (), ("decision",)),
            Span(compromise.text, "inserted", (), ("decision",)),
        )
        return compromise.text, spans, ParagraphStatus.MODIFIED
    sups = [e for e in applied if draft.edits[e].action is Action.SUP and not draft.is_move(e)]
    if sups:
        return "", (Span(paragraph.text, "deleted", tuple(sups), _sources(draft, sups)),), ParagraphStatus.SUPPRESSED
    mods = [(c, (e,)) for e in applied if draft.edits[e].action is Action.MOD for c in draft.changes(e)]
    text, marked = apply_changes(paragraph.text, _credit(draft, mods))
    marked = brackets.mark_spans(marked, _still_open(draft, paragraph, applied))
    return text, marked, ParagraphStatus.MODIFIED if mods else ParagraphStatus.UNCHANGED


def _still_open(draft: _Draft, paragraph: Paragraph, applied: Iterable[str]) -> tuple[Bracket, ...]:
    """The paragraph's disputed passages that the given edits, applied, leave open."""
    if not paragraph.brackets:
        return ()
    settled = {t.bracket: t for e in applied for t in draft.touches.get(e, ()) if t.settles}
    return brackets.open_after(paragraph.brackets, settled)


def _added(draft: _Draft, addition: _Addition, status: dict[str, EditStatus]) -> MergedParagraph:
    applied = tuple(e for e in addition.edits if status[e] is EditStatus.APPLIED)
    compromise = draft.compromises.get(addition.number)
    text = compromise.text if compromise is not None and compromise.text is not None else addition.text
    spans = (Span(text, "inserted", applied, _sources(draft, applied)),)
    return MergedParagraph(
        addition.number,
        addition.heading,
        "added",
        ParagraphStatus.ADDED,
        text,
        "",
        spans,
        addition.edits,
        (),
        addition.note,
    )
