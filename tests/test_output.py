"""Nothing lost: files are written whole or not at all, and Ctrl-C leaves no partial output."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

from itu_amend import cli
from itu_amend.output import write_atomically
from tests.conftest import Workspace


def test_a_write_interrupted_before_the_rename_leaves_the_previous_file_whole(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "consolidated.txt"
    target.write_text("the previous version\n", encoding="utf-8")

    def interrupted(src: str, dst: str) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "replace", interrupted)
    with pytest.raises(KeyboardInterrupt):
        write_atomically(target, "the new version, half written\n" * 1000)
    assert target.read_text(encoding="utf-8") == "the previous version\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["consolidated.txt"]  # no temporary file left


def test_a_write_that_fails_halfway_leaves_no_partial_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "new.json"

    def disk_full(fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", disk_full)
    with pytest.raises(OSError):
        write_atomically(target, "{}")
    assert list(tmp_path.iterdir()) == []


def test_ctrl_c_during_a_run_exits_130_without_traceback_or_output_file(
    workspace: Workspace, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    workspace.paragraphs("The cat sat on the mat.")
    workspace.proposal(
        "a.yaml",
        """
        source: A
        edits:
          - action: MOD
            text: The cat sat on the {--mat--}{++sofa++}.
        """,
    )
    target = workspace.root / "out.json"

    def interrupted(*args: object, **kwargs: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(cli, "merge", interrupted)
    monkeypatch.setattr(sys, "argv", ["itu-amend", "merge", *workspace.args(), "--format", "json", "-o", str(target)])
    with pytest.raises(SystemExit) as stopped:
        cli.run()
    assert stopped.value.code == 130
    captured = capsys.readouterr()
    assert "Traceback" not in captured.out + captured.err
    assert not target.exists()
