"""Anchoring: find where each edit's quoted passage stands in the current baseline.

Precision over recall: an edit is placed only where its quote fits clearly, and a
change is placed only over the very words its author quoted. Every edit gets an
outcome (an `Anchor`) with a status, a score and a reason; nothing here raises.

The score is the similarity (0-100, rapidfuzz `ratio` on the folded texts) of the
quoted passage to the baseline text where it anchored, widened to whole words; 100
means identical once white space, quote and dash styles and Unicode forms are
folded away. A quote that matches only inside longer words scores below 100.
"""

from __future__ import annotations

import contextlib
import functools
import itertools
import math
import re
from array import array
from bisect import bisect_left, bisect_right
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from itertools import accumulate
from typing import TYPE_CHECKING

from rapidfuzz import fuzz
from rapidfuzz.distance import Indel, ScoreAlignment

from . import workers
from .model import Action, Anchor, AnchorStatus, Baseline, Change, Edit, Marked, Proposal
from .normalize import Folded, fold

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt


@dataclass(frozen=True)
class Settings:
    """Anchoring thresholds, in score points (0-100) unless said otherwise."""

    min_score: float = 80.0
    """Below this a candidate place is not the quoted passage at all (unanchored)."""
    fuzzy_below: float = 97.0
    """An anchor scoring below this is `fuzzy`: its context differs noticeably."""
    strong_score: float = 90.0
    """A place away from the author's paragraph (or with no paragraph given) needs this."""
    hint_margin: float = 5.0
    """The hinted paragraph wins unless another fits better by more than this."""
    unique_margin: float = 6.0
    """Without the hint, the best place must beat the runner-up by this much."""
    near: int = 2
    """Paragraphs within this many places of the hint count as near it."""
    doubt_within: int = 20
    """A fit far from the hint (`far` or more) is doubted when a paragraph this close to the hint also fits:
    a draft renumbered by a percent or two shifts numbers by this much between the edits that show it,
    so that paragraph may be the one quoted, its words changed since."""
    far: int = 10
    """A place as good as one near the hint, but this many paragraphs or more from the hint, does not make
    the near one doubtful: renumbering shifts a hint by a few places, and a long draft repeats its
    sentences far apart. Nearer than this, both stay candidates (ambiguous)."""
    min_fuzzy_chars: int = 16
    """Quotes shorter than this (folded characters) must match exactly."""
    report_score: float = 50.0
    """Candidates above this are named as 'best candidate' when an edit is refused."""
    align_floor: float = 65.0
    """Paragraphs whose best window (rapidfuzz `partial_ratio`) scores below this are not aligned:
    they can hardly reach `min_score` (a quote of which a third was dropped still scores 2/3)."""
    neighbour_similarity: float = 75.0
    """The quoted word on each side of a change must be this like (ratio) the baseline's word there."""
    rival_distance: int = 1
    """A place fitting about as well as the hinted one, this many paragraphs from it or nearer, makes the
    hint doubtful: a paragraph added or removed before it, and the author's number may now
    name the neighbour of the paragraph she quoted. 0 once the proposal's other edits have
    shown how the draft was renumbered."""
    hint_window: int = 0
    """How far from the hint a paragraph still counts as the one named: 0 for the author's own
    number; `near` once the proposal's other edits have corrected it and the shifts before and
    after it differ (the paragraph lies somewhere between, a place or two off either)."""
    taken_in_context: int = 12
    """Characters of quoted context (widened to whole words) on each side of a change that
    must read as proposed for the change to count as already taken in."""


DEFAULT_SETTINGS = Settings()
SEPARATOR = "\x00"
"""Joins the folded paragraphs for exact search."""


@dataclass(frozen=True, eq=False)
class Candidate:
    """A place where a folded passage may stand: paragraph index and folded span."""

    position: int
    score: float
    start: int
    end: int
    amap: Sequence[int]  # passage folded index -> paragraph folded index, or -1 (a range when verbatim)


class BaselineIndex:
    """The baseline folded once, with the lookups anchoring needs (cached: one quote is looked up many times)."""

    def __init__(self, baseline: Baseline) -> None:
        self.baseline = baseline
        self.paragraphs = baseline.paragraphs
        self.folded: list[Folded] = [fold(p.text) for p in baseline.paragraphs]
        self.positions = {p.number: i for i, p in enumerate(baseline.paragraphs)}
        self._exact: dict[str, list[Candidate]] = {}
        self._scans: dict[tuple[str, frozenset[int], float, float, frozenset[int]], list[Candidate]] = {}
        # per (quote, cutoff): each paragraph's best window (None below the cutoff), and its aligned fit
        self._windows: dict[tuple[str, float], dict[int, ScoreAlignment | None]] = {}
        self._fits: dict[tuple[str, float], dict[int, Candidate | None]] = {}

    def number(self, position: int) -> str:
        return self.paragraphs[position].number

    def exact(self, needle: str) -> list[Candidate]:
        """Every verbatim (folded) occurrence of `needle`; inside longer words they score below 100.

        Searched only in the paragraphs holding the quote's rarest whole word, where
        the word index has one; else in all paragraphs joined by a separator (a
        match that crosses from one paragraph into the next is dropped).
        """
        if needle not in self._exact:
            holding = self.words.holding(needle) if needle else []
            if holding is None:
                found = self._exact_joined(needle)
            else:
                found = [
                    _exact_candidate(needle, self.folded[p].text, p, start)
                    for p in holding
                    for start in _find_all(self.folded[p].text, needle)
                ]
            self._exact[needle] = found
        return self._exact[needle]

    def _exact_joined(self, needle: str) -> list[Candidate]:
        joined, starts = self._joined
        found = []
        at = joined.find(needle)
        while at >= 0:
            position = bisect_right(starts, at) - 1
            start = at - starts[position]
            hay = self.folded[position].text
            if start + len(needle) <= len(hay):
                found.append(_exact_candidate(needle, hay, position, start))
            at = joined.find(needle, at + 1)
        return found

    @functools.cached_property
    def _joined(self) -> tuple[str, list[int]]:
        """The folded paragraphs joined by SEPARATOR, and where each starts (built on first need)."""
        joined = SEPARATOR.join(f.text for f in self.folded)
        return joined, list(accumulate((len(f.text) + 1 for f in self.folded[:-1]), initial=0))

    def around(self, needle: str, hint: int, radius: int) -> list[int]:
        """The hinted paragraph, and those within `radius` of it that share a rare word with `needle`.

        Why not all of them: aligning a long quote costs ~0.2 ms a paragraph, and
        one sharing none of its rarer words cannot fit it.
        """
        lo, hi = max(0, hint - radius), min(len(self.folded), hint + radius + 1)
        sharing = self.words.within(needle, lo, hi)
        return sorted({hint, *(range(lo, hi) if sharing is None else sharing)})

    def fuzzy(self, needle: str, positions: Iterable[int], cutoff: float) -> list[Candidate]:
        """The best fuzzy place of `needle` in each of these paragraphs scoring at least `cutoff`."""
        fits = self._fits.setdefault((needle, cutoff), {})
        windows = self._windows.get((needle, cutoff), {})  # a scan's windows, aligned here without a second search
        for p in positions:
            if p not in fits:
                hay = self.folded[p].text
                fits[p] = (
                    _aligned_window(needle, hay, p, cutoff, windows[p])
                    if p in windows
                    else _fuzzy_in(needle, hay, p, cutoff)
                )
        return [c for p in positions if (c := fits[p]) is not None]

    def scan(
        self, needle: str, skip: frozenset[int], cutoff: float, floor: float, near: frozenset[int] = frozenset()
    ) -> list[Candidate]:
        """Fuzzy places in the paragraphs but `skip`: where the best window scores `floor` or more.

        In a large baseline only the paragraphs that share the quote's rarer words
        (and those `near` the hint) are scored at all; a quote made of common words
        only (or whose rarer words are misspelt) is looked for near the hint alone, if
        there is one (scoring it against 20,000 paragraphs costs ~0.4 s, and a
        look-alike far away would be a guess). Aligning is the
        costly step, so only paragraphs whose window reaches `floor` are aligned;
        when none does, the best one above `cutoff` is, so that a refusal can name it.
        """
        key = (needle, skip, cutoff, floor, near)
        if key not in self._scans:
            likely = self.words.likely(needle)
            size = len(self.folded)
            if likely is None and self.words.indexed and near:
                likely = []  # only common words: far from the hint they tell nothing of where they stand
            positions = range(size) if likely is None else sorted({*likely, *(p for p in near if 0 <= p < size)})
            windows = self._windows.setdefault((needle, cutoff), {})
            for p in positions:
                if p not in windows:
                    windows[p] = fuzz.partial_ratio_alignment(needle, self.folded[p].text, score_cutoff=cutoff)
            scores = [(w.score, p) for p in positions if p not in skip and (w := windows[p]) is not None and w.score]
            chosen = [p for score, p in scores if score >= floor]
            if scores and not chosen:
                chosen = [min(scores, key=lambda sp: (-sp[0], sp[1]))[1]]
            self._scans[key] = self.fuzzy(needle, chosen, cutoff)
        return self._scans[key]

    def forget(self) -> None:
        """Drop what was found for the quotes looked up so far (the word index stays).

        Why: a quote is looked up again and again while its proposal is anchored
        (with its hint, without, at each corrected hint), rarely once another
        proposal is. Kept for 20,000 edits, these lookups held ~100 MB.
        """
        for cache in (self._exact, self._scans, self._windows, self._fits):
            cache.clear()
        if "words" in self.__dict__:
            self.words.forget()

    def prepare(self) -> None:
        """Build now what is otherwise built on first need (the word index, numpy), e.g. before forking."""
        if self.words.indexed:
            import numpy  # noqa: F401  (what `WordIndex._rank` imports)

    @functools.cached_property
    def words(self) -> WordIndex:
        """Built on first need: a small baseline never pays for it."""
        return WordIndex([f.text for f in self.folded])


