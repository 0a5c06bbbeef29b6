"""Plain text: the consolidated text and reports without colour, for a pipe or an email.

Deletions read [-like this-], insertions {+like this+}, each followed by its
group in angle quotes: ⟨TSAG⟩.
"""

from __future__ import annotations

import functools
import textwrap
from collections.abc import Callable, Iterable, Sequence
from typing import ParamSpec

from .. import reports
from ..model import Conflict, EditResult, MergedParagraph, MergeResult, Span
from ..nextdraft import NextDraft
from . import common

P = ParamSpec("P")
WIDTH = 88
INDENT = "      "


def spans_text(spans: Sequence[Span]) -> str:
    """Spans as one line of text with [-deleted-] and {+inserted+} marks and group tags."""
    out = []
    for i, span in enumerate(spans):
        text = common.visible(span.text)
        if span.kind == "deleted":
            out.append(f"[-{text}-]")
        elif span.kind == "inserted":
            out.append(f"{{+{text}+}}")
        else:
            out.append(text)
        if common.ends_change(spans, i):
            out.append(f"⟨{common.visible(', '.join(span.sources))}⟩")
    return "".join(out)


def _wrap(text: str, first: str, rest: str = INDENT) -> str:
    return "\n".join(
        textwrap.fill(
            line, WIDTH, initial_indent=first if n == 0 else rest, subsequent_indent=rest, break_long_words=False
        )
        for n, line in enumerate(text.split("\n") or [""])
    )


def _plain(render: Callable[P, str]) -> Callable[P, str]:
    """Escape, last of all, any control character that reached the text from a file.

    Every piece of file text is already passed through `common.visible`; this is
    the second lock on the door, so that one forgotten call cannot let an escape
    sequence or a bidi override through (escaping is idempotent).
    """

    @functools.wraps(render)
    def safe(*args: P.args, **kwargs: P.kwargs) -> str:
        return common.visible(render(*args, **kwargs))

    return safe


@_plain
def render_merge(result: MergeResult) -> str:
    """The consolidated text, conflicts under their paragraphs, then the summary."""
    lines = [common.visible(result.document)]
    if result.version:
        lines.append(common.visible(result.version))
    lines.append("")
    for paragraph in result.paragraphs:
        lines.extend(_paragraph(result, paragraph))
    lines.extend(_summary(result))
    return "\n".join(lines) + "\n"


def _paragraph(result: MergeResult, paragraph: MergedParagraph) -> list[str]:
    lines = []
    if paragraph.heading:
        lines.append(common.visible(paragraph.heading))
    lines.append(_wrap(spans_text(paragraph.spans), f"{common.visible(paragraph.number):<5} "))
    if paragraph.note:
        lines.append(_wrap(f"note: {common.visible(paragraph.note)}", INDENT))
    for conflict in common.paragraph_conflicts(result, paragraph):
        lines.extend(_conflict(result, conflict))
    lines.append("")
    return lines


def _conflict(result: MergeResult, conflict: Conflict, voting: bool = False) -> list[str]:
    """A conflict's options, furthest from the baseline first; the voting list adds who, why and what falls."""
    state = "resolved" if conflict.resolved else "unresolved"
    lines = [f"{INDENT}{conflict.id} {conflict.kind.value} in paragraph {conflict.paragraph} ({state}):"]
    adopted = common.adopted(result, conflict)
    if adopted is not None:
        lines.append(_wrap(common.visible(adopted), INDENT + "  ", INDENT + "    "))
    for option in reports.voting_list(result, conflict):
        if option.keeps_text and not option.edits and not voting:
            continue
        lines.append(f"{INDENT}  {option.label}  {common.visible(option.title)}")
        body = _option_body(option)
        lines.append(_wrap(body, INDENT + "     ", INDENT + "     "))
        if voting:
            lines.extend(_sponsors(result, option))
    return lines


