"""Change placement's word rules (anchoring/changes.py), on hand-placed spans: which words must frame a change."""

from __future__ import annotations

import pytest

from itu_amend.anchoring import DEFAULT_SETTINGS
from itu_amend.anchoring.changes import _neighbours_hold, folded_changes, taken_in_at
from itu_amend.anchoring.index import BaselineIndex, fuzzy_in
from itu_amend.critic import parse
from itu_amend.loading import Inputs
from itu_amend.merging import merge
from itu_amend.model import Action, AnchorStatus, Baseline, Edit, Paragraph, Proposal
from itu_amend.normalize import fold


def holds(quote: str, baseline: str, at: str) -> bool:
    """Whether the one change of `quote` may go in `baseline` where the text `at` starts (its deleted words, or
    for an insertion the point before `at`)."""
    marked = parse(quote)
    old, new = fold(marked.old), fold(marked.new)
    (change,) = folded_changes(marked, old, new)
    start = baseline.index(at)
    span = (start, start + len(change.change.deleted))
    return _neighbours_hold(old.text, baseline, change, span, 75.0)


@pytest.mark.parametrize(
    ("quote", "baseline", "at", "expected"),
    [
        ("its {--internal --}control", "its internal control", "internal ", True),  # both flush
        ("its {--internal --}control", "its internal communication", "internal ", False),  # a word replaced
        ("the {--internal --}control", "the new internal control", "internal ", True),  # a word added before
        ("its the{-- internal--} control", "its internal control", " internal", True),  # a word removed before
        ("that {--adds--} the", "that, adds the", "adds", True),  # a comma added
        ("semi {--annual--} report", "semi-annual report", "annual", False),  # glued by a hyphen, unseen
        # an insertion stands on its neighbours alone: one of them must be flush
        ("its internal{++ control++} oversight", "its new oversight", " new", False),
        ("its internal{++ control++} oversight", "its internal new oversight", " new", False),  # before or after "new"?
        ("its {--internal --}control", "its internal new control", "internal ", True),  # a word added after
        # in a script without spaces, the ideograph before a change at the start of the paragraph must stand
        ("其{~~内部~>财务~~}控制", "该内部控制", "内部", False),
        ("其{~~内部~>财务~~}控制", "其内部控制", "内部", True),
        # in repetitive text a word replaced reads as one added or removed: the word one further decides
        ("{--budget budget --}council council", "budget budget union council", "budget budget ", False),
        ("{--budget budget --}council council", "budget budget union council council", "budget budget ", True),
        ("{--budget --}union council council", "budget council council", "budget ", True),  # 'union' removed
        ("{--budget --}union council", "budget council council", "budget ", False),  # removed or replaced?
    ],
)
def test_the_words_beside_a_change_frame_it(quote: str, baseline: str, at: str, expected: bool) -> None:
    assert holds(quote, baseline, at) is expected


def test_an_edit_taken_in_is_already_with_the_score_of_the_passage_found_to_one_decimal() -> None:
    marked = parse("the Council shall review the {~~budget~>accounts~~} of the Union every year")
    old, new = fold(marked.old), fold(marked.new)
    index = BaselineIndex(
        Baseline("D", (Paragraph("1", "The Council shall review the accounts of the Union each year."),))
    )
    anchor = taken_in_at(folded_changes(marked, old, new), old, new, index, 0, DEFAULT_SETTINGS)
    found = fuzzy_in(new.text, index.folded[0].text, 0, DEFAULT_SETTINGS.strong_score)
    assert anchor is not None and found is not None
    assert (anchor.status, anchor.paragraph) == (AnchorStatus.ALREADY, "1")
    assert anchor.score == round(found.score, 1) != round(found.score)  # "each year": not an exact match


def merged(quote: str, baseline: str) -> tuple[AnchorStatus, str]:
    """The one MOD `quote` anchored in the one-paragraph `baseline`, and the paragraph as it merges."""
    marked = parse(quote)
    edit = Edit("E0", "S", Action.MOD, 1, text=quote, marked=marked)
    result = merge(Inputs(Baseline("D", (Paragraph("1", baseline),)), (Proposal("S", (edit,), "s.yaml"),)))
    return result.edits[0].anchor.status, result.paragraphs[0].text


@pytest.mark.parametrize(
    ("quote", "baseline", "expected"),
    [
        # the space kept on both sides of a change is the baseline's one space: the change brings or takes the other
        (
            "{--3--} {--old words here between--}{++-++} {++must any station in allocation++} systems",
            "3 old words here between systems",
            "- must any station in allocation systems",
        ),
        ("good {++new++} word", "a good word here", "a good new word here"),  # insertion between kept spaces
        ("good {++new ++}word", "a good word here", "a good new word here"),  # its space inside the mark
        ("word {++new++}", "a good word here", "a good word new here"),  # the quote ends at it
        ("{++new++} good", "a good word here", "a new good word here"),  # the quote starts at it
        ("good {--word--} here", "a good word here", "a good here"),  # deletion between kept spaces
        ("good {--word --}here", "a good word here", "a good here"),
        ("good{-- word--} here", "a good word here", "a good here"),
        ("{--a--} good", "a good word here", "good word here"),  # at the paragraph's start
        ("word {--here--}", "a good word here", "a good word"),  # at its end
        ("good {~~word~>term~~} here", "a good word here", "a good term here"),  # substitution
        ("good {--word--}{++term++} here", "a good word here", "a good term here"),
        ("good {--word--}{++ term++} here", "a good word here", "a good term here"),  # no space doubled
        ("the plan{++s++} of", "the plan of work", "the plans of work"),  # glued as written
        ("a {++re++}view", "a view of it", "a review of it"),
        # no space is ever added where the script has none
        ("其{++新的++}内部", "其内部控制很好", "其新的内部控制很好"),
        ("其 {++新的++} 内部", "其内部控制很好", "其新的内部控制很好"),
        ("其{--内部--}控制", "其内部控制很好", "其控制很好"),
    ],
)
def test_a_change_keeps_one_space_where_its_new_text_meets_the_kept_words(
    quote: str, baseline: str, expected: str
) -> None:
    assert merged(quote, baseline) == (AnchorStatus.ANCHORED, expected)
