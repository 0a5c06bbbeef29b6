"""Issue 19: the drift kinds in each ITU language, on real prose, and a Chinese draft of 20,000 paragraphs.

Prose (extracted here at run time into a cache outside the repository, `CACHE`; nothing
of it is committed, nothing is downloaded):

- French, Spanish, Russian, Chinese: Debian's translated manual pages (`apt-get install
  manpages-fr manpages-es manpages-ru manpages-zh`), read by manpages.py;
- Arabic: ITU WRC Resolution 417 (WRC-07) and the proposals around it, in Arabic, the Word
  document `RP051-Arabic-Rejected.docx` of Open-Xml-PowerTools (MIT), kept in
  tests/fixtures/docx/ with its source (NOTE.md there), or any .docx given by --arabic-docx;
- English: the Python language reference (prose.py), as in run.py.

Each language gets the drift kinds of drift.py (drift.Language says what changes from one
language to another: where words and sentences end, its typography, its small words), and
the same seed; English's cases are run.py's. A verdict is run.py's.

    python benchmarks/languages.py                      # 20 cases of each kind in every language
    python benchmarks/languages.py --per-kind 1 --show zh   # one case of each kind, in Chinese
    python benchmarks/languages.py --scale 2500         # + 20,000 paragraphs in Chinese and English, side by side
    python benchmarks/languages.py --extract            # only (re)build the prose cache
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import sys
import tempfile
import time
import zipfile
from collections import defaultdict
from collections.abc import Callable
from functools import cache
from pathlib import Path
from xml.etree import ElementTree

import drift
import manpages
import prose
import run
import scale
from common import cpu, engine

ROOT = Path(__file__).resolve().parent.parent
CACHE = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "itu-amend-benchmarks"
ARABIC_DOCX = ROOT / "tests" / "fixtures" / "docx" / "RP051-Arabic-Rejected.docx"
ARABIC_SOURCE = "ITU WRC Resolution 417 (WRC-07) and proposals, Arabic (Open-Xml-PowerTools RP051-Arabic-Rejected.docx)"
ORDER = ("en", "fr", "es", "ru", "zh", "ar")
NAMES = {"en": "English", "fr": "French", "es": "Spanish", "ru": "Russian", "zh": "Chinese", "ar": "Arabic"}


# --- prose, extracted once into the cache ----------------------------------------------------------


def cached(code: str, arabic_docx: Path = ARABIC_DOCX) -> dict[str, object]:
    """{"source", "paragraphs", "sentences"} of one language, from the cache or extracted now."""
    path = CACHE / f"prose-{code}.json"
    if path.exists():
        return dict(json.loads(path.read_text(encoding="utf-8")))
    data = extract(code, arabic_docx)
    CACHE.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return data


def extract(code: str, arabic_docx: Path = ARABIC_DOCX) -> dict[str, object]:
    if code == "ar":
        paragraphs = arabic_paragraphs(docx_paragraphs(arabic_docx))
        source = ARABIC_SOURCE
        sentences = [s for p in paragraphs for s in arabic_sentences_of(p) if 30 <= len(s) <= 300]
    else:
        if not manpages.installed(code):
            sys.exit(f"{code}: no manual pages (apt-get install {manpages.PACKAGES[code]})")
        paragraphs = list(manpages.paragraphs(code))
        sentences = list(manpages.sentences(code))
        source = f"Debian {manpages.PACKAGES[code]} (/usr/share/man/{manpages.LANGUAGES[code]})"
    return {"source": source, "paragraphs": paragraphs, "sentences": sentences}


W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def docx_paragraphs(path: Path) -> list[str]:
    """The text of each paragraph of a Word document's body (w:t and w:tab; deleted text left out)."""
    with zipfile.ZipFile(path) as archive:
        root = ElementTree.fromstring(archive.read("word/document.xml"))
    found = []
    for paragraph in root.iter(f"{W}p"):
        parts = []
        for node in paragraph.iter():
            if node.tag == f"{W}t":
                parts.append(node.text or "")
            elif node.tag == f"{W}tab":
                parts.append("\t")
        found.append("".join(parts))
    return found


