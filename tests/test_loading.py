"""Loading: every invalid file gives one InputError `path:line:col: message`; odd but valid files load."""

from __future__ import annotations

import time
import warnings
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from itu_amend.errors import InputError, UsageError
from itu_amend.loading import (
    find_baseline,
    find_proposals,
    load_baseline,
    load_decisions,
    load_proposal,
    load_proposals,
)
from itu_amend.model import Action

from .conftest import Workspace

BASELINE = """\
document: Test document
paragraphs:
  - number: "1"
    text: The main focus of the organization is its people.
  - number: "2"
    text: Second paragraph.
"""


def error(load: Callable[[Path], Any], path: Path) -> str:
    """The one line the user sees for `path`, checked to be one line."""
    with pytest.raises(InputError) as caught:
        load(path)
    message = str(caught.value)
    assert "\n" not in message
    return message


def proposal_error(workspace: Workspace, yaml_text: str) -> str:
    return error(load_proposal, workspace.proposal("p.yaml", yaml_text))


def edit(workspace: Workspace, body: str) -> str:
    """The error of a proposal whose only edit is `body` (the lines after '  - ')."""
    return proposal_error(workspace, "source: T\nedits:\n  - " + body)


# --- YAML itself -------------------------------------------------------------------------


def test_yaml_syntax_error_names_line_and_column(workspace: Workspace) -> None:
    path = workspace.proposal("p.yaml", "source: T\nedits:\n  - action: MOD\n     text: x\n")
    assert error(load_proposal, path).startswith(f"{path}:4:10: invalid YAML: mapping values are not allowed here")


def test_unclosed_quote_points_where_it_opens(workspace: Workspace) -> None:
    message = edit(workspace, 'action: MOD\n    text: "a {++b++}\n')
    assert message.endswith(
        "p.yaml:4:11: invalid YAML: while scanning a quoted scalar, found unexpected end of stream: close the quote"
    )


def test_text_starting_with_a_mark_must_be_quoted(workspace: Workspace) -> None:
    message = edit(workspace, "action: MOD\n    text: {++new++} words\n")
    assert ":4:" in message
    assert "must be quoted, or written as a block" in message


def test_text_that_yaml_reads_as_a_mapping_says_to_quote_it(workspace: Workspace) -> None:
    message = edit(workspace, "action: MOD\n    text: {--gone--}\n")
    assert message.endswith(
        ":4:11: 'text' must be text, not a mapping: a text that starts with '{' or '[' must be quoted, "
        "or written as a block (text: >- and the text below)"
    )


def test_colon_in_a_plain_text_says_to_quote_it(workspace: Workspace) -> None:
    message = edit(workspace, "action: NOC\n    text: Note: the plan\n")
    assert message.endswith("p.yaml:4:15: invalid YAML: mapping values are not allowed here: a text containing ': ' "
                            "must be quoted, or written as a block (key: >- and the text below)")  # fmt: skip


def test_misaligned_key_says_to_check_the_indentation(workspace: Workspace) -> None:
    message = edit(workspace, "action: NOC\n     paragraph: '1'\n")
    assert message.endswith("p.yaml:4:15: invalid YAML: mapping values are not allowed here: "
                            "check the indentation: the keys of one entry must start in the same column")  # fmt: skip


def test_tab_indentation_says_to_use_spaces(workspace: Workspace) -> None:
    assert edit(workspace, "action: NOC\n\tparagraph: '1'\n").endswith("indent with spaces, not tabs")


def test_a_tab_after_a_block_indicator_is_refused_in_a_file_that_has_tabs_in_texts(workspace: Workspace) -> None:
    # the tab inside the text is allowed; the one after '>' is not, whichever parser reads the file first
    message = edit(workspace, "action: MOD\n    paragraph: '1'\n    text: >\t\n      a\t{++b++}\n")
    assert message.endswith("p.yaml:5:12: invalid YAML: expected chomping or indentation indicators, but found '\\t': "
                            "indent with spaces, not tabs")  # fmt: skip


