"""Assessments: each kept once with the profile it came from, never changed, and the history they make together."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from mlladder.assess.placement import Assessment
from mlladder.assess.profile import Profile
from mlladder.store.database import Database, Repository, inserted, oldest_first, record, require_person
from mlladder.store.history import build_history
from mlladder.store.models import AssessmentRow
from mlladder.store.recent import Recent
from mlladder.store.records import AssessmentRecord, History

__all__ = [
    "Assessments",
]

RECENT_ASSESSMENTS = 1024  # assessments kept in memory after a read (a few kilobytes each)


class Assessments(Repository):
    """A person's assessments, and the recently used ones in memory (they never change once saved)."""

    def __init__(self, database: Database) -> None:
        super().__init__(database)
        self._recent: Recent[int, AssessmentRecord] = Recent(RECENT_ASSESSMENTS)

    def save_assessment(
        self, person_id: int, profile: Profile, assessment: Assessment, target: str | None = None
    ) -> AssessmentRecord:
        """Keep an assessment and the profile it came from as a snapshot, with the framework id and version."""
        with self._db.write() as session:
            require_person(session, person_id)
            row = AssessmentRow(
                person_id=person_id,
                created_at=self._db.now(),
                framework_id=assessment.framework,
                framework_version=assessment.framework_version,
                level=assessment.level,
                target=target or profile.target_level,
                profile=profile.model_dump(mode="json"),
                result=assessment.model_dump(mode="json"),
            )
            saved = _assessment(inserted(session, row))
        return self._recent.put(saved.id, saved)  # only once committed: a rolled-back one never existed

    def get_assessment(self, assessment_id: int) -> AssessmentRecord:
        found = self._recent.get(assessment_id)
        if found is not None:
            return found
        found = self._fetch(AssessmentRow, assessment_id, "assessment", _assessment)
        return self._recent.put(found.id, found)

    def recent_assessment(self, assessment_id: int) -> AssessmentRecord | None:
        """The assessment if this store has read or saved it lately, without touching the database (so a caller
        on an event loop need not wait for I/O); None means "ask :meth:`get_assessment`".

        Assessments are never changed or deleted once saved, so a remembered one is always current.
        """
        return self._recent.get(assessment_id)

    def list_assessments(self, person_id: int) -> list[AssessmentRecord]:
        """A person's assessments, oldest first."""
        with self._db.read() as session:
            return _assessments_of(session, person_id)

    def latest_assessment(self, person_id: int) -> AssessmentRecord | None:
        with self._db.read() as session:
            query = select(AssessmentRow).where(AssessmentRow.person_id == person_id)
            query = query.order_by(AssessmentRow.created_at.desc(), AssessmentRow.id.desc()).limit(1)
            row = session.scalar(query)
            return None if row is None else _assessment(row)

    def history(self, person_id: int) -> History:
        """Level probabilities at every assessment and per-competency changes between consecutive ones."""
        with self._db.read() as session:
            require_person(session, person_id)
            records = _assessments_of(session, person_id)
        return build_history(person_id, records)


def _assessments_of(session: Session, person_id: int) -> list[AssessmentRecord]:
    query = select(AssessmentRow).where(AssessmentRow.person_id == person_id).order_by(*oldest_first(AssessmentRow))
    return [_assessment(row) for row in session.scalars(query)]


def _assessment(row: AssessmentRow) -> AssessmentRecord:
    # The row keeps both as JSON snapshots; "result" is the record's assessment.
    profile = Profile.model_validate(row.profile, strict=False)
    return record(AssessmentRecord, row, profile=profile, assessment=Assessment.model_validate(row.result))
