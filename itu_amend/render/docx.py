"""Word: the consolidated text with each applied change a tracked change authored by its group(s).

Editors accept or reject per group in Word (Review > Markup > Specific People).
Added paragraphs are tracked insertions and suppressed ones tracked deletions,
paragraph mark included. An unresolved conflict keeps the baseline text; its
alternatives follow the paragraph in square brackets, each labelled with its
groups, with a Word comment listing the conflict's edits. This module decides
what the document says; `itu_amend.word` knows how Word writes it.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from .. import brackets, reports, word
from ..model import Action, Conflict, ConflictKind, MergedParagraph, MergeResult, ParagraphStatus, Span
from ..nextdraft import DraftParagraph, NextDraft
from ..word import DELETED, INSERTED, OutDocument, OutParagraph, OutRun, Revision
from . import common

UNDATED = "9999"  # sorts after every ISO date
HEADING_STYLE = "Heading 2"
ALTERNATIVES_INDENT_CM = 1.0
LEGEND = (
    "Each change is a tracked change whose author is the group that proposed it; accept or reject "
    "them per group in Word (Review > Show Markup > Specific People). A change several groups agree "
    "on is authored by the first of them to propose it, and a comment on its paragraph names every "
    "group that supports it. Where groups clash, the draft text is kept and the alternatives follow "
    "it in [square brackets], with a comment listing them. Disputed text of the draft (not agreed) "
    "stands in its own square brackets, highlighted grey, with a comment 'Not agreed'."
)
KIND_TEXT = {
    ConflictKind.OVERLAP: "changes that overlap",
    ConflictKind.BRACKET: "different acts on one passage of disputed text",
    ConflictKind.SUPPRESSED: "a suppression against changes to the paragraph",
    ConflictKind.NOC: "a request to keep the text (NOC) against changes to it",
}


def render_merge(result: MergeResult, progress: Callable[[int, int], None] | None = None) -> bytes:
    """The consolidated text as .docx bytes (the same result gives the same bytes).

    `progress`, if given, is told how many of the document's paragraphs are written.
    """
    return word.write_document(document(result), progress)


def document(result: MergeResult) -> OutDocument:
    """What the Word document says, paragraph by paragraph."""
    origins = _origins(result)
    paragraphs = [OutParagraph((OutRun(result.document),), style="Title")]
    if result.version:
        paragraphs.append(OutParagraph((OutRun(result.version),), style="Subtitle"))
    paragraphs.append(OutParagraph((OutRun(_legend(result)),), style=word.NOTE_STYLE))
    missing = reports.not_placed(result)
    comments = _not_placed_comments(result, missing)
    away = _moved_away(result)
    paragraphs.extend(_left_places(away, None, origins))
    for paragraph in result.paragraphs:
        paragraphs.extend(_paragraph(result, paragraph, origins, comments.get(paragraph.number, ())))
        if paragraph.moved is None and paragraph.origin == "baseline":
            paragraphs.extend(_left_places(away, paragraph.number, origins))
    paragraphs.extend(_not_placed(missing))
    known = sorted(d for _, d in origins.values() if d)
    return OutDocument(result.document, tuple(paragraphs), date=known[-1] if known else None)


def _legend(result: MergeResult) -> str:
    """The explanatory preamble, naming this document's own groups (none when there are no proposals)."""
    groups = sorted({p.source for p in result.proposals})
    if not groups:
        return LEGEND
    return f"{LEGEND} Groups: {', '.join(groups)}."


Origins = dict[str, tuple[str, str | None]]
"""Edit id -> (its group, its proposal's date)."""


def _origins(result: MergeResult) -> Origins:
    return {edit.id: (proposal.source, proposal.date) for proposal in result.proposals for edit in proposal.edits}


def _revision(span: Span, origins: Origins) -> Revision:
    """Author: the first group to propose the change (of agreeing ones); date: its proposal's.

    Why one group: Word filters tracked changes by author, and an author "TSAG; TDAG"
    is a third reviewer that filtering by TSAG or by TDAG misses. The first proposer's
    name keeps the change among that group's; `_agreements` names the others in a comment.
    """
    groups = _supporters(span, origins)
    first = _first_dates(span, origins)
    known = sorted(d for d in first.values() if d != UNDATED)
    return Revision(groups[0] if groups else "itu-amend", known[0] if known else None)


def _first_dates(span: Span, origins: Origins) -> dict[str, str]:
    first: dict[str, str] = {}
    for edit_id in span.edits:
        source, date = origins.get(edit_id, ("", None))
        first[source] = min(first.get(source, date or UNDATED), date or UNDATED)
    return first


