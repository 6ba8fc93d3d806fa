"""A promotion packet: the target level's expectations, competency by competency, the journal entries and documents
that meet each, and what is still missing, stated plainly.

Evidence *meets* an expectation when it is tagged with the competency and shows at least the expected step, or
when nothing in it says which step it shows (a tag a person added, a competency named without a scope signal):
such items are listed as "step not shown" so the reader can judge. Evidence below the expected step is kept
apart and only used to describe the gap. Job postings describe a job, not the person, and are left out.

Each item is dated by when the work happened: a journal entry by its date, a line of a resume by the date range
of the role it sits under, a line of a brag document by its entry's day (or month, or quarter); only a line the
document gives no date for falls back to the day the document was uploaded, and ``when`` says which it is.

:mod:`mlladder.promotion.formats` writes a packet as Markdown, HTML or PDF.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import Literal, TypedDict

from pydantic import BaseModel, ConfigDict

from mlladder.assess.model import DEFAULT_SETTINGS
from mlladder.assess.observations import Observation, observations
from mlladder.assess.policy import MIN_OBSERVATION_WEIGHT
from mlladder.evidence.dating import WorkDate, date_at, work_dates
from mlladder.evidence.journal import entry_evidence
from mlladder.evidence.kinds import DocumentKind, describes_person
from mlladder.framework.ladder import get_level
from mlladder.framework.schema import Competency, Framework
from mlladder.store.evidence_data import evidence_from_data
from mlladder.store.records import AssessmentRecord, DocumentRecord, JournalEntry
from mlladder.store.store import Store

__all__ = [
    "STATUS_LABELS",
    "Packet",
    "PacketCompetency",
    "PacketEvidence",
    "packet",
]

# The weakest observation that shows a step: a skill named in work done (a scope signal weighs more); a bare list
# of skills weighs less and shows none.
MAX_ITEMS = 8  # evidence listed per competency, strongest first
MAX_WEAKER = 3

Status = Literal["evidenced", "step_unknown", "below", "missing"]
# What an item's date is: a journal entry's own date, a date the document writes beside the work, or the day the
# document was uploaded (when it writes none).
DatedBy = Literal["entry", "document", "upload"]
STATUS_LABELS: dict[Status, str] = {
    "evidenced": "met by evidence",
    "step_unknown": "evidence, step not shown",
    "below": "evidence below the step",
    "missing": "no evidence yet",
}


class PacketModel(BaseModel):
    model_config = ConfigDict(frozen=True)


class PacketEvidence(PacketModel):
    source: Literal["journal", "document"]
    source_id: int
    title: str  # "journal entry" or the file name
    date: dt.date  # when the work happened: the entry's day, the end of the role's dates, or else the upload day
    dated_by: DatedBy
    period: str | None  # the document's date as written ("Mar 2019 – Present", "2024-01-15"); None when it has none
    when: str  # in words: "from the resume's 2021–2023 role", "uploaded 2026-11-02, no date in the document"
    text: str  # the entry, or the sentence of the document
    impact: str | None
    location: str | None  # where in the document
    step: int | None  # the proficiency step it shows; None when it does not say


class PacketCompetency(PacketModel):
    id: str
    name: str
    expected: int
    expected_name: str
    expected_description: str
    markers: list[str]
    current: float | None  # the latest assessment's combined rating, when it used this framework
    status: Status
    evidence: list[PacketEvidence]  # what meets the expectation, strongest first
    weaker: list[PacketEvidence]  # tagged evidence below the expected step
    gap: str | None  # what is missing, in plain words; None when nothing is


class Packet(PacketModel):
    person_id: int
    person: str
    framework_id: str
    framework_name: str
    framework_version: str
    target: str
    target_title: str
    prepared_on: dt.date
    assessed_level: str | None
    assessed_on: dt.date | None
    probability_at_target: float | None
    competencies: list[PacketCompetency]
    summary: str


def packet(store: Store, person_id: int, framework: Framework, target: str, today: dt.date | None = None) -> Packet:
    """The promotion packet of one person for ``target`` (a level id of ``framework``)."""
    level = get_level(framework, target)
    person = store.get_person(person_id)
    latest = store.latest_assessment(person_id)
    if latest is not None and latest.framework_id != framework.id:
        latest = None  # another framework's ratings say nothing about these expectations
    found = _journal_items(store.list_journal(person_id), framework)
    for competency, items in _document_items(store.list_documents(person_id), framework).items():
        found[competency].extend(items)
    competencies = [
        _competency(framework, competency, level.id, found.get(competency.id, []), latest)
        for competency in framework.competencies
        if level.id in competency.expectations
    ]
    probability = latest.assessment.at_or_above.get(level.id) if latest is not None else None
    return Packet(
        person_id=person.id,
        person=person.name,
        framework_id=framework.id,
        framework_name=framework.name,
        framework_version=framework.version,
        target=level.id,
        target_title=level.title,
        prepared_on=today or dt.date.today(),
        assessed_level=latest.level if latest else None,
        assessed_on=latest.created_at.date() if latest else None,
        probability_at_target=probability,
        competencies=competencies,
        summary=_summary(competencies, level.id),
    )


# -- gathering evidence --------------------------------------------------------------------------------------------


def _steps(found: list[Observation]) -> dict[tuple[str, str], int]:
    """(competency, sentence) -> the highest step observations worth counting propose."""
    steps: dict[tuple[str, str], int] = {}
    for observation in found:
        if observation.weight >= MIN_OBSERVATION_WEIGHT:
            key = (observation.competency, observation.citation.sentence)
            steps[key] = max(steps.get(key, observation.proficiency), observation.proficiency)
    return steps


def _journal_items(entries: list[JournalEntry], framework: Framework) -> dict[str, list[PacketEvidence]]:
    """Every entry under each competency it is tagged with, with the highest step it shows (if any)."""
    items: dict[str, list[PacketEvidence]] = defaultdict(list)
    for entry in entries:
        by_competency: dict[str, int] = {}
        for (competency, _), step in _steps(observations(entry_evidence(entry, framework), framework)).items():
            by_competency[competency] = max(by_competency.get(competency, step), step)
        for competency in entry.competencies:
            items[competency].append(
                PacketEvidence(
                    source="journal",
                    source_id=entry.id,
                    title="journal entry",
                    date=entry.entry_date,
                    dated_by="entry",
                    period=None,
                    when=f"journal entry of {entry.entry_date.isoformat()}",
                    text=entry.text,
                    impact=entry.impact,
                    location=None,
                    step=by_competency.get(competency),
                )
            )
    return items


def _document_items(documents: list[DocumentRecord], framework: Framework) -> dict[str, list[PacketEvidence]]:
    """Every sentence of a person's documents that shows a step of a competency, dated by when the work happened."""
    items: dict[str, list[PacketEvidence]] = defaultdict(list)
    for document in documents:
        if not describes_person(document.kind):
            continue
        found = observations(evidence_from_data(document.evidence), framework)
        citations = {observation.citation.sentence: observation.citation for observation in found}
        uploaded = document.created_at.date()
        spans = work_dates(document.text, uploaded)  # "present" ends on the day the document was current
        for (competency, sentence), step in _steps(found).items():
            citation = citations[sentence]
            items[competency].append(
                PacketEvidence(
                    source="document",
                    source_id=document.id,
                    title=document.filename,
                    text=sentence,
                    impact=None,
                    location=citation.location,
                    step=step,
                    **_dating(date_at(spans, citation.start), document.kind, uploaded),
                )
            )
    return items


