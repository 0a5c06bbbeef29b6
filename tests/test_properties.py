"""Properties of the merge, over generated baselines and edits (hypothesis).

Texts are drawn from a small vocabulary of real words, so that passages repeat
(ambiguity) and quotes drift into other words, as they do in real drafts. Inputs
are built in memory: no files, so each property runs in about a second.
"""

from __future__ import annotations

import itertools
import re
from bisect import bisect_left
from collections.abc import Iterator
from dataclasses import dataclass, replace

from hypothesis import HealthCheck, assume, example, given, settings
from hypothesis import strategies as st

from itu_amend import critic
from itu_amend.loading import Inputs
from itu_amend.merging import clash, merge
from itu_amend.model import (
    Action,
    Baseline,
    Change,
    Edit,
    EditResult,
    EditStatus,
    Marked,
    MergeResult,
    Paragraph,
    Proposal,
)
from itu_amend.normalize import fold, fold_text
from itu_amend.render.jsonout import render_merge

WORDS = (
    "budget", "council", "union", "review", "plan", "members", "report", "annual", "sector", "staff", "office",
    "ITU's", "non-profit", "r\u00e9sum\u00e9",
)  # fmt: skip
"""No word is part of another: a passage found verbatim is found on word edges."""

FAST = settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])

words = st.lists(st.sampled_from(WORDS), min_size=1, max_size=3)
paragraph_words = st.lists(st.sampled_from(WORDS), min_size=3, max_size=12)
baselines = st.lists(paragraph_words, min_size=1, max_size=4)


VARIANTS = {"'": "\u2019", "-": "\u2013", "\u00e9": "e\u0301", " ": "\u00a0"}


@st.composite
def restyled(draw: st.DrawFn, text: str) -> str:
    """The text as another copy types it: curly apostrophes, en dashes, decomposed accents, no-break spaces."""
    return "".join(VARIANTS[c] if c in VARIANTS and draw(st.booleans()) else c for c in text)


@dataclass(frozen=True)
class Quote:
    """A MOD written against paragraph `paragraph` of a draft: its words, and tokens [a, b) replaced by `new`."""

    paragraph: int
    window: tuple[str, ...]
    a: int
    b: int
    new: tuple[str, ...]

    @property
    def old(self) -> str:
        return " ".join(self.window)

    @property
    def new_passage(self) -> str:
        return " ".join(self.window[: self.a] + self.new + self.window[self.b :])

    def markup(self) -> str:
        """The quote with CriticMarkup, spaces placed as an author would."""
        pre, gone, post = (
            " ".join(p) for p in (self.window[: self.a], self.window[self.a : self.b], self.window[self.b :])
        )
        added = " ".join(self.new)
        if gone and added:
            mark = "{~~" + gone + "~>" + added + "~~}"
            return " ".join(p for p in (pre, mark, post) if p)
        text, mark = (gone, "--") if gone else (added, "++")
        if post:
            return (pre + " " if pre else "") + "{" + mark + text + " " + mark + "}" + post
        return pre + "{" + mark + (" " if pre else "") + text + mark + "}"


@st.composite
def quotes(draw: st.DrawFn, paragraphs: list[list[str]]) -> Quote:
    p = draw(st.integers(0, len(paragraphs) - 1))
    tokens = paragraphs[p]
    i = draw(st.integers(0, len(tokens) - 1))
    j = draw(st.integers(i + 1, len(tokens)))
    window = tuple(tokens[i:j])
    a = draw(st.integers(0, len(window)))
    b = draw(st.integers(a, len(window)))
    new = tuple(draw(words if a == b else st.one_of(st.just([]), words)))
    return Quote(p, window, a, b, new)


def baseline_of(paragraphs: list[list[str]]) -> Baseline:
    return Baseline("Generated", tuple(Paragraph(str(n), " ".join(w)) for n, w in enumerate(paragraphs, 1)))


def edit_of(quote: Quote, edit_id: str, source: str, hinted: bool, opening: str = "") -> Edit:
    """The MOD of `quote`, its text opening with `opening` glued to its first word (a bracket: "(union")."""
    text = opening + quote.markup()
    paragraph = str(quote.paragraph + 1) if hinted else None
    return Edit(edit_id, source, Action.MOD, 1, paragraph=paragraph, text=text, marked=critic.parse(text))


