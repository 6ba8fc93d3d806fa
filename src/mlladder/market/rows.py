"""One row per placed document, the unit of the market analysis: its schema (Arrow) and how a document becomes one.

A row keeps what a posting asks for (skills with the section they sit in, years, stated pay, scope) and where it
came from (date, company, location, region) beside the level it was placed at. The schema is fixed, so files
written separately (one per partition, by one process or many) read back as one dataset.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal

import numpy as np

from mlladder.batch_input import Row
from mlladder.errors import InputError
from mlladder.evidence.document import Document
from mlladder.evidence.model import Evidence, SkillMention
from mlladder.evidence.pipeline import DocumentBatch, batch_evidence
from mlladder.framework.ladder import domain_skills, ic_levels
from mlladder.framework.schema import Framework
from mlladder.market.extras import pyarrow_module

__all__ = [
    "GENERAL",
    "SCHEMA_VERSION",
    "SkillSection",
    "SourceColumns",
    "document_row",
    "placed_rows",
    "region_of",
    "row_schema",
    "skill_section",
]

SCHEMA_VERSION = "1"
GENERAL = "general"  # the specialisation of a posting that names no domain skill
SkillSection = Literal["required", "preferred", "mentioned"]
Place = Callable[[Document, Evidence, Framework], np.ndarray]

# Column names found in job-posting exports, tried in order when no column is named on the command line.
DATE_NAMES = ("date", "posted", "date_posted", "posted_date", "posting_date", "published", "created_at", "month")
COMPANY_NAMES = ("company", "company_name", "employer", "organization", "organisation")
LOCATION_NAMES = ("location", "job_location", "city", "place")
REGION_NAMES = ("region", "country", "country_code", "company_location")
# Country names people write in a location, by ISO 3166 code (the codes the salary data uses).
COUNTRIES = {
    "united states": "US", "usa": "US", "us": "US", "united kingdom": "GB", "uk": "GB", "england": "GB",
    "germany": "DE", "france": "FR", "netherlands": "NL", "canada": "CA", "india": "IN", "spain": "ES",
    "ireland": "IE", "poland": "PL", "switzerland": "CH", "sweden": "SE", "denmark": "DK", "australia": "AU",
    "singapore": "SG", "japan": "JP", "brazil": "BR", "portugal": "PT", "italy": "IT", "austria": "AT",
    "remote": "REMOTE",
}  # fmt: skip
US_STATES = frozenset({
    "AL", "AK", "AZ", "AR", "CA", "CO", "CT", "DE", "FL", "GA", "HI", "ID", "IL", "IN", "IA", "KS", "KY", "LA", "ME",
    "MD", "MA", "MI", "MN", "MS", "MO", "MT", "NE", "NV", "NH", "NJ", "NM", "NY", "NC", "ND", "OH", "OK", "OR", "PA",
    "RI", "SC", "SD", "TN", "TX", "UT", "VT", "VA", "WA", "WV", "WI", "WY", "DC",
})  # fmt: skip


def row_schema() -> Any:
    """The Arrow schema of a row (a ``pyarrow.Schema``); docs/market.md describes each column."""
    pa = pyarrow_module()
    return pa.schema(
        [
            pa.field("id", pa.string(), nullable=False),
            pa.field("line", pa.int64(), nullable=False),  # line (JSONL) or record (CSV) number in the input
            pa.field("kind", pa.string(), nullable=False),
            pa.field("title", pa.string()),
            pa.field("level", pa.string(), nullable=False),
            pa.field("confidence", pa.float64(), nullable=False),
            pa.field("probabilities", pa.list_(pa.struct([("level", pa.string()), ("p", pa.float64())]))),
            pa.field("years_min", pa.float64()),
            pa.field("years_max", pa.float64()),
            pa.field("pay_min", pa.float64()),
            pa.field("pay_max", pa.float64()),
            pa.field("pay_currency", pa.string()),
            pa.field("skills", pa.list_(pa.struct([("skill", pa.string()), ("section", pa.string())]))),
            pa.field(
                "scope", pa.list_(pa.struct([("kind", pa.string()), ("scope", pa.int8()), ("level", pa.string())]))
            ),
            pa.field("specialisation", pa.string(), nullable=False),
            pa.field("date", pa.date32()),
            pa.field("company", pa.string()),
            pa.field("location", pa.string()),
            pa.field("region", pa.string()),
        ],
        metadata={"mlladder.schema": SCHEMA_VERSION},
    )


@dataclass(frozen=True)
class SourceColumns:
    """Which input fields hold a row's date, company, location and region; None: find them by their usual names."""

    date: str | None = None
    company: str | None = None
    location: str | None = None
    region: str | None = None

    def value(self, fields: Mapping[str, Any], role: Literal["date", "company", "location", "region"]) -> Any:
        """The field playing ``role`` in one input row (the named column, else the first usual name present)."""
        named: str | None = getattr(self, role)
        if named is not None:
            return fields.get(named)
        usual = {"date": DATE_NAMES, "company": COMPANY_NAMES, "location": LOCATION_NAMES, "region": REGION_NAMES}
        lowered = {key.lower(): value for key, value in fields.items() if isinstance(key, str)}
        return next((lowered[name] for name in usual[role] if lowered.get(name) not in (None, "")), None)


