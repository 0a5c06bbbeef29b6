"""The baseline index of a large draft: verbatim search through the word index, candidate paragraphs."""

from __future__ import annotations

import random
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rapidfuzz import fuzz
from rapidfuzz.distance import LCSseq

from itu_amend.anchoring import BaselineIndex, Candidate, WordIndex
from itu_amend.anchoring.candidates import Numbering, Place
from itu_amend.anchoring.index import can_reach, fuzzy_in, reachable, rough_cutoff
from itu_amend.model import Baseline, Paragraph

VOCABULARY = [
    "member",
    "states",
    "sector",
    "study",
    "groups",
    "strategic",
    "plan",
    "masterplan",
    "resources",
    "human",
    "digital",
    "the",
    "and",
    "of",
    "to",
    "cooperation",
    "standardization",
    "radiocommunication",
    "development",
    "telecommunication",
] + [f"term{i}" for i in range(300)]


def _large_baseline(seed: int = 7, size: int = WordIndex.FULL_SCAN_BELOW + 50) -> Baseline:
    rng = random.Random(seed)
    paragraphs = []
    for n in range(size):
        words = [rng.choice(VOCABULARY[:20]) if rng.random() < 0.6 else rng.choice(VOCABULARY) for _ in range(30)]
        paragraphs.append(Paragraph(str(n + 1), " ".join(words) + ", " + rng.choice(["ok.", "Item 1.", "(a) b."])))
    return Baseline("large", tuple(paragraphs))


INDEX = BaselineIndex(_large_baseline())


@settings(max_examples=300, deadline=None)
@given(st.integers(0, len(INDEX.folded) - 1), st.integers(0, 400), st.integers(1, 120))
def test_verbatim_search_through_the_word_index_finds_what_a_full_search_finds(p: int, at: int, length: int) -> None:
    text = INDEX.folded[p].text
    at = min(at, len(text) - 1)
    needle = text[at : at + length]  # cuts words anywhere
    assert _plain(INDEX.exact(needle)) == _plain(INDEX._exact_joined(needle))


def _plain(candidates: list[Candidate]) -> list[tuple[object, ...]]:
    return [(c.position, c.score, c.start, c.end, list(c.amap)) for c in candidates]


def test_a_quote_whose_words_are_absent_is_found_nowhere_without_a_full_search() -> None:
    assert INDEX.words.holding("say nonexistentword here") == []
    assert INDEX.exact("say nonexistentword here") == []


def test_a_quote_of_cut_words_is_searched_everywhere() -> None:
    assert INDEX.words.holding("terplan") is None  # one word, cut at both ends
    assert INDEX.words.holding("the and") is None


def test_a_quote_of_common_words_is_searched_where_they_stand_together() -> None:
    """Not all paragraphs: searching all 20,000 paragraphs of a large draft costs ~4 ms a quote."""
    assert {"the", "and"} <= INDEX.words.common.keys()
    together = [p for p, f in enumerate(INDEX.folded) if {"the", "and"} <= set(re.findall(r"\w+", f.text.lower()))]
    assert INDEX.words.holding("x the and of y") == together
    assert 0 < len(together) < len(INDEX.folded)


def test_a_quote_of_a_rare_word_and_common_ones_is_read_only_where_they_all_stand() -> None:
    """Not everywhere its one rare word stands: 421 such quotes of drift-dev's scale set read 440,000 paragraphs."""
    words = {"term5", "the", "and"}
    together = [p for p, f in enumerate(INDEX.folded) if words <= set(re.findall(r"\w+", f.text.lower()))]
    rare = [p for p, f in enumerate(INDEX.folded) if "term5" in re.findall(r"\w+", f.text.lower())]
    assert INDEX.words.holding("x term5 the and y") == together
    assert 0 < len(together) < len(rare)


def test_a_small_baseline_has_no_word_index() -> None:
    small = BaselineIndex(_large_baseline(size=10))
    assert small.words.holding("member states") is None
    assert small.words.likely("member states") is None


def test_candidate_paragraphs_include_the_quoted_one_despite_changed_words() -> None:
    rng = random.Random(3)
    for p in rng.sample(range(len(INDEX.folded)), 40):
        words = INDEX.folded[p].text.split()
        start = rng.randrange(len(words) - 12)
        quote = words[start : start + 12]
        quote[rng.randrange(12)] = "changed"
        likely = INDEX.words.likely(" ".join(quote))
        assert likely is not None
        assert p in likely


