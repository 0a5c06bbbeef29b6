"""The exceptions a user can act on; each names a place in a file and how to fix it."""

from __future__ import annotations

from .model import Position


class ItuAmendError(Exception):
    """Base class: every error the tool reports to a user (exit 2)."""


class InputError(ItuAmendError):
    """An input file is invalid; `str(error)` is the one line the user sees."""

    def __init__(self, position: Position | str, message: str) -> None:
        self.position = position
        self.message = message
        super().__init__(f"{position}: {message}")


class UsageError(ItuAmendError):
    """A command-line request cannot be carried out (unknown paragraph, missing folder...)."""
