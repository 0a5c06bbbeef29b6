"""Decisions: which rulings contradict each other, and recording one in decisions.yaml.

Reading and validating the file is `loading.load_decisions`; this module judges
decisions against the conflicts (two that cannot both stand are refused), turns an
option of the voting list into decisions, writes the file (ruamel.yaml round trip,
keeping the editor's comments, order and quoting; atomically) and says which
conflicts each decision settles.
"""

from __future__ import annotations

import dataclasses
import io
from collections.abc import Sequence
from dataclasses import dataclass
from enum import Enum
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.scalarstring import FoldedScalarString
from ruamel.yaml.util import load_yaml_guess_indent

from . import reports
from .contradictions import Ground, contradiction, explain, ground_of, subject
from .errors import InputError, UsageError
from .loading import did_you_mean, read_yaml, renamed_ids
from .model import Contradiction, ContradictionKind, Decision, EditStatus, MergeResult
from .output import write_atomically

HEADER = "# Decisions of the editor: written by `itu-amend resolve`, and by hand (comments are kept).\n"
LONG_TEXT = 80
LISTED_UP_TO = 10
"""An unknown conflict id: up to this many conflicts, the message lists them all."""


def check_decision(decision: Decision, result: MergeResult) -> Decision:
    """The decision with its edit id and paragraph number as the merge spells them (any case is accepted).

    Refuses one naming an edit or paragraph that the merge does not have.
    """
    ids = [e.edit.id for e in result.edits]
    if decision.accept is not None:
        decision = dataclasses.replace(decision, accept=_edit_id(decision.accept, ids))
    if decision.reject is not None:
        decision = dataclasses.replace(decision, reject=_edit_id(decision.reject, ids))
    if decision.paragraph is not None:
        number = reports.paragraph_number(decision.paragraph, [p.number for p in result.paragraphs])
        decision = dataclasses.replace(decision, paragraph=number)
    return decision


REPLACE_HINT = "; give --replace to record the new decision in its place"


def _edit_id(asked: str, ids: Sequence[str]) -> str:
    if asked in ids:
        return asked
    same = [i for i in ids if i.casefold() == asked.casefold()]
    if len(same) != 1:
        hint = renamed_ids(asked, ids) or reports.closest(asked, ids)
        raise UsageError(f"no edit '{asked}' in the proposals{hint}")
    return same[0]


# --- from the voting list ----------------------------------------------------------------


def for_option(result: MergeResult, conflict_id: str, label: str, note: str | None) -> tuple[Decision, ...]:
    """The decisions that adopt option `label` of a conflict, as the voting list letters them.

    An option of edits is adopted by accepting one of them (its co-sponsors' edits
    agree and stand with it; the other options fall). Keeping the text is accepting
    its NOC, or, with none, rejecting every edit of the conflict.
    """
    ids = [c.id for c in result.conflicts]
    conflict = next((c for c in result.conflicts if c.id.upper() == conflict_id.upper()), None)
    if conflict is None:
        if not ids:
            known = ": there are no conflicts"
        elif len(ids) <= LISTED_UP_TO:
            known = f": the conflicts are {_listed(ids)}"
        else:
            known = f"{did_you_mean(conflict_id.upper(), ids)}: itu-amend conflicts lists them"
        raise UsageError(f"no conflict '{conflict_id}'{known}")
    options = reports.voting_list(result, conflict)
    option = next((o for o in options if o.label == label.upper()), None)
    if option is None:
        labels = _listed([o.label for o in options])
        raise UsageError(f"{conflict.id} has no option '{label}': its options are {labels} (see itu-amend conflicts)")
    if option.edits:
        standing = [e for e in option.edits if e.status is not EditStatus.REJECTED] or list(option.edits)
        return (Decision(accept=standing[0].edit.id, note=note),)
    return tuple(Decision(reject=edit_id, note=note) for edit_id in option.falls)


def _listed(items: Sequence[str]) -> str:
    return ", ".join(items[:-1]) + " or " + items[-1] if len(items) > 1 else items[0]


# --- recording ----------------------------------------------------------------------------


class StepKind(str, Enum):
    """What recording a decision does to the file."""

    ADD = "add"  # a new entry at the end
    KEEP = "keep"  # the same ruling is recorded already: the file is left as it is
    NOTE = "note"  # the same ruling, recorded without a note: the note is added to it
    REPLACE = "replace"  # the entries it contradicts give way to it (--replace)
    REMOVE = "remove"  # the entries of `earlier` are taken out (undoing an ADD)


@dataclass(frozen=True)
class Step:
    kind: StepKind
    decision: Decision  # as it will be recorded
    earlier: tuple[Decision, ...] = ()  # the recorded decisions it keeps, completes or replaces


def plan(new: Sequence[Decision], result: MergeResult, replacing: bool = False) -> tuple[Step, ...]:
    """What recording `new` does, judged against the decisions of `result`.

    Repeating a ruling keeps it and its note; a decision that contradicts a recorded
    one is refused (UsageError naming it) unless `replacing`, when it takes its place.
    """
    ground = ground_of(result)
    return tuple(_step(decision, result.decisions, ground, replacing) for decision in new)


