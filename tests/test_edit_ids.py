"""Default edit ids: unique across a group's documents (issue 14, "A group's second contribution")."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from typer.testing import CliRunner, Result

from itu_amend.cli import app

from .conftest import ROOT, Workspace

PLAIN_ENV = {"NO_COLOR": None, "FORCE_COLOR": None, "TTY_COMPATIBLE": None, "COLUMNS": "200"}
PEOPLE = "The main focus of the organization is its people and their skills."
FINANCES = "ITU will manage its finances with care and transparency for members."


def run(workspace: Workspace, *args: str) -> Result:
    return CliRunner().invoke(app, [*args, *workspace.args()], env=PLAIN_ENV)


def noc(source: str, paragraph: str, top: str = "") -> str:
    return f"source: {source}\n{top}edits:\n  - action: NOC\n    paragraph: '{paragraph}'\n"


def two_nocs(source: str, top: str = "") -> str:
    return noc(source, "1", top) + "  - action: NOC\n    paragraph: '2'\n"


def ids(workspace: Workspace) -> list[str]:
    result = run(workspace, "check", "--format", "json")
    assert result.exit_code in (0, 1), result.stderr
    return sorted(edit["id"] for edit in json.loads(result.stdout)["edits"])


def test_a_groups_second_document_is_not_an_error_its_ids_name_its_file(workspace: Workspace) -> None:
    workspace.paragraphs(PEOPLE, FINANCES)
    workspace.proposal("arb-14.yaml", two_nocs("ARB"))
    workspace.proposal("arb-14-add1.yaml", noc("ARB", "1"))
    result = run(workspace, "check", "--format", "text")
    assert result.exit_code == 0, result.stderr
    assert "used twice" not in result.stderr
    assert ids(workspace) == ["ARB/arb-14-add1/1", "ARB/arb-14/1", "ARB/arb-14/2"]


def test_a_document_number_gives_the_itu_form_of_ids(workspace: Workspace) -> None:
    workspace.paragraphs(PEOPLE, FINANCES)
    workspace.proposal("acp.yaml", two_nocs("ACP", 'contribution: "67A1"\n'))
    workspace.proposal("acp-main.yaml", noc("ACP", "2", "contribution: 67\n"))
    assert ids(workspace) == ["ACP/67/1", "ACP/67A1/1", "ACP/67A1/2"]


def test_a_groups_one_document_keeps_source_and_position_whatever_its_file_name(workspace: Workspace) -> None:
    workspace.paragraphs(PEOPLE, FINANCES)
    workspace.proposal("arab-group-contribution.yaml", two_nocs("ARB"))
    workspace.proposal("other.yaml", noc("RAG", "1"))
    assert ids(workspace) == ["ARB/1", "ARB/2", "RAG/1"]


def test_a_file_named_after_its_group_keeps_its_ids_when_an_addendum_comes(workspace: Workspace) -> None:
    workspace.paragraphs(PEOPLE, FINANCES)
    workspace.proposal("tsag.yaml", two_nocs("TSAG"))
    workspace.proposal("tsag-addendum.yaml", noc("TSAG", "2"))
    workspace.proposal("tsag-numbered.yaml", noc("TSAG", "1", "contribution: 12\n"))
    assert ids(workspace) == ["TSAG/1", "TSAG/12/1", "TSAG/2", "TSAG/tsag-addendum/1"]


def test_explicit_ids_stay_and_a_document_of_explicit_ids_takes_no_ones_default(workspace: Workspace) -> None:
    workspace.paragraphs(PEOPLE, FINANCES)
    workspace.proposal("first.yaml", two_nocs("ARB"))
    workspace.proposal("second.yaml", "source: ARB\nedits:\n  - action: NOC\n    id: ARB/9\n    paragraph: '1'\n")
    assert ids(workspace) == ["ARB/1", "ARB/2", "ARB/9"]


def test_the_shipped_examples_decisions_keep_working_beside_an_addendum(tmp_path: Path) -> None:
    shutil.copytree(ROOT / "baseline", tmp_path / "baseline")
    shutil.copytree(ROOT / "proposals", tmp_path / "proposals")
    (tmp_path / "proposals" / "tsag-add1.yaml").write_text(noc("TSAG", "30"), encoding="utf-8")
    (tmp_path / "decisions.yaml").write_text("decisions:\n  - accept: TSAG/2\n", encoding="utf-8")
    paths = ["--baseline", str(tmp_path / "baseline"), "--proposals", str(tmp_path / "proposals")]
    result = CliRunner().invoke(
        app, ["conflicts", "--format", "json", *paths, "--decisions", str(tmp_path / "decisions.yaml")], env=PLAIN_ENV
    )
    assert result.exit_code == 1, result.stderr  # C1 and C3 stay open
    assert result.stderr == ""
    conflicts = {c["id"]: c for c in json.loads(result.stdout)["conflicts"]}
    assert conflicts["C2"]["resolved"] is True
    assert conflicts["C2"]["adopted"]["decisions"][0]["decision"] == "accept TSAG/2"


def test_a_decision_on_an_id_the_second_document_renamed_says_what_it_is_now(workspace: Workspace) -> None:
    workspace.paragraphs(PEOPLE, FINANCES)
    workspace.proposal("arb-14.yaml", two_nocs("ARB"))
    workspace.proposal("arb-14-add1.yaml", noc("ARB", "1"))
    workspace.decisions("decisions:\n  - accept: ARB/2\n")
    result = run(workspace, "merge", "--format", "text")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr == (
        f"{workspace.decisions_file}:2:5: decision names edit 'ARB/2', which no proposal has (the ids of a group"
        " with several documents name the document: did you mean 'ARB/arb-14/2'?); remove the decision if the"
        " edit was withdrawn\n"
    )


def test_resolve_of_a_renamed_id_says_what_it_is_now(workspace: Workspace) -> None:
    workspace.paragraphs(PEOPLE, FINANCES)
    workspace.proposal("arb-14.yaml", two_nocs("ARB"))
    workspace.proposal("arb-14-add1.yaml", noc("ARB", "1"))
    result = run(workspace, "resolve", "--accept", "ARB/1")
    assert result.exit_code == 2
    assert "did you mean 'ARB/arb-14-add1/1' or 'ARB/arb-14/1'?" in result.stderr
    assert not workspace.decisions_file.exists()


def test_a_document_number_with_a_space_is_an_input_error(workspace: Workspace) -> None:
    workspace.paragraphs(PEOPLE, FINANCES)
    path = workspace.proposal("acp.yaml", noc("ACP", "1", "contribution: 67 A1\n"))
    result = run(workspace, "check")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.startswith(f"{path}:2:15: 'contribution' must be the document number")
    assert "Traceback" not in result.stderr
