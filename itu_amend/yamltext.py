"""YAML as an editor types it: plain words where they are safe, folded blocks for prose, quotes otherwise.

The files itu-amend writes for people to review (imported proposals and baselines)
must read like the hand-written ones: `>-` blocks wrapped at a readable width,
quoted paragraph numbers, no tags or flow style. Every scalar chosen here reads
back as exactly the same string (the tests check this against ruamel.yaml).
"""

from __future__ import annotations

import re

WIDTH = 88
"""Folded blocks are wrapped to lines of at most this many characters (longer words stay whole)."""

# What YAML accepts unescaped in a stream, less the characters it reads as line breaks.
_UNSAFE = re.compile("[^\x09\x20-\x7e\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]|\ufeff")
_PLAIN = re.compile(r"[^\W\d_](?:[\w ,.;()/'’&%\-–—]*[\w.)’])?")
_RESERVED = {"true", "false", "yes", "no", "on", "off", "y", "n", "null", "none"}
_BREAK = re.compile(r"(?<=\S) (?=\S)")
_ESCAPES = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\t": "\\t", "\r": "\\r"}


def quoted(text: str) -> str:
    """A double-quoted scalar (always safe; paragraph numbers are written this way)."""

    def escape(char: str) -> str:
        if char in _ESCAPES:
            return _ESCAPES[char]
        code = ord(char)
        return f"\\x{code:02x}" if code <= 0xFF else f"\\u{code:04x}" if code <= 0xFFFF else f"\\U{code:08x}"

    return '"' + "".join(escape(c) if c in _ESCAPES or _UNSAFE.match(c) else c for c in text) + '"'


def plain_ok(text: str) -> bool:
    """Whether `text` can be written without quotes and read back as the same string."""
    return bool(_PLAIN.fullmatch(text)) and text.lower() not in _RESERVED and "  " not in text


def scalar(key: str, text: str, indent: int) -> list[str]:
    """The lines of `key: text` at `indent` spaces: on one line if it fits (plain if safe), else `>-`."""
    pad = " " * indent
    if indent + len(key) + 2 + len(text) <= WIDTH and "\n" not in text:
        return [f"{pad}{key}: {text if plain_ok(text) else quoted(text)}"]
    if _foldable(text):
        inner = pad + "  "
        return [f"{pad}{key}: >-", *(inner + line for line in wrap(text, WIDTH - len(inner)))]
    return [f"{pad}{key}: {quoted(text)}"]


def _foldable(text: str) -> bool:
    return bool(text) and text == text.strip() and not _UNSAFE.search(text) and "\n" not in text


def wrap(text: str, width: int) -> list[str]:
    """Break `text` at single spaces between words, so that folding joins the lines back exactly."""
    lines: list[str] = []
    start = 0
    last_break = -1
    for match in _BREAK.finditer(text):
        if match.start() - start > width and last_break > start:
            lines.append(text[start:last_break])
            start = last_break + 1
        last_break = match.start()
    if len(text) - start > width and last_break > start:
        lines.append(text[start:last_break])
        start = last_break + 1
    lines.append(text[start:])
    return lines


def comment(text: str, indent: int = 0) -> list[str]:
    """`# text`, wrapped; control characters and line breaks in the text are shown as escapes."""
    safe = _UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", " ".join(text.split()))
    pad = " " * indent + "# "
    return [pad + line for line in wrap(safe, WIDTH - len(pad))]
