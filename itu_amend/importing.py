"""Importing: a marked-up Word document becomes a proposal file, a Word or text draft a baseline file.

A proposal's paragraphs are read as their author marked them (tracked changes, or
strike-out and highlight by a convention the user can change) and written as the
YAML an editor would type: a paragraph with changes is a MOD in CriticMarkup, a
wholly new one an ADD after the baseline paragraph that precedes it, a wholly
struck one a SUP; unmarked paragraphs are context. Each edit is anchored against
the baseline, as the merge will anchor it: its paragraph number is the author's
label where there is one, else the paragraph it was found in, and a note says
where it was found when that differs or is in doubt.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import difflib
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from . import critic, structure, yamltext
from .anchoring import BaselineIndex, anchor_proposal
from .errors import InputError, UsageError
from .model import Action, Anchor, AnchorStatus, Baseline, Edit, Proposal
from .normalize import fold, fold_text
from .structure import JOINED, KEPT, NEW, OLD, SPLIT
from .word import DELETED, FORMATS, INSERTED, NOTE_STYLE, Piece, WordDocument, WordParagraph, read_document

TEXT_SUFFIXES = (".txt", ".text", ".md")
WRAPPED_WIDTH = 100
"""A text file none of whose lines is longer than this, with blank lines, is hard-wrapped prose."""


@dataclass(frozen=True)
class Convention:
    """Which run formatting marks a deletion and which an insertion (tracked changes always count)."""

    deletion: frozenset[str] = frozenset({"strike", "double-strike"})
    insertion: frozenset[str] = frozenset({"highlight", "underline"})

    def __post_init__(self) -> None:
        unknown = (self.deletion | self.insertion) - set(FORMATS)
        if unknown:
            raise UsageError(f"unknown formatting '{sorted(unknown)[0]}': use {', '.join(FORMATS)}")
        both = self.deletion & self.insertion
        if both:
            raise UsageError(f"'{sorted(both)[0]}' cannot mark both deletions and insertions")

    def kind(self, piece: Piece) -> str:
        """Kept, deleted or inserted: a tracked change decides, else the formatting (deletion wins)."""
        if piece.tracked is not None:
            return piece.tracked
        if piece.formats & self.deletion:
            return DELETED
        if piece.formats & self.insertion:
            return INSERTED
        return KEPT

    def describe(self) -> str:
        if not self.deletion and not self.insertion:
            return "tracked changes only"
        parts = ["tracked changes"]
        if self.deletion:
            parts.append(f"{_or(self.deletion)} text as deletions")
        if self.insertion:
            parts.append(f"{_or(self.insertion)} text as insertions")
        return "; ".join(parts)


TRACKED_ONLY = Convention(frozenset(), frozenset())


def _or(formats: Iterable[str]) -> str:
    names = sorted(formats, key=FORMATS.index)
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " or " + names[-1]


# --- a paragraph as its author marked it ----------------------------------------


@dataclass(frozen=True)
class Marked:
    """A Word paragraph as runs of kept, deleted and inserted text, its number label taken off."""

    source: WordParagraph
    runs: tuple[tuple[str, str], ...]  # (kind, text)
    label: str | None = None
    structure: str | None = None  # SPLIT or JOINED: a tracked paragraph mark split or joined it

    @property
    def shape(self) -> str:
        """ "context" (no change), "new" (all inserted), "struck" (all deleted) or "changed"."""
        kinds = {kind for kind, text in self.runs if text.strip()}
        if kinds <= {KEPT}:
            return "context"
        if kinds == {INSERTED}:
            return "new"
        if kinds == {DELETED}:
            return "struck"
        return "changed"

    def reading(self, *kinds: str) -> str:
        return "".join(text for kind, text in self.runs if kind in kinds)

    @property
    def old(self) -> str:
        return self.reading(KEPT, DELETED)

    @property
    def new(self) -> str:
        return self.reading(KEPT, INSERTED)

    def critic_markup(self) -> str:
        marks = {KEPT: "{}", DELETED: "{{--{}--}}", INSERTED: "{{++{}++}}"}
        return "".join(marks[kind].format(text) for kind, text in self.runs)


def mark(paragraph: WordParagraph, convention: Convention, structure: str | None = None) -> Marked:
    """Classify a paragraph's pieces, tidy white space, and take a leading number label off."""
    runs = [(convention.kind(p), p.text) for p in paragraph.pieces if p.text]  # a run of one space parts two words
    while runs and not runs[0][1].strip():
        runs.pop(0)
    label = paragraph.label
    if runs:
        kind, first = runs[0]
        following = runs[1][1] if len(runs) > 1 else ""
        number, rest = split_label(first + following[:1])  # a label may stand in a run of its own ("33<tab>")
        if number is not None and not is_item(number):  # a list item's "a)" is words of the text
            rest = rest[: len(rest) - len(following[:1])]
            label = label or number
            runs = [(kind, rest), *runs[1:]] if rest.strip() else runs[1:]
    runs = _tidy(runs)
    return Marked(paragraph, tuple(runs), label, structure)


