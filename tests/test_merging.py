"""Merging (SPEC: Merge): changes, agreement, conflicts, additions, decisions, determinism.

Every rule of the section has a test that fails if the rule breaks.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from itu_amend.errors import InputError
from itu_amend.loading import load_inputs
from itu_amend.merging import clash
from itu_amend.model import (
    Change,
    Conflict,
    ConflictKind,
    EditResult,
    EditStatus,
    MergeResult,
    ParagraphStatus,
    Span,
)
from itu_amend.render.jsonout import render_conflicts, render_merge

from .conftest import Workspace

BUDGET = "The Council shall review the budget of the Union every year and report to the Conference."
OTHER = "The Secretary-General shall prepare the draft budget in consultation with the Sectors."
THIRD = "ITU will maintain an enterprise risk management framework for the Union."


def propose(
    ws: Workspace, source: str, *edits: dict[str, Any], date: str | None = None, name: str | None = None
) -> None:
    """A proposal file of `source` with the given edits (JSON is YAML)."""
    data: dict[str, Any] = {"source": source, "edits": list(edits)}
    if date is not None:
        data["date"] = date
    ws.proposal(name or f"{source.lower()}.yaml", json.dumps(data, ensure_ascii=False))


def mod(text: str, paragraph: str = "1", **extra: str) -> dict[str, Any]:
    return {"action": "MOD", "text": text, "paragraph": paragraph, **extra}


def add(text: str, **where: str) -> dict[str, Any]:
    return {"action": "ADD", "text": text, **where}


def whole(action: str, paragraph: str = "1", **extra: str) -> dict[str, Any]:
    return {"action": action, "paragraph": paragraph, **extra}


def status(result: MergeResult) -> dict[str, EditStatus]:
    return {e.edit.id: e.status for e in result.edits}


def text_of(result: MergeResult, number: str = "1") -> str:
    return next(p.text for p in result.paragraphs if p.number == number)


def edit(result: MergeResult, edit_id: str) -> EditResult:
    return result.edit(edit_id)


def conflict_of(result: MergeResult) -> Conflict:
    (conflict,) = result.conflicts
    return conflict


def alternatives(conflict: Conflict) -> dict[tuple[str, ...], str]:
    return {a.edits: a.text for a in conflict.alternatives}


def two_edits(ws: Workspace, first: str, second: str, *paragraphs: str) -> MergeResult:
    """Proposals A and B with one MOD each on paragraph 1 of BUDGET (and the given other paragraphs)."""
    ws.paragraphs(BUDGET, *paragraphs)
    propose(ws, "A", mod(first))
    propose(ws, "B", mod(second))
    return ws.merge()


# --- the rule: when two changes clash ------------------------------------------------------

CLASHES = {
    "deleted spans overlap": (Change(0, 5, ""), Change(3, 8, ""), True),
    "same span replaced differently": (Change(2, 8, "a"), Change(2, 8, "b"), True),
    "deletion against replacement of the same span": (Change(2, 8, ""), Change(2, 8, "b"), True),
    "different insertions at one point": (Change(5, 5, "a"), Change(5, 5, "b"), True),
    "insertion strictly inside a deletion": (Change(4, 4, "x"), Change(2, 8, ""), True),
    "insertion at the start of a replacement (which inserts there)": (Change(2, 2, "x"), Change(2, 8, "y"), True),
    "identical insertions": (Change(5, 5, "a"), Change(5, 5, "a"), False),
    "identical deletions": (Change(2, 8, ""), Change(2, 8, ""), False),
    "identical replacements": (Change(2, 8, "y"), Change(2, 8, "y"), False),
    "insertion at the start edge of a deletion": (Change(2, 2, "x"), Change(2, 8, ""), False),
    "insertion at the end edge of a deletion": (Change(8, 8, "x"), Change(2, 8, ""), False),
    "insertion at the end edge of a replacement": (Change(8, 8, "x"), Change(2, 8, "y"), False),
    "adjacent deletions": (Change(0, 5, ""), Change(5, 8, ""), False),
    "adjacent replacements": (Change(0, 5, "a"), Change(5, 8, "b"), False),
    "distinct spans": (Change(0, 2, ""), Change(5, 8, "z"), False),
}


@pytest.mark.parametrize("case", CLASHES.values(), ids=list(CLASHES))
def test_clash(case: tuple[Change, Change, bool]) -> None:
    a, b, expected = case
    assert clash(a, b) is expected
    assert clash(b, a) is expected


def test_overlapping_deletions_conflict_and_neither_applies(workspace: Workspace) -> None:
    result = two_edits(
        workspace,
        "review the {--budget of the--} Union every year",
        "review the budget {--of the Union--} every year",
    )
    conflict = conflict_of(result)
    assert (conflict.kind, conflict.paragraph, conflict.edits) == (ConflictKind.OVERLAP, "1", ("A/1", "B/1"))
    assert status(result) == {"A/1": EditStatus.CONFLICT, "B/1": EditStatus.CONFLICT}
    assert text_of(result) == BUDGET
    assert result.paragraphs[0].status is ParagraphStatus.CONFLICT


def test_different_insertions_at_one_point_conflict(workspace: Workspace) -> None:
    result = two_edits(
        workspace, "review the {++annual ++}budget of the Union", "review the {++biennial ++}budget of the Union"
    )
    assert conflict_of(result).kind is ConflictKind.OVERLAP
    assert text_of(result) == BUDGET


def test_an_insertion_inside_a_deleted_span_conflicts(workspace: Workspace) -> None:
    result = two_edits(
        workspace,
        "review the {--budget of the Union--} every year",
        "review the budget of{++ the members of++} the Union",
    )
    assert conflict_of(result).kind is ConflictKind.OVERLAP
    assert text_of(result) == BUDGET


def test_an_insertion_at_the_start_of_a_replacement_conflicts(workspace: Workspace) -> None:
    """{--a--}{++b++} inserts at the start of the span it deletes."""
    result = two_edits(workspace, "review the {~~budget~>accounts~~} of the Union", "review the {++annual ++}budget of")
    assert conflict_of(result).kind is ConflictKind.OVERLAP


def test_insertions_at_the_edges_of_a_deletion_merge_cleanly(workspace: Workspace) -> None:
    workspace.paragraphs(BUDGET)
    propose(workspace, "A", mod("review the budget{-- of the Union--} every year"))
    propose(workspace, "B", mod("review the budget{++ and accounts++} of the Union"))
    propose(workspace, "C", mod("the budget of the Union{++, and the plan,++} every year"))
    result = workspace.merge()
    assert result.conflicts == ()
    assert set(status(result).values()) == {EditStatus.APPLIED}
    assert text_of(result) == (
        "The Council shall review the budget and accounts, and the plan, every year and report to the Conference."
    )
    marked = [(s.kind, s.text, s.edits) for s in result.paragraphs[0].spans if s.kind != "kept"]
    assert marked == [  # each insertion marked on the side of the deletion its author quoted it
        ("inserted", " and accounts", ("B/1",)),
        ("deleted", " of the Union", ("A/1",)),
        ("inserted", ", and the plan,", ("C/1",)),
    ]


def test_changes_to_distinct_spans_merge_cleanly(workspace: Workspace) -> None:
    result = two_edits(
        workspace, "review the {~~budget~>accounts~~} of the Union", "report to the {~~Conference~>Plenipotentiary~~}."
    )
    assert result.conflicts == ()
    assert (
        text_of(result)
        == "The Council shall review the accounts of the Union every year and report to the Plenipotentiary."
    )
    assert result.paragraphs[0].status is ParagraphStatus.MODIFIED


# --- whole or nothing, agreement -------------------------------------------------------------


def test_an_edit_applies_whole_or_not_at_all(workspace: Workspace) -> None:
    """A's first change clashes with nothing, but its second clashes with B: neither of A's applies."""
    result = two_edits(
        workspace,
        "review the {~~budget~>accounts~~} of the Union {~~every year~>each session~~} and",
        "of the Union {~~every year~>annually~~} and",
    )
    assert status(result) == {"A/1": EditStatus.CONFLICT, "B/1": EditStatus.CONFLICT}
    assert text_of(result) == BUDGET
    assert alternatives(conflict_of(result)) == {
        ("A/1",): "The Council shall review the accounts of the Union each session and report to the Conference.",
        ("B/1",): "The Council shall review the budget of the Union annually and report to the Conference.",
    }


def test_identical_changes_are_one_change_credited_to_all(workspace: Workspace) -> None:
    result = two_edits(workspace, "of the Union {~~every year~>annually~~} and", "Union {~~every year~>annually~~}")
    assert result.conflicts == ()
    assert text_of(result) == "The Council shall review the budget of the Union annually and report to the Conference."
    assert status(result) == {"A/1": EditStatus.APPLIED, "B/1": EditStatus.APPLIED}
    assert "agrees with B/1" in (edit(result, "A/1").message or "")
    assert "agrees with A/1" in (edit(result, "B/1").message or "")
    (inserted,) = [s for s in result.paragraphs[0].spans if s.kind == "inserted"]
    assert (inserted.edits, inserted.sources) == (("A/1", "B/1"), ("A", "B"))


def test_identical_insertions_at_one_point_agree(workspace: Workspace) -> None:
    result = two_edits(workspace, "review the {++annual ++}budget", "the {++annual ++}budget of the Union")
    assert result.conflicts == ()
    assert text_of(result) == BUDGET.replace("the budget", "the annual budget")


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("shall {--review --}the budget", "shall {--review--} the budget"),  # Word's run vs a strike
        ("shall {--review--} the budget", "shall{-- review--} the budget"),
        ("shall {--review--} the budget", "shall {--review --}the budget"),  # either order of files
    ],
)
def test_the_same_deletion_with_or_without_the_space_beside_it_is_agreement(
    workspace: Workspace, first: str, second: str
) -> None:
    result = two_edits(workspace, first, second)
    assert result.conflicts == ()
    assert status(result) == {"A/1": EditStatus.APPLIED, "B/1": EditStatus.APPLIED}
    assert text_of(result) == BUDGET.replace("review ", "")  # one space left where the word was
    (deleted,) = [s for s in result.paragraphs[0].spans if s.kind == "deleted"]
    assert (deleted.edits, deleted.sources) == (("A/1", "B/1"), ("A", "B"))
    assert "agrees with B/1" in (edit(result, "A/1").message or "")


def test_the_same_replacement_with_or_without_edge_spaces_is_agreement(workspace: Workspace) -> None:
    result = two_edits(workspace, "shall {--review --}{++examine ++}the budget", "shall {~~review~>examine~~} the")
    assert result.conflicts == ()
    assert text_of(result) == BUDGET.replace("review", "examine")


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("good{++ new++} word", "good {++new ++}word"),
        ("good {++new++} word", "good{++ new++} word"),
    ],
)
def test_the_same_insertion_on_either_side_of_a_space_is_agreement(
    workspace: Workspace, first: str, second: str
) -> None:
    """Two groups insert one word between the same two: one word inserted, not "new new"."""
    workspace.paragraphs("a good word here")
    propose(workspace, "A", mod(first))
    propose(workspace, "B", mod(second))
    result = workspace.merge()
    assert result.conflicts == ()
    assert text_of(result) == "a good new word here"


@pytest.mark.parametrize(
    ("first", "second", "merged"),
    [
        ("good {--word--} here", "word {--here--}", "a good"),  # at the paragraph's end
        ("{--a--} good word", "a {--good--} word", "word here"),  # at its start
        ("good {--word--} here", "word {--here--} now", "a good now"),  # inside
    ],
)
def test_deletions_of_neighbouring_words_sharing_the_space_between_both_apply(
    workspace: Workspace, first: str, second: str, merged: str
) -> None:
    """Each deletion alone takes the space beside it; two of them overlap in that space alone: no clash."""
    workspace.paragraphs("a good word here now" if merged.endswith("now") else "a good word here")
    propose(workspace, "A", mod(first))
    propose(workspace, "B", mod(second))
    result = workspace.merge()
    assert result.conflicts == ()
    assert status(result) == {"A/1": EditStatus.APPLIED, "B/1": EditStatus.APPLIED}
    assert text_of(result) == merged


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("shall {--review--} the budget", "shall {--review the--} budget"),  # a word more is another change
        ("shall {--review --}the budget", "shall {--review --}{++examine ++}the budget"),
    ],
)
def test_spans_differing_in_more_than_edge_white_space_still_conflict(
    workspace: Workspace, first: str, second: str
) -> None:
    result = two_edits(workspace, first, second)
    assert [c.kind for c in result.conflicts] == [ConflictKind.OVERLAP]


def test_a_shared_change_between_otherwise_distinct_edits_is_applied_once(workspace: Workspace) -> None:
    result = two_edits(
        workspace,
        "review the {~~budget~>accounts~~} of the Union {~~every year~>annually~~} and",
        "of the Union {~~every year~>annually~~} and report to the {~~Conference~>Plenipotentiary~~}.",
    )
    assert result.conflicts == ()
    assert (
        text_of(result)
        == "The Council shall review the accounts of the Union annually and report to the Plenipotentiary."
    )


# --- SUP and NOC -----------------------------------------------------------------------------


def test_a_sup_conflicts_with_every_mod_of_the_paragraph(workspace: Workspace) -> None:
    workspace.paragraphs(BUDGET, OTHER)
    propose(workspace, "A", mod("review the {~~budget~>accounts~~} of"))
    propose(workspace, "B", mod("report to the {~~Conference~>Plenipotentiary~~}."))
    propose(workspace, "C", whole("SUP"))
    result = workspace.merge()
    conflict = conflict_of(result)
    assert (conflict.kind, set(conflict.edits)) == (ConflictKind.SUPPRESSED, {"A/1", "B/1", "C/1"})
    assert set(status(result).values()) == {EditStatus.CONFLICT}
    assert text_of(result) == BUDGET
    assert alternatives(conflict)[("C/1",)] == ""
    assert alternatives(conflict)[("A/1",)] == BUDGET.replace("budget", "accounts")
    sup = next(a for a in conflict.alternatives if a.edits == ("C/1",))
    assert sup.spans == (Span(BUDGET, "deleted", ("C/1",), ("C",)),)  # the whole paragraph, credited to its SUP


def test_an_unopposed_sup_suppresses_the_paragraph(workspace: Workspace) -> None:
    workspace.paragraphs(BUDGET, OTHER)
    propose(workspace, "A", whole("SUP", "2"))
    propose(workspace, "B", whole("SUP", "2"))
    result = workspace.merge()
    assert result.conflicts == ()
    assert status(result) == {"A/1": EditStatus.APPLIED, "B/1": EditStatus.APPLIED}
    assert (result.paragraphs[1].status, result.paragraphs[1].text) == (ParagraphStatus.SUPPRESSED, "")


def test_a_noc_conflicts_with_every_mod_and_sup(workspace: Workspace) -> None:
    workspace.paragraphs(BUDGET)
    propose(workspace, "A", mod("review the {~~budget~>accounts~~} of"))
    propose(workspace, "B", whole("SUP"))
    propose(workspace, "C", whole("NOC"))
    result = workspace.merge()
    kinds = {c.kind: set(c.edits) for c in result.conflicts}
    assert kinds == {
        ConflictKind.SUPPRESSED: {"A/1", "B/1"},
        ConflictKind.NOC: {"A/1", "B/1", "C/1"},
    }
    assert [c.id for c in result.conflicts] == ["C1", "C2"]
    assert status(result)["C/1"] is EditStatus.CONFLICT
    noc = next(c for c in result.conflicts if c.kind is ConflictKind.NOC)
    assert alternatives(noc) == {("C/1",): BUDGET, ("B/1",): "", ("A/1",): BUDGET.replace("budget", "accounts")}


def test_a_noc_conflicts_with_a_sup_that_no_mod_stands_beside(workspace: Workspace) -> None:
    """SPEC: a NOC conflicts with every MOD *or SUP*: without a MOD, the paragraph is not silently suppressed."""
    workspace.paragraphs(BUDGET, OTHER)
    propose(workspace, "A", whole("SUP"))
    propose(workspace, "B", whole("NOC"))
    result = workspace.merge()
    conflict = conflict_of(result)
    assert (conflict.kind, conflict.paragraph, set(conflict.edits)) == (ConflictKind.NOC, "1", {"A/1", "B/1"})
    assert not conflict.resolved
    assert status(result) == {"A/1": EditStatus.CONFLICT, "B/1": EditStatus.CONFLICT}
    assert (result.paragraphs[0].status, text_of(result)) == (ParagraphStatus.CONFLICT, BUDGET)
    assert alternatives(conflict) == {("B/1",): BUDGET, ("A/1",): ""}


def test_a_noc_clashing_with_nothing_is_noc(workspace: Workspace) -> None:
    workspace.paragraphs(BUDGET, OTHER)
    propose(workspace, "A", whole("NOC"), mod("prepare the {++final ++}draft budget", "2"))
    result = workspace.merge()
    assert status(result) == {"A/1": EditStatus.NOC, "A/2": EditStatus.APPLIED}
    assert result.conflicts == ()
    assert text_of(result) == BUDGET


def test_a_noc_does_not_clash_with_an_edit_that_did_not_anchor(workspace: Workspace) -> None:
    workspace.paragraphs(BUDGET)
    propose(workspace, "A", whole("NOC"))
    propose(workspace, "B", mod("review the budget of the Union every {~~month~>week~~} and report"))
    result = workspace.merge()
    assert status(result) == {"A/1": EditStatus.NOC, "B/1": EditStatus.STALE}
    assert result.conflicts == ()


# --- conflicts: connected groups, kinds, ids, alternatives -------------------------------------


def test_one_conflict_is_one_connected_group(workspace: Workspace) -> None:
    """A clashes with B and B with C (A and C do not clash): one conflict; D clashes with nobody."""
    workspace.paragraphs(BUDGET)
    propose(workspace, "A", mod("review the {--budget of--} the Union"))
    propose(workspace, "B", mod("review the budget {--of the Union--} every"))
    propose(workspace, "C", mod("the budget of the {~~Union~>ITU~~} every"))
    propose(workspace, "D", mod("report to the {~~Conference~>Plenipotentiary~~}."))
    result = workspace.merge()
    conflict = conflict_of(result)
    assert conflict.edits == ("A/1", "B/1", "C/1")
    assert status(result)["D/1"] is EditStatus.APPLIED
    assert text_of(result) == BUDGET.replace("Conference", "Plenipotentiary")


def test_separate_groups_in_one_paragraph_are_separate_conflicts_in_text_order(workspace: Workspace) -> None:
    workspace.paragraphs(BUDGET)
    propose(workspace, "A", mod("report to the {~~Conference~>Plenipotentiary~~}."))
    propose(workspace, "B", mod("report to the {~~Conference~>Council~~}."))
    propose(workspace, "C", mod("review the {~~budget~>accounts~~} of"))
    propose(workspace, "D", mod("review the {~~budget~>plan~~} of"))
    result = workspace.merge()
    assert [(c.id, c.edits) for c in result.conflicts] == [("C1", ("C/1", "D/1")), ("C2", ("A/1", "B/1"))]


def test_conflict_ids_follow_document_order(workspace: Workspace) -> None:
    workspace.paragraphs(BUDGET, OTHER, THIRD)
    propose(
        workspace, "A", mod("maintain an {++effective ++}enterprise", "3"), mod("prepare the {++final ++}draft", "2")
    )
    propose(workspace, "B", mod("maintain an {++integrated ++}enterprise", "3"), whole("SUP", "1"))
    propose(workspace, "C", mod("review the {~~budget~>plan~~} of"), whole("NOC", "2"))
    result = workspace.merge()
    assert [(c.id, c.paragraph, c.kind) for c in result.conflicts] == [
        ("C1", "1", ConflictKind.SUPPRESSED),
        ("C2", "2", ConflictKind.NOC),
        ("C3", "3", ConflictKind.OVERLAP),
    ]
    assert [p.conflicts for p in result.paragraphs] == [("C1",), ("C2",), ("C3",)]


def test_alternatives_show_the_clean_text_with_each_alternative_applied(workspace: Workspace) -> None:
    """The clean text keeps the baseline at the conflict and has every other change; agreeing edits share one."""
    workspace.paragraphs(BUDGET)
    propose(workspace, "A", mod("review the {~~budget~>accounts~~} of"))
    propose(workspace, "B", mod("the {~~budget~>accounts~~} of the Union"))
    propose(workspace, "C", mod("review the {~~budget~>plan~~} of"))
    propose(workspace, "D", mod("report to the {~~Conference~>Plenipotentiary~~}."))
    result = workspace.merge()
    clean = BUDGET.replace("Conference", "Plenipotentiary")
    assert text_of(result) == clean
    conflict = conflict_of(result)
    assert [(a.edits, a.sources, a.text) for a in conflict.alternatives] == [
        (("A/1", "B/1"), ("A", "B"), clean.replace("budget", "accounts")),
        (("C/1",), ("C",), clean.replace("budget", "plan")),
    ]
    for alternative in conflict.alternatives:  # its spans read as its text, marking only its own changes
        assert "".join(s.text for s in alternative.spans if s.kind != "deleted") == alternative.text
        assert {e for s in alternative.spans for e in s.edits} == set(alternative.edits)
    data = json.loads(render_conflicts(result))["conflicts"][0]
    assert data["alternatives"][0] == {
        "edits": ["A/1", "B/1"],
        "sources": ["A", "B"],
        "text": clean.replace("budget", "accounts"),
    }


# --- additions -----------------------------------------------------------------------------------


def test_additions_at_one_place_are_ordered_by_date_then_source_then_file_order(workspace: Workspace) -> None:
    workspace.paragraphs(BUDGET, OTHER)
    propose(workspace, "Zeta", add("Zeta's text.", after="1"), date="2026-03-01", name="a.yaml")
    propose(workspace, "Alpha", add("Alpha's text.", after="1"), name="b.yaml")
    propose(workspace, "Yankee", add("Yankee's text.", after="1"), date="2026-02-01", name="c.yaml")
    propose(workspace, "Beta", add("Beta's first.", after="1"), add("Beta's second.", after="1"), date="2026-03-01")
    result = workspace.merge()
    added = [(p.number, p.text) for p in result.paragraphs if p.origin == "added"]
    assert added == [
        ("1A", "Yankee's text."),
        ("1B", "Beta's first."),
        ("1C", "Beta's second."),
        ("1D", "Zeta's text."),
        ("1E", "Alpha's text."),
    ]
    assert [p.number for p in result.paragraphs] == ["1", "1A", "1B", "1C", "1D", "1E", "2"]
    assert result.conflicts == ()
    note = next(p.note for p in result.paragraphs if p.number == "1A")
    assert note is not None and "ordered" in note
    assert note in result.notes


def test_additions_before_the_first_paragraph_are_numbered_from_0(workspace: Workspace) -> None:
    workspace.paragraphs(BUDGET, OTHER)
    propose(workspace, "A", add("A preamble.", before="1"), add("Between.", before="2"))
    result = workspace.merge()
    assert [(p.number, p.origin) for p in result.paragraphs] == [
        ("0A", "added"),
        ("1", "baseline"),
        ("1A", "added"),
        ("2", "baseline"),
    ]
    assert (edit(result, "A/1").paragraph, edit(result, "A/2").paragraph) == ("0A", "1A")


def test_the_note_of_additions_ordered_before_the_first_paragraph_says_where_they_are(workspace: Workspace) -> None:
    workspace.paragraphs(BUDGET, OTHER)
    propose(workspace, "A", add("A preamble.", before="1"))
    propose(workspace, "B", add("Another preamble.", before="1"))
    added = [p for p in workspace.merge().paragraphs if p.origin == "added"]
    assert [p.number for p in added] == ["0A", "0B"]
    assert added[0].note == "2 additions before the first paragraph (A, B), ordered by proposal date, then group"


def test_default_numbers_skip_numbers_the_baseline_has(workspace: Workspace) -> None:
    workspace.paragraphs(BUDGET, OTHER, THIRD, numbers=["1", "1A", "2"])
    propose(workspace, "A", add("New text.", after="1"))
    result = workspace.merge()
    assert [p.number for p in result.paragraphs] == ["1", "1B", "1A", "2"]


def test_an_explicit_number_is_used(workspace: Workspace) -> None:
    workspace.paragraphs(BUDGET, OTHER)
    propose(workspace, "A", {**add("New text.", after="1"), "number": "1bis"})
    result = workspace.merge()
    assert [p.number for p in result.paragraphs] == ["1", "1bis", "2"]


def test_an_explicit_number_that_exists_is_an_error(workspace: Workspace) -> None:
    workspace.paragraphs(BUDGET, OTHER)
    propose(workspace, "A", {**add("New text.", after="1"), "number": "2"})
    with pytest.raises(InputError, match="'2'"):
        workspace.merge()


def test_identical_additions_at_one_place_are_one_credited_to_all(workspace: Workspace) -> None:
    workspace.paragraphs(BUDGET, OTHER)
    propose(workspace, "A", add("ITU will publish its accounts.", after="1"))
    propose(workspace, "B", add("ITU will publish its   accounts.", before="2"))
    result = workspace.merge()
    added = [p for p in result.paragraphs if p.origin == "added"]
    assert [(p.number, p.edits) for p in added] == [("1A", ("A/1", "B/1"))]
    assert status(result) == {"A/1": EditStatus.APPLIED, "B/1": EditStatus.APPLIED}
    assert "agrees with B/1" in (edit(result, "A/1").message or "")


@pytest.mark.parametrize("second", ["1bis", None])
def test_identical_additions_at_one_place_and_one_explicit_number_are_one(
    workspace: Workspace, second: str | None
) -> None:
    workspace.paragraphs(BUDGET, OTHER)
    propose(workspace, "A", {**add("ITU will publish its accounts.", after="1"), "number": "1bis"})
    propose(
        workspace, "B", {**add("ITU will publish its accounts.", after="1"), **({"number": second} if second else {})}
    )
    added = [p for p in workspace.merge().paragraphs if p.origin == "added"]
    assert [(p.number, p.edits) for p in added] == [("1bis", ("A/1", "B/1"))]


def test_identical_additions_at_different_places_are_two(workspace: Workspace) -> None:
    workspace.paragraphs(BUDGET, OTHER)
    propose(workspace, "A", add("ITU will publish its accounts.", after="1"))
    propose(workspace, "B", add("ITU will publish its accounts.", after="2"))
    result = workspace.merge()
    assert [p.number for p in result.paragraphs] == ["1", "1A", "2", "2A"]


# --- decisions ---------------------------------------------------------------------------------------


def three_way(ws: Workspace) -> None:
    """A and B agree; C clashes with them; D is clean."""
    ws.paragraphs(BUDGET)
    propose(ws, "A", mod("review the {~~budget~>accounts~~} of"))
    propose(ws, "B", mod("the {~~budget~>accounts~~} of the Union"))
    propose(ws, "C", mod("review the {~~budget~>plan~~} of"))
    propose(ws, "D", mod("report to the {~~Conference~>Plenipotentiary~~}."))


def test_accepting_an_edit_rejects_the_others_of_its_conflicts(workspace: Workspace) -> None:
    three_way(workspace)
    workspace.decisions("decisions:\n  - accept: C/1\n")
    result = workspace.merge()
    assert status(result) == {
        "A/1": EditStatus.REJECTED,
        "B/1": EditStatus.REJECTED,
        "C/1": EditStatus.APPLIED,
        "D/1": EditStatus.APPLIED,
    }
    assert "C/1" in (edit(result, "A/1").message or "")
    assert conflict_of(result).resolved
    assert text_of(result) == BUDGET.replace("budget", "plan").replace("Conference", "Plenipotentiary")
    assert result.paragraphs[0].status is ParagraphStatus.MODIFIED


def test_accepting_an_edit_keeps_the_edits_that_agree_with_it(workspace: Workspace) -> None:
    three_way(workspace)
    workspace.decisions("decisions:\n  - accept: A/1\n")
    result = workspace.merge()
    assert status(result) == {
        "A/1": EditStatus.APPLIED,
        "B/1": EditStatus.APPLIED,
        "C/1": EditStatus.REJECTED,
        "D/1": EditStatus.APPLIED,
    }
    assert text_of(result) == BUDGET.replace("budget", "accounts").replace("Conference", "Plenipotentiary")


def test_rejecting_an_edit_resolves_a_conflict_of_two(workspace: Workspace) -> None:
    result = two_edits(workspace, "review the {~~budget~>accounts~~} of", "review the {~~budget~>plan~~} of")
    assert not conflict_of(result).resolved
    workspace.decisions("decisions:\n  - reject: A/1\n")
    result = workspace.merge()
    assert status(result) == {"A/1": EditStatus.REJECTED, "B/1": EditStatus.APPLIED}
    assert conflict_of(result).resolved
    assert text_of(result) == BUDGET.replace("budget", "plan")


def test_a_conflict_stays_open_while_two_clashing_edits_stand(workspace: Workspace) -> None:
    three_way(workspace)
    workspace.decisions("decisions:\n  - reject: A/1\n")
    result = workspace.merge()
    assert not conflict_of(result).resolved
    assert status(result)["B/1"] is EditStatus.CONFLICT
    assert text_of(result) == BUDGET.replace("Conference", "Plenipotentiary")


def test_rejecting_the_middle_of_a_chain_resolves_it(workspace: Workspace) -> None:
    workspace.paragraphs(BUDGET)
    propose(workspace, "A", mod("review the {--budget of --}the Union"))
    propose(workspace, "B", mod("review the budget {--of the Union--} every"))
    propose(workspace, "C", mod("the budget of the {~~Union~>ITU~~} every"))
    workspace.decisions("decisions:\n  - reject: B/1\n")
    result = workspace.merge()
    assert conflict_of(result).resolved
    assert status(result) == {"A/1": EditStatus.APPLIED, "B/1": EditStatus.REJECTED, "C/1": EditStatus.APPLIED}
    assert text_of(result) == "The Council shall review the the ITU every year and report to the Conference."


def test_a_compromise_text_replaces_the_paragraph_and_supersedes_its_edits(workspace: Workspace) -> None:
    three_way(workspace)
    compromise = "The Council shall review the accounts and the plan of the Union every year."
    workspace.decisions(f'decisions:\n  - paragraph: "1"\n    text: "{compromise}"\n')
    result = workspace.merge()
    assert text_of(result) == compromise
    assert conflict_of(result).resolved
    assert set(status(result).values()) == {EditStatus.REJECTED}
    assert all("superseded" in (e.message or "") for e in result.edits)
    assert result.paragraphs[0].status is ParagraphStatus.MODIFIED
    assert result.paragraphs[0].spans == (  # credited to the decision, not to an edit
        Span(BUDGET, "deleted", (), ("decision",)),
        Span(compromise, "inserted", (), ("decision",)),
    )


def test_decisions_after_a_compromise_text_are_applied_too(workspace: Workspace) -> None:
    workspace.paragraphs(BUDGET, OTHER)
    propose(workspace, "A", mod("review the {~~budget~>accounts~~} of"))
    propose(workspace, "B", mod("prepare the draft {~~budget~>plan~~} in", paragraph="2"))
    propose(workspace, "C", mod("prepare the {~~draft~>final~~} budget", paragraph="2"))
    workspace.decisions('decisions:\n  - paragraph: "1"\n    text: A compromise.\n  - reject: C/1\n')
    result = workspace.merge()
    assert (status(result)["B/1"], status(result)["C/1"]) == (EditStatus.APPLIED, EditStatus.REJECTED)
    assert text_of(result, "2") == OTHER.replace("draft budget", "draft plan")


def test_a_decision_naming_an_unknown_edit_is_an_error(workspace: Workspace) -> None:
    three_way(workspace)
    workspace.decisions("decisions:\n  - accept: C/9\n")
    with pytest.raises(InputError, match="C/9"):
        workspace.merge()


def test_a_decision_naming_an_unknown_paragraph_is_an_error_naming_it(workspace: Workspace) -> None:
    three_way(workspace)
    workspace.decisions('decisions:\n  - paragraph: "7"\n    text: A compromise.\n')
    with pytest.raises(InputError, match="paragraph '7'"):
        workspace.merge()


# --- statuses ---------------------------------------------------------------------------------------


def test_every_status(workspace: Workspace) -> None:
    workspace.paragraphs(BUDGET, OTHER, THIRD, OTHER.replace("Sectors", "Bureaux"))
    propose(
        workspace,
        "A",
        mod("The Secretary-General shall prepare the {++final ++}draft budget in consultation"),  # ambiguous
        mod("review the {~~budget~>accounts~~} of"),  # conflict with B/1
        mod("the budget of the Union {~~twice~>once~~} every year and report", "1"),  # stale
        mod("The Plenipotentiary Conference shall {--elect--} the officials.", "3"),  # unanchored
        whole("NOC", "3"),  # noc
        mod("maintain an {++enterprise ++}risk", "3", id="A/already"),  # already ("enterprise risk")
    )
    propose(workspace, "B", mod("review the {~~budget~>plan~~} of"), mod("report to the {++World ++}Conference."))
    propose(workspace, "C", mod("to the {++World ++}Conference."))
    workspace.decisions("decisions:\n  - reject: B/2\n")
    result = workspace.merge()
    assert status(result) == {
        "A/1": EditStatus.AMBIGUOUS,
        "A/2": EditStatus.CONFLICT,
        "A/3": EditStatus.STALE,
        "A/4": EditStatus.UNANCHORED,
        "A/5": EditStatus.NOC,
        "A/already": EditStatus.ALREADY,
        "B/1": EditStatus.CONFLICT,
        "B/2": EditStatus.REJECTED,
        "C/1": EditStatus.APPLIED,
    }
    assert result.needs_editor


# --- determinism -------------------------------------------------------------------------------------


def busy_workspace(ws: Workspace, names: Callable[[str], str]) -> str:
    ws.paragraphs(BUDGET, OTHER, THIRD)
    propose(ws, "A", mod("review the {~~budget~>accounts~~} of"), add("A's text.", after="2"), name=names("a"))
    propose(ws, "B", mod("review the {~~budget~>plan~~} of"), add("B's text.", after="2"), name=names("b"))
    propose(ws, "C", whole("SUP", "3"), mod("maintain an {++effective ++}enterprise", "3"), name=names("c"))
    propose(ws, "D", whole("NOC", "1"), add("D's text.", after="2"), date="2026-01-01", name=names("d"))
    return render_merge(ws.merge())


@pytest.mark.parametrize("names", [lambda s: f"{s}.yaml", lambda s: f"{'zyxw'['abcd'.index(s)]}-{s}.yml"])
def test_the_same_inputs_give_byte_identical_json_whatever_the_file_names(
    workspace: Workspace, tmp_path_factory: pytest.TempPathFactory, names: Callable[[str], str]
) -> None:
    reference = busy_workspace(Workspace(tmp_path_factory.mktemp("reference")), lambda s: f"{s}.yaml")
    assert busy_workspace(workspace, names) == reference
    assert render_merge(workspace.merge()) == reference


def test_the_order_proposals_are_given_in_does_not_matter(workspace: Workspace) -> None:
    from itu_amend.merging import merge

    busy_workspace(workspace, lambda s: f"{s}.yaml")
    inputs = workspace.inputs()
    reversed_inputs = type(inputs)(inputs.baseline, inputs.proposals[::-1], inputs.decisions, inputs.decisions_path)
    assert render_merge(merge(reversed_inputs)) == render_merge(merge(inputs))


@pytest.mark.parametrize(("version", "expected"), [(None, None), ("v2", "v2")])
def test_json_version_is_null_when_the_baseline_has_none(
    workspace: Workspace, version: str | None, expected: str | None
) -> None:
    """SPEC's JSON: "version": str | null (scripts test it against null, not "")."""
    lines = ["document: Test document"] + ([f"version: {version}"] if version else [])
    workspace.baseline("\n".join([*lines, "paragraphs:", '  - number: "1"', f"    text: {BUDGET}", ""]))
    propose(workspace, "A", whole("NOC"))
    data = json.loads(render_merge(workspace.merge()))
    assert data["version"] == expected
    assert "version" in data


