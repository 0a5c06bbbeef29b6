"""The command line: parse options, call the library, pick a renderer, decide the exit code."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Sequence
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, NoReturn

import typer
from rich.console import Console

from . import __version__, collector, nextdraft, reports
from . import decisions as record_decision
from .contradictions import describe
from .errors import ItuAmendError, UsageError
from .loading import (
    MAX_FILE_BYTES,
    Inputs,
    did_you_mean,
    find_baseline,
    find_proposals,
    load_baseline,
    load_inputs,
    load_proposals,
)
from .merging import merge
from .model import Decision, MergeResult
from .output import write_atomically
from .render import html, jsonout, markdown, progress, terminal, text, yamlout
from .render.common import visible

if TYPE_CHECKING:
    from .importing import Imported

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    help="Consolidate amendment proposals (ADD/MOD/SUP/NOC) into a baseline text, and report where groups clash.",
)


Renderer = Callable[[MergeResult], str | bytes]


class Format(str, Enum):
    terminal = "terminal"
    text = "text"
    markdown = "markdown"
    html = "html"
    json = "json"
    docx = "docx"
    yaml = "yaml"


MERGE_RENDERERS: dict[Format, Renderer] = {
    Format.text: text.render_merge,
    Format.json: jsonout.render_merge,
    Format.markdown: markdown.render_merge,
    Format.html: html.render_merge,
    Format.docx: lambda result: _docx_renderer()(result, None),
}


def _docx_renderer() -> Callable[[MergeResult, progress.Report | None], bytes]:
    """Imported when asked for: python-docx and lxml cost ~0.13 s at every start otherwise."""
    from .render import docx

    return docx.render_merge


def _next_docx() -> Callable[[nextdraft.NextDraft, progress.Report | None], bytes]:
    from .render import docx  # see _docx_renderer

    return docx.render_next_draft


NEXT_DRAFT_RENDERERS: dict[Format, Renderer] = {
    Format.text: lambda result: text.render_next_draft(nextdraft.build(result)),
    Format.docx: lambda result: _next_docx()(nextdraft.build(result), None),
    Format.yaml: lambda result: yamlout.render_next_draft(nextdraft.build(result)),
}
"""The next draft is built from the merge by the library, then rendered."""


RENDERING = {
    Format.text: "Writing the text",
    Format.json: "Writing the JSON",
    Format.markdown: "Writing the Markdown",
    Format.html: "Writing the HTML page",
    Format.docx: "Writing the Word document",
    Format.yaml: "Writing the YAML",
}
"""What the progress display calls the rendering of each format."""


CONFLICTS_RENDERERS: dict[Format, Renderer] = {
    Format.text: text.render_conflicts,
    Format.json: jsonout.render_conflicts,
    Format.markdown: markdown.render_conflicts,
    Format.html: html.render_conflicts,
}

CHECK_RENDERERS: dict[Format, Renderer] = {Format.text: text.render_check, Format.json: jsonout.render_check}
STATS_RENDERERS: dict[Format, Renderer] = {Format.text: text.render_stats, Format.json: jsonout.render_stats}
SHOW_FORMATS = (Format.terminal, Format.text, Format.json)
DECISIONS_RENDERERS: dict[Format, Renderer] = {
    Format.text: text.render_decisions,
    Format.json: jsonout.render_decisions,
}
"""(The text renderer is given the decisions file's path by the command.)"""

SUFFIX_FORMATS = {
    ".txt": Format.text,
    ".text": Format.text,
    ".md": Format.markdown,
    ".markdown": Format.markdown,
    ".html": Format.html,
    ".htm": Format.html,
    ".json": Format.json,
    ".docx": Format.docx,
    ".yaml": Format.yaml,
    ".yml": Format.yaml,
}
"""What an output file's extension says its format is; other extensions get plain text (and so does
YAML's for a command that does not write YAML: `merge -o out.yaml` has always written text)."""


def offered(renderers: dict[Format, Renderer]) -> tuple[Format, ...]:
    """The formats of a command: the terminal, and those it has a renderer for, in `Format` order."""
    return tuple(f for f in Format if f is Format.terminal or f in renderers)


def format_option(formats: Sequence[Format]) -> Any:
    """`--format`/`-f`, its help listing only these formats (case does not matter)."""
    return typer.Option(
        "--format",
        "-f",
        metavar="[" + "|".join(f.value for f in formats) + "]",
        help="Output format (default: from -o's extension, else terminal).",
        show_default=False,
    )


BaselineOpt = Annotated[Path, typer.Option("--baseline", help="Baseline YAML file, or a folder holding one.")]
ProposalsOpt = Annotated[Path, typer.Option("--proposals", help="Folder of proposal YAML files (or one file).")]
DecisionsOpt = Annotated[Path, typer.Option("--decisions", help="Decisions file; ignored when absent.")]
MergeFormatOpt = Annotated[str | None, format_option(offered(MERGE_RENDERERS))]
ConflictsFormatOpt = Annotated[str | None, format_option(offered(CONFLICTS_RENDERERS))]
ReportFormatOpt = Annotated[str | None, format_option(offered(CHECK_RENDERERS))]
NextDraftFormatOpt = Annotated[str | None, format_option(offered(NEXT_DRAFT_RENDERERS))]
OutputOpt = Annotated[
    Path | None, typer.Option("--output", "-o", help="Write to FILE (atomically) instead of the terminal.")
]

GroupOpt = Annotated[
    list[str] | None,
    typer.Option("--group", "-g", help="Only what this group is in, any case (repeatable)."),
]
DecisionsFormatOpt = Annotated[str | None, format_option(offered(DECISIONS_RENDERERS))]

MaxSizeOpt = Annotated[
    int, typer.Option("--max-file-size", min=1, help="Refuse an input file larger than this many MB.")
]
JobsOpt = Annotated[
    int,
    typer.Option(
        "--jobs", "-j", min=0, help="Anchor on this many processes (0: every core, 8 at most, from 500 edits)."
    ),
]
DEFAULT_MAX_MB = MAX_FILE_BYTES // 1_000_000
DEFAULT_BASELINE = Path("baseline")
DEFAULT_PROPOSALS = Path("proposals")
DEFAULT_DECISIONS = Path("decisions.yaml")

EXIT_OK, EXIT_NEEDS_EDITOR, EXIT_INVALID = 0, 1, 2
EXIT_INTERRUPTED = 130  # 128 + SIGINT, as shells report Ctrl-C


def _version(value: bool) -> None:
    if value:
        typer.echo(f"itu-amend {__version__}")
        raise typer.Exit()


@app.callback()
def main(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Show the version.")
    ] = False,
) -> None:
    """Consolidate amendment proposals into a baseline text."""


