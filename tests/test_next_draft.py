"""The next draft (SPEC: Disputed text, "The next draft"): open conflicts as attributed bracketed options."""

from __future__ import annotations

import io
from pathlib import Path

import docx
import pytest
from typer.testing import CliRunner

from itu_amend import brackets, nextdraft
from itu_amend.cli import app
from itu_amend.loading import load_baseline, load_inputs
from itu_amend.merging import merge
from itu_amend.model import BracketForm
from itu_amend.render import docx as docx_render
from itu_amend.render import yamlout

from .conftest import Workspace
from .test_cli import PLAIN_ENV

CASES = Path(__file__).parent / "cases"
LONG = (
    "The Council, being guided by the Constitution and the Convention, shall review the strategic plan "
    "every year and report to the Plenipotentiary Conference on its implementation."
)


def _mod(source: str, text: str) -> str:
    return f'source: {source}\nedits:\n  - action: MOD\n    text: "{text}"\n'


def _draft(workspace: Workspace) -> nextdraft.NextDraft:
    return nextdraft.build(workspace.merge())


# --- the smallest bracket -------------------------------------------------------------


def _middles(texts: list[str]) -> list[str]:
    edges = nextdraft.common_edges(texts)
    assert edges is not None
    head, tail = edges
    return [t[head : len(t) - tail] for t in texts]


def test_alternatives_of_a_long_sentence_are_bracketed_over_the_words_that_differ_only() -> None:
    other = LONG.replace("being guided by", "in accordance with")
    assert _middles([LONG, other]) == ["being guided by", "in accordance with"]


def test_a_bracket_never_cuts_a_word() -> None:
    assert _middles(["a culture of learning", "a culture of learners"]) == ["learning", "learners"]
    assert _middles(["reports annually.", "reports annually and early."]) == ["", " and early"]


def test_punctuation_ending_a_word_stays_outside_the_bracket() -> None:
    assert _middles(["support the membership.", "support the membership and the Sector Members."]) == [
        "",
        " and the Sector Members",
    ]


def test_a_bracket_widens_until_it_holds_the_drafts_own_brackets_whole() -> None:
    texts = ["consulted [where appropriate] today", "consulted [where relevant] today"]
    assert nextdraft.common_edges(texts) is not None
    assert _middles(texts) == ["[where appropriate]", "[where relevant]"]


def test_texts_whose_brackets_never_pair_cannot_be_bracketed() -> None:
    assert nextdraft.common_edges(["x [a", "x b]"]) is None
    assert _middles(["a ] b", "a ] c"]) == ["b", "c"]  # a stray bracket outside the difference is no matter


# --- attribution: read back by the bracket reader ------------------------------------------


def test_each_option_is_labelled_with_its_groups_and_read_back_as_one_passage(workspace: Workspace) -> None:
    workspace.paragraphs(LONG)
    workspace.proposal("rag.yaml", _mod("RAG", "The Council, {--being guided by--}{++in accordance with++} the"))
    workspace.proposal("tsag.yaml", _mod("TSAG", "The Council, {--being guided by--}{++taking into account++} the"))
    paragraph = _draft(workspace).paragraphs[0]
    assert paragraph.text.startswith(
        "The Council, [Option 1 (RAG): in accordance with] [Option 2 (TSAG): taking into account] "
        "[Option 3: being guided by] the Constitution"
    )
    (read,) = brackets.parse(paragraph.text, "1").brackets
    assert read.form is BracketForm.LABELLED and read.label == "1[1]" == paragraph.brackets[0].label
    assert [o.sponsors for o in read.options] == [("RAG",), ("TSAG",), ()]
    assert [paragraph.text[o.body : o.end] for o in read.options] == [
        "in accordance with",
        "taking into account",
        "being guided by",
    ]


def test_the_option_of_no_change_is_the_drafts_words_sponsored_by_a_noc(workspace: Workspace) -> None:
    workspace.paragraphs("Regional offices support the membership.")
    workspace.proposal("rag.yaml", 'source: RAG\nedits:\n  - action: NOC\n    paragraph: "1"\n')
    workspace.proposal("tsag.yaml", _mod("TSAG", "support the membership{++ and the Sector Members++}."))
    (paragraph,) = _draft(workspace).paragraphs
    assert paragraph.text == (
        "Regional offices support the membership [Option 1 (TSAG): and the Sector Members] [Option 2 (RAG):]."
    )
    assert paragraph.brackets[0].options[-1].keeps_text


