"""Reports derived from a merge: the voting list of each conflict, how each was settled, the
proposals not placed, and statistics per group."""

from __future__ import annotations

import difflib
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from enum import Enum
from itertools import combinations

from .brackets import open_after
from .errors import UsageError
from .merging import apply_changes
from .model import (
    Action,
    Bracket,
    BracketProblem,
    Conflict,
    Decision,
    Edit,
    EditResult,
    EditStatus,
    LoadWarning,
    MergeResult,
    ParagraphStatus,
    Proposal,
    Selection,
    Span,
    Touch,
    TouchKind,
)


@dataclass(frozen=True)
class Option:
    """One choice put to the meeting: an alternative (or keeping the text) and what falls with it."""

    label: str
    edits: tuple[EditResult, ...]  # empty for "keep the text" without a NOC
    sources: tuple[str, ...]
    text: str
    distance: int  # words inserted + deleted against the baseline paragraph
    falls: tuple[str, ...]  # edit ids that fall if this option is adopted
    keeps_text: bool
    spans: tuple[Span, ...] = ()

    @property
    def title(self) -> str:
        """'TSAG, TDAG (MOD)', 'RAG (NOC: keep the text)', 'keep the text'."""
        if self.keeps_text:
            return f"{', '.join(self.sponsors)} (NOC: keep the text)" if self.sources else "keep the text"
        actions = "/".join(sorted({e.edit.code for e in self.edits}))
        if actions == "SUP":
            actions = "SUP: delete the paragraph"
        elif actions == "SUP*":
            actions = "SUP*: move the paragraph"
        return f"{', '.join(self.sponsors)} ({actions})"

    @property
    def sponsors(self) -> tuple[str, ...]:
        """The option's groups as a meeting names them: a joint label, with its co-sponsors when it does not spell them.

        `B/CAN/CLM/USA` names its four sponsors itself, as ITU numbers its proposals;
        `ACP (SEN, KEN, NIG)` says who signed the African Common Proposal.
        """
        named = {e.edit.source: e.edit.sponsors for e in self.edits}
        return tuple(_credit_label(source, named.get(source, ())) for source in self.sources)


def _credit_label(source: str, sponsors: tuple[str, ...]) -> str:
    if not sponsors or list(sponsors) == [part.strip() for part in source.split("/")]:
        return source
    return f"{source} ({', '.join(sponsors)})"


def credited(result: MergeResult, edit_ids: Iterable[str]) -> tuple[str, ...]:
    """Every group credited with these edits, each co-sponsor of a joint proposal on its own, in order."""
    return tuple(dict.fromkeys(name for e in edit_ids for name in result.edit(e).edit.credited))


def voting_list(result: MergeResult, conflict: Conflict) -> list[Option]:
    """The conflict's options as parliaments marshal amendments.

    Furthest from the baseline first (word-level distance), then the option of
    keeping the text: the baseline itself, sponsored by any NOC. Identical
    proposals appear once, with all their co-sponsors.
    """
    paragraph = next(p for p in result.paragraphs if p.number == conflict.paragraph)
    baseline = paragraph.baseline_text
    changes, keep = [], None
    for alternative in conflict.alternatives:
        edits = tuple(result.edit(e) for e in alternative.edits)
        falls = tuple(e for e in conflict.edits if e not in alternative.edits)
        if all(e.edit.action is Action.NOC for e in edits):
            keep = (edits, alternative.sources, falls)
            continue
        distance = word_distance(baseline, alternative.text)
        option = Option("", edits, alternative.sources, alternative.text, distance, falls, False, alternative.spans)
        changes.append(option)
    changes.sort(key=lambda o: (-o.distance, o.sources))
    edits, sources, falls = keep if keep is not None else ((), (), conflict.edits)
    keep_option = Option("", edits, sources, baseline, 0, falls, True, (Span(baseline),))
    return [_labelled(o, n) for n, o in enumerate([*changes, keep_option])]


@dataclass(frozen=True)
class Settlement:
    """How a resolved conflict was settled: the options adopted, and the decisions that did it."""

    conflict: Conflict
    adopted: tuple[Option, ...]  # empty when a compromise text replaced the paragraph
    decisions: tuple[Decision, ...]  # the decisions bearing on the conflict, in file order
    compromise: Decision | None = None


