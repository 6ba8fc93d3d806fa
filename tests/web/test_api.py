"""The JSON API: every response validates against its model, /openapi.json describes it, writes need the token."""

from __future__ import annotations

import datetime as dt
from typing import Any

from fastapi import FastAPI
from fastapi.testclient import TestClient
from pydantic import TypeAdapter

from mlladder import (
    ActivityState,
    AssessmentRecord,
    Framework,
    History,
    JournalEntry,
    Level,
    Packet,
    Person,
    PlanRecord,
    Profile,
    Skill,
    Store,
)
from mlladder.assess.gaps import GapReport
from mlladder.web.api.models import (
    AssessmentSummary,
    ComparisonOut,
    DocumentOut,
    DocumentSummary,
    LadderOut,
    SessionOut,
)
from tests.web.conftest import DOCUMENTS, Browser
from tests.web.ids import routes

PROFILE = {"framework": "ml-engineer", "years_experience": 7, "ratings": {"self": {"mlops": 3, "leadership": 3}}}


def valid(model: Any, response: Any, status: int = 200) -> Any:
    assert response.status_code == status, response.text
    return TypeAdapter(model).validate_python(response.json())


def test_the_api_round_trip(browser: Browser, me: int, store: Store, ml_ladder: Framework) -> None:
    session = valid(SessionOut, browser.get("/api/session"))
    assert session.person_id == me and session.user is None and not session.multi_user
    assert [p.id for p in valid(list[Person], browser.get("/api/people"))] == [me]
    assert valid(Person, browser.get(f"/api/people/{me}")).name == "Me"

    made = valid(AssessmentRecord, browser.api("POST", f"/api/people/{me}/assessments", json={"profile": PROFILE}), 201)
    assert made.person_id == me and made.profile.ratings["self"] == {"mlops": 3, "leadership": 3}
    assert valid(AssessmentRecord, browser.get(f"/api/assessments/{made.id}")) == made
    summaries = valid(list[AssessmentSummary], browser.get(f"/api/people/{me}/assessments"))
    assert [(s.id, s.level) for s in summaries] == [(made.id, made.level)]
    report = valid(GapReport, browser.get(f"/api/assessments/{made.id}/gaps?target=L4"))
    assert report.target == "L4" and report.gaps

    again = browser.api("POST", f"/api/people/{me}/assessments", json={})  # the latest profile, with evidence
    assert valid(AssessmentRecord, again, 201).profile.ratings == made.profile.ratings
    history = valid(History, browser.get(f"/api/people/{me}/history"))
    assert len(history.points) == 2 and len(history.steps) == 1

    plan = valid(
        PlanRecord,
        browser.api("POST", f"/api/assessments/{made.id}/plans", json={"target": "L4", "start": "2025-01-06"}),
        201,
    )
    assert plan.assessment_id == made.id and plan.start == dt.date(2025, 1, 6)
    key = plan.activities[0].key
    state = valid(ActivityState, browser.api("PUT", f"/api/plans/{plan.id}/activities/{key}", json={"status": "done"}))
    assert state.status == "done"
    assert valid(PlanRecord, browser.get(f"/api/plans/{plan.id}")).activities[0].status == "done"
    assert [p.id for p in valid(list[PlanRecord], browser.get(f"/api/people/{me}/plans"))] == [plan.id]

    entry = valid(
        JournalEntry,
        browser.api(
            "POST", f"/api/people/{me}/journal", json={"text": "Mentored two engineers", "entry_date": "2025-01-05"}
        ),
        201,
    )
    assert entry.entry_date == dt.date(2025, 1, 5) and "leadership" in entry.competencies
    tagged = valid(JournalEntry, browser.api("PUT", f"/api/journal/{entry.id}/tags", json={"competencies": ["mlops"]}))
    assert tagged.competencies == ["mlops"] and tagged.tags_edited
    assert valid(JournalEntry, browser.get(f"/api/journal/{entry.id}")) == tagged
    assert [e.id for e in valid(list[JournalEntry], browser.get(f"/api/people/{me}/journal"))] == [entry.id]

    packet = valid(Packet, browser.get(f"/api/people/{me}/packet?target=L4"))
    assert packet.target == "L4" and any(
        item.source_id == entry.id for c in packet.competencies for item in c.evidence + c.weaker
    )

    assert browser.api("DELETE", f"/api/journal/{entry.id}").status_code == 204
    assert browser.get(f"/api/journal/{entry.id}").status_code == 404