def _supporters(span: Span, origins: Origins) -> list[str]:
    """The groups credited with a change, the first to propose it first (by date, then name)."""
    first = _first_dates(span, origins)
    return sorted(span.sources, key=lambda s: (first.get(s, UNDATED), s))


def _agreements(spans: Sequence[Span], origins: Origins) -> tuple[str, ...]:
    """A comment line for each change several groups agree on: who supports it, and who authored it."""
    lines = []
    for i, span in enumerate(spans):
        if span.kind == "kept" or len(span.sources) < 2 or not common.ends_change(spans, i):
            continue
        replaced = i > 0 and spans[i - 1].kind == "deleted" and spans[i - 1].edits == span.edits
        what = f"'{spans[i - 1].text}' -> '{span.text}'" if replaced else f"{span.kind} '{span.text}'"
        groups = _supporters(span, origins)
        ids = sorted(span.edits, key=lambda e: (groups.index(origins[e][0]) if e in origins else len(groups), e))
        lines.append(
            f"Agreed change {_short(what)}: {', '.join(groups)} ({', '.join(ids)}); "
            f"tracked as {groups[0]}'s, the first to propose it."
        )
    return tuple(lines)


def _short(text: str, limit: int = 80) -> str:
    return text if len(text) <= limit else text[: limit - 1] + common.ELLIPSIS


def _paragraph(
    result: MergeResult, paragraph: MergedParagraph, origins: Origins, missing: tuple[str, ...] = ()
) -> list[OutParagraph]:
    added = paragraph.origin == "added"
    whole = paragraph.spans[0] if added or paragraph.status is ParagraphStatus.SUPPRESSED else None
    mark = None if whole is None else (INSERTED if added else DELETED)
    revision = None if whole is None else _revision(whole, origins)
    out = []
    moved = paragraph.moved
    if moved is not None:
        revision = _revision(Span("", "inserted", moved.edits, moved.sources), origins)
    if paragraph.heading:  # added, suppressed or moved with its paragraph
        rtl_heading = common.right_to_left(paragraph.heading)
        run = OutRun(paragraph.heading, mark, revision if mark else None, right_to_left=rtl_heading)
        move = None if moved is None else ("to", _move_name(paragraph, True))
        out.append(
            OutParagraph(
                (run,), HEADING_STYLE, mark, revision if mark or moved else None, move=move, right_to_left=rtl_heading
            )
        )
    label = OutRun(f"{paragraph.number}\t", mark, revision if mark else None)
    runs = (label, *(_run(span, origins) for span in paragraph.spans))
    note = (
        ((paragraph.note,) if paragraph.note else ())
        + _not_agreed(paragraph.spans)
        + _agreements(paragraph.spans, origins)
        + missing
    )
    move = None if moved is None else ("to", _move_name(paragraph))
    rtl = common.right_to_left("".join(span.text for span in paragraph.spans))
    tracked = revision if mark or moved else None
    out.append(OutParagraph(runs, mark=mark, revision=tracked, comment=note, move=move, right_to_left=rtl))
    out.extend(_alternatives(result, c) for c in common.paragraph_conflicts(result, paragraph) if not c.resolved)
    return out


NOT_PLACED_TITLE = "Proposals not placed"
NOT_PLACED_INTRO = (
    "These proposals are not applied above: no place in the draft was found for them with certainty "
    "(the words they change differ, the passage fits two places, or nothing fits). Each is given "
    "with its group, the text it proposes, the reason and its best candidate place."
)


def _not_placed(missing: Sequence[reports.NotPlaced]) -> list[OutParagraph]:
    """The closing section: every proposal not placed, so that none is missing from the meeting's document.

    Written in the note style, as the legend and the alternatives are: no part of the
    draft, so that `baseline import` of the consolidated text leaves it out.
    """
    if not missing:
        return []
    out = [
        OutParagraph((OutRun(NOT_PLACED_TITLE, bold=True),), word.NOTE_STYLE),
        OutParagraph((OutRun(NOT_PLACED_INTRO),), word.NOTE_STYLE),
    ]
    for item in missing:
        runs = [OutRun(common.not_placed_head(item), bold=True), OutRun("\n")]
        runs += [
            OutRun(
                s.text,
                strike=s.kind == "deleted",
                underline=s.kind == "inserted",
                right_to_left=common.has_right_to_left(s.text),
            )
            for s in item.spans
        ]
        runs += [OutRun(f"\nWhy: {item.reason}"), OutRun(f"\nPlace: {reports.place_text(item)}")]
        out.append(OutParagraph(tuple(runs), word.NOTE_STYLE, indent_cm=ALTERNATIVES_INDENT_CM))
    return out


