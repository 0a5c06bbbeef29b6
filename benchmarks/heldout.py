"""Issue 19's acceptance, held out: a large Chinese draft, 50 drifted quotes, renumbered; ≥ 45 right, none wrong.

Built independently of renumbered.py (which reproduces the issue's own construction:
first sentences, one character changed, every number shifted by 3): here the quotes are
drift.py's (a sentence, two, a whole paragraph or a fragment; a deletion, insertion or
replacement of one to four ideographs), each quote's paragraph drifted by one of drift.py's
benign kinds in Chinese (white space, full-width/half-width typography, a wrong ideograph,
a small word added or dropped, a sentence added before it or one beside it removed), and
the draft renumbered unevenly: `--top` paragraphs added at its start, 1 % more added and
0.5 % removed throughout, so that each edit's number is off by its own amount. The 50 edits
are one proposal, in the author's order. The prose is languages.py's (Debian's Chinese
manual pages, extracted into its cache).

    python benchmarks/heldout.py                      # 2,000 paragraphs, 50 edits, seed 419
    python benchmarks/heldout.py --language fr --seed 7
"""

from __future__ import annotations

import argparse
import random
import sys

import drift
import languages
import prose
from common import cpu, engine
from renumbered import Held, run

from itu_amend import critic
from itu_amend.model import Action, Edit, Proposal

BENIGN = ("whitespace", "typography", "spelling", "words", "sentence-added", "sentence-removed")


def build(lang: drift.Language, size: int, edits: int, top: int, seed: int) -> Held:
    """The current baseline, the proposal (hints: the author's numbers) and the text each edit must give."""
    rng = random.Random(f"heldout/{lang.code}/{seed}")
    pool = list(prose.docstring_paragraphs() if lang is drift.ENGLISH else lang.paragraphs())
    rng.shuffle(pool)
    texts, spare = pool[:size], pool[size:]
    slots: list[str | drift.Target] = list(texts)
    whole = "\n".join(texts)
    chosen: list[drift.Target] = []
    for position in rng.sample(range(size), size):
        if len(chosen) == edits:
            break
        target = _drifted(texts[position], lang, rng, whole)
        if target is not None:
            slots[position] = target
            chosen.append(target)
    draft_number = {id(t): str(slots.index(t) + 1) for t in chosen}
    current = _renumbered(slots, spare, top, rng)
    expected = {i: s.current(applied=True) for i, s in enumerate(current) if isinstance(s, drift.Target)}
    marked = sorted(chosen, key=lambda t: int(draft_number[id(t)]))
    proposal = Proposal(
        "G",
        tuple(
            Edit(f"G/{k}", "G", Action.MOD, k, paragraph=draft_number[id(t)], text=t.marked(),
                 marked=critic.parse(t.marked()))
            for k, t in enumerate(marked, 1)
        ),
        "g.yaml",
    )  # fmt: skip
    baseline = tuple(s if isinstance(s, str) else s.current() for s in current)
    return Held(baseline, proposal, expected)


def _drifted(text: str, lang: drift.Language, rng: random.Random, whole: str) -> drift.Target | None:
    kind = rng.choice(BENIGN)
    target = drift._target(text, rng, kind == "sentence-removed", rng.choice(["delete", "insert", "replace"]), lang)
    if target is None or whole.count(target.old_passage()) != 1:
        return None  # the quote must name one place of the author's draft
    if drift.DRIFTS[kind](drift.Work(rng, [target], target, [], lang=lang)) is None:
        return None
    return target if target.current(applied=True) != target.current() else None


def _renumbered(
    slots: list[str | drift.Target], spare: list[str], top: int, rng: random.Random
) -> list[str | drift.Target]:
    plain = [i for i, s in enumerate(slots) if isinstance(s, str)]
    gone = set(rng.sample(plain, len(slots) // 200))
    kept = [s for i, s in enumerate(slots) if i not in gone]
    for _ in range(len(slots) // 100):
        kept.insert(rng.randrange(len(kept) + 1), spare.pop())
    return [*(spare.pop() for _ in range(top)), *kept]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--language", default="zh", choices=languages.ORDER)
    parser.add_argument("--paragraphs", type=int, default=2000)
    parser.add_argument("--edits", type=int, default=50)
    parser.add_argument("--top", type=int, default=5, help="paragraphs added at the draft's start")
    parser.add_argument("--seed", type=int, default=419)
    args = parser.parse_args()
    lang = languages.language(args.language)
    held = build(lang, args.paragraphs, args.edits, args.top, args.seed)
    correct, wrong, refused, seconds = run(held)
    print(f"machine: {cpu()}\nengine: {engine()}", file=sys.stderr)
    print(
        f"{args.language}: {len(held.baseline)} paragraphs, {len(held.proposal.edits)} edits, renumbered: "
        f"{correct} correct, {wrong} wrong, {refused} refused ({seconds:.2f} s)"
    )


if __name__ == "__main__":
    main()