def test_where_every_option_inserts_no_change_is_deleting_the_passage(workspace: Workspace) -> None:
    workspace.paragraphs("The secretariat will publish the reports on the website.")
    workspace.proposal("rag.yaml", _mod("RAG", "the reports{++ in all six languages++} on"))
    workspace.proposal("tsag.yaml", _mod("TSAG", "the reports{++ in a timely manner++} on"))
    (paragraph,) = _draft(workspace).paragraphs
    assert paragraph.text == (
        "The secretariat will publish the reports [Option 1 (RAG): in all six languages] "
        "[Option 2 (TSAG): in a timely manner] on the website."
    )
    assert not paragraph.brackets[0].no_change_written


def test_applied_changes_are_clean_and_a_suppressed_paragraph_is_gone(workspace: Workspace) -> None:
    workspace.paragraphs("Keep this paragraph as it was written.", "Drop this one.")
    workspace.proposal(
        "tsag.yaml",
        'source: TSAG\nedits:\n  - action: MOD\n    text: "as it {--was--}{++is++} written"\n'
        '  - action: SUP\n    paragraph: "2"\n',
    )
    draft = _draft(workspace)
    assert [(p.number, p.text) for p in draft.paragraphs] == [("1", "Keep this paragraph as it is written.")]
    assert draft.new_brackets == ()


def test_a_group_name_that_would_break_the_label_leaves_the_conflict_as_it_stands(workspace: Workspace) -> None:
    workspace.paragraphs("The cat sat on the mat.")
    workspace.proposal("a.yaml", _mod("Arab States (ARB)", "the {--mat--}{++sofa++}."))
    workspace.proposal("b.yaml", _mod("RAG", "the {--mat--}{++rug++}."))
    draft = _draft(workspace)
    assert draft.paragraphs[0].text == "The cat sat on the mat."
    (left,) = draft.unbracketed
    assert left.conflict == "C1" and "cannot stand in an option's label" in left.reason


# --- the round trip ---------------------------------------------------------------------


def test_the_next_draft_of_round_1_is_the_baseline_of_round_2() -> None:
    """The round-2 golden folder's baseline is round 1's next draft, byte for byte."""
    written = (CASES / "next-draft" / "expected" / "next.yaml").read_text(encoding="utf-8")
    assert (CASES / "next-draft-round-2" / "baseline" / "plan.yaml").read_text(encoding="utf-8") == written


