"""Golden files: the shipped example rendered in each format, compared byte for byte.

Regenerate with `make golden` (pytest --update-golden) and review the diff.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path

import pytest

from itu_amend.model import MergeResult
from itu_amend.render import jsonout, terminal, text

from .conftest import Golden


def _terminal(print_: Callable[[MergeResult, terminal.Console], None]) -> Callable[[MergeResult], str]:
    def render(result: MergeResult) -> str:
        buffer = io.StringIO()
        console = terminal.make_console(file=buffer, width=100, color=True)
        print_(result, console)
        return buffer.getvalue()

    return render


RENDERERS: dict[str, Callable[[MergeResult], str]] = {
    "example.merge.txt": text.render_merge,
    "example.merge.json": jsonout.render_merge,
    "example.merge.ansi": _terminal(terminal.print_merge),
    "example.conflicts.txt": text.render_conflicts,
    "example.conflicts.json": jsonout.render_conflicts,
    "example.conflicts.ansi": _terminal(terminal.print_conflicts),
    "example.check.txt": text.render_check,
    "example.show-33.txt": lambda r: text.render_show(r, "33"),
    "example.show-33.json": lambda r: jsonout.render_show(r, "33"),
    "example.brackets.txt": text.render_brackets,
}


@pytest.mark.parametrize("name", sorted(RENDERERS))
def test_golden(name: str, example: Callable[[], MergeResult], golden: Golden, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.delenv("FORCE_COLOR", raising=False)
    monkeypatch.chdir(Path(__file__).parent.parent)  # proposal paths in reports are relative
    golden(name, RENDERERS[name](example()))
