"""Has the database changed? A cheap mark that stays equal while nothing is committed, by any connection of any
process, and differs after any commit.

It lets a server remember what it made from the database (a whole page) and answer it again without reading the
database, for as long as the mark it was made under is still current; several server processes each remember
their own and all see every other's writes.

- SQLite: ``PRAGMA data_version`` on a connection of its own that never writes. Its value changes whenever
  another connection commits (every write of the store goes through the engine's pool, never this connection).
  The value belongs to the connection, so a mark also carries which connection read it.
- PostgreSQL: the current snapshot (``pg_current_snapshot()``, PostgreSQL 13 and later): the transactions that
  are committed as far as a new query can see. Any commit changes it, so two equal snapshots see the same data.
  It covers the whole server, so writes to other databases on it also change the mark (a wasted page, never a
  stale one).

When the mark cannot be read (the connection broke), :meth:`ChangeMark.current` returns a mark equal to no other,
so nothing remembered is used and the next call connects again.
"""

from __future__ import annotations

import contextlib
import sqlite3
import threading
from collections.abc import Hashable
from typing import Any

from sqlalchemy import Engine

__all__ = [
    "SNAPSHOT_QUERY",
    "ChangeMark",
]

SNAPSHOT_QUERY = "SELECT pg_current_snapshot()::text"


class _Unknown:
    """A mark equal to nothing but itself: what was made under it is never used again."""

    __slots__ = ()


class ChangeMark:
    """Reads the database's current change mark over a connection opened on first use and kept."""

    def __init__(self, engine: Engine) -> None:
        self._engine = engine
        url = engine.url
        self._sqlite = url.get_backend_name() == "sqlite"
        # A second connection to an in-memory database opens another, empty one: nothing there is ever the same.
        self._in_memory = self._sqlite and url.database in (None, "", ":memory:")
        self._query = "PRAGMA data_version" if self._sqlite else SNAPSHOT_QUERY
        self._lock = threading.Lock()  # one connection, asked from the event loop and from worker threads
        self._connection: Any = None
        self._connections_opened = 0  # part of every mark: which connection read it

    def current(self) -> Hashable:
        if self._in_memory:
            return _Unknown()
        with self._lock:
            try:
                if self._connection is None:
                    self._connection = self._connect()
                    self._connections_opened += 1
                return (self._connections_opened, self._read())
            except Exception:  # any failure only means "unknown": the caller then makes the value afresh
                self._close_connection()
                return _Unknown()

    def close(self) -> None:
        with self._lock:
            self._close_connection()

    def _connect(self) -> Any:
        url = self._engine.url
        if self._sqlite:
            # Autocommit (isolation_level None): no read transaction stays open between two questions.
            return sqlite3.connect(url.database or "", isolation_level=None, check_same_thread=False)
        args, options = self._engine.dialect.create_connect_args(url)
        connection = self._engine.dialect.loaded_dbapi.connect(*args, **options)
        connection.autocommit = True  # each question is its own transaction, so it sees a fresh snapshot
        return connection

    def _read(self) -> object:
        cursor = self._connection.cursor()
        try:
            cursor.execute(self._query)
            row = cursor.fetchone()
        finally:
            cursor.close()
        if row is None:
            raise RuntimeError(f"{self._query} returned no row")
        return row[0]

    def _close_connection(self) -> None:
        connection, self._connection = self._connection, None
        if connection is not None:
            with contextlib.suppress(Exception):  # closing a broken connection may fail too; it is gone either way
                connection.close()
