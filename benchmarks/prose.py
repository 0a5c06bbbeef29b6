"""Real prose for the benchmarks: the Python documentation that ships with the standard library.

`pydoc_data.topics` is the text of the Python language reference as `help()` shows it
(part of every CPython install, PSF licence). Its unindented blocks are prose paragraphs;
indented blocks are code and grammar, and are left out. For the scale benchmark the
docstrings of the standard library's modules add some 130,000 words. Nothing is downloaded.
"""

from __future__ import annotations

import ast
import pydoc_data.topics
import random
import re
import sysconfig
from collections import defaultdict
from functools import cache
from pathlib import Path

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


# --- more prose, for a baseline of conference size ------------------------------------------


@cache
def docstring_paragraphs() -> tuple[str, ...]:
    """Prose paragraphs of the standard library's docstrings (modules, classes, functions), each once."""
    root = Path(sysconfig.get_paths()["stdlib"])
    found: dict[str, None] = {}
    for path in sorted(root.rglob("*.py")):
        if set(path.relative_to(root).parts[:-1]) & SKIPPED_DIRS:
            continue
        try:
            tree = ast.parse(path.read_text(encoding="utf-8"))
        except (SyntaxError, UnicodeDecodeError, ValueError):
            continue
        for node in ast.walk(tree):
            if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef):
                for block in BLOCK.split(ast.get_docstring(node) or ""):
                    if block and not any(line[:1].isspace() or line.startswith(">>>") for line in block.splitlines()):
                        text = " ".join(block.split())
                        if len(text) >= 60 and text.endswith(".") and _plain(text):
                            found[text] = None
    return tuple(found)


SKIPPED_DIRS = {"site-packages", "test", "tests", "idlelib", "lib2to3", "__pycache__"}


class Babbler:
    """Paragraphs made by a word chain (order 2) over the stdlib's prose: real phrases, new sentences.

    A 20,000-paragraph baseline needs more text than the documentation has; the chain
    recombines its sentences the way a long manual repeats its phrasing: most
    sentences are new, some stand twice, and short phrases recur often.
    """

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.chain: dict[tuple[str, str], list[str | None]] = defaultdict(list)
        self.starts: list[tuple[str, str]] = []
        for text in (*docstring_paragraphs(), *paragraphs()):
            for sentence in sentences_of(text):
                words = sentence.split()
                if len(words) < 4:
                    continue
                self.starts.append((words[0], words[1]))
                for i in range(len(words) - 2):
                    self.chain[(words[i], words[i + 1])].append(words[i + 2])
                self.chain[(words[-2], words[-1])].append(None)

    def sentence(self) -> str:
        a, b = self.rng.choice(self.starts)
        words = [a, b]
        while len(words) <= 45:
            following = self.chain.get((a, b))
            word = self.rng.choice(following) if following else None
            if word is None:
                if len(words) >= 6:
                    break
                a, b = self.rng.choice(self.starts)
                words = [a, b]
                continue
            words.append(word)
            a, b = b, word
        text = " ".join(words)
        return text if text.endswith(".") else text.rstrip(",;:") + "."

    def paragraph(self) -> str:
        """Two to five sentences; brackets the chain left unbalanced are dropped.

        Why: itu-amend's loader (at commit 08ef5af) counts brackets inside quoted
        strings as YAML nesting, so 21 unclosed '[' in a file are refused as
        "nested too deeply"; real drafts close their [square brackets].
        """
        text = " ".join(self.sentence() for _ in range(self.rng.randint(2, 5)))
        return text if _balanced(text) else text.translate(NO_BRACKETS)


NO_BRACKETS = str.maketrans("", "", "[]")


def _balanced(text: str) -> bool:
    depth = 0
    for char in text:
        depth += {"[": 1, "]": -1}.get(char, 0)
        if depth < 0:
            return False
    return depth == 0
