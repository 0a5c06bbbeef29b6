"""Golden folders: each tests/cases/<scenario>/ holds a working directory (baseline/, proposals/, maybe
decisions.yaml) and the expected rendering of each report beside it, compared byte for byte.

Found automatically: add a scenario by adding a folder, then `make golden` (--update-golden) writes
its outputs for review in the diff.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path

import pytest

from itu_amend import nextdraft, reports
from itu_amend.loading import load_inputs
from itu_amend.merging import merge
from itu_amend.model import MergeResult
from itu_amend.render import html, jsonout, markdown, terminal, text, yamlout

CASES = Path(__file__).parent / "cases"


def _terminal(print_: Callable[[MergeResult, terminal.Console], None]) -> Callable[[MergeResult], str]:
    def render(result: MergeResult) -> str:
        buffer = io.StringIO()
        print_(result, terminal.make_console(file=buffer, width=100, color=True))
        return buffer.getvalue()

    return render


RENDERERS: dict[str, Callable[[MergeResult], str]] = {
    "merge.txt": text.render_merge,
    "merge.ansi": _terminal(terminal.print_merge),
    "merge.md": markdown.render_merge,
    "merge.html": html.render_merge,
    "merge.json": jsonout.render_merge,
    "conflicts.txt": text.render_conflicts,
    "conflicts.json": jsonout.render_conflicts,
    "check.txt": text.render_check,
    "brackets.txt": text.render_brackets,
    "brackets.json": jsonout.render_brackets,
    "stats.json": jsonout.render_stats,
    "stats.txt": text.render_stats,
    "next.txt": lambda result: text.render_next_draft(nextdraft.build(result)),
    "next.yaml": lambda result: yamlout.render_next_draft(nextdraft.build(result)),
}


def _cases() -> list[Path]:
    return sorted(p for p in CASES.iterdir() if p.is_dir()) if CASES.is_dir() else []


def test_the_cases_are_found() -> None:
    assert [p.name for p in _cases()][:1] == ["brackets"]


@pytest.mark.parametrize("name", sorted(RENDERERS))
@pytest.mark.parametrize("case", _cases(), ids=lambda p: p.name)
def test_case_renders_as_recorded(case: Path, name: str, update_golden: bool, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.delenv("FORCE_COLOR", raising=False)
    monkeypatch.chdir(case)  # reports name files as the user would, relative to the working directory
    inputs = load_inputs(Path("baseline"), Path("proposals"), Path("decisions.yaml"))
    result = merge(inputs)
    rendered = RENDERERS[name](result)
    expected = case / "expected" / name
    if update_golden:
        expected.parent.mkdir(exist_ok=True)
        expected.write_text(rendered, encoding="utf-8")
    assert expected.exists(), f"no golden file {expected}: run `make golden` and review it"
    assert rendered == expected.read_text(encoding="utf-8")


@pytest.mark.parametrize("case", _cases(), ids=lambda p: p.name)
def test_case_warns_as_recorded(case: Path, update_golden: bool, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(case)
    baseline = load_inputs(Path("baseline"), Path("proposals"), None).baseline
    rendered = "".join(reports.warning_line(w) + "\n" for w in baseline.warnings)
    expected = case / "expected" / "warnings.txt"
    if update_golden:
        expected.parent.mkdir(exist_ok=True)
        expected.write_text(rendered, encoding="utf-8")
    assert rendered == expected.read_text(encoding="utf-8")
