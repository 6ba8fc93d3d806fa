"""What pages and API routes do, once: each function is a few library calls on the store and the framework.

Routes parse input, call one of these and render the result; nothing here knows about HTTP.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import tempfile
from pathlib import Path, PurePosixPath

from mlladder.assess import documents as assess_documents
from mlladder.assess.gaps import GapReport, default_target, gaps
from mlladder.assess.match import Match, match
from mlladder.assess.placement import Assessment
from mlladder.assess.policy import EVIDENCE_RATER
from mlladder.assess.postings import PostingReading
from mlladder.assess.profile import Profile, goal_level
from mlladder.errors import DocumentError, FieldError, InputError
from mlladder.evidence.kinds import DocumentKind, describes_person
from mlladder.evidence.pipeline import check_posting, evidence_from_document
from mlladder.evidence.readers import read_document
from mlladder.framework.ladder import ic_levels
from mlladder.framework.schema import Framework, Level
from mlladder.limits import clean_text
from mlladder.plan.planner import plan
from mlladder.store import AssessmentRecord, DocumentRecord, PlanRecord, RecordNotFound, Store
from mlladder.store.evidence_data import evidence_from_data

__all__ = [
    "MAX_MATCHED",
    "UploadTooLarge",
    "about_the_person",
    "assess_person",
    "assessment_target",
    "gap_report",
    "latest_profile",
    "levels_by_track",
    "main_levels",
    "make_plan",
    "match_documents",
    "posting_placement",
    "readable_size",
    "save_upload",
    "target_for",
    "upload_limit_message",
]


class UploadTooLarge(InputError):
    """An uploaded file is over the upload limit (answered with 413)."""


EARLIEST_START, LATEST_START = dt.date(1970, 1, 1), dt.date(2200, 12, 31)

# Suffixes that tell the reader what a file claims to be; anything else is judged by its content alone.
KNOWN_SUFFIXES = frozenset({".pdf", ".docx", ".html", ".htm", ".md", ".markdown", ".txt"})


# -- assessments ---------------------------------------------------------------------------------------------------


def latest_profile(store: Store, person_id: int, framework: Framework) -> Profile | None:
    """The profile of the person's latest assessment on this framework (ratings of another framework do not fit)."""
    latest = store.latest_assessment(person_id)
    if latest is None or latest.framework_id != framework.id:
        return None
    return latest.profile


def own_ratings(profile: Profile) -> Profile:
    """A profile without what documents and the journal added, so they are counted afresh, never twice."""
    ratings = {rater: given for rater, given in profile.ratings.items() if rater != EVIDENCE_RATER}
    return profile.model_copy(update={"ratings": ratings, "evidence": []})


def assess_person(store: Store, framework: Framework, person_id: int, base: Profile | None) -> AssessmentRecord:
    """Assess a person from ``base`` (their answers; default: those of their latest assessment, without what
    evidence added to it) plus every document and journal entry they have, and keep the result."""
    if base is None:
        latest = latest_profile(store, person_id, framework)
        base = own_ratings(latest) if latest else Profile(framework=framework.id)
    evidence = store.document_evidence(person_id) + store.journal_evidence(person_id, framework)
    profile, assessment = assess_documents.assess_person(evidence, framework, base)
    # A goal that names a level is the assessment's target, as target_level was before goals.
    return store.save_assessment(person_id, profile, assessment, target=goal_level(profile.goal, framework))


def check_framework(record: AssessmentRecord, framework: Framework) -> None:
    if record.framework_id != framework.id:
        raise InputError(
            f"assessment {record.id} used the framework '{record.framework_id}', not '{framework.id}' "
            "(fix: assess again, or serve with that framework)"
        )


def assessment_target(framework: Framework, record: AssessmentRecord, wanted: str | None = None) -> str:
    """The level an assessment's gaps and plan aim at: the one asked for, else its own target, else the next."""
    check_framework(record, framework)
    return default_target(framework, record.assessment, record.profile, wanted or record.target)


def gap_report(framework: Framework, record: AssessmentRecord, target: str | None) -> GapReport:
    chosen = assessment_target(framework, record, target)
    return gaps(record.profile, framework, target=chosen, assessment=record.assessment)


def make_plan(
    store: Store,
    framework: Framework,
    record: AssessmentRecord,
    target: str | None,
    weekly_hours: float | None,
    start: dt.date | None,
) -> PlanRecord:
    """A dated plan from an assessment's gaps, kept with its activities all to do."""
    chosen = assessment_target(framework, record, target)
    if start is not None and not EARLIEST_START <= start <= LATEST_START:
        between = f"between {EARLIEST_START} and {LATEST_START}"
        raise FieldError(
            f"start date {start} is out of range (fix: use a date {between})", "start", f"enter a date {between}"
        )
    try:
        made = plan(record.profile, framework, weekly_hours, start, chosen, assessment=record.assessment)
    except (OverflowError, ValueError):  # profile dates so far out that the timeline leaves the calendar (year 9999)
        raise InputError("the plan's dates fall outside the calendar (fix: check the profile's dates)") from None
    return store.save_plan(record.person_id, made, record.id)


def target_for(store: Store, framework: Framework, person_id: int, wanted: str | None = None) -> str:
    """The level a packet or plan aims at: the one asked for, else that of the latest assessment on this framework
    (:func:`assessment_target`), else the default for someone not assessed yet."""
    latest = store.latest_assessment(person_id)
    if latest is not None and latest.framework_id == framework.id:
        return assessment_target(framework, latest, wanted)
    return default_target(framework, wanted=wanted)