def inputs_of(baseline: Baseline, edits: list[Edit], order: list[int] | None = None) -> Inputs:
    """One proposal per edit, its source named by its place in `order` (renaming the groups)."""
    order = order or list(range(len(edits)))
    proposals = [
        Proposal(f"S{order[k]}", (replace(e, source=f"S{order[k]}"),), f"p{order[k]}.yaml") for k, e in enumerate(edits)
    ]
    return Inputs(baseline, tuple(proposals))


@st.composite
def scenarios(draw: st.DrawFn) -> tuple[Baseline, list[Edit]]:
    paragraphs = draw(baselines)
    found = draw(st.lists(quotes(paragraphs), min_size=1, max_size=4))
    hinted = draw(st.lists(st.booleans(), min_size=len(found), max_size=len(found)))
    edits = [edit_of(q, f"E{k}", "S", h) for k, (q, h) in enumerate(zip(found, hinted, strict=True))]
    return baseline_of(paragraphs), edits


def texts(result: MergeResult) -> list[str]:
    return [p.text for p in result.paragraphs]


def conflicts_of(result: MergeResult) -> set[tuple[str, str, frozenset[str]]]:
    return {(c.paragraph, c.kind.value, frozenset(c.edits)) for c in result.conflicts}


# --- properties ------------------------------------------------------------------------------


@FAST
@given(baselines)
def test_no_proposals_give_the_baseline(paragraphs: list[list[str]]) -> None:
    baseline = baseline_of(paragraphs)
    result = merge(Inputs(baseline, ()))
    assert texts(result) == [p.text for p in baseline.paragraphs]
    assert result.edits == () and result.conflicts == ()


@FAST
@given(st.data())
def test_a_lone_mod_quoted_verbatim_and_found_once_yields_its_new_passage(data: st.DataObject) -> None:
    paragraphs = data.draw(baselines)
    quote = data.draw(quotes(paragraphs))
    baseline = baseline_of(paragraphs)
    occurrences = sum(_count(p.text, quote.old) for p in baseline.paragraphs)
    # A paragraph that reads as proposed is a place too (the draft took the edit in there): with the
    # old words in one paragraph and the new passage in another ("council budget budget" beside
    # "budget budget budget", {~~council~>budget budget budget~~}), either may be the one quoted.
    taken_in_elsewhere = bool(quote.new_passage) and any(
        quote.new_passage in p.text for k, p in enumerate(baseline.paragraphs) if k != quote.paragraph
    )
    hinted = data.draw(st.booleans())
    result = merge(inputs_of(baseline, [edit_of(quote, "E0", "S", hinted)]))
    edit = result.edits[0]
    before = baseline.paragraphs[quote.paragraph].text
    after = texts(result)[quote.paragraph]
    if occurrences == 1 and not taken_in_elsewhere:
        assert edit.status in (EditStatus.APPLIED, EditStatus.ALREADY), edit.message
    if edit.status is EditStatus.APPLIED and occurrences == 1:
        assert after == " ".join(before.replace(quote.old, quote.new_passage).split())  # no space left at an end
    if edit.status is EditStatus.ALREADY:
        assert texts(result) == [p.text for p in baseline.paragraphs]
        assert quote.new_passage in next(p.text for p in baseline.paragraphs if p.number == edit.paragraph)


def _count(hay: str, needle: str) -> int:
    return sum(hay.startswith(needle, i) for i in range(len(hay)))


@FAST
@given(scenarios(), st.randoms(use_true_random=False))
def test_edits_without_conflicts_give_the_same_text_in_any_order(
    scenario: tuple[Baseline, list[Edit]], rng: object
) -> None:
    baseline, edits = scenario
    first = merge(inputs_of(baseline, edits))
    order = list(range(len(edits)))
    rng.shuffle(order)  # type: ignore[attr-defined]
    shuffled = [edits[k] for k in order]
    second = merge(inputs_of(baseline, shuffled, list(reversed(order))))
    if not first.conflicts:
        assert not second.conflicts
        assert texts(second) == texts(first)
    assert {e.edit.id: e.status for e in second.edits} == {e.edit.id: e.status for e in first.edits}


@FAST
@given(scenarios())
def test_conflicts_are_symmetric(scenario: tuple[Baseline, list[Edit]]) -> None:
    """Listing the edits (and naming their groups) the other way round finds the same conflicts."""
    baseline, edits = scenario
    forward = merge(inputs_of(baseline, edits))
    backward = merge(inputs_of(baseline, edits[::-1], list(range(len(edits)))[::-1]))
    assert conflicts_of(forward) == conflicts_of(backward)
    assert texts(forward) == texts(backward)


