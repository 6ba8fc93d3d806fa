"""A team's members: each person's placement and profile with their manager and team, as every team view reads them.

A member is built once (from a profile file or from the store's latest assessment) and never changed: a what-if
makes new members rather than editing these.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

from mlladder.assess.placement import Assessment
from mlladder.assess.profile import Profile

__all__ = ["Member"]


@dataclass(frozen=True)
class Member:
    """One person in a team: who they are, who manages them, and their latest assessment."""

    name: str  # unique within a roster: how views, pairings and what-ifs name the person
    profile: Profile
    assessment: Assessment
    manager: str | None = None  # the name of the member (or outsider) who manages this person
    team: str | None = None
    source: str | None = None  # the file or the store record the member was read from, for messages
    held_level: str | None = None  # the level the person officially holds, when it differs from the placement
    person_id: int | None = None  # the store's person, when the member was read from the store (packet links)

    @property
    def level(self) -> str:
        """The placed level: where the ratings put the person."""
        return self.assessment.level

    @property
    def current_level(self) -> str:
        """The level the person holds: the held level when one is given (a title is official, a placement is
        an estimate), else the placed level. Team views group and compare people by this level."""
        return self.held_level or self.assessment.level

    @property
    def specialisation(self) -> list[str]:
        return list(self.profile.specialisation)

    @cached_property
    def scores(self) -> dict[str, float | None]:
        """Competency id -> combined rating, for every competency the assessment places or anyone rated.

        The placement combines the competencies of the main track; another track's (people management, say) is
        rated by the same people, so its raters' mean stands in for it. Worked out once: team views ask often."""
        given: dict[str, list[int]] = {}
        for ratings in self.profile.ratings.values():
            for competency, value in ratings.items():
                given.setdefault(competency, []).append(value)
        found: dict[str, float | None] = {c: sum(values) / len(values) for c, values in given.items()}
        found.update({result.id: result.estimate for result in self.assessment.competencies})
        return found

    def score(self, competency: str) -> float | None:
        """The combined rating of one competency (None when nobody rated it)."""
        return self.scores.get(competency)
