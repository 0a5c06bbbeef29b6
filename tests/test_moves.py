"""Moves (SPEC: Merge, moves): a SUP* where a paragraph stood and an ADD* where it goes, linked by `move`."""

from __future__ import annotations

import json
import shutil
import subprocess
import zipfile
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from itu_amend.cli import app
from itu_amend.errors import InputError
from itu_amend.importing import ImportedEdit, _link_moves
from itu_amend.loading import load_proposal
from itu_amend.model import Action, ConflictKind, EditStatus, MergeResult, ParagraphStatus
from itu_amend.render.jsonout import render_merge

from .conftest import Workspace

runner = CliRunner()

TEXTS = (
    "Video provides a powerful way to help you prove your point.",
    "When you click Online Video, you can paste the embed code for the video you want to add.",
    "You can also type a keyword to search online for the video that best fits your document.",
    "To make your document look professionally produced, Word provides header and footer designs.",
)


def propose(ws: Workspace, source: str, *edits: dict[str, Any]) -> None:
    ws.proposal(f"{source.lower()}.yaml", json.dumps({"source": source, "edits": list(edits)}))


def move(paragraph: str = "2", name: str = "M1", quote: bool = True, **place: str) -> list[dict[str, Any]]:
    """The two halves of a move of `paragraph` to `place` (after: "3" unless told)."""
    sup: dict[str, Any] = {"action": "SUP*", "paragraph": paragraph, "move": name}
    if quote:
        sup["text"] = TEXTS[int(paragraph) - 1]
    return [sup, {"action": "ADD*", "move": name, **(place or {"after": "3"})}]


def order(result: MergeResult) -> list[str]:
    return [p.number for p in result.paragraphs]


def statuses(result: MergeResult) -> dict[str, EditStatus]:
    return {e.edit.id: e.status for e in result.edits}


@pytest.fixture
def ws(workspace: Workspace) -> Workspace:
    workspace.paragraphs(*TEXTS)
    return workspace


def test_a_moved_paragraph_keeps_its_number_and_text_at_its_new_place(ws: Workspace) -> None:
    propose(ws, "TSAG", *move())
    result = ws.merge()
    assert order(result) == ["1", "3", "2", "4"]
    moved = result.paragraphs[2]
    assert (moved.text, moved.status) == (TEXTS[1], ParagraphStatus.UNCHANGED)
    assert moved.moved is not None and moved.moved.after == "1" and moved.moved.sources == ("TSAG",)
    assert moved.note == "moved here from after paragraph 1 by TSAG (SUP*/ADD* TSAG/1, TSAG/2)"
    assert statuses(result) == {"TSAG/1": EditStatus.APPLIED, "TSAG/2": EditStatus.APPLIED}
    assert [e.edit.code for e in result.edits] == ["SUP*", "ADD*"]


@pytest.mark.parametrize("added", [TEXTS[1], TEXTS[1].replace("Online Video", "Online video")])
def test_a_paragraph_suppressed_and_added_elsewhere_by_one_proposal_is_not_lost(ws: Workspace, added: str) -> None:
    """A move written as a SUP and an ADD (Word with move tracking off, a struck and a highlighted paragraph):
    the paragraph the ADD reads as is the very one its proposal suppresses, so the draft has not taken it in.

    Issue 15 (a moved paragraph disappears): the ADD was `already` (or `stale` for a variant, as in WRC
    Resolution 417's relabelled items) and the SUP applied, 4 paragraphs in, 3 out, `check` saying all is well.
    """
    propose(
        ws,
        "TSAG",
        {"action": "SUP", "paragraph": "2", "text": TEXTS[1]},
        {"action": "ADD", "after": "4", "text": added},
    )
    check = runner.invoke(app, ["check", "--format", "text", *ws.args()])
    assert (check.exit_code, check.stderr) == (0, "")
    assert check.stdout.endswith("nothing needs the editor\n")
    merged = runner.invoke(app, ["merge", "--format", "json", *ws.args()])
    assert (merged.exit_code, merged.stderr) == (0, "")
    texts = [p["text"] for p in json.loads(merged.stdout)["paragraphs"] if p["status"] != "suppressed"]
    assert texts == [TEXTS[0], TEXTS[2], TEXTS[3], added]


def test_an_addition_the_draft_holds_outside_what_its_proposal_suppresses_is_still_already(ws: Workspace) -> None:
    propose(
        ws,
        "TSAG",
        {"action": "SUP", "paragraph": "1", "text": TEXTS[0]},
        {"action": "ADD", "after": "4", "text": TEXTS[1]},
    )
    assert statuses(ws.merge())["TSAG/2"] is EditStatus.ALREADY