def test_documents_through_the_api(browser: Browser, me: int) -> None:
    with (DOCUMENTS / "posting-staff.md").open("rb") as stream:
        response = browser.api("POST", f"/api/people/{me}/documents", files={"file": ("posting-staff.md", stream)})
    document = valid(DocumentOut, response, 201)
    assert document.kind == "posting" and document.posting is not None and document.posting.level == "L4"
    probabilities = document.posting.probabilities.values()
    assert abs(sum(probabilities) - 1) <= 0.5e-6 * len(probabilities)  # each is rounded to six decimals
    assert valid(DocumentOut, browser.get(f"/api/documents/{document.id}")) == document
    poem = browser.api(
        "POST",
        f"/api/people/{me}/documents",
        files={"file": ("poem.txt", b"The sea is wide.\nThe gulls are loud.\n")},
        data={"kind": "posting"},
    )
    assert poem.status_code == 400 and "does not read like a job posting" in poem.json()["detail"]
    listed = valid(list[DocumentSummary], browser.get(f"/api/people/{me}/documents"))
    assert [d.id for d in listed] == [document.id]

    resume = (DOCUMENTS / "resume-senior.md").read_bytes()
    found = valid(
        DocumentOut, browser.api("POST", f"/api/people/{me}/documents", files={"file": ("cv.md", resume)}), 201
    )
    assert found.posting is None and found.evidence["skills"]
    assert browser.api("DELETE", f"/api/documents/{document.id}").status_code == 204
    assert browser.get(f"/api/documents/{document.id}").status_code == 404


def test_the_ladder_api(client: TestClient, ml_ladder: Framework) -> None:
    ladder = valid(LadderOut, client.get("/api/ladder"))
    assert [level.id for level in ladder.levels] == [level.id for level in ml_ladder.levels]
    assert valid(Level, client.get("/api/ladder/levels/L3")).title == "Senior ML Engineer"
    comparison = valid(ComparisonOut, client.get("/api/ladder/compare?from_level=L2&to_level=L3"))
    assert comparison.raised and all(change.after > change.before for change in comparison.raised)
    skills = valid(list[Skill], client.get("/api/ladder/skills?q=kubernetes"))
    assert "kubernetes" in [skill.id for skill in skills]
    assert client.get("/api/ladder/levels/L99").json()["detail"].startswith("framework")
    assert client.get("/api/ladder/levels/L99").status_code == 404  # no such level: no such resource


def test_api_errors_are_json(browser: Browser, me: int) -> None:
    missing = browser.get("/api/assessments/12345")
    assert missing.status_code == 404 and missing.json() == {
        "detail": "no assessment with id 12345 (fix: check the id; it may have been deleted)"
    }
    bad = browser.api(
        "POST", f"/api/people/{me}/assessments", json={"profile": {**PROFILE, "ratings": {"self": {"juggling": 2}}}}
    )
    assert bad.status_code == 400 and "juggling" in bad.json()["detail"]
    invalid = browser.api("POST", f"/api/people/{me}/journal", json={"text": ""})
    assert invalid.status_code == 422 and invalid.json()["detail"][0]["loc"] == ["body", "text"]
    made = browser.api("POST", f"/api/people/{me}/assessments", json={"profile": PROFILE}).json()
    hours = browser.api("POST", f"/api/assessments/{made['id']}/plans", json={"weekly_hours": 500})
    assert hours.status_code == 422 and hours.json()["detail"][0]["loc"] == ["body", "weekly_hours"]
    target = browser.api("POST", f"/api/assessments/{made['id']}/plans", json={"target": "M9"})
    assert target.status_code == 400 and "no level 'M9'" in target.json()["detail"]


def test_writes_need_the_token_in_a_header(client: TestClient, me: int, store: Store) -> None:
    client.get("/api/session")
    refused = client.post(f"/api/people/{me}/journal", json={"text": "sneaky"})
    assert refused.status_code == 403 and "token" in refused.json()["detail"]
    wrong = client.post(f"/api/people/{me}/journal", json={"text": "sneaky"}, headers={"X-CSRF-Token": "guess"})
    assert wrong.status_code == 403
    assert store.list_journal(me) == []


