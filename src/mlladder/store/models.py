"""The database tables as typed SQLAlchemy models: the storage side only; callers get pydantic records instead.

The migration in ``migrations/versions`` creates exactly these tables (a test compares the two), so a change
here needs a new migration as well. Every row is cleaned of control characters on its way in (see the end).
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal, get_args

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    Date,
    DateTime,
    Dialect,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Text,
    TypeDecorator,
    UniqueConstraint,
    event,
    inspect,
)
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.engine import Connection
from sqlalchemy.orm import DeclarativeBase, Mapped, Mapper, mapped_column

from mlladder.access import Role
from mlladder.evidence.kinds import DocumentKind
from mlladder.limits import clean_text
from mlladder.store.records import ActivityStatus

__all__ = [
    "ACTIVITY_STATUSES",
    "MENTOR_PAIR_STATUSES",
    "AssessmentRow",
    "Base",
    "DocumentRow",
    "JournalEntryRow",
    "LoginFailureRow",
    "MentorPairRow",
    "MentorPairStatus",
    "PersonRow",
    "PlanActivityRow",
    "PlanRow",
    "PracticeAnswerRow",
    "UserRow",
]

# The values each CHECK constraint allows, from the types that define them (the migrations keep their own copy:
# they are history, and a test compares them with these models).
ROLES = tuple(role.value for role in Role)
ACTIVITY_STATUSES: tuple[ActivityStatus, ...] = get_args(ActivityStatus)
DOCUMENT_KINDS = tuple(kind.value for kind in DocumentKind)
# A proposed mentor pair waits for a decision; accepted and declined are decisions, kept when pairs are proposed again.
MentorPairStatus = Literal["proposed", "accepted", "declined"]
MENTOR_PAIR_STATUSES: tuple[MentorPairStatus, ...] = get_args(MentorPairStatus)

# Named constraints, so migrations on PostgreSQL (and batch migrations on SQLite) can refer to them by name.
NAMING_CONVENTION = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

# Tags and evidence: JSON, stored as JSONB (binary, indexable) on PostgreSQL.
JSONType = JSON().with_variant(JSONB(), "postgresql")
# Snapshots (profiles, assessment results, plans) stay plain JSON on PostgreSQL too: JSONB reorders object keys,
# and the order of keys such as an assessment's level probabilities is the order of the levels on the track.
SnapshotJSON = JSON()


class UtcDateTime(TypeDecorator[dt.datetime]):
    """A moment in UTC: stored naive on SQLite (which has no time zones), aware on PostgreSQL; always read back
    as an aware UTC datetime, so values compare and serialise the same on both databases."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: dt.datetime | None, dialect: Dialect) -> dt.datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("timestamps must carry a time zone")
        value = value.astimezone(dt.UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: dt.datetime | None, dialect: Dialect) -> dt.datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=dt.UTC) if value.tzinfo is None else value.astimezone(dt.UTC)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


def _one_of(column: str, values: tuple[str, ...]) -> str:
    return f"{column} IN ({', '.join(repr(value) for value in values)})"


class UserRow(Base):
    __tablename__ = "users"
    __table_args__ = (CheckConstraint(_one_of("role", ROLES), name="role"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    username: Mapped[str] = mapped_column(String(80), unique=True)
    password_hash: Mapped[str] = mapped_column(String(255))
    role: Mapped[str] = mapped_column(String(16))
    manager_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), index=True)
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime())
    # When an admin disabled the account (None: it may sign in). Its data and its place in the teams stay.
    disabled_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime())
    # A session is good only while its cookie carries this number: a password reset or disabling the account adds
    # one, which ends every session signed in before (the cookies are signed, not stored, so cannot be listed).
    session_epoch: Mapped[int] = mapped_column(Integer, default=0, server_default="0")


class PersonRow(Base):
    __tablename__ = "people"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    # The account this person is (team mode); in single-user mode the one person has no account.
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), unique=True)
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime())


class AssessmentRow(Base):
    __tablename__ = "assessments"
    __table_args__ = (Index(None, "person_id", "created_at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"))
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime())
    framework_id: Mapped[str] = mapped_column(String(80))
    framework_version: Mapped[str] = mapped_column(String(80))
    level: Mapped[str] = mapped_column(String(80))
    target: Mapped[str | None] = mapped_column(String(80))
    profile: Mapped[dict[str, Any]] = mapped_column(SnapshotJSON)
    result: Mapped[dict[str, Any]] = mapped_column(SnapshotJSON)


