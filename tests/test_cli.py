"""The command line: exit codes, one-line errors on stderr, files written safely, document text shown as data."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from itu_amend.cli import app
from itu_amend.render import progress

from .conftest import Workspace

PEOPLE = "The main focus of the organization is its people and their skills."
FINANCES = "ITU will manage its finances with care and transparency for members."
PLAIN_ENV = {"NO_COLOR": None, "FORCE_COLOR": None, "TTY_COMPATIBLE": None, "COLUMNS": "200"}
TERMINAL_ENV = {**PLAIN_ENV, "FORCE_COLOR": "1"}
ANSI = re.compile(r"\x1b\[[0-9;]*m")


def mod(source: str, text: str, paragraph: str = "1", rationale: str = "", title: str = "") -> str:
    """A proposal of one MOD edit; the values are written as YAML double-quoted strings."""
    top = f'source: "{source}"\n' + (f'title: "{title}"\n' if title else "")
    edit = f'  - action: MOD\n    paragraph: "{paragraph}"\n    text: "{text}"\n'
    return top + "edits:\n" + edit + (f'    rationale: "{rationale}"\n' if rationale else "")


STAFF = mod("TSAG", "is its {--people--}{++staff++} and")
MEMBERS = mod("RAG", "is its {--people--}{++members++} and")


def run(workspace: Workspace, *args: str, env: dict[str, str | None] | None = None) -> Result:
    return CliRunner().invoke(app, [*args, *workspace.args()], env=env or PLAIN_ENV)


@pytest.fixture
def clean(workspace: Workspace) -> Workspace:
    """One applied edit, nothing for the editor."""
    workspace.paragraphs(PEOPLE, FINANCES)
    workspace.proposal("tsag.yaml", STAFF)
    return workspace


@pytest.fixture
def clash(workspace: Workspace) -> Workspace:
    """Two groups replace the same word differently: one unresolved conflict."""
    workspace.paragraphs(PEOPLE, FINANCES)
    workspace.proposal("rag.yaml", MEMBERS)
    workspace.proposal("tsag.yaml", STAFF)
    return workspace


# --- exit codes ---------------------------------------------------------------------------------


def test_merge_exits_0_even_with_a_conflict(clash: Workspace) -> None:
    result = run(clash, "merge", "--format", "text")
    assert result.exit_code == 0
    assert "C1 overlap in paragraph 1 (unresolved)" in result.stdout
    assert result.stderr == ""


def test_merge_strict_exits_1_on_an_unresolved_conflict(clash: Workspace) -> None:
    assert run(clash, "merge", "--strict", "--format", "text").exit_code == 1


def test_merge_strict_exits_0_when_nothing_needs_the_editor(clean: Workspace) -> None:
    assert run(clean, "merge", "--strict", "--format", "text").exit_code == 0


def test_merge_strict_exits_1_on_an_unanchored_edit(clean: Workspace) -> None:
    clean.proposal("rag.yaml", mod("RAG", "No paragraph says anything like this {--at all--}"))
    assert run(clean, "merge", "--strict", "--format", "text").exit_code == 1


def test_already_and_rejected_edits_need_nothing(clash: Workspace) -> None:
    clash.proposal("itu.yaml", mod("ITU", "manage its {--monies--}{++finances++} with", paragraph="2"))
    clash.decisions("decisions:\n  - accept: TSAG/1\n")
    assert run(clash, "merge", "--strict", "--format", "text").exit_code == 0
    assert run(clash, "check", "--format", "text").exit_code == 0


def test_conflicts_exits_1_while_a_conflict_is_unresolved(clash: Workspace) -> None:
    assert run(clash, "conflicts", "--format", "text").exit_code == 1


def test_conflicts_exits_0_once_decided(clash: Workspace) -> None:
    clash.decisions("decisions:\n  - accept: RAG/1\n")
    assert run(clash, "conflicts", "--format", "text").exit_code == 0


def test_conflicts_exits_0_without_conflicts(clean: Workspace) -> None:
    result = run(clean, "conflicts", "--format", "text")
    assert result.exit_code == 0
    assert "No conflicts." in result.stdout


def test_check_exits_1_when_something_needs_the_editor(clash: Workspace) -> None:
    assert run(clash, "check", "--format", "text").exit_code == 1


def test_check_exits_0_when_all_is_well(clean: Workspace) -> None:
    result = run(clean, "check", "--format", "text")
    assert result.exit_code == 0
    assert "TSAG/1" in result.stdout


# --- invalid input: exit 2, one line on stderr ------------------------------------------------------


@pytest.mark.parametrize("command", [["merge"], ["conflicts"], ["check"], ["show", "1"]])
def test_invalid_input_exits_2_with_one_line_on_stderr(clean: Workspace, command: list[str]) -> None:
    path = clean.proposal(
        "bad.yaml", 'source: X\nedits:\n  - action: MOD\n    paragraph: 5.10\n    text: "a {++b++}"\n'
    )
    result = run(clean, *command)
    assert result.exit_code == 2
    assert result.stdout == ""
    message = (
        "'paragraph' must be a paragraph number in quotes, e.g. paragraph: \"5.10\" "
        "(YAML reads 5.10 as a decimal number)"
    )
    assert result.stderr == f"{path}:4:16: {message}\n"
    assert "Traceback" not in result.output
    assert isinstance(result.exception, SystemExit)


def test_a_nul_byte_in_a_file_is_an_input_error_not_a_crash(clean: Workspace) -> None:
    (clean.proposals_dir / "bad.yaml").write_bytes(b"source: X\x00\nedits: []\n")
    result = run(clean, "merge")
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1
    assert result.stderr.startswith(f"{clean.proposals_dir / 'bad.yaml'}:1:")


def test_a_folder_given_as_the_decisions_file_is_a_usage_error(clean: Workspace) -> None:
    clean.decisions_file.mkdir()
    result = run(clean, "merge")
    assert result.exit_code == 2
    assert result.stderr == f"{clean.decisions_file}: is a folder, not a YAML file\n"


def test_show_unknown_number_suggests_the_closest(clean: Workspace) -> None:
    result = run(clean, "show", "10")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr == "no paragraph '10' in the merged text (did you mean '1'?)\n"


def test_show_prints_the_paragraph_and_its_edits(clean: Workspace) -> None:
    result = run(clean, "show", "1", "--format", "text")
    assert result.exit_code == 0
    assert "TSAG/1" in result.stdout
    assert "staff" in result.stdout


# --- writing files --------------------------------------------------------------------------


def test_output_file_gets_what_stdout_would(clean: Workspace) -> None:
    target = clean.root / "out.json"
    result = run(clean, "merge", "--format", "json", "-o", str(target))
    assert result.exit_code == 0
    assert result.stdout == ""
    assert target.read_text(encoding="utf-8") == run(clean, "merge", "--format", "json").stdout


@pytest.mark.parametrize("which", ["proposal", "baseline", "decisions"])
def test_output_never_overwrites_an_input(clean: Workspace, which: str) -> None:
    clean.decisions("decisions: []\n")
    target = {
        "proposal": clean.proposals_dir / "tsag.yaml",
        "baseline": clean.baseline_dir / "plan.yaml",
        "decisions": clean.decisions_file,
    }[which]
    before = target.read_bytes()
    result = run(clean, "merge", "--format", "text", "-o", str(target))
    assert result.exit_code == 2
    assert result.stderr == f"{target}: refusing to overwrite an input file; choose another output file\n"
    assert target.read_bytes() == before


def test_output_never_overwrites_an_input_through_a_hard_link(clean: Workspace) -> None:
    link = clean.root / "linked.yaml"
    os.link(clean.proposals_dir / "tsag.yaml", link)
    result = run(clean, "merge", "--format", "text", "-o", str(link))
    assert result.exit_code == 2
    assert "refusing to overwrite an input file" in result.stderr
    assert link.read_text(encoding="utf-8") == STAFF


def test_output_into_a_missing_folder_is_a_usage_error(clean: Workspace) -> None:
    result = run(clean, "merge", "--format", "text", "-o", str(clean.root / "nowhere" / "out.txt"))
    assert result.exit_code == 2
    assert result.stderr.endswith("does not exist\n")


# --- progress -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("command", "code"), [(["merge"], 0), (["conflicts"], 1), (["check"], 1), (["stats"], 0), (["show", "1"], 0)]
)
def test_no_progress_is_written_when_stderr_is_not_a_terminal(
    clash: Workspace, monkeypatch: pytest.MonkeyPatch, command: list[str], code: int
) -> None:
    """Not even with no delay and colour forced: CliRunner's stderr is no terminal, as a pipe or a file is not."""
    monkeypatch.setattr(progress, "DELAY", 0.0)
    result = run(clash, *command, "--format", "json", env=TERMINAL_ENV)
    assert (result.exit_code, result.stderr) == (code, "")
    json.loads(result.stdout)
    target = clash.root / "out.json"
    written = run(clash, *command, "--format", "json", "-o", str(target), env=TERMINAL_ENV)
    assert (written.exit_code, written.stdout, written.stderr) == (code, "", "")
    assert target.read_text(encoding="utf-8") == result.stdout


