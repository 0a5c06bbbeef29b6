"""`resolve` and `decisions`: decisions.yaml written with the editor's comments kept."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from itu_amend.cli import app

ROOT = Path(__file__).resolve().parent.parent
runner = CliRunner()


def invoke(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_resolving_every_conflict_leaves_conflicts_exiting_0(example_dir: Path) -> None:
    assert invoke("conflicts")[0] == 1
    assert invoke("resolve", "--accept", "TSAG/2", "--note", "agreed at the fifth meeting")[0] == 0
    assert invoke("resolve", "--reject", "TDAG/2")[0] == 0
    code, out, _ = invoke("resolve", "--paragraph", "31", "--text", "ITU will ensure sound financial management.")
    assert code == 0
    assert "settles C1" in out
    assert invoke("conflicts")[0] == 0
    paragraphs = {p["number"]: p for p in json.loads(invoke("merge", "--format", "json")[1])["paragraphs"]}
    assert paragraphs["31"]["text"] == "ITU will ensure sound financial management."
    assert "learning, innovation and adaptive change" in paragraphs["33"]["text"]
    assert paragraphs["35"]["status"] == "modified"  # RAG's MOD applies once TDAG's SUP is rejected


def test_hand_written_comments_order_and_quotes_survive(example_dir: Path) -> None:
    decisions = example_dir / "decisions.yaml"
    decisions.write_text(
        "# notes of the chair\n"
        "decisions:\n"
        "    # first ruling, by hand\n"
        "    - reject: RAG/5   # RAG withdrew it\n"
        "      note: 'withdrawn at the meeting'\n",
        encoding="utf-8",
    )
    assert invoke("resolve", "--accept", "TSAG/2")[0] == 0
    text = decisions.read_text(encoding="utf-8")
    assert text.startswith("# notes of the chair\n")
    assert "# first ruling, by hand" in text
    assert "# RAG withdrew it" in text
    assert "'withdrawn at the meeting'" in text
    assert text.index("reject: RAG/5") < text.index("accept: TSAG/2")
    assert "    - accept: TSAG/2" in text  # the editor's indentation is kept


def test_a_later_ruling_on_the_same_edit_replaces_the_earlier(example_dir: Path) -> None:
    invoke("resolve", "--reject", "TSAG/2")
    invoke("resolve", "--accept", "TSAG/2")
    text = (example_dir / "decisions.yaml").read_text(encoding="utf-8")
    assert "reject: TSAG/2" not in text
    assert text.count("TSAG/2") == 1


def test_unknown_edit_is_refused_with_a_hint_and_nothing_written(example_dir: Path) -> None:
    code, _, err = invoke("resolve", "--accept", "TSAG/9")
    assert code == 2
    assert err.strip() == "no edit 'TSAG/9' in the proposals (did you mean 'TSAG/2'?)"
    assert not (example_dir / "decisions.yaml").exists()


def test_unknown_paragraph_is_refused(example_dir: Path) -> None:
    code, _, err = invoke("resolve", "--paragraph", "99", "--text", "x")
    assert code == 2
    assert "no paragraph '99'" in err


@pytest.mark.parametrize(
    "args",
    [
        ("--accept", "TSAG/2", "--reject", "RAG/2"),
        ("--paragraph", "31"),
        ("--accept", "TSAG/2", "--text", "x"),
        (),
    ],
)
def test_one_ruling_at_a_time(example_dir: Path, args: tuple[str, ...]) -> None:
    code, _, err = invoke("resolve", *args)
    assert code == 2
    assert "Traceback" not in err


def test_compromise_from_a_text_file(example_dir: Path) -> None:
    (example_dir / "compromise.txt").write_text("A compromise [agreed] text.\n", encoding="utf-8")
    assert invoke("resolve", "--paragraph", "35", "--text-file", "compromise.txt")[0] == 0
    merged = invoke("merge", "--format", "json")[1]
    assert '"text": "A compromise [agreed] text."' in merged


def test_decisions_lists_what_each_ruling_settles(example_dir: Path) -> None:
    invoke("resolve", "--reject", "TDAG/2", "--note", "premises stay")
    invoke("resolve", "--accept", "TSAG/1")
    code, out, _ = invoke("decisions")
    assert code == 0
    assert "reject TDAG/2 -> C3  (premises stay)" in out
    assert "accept TSAG/1 (settles no conflict)" in out
    assert "2 conflicts unresolved" in out


def test_a_decision_naming_a_withdrawn_edit_is_reported(example_dir: Path) -> None:
    (example_dir / "decisions.yaml").write_text("decisions:\n  - accept: RAG/9\n", encoding="utf-8")
    code, _, err = invoke("decisions")
    assert code == 2
    assert err.startswith("decisions.yaml:2:5: decision names edit 'RAG/9', which no proposal has")


def test_a_file_of_comments_only_gets_its_first_decision_under_them(example_dir: Path) -> None:
    decisions = example_dir / "decisions.yaml"
    decisions.write_text("# decisions of the fifth meeting\n", encoding="utf-8")
    assert invoke("resolve", "--reject", "TDAG/2")[0] == 0
    text = decisions.read_text(encoding="utf-8")
    assert text.startswith("# decisions of the fifth meeting\n")
    assert "reject: TDAG/2" in text
    assert invoke("conflicts")[0] == 1  # the file still loads


def test_show_tells_the_full_story_with_the_decision(example_dir: Path) -> None:
    invoke("resolve", "--accept", "TSAG/2", "--note", "agreed at the fifth meeting")
    code, out, _ = invoke("show", "33", "--format", "text")
    assert code == 0
    assert "Decisions:\n  accept TSAG/2 (agreed at the fifth meeting)" in out
    assert "document: TSAG liaison statement" in out
    assert "C2 overlap in paragraph 33 (resolved)" in out
