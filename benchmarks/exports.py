"""Exports at scale: `merge --format docx` against `--format html`, timed side by side in one run (issue 14).

It writes scale.py's workspace (a 20,000-paragraph baseline, 2,500 edits in 50 proposal
files, the same seed) to a temporary folder, then measures in this one run:

- end to end: `itu-amend merge --format html -o FILE` and `--format docx -o FILE` in child
  processes, alternately, `--repeat` times each (wall time, peak memory from `os.wait4`);
  the ratio docx / html is the issue's target (at most 2);
- in this process, the merge once, then each renderer alone on its result (the part of the
  end-to-end time that is the export), and with `--profile FILE` a cProfile summary of the
  docx renderer.

    python benchmarks/exports.py                       # 2,500 edits, 20,000 paragraphs, 3 runs of each
    python benchmarks/exports.py --profile docx.txt    # also the profile of the docx renderer
    python benchmarks/exports.py --edits 500 --paragraphs 4000 --repeat 1   # a quick look
"""

from __future__ import annotations

import argparse
import cProfile
import io
import os
import pstats
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import scale
from common import cpu, engine

ROOT = Path(__file__).resolve().parent.parent
CLI = Path(sys.executable).with_name("itu-amend")


def end_to_end(root: Path, fmt: str) -> tuple[float, float, int]:
    """Wall seconds, peak MB and output bytes of `itu-amend merge --format FMT -o FILE` in a child process."""
    target = root / f"out.{fmt}"
    command = [str(CLI), "merge", "--format", fmt, "-o", str(target), *scale._workspace_args(root)]
    start = time.perf_counter()
    child = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(child.pid, 0)
    seconds = time.perf_counter() - start
    assert child.stderr is not None
    error = child.stderr.read().decode()
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"{' '.join(command)} failed: {error}")
    return seconds, usage.ru_maxrss / 1024, target.stat().st_size


def renderers(root: Path, profile: Path | None) -> dict[str, float]:
    """Seconds of the merge, then of each renderer alone on its result (in this process)."""
    from itu_amend.loading import load_inputs
    from itu_amend.merging import merge
    from itu_amend.render import docx, html

    seconds: dict[str, float] = {}
    start = time.perf_counter()
    result = merge(load_inputs(root / "baseline", root / "proposals", root / "decisions.yaml"), jobs=None)
    seconds["load and merge"] = time.perf_counter() - start
    start = time.perf_counter()
    html.render_merge(result)
    seconds["render html"] = time.perf_counter() - start
    start = time.perf_counter()
    docx.render_merge(result)
    seconds["render docx"] = time.perf_counter() - start
    if profile is not None:  # again, under the profiler (which slows it ~2.5x): not the time reported
        profiler = cProfile.Profile()
        profiler.enable()
        docx.render_merge(result)
        profiler.disable()
        out = io.StringIO()
        pstats.Stats(profiler, stream=out).sort_stats("cumulative").print_stats(40)
        profile.write_text(out.getvalue(), encoding="utf-8")
    return seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--paragraphs", type=int, default=scale.PARAGRAPHS)
    parser.add_argument("--edits", type=int, default=2_500)
    parser.add_argument("--files", type=int, default=scale.FILES)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--repeat", type=int, default=3, help="end-to-end runs of each format, alternately")
    parser.add_argument("--profile", type=Path, help="write a cProfile summary of the docx renderer here")
    parser.add_argument("--keep", type=Path, help="write the workspace under this folder and keep it")
    args = parser.parse_args()
    print(f"machine: {cpu()}")
    print(f"engine: {engine()}")
    print(f"baseline: {args.paragraphs:,} paragraphs; {args.edits:,} edits in {args.files} files; seed {args.seed}\n")
    with tempfile.TemporaryDirectory(prefix="itu-amend-exports-") as tmp:
        root = args.keep or Path(tmp)
        root.mkdir(parents=True, exist_ok=True)
        scale.build(root, args.paragraphs, args.edits, args.files, args.seed)
        runs: dict[str, list[tuple[float, float, int]]] = {"html": [], "docx": []}
        for _ in range(args.repeat):
            for fmt in runs:
                runs[fmt].append(end_to_end(root, fmt))
                print(f"{fmt}: {runs[fmt][-1][0]:.1f} s", file=sys.stderr, flush=True)
        alone = renderers(root, args.profile)
    median = {fmt: statistics.median(r[0] for r in rows) for fmt, rows in runs.items()}
    print("| format | end to end, median (runs) | peak memory | output | renderer alone |")
    print("| --- | --- | --- | --- | --- |")
    for fmt, rows in runs.items():
        each = ", ".join(f"{r[0]:.1f}" for r in rows)
        print(
            f"| {fmt} | {median[fmt]:.1f} s ({each}) | {max(r[1] for r in rows):.0f} MB "
            f"| {rows[-1][2] / 1e6:.1f} MB | {alone[f'render {fmt}']:.1f} s |"
        )
    print(f"\nload and merge alone: {alone['load and merge']:.1f} s")
    print(f"docx / html, end to end: {median['docx'] / median['html']:.2f} (target: at most 2)")


if __name__ == "__main__":
    main()
