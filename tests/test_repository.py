"""The repository itself: what a merge may leave behind."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MARKER = re.compile(r"^(<{7} |>{7} |={7}$)", re.MULTILINE)


def test_no_file_keeps_the_conflict_markers_of_a_merge() -> None:
    """A merge once left `<<<<<<< HEAD` … `>>>>>>> integrate` in CHANGELOG.md, and nothing said so."""
    kept = [
        path.relative_to(ROOT).as_posix()
        for pattern in ("*.md", "*.toml", "Makefile", "docs/**/*.md", "itu_amend/**/*.py", "tests/*.py", "benchmarks/*")
        for path in ROOT.glob(pattern)
        if path.is_file() and MARKER.search(path.read_text(encoding="utf-8", errors="replace"))
    ]
    assert kept == []
