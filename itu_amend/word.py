"""Word (.docx) files: every OOXML detail of reading and writing them lives here.

python-docx opens and saves the package (parts, relationships, styles, numbering,
comments); what it does not model (tracked changes `w:ins`/`w:del`/`w:moveFrom`/
`w:moveTo`, paragraph-mark revisions, list labels) is read and written with lxml on
its elements. The rest of itu-amend sees plain data: `WordParagraph` of `Piece`s
when reading, `OutDocument` of `OutParagraph`s when writing.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import re
import zipfile
import zlib
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, cast

import docx
from docx.document import Document as DocxDocument
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_COLOR_INDEX
from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.exceptions import PackageNotFoundError
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.package import Package
from docx.shared import Cm
from docx.text.paragraph import Paragraph as DocxParagraph
from lxml import etree

from .errors import InputError

MAX_DOCX_BYTES = 64 * 1024 * 1024
"""A .docx larger than this is refused before it is opened."""
MAX_UNPACKED_BYTES = 512 * 1024 * 1024
"""A package whose parts unpack to more than this is refused (a ZIP bomb, not a document)."""

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
"""An OLE compound file: a password-protected .docx, or a Word 97-2003 .doc."""
ZIP_MAGIC = b"PK"

DISPUTED_HIGHLIGHT = "lightGray"
"""The highlight itu-amend gives disputed text in a document it writes: never read back as an insertion
(a delegation that edits that document and sends it back has not proposed the disputed text)."""
FORMATS = ("strike", "double-strike", "highlight", "underline", "shading", "bold", "italic", "color")
"""Run formatting that `Piece.formats` reports, by the names the command line uses."""

DELETED, INSERTED = "deleted", "inserted"
GONE = "inserted and deleted"
"""A paragraph mark inserted by one revision and deleted by another: it ends no paragraph, before or after."""
NOTE_STYLE = "itu-amend note"
"""The paragraph style of what itu-amend adds to a consolidated text (legend, conflict alternatives)."""
CONSOLIDATED = "Consolidated by itu-amend"
NON_BREAKING_HYPHEN = "\u2011"
"""Word's w:noBreakHyphen ("ITU\u2011T", "WRC\u201107"), kept: applying uses the baseline's own characters."""


# --- reading -------------------------------------------------------------------------


@dataclass(frozen=True)
class Piece:
    """A run of text with what marks it: a tracked change (`deleted`/`inserted`) and its formatting."""

    text: str
    tracked: str | None = None
    formats: frozenset[str] = frozenset()
    move: str | None = None  # a move's name (w:moveFrom/w:moveTo), shared by the text where it stood and went


@dataclass(frozen=True)
class WordComment:
    """A Word comment: who wrote it, what it says, and the passage it is about."""

    author: str
    text: str
    passage: str = ""


@dataclass(frozen=True)
class WordParagraph:
    """One paragraph of the document body (tables included), in document order."""

    index: int  # 1-based, counting every paragraph of the body
    pieces: tuple[Piece, ...]
    heading: int | None = None  # 0 for a Title style, 1-9 for headings, None for body text
    label: str | None = None  # the list number Word shows before it ("12.", "5.2", "a)")
    style: str | None = None  # the paragraph style's name
    comments: tuple[WordComment, ...] = ()  # Word comments whose range starts in the paragraph
    mark: str | None = None  # its paragraph mark tracked as INSERTED (a split), DELETED (a join) or GONE
    cell: int = 0  # the table cell it stands in (1, 2, ... in document order), 0 for the body: no mark joins across

    @property
    def text(self) -> str:
        """Every character of the paragraph, deleted ones included."""
        return "".join(p.text for p in self.pieces)


@dataclass(frozen=True)
class WordDocument:
    path: str
    paragraphs: tuple[WordParagraph, ...]
    title: str | None = None  # the document properties' title
    tracked: bool = False  # whether any tracked change was found
    description: str | None = None  # the document properties' comments

    @property
    def consolidated(self) -> bool:
        """Whether itu-amend wrote it (`merge --format docx`): its notes are no part of the draft."""
        return (self.description or "").startswith(CONSOLIDATED)


def read_document(path: Path, max_bytes: int = MAX_DOCX_BYTES) -> WordDocument:
    """Read a .docx body as paragraphs of marked pieces; a file that is not one is an InputError."""
    data = _read_bytes(path, max_bytes)
    document = _open(path, data)
    numbering = _Numbering(document)
    styles = _StyleFlags(document)
    comments = _Comments(document, styles)
    paragraphs = []
    tracked = False
    cells: dict[Any, int] = {}
    for n, element in enumerate(_body_paragraphs(document), 1):
        paragraph = DocxParagraph(element, document._body)
        pieces = tuple(_pieces(element, styles))
        mark = _tracked_mark(element)
        tracked = tracked or mark is not None or any(p.tracked for p in pieces)
        style = paragraph.style.name if paragraph.style is not None else None
        label = numbering.label(paragraph)
        heading = _heading_level(paragraph)
        tc = next(element.iterancestors(qn("w:tc")), None)
        cell = 0 if tc is None else cells.setdefault(tc, len(cells) + 1)
        paragraphs.append(WordParagraph(n, pieces, heading, label, style, comments.starting_in(element), mark, cell))
    if not any(p.text.strip() for p in paragraphs):
        raise InputError(str(path), "the Word document has no paragraphs of text")
    title = (document.core_properties.title or "").strip() or None
    return WordDocument(str(path), tuple(paragraphs), title, tracked, document.core_properties.comments or None)


def _read_bytes(path: Path, max_bytes: int) -> bytes:
    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise InputError(str(path), f"file is {size:,} bytes, over the limit of {max_bytes:,} for a Word document")
        return path.read_bytes()
    except OSError as error:
        raise InputError(str(path), f"cannot read the file ({error.strerror or error.__class__.__name__})") from None


def _open(path: Path, data: bytes) -> DocxDocument:
    """python-docx's Document, after the checks that give a clear reason for a file it cannot open."""
    where = str(path)
    if data.startswith(OLE_MAGIC):
        if "EncryptedPackage".encode("utf-16-le") in data:
            raise InputError(
                where, "the Word document is password-protected: remove the password in Word and save again"
            )
        raise InputError(where, "this is a Word 97-2003 .doc file: open it in Word or LibreOffice and save it as .docx")
    if not data.startswith(ZIP_MAGIC):
        raise InputError(where, "not a Word document (.docx): the file is not a ZIP package")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            unpacked = sum(info.file_size for info in package.infolist())
            names = set(package.namelist())
    except (zipfile.BadZipFile, ValueError):
        raise InputError(where, "not a Word document (.docx): the ZIP package is damaged") from None
    if unpacked > MAX_UNPACKED_BYTES:
        raise InputError(where, f"the package unpacks to {unpacked:,} bytes, over the limit of {MAX_UNPACKED_BYTES:,}")
    if "[Content_Types].xml" not in names:
        raise InputError(where, "not a Word document (.docx): a ZIP file without Office content types")
    try:
        part = Package.open(io.BytesIO(data)).main_document_part
    except (zipfile.BadZipFile, zlib.error, EOFError):  # a part's compressed data is damaged
        raise InputError(where, "the Word document is damaged (a part of its ZIP package cannot be unpacked)") from None
    except (PackageNotFoundError, KeyError, ValueError, etree.XMLSyntaxError) as error:
        reason = " ".join(str(error).split()) or error.__class__.__name__
        raise InputError(where, f"not a Word document (.docx): {reason}") from None
    if part.content_type != CT.WML_DOCUMENT_MAIN:
        raise InputError(where, f"not a Word document (.docx): {_package_kind(part.content_type)}")
    return cast(DocxDocument, part.document)


