"""What a job posting says about the level it wants, each cue with the sentence it came from.

- **early career**: students, internships, graduation dates, degrees in progress, "entry level", "new grad";
- **years**: required ("5+ years of experience"), preferred (in a nice-to-have section or hedged: "ideally 3
  years"), and per skill ("3+ years of Python", weaker: a skill's years are not a career's);
- **degrees**: PhD, master's or bachelor's, required or preferred;
- **pay**: a stated range or annual amount ("$120,000-$150,000", "£60K - £75K", "$45/hour"), as a yearly figure.

The title is found here too (:func:`posting_title`): the first line that reads like a job title, past location and
organisation tags, dates and section headings. Scope ("lead", "set direction across teams") comes from the
signals every document gets. Which level each cue points to is the placement's business
(:mod:`mlladder.assess.postings`); this module only finds and cites.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from typing import Literal

from mlladder.evidence.model import Cue, Section
from mlladder.evidence.signals import Scanned, number_value
from mlladder.evidence.text import Layout, section_of_heading

__all__ = [
    "POSTING_PATTERNS",
    "posting_cues",
    "posting_title",
]

CueKind = Literal[
    "early_career", "years_required", "years_preferred", "skill_years", "degree_phd", "degree_masters",
    "degree_bachelors", "pay",
]  # fmt: skip

EARLY_CAREER = re.compile(
    r"\b(?:intern(?:ship)?s?|(?:working |university |phd |master'?s |graduate )?students?|new[- ]grad(?:uate)?s?|"
    r"recent(?:ly)? graduat\w*|graduat(?:e|ed|ing|ion) (?:date )?(?:in|by|between|from) (?:\w+ )?(?:19|20)\d\d|"
    r"class of (?:19|20)\d\d|entry[- ]level|early[- ]career|currently (?:pursuing|enrolled)|"
    r"pursuing (?:a |an |your )?(?:bachelor|master|ph\.?d|degree|b\.?s|m\.?s)\w*|degree in progress|"
    r"working towards? (?:a |your )?degree|apprentice(?:ship)?s?|trainees?|graduate (?:program|programme|scheme|"
    r"role|position|opportunit\w*)|university (?:hire|hiring|recruit\w*)|campus (?:hire|hiring|recruit\w*)|"
    r"no (?:prior |previous )?(?:professional |work )?experience (?:is )?(?:required|needed|necessary))\b",
    re.I,
)
_EARLY_TRIGGERS = (
    "intern", "student", "grad", "entry", "early", "pursu", "enrolled", "apprentic", "trainee", "campus", "university",
    "class of", "working toward", "no prior", "no previous", "no professional", "no experience", "no work", "degree in",
)  # fmt: skip
_GENERAL_YEARS = re.compile(
    r"^['’]?\s*(?:of\s+)?(?:\w+[\s,-]+){0,3}?(?:experience|exp\b|work|working|industry|professional|relevant|"
    r"hands[- ]on|in (?:a|an|the) (?:similar |comparable )?(?:role|position|field)|post[- ]?grad)",
    re.I,
)
_NOT_EXPERIENCE = re.compile(
    r"\b(?:after|in only|on the market|term of|fixed[- ]term|contract|service|rising|history|founded|for over|"
    r"since|warranty|guarantee|ago|old|anniversary|pension|vesting|vest|age|aged|retention)\b",
    re.I,
)
_HEDGE = re.compile(r"\b(?:prefer\w*|ideal\w*|nice to have|a plus|bonus|desir\w*|advantage\w*|optional)\b", re.I)
DEGREES = re.compile(
    r"\b(?:(?P<degree_phd>ph\.?\s?d\.?|doctorate|doctoral degree)|"
    r"(?P<degree_masters>master'?s|m\.sc\.?|msc|m\.s\.|ms (?:degree|in)|master of)|"
    r"(?P<degree_bachelors>bachelor'?s|b\.sc\.?|bsc|b\.s\.|bs (?:degree|in)|bachelor of|undergraduate degree))(?!\w)",
    re.I,
)
_DEGREE_TRIGGERS = (
    "phd",
    "ph.d",
    "ph. d",
    "doctor",
    "master",
    "msc",
    "m.s",
    "ms ",
    "bachelor",
    "bsc",
    "b.s",
    "bs ",
    "undergraduate",
)
_EQUIVALENT = re.compile(r"\bor (?:an? )?(?:equivalent|comparable|similar)\b", re.I)
_DEGREE_KINDS: dict[str, CueKind] = {
    "degree_phd": "degree_phd",
    "degree_masters": "degree_masters",
    "degree_bachelors": "degree_bachelors",
}
_AMOUNT = r"\d{1,3}(?:[,.]\d{3})+(?:\.\d\d)?|\d+(?:\.\d+)?"
PAY = re.compile(
    rf"(?P<cur>[$€£]|usd|eur|gbp)\s?(?P<low>{_AMOUNT})\s?(?P<lk>[kK]\b)?\s*(?:-|–|—|to)\s*(?:[$€£]|usd|eur|gbp)?\s?"
    rf"(?P<high>{_AMOUNT})\s?(?P<hk>[kK]\b)?(?:\s*(?:usd|eur|gbp))?"
    r"(?P<per>\s*(?:per|/|an|a)\s*(?:year|yr|annum|hour|hr)\b)?"
    rf"|(?P<cur1>[$€£])\s?(?P<one>{_AMOUNT})\s?(?P<ok>[kK]\b)?(?P<per1>\s*(?:per|/|an|a)\s*(?:year|yr|annum|hour|hr)\b)",
    re.I,
)
_PAY_TRIGGERS = ("$", "€", "£", "usd", "eur", "gbp")
CURRENCIES = {"$": "USD", "usd": "USD", "€": "EUR", "eur": "EUR", "£": "GBP", "gbp": "GBP"}
HOURS_A_YEAR = 2080
MIN_YEARLY_PAY, MAX_YEARLY_PAY = 10_000, 2_000_000  # outside: not a salary (a budget, a funding round, a typo)
MAX_YEARS = 15  # "20 years of history" is about the company


POSTING_PATTERNS = {
    # Where a match may start before its trigger ("currently pursuing", "new grad") and end after it.
    "early_career": Scanned(EARLY_CAREER, _EARLY_TRIGGERS, back=24, ahead=80),
    "degree": Scanned(DEGREES, _DEGREE_TRIGGERS, ahead=30),
    "pay": Scanned(PAY, _PAY_TRIGGERS, ahead=80, needs_digit=True),
}
"""The expressions only postings need, run by the extraction's one pass over the text with everything else."""


