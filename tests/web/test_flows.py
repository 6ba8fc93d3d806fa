"""The single-user journeys: wizard to results to plan, uploads, journal to packet, history."""

from __future__ import annotations

import datetime as dt
import io

import pypdf
from fastapi.testclient import TestClient

from mlladder import Framework
from mlladder.assess.profile import Goal
from mlladder.assess.questions import asked_competencies
from mlladder.framework.ladder import placed_competencies
from mlladder.store import Store
from tests.web.conftest import DOCUMENTS, Browser, location_id
from tests.web.html import parse

ANSWERS = {"data-engineering": 3, "system-design": 3}  # everything else: the third description


def run_wizard(
    browser: Browser, person: int, framework: Framework, skip: set[str] | None = None, goal: str = "L4"
) -> int:
    """Answer every page of the wizard like a person would; returns the saved assessment's id."""
    start = browser.post(
        f"/people/{person}/assess",
        {
            "name": "Sam",
            "current_title": "ML Engineer",
            "years_experience": "6",
            "weekly_hours": "4",
            "goal_level": goal,  # a level alone is the goal "a level on any track"
            "specialisation": ["nlp", "generative-ai"],
            "region": "gb",
        },
    )
    assert start.status_code == 303 and start.headers["location"].endswith("/assess/step/1")
    asked = asked_competencies(framework, Goal(kind="level", level=goal))
    for number, competency in enumerate(asked, start=1):
        page = browser.page(f"/people/{person}/assess/step/{number}")
        assert page.by_id("competency-name").attrs["data-competency"] == competency.id
        choices = page.all_testid("choice")
        assert [c.text for c in choices] == [competency.scale[step] for step in sorted(competency.scale)]
        if skip and competency.id in skip:
            answer = browser.post(f"/people/{person}/assess/step/{number}", {"action": "skip"})
        else:
            value = ANSWERS.get(competency.id, 2)
            answer = browser.post(f"/people/{person}/assess/step/{number}", {"action": "next", "choice": str(value)})
        assert answer.status_code == 303
    assert answer.headers["location"].endswith("/assess/summary")
    summary = browser.page(f"/people/{person}/assess/summary")
    rows = summary.by_testid("wizard-summary").find_all("tr", data_competency=framework.competencies[0].id)
    assert rows and rows[0].attrs["data-value"] in {"2", ""}
    saved = browser.post(f"/people/{person}/assess/save")
    assert saved.status_code == 303
    return location_id(saved, "assessments")


def test_wizard_to_results_to_plan(browser: Browser, me: int, store: Store, ml_ladder: Framework) -> None:
    assessment_id = run_wizard(browser, me, ml_ladder, skip={"mlops"})
    record = store.get_assessment(assessment_id)
    assert record.person_id == me and record.target == "L4"
    assert record.profile.ratings["self"]["data-engineering"] == 3 and "mlops" not in record.profile.ratings["self"]
    assert record.profile.years_experience == 6 and record.profile.weekly_hours == 4
    assert record.profile.goal == Goal(kind="level", level="L4") and record.profile.target_level is None
    assert record.profile.specialisation == ["nlp", "generative-ai"] and record.profile.region == "GB"

    results = browser.page(f"/assessments/{assessment_id}")
    assert results.by_testid("placement").attrs["data-level"] == record.level
    assert record.assessment.summary in results.by_testid("summary").text
    bars = results.by_testid("probabilities").find("svg")
    assert len(bars.find_all("g", **{"class": "bar-row"})) == len(record.assessment.probabilities)
    radar = results.by_testid("radar").find("svg")
    assert {p.attrs["data-series"] for p in radar.find_all("polygon")} >= {"Combined rating", "Expected at L4 (target)"}
    rows = results.by_testid("competency-table").find_all("tr", data_competency="mlops")
    assert rows[0].attrs["data-status"] == "unrated"

    gaps = browser.page(f"/assessments/{assessment_id}/gaps")
    assert gaps.by_id("gaps-title").text.endswith(f"to L4 {ml_ladder.levels[3].title}")
    assert gaps.all_testid("gap")
    made = browser.post(
        f"/assessments/{assessment_id}/plans", {"target": "L4", "weekly_hours": "4", "start": "2025-03-03"}
    )
    assert made.status_code == 303
    plan_id = location_id(made, "plans")
    plan = browser.page(f"/plans/{plan_id}")
    activities = plan.all_testid("activity")
    assert activities and all(a.attrs["data-status"] == "todo" for a in activities)
    assert plan.by_testid("timeline").find("svg").find_all("g", **{"class": "activity"})
    assert plan.by_testid("plan-progress").attrs["data-done"] == "0"
    assert store.get_plan(plan_id).plan.start == dt.date(2025, 3, 3)