def _step(decision: Decision, existing: Sequence[Decision], ground: Ground, replacing: bool) -> Step:
    same = next((e for e in existing if subject(e) == subject(decision)), None)
    if same is not None and contradiction(same, decision, ground) is None:
        if decision.note is None or decision.note == same.note:
            return Step(StepKind.KEEP, same, (same,))
        if same.note is None:
            return Step(StepKind.NOTE, dataclasses.replace(same, note=decision.note), (same,))
        if not replacing:
            raise UsageError(explain(Contradiction(ContradictionKind.OTHER_NOTE, same, decision)) + REPLACE_HINT)
        return Step(StepKind.REPLACE, decision, (same,))
    found = [c for c in (contradiction(e, decision, ground) for e in existing) if c is not None]
    if found and not replacing:
        raise UsageError(explain(found[0]) + REPLACE_HINT)
    return Step(StepKind.REPLACE, decision, tuple(c.earlier for c in found)) if found else Step(StepKind.ADD, decision)


def record(path: Path, steps: Sequence[Step]) -> None:
    """Carry out the steps of `plan` in the file (creating it); nothing is written when every step keeps.

    A decision that replaces others takes the place of the first of them (the
    comments before that entry stay with it); the others are removed.
    """
    if all(step.kind is StepKind.KEEP for step in steps):
        return
    data, yaml, prefix = _load_for_update(path)
    entries = data.setdefault("decisions", CommentedSeq())
    if entries is None:
        entries = data["decisions"] = CommentedSeq()
    for step in steps:
        if step.kind is not StepKind.KEEP:
            _carry_out(entries, step)
    buffer = io.StringIO()
    yaml.dump(data, buffer)
    write_atomically(path, prefix + buffer.getvalue())


def undoing(steps: Sequence[Step]) -> tuple[Step, ...]:
    """The steps that take `steps` back once recorded (the meeting room's undo), in the order to carry them out.

    An added entry is removed; an entry completed or replaced gets back the first
    decision it took the place of (in its place, its comments kept), and the others
    it replaced are added again at the end.
    """
    back: list[Step] = []
    for step in reversed(steps):
        if step.kind is StepKind.ADD:
            back.append(Step(StepKind.REMOVE, step.decision, (step.decision,)))
        elif step.kind in (StepKind.NOTE, StepKind.REPLACE):
            first, *others = step.earlier
            back.append(Step(StepKind.REPLACE, first, (step.decision,)))
            back.extend(Step(StepKind.ADD, other) for other in others)
    return tuple(back)


def _carry_out(entries: CommentedSeq, step: Step) -> None:
    targets = [x for x in entries if any(_same_subject(x, d) for d in step.earlier)]
    if step.kind is StepKind.REMOVE:
        for target in targets:
            del entries[next(i for i, x in enumerate(entries) if x is target)]
        return
    entry = _entry(step.decision)
    if not targets:
        entries.append(entry)
        return
    first = targets[0]
    first.clear()  # in place: the comments before the entry stay with it
    first.update(entry)
    for other in targets[1:]:
        del entries[next(i for i, x in enumerate(entries) if x is other)]


def _load_for_update(path: Path) -> tuple[Any, YAML, str]:
    """The file's data, a dumper set to its indentation, and text to keep above the data."""
    yaml = YAML(typ="rt")
    yaml.preserve_quotes = True
    yaml.width = 88
    if not path.exists():
        yaml.indent(mapping=2, sequence=4, offset=2)
        return CommentedMap(decisions=CommentedSeq()), yaml, HEADER
    text = path.read_text(encoding="utf-8-sig")
    if read_yaml(path, allow_empty=True) is None:  # validates: errors name the line and column
        yaml.indent(mapping=2, sequence=4, offset=2)
        return CommentedMap(decisions=CommentedSeq()), yaml, text  # comments only: keep them above
    _, sequence, offset = load_yaml_guess_indent(text)  # keep the editor's indentation
    yaml.indent(mapping=2, sequence=sequence or 4, offset=offset if offset is not None else 2)
    data = yaml.load(text)
    if not isinstance(data, CommentedMap):
        raise InputError(str(path), "the decisions file must be a mapping with a 'decisions' list")
    return data, yaml, ""


def _entry(decision: Decision) -> CommentedMap:
    entry = CommentedMap()
    if decision.accept is not None:
        entry["accept"] = decision.accept
    if decision.reject is not None:
        entry["reject"] = decision.reject
    if decision.paragraph is not None:
        entry["paragraph"] = decision.paragraph
        text = decision.text or ""
        entry["text"] = FoldedScalarString(text) if len(text) > LONG_TEXT and "\n" not in text else text
    if decision.note is not None:
        entry["note"] = decision.note
    return entry


def _same_subject(existing: Any, decision: Decision) -> bool:
    if not isinstance(existing, dict):
        return False
    if decision.paragraph is not None:
        return "paragraph" in existing and str(existing.get("paragraph")) == decision.paragraph
    edit_id = decision.accept or decision.reject
    return edit_id in (existing.get("accept"), existing.get("reject"))
