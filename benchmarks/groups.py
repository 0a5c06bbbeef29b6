"""Several groups amend the same paragraphs, each from its own older draft: how many right edits are refused?

The drift cases give each proposal one edit; the scale run gives each paragraph one
edit. Neither shows the price of reading one proposal's numbers against another's,
which is what itu-amend does to catch a quote found far away in a paragraph someone
else amends in its place (README, "How anchoring works"). Here, per trial:

- the current draft: 80 paragraphs of real prose (`prose.paragraphs`, no two sharing a
  sentence, so every quote stands in one paragraph only and every refusal is a loss);
- 2-5 groups, each writing from its own older draft: the current one without one or two
  blocks of up to 8 paragraphs inserted since, and with up to 4 paragraphs deleted since
  (a group may also have the current draft);
- each group amends 2-6 of the same 20 "hot" paragraphs (so groups overlap), quoting 8-14
  words with one word replaced, numbered as in its own draft, in document order.

Verdicts: correct (applied in the paragraph quoted), wrong (applied in another one),
refused (any other status). Scenario first written by a review helper to measure the
first version of the rule (aa5c545's commit message has the figures).

    python benchmarks/groups.py                 # 600 trials, seeds 0-599 (~15 s)
    python benchmarks/groups.py --details       # every refusal with its message
    python benchmarks/groups.py --decoys 3      # issue 13: 3 hot paragraphs copied 1-10 places away, then changed

With `--decoys N` (issue 13), after the groups wrote their proposals, N of the hot
paragraphs were copied whole into another paragraph 1-10 places away (appended to it),
and then changed slightly themselves (a comma or a word, anywhere in the paragraph): a
quote that spans the change has only the copy verbatim (the decoy), the others stand
verbatim in both. The right place is still the paragraph quoted; the default (0) gives the
trials of the table in README.md unchanged.
"""

from __future__ import annotations

import argparse
import random
import re
from collections import Counter

import drift
import prose
from common import cpu, engine

from itu_amend import critic
from itu_amend.loading import Inputs
from itu_amend.merging import merge
from itu_amend.model import Action, Baseline, Edit, EditStatus, Paragraph, Proposal

PARAGRAPHS = 80
HOT = 20


def trial(seed: int, pool: list[str], decoys: int = 0) -> tuple[Inputs, dict[str, str], dict[str, str]]:
    """The current draft and every group's proposal, with the paragraph each edit truly quotes, and which
    edits quote a decoyed paragraph (decoy-changed: only the copy verbatim; decoy-verbatim: both)."""
    rng = random.Random(seed)
    chosen = rng.sample(pool, PARAGRAPHS + 20)
    current, spare = chosen[:PARAGRAPHS], chosen[PARAGRAPHS:]
    hot = rng.sample(range(PARAGRAPHS), HOT)
    proposals, truth = [], {}
    for group in range(rng.randint(2, 5)):
        source = "G" + chr(65 + group)
        numbers = _older_numbering(rng, len(spare))
        quoted = sorted(rng.sample([i for i in hot if i in numbers], rng.randint(2, 6)), key=lambda i: numbers[i])
        edits = []
        for k, i in enumerate(quoted, 1):
            text = _quote(rng, current[i])
            marked = critic.parse(text)
            edits.append(Edit(f"{source}/{k}", source, Action.MOD, k, str(numbers[i]), text=text, marked=marked))
            truth[f"{source}/{k}"] = str(i + 1)
        proposals.append(Proposal(source, tuple(edits), f"{source}.yaml"))
    traps: dict[str, str] = {}
    if decoys:
        chosen = rng.sample(hot, decoys)
        current = _decoyed(rng, current, chosen)
        for proposal in proposals:
            for edit in proposal.edits:
                i = int(truth[edit.id]) - 1
                if i in chosen and edit.text is not None:
                    old = re.sub(r"\{~~(.*?)~>.*?~~\}", r"\1", edit.text)
                    traps[edit.id] = "decoy-verbatim" if old in current[i] else "decoy-changed"
    baseline = Baseline("Current draft", tuple(Paragraph(str(n), t) for n, t in enumerate(current, 1)))
    return Inputs(baseline, tuple(proposals)), truth, traps


