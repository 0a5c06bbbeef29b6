"""Loading: read and validate baseline, proposal and decision files into the model.

Every problem becomes an `InputError` naming file, line and column, with a
sentence on how to fix it. Nothing here knows about terminals.

A plain file is parsed by ruamel.yaml's C parser (ruamel.yaml.clib), ten times faster;
the pure-Python round-trip parser, which knows where every key and value stands, reads
the others and words every error (see `_load`). Both give the same model.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, TypeVar

import ruamel.yaml.main
from ruamel.yaml import YAML
from ruamel.yaml.composer import Composer, ComposerError
from ruamel.yaml.constructor import DuplicateKeyError, RoundTripConstructor, SafeConstructor
from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.events import AliasEvent
from ruamel.yaml.nodes import ScalarNode
from ruamel.yaml.reader import ReaderError
from ruamel.yaml.resolver import VersionedResolver

from . import brackets, collector, critic
from .errors import InputError, UsageError
from .model import Action, Baseline, Decision, Edit, LoadWarning, Marked, Paragraph, Position, Proposal

YAML_SUFFIXES = (".yaml", ".yml")
MAX_FILE_BYTES = 64_000_000
"""Files larger than this are refused before parsing (a 20,000-paragraph baseline is ~10 MB)."""
MAX_DEPTH = 20
"""Deepest nesting of lists and mappings accepted; our formats need 3 levels."""

BASELINE_KEYS = {"document", "version", "paragraphs"}
PARAGRAPH_KEYS = {"number", "heading", "text"}
PROPOSAL_KEYS = {"source", "sponsors", "document", "contribution", "date", "title", "edits"}
EDIT_KEYS = {"action", "id", "paragraph", "text", "rationale", "after", "before", "number", "heading", "move"}
DECISIONS_KEYS = {"decisions"}
DECISION_KEYS = {"accept", "reject", "paragraph", "text", "note"}

KEY_HINTS = {
    "source": "the proposing group, e.g. source: TSAG, or source: B/CAN/CLM/USA for a joint proposal",
    "sponsors": "the co-sponsors' list, e.g. sponsors: [SEN, KEN, NIG]",
    "edits": "the list of its edits, each starting with '- action:'",
    "document": "the document's title",
    "contribution": 'the document number, e.g. contribution: "67A1" (document 67, addendum 1)',
    "paragraphs": "the list of its paragraphs, each starting with '- number:'",
    "number": 'the paragraph number in quotes, e.g. number: "40"',
    "text": "the text itself",
    "action": "ADD, MOD, SUP or NOC",
    "decisions": "the list of decisions",
    "id": "a unique id, e.g. id: TSAG/2 (or remove the key for the default)",
    "accept": "the id of the edit, e.g. accept: TSAG/2",
    "reject": "the id of the edit, e.g. reject: TSAG/2",
}


@dataclass(frozen=True)
class Inputs:
    """Everything one merge reads."""

    baseline: Baseline
    proposals: tuple[Proposal, ...]
    decisions: tuple[Decision, ...] = ()
    decisions_path: str | None = None


# --- files and folders -------------------------------------------------------


def load_inputs(baseline: Path, proposals: Path, decisions: Path | None, max_bytes: int = MAX_FILE_BYTES) -> Inputs:
    """Load a working directory's files: the baseline, every proposal, the decisions if present.

    A file larger than `max_bytes` is refused before it is read.
    """
    loaded_baseline = load_baseline(find_baseline(baseline), max_bytes)
    loaded_proposals = load_proposals(find_proposals(proposals), max_bytes)
    present = decisions is not None and decisions.exists()
    loaded_decisions = load_decisions(decisions, max_bytes) if decisions is not None and present else ()
    return Inputs(loaded_baseline, loaded_proposals, loaded_decisions, None if decisions is None else str(decisions))


def find_baseline(path: Path) -> Path:
    """The baseline file: `path` itself, or the one YAML file in the folder `path`."""
    if path.is_file():
        return path
    if not path.is_dir():
        raise UsageError(f"{path}: no such baseline file or folder (give one with --baseline FILE)")
    files = _yaml_files(path)
    if len(files) != 1:
        found = "no YAML file" if not files else f"{len(files)} YAML files"
        raise UsageError(
            f"{path}: the baseline folder must hold exactly one YAML file, it holds {found} "
            "(or give the file with --baseline FILE)"
        )
    return files[0]


def find_proposals(path: Path) -> list[Path]:
    """The proposal files: `path` itself, or every YAML file in the folder `path`, by name."""
    if path.is_file():
        return [path]
    if not path.is_dir():
        raise UsageError(f"{path}: no such proposals folder (give one with --proposals DIR)")
    files = _yaml_files(path)
    if not files:
        raise UsageError(
            f"{path}: no proposal files (*.yaml) in this folder: add one, or give another with --proposals"
        )
    return files


def _yaml_files(folder: Path) -> list[Path]:
    """The YAML files of a folder by name, less hidden ones (editor locks, macOS `._` copies)."""
    return sorted(
        p for p in folder.iterdir() if p.suffix.lower() in YAML_SUFFIXES and not p.name.startswith(".") and p.is_file()
    )


# --- YAML with positions ---------------------------------------------------------


@dataclass(frozen=True)
class _Source:
    """A file's path and lines, to point at positions and quote values as written.

    Also where a key, a value or a list item starts: from the round-trip parser's
    `.lc` here, from the C parser's marks in `_PlainSource`.
    """

    path: str
    lines: tuple[str, ...]

    def position(self, line: int, column: int) -> Position:
        """Position of a 0-based line and column (as ruamel.yaml counts them)."""
        return Position(self.path, line + 1, column + 1)

    def key_position(self, mapping: Any, key: Any) -> Position:
        return self._kv_position(mapping, key, 0)

    def value_position(self, mapping: Any, key: Any) -> Position:
        return self._kv_position(mapping, key, 2)

    def _kv_position(self, mapping: Any, key: Any, first: int) -> Position:
        found = (mapping.lc.data or {}).get(key)
        if found is None:  # a key merged in with '<<': ruamel.yaml keeps no position for it
            return self.position(mapping.lc.line, mapping.lc.col)
        return self.position(found[first], found[first + 1])

    def item_position(self, items: Any, i: int) -> Position:
        return self.position(*items.lc.item(i))

    def line(self, position: Position) -> str:
        return self.lines[position.line - 1] if 0 < position.line <= len(self.lines) else ""

    def scalar_at(self, position: Position) -> str:
        """The plain scalar written at `position` (e.g. `5.10`), or '' if there is none."""
        found = re.match(r"[^\s,\[\]{}#]+", self.line(position)[position.column - 1 :])
        return found.group() if found else ""


class _PlainComposer(Composer):
    """Refuses YAML aliases and tags: none of our formats needs them.

    Aliases make "billion laughs" bombs; tags (`!!int abc`, `!!python/name:...`) run
    constructors that fail with bare Python errors. With no aliases, anchors are
    harmless: a reused one is not worth a warning on stderr.
    """

    def __init__(self, loader: Any = None) -> None:
        super().__init__(loader=loader)
        self.warn_double_anchors = False

    def compose_node(self, parent: Any, index: Any) -> Any:
        event = self.parser.peek_event()
        if isinstance(event, AliasEvent):
            raise ComposerError(None, None, ALIAS_REFUSED, event.start_mark)
        if getattr(event, "ctag", None) is not None:
            raise ComposerError(None, None, TAG_REFUSED, event.start_mark)
        return super().compose_node(parent, index)


class _TextDatesConstructor(RoundTripConstructor):
    """Keeps 2026-02-11 as the text written: `date` is checked by the loader, with its position."""

    def construct_text_timestamp(self, node: Any, values: Any = None) -> Any:
        return self.construct_scalar(node)


_TextDatesConstructor.add_constructor("tag:yaml.org,2002:timestamp", _TextDatesConstructor.construct_text_timestamp)
ALIAS_REFUSED = "aliases are not allowed"
TAG_REFUSED = "tags are not allowed"


def read_yaml(path: Path, max_bytes: int = MAX_FILE_BYTES, allow_empty: bool = False) -> Any:
    """Parse one YAML file with positions kept; errors name the line and column.

    An empty file (or one of comments only) is an error unless `allow_empty`: then it is None.
    """
    text = _decode(path, max_bytes)
    _refuse_deep_flow(text, _Source(str(path), ()))
    return _read_round_trip(path, text, allow_empty)[0]


_Model = TypeVar("_Model")


def _load(
    path: Path, build: Callable[[Any, _Source], _Model], allow_empty: bool = False, max_bytes: int = MAX_FILE_BYTES
) -> _Model:
    """Parse a file and `build` its model from the data; every error names its line and column.

    A plain file is parsed by the C parser, ten times faster than the round-trip one
    (a 20,000-paragraph baseline is ~10 MB). Whatever that parser or `build` refuses is
    parsed again by the round-trip parser, which words the error and says where it is;
    and if that parser reads the file after all, its model is the one returned.
    """
    return _load_with_text(path, build, allow_empty, max_bytes)[0]


def _load_with_text(
    path: Path, build: Callable[[Any, _Source], _Model], allow_empty: bool = False, max_bytes: int = MAX_FILE_BYTES
) -> tuple[_Model, str]:
    """`_load`, and the file's text."""
    with collector.paused():
        return _parse_and_build(path, build, allow_empty, max_bytes)


