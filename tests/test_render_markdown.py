"""Markdown output: golden files of the example, and document text that stays literal, never markup.

Regenerate the golden files with `pytest tests/test_render_markdown.py --update-golden` and review the diff.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from html.parser import HTMLParser

import pytest
from markdown_it import MarkdownIt

from itu_amend.model import MergeResult
from itu_amend.render import markdown

from .conftest import Golden, Workspace

RENDERERS: dict[str, Callable[[MergeResult], str]] = {
    "example.merge.md": markdown.render_merge,
    "example.conflicts.md": markdown.render_conflicts,
}

# Strings from files that a renderer could mistake for markup: rich markup, HTML, Markdown
# emphasis and links, an ANSI escape and a right-to-left override (shown as escapes by
# common.visible), in the paragraph in conflict (both reports show it)...
HOSTILE_LITERALS = (
    "[disputed text]",
    "**x**",
    "<script>alert(1)</script>",
    "[bold]x[/bold]",
    "\\x1b[31m red",
    "\\u202e rtl",
    "**y**",
    '<b>G|1</b> "q"',
    "[link](javascript:alert(1))",
    "Plan <b>bold</b> **x** [link](http://evil.example) \\u202edoc",
    "v1 `code` #2",
)
# ... in the added paragraph (merge only): code, strikethrough, entities, math, pipes,
# and block markers at a line start...
ADDED_LITERALS = (
    "# Not a heading *em* <i>x</i>",
    "- not a list",
    "`code`",
    "~~gone~~",
    "~one~",
    "&copy;",
    "$x$",
    "| pipe",
    "\\ back",
    "_u_",
    "#h",
    "- item\n1. one\n> quote\n===\n    code\n`code`",
    '2 "q"<>',
)
# ... and in the sponsors of the voting list (conflicts only).
VOTING_LITERALS = (
    "Because <script>alert(2)</script> and **z** [r](http://x)",
    "Doc <i>ref</i> **d**",
    "keep **it**",
)
HOSTILE_GROUPS = ('<b>G|1</b> "q"', "[link](javascript:alert(1))")


def hostile(workspace: Workspace) -> MergeResult:
    """A merge whose every text field (document, numbers, headings, groups, rationales) is hostile."""
    workspace.baseline(
        r"""
        document: "Plan <b>bold</b> **x** [link](http://evil.example) \u202Edoc"
        version: "v1 `code` #2"
        paragraphs:
          - number: "1"
            heading: "# Not a heading *em* <i>x</i>"
            text: "Plain text with [disputed text] and **x** and <script>alert(1)</script> here."
          - number: "2 \"q\"<>"
            text: "Second paragraph about budgets & &copy; costs."
        """
    )
    workspace.proposal(
        "a.yaml",
        r"""
        source: "<b>G|1</b> \"q\""
        document: "Doc <i>ref</i> **d**"
        date: 2026-01-01
        edits:
          - action: MOD
            paragraph: "1"
            text: "and **x** and{++ [bold]x[/bold] \e[31m red \u202E rtl **y**++} <script>"
            rationale: "Because <script>alert(2)</script> and **z** [r](http://x)"
          - action: ADD
            after: "1"
            number: "1A"
            heading: "- not a list"
            text: "- item\n1. one\n> quote\n===\n    code\n`code` ~~gone~~ ~one~ &copy; $x$ | pipe \\ back _u_ #h"
        """,
    )
    workspace.proposal(
        "b.yaml",
        r"""
        source: "[link](javascript:alert(1))"
        edits:
          - action: NOC
            paragraph: "1"
            rationale: "keep **it**"
        """,
    )
    result = workspace.merge()
    assert [c.kind.value for c in result.conflicts] == ["noc"]
    return result


class Rendered(HTMLParser):
    """The HTML that a Markdown renderer made: the tags, links and the text a reader sees."""

    def __init__(self, source: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: Counter[str] = Counter()
        self.hrefs: list[str] = []
        self.cells: list[int] = []
        self.chunks: list[str] = []
        self.feed(source)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags[tag] += 1
        self.hrefs += [value or "" for name, value in attrs if name in ("href", "src")]
        if tag == "tr":
            self.cells.append(0)
        elif tag in ("td", "th"):
            self.cells[-1] += 1
        elif tag == "br":
            self.chunks.append("\n")

    def handle_data(self, data: str) -> None:
        self.chunks.append(data)

    @property
    def text(self) -> str:
        return "".join(self.chunks)


def render_gfm(source: str) -> Rendered:
    """Markdown as a CommonMark renderer with GitHub's tables and strikethrough and raw HTML passed through."""
    return Rendered(MarkdownIt("commonmark", {"html": True}).enable(["table", "strikethrough"]).render(source))