def _package_kind(content_type: str) -> str:
    """What an Office package that is not a Word document is, in the user's words."""
    kinds = {
        "spreadsheetml": "an Excel workbook (.xlsx)",
        "presentationml": "a PowerPoint presentation (.pptx)",
        "macroEnabled": "a Word document with macros (.docm): save it as .docx",
        "template": "a Word template (.dotx): save it as .docx",
    }
    found = next((what for key, what in kinds.items() if key in content_type), None)
    return f"this is {found}" if found else f"its main part is '{content_type}'"


def _body_paragraphs(document: DocxDocument) -> Iterator[Any]:
    """Every w:p of the body in order, tables included; text boxes and comments left out."""
    body = document.element.body
    for element in body.iter(qn("w:p")):
        if not any(a.tag == qn("w:txbxContent") for a in element.iterancestors()):
            yield element


# Elements whose text is not part of the paragraph's reading.
_SKIPPED = {qn(t) for t in ("w:instrText", "w:delInstrText", "w:footnoteReference", "w:endnoteReference", "w:sym")}
_TRACK = {qn("w:ins"): INSERTED, qn("w:moveTo"): INSERTED, qn("w:del"): DELETED, qn("w:moveFrom"): DELETED}


def _pieces(paragraph: Any, styles: _StyleFlags) -> Iterator[Piece]:
    """The paragraph's runs as pieces; text both inserted and deleted (by two revisions) is gone."""
    for run in paragraph.iter(qn("w:r")):
        if _owner(run) is not paragraph:
            continue
        tracked = {_TRACK[a.tag] for a in run.iterancestors() if a.tag in _TRACK}
        if len(tracked) > 1:
            continue
        formats = styles.of_run(run)
        if "hidden" in formats:
            continue
        text = _run_text(run)
        if text:
            yield Piece(text, next(iter(tracked), None), frozenset(formats & set(FORMATS)), _move_name(run))


