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
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field, replace
from enum import Enum

from ..model import Action, Edit
from ..normalize import Folded, fold
from .changes import FoldedChange, folded_changes, new_views, views_stand
from .index import SPACELESS, BaselineIndex, Candidate
from .settings import Settings

_SPACELESS_CHARS = re.compile(f"[{SPACELESS}]")


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


class Scope(Enum):
    """Where a quote is looked for, as the proposal's alignment learns where its edit stands."""

    NUMBER = "number"
    """Before any alignment: where the quote stands verbatim, what the alignment reads the shifts from.

    No window yet: before the alignment it would be where the author's number points, and in
    a renumbered draft that is not where the quote stands (on ../shared/drift-dev's scale set
    9,988 of 10,000 windows moved once aligned). Scoring it there first changed no anchor of
    drift-dev's or benchmarks/scale.py's and cost 0.4 s of CPU of 7 (10,000 edits)."""
    WINDOW = "window"
    """Also the window where the proposal's alignment puts the edit."""
    DRAFT = "draft"
    """Also the index's places in the whole draft, beyond the window (see `proposal.settled`)."""


@dataclass(frozen=True)
class Lookups:
    """What scoring a quote found, kept with its edit: a grown window is scored for its new paragraphs only.

    Why: the alignment moves nearly every edit's window (9,988 of the 10,000 edits of
    ../shared/drift-dev's scale set), and scoring them all again took longer than the first
    scoring (9.3 s against 8.3 s on one core); the verbatim places and the index's places do
    not depend on the window, and a paragraph scored once keeps its fit.
    """

    old: tuple[Candidate, ...] | None = None
    """Where the old passage stands verbatim (None: not looked up yet)."""
    old_window: Mapping[int, Candidate | None] = field(default_factory=dict)
    """The old passage's fit in each window paragraph scored (None: below `min_score`)."""
    far: tuple[Candidate, ...] | None = None
    """The index's fuzzy places of the old passage beyond the window (None: not looked up yet; see `_far`)."""
    new: tuple[Candidate, ...] | None = None
    """Where the new passage stands verbatim (None: not looked up yet)."""
    new_window: Mapping[int, Candidate | None] = field(default_factory=dict)
    """The new passage's fit in each paragraph scored for it."""
    anywhere: tuple[int, ...] | None = None
    """The index's places for the new passage, looked up once the old one stands nowhere."""

    def old_places(self) -> list[Candidate]:
        """Every place found for the old passage: verbatim, beyond the window, and in the window."""
        window = (c for c in self.old_window.values() if c is not None)
        return [*(self.old or ()), *(self.far or ()), *window]


def places(
    quote: Quote,
    index: BaselineIndex,
    window: Collection[int],
    settings: Settings,
    known: Lookups | None = None,
    scope: Scope = Scope.DRAFT,
    rivals_from: float | None = None,
) -> tuple[list[Place], Lookups]:
    """Every place scoring `report_score` or more, best first: the old passage, then where the new one stands.

    `known`: what an earlier scoring of this quote (with a smaller window, or scope) found;
    only what it did not look up is, and the places are those a fresh scoring gives.
    `rivals_from`: in the whole draft, only places fitting this well are looked for (the
    edit is placed, and a poorer place could not rival it: see `proposal.rivals_from`);
    None: the best places whatever they fit (a refusal names the best).
    """
    found = _old_lookups(quote.old.text, index, window, settings, known or Lookups(), scope, rivals_from)
    if scope is Scope.NUMBER:
        return [Place(c, Reading.OLD) for c in found.old_places()], found
    old = found.old_places()
    result = [Place(c, Reading.OLD) for c in old]
    if quote.new is not None and quote.new.text:
        found, new = _new_lookups(quote, index, window, scope, settings, found)
        result += [Place(c, Reading.NEW) for c in new]
    return sorted(result, key=lambda p: (-p.fit, p.position, p.reading is Reading.NEW, p.candidate.start)), found


def _old_lookups(
    needle: str,
    index: BaselineIndex,
    window: Collection[int],
    settings: Settings,
    known: Lookups,
    scope: Scope,
    rivals_from: float | None = None,
) -> Lookups:
    """Verbatim places; the window's fuzzy ones; in the whole draft (`Scope.DRAFT`), the index's fuzzy ones.

    A paragraph holding the quote verbatim is not searched again fuzzily (that
    would count one place twice).
    """
    if not needle:
        return replace(known, old=(), far=())
    exact = _exact_places(needle, index, settings) if known.old is None else known.old
    if _letters_worth(needle) < settings.min_fuzzy_chars:
        return replace(known, old=exact, far=())
    if scope is Scope.NUMBER:
        return replace(known, old=exact)
    far = known.far
    have = {c.position for c in (*exact, *(far or ()))}
    todo = sorted(p for p in window if p not in have and p not in known.old_window)
    scored = {**known.old_window, **_fits(needle, index, todo, settings)}
    if far is None and scope is Scope.DRAFT:
        far = _far(needle, index, exact, {*have, *scored}, settings, rivals_from)
    return replace(known, old=exact, old_window=scored, far=far)


