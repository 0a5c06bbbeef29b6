"""What every renderer shares: safe text, excerpts around changes, counts per group."""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, replace

from .. import reports
from ..model import Conflict, EditResult, EditStatus, MergedParagraph, MergeResult, Proposal, Span
from ..nextdraft import NewBracket, Unbracketed

# C0 and C1 controls (but tab and newline), DEL, bidi embeddings/overrides/isolates and
# marks, line and paragraph separators, deprecated format controls, interlinear annotation.
_UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028-\u202e\u2066-\u206f\ufff9-\ufffb]")
ELLIPSIS = "…"


def visible(text: str) -> str:
    """Text from files, with control characters and bidi overrides shown as escapes.

    Document text is data: an escape sequence or a right-to-left override in a
    proposal must not colour, move or hide what a reviewer reads.
    """
    return _UNSAFE.sub(
        lambda m: f"\\u{ord(m.group()):04x}" if ord(m.group()) > 0xFF else f"\\x{ord(m.group()):02x}", text
    )


def right_to_left(text: str) -> bool:
    """Whether `text` reads right to left: its first strongly directional letter is Arabic or Hebrew.

    The rule of HTML's dir="auto" (Unicode's P2-P3), so that Word and the browser
    agree on which paragraphs are right to left.
    """
    for char in text:
        direction = unicodedata.bidirectional(char)
        if direction in ("R", "AL"):
            return True
        if direction == "L":
            return False
    return False


def has_right_to_left(text: str) -> bool:
    """Whether `text` holds a letter of a right-to-left script (Word marks such runs `rtl`)."""
    return any(unicodedata.bidirectional(char) in ("R", "AL") for char in text)


def unsafe_pattern() -> re.Pattern[str]:
    """The characters `visible` escapes (for renderers with their own escape syntax)."""
    return _UNSAFE


def excerpt(spans: Sequence[Span], context: int = 40) -> tuple[Span, ...]:
    """The changed spans of a paragraph with `context` characters of kept text around them.

    A run of kept spans (a kept text cut where disputed passages start and end) is trimmed as one.
    """
    changed = [i for i, s in enumerate(spans) if s.kind != "kept"]
    if not changed:
        return tuple(spans)
    out: list[Span] = []
    run: list[Span] = []
    for i, span in enumerate([*spans, None]):
        if span is not None and span.kind == "kept":
            run.append(span)
            continue
        if run:
            out.extend(_trim_run(run, context, i - len(run) > changed[0], i <= changed[-1]))
            run = []
        if span is not None:
            out.append(span)
    return tuple(out)


def _trim_run(run: Sequence[Span], context: int, keep_head: bool, keep_tail: bool) -> list[Span]:
    """Kept spans, their joined text trimmed to `context` characters beside the changes around them."""
    text = "".join(s.text for s in run)
    if len(text) <= 2 * context + 1:
        return list(run)
    head = len(text[:context].rsplit(" ", 1)[0]) if keep_head else 0
    tail = len(text) - len(text[-context:].split(" ", 1)[-1]) if keep_tail else len(text)
    gap = " " + ELLIPSIS + (" " if keep_tail else "") if keep_head else ELLIPSIS + " "
    return [*_cut(run, 0, head), Span(gap), *_cut(run, tail, len(text))]


def _cut(run: Sequence[Span], start: int, end: int) -> list[Span]:
    """The pieces of the spans' joined text [start, end), each keeping its span's attributes."""
    out, at = [], 0
    for span in run:
        a, b = max(start, at), min(end, at + len(span.text))
        if a < b:
            out.append(replace(span, text=span.text[a - at : b - at]))
        at += len(span.text)
    return out


def options(result: MergeResult, conflict: Conflict, voting: bool) -> list[reports.Option]:
    """The conflict's options, furthest from the baseline first, labelled as in the voting list.

    "Keep the text" only when a NOC sponsors it or for a vote: every renderer shows
    the same options under the same letters, so that "option B" means one thing in
    the meeting whatever each delegate reads.
    """
    return [o for o in reports.voting_list(result, conflict) if voting or o.edits or not o.keeps_text]


def adopted(result: MergeResult, conflict: Conflict) -> str | None:
    """A resolved conflict's 'adopted: option B, RAG (MOD), by accept RAG/2 (decisions.yaml:3:5): note'."""
    found = reports.settlement(result, conflict)
    return reports.adopted_line(found) if found is not None else None


