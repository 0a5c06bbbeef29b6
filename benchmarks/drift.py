"""Drift cases: an edit quoted from an older draft, the drifted baseline, and what applying it must give.

Each case is generated from real prose (see prose.py) by a seeded random generator:
the author's draft (a few numbered paragraphs), one MOD edit quoting a passage of
one of them with CriticMarkup marks and the number the author saw, the current
baseline (the draft after one kind of drift), and the ground truth: the whole
baseline as it must read once the edit is applied, or the baseline unchanged where
the edit must not apply (`refuse`).

The kinds of issue 13 (NEW_KINDS) are traps that independent drift sets exposed: a
verbatim copy of the quoted sentence near a quoted paragraph that changed slightly, a
number past the end of a shrunk draft, a deleted paragraph whose sentence stands
elsewhere, a paragraph merged with a neighbour holding a copy. Each of their cases
gives the proposal 2-4 other edits (verbatim, elsewhere in the draft) that show how the
draft was renumbered, as a real proposal's other edits do. The kinds of issue 3 (KINDS)
and their seeds give the same cases as before.

    python benchmarks/drift.py --per-kind 1                 # show one case of each kind of issue 3
    python benchmarks/drift.py --per-kind 1 --kinds issue13 # the kinds of issue 13
    python benchmarks/drift.py --per-kind 20 --kinds issue13 --export /tmp/drift13.json.gz  # for score.py
"""

from __future__ import annotations

import argparse
import gzip
import json
import random
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import prose

from itu_amend.normalize import fold_text

KINDS: dict[str, str] = {
    "whitespace": "white space and line breaks (NBSP, thin space, tab, doubled space, newline) in the quoted passage",
    "typography": "quote and dash styles (straight/curly quotes, en dash, non-breaking hyphen, 'results- based')",
    "spelling": "typos of the author's copy fixed in the quoted context",
    "words": "words inserted or removed in the quoted context",
    "sentence-added": "a sentence added just before the passage",
    "sentence-removed": "a sentence next to the passage removed",
    "moved": "the paragraph moved, or paragraphs added/removed before it (renumbered)",
    "split": "the paragraph split in two (renumbered)",
    "merged": "the paragraph merged with its neighbour (renumbered)",
    "copied": "the quoted sentence copied into another paragraph (ambiguity trap; the hint is right)",
    "copied-renumbered": "as copied, and renumbered so that the author's number names the copy (refusing is right)",
    "several": "two to four of the above at once",
    "already": "the baseline already reads as the edit proposes (applying again would double it)",
    "stale": "the very words the edit deletes or replaces changed (must be refused)",
    "deleted": "the paragraph deleted (must not be applied)",
}
NEW_KINDS: dict[str, str] = {
    "decoy-changed": "the quoted sentence copied verbatim into a paragraph 1-10 places away, and the quoted paragraph "
    "changed slightly elsewhere in the quote (a word, a comma): the only verbatim copy is the decoy",
    "decoy-verbatim": "the quoted sentence copied verbatim into a paragraph 1-10 places away (both verbatim)",
    "past-end": "paragraphs before the quoted one deleted: the number the author saw is past the end of the baseline",
    "deleted-copy": "the quoted paragraph deleted; the quoted sentence stands verbatim 2-6 places away "
    "(in the author's draft too): must be refused",
    "merged-copy": "the quoted paragraph merged with a neighbour into which the quoted sentence was copied: "
    "the merged paragraph holds it twice (or, variant changed, its own copy changed slightly)",
}
"""Issue 13's traps. Every case has 2-4 other edits in its proposal (`Case.companions`: verbatim quotes
elsewhere in the draft, which show how it was renumbered). Variants: decoy-*: `hint` (not renumbered),
`renumbered` (1-4 paragraphs added or 1-2 removed before every edited one), `shifted` (25-60 added);
past-end: `verbatim`, `nudged` (the quote changed slightly too); deleted-copy: the copy `before` or
`after` it; merged-copy: `verbatim` (the quote stands twice in the merged paragraph), `changed` (its own
place changed slightly: the only verbatim one is the copy)."""
ALL_KINDS: dict[str, str] = {**KINDS, **NEW_KINDS}
KIND_SETS: dict[str, tuple[str, ...]] = {"issue3": tuple(KINDS), "issue13": tuple(NEW_KINDS), "all": tuple(ALL_KINDS)}
REFUSE_KINDS = ("stale", "deleted", "deleted-copy")

Para = tuple[str, str]  # (number, text)


@dataclass(frozen=True)
class Language:
    """What the drift operations need to know of a language's prose: where it comes from, how its words
    and sentences are told apart, and which typography and small words its editors vary.

    English (`ENGLISH`, from prose.py) is the default, and its cases are the same as before this
    class existed (same seeds, same draws). `languages.py` defines the others. A "unit" is what a
    change of 1-4 words counts: a word between spaces, or one ideograph in text without spaces
    (`spaceless`, where the two ideographs beside a change are its neighbouring word: README,
    "How anchoring works"); `scale` multiplies the quote lengths counted in units (a Chinese word
    is about two ideographs); `guard` is how many units beside a change the benign drifts leave alone.
    """

    code: str
    paragraphs: Callable[[], tuple[str, ...]]
    sentences: Callable[[], tuple[str, ...]]
    sentences_of: Callable[[str], list[str]]
    sep: str = " "  # between units, and between sentences
    fillers: tuple[str, ...] = ()
    word: re.Pattern[str] = re.compile(r"[A-Za-z]{5,}")  # a word a typo may be made in
    letters: re.Pattern[str] = re.compile(r"[A-Za-z]{2,}")  # a word the stale drift changes
    pool: re.Pattern[str] = re.compile(r"[a-z]{3,}")  # a word it changes it into
    spaced_word: re.Pattern[str] = re.compile(r" [A-Za-z]{3,}(?=[ ,.;:]|$)")  # a word the `words` drift removes
    clean_word: re.Pattern[str] = re.compile(r"(?<![^ ])[A-Za-z]{2,}(?=[ ,.;:]|$)")  # one `nudge` works beside
    restyle: Callable[[str, random.Random], tuple[str, int]] | None = None  # the language's own typography
    typo: Callable[[str, random.Random], str] | None = None  # a typo in a word (default: `_typo`)
    units: Callable[[str], list[str]] | None = None  # default: split on the separator
    reserved: str = ""  # characters a phrase put in must not hold
    spaceless: bool = False
    scale: int = 1
    guard: int = 0

    def split(self, text: str) -> list[str]:
        return self.units(text) if self.units else text.split(self.sep)

    def join(self, parts: list[str]) -> str:
        return self.sep.join(s for s in parts if s)


