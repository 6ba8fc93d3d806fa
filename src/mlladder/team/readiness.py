"""Who is ready for the next level: now, within one gap, or further; the gaps, the evidence for the rest, and how
long the person has been in their level against the time the guides give the step.

The next level is the step up on the track of the level the person holds (or a target the caller names). A
competency counts as a gap when its combined rating falls short of the next level's expectation by more than the
tolerance an assessment allows (:func:`mlladder.guidance.diagnosis.short_of`); unrated competencies are listed as
unverified, not as gaps, since nothing says they fall short.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Literal

from mlladder.assess.model import DEFAULT_SETTINGS
from mlladder.framework.ladder import get_level
from mlladder.framework.schema import Duration, Framework
from mlladder.guidance.diagnosis import short_of, step_up_of, step_window
from mlladder.team.roster import Member

__all__ = [
    "READINESS_LABELS",
    "Band",
    "Readiness",
    "ReadinessGap",
    "WindowStatus",
    "packet_route",
    "readiness",
]

DAYS_PER_YEAR = 365.25
TOLERANCE = DEFAULT_SETTINGS.meets_tolerance  # as the diagnosis allows: this far below an expectation meets it
Band = Literal["ready", "one-gap", "further", "top"]
WindowStatus = Literal["early", "within", "past", "unknown"]
READINESS_LABELS: dict[Band, str] = {
    "ready": "ready now",
    "one-gap": "one gap away",
    "further": "further",
    "top": "top of the track",
}


@dataclass(frozen=True)
class ReadinessGap:
    """A competency short of the next level: the combined rating against the expectation."""

    competency: str
    name: str
    rating: float
    expected: int


@dataclass(frozen=True)
class Readiness:
    """One person's readiness for the next level."""

    name: str
    level: str  # the level the person holds
    next_level: str | None  # None at the top of the track
    band: Band
    gaps: tuple[ReadinessGap, ...]
    unverified: tuple[
        str, ...
    ]  # competencies the next level asks for that nobody rated: they cannot count for or against
    evidence: tuple[str, ...]  # the person's dated achievements behind the competencies that meet the next level
    probability_next: float | None  # P(at or above the next level) on the main track; None off it
    in_level_since: dt.date | None
    years_in_level: float | None
    window: Duration | None  # how long the step realistically takes, per the guides
    window_status: WindowStatus
    packet: str  # how to build the promotion packet for this person

    @property
    def label(self) -> str:
        return READINESS_LABELS[self.band]

    @property
    def summary(self) -> str:
        """'one gap away from L4 (System design 3.0 of 4)' in a few words, for a table cell."""
        if self.next_level is None:
            return "top of the track"
        if not self.gaps:
            # Nothing rated falls short; what nobody rated cannot be vouched for, so it is said.
            unrated = f" ({len(self.unverified)} not rated)" if self.unverified else ""
            return f"ready for {self.next_level}{unrated}"
        shown = ", ".join(f"{gap.name} {gap.rating:.1f} of {gap.expected}" for gap in self.gaps[:2])
        more = f" +{len(self.gaps) - 2}" if len(self.gaps) > 2 else ""
        return f"{READINESS_LABELS[self.band]} from {self.next_level} ({shown}{more})"

    @property
    def window_text(self) -> str:
        """'2.3 years in L3; the step takes 3-5 years' in words."""
        if self.years_in_level is None:
            return "time in level not given (in_level_since)"
        spent = f"{self.years_in_level:.1f} years in {self.level}"
        if self.window is None or self.next_level is None:
            return spent
        low, high = f"{self.window.min_years:g}", f"{self.window.max_years:g}"
        span = low if low == high else f"{low}-{high}"
        return f"{spent}; the step to {self.next_level} takes {span} years ({self.window_status})"