class WordIndex:
    """Which paragraphs hold which words: a quote's candidate paragraphs before any fuzzy scoring.

    Scoring a quote against every paragraph of a 20,000-paragraph draft costs about
    0.3 s; the paragraphs that can reach `min_score` share most of the quote's
    words, and its rarer words pick them out. Common words (in more than
    `COMMON` of the paragraphs) say little and are skipped.
    """

    FULL_SCAN_BELOW = 400
    """Paragraphs: below this a full scan is cheap, and no index is built."""
    CANDIDATES = 40
    """At most this many paragraphs are scored per quote (the best by shared rare words)."""
    SHARE = 0.3
    """A candidate shares at least this part of the quote's rare-word weight."""
    COMMON = 0.05

    def __init__(self, texts: Sequence[str]) -> None:
        self.size = len(texts)
        self.postings: dict[str, list[int]] = {}
        self.common: dict[str, list[int]] = {}  # kept apart: they narrow a verbatim search, never a fuzzy one
        self._likely: dict[str, list[int] | None] = {}
        self._arrays: dict[str, npt.NDArray[np.intp]] = {}
        if self.size < self.FULL_SCAN_BELOW:
            return
        for position, text in enumerate(texts):
            for word in set(_words(text)):
                self.postings.setdefault(word, []).append(position)
        limit = max(2, int(self.COMMON * self.size))
        self.common = {w: ps for w, ps in self.postings.items() if len(ps) > limit}
        self.postings = {w: ps for w, ps in self.postings.items() if len(ps) <= limit}

    @property
    def indexed(self) -> bool:
        return self.size >= self.FULL_SCAN_BELOW

    def holding(self, needle: str) -> list[int] | None:
        """The paragraphs that hold the quote's three rarest whole words: any verbatim place is in one of them.

        A quote of common words only is looked for where its three rarest common
        words stand together (at 20,000 paragraphs a median of 87 paragraphs, ~1.4 ms
        on average, where searching them all cost ~3 ms). None (search everywhere)
        for a small baseline, or when every word touches an end of the quote (it may
        cut a longer word). Only ASCII words are used: their lower case never
        depends on the letters around.
        """
        if not self.indexed:
            return None
        lowered = needle.lower()
        lists, common = [], []
        for match in _WORD.finditer(lowered):
            word = match.group()
            if match.start() == 0 or match.end() == len(lowered) or len(word) <= 2 or not word.isascii():
                continue
            if word in self.common:
                common.append(self.common[word])
            else:
                lists.append(self.postings.get(word, []))
        if not lists and not common:
            return None
        rarest, *others = sorted(lists or common, key=len)[:3]  # the paragraphs holding the three rarest
        return sorted(set(rarest).intersection(*others)) if others else rarest

    def within(self, needle: str, lo: int, hi: int) -> set[int] | None:
        """The paragraphs in [lo, hi) sharing half the weight of the quote's rare words; None when it has none.

        Half, not `SHARE`: these are aligned against the quote at once, and one that
        fits it (`min_score`) holds most of its words.
        """
        if not self.indexed:
            return None
        words = self._weighted_words(needle)
        if not words:
            return None
        shared: defaultdict[int, float] = defaultdict(float)
        for word, weight in words:
            postings = self.postings[word]
            for position in postings[bisect_left(postings, lo) : bisect_left(postings, hi)]:
                shared[position] += weight
        half = sum(weight for _, weight in words) / 2
        return {p for p, weight in shared.items() if weight >= half}

    def has_rare_words(self, needle: str) -> bool:
        """Whether the index can narrow the search for `needle` (`likely` is not None), without ranking anything."""
        return self.indexed and bool(self._weighted_words(needle))

    def likely(self, needle: str) -> list[int] | None:
        """The paragraphs worth scoring for `needle`, or None when the index cannot narrow the search.

        Cached: a quote is looked up again with each hint it is retried with. Weights
        are added in word order, so that ties break the same in every run.
        """
        if not self.indexed:
            return None
        if needle not in self._likely:
            self._likely[needle] = self._rank(needle)
        return self._likely[needle]

    def forget(self) -> None:
        self._likely.clear()

    def _rank(self, needle: str) -> list[int] | None:
        """The paragraphs holding `SHARE` of the quote's rare-word weight or more, most first (`CANDIDATES` at most).

        Why numpy: a quote's rare words have some 3,000 postings at 20,000
        paragraphs, and adding their weights up one by one in Python cost ~1 ms a
        quote. `bincount` adds them in the same order (word by word) as a Python
        loop would, so the sums, and the ties they make, are the same in every run.
        Imported here, not at the top: a small baseline never needs it (~0.14 s).
        """
        import numpy as np

        words = self._weighted_words(needle)
        if not words:
            return None  # only common words: nothing to narrow the search with
        postings = [self._array(word) for word, _ in words]
        weights = np.repeat([weight for _, weight in words], [len(p) for p in postings])
        sums = np.bincount(np.concatenate(postings), weights=weights, minlength=self.size)
        total = sum(weight for _, weight in words)
        kept = np.flatnonzero(sums >= self.SHARE * total)
        best_first = np.lexsort((kept, -sums[kept]))  # most weight first; on a tie, the earlier paragraph
        return [int(p) for p in kept[best_first[: self.CANDIDATES]]]

    def _weighted_words(self, needle: str) -> list[tuple[str, float]]:
        """The quote's rare words, in order, each with its weight: log(paragraphs / paragraphs holding it)."""
        words = sorted({w for w in _words(needle) if w in self.postings})
        return [(w, math.log(self.size / len(self.postings[w]))) for w in words]

    def _array(self, word: str) -> npt.NDArray[np.intp]:
        import numpy as np

        if word not in self._arrays:
            self._arrays[word] = np.array(self.postings[word], dtype=np.intp)
        return self._arrays[word]


_WORD = re.compile(r"\w+")


def _words(text: str) -> list[str]:
    return [w for w in _WORD.findall(text.lower()) if len(w) > 2]


def _word(char: str) -> bool:
    return char.isalnum()


def _score(needle: str, hay: str, start: int, end: int) -> float:
    """Similarity of `needle` to hay[start:end], widened to whole words where the quote starts or ends a word.

    Why: a quote is taken to start and end on word edges; "plan for the members"
    inside "masterplan for the members" is not what the author quoted, and
    widening makes such a match score below 100 (fuzzy).
    """
    if needle and _word(needle[0]):
        while 0 < start < len(hay) and _word(hay[start - 1]) and _word(hay[start]):
            start -= 1
    if needle and _word(needle[-1]):
        while 0 < end < len(hay) and _word(hay[end]) and _word(hay[end - 1]):
            end += 1
    return fuzz.ratio(needle, hay[start:end])


def _exact_candidate(needle: str, hay: str, position: int, start: int) -> Candidate:
    end = start + len(needle)
    return Candidate(position, _score(needle, hay, start, end), start, end, range(start, end))


def _fuzzy_in(needle: str, hay: str, position: int, cutoff: float) -> Candidate | None:
    return _aligned_window(
        needle, hay, position, cutoff, fuzz.partial_ratio_alignment(needle, hay, score_cutoff=cutoff)
    )