@app.command("merge", short_help="The consolidated text, every change tagged with its group.")
def merge_command(
    baseline: BaselineOpt = DEFAULT_BASELINE,
    proposals: ProposalsOpt = DEFAULT_PROPOSALS,
    decisions: DecisionsOpt = DEFAULT_DECISIONS,
    max_file_size: MaxSizeOpt = DEFAULT_MAX_MB,
    jobs: JobsOpt = 0,
    format: MergeFormatOpt = None,
    output: OutputOpt = None,
    only_changed: Annotated[
        bool, typer.Option("--only-changed", help="Only paragraphs that changed, were added or are in conflict.")
    ] = False,
    group: GroupOpt = None,
    paragraph: Annotated[
        list[str] | None,
        typer.Option("--paragraph", "-p", help="Only this paragraph or range, e.g. 33 or 30-33 (repeatable)."),
    ] = None,
    strict: Annotated[
        bool,
        typer.Option(
            "--strict", help="Exit 1 if a conflict is unresolved or an edit is stale, ambiguous or unanchored."
        ),
    ] = False,
) -> None:
    """Print the consolidated text: every change tagged with its group, conflicts as alternatives.

    Example: itu-amend merge --format json -o consolidated.json
    """
    chosen = _format(format, output, "merge", offered(MERGE_RENDERERS))
    inputs, result = _run(baseline, proposals, decisions, max_file_size, jobs)
    try:
        shown = reports.select(result, only_changed, group or (), paragraph or ())
    except ItuAmendError as error:
        _fail(error)
    _emit(
        inputs,
        shown,
        chosen,
        output,
        MERGE_RENDERERS,
        terminal.print_merge,
        docx=lambda r, report: _docx_renderer()(r, report),
    )
    _exit(EXIT_NEEDS_EDITOR if strict and result.needs_editor else EXIT_OK)


