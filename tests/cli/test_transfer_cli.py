"""``mlladder export`` and ``mlladder import`` on real SQLite files: a person's data round-trips exactly."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from mlladder import assess, builtin_framework, load_profile, plan
from mlladder.store import Store
from tests.conftest import ROOT, RunCli, fill, small_disk

MID = ROOT / "examples" / "profiles" / "mid.yaml"
FULL = "the disk is full"


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


def test_an_import_on_a_full_disk_is_one_line_and_saves_nothing(run_cli: RunCli, tmp_path: Path) -> None:
    framework = builtin_framework()
    exported = tmp_path / "ana.json"
    source = tmp_path / "source.db"
    with Store(str(source)) as store:
        ana = store.create_person("Ana")
        for number in range(40):
            store.add_journal_entry(ana.id, dt.date(2025, 1, 1), f"Shipped feature {number}. " * 200, None, framework)
    assert run_cli("export", "--person", str(ana.id), "--db", str(source), "-o", str(exported)).code == 0
    with small_disk(tmp_path / "disk", size="2m") as disk:
        target = disk / "store.db"
        with Store(str(target)) as store:  # open meanwhile: SQLite's journal files exist before the disk fills
            people = len(store.list_people())
            fill(disk)
            result = run_cli("import", str(exported), "--db", str(target))
            assert result.code == 2 and result.err.count("\n") == 1, result.err
            assert result.err == f"error: {target}: {FULL}; nothing was saved (fix: free some space, then try again)\n"
        new = disk / "new.db"  # on a full disk a new database cannot even be made
        made = run_cli("import", str(exported), "--db", str(new))
        assert made.err == f"error: {new}: cannot open the database: {FULL} (fix: free some space, then try again)\n"
        (disk / "filler").unlink()
        with Store(str(target)) as store:
            assert len(store.list_people()) == people  # the import was rolled back whole
