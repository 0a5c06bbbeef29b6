"""Co-sponsors of joint proposals (issue 16, "Co-sponsors"): read, credited, filtered, never breaking ids."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner, Result

from itu_amend.cli import app
from itu_amend.errors import InputError
from itu_amend.loading import load_proposal, renamed_ids
from itu_amend.render import jsonout, text
from itu_amend.reports import select, select_conflicts, stats, voting_list

from .conftest import Workspace

PLAIN_ENV = {"NO_COLOR": None, "FORCE_COLOR": None, "TTY_COMPATIBLE": None, "COLUMNS": "200"}
PEOPLE = "The main focus of the organization is its people and their skills."
FINANCES = "ITU will manage its finances with care and transparency for members."


def mod(source: str, new: str, top: str = "") -> str:
    """A proposal of `source` replacing "care" in FINANCES by `new`."""
    return f"source: {source}\n{top}edits:\n  - action: MOD\n    text: its finances with {{~~care~>{new}~~}} and\n"


def joint_workspace(workspace: Workspace) -> Workspace:
    """B/CAN/CLM/USA and ACP (signed by SEN, KEN and USA) clash on one word; TSAG keeps it."""
    workspace.paragraphs(PEOPLE, FINANCES)
    workspace.proposal("joint.yaml", mod("B/CAN/CLM/USA", "prudence"))
    workspace.proposal("acp.yaml", mod("ACP", "rigour", "sponsors: [SEN, KEN, USA]\n"))
    workspace.proposal("tsag.yaml", "source: TSAG\nedits:\n  - action: NOC\n    paragraph: '2'\n")
    return workspace


def run(workspace: Workspace, *args: str) -> Result:
    return CliRunner().invoke(app, [*args, *workspace.args()], env=PLAIN_ENV)


def error(workspace: Workspace, yaml_text: str) -> str:
    with pytest.raises(InputError) as caught:
        load_proposal(workspace.proposal("p.yaml", yaml_text))
    return str(caught.value)


# --- loading ---------------------------------------------------------------------------


def test_a_label_with_slashes_names_each_sponsor(workspace: Workspace) -> None:
    proposal = load_proposal(workspace.proposal("p.yaml", mod("B/CAN/CLM/USA", "prudence")))
    assert proposal.source == "B/CAN/CLM/USA"
    assert proposal.sponsors == ("B", "CAN", "CLM", "USA")
    assert proposal.edits[0].credited == ("B", "CAN", "CLM", "USA")


def test_a_sponsors_list_names_those_who_signed_a_label(workspace: Workspace) -> None:
    proposal = load_proposal(workspace.proposal("p.yaml", mod("ACP", "rigour", "sponsors: [SEN, KEN]\n")))
    assert (proposal.source, proposal.sponsors) == ("ACP", ("SEN", "KEN"))
    assert proposal.edits[0].sponsors == ("SEN", "KEN")


def test_one_group_alone_has_no_sponsors_but_is_credited_itself(workspace: Workspace) -> None:
    alone = load_proposal(workspace.proposal("p.yaml", mod("TSAG", "rigour")))
    listed = load_proposal(workspace.proposal("q.yaml", mod("TSAG", "rigour", "sponsors: [TSAG]\n")))
    assert alone.sponsors == listed.sponsors == ()
    assert alone.edits[0].credited == ("TSAG",)


def test_an_empty_name_between_slashes_is_an_error_at_the_source(workspace: Workspace) -> None:
    assert error(workspace, mod("B//CAN", "x")).endswith(
        "p.yaml:1:9: 'source: B//CAN' has an empty name between its slashes: a joint proposal names each "
        "co-sponsor once, e.g. source: B/CAN"
    )


@pytest.mark.parametrize(
    ("top", "message"),
    [
        ("sponsor: [SEN]\n", "p.yaml:2:1: unknown key 'sponsor' (did you mean 'sponsors'?)"),
        ("sponsors: [SEN, sen]\n", "p.yaml:2:17: sponsor 'sen' is listed twice: name each co-sponsor once"),
        ("sponsors: []\n", "p.yaml:2:11: 'sponsors' is empty: write the co-sponsors' list, e.g. sponsors: [SEN, KEN"),
        ("sponsors: SEN, KEN\n", "p.yaml:2:11: 'sponsors' must be a list: write sponsors: [SEN, KEN]"),
        ("sponsors: [SEN, 12]\n", "p.yaml:2:17: each sponsor must be a group's name as text, not a whole number"),
    ],
)
def test_a_wrong_sponsors_key_is_an_error_at_its_place(workspace: Workspace, top: str, message: str) -> None:
    assert message in error(workspace, mod("ACP", "x", top))


# --- ids --------------------------------------------------------------------------------


def test_a_joint_label_keeps_its_slashes_in_the_ids_as_itu_numbers_joint_proposals(workspace: Workspace) -> None:
    workspace.paragraphs(PEOPLE, FINANCES)
    workspace.proposal("joint.yaml", mod("B/CAN/USA", "prudence"))
    workspace.proposal("joint-67.yaml", mod("B/CAN/USA", "rigour", "contribution: 67\n"))
    assert sorted(e.edit.id for e in workspace.merge().edits) == ["B/CAN/USA/1", "B/CAN/USA/67/1"]


def test_a_file_named_after_a_joint_label_keeps_the_short_ids(workspace: Workspace) -> None:
    workspace.paragraphs(PEOPLE, FINANCES)
    workspace.proposal("b-can-usa.yaml", mod("B/CAN/USA", "prudence"))
    workspace.proposal("addendum.yaml", mod("B/CAN/USA", "rigour"))
    assert sorted(e.edit.id for e in workspace.merge().edits) == ["B/CAN/USA/1", "B/CAN/USA/addendum/1"]


def test_a_renamed_id_of_a_joint_label_is_hinted() -> None:
    ids = ["B/CAN/USA/first/2", "B/CAN/USA/second/2", "B/1", "TSAG/tsag-ls/2"]
    assert renamed_ids("B/CAN/USA/2", ids) == (
        " (the ids of a group with several documents name the document: "
        "did you mean 'B/CAN/USA/first/2' or 'B/CAN/USA/second/2'?)"
    )
    assert renamed_ids("TSAG/2", ids).endswith("did you mean 'TSAG/tsag-ls/2'?)")
    assert renamed_ids("B/2", ids) == ""


def test_a_decision_names_a_joint_edit_by_its_id(workspace: Workspace) -> None:
    joint_workspace(workspace).decisions("decisions:\n  - accept: B/CAN/CLM/USA/1\n")
    result = workspace.merge()
    assert result.edit("B/CAN/CLM/USA/1").status.value == "applied"
    assert result.paragraphs[1].text == FINANCES.replace("care", "prudence")


# --- credit: stats and the voting list ---------------------------------------------------


def test_stats_credit_each_sponsor_and_name_the_joint_label(workspace: Workspace) -> None:
    numbers = stats(joint_workspace(workspace).merge())
    assert {g.source: g.proposed for g in numbers.groups} == {
        "B": 1, "CAN": 1, "CLM": 1, "USA": 2, "SEN": 1, "KEN": 1, "TSAG": 1,
    }  # fmt: skip
    assert numbers.joint == (("ACP", ("SEN", "KEN", "USA")), ("B/CAN/CLM/USA", ("B", "CAN", "CLM", "USA")))
    assert numbers.clashes[("B", "TSAG")] == 1
    assert numbers.clashes[("KEN", "USA")] == 1  # ACP's KEN against the joint proposal's USA
    assert numbers.clashes[("USA", "USA")] == 1  # USA signed both rival texts: the editor should know


def test_stats_text_and_json_list_the_joint_labels(workspace: Workspace) -> None:
    result = joint_workspace(workspace).merge()
    assert "joint proposal B/CAN/CLM/USA: each of B, CAN, CLM, USA credited with its edits" in text.render_stats(result)
    data = json.loads(jsonout.render_stats(result))
    assert {"source": "ACP", "sponsors": ["SEN", "KEN", "USA"]} in data["joint"]
    assert [g["source"] for g in data["groups"]] == ["B", "CAN", "CLM", "KEN", "SEN", "TSAG", "USA"]


def test_the_voting_list_names_a_labels_signatories_unless_the_label_spells_them(workspace: Workspace) -> None:
    result = joint_workspace(workspace).merge()
    (conflict,) = [c for c in result.conflicts if c.kind.value == "overlap"]
    titles = [o.title for o in voting_list(result, conflict)]
    assert titles == ["ACP (SEN, KEN, USA) (MOD)", "B/CAN/CLM/USA (MOD)", "keep the text"]


def test_conflicts_json_gives_the_sponsors_of_a_joint_alternative_only(workspace: Workspace) -> None:
    answer = run(joint_workspace(workspace), "conflicts", "--format", "json")
    assert answer.exit_code == 1, answer.stderr
    alternatives = [a for c in json.loads(answer.stdout)["conflicts"] for a in c["alternatives"]]
    joint = [a for a in alternatives if a["sources"] == ["B/CAN/CLM/USA"]]
    assert joint and all(a["sponsors"] == ["B", "CAN", "CLM", "USA"] for a in joint)
    assert all("sponsors" not in a for a in alternatives if a["sources"] == ["TSAG"])


def test_check_json_gives_a_joint_edits_sponsors(workspace: Workspace) -> None:
    answer = run(joint_workspace(workspace), "check", "--format", "json")
    edits = {e["id"]: e for e in json.loads(answer.stdout)["edits"]}
    assert edits["ACP/1"]["sponsors"] == ["SEN", "KEN", "USA"]
    assert edits["ACP/1"]["source"] == "ACP"
    assert "sponsors" not in edits["TSAG/1"]


def test_the_merged_text_and_word_keep_the_joint_label(workspace: Workspace) -> None:
    joint_workspace(workspace).decisions("decisions:\n  - accept: B/CAN/CLM/USA/1\n")
    result = workspace.merge()
    assert "⟨B/CAN/CLM/USA⟩" in text.render_merge(result)
    assert {s for p in result.paragraphs for span in p.spans for s in span.sources} == {"B/CAN/CLM/USA"}


# --- filters ------------------------------------------------------------------------------


def test_group_filter_selects_what_a_sponsor_signed_alone_or_jointly(workspace: Workspace) -> None:
    result = joint_workspace(workspace).merge()
    for asked in ("USA", "usa", "KEN", "B/CAN/CLM/USA"):
        assert [c.id for c in select_conflicts(result, [asked]).conflicts] != [], asked
    ken = select_conflicts(result, ["KEN"])
    assert all(any(e.startswith("ACP/") for e in c.edits) for c in ken.conflicts)
    assert [p.number for p in select(result, groups=["CLM"]).paragraphs] == ["2"]


def test_an_unknown_group_lists_sponsors_and_labels(workspace: Workspace) -> None:
    answer = run(joint_workspace(workspace), "conflicts", "--group", "US")
    assert answer.exit_code == 2
    assert "no group 'US' in the proposals (did you mean 'USA'?)" in answer.stderr
    assert "ACP, B, B/CAN/CLM/USA, CAN, CLM, KEN, SEN, TSAG, USA" in answer.stderr


def test_merge_group_filter_by_a_sponsor_through_the_cli(workspace: Workspace) -> None:
    answer = run(joint_workspace(workspace), "merge", "--group", "CLM", "--format", "text")
    assert answer.exit_code == 0, answer.stderr
    assert "its finances with" in answer.stdout
    assert PEOPLE not in answer.stdout
