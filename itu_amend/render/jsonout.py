"""JSON: SPEC's machine-readable output, stable for users' scripts."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from .. import reports
from ..model import Alternative, Conflict, EditResult, MergedParagraph, MergeResult, Touch
from . import common


def dumps(data: dict[str, Any]) -> str:
    """JSON text, one record (paragraph, edit, conflict) a line; control characters and bidi overrides escaped.

    Why not `indent=2`: Python's indenting encoder is pure Python (~1.5 s for a
    20,000-paragraph result, against ~0.2 s for the C encoder), and a record a
    line still reads well, and greps and diffs line by line. Records may come
    from a generator: each is encoded as it is made, not all held at once.
    """
    pieces = ["{"]
    for n, (key, value) in enumerate(data.items()):
        pieces += ["," if n else "", "\n  ", _compact(key), ": "]
        _records(value, pieces)
    pieces.append("\n}\n" if data else "}\n")
    text = "".join(pieces)  # one copy of the text, built once
    del pieces
    unsafe = common.unsafe_pattern()
    return unsafe.sub(lambda m: f"\\u{ord(m.group()):04x}", text) if unsafe.search(text) else text


def _records(value: Any, pieces: list[str]) -> None:
    """Append `value`: a list of records (or a generator of them) one a line, anything else compact."""
    if isinstance(value, list) and value and all(isinstance(item, dict) for item in value):
        value = iter(value)
    if not isinstance(value, Iterator):
        pieces.append(_compact(value))
        return
    start = len(pieces)
    for item in value:
        pieces += [",\n    " if len(pieces) > start + 1 else "[\n    ", _compact(item)]
    pieces.append("\n  ]" if len(pieces) > start else "[]")


def _compact(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(", ", ": "))


def paragraph_data(paragraph: MergedParagraph) -> dict[str, Any]:
    data: dict[str, Any] = {
        "number": paragraph.number,
        "heading": paragraph.heading,
        "origin": paragraph.origin,
        "status": paragraph.status.value,
        "text": paragraph.text,
        "edits": list(paragraph.edits),
        "conflicts": list(paragraph.conflicts),
    }
    if paragraph.moved is not None:  # only then: the records of every other paragraph stay as they were
        data["moved"] = {"edits": list(paragraph.moved.edits), "after": paragraph.moved.after}
    return data


def edit_data(edit: EditResult) -> dict[str, Any]:
    data: dict[str, Any] = {
        "id": edit.edit.id,
        "source": edit.edit.source,
        "action": edit.edit.code,
        "paragraph": edit.paragraph,
        "status": edit.status.value,
        "score": edit.score,
        "message": edit.message,
    }
    if edit.edit.sponsors:  # a joint proposal's: each co-sponsor (only then, as "touches")
        data["sponsors"] = list(edit.edit.sponsors)
    if edit.touches:  # only then: the records of every other edit stay as they were
        data["touches"] = [touch_data(t) for t in edit.touches]
    return data


def touch_data(touch: Touch) -> dict[str, Any]:
    return {"bracket": touch.bracket, "does": touch.kind.value, "option": touch.option}


def conflict_data(result: MergeResult, conflict: Conflict, alternatives: bool = False) -> dict[str, Any]:
    found = reports.settlement(result, conflict)
    data: dict[str, Any] = {
        "id": conflict.id,
        "paragraph": conflict.paragraph,
        "kind": conflict.kind.value,
        "edits": list(conflict.edits),
        "resolved": conflict.resolved,
        "adopted": _adopted(found),
    }
    if alternatives:
        data["alternatives"] = [_alternative_data(result, a) for a in conflict.alternatives]
    return data


def _alternative_data(result: MergeResult, alternative: Alternative) -> dict[str, Any]:
    """An alternative; `sponsors` only where a joint proposal's co-sponsors differ from its sources."""
    data: dict[str, Any] = {"edits": list(alternative.edits), "sources": list(alternative.sources)}
    sponsors = reports.credited(result, alternative.edits)
    if sponsors != alternative.sources:
        data["sponsors"] = list(sponsors)
    data["text"] = alternative.text
    return data


def not_placed_data(item: reports.NotPlaced) -> dict[str, Any]:
    """An edit no place was found for: SPEC's `not_placed` entry."""
    edit = item.edit.edit
    return {
        "id": edit.id,
        "source": edit.source,
        "action": edit.code,
        "status": item.edit.status.value,
        "text": edit.text,
        "reason": item.reason,
        "candidate": item.candidate,
        "named": item.named,
        "document": item.proposal.document,
    }


