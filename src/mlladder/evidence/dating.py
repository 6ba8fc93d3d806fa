"""When the work a line of a document describes happened: the date range of the role it sits under, or the date
of the brag-document entry it belongs to.

Resumes put a date range on each role's heading line ("Senior ML Engineer, Tidewater · Mar 2019 – Present") and
list the work below it; brag documents start each entry with its day ("2024-01-15 Shipped ...") or group entries
under a month or quarter ("Q2 2024"). :func:`work_dates` reads a document's plain text line by line and returns,
for every stretch of text, the date that covers it; :func:`date_at` looks an offset up.
"""

from __future__ import annotations

import bisect
import calendar
import datetime as dt
import re
from dataclasses import dataclass
from typing import Literal

from mlladder.evidence.signals import DATE_RANGE, parse_point

__all__ = [
    "DatedSpan",
    "WorkDate",
    "date_at",
    "work_dates",
]

DateKind = Literal["range", "day", "month", "quarter"]
Place = Literal["start", "end", "inside"]

_YEAR = r"(?P<year>(?:19|20)\d{2})"
_MONTH_NAME = (
    r"(?P<month>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|"
    r"oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_MONTH_NUMBERS = {name: number for number, name in enumerate(calendar.month_abbr) if name}
_ISO_DAY = re.compile(rf"\b{_YEAR}-(?P<month_number>0[1-9]|1[0-2])-(?P<day>0[1-9]|[12]\d|3[01])\b")
_DAY_FIRST = re.compile(rf"\b(?P<day>[0-3]?\d)(?:st|nd|rd|th)?\s+{_MONTH_NAME}\s+{_YEAR}\b", re.I)
_MONTH_FIRST = re.compile(rf"\b{_MONTH_NAME}\s+(?P<day>[0-3]?\d)(?:st|nd|rd|th)?,?\s+{_YEAR}\b", re.I)
_MONTH_YEAR = re.compile(rf"\b{_MONTH_NAME},?\s+{_YEAR}\b", re.I)
_QUARTER = re.compile(rf"\bQ(?P<quarter>[1-4])\s*{_YEAR}\b", re.I)
_BULLET = re.compile(r"^[\s\-*•·–—>#]*(?:\*\*|__)?")  # list marks and bold before a line's first word
_HEADING_MAX_WORDS = 8
_HEADING_MAX_CHARS = 60
_EDGE_SLACK = 3  # characters of punctuation allowed between a date and the start or end of its line


@dataclass(frozen=True)
class WorkDate:
    """A date written in a document: a range, a day, a month or a quarter, as written and as first and last day."""

    text: str  # as written: "Mar 2019 – Present", "2024-01-15", "Q2 2024"
    kind: DateKind
    start: dt.date
    end: dt.date  # "present" ends on the day given as today (for a stored document: the day it was uploaded)


@dataclass(frozen=True)
class DatedSpan:
    """``text[start:end]`` is covered by ``date``."""

    start: int
    end: int
    date: WorkDate


def work_dates(text: str, today: dt.date) -> list[DatedSpan]:
    """The stretches of ``text`` each date covers, in text order. A date at the start or end of a line, or on a
    heading-like line, covers the lines below it until the next such date, or a heading after some body text (a new
    section: "Education", "Talks"); a date inside a sentence covers only its own line."""
    spans: list[DatedSpan] = []
    current: WorkDate | None = None
    body_since_date = False
    offset = 0
    for line in text.split("\n"):
        found = _date_in(line, today)
        heading = _looks_like_heading(line)
        if found is not None:
            date, place = found
            if place != "inside" or heading:
                current = date
            # An entry that starts with its day is body text itself; a role line ending in its range heads the body
            # below it (and may be followed by more heading lines: the company, the place).
            body_since_date = place != "end" and not heading
            spans.append(DatedSpan(offset, offset + len(line) + 1, date))
        else:
            if heading and body_since_date:
                current = None  # a new section: the role above does not reach into it
            elif line.strip() and not heading:
                body_since_date = True
            if current is not None:
                spans.append(DatedSpan(offset, offset + len(line) + 1, current))
        offset += len(line) + 1
    return spans


def date_at(spans: list[DatedSpan], offset: int) -> WorkDate | None:
    """The date covering ``offset``, or None when no date in the document does."""
    index = bisect.bisect_right(spans, offset, key=lambda span: span.start) - 1  # spans are in text order
    if index >= 0 and spans[index].start <= offset < spans[index].end:
        return spans[index].date
    return None


def _date_in(line: str, today: dt.date) -> tuple[WorkDate, Place] | None:
    """The most telling date on a line (a range, then a day, a month, a quarter) and where on the line it is: a
    date that starts or ends its line heads the lines below it, one inside a sentence dates only that line."""
    for finder in (_range, _day, _month, _quarter):
        found = finder(line, today)
        if found is not None:
            date, match = found
            lead = len(_BULLET.match(line).group(0))  # type: ignore[union-attr]  # the pattern matches any text
            if match.start() - lead <= _EDGE_SLACK:
                return date, "start"
            # A role's line ends with its dates; a sentence or list item ending in one ("(Mar 2020).") is about
            # that line alone.
            sentence = line.rstrip().endswith(".") or line.lstrip()[:1] in {"-", "*", "•"}
            tail = len(line.rstrip(" .;:,)*_"))
            return date, "end" if tail - match.end() <= _EDGE_SLACK and not sentence else "inside"
    return None


def _range(line: str, today: dt.date) -> tuple[WorkDate, re.Match[str]] | None:
    for match in DATE_RANGE.finditer(line):
        start, end = _first_day(match.group("start"), today), _last_day(match.group("end"), today)
        if start is not None and end is not None and start <= end:
            return WorkDate(match.group(0).strip(), "range", start, end), match
    return None


def _day(line: str, today: dt.date) -> tuple[WorkDate, re.Match[str]] | None:
    for pattern in (_ISO_DAY, _DAY_FIRST, _MONTH_FIRST):
        for match in pattern.finditer(line):
            month = _month_of(match)
            try:
                day = dt.date(int(match.group("year")), month, int(match.group("day")))
            except ValueError:  # 31 February
                continue
            return WorkDate(match.group(0), "day", day, day), match
    return None


def _month(line: str, today: dt.date) -> tuple[WorkDate, re.Match[str]] | None:
    match = _MONTH_YEAR.search(line)
    if match is None:
        return None
    year, month = int(match.group("year")), _month_of(match)
    start = dt.date(year, month, 1)
    return WorkDate(match.group(0), "month", start, _month_end(year, month)), match


def _quarter(line: str, today: dt.date) -> tuple[WorkDate, re.Match[str]] | None:
    match = _QUARTER.search(line)
    if match is None:
        return None
    year, first_month = int(match.group("year")), 3 * int(match.group("quarter")) - 2
    start = dt.date(year, first_month, 1)
    return WorkDate(match.group(0), "quarter", start, _month_end(year, first_month + 2)), match


def _month_of(match: re.Match[str]) -> int:
    named = match.groupdict().get("month")
    if named:
        return _MONTH_NUMBERS[named[:3].title()]
    return int(match.group("month_number"))


def _first_day(point: str, today: dt.date) -> dt.date | None:
    """A range's start: a bare year starts in January ("2016-2019" covers 2016 whole)."""
    if re.fullmatch(r"(?:19|20)\d{2}", point.strip()):
        return dt.date(int(point.strip()), 1, 1)
    months = parse_point(point, today)
    return None if months is None else dt.date(months // 12, months % 12 + 1, 1)


def _last_day(point: str, today: dt.date) -> dt.date | None:
    """A range's end: a bare year ends in December, "present" on ``today``."""
    if re.fullmatch(r"(?:19|20)\d{2}", point.strip()):
        return dt.date(int(point.strip()), 12, 31)
    months = parse_point(point, today)
    if months is None:
        return None
    year, month = months // 12, months % 12 + 1
    return today if (year, month) == (today.year, today.month) else _month_end(year, month)


def _month_end(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def _looks_like_heading(line: str) -> bool:
    """A short line that is no sentence: a section name ("Education"), a role or a company line."""
    stripped = line.strip()
    if not stripped or len(stripped) > _HEADING_MAX_CHARS or len(stripped.split()) > _HEADING_MAX_WORDS:
        return False
    return not stripped.endswith((".", ";", ",")) and not stripped.startswith(("-", "*", "•"))
