"""Where the database is, how to connect to it, and bringing its schema up to date.

SQLite gets write-ahead logging (readers never block the writer), enforced foreign keys and a busy timeout on
every connection. SQLAlchemy, not the sqlite3 module, emits BEGIN, so reads inside a transaction see one
snapshot; write transactions start with BEGIN IMMEDIATE, which takes the write lock up front instead of failing
half-way through when another process wrote first.
"""

from __future__ import annotations

import contextlib
import errno
import importlib.resources
import os
import re
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import platformdirs
from sqlalchemy import URL, Connection, Engine, create_engine, event, make_url, text
from sqlalchemy.exc import ArgumentError, DBAPIError

from mlladder.addresses import is_loopback
from mlladder.errors import InputError, MlladderError

if TYPE_CHECKING:
    from alembic.config import Config

__all__ = [
    "DEFAULT_PERSON_LOCK",
    "ENV_VAR",
    "SQLITE_BUSY_TIMEOUT_MS",
    "CannotOpenDatabase",
    "DiskFull",
    "SchemaTooNew",
    "alembic_config",
    "check_foreign_keys",
    "create_store_engine",
    "current_revision",
    "foreign_keys_off",
    "head_revision",
    "is_disk_full",
    "is_loopback_host",
    "lock_for_transaction",
    "migrate",
    "resolve_url",
    "shown",
    "writer",
]

ENV_VAR = "MLLADDER_DB"
DEFAULT_FILENAME = "mlladder.db"
SQLITE_BUSY_TIMEOUT_MS = 10_000
# Connections kept open: one per web worker thread (anyio's default limit is 40), so a busy server reuses
# connections instead of opening one per request (on SQLite each new connection also runs the PRAGMAs below).
POOL_SIZE = 40
WRITE_OPTION = "mlladder_write"  # execution option marking connections of write transactions
MIGRATION_LOCK = 0x6D6C6C61  # PostgreSQL advisory lock ids: two servers starting at once migrate one at a time
DEFAULT_PERSON_LOCK = 0x6D6C6C62
# Seconds to wait for a PostgreSQL server to answer: an address that drops packets fails in this time, not in the
# minutes the system's TCP timeout would take.
CONNECT_TIMEOUT_SECONDS = 10
DRIVERS = frozenset({"sqlite", "sqlite+pysqlite", "postgresql+psycopg"})  # the databases mlladder runs on
SQLITE_HEADER = b"SQLite format 3\x00"  # the first bytes of every SQLite database file
POSTGRESQL_DISK_FULL = "53100"  # SQLSTATE disk_full
DATABASE_HINT = "give an SQLite file path or a postgresql:// URL"


class SchemaTooNew(MlladderError):
    """The database was migrated by a newer mlladder than this one."""


class DiskFull(MlladderError):
    """The database's disk is full: the write was rolled back whole, nothing was saved."""

    def __init__(self, database: str) -> None:
        super().__init__(f"{database}: the disk is full; nothing was saved (fix: free some space, then try again)")


class CannotOpenDatabase(InputError):
    """The database given cannot be used: a URL of a kind mlladder does not support, a path that is no SQLite
    database (a folder, a missing folder, another kind of file), or a server that refuses the connection.

    ``str(error)`` is one line naming the database (never its password), the problem and the fix.
    """


def default_database_path() -> Path:
    """``mlladder.db`` in the user data directory (created if missing)."""
    folder = Path(platformdirs.user_data_dir("mlladder"))
    folder.mkdir(parents=True, exist_ok=True)
    return folder / DEFAULT_FILENAME


def resolve_url(url: str | None = None) -> URL:
    """The database to open: ``url``, else ``$MLLADDER_DB``, else the default SQLite file.

    A plain path means an SQLite file; ``postgresql://`` (and ``postgres://``) URLs use psycopg 3.
    Raises :class:`CannotOpenDatabase` for a URL that is not one, or names a database mlladder does not run on.
    """
    chosen = url or os.environ.get(ENV_VAR) or f"sqlite:///{default_database_path()}"
    if "://" not in chosen:
        chosen = f"sqlite:///{Path(chosen).expanduser().resolve()}"
    try:
        parsed = make_url(chosen)
    except (ArgumentError, ValueError):
        raise CannotOpenDatabase(f"{_without_password(chosen)}: not a database URL (fix: {DATABASE_HINT})") from None
    if parsed.drivername in {"postgresql", "postgres"}:
        parsed = parsed.set(drivername="postgresql+psycopg")
    if parsed.drivername not in DRIVERS:
        raise CannotOpenDatabase(
            f"{shown(parsed)}: mlladder does not run on '{parsed.drivername}' databases (fix: {DATABASE_HINT})"
        )
    return parsed


