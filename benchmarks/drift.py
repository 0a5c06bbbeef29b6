"""Drift cases: an edit quoted from an older draft, the drifted baseline, and what applying it must give.

Each case is generated from real prose (see prose.py) by a seeded random generator:
the author's draft (a few numbered paragraphs), one MOD edit quoting a passage of
one of them with CriticMarkup marks and the number the author saw, the current
baseline (the draft after one kind of drift), and the ground truth: the whole
baseline as it must read once the edit is applied, or the baseline unchanged where
the edit must not apply (`refuse`).

    python benchmarks/drift.py --per-kind 1        # show one case of each kind
"""

from __future__ import annotations

import argparse
import random
import re
from collections.abc import Callable
from dataclasses import dataclass, field

import prose

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
REFUSE_KINDS = ("stale", "deleted")

Para = tuple[str, str]  # (number, text)


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

    def quoted(self) -> list[Piece]:
        return [self.q_pre, self.old, self.q_post]

    def pieces(self) -> list[Piece]:
        return [*self.before, self.lead, *self.quoted(), self.tail, *self.after]

    def draft(self, edited: bool = False) -> str:
        middle = self.new if edited else self.old.a
        block = self.lead.a + self.q_pre.a + middle + self.q_post.a + self.tail.a
        return " ".join(s for s in [*(p.a for p in self.before), block, *(p.a for p in self.after)] if s)

    def block(self) -> str:
        """The quoted sentence(s) as the baseline reads them."""
        middle = self.new if self.has_new else self.old.b
        return self.lead.b + self.q_pre.b + middle + self.q_post.b + self.tail.b

    def current(self, applied: bool = False) -> str:
        middle = self.new if applied or self.has_new else self.old.b
        block = self.lead.b + self.q_pre.b + middle + self.q_post.b + self.tail.b
        return " ".join(s for s in [*(p.b for p in self.before), block, *(p.b for p in self.after)] if s)

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


@dataclass
class Work:
    """A case being built: the baseline as slots (plain paragraph texts and the target)."""

    rng: random.Random
    slots: list[str | Target]
    target: Target
    spare: list[str]  # unused corpus paragraphs, for paragraphs added to the draft
    refuse: bool = False
    notes: list[str] = field(default_factory=list)

    @property
    def at(self) -> int:
        return next(i for i, s in enumerate(self.slots) if s is self.target)


# --- choosing the quote and the change ---------------------------------------------------


def _phrase(rng: random.Random, avoid: str) -> str | None:
    """One to four consecutive words of a real sentence, for an insertion or replacement."""
    words = rng.choice(prose.sentences()).split()
    k = rng.randint(1, min(4, len(words)))
    start = rng.randint(0, len(words) - k)
    phrase = " ".join(words[start : start + k]).strip(",.;:()")
    if start == 0 and phrase[1:2].islower():
        phrase = phrase[0].lower() + phrase[1:]
    if not phrase or phrase == avoid or any(c in phrase for c in "\"“”()'’"):
        return None
    return phrase


def _target(text: str, rng: random.Random, outside: bool, change: str) -> Target | None:
    """Quote one to all sentences of `text` (sometimes a fragment) and change words in it."""
    sentences = prose.sentences_of(text)
    m = len(sentences)
    size = min(rng.choice([1, 1, 2, m]), m - 1 if outside else m)
    if size < 1:
        return None
    start = rng.randint(0, m - size)
    words = " ".join(sentences[start : start + size]).split(" ")
    lo, hi = 0, len(words)
    if rng.random() < 0.15 and len(words) > 10:
        lo = rng.randint(0, len(words) - 5)
        hi = lo + rng.randint(5, min(8, len(words) - lo))
    elif rng.random() < 0.3 and len(words) > 16:
        lo = rng.randint(0, 4)
        hi = len(words) - rng.randint(0, 4)
    quote = words[lo:hi]
    n = len(quote)
    if n < 5:
        return None
    lead = " ".join(words[:lo]) + " " if lo else ""
    tail = " " + " ".join(words[hi:]) if hi < len(words) else ""
    i = rng.randint(2, n - 2)
    j = i if change == "insert" else i + rng.randint(1, min(4, n - 1 - i))
    gone = " ".join(quote[i:j])
    if gone.endswith(".") or "." in gone[:-1].split(" ")[-1:]:
        return None
    new = _phrase(rng, gone)
    if new is None:
        return None
    q_pre, q_post = " ".join(quote[:i]), " " + " ".join(quote[j:])
    if change == "insert":
        old, new = "", " " + new
    elif change == "delete":
        old, new = " " + gone, ""
    else:
        q_pre, old = q_pre + " ", gone
    before = [piece(s) for s in sentences[:start]]
    after = [piece(s) for s in sentences[start + size :]]
    return Target(before, piece(lead), piece(q_pre), piece(old), new, piece(q_post), piece(tail), after)