ARABIC_LETTER = re.compile("[\u0621-\u064a\u066e-\u06d3]")
ARABIC_SENTENCE_END = re.compile(r"(?<=[.؛!؟])\s+")
LIST_LABEL = re.compile(r"^\s*\S{1,2}\s?\)\t|^\d+(\.\d+)?\t")


def arabic_sentences_of(text: str) -> list[str]:
    """After . ؛ ! ؟ and a space: an ITU resolution's clauses end in ؛ (the Arabic semicolon)."""
    return [s for s in ARABIC_SENTENCE_END.split(text) if s]


def arabic_paragraphs(texts: list[str]) -> list[str]:
    """The prose of the document: paragraphs of 80+ characters, mostly Arabic letters, list labels
    ("ب)", "3") and tabs taken off; no two sharing a sentence."""
    seen: set[str] = set()
    found = []
    for raw in texts:
        text = " ".join(LIST_LABEL.sub("", raw).split())
        letters = sum(c.isalpha() for c in text)
        if len(text) < 80 or any(c in text for c in "{}~") or not letters:
            continue
        if len(ARABIC_LETTER.findall(text)) < 0.6 * letters:
            continue
        sentences = arabic_sentences_of(text)
        if any(s in seen for s in sentences):
            continue
        seen.update(sentences)
        found.append(text)
    return found


# --- what differs from one language to another (drift.Language) -----------------------------------


def _swap(text: str, rng: random.Random, table: dict[str, tuple[str, ...]], p: float = 0.8) -> tuple[str, int]:
    """Each character of `table` replaced by one of its other forms, with probability `p`."""
    out, count = [], 0
    for c in text:
        if c in table and rng.random() < p:
            out.append(rng.choice(table[c]))
            count += 1
        else:
            out.append(c)
    return "".join(out), count


FRENCH_SPACES = ("\u00a0", "\u202f", " ", "")


def french(text: str, rng: random.Random) -> tuple[str, int]:
    """Guillemets with a no-break space, a narrow one or none (or curly quotes), and the space before : ; ! ?"""
    count = 0

    def open_quote(m: re.Match[str]) -> str:
        nonlocal count
        count += 1
        return rng.choice(["«" + rng.choice(FRENCH_SPACES), "“"])

    def close_quote(m: re.Match[str]) -> str:
        nonlocal count
        count += 1
        return rng.choice([rng.choice(FRENCH_SPACES) + "»", "”"])

    def before_colon(m: re.Match[str]) -> str:
        nonlocal count
        count += 1
        return rng.choice(FRENCH_SPACES[:2]) + m.group(1)

    text = re.sub(r"«\s?", open_quote, text)
    text = re.sub(r"\s?»", close_quote, text)
    text = re.sub(r" ([:;!?])", before_colon, text)
    return text, count


RUSSIAN = {"«": ("„", "“", '"'), "»": ("“", "”", '"'), "ё": ("е",), "Ё": ("Е",), "—": ("–",)}
SPANISH = {"«": ("“", '"'), "»": ("”", '"'), "“": ("«",), "”": ("»",)}
CHINESE_PUNCTUATION = {
    "，": (",",), "；": (";",), "：": (":",), "（": ("(",), "）": (")",), "！": ("!",), "？": ("?",), "。": (".",),
    ",": ("，",), ";": ("；",), ":": ("：",), "(": ("（",), ")": ("）",), "“": ("「",), "”": ("」",),
}  # fmt: skip
"""Full-width and half-width punctuation, and corner quotes."""
ASCII_RUN = re.compile("([0-9A-Za-z]+)")
FULL_WIDTH = str.maketrans(
    {chr(c): chr(c + 0xFEE0) for c in (*range(0x30, 0x3A), *range(0x41, 0x5B), *range(0x61, 0x7B))}
)
"""Full-width digits and Latin letters (ＩＴＵ-Ｔ, １２)."""
ARABIC = {
    "،": (",",), "؛": (";",), "؟": ("?",), "ي": ("ی",), "ك": ("ک",),
    **{str(d): (chr(0x0660 + d), chr(0x06F0 + d)) for d in range(10)},
}  # fmt: skip
"""Arabic and Latin punctuation, Persian forms of yeh and kaf, Arabic-Indic and Persian digits."""
JOINING = re.compile("(?<=[\u0628-\u063a\u0641-\u064a])(?=[\u0621-\u064a])")