# --- the shipped example -----------------------------------------------------------------------------


def test_the_shipped_example_has_its_three_conflicts(example: Callable[[], MergeResult]) -> None:
    result = example()
    assert [(c.id, c.kind, c.paragraph) for c in result.conflicts] == [
        ("C1", ConflictKind.NOC, "31"),
        ("C2", ConflictKind.OVERLAP, "33"),
        ("C3", ConflictKind.SUPPRESSED, "35"),
    ]
    assert edit(result, "TDAG/3").status is EditStatus.STALE
    assert edit(result, "TDAG/1").status is EditStatus.CONFLICT
    assert [e for e in result.edits if e.status is EditStatus.APPLIED and e.edit.source == "RAG"] != []


def test_progress_counts_the_edits_anchored_up_to_all_of_them(example: Callable[[], MergeResult]) -> None:
    from itu_amend.merging import merge

    inputs = load_inputs(Path("baseline"), Path("proposals"), Path("decisions.yaml"))
    calls: list[tuple[int, int]] = []
    result = merge(inputs, progress=lambda done, total: calls.append((done, total)))
    total = len(result.edits)
    assert calls[0] == (0, total)
    assert calls[-1] == (total, total)
    assert len(calls) >= 3  # it moves on as the stages go, not only at the end
    assert [done for done, _ in calls] == sorted(done for done, _ in calls)
    assert {t for _, t in calls} == {total}