def settlement(result: MergeResult, conflict: Conflict) -> Settlement | None:
    """What was adopted in a resolved conflict (None while it is open).

    An option is adopted while one of its edits stands (not rejected); keeping the
    text, when no option of edits stands. Rejecting one side's edits adopts the
    other side's: this says so, instead of leaving the editor to infer it.
    """
    if not conflict.resolved:
        return None
    bearing = tuple(
        d
        for d in result.decisions
        if d.paragraph == conflict.paragraph or (d.accept or d.reject or "") in conflict.edits
    )
    compromise = next((d for d in bearing if d.paragraph is not None), None)
    if compromise is not None:
        return Settlement(conflict, (), bearing, compromise)
    options = voting_list(result, conflict)
    standing = tuple(
        o for o in options if not o.keeps_text and any(e.status is not EditStatus.REJECTED for e in o.edits)
    )
    adopted = standing or tuple(o for o in options if o.keeps_text)
    return Settlement(conflict, adopted, bearing)


def what_applies(found: Settlement) -> str:
    """'RAG/2 now applies', 'TDAG/1, TSAG/2 now apply', 'the text is kept', 'the compromise text applies'."""
    if found.compromise is not None:
        return f"the compromise text for paragraph {found.conflict.paragraph} applies"
    parts = []
    for option in found.adopted:
        if option.keeps_text:
            parts.append("the text is kept")
            continue
        ids = [e.edit.id for e in option.edits if e.status is not EditStatus.REJECTED]
        parts.append(f"{', '.join(ids)} now appl{'ies' if len(ids) == 1 else 'y'}")
    labels = ", ".join(o.label for o in found.adopted)
    return f"{'; '.join(parts)} (option{'s' * (len(found.adopted) > 1)} {labels})"


def adopted_line(found: Settlement) -> str:
    """'adopted: option B, RAG (MOD), by accept RAG/2 (decisions.yaml:3:5): agreed at the fifth meeting'."""
    if found.compromise is not None:
        what = f"the compromise text for paragraph {found.conflict.paragraph}"
    else:
        what = "; ".join(f"option {o.label}, {o.title}" for o in found.adopted)
    rulings = []
    for decision in found.decisions:
        where = f" ({decision.position})" if decision.position else ""
        note = f": {decision.note}" if decision.note else ""
        rulings.append(f"{ruling(decision)}{where}{note}")
    return f"adopted: {what}" + (f", by {'; '.join(rulings)}" if rulings else "")


def ruling(decision: Decision) -> str:
    if decision.paragraph is not None:
        return f"compromise text for paragraph {decision.paragraph}"
    return f"accept {decision.accept}" if decision.accept is not None else f"reject {decision.reject}"


def _labelled(option: Option, n: int) -> Option:
    return replace(option, label=option_label(n))


def option_label(n: int) -> str:
    """A, B, ..., Z, AA, AB: the label of the nth option (from 0), as spreadsheets number columns."""
    label = ""
    n += 1
    while n:
        n, r = divmod(n - 1, 26)
        label = chr(ord("A") + r) + label
    return label


def word_distance(a: str, b: str) -> int:
    """Words to insert and delete to turn `a` into `b`."""
    old, new = a.split(), b.split()
    matcher = difflib.SequenceMatcher(a=old, b=new, autojunk=False)
    same = sum(block.size for block in matcher.get_matching_blocks())
    return len(old) + len(new) - 2 * same


# --- proposals not placed -----------------------------------------------------------

NOT_PLACED = (EditStatus.STALE, EditStatus.AMBIGUOUS, EditStatus.UNANCHORED)
"""Edits that were not applied because no place was found for them (not a decision's doing)."""


@dataclass(frozen=True)
class NotPlaced:
    """An edit that is in no paragraph of the merged text, with what it proposes and where it might go.

    A group's proposal missing from the meeting document with nothing saying so is the
    worst outcome for an editor: every output lists these.
    """

    edit: EditResult
    proposal: Proposal
    spans: tuple[Span, ...]  # what it proposes: its deletions and insertions around its quoted context
    candidate: str | None  # the paragraph it was found in or fits best, when anchoring names one
    named: str | None  # the paragraph its author named (an ADD: the one it goes after or before)

    @property
    def reason(self) -> str:
        return self.edit.message or self.edit.status.value


