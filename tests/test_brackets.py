"""Disputed text: brackets read at load (SPEC: Disputed text), what edits do to them, the `bracket` conflict."""

from __future__ import annotations

import json
from collections.abc import Callable

import pytest
from typer.testing import CliRunner

from itu_amend import brackets
from itu_amend.cli import app
from itu_amend.model import BracketForm, BracketProblem, ConflictKind, EditStatus, MergeResult, Touch, TouchKind

from .conftest import Workspace


def _passages(text: str) -> list[tuple[str, str, list[str]]]:
    """(label, form, option words) of each passage."""
    found = brackets.parse(text, "33").brackets
    return [(b.label, b.form.value, [text[o.body : o.end] for o in b.options]) for b in found]


# --- reading -------------------------------------------------------------------------


def test_a_paragraph_without_brackets_has_none() -> None:
    assert brackets.parse("ITU will act.", "33") == brackets.NOTHING


def test_plain_brackets_are_labelled_in_reading_order() -> None:
    assert _passages("ITU [will] act [annually].") == [
        ("33[1]", "plain", ["will"]),
        ("33[2]", "plain", ["annually"]),
    ]


def test_touching_brackets_are_alternatives_of_one_passage() -> None:
    assert _passages("act [being guided by][in accordance with] the") == [
        ("33[1]", "adjacent", ["being guided by", "in accordance with"])
    ]


def test_brackets_apart_by_a_space_are_two_passages_unless_both_are_labelled() -> None:
    assert [p[0] for p in _passages("the [Council] [shall] decide")] == ["33[1]", "33[2]"]
    found = brackets.parse("[Option 1: a text] [Option 2 (RAG, TSAG): another]", "33").brackets
    assert len(found) == 1 and found[0].form is BracketForm.LABELLED
    assert [(o.label, o.sponsors) for o in found[0].options] == [("Option 1", ()), ("Option 2", ("RAG", "TSAG"))]
    assert _passages("[Alt A: x] [Alt B: y]")[0][2] == ["x", "y"]


def test_a_spaced_slash_splits_one_bracket_and_an_unspaced_one_is_a_word() -> None:
    assert _passages("[shall / should] and [and/or]") == [
        ("33[1]", "slash", ["shall", "should"]),
        ("33[2]", "plain", ["and/or"]),
    ]


def test_nested_brackets_are_labelled_under_their_passage() -> None:
    found = brackets.parse("[a [b] c [d]] [e]", "7A").brackets
    assert [(b.label, b.parent) for b in found] == [
        ("7A[1]", None),
        ("7A[1.1]", "7A[1]"),
        ("7A[1.2]", "7A[1]"),
        ("7A[2]", None),
    ]


def test_a_slash_inside_a_nested_bracket_does_not_split_the_outer_one() -> None:
    assert _passages("[a [b / c] d]")[0][1] == "plain"


def test_unpaired_brackets_are_problems_and_not_passages() -> None:
    parsed = brackets.parse("x] [y] [z", "1")
    assert parsed.problems == ((1, BracketProblem.UNOPENED), (7, BracketProblem.UNCLOSED))
    assert [b.label for b in parsed.brackets] == ["1[1]"]


# --- loading ---------------------------------------------------------------------------


def test_the_baseline_loads_its_brackets(workspace: Workspace) -> None:
    workspace.paragraphs("ITU will act [annually].")
    workspace.proposal("a.yaml", "source: TSAG\nedits: []\n")
    paragraph = workspace.inputs().baseline.paragraphs[0]
    assert [b.label for b in paragraph.brackets] == ["1[1]"]


@pytest.mark.parametrize("style", ["plain", "folded"])
def test_an_unpaired_bracket_is_a_warning_naming_its_place(workspace: Workspace, style: str) -> None:
    text = (
        "    text: The plan is [ambitious.\n"
        if style == "plain"
        else "    text: >-\n      The plan is\n      [ambitious.\n"
    )
    workspace.baseline('document: D\nparagraphs:\n  - number: "1"\n    text: Fine.\n  - number: "2"\n' + text)
    workspace.proposal("a.yaml", "source: TSAG\nedits: []\n")
    (warning,) = workspace.inputs().baseline.warnings
    assert (warning.position.line, warning.position.column) == ((6, 23) if style == "plain" else (8, 7))
    assert warning.problem is BracketProblem.UNCLOSED and warning.paragraph == "2"


