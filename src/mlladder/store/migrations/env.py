"""Alembic environment: runs on the connection :func:`mlladder.store.engine.migrate` passes in.

Run from the ``alembic`` command line instead (for writing a new migration), it opens the database the store
would open (``sqlalchemy.url`` if set, else ``$MLLADDER_DB``, else the default file).
"""

from __future__ import annotations

from alembic import context
from sqlalchemy import Connection

from mlladder.store.engine import check_foreign_keys, create_store_engine, foreign_keys_off, resolve_url
from mlladder.store.models import Base


def run(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=Base.metadata,
        render_as_batch=connection.dialect.name == "sqlite",  # SQLite alters tables by copying them
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


def run_online() -> None:
    connection = context.config.attributes.get("connection")
    if connection is not None:
        run(connection)
        return
    engine = create_store_engine(resolve_url(context.config.get_main_option("sqlalchemy.url")))
    # As mlladder.store.engine.migrate does: SQLite copies tables to alter them, which must not cut their links.
    with engine.connect() as own_connection, foreign_keys_off(own_connection), own_connection.begin():
        run(own_connection)
        check_foreign_keys(own_connection)
    engine.dispose()


def run_offline() -> None:
    url = resolve_url(context.config.get_main_option("sqlalchemy.url"))
    context.configure(url=url, target_metadata=Base.metadata, literal_binds=True)
    with context.begin_transaction():
        context.run_migrations()


if context.is_offline_mode():
    run_offline()
else:
    run_online()
