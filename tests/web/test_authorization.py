"""Who may see and change whose data, checked on every route with an id in it (found from the app's routes, so
a new route is covered the day it is added).

Bea reports to Mia, who reports to Dora, a director; Ada is another engineer. Ada must not reach any of Bea's
records (404, as if they did not exist); Mia may read them all but change none (403); Bea and the admin may read
them. Dora reads Mia's records (her direct report) but sees Bea only in her teams' aggregate: Bea's records answer
her 404, unless the server lets directors read everyone below them.
"""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from fastapi.routing import APIRoute

from mlladder import Framework, Profile
from mlladder.access import Role
from mlladder.web.settings import Settings, SettingsError
from tests.web.conftest import PASSWORD, Team, add_records, token_of
from tests.web.html import parse
from tests.web.ids import owned, routes, visit_path

SAFE = {"GET", "HEAD"}


def needs_edit(route: APIRoute) -> bool:
    """Does the route fetch its record through an ``editable_*`` dependency (owner or admin only)?"""
    pending = list(route.dependant.dependencies)
    while pending:
        dependency = pending.pop()
        if getattr(dependency.call, "__name__", "").startswith("editable_"):
            return True
        pending.extend(dependency.dependencies)
    return False


def call(team: Team, username: str, method: str, path: str) -> httpx.Response:
    client = team.browsers[username].client
    token = token_of(client)
    if path.startswith("/api/"):
        response: httpx.Response = client.request(method, path, headers={"X-CSRF-Token": token}, follow_redirects=False)
    elif method in SAFE:
        response = client.request(method, path, follow_redirects=False)
    else:
        response = client.request(method, path, data={"csrf_token": token}, follow_redirects=False)
    return response


PROFILE = Profile(framework="ml-engineer", years_experience=4, ratings={"self": {"mlops": 2}})


@pytest.fixture
def bea_records(team: Team, ml_ladder: Framework) -> dict[str, Any]:
    return add_records(team.store, ml_ladder, team.person("bea"), PROFILE)


@pytest.fixture
def mia_records(team: Team, ml_ladder: Framework) -> dict[str, Any]:
    return add_records(team.store, ml_ladder, team.person("mia"), PROFILE)


def id_routes(team: Team) -> list[tuple[APIRoute, str]]:
    found = [(route, method) for route in routes(team.app) if owned(route) for method in sorted(route.methods or ())]
    assert len(found) >= 35, "every page and API route with an id should be here"
    return found


def test_writes_always_need_an_editable_record(team: Team) -> None:
    for route, method in id_routes(team):
        if method not in SAFE:
            assert needs_edit(route), f"{method} {route.path} changes data but only checks that it may be read"


def test_an_engineer_cannot_reach_another_engineers_data(team: Team, bea_records: dict[str, Any]) -> None:
    for route, method in id_routes(team):
        path = visit_path(route, bea_records)
        response = call(team, "ada", method, path)
        assert response.status_code == 404, f"ada {method} {path}: {response.status_code}"
        if path.startswith("/api/"):
            assert response.json()["detail"].startswith("no ")


def reads_but_does_not_change(team: Team, username: str, records: dict[str, Any]) -> None:
    """``username`` may read every record in ``records`` and change none of them."""
    for route, method in id_routes(team):
        path = visit_path(route, records)
        response = call(team, username, method, path)
        if method in SAFE and not needs_edit(route):
            assert response.status_code in (200, 303), f"{username} {method} {path}: {response.status_code}"
        else:
            assert response.status_code == 403, f"{username} {method} {path}: {response.status_code}"


def test_a_manager_reads_a_reports_data_but_does_not_change_it(team: Team, bea_records: dict[str, Any]) -> None:
    reads_but_does_not_change(team, "mia", bea_records)
    store, bea = team.store, team.person("bea")
    assert [e.id for e in store.list_journal(bea)] == [bea_records["entry_id"]]
    assert [d.id for d in store.list_documents(bea)] == [bea_records["document_id"], bea_records["posting_id"]]
    assert all(a.status == "todo" for a in store.get_plan(bea_records["plan_id"]).activities)
    assert len(store.list_assessments(bea)) == 1 and len(store.list_plans(bea)) == 1


@pytest.mark.parametrize("username", ["bea", "admin"])
def test_the_owner_and_admins_read_everything(team: Team, bea_records: dict[str, Any], username: str) -> None:
    for route, method in id_routes(team):
        if method in SAFE:
            path = visit_path(route, bea_records)
            response = call(team, username, method, path)
            assert response.status_code in (200, 303), f"{username} {method} {path}: {response.status_code}"


def test_lists_only_show_what_each_may_see(team: Team, bea_records: dict[str, Any]) -> None:
    def people(username: str) -> list[int]:
        return [p["id"] for p in team.browsers[username].get("/api/people").json()]

    assert people("ada") == [team.person("ada")]
    assert people("mia") == [team.person("mia"), team.person("bea")]
    assert set(people("admin")) == set(team.users.values())
    home = team.browsers["mia"].get("/").text
    assert "Bea Report" in home and "Ada Alone" not in home


def test_a_director_cannot_reach_the_records_of_someone_further_down(team: Team, bea_records: dict[str, Any]) -> None:
    for route, method in id_routes(team):
        path = visit_path(route, bea_records)
        response = call(team, "dora", method, path)
        assert response.status_code == 404, f"dora {method} {path}: {response.status_code}"
    assert len(team.store.list_journal(team.person("bea"))) == 1  # nothing changed either