ENGLISH = Language(
    "en",
    prose.paragraphs,
    prose.sentences,
    prose.sentences_of,
    fillers=("also", "in particular", "generally", "usually", "now", "always", "still", "then", "only", "normally"),
)


@dataclass(frozen=True)
class Case:
    """One edit against one drifted baseline, with the ground truth."""

    id: str
    kind: str
    note: str  # every drift applied, in words
    draft: tuple[Para, ...]  # the author's draft
    edited: tuple[Para, ...]  # the author's draft with the edit applied (what diff-based tools compare)
    baseline: tuple[Para, ...]  # the current baseline
    text: str  # the MOD text, with CriticMarkup
    hint: str  # the paragraph number the author saw
    expected: tuple[Para, ...]  # the baseline once the edit is applied; the baseline itself if it must not apply
    refuse: bool  # the edit must not be applied (stale words, paragraph gone)
    number: str | None = None  # the baseline paragraph the edit must change (None: it must not)
    variant: str = ""
    companions: tuple[Companion, ...] = ()  # the proposal's other edits (issue 13's kinds), applied in `expected`


@dataclass(frozen=True)
class Companion:
    """Another edit of the same proposal: a verbatim quote elsewhere in the draft, which must apply."""

    hint: str
    text: str
    number: str  # the baseline paragraph it changes
    expected: str  # that paragraph once changed
    quote: str  # the old passage


# --- the target paragraph, as pieces seen by the author (a) and in the baseline (b) ---


@dataclass
class Piece:
    a: str
    b: str


def piece(text: str) -> Piece:
    return Piece(text, text)


@dataclass
class Target:
    """The quoted paragraph: sentences around the quote, the quote's context and its changed words."""

    before: list[Piece]  # whole sentences before the quoted ones
    lead: Piece  # start of the first quoted sentence, outside the quote ("" or ends with a space)
    q_pre: Piece  # quoted context before the change
    old: Piece  # the words the edit deletes or replaces ("" for an insertion)
    new: str  # what the edit puts there
    q_post: Piece  # quoted context after the change
    tail: Piece  # end of the last quoted sentence, outside the quote
    after: list[Piece]  # whole sentences after
    has_new: bool = False  # the baseline already reads the new words
    sep: str = " "  # between sentences (none in Chinese)

    def quoted(self) -> list[Piece]:
        return [self.q_pre, self.old, self.q_post]

    def pieces(self) -> list[Piece]:
        return [*self.before, self.lead, *self.quoted(), self.tail, *self.after]

    def draft(self, edited: bool = False) -> str:
        middle = self.new if edited else self.old.a
        block = self.lead.a + self.q_pre.a + middle + self.q_post.a + self.tail.a
        return self.sep.join(s for s in [*(p.a for p in self.before), block, *(p.a for p in self.after)] if s)

    def block(self) -> str:
        """The quoted sentence(s) as the baseline reads them."""
        middle = self.new if self.has_new else self.old.b
        return self.lead.b + self.q_pre.b + middle + self.q_post.b + self.tail.b

    def current(self, applied: bool = False) -> str:
        middle = self.new if applied or self.has_new else self.old.b
        block = self.lead.b + self.q_pre.b + middle + self.q_post.b + self.tail.b
        return self.sep.join(s for s in [*(p.b for p in self.before), block, *(p.b for p in self.after)] if s)

    def marked(self) -> str:
        if not self.old.a:
            mark = "{++" + self.new + "++}"
        elif not self.new:
            mark = "{--" + self.old.a + "--}"
        else:
            mark = "{~~" + self.old.a + "~>" + self.new + "~~}"
        return self.q_pre.a + mark + self.q_post.a

    def old_passage(self) -> str:
        return self.q_pre.a + self.old.a + self.q_post.a

    def seen_block(self) -> str:
        """The quoted sentence(s) as the author saw them (what a verbatim copy holds)."""
        return self.lead.a + self.q_pre.a + self.old.a + self.q_post.a + self.tail.a


@dataclass
class Host:
    """A paragraph that is not edited but reads differently in the draft (a) and the baseline (b)."""

    a: str
    b: str

    def draft(self, edited: bool = False) -> str:
        return self.a

    def current(self, applied: bool = False) -> str:
        return self.b


@dataclass
class Work:
    """A case being built: the baseline as slots (plain paragraph texts and the target)."""

    rng: random.Random
    slots: list[str | Target | Host]
    target: Target
    spare: list[str]  # unused corpus paragraphs, for paragraphs added to the draft
    refuse: bool = False
    notes: list[str] = field(default_factory=list)
    companions: list[Target] = field(default_factory=list)  # the proposal's other edits (issue 13's kinds)
    authored: list[str | Target | Host] | None = None  # the author's draft, where it is not the sampled texts
    lang: Language = ENGLISH

    @property
    def at(self) -> int:
        return next(i for i, s in enumerate(self.slots) if s is self.target)


# --- choosing the quote and the change ---------------------------------------------------


def _phrase(rng: random.Random, avoid: str, lang: Language = ENGLISH) -> str | None:
    """One to four consecutive words of a real sentence (ideographs in Chinese), for an insertion or replacement."""
    if lang.spaceless:
        runs = HAN_RUN.findall(rng.choice(lang.sentences()))
        if not runs:
            return None
        run = rng.choice(runs)
        k = rng.randint(1, min(4, len(run)))
        start = rng.randint(0, len(run) - k)
        phrase = run[start : start + k]
        return None if phrase == avoid else phrase
    words = rng.choice(lang.sentences()).split()
    k = rng.randint(1, min(4, len(words)))
    start = rng.randint(0, len(words) - k)
    phrase = " ".join(words[start : start + k]).strip(",.;:()")
    if start == 0 and phrase[1:2].islower():
        phrase = phrase[0].lower() + phrase[1:]
    if not phrase or phrase == avoid or any(c in phrase for c in "\"“”()'’" + lang.reserved):
        return None
    return phrase


