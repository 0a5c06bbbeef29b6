"""The kill rate per module of the last `make mutate`, and its surviving mutants (read from `mutmut results`)."""

from __future__ import annotations

import subprocess
import sys
from collections import Counter, defaultdict
from pathlib import Path

BIN = Path(sys.executable).parent
KILLED = {"killed", "caught by type check", "timeout", "segfault"}
"""Outcomes that count as caught: a mutant that hangs or crashes the suite does not pass it."""


def outcomes() -> dict[str, str]:
    """Every mutant tried so far, by name, with mutmut's word for its outcome."""
    listing = subprocess.run([BIN / "mutmut", "results", "--all", "true"], capture_output=True, text=True, check=True)
    found = {}
    for line in listing.stdout.splitlines():
        name, sep, outcome = line.strip().rpartition(": ")
        if sep and "__mutmut_" in name:
            found[name] = outcome
    return found


def module_of(name: str) -> str:
    return name.split(".x", 1)[0].removeprefix("itu_amend.")


def main(modules: list[str]) -> None:
    by_module: dict[str, Counter[str]] = defaultdict(Counter)
    survivors: list[str] = []
    for name, outcome in sorted(outcomes().items()):
        module = module_of(name)
        if (modules and module not in modules) or outcome == "not checked":
            continue
        by_module[module][outcome] += 1
        if outcome == "survived":
            survivors.append(name)
    print(f"{'module':<20} {'tried':>6} {'killed':>7} {'survived':>9} {'no tests':>9} {'rate':>7}")
    total = Counter[str]()
    for module, counts in sorted(by_module.items()):
        total.update(counts)
        print(_row(module, counts))
    print(_row("all", total))
    print("\nsurvivors (mutmut show NAME gives the diff):")
    print("\n".join(f"  {name}" for name in survivors) or "  none")


def _row(module: str, counts: Counter[str]) -> str:
    tried = sum(counts.values())
    killed = sum(n for outcome, n in counts.items() if outcome in KILLED)
    rate = f"{100 * killed / tried:.1f} %" if tried else "-"
    return f"{module:<20} {tried:>6} {killed:>7} {counts['survived']:>9} {counts['no tests']:>9} {rate:>7}"


if __name__ == "__main__":
    main(sys.argv[1:])