def _tidy(runs: Sequence[tuple[str, str]]) -> list[tuple[str, str]]:
    """Join runs of one kind, make every white space one space, and trim the paragraph's ends.

    White space that is the whole of a mark is not a change anyone means to propose
    (a highlighted space between two highlighted words): it is read as kept.
    """
    joined: list[tuple[str, str]] = []
    for kind, text in runs:
        text = re.sub(r"\s+", " ", text)
        kind = KEPT if not text.strip() else kind
        if joined and joined[-1][0] == kind:
            joined[-1] = (kind, re.sub(r" {2,}", " ", joined[-1][1] + text))
        elif text:
            joined.append((kind, text))
    while joined and not joined[0][1].lstrip():
        joined.pop(0)
    while joined and not joined[-1][1].rstrip():
        joined.pop()
    if joined:
        joined[0] = (joined[0][0], joined[0][1].lstrip())
        joined[-1] = (joined[-1][0], joined[-1][1].rstrip())
    return joined


_NUMBER = r"\d{1,3}(?:\.\d{1,3})*(?:[A-Z]|bis|ter|quater|quinquies)?"
"""ITU's paragraph numbers: 12, 12A, 12bis, 3.1, 3.1.2 (not a year: 2028 is a year, not a paragraph)."""
_LABEL = re.compile(
    rf"""(?:§\s*(?P<section>{_NUMBER})[.)]?\s+
        | (?P<mark>{_NUMBER})(?:[.)][ \t]+|\t\s*|[ ]+(?=[A-Z"“‘'(«]))
        | (?P<item>\((?:[a-z]|[ivx]+)\)|(?:[a-z]|[ivx]+)\))[ \t]+)""",
    re.VERBOSE,
)


def split_label(text: str) -> tuple[str | None, str]:
    """A paragraph number written at the start of a text and the rest.

    "12.", "12)", "§ 12", "12<tab>" and, before a capital, "12 ", "12A ", "12bis ",
    "3.1.2 "; a list item's "a)", "(a)", "(iv)" too. A number with nothing after it is no label.
    """
    match = _LABEL.match(text.lstrip())
    if match is None or not match.end() < len(text.lstrip()):
        return None, text
    number = match.group("section") or match.group("mark") or match.group("item")
    return number, text.lstrip()[match.end() :]


def is_item(label: str) -> bool:
    """Whether a label is a list item's ("a)", "(iv)"), which numbers a part of the paragraph before it."""
    return label[:1] == "(" or label[:1].isalpha()


def _number(marked: Marked, anchor: Anchor) -> str | None:
    """The `paragraph` of an imported edit: the number its author gave it, else the paragraph it was found in.

    Why the author's: SPEC's `paragraph` is the number as the author saw it, and
    the merge reads a proposal's numbers together to see how its draft was
    renumbered (and whether a quote found far away is a copy). Where it was found
    is said in the edit's note when it differs. A label that is no paragraph number
    ("(a)", a list letter) gives way to the paragraph found.
    """
    label = label_number(marked.label)
    return label if label is not None and label[:1].isdigit() else anchor.paragraph


def label_number(label: str | None) -> str | None:
    """A Word list label as a paragraph number: "12." -> "12", "(a)" -> "a"; None if it is not one."""
    if label is None:
        return None
    number = label.strip().strip("().§ ").strip()
    return number if re.fullmatch(r"[\w]+(?:\.[\w]+)*", number) else None


# --- proposals ---------------------------------------------------------------------


@dataclass(frozen=True)
class ImportedEdit:
    action: Action
    text: str
    paragraph: str | None = None
    after: str | None = None
    before: str | None = None
    heading: str | None = None
    quoted_place: bool = False  # `after`/`before` is a passage of text, not a paragraph number
    number: str | None = None  # ADD: the number its author gave the new paragraph
    rationale: str | None = None  # the Word comments on its paragraphs, with their authors
    notes: tuple[str, ...] = ()  # written as comments above the edit
    origins: tuple[int, ...] = ()  # the Word paragraphs it came from
    move: str | None = None  # SUP* and ADD*: the name linking the two halves of a move

    @property
    def code(self) -> str:
        return f"{self.action.value}*" if self.move is not None else self.action.value


