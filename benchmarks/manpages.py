"""Real prose in other languages for the benchmarks: Debian's translated manual pages, read from disk.

`apt-get install manpages-zh manpages-fr manpages-ru manpages-es` brings thousands of
paragraphs of real Chinese, French, Russian and Spanish (GPL and other free licences)
under /usr/share/man/<lang>/. Their roff source is read directly, not rendered: text
lines are joined into paragraphs (without a space between two ideographs, as a reader
joins them), font requests (.B, .I, .BR...) keep their words, other requests and
escapes are dropped. Nothing is downloaded, and nothing of the prose is committed.

    python benchmarks/manpages.py zh      # how many paragraphs and sentences, and a sample
"""

from __future__ import annotations

import gzip
import re
import sys
from functools import cache
from pathlib import Path

MAN = Path("/usr/share/man")
LANGUAGES = {"zh": "zh_CN", "fr": "fr", "ru": "ru", "es": "es"}
PACKAGES = {"zh": "manpages-zh", "fr": "manpages-fr", "ru": "manpages-ru", "es": "manpages-es"}

BREAKS = {"PP", "P", "LP", "TP", "IP", "SH", "SS", "HP", "RS", "RE", "nf", "fi", "EX", "EE", "TH", "br", "sp"}
FONTS = {"B", "I", "R", "BR", "RB", "IR", "RI", "BI", "IB", "SM", "SB"}
ESCAPES = re.compile(r"\\f(?:\[[^]]*\]|\(..|.)|\\s[-+]?\d|\\[&|^%:]|\\\*(?:\(..|\[[^]]*\]|.)|\\[hvwn]'[^']*'")
NAMED = {r"\-": "-", r"\(em": "—", r"\(en": "–", r"\(lq": "“", r"\(rq": "”", r"\(aq": "'", r"\e": "\\", r"\ ": " "}
SPACELESS = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uf900-\ufaff\u0e00-\u0e7f]")
ZH_SENTENCE_END = re.compile(r"(?<=[。！？])|(?<=[.!?;])(?=[\u3400-\u9fff])")
SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-ZÀ-ÖØ-ÞА-ЯЁ\"“«¿¡(])")


def installed(lang: str) -> bool:
    return any((MAN / LANGUAGES[lang]).glob("man*/*.gz"))


def sentences_of(text: str, lang: str) -> list[str]:
    """A paragraph cut into sentences: after 。！？ in Chinese, after . ! ? and a capital elsewhere."""
    if lang == "zh":
        return [s.strip() for s in ZH_SENTENCE_END.split(text) if s.strip()]
    return [s for s in SENTENCE_END.split(text) if s]


def _join(lines: list[str]) -> str:
    out = ""
    for line in lines:
        line = line.strip()
        if not line:
            continue
        if out and not (SPACELESS.match(out[-1]) and SPACELESS.match(line[0])):
            out += " "
        out += line
    return " ".join(out.split())


def _text(line: str) -> str:
    for escape, char in NAMED.items():
        line = line.replace(escape, char)
    return ESCAPES.sub("", line).replace("\\", "")


def _paragraphs_of(source: str) -> list[str]:
    found: list[str] = []
    lines: list[str] = []
    for raw in source.splitlines():
        if raw.startswith((".", "'")):
            request, _, rest = raw[1:].strip().partition(" ")
            if request in FONTS and rest:
                lines.append(_text(rest.replace('"', "")))
                continue
            if request in BREAKS or request.startswith('\\"'):
                if request in BREAKS:
                    found.append(_join(lines))
                    lines = []
                continue
            found.append(_join(lines))
            lines = []
            continue
        if not raw.strip():
            found.append(_join(lines))
            lines = []
            continue
        lines.append(_text(raw))
    found.append(_join(lines))
    return [p for p in found if p]


def _is_prose(text: str, lang: str) -> bool:
    if any(token in text for token in ("{", "}", "~", "::", "$", "<", ">", "|", "=", "[", "]")):
        return False
    if lang == "zh":
        han = sum(1 for c in text if SPACELESS.match(c))
        return 40 <= len(text) <= 600 and han / len(text) > 0.6 and len(sentences_of(text, lang)) >= 2
    if re.search(r"\b(the|and|of|is)\b", text):
        return False  # a page or paragraph left untranslated
    if lang == "ru" and sum("а" <= c.lower() <= "я" or c in "ёЁ" for c in text) < 0.5 * sum(c.isalpha() for c in text):
        return False
    letters = sum(c.isalpha() or c in " ,.;'’«»\u00a0" for c in text)
    return (
        150 <= len(text) <= 1200
        and text[-1] in ".!?"
        and text[0].isupper()
        and letters / len(text) > 0.92
        and len(sentences_of(text, lang)) >= 2
    )


@cache
def paragraphs(lang: str) -> tuple[str, ...]:
    """Prose paragraphs of the language's manual pages, no two sharing a sentence."""
    seen: set[str] = set()
    found = []
    for path in sorted((MAN / LANGUAGES[lang]).glob("man*/*.gz")):
        try:
            source = gzip.decompress(path.read_bytes()).decode("utf-8")
        except (OSError, UnicodeDecodeError, EOFError):
            continue
        for text in _paragraphs_of(source):
            if not _is_prose(text, lang):
                continue
            sentences = sentences_of(text, lang)
            if any(s in seen for s in sentences):
                continue
            seen.update(sentences)
            found.append(text)
    return tuple(found)


@cache
def sentences(lang: str) -> tuple[str, ...]:
    found: dict[str, None] = {}
    for text in paragraphs(lang):
        for sentence in sentences_of(text, lang):
            if (12 if lang == "zh" else 40) <= len(sentence) <= 300:
                found[sentence] = None
    return tuple(found)


def main() -> None:
    for lang in sys.argv[1:] or list(LANGUAGES):
        if not installed(lang):
            print(f"{lang}: not installed (apt-get install {PACKAGES[lang]})")
            continue
        found = paragraphs(lang)
        print(f"{lang}: {len(found)} paragraphs, {len(sentences(lang))} sentences")
        for text in found[100:103]:
            print("   ", text[:200])


if __name__ == "__main__":
    main()