def _parse_and_build(
    path: Path, build: Callable[[Any, _Source], _Model], allow_empty: bool, max_bytes: int
) -> tuple[_Model, str]:
    text = _decode(path, max_bytes)
    _refuse_deep_flow(text, _Source(str(path), ()))
    data = _read_plain(text)
    if data is not None:
        try:
            return build(data, _PlainSource(str(path), ())), text
        except InputError:
            pass  # the same problem, found again, with its position
    return build(*_read_round_trip(path, text, allow_empty)), text


def _read_round_trip(path: Path, text: str, allow_empty: bool) -> tuple[Any, _Source]:
    source = _Source(str(path), tuple(re.split(r"\r\n|\r|\n", text)))
    yaml = YAML(typ="rt")
    yaml.Composer = _PlainComposer
    yaml.Constructor = _TextDatesConstructor
    yaml.max_depth = MAX_DEPTH
    try:
        data = yaml.load(text)
    except MarkedYAMLError as error:
        raise _yaml_error(error, source) from None
    except ReaderError as error:
        raise InputError(_text_position(text, error.position, source), _unacceptable(error)) from None
    except YAMLError as error:
        raise InputError(Position(str(path), 1, 1), f"invalid YAML: {' '.join(str(error).split())}") from None
    except RecursionError:
        raise InputError(Position(str(path), 1, 1), "invalid YAML: nested too deeply") from None
    if data is None and not allow_empty:
        raise InputError(Position(str(path), 1, 1), "the file is empty: write its keys, or remove the file")
    return data, source


# --- plain files, by the C parser --------------------------------------------------


_BLOCK_PREFIX = 1000
"""Most columns of indentation, '- ', '? ', ': ', anchors and tags before a line's content
that the C parser may read: it recurses without limit (and crashes at ~100,000 levels of
block nesting); this bounds its nesting to ~2,000 levels."""
_NESTING = re.compile(r"(?:[ \t?:\-]|[&!]\S*)*")
_YAML_1_1_BREAKS = ("\x85", "\u2028", "\u2029", "\ufeff")
"""Line breaks for the C parser (YAML 1.1), not for the round-trip one (YAML 1.2); and a byte
order mark after the start (one at the start is removed), which the two parsers read differently."""


def _round_trip_only(text: str) -> bool:
    """Whether the C parser must not read `text`: a directive, a YAML 1.1 line break, deep nesting.

    It may say yes where none of these is (a '%' starting a line of text): that only
    costs time. Anchors, aliases, tags, merge keys and stray tabs are found exactly as
    the data is built (`_PlainConstructor`).
    """
    if text.startswith("%") or "\n%" in text or "\r%" in text:
        return True  # a directive: %YAML 1.1 reads yes, 010 and 1:20 otherwise
    if any(char in text for char in _YAML_1_1_BREAKS):
        return True
    return any(len(line) > _BLOCK_PREFIX and _nesting(line) > _BLOCK_PREFIX for line in text.splitlines())


