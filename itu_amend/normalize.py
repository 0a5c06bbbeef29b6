"""Matching form of a text: typography folded away, with a map back to the original characters.

Quotes, dashes, white space and Unicode composition vary between drafts and the
copies authors paste from; none of them changes what a passage says. Matching is
done on the folded form, and every folded character remembers the span of
original characters it came from, so that edits are applied to the baseline's
own characters and normalization never eats one.
"""

from __future__ import annotations

import re
import unicodedata
from array import array
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache

QUOTES = {
    **dict.fromkeys("\u2018\u2019\u201a\u201b\u2032\u0060\u00b4\u02bc\u2039\u203a\u300e\u300f", "'"),
    **dict.fromkeys("\u201c\u201d\u201e\u201f\u2033\u00ab\u00bb\u300c\u300d", '"'),
}
# Per language, what NFKC leaves apart but an editor of that language reads as the same character:
# the ideographic full stop, the Russian ё, Arabic punctuation, Arabic-Indic and Persian digits, and the Persian
# (and Urdu, Kurdish) forms of Arabic letters. Full-width digits, letters and punctuation
# (，；：（）ＩＴＵ１２) are folded by NFKC already.
SAME_CHARACTER = {
    "\u3002": ".",  # 。
    "ё": "е",  # Russian writes ё or е as it likes (the rules of 1956 make ё optional)
    "Ё": "Е",
    "\u060c": ",",  # ،
    "\u061b": ";",  # ؛
    "\u061f": "?",  # ؟
    **{chr(0x0660 + d): str(d) for d in range(10)},  # ٠-٩
    **{chr(0x06F0 + d): str(d) for d in range(10)},  # ۰-۹
    "\u06cc": "\u064a",  # Persian yeh ی -> ي (not alef maksura ى, another letter: على/علي)
    "\u06a9": "\u0643",  # keheh ک -> ك
    "\u06d5": "\u0647",  # ae ە -> ه
    "\u06be": "\u0647",  # heh doachashmee ھ -> ه
}
# Arabic tatweel (a stretch of the line for justification) and the optional vowel marks (harakat).
ARABIC_OPTIONAL = {"\u0640", *(chr(c) for c in range(0x064B, 0x0660)), "\u0670"}
# Ideographs, kana and CJK punctuation: text written without spaces, where a space is typography.
CJK = "\u3000-\u303f\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_CJK_CHAR = re.compile(f"[{CJK}]")
# Every dash and hyphen (Unicode category Pd) plus the minus sign fold to "-".
DASH = "-"
# Soft hyphen, zero-width characters, and the bidi marks and controls Word leaves in copies.
INVISIBLE = {"\u00ad", "\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u200e", "\u200f", "\u061c"}
INVISIBLE |= {chr(c) for c in (*range(0x202A, 0x202F), *range(0x2066, 0x206A))}


@dataclass(frozen=True)
class Folded:
    """`text` in matching form; `starts[i]:ends[i]` are the original characters of text[i]."""

    text: str
    starts: Sequence[int]
    ends: Sequence[int]
    original_length: int

    def original_span(self, start: int, end: int) -> tuple[int, int]:
        """Map a folded span [start, end) to the original text."""
        if start >= end:
            point = self.original_point(start)
            return point, point
        return self.starts[start], self.ends[end - 1]

    def original_point(self, index: int) -> int:
        """Map a folded insertion point (between characters) to the original text."""
        if index <= 0:
            return self.starts[0] if self.starts else 0
        return self.ends[index - 1] if index <= len(self.ends) else self.original_length


