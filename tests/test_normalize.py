"""Folding for matching: typography folded away, with a faithful map back to the original characters."""

from __future__ import annotations

import itertools
import re
import unicodedata

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from itu_amend.normalize import fold, fold_text


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("human  resources", "human resources"),
        ("human\u00a0resources", "human resources"),
        ("human\n  resources", "human resources"),
        ("human\tresources", "human resources"),
        ("\u201csound\u201d management", '"sound" management'),
        ("ITU\u2019s plan", "ITU's plan"),
        ("\u00abplan\u00bb", '"plan"'),
        ("2028\u20132031", "2028-2031"),
        ("peace\u2014and", "peace-and"),
        ("\u22121", "-1"),
        ("results-\nbased", "results-based"),
        ("results- based", "results-based"),
        ("results -based", "results-based"),
        ("caf\u00e9", "cafe\u0301"),
        ("soft\u00adhyphen", "softhyphen"),
        ("  padded  ", "padded"),
        # Chinese, Japanese: full width, the ideographic full stop and space, corner quotes, spacing
        ("国际电联，２０２８年；ＩＴＵ－Ｔ", "国际电联,2028年;ITU-T"),
        ("战略规划。", "战略规划."),
        ("「标准」", "“标准”"),
        ("使用 ITU-T 标准", "使用ITU-T标准"),
        ("用户名， 但", "用户名，但"),
        ("采用标准. ITU-T", "采用标准.ITU-T"),  # after punctuation that follows an ideograph
        ("采用x y", "采用x y"),  # after a Latin letter: a space between words
        ("研究组\u3000第五", "研究组第五"),
        # French, Russian: guillemets and „лапки“, the (narrow) no-break space before : ; ! ?
        ("«\u00a0plan stratégique\u00a0»", '"plan stratégique"'),
        ("« plan »", "«plan»"),
        ("membres\u202f: les", "membres: les"),
        ("membres : les", "membres: les"),
        ("pourquoi ?", "pourquoi?"),
        ("„лапки“", "«лапки»"),
        ("2028\u00a0г.", "2028 г."),
        ("ещё всё", "еще все"),
        # Arabic, Persian: tatweel, optional vowel marks, Persian letter forms and digits, punctuation
        ("الخطـة", "الخطة"),
        ("مُحَمَّد", "محمد"),
        ("القرار ٧١", "القرار 71"),
        ("القرار ۷۱", "القرار 71"),
        ("کارگروه ی", "كارگروه ي"),
        ("أولاً، ثانياً؛", "أولاً, ثانياً;"),
    ],
)
def test_typographic_variants_fold_equal(a: str, b: str) -> None:
    assert fold_text(a) == fold_text(b)


@pytest.mark.parametrize("dash", [c for c in map(chr, range(0x2000, 0x3100)) if unicodedata.category(c) == "Pd"])
def test_every_unicode_dash_folds_to_a_hyphen(dash: str) -> None:
    assert fold_text(f"a{dash}b") == "a-b"


@pytest.mark.parametrize("text", ["a - b", "a \u2013 b", "a -- b", "第5 \u2013 7段"])
def test_a_spaced_dash_keeps_its_spaces(text: str) -> None:
    """Both spaces or neither: never a hyphen attached on one side only (also after a number after an ideograph)."""
    assert fold_text(text) == text.replace("\u2013", "-")


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("على", "علي"),  # alef maksura and yeh: two words ("on", "Ali")
        ("أحمد", "احمد"),  # hamza is spelling, not typography
        ("甲、乙", "甲，乙"),  # the enumeration comma is another mark
        ("élève", "eleve"),  # French accents are letters
        ("标准化", "標準化"),  # simplified and traditional characters
    ],
)
def test_what_an_editor_of_the_language_reads_as_different_stays_different(a: str, b: str) -> None:
    assert fold_text(a) != fold_text(b)


def test_different_words_stay_different() -> None:
    assert fold_text("results-based") != fold_text("results based")
    assert fold_text("resultsbased") != fold_text("results based")


def test_composed_and_decomposed_accents_map_to_their_own_characters() -> None:
    decomposed = fold("cafe\u0301 ok")
    assert decomposed.text == "caf\u00e9 ok"
    assert decomposed.original_span(3, 4) == (3, 5)  # the é is both characters of the original


def test_collapsed_white_space_maps_to_the_first_space() -> None:
    folded = fold("a \u00a0\n b")
    assert folded.text == "a b"
    assert folded.original_span(2, 3) == (5, 6)
    assert folded.original_point(1) == 1


def test_edges_map_inside_stripped_white_space() -> None:
    folded = fold("  word  ")
    assert folded.original_span(0, 4) == (2, 6)
    assert folded.original_point(0) == 2
    assert folded.original_point(4) == 6


