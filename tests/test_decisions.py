"""`resolve` and `decisions`: decisions.yaml written with the editor's comments kept."""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner

from itu_amend.cli import app
from itu_amend.decisions import Step, StepKind, for_option, record
from itu_amend.errors import InputError, UsageError
from itu_amend.loading import load_decisions
from itu_amend.model import Decision, MergeResult

ROOT = Path(__file__).resolve().parent.parent
runner = CliRunner()


def invoke(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_resolving_every_conflict_leaves_conflicts_exiting_0(example_dir: Path) -> None:
    assert invoke("conflicts")[0] == 1
    assert invoke("resolve", "--accept", "TSAG/2", "--note", "agreed at the fifth meeting")[0] == 0
    assert invoke("resolve", "--reject", "TDAG/2")[0] == 0
    code, out, _ = invoke("resolve", "--paragraph", "31", "--text", "ITU will ensure sound financial management.")
    assert code == 0
    assert "settles C1" in out
    assert invoke("conflicts")[0] == 0
    paragraphs = {p["number"]: p for p in json.loads(invoke("merge", "--format", "json")[1])["paragraphs"]}
    assert paragraphs["31"]["text"] == "ITU will ensure sound financial management."
    assert "learning, innovation and adaptive change" in paragraphs["33"]["text"]
    assert paragraphs["35"]["status"] == "modified"  # RAG's MOD applies once TDAG's SUP is rejected


def test_hand_written_comments_order_and_quotes_survive(example_dir: Path) -> None:
    decisions = example_dir / "decisions.yaml"
    decisions.write_text(
        "# notes of the chair\n"
        "decisions:\n"
        "    # first ruling, by hand\n"
        "    - reject: RAG/5   # RAG withdrew it\n"
        "      note: 'withdrawn at the meeting'\n",
        encoding="utf-8",
    )
    assert invoke("resolve", "--accept", "TSAG/2")[0] == 0
    text = decisions.read_text(encoding="utf-8")
    assert text.startswith("# notes of the chair\n")
    assert "# first ruling, by hand" in text
    assert "# RAG withdrew it" in text
    assert "'withdrawn at the meeting'" in text
    assert text.index("reject: RAG/5") < text.index("accept: TSAG/2")
    assert "    - accept: TSAG/2" in text  # the editor's indentation is kept


def test_a_later_ruling_on_the_same_edit_replaces_the_earlier_with_replace(example_dir: Path) -> None:
    invoke("resolve", "--reject", "TSAG/2")
    assert invoke("resolve", "--accept", "TSAG/2", "--replace")[0] == 0
    text = (example_dir / "decisions.yaml").read_text(encoding="utf-8")
    assert "reject: TSAG/2" not in text
    assert text.count("TSAG/2") == 1


# --- decisions that cannot contradict themselves (issue 14) -----------------------------------


def test_accepting_both_sides_of_a_conflict_is_refused_naming_the_earlier(example_dir: Path) -> None:
    assert invoke("resolve", "--accept", "TSAG/2")[0] == 0
    before = (example_dir / "decisions.yaml").read_text(encoding="utf-8")
    code, out, err = invoke("resolve", "--accept", "RAG/2")
    assert (code, out) == (2, "")
    assert err == (
        "accept RAG/2 contradicts accept TSAG/2 (decisions.yaml:3:5): both are options of conflict C2, "
        "which adopts one; give --replace to record the new decision in its place\n"
    )
    assert (example_dir / "decisions.yaml").read_text(encoding="utf-8") == before


def test_replace_puts_the_new_acceptance_in_place_of_its_rival(example_dir: Path) -> None:
    invoke("resolve", "--accept", "TSAG/2")
    code, out, err = invoke("resolve", "--accept", "RAG/2", "--replace")
    assert (code, err) == (0, "")
    assert "recorded in decisions.yaml: accept RAG/2, in place of accept TSAG/2\n" in out
    assert "C2: RAG/2 now applies (option B)\n" in out
    text = (example_dir / "decisions.yaml").read_text(encoding="utf-8")
    assert "TSAG/2" not in text
    assert "accept: RAG/2" in text


def test_a_hand_edited_file_that_contradicts_itself_is_an_input_error(example_dir: Path) -> None:
    (example_dir / "decisions.yaml").write_text("decisions:\n  - accept: TSAG/2\n  - accept: RAG/2\n", encoding="utf-8")
    for command in (["merge"], ["conflicts"], ["decisions"]):
        code, out, err = invoke(*command)
        assert (code, out) == (2, "")
        assert err == (
            "decisions.yaml:3:5: accept RAG/2 contradicts accept TSAG/2 (decisions.yaml:2:5): "
            "both are options of conflict C2, which adopts one: keep one of them\n"
        )


def test_accepting_an_edit_of_a_paragraph_given_a_compromise_is_refused(example_dir: Path) -> None:
    (example_dir / "decisions.yaml").write_text(
        'decisions:\n  - paragraph: "33"\n    text: A compromise.\n  - accept: RAG/2\n', encoding="utf-8"
    )
    code, _, err = invoke("merge")
    assert code == 2
    assert err.startswith(
        "decisions.yaml:4:5: accept RAG/2 contradicts the compromise text for paragraph 33 (decisions.yaml:2:5)"
    )


def test_repeating_a_decision_keeps_it_and_its_note(example_dir: Path) -> None:
    invoke("resolve", "--accept", "TSAG/2", "--note", "agreed at the fifth meeting")
    before = (example_dir / "decisions.yaml").read_text(encoding="utf-8")
    code, out, err = invoke("resolve", "--accept", "TSAG/2")
    assert (code, err) == (0, "")
    assert out == (
        "already recorded at decisions.yaml:3:5: accept TSAG/2 (unchanged)\n"
        "settles C2, as before\n"  # not "settles no conflict", while `decisions` says it settles C2
        "2 conflicts still unresolved\n"
    )
    assert (example_dir / "decisions.yaml").read_text(encoding="utf-8") == before


def test_repeating_a_decision_with_a_note_adds_the_note(example_dir: Path) -> None:
    invoke("resolve", "--accept", "TSAG/2")
    code, out, err = invoke("resolve", "--accept", "TSAG/2", "--note", "agreed")
    assert (code, err) == (0, "")
    assert (
        out
        == "note added to accept TSAG/2 at decisions.yaml:3:5\nsettles C2, as before\n2 conflicts still unresolved\n"
    )
    assert "note: agreed" in (example_dir / "decisions.yaml").read_text(encoding="utf-8")


def test_another_note_on_a_recorded_decision_needs_replace(example_dir: Path) -> None:
    invoke("resolve", "--accept", "TSAG/2", "--note", "agreed")
    code, _, err = invoke("resolve", "--accept", "TSAG/2", "--note", "withdrawn")
    assert code == 2
    assert err == (
        "accept TSAG/2 is already recorded (decisions.yaml:3:5) with the note 'agreed'; "
        "give --replace to record the new decision in its place\n"
    )


def test_another_note_with_replace_takes_the_place_of_the_recorded_one(example_dir: Path) -> None:
    invoke("resolve", "--accept", "TSAG/2", "--note", "agreed")
    assert invoke("resolve", "--accept", "TSAG/2", "--note", "withdrawn", "--replace")[0] == 0
    assert load_decisions(example_dir / "decisions.yaml") == (Decision(accept="TSAG/2", note="withdrawn"),)


def test_a_compromise_replaced_leaves_one_entry_for_its_paragraph(example_dir: Path) -> None:
    invoke("resolve", "--paragraph", "31", "--text", "A first compromise.")
    assert invoke("resolve", "--paragraph", "31", "--text", "A second compromise.", "--replace")[0] == 0
    decisions = load_decisions(example_dir / "decisions.yaml")
    assert [(d.paragraph, d.text) for d in decisions] == [("31", "A second compromise.")]


def test_reversing_a_decision_needs_replace(example_dir: Path) -> None:
    invoke("resolve", "--accept", "TSAG/2", "--note", "agreed")
    code, out, err = invoke("resolve", "--reject", "TSAG/2")
    assert (code, out) == (2, "")
    assert err == (
        "reject TSAG/2 would reverse accept TSAG/2, recorded at decisions.yaml:3:5; "
        "give --replace to record the new decision in its place\n"
    )
    assert "accept: TSAG/2" in (example_dir / "decisions.yaml").read_text(encoding="utf-8")


def test_settling_a_conflict_by_its_option_letter(example_dir: Path) -> None:
    code, out, err = invoke("resolve", "C2", "--option", "B", "--note", "agreed at the fifth meeting")
    assert (code, err) == (0, "")
    assert out == (
        "recorded in decisions.yaml: accept RAG/2\n"
        "settles C2\n"
        "C2: RAG/2 now applies (option B)\n"
        "2 conflicts still unresolved\n"
    )
    assert "accept: RAG/2" in (example_dir / "decisions.yaml").read_text(encoding="utf-8")


def test_keeping_the_text_is_an_option_too(example_dir: Path) -> None:
    code, out, _ = invoke("resolve", "c2", "--option", "c")
    assert code == 0
    assert "C2: the text is kept (option C)\n" in out
    text = (example_dir / "decisions.yaml").read_text(encoding="utf-8")
    assert all(f"reject: {e}" in text for e in ("RAG/2", "TDAG/1", "TSAG/2"))
    merged = json.loads(invoke("merge", "--format", "json")[1])
    assert "continuous learning and innovation" in next(p for p in merged["paragraphs"] if p["number"] == "33")["text"]


def test_keeping_the_text_by_rejections_gives_each_rejection_the_note(example_dir: Path) -> None:
    assert invoke("resolve", "c2", "--option", "c", "--note", "kept at the fifth meeting")[0] == 0
    decisions = load_decisions(example_dir / "decisions.yaml")
    assert [(d.reject, d.note) for d in decisions] == [
        (e, "kept at the fifth meeting") for e in ("RAG/2", "TDAG/1", "TSAG/2")
    ]


def test_an_option_whose_first_edit_is_rejected_is_adopted_by_accepting_one_that_stands(example_dir: Path) -> None:
    assert invoke("resolve", "--reject", "TDAG/1")[0] == 0  # TSAG/2 still proposes the same text (option A)
    code, out, err = invoke("resolve", "C2", "--option", "A")
    assert (code, err) == (0, "")
    assert out.startswith("recorded in decisions.yaml: accept TSAG/2\n")


def test_an_unknown_conflict_among_many_suggests_the_closest(example: Callable[[], MergeResult]) -> None:
    result = example()
    many = tuple(dataclasses.replace(result.conflicts[0], id=f"C{n}") for n in range(1, 13))
    with pytest.raises(UsageError) as caught:
        for_option(dataclasses.replace(result, conflicts=many), "c12x", "A", None)
    assert str(caught.value) == "no conflict 'c12x' (did you mean 'C12'?): itu-amend conflicts lists them"


def test_keeping_the_text_sponsored_by_a_noc_accepts_the_noc(example_dir: Path) -> None:
    code, out, _ = invoke("resolve", "C1", "--option", "B")
    assert code == 0
    assert out.startswith("recorded in decisions.yaml: accept RAG/4\n")
    assert "C1: the text is kept (option B)\n" in out


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("C9", "--option", "A"), "no conflict 'C9': the conflicts are C1, C2 or C3\n"),
        (("C2", "--option", "D"), "C2 has no option 'D': its options are A, B or C (see itu-amend conflicts)\n"),
        (("C2",), "a conflict and its option go together: e.g. itu-amend resolve C2 --option B\n"),
    ],
)
def test_an_unknown_conflict_or_option_is_a_usage_error(example_dir: Path, args: tuple[str, ...], message: str) -> None:
    code, out, err = invoke("resolve", *args)
    assert (code, out, err) == (2, "", message)
    assert not (example_dir / "decisions.yaml").exists()


