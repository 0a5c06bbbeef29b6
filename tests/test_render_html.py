"""HTML output: golden files, the page's structure parsed, hostile text escaped, and the page run in Chromium.

Regenerate the golden files with `pytest tests/test_render_html.py --update-golden` and review the diff.
The browser tests run when Chromium is installed (`apt-get install chromium`) and are skipped otherwise.
"""

from __future__ import annotations

import base64
import hashlib
import re
import shutil
import subprocess
from collections import Counter
from collections.abc import Callable
from html.parser import HTMLParser
from pathlib import Path

import pytest

from itu_amend.model import MergeResult
from itu_amend.render import html

from .conftest import Golden, Workspace
from .test_render_markdown import ADDED_LITERALS, HOSTILE_GROUPS, HOSTILE_LITERALS, VOTING_LITERALS, hostile

RENDERERS: dict[str, Callable[[MergeResult], str]] = {
    "example.merge.html": html.render_merge,
    "example.conflicts.html": html.render_conflicts,
}
VOID = {"meta", "link", "br", "input", "img", "hr", "wbr"}
ALLOWED = {
    *("html", "head", "meta", "link", "title", "style", "script", "body", "header", "nav", "main", "section"),
    *("h1", "h2", "h3", "p", "div", "span", "a", "em", "strong", "ins", "del", "br", "ul", "li", "label", "input"),
    *("table", "thead", "tbody", "tr", "th", "td"),
}


class Page(HTMLParser):
    """A parsed page: its elements with their attributes, the text a reader sees, and nesting errors."""

    def __init__(self, source: str) -> None:
        super().__init__(convert_charrefs=True)
        self.doctype = ""
        self.elements: list[tuple[str, dict[str, str]]] = []
        self.stack: list[str] = []
        self.errors: list[str] = []
        self.chunks: list[str] = []
        self.raw: dict[str, list[str]] = {"script": [], "style": []}
        self.feed(source)
        self.close()
        if self.stack:
            self.errors.append(f"unclosed: {self.stack}")

    def handle_decl(self, decl: str) -> None:
        self.doctype = decl

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.elements.append((tag, {name: value or "" for name, value in attrs}))
        if tag not in VOID:
            self.stack.append(tag)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.errors.append(f"self-closing <{tag}/>")

    def handle_endtag(self, tag: str) -> None:
        if not self.stack or self.stack[-1] != tag:
            self.errors.append(f"</{tag}> closes <{self.stack[-1] if self.stack else None}>")
        else:
            self.stack.pop()

    def handle_data(self, data: str) -> None:
        if self.stack and self.stack[-1] in self.raw:
            self.raw[self.stack[-1]].append(data)
        else:
            self.chunks.append(data)

    @property
    def text(self) -> str:
        return "".join(self.chunks)

    def all(self, tag: str) -> list[dict[str, str]]:
        return [attrs for name, attrs in self.elements if name == tag]

    @property
    def marks(self) -> list[dict[str, str]]:
        return [attrs for name, attrs in self.elements if name in ("ins", "del")]

    @property
    def ids(self) -> list[str]:
        return [attrs["id"] for _, attrs in self.elements if "id" in attrs]


def check_structure(source: str) -> Page:
    """What every page must be: valid, self-contained, scripts only by hash, links that land."""
    page = Page(source)
    assert page.doctype.lower() == "doctype html"
    assert not page.errors, page.errors
    assert {tag for tag, _ in page.elements} <= ALLOWED, {tag for tag, _ in page.elements} - ALLOWED
    assert page.elements[0] == ("html", {"lang": "en"})
    assert page.elements[1][0] == "head" and page.elements[2] == ("meta", {"charset": "utf-8"})
    assert len(page.all("title")) == 1 and len(page.all("script")) == 1 and len(page.all("style")) == 1
    assert not [name for _, attrs in page.elements for name in attrs if name.startswith("on") or name == "style"]
    assert [a["href"] for a in page.all("link")] == ["data:,"]
    assert not [a for _, a in page.elements if "src" in a]
    (csp,) = [a["content"] for a in page.all("meta") if a.get("http-equiv") == "Content-Security-Policy"]
    assert "default-src 'none'" in csp and "unsafe" not in csp
    assert _hash("".join(page.raw["script"])) in csp and _hash("".join(page.raw["style"])) in csp
    ids = page.ids
    assert len(ids) == len(set(ids)) and all(re.fullmatch(r"[A-Za-z][\w.-]*", i) for i in ids), ids
    for a in page.all("a"):
        assert a["href"].startswith("#") and a["href"][1:] in ids, a["href"]
    for mark in page.marks:
        assert mark["data-group"] and mark["title"], mark
        # a proposal not placed is outside the group filter: nothing of it is applied
        assert mark.get("class") == "proposed" or re.fullmatch(r"\d+( \d+)*", mark["data-gi"]), mark
    return page


