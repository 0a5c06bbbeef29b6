"""Apply the drift cases with itu-amend and with the usual tools; print correct / wrong / refused / time per kind.

Every tool gets the same edit. itu-amend gets it as it is written (the quoted passage
with CriticMarkup marks and the paragraph number the author saw) and applies it
through the library (`itu_amend.merging.merge`). The diff-based peers get the
author's whole draft before and after the edit (one paragraph a line, paragraphs
separated by a blank line) and the current baseline in the same form:

- diff-match-patch `patch_make(draft, edited)` then `patch_apply(patches, baseline)`,
  with its default settings and with tuned ones (TUNED below);
- GNU `patch --fuzz=3 --forward` with a unified diff (3 lines of context) of draft and edited;
- `wiggle --merge --words baseline draft edited`;
- `git merge-file -p baseline draft edited`.

A peer that is not installed is skipped. Outcomes:

- correct: the whole baseline reads as expected, white space aside (for an edit that
  must not apply: the baseline unchanged, or the tool reported a failure); how many
  correct outcomes differ from the expected text in white space is reported apart;
- refused: the tool reported a failure (a rejected hunk, conflict markers) or left
  the baseline unchanged, where the edit should have applied;
- wrong: anything else: text changed where or how nobody proposed it (including a
  diff-match-patch application where only some of its patches applied).

    python benchmarks/run.py                    # 20 cases of each kind (300), every tool found
    python benchmarks/run.py --per-kind 5 --details
    python benchmarks/run.py --kinds issue13    # issue 13's traps (100 cases), each with 2-4 other edits

In issue 13's kinds the proposal holds 2-4 other edits besides the one measured (verbatim
quotes elsewhere in the draft, which show how it was renumbered); every tool gets them
too, and the verdict is on the whole baseline as before.
"""

from __future__ import annotations

import argparse
import difflib
import json
import shutil
import subprocess
import sys
import tempfile
import time
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from common import cpu, engine
from drift import ALL_KINDS, KIND_SETS, Case, Para, export, generate

from itu_amend import critic
from itu_amend.loading import Inputs
from itu_amend.merging import merge
from itu_amend.model import Action, Baseline, Edit, EditStatus, Paragraph, Proposal

try:
    import diff_match_patch as dmp_module
except ImportError:  # a peer, installed for measuring only
    dmp_module = None

TUNED = {"Match_Threshold": 0.3, "Match_Distance": 100_000, "Patch_DeleteThreshold": 0.3, "Patch_Margin": 8}
"""diff-match-patch settings chosen by `--tune-dmp --seed 7 --per-kind 6` (another seed than the table's):
the most correct, then the fewest wrong, of 16 settings; the defaults are 0.5, 1000, 0.5 and 4."""


@dataclass(frozen=True)
class Outcome:
    """What a tool made of one case: the whole baseline text after it ran, and whether it said it failed."""

    text: str
    failed: bool
    seconds: float
    partial: bool = False  # some of the edit applied, some not (diff-match-patch)
    status: str = ""  # itu-amend's edit status
    message: str = ""
    others_failed: int = 0  # itu-amend: the case's companion edits not applied (issue 13's kinds)


def document(paragraphs: tuple[Para, ...]) -> str:
    """The text the diff-based tools see: one paragraph a line, a blank line between paragraphs."""
    return "\n\n".join(text for _, text in paragraphs) + "\n"


def verdict(case: Case, outcome: Outcome) -> str:
    """correct, wrong or refused; texts that differ only in white space count as equal (see `spacing`)."""
    baseline = _words(document(case.baseline))
    if _words(outcome.text) == _words(document(case.expected)) and not outcome.partial:
        return "correct"
    if case.refuse:
        return "correct" if outcome.failed and not outcome.partial else "wrong"
    if (outcome.failed and not outcome.partial) or _words(outcome.text) == baseline:
        return "refused"
    return "wrong"


def spacing(case: Case, outcome: Outcome) -> bool:
    """A correct outcome whose white space differs from the expected text (a space for an NBSP, a moved break)."""
    return outcome.text != document(case.expected) and _words(outcome.text) == _words(document(case.expected))