def test_writing_the_word_document_shows_progress_on_a_terminal(
    clash: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Issue 14: after anchoring the display was gone, the terminal blank while the .docx was written."""
    monkeypatch.setattr(progress, "DELAY", 0.0)
    monkeypatch.setattr(progress, "wanted", lambda stream, environ: True)
    target = clash.root / "out.docx"
    result = run(clash, "merge", "-o", str(target), env=TERMINAL_ENV)
    assert (result.exit_code, result.stdout) == (0, "")
    assert "Writing the Word document" in result.stderr
    assert target.read_bytes()[:2] == b"PK"


# --- document text is data --------------------------------------------------------------------


def test_text_format_has_no_escape_characters_even_when_colour_is_forced(clash: Workspace) -> None:
    result = run(clash, "merge", "--format", "text", env=TERMINAL_ENV)
    assert "\x1b" not in result.stdout
    assert "[-people-]{+staff+}⟨TSAG⟩" in result.stdout


def test_terminal_format_in_a_pipe_falls_back_to_text(clean: Workspace) -> None:
    assert run(clean, "merge").stdout == run(clean, "merge", "--format", "text").stdout


def test_no_color_keeps_colour_codes_out_of_the_terminal(clean: Workspace) -> None:
    result = run(clean, "merge", env={**TERMINAL_ENV, "NO_COLOR": "1"})
    assert not re.search(r"\x1b\[[0-9;]*3[0-7]", result.stdout)  # no foreground colour


BRACKETS = "is its {--people--}{++[bold]x[/bold] and [disputed text]++} and"


def test_square_brackets_are_shown_literally_in_the_terminal(clean: Workspace) -> None:
    clean.proposal("tsag.yaml", mod("TSAG", BRACKETS))
    result = run(clean, "merge", env=TERMINAL_ENV)
    assert ANSI.search(result.stdout), "FORCE_COLOR must give the rich terminal renderer"
    plain = ANSI.sub("", result.stdout)
    assert "[bold]x[/bold] and [disputed text]" in plain


@pytest.mark.parametrize(
    ("command", "shown"),
    [("merge", ["[bold]x[/bold]", "[RAG]"]), ("conflicts", ["[bold]x[/bold]", "[red]why[/red]"]), ("check", ["[RAG]"])],
)
def test_square_brackets_in_a_conflict_are_shown_literally_in_the_terminal(
    clash: Workspace, command: str, shown: list[str]
) -> None:
    clash.proposal("rag.yaml", mod("[RAG]", BRACKETS, rationale="[red]why[/red]"))
    plain = ANSI.sub("", run(clash, command, env=TERMINAL_ENV).stdout)
    for text in shown:
        assert text in plain


def test_square_brackets_survive_text_and_json(clean: Workspace) -> None:
    clean.proposal("tsag.yaml", mod("TSAG", BRACKETS))
    text = run(clean, "merge", "--format", "text").stdout
    assert "{+[bold]x[/bold] and [disputed text]+}" in " ".join(text.split())  # wrapped at 88 columns
    merged = json.loads(run(clean, "merge", "--format", "json").stdout)
    assert merged["paragraphs"][0]["text"] == PEOPLE.replace("people", "[bold]x[/bold] and [disputed text]")


HOSTILE = "\\e[31m\\u202e"  # as written in a YAML double-quoted string: ESC [31m and RIGHT-TO-LEFT OVERRIDE
OUTPUTS = [
    (command, fmt, env)
    for command in (["merge"], ["conflicts"], ["check"], ["show", "1"])
    for fmt, env in (("terminal", TERMINAL_ENV), ("text", PLAIN_ENV), ("json", PLAIN_ENV))
]


def assert_no_raw_controls(result: Result) -> None:
    for stream in (result.stdout, result.stderr):
        assert "\x1b[31m" not in stream
        assert "\u202e" not in stream


@pytest.mark.parametrize(("command", "fmt", "env"), OUTPUTS)
def test_control_characters_in_texts_never_reach_the_output_raw(
    workspace: Workspace, command: list[str], fmt: str, env: dict[str, str | None]
) -> None:
    workspace.paragraphs(PEOPLE.replace("skills", f"{HOSTILE}skills"), FINANCES)
    text = f"is its {{--people--}}{{++staff {HOSTILE}++}}{{>>{HOSTILE}<<}} and"
    workspace.proposal("rag.yaml", mod("RAG", text, rationale=HOSTILE, title=HOSTILE))
    workspace.proposal("tsag.yaml", STAFF)
    result = run(workspace, *command, "--format", fmt, env=env)
    assert result.exit_code in (0, 1)
    assert_no_raw_controls(result)


@pytest.mark.parametrize(("command", "fmt", "env"), OUTPUTS)
def test_control_characters_in_a_group_name_never_reach_the_output_raw(
    clash: Workspace, command: list[str], fmt: str, env: dict[str, str | None]
) -> None:
    clash.proposal("rag.yaml", mod(f"RAG{HOSTILE}", "is its {--people--}{++members++} and"))
    result = run(clash, *command, "--format", fmt, env=env)
    assert result.exit_code in (0, 1)
    assert_no_raw_controls(result)


def test_control_characters_in_an_error_message_are_escaped(clean: Workspace) -> None:
    clean.proposal("bad.yaml", f'source: X\nedits:\n  - action: "MOD{HOSTILE}"\n    text: a\n')
    result = run(clean, "merge")
    assert result.exit_code == 2
    assert_no_raw_controls(result)
    assert "\\x1b[31m\\u202e" in result.stderr


def test_output_in_the_proposals_folder_is_refused_when_it_would_be_read_next_time(
    clean: Workspace,
) -> None:
    result = run(clean, "merge", "--format", "json", "-o", str(clean.proposals_dir / "merged.yaml"))
    assert result.exit_code == 2
    expected = f"would be read as an input next time; write it outside {clean.proposals_dir}/"
    assert result.stderr.strip().endswith(expected)
    assert not (clean.proposals_dir / "merged.yaml").exists()


def test_a_file_over_the_size_limit_is_refused_at_once_naming_the_option(clean: Workspace) -> None:
    size = (clean.baseline_dir / "plan.yaml").stat().st_size
    assert size < 1_000_000
    result = run(clean, "check", "--max-file-size", "1")
    assert result.exit_code in (0, 1)  # the small example is well under 1 MB
    big = clean.baseline_dir / "plan.yaml"
    big.write_text(big.read_text(encoding="utf-8") + "#" * 1_200_000 + "\n", encoding="utf-8")
    result = run(clean, "check", "--max-file-size", "1")
    assert result.exit_code == 2
    assert result.stderr == (
        f"{big}:1:1: the file is {big.stat().st_size:,} bytes, over the limit of 1,000,000: is it the right file? "
        "(if so, raise the limit with --max-file-size 2)\n"
    )
    assert run(clean, "check", "--max-file-size", "2").exit_code in (0, 1)


def test_starting_the_command_line_loads_no_word_or_numpy_library() -> None:
    """python-docx, lxml and numpy cost ~0.3 s to import; a merge of a small draft needs none of them."""
    import subprocess
    import sys

    code = "import sys, itu_amend.cli; print(sorted(m for m in ('docx', 'lxml', 'numpy') if m in sys.modules))"
    loaded = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert loaded.strip() == "[]"


def test_ctrl_c_during_a_merge_says_so_and_exits_130(
    example_dir: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Typer turns Ctrl-C into a silent exit 130; the user must see that the merge stopped."""
    import sys

    from itu_amend import cli

    def interrupted(*args: object, **kwargs: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(cli, "merge", interrupted)
    monkeypatch.setattr(sys, "argv", ["itu-amend", "merge"])
    with pytest.raises(SystemExit) as stopped:
        cli.run()
    assert stopped.value.code == 130
    captured = capsys.readouterr()
    assert captured.err == "itu-amend: interrupted\n"
    assert "Traceback" not in captured.err + captured.out


def test_jobs_sets_how_many_processes_anchor_and_changes_nothing_else(example_dir: Path, jobs_asked: list[int]) -> None:
    outputs, asked = [], []
    for jobs in ([], ["--jobs", "1"], ["-j", "3"]):
        jobs_asked.clear()
        outputs.append(CliRunner().invoke(app, ["merge", "--format", "json", *jobs], env=PLAIN_ENV).stdout)
        asked.append(set(jobs_asked))
    assert asked == [{1}, {1}, {3}]  # by default, a handful of edits stays in one process
    assert outputs[0] == outputs[1] == outputs[2]
    assert json.loads(outputs[2])["edits"]
    assert CliRunner().invoke(app, ["merge", "--jobs", "-1"], env=PLAIN_ENV).exit_code == 2


# --- the output format: from -o's extension, any case, only what a command offers -------------


@pytest.mark.parametrize(
    ("name", "expected"),
    [("out.html", "<!DOCTYPE html>"), ("out.md", "# Test document"), ("out.json", '{\n  "document"')],
)
def test_merge_takes_the_format_from_the_output_extension(clean: Workspace, name: str, expected: str) -> None:
    target = clean.root / name
    result = run(clean, "merge", "-o", str(target))
    assert (result.exit_code, result.stdout, result.stderr) == (0, "", "")
    assert target.read_text(encoding="utf-8").startswith(expected)


def test_merge_to_docx_writes_word_without_format(clean: Workspace) -> None:
    target = clean.root / "out.docx"
    result = run(clean, "merge", "-o", str(target))
    assert (result.exit_code, result.stderr) == (0, "")
    assert target.read_bytes().startswith(b"PK")  # a zip: the Word document


def test_a_format_contradicting_the_extension_is_refused_and_nothing_written(clean: Workspace) -> None:
    target = clean.root / "out.docx"
    result = run(clean, "merge", "--format", "text", "-o", str(target))
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr == (
        f"--format text contradicts {target}, whose extension means docx: drop --format or rename the file\n"
    )
    assert not target.exists()


def test_an_unknown_extension_keeps_plain_text(clean: Workspace) -> None:
    target = clean.root / "out.log"
    assert run(clean, "merge", "-o", str(target)).exit_code == 0
    assert target.read_text(encoding="utf-8") == run(clean, "merge", "--format", "text").stdout


def test_check_to_an_html_file_says_what_it_offers(clean: Workspace) -> None:
    result = run(clean, "check", "-o", str(clean.root / "check.html"))
    assert result.exit_code == 2
    assert result.stderr == "--format html is not offered by check: use terminal, text or json\n"


def test_a_format_in_capitals_is_accepted(clean: Workspace) -> None:
    result = run(clean, "merge", "--format", "JSON")
    assert result.exit_code == 0
    assert json.loads(result.stdout)["document"] == "Test document"


def test_a_mistyped_format_gets_a_did_you_mean_and_no_traceback(clean: Workspace) -> None:
    result = run(clean, "merge", "--format", "htm")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr == (
        "--format htm is not a format of merge (did you mean 'html'?): "
        "use terminal, text, markdown, html, json or docx\n"
    )


@pytest.mark.parametrize(
    ("command", "offered"),
    [
        (["check"], "terminal|text|json"),
        (["show", "1"], "terminal|text|json"),
        (["stats"], "terminal|text|json"),
        (["conflicts"], "terminal|text|markdown|html|json"),
        (["merge"], "terminal|text|markdown|html|json|docx"),
    ],
)
def test_each_command_help_lists_only_its_formats(command: list[str], offered: str) -> None:
    result = CliRunner().invoke(app, [command[0], "--help"], env=PLAIN_ENV)
    assert result.exit_code == 0
    assert f"[{offered}]" in " ".join(result.stdout.split())


# --- filters that say what they do (issue 14) ---------------------------------------------------


@pytest.fixture
def three(workspace: Workspace) -> Workspace:
    """Three paragraphs, two conflicts (paragraphs 1 and 3), TSAG only in the first."""
    workspace.paragraphs(PEOPLE, FINANCES, PEOPLE.replace("main", "first"), numbers=["1", "1A", "2"])
    workspace.proposal(
        "rag.yaml", MEMBERS + '  - action: MOD\n    paragraph: "2"\n    text: "is its {--people--}{++members++} and"\n'
    )
    workspace.proposal("tsag.yaml", STAFF)
    workspace.proposal("itu.yaml", mod("ITU", "is its {--people--}{++workforce++} and", paragraph="2"))
    return workspace


def test_group_names_match_without_regard_to_case(three: Workspace) -> None:
    result = run(three, "merge", "-g", "tsag", "--format", "text")
    assert (result.exit_code, result.stderr) == (0, "")
    assert "{+staff+}⟨TSAG⟩" in result.stdout


def test_an_unknown_group_is_a_usage_error_with_a_hint(three: Workspace) -> None:
    result = run(three, "merge", "-g", "TSAGG", "--format", "text")
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == "no group 'TSAGG' in the proposals (did you mean 'TSAG'?): the groups are ITU, RAG, TSAG\n"


def test_filters_that_leave_nothing_are_a_usage_error(three: Workspace) -> None:
    result = run(three, "merge", "-g", "TSAG", "-p", "2", "--format", "text")
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == "no paragraph matches --group TSAG --paragraph 2\n"


def test_a_range_either_way_round_is_its_paragraphs(three: Workspace) -> None:
    forward = run(three, "merge", "-p", "1-1A", "--format", "json")
    backward = run(three, "merge", "-p", "1a-1", "--format", "json")
    assert forward.exit_code == backward.exit_code == 0
    assert [p["number"] for p in json.loads(backward.stdout)["paragraphs"]] == ["1", "1A"]


def test_the_footer_of_part_of_the_merge_says_what_it_counts(three: Workspace) -> None:
    result = run(three, "merge", "-g", "TSAG", "--format", "text")
    assert "1 of 3 paragraphs shown; the table counts every edit of the merge\n" in result.stdout
    assert "1 of 2 conflicts shown; 2 unresolved in all\n" in result.stdout
    summary = json.loads(run(three, "merge", "-g", "TSAG", "--format", "json").stdout)["summary"]
    assert summary["whole"] == {"paragraphs": 3, "conflicts": 2, "unresolved": 2}


def test_show_matches_a_paragraph_number_without_regard_to_case(three: Workspace) -> None:
    result = run(three, "show", "1a", "--format", "text")
    assert (result.exit_code, result.stderr) == (0, "")
    assert result.stdout.startswith("Paragraph 1A\n")


def test_show_suggests_the_closest_number_first(three: Workspace) -> None:
    result = run(three, "show", "1b", "--format", "text")
    assert result.exit_code == 2
    assert result.stderr == "no paragraph '1b' in the merged text (did you mean '1A'?)\n"


def test_check_ends_with_what_needs_the_editor_and_gives_each_edit_its_line(clash: Workspace) -> None:
    clash.proposal("itu.yaml", mod("ITU", "No paragraph says anything like this {--at all--}"))
    clash.proposal("cept.yaml", mod("CEPT", "manage its {--money--}{++funds++} with care and transparency", "2"))
    result = run(clash, "check", "--format", "text")
    assert (result.exit_code, result.stderr) == (1, "")
    assert result.stdout.endswith("needs the editor: 1 stale, 1 unanchored, 1 unresolved conflict\n")
    assert f"unanchored  {clash.proposals_dir / 'itu.yaml'}:3:5\n" in result.stdout


def test_check_keeps_its_columns_for_long_edit_ids(clash: Workspace) -> None:
    """An addendum's ids (`ARB/arb-add1/1`) are longer than the column was: the code and paragraph still line up."""
    clash.proposal(
        "arb.yaml",
        'source: "ARB"\nedits:\n  - id: "ARB/arb-add1/1"\n    action: MOD\n    paragraph: "1"\n'
        '    text: "its people and their {--skills--}{++abilities++}."\n'
        '  - action: NOC\n    paragraph: "2"\n',
    )
    result = run(clash, "check", "--format", "text")
    lines = [line for line in result.stdout.splitlines() if line.startswith("  ARB/")]
    assert len(lines) == 2
    assert len({line.index(" MOD" if " MOD" in line else " NOC") for line in lines}) == 1


@pytest.mark.parametrize("columns", ["80", "120"])
def test_the_top_level_help_gives_each_command_a_whole_summary(columns: str) -> None:
    result = CliRunner().invoke(app, ["--help"], env={**PLAIN_ENV, "COLUMNS": columns})
    assert result.exit_code == 0
    commands = result.stdout.split("Commands:")[1].strip().splitlines()
    assert len(commands) == len(app.registered_commands) + len(app.registered_groups)  # one line each
    assert not [line for line in commands if line.rstrip().endswith("...")]
    assert re.search(r"\n  resolve +Record a decision in decisions.yaml; say what now applies.\n", result.stdout)


# --- marks that were meant as marks (issue 14) --------------------------------------------------


@pytest.mark.parametrize("command", [["check"], ["merge", "-o", "out.docx"]])
def test_a_mark_with_one_sign_is_an_input_error_at_its_place_naming_the_mark_meant(
    workspace: Workspace, command: list[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    workspace.paragraphs(PEOPLE, FINANCES)
    path = workspace.proposal(
        "tsag.yaml",
        "source: TSAG\nedits:\n  - action: MOD\n    paragraph: '1'\n    text: >-\n"
        "      The main focus of the organization\n      is its {-people-} and\n",
    )
    result = run(workspace, *command)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr == (
        f"{path}:7:14: '{{-people-}}' is not a mark: did you mean '{{--people--}}'? "
        "(a change mark doubles its sign: {--deleted--})\n"
    )
    assert not (tmp_path / "out.docx").exists()


def test_a_closing_sign_written_once_is_an_error_at_its_own_place(workspace: Workspace) -> None:
    workspace.paragraphs(PEOPLE, FINANCES)
    path = workspace.proposal("tsag.yaml", mod("TSAG", "is its {++staff +} and"))
    result = run(workspace, "check")
    assert result.exit_code == 2
    assert result.stderr.startswith(f"{path}:5:28: '+}}' is not a mark: did you mean '++}}'?")


# --- the same deletion, with or without the space beside it (issue 15) ------------------------


def test_the_same_deletion_tracked_in_word_and_struck_by_hand_is_no_conflict(workspace: Workspace) -> None:
    workspace.paragraphs(PEOPLE, FINANCES)
    workspace.proposal("tdag.yaml", mod("TDAG", "ITU will manage its finances {--with care --}and", "2"))  # Word's run
    workspace.proposal("rag.yaml", mod("RAG", "ITU will manage its finances {--with care--} and", "2"))  # struck
    conflicts = run(workspace, "conflicts", "--format", "text")
    assert (conflicts.exit_code, conflicts.stderr) == (0, "")
    assert conflicts.stdout.rstrip().endswith("0 conflicts, 0 unresolved")
    merged = run(workspace, "merge", "--format", "json")
    paragraph = json.loads(merged.stdout)["paragraphs"][1]
    assert paragraph["text"] == "ITU will manage its finances and transparency for members."
    assert paragraph["edits"] == ["RAG/1", "TDAG/1"]
