"""HTML: one self-contained page (inline CSS and script, no external asset) of the consolidated text or the conflicts.

Insertions are <ins>, deletions <del>, coloured per group (a fixed palette, by sorted
group name) with a legend; each mark names its groups on hover (title) and in print
(CSS ::after). A small script adds a per-group filter: unticking a group shows the
text as if that group had proposed nothing. A Content-Security-Policy allows only this
page's own style and script (by hash), so nothing in the data can run or load anything.
Text from files goes through common.visible, then html.escape.
"""

from __future__ import annotations

import base64
import hashlib
import html
import re
from collections.abc import Iterable, Sequence

from .. import reports
from ..model import Conflict, MergedParagraph, MergeResult, Span
from . import common

# (strong colour for text and lines, light tint for backgrounds); Okabe-Ito hues, darkened for contrast.
PALETTE = (
    ("#0b5cad", "#dbeafe"),
    ("#b23c00", "#fde4d3"),
    ("#0b7a55", "#d4f3e6"),
    ("#a3367a", "#f8dcee"),
    ("#8a6100", "#fbefc9"),
    ("#1c7c99", "#d5f0f7"),
    ("#5b4bb7", "#e4e0fb"),
    ("#6b6b00", "#efefc4"),
)

_PALETTE_CSS = "\n".join(f".g{n}{{--c:{strong};--bg:{tint}}}" for n, (strong, tint) in enumerate(PALETTE))
CSS = (
    """
:root{color-scheme:light;--ink:#1b1b1b;--muted:#5f6368;--line:#d0d7de;--warn:#9a6700;--warn-bg:#fff8c5;--ok:#1a7f37}
*{box-sizing:border-box}
body{font:16px/1.55 system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans",Arial,sans-serif;color:var(--ink);
 max-width:60rem;margin:0 auto;padding:1.5rem 1.25rem 4rem}
h1{font-size:1.6rem;line-height:1.25;margin:0 0 .25rem}
h2{font-size:1.25rem;margin:2.5rem 0 .75rem;padding-bottom:.25rem;border-bottom:1px solid var(--line)}
h3{font-size:1.05rem;margin:1.75rem 0 .35rem}
.version,.muted{color:var(--muted)}
.text{white-space:pre-line}
ins,del,.ins,.del{text-decoration-thickness:2px;text-decoration-color:var(--c,currentColor);
 -webkit-print-color-adjust:exact;print-color-adjust:exact}
ins,.ins{background:var(--bg,#e6f4ea);text-decoration-line:underline;text-underline-offset:3px}
del,.del{color:var(--c,#b3261e);text-decoration-line:line-through}
ins.off{display:none}
del.off{color:inherit;text-decoration:none}
body.tags ins.end::after,body.tags del.end::after{content:"\\2009\\27E8" attr(data-group) "\\27E9";
 font-size:.75em;font-weight:600;color:var(--c,var(--muted));vertical-align:super;text-decoration:none;display:inline-block}
.off::after{content:none!important}
.legend{position:sticky;top:0;z-index:1;background:#fff;border-bottom:1px solid var(--line);
 padding:.5rem 0;margin:1rem 0;font-size:.9rem}
.legend p{margin:.15rem 0}
.legend ul{list-style:none;margin:.25rem 0 0;padding:0;display:flex;flex-wrap:wrap;gap:.25rem 1.25rem}
.legend label{cursor:pointer}
.swatch{display:inline-block;width:.9em;height:.9em;border-radius:2px;background:var(--bg);border:2px solid var(--c);
 vertical-align:-.1em;margin-right:.3em;-webkit-print-color-adjust:exact;print-color-adjust:exact}
.para{position:relative;padding-left:4.25rem;margin:.75rem 0;scroll-margin-top:6rem}
.para>h3{margin-left:-4.25rem}
.num{position:absolute;left:0;font-weight:700;color:var(--ink);text-decoration:none;min-width:3.5rem}
.para p{margin:.3rem 0}
.status-conflict>.num{color:var(--warn)}
.note{color:var(--muted);font-style:italic;font-size:.92rem}
.conflict{border:1px solid var(--line);border-left:4px solid var(--warn);background:#fffdf3;border-radius:4px;
 padding:.5rem .75rem;margin:.6rem 0 1rem;scroll-margin-top:6rem}
.conflict.resolved{border-left-color:var(--ok);background:#f6fef9}
.conflict-title,h2.conflict-title{font-size:1rem;font-weight:600;margin:.1rem 0 .4rem;padding:0;border:0}
h2.conflict-title{font-size:1.1rem}
.state{font-weight:600;color:var(--warn)}
.resolved .state,.state.resolved{color:var(--ok)}
.adopted{margin:.1rem 0 .4rem;color:var(--ok);font-weight:600}
.alts{display:grid;grid-template-columns:repeat(auto-fit,minmax(16rem,1fr));gap:.6rem}
.alt{background:#fff;border:1px solid var(--line);border-radius:4px;padding:.4rem .6rem;font-size:.95rem;
 break-inside:avoid}
.alt .text{margin:0}
.alt-title{margin:0 0 .25rem;font-size:.88rem;color:var(--muted)}
.label{display:inline-block;min-width:1.5em;text-align:center;font-weight:700;color:#fff;background:#6e40c9;
 border-radius:3px;margin-right:.35em;-webkit-print-color-adjust:exact;print-color-adjust:exact}
.sponsors{font-size:.88rem;margin:.4rem 0 0;padding-left:1.1rem}
.falls{font-size:.85rem;color:var(--warn);margin:.3rem 0 0}
table{border-collapse:collapse;margin:.5rem 0 1rem;font-size:.9rem}
th,td{border:1px solid var(--line);padding:.25rem .55rem;text-align:left;vertical-align:top}
th{background:#f6f8fa}
td.n{text-align:right;font-variant-numeric:tabular-nums}
td.zero{color:#afb8c1}
.editor li,.notes li{margin:.2rem 0}
.disputed{background:#ece6f5;outline:1px dashed #7a5aa6;outline-offset:-1px;
 -webkit-print-color-adjust:exact;print-color-adjust:exact}
.touch{color:#5b3f8a;font-size:.85rem}
@media print{
 body{max-width:none;padding:0;font-size:11pt}
 .legend{position:static}
 .legend input,.legend .js,.legend .muted{display:none}
 h2,h3{break-after:avoid}
 ins.end::after,del.end::after{content:"\\2009\\27E8" attr(data-group) "\\27E9";font-size:.75em;font-weight:600;
  color:var(--c);vertical-align:super;display:inline-block}
 .off::after{content:none}
 a{color:inherit;text-decoration:none}
}
"""
    + _PALETTE_CSS
    + "\n"
)