def posting_cues(structure: Layout, found: Mapping[str, list[re.Match[str]]]) -> list[Cue]:
    """Every cue of a job posting, in the order they appear, from the matches the extraction's scanner made:
    :data:`POSTING_PATTERNS` and the "N years" requirements (found near the words "year" and "yr")."""
    text = structure.document.text
    found_cues = [*_early_career(structure, text, found.get("early_career", []))]
    found_cues.extend(_years(structure, text, found.get("required", [])))
    found_cues.extend(_degrees(structure, text, found.get("degree", [])))
    found_cues.extend(_pay(structure, found.get("pay", [])))
    return sorted(found_cues, key=lambda cue: cue.citation.start)


def _early_career(structure: Layout, text: str, matches: list[re.Match[str]]) -> Iterator[Cue]:
    for match in matches:
        if structure.section_at(match.start()) != "company":  # "we hire students too" in the company blurb
            yield _cue(structure, "early_career", match.start(), match.end(), text)


def _years(structure: Layout, text: str, years_found: list[re.Match[str]]) -> Iterator[Cue]:
    for match in years_found:
        start, end = match.span()
        if _NOT_EXPERIENCE.search(text[max(0, start - 30) : end + 25]):
            continue
        low = number_value(match.group("low"))
        high = number_value(match.group("high")) if match.group("high") else None
        if low > MAX_YEARS or (high is not None and high < low):
            continue
        after = text[end : end + 60]
        if not _GENERAL_YEARS.match(after):
            kind: CueKind = "skill_years"
        elif _preferred(structure, text, start, end):
            kind = "years_preferred"
        else:
            kind = "years_required"
        yield _cue(structure, kind, start, end, text, low, high)


def _degrees(structure: Layout, text: str, matches: list[re.Match[str]]) -> Iterator[Cue]:
    for match in matches:
        if structure.section_at(match.start()) == "company":
            continue
        kind = _DEGREE_KINDS[match.lastgroup or "degree_bachelors"]
        # "a PhD or equivalent experience" does not require the degree.
        optional = _preferred(structure, text, match.start(), match.end()) or bool(
            _EQUIVALENT.search(text, match.end(), match.end() + 60)
        )
        value = 0.0 if optional else 1.0
        yield _cue(structure, kind, match.start(), match.end(), text, value)


def _pay(structure: Layout, matches: list[re.Match[str]]) -> Iterator[Cue]:
    for match in matches:
        yearly = _yearly(match)
        if yearly is None:
            continue
        low, high = yearly
        currency = CURRENCIES[(match.group("cur") or match.group("cur1")).lower()]
        yield Cue(
            kind="pay",
            value=low,
            high=high,
            currency=currency,
            text=match.group(0).strip(),
            section=structure.section_at(match.start()),
            citation=structure.citation(match.start(), match.end()),
        )


