"""Loading's two paths: the C parser for plain files, the round-trip parser for the rest and for every error.

The fast path must be invisible: the same model (positions included) and, for a broken
file, the same one-line error as the round-trip path. Most tests here load each input
both ways and compare; `round_trip_only()` hides the C extension as when
ruamel.yaml.clib is not installed.
"""

from __future__ import annotations

import json
import os
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from unittest import mock

import pytest
import ruamel.yaml.main
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from itu_amend import loading
from itu_amend.errors import InputError
from itu_amend.loading import load_baseline, load_decisions, load_inputs, load_proposal, load_proposals
from itu_amend.merging import merge
from itu_amend.model import Position

from .conftest import ROOT, Workspace

SCRATCH = Path(tempfile.mkdtemp(prefix="itu-amend-fast-"))
EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "150"))
FUZZ = settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])
C_PARSER = getattr(ruamel.yaml.main, "CParser", None)
needs_c = pytest.mark.skipif(C_PARSER is None, reason="ruamel.yaml.clib is not installed")


@contextmanager
def round_trip_only() -> Iterator[None]:
    """Load as when ruamel.yaml.clib is not installed: the round-trip path only."""
    with mock.patch.object(ruamel.yaml.main, "CParser", None):
        yield


@contextmanager
def no_round_trip() -> Iterator[None]:
    """Fail the test if the round-trip parser is used."""

    def refuse(*args: Any) -> Any:
        raise AssertionError("the round-trip parser was used")

    with mock.patch.object(loading, "_read_round_trip", refuse):
        yield


def outcome(load: Callable[[Path], Any], path: Path) -> tuple[str, Any, list[str]]:
    """What loading `path` gives: the model and its positions as printed, or the error and its line."""
    try:
        model = load(path)
    except Exception as error:  # an InputError; anything else is a bug, but the same bug either way
        return type(error).__name__, str(error), []
    return "model", model, [str(p) for p in _positions(model)]


def _positions(model: Any) -> list[Position | None]:
    items = getattr(model, "paragraphs", None) or getattr(model, "edits", None) or model
    return [item.position for item in items] if isinstance(items, tuple) else []


def both_ways(load: Callable[[Path], Any], path: Path) -> tuple[Any, Any]:
    fast = outcome(load, path)
    with round_trip_only():
        slow = outcome(load, path)
    return fast, slow


# --- the shipped example -----------------------------------------------------------------------


@needs_c
def test_the_example_loads_the_same_both_ways_and_fast() -> None:
    with no_round_trip():
        fast = load_inputs(ROOT / "baseline", ROOT / "proposals", ROOT / "decisions.yaml")
    with round_trip_only():
        slow = load_inputs(ROOT / "baseline", ROOT / "proposals", ROOT / "decisions.yaml")
    assert fast == slow
    assert [str(p.position) for p in fast.baseline.paragraphs] == [str(p.position) for p in slow.baseline.paragraphs]
    for fast_proposal, slow_proposal in zip(fast.proposals, slow.proposals, strict=True):
        assert [str(e.position) for e in fast_proposal.edits] == [str(e.position) for e in slow_proposal.edits]
    assert [str(d.position) for d in fast.decisions] == [str(d.position) for d in slow.decisions]


@needs_c
def test_values_come_out_as_the_round_trip_path_gives_them(workspace: Workspace) -> None:
    path = workspace.proposal(
        "p.yaml",
        """\
        source: T
        date: 2026-02-11
        title: 'It''s: a title'
        edits:
          - action: MOD
            paragraph: 40
            text: The {++main++} focus
          - action: ADD
            after: 0x1F
            number: 040
            text: |
              Two lines,
              kept.
          - action: SUP
            paragraph: "5.10"
        """,
    )
    with no_round_trip():
        fast = load_proposal(path)
    assert fast.date == "2026-02-11"
    assert [e.paragraph for e in fast.edits] == ["40", None, "5.10"]
    assert (fast.edits[1].after, fast.edits[1].number, fast.edits[1].text) == ("31", "40", "Two lines,\nkept.\n")
    assert all(type(value) is str for value in (fast.title, fast.edits[0].text, fast.edits[0].paragraph))
    fast_again, slow = both_ways(load_proposal, path)
    assert fast_again == slow


# --- positions kept in the model ------------------------------------------------------------------


@needs_c
def test_positions_of_later_errors_name_the_same_place(monkeypatch: pytest.MonkeyPatch) -> None:
    """An explicit ADD number already taken is found by the merge, at the edit's position."""
    case = ROOT / "tests" / "bad_inputs" / "add_number_already_taken"
    monkeypatch.chdir(case)
    with no_round_trip():
        inputs = load_inputs(Path("baseline"), Path("proposals"), None)
    with pytest.raises(InputError) as caught:
        merge(inputs)
    assert f"{caught.value}\n" == (case / "expected.txt").read_text(encoding="utf-8")