def test_reporting_progress_changes_nothing_in_the_result(example: Callable[[], MergeResult]) -> None:
    """Progress is only told how far anchoring has got: the result is the same with it or without."""
    from itu_amend.merging import merge

    inputs = load_inputs(Path("baseline"), Path("proposals"), Path("decisions.yaml"))
    with_progress = merge(inputs, progress=lambda done, total: None)
    assert with_progress == example()
    assert render_merge(with_progress) == render_merge(example())


def test_anchoring_on_two_processes_gives_the_same_result(example: Callable[[], MergeResult]) -> None:
    """Proposals are independent until the doubt pass: how many processes anchor them must change nothing."""
    from itu_amend.merging import merge

    inputs = load_inputs(Path("baseline"), Path("proposals"), Path("decisions.yaml"))
    on_two = merge(inputs, jobs=2)
    assert on_two == example()
    assert render_merge(on_two) == render_merge(example())


def test_a_small_merge_is_anchored_in_this_process_and_a_large_one_on_every_core(
    workspace: Workspace, monkeypatch: pytest.MonkeyPatch, jobs_asked: list[int]
) -> None:
    """Forking workers costs more than it saves on a few hundred edits."""
    from itu_amend import anchoring, workers

    asked = jobs_asked
    monkeypatch.setattr(workers, "available", lambda: 4)
    workspace.paragraphs(BUDGET, OTHER)
    propose(workspace, "A", mod("review the {~~budget~>accounts~~} of"))
    propose(workspace, "B", mod("report to the {++World ++}Conference"))
    small = workspace.merge(jobs=None)
    assert set(asked) == {1}
    monkeypatch.setattr(anchoring, "PARALLEL_FROM", 2)
    asked.clear()
    large = workspace.merge(jobs=None)
    assert set(asked) == {4}  # every core (`ordered_map` forks no more workers than it has chunks of edits)
    assert large == small
    asked.clear()
    workspace.merge()
    assert set(asked) == {1}  # the library forks only when asked to (jobs=None or more than 1)