def test_renumbering_evidence_never_scores_every_paragraph_for_a_quote_of_common_words() -> None:
    """Anchoring such a quote without its hint would score all 450 paragraphs (~0.5 s at 20,000) for weak evidence."""
    from itu_amend.anchoring import anchor_proposal
    from itu_amend.critic import parse
    from itu_amend.model import Action, Edit, Proposal

    rng = random.Random(5)
    common = VOCABULARY[:20]
    texts = [" ".join(rng.sample(common, 12)) for _ in range(WordIndex.FULL_SCAN_BELOW + 50)]
    index = BaselineIndex(Baseline("large", tuple(Paragraph(str(n + 1), t) for n, t in enumerate(texts))))
    quoted = texts[199].split()[:8]
    quoted[1] = quoted[1][:-1] + "x"  # a typo: it stands nowhere word for word
    marked = parse(" ".join(quoted[:5]) + " {++new ++}" + " ".join(quoted[5:]))
    edit = Edit("A/1", "A", Action.MOD, 1, paragraph="200", marked=marked)

    anchors = anchor_proposal(Proposal("A", (edit,), "a.yaml"), index)

    assert anchors["A/1"].paragraph == "200"
    assert index.words.likely(" ".join(quoted)) is None  # nothing for the index to narrow with
    scored = {p for (needle, _), windows in index._windows.items() for p in windows}
    assert scored <= set(range(199 - 2, 199 + 3))  # the hint and its neighbours only


@settings(max_examples=100, deadline=None)
@given(st.lists(st.sampled_from([*VOCABULARY, "typo", "x"]), max_size=8).map(" ".join))
def test_has_rare_words_says_whether_the_index_can_narrow_the_search(needle: str) -> None:
    assert INDEX.words.has_rare_words(needle) == (INDEX.words.likely(needle) is not None)


def test_a_number_the_baseline_lacks_is_placed_by_its_authors_order() -> None:
    """13A lies after 13, 5.9A before 5.10, and 40 of a draft that had more paragraphs past today's end."""
    numbers = ["1", "2", "3", "5.9", "5.10", "13", "14", "15"]
    index = BaselineIndex(Baseline("Test", tuple(Paragraph(n, f"Paragraph {n}.") for n in numbers)))
    numbering = Numbering(index)
    assert numbering.coordinate("13") == 5.0
    assert numbering.coordinate("13A") == 5.5  # between 13 (5) and 14 (6)
    assert numbering.coordinate("5.9A") == 3.5  # after 5.9 (3), before 5.10 (4): "5.10" follows "5.9"
    assert numbering.coordinate("40") == 7 + 25  # extrapolated: 25 past the last, 15
    assert numbering.coordinate(None) is None


def test_a_proposals_lookups_are_forgotten_once_it_is_anchored() -> None:
    """Kept for 20,000 edits they held ~100 MB; a quote is rarely looked up again by another proposal."""
    from itu_amend.anchoring import anchor_proposals
    from itu_amend.critic import parse
    from itu_amend.model import Action, Edit, Proposal

    index = BaselineIndex(_large_baseline())
    words = index.folded[120].text.split()
    typo = " ".join(words[3:8]) + "x " + " ".join(words[8:12])  # stands nowhere word for word: scanned
    edits = (
        Edit("A/1", "A", Action.MOD, 1, paragraph="121", marked=parse(typo + " {++new ++}end")),
        Edit("A/2", "A", Action.MOD, 2, paragraph="131", marked=parse(index.folded[130].text[:40] + "{++ new++}")),
    )
    proposal = Proposal("A", edits, "a.yaml")
    first = anchor_proposals([proposal], index)
    assert (index._exact, index._scans, index._windows, index._fits, index.words._likely) == ({}, {}, {}, {}, {})
    assert anchor_proposals([proposal], index) == first


def test_a_word_added_inside_the_quoted_passage_does_not_hide_the_paragraph() -> None:
    """The pre-filter lets through what the alignment scores at the cutoff: one word added to an 8-word quote
    scores 78 in `partial_ratio`'s window, 90 aligned (drift-dev, scale: a verbatim copy nearby took the edit)."""
    quote = "These notes supplement the description at The"
    hay = "These notes supplement currently the description at The initialization of the module search path."
    found = fuzzy_in(quote, hay, 0, 80.0)
    assert found is not None and found.score >= 88 and found.start == 0
    assert rough_cutoff(80.0) == pytest.approx(50.0) and rough_cutoff(100.0) == 100.0 and rough_cutoff(0.0) == 0.0


_LETTERS = st.text(alphabet="abcde ", min_size=1, max_size=40)


@settings(max_examples=300, deadline=None)
@given(_LETTERS, _LETTERS, st.data(), st.sampled_from([50.0, 65.0, 80.0, 89.0, 97.0]))
def test_the_bound_never_hides_a_span_that_scores_the_cutoff(
    needle: str, hay: str, data: st.DataObject, cutoff: float
) -> None:
    """`can_reach` says no only where no span of the paragraph scores `cutoff` (what any place there is
    scored on, once widened to whole words): the paragraph is built around a span near the quote."""
    before, after = data.draw(_LETTERS), data.draw(_LETTERS)
    hay = before + hay + after
    spans = [(a, b) for a in range(len(hay)) for b in range(a + 1, len(hay) + 1)]
    if any(fuzz.ratio(needle, hay[a:b]) >= cutoff for a, b in spans):
        assert can_reach(needle, hay, cutoff)