def test_an_unclosed_bracket_points_where_it_opens(workspace: Workspace) -> None:
    message = edit(workspace, "action: MOD\n    paragraph: '1'\n    text: [a, b\n")
    assert message.endswith(
        "p.yaml:5:11: invalid YAML: while parsing a flow sequence, expected ',' or ']', but got '<stream end>': "
        "close the bracket"
    )


def test_a_misplaced_item_names_where_its_collection_starts(workspace: Workspace) -> None:
    message = edit(workspace, "action: MOD\n    paragraph: '1'\n    text: a {++b++}\n   - action: MOD\n")
    assert message.endswith(
        "p.yaml:6:4: invalid YAML: expected <block end>, but found '<block sequence start>' "
        "(while parsing a block collection at line 3, column 3): check the quotes, brackets and indentation"
    )


def test_duplicate_yaml_key_is_an_error_at_the_second_key(workspace: Workspace) -> None:
    message = proposal_error(workspace, "source: T\nsource: U\nedits: []\n")
    assert message.endswith("p.yaml:2:1: key 'source' is given twice in this mapping: keep one")


def test_empty_file_is_an_error(workspace: Workspace) -> None:
    assert proposal_error(workspace, "").endswith("p.yaml:1:1: the file is empty: write its keys, or remove the file")


def test_comments_only_is_an_empty_file(workspace: Workspace) -> None:
    assert "the file is empty" in proposal_error(workspace, "# to do\n")


def test_non_utf8_byte_is_located_by_line_and_character_column(workspace: Workspace) -> None:
    path = workspace.proposals_dir / "p.yaml"
    path.write_bytes(b"source: T\nedits:\n  - action: NOC\n    text: \xc3\xa9 caf\xe9\n")  # é, then Latin-1 é
    assert error(load_proposal, path) == f"{path}:4:16: not UTF-8 (byte 0xe9): save the file as UTF-8"


def test_a_raw_control_character_is_located(workspace: Workspace) -> None:
    message = proposal_error(workspace, "source: T\ntitle: red \x1b[31m\nedits: []\n")
    assert message.endswith(
        "p.yaml:2:12: invalid YAML: the control character U+001B is not allowed in YAML files: remove it"
    )


def test_aliases_are_refused_at_the_alias(workspace: Workspace) -> None:
    message = proposal_error(workspace, "source: &s T\ntitle: *s\nedits: []\n")
    assert message.endswith(
        "p.yaml:2:8: YAML aliases (*name) are not allowed in these files: write the value out in full"
    )


def test_a_reused_anchor_without_alias_loads_without_warning(workspace: Workspace) -> None:
    path = workspace.proposal("p.yaml", "source: &a T\ntitle: &a X\nedits: []\n")
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert load_proposal(path).title == "X"


@pytest.mark.parametrize(
    "tagged", ["!!int abc", "!!bool maybe", "!!timestamp 2026-02-30", "!!python/name:os.system ''"]
)
def test_yaml_tags_are_refused_at_the_tag(workspace: Workspace, tagged: str) -> None:
    message = proposal_error(workspace, f"source: T\ntitle: {tagged}\nedits: []\n")
    assert message.endswith("p.yaml:2:8: YAML tags (!!int, !name) are not allowed in these files: remove the tag")