@dataclass(frozen=True)
class Imported:
    """A file to write (YAML text), what it holds in one line, and what the user should check."""

    yaml: str
    summary: str
    warnings: tuple[str, ...] = ()


@dataclass(frozen=True)
class ProposalHeader:
    source: str
    document: str | None = None
    date: str | None = None


def check_date(date: str | None) -> str | None:
    """An ISO date (YYYY-MM-DD), or a UsageError that says so."""
    if date is None:
        return None
    try:
        return dt.date.fromisoformat(date.strip()).isoformat()
    except ValueError:
        raise UsageError(f"--date '{date}' is not a date: write it as YYYY-MM-DD, e.g. 2026-02-11") from None


def import_proposal(
    path: Path,
    baseline: Baseline,
    header: ProposalHeader,
    convention: Convention | None = None,
    taken_ids: frozenset[str] = frozenset(),
) -> Imported:
    """Read a marked-up Word document and write it as a proposal anchored against `baseline`.

    Without a `convention`, a document with tracked changes is read by them alone
    (its underlined links and struck headings are no proposal), one without any by
    its strike-out and highlight (`Convention()`).
    `taken_ids` are the edit ids of the proposals already beside it: where the default
    ids ("TSAG/1", ...) would clash with them, the edits get explicit free ids.
    """
    document = read_document(path)
    chosen = convention is not None
    if convention is None:
        convention = TRACKED_ONLY if document.tracked else Convention()
    edits, warnings = proposal_edits(document, baseline, header.source, convention)
    if not edits:
        raise InputError(
            str(path),
            f"nothing to import: no paragraph has changes ({convention.describe()}); "
            "if the document marks them another way, say so with --deletion / --insertion",
        )
    codes = [code for a in Action for code in (a.value, f"{a.value}*")]
    counts = ", ".join(f"{sum(e.code == c for e in edits)} {c}" for c in codes if any(e.code == c for e in edits))
    context = sum(1 for p in document.paragraphs if p.text.strip()) - len({n for e in edits for n in e.origins})
    summary = (
        f"{len(edits)} edit{'s' * (len(edits) != 1)} ({counts}); "
        f"{context} unmarked paragraph{'s' * (context != 1)} skipped"
    )
    marks = _marks_changed(_text_paragraphs(document))
    if marks:
        summary += f"; tracked paragraph marks: {marks} (see the notes above the edits)"
    if convention == TRACKED_ONLY and not chosen:
        summary += "; tracked changes only, as the document has some (formatting too: --deletion / --insertion)"
    origin = (
        f"Imported by itu-amend from {path.name} ({convention.describe()}), "
        f"anchored against {Path(baseline.path).name or 'the baseline'}."
    )
    ids = _free_ids(header.source, len(edits), taken_ids)
    return Imported(proposal_yaml(header, edits, origin, ids), summary, tuple(warnings))


def _free_ids(source: str, count: int, taken: frozenset[str]) -> list[str] | None:
    """Explicit ids for `count` edits when the defaults are taken by another proposal of the group, else None."""
    if not any(f"{source}/{n}" in taken for n in range(1, count + 1)):
        return None
    free = (f"{source}/{n}" for n in range(1, count + len(taken) + 2) if f"{source}/{n}" not in taken)
    return [next(free) for _ in range(count)]


def proposal_edits(
    document: WordDocument, baseline: Baseline, source: str, convention: Convention
) -> tuple[list[ImportedEdit], list[str]]:
    """The edits of a document, in order, and a warning for each that needs the editor's eye."""
    reader = _ProposalReader(BaselineIndex(baseline), source, document.path)
    for unit in structure.proposal_units(_text_paragraphs(document), convention.kind):
        marked = mark(unit.paragraph, convention, unit.structure)
        if marked.runs:
            reader.read(marked)
    reader.finish()
    return reader.edits, reader.warnings


def _text_paragraphs(document: WordDocument) -> list[WordParagraph]:
    """The document's paragraphs without itu-amend's legend and conflict alternatives, no part of the text."""
    return [p for p in document.paragraphs if not (document.consolidated and p.style == NOTE_STYLE)]