def readiness(
    framework: Framework, member: Member, target: str | None = None, today: dt.date | None = None
) -> Readiness:
    """How ready ``member`` is for ``target`` (default: the step up from the level they hold)."""
    today = today or dt.date.today()
    level = get_level(framework, member.current_level)
    step_up = step_up_of(framework, level)
    next_level = get_level(framework, target).id if target else (step_up.id if step_up else None)
    direct = step_up is not None and next_level == step_up.id
    window = step_window(framework, level, step_up) if direct else None  # the guides time single steps only
    since = member.profile.in_level_since
    years = None if since is None else max(0.0, (today - since).days / DAYS_PER_YEAR)
    if next_level is None:
        return Readiness(
            member.name, level.id, None, "top", (), (), (), None, since, _rounded(years), None, "unknown", ""
        )  # fmt: skip
    gaps = _gaps(framework, member, next_level)
    short = {gap.competency for gap in gaps}
    return Readiness(
        name=member.name,
        level=level.id,
        next_level=next_level,
        band="ready" if not gaps else "one-gap" if len(gaps) == 1 else "further",
        gaps=gaps,
        unverified=_unverified(framework, member, next_level),
        evidence=_supporting(member, short, framework, next_level),
        probability_next=member.assessment.at_or_above.get(next_level),
        in_level_since=since,
        years_in_level=_rounded(years),
        window=window,
        window_status=_window_status(years, window),
        packet=packet_route(member, next_level),
    )


def _rounded(years: float | None) -> float | None:
    return None if years is None else round(years, 2)


def _unverified(framework: Framework, member: Member, level: str) -> tuple[str, ...]:
    """The competencies the next level expects that nobody rated."""
    return tuple(c.id for c in framework.competencies if level in c.expectations and member.score(c.id) is None)


def _gaps(framework: Framework, member: Member, level: str) -> tuple[ReadinessGap, ...]:
    """The competencies short of ``level``, the furthest first: the placed ones as the diagnosis judges them, and
    those of another track the level asks for (a manager's people management) against the same tolerance."""
    expected = {c.id: c.expectations[level].proficiency for c in framework.competencies if level in c.expectations}
    names = {c.id: c.name for c in framework.competencies}
    placed = {c.id for c in member.assessment.competencies}
    off_track = [
        competency
        for competency, bar in expected.items()
        if competency not in placed and (score := member.score(competency)) is not None and score < bar - TOLERANCE
    ]
    found = [
        ReadinessGap(competency, names[competency], member.score(competency) or 0.0, expected[competency])
        for competency in [*short_of(member.assessment, framework, level), *off_track]
        if competency in expected
    ]
    return tuple(sorted(found, key=lambda gap: (gap.rating - gap.expected, gap.competency)))


def _supporting(member: Member, short: set[str], framework: Framework, level: str) -> tuple[str, ...]:
    """The person's achievements tagged with a competency that already meets the next level, newest first."""
    meeting = {
        c.id
        for c in framework.competencies
        if level in c.expectations and c.id not in short and member.score(c.id) is not None
    }
    items = [item for item in member.profile.evidence if meeting.intersection(item.competencies)]
    items.sort(key=lambda item: item.date or dt.date.min, reverse=True)
    return tuple(item.text for item in items)


def _window_status(years: float | None, window: Duration | None) -> WindowStatus:
    """Before the shortest realistic time, within the range, or past the longest (a stuck signal)."""
    if years is None or window is None:
        return "unknown"
    if years < window.min_years:
        return "early"
    return "past" if years > window.max_years else "within"


def packet_route(member: Member, target: str) -> str:
    """Where the promotion packet for ``member`` towards ``target`` is built: the web app's packet page for a
    person in the database (the same :func:`mlladder.promotion.packet.packet` the library offers), else the
    steps to get them there."""
    if member.person_id is not None:
        page = f"/people/{member.person_id}/packet?target={target}"
        return f"{page} in mlladder serve; in code: mlladder.packet(store, {member.person_id}, framework, '{target}')"
    return f"save {member.name}'s journal and documents in mlladder serve, then open their packet for {target}"