def _words(text: str) -> str:
    return " ".join(text.split())


# --- the tools ---------------------------------------------------------------------------


def itu_amend(case: Case, _: Path) -> Outcome:
    """One proposal with the MOD edit (and its companions, in the author's order), merged by the library."""
    baseline = Baseline("drift case", tuple(Paragraph(number, text) for number, text in case.baseline))
    written = sorted([(case.hint, case.text, True), *((c.hint, c.text, False) for c in case.companions)],
                     key=lambda e: int(e[0]))  # fmt: skip
    edits = tuple(
        Edit(f"G/{k}", "G", Action.MOD, k, paragraph=hint, text=text, marked=critic.parse(text))
        for k, (hint, text, _) in enumerate(written, 1)
    )
    main = next(f"G/{k}" for k, (_, _, is_main) in enumerate(written, 1) if is_main)
    inputs = Inputs(baseline, (Proposal("G", edits, "g.yaml"),))
    start = time.perf_counter()
    result = merge(inputs)
    seconds = time.perf_counter() - start
    merged = tuple((p.number, p.text) for p in result.paragraphs)
    outcome = next(e for e in result.edits if e.edit.id == main)
    others = sum(e.status is not EditStatus.APPLIED for e in result.edits if e.edit.id != main)
    return Outcome(
        document(merged),
        outcome.status is not EditStatus.APPLIED,
        seconds,
        False,
        outcome.status.value,
        outcome.message or "",
        others,
    )


def _dmp(settings: dict[str, float]) -> Callable[[Case, Path], Outcome]:
    def apply(case: Case, _: Path) -> Outcome:
        assert dmp_module is not None
        engine = dmp_module.diff_match_patch()
        for name, value in settings.items():
            setattr(engine, name, value)
        start = time.perf_counter()
        patches = engine.patch_make(document(case.draft), document(case.edited))
        text, applied = engine.patch_apply(patches, document(case.baseline))
        seconds = time.perf_counter() - start
        return Outcome(text, not all(applied), seconds, any(applied) and not all(applied))

    return apply


def _files(case: Case, work: Path) -> tuple[Path, Path, Path]:
    names = ("baseline.txt", "draft.txt", "edited.txt")
    paths = tuple(work / name for name in names)
    for path, paragraphs in zip(paths, (case.baseline, case.draft, case.edited), strict=True):
        path.write_text(document(paragraphs), encoding="utf-8")
    return paths[0], paths[1], paths[2]


def _run(command: list[str]) -> tuple[subprocess.CompletedProcess[str], float]:
    start = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True, encoding="utf-8", check=False)
    return done, time.perf_counter() - start


def gnu_patch(case: Case, work: Path) -> Outcome:
    baseline, draft, edited = _files(case, work)
    diff = difflib.unified_diff(
        draft.read_text(encoding="utf-8").splitlines(keepends=True),
        edited.read_text(encoding="utf-8").splitlines(keepends=True),
        "a/doc.txt",
        "b/doc.txt",
    )
    (work / "edit.diff").write_text("".join(diff), encoding="utf-8")
    out = work / "out.txt"
    out.unlink(missing_ok=True)
    command = ["patch", "--fuzz=3", "--forward", "--batch", "--silent", "--no-backup-if-mismatch"]
    done, seconds = _run([*command, "-r", "-", "-o", str(out), str(baseline), str(work / "edit.diff")])
    text = out.read_text(encoding="utf-8") if out.exists() else document(case.baseline)
    return Outcome(text, done.returncode != 0, seconds)


def wiggle(case: Case, work: Path) -> Outcome:
    baseline, draft, edited = _files(case, work)
    done, seconds = _run(["wiggle", "--merge", "--words", str(baseline), str(draft), str(edited)])
    return Outcome(done.stdout, done.returncode != 0, seconds)


def git_merge_file(case: Case, work: Path) -> Outcome:
    baseline, draft, edited = _files(case, work)
    done, seconds = _run(["git", "merge-file", "-p", str(baseline), str(draft), str(edited)])
    return Outcome(done.stdout, done.returncode != 0, seconds)


