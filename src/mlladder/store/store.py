"""``Store``: the one object callers use to read and write mlladder's database.

It is every repository at once (people and accounts, failed sign-ins, assessments, documents, journal, interview
practice, plans, mentor pairs, export and import) over one :class:`~mlladder.store.database.Database`, plus the
database's own life: opening, migrating, closing and its change mark. Each repository's module holds its methods;
permission checks are the caller's, asked of :mod:`mlladder.access` (:meth:`Store.can_view` reads the facts it needs).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Hashable
from functools import cached_property

from sqlalchemy import URL, Engine

from mlladder.store import engine as db
from mlladder.store.assessments import Assessments
from mlladder.store.changes import ChangeMark
from mlladder.store.database import Clock, Database, utc_now
from mlladder.store.documents import Documents
from mlladder.store.journal import Journal
from mlladder.store.login_failures import LoginFailures
from mlladder.store.mentoring import Mentoring
from mlladder.store.people import People
from mlladder.store.plans import Plans
from mlladder.store.practice import Practice
from mlladder.store.transfer import Transfer

__all__ = [
    "Store",
]


# Mentoring comes first: it builds on People (to ask who may decide a pair), so it must precede it in the order.
class Store(Mentoring, People, LoginFailures, Assessments, Documents, Journal, Practice, Plans, Transfer):
    """mlladder's database: people, accounts, assessments, documents, journal entries, plans, interview practice
    and mentor pairs.

    ``Store(url)`` opens ``url`` (default: ``$MLLADDER_DB``, else ``mlladder.db`` in the user data directory) and
    brings its schema up to date; pass ``migrate=False`` to skip that and call :meth:`migrate` yourself.
    """

    def __init__(self, url: str | None = None, *, migrate: bool = True, clock: Clock = utc_now) -> None:
        super().__init__(Database(url, clock))
        self._changes = ChangeMark(self.engine)
        if migrate:
            self.migrate()

    @property
    def url(self) -> URL:
        return self._db.url

    @property
    def engine(self) -> Engine:
        return self._db.engine

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
        return self.url.get_backend_name() == "sqlite" or db.is_loopback_host(self.url)

    def change_mark(self) -> Hashable:
        """A mark of the database's state: equal marks mean nothing was committed in between, by any connection of
        any process (see :mod:`mlladder.store.changes`). Read the mark *before* reading what it is to guard."""
        return self._changes.current()

    def now(self) -> dt.datetime:
        """The store's clock, in UTC: what a caller measures against when it stamps a record (a practice answer's
        start and end), so the times it passes agree with the ones the store writes."""
        return self._db.now()
