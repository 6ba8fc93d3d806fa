"""``mlladder export`` and ``mlladder import`` on real SQLite files: a person's data round-trips exactly."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from mlladder import assess, builtin_framework, load_profile, plan
from mlladder.store import Store
from tests.conftest import ROOT, RunCli

MID = ROOT / "examples" / "profiles" / "mid.yaml"


def filled_store(path: Path) -> int:
    framework = builtin_framework()
    profile = load_profile(MID, framework)
    with Store(str(path)) as store:
        person = store.default_person()
        assessment = assess(profile, framework)
        record = store.save_assessment(person.id, profile, assessment)
        store.save_plan(person.id, plan(profile, framework, start=dt.date(2027, 1, 4)), record.id)
        store.add_journal_entry(person.id, dt.date(2026, 10, 1), "Mentored two engineers", "30% faster", framework)
        return person.id


def without_ids(data: object) -> object:
    if isinstance(data, dict):
        return {key: without_ids(value) for key, value in data.items() if not key.endswith("id")}
    if isinstance(data, list):
        return [without_ids(item) for item in data]
    return data


def test_export_then_import_into_another_database_round_trips(run_cli: RunCli, tmp_path: Path) -> None:
    source, target = tmp_path / "a.db", tmp_path / "b.db"
    filled_store(source)
    exported = tmp_path / "me.json"
    result = run_cli("export", "--db", str(source), "--output", str(exported))
    assert result.code == 0, result.err
    imported = run_cli("import", str(exported), "--db", str(target))
    assert imported.code == 0 and imported.out.startswith(f"imported {exported} as person ")
    person_id = int(imported.out.split()[-1])
    again = run_cli("export", "--db", str(target), "--person", str(person_id))
    assert without_ids(json.loads(again.out)) == without_ids(json.loads(exported.read_text()))


def test_bad_import_is_one_line_exit_2(run_cli: RunCli, tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text("{not json")
    result = run_cli("import", str(bad), "--db", str(tmp_path / "x.db"))
    assert result.code == 2 and result.err.count("\n") == 1 and "bad.json:1: JSON syntax error" in result.err
    missing = run_cli("export", "--db", str(tmp_path / "x.db"), "--person", "99")
    assert missing.code == 2 and "99" in missing.err