def not_placed(result: MergeResult) -> tuple[NotPlaced, ...]:
    """Every stale, ambiguous or unanchored edit, in proposal order (of the groups asked for, if any)."""
    proposals = {e.id: p for p in result.proposals for e in p.edits}
    asked = result.selection.edits if result.selection is not None else None
    found = []
    for edit in result.edits:
        if edit.status not in NOT_PLACED or (asked is not None and edit.edit.id not in asked):
            continue
        named = edit.edit.paragraph or _short(edit.edit.after) or _short(edit.edit.before)
        found.append(NotPlaced(edit, proposals[edit.edit.id], proposed(edit.edit), edit.anchor.paragraph, named))
    return tuple(found)


def _short(reference: str | None) -> str | None:
    """An ADD's `after`/`before` when it is a number, not a quoted passage."""
    return reference if reference is not None and len(reference.split()) == 1 and len(reference) <= 12 else None


def proposed(edit: Edit) -> tuple[Span, ...]:
    """An edit's text as spans: a MOD's marks as deletions and insertions, an ADD inserted, a SUP deleted.

    An ADD* brings no text (the paragraph of its SUP* moves): it says so instead.
    """
    credit = ((edit.id,), (edit.source,))
    if edit.marked is not None:
        _, spans = apply_changes(edit.marked.old, [(c, *credit) for c in edit.marked.changes])
        return spans
    text = edit.text or ""
    if edit.action is Action.ADD and edit.move is not None:  # an ADD* has no text: its paragraph moves here
        return (Span(f"(the paragraph its SUP* moves here: move {edit.move})"),)
    if edit.action is Action.ADD:
        heading = f"{edit.heading}: " if edit.heading else ""
        return (Span(heading + text, "inserted", *credit),)
    if edit.action is Action.SUP:
        return (Span(text or "(the whole paragraph)", "deleted", *credit),)
    return (Span(text or "(the whole paragraph, unchanged)"),)


def place_text(item: NotPlaced) -> str:
    """'best candidate paragraph 32; quoted as paragraph 32', or 'no candidate place; quoted as paragraph 40'."""
    where = f"best candidate paragraph {item.candidate}" if item.candidate else "no candidate place"
    edit = item.edit.edit
    if item.named is None:
        return where
    relation = "after" if edit.after == item.named else "before" if edit.before == item.named else "quoted as"
    return f"{where}; {relation} paragraph {item.named}"


# --- statistics per group -----------------------------------------------------------


@dataclass(frozen=True)
class GroupStats:
    source: str
    proposed: int
    counts: dict[EditStatus, int]


@dataclass(frozen=True)
class Stats:
    """Counts per group; a joint proposal's edits count for each of its co-sponsors."""

    groups: tuple[GroupStats, ...]
    clashes: dict[tuple[str, str], int]  # sorted pair of groups -> pairs of their edits in conflict
    agreements: dict[tuple[str, str], int]  # sorted pair of groups -> pairs of their edits agreeing
    joint: tuple[tuple[str, tuple[str, ...]], ...] = ()  # each joint label and its co-sponsors

    @property
    def sources(self) -> tuple[str, ...]:
        return tuple(g.source for g in self.groups)


def stats(result: MergeResult) -> Stats:
    """Edits per group by outcome, and how often each pair of groups clashes and agrees."""
    by_group: dict[str, Counter[EditStatus]] = {}
    for edit in result.edits:
        for name in edit.edit.credited:
            by_group.setdefault(name, Counter())[edit.status] += 1
    groups = tuple(GroupStats(s, sum(c.values()), dict(c)) for s, c in sorted(by_group.items()))
    joint = tuple(sorted({(p.source, p.sponsors) for p in result.proposals if p.sponsors}))
    return Stats(groups, _count(result, _clashing_pairs(result)), _count(result, _agreeing_pairs(result)), joint)


def _clashing_pairs(result: MergeResult) -> set[frozenset[str]]:
    pairs = set()
    for conflict in result.conflicts:
        for a, b in combinations(conflict.alternatives, 2):
            pairs |= {frozenset((x, y)) for x in a.edits for y in b.edits}
    return pairs