def test_a_director_reads_a_direct_reports_data_but_does_not_change_it(team: Team, mia_records: dict[str, Any]) -> None:
    reads_but_does_not_change(team, "dora", mia_records)
    assert len(team.store.list_journal(team.person("mia"))) == 1


def test_with_the_setting_a_director_reads_everyone_below_but_changes_nobodys_data(
    team_directors_see_people: Team, ml_ladder: Framework
) -> None:
    team = team_directors_see_people
    records = add_records(team.store, ml_ladder, team.person("bea"), PROFILE)
    reads_but_does_not_change(team, "dora", records)
    outside = add_records(team.store, ml_ladder, team.person("ada"), PROFILE)  # the setting opens nothing else
    for route, method in id_routes(team):
        path = visit_path(route, outside)
        assert call(team, "dora", method, path).status_code == 404, f"dora {method} {path}"


def test_a_directors_lists_follow_the_setting(team: Team, team_directors_see_people: Team) -> None:
    def people(on: Team, username: str) -> list[int]:
        return [p["id"] for p in on.browsers[username].get("/api/people").json()]

    assert people(team, "dora") == [team.person("dora"), team.person("mia")]
    seen = people(team_directors_see_people, "dora")
    assert set(seen) == {team_directors_see_people.person(name) for name in ("dora", "mia", "bea")}
    assert people(team_directors_see_people, "mia") == [
        team_directors_see_people.person("mia"),
        team_directors_see_people.person("bea"),
    ]


def test_admins_create_directors_and_set_roles_and_managers(team: Team) -> None:
    admin = team.browsers["admin"]
    ids = {user.username: user.id for user in team.store.list_users()}
    page = admin.page("/admin/users")
    assert "director" in [option.attrs["value"] for option in page.find("select", name="role").find_all("option")]
    made = admin.post("/admin/users", {"username": "dirk", "password": PASSWORD, "role": "director"})
    assert made.status_code == 303
    dirk = next(user for user in team.store.list_users() if user.username == "dirk")
    assert dirk.role is Role.DIRECTOR
    moved = admin.post("/admin/users/change", {"user_id": ids["ada"], "role": "engineer", "manager_id": dirk.id})
    assert moved.status_code == 303
    assert team.store.get_user(ids["ada"]).manager_id == dirk.id
    row = admin.page("/admin/users").find("tr", data_username="ada")
    assert row.find("select", name="manager_id").find("option", selected="").text == "dirk"


@pytest.mark.parametrize(
    ("who", "role", "manager", "error"),
    [
        ("dora", "director", "bea", "'bea' is engineer, who cannot manage others"),
        ("dora", "director", "mia", "'mia' cannot manage 'dora': they report to 'dora'"),
        ("mia", "engineer", "dora", "'mia' manages other accounts, so cannot become engineer"),
    ],
)
def test_account_changes_that_break_the_chain_are_refused_with_one_line(
    team: Team, who: str, role: str, manager: str, error: str
) -> None:
    ids = {user.username: user.id for user in team.store.list_users()}
    before = team.store.list_users()
    refused = team.browsers["admin"].post(
        "/admin/users/change", {"user_id": ids[who], "role": role, "manager_id": ids[manager]}
    )
    assert refused.status_code == 400
    assert error in parse(refused.text).by_testid("user-error").text
    assert team.store.list_users() == before


def test_only_admins_change_accounts(team: Team) -> None:
    bea = next(user for user in team.store.list_users() if user.username == "bea")
    for username in ("mia", "dora", "bea"):
        response = team.browsers[username].post("/admin/users/change", {"user_id": bea.id, "role": "admin"})
        assert response.status_code == 403, username
    assert team.store.get_user(bea.id).role is Role.ENGINEER


def test_the_director_setting_is_read_from_the_environment() -> None:
    assert not Settings.from_env({}).director_sees_people
    assert Settings.from_env({"MLLADDER_DIRECTOR_SEES_PEOPLE": "1"}).director_sees_people
    assert Settings.from_env({}, director_sees_people=True).director_sees_people  # the flag
    with pytest.raises(SettingsError, match="director_sees_people"):
        Settings.from_env({"MLLADDER_DIRECTOR_SEES_PEOPLE": "perhaps"})


def test_a_director_on_every_page_without_an_id(team: Team, bea_records: dict[str, Any]) -> None:
    """The pages and API reads that name no record: a director gets her own answer, the accounts pages refuse her,
    and nothing on them is Bea's (seen only in her teams' totals)."""
    plain = [route for route in routes(team.app) if "{" not in route.path and "GET" in (route.methods or ())]
    assert len(plain) >= 10
    for route in plain:
        response = call(team, "dora", "GET", route.path)
        if route.path.startswith("/admin"):
            assert response.status_code == 403, route.path
        else:  # 422: a read that needs query parameters this visit does not give
            assert response.status_code in (200, 303, 422), f"dora GET {route.path}: {response.status_code}"
        if response.status_code == 200 and route.path not in ("/login",):
            assert "Bea Report" not in response.text, route.path  # not even her name
            assert "Led the feature store migration" not in response.text, route.path  # Bea's journal
            assert "brag-mid.md" not in response.text, route.path  # Bea's document
