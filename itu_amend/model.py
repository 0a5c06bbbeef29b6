"""The domain model: frozen dataclasses and enums shared by every step; no I/O here."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum


class Action(str, Enum):
    """ITU action codes. A move is a SUP* and an ADD*: a SUP and an ADD whose `Edit.move` links them."""

    ADD = "ADD"
    MOD = "MOD"
    SUP = "SUP"
    NOC = "NOC"


class AnchorStatus(str, Enum):
    """How an edit's quoted passage was found in the current baseline."""

    ANCHORED = "anchored"
    FUZZY = "fuzzy"
    AMBIGUOUS = "ambiguous"
    UNANCHORED = "unanchored"
    STALE = "stale"
    ALREADY = "already"

    @property
    def applicable(self) -> bool:
        return self in (AnchorStatus.ANCHORED, AnchorStatus.FUZZY)


class EditStatus(str, Enum):
    """What finally happened to an edit in the merge (SPEC's JSON `status`)."""

    APPLIED = "applied"
    ALREADY = "already"
    CONFLICT = "conflict"
    REJECTED = "rejected"
    STALE = "stale"
    AMBIGUOUS = "ambiguous"
    UNANCHORED = "unanchored"
    NOC = "noc"

    @property
    def needs_editor(self) -> bool:
        """Statuses that make `check` and `merge --strict` exit 1."""
        return self in (
            EditStatus.CONFLICT,
            EditStatus.STALE,
            EditStatus.AMBIGUOUS,
            EditStatus.UNANCHORED,
        )


class ConflictKind(str, Enum):
    OVERLAP = "overlap"
    BRACKET = "bracket"  # groups doing different things to one disputed passage
    SUPPRESSED = "suppressed"
    NOC = "noc"


class ParagraphStatus(str, Enum):
    UNCHANGED = "unchanged"
    MODIFIED = "modified"
    ADDED = "added"
    SUPPRESSED = "suppressed"
    CONFLICT = "conflict"


@dataclass(frozen=True)
class Position:
    """Where something was written: a file, and a 1-based line and column."""

    path: str
    line: int = 0
    column: int = 0

    def __str__(self) -> str:
        if self.line:
            return f"{self.path}:{self.line}:{self.column}"
        return self.path


class BracketForm(str, Enum):
    """How a disputed passage is written (SPEC: Disputed text)."""

    PLAIN = "plain"  # [text]
    ADJACENT = "adjacent"  # [a][b]: alternatives side by side
    LABELLED = "labelled"  # [Option 1: a] [Option 2: b]
    SLASH = "slash"  # [a / b]: alternatives inside one bracket


@dataclass(frozen=True, slots=True)
class BracketOption:
    """One alternative of a disputed passage: its words at [start, end) of the paragraph.

    `label` is the option's name as written ("Option 1", "Alt B"), its words then starting at
    `body`; `sponsors` are the groups a label names in parentheses ("Option 1 (RAG, TSAG):").
    """

    start: int
    end: int
    body: int
    label: str | None = None
    sponsors: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Bracket:
    """A disputed passage of a paragraph: [start, end) covers its brackets, all of its options' brackets.

    `label` is stable within the paragraph: "33[1]", "33[2]" in reading order; a bracket nested in
    another is "33[1.1]". A plain bracket has one option, its words.
    """

    label: str
    paragraph: str
    start: int
    end: int
    form: BracketForm
    options: tuple[BracketOption, ...]
    parent: str | None = None

    @property
    def alternatives(self) -> bool:
        return len(self.options) > 1


class BracketProblem(str, Enum):
    UNCLOSED = "unclosed"  # '[' that never closes
    UNOPENED = "unopened"  # ']' that closes nothing


@dataclass(frozen=True)
class LoadWarning:
    """Something in a file that is read, but that its author should look at (shown on stderr)."""

    position: Position
    problem: BracketProblem
    paragraph: str  # its number
    offset: int = 0  # the bracket's character in the paragraph's text


class TouchKind(str, Enum):
    """What an edit does to a disputed passage."""

    AGREE = "agree"  # keeps its words and drops the brackets
    DELETE = "delete"  # deletes it, brackets and words
    CHOOSE = "choose"  # keeps one option's words, drops the others and the brackets
    AMEND = "amend"  # changes words inside it (the passage stays disputed)


@dataclass(frozen=True)
class Touch:
    """An edit's act on one disputed passage, named by the passage's label."""

    bracket: str
    kind: TouchKind
    option: int | None = None  # CHOOSE: the option kept, 1-based

    @property
    def settles(self) -> bool:
        """Whether, once applied, the passage is no longer disputed."""
        return self.kind is not TouchKind.AMEND


