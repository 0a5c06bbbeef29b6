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
    assert edit.status in (EditStatus.APPLIED, EditStatus.UNANCHORED), edit.message  # never another place
    if edit.status is EditStatus.UNANCHORED:
        # Known limit of the alignment (issue 13's note): a lone edit three places off its number pays
        # 3 x per_place (12) and one changed ideograph costs a 40-character quote ~8 points of fit, so
        # a fit under 92 is left unplaced (one of the four cases here; legacy placed it).
        pytest.xfail(f"lone edit three places off at fit {edit.anchor.reasons[0].score}: unplaced")
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


def test_a_quote_ending_one_ideograph_past_the_change_is_applied() -> None:
    """The quote holds one ideograph of the word after the change, and it stands: found by
    benchmarks/languages.py on Debian's Chinese manual pages (verbatim quotes refused as stale)."""
    baseline = small("目录可以在启动过程的末尾才变得可用。")
    result = merged(baseline, ("目录可以在启动过程的{~~末尾才~>和~~}变", "1"))
    assert only(result).status is EditStatus.APPLIED, only(result).message
    assert result.paragraphs[0].text == "目录可以在启动过程的和变得可用。"


def test_a_quote_starting_one_ideograph_before_the_change_is_applied() -> None:
    baseline = small("管理的共享内存缓冲区数量。")
    result = merged(baseline, ("内{--存缓冲--}区数量。", "1"))
    assert only(result).status is EditStatus.APPLIED, only(result).message
    assert result.paragraphs[0].text == "管理的共享内区数量。"


def test_the_one_quoted_ideograph_beside_a_change_must_still_be_there() -> None:
    baseline = small("为了提高工作效率，国际电联将加强其内部管控机制。")
    result = merged(baseline, ("为了提高工作效率，国际电联将加强其{~~内部~>财务~~}控", "1"))
    assert only(result).status is EditStatus.STALE, only(result).message
    assert result.paragraphs[0].text == baseline.paragraphs[0].text


TIGHT = "各成员国应采用国际标准。ITU-T第五研究组负责环境工作。"
SPACED = "各成员国应采用国际标准。 ITU-T第五研究组负责环境工作。"  # as a copy from a PDF gives it


@pytest.mark.parametrize(("draft", "copy"), [(TIGHT, SPACED), (SPACED, TIGHT)], ids=["in-the-quote", "in-the-draft"])
def test_a_space_after_chinese_punctuation_is_typography_the_quote_stands_word_for_word(draft: str, copy: str) -> None:
    """A space after 。 or ， (before Latin text too) separates nothing in Chinese."""
    result = merged(small(draft), (copy.replace("负责", "负责{++气候和++}"), "1"))
    assert only(result).status is EditStatus.APPLIED, only(result).message
    assert only(result).score == 100  # the quote is the draft's text, not a fuzzy match of it
    assert result.paragraphs[0].text == draft.replace("负责", "负责气候和")  # the draft's own spacing kept


def test_a_latin_acronym_inside_chinese_is_a_word_a_change_may_not_cut() -> None:
    baseline = small("ITU-T第五研究组负责环境和循环经济的工作。")
    result = merged(baseline, ("{++新++}TU-T第五研究组负责环境和循环经济的工作", "1"))
    assert only(result).status is not EditStatus.APPLIED
    assert result.paragraphs[0].text == baseline.paragraphs[0].text


# --- one small case per language: a baseline paragraph, a drifted proposal; it anchors and renders ---

