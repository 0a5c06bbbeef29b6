"""Change placement's word rules (anchoring/changes.py), on hand-placed spans: which words must frame a change."""

from __future__ import annotations

import pytest

from itu_amend.anchoring.changes import _neighbours_hold, folded_changes
from itu_amend.critic import parse
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
        ("its internal{++ control++} oversight", "its internal new oversight", " new", True),
    ],
)
def test_the_words_beside_a_change_frame_it(quote: str, baseline: str, at: str, expected: bool) -> None:
    assert holds(quote, baseline, at) is expected