def russian(text: str, rng: random.Random) -> tuple[str, int]:
    return _swap(text, rng, RUSSIAN)


def spanish(text: str, rng: random.Random) -> tuple[str, int]:
    return _swap(text, rng, SPANISH)


def chinese(text: str, rng: random.Random) -> tuple[str, int]:
    """Punctuation swapped one mark at a time, Latin words and numbers (ITU-T, 2024) made full-width whole."""
    text, count = _swap(text, rng, CHINESE_PUNCTUATION, 0.5)
    out = []
    for part in ASCII_RUN.split(text):
        if ASCII_RUN.fullmatch(part) and rng.random() < 0.3:
            part = part.translate(FULL_WIDTH)
            count += 1
        out.append(part)
    return "".join(out), count


def arabic(text: str, rng: random.Random) -> tuple[str, int]:
    """As in a copy from another word processor: punctuation and letter forms, a tatweel (ـ) stretching a
    joined letter, a vowel mark (fatha, kasra) written in."""
    text, count = _swap(text, rng, ARABIC, 0.3)
    spots = [m.start() for m in JOINING.finditer(text)]
    for at in sorted(rng.sample(spots, min(len(spots), rng.randint(0, 2))), reverse=True):
        text = text[:at] + rng.choice(["\u0640", "\u064e", "\u0650"]) + text[at:]
        count += 1
    return text, count


COMMON_HAN = drift.COMMON_HAN


def han_typo(word: str, rng: random.Random) -> str:
    """A wrong ideograph (what a slip of a pinyin input method gives)."""
    return rng.choice([c for c in COMMON_HAN if c not in word])


HAN_TOKEN = re.compile(f"[{drift.HAN}]|\\s+|[^\\s{drift.HAN}]+")
LETTERS = r"[^\W\d_]"


def _spaced(
    code: str, fillers: tuple[str, ...], restyle: Callable[[str, random.Random], tuple[str, int]]
) -> drift.Language:
    data = cached(code)
    paragraphs = tuple(data["paragraphs"])  # type: ignore[arg-type]
    sentences = tuple(data["sentences"])  # type: ignore[arg-type]
    return drift.Language(
        code,
        lambda: paragraphs,
        lambda: sentences,
        arabic_sentences_of if code == "ar" else lambda text: manpages.sentences_of(text, code),
        fillers=fillers,
        word=re.compile(f"{LETTERS}{{5,}}"),
        letters=re.compile(f"{LETTERS}{{2,}}"),
        pool=re.compile(f"(?<!\\w){LETTERS}{{3,}}(?!\\w)"),
        spaced_word=re.compile(f" {LETTERS}{{3,}}(?=[ ,.;:،؛]|$)"),
        clean_word=re.compile(f"(?<![^ ]){LETTERS}{{2,}}(?=[ ,.;:،؛]|$)"),
        restyle=restyle,
        reserved="«»„",
    )


@cache
def language(code: str) -> drift.Language:
    if code == "en":
        return drift.ENGLISH
    if code == "zh":
        data = cached("zh")
        paragraphs = tuple(data["paragraphs"])  # type: ignore[arg-type]
        sentences = tuple(data["sentences"])  # type: ignore[arg-type]
        return drift.Language(
            "zh",
            lambda: paragraphs,
            lambda: sentences,
            lambda text: manpages.sentences_of(text, "zh"),
            sep="",
            fillers=("也", "通常", "一般", "总是", "仍然", "只", "现在", "特别是", "已经", "都"),
            word=drift.HAN_CHAR,
            letters=drift.HAN_CHAR,
            pool=drift.HAN_CHAR,
            restyle=chinese,
            typo=han_typo,
            units=HAN_TOKEN.findall,
            reserved="「」",
            spaceless=True,
            scale=2,
            guard=2,
        )
    fillers = {
        "fr": ("aussi", "en particulier", "généralement", "souvent", "alors", "toujours", "encore", "seulement"),
        "es": ("también", "en particular", "generalmente", "normalmente", "ahora", "siempre", "todavía", "solo"),
        "ru": ("также", "в частности", "обычно", "часто", "теперь", "всегда", "ещё", "только"),
        "ar": ("أيضاً", "عادةً", "دائماً", "فقط", "الآن", "خاصةً", "كذلك", "حالياً"),
    }
    styles = {"fr": french, "es": spanish, "ru": russian, "ar": arabic}
    return _spaced(code, fillers[code], styles[code])


