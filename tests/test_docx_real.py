"""Word documents from the real world: fixtures saved by Word (tests/fixtures/docx/NOTE.md) read as Word meant them.

pandoc, an independent reader, says what the documents hold where a test compares with it.
"""

from __future__ import annotations

import io
import json
import shutil
import struct
import subprocess
import zipfile
from pathlib import Path

import pytest
from typer.testing import CliRunner

from itu_amend.cli import app
from itu_amend.loading import load_baseline, load_proposal

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "docx"
runner = CliRunner()
needs_pandoc = pytest.mark.skipif(shutil.which("pandoc") is None, reason="pandoc is not installed")


def invoke(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


def pandoc_paragraphs(path: Path, mode: str) -> list[str]:
    """The text of each paragraph pandoc reads from a .docx with --track-changes=MODE, white space as one space."""
    out = subprocess.run(
        ["pandoc", f"--track-changes={mode}", "-f", "docx", "-t", "plain", "--wrap=none", str(path)],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return [" ".join(block.split()) for block in out.split("\n\n") if block.strip()]


def baseline_texts(path: Path) -> list[str]:
    return [" ".join(p.text.split()) for p in load_baseline(path).paragraphs]


def merged_texts(folder: Path, baseline: Path) -> list[str]:
    code, out, err = invoke("merge", "--baseline", str(baseline), "--proposals", str(folder), "--format", "json")
    assert code in (0, 1), err
    return [" ".join(p["text"].split()) for p in json.loads(out)["paragraphs"] if p["status"] != "suppressed"]


# --- white space in a run of its own ----------------------------------------------------------


def test_a_space_in_a_run_of_its_own_still_parts_two_words(tmp_path: Path) -> None:
    """pandoc's fixture: "Here is a ~~dummy~~test" then " " alone in a run, then "document."."""
    docx = FIXTURES / "track_changes_scrubbed_metadata.docx"
    (tmp_path / "plan.yaml").write_text(
        'document: D\nparagraphs:\n  - number: "1"\n    text: Here is a dummy document.\n', encoding="utf-8"
    )
    code, out, err = invoke("import", str(docx), "--source", "TSAG", "--baseline", str(tmp_path / "plan.yaml"))
    assert code == 0, err
    (tmp_path / "p").mkdir()
    (tmp_path / "p" / "tsag.yaml").write_text(out, encoding="utf-8")
    (edit,) = load_proposal(tmp_path / "p" / "tsag.yaml").edits
    assert edit.marked is not None
    assert (edit.marked.old, edit.marked.new) == ("Here is a dummy document.", "Here is a test document.")
    assert merged_texts(tmp_path / "p", tmp_path / "plan.yaml") == ["Here is a test document."]


def test_the_arabic_resolution_merges_into_what_word_accepts(tmp_path: Path) -> None:
    """WRC Resolution 417: its tabs stand in runs of their own; with them, no edit is stale any more."""
    baseline = tmp_path / "b" / "plan.yaml"
    baseline.parent.mkdir()
    code, _, err = invoke("baseline", "import", str(FIXTURES / "RP051-Arabic-Rejected.docx"), "-o", str(baseline))
    assert code == 0, err
    (tmp_path / "p").mkdir()
    proposal = tmp_path / "p" / "wrc.yaml"
    code, _, err = invoke(
        "import",
        str(FIXTURES / "RP051-Arabic.docx"),
        "--source",
        "WRC",
        "--baseline",
        str(baseline),
        "-o",
        str(proposal),
    )
    assert code == 0, err
    code, out, err = invoke(
        "merge", "--baseline", str(baseline), "--proposals", str(tmp_path / "p"), "--format", "json"
    )
    statuses = [e["status"] for e in json.loads(out)["edits"] if e["action"] == "MOD"]
    assert statuses.count("stale") == 0 and statuses.count("applied") >= 13


# --- non-breaking hyphens -----------------------------------------------------------------------


def test_non_breaking_hyphens_are_kept_in_a_baseline(tmp_path: Path) -> None:
    """ITU writes "WRC‑07" with w:noBreakHyphen; the baseline keeps U+2011, since applying uses its characters."""
    out_file = tmp_path / "plan.yaml"
    code, _, err = invoke("baseline", "import", str(FIXTURES / "RP051-Arabic-Rejected.docx"), "-o", str(out_file))
    assert code == 0, err
    text = " ".join(baseline_texts(out_file))
    written = zipfile.ZipFile(FIXTURES / "RP051-Arabic-Rejected.docx").read("word/document.xml").count(b"noBreakHyphen")
    assert "(WRC\u201107)" in text
    assert text.count("\u2011") == written == 31


# --- files that are no Word document ------------------------------------------------------------


def damaged(source: Path, target: Path) -> Path:
    """`source` with bytes of word/document.xml's deflate stream flipped (its CRC no longer reached)."""
    data = bytearray(source.read_bytes())
    info = zipfile.ZipFile(io.BytesIO(data)).getinfo("word/document.xml")
    name_length, extra_length = struct.unpack("<HH", data[info.header_offset + 26 : info.header_offset + 30])
    start = info.header_offset + 30 + name_length + extra_length
    for n in range(start + 10, start + info.compress_size - 10, 7):
        data[n] ^= 0x5A
    target.write_bytes(bytes(data))
    return target


@pytest.mark.parametrize("command", [["import", "{}", "--source", "TSAG"], ["baseline", "import", "{}"]])
def test_a_damaged_package_and_a_renamed_workbook_exit_2_naming_the_file(tmp_path: Path, command: list[str]) -> None:
    cases = {
        damaged(FIXTURES / "track_changes_scrubbed_metadata.docx", tmp_path / "damaged.docx"): "is damaged",
        shutil.copy(FIXTURES / "SH103-No-SharedString.xlsx", tmp_path / "book.docx"): "an Excel workbook (.xlsx)",
    }
    (tmp_path / "plan.yaml").write_text('document: D\nparagraphs:\n  - number: "1"\n    text: T.\n', encoding="utf-8")
    out_file = tmp_path / "out.yaml"
    for path, reason in cases.items():
        args = [str(path) if arg == "{}" else arg for arg in command]
        if args[0] == "import":
            args += ["--baseline", str(tmp_path / "plan.yaml")]
        code, out, err = invoke(*args, "-o", str(out_file))
        assert (code, out) == (2, "")
        assert err.count("\n") == 1 and err.startswith(f"{path}: ") and reason in err, err
        assert "Traceback" not in err and "BytesIO" not in err
        assert not out_file.exists()


# --- the folder an import writes to ---------------------------------------------------------------


def test_import_beside_its_baseline_does_not_read_the_baseline_as_a_proposal(tmp_path: Path) -> None:
    flat = tmp_path / "flat"
    flat.mkdir()
    (flat / "plan.yaml").write_text(
        'document: D\nparagraphs:\n  - number: "1"\n    text: Here is a dummy document.\n', encoding="utf-8"
    )
    docx = FIXTURES / "track_changes_scrubbed_metadata.docx"
    args = ["import", str(docx), "--source", "TSAG", "--baseline", str(flat / "plan.yaml"), "-o", str(flat / "t.yaml")]
    code, _, err = invoke(*args)
    assert code == 0, err
    assert [e.action.value for e in load_proposal(flat / "t.yaml").edits] == ["MOD"]
    code, _, err = invoke(*args)  # again, over its own output
    assert code == 0, err


# --- moves -----------------------------------------------------------------------------------------


def imported(tmp_path: Path, docx: Path, baseline_from: Path, source: str = "TSAG") -> tuple[Path, Path]:
    """A baseline read from `baseline_from` (its changes rejected) and `docx` imported against it."""
    baseline = tmp_path / "b" / "plan.yaml"
    baseline.parent.mkdir(exist_ok=True)
    code, _, err = invoke("baseline", "import", str(baseline_from), "--track-changes", "reject", "-o", str(baseline))
    assert code == 0, err
    proposal = tmp_path / "p" / f"{source.lower()}.yaml"
    proposal.parent.mkdir(exist_ok=True)
    code, _, err = invoke("import", str(docx), "--source", source, "--baseline", str(baseline), "-o", str(proposal))
    assert code == 0, err
    return baseline, proposal


MOVED = {
    "track_changes_move.docx": ["Here is some text.", "Here is the text to be moved.", "Here is some more text."],
    "RP015-MoveFrom-MoveTo.docx": [
        "Video provides a powerful way.",
        "You can also type a keyword.",
        "When you click Online Video.",
        "Make your document look professionally produced.",
    ],
}


@pytest.mark.parametrize("name", sorted(MOVED))
def test_a_word_move_is_imported_as_a_linked_sup_and_add_and_merged_as_a_move(tmp_path: Path, name: str) -> None:
    baseline, proposal = imported(tmp_path, FIXTURES / name, FIXTURES / name)
    edits = load_proposal(proposal).edits
    assert sorted(e.code for e in edits) == ["ADD*", "SUP*"]
    assert len({e.move for e in edits}) == 1 and edits[0].move is not None
    assert merged_texts(proposal.parent, baseline) == MOVED[name]


@needs_pandoc
@pytest.mark.parametrize("name", sorted(MOVED))
def test_a_merged_move_reads_as_pandoc_reads_the_move_accepted(tmp_path: Path, name: str) -> None:
    baseline, proposal = imported(tmp_path, FIXTURES / name, FIXTURES / name)
    assert baseline_texts(baseline) == pandoc_paragraphs(FIXTURES / name, "reject")
    assert merged_texts(proposal.parent, baseline) == pandoc_paragraphs(FIXTURES / name, "accept")


def test_the_rejected_file_word_saved_is_the_baseline_a_move_is_read_against(tmp_path: Path) -> None:
    baseline, _ = imported(tmp_path, FIXTURES / "RP015-MoveFrom-MoveTo.docx", FIXTURES / "RP015-MoveFrom-MoveTo.docx")
    saved = tmp_path / "saved.yaml"
    code, _, err = invoke("baseline", "import", str(FIXTURES / "RP015-MoveFrom-MoveTo-Rejected.docx"), "-o", str(saved))
    assert code == 0, err
    assert baseline_texts(baseline) == baseline_texts(saved)
