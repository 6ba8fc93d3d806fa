"""Where the database is, how to connect to it, and bringing its schema up to date.

SQLite gets write-ahead logging (readers never block the writer), enforced foreign keys and a busy timeout on
every connection. SQLAlchemy, not the sqlite3 module, emits BEGIN, so reads inside a transaction see one
snapshot; write transactions start with BEGIN IMMEDIATE, which takes the write lock up front instead of failing
half-way through when another process wrote first.
"""

from __future__ import annotations

import importlib.resources
import os
from pathlib import Path
from typing import Any

import platformdirs
from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import URL, Connection, Engine, create_engine, event, make_url, text

from mlladder.errors import MlladderError

ENV_VAR = "MLLADDER_DB"
DEFAULT_FILENAME = "mlladder.db"
SQLITE_BUSY_TIMEOUT_MS = 10_000
# Connections kept open: one per web worker thread (anyio's default limit is 40), so a busy server reuses
# connections instead of opening one per request (on SQLite each new connection also runs the PRAGMAs below).
POOL_SIZE = 40
WRITE_OPTION = "mlladder_write"  # execution option marking connections of write transactions
MIGRATION_LOCK = 0x6D6C6C61  # PostgreSQL advisory lock ids: two servers starting at once migrate one at a time
DEFAULT_PERSON_LOCK = 0x6D6C6C62


class SchemaTooNew(MlladderError):
    """The database was migrated by a newer mlladder than this one."""


def default_database_path() -> Path:
    """``mlladder.db`` in the user data directory (created if missing)."""
    folder = Path(platformdirs.user_data_dir("mlladder"))
    folder.mkdir(parents=True, exist_ok=True)
    return folder / DEFAULT_FILENAME


def resolve_url(url: str | None = None) -> URL:
    """The database to open: ``url``, else ``$MLLADDER_DB``, else the default SQLite file.

    A plain path means an SQLite file; ``postgresql://`` (and ``postgres://``) URLs use psycopg 3.
    """
    chosen = url or os.environ.get(ENV_VAR) or f"sqlite:///{default_database_path()}"
    if "://" not in chosen:
        chosen = f"sqlite:///{Path(chosen).expanduser().resolve()}"
    parsed = make_url(chosen)
    if parsed.drivername in {"postgresql", "postgres"}:
        parsed = parsed.set(drivername="postgresql+psycopg")
    return parsed


def create_store_engine(url: URL) -> Engine:
    """An engine for ``url``, with the SQLite settings of the module docstring when it is SQLite."""
    if url.get_backend_name() != "sqlite":
        return create_engine(url, pool_pre_ping=True, pool_size=POOL_SIZE)
    # The pool hands a connection to one thread at a time, so sqlite3's same-thread check only gets in the way.
    engine = create_engine(url, connect_args={"check_same_thread": False}, pool_size=POOL_SIZE)
    event.listen(engine, "connect", _configure_sqlite_connection)
    event.listen(engine, "begin", _begin_sqlite_transaction)
    return engine


def _configure_sqlite_connection(dbapi_connection: Any, _record: Any) -> None:
    dbapi_connection.isolation_level = None  # SQLAlchemy emits BEGIN itself (see _begin_sqlite_transaction)
    cursor = dbapi_connection.cursor()
    try:
        cursor.execute(f"PRAGMA busy_timeout = {SQLITE_BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA journal_mode = WAL")
        cursor.execute("PRAGMA foreign_keys = ON")
        cursor.execute("PRAGMA synchronous = FULL")  # a commit is on disk before it returns, even if power fails
    finally:
        cursor.close()


def _begin_sqlite_transaction(connection: Connection) -> None:
    writing = connection.get_execution_options().get(WRITE_OPTION, False)
    connection.exec_driver_sql("BEGIN IMMEDIATE" if writing else "BEGIN")


def writer(engine: Engine) -> Engine:
    """The same engine (same pool) marked so its transactions are write transactions."""
    return engine.execution_options(**{WRITE_OPTION: True})


def lock_for_transaction(connection: Connection, key: int) -> None:
    """Serialise a transaction with others taking the same key (PostgreSQL; SQLite's write lock already does)."""
    if connection.dialect.name == "postgresql":
        connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": key})


def alembic_config() -> Config:
    """Alembic's configuration, pointing at the migrations shipped inside the package."""
    location = importlib.resources.files("mlladder.store") / "migrations"
    config = Config()
    config.set_main_option("script_location", str(location).replace("%", "%%"))
    config.set_main_option("path_separator", "os")
    return config


def migrate(engine: Engine) -> None:
    """Apply every migration the database lacks, in one transaction (nothing to do: nothing happens)."""
    config = alembic_config()
    known = {script.revision for script in ScriptDirectory.from_config(config).walk_revisions()}
    with writer(engine).begin() as connection:
        lock_for_transaction(connection, MIGRATION_LOCK)
        current = MigrationContext.configure(connection).get_current_revision()
        if current is not None and current not in known:
            raise SchemaTooNew(
                f"the database is at schema revision '{current}', which this version of mlladder does not know "
                "(fix: upgrade mlladder, or open another database)"
            )
        config.attributes["connection"] = connection
        command.upgrade(config, "head")


def current_revision(engine: Engine) -> str | None:
    """The migration the database is at (None for an empty database)."""
    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def head_revision() -> str | None:
    """The newest migration shipped with this version of mlladder."""
    return ScriptDirectory.from_config(alembic_config()).get_current_head()
