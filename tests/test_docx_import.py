"""Word in: `import` turns a marked-up .docx into a proposal, `baseline import` a draft into a baseline."""

from __future__ import annotations

import json
import shutil
import subprocess
import zipfile
from collections.abc import Sequence
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from ruamel.yaml import YAML
from typer.testing import CliRunner

from itu_amend import structure, yamltext
from itu_amend.cli import app
from itu_amend.importing import split_label
from itu_amend.loading import load_baseline, load_proposal
from itu_amend.word import build_document

ROOT = Path(__file__).resolve().parent.parent
SEED_NAME = "seeds/000_e32b1f77e69799f0.txt"  # the TSAG liaison statement the example comes from
SEED = next(
    (p for p in (ROOT.parent / "shared" / SEED_NAME, Path("/work/shared") / SEED_NAME) if p.exists()),
    Path("/work/shared") / SEED_NAME,
)
runner = CliRunner()

Runs = Sequence[tuple[str, str | None]]


def invoke(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


def human_resources() -> str:
    """The Human resources paragraph as the TSAG liaison statement quotes it (marks lost in the copy)."""
    if SEED.exists():
        return next(line for line in SEED.read_text(encoding="utf-8").splitlines() if line.startswith("The main focus"))
    # the same words, for machines without the seed
    text = load_proposal(ROOT / "proposals" / "tsag.yaml").edits[1].text or ""
    return text.replace("{++,++}{-- and--}", ", and").replace("{++", "").replace("++}", "")


NEW_ENABLER = (
    "ITU will strengthen its strategic communication, promotion and outreach capabilities to effectively "
    "support the delivery of its mission, enhance the visibility, understanding and impact of its work, and "
    "demonstrate the value of ITU activities, outputs and outcomes to its membership and stakeholders. "
    "Effective communication is essential to promote the adoption and implementation of ITU standards, "
    "regulations, policies, best practices and development initiatives, and to support informed "
    "participation by the membership."
)


def marked_runs(deleted: str, inserted: str) -> list[tuple[str, str | None]]:
    """The seed's paragraph with TSAG's marks: ',' and the clause on study groups new, ' and' struck."""
    text = human_resources()
    start = text.index("learning, and innovation") + len("learning")
    clause = text.index(" and adaptive change")
    end = text.index(". ITU will also")
    return [
        (text[:start], None),
        (",", inserted),
        (" and", deleted),
        (" innovation", None),
        (text[clause:end], inserted),
        (text[end:].rstrip(), None),
    ]


def liaison_statement(deleted: str = "strike", inserted: str = "highlight") -> list[tuple[str, Runs]]:
    return [
        ("Normal", [("2) Edit the enabler on Human Resources (for consideration by CWG-SFP):", None)]),
        ("Heading 2", [("Human resources", None)]),
        ("Normal", marked_runs(deleted, inserted)),
        ("Heading 2", [("Strategic communication, promotion and outreach", inserted)]),
        ("Normal", [(NEW_ENABLER, inserted)]),
    ]


def write_docx(path: Path, paragraphs: Sequence[tuple[str, Runs]]) -> Path:
    path.write_bytes(build_document(paragraphs))
    return path


@pytest.fixture
def example_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    shutil.copytree(ROOT / "baseline", tmp_path / "baseline")
    (tmp_path / "proposals").mkdir()
    monkeypatch.chdir(tmp_path)
    return tmp_path


def merged(proposals: Path) -> list[tuple[str, str | None, str, str]]:
    code, out, err = invoke("merge", "--proposals", str(proposals), "--format", "json")
    assert code == 0, err
    return [(p["number"], p["heading"], p["status"], p["text"]) for p in json.loads(out)["paragraphs"]]


# --- acceptance: the seed's proposal, struck and highlighted, merges as the hand-written file ------


@pytest.mark.parametrize(("deleted", "inserted"), [("strike", "highlight"), ("del", "ins"), ("moveFrom", "moveTo")])
def test_imported_liaison_statement_merges_to_the_hand_written_proposal(
    example_dir: Path, deleted: str, inserted: str
) -> None:
    docx = write_docx(example_dir / "tsag-ls.docx", liaison_statement(deleted, inserted))
    code, out, err = invoke(
        "import", str(docx), "--source", "TSAG", "--date", "2026-02-11", "-o", "proposals/tsag.yaml"
    )
    assert (code, out) == (0, "")
    tracked = "" if deleted == "strike" else "; tracked changes only, as the document has some"
    assert err.strip().startswith(
        f"wrote proposals/tsag.yaml: 2 edits (1 ADD, 1 MOD); 2 unmarked paragraphs skipped{tracked}"
    )
    hand = example_dir / "hand"
    hand.mkdir()
    shutil.copy(ROOT / "proposals" / "tsag.yaml", hand / "tsag.yaml")
    assert merged(example_dir / "proposals") == merged(hand)
    paragraph_33 = next(p for p in merged(example_dir / "proposals") if p[0] == "33")
    assert "continuous learning, innovation and adaptive change" in paragraph_33[3]


def test_imported_yaml_reads_as_typed_by_hand(example_dir: Path) -> None:
    docx = write_docx(example_dir / "tsag-ls.docx", liaison_statement())
    code, out, _ = invoke("import", str(docx), "--source", "TSAG", "--document", "TSAG-LS17", "--date", "2026-02-11")
    assert code == 0
    lines = out.splitlines()
    assert lines[0].startswith("# Imported by itu-amend from tsag-ls.docx (tracked changes; strike")
    assert "source: TSAG" in lines
    assert "document: TSAG-LS17" in lines
    assert "date: 2026-02-11" in lines
    assert "  - action: MOD" in lines
    assert '    paragraph: "33"' in lines
    assert '    after: "33"' in lines
    assert "    heading: Strategic communication, promotion and outreach" in lines
    assert lines.count("    text: >-") == 2
    assert "      building a culture of continuous learning{++,++}{-- and--} innovation{++ and" in lines
    assert all(len(line) <= yamltext.WIDTH for line in lines if not line.startswith("#"))
    assert "id:" not in out and "rationale" not in out and "!!" not in out
    (example_dir / "p.yaml").write_text(out, encoding="utf-8")
    proposal = load_proposal(example_dir / "p.yaml")
    assert [e.action.value for e in proposal.edits] == ["MOD", "ADD"]
    assert proposal.edits[0].marked is not None
    assert proposal.edits[0].marked.new.count("study groups") == 1


# --- the shapes of a paragraph -------------------------------------------------------------


def test_struck_paragraph_is_sup_new_one_is_add_after_the_context_and_unmarked_ones_are_skipped(
    example_dir: Path,
) -> None:
    baseline = load_baseline(example_dir / "baseline" / "strategic-plan-2028-2031.yaml")
    text = {p.number: p.text for p in baseline.paragraphs}
    docx = write_docx(
        example_dir / "in.docx",
        [
            ("Normal", [(text["31"], None)]),  # context: anchors the new paragraph after 31
            ("Normal", [("ITU will publish its accounts every year.", "underline")]),
            ("Normal", [("Unrelated remarks of the secretariat.", None)]),
            ("Normal", [("35\t" + text["35"], "double-strike")]),
            ("Heading 2", [("Risk management and oversight", None)]),  # a baseline heading: places before 34
            ("Normal", [("ITU will name a chief risk officer.", "highlight")]),
        ],
    )
    code, out, err = invoke("import", str(docx), "--source", "RAG")
    assert code == 0, err
    (example_dir / "p.yaml").write_text(out, encoding="utf-8")
    edits = load_proposal(example_dir / "p.yaml").edits
    assert [(e.action.value, e.after, e.before, e.paragraph) for e in edits] == [
        ("ADD", "31", None, None),
        ("SUP", None, None, "35"),
        ("ADD", None, "34", None),
    ]
    assert edits[1].text == text["35"].replace("\n", " ")  # the label "35" is a hint, not text


def test_an_edit_keeps_its_authors_number_and_notes_where_it_was_found(example_dir: Path) -> None:
    """The author's 33 is the baseline's 35: `paragraph` stays 33 (SPEC: the number as the author saw it), so
    that the merge can read the proposal's renumbering; the note says where the text was found."""
    baseline = load_baseline(example_dir / "baseline" / "strategic-plan-2028-2031.yaml")
    text = {p.number: p.text for p in baseline.paragraphs}
    docx = write_docx(example_dir / "in.docx", [("Normal", [("33\t" + text["35"], "double-strike")])])
    code, out, err = invoke("import", str(docx), "--source", "RAG")
    assert code == 0, err
    assert "found in 35" in out
    (example_dir / "p.yaml").write_text(out, encoding="utf-8")
    (edit,) = load_proposal(example_dir / "p.yaml").edits
    assert (edit.action.value, edit.paragraph) == ("SUP", "33")


def test_new_paragraph_with_no_baseline_text_before_it_is_placed_after_that_text_with_a_note(
    example_dir: Path,
) -> None:
    docx = write_docx(
        example_dir / "in.docx",
        [
            ("Normal", [("1. Add a new enabler (for consideration by CWG-SFP):", None)]),
            ("Normal", [(NEW_ENABLER, "highlight")]),
        ],
    )
    code, out, err = invoke("import", str(docx), "--source", "TSAG")
    assert code == 0
    assert "warning: " in err and "paragraph 2" in err
    assert "# the baseline paragraph it follows was not found" in out
    (example_dir / "p.yaml").write_text(out, encoding="utf-8")
    edit = load_proposal(example_dir / "p.yaml").edits[0]
    assert edit.after == "Add a new enabler (for consideration by CWG-SFP):"  # its number "1." taken off


def test_a_paragraph_that_is_the_whole_of_one_baseline_paragraph_names_it(tmp_path: Path) -> None:
    """Folded (tatweel, hyphens), "يدعـو" is also the start of paragraph 3: being the whole of 1 decides."""
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "plan.yaml").write_text(
        'document: D\nparagraphs:\n  - number: "1"\n    text: يدعـو\n'
        '  - number: "2"\n    text: القـرار 417 (WRC-07)\n'
        '  - number: "3"\n    text: يدعو قطاع الاتصالات الراديوية إلى القرار 417 (WRC‑07) والمتابعة\n',
        encoding="utf-8",
    )
    docx = write_docx(
        tmp_path / "in.docx",
        [
            ("Normal", [("يدعـو", "strike")]),
            ("Normal", [("القـرار ", None), ("417 (WRC-07)", "strike"), ("417 (REV.WRC-12)", "highlight")]),
        ],
    )
    code, out, err = invoke("import", str(docx), "--source", "WRC", "--baseline", str(tmp_path / "b" / "plan.yaml"))
    assert code == 0, err
    (tmp_path / "p.yaml").write_text(out, encoding="utf-8")
    edits = load_proposal(tmp_path / "p.yaml").edits
    assert [(e.action.value, e.paragraph) for e in edits] == [("SUP", "1"), ("MOD", "2")]