def _nesting(line: str) -> int:
    match = _NESTING.match(line)
    return match.end() if match else 0


MERGE_TAG = "tag:yaml.org,2002:merge"
PLAIN_YAML_VERSION = (1, 2)
"""The version the round-trip parser reads a file without a %YAML directive as (one with is not plain)."""
PROPERTIES = ("&", "!")
"""How an anchor and a tag start."""
_LINE_BREAK = re.compile(r"[\r\n]")


class _NotPlain(Exception):
    """The C parser's data hides an anchor, alias, tag, merge key or stray tab: the round-trip parser decides."""


class _PlainResolver(VersionedResolver):
    """The YAML 1.2 resolver of the round-trip path, without asking the version for every node.

    (ruamel.yaml's asks, with two exceptions caught each time: a third of the C parser's time.)
    """

    @property
    def processing_version(self) -> Any:
        return PLAIN_YAML_VERSION


class _Items(list[Any]):
    """A YAML list from the C parser, with the 0-based line and column where each item starts."""

    starts: list[tuple[int, int]]


class _PlainConstructor(SafeConstructor):
    """Plain dicts, `_Items` lists, and dates kept as the text written (as `_TextDatesConstructor`).

    Raises `_NotPlain` for a node with an anchor or a tag (its first character in `text`,
    where the C parser's mark puts its start, is '&' or '!': a plain, quoted or block
    scalar, a list or a mapping starts otherwise), for a node met twice (an alias: the
    C parser shares the node), for a merge key, and for a tab outside a text (the C
    parser takes a tab before a comment or after a space for a space, the round-trip
    parser refuses it).
    """

    text = ""
    tabs = 0
    """Tabs of `text` not yet found inside a scalar."""

    def construct_document(self, node: Any) -> Any:
        data = super().construct_document(node)
        if self.tabs:
            raise _NotPlain
        return data

    def construct_object(self, node: Any, deep: bool = False) -> Any:
        if self.text.startswith(PROPERTIES, node.start_mark.index) or node in self.constructed_objects:
            raise _NotPlain
        if self.tabs and isinstance(node, ScalarNode):
            self.tabs -= self._tabs_inside(node)
        return super().construct_object(node, deep)

    def _tabs_inside(self, node: ScalarNode) -> int:
        """The tabs in a quoted scalar, or in a block's lines below its `|` or `>`.

        Not in a plain one: there, the round-trip parser refuses a tab after a space.
        """
        start, end = node.start_mark.index, node.end_mark.index
        if node.style not in ("'", '"', "|", ">"):  # plain: '' from the C parser
            return 0
        if node.style in ("|", ">"):
            body = _LINE_BREAK.search(self.text, start, end)
            start = body.start() if body else end
        return self.text.count("\t", start, end)

    def flatten_mapping(self, node: Any) -> None:
        if any(key.tag == MERGE_TAG for key, _ in node.value):
            raise _NotPlain

    def construct_text_timestamp(self, node: Any) -> Any:
        return self.construct_scalar(node)

    def construct_items(self, node: Any) -> Any:
        items = _Items()
        yield items
        items.extend(self.construct_sequence(node))
        items.starts = [(child.start_mark.line, child.start_mark.column) for child in node.value]


_PlainConstructor.add_constructor("tag:yaml.org,2002:timestamp", _PlainConstructor.construct_text_timestamp)
_PlainConstructor.add_constructor("tag:yaml.org,2002:seq", _PlainConstructor.construct_items)


def _read_plain(text: str) -> Any:
    """The data of a plain file by the C parser; None where the round-trip parser must read it.

    None for a file `_round_trip_only`, for one the C parser refuses (the round-trip
    parser words the user's message), for one with an anchor, alias, tag, merge key or
    stray tab, for an empty one, and always when `ruamel.yaml.clib` is not installed.
    """
    if getattr(ruamel.yaml.main, "CParser", None) is None or _round_trip_only(text):  # None: no clib
        return None

    class Constructor(_PlainConstructor):
        pass

    Constructor.text = text
    Constructor.tabs = text.count("\t")
    yaml = YAML(typ="safe")
    yaml.Resolver = _PlainResolver
    yaml.Constructor = Constructor
    try:
        return yaml.load(text)
    except Exception:  # a duplicate key, an impossible date, a syntax error...: the round-trip path says it
        return None
    finally:
        Constructor.text = ""  # the class waits for the garbage collector: the text need not


class _PlainSource(_Source):
    """A file read by the C parser: where each list item starts, from its marks.

    Keys and values get the file's name alone: they serve only in error messages, and
    an error on this path sends the file to the round-trip parser, which says where.
    """

    def key_position(self, mapping: Any, key: Any) -> Position:
        return Position(self.path)

    def value_position(self, mapping: Any, key: Any) -> Position:
        return Position(self.path)

    def item_position(self, items: Any, i: int) -> Position:
        return self.position(*items.starts[i])


def _decode(path: Path, max_bytes: int) -> str:
    if path.is_dir():
        raise UsageError(f"{path}: is a folder, not a YAML file")
    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise InputError(
                Position(str(path), 1, 1),
                f"the file is {size:,} bytes, over the limit of {max_bytes:,}: is it the right file? "
                f"(if so, raise the limit with --max-file-size {-(-size // 1_000_000)})",
            )
        raw = path.read_bytes()
    except OSError as error:
        raise UsageError(f"{path}: cannot read the file ({error.strerror or error})") from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line, column = _line_column(raw, error.start)
        raise InputError(
            Position(str(path), line, column), f"not UTF-8 (byte 0x{raw[error.start]:02x}): save the file as UTF-8"
        ) from None
    return text.removeprefix("\ufeff")


def _line_column(raw: bytes, offset: int) -> tuple[int, int]:
    """1-based line and character column of byte `offset` (the bytes before it are valid UTF-8)."""
    line_start = raw.rfind(b"\n", 0, offset) + 1
    column = len(raw[line_start:offset].decode("utf-8", errors="replace")) + 1
    return raw.count(b"\n", 0, offset) + 1, column


def _text_position(text: str, offset: int, source: _Source) -> Position:
    line_start = text.rfind("\n", 0, offset) + 1
    return source.position(text.count("\n", 0, offset), offset - line_start)


