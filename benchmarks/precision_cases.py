"""Minimal reproductions of the cases where itu-amend applied an edit wrongly in the benchmarks.

Each case is one baseline, one MOD edit and what must happen; the script prints what
itu-amend did, through the library. (Found by run.py and scale.py; see README.md.)

    python benchmarks/precision_cases.py
"""

from __future__ import annotations

from dataclasses import dataclass

from itu_amend import critic
from itu_amend.loading import Inputs
from itu_amend.merging import merge
from itu_amend.model import Action, Baseline, Edit, EditStatus, Paragraph, Proposal

FILLER = tuple((str(n), f"Paragraph {n} says something else entirely, number {n}.") for n in range(1, 41))


@dataclass(frozen=True)
class Repro:
    title: str
    paragraphs: tuple[tuple[str, str], ...]
    text: str  # the MOD text
    hint: str
    expected: str  # in words
    right: tuple[str, ...] = ()  # paragraphs where applying it is right
    before: tuple[tuple[str, str], ...] = ()  # (hint, text) of the proposal's edits before this one
    after: tuple[tuple[str, str], ...] = ()  # and after it


def _with(base: tuple[tuple[str, str], ...], **texts: str) -> tuple[tuple[str, str], ...]:
    return tuple((n, texts.get(f"p{n}", t)) for n, t in base)


CASES = (
    Repro(
        "already taken in; the quoted words also stand in the next clause, which loses them",
        (
            (
                "1",
                'converts it to an integer range "0 - 10FFFF"; "chr()" converts an integer in the range '
                '"0 - 10FFFF" to a string.',
            ),
        ),
        'to an integer{-- in the--} range "0 -',
        "1",
        "already (the first clause reads as proposed); nothing changes",
    ),
    Repro(
        "the quoted sentence stands in the paragraph now bearing the author's number, and in its true place beside it",
        (
            ("1", "A preamble paragraph. Keys views are set-like since their entries are unique and hashable."),
            ("2", "Keys views are set-like since their entries are unique and hashable. Values views are not."),
        ),
        "Keys views are set-like since their entries are {--unique and --}hashable.",
        "1",
        "ambiguous (the draft was renumbered by one: paragraph 2 is the author's 1); never applied to 1 alone",
    ),
    Repro(
        "stale in the hinted paragraph; a similar sentence far away scores higher and takes the edit",
        _with(
            FILLER,
            p3="It closes itself. Clear the cache and the with f.cache_clear(). This class provides a mechanism.",
            p36="If something's wrong, print a message, discard the cache and statistics with f.cache_clear(). "
            "Open the file spans multiple physical lines concatenated into a dict of the default behaviour.",
        ),
        "Clear the cache and {~~statistics with~>with an *alignment* type~~} f.cache_clear().",
        "3",
        "stale at paragraph 3 (its 'statistics' now reads 'the'), or ambiguous; never applied to 36",
    ),
)


ALREADY_HERE = "Computed by @total_ordering from (not a of the b. This object captures the state."
OLD_ELSEWHERE = "Print a stack trace. Computed by @total_ordering from (not a > b. Fail unless it is set."
CASES += tuple(
    Repro(
        f"already taken in at paragraph 12, the old sentence verbatim far away; the hint says {hint}",
        _with(FILLER, p12=ALREADY_HERE, p30=OLD_ELSEWHERE),
        "Computed by @total_ordering from (not a {~~>~>of the~~} b.",
        hint,
        "already (paragraph 12 reads as proposed); never applied to 30",
    )
    for hint in ("12", "16")
)


FIRST = "The first quoted sentence stands here {~~unchanged~>as it was~~}, long enough to be found."
THIRD = "The third quoted sentence stands here {~~unchanged~>as it was~~}, long enough to be found."
CASES += (
    Repro(
        "the proposal's other edits show a renumbering by +10; the edit's own paragraph lost a word; "
        "its quote stands verbatim far away",
        _with(
            tuple((str(n), f"Paragraph {n} says something else entirely, number {n}.") for n in range(1, 61)),
            p5="Raises an error otherwise. In this case, read_eager() may return all read bytes. This allows more.",
            p40=FIRST.replace("{~~unchanged~>as it was~~}", "unchanged"),
            p41="Article numbers are equal. In this case, read_eager() return all read bytes. Validate the data.",
            p42=THIRD.replace("{~~unchanged~>as it was~~}", "unchanged"),
        ),
        "case, read_eager() may return {~~all~>these are generally~~} read",
        "31",
        "applied in 41 (31 + 10, fuzzy) or ambiguous; never applied to 5",
        right=("41",),
        before=(("30", FIRST),),
        after=(("32", THIRD),),
    ),
)


def run(case: Repro) -> str:
    baseline = Baseline("t", tuple(Paragraph(n, t) for n, t in case.paragraphs))
    written = (*case.before, (case.hint, case.text), *case.after)
    edits = tuple(
        Edit(f"G/{i}", "G", Action.MOD, i, paragraph=hint, text=text, marked=critic.parse(text))
        for i, (hint, text) in enumerate(written, 1)
    )
    result = merge(Inputs(baseline, (Proposal("G", edits, "g.yaml"),)))
    outcome = result.edits[len(case.before)]
    lines = [f"  itu-amend: {outcome.status.value} in {outcome.paragraph} ({outcome.message})"]
    before = dict(case.paragraphs)
    for paragraph in result.paragraphs:
        if paragraph.text != before[paragraph.number]:
            lines.append(f"  {paragraph.number} now reads: {paragraph.text!r}")
    verdict = "WRONG" if outcome.status is EditStatus.APPLIED and outcome.paragraph not in case.right else "ok"
    return f"[{verdict}] " + "\n".join(lines).lstrip()


def main() -> None:
    for n, case in enumerate(CASES, 1):
        print(f"{n}. {case.title}")
        for hint, text in case.before:
            print(f"   (the proposal's edit before it, paragraph {hint}: {text})")
        print(f"   edit (paragraph {case.hint}): {case.text}")
        for hint, text in case.after:
            print(f"   (the proposal's edit after it, paragraph {hint}: {text})")
        print(f"   expected: {case.expected}")
        print(f"   {run(case)}\n")


if __name__ == "__main__":
    main()