def state(result: MergeResult, conflict: Conflict) -> str:
    """'unresolved', 'resolved: option B', 'resolved: compromise text'."""
    found = reports.settlement(result, conflict)
    if found is None:
        return "unresolved"
    if found.compromise is not None:
        return "resolved: compromise text"
    labels = ", ".join(o.label for o in found.adopted)
    return f"resolved: option{'s' * (len(found.adopted) > 1)} {labels}"


def proposal_of(result: MergeResult, edit_id: str) -> Proposal:
    """The proposal an edit belongs to."""
    return next(p for p in result.proposals if any(e.id == edit_id for e in p.edits))


def paragraph_conflicts(result: MergeResult, paragraph: MergedParagraph) -> list[Conflict]:
    return [c for c in result.conflicts if c.id in paragraph.conflicts]


STATUS_COLUMNS = (
    EditStatus.APPLIED,
    EditStatus.ALREADY,
    EditStatus.CONFLICT,
    EditStatus.REJECTED,
    EditStatus.STALE,
    EditStatus.AMBIGUOUS,
    EditStatus.UNANCHORED,
    EditStatus.NOC,
)


@dataclass(frozen=True)
class GroupRow:
    source: str
    total: int
    counts: dict[EditStatus, int]


def group_rows(result: MergeResult) -> list[GroupRow]:
    """Per proposing group: edits proposed and what happened to them."""
    by_group: dict[str, Counter[EditStatus]] = {}
    for edit in result.edits:
        by_group.setdefault(edit.edit.source, Counter())[edit.status] += 1
    return [GroupRow(s, sum(c.values()), dict(c)) for s, c in sorted(by_group.items())]


def summary(result: MergeResult) -> dict[str, object]:
    """The counts of SPEC's JSON `summary`."""
    paragraphs = Counter(p.status.value for p in result.paragraphs)
    edits = Counter(e.status.value for e in result.edits)
    counts: dict[str, object] = {
        "paragraphs": len(result.paragraphs),
        "paragraph_status": dict(sorted(paragraphs.items())),
        "edits": len(result.edits),
        "edit_status": dict(sorted(edits.items())),
        "conflicts": len(result.conflicts),
        "unresolved": len(result.unresolved),
        "needs_editor": result.needs_editor,
    }
    whole = result.selection
    if whole is not None:  # part of the merge is shown: the counts above are of that part (edits: all)
        counts["whole"] = {"paragraphs": whole.paragraphs, "conflicts": whole.conflicts, "unresolved": whole.unresolved}
    return counts


def needing_editor(result: MergeResult) -> list[EditResult]:
    """Edits that are stale, ambiguous or unanchored: the editor must look at them."""
    wanted = (EditStatus.STALE, EditStatus.AMBIGUOUS, EditStatus.UNANCHORED)
    return [e for e in result.edits if e.status in wanted]


def not_placed_head(item: reports.NotPlaced) -> str:
    """'TDAG/3 (TDAG, MOD, stale), TDAG liaison statement ...' (a move's halves: SUP*, ADD*).

    The proposal's own reference, not its file: the merged text must not change when
    a file is renamed, and a meeting document should not show an editor's folders.
    """
    edit = item.edit
    document = f", {item.proposal.document}" if item.proposal.document else ""
    return f"{edit.edit.id} ({edit.edit.source}, {edit.edit.code}, {edit.status.value}){document}"


def score_text(score: float | None) -> str:
    return "-" if score is None else f"{score:.0f}"


def ends_change(spans: Sequence[Span], i: int) -> bool:
    """Whether span i closes a change, so that its group tag follows it.

    A deletion directly followed by the insertion of the same edits is one
    replacement: it gets one tag, after the insertion.
    """
    span = spans[i]
    if span.kind == "kept":
        return False
    following = spans[i + 1] if i + 1 < len(spans) else None
    if following is not None and following.kind == span.kind and following.edits == span.edits:
        return False  # one change cut in two where a disputed passage starts or ends
    replacement = (
        span.kind == "deleted"
        and following is not None
        and following.kind == "inserted"
        and following.edits == span.edits
    )
    return not replacement