@needs_c
@pytest.mark.parametrize(
    "edits",
    [
        "edits: [{action: NOC, paragraph: '1'}, {action: SUP, paragraph: \"2\"}]",
        "edits: [{text: é😀, action: NOC, paragraph: '1'},\n   {action: SUP, paragraph: '2'}]",
        "edits:\n-\n  # the first\n  action: NOC\n  paragraph: '1'\n- {action: SUP, paragraph: '2'}",
        "edits:\r\n  - action: NOC\r\n    paragraph: '1'\r\n\r\n  - action: SUP\r\n    paragraph: '2'",
        "edits:\n    -     action: NOC\n          paragraph: '1'\n    - action: SUP\n      text: >-\n        a\n\n"
        "        b",
    ],
)
def test_item_positions_from_the_c_parser_are_the_round_trip_ones(workspace: Workspace, edits: str) -> None:
    path = workspace.proposal("p.yaml", f"\ufeff# first line\nsource: 'é: T'\n{edits}\n")
    with no_round_trip():
        fast = outcome(load_proposal, path)
    with round_trip_only():
        slow = outcome(load_proposal, path)
    assert fast == slow
    assert len(fast[2]) == 2


@needs_c
def test_duplicate_ids_across_files_name_both_places(workspace: Workspace) -> None:
    first = workspace.proposal("a.yaml", "source: A\nedits:\n\n  - action: NOC\n    id: X/1\n    paragraph: '1'\n")
    second = workspace.proposal("b.yaml", "# a comment\nsource: B\nedits:\n    -   action: NOC\n        id: X/1\n"
                                "        paragraph: '1'\n")  # fmt: skip
    with no_round_trip(), pytest.raises(InputError) as caught:
        load_proposals([first, second])
    assert str(caught.value) == (
        f"{second}:4:9: edit id 'X/1' is used twice (first at {first}:4:5): give each edit its own 'id'"
    )


# --- what the fast path leaves to the round-trip one --------------------------------------------


PROPOSAL = "source: T\nedits:\n  - action: NOC\n    paragraph: '1'\n"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("source: T\ntitle: &a X\nnote: *a\nedits: []\n", "3:7: YAML aliases"),
        ("source: T\ntitle: !!str X\nedits: []\n", "2:8: YAML tags"),
        ("source: T\ntitle: ! X\nedits: []\n", "2:8: YAML tags"),
        ("source: T\nedits:\n  - !!map {action: NOC, paragraph: '1'}\n", "3:5: YAML tags"),
        ("source: T\ndate: 2026-02-30\nedits: []\n", "2:7: 'date' must be a real date"),
        ("source: T\nsource: U\nedits: []\n", "2:1: key 'source' is given twice"),
        ("source: T\nedits:\n  - action: NOC\n    paragraph: '1'\n\x85title: X\n", "5:2: invalid YAML"),
        ("source: T\nedits:\n  - action: MOD\n    text: a {++b\n", "4:13: '{++' is never closed"),
    ],
)
def test_what_the_fast_path_leaves_gets_the_round_trip_message(workspace: Workspace, text: str, message: str) -> None:
    path = workspace.proposal("p.yaml", text)
    fast, slow = both_ways(load_proposal, path)
    assert fast == slow
    assert fast[0] == "InputError"
    assert f"p.yaml:{message}" in fast[1]


@needs_c
@pytest.mark.parametrize(
    "text",
    [
        "source: T\ntitle: &a X\nedits: []\n",  # an anchor, harmless: the round-trip path reads it
        "source: T\nedits:\n  - &e\n    action: NOC\n    paragraph: '1'\n",
        "source: T\ntitle: x\u2028y\nedits: []\n",  # a line break in YAML 1.1 only
        "%YAML 1.2\n---\n" + PROPOSAL,
        "source: T\n<<: {title: X}\nedits: []\n",  # a merge key
    ],
)
def test_files_the_fast_path_cannot_read_load_as_before(workspace: Workspace, text: str) -> None:
    path = workspace.proposal("p.yaml", text)
    assert loading._read_plain(text) is None
    fast, slow = both_ways(load_proposal, path)
    assert fast == slow
    assert fast[0] == "model"


def test_a_yaml_1_1_file_is_read_as_yaml_1_1(workspace: Workspace) -> None:
    """The C parser would read 010 as 10: the round-trip parser, told %YAML 1.1, reads an octal 8."""
    path = workspace.proposal("p.yaml", "%YAML 1.1\n---\nsource: T\nedits:\n  - action: NOC\n    paragraph: 010\n")
    fast, slow = both_ways(load_proposal, path)
    assert fast == slow
    assert fast[1].edits[0].paragraph == "8"


