"""Decisions: record an editor's ruling in decisions.yaml, keeping her comments, order and quoting.

Reading and validating the file is `loading.load_decisions`; this module writes it
(ruamel.yaml round trip, atomically) and says which conflicts each decision settles.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.scalarstring import FoldedScalarString
from ruamel.yaml.util import load_yaml_guess_indent

from .errors import InputError, UsageError
from .loading import did_you_mean, read_yaml
from .model import Decision, MergeResult
from .output import write_atomically

HEADER = "# Decisions of the editor: written by `itu-amend resolve`, and by hand (comments are kept).\n"
LONG_TEXT = 80


def check_decision(decision: Decision, result: MergeResult) -> None:
    """Refuse a decision naming an edit or paragraph that the merge does not have."""
    edit_id = decision.accept or decision.reject
    ids = [e.edit.id for e in result.edits]
    if edit_id is not None and edit_id not in ids:
        raise UsageError(f"no edit '{edit_id}' in the proposals{did_you_mean(edit_id, ids)}")
    numbers = [p.number for p in result.paragraphs]
    if decision.paragraph is not None and decision.paragraph not in numbers:
        raise UsageError(
            f"no paragraph '{decision.paragraph}' in the merged text{did_you_mean(decision.paragraph, numbers)}"
        )


def record(path: Path, decision: Decision) -> None:
    """Add `decision` to the file (creating it).

    A later ruling on the same edit or paragraph replaces the earlier one in place.
    """
    data, yaml, prefix = _load_for_update(path)
    entries = data.setdefault("decisions", CommentedSeq())
    if entries is None:
        entries = data["decisions"] = CommentedSeq()
    entry = _entry(decision)
    for existing in entries:
        if _same_subject(existing, decision):
            existing.clear()  # in place: the comments before the entry stay with it
            existing.update(entry)
            break
    else:
        entries.append(entry)
    buffer = io.StringIO()
    yaml.dump(data, buffer)
    write_atomically(path, prefix + buffer.getvalue())


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
        return str(existing.get("paragraph")) == decision.paragraph
    edit_id = decision.accept or decision.reject
    return edit_id in (existing.get("accept"), existing.get("reject"))


@dataclass(frozen=True)
class Ruling:
    """A recorded decision and the conflicts it bears on."""

    decision: Decision
    conflicts: tuple[str, ...]
    effect: str


def rulings(result: MergeResult) -> list[Ruling]:
    """Each decision with the conflicts it settles, or a note that it settles none."""
    out = []
    for decision in result.decisions:
        if decision.paragraph is not None:
            ids = tuple(c.id for c in result.conflicts if c.paragraph == decision.paragraph)
            effect = f"compromise text for paragraph {decision.paragraph}"
        else:
            edit_id = decision.accept or decision.reject
            ids = tuple(c.id for c in result.conflicts if edit_id in c.edits)
            effect = f"{'accept' if decision.accept else 'reject'} {edit_id}"
        if not ids:
            effect += " (settles no conflict)"
        out.append(Ruling(decision, ids, effect))
    return out
