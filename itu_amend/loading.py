"""Loading: read and validate baseline, proposal and decision files into the model.

Every problem becomes an `InputError` naming file, line and column, with a
sentence on how to fix it. Nothing here knows about terminals.
"""

from __future__ import annotations

import datetime as dt
import difflib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import MarkedYAMLError, YAMLError

from . import critic
from .errors import InputError, UsageError
from .model import Action, Baseline, Decision, Edit, Paragraph, Position, Proposal

YAML_SUFFIXES = (".yaml", ".yml")
MAX_FILE_BYTES = 64 * 1024 * 1024
"""Files larger than this are refused before parsing (a 20,000-paragraph baseline is ~10 MB)."""

BASELINE_KEYS = {"document", "version", "paragraphs"}
PARAGRAPH_KEYS = {"number", "heading", "text"}
PROPOSAL_KEYS = {"source", "document", "date", "title", "edits"}
EDIT_KEYS = {"action", "id", "paragraph", "text", "rationale", "after", "before", "number", "heading"}
DECISIONS_KEYS = {"decisions"}
DECISION_KEYS = {"accept", "reject", "paragraph", "text", "note"}


@dataclass(frozen=True)
class Inputs:
    """Everything one merge reads."""

    baseline: Baseline
    proposals: tuple[Proposal, ...]
    decisions: tuple[Decision, ...] = ()
    decisions_path: str | None = None


# --- files and folders -------------------------------------------------------


def load_inputs(baseline: Path, proposals: Path, decisions: Path | None) -> Inputs:
    """Load a working directory's files: the baseline, every proposal, the decisions if present."""
    loaded_baseline = load_baseline(find_baseline(baseline))
    loaded_proposals = load_proposals(find_proposals(proposals))
    loaded_decisions = load_decisions(decisions) if decisions is not None and decisions.exists() else ()
    return Inputs(loaded_baseline, loaded_proposals, loaded_decisions, None if decisions is None else str(decisions))


def find_baseline(path: Path) -> Path:
    """The baseline file: `path` itself, or the one YAML file in the folder `path`."""
    if path.is_file():
        return path
    if not path.is_dir():
        raise UsageError(f"{path}: no such baseline file or folder (give one with --baseline FILE)")
    files = sorted(p for p in path.iterdir() if p.suffix in YAML_SUFFIXES and p.is_file())
    if len(files) != 1:
        found = "no YAML file" if not files else f"{len(files)} YAML files"
        raise UsageError(f"{path}: the baseline folder must hold exactly one YAML file, it holds {found}")
    return files[0]


def find_proposals(path: Path) -> list[Path]:
    """The proposal files: `path` itself, or every YAML file in the folder `path`, by name."""
    if path.is_file():
        return [path]
    if not path.is_dir():
        raise UsageError(f"{path}: no such proposals folder (give one with --proposals DIR)")
    files = sorted(p for p in path.iterdir() if p.suffix in YAML_SUFFIXES and p.is_file())
    if not files:
        raise UsageError(f"{path}: no proposal files (*.yaml) in this folder")
    return files


def read_yaml(path: Path, max_bytes: int = MAX_FILE_BYTES) -> Any:
    """Parse one YAML file with positions kept; errors name the line and column."""
    size = path.stat().st_size
    if size > max_bytes:
        raise InputError(str(path), f"file is {size:,} bytes, over the limit of {max_bytes:,} (raise it with --max-file-size)")
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line, column = _line_column(raw, error.start)
        raise InputError(
            Position(str(path), line, column), f"not UTF-8 (byte 0x{raw[error.start]:02x}): save the file as UTF-8"
        ) from None
    text = text.removeprefix("\ufeff")
    try:
        data = YAML(typ="rt").load(text)
    except MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        position = Position(str(path), mark.line + 1, mark.column + 1) if mark else Position(str(path))
        problem = " ".join(str(error.problem or error.context or "invalid YAML").split())
        raise InputError(position, f"invalid YAML: {problem}") from None
    except YAMLError as error:
        raise InputError(str(path), f"invalid YAML: {' '.join(str(error).split())}") from None
    except RecursionError:
        raise InputError(str(path), "invalid YAML: nested too deeply") from None
    if data is None:
        raise InputError(Position(str(path), 1, 1), "the file is empty")
    return data


def _line_column(raw: bytes, offset: int) -> tuple[int, int]:
    line = raw.count(b"\n", 0, offset) + 1
    column = offset - (raw.rfind(b"\n", 0, offset) + 1) + 1
    return line, column


# --- field access with positions ---------------------------------------------