# --- drift operations: each changes the baseline (or the author's copy), or returns None ---


SPACES = ("\u00a0", "  ", "\n", " \n", "\t", "\u2009", "\u202f", "\u00a0 ", " \u00a0")


def whitespace(w: Work) -> str | None:
    """Replace one to four spaces of the quoted passage by other white space."""
    spots = [(p, i) for p in w.target.quoted() for i, c in enumerate(p.b) if c == " "]
    if not spots:
        return None
    chosen = w.rng.sample(spots, w.rng.randint(1, min(4, len(spots))))
    used = []
    for p, i in sorted(chosen, key=lambda s: -s[1]):
        space = w.rng.choice(SPACES)
        p.b = p.b[:i] + space + p.b[i + 1 :]
        used.append(repr(space))
    return f"whitespace: {len(chosen)} spaces -> {', '.join(sorted(set(used)))}"


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
    spots = [(p, m) for p in (w.target.q_pre, w.target.q_post) for m in WORD.finditer(p.a)]
    if not spots:
        return None
    chosen = w.rng.sample(spots, min(len(spots), w.rng.randint(1, 2)))
    fixed = []
    for p, m in sorted(chosen, key=lambda s: -s[1].start()):
        typo = _typo(m.group(), w.rng)
        p.a = p.a[: m.start()] + typo + p.a[m.end() :]
        fixed.append(f"{typo}->{m.group()}")
    return f"spelling: {', '.join(fixed)}"


FILLERS = ("also", "in particular", "generally", "usually", "now", "always", "still", "then", "only", "normally")
SPACED_WORD = re.compile(r" [A-Za-z]{3,}(?=[ ,.;:]|$)")


def words(w: Work) -> str | None:
    """One or two words inserted into or removed from the quoted context in the baseline.

    The word on each side of the change stays: what is right when the very next word
    changed is a matter of opinion, and is not what this kind measures.
    """
    done = []
    for _ in range(w.rng.randint(1, 2)):
        p = w.rng.choice([w.target.q_pre, w.target.q_post])
        pre = p is w.target.q_pre
        if w.rng.random() < 0.5:
            spaces = [i for i, c in enumerate(p.b) if c == " " and (i != len(p.b) - 1 if pre else i > 0)]
            if not spaces:
                continue
            i = w.rng.choice(spaces)
            filler = w.rng.choice(FILLERS)
            p.b = p.b[:i] + " " + filler + p.b[i:]
            done.append(f"+{filler}")
        else:
            found = [m for m in SPACED_WORD.finditer(p.b) if (p.b[m.end() :].strip() if pre else m.start() > 0)]
            if not found:
                continue
            m = w.rng.choice(found)
            p.b = p.b[: m.start()] + p.b[m.end() :]
            done.append(f"-{m.group().strip()}")
    return f"words: {' '.join(done)}" if done else None


def _fresh_sentence(w: Work) -> str:
    text = "\n".join(s if isinstance(s, str) else s.draft() for s in w.slots)
    while True:
        sentence = w.rng.choice(prose.sentences())
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
        w.slots.insert(w.at, " ".join(p.b for p in part if p.b))
    else:
        part, target.after = target.after[k:], target.after[:k]
        w.slots.insert(w.at + 1, " ".join(p.b for p in part if p.b))
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
    sentences = prose.sentences_of(host)
    k = w.rng.randint(0, len(sentences))
    w.slots[i] = " ".join([*sentences[:k], w.target.block(), *sentences[k:]])
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
    found = list(re.finditer(r"[A-Za-z]{2,}", w.target.old.b))
    if not found:
        return None
    m = w.rng.choice(found)
    word = m.group()
    if len(word) >= 5 and w.rng.random() < 0.3:
        other = _typo(word, w.rng)
    else:
        pool = [x for x in re.findall(r"[a-z]{3,}", w.rng.choice(prose.sentences())) if x != word.lower()]
        if not pool:
            return None
        other = w.rng.choice(pool)
    if other == word:
        return None
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