def _hash(source: str) -> str:
    return "sha256-" + base64.b64encode(hashlib.sha256(source.encode("utf-8")).digest()).decode("ascii")


@pytest.mark.parametrize("name", sorted(RENDERERS))
def test_golden(name: str, example: Callable[[], MergeResult], golden: Golden) -> None:
    golden(name, RENDERERS[name](example()))


def test_merge_page(example: Callable[[], MergeResult]) -> None:
    page = check_structure(html.render_merge(example()))
    assert page.all("title")[0] == {} and "Draft Annex 1 to Resolution 71" in page.text
    assert {"p-30", "p-33", "p-33A", "p-35", "conflict-C1", "conflict-C2", "conflict-C3"} <= set(page.ids)
    links = [a["href"] for a in page.all("a")]
    assert {"#conflict-C1", "#p-31", "#conflict-C2", "#p-33", "#conflict-C3", "#p-35", "#p-32"} <= set(links)
    groups = Counter(m["data-group"] for m in page.marks)
    assert set(groups) == {"RAG", "TDAG", "TSAG", "TDAG, TSAG"}
    biennium = [m for m in page.marks if m["title"] == "inserted by TDAG (TDAG/5)"]
    assert biennium and biennium[0]["class"] == "g1 end"  # RAG, TDAG, TSAG: TDAG is second
    assert "Summary by group" in page.text and "Proposals not placed" in page.text
    boxes = [a for a in page.all("input") if "data-gi" in a]
    assert [b["data-gi"] for b in boxes] == ["0", "1", "2"] and all("hidden" in b for b in boxes)


def test_conflicts_page(example: Callable[[], MergeResult]) -> None:
    page = check_structure(html.render_conflicts(example()))
    assert [h for h in page.ids if h.startswith("conflict-")] == ["conflict-C1", "conflict-C2", "conflict-C3"]
    assert "If adopted, falls: TDAG/1, TSAG/2" in page.text
    assert "(the paragraph as it stands)" in page.text and "(paragraph deleted)" in page.text
    assert not [a for a in page.all("a") if a["href"].startswith("#p-")]  # no paragraphs in this report


def test_colours_follow_sorted_group_names(workspace: Workspace) -> None:
    workspace.paragraphs("One text.", "Two text.", "Three text.")
    for n, group in enumerate(["Zeta", "Alpha", "Mu"], 1):
        workspace.proposal(
            f"{group}.yaml",
            f"""
            source: {group}
            edits:
              - action: MOD
                paragraph: "{n}"
                text: "{["One", "Two", "Three"][n - 1]}{{++ more++}} text."
            """,
        )
    page = check_structure(html.render_merge(workspace.merge()))
    assert {m["data-group"]: m["class"] for m in page.marks} == {"Alpha": "g0 end", "Mu": "g1 end", "Zeta": "g2 end"}
    legend = [a["class"] for a in page.all("span") if a.get("class", "").startswith("swatch")]
    assert legend[:3] == ["swatch g0", "swatch g1", "swatch g2"]


def test_palette_cycles_beyond_its_colours() -> None:
    assert len(html.PALETTE) == 8
    assert [f".g{n}{{" in html.CSS for n in range(9)] == [True] * 8 + [False]