def test_a_mod_of_the_moved_paragraph_from_another_group_follows_it(ws: Workspace) -> None:
    propose(ws, "TSAG", *move(before="1"))
    propose(ws, "RAG", {"action": "MOD", "paragraph": "2", "text": "When you click {--Online--}{++Web++} Video"})
    result = ws.merge()
    assert order(result) == ["2", "1", "3", "4"]
    assert result.paragraphs[0].text.startswith("When you click Web Video,")
    assert set(statuses(result).values()) == {EditStatus.APPLIED}
    assert not result.conflicts


def test_an_addition_after_a_moved_paragraph_goes_with_it(ws: Workspace) -> None:
    propose(ws, "TSAG", *move(after="4"))
    propose(ws, "RAG", {"action": "ADD", "after": "2", "text": "A new paragraph after the second."})
    assert order(ws.merge()) == ["1", "3", "4", "2", "2A"]


def test_the_json_says_where_a_moved_paragraph_stood(ws: Workspace) -> None:
    propose(ws, "TSAG", *move(paragraph="1", after="4"))
    data = json.loads(render_merge(ws.merge()))
    assert [p["number"] for p in data["paragraphs"]] == ["2", "3", "4", "1"]
    assert data["paragraphs"][3]["moved"] == {"edits": ["TSAG/1", "TSAG/2"], "after": None}
    assert "moved" not in data["paragraphs"][0]
    assert [e["action"] for e in data["edits"]] == ["SUP*", "ADD*"]


@pytest.mark.parametrize(
    ("other", "kind"),
    [
        ({"action": "SUP", "paragraph": "2"}, ConflictKind.SUPPRESSED),
        ({"action": "NOC", "paragraph": "2"}, ConflictKind.NOC),
    ],
)
def test_a_move_clashes_with_a_sup_or_a_noc_of_its_paragraph(
    ws: Workspace, other: dict[str, Any], kind: ConflictKind
) -> None:
    propose(ws, "TSAG", *move())
    propose(ws, "RAG", other)
    result = ws.merge()
    (conflict,) = result.conflicts
    assert (conflict.kind, set(conflict.edits)) == (kind, {"TSAG/1", "RAG/1"})
    assert statuses(result)["TSAG/2"] is EditStatus.CONFLICT  # the ADD* shares its SUP*'s fate
    assert result.edit("TSAG/2").message == "its SUP* TSAG/1 is conflict, so paragraph 2 is not moved"
    assert order(result) == ["1", "2", "3", "4"]


def test_moves_to_two_places_clash_and_to_one_place_agree(ws: Workspace) -> None:
    propose(ws, "TSAG", *move(after="3"))
    propose(ws, "RAG", *move(after="4"))
    propose(ws, "TDAG", *move(after="3"))
    result = ws.merge()
    (conflict,) = result.conflicts
    assert conflict.kind is ConflictKind.OVERLAP
    assert len(conflict.alternatives) == 2  # TSAG and TDAG agree
    ws.decisions("decisions:\n  - accept: TDAG/2\n")  # the ADD* stands for its move
    result = ws.merge()
    assert order(result) == ["1", "3", "2", "4"]
    assert statuses(result)["RAG/1"] is EditStatus.REJECTED and statuses(result)["RAG/2"] is EditStatus.REJECTED
    assert result.paragraphs[2].moved is not None and result.paragraphs[2].moved.sources == ("TDAG", "TSAG")


def test_a_move_after_two_that_agree_is_made_too(ws: Workspace) -> None:
    propose(ws, "A", *move(after="3"))
    propose(ws, "B", *move(after="3"))
    propose(ws, "C", *move(paragraph="1", after="4", name="M2"))
    result = ws.merge()
    assert order(result) == ["3", "2", "4", "1"]
    assert set(statuses(result).values()) == {EditStatus.APPLIED}


def test_a_paragraphs_moves_conflict_after_the_conflicts_of_its_words(ws: Workspace) -> None:
    """Conflict ids follow the text: the changes inside the paragraph first, then where it goes."""
    online = "When you click {--Online--}{++%s++} Video"
    propose(ws, "A", *move(after="3"), {"action": "MOD", "paragraph": "2", "text": online % "Web"})
    propose(ws, "B", *move(after="4"), {"action": "MOD", "paragraph": "2", "text": online % "Net"})
    assert [(c.id, c.kind, c.edits) for c in ws.merge().conflicts] == [
        ("C1", ConflictKind.OVERLAP, ("A/3", "B/3")),
        ("C2", ConflictKind.OVERLAP, ("A/1", "B/1")),
    ]