def source(code: str) -> str:
    return "Python language reference (prose.py)" if code == "en" else str(cached(code)["source"])


# --- Chinese at scale -------------------------------------------------------------------------------


class HanBabbler:
    """Chinese paragraphs made by a chain (order 3, over ideographs and the Latin words between them) of the
    Chinese manual pages: real phrases in new sentences, as prose.Babbler makes English ones for scale.py.

    Why a chain: the pages have ~2,600 prose paragraphs, a draft of 20,000 needs more; scale.py's
    English draft is made the same way, so that the two drafts repeat themselves alike.
    """

    ORDER = 3

    def __init__(self, rng: random.Random, lang: drift.Language) -> None:
        self.rng = rng
        self.chain: dict[tuple[str, ...], list[str | None]] = defaultdict(list)
        self.starts: list[tuple[str, ...]] = []
        k = self.ORDER
        for text in lang.paragraphs():
            for sentence in lang.sentences_of(text):
                units = lang.split(sentence)
                if len(units) < 12:
                    continue
                self.starts.append(tuple(units[:k]))
                for i in range(len(units) - k):
                    self.chain[tuple(units[i : i + k])].append(units[i + k])
                self.chain[tuple(units[-k:])].append(None)

    def sentence(self) -> str:
        units = list(self.rng.choice(self.starts))
        while len(units) <= 120:
            following = self.chain.get(tuple(units[-self.ORDER :]))
            unit = self.rng.choice(following) if following else None
            if unit is None:
                if len(units) >= 12:
                    break
                units = list(self.rng.choice(self.starts))
                continue
            units.append(unit)
        text = "".join(units)
        return text if text.endswith(("。", "！", "？")) else text.rstrip("，,；;：:") + "。"

    def paragraph(self) -> str:
        text = "".join(self.sentence() for _ in range(self.rng.randint(2, 5)))
        return text if prose._balanced(text) else text.translate(prose.NO_BRACKETS)


# --- running ----------------------------------------------------------------------------------------


def drift_table(
    codes: list[str], per_kind: int, seed: int
) -> tuple[str, str, dict[str, list[tuple[drift.Case, run.Outcome, str]]]]:
    results: dict[str, list[tuple[drift.Case, run.Outcome, str]]] = {}
    for code in codes:
        cases = drift.generate(per_kind, seed, tuple(drift.KINDS), language(code))
        results[code] = run.run(cases, {code: run.itu_amend})[code]
    return run.table(results), summary(results), results


def summary(results: dict[str, list[tuple[drift.Case, run.Outcome, str]]]) -> str:
    """One line per language: correct, wrong, refused; points from English; outside the two ambiguity traps."""
    lines = []
    english = None
    for code, rows in results.items():
        n = len(rows)
        c, w, r = (sum(v == x for _, _, v in rows) for x in ("correct", "wrong", "refused"))
        plain = [v for case, _, v in rows if not case.kind.startswith("copied")]
        share = 100 * c / n
        english = share if code == "en" else english
        gap = "" if english is None or code == "en" else f", {share - english:+.1f} points from English"
        lines.append(
            f"{code}: {c}/{n} correct ({share:.1f} %), {w} wrong, {r} refused{gap}; "
            f"outside the copied traps {plain.count('correct')}/{len(plain)}"
        )
    return "\n".join(lines)


def details(results: dict[str, list[tuple[drift.Case, run.Outcome, str]]]) -> str:
    lines = []
    for code, rows in results.items():
        for case, outcome, what in rows:
            if what != "correct":
                lines.append(f"{code} {case.id} {what}: {outcome.status}: {outcome.message[:160]}")
                lines.append(f"    edit ({case.hint}): {case.text[:200]}")
                lines.append(f"    drift: {case.note[:200]}")
    return "\n".join(lines)


