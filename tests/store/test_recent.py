"""What the store keeps in memory (assessments, which never change) and the light read behind every results page
(the plans made from an assessment), checked against a second store on the same database, as a second server
process would see it."""

from __future__ import annotations

import pytest

from mlladder import Framework, Plan, Profile, assess, plan
from mlladder.store import PlanSummary, RecordNotFound
from mlladder.store.engine import is_loopback_host, resolve_url
from mlladder.store.recent import Recent
from tests.store.conftest import MakeStore, MakeUrl, Ticking


def test_recent_forgets_the_least_recently_used_value_first() -> None:
    recent: Recent[int, str] = Recent(2)
    assert recent.put(1, "one") == "one" and recent.put(2, "two") == "two"
    assert recent.get(1) == "one"  # 1 is now the most recently used
    recent.put(3, "three")
    assert (recent.get(1), recent.get(2), recent.get(3), len(recent)) == ("one", None, "three", 2)
    recent.put(1, "uno")  # a new value for a known key replaces it and counts as a use
    recent.put(4, "four")
    assert (recent.get(1), recent.get(3), recent.get(4)) == ("uno", None, "four")
    with pytest.raises(ValueError, match="at least 1"):
        Recent(0)


@pytest.fixture(scope="module")
def mid_plan(ml_ladder: Framework, profiles: dict[str, Profile]) -> Plan:
    return plan(profiles["mid"], ml_ladder, weekly_hours=4)


def test_an_assessment_is_remembered_once_saved_or_read(
    make_store: MakeStore, make_url: MakeUrl, ml_ladder: Framework, profiles: dict[str, Profile]
) -> None:
    url = make_url()
    writer, reader = make_store(url), make_store(url)  # two processes' stores on one database
    me = writer.default_person()
    saved = writer.save_assessment(me.id, profiles["mid"], assess(profiles["mid"], ml_ladder))
    assert writer.recent_assessment(saved.id) == saved
    assert reader.recent_assessment(saved.id) is None  # the other store has not read it yet
    assert reader.get_assessment(saved.id) == saved  # from the database, then remembered
    assert reader.recent_assessment(saved.id) == saved
    with pytest.raises(RecordNotFound, match="no assessment with id 999"):
        reader.get_assessment(999)
    assert reader.recent_assessment(999) is None  # a miss is not remembered


def test_a_failed_save_leaves_nothing_remembered(
    make_store: MakeStore, ml_ladder: Framework, profiles: dict[str, Profile]
) -> None:
    store = make_store()
    with pytest.raises(RecordNotFound, match="no person"):
        store.save_assessment(999, profiles["mid"], assess(profiles["mid"], ml_ladder))
    assert store.recent_assessment(1) is None  # the id it would have had
    me = store.default_person()
    saved = store.save_assessment(me.id, profiles["mid"], assess(profiles["mid"], ml_ladder))
    assert store.recent_assessment(saved.id) == saved


def test_plans_of_an_assessment_are_read_fresh_each_time(
    make_store: MakeStore, make_url: MakeUrl, ml_ladder: Framework, profiles: dict[str, Profile], mid_plan: Plan
) -> None:
    url = make_url()
    web, other = make_store(url), make_store(url, clock=Ticking())
    me = web.default_person()
    first = web.save_assessment(me.id, profiles["mid"], assess(profiles["mid"], ml_ladder))
    second = web.save_assessment(me.id, profiles["senior"], assess(profiles["senior"], ml_ladder))
    assert web.plans_of_assessment(first.id) == []
    older = other.save_plan(me.id, mid_plan, assessment_id=first.id)  # written by another process
    other.save_plan(me.id, mid_plan, assessment_id=second.id)
    other.save_plan(me.id, mid_plan)  # made from no assessment
    newer = other.save_plan(me.id, mid_plan, assessment_id=first.id)
    assert web.plans_of_assessment(first.id) == [
        PlanSummary(id=older.id, target=older.target, created_at=older.created_at),
        PlanSummary(id=newer.id, target=newer.target, created_at=newer.created_at),
    ]
    assert [summary.id for summary in web.plans_of_assessment(second.id)] == [
        record.id for record in web.list_plans(me.id) if record.assessment_id == second.id
    ]
    assert web.plans_of_assessment(999) == []


def test_the_store_knows_whether_its_database_is_on_this_machine(make_store: MakeStore) -> None:
    assert make_store().is_on_this_machine  # SQLite, or the test server on 127.0.0.1


@pytest.mark.parametrize(
    ("url", "here"),
    [
        ("postgresql://u@localhost/db", True),
        ("postgresql://u@127.0.0.1:5432/db", True),
        ("postgresql://u@[::1]/db", True),
        ("postgresql:///db", True),  # the default Unix socket
        ("postgresql://u@/db?host=/var/run/postgresql", True),
        ("postgresql://u@db.example/db", False),
        ("postgresql://u@10.0.0.5/db", False),
        ("postgresql://u@localhost/db?host=db.example", False),
    ],
)
def test_database_servers_on_this_machine(url: str, here: bool) -> None:
    assert is_loopback_host(resolve_url(url)) is here