@app.command("conflicts", short_help="The voting list: each conflict's options; exit 1 while open.")
def conflicts_command(
    baseline: BaselineOpt = DEFAULT_BASELINE,
    proposals: ProposalsOpt = DEFAULT_PROPOSALS,
    decisions: DecisionsOpt = DEFAULT_DECISIONS,
    max_file_size: MaxSizeOpt = DEFAULT_MAX_MB,
    jobs: JobsOpt = 0,
    format: ConflictsFormatOpt = None,
    output: OutputOpt = None,
    group: GroupOpt = None,
) -> None:
    """Report every conflict with its alternatives and rationales; exit 1 while one is unresolved.

    With --group, only the conflicts that group is in (and the exit code is theirs).

    Example: itu-amend conflicts --group RAG --format json
    """
    chosen = _format(format, output, "conflicts", offered(CONFLICTS_RENDERERS))
    inputs, result = _run(baseline, proposals, decisions, max_file_size, jobs)
    try:
        shown = reports.select_conflicts(result, group or ())
    except ItuAmendError as error:
        _fail(error)
    _emit(inputs, shown, chosen, output, CONFLICTS_RENDERERS, terminal.print_conflicts)
    _exit(EXIT_NEEDS_EDITOR if shown.unresolved else EXIT_OK)


@app.command("check", short_help="How each edit anchored; exit 1 if anything needs the editor.")
def check_command(
    baseline: BaselineOpt = DEFAULT_BASELINE,
    proposals: ProposalsOpt = DEFAULT_PROPOSALS,
    decisions: DecisionsOpt = DEFAULT_DECISIONS,
    max_file_size: MaxSizeOpt = DEFAULT_MAX_MB,
    jobs: JobsOpt = 0,
    format: ReportFormatOpt = None,
    output: OutputOpt = None,
) -> None:
    """Validate every file and show how each edit anchored (paragraph, score, status, reason).

    Exits 1 if a conflict is unresolved or an edit is stale, ambiguous or unanchored.

    Example: itu-amend check --proposals proposals/
    """
    chosen = _format(format, output, "check", offered(CHECK_RENDERERS))
    inputs, result = _run(baseline, proposals, decisions, max_file_size, jobs)
    _emit(inputs, result, chosen, output, CHECK_RENDERERS, terminal.print_check)
    _exit(EXIT_NEEDS_EDITOR if result.needs_editor else EXIT_OK)


@app.command("show", short_help="One paragraph: baseline, merged text, its edits and conflicts.")
def show_command(
    number: Annotated[str, typer.Argument(help="Paragraph number, as in the merged text (e.g. 33 or 33A).")],
    baseline: BaselineOpt = DEFAULT_BASELINE,
    proposals: ProposalsOpt = DEFAULT_PROPOSALS,
    decisions: DecisionsOpt = DEFAULT_DECISIONS,
    max_file_size: MaxSizeOpt = DEFAULT_MAX_MB,
    jobs: JobsOpt = 0,
    format: ReportFormatOpt = None,
    output: OutputOpt = None,
) -> None:
    """Show one paragraph: baseline text, merged text, and every edit and conflict touching it.

    Example: itu-amend show 33
    """
    chosen = _format(format, output, "show", SHOW_FORMATS)
    inputs, result = _run(baseline, proposals, decisions, max_file_size, jobs)
    try:
        number = reports.paragraph_number(number, [p.number for p in result.paragraphs])
    except ItuAmendError as error:
        _fail(error)
    _emit(
        inputs,
        result,
        chosen,
        output,
        {Format.text: lambda r: text.render_show(r, number), Format.json: lambda r: jsonout.render_show(r, number)},
        lambda r, c: terminal.print_show(r, number, c),
    )


@app.command("stats", short_help="Per group: edits by outcome; who clashes, who agrees.")
def stats_command(
    baseline: BaselineOpt = DEFAULT_BASELINE,
    proposals: ProposalsOpt = DEFAULT_PROPOSALS,
    decisions: DecisionsOpt = DEFAULT_DECISIONS,
    max_file_size: MaxSizeOpt = DEFAULT_MAX_MB,
    jobs: JobsOpt = 0,
    format: ReportFormatOpt = None,
    output: OutputOpt = None,
) -> None:
    """Per group: edits proposed, applied, already in, in conflict, stale, unanchored; who clashes and agrees with whom.

    Example: itu-amend stats --format json
    """
    chosen = _format(format, output, "stats", offered(STATS_RENDERERS))
    inputs, result = _run(baseline, proposals, decisions, max_file_size, jobs)
    _emit(inputs, result, chosen, output, STATS_RENDERERS, terminal.print_stats)


BRACKETS_RENDERERS: dict[Format, Renderer] = {Format.text: text.render_brackets, Format.json: jsonout.render_brackets}