_DOCUMENT_NOUNS = {DocumentKind.resume: "resume", DocumentKind.brag: "brag document"}
_DATE_WORDS = {"range": "{noun}'s {text} {part}", "day": "{noun}'s entry of {text}", "month": "{noun}'s {text} entry"}


class _Dating(TypedDict):
    date: dt.date
    dated_by: DatedBy
    period: str | None
    when: str


def _dating(written: WorkDate | None, kind: DocumentKind, uploaded: dt.date) -> _Dating:
    """The date fields of a document's item: the date the document writes for the work, else the upload day."""
    if written is None:
        return {
            "date": uploaded,
            "dated_by": "upload",
            "period": None,
            "when": f"uploaded {uploaded.isoformat()}, no date in the document",
        }
    noun = _DOCUMENT_NOUNS.get(kind, "document")
    part = "role" if kind == DocumentKind.resume else "period"
    words = _DATE_WORDS.get(written.kind, "{noun}'s {text} section").format(noun=noun, text=written.text, part=part)
    return {
        "date": written.end,  # the latest the work can be ("present" ends on the upload day)
        "dated_by": "document",
        "period": written.text,
        "when": f"from the {words}",
    }


def _strongest_first(item: PacketEvidence) -> tuple[int, int, str]:
    # Known steps first (highest first), then the newest; the text keeps the order stable.
    return (-(item.step if item.step is not None else -1), -item.date.toordinal(), item.text)


