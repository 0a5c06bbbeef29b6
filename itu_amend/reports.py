"""Reports derived from a merge: the voting list of each conflict, and statistics per group."""

from __future__ import annotations

import difflib
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, replace
from itertools import combinations

from .errors import UsageError
from .loading import did_you_mean
from .model import Action, Conflict, EditResult, EditStatus, MergeResult, Span


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
            return f"{', '.join(self.sources)} (NOC: keep the text)" if self.sources else "keep the text"
        actions = "/".join(sorted({e.edit.code for e in self.edits}))
        if actions == "SUP":
            actions = "SUP: delete the paragraph"
        elif actions == "SUP*":
            actions = "SUP*: move the paragraph"
        return f"{', '.join(self.sources)} ({actions})"


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


# --- statistics per group -----------------------------------------------------------


@dataclass(frozen=True)
class GroupStats:
    source: str
    proposed: int
    counts: dict[EditStatus, int]


@dataclass(frozen=True)
class Stats:
    groups: tuple[GroupStats, ...]
    clashes: dict[tuple[str, str], int]  # sorted pair of groups -> pairs of their edits in conflict
    agreements: dict[tuple[str, str], int]  # sorted pair of groups -> pairs of their edits agreeing

    @property
    def sources(self) -> tuple[str, ...]:
        return tuple(g.source for g in self.groups)


def stats(result: MergeResult) -> Stats:
    """Edits per group by outcome, and how often each pair of groups clashes and agrees."""
    by_group: dict[str, Counter[EditStatus]] = {}
    for edit in result.edits:
        by_group.setdefault(edit.edit.source, Counter())[edit.status] += 1
    groups = tuple(GroupStats(s, sum(c.values()), dict(c)) for s, c in sorted(by_group.items()))
    return Stats(groups, _count(result, _clashing_pairs(result)), _count(result, _agreeing_pairs(result)))


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
        x, y = sorted((result.edit(a).edit.source, result.edit(b).edit.source))
        counts[(x, y)] += 1
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
    name its sponsors.
    """
    numbers = [p.number for p in result.paragraphs]
    wanted = _expand(paragraphs, numbers) if paragraphs else set(numbers)
    chosen = [p for p in result.paragraphs if p.number in wanted]
    if only_changed:
        chosen = [p for p in chosen if p.status.value != "unchanged"]
    if groups:
        by_group = {e.edit.id for e in result.edits if e.edit.source in groups}
        chosen = [p for p in chosen if by_group & set(p.edits)]
    kept = {p.number for p in chosen}
    conflicts = tuple(c for c in result.conflicts if c.paragraph in kept)
    return replace(result, paragraphs=tuple(chosen), conflicts=conflicts)


def _expand(selectors: Sequence[str], numbers: list[str]) -> set[str]:
    """Paragraph numbers from "33" or "30-33" (a range in document order, both ends included)."""
    out: set[str] = set()
    for selector in selectors:
        if selector in numbers:
            out.add(selector)
            continue
        first, sep, last = selector.partition("-")
        if not sep or first not in numbers or last not in numbers:
            raise UsageError(f"no paragraph '{selector}' in the merged text{did_you_mean(selector, numbers)}")
        i, j = sorted((numbers.index(first), numbers.index(last)))
        out.update(numbers[i : j + 1])
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
