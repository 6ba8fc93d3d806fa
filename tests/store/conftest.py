"""Stores on real databases: an SQLite file in tmp_path and, when MLLADDER_TEST_PG_URL is set, PostgreSQL.

Each PostgreSQL store lives in a schema of its own (created for the test, dropped after it), so tests never
see each other's rows and can run in any order.
"""

from __future__ import annotations

import datetime as dt
import os
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from sqlalchemy import text

from mlladder import Framework, Profile, load_profile
from mlladder.store import Store
from mlladder.store.database import Clock, utc_now
from mlladder.store.engine import create_store_engine, resolve_url
from tests.conftest import ROOT

PG_URL = os.environ.get("MLLADDER_TEST_PG_URL")
PROFILES = ROOT / "examples" / "profiles"
DOCUMENTS = ROOT / "examples" / "documents"

MakeStore = Callable[..., Store]
MakeUrl = Callable[[], str]


class Ticking:
    """A clock that moves one day per reading, so records made in a row have distinct, ordered times."""

    def __init__(self, start: dt.datetime = dt.datetime(2025, 1, 6, 9, 30, 15, 123456, tzinfo=dt.UTC)) -> None:
        self.now = start

    def __call__(self) -> dt.datetime:
        self.now += dt.timedelta(days=1)
        return self.now


@pytest.fixture(
    params=[
        "sqlite",
        pytest.param("postgresql", marks=pytest.mark.skipif(not PG_URL, reason="MLLADDER_TEST_PG_URL is not set")),
    ]
)
def backend(request: pytest.FixtureRequest) -> str:
    name: str = request.param
    return name


@pytest.fixture
def make_url(backend: str, tmp_path: Path) -> Iterator[MakeUrl]:
    """New, empty databases of the backend under test, as URLs (each call: another database)."""
    schemas: list[str] = []
    admin = create_store_engine(resolve_url(PG_URL)) if backend == "postgresql" else None

    def make() -> str:
        if admin is None:
            return f"sqlite:///{tmp_path / f'store-{uuid.uuid4().hex[:8]}.db'}"
        schema = f"test_{uuid.uuid4().hex[:12]}"
        with admin.begin() as connection:
            connection.execute(text(f'CREATE SCHEMA "{schema}"'))
        schemas.append(schema)
        url = resolve_url(PG_URL).update_query_dict({"options": f"-csearch_path={schema}"})
        return url.render_as_string(hide_password=False)

    yield make
    if admin is not None:
        with admin.begin() as connection:
            for schema in schemas:
                connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


@pytest.fixture
def make_store(make_url: MakeUrl) -> Iterator[MakeStore]:
    """Open stores on new databases (migrated), closing them all after the test."""
    opened: list[Store] = []

    def make(url: str | None = None, clock: Clock = utc_now, migrate: bool = True) -> Store:
        store = Store(url or make_url(), clock=clock, migrate=migrate)
        opened.append(store)
        return store

    yield make
    for store in opened:
        store.close()


@pytest.fixture
def fresh_store(make_store: MakeStore) -> Store:
    """A migrated, empty store whose clock ticks one day per write."""
    return make_store(clock=Ticking())


@pytest.fixture(scope="session")
def profiles(ml_ladder: Framework) -> dict[str, Profile]:
    return {path.stem: load_profile(path, ml_ladder) for path in sorted(PROFILES.glob("*.yaml"))}