@FAST
@given(
    st.builds(Change, st.integers(0, 6), st.integers(0, 6), st.sampled_from(["", "x", "y"])),
    st.builds(Change, st.integers(0, 6), st.integers(0, 6), st.sampled_from(["", "x", "y"])),
)
def test_clash_is_symmetric(a: Change, b: Change) -> None:
    a, b = (replace(c, end=max(c.start, c.end)) for c in (a, b))
    assert clash(a, b) == clash(b, a)


@FAST
@given(scenarios())
def test_merging_is_deterministic(scenario: tuple[Baseline, list[Edit]]) -> None:
    baseline, edits = scenario
    inputs = inputs_of(baseline, edits)
    reference = render_merge(merge(inputs))
    assert render_merge(merge(inputs)) == reference
    renamed = Inputs(baseline, tuple(replace(p, path=f"z-{k}.yaml") for k, p in enumerate(inputs.proposals[::-1])))
    assert render_merge(merge(renamed)) == reference


# --- precision: never over words the author did not quote -----------------------------------


NESTED = {
    "plan": "plans", "budget": "budgetary", "report": "reports", "sector": "sectors",
    "union": "reunion", "annual": "semiannual", "members": "nonmembers",
}  # fmt: skip
"""Words and longer words containing them, grown at either end: where a quote's word became another word around it."""
NESTED_WORDS = (*WORDS, *NESTED.values())
GROWN = {**NESTED, **{longer: short for short, longer in NESTED.items()}}


@st.composite
def typo(draw: st.DrawFn, word: str) -> str:
    """The word with one letter mistyped, often its first or last one (beside a change)."""
    at = draw(st.sampled_from([0, len(word) - 1, draw(st.integers(0, len(word) - 1))]))
    return word[:at] + ("q" if word[at] != "q" else "z") + word[at + 1 :]


@st.composite
def drifted(draw: st.DrawFn, vocabulary: tuple[str, ...] = WORDS) -> tuple[Baseline, list[Edit]]:
    """Edits written against one draft, merged into a later one where words were changed, dropped or added,
    or (with a vocabulary of nested words) grown into or shrunk from a word containing them, and typed in
    another style."""
    paragraphs = draw(st.lists(st.lists(st.sampled_from(vocabulary), min_size=3, max_size=12), min_size=1, max_size=4))
    found = draw(st.lists(quotes(paragraphs), min_size=1, max_size=3))
    edits = [edit_of(q, f"E{k}", "S", draw(st.booleans())) for k, q in enumerate(found)]
    current = [list(p) for p in paragraphs]
    for _ in range(draw(st.integers(1, 4))):
        tokens = current[draw(st.integers(0, len(current) - 1))]
        how = draw(st.sampled_from(["swap", "drop", "add", "grow", "typo"]))
        grows = [k for k, t in enumerate(tokens) if t in GROWN and t in vocabulary]
        ends = [0, len(tokens) - 1, draw(st.integers(0, len(tokens) - 1))]
        at = draw(st.sampled_from(grows if how == "grow" and grows else ends))
        if how == "grow" and grows:
            tokens[at] = GROWN[tokens[at]]
        elif how == "typo":
            tokens[at] = draw(typo(tokens[at]))
        elif how == "swap":
            tokens[at] = draw(st.sampled_from(vocabulary))
        elif how == "drop" and len(tokens) > 1:
            del tokens[at]
        else:
            tokens.insert(at, draw(st.sampled_from(vocabulary)))
    drafted = baseline_of(current)
    paragraphs_now = tuple(replace(p, text=draw(restyled(p.text))) for p in drafted.paragraphs)
    return replace(drafted, paragraphs=paragraphs_now), edits


def _agreeing_deletions() -> tuple[Baseline, list[Edit]]:
    """Found by a mutation run's saved example: one proposal deletes both words, twice over agreeing; each
    deletion takes a space, and two of them share one (`merging._share_white_space`)."""
    texts = ["{--budget--}", "budget{-- council--}", "{--council--}"]
    edits = [
        Edit(f"E{k}", "S", Action.MOD, 1, paragraph="1", text=t, marked=critic.parse(t)) for k, t in enumerate(texts)
    ]
    return baseline_of([["budget", "council"]]), edits


