"""Journal entries: dated achievements with their competency and skill tags.

What an entry shows (its tags when it is added, its evidence for an assessment) is worked out by
:mod:`mlladder.evidence.journal`; this module keeps entries and their tags.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from sqlalchemy import select

from mlladder.errors import FieldError, InputError, UnknownCompetency
from mlladder.evidence.journal import entry_evidence, extract_entry, suggest_tags
from mlladder.evidence.model import Evidence
from mlladder.framework.schema import Framework
from mlladder.limits import clean_text, is_future
from mlladder.store.database import Repository, get_row, inserted, record, require_person
from mlladder.store.models import JournalEntryRow
from mlladder.store.records import JournalEntry

__all__ = [
    "Journal",
]


class Journal(Repository):
    """A person's journal, newest entry first."""

    def add_journal_entry(
        self, person_id: int, date: dt.date, text: str, impact: str | None, framework: Framework
    ) -> JournalEntry:
        """A dated achievement, tagged automatically with the competencies and skills its text shows."""
        _check_date(date)
        text, impact = _clean_text(text, "journal entry"), clean_text(impact or "").strip() or None
        evidence = extract_entry(date, text, impact, framework)
        tags = suggest_tags(evidence, f"{text}\n{impact or ''}", framework)
        with self._db.write() as session:
            require_person(session, person_id)
            now = self._db.now()
            row = JournalEntryRow(
                person_id=person_id,
                entry_date=date,
                text=text,
                impact=impact,
                competencies=tags.competencies,
                skills=tags.skills,
                tags_edited=False,
                created_at=now,
                updated_at=now,
            )
            return _entry(inserted(session, row))

    def update_journal_entry(
        self, entry_id: int, date: dt.date, text: str, impact: str | None, framework: Framework
    ) -> JournalEntry:
        """An entry rewritten: its date, text and impact replaced, checked as a new entry's are. Tags nobody chose
        by hand follow the new text; tags a person chose are theirs, and stay."""
        _check_date(date)
        text, impact = _clean_text(text, "journal entry"), clean_text(impact or "").strip() or None
        evidence = extract_entry(date, text, impact, framework)
        tags = suggest_tags(evidence, f"{text}\n{impact or ''}", framework)
        with self._db.write() as session:
            row = get_row(session, JournalEntryRow, entry_id, "journal entry")
            row.entry_date, row.text, row.impact, row.updated_at = date, text, impact, self._db.now()
            if not row.tags_edited:
                row.competencies, row.skills = tags.competencies, tags.skills
            session.flush()
            return _entry(row)

    def get_journal_entry(self, entry_id: int) -> JournalEntry:
        return self._fetch(JournalEntryRow, entry_id, "journal entry", _entry)

    def update_journal_tags(
        self,
        entry_id: int,
        competencies: Sequence[str],
        skills: Sequence[str],
        framework: Framework | None = None,
    ) -> JournalEntry:
        """Replace an entry's tags with a person's choice (checked against ``framework`` when given)."""
        competencies, skills = list(dict.fromkeys(competencies)), list(dict.fromkeys(skills))
        if framework is not None:
            _check_tags(competencies, skills, framework)
        with self._db.write() as session:
            row = get_row(session, JournalEntryRow, entry_id, "journal entry")
            row.competencies, row.skills, row.tags_edited, row.updated_at = competencies, skills, True, self._db.now()
            session.flush()
            return _entry(row)

    def list_journal(self, person_id: int) -> list[JournalEntry]:
        """A person's journal, newest entry first."""
        with self._db.read() as session:
            query = select(JournalEntryRow).where(JournalEntryRow.person_id == person_id)
            query = query.order_by(JournalEntryRow.entry_date.desc(), JournalEntryRow.id.desc())
            return [_entry(row) for row in session.scalars(query)]

    def delete_journal_entry(self, entry_id: int) -> None:
        self._delete(JournalEntryRow, entry_id, "journal entry")

    def journal_evidence(self, person_id: int, framework: Framework) -> list[Evidence]:
        """Every journal entry as evidence for the next assessment (one per entry, oldest first), limited to its
        tags: an edited entry counts for what the person tagged, not for what extraction first proposed."""
        return [entry_evidence(entry, framework) for entry in reversed(self.list_journal(person_id))]


def _entry(row: JournalEntryRow) -> JournalEntry:
    return record(JournalEntry, row)


def _check_date(date: dt.date) -> None:
    if is_future(date):
        message = f"date: {date.isoformat()} is in the future (fix: give the date it happened)"
        raise FieldError(message, field="entry_date", advice="enter the date it happened, today or earlier")


def _clean_text(text: str, what: str) -> str:
    cleaned = clean_text(text).strip()
    if not cleaned:
        raise FieldError(
            f"a {what} needs some text (fix: describe what you did)", field="text", advice="describe what you did"
        )
    return cleaned


def _check_tags(competencies: list[str], skills: list[str], framework: Framework) -> None:
    known = [competency.id for competency in framework.competencies]
    unknown = [competency for competency in competencies if competency not in known]
    if unknown:
        raise UnknownCompetency(f"unknown competency '{unknown[0]}' (fix: use one of {', '.join(known)})")
    skill_ids = {skill.id for skill in framework.skills}
    missing = [skill for skill in skills if skill not in skill_ids]
    if missing:
        raise InputError(f"unknown skill '{missing[0]}' (fix: use a skill id of the '{framework.id}' framework)")
