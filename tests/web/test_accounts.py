"""The account page of team mode: an admin renames an account, resets its password, disables, enables and removes
it, each refusal on the same page with what was typed, and nobody else reaches any of it.

The team (see conftest): admin; Dora, a director; Mia, a manager reporting to Dora; Bea, Mia's report; Ada alone.
"""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from fastapi.routing import APIRoute

from mlladder import Framework, Profile
from mlladder.store import RecordNotFound, Store
from tests.web.conftest import PASSWORD, Browser, Team, add_records, sign_in, token_of
from tests.web.html import Page, parse
from tests.web.ids import routes

PROFILE = Profile(framework="ml-engineer", years_experience=4, ratings={"self": {"mlops": 2}})


def user_id(team: Team, username: str) -> int:
    return next(user.id for user in team.store.list_users() if user.username == username)


def account_page(team: Team, username: str, status: int = 200) -> Page:
    return team.browsers["admin"].page(f"/admin/users/account?user_id={user_id(team, username)}", status)


def act(team: Team, action: str, account: str, **fields: Any) -> httpx.Response:
    """The admin posts one of the account forms for the account named ``account``."""
    return team.browsers["admin"].post(f"/admin/users/{action}", {"user_id": user_id(team, account), **fields})


def followed(team: Team, response: httpx.Response) -> Page:
    """The page a successful action redirects to, as the admin's browser shows it."""
    assert response.status_code == 303, response.text[:300]
    return team.browsers["admin"].page(response.headers["location"])


def signed_out(browser: Browser) -> bool:
    """Does this browser's session no longer count (the home page sends it to sign in)?"""
    response = browser.get("/", follow_redirects=False)
    return response.status_code == 303 and response.headers["location"].startswith("/login")


def test_the_accounts_list_links_each_account_and_shows_its_status(team: Team) -> None:
    page = team.browsers["admin"].page("/admin/users")
    row = page.find("tr", data_username="bea")
    assert (
        row.find("a", data_testid="manage-account").attrs["href"]
        == f"/admin/users/account?user_id={user_id(team, 'bea')}"
    )
    assert row.find(data_testid="user-status").text.strip() == "enabled"
    bea = account_page(team, "bea")
    assert (
        "Bea Report" in bea.by_testid("account-status").text
        and "reports to mia" in bea.by_testid("account-status").text
    )


def test_an_admin_renames_an_account_and_it_signs_in_with_the_new_name(team: Team) -> None:
    page = followed(team, act(team, "edit", "bea", username="Bea.Ray", name="Bea Ray"))
    assert page.by_testid("account-message").text == "Saved the user name and name."
    assert page.find("input", name="username").attrs["value"] == "bea.ray"
    assert page.find("input", name="name").attrs["value"] == "Bea Ray"
    assert not signed_out(team.browsers["bea"])  # a rename keeps her signed in
    assert sign_in(team.make_client(), "bea.ray").status_code == 303
    assert sign_in(team.make_client(), "bea").status_code == 401


def test_a_taken_user_name_is_refused_on_the_same_page_with_the_input_kept(team: Team) -> None:
    refused = act(team, "edit", "bea", username="MIA", name="Bea Renamed")
    assert refused.status_code == 400
    page = parse(refused.text)
    assert page.by_testid("account-error").text == "the user name 'mia' is taken (fix: choose another)"
    assert page.find("input", name="username").attrs["value"] == "MIA"
    assert page.find("input", name="name").attrs["value"] == "Bea Renamed"
    assert page.find("h1").text == "Account: bea"
    assert {user.username for user in team.store.list_users()} == {"admin", "mia", "bea", "ada", "dora"}


def test_a_generated_password_is_shown_once_and_ends_every_session(team: Team) -> None:
    bea = team.browsers["bea"]
    assert not signed_out(bea)
    answer = act(team, "password", "bea", choice="generate")
    assert answer.status_code == 200 and answer.headers["cache-control"] == "no-store"
    page = parse(answer.text)
    new_password = page.by_testid("new-password").text
    assert (
        len(new_password) >= 16 and "Every session of this account has ended" in page.by_testid("account-message").text
    )
    assert new_password not in account_page(team, "bea").root.text  # shown once: not on the page again
    assert signed_out(bea)
    assert sign_in(team.make_client(), "bea", PASSWORD).status_code == 401
    assert sign_in(team.make_client(), "bea", new_password).status_code == 303