def _tracked_mark(paragraph: Any) -> str | None:
    """How the paragraph's mark (its end, in w:pPr/w:rPr) was tracked, if it was.

    Word tracks a paragraph split as an inserted mark and two paragraphs joined as a
    deleted one; a moved paragraph's mark is moved with it (w:moveFrom, w:moveTo).
    """
    rpr = paragraph.find(f"{qn('w:pPr')}/{qn('w:rPr')}")
    kinds = {_TRACK[child.tag] for child in ([] if rpr is None else rpr) if child.tag in _TRACK}
    if len(kinds) > 1:
        return GONE
    return next(iter(kinds), None)


_MOVES = {qn("w:moveFrom"): "w:moveFromRangeStart", qn("w:moveTo"): "w:moveToRangeStart"}


def _move_name(run: Any) -> str | None:
    """The name of the move a run is part of: its w:moveFrom/w:moveTo's range, the last one opened before it.

    Word names the two ranges of one move alike ("move478160808"), so the name pairs
    where the text stood with where it went. A move without a named range gets its
    revision's id, which pairs it with nothing.
    """
    wrapper = next((a for a in run.iterancestors() if a.tag in _MOVES), None)
    if wrapper is None:
        return None
    names = wrapper.xpath(f"preceding::{_MOVES[wrapper.tag]}[1]/@w:name", namespaces=wrapper.nsmap | _W)
    return str(names[0]) if names else f"revision {wrapper.get(qn('w:id'))}"


_W = {"w": "http://schemas.openxmlformats.org/wordprocessingml/2006/main"}


class _Comments:
    """The document's comments by id, to give each paragraph those whose range starts in it."""

    def __init__(self, document: DocxDocument, styles: _StyleFlags) -> None:
        self.styles = styles
        self.by_id: dict[str, tuple[str, str]] = {}
        with contextlib.suppress(KeyError, AttributeError, ValueError, NotImplementedError):
            for comment in document.comments:
                text = " ".join(comment.text.split())
                if text:
                    self.by_id[str(comment.comment_id)] = ((comment.author or "").strip(), text)

    def starting_in(self, paragraph: Any) -> tuple[WordComment, ...]:
        found = []
        for start in paragraph.iter(qn("w:commentRangeStart")):
            comment_id = start.get(qn("w:id"))
            if comment_id in self.by_id:
                author, text = self.by_id[comment_id]
                found.append(WordComment(author, text, _commented(start, comment_id, self.styles)))
        return tuple(found)


def _commented(start: Any, comment_id: str, styles: _StyleFlags) -> str:
    """The text between a comment's range start and its end, within the paragraph (tracked deletions too)."""
    out: list[str] = []
    for element in start.itersiblings():
        if element.tag == qn("w:commentRangeEnd") and element.get(qn("w:id")) == comment_id:
            break
        runs = [element] if element.tag == qn("w:r") else element.iter(qn("w:r"))
        out.extend(_run_text(run) for run in runs if "hidden" not in styles.of_run(run))
    return " ".join("".join(out).split())