def _option_body(option: reports.Option) -> str:
    if option.keeps_text:
        return "(the paragraph as it stands)"
    return spans_text(common.excerpt(option.spans)) if option.text else "(paragraph deleted)"


def _sponsors(result: MergeResult, option: reports.Option) -> list[str]:
    """For the voting list: each sponsor's document and rationale, and what falls with the option."""
    lines = []
    pad = INDENT + "     "
    for edit in option.edits:
        proposal = common.proposal_of(result, edit.edit.id)
        document = f" ({common.visible(proposal.document)})" if proposal.document else ""
        rationale = f": {common.visible(edit.edit.rationale)}" if edit.edit.rationale else ""
        lines.append(_wrap(f"{common.visible(edit.edit.id)}{document}{rationale}", pad + "- ", pad + "  "))
        touched = reports.touches_line(edit)
        if touched:
            lines.append(_wrap(common.visible(touched), pad + "  ", pad + "  "))
    if option.falls:
        lines.append(_wrap(f"if adopted, falls: {', '.join(common.visible(e) for e in option.falls)}", pad, pad))
    return lines


def _summary(result: MergeResult) -> list[str]:
    columns = [s.value for s in common.STATUS_COLUMNS]
    rows = common.group_rows(result)
    width = _name_width(row.source for row in rows)
    header = f"{'group':<{width}}{'edits':>6}" + "".join(f"{c:>11}" for c in columns)
    lines = ["Summary", header]
    for row in rows:
        counts = "".join(f"{row.counts.get(s, 0):>11}" for s in common.STATUS_COLUMNS)
        lines.append(f"{common.visible(row.source)[:width]:<{width}}{row.total:>6}{counts}")
    lines.append("")
    scope = common.table_scope(result)
    if scope:
        lines.append(scope)
    lines.append(common.conflict_line(result))
    for note in result.notes:
        lines.append(f"note: {common.visible(note)}")
    lines.extend(_not_placed(result))
    return lines


def _name_width(names: Iterable[str]) -> int:
    """The group column: 12 wide, wider for a joint label, which a cut would change (B/CAN/CLM/US names a US)."""
    return max([12, *(len(common.visible(n)) + 1 for n in names if "/" in n)])


def _not_placed(result: MergeResult) -> list[str]:
    """Every edit no place was found for: who, what it proposes, why, and where it might go."""
    items = reports.not_placed(result)
    if not items:
        return []
    lines = ["", f"Proposals not placed ({len(items)})"]
    for item in items:
        lines.append(_wrap(common.visible(common.not_placed_head(item)), "  ", "    "))
        lines.append(_wrap(spans_text(item.spans), INDENT + "text: ", INDENT + "      "))
        lines.append(_wrap(f"why: {common.visible(item.reason)}", INDENT, INDENT + "     "))
        lines.append(_wrap(f"place: {common.visible(reports.place_text(item))}", INDENT, INDENT + "       "))
    return lines


@_plain
def render_conflicts(result: MergeResult) -> str:
    """The reviewers' voting list: each conflict's options with sponsors, documents, rationales and what falls."""
    lines = [f"Conflicts in {common.visible(result.document)}", ""]
    if not result.conflicts:
        lines.append("No conflicts.")
    for conflict in result.conflicts:
        lines.extend(_conflict(result, conflict, voting=True))
        lines.append("")
    lines.append(common.conflict_line(result))
    return "\n".join(lines) + "\n"


@_plain
def render_check(result: MergeResult) -> str:
    """How each edit anchored: paragraph, score, status and reason, by proposal file."""
    lines = []
    for proposal in result.proposals:
        lines.append(f"{common.visible(proposal.path)}  ({common.visible(proposal.source)})")
        width = max([12, *(len(common.visible(e.id)) for e in proposal.edits)])  # long ids keep the columns
        for edit in proposal.edits:
            lines.extend(_check_line(result.edit(edit.id), width))
        lines.append("")
    lines.append(common.conflict_line(result))
    lines.append(common.needs_line(result))
    return "\n".join(lines) + "\n"