def test_billion_laughs_fails_fast(workspace: Workspace) -> None:
    lines = ['a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    lines += [f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join([f'*{chr(97 + i)}'] * 9)}]" for i in range(8)]
    path = workspace.proposal("p.yaml", "\n".join(lines) + "\nsource: T\nedits: *i\n")
    started = time.perf_counter()
    assert "aliases (*name) are not allowed" in error(load_proposal, path)
    assert time.perf_counter() - started < 2  # generous: it must not expand 9**9 items


@pytest.mark.parametrize(
    ("nested", "where"),
    [
        ("[" * 2000 + "]" * 2000, "2:28"),
        ("".join(f"\n{'  ' * i}- " for i in range(1, 200)), "22:41"),
        ("".join(f"\n{'  ' * i}- " for i in range(1, 25)), "22:41"),  # just past the limit: no recursion
    ],
)
def test_deep_nesting_fails_fast(workspace: Workspace, nested: str, where: str) -> None:
    path = workspace.proposal("p.yaml", f"source: T\nedits: {nested}\n")
    started = time.perf_counter()
    assert error(load_proposal, path).startswith(f"{path}:{where}: nested too deeply (over 20 levels")
    assert time.perf_counter() - started < 2  # generous: ruamel.yaml is quadratic on deep brackets


# --- keys and types ------------------------------------------------------------------------


def test_unknown_key_suggests_the_closest(workspace: Workspace) -> None:
    assert edit(workspace, "action: MOD\n    txt: a\n").endswith("p.yaml:4:5: unknown key 'txt' (did you mean 'text'?)")


def test_unknown_key_without_a_close_one_lists_the_keys(workspace: Workspace) -> None:
    message = proposal_error(workspace, "source: T\nzzz: 1\nedits: []\n")
    assert message.endswith(
        "p.yaml:2:1: unknown key 'zzz' (the keys are: contribution, date, document, edits, source, sponsors, title)"
    )


def test_missing_source(workspace: Workspace) -> None:
    message = proposal_error(workspace, "edits: []\n")
    assert message.endswith(
        "p.yaml:1:1: a proposal needs a 'source' key "
        "(the proposing group, e.g. source: TSAG, or source: B/CAN/CLM/USA for a joint proposal)"
    )


def test_missing_action_names_the_edit(workspace: Workspace) -> None:
    assert edit(workspace, "paragraph: '1'\n").endswith(
        "p.yaml:3:5: an edit needs an 'action' key (ADD, MOD, SUP or NOC)"
    )


def test_empty_action_value(workspace: Workspace) -> None:
    assert edit(workspace, "action:\n    paragraph: '1'\n").endswith(
        "p.yaml:3:5: 'action' is empty: write ADD, MOD, SUP or NOC"
    )


def test_missing_paragraph_text_in_baseline(workspace: Workspace) -> None:
    path = workspace.baseline('document: D\nparagraphs:\n  - number: "1"\n')
    assert error(load_baseline, path).endswith("plan.yaml:3:5: a paragraph needs a 'text' key (the text itself)")


def test_number_where_text_is_expected_says_to_quote_it(workspace: Workspace) -> None:
    message = edit(workspace, "action: NOC\n    paragraph: '1'\n    text: 12\n")
    assert message.endswith("p.yaml:5:11: 'text' must be text, not a whole number: put it in quotes, e.g. text: \"12\"")


def test_list_where_text_is_expected(workspace: Workspace) -> None:
    message = edit(workspace, "action: MOD\n    text:\n      - a\n      - b\n")
    assert message.endswith("p.yaml:5:7: 'text' must be text, not a list: write the text itself after 'text:'")


def test_disputed_text_in_brackets_must_be_quoted(workspace: Workspace) -> None:
    message = edit(workspace, "action: NOC\n    paragraph: '1'\n    text: [disputed]\n")
    assert "'text' must be text, not a list: a text that starts with '{' or '[' must be quoted" in message


def test_paragraph_number_as_decimal_says_to_quote_it_as_written(workspace: Workspace) -> None:
    message = edit(workspace, "action: NOC\n    paragraph: 5.10\n")
    assert message.endswith(
        "p.yaml:4:16: 'paragraph' must be a paragraph number in quotes, e.g. paragraph: \"5.10\" "
        "(YAML reads 5.10 as a decimal number)"
    )


def test_integer_paragraph_number_is_read_as_its_decimal_string(workspace: Workspace) -> None:
    path = workspace.proposal("p.yaml", "source: T\nedits:\n  - action: NOC\n    paragraph: 40\n")
    assert load_proposal(path).edits[0].paragraph == "40"


def test_integer_baseline_number_is_read_as_its_decimal_string(workspace: Workspace) -> None:
    path = workspace.baseline("document: D\nparagraphs:\n  - number: 40\n    text: T\n")
    assert load_baseline(path).paragraphs[0].number == "40"


@pytest.mark.parametrize("written", ["2026-02-11", "'2026-02-11'"])
def test_date_is_read_as_year_month_day(workspace: Workspace, written: str) -> None:
    path = workspace.proposal("p.yaml", f"source: T\ndate: {written}\nedits: []\n")
    assert load_proposal(path).date == "2026-02-11"


@pytest.mark.parametrize("written", ["2026-02-30", "2026-13-01", "11/02/2026", "2026-2-3", "2026-02-11T10:00:00"])
def test_a_date_that_is_no_calendar_day_is_an_error(workspace: Workspace, written: str) -> None:
    message = proposal_error(workspace, f"source: T\ndate: {written}\nedits: []\n")
    assert message.endswith("p.yaml:2:7: 'date' must be a real date written year-month-day, e.g. date: 2026-02-11")


def test_duplicate_paragraph_numbers(workspace: Workspace) -> None:
    path = workspace.baseline('document: D\nparagraphs:\n  - number: "1"\n    text: a\n  - number: 1\n    text: b\n')
    assert error(load_baseline, path) == (
        f"{path}:5:13: paragraph number '1' is used twice (first at {path}:3:13): give each paragraph its own"
    )


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("document: D\nparagraphs: []\n", "2:13: the baseline has no paragraphs: list them under 'paragraphs:'"),
        (
            "paragraphs:\n  - number: '1'\n    text: x\n",
            "1:1: the baseline needs a 'document' key (the document's title)",
        ),
        (
            "document:\nparagraphs:\n  - number: '1'\n    text: x\n",
            "1:1: 'document' is empty: write the document's title",
        ),
        (
            "document: D\nparagraphs:\n  - text: x\n    number:\n",
            "4:5: 'number' is empty: give the paragraph number in quotes, e.g. number: \"40\"",
        ),
        ("document: D\nparagraphs:\n  - number: '1'\n    text:\n", "4:5: 'text' is empty: write the text itself"),
    ],
)
def test_a_baseline_without_what_it_needs(workspace: Workspace, body: str, message: str) -> None:
    path = workspace.baseline(body)
    assert error(load_baseline, path) == f"{path}:{message}"