STRUCTURE_NOTES = {
    (Action.MOD, SPLIT): "split in two (a paragraph mark inserted, tracked): the words after the mark are struck "
    "here and added as the paragraph after it",
    (Action.MOD, JOINED): "joined to the next paragraph (its paragraph mark deleted, tracked): that paragraph's "
    "words are added here and it is suppressed",
    (Action.ADD, SPLIT): "split off the paragraph before it (a paragraph mark inserted, tracked)",
    (Action.SUP, JOINED): "joined to the paragraph before it (a paragraph mark deleted, tracked): its words are "
    "added there",
}
"""What a note above an imported edit says where a tracked paragraph mark made it."""


@dataclass
class _ProposalReader:
    """Walks the document once, keeping where the last baseline paragraph was seen (for ADDs)."""

    index: BaselineIndex
    source: str
    path: str
    edits: list[ImportedEdit] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    seen: list[Marked] = field(default_factory=list)  # body paragraphs read so far
    places: dict[int, tuple[str, str] | None] = field(default_factory=dict)  # seen index -> ("after"|"before", number)
    heading: Marked | None = None  # a new heading waiting for its paragraph
    wholes: dict[str, list[str]] | None = None  # a baseline paragraph's folded text -> its numbers (built once)

    def read(self, marked: Marked) -> None:
        if marked.source.heading is not None:
            self._heading(marked)
            return
        shape = marked.shape
        if shape == "new":
            self._add(marked)
        else:
            self._drop_heading()
            if shape == "changed":
                self._mod(marked)
            elif shape == "struck":
                self._sup(marked)
        self.seen.append(marked)

    def finish(self) -> None:
        self._drop_heading()
        self.edits = _link_moves(self.edits)

    def _warn(self, marked: Marked, message: str) -> None:
        self.warnings.append(f"{self.path}: paragraph {marked.source.index}: {message}")

    def _heading(self, marked: Marked) -> None:
        shape = marked.shape
        self._drop_heading()
        if shape == "new":
            self.heading = marked
        elif shape != "context":
            self._warn(marked, "a change to a heading cannot be proposed as an edit: make it by hand")
        else:
            self.seen.append(marked)
            number = self._heading_of(marked.new)
            self.places[len(self.seen) - 1] = ("before", number) if number else None

    def _heading_of(self, text: str) -> str | None:
        wanted = fold_text(text)
        found = [p.number for p in self.index.paragraphs if p.heading and fold_text(p.heading) == wanted]
        return found[0] if len(found) == 1 else None

    def _drop_heading(self) -> None:
        if self.heading is not None:
            self._warn(self.heading, "a new heading with no new paragraph after it is not imported")
            self.heading = None

    def _edit(self, marked: Marked, action: Action, text: str) -> Anchor:
        """Anchor an edit as the merge will: the label (if it names a baseline paragraph) is the hint.

        Without one, a document paragraph that reads (folded) as the whole of exactly one
        baseline paragraph names it: the quote is the whole paragraph, wherever else its
        words stand inside longer ones ("يدعـو" is paragraph 48, not the start of 50).
        """
        hint_number = label_number(marked.label)
        hint = None if hint_number is None else self.index.positions.get(hint_number)
        if hint is None:
            hint_number = self._whole_paragraph(marked.old)
            hint = None if hint_number is None else self.index.positions[hint_number]
        edit = Edit(
            id=f"{self.source}/import",
            source=self.source,
            action=action,
            index=1,
            paragraph=None if hint is None else hint_number,
            text=text,
            marked=critic.parse(text) if action is Action.MOD else None,
        )
        return self._anchor(edit)

    def _anchor(self, edit: Edit) -> Anchor:
        """One edit anchored as the merge anchors a proposal of that edit alone."""
        return anchor_proposal(Proposal(self.source, (edit,), str(self.path)), self.index)[edit.id]

    def _whole_paragraph(self, text: str) -> str | None:
        """The one baseline paragraph whose whole text folds as `text` does, or None (none, or several)."""
        if self.wholes is None:
            self.wholes = {}
            for paragraph, folded in zip(self.index.paragraphs, self.index.folded, strict=True):
                self.wholes.setdefault(folded.text.strip(), []).append(paragraph.number)
        found = self.wholes.get(fold_text(text).strip(), [])
        return found[0] if len(found) == 1 else None

    def _mod(self, marked: Marked) -> None:
        text = marked.critic_markup()
        _check_markup(text, marked, self.path)
        anchor = self._edit(marked, Action.MOD, text)
        self._record(marked, anchor)
        self.edits.append(
            ImportedEdit(
                Action.MOD,
                text,
                _number(marked, anchor),
                notes=_structure_note(marked, Action.MOD) + self._notes(marked, anchor),
                origins=(marked.source.index,),
                rationale=rationale(marked.source),
            )
        )

    def _sup(self, marked: Marked) -> None:
        text = marked.old
        anchor = self._edit(marked, Action.SUP, text)
        self._record(marked, anchor)
        self.edits.append(
            ImportedEdit(
                Action.SUP,
                text,
                _number(marked, anchor),
                notes=_structure_note(marked, Action.SUP) + self._notes(marked, anchor),
                origins=(marked.source.index,),
                move=_moved(marked),
                rationale=rationale(marked.source),
            )
        )

    def _record(self, marked: Marked, anchor: Anchor) -> None:
        place = ("after", anchor.paragraph) if anchor.paragraph is not None else None
        self.places[len(self.seen)] = place

    def _notes(self, marked: Marked, anchor: Anchor) -> tuple[str, ...]:
        status = anchor.status
        if status in (AnchorStatus.ANCHORED, AnchorStatus.FUZZY) and not anchor.message:
            return ()
        what = {
            AnchorStatus.AMBIGUOUS: "more than one paragraph of the baseline fits",
            AnchorStatus.UNANCHORED: "not found in the baseline",
            AnchorStatus.STALE: "the baseline's words differ",
            AnchorStatus.ALREADY: "the baseline already reads this way",
        }.get(status, "anchored")
        note = f"{what}: {anchor.message}" if anchor.message else what
        self._warn(marked, note)
        return (note,)

    def _add(self, marked: Marked) -> None:
        heading = None if self.heading is None else self.heading.new
        origins = (marked.source.index,) if self.heading is None else (self.heading.source.index, marked.source.index)
        why = rationale(*([] if self.heading is None else [self.heading.source]), marked.source)
        self.heading = None
        place = self._place()
        notes: tuple[str, ...] = ()
        self.places[len(self.seen)] = None
        if place is None:
            place = self._fallback_place(marked)
            notes = (
                "the baseline paragraph it follows was not found, so it is placed after the text before it "
                f"in the document ('{_clip(place[1])}'): replace that by a paragraph number",
            )
            self._warn(marked, "new paragraph: " + notes[0])
        key, reference = place
        number = label_number(marked.label)
        taken = number is None or not number[:1].isdigit() or number in self.index.positions
        self.edits.append(
            ImportedEdit(
                Action.ADD,
                marked.new,
                after=reference if key == "after" else None,
                before=reference if key == "before" else None,
                number=None if taken else number,
                heading=heading,
                quoted_place=bool(notes),
                notes=_structure_note(marked, Action.ADD) + notes,
                origins=origins,
                move=_moved(marked),
                rationale=why,
            )
        )

    def _place(self) -> tuple[str, str] | None:
        """Where a new paragraph goes: after the last baseline paragraph the document showed before it."""
        for position in range(len(self.seen) - 1, -1, -1):
            if position not in self.places:
                self.places[position] = self._locate_context(self.seen[position])
            place = self.places[position]
            if place is not None:
                return place
        return None

    def _locate_context(self, marked: Marked) -> tuple[str, str] | None:
        """The baseline paragraph a document paragraph is, if its words stand clearly in one (unnumbered)."""
        if not fold(marked.new).text:
            return None
        edit = Edit(f"{self.source}/context", self.source, Action.NOC, 1, text=marked.new)
        anchor = self._anchor(edit)
        if anchor.status is not AnchorStatus.ANCHORED or anchor.paragraph is None:
            return None
        return "after", anchor.paragraph

    def _fallback_place(self, marked: Marked) -> tuple[str, str]:
        if self.seen:
            return "after", self.seen[-1].new
        raise InputError(
            self.path,
            f"paragraph {marked.source.index} is new, and nothing before it in the document is in the baseline, "
            "so its place is unknown: add the paragraph it follows, unmarked, before it",
        )


