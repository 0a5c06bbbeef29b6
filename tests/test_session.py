"""The meeting room without a terminal: each key as a function of the session, recorded through `resolve`'s code."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from itu_amend import session as S
from itu_amend.meeting import ChangedOutside, Room
from itu_amend.model import EditStatus, Span

DECISIONS = Path("decisions.yaml")


def room() -> Room:
    return Room.open(Path("baseline"), Path("proposals"), DECISIONS)


def press(the_room: Room, state: S.Session, key: Callable[..., tuple[S.Session, S.Steps]], *args: Any) -> S.Session:
    """What the app does on a key: the key's function, its steps recorded, the session merged again."""
    after, steps = key(state, *args)
    return S.merged(after, the_room.record(steps)) if steps else after


def test_the_conflicts_come_in_the_voting_lists_order_starting_at_the_first(example_dir: Path) -> None:
    state = S.opened(room().merged())
    assert [c.id for c in state.result.conflicts] == ["C1", "C2", "C3"]
    assert state.conflict is not None and state.conflict.id == "C1"
    assert [o.label for o in state.options] == ["A", "B"]
    assert state.remaining == 3


def test_adopting_an_option_of_edits_records_an_acceptance_and_goes_on(example_dir: Path) -> None:
    the_room = room()
    state = S.jump(S.opened(the_room.merged()), "C2")
    state = press(the_room, state, S.adopt, "b")
    assert "accept: RAG/2" in DECISIONS.read_text()
    assert state.result.edit("RAG/2").status is EditStatus.APPLIED
    assert state.conflict is not None and state.conflict.id == "C3"  # the next open one
    assert state.message == "C2: RAG/2 now applies (option B)"
    assert state.remaining == 2


def test_keeping_the_text_sponsored_by_a_noc_accepts_the_noc(example_dir: Path) -> None:
    the_room = room()
    state = press(the_room, S.opened(the_room.merged()), S.adopt, "B")
    assert "accept: RAG/4" in DECISIONS.read_text()
    assert state.result.edit("TDAG/5").status is EditStatus.REJECTED


def test_keeping_the_text_without_a_noc_rejects_every_edit(example_dir: Path) -> None:
    the_room = room()
    state = press(the_room, S.jump(S.opened(the_room.merged()), "35"), S.adopt, "C")
    text = DECISIONS.read_text()
    assert "reject: TDAG/2" in text and "reject: RAG/5" in text
    assert state.message == "C3: the text is kept (option C)"


def test_adopting_a_suppression_deletes_the_paragraph(example_dir: Path) -> None:
    the_room = room()
    state = press(the_room, S.jump(S.opened(the_room.merged()), "C3"), S.adopt, "A")
    paragraph = next(p for p in state.result.paragraphs if p.number == "35")
    assert paragraph.text == ""
    assert "accept: TDAG/2" in DECISIONS.read_text()


def test_an_unknown_letter_records_nothing_and_says_so(example_dir: Path) -> None:
    the_room = room()
    state, steps = S.adopt(S.opened(the_room.merged()), "Z")
    assert steps == ()
    assert "C1 has no option 'Z'" in state.message
    assert not DECISIONS.exists()


def test_a_compromise_replaces_the_paragraph(example_dir: Path) -> None:
    the_room = room()
    state = press(the_room, S.jump(S.opened(the_room.merged()), "C2"), S.compromise, "A text all agree on.\n")
    paragraph = next(p for p in state.result.paragraphs if p.number == "33")
    assert paragraph.text == "A text all agree on."
    assert "C2: the compromise text for paragraph 33 applies" in state.message


def test_undo_gives_the_file_back_what_it_held_comments_included(example_dir: Path) -> None:
    DECISIONS.write_text("# the chair's notes\ndecisions:\n  # agreed on Monday\n  - accept: RAG/4\n")
    before = DECISIONS.read_bytes()
    the_room = room()
    state = S.opened(the_room.merged())
    assert state.conflict is not None and state.conflict.id == "C2"  # C1 was settled: resumes at the first open
    state = press(the_room, state, S.adopt, "A")
    assert DECISIONS.read_bytes() != before
    state = press(the_room, state, S.undo)
    assert DECISIONS.read_bytes() == before
    assert state.conflict is not None and state.conflict.id == "C2"
    assert state.message.startswith("undone: accept TDAG/1")