def _agreeing_pairs(result: MergeResult) -> set[frozenset[str]]:
    """Edits credited together for one change or addition, or sharing an alternative."""
    together = [span.edits for p in result.paragraphs for span in p.spans]
    together += [a.edits for c in result.conflicts for a in c.alternatives]
    return {frozenset(pair) for edits in together for pair in combinations(sorted(set(edits)), 2)}


def _count(result: MergeResult, pairs: set[frozenset[str]]) -> dict[tuple[str, str], int]:
    counts: Counter[tuple[str, str]] = Counter()
    for pair in pairs:
        a, b = sorted(pair)
        for x in result.edit(a).edit.credited:
            for y in result.edit(b).edit.credited:
                counts[(min(x, y), max(x, y))] += 1
    return dict(sorted(counts.items()))


# --- selecting part of a merge ---------------------------------------------------------


def select(
    result: MergeResult,
    only_changed: bool = False,
    groups: Sequence[str] = (),
    paragraphs: Sequence[str] = (),
) -> MergeResult:
    """The merge restricted to some paragraphs (numbers or ranges "30-33"), groups, or changed paragraphs.

    Conflicts are kept where they stand in a kept paragraph; the edits stay whole,
    so that the summary still counts the whole merge and every alternative can
    name its sponsors; `selection` keeps the whole merge's counts. Group names and
    paragraph numbers match without regard to case. An unknown group or paragraph,
    or filters that leave nothing to show, are a UsageError: an empty page with exit 0
    reads as "nothing there" when the filter was mistyped.
    """
    if not (only_changed or groups or paragraphs):
        return result
    numbers = [p.number for p in result.paragraphs]
    wanted = _expand(paragraphs, numbers) if paragraphs else set(numbers)
    chosen = [p for p in result.paragraphs if p.number in wanted]
    if only_changed:
        chosen = [p for p in chosen if p.status.value != "unchanged"]
    if groups:
        by_group = _edits_of(result, groups)
        chosen = [p for p in chosen if by_group & set(p.edits)]
    if not chosen:
        raise UsageError(f"no paragraph matches {_filters(only_changed, groups, paragraphs)}")
    kept = {p.number for p in chosen}
    conflicts = tuple(c for c in result.conflicts if c.paragraph in kept)
    mine = frozenset(_edits_of(result, groups)) if groups else None
    whole = Selection(len(result.paragraphs), len(result.conflicts), len(result.unresolved), mine)
    return replace(result, paragraphs=tuple(chosen), conflicts=conflicts, selection=whole)


def select_conflicts(result: MergeResult, groups: Sequence[str]) -> MergeResult:
    """The conflicts in which one of `groups` (any case) has an edit; `selection` keeps the whole counts."""
    if not groups:
        return result
    mine = _edits_of(result, groups)
    conflicts = tuple(c for c in result.conflicts if mine & set(c.edits))
    whole = Selection(len(result.paragraphs), len(result.conflicts), len(result.unresolved), frozenset(mine))
    return replace(result, conflicts=conflicts, selection=whole)


def _edits_of(result: MergeResult, groups: Sequence[str]) -> set[str]:
    """The ids of the edits that `groups` (any case) propose: as a source, or as a co-sponsor of a joint one.

    `--group USA` is what a delegation asks to see: every text it signed, alone or with others;
    `--group B/CAN/CLM/USA` the joint proposal alone.
    """
    names = [n for p in result.proposals for n in (p.source, *p.sponsors)]
    wanted = {group_name(g, names) for g in groups}
    return {e.edit.id for e in result.edits if wanted & {e.edit.source, *e.edit.sponsors}}


def _filters(only_changed: bool, groups: Sequence[str], paragraphs: Sequence[str]) -> str:
    parts = ["--only-changed"] if only_changed else []
    parts += [f"--group {g}" for g in groups] + [f"--paragraph {p}" for p in paragraphs]
    return " ".join(parts)


def group_name(asked: str, sources: Sequence[str]) -> str:
    """The proposing group `asked` names, in any case; UsageError naming the groups if none."""
    known = sorted(set(sources))
    if asked in known:
        return asked
    same = [s for s in known if s.casefold() == asked.casefold()]
    if len(same) == 1:
        return same[0]
    listed = f": the groups are {', '.join(known)}" if known else ""
    raise UsageError(f"no group '{asked}' in the proposals{closest(asked, known)}{listed}")


