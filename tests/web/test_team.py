"""Team mode: sign-in, sessions, form tokens, rate limiting, upload limits, roles, and user text kept as text."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import text

from mlladder.store import Store
from mlladder.web import create_app
from mlladder.web.security import ADDRESS_FACTOR, LoginLimiter
from tests.web.conftest import BASE_URL, PASSWORD, Browser, Team, form_token, settings_for, sign_in, token_of
from tests.web.html import parse

XSS = '<script>alert("x")</script><img src=x onerror=alert(1)>'


def test_pages_need_a_signed_in_session(team: Team) -> None:
    anonymous = team.make_client()
    page = anonymous.get("/people/1/journal?x=1", follow_redirects=False)
    assert page.status_code == 303 and page.headers["location"] == "/login?next=%2Fpeople%2F1%2Fjournal%3Fx%3D1"
    assert anonymous.get("/api/people").status_code == 401
    assert anonymous.get("/api/assessments/1").json() == {"detail": "sign in first"}
    assert anonymous.get("/static/style.css").status_code == 200
    login = parse(anonymous.get("/login").text)
    assert login.by_id("login-form").find("input", name="password").attrs["type"] == "password"


def test_signing_in_and_out(team: Team) -> None:
    client = team.make_client()
    wrong = sign_in(client, "bea", "not the password")
    assert wrong.status_code == 401
    assert parse(wrong.text).by_testid("login-error").text == "Wrong user name or password."
    before = token_of_login(client)
    right = sign_in(client, "BEA", PASSWORD)  # user names are not case-sensitive
    assert right.status_code == 303 and right.headers["location"] == "/"
    assert "httponly" in right.headers["set-cookie"].lower() and "samesite=lax" in right.headers["set-cookie"].lower()
    assert token_of(client) != before  # a new session: a token fixed before sign-in is worthless after it
    home = parse(client.get("/").text)
    assert home.by_testid("person-name").text == "Bea Report"
    assert home.by_testid("logout").text == "Sign out bea"
    out = client.post("/logout", data={"csrf_token": token_of(client)}, follow_redirects=False)
    assert out.headers["location"] == "/login"
    assert client.get("/", follow_redirects=False).status_code == 303


def token_of_login(client: TestClient) -> str:
    return form_token(parse(client.get("/login").text))


def test_sign_in_only_redirects_within_the_site(team: Team) -> None:
    for target, expected in (
        ("/people/3/journal", "/people/3/journal"),
        ("//evil.example/", "/"),
        ("https://evil.example", "/"),
        ("/\\evil.example", "/"),
        ("/\t/evil.example", "/"),
    ):
        client = team.make_client()
        token = token_of_login(client)
        response = client.post(
            "/login",
            data={"username": "bea", "password": PASSWORD, "csrf_token": token, "next": target},
            follow_redirects=False,
        )
        assert response.headers["location"] == expected


def test_forms_without_the_sessions_token_are_refused(team: Team) -> None:
    bea = team.browsers["bea"].client
    person = team.person("bea")
    for data in ({"text": "forged"}, {"text": "forged", "csrf_token": "guess"}, {"text": "forged", "csrf_token": ""}):
        response = bea.post(f"/people/{person}/journal", data=data, follow_redirects=False)
        assert response.status_code == 403
        assert "security token" in parse(response.text).by_testid("error-message").text
    other_session = token_of(team.browsers["mia"].client)
    stolen = bea.post(f"/people/{person}/journal", data={"text": "x", "csrf_token": other_session})
    assert stolen.status_code == 403
    no_token_login = team.make_client().post("/login", data={"username": "bea", "password": PASSWORD})
    assert no_token_login.status_code == 403
    assert team.store.list_journal(person) == []
    ok = bea.post(
        f"/people/{person}/journal", data={"text": "real", "csrf_token": token_of(bea)}, follow_redirects=False
    )
    assert ok.status_code == 303


def test_failed_sign_ins_are_rate_limited(team: Team) -> None:
    client = team.make_client()
    for _ in range(5):
        assert sign_in(client, "bea", "wrong password").status_code == 401
    blocked = sign_in(client, "bea", PASSWORD)  # even the right password waits now
    assert blocked.status_code == 429
    assert int(blocked.headers["retry-after"]) > 0
    assert "Try again in 15 minutes" in parse(blocked.text).by_testid("login-error").text
    assert sign_in(client, "mia", PASSWORD).status_code == 303  # another name is not affected


def test_the_limiter_forgets_old_failures(tmp_path: Path) -> None:
    now = [dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)]
    with Store(f"sqlite:///{tmp_path / 'limits.db'}") as store:
        limiter = LoginLimiter(store, attempts=2, window=60, clock=lambda: now[0])
        limiter.failed("Bea", "10.0.0.1")
        limiter.failed("bea ", "10.0.0.1")  # the same name, however it is typed
        assert limiter.retry_after("bea", "10.0.0.1") == 61
        assert limiter.retry_after("bea", "10.0.0.2") == 61  # the name is locked, from any address
        assert limiter.retry_after("mia", "10.0.0.1") == 0  # the address is not (yet)
        now[0] += dt.timedelta(seconds=30)
        assert limiter.retry_after("bea", "10.0.0.1") == 31
        now[0] += dt.timedelta(seconds=31)
        assert limiter.retry_after("bea", "10.0.0.1") == 0
        limiter.failed("bea", "10.0.0.1")
        limiter.succeeded("bea", "10.0.0.1")
        limiter.failed("bea", "10.0.0.1")
        assert limiter.retry_after("bea", "10.0.0.1") == 0
        with store.engine.connect() as connection:  # failures out of the window were dropped on the way
            assert connection.execute(text("SELECT count(*) FROM login_failures")).scalar_one() == 1


def test_a_locked_name_stays_locked_whatever_the_address_and_an_address_is_limited_too(tmp_path: Path) -> None:
    now = [dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)]
    with Store(f"sqlite:///{tmp_path / 'limits.db'}") as store:
        limiter = LoginLimiter(store, attempts=3, window=600, clock=lambda: now[0])
        for number in range(3):  # each guess from another address
            assert limiter.retry_after("bea", f"10.0.0.{number}") == 0
            limiter.failed("bea", f"10.0.0.{number}")
        assert limiter.retry_after("bea", "10.9.9.9") == 601  # a new address does not unlock the name
        limiter.succeeded("bea", "10.0.0.0")  # the owner's own failures from there are forgotten, the others' not
        assert limiter.retry_after("bea", "10.0.0.0") == 0
        limiter.failed("bea", "10.0.0.0")
        assert limiter.retry_after("bea", "10.0.0.0") == 601
        # One address trying many names: locked after attempts x ADDRESS_FACTOR failures, whatever the names.
        for number in range(3 * ADDRESS_FACTOR):
            assert limiter.retry_after(f"user{number}", "10.1.1.1") == 0
            limiter.failed(f"user{number}", "10.1.1.1")
        assert limiter.retry_after("someone-else", "10.1.1.1") == 601
        assert limiter.retry_after("someone-else", "10.1.1.2") == 0


def test_every_server_process_counts_the_same_failures(tmp_path: Path) -> None:
    """Two limiters on one database, as two processes of ``mlladder serve --workers 2`` (or a restart) are."""
    url = f"sqlite:///{tmp_path / 'shared.db'}"
    with Store(url) as first_store, Store(url) as second_store:
        first = LoginLimiter(first_store, attempts=3, window=900)
        second = LoginLimiter(second_store, attempts=3, window=900)
        first.failed("mia", "10.0.0.9")
        second.failed("mia", "10.0.0.9")
        assert first.retry_after("mia", "10.0.0.9") == second.retry_after("mia", "10.0.0.9") == 0
        second.failed("mia", "10.0.0.9")
        assert 890 < first.retry_after("mia", "10.0.0.9") <= 901
        first.succeeded("mia", "10.0.0.9")
        assert second.retry_after("mia", "10.0.0.9") == 0


@pytest.fixture
def small_uploads(tmp_path: Path) -> Iterator[Browser]:
    app = create_app(settings_for(tmp_path, upload_limit_bytes=2000))
    with TestClient(app, base_url=BASE_URL) as client:
        yield Browser(client)


def test_uploads_over_the_limit_get_a_clear_413(small_uploads: Browser) -> None:
    me = small_uploads.get("/api/session").json()["person_id"]
    big = b"I built things. " * 10_000  # 160 kB, far over the 2 kB test limit
    page = small_uploads.post(f"/people/{me}/documents", files={"file": ("big.txt", big)})
    assert page.status_code == 413
    assert "Uploads are limited to" in parse(page.text).by_testid("field-error").text  # on the upload form
    api = small_uploads.api("POST", f"/api/people/{me}/documents", files={"file": ("big.txt", big)})
    assert api.status_code == 413 and "limited" in api.json()["detail"]

    def chunks() -> Iterator[bytes]:  # no Content-Length: the limit is counted as the body streams in
        yield from (b"x" * 1000 for _ in range(200))

    streamed = small_uploads.client.post(
        f"/api/people/{me}/journal",
        content=chunks(),
        headers={"X-CSRF-Token": token_of(small_uploads.client), "Content-Type": "application/json"},
    )
    assert streamed.status_code == 413
    just_over = small_uploads.post(f"/people/{me}/documents", files={"file": ("a.txt", b"work " * 500)})
    assert just_over.status_code == 413  # over the limit but within the slack allowed for the form around it
    assert "Uploads are limited to" in parse(just_over.text).by_testid("field-error").text  # on the upload form
    small = small_uploads.post(f"/people/{me}/documents", files={"file": ("a.txt", b"Led a team of three. " * 20)})
    assert small.status_code == 303


def test_user_text_is_always_shown_as_text(team: Team, ml_ladder: object) -> None:
    admin = team.browsers["admin"]
    created = admin.post(
        "/admin/users",
        {
            "username": "eve",
            "password": PASSWORD,
            "name": f"Eve {XSS}",
            "manager_id": str(team.store.list_users()[1].id),
        },
    )
    assert created.status_code == 303
    eve = team.make_client()
    assert sign_in(eve, "eve").status_code == 303
    browser = Browser(eve)
    person = eve.get("/api/session").json()["person_id"]
    browser.post(f"/people/{person}/journal", {"text": f"Shipped {XSS} the ranking model", "impact": f"{XSS} +5% CTR"})
    document = b"Resume\n\nLed <script>alert(2)</script> the search team of 6 engineers.\n"
    upload = browser.post(f"/people/{person}/documents", {"kind": "brag"}, files={"file": (f"{XSS}.txt", document)})
    document_id = int(upload.headers["location"].rsplit("/", 1)[1])
    uploaded_name = f"{XSS}.txt".rsplit("/", 1)[-1]  # only the name after the last slash: never a path
    assert team.store.get_document(document_id).filename == uploaded_name

    pages = {
        "journal": browser.page(f"/people/{person}/journal"),
        "documents": browser.page(f"/people/{person}/documents"),
        "document": browser.page(f"/documents/{document_id}"),
        "packet": browser.page(f"/people/{person}/packet"),
        "home": browser.page("/"),
        "admin": admin.page("/admin/users"),
        "manager": team.browsers["mia"].page(f"/people/{person}"),
    }
    for name, page in pages.items():
        assert page.active_content() == [], name
    assert XSS in pages["journal"].by_testid("entry-text").text
    assert XSS in pages["journal"].by_testid("entry-impact").text
    assert pages["document"].by_testid("document-name").text == uploaded_name
    assert uploaded_name in pages["documents"].by_testid("documents").text
    assert "<script>alert(2)</script>" in pages["document"].by_testid("document-text").text
    assert f"Eve {XSS}" in pages["manager"].by_testid("person-name").text
    assert "&lt;script&gt;" in pages["journal"].html and "<script>" not in pages["journal"].html

    download = eve.get(f"/documents/{document_id}/original")
    assert download.headers["content-type"] == "application/octet-stream"
    assert (
        download.headers["content-disposition"].startswith("attachment;")
        and "<" not in download.headers["content-disposition"]
    )
    markdown = eve.get(f"/people/{person}/packet/download/md").text
    assert "\\<script>" in markdown and not re.search(r"(?<!\\)<(script|img)", markdown)  # escaped: stays text


def test_only_admins_manage_accounts(team: Team) -> None:
    assert team.browsers["mia"].get("/admin/users").status_code == 403
    refused = team.browsers["mia"].post("/admin/users", {"username": "x1", "password": PASSWORD})
    assert refused.status_code == 403
    page = team.browsers["admin"].page("/admin/users")
    assert {row.attrs["data-username"] for row in page.all_testid("user-row")} == {"admin", "mia", "bea", "ada", "dora"}
    taken = team.browsers["admin"].post("/admin/users", {"username": "bea", "password": PASSWORD})
    assert taken.status_code == 400 and "taken" in parse(taken.text).by_testid("user-error").text
    short = team.browsers["admin"].post("/admin/users", {"username": "new", "password": "short"})
    assert short.status_code == 400 and "too short" in parse(short.text).by_testid("user-error").text
    assert (
        team.browsers["admin"]
        .post("/admin/users", {"username": "new", "password": PASSWORD, "role": "manager"})
        .status_code
        == 303
    )
    assert [u.role for u in team.store.list_users() if u.username == "new"] == ["manager"]


def test_a_manager_sees_whose_data_it_is(team: Team) -> None:
    bea = team.person("bea")
    page = team.browsers["mia"].page(f"/people/{bea}")
    assert page.by_testid("viewing").text == "Viewing Bea Report's data (read only). Back to your own pages"
    assert not page.find_all(data_testid="start-assessment")  # a manager does not fill in a report's self-assessment
    assert team.browsers["mia"].get(f"/people/{bea}/assess").status_code == 403


def test_cookies_are_https_only_off_loopback(tmp_path: Path) -> None:
    with Store(f"sqlite:///{tmp_path / 'web.db'}") as setup:
        setup.create_user("bea", PASSWORD)
    app = create_app(settings_for(tmp_path, multi_user=True, host="0.0.0.0", allowed_hosts=("team.example",)))
    with TestClient(app, base_url="https://team.example") as client:
        response = sign_in(client, "bea")
        assert response.status_code == 303
        assert "secure" in response.headers["set-cookie"].lower()
        assert client.get("/api/session").json()["user"]["username"] == "bea"
    with TestClient(app, base_url="https://other.example") as client:
        assert client.get("/login").status_code == 400  # not one of the allowed host names


def test_a_removed_account_is_signed_out(team: Team) -> None:
    from sqlalchemy import text

    client = team.browsers["ada"].client
    with team.store.engine.begin() as connection:
        user_id = connection.execute(text("SELECT id FROM users WHERE username = 'ada'")).scalar_one()
        connection.execute(text("UPDATE people SET user_id = NULL WHERE user_id = :id"), {"id": user_id})
        connection.execute(text("DELETE FROM users WHERE id = :id"), {"id": user_id})
    assert client.get("/", follow_redirects=False).status_code == 303