def test_unanchored_mod_is_written_with_a_note_and_no_paragraph(example_dir: Path) -> None:
    docx = write_docx(
        example_dir / "in.docx", [("Normal", [("This sentence is in no draft at all, ", None), ("really", "strike")])]
    )
    code, out, err = invoke("import", str(docx), "--source", "RAG")
    assert code == 0
    assert "# not found in the baseline" in out
    assert "paragraph:" not in out
    assert "not found in the baseline" in err


def test_the_formatting_convention_is_configurable(example_dir: Path) -> None:
    docx = write_docx(example_dir / "in.docx", liaison_statement(deleted="strike", inserted="underline"))
    code, _, err = invoke("import", str(docx), "--source", "TSAG", "--insertion", "none", "--deletion", "none")
    assert code == 2
    assert err.count("\n") == 1 and "nothing to import" in err
    code, out, _ = invoke("import", str(docx), "--source", "TSAG", "--insertion", "underline")
    assert code == 0 and "{++,++}{-- and--}" in out
    code, _, err = invoke("import", str(docx), "--source", "TSAG", "--insertion", "strike")
    assert code == 2 and "cannot mark both" in err


# --- files that are not what they should be ---------------------------------------------------


def bad_files(folder: Path) -> dict[str, Path]:
    files = {
        "text.docx": b"The main focus of the organization is on modernizing ITU's human capacity.\n",
        "protected.docx": b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 504 + "EncryptedPackage".encode("utf-16-le"),
        "old.doc": b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 504 + "WordDocument".encode("utf-16-le"),
        "damaged.docx": b"PK\x03\x04 not really a zip",
    }
    paths = {name: folder / name for name in files}
    for name, data in files.items():
        paths[name].write_bytes(data)
    zipped = folder / "other.docx"
    with zipfile.ZipFile(zipped, "w") as package:
        package.writestr("hello.txt", "hello")
    paths["other.docx"] = zipped
    paths["empty.docx"] = write_docx(folder / "empty.docx", [("Normal", []), ("Normal", [("   ", None)])])
    return paths