def _unacceptable(error: ReaderError) -> str:
    character = error.character if isinstance(error.character, int) else 0
    return f"invalid YAML: the control character U+{character:04X} is not allowed in YAML files: remove it"


# An opening bracket counts where YAML could start a flow collection with it (at the start of a
# line or a value, or inside another collection); one inside text ("Item 1 [see note") does not.
# Tried at each bracket and at each white space before it (zero-width: only what precedes counts).
FLOW_CONTEXT = re.compile(r"(?<=^)|(?<=[:\-,\[{?])|(?<=[:\-,\[{?]\s)|(?<=^\s)|(?<=[\[{]\s\s)", re.M)
BRACKET = re.compile(r"[\[\]{}]")
SPACES = re.compile(r"\s*")


def _refuse_deep_flow(text: str, source: _Source) -> None:
    """Refuse deeply nested [ ] and { } before parsing: ruamel.yaml takes quadratic time on them.

    Only the brackets are visited, and the white space before one is measured at C
    speed on the reversed text (a regex tried at every character of a 10 MB
    baseline took over a second; a Python loop over a long run of spaces, more).
    """
    depth = 0
    reverse = ""
    for bracket in BRACKET.finditer(text):
        at = bracket.start()
        if text[at] in "]}":
            depth = max(depth - 1, 0)
            continue
        start = at
        if at > 0 and text[at - 1].isspace():
            reverse = reverse or text[::-1]
            after = len(text) - at
            start = at - (SPACES.match(reverse, after).end() - after)  # type: ignore[union-attr]
        if _opens_flow(text, start, at):
            depth += 1
            if depth > MAX_DEPTH:
                raise InputError(_text_position(text, at, source), _too_deep())


def _opens_flow(text: str, start: int, at: int) -> bool:
    """Whether the bracket at `at`, after white space from `start`, may open a flow collection.

    FLOW_CONTEXT looks back at most three characters: so it is tried where the
    white space begins and the two places after, and any line break inside the
    white space starts a line (a context of its own).
    """
    if text.find("\n", start, at) >= 0:
        return True
    return any(FLOW_CONTEXT.match(text, i) for i in range(start, min(start + 2, at) + 1))


def _too_deep() -> str:
    return (
        f"nested too deeply (over {MAX_DEPTH} levels of lists and mappings, where 3 are needed): "
        "check the brackets and indentation"
    )


MARK_AT_VALUE_START = re.compile(r":\s+[{\[]")
KEY_ALONE = re.compile(r"\s*(- )?[\w-]+")


def _yaml_error(error: MarkedYAMLError, source: _Source) -> InputError:
    """One line for a YAML syntax error: the problem, where it started, and a hint."""
    mark = error.problem_mark or error.context_mark
    position = source.position(mark.line, mark.column) if mark else Position(source.path, 1, 1)
    if isinstance(error, DuplicateKeyError):
        key = re.search(r'duplicate key "(.*)" with value', error.problem or "")
        return InputError(position, f"key '{key.group(1) if key else '?'}' is given twice in this mapping: keep one")
    if "maximum depth" in str(error.problem):
        return InputError(position, _too_deep())
    if error.problem == ALIAS_REFUSED:
        return InputError(position, "YAML aliases (*name) are not allowed in these files: write the value out in full")
    if error.problem == TAG_REFUSED:
        return InputError(position, "YAML tags (!!int, !name) are not allowed in these files: remove the tag")
    problem = " ".join(str(error.problem or error.context or "invalid YAML").split())
    context = error.context_mark
    if error.context and context and ("end of stream" in problem or "<stream end>" in problem):
        # the file ended inside a quote or a bracket: point where it was opened
        position = source.position(context.line, context.column)
        return InputError(position, f"invalid YAML: {' '.join(error.context.split())}, {problem}: {_closer(error)}")
    hint = _yaml_hint(error, source, position)
    if hint is None and error.problem and error.context and context and context is not mark:
        problem += f" ({' '.join(error.context.split())} at line {context.line + 1}, column {context.column + 1})"
    return InputError(position, f"invalid YAML: {problem}: {hint or 'check the quotes, brackets and indentation'}")


def _closer(error: MarkedYAMLError) -> str:
    context = str(error.context)
    if "quoted" in context:
        return "close the quote"
    if "flow" in context:
        return "close the bracket"
    return "check the quotes, brackets and indentation"


def _yaml_hint(error: MarkedYAMLError, source: _Source, position: Position) -> str | None:
    """How to fix the commonest YAML slips in these files, or None."""
    line = source.line(position)
    if "'\\t'" in str(error.problem):
        return "indent with spaces, not tabs"
    if MARK_AT_VALUE_START.search(line):
        return "a text that starts with '{' or '[' must be quoted, or written as a block (key: >- and the text below)"
    if "mapping values are not allowed" in str(error.problem):
        if KEY_ALONE.fullmatch(line[: position.column - 1]):
            return "check the indentation: the keys of one entry must start in the same column"
        return "a text containing ': ' must be quoted, or written as a block (key: >- and the text below)"
    return None


# --- field access with positions ---------------------------------------------