def test_a_management_goal_adds_the_management_pages_and_the_gaps_name_them(
    browser: Browser, me: int, store: Store, ml_ladder: Framework
) -> None:
    assessment_id = run_wizard(browser, me, ml_ladder, goal="M1")
    record = store.get_assessment(assessment_id)
    assert record.profile.ratings["self"]["people-management"] == 2 and record.target == "M1"
    assert [c.id for c in record.assessment.competencies] == [c.id for c in placed_competencies(ml_ladder)]
    gaps = browser.page(f"/assessments/{assessment_id}/gaps")
    shown = {item.attrs.get("data-competency") for item in gaps.all_testid("gap")}
    assert "people-management" in shown


def test_ticking_off_activities_persists(browser: Browser, me: int, store: Store, ml_ladder: Framework) -> None:
    assessment_id = run_wizard(browser, me, ml_ladder)
    plan_id = location_id(browser.post(f"/assessments/{assessment_id}/plans", {"start": "2025-03-03"}), "plans")
    first, second = (a.key for a in store.get_plan(plan_id).activities[:2])

    assert browser.post(f"/plans/{plan_id}/activities/{first}", {"status": "done"}).status_code == 303
    assert browser.post(f"/plans/{plan_id}/activities/{second}", {"status": "doing"}).status_code == 303
    states = {a.key: a for a in store.get_plan(plan_id).activities}
    assert states[first].status == "done" and states[first].done_on == dt.date.today()
    assert states[second].status == "doing" and states[second].done_on is None

    page = browser.page(f"/plans/{plan_id}")
    assert page.by_id(f"activity-{first}").attrs["data-status"] == "done"
    assert page.by_id(f"activity-{second}").attrs["data-status"] == "doing"
    assert page.by_testid("plan-progress").attrs["data-done"] == "1"
    pressed = page.by_id(f"activity-{first}").find("button", data_testid="status-done")
    assert pressed.attrs["aria-pressed"] == "true"

    browser.post(f"/plans/{plan_id}/activities/{first}", {"status": "todo"})
    assert store.get_plan(plan_id).activities[0].done_on is None
    assert browser.post(f"/plans/{plan_id}/activities/{first}", {"status": "finished"}).status_code == 422
    assert browser.post(f"/plans/{plan_id}/activities/no-such", {"status": "done"}).status_code == 404


def test_the_wizard_asks_again_without_a_choice_and_goes_back(browser: Browser, me: int) -> None:
    browser.post(f"/people/{me}/assess", {"years_experience": "3"})
    again = browser.post(f"/people/{me}/assess/step/1", {"action": "next"})
    assert again.status_code == 400
    assert "Pick the description" in parse(again.text).by_id("choices-error").text
    browser.post(f"/people/{me}/assess/step/1", {"action": "next", "choice": "1"})
    back = browser.post(f"/people/{me}/assess/step/2", {"action": "back"})
    assert back.headers["location"].endswith("/assess/step/1")
    page = browser.page(f"/people/{me}/assess/step/1")
    assert page.by_id("choice-1").attrs.get("checked") is not None
    first_back = browser.post(f"/people/{me}/assess/step/1", {"action": "back"})
    assert first_back.headers["location"].endswith(f"/people/{me}/assess")


def test_the_wizard_refuses_impossible_background_answers(browser: Browser, me: int) -> None:
    for years in ("", "seventy", "75", "nan"):
        response = browser.post(f"/people/{me}/assess", {"years_experience": years})
        assert response.status_code == 400, years
        assert parse(response.text).by_id("years-error").text.startswith("Years of experience: enter a number")
    hours = browser.post(f"/people/{me}/assess", {"years_experience": "4,5", "weekly_hours": "200"})
    assert hours.status_code == 400
    assert browser.post(f"/people/{me}/assess", {"years_experience": "4,5"}).status_code == 303
    assert browser.page(f"/people/{me}/assess").by_id("years").attrs["value"] == "4.5"