def tools() -> dict[str, Callable[[Case, Path], Outcome]]:
    """itu-amend and every peer installed on this machine."""
    found: dict[str, Callable[[Case, Path], Outcome]] = {"itu-amend": itu_amend}
    if dmp_module is not None:
        found["dmp default"] = _dmp({})
        found["dmp tuned"] = _dmp(TUNED)
    if shutil.which("patch"):
        found["patch --fuzz=3"] = gnu_patch
    if shutil.which("wiggle"):
        found["wiggle --words"] = wiggle
    if shutil.which("git"):
        found["git merge-file"] = git_merge_file
    return found


# --- running and reporting --------------------------------------------------------------


@dataclass
class Tally:
    counts: Counter[str]
    seconds: float = 0.0

    def add(self, what: str, seconds: float) -> None:
        self.counts[what] += 1
        self.seconds += seconds


def run(
    cases: list[Case], chosen: dict[str, Callable[[Case, Path], Outcome]]
) -> dict[str, list[tuple[Case, Outcome, str]]]:
    results: dict[str, list[tuple[Case, Outcome, str]]] = defaultdict(list)
    with tempfile.TemporaryDirectory(prefix="itu-amend-drift-") as tmp:
        work = Path(tmp)
        for case in cases:
            for name, apply in chosen.items():
                outcome = apply(case, work)
                results[name].append((case, outcome, verdict(case, outcome)))
    return results


def table(results: dict[str, list[tuple[Case, Outcome, str]]]) -> str:
    """Markdown: one row per kind, for each tool 'correct / wrong / refused' and mean milliseconds per edit."""
    names = list(results)
    head = "| drift kind | n | " + " | ".join(f"{n}: c / w / r | ms" for n in names) + " |"
    rows = [head, "|" + " --- |" * (2 + 2 * len(names))]
    kinds = [k for k in ALL_KINDS if any(c.kind == k for c, _, _ in results[names[0]])]
    for kind in [*kinds, "all"]:
        cells = []
        n = 0
        for name in names:
            tally = Tally(Counter())
            for case, outcome, what in results[name]:
                if kind in ("all", case.kind):
                    tally.add(what, outcome.seconds)
            n = sum(tally.counts.values())
            c, w, r = (tally.counts[x] for x in ("correct", "wrong", "refused"))
            cells.append(f"{c} / {w} / {r} | {1000 * tally.seconds / max(n, 1):.1f}")
        label = "**all**" if kind == "all" else kind
        rows.append(f"| {label} | {n} | " + " | ".join(cells) + " |")
    return "\n".join(rows)


def summary(results: dict[str, list[tuple[Case, Outcome, str]]]) -> str:
    lines = []
    for name, rows in results.items():
        counts = Counter(what for _, _, what in rows)
        total = len(rows)
        partial = sum(o.partial for _, o, _ in rows)
        spaced = sum(what == "correct" and spacing(c, o) for c, o, what in rows)
        extra = f", {partial} partly applied" if partial else ""
        extra += f"; {spaced} of the correct differ from the expected text in white space only" if spaced else ""
        others = sum(o.others_failed > 0 for _, o, _ in rows)
        extra += f"; in {others} cases another edit of the proposal was not applied" if others else ""
        lines.append(
            f"{name}: {counts['correct']}/{total} correct ({100 * counts['correct'] / total:.1f} %), "
            f"{counts['wrong']} wrong ({100 * counts['wrong'] / total:.1f} %), {counts['refused']} refused{extra}"
        )
    return "\n".join(lines)


def details(rows: list[tuple[Case, Outcome, str]], show: tuple[str, ...]) -> str:
    """Each case of the given verdicts, with what itu-amend said and what it produced."""
    out = []
    for case, outcome, what in rows:
        if what not in show:
            continue
        out.append(f"--- {case.id} [{what}] {case.note}")
        out.append(f"    edit (paragraph {case.hint}): {case.text}")
        out.append(f"    status: {outcome.status} {outcome.message}")
        before = dict(case.baseline)
        want = {n: t for n, t in case.expected if before.get(n) != t}
        for block in outcome.text.rstrip("\n").split("\n\n"):
            if block not in before.values():
                out.append(f"    got:      {block!r}")
        for number, text in want.items():
            out.append(f"    expected: {number}: {text!r}")
    return "\n".join(out)