# -- judging each competency ---------------------------------------------------------------------------------------


def _competency(
    framework: Framework,
    competency: Competency,
    target: str,
    items: list[PacketEvidence],
    latest: AssessmentRecord | None,
) -> PacketCompetency:
    expectation = competency.expectations[target]
    expected = expectation.proficiency
    meeting = sorted((i for i in items if i.step is None or i.step >= expected), key=_strongest_first)
    weaker = sorted((i for i in items if i.step is not None and i.step < expected), key=_strongest_first)
    status: Status
    if any(item.step is not None for item in meeting):
        status = "evidenced"
    elif meeting:
        status = "step_unknown"
    else:
        status = "below" if weaker else "missing"
    current = _current_rating(latest, competency.id)
    scale = {step.value: step.name for step in framework.proficiency_scale}
    return PacketCompetency(
        id=competency.id,
        name=competency.name,
        expected=expected,
        expected_name=scale.get(expected, str(expected)),
        expected_description=competency.scale.get(expected, ""),
        markers=list(expectation.markers),
        current=current,
        status=status,
        evidence=meeting[:MAX_ITEMS],
        weaker=weaker[:MAX_WEAKER],
        gap=_gap(status, expected, scale, expectation.markers, weaker, meeting, current, target),
    )


def _current_rating(latest: AssessmentRecord | None, competency_id: str) -> float | None:
    if latest is None:
        return None
    return next((c.estimate for c in latest.assessment.competencies if c.id == competency_id), None)


def _gap(
    status: Status,
    expected: int,
    scale: dict[int, str],
    markers: list[str],
    weaker: list[PacketEvidence],
    meeting: list[PacketEvidence],
    current: float | None,
    target: str,
) -> str | None:
    """What is missing for this competency, or None; says so when the latest assessment disagrees."""
    wanted = f"{target} expects step {expected} ({scale.get(expected, expected)})"
    example = f"for example: {markers[0]}" if markers else "work at that step"
    if status == "missing":
        gap = f"Nothing in the journal or the documents shows this yet. {wanted}, {example}."
    elif status == "below":
        best = max(item.step for item in weaker if item.step is not None)
        gap = f"The strongest evidence shows step {best} ({scale.get(best, best)}); {wanted}, {example}."
    elif status == "step_unknown":
        mentions = "1 item mentions" if len(meeting) == 1 else f"{len(meeting)} items mention"
        gap = f"{mentions} this, but none shows at which step. {wanted}, {example}."
    else:
        gap = None
    tolerance = DEFAULT_SETTINGS.meets_tolerance
    if current is not None and current < expected - tolerance:
        rated = f"the latest assessment rates it {current:g} against the expected {expected}."
        gap = f"{gap} Also, {rated}" if gap else f"The evidence meets it, but {rated}"
    return gap


SHORT_OF_EVIDENCE: tuple[tuple[Status, str], ...] = (
    ("step_unknown", "evidence that does not show its step"),
    ("below", "evidence only below the expected step"),
    ("missing", "no evidence yet"),
)


def _summary(competencies: list[PacketCompetency], target: str) -> str:
    counts = {status: sum(1 for c in competencies if c.status == status) for status in STATUS_LABELS}
    total = len(competencies)
    first = f"Evidence meets {counts['evidenced']} of the {total} expectations of {target}."
    # The rest in one sentence that names what it counts: "Of the other 5, 2 have ... and 3 have ...", never a
    # bare "2 have ..." whose subject the reader must guess.
    rest = [f"{_have(counts[status])} {words}" for status, words in SHORT_OF_EVIDENCE if counts[status]]
    if not rest:
        return first
    others = total - counts["evidenced"]
    listed = rest[0] if len(rest) == 1 else ", ".join(rest[:-1]) + " and " + rest[-1]
    return f"{first} Of the other {others}, {listed}."


def _have(count: int) -> str:
    return "1 has" if count == 1 else f"{count} have"
