"""A placement against its target: reached at or above it on the same track, never across tracks; the next level
is the one above the placement on its own track."""

from __future__ import annotations

import pytest

from mlladder import Framework, UnknownLevel
from mlladder.assess.arrival import arrival


@pytest.mark.parametrize(
    ("placed", "target", "reached", "at_target", "next_level"),
    [
        ("L3", "L3", True, True, "L4"),
        ("L4", "L3", True, False, "L5"),
        ("L2", "L3", False, False, "L3"),
        ("L5", "L5", True, True, None),  # the top of the track: nothing above to offer
        ("L4", "M1", False, False, "L5"),  # a move onto another track asks for other competencies
        ("M2", "M1", True, False, "M3"),
        ("M3", "L5", False, False, None),
    ],
)
def test_reached_and_the_next_level(
    ml_ladder: Framework, placed: str, target: str, reached: bool, at_target: bool, next_level: str | None
) -> None:
    found = arrival(ml_ladder, placed, target)
    assert (found.placed.id, found.target.id) == (placed, target)
    assert (found.reached, found.at_target) == (reached, at_target)
    assert (found.next_level.id if found.next_level else None) == next_level


def test_an_unknown_level_is_named(ml_ladder: Framework) -> None:
    with pytest.raises(UnknownLevel, match="L9"):
        arrival(ml_ladder, "L9", "L3")