# --- building a case ---------------------------------------------------------------


def make_case(kind: str, index: int, seed: int) -> Case:
    """The `index`th case of `kind` (the same for the same seed, whatever else is generated)."""
    rng = random.Random(f"{seed}/{kind}/{index}")
    for _ in range(200):
        case = _attempt(kind, rng, f"{kind}-{index:02d}")
        if case is not None:
            return case
    raise RuntimeError(f"no case of kind {kind} after 200 attempts")


def _attempt(kind: str, rng: random.Random, case_id: str) -> Case | None:
    pool = prose.paragraphs()
    n = rng.randint(6, 10)
    picked = [pool[i] for i in rng.sample(range(len(pool)), n + 3)]
    texts, spare = picked[:n], picked[n:]
    t = rng.randrange(n)
    change = "replace" if kind == "stale" else rng.choice(["delete", "insert", "replace"])
    target = _target(texts[t], rng, kind in ("sentence-removed", "split"), change)
    if target is None:
        return None
    base = rng.randint(1, 60)
    slots: list[str | Target] = [*texts[:t], target, *texts[t + 1 :]]
    work = Work(rng, slots, target, spare)
    note = DRIFTS[kind](work)
    if note is None:
        return None
    authored = slots_before(texts, t, target)
    draft = _numbered([s if isinstance(s, str) else s.draft() for s in authored], base)
    edited = _numbered([s if isinstance(s, str) else s.draft(edited=True) for s in authored], base)
    baseline = _numbered([s if isinstance(s, str) else s.current() for s in work.slots], base)
    applied = _numbered([s if isinstance(s, str) else s.current(applied=True) for s in work.slots], base)
    expected = baseline if work.refuse else applied
    case = Case(case_id, kind, note, draft, edited, baseline, target.marked(), str(base + t), expected, work.refuse)
    return case if _sound(case, target) else None


def slots_before(texts: list[str], t: int, target: Target) -> list[str | Target]:
    """The author's draft: the sampled paragraphs with the target in its place."""
    return [*texts[:t], target, *texts[t + 1 :]]


def _numbered(texts: list[str], base: int) -> tuple[Para, ...]:
    return tuple((str(base + i), text) for i, text in enumerate(texts))


def _sound(case: Case, target: Target) -> bool:
    """The quote stands once in the author's draft; an edit to apply changes the baseline."""
    whole = "\n".join(text for _, text in case.draft)
    if whole.count(target.old_passage()) != 1:
        return False
    drafted = dict(case.draft)[case.hint]
    new_passage = target.q_pre.a + target.new + target.q_post.a
    if target.draft(edited=True) != drafted.replace(target.old_passage(), new_passage):
        return False
    if case.kind == "already" or case.refuse:
        return case.expected == case.baseline
    return case.expected != case.baseline


def generate(per_kind: int = 20, seed: int = 2026, kinds: tuple[str, ...] = tuple(KINDS)) -> list[Case]:
    """`per_kind` cases of each kind of drift."""
    return [make_case(kind, i, seed) for kind in kinds for i in range(per_kind)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--per-kind", type=int, default=1)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--kind", choices=list(KINDS), action="append")
    args = parser.parse_args()
    for case in generate(args.per_kind, args.seed, tuple(args.kind or KINDS)):
        print(f"== {case.id}: {case.note}")
        print(f"   edit (paragraph {case.hint}): {case.text}")
        target = dict(case.expected)
        for number, text in case.baseline:
            mark = "*" if target.get(number) != text or number == case.hint else " "
            print(f" {mark} {number}: {text!r}")
        if case.refuse:
            print("   expected: refused")
        else:
            changed = [(n, t) for n, t in case.expected if dict(case.baseline).get(n) != t]
            print(f"   expected: {changed!r}")


if __name__ == "__main__":
    main()