def _aligned_window(
    needle: str, hay: str, position: int, cutoff: float, rough: ScoreAlignment | None
) -> Candidate | None:
    """The quote aligned around its best window in `hay` (found by `partial_ratio_alignment` with `cutoff`)."""
    if rough is None:
        return None
    # partial_ratio slides the shorter string along the longer one
    lo, hi = (rough.dest_start, rough.dest_end) if len(needle) <= len(hay) else (0, len(hay))
    return align(needle, hay, position, lo, hi, cutoff)


def align(needle: str, hay: str, position: int, lo: int, hi: int, cutoff: float = 0.0) -> Candidate | None:
    """Align `needle` character by character to hay around [lo, hi) (LCS, free ends)."""
    margin = max(16, len(needle) // 4)
    lo, hi = max(0, lo - margin), min(len(hay), hi + margin)
    amap = [-1] * len(needle)
    for op in Indel.opcodes(needle, hay[lo:hi]):
        if op.tag == "equal":
            for k in range(op.src_end - op.src_start):
                amap[op.src_start + k] = lo + op.dest_start + k
    _trim_stray_ends(amap)
    aligned = [a for a in amap if a >= 0]
    if not aligned:
        return None
    start, end = aligned[0], aligned[-1] + 1
    score = _score(needle, hay, start, end)
    if score < cutoff:
        return None
    return Candidate(position, score, start, end, array("l", amap))


def _trim_stray_ends(amap: list[int]) -> None:
    """Unalign lone characters at the ends that LCS borrowed from neighbouring words."""
    runs = _runs(amap)
    if not runs:
        return
    solid = [r for r in runs if r[1] - r[0] >= 3] or runs
    first, last = solid[0][0], solid[-1][1]
    for i in range(len(amap)):
        if i < first or i >= last:
            amap[i] = -1


def _runs(amap: list[int]) -> list[tuple[int, int]]:
    """Maximal [i, j) ranges of passage indices aligned contiguously."""
    runs: list[tuple[int, int]] = []
    i = 0
    while i < len(amap):
        if amap[i] < 0:
            i += 1
            continue
        j = i + 1
        while j < len(amap) and amap[j] == amap[j - 1] + 1:
            j += 1
        runs.append((i, j))
        i = j
    return runs


# --- choosing a place -------------------------------------------------------


@dataclass(frozen=True)
class Placement:
    """The outcome of locating one passage: a candidate, or a refusal with its reason."""

    status: AnchorStatus
    candidate: Candidate | None
    message: str | None


def locate(needle: str, index: BaselineIndex, hint: int | None, settings: Settings = DEFAULT_SETTINGS) -> Placement:
    """Find the one place of a folded passage, the hinted paragraph first."""
    if not needle:
        return Placement(AnchorStatus.UNANCHORED, None, "the quoted passage is empty")
    candidates = _candidates(needle, index, hint, settings)
    viable = [c for c in candidates if c.score >= settings.min_score]
    if not viable:
        return Placement(AnchorStatus.UNANCHORED, None, _nothing_fits(candidates, index))
    if hint is not None:
        chosen = _hinted(viable, hint, index, settings) or _rival_at_hint(viable, hint, index, settings)
        if chosen is not None:
            return chosen
    return _unhinted(viable, hint, index, settings)


def _candidates(needle: str, index: BaselineIndex, hint: int | None, settings: Settings) -> list[Candidate]:
    """Verbatim places; fuzzy ones too where no verbatim whole-word place exists (or not near the hint).

    A paragraph with a verbatim place inside longer words is not searched again
    fuzzily: that would count one place twice and call it ambiguous.
    """
    exact = index.exact(needle)
    if len(needle) < settings.min_fuzzy_chars:
        found = [c for c in exact if c.score >= 100.0]
    elif not any(c.score >= 100.0 for c in exact):
        inside = frozenset(c.position for c in exact)
        near = frozenset() if hint is None else frozenset(range(hint - settings.near, hint + settings.near + 1))
        found = exact + index.scan(needle, inside, settings.report_score, settings.align_floor, near)
    elif hint is not None and all(c.position != hint for c in exact):
        have = {c.position for c in exact}
        around = index.around(needle, hint, settings.doubt_within)
        found = exact + index.fuzzy(needle, [p for p in around if p not in have], settings.min_score)
    else:
        found = exact
    return sorted(found, key=lambda c: (-c.score, c.position, c.start))


def _hinted(viable: list[Candidate], hint: int, index: BaselineIndex, settings: Settings) -> Placement | None:
    at_hint = [c for c in viable if abs(c.position - hint) <= settings.hint_window]
    if not at_hint or at_hint[0].score < viable[0].score - settings.hint_margin:
        return None
    if len(at_hint) > 1 and at_hint[1].score >= at_hint[0].score - settings.unique_margin:
        first, second = (index.number(c.position) for c in at_hint[:2])
        where = f"twice in paragraph {first}" if first == second else f"in paragraphs {first} and {second} alike"
        return Placement(AnchorStatus.AMBIGUOUS, at_hint[0], f"the passage stands {where}")
    if at_hint[0].position != hint:
        return Placement(
            AnchorStatus.ANCHORED,
            at_hint[0],
            f"found in paragraph {index.number(at_hint[0].position)}, beside {index.number(hint)}",
        )
    rivals = [
        c
        for c in viable
        if 0 < abs(c.position - hint) <= settings.rival_distance
        and c.score >= at_hint[0].score - settings.unique_margin
    ]
    whole = _the_whole_paragraph([at_hint[0], *rivals], index)
    if rivals and whole is not None:
        other = next(c for c in [at_hint[0], *rivals] if c is not whole)
        where, beside = index.number(whole.position), index.number(other.position)
        moved = "" if whole.position == hint else f"moved: quoted as paragraph {index.number(hint)}, found in {where}; "
        return Placement(
            AnchorStatus.ANCHORED,
            whole,
            f"{moved}the quote is the whole of paragraph {where}, and only part of paragraph {beside} beside it",
        )
    if rivals:
        return Placement(
            AnchorStatus.AMBIGUOUS,
            at_hint[0],
            f"fits paragraph {index.number(hint)}, the one given ({at_hint[0].score:.0f}), and paragraph "
            f"{index.number(rivals[0].position)} beside it ({rivals[0].score:.0f}) about equally: if the draft "
            "was renumbered, either may be the one quoted",
        )
    return Placement(AnchorStatus.ANCHORED, at_hint[0], None)


def _the_whole_paragraph(contenders: list[Candidate], index: BaselineIndex) -> Candidate | None:
    """The one contender whose quote is its whole paragraph (the others only contain the quote), if any.

    Why: "longer context decides". Quoting a whole paragraph says which paragraph
    was quoted; a copy of those sentences inside a longer paragraph is another one.
    """
    best = max(c.score for c in contenders)
    whole = [c for c in contenders if c.score >= best and c.start == 0 and c.end == len(index.folded[c.position].text)]
    return whole[0] if len(whole) == 1 else None


def _rival_at_hint(viable: list[Candidate], hint: int, index: BaselineIndex, settings: Settings) -> Placement | None:
    """Ambiguous when the hinted paragraph fits strongly, though another fits better.

    Why: either the text moved there, or the author's paragraph was amended since
    and the other is a look-alike (a sentence repeated in the draft); nothing
    tells which. A hinted paragraph that fits only roughly (a neighbour written in
    the same mould, after renumbering) does not stop the move.
    """
    at_hint = [c for c in viable if c.position == hint]
    if not at_hint or at_hint[0].score < settings.strong_score:
        return None
    best = viable[0]
    return Placement(
        AnchorStatus.AMBIGUOUS,
        best,
        f"paragraph {index.number(best.position)} fits best ({best.score:.0f}), but paragraph "
        f"{index.number(hint)}, the one given, fits almost as well ({at_hint[0].score:.0f})",
    )


def _unhinted(viable: list[Candidate], hint: int | None, index: BaselineIndex, settings: Settings) -> Placement:
    best = viable[0]
    where = index.number(best.position)
    closest = _closest_of_equals(viable, hint, index, settings)
    if closest is not None:
        return closest
    if len(viable) > 1 and viable[1].score >= best.score - settings.unique_margin:
        other = viable[1]
        others = (
            f"twice in paragraph {where}"
            if other.position == best.position
            else f"paragraphs {where} ({best.score:.0f}) and {index.number(other.position)} ({other.score:.0f})"
        )
        return Placement(AnchorStatus.AMBIGUOUS, best, f"fits {others} about equally")
    far = hint is None or abs(best.position - hint) > settings.near
    given = _doubter(viable, best, hint, settings)
    if given is not None and hint is not None:
        which = "the one given" if given.position == hint else f"near {index.number(hint)}, the one given"
        return Placement(
            AnchorStatus.AMBIGUOUS,
            best,
            f"paragraph {index.number(given.position)}, {which}, fits ({given.score:.0f}), "
            f"and paragraph {where}, far from it, fits better ({best.score:.0f}): the words may have changed "
            "where they were quoted, or the text moved",
        )
    if far and best.score < settings.strong_score:
        return Placement(
            AnchorStatus.UNANCHORED,
            best,
            f"best candidate paragraph {where} (score {best.score:.0f}) is too weak a match "
            + ("with no paragraph given" if hint is None else "that far from the paragraph given"),
        )
    moved = None if hint is None else f"moved: quoted as paragraph {index.number(hint)}, found in {where}"
    return Placement(AnchorStatus.ANCHORED, best, moved)


def _doubter(viable: list[Candidate], best: Candidate, hint: int | None, settings: Settings) -> Candidate | None:
    """A place near the hint that still fits while the best is away from it: the words may have changed there.

    Within `near` of the hint first; for a best `far` away, anywhere within `doubt_within`.
    """
    if hint is None or abs(best.position - hint) <= settings.near:
        return None
    others = [c for c in viable if c.position != best.position]
    close = [c for c in others if abs(c.position - hint) <= settings.near]
    if not close and abs(best.position - hint) >= settings.far:
        close = [c for c in others if abs(c.position - hint) <= settings.doubt_within]
    return close[0] if close else None


def _closest_of_equals(
    viable: list[Candidate], hint: int | None, index: BaselineIndex, settings: Settings
) -> Placement | None:
    """The one best-scoring place near the hint when the others as good are far from it (position decides).

    Why: a sentence the draft repeats far away says nothing against the paragraph
    near where the author saw it; the hint is only off by the renumbering. Two
    equal places both near the hint stay ambiguous (a copy beside a renumbering).
    """
    if hint is None:
        return None
    equals = [c for c in viable if c.score >= viable[0].score]
    close = [c for c in equals if abs(c.position - hint) <= settings.near]
    if len(equals) < 2 or len(close) != 1 or close[0].position == hint:
        return None
    rivals = [c for c in viable if c is not close[0] and c.score >= viable[0].score - settings.unique_margin]
    if any(abs(c.position - hint) < settings.far for c in rivals):
        return None  # another about as good is not far: twice in that paragraph, or a look-alike nearby
    others = ", ".join(dict.fromkeys(index.number(c.position) for c in equals if c is not close[0]))
    return Placement(
        AnchorStatus.ANCHORED,
        close[0],
        f"moved: quoted as paragraph {index.number(hint)}, found in {index.number(close[0].position)}, "
        f"beside it (the passage stands also in paragraph {others}, far from it)",
    )


def _nothing_fits(candidates: list[Candidate], index: BaselineIndex) -> str:
    if not candidates:
        return "no paragraph of the baseline contains the quoted passage"
    best = candidates[0]
    return (
        f"no paragraph fits well enough (best candidate paragraph "
        f"{index.number(best.position)}, score {best.score:.0f})"
    )


# --- anchoring edits, and the renumbering a proposal's edits reveal ----------


def anchor_proposals(
    proposals: Sequence[Proposal],
    index: BaselineIndex,
    settings: Settings = DEFAULT_SETTINGS,
    progress: Callable[[int, int], None] | None = None,
    *,
    jobs: int | None = 1,
) -> dict[str, Anchor]:
    """Anchor every edit; a proposal's confident anchors correct its other hints, and every
    proposal's anchors show where paragraphs stood in the draft the authors saw.

    `progress`, if given, is told (edits anchored so far, total) after each proposal.
    Proposals are anchored on `jobs` processes (None: every core, for
    `PARALLEL_FROM` edits or more); each is independent of the others until the
    last step, so the anchors are the same whatever `jobs` is.
    """
    total, done = sum(len(p.edits) for p in proposals), 0
    if jobs is None:
        jobs = min(workers.available(), len(proposals)) if total >= PARALLEL_FROM else 1
    if jobs > 1:
        index.prepare()  # built once, before the workers are forked, so that they share it
    anchors: dict[str, Anchor] = {}
    expected: dict[str, Expected] = {}
    with contextlib.closing(workers.ordered_map(_anchor_one, (index, settings), proposals, jobs)) as each:
        for proposal, (found, where) in zip(proposals, each, strict=True):
            anchors.update(found)
            expected.update(where)
            done += len(proposal.edits)
            if progress is not None:
                progress(done, total)  # if it raises, the workers are stopped at once
    return _doubt_moves_into_claimed(anchors, expected, index, settings)


PARALLEL_FROM = 500
"""Edits: from this many, proposals are anchored on every core. Measured on a 20,000-paragraph draft
with 2 cores: 250 edits 0.76 -> 0.41 s, but 100 edits 0.26 -> 0.34 s (forking the workers and
sending the anchors back cost more than they save)."""


def _anchor_one(
    shared: tuple[BaselineIndex, Settings], proposal: Proposal
) -> tuple[dict[str, Anchor], dict[str, Expected]]:
    index, settings = shared
    try:
        return _anchor_proposal(proposal, index, settings)
    finally:
        index.forget()


def anchor_proposal(
    proposal: Proposal, index: BaselineIndex, settings: Settings = DEFAULT_SETTINGS
) -> dict[str, Anchor]:
    """Anchor a proposal's edits, then re-read the hints of the others as the draft was renumbered.

    Alone: other proposals' edits, which may doubt a move (`anchor_proposals`), are not read.
    """
    return _anchor_proposal(proposal, index, settings)[0]


@dataclass(frozen=True)
class Expected:
    """Where an edit's paragraph number puts its paragraph in the current draft, as its proposal maps it.

    `own` is the position of the paragraph that bears the number now (None: none
    does). `span` is where the shifts of the proposal's nearest other edits
    before and after it put it (None: no other edit maps it). `bounds` is where
    it may be at all, paragraphs keeping their order: between where those edits
    landed, open on a side without one. Edits quoting the same paragraph are no
    evidence for each other: they moved, or not, together.
    """

    number: str
    own: int | None
    span: tuple[int, int] | None
    bounds: tuple[int, int] | None

    def home(self, at: int, settings: Settings) -> bool:
        """Found where its number puts it, give or take `near`: at its own number, or where the proposal maps it."""
        if self.own is not None and abs(at - self.own) <= settings.near:
            return True
        return self.span is not None and self.span[0] - settings.near <= at <= self.span[1] + settings.near

    def placed(self, at: int, settings: Settings) -> bool:
        """Found where it shows the paragraph stood: in its place, or in order with its proposal's other edits."""
        if self.home(at, settings):
            return True
        return self.bounds is not None and self.bounds[0] - settings.near <= at <= self.bounds[1] + settings.near

    def away(self, at: int, settings: Settings) -> bool:
        """Found where the proposal's other edits say its paragraph cannot be (out of order with them)."""
        return self.bounds is not None and not self.placed(at, settings)

    def agrees(self, other: Expected, settings: Settings) -> bool:
        """Whether both may name one paragraph: spans near each other, or the same number where one is unmapped."""
        if self.span is None or other.span is None:
            return self.number == other.number
        return self.span[0] - 2 * settings.near <= other.span[1] and other.span[0] - 2 * settings.near <= self.span[1]


def _anchor_proposal(
    proposal: Proposal, index: BaselineIndex, settings: Settings
) -> tuple[dict[str, Anchor], dict[str, Expected]]:
    """The proposal's anchors, and where each quoting, numbered edit's number puts its paragraph.

    Like patch carrying a hunk's offset to the next: an edit found without its
    hint, confidently, shows how far the author's paragraph numbers are off near
    it. Every other hinted edit is anchored again with its hint corrected by the
    nearest such shifts before and after it.
    """
    anchors = {edit.id: anchor_edit(edit, index, _hint(edit, index), settings) for edit in proposal.edits}
    evidence = _evidence(proposal, anchors, index, settings)
    for outlier in _outliers(evidence, settings):
        del evidence[outlier]  # re-anchored below with the shift its neighbours show
    numbers = {edit.id: edit.paragraph or "" for edit in proposal.edits}
    renumbering = Renumbering.of(evidence, numbers)
    size = len(index.paragraphs)
    expected = {}
    for edit in proposal.edits:
        hint = _hint(edit, index)
        if _quotes(edit) and edit.paragraph is not None:
            if hint is None:
                expected[edit.id] = renumbering.unnumbered(edit.paragraph, size)
            else:
                expected[edit.id] = renumbering.expected(edit.paragraph, hint, size)
        if hint is None or edit.id in evidence:
            continue
        corrected = renumbering.corrected(hint, size)
        if corrected and corrected != {hint}:
            anchors[edit.id] = _reanchored(edit, sorted(corrected), anchors[edit.id], index, settings)
    return anchors, expected


def _doubt_moves_into_claimed(
    anchors: dict[str, Anchor], expected: dict[str, Expected], index: BaselineIndex, settings: Settings
) -> dict[str, Anchor]:
    """Ambiguous: an edit found where its proposal's other edits say its paragraph cannot be (out of order
    with them), in a paragraph that another edit was found in in its place (at its number, where its
    proposal's shifts put it, or in order with its proposal's other edits), or that another edit
    from a different place was also found in.

    Why: the other edit shows that this paragraph stood here in the draft its
    author saw (or came from another place), not where the first author's draft
    puts theirs. The first quote more likely stands in two paragraphs (a long
    text repeats its sentences), its own paragraph deleted or rewritten since,
    than moved here; applied, it would change a paragraph its author never
    quoted. An edit whose proposal shows nothing of its renumbering is not
    doubted: its number may be off because the whole draft was renumbered, which
    says nothing of where the paragraph went.
    """
    placed: dict[str, list[str]] = defaultdict(list)
    away: dict[str, list[str]] = defaultdict(list)
    for edit_id, where in expected.items():
        anchor = anchors[edit_id]
        if anchor.paragraph is None:
            continue
        at = index.positions[anchor.paragraph]
        if where.placed(at, settings):
            if anchor.score is not None and anchor.score >= settings.min_score:
                placed[anchor.paragraph].append(edit_id)  # its quote, not only its number, stands there
        elif anchor.status.applicable and where.away(at, settings):
            away[anchor.paragraph].append(edit_id)
    doubted = dict(anchors)
    for paragraph, moved in away.items():
        at = index.positions[paragraph]
        for edit_id in moved:
            claims = [
                o for o in placed.get(paragraph, []) if _contradicts(expected[o], expected[edit_id], at, settings)
            ]
            doubt = _doubt(edit_id, paragraph, claims, moved, expected, settings)
            if doubt is not None:
                anchor = anchors[edit_id]
                doubted[edit_id] = Anchor(
                    AnchorStatus.AMBIGUOUS, score=anchor.score, message=_join(anchor.message, doubt)
                )
    return doubted


def _contradicts(claimant: Expected, doubted: Expected, at: int, settings: Settings) -> bool:
    """Whether an edit found in its place at `at` says the doubted edit's paragraph is not there.

    Not when both numbers may name one paragraph (their drafts agree on it), unless
    the claimant stands at its very own number: then that paragraph was not moved.
    """
    at_own = claimant.own is not None and abs(at - claimant.own) <= settings.near
    return at_own or not claimant.agrees(doubted, settings)


def _doubt(
    edit_id: str, paragraph: str, placed: list[str], moved: list[str], expected: dict[str, Expected], settings: Settings
) -> str | None:
    """Why the paragraph an edit was found in, out of order with its proposal's other edits, may not be its own."""
    where = expected[edit_id]
    lost = f"paragraph {paragraph} is out of order with the proposal's other edits"
    if placed:
        return (
            f"{lost}, and {placed[0]} was found there in its place: the passage may stand in both, "
            f"paragraph {where.number} as quoted deleted or changed since"
        )
    rivals = [other for other in moved if other != edit_id and not where.agrees(expected[other], settings)]
    if rivals:
        return (
            f"{lost}, and {rivals[0]} (quoted as paragraph {expected[rivals[0]].number}) was found there too, "
            "from another place: the passage may stand in more than one paragraph, and nothing tells which "
            "one moved there"
        )
    return None


def _hint(edit: Edit, index: BaselineIndex) -> int | None:
    """The position the author's paragraph number names (an ADD's `after`/`before` number too)."""
    reference = edit.paragraph if edit.action is not Action.ADD else edit.after or edit.before
    return None if reference is None else index.positions.get(reference)


def _quotes(edit: Edit) -> bool:
    """Whether the edit quotes text that locates it (else it rests on its paragraph number)."""
    if edit.action is Action.ADD:
        return False
    return edit.action is Action.MOD or bool(edit.text)


def _confident(anchor: Anchor, settings: Settings) -> bool:
    return (
        anchor.status in (AnchorStatus.ANCHORED, AnchorStatus.ALREADY)
        and anchor.score is not None
        and anchor.score >= settings.strong_score
    )


def _evidence(
    proposal: Proposal, anchors: dict[str, Anchor], index: BaselineIndex, settings: Settings
) -> dict[str, tuple[int, int]]:
    """edit id -> (hint position, shift) for each hinted edit found confidently even without its hint.

    Why without: a sentence repeated in two paragraphs anchors where its hint
    says, which shows nothing about renumbering.
    """
    found = {}
    for edit in proposal.edits:
        hint, anchor = _hint(edit, index), anchors[edit.id]
        if hint is None or not _quotes(edit) or not _confident(anchor, settings) or _costly_alone(edit, index):
            continue
        alone = anchor_edit(edit, index, None, settings)
        if _confident(alone, settings) and alone.paragraph == anchor.paragraph and alone.paragraph is not None:
            found[edit.id] = (hint, index.positions[alone.paragraph] - hint)
    return found


def _costly_alone(edit: Edit, index: BaselineIndex) -> bool:
    """Whether anchoring the edit without its hint would score every paragraph of a large draft.

    That is a quote of common words only (nothing for the word index to narrow
    with) that stands nowhere word for word. Why skip it as evidence: it costs
    ~0.5 s at 20,000 paragraphs, and common words found far away are the weakest
    evidence of renumbering there is.
    """
    if not index.words.indexed:
        return False
    text = edit.marked.old if edit.marked is not None else edit.text or ""
    needle = fold(text).text
    return not index.words.has_rare_words(needle) and not any(c.score >= 100.0 for c in index.exact(needle))


def _outliers(evidence: dict[str, tuple[int, int]], settings: Settings) -> list[str]:
    """Evidence whose shift disagrees, by more than `doubt_within`, with that of each of its (up to) two
    nearest neighbours on either side; it must have neighbours on both sides.

    Why: an edit anchored confidently far away may have found a copy of its quote
    (its own paragraph deleted or changed); taken as evidence, it would both hide
    that and shift its neighbours' hints. A paragraph that really moved is
    re-anchored and found again, unless a paragraph near its corrected hint still fits.
    """
    ordered = sorted(evidence.items(), key=lambda item: item[1])
    found = []
    for i, (edit_id, (_, shift)) in enumerate(ordered):
        if i == 0 or i == len(ordered) - 1:
            continue  # at an end, a disagreeing neighbour may be the renumbering itself
        neighbours = [ordered[j][1][1] for j in (i - 2, i - 1, i + 1, i + 2) if 0 <= j < len(ordered)]
        if all(abs(shift - other) > settings.doubt_within for other in neighbours):
            found.append(edit_id)
    return found


@dataclass(frozen=True)
class Renumbering:
    """A proposal's evidence of renumbering: at each hint position, the edits found from it and their shifts.

    Sorted, so that the nearest evidence before and after a hint is found by
    bisection: a proposal of 400 edits asks it 400 times.
    """

    positions: tuple[int, ...]
    shifts: dict[int, list[tuple[str, int]]]
    by_number: tuple[tuple[tuple[tuple[int, int, str], ...], int], ...]
    """(the author's number as a natural sort key, where its edit landed), in the author's order; only
    the edits that landed in that order too (the longest such run: one that found a copy of its
    quote far away does not bound the others)."""

    @classmethod
    def of(cls, evidence: dict[str, tuple[int, int]], numbers: dict[str, str]) -> Renumbering:
        shifts: dict[int, list[tuple[str, int]]] = defaultdict(list)
        for edit_id, (at, shift) in evidence.items():
            shifts[at].append((edit_id, shift))
        by_number = sorted((_natural(numbers[edit_id]), at + shift) for edit_id, (at, shift) in evidence.items())
        in_order = _longest_in_order([landed for _, landed in by_number])
        return cls(tuple(sorted(shifts)), dict(shifts), tuple(by_number[k] for k in in_order))

    def unnumbered(self, number: str, size: int) -> Expected:
        """For a number that names no paragraph now: between where the edits of the nearest numbers
        below and above it (in the author's numbering: "13A" after 13, "5.2" after 5.1) landed.

        Why the author's numbers, not the order of the edits: a proposal may list a
        consequential change out of order; its numbers still say where it stood.
        """
        key = _natural(number)
        i = bisect_left(self.by_number, (key,))
        j = bisect_right(self.by_number, (key, size))
        if i == 0 and j == len(self.by_number):
            return Expected(number, None, None, None)
        lo = self.by_number[i - 1][1] if i > 0 else 0
        hi = self.by_number[j][1] if j < len(self.by_number) else size - 1
        return Expected(number, None, None, (min(lo, hi), max(lo, hi)))

    def corrected(self, hint: int, size: int) -> set[int]:
        """The hint moved by the shifts of the nearest evidence before and after it (more than one if they
        differ). Asked only for an edit that is no evidence itself."""
        before, after = bisect_right(self.positions, hint) - 1, bisect_left(self.positions, hint)
        nearest = [self.positions[k] for k in {before, after} if 0 <= k < len(self.positions)]
        return {hint + shift for at in nearest for _, shift in self.shifts[at] if 0 <= hint + shift < size}

    def expected(self, number: str, hint: int, size: int) -> Expected:
        """Where the nearest evidence strictly before and after the hint puts its paragraph, and bounds it.

        Strictly: evidence at the hint itself quotes the same paragraph, and moved,
        or not, with it. Past the last evidence on a side nothing maps the draft,
        so that side is bounded only by order (open).
        """
        i, j = bisect_left(self.positions, hint), bisect_right(self.positions, hint)
        before = self.positions[i - 1] if i > 0 else None
        after = self.positions[j] if j < len(self.positions) else None
        if before is None and after is None:
            return Expected(number, hint, None, None)
        shifts = [shift for at in (before, after) if at is not None for _, shift in self.shifts[at]]
        span = (hint + min(shifts), hint + max(shifts))
        if before is not None and after is not None:
            return Expected(number, hint, span, span)
        if after is None:
            assert before is not None
            landed = before + min(shift for _, shift in self.shifts[before])
            return Expected(number, hint, span, (min(span[0], landed), size - 1))
        landed = after + max(shift for _, shift in self.shifts[after])
        return Expected(number, hint, span, (0, max(span[1], landed)))


def _longest_in_order(values: Sequence[int]) -> list[int]:
    """The indices of a longest non-decreasing run of `values` (not necessarily contiguous), in order."""
    tails: list[int] = []  # tails[k]: the index ending the best run of length k + 1 so far
    ends: list[int] = []  # ends[k] = values[tails[k]], kept sorted for bisection
    before = [-1] * len(values)
    for i, value in enumerate(values):
        k = bisect_right(ends, value)
        before[i] = tails[k - 1] if k else -1
        if k == len(tails):
            tails.append(i)
            ends.append(value)
        else:
            tails[k], ends[k] = i, value
    run, i = [], tails[-1] if tails else -1
    while i >= 0:
        run.append(i)
        i = before[i]
    return run[::-1]


def _natural(number: str) -> tuple[tuple[int, int, str], ...]:
    """A paragraph number as the author orders it: "5.10" after "5.9", "13A" after "13", "40" after "9"."""
    return tuple((0, int(part), "") if part.isdigit() else (1, 0, part) for part in re.findall(r"\d+|\D+", number))


def _reanchored(edit: Edit, corrected: list[int], first: Anchor, index: BaselineIndex, settings: Settings) -> Anchor:
    """The edit anchored at its corrected hint(s): refused where they disagree or cannot be checked."""
    reference = edit.paragraph or edit.after or edit.before
    numbers = " or ".join(index.number(c) for c in corrected)
    renumbered = (
        f"the proposal's other edits show the draft was renumbered: its paragraph {reference} may now be {numbers}"
    )
    if not _quotes(edit):
        return Anchor(AnchorStatus.AMBIGUOUS, message=f"{renumbered}; quote the text to say which")
    # the evidence says which neighbour is meant; where the shifts before and after differ, give
    # or take the places between them
    window = settings.near if len(corrected) > 1 else 0
    trusting = replace(settings, rival_distance=0, hint_window=window)
    retries = [anchor_edit(edit, index, c, trusting) for c in corrected]
    retries = _between(retries, corrected, edit, index, settings) or retries
    places = sorted({(r.status.value, r.paragraph or "") for r in retries})
    if len(places) > 1:
        fits = " and ".join(f"{p or 'nowhere'} ({s})" for s, p in places)
        return Anchor(AnchorStatus.AMBIGUOUS, score=first.score, message=f"{renumbered}, and the passage gives {fits}")
    if retries[0].paragraph == edit.paragraph and retries[0].status is first.status:
        return first
    hinted = {index.number(c) for c in corrected}
    at_found = [r for r in retries if r.paragraph in hinted]
    retry = (at_found or retries)[0]
    return _with_message(
        retry, f"paragraph {reference} read as {numbers}: the proposal's other edits show the draft was renumbered"
    )


def _between(
    retries: list[Anchor], corrected: list[int], edit: Edit, index: BaselineIndex, settings: Settings
) -> list[Anchor]:
    """The retries anchored in one paragraph between the corrected hints, if nothing else there fits as well.

    Why: the shifts before and after an edit bound where its paragraph is now; a
    retry that finds it there is not contradicted by one that, from the other
    bound, finds nothing decisive, or a copy far outside the bounds. Another
    place inside the bounds fitting about as well does contradict it.
    """
    anchored = [r for r in retries if r.status.applicable and r.paragraph is not None]
    if not anchored or len({r.paragraph for r in anchored}) > 1 or edit.marked is None:
        return []
    assert anchored[0].paragraph is not None
    at = index.positions[anchored[0].paragraph]
    lo, hi = max(0, min(corrected) - settings.near), min(len(index.folded) - 1, max(corrected) + settings.near)
    if not lo <= at <= hi or hi - lo > 2 * settings.doubt_within:
        return []
    needle = fold(edit.marked.old).text
    fits = [*index.exact(needle), *index.fuzzy(needle, range(lo, hi + 1), settings.min_score)]
    inside = [c for c in fits if lo <= c.position <= hi and c.score >= settings.min_score]
    best = max((c.score for c in inside if c.position == at), default=0.0)
    if any(c.position != at and c.score >= best - settings.unique_margin for c in inside):
        return []
    return anchored


def _with_message(anchor: Anchor, note: str) -> Anchor:
    message = note if not anchor.message else f"{note}; {anchor.message}"
    return Anchor(anchor.status, anchor.paragraph, anchor.score, message, anchor.changes)


def anchor_edit(edit: Edit, index: BaselineIndex, hint: int | None, settings: Settings = DEFAULT_SETTINGS) -> Anchor:
    """Anchor one edit with the given hint position."""
    if edit.action is Action.MOD:
        return _anchor_mod(edit, index, hint, settings)
    if edit.action is Action.ADD:
        return _anchor_add(edit, index, settings)
    return _anchor_whole(edit, index, hint, settings)


def _anchor_whole(edit: Edit, index: BaselineIndex, hint: int | None, settings: Settings) -> Anchor:
    """SUP and NOC: a paragraph, checked (and located, if renumbered) by its quoted text."""
    if not edit.text:
        if hint is None:
            return Anchor(AnchorStatus.UNANCHORED, message=f"no paragraph {edit.paragraph} in the baseline")
        return Anchor(AnchorStatus.ANCHORED, index.number(hint), 100.0)
    placement = locate(fold(edit.text).text, index, hint, settings)
    if placement.status is AnchorStatus.UNANCHORED and hint is not None:
        return Anchor(
            AnchorStatus.STALE,
            index.number(hint),
            None if placement.candidate is None else round(placement.candidate.score, 1),
            f"paragraph {index.number(hint)} no longer reads as quoted ({placement.message})",
        )
    return _from_placement(placement, index, settings)


def _from_placement(placement: Placement, index: BaselineIndex, settings: Settings) -> Anchor:
    candidate = placement.candidate
    if candidate is None:
        return Anchor(placement.status, message=placement.message)
    status = placement.status
    if status is AnchorStatus.ANCHORED and candidate.score < settings.fuzzy_below:
        status = AnchorStatus.FUZZY
    number = index.number(candidate.position) if status.applicable else None
    message = placement.message
    if status is AnchorStatus.FUZZY:
        message = _join(message, f"fuzzy: the context differs from the quote (score {candidate.score:.0f})")
    return Anchor(status, number, round(candidate.score, 1), message)


def _join(first: str | None, second: str) -> str:
    return second if not first else f"{first}; {second}"


def _anchor_add(edit: Edit, index: BaselineIndex, settings: Settings) -> Anchor:
    """ADD: its reference paragraph (a number, else a quoted passage); `already` if the text stands."""
    taken = _already_added(edit, index, settings)
    if taken is not None:
        return taken
    reference = edit.after if edit.after is not None else edit.before
    assert reference is not None  # loading guarantees after or before
    if reference in index.positions:
        return Anchor(AnchorStatus.ANCHORED, reference, 100.0)
    placement = locate(fold(reference).text, index, None, settings)
    anchor = _from_placement(placement, index, settings)
    if anchor.status is AnchorStatus.UNANCHORED and not placement.candidate:
        return Anchor(
            AnchorStatus.UNANCHORED,
            message=f"no paragraph '{reference}' in the baseline, and no paragraph contains it as a passage",
        )
    return anchor


def _already_added(edit: Edit, index: BaselineIndex, settings: Settings) -> Anchor | None:
    """`already` if a paragraph reads as the addition; `stale` if one nearly does (the draft took in a variant).

    Why not `already` for a near copy: `already` needs nothing from the editor,
    and would silently drop an addition that differs in a year or a word.
    """
    wanted = fold(edit.text or "").text
    for position, folded in enumerate(index.folded):
        score = fuzz.ratio(wanted, folded.text, score_cutoff=settings.fuzzy_below)
        if not score:
            continue
        number = index.number(position)
        if wanted == folded.text:
            return Anchor(AnchorStatus.ALREADY, number, 100.0, f"paragraph {number} already reads as this addition")
        return Anchor(
            AnchorStatus.STALE,
            number,
            round(score, 1),
            f"paragraph {number} nearly reads as this addition (score {score:.0f}): the draft took in a variant",
        )
    return None


# --- MOD: placing each change over the very words it quoted ----------------


@dataclass(frozen=True)
class FoldedChange:
    """A change with its spans in the folded old passage [old_start, old_end) and new passage."""

    change: Change
    old_start: int
    old_end: int
    new_start: int
    new_end: int


def folded_changes(marked: Marked, old: Folded, new: Folded) -> list[FoldedChange]:
    """Each change of a MOD located in the folded old and new passages."""
    found = []
    shift = 0
    for change in marked.changes:
        start = change.start + shift
        shift += len(change.inserted) - (change.end - change.start)
        old_span = _folded_span(old, change.start, change.end)
        new_span = _folded_span(new, start, start + len(change.inserted))
        found.append(FoldedChange(change, *old_span, *new_span))
    return found


def _folded_span(folded: Folded, start: int, end: int) -> tuple[int, int]:
    """Original [start, end) of a passage to its folded indices (characters wholly inside)."""
    return bisect_left(folded.starts, start), bisect_left(folded.starts, end)


def _anchor_mod(edit: Edit, index: BaselineIndex, hint: int | None, settings: Settings) -> Anchor:
    """Locate the old passage and place the changes; or find the edit taken in where the author quoted it.

    An old passage that is gone everywhere may have been taken in wherever the
    new passage clearly stands. One that is found away from its hint may have
    been taken in at the hint (the copy elsewhere is other text). An ambiguous one
    is not claimed as taken in: the old words still stand somewhere.
    """
    marked = edit.marked
    assert marked is not None  # loading parses every MOD
    old, new = fold(marked.old), fold(marked.new)
    changes = folded_changes(marked, old, new)
    placement = locate(old.text, index, hint, settings)
    candidate = placement.candidate
    taken = None
    if placement.status is AnchorStatus.UNANCHORED:
        taken = _taken_in_elsewhere(changes, old, new, index, hint, settings)
    elif hint is not None and (candidate is None or candidate.position != hint):
        taken = _taken_in_at(changes, old, new, index, hint, settings)
    doubtful = placement.status.applicable or placement.status is AnchorStatus.AMBIGUOUS
    if taken is None and doubtful and candidate is not None:
        taken = _taken_in_far_from(candidate, new, index, hint, settings)  # the more telling reason
    if taken is not None:
        return taken
    if not placement.status.applicable or candidate is None:
        return _from_placement(placement, index, settings)
    return _place_changes(changes, old, new, placement, index, settings)


def _taken_in_far_from(
    candidate: Candidate, new: Folded, index: BaselineIndex, hint: int | None, settings: Settings
) -> Anchor | None:
    """Ambiguous when the old words stand far from the paragraph named while another reads as proposed.

    Why: the draft may have taken the edit in, and the old sentence far away be a
    repetition the author never quoted; applying it there would edit that one.
    """
    if hint is None or abs(candidate.position - hint) <= settings.near or len(new.text) < settings.min_fuzzy_chars:
        return None
    elsewhere = [c for c in index.exact(new.text) if c.position != candidate.position and c.score >= 100.0]
    if not elsewhere:
        return None
    return Anchor(
        AnchorStatus.AMBIGUOUS,
        score=round(candidate.score, 1),
        message=(
            f"the quoted words stand in paragraph {index.number(candidate.position)}, but paragraph "
            f"{index.number(elsewhere[0].position)} already reads as proposed: which one was quoted?"
        ),
    )


def _place_changes(
    changes: list[FoldedChange],
    old: Folded,
    new: Folded,
    placement: Placement,
    index: BaselineIndex,
    settings: Settings,
) -> Anchor:
    """Every change over its quoted words, or `already`/`stale` when the words there differ."""
    candidate = placement.candidate
    assert candidate is not None
    paragraph = index.folded[candidate.position]
    raw = index.paragraphs[candidate.position].text
    base = _from_placement(placement, index, settings)
    number = index.number(candidate.position)
    spans = [_original_span(c, old.text, candidate, paragraph, settings) for c in changes]
    new_fit = (
        _new_fit(new.text, paragraph.text, candidate) if _any_may_stand(changes, new, paragraph, settings) else None
    )
    realized = (
        _realized_all(changes, old.text, new.text, paragraph.text, new_fit, settings)
        if new_fit is not None
        else [False] * len(changes)
    )
    realized = [
        _typographic_realized(c, span, raw) if _typographic(c, old, new) else r
        for c, span, r in zip(changes, spans, realized, strict=True)
    ]
    if any(realized):
        return _taken_in(realized, number, changes, base.score)
    placed = [_place(c, span, raw) for c, span in zip(changes, spans, strict=True)]
    if all(p is not None for p in placed):
        return Anchor(base.status, number, base.score, base.message, tuple(p for p in placed if p is not None))
    bad = next(c for c, p in zip(changes, placed, strict=True) if p is None)
    reason = _stale_reason(bad, paragraph, candidate)
    return Anchor(AnchorStatus.STALE, number, base.score, _join(base.message, reason))


def _typographic(change: FoldedChange, old: Folded, new: Folded) -> bool:
    """A change invisible to matching: a dash or quote restyled, an invisible character deleted."""
    return old.text[change.old_start : change.old_end] == new.text[change.new_start : change.new_end]


def _typographic_realized(change: FoldedChange, span: tuple[int, int] | None, raw: str) -> bool:
    """Matching cannot tell a typographic change taken in: the baseline's own characters can.

    A "change" to the very same characters proposes nothing, not even a style: it is
    taken in whatever the baseline's quotes and dashes look like.
    """
    if change.change.deleted == change.change.inserted:
        return True
    return span is not None and raw[span[0] : span[1]] == change.change.inserted


def _place(change: FoldedChange, span: tuple[int, int] | None, raw: str) -> Change | None:
    """The change at the baseline's own characters, or None where they differ from the quoted ones."""
    if span is None:
        return None
    start, end = span
    if change.old_start == change.old_end and change.change.deleted and raw[start:end] != change.change.deleted:
        return None  # characters that fold to nothing: only the very ones quoted may go
    return Change(start, end, change.change.inserted, change.change.deleted)


def _original_span(
    change: FoldedChange, passage: str, candidate: Candidate, paragraph: Folded, settings: Settings
) -> tuple[int, int] | None:
    """Where the change goes in the baseline's own characters, or None where its words or their edges differ.

    A deletion of characters that fold to nothing (a soft hyphen) covers the
    characters the baseline has between the neighbouring folded ones.
    """
    span = _baseline_span(candidate.amap, change.old_start, change.old_end)
    if span is None or not _word_edges_hold(passage, paragraph.text, change, span):
        return None
    if not _neighbours_hold(passage, paragraph.text, change, span, settings.neighbour_similarity):
        return None
    if span[1] > span[0]:
        return paragraph.original_span(*span)
    if change.change.deleted:
        return _gap(paragraph, span[0])
    point = paragraph.original_point(span[0])
    return point, point


def _gap(folded: Folded, point: int) -> tuple[int, int]:
    """The original characters between folded characters point-1 and point (those folding to nothing)."""
    start = folded.ends[point - 1] if point > 0 else 0
    end = folded.starts[point] if point < len(folded.starts) else folded.original_length
    return start, end


def _baseline_span(amap: Sequence[int], start: int, end: int) -> tuple[int, int] | None:
    """Where passage [start, end) stands in the paragraph (folded), flush with the quoted characters around it.

    Why flush: if the baseline has other characters between the quoted context
    and the words an edit deletes ("semi-" before "annual"), the author never saw
    them, and deleting next to them makes a text nobody wrote.
    """
    if end > start:
        inside = amap[start:end]
        if any(a < 0 for a in inside) or any(b != a + 1 for a, b in itertools.pairwise(inside)):
            return None
        b_start, b_end = inside[0], inside[-1] + 1
    else:
        b_start = b_end = _insertion_point(amap, start)
        if b_start < 0:
            return None
    if start > 0 and (amap[start - 1] < 0 or amap[start - 1] != b_start - 1):
        return None
    if end < len(amap) and amap[end] != b_end:
        return None
    return b_start, b_end


def _neighbours_hold(passage: str, hay: str, change: FoldedChange, span: tuple[int, int], similarity: float) -> bool:
    """The quoted word on each side of a change stands beside it in the baseline, give or take a typo.

    Why: "its {~~internal~>financial~~} control" in a paragraph that now reads "its
    internal communication" fits well enough overall, but would make "financial
    communication", a text nobody proposed.
    """
    pairs = (
        (_word_before(passage, change.old_start), _word_before(hay, span[0])),
        (_word_after(passage, change.old_end), _word_after(hay, span[1])),
    )
    return all(
        not quoted[1] or (quoted[0] == found[0] and _like(quoted[1], found[1], similarity)) for quoted, found in pairs
    )


def _like(quoted: str, found: str, similarity: float) -> bool:
    return quoted == found or fuzz.ratio(quoted, found) >= similarity


def _word_before(text: str, at: int) -> tuple[str, str]:
    """The characters between the word before `at` and `at`, and that word."""
    i = at
    while i > 0 and not _word(text[i - 1]):
        i -= 1
    j = i
    while j > 0 and _word(text[j - 1]):
        j -= 1
    return text[i:at], text[j:i]


def _word_after(text: str, at: int) -> tuple[str, str]:
    """The characters between `at` and the word after it, and that word."""
    i = at
    while i < len(text) and not _word(text[i]):
        i += 1
    j = i
    while j < len(text) and _word(text[j]):
        j += 1
    return text[at:i], text[i:j]


def _insertion_point(amap: Sequence[int], at: int) -> int:
    """Where an insertion before passage character `at` goes in the paragraph (-1: not aligned)."""
    if at < len(amap):
        return amap[at]
    return amap[at - 1] + 1 if at > 0 and amap[at - 1] >= 0 else -1


def _word_edges_hold(passage: str, hay: str, change: FoldedChange, span: tuple[int, int]) -> bool:
    """At the quote's own ends, a change must not cut into a longer word of the baseline.

    A quote is taken to start and end on word edges: "{++new ++}plan" must not
    insert into "masterplan", "{--plan--}" must not delete from "planning".
    """
    (start, end), (b_start, b_end) = (change.old_start, change.old_end), span
    if start == 0 and passage and _word(passage[0]) and b_start > 0 and _word(hay[b_start - 1]):
        return False
    return not (end == len(passage) and passage and _word(passage[-1]) and b_end < len(hay) and _word(hay[b_end]))


def _new_fit(new: str, hay: str, candidate: Candidate) -> Candidate | None:
    """Where the new passage fits the paragraph at least as well as the old one did, if it does.

    Why at least as well: in repetitive text a change can look taken in by its
    neighbourhood alone; "{++budget ++}budget budget" in "budget budget" is not
    already there. Why its own place: the old words may also stand elsewhere in the
    paragraph (a clause repeated), and the taken-in reading must be looked for
    where the new passage stands, not where the old one was aligned.
    """
    return _fuzzy_in(new, hay, candidate.position, candidate.score) if new else None


def _any_may_stand(changes: Sequence[FoldedChange], new: Folded, paragraph: Folded, settings: Settings) -> bool:
    """Whether any change may be taken in: its new reading (see `_realized`) stands somewhere in the paragraph.

    Why: a cheap `in` that spares aligning the new passage (~0.1 ms) for most
    edits, whose new words the baseline does not have yet. It never says no
    where `_realized` could say yes.
    """
    context = settings.taken_in_context
    return any(
        not (view := _view(new.text, c.new_start, c.new_end, context)) or view in paragraph.text for c in changes
    )


def _realized_all(
    changes: Sequence[FoldedChange], old: str, new: str, hay: str, candidate: Candidate, settings: Settings
) -> list[bool]:
    margin = len(new) + settings.taken_in_context
    area = hay[max(0, candidate.start - margin) : candidate.end + margin]
    return [_realized(c, old, new, area, settings.taken_in_context) for c in changes]


def _realized(change: FoldedChange, old: str, new: str, area: str, context: int) -> bool:
    """Whether the baseline already reads as the change proposes, with `context` quoted characters around it.

    The new reading must stand, and the old reading may stand only inside it (an
    insertion at the end of a quote: "objectives." inside "objectives. More.").
    """
    old_view = _view(old, change.old_start, change.old_end, context)
    new_view = _view(new, change.new_start, change.new_end, context)
    olds = _find_all(area, old_view)
    if not new_view:
        return not olds
    news = _find_all(area, new_view)
    return bool(news) and all(any(n <= o and o + len(old_view) <= n + len(new_view) for n in news) for o in olds)


def _view(text: str, start: int, end: int, context: int) -> str:
    """text[start:end] with `context` characters on each side, widened to whole words."""
    lo, hi = max(0, start - context), min(len(text), end + context)
    while 0 < lo < len(text) and _word(text[lo - 1]) and _word(text[lo]):
        lo -= 1
    while 0 < hi < len(text) and _word(text[hi]) and _word(text[hi - 1]):
        hi += 1
    return text[lo:hi]


def _find_all(hay: str, needle: str) -> list[int]:
    found = []
    start = hay.find(needle)
    while start >= 0 and needle:
        found.append(start)
        start = hay.find(needle, start + 1)
    return found


def _taken_in(realized: list[bool], number: str, changes: Sequence[FoldedChange], score: float | None) -> Anchor:
    if all(realized):
        return Anchor(AnchorStatus.ALREADY, number, score, f"paragraph {number} already reads as proposed")
    missing = ", ".join(_describe(c.change) for c, r in zip(changes, realized, strict=True) if not r)
    return Anchor(
        AnchorStatus.STALE,
        number,
        score,
        f"partly taken in: paragraph {number} already has some of this edit's changes but not {missing}",
    )


def _describe(change: Change) -> str:
    if change.is_insertion:
        return f"the insertion of '{_clip(change.inserted)}'"
    if not change.inserted:
        return f"the deletion of '{_clip(change.deleted)}'"
    return f"the replacement of '{_clip(change.deleted)}' by '{_clip(change.inserted)}'"


def _clip(text: str, width: int = 40) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


def _stale_reason(change: FoldedChange, paragraph: Folded, candidate: Candidate) -> str:
    """Which words differ, and what the baseline reads where they were quoted."""
    at = (
        (change.old_start - 1, change.old_start + 1)
        if change.change.is_insertion
        else (change.old_start, change.old_end)
    )
    seen = [a for a in candidate.amap[max(0, at[0]) : at[1]] if a >= 0]
    reads = ""
    if seen:
        around = _view(paragraph.text, seen[0], seen[-1] + 1, 3)
        reads = f"; the baseline reads '{_clip(around, 60)}' there"
    if change.change.is_insertion:
        return f"the words around {_describe(change.change)} differ in the baseline{reads}"
    return f"the words it deletes, '{_clip(change.change.deleted)}', are not in the baseline{reads}"


def _taken_in_elsewhere(
    changes: list[FoldedChange], old: Folded, new: Folded, index: BaselineIndex, hint: int | None, settings: Settings
) -> Anchor | None:
    """A MOD whose old passage is not found: `already` if its new passage stands clearly in one place."""
    placement = locate(new.text, index, hint, settings)
    candidate = placement.candidate
    if not placement.status.applicable or candidate is None:
        return None
    return _taken_in_at(changes, old, new, index, candidate.position, settings)


def _taken_in_at(
    changes: list[FoldedChange], old: Folded, new: Folded, index: BaselineIndex, position: int, settings: Settings
) -> Anchor | None:
    """`already` (or partly taken in: `stale`) if paragraph `position` clearly reads as the new passage."""
    hay = index.folded[position].text
    if not new.text or not _any_may_stand(changes, new, index.folded[position], settings):
        return None
    candidate = _fuzzy_in(new.text, hay, position, settings.strong_score)
    if candidate is None:
        return None
    realized = _realized_all(changes, old.text, new.text, hay, candidate, settings)
    if not any(realized):
        return None
    return _taken_in(realized, index.number(position), changes, round(candidate.score, 1))