def test_the_cli_prints_the_warning_on_stderr_and_goes_on(workspace: Workspace) -> None:
    workspace.paragraphs("A text] with a stray bracket.")
    workspace.proposal("a.yaml", "source: TSAG\nedits: []\n")
    result = CliRunner().invoke(app, ["check", "--format", "json", *workspace.args()])
    assert result.exit_code == 0
    line = result.stderr.strip()
    assert line.startswith(f"{workspace.baseline_dir / 'plan.yaml'}:4:18: warning:")
    assert json.loads(result.stdout)["summary"]["needs_editor"] is False


# --- what an edit does to a bracket --------------------------------------------------


TEXT = "ITU will act [being guided by][in accordance with] the Constitution and [will report annually] to Council."


def _touches(workspace: Workspace, mark: str, text: str = TEXT) -> tuple[Touch, ...]:
    workspace.paragraphs(text)
    workspace.proposal("a.yaml", f"source: TSAG\nedits:\n  - action: MOD\n    text: '{mark}'\n")
    (edit,) = workspace.merge().edits
    assert edit.status is EditStatus.APPLIED
    return edit.touches


@pytest.mark.parametrize(
    ("mark", "expected"),
    [
        ("and {--[--}will report annually{--]--} to", Touch("1[2]", TouchKind.AGREE)),
        ("and {--[will report annually] --}to", Touch("1[2]", TouchKind.DELETE)),
        ("act {--[being guided by][--}in accordance with{--]--} the", Touch("1[1]", TouchKind.CHOOSE, 2)),
        ("act {--[--}being guided by{--][in accordance with]--} the", Touch("1[1]", TouchKind.CHOOSE, 1)),
        ("[will report {~~annually~>every year~~}]", Touch("1[2]", TouchKind.AMEND)),
    ],
    ids=["agree", "delete", "choose-2", "choose-1", "amend"],
)
def test_each_shape_is_named(workspace: Workspace, mark: str, expected: Touch) -> None:
    assert _touches(workspace, mark) == (expected,)


def test_an_edit_beside_a_bracket_does_not_touch_it(workspace: Workspace) -> None:
    assert _touches(workspace, "annually] to {~~Council~>the Council~~}.") == ()
    # an insertion at the edge of a passage is beside it, not inside
    assert _touches(workspace, "the Constitution and {++also ++}[will report") == ()


def test_choosing_a_labelled_option_may_keep_or_drop_its_label(workspace: Workspace) -> None:
    text = "It [Option 1: shall] [Option 2: should] act."
    assert _touches(workspace, "It {--[Option 1: shall] [Option 2: --}should{--]--} act", text) == (
        Touch("1[1]", TouchKind.CHOOSE, 2),
    )
    assert _touches(workspace, "It {--[Option 1: shall] [--}Option 2: should{--]--} act", text) == (
        Touch("1[1]", TouchKind.CHOOSE, 2),
    )


def test_a_slash_option_can_be_chosen(workspace: Workspace) -> None:
    assert _touches(workspace, "It {--[--}shall{-- / should]--} act", "It [shall / should] act.") == (
        Touch("1[1]", TouchKind.CHOOSE, 1),
    )


def test_deleting_a_passage_names_it_and_not_those_nested_in_it(workspace: Workspace) -> None:
    text = "It [will act [at once] now] here."
    assert _touches(workspace, "It {--[will act [at once] now] --}here", text) == (Touch("1[1]", TouchKind.DELETE),)


def test_a_change_inside_a_nested_passage_is_that_passages(workspace: Workspace) -> None:
    assert _touches(workspace, "act {--[--}at once{--]--} now", "It [will act [at once] now] here.") == (
        Touch("1[1.1]", TouchKind.AGREE),
    )


def test_a_suppression_deletes_every_passage_of_its_paragraph(workspace: Workspace) -> None:
    workspace.paragraphs(TEXT)
    workspace.proposal("a.yaml", 'source: TSAG\nedits:\n  - action: SUP\n    paragraph: "1"\n')
    (edit,) = workspace.merge().edits
    assert [(t.bracket, t.kind) for t in edit.touches] == [("1[1]", TouchKind.DELETE), ("1[2]", TouchKind.DELETE)]