@needs_c
def test_billion_laughs_gives_up_at_once(workspace: Workspace) -> None:
    lines = ['a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    lines += [f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join([f'*{chr(97 + i)}'] * 9)}]" for i in range(8)]
    text = "\n".join(lines) + "\nsource: T\nedits: *i\n"
    started = time.perf_counter()
    assert loading._read_plain(text) is None
    assert time.perf_counter() - started < 1


@needs_c
def test_aliases_in_a_list_are_found_as_the_same_node_met_twice() -> None:
    """No anchor character in the text's node starts is missed: the C parser's shared node is caught."""
    with mock.patch.object(loading, "PROPERTIES", ("\x00",)):  # blind the anchor check
        assert loading._read_plain("source: T\ntitle: &a X\nnote: *a\nedits: []\n") is None
        assert loading._read_plain("source: T\ntitle: &a X\nedits: []\n") is not None


@pytest.mark.parametrize("nested", ["- " * 100_000, "- &a " * 30_000, "".join(f"{' ' * i}- \n" for i in range(1500))])
def test_deep_block_nesting_never_reaches_the_c_parser(workspace: Workspace, nested: str) -> None:
    """The C parser recurses without limit (it crashes at ~100,000 levels): such files go the round-trip way."""
    text = f"source: T\nedits:\n{nested}x\n"
    assert loading._round_trip_only(text)
    path = workspace.proposal("p.yaml", text)
    started = time.perf_counter()
    with pytest.raises(InputError):
        load_proposal(path)
    assert time.perf_counter() - started < 5


def test_without_the_c_extension_loading_works(workspace: Workspace) -> None:
    workspace.paragraphs("The main focus.", "Second.")
    workspace.proposal(
        "p.yaml", "source: T\nedits:\n  - action: MOD\n    paragraph: '1'\n    text: The {++new ++}main\n"
    )
    with round_trip_only():
        assert loading._read_plain(PROPOSAL) is None
        result = merge(workspace.inputs())
    assert result.paragraphs[0].text == "The new main focus."


# --- generated inputs: both ways agree -------------------------------------------------------------

WORDS = st.sampled_from(
    ["The", "main", "focus", "of", "people", "ITU-T", "5.10", "40", "yes", "null", "~", "2026-02-11", "é", "😀",
     "a: b", "a #c", "#", ": ", "- ", "? ", "[x]", "{y}", "'q'", '"d"', "&a", "*a", "!t", "!!str", "%", "@", "`",
     "|", ">", "\\", "\\n", "\t", " ", "  ", "\u00a0", "\u2028", "{++new++}", "{--old--}", "{~~a~>b~~}", "{>>n<<}",
     "<<", "...", "---", ","]
)  # fmt: skip
TEXTS = st.lists(WORDS, min_size=1, max_size=8).map(" ".join)


@st.composite
def scalars(draw: st.DrawFn, text: str, indent: int) -> str:
    """`text` as a YAML value in one of the styles people write (plain may well be invalid YAML)."""
    pad = " " * (indent + 2)
    lines = text.split("\n")
    style = draw(st.sampled_from(["plain", "single", "double", "literal", "folded", "wrapped", "escaped"]))
    if style == "plain":
        return text
    if style == "single":
        return "'" + text.replace("'", "''") + "'"
    if style == "double":
        return json.dumps(text, ensure_ascii=draw(st.booleans()))
    if style == "escaped":
        return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("é", "\\xe9").replace(" ", "\\ ", 1) + '"'
    if style == "wrapped":  # a plain or quoted text over two lines
        head, _, tail = text.partition(" ")
        quote = draw(st.sampled_from(["", "'", '"']))
        return f"{quote}{head}\n{pad}{tail}{quote}"
    header = ("|" if style == "literal" else ">") + draw(st.sampled_from(["", "-", "+", "2"]))
    return header + "".join(f"\n{pad}{line}" for line in lines) + draw(st.sampled_from(["", "\n", f"\n{pad}"]))


NUMBERS = st.sampled_from(['"40"', "40", "'5.10'", "5.10", "040", "0x1F", "1_000", "+4", "~", "", '"a"', "[1]"])


@st.composite
def proposals(draw: st.DrawFn) -> str:
    lines = ["source: " + draw(st.sampled_from(["T", "TSAG", "'T'", '"T"', "T # group"]))]
    if draw(st.booleans()):
        lines.append("date: " + draw(st.sampled_from(["2026-02-11", "'2026-02-11'", "2026-2-1", "2026-02-30"])))
    lines.append("edits:")
    for _ in range(draw(st.integers(1, 3))):
        action = draw(st.sampled_from(["MOD", "NOC", "SUP", "ADD", "mod"]))
        item = [f"action: {action}"]
        if action == "ADD":
            item.append(f"after: {draw(NUMBERS)}")
        else:
            item.append(f"paragraph: {draw(NUMBERS)}")
        text = draw(TEXTS)
        if action.upper() == "MOD" and "{" not in text:
            text += " {++x++}"
        item.append(f"text: {draw(scalars(text, 4))}")
        if draw(st.booleans()):
            item.append(f"rationale: {draw(scalars(draw(TEXTS), 4))}")
        if draw(st.booleans()):
            lines.append("  - " + "\n    ".join(item))
        else:
            lines.append("  -\n" + "".join(f"    {line}\n" for line in item).rstrip("\n"))
    return "\n".join(lines) + "\n"


MUTATIONS = st.sampled_from(
    ["&a ", "*a", "!!str ", "! ", "<<: ", "%YAML 1.1\n---\n", "\r", "\r\n", "\x85", "\u2028", "\t", " ", "\n",
     ":", "- ", "? ", "#", "'", '"', "[", "]", "{", "}", ",", "|", ">", "---\n", "...\n", "\ufeff", "\\"]
)  # fmt: skip


@st.composite
def mutated(draw: st.DrawFn, documents: st.SearchStrategy[str]) -> str:
    text = draw(documents)
    for _ in range(draw(st.integers(0, 3))):
        at = draw(st.integers(0, len(text)))
        cut = draw(st.integers(0, 2))
        text = text[:at] + draw(MUTATIONS) + text[at + cut :]
    return text


def _write(text: str, name: str) -> Path:
    path = SCRATCH / name
    path.write_bytes(text.encode("utf-8"))
    return path


@needs_c
@FUZZ
@given(mutated(proposals()))
@example("source: T\nedits:\n  - action: NOC\n    paragraph: '1'\n    text: a\u2028b: c\n")
@example("source: T\nedits:\n  - action: NOC\n    paragraph: !!str 1\n")
@example('source: T\nedits:\n  -\n    action: MOD\n    paragraph: "40"\n    text: The {++x++}\n    rationale: \t\n')
@example(
    "source: T\t# a tab before a comment\nedits:\n  - action: NOC\n    paragraph: '1'\n    text: >-\n      1\tScope\n"
)
@example("source: T\nedits:\n  - action: MOD\n    paragraph: 40\n    text: |\n      The {++x++}\n\ufeff")  # a late BOM
def test_a_proposal_loads_the_same_both_ways(text: str) -> None:
    fast, slow = both_ways(load_proposal, _write(text, "p.yaml"))
    assert fast == slow


@st.composite
def baselines(draw: st.DrawFn) -> str:
    lines = ["document: " + draw(scalars(draw(TEXTS), 0)), "paragraphs:"]
    for n in range(draw(st.integers(1, 4))):
        number = draw(st.sampled_from([str(n), f'"{n}"', f'"{n}.1"']))
        lines.append(f"  - number: {number}")
        if draw(st.booleans()):
            lines.append(f"    heading: {draw(scalars(draw(TEXTS), 4))}")
        lines.append(f"    text: {draw(scalars(draw(TEXTS), 4))}")
    text = "\n".join(lines) + "\n"
    return text.replace("\n", "\r\n") if draw(st.booleans()) else text


@needs_c
@FUZZ
@given(mutated(baselines()))
@example("document: The\nparagraphs:\n  - number: 0\n    text: The \t\n")
@example("document: x\nparagraphs:\n  - number: '2.1'\n    heading: h\r<<: \n    text: The\n")  # a key merged in
def test_a_baseline_loads_the_same_both_ways(text: str) -> None:
    fast, slow = both_ways(load_baseline, _write(text, "b.yaml"))
    assert fast == slow


@needs_c
@FUZZ
@given(
    st.lists(
        st.sampled_from(["accept: T/1", "reject: 'T/2'", "paragraph: '3'\n    text: New.", "note: why", "accept: 7"]),
        max_size=3,
    ).map(lambda items: "decisions:\n" + "".join(f"  - {item}\n" for item in items))
)
def test_decisions_load_the_same_both_ways(text: str) -> None:
    fast, slow = both_ways(load_decisions, _write(text, "decisions.yaml"))
    assert fast == slow


@needs_c
def test_generated_valid_files_do_take_the_fast_path() -> None:
    """The agreement above is worth something only if valid files do go the C parser's way."""
    text = "source: T\ndate: 2026-02-11\nedits:\n" + "".join(
        f"  - action: MOD\n    paragraph: {n}\n    text: >-\n      The {{++new++}} text\n      of {n}: é 😀\n"
        for n in range(50)
    )
    with no_round_trip():
        proposal = load_proposal(_write(text, "p.yaml"))
    assert [str(e.position) for e in proposal.edits][-1].endswith("p.yaml:249:5")