def _check_line(edit: EditResult, width: int = 12) -> list[str]:
    anchor = edit.anchor.status.value
    head = (
        f"  {common.visible(edit.edit.id):<{width}} {edit.edit.code} "
        f"¶{common.visible(edit.paragraph or '-'):<5} score {common.score_text(edit.score):>3}  "
        f"{edit.status.value}" + (f" ({anchor})" if anchor not in ("anchored", edit.status.value) else "")
    ) + (f"  {common.visible(str(edit.edit.position))}" if edit.edit.position else "")
    lines = [head]
    if edit.message:
        lines.append(_wrap(common.visible(edit.message), "      ", "      "))
    touched = reports.touches_line(edit)
    if touched:
        lines.append(_wrap(common.visible(touched), "      ", "      "))
    return lines


@_plain
def render_show(result: MergeResult, number: str) -> str:
    """One paragraph: its baseline text, the merged result, and every edit that touches it."""
    paragraph = next(p for p in result.paragraphs if p.number == number)
    lines = [
        f"Paragraph {common.visible(number)}" + (f": {common.visible(paragraph.heading)}" if paragraph.heading else "")
    ]
    lines.append(f"status: {paragraph.status.value}")
    if paragraph.baseline_text:
        lines += ["", "Baseline:", _wrap(common.visible(paragraph.baseline_text), "  ", "  ")]
    lines += ["", "Merged:", _wrap(spans_text(paragraph.spans), "  ", "  "), "", "Edits:"]
    for edit_id in paragraph.edits:
        edit = result.edit(edit_id)
        lines.extend(_check_line(edit))
        document = common.proposal_of(result, edit_id).document
        if document:
            lines.append(_wrap(f"document: {common.visible(document)}", "      ", "      "))
        if edit.edit.rationale:
            lines.append(_wrap(f"rationale: {common.visible(edit.edit.rationale)}", "      ", "      "))
    if not paragraph.edits:
        lines.append("  (none)")
    for conflict in common.paragraph_conflicts(result, paragraph):
        lines.append("")
        lines.extend(_conflict(result, conflict))
    decided = reports.decisions_on(result, number)
    if decided:
        lines += ["", "Decisions:", *(_wrap(common.visible(d), "  ", "    ") for d in decided)]
    return "\n".join(lines) + "\n"


@_plain
def render_decisions(result: MergeResult, path: str = "decisions.yaml") -> str:
    """Each recorded decision, where it stands in the file, what it does and the conflicts it settles."""
    rulings = reports.rulings(result)
    lines = [] if rulings else [f"no decisions recorded in {common.visible(path)}"]
    for ruling in rulings:
        where = ruling.decision.position or path
        conflicts = f" -> {', '.join(ruling.conflicts)}" if ruling.conflicts else ""
        note = f"  ({ruling.decision.note})" if ruling.decision.note else ""
        lines.append(common.visible(f"{where}: {ruling.effect}{conflicts}{note}"))
    open_ = len(result.unresolved)
    lines.append(f"{open_} conflict{'s' * (open_ != 1)} unresolved")
    return "\n".join(lines) + "\n"


@_plain
def render_stats(result: MergeResult) -> str:
    """Per group: edits by outcome; then which pairs of groups clash and agree, and how often."""
    numbers = reports.stats(result)
    columns = [s.value for s in common.STATUS_COLUMNS]
    width = _name_width(numbers.sources)
    lines = ["Edits per group", f"{'group':<{width}}{'proposed':>9}" + "".join(f"{c:>11}" for c in columns)]
    for group in numbers.groups:
        counts = "".join(f"{group.counts.get(s, 0):>11}" for s in common.STATUS_COLUMNS)
        lines.append(f"{common.visible(group.source)[:width]:<{width}}{group.proposed:>9}{counts}")
    lines += common.joint_lines(numbers)
    for title, matrix in (("Clashes", numbers.clashes), ("Agreements", numbers.agreements)):
        shown = _matrix(numbers.sources, matrix) if len(numbers.sources) <= common.MATRIX_UP_TO else _pairs(matrix)
        lines += ["", f"{title} between groups (pairs of edits)", shown]
    if result.brackets:
        lines += ["", common.brackets_line(result)]
    return "\n".join(lines) + "\n"