@pytest.mark.parametrize(
    ("name", "reason"),
    [
        ("text.docx", "not a Word document (.docx): the file is not a ZIP package"),
        ("protected.docx", "the Word document is password-protected"),
        ("old.doc", "Word 97-2003 .doc file"),
        ("damaged.docx", "not a Word document (.docx): the ZIP package is damaged"),
        ("other.docx", "not a Word document (.docx): a ZIP file without Office content types"),
        ("empty.docx", "the Word document has no paragraphs of text"),
    ],
)
@pytest.mark.parametrize("command", [["import", "{}", "--source", "TSAG"], ["baseline", "import", "{}"]])
def test_a_file_that_is_no_usable_word_document_exits_2_with_one_line(
    example_dir: Path, name: str, reason: str, command: list[str]
) -> None:
    path = bad_files(example_dir)[name]
    out_file = example_dir / "out.yaml"
    code, out, err = invoke(*(str(path) if arg == "{}" else arg for arg in command), "-o", str(out_file))
    assert code == 2
    assert out == ""
    assert err.count("\n") == 1 and err.startswith(f"{path}: ") and reason in err
    assert "Traceback" not in err
    assert not out_file.exists()


def test_a_missing_file_and_a_bad_date_exit_2(example_dir: Path) -> None:
    code, _, err = invoke("import", "nowhere.docx", "--source", "TSAG")
    assert code == 2 and err.startswith("nowhere.docx: cannot read the file")
    docx = write_docx(example_dir / "in.docx", liaison_statement())
    code, _, err = invoke("import", str(docx), "--source", "TSAG", "--date", "11/02/2026")
    assert code == 2 and "YYYY-MM-DD" in err