def test_rejecting_one_side_says_what_now_applies(example_dir: Path) -> None:
    code, out, err = invoke("resolve", "--reject", "TSAG/2")
    assert (code, err) == (0, "")
    assert "settles no conflict\n" in out  # TDAG/1 still proposes the same text
    code, out, err = invoke("resolve", "--reject", "TDAG/1")
    assert (code, err) == (0, "")
    assert out == (
        "recorded in decisions.yaml: reject TDAG/1\nsettles C2\nC2: RAG/2 now applies (option B)\n"
        "2 conflicts still unresolved\n"
    )


def test_unknown_edit_is_refused_with_a_hint_and_nothing_written(example_dir: Path) -> None:
    code, _, err = invoke("resolve", "--accept", "TSAG/9")
    assert code == 2
    assert err.strip() == "no edit 'TSAG/9' in the proposals (did you mean 'TSAG/2'?)"
    assert not (example_dir / "decisions.yaml").exists()


def test_unknown_paragraph_is_refused(example_dir: Path) -> None:
    code, _, err = invoke("resolve", "--paragraph", "99", "--text", "x")
    assert code == 2
    assert "no paragraph '99'" in err


@pytest.mark.parametrize(
    "args",
    [
        ("--accept", "TSAG/2", "--reject", "RAG/2"),
        ("--paragraph", "31"),
        ("--accept", "TSAG/2", "--text", "x"),
        (),
    ],
)
def test_one_ruling_at_a_time(example_dir: Path, args: tuple[str, ...]) -> None:
    code, _, err = invoke("resolve", *args)
    assert code == 2
    assert "Traceback" not in err