def test_uploading_a_resume_assesses_with_its_evidence(browser: Browser, me: int, store: Store) -> None:
    with (DOCUMENTS / "resume-senior.pdf").open("rb") as stream:
        response = browser.post(
            f"/people/{me}/documents",
            {"kind": "resume", "assess": "true"},
            files={"file": ("resume-senior.pdf", stream, "application/pdf")},
        )
    assert response.status_code == 303
    assessment_id = location_id(response, "assessments")
    [document] = store.list_documents(me)
    assert (document.filename, document.kind, document.format, document.has_original) == (
        "resume-senior.pdf",
        "resume",
        "pdf",
        True,
    )
    record = store.get_assessment(assessment_id)
    assert "evidence" in record.profile.ratings
    results = browser.page(f"/assessments/{assessment_id}")
    citations = results.all_testid("citation")
    assert citations and all("resume-senior.pdf" in item.text for item in citations)

    page = browser.page(f"/documents/{document.id}")
    assert page.by_testid("document-name").text == "resume-senior.pdf"
    assert page.by_testid("evidence").find_all(data_testid="citation")
    assert not page.find_all(data_testid="posting")
    original = browser.get(f"/documents/{document.id}/original")
    assert original.content == (DOCUMENTS / "resume-senior.pdf").read_bytes()
    assert original.headers["content-disposition"].startswith("attachment")


def test_a_posting_shows_the_level_it_asks_for(browser: Browser, me: int, store: Store) -> None:
    data = (DOCUMENTS / "posting-staff.md").read_bytes()
    response = browser.post(
        f"/people/{me}/documents", {"assess": "true"}, files={"file": ("posting-staff.md", data, "text/markdown")}
    )
    document_id = location_id(response, "documents")  # postings are shown, not assessed
    assert store.get_document(document_id).kind == "posting"
    assert store.list_assessments(me) == []
    posting = browser.page(f"/documents/{document_id}").by_testid("posting")
    assert posting.attrs["data-level"] == "L4"
    assert "L4" in posting.find("strong").text
    assert store.document_evidence(me) == []  # a posting is not evidence about the person


def test_an_unreadable_upload_is_refused_with_its_name(browser: Browser, me: int, store: Store) -> None:
    response = browser.post(f"/people/{me}/documents", files={"file": ("photo.pdf", b"\x89PNG\r\n fake", "image/png")})
    assert response.status_code == 400  # the upload form again, the problem beside the file input
    message = parse(response.text).by_testid("field-error").text
    assert message.startswith("The file: photo.pdf: file is a PNG image") and "upload" not in message.split(":")[1]
    assert store.list_documents(me) == []


def test_deleting_a_document(browser: Browser, me: int, store: Store) -> None:
    data = (DOCUMENTS / "brag-mid.md").read_bytes()
    document_id = location_id(
        browser.post(f"/people/{me}/documents", files={"file": ("brag-mid.md", data)}), "documents"
    )
    assert browser.post(f"/documents/{document_id}/delete").status_code == 303
    assert store.list_documents(me) == []


def test_a_journal_entry_is_tagged_counts_as_evidence_and_appears_in_the_packet(
    browser: Browser, me: int, store: Store, ml_ladder: Framework
) -> None:
    text = "Led the migration of our feature pipeline across three teams"
    added = browser.post(
        f"/people/{me}/journal", {"entry_date": "2025-02-05", "text": text, "impact": "Saved $200k a year"}
    )
    assert added.status_code == 303
    [entry] = store.list_journal(me)
    assert entry.entry_date == dt.date(2025, 2, 5) and "leadership" in entry.competencies

    journal = browser.page(f"/people/{me}/journal")
    shown = journal.by_id(f"entry-{entry.id}")
    assert shown.find(data_testid="entry-text").text == text
    tags = [t.attrs.get("data-competency") for t in shown.find(data_testid="entry-tags").find_all("span")]
    assert "leadership" in tags

    packet = browser.page(f"/people/{me}/packet?target=L3")
    leadership = packet.by_id("competency-leadership")
    assert leadership.attrs["data-status"] == "evidenced"
    assert any(text in item.text for item in leadership.find_all(data_testid="packet-evidence"))

    for fmt, marker in (("md", text.encode()), ("html", text.encode()), ("pdf", b"%PDF-")):
        download = browser.get(f"/people/{me}/packet/download/{fmt}?target=L3")
        assert download.status_code == 200 and marker in download.content, fmt
        assert download.headers["content-disposition"].startswith('attachment; filename="packet-L3-')
    pdf = pypdf.PdfReader(io.BytesIO(browser.get(f"/people/{me}/packet/download/pdf?target=L3").content))
    assert "feature pipeline" in " ".join(page.extract_text() for page in pdf.pages)

    reassessed = browser.post(f"/people/{me}/assessments")
    record = store.get_assessment(location_id(reassessed, "assessments"))
    assert any(text in item.text for item in record.profile.evidence)  # the entry is cited evidence


