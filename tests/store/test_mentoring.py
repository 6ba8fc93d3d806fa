"""Mentor pairs in the store: the migration that adds them, proposals, decisions and who may make them."""

from __future__ import annotations

from alembic import command
from sqlalchemy import inspect

from mlladder.store import Store
from mlladder.store.engine import alembic_config, writer
from tests.store.conftest import MakeStore


def migrate_to(store: Store, revision: str, *, down: bool = False) -> None:
    config = alembic_config()
    with writer(store.engine).begin() as connection:
        config.attributes["connection"] = connection
        (command.downgrade if down else command.upgrade)(config, revision)


def test_the_migration_adds_the_pairs_table_and_takes_it_away_again(make_store: MakeStore) -> None:
    store = make_store(migrate=False)
    migrate_to(store, "0003")
    ada = store.create_person("Ada")
    migrate_to(store, "0004")
    assert store.schema_revision() == "0004"
    assert "mentor_pairs" in inspect(store.engine).get_table_names()
    migrate_to(store, "0003", down=True)
    assert store.schema_revision() == "0003"
    assert "mentor_pairs" not in inspect(store.engine).get_table_names()
    assert store.list_people() == [ada]  # going down keeps everything else
    migrate_to(store, "0004")
    assert "mentor_pairs" in inspect(store.engine).get_table_names()
