"""The meeting room (issue 17) at scale: how long `itu-amend review` takes to open, to move, to record a decision.

Two workspaces of 2,000 edits:

- meeting: what a meeting has before it, 20 groups' proposals on the current draft (2,000 paragraphs of
  real prose, `prose.Babbler`), each edit a word replaced in a quote of seven words, one in ten
  replacing, differently, a word another group replaces (about 200 conflicts);
- drifted: scale.py's workspace (4,000 paragraphs, 2,000 edits in 20 files, every kind of drift), whose
  anchoring is the slow part of any command.

For each: the time to open (load, anchor, merge, first screen drawn by Textual's headless driver, at
80x24), then the mean and worst time of a move to the next conflict (`j`, until the screen is drawn
again) and of a decision (`a`: recorded in decisions.yaml, merged again, drawn), beside the pilot's own
round trip (a key bound to nothing, `noop_key_ms`), which a person at a keyboard does not wait for.

    python benchmarks/review.py                # both workspaces
    python benchmarks/review.py --only meeting
    python benchmarks/review.py --terminal 5   # also: `itu-amend review` typed in tmux, Enter to first screen

`--terminal N` times what the editor waits for: the command typed in a real terminal (tmux,
80x24), from Enter until the screen shows the room's footer, N times (the interpreter's start,
the imports, Textual's own start-up included).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import prose
import scale
from common import cpu, engine

from itu_amend.meeting import Room
from itu_amend.tui import MeetingApp

GROUPS = 20
EDITS = 2_000
PARAGRAPHS = 2_000
CLASHING = 0.1
MOVES = 30
DECISIONS = 10


def meeting_workspace(root: Path, seed: int = 17) -> None:
    """baseline/ and proposals/ of the meeting workspace (see the module's docstring)."""
    rng = random.Random(seed)
    babbler = prose.Babbler(random.Random(seed))
    texts = [babbler.paragraph() for _ in range(PARAGRAPHS)]
    taken: list[tuple[int, int]] = []
    edits: dict[int, list[tuple[int, str]]] = {g: [] for g in range(GROUPS)}
    for n in range(EDITS):
        group = n % GROUPS
        if taken and rng.random() < CLASHING:
            number, at = rng.choice(taken)  # another group's word: a conflict
        else:
            number, at = _free_word(rng, texts, taken)
        taken.append((number, at))
        edits[group].append((number, _quote(texts[number], at, f"{_word(rng)}")))
    (root / "baseline").mkdir()
    lines = ["document: A draft of 2,000 paragraphs", "paragraphs:"]
    lines += [f'  - number: "{i + 1}"\n    text: {json.dumps(t, ensure_ascii=False)}' for i, t in enumerate(texts)]
    (root / "baseline" / "draft.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (root / "proposals").mkdir()
    for group, items in edits.items():
        out = [f"source: G{group + 1:02d}", "edits:"]
        for number, text in sorted(items):
            out += [f'  - action: MOD\n    paragraph: "{number + 1}"\n    text: {json.dumps(text, ensure_ascii=False)}']
        (root / "proposals" / f"g{group + 1:02d}.yaml").write_text("\n".join(out) + "\n", encoding="utf-8")


def _free_word(rng: random.Random, texts: list[str], taken: list[tuple[int, int]]) -> tuple[int, int]:
    while True:
        number = rng.randrange(len(texts))
        words = texts[number].split(" ")
        if len(words) < 9:
            continue
        at = rng.randrange(3, len(words) - 4)
        if words[at].isalpha() and (number, at) not in taken and all(abs(a - at) > 4 for n, a in taken if n == number):
            return number, at


def _quote(text: str, at: int, new: str) -> str:
    words = text.split(" ")
    return " ".join([*words[at - 3 : at], f"{{~~{words[at]}~>{new}~~}}", *words[at + 1 : at + 4]])


def _word(rng: random.Random) -> str:
    return "".join(rng.choice("aeioubcdfglmnprst") for _ in range(rng.randint(5, 9)))


def measure(root: Path) -> dict[str, float | int]:
    """Open, move and decide in the room over `root`, timed."""
    started = time.perf_counter()
    room = Room.open(root / "baseline", root / "proposals", root / "decisions.yaml", jobs=None)
    result = room.merged()
    merged = time.perf_counter() - started
    app = MeetingApp(room, result)
    times: dict[str, list[float]] = {"noop": [], "move": [], "decide": []}
    what = {"f12": "noop", "j": "move", "a": "decide"}
    opened = 0.0

    async def play() -> None:
        nonlocal opened
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            opened = time.perf_counter() - started
            for key, count in (("f12", MOVES), ("j", MOVES), ("a", DECISIONS)):
                for _ in range(count):
                    t = time.perf_counter()
                    await pilot.press(key)
                    await pilot.pause()
                    times[what[key]].append(time.perf_counter() - t)

    asyncio.run(play())
    return {
        "edits": len(result.edits),
        "conflicts": len(result.conflicts),
        "merged_s": merged,
        "open_s": opened,
        "noop_key_ms": 1000 * statistics.mean(times["noop"]),
        "move_mean_ms": 1000 * statistics.mean(times["move"]),
        "move_max_ms": 1000 * max(times["move"]),
        "decide_mean_ms": 1000 * statistics.mean(times["decide"]),
        "decide_max_ms": 1000 * max(times["decide"]),
    }


FOOTER = " conflicts · "
"""What the room's footer shows once it is drawn."""


def in_terminal(root: Path, times: int) -> list[float]:
    """Seconds from Enter to the room's footer on screen, `itu-amend review` typed in tmux (80x24)."""
    if shutil.which("tmux") is None:
        raise SystemExit("--terminal needs tmux")
    command = Path(sys.executable).with_name("itu-amend")
    found = []
    for n in range(times):
        session = f"itu-amend-review-{n}"
        size = ["-x", "80", "-y", "24"]
        subprocess.run(["tmux", "new-session", "-d", "-s", session, *size, "-c", str(root)], check=True)
        try:
            time.sleep(0.5)
            start = time.perf_counter()
            subprocess.run(["tmux", "send-keys", "-t", session, f"{command} review", "Enter"], check=True)
            while FOOTER not in _screen(session):
                if time.perf_counter() - start > 60:
                    raise SystemExit(f"the room did not open in 60 s:\n{_screen(session)}")
                time.sleep(0.01)
            found.append(time.perf_counter() - start)
            subprocess.run(["tmux", "send-keys", "-t", session, "q"], check=True)
            time.sleep(0.5)
        finally:
            subprocess.run(["tmux", "kill-session", "-t", session], check=False)
    return found


def _screen(session: str) -> str:
    return subprocess.run(["tmux", "capture-pane", "-p", "-t", session], capture_output=True, text=True).stdout


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--only", choices=("meeting", "drifted"))
    parser.add_argument("--terminal", type=int, default=0, metavar="N", help="also time the command in tmux N times")
    args = parser.parse_args()
    print(f"# {cpu()}; {engine()}")
    with tempfile.TemporaryDirectory() as tmp:
        for name in ("meeting", "drifted"):
            if args.only not in (None, name):
                continue
            root = Path(tmp) / name
            root.mkdir()
            if name == "meeting":
                meeting_workspace(root)
            else:
                scale.build(root, 2 * EDITS, EDITS, GROUPS, seed=17)
            row = measure(root)
            print(name, " ".join(f"{k}={v:.3f}" if isinstance(v, float) else f"{k}={v}" for k, v in row.items()))
            if args.terminal:
                (root / "decisions.yaml").unlink(missing_ok=True)  # the pilot's decisions: open as it was
                opened = in_terminal(root, args.terminal)
                print(name, "terminal_open_s=" + ", ".join(f"{t:.2f}" for t in opened))


if __name__ == "__main__":
    main()
