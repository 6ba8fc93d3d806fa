"""Migrations run at start-up: a new database gets every table, a second run changes nothing."""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect, text
from sqlalchemy.exc import IntegrityError

from mlladder.access import Role
from mlladder.store import SchemaTooNew, Store
from mlladder.store.engine import (
    ENV_VAR,
    SQLITE_BUSY_TIMEOUT_MS,
    alembic_config,
    foreign_keys_off,
    head_revision,
    resolve_url,
    writer,
)
from mlladder.store.models import Base
from tests.store.conftest import MakeStore, MakeUrl

TABLES = {
    "users",
    "people",
    "assessments",
    "documents",
    "journal_entries",
    "plans",
    "plan_activities",
    "login_failures",
    "practice_answers",
    "mentor_pairs",
}


def table_names(store: Store) -> set[str]:
    return set(inspect(store.engine).get_table_names())


def test_a_new_database_gets_every_table_at_start_up(make_url: MakeUrl) -> None:
    store = Store(make_url())
    try:
        assert table_names(store) == TABLES | {"alembic_version"}
        assert store.schema_revision() == head_revision() == "0006"
        indexes = {index["name"] for index in inspect(store.engine).get_indexes("assessments")}
        assert "ix_assessments_person_id_created_at" in indexes
    finally:
        store.close()


def test_without_migrate_nothing_is_created_until_asked(make_store: MakeStore) -> None:
    store = make_store(migrate=False)
    assert table_names(store) == set()
    assert store.schema_revision() is None
    store.migrate()
    assert table_names(store) >= TABLES


def test_migrating_twice_is_a_no_op_and_keeps_the_data(make_url: MakeUrl, make_store: MakeStore) -> None:
    url = make_url()
    first = make_store(url)
    person = first.create_person("Ada")
    first.migrate()
    second = make_store(url)  # a second start-up on the same database
    second.migrate()
    assert second.schema_revision() == head_revision()
    with second.engine.connect() as connection:
        assert connection.execute(text("SELECT count(*) FROM alembic_version")).scalar() == 1
    assert second.list_people() == [person]


def test_a_database_of_the_first_release_is_upgraded_with_its_data(make_url: MakeUrl, make_store: MakeStore) -> None:
    url = make_url()
    old = make_store(url, migrate=False)
    config = alembic_config()
    with writer(old.engine).begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "0001")
    assert old.schema_revision() == "0001" and "login_failures" not in table_names(old)
    ada = old.create_person("Ada")
    upgraded = make_store(url)  # start-up migrates
    assert upgraded.schema_revision() == head_revision() and table_names(upgraded) == TABLES | {"alembic_version"}
    assert upgraded.list_people() == [ada]


def test_a_database_from_a_newer_mlladder_is_refused(make_url: MakeUrl, make_store: MakeStore) -> None:
    url = make_url()
    store = make_store(url)
    store.create_person("Ada")
    with store.engine.begin() as connection:
        connection.execute(text("UPDATE alembic_version SET version_num = '9999_future'"))
    with pytest.raises(SchemaTooNew, match="'9999_future', which this version of mlladder does not know"):
        make_store(url)
    assert store.list_people()[0].name == "Ada"  # untouched


def test_the_migration_creates_exactly_what_the_models_describe(fresh_store: Store) -> None:
    with fresh_store.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        assert compare_metadata(context, Base.metadata) == []