def _not_placed_comments(result: MergeResult, missing: Sequence[reports.NotPlaced]) -> dict[str, tuple[str, ...]]:
    """A comment line on the paragraph each proposal not placed best fits (else the one its author named)."""
    numbers = {p.number for p in result.paragraphs}
    comments: dict[str, tuple[str, ...]] = {}
    for item in missing:
        place = item.candidate if item.candidate in numbers else item.named if item.named in numbers else None
        if place is None:
            continue
        line = (
            f"Not placed: {item.edit.edit.id} ({item.edit.edit.source}, {item.edit.status.value}) may belong here; "
            f"see '{NOT_PLACED_TITLE}' at the end. {item.reason}"
        )
        comments[place] = (*comments.get(place, ()), line)
    return comments


def _moved_away(result: MergeResult) -> dict[str | None, list[MergedParagraph]]:
    """The moved paragraphs by the baseline paragraph they followed before they moved (None: the first)."""
    away: dict[str | None, list[MergedParagraph]] = {}
    for paragraph in result.paragraphs:
        if paragraph.moved is not None:
            away.setdefault(paragraph.moved.after, []).append(paragraph)
    return away


def _left_places(
    away: dict[str | None, list[MergedParagraph]], number: str | None, origins: Origins
) -> list[OutParagraph]:
    """Where the paragraphs that followed `number` stood before they moved: their baseline text, moved from there.

    Rejecting every change gives the baseline back, in its order; accepting them, the merged text.
    """
    out: list[OutParagraph] = []
    for paragraph in away.get(number, []):
        assert paragraph.moved is not None
        revision = _revision(Span("", "inserted", paragraph.moved.edits, paragraph.moved.sources), origins)
        if paragraph.heading:
            rtl_heading = common.right_to_left(paragraph.heading)
            run = OutRun(paragraph.heading, right_to_left=rtl_heading)
            move = ("from", _move_name(paragraph, True))
            out.append(OutParagraph((run,), HEADING_STYLE, revision=revision, move=move, right_to_left=rtl_heading))
        text = paragraph.baseline_text
        runs = (OutRun(f"{paragraph.number}\t"), OutRun(text, right_to_left=common.has_right_to_left(text)))
        move = ("from", _move_name(paragraph))
        out.append(OutParagraph(runs, revision=revision, move=move, right_to_left=common.right_to_left(text)))
        out.extend(_left_places(away, paragraph.number, origins))
    return out


def _move_name(paragraph: MergedParagraph, heading: bool = False) -> str:
    """The name Word pairs the two ends of a move by (a bookmark-like word)."""
    return "move_" + "".join(c if c.isalnum() else "_" for c in paragraph.number) + ("_heading" if heading else "")


def _run(span: Span, origins: Origins) -> OutRun:
    rtl = common.has_right_to_left(span.text)
    disputed = span.disputed is not None
    if span.kind == "kept":
        return OutRun(span.text, right_to_left=rtl, disputed=disputed)
    change = DELETED if span.kind == "deleted" else INSERTED
    return OutRun(span.text, change, _revision(span, origins), right_to_left=rtl, disputed=disputed)


def _not_agreed(spans: Sequence[Span]) -> tuple[str, ...]:
    """A comment line on a paragraph with disputed text: which passages are not agreed."""
    labels = list(dict.fromkeys(s.disputed for s in spans if s.disputed))
    if not labels:
        return ()
    texts = {label: "".join(s.text for s in spans if s.disputed == label and s.kind != "inserted") for label in labels}
    shown = "; ".join(f"{label} {_short(texts[label], 60)}" for label in labels)
    return (f"Not agreed (in square brackets, highlighted): {shown}",)


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
    return OutParagraph(
        tuple(runs), word.NOTE_STYLE, indent_cm=ALTERNATIVES_INDENT_CM, comment=_comment(conflict, options)
    )


def _option_text(option: reports.Option) -> Sequence[OutRun]:
    """A MOD's changes around their context, struck and underlined (not tracked: nothing is applied)."""
    actions = {e.edit.action for e in option.edits}
    if option.keeps_text or actions & {Action.SUP, Action.NOC}:
        return ()
    runs = [OutRun(": ")]
    for span in common.excerpt(option.spans):
        rtl = common.has_right_to_left(span.text)
        runs.append(
            OutRun(
                span.text,
                strike=span.kind == "deleted",
                underline=span.kind == "inserted",
                right_to_left=rtl,
                disputed=span.disputed is not None,
            )
        )
    return runs


