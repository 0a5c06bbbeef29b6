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

from ..model import Conflict, MergedParagraph, MergeResult, Span
from . import common
from .html import anchor_id

# Inline markup: escapes, code, emphasis, strikethrough, links, HTML and entities,
# headings, table cells, GitHub math.
_INLINE = re.compile(r"[\\`*_~\[\]<>&#|$]")
# Block markers that open a list, a setext heading or a thematic break at a line start.
_BULLET = re.compile(r"^([ \t]*)([-+=])")
_ORDERED = re.compile(r"^([ \t]*\d+)([.)])")
LEGEND = (
    "Deletions are shown <del>struck through</del>, insertions <ins>underlined</ins>, each followed "
    "by the group that proposed it<sup>GROUP</sup>. Conflicting changes are not applied: "
    "their alternatives follow the paragraph."
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
        if span.kind == "deleted":
            out.append(f"<del>{text}</del>")
        elif span.kind == "inserted":
            out.append(f"<ins>{text}</ins>")
        else:
            out.append(text)
        if span.kind != "kept" and not _same_change(span, spans[i + 1] if i + 1 < len(spans) else None):
            out.append(f"<sup>{escape(', '.join(span.sources))}</sup>")
    return "".join(out)


def _same_change(span: Span, following: Span | None) -> bool:
    """A deletion directly followed by the insertion of the same edits is one replacement: one tag."""
    return (
        following is not None
        and span.kind == "deleted"
        and following.kind == "inserted"
        and following.edits == span.edits
    )


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
        lines.extend(_quoted([_conflict_title(conflict), "", *_alternatives(result, conflict)], alert))
    return lines


def _conflict_title(conflict: Conflict) -> str:
    state = "resolved" if conflict.resolved else "unresolved"
    return f"**{escape(conflict.id)}** {conflict.kind.value} in paragraph {escape(conflict.paragraph)} ({state})"


def _alternatives(result: MergeResult, conflict: Conflict) -> list[str]:
    """Each alternative of a conflict: its label and groups, then its text around the changes."""
    lines = []
    for n, alternative in enumerate(conflict.alternatives):
        title = escape(common.alternative_title(alternative, result))
        body = spans_markdown(common.excerpt(alternative.spans)) if alternative.text else "*(paragraph deleted)*"
        lines += [f"**{common.alternative_label(n)}** · {title}<br>", body, ""]
    return lines


def _quoted(lines: list[str], alert: str) -> list[str]:
    """Lines as a GitHub alert block (a blockquote whose first line is [!WARNING] or [!NOTE])."""
    body = lines[:-1] if lines and not lines[-1] else lines
    return [f"> {alert}", *(f"> {line}".rstrip() for line in body), ""]


def _summary(result: MergeResult) -> list[str]:
    lines = ["## Summary", "", *_group_table(result), "", f"**{_conflict_line(result)}**", ""]
    if result.notes:
        lines += ["### Notes", "", *(f"- {escape(note)}" for note in result.notes), ""]
    needing = common.needing_editor(result)
    if needing:
        lines += ["### Edits needing the editor", ""]
        for edit in needing:
            where = f" (paragraph {escape(edit.paragraph)})" if edit.paragraph else ""
            lines.append(f"- **{edit.status.value}** {escape(edit.edit.id)}{where}: {escape(edit.message or '')}")
        lines.append("")
    return lines


def _group_table(result: MergeResult) -> list[str]:
    columns = ["group", "edits", *(s.value for s in common.STATUS_COLUMNS)]
    lines = ["| " + " | ".join(columns) + " |", "| --- |" + " ---: |" * (len(columns) - 1)]
    for row in common.group_rows(result):
        counts = [_count(row.counts.get(s, 0)) for s in common.STATUS_COLUMNS]
        lines.append("| " + " | ".join([escape(row.source), str(row.total), *counts]) + " |")
    return lines


def _count(n: int) -> str:
    return str(n) if n else "·"


def _conflict_line(result: MergeResult) -> str:
    total, open_ = len(result.conflicts), len(result.unresolved)
    return f"{total} conflict{'s' * (total != 1)}, {open_} unresolved"


def render_conflicts(result: MergeResult) -> str:
    """The reviewers' report: a table of conflicts, then each with its alternatives, groups and rationales."""
    lines = [f"# Conflicts in {escape(result.document)}", ""]
    if result.version:
        lines += [f"*{escape(result.version)}*", ""]
    lines += [f"**{_conflict_line(result)}**", ""]
    if not result.conflicts:
        return "\n".join([*lines, "No conflicts."]) + "\n"
    lines += [*_conflict_table(result), "", LEGEND, ""]
    for conflict in result.conflicts:
        lines += [f'<a id="{anchor_id("conflict", conflict.id)}"></a>', ""]
        state = "resolved" if conflict.resolved else "unresolved"
        title = f"{escape(conflict.id)} · {conflict.kind.value} in paragraph {escape(conflict.paragraph)} ({state})"
        lines += [f"## {title}", "", *_alternatives(result, conflict)]
        lines.extend(_rationales(result, conflict))
    return "\n".join(lines).rstrip("\n") + "\n"


def _conflict_table(result: MergeResult) -> list[str]:
    lines = ["| conflict | paragraph | kind | alternatives | state |", "| --- | --- | --- | --- | --- |"]
    for conflict in result.conflicts:
        link = f"[{escape(conflict.id)}](#{anchor_id('conflict', conflict.id)})"
        alternatives = "<br>".join(
            f"{common.alternative_label(n)}: {escape(common.alternative_title(a, result))}"
            for n, a in enumerate(conflict.alternatives)
        )
        state = "resolved" if conflict.resolved else "**unresolved**"
        cells = [link, escape(conflict.paragraph), conflict.kind.value, alternatives, state]
        lines.append("| " + " | ".join(cells) + " |")
    return lines


def _rationales(result: MergeResult, conflict: Conflict) -> list[str]:
    edits = [result.edit(e).edit for e in conflict.edits]
    items = [f"- **{escape(e.id)}** ({escape(e.source)}): {escape(e.rationale)}" for e in edits if e.rationale]
    return ["Rationales:", "", *items, ""] if items else []