# --- baseline import -----------------------------------------------------------------------------


def test_baseline_from_word_keeps_headings_and_list_numbers(tmp_path: Path) -> None:
    docx = write_docx(
        tmp_path / "draft.docx",
        [
            ("Title", [("Draft Annex 1 to Resolution 71", None)]),
            ("Heading 1", [("Enablers", None)]),
            ("List Number", [("The strategic goals are supported by enablers.", None)]),
            ("Heading 2", [("Human resources", None)]),
            ("List Number", [("The main focus of the organization is on ", None), ("people", "del"), ("staff", "ins")]),
            ("List Number", [("ITU will maintain an enterprise risk management framework.", None)]),
        ],
    )
    out = tmp_path / "plan.yaml"
    code, _, err = invoke("baseline", "import", str(docx), "-o", str(out))
    assert code == 0
    assert "wrote" in err and "3 paragraphs, numbered as in the text; 2 headings" in err
    assert "tracked changes" in err  # read as accepted, and said so
    baseline = load_baseline(out)
    assert baseline.document == "Draft Annex 1 to Resolution 71"
    assert [(p.number, p.heading, p.text) for p in baseline.paragraphs] == [
        ("1", "Enablers", "The strategic goals are supported by enablers."),
        ("2", "Human resources", "The main focus of the organization is on staff"),
        ("3", None, "ITU will maintain an enterprise risk management framework."),
    ]
    assert out.read_text(encoding="utf-8").startswith("# Imported by itu-amend from draft.docx: 3 paragraphs")


def test_baseline_from_text_takes_the_numbers_written_in_it(tmp_path: Path) -> None:
    source = tmp_path / "draft.txt"
    source.write_text(
        "# Enablers\n12. The strategic goals are supported by enablers.\n"
        "12A) Another paragraph.\n§ 13 A third one.\nAn unnumbered one.\n",
        encoding="utf-8",
    )
    code, out, _ = invoke("baseline", "import", str(source), "--document", "Plan", "--draft-version", "v2")
    assert code == 0
    (tmp_path / "plan.yaml").write_text(out, encoding="utf-8")
    baseline = load_baseline(tmp_path / "plan.yaml")
    assert (baseline.document, baseline.version) == ("Plan", "v2")
    assert [(p.number, p.heading, p.text) for p in baseline.paragraphs] == [
        ("12", "Enablers", "The strategic goals are supported by enablers."),
        ("12A", None, "Another paragraph."),
        ("13", None, "A third one."),
        ("13a", None, "An unnumbered one."),
    ]


def test_baseline_from_the_seed_text_numbers_in_order_when_numbers_are_rare(tmp_path: Path) -> None:
    if not SEED.exists():
        pytest.skip("the seed document is not on this machine")
    code, out, _ = invoke("baseline", "import", str(SEED))
    assert code == 0
    (tmp_path / "plan.yaml").write_text(out, encoding="utf-8")
    baseline = load_baseline(tmp_path / "plan.yaml")
    assert [p.number for p in baseline.paragraphs] == [str(n) for n in range(1, len(baseline.paragraphs) + 1)]
    assert any(p.text.startswith("The main focus of the organization") for p in baseline.paragraphs)