def _yearly(match: re.Match[str]) -> tuple[float, float] | None:
    """The range as yearly amounts (hourly ones times 2,080 hours); None when it cannot be a salary."""
    if match.group("one") is not None:
        low = high = _amount(match.group("one"), match.group("ok"))
        period = match.group("per1") or ""
    else:
        high = _amount(match.group("high"), match.group("hk"))
        # "$120-150K": the K of the high end applies to the low end too.
        low = _amount(match.group("low"), match.group("lk") or (match.group("hk") if high >= 1000 else None))
        period = match.group("per") or ""
    if re.search(r"hour|hr", period, re.I):
        low, high = low * HOURS_A_YEAR, high * HOURS_A_YEAR
    if not MIN_YEARLY_PAY <= low <= high <= MAX_YEARLY_PAY or high > 3 * low:
        return None
    return low, high


def _amount(text: str, thousands: str | None) -> float:
    digits = text
    if re.fullmatch(r"\d{1,3}(?:[,.]\d{3})+(?:\.\d\d)?", text):
        digits = re.sub(r"[,.](?=\d{3}\b)", "", text)  # 120,000 and 120.000 are both a hundred and twenty thousand
    value = float(digits.replace(",", ""))
    return value * 1000 if thousands else value


def _preferred(structure: Layout, text: str, start: int, end: int) -> bool:
    """In a nice-to-have section, or hedged in its own clause ("ideally", "preferred", "a plus")."""
    if structure.section_at(start) == "nice_to_have":
        return True
    clause_start = max(text.rfind(". ", 0, start), text.rfind("\n", 0, start), text.rfind(";", 0, start)) + 1
    ends = [i for i in (text.find(". ", end), text.find("\n", end), text.find(";", end)) if i >= 0]
    clause_end = min([*ends, len(text), end + 80])
    return bool(_HEDGE.search(text, max(clause_start, start - 80), clause_end))


def _cue(
    structure: Layout,
    kind: CueKind,
    start: int,
    end: int,
    text: str,
    value: float | None = None,
    high: float | None = None,
) -> Cue:
    section: Section = structure.section_at(start)
    citation = structure.citation(start, end)
    return Cue(
        kind=kind, value=value, high=high, currency=None, text=text[start:end], section=section, citation=citation
    )


# -- the title -----------------------------------------------------------------------------------------------------

JOB_NOUNS = re.compile(
    r"\b(?:engineer|engineering|scientist|developer|programmer|analyst|architect|researcher|manager|director|"
    r"lead|head|intern|internship|consultant|specialist|administrator|designer|technician|officer|vp|president|"
    r"associate|fellow|tester|sre|devops|mlops|expert|owner|coordinator|trainee|apprentice|graduate)s?\b",
    re.I,
)
_TAG = re.compile(r"<[A-Z_]+>|\((?:\s*[mfwdx]\s*/){1,3}\s*[mfwdx]\s*\)", re.I)
_NOT_TITLE = re.compile(
    r"^(?:date posted|posted|location|locations?:|job (?:id|number|type)|apply|salary|remote|hybrid|on-?site|"
    r"full[- ]time|part[- ]time|likes|dislikes|love|role|industry|company|\d)",
    re.I,
)
_TITLE_LABEL = re.compile(r"(?:job title|position title|position|title)\s*:\s*(.+)", re.I)
TITLE_BLOCKS = 8  # a title sits in the first few lines
MAX_TITLE_WORDS = 14
_MAX_TITLE_SPACES = 3 * MAX_TITLE_WORDS  # tags, gender marks and a label fold away, but not this many words


def posting_title(structure: Layout) -> str | None:
    """The posting's job title: the first of its first lines that is labelled one ("Job title: ...") or names a
    job (engineer, scientist, lead, intern, ...), once location and organisation tags, gender marks, dates,
    section headings and metadata are set aside; None when no line reads like a title."""
    document = structure.document
    for block in document.blocks[:TITLE_BLOCKS]:
        line = document.text[block.start : block.end].strip()
        if line.count(" ") > _MAX_TITLE_SPACES or not JOB_NOUNS.search(line):  # cheap tests first: most lines fail
            continue
        labelled = _TITLE_LABEL.match(line)
        cleaned = _clean_title(labelled.group(1) if labelled else line)
        if not cleaned or _NOT_TITLE.match(cleaned) or len(cleaned.split()) > MAX_TITLE_WORDS:
            continue
        if section_of_heading(cleaned) is not None:  # "Job description", "About us", "REQUIREMENTS"
            continue
        if JOB_NOUNS.search(cleaned):
            return cleaned
    return None


def _clean_title(text: str) -> str:
    """Without placeholders and gender marks, with its spaces folded: '<LOCATION> Senior ML Engineer (m/f/d)'."""
    return " ".join(_TAG.sub(" ", text).split()).strip(" -–|,:")[:120]