def fold(text: str) -> Folded:
    """Fold `text` to matching form (see module docstring).

    Why two paths: most paragraphs are plain ASCII that folds to itself, and a
    20,000-paragraph draft is folded once per paragraph; those cost one regex
    search. The others are folded run by run: printable ASCII is copied whole,
    only white space and other characters go through Unicode folding.
    """
    n = len(text)
    if _folds_to_itself(text):
        return Folded(text, range(n), range(1, n + 1), n)
    one_for_one = _folded_char_by_char(text)
    if one_for_one is not None:
        return Folded(one_for_one, range(n), range(1, n + 1), n)
    chars: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    done = 0
    for match in _SPECIAL.finditer(text):
        at, stop = match.span()
        _copy_plain(text, done, at, chars, starts, ends)
        for start, end, cluster in _clusters(text, at, stop):
            if cluster == "»" and chars and chars[-1] == " " and text[starts[-1]].isspace():
                chars.pop(), starts.pop(), ends.pop()
            for char in _fold_cluster(cluster):
                if char == " " and (not chars or chars[-1] == " " or (start > 0 and text[start - 1] == "«")):
                    continue
                chars.append(char)
                starts.append(start)
                ends.append(end)
        done = stop
    _copy_plain(text, done, n, chars, starts, ends)
    folded = "".join(chars)
    loose = [m.start() for m in _MAYBE_LOOSE.finditer(folded) if _loose_space(chars, m.start())]
    if loose:
        kept = sorted(set(range(len(chars))) - set(loose))
        folded = "".join(chars[i] for i in kept)
        starts = [starts[i] for i in kept]
        ends = [ends[i] for i in kept]
    if folded == text and starts == list(range(n)) and ends == list(range(1, n + 1)):
        # a false alarm of _folds_to_itself ("a -- b"): keep the map small
        return Folded(text, range(n), range(1, n + 1), n)
    return Folded(folded, array("l", starts), array("l", ends), n)


def _folds_to_itself(text: str) -> bool:
    """Whether `text` is printable ASCII that folding leaves as it is (False may be a false alarm, never a miss).

    In ASCII only these change: control characters and white space other than
    single spaces between words, a space beside a dash run attached to a word
    ("results- based"), and a space before a colon, semicolon, ! or ? (French).
    Why plain `in` tests before any regex: one regex with all of these as
    alternatives tries each at every character, and this test runs on every
    paragraph of the draft (0.9 s → 0.1 s for 20,000 paragraphs).
    """
    return (
        text.isascii()
        and "  " not in text
        and not _CONTROL.search(text)
        and text[:1] != " "
        and text[-1:] != " "
        and (("- " not in text and " -" not in text) or not _DASH_BESIDE_SPACE.search(text))
        and " :" not in text
        and " ;" not in text
        and " !" not in text
        and " ?" not in text
    )


def _folded_char_by_char(text: str) -> str | None:
    """The folded text when every character folds to exactly one and nothing else changes; else None.

    Why: real drafts have curly quotes, no-break spaces and dashes in most
    paragraphs; each of these folds to one character, so the folded text keeps
    the original's indices, and one `translate` does what the run-by-run path
    does in ~0.25 ms a paragraph. None (the long way) where a character folds to
    none or several, or combines with its neighbour, or where the result would
    still have white space or dash spacing to fold.
    """
    if ("«" in text or "»" in text) and _SPACED_GUILLEMET.search(text):
        return None
    table = {}
    for char in set(_NOT_PRINTABLE_ASCII.findall(text)):
        folded = _one_for_one(char)
        if folded is None:
            return None
        table[ord(char)] = folded
    result = text.translate(table)
    if "  " in result or result[:1] == " " or result[-1:] == " " or _CONTROL.search(result):
        return None
    if ("- " in result or " -" in result) and _DASH_BESIDE_SPACE.search(result):
        return None
    if any(_loose_space(result, m.start()) for m in _MAYBE_LOOSE.finditer(result)):
        return None
    return result


@lru_cache(maxsize=4096)
def _one_for_one(char: str) -> str | None:
    """What `char` folds to, if that is exactly one character and `char` does not combine with the one before."""
    if unicodedata.combining(char):
        return None
    folded = _fold_cluster(char)
    return folded if len(folded) == 1 else None