def test_compromise_from_a_text_file(example_dir: Path) -> None:
    (example_dir / "compromise.txt").write_text("A compromise [agreed] text.\n", encoding="utf-8")
    assert invoke("resolve", "--paragraph", "35", "--text-file", "compromise.txt")[0] == 0
    merged = invoke("merge", "--format", "json")[1]
    assert '"text": "A compromise [agreed] text."' in merged


def test_decisions_lists_what_each_ruling_settles(example_dir: Path) -> None:
    invoke("resolve", "--reject", "TDAG/2", "--note", "premises stay")
    invoke("resolve", "--accept", "TSAG/1")
    code, out, _ = invoke("decisions")
    assert code == 0
    assert "reject TDAG/2 -> C3  (premises stay)" in out
    assert "accept TSAG/1 (settles no conflict)" in out
    assert "2 conflicts unresolved" in out


def test_a_decision_naming_a_withdrawn_edit_is_reported(example_dir: Path) -> None:
    (example_dir / "decisions.yaml").write_text("decisions:\n  - accept: RAG/9\n", encoding="utf-8")
    code, _, err = invoke("decisions")
    assert code == 2
    assert err.startswith("decisions.yaml:2:5: decision names edit 'RAG/9', which no proposal has")


def test_a_file_with_no_decisions_yet_gets_the_layout_of_a_new_file(example_dir: Path) -> None:
    decisions = example_dir / "decisions.yaml"
    assert invoke("resolve", "--reject", "TDAG/2")[0] == 0
    new = decisions.read_text(encoding="utf-8")
    decisions.write_text("decisions: []\n", encoding="utf-8")
    assert invoke("resolve", "--reject", "TDAG/2")[0] == 0
    assert new.endswith(decisions.read_text(encoding="utf-8"))  # the same entry, indented alike (no header)