HAN = "\u3400-\u4dbf\u4e00-\u9fff"
HAN_RUN = re.compile(f"[{HAN}]+")
HAN_CHAR = re.compile(f"[{HAN}]")
COMMON_HAN = (
    "的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动"
    "同工也能下过子说产种面而方后多定行学法所民得经"
)
"""Frequent ideographs: what a wrong character typed in Chinese often is."""


def _target(text: str, rng: random.Random, outside: bool, change: str, lang: Language = ENGLISH) -> Target | None:
    """Quote one to all sentences of `text` (sometimes a fragment) and change words in it."""
    sentences = lang.sentences_of(text)
    m = len(sentences)
    size = min(rng.choice([1, 1, 2, m]), m - 1 if outside else m)
    if size < 1:
        return None
    start = rng.randint(0, m - size)
    sep, s = lang.sep, lang.scale
    words = lang.split(sep.join(sentences[start : start + size]))
    lo, hi = 0, len(words)
    if rng.random() < 0.15 and len(words) > 10 * s:
        lo = rng.randint(0, len(words) - 5 * s)
        hi = lo + rng.randint(5 * s, min(8 * s, len(words) - lo))
    elif rng.random() < 0.3 and len(words) > 16 * s:
        lo = rng.randint(0, 4 * s)
        hi = len(words) - rng.randint(0, 4 * s)
    quote = words[lo:hi]
    n = len(quote)
    if n < 5 * s:
        return None
    lead = sep.join(words[:lo]) + sep if lo else ""
    tail = sep + sep.join(words[hi:]) if hi < len(words) else ""
    i = rng.randint(2, n - 2)
    j = i if change == "insert" else i + rng.randint(1, min(4, n - 1 - i))
    gone = sep.join(quote[i:j])
    if gone.endswith(".") or "." in gone[:-1].split(" ")[-1:]:
        return None
    if lang.spaceless and not _between_ideographs(quote, i, j):
        return None
    new = _phrase(rng, gone, lang)
    if new is None:
        return None
    q_pre, q_post = sep.join(quote[:i]), sep + sep.join(quote[j:])
    if change == "insert":
        old, new = "", sep + new
    elif change == "delete":
        old, new = sep + gone, ""
    else:
        q_pre, old = q_pre + sep, gone
    before = [piece(s) for s in sentences[:start]]
    after = [piece(s) for s in sentences[start + size :]]
    return Target(before, piece(lead), piece(q_pre), piece(old), new, piece(q_post), piece(tail), after, sep=sep)


def _between_ideographs(quote: list[str], i: int, j: int) -> bool:
    """In text without spaces: the change is ideographs, and so are the `guard` units on each side of it
    (a change beside a Latin word or a comma is not what the drift kinds measure)."""
    return all(HAN_CHAR.fullmatch(u) for u in quote[max(0, i - 2) : j + 2])


# --- drift operations: each changes the baseline (or the author's copy), or returns None ---


SPACES = ("\u00a0", "  ", "\n", " \n", "\t", "\u2009", "\u202f", "\u00a0 ", " \u00a0")


def whitespace(w: Work) -> str | None:
    """Replace one to four spaces of the quoted passage by other white space.

    In text without spaces (Chinese), white space is put in between two ideographs
    instead, as a line break or a space does in a copy from a PDF or a Word file.
    """
    if w.lang.spaceless:
        spots = [(p, i) for p in w.target.quoted() for i in range(1, len(p.b)) if _ideographs(p.b[i - 1 : i + 1])]
    else:
        spots = [(p, i) for p in w.target.quoted() for i, c in enumerate(p.b) if c == " "]
    if not spots:
        return None
    chosen = w.rng.sample(spots, w.rng.randint(1, min(4, len(spots))))
    used = []
    for p, i in sorted(chosen, key=lambda s: -s[1]):
        space = w.rng.choice(SPACES)
        p.b = p.b[:i] + space + p.b[i:] if w.lang.spaceless else p.b[:i] + space + p.b[i + 1 :]
        used.append(repr(space))
    return f"whitespace: {len(chosen)} spaces -> {', '.join(sorted(set(used)))}"


def _ideographs(text: str) -> bool:
    return all(HAN_CHAR.fullmatch(c) for c in text)


def _retype(text: str, rng: random.Random) -> tuple[str, int]:
    """Curly quotes, apostrophes and word-hyphens restyled (each with probability 0.8)."""
    out, count = [], 0
    for i, c in enumerate(text):
        new = c
        if c == '"':
            new = "“" if i == 0 or text[i - 1] in " (\u00a0" else "”"
        elif c == "'":
            new = "’"
        elif c == "-" and 0 < i < len(text) - 1 and text[i - 1].isalnum() and text[i + 1].isalnum():
            new = rng.choice(["\u2013", "\u2011", "- ", "\u2010"])
        if new != c and rng.random() < 0.8:
            out.append(new)
            count += 1
        else:
            out.append(c)
    return "".join(out), count


def typography(w: Work) -> str | None:
    """Restyle quotes and dashes in the baseline, or in the author's copy (pasted from a word processor)."""
    side = w.rng.choice("ab")
    inside = 0
    for p in w.target.pieces():
        text, count = _retype(getattr(p, side), w.rng)
        if w.lang.restyle is not None:
            text, more = w.lang.restyle(text, w.rng)
            count += more
        setattr(p, side, text)
        if any(p is q for q in w.target.quoted()):
            inside += count
    if not inside:
        return None
    who = "the baseline" if side == "b" else "the author's copy"
    return f"typography: {inside} quotes/dashes restyled in {who}"


WORD = re.compile(r"[A-Za-z]{5,}")


def _typo(word: str, rng: random.Random) -> str:
    i = rng.randint(1, len(word) - 3)
    how = rng.choice(["swap", "drop", "double"])
    if how == "swap" and word[i] != word[i + 1]:
        return word[:i] + word[i + 1] + word[i] + word[i + 2 :]
    if how == "drop":
        return word[:i] + word[i + 1 :]
    return word[:i] + word[i] + word[i:]


