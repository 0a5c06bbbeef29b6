"""Reports: the voting list of a conflict, statistics per group, and selecting part of a merge."""

from __future__ import annotations

import json

import pytest

from itu_amend.errors import UsageError
from itu_amend.reports import select, stats, voting_list, word_distance
from tests.conftest import Workspace

SENTENCE = "ITU will strengthen its cooperation with regional organizations and academia."


def three_way(workspace: Workspace) -> None:
    """Three groups rewrite the same words differently; a fourth says NOC; a fifth agrees with the first."""
    workspace.paragraphs(SENTENCE, "Other text stays as it is.")
    edits = {
        "a.yaml": ("A", "2026-01-01", "ITU will strengthen its {--cooperation--}{++partnership++} with regional"),
        "b.yaml": (
            "B",
            "2026-01-02",
            "ITU will strengthen its {--cooperation with regional organizations--}"
            "{++ties with every regional and global body, industry and civil society++} and",
        ),
        "c.yaml": ("C", "2026-01-03", "strengthen its {--cooperation--}{++work++} with"),
        "e.yaml": ("E", "2026-01-05", "ITU will strengthen its {--cooperation--}{++partnership++} with regional"),
    }
    for name, (source, date, text) in edits.items():
        workspace.proposal(
            name,
            f"""
            source: {source}
            document: illustrative example
            date: {date}
            edits:
              - action: MOD
                paragraph: "1"
                text: "{text}"
                rationale: reason of {source}
            """,
        )
    workspace.proposal(
        "d.yaml",
        """
        source: D
        edits:
          - action: NOC
            paragraph: "1"
        """,
    )


def test_voting_list_orders_furthest_first_then_keeping_the_text(workspace: Workspace) -> None:
    three_way(workspace)
    result = workspace.merge()
    overlap = next(c for c in result.conflicts if c.kind.value == "overlap")
    options = voting_list(result, overlap)
    assert [o.sources for o in options] == [("B",), ("A", "E"), ("C",), ()]
    assert [o.label for o in options] == ["A", "B", "C", "D"]
    assert options[0].distance > options[1].distance >= options[2].distance
    assert options[-1].keeps_text and options[-1].text == SENTENCE
    assert options[1].falls == ("B/1", "C/1")  # co-sponsors A and E appear once, together
    assert {e.edit.id for e in options[1].edits} == {"A/1", "E/1"}


def test_voting_list_puts_a_noc_on_the_keep_option(workspace: Workspace) -> None:
    three_way(workspace)
    result = workspace.merge()
    noc = next(c for c in result.conflicts if c.kind.value == "noc")
    options = voting_list(result, noc)
    keep = options[-1]
    assert keep.keeps_text and keep.sources == ("D",)
    assert keep.title == "D (NOC: keep the text)"
    assert set(keep.falls) == {"A/1", "B/1", "C/1", "E/1"}


def test_word_distance_counts_words_inserted_and_deleted() -> None:
    assert word_distance("a b c", "a b c") == 0
    assert word_distance("a b c", "a x c") == 2
    assert word_distance("a b c", "a b c d e") == 2


def test_stats_count_outcomes_clashes_and_agreements(workspace: Workspace) -> None:
    three_way(workspace)
    numbers = stats(workspace.merge())
    assert numbers.sources == ("A", "B", "C", "D", "E")
    assert numbers.agreements == {("A", "E"): 1}
    assert numbers.clashes[("A", "B")] == 1
    assert numbers.clashes[("A", "D")] == 1  # the NOC against A's MOD
    assert ("A", "E") not in numbers.clashes
    assert {g.source: g.proposed for g in numbers.groups} == {"A": 1, "B": 1, "C": 1, "D": 1, "E": 1}