# --- the map back to the original never loses or eats a character -------------------------

PIECES = ["a", "b", "é", "e\u0301", " ", "  ", "\u00a0", "\n", "-", "\u2013", "\u00ad", '"', "\u201c", "\u2019", "."]
TEXTS = st.lists(st.sampled_from(PIECES), max_size=24).map("".join)


def _squeezed(text: str) -> str:
    return re.sub(r"\s+", "", text)


@settings(max_examples=300, deadline=None)
@given(TEXTS, st.lists(st.integers(0, 40), min_size=2, max_size=4))
@example("results- based", [0, 8, 13])
@example("a  -  b", [0, 1, 2, 3])
def test_original_spans_tile_the_original(text: str, raw_cuts: list[int]) -> None:
    folded = fold(text)
    cuts = sorted(min(c, len(folded.text)) for c in raw_cuts)
    pairs = list(itertools.pairwise(cuts))
    spans = [folded.original_span(i, j) for i, j in pairs]
    for (i, j), (start, end) in zip(pairs, spans, strict=True):
        assert 0 <= start <= end <= len(text)
        # nothing eaten: the original slice holds exactly the folded characters (spaces aside)
        assert _squeezed(fold_text(text[start:end])) == _squeezed(folded.text[i:j])
    for (_, end), (start, _) in itertools.pairwise(spans):
        # nothing lost or doubled: between two neighbouring spans lie only dropped characters
        assert end <= start
        assert fold_text(text[end:start]) == ""


@settings(max_examples=200, deadline=None)
@given(TEXTS)
def test_the_whole_folded_text_covers_every_kept_character(text: str) -> None:
    folded = fold(text)
    start, end = folded.original_span(0, len(folded.text))
    assert fold_text(text[:start]) == fold_text(text[end:]) == ""
    assert fold_text(text[start:end]) == folded.text


# --- the fast paths fold exactly as the plain definition does ------------------------------


def _reference_fold(text: str) -> tuple[str, list[int], list[int]]:
    """Folding as defined, one character cluster at a time, with none of fold's shortcuts."""
    from itu_amend.normalize import _fold_cluster, _loose_space

    chars: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    i = 0
    while i < len(text):
        j = i + 1
        while j < len(text) and unicodedata.combining(text[j]):
            j += 1
        if text[i:j] == "»" and chars and chars[-1] == " ":
            chars.pop(), starts.pop(), ends.pop()  # « texte » is «texte»
        for char in _fold_cluster(text[i:j]):
            if not (char == " " and (not chars or chars[-1] == " " or text[i - 1 : i] == "«")):
                chars.append(char)
                starts.append(i)
                ends.append(j)
        i = j
    kept = [i for i in range(len(chars)) if not _loose_space(chars, i)]
    return "".join(chars[i] for i in kept), [starts[i] for i in kept], [ends[i] for i in kept]


WIDE = [*PIECES, "Z", "\u0301", "\t", "--", "\u200b", "\x00", "\x1f", "\x7f", "\ufb01", "\u0130", " -", "- "]
WIDE += ["«", "»", " :", "? ", "标", "。", "，", "\u3000", "\u0640", "\u064e", "ی", "٧", "\u202f"]


@settings(max_examples=1000, deadline=None)
@given(st.lists(st.sampled_from(WIDE), max_size=30).map("".join))
@example("\x00\u00e9\u0301--b")  # folds to the same string, but not character for character
@example("a -- b")  # ASCII that looks loose but folds to itself
@example("ITU\u2019s \u201cplan\u201d \u2013 2028\u00a0on")  # folds character for character
@example("e\u0301t\u00e9")  # a combining accent: not character for character
def test_fold_agrees_with_the_plain_definition(text: str) -> None:
    folded = fold(text)
    assert (folded.text, list(folded.starts), list(folded.ends)) == _reference_fold(text)


ASCII = [
    "a",
    "Z",
    ".",
    " ",
    "  ",
    "-",
    "--",
    " -",
    "- ",
    "\t",
    "\n",
    "\x0b",
    "\x00",
    "\x1f",
    "\x7f",
    ":",
    "?",
    ";",
    "!",
]


@settings(max_examples=1000, deadline=None)
@given(st.lists(st.sampled_from(ASCII), max_size=30).map("".join))
@example("a- b")  # a space beside a dash attached to a word is loose
@example("a -b")
@example(" a")
@example("a ")
@example("a\x0bb")
def test_the_plain_ascii_path_folds_as_defined(text: str) -> None:
    """ASCII goes by `_folds_to_itself` first: it may send text the long way, never skip a change."""
    folded = fold(text)
    assert (folded.text, list(folded.starts), list(folded.ends)) == _reference_fold(text)