class _Node:
    """A YAML mapping with its file, for reading fields with positions in errors.

    The same code reads the round-trip parser's CommentedMap and the C parser's dict:
    positions come from `source`.
    """

    def __init__(self, data: Any, source: _Source, where: Position, what: str) -> None:
        if not isinstance(data, dict):
            raise InputError(where, f"{what} must be a mapping of keys to values (key: value lines), not {_kind(data)}")
        self.data = data
        self.source = source
        self.path = source.path
        self.where = where
        self.what = what

    def key_position(self, key: Any) -> Position:
        return self.source.key_position(self.data, key)

    def value_position(self, key: str) -> Position:
        if self.data.get(key) is None:  # ruamel puts an empty value after the key, often on the next line
            return self.key_position(key)
        return self.source.value_position(self.data, key)

    def check_keys(self, allowed: set[str], required: Iterable[str] = ()) -> None:
        for key in self.data:
            if not isinstance(key, str) or key not in allowed:
                hint = _did_you_mean(str(key), allowed) or f" (the keys are: {', '.join(sorted(allowed))})"
                raise InputError(self.key_position(key), f"unknown key '{key}'{hint}")
        for key in required:
            if key not in self.data:
                raise self.missing(key)

    def missing(self, key: str) -> InputError:
        hint = f" ({KEY_HINTS[key]})" if key in KEY_HINTS else ""
        return InputError(self.where, f"{self.what} needs {_article(key)} '{key}' key{hint}")

    def text(self, key: str, required: bool = False) -> str | None:
        """A free-text field: a YAML string. Numbers are refused: 5.10 would silently become 5.1."""
        value = self.data.get(key)
        if value is None:
            if key in self.data and required:
                raise InputError(self.key_position(key), f"'{key}' is empty: write {KEY_HINTS.get(key, 'its text')}")
            if required:
                raise self.missing(key)
            return None
        if not isinstance(value, str):
            raise InputError(self.value_position(key), self._not_text(key, value))
        if required and not value.strip():
            raise InputError(self.value_position(key), f"'{key}' must not be empty")
        return str(value)  # a plain str: ruamel.yaml's string types stay in this module

    def date(self, key: str) -> str | None:
        """A date as year-month-day (2026-02-11): dates are compared as text to order proposals."""
        text = self.text(key)
        if text is None:
            return None
        try:
            return dt.date.fromisoformat(text.strip()).isoformat()
        except ValueError:
            raise InputError(
                self.value_position(key), f"'{key}' must be a real date written year-month-day, e.g. {key}: 2026-02-11"
            ) from None

    def _not_text(self, key: str, value: Any) -> str:
        where = self.value_position(key)
        if isinstance(value, dict | list):
            if self.source.line(where)[where.column - 1 :].startswith(("{", "[")):
                return (
                    f"'{key}' must be text, not {_kind(value)}: a text that starts with '{{' or '[' must be quoted, "
                    f"or written as a block ({key}: >- and the text below)"
                )
            return f"'{key}' must be text, not {_kind(value)}: write the text itself after '{key}:'"
        written = self.source.scalar_at(where)
        return f"'{key}' must be text, not {_kind(value)}: put it in quotes, e.g. {key}: \"{written}\""

    def number(self, key: str) -> str | None:
        """A paragraph number: a string, or a YAML integer read as its decimal string."""
        value = self.data.get(key)
        if value is None:
            return None
        if isinstance(value, str) and value.strip():
            return value.strip()
        if isinstance(value, int) and not isinstance(value, bool):
            return str(value)
        if isinstance(value, str):
            raise InputError(self.value_position(key), _empty_number(key))
        written = "" if isinstance(value, dict | list) else self.source.scalar_at(self.value_position(key))
        read = f" (YAML reads {written} as {_kind(value)})" if written else f", not {_kind(value)}"
        raise InputError(
            self.value_position(key),
            f"'{key}' must be a paragraph number in quotes, e.g. {key}: \"{written or '40'}\"{read}",
        )

    def sequence(self, key: str) -> list[tuple[Any, Position]]:
        value = self.data.get(key)
        if value is None:
            raise InputError(self.key_position(key), f"'{key}' is empty: write {KEY_HINTS.get(key, 'its items')}")
        if not isinstance(value, list):
            raise InputError(
                self.value_position(key), f"'{key}' must be a list ('- ' items on the lines below), not {_kind(value)}"
            )
        return [(item, self.source.item_position(value, i)) for i, item in enumerate(value)]


def _empty_number(key: str) -> str:
    return f"'{key}' is empty: give the paragraph number in quotes, e.g. {key}: \"40\""


def _article(word: str) -> str:
    return "an" if word[:1].lower() in "aeiou" else "a"


def _kind(value: Any) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, int):
        return "a whole number"
    if isinstance(value, float):
        return "a decimal number"
    if isinstance(value, dt.date):
        return "a date"
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


def renamed_ids(asked: str, ids: Iterable[str]) -> str:
    """For an id `<source>/<n>` that a group's second document renamed: the ids it may now be, or ''.

    A decision written while the group had one document says `TSAG/2`; with two, its edit is
    `TSAG/<file name>/2` (or `TSAG/<contribution>/2`).
    """
    source, _, n = asked.rpartition("/")
    if not source or not n:
        return ""
    now = sorted(i for i in ids if _named_document(i, source, n))
    if not now:
        return ""
    options = " or ".join(f"'{i}'" for i in now)
    return f" (the ids of a group with several documents name the document: did you mean {options}?)"


def _named_document(edit_id: str, source: str, n: str) -> bool:
    """Whether `edit_id` is `<source>/<document>/<n>`; a joint source has slashes of its own (B/CAN/USA)."""
    head, _, last = edit_id.rpartition("/")
    group, _, document = head.rpartition("/")
    return last == n and bool(document) and group.casefold() == source.casefold()


# --- baseline ------------------------------------------------------------------


def load_baseline(path: Path, max_bytes: int = MAX_FILE_BYTES) -> Baseline:
    """Read and check the baseline: unique numbers, non-empty texts; its disputed passages found.

    A bracket that does not pair is a warning with its place, not an error: real drafts have them.
    """
    baseline, text = _load_with_text(path, _baseline, max_bytes=max_bytes)
    if not baseline.warnings:
        return baseline
    paragraphs = {p.number: p for p in baseline.paragraphs}
    starts = _line_starts(text, sorted({w.position.line for w in baseline.warnings if w.position.line}))
    placed = tuple(
        replace(w, position=_bracket_position(str(path), text, paragraphs[w.paragraph], w.offset, starts))
        for w in baseline.warnings
    )
    return replace(baseline, warnings=placed)


def _line_starts(text: str, lines: list[int]) -> dict[int, int]:
    """The offset where each of the given 1-based lines starts: one pass, however many are asked."""
    starts, at, line = {}, 0, 1
    for wanted in lines:
        while line < wanted:
            at = text.find("\n", at) + 1
            line += 1
        starts[wanted] = at
    return starts


_TEXT_KEY = re.compile(r"^[ \t]*(?:-[ \t]+)?text[ \t]*:", re.M)


