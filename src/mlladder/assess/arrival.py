"""Has a person reached the level they aim at, and what could they aim at next?

Pages that speak of progress (the home page's plan, the gaps page) ask here, so that once someone is placed at
their target none of them still speaks of getting there: they say the level is reached and offer the level above
as the next target (or keeping the level, at the top of a track).
"""

from __future__ import annotations

from dataclasses import dataclass

from mlladder.framework.ladder import get_level, track_levels
from mlladder.framework.schema import Framework, Level

__all__ = ["Arrival", "arrival"]


@dataclass(frozen=True)
class Arrival:
    """Where a placement stands against a target level."""

    placed: Level
    target: Level
    reached: bool  # placed at the target, or above it on the same track
    next_level: Level | None  # the level above the placed one on its own track; None at the top of the track

    @property
    def at_target(self) -> bool:
        """Placed exactly at the target (a gaps view "from L3 to L3" would say nothing)."""
        return self.placed.id == self.target.id


def arrival(framework: Framework, placed: str, target: str) -> Arrival:
    """``placed`` against ``target``. A target on another track is never reached by a placement: a move between
    tracks asks for other competencies, not more of the same."""
    placed_level = get_level(framework, placed)
    target_level = get_level(framework, target)
    track = [level.id for level in track_levels(framework, placed_level.track)]
    position = track.index(placed_level.id)
    reached = target_level.track == placed_level.track and position >= track.index(target_level.id)
    above = get_level(framework, track[position + 1]) if position + 1 < len(track) else None
    return Arrival(placed=placed_level, target=target_level, reached=reached, next_level=above)