def test_openapi_describes_every_api_route_and_no_page(app: FastAPI, client: TestClient) -> None:
    schema = client.get("/openapi.json").json()
    paths = schema["paths"]
    api_routes = [route for route in routes(app) if route.path.startswith("/api/")]
    assert len(api_routes) >= 24
    for route in api_routes:
        for method in route.methods or ():
            operation = paths[route.path][method.lower()]
            responses = operation["responses"]
            success = next(code for code in responses if code.startswith("2"))
            if success != "204":
                assert "schema" in responses[success]["content"]["application/json"], (route.path, method)
    assert all(path.startswith("/api/") for path in paths)
    assert {"AssessmentRecord", "PlanRecord", "JournalEntry", "Packet", "History", "DocumentOut"} <= set(
        schema["components"]["schemas"]
    )


def test_profile_model_round_trips_through_the_api(browser: Browser, me: int, ml_ladder: Framework) -> None:
    profile = Profile.model_validate(PROFILE)
    made = browser.api("POST", f"/api/people/{me}/assessments", json={"profile": profile.model_dump(mode="json")})
    assert valid(AssessmentRecord, made, 201).profile.years_experience == 7


def test_edge_inputs_are_client_errors_never_server_errors(browser: Browser, me: int) -> None:
    for path in ("/api/people/99999999999999999999", "/api/people/0", "/api/assessments/-1", "/people/0/journal"):
        assert browser.get(path).status_code == 422, path
    assert browser.get("/api/plans/2147483647").status_code == 404  # the largest id the database can hold
    assert browser.get("/api/plans/2147483648").status_code == 422  # beyond it: bad input, never a 500
    far = {**PROFILE, "in_level_since": "9999-01-01"}  # a plan from it would leave the calendar: refused up front
    future = browser.api("POST", f"/api/people/{me}/assessments", json={"profile": far})
    assert future.status_code == 400 and "is in the future" in future.json()["detail"]
    made = browser.api("POST", f"/api/people/{me}/assessments", json={"profile": PROFILE}).json()
    late = browser.api("POST", f"/api/assessments/{made['id']}/plans", json={"start": "9999-12-31"})
    assert late.status_code == 400 and "out of range" in late.json()["detail"]
    won = browser.api("POST", f"/api/people/{me}/journal", json={"text": "Won", "entry_date": "9999-01-01"})
    assert won.status_code == 400 and "9999-01-01 is in the future" in won.json()["detail"]
    blank = browser.api("POST", f"/api/people/{me}/journal", json={"text": "   "})
    assert blank.status_code == 400 and "needs some text" in blank.json()["detail"]
    unknown_skill = browser.api("POST", f"/api/people/{me}/journal", json={"text": "Shipped it"}).json()
    tags = browser.api("PUT", f"/api/journal/{unknown_skill['id']}/tags", json={"skills": ["juggling"]})
    assert tags.status_code == 422 and "juggling" in tags.json()["detail"][0]["msg"]


def test_journal_tags_take_skill_names_as_well_as_ids(browser: Browser, me: int, store: Store) -> None:
    entry = browser.api("POST", f"/api/people/{me}/journal", json={"text": "Ran the weekly model review"}).json()
    named = ["Feature Store", "PYTORCH", "k8s", "pytorch", "mlflow"]  # names, aliases and ids, in any case
    tagged = browser.api("PUT", f"/api/journal/{entry['id']}/tags", json={"competencies": ["mlops"], "skills": named})
    assert tagged.status_code == 200, tagged.text
    assert tagged.json()["skills"] == ["feature-store", "pytorch", "kubernetes", "mlflow"]
    assert store.get_journal_entry(entry["id"]).skills == ["feature-store", "pytorch", "kubernetes", "mlflow"]

    wrong = browser.api(
        "PUT", f"/api/journal/{entry['id']}/tags", json={"skills": ["pytorch", "Feature Stor", "juggling"]}
    )
    assert wrong.status_code == 422
    first, second = wrong.json()["detail"]
    assert first["loc"] == ["body", "skills", 1] and first["type"] == "unknown_skill"
    assert first["msg"].startswith("no skill named 'Feature Stor' (fix: did you mean 'Feature Store'")
    assert first["closest"][0] == "feature-store"
    assert second["loc"] == ["body", "skills", 2] and "juggling" in second["msg"]
    assert store.get_journal_entry(entry["id"]).skills == ["feature-store", "pytorch", "kubernetes", "mlflow"]


def test_the_schema_says_skills_may_be_names(browser: Browser) -> None:
    schema = browser.get("/openapi.json").json()
    skills = schema["components"]["schemas"]["TagsIn"]["properties"]["skills"]["description"]
    assert "id, name or an alias, in any case" in skills and "422" in skills and "closest" in skills
