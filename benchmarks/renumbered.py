"""Issue 19's held-out check: a large draft renumbered, 50 MODs quoting first sentences that drifted.

A baseline of `--paragraphs` real paragraphs of one language; one proposal of `--edits`
MOD edits, each quoting the first sentence of a paragraph as the author saw it: one
character of the quoted context has changed since (a letter, or an ideograph in
Chinese, at least 3 characters away from the change), and every number the author
saw is `--shift` places off (paragraphs added at the top since). Each edit replaces,
deletes or inserts a few words (in Chinese, two to four characters). An edit is
correct when its paragraph reads exactly as expected afterwards, wrong when any
paragraph reads otherwise.

    python benchmarks/renumbered.py --language zh     # the issue's case: 2,000 paragraphs, 50 edits
    python benchmarks/renumbered.py --language en
"""

from __future__ import annotations

import argparse
import random
import re
import sys
import time
from dataclasses import dataclass

import manpages
import prose
from common import cpu, engine

from itu_amend import critic
from itu_amend.loading import Inputs
from itu_amend.merging import merge
from itu_amend.model import Action, Baseline, Edit, EditStatus, Paragraph, Proposal


@dataclass(frozen=True)
class Held:
    baseline: tuple[str, ...]
    proposal: Proposal
    expected: dict[int, str]  # paragraph index -> text once its edit is applied


def corpus(lang: str) -> tuple[str, ...]:
    return prose.docstring_paragraphs() if lang == "en" else manpages.paragraphs(lang)


def sentences_of(text: str, lang: str) -> list[str]:
    return prose.sentences_of(text) if lang == "en" else manpages.sentences_of(text, lang)


def _units(sentence: str, lang: str) -> list[tuple[int, int]]:
    """Where the words of a sentence stand: ideographs one by one in Chinese, else space-separated words."""
    if lang == "zh":
        return [(i, i + 1) for i, c in enumerate(sentence) if manpages.SPACELESS.match(c)]
    spans, at = [], 0
    for word in sentence.split(" "):
        spans.append((at, at + len(word)))
        at += len(word) + 1
    return [s for s in spans if sentence[s[0] : s[1]].isalpha()]


def _edit(text: str, lang: str, rng: random.Random, filler: str, clause: bool) -> tuple[str, str, str] | None:
    """(the MOD text, the author's first sentence, the paragraph once edited) for one paragraph.

    With `clause`, in Chinese only a first sentence that is one run of ideographs
    (no comma, space or Latin word inside: one "word" to a space-splitting index).
    """
    sentence = sentences_of(text, lang)[0]
    if len(sentence) < 20 or not text.startswith(sentence):
        return None
    if clause and lang == "zh" and not ONE_CLAUSE.fullmatch(sentence):
        return None
    units = _units(sentence, lang)
    if len(units) < 10:
        return None
    k = rng.randint(2, 4) if lang == "zh" else rng.randint(1, 2)
    i = rng.randint(3, len(units) - k - 3)
    start, end = units[i][0], units[i + k - 1][1]
    if lang != "zh" and any(c in sentence[start:end] for c in ",.;:()"):
        return None
    how = rng.choice(["replace", "delete", "insert"])
    old = sentence[start:end]
    if how == "insert":
        end = start
        old = ""
        mark = "{++" + filler + ("" if lang == "zh" else " ") + "++}"
        new = filler + ("" if lang == "zh" else " ")
    elif how == "delete":
        if lang != "zh":
            end += 1  # the space after
            old = sentence[start:end]
        mark = "{--" + old + "--}"
        new = ""
    else:
        mark = "{~~" + old + "~>" + filler + "~~}"
        new = filler
    marked = sentence[:start] + mark + sentence[end:]
    edited = text[:start] + new + text[end:]
    return marked, sentence, edited


def _drift(sentence: str, lang: str, rng: random.Random, change: tuple[int, int]) -> tuple[str, int] | None:
    """The author's copy of the sentence with one context character other than in the baseline."""
    far = [u for u in _units(sentence, lang) if u[1] + 3 <= change[0] or u[0] >= change[1] + 3]
    if not far:
        return None
    lo, hi = rng.choice(far)
    at = rng.randrange(lo, hi)
    pool = (
        "的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动"
        "同工也能下过子说产种面而方后多定行学法所民得经"
    )
    other = rng.choice(pool) if lang == "zh" else rng.choice("aeiounrst")
    if other == sentence[at]:
        return None
    return sentence[:at] + other + sentence[at + 1 :], at


