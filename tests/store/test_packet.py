"""The promotion packet: expectations, the evidence that meets them, honest gaps; Markdown, HTML and PDF."""

from __future__ import annotations

import datetime as dt
import io
import re
from html.parser import HTMLParser

import pypdf
import pytest

from mlladder import (
    Framework,
    Profile,
    Store,
    UnknownLevel,
    assess,
    load_framework,
    packet,
    packet_html,
    packet_markdown,
    packet_pdf,
)
from mlladder.evidence.pipeline import evidence_from_file
from mlladder.framework.ladder import placed_competencies
from mlladder.promotion.formats import pdf_safe
from mlladder.promotion.packet import Packet, PacketCompetency
from tests.conftest import EXAMPLE_FRAMEWORK
from tests.store.conftest import DOCUMENTS

TODAY = dt.date(2025, 3, 1)
MENTORING = "Mentored two engineers and cut p95 latency by 30%"
LED = "Led the migration of our feature pipeline across three teams <script>alert(1)</script>"
NAME = "Ada <img src=x onerror=alert(1)>"


@pytest.fixture
def person(fresh_store: Store, ml_ladder: Framework) -> int:
    """Two journal entries: mentoring (leadership at step 2) and leading across teams (leadership at step 3)."""
    me = fresh_store.create_person(NAME)
    fresh_store.add_journal_entry(me.id, dt.date(2025, 1, 5), MENTORING, None, ml_ladder)
    fresh_store.add_journal_entry(me.id, dt.date(2025, 2, 5), LED, "Saved $200k a year", ml_ladder)
    return me.id


def competency(result: Packet, competency_id: str) -> PacketCompetency:
    return next(c for c in result.competencies if c.id == competency_id)


def test_the_packet_states_expectations_evidence_and_gaps(
    fresh_store: Store, ml_ladder: Framework, person: int
) -> None:
    result = packet(fresh_store, person, ml_ladder, "l3", today=TODAY)
    assert (result.target, result.target_title, result.prepared_on) == ("L3", "Senior ML Engineer", TODAY)
    assert [c.id for c in result.competencies] == [c.id for c in placed_competencies(ml_ladder)]
    expectations = {c.id: c.expectations["L3"] for c in placed_competencies(ml_ladder)}
    for item in result.competencies:
        assert item.expected == expectations[item.id].proficiency
        assert item.markers == expectations[item.id].markers
        assert (item.gap is None) == (item.status == "evidenced")

    leadership = competency(result, "leadership")
    assert leadership.status == "evidenced" and leadership.expected_name == "Advanced"
    assert [(e.text, e.step, e.impact) for e in leadership.evidence] == [(LED, 3, "Saved $200k a year")]
    assert [(e.text, e.step) for e in leadership.weaker] == [(MENTORING, 2)]  # kept apart: below the step

    performance = competency(result, "performance")  # tagged from its vocabulary ("latency"), no step shown
    assert performance.status == "step_unknown"
    assert [(e.text, e.step) for e in performance.evidence] == [(MENTORING, None)]
    assert performance.gap is not None and "none shows at which step" in performance.gap

    fundamentals = competency(result, "ml-fundamentals")
    assert (fundamentals.status, fundamentals.evidence, fundamentals.weaker) == ("missing", [], [])
    assert fundamentals.gap is not None and "Nothing in the journal or the documents" in fundamentals.gap
    assert expectations["ml-fundamentals"].markers[0] in fundamentals.gap

    below = [c for c in result.competencies if c.status == "below"]
    for item in below:
        assert item.gap is not None and f"step {max(e.step or 0 for e in item.weaker)}" in item.gap
    evidenced = sum(1 for c in result.competencies if c.status == "evidenced")
    assert result.summary.startswith(f"Evidence meets {evidenced} of the 11 expectations of L3.")
    assert result.assessed_level is None and result.probability_at_target is None


def test_an_edited_tag_moves_an_entry_between_competencies(
    fresh_store: Store, ml_ladder: Framework, person: int
) -> None:
    mentoring = fresh_store.list_journal(person)[-1]
    fresh_store.update_journal_tags(mentoring.id, ["ml-fundamentals"], [])
    result = packet(fresh_store, person, ml_ladder, "L3", today=TODAY)
    assert competency(result, "leadership").weaker == []
    assert competency(result, "performance").status == "missing"
    assert [e.text for e in competency(result, "ml-fundamentals").evidence] == [MENTORING]


def test_the_latest_assessment_is_reported_and_a_disagreement_noted(
    fresh_store: Store, ml_ladder: Framework, person: int, profiles: dict[str, Profile]
) -> None:
    record = fresh_store.save_assessment(person, profiles["junior"], assess(profiles["junior"], ml_ladder))
    result = packet(fresh_store, person, ml_ladder, "L3", today=TODAY)
    assert result.assessed_level == record.level and result.assessed_on == record.created_at.date()
    assert result.probability_at_target == record.assessment.at_or_above["L3"]
    leadership = competency(result, "leadership")
    estimate = next(c.estimate for c in record.assessment.competencies if c.id == "leadership")
    assert leadership.current == estimate
    assert estimate is not None and estimate < 2.5
    assert leadership.gap is not None and "latest assessment rates it" in leadership.gap

    other = load_framework(EXAMPLE_FRAMEWORK)  # an assessment on another framework says nothing here
    profile = Profile(framework=other.id, ratings={"self": {c.id: 2 for c in other.competencies}})
    fresh_store.save_assessment(person, profile, assess(profile, other))
    assert packet(fresh_store, person, ml_ladder, "L3").assessed_level is None