def _far(
    needle: str,
    index: BaselineIndex,
    exact: Sequence[Candidate],
    scored: Collection[int],
    settings: Settings,
    rivals_from: float | None,
) -> tuple[Candidate, ...]:
    """The index's fuzzy places of the quote beyond the paragraphs `scored` already.

    For a placed edit, those fitting `rivals_from` or more: what could rival its place (see
    `proposal.rivals_from`; without them, a paragraph six places from its number that lost a
    word, fit 91, was never scored, and a verbatim copy 40 places away took the edit); none from
    100 on. Else the index's best fuzzy places, aligned from `align_floor` on (a paragraph that
    moved and changed; a refusal names the best).
    """
    if not _searchable(needle, index) or (rivals_from is not None and rivals_from >= 100.0):
        return ()
    if rivals_from is None:
        skip = frozenset(c.position for c in exact) | frozenset(scored)
        return tuple(index.scan(needle, skip, settings.report_score, settings.align_floor))
    likely = index.words.likely(needle)
    positions = range(len(index.folded)) if likely is None else sorted(likely)
    return tuple(index.fuzzy(needle, [p for p in positions if p not in scored], max(rivals_from, settings.min_score)))


def _exact_places(needle: str, index: BaselineIndex, settings: Settings) -> tuple[Candidate, ...]:
    """The old passage's verbatim places (inside longer words too, but for a quote too short to be fuzzy)."""
    exact = index.exact(needle)
    if _letters_worth(needle) < settings.min_fuzzy_chars:
        return tuple(c for c in exact if c.score >= 100.0)
    return tuple(exact)


def _fits(needle: str, index: BaselineIndex, positions: list[int], settings: Settings) -> dict[int, Candidate | None]:
    """Each paragraph's best fuzzy place of `needle` scoring `min_score` or more (None where none does)."""
    fits: dict[int, Candidate | None] = dict.fromkeys(positions)
    for c in index.fuzzy(needle, positions, settings.min_score):
        fits[c.position] = c
    return fits


def _old_places(needle: str, index: BaselineIndex, settings: Settings) -> list[Candidate]:
    """The places of `needle` read as an old passage, without a window."""
    return _old_lookups(needle, index, (), settings, Lookups(), Scope.DRAFT).old_places()


def _letters_worth(needle: str) -> int:
    """A quote's length as `min_fuzzy_chars` counts it: an ideograph (kana, Thai letter) counts two.

    Why: the threshold says how long a quote must be to be located fuzzily, 16 letters being
    about three English words; a Chinese word is one or two ideographs, so 16 ideographs are
    eight to ten words. Counted one each, a quote of 12 ideographs with one changed was refused
    (`unanchored`) where the same quote in English is found: 7 of the 300 Chinese cases of
    benchmarks/languages.py.
    """
    return len(needle) + len(_SPACELESS_CHARS.findall(needle))


def _searchable(needle: str, index: BaselineIndex) -> bool:
    """Whether the whole draft may be searched for a fuzzy place: not for a quote of common words only.

    Why: with no rarer word to narrow the search, scoring it against every
    paragraph of a large draft costs ~0.4 s, and a look-alike of common words far
    from where the author saw it would be a guess; the window is searched instead.
    """
    return not index.words.indexed or index.words.has_rare_words(needle)


def _new_lookups(
    quote: Quote, index: BaselineIndex, window: Collection[int], scope: Scope, settings: Settings, known: Lookups
) -> tuple[Lookups, list[Candidate]]:
    """Where in the window the new passage fits (the draft took the edit in); in the whole draft
    (`Scope.DRAFT`), also where it stands verbatim and, if the old words stand nowhere, the index's
    best fuzzy places for it."""
    assert quote.new is not None
    needle = quote.new.text
    if _letters_worth(needle) < settings.min_fuzzy_chars:
        return known, []  # too short to say where the draft took it in
    found = known
    if scope is Scope.DRAFT:
        if found.new is None:
            found = replace(found, new=tuple(c for c in index.exact(needle) if c.score >= 100.0))
        gone = all(c.score < settings.min_score for c in found.old_places())
        if gone and found.anywhere is None:
            found = replace(found, anywhere=tuple(c.position for c in _old_places(needle, index, settings)))
    have = {c.position for c in found.new or ()}
    wanted = sorted({*window, *(found.anywhere or ())})
    todo = [p for p in wanted if p not in have and p not in found.new_window]
    views = new_views(quote.changes, quote.new, settings)
    near = [p for p in todo if views_stand(views, index.folded[p])]
    scored = dict.fromkeys(todo) | _fits(needle, index, near, settings)
    found = replace(found, new_window={**found.new_window, **scored})
    fits = [c for p in wanted if p not in have and (c := found.new_window[p]) is not None]
    return found, [*(found.new or ()), *fits]


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
        self.last = _last_integer(index)

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


def number_at(index: BaselineIndex, position: int) -> str | None:
    """The number of the paragraph at `position`, read as `Numbering.coordinate` reads one: past the end of an
    integer numbering, extrapolated (the 36 an author saw where today's draft ends at 30, ten shorter).
    None past the end of another numbering, or before the start."""
    if 0 <= position < len(index.paragraphs):
        return index.number(position)
    last = _last_integer(index)
    if position < 0 or last is None:
        return None
    return str(last[1] + position - last[0])


def _last_integer(index: BaselineIndex) -> tuple[int, int] | None:
    """The last paragraph's position and number, where that number is an integer (past it, numbers extrapolate)."""
    last = index.paragraphs[-1].number if index.paragraphs else ""
    return (len(index.paragraphs) - 1, int(last)) if last.isdigit() else None


def natural(number: str) -> tuple[tuple[int, int, str], ...]:
    """A paragraph number as the author orders it: "5.10" after "5.9", "13A" after "13", "40" after "9"."""
    return tuple((0, int(part), "") if part.isdigit() else (1, 0, part) for part in re.findall(r"\d+|\D+", number))