@pytest.mark.parametrize("name", sorted(RENDERERS))
def test_golden(name: str, example: Callable[[], MergeResult], golden: Golden) -> None:
    golden(name, RENDERERS[name](example()))


def test_merge_marks_changes_with_tags_and_groups(example: Callable[[], MergeResult]) -> None:
    source = markdown.render_merge(example())
    assert "<del>planning period</del><ins>biennium</ins><sup>TDAG</sup>" in source
    assert "<ins>, including independent evaluation</ins><sup>RAG</sup>." in source
    page = render_gfm(source)
    assert page.tags["del"] and page.tags["ins"] and page.tags["sup"]
    assert {"h1", "h2", "h3", "table", "blockquote"} <= set(page.tags)
    assert "[!WARNING]" in page.text and "C2 overlap in paragraph 33 (unresolved)" in page.text
    assert "Proposals not placed" in page.text and "TDAG/3" in page.text


def test_summary_table_has_a_row_per_group(example: Callable[[], MergeResult]) -> None:
    page = render_gfm(markdown.render_merge(example()))
    assert page.cells == [10, 10, 10, 10]  # header, RAG, TDAG, TSAG: group, edits and 8 statuses


@pytest.mark.parametrize("render", [markdown.render_merge, markdown.render_conflicts])
def test_hostile_text_stays_literal(workspace: Workspace, render: Callable[[MergeResult], str]) -> None:
    source = render(hostile(workspace))
    assert "\x1b" not in source and "\u202e" not in source
    page = render_gfm(source)
    allowed = {"h1", "h2", "h3", "p", "em", "strong", "del", "ins", "sup", "br", "blockquote", "ul", "li", "a"}
    allowed |= {"table", "thead", "tbody", "tr", "th", "td", "span"}  # span: the renderer's own, disputed text
    assert set(page.tags) <= allowed, set(page.tags) - allowed
    assert source.count("<span") == source.count('<span class="disputed"')  # and no other span
    assert all(href.startswith("#conflict-") for href in page.hrefs), page.hrefs
    expected = HOSTILE_LITERALS + (ADDED_LITERALS if render is markdown.render_merge else VOTING_LITERALS)
    for literal in expected:
        assert literal in page.text, literal


def test_hostile_groups_keep_the_tables_whole(workspace: Workspace) -> None:
    result = hostile(workspace)
    page = render_gfm(markdown.render_merge(result))
    assert page.cells == [10, 10, 10]
    conflicts = render_gfm(markdown.render_conflicts(result))
    assert conflicts.cells == [5, 5]
    for group in HOSTILE_GROUPS:
        assert group in page.text and group in conflicts.text


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("[x](http://a)", r"\[x\](http://a)"),
        ("**bold** _it_ `c` ~~s~~", r"\*\*bold\*\* \_it\_ \`c\` \~\~s\~\~"),
        ("<b>&amp;</b>", r"\<b\>\&amp;\</b\>"),
        ("a|b #c $d$", r"a\|b \#c \$d\$"),
        ("- x", r"\- x"),
        ("+ x", r"\+ x"),
        ("12. x", r"12\. x"),
        ("3) x", r"3\) x"),
        ("===", r"\==="),
        ("one\n- two\n  3. three", r"one<br>\- two<br>  3\. three"),
        ("back\\slash", r"back\\slash"),
        ("\x1b[31m\u202e", r"\\x1b\[31m\\u202e"),
        ("ITU’s 2028-2031 plan.", "ITU’s 2028-2031 plan."),
    ],
)
def test_escape(text: str, expected: str) -> None:
    assert markdown.escape(text) == expected


def test_no_conflicts(workspace: Workspace) -> None:
    workspace.paragraphs("Only text.")
    workspace.proposal(
        "a.yaml",
        """
        source: TSAG
        edits:
          - action: MOD
            paragraph: "1"
            text: "Only{++ the++} text."
        """,
    )
    result = workspace.merge()
    conflicts = markdown.render_conflicts(result)
    assert conflicts.endswith("**0 conflicts, 0 unresolved**\n\nNo conflicts.\n")
    merged = markdown.render_merge(result)
    assert "**1** Only<ins> the</ins><sup>TSAG</sup> text." in merged
    assert "[!WARNING]" not in merged and "Proposals not placed" not in merged
