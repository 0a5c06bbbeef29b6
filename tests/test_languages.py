"""Every ITU language: text without spaces indexed by pairs of ideographs, and the word rules of a change in Chinese."""

from __future__ import annotations

import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from itu_amend import critic
from itu_amend.anchoring import BaselineIndex, WordIndex
from itu_amend.anchoring.index import index_terms, joined
from itu_amend.loading import Inputs
from itu_amend.merging import merge
from itu_amend.model import Action, Baseline, Edit, EditResult, EditStatus, MergeResult, Paragraph, Proposal

IDEOGRAPHS = [chr(c) for c in range(0x4E00, 0x4E00 + 700)]


def _chinese_sentence(rng: random.Random) -> str:
    clauses = [
        "".join(rng.choice(IDEOGRAPHS[:60] if rng.random() < 0.3 else IDEOGRAPHS) for _ in range(rng.randint(6, 14)))
        for _ in range(rng.randint(1, 3))
    ]
    return "，".join(clauses) + "。"


def _chinese_baseline(seed: int = 19, size: int = WordIndex.FULL_SCAN_BELOW + 50) -> Baseline:
    rng = random.Random(seed)
    paragraphs = []
    for n in range(size):
        text = "".join(_chinese_sentence(rng) for _ in range(rng.randint(2, 4)))
        if rng.random() < 0.2:
            text = "ITU-T 第" + str(rng.randint(1, 20)) + "研究组" + text
        paragraphs.append(Paragraph(str(n + 1), text))
    return Baseline("大型草案", tuple(paragraphs))


BASELINE = _chinese_baseline()
INDEX = BaselineIndex(BASELINE)


def merged(baseline: Baseline, *texts: tuple[str, str | None]) -> MergeResult:
    """One proposal of MODs (text, paragraph hint) merged into `baseline` by the library."""
    edits = tuple(
        Edit(f"G/{i}", "G", Action.MOD, i, paragraph=hint, text=text, marked=critic.parse(text))
        for i, (text, hint) in enumerate(texts, start=1)
    )
    return merge(Inputs(baseline, (Proposal("G", edits, "g.yaml"),)))


def small(*texts: str) -> Baseline:
    return Baseline("草案", tuple(Paragraph(str(i), t) for i, t in enumerate(texts, start=1)))


def only(result: MergeResult) -> EditResult:
    (edit,) = result.edits
    return edit


# --- the word index: pairs of ideographs, words elsewhere -----------------------------------


def test_a_run_of_ideographs_is_indexed_by_pairs_and_latin_words_stay_whole() -> None:
    assert index_terms("ITU-T的标准化工作于2028年") == ["itu", "的标", "标准", "准化", "化工", "工作", "作于", "2028"]


def test_a_word_joins_letters_but_never_two_ideographs() -> None:
    assert joined("a", "b") and joined("T", "1")
    assert not joined("标", "准") and not joined("T", "的") and not joined("a", " ")


@settings(max_examples=200, deadline=None)
@given(st.integers(0, len(INDEX.folded) - 1), st.integers(0, 200), st.integers(1, 60))
def test_verbatim_search_through_the_index_finds_in_chinese_what_a_full_search_finds(
    p: int, at: int, length: int
) -> None:
    text = INDEX.folded[p].text
    needle = text[min(at, len(text) - 1) :][:length]
    assert sorted((c.position, c.start) for c in INDEX.exact(needle)) == sorted(
        (c.position, c.start) for c in INDEX._exact_joined(needle)
    )


def test_a_chinese_quote_is_narrowed_to_a_few_paragraphs_by_its_pairs() -> None:
    assert INDEX.words.indexed
    holding = INDEX.words.holding(BASELINE.paragraphs[123].text[5:25])
    assert holding is not None and 123 in holding and len(holding) < 5


def _drifted(text: str, at: int) -> str:
    """`text` with the ideograph at `at` replaced by another."""
    other = IDEOGRAPHS[(IDEOGRAPHS.index(text[at]) + 1) % len(IDEOGRAPHS)] if text[at] in IDEOGRAPHS else "之"
    return text[:at] + other + text[at + 1 :]


LONG_FIRST_SENTENCES = [p for p in range(10, len(BASELINE.paragraphs)) if BASELINE.paragraphs[p].text.index("。") >= 20]


@pytest.mark.parametrize("position", LONG_FIRST_SENTENCES[::60])
def test_a_drifted_chinese_quote_anchors_in_a_large_renumbered_draft(position: int) -> None:
    """One ideograph of the quoted context changed since, and the draft renumbered by 3."""
    text = BASELINE.paragraphs[position].text
    sentence = text[: text.index("。") + 1]
    middle = len(sentence) // 2
    change = sentence[middle : middle + 2]
    author = _drifted(sentence, 2)
    quote = author[:middle] + "{~~" + change + "~>数字化~~}" + author[middle + 2 :]
    result = merged(BASELINE, (quote, str(position + 1 - 3)))
    edit = only(result)
    assert edit.status is EditStatus.APPLIED, edit.message
    assert edit.paragraph == str(position + 1)
    assert result.paragraphs[position].text == text[:middle] + "数字化" + text[middle + 2 :]


# --- the word rules of a change, in Chinese ------------------------------------------------


def test_an_insertion_between_two_ideographs_cuts_no_word() -> None:
    baseline = small("国际电联将推动发展中国家的电信发展。")
    result = merged(baseline, ("将推动{++数字++}发展中国家的电信", "1"))
    assert only(result).status is EditStatus.APPLIED, only(result).message
    assert result.paragraphs[0].text == "国际电联将推动数字发展中国家的电信发展。"


def test_the_two_ideographs_beside_a_change_must_stand() -> None:
    baseline = small("国际电联将加强其内部控股机制，以提高效率和透明度。")
    result = merged(baseline, ("国际电联将加强其{~~内部~>财务~~}控制机制，以提高效率和透明度。", "1"))
    assert only(result).status is EditStatus.STALE, only(result).message
    assert result.paragraphs[0].text == baseline.paragraphs[0].text


def test_an_ideograph_further_from_the_change_may_have_changed() -> None:
    baseline = small("国际电联将加强其内部控制体系，以提高效率和透明度。")
    result = merged(baseline, ("国际电联将加强其{~~内部~>财务~~}控制机制，以提高效率和透明度。", "1"))
    assert only(result).status is EditStatus.APPLIED, only(result).message
    assert result.paragraphs[0].text == "国际电联将加强其财务控制体系，以提高效率和透明度。"


def test_a_latin_acronym_inside_chinese_is_a_word_a_change_may_not_cut() -> None:
    baseline = small("ITU-T第五研究组负责环境和循环经济的工作。")
    result = merged(baseline, ("{++新++}TU-T第五研究组负责环境和循环经济的工作", "1"))
    assert only(result).status is not EditStatus.APPLIED
    assert result.paragraphs[0].text == baseline.paragraphs[0].text
