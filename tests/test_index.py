"""The baseline index of a large draft: verbatim search through the word index, candidate paragraphs."""

from __future__ import annotations

import itertools
import random
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from itu_amend.anchoring import BaselineIndex, Candidate, Renumbering, WordIndex, _longest_in_order
from itu_amend.anchoring.index import fuzzy_in, rough_cutoff
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


def _corrected_by_definition(hint: int, evidence: dict[str, tuple[int, int]], size: int) -> set[int]:
    """The hint moved by the shifts of the nearest evidence before and after it."""
    before = [at for at, _ in evidence.values() if at <= hint]
    after = [at for at, _ in evidence.values() if at >= hint]
    nearest = ({max(before)} if before else set()) | ({min(after)} if after else set())
    return {hint + shift for at, shift in evidence.values() if at in nearest and 0 <= hint + shift < size}


@given(
    st.dictionaries(
        st.sampled_from([f"A/{i}" for i in range(12)]),
        st.tuples(st.integers(0, 30), st.integers(-8, 8)),
        max_size=12,
    ),
    st.integers(0, 30),
)
@settings(max_examples=400, deadline=None)
def test_renumbering_by_bisection_is_the_nearest_evidence_on_each_side(
    evidence: dict[str, tuple[int, int]], hint: int
) -> None:
    renumbering = Renumbering.of(evidence, {edit_id: "" for edit_id in evidence})
    assert renumbering.corrected(hint, 31) == _corrected_by_definition(hint, evidence, 31)


def test_a_number_that_names_no_paragraph_is_bounded_by_the_authors_nearest_numbers() -> None:
    """13A lies between the author's 13 and 14, 5.10 after 5.9, 40 after 9: where their edits landed bounds it."""
    evidence = {"A/1": (2, 0), "A/2": (12, 1), "A/3": (20, 2), "A/4": (5, 0), "A/5": (8, 0)}
    numbers = {"A/1": "3", "A/2": "13", "A/3": "14", "A/4": "5.10", "A/5": "9"}
    renumbering = Renumbering.of(evidence, numbers)
    assert renumbering.unnumbered("13A", 100).bounds == (13, 22)
    assert renumbering.unnumbered("40", 100).bounds == (22, 99)  # after 14, the author's last
    assert renumbering.unnumbered("1", 100).bounds == (0, 2)  # before 3, the author's first
    assert renumbering.unnumbered("5.9", 100).bounds == (2, 5)  # after 3, before 5.10
    assert Renumbering.of({}, {}).unnumbered("13A", 100).bounds is None


@given(st.lists(st.integers(0, 9), max_size=9))
@settings(max_examples=300, deadline=None)
def test_the_longest_in_order_run_is_in_order_and_longest(values: list[int]) -> None:
    run = _longest_in_order(values)
    assert run == sorted(set(run))
    assert all(values[a] <= values[b] for a, b in itertools.pairwise(run))
    longest = [1] * len(values)  # the longest run ending at each index, by its definition
    for i in range(len(values)):
        longest[i] = 1 + max((longest[j] for j in range(i) if values[j] <= values[i]), default=0)
    assert len(run) == max(longest, default=0)


def test_an_edit_that_landed_out_of_order_does_not_bound_a_number_that_names_no_paragraph() -> None:
    """The author's 19363 found a copy of its quote far back (at 9339): 19737 is bounded by 19350's landing."""
    evidence = {"A/1": (18000, -500), "A/2": (19350, -548), "A/3": (19363, -10023)}
    numbers = {"A/1": "18001", "A/2": "19351", "A/3": "19364"}
    renumbering = Renumbering.of(evidence, numbers)
    assert renumbering.unnumbered("19737", 19443).bounds == (18802, 19442)


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


def test_a_quote_does_not_borrow_its_first_letters_from_the_word_before() -> None:
    """LCS ties: "automat" also stands scattered in "…DefaultsHelpFormatter"; the alignment keeps the quote whole."""
    quote = "automatically adds information about default values to each of the argument help"
    hay = "ArgumentDefaultsHelpFormatter automatically adds information about default values to each of the help"
    found = fuzzy_in(quote, hay, 0, 80.0)
    assert found is not None and found.start == hay.index("automatically") and found.score > 90
