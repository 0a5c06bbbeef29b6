"""The catalogue of broken workspaces: each folder in bad_inputs/ must fail with its one expected line.

A case is a folder holding what a user's working directory would (baseline/,
proposals/, maybe decisions.yaml) and `expected.txt`, the exact line on stderr.
`itu-amend check` runs in the folder, so messages name files as the user wrote them.
Add a case by adding a folder; rewrite the expected lines with --update-golden and review the diff.
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from itu_amend.cli import app

CASES = Path(__file__).parent / "bad_inputs"
FAST = 5.0
"""Seconds: generous; a broken file must be refused at once, never after a long parse."""


def _cases() -> list[Path]:
    return sorted(p for p in CASES.iterdir() if p.is_dir())


def test_the_catalogue_is_found() -> None:
    assert len(_cases()) >= 18


@pytest.mark.parametrize("case", _cases(), ids=lambda p: p.name)
def test_bad_input_fails_with_its_one_line(case: Path, update_golden: bool, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(case)
    started = time.perf_counter()
    result = CliRunner().invoke(app, ["check", "--format", "text"], env={"NO_COLOR": "1", "FORCE_COLOR": None})
    elapsed = time.perf_counter() - started
    expected = case / "expected.txt"
    if update_golden:
        expected.write_text(result.stderr, encoding="utf-8")
    assert result.exit_code == 2, result.stdout
    assert isinstance(result.exception, SystemExit)
    assert "Traceback" not in result.output
    assert result.stdout == ""
    assert result.stderr.count("\n") == 1
    assert result.stderr == expected.read_text(encoding="utf-8")
    assert elapsed < FAST
