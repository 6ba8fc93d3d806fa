"""export_person / import_person: all of a person's data as JSON, back exactly as it was."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest

from mlladder import Framework, Profile, assess, plan
from mlladder.evidence.pipeline import evidence_from_file
from mlladder.store import InvalidExport, Store
from tests.store.conftest import DOCUMENTS, MakeStore


def without_ids(value: Any) -> Any:
    """The export with every id left out (ids are local to a database; everything else must match)."""
    if isinstance(value, dict):
        return {key: without_ids(item) for key, item in value.items() if key not in {"id", "assessment_id"}}
    if isinstance(value, list):
        return [without_ids(item) for item in value]
    return value


@pytest.fixture
def full_person(fresh_store: Store, ml_ladder: Framework, profiles: dict[str, Profile]) -> int:
    """A person with two assessments, three documents (one with its original), journal entries and a plan."""
    store = fresh_store
    store.create_person("Someone else")  # so ids in the two databases differ
    person = store.create_person("Jordan Sample").id
    for name in ("junior", "mid"):
        store.save_assessment(person, profiles[name], assess(profiles[name], ml_ladder))
    latest = store.latest_assessment(person)
    assert latest is not None
    for name, kind in (("resume-senior.pdf", "resume"), ("brag-mid.md", "brag"), ("posting-staff.md", "posting")):
        document, evidence = evidence_from_file(DOCUMENTS / name, ml_ladder, kind=kind)  # type: ignore[arg-type]
        original = (DOCUMENTS / name).read_bytes() if name.endswith(".pdf") else None
        store.save_document(person, name, kind, document, evidence, original=original)  # type: ignore[arg-type]
    store.add_journal_entry(
        person, dt.date(2025, 1, 5), "Mentored two engineers and cut p95 latency by 30%", "-30%", ml_ladder
    )
    edited = store.add_journal_entry(person, dt.date(2025, 2, 5), "Gave a talk on évaluation ✓ <b>", None, ml_ladder)
    store.update_journal_tags(edited.id, ["communication"], ["public-speaking"])
    saved = store.save_plan(person, plan(profiles["mid"], ml_ladder, start=dt.date(2025, 1, 6)), latest.id)
    store.set_activity_status(saved.id, saved.activities[0].key, "done", on=dt.date(2025, 2, 1))
    store.set_activity_status(saved.id, saved.activities[1].key, "doing")
    store.save_plan(person, plan(profiles["mid"], ml_ladder, weekly_hours=10, start=dt.date(2025, 3, 3)))
    return person


def test_export_holds_everything_and_is_json(fresh_store: Store, full_person: int) -> None:
    data = fresh_store.export_person(full_person)
    assert json.loads(json.dumps(data)) == data
    assert (data["format"], data["format_version"], data["person"]["name"]) == ("mlladder-person", 1, "Jordan Sample")
    assert [len(data[key]) for key in ("assessments", "documents", "journal", "plans")] == [2, 3, 2, 2]
    assert data["plans"][0]["assessment_id"] == data["assessments"][1]["id"]
    assert [a["status"] for a in data["plans"][0]["activities"][:3]] == ["done", "doing", "todo"]
    assert data["documents"][0]["original"] is not None and data["documents"][1]["original"] is None


def test_round_trip_into_a_fresh_store_is_exact(fresh_store: Store, make_store: MakeStore, full_person: int) -> None:
    exported = fresh_store.export_person(full_person)
    other = make_store()
    new_id = other.import_person(json.loads(json.dumps(exported)))
    again = other.export_person(new_id)
    assert new_id != full_person
    assert without_ids(again) == without_ids(exported)
    # ... and the links are rebuilt with the new ids
    assert again["plans"][0]["assessment_id"] == again["assessments"][1]["id"]
    assert other.document_original(again["documents"][0]["id"]) == (DOCUMENTS / "resume-senior.pdf").read_bytes()
    assert other.get_plan(again["plans"][0]["id"]).plan == fresh_store.get_plan(exported["plans"][0]["id"]).plan
    before, after = fresh_store.history(full_person), other.history(new_id)
    assert [(p.created_at, p.probabilities) for p in after.points] == [
        (p.created_at, p.probabilities) for p in before.points
    ]
    assert [p.name for p in other.list_people()] == ["Jordan Sample"]


def test_importing_twice_makes_two_people(fresh_store: Store, full_person: int) -> None:
    data = fresh_store.export_person(full_person)
    first, second = fresh_store.import_person(data), fresh_store.import_person(data)
    assert len({full_person, first, second}) == 3
    assert without_ids(fresh_store.export_person(second)) == without_ids(data)


@pytest.mark.parametrize(
    ("damage", "message"),
    [
        (lambda d: d.update(format="something-else"), "not an mlladder export"),
        (lambda d: d.update(format_version=2), "version 2 is not supported"),
        (lambda d: d["person"].pop("name"), "person.name"),
        (lambda d: d["assessments"][0]["result"].pop("level"), "level"),
        (lambda d: d["documents"][1]["evidence"].pop("signals"), "damaged document evidence"),
        (lambda d: d["documents"][0].update(original="bm90IHRoZSBzYW1lIGZpbGU="), "does not match its sha256"),
        (lambda d: d["documents"][0].update(original="***"), "not valid base64"),
        (lambda d: d["journal"][0].update(surprise=1), "surprise"),
        (lambda d: d["plans"][0]["activities"].append(d["plans"][0]["activities"][0]), "lists an activity twice"),
    ],
)
def test_damaged_exports_are_refused_and_write_nothing(
    fresh_store: Store, full_person: int, damage: Any, message: str
) -> None:
    data = fresh_store.export_person(full_person)
    damage(data)
    people = fresh_store.list_people()
    with pytest.raises(InvalidExport, match=message):
        fresh_store.import_person(data)
    assert fresh_store.list_people() == people