@settings(max_examples=200, deadline=None)
@given(_LETTERS, st.lists(st.text(alphabet="abcde ", max_size=120), max_size=8), st.sampled_from([0.0, 65.0, 89.0]))
def test_the_bound_of_many_paragraphs_at_once_is_each_ones_bound(needle: str, hays: list[str], cutoff: float) -> None:
    """`reachable` (one lookup's paragraphs bounded in one call) lets through exactly those the bound, worked
    out paragraph by paragraph, does, in order; so does `BaselineIndex.fuzzy`, which uses it, find what
    `fuzzy_in` finds in each."""
    assert reachable(needle, hays, cutoff) == [k for k, hay in enumerate(hays) if _bound(needle, hay, cutoff)]
    index = BaselineIndex(Baseline("Test", tuple(Paragraph(str(k + 1), hay) for k, hay in enumerate(hays))))
    positions = list(range(len(hays)))
    expected = [c for p in positions if (c := fuzzy_in(needle, index.folded[p].text, p, cutoff)) is not None]
    found = index.fuzzy(needle, positions + positions, cutoff)
    assert [_place(c) for c in found] == [_place(c) for c in expected + expected]


def _bound(needle: str, hay: str, cutoff: float) -> bool:
    """The bound of `reachable` for one paragraph, one stretch at a time (as it was before it was batched)."""
    c = cutoff / 100.0
    if c <= 0 or not needle:
        return True
    common = c * len(needle) / (2 - c) - 1e-9
    span, step = int((2 / c - 1) * len(needle)) + 1, max(1, len(needle) // 2)
    stretches = [hay[a : a + span + step] for a in range(0, len(hay) - span + step, step)]
    if len(hay) <= span + step:
        stretches = [hay]
    return LCSseq.similarity(needle, hay) >= common and any(LCSseq.similarity(needle, s) >= common for s in stretches)


def _place(c: Candidate) -> tuple[int, float, int, int, list[int]]:
    return c.position, c.score, c.start, c.end, list(c.amap)


def test_the_bound_reads_stretches_of_a_long_paragraph_not_only_all_of_it() -> None:
    """The quote's letters stand in order in the paragraph, but spread over five times its length: every place
    there scores below 80, and the bound says so without aligning anything."""
    quote = "the union shall promote the development of networks"
    hay = " ".join(f"{c}xyzq" for c in quote)
    assert can_reach(quote, hay.replace("xyzq", ""), 80.0)
    assert fuzzy_in(quote, hay, 0, 80.0) is None
    assert not can_reach(quote, hay, 80.0)


def test_a_quote_does_not_borrow_its_first_letters_from_the_word_before() -> None:
    """LCS ties: "automat" also stands scattered in "…DefaultsHelpFormatter"; the alignment keeps the quote whole."""
    quote = "automatically adds information about default values to each of the argument help"
    hay = "ArgumentDefaultsHelpFormatter automatically adds information about default values to each of the help"
    found = fuzzy_in(quote, hay, 0, 80.0)
    assert found is not None and found.start == hay.index("automatically") and found.score > 90


def test_a_quote_is_looked_for_ever_wider_and_found_where_one_scoring_finds_it() -> None:
    """Before the alignment the window is where the author's number points, wrong in a renumbered draft: a
    quote is scored there only once the alignment says where its edit stands, and the whole draft is searched
    fuzzily only for an edit its window does not settle (`Scope`)."""
    from itu_amend.anchoring.candidates import Lookups, Scope, places, quote_of
    from itu_amend.anchoring.settings import DEFAULT_SETTINGS
    from itu_amend.critic import parse
    from itu_amend.model import Action, Edit

    words = INDEX.folded[120].text.split()
    window = set(range(115, 126))
    for quoted, verbatim in ((" ".join(words[2:12]), 1), (" ".join(words[2:7]) + "x " + " ".join(words[7:12]), 0)):
        edit = Edit("A/1", "A", Action.MOD, 1, paragraph="121", marked=parse(quoted + " {++new++}"))
        quote = quote_of(edit)
        assert quote is not None
        _, number = places(quote, INDEX, window, DEFAULT_SETTINGS, scope=Scope.NUMBER)
        assert sum(c.score >= 100.0 for c in number.old or ()) == verbatim
        assert number.old_window == {} and number.far is None and number.new is None
        _, aligned = places(quote, INDEX, window, DEFAULT_SETTINGS, number, Scope.WINDOW)
        assert set(aligned.old_window) | {c.position for c in aligned.old or ()} >= window - {120}
        assert aligned.far is None and aligned.new is None
        found, draft = places(quote, INDEX, window, DEFAULT_SETTINGS, aligned, Scope.DRAFT)
        assert draft.far is not None and draft.new is not None
        fresh = places(quote, INDEX, window, DEFAULT_SETTINGS, Lookups())[0]
        assert [_seen(p) for p in found] == [_seen(p) for p in fresh]  # the same places as one scoring


def _seen(place: Place) -> tuple[int, float, str, int, int]:
    return place.position, place.fit, place.reading.value, place.candidate.start, place.candidate.end