@app.command("next-draft", short_help="The next draft: changes accepted, open conflicts bracketed.")
def next_draft_command(
    baseline: BaselineOpt = DEFAULT_BASELINE,
    proposals: ProposalsOpt = DEFAULT_PROPOSALS,
    decisions: DecisionsOpt = DEFAULT_DECISIONS,
    max_file_size: MaxSizeOpt = DEFAULT_MAX_MB,
    jobs: JobsOpt = 0,
    format: NextDraftFormatOpt = None,
    output: OutputOpt = None,
) -> None:
    """Write the next draft: every applied change accepted, every open conflict as bracketed options.

    Each option is labelled with its groups ([Option 1 (RAG): ...] [Option 2 (TSAG): ...]), the
    draft's words (no change) last; YAML is a baseline for the next round of proposals.

    Example: itu-amend next-draft -o round-2/baseline/plan.yaml
    """
    chosen = _format(format, output, "next-draft", offered(NEXT_DRAFT_RENDERERS))
    inputs, result = _run(baseline, proposals, decisions, max_file_size, jobs)
    _emit(
        inputs,
        result,
        chosen,
        output,
        NEXT_DRAFT_RENDERERS,
        lambda merged, console: terminal.print_next_draft(nextdraft.build(merged), console),
        docx=lambda merged, report: _next_docx()(nextdraft.build(merged), report),
        next_round=True,
    )
    _exit(EXIT_OK)


@app.command("brackets", short_help="Disputed passages: who touches each, how, what stays open.")
def brackets_command(
    baseline: BaselineOpt = DEFAULT_BASELINE,
    proposals: ProposalsOpt = DEFAULT_PROPOSALS,
    decisions: DecisionsOpt = DEFAULT_DECISIONS,
    max_file_size: MaxSizeOpt = DEFAULT_MAX_MB,
    jobs: JobsOpt = 0,
    format: ReportFormatOpt = None,
    output: OutputOpt = None,
) -> None:
    """List every disputed passage of the baseline ([square brackets]) with the edits that touch it.

    Example: itu-amend brackets --format json
    """
    chosen = _format(format, output, "brackets", offered(BRACKETS_RENDERERS))
    inputs, result = _run(baseline, proposals, decisions, max_file_size, jobs)
    _emit(inputs, result, chosen, output, BRACKETS_RENDERERS, terminal.print_brackets)


@app.command("resolve", short_help="Record a decision in decisions.yaml; say what now applies.")
def resolve_command(
    conflict: Annotated[
        str | None, typer.Argument(help="A conflict id as in the voting list (with --option), e.g. C2.")
    ] = None,
    option: Annotated[
        str | None, typer.Option("--option", help="The option to adopt, lettered as in the voting list, e.g. B.")
    ] = None,
    accept: Annotated[
        str | None, typer.Option("--accept", help="Edit id to adopt: the other alternatives of its conflicts fall.")
    ] = None,
    reject: Annotated[str | None, typer.Option("--reject", help="Edit id to reject.")] = None,
    paragraph: Annotated[
        str | None, typer.Option("--paragraph", help="Paragraph number for a compromise text.")
    ] = None,
    text_: Annotated[str | None, typer.Option("--text", help="The compromise text (with --paragraph).")] = None,
    text_file: Annotated[
        Path | None, typer.Option("--text-file", help="Read the compromise text from a UTF-8 file.")
    ] = None,
    note: Annotated[
        str | None, typer.Option("--note", help="Why: kept in decisions.yaml and shown in reports.")
    ] = None,
    replace: Annotated[
        bool, typer.Option("--replace", help="Let this decision take the place of the recorded ones it contradicts.")
    ] = False,
    baseline: BaselineOpt = DEFAULT_BASELINE,
    proposals: ProposalsOpt = DEFAULT_PROPOSALS,
    decisions: DecisionsOpt = DEFAULT_DECISIONS,
    max_file_size: MaxSizeOpt = DEFAULT_MAX_MB,
    jobs: JobsOpt = 0,
) -> None:
    """Record a decision in decisions.yaml (comments and order kept), then say what now applies.

    A decision that contradicts a recorded one is refused, naming it; --replace
    records the new one in its place. Repeating a decision keeps it and its note.

    Examples: itu-amend resolve C2 --option B --note "agreed at the fifth meeting";
    itu-amend resolve --accept TSAG/2; itu-amend resolve --paragraph 33 --text-file compromise.txt
    """
    ruling = _decision(accept, reject, paragraph, text_, text_file, note, conflict, option)
    _inputs, result = _run(baseline, proposals, decisions, max_file_size, jobs)
    try:
        if ruling is None:
            assert conflict is not None and option is not None
            wanted = record_decision.for_option(result, conflict, option, note)
        else:
            wanted = (record_decision.check_decision(ruling, result),)
        steps = record_decision.plan(wanted, result, replace)
        record_decision.record(decisions, steps)
    except ItuAmendError as error:
        _fail(error)
    _, after = _run(baseline, proposals, decisions, max_file_size, jobs)
    _report_resolved(decisions, steps, result, after)