def spelling(w: Work) -> str | None:
    """Typos in the author's copy of the quoted context, fixed in the baseline."""
    g = w.lang.guard
    pre, post = w.target.q_pre, w.target.q_post
    spots = [(pre, m) for m in w.lang.word.finditer(pre.a) if m.end() <= len(pre.a) - g]
    spots += [(post, m) for m in w.lang.word.finditer(post.a) if m.start() >= g]
    if not spots:
        return None
    chosen = w.rng.sample(spots, min(len(spots), w.rng.randint(1, 2)))
    fixed = []
    for p, m in sorted(chosen, key=lambda s: -s[1].start()):
        typo = (w.lang.typo or _typo)(m.group(), w.rng)
        if typo == m.group():
            return None
        p.a = p.a[: m.start()] + typo + p.a[m.end() :]
        fixed.append(f"{typo}->{m.group()}")
    return f"spelling: {', '.join(fixed)}"


FILLERS = ENGLISH.fillers


def words(w: Work) -> str | None:
    """One or two words inserted into or removed from the quoted context in the baseline.

    The word on each side of the change stays: what is right when the very next word
    changed is a matter of opinion, and is not what this kind measures.
    """
    if w.lang.spaceless:
        return _words_spaceless(w)
    done = []
    for _ in range(w.rng.randint(1, 2)):
        p = w.rng.choice([w.target.q_pre, w.target.q_post])
        pre = p is w.target.q_pre
        if w.rng.random() < 0.5:
            spaces = [i for i, c in enumerate(p.b) if c == " " and (i != len(p.b) - 1 if pre else i > 0)]
            if not spaces:
                continue
            i = w.rng.choice(spaces)
            filler = w.rng.choice(w.lang.fillers)
            p.b = p.b[:i] + " " + filler + p.b[i:]
            done.append(f"+{filler}")
        else:
            found = [m for m in w.lang.spaced_word.finditer(p.b) if (p.b[m.end() :].strip() if pre else m.start() > 0)]
            if not found:
                continue
            m = w.rng.choice(found)
            p.b = p.b[: m.start()] + p.b[m.end() :]
            done.append(f"-{m.group().strip()}")
    return f"words: {' '.join(done)}" if done else None


SMALL_WORDS = re.compile("[的了也都就将被所]")
"""Chinese words of one ideograph that a reviser adds or drops without changing the sense much."""


def _words_spaceless(w: Work) -> str | None:
    """`words` in text without spaces: a small word put in between two ideographs, or one taken out,
    `guard` ideographs or more from the change."""
    done = []
    g = w.lang.guard
    for _ in range(w.rng.randint(1, 2)):
        p = w.rng.choice([w.target.q_pre, w.target.q_post])
        lo, hi = (0, len(p.b) - g) if p is w.target.q_pre else (g, len(p.b))
        if w.rng.random() < 0.5:
            spots = [i for i in range(max(lo, 1), hi) if _ideographs(p.b[i - 1 : i + 1])]
            if not spots:
                continue
            i = w.rng.choice(spots)
            filler = w.rng.choice(w.lang.fillers)
            p.b = p.b[:i] + filler + p.b[i:]
            done.append(f"+{filler}")
        else:
            found = [m for m in SMALL_WORDS.finditer(p.b) if lo <= m.start() and m.end() <= hi]
            if not found:
                continue
            m = w.rng.choice(found)
            p.b = p.b[: m.start()] + p.b[m.end() :]
            done.append(f"-{m.group()}")
    return f"words: {' '.join(done)}" if done else None


def _fresh_sentence(w: Work) -> str:
    text = "\n".join(s if isinstance(s, str) else s.draft() for s in w.slots)
    while True:
        sentence = w.rng.choice(w.lang.sentences())
        if sentence not in text:
            return sentence


def sentence_added(w: Work) -> str | None:
    """A new sentence just before the quoted one(s)."""
    sentence = _fresh_sentence(w)
    w.target.before.append(Piece("", sentence))
    return f"sentence added before the passage: {sentence[:40]!r}..."


def sentence_removed(w: Work) -> str | None:
    """The sentence just before or just after the quoted one(s) removed."""
    sides = [p for p in (w.target.before[-1:] + w.target.after[:1]) if p.b]
    if not sides:
        return None
    p = w.rng.choice(sides)
    where = "before" if w.target.before and p is w.target.before[-1] else "after"
    p.b = ""
    return f"sentence {where} the passage removed"


def moved(w: Work) -> str | None:
    """The paragraph moved at least three places, or paragraphs added or removed before it."""
    t, n = w.at, len(w.slots)
    how = w.rng.choice(["move", "insert", "remove"])
    if how == "move":
        places = [j for j in range(n) if abs(j - t) >= 3]
        if not places:
            return None
        j = w.rng.choice(places)
        w.slots.insert(j, w.slots.pop(t))
        return f"moved from place {t + 1} to {j + 1}"
    if how == "insert":
        k = w.rng.randint(1, 3)
        for _ in range(k):
            w.slots.insert(w.rng.randint(0, w.at), w.spare.pop())
        return f"{k} paragraphs added before it"
    if t == 0:
        return None
    k = w.rng.randint(1, min(2, t))
    for i in sorted(w.rng.sample(range(t), k), reverse=True):
        del w.slots[i]
    return f"{k} paragraphs before it removed"


def split(w: Work) -> str | None:
    """The paragraph split at a sentence boundary outside the quoted sentences."""
    target = w.target
    cuts = [("before", k) for k in range(1, len(target.before) + 1)] + [("after", k) for k in range(len(target.after))]
    if not cuts:
        return None
    side, k = w.rng.choice(cuts)
    if side == "before":
        part, target.before = target.before[:k], target.before[k:]
        w.slots.insert(w.at, w.lang.join([p.b for p in part]))
    else:
        part, target.after = target.after[k:], target.after[:k]
        w.slots.insert(w.at + 1, w.lang.join([p.b for p in part]))
    return f"split {side} the passage"


def merged(w: Work) -> str | None:
    """The paragraph merged with the one before or after it."""
    t = w.at
    sides = [s for s in (t - 1, t + 1) if 0 <= s < len(w.slots)]
    s = w.rng.choice(sides)
    other = w.slots.pop(s)
    assert isinstance(other, str)
    if s < t:
        w.target.before.insert(0, Piece("", other))
        return "merged with the paragraph before it"
    w.target.after.append(Piece("", other))
    return "merged with the paragraph after it"