# The filter: a group's marks are hidden (as if never proposed) once every group credited with them is unticked.
SCRIPT = """
"use strict";
(() => {
  const boxes = [...document.querySelectorAll("input[data-gi]")];
  const marks = [...document.querySelectorAll("ins[data-gi], del[data-gi]")];
  const tags = document.getElementById("show-tags");
  const update = () => {
    const shown = new Set(boxes.filter((box) => box.checked).map((box) => box.dataset.gi));
    for (const mark of marks) {
      mark.classList.toggle("off", !mark.dataset.gi.split(" ").some((g) => shown.has(g)));
    }
    document.body.classList.toggle("tags", Boolean(tags && tags.checked));
  };
  for (const element of document.querySelectorAll("[data-js]")) {
    element.hidden = false;
  }
  for (const box of [...boxes, tags]) {
    if (box) box.addEventListener("change", update);
  }
  update();
})();
"""


def _hash(source: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(source.encode("utf-8")).digest()).decode("ascii") + "'"


CSP = (
    f"default-src 'none'; style-src {_hash(CSS)}; script-src {_hash(SCRIPT)}; "
    "img-src data:; base-uri 'none'; form-action 'none'"
)
_ID_UNSAFE = re.compile(r"[^A-Za-z0-9.-]")


def esc(text: str) -> str:
    """Text from a file, safe in HTML content and in a quoted attribute."""
    return html.escape(common.visible(text), quote=True)


def anchor_id(prefix: str, value: str) -> str:
    """An id (and URL fragment) for a paragraph number or conflict id: 'p-33', 'conflict-C1'.

    Letters, digits, '.' and '-' are kept; any other character becomes '_<hex>_', so
    that distinct numbers give distinct ids and an id never holds a space or a quote.
    """
    return f"{prefix}-" + _ID_UNSAFE.sub(lambda m: f"_{ord(m.group()):x}_", value)