# --- conflicts ---------------------------------------------------------------------------


def _two(workspace: Workspace, first: str, second: str) -> None:
    workspace.paragraphs(TEXT)
    workspace.proposal("a.yaml", f"source: TSAG\nedits:\n  - action: MOD\n    text: '{first}'\n")
    workspace.proposal("b.yaml", f"source: RAG\nedits:\n  - action: MOD\n    text: '{second}'\n")


def test_agreeing_and_deleting_one_bracket_is_a_bracket_conflict(workspace: Workspace) -> None:
    _two(workspace, "and {--[--}will report annually{--]--} to", "and {--[will report annually] --}to")
    (conflict,) = workspace.merge().conflicts
    assert conflict.kind is ConflictKind.BRACKET and not conflict.resolved
    assert sorted(conflict.edits) == ["RAG/1", "TSAG/1"]


def test_choosing_different_options_is_a_bracket_conflict(workspace: Workspace) -> None:
    _two(
        workspace,
        "act {--[being guided by][--}in accordance with{--]--} the",
        "act {--[--}being guided by{--][in accordance with]--} the",
    )
    assert [c.kind for c in workspace.merge().conflicts] == [ConflictKind.BRACKET]


def test_groups_doing_the_same_thing_in_other_marks_agree(workspace: Workspace) -> None:
    _two(
        workspace,
        "act {--[being guided by][--}in accordance with{--]--} the",
        "act {--[being guided by]--}{--[--}in accordance with{--]--} the",
    )
    result = workspace.merge()
    assert result.conflicts == ()
    assert [e.status for e in result.edits] == [EditStatus.APPLIED, EditStatus.APPLIED]
    assert result.paragraphs[0].text.startswith("ITU will act in accordance with the Constitution")


def test_words_changed_against_words_changed_elsewhere_stay_an_overlap(workspace: Workspace) -> None:
    _two(workspace, "the {~~Constitution~>Convention~~} and", "the {~~Constitution~>Charter~~} and")
    assert [c.kind for c in workspace.merge().conflicts] == [ConflictKind.OVERLAP]


def test_check_json_says_what_each_edit_does_to_the_brackets(workspace: Workspace) -> None:
    _two(workspace, "and {--[--}will report annually{--]--} to", "the {~~Constitution~>Charter~~} and")
    result = CliRunner().invoke(app, ["check", "--format", "json", *workspace.args()])
    edits = {e["id"]: e for e in json.loads(result.stdout)["edits"]}
    assert edits["TSAG/1"]["touches"] == [{"bracket": "1[2]", "does": "agree", "option": None}]
    assert "touches" not in edits["RAG/1"]


# --- shown as disputed -------------------------------------------------------------------


def _disputed(spans: object) -> dict[str, str]:
    """label -> the text shown disputed (kept or deleted) under it."""
    out: dict[str, str] = {}
    for span in spans:  # type: ignore[attr-defined]
        if span.disputed and span.kind != "inserted":
            out[span.disputed] = out.get(span.disputed, "") + span.text
    return out


def test_the_merged_text_marks_the_passages_still_open(workspace: Workspace) -> None:
    workspace.paragraphs(TEXT)
    workspace.proposal(
        "a.yaml", "source: TSAG\nedits:\n  - action: MOD\n    text: 'and {--[--}will report annually{--]--} to'\n"
    )
    (paragraph,) = workspace.merge().paragraphs
    assert _disputed(paragraph.spans) == {"1[1]": "[being guided by][in accordance with]"}
    assert "".join(s.text for s in paragraph.spans if s.kind != "deleted") == paragraph.text


def test_an_amendment_inside_a_passage_leaves_it_open_and_is_marked_inside(workspace: Workspace) -> None:
    workspace.paragraphs(TEXT)
    workspace.proposal(
        "a.yaml", "source: TSAG\nedits:\n  - action: MOD\n    text: '[will report {~~annually~>yearly~~}]'\n"
    )
    (paragraph,) = workspace.merge().paragraphs
    inserted = [s for s in paragraph.spans if s.kind == "inserted"]
    assert [(s.text, s.disputed) for s in inserted] == [("yearly", "1[2]")]
    assert _disputed(paragraph.spans)["1[2]"] == "[will report annually]"