def _comment(conflict: Conflict, options: Sequence[reports.Option]) -> tuple[str, ...]:
    lines = [f"Conflict {conflict.id} (unresolved): {KIND_TEXT[conflict.kind]}. Options:"]
    for option in options:
        edits = ", ".join(e.edit.id for e in option.edits)
        lines.append(f"{option.label}. {option.title}: {edits}")
    lines.append(f"Settle it with: itu-amend resolve {conflict.id} --option {options[0].label}")
    return tuple(lines)


# --- the next draft -----------------------------------------------------------------------

NEXT_DRAFT_LEGEND = (
    f"{common.NEXT_DRAFT_NOTE} Text not agreed stands in square brackets, highlighted grey; a comment on "
    "its paragraph names the groups and edits behind each option. Propose changes to this draft with "
    "tracked changes: deleting an option's brackets and the other options agrees that option."
)


def render_next_draft(draft: NextDraft, progress: Callable[[int, int], None] | None = None) -> bytes:
    """The next draft as .docx bytes: clean text, no tracked change, its brackets highlighted and explained."""
    return word.write_document(next_draft_document(draft), progress)


def next_draft_document(draft: NextDraft) -> OutDocument:
    """What the Word document of the next draft says, paragraph by paragraph."""
    paragraphs = [OutParagraph((OutRun(draft.document),), style="Title")]
    if draft.version:
        paragraphs.append(OutParagraph((OutRun(draft.version),), style="Subtitle"))
    groups = f" Proposals of this round: {', '.join(draft.groups)}." if draft.groups else ""
    paragraphs.append(OutParagraph((OutRun(NEXT_DRAFT_LEGEND + groups),), style=word.NOTE_STYLE))
    for paragraph in draft.paragraphs:
        if paragraph.heading:
            rtl = common.right_to_left(paragraph.heading)
            paragraphs.append(
                OutParagraph((OutRun(paragraph.heading, right_to_left=rtl),), HEADING_STYLE, right_to_left=rtl)
            )
        runs = (OutRun(f"{paragraph.number}\t"), *_draft_runs(paragraph.text, paragraph.number))
        rtl = common.right_to_left(paragraph.text)
        paragraphs.append(OutParagraph(runs, comment=_new_brackets_comment(paragraph), right_to_left=rtl))
    paragraphs.extend(_draft_closing(draft))
    return OutDocument(draft.document, tuple(paragraphs))


def _draft_runs(text: str, number: str) -> list[OutRun]:
    """The paragraph's text, each outermost disputed passage (the draft's and the new ones) highlighted."""
    runs, cursor = [], 0
    for passage in (b for b in brackets.parse(text, number).brackets if b.parent is None):
        if passage.start > cursor:
            runs.append(OutRun(text[cursor : passage.start], right_to_left=common.has_right_to_left(text)))
        piece = text[passage.start : passage.end]
        runs.append(OutRun(piece, right_to_left=common.has_right_to_left(piece), disputed=True))
        cursor = passage.end
    if cursor < len(text):
        runs.append(OutRun(text[cursor:], right_to_left=common.has_right_to_left(text)))
    return runs


def _new_brackets_comment(paragraph: DraftParagraph) -> tuple[str, ...]:
    return tuple(
        line
        for bracket in paragraph.brackets
        for line in (common.new_bracket_head(bracket), *common.new_option_lines(bracket))
    )


def _draft_closing(draft: NextDraft) -> list[OutParagraph]:
    """Sections at the end: conflicts left as they stand, proposals to be made again against this draft."""
    out = []
    if draft.unbracketed:
        out.append(OutParagraph((OutRun("Conflicts not bracketed"),), HEADING_STYLE))
        out += [OutParagraph((OutRun(common.unbracketed_line(u)),)) for u in draft.unbracketed]
    if draft.not_placed:
        out.append(OutParagraph((OutRun(NOT_PLACED_TITLE),), HEADING_STYLE))
        out.append(OutParagraph((OutRun("To be proposed again against this draft."),), word.NOTE_STYLE))
        out += [OutParagraph((OutRun(f"{common.not_placed_head(i)}: {i.reason}"),)) for i in draft.not_placed]
    return out