def _copy(w: Work, near: bool) -> tuple[int, str]:
    """Copy the quoted sentence(s) into another paragraph (a neighbour when `near`); its index and a note."""
    t = w.at
    others = [i for i in range(len(w.slots)) if i != t and (not near or abs(i - t) == 1)]
    i = w.rng.choice(others)
    host = w.slots[i]
    assert isinstance(host, str)
    sentences = w.lang.sentences_of(host)
    k = w.rng.randint(0, len(sentences))
    w.slots[i] = w.lang.sep.join([*sentences[:k], w.target.block(), *sentences[k:]])
    return i, f"quoted sentence copied into the paragraph {i - t:+d} places away"


def copied(w: Work) -> str | None:
    """The quoted sentence(s) copied into another paragraph (half the time a neighbour); the hint is right."""
    return _copy(w, w.rng.random() < 0.5)[1]


def copied_renumbered(w: Work) -> str | None:
    """As `copied`, and the draft renumbered so that the author's number now names the paragraph with the copy.

    The hint is a trap too: with the copy in the neighbour, the two paragraphs
    trade places; the right outcome is the true place, or a refusal (ambiguous).
    """
    t = w.at
    i, note = _copy(w, w.rng.random() < 0.5)
    w.slots.insert(t, w.slots.pop(i))
    return note + "; renumbered: the author's number now names the paragraph with the copy"


def already(w: Work) -> str | None:
    """The baseline already has the edit's new words (and sometimes other white space)."""
    w.target.has_new = True
    extra = whitespace(w) if w.rng.random() < 0.5 else None
    return "the baseline already reads as proposed" + (f"; {extra}" if extra else "")


def stale(w: Work) -> str | None:
    """A word the edit deletes or replaces changed in the baseline."""
    found = list(w.lang.letters.finditer(w.target.old.b))
    if not found:
        return None
    m = w.rng.choice(found)
    word = m.group()
    if len(word) >= 5 and w.rng.random() < 0.3:
        other = (w.lang.typo or _typo)(word, w.rng)
    else:
        pool = [x for x in w.lang.pool.findall(w.rng.choice(w.lang.sentences())) if x != word.lower()]
        if not pool:
            return None
        other = w.rng.choice(pool)
    if fold_text(other) == fold_text(word):
        return None  # not a word changed: a tatweel or a vowel mark is typography (Arabic)
    w.target.old.b = w.target.old.b[: m.start()] + other + w.target.old.b[m.end() :]
    w.refuse = True
    return f"stale: deleted word {word!r} now reads {other!r}"


def deleted(w: Work) -> str | None:
    """The quoted paragraph deleted from the baseline (the others renumbered)."""
    del w.slots[w.at]
    w.refuse = True
    return "paragraph deleted"


BENIGN: tuple[Callable[[Work], str | None], ...] = (
    whitespace,
    typography,
    spelling,
    words,
    sentence_added,
    sentence_removed,
)
STRUCTURAL: tuple[Callable[[Work], str | None], ...] = (moved, split, merged)


def several(w: Work) -> str | None:
    """Two or three drifts of the quoted paragraph, half the time with a move, split or merge."""
    ops = w.rng.sample(BENIGN, w.rng.randint(2, 3))
    if w.rng.random() < 0.5:
        ops.append(w.rng.choice(STRUCTURAL))
    notes = [note for op in ops if (note := op(w)) is not None]
    return "; ".join(notes) if len(notes) >= 2 else None


DRIFTS: dict[str, Callable[[Work], str | None]] = {
    "whitespace": whitespace,
    "typography": typography,
    "spelling": spelling,
    "words": words,
    "sentence-added": sentence_added,
    "sentence-removed": sentence_removed,
    "moved": moved,
    "split": split,
    "merged": merged,
    "copied": copied,
    "copied-renumbered": copied_renumbered,
    "several": several,
    "already": already,
    "stale": stale,
    "deleted": deleted,
}


# --- issue 13's traps: each case's proposal has other edits that show the renumbering ------------


def nudge(target: Target, rng: random.Random, lang: Language = ENGLISH) -> str | None:
    """Change the quoted context slightly in the baseline (a comma added or removed, a word added or removed),
    never the word beside the change, so that the old passage no longer stands there word for word."""
    if lang.spaceless:
        return _nudge_spaceless(target, rng, lang)
    spots = []
    for p, pre in ((target.q_pre, True), (target.q_post, False)):
        found = list(lang.clean_word.finditer(p.b))
        spots += [(p, m) for m in (found[:-1] if pre else found[1:])]
    if not spots:
        return None
    p, m = rng.choice(spots)
    how = rng.choice(["comma", "word added", "word removed"])
    after = p.b[m.end() : m.end() + 1]
    if how == "comma" and after == ",":
        p.b = p.b[: m.end()] + p.b[m.end() + 1 :]
        return f"the comma after {m.group()!r} removed"
    if how == "comma" and after == " ":
        p.b = p.b[: m.end()] + "," + p.b[m.end() :]
        return f"a comma after {m.group()!r} added"
    if how in ("comma", "word added"):
        filler = rng.choice(lang.fillers)
        p.b = p.b[: m.end()] + " " + filler + p.b[m.end() :]
        return f"{filler!r} added after {m.group()!r}"
    if m.start() > 0:
        p.b = p.b[: m.start() - 1] + p.b[m.end() :]
    elif after == " ":
        p.b = p.b[m.end() + 1 :]
    else:
        return None
    return f"{m.group()!r} removed"


def _nudge_spaceless(target: Target, rng: random.Random, lang: Language) -> str | None:
    """`nudge` in text without spaces: a comma (，) or a small word put in between two ideographs, or a small
    word taken out, `guard` ideographs or more from the change."""
    g = lang.guard
    spots = []
    for p, pre in ((target.q_pre, True), (target.q_post, False)):
        lo, hi = (0, len(p.b) - g) if pre else (g, len(p.b))
        spots += [(p, i) for i in range(max(lo, 1), hi) if _ideographs(p.b[i - 1 : i + 1])]
    if not spots:
        return None
    p, i = rng.choice(spots)
    how = rng.choice(["comma", "word added", "word removed"])
    if how == "word removed" and SMALL_WORDS.fullmatch(p.b[i]):
        removed, p.b = p.b[i], p.b[:i] + p.b[i + 1 :]
        return f"{removed!r} removed"
    put = "，" if how == "comma" else rng.choice(lang.fillers)
    p.b = p.b[:i] + put + p.b[i:]
    return f"{put!r} put in"