def paragraph_number(asked: str, numbers: Sequence[str]) -> str:
    """The paragraph number `asked` names, in any case ("33a" is "33A"); UsageError with the closest if none."""
    if asked in numbers:
        return asked
    same = [n for n in numbers if n.casefold() == asked.casefold()]
    if len(same) == 1:
        return same[0]
    raise UsageError(f"no paragraph '{asked}' in the merged text{closest(asked, numbers)}")


def closest(asked: str, choices: Sequence[str]) -> str:
    """' (did you mean 'x'?)' for the choice closest to `asked`, compared without regard to case.

    Of close choices, one of the same length goes first: "33b" is nearer "33A" than "33".
    """
    folded = {c.casefold(): c for c in reversed(choices)}
    key = asked.casefold()
    found = difflib.get_close_matches(key, list(folded), n=5, cutoff=0.5)
    if not found:
        return ""
    best = max(found, key=lambda c: (len(c) == len(key), difflib.SequenceMatcher(None, key, c).ratio()))
    return f" (did you mean '{folded[best]}'?)"


def _expand(selectors: Sequence[str], numbers: list[str]) -> set[str]:
    """Paragraph numbers from "33" or "30-33" (a range in document order, both ends included, either way round)."""
    out: set[str] = set()
    for selector in selectors:
        if selector in numbers or "-" not in selector:
            out.add(paragraph_number(selector, numbers))
            continue
        first, _, last = selector.partition("-")
        try:
            ends = [paragraph_number(first, numbers), paragraph_number(last, numbers)]
        except UsageError:
            raise UsageError(
                f"no paragraph range '{selector}' in the merged text: both ends must be paragraph numbers"
                f"{closest(selector, numbers)}"
            ) from None
        i, j = sorted(numbers.index(n) for n in ends)
        out.update(numbers[i : j + 1])
    return out


@dataclass(frozen=True)
class Ruling:
    """A recorded decision and the conflicts it bears on."""

    decision: Decision
    conflicts: tuple[str, ...]
    effect: str


def rulings(result: MergeResult) -> list[Ruling]:
    """Each decision with the conflicts it settles, or a note that it settles none."""
    out = []
    for decision in result.decisions:
        if decision.paragraph is not None:
            ids = tuple(c.id for c in result.conflicts if c.paragraph == decision.paragraph)
            effect = f"compromise text for paragraph {decision.paragraph}"
        else:
            edit_id = decision.accept or decision.reject
            ids = tuple(c.id for c in result.conflicts if edit_id in c.edits)
            effect = f"{'accept' if decision.accept else 'reject'} {edit_id}"
        if not ids:
            effect += " (settles no conflict)"
        out.append(Ruling(decision, ids, effect))
    return out


def decisions_on(result: MergeResult, number: str) -> list[str]:
    """The editor's decisions that bear on a paragraph, one line each: 'accept TSAG/2 (agreed ...)'."""
    paragraph = next(p for p in result.paragraphs if p.number == number)
    lines = []
    for decision in result.decisions:
        edit_id = decision.accept or decision.reject
        if decision.paragraph == number:
            what = "compromise text"
        elif edit_id is not None and edit_id in paragraph.edits:
            what = f"{'accept' if decision.accept else 'reject'} {edit_id}"
        else:
            continue
        lines.append(what + (f" ({decision.note})" if decision.note else ""))
    return lines


# --- disputed text ---------------------------------------------------------------------


PROBLEM_TEXT = {
    BracketProblem.UNCLOSED: "'[' that never closes",
    BracketProblem.UNOPENED: "']' that closes no '['",
}


def warning_line(warning: LoadWarning) -> str:
    """'baseline/plan.yaml:12:9: warning: paragraph 33 has a '[' that never closes: ...'."""
    return (
        f"{warning.position}: warning: paragraph {warning.paragraph} has a {PROBLEM_TEXT[warning.problem]}; "
        "it is read as text, not as disputed text (pair it, or remove it)"
    )


TOUCH_VERBS = {TouchKind.AGREE: "agrees", TouchKind.DELETE: "deletes", TouchKind.AMEND: "amends"}


def touch_text(touch: Touch) -> str:
    """'agrees 33[1]', 'deletes 33[2]', 'chooses option 2 of 33[1]', 'amends 33[1]'."""
    if touch.kind is TouchKind.CHOOSE:
        return f"chooses option {touch.option} of {touch.bracket}"
    return f"{TOUCH_VERBS[touch.kind]} {touch.bracket}"