def peers() -> str:
    """The versions of the peers found."""
    versions = []
    for command in (["patch", "--version"], ["wiggle", "--version"], ["git", "--version"]):
        if shutil.which(command[0]):
            done = subprocess.run(command, capture_output=True, text=True, check=False)
            first = (done.stdout or done.stderr).splitlines()[:1]
            versions.append(first[0] if first else command[0])
    if dmp_module is not None:
        versions.append(f"diff-match-patch {getattr(dmp_module, '__version__', '?')}")
    return "; ".join(versions)


def tune_dmp(cases: list[Case]) -> None:
    """Try a grid of diff-match-patch settings; print them best first (most correct, then fewest wrong)."""
    scores = []
    for threshold in (0.3, 0.5):
        for distance in (1000, 100_000):
            for delete in (0.3, 0.5):
                for margin in (4, 8):
                    settings = {
                        "Match_Threshold": threshold,
                        "Match_Distance": distance,
                        "Patch_DeleteThreshold": delete,
                        "Patch_Margin": margin,
                    }
                    rows = run(cases, {"dmp": _dmp(settings)})["dmp"]
                    counts = Counter(what for _, _, what in rows)
                    scores.append((counts["correct"], -counts["wrong"], settings))
                    print(
                        f"correct {counts['correct']}, wrong {counts['wrong']}: {settings}", file=sys.stderr, flush=True
                    )
    for correct, wrong, settings in sorted(scores, key=lambda s: (s[0], s[1]), reverse=True)[:10]:
        print(f"correct {correct}, wrong {-wrong}: {settings}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--per-kind", type=int, default=20, help="cases of each kind of drift (default 20: 300 cases)")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument(
        "--kinds", choices=list(KIND_SETS), default="issue3", help="issue3 (default: the 300 cases), issue13 or all"
    )
    parser.add_argument("--kind", choices=list(ALL_KINDS), action="append", help="only these kinds (repeatable)")
    parser.add_argument("--export", type=Path, help="also write the cases in drift-dev's JSON (.json or .json.gz)")
    parser.add_argument("--tool", action="append", help="run only these tools (repeatable)")
    parser.add_argument(
        "--details", action="append", metavar="TOOL", help="show every case this tool got wrong or refused (repeatable)"
    )
    parser.add_argument("--json", type=Path, help="write every outcome to this file")
    parser.add_argument("--tune-dmp", action="store_true", help="search diff-match-patch settings instead")
    args = parser.parse_args()
    cases = generate(args.per_kind, args.seed, tuple(args.kind or KIND_SETS[args.kinds]))
    if args.export:
        export(cases, args.export, args.seed)
    if args.tune_dmp:
        tune_dmp(cases)
        return
    chosen = {name: f for name, f in tools().items() if not args.tool or name in args.tool}
    missing = [n for n in ("dmp default", "patch --fuzz=3", "wiggle --words", "git merge-file") if n not in tools()]
    if missing:
        print(f"(skipped, not installed: {', '.join(missing)})", file=sys.stderr)
    results = run(cases, chosen)
    print(f"{len(cases)} cases, seed {args.seed}")
    print(f"machine: {cpu()}")
    print(f"engine: {engine()}")
    print(f"peers: {peers()}\n")
    print(table(results))
    print()
    print(summary(results))
    for name in args.details or ():
        print(f"\n{name}:")
        print(details(results[name], ("wrong", "refused")))
    if args.json:
        dump = {
            name: [
                {"case": c.id, "kind": c.kind, "verdict": v, "status": o.status, "message": o.message}
                for c, o, v in rows
            ]
            for name, rows in results.items()
        }
        args.json.write_text(json.dumps(dump, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
