"""Nothing vanishes: every output of `merge` lists each edit no place was found for (issue 14).

A Member State's proposal missing from the meeting document with nothing saying so is
the worst outcome for an editor: stale, ambiguous and unanchored edits are listed in
every format with their group, the text they propose (marks shown), the reason and the
best candidate place.
"""

from __future__ import annotations

import io
import json
import re
import zipfile
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from itu_amend.cli import app

from .conftest import Workspace

PEOPLE = "The main focus of the organization is its people and their skills."
FINANCES = "ITU will manage its finances with care and transparency for members."
PLAIN_ENV = {"NO_COLOR": None, "FORCE_COLOR": None, "TTY_COMPATIBLE": None, "COLUMNS": "200"}
TERMINAL_ENV = {**PLAIN_ENV, "FORCE_COLOR": "1"}
ANSI = re.compile(r"\x1b\[[0-9;]*m")


@pytest.fixture
def missing(workspace: Workspace) -> Workspace:
    """One clean edit, one stale (the words it deletes differ), one that fits nowhere."""
    workspace.paragraphs(PEOPLE, FINANCES)
    workspace.proposal(
        "arb.yaml",
        """
        source: ARB
        edits:
          - action: MOD
            paragraph: "1"
            text: "is its {--people--}{++staff++} and"
          - action: MOD
            paragraph: "2"
            text: "ITU will manage its {--money--}{++funds++} with care and transparency for members"
          - action: MOD
            paragraph: "2"
            text: "No paragraph says anything like this {--at all--}{++whatsoever++}"
        """,
    )
    return workspace


def run(workspace: Workspace, *args: str, env: dict[str, str | None] | None = None) -> Result:
    return CliRunner().invoke(app, [*args, *workspace.args()], env=env or PLAIN_ENV)


def flat(text: str) -> str:
    return " ".join(ANSI.sub("", text).split())


def test_text_lists_every_edit_not_placed_with_its_text_reason_and_place(missing: Workspace) -> None:
    result = run(missing, "merge", "--format", "text")
    assert (result.exit_code, result.stderr) == (0, "")
    out = flat(result.stdout)
    assert "Proposals not placed (2)" in out
    assert (
        "ARB/2 (ARB, MOD, stale) " in out
        and "text: ITU will manage its [-money-]{+funds+}⟨ARB⟩ with care and transparency for members why: fuzzy" in out
    )
    assert "place: best candidate paragraph 2; quoted as paragraph 2" in out
    assert "ARB/3 (ARB, MOD, unanchored)" in out
    assert "text: No paragraph says anything like this [-at all-]{+whatsoever+}⟨ARB⟩" in out


def test_the_terminal_lists_them_too(missing: Workspace) -> None:
    out = flat(run(missing, "merge", "--format", "terminal", env=TERMINAL_ENV).stdout)
    assert "Proposals not placed (2)" in out
    assert "stale ARB/2 (ARB, MOD, stale)" in out
    assert "manage its moneyfunds ARB with care" in out.replace("⟨", "").replace("⟩", "")
    assert "place: best candidate paragraph 2; quoted as paragraph 2" in out


def test_markdown_lists_them_with_marks(missing: Workspace) -> None:
    out = run(missing, "merge", "--format", "markdown").stdout
    assert "### Proposals not placed (2)" in out
    assert "manage its <del>money</del><ins>funds</ins><sup>ARB</sup> with care" in out
    assert "*Place:* best candidate paragraph 2; quoted as paragraph 2" in out


def test_html_lists_them_with_the_text_they_propose(missing: Workspace) -> None:
    out = run(missing, "merge", "--format", "html").stdout
    assert "Proposals not placed (2)" in out
    assert '<del class="proposed" data-group="ARB" title="deletion proposed by ARB, not applied">money</del>' in out
    assert '<ins class="proposed" data-group="ARB" title="insertion proposed by ARB, not applied">funds</ins>' in out
    assert 'Place: best candidate paragraph 2; quoted as paragraph 2 (<a href="#p-2">go to paragraph 2</a>)' in out


