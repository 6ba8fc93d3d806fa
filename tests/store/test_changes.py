"""The database's change mark: equal while nothing is committed, different after any commit, whichever store (as
another server process would) or process committed it."""

from __future__ import annotations

import subprocess
import sys

import pytest
from sqlalchemy import create_engine, text

from mlladder import Framework, Plan, Profile, assess, plan
from mlladder.store.changes import SNAPSHOT_QUERY, ChangeMark
from mlladder.store.engine import create_store_engine, resolve_url
from tests.store.conftest import PG_URL, MakeStore, MakeUrl

WRITE_IN_ANOTHER_PROCESS = "import sys; from mlladder.store import Store; Store(sys.argv[1]).create_person('Bo')"


@pytest.fixture(scope="module")
def mid_plan(ml_ladder: Framework, profiles: dict[str, Profile]) -> Plan:
    return plan(profiles["mid"], ml_ladder, weekly_hours=4)


def test_every_commit_changes_the_mark_whoever_makes_it(
    make_store: MakeStore, make_url: MakeUrl, ml_ladder: Framework, profiles: dict[str, Profile], mid_plan: Plan
) -> None:
    url = make_url()
    web, other = make_store(url), make_store(url)
    me = web.default_person()
    marks = [web.change_mark()]
    record = other.save_assessment(me.id, profiles["mid"], assess(profiles["mid"], ml_ladder))
    marks.append(web.change_mark())
    web.save_plan(me.id, mid_plan, assessment_id=record.id)  # this store's own commit
    marks.append(web.change_mark())
    other.create_person("Ada")
    marks.append(web.change_mark())
    assert len(set(marks)) == len(marks), marks


def test_a_commit_by_another_process_changes_the_mark(make_store: MakeStore, make_url: MakeUrl) -> None:
    url = make_url()
    store = make_store(url)
    before = store.change_mark()
    subprocess.run([sys.executable, "-c", WRITE_IN_ANOTHER_PROCESS, url], check=True, timeout=120)
    assert store.change_mark() != before
    assert store.list_people()[-1].name == "Bo"


def test_reading_leaves_the_mark_as_it_is(make_store: MakeStore, backend: str) -> None:
    if backend == "postgresql":
        pytest.skip("a PostgreSQL mark covers the whole server, which other clients may write to at any time")
    store = make_store()
    me = store.default_person()
    before = store.change_mark()
    store.list_people(), store.plans_of_assessment(1), store.list_journal(me.id), store.history(me.id)
    assert store.change_mark() == before


def test_an_in_memory_database_is_never_the_same_twice() -> None:
    # Another connection to ":memory:" opens another, empty database: no mark read there could guard anything.
    engine = create_engine("sqlite://")
    marks = ChangeMark(engine)
    try:
        assert marks.current() != marks.current()
    finally:
        marks.close()
        engine.dispose()


@pytest.mark.skipif(not PG_URL, reason="MLLADDER_TEST_PG_URL is not set")
def test_a_broken_connection_gives_an_unknown_mark_then_connects_again() -> None:
    engine = create_store_engine(resolve_url(PG_URL))
    marks = ChangeMark(engine)
    try:
        first = marks.current()
        with engine.begin() as admin:  # the server ends the mark's connection, as a restart would
            ended = admin.execute(
                text("SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE query = :query"),
                {"query": SNAPSHOT_QUERY},
            ).scalar_one()
        assert ended >= 1
        unknown = marks.current()
        again = marks.current()  # read over a new connection
        assert unknown == unknown and unknown != first and unknown != again
        # Marked with the connection that read it, so an old value can never be taken for a new one.
        assert isinstance(first, tuple) and isinstance(again, tuple) and again[0] != first[0]
    finally:
        marks.close()
        engine.dispose()