def test_select_by_range_group_and_change(workspace: Workspace) -> None:
    workspace.paragraphs("One.", "Two words here.", "Three.", "Four.")
    workspace.proposal(
        "a.yaml",
        """
        source: A
        edits:
          - action: MOD
            paragraph: "2"
            text: "Two {--words--}{++terms++} here."
        """,
    )
    result = workspace.merge()
    assert [p.number for p in select(result, paragraphs=["2-3"]).paragraphs] == ["2", "3"]
    assert [p.number for p in select(result, paragraphs=["3-2"]).paragraphs] == ["2", "3"]
    assert [p.number for p in select(result, only_changed=True).paragraphs] == ["2"]
    assert [p.number for p in select(result, groups=["A"]).paragraphs] == ["2"]
    assert [p.number for p in select(result, groups=["a"]).paragraphs] == ["2"]
    with pytest.raises(UsageError, match="no group 'B' in the proposals: the groups are A"):
        select(result, groups=["B"])
    with pytest.raises(UsageError, match="no paragraph matches --only-changed --paragraph 3"):
        select(result, only_changed=True, paragraphs=["3"])
    with pytest.raises(UsageError, match="no paragraph '9'"):
        select(result, paragraphs=["9"])


def test_options_past_z_are_lettered_as_spreadsheet_columns(workspace: Workspace) -> None:
    from itu_amend.reports import option_label

    assert [option_label(n) for n in (0, 25, 26, 27, 701, 702)] == ["A", "Z", "AA", "AB", "ZZ", "AAA"]
    workspace.paragraphs(SENTENCE)
    for n in range(27):  # 27 groups, each with its own word: 27 options and keeping the text
        workspace.proposal(
            f"g{n}.yaml",
            f"""
            source: G{n:02d}
            edits:
              - action: MOD
                paragraph: "1"
                text: "ITU will strengthen its {{--cooperation--}}{{++cooperation{n}++}} with"
            """,
        )
    result = workspace.merge()
    labels = [o.label for o in voting_list(result, result.conflicts[0])]
    assert labels[-3:] == ["Z", "AA", "AB"]


def nine_groups(workspace: Workspace) -> None:
    """Nine groups: G3 and G4 clash twice, G1 with G2 once, G5 agrees with G6; the others touch nothing shared."""
    others = (f"Paragraph {n}." for n in range(4, 10))
    workspace.paragraphs(SENTENCE, "Other text stays as it is.", "A third paragraph.", *others)
    texts = {
        "G1": ["strengthen its {--cooperation--}{++partnership++} with"],
        "G2": ["strengthen its {--cooperation--}{++work++} with"],
        "G3": ["A third {--paragraph--}{++part++}.", "Other {--text--}{++words++} stays"],
        "G4": ["A third {--paragraph--}{++section++}.", "Other {--text--}{++prose++} stays"],
        "G5": ["regional {--organizations--}{++bodies++} and"],
        "G6": ["regional {--organizations--}{++bodies++} and"],
    }
    for source in (f"G{n}" for n in range(1, 10)):
        edits = [{"action": "MOD", "text": t} for t in texts.get(source, [])] or [{"action": "NOC", "paragraph": "9"}]
        workspace.proposal(f"{source}.yaml", json.dumps({"source": source, "edits": edits}))


def test_stats_of_many_groups_list_the_pairs_that_clash_most_first(workspace: Workspace) -> None:
    """Fifty delegations would make a table of 2,500 cells, most of them 0."""
    from itu_amend.render import terminal, text

    nine_groups(workspace)
    result = workspace.merge()
    rendered = text.render_stats(result)
    clashes = rendered.split("Clashes between groups (pairs of edits)\n")[1].split("\n\n")[0]
    assert clashes.splitlines() == ["G3 × G4: 2", "G1 × G2: 1"]  # most first
    assert rendered.endswith("Agreements between groups (pairs of edits)\nG5 × G6: 1\n")
    console = terminal.make_console(width=100, color=False)
    with console.capture() as shown:
        terminal.print_stats(result, console)
    lines = [line for line in shown.get().splitlines() if "×" in line]
    assert [" ".join(line.replace("│", " ").split()) for line in lines] == ["G3 × G4 2", "G1 × G2 1", "G5 × G6 1"]


def test_stats_of_a_few_groups_are_a_table_of_every_pair(workspace: Workspace) -> None:
    from itu_amend.render import text

    three_way(workspace)
    rendered = text.render_stats(workspace.merge())
    assert "\n" + " " * 12 + "".join(f"{g:>11}" for g in "ABCDE") + "\n" in rendered
    assert "×" not in rendered
