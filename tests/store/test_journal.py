"""The achievement journal: automatic tags, edited tags, and entries as evidence for the next assessment."""

from __future__ import annotations

import datetime as dt

import pytest

from mlladder import Framework, Profile, assess
from mlladder.assess.documents import profile_from_evidence
from mlladder.errors import InputError, UnknownCompetency
from mlladder.evidence.journal import TAGGED_SIGNAL
from mlladder.evidence.pipeline import by_competency
from mlladder.store import RecordNotFound, Store

MENTORING = "Mentored two engineers and cut p95 latency by 30%"


def test_an_entry_is_tagged_with_leadership_and_performance(fresh_store: Store, ml_ladder: Framework) -> None:
    me = fresh_store.default_person()
    entry = fresh_store.add_journal_entry(me.id, dt.date(2025, 3, 14), MENTORING, None, ml_ladder)
    assert set(entry.competencies) == {"leadership", "performance"}
    assert entry.competencies == ["performance", "leadership"]  # in the framework's order
    assert not entry.tags_edited and entry.created_at == entry.updated_at
    assert (entry.entry_date, entry.text, entry.impact) == (dt.date(2025, 3, 14), MENTORING, None)


def test_skills_are_tagged_from_the_taxonomy(fresh_store: Store, ml_ladder: Framework) -> None:
    me = fresh_store.default_person()
    entry = fresh_store.add_journal_entry(
        me.id,
        dt.date(2025, 4, 1),
        "Moved the training jobs to Kubernetes and set up drift monitoring in Prometheus",
        "  ",
        ml_ladder,
    )
    assert {"kubernetes", "prometheus"} <= set(entry.skills)
    assert "mlops" in entry.competencies
    assert entry.impact is None  # blank impact is no impact


def test_the_impact_text_is_read_too(fresh_store: Store, ml_ladder: Framework) -> None:
    me = fresh_store.default_person()
    entry = fresh_store.add_journal_entry(
        me.id, dt.date(2025, 4, 2), "Shipped the new ranking model", "Mentored three engineers along the way", ml_ladder
    )
    assert "leadership" in entry.competencies


def test_list_get_and_delete(fresh_store: Store, ml_ladder: Framework) -> None:
    me, other = fresh_store.default_person(), fresh_store.create_person("Other")
    early = fresh_store.add_journal_entry(me.id, dt.date(2025, 1, 10), "Wrote the design doc", None, ml_ladder)
    late = fresh_store.add_journal_entry(me.id, dt.date(2025, 2, 10), MENTORING, "p95 120 ms -> 84 ms", ml_ladder)
    fresh_store.add_journal_entry(other.id, dt.date(2025, 3, 10), "Someone else's win", None, ml_ladder)
    assert fresh_store.list_journal(me.id) == [late, early]  # newest first
    assert fresh_store.get_journal_entry(late.id) == late
    fresh_store.delete_journal_entry(early.id)
    assert fresh_store.list_journal(me.id) == [late]
    with pytest.raises(RecordNotFound, match="no journal entry with id"):
        fresh_store.get_journal_entry(early.id)
    with pytest.raises(RecordNotFound):
        fresh_store.delete_journal_entry(early.id)


def test_entries_need_text_and_a_person(fresh_store: Store, ml_ladder: Framework) -> None:
    with pytest.raises(InputError, match="needs some text"):
        fresh_store.add_journal_entry(fresh_store.default_person().id, dt.date(2025, 1, 1), "  \n ", None, ml_ladder)
    with pytest.raises(RecordNotFound):
        fresh_store.add_journal_entry(12345, dt.date(2025, 1, 1), MENTORING, None, ml_ladder)


