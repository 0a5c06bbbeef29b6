"""Shared fixtures: small workspaces written to a temporary folder, merged through the library."""

from __future__ import annotations

import shutil
import textwrap
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from itu_amend.anchoring import DEFAULT_SETTINGS, Settings
from itu_amend.loading import Inputs, load_inputs
from itu_amend.merging import merge
from itu_amend.model import MergeResult

ROOT = Path(__file__).resolve().parent.parent


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--update-golden", action="store_true", help="rewrite golden files instead of comparing")


GOLDEN = Path(__file__).parent / "golden"

Golden = Callable[[str, str], None]


@pytest.fixture
def update_golden(request: pytest.FixtureRequest) -> bool:
    return bool(request.config.getoption("--update-golden"))


@pytest.fixture
def golden(update_golden: bool) -> Golden:
    """golden(name, rendered): compare with tests/golden/NAME byte for byte, or rewrite it under --update-golden."""

    def check(name: str, rendered: str) -> None:
        path = GOLDEN / name
        if update_golden:
            path.write_text(rendered, encoding="utf-8")
            return
        assert path.exists(), f"no golden file {path}: run `make golden` and review it"
        assert rendered == path.read_text(encoding="utf-8")

    return check


@pytest.fixture
def jobs_asked(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """How many processes each anchoring was run on (`workers.ordered_map` still does the work)."""
    from itu_amend import workers

    asked: list[int] = []
    real = workers.ordered_map

    def recording(step: Any, shared: Any, items: Any, jobs: int) -> Any:
        asked.append(jobs)
        return real(step, shared, items, jobs)

    monkeypatch.setattr(workers, "ordered_map", recording)
    return asked


@pytest.fixture
def example_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the shipped baseline/ and proposals/ to write beside, as the working directory."""
    shutil.copytree(ROOT / "baseline", tmp_path / "baseline")
    shutil.copytree(ROOT / "proposals", tmp_path / "proposals")
    monkeypatch.chdir(tmp_path)
    return tmp_path


class Workspace:
    """A baseline/ and proposals/ folder (and decisions.yaml) in a temporary directory."""

    def __init__(self, root: Path, settings: Settings = DEFAULT_SETTINGS) -> None:
        self.root = root
        self.settings = settings
        self.baseline_dir = root / "baseline"
        self.proposals_dir = root / "proposals"
        self.decisions_file = root / "decisions.yaml"
        self.baseline_dir.mkdir()
        self.proposals_dir.mkdir()

    def baseline(self, yaml_text: str, name: str = "plan.yaml") -> Path:
        path = self.baseline_dir / name
        path.write_text(textwrap.dedent(yaml_text), encoding="utf-8")
        return path

    def paragraphs(self, *texts: str, numbers: list[str] | None = None) -> Path:
        """A baseline of the given paragraph texts, numbered "1", "2", ... unless told."""
        numbers = numbers or [str(i) for i in range(1, len(texts) + 1)]
        lines = ["document: Test document", "paragraphs:"]
        for number, text in zip(numbers, texts, strict=True):
            lines += [f'  - number: "{number}"', f"    text: {_quote(text)}"]
        return self.baseline("\n".join(lines) + "\n")

    def proposal(self, name: str, yaml_text: str) -> Path:
        path = self.proposals_dir / name
        path.write_text(textwrap.dedent(yaml_text), encoding="utf-8")
        return path

    def decisions(self, yaml_text: str) -> Path:
        self.decisions_file.write_text(textwrap.dedent(yaml_text), encoding="utf-8")
        return self.decisions_file

    def inputs(self) -> Inputs:
        return load_inputs(self.baseline_dir, self.proposals_dir, self.decisions_file)

    def merge(self, jobs: int | None = 1) -> MergeResult:
        return merge(self.inputs(), self.settings, jobs=jobs)

    def args(self) -> list[str]:
        """CLI options pointing at this workspace."""
        return [
            "--baseline", str(self.baseline_dir),
            "--proposals", str(self.proposals_dir),
            "--decisions", str(self.decisions_file),
        ]  # fmt: skip


def _quote(text: str) -> str:
    """A YAML double-quoted scalar."""
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\t", "\\t")
    return f'"{escaped}"'


@pytest.fixture
def workspace(tmp_path: Path) -> Workspace:
    """A workspace in a temporary directory, merged with the default settings."""
    return Workspace(tmp_path)


@pytest.fixture
def example(monkeypatch: pytest.MonkeyPatch) -> Callable[[], MergeResult]:
    """Merge of the shipped example, run from the repository root so that reports name relative paths."""
    monkeypatch.chdir(ROOT)

    def run() -> MergeResult:
        return merge(load_inputs(Path("baseline"), Path("proposals"), Path("decisions.yaml")))

    return run