@pytest.mark.parametrize("render", [html.render_merge, html.render_conflicts])
def test_hostile_text_is_escaped(workspace: Workspace, render: Callable[[MergeResult], str]) -> None:
    source = render(hostile(workspace))
    assert "\x1b" not in source and "\u202e" not in source
    assert "<script>alert" not in source and "<b>" not in source and "<i>" not in source
    page = check_structure(source)
    expected = HOSTILE_LITERALS + (ADDED_LITERALS if render is html.render_merge else VOTING_LITERALS)
    for literal in expected:
        assert literal in page.text, literal
    assert {m["data-group"] for m in page.marks} == {HOSTILE_GROUPS[0]}
    labels = [a for a in page.all("input") if "data-gi" in a]
    assert len(labels) == 2 and all(group in page.text for group in HOSTILE_GROUPS)


def test_ids_are_distinct_and_safe() -> None:
    assert html.anchor_id("p", "33A") == "p-33A"
    assert html.anchor_id("p", "5.2") == "p-5.2"
    assert html.anchor_id("p", '2 "q"<>') == "p-2_20__22_q_22__3c__3e_"
    assert html.anchor_id("p", "a_b") != html.anchor_id("p", "a b")


def test_deterministic(example: Callable[[], MergeResult]) -> None:
    first = html.render_merge(example())
    assert first == html.render_merge(example())
    assert not re.search(r"20\d\d-\d\d-\d\d[T ]\d\d:", first)


# --- in a browser -------------------------------------------------------------------


def _browser() -> str:
    for name in ("chromium", "chromium-browser", "google-chrome"):
        found = shutil.which(name)
        if found:
            return found
    pytest.skip("Chromium is not installed")


def dump_dom(page: Path, profile: Path) -> tuple[Page, list[str]]:
    """The DOM after the page's script ran, and the console messages (none is expected)."""
    command = [
        _browser(),
        *("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"),
        *("--disable-component-update", "--disable-sync", "--no-first-run", f"--user-data-dir={profile}"),
        *("--enable-logging=stderr", "--v=0", "--dump-dom", page.as_uri()),
    ]
    done = subprocess.run(command, capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    console = [line for line in done.stderr.splitlines() if ":CONSOLE" in line]
    return Page(done.stdout), console


def test_chromium_runs_the_page_without_errors(example: Callable[[], MergeResult], tmp_path: Path) -> None:
    path = tmp_path / "merge.html"
    path.write_text(html.render_merge(example()), encoding="utf-8")
    dom, console = dump_dom(path, tmp_path / "profile")
    assert console == []  # a CSP violation or a script error would be logged here
    boxes = [a for a in dom.all("input") if "data-gi" in a]
    assert len(boxes) == 3 and not [b for b in boxes if "hidden" in b]  # the script ran and showed the filter
    assert len(dom.marks) > 5 and not [m for m in dom.marks if "off" in m["class"].split()]


def test_chromium_filter_hides_a_groups_marks(example: Callable[[], MergeResult], tmp_path: Path) -> None:
    """Untick RAG and TDAG (as a reader would): their marks go, an agreed TDAG+TSAG change stays."""
    clicks = 'for (const g of ["0", "1"]) document.querySelector(`input[data-gi="${g}"]`).click();'
    clicks += 'document.getElementById("show-tags").click();'
    source = html.render_merge(example())
    source = source.replace("</body>", f"<script>{clicks}</script>\n</body>")
    source = source.replace("script-src ", f"script-src '{_hash(clicks)}' ")
    path = tmp_path / "filtered.html"
    path.write_text(source, encoding="utf-8")
    dom, console = dump_dom(path, tmp_path / "profile")
    assert console == []
    off = {m["data-gi"]: "off" in m["class"].split() for m in dom.marks if "data-gi" in m}
    assert off == {"0": True, "1": True, "1 2": False, "2": False}
    # the proposals not placed are outside the filter: unticking their group does not hide them
    proposed = [m for m in dom.marks if m.get("class") == "proposed"]
    assert proposed and not [m for m in proposed if "off" in m["class"].split()]
    assert "tags" in dom.all("body")[0].get("class", "").split()