@pytest.mark.parametrize(
    ("first", "second", "message"),
    [
        ("accept: TSAG/2", "accept: RAG/2", "both are options of conflict C1"),
        ("accept: TSAG/2", "accept: RAG/1", "both are options of conflict C1"),
        ("accept: TSAG/1", "accept: RAG/2", "both are options of conflict C1"),
        ("accept: TSAG/2", "reject: TSAG/1", "would reverse accept TSAG/2"),
    ],
)
def test_decisions_on_an_add_star_are_judged_as_on_its_sup_star(
    ws: Workspace, first: str, second: str, message: str
) -> None:
    """A move is decided on its SUP*: accepting its ADD* and a rival move contradict each other (issue 14's rule)."""
    propose(ws, "TSAG", *move(after="3"))
    propose(ws, "RAG", *move(after="4"))
    ws.decisions(f"decisions:\n  - {first}\n  - {second}\n")
    with pytest.raises(InputError, match=message):
        ws.merge()


def test_resolve_refuses_a_rival_of_an_accepted_add_star_and_replace_records_it(ws: Workspace) -> None:
    propose(ws, "TSAG", *move(after="3"))
    propose(ws, "RAG", *move(after="4"))
    assert runner.invoke(app, ["resolve", "--accept", "TSAG/2", *ws.args()]).exit_code == 0
    refused = runner.invoke(app, ["resolve", "--accept", "RAG/2", *ws.args()])
    assert refused.exit_code == 2 and "contradicts accept TSAG/2" in refused.stderr
    replaced = runner.invoke(app, ["resolve", "--accept", "RAG/2", "--replace", *ws.args()])
    assert replaced.exit_code == 0, replaced.stderr
    assert "TSAG/2" not in ws.decisions_file.read_text(encoding="utf-8")
    result = ws.merge()
    assert order(result) == ["1", "3", "4", "2"]
    assert statuses(result)["TSAG/1"] is EditStatus.REJECTED and statuses(result)["RAG/2"] is EditStatus.APPLIED


def test_a_move_whose_paragraph_is_not_found_is_not_made(ws: Workspace) -> None:
    sup, add = move()
    sup["text"] = "A paragraph the draft never had, about something else entirely."
    propose(ws, "TSAG", sup, add)
    result = ws.merge()
    assert order(result) == ["1", "2", "3", "4"]
    assert statuses(result)["TSAG/2"] is statuses(result)["TSAG/1"]
    assert statuses(result)["TSAG/1"] in (EditStatus.STALE, EditStatus.UNANCHORED)
    assert "not moved" in (result.edit("TSAG/2").message or "")


def test_a_move_whose_add_star_finds_no_place_is_not_made_and_its_sup_star_says_why(ws: Workspace) -> None:
    propose(ws, "TSAG", *move(after="9"))
    result = ws.merge()
    assert order(result) == ["1", "2", "3", "4"]
    assert statuses(result) == {"TSAG/1": EditStatus.UNANCHORED, "TSAG/2": EditStatus.UNANCHORED}
    assert (result.edit("TSAG/1").message or "").startswith("its ADD* TSAG/2 is unanchored")


def test_a_move_not_made_is_listed_among_the_proposals_not_placed_as_sup_star_and_add_star(ws: Workspace) -> None:
    sup, add = move()
    sup["text"] = "A paragraph the draft never had, about something else entirely."
    propose(ws, "TSAG", sup, add)
    data = json.loads(render_merge(ws.merge()))
    assert [(p["id"], p["action"]) for p in data["not_placed"]] == [("TSAG/1", "SUP*"), ("TSAG/2", "ADD*")]
    out = runner.invoke(app, ["merge", *ws.args(), "--format", "text"]).stdout
    assert "TSAG/2 (TSAG, ADD*, stale)" in out
    assert "(the paragraph its SUP* moves here: move M1)" in out and "{++}" not in out


def test_a_move_to_where_the_paragraph_stands_is_already_made(ws: Workspace) -> None:
    propose(ws, "TSAG", *move(after="1"))
    result = ws.merge()
    assert order(result) == ["1", "2", "3", "4"]
    assert set(statuses(result).values()) == {EditStatus.ALREADY}
    assert {e.message for e in result.edits} == {"paragraph 2 already stands after paragraph 1"}


def test_moves_in_a_ring_are_ambiguous_and_leave_their_paragraphs_where_they_stand(ws: Workspace) -> None:
    propose(ws, "TSAG", *move(paragraph="2", after="4"))
    propose(ws, "RAG", *move(paragraph="4", before="2"))
    result = ws.merge()
    assert order(result) == ["1", "2", "3", "4"]
    assert set(statuses(result).values()) == {EditStatus.AMBIGUOUS}
    assert "ring of moves" in (result.edit("RAG/2").message or "")


