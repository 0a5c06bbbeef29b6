"""Terminal: rich output with named styles; text from files is appended as plain data, never markup."""

from __future__ import annotations

from collections.abc import Sequence

from rich.console import Console, Group, RenderableType
from rich.table import Table
from rich.text import Text
from rich.theme import Theme

from ..model import Conflict, EditResult, MergedParagraph, MergeResult, Span
from . import common

THEME = Theme(
    {
        "amend.title": "bold",
        "amend.heading": "bold",
        "amend.number": "bold cyan",
        "amend.deleted": "red strike",
        "amend.inserted": "green underline",
        "amend.tag": "dim",
        "amend.conflict": "bold yellow",
        "amend.resolved": "green",
        "amend.label": "bold magenta",
        "amend.note": "dim italic",
        "amend.warning": "yellow",
        "amend.error": "bold red",
    }
)
MAX_SIDE_BY_SIDE = 3


def make_console(file: object = None, width: int | None = None, color: bool | None = None) -> Console:
    """A console with our theme; colour follows the terminal (and NO_COLOR) unless `color` says otherwise."""
    return Console(
        file=file,  # type: ignore[arg-type]
        theme=THEME,
        width=width,
        force_terminal=color,
        no_color=None if color is None else not color,
        highlight=False,
        emoji=False,
        markup=False,
    )


def spans_text(spans: Sequence[Span]) -> Text:
    """Paragraph spans as styled text: deletions struck, insertions underlined, each tagged with its group."""
    text = Text()
    for i, span in enumerate(spans):
        style = {"deleted": "amend.deleted", "inserted": "amend.inserted"}.get(span.kind, "")
        text.append(common.visible(span.text), style=style)
        following = spans[i + 1] if i + 1 < len(spans) else None
        replacement = (
            span.kind == "deleted"
            and following is not None
            and following.kind == "inserted"
            and following.edits == span.edits
        )
        if span.kind != "kept" and not replacement:
            text.append(f" ⟨{common.visible(', '.join(span.sources))}⟩", style="amend.tag")
    return text


def _paragraph(result: MergeResult, paragraph: MergedParagraph) -> RenderableType:
    grid = Table.grid(padding=(0, 1))
    grid.add_column(width=5, no_wrap=True)
    grid.add_column(ratio=1)
    if paragraph.heading:
        grid.add_row("", Text(common.visible(paragraph.heading), style="amend.heading"))
    style = "amend.conflict" if paragraph.status.value == "conflict" else "amend.number"
    grid.add_row(Text(common.visible(paragraph.number), style=style), spans_text(paragraph.spans))
    if paragraph.note:
        grid.add_row("", Text(common.visible(paragraph.note), style="amend.note"))
    for conflict in common.paragraph_conflicts(result, paragraph):
        grid.add_row("", conflict_view(result, conflict))
    return grid


def conflict_view(result: MergeResult, conflict: Conflict, full: bool = False) -> RenderableType:
    """A conflict's alternatives side by side (stacked when there are many), each labelled with its groups."""
    state = (
        Text("resolved", style="amend.resolved") if conflict.resolved else Text("unresolved", style="amend.conflict")
    )
    title = Text.assemble(
        (f"{conflict.id} {conflict.kind.value}", "amend.conflict"), f" in paragraph {conflict.paragraph} (", state, ")"
    )
    side = len(conflict.alternatives) <= MAX_SIDE_BY_SIDE
    table = Table(title=title, title_justify="left", expand=True, show_lines=not side, padding=(0, 1))
    cells: list[RenderableType] = []
    for n, alternative in enumerate(conflict.alternatives):
        label = Text.assemble(
            (common.alternative_label(n), "amend.label"),
            " ",
            common.visible(common.alternative_title(alternative, result)),
        )
        spans = alternative.spans if full else common.excerpt(alternative.spans)
        body = spans_text(spans) if alternative.text or full else Text("(paragraph deleted)", style="amend.deleted")
        if side:
            table.add_column(label, ratio=1)
            cells.append(body)
        else:
            cells.append(Group(label, body))
    if side:
        table.add_row(*cells)
    else:
        table.add_column("alternatives")
        for cell in cells:
            table.add_row(cell)
    return table