def scale_side_by_side(edits: int, paragraphs: int, rounds: int, seed: int, jobs: int | None) -> str:
    """English and Chinese drafts of the same shape, merged in turn (`rounds` times each), end to end."""
    lines = []
    with tempfile.TemporaryDirectory(prefix="itu-amend-languages-") as tmp:
        roots = {}
        truths = {}
        for code in ("en", "zh"):
            root = Path(tmp) / code
            babbler = HanBabbler(random.Random(seed), language("zh")) if code == "zh" else None
            truths[code] = scale.build(root, paragraphs, edits, scale.FILES, seed, lang=language(code), babbler=babbler)
            roots[code] = root
        times: dict[str, list[dict[str, float | bool | int]]] = defaultdict(list)
        for _ in range(rounds):
            for code in ("en", "zh"):
                times[code].append(scale.end_to_end(roots[code], 3600, jobs))
        head = (
            "| language | YAML MB | characters a paragraph | end to end, wall s (each run) | CPU s | peak MB "
            "| correct | wrong | refused |"
        )
        lines += [head, "|" + " --- |" * 9]
        walls = {}
        for code in ("en", "zh"):
            root = roots[code]
            merged = json.loads((root / "merged.json").read_text(encoding="utf-8"))
            counts = scale.outcomes(truths[code], merged)["all"]
            size = sum(p.stat().st_size for p in root.rglob("*.yaml")) / 1e6
            texts = _baseline_texts(root)
            walls[code] = min(float(t["seconds"]) for t in times[code])
            cpus = min(float(t["cpu"]) for t in times[code])
            peak = max(float(t.get("tree_pss_mb", 0)) for t in times[code])
            each = ", ".join(f"{float(t['seconds']):.1f}" for t in times[code])
            lines.append(
                f"| {NAMES[code]} | {size:.1f} | {sum(map(len, texts)) / len(texts):.0f} | {each} | {cpus:.1f} | "
                f"{peak:.0f} | {counts['correct']} | {counts['wrong']} | {counts['refused']} |"
            )
        lines.append(f"\nChinese / English, least wall time of {rounds}: {walls['zh'] / walls['en']:.2f}")
    return "\n".join(lines)


def _baseline_texts(root: Path) -> list[str]:
    texts = []
    for line in (root / "baseline" / "baseline.yaml").read_text(encoding="utf-8").splitlines():
        if line.lstrip().startswith("text: "):
            texts.append(json.loads(line.split("text: ", 1)[1]))
    return texts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--languages", default=",".join(ORDER), help="comma-separated codes (default every one)")
    parser.add_argument("--per-kind", type=int, default=20)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--details", action="store_true", help="every case not correct")
    parser.add_argument("--show", help="print the cases of one language instead of running them")
    parser.add_argument("--scale", type=int, metavar="EDITS", help="also the 20,000-paragraph run, English and Chinese")
    parser.add_argument("--paragraphs", type=int, default=scale.PARAGRAPHS)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--jobs", type=int)
    parser.add_argument("--no-drift", action="store_true", help="only the scale run")
    parser.add_argument("--extract", action="store_true", help="only (re)build the prose cache")
    parser.add_argument("--arabic-docx", type=Path, default=ARABIC_DOCX)
    args = parser.parse_args()
    codes = args.languages.split(",")
    if args.extract:
        for code in (c for c in codes if c != "en"):
            (CACHE / f"prose-{code}.json").unlink(missing_ok=True)
            data = cached(code, args.arabic_docx)
            counts = f"{len(data['paragraphs'])} paragraphs, {len(data['sentences'])} sentences"  # type: ignore[arg-type]
            print(f"{code}: {counts} from {data['source']}")
        return
    if args.show:
        for case in drift.generate(args.per_kind, args.seed, tuple(drift.KINDS), language(args.show)):
            print(f"== {case.id}: {case.note}\n   edit ({case.hint}): {case.text}")
            print(f"   expected: {[t for n, t in case.expected if n == case.number]}")
        return
    print(f"machine: {cpu()}\nengine: {engine()}")
    for code in codes:
        print(f"{code}: {len(language(code).paragraphs())} paragraphs of {source(code)}")
    if not args.no_drift:
        start = time.perf_counter()
        text, lines, results = drift_table(codes, args.per_kind, args.seed)
        print(f"\n{text}\n\n{lines}\n({time.perf_counter() - start:.0f} s)")
        if args.details:
            print(details(results))
    if args.scale:
        print("\n" + scale_side_by_side(args.scale, args.paragraphs, args.rounds, args.seed, args.jobs))


if __name__ == "__main__":
    main()