def _report_resolved(
    path: Path, steps: Sequence[record_decision.Step], before: MergeResult, after: MergeResult
) -> None:
    """What was recorded, which conflicts it settled and what now applies in each, what stays open."""
    changed = [c for c in after.conflicts if _adopted(after, c.id) != _adopted(before, c.id)]
    settled = [c.id for c in changed if c.resolved]
    for step in steps:
        typer.echo(visible(_step_line(path, step)))
    unchanged = {record_decision.StepKind.KEEP, record_decision.StepKind.NOTE}
    if not settled and all(step.kind in unchanged for step in steps):
        kept = {_ruled(step.decision) for step in steps}  # a repeat: what it settled, it settles still
        bears = {c for r in reports.rulings(after) if _ruled(r.decision) in kept for c in r.conflicts}
        settled = [c.id for c in after.conflicts if c.id in bears and c.resolved]
        typer.echo(f"settles {', '.join(settled)}, as before" if settled else "settles no conflict")
    else:
        typer.echo(f"settles {', '.join(settled)}" if settled else "settles no conflict")
    for conflict in changed:
        found = reports.settlement(after, conflict)
        line = reports.what_applies(found) if found is not None else "open again"
        typer.echo(visible(f"{conflict.id}: {line}"))
    open_ = len(after.unresolved)
    typer.echo(f"{open_} conflict{'s' * (open_ != 1)} still unresolved")


def _ruled(decision: Decision) -> tuple[str | None, str | None, str | None]:
    """What a decision rules on, whatever its note."""
    return decision.accept, decision.reject, decision.paragraph


def _adopted(result: MergeResult, conflict_id: str) -> tuple[str, ...] | None:
    conflict = next(c for c in result.conflicts if c.id == conflict_id)
    found = reports.settlement(result, conflict)
    if found is None:
        return None
    return ("compromise",) if found.compromise is not None else tuple(o.label for o in found.adopted)


def _step_line(path: Path, step: record_decision.Step) -> str:
    what = describe(step.decision)
    earlier = step.earlier[0].position if step.earlier and step.earlier[0].position else path
    if step.kind is record_decision.StepKind.KEEP:
        return f"already recorded at {earlier}: {what} (unchanged)"
    if step.kind is record_decision.StepKind.NOTE:
        return f"note added to {what} at {earlier}"
    if step.kind is record_decision.StepKind.REPLACE:
        replaced = ", ".join(describe(d) for d in step.earlier)
        return f"recorded in {path}: {what}, in place of {replaced}"
    return f"recorded in {path}: {what}"


def _decision(
    accept: str | None,
    reject: str | None,
    paragraph: str | None,
    text_: str | None,
    text_file: Path | None,
    note: str | None,
    conflict: str | None = None,
    option: str | None = None,
) -> Decision | None:
    """The decision the options give, or None for an option of a conflict (known once merged)."""
    by_option = conflict is not None or option is not None
    if sum(x is not None for x in (accept, reject, paragraph)) + by_option != 1:
        _fail(
            UsageError(
                "give exactly one of CONFLICT --option LETTER, --accept ID, --reject ID "
                "or --paragraph N (with --text or --text-file)"
            )
        )
    if by_option and (conflict is None or option is None):
        _fail(UsageError("a conflict and its option go together: e.g. itu-amend resolve C2 --option B"))
    if paragraph is not None and (text_ is None) == (text_file is None):
        _fail(UsageError("--paragraph needs the compromise text: --text TEXT or --text-file FILE"))
    if paragraph is None and (text_ is not None or text_file is not None):
        _fail(UsageError("--text and --text-file go with --paragraph N"))
    if by_option:
        return None
    if text_file is not None:
        try:
            text_ = text_file.read_text(encoding="utf-8-sig").strip()
        except (OSError, UnicodeDecodeError) as error:
            _fail(UsageError(f"{text_file}: cannot read the text ({error.__class__.__name__}): give a UTF-8 text file"))
    return Decision(accept=accept, reject=reject, paragraph=paragraph, text=text_, note=note)


