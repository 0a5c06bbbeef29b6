"""Word out: `merge --format docx` writes each applied change as a tracked change authored by its groups.

The document is read back by an independent reader, pandoc (`--track-changes`),
and compared with `merge --format json`: accepting every change gives the JSON
text, rejecting every change gives the baseline, and each change's author is
the group of an applied edit of that paragraph.
"""

from __future__ import annotations

import html
import io
import json
import re
import shutil
import subprocess
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from itu_amend import reports
from itu_amend.cli import app
from itu_amend.loading import load_baseline
from itu_amend.model import MergeResult
from itu_amend.render import docx
from tests.conftest import Workspace

ROOT = Path(__file__).resolve().parent.parent
runner = CliRunner()
needs_pandoc = pytest.mark.skipif(shutil.which("pandoc") is None, reason="pandoc is not installed")


def invoke(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


def agreeing(workspace: Workspace) -> None:
    """Two groups make the same change (an agreement), one suppresses a paragraph, one adds one."""
    workspace.paragraphs(
        "ITU will strengthen its cooperation with regional organizations.",
        "ITU will complete the construction of its new headquarters premises.",
        "Other text stays as it is.",
    )
    for name, source, date in (("a.yaml", "TSAG", "2026-02-11"), ("b.yaml", "TDAG", "2026-03-16")):
        workspace.proposal(
            name,
            f"""
            source: {source}
            date: {date}
            edits:
              - action: MOD
                paragraph: "1"
                text: "strengthen its {{--cooperation--}}{{++partnership++}} with"
            """,
        )
    workspace.proposal(
        "c.yaml",
        """
        source: RAG
        date: 2026-03-02
        edits:
          - action: SUP
            paragraph: "2"
          - action: ADD
            after: "3"
            heading: Outreach
            text: ITU will strengthen its outreach.
        """,
    )


# --- read back by pandoc -----------------------------------------------------------------------


def pandoc(path: Path, mode: str) -> list[dict[str, Any]]:
    """The top-level blocks pandoc reads from a .docx with --track-changes=MODE."""
    run = subprocess.run(
        ["pandoc", f"--track-changes={mode}", "-f", "docx", "-t", "json", str(path)],
        capture_output=True,
        check=True,
        text=True,
        timeout=120,
    )
    blocks: list[dict[str, Any]] = json.loads(run.stdout)["blocks"]
    return blocks


def segments(inlines: list[dict[str, Any]], kind: str = "kept", author: str = "") -> Iterator[tuple[str, str, str]]:
    """(kind, author, text) for each piece of text, tracked changes marked by pandoc's spans."""
    for inline in inlines:
        tag, content = inline["t"], inline.get("c")
        if tag == "Str":
            yield kind, author, content
        elif tag in ("Space", "SoftBreak", "LineBreak"):
            yield kind, author, " "
        elif tag == "Span":
            (_, classes, attributes), inner = content
            if {"comment-start", "comment-end", "paragraph-insertion", "paragraph-deletion"} & set(classes):
                continue
            attrs = dict(attributes)
            if "insertion" in classes or "deletion" in classes:
                yield from segments(inner, "inserted" if "insertion" in classes else "deleted", attrs["author"])
            else:
                yield from segments(inner, kind, author)
        elif tag in ("Strong", "Emph", "Strikeout", "Underline", "SmallCaps"):
            yield from segments(content, kind, author)
        elif tag == "Quoted":
            mark = '"' if content[0]["t"] == "DoubleQuote" else "'"
            yield kind, author, mark
            yield from segments(content[1], kind, author)
            yield kind, author, mark


def paragraphs(blocks: list[dict[str, Any]], numbers: set[str]) -> dict[str, list[tuple[str, str, str]]]:
    """The numbered paragraphs (top level, so alternatives in indented blocks are left out), by number."""
    found = {}
    for block in blocks:
        if block["t"] != "Para":
            continue
        pieces = list(segments(block["c"]))
        number = "".join(p[2] for p in pieces).split(" ", 1)[0]
        if number in numbers:
            found[number] = pieces
    return found


def plain(pieces: list[tuple[str, str, str]]) -> str:
    return " ".join("".join(p[2] for p in pieces).split())


def squash(text: str) -> str:
    return " ".join(text.replace("’", "'").split())


def write_both(args: list[str], folder: Path) -> tuple[Path, dict[str, Any]]:
    target = folder / "consolidated.docx"
    code, _, err = invoke("merge", *args, "--format", "docx", "-o", str(target))
    assert code == 0, err
    code, out, err = invoke("merge", *args, "--format", "json")
    assert code == 0, err
    return target, json.loads(out)


def check_against_json(target: Path, merged: dict[str, Any], baseline_path: Path) -> set[str]:
    """Accept all = the JSON text; reject all = the baseline; authors: groups of applied edits. The authors seen.

    An agreed change is authored by the first group to propose it alone (a comment names
    the others), so a paragraph's authors are some of its applied edits' groups, not all.
    """
    numbers = {p["number"] for p in merged["paragraphs"]}
    accepted = paragraphs(pandoc(target, "accept"), numbers)
    rejected = paragraphs(pandoc(target, "reject"), numbers)
    tracked = paragraphs(pandoc(target, "all"), numbers)
    edits = {e["id"]: e for e in merged["edits"]}
    baseline = {p.number: p.text for p in load_baseline(baseline_path).paragraphs}
    authors_seen: set[str] = set()
    for paragraph in merged["paragraphs"]:
        number = paragraph["number"]
        if paragraph["status"] == "suppressed":
            assert number not in accepted
        else:
            assert squash(plain(accepted[number])) == squash(f"{number} {paragraph['text']}")
        if paragraph["origin"] == "added":
            assert number not in rejected
        else:
            assert squash(plain(rejected[number])) == squash(f"{number} {baseline[number]}")
        applied = {edits[e]["source"] for e in paragraph["edits"] if edits[e]["status"] == "applied"}
        authors = {author for kind, author, _ in tracked[number] if kind != "kept"}
        assert authors <= applied and bool(authors) == bool(applied), number
        authors_seen |= {author for kind, author, _ in tracked[number] if kind != "kept"}
    return authors_seen


@needs_pandoc
def test_pandoc_reads_the_example_as_merge_json_says(example_dir: Path) -> None:
    target, merged = write_both([], example_dir)
    authors = check_against_json(target, merged, example_dir / "baseline" / "strategic-plan-2028-2031.yaml")
    assert authors == {"RAG", "TSAG", "TDAG"}


@needs_pandoc
def test_pandoc_reads_agreements_suppressions_and_additions_as_merge_json_says(workspace: Workspace) -> None:
    agreeing(workspace)
    target, merged = write_both(workspace.args(), workspace.root)
    authors = check_against_json(target, merged, workspace.baseline_dir / "plan.yaml")
    assert authors == {"TSAG", "RAG"}  # Word lists no third reviewer "TSAG; TDAG"
    tracked = paragraphs(pandoc(target, "all"), {"1"})["1"]
    assert [(k, a, t.strip()) for k, a, t in tracked if k != "kept"] == [
        ("deleted", "TSAG", "cooperation"),
        ("inserted", "TSAG", "partnership"),
    ]


# --- the package itself ---------------------------------------------------------------------------


def document_xml(data: bytes, part: str = "word/document.xml") -> str:
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        return package.read(part).decode("utf-8")


def test_the_renderer_is_a_pure_function_of_the_merge(example: Any) -> None:
    first: MergeResult = example()
    data = docx.render_merge(first)
    assert data.startswith(b"PK")
    assert docx.render_merge(example()) == data  # byte for byte: no clock, no random ids


def test_changes_are_dated_with_their_proposal_and_agreements_take_the_first_date(workspace: Workspace) -> None:
    agreeing(workspace)
    xml = document_xml(docx.render_merge(workspace.merge()))
    assert re.search(r'<w:del [^>]*w:author="TSAG" w:date="2026-02-11T00:00:00Z"', xml)
    assert re.search(r'<w:ins [^>]*w:author="RAG" w:date="2026-03-02T00:00:00Z"', xml)
    ids = re.findall(r'<w:(?:ins|del) w:id="(\d+)"', xml)
    assert len(ids) == len(set(ids))  # revision ids are unique
    settings = document_xml(docx.render_merge(workspace.merge()), "word/settings.xml")
    assert "<w:trackRevisions/>" in settings  # the editor's own edits are tracked too


def test_conflicts_keep_the_draft_and_show_alternatives_in_brackets_with_a_comment(example: Any) -> None:
    data = docx.render_merge(example())
    xml = document_xml(data)
    text = "".join(re.findall(r"<w:t(?: [^>]*)?>([^<]*)</w:t>", xml))
    assert "[B. RAG (NOC: keep the text)]" in text
    assert "[A. TDAG (SUP: delete the paragraph)]" in text
    comments = document_xml(data, "word/comments.xml")
    assert "Conflict C1 (unresolved)" in comments
    assert "B. RAG (NOC: keep the text): RAG/4" in comments
    assert "Settle it with: itu-amend resolve C1 --option A" in comments  # the voting list's own words
    assert xml.count("<w:commentRangeStart") == comments.count("<w:comment ")


def test_the_documents_options_have_the_letters_of_the_voting_list(example: Any) -> None:
    """'Option A' must mean the same in the Word document as in `itu-amend conflicts`."""
    result = example()
    comments = document_xml(docx.render_merge(result), "word/comments.xml")
    lines = re.findall(r"<w:t(?: [^>]*)?>([^<]*)</w:t>", comments)
    for conflict in result.conflicts:
        voted = [o for o in reports.voting_list(result, conflict) if o.edits or not o.keeps_text]
        listed = [f"{o.label}. {o.title}: {', '.join(e.edit.id for e in o.edits)}" for o in voted]
        start = lines.index(next(x for x in lines if x.startswith(f"Conflict {conflict.id} ")))
        assert lines[start + 1 : start + 1 + len(listed)] == listed


def test_docx_needs_an_output_file_and_is_offered_by_merge(example_dir: Path) -> None:
    code, out, err = invoke("merge", "--format", "docx")
    assert (code, out) == (2, "")
    assert err == "--format docx writes a file: give one with -o FILE\n"
    code, _, err = invoke("merge", "--format", "docx", "-o", "out.docx")
    assert code == 0 and err == ""
    assert (example_dir / "out.docx").read_bytes().startswith(b"PK")


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
def test_libreoffice_opens_the_document(example_dir: Path) -> None:
    invoke("merge", "--format", "docx", "-o", "consolidated.docx")
    profile = example_dir / "lo-profile"
    subprocess.run(
        ["soffice", "--headless", "--norestore", f"-env:UserInstallation=file://{profile}",
         "--convert-to", "txt:Text", "--outdir", str(example_dir), "consolidated.docx"],
        capture_output=True, check=True, timeout=180,
    )  # fmt: skip
    text = (example_dir / "consolidated.txt").read_text(encoding="utf-8-sig")
    assert "Strategic communication, promotion and outreach" in text
    assert "[B. RAG (NOC: keep the text)]" in text


# --- Word details (issue 14) ----------------------------------------------------------------------


def docx_text(data: bytes, part: str = "word/document.xml") -> str:
    return html.unescape("".join(re.findall(r"<w:t(?: [^>]*)?>([^<]*)</w:t>", document_xml(data, part))))


def test_an_agreed_change_is_authored_by_its_first_proposer_and_a_comment_names_all(workspace: Workspace) -> None:
    agreeing(workspace)
    target = workspace.root / "out.docx"
    code, _, err = invoke("merge", "-o", str(target), *workspace.args())
    assert (code, err) == (0, "")
    data = target.read_bytes()
    xml = document_xml(data)
    assert 'w:author="TSAG; TDAG"' not in xml
    assert re.search(r'<w:ins [^>]*w:author="TSAG"', xml)
    comments = docx_text(data, "word/comments.xml")
    assert (
        "Agreed change 'cooperation' -> 'partnership': TSAG, TDAG (TSAG/1, TDAG/1); "
        "tracked as TSAG's, the first to propose it." in comments
    )


def test_the_preamble_names_the_documents_own_groups_not_the_examples(workspace: Workspace) -> None:
    workspace.paragraphs("ITU will strengthen its cooperation with regional organizations.")
    workspace.proposal(
        "arb.yaml",
        'source: ARB\nedits:\n  - action: MOD\n    text: "strengthen its {--cooperation--}{++ties++} with"\n',
    )
    target = workspace.root / "out.docx"
    assert invoke("merge", "-o", str(target), *workspace.args())[0] == 0
    text = docx_text(target.read_bytes())
    assert "TSAG" not in text and "TDAG" not in text
    assert "Groups: ARB." in text
