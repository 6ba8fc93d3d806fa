"""Packet items from a resume or brag document are dated by when the work happened, not by the upload."""

from __future__ import annotations

import datetime as dt

import pytest

from mlladder import Framework, Store, packet, packet_markdown
from mlladder.evidence.pipeline import evidence_from_text
from mlladder.promotion.packet import Packet, PacketEvidence
from tests.store.conftest import DOCUMENTS

# An invented resume: two roles with different dates, and a talk under a heading of its own with no range.
RESUME = """Nadia Verhoeven
Machine learning engineer

EXPERIENCE
Senior ML Engineer, Larchmont Freight · 2021–2023
- Led a team of 4 engineers that rebuilt the delivery-time model on Kubernetes.
- Designed the feature pipeline on Apache Kafka shared by three teams.
ML Engineer, Pebblebrook Bank · Mar 2017 - Feb 2021
- Mentored 3 engineers and owned the fraud model's on-call rotation.
- Built the credit scoring service in Python with scikit-learn.

TALKS
Presented our approach to model monitoring at an industry conference.
"""
BRAG = """Brag document
Q2 2025
- 2025-04-14 Led the migration of our training jobs to Kubernetes across two teams.
- 2025-05-30 Mentored 2 new engineers until each shipped a model change.
"""


@pytest.fixture
def person(fresh_store: Store) -> int:
    return fresh_store.create_person("Nadia Verhoeven").id


def save(store: Store, framework: Framework, person: int, name: str, text: str, kind: str) -> dt.date:
    document, evidence = evidence_from_text(name, text, framework, kind)  # type: ignore[arg-type]
    return store.save_document(person, name, kind, document, evidence).created_at.date()  # type: ignore[arg-type]


def items(result: Packet) -> list[PacketEvidence]:
    return [item for c in result.competencies for item in [*c.evidence, *c.weaker] if item.source == "document"]


def item_for(result: Packet, words: str) -> PacketEvidence:
    return next(item for item in items(result) if words in item.text)


def test_resume_lines_carry_their_roles_dates(fresh_store: Store, ml_ladder: Framework, person: int) -> None:
    uploaded = save(fresh_store, ml_ladder, person, "nadia.txt", RESUME, "resume")
    result = packet(fresh_store, person, ml_ladder, "L3")

    led = item_for(result, "Led a team of 4")
    assert (led.dated_by, led.period, led.date) == ("document", "2021–2023", dt.date(2023, 12, 31))
    assert led.when == "from the resume's 2021–2023 role"
    mentored = item_for(result, "Mentored 3 engineers")
    assert (mentored.dated_by, mentored.period, mentored.date) == (
        "document",
        "Mar 2017 - Feb 2021",
        dt.date(2021, 2, 28),
    )
    assert mentored.when == "from the resume's Mar 2017 - Feb 2021 role"
    # The talk sits under a heading of its own: the role above does not reach it, so the upload day is all there is.
    talk = item_for(result, "industry conference")
    assert (talk.dated_by, talk.period, talk.date) == ("upload", None, uploaded)
    assert talk.when == f"uploaded {uploaded.isoformat()}, no date in the document"
    assert all(item.date != uploaded for item in items(result) if item.dated_by == "document")

    markdown = packet_markdown(result)
    assert "From the resume's 2021–2023 role (nadia.txt" in markdown
    assert f"Uploaded {uploaded.isoformat()}, no date in the document (nadia.txt" in markdown


def test_brag_entries_carry_their_own_day(fresh_store: Store, ml_ladder: Framework, person: int) -> None:
    save(fresh_store, ml_ladder, person, "brag.md", BRAG, "brag")
    result = packet(fresh_store, person, ml_ladder, "L3")
    migration = item_for(result, "migration of our training jobs")
    assert (migration.dated_by, migration.date, migration.period) == ("document", dt.date(2025, 4, 14), "2025-04-14")
    assert migration.when == "from the brag document's entry of 2025-04-14"
    assert item_for(result, "Mentored 2 new engineers").date == dt.date(2025, 5, 30)


def test_the_example_brag_document_dates_every_entry(fresh_store: Store, ml_ladder: Framework, person: int) -> None:
    text = (DOCUMENTS / "brag-mid.md").read_text(encoding="utf-8")
    uploaded = save(fresh_store, ml_ladder, person, "brag-mid.md", text, "brag")
    found = items(packet(fresh_store, person, ml_ladder, "L3"))
    entries = [item for item in found if item.text[:4] == "2024"]
    assert len(entries) >= 6
    for item in entries:  # each entry by the day it starts with
        assert (item.dated_by, item.date.isoformat()) == ("document", item.text[:10]), item.text
    # The feedback after the last entry sits under a heading of its own: no entry's day reaches it.
    feedback = [item for item in found if "Feedback received" in item.text]
    assert all((item.dated_by, item.date) == ("upload", uploaded) for item in feedback)
