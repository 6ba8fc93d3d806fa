"""Where a person stands at their level, as both questionnaires (terminal and web) ask it.

Three optional answers feed the diagnosis (:mod:`mlladder.guidance.diagnosis`): when the person reached their
current level, the promotion reviews since then where they were passed over, and whether someone senior argues
for them. Each answer is checked here once, so the terminal and the web accept and refuse the same text.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from mlladder.assess.profile import Profile
from mlladder.errors import InputError, clipped

__all__ = [
    "Standing",
    "date_answer",
    "passed_over_answer",
    "sponsor_answer",
    "standing_answer",
    "standing_of",
    "standing_values",
]

EARLIEST = dt.date(1950, 1, 1)  # before any ML career; a typo such as 1024-03 is caught here
MAX_REVIEWS = 20
DATE_HINT = "a date such as 2024-03-15 or 2024-03"
_DATE = re.compile(r"^(\d{4})-(\d{1,2})(?:-(\d{1,2}))?$")
_SEPARATORS = re.compile(r"[,;\s]+")
_YES = {"y", "yes", "true", "1"}
_NO = {"n", "no", "false", "0"}


@dataclass(frozen=True)
class Standing:
    """The answers: each may be left out (None or empty), which the diagnosis reads as "not said"."""

    in_level_since: dt.date | None = None
    passed_over: tuple[dt.date, ...] = field(default_factory=tuple)
    sponsor: bool | None = None


def date_answer(text: str, today: dt.date) -> dt.date | None:
    """A date from 2024-03-15 or 2024-03 (the first of the month); None for nothing; InputError for the rest."""
    cleaned = text.strip()
    if not cleaned:
        return None
    match = _DATE.match(cleaned)
    if match is None:
        raise InputError(f"'{clipped(cleaned, 40)}' is not a date (fix: type {DATE_HINT})")
    year, month, day = (int(part) if part else 1 for part in match.groups())
    try:
        value = dt.date(year, month, day)
    except ValueError:
        raise InputError(f"'{cleaned}' is not a date of the calendar (fix: type {DATE_HINT})") from None
    if value > today:
        raise InputError(f"{value.isoformat()} is in the future (fix: type a date up to today)")
    if value < EARLIEST:
        raise InputError(f"{value.isoformat()} is before {EARLIEST.year} (fix: check the year)")
    return value


def passed_over_answer(text: str, today: dt.date, since: dt.date | None) -> tuple[dt.date, ...]:
    """The dates of the reviews where the person was passed over, oldest first, from a list such as
    '2025-03, 2025-09'; each must fall after ``since`` (a review before the person reached their level was about
    the level below, so it says nothing about being stuck at this one)."""
    parts = [part for part in _SEPARATORS.split(text.strip()) if part]
    if len(parts) > MAX_REVIEWS:
        raise InputError(f"{len(parts)} dates is more than {MAX_REVIEWS} (fix: give the reviews at your current level)")
    dates = sorted({day for part in parts if (day := date_answer(part, today)) is not None})
    early = [day for day in dates if since is not None and day <= since]
    if early and since is not None:
        raise InputError(
            f"{early[0].isoformat()} is not after {since.isoformat()}, when you reached your current level "
            "(fix: give only the reviews since then)"
        )
    return tuple(dates)


def sponsor_answer(text: str) -> bool | None:
    """Yes or no; None for nothing (not said)."""
    cleaned = text.strip().lower()
    if not cleaned:
        return None
    if cleaned in _YES:
        return True
    if cleaned in _NO:
        return False
    raise InputError(f"'{clipped(text.strip(), 40)}' is neither yes nor no (fix: type yes or no, or leave it empty)")


def standing_answer(since: str, passed_over: str, sponsor: str, today: dt.date) -> Standing:
    """All three answers of a form, each named in the error that says what to fix."""
    try:
        level_since = date_answer(since, today)
    except InputError as error:
        raise InputError(f"at this level since: {error}") from None
    try:
        reviews = passed_over_answer(passed_over, today, level_since)
    except InputError as error:
        raise InputError(f"passed over: {error}") from None
    try:
        has_sponsor = sponsor_answer(sponsor)
    except InputError as error:
        raise InputError(f"sponsor: {error}") from None
    return Standing(level_since, reviews, has_sponsor)


def standing_of(profile: Profile) -> Standing:
    """The answers a profile already gives: the passed-over reviews at its current level (those before it, and
    promotions, are not asked again)."""
    passed = tuple(review.date for review in profile.reviews_at_level() if review.outcome == "passed-over")
    return Standing(profile.in_level_since, passed, profile.sponsor)


def standing_values(standing: Standing | None) -> dict[str, str]:
    """The answers as a form shows them (empty without any)."""
    if standing is None:
        return {"in_level_since": "", "passed_over": "", "sponsor": ""}
    sponsor = "" if standing.sponsor is None else "yes" if standing.sponsor else "no"
    since = standing.in_level_since.isoformat() if standing.in_level_since else ""
    return {
        "in_level_since": since,
        "passed_over": ", ".join(d.isoformat() for d in standing.passed_over),
        "sponsor": sponsor,
    }