def test_accepting_two_options_of_one_conflict_is_an_error_at_the_later(workspace: Workspace) -> None:
    """Which of two contradicting rulings the editor meant is hers to say, not ours to guess."""
    two_edits(workspace, "review the {~~budget~>accounts~~} of", "review the {~~budget~>plan~~} of")
    workspace.decisions("decisions:\n  - accept: A/1\n  - accept: B/1\n")
    with pytest.raises(InputError, match=r"decisions.yaml:3:5: accept B/1 contradicts accept A/1 .*:2:5"):
        workspace.merge()


def test_one_explicit_number_for_additions_at_two_places_is_an_error(workspace: Workspace) -> None:
    workspace.paragraphs(BUDGET, OTHER)
    propose(workspace, "A", {**add("ITU will publish its accounts.", after="1"), "number": "1bis"})
    propose(workspace, "B", {**add("ITU will publish its accounts.", after="2"), "number": "1bis"})
    with pytest.raises(InputError, match="1bis"):
        workspace.merge()


def test_accepting_a_sup_suppresses_the_paragraph(workspace: Workspace) -> None:
    workspace.paragraphs(BUDGET, OTHER)
    propose(workspace, "A", mod("review the {~~budget~>accounts~~} of"), mod("report to the {++World ++}Conference"))
    propose(workspace, "B", whole("SUP"))
    workspace.decisions("decisions:\n  - accept: B/1\n")
    result = workspace.merge()
    assert status(result) == {"A/1": EditStatus.REJECTED, "A/2": EditStatus.REJECTED, "B/1": EditStatus.APPLIED}
    assert (result.paragraphs[0].status, result.paragraphs[0].text) == (ParagraphStatus.SUPPRESSED, "")
    assert conflict_of(result).resolved


def test_accepting_a_noc_keeps_the_paragraph(workspace: Workspace) -> None:
    workspace.paragraphs(BUDGET, OTHER)
    propose(workspace, "A", mod("review the {~~budget~>accounts~~} of"), whole("SUP"))
    propose(workspace, "B", whole("NOC"))
    workspace.decisions("decisions:\n  - accept: B/1\n")
    result = workspace.merge()
    assert status(result) == {"A/1": EditStatus.REJECTED, "A/2": EditStatus.REJECTED, "B/1": EditStatus.NOC}
    assert all(c.resolved for c in result.conflicts)
    assert (result.paragraphs[0].status, result.paragraphs[0].text) == (ParagraphStatus.UNCHANGED, BUDGET)