def test_undoing_a_change_of_mind_brings_the_first_decision_back(example_dir: Path) -> None:
    the_room = room()
    state = press(the_room, S.jump(S.opened(the_room.merged()), "C2"), S.adopt, "A")
    first = DECISIONS.read_text()
    state = press(the_room, S.jump(state, "C2"), S.adopt, "B")  # the meeting changed its mind
    assert "accept: RAG/2" in DECISIONS.read_text() and "TDAG/1" not in DECISIONS.read_text()
    state = press(the_room, state, S.undo)
    assert DECISIONS.read_text() == first


def test_undoing_keeping_the_text_removes_every_rejection(example_dir: Path) -> None:
    the_room = room()
    state = press(the_room, S.jump(S.opened(the_room.merged()), "C3"), S.adopt, "C")
    state = press(the_room, state, S.undo)
    assert "reject" not in DECISIONS.read_text()
    assert state.remaining == 3
    assert S.undo(state)[0].message == "nothing to undo in this session"


def test_a_note_waits_for_the_decision_or_joins_the_one_taken(example_dir: Path) -> None:
    the_room = room()
    state = press(the_room, S.opened(the_room.merged()), S.annotate, "agreed at the fifth meeting")
    assert not DECISIONS.exists() and state.note == "agreed at the fifth meeting"
    state = press(the_room, state, S.adopt, "A")
    assert "note: agreed at the fifth meeting" in DECISIONS.read_text()
    state = press(the_room, S.jump(state, "C1"), S.annotate, "confirmed by the chair")
    text = DECISIONS.read_text()
    assert "note: confirmed by the chair" in text and "fifth" not in text
    state = press(the_room, state, S.undo)
    assert "note: agreed at the fifth meeting" in DECISIONS.read_text()


def test_a_second_editors_change_is_noticed_and_never_written_over(example_dir: Path) -> None:
    the_room = room()
    state = S.opened(the_room.merged())
    assert not the_room.changed_outside()
    DECISIONS.write_text("decisions:\n  - accept: TSAG/2  # from the other laptop\n")
    assert the_room.changed_outside()
    _, steps = S.adopt(state, "A")
    with pytest.raises(ChangedOutside, match="changed by someone else since it was read; nothing was written"):
        the_room.record(steps)
    assert DECISIONS.read_text() == "decisions:\n  - accept: TSAG/2  # from the other laptop\n"
    state = S.reread(state, the_room.reread(), "read again")
    assert not the_room.changed_outside()
    assert state.result.edit("TSAG/2").status is EditStatus.APPLIED
    assert state.taken == ()  # what undo would take back was about the file as it was


def test_jumping_by_conflict_paragraph_or_edit_and_stepping(example_dir: Path) -> None:
    state = S.opened(room().merged())
    ids = [S.jump(state, asked).conflict.id for asked in ("c3", "33", "rag/4")]  # type: ignore[union-attr]
    assert ids == ["C3", "C2", "C1"]
    assert S.jump(state, "99").message == "no conflict, paragraph in conflict or edit '99'"
    assert S.move(S.move(state, 1), 1).current == 2
    assert S.move(S.move(state, -1), 1).current == 1  # stops at either end
    assert S.move(S.jump(state, "C3"), 5).current == 2


def test_the_proposals_not_placed_are_a_second_list(example_dir: Path) -> None:
    state = S.switch(S.opened(room().merged()))
    assert state.view is S.View.NOT_PLACED
    assert [(i.edit.edit.id, i.edit.status) for i in state.not_placed] == [("TDAG/3", EditStatus.STALE)]
    assert S.move(state, 1).unplaced == 0  # one item: nowhere to go
    assert S.jump(state, "TDAG/3").view is S.View.NOT_PLACED
    assert S.adopt(state, "A")[1] == ()  # no letter decides there
    assert S.switch(state).view is S.View.CONFLICTS


def test_the_compromise_diff_is_by_words_against_the_baseline() -> None:
    assert S.diff_spans("the budget over the period", "the budget over the biennium") == (
        Span("the budget over the "),
        Span("period", "deleted", (), ("compromise",)),
        Span("biennium", "inserted", (), ("compromise",)),
    )