def needs_line(result: MergeResult) -> str:
    """'needs the editor: 1 stale, 4 unanchored, 1 unresolved conflict', or 'nothing needs the editor'."""
    if not result.needs_editor:
        return "nothing needs the editor"
    counts = Counter(e.status for e in result.edits if e.status.needs_editor and e.status is not EditStatus.CONFLICT)
    parts = [
        f"{counts[s]} {s.value}" for s in (EditStatus.STALE, EditStatus.AMBIGUOUS, EditStatus.UNANCHORED) if counts[s]
    ]
    open_ = len(result.unresolved)
    if open_:
        parts.append(f"{open_} unresolved conflict{'s' * (open_ != 1)}")
    return "needs the editor: " + ", ".join(parts)


def table_scope(result: MergeResult) -> str | None:
    """Under the table of groups of part of the merge: what its counts count."""
    whole = result.selection
    if whole is None:
        return None
    return f"{len(result.paragraphs)} of {whole.paragraphs} paragraphs shown; the table counts every edit of the merge"


def conflict_line(result: MergeResult) -> str:
    """'3 conflicts, 1 unresolved'; of part of the merge, '1 of 3 conflicts shown; 2 unresolved in all'."""
    total, open_ = len(result.conflicts), len(result.unresolved)
    whole = result.selection
    if whole is not None:
        plural = "s" * (whole.conflicts != 1)
        return f"{total} of {whole.conflicts} conflict{plural} shown; {whole.unresolved} unresolved in all"
    return f"{total} conflict{'s' * (total != 1)}, {open_} unresolved"


MATRIX_UP_TO = 8
"""Groups: up to this many, who clashes (or agrees) with whom is a table of every pair; beyond, a list
of the pairs that do, most first. Why: at a conference 50 delegations make a table of 2,500 cells
that no terminal or page can show, most of them 0."""


def pairs(counts: dict[tuple[str, str], int]) -> list[tuple[str, str, int]]:
    """The pairs of groups with a count, most first, then by name."""
    return sorted(((a, b, n) for (a, b), n in counts.items() if n), key=lambda pair: (-pair[2], pair[0], pair[1]))


def count(n: int) -> str:
    """A count in a table: a dot for none, so that the numbers stand out."""
    return str(n) if n else "·"


def joint_lines(numbers: reports.Stats) -> list[str]:
    """'joint proposal B/CAN/CLM/USA: each of B, CAN, CLM, USA credited with its edits', one per joint label.

    The rows above count a joint proposal's edits for each co-sponsor (so they add up to more
    than the edits): this says why, and keeps the label the document shows.
    """
    return [
        f"joint proposal {visible(label)}: each of {', '.join(visible(s) for s in sponsors)} credited with its edits"
        for label, sponsors in numbers.joint
    ]


def brackets_line(result: MergeResult) -> str:
    """'disputed passages: 3 open before the merge, 1 after'."""
    after = len(reports.open_brackets(result))
    return f"disputed passages: {len(result.brackets)} open before the merge, {after} after"


# --- the next draft --------------------------------------------------------------------

NEXT_DRAFT_NOTE = (
    "The next draft: every applied change accepted; every conflict still open written where it stands "
    "as bracketed options, each labelled with the groups that propose it, the draft's own words (no "
    "change) last. A proposal agrees one option by deleting the others and the brackets."
)


def new_bracket_head(bracket: NewBracket) -> str:
    """'33[1], from conflict C2 (overlap):' -- what the next round calls the passage, and where it came from."""
    return f"{bracket.label}, from conflict {bracket.conflict} ({bracket.kind}):"


def new_option_lines(bracket: NewBracket) -> list[str]:
    """One line per option: who proposes it and by which edits; the no-change option said to be one."""
    lines = []
    for n, option in enumerate(bracket.options, 1):
        edits = f" ({', '.join(option.edits)})" if option.edits else ""
        if option.keeps_text:
            who = f", asked by {', '.join(option.sponsors)}{edits}" if option.sponsors else ""
            lines.append(f"Option {n}: no change, the words of this round's draft{who}")
        elif option.words:
            lines.append(f"Option {n}: {', '.join(option.sponsors)}{edits}")
        else:
            lines.append(f"Option {n}: {', '.join(option.sponsors)}{edits}, deleting these words")
    if not bracket.no_change_written:
        lines.append("No change: delete the passage (the options add words where the draft has none)")
    return lines


def unbracketed_line(item: Unbracketed) -> str:
    return f"{item.conflict} in paragraph {item.paragraph}: {item.reason}; the paragraph stands as merged"
