"""The baseline folded once, and the lookups anchoring needs: verbatim places, fuzzy places, a word index.

The score of a place is the similarity (0-100, rapidfuzz `ratio` on the folded
texts) of the quoted passage to the baseline text there, widened to whole words;
100 means identical once white space, quote and dash styles and Unicode forms are
folded away. A quote that matches only inside longer words scores below 100.
"""

from __future__ import annotations

import functools
import math
import re
from array import array
from bisect import bisect_left, bisect_right
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import accumulate
from typing import TYPE_CHECKING

from rapidfuzz import fuzz, process
from rapidfuzz.distance import Indel, LCSseq, Opcode, ScoreAlignment

from ..model import Baseline
from ..normalize import Folded, fold

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

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
        # per (quote, cutoff): each paragraph's best window's score (0 below the cutoff), the window of
        # those aligned (None below the cutoff), and its aligned fit
        self._scores: dict[tuple[str, float], dict[int, float]] = {}
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
                texts = [(p, self.folded[p].text) for p in holding]
                found = [
                    _exact_candidate(needle, hay, p, start)
                    for p, hay in texts
                    if needle in hay
                    for start in find_all(hay, needle)
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
        positions = list(positions)
        todo = [p for p in dict.fromkeys(positions) if p not in fits]
        unscanned = [p for p in todo if p not in windows]
        for p in todo:
            if p in windows:
                fits[p] = _aligned_window(needle, self.folded[p].text, p, cutoff, windows[p])
        hays = [self.folded[p].text for p in unscanned]
        fits.update(dict.fromkeys(unscanned))
        for k in reachable(needle, hays, cutoff):
            fits[unscanned[k]] = _fuzzy_reached(needle, hays[k], unscanned[k], cutoff)
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
            windows = self._window_scores(needle, positions, cutoff)
            scores = [(score, p) for p in positions if p not in skip and (score := windows[p])]
            chosen = [p for score, p in scores if score >= floor]
            if scores and not chosen:
                chosen = [min(scores, key=lambda sp: (-sp[0], sp[1]))[1]]
            aligned = self._windows.setdefault((needle, cutoff), {})
            for p in chosen:
                if p not in aligned:
                    aligned[p] = fuzz.partial_ratio_alignment(needle, self.folded[p].text, score_cutoff=cutoff)
            self._scans[key] = self.fuzzy(needle, chosen, cutoff)
        return self._scans[key]

    def _window_scores(self, needle: str, positions: Sequence[int], cutoff: float) -> dict[int, float]:
        """Each paragraph's best window for `needle` (rapidfuzz `partial_ratio`; 0 below `cutoff`), scored once.

        Why `process.extract`, not a `partial_ratio_alignment` each: it prepares the quote once
        for all paragraphs, in C (../shared/drift-dev's scale set: 102,707 windows of 4,703
        quotes in 0.99 s, against 1.59 s); the window itself is found again only for the few
        paragraphs aligned (10,065 there).
        """
        scores = self._scores.setdefault((needle, cutoff), {})
        todo = [p for p in positions if p not in scores]
        scores.update(dict.fromkeys(todo, 0.0))
        texts = [self.folded[p].text for p in todo]
        for _, score, k in process.extract(needle, texts, scorer=fuzz.partial_ratio, score_cutoff=cutoff, limit=None):
            scores[todo[k]] = score
        return scores

    def forget(self) -> None:
        """Drop what was found for the quotes looked up so far (the word index stays).

        Why: a quote is looked up again and again while its proposal is anchored
        (with its hint, without, at each corrected hint), rarely once another
        proposal is. Kept for 20,000 edits, these lookups held ~100 MB.
        """
        for cache in (self._exact, self._scans, self._scores, self._windows, self._fits):
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
    READ_PER_CHECK = 100
    """Reading a paragraph for a quote costs about this many posting checks (`holding`): ~1.5-2.5 us
    against ~15 ns (timeit, this machine). It moves only the time, never what is found."""

    def __init__(self, texts: Sequence[str]) -> None:
        self.size = len(texts)
        self.postings: dict[str, list[int]] = {}
        self.common: dict[str, list[int]] = {}  # kept apart: they narrow a verbatim search, never a fuzzy one
        self._likely: dict[str, list[int] | None] = {}
        self._arrays: dict[str, npt.NDArray[np.intp]] = {}
        if self.size < self.FULL_SCAN_BELOW:
            return
        for position, text in enumerate(texts):
            for word in set(index_terms(text)):
                self.postings.setdefault(word, []).append(position)
        limit = max(2, int(self.COMMON * self.size))
        self.common = {w: ps for w, ps in self.postings.items() if len(ps) > limit}
        self.postings = {w: ps for w, ps in self.postings.items() if len(ps) <= limit}

    @property
    def indexed(self) -> bool:
        return self.size >= self.FULL_SCAN_BELOW

    def holding(self, needle: str) -> list[int] | None:
        """The paragraphs that hold every whole term of the quote: any verbatim place is in one of them.

        The terms' postings are intersected rarest first, for as long as that is cheaper than
        reading the paragraphs left (`READ_PER_CHECK`); the paragraphs left are then searched
        for the quote itself. None (search everywhere) for a small baseline, or when every word
        touches an end of the quote (it may cut a longer word). A pair of ideographs is whole
        wherever it stands (see `index_terms`). Words with a Greek sigma are left out: the case
        of σ/ς depends on the letters around it.

        Why every term, not the three rarest: on ../shared/drift-dev's scale set 421 of 19,929
        quotes left 200 paragraphs or more (440,000 of the 505,000 paragraphs read), a quote with
        one rare word and common ones above all; intersecting a common word's posting costs
        ~15 ns a paragraph, reading a paragraph for the quote ~1.5-2.5 us.
        """
        if not self.indexed:
            return None
        terms = _whole_terms(needle.lower())
        if not terms:
            return None
        lists = sorted((self.postings.get(t) or self.common.get(t) or [] for t in terms), key=len)
        rarest, *others = lists
        if not others:
            return rarest
        found = set(rarest)
        for other in others:
            if len(found) * self.READ_PER_CHECK <= len(other):
                break  # reading what is left costs less than checking this posting
            found.intersection_update(other)
        return sorted(found)

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
        words = sorted({w for w in index_terms(needle) if w in self.postings})
        return [(w, math.log(self.size / len(self.postings[w]))) for w in words]

    def _array(self, word: str) -> npt.NDArray[np.intp]:
        import numpy as np

        if word not in self._arrays:
            self._arrays[word] = np.array(self.postings[word], dtype=np.intp)
        return self._arrays[word]


SPACELESS = (
    "\u0e00-\u0eff"  # Thai, Lao
    "\u1000-\u109f"  # Myanmar
    "\u1780-\u17ff"  # Khmer
    "\u3040-\u30ff\u31f0-\u31ff"  # Japanese kana
    "\u3100-\u312f\u31a0-\u31bf"  # Bopomofo
    "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"  # CJK ideographs
    "\U00020000-\U0003134f"  # CJK ideographs, extensions B-H
)
"""Scripts written without spaces between words: their text is indexed by pairs of characters."""
_TERM = re.compile(f"([{SPACELESS}]+)|[^\\W{SPACELESS}]+")
_SPACELESS_CHAR = re.compile(f"[{SPACELESS}]")
_LONG_WORD = re.compile(r"\w{3,}")
GRAM = 2
"""Characters per term in a script without spaces (see `index_terms`)."""


def index_terms(text: str) -> list[str]:
    """The terms of the word index: words of 3 letters or more, and pairs of ideographs.

    Chinese, Japanese and Thai put no space between words, so that a whole clause
    would be one "word"; their runs are indexed by overlapping pairs of characters
    instead (bigrams: most Chinese words are one or two characters, and a pair is
    whole wherever it stands, even at the very end of a quote). A run of one
    character is too common to index. Elsewhere a word is a run of letters and
    digits (ITU-T: "itu"), cut where a run of ideographs starts.
    """
    lowered = text.lower()
    if not _SPACELESS_CHAR.search(lowered):
        return _LONG_WORD.findall(lowered)  # the same terms, found ~3x faster (most drafts)
    terms: list[str] = []
    for match in _TERM.finditer(lowered):
        term = match.group()
        if match.group(1):
            terms.extend(term[i : i + GRAM] for i in range(len(term) - GRAM + 1))
        elif len(term) > 2:
            terms.append(term)
    return terms


def _whole_terms(lowered: str) -> list[str]:
    """The terms of a quote that stand whole in any text quoting it: not a word touching an end, nor short."""
    if not _SPACELESS_CHAR.search(lowered):  # the same terms, found faster (most drafts)
        end = len(lowered)
        return [
            m.group()
            for m in _LONG_WORD.finditer(lowered)
            if m.start() > 0 and m.end() < end and not ("σ" in m.group() or "ς" in m.group())
        ]
    found: list[str] = []
    for match in _TERM.finditer(lowered):
        term = match.group()
        if match.group(1):
            found.extend(term[i : i + GRAM] for i in range(len(term) - GRAM + 1))
        elif match.start() > 0 and match.end() < len(lowered) and len(term) > 2 and not ("σ" in term or "ς" in term):
            found.append(term)
    return found


def is_word_char(char: str) -> bool:
    return char.isalnum()


def is_spaceless(char: str) -> bool:
    """Whether `char` is of a script written without spaces (an ideograph, kana, Thai...)."""
    return char >= "\u0e00" and _SPACELESS_CHAR.match(char) is not None  # the first of SPACELESS


def joined(before: str, after: str) -> bool:
    """Whether two neighbouring characters are of one word, so that nothing may cut between them.

    Letters and digits join; in a script without spaces each character is a word of
    its own (one ideograph), since where its words end is not written.
    """
    return before.isalnum() and after.isalnum() and not is_spaceless(before) and not is_spaceless(after)


def whole_word_score(needle: str, hay: str, start: int, end: int) -> float:
    """Similarity of `needle` to hay[start:end], widened to whole words where the quote starts or ends a word.

    Why: a quote is taken to start and end on word edges; "plan for the members"
    inside "masterplan for the members" is not what the author quoted, and
    widening makes such a match score below 100 (fuzzy).
    """
    if needle and is_word_char(needle[0]):
        while 0 < start < len(hay) and joined(hay[start - 1], hay[start]):
            start -= 1
    if needle and is_word_char(needle[-1]):
        while 0 < end < len(hay) and joined(hay[end - 1], hay[end]):
            end += 1
    return fuzz.ratio(needle, hay[start:end])


def _exact_candidate(needle: str, hay: str, position: int, start: int) -> Candidate:
    end = start + len(needle)
    return Candidate(position, whole_word_score(needle, hay, start, end), start, end, range(start, end))


def fuzzy_in(needle: str, hay: str, position: int, cutoff: float) -> Candidate | None:
    """The quote's best place in `hay` scoring `cutoff` or more, if any."""
    if not can_reach(needle, hay, cutoff):
        return None
    return _fuzzy_reached(needle, hay, position, cutoff)


def _fuzzy_reached(needle: str, hay: str, position: int, cutoff: float) -> Candidate | None:
    """`fuzzy_in` for a paragraph `can_reach` let through."""
    rough = fuzz.partial_ratio_alignment(needle, hay, score_cutoff=rough_cutoff(cutoff))
    return _aligned_window(needle, hay, position, cutoff, rough)


def can_reach(needle: str, hay: str, cutoff: float) -> bool:
    """Whether any place in `hay` can score `cutoff` (see `reachable`)."""
    return bool(reachable(needle, [hay], cutoff))


def reachable(needle: str, hays: Sequence[str], cutoff: float) -> list[int]:
    """Which of `hays` (their indices, in order) hold a place that can score `cutoff`: a bound from the
    longest common subsequence.

    A place's score is `ratio` = 2l/(n+w) for a quote of n characters, a span of w >= l
    characters and l characters in common. Scoring c (0-1) it has l >= cn/(2-c) and
    w <= (2/c - 1)n: it lies within a stretch of that length that has cn/(2-c) characters in
    common with the quote. The whole paragraph is tried first (L costs ~1 us, bit-parallel;
    a `partial_ratio` ~13 us), then, in a paragraph longer than that, overlapping stretches
    of it (`_stretches`).

    Measured on ../shared/drift-dev's scale set, where 199,306 window paragraphs were looked
    at: the whole-paragraph bound let 76,014 through, the stretches 7,015, and 4,126 fit
    (80 or 89); looking them up took 1.17 s instead of 1.89 s. Why the paragraphs of one
    lookup at once, and the stretches of one paragraph at once (`process.extract`): the
    bound itself is ~1 us in C, calling it from Python for each of them cost more; the
    279,294 paragraphs of that set's lookups are bounded in 0.80 s instead of 1.31 s.
    """
    c = cutoff / 100.0
    if c <= 0 or not needle:
        return list(range(len(hays)))
    common = math.ceil(c * len(needle) / (2 - c) - 1e-9)  # characters in common, at least (a whole number)
    whole = process.extract(needle, hays, scorer=LCSseq.similarity, score_cutoff=common, limit=None)
    return sorted(k for _, _, k in whole if _stretch_reaches(needle, hays[k], c, common))


def _stretch_reaches(needle: str, hay: str, c: float, common: int) -> bool:
    stretches = _stretches(hay, len(needle), c)
    if not stretches:
        return True
    return process.extractOne(needle, stretches, scorer=LCSseq.similarity, score_cutoff=common) is not None


def _stretches(hay: str, n: int, c: float) -> list[str]:
    """Overlapping stretches of `hay` such that each span of up to (2/c - 1)n characters lies within one.

    Each is that long plus a step of n/2, one starting every step (the last ones reach the end);
    none for a paragraph no longer than one stretch (it is one, already tried).
    """
    span, step = int((2 / c - 1) * n) + 1, max(1, n // 2)
    if len(hay) <= span + step:
        return []
    return [hay[start : start + span + step] for start in range(0, len(hay) - span + step, step)]


def rough_cutoff(cutoff: float) -> float:
    """The lowest `partial_ratio` a place scoring `cutoff` once aligned can have: the pre-filter's cutoff.

    Why: `partial_ratio` slides a window as long as the quote; words added inside the
    quoted passage push its last words out of the window, while the alignment (free ends)
    keeps them. A quote with k characters added scores 1 - k/n in the window and 2n/(2n+k)
    aligned, so an aligned 80 can show as low as 50 (k = n/2); k removed: 1 - k/n against
    2(n-k)/(2n-k), at worst 67. Filtering at the aligned cutoff itself dropped a paragraph that
    aligned at 90 ("These notes supplement currently the description ...", one word added
    to an 8-word quote, scored 78 in the window), and a verbatim copy nearby took the edit:
    5 of the 22 wrong edits of ../shared/drift-dev's scale set.
    """
    c = cutoff / 100.0
    return 0.0 if c <= 0 else 100.0 * max(0.0, (3 * c - 2) / c)


def _aligned_window(
    needle: str, hay: str, position: int, cutoff: float, rough: ScoreAlignment | None
) -> Candidate | None:
    """The quote aligned around its best window in `hay` (found by `partial_ratio_alignment` with `cutoff`)."""
    if rough is None:
        return None
    # partial_ratio slides the shorter string along the longer one
    lo, hi = (rough.dest_start, rough.dest_end) if len(needle) <= len(hay) else (0, len(hay))
    found = _Span.of(needle, hay, lo, hi)
    if found is None or found.score >= 100.0 or len(needle) > len(hay):
        return found.candidate(needle, position) if found is not None and found.score >= cutoff else None
    margin = _margin(needle)
    if found.runs[found.first].src_start > 0:  # the quote's first letters borrowed from the words before the window?
        found = _better(found, _Span.of(needle, hay, lo + margin, hi))
    if found.runs[found.last].src_end < len(needle):  # or its last ones from the words after it?
        found = _better(found, _Span.of(needle, hay, lo, hi - margin))
    return found.candidate(needle, position) if found.score >= cutoff else None


def _better(one: _Span, other: _Span | None) -> _Span:
    """Of two alignments of one quote, the one scoring higher (the first where they tie)."""
    return other if other is not None and other.score > one.score else one


def _margin(needle: str) -> int:
    """Characters an alignment may reach beyond the window `partial_ratio` found, on each side."""
    return max(16, len(needle) // 4)


@dataclass(frozen=True)
class _Span:
    """An alignment of a quote around [lo, hi) of a paragraph (LCS, free ends), scored; its character map made
    only if it is kept.

    Lone characters at the ends that LCS borrowed from neighbouring words are left
    unaligned: the alignment runs from the first to the last run of 3 characters or more
    (of any run, where none is that long). The runs are the opcodes' equal blocks (between
    two of them the passage or the text skips a character, so that no two join).

    Why the map apart: a window is aligned up to three times (its ends retried), and most
    windows of a lookup fall below the cutoff; building each map in Python took half the
    time of aligning (../shared/drift-dev's scale set: 49,088 alignments of 22,125 windows,
    5,490 kept).
    """

    score: float
    start: int
    end: int
    runs: list[Opcode]
    first: int
    last: int
    offset: int

    @staticmethod
    def of(needle: str, hay: str, lo: int, hi: int) -> _Span | None:
        margin = _margin(needle)
        lo, hi = max(0, lo - margin), min(len(hay), hi + margin)
        runs = [op for op in Indel.opcodes(needle, hay[lo:hi]) if op.tag == "equal"]
        if not runs:
            return None
        solid = [k for k, op in enumerate(runs) if op.src_end - op.src_start >= 3]
        first, last = (solid[0], solid[-1]) if solid else (0, len(runs) - 1)
        start, end = lo + runs[first].dest_start, lo + runs[last].dest_end
        return _Span(whole_word_score(needle, hay, start, end), start, end, runs, first, last, lo)

    def candidate(self, needle: str, position: int) -> Candidate:
        amap = array("l", [-1]) * len(needle)
        lo = self.offset
        for op in self.runs[self.first : self.last + 1]:
            amap[op.src_start : op.src_end] = array("l", range(lo + op.dest_start, lo + op.dest_end))
        return Candidate(position, self.score, self.start, self.end, amap)


def find_all(hay: str, needle: str) -> list[int]:
    found = []
    start = hay.find(needle)
    while start >= 0 and needle:
        found.append(start)
        start = hay.find(needle, start + 1)
    return found