def test_repeated_numbers_fall_back_to_numbering_in_order(tmp_path: Path) -> None:
    source = tmp_path / "draft.txt"
    source.write_text("1. First.\n2. Second.\n1. First again.\n", encoding="utf-8")
    code, out, _ = invoke("baseline", "import", str(source))
    assert code == 0 and "numbers repeat" in out
    (tmp_path / "plan.yaml").write_text(out, encoding="utf-8")
    texts = [(p.number, p.text) for p in load_baseline(tmp_path / "plan.yaml").paragraphs]
    assert texts == [("1", "1. First."), ("2", "2. Second."), ("3", "1. First again.")]


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("12. Text", "12"),
        ("12) Text", "12"),
        ("§ 12 Text", "12"),
        ("5.2 The plan", "5.2"),
        ("40A\tText", "40A"),
        ("1.5 million people", None),
        ("2028 will be", None),
        ("12.", None),
    ],
)
def test_paragraph_numbers_written_in_the_text(text: str, number: str | None) -> None:
    assert split_label(text)[0] == number


# --- the YAML written reads back as the same strings -------------------------------------------

_ruamel = YAML(typ="safe")


@given(st.text(min_size=1, max_size=300))
def test_every_scalar_written_reads_back_identical(text: str) -> None:
    for key in ("text", "after"):
        lines = yamltext.scalar(key, text, 4)
        document = "edits:\n  - action: MOD\n" + "\n".join(lines) + "\n"
        assert _ruamel.load(document)["edits"][0][key] == text


@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=40))
def test_quoted_numbers_read_back_as_strings(text: str) -> None:
    assert _ruamel.load(f"number: {yamltext.quoted(text)}\n")["number"] == text


def test_a_second_document_of_the_same_group_gets_ids_of_its_own(example_dir: Path) -> None:
    docx = write_docx(example_dir / "tsag-ls.docx", liaison_statement())
    assert invoke("import", str(docx), "--source", "TSAG", "-o", "proposals/tsag-1.yaml")[0] == 0
    assert "id:" not in (example_dir / "proposals" / "tsag-1.yaml").read_text(encoding="utf-8")
    assert invoke("import", str(docx), "--source", "TSAG", "-o", "proposals/tsag-2.yaml")[0] == 0
    second = load_proposal(example_dir / "proposals" / "tsag-2.yaml")
    assert [e.id for e in second.edits] == ["TSAG/3", "TSAG/4"]
    code, _, err = invoke("check", "--format", "json")
    assert code in (0, 1), err  # both files load together: no duplicate ids
    # importing again over the first file keeps its default ids
    assert invoke("import", str(docx), "--source", "TSAG", "-o", "proposals/tsag-1.yaml")[0] == 0
    assert "id:" not in (example_dir / "proposals" / "tsag-1.yaml").read_text(encoding="utf-8")


# --- paragraph marks: a paragraph split or two joined, tracked ---------------------------------------
# Hand-made: the one real document with a split and a join (pandoc's, in test_docx_real.py) chains them,
# so that neither is seen alone there; a tracked mark is written as Word writes it (w:pPr/w:rPr/w:ins|w:del).


def baseline_text(example_dir: Path, number: str) -> str:
    baseline = load_baseline(example_dir / "baseline" / "strategic-plan-2028-2031.yaml")
    return next(" ".join(p.text.split()) for p in baseline.paragraphs if p.number == number)


def imported_edits(example_dir: Path, docx: Path) -> list[tuple[str, str | None, str | None, str, str]]:
    """The edits `import` makes of `docx`: action, paragraph, after, old and new passage (an ADD's text as new)."""
    code, _, err = invoke("import", str(docx), "--source", "RAG", "-o", "proposals/rag.yaml")
    assert code == 0, err
    edits = load_proposal(example_dir / "proposals" / "rag.yaml").edits
    passages = [(e.marked.old, e.marked.new) if e.marked else (e.text or "", e.text or "") for e in edits]
    return [
        (e.code, e.paragraph, e.after, "" if e.code == "ADD" else old, "" if e.code == "SUP" else new)
        for e, (old, new) in zip(edits, passages, strict=True)
    ]