def _with_copy(text: str, block: str, rng: random.Random, lang: Language = ENGLISH) -> str:
    """`text` with `block` put in at a sentence boundary."""
    sentences = lang.sentences_of(text)
    k = rng.randint(0, len(sentences))
    return lang.sep.join([*sentences[:k], block, *sentences[k:]])


def _companions(w: Work) -> bool:
    """Two to four other paragraphs (one before and one after the target where there are) become edits of the
    same proposal: a verbatim quote, no drift. False if fewer than two could be made."""
    t = w.at
    free = [i for i, s in enumerate(w.slots) if isinstance(s, str)]
    chosen = [w.rng.choice(side) for side in ([i for i in free if i < t], [i for i in free if i > t]) if side]
    rest = [i for i in free if i not in chosen]
    chosen += w.rng.sample(rest, min(len(rest), max(0, w.rng.randint(2, 4) - len(chosen))))
    for i in sorted(chosen):
        text = w.slots[i]
        assert isinstance(text, str)
        for _ in range(5):
            made = _target(text, w.rng, False, w.rng.choice(["delete", "insert", "replace"]), w.lang)
            if made is not None and made.draft().count(made.old_passage()) == 1:
                w.slots[i] = made
                w.companions.append(made)
                break
    return len(w.companions) >= 2


def _renumber(w: Work, far: bool = False) -> str:
    """Paragraphs added (1-4) or removed (1-2) before every edited paragraph: the whole proposal shifts alike.
    `far`: 25-60 added, more than the 20 places around the author's number that a search near it covers."""
    first = min(i for i, s in enumerate(w.slots) if not isinstance(s, str))
    if far:
        k = w.rng.randint(25, 60)
        for _ in range(k):
            w.slots.insert(w.rng.randint(0, first), w.spare.pop())
        return f"{k} paragraphs added before every edited one (renumbered by +{k})"
    plain = [i for i in range(first) if isinstance(w.slots[i], str)]
    if plain and w.rng.random() < 0.4:
        k = w.rng.randint(1, min(2, len(plain)))
        for i in sorted(w.rng.sample(plain, k), reverse=True):
            del w.slots[i]
        return f"{k} paragraphs before every edited one removed (renumbered by -{k})"
    k = w.rng.randint(1, 4)
    for _ in range(k):
        w.slots.insert(w.rng.randint(0, first), w.spare.pop())
    return f"{k} paragraphs added before every edited one (renumbered by +{k})"


def _decoy(w: Work, changed: bool) -> tuple[str, str] | None:
    t = w.at
    hosts = [i for i, s in enumerate(w.slots) if isinstance(s, str) and 1 <= abs(i - t) <= 10]
    if not hosts:
        return None
    i = w.rng.choice(hosts)
    host = w.slots[i]
    assert isinstance(host, str)
    w.slots[i] = Host(host, _with_copy(host, w.target.seen_block(), w.rng, w.lang))
    if not _companions(w):
        return None
    w.authored = list(w.slots)
    notes = [f"quoted sentence copied verbatim into the paragraph {i - t:+d} places away"]
    if changed:
        nudged = nudge(w.target, w.rng, w.lang)
        if nudged is None:
            return None
        notes.append(f"in the quoted paragraph {nudged}")
    variant = w.rng.choice(["hint", "renumbered", "shifted"])
    if variant != "hint":
        notes.append(_renumber(w, far=variant == "shifted"))
    return variant, "; ".join(notes)


def decoy_changed(w: Work) -> tuple[str, str] | None:
    """The quoted sentence copied verbatim 1-10 places away; the quoted paragraph changed slightly in the quote."""
    return _decoy(w, True)


def decoy_verbatim(w: Work) -> tuple[str, str] | None:
    """The quoted sentence copied verbatim 1-10 places away; the quoted paragraph unchanged."""
    return _decoy(w, False)


def past_end(w: Work) -> tuple[str, str] | None:
    """Enough paragraphs before the quoted one deleted that the author's number is past the end of the baseline."""
    if not _companions(w):
        return None
    w.authored = list(w.slots)
    t = w.at
    plain = [i for i in range(t) if isinstance(w.slots[i], str)]
    need = len(w.slots) - t + w.rng.randint(0, 2)
    if len(plain) < need:
        return None
    for i in sorted(w.rng.sample(plain, need), reverse=True):
        del w.slots[i]
    notes = [f"{need} paragraphs before it deleted: the draft shrank from {len(w.authored)} to {len(w.slots)}"]
    variant = w.rng.choice(["verbatim", "nudged"])
    if variant == "nudged":
        nudged = nudge(w.target, w.rng, w.lang)
        if nudged is None:
            return None
        notes.append(f"in the quoted paragraph {nudged}")
    return variant, "; ".join(notes)


def deleted_copy(w: Work) -> tuple[str, str] | None:
    """The quoted paragraph deleted; its quoted sentence stands verbatim 2-6 places away, in the draft too.

    Not 1 place after: once the paragraph is gone, that one takes its number, and no
    quote could tell it from the paragraph the author meant.
    """
    t = w.at
    variant = w.rng.choice(["before", "after"])
    hosts = [
        i
        for i, s in enumerate(w.slots)
        if isinstance(s, str) and 2 <= abs(i - t) <= 6 and (i < t) == (variant == "before")
    ]
    if not hosts:
        return None
    i = w.rng.choice(hosts)
    host = w.slots[i]
    assert isinstance(host, str)
    copy = _with_copy(host, w.target.seen_block(), w.rng, w.lang)
    w.slots[i] = Host(copy, copy)
    if not _companions(w):
        return None
    w.authored = list(w.slots)
    del w.slots[w.at]
    w.refuse = True
    return variant, f"paragraph deleted; its quoted sentence stands in the paragraph {i - t:+d} places away"


