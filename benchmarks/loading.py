"""Loading: time reading a 20,000-paragraph baseline and 10,000 edits in 50 proposals, against the C parse floor.

It writes a workspace (baseline/, proposals/) from real prose (see prose.py), in the
styles people write YAML by hand: plain, double-quoted and folded (`>-`) texts, CriticMarkup
in the MOD texts, ADD/SUP/NOC edits, ids, dates and rationales. Then, each in a child
process (wall time of the work itself, and the child's peak memory):

- floor: parsing every file with ruamel.yaml's `YAML(typ="safe")` and the C loader
  (`ruamel.yaml.clib`), building nothing;
- fast: `load_baseline` + `load_proposals` as shipped (the C parser for plain files);
- round-trip: the same with the C extension hidden, as before the fast path (pure Python).

    python benchmarks/loading.py                          # 20,000 paragraphs, 10,000 edits, 50 files
    python benchmarks/loading.py --paragraphs 5000 --edits 2500 --repeat 1
"""

from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path
from typing import Any

import prose
from common import cpu, engine

PLAIN_STARTS = set("-?:,[]{}#&*!|>'\"%@`")
MODES = ("floor", "fast", "round-trip")


# --- the workspace --------------------------------------------------------------------------


def build(root: Path, paragraphs: int, edits: int, files: int, seed: int) -> None:
    """Write baseline/baseline.yaml and proposals/g01.yaml... under `root`."""
    rng = random.Random(seed)
    babbler = prose.Babbler(random.Random(seed))
    texts = [babbler.paragraph() for _ in range(paragraphs)]
    lines = ["document: Loading benchmark (generated from the Python documentation's prose)", "version: draft 3"]
    lines.append("paragraphs:")
    for number, text in enumerate(texts, 1):
        lines.append(f'  - number: "{number}"')
        if rng.random() < 0.05:
            lines.append(f"    heading: {_scalar(babbler.sentence()[:60].rstrip(' .,;:') or 'Heading', rng, 4)}")
        lines.append(f"    text: {_scalar(text, rng, 4)}")
    (root / "baseline").mkdir(parents=True)
    (root / "baseline" / "baseline.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (root / "proposals").mkdir()
    targets = sorted(rng.sample(range(paragraphs), edits))
    groups: list[list[int]] = [[] for _ in range(files)]
    for index in targets:
        groups[rng.randrange(files)].append(index)
    for g, group in enumerate(groups, 1):
        body = [f"source: G{g:02d}", f"date: 2026-02-{rng.randint(1, 28):02d}", f"title: Proposal {g} of the benchmark"]
        body.append("edits:" if group else "edits: []")
        for n, index in enumerate(group, 1):
            body += _edit(texts[index], str(index + 1), f"G{g:02d}/{n}", babbler, rng)
        (root / "proposals" / f"g{g:02d}.yaml").write_text("\n".join(body) + "\n", encoding="utf-8")


def _edit(text: str, number: str, ident: str, babbler: prose.Babbler, rng: random.Random) -> list[str]:
    """The lines of one edit of paragraph `number`: mostly MODs with CriticMarkup."""
    roll = rng.random()
    head = ["  - action: {}"]
    if rng.random() < 0.2:
        head.append(f"    id: {ident}")
    if roll < 0.08:
        head[0] = head[0].format("ADD")
        body = [f'    after: "{number}"', f"    text: {_scalar(babbler.paragraph(), rng, 4)}"]
    elif roll < 0.14:
        head[0] = head[0].format("SUP")
        body = [f'    paragraph: "{number}"']
    elif roll < 0.20:
        head[0] = head[0].format("NOC")
        body = [f'    paragraph: "{number}"', f"    text: {_scalar(_quote(text, rng), rng, 4)}"]
    else:
        head[0] = head[0].format("MOD")
        body = [f'    paragraph: "{number}"', f"    text: {_scalar(_marked(_quote(text, rng), babbler, rng), rng, 4)}"]
    if rng.random() < 0.3:
        body.append(f"    rationale: {_scalar(babbler.sentence(), rng, 4)}")
    return head + body


def _quote(text: str, rng: random.Random) -> str:
    """One to three sentences of the paragraph, as an author quotes them."""
    sentences = prose.sentences_of(text)
    start = rng.randrange(len(sentences))
    return " ".join(sentences[start : start + rng.randint(1, 3)])


def _marked(quote: str, babbler: prose.Babbler, rng: random.Random) -> str:
    """`quote` with one to three CriticMarkup changes on its words, sometimes a comment."""
    words = quote.split(" ")
    for _ in range(rng.randint(1, 3)):
        i = rng.randrange(len(words))
        if "{" in words[i] or "}" in words[i]:
            continue
        new = rng.choice(babbler.sentence().rstrip(".").split(" "))
        kind = rng.choice(("delete", "insert", "substitute"))
        if kind == "delete":
            words[i] = f"{{--{words[i]}--}}"
        elif kind == "insert":
            words[i] = f"{words[i]} {{++{new}++}}"
        else:
            words[i] = f"{{~~{words[i]}~>{new}~~}}"
    if not any("{" in w for w in words):
        words[0] = f"{{--{words[0]}--}}"
    if rng.random() < 0.1:
        words.append("{>>as agreed at the last meeting<<}")
    return " ".join(words)


def _scalar(text: str, rng: random.Random, indent: int) -> str:
    """`text` as a YAML value: plain where YAML allows it, else double-quoted, or a folded block."""
    style = rng.random()
    if style < 0.4 and _plain_ok(text):
        return text
    if style < 0.7 or "  " in text or text != text.strip():
        return json.dumps(text, ensure_ascii=False)
    pad = " " * (indent + 2)
    return ">-\n" + "\n".join(
        textwrap.wrap(
            text, 78, initial_indent=pad, subsequent_indent=pad, break_long_words=False, break_on_hyphens=False
        )
    )


def _plain_ok(text: str) -> bool:
    return (
        bool(text)
        and text[0] not in PLAIN_STARTS
        and ": " not in text
        and " #" not in text
        and not text.endswith(":")
        and text == text.strip()
        and "\t" not in text
    )


# --- measuring --------------------------------------------------------------------------------


def measure(mode: str, root: Path) -> tuple[float, int]:
    """Seconds (wall) to do `mode`'s work on the workspace at `root`, in this process; files read the round-trip way."""
    from ruamel.yaml import YAML

    from itu_amend import loading

    if mode == "round-trip":
        import ruamel.yaml.main

        ruamel.yaml.main.CParser = None  # type: ignore[attr-defined]  # as when ruamel.yaml.clib is not installed
    round_trip = loading._read_round_trip
    slow: list[Path] = []

    def counted(path: Path, text: str, allow_empty: bool) -> Any:
        slow.append(path)
        return round_trip(path, text, allow_empty)

    loading._read_round_trip = counted
    files = [loading.find_baseline(root / "baseline"), *loading.find_proposals(root / "proposals")]
    start = time.perf_counter()
    if mode == "floor":
        for path in files:
            YAML(typ="safe").load(path.read_bytes().decode("utf-8"))
    else:
        loading.load_baseline(files[0])
        loading.load_proposals(files[1:])
    return time.perf_counter() - start, len(slow)


def in_child(mode: str, root: Path) -> tuple[float, float, int]:
    """Seconds, peak resident memory (MB) and files read the round-trip way of `measure(mode)` in a fresh process."""
    child = subprocess.Popen(
        [sys.executable, __file__, "--child", mode, "--root", str(root)], stdout=subprocess.PIPE, text=True
    )
    assert child.stdout is not None
    seconds, slow = json.loads(child.stdout.read())
    _, status, usage = os.wait4(child.pid, 0)
    if status != 0:
        raise SystemExit(f"{mode}: the child failed (status {status})")
    return seconds, usage.ru_maxrss / 1024, slow


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--paragraphs", type=int, default=20_000)
    parser.add_argument("--edits", type=int, default=10_000)
    parser.add_argument("--files", type=int, default=50)
    parser.add_argument("--seed", type=int, default=3)
    parser.add_argument("--repeat", type=int, default=3, help="runs of each mode; the best time is reported")
    parser.add_argument("--root", type=Path, help="use (or keep) the workspace in this folder")
    parser.add_argument("--child", choices=MODES, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(measure(args.child, args.root)))
        return
    with tempfile.TemporaryDirectory() as tmp:
        root = args.root or Path(tmp)
        if not (root / "baseline").exists():
            build(root, args.paragraphs, args.edits, args.files, args.seed)
        size = sum(p.stat().st_size for p in root.rglob("*.yaml"))
        count = len(list(root.rglob("*.yaml")))
        print(f"{cpu()}\n{engine()}")
        print(
            f"{args.paragraphs:,} paragraphs, {args.edits:,} edits in {args.files} files, {size / 1e6:.1f} MB of YAML\n"
        )
        print(f"{'':12} {'seconds':>8} {'x floor':>8} {'peak MB':>8} {'files read the round-trip way':>30}")
        floor = None
        for mode in MODES:
            runs = [in_child(mode, root) for _ in range(args.repeat)]
            seconds = min(r[0] for r in runs)
            floor = floor or seconds
            slow = "" if mode == "floor" else f"{runs[0][2]} of {count}"
            print(f"{mode:12} {seconds:8.2f} {seconds / floor:8.2f} {max(r[1] for r in runs):8.0f} {slow:>30}")


if __name__ == "__main__":
    main()