class _Node:
    """A YAML mapping with its file, for reading fields with positions in errors."""

    def __init__(self, data: Any, path: str, where: Position, what: str) -> None:
        if not isinstance(data, CommentedMap):
            raise InputError(where, f"{what} must be a mapping of keys to values, not {_kind(data)}")
        self.data = data
        self.path = path
        self.where = where
        self.what = what

    def key_position(self, key: str) -> Position:
        line, column = self.data.lc.key(key)
        return Position(self.path, line + 1, column + 1)

    def value_position(self, key: str) -> Position:
        line, column = self.data.lc.value(key)
        return Position(self.path, line + 1, column + 1)

    def check_keys(self, allowed: set[str], required: Iterable[str] = ()) -> None:
        for key in self.data:
            if not isinstance(key, str) or key not in allowed:
                hint = _did_you_mean(str(key), allowed)
                raise InputError(self.key_position(key), f"unknown key '{key}'{hint}")
        for key in required:
            if key not in self.data:
                raise InputError(self.where, f"{self.what} needs a '{key}' key")

    def text(self, key: str, required: bool = False) -> str | None:
        """A free-text field: a string (numbers and dates are read as written)."""
        if key not in self.data or self.data[key] is None:
            if required:
                raise InputError(self.where, f"{self.what} needs a '{key}' key")
            return None
        value = self.data[key]
        if isinstance(value, bool) or not isinstance(value, str | int | float | dt.date):
            raise InputError(self.value_position(key), f"'{key}' must be text, not {_kind(value)}")
        value = value.isoformat() if isinstance(value, dt.date) else str(value)
        if required and not value.strip():
            raise InputError(self.value_position(key), f"'{key}' must not be empty")
        return value

    def number(self, key: str) -> str | None:
        """A paragraph number: a string, or a YAML integer read as its decimal string."""
        if key not in self.data or self.data[key] is None:
            return None
        value = self.data[key]
        if isinstance(value, str) and value.strip():
            return value.strip()
        if isinstance(value, int) and not isinstance(value, bool):
            return str(value)
        raise InputError(
            self.value_position(key),
            f"'{key}' must be a paragraph number in quotes, e.g. {key}: \"{value}\" "
            f"(YAML read {value!r} as {_kind(value)})",
        )

    def sequence(self, key: str) -> list[tuple[Any, Position]]:
        value = self.data.get(key)
        if not isinstance(value, CommentedSeq):
            raise InputError(self.value_position(key), f"'{key}' must be a list, not {_kind(value)}")
        return [(item, _item_position(value, i, self.path)) for i, item in enumerate(value)]


def _item_position(seq: CommentedSeq, i: int, path: str) -> Position:
    line, column = seq.lc.item(i)
    return Position(path, line + 1, column + 1)


def _kind(value: Any) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, int):
        return "a whole number"
    if isinstance(value, float):
        return "a decimal number"
    if isinstance(value, str):
        return "text"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return type(value).__name__


def _did_you_mean(word: str, choices: Iterable[str]) -> str:
    close = difflib.get_close_matches(word, sorted(choices), n=1, cutoff=0.5)
    return f" (did you mean '{close[0]}'?)" if close else ""


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """' (did you mean 'x'?)' for the closest choice, or ''."""
    return _did_you_mean(word, choices)


# --- baseline ------------------------------------------------------------------


def load_baseline(path: Path) -> Baseline:
    """Read and check the baseline: unique numbers, non-empty texts."""
    top = _Node(read_yaml(path), str(path), Position(str(path), 1, 1), "the baseline")
    top.check_keys(BASELINE_KEYS, ("document", "paragraphs"))
    paragraphs: list[Paragraph] = []
    seen: dict[str, Position] = {}
    for item, where in top.sequence("paragraphs"):
        node = _Node(item, str(path), where, "a paragraph")
        node.check_keys(PARAGRAPH_KEYS, ("number", "text"))
        number = node.number("number")
        if number is None:
            raise InputError(where, "a paragraph needs a 'number'")
        if number in seen:
            raise InputError(node.value_position("number"), f"paragraph number '{number}' is used twice (first at {seen[number]})")
        seen[number] = node.value_position("number")
        text = node.text("text", required=True)
        assert text is not None
        paragraphs.append(Paragraph(number, text, node.text("heading"), where))
    if not paragraphs:
        raise InputError(top.value_position("paragraphs"), "the baseline has no paragraphs")
    document = top.text("document", required=True)
    assert document is not None
    return Baseline(document, tuple(paragraphs), top.text("version"), str(path))


# --- proposals -------------------------------------------------------------------


def load_proposals(paths: Sequence[Path]) -> tuple[Proposal, ...]:
    """Read every proposal, by file name; edit ids must be unique across them all."""
    proposals = [load_proposal(path) for path in sorted(paths)]
    seen: dict[str, Position | None] = {}
    for proposal in proposals:
        for edit in proposal.edits:
            if edit.id in seen:
                where = edit.position or Position(proposal.path)
                raise InputError(where, f"edit id '{edit.id}' is used twice (first at {seen[edit.id]}): give each edit its own 'id'")
            seen[edit.id] = edit.position
    return tuple(proposals)


def load_proposal(path: Path) -> Proposal:
    top = _Node(read_yaml(path), str(path), Position(str(path), 1, 1), "a proposal")
    top.check_keys(PROPOSAL_KEYS, ("source", "edits"))
    source = top.text("source", required=True)
    assert source is not None
    edits = tuple(_load_edit(item, where, source, n) for n, (item, where) in enumerate(top.sequence("edits"), 1))
    return Proposal(source, edits, str(path), top.text("document"), top.text("date"), top.text("title"))