def test_recording_in_a_file_that_is_no_mapping_is_an_error_naming_it(tmp_path: Path) -> None:
    path = tmp_path / "decisions.yaml"
    path.write_text("- accept: TSAG/2\n", encoding="utf-8")
    with pytest.raises(InputError) as caught:
        record(path, [Step(StepKind.ADD, Decision(reject="TDAG/2"))])
    assert str(caught.value).startswith(f"{path}: ")
    assert path.read_text(encoding="utf-8") == "- accept: TSAG/2\n"


def test_a_file_of_comments_only_gets_its_first_decision_under_them(example_dir: Path) -> None:
    decisions = example_dir / "decisions.yaml"
    decisions.write_text("# decisions of the fifth meeting\n", encoding="utf-8")
    assert invoke("resolve", "--reject", "TDAG/2")[0] == 0
    text = decisions.read_text(encoding="utf-8")
    assert text.startswith("# decisions of the fifth meeting\n")
    assert "reject: TDAG/2" in text
    assert invoke("conflicts")[0] == 1  # the file still loads


def test_show_tells_the_full_story_with_the_decision(example_dir: Path) -> None:
    invoke("resolve", "--accept", "TSAG/2", "--note", "agreed at the fifth meeting")
    code, out, _ = invoke("show", "33", "--format", "text")
    assert code == 0
    assert "Decisions:\n  accept TSAG/2 (agreed at the fifth meeting)" in out
    assert "document: TSAG liaison statement" in out
    assert "C2 overlap in paragraph 33 (resolved)" in out