def _structure_note(marked: Marked, action: Action) -> tuple[str, ...]:
    """The note above an edit that a tracked paragraph mark made, so the editor reads its two halves together."""
    note = STRUCTURE_NOTES.get((action, marked.structure or ""))
    return () if note is None else (note,)


def rationale(*paragraphs: WordParagraph) -> str | None:
    """The Word comments on the paragraphs, each with its author and the passage it is about."""
    parts = []
    for paragraph in paragraphs:
        whole = " ".join(paragraph.text.split())
        for comment in paragraph.comments:
            on = f" (on “{_clip(comment.passage, 60)}”)" if comment.passage and comment.passage != whole else ""
            parts.append(f"{comment.author or 'Word comment'}: {comment.text}{on}")
    return "; ".join(parts) or None


def _moved(marked: Marked) -> str | None:
    """The Word move a paragraph wholly is, if it is one (every piece of text moved by one move)."""
    names = {piece.move for piece in marked.source.pieces if piece.text.strip()}
    return names.pop() if len(names) == 1 else None


def _link_moves(edits: Sequence[ImportedEdit]) -> list[ImportedEdit]:
    """Word's moves as SUP* and ADD* linked by a name ("M1", ...); a moved text changed on the way is also a MOD.

    A move of several paragraphs pairs them in order. A half with no other (its
    other end outside the body, say), or halves that do not pair one to one, stay a
    plain SUP or ADD.
    """
    halves: dict[str, dict[Action, list[int]]] = {}
    for n, edit in enumerate(edits):
        if edit.move is not None:
            halves.setdefault(edit.move, {Action.SUP: [], Action.ADD: []})[edit.action].append(n)
    linked: list[tuple[int, int]] = []
    for sides in halves.values():
        if len(sides[Action.SUP]) == len(sides[Action.ADD]):
            linked.extend(zip(sides[Action.SUP], sides[Action.ADD], strict=True))
    names = {n: f"M{k}" for k, pair in enumerate(sorted(linked), 1) for n in pair}
    out = [dataclasses.replace(edit, move=names.get(n)) for n, edit in enumerate(edits)]
    changed = {sup: out[add] for sup, add in linked if fold_text(out[sup].text) != fold_text(out[add].text)}
    result: list[ImportedEdit] = []
    for n, edit in enumerate(out):
        result.append(edit)
        if n in changed:
            result.append(_changed_on_the_way(edit, changed[n]))
    return result