def _adopted(found: reports.Settlement | None) -> dict[str, Any] | None:
    """How a resolved conflict was settled: the options adopted (or the compromise) and the decisions."""
    if found is None:
        return None
    return {
        "options": [o.label for o in found.adopted],
        "compromise": found.compromise is not None,
        "decisions": [
            {"decision": reports.ruling(d), "at": str(d.position) if d.position else None, "note": d.note}
            for d in found.decisions
        ],
    }


def render_merge(result: MergeResult) -> str:
    return dumps(
        {
            "document": result.document,
            "version": result.version,
            "paragraphs": (paragraph_data(p) for p in result.paragraphs),
            "edits": (edit_data(e) for e in result.edits),
            "conflicts": [conflict_data(result, c) for c in result.conflicts],
            "not_placed": [not_placed_data(item) for item in reports.not_placed(result)],
            "summary": common.summary(result),
        }
    )


def render_conflicts(result: MergeResult) -> str:
    return dumps({"conflicts": [conflict_data(result, c, alternatives=True) for c in result.conflicts]})


def render_check(result: MergeResult) -> str:
    return dumps(
        {
            "edits": [edit_data(e) for e in result.edits],
            "conflicts": [conflict_data(result, c) for c in result.conflicts],
            "not_placed": [not_placed_data(item) for item in reports.not_placed(result)],
            "summary": common.summary(result),
        }
    )


def render_decisions(result: MergeResult) -> str:
    """Each recorded decision: what it rules, where, its note, and the conflicts it bears on."""
    return dumps(
        {
            "decisions": [
                {
                    "decision": reports.ruling(r.decision),
                    "at": str(r.decision.position) if r.decision.position else None,
                    "note": r.decision.note,
                    "conflicts": list(r.conflicts),
                }
                for r in reports.rulings(result)
            ],
            "unresolved": len(result.unresolved),
        }
    )


def render_show(result: MergeResult, number: str) -> str:
    paragraph = next(p for p in result.paragraphs if p.number == number)
    return dumps(
        {
            "paragraph": {**paragraph_data(paragraph), "baseline_text": paragraph.baseline_text or None},
            "edits": [edit_data(result.edit(e)) for e in paragraph.edits],
            "conflicts": [
                conflict_data(result, c, alternatives=True) for c in common.paragraph_conflicts(result, paragraph)
            ],
        }
    )


def render_stats(result: MergeResult) -> str:
    numbers = reports.stats(result)
    return dumps(
        {
            "groups": [
                {
                    "source": g.source,
                    "proposed": g.proposed,
                    **{s.value: g.counts.get(s, 0) for s in common.STATUS_COLUMNS},
                }
                for g in numbers.groups
            ],
            "joint": [{"source": label, "sponsors": list(sponsors)} for label, sponsors in numbers.joint],
            "clashes": [{"groups": list(pair), "count": n} for pair, n in numbers.clashes.items()],
            "agreements": [{"groups": list(pair), "count": n} for pair, n in numbers.agreements.items()],
            "brackets": bracket_counts(result),
        }
    )


def bracket_data(item: reports.BracketReport) -> dict[str, Any]:
    bracket = item.bracket
    return {
        "label": bracket.label,
        "paragraph": bracket.paragraph,
        "form": bracket.form.value,
        "text": item.text,
        "parent": bracket.parent,
        "options": [{"label": o.label, "sponsors": list(o.sponsors)} for o in bracket.options],
        "touches": [
            {"edit": e.edit.id, "source": e.edit.source, "status": e.status.value, **touch_data(t)}
            for e, t in item.touches
        ],
        "outcome": item.outcome.value,
        "by": list(item.by),
    }


def render_brackets(result: MergeResult) -> str:
    items = reports.bracket_reports(result)
    return dumps(
        {
            "brackets": [bracket_data(i) for i in items],
            "untouched": [i.bracket.label for i in items if not i.touches],
            "summary": bracket_counts(result),
        }
    )


def bracket_counts(result: MergeResult) -> dict[str, int]:
    return {
        "brackets": len(result.brackets),
        "open_before": len(result.brackets),
        "open_after": len(reports.open_brackets(result)),
    }