def test_conflicts_of_round_1_become_the_labelled_brackets_of_round_2(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(CASES / "next-draft")
    result = merge(load_inputs(Path("baseline"), Path("proposals"), None))
    draft = nextdraft.build(result)
    baseline = load_baseline(CASES / "next-draft-round-2" / "baseline" / "plan.yaml")
    assert baseline.warnings == ()
    found = [b for p in baseline.paragraphs for b in p.brackets if b.parent is None]
    assert [(b.label, b.form) for b in found] == [(b.label, BracketForm.LABELLED) for b in draft.new_brackets]
    assert len(found) == len(result.unresolved) == 5
    for bracket, new in zip(found, draft.new_brackets, strict=True):
        assert [o.sponsors for o in bracket.options] == [o.sponsors for o in new.options]


def test_proposals_of_round_2_agreeing_one_option_each_leave_a_clean_text(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(CASES / "next-draft-round-2")
    result = merge(load_inputs(Path("baseline"), Path("proposals"), None))
    assert result.conflicts == ()
    assert all(t.settles for e in result.edits for t in e.touches)
    draft = nextdraft.build(result)
    assert not any(c in p.text for p in draft.paragraphs for c in "[]")
    assert draft.new_brackets == () and draft.unbracketed == ()


def test_the_yaml_loads_back_with_the_same_paragraphs(workspace: Workspace, tmp_path: Path) -> None:
    workspace.paragraphs(LONG, "Member States shall contribute.")
    workspace.proposal("rag.yaml", _mod("RAG", "The Council, {--being guided by--}{++in accordance with++} the"))
    workspace.proposal("tsag.yaml", _mod("TSAG", "The Council, {--being guided by--}{++taking into account++} the"))
    draft = _draft(workspace)
    path = tmp_path / "next.yaml"
    path.write_text(yamlout.render_next_draft(draft), encoding="utf-8")
    loaded = load_baseline(path)
    assert [(p.number, p.text) for p in loaded.paragraphs] == [(p.number, p.text) for p in draft.paragraphs]


# --- Word --------------------------------------------------------------------------------


def test_word_has_the_clean_text_its_brackets_highlighted_and_a_comment_naming_the_options(
    workspace: Workspace,
) -> None:
    workspace.paragraphs(LONG)
    workspace.proposal("rag.yaml", _mod("RAG", "The Council, {--being guided by--}{++in accordance with++} the"))
    workspace.proposal("tsag.yaml", _mod("TSAG", "The Council, {--being guided by--}{++taking into account++} the"))
    draft = _draft(workspace)
    document = docx.Document(io.BytesIO(docx_render.render_next_draft(draft)))
    body = next(p for p in document.paragraphs if p.text.startswith("1\t"))
    assert body.text == f"1\t{draft.paragraphs[0].text}"
    highlighted = "".join(r.text for r in body.runs if r.font.highlight_color is not None)
    assert highlighted.startswith("[Option 1 (RAG): in accordance with]")
    assert "w:ins" not in body._p.xml and "w:del" not in body._p.xml  # clean: no tracked change
    spec = docx_render.next_draft_document(draft)
    commented = next(p for p in spec.paragraphs if p.comment)
    assert commented.comment[:2] == ("1[1], from conflict C1 (overlap):", "Option 1: RAG (RAG/1)")


# --- the command line ----------------------------------------------------------------------


def _conflicting(workspace: Workspace) -> None:
    workspace.paragraphs(LONG)
    workspace.proposal("rag.yaml", _mod("RAG", "The Council, {--being guided by--}{++in accordance with++} the"))
    workspace.proposal("tsag.yaml", _mod("TSAG", "The Council, {--being guided by--}{++taking into account++} the"))


def _run(workspace: Workspace, *args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, ["next-draft", *args, *workspace.args()], env=PLAIN_ENV)
    return result.exit_code, result.stdout, result.stderr


def test_a_next_draft_written_into_the_baseline_folder_is_refused_with_where_to_put_it(
    workspace: Workspace,
) -> None:
    _conflicting(workspace)
    code, out, err = _run(workspace, "-o", str(workspace.baseline_dir / "next.yaml"))
    assert code == 2 and out == ""
    assert "start the next round in a folder of its own: mkdir -p round-2/baseline" in err
    assert not (workspace.baseline_dir / "next.yaml").exists()


def test_a_next_draft_written_to_the_next_rounds_folder_is_a_baseline(workspace: Workspace) -> None:
    _conflicting(workspace)
    target = workspace.root / "round-2" / "baseline"
    target.mkdir(parents=True)
    code, _, err = _run(workspace, "-o", str(target / "plan.yaml"))
    assert code == 0, err
    loaded = load_baseline(target / "plan.yaml")
    assert [b.label for b in loaded.paragraphs[0].brackets] == ["1[1]"]


def test_next_draft_offers_text_word_and_yaml_and_refuses_json(workspace: Workspace) -> None:
    _conflicting(workspace)
    code, out, err = _run(workspace, "--format", "json")
    assert code == 2 and "use terminal, text, docx or yaml" in err
    code, out, _ = _run(workspace, "--format", "yaml")
    assert code == 0 and out.startswith("# Written by itu-amend next-draft.")


def test_merge_into_a_yaml_file_still_writes_text(workspace: Workspace) -> None:
    _conflicting(workspace)
    target = workspace.root / "merged.yaml"
    result = CliRunner().invoke(app, ["merge", "-o", str(target), *workspace.args()], env=PLAIN_ENV)
    assert result.exit_code == 0
    assert target.read_text(encoding="utf-8").startswith("Test document\n")