def test_json_lists_them(missing: Workspace) -> None:
    data = json.loads(run(missing, "merge", "--format", "json").stdout)
    stale, unanchored = data["not_placed"]
    assert stale["id"] == "ARB/2"
    assert (stale["status"], stale["candidate"], stale["named"]) == ("stale", "2", "2")
    assert stale["text"] == "ITU will manage its {--money--}{++funds++} with care and transparency for members"
    assert "the words it deletes, 'money', are not in the baseline" in stale["reason"]
    assert (unanchored["id"], unanchored["status"], unanchored["candidate"]) == ("ARB/3", "unanchored", None)


def test_word_closes_with_proposals_not_placed_and_comments_where_they_may_belong(missing: Workspace) -> None:
    target = missing.root / "out.docx"
    result = run(missing, "merge", "-o", str(target))
    assert (result.exit_code, result.stderr) == (0, "")
    with zipfile.ZipFile(io.BytesIO(target.read_bytes())) as package:
        body = package.read("word/document.xml").decode("utf-8")
        comments = package.read("word/comments.xml").decode("utf-8")
    text = re.sub(r"<[^>]+>", "", body)
    assert "Proposals not placed" in text
    assert text.index("Proposals not placed") > text.index(FINANCES[:20])
    assert "ARB/2 (ARB, MOD, stale)" in text and "ARB/3 (ARB, MOD, unanchored)" in text
    assert "<w:strike/>" in body and "money" in text
    assert "Not placed: ARB/2 (ARB, stale) may belong here" in re.sub(r"<[^>]+>", "", comments)


def test_an_arabic_proposal_not_placed_is_right_to_left_in_html_and_word(workspace: Workspace) -> None:
    workspace.paragraphs(PEOPLE, FINANCES)
    quote = "لا توجد فقرة تقول {--شيئا--}{++أمرا++} مثل هذا على الإطلاق"
    workspace.proposal("arb.yaml", f'source: ARB\nedits:\n  - action: MOD\n    text: "{quote}"\n')
    page = run(workspace, "merge", "--format", "html").stdout
    assert re.search(r'<p class="text" dir="auto">لا توجد فقرة تقول <del class="proposed"[^>]*>شيئا</del>', page)
    target = workspace.root / "out.docx"
    assert run(workspace, "merge", "-o", str(target)).exit_code == 0
    with zipfile.ZipFile(io.BytesIO(target.read_bytes())) as package:
        body = package.read("word/document.xml").decode("utf-8")
    (listed,) = [p for p in body.split("<w:p>") if "شيئا" in p]
    assert "<w:rtl/>" in listed


def test_nothing_not_placed_means_no_section(workspace: Workspace, tmp_path: Path) -> None:
    workspace.paragraphs(PEOPLE, FINANCES)
    workspace.proposal("a.yaml", 'source: A\nedits:\n  - action: MOD\n    text: "is its {--people--}{++staff++} and"\n')
    assert "not placed" not in run(workspace, "merge", "--format", "text").stdout


def test_with_a_group_asked_only_its_proposals_not_placed_are_listed(missing: Workspace) -> None:
    """`--group CEPT` shows CEPT's part of the merge: another group's refused edits are not CEPT's business."""
    missing.proposal(
        "cept.yaml",
        """
        source: CEPT
        edits:
          - action: MOD
            paragraph: "1"
            text: "its people and their {--skills--}{++competences++}."
          - action: MOD
            paragraph: "2"
            text: "Nothing of the kind stands in this draft {--anywhere--}"
        """,
    )
    data = json.loads(run(missing, "merge", "--format", "json", "--group", "CEPT").stdout)
    assert [item["id"] for item in data["not_placed"]] == ["CEPT/2"]
    whole = json.loads(run(missing, "merge", "--format", "json").stdout)
    assert {item["id"] for item in whole["not_placed"]} == {"ARB/2", "ARB/3", "CEPT/2"}
    text = run(missing, "merge", "--format", "text", "--group", "cept").stdout
    assert "CEPT/2" in text and "ARB/3" not in text