def _load_edit(item: Any, where: Position, source: str, n: int) -> Edit:
    node = _Node(item, where.path, where, "an edit")
    node.check_keys(EDIT_KEYS, ("action",))
    action = _action(node)
    _check_action_keys(node, action)
    text = node.text("text")
    marked = _marked(node, text) if action is Action.MOD else None
    return Edit(
        id=node.text("id") or f"{source}/{n}",
        source=source,
        action=action,
        index=n,
        paragraph=node.number("paragraph"),
        text=text,
        marked=marked,
        after=_reference(node, "after"),
        before=_reference(node, "before"),
        number=node.number("number"),
        heading=node.text("heading"),
        rationale=node.text("rationale"),
        position=where,
    )


def _action(node: _Node) -> Action:
    raw = node.text("action", required=True)
    assert raw is not None
    try:
        return Action(raw.strip().upper())
    except ValueError:
        choices = [a.value for a in Action]
        raise InputError(
            node.value_position("action"),
            f"unknown action '{raw}'{_did_you_mean(raw.upper(), choices)}: use ADD, MOD, SUP or NOC",
        ) from None


def _reference(node: _Node, key: str) -> str | None:
    """`after`/`before`: a paragraph number (quoted or not) or a quoted passage."""
    return node.text(key) if isinstance(node.data.get(key), str) else node.number(key)


REQUIRED_BY_ACTION = {
    Action.MOD: ("text",),
    Action.ADD: ("text",),
}
ONLY_FOR_ADD = ("after", "before", "number", "heading")


def _check_action_keys(node: _Node, action: Action) -> None:
    for key in REQUIRED_BY_ACTION.get(action, ()):
        if node.data.get(key) is None:
            raise InputError(node.where, f"a {action.value} edit needs a '{key}' key")
    if action is not Action.ADD:
        for key in ONLY_FOR_ADD:
            if key in node.data:
                raise InputError(node.key_position(key), f"'{key}' belongs to ADD edits, not {action.value}")
        if action in (Action.SUP, Action.NOC) and node.data.get("paragraph") is None and node.data.get("text") is None:
            raise InputError(node.where, f"a {action.value} edit needs a 'paragraph', a quoted 'text', or both")
        return
    if ("after" in node.data) == ("before" in node.data):
        raise InputError(node.where, "an ADD edit needs exactly one of 'after' or 'before' (a paragraph number or a quoted passage)")
    if "paragraph" in node.data:
        raise InputError(node.key_position("paragraph"), "an ADD places its text with 'after' or 'before', not 'paragraph'")


def _marked(node: _Node, text: str | None) -> Any:
    assert text is not None
    try:
        marked = critic.parse(text)
    except critic.MarkupError as error:
        raise InputError(_offset_position(node, "text", text, error.offset), str(error)) from None
    if not marked.changes:
        raise InputError(
            node.value_position("text"),
            "a MOD needs at least one change mark ({--deleted--}, {++inserted++} or {~~old~>new~~}); "
            "if the text must stay as it is, use action: NOC",
        )
    return marked


def _offset_position(node: _Node, key: str, text: str, offset: int) -> Position:
    """The file position of character `offset` of a scalar, found by its mark token."""
    start = node.value_position(key)
    token = text[offset : offset + 3]
    occurrence = text.count(token, 0, offset)
    try:
        lines = Path(node.path).read_text(encoding="utf-8-sig").splitlines()
    except OSError:
        return start
    seen = 0
    for number in range(start.line - 1, len(lines)):
        line = lines[number]
        column = line.find(token, start.column - 1 if number == start.line - 1 else 0)
        while column >= 0:
            if seen == occurrence:
                return Position(node.path, number + 1, column + 1)
            seen += 1
            column = line.find(token, column + 1)
    return start


# --- decisions -----------------------------------------------------------------


def load_decisions(path: Path) -> tuple[Decision, ...]:
    """Read decisions.yaml: each entry accepts or rejects an edit, or gives a compromise text."""
    top = _Node(read_yaml(path), str(path), Position(str(path), 1, 1), "the decisions file")
    top.check_keys(DECISIONS_KEYS, ("decisions",))
    if top.data.get("decisions") is None:
        return ()
    return tuple(_load_decision(item, where) for item, where in top.sequence("decisions"))


def _load_decision(item: Any, where: Position) -> Decision:
    node = _Node(item, where.path, where, "a decision")
    node.check_keys(DECISION_KEYS)
    kinds = [k for k in ("accept", "reject", "paragraph") if k in node.data]
    if len(kinds) != 1:
        raise InputError(where, "a decision has exactly one of 'accept: ID', 'reject: ID', or 'paragraph: N' with 'text'")
    if kinds == ["paragraph"] and node.data.get("text") is None:
        raise InputError(where, "a compromise decision needs the paragraph's new 'text'")
    if kinds != ["paragraph"] and "text" in node.data:
        raise InputError(node.key_position("text"), "'text' belongs to a compromise decision ('paragraph: N')")
    return Decision(
        accept=node.text("accept"),
        reject=node.text("reject"),
        paragraph=node.number("paragraph"),
        text=node.text("text"),
        note=node.text("note"),
        position=where,
    )
