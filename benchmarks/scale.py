"""Scale: a 20,000-paragraph baseline and thousands of edits in 50 proposal files, timed end to end and by phase.

For each number of edits it writes a workspace (baseline/, proposals/) to a temporary
folder and measures:

- end to end: `itu-amend merge --format json -o FILE` in a child process (wall time and
  peak memory from `os.wait4`), with a time limit (`--budget`);
- the phases, in another child process: loading the YAML files, building the baseline
  index, anchoring (`anchor_proposals`, timed by wrapping it), the rest of the merge,
  rendering the JSON, and its peak memory;
- the floor: parsing the same files with ruamel.yaml, `typ="safe"` with the C loader
  where `ruamel.yaml.clib` is installed, and `typ="rt"` (pure Python, what itu-amend uses);
- outcomes: each edit's result checked against the ground truth (as in run.py: correct,
  wrong, refused), with how many refused quotes stand verbatim in another paragraph.

Where a run would take longer than the budget, anchoring a random sample of the edits
(`--sample`) gives the cost per edit, and the full time is extrapolated (and marked so).

    python benchmarks/scale.py                                 # 2,500 / 5,000 / 10,000 / 20,000 edits
    python benchmarks/scale.py --edits 2500 --profile prof.txt # one size, with a cProfile summary of anchoring
    python benchmarks/scale.py --edits 10000 --traps --files 1 --export /tmp/scale13.json.gz
        # issue 13: its traps besides the usual drift, every edit in one proposal, and the set for score.py
"""

from __future__ import annotations

import argparse
import cProfile
import io
import json
import os
import pstats
import random
import resource
import signal
import subprocess
import sys
import tempfile
import time
from collections import Counter
from dataclasses import asdict, dataclass, replace
from pathlib import Path
from typing import Protocol

import drift
import prose
from common import cpu, engine

PARAGRAPHS = 20_000
FILES = 50
SIZES = (2_500, 5_000, 10_000, 20_000)
MIX = {
    "none": 40,
    "whitespace": 8,
    "typography": 8,
    "spelling": 8,
    "words": 8,
    "sentence-added": 6,
    "sentence-removed": 5,
    "moved": 5,
    "already": 4,
    "stale": 4,
    "deleted": 4,
}
"""Drift of each edit's paragraph at scale (weights). Besides, 1 % new paragraphs are inserted
and 0.5 % of the others removed, so that the numbers the authors saw have shifted."""
TRAPS = {"decoy-changed": 4, "decoy-verbatim": 2, "deleted-copy": 4, "merged-copy": 3}
"""Issue 13's traps, added to MIX by --traps (weights; MIX's sum to 100):

- decoy-changed: the quoted sentence copied verbatim into a paragraph 1-10 places away, and the
  quoted paragraph changed slightly in the quote (`drift.nudge`: a word or a comma), so that the
  only verbatim copy is the decoy; decoy-verbatim: the same, the quoted paragraph unchanged;
- deleted-copy: the paragraph deleted; its quoted sentence stands verbatim (in the draft too) in
  another paragraph 2-6 places away (variant near) or 1,000 or more away (far): must be refused;
- merged-copy: the paragraph merged with its neighbour, into which the quoted sentence had been
  copied (variant verbatim: it stands twice there; changed: its own place changed slightly).

With --traps the draft also shrinks: 3 % more of its plain paragraphs are removed, so that the
numbers the authors saw near its end are past the end of the baseline (row "number past the end")."""
SHRINK = 0.03
OPS = {name: op for name, op in drift.DRIFTS.items() if name in MIX}
OPS["decoy-changed"] = lambda w: drift.nudge(w.target, w.rng, w.lang)
REFUSE = ("stale", "deleted", "deleted-copy")
ITU_AMEND = Path(sys.executable).with_name("itu-amend")


class Babble(Protocol):
    """What makes the paragraphs of a large draft (prose.Babbler; languages.HanBabbler in Chinese)."""

    def paragraph(self) -> str: ...


@dataclass(frozen=True)
class Truth:
    """What must become of one edit."""

    id: str
    kind: str
    number: str | None  # the baseline paragraph it must change (None: it must not apply)
    text: str | None  # that paragraph once changed
    refuse: bool  # stale words or paragraph deleted
    already: bool  # the baseline already reads as proposed
    quote: str  # the old passage, as the author quoted it
    elsewhere: int = 0  # other baseline paragraphs holding the quoted passage word for word
    variant: str = ""  # of a trap (--traps)
    hint: str = ""  # the number the author gave
    critic: str = ""  # the MOD text
    past_end: bool = False  # the author's number is past the end of the baseline