@app.command("review", short_help="The meeting room: settle the conflicts one by one, full screen.")
def review_command(
    baseline: BaselineOpt = DEFAULT_BASELINE,
    proposals: ProposalsOpt = DEFAULT_PROPOSALS,
    decisions: DecisionsOpt = DEFAULT_DECISIONS,
    max_file_size: MaxSizeOpt = DEFAULT_MAX_MB,
    jobs: JobsOpt = 0,
) -> None:
    """Open the meeting room: each conflict with its options as the voting list letters them; a key decides.

    A letter adopts that option (keeping the text included), e writes a compromise,
    n a note, u undoes, / jumps, ? lists the keys. Every decision is written to
    decisions.yaml at once, as resolve writes it; reopening resumes at the first open
    conflict. Needs a terminal: from a script, use resolve.

    Example: itu-amend review --decisions decisions.yaml
    """
    if not _interactive():
        _fail(UsageError("itu-amend review needs a terminal (this is a pipe or a file): use itu-amend resolve"))
    from .meeting import Room  # Textual is imported only here: every other command starts without it
    from .tui import MeetingApp

    try:
        with progress.shown() as report:
            room = Room.open(baseline, proposals, decisions, max_file_size * 1_000_000, report, jobs or None)
            result = room.merged()
    except ItuAmendError as error:
        _fail(error)
    MeetingApp(room, result).run()


def _interactive() -> bool:
    """Whether a person is at a terminal: stdin and stdout both one, and not a dumb one."""
    return sys.stdin.isatty() and sys.stdout.isatty() and os.environ.get("TERM", "") != "dumb"


@app.command("decisions", short_help="List the recorded decisions and what each one settles.")
def decisions_command(
    baseline: BaselineOpt = DEFAULT_BASELINE,
    proposals: ProposalsOpt = DEFAULT_PROPOSALS,
    decisions: DecisionsOpt = DEFAULT_DECISIONS,
    max_file_size: MaxSizeOpt = DEFAULT_MAX_MB,
    jobs: JobsOpt = 0,
    format: DecisionsFormatOpt = None,
    output: OutputOpt = None,
) -> None:
    """List the recorded decisions and the conflicts each one settles.

    Example: itu-amend decisions --format json
    """
    chosen = _format(format, output, "decisions", offered(DECISIONS_RENDERERS))
    inputs, result = _run(baseline, proposals, decisions, max_file_size, jobs)
    renderers: dict[Format, Renderer] = {
        Format.text: lambda r: text.render_decisions(r, str(decisions)),
        Format.json: jsonout.render_decisions,
    }
    _emit(
        inputs,
        result,
        chosen,
        output,
        renderers,
        lambda r, c: c.print(
            text.render_decisions(r, str(decisions)), end="", markup=False, highlight=False, soft_wrap=True
        ),
    )


# --- Word in: import ----------------------------------------------------------------


class Mark(str, Enum):
    """Run formatting that can mark deleted or inserted text in an imported document."""

    strike = "strike"
    double_strike = "double-strike"
    highlight = "highlight"
    underline = "underline"
    shading = "shading"
    bold = "bold"
    italic = "italic"
    color = "color"
    none = "none"


@app.command("import", short_help="Turn a marked-up Word document into a proposal file.")
def import_command(
    file: Annotated[Path, typer.Argument(help="The Word document (.docx) holding the proposed changes.")],
    source: Annotated[str, typer.Option("--source", "-s", help="The proposing group, e.g. TSAG.")],
    document: Annotated[str | None, typer.Option("--document", help="The contribution's reference.")] = None,
    date: Annotated[str | None, typer.Option("--date", help="The proposal's date, YYYY-MM-DD.")] = None,
    deletion: Annotated[
        list[Mark] | None,
        typer.Option(
            "--deletion",
            help="Formatting that marks deleted text (repeatable; default: strike, double-strike, "
            "read only in a document without tracked changes; none: tracked changes only).",
        ),
    ] = None,
    insertion: Annotated[
        list[Mark] | None,
        typer.Option(
            "--insertion",
            help="Formatting that marks inserted text (repeatable; default: highlight, underline, "
            "read only in a document without tracked changes; none: tracked changes only).",
        ),
    ] = None,
    baseline: BaselineOpt = DEFAULT_BASELINE,
    output: OutputOpt = None,
) -> None:
    """Turn a marked-up Word document into a proposal file: tracked changes, struck and highlighted text become edits.

    Each edit is anchored against the baseline to give its paragraph number.

    Example: itu-amend import tsag-ls.docx --source TSAG --date 2026-02-11 -o proposals/tsag.yaml
    """
    from .importing import Convention, ProposalHeader, check_date, import_proposal  # python-docx: see _docx_renderer

    try:
        if not source.strip():
            raise UsageError("--source must name the proposing group, e.g. --source TSAG")
        header = ProposalHeader(source.strip(), document, check_date(date))
        convention = (
            None  # by the document: its tracked changes alone if it has any, else its formatting too
            if deletion is None and insertion is None
            else Convention(_marks(deletion, Convention.deletion), _marks(insertion, Convention.insertion))
        )
        loaded = load_baseline(find_baseline(baseline))
        imported = import_proposal(file, loaded, header, convention, _ids_beside(output, Path(loaded.path)))
    except ItuAmendError as error:
        _fail(error)
    _write_imported(imported, output, [file, Path(loaded.path)])