def _agreeing_insertions() -> tuple[Baseline, list[Edit]]:
    """Found by Hypothesis: two insertions of "review" after "budget" agree, one quoted with its space before,
    the other with its space after; the one placed carries its space on the side that touches a word."""
    texts = ["{++budget ++}budget", "budget{++ review++}", "budget budget {++review ++}council"]
    edits = [
        Edit(f"E{k}", "S", Action.MOD, 1, paragraph=None, text=t, marked=critic.parse(t)) for k, t in enumerate(texts)
    ]
    return baseline_of([["council", "budget", "council"]]), edits


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(drifted(), drifted(NESTED_WORDS)))
@example(_agreeing_deletions())
@example(_agreeing_insertions())
def test_an_edit_is_never_applied_over_words_it_did_not_quote(scenario: tuple[Baseline, list[Edit]]) -> None:
    """Every applied change deletes exactly the words it quoted, next to the characters it quoted, or, where a
    word beside it was added or removed since (SPEC: a word replaced refuses it), at a word's edge. What an
    insertion puts at that edge is what is placed: its space may have moved to the side touching a word."""
    baseline, edits = scenario
    for _edit, marked, text, quoted, placed in _applied_changes(baseline, edits):
        old = marked.old
        assert fold_text(text[placed.start : placed.end]) == fold_text(quoted.deleted)
        own = quoted.deleted or placed.inserted
        before, after = _before(text, placed.start), _after(text, placed.end)
        assert _same_edge(before, _before(old, quoted.start)) or _apart(before, own[:1]), (text, old)
        assert _same_edge(after, _after(old, quoted.end)) or _apart(own[-1:], after), (text, old)


def _before(text: str, at: int) -> str:
    """The folded character before original offset `at` ("" at the start)."""
    folded = fold(text)
    i = bisect_left(folded.starts, at)
    return folded.text[i - 1] if i > 0 else ""


def _after(text: str, at: int) -> str:
    folded = fold(text)
    i = bisect_left(folded.starts, at)
    return folded.text[i] if i < len(folded.text) else ""


def _apart(left: str, right: str) -> bool:
    """Two characters that are not both inside one word: the change stands at a word's edge."""
    return not (left.isalnum() and right.isalnum())


def _same_edge(baseline: str, quoted: str) -> bool:
    """The baseline has the quoted character there; where the quote ends, no word goes on in the baseline."""
    return baseline == quoted if quoted else not baseline.isalnum()


def _cuts_a_word(text: str, change: Change) -> bool:
    """Whether the change starts or ends inside a word of `text` (between two letters or digits)."""
    inside = [at for at in {change.start, change.end} if 0 < at < len(text)]
    return any(text[at - 1].isalnum() and text[at].isalnum() for at in inside)


@st.composite
def drifted_at_edges(draw: st.DrawFn) -> tuple[Baseline, list[Edit]]:
    """One MOD, often at an end of its paragraph, and a draft where the words at the edges of the quote and of
    its change were grown into longer words containing them, shrunk, mistyped or swapped; the quote may open
    on a bracket glued to its first word, so that a change starts one character into it."""
    tokens = draw(st.lists(st.sampled_from(NESTED_WORDS), min_size=3, max_size=10))
    i = draw(st.sampled_from([0, draw(st.integers(0, len(tokens) - 1))]))
    j = draw(st.sampled_from([len(tokens), draw(st.integers(i + 1, len(tokens)))]))
    window = tuple(tokens[i:j])
    a = draw(st.sampled_from([0, len(window), draw(st.integers(0, len(window)))]))
    b = draw(st.sampled_from([a, len(window), draw(st.integers(a, len(window)))]))
    new = tuple(draw(words if a == b else st.one_of(st.just([]), words)))
    quote = Quote(0, window, a, b, new)
    beside = [i + a - 1, i + a, i + b - 1, i + b]  # the words at the change, twice as likely
    edges = [k for k in (i - 1, i, j - 1, j, *beside, *beside) if 0 <= k < len(tokens)]
    current = list(tokens)
    for at in set(draw(st.lists(st.sampled_from(edges), min_size=1, max_size=2))):
        how = draw(st.sampled_from(["grow", "typo", "swap"]))
        if how == "grow" and current[at] in GROWN:
            current[at] = GROWN[current[at]]
        elif how == "typo":
            current[at] = draw(typo(current[at]))
        else:
            current[at] = draw(st.sampled_from(NESTED_WORDS))
    opening = draw(st.sampled_from(["", "("]))
    current[i] = opening + current[i]
    drafted = baseline_of([current])
    paragraphs_now = tuple(replace(p, text=draw(restyled(p.text))) for p in drafted.paragraphs)
    return replace(drafted, paragraphs=paragraphs_now), [edit_of(quote, "E0", "S", draw(st.booleans()), opening)]