def _changed_on_the_way(sup: ImportedEdit, add: ImportedEdit) -> ImportedEdit:
    """The MOD that makes a moved paragraph read as it does where it went: its words' differences as marks."""
    return ImportedEdit(
        Action.MOD,
        word_diff(sup.text, add.text),
        sup.paragraph,
        notes=(f"the text moved by {sup.move} was changed on the way",),
        origins=add.origins,
    )


_TOKEN = re.compile(r"\w+|\s+|[^\w\s]")


def word_diff(old: str, new: str) -> str:
    """CriticMarkup turning `old` into `new`, word by word (words, white space and punctuation apart)."""
    a, b = _TOKEN.findall(old), _TOKEN.findall(new)
    out = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes():
        if op == "equal":
            out.append("".join(a[i1:i2]))
            continue
        if i2 > i1:
            out.append("{--" + "".join(a[i1:i2]) + "--}")
        if j2 > j1:
            out.append("{++" + "".join(b[j1:j2]) + "++}")
    return "".join(out)


def _clip(text: str, width: int = 50) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def _check_markup(text: str, marked: Marked, path: str) -> None:
    """The paragraph's own text must not contain CriticMarkup, or its marks would be misread."""
    try:
        parsed = critic.parse(text)
    except critic.MarkupError:
        parsed = None
    if parsed is None or parsed.old != marked.old or parsed.new != marked.new:
        raise InputError(
            path,
            f"paragraph {marked.source.index} contains CriticMarkup characters ({{-- ++}} {{~~ ...): "
            "they would be read as marks; write that paragraph's edit by hand",
        )


def proposal_yaml(
    header: ProposalHeader, edits: Sequence[ImportedEdit], origin: str, ids: Sequence[str] | None = None
) -> str:
    lines = [*yamltext.comment(origin)]
    lines += yamltext.scalar("source", header.source, 0)
    if header.document:
        lines += yamltext.scalar("document", header.document, 0)
    if header.date:
        lines.append(f"date: {header.date}")
    lines.append("edits:")
    for n, edit in enumerate(edits):
        lines += _edit_lines(edit, None if ids is None else ids[n])
    return "\n".join(lines) + "\n"


def _edit_lines(edit: ImportedEdit, edit_id: str | None) -> list[str]:
    lines = [line for note in edit.notes for line in yamltext.comment(note, 2)]
    lines.append(f"  - action: {edit.code}")
    if edit_id is not None:
        lines += yamltext.scalar("id", edit_id, 4)
    if edit.paragraph is not None:
        lines.append(f"    paragraph: {yamltext.quoted(edit.paragraph)}")
    for key, value in (("after", edit.after), ("before", edit.before)):
        if value is not None:
            lines += yamltext.scalar(key, value, 4) if edit.quoted_place else [f"    {key}: {yamltext.quoted(value)}"]
    if edit.number is not None and edit.move is None:
        lines.append(f"    number: {yamltext.quoted(edit.number)}")
    if edit.heading and not (edit.move and edit.action is Action.ADD):
        lines += yamltext.scalar("heading", edit.heading, 4)
    if edit.move is not None:
        lines += yamltext.scalar("move", edit.move, 4)
    if not (edit.move and edit.action is Action.ADD):  # an ADD* brings its SUP*'s paragraph, text and all
        lines += yamltext.scalar("text", edit.text, 4)
    if edit.rationale:
        lines += yamltext.scalar("rationale", edit.rationale, 4)
    return lines