def _ids_beside(output: Path | None, baseline: Path) -> frozenset[str]:
    """Edit ids of the proposals already in the folder an import writes to.

    Not of the file it replaces, nor of the baseline when it lies in that folder too.
    """
    if output is None or not output.parent.is_dir():
        return frozenset()
    try:
        beside = find_proposals(output.parent)
    except UsageError:  # no proposals there yet
        return frozenset()
    others = [p for p in beside if p.resolve() not in (output.resolve(), baseline.resolve())]
    return frozenset(e.id for p in load_proposals(others) for e in p.edits) if others else frozenset()


class TrackChanges(str, Enum):
    """How `baseline import` reads a Word draft's tracked changes (as pandoc's --track-changes)."""

    accept = "accept"
    reject = "reject"


baseline_app = typer.Typer(no_args_is_help=True, rich_markup_mode=None, help="Make a baseline file from a draft.")
app.add_typer(baseline_app, name="baseline")


@baseline_app.command("import")
def baseline_import_command(
    file: Annotated[Path, typer.Argument(help="The draft: a Word document (.docx) or a UTF-8 text file (.txt).")],
    document: Annotated[
        str | None,
        typer.Option("--document", help="The draft's title (default: the document's title, else its file name)."),
    ] = None,
    draft_version: Annotated[
        str | None, typer.Option("--draft-version", help="Which version of the draft this is.")
    ] = None,
    track_changes: Annotated[
        TrackChanges,
        typer.Option(
            "--track-changes",
            help="Read a Word draft's tracked changes as accepted (the draft as it will read) or rejected "
            "(as it read before them), paragraphs split or joined by a tracked paragraph mark included.",
        ),
    ] = TrackChanges.accept,
    output: OutputOpt = None,
) -> None:
    """Make a baseline file from a draft: a paragraph per entry, numbered as in the text (else in order).

    Example: itu-amend baseline import draft-annex-1.docx --track-changes accept -o baseline/plan.yaml
    """
    from .importing import import_baseline  # python-docx: see _docx_renderer

    try:
        imported = import_baseline(file, document, draft_version, track_changes.value)
    except ItuAmendError as error:
        _fail(error)
    _write_imported(imported, output, [file])


def _marks(chosen: list[Mark] | None, default: frozenset[str]) -> frozenset[str]:
    if chosen is None:
        return default
    return frozenset(m.value for m in chosen if m is not Mark.none)


def _write_imported(imported: Imported, output: Path | None, protected: list[Path]) -> None:
    """The YAML to `output` (or stdout); warnings and a one-line summary on stderr."""
    for warning in imported.warnings:
        typer.echo(visible(f"warning: {warning}"), err=True)
    if output is None:
        sys.stdout.write(imported.yaml)
        return
    try:
        write_atomically(output, imported.yaml, protected=protected)
    except ItuAmendError as error:
        _fail(error)
    typer.echo(visible(f"wrote {output}: {imported.summary}"), err=True)


# --- plumbing -------------------------------------------------------------------------


def _run(baseline: Path, proposals: Path, decisions: Path, max_file_size: int, jobs: int) -> tuple[Inputs, MergeResult]:
    """Load and merge (with progress on a terminal, erased before the error or the output), exit 2 on bad input.

    The baseline's warnings (brackets that do not pair) go to stderr, each with its place.
    """
    try:
        with progress.shown() as report:
            inputs = load_inputs(baseline, proposals, decisions, max_file_size * 1_000_000)
            merged = merge(inputs, progress=report, jobs=jobs or None)
    except ItuAmendError as error:
        _fail(error)
    for warning in inputs.baseline.warnings:
        typer.echo(visible(reports.warning_line(warning)), err=True)
    return inputs, merged


