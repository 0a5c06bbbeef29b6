"""Word: the consolidated text with each applied change a tracked change authored by its group(s).

Editors accept or reject per group in Word (Review > Markup > Specific People).
Added paragraphs are tracked insertions and suppressed ones tracked deletions,
paragraph mark included. An unresolved conflict keeps the baseline text; its
alternatives follow the paragraph in square brackets, each labelled with its
groups, with a Word comment listing the conflict's edits. This module decides
what the document says; `itu_amend.word` knows how Word writes it.
"""

from __future__ import annotations

from collections.abc import Sequence

from .. import word
from ..model import Action, Alternative, Conflict, ConflictKind, MergedParagraph, MergeResult, ParagraphStatus, Span
from ..word import DELETED, INSERTED, OutDocument, OutParagraph, OutRun, Revision
from . import common

AGREEMENT_SEPARATOR = "; "
"""Between the groups credited with one change, in a tracked change's author ("TSAG; TDAG")."""
HEADING_STYLE = "Heading 2"
ALTERNATIVES_INDENT_CM = 1.0
LEGEND = (
    "Each change is a tracked change whose author is the group that proposed it (groups that agree: "
    '"TSAG; TDAG"); accept or reject them per group in Word (Review > Show Markup > Specific People). '
    "Where groups clash, the draft text is kept and the alternatives follow it in [square brackets], "
    "with a comment listing them."
)
KIND_TEXT = {
    ConflictKind.OVERLAP: "changes that overlap",
    ConflictKind.SUPPRESSED: "a suppression against changes to the paragraph",
    ConflictKind.NOC: "a request to keep the text (NOC) against changes to it",
}


def render_merge(result: MergeResult) -> bytes:
    """The consolidated text as .docx bytes (the same result gives the same bytes)."""
    return word.write_document(document(result))


def document(result: MergeResult) -> OutDocument:
    """What the Word document says, paragraph by paragraph."""
    dates = _edit_dates(result)
    paragraphs = [OutParagraph((OutRun(result.document),), style="Title")]
    if result.version:
        paragraphs.append(OutParagraph((OutRun(result.version),), style="Subtitle"))
    paragraphs.append(OutParagraph((OutRun(LEGEND),)))
    for paragraph in result.paragraphs:
        paragraphs.extend(_paragraph(result, paragraph, dates))
    known = sorted(d for d in dates.values() if d)
    return OutDocument(result.document, tuple(paragraphs), date=known[-1] if known else None)


def _edit_dates(result: MergeResult) -> dict[str, str | None]:
    return {edit.id: proposal.date for proposal in result.proposals for edit in proposal.edits}


def _revision(span: Span, dates: dict[str, str | None]) -> Revision:
    """Author: the groups credited with the change; date: the earliest of their proposals."""
    known = sorted(d for d in (dates.get(e) for e in span.edits) if d)
    return Revision(AGREEMENT_SEPARATOR.join(span.sources) or "itu-amend", known[0] if known else None)


def _paragraph(result: MergeResult, paragraph: MergedParagraph, dates: dict[str, str | None]) -> list[OutParagraph]:
    added = paragraph.origin == "added"
    whole = paragraph.spans[0] if added or paragraph.status is ParagraphStatus.SUPPRESSED else None
    mark = None if whole is None else (INSERTED if added else DELETED)
    revision = None if whole is None else _revision(whole, dates)
    out = []
    if paragraph.heading:
        change = INSERTED if added else None
        run = OutRun(paragraph.heading, change, revision if added else None)
        out.append(OutParagraph((run,), HEADING_STYLE, INSERTED if added else None, revision if added else None))
    label = OutRun(f"{paragraph.number}\t", mark, revision)
    runs = (label, *(_run(span, dates) for span in paragraph.spans))
    note = (paragraph.note,) if paragraph.note else ()
    out.append(OutParagraph(runs, mark=mark, revision=revision, comment=note))
    out.extend(_alternatives(result, c) for c in common.paragraph_conflicts(result, paragraph) if not c.resolved)
    return out


def _run(span: Span, dates: dict[str, str | None]) -> OutRun:
    if span.kind == "kept":
        return OutRun(span.text)
    return OutRun(span.text, DELETED if span.kind == "deleted" else INSERTED, _revision(span, dates))


def _alternatives(result: MergeResult, conflict: Conflict) -> OutParagraph:
    """One indented paragraph: each alternative in brackets on its own line, and a comment listing them."""
    runs: list[OutRun] = []
    for n, alternative in enumerate(conflict.alternatives):
        if n:
            runs.append(OutRun("\n"))
        runs.append(OutRun("["))
        runs.append(OutRun(f"{common.alternative_title(alternative, result)}", bold=True))
        runs.extend(_alternative_text(result, alternative))
        runs.append(OutRun("]"))
    return OutParagraph(tuple(runs), indent_cm=ALTERNATIVES_INDENT_CM, comment=_comment(result, conflict))


def _alternative_text(result: MergeResult, alternative: Alternative) -> Sequence[OutRun]:
    """A MOD's changes around their context, struck and underlined (not tracked: nothing is applied)."""
    actions = {result.edit(e).edit.action for e in alternative.edits}
    if actions & {Action.SUP, Action.NOC}:
        return ()
    runs = [OutRun(": ")]
    for span in common.excerpt(alternative.spans):
        runs.append(OutRun(span.text, strike=span.kind == "deleted", underline=span.kind == "inserted"))
    return runs


def _comment(result: MergeResult, conflict: Conflict) -> tuple[str, ...]:
    lines = [f"Conflict {conflict.id} (unresolved): {KIND_TEXT[conflict.kind]}. Alternatives:"]
    for n, alternative in enumerate(conflict.alternatives):
        label = common.alternative_label(n)
        lines.append(f"{label}. {common.alternative_title(alternative, result)}: {', '.join(alternative.edits)}")
    lines.append(f"Settle it with: itu-amend resolve --accept {conflict.alternatives[0].edits[0]}")
    return tuple(lines)