def test_document_sentences_are_evidence_and_postings_are_not(
    fresh_store: Store, ml_ladder: Framework, person: int
) -> None:
    for name, kind in (("resume-senior.md", "resume"), ("posting-staff.md", "posting")):
        document, evidence = evidence_from_file(DOCUMENTS / name, ml_ladder, kind=kind)  # type: ignore[arg-type]
        fresh_store.save_document(person, name, kind, document, evidence)  # type: ignore[arg-type]
    result = packet(fresh_store, person, ml_ladder, "L3", today=TODAY)
    from_documents = [e for c in result.competencies for e in c.evidence + c.weaker if e.source == "document"]
    assert from_documents and {e.title for e in from_documents} == {"resume-senior.md"}
    resume_text = (DOCUMENTS / "resume-senior.md").read_text(encoding="utf-8")
    for item in from_documents:
        assert item.location is not None and item.location.startswith("paragraph")
        assert item.step is not None
        assert item.text.split()[0] in resume_text
    assert any(c.status == "evidenced" for c in result.competencies if c.id not in {"leadership", "research"})


def test_an_unknown_target_is_an_error(fresh_store: Store, ml_ladder: Framework, person: int) -> None:
    with pytest.raises(UnknownLevel):
        packet(fresh_store, person, ml_ladder, "L9")


def test_markdown_has_every_competency_and_escapes_user_text(
    fresh_store: Store, ml_ladder: Framework, person: int
) -> None:
    result = packet(fresh_store, person, ml_ladder, "L3", today=TODAY)
    text = packet_markdown(result)
    assert text.startswith("# Promotion packet: Ada \\<img src=x onerror=alert(1)> for L3 (Senior ML Engineer)\n")
    for item in result.competencies:
        assert f"\n## {item.name}: " in text
    assert re.search(r"(?<!\\)<(script|img)", text) is None  # every tag is escaped
    assert "\\<script>alert(1)\\</script>" in text
    assert "prepared 2025-03-01" in text and "No assessment on this framework yet." in text
    assert "2025-02-05 (journal entry; step 3): Led the migration" in text
    assert "**Gap:** Nothing in the journal or the documents shows this yet." in text


class Page(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.sections: list[dict[str, str | None]] = []
        self.text: list[str] = []
        self.links: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        values = dict(attrs)
        if tag == "section":
            self.sections.append(values)
        self.links += [value or "" for key, value in attrs if key in {"src", "href"}]

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def test_html_is_self_contained_and_user_text_stays_text(fresh_store: Store, ml_ladder: Framework, person: int) -> None:
    result = packet(fresh_store, person, ml_ladder, "L3", today=TODAY)
    page = Page()
    page.feed(packet_html(result))
    assert "script" not in page.tags and "img" not in page.tags
    assert page.links == []  # nothing to fetch
    assert [(s["id"], s["data-status"]) for s in page.sections] == [
        (f"competency-{c.id}", c.status) for c in result.competencies
    ]
    text = "".join(page.text)
    assert LED in text and NAME in text  # shown as the person wrote it
    assert result.summary in text


def test_pdf_is_a_pdf_with_the_packet_in_it(fresh_store: Store, ml_ladder: Framework, person: int) -> None:
    fresh_store.add_journal_entry(
        person, dt.date(2025, 2, 20), "Grüße → shipped the 中文 model “on time” 🚀", "≥ 2× faster", ml_ladder
    )
    data = packet_pdf(packet(fresh_store, person, ml_ladder, "L3", today=TODAY))
    assert data.startswith(b"%PDF")
    reader = pypdf.PdfReader(io.BytesIO(data))
    text = " ".join(" ".join(page.extract_text().split()) for page in reader.pages)
    assert "Promotion packet: Ada <img src=x onerror=alert(1)> for L3" in text
    assert "Led the migration of our feature pipeline" in text
    assert "Gap: Nothing in the journal or the documents shows this yet." in text
    assert "Grüße -> shipped the ?? model “on time” ?" in text
    assert len(reader.pages) >= 2


def test_pdf_safe_text() -> None:
    assert pdf_safe("Café — “ok” €5") == "Café — “ok” €5"  # all in the core fonts' encoding
    assert pdf_safe("≤ 3 → ≥ 4") == "<= 3 -> >= 4"
    assert pdf_safe("Zoë ő ł") == "Zoë o ?"  # ő has an accent-free form; ł has none
    assert pdf_safe("a\x07b 中") == "a?b ?"