def test_each_option_of_a_conflict_shows_what_it_leaves_disputed(workspace: Workspace) -> None:
    _two(workspace, "and {--[--}will report annually{--]--} to", "the {~~Constitution~>Charter~~} and")
    workspace.proposal(
        "c.yaml", "source: TDAG\nedits:\n  - action: MOD\n    text: 'the {~~Constitution~>Convention~~} and'\n"
    )
    (conflict,) = workspace.merge().conflicts
    assert all(_disputed(a.spans).keys() == {"1[1]"} for a in conflict.alternatives)


def test_word_highlights_disputed_text_and_comments_not_agreed(workspace: Workspace) -> None:
    import zipfile

    from itu_amend import word
    from itu_amend.render import docx

    workspace.paragraphs(TEXT)
    workspace.proposal(
        "a.yaml", "source: TSAG\nedits:\n  - action: MOD\n    text: 'and {--[--}will report annually{--]--} to'\n"
    )
    data = docx.render_merge(workspace.merge())
    path = workspace.root / "out.docx"
    path.write_bytes(data)
    with zipfile.ZipFile(path) as package:
        body = package.read("word/document.xml").decode()
        comments = package.read("word/comments.xml").decode()
    assert body.count(f'w:highlight w:val="{word.DISPUTED_HIGHLIGHT}"') == 1
    assert "Not agreed" in comments and "1[1]" in comments and "1[2]" not in comments
    # read back as a contribution, the grey of disputed text is no insertion
    read = word.read_document(path)
    assert not any("highlight" in piece.formats for p in read.paragraphs for piece in p.pieces)


# --- the brackets command and stats ----------------------------------------------------------


def test_brackets_lists_every_passage_with_its_touches_and_the_untouched(workspace: Workspace) -> None:
    _two(workspace, "and {--[--}will report annually{--]--} to", "the {~~Constitution~>Charter~~} and")
    result = CliRunner().invoke(app, ["brackets", "--format", "json", *workspace.args()])
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    by_label = {b["label"]: b for b in data["brackets"]}
    assert by_label["1[2]"]["outcome"] == "agreed" and by_label["1[2]"]["by"] == ["TSAG/1"]
    assert [t["does"] for t in by_label["1[2]"]["touches"]] == ["agree"]
    assert by_label["1[1]"]["outcome"] == "open" and data["untouched"] == ["1[1]"]
    assert data["summary"] == {"brackets": 2, "open_before": 2, "open_after": 1}


def test_stats_counts_passages_open_before_and_after(workspace: Workspace) -> None:
    _two(workspace, "and {--[will report annually] --}to", "act {--[being guided by][--}in accordance with{--]--} the")
    result = CliRunner().invoke(app, ["stats", "--format", "json", *workspace.args()])
    assert json.loads(result.stdout)["brackets"] == {"brackets": 2, "open_before": 2, "open_after": 0}


def test_the_shipped_example_brackets_the_end_of_human_resources_and_tdag_agrees_it(
    example: Callable[[], MergeResult],
) -> None:
    """The seed's "disputed text near the end of the Human Resources enabler", as the example reconstructs it.

    TSAG's transcribed edit stays as TSAG wrote it: it quotes the sentence without brackets,
    still anchors word for word, and does nothing to the passage.
    """
    result = example()
    (bracket,) = result.brackets
    assert bracket.label == "33[1]"
    baseline = next(p for p in result.paragraphs if p.number == "33").baseline_text
    assert baseline[bracket.start : bracket.end] == (
        "[In doing so, ITU will become increasingly efficient, resilient and agile to deliver on its "
        "strategic objectives.]"
    )
    assert bracket.end == len(baseline)  # the end of the enabler
    assert [(t.kind.value, t.bracket) for t in result.edit("TDAG/6").touches] == [("agree", "33[1]")]
    assert result.edit("TDAG/6").status.value == "applied"
    tsag = result.edit("TSAG/2")
    assert (tsag.score, tsag.touches) == (100.0, ())
    assert result.edit("TSAG/1").paragraph == "33A"  # placed after the bracketed sentence it quotes
    merged = next(p for p in result.paragraphs if p.number == "33")
    assert "[" not in merged.text and "]" not in merged.text
    assert merged.text.endswith(
        "value. In doing so, ITU will become increasingly efficient, resilient and agile to deliver on its "
        "strategic objectives."
    )