def test_a_password_the_admin_sets_is_checked_and_clears_failed_sign_ins(team: Team) -> None:
    locked = team.make_client()
    for _ in range(team.app.state.mlladder.limiter.attempts):
        assert sign_in(locked, "bea", "a wrong guess").status_code == 401
    assert sign_in(locked, "bea").status_code == 429  # the right password waits for the lock
    short = act(team, "password", "bea", choice="set", password="short")
    assert short.status_code == 400
    page = parse(short.text)
    assert "too short" in page.by_testid("account-error").text
    assert page.find("input", name="choice", value="set").attrs.get("checked") is not None  # her choice is kept
    assert not signed_out(team.browsers["bea"])  # nothing changed
    done = followed(team, act(team, "password", "bea", choice="set", password="a new long password"))
    assert done.by_testid("account-message").text.startswith("Set the new password.")
    assert signed_out(team.browsers["bea"])
    assert sign_in(locked, "bea", "a new long password").status_code == 303  # the failures were forgotten


def test_an_admin_resetting_their_own_password_stays_signed_in(team: Team) -> None:
    done = act(team, "password", "admin", choice="set", password="the admin's new password")
    assert done.status_code == 303
    assert not signed_out(team.browsers["admin"])
    assert sign_in(team.make_client(), "admin", "the admin's new password").status_code == 303


def test_a_disabled_account_is_signed_out_and_cannot_sign_in_until_enabled(team: Team, ml_ladder: Framework) -> None:
    records = add_records(team.store, ml_ladder, team.person("mia"), PROFILE)
    mia = team.browsers["mia"]
    assert mia.get(f"/people/{team.person('bea')}").status_code == 200
    page = followed(team, act(team, "disable", "mia"))
    assert page.by_testid("account-message").text.startswith("Disabled the account")
    assert "disabled" in page.by_testid("account-status").text
    assert page.find("form", data_testid="enable-account")
    assert signed_out(mia)  # her open session, at its very next request
    assert mia.get(f"/api/people/{team.person('mia')}").status_code == 401
    refused = sign_in(team.make_client(), "mia")  # the right password
    assert refused.status_code == 401
    assert parse(refused.text).by_testid("login-error").text == "Wrong user name or password."  # as for a wrong one
    assert team.store.get_user(user_id(team, "bea")).manager_id == user_id(team, "mia")  # her team is unchanged
    assert [record.id for record in team.store.list_assessments(team.person("mia"))] == [records["assessment_id"]]
    row = team.browsers["admin"].page("/admin/users").find("tr", data_username="mia")
    assert row.find(data_testid="user-status").text.strip() == "disabled"
    enabled = followed(team, act(team, "enable", "mia"))
    assert enabled.by_testid("account-message").text.startswith("Enabled the account")
    assert signed_out(mia)  # enabling does not bring the old session back
    assert sign_in(team.make_client(), "mia").status_code == 303


def test_an_admin_cannot_disable_or_remove_themselves_nor_the_last_admin(team: Team) -> None:
    own = account_page(team, "admin")
    assert "You cannot disable your own account" in own.by_testid("cannot-disable").text
    assert not own.find_all("form", data_testid="disable-account")
    assert not own.find_all("form", data_testid="remove-account")
    disable = act(team, "disable", "admin")
    assert disable.status_code == 400
    assert parse(disable.text).by_testid("account-error").text.startswith("you cannot disable your own account")
    remove = act(team, "remove", "admin", confirm="admin")
    assert parse(remove.text).by_testid("account-error").text.startswith("you cannot remove your own account")
    demote = team.browsers["admin"].post("/admin/users/change", {"user_id": user_id(team, "admin"), "role": "manager"})
    assert demote.status_code == 400
    assert "the last enabled admin" in parse(demote.text).by_testid("user-error").text
    assert not signed_out(team.browsers["admin"])
    # With a second admin, that admin may not disable the first while the first is the only other one enabled:
    # each refuses only themselves, so the first may be disabled by the second.
    made = team.browsers["admin"].post("/admin/users", {"username": "ops", "password": PASSWORD, "role": "admin"})
    assert made.status_code == 303
    ops = Browser(team.make_client())
    assert sign_in(ops.client, "ops").status_code == 303
    disabled = ops.post("/admin/users/disable", {"user_id": user_id(team, "admin")})
    assert disabled.status_code == 303 and signed_out(team.browsers["admin"])
    last = ops.page(f"/admin/users/account?user_id={user_id(team, 'ops')}")
    assert "You cannot disable your own account" in last.by_testid("cannot-disable").text


