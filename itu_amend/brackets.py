"""Disputed text: a paragraph's [square brackets] read into passages, and what an edit does to each.

ITU drafts, as UN texts, put text that is not agreed in square brackets; alternatives stand
side by side (`[a][b]`, `[Option 1: a] [Option 2: b]`) or inside one bracket (`[a / b]`),
and brackets nest. SPEC "Disputed text" gives the rules this module implements.
"""

from __future__ import annotations

import itertools
import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, replace

from .model import Bracket, BracketForm, BracketOption, BracketProblem, Change, Span, Touch, TouchKind

OPEN, CLOSE = "[", "]"
_BRACKET_CHARS = re.compile(r"[\[\]]")
LABEL = re.compile(r"\s*((?:option|alternative|alt\.?)[ \t]*[0-9A-Za-z]{1,3})\s*(?:\(([^()\[\]]*)\))?\s*:\s*", re.I)
"""An option's name at the start of its bracket: 'Option 1:', 'Alt B:', 'Option 2 (RAG, TSAG):'."""
SLASH = re.compile(r"\s+/\s+")
"""Alternatives inside one bracket are split by a slash with white space on both sides: 'and/or' is a word."""

Pair = tuple[int, int]  # [start, end) of one '[' ... ']', brackets included


@dataclass(frozen=True)
class Parsed:
    brackets: tuple[Bracket, ...]  # every passage, outer ones before those nested in them, in reading order
    problems: tuple[tuple[int, BracketProblem], ...]  # (offset, problem) of each bracket that does not pair


NOTHING = Parsed((), ())


def parse(text: str, number: str) -> Parsed:
    """The disputed passages of paragraph `number`, labelled "33[1]", "33[2]", nested "33[1.1]"."""
    if OPEN not in text and CLOSE not in text:  # most paragraphs: no cost beyond this test
        return NOTHING
    pairs, problems = _pairs(text)
    children = _tree(pairs)
    found: list[Bracket] = []
    _passages(text, number, children, None, None, found)
    return Parsed(tuple(found), tuple(problems))


def _pairs(text: str) -> tuple[list[Pair], list[tuple[int, BracketProblem]]]:
    stack: list[int] = []
    pairs: list[Pair] = []
    problems: list[tuple[int, BracketProblem]] = []
    for match in _BRACKET_CHARS.finditer(text):
        at = match.start()
        if match.group() == OPEN:
            stack.append(at)
        elif stack:
            pairs.append((stack.pop(), at + 1))
        else:
            problems.append((at, BracketProblem.UNOPENED))
    problems.extend((at, BracketProblem.UNCLOSED) for at in stack)
    return sorted(pairs), sorted(problems)


def _tree(pairs: list[Pair]) -> dict[Pair | None, list[Pair]]:
    """Each pair's directly nested pairs (None: the paragraph's outermost ones), in reading order."""
    children: dict[Pair | None, list[Pair]] = defaultdict(list)
    stack: list[Pair] = []
    for pair in pairs:
        while stack and stack[-1][1] <= pair[0]:
            stack.pop()
        children[stack[-1] if stack else None].append(pair)
        stack.append(pair)
    return children


def _passages(
    text: str,
    number: str,
    children: dict[Pair | None, list[Pair]],
    within: Sequence[Pair] | None,
    parent: Bracket | None,
    found: list[Bracket],
) -> None:
    """Group sibling pairs into passages, label them in order, and go down into each."""
    siblings = [p for w in within for p in children.get(w, [])] if within is not None else children.get(None, [])
    for n, group in enumerate(_groups(text, siblings), 1):
        label = f"{number}[{n}]" if parent is None else f"{parent.label[:-1]}.{n}]"
        bracket = _bracket(text, number, label, group, children, parent)
        found.append(bracket)
        _passages(text, number, children, group, bracket, found)


def _groups(text: str, siblings: list[Pair]) -> list[list[Pair]]:
    """Pairs that are alternatives of one passage: touching (`][`), or apart by white space and both labelled."""
    groups: list[list[Pair]] = []
    for pair in siblings:
        if groups:
            last = groups[-1][-1]
            gap = text[last[1] : pair[0]]
            if not gap or (gap.isspace() and _label(text, last) and _label(text, pair)):
                groups[-1].append(pair)
                continue
        groups.append([pair])
    return groups


def _label(text: str, pair: Pair) -> re.Match[str] | None:
    return LABEL.match(text, pair[0] + 1, pair[1] - 1)