def test_a_file_one_byte_over_a_megabyte_is_told_a_limit_that_admits_it(workspace: Workspace) -> None:
    path = workspace.baseline(BASELINE)
    path.write_text(BASELINE + "#" * (1_000_001 - len(BASELINE.encode()) - 1) + "\n", encoding="utf-8")
    assert path.stat().st_size == 1_000_001
    assert error(lambda p: load_baseline(p, max_bytes=1_000_000), path).endswith("--max-file-size 2)")


def test_a_baseline_folder_without_a_yaml_file(tmp_path: Path) -> None:
    with pytest.raises(UsageError) as caught:
        find_baseline(tmp_path)
    assert str(caught.value) == (
        f"{tmp_path}: the baseline folder must hold exactly one YAML file, it holds no YAML file "
        "(or give the file with --baseline FILE)"
    )


# --- edits -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (
            "source:\nedits: []\n",
            "1:1: 'source' is empty: write the proposing group, e.g. source: TSAG, "
            "or source: B/CAN/CLM/USA for a joint proposal",
        ),
        ("source: T\nedits: x\n", "2:8: 'edits' must be a list ('- ' items on the lines below), not text"),
        (
            "source: T\nedits:\n  - action: MOD\n    paragraph: ''\n    text: a {++b++}\n",
            "4:16: 'paragraph' is empty: give the paragraph number in quotes, e.g. paragraph: \"40\"",
        ),
        (
            "source: T\nedits:\n  - action: ADD\n    paragraph: '1'\n    after: '1'\n    text: New.\n",
            "4:5: an ADD places its text with 'after' or 'before', not 'paragraph'",
        ),
        (
            "source: T\nedits:\n  - action: SUP\n    paragraph: '1'\n    move: M1\n",
            "5:5: 'move' links the two halves of a move: write the action as SUP* (where the paragraph stands) "
            "or ADD* (where it goes), not SUP",
        ),
        (
            "source: T\nedits:\n  - action: SUP*\n    paragraph: '1'\n",
            "3:5: SUP* is half of a move and needs 'move': a name its ADD* shares, e.g. move: M1",
        ),
        (
            "source: T\nedits:\n  - action: ADD*\n    after: '1'\n",
            "3:5: ADD* is half of a move and needs 'move': a name its SUP* shares, e.g. move: M1",
        ),
        (
            "source: T\nedits:\n  - action: ADD*\n    after: '1'\n    move: M1\n",
            "3:5: move 'M1' has a ADD* but no SUP*: give the SUP* 'move: M1' too "
            "(a move is a SUP* where the paragraph stands and an ADD* where it goes)",
        ),
    ],
)
def test_an_edit_written_wrong_is_located_and_says_what_to_write(workspace: Workspace, body: str, message: str) -> None:
    path = workspace.proposal("p.yaml", body)
    assert error(load_proposal, path) == f"{path}:{message}"