def shown(url: URL) -> str:
    """``url`` as it may be printed: the path of an SQLite file, a server's URL without its password."""
    if url.get_backend_name() == "sqlite":
        return url.database or ":memory:"
    return url.set(drivername=url.get_backend_name()).render_as_string(hide_password=True)


def is_loopback_host(url: URL) -> bool:
    """Does ``url`` reach its server through a Unix socket or a loopback address?"""
    hosts = [url.host or "", *str(url.query.get("host", "")).split(",")]
    return all(not host or host.startswith("/") or is_loopback(host) for host in hosts)


def _without_password(url: str) -> str:
    """A URL that could not be parsed, with whatever stands where a password would ("user:secret@") hidden."""
    return re.sub(r"(://[^/:@]*):[^/@]*@", r"\1:***@", url)


def create_store_engine(url: URL) -> Engine:
    """An engine for ``url``, with the SQLite settings of the module docstring when it is SQLite."""
    if url.get_backend_name() != "sqlite":
        timeout = {} if "connect_timeout" in url.query else {"connect_timeout": CONNECT_TIMEOUT_SECONDS}
        return create_engine(url, pool_pre_ping=True, pool_size=POOL_SIZE, connect_args=timeout)
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
    from alembic.config import Config  # alembic loads only when a database opens: it costs a CLI start ~0.9 s

    location = importlib.resources.files("mlladder.store") / "migrations"
    config = Config()
    config.set_main_option("script_location", str(location).replace("%", "%%"))
    config.set_main_option("path_separator", "os")
    return config


def migrate(engine: Engine) -> None:
    """Apply every migration the database lacks, in one transaction (nothing to do: nothing happens).

    Raises :class:`CannotOpenDatabase` when the database cannot be opened at all (see :func:`check_open`).
    """
    from alembic import command
    from alembic.runtime.migration import MigrationContext
    from alembic.script import ScriptDirectory

    check_open(engine)
    config = alembic_config()
    known = {script.revision for script in ScriptDirectory.from_config(config).walk_revisions()}
    with writer(engine).connect() as connection, foreign_keys_off(connection), connection.begin():
        lock_for_transaction(connection, MIGRATION_LOCK)
        current = MigrationContext.configure(connection).get_current_revision()
        if current is not None and current not in known:
            raise SchemaTooNew(
                f"the database is at schema revision '{current}', which this version of mlladder does not know "
                "(fix: upgrade mlladder, or open another database)"
            )
        config.attributes["connection"] = connection
        command.upgrade(config, "head")
        check_foreign_keys(connection)


@contextlib.contextmanager
def foreign_keys_off(connection: Connection) -> Iterator[None]:
    """SQLite without foreign key enforcement while ``connection`` migrates (outside its transaction: SQLite
    ignores the switch inside one). SQLite alters a table by copying it and dropping the original, and dropping a
    table with enforcement on deletes its rows first, which sets every link to them to NULL (``ON DELETE SET
    NULL``): an account's person and manager would be lost. Other databases alter tables in place."""
    if connection.dialect.name != "sqlite":
        yield
        return
    raw = connection.connection.driver_connection
    assert raw is not None
    raw.execute("PRAGMA foreign_keys = OFF")
    try:
        yield
    finally:
        raw.execute("PRAGMA foreign_keys = ON")


def check_foreign_keys(connection: Connection) -> None:
    """Fail the migration (rolling it back) if it left a link to a row that does not exist (SQLite, whose checks
    were off while it ran)."""
    if connection.dialect.name == "sqlite":
        broken = connection.exec_driver_sql("PRAGMA foreign_key_check").all()
        if broken:
            raise MlladderError(f"the schema migration would break {len(broken)} links between rows; nothing changed")