class Palette:
    """A stable colour per group: the groups of the result sorted by name, cycling through PALETTE."""

    def __init__(self, result: MergeResult) -> None:
        names = {p.source for p in result.proposals}
        for spans in _all_spans(result):
            for span in spans:
                names.update(span.sources)
        self.groups = sorted(names)
        self._index = {name: n for n, name in enumerate(self.groups)}

    def index(self, group: str) -> int:
        return self._index[group]

    def css_class(self, group: str) -> str:
        return f"g{self._index[group] % len(PALETTE)}"


def _all_spans(result: MergeResult) -> Iterable[Sequence[Span]]:
    for paragraph in result.paragraphs:
        yield paragraph.spans
    for conflict in result.conflicts:
        for alternative in conflict.alternatives:
            yield alternative.spans


def spans_html(spans: Sequence[Span], palette: Palette) -> str:
    """Spans as inline HTML: <ins>/<del> coloured by their first group, naming groups and edits on hover."""
    out = []
    for i, span in enumerate(spans):
        text = esc(span.text)
        if span.disputed:
            text = f'<span class="disputed" title="{esc(span.disputed)}: not agreed">{text}</span>'
        if span.kind == "kept" or not span.sources:
            out.append(text)
            continue
        tag = "del" if span.kind == "deleted" else "ins"
        end = " end" if common.ends_change(spans, i) else ""
        groups = ", ".join(span.sources)
        verb = "deleted" if tag == "del" else "inserted"
        title = f"{verb} by {groups}" + (f" ({', '.join(span.edits)})" if span.edits else "")
        indices = " ".join(str(palette.index(s)) for s in span.sources)
        out.append(
            f'<{tag} class="{palette.css_class(span.sources[0])}{end}" data-group="{esc(groups)}" '
            f'data-gi="{indices}" title="{esc(title)}">{text}</{tag}>'
        )
    return "".join(out)


def _page(title: str, body: list[str]) -> str:
    head = [
        "<!DOCTYPE html>",
        '<html lang="en">',
        "<head>",
        '<meta charset="utf-8">',
        f'<meta http-equiv="Content-Security-Policy" content="{CSP}">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        '<meta name="generator" content="itu-amend">',
        '<link rel="icon" href="data:,">',
        f"<title>{esc(title)}</title>",
        f"<style>{CSS}</style>",
        "</head>",
        "<body>",
    ]
    return "\n".join([*head, *body, f"<script>{SCRIPT}</script>", "</body>", "</html>"]) + "\n"


def _header(title: str, result: MergeResult) -> list[str]:
    lines = [f'<header><h1 dir="auto">{esc(title)}</h1>']
    if result.version:
        lines.append(f'<p class="version" dir="auto">{esc(result.version)}</p>')
    return [*lines, "</header>"]


def _legend(palette: Palette) -> list[str]:
    """The marks, the colour of each group, and (with the script) a checkbox per group."""
    lines = [
        '<nav class="legend" aria-label="Legend and filter">',
        '<p><span class="ins">inserted</span> <span class="del">deleted</span>'
        ' <span class="disputed" title="not agreed">[disputed]</span>'
        ' <span class="muted">— point at a change to see its group and edit; untick a group to read the text'
        " without its changes.</span></p>",
        "<ul>",
    ]
    for group in palette.groups:
        gi = palette.index(group)
        lines.append(
            f'<li><label><input type="checkbox" data-gi="{gi}" checked hidden data-js> '
            f'<span class="swatch {palette.css_class(group)}"></span>{esc(group)}</label></li>'
        )
    lines.append(
        '<li class="js" hidden data-js><label><input type="checkbox" id="show-tags"> show group names</label></li>'
    )
    return [*lines, "</ul>", "</nav>"]


def render_merge(result: MergeResult) -> str:
    """The consolidated text with a conflicts table on top, conflicts under their paragraphs, and the summary."""
    palette = Palette(result)
    body = [*_header(result.document, result), *_legend(palette)]
    body += ['<section id="conflicts" aria-labelledby="conflicts-h">', '<h2 id="conflicts-h">Conflicts</h2>']
    body += [*_conflict_table(result, voting=False), "</section>"]
    body += ['<main id="text" aria-labelledby="text-h">', '<h2 id="text-h">Consolidated text</h2>']
    for paragraph in result.paragraphs:
        body.extend(_paragraph(result, paragraph, palette))
    body.append("</main>")
    body.extend(_summary(result, palette))
    return _page(result.document, body)


