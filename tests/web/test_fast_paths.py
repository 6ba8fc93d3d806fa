"""What the busiest pages do to stay fast must not change what they show: a results page drawn once per
assessment still lists plans made since, a remembered page is used only while the database is unchanged (whoever
changes it) and never for another viewer or session, each assessment keeps its own page, pages without forms
leave the session alone, and the order routes are tried in cannot change which route answers."""

from __future__ import annotations

from fastapi import FastAPI
from fastapi.testclient import TestClient

from mlladder import Framework, Profile, assess, load_profile, plan
from mlladder.store import Store
from tests.conftest import ROOT
from tests.web.conftest import Browser, Team, form_token, location_id, sign_in, token_of
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


def test_a_remembered_results_page_is_used_only_until_the_database_changes(
    app: FastAPI, browser: Browser, store: Store, me: int, ml_ladder: Framework
) -> None:
    mid = profile("mid", ml_ladder)
    record = store.save_assessment(me, mid, assess(mid, ml_ladder))
    first = browser.get(f"/assessments/{record.id}")
    again = browser.get(f"/assessments/{record.id}")
    assert first.status_code == again.status_code == 200 and again.text == first.text
    assert len(app.state.mlladder.pages) == 1  # made once, then answered from memory
    with Store(str(store.url.render_as_string(hide_password=False))) as other_process:  # a second server process
        made = other_process.save_plan(me, plan(mid, ml_ladder, weekly_hours=3), assessment_id=record.id)
    after = browser.page(f"/assessments/{record.id}")
    assert [link.attrs["href"] for link in after.all_testid("plan-link")] == [f"/plans/{made.id}"]
    assert browser.get(f"/assessments/{record.id}").text == after.html  # remembered again, with the plan
    assert browser.get(f"/assessments/{record.id + 1}").status_code == 404  # a missing one is never remembered
    assert len(app.state.mlladder.pages) == 1


def test_a_remembered_page_is_never_shown_to_another_viewer_or_session(team: Team, ml_ladder: Framework) -> None:
    bea = team.person("bea")
    mid = profile("mid", ml_ladder)
    record = team.store.save_assessment(bea, mid, assess(mid, ml_ladder))
    path = f"/assessments/{record.id}"
    second_bea = team.make_client()
    assert sign_in(second_bea, "bea").status_code == 303
    for _ in range(2):  # the second round is answered from what the first one made
        own = team.browsers["bea"].page(path)
        other_session = Browser(second_bea).page(path)
        manager = team.browsers["mia"].page(path)
        assert form_token(own) == token_of(team.browsers["bea"].client)
        assert form_token(other_session) == token_of(second_bea) != form_token(own)
        assert own.by_testid("logout").text == "Sign out bea" and own.find_all(data_testid="viewing") == []
        assert manager.by_testid("logout").text == "Sign out mia"
        assert manager.by_testid("viewing").text.startswith("Viewing Bea Report's data (read only).")
        assert form_token(manager) == token_of(team.browsers["mia"].client)
    assert team.browsers["ada"].get(path).status_code == 404  # still checked on every request, before memory


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
