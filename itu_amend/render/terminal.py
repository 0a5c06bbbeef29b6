"""Terminal: rich output with named styles; text from files is appended as plain data, never markup."""

from __future__ import annotations

from collections.abc import Sequence

from rich.console import Console, Group, RenderableType
from rich.table import Table
from rich.text import Text
from rich.theme import Theme

from .. import brackets, reports
from ..model import Conflict, EditResult, MergedParagraph, MergeResult, Span
from ..nextdraft import NextDraft
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
        "amend.disputed": "bright_magenta on grey15",
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
        start = len(text)
        text.append(common.visible(span.text), style=style)
        if span.disputed:  # a layer of its own: a disputed deletion is still struck
            text.stylize("amend.disputed", start, len(text))
        if common.ends_change(spans, i):
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


def conflict_view(
    result: MergeResult, conflict: Conflict, voting: bool = False, side_by_side: bool | None = None
) -> RenderableType:
    """A conflict's options side by side (stacked when many, or when `side_by_side` is False), furthest from
    the baseline first.

    The voting list (`voting=True`) adds the option of keeping the text, and under
    each option its sponsors' documents and rationales and what falls with it.
    """
    state = (
        Text("resolved", style="amend.resolved") if conflict.resolved else Text("unresolved", style="amend.conflict")
    )
    title = Text.assemble(
        (f"{conflict.id} {conflict.kind.value}", "amend.conflict"), f" in paragraph {conflict.paragraph} (", state, ")"
    )
    adopted = common.adopted(result, conflict)
    if adopted is not None:
        title.append_text(Text("\n" + common.visible(adopted), style="amend.resolved"))
    options = common.options(result, conflict, voting)
    side = len(options) <= MAX_SIDE_BY_SIDE if side_by_side is None else side_by_side
    table = Table(title=title, title_justify="left", expand=True, show_lines=not side, padding=(0, 1))
    cells: list[RenderableType] = []
    for option in options:
        label = Text.assemble((option.label, "amend.label"), " ", common.visible(option.title))
        body: list[RenderableType] = [_option_body(option)]
        if voting:
            body.extend(_sponsors(result, option))
        if side:
            table.add_column(label, ratio=1)
            cells.append(Group(*body))
        else:
            cells.append(Group(label, *body))
    if side:
        table.add_row(*cells)
    else:
        table.add_column("options")
        for cell in cells:
            table.add_row(cell)
    return table


def _option_body(option: reports.Option) -> Text:
    if option.keeps_text:
        return Text("(the paragraph as it stands)", style="amend.note")
    if not option.text:
        return Text("(paragraph deleted)", style="amend.deleted")
    return spans_text(common.excerpt(option.spans))


def _sponsors(result: MergeResult, option: reports.Option) -> list[Text]:
    lines = []
    for edit in option.edits:
        proposal = common.proposal_of(result, edit.edit.id)
        document = f" ({proposal.document})" if proposal.document else ""
        rationale = f": {edit.edit.rationale}" if edit.edit.rationale else ""
        lines.append(Text.assemble((common.visible(edit.edit.id), "bold"), common.visible(document + rationale)))
        touched = reports.touches_line(edit)
        if touched:
            lines.append(Text(common.visible(touched), style="amend.disputed"))
    if option.falls:
        lines.append(Text("if adopted, falls: " + common.visible(", ".join(option.falls)), style="amend.warning"))
    return lines


def summary_table(result: MergeResult) -> Table:
    table = Table(title="Summary by group", title_justify="left")
    table.add_column("group")
    table.add_column("edits", justify="right")
    for status in common.STATUS_COLUMNS:
        table.add_column(status.value, justify="right")
    for row in common.group_rows(result):
        table.add_row(
            common.visible(row.source),
            str(row.total),
            *(common.count(row.counts.get(s, 0)) for s in common.STATUS_COLUMNS),
        )
    return table


def _conflict_footer(result: MergeResult) -> Text:
    return Text(common.conflict_line(result), style="amend.conflict" if result.unresolved else "amend.resolved")


