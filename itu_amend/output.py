"""Writing files safely: atomically, and never over an input."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterable
from pathlib import Path

from .errors import UsageError


def write_atomically(path: Path, content: str | bytes, protected: Iterable[Path] = ()) -> None:
    """Write `content` to `path` via a temporary file and a rename.

    A reader (or a crash halfway) sees the old file or the new one, never half of
    one. Refuses to overwrite one of the `protected` input files.
    """
    target = path.resolve()
    if any(_same_file(target, Path(p)) for p in protected):
        raise UsageError(f"{path}: refusing to overwrite an input file; choose another output file")
    if target.is_dir():
        raise UsageError(f"{path}: is a folder; give a file name")
    if not target.parent.is_dir():
        raise UsageError(f"{path}: the folder {path.parent} does not exist")
    data = content.encode("utf-8") if isinstance(content, str) else content
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        if target.exists():
            os.chmod(tmp, target.stat().st_mode & 0o777)
        else:
            os.chmod(tmp, 0o644)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _same_file(target: Path, other: Path) -> bool:
    """The same file, by path or (for hard links and case-insensitive file systems) by identity."""
    if target == other.resolve():
        return True
    try:
        return target.exists() and other.exists() and os.path.samefile(target, other)
    except OSError:
        return False
