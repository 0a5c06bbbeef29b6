"""The cyclic garbage collector, paused while a large model is built (`itu_amend.collector`).

Pausing it is safe only while what is built makes no reference cycles: these tests pin both.
"""

from __future__ import annotations

import gc
import json
from collections.abc import Callable, Iterator
from typing import Any
from unittest import mock

import pytest

from itu_amend import collector, loading, merging
from itu_amend.anchoring import proposal as P
from itu_amend.errors import InputError
from itu_amend.loading import Inputs, load_baseline, load_inputs
from itu_amend.merging import merge
from itu_amend.model import MergeResult
from itu_amend.render import jsonout

from .conftest import ROOT, Workspace


@pytest.fixture(autouse=True)
def collector_on() -> Iterator[None]:
    assert gc.isenabled()
    yield
    assert gc.isenabled()


def test_paused_inside_on_again_after_even_after_an_error() -> None:
    with pytest.raises(ValueError), collector.paused():
        assert not gc.isenabled()
        raise ValueError
    assert gc.isenabled()


def test_a_caller_that_paused_it_keeps_it_paused() -> None:
    gc.disable()
    try:
        with collector.paused():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()


def spying(target: Any, name: str) -> tuple[list[bool], Any]:
    """A patch of `target.name` that records whether the collector runs at each call."""
    seen: list[bool] = []
    real = getattr(target, name)

    def spy(*args: Any, **kwargs: Any) -> Any:
        seen.append(gc.isenabled())
        return real(*args, **kwargs)

    return seen, mock.patch.object(target, name, spy)


def test_paused_while_loading_whether_the_file_is_good_or_not(workspace: Workspace) -> None:
    good, bad = workspace.root / "good.yaml", workspace.root / "bad.yaml"
    good.write_text('document: D\nparagraphs:\n  - number: "1"\n    text: T\n', encoding="utf-8")
    bad.write_text("document: D\nparagraphs: [\n", encoding="utf-8")
    seen, patch = spying(loading, "_parse_and_build")
    with patch:
        load_baseline(good)
        with pytest.raises(InputError):
            load_baseline(bad)
    assert seen == [False, False]


def test_paused_while_anchoring_and_merging(example: Callable[[], MergeResult]) -> None:
    scored, score = spying(P, "score")
    merged, merging_patch = spying(merging, "_find_conflicts")
    with score, merging_patch:
        example()
    assert (scored, merged) == ([False] * len(scored), [False])
    assert scored


def cyclic_garbage(build: Callable[[], object]) -> int:
    """How many objects `build` leaves that only the collector can free (run once before, to warm caches)."""
    build()
    gc.collect()
    with collector.paused():
        build()
        return gc.collect()


def example_inputs() -> Inputs:
    return load_inputs(ROOT / "baseline", ROOT / "proposals", ROOT / "decisions.yaml")


def moving(workspace: Workspace) -> Workspace:
    """A workspace whose merge moves a paragraph and adds one, besides changing words."""
    workspace.paragraphs(
        "The Union shall promote the development of telecommunication networks.",
        "Member States shall cooperate to extend access to information and communication technologies.",
        "The Secretary-General shall report annually to the Council on the implementation of this plan.",
    )
    edits = [
        {"action": "SUP*", "paragraph": "1", "move": "M1", "text": "The Union shall promote the development"},
        {"action": "ADD*", "move": "M1", "after": "3"},
        {"action": "MOD", "paragraph": "2", "text": "to extend {--access--}{++affordable access++} to information"},
        {"action": "ADD", "after": "2", "text": "A new paragraph of the plan."},
    ]
    workspace.proposal("tsag.yaml", json.dumps({"source": "TSAG", "edits": edits}))
    return workspace


def test_a_merge_leaves_no_reference_cycles_behind(workspace: Workspace) -> None:
    """Else pausing the collector would hold them until the next pass: a recursive closure in the merge once held
    105,300 objects so on a 20,000-paragraph draft."""
    shipped, moved = example_inputs(), moving(workspace).inputs()
    assert [p.moved is not None for p in merge(moved).paragraphs].count(True) == 1
    assert cyclic_garbage(lambda: merge(shipped)) == 0
    assert cyclic_garbage(lambda: merge(moved)) == 0


def test_rendering_leaves_no_reference_cycles_behind() -> None:
    result = merge(example_inputs())
    assert cyclic_garbage(lambda: jsonout.render_merge(result)) == 0