# --- baselines -----------------------------------------------------------------------


@dataclass(frozen=True)
class Entry:
    """A paragraph of a draft being imported as a baseline: its label (if any), heading and text."""

    text: str
    heading: str | None = None
    label: str | None = None  # a number found in the text or Word's list numbering
    original: str = ""  # the text with the number it started with, if any


ACCEPT, REJECT = "accept", "reject"


def import_baseline(
    path: Path, document: str | None = None, version: str | None = None, track_changes: str = ACCEPT
) -> Imported:
    """Read a Word or plain-text draft as a baseline: one entry per paragraph, numbered.

    `track_changes`: a Word draft's tracked changes are read as accepted (the draft as
    it will read) or rejected (as it read before them).
    """
    found_version = None
    if path.suffix.lower() in TEXT_SUFFIXES:
        entries, title, warnings = _text_entries(path)
    else:
        entries, title, found_version, warnings = _word_entries(path, track_changes)
    version = version or found_version
    if not entries:
        raise InputError(str(path), "the draft has no paragraphs of text")
    numbers, texts, how = number_entries(entries)
    title = document or title or path.stem
    origin = f"Imported by itu-amend from {path.name}: {len(entries)} paragraphs, {how}."
    lines = [*yamltext.comment(origin), *yamltext.scalar("document", title, 0)]
    if version:
        lines += yamltext.scalar("version", version, 0)
    lines.append("paragraphs:")
    for number, text, entry in zip(numbers, texts, entries, strict=True):
        lines.append(f"  - number: {yamltext.quoted(number)}")
        if entry.heading:
            lines += yamltext.scalar("heading", entry.heading, 4)
        lines += yamltext.scalar("text", text, 4)
    headings = sum(1 for e in entries if e.heading)
    summary = f"{len(entries)} paragraphs, {how}; {headings} heading{'s' * (headings != 1)}"
    return Imported("\n".join(lines) + "\n", summary, tuple(warnings))


def _word_entries(path: Path, track_changes: str = ACCEPT) -> tuple[list[Entry], str | None, str | None, list[str]]:
    """Body paragraphs with their tracked changes accepted (or rejected); heading styles become headings.

    Tracked paragraph marks are read too: accepted, a deleted mark joins two paragraphs
    and an inserted one splits one; rejected, the reverse (`structure.reading`).
    Also the title (and, in a consolidated text itu-amend wrote, the version under it).
    What itu-amend adds to a consolidated text (its legend, conflict alternatives) is
    no part of the draft and is left out; its numbers stand before a tab.
    """
    read = read_document(path)
    entries: list[Entry] = []
    headings: list[str] = []
    title, version = read.title, None
    warnings = []
    paragraphs = _text_paragraphs(read)
    if read.tracked:
        warnings.append(f"{path}: the document has tracked changes: {_tracked_reading(paragraphs, track_changes)}")
    for joined in structure.reading(paragraphs, NEW if track_changes == ACCEPT else OLD):
        raw, paragraph = joined.text, joined.paragraph
        text = " ".join(raw.split())
        if not text:
            continue
        front = not entries and not headings
        if paragraph.heading == 0 and front and title in (None, text):
            title = text
        elif read.consolidated and paragraph.style == "Subtitle" and front:
            version = text
        elif paragraph.heading is not None:
            headings.append(text)
        elif read.consolidated and "\t" in raw.lstrip():
            number, rest = raw.lstrip().split("\t", 1)
            entries.append(Entry(" ".join(rest.split()), " / ".join(headings) or None, number.strip(), text))
            headings = []
        else:
            entries.append(_entry(raw, headings, paragraph.label))
            headings = []
    if headings:
        warnings.append(f"{path}: the last heading ('{headings[-1]}') has no paragraph after it and is left out")
    return entries, title, version, warnings


