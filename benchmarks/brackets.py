"""Bracket parsing: what reading disputed text costs `load_baseline` on the 20,000-paragraph workspace.

The workspace of loading.py (real prose, YAML written the ways people write it), and a copy of
its baseline in which one paragraph in ten holds disputed text (plain, adjacent, labelled, slash
and nested brackets, and one unpaired bracket in a hundred). Each baseline is loaded with bracket
parsing as shipped and with `brackets.parse` replaced by a function that finds nothing, in turn,
in one process (side by side: the same machine load for both), in interleaved rounds; the best
CPU time of each is reported (process time: on a shared machine wall time wanders by 10 %), and
the overhead in per cent; then `brackets.parse` alone over every paragraph, the cost itself.
Acceptance (issue 16): under 5 %.

    python benchmarks/brackets.py                   # 20,000 paragraphs
    python benchmarks/brackets.py --paragraphs 5000 --repeat 3
"""

from __future__ import annotations

import argparse
import gc
import json
import random
import re
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import loading
from common import cpu, engine

from itu_amend import brackets
from itu_amend import loading as library

DISPUTED = (
    " [as appropriate]",
    " [being guided by][in accordance with]",
    " [Option 1: within existing resources] [Option 2 (RAG): subject to the budget]",
    " [shall / should]",
    " [the Council [at its next session]]",
)


def disputed_copy(source: Path, target: Path, seed: int) -> int:
    """Copy a baseline, adding a disputed passage to the text of one paragraph in ten; how many."""
    rng = random.Random(seed)
    out, added = [], 0
    for line in source.read_text(encoding="utf-8").splitlines():
        match = re.match(r"(    text: )(.*)$", line)
        if match and match.group(2) and match.group(2)[0] not in "\"'>|" and rng.random() < 0.1:
            passage = rng.choice(DISPUTED) if rng.random() > 0.01 else " [unclosed"
            line = match.group(1) + json.dumps(match.group(2) + passage, ensure_ascii=False)  # YAML double-quoted
            added += 1
        out.append(line)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text("\n".join(out) + "\n", encoding="utf-8")
    return added


def best(load: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        gc.collect()  # each load starts from the same heap
        started = time.process_time()
        load()
        times.append(time.process_time() - started)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--paragraphs", type=int, default=20_000)
    parser.add_argument("--repeat", type=int, default=3, help="loads of each variant a round (3 rounds); the best")
    parser.add_argument("--rounds", type=int, default=4, help="rounds of both variants, interleaved")
    parser.add_argument("--seed", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        loading.build(root, args.paragraphs, max(1, args.paragraphs // 2), 50, args.seed)
        plain = root / "baseline" / "baseline.yaml"
        disputed = root / "disputed" / "baseline.yaml"
        added = disputed_copy(plain, disputed, args.seed)
        found = sum(len(p.brackets) for p in library.load_baseline(disputed).paragraphs)
        already = sum(1 for p in library.load_baseline(plain).paragraphs if p.brackets)
        real = brackets.parse
        print(f"# {cpu()}\n# {engine()}")
        print(
            f"# {args.paragraphs} paragraphs, {already} with brackets as generated (the prose's own); "
            f"{added} more given disputed text in the copy ({found} passages read there)"
        )
        for name, path in (("as generated", plain), ("with disputed text added", disputed)):
            timings = {}
            for _ in range(args.rounds):  # interleaved: parsing on, off, on, off...
                for variant in ("with parsing", "without"):
                    brackets.parse = real if variant == "with parsing" else (lambda text, number: brackets.NOTHING)
                    try:
                        took = best(lambda path=path: library.load_baseline(path), args.repeat)  # type: ignore[misc]
                    finally:
                        brackets.parse = real
                    timings[variant] = min(timings.get(variant, took), took)
            overhead = 100 * (timings["with parsing"] / timings["without"] - 1)
            texts = [(p.text, p.number) for p in library.load_baseline(path).paragraphs]
            alone = best(lambda texts=texts: [real(t, n) for t, n in texts], args.repeat)  # type: ignore[misc]
            print(
                f"{name:<26} load {timings['without']:.3f} s CPU without parsing, {timings['with parsing']:.3f} s "
                f"with: {overhead:+.1f} %; parsing alone {alone * 1000:.0f} ms "
                f"({100 * alone / timings['without']:.1f} % of loading)"
            )
    sys.stdout.flush()


if __name__ == "__main__":
    main()