def test_a_replaced_word_beside_a_deletion_in_repetitive_text_makes_it_stale() -> None:
    baseline = Baseline("Generated", (Paragraph("1", "budget budget union council"),))
    text = "{--budget budget --}council council"
    edit = Edit("E0", "S", Action.MOD, 1, text=text, marked=critic.parse(text))
    (result,) = merge(inputs_of(baseline, [edit])).edits
    assert result.status is EditStatus.STALE, result.message


@settings(max_examples=600, deadline=None, suppress_health_check=[HealthCheck.too_slow], derandomize=True)
@given(drifted_at_edges())
def test_a_change_never_cuts_into_a_word(scenario: tuple[Baseline, list[Edit]]) -> None:
    """Quotes are whole words; wherever a change lands (the ends of a paragraph too), and whatever the draft
    made of the words around it ("plan" grown into "plans", "union" into "reunion", a typo), it cuts no word,
    and the word beside it in the baseline is never the quoted one grown into another (a word added or
    removed beside it since, apart by a space, is allowed: SPEC "the words beside a change")."""
    baseline, edits = scenario
    for edit, marked, text, quoted, placed in _applied_changes(baseline, edits):
        assert not _cuts_a_word(text, placed), (text, edit.edit.text)
        words = set(re.findall(r"\w+", fold(text).text))
        gone = {}  # the quoted word beside the change stands nowhere in the paragraph: removed since
        for side in (_word_before, _word_after):
            at_quote = side(marked.old, quoted.start if side is _word_before else quoted.end)
            at_base = side(text, placed.start if side is _word_before else placed.end)
            grown = at_base != at_quote and (at_quote in at_base or at_base in at_quote)
            assert not at_quote or not grown, (text, edit.edit.text)
            gone[side] = bool(at_quote) and at_quote not in words
        assert fold_text(text[placed.start : placed.end]) == fold_text(quoted.deleted)
        own = quoted.deleted or quoted.inserted
        found, seen = _before(text, placed.start), _before(marked.old, quoted.start)
        assert gone[_word_before] or _same_edge(found, seen) or _punctuation_apart(seen, found, own[:1]), (
            text,
            edit.edit.text,
        )
        found, seen = _after(text, placed.end), _after(marked.old, quoted.end)
        assert gone[_word_after] or _same_edge(found, seen) or _punctuation_apart(seen, found, own[-1:]), (
            text,
            edit.edit.text,
        )


def _punctuation_apart(quoted: str, baseline: str, own: str) -> bool:
    """Punctuation quoted beside a change may differ in the baseline (SPEC: "give or take punctuation"), so long
    as no word of the baseline is glued to the change there."""
    return bool(quoted) and not quoted.isalnum() and not quoted.isspace() and _apart(baseline, own)


def _applied_changes(baseline: Baseline, edits: list[Edit]) -> Iterator[tuple[EditResult, Marked, str, Change, Change]]:
    """Each change of each applied edit of the merge: the edit, its marks, its paragraph's baseline text, the
    change as quoted and as placed, less a space at its edge it took that the quote did not delete (a deletion
    takes the space beside it rather than leave two: `_deleted_words`)."""
    for edit in merge(inputs_of(baseline, edits)).edits:
        if edit.status is not EditStatus.APPLIED:
            continue
        assert edit.edit.marked is not None
        text = next(p.text for p in baseline.paragraphs if p.number == edit.paragraph)
        for quoted, placed in zip(edit.edit.marked.changes, edit.anchor.changes, strict=True):
            yield edit, edit.edit.marked, text, quoted, _deleted_words(text, quoted, placed)


def _deleted_words(text: str, quoted: Change, placed: Change) -> Change:
    """The placed change without the white space at its edges that the quoted deletion does not have."""
    start, end = placed.start, placed.end
    if start < end and text[start].isspace() and not quoted.deleted[:1].isspace():
        start += 1
    if start < end and text[end - 1].isspace() and not quoted.deleted[-1:].isspace():
        end -= 1
    return replace(placed, start=start, end=end)