@dataclass(frozen=True)
class Paragraph:
    number: str
    text: str
    heading: str | None = None
    position: Position | None = field(default=None, compare=False)
    brackets: tuple[Bracket, ...] = field(default=(), compare=False)  # found when the baseline loads


@dataclass(frozen=True)
class Baseline:
    document: str
    paragraphs: tuple[Paragraph, ...]
    version: str | None = None
    path: str = ""
    warnings: tuple[LoadWarning, ...] = field(default=(), compare=False)


@dataclass(frozen=True)
class Change:
    """Replace `deleted` at [start, end) of a text by `inserted`.

    Offsets refer to the text the change was parsed from (the old passage of an
    edit) or, once anchored, to the baseline paragraph's own characters.
    A pure insertion has start == end; a pure deletion has inserted == "".
    """

    start: int
    end: int
    inserted: str
    deleted: str = ""

    @property
    def is_insertion(self) -> bool:
        return self.start == self.end


@dataclass(frozen=True)
class Marked:
    """A MOD's text split by its CriticMarkup marks."""

    old: str
    new: str
    changes: tuple[Change, ...]
    notes: tuple[str, ...] = ()


@dataclass(frozen=True)
class Edit:
    """One amendment as written in a proposal file."""

    id: str
    source: str
    action: Action
    index: int  # 1-based position in its proposal
    paragraph: str | None = None  # the author's hint
    text: str | None = None
    marked: Marked | None = None  # MOD only
    after: str | None = None  # ADD only
    before: str | None = None  # ADD only
    number: str | None = None  # ADD only: explicit new number
    heading: str | None = None  # ADD only
    rationale: str | None = None
    position: Position | None = field(default=None, compare=False)
    move: str | None = None  # SUP* and ADD* only: the name linking the two halves of a move
    id_given: bool = field(default=False, compare=False)  # written in the file (not a default id)
    sponsors: tuple[str, ...] = ()  # a joint proposal's co-sponsors (SPEC "Co-sponsors"); () for its source alone

    @property
    def credited(self) -> tuple[str, ...]:
        """Who is credited with this edit in `stats` and the voting list: each co-sponsor, or the source."""
        return self.sponsors or (self.source,)

    @property
    def code(self) -> str:
        """The action as ITU writes it: "SUP*" and "ADD*" for the two halves of a move."""
        return f"{self.action.value}*" if self.move is not None else self.action.value


@dataclass(frozen=True)
class Proposal:
    source: str
    edits: tuple[Edit, ...]
    path: str
    document: str | None = None
    date: str | None = None
    title: str | None = None
    contribution: str | None = None  # the document number, ITU style ("67", "67A1": addendum 1)
    sponsors: tuple[str, ...] = ()  # co-sponsors of a joint proposal; () when `source` is one group

    @property
    def credited(self) -> tuple[str, ...]:
        """Each co-sponsor of a joint proposal, or its source alone (as `Edit.credited`)."""
        return self.sponsors or (self.source,)


@dataclass(frozen=True)
class Decision:
    """An editor's ruling: accept or reject an edit, or a compromise text."""

    accept: str | None = None
    reject: str | None = None
    paragraph: str | None = None
    text: str | None = None
    note: str | None = None
    position: Position | None = field(default=None, compare=False)


class Why(str, Enum):
    """Why an edit was placed where it was, or not at all: the kinds of `Reason`."""

    RENUMBERED = "renumbered"  # found on the shift the proposal's other edits show
    MOVED = "moved"  # found away from that shift (or with no number), verbatim
    PLACES_ALIKE = "places_alike"  # two positions cost about the same: the margin was too small
    TWICE_IN_PARAGRAPH = "twice_in_paragraph"
    NOTHING_FITS = "nothing_fits"  # no place fits well enough (a best candidate may be named)
    NOT_FOUND = "not_found"  # no paragraph contains the quote at all
    NO_LONGER_READS = "no_longer_reads"  # SUP/NOC: the paragraph its number names reads otherwise
    UNQUOTED_RENUMBERED = "unquoted_renumbered"  # by number only, and the draft was renumbered there
    CLAIMED = "claimed"  # moved into a paragraph another edit was found in on its shift
    RIVAL_MOVES = "rival_moves"  # moved into a paragraph another edit moved into from elsewhere
    ANOTHER_NUMBER = "another_number"  # moved into a paragraph its proposal's renumbering gives another number
    NO_PARAGRAPH = "no_paragraph"  # by number only, and no paragraph bears it