def _paragraph(result: MergeResult, paragraph: MergedParagraph, palette: Palette) -> list[str]:
    pid = anchor_id("p", paragraph.number)
    lines = [f'<div class="para status-{paragraph.status.value}" id="{pid}">']
    if paragraph.heading:
        lines.append(f'<h3 dir="auto">{esc(paragraph.heading)}</h3>')
    lines.append(
        f'<a class="num" href="#{pid}">{esc(paragraph.number)}</a>'
        f'<p class="text" dir="auto">{spans_html(paragraph.spans, palette)}</p>'
    )
    if paragraph.note:
        lines.append(f'<p class="note">Note: {esc(paragraph.note)}</p>')
    for conflict in common.paragraph_conflicts(result, paragraph):
        lines.extend(_conflict(result, conflict, palette))
    return [*lines, "</div>"]


def _state(conflict: Conflict) -> str:
    return "resolved" if conflict.resolved else "unresolved"


def _conflict(result: MergeResult, conflict: Conflict, palette: Palette, voting: bool = False) -> list[str]:
    """A conflict's box: its title, then its options (label, groups, text around the changes) side by side.

    The voting list (`voting=True`) adds the option of keeping the text, and under each
    option its sponsors' documents and rationales and what falls with it.
    """
    state, title_tag = _state(conflict), "h2" if voting else "p"
    lines = [
        f'<section class="conflict {state}" id="{anchor_id("conflict", conflict.id)}">',
        f'<{title_tag} class="conflict-title">{esc(conflict.id)} · {conflict.kind.value} in paragraph '
        f'{esc(conflict.paragraph)} · <span class="state">{state}</span></{title_tag}>',
    ]
    adopted = common.adopted(result, conflict)
    if adopted is not None:
        lines.append(f'<p class="adopted">{esc(adopted[:1].upper() + adopted[1:])}</p>')
    lines.append('<div class="alts">')
    for option in common.options(result, conflict, voting):
        label = f'<span class="label">{esc(option.label)}</span>'
        lines += [
            f'<div class="alt"><p class="alt-title">{label}{esc(option.title)}</p>',
            f'<p class="text" dir="auto">{_option_body(option, palette)}</p>',
        ]
        if voting:
            lines.extend(_sponsors(result, option))
        lines.append("</div>")
    return [*lines, "</div>", "</section>"]


def _option_body(option: reports.Option, palette: Palette) -> str:
    if option.keeps_text:
        return '<em class="muted">(the paragraph as it stands)</em>'
    if not option.text:
        return '<em class="muted">(paragraph deleted)</em>'
    return spans_html(common.excerpt(option.spans), palette)


def _sponsors(result: MergeResult, option: reports.Option) -> list[str]:
    """For the voting list: each sponsor's document and rationale, and what falls with the option."""
    items = []
    for edit in option.edits:
        proposal = common.proposal_of(result, edit.edit.id)
        document = f" ({esc(proposal.document)})" if proposal.document else ""
        rationale = f": {esc(edit.edit.rationale)}" if edit.edit.rationale else ""
        touched = reports.touches_line(edit)
        touch = f'<br><span class="touch">{esc(touched)}</span>' if touched else ""
        items.append(f"<li><strong>{esc(edit.edit.id)}</strong>{document}{rationale}{touch}</li>")
    lines = ['<ul class="sponsors">', *items, "</ul>"] if items else []
    if option.falls:
        lines.append(f'<p class="falls">If adopted, falls: {esc(", ".join(option.falls))}</p>')
    return lines


def _conflict_table(result: MergeResult, voting: bool) -> list[str]:
    """Every conflict in one table, linking to its box (and, in the merged text, to its paragraph)."""
    lines = [f"<p>{common.conflict_line(result)}</p>"]
    if not result.conflicts:
        return lines
    lines += [
        "<table>",
        "<thead><tr><th>conflict</th><th>paragraph</th><th>kind</th><th>options</th><th>state</th></tr></thead>",
        "<tbody>",
    ]
    for conflict in result.conflicts:
        paragraph = _paragraph_link(result, conflict.paragraph) if not voting else esc(conflict.paragraph)
        choices = "<br>".join(f"{esc(o.label)}: {esc(o.title)}" for o in common.options(result, conflict, voting))
        lines.append(
            f'<tr><td><a href="#{anchor_id("conflict", conflict.id)}">{esc(conflict.id)}</a></td>'
            f"<td>{paragraph}</td><td>{conflict.kind.value}</td><td>{choices}</td>"
            f'<td class="state {_state(conflict)}">{esc(common.state(result, conflict))}</td></tr>'
        )
    return [*lines, "</tbody>", "</table>"]