def _word_before(text: str, at: int) -> str:
    """The folded word that ends where original offset `at` is, or just before it past spaces ("" at none)."""
    folded = fold(text)
    head = folded.text[: bisect_left(folded.starts, at)].rstrip(" ")
    return re.split(r"[^\w]", head)[-1]


def _word_after(text: str, at: int) -> str:
    folded = fold(text)
    tail = folded.text[bisect_left(folded.starts, at) :].lstrip(" ")
    return re.split(r"[^\w]", tail)[0]


# --- white space: where a change meets the kept text ------------------------------------------------


@st.composite
def spaced_apart(draw: st.DrawFn) -> tuple[Baseline, Edit]:
    """A MOD of whole-word changes, some side by side ("{--3--} {--old--}{++-++} {++must++} systems"), each
    space between two units written as Word's import or an author leaves it: kept between the marks, or
    inside the deletion or insertion before or after it; the draft as quoted, typed in another style."""
    tokens = draw(st.lists(st.sampled_from(WORDS), min_size=2, max_size=8))
    cuts = sorted(draw(st.lists(st.integers(0, len(tokens)), min_size=1, max_size=6)))
    units: list[tuple[str, str, str]] = []  # (kind, deleted, inserted): "word" (kept), "del", "ins" or "rep"
    k = 0
    spans = list(zip(cuts[::2], cuts[1::2], strict=False)) + ([(cuts[-1], cuts[-1])] if len(cuts) % 2 else [])
    for a, b in spans:
        units += [("word", w, w) for w in tokens[k:a]]
        gone, added = " ".join(tokens[a:b]), " ".join(draw(words if a == b else st.one_of(st.just([]), words)))
        kind = "rep" if gone and added else "del" if gone else "ins"
        units.append((kind, gone, added))
        k = b
    units += [("word", w, w) for w in tokens[k:]]
    text = ""
    for i, (kind, gone, added) in enumerate(units):
        where = draw(st.sampled_from(["kept", "before", "after"])) if i > 0 else "none"
        if (
            where == "before"
            and units[i - 1][0] in ("del", "ins")
            and text.endswith("--}" if units[i - 1][0] == "del" else "++}")
        ):
            text = text[:-3] + " " + text[-3:]
        elif where == "after" and kind in ("del", "ins"):
            gone, added = (" " + gone, added) if kind == "del" else (gone, " " + added)
        elif i > 0:
            text += " "
        text += {
            "word": gone,
            "del": "{--" + gone + "--}",
            "ins": "{++" + added + "++}",
            "rep": "{--" + gone + "--}{++" + added + "++}",
        }[kind]
    edit = Edit("E0", "S", Action.MOD, 1, paragraph="1", text=text, marked=critic.parse(text))
    paragraph = Paragraph("1", draw(restyled(" ".join(tokens))))
    return Baseline("Generated", (paragraph,)), edit


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow], derandomize=True)
@given(spaced_apart())
def test_a_merged_text_never_glues_two_words_nor_doubles_a_space(scenario: tuple[Baseline, Edit]) -> None:
    """Every word of the merged text is a word of the baseline or of the proposal's new text (no two glued
    into one, "allocationsystems"), and it has one space between words, none at its ends, wherever the
    author put the spaces beside the marks."""
    baseline, edit = scenario
    result = merge(inputs_of(baseline, [edit]))
    assert edit.marked is not None
    (merged,) = texts(result)
    known = {fold_text(w) for w in (*baseline.paragraphs[0].text.split(), *edit.marked.new.split())}
    assert {fold_text(w) for w in merged.split()} <= known, (merged, edit.text)
    doubled = any(a.isspace() and b.isspace() for a, b in itertools.pairwise(merged))
    assert not doubled and merged == merged.strip(), (merged, edit.text)


# --- whole or nothing: one stale change among any number ------------------------------------------

FRESH = ("charter", "mandate", "treaty", "protocol")
"""Words not in WORDS: a deleted word the draft replaced by one of them is gone (the edit may be `stale`,
`unanchored`, or `already` where what is left reads as proposed)."""