# -- documents -----------------------------------------------------------------------------------------------------


def upload_name(filename: str | None) -> str:
    """The file's own name without any folders the browser sent along, nor control characters (it is shown in
    messages, pages and terminals)."""
    return PurePosixPath(clean_text(filename or "").replace("\\", "/")).name.strip() or "document"


def save_upload(
    store: Store,
    framework: Framework,
    person_id: int,
    filename: str | None,
    data: bytes,
    kind: DocumentKind | None,
    limit: int,
) -> DocumentRecord:
    """Read an uploaded file like any document, extract its evidence and keep both (and the original bytes)."""
    name = upload_name(filename)
    if len(data) > limit:
        raise UploadTooLarge(upload_limit_message(limit))
    suffix = Path(name).suffix.lower()
    with tempfile.TemporaryDirectory(prefix="mlladder-upload-") as folder:
        path = Path(folder) / f"upload{suffix if suffix in KNOWN_SUFFIXES else ''}"
        path.write_bytes(data)
        try:
            document = read_document(path, max_bytes=limit)
        except DocumentError as error:  # name the file as the person knows it, not the temporary copy
            raise DocumentError(name, error.message, error.hint) from None
    document = dataclasses.replace(document, name=name)
    evidence = evidence_from_document(document, framework, kind)
    if kind == DocumentKind.posting:  # said to be a posting: it must read like one (as on the command line)
        check_posting(document, evidence)
    return store.save_document(person_id, name, evidence.kind, document, evidence, original=data)


def readable_size(count: int) -> str:
    """20971520 -> '20 MB', 2000 -> '2 KB'."""
    if count >= 1024 * 1024:
        return f"{count / (1024 * 1024):.3g} MB"
    return f"{count / 1024:.3g} KB" if count >= 1024 else f"{count} bytes"


def upload_limit_message(limit: int) -> str:
    return f"Uploads are limited to {readable_size(limit)} (fix: upload a shorter document, or save it as text)."


def posting_placement(framework: Framework, record: DocumentRecord) -> tuple[Assessment, PostingReading] | None:
    """For a job posting, the level it asks for and how it was read (its cues, what decided it); None for other
    documents."""
    if record.kind != DocumentKind.posting:
        return None
    return assess_documents.posting_placement(evidence_from_data(record.evidence), framework, record.text)


# -- a resume against a posting ------------------------------------------------------------------------------------


MAX_MATCHED = 20  # documents matched with one posting at a time


@dataclasses.dataclass(frozen=True)
class DocumentMatch:
    """A posting and the person's documents matched against it, with the match."""

    posting: DocumentRecord
    resumes: list[DocumentRecord]
    match: Match


def about_the_person(documents: list[DocumentRecord]) -> list[DocumentRecord]:
    """The documents that say what the person can do (resumes, brag documents; not postings), newest first:
    what a posting can be matched with."""
    return [record for record in reversed(documents) if describes_person(record.kind)]


def match_documents(
    store: Store, framework: Framework, person_id: int, posting_id: int | None, resume_ids: list[int]
) -> DocumentMatch:
    """How well the person's chosen resumes (or brag documents) fit one of their postings, like ``mlladder
    match``. Both must be the person's own: another person's document answers like one that does not exist."""
    if posting_id is None:
        raise InputError("no posting chosen (fix: open a job posting among the documents and match it from there)")
    if not resume_ids:
        raise InputError("no resume chosen (fix: tick at least one resume or brag document on the posting's page)")
    posting = _own_document(store, person_id, posting_id)
    if posting.kind != DocumentKind.posting:
        raise InputError(
            f"document {posting.id} ({posting.filename}) is a {posting.kind}, not a job posting "
            "(fix: choose a posting to match against)"
        )
    resumes = [_own_document(store, person_id, resume_id) for resume_id in dict.fromkeys(resume_ids)]
    for resume in resumes:
        if not describes_person(resume.kind):
            raise InputError(
                f"document {resume.id} ({resume.filename}) is a job posting, not a resume "
                "(fix: choose a resume or brag document to match with)"
            )
    found = match(
        [evidence_from_data(resume.evidence) for resume in resumes],
        evidence_from_data(posting.evidence),
        framework,
        posting.text,
    )
    return DocumentMatch(posting, resumes, found)


def _own_document(store: Store, person_id: int, document_id: int) -> DocumentRecord:
    """The person's document ``document_id``; another person's answers exactly like a missing one."""
    record = store.get_document(document_id)
    if record.person_id != person_id:
        raise RecordNotFound("document", document_id)
    return record


# -- the ladder ----------------------------------------------------------------------------------------------------


def main_levels(framework: Framework) -> list[Level]:
    """The levels of the main track: the ones placement, gaps and packets use."""
    return ic_levels(framework)


def levels_by_track(framework: Framework) -> list[tuple[str, list[Level]]]:
    """Every level under its track's name, tracks in the order their first level appears: what a goal or a
    target may name (gaps are measured against a level on any track)."""
    names = {track.id: track.name for track in framework.tracks}
    groups: dict[str, list[Level]] = {}
    for level in framework.levels:
        groups.setdefault(level.track, []).append(level)
    return [(names.get(track, track), levels) for track, levels in groups.items()]