def skill_section(mention: SkillMention) -> SkillSection:
    """Where a posting asks for a skill: the requirements, the nice-to-haves (or hedged, 'a plus'), or elsewhere
    (the title, the duties, the company blurb)."""
    if mention.section == "nice_to_have" or mention.hedged:
        return "preferred"
    if mention.section in ("required", "skills_list", "experience", "education"):
        return "required"
    return "mentioned"


_STRENGTH = {"required": 0, "preferred": 1, "mentioned": 2}


def skills_of(evidence: Evidence) -> list[dict[str, str]]:
    """Each skill once, in the strongest section it appears in (required over preferred over mentioned)."""
    strongest: dict[str, SkillSection] = {}
    for mention in evidence.skills:
        if mention.negated:
            continue
        section = skill_section(mention)
        known = strongest.get(mention.skill)
        if known is None or _STRENGTH[section] < _STRENGTH[known]:
            strongest[mention.skill] = section
    return [{"skill": skill, "section": section} for skill, section in sorted(strongest.items())]


def specialisation_of(skills: Iterable[str], framework: Framework) -> str:
    """The specialisation whose domain skills the posting names most (ties: the first by id), else general."""
    owners = domain_skills(framework)
    votes: dict[str, int] = {}
    for skill in skills:
        for specialisation in owners.get(skill, ()):
            votes[specialisation] = votes.get(specialisation, 0) + 1
    if not votes:
        return GENERAL
    return min(votes, key=lambda owner: (-votes[owner], owner))


_DATE = re.compile(r"^\s*(\d{4})-(\d{1,2})(?:-(\d{1,2}))?")


def date_of(value: Any) -> dt.date | None:
    """A posting date from an ISO date, a timestamp or a month (YYYY-MM is its first day); None if unreadable."""
    if isinstance(value, dt.date):
        return value
    if not isinstance(value, str):
        return None
    match = _DATE.match(value)
    if match is None:
        return None
    year, month, day = int(match[1]), int(match[2]), int(match[3] or 1)
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def region_of(location: str | None, region: str | None) -> str | None:
    """The region a posting is in: the region column when given, else the country its location names (ISO code),
    a US state counting as US; None when neither says."""
    if region:
        code = region.strip()
        return COUNTRIES.get(code.lower(), code.upper()) if len(code) > 2 else code.upper()
    if not location:
        return None
    last = location.rsplit(",", 1)[-1].strip()
    if last.upper() in US_STATES and "," in location:
        return "US"
    if len(last) == 2 and last.isalpha():
        return last.upper()
    return COUNTRIES.get(last.lower())


def _text(value: Any) -> str | None:
    return None if value is None or value == "" else str(value)


def _pay(evidence: Evidence) -> tuple[float | None, float | None, str | None]:
    cue = next((cue for cue in evidence.cues if cue.kind == "pay" and cue.value is not None), None)
    if cue is None:
        return None, None, None
    return cue.value, cue.high if cue.high is not None else cue.value, cue.currency


def document_row(
    row: Row,
    evidence: Evidence,
    levels: Sequence[str],
    probabilities: np.ndarray,
    framework: Framework,
    columns: SourceColumns = SourceColumns(),
) -> dict[str, Any]:
    """The row of one placed document: what it asks for, its level, and the source fields it came with."""
    placed = int(np.argmax(probabilities))
    skills = skills_of(evidence)
    pay_min, pay_max, currency = _pay(evidence)
    location = _text(columns.value(row.fields, "location"))
    return {
        "id": str(row.id),
        "line": row.number,
        "kind": str(evidence.kind),
        "title": evidence.title,
        "level": levels[placed],
        "confidence": round(float(probabilities[placed]), 6),
        "probabilities": [
            {"level": level, "p": round(float(p), 6)} for level, p in zip(levels, probabilities, strict=True)
        ],
        "years_min": evidence.years.required_min,
        "years_max": evidence.years.required_max,
        "pay_min": pay_min,
        "pay_max": pay_max,
        "pay_currency": currency,
        "skills": skills,
        "scope": [{"kind": s.kind, "scope": s.scope, "level": s.level} for s in evidence.signals],
        "specialisation": specialisation_of((item["skill"] for item in skills), framework),
        "date": date_of(columns.value(row.fields, "date")),
        "company": _text(columns.value(row.fields, "company")),
        "location": location,
        "region": region_of(location, _text(columns.value(row.fields, "region"))),
    }


def placed_rows(
    batch: DocumentBatch,
    framework: Framework,
    place: Place,
    on_problem: Callable[[str], None],
    on_progress: Callable[[int], None] = lambda _: None,
    columns: SourceColumns = SourceColumns(),
) -> Iterator[dict[str, Any]]:
    """The row of every readable document of a batch file, streamed; ``place`` gives a document's level
    probabilities (the assessment's, passed in because it sits above this layer). Unreadable rows go to
    ``on_problem``."""
    levels = [level.id for level in ic_levels(framework)]
    if not levels:
        raise InputError("the framework has no main-track levels to place documents at (fix: add levels)")
    for row, document, evidence in batch_evidence(batch, framework, on_problem, on_progress):
        yield document_row(row, evidence, levels, place(document, evidence, framework), framework, columns)