def markup_of(window: list[str], spans: list[tuple[int, int, list[str]]]) -> str:
    """CriticMarkup of whole-word changes (token spans [a, b) replaced by words), spaced as an author would."""
    units: list[tuple[str, str]] = []  # (kind, text): "word", or a mark that carries its own space
    k = 0
    for a, b, new in spans:
        units += [("word", w) for w in window[k:a]]
        gone, added = " ".join(window[a:b]), " ".join(new)
        mark, words_ = ("--", gone) if not added else ("++", added)
        if gone and added:
            units.append(("word", "{~~" + gone + "~>" + added + "~~}"))
        elif b < len(window):
            units.append(("start", "{" + mark + words_ + " " + mark + "}"))
        elif a > 0:
            units.append(("end", "{" + mark + " " + words_ + mark + "}"))
        else:
            units.append(("word", "{" + mark + words_ + mark + "}"))
        k = b
    units += [("word", w) for w in window[k:]]
    text = ""
    for i, (kind, unit) in enumerate(units):
        glue = i > 0 and kind != "end" and units[i - 1][0] != "start"
        text += (" " if glue else "") + unit
    return text


@st.composite
def one_stale_among_many(draw: st.DrawFn) -> tuple[Baseline, Edit, int]:
    """A paragraph of distinct words, a MOD of 1-4 whole-word changes, and the draft's paragraph with one of
    the words that one change deletes replaced by a fresh word; the index of that change."""
    tokens = draw(st.lists(st.sampled_from(WORDS), min_size=4, max_size=12, unique=True))
    i = draw(st.integers(0, len(tokens) - 3))
    window = tokens[i : draw(st.integers(i + 3, len(tokens)))]
    cuts = sorted(draw(st.sets(st.integers(0, len(window)), min_size=2, max_size=8)))
    spans: list[tuple[int, int, list[str]]] = []
    for a, b in zip(cuts[::2], cuts[1::2], strict=False):
        if spans and a <= spans[-1][1]:
            continue  # a word between two changes: two changes, not one
        new = draw(st.lists(st.sampled_from(WORDS), max_size=2)) if b > a else draw(words)
        spans.append((a, b, new))
    deleting = [k for k, (a, b, _) in enumerate(spans) if b > a]
    assume(deleting)
    stale = draw(st.sampled_from(deleting))
    a, b, _ = spans[stale]
    gone = i + draw(st.integers(a, b - 1))
    text = markup_of(window, spans)
    marked = critic.parse(text)
    assert marked.old == " ".join(window) and len(marked.changes) == len(spans), text
    edit = Edit("E0", "S", Action.MOD, 1, paragraph="1" if draw(st.booleans()) else None, text=text, marked=marked)
    drafted = [*tokens[:gone], draw(st.sampled_from(FRESH)), *tokens[gone + 1 :]]
    return Baseline("Generated", (Paragraph("1", " ".join(drafted)),)), edit, stale


@FAST
@given(one_stale_among_many())
def test_an_edit_with_one_stale_change_is_never_applied(scenario: tuple[Baseline, Edit, int]) -> None:
    """SPEC: an edit applies whole or not at all; whichever of its changes is stale, none is applied."""
    baseline, edit, _ = scenario
    result = merge(inputs_of(baseline, [edit]))
    (outcome,) = result.edits
    assert outcome.status is not EditStatus.APPLIED, edit.text
    assert outcome.anchor.changes == ()
    assert texts(result) == [baseline.paragraphs[0].text]


# --- typography: ignored when matching, kept when applying ------------------------------------


@FAST
@given(st.data())
def test_typography_does_not_change_the_outcome(data: st.DataObject) -> None:
    """The same edits on a restyled baseline: the same outcomes, the same text once folded, no character eaten."""
    baseline, edits = data.draw(scenarios())
    styled = Baseline(
        baseline.document, tuple(replace(p, text=data.draw(restyled(p.text))) for p in baseline.paragraphs)
    )
    plain, fancy = merge(inputs_of(baseline, edits)), merge(inputs_of(styled, edits))
    assert [(e.status, e.paragraph) for e in fancy.edits] == [(e.status, e.paragraph) for e in plain.edits]
    assert [fold_text(t) for t in texts(fancy)] == [fold_text(t) for t in texts(plain)]
    for before, after in zip(styled.paragraphs, fancy.paragraphs, strict=True):
        if after.edits == () or after.text == after.baseline_text:
            assert after.text in (before.text, "")
