"""The exceptions a user can act on; each names a place in a file and how to fix it."""

from __future__ import annotations

import re

from .model import Position

# Line breaks, C0/C1 controls, DEL and bidi controls: a message quotes file contents,
# and must stay one line that cannot colour, move or hide what the user reads.
_UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069]")


def one_line(text: str) -> str:
    """`text` with every control or bidi character written as an escape (\\n, \\x1b, \\u202e)."""
    return _UNSAFE.sub(_escape, text)


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    return repr(match.group())[1:-1] if code <= 0xFF else f"\\u{code:04x}"


class ItuAmendError(Exception):
    """Base class: every error the tool reports to a user (exit 2). `str()` is one safe line."""

    def __str__(self) -> str:
        return one_line(super().__str__())


class InputError(ItuAmendError):
    """An input file is invalid; `str(error)` is the one line the user sees."""

    def __init__(self, position: Position | str, message: str) -> None:
        self.position = position
        self.message = message
        super().__init__(f"{position}: {message}")


class UsageError(ItuAmendError):
    """A command-line request cannot be carried out (unknown paragraph, missing folder...)."""