def _tracked_reading(paragraphs: Sequence[WordParagraph], track_changes: str) -> str:
    """How the baseline reads a document's tracked changes, its paragraph marks counted."""
    how = "accepted" if track_changes == ACCEPT else "rejected"
    marks = _marks_changed(paragraphs)
    return f"the baseline reads them as {how}" + (f", paragraph marks too ({marks})" if marks else "")


def _marks_changed(paragraphs: Sequence[WordParagraph]) -> str:
    """The paragraphs that tracked marks split and join, counted ("1 paragraph split, 2 joined to the next"), or ""."""
    splits, joins = structure.marks_changed(paragraphs)
    parts = [f"{splits} paragraph{'s' * (splits != 1)} split"] if splits else []
    parts += [f"{joins} joined to the next"] if joins else []
    return ", ".join(parts)


def _entry(raw: str, headings: list[str], word_label: str | None) -> Entry:
    """An entry of a paragraph's text: a number written at its start is taken out (before its white space is tidied)."""
    heading = " / ".join(headings) or None
    text = " ".join(raw.split())
    if word_label is not None:
        return Entry(text, heading, label_number(word_label), text)
    number, rest = split_label(raw)
    return Entry(" ".join(rest.split()) if number else text, heading, number, text)


def _text_entries(path: Path) -> tuple[list[Entry], str | None, list[str]]:
    """Paragraphs of a text file; `# ` lines are headings.

    Text wrapped at a width (blank lines between paragraphs, no line longer than
    WRAPPED_WIDTH) is read as blocks between blank lines; any other text has a
    paragraph per line, as Word's "plain text" export writes it.
    """
    text = _read_text(path)
    lines = text.splitlines()
    blank_separated = any(not line.strip() for line in lines[1:-1]) and max(map(len, lines)) <= WRAPPED_WIDTH
    blocks: list[list[str]] = [[]]
    for line in lines:
        if not line.strip() or not blank_separated or line.lstrip().startswith("#"):
            blocks.append([])
        if line.strip():
            blocks[-1].append(line.strip())
        if line.lstrip().startswith("#"):
            blocks.append([])
    entries: list[Entry] = []
    headings: list[str] = []
    for block in (b for b in blocks if b):
        raw = " ".join(block)
        joined = " ".join(raw.split())
        if joined.startswith("#"):
            headings.append(joined.lstrip("#").strip())
            continue
        entries.append(_entry(raw, headings, None))
        headings = []
    warnings = (
        [f"{path}: the last heading ('{headings[-1]}') has no paragraph after it and is left out"] if headings else []
    )
    return entries, None, warnings


def _read_text(path: Path) -> str:
    try:
        raw = path.read_bytes()
    except OSError as error:
        raise InputError(str(path), f"cannot read the file ({error.strerror or error.__class__.__name__})") from None
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return raw.decode("utf-16")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise InputError(
            str(path), f"not UTF-8 (byte 0x{raw[error.start]:02x} at offset {error.start}): save the text as UTF-8"
        ) from None


def number_entries(entries: Sequence[Entry]) -> tuple[list[str], list[str], str]:
    """Each entry's number and text: the number in its text when there is one, else in order; and how.

    Entries without a number that follow a numbered one get its number and a
    letter ("12a"). If most entries have no number, or the numbers in the text
    repeat, every entry is numbered in order instead (and keeps its label as text).
    """
    labels = [e.label for e in entries]
    in_order = [str(n) for n in range(1, len(entries) + 1)]
    if not any(labels):
        return in_order, [e.text for e in entries], "numbered in order"
    if 2 * sum(1 for label in labels if label) < len(labels):
        return in_order, [e.original or e.text for e in entries], "numbered in order (most have no number)"
    numbers: list[str] = []
    previous, letter = "0", 0
    for label in labels:
        if label and is_item(label) and previous != "0":
            numbers.append(f"{previous} {label}")
        elif label:
            previous, letter = label, 0
            numbers.append(label)
        else:
            letter += 1
            numbers.append(previous + _letters(letter))
    if len(set(numbers)) == len(numbers):
        unnumbered = labels.count(None)
        lettered = f" ({unnumbered} without a number lettered after the one before)" if unnumbered else ""
        return numbers, [e.text for e in entries], "numbered as in the text" + lettered
    repeated = next(n for n in numbers if numbers.count(n) > 1)
    how = f"numbered in order (the text's numbers repeat, e.g. '{repeated}')"
    return in_order, [e.original or e.text for e in entries], how


def _letters(n: int) -> str:
    out = ""
    while n:
        n, r = divmod(n - 1, 26)
        out = chr(ord("a") + r) + out
    return out