def _emit(
    inputs: Inputs,
    result: MergeResult,
    format: Format,
    output: Path | None,
    renderers: dict[Format, Renderer],
    on_terminal: Callable[[MergeResult, Console], None],
    docx: Callable[[MergeResult, progress.Report | None], bytes] | None = None,
    next_round: bool = False,
) -> None:
    """Render `result` in the chosen format to the terminal, stdout or `output`.

    `docx` renders Word with a progress bar of its paragraphs; `next_round` says the output is a
    next draft, for which a refused folder comes with where to put it instead.
    """
    if format is Format.terminal and output is None:
        console = terminal.make_console()
        if console.is_terminal:
            on_terminal(result, console)
            return
    if format is Format.terminal:
        format = Format.text  # in a pipe or a file, marks must survive without colour
    try:
        with progress.shown() as display:  # erased before anything is printed
            report = display.phase(RENDERING[format])
            with collector.paused():  # a renderer builds a large text and no reference cycles: see `collector`
                rendered = docx(result, report) if format is Format.docx and docx else renderers[format](result)
            if output is not None:
                _refuse_input_folder(output, inputs, next_round)
                display.phase(f"Writing {output.name}")
                write_atomically(output, rendered, protected=_input_files(inputs))
    except ItuAmendError as error:
        _fail(error)
    if output is None:
        if isinstance(rendered, bytes):
            _fail(UsageError(f"--format {format.value} writes a file: give one with -o FILE"))
        sys.stdout.write(rendered)


def _format(asked: str | None, output: Path | None, command: str, formats: Sequence[Format]) -> Format:
    """The format asked for (any case), else the one `output`'s extension says, else the terminal.

    Checked before anything is loaded: a mistyped format should not cost a merge.
    """
    try:
        return choose_format(asked, output, command, formats)
    except ItuAmendError as error:
        _fail(error)


def choose_format(asked: str | None, output: Path | None, command: str, formats: Sequence[Format]) -> Format:
    implied = SUFFIX_FORMATS.get(output.suffix.lower()) if output is not None else None
    if implied is Format.yaml and implied not in formats:
        implied = None
    if asked is None:
        chosen = implied or Format.terminal
    else:
        names = [f.value for f in Format]
        if asked.lower() not in names:
            hint = did_you_mean(asked.lower(), [f.value for f in formats])
            raise UsageError(f"--format {asked} is not a format of {command}{hint}: use {_either(formats)}")
        chosen = Format(asked.lower())
        plain = chosen is Format.terminal and implied is Format.text
        if implied is not None and chosen is not implied and not plain:
            raise UsageError(
                f"--format {chosen.value} contradicts {output}, whose extension means {implied.value}: "
                "drop --format or rename the file"
            )
    if chosen not in formats:
        raise UsageError(f"--format {chosen.value} is not offered by {command}: use {_either(formats)}")
    return chosen


def _either(formats: Sequence[Format]) -> str:
    """'terminal, text or json'."""
    names = [f.value for f in formats]
    return ", ".join(names[:-1]) + " or " + names[-1] if len(names) > 1 else names[0]


def _refuse_input_folder(output: Path, inputs: Inputs, next_round: bool = False) -> None:
    """A YAML file written into baseline/ or proposals/ would be read as an input by the next run.

    A next draft there would be a second baseline beside this round's (SPEC: The next draft):
    the editor is told to start the next round in a folder of its own.
    """
    if output.suffix.lower() not in (".yaml", ".yml") or output.exists():
        return  # an existing file: write_atomically refuses it if it is an input
    folders = {Path(inputs.baseline.path).resolve().parent} | {Path(p.path).resolve().parent for p in inputs.proposals}
    if output.resolve().parent not in folders:
        return
    message = f"{output}: would be read as an input next time; write it outside {output.parent}/"
    if next_round:
        message = (
            f"{output}: would be read as an input next time, beside this round's files in {output.parent}/; "
            "start the next round in a folder of its own: "
            f"mkdir -p round-2/baseline && itu-amend next-draft -o round-2/baseline/{output.name}"
        )
    raise UsageError(message)


def _input_files(inputs: Inputs) -> list[Path]:
    files = [Path(inputs.baseline.path), *(Path(p.path) for p in inputs.proposals)]
    return files + ([Path(inputs.decisions_path)] if inputs.decisions_path else [])


def _fail(error: ItuAmendError) -> NoReturn:
    typer.echo(str(error), err=True)
    raise typer.Exit(EXIT_INVALID)


def _exit(code: int) -> NoReturn:
    raise typer.Exit(code)


def run() -> None:
    """Console-script entry point: on Ctrl-C, no traceback but a word on stderr, and exit 130.

    Typer turns Ctrl-C inside a command into a silent exit 130; a user who
    stopped a long merge should see that it stopped (output files are written
    whole or not at all).
    """
    try:
        app()
    except KeyboardInterrupt:
        _interrupted()
    except SystemExit as done:
        if done.code == EXIT_INTERRUPTED:
            _interrupted()
        raise


def _interrupted() -> NoReturn:
    sys.stderr.write("itu-amend: interrupted\n")
    sys.exit(EXIT_INTERRUPTED)
