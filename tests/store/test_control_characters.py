"""Control characters and lone surrogates never reach the database: NUL (which PostgreSQL refuses), terminal escape
sequences and lone surrogates (which UTF-8 cannot encode) are cleaned from every text on its way in, on SQLite and
PostgreSQL alike, whichever way it comes: names, journal entries, tags, documents and their evidence, imports."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest

from mlladder import Framework, Profile, assess, plan
from mlladder.errors import InputError
from mlladder.evidence.document import Document
from mlladder.evidence.pipeline import evidence_from_file
from mlladder.limits import clean_text, has_unwanted_characters
from mlladder.store import Store
from tests.conftest import RunCli
from tests.store.conftest import DOCUMENTS, MakeUrl

DIRT = "\x00\x1b[31m\ud800\x9b"  # NUL, an escape sequence's ESC, a lone surrogate, a C1 control
KEPT = "[31m"  # what is left of DIRT: the ESC goes, the printable rest of the sequence stays


def dirty(text: str) -> str:
    return f"{text}{DIRT}end"


def unwanted_in(value: Any) -> list[str]:
    """Every string in ``value`` (keys too) that still holds a control character or a lone surrogate."""
    if isinstance(value, str):
        return [value] if has_unwanted_characters(value) else []
    if isinstance(value, dict):
        return [found for key, item in value.items() for found in unwanted_in(key) + unwanted_in(item)]
    if isinstance(value, list):
        return [found for item in value for found in unwanted_in(item)]
    return []


def test_names_are_cleaned(fresh_store: Store) -> None:
    person = fresh_store.create_person(dirty("Ana "))
    assert person.name == f"Ana {KEPT}end" == fresh_store.get_person(person.id).name
    user = fresh_store.create_user("lee", "long enough password", name=dirty("Lee "))
    assert fresh_store.get_person(user.person_id or 0).name == f"Lee {KEPT}end"


def test_a_name_of_control_characters_only_is_empty(fresh_store: Store) -> None:
    with pytest.raises(InputError, match="1 to 200 characters"):
        fresh_store.create_person("\x00\x1b\ud800")


def test_journal_text_impact_and_tags_are_cleaned(fresh_store: Store, ml_ladder: Framework) -> None:
    me = fresh_store.default_person().id
    entry = fresh_store.add_journal_entry(me, dt.date(2025, 3, 1), dirty("Led a migration "), dirty("-30% "), ml_ladder)
    assert (entry.text, entry.impact) == (f"Led a migration {KEPT}end", f"-30% {KEPT}end")
    edited = fresh_store.update_journal_tags(entry.id, [dirty("delivery")], [dirty("python")])
    assert (edited.competencies, edited.skills) == ([f"delivery{KEPT}end"], [f"python{KEPT}end"])
    assert fresh_store.get_journal_entry(entry.id) == edited
    with pytest.raises(InputError, match="needs some text"):
        fresh_store.add_journal_entry(me, dt.date(2025, 3, 1), "\x00\ud800", None, ml_ladder)


def test_documents_and_their_evidence_are_cleaned(fresh_store: Store, ml_ladder: Framework) -> None:
    document, evidence = evidence_from_file(DOCUMENTS / "brag-mid.md", ml_ladder)
    document = Document(name=dirty("brag"), format=document.format, text=dirty(document.text), blocks=document.blocks)
    first = evidence.skills[0]
    evidence = dataclasses.replace(
        evidence,
        title=dirty("Staff ML engineer "),
        skills=[
            dataclasses.replace(
                first, matched=dirty(first.matched), citation=dataclasses.replace(first.citation, sentence=dirty("I "))
            ),
            *evidence.skills[1:],
        ],
    )
    record = fresh_store.save_document(fresh_store.default_person().id, dirty("cv "), "brag", document, evidence)
    assert record.filename == f"cv {KEPT}end" and record.text == clean_text(document.text)
    assert record.evidence["title"] == f"Staff ML engineer {KEPT}end"
    assert record.evidence["skills"][0]["citation"]["sentence"] == f"I {KEPT}end"
    assert unwanted_in(record.model_dump(mode="json")) == []
    assert fresh_store.get_document(record.id) == record
    assert fresh_store.document_evidence(fresh_store.default_person().id)[0].title == f"Staff ML engineer {KEPT}end"


def test_snapshots_are_cleaned(fresh_store: Store, ml_ladder: Framework, profiles: dict[str, Profile]) -> None:
    me = fresh_store.default_person().id
    profile = profiles["mid"].model_copy(update={"name": dirty("Mid ")})
    record = fresh_store.save_assessment(me, profile, assess(profiles["mid"], ml_ladder))
    assert record.profile.name == f"Mid {KEPT}end"
    made = plan(profiles["mid"], ml_ladder, start=dt.date(2025, 1, 6))
    assert fresh_store.save_plan(me, made, record.id).id > 0


def dirty_export(store: Store, ml_ladder: Framework, profiles: dict[str, Profile]) -> dict[str, Any]:
    """An export of a person with one of each record, control characters then put into every kind of text."""
    person = store.create_person("Jordan Sample").id
    record = store.save_assessment(person, profiles["mid"], assess(profiles["mid"], ml_ladder))
    document, evidence = evidence_from_file(DOCUMENTS / "brag-mid.md", ml_ladder)
    store.save_document(person, "brag-mid.md", "brag", document, evidence)
    store.add_journal_entry(person, dt.date(2025, 1, 5), "Mentored two engineers", "-30%", ml_ladder)
    store.save_plan(person, plan(profiles["mid"], ml_ladder, start=dt.date(2025, 1, 6)), record.id)
    data = store.export_person(person)
    data["person"]["name"] = dirty("Jordan ")
    data["assessments"][0]["profile"]["name"] = dirty("Profile ")
    data["documents"][0].update(filename=dirty("brag "), text=dirty("I led "))
    data["documents"][0]["evidence"]["title"] = dirty("Title ")
    data["documents"][0]["evidence"]["skills"][0]["citation"]["sentence"] = dirty("Sentence ")
    data["journal"][0].update(text=dirty("Mentored "), impact=dirty("-30% "), skills=[dirty("python")])
    data["plans"][0]["activities"][0]["title"] = dirty("Activity ")
    data["plans"][0]["plan"]["milestones"][0]["title"] = dirty("Milestone ")
    return data


def test_an_import_is_cleaned(fresh_store: Store, ml_ladder: Framework, profiles: dict[str, Profile]) -> None:
    data = dirty_export(fresh_store, ml_ladder, profiles)
    assert len(unwanted_in(data)) == 11
    imported = fresh_store.import_person(data)
    again = fresh_store.export_person(imported)
    assert unwanted_in(again) == []
    assert again["person"]["name"] == f"Jordan {KEPT}end"
    assert again["documents"][0]["text"] == f"I led {KEPT}end"
    assert again["journal"][0]["impact"] == f"-30% {KEPT}end"
    assert again["plans"][0]["activities"][0]["title"] == f"Activity {KEPT}end"


def test_an_import_file_is_cleaned(
    run_cli: RunCli,
    make_url: MakeUrl,
    tmp_path: Path,
    ml_ladder: Framework,
    profiles: dict[str, Profile],
) -> None:
    url = make_url()
    with Store(url) as store:
        data = dirty_export(store, ml_ladder, profiles)
    export = tmp_path / "export.json"
    # Written as a file would be: surrogates as JSON escapes ("\ud800"), the rest as the characters themselves.
    export.write_text(json.dumps(data, ensure_ascii=False).replace("\ud800", "\\ud800"), encoding="utf-8")
    result = run_cli("import", str(export), "--db", url)
    assert result.code == 0, result.err
    with Store(url) as store:
        imported = store.list_people()[-1]
        assert imported.name == f"Jordan {KEPT}end"
        assert unwanted_in(store.export_person(imported.id)) == []
