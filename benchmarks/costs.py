"""Sweep the alignment's costs over drift case sets: correct / wrong / refused for each setting, side by side.

Usage: python benchmarks/costs.py CASES.json[.gz] [CASES ...] [--grid "per_place=3,4 margin=6,8"]

CASES are drift sets in the format of ../shared/drift-dev/ (that folder's README); edits are
judged as its score.py judges them (correct: applied and the expected paragraph reads as
expected, or refused where the outcome is stale; wrong: applied where it must be refused, or a
different text or paragraph; refused). The library is called directly, each document loaded
once, so a grid of settings costs one merge per setting, not one process.
"""

from __future__ import annotations

import argparse
import gzip
import itertools
import json
import sys
import tempfile
import time
from collections import Counter
from dataclasses import replace
from pathlib import Path
from typing import Any

from itu_amend.anchoring import DEFAULT_SETTINGS, Costs, Settings
from itu_amend.loading import load_inputs
from itu_amend.merging import merge
from itu_amend.model import EditStatus, MergeResult


def _q(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)


def write_case(doc: dict[str, Any], folder: Path) -> None:
    """The workspace score.py writes: the new baseline, and every edit as a MOD of one proposal."""
    (folder / "baseline").mkdir(parents=True, exist_ok=True)
    (folder / "proposals").mkdir(exist_ok=True)
    lines = [f"document: {_q(doc['doc_id'])}", "paragraphs:"]
    for p in doc["baseline_new"]:
        lines += [f"  - number: {_q(str(p['number']))}", f"    text: {_q(p['text'])}"]
    (folder / "baseline" / "plan.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    lines = ['source: "EVAL"', "edits:"]
    for e in doc["edits"]:
        lines += [
            "  - action: MOD",
            f"    id: {_q(e['id'])}",
            f"    paragraph: {_q(str(e['old_number']))}",
            f"    text: {_q(e['critic'])}",
        ]
    (folder / "proposals" / "eval.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")


def judge(edit: dict[str, Any], result: MergeResult) -> str:
    """correct, wrong or refused, as score.py judges."""
    expected = edit["expected"]
    got = next((e for e in result.edits if e.edit.id == edit["id"]), None)
    applied = got is not None and got.status is EditStatus.APPLIED
    if expected["outcome"] == "stale":
        return "wrong" if applied else "correct"
    if not applied:
        return "refused"
    paragraph = next((p for p in result.paragraphs if p.number == str(expected["new_number"])), None)
    same = paragraph is not None and " ".join(paragraph.text.split()) == " ".join(expected["text"].split())
    return "correct" if same else "wrong"


def grid(spec: str) -> list[dict[str, float]]:
    """ "per_place=3,4 margin=6" -> every combination, as keyword arguments of Costs."""
    axes = [(name, [float(v) for v in values.split(",")]) for name, values in (a.split("=") for a in spec.split())]
    return [dict(zip([n for n, _ in axes], combo, strict=True)) for combo in itertools.product(*[v for _, v in axes])]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("cases", nargs="+")
    parser.add_argument("--grid", default="", help='e.g. "per_place=3,4 margin=6,8" (default: the shipped costs)')
    parser.add_argument("--wrong-list", help="write each wrong edit of the last setting here, a JSON line each")
    args = parser.parse_args()
    root = Path(tempfile.mkdtemp(prefix="itu-costs-"))
    sets = []
    for path in args.cases:
        raw = Path(path).read_bytes()
        data = json.loads(gzip.decompress(raw) if path.endswith(".gz") else raw)
        docs = []
        for doc in data["documents"]:
            folder = root / Path(path).name / doc["doc_id"]
            write_case(doc, folder)
            docs.append((doc, load_inputs(folder / "baseline", folder / "proposals", folder / "decisions.yaml")))
        sets.append((Path(path).name, docs))
    print("| costs | " + " | ".join(f"{name} correct / wrong / refused (s)" for name, _ in sets) + " |")
    print("|---|" + "---|" * len(sets))
    for point in grid(args.grid) if args.grid else [{}]:
        settings = replace(DEFAULT_SETTINGS, costs=replace(Costs(), **point))
        cells = [_measure(docs, settings, args.wrong_list) for _, docs in sets]
        label = " ".join(f"{k}={v:g}" for k, v in point.items()) or "shipped"
        print(f"| {label} | " + " | ".join(cells) + " |", flush=True)
    return 0


def _measure(docs: list[tuple[dict[str, Any], Any]], settings: Settings, wrong_list: str | None) -> str:
    counts: Counter[str] = Counter()
    wrong = []
    start = time.perf_counter()
    for doc, inputs in docs:
        result = merge(inputs, settings, jobs=1)
        for edit in doc["edits"]:
            verdict = judge(edit, result)
            counts[verdict] += 1
            if verdict == "wrong":
                got = next(e for e in result.edits if e.edit.id == edit["id"])
                wrong.append(
                    {
                        "id": edit["id"],
                        "kind": edit["kind"],
                        "variant": edit.get("variant"),
                        "old_number": edit["old_number"],
                        "expected": edit["expected"].get("new_number", "stale"),
                        "got": got.paragraph,
                        "message": got.message,
                    }
                )
    seconds = time.perf_counter() - start
    if wrong_list:
        with open(wrong_list, "a", encoding="utf-8") as out:
            out.writelines(json.dumps(w) + "\n" for w in wrong)
    n = sum(counts.values())
    share = f"{100 * counts['correct'] / n:.1f} % / {counts['wrong']} / {100 * counts['refused'] / n:.1f} %"
    return f"{share} ({seconds:.0f})"


if __name__ == "__main__":
    sys.exit(main())