def test_sqlite_uses_wal_foreign_keys_and_a_busy_timeout(make_url: MakeUrl, backend: str) -> None:
    if backend != "sqlite":
        pytest.skip("SQLite settings")
    store = Store(make_url())
    try:
        with store.engine.connect() as connection:
            assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
            assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
            assert connection.exec_driver_sql("PRAGMA busy_timeout").scalar() == SQLITE_BUSY_TIMEOUT_MS
            assert connection.exec_driver_sql("PRAGMA synchronous").scalar() == 2  # FULL: commits survive power loss
        path = Path(store.url.database or "")
        store.create_person("Ada")
    finally:
        store.close()
    # WAL is a property of the file: a plain sqlite3 connection sees it too.
    with sqlite3.connect(path) as plain:
        assert plain.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_default_database_is_a_file_in_the_user_data_directory(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(ENV_VAR, raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    store = Store()
    try:
        assert store.url.database == str(tmp_path / "data" / "mlladder" / "mlladder.db")
        assert Path(store.url.database).is_file()
        assert table_names(store) >= TABLES
    finally:
        store.close()


def test_the_environment_variable_and_plain_paths_choose_the_database(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(ENV_VAR, str(tmp_path / "chosen.db"))
    assert resolve_url().database == str(tmp_path / "chosen.db")
    assert resolve_url(f"sqlite:///{tmp_path}/given.db").database == f"{tmp_path}/given.db"  # an explicit URL wins


@pytest.mark.parametrize("url", ["postgresql://me@db.example/ladder", "postgres://me@db.example/ladder"])
def test_postgresql_urls_use_psycopg_3(url: str) -> None:
    resolved = resolve_url(url)
    assert resolved.drivername == "postgresql+psycopg"
    assert (resolved.host, resolved.database, resolved.username) == ("db.example", "ladder", "me")


def test_repr_hides_the_password() -> None:
    store = Store("postgresql://me:secret@127.0.0.1:1/none", migrate=False)
    assert "secret" not in repr(store) and "***" in repr(store)
    store.close()


def migrate_to(store: Store, revision: str, *, down: bool = False) -> None:
    """Up or down to ``revision``, the way the store migrates (on SQLite, foreign keys off meanwhile)."""
    config = alembic_config()
    with writer(store.engine).connect() as connection, foreign_keys_off(connection), connection.begin():
        config.attributes["connection"] = connection
        (command.downgrade if down else command.upgrade)(config, revision)


def make_director(store: Store, username: str) -> None:
    with store.engine.begin() as connection:
        connection.execute(text("UPDATE users SET role = 'director' WHERE username = :name"), {"name": username})


def links(store: Store) -> list[tuple[str, str | None, str | None]]:
    """Each account's user name, manager's user name, and the name of the person it is, read in plain SQL: the
    store's own queries name the columns of the newest schema, which an older revision lacks."""
    query = """
        SELECT users.username, managers.username, people.name FROM users
        LEFT JOIN users AS managers ON managers.id = users.manager_id
        LEFT JOIN people ON people.user_id = users.id ORDER BY users.id
    """
    with store.engine.connect() as connection:
        return [(str(row[0]), row[1], row[2]) for row in connection.execute(text(query))]


def old_account(store: Store, username: str, role: str, manager: str | None = None, name: str = "") -> None:
    """An account and its person, written in plain SQL as the schema of an older revision takes them."""
    made = dt.datetime(2026, 11, 30, tzinfo=dt.UTC).replace(tzinfo=None).isoformat(" ")
    values = {"name": username, "role": role, "manager": manager, "made": made, "person": name or username}
    with store.engine.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO users (username, password_hash, role, manager_id, created_at) VALUES (:name, 'x', :role, "
                "(SELECT id FROM users WHERE username = :manager), :made)"
            ),
            values,
        )
        connection.execute(
            text(
                "INSERT INTO people (name, user_id, created_at) "
                "VALUES (:person, (SELECT id FROM users WHERE username = :name), :made)"
            ),
            values,
        )


def test_the_director_role_arrives_with_0005_and_the_links_between_accounts_survive(
    make_url: MakeUrl, make_store: MakeStore
) -> None:
    url = make_url()
    old = make_store(url, migrate=False)
    migrate_to(old, "0004")
    old_account(old, "lea", "manager", name="Lea Lead")
    old_account(old, "bo", "engineer", "lea", name="Bo Report")
    with pytest.raises(IntegrityError):  # the schema before 0005 has no directors
        make_director(old, "lea")
    before = links(old)
    upgraded = make_store(url)  # start-up migrates, copying the users table on SQLite
    assert upgraded.schema_revision() == head_revision()
    assert links(upgraded) == before == [("lea", None, "Lea Lead"), ("bo", "lea", "Bo Report")]
    director = upgraded.create_user("dan", "correct horse battery", "director", name="Dan Director")
    assert director.role is Role.DIRECTOR
    with upgraded.engine.connect() as connection:
        if connection.dialect.name == "sqlite":
            assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1  # enforcement is back on
            assert connection.exec_driver_sql("PRAGMA foreign_key_check").all() == []


def test_going_down_from_0005_turns_directors_into_managers_and_keeps_their_reports(
    make_url: MakeUrl, make_store: MakeStore
) -> None:
    store = make_store(make_url())
    director = store.create_user("dan", "correct horse battery", "director", name="Dan Director")
    store.create_user("lea", "correct horse battery", "manager", director.id, name="Lea Lead")
    migrate_to(store, "0004", down=True)  # through 0006 and 0005
    assert store.schema_revision() == "0004"
    with store.engine.connect() as connection:
        roles = {str(row[0]): str(row[1]) for row in connection.execute(text("SELECT username, role FROM users"))}
    assert roles == {"dan": "manager", "lea": "manager"}
    assert [(name, manager) for name, manager, _ in links(store)] == [("dan", None), ("lea", "dan")]
    with pytest.raises(IntegrityError), store.engine.begin() as connection:
        connection.execute(text("UPDATE users SET role = 'director' WHERE username = 'dan'"))
    migrate_to(store, "head")  # and up again
    assert store.schema_revision() == head_revision()


def test_accounts_from_before_0006_stay_enabled_and_keep_their_sessions(
    make_url: MakeUrl, make_store: MakeStore
) -> None:
    url = make_url()
    old = make_store(url, migrate=False)
    migrate_to(old, "0005")
    old_account(old, "dan", "director", name="Dan Director")
    old_account(old, "lea", "manager", "dan", name="Lea Lead")
    upgraded = make_store(url)
    assert upgraded.schema_revision() == "0006"
    users = upgraded.list_users()
    assert [(user.username, user.disabled_at, user.session_epoch) for user in users] == [
        ("dan", None, 0),
        ("lea", None, 0),
    ]
    assert links(upgraded) == [("dan", None, "Dan Director"), ("lea", "dan", "Lea Lead")]


def test_going_down_from_0006_is_refused_while_an_account_is_disabled(make_url: MakeUrl, make_store: MakeStore) -> None:
    store = make_store(make_url())
    store.create_user("root", "correct horse battery", "admin")
    lea = store.create_user("lea", "correct horse battery", "manager")
    store.set_disabled(lea.id, True)
    with pytest.raises(RuntimeError, match="1 account\\(s\\) are disabled"):
        migrate_to(store, "0005", down=True)
    assert store.schema_revision() == "0006"  # nothing half done
    store.set_disabled(lea.id, False)
    migrate_to(store, "0005", down=True)
    assert store.schema_revision() == "0005" and [name for name, _, _ in links(store)] == ["root", "lea"]