def test_reports_say_which_option_was_adopted_by_which_decision(example_dir: Path) -> None:
    invoke("resolve", "C2", "--option", "B", "--note", "agreed at the fifth meeting")
    adopted = "adopted: option B, RAG (MOD), by accept RAG/2 (decisions.yaml:3:5): agreed at the fifth meeting"
    code, out, _ = invoke("conflicts", "--format", "text")
    assert code == 1
    assert "C2 overlap in paragraph 33 (resolved): " + adopted in " ".join(out.split())
    assert adopted in " ".join(invoke("show", "33", "--format", "text")[1].split())
    assert "Adopted: option B, RAG (MOD), by accept RAG/2" in invoke("conflicts", "--format", "html")[1]
    assert "resolved: option B" in invoke("conflicts", "--format", "markdown")[1]
    conflict = json.loads(invoke("conflicts", "--format", "json")[1])["conflicts"][1]
    assert conflict["adopted"] == {
        "options": ["B"],
        "compromise": False,
        "decisions": [{"decision": "accept RAG/2", "at": "decisions.yaml:3:5", "note": "agreed at the fifth meeting"}],
    }


def test_keeping_the_text_by_rejections_is_shown_as_adopted(example_dir: Path) -> None:
    invoke("resolve", "C3", "--option", "C")
    out = invoke("conflicts", "--format", "text")[1]
    assert "adopted: option C, keep the text, by reject TDAG/2 (decisions.yaml:3:5); reject RAG/5" in " ".join(
        out.split()
    )


def test_decisions_in_json(example_dir: Path) -> None:
    invoke("resolve", "--reject", "TDAG/2", "--note", "premises stay")
    code, out, err = invoke("decisions", "--format", "json")
    assert (code, err) == (0, "")
    assert json.loads(out) == {
        "decisions": [
            {"decision": "reject TDAG/2", "at": "decisions.yaml:3:5", "note": "premises stay", "conflicts": ["C3"]}
        ],
        "unresolved": 2,
    }


def test_conflicts_of_one_group(example_dir: Path) -> None:
    code, out, _ = invoke("conflicts", "--group", "tsag", "--format", "text")
    assert code == 1
    assert "C2 overlap" in out and "C1 noc" not in out and "C3 " not in out
    assert out.endswith("1 of 3 conflicts shown; 3 unresolved in all\n")
    code, _, err = invoke("conflicts", "--group", "ITU")
    assert (code, err) == (2, "no group 'ITU' in the proposals: the groups are RAG, TDAG, TSAG\n")
