"""YAML: the next draft as a baseline file, to be the baseline of the next round of proposals.

Written as `baseline import` writes one (`yamltext`: folded prose, quoted numbers); what a
reader needs to know of each new bracket (its options' edits, the no-change option) is in
comments, which the loader ignores.
"""

from __future__ import annotations

from .. import yamltext
from ..nextdraft import DraftParagraph, NextDraft
from . import common


def render_next_draft(draft: NextDraft) -> str:
    """The next draft as a baseline YAML file that `load_baseline` and the bracket reader read back."""
    groups = f" Proposals of this round: {', '.join(draft.groups)}." if draft.groups else ""
    lines = [*yamltext.comment(f"Written by itu-amend next-draft. {common.NEXT_DRAFT_NOTE}{groups}")]
    lines += yamltext.scalar("document", draft.document, 0)
    if draft.version:
        lines += yamltext.scalar("version", draft.version, 0)
    lines.append("paragraphs:")
    for paragraph in draft.paragraphs:
        lines += _paragraph(paragraph)
    return "\n".join(lines + _closing(draft)) + "\n"


def _paragraph(paragraph: DraftParagraph) -> list[str]:
    lines = []
    for bracket in paragraph.brackets:
        lines += yamltext.comment(common.new_bracket_head(bracket), 2)
        lines += [line for option in common.new_option_lines(bracket) for line in yamltext.comment(f"- {option}", 2)]
    lines.append(f"  - number: {yamltext.quoted(paragraph.number)}")
    if paragraph.heading:
        lines += yamltext.scalar("heading", paragraph.heading, 4)
    return lines + yamltext.scalar("text", paragraph.text, 4)


def _closing(draft: NextDraft) -> list[str]:
    """Comments at the end: the conflicts left as they stand and the proposals not placed."""
    lines = []
    if draft.unbracketed:
        lines += yamltext.comment("Conflicts not bracketed:")
        lines += [line for u in draft.unbracketed for line in yamltext.comment(f"- {common.unbracketed_line(u)}")]
    if draft.not_placed:
        lines += yamltext.comment("Proposals not placed, to be proposed again against this draft:")
        for item in draft.not_placed:
            lines += yamltext.comment(f"- {common.not_placed_head(item)}: {item.reason}")
    return lines