def current_revision(engine: Engine) -> str | None:
    """The migration the database is at (None for an empty database)."""
    from alembic.runtime.migration import MigrationContext

    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def head_revision() -> str | None:
    """The newest migration shipped with this version of mlladder."""
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(alembic_config()).get_current_head()


def check_open(engine: Engine) -> None:
    """Open a connection to the engine's database, so that one that cannot be used (a missing folder, a folder, a
    file that is not a database, a server refusing the connection, a database the server does not have) is one
    clear error when the store opens, not a traceback from somewhere deep in the first query."""
    try:
        with engine.connect() as connection:
            if connection.dialect.name == "sqlite":  # an empty file opens fine; reading its schema proves it
                connection.exec_driver_sql("SELECT count(*) FROM sqlite_master").all()
    except DBAPIError as error:
        raise CannotOpenDatabase(_why_not_open(engine.url, error)) from None


def _why_not_open(url: URL, error: DBAPIError) -> str:
    """What is wrong with the database and how to fix it, from the path itself where it tells more than the
    driver's message (SQLite says "unable to open database file" for a missing folder and for a folder alike)."""
    reason = str(error.orig).splitlines()[0] if error.orig is not None else str(error)
    if url.get_backend_name() == "sqlite" and url.database:
        return _why_not_sqlite(Path(url.database), reason)
    reason = reason.rsplit(" failed: ", 1)[-1].removeprefix("FATAL:").strip()  # psycopg: "... failed: FATAL:  ..."
    where = shown(url)
    if "does not exist" in reason and "database" in reason:
        name = url.database or ""
        return f"{where}: the server has no database '{name}' (fix: create it: createdb {name}; or correct the URL)"
    if any(word in reason.lower() for word in ("refused", "timeout", "timed out")):
        return f"{where}: cannot reach the database server: {reason} (fix: start it, or correct the host and port)"
    return f"{where}: cannot open the database: {reason} (fix: check the URL, the user and the password)"


def _why_not_sqlite(path: Path, reason: str) -> str:
    if path.is_dir():
        return f"{path}: is a folder, not a database file (fix: give a file path, e.g. {path / DEFAULT_FILENAME})"
    if not path.parent.is_dir():
        return f"{path}: the folder {path.parent} does not exist (fix: create it, or give a path in an existing folder)"
    if path.is_file() and not _looks_like_sqlite(path):
        return f"{path}: is not an SQLite database (fix: give a new file name, or the path of an mlladder database)"
    if _no_space_left(path.parent):  # SQLite says "disk I/O error" when it cannot make its journal files
        return f"{path}: cannot open the database: the disk is full (fix: free some space, then try again)"
    return f"{path}: cannot open the database: {reason} (fix: check the path and its permissions)"


def _no_space_left(folder: Path) -> bool:
    try:
        return os.statvfs(folder).f_bavail == 0
    except OSError:
        return False


def _looks_like_sqlite(path: Path) -> bool:
    """An empty file (SQLite makes it a database) or one that starts like every SQLite database."""
    try:
        with path.open("rb") as stream:
            start = stream.read(len(SQLITE_HEADER))
    except OSError:
        return True  # unreadable: the caller reports the driver's own reason instead
    return start in (b"", SQLITE_HEADER)


def is_disk_full(error: BaseException) -> bool:
    """Did ``error`` (or an error it came from) happen because the disk is full? SQLite's SQLITE_FULL, PostgreSQL's
    disk_full, or a file write's ENOSPC / EDQUOT. The write it interrupted was rolled back: nothing was saved."""
    seen: set[int] = set()
    current: BaseException | None = error
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        if isinstance(current, OSError) and current.errno in (errno.ENOSPC, errno.EDQUOT):
            return True
        if isinstance(current, sqlite3.Error) and current.sqlite_errorcode == sqlite3.SQLITE_FULL:
            return True
        if getattr(current, "sqlstate", None) == POSTGRESQL_DISK_FULL:  # psycopg's errors
            return True
        orig = current.orig if isinstance(current, DBAPIError) else None
        current = orig or current.__cause__ or current.__context__
    return False