def _footer(result: MergeResult) -> list[RenderableType]:
    style = "amend.conflict" if result.unresolved else "amend.resolved"
    scope = common.table_scope(result)
    out: list[RenderableType] = [Text(scope, style="amend.note")] if scope else []
    out.append(Text(common.conflict_line(result), style=style))
    for note in result.notes:
        out.append(Text("note: " + common.visible(note), style="amend.note"))
    out.extend(_not_placed(result))
    return out


def _not_placed(result: MergeResult) -> list[RenderableType]:
    """Every edit no place was found for: who, what it proposes, why, and where it might go."""
    items = reports.not_placed(result)
    if not items:
        return []
    out: list[RenderableType] = [Text(f"\nProposals not placed ({len(items)})", style="amend.warning")]
    out.extend(not_placed_view(item) for item in items)
    return out


def not_placed_view(item: reports.NotPlaced) -> Table:
    """One edit not placed: its status and group, what it proposes, why, and its best candidate place."""
    grid = Table.grid(padding=(0, 1))
    grid.add_column(width=10, no_wrap=True)
    grid.add_column(ratio=1)
    grid.add_row(
        Text(item.edit.status.value, style="amend.warning"),
        Text(common.visible(common.not_placed_head(item)), style="bold"),
    )
    grid.add_row("", spans_text(item.spans))
    grid.add_row("", Text("why: " + common.visible(item.reason), style="amend.note"))
    grid.add_row("", Text("place: " + common.visible(reports.place_text(item)), style="amend.note"))
    return grid


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
        console.print(conflict_view(result, conflict, voting=True))
        console.print()
    console.print(_conflict_footer(result))


def check_table(edits: Sequence[EditResult], title: str | None = None) -> Table:
    table = Table(title=title, title_justify="left", expand=True)
    for name, justify in (("edit", "left"), ("action", "left"), ("¶", "left"), ("score", "right"), ("status", "left")):
        table.add_column(name, justify=justify, no_wrap=True)  # type: ignore[arg-type]
    table.add_column("reason", ratio=1)
    table.add_column("at", no_wrap=True, style="amend.note")
    for edit in edits:
        style = "amend.warning" if edit.status.needs_editor else ""
        table.add_row(
            common.visible(edit.edit.id),
            edit.edit.code,
            common.visible(edit.paragraph or "-"),
            common.score_text(edit.score),
            Text(edit.status.value, style=style),
            common.visible("; ".join(m for m in (edit.message, reports.touches_line(edit)) if m)),
            common.visible(str(edit.edit.position)) if edit.edit.position else "",
        )
    return table


