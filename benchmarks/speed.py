"""End to end against the C parse floor, side by side in one run: `merge --format json` on every core and on one.

    python benchmarks/speed.py WORKSPACE [--repeat 3]
    python ../shared/drift-dev/score.py ../shared/drift-dev/scale-seed7.json.gz .venv/bin/itu-amend --keep /tmp/dd
    python benchmarks/speed.py /tmp/dd/scale-01          # issue 13's target: <= 3x (2 cores), <= 5x (--jobs 1)

Each run is a child process (wall time, its peak memory from `wait4`), the runs taking turns
so that the load of this shared machine falls on each alike; the best of each is reported.
The floor parses every YAML file of the workspace with ruamel.yaml's C loader, building nothing.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path

from common import cpu, engine

FLOOR = """
import sys
from pathlib import Path
from ruamel.yaml import YAML
yaml = YAML(typ="safe", pure=False)
for path in sorted(Path(sys.argv[1]).glob("*/*.yaml")):
    yaml.load(path.read_bytes())
"""


def timed(command: list[str], cwd: Path) -> tuple[float, float]:
    """(wall seconds, peak MB) of one child."""
    start = time.perf_counter()
    child = subprocess.Popen(command, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(child.pid, 0)
    wall = time.perf_counter() - start
    if status != 0:
        raise SystemExit(f"{' '.join(command)} failed ({status})")
    return wall, usage.ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("workspace", type=Path)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    exe = str(Path(sys.executable).with_name("itu-amend"))
    runs = {
        "floor (C loader)": [sys.executable, "-c", FLOOR, "."],
        "merge, every core": [exe, "merge", "--format", "json"],
        "merge --jobs 1": [exe, "merge", "--format", "json", "--jobs", "1"],
    }
    best: dict[str, tuple[float, float]] = {}
    for _ in range(args.repeat):
        for name, command in runs.items():
            wall, peak = timed(command, args.workspace)
            if name not in best or wall < best[name][0]:
                best[name] = (wall, max(peak, best.get(name, (0, 0))[1]))
    print(cpu())
    print(engine())
    floor = best["floor (C loader)"][0]
    print("| run | best wall s | × floor | peak MB |\n| --- | ---: | ---: | ---: |")
    for name, (wall, peak) in best.items():
        print(f"| {name} | {wall:.2f} | {wall / floor:.1f} | {peak:.0f} |")


if __name__ == "__main__":
    main()
