"""Real prose for the benchmarks: the Python documentation that ships with the standard library.

`pydoc_data.topics` is the text of the Python language reference as `help()` shows it
(part of every CPython install, PSF licence). Its unindented blocks are prose paragraphs;
indented blocks are code and grammar, and are left out. Nothing is downloaded.
"""

from __future__ import annotations

import pydoc_data.topics
import re
from functools import cache

SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z\"“(])")
BLOCK = re.compile(r"\n\s*\n")
SOURCE = "the Python language reference as shipped in the standard library (pydoc_data.topics)"


def sentences_of(text: str) -> list[str]:
    """A prose paragraph cut into sentences (a full stop, then a capital letter or a quote)."""
    return [s for s in SENTENCE_END.split(text) if s]


def _blocks() -> list[str]:
    """Every unindented block of the topics, with its line breaks and double spaces folded."""
    found = []
    for name in sorted(pydoc_data.topics.topics):
        for block in BLOCK.split(pydoc_data.topics.topics[name]):
            if block and not block[0].isspace():
                found.append(" ".join(block.split()))
    return found


def _plain(text: str) -> bool:
    """No code prompts, grammar rules or characters that CriticMarkup reserves."""
    if not (text[0].isalpha() or text[0] in '"“') or re.match(r"(\d+|[a-z])\. ", text):
        return False  # list items ("* ...", "1. ...", "[3] ...")
    return not any(token in text for token in ("::", ">>>", "{", "}", "~", " * "))


def _is_prose(text: str) -> bool:
    if not 150 <= len(text) <= 1200 or not text.endswith(".") or not _plain(text):
        return False
    letters = sum(c.isalpha() or c in " ,.;'\"’" for c in text)
    return letters / len(text) > 0.92 and len(sentences_of(text)) >= 2


@cache
def paragraphs() -> tuple[str, ...]:
    """Prose paragraphs, no two sharing a sentence (so a quote stands in one paragraph only)."""
    seen: set[str] = set()
    found = []
    for text in _blocks():
        if not _is_prose(text):
            continue
        sentences = sentences_of(text)
        if any(s in seen for s in sentences):
            continue
        seen.update(sentences)
        found.append(text)
    return tuple(found)


@cache
def sentences() -> tuple[str, ...]:
    """Every distinct prose sentence of the topics (for sentences added to a draft)."""
    found: dict[str, None] = {}
    for text in _blocks():
        if text.endswith(".") and _plain(text):
            for sentence in sentences_of(text):
                if 40 <= len(sentence) <= 300 and sentence.endswith(".") and _plain(sentence):
                    found[sentence] = None
    return tuple(found)