def merged_copy(w: Work) -> tuple[str, str] | None:
    """The quoted paragraph merged with a neighbour into which its quoted sentence had been copied."""
    t = w.at
    sides = [s for s in (t - 1, t + 1) if 0 <= s < len(w.slots) and isinstance(w.slots[s], str)]
    if not sides:
        return None
    s = w.rng.choice(sides)
    other = w.slots[s]
    assert isinstance(other, str)
    w.slots[s] = Host(other, other)  # kept out of the companions
    if not _companions(w):
        return None
    w.authored = list(w.slots)
    copy = _with_copy(other, w.target.seen_block(), w.rng, w.lang)
    notes = [f"quoted sentence copied into the paragraph {'before' if s < t else 'after'} it, then the two merged"]
    variant = w.rng.choice(["verbatim", "changed"])
    if variant == "changed":
        nudged = nudge(w.target, w.rng, w.lang)
        if nudged is None:
            return None
        notes.append(f"in the quoted sentence's own place {nudged}")
    w.slots.pop(s)
    if s < t:
        w.target.before.insert(0, Piece("", copy))
    else:
        w.target.after.append(Piece("", copy))
    return variant, "; ".join(notes)


NEW_DRIFTS: dict[str, Callable[[Work], tuple[str, str] | None]] = {
    "decoy-changed": decoy_changed,
    "decoy-verbatim": decoy_verbatim,
    "past-end": past_end,
    "deleted-copy": deleted_copy,
    "merged-copy": merged_copy,
}
"""Each returns (variant, note), or None where the sampled draft does not allow it."""


# --- building a case ---------------------------------------------------------------


def make_case(kind: str, index: int, seed: int, lang: Language = ENGLISH) -> Case:
    """The `index`th case of `kind` (the same for the same seed, whatever else is generated)."""
    rng = random.Random(f"{seed}/{kind}/{index}" if lang is ENGLISH else f"{seed}/{lang.code}/{kind}/{index}")
    attempt = _attempt_new if kind in NEW_KINDS else _attempt
    for _ in range(200):
        case = attempt(kind, rng, f"{kind}-{index:02d}", lang)
        if case is not None:
            return case
    raise RuntimeError(f"no case of kind {kind} after 200 attempts")


def _attempt(kind: str, rng: random.Random, case_id: str, lang: Language = ENGLISH) -> Case | None:
    pool = lang.paragraphs()
    n = rng.randint(6, 10)
    picked = [pool[i] for i in rng.sample(range(len(pool)), n + 3)]
    texts, spare = picked[:n], picked[n:]
    t = rng.randrange(n)
    change = "replace" if kind == "stale" else rng.choice(["delete", "insert", "replace"])
    target = _target(texts[t], rng, kind in ("sentence-removed", "split"), change, lang)
    if target is None:
        return None
    base = rng.randint(1, 60)
    slots: list[str | Target] = [*texts[:t], target, *texts[t + 1 :]]
    work = Work(rng, slots, target, spare, lang=lang)
    note = DRIFTS[kind](work)
    if note is None:
        return None
    authored = slots_before(texts, t, target)
    draft = _numbered([s if isinstance(s, str) else s.draft() for s in authored], base)
    edited = _numbered([s if isinstance(s, str) else s.draft(edited=True) for s in authored], base)
    baseline = _numbered([s if isinstance(s, str) else s.current() for s in work.slots], base)
    applied = _numbered([s if isinstance(s, str) else s.current(applied=True) for s in work.slots], base)
    expected = baseline if work.refuse else applied
    number = None if work.refuse or kind == "already" else str(base + work.at)
    case = Case(
        case_id, kind, note, draft, edited, baseline, target.marked(), str(base + t), expected, work.refuse, number
    )
    return case if _sound(case, target) else None


def _attempt_new(kind: str, rng: random.Random, case_id: str, lang: Language = ENGLISH) -> Case | None:
    """A case of issue 13's kinds: a larger draft (12-20 paragraphs) and 2-4 other edits in the proposal."""
    pool = lang.paragraphs()
    n = rng.randint(12, 20)
    picked = [pool[i] for i in rng.sample(range(len(pool)), n + 66)]
    texts, spare = picked[:n], picked[n:]  # spare: paragraphs added since (up to 60, variant shifted)
    t = n - 1 - rng.randint(0, 2) if kind == "past-end" else rng.randrange(n)
    target = _target(texts[t], rng, False, rng.choice(["delete", "insert", "replace"]), lang)
    if target is None:
        return None
    base = rng.randint(1, 60)
    work = Work(rng, [*texts[:t], target, *texts[t + 1 :]], target, spare, lang=lang)
    made = NEW_DRIFTS[kind](work)
    if made is None or work.authored is None:
        return None
    variant, note = made
    authored = work.authored
    draft = _numbered([s if isinstance(s, str) else s.draft() for s in authored], base)
    edited = _numbered([s if isinstance(s, str) else s.draft(edited=True) for s in authored], base)
    baseline = _numbered([s if isinstance(s, str) else s.current() for s in work.slots], base)
    expected = _numbered(
        [s if isinstance(s, str) else s.current(applied=not (s is target and work.refuse)) for s in work.slots],
        base,
    )
    companions = tuple(
        Companion(
            str(base + _place(authored, c)),
            c.marked(),
            str(base + _place(work.slots, c)),
            c.current(applied=True),
            c.old_passage(),
        )
        for c in work.companions
    )
    number = None if work.refuse else str(base + work.at)
    hint = str(base + _place(authored, target))
    case = Case(
        case_id, kind, note, draft, edited, baseline, target.marked(), hint, expected, work.refuse, number, variant,
        companions,
    )  # fmt: skip
    return case if _sound_new(case, target) else None


def _place(slots: list[str | Target | Host], item: Target) -> int:
    return next(i for i, s in enumerate(slots) if s is item)


def _sound_new(case: Case, target: Target) -> bool:
    """As `_sound`, and the trap is what its kind says: the copies stand where they should, the companions'
    quotes once each, the number past the end for past-end."""
    if not _sound(case, target):
        return False
    draft = "\n".join(text for _, text in case.draft)
    baseline = "\n".join(text for _, text in case.baseline)
    quote = target.old_passage()
    if any(draft.count(c.quote) != 1 or baseline.count(c.quote) != 1 for c in case.companions):
        return False
    in_draft, in_baseline = draft.count(quote), baseline.count(quote)
    own = dict(case.baseline).get(case.number or "", "")
    if case.kind == "decoy-changed":
        return in_draft == 1 and in_baseline == 1 and quote not in own
    if case.kind == "decoy-verbatim":
        return in_draft == 1 and in_baseline == 2 and own.count(quote) == 1
    if case.kind == "past-end":
        last = int(case.baseline[-1][0])
        return int(case.hint) > last and (case.variant != "nudged" or quote not in own)
    if case.kind == "deleted-copy":
        return in_draft == 2 and in_baseline == 1
    if case.kind == "merged-copy":
        return in_draft == 1 and own.count(quote) == (2 if case.variant == "verbatim" else 1)
    return False