def touches_line(edit: EditResult) -> str | None:
    """'touches disputed text: TSAG agrees 33[1]; TSAG amends 33[2]', or None."""
    if not edit.touches:
        return None
    return "touches disputed text: " + "; ".join(f"{edit.edit.source} {touch_text(t)}" for t in edit.touches)


class BracketOutcome(str, Enum):
    """What the merge leaves of a disputed passage."""

    OPEN = "open"  # still disputed (untouched, amended, or the edits settling it are not applied)
    AGREED = "agreed"
    DELETED = "deleted"
    CHOSEN = "chosen"
    GONE = "gone"  # settled with a passage it is nested in, or its paragraph suppressed


OUTCOME_OF = {TouchKind.AGREE: BracketOutcome.AGREED, TouchKind.DELETE: BracketOutcome.DELETED}


@dataclass(frozen=True)
class BracketReport:
    """One disputed passage of the baseline: who touches it, how, and what the merge leaves of it."""

    bracket: Bracket
    text: str  # the passage as written, brackets included
    touches: tuple[tuple[EditResult, Touch], ...]
    outcome: BracketOutcome
    by: tuple[str, ...]  # the applied edits that settled it


def bracket_reports(result: MergeResult) -> tuple[BracketReport, ...]:
    """Every disputed passage of the baseline, in document order, with the edits touching it."""
    texts = {p.number: p.baseline_text for p in result.paragraphs if p.origin == "baseline"}
    by_label: dict[str, list[tuple[EditResult, Touch]]] = {}
    for edit in result.edits:
        for touch in edit.touches:
            by_label.setdefault(touch.bracket, []).append((edit, touch))
    settled = settled_touches(result)
    suppressed = {p.number for p in result.paragraphs if p.status is ParagraphStatus.SUPPRESSED}
    reports = []
    for paragraph_brackets in _by_paragraph(result.brackets).values():
        still = {b.label for b in open_after(paragraph_brackets, settled)}
        for bracket in paragraph_brackets:
            touching = tuple(by_label.get(bracket.label, ()))
            outcome, by = _outcome(bracket, touching, settled, still, suppressed)
            text = texts.get(bracket.paragraph, "")[bracket.start : bracket.end]
            reports.append(BracketReport(bracket, text, touching, outcome, by))
    return tuple(reports)


def settled_touches(result: MergeResult) -> dict[str, Touch]:
    """The passages settled by an applied edit (agreed, deleted, chosen): label -> how."""
    return {t.bracket: t for e in result.edits if e.status is EditStatus.APPLIED for t in e.touches if t.settles}


def open_brackets(result: MergeResult) -> tuple[Bracket, ...]:
    """The baseline's passages still disputed after the merge."""
    settled = settled_touches(result)
    suppressed = {p.number for p in result.paragraphs if p.status is ParagraphStatus.SUPPRESSED}
    found: list[Bracket] = []
    for number, paragraph_brackets in _by_paragraph(result.brackets).items():
        if number not in suppressed:
            found.extend(open_after(paragraph_brackets, settled))
    return tuple(found)


def _by_paragraph(brackets: Sequence[Bracket]) -> dict[str, list[Bracket]]:
    out: dict[str, list[Bracket]] = {}
    for bracket in brackets:
        out.setdefault(bracket.paragraph, []).append(bracket)
    return out


def _outcome(
    bracket: Bracket,
    touching: Sequence[tuple[EditResult, Touch]],
    settled: dict[str, Touch],
    still: set[str],
    suppressed: set[str],
) -> tuple[BracketOutcome, tuple[str, ...]]:
    by = tuple(e.edit.id for e, t in touching if e.status is EditStatus.APPLIED and t.settles)
    if bracket.paragraph in suppressed:
        applied = tuple(e.edit.id for e, _ in touching if e.status is EditStatus.APPLIED)
        return BracketOutcome.GONE if not applied else BracketOutcome.DELETED, applied
    if bracket.label in settled:
        touch = settled[bracket.label]
        return OUTCOME_OF.get(touch.kind, BracketOutcome.CHOSEN), by
    if bracket.label not in still:
        return BracketOutcome.GONE, ()
    return BracketOutcome.OPEN, ()