def test_default_edit_ids_are_source_and_position(workspace: Workspace) -> None:
    path = workspace.proposal(
        "p.yaml", "source: TSAG\nedits:\n  - action: NOC\n    paragraph: '1'\n  - action: SUP\n    paragraph: '2'\n"
    )
    assert [e.id for e in load_proposal(path).edits] == ["TSAG/1", "TSAG/2"]


def test_duplicate_edit_ids_across_two_files(workspace: Workspace) -> None:
    first = workspace.proposal("a.yaml", "source: T\nedits:\n  - action: NOC\n    id: X/1\n    paragraph: '1'\n")
    second = workspace.proposal("b.yaml", "source: U\nedits:\n  - action: NOC\n    paragraph: '1'\n    id: X/1\n")
    with pytest.raises(InputError) as caught:
        load_proposals([second, first])
    assert str(caught.value) == (
        f"{second}:3:5: edit id 'X/1' is used twice (first at {first}:3:5): give each edit its own 'id'"
    )


def test_explicit_id_clashing_with_a_default_id(workspace: Workspace) -> None:
    path = workspace.proposal(
        "p.yaml",
        "source: T\nedits:\n  - action: NOC\n    paragraph: '1'\n  - action: NOC\n    id: T/1\n    paragraph: '2'\n",
    )
    with pytest.raises(InputError, match="edit id 'T/1' is used twice"):
        load_proposals([path])


def test_unknown_action_suggests_the_closest(workspace: Workspace) -> None:
    message = edit(workspace, "action: MDO\n    text: a\n")
    assert message.endswith(
        "p.yaml:3:13: unknown action 'MDO' (did you mean 'MOD'?): "
        "use ADD, MOD, SUP or NOC (or SUP* and ADD* for a move)"
    )


def test_unknown_action_suggests_the_code_for_a_common_word(workspace: Workspace) -> None:
    assert "unknown action 'delete' (did you mean 'SUP'?)" in edit(workspace, "action: delete\n    paragraph: '1'\n")


def test_action_is_case_insensitive(workspace: Workspace) -> None:
    path = workspace.proposal("p.yaml", "source: T\nedits:\n  - action: noc\n    paragraph: '1'\n")
    assert load_proposal(path).edits[0].action is Action.NOC


def test_mod_without_marks_suggests_noc(workspace: Workspace) -> None:
    message = edit(workspace, "action: MOD\n    text: The main focus\n")
    assert message.endswith("p.yaml:4:11: a MOD needs at least one change mark ({--deleted--}, {++inserted++} or "
                            "{~~old~>new~~}); if the text must stay as it is, use action: NOC")  # fmt: skip


def test_mod_with_only_a_comment_has_no_change(workspace: Workspace) -> None:
    assert "use action: NOC" in edit(workspace, "action: MOD\n    text: 'The main {>>why?<<} focus'\n")


def test_texts_are_plain_strings_whatever_the_yaml_style(workspace: Workspace) -> None:
    path = workspace.proposal(
        "p.yaml", "source: T\ntitle: >-\n  folded\nedits:\n  - action: MOD\n    text: |\n      a {++b++}\n"
    )
    proposal = load_proposal(path)
    assert type(proposal.title) is str
    assert type(proposal.edits[0].text) is str


def test_mod_parses_its_marks(workspace: Workspace) -> None:
    path = workspace.proposal(
        "p.yaml", "source: T\nedits:\n  - action: MOD\n    text: 'its {--people--}{++staff++}.'\n"
    )
    marked = load_proposal(path).edits[0].marked
    assert marked is not None
    assert (marked.old, marked.new) == ("its people.", "its staff.")