@_plain
def render_brackets(result: MergeResult) -> str:
    """Every disputed passage of the baseline: what each edit does to it, and what the merge leaves of it."""
    items = reports.bracket_reports(result)
    lines = [] if items else ["no disputed text in the baseline"]
    for item in items:
        lines.append(_wrap(f"{item.bracket.label}  {item.outcome.value}  {common.visible(item.text)}", "", INDENT))
        for edit, touch in item.touches:
            lines.append(
                f"{INDENT}{common.visible(edit.edit.id)} ({edit.status.value}): "
                f"{common.visible(edit.edit.source)} {reports.touch_text(touch)}"
            )
        if not item.touches:
            lines.append(f"{INDENT}no proposal touches it")
    untouched = [i.bracket.label for i in items if not i.touches]
    if items:
        lines += ["", f"untouched: {', '.join(untouched) if untouched else 'none'}"]
    lines.append(common.brackets_line(result))
    return "\n".join(lines) + "\n"


def _pairs(counts: dict[tuple[str, str], int]) -> str:
    rows = [f"{common.visible(a)} × {common.visible(b)}: {n}" for a, b, n in common.pairs(counts)]
    return "\n".join(rows) or "none"


def _matrix(sources: Sequence[str], counts: dict[tuple[str, str], int]) -> str:
    names = [common.visible(s)[:10] for s in sources]
    rows = [f"{'':<12}" + "".join(f"{n:>11}" for n in names)]
    for a, name in zip(sources, names, strict=True):
        cells = "".join(f"{counts.get((min(a, b), max(a, b)), 0) if a != b else '-':>11}" for b in sources)
        rows.append(f"{name:<12}{cells}")
    return "\n".join(rows)


@_plain
def render_next_draft(draft: NextDraft) -> str:
    """The next draft as plain text: clean paragraphs, then what each new bracket holds and what is left."""
    lines = [common.visible(draft.document)]
    if draft.version:
        lines.append(common.visible(draft.version))
    lines += ["", _wrap(common.NEXT_DRAFT_NOTE, "", ""), ""]
    for paragraph in draft.paragraphs:
        if paragraph.heading:
            lines.append(common.visible(paragraph.heading))
        lines += [_wrap(common.visible(paragraph.text), f"{common.visible(paragraph.number):<5} "), ""]
    return "\n".join(lines + _draft_notes(draft)).rstrip("\n") + "\n"


def _draft_notes(draft: NextDraft) -> list[str]:
    """The new brackets' options, the conflicts left as they stand, the proposals not placed."""
    lines = []
    if draft.new_brackets:
        lines.append(f"New brackets ({len(draft.new_brackets)})")
        for bracket in draft.new_brackets:
            lines.append(_wrap(common.visible(common.new_bracket_head(bracket)), "  ", "    "))
            lines += [_wrap(common.visible(line), INDENT, INDENT + "  ") for line in common.new_option_lines(bracket)]
        lines.append("")
    if draft.unbracketed:
        lines.append(f"Conflicts not bracketed ({len(draft.unbracketed)})")
        lines += [_wrap(common.visible(common.unbracketed_line(u)), "  ", "    ") for u in draft.unbracketed]
        lines.append("")
    if draft.not_placed:
        lines.append(f"Proposals not placed ({len(draft.not_placed)}): to be proposed again against this draft")
        for item in draft.not_placed:
            lines.append(_wrap(common.visible(common.not_placed_head(item)), "  ", "    "))
            lines.append(_wrap(f"why: {common.visible(item.reason)}", INDENT, INDENT + "     "))
    return lines