# --- the workspace ----------------------------------------------------------------------------


def build(
    root: Path,
    paragraphs: int,
    edits: int,
    files: int,
    seed: int,
    traps: bool = False,
    export: Path | None = None,
    lang: drift.Language = drift.ENGLISH,
    babbler: Babble | None = None,
) -> list[Truth]:
    """Write baseline/ and proposals/ under `root`; the ground truth of every edit. With `traps`, issue 13's
    kinds too (TRAPS) and a draft that shrank; `export`: also the set in drift-dev's JSON. `lang` and
    `babbler`: another language's prose (languages.py; English, prose.Babbler, by default)."""
    rng = random.Random(seed)
    babbler = babbler or prose.Babbler(random.Random(seed))
    texts = [babbler.paragraph() for _ in range(paragraphs)]
    targets: dict[int, tuple[drift.Target, str]] = {}
    mix = {**MIX, **TRAPS} if traps else MIX
    for index, kind in zip(sorted(rng.sample(range(paragraphs), edits)), _kinds(rng, edits, mix), strict=True):
        targets[index] = _drifted(texts[index], kind, rng, lang)
    slots: list[str | drift.Target | drift.Host] = [targets[i][0] if i in targets else t for i, t in enumerate(texts)]
    variants: dict[int, str] = {}
    merged_away: set[int] = set()
    if traps:
        variants, merged_away = _plant(slots, targets, rng)
    draft_numbers = {id(s): str(i + 1) for i, s in enumerate(slots)}
    draft = [s if isinstance(s, str) else s.draft() for s in slots]
    slots = _shuffle(slots, targets, babbler, rng, merged_away, SHRINK if traps else 0.0)
    numbers = {id(s): str(i + 1) for i, s in enumerate(slots)}
    current = [s if isinstance(s, str) else s.current() for s in slots]
    _write_baseline(root / "baseline", current)
    truths = _write_proposals(root / "proposals", targets, draft_numbers, numbers, files, rng, variants)
    truths = [replace(t, past_end=int(t.hint) > len(current)) for t in truths]
    truths = _count_elsewhere(truths, current)
    (root / "truth.json").write_text(json.dumps([asdict(t) for t in truths], ensure_ascii=False, indent=0))
    if export is not None:
        _export(export, truths, draft, current, f"benchmarks/scale.py seed {seed}, {edits} edits, traps {traps}")
    return truths


def _kinds(rng: random.Random, n: int, mix: dict[str, int] = MIX) -> list[str]:
    return rng.choices(list(mix), weights=list(mix.values()), k=n)


def _plant(
    slots: list[str | drift.Target | drift.Host], targets: dict[int, tuple[drift.Target, str]], rng: random.Random
) -> tuple[dict[int, str], set[int]]:
    """Put each trap's copy into another paragraph (a `drift.Host`); the variant of every trap, and the hosts
    that merge into their target."""
    variants: dict[int, str] = {}
    merged_away: set[int] = set()
    n = len(slots)
    for index in sorted(targets):
        target, kind = targets[index]
        if kind not in TRAPS:
            continue
        variant = ""
        if kind.startswith("decoy"):
            places = [j for j in range(index - 10, index + 11) if j != index]
        elif kind == "deleted-copy":
            variant = rng.choice(["near", "far"])
            if variant == "near":
                places = [j for j in range(index - 6, index + 7) if abs(j - index) >= 2]
            else:
                places = [j for j in (rng.randrange(n) for _ in range(20)) if abs(j - index) >= 1000]
        else:
            places = [index - 1, index + 1]
            variant = rng.choice(["verbatim", "changed"])
        free = [j for j in places if 0 <= j < n and isinstance(slots[j], str)]
        if not free:
            targets[index] = (target, "none" if kind in ("decoy-verbatim", "deleted-copy", "merged-copy") else "words")
            continue
        j = rng.choice(free)
        text = slots[j]
        assert isinstance(text, str)
        copied = drift._with_copy(text, target.seen_block(), rng)
        if kind == "deleted-copy":
            slots[j] = drift.Host(copied, copied)
        else:
            slots[j] = drift.Host(text, copied)
        if kind == "merged-copy":
            if variant == "changed" and drift.nudge(target, rng) is None:
                variant = "verbatim"
            if j < index:
                target.before.insert(0, drift.Piece("", copied))
            else:
                target.after.append(drift.Piece("", copied))
            merged_away.add(id(slots[j]))
        if variant:
            variants[id(target)] = variant
    return variants, merged_away


