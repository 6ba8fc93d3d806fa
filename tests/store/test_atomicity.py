"""Every write is one transaction: a failure, or a process killed mid-write, leaves no half record."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError

from mlladder import Plan, Profile, builtin_framework, plan
from mlladder.store import InvalidExport, Store
from tests.store.conftest import PROFILES, MakeStore, MakeUrl

WRITES_BEFORE_KILL = 15


def rows(store: Store, table: str) -> int:
    with store.engine.connect() as connection:
        return int(connection.execute(text(f"SELECT count(*) FROM {table}")).scalar_one())


def test_a_failing_activity_insert_leaves_no_plan(fresh_store: Store, profiles: dict[str, Profile]) -> None:
    good = plan(profiles["mid"], builtin_framework("ml-engineer"))
    broken = good.model_copy(update={"activities": [*good.activities, good.activities[0]]})  # a duplicate key
    me = fresh_store.default_person()
    with pytest.raises(IntegrityError):
        fresh_store.save_plan(me.id, broken)
    assert rows(fresh_store, "plans") == 0 and rows(fresh_store, "plan_activities") == 0
    fresh_store.save_plan(me.id, good)  # the store is still usable afterwards
    assert rows(fresh_store, "plans") == 1 and rows(fresh_store, "plan_activities") == len(good.activities)


def test_a_rejected_import_writes_nothing(fresh_store: Store) -> None:
    me = fresh_store.default_person()
    data = fresh_store.export_person(me.id)
    data["plans"] = [
        {
            "id": 1,
            "assessment_id": 77,  # no such assessment in the export
            "created_at": "2025-01-01T00:00:00Z",
            "target": "L3",
            "start": "2025-01-01",
            "weekly_hours": 5,
            "plan": {},
            "activities": [],
        }
    ]
    with pytest.raises(InvalidExport):
        fresh_store.import_person(data)
    assert fresh_store.list_people() == [me]


WRITER = textwrap.dedent(
    """
    import datetime as dt, sys
    from mlladder import builtin_framework, load_profile, plan
    from mlladder.store import Store

    framework = builtin_framework("ml-engineer")
    growth = plan(load_profile(sys.argv[2], framework), framework, start=dt.date(2025, 1, 6))
    store = Store(sys.argv[1])
    person = store.create_person("Writer")
    written = 0
    while True:
        store.save_plan(person.id, growth)
        written += 1
        print(written, flush=True)
    """
)


def test_a_process_killed_mid_write_leaves_only_complete_records(
    make_url: MakeUrl, make_store: MakeStore, tmp_path: Path, backend: str
) -> None:
    url = make_url()
    script = tmp_path / "writer.py"
    script.write_text(WRITER, encoding="utf-8")
    writer = subprocess.Popen(
        [sys.executable, str(script), url, str(PROFILES / "staff.yaml")],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert writer.stdout is not None
    committed = 0
    deadline = time.monotonic() + 120
    while committed < WRITES_BEFORE_KILL and time.monotonic() < deadline:
        line = writer.stdout.readline()
        if not line:
            pytest.fail(f"the writer stopped: {writer.stderr.read() if writer.stderr else ''}")
        committed = int(line)
    os.kill(writer.pid, signal.SIGKILL)  # no clean-up, no rollback: as if the machine lost the process
    writer.wait()
    assert writer.returncode == -signal.SIGKILL

    store = make_store(url)  # opens and migrates as at start-up
    if backend == "sqlite":
        with store.engine.connect() as connection:
            assert connection.exec_driver_sql("PRAGMA integrity_check").scalar() == "ok"
    plans = store.list_plans(store.list_people()[0].id)
    assert len(plans) >= committed  # nothing that was committed is lost
    for record in plans:  # ... and nothing half-written is there
        assert [a.key for a in record.activities] == [a.id for a in record.plan.activities]
    with store.engine.connect() as connection:
        stored = connection.execute(text("SELECT plan FROM plans")).scalars().all()
    expected = len(Plan.model_validate(json.loads(stored[0]) if isinstance(stored[0], str) else stored[0]).activities)
    assert rows(store, "plan_activities") == expected * len(plans)


def test_concurrent_writers_all_succeed(fresh_store: Store) -> None:
    """Threads writing at once wait for each other (busy timeout, BEGIN IMMEDIATE) instead of failing."""

    def write(worker: int) -> list[int]:
        return [fresh_store.create_person(f"worker {worker} #{n}").id for n in range(10)]

    with ThreadPoolExecutor(max_workers=8) as pool:
        ids = [person_id for batch in pool.map(write, range(8)) for person_id in batch]
    assert len(set(ids)) == 80 == rows(fresh_store, "people")