ONE_CLAUSE = re.compile(r"[\u3400-\u9fff]{19,}[。.！？]?")


def build(lang: str, size: int, edits: int, shift: int, seed: int, clause: bool = True) -> Held:
    rng = random.Random(f"{seed}/{lang}")
    pool = list(corpus(lang))
    rng.shuffle(pool)
    if clause and lang == "zh":  # the one-clause paragraphs first, where the edits are drawn from
        pool.sort(key=lambda t: not ONE_CLAUSE.fullmatch(sentences_of(t, lang)[0]))
        pool[:size] = rng.sample(pool[:size], size)
    baseline = tuple(pool[:size])
    fillers = [s for t in pool[size:] for s in sentences_of(t, lang)]
    chosen: list[Edit] = []
    expected: dict[int, str] = {}
    for position in rng.sample(range(shift + 5, size - 5), size - shift - 10):
        if len(chosen) == edits:
            break
        text = baseline[position]
        filler_sentence = rng.choice(fillers)
        filler = filler_sentence[:3] if lang == "zh" else filler_sentence.split(" ")[0].strip(",.;:").lower()
        if not filler or any(c in filler for c in "{}~+-"):
            continue
        made = _edit(text, lang, rng, filler, clause)
        if made is None:
            continue
        marked, sentence, edited = made
        at = marked.index("{")
        close = marked.index("}") + 1
        drifted = _drift(sentence, lang, rng, (at, at + close - at))
        if drifted is None or at <= drifted[1] < close:
            continue
        author, where = drifted
        if where >= at:
            where += len(marked) - len(sentence)  # after the marks
        marked = marked[:where] + author[drifted[1]] + marked[where + 1 :]
        number = str(position + 1 - shift)
        edit_id = f"G/{len(chosen) + 1}"
        chosen.append(
            Edit(edit_id, "G", Action.MOD, len(chosen) + 1, paragraph=number, text=marked, marked=critic.parse(marked))
        )
        expected[position] = edited
    proposal = Proposal("G", tuple(chosen), "g.yaml")
    return Held(baseline, proposal, expected)


def run(held: Held) -> tuple[int, int, int, float]:
    baseline = Baseline("held-out", tuple(Paragraph(str(i + 1), t) for i, t in enumerate(held.baseline)))
    start = time.perf_counter()
    result = merge(Inputs(baseline, (held.proposal,)))
    seconds = time.perf_counter() - start
    texts = {p.number: p.text for p in result.paragraphs}
    correct = sum(1 for position, text in held.expected.items() if texts[str(position + 1)] == text)
    changed = [i for i, t in enumerate(held.baseline) if texts[str(i + 1)] != t]
    wrong = sum(1 for i in changed if held.expected.get(i) != texts[str(i + 1)])
    refused = len(held.expected) - correct - wrong
    return correct, wrong, refused, seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--language", default="zh", choices=["en", *manpages.LANGUAGES])
    parser.add_argument("--paragraphs", type=int, default=2000)
    parser.add_argument("--edits", type=int, default=50)
    parser.add_argument("--shift", type=int, default=3)
    parser.add_argument("--seed", type=int, default=19)
    parser.add_argument("--any-sentence", action="store_true", help="Chinese: quote first sentences with commas too")
    parser.add_argument("--details", action="store_true")
    args = parser.parse_args()
    held = build(args.language, args.paragraphs, args.edits, args.shift, args.seed, not args.any_sentence)
    correct, wrong, refused, seconds = run(held)
    print(f"machine: {cpu()}\nengine: {engine()}", file=sys.stderr)
    print(
        f"{args.language}: {len(held.baseline)} paragraphs, {len(held.proposal.edits)} edits, shift {args.shift}: "
        f"{correct} correct, {wrong} wrong, {refused} refused ({seconds:.2f} s)"
    )
    if args.details:
        baseline = Baseline("held-out", tuple(Paragraph(str(i + 1), t) for i, t in enumerate(held.baseline)))
        result = merge(Inputs(baseline, (held.proposal,)))
        for edit, outcome in zip(held.proposal.edits, result.edits, strict=True):
            if outcome.status is not EditStatus.APPLIED:
                print(f"  {edit.id} ({edit.paragraph}): {outcome.status.value}: {outcome.message}\n    {edit.text}")


if __name__ == "__main__":
    main()