def _older_numbering(rng: random.Random, spares: int) -> dict[int, int]:
    """current paragraph index -> its number in a group's older draft (absent: inserted since)."""
    inserted: set[int] = set()
    for _ in range(rng.choice([0, 0, 1, 1, 2])):
        at = rng.randrange(PARAGRAPHS)
        inserted |= set(range(at, min(PARAGRAPHS, at + rng.randint(0, 8))))
    older: list[tuple[str, int]] = [("current", i) for i in range(PARAGRAPHS) if i not in inserted]
    for _ in range(rng.randint(0, 4) if inserted else 0):
        older.insert(rng.randrange(len(older) + 1), ("deleted since", rng.randrange(spares)))
    return {i: n for n, (kind, i) in enumerate(older, 1) if kind == "current"}


def _decoyed(rng: random.Random, current: list[str], chosen: list[int]) -> list[str]:
    """Each chosen paragraph appended whole to another 1-10 places away (not hot-chosen), then nudged itself."""
    current = list(current)
    for i in chosen:
        hosts = [j for j in range(i - 10, i + 11) if 0 <= j < PARAGRAPHS and j != i and j not in chosen]
        j = rng.choice(hosts)
        current[j] = current[j] + " " + current[i]
        words = current[i].split(" ")
        k = rng.randrange(1, len(words) - 1)
        if rng.random() < 0.5 and not words[k].endswith((",", ".", ";", ":")):
            words[k] += ","
        else:
            words.insert(k, rng.choice(drift.FILLERS))
        current[i] = " ".join(words)
    return current


def _quote(rng: random.Random, text: str) -> str:
    """8-14 words of the paragraph, one of them replaced."""
    words = text.split()
    lo = rng.randrange(max(1, len(words) - 12))
    hi = min(len(words), lo + rng.randint(8, 14))
    mid = rng.randrange(lo + 1, hi - 1) if hi - lo > 3 else lo
    return " ".join([*words[lo:mid], "{~~" + words[mid] + "~>ZZZ~~}", *words[mid + 1 : hi]])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--trials", type=int, default=600)
    parser.add_argument("--seed", type=int, default=0, help="first seed; trial k uses seed + k")
    parser.add_argument("--details", action="store_true", help="print every edit not applied where quoted")
    parser.add_argument("--decoys", type=int, default=0, help="hot paragraphs copied nearby, then changed (issue 13)")
    args = parser.parse_args()
    pool = [p for p in prose.paragraphs() if not any(c in p for c in "{}~\\") and 60 < len(p) < 600]
    tally: Counter[str] = Counter()
    for seed in range(args.seed, args.seed + args.trials):
        inputs, truth, traps = trial(seed, pool, args.decoys)
        for edit in merge(inputs).edits:
            applied = edit.status is EditStatus.APPLIED
            verdict = ("correct" if edit.paragraph == truth[edit.edit.id] else "wrong") if applied else "refused"
            tally[verdict] += 1
            tally[f"status {edit.status.value}"] += 1
            if edit.edit.id in traps:
                tally[f"{traps[edit.edit.id]} {verdict}"] += 1
            if args.details and verdict != "correct":
                print(f"seed {seed} {edit.edit.id} {verdict} ({edit.status.value}): {edit.message}")
    total = tally["correct"] + tally["wrong"] + tally["refused"]
    print(f"machine: {cpu()}\nengine: {engine()}")
    decoys = f"; {args.decoys} decoys a trial" if args.decoys else ""
    print(f"{args.trials} trials (seeds {args.seed}-{args.seed + args.trials - 1}), {total} edits{decoys}")
    for verdict in ("correct", "wrong", "refused"):
        print(f"{verdict}: {tally[verdict]} ({100 * tally[verdict] / total:.2f} %)")
    print("statuses:", ", ".join(f"{k[7:]} {v}" for k, v in sorted(tally.items()) if k.startswith("status ")))
    for kind in ("decoy-changed", "decoy-verbatim"):
        if any(k.startswith(kind) for k in tally):
            counts = " / ".join(str(tally[f"{kind} {v}"]) for v in ("correct", "wrong", "refused"))
            print(f"{kind} (edits quoting a decoyed paragraph): correct / wrong / refused {counts}")


if __name__ == "__main__":
    main()