def test_two_paragraphs_joined_are_a_mod_of_the_first_taking_the_seconds_words_and_a_sup_of_the_second(
    example_dir: Path,
) -> None:
    first, second = baseline_text(example_dir, "34"), baseline_text(example_dir, "35")
    docx = example_dir / "joined.docx"
    docx.write_bytes(build_document([("Normal", [(first, None)]), ("Normal", [(second, None)])], marks={0: "del"}))
    assert imported_edits(example_dir, docx) == [
        ("MOD", "34", None, first, f"{first} {second}"),  # a space where Word would glue "oversight...ITU"
        ("SUP", "35", None, second, ""),
    ]
    rows = {number: (status, " ".join(text.split())) for number, _, status, text in merged(example_dir / "proposals")}
    assert rows["34"] == ("modified", f"{first} {second}") and rows["35"] == ("suppressed", "")
    code, _, err = invoke("baseline", "import", str(docx), "-o", "next.yaml")  # accepted: one paragraph
    assert code == 0, err
    assert [p.text for p in load_baseline(example_dir / "next.yaml").paragraphs] == [f"{first} {second}"]


def test_a_paragraph_split_is_a_mod_cut_at_the_mark_and_an_add_of_the_rest_after_it(example_dir: Path) -> None:
    text = baseline_text(example_dir, "33")
    cut = text.index(". ") + 2
    head, rest = text[:cut], text[cut:]  # Word leaves the space at the end of the first paragraph
    docx = example_dir / "split.docx"
    docx.write_bytes(build_document([("Normal", [(head, None)]), ("Normal", [(rest, None)])], marks={0: "ins"}))
    assert imported_edits(example_dir, docx) == [
        ("MOD", "33", None, text, head.rstrip()),
        ("ADD", None, "33", "", rest),
    ]
    rows = [(number, " ".join(text.split())) for number, _, status, text in merged(example_dir / "proposals")]
    assert ("33", head.rstrip()) in rows and rows[rows.index(("33", head.rstrip())) + 1] == ("33A", rest)
    code, _, err = invoke("baseline", "import", str(docx), "--track-changes", "reject", "-o", "before.yaml")
    assert code == 0, err
    assert [p.text for p in load_baseline(example_dir / "before.yaml").paragraphs] == [text]


def test_a_paragraph_inserted_or_deleted_with_its_own_mark_stays_an_add_or_a_sup(example_dir: Path) -> None:
    """Word (and `merge --format docx`) tracks a whole new paragraph's mark with its words: no split, no join."""
    context, doomed = baseline_text(example_dir, "31"), baseline_text(example_dir, "32")
    docx = example_dir / "whole.docx"
    paragraphs: list[tuple[str, Runs]] = [
        ("Normal", [(context, None)]),
        ("Normal", [("ITU will publish its accounts every year.", "ins")]),
        ("Normal", [(doomed, "del")]),
        ("Normal", [(baseline_text(example_dir, "33"), None)]),
    ]
    docx.write_bytes(build_document(paragraphs, marks={1: "ins", 2: "del"}))
    assert [row[:3] for row in imported_edits(example_dir, docx)] == [("ADD", None, "31"), ("SUP", "32", None)]


@pytest.mark.parametrize(
    ("before", "after", "space"),
    [
        ("oversight.", "ITU", " "),
        ("oversight. ", "ITU", ""),
        ("", "ITU", ""),
        ("国际电联", "将", ""),
        ("ITU", "将", " "),
    ],
)
def test_paragraphs_joined_take_a_space_between_words_not_beside_one_nor_between_ideographs(
    before: str, after: str, space: str
) -> None:
    assert structure.glue(before, after) == space


@pytest.mark.skipif(shutil.which("pandoc") is None, reason="pandoc is not installed")
@pytest.mark.parametrize("tracked", ["ins", "del"])
@pytest.mark.parametrize("track_changes", ["accept", "reject"])
def test_a_split_or_join_made_here_reads_as_pandoc_reads_it(
    example_dir: Path, tracked: str, track_changes: str
) -> None:
    text = baseline_text(example_dir, "33")
    cut = text.index(". ") + 2
    docx = example_dir / "marks.docx"
    docx.write_bytes(
        build_document([("Normal", [(text[:cut], None)]), ("Normal", [(text[cut:], None)])], marks={0: tracked})
    )
    code, _, err = invoke("baseline", "import", str(docx), "--track-changes", track_changes, "-o", "read.yaml")
    assert code == 0, err
    pandoc = subprocess.run(
        ["pandoc", f"--track-changes={track_changes}", "-f", "docx", "-t", "plain", "--wrap=none", str(docx)],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    assert [p.text for p in load_baseline(example_dir / "read.yaml").paragraphs] == [
        " ".join(block.split()) for block in pandoc.split("\n\n") if block.strip()
    ]