@pytest.mark.parametrize(
    ("edits", "message"),
    [
        ([{"action": "SUP*", "paragraph": "2"}], "SUP* is half of a move and needs 'move'"),
        ([{"action": "SUP*", "paragraph": "2", "move": "M1"}], "move 'M1' has a SUP* but no ADD*"),
        ([{"action": "ADD*", "after": "2", "move": "M1", "text": "T."}], "leave 'text' out"),
        ([{"action": "SUP", "paragraph": "2", "move": "M1"}], "write the action as SUP*"),
        (
            [*move(), {"action": "ADD*", "after": "4", "move": "M1"}],
            "move 'M1' names 3 edits (SUP*, ADD*, ADD*)",
        ),
    ],
)
def test_a_move_written_wrong_is_an_error_that_says_how_to_write_it(
    ws: Workspace, edits: list[dict[str, Any]], message: str
) -> None:
    propose(ws, "TSAG", *edits)
    with pytest.raises(InputError, match=message.replace("*", r"\*").replace("(", r"\(").replace(")", r"\)")):
        load_proposal(ws.proposals_dir / "tsag.yaml")


# --- in Word -------------------------------------------------------------------------------------


@pytest.mark.skipif(shutil.which("pandoc") is None, reason="pandoc is not installed")
def test_in_word_a_move_is_a_word_move_accepted_to_the_merged_order_and_rejected_to_the_baseline(
    ws: Workspace,
) -> None:
    """Read back by pandoc: every change accepted gives the merged text in its order, rejected the baseline."""
    propose(ws, "TSAG", *move(before="1"))
    propose(ws, "RAG", {"action": "MOD", "paragraph": "2", "text": "When you {--click--}{++choose++} Online Video"})
    target = ws.root / "consolidated.docx"
    code = runner.invoke(app, ["merge", *ws.args(), "--format", "docx", "-o", str(target)]).exit_code
    assert code == 0
    merged = [f"{p.number} {p.text}" for p in ws.merge().paragraphs]
    assert merged[0].startswith("2 When you choose Online Video")
    assert numbered(target, "accept") == merged
    assert numbered(target, "reject") == [f"{n} {t}" for n, t in zip("1234", TEXTS, strict=True)]
    xml = zipfile.ZipFile(target).read("word/document.xml").decode()
    assert xml.count("<w:moveFromRangeStart") == xml.count("<w:moveToRangeStart") == 1


def test_an_arabic_paragraph_moved_is_right_to_left_where_it_stood_and_where_it_goes(workspace: Workspace) -> None:
    workspace.paragraphs("Latin first.", "يواصل الاتحاد العمل على سد الفجوة الرقمية.", "Latin last.")
    propose(workspace, "ARB", *move(quote=False, after="3"))
    target = workspace.root / "consolidated.docx"
    assert runner.invoke(app, ["merge", *workspace.args(), "-o", str(target)]).exit_code == 0
    xml = zipfile.ZipFile(target).read("word/document.xml").decode()
    ends = [p for p in xml.split("<w:p>") if "الفجوة" in p]
    assert len(ends) == 2 and all("<w:bidi/>" in p and "<w:rtl/>" in p for p in ends)
    assert "<w:moveFrom " in ends[0] and "<w:moveTo " in ends[1]


def numbered(docx: Path, mode: str) -> list[str]:
    """The paragraphs pandoc reads that start with a paragraph number, white space as one space."""
    out = subprocess.run(
        ["pandoc", f"--track-changes={mode}", "-f", "docx", "-t", "plain", "--wrap=none", str(docx)],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    blocks = [" ".join(b.split()) for b in out.split("\n\n")]
    return [b for b in blocks if b[:1].isdigit()]


# --- import --------------------------------------------------------------------------------------


def test_a_moved_text_changed_on_the_way_is_also_a_mod_of_the_paragraph() -> None:
    sup = ImportedEdit(Action.SUP, "When you click Online Video.", "2", move="w1")
    add = ImportedEdit(Action.ADD, "When you click Web Video now.", after="3", move="w1")
    context = ImportedEdit(Action.SUP, "Unmoved.", "4")
    edits = _link_moves([sup, context, add])
    assert [(e.code, e.move) for e in edits] == [("SUP*", "M1"), ("MOD", None), ("SUP", None), ("ADD*", "M1")]
    assert edits[1].text == "When you click {--Online--}{++Web++} Video{++ now++}."
    assert edits[1].paragraph == "2"


def test_halves_of_a_word_move_that_do_not_pair_stay_a_sup_and_an_add() -> None:
    edits = _link_moves(
        [ImportedEdit(Action.SUP, "Gone.", "2", move="w1"), ImportedEdit(Action.ADD, "New.", after="1")]
    )
    assert [e.code for e in edits] == ["SUP", "ADD"]