def test_unbalanced_mark_points_at_the_mark_in_the_file(workspace: Workspace) -> None:
    message = edit(workspace, "action: MOD\n    text: >-\n      The main\n      focus {--of the organization\n")
    assert message.endswith("p.yaml:6:13: '{--' is never closed: add '--}'")


def test_nested_mark_points_at_the_inner_mark(workspace: Workspace) -> None:
    message = edit(workspace, "action: MOD\n    text: 'a {--b {++c++} d--} e'\n")
    assert message.endswith("p.yaml:4:19: '{++' opens a mark inside another mark; marks cannot nest")


def test_a_mark_is_located_in_its_own_value_not_in_an_earlier_one_on_its_line(workspace: Workspace) -> None:
    message = edit(workspace, "{action: MOD, paragraph: '1', rationale: 'x {-- y', text: 'a {--b'}\n")
    assert message.endswith("p.yaml:3:66: '{--' is never closed: add '--}'")


def test_stray_closer_after_a_good_mark_of_the_same_kind(workspace: Workspace) -> None:
    message = edit(workspace, "action: MOD\n    text: 'a {--b--} c --} d'\n")
    assert message.endswith("p.yaml:4:24: '--}' closes a mark that was never opened with '{--'")


@pytest.mark.parametrize(
    ("body", "where", "key", "action"),
    [
        ("action: ADD\n    after: '1'\n    text: '{++New paragraph.++}'\n", "5:12", "text", "an ADD"),
        ("action: ADD\n    after: 'its {--people--} and'\n    text: New.\n", "4:17", "after", "an ADD"),
        ("action: NOC\n    text: 'is its {~~people~>staff~~}'\n", "4:19", "text", "a NOC"),
        ("action: SUP\n    paragraph: '1'\n    text: 'a {--b--} c {--d--}'\n", "5:14", "text", "a SUP"),  # the first
    ],
)
def test_change_marks_outside_a_mod_are_refused(
    workspace: Workspace, body: str, where: str, key: str, action: str
) -> None:
    message = edit(workspace, body)
    assert message.endswith(
        f"p.yaml:{where}: '{key}' of {action} edit is plain text: remove the change marks "
        "(a change of words inside a paragraph is a MOD)"
    )


def test_add_needs_after_or_before(workspace: Workspace) -> None:
    message = edit(workspace, "action: ADD\n    text: New paragraph.\n")
    assert message.endswith(
        "p.yaml:3:5: an ADD edit needs exactly one of 'after' or 'before' (a paragraph number or a quoted passage)"
    )


def test_add_with_both_after_and_before(workspace: Workspace) -> None:
    assert "exactly one of 'after' or 'before'" in edit(
        workspace, "action: ADD\n    after: '1'\n    before: '2'\n    text: N\n"
    )


def test_add_with_empty_after(workspace: Workspace) -> None:
    message = edit(workspace, "action: ADD\n    after:\n    text: New.\n")
    assert message.endswith("p.yaml:4:5: 'after' is empty: give a paragraph number or a quoted passage")


def test_add_needs_a_text(workspace: Workspace) -> None:
    assert edit(workspace, "action: ADD\n    after: '1'\n    text: ''\n").endswith(
        "p.yaml:5:11: 'text' must not be empty"
    )


def test_add_after_an_integer_number(workspace: Workspace) -> None:
    path = workspace.proposal("p.yaml", "source: T\nedits:\n  - action: ADD\n    after: 1\n    text: New.\n")
    assert load_proposal(path).edits[0].after == "1"


def test_after_belongs_to_add(workspace: Workspace) -> None:
    message = edit(workspace, "action: SUP\n    paragraph: '1'\n    after: '2'\n")
    assert message.endswith("p.yaml:5:5: 'after' belongs to ADD edits, not SUP")


@pytest.mark.parametrize("action", ["SUP", "NOC"])
def test_sup_and_noc_need_a_paragraph_or_a_text(workspace: Workspace, action: str) -> None:
    message = edit(workspace, f"action: {action}\n    rationale: why\n")
    assert message.endswith(f"p.yaml:3:5: a {action} edit needs a 'paragraph', a quoted 'text', or both")