def test_editing_tags_marks_the_entry(fresh_store: Store, ml_ladder: Framework) -> None:
    me = fresh_store.default_person()
    entry = fresh_store.add_journal_entry(me.id, dt.date(2025, 3, 14), MENTORING, None, ml_ladder)
    edited = fresh_store.update_journal_tags(
        entry.id, ["performance", "research", "performance"], ["profiling"], ml_ladder
    )
    assert (edited.competencies, edited.skills, edited.tags_edited) == (
        ["performance", "research"],
        ["profiling"],
        True,
    )
    assert edited.updated_at > entry.updated_at and edited.created_at == entry.created_at
    assert fresh_store.get_journal_entry(entry.id) == edited
    with pytest.raises(UnknownCompetency, match="unknown competency 'charisma'"):
        fresh_store.update_journal_tags(entry.id, ["charisma"], [], ml_ladder)
    with pytest.raises(InputError, match="unknown skill 'juggling'"):
        fresh_store.update_journal_tags(entry.id, [], ["juggling"], ml_ladder)
    with pytest.raises(RecordNotFound):
        fresh_store.update_journal_tags(999, [], [])
    assert fresh_store.get_journal_entry(entry.id) == edited  # the failed edits changed nothing


def test_entries_count_as_evidence_for_the_next_assessment(fresh_store: Store, ml_ladder: Framework) -> None:
    me = fresh_store.default_person()
    fresh_store.add_journal_entry(
        me.id, dt.date(2025, 1, 5), "Led the migration of our feature pipeline across three teams", None, ml_ladder
    )
    fresh_store.add_journal_entry(me.id, dt.date(2025, 2, 5), MENTORING, None, ml_ladder)
    evidence = fresh_store.journal_evidence(me.id, ml_ladder)
    assert [item.source for item in evidence] == ["journal 2025-01-05", "journal 2025-02-05"]  # oldest first
    profile = profile_from_evidence(evidence, ml_ladder, Profile(framework=ml_ladder.id))
    assert "leadership" in profile.ratings["evidence"]
    assert any("Led the migration" in item.text and "journal 2025-01-05" in item.text for item in profile.evidence)
    result = assess(profile, ml_ladder)
    leadership = next(c for c in result.competencies if c.id == "leadership")
    assert leadership.ratings["evidence"] == profile.ratings["evidence"]["leadership"]


def test_edited_tags_are_honoured(fresh_store: Store, ml_ladder: Framework) -> None:
    me = fresh_store.default_person()
    entry = fresh_store.add_journal_entry(me.id, dt.date(2025, 2, 5), MENTORING, None, ml_ladder)
    before = by_competency(fresh_store.journal_evidence(me.id, ml_ladder)[0], ml_ladder)
    assert "leadership" in before
    fresh_store.update_journal_tags(entry.id, ["research"], ["mlflow"], ml_ladder)
    [evidence] = fresh_store.journal_evidence(me.id, ml_ladder)
    grouped = by_competency(evidence, ml_ladder)
    assert "leadership" not in grouped  # removed by the person: the mentoring signal no longer counts
    research = grouped["research"]
    assert [item["what"] for item in research if item["type"] == "signal"] == [TAGGED_SIGNAL]
    assert research[0]["citation"]["sentence"] == MENTORING
    assert [mention.skill for mention in evidence.skills] == ["mlflow"]  # a skill the person added
    ratings = profile_from_evidence([evidence], ml_ladder).ratings.get("evidence", {})
    assert "leadership" not in ratings and "research" not in ratings  # a tag alone proposes no level


def test_an_entry_dated_in_the_future_is_refused(fresh_store: Store, ml_ladder: Framework) -> None:
    me = fresh_store.default_person()
    tomorrow = dt.date.today() + dt.timedelta(days=1)
    assert fresh_store.add_journal_entry(me.id, tomorrow, MENTORING, None, ml_ladder).entry_date == tomorrow  # zones
    with pytest.raises(InputError, match="date: 9999-01-01 is in the future"):
        fresh_store.add_journal_entry(me.id, dt.date(9999, 1, 1), MENTORING, None, ml_ladder)
    assert len(fresh_store.list_journal(me.id)) == 1
