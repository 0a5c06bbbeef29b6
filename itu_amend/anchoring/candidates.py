"""Candidates: the few places where an edit's quote may stand, each scored once, in both readings.

A MOD's old passage is looked for (the place to apply it), and so is its new
passage: a place that reads as the new one means the draft took the edit in
(`already`). Places come from the index (verbatim places anywhere; the best
fuzzy ones among the paragraphs sharing the quote's rarer words) and from the
paragraphs around where the author's number, corrected by the proposal's other
edits, puts it: that window is what the index alone would miss when a quote's
own words changed.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Collection
from dataclasses import dataclass
from enum import Enum

from ..model import Action, Edit
from ..normalize import Folded, fold
from .changes import FoldedChange, folded_changes, new_views, views_stand
from .index import BaselineIndex, Candidate, is_spaceless
from .settings import Settings


class Reading(Enum):
    """Which passage of an edit a place holds."""

    OLD = "old"  # the words the author quoted: apply the edit there
    NEW = "new"  # the words as proposed: the draft has taken the edit in


@dataclass(frozen=True, eq=False)
class Quote:
    """What locates an edit: its folded old passage, and for a MOD its new passage and changes."""

    old: Folded
    new: Folded | None = None
    changes: tuple[FoldedChange, ...] = ()


@dataclass(frozen=True, eq=False)
class Place:
    """A scored place of a quote, in one of its readings."""

    candidate: Candidate
    reading: Reading

    @property
    def position(self) -> int:
        return self.candidate.position

    @property
    def fit(self) -> float:
        return self.candidate.score


def quote_of(edit: Edit) -> Quote | None:
    """The edit's quote, or None where it rests on its paragraph number alone (ADD, a SUP/NOC without text)."""
    if edit.action is Action.MOD:
        assert edit.marked is not None  # loading parses every MOD
        old, new = fold(edit.marked.old), fold(edit.marked.new)
        return Quote(old, new, tuple(folded_changes(edit.marked, old, new)))
    if edit.action is not Action.ADD and edit.text:
        return Quote(fold(edit.text))
    return None


def places(quote: Quote, index: BaselineIndex, window: Collection[int], settings: Settings) -> list[Place]:
    """Every place scoring `report_score` or more, best first: the old passage, then where the new one stands."""
    found = [Place(c, Reading.OLD) for c in _old_places(quote.old.text, index, window, settings)]
    if quote.new is not None and quote.new.text:
        gone = all(p.fit < settings.min_score for p in found)  # the old words stand nowhere: look for the new
        found += [Place(c, Reading.NEW) for c in _new_places(quote, index, window, gone, settings)]
    return sorted(found, key=lambda p: (-p.fit, p.position, p.reading is Reading.NEW, p.candidate.start))


def _old_places(needle: str, index: BaselineIndex, window: Collection[int], settings: Settings) -> list[Candidate]:
    """Verbatim places; where there is none, the index's best fuzzy ones; and the window's fuzzy ones.

    A paragraph holding the quote verbatim is not searched again fuzzily (that
    would count one place twice).
    """
    if not needle:
        return []
    exact = index.exact(needle)
    if _letters_worth(needle) < settings.min_fuzzy_chars:
        return [c for c in exact if c.score >= 100.0]
    have = {c.position for c in exact}
    found = list(exact)
    if not any(c.score >= 100.0 for c in exact) and _searchable(needle, index):
        found += index.scan(needle, frozenset(have), settings.report_score, settings.align_floor)
        have |= {c.position for c in found}
    found += index.fuzzy(needle, sorted(p for p in window if p not in have), settings.min_score)
    return found


def _letters_worth(needle: str) -> int:
    """A quote's length as `min_fuzzy_chars` counts it: an ideograph (kana, Thai letter) counts two.

    Why: the threshold says how long a quote must be to be located fuzzily, 16 letters being
    about three English words; a Chinese word is one or two ideographs, so 16 ideographs are
    eight to ten words. Counted one each, a quote of 12 ideographs with one changed was refused
    (`unanchored`) where the same quote in English is found: 7 of the 300 Chinese cases of
    benchmarks/languages.py.
    """
    return len(needle) + sum(1 for char in needle if is_spaceless(char))


def _searchable(needle: str, index: BaselineIndex) -> bool:
    """Whether the whole draft may be searched for a fuzzy place: not for a quote of common words only.

    Why: with no rarer word to narrow the search, scoring it against every
    paragraph of a large draft costs ~0.4 s, and a look-alike of common words far
    from where the author saw it would be a guess; the window is searched instead.
    """
    return not index.words.indexed or index.words.has_rare_words(needle)


def _new_places(
    quote: Quote, index: BaselineIndex, window: Collection[int], anywhere: bool, settings: Settings
) -> list[Candidate]:
    """Where the new passage stands verbatim, and where in the window it fits (the draft took the edit in);
    `anywhere`: also the index's best fuzzy places for it (the old words stand nowhere)."""
    assert quote.new is not None
    needle = quote.new.text
    if _letters_worth(needle) < settings.min_fuzzy_chars:
        return []  # too short to say where the draft took it in
    if anywhere:
        window = {*window, *(c.position for c in _old_places(needle, index, (), settings))}
    exact = [c for c in index.exact(needle) if c.score >= 100.0]
    have = {c.position for c in exact}
    views = new_views(quote.changes, quote.new, settings)
    near = [p for p in sorted(window) if p not in have and views_stand(views, index.folded[p])]
    return exact + index.fuzzy(needle, near, settings.min_score)


class Numbering:
    """Where an author's paragraph number puts the paragraph in today's numbering (a position, maybe between two).

    A number the baseline has names its position. One it lacks is placed by the
    author's own order ("13A" after 13, "5.2" after 5.1), and one past the end of
    an integer numbering is extrapolated (the draft shrank since it was written:
    number 19,950 of a draft now 19,300 long is some 650 places past its end).
    """

    def __init__(self, index: BaselineIndex) -> None:
        numbers = [p.number for p in index.paragraphs]
        self.positions = index.positions
        self.keys = [natural(n) for n in numbers]
        self.ordered = all(a <= b for a, b in zip(self.keys, self.keys[1:], strict=False))
        last = numbers[-1] if numbers else ""
        self.last = (len(numbers) - 1, int(last)) if last.isdigit() else None

    def coordinate(self, number: str | None) -> float | None:
        if number is None:
            return None
        if number in self.positions:
            return float(self.positions[number])
        if self.last is not None and number.isdigit() and int(number) > self.last[1]:
            return float(self.last[0] + int(number) - self.last[1])
        if not self.ordered:
            return None
        return bisect_left(self.keys, natural(number)) - 0.5


def natural(number: str) -> tuple[tuple[int, int, str], ...]:
    """A paragraph number as the author orders it: "5.10" after "5.9", "13A" after "13", "40" after "9"."""
    return tuple((0, int(part), "") if part.isdigit() else (1, 0, part) for part in re.findall(r"\d+|\D+", number))