def _bracket_position(path: str, text: str, paragraph: Paragraph, offset: int, starts: dict[int, int]) -> Position:
    """Where character `offset` of a paragraph's text stands in the file: the same bracket, counted from `text:`.

    Folding and quoting change white space and escapes, never a bracket, so the n-th '[' of the
    paragraph's text is the n-th '[' written after its `text:` key. (Searched in the file's text,
    not split into lines: a 20,000-paragraph draft is 10 MB.)
    """
    fallback = paragraph.position or Position(path)
    char = paragraph.text[offset]
    line, start = (fallback.line, starts[fallback.line]) if fallback.line in starts else (1, 0)
    key = _TEXT_KEY.search(text, start)
    if key is None:
        return fallback
    found = key.end() - 1
    for _ in range(paragraph.text.count(char, 0, offset) + 1):
        found = text.find(char, found + 1)
        if found < 0:
            return fallback
    line_start = text.rfind("\n", 0, found) + 1
    return Position(path, line + text.count("\n", start, found), found - line_start + 1)


def _baseline(data: Any, source: _Source) -> Baseline:
    top = _Node(data, source, Position(source.path, 1, 1), "the baseline")
    top.check_keys(BASELINE_KEYS, ("document", "paragraphs"))
    document = top.text("document", required=True)
    assert document is not None
    paragraphs: list[Paragraph] = []
    warnings: list[LoadWarning] = []  # placed by the paragraph; `load_baseline` finds the bracket's column
    seen: dict[str, Position] = {}
    for item, where in top.sequence("paragraphs"):
        node = _Node(item, source, where, "a paragraph")
        node.check_keys(PARAGRAPH_KEYS, ("number", "text"))
        number = node.number("number")
        if number is None:
            raise InputError(node.key_position("number"), _empty_number("number"))
        if number in seen:
            raise InputError(
                node.value_position("number"),
                f"paragraph number '{number}' is used twice (first at {seen[number]}): give each paragraph its own",
            )
        seen[number] = node.value_position("number")
        text = node.text("text", required=True)
        assert text is not None
        if "[" in text or "]" in text:  # most paragraphs have none: not even a call for them
            parsed = brackets.parse(text, number)
            warnings.extend(LoadWarning(where, problem, number, offset) for offset, problem in parsed.problems)
            paragraphs.append(Paragraph(number, text, node.text("heading"), where, parsed.brackets))
        else:
            paragraphs.append(Paragraph(number, text, node.text("heading"), where))
    if not paragraphs:
        raise InputError(
            top.value_position("paragraphs"), "the baseline has no paragraphs: list them under 'paragraphs:'"
        )
    return Baseline(document, tuple(paragraphs), top.text("version"), source.path, tuple(warnings))


# --- proposals -------------------------------------------------------------------


def load_proposals(paths: Sequence[Path], max_bytes: int = MAX_FILE_BYTES) -> tuple[Proposal, ...]:
    """Read every proposal, by file name; edit ids must be unique across them all.

    Default ids are made here, as they depend on the group's other documents (SPEC "Edit ids").
    """
    proposals = _with_default_ids([load_proposal(path, max_bytes) for path in sorted(paths)])
    seen: dict[str, Position | None] = {}
    for proposal in proposals:
        for edit in proposal.edits:
            if edit.id in seen:
                where = edit.position or Position(proposal.path)
                raise InputError(
                    where, f"edit id '{edit.id}' is used twice (first at {seen[edit.id]}): give each edit its own 'id'"
                )
            seen[edit.id] = edit.position
    return tuple(proposals)


def _with_default_ids(proposals: Sequence[Proposal]) -> tuple[Proposal, ...]:
    """Name the document in the default ids of a group's documents that would otherwise share them.

    A proposal with a `contribution` number already has `<source>/<contribution>/<n>`. Of the
    others, a group's one document using default ids keeps `<source>/<n>`, as does a file named
    after its group (`tsag.yaml`); the rest get `<source>/<file name>/<n>`.
    """
    unnumbered: dict[str, list[Proposal]] = defaultdict(list)
    for proposal in proposals:
        if proposal.contribution is None and any(not e.id_given for e in proposal.edits):
            unnumbered[proposal.source.casefold()].append(proposal)
    renamed: dict[int, Proposal] = {}
    for group in unnumbered.values():
        if len(group) < 2:
            continue
        for proposal in group:
            stem = Path(proposal.path).stem
            if stem.casefold() in _file_names(proposal.source):
                continue
            edits = tuple(
                e if e.id_given else replace(e, id=f"{proposal.source}/{stem}/{e.index}") for e in proposal.edits
            )
            renamed[id(proposal)] = replace(proposal, edits=edits)
    return tuple(renamed.get(id(p), p) for p in proposals)


def _file_names(source: str) -> set[str]:
    """The file names that are a group's own (`tsag.yaml`); a joint label's slashes as - or _ (b-can-usa.yaml)."""
    folded = source.casefold()
    return {folded, folded.replace("/", "-"), folded.replace("/", "_")}


def load_proposal(path: Path, max_bytes: int = MAX_FILE_BYTES) -> Proposal:
    """Read and check one proposal."""
    return _load(path, _proposal, max_bytes=max_bytes)


def _proposal(data: Any, source: _Source) -> Proposal:
    top = _Node(data, source, Position(source.path, 1, 1), "a proposal")
    top.check_keys(PROPOSAL_KEYS, ("source", "edits"))
    name = top.text("source", required=True)
    assert name is not None
    name = name.strip()
    sponsors = _sponsors(top, name)
    contribution = _contribution(top)
    prefix = name if contribution is None else f"{name}/{contribution}"
    edits = tuple(
        _load_edit(_Node(item, source, where, "an edit"), name, n, prefix, sponsors)
        for n, (item, where) in enumerate(top.sequence("edits"), 1)
    )
    _check_moves(edits, source.path)
    document, date, title = top.text("document"), top.date("date"), top.text("title")
    return Proposal(name, edits, source.path, document, date, title, contribution, sponsors)


def _sponsors(top: _Node, name: str) -> tuple[str, ...]:
    """A joint proposal's co-sponsors: the `sponsors` list, else the parts of a label `B/CAN/CLM/USA`.

    The label stays the group that the text, the ids and Word's authors show (ITU numbers
    joint proposals so: B/CAN/CLM/USA/1); each sponsor is credited in `stats` and the voting
    list. A source that is one group gives () (it is credited itself).
    """
    if "sponsors" in top.data:
        return _sponsor_list(top, name)
    parts = tuple(part.strip() for part in name.split("/"))
    if "" in parts:
        raise InputError(
            top.value_position("source"),
            f"'source: {name}' has an empty name between its slashes: a joint proposal names each "
            f"co-sponsor once, e.g. source: {'/'.join(p for p in parts if p) or 'B/CAN/CLM/USA'}",
        )
    return parts if len(parts) > 1 else ()