def slots_before(texts: list[str], t: int, target: Target) -> list[str | Target]:
    """The author's draft: the sampled paragraphs with the target in its place."""
    return [*texts[:t], target, *texts[t + 1 :]]


def _numbered(texts: list[str], base: int) -> tuple[Para, ...]:
    return tuple((str(base + i), text) for i, text in enumerate(texts))


def _sound(case: Case, target: Target) -> bool:
    """The quote stands once in the author's draft; an edit to apply changes the baseline."""
    whole = "\n".join(text for _, text in case.draft)
    if whole.count(target.old_passage()) != (2 if case.kind == "deleted-copy" else 1):
        return False  # deleted-copy: once in the quoted paragraph, once in the other that holds a copy
    drafted = dict(case.draft)[case.hint]
    new_passage = target.q_pre.a + target.new + target.q_post.a
    if target.draft(edited=True) != drafted.replace(target.old_passage(), new_passage):
        return False
    if case.companions:
        changed = {n for n, text in case.expected if dict(case.baseline).get(n) != text}
        others = {c.number for c in case.companions}
        return others <= changed and changed - others == ({case.number} if case.number else set())
    if case.kind == "already" or case.refuse:
        return case.expected == case.baseline
    return case.expected != case.baseline


def generate(
    per_kind: int = 20, seed: int = 2026, kinds: tuple[str, ...] = tuple(KINDS), lang: Language = ENGLISH
) -> list[Case]:
    """`per_kind` cases of each kind of drift, in `lang`'s prose."""
    return [make_case(kind, i, seed, lang) for kind in kinds for i in range(per_kind)]


def export(cases: list[Case], path: Path, seed: int) -> None:
    """Write `cases` in the JSON of ../shared/drift-dev (one document per case; gzip if the name ends in .gz),
    so that its score.py scores them: `score.py FILE itu-amend`.

    Each case is a document (`baseline_old`: the author's draft, `baseline_new`: the
    baseline) with its edit and its companions, in the author's order. `expected.outcome`
    is `apply` (with `new_number` and the paragraph's `text` once changed) or `stale`,
    score.py's one word for an edit that must not apply (here also `already`, where the
    baseline reads as proposed; `reason` says which).
    """
    documents = []
    for case in cases:
        edits = [_exported(case)] + [
            {
                "kind": "companion",
                "variant": case.kind,
                "old_number": c.hint,
                "quote": c.quote,
                "critic": c.text,
                "expected": {"outcome": "apply", "new_number": c.number, "text": c.expected},
            }
            for c in case.companions
        ]
        edits.sort(key=lambda e: int(e["old_number"]))
        for k, edit in enumerate(edits, 1):
            edit["id"] = f"{case.id}-e{k:02d}"
        documents.append(
            {
                "doc_id": case.id,
                "baseline_old": [{"number": n, "text": t} for n, t in case.draft],
                "baseline_new": [{"number": n, "text": t} for n, t in case.baseline],
                "drift_ops": case.note,
                "edits": edits,
            }
        )
    data = {
        "format": "drift-dev cases",
        "generator": f"itu-amend benchmarks/drift.py, seed {seed}",
        "documents": documents,
    }
    _write_json(data, path)


def _exported(case: Case) -> dict[str, object]:
    quote = "".join(critic_old(case.text))
    if case.number is None:
        reason = "already" if case.kind == "already" else "stale" if case.kind == "stale" else "paragraph deleted"
        expected: dict[str, object] = {"outcome": "stale", "reason": reason}
    else:
        expected = {"outcome": "apply", "new_number": case.number, "text": dict(case.expected)[case.number]}
    edit = {"kind": case.kind, "variant": case.variant or None, "old_number": case.hint, "quote": quote}
    return {**edit, "critic": case.text, "expected": expected, "notes": {"drift": case.note}}


CRITIC = re.compile(r"\{--(.*?)--\}|\{\+\+(.*?)\+\+\}|\{~~(.*?)~>(.*?)~~\}", re.S)


def critic_old(text: str) -> list[str]:
    """The old passage a CriticMarkup text quotes (deletions and replaced words kept, insertions dropped)."""
    out, at = [], 0
    for m in CRITIC.finditer(text):
        out.append(text[at : m.start()])
        out.append(m.group(1) or m.group(3) or "")
        at = m.end()
    return [*out, text[at:]]


def _write_json(data: object, path: Path) -> None:
    raw = json.dumps(data, ensure_ascii=False).encode("utf-8")
    path.write_bytes(gzip.compress(raw, mtime=0) if path.name.endswith(".gz") else raw)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--per-kind", type=int, default=1)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--kinds", choices=list(KIND_SETS), default="issue3", help="which kinds (default issue3)")
    parser.add_argument("--kind", choices=list(ALL_KINDS), action="append", help="only these kinds (repeatable)")
    parser.add_argument("--export", type=Path, help="write the cases in drift-dev's JSON (.json or .json.gz)")
    args = parser.parse_args()
    cases = generate(args.per_kind, args.seed, tuple(args.kind or KIND_SETS[args.kinds]))
    if args.export:
        export(cases, args.export, args.seed)
        print(f"{len(cases)} cases written to {args.export}")
        return
    for case in cases:
        print(f"== {case.id}{f' ({case.variant})' if case.variant else ''}: {case.note}")
        print(f"   edit (paragraph {case.hint}): {case.text}")
        for c in case.companions:
            print(f"   other edit (paragraph {c.hint}): {c.text}")
        target = dict(case.expected)
        for number, text in case.baseline:
            mark = "*" if target.get(number) != text or number == case.hint else " "
            print(f" {mark} {number}: {text!r}")
        if case.refuse:
            print("   expected: refused")
        else:
            changed = [(n, t) for n, t in case.expected if n == case.number]
            print(f"   expected: {changed!r}")


if __name__ == "__main__":
    main()