def _bracket(
    text: str,
    number: str,
    label: str,
    group: list[Pair],
    children: dict[Pair | None, list[Pair]],
    parent: Bracket | None,
) -> Bracket:
    start, end = group[0][0], group[-1][1]
    parent_label = parent.label if parent is not None else None
    if len(group) > 1:
        options = tuple(_option(text, pair[0] + 1, pair[1] - 1, _label(text, pair)) for pair in group)
        form = BracketForm.LABELLED if any(o.label for o in options) else BracketForm.ADJACENT
        return Bracket(label, number, start, end, form, options, parent_label)
    pair = group[0]
    named = _label(text, pair)
    if named is not None:
        return Bracket(
            label, number, start, end, BracketForm.LABELLED, (_option(text, start + 1, end - 1, named),), parent_label
        )
    cuts = [m for m in SLASH.finditer(text, start + 1, end - 1) if not _inside_any(m.start(), children.get(pair, []))]
    if not cuts:
        return Bracket(
            label, number, start, end, BracketForm.PLAIN, (_option(text, start + 1, end - 1, None),), parent_label
        )
    bounds = [start + 1, *(x for m in cuts for x in (m.start(), m.end())), end - 1]
    options = tuple(_option(text, a, b, None) for a, b in zip(bounds[::2], bounds[1::2], strict=True))
    return Bracket(label, number, start, end, BracketForm.SLASH, options, parent_label)


def _inside_any(at: int, pairs: list[Pair]) -> bool:
    return any(a < at < b for a, b in pairs)


def _option(text: str, start: int, end: int, named: re.Match[str] | None) -> BracketOption:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if named is None:
        return BracketOption(start, end, start)
    sponsors = tuple(s.strip() for s in re.split(r"[,;]", named.group(2) or "") if s.strip())
    label = " ".join(named.group(1).split())
    return BracketOption(start, end, max(named.end(), start), label, sponsors)


# --- what an edit does to a bracket ----------------------------------------------------------


def touches(
    text: str, brackets: Sequence[Bracket], changes: Sequence[Change]
) -> tuple[tuple[Touch, ...], tuple[Change, ...]]:
    """What a MOD's changes (paragraph offsets) do to each disputed passage, and its changes made canonical.

    A change is the passage's when it deletes some of it or inserts strictly inside it (an
    insertion at its edge is beside it), unless it lies wholly inside a passage nested in it.
    Recognised shapes (agree: only the brackets go; delete: all of it goes; choose: all but one
    option's words go) have their changes replaced by the same deletions written one way, so that
    groups doing the same thing make identical changes, and agree (SPEC: Merge).
    """
    if not brackets:
        return (), tuple(changes)
    found: list[Touch] = []
    canonical = list(changes)
    settled: set[str] = set()  # passages an ancestor's deletion or choice took with it
    for bracket in brackets:
        if bracket.parent in settled:
            settled.add(bracket.label)
            continue
        own = _own_changes(bracket, brackets, canonical)
        if not own:
            continue
        kind, option, keep = _classify(text, bracket, own)
        found.append(Touch(bracket.label, kind, option))
        if kind in (TouchKind.DELETE, TouchKind.CHOOSE):
            settled.add(bracket.label)
        if keep is not None:
            canonical = _canonical(text, bracket, canonical, own, keep)
    return tuple(found), tuple(sorted(canonical, key=lambda c: (c.start, not c.is_insertion, c.end)))


def touch_of_suppression(brackets: Sequence[Bracket]) -> tuple[Touch, ...]:
    """A SUP deletes every disputed passage of its paragraph (the outermost ones name it)."""
    return tuple(Touch(b.label, TouchKind.DELETE) for b in brackets if b.parent is None)


def _touching(bracket: Bracket, change: Change) -> bool:
    if change.is_insertion:
        return bracket.start < change.start < bracket.end
    return change.start < bracket.end and bracket.start < change.end


def _own_changes(bracket: Bracket, brackets: Sequence[Bracket], changes: Sequence[Change]) -> list[Change]:
    nested = [b for b in brackets if b.parent == bracket.label]
    return [
        c
        for c in changes
        if _touching(bracket, c) and not any(_touching(b, c) and b.start <= c.start and c.end <= b.end for b in nested)
    ]