def test_sup_with_only_a_quoted_text_loads(workspace: Workspace) -> None:
    path = workspace.proposal("p.yaml", "source: T\nedits:\n  - action: SUP\n    text: Second paragraph.\n")
    assert load_proposal(path).edits[0].text == "Second paragraph."


def test_edit_that_is_not_a_mapping(workspace: Workspace) -> None:
    assert proposal_error(workspace, "source: T\nedits:\n  - NOC 1\n").startswith(
        f"{workspace.proposals_dir / 'p.yaml'}:3:5: an edit must be a mapping of keys to values"
    )


def test_edits_left_empty(workspace: Workspace) -> None:
    message = proposal_error(workspace, "source: T\nedits:\n")
    assert message.endswith("p.yaml:2:1: 'edits' is empty: write the list of its edits, each starting with '- action:'")


def test_error_messages_escape_control_characters(workspace: Workspace) -> None:
    message = edit(workspace, 'action: "\\e[31mMOD\\u202e"\n    text: a\n')
    assert "\x1b" not in message
    assert "\u202e" not in message
    assert "\\x1b[31mMOD\\u202e" in message


# --- decisions ----------------------------------------------------------------------------


def decisions_error(workspace: Workspace, yaml_text: str) -> str:
    return error(load_decisions, workspace.decisions(yaml_text))


def test_decisions_load_accept_reject_and_compromise(workspace: Workspace) -> None:
    path = workspace.decisions(
        "decisions:\n  - accept: T/1\n    note: agreed\n  - reject: U/1\n  - paragraph: 40\n    text: New text.\n"
    )
    accept, reject, compromise = load_decisions(path)
    assert (accept.accept, accept.note) == ("T/1", "agreed")
    assert reject.reject == "U/1"
    assert (compromise.paragraph, compromise.text) == ("40", "New text.")


def test_empty_decisions_file_has_no_decisions(workspace: Workspace) -> None:
    assert load_decisions(workspace.decisions("# nothing decided yet\n")) == ()
    assert load_decisions(workspace.decisions("decisions:\n")) == ()


INVALID_DECISIONS = [
    ("  - acept: T/1\n", "2:5", "unknown key 'acept' (did you mean 'accept'?)"),
    (
        "  - accept: T/1\n    reject: T/2\n",
        "2:5",
        "a decision has exactly one of 'accept: ID', 'reject: ID', or 'paragraph: N' with 'text'",
    ),
    ("  - paragraph: '1'\n", "2:5", "a compromise decision needs the paragraph's new 'text'"),
    ("  - paragraph: '1'\n    text: ''\n", "3:11", "'text' must not be empty"),
    (
        "  - paragraph:\n    text: x\n",
        "2:5",
        "'paragraph' is empty: give the paragraph number in quotes, e.g. paragraph: \"40\"",
    ),
    ("  - accept: T/1\n    text: x\n", "3:5", "'text' belongs to a compromise decision ('paragraph: N')"),
    ("  - accept:\n", "2:5", "'accept' is empty: write the id of the edit, e.g. accept: TSAG/2"),
    ("  - reject:\n", "2:5", "'reject' is empty: write the id of the edit, e.g. reject: TSAG/2"),
    ("  - reject: 3\n", "2:13", "'reject' must be text, not a whole number: put it in quotes, e.g. reject: \"3\""),
    (
        "  - paragraph: 5.10\n    text: x\n",
        "2:16",
        "'paragraph' must be a paragraph number in quotes, e.g. paragraph: \"5.10\" "
        "(YAML reads 5.10 as a decimal number)",
    ),
    (
        "  - accept: T/1\n  - reject: T/1\n",
        "3:5",
        "edit 'T/1' already has a decision (at {path}:2:5): keep one of them",
    ),
    (
        "  - paragraph: '1'\n    text: a\n  - paragraph: 1\n    text: b\n",
        "4:5",
        "paragraph '1' already has a decision (at {path}:2:5): keep one of them",
    ),
]


