"""What every part of the store shares: one database (engine, write engine, clock), one transaction per call, and
the few helpers each kind of record uses the same way.

Every public method that writes runs in one transaction (:meth:`Database.write`): it either happens completely or
not at all, so a failure (or a killed process) never leaves half a record. Reads see one snapshot
(:meth:`Database.read`). Repositories take and return ids and pydantic records, never ORM objects.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, TypeVar

from pydantic import BaseModel
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from mlladder.store import engine as db
from mlladder.store.models import AssessmentRow, Base, DocumentRow, PersonRow, PlanRow
from mlladder.store.records import RecordNotFound

__all__ = [
    "Clock",
    "Database",
    "Repository",
    "get_row",
    "inserted",
    "oldest_first",
    "record",
    "require_person",
    "utc_now",
]

Clock = Callable[[], dt.datetime]
RowT = TypeVar("RowT", bound=Base)
ModelT = TypeVar("ModelT", bound=BaseModel)
T = TypeVar("T")


def utc_now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


class Database:
    """One database: where it is, its engine (whose pool every read and write shares) and the store's clock."""

    def __init__(self, url: str | None = None, clock: Clock = utc_now) -> None:
        self.url = db.resolve_url(url)
        self.engine = db.create_store_engine(self.url)
        self._writer = db.writer(self.engine)
        self._clock = clock

    @contextmanager
    def write(self) -> Iterator[Session]:
        """One write transaction: committed when the block ends, rolled back entirely if it raises (a full disk
        raises :class:`~mlladder.store.engine.DiskFull`, with the database's own error as its cause)."""
        try:
            with Session(self._writer, expire_on_commit=False) as session, session.begin():
                yield session
        except DBAPIError as error:
            if db.is_disk_full(error):
                raise db.DiskFull(db.shown(self.url)) from error
            raise

    @contextmanager
    def read(self) -> Iterator[Session]:
        """One read transaction, so every query in the block sees the same snapshot."""
        with Session(self.engine) as session, session.begin():
            yield session

    def now(self) -> dt.datetime:
        """The clock's time in UTC: every time the store writes comes from here."""
        return self._clock().astimezone(dt.UTC)


class Repository:
    """The records of one kind, read and written over a :class:`Database` that the other kinds share.

    :class:`~mlladder.store.Store` is every repository at once over one database; each also works alone over a
    migrated database.
    """

    def __init__(self, database: Database) -> None:
        self._db = database

    def _fetch(self, model: type[RowT], record_id: int, kind: str, convert: Callable[[RowT], T]) -> T:
        """The row with ``record_id`` (else :class:`RecordNotFound`), converted while its transaction is open."""
        with self._db.read() as session:
            return convert(get_row(session, model, record_id, kind))

    def _delete(self, model: type[Base], record_id: int, kind: str) -> None:
        with self._db.write() as session:
            session.delete(get_row(session, model, record_id, kind))


def get_row(session: Session, model: type[RowT], record_id: int, kind: str) -> RowT:
    """The row with ``record_id``, or :class:`RecordNotFound` naming ``kind``."""
    row = session.get(model, record_id)
    if row is None:
        raise RecordNotFound(kind, record_id)
    return row


def inserted(session: Session, row: RowT) -> RowT:
    """``row`` added and flushed, so it has its id (and anything the database fills in)."""
    session.add(row)
    session.flush()
    return row


def require_person(session: Session, person_id: int) -> None:
    """A record about a person needs the person: a missing one is :class:`RecordNotFound`, not a foreign-key
    error from deep in the database."""
    get_row(session, PersonRow, person_id, "person")


def oldest_first(model: type[AssessmentRow] | type[DocumentRow] | type[PlanRow]) -> tuple[Any, Any]:
    """The order of a person's records of one kind, as made (the id breaks ties between equal times)."""
    return model.created_at, model.id


def record(model: type[ModelT], row: Base, **values: Any) -> ModelT:
    """``row`` as a ``model`` record: each field from the row's attribute of the same name unless given in
    ``values`` (for fields the row names otherwise or does not have), validated like any record."""
    fields = {name: values[name] if name in values else getattr(row, name) for name in model.model_fields}
    return model.model_validate(fields)