_NOT_PRINTABLE_ASCII = re.compile(r"[^\x20-\x7e]")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
# `[^\s-]`, not `\S`: a long run of dashes must not be tried again from each of its dashes (quadratic).
_DASH_BESIDE_SPACE = re.compile(r"[^\s-]-+ | -+[^\s-]")
# Spaces that may be dropped: at the ends, or beside a dash (see _loose_space).
_MAYBE_LOOSE = re.compile(f"^ | $| (?=[-:;!?{CJK}])|(?<=[-{CJK}]) |(?<=[{CJK}][,.;:!?]) ")
# Guillemets with their (no-break) spaces inside: « texte » is «texte» is "texte".
_SPACED_GUILLEMET = re.compile(r"«\s|\s»")
# What is folded character by character: runs of anything but printable ASCII and single
# spaces, each with the character before it (a combining accent belongs to the letter it
# follows, so a run never starts with one).
_SPECIAL = re.compile(r"(?:[\x20-\x7e]?[^\x20-\x7e]+| {2,})+")


def _copy_plain(text: str, start: int, end: int, chars: list[str], starts: list[int], ends: list[int]) -> None:
    """Copy printable ASCII (single spaces included) as it is, collapsing a space after a folded one."""
    if start < end and text[start] == " " and (not chars or chars[-1] == " " or text[start - 1] == "«"):
        start += 1
    chars.extend(text[start:end])
    starts.extend(range(start, end))
    ends.extend(range(start + 1, end + 1))


def fold_text(text: str) -> str:
    """Only the folded string (cached: the same quotes are folded many times over)."""
    return _fold_text_cached(text)


@lru_cache(maxsize=4096)
def _fold_text_cached(text: str) -> str:
    return fold(text).text


def _loose_space(chars: Sequence[str], i: int) -> bool:
    """A space at the ends, one that separates a hyphen from its word, or one typography puts in.

    "results- based" and "results -based" are "results-based" (a line break in
    a copy from Word); "a - b" and "a -- b" are spaced dashes and keep both spaces.
    The (no-break) space French and Russian put before : ; ! ? is typography, and
    so is a space beside an ideograph or after CJK punctuation: Chinese and Japanese
    separate no words with it ("使用 ITU-T 标准" is "使用ITU-T标准").
    """
    if chars[i] != " ":
        return False
    if i == 0 or i == len(chars) - 1:
        return True
    if chars[i + 1] in ":;!?" or _is_cjk(chars[i - 1]) or _is_cjk(chars[i + 1]):
        return True
    if i >= 2 and chars[i - 1] in ",.;:!?" and _is_cjk(chars[i - 2]):
        return True
    return _dash_run_attached(chars, i - 1, -1) or _dash_run_attached(chars, i + 1, 1)


def _is_cjk(char: str) -> bool:
    return _CJK_CHAR.match(char) is not None


def _dash_run_attached(chars: Sequence[str], j: int, step: int) -> bool:
    """Whether the dashes from `j` on (going `step`) end in a word character rather than a space or the end."""
    if chars[j] != DASH:
        return False
    while 0 <= j < len(chars) and chars[j] == DASH:
        j += step
    return 0 <= j < len(chars) and chars[j] != " "


def _clusters(text: str, i: int, n: int) -> Iterator[tuple[int, int, str]]:
    """Yield (start, end, cluster) in text[i:n]: a character with the combining marks that follow it."""
    while i < n:
        j = i + 1
        while j < n and unicodedata.combining(text[j]):
            j += 1
        yield i, j, text[i:j]
        i = j


def _fold_cluster(cluster: str) -> str:
    if cluster.isascii():
        if cluster.isspace():
            return " "
        return cluster
    if cluster in INVISIBLE or cluster in ARABIC_OPTIONAL:
        return ""
    folded = unicodedata.normalize("NFKC", cluster)
    out = []
    for char in folded:
        if char in QUOTES:
            out.append(QUOTES[char])
        elif char in SAME_CHARACTER:
            out.append(SAME_CHARACTER[char])
        elif char in ARABIC_OPTIONAL:
            continue
        elif char == "\u2212" or unicodedata.category(char) == "Pd":
            out.append(DASH)
        elif char.isspace():
            out.append(" ")
        elif char in INVISIBLE:
            continue
        else:
            out.append(char)
    return "".join(out)
