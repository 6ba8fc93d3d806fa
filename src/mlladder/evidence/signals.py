"""Scope and leadership signals, quantified impact and years of experience, found with regular expressions.

Each signal kind has a scope on a five-step scale (1 a task, 2 a feature or project, 3 a team, 4 several teams or
the organisation, 5 the company or the industry); the scope maps onto the framework's main track, and the
framework's own markers decide which competencies a signal is evidence for.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Literal, cast

import ahocorasick

__all__ = [
    "DATE_RANGE",
    "IMPACT_PATTERN",
    "IMPACT_TRIGGERS",
    "MONTH_TRIGGERS",
    "REQUIRED_YEARS",
    "SIGNAL_KINDS",
    "STATED_YEARS",
    "YEAR_FINDER",
    "Scanned",
    "SignalKind",
    "TriggeredScanner",
    "impact_unit",
    "impact_value",
    "merged_months",
    "number_value",
    "parse_point",
]

NUMBER_WORDS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10,
    "eleven": 11, "twelve": 12, "fifteen": 15, "twenty": 20, "a dozen": 12, "several": 3, "multiple": 3,
}  # fmt: skip
_NUMBER = r"(?:\d+(?:\.\d+)?|" + "|".join(NUMBER_WORDS) + r")"


@dataclass(frozen=True)
class SignalKind:
    kind: str
    pattern: re.Pattern[str]
    scope: int
    triggers: tuple[str, ...]  # lower-case words near which every match lies (see TriggeredScanner)


def _kind(kind: str, pattern: str, scope: int, triggers: str) -> SignalKind:
    return SignalKind(kind, re.compile(pattern, re.I), scope, tuple(triggers.split("|")))


PEOPLE = (
    r"(?:engineers?|developers?|juniors?|interns?|scientists?|analysts?|people|colleagues|team ?members|hires|"
    r"reports)"
)
SIGNAL_KINDS: tuple[SignalKind, ...] = (
    _kind(
        "implemented",
        r"\b(?:implemented|built|developed|trained|coded|prototyped|fine-tuned|cleaned|preprocessed|"
        r"wrote (?:code|tests|scripts))\b",
        1,
        "implemented|built|developed|trained|coded|prototyped|fine-tuned|cleaned|preprocessed|wrote",
    ),
    _kind(
        "shipped",
        r"\b(?:shipped|deployed|launched|productioni[sz]ed|released|rolled out|put into production)\b",
        2,
        "shipped|deployed|launched|productioni|released|rolled out|put into production",
    ),
    _kind(
        "owned",
        r"\b(?:owned|end[- ]to[- ]end|sole owner|took ownership|responsible for)\b",
        2,
        "owned|end-to-end|end to end|sole owner|ownership|responsible for",
    ),
    _kind(
        "designed",
        r"\b(?:designed|architected|re-?architected|redesigned|design(?:ed)? (?:doc|document|review)s?)\b",
        3,
        "designed|architected|re-architected|rearchitected|redesigned|design doc|design review",
    ),
    _kind(
        "led",
        r"\b(?:led|(?:leading|lead)(?=\s+(?:the|a|an|our|my|teams?|projects?|migrations?|efforts?|"
        r"initiatives?|development|design|engineers)\b)|headed|spearheaded|drove)\b",
        3,
        "led|leading|lead|headed|spearheaded|drove",
    ),
    _kind(
        "mentored",
        rf"\b(?:mentor(?:ed|ing|s)?|coach(?:ed|ing)?|onboarded|trained (?:{_NUMBER} )?{PEOPLE})\b"
        rf"(?:\s+(?:(?:a|an|the|our|{_NUMBER}|junior|new|senior|mid-level)\s+)*{PEOPLE})?",
        2,
        "mentor|coach|onboarded|trained",
    ),
    _kind(
        "hiring",
        r"\b(?:interviewed|hiring (?:committee|decisions|loop|manager)|hired|recruited|"
        r"conducted (?:technical )?interviews)\b",
        3,
        "interviewed|hiring|hired|recruited|conducted",
    ),
    _kind(
        "direction",
        r"\b(?:set(?:ting|s)? (?:the )?(?:technical |engineering |ml |ai )?(?:direction|vision|strategy|roadmap|"
        r"standards)|(?:technical|ml|ai) (?:vision|strategy)|defined (?:the )?(?:technical |ml |ai )?"
        r"(?:strategy|roadmap|vision)|build[- ]vs[- ]buy)\b",
        4,
        "set|technical|ml|ai|defined|build",
    ),
    _kind(
        "cross_team",
        rf"\b(?:across (?:{_NUMBER} |many |the )?(?:product )?teams|cross[- ]team|cross[- ]functional|"
        rf"(?:{_NUMBER}) teams|multiple teams|teams across|aligned (?:the )?teams)\b",
        3,
        "across|cross|multiple|aligned|teams",
    ),
    _kind(
        "org_wide",
        r"\b(?:company[- ]wide|org(?:ani[sz]ation)?[- ]wide|across the (?:company|org(?:ani[sz]ation)?|business)|"
        r"(?:whole|entire) (?:company|organi[sz]ation)|all (?:product )?teams)\b",
        4,
        "company|org|organi|across the|whole|entire|all",
    ),
    _kind(
        "external",
        r"\b(?:conference talks?|spoke at|speaker at|talks? at|presented at|published|papers? (?:at|in)|patents?|"
        r"open[- ]source (?:maintainer|project|library|contributor|contributions?)|maintainer of|blog posts?)\b",
        4,
        "conference|spoke|speaker|talk|presented|published|paper|patent|open|maintainer|blog",
    ),
    _kind(
        "industry",
        r"\b(?:keynotes?|industry[- ](?:standard|wide|leader|recognition)|standards bod(?:y|ies)|program committee|"
        r"invited talks?)\b",
        5,
        "keynote|industry|standards|program committee|invited",
    ),
    _kind(
        "executive",
        r"\b(?:advis(?:ed|ing|es) (?:the )?(?:cto|ceo|cio|vp|vps|executives?|leadership|board)|board[- ]level|"
        r"c-level|executive (?:team|leadership|stakeholders|sponsors?)|briefed (?:the )?(?:cto|ceo|executives|"
        r"leadership))\b",
        5,
        "advis|board|c-level|executive|briefed",
    ),
)

# -- quantified impact -------------------------------------------------------------------------------------------

_SCALE = r"(?:\s?(?:k|m|mm|b|bn|thousand|million|billion)\b)?"
IMPACT_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    (
        "money",
        re.compile(rf"[$€£]\s?\d[\d,]*(?:\.\d+)?{_SCALE}|\b\d[\d,]*(?:\.\d+)?{_SCALE}\s?(?:usd|eur|dollars)\b", re.I),
    ),
    ("percent", re.compile(r"\b\d[\d,]*(?:\.\d+)?\s?(?:%|percent\b|pct\b|percentage points\b|pp\b)", re.I)),
    (
        "multiplier",
        re.compile(
            r"\b\d+(?:\.\d+)?\s?x\b(?=\s*(?:faster|cheaper|more|fewer|less|speed|improvement|"
            r"throughput|reduction|increase|lower|higher|smaller|larger))",
            re.I,
        ),
    ),
    (
        "throughput",
        re.compile(
            rf"\b\d[\d,]*(?:\.\d+)?{_SCALE}\s?(?:qps|rps|tps|req/s|requests?(?: per |/)s(?:ec|econd)?|"
            r"predictions?(?: per |/)s(?:ec|econd)?|events?(?: per |/)s(?:ec|econd)?|"
            r"queries per second)",
            re.I,
        ),
    ),
    (
        "users",
        re.compile(
            rf"\b\d[\d,]*(?:\.\d+)?{_SCALE}\+?\s?(?:daily |monthly |active )*(?:users|customers|members|"
            r"clients|subscribers|dau|mau|merchants|patients|drivers|riders|sellers)\b",
            re.I,
        ),
    ),
    ("hardware", re.compile(r"\b\d[\d,]*\s?(?:gpus?|tpus?|nodes|machines|servers|cpu cores|a100s?|h100s?)\b", re.I)),
    (
        "data",
        re.compile(
            rf"\b\d[\d,]*(?:\.\d+)?{_SCALE}\s?(?:tb|gb|pb|terabytes?|petabytes?|gigabytes?|rows|records|"
            r"documents|images|samples|events|transactions)\b",
            re.I,
        ),
    ),
    (
        "time",
        re.compile(
            r"\b\d[\d,]*(?:\.\d+)?\s?(?:ms|milliseconds?|µs|microseconds?|seconds?|secs?|minutes?|mins?|"
            r"hours?|hrs?)\b",
            re.I,
        ),
    ),
)
IMPACT_PATTERN = re.compile("|".join(f"(?P<{unit}>{pattern.pattern})" for unit, pattern in IMPACT_PATTERNS), re.I)
_SCALES = {"k": 1e3, "thousand": 1e3, "m": 1e6, "mm": 1e6, "million": 1e6, "b": 1e9, "bn": 1e9, "billion": 1e9}


def impact_value(text: str) -> float:
    """The number in an impact phrase, with its scale word applied: '$1.2M' -> 1_200_000."""
    match = re.search(r"(\d[\d,]*(?:\.\d+)?)\s?(k|mm|m|bn|b|thousand|million|billion)?\b", text, re.I)
    if match is None:
        return 0.0
    value = float(match.group(1).replace(",", ""))
    scale = (match.group(2) or "").lower()
    return value * _SCALES.get(scale, 1.0)


ImpactUnit = Literal["percent", "money", "time", "throughput", "users", "hardware", "data", "multiplier"]


def impact_unit(match: re.Match[str]) -> ImpactUnit:
    """Which kind of impact a match of :data:`IMPACT_PATTERN` is (the named group that matched)."""
    unit = match.lastgroup or "percent"
    return cast(ImpactUnit, unit)


# -- years of experience -----------------------------------------------------------------------------------------

_MONTHS = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "sept": 9, "oct": 10,
    "nov": 11, "dec": 12,
}  # fmt: skip
_MONTH = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sept?|oct|nov|dec)[a-z]*\.?"
_POINT = rf"(?:{_MONTH}\s+(?:19|20)\d{{2}}|\d{{1,2}}[/.-](?:19|20)\d{{2}}|(?:19|20)\d{{2}})"
DATE_RANGE = re.compile(
    rf"(?P<start>{_POINT})\s*(?:-|–|—|to|until|till)\s*(?P<end>{_POINT}|present|current|now|today|date|ongoing)\b",
    re.I,
)
STATED_YEARS = re.compile(
    rf"\b(?:over |more than |nearly |almost |about )?(?P<years>{_NUMBER})\s*\+?\s*(?:years?|yrs?)(?:'|’)?"
    r"(?:\s+of)?(?:\s+[\w/&-]+){0,4}?\s+(?:experience|expertise|exp)\b"
    rf"|\b(?:total )?(?:work |professional )?(?:experience|exp)\s*(?:of|:|-)?\s*(?:over |about )?"
    rf"(?P<years_after>{_NUMBER})\s*\+?\s*(?:years?|yrs?)\b",
    re.I,
)
REQUIRED_YEARS = re.compile(
    rf"\b(?:(?:at least|minimum(?: of)?|min\.?|over|more than)\s+)?(?P<low>{_NUMBER})\s*(?:\+|plus)?\s*"
    rf"(?:(?:-|–|to)\s*(?P<high>{_NUMBER})\s*\+?\s*)?(?:years?|yrs?)\b",
    re.I,
)


def number_value(text: str) -> float:
    word = text.lower().strip()
    return float(NUMBER_WORDS[word]) if word in NUMBER_WORDS else float(word)


def parse_point(text: str, today: dt.date) -> int | None:
    """A date-range end as a month count (year * 12 + month - 1). A bare year is taken as its middle, so
    "2016-2019" counts three years, as people mean it."""
    lowered = text.lower().strip()
    if lowered in {"present", "current", "now", "today", "date", "ongoing"}:
        return today.year * 12 + today.month - 1
    year_match = re.search(r"(19|20)\d{2}", lowered)
    if year_match is None:
        return None
    year = int(year_match.group(0))
    month_name = re.match(r"[a-z]{3}", lowered)
    numeric = re.match(r"(\d{1,2})[/.-]", lowered)
    if month_name and month_name.group(0) in _MONTHS:
        month = _MONTHS[month_name.group(0)]
    elif numeric and 1 <= int(numeric.group(1)) <= 12:
        month = int(numeric.group(1))
    else:
        month = 7
    return year * 12 + month - 1


def merged_months(ranges: list[tuple[int, int]]) -> int:
    """Total months covered by possibly overlapping [start, end] month ranges (each end month counts)."""
    total, current_start, current_end = 0, None, None
    for start, end in sorted(ranges):
        if current_end is None or start > current_end + 1:
            if current_start is not None and current_end is not None:
                total += current_end - current_start + 1
            current_start, current_end = start, end
        else:
            current_end = max(current_end, end)
    if current_start is not None and current_end is not None:
        total += current_end - current_start + 1
    return total


# -- scanning near trigger words ---------------------------------------------------------------------------------

# Where a date range can be: at a year (the month, if any, comes a few characters before it).
YEAR_FINDER = re.compile(r"(?<!\d)(?:19|20)\d\d(?!\d)")
# Where an impact can be: at its unit word or symbol (the number comes a few characters before it).
IMPACT_TRIGGERS = (
    "$",
    "€",
    "£",
    "%",
    "percent",
    "pct",
    "pp",
    "usd",
    "eur",
    "dollars",
    "x",
    "qps",
    "rps",
    "tps",
    "req",
    "requests",
    "request",
    "predictions",
    "prediction",
    "events",
    "event",
    "queries",
    "users",
    "customers",
    "members",
    "clients",
    "subscribers",
    "dau",
    "mau",
    "merchants",
    "patients",
    "drivers",
    "riders",
    "sellers",
    "gpu",
    "gpus",
    "tpu",
    "tpus",
    "nodes",
    "machines",
    "servers",
    "cores",
    "a100",
    "a100s",
    "h100",
    "h100s",
    "tb",
    "gb",
    "pb",
    "terabytes",
    "terabyte",
    "petabytes",
    "gigabytes",
    "rows",
    "records",
    "documents",
    "images",
    "samples",
    "transactions",
    "ms",
    "milliseconds",
    "millisecond",
    "µs",
    "microseconds",
    "seconds",
    "second",
    "secs",
    "sec",
    "minutes",
    "minute",
    "mins",
    "min",
    "hours",
    "hour",
    "hrs",
    "hr",
)
MONTH_TRIGGERS = tuple(_MONTHS)


@dataclass(frozen=True)
class Scanned:
    """A pattern to find near its trigger words: ``back`` characters before a trigger are searched too, for
    matches that start before the word that gives them away ("three teams", "5+ years")."""

    pattern: re.Pattern[str]
    triggers: tuple[str, ...]
    back: int = 0
    finder: re.Pattern[str] | None = None  # a cheap expression whose matches are candidates too
    whole_words: bool = False  # triggers must end at a word boundary too ("ms", not the "m" of "model")
    ahead: int = 140  # characters after a trigger a match may end (short for units, which end near the number)
    needs_digit: bool = False  # every match holds a digit: a trigger with none in its window is skipped cheaply


_DIGIT = re.compile(r"\d")


class TriggeredScanner:
    """Run many regular expressions over a text cheaply: one Aho-Corasick pass finds every trigger word, and each
    expression is only tried in a short window at its triggers (and at numbers, for those that start with one)."""

    def __init__(self, patterns: dict[str, Scanned]) -> None:
        self.patterns = patterns
        self.automaton = ahocorasick.Automaton()
        owners: dict[tuple[str, bool], list[str]] = defaultdict(list)
        for name, scanned in patterns.items():
            for trigger in scanned.triggers:
                owners[(trigger, scanned.whole_words and trigger[-1].isalnum())].append(name)
        words: dict[str, list[tuple[bool, tuple[str, ...]]]] = defaultdict(list)
        for (trigger, whole), names in owners.items():
            words[trigger].append((whole, tuple(names)))
        for trigger, groups in words.items():
            self.automaton.add_word(trigger, (len(trigger), tuple(groups)))
        self.automaton.make_automaton()
        self.finders = {name: scanned.finder for name, scanned in patterns.items() if scanned.finder is not None}

    def scan(
        self, text: str, lowered: str, skip: frozenset[str] = frozenset(), limit: int | None = None
    ) -> dict[str, list[re.Match[str]]]:
        """Every match of every pattern (a match found from two candidates is kept once), in text order; with
        ``limit``, each pattern stops after that many matches (the first in the text)."""
        candidates: dict[str, set[int]] = defaultdict(set)
        size = len(lowered)
        for end, (length, groups) in self.automaton.iter(lowered):
            start = end - length + 1
            if start and lowered[start - 1].isalpha():
                continue  # the trigger is inside a longer word (a digit may precede a unit: "40ms")
            ends_word = end + 1 >= size or not lowered[end + 1].isalpha()
            for whole, names in groups:
                if whole and not ends_word:
                    continue
                for name in names:
                    candidates[name].add(start)
        for name, finder in self.finders.items():
            if name not in skip:
                candidates[name].update(match.start() for match in finder.finditer(text))
        for name in skip:
            candidates.pop(name, None)
        return {name: self._matches(name, sorted(points), text, limit) for name, points in candidates.items()}

    def _matches(self, name: str, points: list[int], text: str, limit: int | None) -> list[re.Match[str]]:
        scanned = self.patterns[name]
        found: dict[tuple[int, int], re.Match[str]] = {}
        for point in points:
            if limit is not None and len(found) >= limit:
                break
            if scanned.needs_digit and not _DIGIT.search(text, max(point - scanned.back, 0), point + scanned.ahead):
                continue
            if scanned.back:
                for reaching in _matches_reaching(scanned.pattern, text, point, scanned.back, scanned.ahead):
                    found.setdefault(reaching.span(), reaching)
                continue
            match = scanned.pattern.match(text, point)  # matches start at their trigger
            if match is not None and match.end() > match.start():
                found.setdefault(match.span(), match)
        return _outermost([found[span] for span in sorted(found)])[:limit]


def _matches_reaching(
    pattern: re.Pattern[str], text: str, point: int, back: int, ahead: int
) -> Iterator[re.Match[str]]:
    """Matches in the window around ``point``, up to the first one that reaches it (earlier ones are kept too)."""
    end = min(point + ahead, len(text))
    position = max(point - back, 0)
    while position < end:
        match = pattern.search(text, position, end)
        if match is None or match.end() == match.start():
            return
        if match.end() >= end and end < len(text):
            full = pattern.match(text, match.start())  # the window cut it short: match in full
            if full is None:
                return
            match = full
        yield match
        if match.end() > point:
            return
        position = match.end()


def _outermost(matches: list[re.Match[str]]) -> list[re.Match[str]]:
    """Drop matches inside an earlier one ("2019 - Present" inside "Jan 2019 - Present")."""
    kept: list[re.Match[str]] = []
    for match in sorted(matches, key=lambda item: (item.start(), -item.end())):
        if kept and match.end() <= kept[-1].end():
            continue
        kept.append(match)
    return kept