LANGUAGE_CASES = {
    # language: (baseline paragraph, MOD as the author typed it, the paragraph once merged)
    "zh": (
        "国际电联将继续推动信息通信技术的发展，缩小数字鸿沟，并支持ITU-T第５研究组的工作。",
        "国际电联将继续推动信息通信技术的{++可持续++}发展, 缩小数字鸿沟",
        "国际电联将继续推动信息通信技术的可持续发展，缩小数字鸿沟，并支持ITU-T第５研究组的工作。",
    ),
    "ja": (
        "国際電気通信連合は、情報通信技術の発展を引き続き推進し、デジタル格差を縮小します。",
        "情報通信技術の{~~発展~>持続可能な発展~~}を引き続き推進し、デジタル格差",
        "国際電気通信連合は、情報通信技術の持続可能な発展を引き続き推進し、デジタル格差を縮小します。",
    ),
    "th": (
        "สหภาพโทรคมนาคมระหว่างประเทศจะส่งเสริมการพัฒนาเทคโนโลยีสารสนเทศและการสื่อสาร",
        "จะส่งเสริมการพัฒนา{++อย่างยั่งยืน++}เทคโนโลยีสารสนเทศ",
        "สหภาพโทรคมนาคมระหว่างประเทศจะส่งเสริมการพัฒนาอย่างยั่งยืนเทคโนโلยีสารสนเทศและการสื่อสาร".replace("ل", "ล"),
    ),
    "ar": (
        "يواصل الاتحاد العمل على سد الفجوة الرقمية في البلدان النامية وفقاً للقرار ٧١.",
        "يواصل الاتحاد العمل على سد الفجـوة الرقمیة {++والمعرفية ++}في البلدان النامية وفقاً للقرار 71",
        "يواصل الاتحاد العمل على سد الفجوة الرقمية والمعرفية في البلدان النامية وفقاً للقرار ٧١.",
    ),
    "fr": (
        "Les États Membres\u00a0: le plan stratégique «\u00a0UIT 2028\u00a0» sera adopté par la Conférence.",
        "Les États Membres : le plan stratégique «UIT 2028» sera {~~adopté~>examiné~~} par la Conférence",
        "Les États Membres\u00a0: le plan stratégique «\u00a0UIT 2028\u00a0» sera examiné par la Conférence.",
    ),
    "ru": (
        "Государства-Члены ещё раз одобрили «Стратегический план» на 2028\u00a0год и последующие годы.",
        "Государства\u2011Члены еще раз одобрили „Стратегический план“ на 2028 год{++ и 2029 год++} и последующие",
        "Государства-Члены ещё раз одобрили «Стратегический план» на 2028\u00a0год и 2029 год и последующие годы.",
    ),
    "es": (
        "Los Estados Miembros aprobaron el «Plan Estratégico» para el período 2028-2031.",
        "Los Estados Miembros aprobaron el “Plan Estratégico” para el {~~período~>cuatrienio~~} 2028\u20132031",
        "Los Estados Miembros aprobaron el «Plan Estratégico» para el cuatrienio 2028-2031.",
    ),
    "en": (
        "ITU will continue to bridge the digital divide in developing countries.",
        "ITU will continue to bridge the {++standardization and ++}digital divide",
        "ITU will continue to bridge the standardization and digital divide in developing countries.",
    ),
}


@pytest.fixture(params=sorted(LANGUAGE_CASES))
def language_case(request: pytest.FixtureRequest) -> tuple[str, MergeResult, str]:
    baseline, quote, expected = LANGUAGE_CASES[request.param]
    other = small("第一段。", "Un autre paragraphe.", baseline).paragraphs
    result = merged(Baseline("draft", other), (quote, "2"))  # renumbered: it is paragraph 3 now
    return request.param, result, expected


def test_each_language_anchors_its_drifted_quote_and_keeps_the_baselines_characters(
    language_case: tuple[str, MergeResult, str],
) -> None:
    _, result, expected = language_case
    edit = only(result)
    assert edit.status is EditStatus.APPLIED, edit.message
    assert edit.paragraph == "3"
    assert result.paragraphs[2].text == expected


def test_each_language_renders_in_every_format(language_case: tuple[str, MergeResult, str]) -> None:
    from itu_amend.render import docx, html, markdown, text

    language, result, _ = language_case
    (change,) = only(result).anchor.changes
    shown = max(change.inserted.split(), key=len)  # a word: the text renderer wraps lines
    assert shown in text.render_merge(result)
    assert shown in markdown.render_merge(result)
    page = html.render_merge(result)
    assert shown in page
    assert page.count('<p class="text" dir="auto">') == 3
    document = _docx_xml(docx.render_merge(result))
    assert shown in document
    assert (document.count("<w:bidi/>") == 1) is (language == "ar")


def _docx_xml(data: bytes) -> str:
    import io
    import zipfile

    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return archive.read("word/document.xml").decode("utf-8")


def test_a_right_to_left_paragraph_is_bidi_in_word_and_its_arabic_runs_are_rtl() -> None:
    from itu_amend.render import docx

    baseline, quote, _ = LANGUAGE_CASES["ar"]
    result = merged(small("Latin first.", baseline), (quote, "2"))
    document = _docx_xml(docx.render_merge(result))
    paragraphs = document.split("<w:p>")
    arabic = next(p for p in paragraphs if "الفجوة" in p)
    assert "<w:bidi/>" in arabic and "<w:rtl/>" in arabic
    latin = next(p for p in paragraphs if "Latin first." in p)
    assert "<w:bidi/>" not in latin and "<w:rtl/>" not in latin


def test_a_bidi_override_in_arabic_text_is_still_shown_escaped() -> None:
    from itu_amend.render import html, text

    result = merged(
        small("يواصل الاتحاد العمل \u202eعلى سد الفجوة الرقمية في البلدان النامية."),
    )
    for rendered in (text.render_merge(result), html.render_merge(result)):
        assert "\u202e" not in rendered and "\\u202e" in rendered


def test_a_short_chinese_quote_with_one_ideograph_changed_is_found_as_an_english_one_of_as_many_words_is() -> None:
    """12 ideographs are some seven words: long enough to be located fuzzily, where 12 letters are not."""
    baseline = small("他们说具体使用哪种取决于你的系统。", "其他内容。")
    result = merged(baseline, ("具体使用哪种{++错++}取决于发的系统", "1"))
    assert only(result).status is EditStatus.APPLIED, only(result).message
    assert result.paragraphs[0].text == "他们说具体使用哪种错取决于你的系统。"
