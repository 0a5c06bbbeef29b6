"""What every benchmark report states: the machine, the tools' versions and which itu-amend was measured."""

from __future__ import annotations

import os
import platform
import subprocess
from pathlib import Path

import itu_amend


def cpu() -> str:
    try:
        lines = Path("/proc/cpuinfo").read_text().splitlines()
    except OSError:
        lines = []
    model = next(
        (line.split(":", 1)[1].strip() for line in lines if line.startswith("model name")), platform.processor()
    )
    memory = ""
    try:
        total = next(line for line in Path("/proc/meminfo").read_text().splitlines() if line.startswith("MemTotal"))
        memory = f", {int(total.split()[1]) / 1024 / 1024:.0f} GiB"
    except (OSError, StopIteration):
        pass
    system = f"{platform.system()} {platform.release()}"
    return f"{model} ({os.cpu_count()} cores{memory}), Python {platform.python_version()}, {system}"


def engine() -> str:
    """Where itu_amend was imported from, and its commit (with 'modified' if the work tree differs)."""
    package = Path(itu_amend.__file__).resolve().parent
    label = f"itu_amend {itu_amend.__version__} from {package}"
    try:
        commit = _git(package, "rev-parse", "--short", "HEAD")
        dirty = _git(package, "status", "--porcelain", "--", ".")
    except (OSError, subprocess.CalledProcessError):
        stamp = package.parent / "COMMIT"  # a snapshot made with `git archive` (see README)
        return f"{label} (snapshot of commit {stamp.read_text().strip()})" if stamp.exists() else label
    return f"{label} at commit {commit}" + (" (with uncommitted changes)" if dirty else "")


def _git(where: Path, *args: str) -> str:
    done = subprocess.run(["git", "-C", str(where), *args], capture_output=True, text=True, check=True)
    return done.stdout.strip()
