"""Fuzzing the parsers: whatever the input, a result or a clean error, never a crash.

`make test` runs a short budget; `make fuzz` runs a long one (FUZZ_EXAMPLES).
Inputs that once crashed are kept as explicit regression examples.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from hypothesis import example, given, settings
from hypothesis import strategies as st

from itu_amend import critic
from itu_amend.errors import ItuAmendError
from itu_amend.loading import load_baseline, load_decisions, load_proposal
from itu_amend.merging import apply_changes
from itu_amend.normalize import fold

SCRATCH = Path(tempfile.mkdtemp(prefix="itu-amend-fuzz-"))
EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "150"))
FUZZ = settings(max_examples=EXAMPLES, deadline=None)

# Text rich in mark fragments, so that the parser's every branch is reached.
MARKUP = st.lists(
    st.sampled_from(
        ["{--", "--}", "{++", "++}", "{~~", "~>", "~~}", "{>>", "<<}", "{==", "==}", "{", "}", "-", "+", "~"]
    )
    | st.text(alphabet="ab ,.’\u00a0\u2013é", min_size=1, max_size=4),
    max_size=30,
).map("".join)


@FUZZ
@given(MARKUP)
@example("{--a--}{++b++}{~~c~>d~~}{>>n<<}{==h==}")
@example("{~~~>~~}")
def test_critic_parses_or_names_the_position(text: str) -> None:
    try:
        marked = critic.parse(text)
    except critic.MarkupError as error:
        assert 0 <= error.offset < len(text)
        return
    credited = [(c, (), ()) for c in marked.changes]
    assert apply_changes(marked.old, credited)[0] == marked.new
    for change in marked.changes:
        assert marked.old[change.start : change.end] == change.deleted


@FUZZ
@given(st.text(max_size=60))
def test_fold_maps_back_to_original_characters(text: str) -> None:
    folded = fold(text)
    assert len(folded.starts) == len(folded.ends) == len(folded.text)
    assert all(0 <= s < e <= len(text) for s, e in zip(folded.starts, folded.ends, strict=True))
    assert list(folded.starts) == sorted(folded.starts)


YAMLISH = st.lists(
    st.sampled_from(
        ["source: ", "edits:", "\n", "  - ", "action: ", "MOD", "ADD", "text: ", "paragraph: ", '"', "'", "after: ",
         "{--", "--}", "{++", "++}", "&a ", "*a", "[", "]", "{", "}", ":", "- ", "5.10", "40", "null", "\t", "#"]
    )
    | st.text(max_size=5),
    max_size=40,
).map("".join)  # fmt: skip


@FUZZ
@given(YAMLISH)
def test_loaders_raise_only_input_errors(text: str) -> None:
    path = SCRATCH / "x.yaml"
    path.write_text(text, encoding="utf-8")
    for load in (load_proposal, load_baseline, load_decisions):
        try:
            load(path)
        except ItuAmendError as error:
            assert "\n" not in str(error)
            assert str(error).startswith(str(path))
