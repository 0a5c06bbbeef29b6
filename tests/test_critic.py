"""CriticMarkup parsing: old and new passages, changes on the old passage, and bad marks."""

from __future__ import annotations

import pytest

from itu_amend.critic import MarkupError, has_marks, parse
from itu_amend.model import Change


def test_old_passage_keeps_deletions_and_new_passage_keeps_insertions() -> None:
    marked = parse("keep {--gone--} and {++added++} here")
    assert marked.old == "keep gone and  here"
    assert marked.new == "keep  and added here"


def test_unmarked_text_is_context_with_no_changes() -> None:
    marked = parse("plain text")
    assert (marked.old, marked.new, marked.changes) == ("plain text", "plain text", ())


def test_deletion_is_a_change_on_the_old_passage() -> None:
    marked = parse("a {--b--} c")
    assert marked.changes == (Change(2, 3, "", "b"),)


def test_insertion_is_a_point_change_on_the_old_passage() -> None:
    marked = parse("a {++b++}c")
    assert marked.changes == (Change(2, 2, "b", ""),)
    assert marked.changes[0].is_insertion


def test_deletion_then_insertion_side_by_side_is_one_replacement() -> None:
    marked = parse("the {--old--}{++new++} words")
    assert marked.changes == (Change(4, 7, "new", "old"),)
    assert (marked.old, marked.new) == ("the old words", "the new words")


def test_insertion_then_deletion_side_by_side_is_the_same_replacement() -> None:
    assert parse("the {++new++}{--old--} words").changes == parse("the {--old--}{++new++} words").changes


def test_replacement_inserts_at_the_start_of_the_span_it_deletes() -> None:
    (change,) = parse("x{--abc--}{++Z++}y").changes
    assert (change.start, change.end) == (1, 4)
    assert change.inserted == "Z"


def test_marks_separated_by_a_space_are_two_changes() -> None:
    marked = parse("a {--b--} {++c++}")
    assert marked.changes == (Change(2, 3, "", "b"), Change(4, 4, "c", ""))


def test_substitution_is_one_replacement() -> None:
    marked = parse("x{~~old~>new~~}y")
    assert marked.changes == (Change(1, 4, "new", "old"),)
    assert (marked.old, marked.new) == ("xoldy", "xnewy")


def test_substitution_with_empty_new_side_is_a_deletion() -> None:
    assert parse("a{~~b~>~~}").changes == (Change(1, 2, "", "b"),)


def test_comment_is_a_note_and_in_neither_passage() -> None:
    marked = parse("a {--b--}{>> too vague <<} c")
    assert marked.notes == ("too vague",)
    assert "vague" not in marked.old
    assert "vague" not in marked.new


def test_comment_between_deletion_and_insertion_keeps_one_replacement() -> None:
    assert parse("a {--b--}{>>why<<}{++c++} d").changes == (Change(2, 3, "c", "b"),)


def test_highlight_is_context_in_both_passages() -> None:
    marked = parse("a {==stress==} b{++!++}")
    assert marked.old == "a stress b"
    assert marked.new == "a stress b!"
    assert marked.changes == (Change(10, 10, "!", ""),)


def test_change_offsets_refer_to_the_old_passage() -> None:
    marked = parse("{++Intro: ++}one {--two--} three{~~.~>!~~}")
    for change in marked.changes:
        assert marked.old[change.start : change.end] == change.deleted
    assert [c.start for c in marked.changes] == [0, 4, 13]


def test_has_marks_ignores_comments_and_highlights() -> None:
    assert not has_marks("a {>>note<<} {==b==}")
    assert has_marks("a {++b++}")


@pytest.mark.parametrize(
    ("text", "offset", "words"),
    [
        ("abc {--never closed", 4, "never closed: add '--}'"),
        ("abc ++} stray", 4, "never opened with '{++'"),
        ("a {--b {++c++} d--}", 7, "cannot nest"),
        ("a {>>see {--b--}<<}", 9, "cannot nest"),
        ("a {++new--} text++}", 8, "close '{++' with '++}'"),
        ("x {~~old new~~}", 2, "exactly one '~>'"),
        ("x {~~a~>b~>c~~}", 9, "exactly one '~>'"),
        ("x {~~a~>b~>c~>d~~}", 9, "exactly one '~>'"),  # the second arrow, not the last
        ("x {----} y", 2, "empty"),
        ("x {~~~>~~} y", 2, "empty"),
    ],
)
def test_bad_marks_raise_markup_error_at_the_offending_mark(text: str, offset: int, words: str) -> None:
    with pytest.raises(MarkupError) as caught:
        parse(text)
    assert caught.value.offset == offset
    assert words in str(caught.value)


@pytest.mark.parametrize(
    ("text", "offset", "meant"),
    [
        ("a {-enable-} b", 2, "'{-enable-}' is not a mark: did you mean '{--enable--}'?"),
        ("continuous {+drive+} x", 11, "'{+drive+}' is not a mark: did you mean '{++drive++}'?"),
        ("a {~old~>new~} b", 2, "'{~old~>new~}' is not a mark: did you mean '{~~old~>new~~}'?"),
        ("x {--a -} b", 7, "'-}' is not a mark: did you mean '--}'?"),
        ("x {++a +} b", 7, "'+}' is not a mark: did you mean '++}'?"),
        ("lone {+ here", 5, "'{+' is not a mark: did you mean '{++'?"),
        ("lone {~ here", 5, "'{~' is not a mark: did you mean '{~~'?"),
        ("a -} b {++c++}", 2, "'-}' is not a mark: did you mean '--}'?"),
        ("{++c++} and {-b", 12, "'{-' is not a mark: did you mean '{--'?"),
    ],
)
def test_a_mark_written_with_one_sign_is_an_error_naming_the_mark_meant(text: str, offset: int, meant: str) -> None:
    with pytest.raises(MarkupError) as caught:
        parse(text)
    assert (caught.value.offset, caught.value.length) == (offset, 2)
    assert str(caught.value).startswith(meant)


def test_signs_inside_whole_marks_and_comments_are_not_mistaken_for_marks() -> None:
    marked = parse("C{++++++}, {--well-  --}{++x-++} {>> as in {-1} <<}{~~a~>b~~}")
    assert [c.inserted for c in marked.changes] == ["++", "x-", "b"]
