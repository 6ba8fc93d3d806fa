"""What the busiest pages do to stay fast must not change what they show: a results page drawn once per
assessment still lists plans made since, each assessment keeps its own page, pages without forms leave the
session alone, and the order routes are tried in cannot change which route answers."""

from __future__ import annotations

from fastapi import FastAPI
from fastapi.testclient import TestClient

from mlladder import Framework, Profile, assess, load_profile
from mlladder.store import Store
from tests.conftest import ROOT
from tests.web.conftest import Browser, form_token, location_id
from tests.web.html import parse
from tests.web.ids import OWNED_IDS, fill, routes

PROFILES = ROOT / "examples" / "profiles"


def profile(name: str, framework: Framework) -> Profile:
    return load_profile(PROFILES / f"{name}.yaml", framework)


def test_a_results_page_lists_plans_made_after_it_was_first_shown(
    browser: Browser, store: Store, me: int, ml_ladder: Framework
) -> None:
    mid = profile("mid", ml_ladder)
    record = store.save_assessment(me, mid, assess(mid, ml_ladder))
    before = browser.page(f"/assessments/{record.id}")
    assert before.all_testid("plan-link") == []
    made = browser.post(f"/assessments/{record.id}/plans", {"target": "L4", "weekly_hours": "5"})
    plan_id = location_id(made, "plans")
    after = browser.page(f"/assessments/{record.id}")
    assert [link.attrs["href"] for link in after.all_testid("plan-link")] == [f"/plans/{plan_id}"]
    assert after.by_testid("placement").text == before.by_testid("placement").text  # the drawn part is the same


def test_each_assessment_keeps_its_own_results(browser: Browser, store: Store, me: int, ml_ladder: Framework) -> None:
    saved = {}
    for name in ("junior", "staff"):
        chosen = profile(name, ml_ladder)
        saved[name] = store.save_assessment(me, chosen, assess(chosen, ml_ladder))
    for _ in range(2):  # the second round comes from what the first one drew
        for name, record in saved.items():
            page = browser.page(f"/assessments/{record.id}")
            placed = page.by_testid("placement")
            assert placed.attrs["data-level"] == record.level, name
            assert page.by_testid("summary").text == record.assessment.summary
    assert saved["junior"].level != saved["staff"].level


def test_pages_without_forms_send_no_cookie(client: TestClient, store: Store, me: int, ml_ladder: Framework) -> None:
    mid = profile("mid", ml_ladder)
    record = store.save_assessment(me, mid, assess(mid, ml_ladder))
    results = client.get(f"/assessments/{record.id}")
    assert results.status_code == 200 and "set-cookie" not in results.headers
    assert "set-cookie" not in client.get("/ladder").headers
    gaps = client.get(f"/assessments/{record.id}/gaps")  # has the form that makes a plan
    assert "mlladder_session=" in gaps.headers["set-cookie"]
    made = client.post(
        f"/assessments/{record.id}/plans",
        data={"csrf_token": form_token(parse(gaps.text)), "target": "L4"},
        follow_redirects=False,
    )
    assert made.status_code == 303 and "/plans/" in made.headers["location"]


def test_every_path_is_answered_by_exactly_one_route(app: FastAPI) -> None:
    everything = routes(app)
    for route in everything:
        path = fill(route, {**dict.fromkeys(OWNED_IDS, 7), "key": "a1"})
        for method in route.methods or ():
            answering = [
                other.path
                for other in everything
                if method in (other.methods or ()) and other.path_regex.match(path) is not None
            ]
            assert answering == [route.path], f"{method} {path}"
