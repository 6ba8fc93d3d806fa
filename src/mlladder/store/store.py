"""``Store``: the one place mlladder reads and writes its database.

Every public method that writes runs in one transaction: it either happens completely or not at all, so a
failure (or a killed process) never leaves half a record. Methods take and return ids and pydantic records,
never ORM objects. Permission checks are the caller's: :meth:`Store.can_view` says who may see whose data.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Callable, Hashable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from functools import cached_property
from pathlib import PurePosixPath
from typing import Any, TypeVar

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import URL, Connection, bindparam, delete, event, inspect, select
from sqlalchemy.exc import DBAPIError, IntegrityError
from sqlalchemy.orm import Mapper, Session

from mlladder.addresses import is_loopback
from mlladder.assess.placement import Assessment
from mlladder.assess.profile import Profile
from mlladder.errors import InputError, UnknownCompetency
from mlladder.evidence.document import Document
from mlladder.evidence.model import DocumentKind, Evidence, to_data
from mlladder.framework.schema import Framework
from mlladder.limits import clean_text, is_future
from mlladder.plan.planner import Plan
from mlladder.store import engine as db
from mlladder.store.changes import ChangeMark
from mlladder.store.evidence_data import evidence_from_data
from mlladder.store.history import build_history
from mlladder.store.journal import entry_evidence, extract_entry, suggest_tags
from mlladder.store.models import (
    AssessmentRow,
    Base,
    DocumentRow,
    JournalEntryRow,
    LoginFailureRow,
    PersonRow,
    PlanActivityRow,
    PlanRow,
    PracticeAnswerRow,
    UserRow,
)
from mlladder.store.practice import NewPracticeAnswer, PracticeAnswer, practice_answer, practice_row, practice_rows
from mlladder.store.recent import Recent
from mlladder.store.records import (
    ActivityState,
    ActivityStatus,
    AssessmentRecord,
    DocumentRecord,
    History,
    JournalEntry,
    Person,
    PlanRecord,
    PlanSummary,
    RecordNotFound,
    Role,
    User,
    UsernameTaken,
)
from mlladder.store.transfer import (
    ExportedActivity,
    ExportedAssessment,
    ExportedDocument,
    ExportedJournalEntry,
    ExportedPerson,
    ExportedPlan,
    ExportedPracticeAnswer,
    PersonExport,
    decode_original,
    encode_original,
    parse_export,
)

Clock = Callable[[], dt.datetime]
RowT = TypeVar("RowT", bound=Base)

DEFAULT_PERSON_NAME = "Me"
FAILURE_KEY_LENGTH = 255  # user names and addresses of failed sign-ins are kept up to this length
RECENT_ASSESSMENTS = 1024  # assessments kept in memory after a read (a few kilobytes each)
MIN_PASSWORD_LENGTH = 8
USERNAME = re.compile(r"^[a-z0-9][a-z0-9._@-]{0,79}$")
ROLES: tuple[Role, ...] = ("engineer", "manager", "admin")
STATUSES: tuple[ActivityStatus, ...] = ("todo", "doing", "done")


def utc_now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


class Store:
    """mlladder's database: people, accounts, assessments, documents, journal entries, plans and interview practice.

    ``Store(url)`` opens ``url`` (default: ``$MLLADDER_DB``, else ``mlladder.db`` in the user data directory) and
    brings its schema up to date; pass ``migrate=False`` to skip that and call :meth:`migrate` yourself.
    """

    def __init__(self, url: str | None = None, *, migrate: bool = True, clock: Clock = utc_now) -> None:
        self.url = db.resolve_url(url)
        self.engine = db.create_store_engine(self.url)
        self._writer = db.writer(self.engine)
        self._clock = clock
        self._hasher = PasswordHasher()
        self._dummy_hash: str | None = None
        self._assessments: Recent[int, AssessmentRecord] = Recent(RECENT_ASSESSMENTS)
        self._changes = ChangeMark(self.engine)
        if migrate:
            self.migrate()

    # -- lifecycle ---------------------------------------------------------------------------------------------

    def migrate(self) -> None:
        """Apply the migrations the database lacks (a no-op when it is up to date)."""
        db.migrate(self.engine)

    def schema_revision(self) -> str | None:
        """The migration the database is at."""
        return db.current_revision(self.engine)

    def close(self) -> None:
        self._changes.close()
        self.engine.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"Store({self.url.render_as_string(hide_password=True)!r})"

    @cached_property  # asked before every quick read on the web's hot paths; the URL never changes
    def is_on_this_machine(self) -> bool:
        """Is the database an SQLite file, or a server on this machine (a Unix socket or a loopback address)? Short
        reads then take well under a millisecond and never wait for a writer (SQLite's write-ahead log,
        PostgreSQL's snapshots), so a caller may run them on an event loop rather than in a worker thread."""
        return self.url.get_backend_name() == "sqlite" or is_loopback_host(self.url)

    def change_mark(self) -> Hashable:
        """A mark of the database's state: equal marks mean nothing was committed in between, by any connection of
        any process (see :mod:`mlladder.store.changes`). Read the mark *before* reading what it is to guard."""
        return self._changes.current()

    @contextmanager
    def _write(self) -> Iterator[Session]:
        """One write transaction: committed when the block ends, rolled back entirely if it raises (a full disk
        raises :class:`DiskFull`, with the database's own error as its cause)."""
        try:
            with Session(self._writer, expire_on_commit=False) as session, session.begin():
                yield session
        except DBAPIError as error:
            if db.is_disk_full(error):
                raise db.DiskFull(db.shown(self.url)) from error
            raise

    @contextmanager
    def _read(self) -> Iterator[Session]:
        """One read transaction, so every query in the block sees the same snapshot."""
        with Session(self.engine) as session, session.begin():
            yield session

    def _now(self) -> dt.datetime:
        return self._clock().astimezone(dt.UTC)

    def now(self) -> dt.datetime:
        """The store's clock, in UTC: what a caller measures against when it stamps a record (a practice answer's
        start and end), so the times it passes agree with the ones the store writes."""
        return self._now()

    # -- people ------------------------------------------------------------------------------------------------

    def create_person(self, name: str, user_id: int | None = None) -> Person:
        """A new person, optionally the person an account is."""
        with self._write() as session:
            if user_id is not None:
                _get(session, UserRow, user_id, "user")
            row = PersonRow(name=_clean_name(name), user_id=user_id, created_at=self._now())
            session.add(row)
            session.flush()
            return _person(row)

    def get_person(self, person_id: int) -> Person:
        with self._read() as session:
            return _person(_get(session, PersonRow, person_id, "person"))

    def list_people(self) -> list[Person]:
        with self._read() as session:
            return [_person(row) for row in session.scalars(select(PersonRow).order_by(PersonRow.id))]

    def default_person(self) -> Person:
        """The person of single-user mode: the first person without an account, created as "Me" if none."""
        with self._read() as session:
            found = _first_person_without_account(session)
            if found is not None:
                return _person(found)
        with self._write() as session:
            db.lock_for_transaction(session.connection(), db.DEFAULT_PERSON_LOCK)
            found = _first_person_without_account(session)  # another process may have created it meanwhile
            if found is None:
                found = PersonRow(name=DEFAULT_PERSON_NAME, user_id=None, created_at=self._now())
                session.add(found)
                session.flush()
            return _person(found)

    # -- accounts ----------------------------------------------------------------------------------------------

    def create_user(
        self,
        username: str,
        password: str,
        role: Role = "engineer",
        manager_id: int | None = None,
        name: str | None = None,
    ) -> User:
        """An account (argon2-hashed password) and the person it is, named ``name`` or after the user name."""
        username = _clean_username(username)
        if role not in ROLES:
            raise InputError(f"unknown role '{role}' (fix: use one of {', '.join(ROLES)})")
        if len(password) < MIN_PASSWORD_LENGTH:
            raise InputError(f"the password is too short (fix: use at least {MIN_PASSWORD_LENGTH} characters)")
        password_hash = self._hasher.hash(password)  # slow on purpose: done before the write lock is taken
        try:
            with self._write() as session:
                if session.scalar(select(UserRow.id).where(UserRow.username == username)) is not None:
                    raise UsernameTaken(f"the user name '{username}' is taken (fix: choose another)")
                if manager_id is not None:
                    _get(session, UserRow, manager_id, "user")
                now = self._now()
                user = UserRow(
                    username=username, password_hash=password_hash, role=role, manager_id=manager_id, created_at=now
                )
                session.add(user)
                session.flush()
                person = PersonRow(name=_clean_name(name or username), user_id=user.id, created_at=now)
                session.add(person)
                session.flush()
                return _user(user, person.id)
        except IntegrityError as error:  # the same name created by someone else between the check and the insert
            raise UsernameTaken(f"the user name '{username}' is taken (fix: choose another)") from error

    def authenticate(self, username: str, password: str) -> User | None:
        """The account if the password is right, else None (an unknown name takes as long as a wrong password)."""
        with self._read() as session:
            query = select(UserRow.id, UserRow.password_hash).where(UserRow.username == _username_key(username))
            found = session.execute(query).first()
        user_id, stored = (found[0], found[1]) if found is not None else (None, self._fake_hash())
        try:
            self._hasher.verify(stored, password)
        except (VerificationError, InvalidHashError):
            return None
        if user_id is None:
            return None
        if self._hasher.check_needs_rehash(stored):
            self._rehash(user_id, password)
        return self.get_user(user_id)

    def _fake_hash(self) -> str:
        if self._dummy_hash is None:
            self._dummy_hash = self._hasher.hash("not a real password")
        return self._dummy_hash

    def _rehash(self, user_id: int, password: str) -> None:
        new_hash = self._hasher.hash(password)
        with self._write() as session:
            _get(session, UserRow, user_id, "user").password_hash = new_hash

    def get_user(self, user_id: int) -> User:
        with self._read() as session:
            return _user(_get(session, UserRow, user_id, "user"), _person_id_of(session, user_id))

    def list_users(self) -> list[User]:
        with self._read() as session:
            return _users(session, select(UserRow).order_by(UserRow.id))

    def list_reports(self, manager_id: int) -> list[User]:
        """The accounts whose manager is ``manager_id`` (direct reports)."""
        with self._read() as session:
            _get(session, UserRow, manager_id, "user")
            return _users(session, select(UserRow).where(UserRow.manager_id == manager_id).order_by(UserRow.id))

    def can_view(self, user: User, person_id: int) -> bool:
        """May ``user`` see this person's data? Engineers: only their own; managers: their own and their direct
        reports'; admins: everyone's. A person who does not exist is visible to no one but admins."""
        if user.role == "admin":
            return True
        with self._read() as session:
            owner_id = session.scalar(select(PersonRow.user_id).where(PersonRow.id == person_id))
            if owner_id is None:
                return False
            if owner_id == user.id:
                return True
            if user.role != "manager":
                return False
            return session.scalar(select(UserRow.manager_id).where(UserRow.id == owner_id)) == user.id

    # -- failed sign-ins (the rate limit's memory, shared by every server process) -------------------------------

    def login_failures(self, username: str | None, address: str | None, since: dt.datetime) -> list[dt.datetime]:
        """When sign-ins failed at or after ``since``, oldest first: as ``username`` (None: as anyone) from
        ``address`` (None: from anywhere)."""
        query = select(LoginFailureRow.failed_at).where(LoginFailureRow.failed_at >= since)
        if username is not None:
            query = query.where(LoginFailureRow.username == _failed_name(username))
        if address is not None:
            query = query.where(LoginFailureRow.address == _failed_address(address))
        with self._read() as session:
            return list(session.scalars(query.order_by(LoginFailureRow.failed_at)))

    def record_login_failure(self, username: str, address: str, at: dt.datetime, forget_before: dt.datetime) -> None:
        """Note a failed sign-in, and forget every failure (of any name) older than ``forget_before``, which no
        longer counts: the table holds one rate-limit window of failures at most."""
        name, place = _failed_name(username), _failed_address(address)
        with self._write() as session:
            session.execute(delete(LoginFailureRow).where(LoginFailureRow.failed_at < forget_before))
            session.add(LoginFailureRow(username=name, address=place, failed_at=at))

    def clear_login_failures(self, username: str, address: str) -> None:
        """Forget the failures of ``username`` from ``address`` (after a sign-in succeeds)."""
        name, place = _failed_name(username), _failed_address(address)
        with self._write() as session:
            session.execute(
                delete(LoginFailureRow).where(LoginFailureRow.username == name, LoginFailureRow.address == place)
            )

    # -- assessments -------------------------------------------------------------------------------------------

    def save_assessment(
        self, person_id: int, profile: Profile, assessment: Assessment, target: str | None = None
    ) -> AssessmentRecord:
        """Keep an assessment and the profile it came from as a snapshot, with the framework id and version."""
        with self._write() as session:
            _get(session, PersonRow, person_id, "person")
            row = AssessmentRow(
                person_id=person_id,
                created_at=self._now(),
                framework_id=assessment.framework,
                framework_version=assessment.framework_version,
                level=assessment.level,
                target=target or profile.target_level,
                profile=profile.model_dump(mode="json"),
                result=assessment.model_dump(mode="json"),
            )
            session.add(row)
            session.flush()
            saved = _assessment(row)
        return self._assessments.put(saved.id, saved)  # only once committed: a rolled-back one never existed

    def get_assessment(self, assessment_id: int) -> AssessmentRecord:
        found = self._assessments.get(assessment_id)
        if found is not None:
            return found
        with self._read() as session:
            record = _assessment(_get(session, AssessmentRow, assessment_id, "assessment"))
        return self._assessments.put(record.id, record)

    def recent_assessment(self, assessment_id: int) -> AssessmentRecord | None:
        """The assessment if this store has read or saved it lately, without touching the database (so a caller
        on an event loop need not wait for I/O); None means "ask :meth:`get_assessment`".

        Assessments are never changed or deleted once saved, so a remembered one is always current.
        """
        return self._assessments.get(assessment_id)

    def list_assessments(self, person_id: int) -> list[AssessmentRecord]:
        """A person's assessments, oldest first."""
        with self._read() as session:
            query = select(AssessmentRow).where(AssessmentRow.person_id == person_id)
            return [_assessment(row) for row in session.scalars(query.order_by(*_oldest_first(AssessmentRow)))]

    def latest_assessment(self, person_id: int) -> AssessmentRecord | None:
        with self._read() as session:
            query = select(AssessmentRow).where(AssessmentRow.person_id == person_id)
            query = query.order_by(AssessmentRow.created_at.desc(), AssessmentRow.id.desc()).limit(1)
            row = session.scalar(query)
            return None if row is None else _assessment(row)

    def history(self, person_id: int) -> History:
        """Level probabilities at every assessment and per-competency changes between consecutive ones."""
        self.get_person(person_id)
        return build_history(person_id, self.list_assessments(person_id))

    # -- documents ---------------------------------------------------------------------------------------------

    def save_document(
        self,
        person_id: int,
        filename: str,
        kind: DocumentKind,
        document: Document,
        evidence: Evidence,
        original: bytes | None = None,
    ) -> DocumentRecord:
        """Keep a document's text and evidence (and the original file if given), with its SHA-256."""
        text = clean_text(document.text)  # as it is kept, so the hash of a document without its original matches it
        digest = hashlib.sha256(original if original is not None else text.encode("utf-8")).hexdigest()
        with self._write() as session:
            _get(session, PersonRow, person_id, "person")
            row = DocumentRow(
                person_id=person_id,
                created_at=self._now(),
                filename=_clean_filename(filename),
                kind=kind,
                format=document.format,
                sha256=digest,
                text=text,
                evidence=to_data(evidence),
                original=original,
            )
            session.add(row)
            session.flush()
            return _document(row)

    def get_document(self, document_id: int) -> DocumentRecord:
        with self._read() as session:
            return _document(_get(session, DocumentRow, document_id, "document"))

    def list_documents(self, person_id: int) -> list[DocumentRecord]:
        """A person's documents, oldest first."""
        with self._read() as session:
            query = select(DocumentRow).where(DocumentRow.person_id == person_id)
            return [_document(row) for row in session.scalars(query.order_by(*_oldest_first(DocumentRow)))]

    def document_original(self, document_id: int) -> bytes | None:
        """The file as uploaded, if it was kept."""
        with self._read() as session:
            return _get(session, DocumentRow, document_id, "document").original

    def delete_document(self, document_id: int) -> None:
        with self._write() as session:
            session.delete(_get(session, DocumentRow, document_id, "document"))

    def document_evidence(self, person_id: int, include_postings: bool = False) -> list[Evidence]:
        """The evidence of a person's documents, for an assessment (job postings describe a job, not the person,
        so they are left out unless asked for)."""
        records = self.list_documents(person_id)
        return [evidence_from_data(r.evidence) for r in records if include_postings or r.kind != "posting"]

    # -- journal -----------------------------------------------------------------------------------------------

    def add_journal_entry(
        self, person_id: int, date: dt.date, text: str, impact: str | None, framework: Framework
    ) -> JournalEntry:
        """A dated achievement, tagged automatically with the competencies and skills its text shows."""
        if is_future(date):
            raise InputError(f"date: {date.isoformat()} is in the future (fix: give the date it happened)")
        text, impact = _clean_text(text, "journal entry"), clean_text(impact or "").strip() or None
        evidence = extract_entry(date, text, impact, framework)
        tags = suggest_tags(evidence, f"{text}\n{impact or ''}", framework)
        with self._write() as session:
            _get(session, PersonRow, person_id, "person")
            now = self._now()
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
            session.add(row)
            session.flush()
            return _journal_entry(row)

    def get_journal_entry(self, entry_id: int) -> JournalEntry:
        with self._read() as session:
            return _journal_entry(_get(session, JournalEntryRow, entry_id, "journal entry"))

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
        with self._write() as session:
            row = _get(session, JournalEntryRow, entry_id, "journal entry")
            row.competencies, row.skills, row.tags_edited, row.updated_at = competencies, skills, True, self._now()
            session.flush()
            return _journal_entry(row)

    def list_journal(self, person_id: int) -> list[JournalEntry]:
        """A person's journal, newest entry first."""
        with self._read() as session:
            query = select(JournalEntryRow).where(JournalEntryRow.person_id == person_id)
            query = query.order_by(JournalEntryRow.entry_date.desc(), JournalEntryRow.id.desc())
            return [_journal_entry(row) for row in session.scalars(query)]

    def delete_journal_entry(self, entry_id: int) -> None:
        with self._write() as session:
            session.delete(_get(session, JournalEntryRow, entry_id, "journal entry"))

    def journal_evidence(self, person_id: int, framework: Framework) -> list[Evidence]:
        """Every journal entry as evidence for the next assessment (one per entry, oldest first), limited to its
        tags: an edited entry counts for what the person tagged, not for what extraction first proposed."""
        return [entry_evidence(entry, framework) for entry in reversed(self.list_journal(person_id))]

    # -- interview practice ------------------------------------------------------------------------------------

    def save_practice_answer(self, person_id: int, answer: NewPracticeAnswer) -> PracticeAnswer:
        """Keep one answer to a practice question at once, in its own transaction, so a session that stops later
        keeps it (the seconds taken are measured here, from its start and end)."""
        row = practice_row(person_id, answer)
        with self._write() as session:
            _get(session, PersonRow, person_id, "person")
            session.add(row)
            session.flush()
            return practice_answer(row)

    def get_practice_answer(self, answer_id: int) -> PracticeAnswer:
        with self._read() as session:
            return practice_answer(_get(session, PracticeAnswerRow, answer_id, "practice answer"))

    def list_practice(
        self, person_id: int, framework_id: str | None = None, level: str | None = None
    ) -> list[PracticeAnswer]:
        """A person's practice answers, oldest first (at one framework and level when given)."""
        with self._read() as session:
            return [practice_answer(row) for row in practice_rows(session, person_id, framework_id, level)]

    # -- plans -------------------------------------------------------------------------------------------------

    def save_plan(self, person_id: int, plan: Plan, assessment_id: int | None = None) -> PlanRecord:
        """Keep a plan and one to-do state per activity, all in one transaction."""
        with self._write() as session:
            _get(session, PersonRow, person_id, "person")
            if assessment_id is not None:
                owner = _get(session, AssessmentRow, assessment_id, "assessment").person_id
                if owner != person_id:
                    raise InputError(f"assessment {assessment_id} belongs to another person (fix: pass theirs)")
            now = self._now()
            row = PlanRow(
                person_id=person_id,
                assessment_id=assessment_id,
                created_at=now,
                target=plan.target,
                start=plan.start,
                weekly_hours=plan.weekly_hours,
                plan=plan.model_dump(mode="json"),
            )
            session.add(row)
            session.flush()
            session.add_all(
                PlanActivityRow(plan_id=row.id, activity_key=a.id, title=a.title, status="todo", updated_at=now)
                for a in plan.activities
            )
            session.flush()
            return _plan(row, _activity_rows(session, row.id))

    def get_plan(self, plan_id: int) -> PlanRecord:
        """A plan with the current state of each activity."""
        with self._read() as session:
            row = _get(session, PlanRow, plan_id, "plan")
            return _plan(row, _activity_rows(session, plan_id))

    def plans_of_assessment(self, assessment_id: int) -> list[PlanSummary]:
        """The plans made from an assessment, oldest first: their ids, targets and dates, not their activities.

        Asked on every results page, so it runs one prepared query on a plain connection (no ORM session).
        """
        with self.engine.connect() as connection:
            rows = connection.execute(_PLANS_OF_ASSESSMENT, {"assessment_id": assessment_id})
            return [PlanSummary(id=row.id, target=row.target, created_at=row.created_at) for row in rows]

    def list_plans(self, person_id: int) -> list[PlanRecord]:
        """A person's plans, oldest first."""
        with self._read() as session:
            query = select(PlanRow).where(PlanRow.person_id == person_id).order_by(*_oldest_first(PlanRow))
            return [_plan(row, _activity_rows(session, row.id)) for row in session.scalars(query)]

    def set_activity_status(
        self, plan_id: int, key: str, status: ActivityStatus, on: dt.date | None = None
    ) -> ActivityState:
        """Mark an activity todo, doing or done; ``done_on`` is the day it was first marked done (``on`` or
        today) and is cleared when it is reopened."""
        if status not in STATUSES:
            raise InputError(f"unknown status '{status}' (fix: use one of {', '.join(STATUSES)})")
        with self._write() as session:
            _get(session, PlanRow, plan_id, "plan")
            query = select(PlanActivityRow).where(
                PlanActivityRow.plan_id == plan_id, PlanActivityRow.activity_key == key
            )
            row = session.scalar(query)
            if row is None:
                raise RecordNotFound("activity", f"{key!r} in plan {plan_id}")
            now = self._now()
            if status != "done":
                row.done_on = None
            elif row.status != "done" or row.done_on is None:
                row.done_on = on or now.date()
            row.status, row.updated_at = status, now
            session.flush()
            return _activity(row)

    # -- export and import -------------------------------------------------------------------------------------

    def export_person(self, person_id: int) -> dict[str, Any]:
        """All of a person's data as JSON-ready data (see :mod:`mlladder.store.transfer` for the format)."""
        with self._read() as session:
            person = _get(session, PersonRow, person_id, "person")
            export = PersonExport(
                person=ExportedPerson(id=person.id, name=person.name, created_at=person.created_at),
                assessments=[_export_assessment(row) for row in _owned(session, AssessmentRow, person_id)],
                documents=[_export_document(row) for row in _owned(session, DocumentRow, person_id)],
                journal=[_export_entry(row) for row in _owned(session, JournalEntryRow, person_id)],
                plans=[
                    _export_plan(row, _activity_rows(session, row.id)) for row in _owned(session, PlanRow, person_id)
                ],
                practice=[_export_practice(row) for row in practice_rows(session, person_id)],
            )
        return export.model_dump(mode="json")

    def import_person(self, data: Mapping[str, Any]) -> int:
        """Add the person of an export (with new ids, no account) and return the new person's id."""
        export = parse_export(data)
        originals = {document.id: decode_original(document) for document in export.documents}
        with self._write() as session:
            person = PersonRow(name=_clean_name(export.person.name), created_at=export.person.created_at)
            session.add(person)
            session.flush()
            assessment_ids = _import_assessments(session, person.id, export.assessments)
            for document in export.documents:
                session.add(_import_document(person.id, document, originals[document.id]))
            session.add_all(_import_entry(person.id, entry) for entry in export.journal)
            for plan in export.plans:
                _import_plan(session, person.id, plan, assessment_ids)
            session.add_all(practice_row(person.id, _new_practice(answer)) for answer in export.practice)
            session.flush()
            return person.id


# -- helpers: lookups ----------------------------------------------------------------------------------------------


def _get(session: Session, model: type[RowT], record_id: int, kind: str) -> RowT:
    row = session.get(model, record_id)
    if row is None:
        raise RecordNotFound(kind, record_id)
    return row


def _oldest_first(model: type[AssessmentRow] | type[DocumentRow] | type[PlanRow]) -> tuple[Any, Any]:
    return model.created_at, model.id


_PLANS_OF_ASSESSMENT = (
    select(PlanRow.id, PlanRow.target, PlanRow.created_at)
    .where(PlanRow.assessment_id == bindparam("assessment_id"))
    .order_by(*_oldest_first(PlanRow))
)


def _owned(
    session: Session, model: type[AssessmentRow | DocumentRow | JournalEntryRow | PlanRow], person_id: int
) -> list[Any]:
    """A person's rows of one table, in the order they were made."""
    return list(session.scalars(select(model).where(model.person_id == person_id).order_by(model.id)))


def _first_person_without_account(session: Session) -> PersonRow | None:
    return session.scalar(select(PersonRow).where(PersonRow.user_id.is_(None)).order_by(PersonRow.id).limit(1))


def _person_id_of(session: Session, user_id: int) -> int | None:
    return session.scalar(select(PersonRow.id).where(PersonRow.user_id == user_id))


def _users(session: Session, query: Any) -> list[User]:
    rows = list(session.scalars(query))
    query = select(PersonRow.user_id, PersonRow.id).where(PersonRow.user_id.in_([row.id for row in rows]))
    people: dict[int | None, int] = dict(session.execute(query).all())
    return [_user(row, people.get(row.id)) for row in rows]


def _activity_rows(session: Session, plan_id: int) -> list[PlanActivityRow]:
    query = select(PlanActivityRow).where(PlanActivityRow.plan_id == plan_id).order_by(PlanActivityRow.id)
    return list(session.scalars(query))


# -- helpers: input checks -----------------------------------------------------------------------------------------


def is_loopback_host(url: URL) -> bool:
    """Does ``url`` reach its server through a Unix socket or a loopback address?"""
    hosts = [url.host or "", *str(url.query.get("host", "")).split(",")]
    return all(not host or host.startswith("/") or is_loopback(host) for host in hosts)


def _failed_name(username: str) -> str:
    """The user name of a failed sign-in as kept: one key however it is typed, cut to the column's size."""
    return _username_key(username)[:FAILURE_KEY_LENGTH]


def _failed_address(address: str) -> str:
    return clean_text(address)[:FAILURE_KEY_LENGTH]


def _clean_name(name: str) -> str:
    cleaned = " ".join(clean_text(name).split())
    if not cleaned or len(cleaned) > 200:
        raise InputError("a person's name must be 1 to 200 characters (fix: give a shorter, non-empty name)")
    return cleaned


def _username_key(username: str) -> str:
    """A user name as accounts are stored and looked up: case, surrounding spaces and control characters do not
    count (PostgreSQL would refuse a NUL in the query, and a key with one could never match a stored name)."""
    return clean_text(username).strip().lower()


def _clean_username(username: str) -> str:
    cleaned = _username_key(username)
    if not USERNAME.match(cleaned):
        raise InputError(
            f"'{username}' cannot be a user name (fix: use 1-80 letters, digits, '.', '_', '@' or '-', "
            "starting with a letter or digit)"
        )
    return cleaned


def _clean_filename(filename: str) -> str:
    """Only the file's own name (never a path from the uploader's machine), at most 255 characters."""
    name = PurePosixPath(clean_text(filename).replace("\\", "/")).name.strip() or "document"
    return name[-255:]


def _clean_text(text: str, what: str) -> str:
    cleaned = clean_text(text).strip()
    if not cleaned:
        raise InputError(f"a {what} needs some text (fix: describe what you did)")
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


# -- every text on its way in -------------------------------------------------------------------------------------


@event.listens_for(Base, "before_insert", propagate=True)
@event.listens_for(Base, "before_update", propagate=True)
def _clean_row(mapper: Mapper[Any], _connection: Connection, row: Base) -> None:
    """Every text a row brings into the database, strings inside its JSON (evidence, snapshots, tags) included,
    without control characters and lone surrogates (:func:`mlladder.limits.clean_text`).

    Done here, for every table and every way in (the store's methods, an import), so no caller can forget it:
    PostgreSQL refuses NUL in text and in JSON, UTF-8 cannot hold a lone surrogate (SQLite would fail on it, or
    keep text no page could print), and an escape sequence would reach the terminal of whoever reads an export.
    Checks that need the cleaned text (a name that is only control characters is empty) clean it first themselves.
    """
    values = inspect(row).dict
    for attribute in mapper.column_attrs:
        value = values.get(attribute.key)
        cleaned = _cleaned(value)
        if cleaned is not value:
            setattr(row, attribute.key, cleaned)


def _cleaned(value: Any) -> Any:
    """``value`` with :func:`clean_text` applied to every string in it (JSON: keys too); ``value`` itself when
    nothing changes, so an unchanged attribute is not marked changed."""
    if isinstance(value, str):
        return clean_text(value)
    if isinstance(value, list):
        items = [_cleaned(item) for item in value]
        return items if any(new is not old for new, old in zip(items, value, strict=True)) else value
    if isinstance(value, dict):
        flat = [part for pair in value.items() for part in pair]  # key, value, key, value, ...
        cleaned = _cleaned(flat)
        return value if cleaned is flat else dict(zip(cleaned[::2], cleaned[1::2], strict=True))
    return value


# -- helpers: rows to records ----------------------------------------------------------------------------------


def _person(row: PersonRow) -> Person:
    return Person(id=row.id, name=row.name, user_id=row.user_id, created_at=row.created_at)


def _user(row: UserRow, person_id: int | None) -> User:
    return User.model_validate(
        {
            "id": row.id,
            "username": row.username,
            "role": row.role,
            "manager_id": row.manager_id,
            "person_id": person_id,
            "created_at": row.created_at,
        }
    )


def _assessment(row: AssessmentRow) -> AssessmentRecord:
    return AssessmentRecord(
        id=row.id,
        person_id=row.person_id,
        created_at=row.created_at,
        framework_id=row.framework_id,
        framework_version=row.framework_version,
        level=row.level,
        target=row.target,
        profile=Profile.model_validate(row.profile, strict=False),
        assessment=Assessment.model_validate(row.result),
    )


def _document(row: DocumentRow) -> DocumentRecord:
    return DocumentRecord.model_validate(
        {
            "id": row.id,
            "person_id": row.person_id,
            "created_at": row.created_at,
            "filename": row.filename,
            "kind": row.kind,
            "format": row.format,
            "sha256": row.sha256,
            "text": row.text,
            "evidence": row.evidence,
            "has_original": row.original is not None,
        }
    )


def _journal_entry(row: JournalEntryRow) -> JournalEntry:
    return JournalEntry(
        id=row.id,
        person_id=row.person_id,
        entry_date=row.entry_date,
        text=row.text,
        impact=row.impact,
        competencies=list(row.competencies),
        skills=list(row.skills),
        tags_edited=row.tags_edited,
        created_at=row.created_at,
        updated_at=row.updated_at,
    )


def _activity(row: PlanActivityRow) -> ActivityState:
    return ActivityState.model_validate(
        {
            "key": row.activity_key,
            "title": row.title,
            "status": row.status,
            "updated_at": row.updated_at,
            "done_on": row.done_on,
        }
    )


def _plan(row: PlanRow, activities: list[PlanActivityRow]) -> PlanRecord:
    return PlanRecord(
        id=row.id,
        person_id=row.person_id,
        assessment_id=row.assessment_id,
        created_at=row.created_at,
        target=row.target,
        start=row.start,
        weekly_hours=row.weekly_hours,
        plan=Plan.model_validate(row.plan),
        activities=[_activity(activity) for activity in activities],
    )


# -- helpers: export and import --------------------------------------------------------------------------------


def _export_assessment(row: AssessmentRow) -> ExportedAssessment:
    return ExportedAssessment(
        id=row.id,
        created_at=row.created_at,
        framework_id=row.framework_id,
        framework_version=row.framework_version,
        level=row.level,
        target=row.target,
        profile=row.profile,
        result=row.result,
    )


def _export_document(row: DocumentRow) -> ExportedDocument:
    return ExportedDocument.model_validate(
        {
            "id": row.id,
            "created_at": row.created_at,
            "filename": row.filename,
            "kind": row.kind,
            "format": row.format,
            "sha256": row.sha256,
            "text": row.text,
            "evidence": row.evidence,
            "original": encode_original(row.original),
        }
    )


def _export_entry(row: JournalEntryRow) -> ExportedJournalEntry:
    return ExportedJournalEntry(
        id=row.id,
        entry_date=row.entry_date,
        text=row.text,
        impact=row.impact,
        competencies=list(row.competencies),
        skills=list(row.skills),
        tags_edited=row.tags_edited,
        created_at=row.created_at,
        updated_at=row.updated_at,
    )


def _export_plan(row: PlanRow, activities: list[PlanActivityRow]) -> ExportedPlan:
    return ExportedPlan(
        id=row.id,
        assessment_id=row.assessment_id,
        created_at=row.created_at,
        target=row.target,
        start=row.start,
        weekly_hours=row.weekly_hours,
        plan=row.plan,
        activities=[ExportedActivity.model_validate(_activity(activity).model_dump()) for activity in activities],
    )


def _export_practice(row: PracticeAnswerRow) -> ExportedPracticeAnswer:
    return ExportedPracticeAnswer.model_validate(practice_answer(row).model_dump(exclude={"person_id"}))


def _new_practice(answer: ExportedPracticeAnswer) -> NewPracticeAnswer:
    """An exported answer as a new one: checked like any other, its seconds measured again from its times."""
    return NewPracticeAnswer.model_validate(answer.model_dump(exclude={"id", "seconds"}))


def _import_assessments(session: Session, person_id: int, assessments: list[ExportedAssessment]) -> dict[int, int]:
    """Insert the assessments; returns exported id -> new id, to relink plans."""
    new_ids: dict[int, int] = {}
    for item in assessments:
        row = AssessmentRow(person_id=person_id, **item.model_dump(exclude={"id"}))
        session.add(row)
        session.flush()
        new_ids[item.id] = row.id
    return new_ids


def _import_document(person_id: int, document: ExportedDocument, original: bytes | None) -> DocumentRow:
    fields = document.model_dump(exclude={"id", "original"})
    return DocumentRow(person_id=person_id, original=original, **fields)


def _import_entry(person_id: int, entry: ExportedJournalEntry) -> JournalEntryRow:
    return JournalEntryRow(person_id=person_id, **entry.model_dump(exclude={"id"}))


def _import_plan(session: Session, person_id: int, plan: ExportedPlan, assessment_ids: dict[int, int]) -> None:
    fields = plan.model_dump(exclude={"id", "assessment_id", "activities"})
    assessment_id = None if plan.assessment_id is None else assessment_ids[plan.assessment_id]
    row = PlanRow(person_id=person_id, assessment_id=assessment_id, **fields)
    session.add(row)
    session.flush()
    session.add_all(
        PlanActivityRow(
            plan_id=row.id,
            activity_key=activity.key,
            title=activity.title,
            status=activity.status,
            updated_at=activity.updated_at,
            done_on=activity.done_on,
        )
        for activity in plan.activities
    )