def test_removal_needs_the_user_name_typed_and_keeps_the_choice_when_refused(team: Team) -> None:
    page = account_page(team, "mia")
    moves = " ".join(page.by_testid("reports-move").text.split())
    assert moves == "Their reports (bea) will report to dora, their manager."
    refused = act(team, "remove", "mia", data="delete", confirm="mai")
    assert refused.status_code == 400
    again = parse(refused.text)
    assert again.by_testid("account-error").text.startswith("to remove 'mia', type the user name")
    assert again.find("input", name="data", value="delete").attrs.get("checked") is not None
    assert again.find("input", name="confirm").attrs["value"] == "mai"
    assert team.store.get_user(user_id(team, "mia")).username == "mia"  # nothing removed


def test_a_removed_account_keeps_its_records_and_its_reports_move_up(team: Team, ml_ladder: Framework) -> None:
    records = add_records(team.store, ml_ladder, team.person("mia"), PROFILE)
    mia_id, mia = user_id(team, "mia"), team.browsers["mia"]
    page = followed(team, act(team, "remove", "mia", data="keep", confirm="Mia"))
    assert page.by_testid("user-message").text.startswith("Removed the account 'mia'. Their records are kept")
    assert not page.find_all("tr", data_username="mia")
    with pytest.raises(RecordNotFound):
        team.store.get_user(mia_id)
    assert team.store.get_user(user_id(team, "bea")).manager_id == user_id(team, "dora")
    assert signed_out(mia)
    kept = team.store.get_person(team.person("mia"))
    assert (kept.name, kept.user_id) == ("Mia Manager", None)
    assert team.browsers["admin"].get(f"/assessments/{records['assessment_id']}").status_code == 200
    assert team.browsers["dora"].get(f"/assessments/{records['assessment_id']}").status_code == 404


def test_removing_with_the_data_deletes_the_person_and_their_records(team: Team, ml_ladder: Framework) -> None:
    records = add_records(team.store, ml_ladder, team.person("bea"), PROFILE)
    page = followed(team, act(team, "remove", "bea", data="delete", confirm="bea"))
    assert page.by_testid("user-message").text == "Removed the account 'bea' and deleted their data."
    with pytest.raises(RecordNotFound):
        team.store.get_person(team.person("bea"))
    assert team.browsers["admin"].get(f"/assessments/{records['assessment_id']}").status_code == 404


def admin_routes(team: Team) -> list[tuple[APIRoute, str]]:
    found = [
        (route, method)
        for route in routes(team.app)
        if route.path.startswith("/admin")
        for method in sorted(route.methods or ())
    ]
    assert len(found) >= 8, "the accounts list, page and each action should be here"
    return found


@pytest.mark.parametrize("username", ["bea", "mia", "dora"])
def test_only_admins_reach_any_account_route(team: Team, username: str) -> None:
    """Every route under /admin, found from the app's routes (a new one is covered the day it is added)."""
    bea_id = user_id(team, "bea")
    before = team.store.list_users()
    client = team.browsers[username].client
    for route, method in admin_routes(team):
        path = f"{route.path}?user_id={bea_id}" if method == "GET" else route.path
        fields = {
            "csrf_token": token_of(client),
            "user_id": str(bea_id),
            "username": "x",
            "name": "X",
            "password": "p" * 12,
        }
        fields |= {"confirm": "bea", "data": "delete", "choice": "set", "role": "admin"}
        response = client.request(method, path, data=fields if method == "POST" else None, follow_redirects=False)
        assert response.status_code == 403, f"{username} {method} {path}: {response.status_code}"
    assert team.store.list_users() == before
    assert not signed_out(team.browsers["bea"])


def test_an_account_action_without_the_form_token_is_refused(team: Team) -> None:
    client = team.browsers["admin"].client
    response = client.post("/admin/users/disable", data={"user_id": str(user_id(team, "bea"))}, follow_redirects=False)
    assert response.status_code == 403
    assert team.store.get_user(user_id(team, "bea")).disabled_at is None


def test_an_account_that_does_not_exist_is_a_404(team: Team) -> None:
    assert team.browsers["admin"].get("/admin/users/account?user_id=999").status_code == 404
    assert team.browsers["admin"].post("/admin/users/disable", {"user_id": 999}).status_code == 404


def test_an_account_changed_by_another_process_counts_at_the_next_request(team: Team) -> None:
    """The app remembers signed-in accounts while the database is unchanged; a change made by another process (here
    a second store on the same file, as another server or `mlladder user` would) is seen at once."""
    mia = team.browsers["mia"]
    for _ in range(3):  # remembered after the first
        assert mia.get(f"/people/{team.person('bea')}").status_code == 200
    remembered = team.app.state.mlladder.accounts.get(user_id(team, "mia"))
    assert remembered is not None and remembered.user.role == "manager"
    with Store(team.app.state.mlladder.settings.db_url) as other:
        other.set_disabled(user_id(team, "mia"), True)
    assert signed_out(mia)