def print_check(result: MergeResult, console: Console) -> None:
    for proposal in result.proposals:
        title = f"{proposal.path} ({proposal.source})"
        console.print(check_table([result.edit(e.id) for e in proposal.edits], common.visible(title)))
    console.print(_conflict_footer(result))
    console.print(
        Text(common.needs_line(result), style="amend.warning")
        if result.needs_editor
        else Text(common.needs_line(result), style="amend.resolved")
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
        document = common.proposal_of(result, edit_id).document
        if document:
            console.print(Text.assemble((common.visible(edit.id), "bold"), " document: ", common.visible(document)))
        if edit.rationale:
            console.print(
                Text.assemble((common.visible(edit.id), "bold"), " rationale: ", common.visible(edit.rationale))
            )
    for conflict in common.paragraph_conflicts(result, paragraph):
        console.print(conflict_view(result, conflict))
    for decided in reports.decisions_on(result, number):
        console.print(Text.assemble(("decision ", "amend.resolved"), common.visible(decided)))


def print_stats(result: MergeResult, console: Console) -> None:
    numbers = reports.stats(result)
    table = Table(title="Edits per group", title_justify="left")
    table.add_column("group")
    table.add_column("proposed", justify="right")
    for status in common.STATUS_COLUMNS:
        table.add_column(status.value, justify="right")
    for group in numbers.groups:
        counts = (common.count(group.counts.get(s, 0)) for s in common.STATUS_COLUMNS)
        table.add_row(common.visible(group.source), str(group.proposed), *counts)
    console.print(table)
    for line in common.joint_lines(numbers):
        console.print(Text(line, style="amend.note"))
    for title, matrix, style in (
        ("Clashes between groups", numbers.clashes, "amend.conflict"),
        ("Agreements between groups", numbers.agreements, "amend.resolved"),
    ):
        if len(numbers.sources) > common.MATRIX_UP_TO:
            console.print(_pair_list(f"{title} (pairs of edits)", matrix, style))
            continue
        grid = Table(title=f"{title} (pairs of edits)", title_justify="left")
        grid.add_column("")
        for source in numbers.sources:
            grid.add_column(common.visible(source), justify="right")
        for a in numbers.sources:
            cells = []
            for b in numbers.sources:
                n = matrix.get((min(a, b), max(a, b)), 0)
                cells.append(Text("-" if a == b else common.count(n), style=style if n and a != b else ""))
            grid.add_row(common.visible(a), *cells)
        console.print(grid)
    if result.brackets:
        console.print(Text(common.brackets_line(result)))


def print_brackets(result: MergeResult, console: Console) -> None:
    """The disputed passages (as the text report, their text in the disputed style)."""
    for item in reports.bracket_reports(result):
        console.print(
            Text.assemble(
                (common.visible(item.bracket.label), "amend.number"),
                f"  {item.outcome.value}  ",
                (common.visible(item.text), "amend.disputed"),
            )
        )
        for edit, touch in item.touches:
            console.print(
                Text(
                    f"      {common.visible(edit.edit.id)} ({edit.status.value}): "
                    f"{common.visible(edit.edit.source)} {reports.touch_text(touch)}"
                )
            )
        if not item.touches:
            console.print(Text("      no proposal touches it", style="amend.note"))
    console.print(Text(common.brackets_line(result)))


def _pair_list(title: str, counts: dict[tuple[str, str], int], style: str) -> Table | Text:
    """The pairs of groups that clash (or agree), most first: for more groups than a table can show."""
    found = common.pairs(counts)
    if not found:
        return Text.assemble((title, "italic"), ": none")
    table = Table(title=title, title_justify="left")
    table.add_column("groups")
    table.add_column("pairs of edits", justify="right")
    for a, b, n in found:
        table.add_row(f"{common.visible(a)} × {common.visible(b)}", Text(common.count(n), style=style))
    return table


def print_next_draft(draft: NextDraft, console: Console) -> None:
    """The next draft: clean paragraphs, its brackets in the disputed style, then what each new one holds."""
    console.print(Text(common.visible(draft.document), style="amend.title"))
    if draft.version:
        console.print(Text(common.visible(draft.version), style="amend.note"))
    console.print(Text(common.NEXT_DRAFT_NOTE, style="amend.note"))
    console.print()
    for paragraph in draft.paragraphs:
        if paragraph.heading:
            console.print(Text(common.visible(paragraph.heading), style="amend.heading"))
        line = Text(f"{common.visible(paragraph.number):<5} ", style="amend.number")
        line.append_text(_disputed_text(paragraph.text, paragraph.number))
        console.print(line)
        console.print()
    for bracket in draft.new_brackets:
        console.print(Text(common.visible(common.new_bracket_head(bracket)), style="amend.label"))
        for option in common.new_option_lines(bracket):
            console.print(Text("  " + common.visible(option)))
    for item in draft.unbracketed:
        console.print(Text(common.visible(common.unbracketed_line(item)), style="amend.warning"))
    for missing in draft.not_placed:
        console.print(Text(f"not placed: {common.visible(common.not_placed_head(missing))}", style="amend.warning"))


def _disputed_text(text: str, number: str) -> Text:
    """A paragraph's text with each outermost bracketed passage in the disputed style."""
    shown = common.visible(text)  # escapes add no bracket: the passages are the same, at their shown places
    out = Text(shown)
    for passage in brackets.parse(shown, number).brackets:
        if passage.parent is None:
            out.stylize("amend.disputed", passage.start, passage.end)
    return out