@pytest.mark.parametrize(("body", "where", "message"), INVALID_DECISIONS)
def test_invalid_decisions(workspace: Workspace, body: str, where: str, message: str) -> None:
    path = workspace.decisions("decisions:\n" + body)
    assert error(load_decisions, path) == f"{path}:{where}: " + message.format(path=path)


def test_a_decisions_file_that_is_a_list_says_what_it_must_be(workspace: Workspace) -> None:
    path = workspace.decisions("- accept: T/1\n")
    assert error(load_decisions, path) == (
        f"{path}:1:1: the decisions file must be a mapping of keys to values (key: value lines), not a list"
    )


# --- odd but valid files -------------------------------------------------------------------


def test_utf8_bom_loads(workspace: Workspace) -> None:
    path = workspace.proposals_dir / "p.yaml"
    path.write_bytes(b"\xef\xbb\xbfsource: T\nedits:\n  - action: NOC\n    paragraph: '1'\n")
    assert load_proposal(path).source == "T"


def test_utf8_bom_keeps_positions(workspace: Workspace) -> None:
    path = workspace.proposals_dir / "p.yaml"
    path.write_bytes(b"\xef\xbb\xbfsource: T\nedits:\n  - action: MDO\n")
    assert error(load_proposal, path).startswith(f"{path}:3:13: unknown action 'MDO'")


def test_crlf_line_ends_load_and_keep_positions(workspace: Workspace) -> None:
    path = workspace.proposals_dir / "p.yaml"
    path.write_bytes(b"source: T\r\nedits:\r\n  - action: MOD\r\n    text: >-\r\n      a {++b++}\r\n      c\r\n")
    marked = load_proposal(path).edits[0].marked
    assert marked is not None and marked.new == "a b c"
    path.write_bytes(b"source: T\r\nedits:\r\n  - action: MOD\r\n    text: >-\r\n      a\r\n      b {++c\r\n")
    assert error(load_proposal, path).startswith(f"{path}:6:9: '{{++' is never closed")


def test_a_one_megabyte_paragraph_loads(workspace: Workspace) -> None:
    text = "word " * 200_000
    path = workspace.baseline(f"document: D\nparagraphs:\n  - number: '1'\n    text: {text.strip()}\n")
    assert len(load_baseline(path).paragraphs[0].text) == len(text) - 1


def test_texts_with_brackets_and_braces_load(workspace: Workspace) -> None:
    path = workspace.baseline("document: D\nparagraphs:\n  - number: '1'\n    text: '[ITU will] {consider} [[it]]'\n")
    assert load_baseline(path).paragraphs[0].text == "[ITU will] {consider} [[it]]"


# --- folders --------------------------------------------------------------------------------


def test_missing_proposals_folder(tmp_path: Path) -> None:
    with pytest.raises(UsageError, match="no such proposals folder"):
        find_proposals(tmp_path / "proposals")


def test_empty_proposals_folder(workspace: Workspace) -> None:
    with pytest.raises(UsageError, match=r"no proposal files \(\*\.yaml\) in this folder"):
        find_proposals(workspace.proposals_dir)


def test_hidden_files_are_not_proposals_and_suffixes_ignore_case(workspace: Workspace) -> None:
    (workspace.proposals_dir / "._tsag.yaml").write_bytes(b"\x00\x05\x16\x07 macOS resource fork")
    (workspace.proposals_dir / ".#rag.yaml").write_text("lock", encoding="utf-8")
    (workspace.proposals_dir / "notes.txt").write_text("not yaml", encoding="utf-8")
    upper = workspace.proposal("TDAG.YAML", "source: TDAG\nedits: []\n")
    assert find_proposals(workspace.proposals_dir) == [upper]


def test_unbalanced_square_brackets_in_many_texts_are_text_not_nesting(tmp_path: Path) -> None:
    """ITU drafts bracket disputed text; an opening bracket inside a text is not a YAML flow list."""
    lines = ["document: Draft", "paragraphs:"]
    for n in range(1, 41):
        lines += [f'  - number: "{n}"', f'    text: "Item {n} [see note"']
    path = tmp_path / "plan.yaml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    baseline = load_baseline(path)
    assert baseline.paragraphs[39].text == "Item 40 [see note"
