"""Markdown (GitHub-flavoured): the consolidated text and the conflict report, readable without colour.

Deletions read <del>like this</del> (struck through), insertions <ins>like this</ins>
(underlined, as in ITU revision marks), each change followed by its group in
superscript: <sup>TSAG</sup>. HTML tags rather than `~~` or `**`, because those need
their text not to start or end with a space, and a deleted span often does.

Text from files is data: every character that Markdown or GitHub would read as markup
is backslash-escaped, line breaks become <br> so no data ever starts a Markdown line,
and control characters and bidi overrides are shown as escapes (common.visible).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from .. import reports
from ..model import Conflict, MergedParagraph, MergeResult, Span
from . import common
from .html import anchor_id, esc

# Inline markup: escapes, code, emphasis, strikethrough, links, HTML and entities,
# headings, table cells, GitHub math.
_INLINE = re.compile(r"[\\`*_~\[\]<>&#|$]")
# Block markers that open a list, a setext heading or a thematic break at a line start.
_BULLET = re.compile(r"^([ \t]*)([-+=])")
_ORDERED = re.compile(r"^([ \t]*\d+)([.)])")
MARKS = (
    "Deletions are shown <del>struck through</del>, insertions <ins>underlined</ins>, each followed "
    "by the group that proposed it<sup>GROUP</sup>. Disputed text (not agreed) stands in \\[square brackets\\] "
    'as in the draft, marked <span class="disputed">disputed</span>.'
)
LEGEND = (
    MARKS + " Conflicting changes are not applied: the options follow the paragraph, furthest from the baseline first."
)


def escape(text: str) -> str:
    """Text from a file as literal Markdown, on one line (line breaks become <br>)."""
    escaped = _INLINE.sub(r"\\\g<0>", common.visible(text))
    return "<br>".join(_ORDERED.sub(r"\1\\\2", _BULLET.sub(r"\1\\\2", line)) for line in escaped.split("\n"))


def spans_markdown(spans: Sequence[Span]) -> str:
    """Spans as one line: <del>deleted</del>, <ins>inserted</ins>, each change tagged with its group."""
    out = []
    for i, span in enumerate(spans):
        text = escape(span.text)
        if span.disputed:
            text = f'<span class="disputed" title="{esc(span.disputed)}: not agreed">{text}</span>'
        if span.kind == "deleted":
            out.append(f"<del>{text}</del>")
        elif span.kind == "inserted":
            out.append(f"<ins>{text}</ins>")
        else:
            out.append(text)
        if common.ends_change(spans, i):
            out.append(f"<sup>{escape(', '.join(span.sources))}</sup>")
    return "".join(out)


def render_merge(result: MergeResult) -> str:
    """The consolidated text, conflicts under their paragraphs, then the summary per group."""
    lines = [f"# {escape(result.document)}", ""]
    if result.version:
        lines += [f"*{escape(result.version)}*", ""]
    lines += [LEGEND, "", "## Consolidated text", ""]
    for paragraph in result.paragraphs:
        lines.extend(_paragraph(result, paragraph))
    lines.extend(_summary(result))
    return "\n".join(lines).rstrip("\n") + "\n"


def _paragraph(result: MergeResult, paragraph: MergedParagraph) -> list[str]:
    lines = []
    if paragraph.heading:
        lines += [f"### {escape(paragraph.heading)}", ""]
    lines += [f"**{escape(paragraph.number)}** {spans_markdown(paragraph.spans)}", ""]
    if paragraph.note:
        lines += [f"*Note:* {escape(paragraph.note)}", ""]
    for conflict in common.paragraph_conflicts(result, paragraph):
        alert = "[!NOTE]" if conflict.resolved else "[!WARNING]"
        lines.extend(
            _quoted([_conflict_title(conflict), "", *_adopted(result, conflict), *_options(result, conflict)], alert)
        )
    return lines


def _conflict_title(conflict: Conflict) -> str:
    state = "resolved" if conflict.resolved else "unresolved"
    return f"**{escape(conflict.id)}** {conflict.kind.value} in paragraph {escape(conflict.paragraph)} ({state})"


def _adopted(result: MergeResult, conflict: Conflict) -> list[str]:
    adopted = common.adopted(result, conflict)
    return [f"*{escape(adopted[:1].upper() + adopted[1:])}*", ""] if adopted is not None else []


def _options(result: MergeResult, conflict: Conflict, voting: bool = False) -> list[str]:
    """Each option: label and groups, its text around the changes; the voting list adds who, why and what falls."""
    lines = []
    for option in common.options(result, conflict, voting):
        lines += [f"**{option.label}** · {escape(option.title)}<br>", _option_body(option), ""]
        if voting:
            lines.extend(_sponsors(result, option))
    return lines


def _option_body(option: reports.Option) -> str:
    if option.keeps_text:
        return "*(the paragraph as it stands)*"
    return spans_markdown(common.excerpt(option.spans)) if option.text else "*(paragraph deleted)*"


def _sponsors(result: MergeResult, option: reports.Option) -> list[str]:
    """For the voting list: each sponsor's document and rationale, and what falls with the option."""
    items = []
    for edit in option.edits:
        proposal = common.proposal_of(result, edit.edit.id)
        document = f" ({escape(proposal.document)})" if proposal.document else ""
        rationale = f": {escape(edit.edit.rationale)}" if edit.edit.rationale else ""
        touched = reports.touches_line(edit)
        items.append(
            f"- **{escape(edit.edit.id)}**{document}{rationale}" + (f"<br>*{escape(touched)}*" if touched else "")
        )
    if option.falls:
        items.append(f"- *If adopted, falls:* {escape(', '.join(option.falls))}")
    return [*items, ""] if items else []