def _sponsor_list(top: _Node, name: str) -> tuple[str, ...]:
    """The `sponsors` key: a list of distinct names (any case), each as text."""
    names: list[str] = []
    written = top.data.get("sponsors")
    if isinstance(written, str) and written.strip():
        listed = ", ".join(n.strip() for n in re.split(r"[,;/]", written) if n.strip())
        raise InputError(top.value_position("sponsors"), f"'sponsors' must be a list: write sponsors: [{listed}]")
    items = top.sequence("sponsors")
    if not items:
        raise InputError(top.value_position("sponsors"), f"'sponsors' is empty: write {KEY_HINTS['sponsors']}")
    for item, where in items:
        if not isinstance(item, str) or not item.strip():
            raise InputError(where, f"each sponsor must be a group's name as text, not {_kind(item)}: e.g. - SEN")
        twice = [n for n in names if n.casefold() == item.strip().casefold()]
        if twice:
            raise InputError(where, f"sponsor '{item.strip()}' is listed twice: name each co-sponsor once")
        names.append(str(item).strip())
    return () if names == [name] else tuple(names)


def _contribution(top: _Node) -> str | None:
    """The document number that default ids carry (`ARB/14/26`): no white space or '/'."""
    value = top.data.get("contribution")
    if value is None:
        return None
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    written = value.strip() if isinstance(value, str) else ""
    if written and not re.search(r"[\s/]", written):
        return written
    raise InputError(
        top.value_position("contribution"),
        "'contribution' must be the document number as it stands in ITU proposal ids, without spaces "
        "or '/', e.g. contribution: \"67A1\" for document 67, addendum 1 (ids ACP/67A1/1, ...)",
    )


def _load_edit(node: _Node, source: str, n: int, prefix: str, sponsors: tuple[str, ...] = ()) -> Edit:
    node.check_keys(EDIT_KEYS, ("action",))
    action, moves = _action(node)
    _check_action_keys(node, action, moves)
    text = node.text("text", required=action is Action.MOD or (action is Action.ADD and not moves))
    return Edit(
        id=node.text("id", required="id" in node.data) or f"{prefix}/{n}",
        source=source,
        action=action,
        index=n,
        paragraph=node.number("paragraph"),
        text=text,
        marked=_marked(node, text) if action is Action.MOD and text is not None else None,
        after=_reference(node, "after"),
        before=_reference(node, "before"),
        number=node.number("number"),
        heading=node.text("heading"),
        rationale=node.text("rationale"),
        position=node.where,
        move=node.text("move", required=True) if moves else None,
        id_given="id" in node.data,
        sponsors=sponsors,
    )


def _action(node: _Node) -> tuple[Action, bool]:
    """The action, and whether it is half of a move (SUP*, ADD*)."""
    raw = node.text("action", required=True)
    assert raw is not None
    word = raw.strip().upper()
    if word in MOVE_ACTIONS:
        return Action(word[:-1]), True
    try:
        return Action(word), False
    except ValueError:
        word = raw.strip().upper()
        hint = (
            f" (did you mean '{ACTION_WORDS[word]}'?)"
            if word in ACTION_WORDS
            else _did_you_mean(word, [a.value for a in Action])
        )
        raise InputError(
            node.value_position("action"),
            f"unknown action '{raw}'{hint}: use ADD, MOD, SUP or NOC (or SUP* and ADD* for a move)",
        ) from None


def _reference(node: _Node, key: str) -> str | None:
    """`after`/`before`: a paragraph number (quoted or not) or a quoted passage."""
    if key in node.data and node.data[key] is None:
        raise InputError(node.key_position(key), f"'{key}' is empty: give a paragraph number or a quoted passage")
    return node.text(key, required=key in node.data) if isinstance(node.data.get(key), str) else node.number(key)


ONLY_FOR_ADD = ("after", "before", "number", "heading")
MOVE_ACTIONS = ("SUP*", "ADD*")
"""ITU's marks of a move: SUP* where a paragraph stood, ADD* where it goes; linked by a shared `move` name."""
NOT_FOR_ADD_MOVE = {
    "text": "an ADD* brings the paragraph its SUP* names, with its text: leave 'text' out "
    "(a change to the moved text is a MOD of that paragraph)",
    "number": "a moved paragraph keeps its number: leave 'number' out",
    "heading": "a moved paragraph keeps its heading: leave 'heading' out",
}
ACTION_WORDS = {
    **dict.fromkeys(("DEL", "DELETE", "REMOVE", "SUPPRESS", "SUPPRESSED"), "SUP"),
    **dict.fromkeys(("MODIFY", "MODIFIED", "CHANGE", "AMEND", "REPLACE"), "MOD"),
    **dict.fromkeys(("INSERT", "NEW", "ADDED", "APPEND"), "ADD"),
    **dict.fromkeys(("KEEP", "NOCHANGE", "NO CHANGE", "RETAIN"), "NOC"),
}
"""Words groups write for the ITU action codes, for the did-you-mean of an unknown action."""


def _check_action_keys(node: _Node, action: Action, moves: bool = False) -> None:
    for key in ("text", "after", "before") if action is not Action.MOD else ():
        _refuse_change_marks(node, key, action)
    _check_move_keys(node, action, moves)
    if action is not Action.ADD:
        for key in ONLY_FOR_ADD:
            if key in node.data:
                raise InputError(node.key_position(key), f"'{key}' belongs to ADD edits, not {action.value}")
        if action in (Action.SUP, Action.NOC) and node.data.get("paragraph") is None and node.data.get("text") is None:
            raise InputError(node.where, f"a {action.value} edit needs a 'paragraph', a quoted 'text', or both")
        return
    if ("after" in node.data) == ("before" in node.data):
        raise InputError(
            node.where, "an ADD edit needs exactly one of 'after' or 'before' (a paragraph number or a quoted passage)"
        )
    if "paragraph" in node.data:
        raise InputError(
            node.key_position("paragraph"), "an ADD places its text with 'after' or 'before', not 'paragraph'"
        )