class DocumentRow(Base):
    __tablename__ = "documents"
    __table_args__ = (
        Index(None, "person_id", "created_at"),
        CheckConstraint(_one_of("kind", DOCUMENT_KINDS), name="kind"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"))
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime())
    filename: Mapped[str] = mapped_column(String(255))
    kind: Mapped[str] = mapped_column(String(16))
    format: Mapped[str] = mapped_column(String(16))
    sha256: Mapped[str] = mapped_column(String(64))
    text: Mapped[str] = mapped_column(Text)
    evidence: Mapped[dict[str, Any]] = mapped_column(JSONType)
    original: Mapped[bytes | None] = mapped_column(LargeBinary)


class JournalEntryRow(Base):
    __tablename__ = "journal_entries"
    __table_args__ = (Index(None, "person_id", "entry_date"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"))
    entry_date: Mapped[dt.date] = mapped_column(Date)
    text: Mapped[str] = mapped_column(Text)
    impact: Mapped[str | None] = mapped_column(Text)
    competencies: Mapped[list[str]] = mapped_column(JSONType)
    skills: Mapped[list[str]] = mapped_column(JSONType)
    tags_edited: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime())
    updated_at: Mapped[dt.datetime] = mapped_column(UtcDateTime())


class PlanRow(Base):
    __tablename__ = "plans"
    __table_args__ = (Index(None, "person_id", "created_at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"))
    assessment_id: Mapped[int | None] = mapped_column(ForeignKey("assessments.id", ondelete="SET NULL"), index=True)
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime())
    target: Mapped[str] = mapped_column(String(80))
    start: Mapped[dt.date] = mapped_column(Date)
    weekly_hours: Mapped[float] = mapped_column(Float)
    plan: Mapped[dict[str, Any]] = mapped_column(SnapshotJSON)


class PlanActivityRow(Base):
    __tablename__ = "plan_activities"
    __table_args__ = (
        UniqueConstraint("plan_id", "activity_key"),
        CheckConstraint(_one_of("status", ACTIVITY_STATUSES), name="status"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plans.id", ondelete="CASCADE"))
    activity_key: Mapped[str] = mapped_column(String(80))
    title: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(8), default="todo")
    updated_at: Mapped[dt.datetime] = mapped_column(UtcDateTime())
    done_on: Mapped[dt.date | None] = mapped_column(Date)


class LoginFailureRow(Base):
    """A failed sign-in, kept while it counts towards the sign-in rate limit, so that every server process (and a
    restarted one) counts the same failures."""

    __tablename__ = "login_failures"
    __table_args__ = (Index(None, "username", "address", "failed_at"), Index(None, "failed_at"))

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    username: Mapped[str] = mapped_column(String(255))
    address: Mapped[str] = mapped_column(String(255))
    failed_at: Mapped[dt.datetime] = mapped_column(UtcDateTime())


class PracticeAnswerRow(Base):
    """One answer to an interview question in practice, owned by a person like their journal entries."""

    __tablename__ = "practice_answers"
    __table_args__ = (
        Index(None, "person_id", "level", "ended_at"),
        CheckConstraint("rating >= 0 AND rating <= 4", name="rating"),
        CheckConstraint("seconds >= 0", name="seconds"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"))
    framework_id: Mapped[str] = mapped_column(String(80))
    question_id: Mapped[str] = mapped_column(String(80))
    level: Mapped[str] = mapped_column(String(80))
    competency: Mapped[str | None] = mapped_column(String(80))
    started_at: Mapped[dt.datetime] = mapped_column(UtcDateTime())
    ended_at: Mapped[dt.datetime] = mapped_column(UtcDateTime())
    seconds: Mapped[float] = mapped_column(Float)
    time_limit: Mapped[int | None] = mapped_column(Integer)
    timed_out: Mapped[bool] = mapped_column(Boolean)
    rating: Mapped[int] = mapped_column(Integer)
    notes: Mapped[str | None] = mapped_column(Text)


class MentorPairRow(Base):
    """A mentor proposed for a mentee on one competency, and what the mentor, the mentee or a manager decided."""

    __tablename__ = "mentor_pairs"
    __table_args__ = (
        UniqueConstraint("mentor_id", "mentee_id", "competency"),
        Index(None, "mentee_id"),
        CheckConstraint(_one_of("status", MENTOR_PAIR_STATUSES), name="status"),
        CheckConstraint("mentor_id <> mentee_id", name="distinct_people"),
        # A decision has a time; a proposal has none, so the two can never disagree.
        CheckConstraint(
            "(status = 'proposed' AND decided_at IS NULL) OR (status <> 'proposed' AND decided_at IS NOT NULL)",
            name="decision",
        ),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    mentor_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"))
    mentee_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"))
    framework_id: Mapped[str] = mapped_column(String(80))
    competency: Mapped[str] = mapped_column(String(80))
    benefit: Mapped[float] = mapped_column(Float)
    explanation: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(16), default="proposed")
    proposed_at: Mapped[dt.datetime] = mapped_column(UtcDateTime())
    # The account that decided (None in single-user mode, or once that account is deleted).
    decided_by: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), index=True)
    decided_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime())


# -- every text on its way in --------------------------------------------------------------------------------------


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