def summary_table(result: MergeResult) -> Table:
    table = Table(title="Summary by group", title_justify="left")
    table.add_column("group")
    table.add_column("edits", justify="right")
    for status in common.STATUS_COLUMNS:
        table.add_column(status.value, justify="right")
    for row in common.group_rows(result):
        table.add_row(
            common.visible(row.source), str(row.total), *(_count(row.counts.get(s, 0)) for s in common.STATUS_COLUMNS)
        )
    return table


def _count(n: int) -> str:
    return str(n) if n else "·"


def _footer(result: MergeResult) -> list[RenderableType]:
    total, open_ = len(result.conflicts), len(result.unresolved)
    style = "amend.conflict" if open_ else "amend.resolved"
    out: list[RenderableType] = [Text(f"{total} conflict{'s' * (total != 1)}, {open_} unresolved", style=style)]
    for note in result.notes:
        out.append(Text("note: " + common.visible(note), style="amend.note"))
    for edit in common.needing_editor(result):
        out.append(
            Text.assemble(
                (f"{edit.status.value} ", "amend.warning"),
                (common.visible(edit.edit.id), "bold"),
                ": " + common.visible(edit.message or ""),
            )
        )
    return out


def print_merge(result: MergeResult, console: Console) -> None:
    console.print(Text(common.visible(result.document), style="amend.title"))
    if result.version:
        console.print(Text(common.visible(result.version), style="amend.note"))
    console.print()
    for paragraph in result.paragraphs:
        console.print(_paragraph(result, paragraph))
        console.print()
    console.print(summary_table(result))
    for line in _footer(result):
        console.print(line)


def print_conflicts(result: MergeResult, console: Console) -> None:
    console.print(Text("Conflicts in " + common.visible(result.document), style="amend.title"))
    console.print()
    if not result.conflicts:
        console.print("No conflicts.")
    for conflict in result.conflicts:
        console.print(conflict_view(result, conflict))
        for edit_id in conflict.edits:
            edit = result.edit(edit_id).edit
            if edit.rationale:
                console.print(Text.assemble((common.visible(edit.id), "bold"), ": ", common.visible(edit.rationale)))
        console.print()
    console.print(_footer(result)[0])


def check_table(edits: Sequence[EditResult], title: str | None = None) -> Table:
    table = Table(title=title, title_justify="left", expand=True)
    for name, justify in (("edit", "left"), ("action", "left"), ("¶", "left"), ("score", "right"), ("status", "left")):
        table.add_column(name, justify=justify, no_wrap=True)  # type: ignore[arg-type]
    table.add_column("reason", ratio=1)
    for edit in edits:
        style = "amend.warning" if edit.status.needs_editor else ""
        table.add_row(
            common.visible(edit.edit.id),
            edit.edit.action.value,
            common.visible(edit.paragraph or "-"),
            common.score_text(edit.score),
            Text(edit.status.value, style=style),
            common.visible(edit.message or ""),
        )
    return table


def print_check(result: MergeResult, console: Console) -> None:
    for proposal in result.proposals:
        title = f"{proposal.path} ({proposal.source})"
        console.print(check_table([result.edit(e.id) for e in proposal.edits], common.visible(title)))
    console.print(_footer(result)[0])
    console.print(
        Text("needs the editor", style="amend.warning")
        if result.needs_editor
        else Text("nothing needs the editor", style="amend.resolved")
    )


def print_show(result: MergeResult, number: str, console: Console) -> None:
    paragraph = next(p for p in result.paragraphs if p.number == number)
    heading = f": {paragraph.heading}" if paragraph.heading else ""
    console.print(
        Text(common.visible(f"Paragraph {number}{heading}"), style="amend.title"),
        Text(f"({paragraph.status.value})", style="amend.note"),
    )
    if paragraph.baseline_text:
        console.print(Text("Baseline", style="amend.heading"))
        console.print(Text(common.visible(paragraph.baseline_text)))
    console.print(Text("Merged", style="amend.heading"))
    console.print(spans_text(paragraph.spans))
    console.print(check_table([result.edit(e) for e in paragraph.edits], "Edits"))
    for edit_id in paragraph.edits:
        edit = result.edit(edit_id).edit
        if edit.rationale:
            console.print(
                Text.assemble((common.visible(edit.id), "bold"), " rationale: ", common.visible(edit.rationale))
            )
    for conflict in common.paragraph_conflicts(result, paragraph):
        console.print(conflict_view(result, conflict))