def _owner(run: Any) -> Any:
    return next(a for a in run.iterancestors() if a.tag == qn("w:p"))


def _run_text(run: Any) -> str:
    out = []
    for child in run:
        tag = child.tag
        if tag in (qn("w:t"), qn("w:delText")):
            out.append(child.text or "")
        elif tag in (qn("w:tab"), qn("w:ptab")):
            out.append("\t")
        elif tag in (qn("w:br"), qn("w:cr")):
            out.append("\n")
        elif tag == qn("w:noBreakHyphen"):
            out.append(NON_BREAKING_HYPHEN)
        elif tag in _SKIPPED:
            continue
    return "".join(out)


def _is_on(element: Any) -> bool:
    """A w:b / w:strike style toggle: present and not switched off."""
    return element is not None and element.get(qn("w:val"), "true").lower() not in ("false", "0", "off", "none")


def _flags(rpr: Any) -> dict[str, bool]:
    """The formatting a w:rPr sets, True or False, for the toggles it mentions."""
    found: dict[str, bool] = {}
    if rpr is None:
        return found
    toggles = {"w:strike": "strike", "w:dstrike": "double-strike", "w:b": "bold", "w:i": "italic", "w:vanish": "hidden"}
    for tag, name in toggles.items():
        element = rpr.find(qn(tag))
        if element is not None:
            found[name] = _is_on(element)
    for tag, name in (("w:highlight", "highlight"), ("w:u", "underline")):
        element = rpr.find(qn(tag))
        if element is not None:
            found[name] = element.get(qn("w:val"), "single").lower() not in ("none", DISPUTED_HIGHLIGHT.lower())
    shading = rpr.find(qn("w:shd"))
    if shading is not None:
        found["shading"] = shading.get(qn("w:fill"), "auto").lower() not in ("auto", "ffffff", "")
    color = rpr.find(qn("w:color"))
    if color is not None:
        found["color"] = color.get(qn("w:val"), "auto").lower() not in ("auto", "000000")
    return found


class _StyleFlags:
    """Formatting of runs: the character style's (with what it is based on), then direct formatting."""

    def __init__(self, document: DocxDocument) -> None:
        self.styles: dict[str, Any] = {}
        root = document.styles.element
        for style in root.iter(qn("w:style")):
            style_id = style.get(qn("w:styleId"))
            if style_id:
                self.styles[style_id] = style
        self.cache: dict[str, dict[str, bool]] = {}

    def of_style(self, style_id: str | None, depth: int = 0) -> dict[str, bool]:
        if style_id is None or style_id not in self.styles or depth > 20:
            return {}
        if style_id not in self.cache:
            style = self.styles[style_id]
            based = style.find(qn("w:basedOn"))
            flags = dict(self.of_style(None if based is None else based.get(qn("w:val")), depth + 1))
            flags.update(_flags(style.find(qn("w:rPr"))))
            self.cache[style_id] = flags
        return self.cache[style_id]

    def of_run(self, run: Any) -> set[str]:
        """The run's own formatting, and "hidden" if it or its character style hides it.

        A character style's formatting is not reported: a Hyperlink style underlines, and
        no author marks a change by choosing a style. Nor is a hyperlink's own underline
        and colour.
        """
        rpr = run.find(qn("w:rPr"))
        style = None if rpr is None else rpr.find(qn("w:rStyle"))
        direct = _flags(rpr)
        hidden = direct.get("hidden", self.of_style(None if style is None else style.get(qn("w:val"))).get("hidden"))
        found = {name for name, on in direct.items() if on and name != "hidden"}
        if any(a.tag == qn("w:hyperlink") for a in run.iterancestors()):
            found -= {"underline", "color"}
        return found | ({"hidden"} if hidden else set())


_HEADING_NAME = re.compile(r"heading\s*(\d)?", re.IGNORECASE)