def test_editing_journal_tags(browser: Browser, me: int, store: Store) -> None:
    browser.post(f"/people/{me}/journal", {"text": "Wrote the design doc for our retrieval service"})
    [entry] = store.list_journal(me)
    edited = browser.post(
        f"/journal/{entry.id}/tags", {"competencies": ["mlops", "system-design"], "skills": "pytorch"}
    )
    assert edited.status_code == 303
    changed = store.get_journal_entry(entry.id)
    assert changed.competencies == ["mlops", "system-design"] and changed.skills == ["pytorch"] and changed.tags_edited
    page = browser.page(f"/people/{me}/journal")
    assert "tags edited" in page.by_id(f"entry-{entry.id}").text
    assert browser.post(f"/journal/{entry.id}/tags", {"competencies": ["juggling"]}).status_code == 400
    assert browser.post(f"/journal/{entry.id}/delete").status_code == 303
    assert store.list_journal(me) == []


def test_history_shows_deltas_and_a_trend_chart(browser: Browser, me: int, store: Store, ml_ladder: Framework) -> None:
    first = run_wizard(browser, me, ml_ladder)
    ANSWERS["leadership"] = 4
    try:
        second = run_wizard(browser, me, ml_ladder)
    finally:
        del ANSWERS["leadership"]
    page = browser.page(f"/people/{me}/history")
    rows = page.by_testid("assessments").find_all(data_testid="assessment-row")
    assert [row.attrs["data-assessment"] for row in rows] == [str(second), str(first)]
    step = page.by_testid("step")
    assert (step.attrs["data-from"], step.attrs["data-to"]) == (str(first), str(second))
    leadership = step.find("tr", data_competency="leadership")
    assert leadership.find_all("td")[3].text == "+2.00"
    chart = page.by_testid("trend").find("svg")
    series = chart.find_all("g", **{"class": "trend-series"})
    assert [s.attrs["data-level"] for s in series] == list(store.history(me).levels)
    assert all(len(s.find_all("circle")) == 2 for s in series)


def test_the_wizard_starts_from_the_latest_answers(browser: Browser, me: int, ml_ladder: Framework) -> None:
    run_wizard(browser, me, ml_ladder)
    start = browser.page(f"/people/{me}/assess")
    assert start.by_id("years").attrs["value"] == "6"
    assert start.by_id("goal-level").find("option", value="L4").attrs.get("selected") is not None
    assert start.by_id("goal-kind").find("option", value="level").attrs.get("selected") is not None
    assert start.by_id("specialisation-nlp").attrs.get("checked") is not None
    assert start.by_id("specialisation-finance").attrs.get("checked") is None
    assert start.by_id("region").attrs["value"] == "GB"
    browser.post(f"/people/{me}/assess", {"years_experience": "6"})
    step = browser.page(f"/people/{me}/assess/step/1")
    assert step.by_id("choice-2").attrs.get("checked") is not None


def test_pages_before_any_data(client: TestClient, browser: Browser, me: int) -> None:
    assert browser.page(f"/people/{me}/results").by_testid("no-assessment")
    assert browser.page(f"/people/{me}/plan").by_testid("no-assessment")
    assert browser.page(f"/people/{me}/history").by_testid("no-history")
    packet = browser.page(f"/people/{me}/packet")
    assert all(c.attrs["data-status"] == "missing" for c in packet.all_testid("packet-competency"))
    assert client.get(f"/people/{me}/assess/step/1", follow_redirects=False).status_code == 303  # no wizard yet