def _drifted(
    text: str, kind: str, rng: random.Random, lang: drift.Language = drift.ENGLISH
) -> tuple[drift.Target, str]:
    """The edit's target with its drift applied (no drift where the text does not allow this kind)."""
    for attempt in range(60):
        if attempt == 40:
            kind = "none"
        change = "replace" if kind == "stale" else rng.choice(["delete", "insert", "replace"])
        target = drift._target(text, rng, kind == "sentence-removed", change, lang)
        if target is None or target.draft().count(target.old_passage()) != 1:
            continue
        if kind in ("none", "moved", "deleted", "decoy-verbatim", "deleted-copy", "merged-copy"):
            return target, kind
        if OPS[kind](drift.Work(rng, [target], target, [], lang=lang)) is not None:
            return target, kind
    raise RuntimeError(f"no edit could be made in {text!r}")


def _shuffle(
    slots: list[str | drift.Target | drift.Host],
    targets: dict[int, tuple[drift.Target, str]],
    babbler: Babble,
    rng: random.Random,
    merged_away: set[int] | None = None,
    shrink: float = 0.0,
) -> list[str | drift.Target | drift.Host]:
    """The draft as it drifted: paragraphs added and removed, targets moved or deleted (and, with traps,
    hosts merged into their target and `shrink` of the plain paragraphs removed besides)."""
    gone = {id(t) for t, kind in targets.values() if kind in ("deleted", "deleted-copy")}
    plain = [i for i, s in enumerate(slots) if isinstance(s, str)]
    gone |= {id(slots[i]) for i in rng.sample(plain, min(len(plain), len(slots) // 200))}
    if shrink:
        left = [i for i in plain if id(slots[i]) not in gone]
        gone |= {id(slots[i]) for i in rng.sample(left, int(len(slots) * shrink))}
    gone |= merged_away or set()
    kept = [s for s in slots if id(s) not in gone]
    for _ in range(len(slots) // 100):
        kept.insert(rng.randrange(len(kept) + 1), babbler.paragraph())
    for target, kind in targets.values():
        if kind == "moved":
            kept.remove(target)
            kept.insert(rng.randrange(len(kept) + 1), target)
    return kept


def _yaml_string(text: str) -> str:
    """A YAML double-quoted scalar (a JSON string is one)."""
    return json.dumps(text, ensure_ascii=False)


def _write_baseline(folder: Path, texts: list[str]) -> None:
    folder.mkdir(parents=True)
    lines = ["document: Scale benchmark (generated from the Python documentation's prose)", "paragraphs:"]
    for number, text in enumerate(texts, 1):
        lines += [f'  - number: "{number}"', f"    text: {_yaml_string(text)}"]
    (folder / "baseline.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")


def _write_proposals(
    folder: Path,
    targets: dict[int, tuple[drift.Target, str]],
    draft_numbers: dict[int, str],
    numbers: dict[int, str],
    files: int,
    rng: random.Random,
    variants: dict[int, str] | None = None,
) -> list[Truth]:
    """Edits spread at random over `files` proposals, each in document order as a group writes them."""
    folder.mkdir(parents=True)
    groups: list[list[drift.Target]] = [[] for _ in range(files)]
    for target, _ in targets.values():
        groups[rng.randrange(files)].append(target)
    kinds = {id(t): k for t, k in targets.values()}
    truths = []
    for g, group in enumerate(groups, 1):
        source = f"G{g:02d}"
        group.sort(key=lambda t: int(draft_numbers[id(t)]))
        lines = [f"source: {source}", "edits:"]
        for n, target in enumerate(group, 1):
            hint = draft_numbers[id(target)]
            lines += ["  - action: MOD", f'    paragraph: "{hint}"', f"    text: {_yaml_string(target.marked())}"]
            kind = kinds[id(target)]
            refuse = kind in REFUSE
            number = None if refuse or kind == "already" else numbers[id(target)]
            text = None if number is None else target.current(applied=True)
            variant = (variants or {}).get(id(target), "")
            truth = Truth(f"{source}/{n}", kind, number, text, refuse, kind == "already", target.old_passage())
            truths.append(replace(truth, variant=variant, hint=hint, critic=target.marked()))
        if not group:
            lines[-1] = "edits: []"
        (folder / f"{source.lower()}.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return truths


def _count_elsewhere(truths: list[Truth], current: list[str]) -> list[Truth]:
    """For each edit, how many baseline paragraphs other than its own hold its quoted passage word for word."""
    flat = "\x00".join(" ".join(t.split()) for t in current)
    out = []
    for truth in truths:
        quote = " ".join(truth.quote.split())
        found = flat.count(quote)
        own = int(truth.number is not None and quote in " ".join(current[int(truth.number) - 1].split()))
        out.append(replace(truth, elsewhere=max(0, found - own)))
    return out


def _export(path: Path, truths: list[Truth], draft: list[str], current: list[str], generator: str) -> None:
    """The workspace in drift-dev's JSON (see drift.export): one document, every edit in one proposal, in the
    order of the numbers their authors gave (score.py writes them as one proposal, whatever `files` was)."""
    edits = []
    for truth in sorted(truths, key=lambda t: int(t.hint)):
        if truth.number is None:
            reason = "already" if truth.already else "stale" if truth.kind == "stale" else "paragraph deleted"
            expected: dict[str, object] = {"outcome": "stale", "reason": reason}
        else:
            expected = {"outcome": "apply", "new_number": truth.number, "text": truth.text}
        edits.append(
            {
                "id": truth.id,
                "kind": truth.kind,
                "variant": truth.variant or None,
                "old_number": truth.hint,
                "quote": truth.quote,
                "critic": truth.critic,
                "expected": expected,
                "notes": {"past_end": truth.past_end, "quote_elsewhere_in_new_doc": truth.elsewhere},
            }
        )
    document = {
        "doc_id": path.name.split(".")[0],
        "baseline_old": [{"number": str(i), "text": t} for i, t in enumerate(draft, 1)],
        "baseline_new": [{"number": str(i), "text": t} for i, t in enumerate(current, 1)],
        "edits": edits,
    }
    drift._write_json({"format": "drift-dev cases", "generator": generator, "documents": [document]}, path)


# --- measuring ------------------------------------------------------------------------------


def parse_floor(root: Path) -> dict[str, float | bool]:
    """Seconds to merely parse the workspace's YAML files with ruamel.yaml (C loader if installed, and round-trip)."""
    from ruamel.yaml import YAML
    from ruamel.yaml.main import CParser

    files = [*sorted((root / "baseline").glob("*.yaml")), *sorted((root / "proposals").glob("*.yaml"))]
    found: dict[str, float | bool] = {"c_loader": CParser is not None}
    for typ in ("safe", "rt"):
        start = time.process_time()
        for path in files:
            YAML(typ=typ).load(path.read_bytes().decode("utf-8"))
        found[typ] = time.process_time() - start
    return found


def end_to_end(root: Path, budget: float, jobs: int | None = None) -> dict[str, float | bool | int]:
    """`itu-amend merge --format json -o FILE` in a child process: wall time and peak memory; killed past `budget`."""
    command = [str(ITU_AMEND), "merge", "--format", "json", "-o", str(root / "merged.json"), *_workspace_args(root)]
    return _child(command + ([] if jobs is None else ["--jobs", str(jobs)]), budget, root / "merge.stderr")


def _workspace_args(root: Path) -> list[str]:
    return [
        "--baseline", str(root / "baseline"),
        "--proposals", str(root / "proposals"),
        "--decisions", str(root / "decisions.yaml"),
    ]  # fmt: skip


def _child(command: list[str], budget: float, stderr: Path) -> dict[str, float | bool | int]:
    start = time.perf_counter()
    with stderr.open("w") as err:
        process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=err)
        tree_mb = 0.0
        while True:
            tree_mb = max(tree_mb, _tree_pss_mb(process.pid))
            pid, status, usage = os.wait4(process.pid, os.WNOHANG)
            if pid:
                break
            if time.perf_counter() - start > budget:
                process.send_signal(signal.SIGKILL)
                _, status, usage = os.wait4(process.pid, 0)
                process.returncode = -9
                return {"seconds": time.perf_counter() - start, "timed_out": True, "cpu": _cpu(usage)}
            time.sleep(0.05)
    process.returncode = os.waitstatus_to_exitcode(status)
    return {
        "seconds": time.perf_counter() - start,
        "cpu": _cpu(usage),
        "timed_out": False,
        "exit": process.returncode,
        "maxrss_mb": usage.ru_maxrss / 1024,
        "tree_pss_mb": tree_mb,
    }


def _tree_pss_mb(pid: int) -> float:
    """Memory of the process and its workers, shared pages split between them (PSS), in MB; 0 where /proc
    cannot tell. Why: each forked worker's peak RSS counts the pages it shares with the others."""
    pids, total = [pid], 0
    for p in pids:  # grows as children are found
        try:
            pids += [int(c) for c in Path(f"/proc/{p}/task/{p}/children").read_text().split()]
            rollup = Path(f"/proc/{p}/smaps_rollup").read_text()
        except (OSError, ValueError):
            continue
        total += next((int(line.split()[1]) for line in rollup.splitlines() if line.startswith("Pss:")), 0)
    return total / 1024


def _cpu(usage: resource.struct_rusage) -> float:
    return float(usage.ru_utime + usage.ru_stime)


def phases_in_child(root: Path, budget: float, sample: int, profile: Path | None) -> dict[str, float]:
    """The phases of one merge, timed in a fresh Python process (so that its peak memory is its own)."""
    command = [sys.executable, str(Path(__file__)), "phases", str(root), "--sample", str(sample)]
    if profile is not None:
        command += ["--profile", str(profile)]
    report = root / f"phases-{sample}.json"
    command += ["--report", str(report)]
    run = _child(command, budget, root / "phases.stderr")
    if run["timed_out"] or run.get("exit") != 0:
        return {"timed_out": True, "seconds": float(run["seconds"])}
    found: dict[str, float] = json.loads(report.read_text())
    return found


def phases(root: Path, sample: int, profile: Path | None, report: Path) -> None:
    """(In the child process.) Load, index, anchor, merge, render JSON; a sample of the edits if `sample`."""
    import itu_amend.merging as merging
    from itu_amend.loading import load_inputs
    from itu_amend.render import jsonout

    seconds: dict[str, float] = {}
    start = time.process_time()
    inputs = load_inputs(root / "baseline", root / "proposals", root / "decisions.yaml")
    seconds["load"] = time.process_time() - start
    if sample:
        inputs = _sampled(inputs, sample)
    seconds["edits"] = sum(len(p.edits) for p in inputs.proposals)
    profiler = cProfile.Profile() if profile is not None else None
    _instrument(merging, seconds, profiler)
    start = time.process_time()
    result = merging.merge(inputs)
    seconds["merge"] = time.process_time() - start
    seconds["rest of merge"] = seconds["merge"] - seconds["index"] - seconds["anchor"]
    start = time.process_time()
    text = jsonout.render_merge(result)
    seconds["json"] = time.process_time() - start
    start = time.process_time()
    (root / f"merged-{sample}.json").write_text(text, encoding="utf-8")
    seconds["write"] = time.process_time() - start
    seconds["maxrss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    report.write_text(json.dumps(seconds))
    if profiler is not None and profile is not None:
        profile.write_text(_profile_summary(profiler))


def _sampled(inputs: object, sample: int) -> object:
    """The same inputs with about `sample` edits: runs of consecutive edits of proposals drawn at random.

    Runs, not scattered edits, so that each edit keeps the neighbours in its proposal
    that tell anchoring how the draft was renumbered.
    """
    from itu_amend.loading import Inputs

    assert isinstance(inputs, Inputs)
    rng = random.Random(0)
    proposals = list(inputs.proposals)
    rng.shuffle(proposals)
    chosen = []
    left = sample
    for proposal in proposals:
        if left <= 0:
            break
        take = min(left, len(proposal.edits))
        start = rng.randint(0, len(proposal.edits) - take)
        chosen.append(replace(proposal, edits=proposal.edits[start : start + take]))
        left -= take
    return replace(inputs, proposals=tuple(sorted(chosen, key=lambda p: p.path)))


def _instrument(merging: object, seconds: dict[str, float], profiler: cProfile.Profile | None) -> None:
    """Time (and profile) the baseline index and `anchor_proposals` as `merge` calls them."""
    index_class = merging.BaselineIndex  # type: ignore[attr-defined]
    anchor = merging.anchor_proposals  # type: ignore[attr-defined]

    def timed_index(*args: object, **kwargs: object) -> object:
        start = time.process_time()
        made = index_class(*args, **kwargs)
        seconds["index"] = time.process_time() - start
        return made

    def timed_anchor(*args: object, **kwargs: object) -> object:
        start = time.process_time()
        if profiler is not None:
            profiler.enable()
        anchors = anchor(*args, **kwargs)
        if profiler is not None:
            profiler.disable()
        seconds["anchor"] = time.process_time() - start
        return anchors

    merging.BaselineIndex = timed_index  # type: ignore[attr-defined]
    merging.anchor_proposals = timed_anchor  # type: ignore[attr-defined]


def _profile_summary(profiler: cProfile.Profile) -> str:
    out = io.StringIO()
    stats = pstats.Stats(profiler, stream=out)
    stats.strip_dirs().sort_stats("tottime").print_stats(25)
    stats.sort_stats("cumulative").print_stats(25)
    return out.getvalue()


# --- outcomes -----------------------------------------------------------------------------------


def outcomes(truths: list[Truth], merged: dict[str, list[dict[str, str]]]) -> dict[str, Counter[str]]:
    """Verdict per drift kind, as in run.py (white space aside, counted apart); plus how many of the
    wrong and refused edits quote a passage that stands word for word in another paragraph."""
    edits = {e["id"]: e for e in merged["edits"]}
    texts = {p["number"]: p["text"] for p in merged["paragraphs"]}
    found: dict[str, Counter[str]] = {"all": Counter()}
    for truth in truths:
        if truth.id not in edits:
            continue  # not in the sample
        edit = edits[truth.id]
        applied = edit["status"] == "applied"
        spacing = False
        if truth.refuse or truth.already:
            verdict = "wrong" if applied else "correct"
        elif applied:
            got = texts.get(str(truth.number), "")
            right = edit["paragraph"] == truth.number and _words(got) == _words(truth.text or "")
            spacing = right and got != truth.text
            verdict = "correct" if right else "wrong"
        else:
            verdict = "refused"
        keys = ["all", truth.kind]
        keys += [f"{truth.kind} ({truth.variant})"] if truth.variant else []
        keys += [PAST_END] if truth.past_end else []
        for key in keys:
            tally = found.setdefault(key, Counter())
            tally[verdict] += 1
            tally[f"status {edit['status']}"] += 1
            tally["white space differs"] += spacing
            if truth.elsewhere:
                tally[f"{verdict}, quote stands elsewhere"] += 1
    return found


PAST_END = "number past the end"
"""The row of edits (of any kind) whose author's number is past the end of the baseline."""


def _words(text: str) -> str:
    return " ".join(text.split())


def rescore(root: Path) -> dict[str, Counter[str]]:
    """Outcomes of a kept workspace (`--keep`): its truth.json against its merged.json."""
    truths = [Truth(**t) for t in json.loads((root / "truth.json").read_text())]
    merged = sorted(root.glob("merged*.json"), key=lambda p: p.name != "merged.json")[0]
    return outcomes(truths, json.loads(merged.read_text(encoding="utf-8")))


# --- the whole run ----------------------------------------------------------------------------


def measure(size: int, args: argparse.Namespace, tmp: Path) -> dict[str, object]:
    """Every measurement at one number of edits; full runs only where the sample says they fit the budget."""
    root = tmp / f"edits-{size}"
    start = time.perf_counter()
    export = None
    if args.export:
        export = args.export if len(args.edits) == 1 else args.export.with_name(f"{size}-{args.export.name}")
    truths = build(root, args.paragraphs, size, args.files, args.seed, args.traps, export)
    row: dict[str, object] = {"edits": size, "generated_s": time.perf_counter() - start}
    row["bytes"] = sum(p.stat().st_size for p in root.rglob("*.yaml"))
    row["floor"] = parse_floor(root)
    probe = phases_in_child(root, args.budget, args.sample, None)
    row["sample"] = probe
    if args.profile and size == args.edits[0]:
        row["profiled"] = phases_in_child(root, args.budget, max(1, args.sample // 2), args.profile)
    if probe.get("timed_out"):
        return row
    per_edit = probe["anchor"] / probe["edits"]
    projected = probe["load"] + probe["index"] + per_edit * size + probe["rest of merge"] + probe["json"]
    row["projected_s"] = projected
    merged_file = root / f"merged-{args.sample}.json"
    if projected <= args.budget:
        row["end_to_end"] = end_to_end(root, args.budget, args.jobs)
        if (root / "merged.json").exists():
            merged_file = root / "merged.json"
        if args.full_phases:
            row["phases"] = phases_in_child(root, args.budget, 0, None)
    merged = json.loads(merged_file.read_text(encoding="utf-8"))
    row["outcomes"] = {k: dict(v) for k, v in outcomes(truths, merged).items()}
    row["outcomes_from"] = "all edits" if merged_file.name == "merged.json" else f"a sample of {args.sample} edits"
    row["truth"] = dict(Counter(t.kind for t in truths))
    row["quotes_elsewhere"] = sum(t.elsewhere > 0 for t in truths)
    return row


def report(rows: list[dict[str, object]]) -> str:
    """Markdown: seconds by phase per size (CPU seconds, but end to end's wall time), anchoring extrapolated
    from a sample ('~') where a full run would not fit the budget."""
    lines = [
        "| edits | YAML MB | parse, C loader | parse, round-trip | end to end, wall (CPU) "
        "| peak MB, largest process (all, PSS) | load | index | anchor | rest of merge | JSON | anchor ms/edit |",
        "|" + " --- |" * 12,
    ]
    for row in rows:
        floor = row["floor"]
        assert isinstance(floor, dict)
        full = row.get("phases") or {}
        sample = row["sample"]
        assert isinstance(sample, dict) and isinstance(full, dict)
        e2e = row.get("end_to_end")
        if isinstance(e2e, dict) and not e2e["timed_out"]:
            total = f"{e2e['seconds']:.1f} ({e2e['cpu']:.1f} CPU)"
            memory = f"{e2e['maxrss_mb']:.0f} ({e2e.get('tree_pss_mb', float('nan')):.0f})"
        elif isinstance(e2e, dict):
            total = f"stopped after {e2e['seconds']:.0f} s wall (anchoring alone ~{row.get('projected_s', 0):.0f} CPU)"
            memory = f"{sample.get('maxrss_mb', float('nan')):.0f} (sample)"
        else:
            total = f"~{row.get('projected_s', float('nan')):.0f} CPU (extrapolated)"
            memory = f"{sample.get('maxrss_mb', float('nan')):.0f} (sample)"
        source = full if full and not full.get("timed_out") else sample
        per_edit = 1000 * source["anchor"] / source["edits"] if "anchor" in source else float("nan")
        anchor = f"{source['anchor']:.1f}" if source is full else f"~{per_edit * int(row['edits']) / 1000:.0f}"
        cells = [
            f"{row['edits']:,}",
            f"{int(row['bytes']) / 1e6:.1f}",
            f"{floor['safe']:.1f}" + ("" if floor["c_loader"] else " (pure)"),
            f"{floor['rt']:.1f}",
            total,
            memory,
            f"{source.get('load', float('nan')):.1f}",
            f"{source.get('index', float('nan')):.1f}",
            anchor,
            f"{source.get('rest of merge', float('nan')):.1f}",
            f"{source.get('json', float('nan')):.1f}",
            f"{per_edit:.1f}",
        ]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def outcome_table(row: dict[str, object]) -> str:
    found = row["outcomes"]
    assert isinstance(found, dict)
    lines = [
        f"Outcomes at {row['edits']:,} edits ({row['outcomes_from']}); "
        f"{row['quotes_elsewhere']} quotes stand word for word in another paragraph too",
        "",
        "| drift | n | correct | wrong | refused | statuses | wrong, quote elsewhere | refused, quote elsewhere "
        "| correct, white space differs |",
        "|" + " --- |" * 9,
    ]
    variants = sorted(k for k in found if " (" in k)
    for kind in [
        *MIX,
        *(k for t in TRAPS for k in (t, *(v for v in variants if v.startswith(t + " (")))),
        PAST_END,
        "all",
    ]:
        tally = found.get(kind)
        if not tally:
            continue
        n = tally.get("correct", 0) + tally.get("wrong", 0) + tally.get("refused", 0)
        statuses = ", ".join(f"{k[7:]} {v}" for k, v in sorted(tally.items()) if k.startswith("status "))
        cells = [
            kind,
            n,
            tally.get("correct", 0),
            tally.get("wrong", 0),
            tally.get("refused", 0),
            statuses,
            tally.get("wrong, quote stands elsewhere", 0),
            tally.get("refused, quote stands elsewhere", 0),
            tally.get("white space differs", 0),
        ]
        lines.append("| " + " | ".join(str(c) for c in cells) + " |")
    return "\n".join(lines)


def root_error(where: Path, row: dict[str, object]) -> str:
    """The last line the failed child wrote on stderr."""
    err = where / f"edits-{row['edits']}" / "phases.stderr"
    lines = err.read_text().strip().splitlines() if err.exists() else []
    return lines[-1] if lines else "no message"


def main() -> None:
    if sys.argv[1:2] == ["phases"]:
        inner = argparse.ArgumentParser()
        inner.add_argument("phases")
        inner.add_argument("root", type=Path)
        inner.add_argument("--sample", type=int, default=0)
        inner.add_argument("--profile", type=Path)
        inner.add_argument("--report", type=Path, required=True)
        a = inner.parse_args()
        phases(a.root, a.sample, a.profile, a.report)
        return
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--paragraphs", type=int, default=PARAGRAPHS)
    parser.add_argument("--files", type=int, default=FILES)
    parser.add_argument("--edits", type=int, nargs="+", default=list(SIZES), help="numbers of edits to measure")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--budget", type=float, default=600.0, help="seconds a run may take before it is extrapolated")
    parser.add_argument("--sample", type=int, default=200, help="edits anchored to estimate the cost per edit")
    parser.add_argument(
        "--profile", type=Path, help="write a cProfile summary of anchoring (half a sample, first size) here"
    )
    parser.add_argument("--jobs", type=int, help="passed to itu-amend merge (default: its own, every core)")
    parser.add_argument("--traps", action="store_true", help="add issue 13's kinds (TRAPS) and shrink the draft")
    parser.add_argument(
        "--export", type=Path, help="also write each workspace in drift-dev's JSON (.json.gz) for score.py"
    )
    parser.add_argument("--full-phases", action="store_true", help="also time the phases of every full run")
    parser.add_argument("--json", type=Path, help="write every measurement to this file")
    parser.add_argument("--keep", type=Path, help="write the workspaces under this folder and keep them")
    parser.add_argument("--from-json", type=Path, nargs="+", help="only print the tables of runs saved with --json")
    parser.add_argument("--rescore", type=Path, help="only score a workspace kept with --keep (edits-N folder)")
    args = parser.parse_args()
    if args.rescore:
        edits = int(args.rescore.name.split("-")[-1])
        scored = {k: dict(v) for k, v in rescore(args.rescore).items()}
        print(
            outcome_table(
                {"edits": edits, "outcomes": scored, "outcomes_from": str(args.rescore), "quotes_elsewhere": "?"}
            )
        )
        return
    if args.from_json:
        rows = [row for path in args.from_json for row in json.loads(path.read_text())]
        print(report(sorted(rows, key=lambda r: int(r["edits"]))))
        print()
        print(outcome_table(max((r for r in rows if "outcomes" in r), key=lambda r: int(r["edits"]))))
        return
    print(f"machine: {cpu()}")
    print(f"engine: {engine()}; merge --jobs {args.jobs if args.jobs is not None else '(default)'}")
    traps = "; issue 13's traps, the draft shrunk" if args.traps else ""
    print(
        f"baseline: {args.paragraphs:,} paragraphs; {args.files} proposal files; seed {args.seed}{traps}\n", flush=True
    )
    rows = []
    with tempfile.TemporaryDirectory(prefix="itu-amend-scale-") as tmp:
        where = args.keep or Path(tmp)
        for size in args.edits:
            rows.append(measure(size, args, where))
            print(f"{size:,} edits measured", file=sys.stderr, flush=True)
            if args.json:
                args.json.write_text(json.dumps(rows, indent=1, default=str))
        print(report([r for r in rows if "projected_s" in r]))
        for row in rows:
            if "projected_s" not in row:
                print(f"\n{row['edits']:,} edits: the sample run failed or timed out ({root_error(where, row)})")
    measured = [r for r in rows if "outcomes" in r]
    if measured:
        print()
        print(outcome_table(measured[-1]))


if __name__ == "__main__":
    main()