def _summary(result: MergeResult, palette: Palette) -> list[str]:
    lines = ['<section id="summary" aria-labelledby="summary-h">', '<h2 id="summary-h">Summary by group</h2>']
    scope = common.table_scope(result)
    lines += [*_group_table(result, palette), *([f'<p class="muted">{scope}</p>'] if scope else [])]
    lines.append(f"<p>{common.conflict_line(result)}</p>")
    if result.notes:
        lines += ["<h3>Notes</h3>", '<ul class="notes">', *(f"<li>{esc(n)}</li>" for n in result.notes), "</ul>"]
    lines.extend(_not_placed(result))
    return [*lines, "</section>"]


def _not_placed(result: MergeResult) -> list[str]:
    """Every edit no place was found for: who, what it proposes (marked, outside the group filter), why, where."""
    items = reports.not_placed(result)
    if not items:
        return []
    lines = [f'<h3 id="not-placed">Proposals not placed ({len(items)})</h3>', '<ul class="editor">']
    for item in items:
        where = esc(reports.place_text(item))
        if item.candidate and any(p.number == item.candidate for p in result.paragraphs):
            where += f' (<a href="#{anchor_id("p", item.candidate)}">go to paragraph {esc(item.candidate)}</a>)'
        lines.append(
            f'<li><span class="state">{item.edit.status.value}</span> '
            f"<strong>{esc(common.not_placed_head(item))}</strong>"
            f'<p class="text" dir="auto">{_proposed_html(item.spans)}</p>'
            f'<p class="why">Why: {esc(item.reason)}</p><p class="why">Place: {where}</p></li>'
        )
    return [*lines, "</ul>"]


def _proposed_html(spans: Sequence[Span]) -> str:
    """A proposal's marks as plain <del>/<ins>: not applied, so the group filter leaves them alone."""
    out = []
    for span in spans:
        if span.kind == "kept":
            out.append(esc(span.text))
            continue
        tag = "del" if span.kind == "deleted" else "ins"
        groups = ", ".join(span.sources)
        title = f"{'deletion' if tag == 'del' else 'insertion'} proposed by {groups}, not applied"
        out.append(f'<{tag} class="proposed" data-group="{esc(groups)}" title="{esc(title)}">{esc(span.text)}</{tag}>')
    return "".join(out)


def _paragraph_link(result: MergeResult, number: str) -> str:
    """A paragraph number, linked to the paragraph when the merged text has it."""
    if any(p.number == number for p in result.paragraphs):
        return f'<a href="#{anchor_id("p", number)}">{esc(number)}</a>'
    return esc(number)


def _group_table(result: MergeResult, palette: Palette) -> list[str]:
    header = "".join(f'<th class="n">{s.value}</th>' for s in common.STATUS_COLUMNS)
    lines = ["<table>", f"<thead><tr><th>group</th><th>edits</th>{header}</tr></thead>", "<tbody>"]
    for row in common.group_rows(result):
        swatch = f'<span class="swatch {palette.css_class(row.source)}"></span>'
        counts = "".join(_count(row.counts.get(s, 0)) for s in common.STATUS_COLUMNS)
        lines.append(f'<tr><td>{swatch}{esc(row.source)}</td><td class="n">{row.total}</td>{counts}</tr>')
    return [*lines, "</tbody>", "</table>"]


def _count(n: int) -> str:
    return f'<td class="n">{n}</td>' if n else '<td class="n zero">·</td>'


def render_conflicts(result: MergeResult) -> str:
    """The reviewers' voting list: a table of conflicts, then each conflict's options with sponsors and what falls."""
    palette = Palette(result)
    body = [*_header(f"Conflicts in {result.document}", result), *_legend(palette), "<main>"]
    body += _conflict_table(result, voting=True)
    for conflict in result.conflicts:
        body += _conflict(result, conflict, palette, voting=True)
    body.append("</main>")
    return _page(f"Conflicts in {result.document}", body)
