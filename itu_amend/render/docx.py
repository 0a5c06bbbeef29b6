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

from .. import reports, word
from ..model import Action, Conflict, ConflictKind, MergedParagraph, MergeResult, ParagraphStatus, Span
from ..word import DELETED, INSERTED, OutDocument, OutParagraph, OutRun, Revision
from . import common

AGREEMENT_SEPARATOR = "; "
"""Between the groups credited with one change, in a tracked change's author ("TSAG; TDAG")."""
UNDATED = "9999"  # sorts after every ISO date
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
    origins = _origins(result)
    paragraphs = [OutParagraph((OutRun(result.document),), style="Title")]
    if result.version:
        paragraphs.append(OutParagraph((OutRun(result.version),), style="Subtitle"))
    paragraphs.append(OutParagraph((OutRun(LEGEND),)))
    for paragraph in result.paragraphs:
        paragraphs.extend(_paragraph(result, paragraph, origins))
    known = sorted(d for _, d in origins.values() if d)
    return OutDocument(result.document, tuple(paragraphs), date=known[-1] if known else None)


Origins = dict[str, tuple[str, str | None]]
"""Edit id -> (its group, its proposal's date)."""


def _origins(result: MergeResult) -> Origins:
    return {edit.id: (proposal.source, proposal.date) for proposal in result.proposals for edit in proposal.edits}


def _revision(span: Span, origins: Origins) -> Revision:
    """Author: the groups credited with the change, first proposer first; date: the first proposal's."""
    first: dict[str, str] = {}
    for edit_id in span.edits:
        source, date = origins.get(edit_id, ("", None))
        first[source] = min(first.get(source, date or UNDATED), date or UNDATED)
    groups = sorted(span.sources, key=lambda s: (first.get(s, UNDATED), s))
    known = sorted(d for d in first.values() if d != UNDATED)
    return Revision(AGREEMENT_SEPARATOR.join(groups) or "itu-amend", known[0] if known else None)


def _paragraph(result: MergeResult, paragraph: MergedParagraph, origins: Origins) -> list[OutParagraph]:
    added = paragraph.origin == "added"
    whole = paragraph.spans[0] if added or paragraph.status is ParagraphStatus.SUPPRESSED else None
    mark = None if whole is None else (INSERTED if added else DELETED)
    revision = None if whole is None else _revision(whole, origins)
    out = []
    if paragraph.heading:
        change = INSERTED if added else None
        rtl_heading = common.right_to_left(paragraph.heading)
        run = OutRun(paragraph.heading, change, revision if added else None, right_to_left=rtl_heading)
        mark_heading = INSERTED if added else None
        out.append(
            OutParagraph((run,), HEADING_STYLE, mark_heading, revision if added else None, right_to_left=rtl_heading)
        )
    label = OutRun(f"{paragraph.number}\t", mark, revision)
    runs = (label, *(_run(span, origins) for span in paragraph.spans))
    note = (paragraph.note,) if paragraph.note else ()
    rtl = common.right_to_left("".join(span.text for span in paragraph.spans))
    out.append(OutParagraph(runs, mark=mark, revision=revision, comment=note, right_to_left=rtl))
    out.extend(_alternatives(result, c) for c in common.paragraph_conflicts(result, paragraph) if not c.resolved)
    return out


def _run(span: Span, origins: Origins) -> OutRun:
    rtl = common.has_right_to_left(span.text)
    if span.kind == "kept":
        return OutRun(span.text, right_to_left=rtl)
    change = DELETED if span.kind == "deleted" else INSERTED
    return OutRun(span.text, change, _revision(span, origins), right_to_left=rtl)


def _alternatives(result: MergeResult, conflict: Conflict) -> OutParagraph:
    """One indented paragraph: each option in brackets on its own line, and a comment listing them.

    The options and their letters are those of the voting list (`conflicts`), furthest
    from the baseline first.
    """
    options = common.options(result, conflict, voting=False)
    runs: list[OutRun] = []
    for n, option in enumerate(options):
        if n:
            runs.append(OutRun("\n"))
        runs.append(OutRun("["))
        runs.append(OutRun(f"{option.label}. {option.title}", bold=True))
        runs.extend(_option_text(option))
        runs.append(OutRun("]"))
    return OutParagraph(tuple(runs), indent_cm=ALTERNATIVES_INDENT_CM, comment=_comment(conflict, options))


def _option_text(option: reports.Option) -> Sequence[OutRun]:
    """A MOD's changes around their context, struck and underlined (not tracked: nothing is applied)."""
    actions = {e.edit.action for e in option.edits}
    if option.keeps_text or actions & {Action.SUP, Action.NOC}:
        return ()
    runs = [OutRun(": ")]
    for span in common.excerpt(option.spans):
        rtl = common.has_right_to_left(span.text)
        runs.append(
            OutRun(span.text, strike=span.kind == "deleted", underline=span.kind == "inserted", right_to_left=rtl)
        )
    return runs


def _comment(conflict: Conflict, options: Sequence[reports.Option]) -> tuple[str, ...]:
    lines = [f"Conflict {conflict.id} (unresolved): {KIND_TEXT[conflict.kind]}. Options:"]
    for option in options:
        edits = ", ".join(e.edit.id for e in option.edits)
        lines.append(f"{option.label}. {option.title}: {edits}")
    first = next(o for o in options if o.edits)
    lines.append(f"Settle it with: itu-amend resolve --accept {first.edits[0].edit.id}")
    return tuple(lines)