def _classify(text: str, bracket: Bracket, own: Sequence[Change]) -> tuple[TouchKind, int | None, Pair | None]:
    """(what it does, the option chosen, the span of the passage it keeps when recognised exactly)."""
    if any(c.inserted for c in own):
        return TouchKind.AMEND, None, None
    kept = _kept(text, bracket, own)
    if not kept.strip():
        return TouchKind.DELETE, None, (bracket.start, bracket.start) if not kept else None
    for n, option in enumerate(bracket.options, 1):
        for span in ((option.body, option.end), (option.start, option.end)):
            words = text[span[0] : span[1]]
            if kept.strip() == words.strip():
                kind = TouchKind.AGREE if not bracket.alternatives else TouchKind.CHOOSE
                return kind, n if bracket.alternatives else None, span if kept == words else None
    return TouchKind.AMEND, None, None


def _kept(text: str, bracket: Bracket, own: Sequence[Change]) -> str:
    """The passage's text once the changes' deletions are made (deletions clipped to the passage)."""
    gone = sorted((max(c.start, bracket.start), min(c.end, bracket.end)) for c in own)
    out, cursor = [], bracket.start
    for a, b in gone:
        if a > cursor:
            out.append(text[cursor:a])
        cursor = max(cursor, b)
    out.append(text[cursor : bracket.end])
    return "".join(out)


def _canonical(text: str, bracket: Bracket, changes: list[Change], own: Sequence[Change], keep: Pair) -> list[Change]:
    """The changes with `own` replaced by: delete the passage but `keep`, and what they deleted outside it."""
    rest = [c for c in changes if c not in own]
    pieces = [(bracket.start, keep[0]), (keep[1], bracket.end)]
    for change in own:
        pieces += [(change.start, min(change.end, bracket.start)), (max(change.start, bracket.end), change.end)]
    spans = _union([(a, b) for a, b in pieces if b > a])
    return rest + [Change(a, b, "", text[a:b]) for a, b in spans]


def _union(spans: list[Pair]) -> list[Pair]:
    out: list[Pair] = []
    for a, b in sorted(spans):
        if out and a <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], b))
        else:
            out.append((a, b))
    return out


def open_after(brackets: Sequence[Bracket], settled: dict[str, Touch]) -> tuple[Bracket, ...]:
    """The passages still disputed once those `settled` (agreed, deleted, chosen) are, with what goes with them.

    Deleting a passage takes the passages nested in it; choosing an option takes those of the other options.
    """
    gone: list[Bracket] = []
    out = []
    for bracket in brackets:
        if bracket.label in settled or any(_taken(bracket, g, settled[g.label]) for g in gone):
            if bracket.label in settled:
                gone.append(bracket)
            continue
        out.append(bracket)
    return tuple(out)


def _taken(nested: Bracket, outer: Bracket, touch: Touch) -> bool:
    """Whether settling `outer` this way removes `nested` (which lies inside it)."""
    if not (outer.start < nested.start and nested.end <= outer.end):
        return False
    if touch.kind is TouchKind.DELETE:
        return True
    if touch.kind is TouchKind.CHOOSE and touch.option is not None:
        kept = outer.options[touch.option - 1]
        return not (kept.start <= nested.start and nested.end <= kept.end)
    return False


def mark_spans(spans: Sequence[Span], still_open: Sequence[Bracket]) -> tuple[Span, ...]:
    """A paragraph's spans (of its baseline text, as `merging.apply_changes` makes them) split where a
    disputed passage still open starts or ends, each piece naming the innermost one it lies in.

    Kept and deleted spans are the baseline's characters in order; an insertion lies where it is
    made, inside a passage only strictly within it (at its edge it is beside it).
    """
    if not still_open:
        return tuple(spans)
    cuts = sorted({x for b in still_open for x in (b.start, b.end)})
    out: list[Span] = []
    cursor = 0
    for span in spans:
        if span.kind == "inserted":
            inside = [b for b in still_open if b.start < cursor < b.end]
            out.append(replace(span, disputed=_innermost(inside)))
            continue
        end = cursor + len(span.text)
        points = [cursor, *(c for c in cuts if cursor < c < end), end]
        for a, b in itertools.pairwise(points):
            inside = [x for x in still_open if x.start <= a and b <= x.end]
            out.append(replace(span, text=span.text[a - cursor : b - cursor], disputed=_innermost(inside)))
        cursor = end
    return tuple(out)


def _innermost(brackets: Sequence[Bracket]) -> str | None:
    return max(brackets, key=lambda b: b.start).label if brackets else None