def _quoted(lines: list[str], alert: str) -> list[str]:
    """Lines as a GitHub alert block (a blockquote whose first line is [!WARNING] or [!NOTE])."""
    body = lines[:-1] if lines and not lines[-1] else lines
    return [f"> {alert}", *(f"> {line}".rstrip() for line in body), ""]


def _summary(result: MergeResult) -> list[str]:
    scope = common.table_scope(result)
    lines = ["## Summary", "", *_group_table(result), "", *([f"*{scope}*", ""] if scope else [])]
    lines += [f"**{common.conflict_line(result)}**", ""]
    if result.notes:
        lines += ["### Notes", "", *(f"- {escape(note)}" for note in result.notes), ""]
    items = reports.not_placed(result)
    if items:
        lines += [f"### Proposals not placed ({len(items)})", ""]
        for item in items:
            lines += [
                f"- **{escape(common.not_placed_head(item))}**<br>",
                f"  {spans_markdown(item.spans)}<br>",
                f"  *Why:* {escape(item.reason)}<br>",
                f"  *Place:* {escape(reports.place_text(item))}",
            ]
        lines.append("")
    return lines


def _group_table(result: MergeResult) -> list[str]:
    columns = ["group", "edits", *(s.value for s in common.STATUS_COLUMNS)]
    lines = ["| " + " | ".join(columns) + " |", "| --- |" + " ---: |" * (len(columns) - 1)]
    for row in common.group_rows(result):
        counts = [common.count(row.counts.get(s, 0)) for s in common.STATUS_COLUMNS]
        lines.append("| " + " | ".join([escape(row.source), str(row.total), *counts]) + " |")
    return lines


def render_conflicts(result: MergeResult) -> str:
    """The reviewers' voting list: a table of conflicts, then each conflict's options with sponsors, documents,
    rationales and what falls."""
    lines = [f"# Conflicts in {escape(result.document)}", ""]
    if result.version:
        lines += [f"*{escape(result.version)}*", ""]
    lines += [f"**{common.conflict_line(result)}**", ""]
    if not result.conflicts:
        return "\n".join([*lines, "No conflicts."]) + "\n"
    lines += [*_conflict_table(result), "", MARKS, ""]
    for conflict in result.conflicts:
        lines += [f'<a id="{anchor_id("conflict", conflict.id)}"></a>', ""]
        state = "resolved" if conflict.resolved else "unresolved"
        title = f"{escape(conflict.id)} · {conflict.kind.value} in paragraph {escape(conflict.paragraph)} ({state})"
        lines += [f"## {title}", "", *_adopted(result, conflict), *_options(result, conflict, voting=True)]
    return "\n".join(lines).rstrip("\n") + "\n"


def _conflict_table(result: MergeResult) -> list[str]:
    lines = ["| conflict | paragraph | kind | options | state |", "| --- | --- | --- | --- | --- |"]
    for conflict in result.conflicts:
        link = f"[{escape(conflict.id)}](#{anchor_id('conflict', conflict.id)})"
        choices = "<br>".join(f"{o.label}: {escape(o.title)}" for o in common.options(result, conflict, voting=True))
        state = escape(common.state(result, conflict)) if conflict.resolved else "**unresolved**"
        cells = [link, escape(conflict.paragraph), conflict.kind.value, choices, state]
        lines.append("| " + " | ".join(cells) + " |")
    return lines