def _check_move_keys(node: _Node, action: Action, moves: bool) -> None:
    if not moves:
        if "move" in node.data:
            raise InputError(
                node.key_position("move"),
                f"'move' links the two halves of a move: write the action as SUP* (where the paragraph stands) "
                f"or ADD* (where it goes), not {action.value}",
            )
        return
    if node.data.get("move") is None:
        raise InputError(
            node.where,
            f"{action.value}* is half of a move and needs 'move': a name its "
            f"{'ADD*' if action is Action.SUP else 'SUP*'} shares, e.g. move: M1",
        )
    if action is Action.ADD:
        for key, why in NOT_FOR_ADD_MOVE.items():
            if key in node.data:
                raise InputError(node.key_position(key), why)


def _check_moves(edits: Sequence[Edit], path: str) -> None:
    """Each move name names one SUP* and one ADD* of the proposal."""
    halves: dict[str, list[Edit]] = defaultdict(list)
    for edit in edits:
        if edit.move is not None:
            halves[edit.move].append(edit)
    for name, pair in halves.items():
        actions = sorted(e.action.value for e in pair)
        if actions == ["ADD", "SUP"]:
            continue
        where = pair[-1].position or Position(path)
        if len(pair) == 1:
            other = "ADD*" if pair[0].action is Action.SUP else "SUP*"
            message = f"move '{name}' has a {pair[0].code} but no {other}: give the {other} 'move: {name}' too"
        else:
            message = (
                f"move '{name}' names {len(pair)} edits ({', '.join(e.code for e in pair)}): one SUP* and one ADD*"
            )
        raise InputError(where, message + " (a move is a SUP* where the paragraph stands and an ADD* where it goes)")


def _refuse_change_marks(node: _Node, key: str, action: Action) -> None:
    """Only a MOD's text is CriticMarkup: elsewhere a mark would be taken for words of the text."""
    text = node.data.get(key)
    if not isinstance(text, str) or not critic.has_marks(text):
        return
    offset = min(i for i in (text.find(mark) for mark in critic.CHANGE_OPENERS) if i >= 0)
    raise InputError(
        _offset_position(node, key, text, offset),
        f"'{key}' of {_article(action.value)} {action.value} edit is plain text: remove the change marks "
        "(a change of words inside a paragraph is a MOD)",
    )


def _marked(node: _Node, text: str) -> Marked:
    try:
        marked = critic.parse(text)
    except critic.MarkupError as error:
        raise InputError(_offset_position(node, "text", text, error.offset, error.length), str(error)) from None
    if not marked.changes:
        raise InputError(
            node.value_position("text"),
            "a MOD needs at least one change mark ({--deleted--}, {++inserted++} or {~~old~>new~~}); "
            "if the text must stay as it is, use action: NOC",
        )
    return marked


def _offset_position(node: _Node, key: str, text: str, offset: int, length: int = 3) -> Position:
    """The file position of character `offset` of a scalar, found by the `length` characters of its mark token."""
    start = node.value_position(key)
    if not start.line:  # a plain file's value has no position: the round-trip parser finds it
        return start
    token = text[offset : offset + length]
    occurrence = text.count(token, 0, offset)
    seen = 0
    for number in range(start.line - 1, len(node.source.lines)):
        line = node.source.lines[number]
        column = line.find(token, start.column - 1 if number == start.line - 1 else 0)
        while column >= 0:
            if seen == occurrence:
                return Position(node.path, number + 1, column + 1)
            seen += 1
            column = line.find(token, column + 1)
    return start


# --- decisions -----------------------------------------------------------------


def load_decisions(path: Path, max_bytes: int = MAX_FILE_BYTES) -> tuple[Decision, ...]:
    """Read decisions.yaml: each entry accepts or rejects an edit, or gives a compromise text.

    An empty file (or one of comments only) has no decisions. Two decisions on one
    edit or one paragraph are an error: the editor must keep one.
    """
    return _load(path, _decisions, allow_empty=True, max_bytes=max_bytes)


def _decisions(data: Any, source: _Source) -> tuple[Decision, ...]:
    if data is None:
        return ()
    top = _Node(data, source, Position(source.path, 1, 1), "the decisions file")
    top.check_keys(DECISIONS_KEYS, ("decisions",))
    if top.data.get("decisions") is None:
        return ()
    decisions = tuple(
        _load_decision(_Node(item, source, where, "a decision")) for item, where in top.sequence("decisions")
    )
    _refuse_second_decisions(decisions)
    return decisions


def _load_decision(node: _Node) -> Decision:
    node.check_keys(DECISION_KEYS)
    kinds = [k for k in ("accept", "reject", "paragraph") if k in node.data]
    if len(kinds) != 1:
        raise InputError(
            node.where, "a decision has exactly one of 'accept: ID', 'reject: ID', or 'paragraph: N' with 'text'"
        )
    if kinds == ["paragraph"] and "text" not in node.data:
        raise InputError(node.where, "a compromise decision needs the paragraph's new 'text'")
    if kinds != ["paragraph"] and "text" in node.data:
        raise InputError(node.key_position("text"), "'text' belongs to a compromise decision ('paragraph: N')")
    paragraph = node.number("paragraph")
    if kinds == ["paragraph"] and paragraph is None:
        raise InputError(node.key_position("paragraph"), _empty_number("paragraph"))
    return Decision(
        accept=node.text("accept", required=kinds == ["accept"]),
        reject=node.text("reject", required=kinds == ["reject"]),
        paragraph=paragraph,
        text=node.text("text", required=kinds == ["paragraph"]),
        note=node.text("note"),
        position=node.where,
    )


def _refuse_second_decisions(decisions: Sequence[Decision]) -> None:
    first: dict[str, Decision] = {}
    for decision in decisions:
        subject = (
            f"paragraph '{decision.paragraph}'"
            if decision.paragraph
            else f"edit '{decision.accept or decision.reject}'"
        )
        if subject in first:
            raise InputError(
                decision.position or "decisions",
                f"{subject} already has a decision (at {first[subject].position}): keep one of them",
            )
        first[subject] = decision
