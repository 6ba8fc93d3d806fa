"""A team's members: each person's placement and profile with their manager and team, as every team view reads them.

A member is built once (from a profile file or from the store's latest assessment) and never changed: a what-if
makes new members rather than editing these.
"""

from __future__ import annotations

from dataclasses import dataclass

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

    @property
    def level(self) -> str:
        return self.assessment.level

    @property
    def specialisation(self) -> list[str]:
        return list(self.profile.specialisation)

    def score(self, competency: str) -> float | None:
        """The combined rating of one competency (None when nobody rated it)."""
        found = next((c for c in self.assessment.competencies if c.id == competency), None)
        return found.estimate if found is not None else None