def _heading_level(paragraph: DocxParagraph) -> int | None:
    """0 for Title, 1-9 for Heading N (ITU's Headingb/Headingi: 9), else by outline level."""
    style = paragraph.style
    for _ in range(20):
        if style is None:
            break
        name = style.name or ""
        if name.lower() == "title":
            return 0
        match = _HEADING_NAME.match(name)
        if match:
            return int(match.group(1) or 9)
        style = style.base_style
    level = _val(paragraph._p.find(f"{qn('w:pPr')}/{qn('w:outlineLvl')}")) or "9"
    return int(level) + 1 if level.isdigit() and int(level) < 9 else None


# --- list numbering --------------------------------------------------------------------


@dataclass
class _Level:
    start: int = 1
    format: str = "decimal"
    text: str = "%1."


@dataclass
class _Numbering:
    """Counts Word's automatic list numbers, to give the label Word shows before each paragraph."""

    document: DocxDocument
    levels: dict[str, dict[int, _Level]] = field(default_factory=dict)  # numId -> ilvl -> level
    counters: dict[str, dict[int, int]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        try:
            root = self.document.part.numbering_part.element
        except (KeyError, NotImplementedError, AttributeError):
            return
        abstract = {a.get(qn("w:abstractNumId")): _levels(a) for a in root.iter(qn("w:abstractNum"))}
        for num in root.iter(qn("w:num")):
            ref = num.find(qn("w:abstractNumId"))
            levels = {k: _Level(v.start, v.format, v.text) for k, v in abstract.get(_val(ref), {}).items()}
            for override in num.iter(qn("w:lvlOverride")):
                start = override.find(qn("w:startOverride"))
                level = int(override.get(qn("w:ilvl"), "0"))
                if start is not None and level in levels:
                    levels[level].start = int(_val(start) or "1")
            self.levels[num.get(qn("w:numId"))] = levels

    def label(self, paragraph: DocxParagraph) -> str | None:
        num_id, ilvl = self._num_pr(paragraph)
        levels = self.levels.get(num_id or "")
        if not levels or ilvl not in levels:
            return None
        counters = self.counters.setdefault(num_id or "", {})
        counters[ilvl] = counters.get(ilvl, levels[ilvl].start - 1) + 1
        for deeper in [k for k in counters if k > ilvl]:
            del counters[deeper]
        level = levels[ilvl]
        if level.format in ("bullet", "none"):
            return None

        def number(match: re.Match[str]) -> str:
            k = int(match.group(1)) - 1
            shown = levels.get(k, _Level())
            return _format_number(counters.get(k, shown.start), shown.format)

        return re.sub(r"%(\d)", number, level.text).strip() or None

    def _num_pr(self, paragraph: DocxParagraph) -> tuple[str | None, int]:
        """The paragraph's numbering (numId, level): its own, else its style's."""
        elements = [paragraph._p.pPr]
        style = paragraph.style
        while style is not None and len(elements) < 20:
            elements.append(style.element.pPr)
            style = style.base_style
        for ppr in elements:
            num_pr = None if ppr is None else ppr.find(qn("w:numPr"))
            if num_pr is not None:
                num_id = _val(num_pr.find(qn("w:numId")))
                level = _val(num_pr.find(qn("w:ilvl"))) or "0"
                return (None if num_id in (None, "0") else num_id), int(level) if level.isdigit() else 0
        return None, 0


def _levels(abstract: Any) -> dict[int, _Level]:
    levels = {}
    for lvl in abstract.iter(qn("w:lvl")):
        start = _val(lvl.find(qn("w:start"))) or "1"
        levels[int(lvl.get(qn("w:ilvl"), "0"))] = _Level(
            int(start) if start.isdigit() else 1,
            _val(lvl.find(qn("w:numFmt"))) or "decimal",
            _val(lvl.find(qn("w:lvlText"))) or "",
        )
    return levels


def _val(element: Any) -> str | None:
    return None if element is None else element.get(qn("w:val"))


def _format_number(n: int, style: str) -> str:
    if style in ("lowerLetter", "upperLetter"):
        letters = ""
        while n > 0:
            n, r = divmod(n - 1, 26)
            letters = chr(ord("a") + r) + letters
        return letters.upper() if style == "upperLetter" else letters
    if style in ("lowerRoman", "upperRoman"):
        roman = _roman(n)
        return roman.lower() if style == "lowerRoman" else roman
    return str(n)


def _roman(n: int) -> str:
    out = ""
    for value, digits in ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
                          (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")):  # fmt: skip
        count, n = divmod(n, value)
        out += digits * count
    return out


# --- writing -------------------------------------------------------------------------


@dataclass(frozen=True)
class Revision:
    """Who made a tracked change, and when (an ISO date, or None)."""

    author: str
    date: str | None = None


@dataclass(frozen=True)
class OutRun:
    """Text to write: plain, or a tracked insertion/deletion; "\\n" breaks the line, "\\t" tabs."""

    text: str
    change: str | None = None  # None | "inserted" | "deleted"
    revision: Revision | None = None
    bold: bool = False
    strike: bool = False
    underline: bool = False
    right_to_left: bool = False  # Arabic or Hebrew letters: a complex-script run (w:rtl)
    disputed: bool = False  # not agreed text: highlighted DISPUTED_HIGHLIGHT


@dataclass(frozen=True)
class OutParagraph:
    runs: tuple[OutRun, ...]
    style: str = "Normal"  # "Title", "Heading 2", "Normal"
    mark: str | None = None  # the paragraph mark tracked as "inserted" or "deleted"
    revision: Revision | None = None  # of the mark
    indent_cm: float = 0.0
    comment: tuple[str, ...] = ()  # a Word comment over the paragraph, one line per comment paragraph
    move: tuple[str, str] | None = (
        None  # ("from" | "to", the move's name): the paragraph is where a move starts or ends
    )
    right_to_left: bool = False  # a right-to-left paragraph (w:bidi): Arabic reads from the right margin


@dataclass(frozen=True)
class OutDocument:
    title: str
    paragraphs: tuple[OutParagraph, ...]
    comment_author: str = "itu-amend"
    date: str | None = None  # ISO date: the document properties' created/modified
    track_revisions: bool = True  # further edits in Word are tracked too


FIXED_ZIP_TIME = (1980, 1, 1, 0, 0, 0)


PROGRESS_EVERY = 200
"""Paragraphs written between two reports of progress."""


def write_document(spec: OutDocument, progress: Callable[[int, int], None] | None = None) -> bytes:
    """The .docx bytes of `spec`; the same spec always gives the same bytes.

    `progress`, if given, is told how many paragraphs are written, of how many.
    """
    document = docx.Document()
    _set_properties(document, spec)
    ids = _Ids()
    body = _Body(document)
    total = len(spec.paragraphs)
    for n, paragraph_spec in enumerate(spec.paragraphs):
        if progress is not None and n % PROGRESS_EVERY == 0:
            progress(n, total)
        _write_paragraph(document, body, paragraph_spec, ids, spec)
    if progress is not None:
        progress(total, total)
    if spec.track_revisions:
        settings = document.settings.element
        if settings.find(qn("w:trackRevisions")) is None:
            settings.insert(0, OxmlElement("w:trackRevisions"))
    buffer = io.BytesIO()
    document.save(buffer)
    return _deterministic_zip(buffer.getvalue())


class _Body:
    """Paragraphs appended to a document's body as `Document.add_paragraph(style=...)` would, in constant time.

    python-docx finds the body's w:sectPr and the style's id anew for each paragraph, by
    scanning every paragraph and every style: 20,000 paragraphs took ~100 s. Here the
    w:sectPr and the styles' ids are found once.
    """

    def __init__(self, document: DocxDocument) -> None:
        self.document = document
        self.element: Any = document.element.body
        self.end: Any = self.element.find(qn("w:sectPr"))
        self.default = document.styles.default(WD_STYLE_TYPE.PARAGRAPH)
        self.ids: dict[str, str | None] = {}

    def add_paragraph(self, style: str) -> DocxParagraph:
        p: Any = OxmlElement("w:p")
        if self.end is not None:
            self.end.addprevious(p)
        else:
            self.element.append(p)
        paragraph = DocxParagraph(p, self.document._body)
        p.style = self._style_id(style)  # None (the default style) still writes an empty w:pPr, as python-docx does
        return paragraph

    def _style_id(self, name: str) -> str | None:
        """The style's id (None for the default paragraph style, which is left implicit), added if new."""
        if name not in self.ids:
            styles = self.document.styles
            if name not in [s.name for s in styles]:
                added = styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
                added.base_style = styles["Normal"]
            style = styles[name]
            self.ids[name] = None if self.default is not None and style == self.default else style.style_id
        return self.ids[name]


@dataclass
class _Ids:
    """Revision ids: unique among w:ins/w:del of a document."""

    next: int = 1

    def take(self) -> str:
        self.next += 1
        return str(self.next - 1)


def _set_properties(document: DocxDocument, spec: OutDocument) -> None:
    properties = document.core_properties
    properties.title = spec.title
    properties.author = spec.comment_author
    properties.comments = f"{CONSOLIDATED}: each tracked change is authored by the group that proposed it."
    properties.created = properties.modified = _when(spec.date)
    properties.last_modified_by = spec.comment_author
    properties.revision = 1


def _when(date: str | None) -> dt.datetime:
    """A document's timestamp: its ISO date at midnight UTC, or a fixed one, never the time of writing."""
    when = dt.datetime(2000, 1, 1, tzinfo=dt.UTC)
    if date:
        with contextlib.suppress(ValueError):
            when = dt.datetime.fromisoformat(date[:10]).replace(tzinfo=dt.UTC)
    return when


def _write_paragraph(document: DocxDocument, body: _Body, spec: OutParagraph, ids: _Ids, doc: OutDocument) -> None:
    paragraph = body.add_paragraph(spec.style)
    if spec.indent_cm:
        paragraph.paragraph_format.left_indent = Cm(spec.indent_cm)
    written = [_write_run(paragraph, run, ids) for run in spec.runs if run.text]
    if spec.mark is not None:
        _mark_paragraph(paragraph, spec.mark, spec.revision, ids)
    if spec.move is not None:
        _move_paragraph(paragraph, spec.move, spec.revision, ids)
    if spec.right_to_left:
        _mark_bidi(paragraph)
    if spec.comment and written:
        comment = document.add_comment(written, text=spec.comment[0], author=doc.comment_author, initials="IA")
        for line in spec.comment[1:]:
            comment.add_paragraph(line)
        element: Any = comment._comment_elm  # python-docx stamps the time of writing: use the document's date
        element.date = _when(doc.date)


def _write_run(paragraph: DocxParagraph, spec: OutRun, ids: _Ids) -> Any:
    run = paragraph.add_run()
    run.text = spec.text  # python-docx turns "\t" and "\n" into w:tab and w:br
    run.bold = spec.bold or None
    run.font.strike = spec.strike or None
    run.underline = spec.underline or None
    if spec.disputed:
        run.font.highlight_color = WD_COLOR_INDEX.GRAY_25  # w:highlight w:val="lightGray"
    if spec.right_to_left:
        rpr: Any = run._r.get_or_add_rPr()
        rpr.get_or_add_rtl()
    if spec.change is None:
        return run
    element = run._r
    if spec.change == DELETED:
        for text in element.iter(qn("w:t")):
            text.tag = qn("w:delText")
    wrapper = _revision_element("w:del" if spec.change == DELETED else "w:ins", spec.revision, ids)
    element.addprevious(wrapper)
    wrapper.append(element)
    return run


def _revision_element(tag: str, revision: Revision | None, ids: _Ids) -> Any:
    element = OxmlElement(tag)
    element.set(qn("w:id"), ids.take())
    element.set(qn("w:author"), revision.author if revision else "itu-amend")
    if revision is not None and revision.date:
        element.set(qn("w:date"), f"{revision.date[:10]}T00:00:00Z")
    return element


_AFTER_BIDI = {
    qn(f"w:{name}")
    for name in (
        *("adjustRightInd", "snapToGrid", "spacing", "ind", "contextualSpacing", "mirrorIndents"),
        *("suppressOverlap", "jc", "textDirection", "textAlignment", "textboxTightWrap", "outlineLvl"),
        *("divId", "cnfStyle", "rPr", "sectPr", "pPrChange"),
    )
}
"""The w:pPr children that come after w:bidi in the schema's order (Word refuses them out of order)."""


def _mark_bidi(paragraph: DocxParagraph) -> None:
    """Mark the paragraph right to left (w:bidi), in its place among the paragraph's properties."""
    ppr: Any = paragraph._p.get_or_add_pPr()
    bidi = OxmlElement("w:bidi")
    successor = next((child for child in ppr if child.tag in _AFTER_BIDI), None)
    if successor is None:
        ppr.append(bidi)
    else:
        successor.addprevious(bidi)


def _mark_paragraph(paragraph: DocxParagraph, mark: str, revision: Revision | None, ids: _Ids) -> None:
    """Track the paragraph mark itself, so accepting (or rejecting) removes the whole paragraph."""
    ppr: Any = paragraph._p.get_or_add_pPr()
    rpr = ppr.find(qn("w:rPr"))
    if rpr is None:
        rpr = OxmlElement("w:rPr")
        ppr.append(rpr)
    rpr.append(_revision_element("w:del" if mark == DELETED else "w:ins", revision, ids))


def _move_paragraph(paragraph: DocxParagraph, move: tuple[str, str], revision: Revision | None, ids: _Ids) -> None:
    """Wrap the paragraph's content and mark in Word's move markup, as Word writes a moved paragraph.

    Deletions stay inside the move (w:del within w:moveTo, as Word writes them), so that
    rejecting the move takes them with it; insertions stand beside it, between its
    pieces (pandoc drops an insertion nested in a move).
    """
    side, name = move
    tag = "w:moveFrom" if side == "from" else "w:moveTo"
    element: Any = paragraph._p
    content = [child for child in element if child.tag != qn("w:pPr")]
    start = _revision_element(f"{tag}RangeStart", revision, ids)
    start.set(qn("w:name"), name)
    element.append(start)
    wrapper = None
    for child in content:
        if child.tag == qn("w:ins"):
            element.append(child)
            wrapper = None
            continue
        if wrapper is None:
            wrapper = _revision_element(tag, revision, ids)
            element.append(wrapper)
        wrapper.append(child)
    end = OxmlElement(f"{tag}RangeEnd")
    end.set(qn("w:id"), start.get(qn("w:id")))
    element.append(end)
    ppr: Any = paragraph._p.get_or_add_pPr()
    rpr = ppr.find(qn("w:rPr"))
    if rpr is None:
        rpr = OxmlElement("w:rPr")
        ppr.append(rpr)
    rpr.append(_revision_element(tag, revision, ids))


def _deterministic_zip(data: bytes) -> bytes:
    """The package re-zipped with fixed timestamps and order, so equal documents are equal bytes."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            fixed = zipfile.ZipInfo(info.filename, FIXED_ZIP_TIME)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o644 << 16
            target.writestr(fixed, source.read(info.filename))
    return out.getvalue()


def build_document(
    paragraphs: Sequence[tuple[str, Sequence[tuple[str, str | None]]]], marks: Mapping[int, str] | None = None
) -> bytes:
    """A small .docx for tests and examples: (style, [(text, mark)]) per paragraph.

    `mark` is None, "strike", "double-strike", "highlight", "underline" (formatting),
    or "ins"/"del"/"moveFrom"/"moveTo" (tracked changes by "Author"). `marks` tracks
    the paragraph marks of some paragraphs (0-based) as "ins" (a split) or "del" (a join).
    """
    document = docx.Document()
    ids = _Ids()
    for n, (style, runs) in enumerate(paragraphs):
        paragraph = document.add_paragraph(style=style)
        if marks and n in marks:
            kind = {"ins": INSERTED, "del": DELETED}[marks[n]]
            _mark_paragraph(paragraph, kind, Revision("Author", "2026-02-11"), ids)
        for text, mark in runs:
            run = paragraph.add_run(text)
            if mark in ("strike", "double-strike", "highlight", "underline"):
                _format(run, mark)
            elif mark is not None:
                wrapper = _revision_element(f"w:{mark}", Revision("Author", "2026-02-11"), ids)
                if mark in ("del", "moveFrom"):
                    for t in run._r.iter(qn("w:t")):
                        t.tag = qn("w:delText")
                run._r.addprevious(wrapper)
                wrapper.append(run._r)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _format(run: Any, mark: str) -> None:
    if mark == "strike":
        run.font.strike = True
    elif mark == "double-strike":
        run.font.double_strike = True
    elif mark == "highlight":
        run.font.highlight_color = WD_COLOR_INDEX.YELLOW
    else:
        run.underline = True