@dataclass(frozen=True)
class Reason:
    """A reason as data: prose is made from it last (`anchoring.reasons.describe`)."""

    why: Why
    quoted: str | None = None  # the paragraph number its author gave
    found: str | None = None  # the paragraph it was found in (or best candidate)
    other: str | None = None  # the other paragraph, or the other edit's id
    score: float | None = None
    other_score: float | None = None


class ContradictionKind(str, Enum):
    """Why two decisions cannot both stand."""

    REVERSED = "reversed"  # one edit both accepted and rejected
    RIVALS = "rivals"  # two accepted edits that are different options of one conflict
    SUPERSEDED = "superseded"  # an accepted edit in a paragraph given a compromise text
    OTHER_TEXT = "other text"  # two compromise texts for one paragraph
    OTHER_NOTE = "other note"  # one ruling recorded twice with different notes


@dataclass(frozen=True)
class Contradiction:
    """Two decisions that cannot both stand: the later one is refused (or, asked to, replaces the earlier)."""

    kind: ContradictionKind
    earlier: Decision
    later: Decision
    conflict: str | None = None  # RIVALS: the conflict of which both are options


@dataclass(frozen=True)
class Anchor:
    """Where an edit landed in the baseline, or why it did not."""

    status: AnchorStatus
    paragraph: str | None = None  # baseline paragraph number
    score: float | None = None
    message: str | None = None
    changes: tuple[Change, ...] = ()  # baseline offsets, MOD only
    reasons: tuple[Reason, ...] = field(default=(), compare=False)  # how it was placed, as data


@dataclass(frozen=True)
class Span:
    """A run of rendered paragraph text: kept, deleted or inserted by some edits."""

    text: str
    kind: str = "kept"  # "kept" | "deleted" | "inserted"
    edits: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()
    disputed: str | None = None  # the label of the innermost disputed passage it lies in, still open


@dataclass(frozen=True)
class Alternative:
    """One way a conflict could go: the edits (agreeing ones together) and the text."""

    edits: tuple[str, ...]
    sources: tuple[str, ...]
    text: str
    spans: tuple[Span, ...] = ()


@dataclass(frozen=True)
class Conflict:
    id: str
    paragraph: str
    kind: ConflictKind
    edits: tuple[str, ...]
    resolved: bool
    alternatives: tuple[Alternative, ...] = ()


@dataclass(frozen=True)
class EditResult:
    edit: Edit
    status: EditStatus
    paragraph: str | None
    score: float | None
    message: str | None
    anchor: Anchor
    touches: tuple[Touch, ...] = ()  # what it does to the disputed passages of its paragraph


@dataclass(frozen=True)
class Moved:
    """How a paragraph came to its place by a move (SUP* of its old place, ADD* at the new)."""

    edits: tuple[str, ...]  # the SUP* and ADD* of each group that moved it there
    sources: tuple[str, ...]
    after: str | None  # the baseline paragraph it followed before it moved; None: it was the first


@dataclass(frozen=True)
class MergedParagraph:
    number: str
    heading: str | None
    origin: str  # "baseline" | "added"
    status: ParagraphStatus
    text: str  # clean merged text, "" when suppressed
    baseline_text: str  # "" for added paragraphs
    spans: tuple[Span, ...]  # the text with applied changes marked
    edits: tuple[str, ...]
    conflicts: tuple[str, ...]
    note: str | None = None
    moved: Moved | None = None


@dataclass(frozen=True)
class Selection:
    """The whole merge's counts, kept when only part of it is shown: footers must say what they count."""

    paragraphs: int
    conflicts: int
    unresolved: int
    edits: frozenset[str] | None = None
    """The edits of the groups asked for (`--group`), whose proposals not placed are listed; None: all."""


@dataclass(frozen=True)
class MergeResult:
    document: str
    version: str | None
    paragraphs: tuple[MergedParagraph, ...]
    edits: tuple[EditResult, ...]
    conflicts: tuple[Conflict, ...]
    proposals: tuple[Proposal, ...]
    decisions: tuple[Decision, ...] = ()
    notes: tuple[str, ...] = ()
    selection: Selection | None = None  # set when only part of the merge is shown (`reports.select`)
    brackets: tuple[Bracket, ...] = ()  # every disputed passage of the baseline, in document order

    @property
    def unresolved(self) -> tuple[Conflict, ...]:
        return tuple(c for c in self.conflicts if not c.resolved)

    @property
    def needs_editor(self) -> bool:
        """True when `check` / `merge --strict` must exit 1."""
        return bool(self.unresolved) or any(e.status.needs_editor for e in self.edits)

    def edit(self, edit_id: str) -> EditResult:
        for result in self.edits:
            if result.edit.id == edit_id:
                return result
        raise KeyError(edit_id)
