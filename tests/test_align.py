"""The alignment's bounds (`anchoring.align`), checked against the alignment itself with the place added."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from itu_amend.anchoring.align import Costs, Slot, _forward, align
from itu_amend.anchoring.candidates import Place, Reading
from itu_amend.anchoring.index import Candidate
from itu_amend.anchoring.proposal import Fix, Item, rivals_from
from itu_amend.model import Action, Edit

COSTS = Costs()
FAR = 500  # a second stretch of the draft, where the edits after may stand on another shift

_position = st.one_of(st.integers(0, 60), st.integers(FAR, FAR + 60))
_slot = st.builds(
    Slot,
    st.one_of(st.none(), st.integers(0, 40).map(float)),
    st.lists(st.tuples(_position, st.sampled_from([100.0, 99.0, 96.0, 92.0, 85.0, 81.0])), max_size=3),
)


def _rivals_from(slot: Slot, choice_fit: float, choice: object) -> float | None:
    place = Place(Candidate(0, choice_fit, 0, 1, range(1)), Reading.OLD)
    edit = Edit("A/1", "A", Action.SUP, 1, paragraph="1", text="words")
    item = Item(edit, None, slot.coordinate, set(), [place])
    return rivals_from(item, Fix(choice, place, 0.0, 0.0), COSTS)  # type: ignore[arg-type]


@settings(max_examples=1500, deadline=None)
@given(
    st.lists(_slot, min_size=1, max_size=7),
    st.data(),
    _position,
    st.integers(160, 200).map(lambda tenths: tenths / 2),
)
def test_a_far_place_below_the_bound_changes_nothing(
    slots: list[Slot], data: st.DataObject, position: int, fit: float
) -> None:
    """`proposal.rivals_from` (with `align.Choice.worth` and `spared`): a place beyond every window fitting
    no more than the bound, added to a placed, numbered edit, leaves its place and does not bring a rival
    within the margin. Above the bound it may; below, the whole draft's places are never fetched."""
    choices = align(slots, COSTS)
    placed = [i for i, c in enumerate(choices) if c.place is not None and slots[i].coordinate is not None]
    if not placed:
        return
    i = data.draw(st.sampled_from(placed))
    slot, choice = slots[i], choices[i]
    assert choice.place is not None and slot.coordinate is not None
    bound = _rivals_from(slot, slot.places[choice.place][1], choice)
    assert bound is not None
    kept = _forward(slots, COSTS, [{} for _ in slots])[i]
    own = position - slot.coordinate
    if fit > bound or any(abs(own - (shift or 0.0)) <= COSTS.window for shift in kept):
        return  # above the bound it may rival; within a window it is scored with the window
    far = (position, fit)
    again = align([*slots[:i], Slot(slot.coordinate, [*slot.places, far]), *slots[i + 1 :]], COSTS)[i]
    far_k = len(slot.places)
    assert again.place != far_k, (bound, again)
    reach = COSTS.margin + COSTS.per_place
    if again.runner_up == far_k:
        assert again.margin >= reach - 1e-9, (bound, again)
