"""Every failure answers like the others: an error page for pages, JSON under /api, with the security headers,
never plain text; an unexpected exception is a 500, a full disk a 507 that saved nothing. And text with control
characters is cleaned on the way in, on SQLite and PostgreSQL alike."""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from fastapi.testclient import TestClient

from mlladder.limits import has_unwanted_characters
from mlladder.store import Store
from mlladder.web import create_app
from mlladder.web.security import SECURITY_HEADERS
from tests.conftest import fill, small_disk
from tests.web.conftest import BASE_URL, NEEDS_POSTGRES, PASSWORD, database_url, settings_for, sign_in, token_of
from tests.web.html import parse


def assert_error_page(response: httpx.Response, status: int) -> str:
    """The error page's message, after checking its status, that it is a page and carries every security header."""
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("text/html"), response.headers["content-type"]
    assert_security_headers(response)
    message = parse(response.text).by_testid("error-message")
    assert message.attrs["data-status"] == str(status)
    return message.text


def assert_error_json(response: httpx.Response, status: int) -> str:
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == "application/json"
    assert_security_headers(response)
    detail: str = response.json()["detail"]
    return detail


def assert_security_headers(response: httpx.Response) -> None:
    for name, value in SECURITY_HEADERS:
        assert response.headers.get(name.decode()) == value.decode(), name


@contextlib.contextmanager
def quiet_client(tmp_path: Path, db: str | None = None) -> Iterator[tuple[TestClient, Store]]:
    """A client that gets the app's answer to an unexpected exception instead of the exception itself."""
    settings = settings_for(tmp_path, **({"db_url": db} if db else {}))
    app = create_app(settings)
    with TestClient(app, base_url=BASE_URL, raise_server_exceptions=False) as client:
        yield client, app.state.mlladder.store


def test_an_unexpected_exception_is_a_500_page_or_json_with_the_security_headers(tmp_path: Path) -> None:
    with quiet_client(tmp_path) as (client, store):
        me = store.default_person().id
        with sqlite3.connect(tmp_path / "web.db") as damage:  # a real fault: the table is gone under the app
            damage.execute("DROP TABLE journal_entries")
        page = assert_error_page(client.get(f"/people/{me}/journal"), 500)
        assert "Something went wrong on the server" in page and "(fix: try again" in page
        detail = assert_error_json(client.get(f"/api/people/{me}/journal"), 500)
        assert detail.startswith("Something went wrong on the server")
        assert "journal_entries" not in page + detail  # nothing of the inside shows


def test_the_exception_still_reaches_the_server_log(tmp_path: Path) -> None:
    app = create_app(settings_for(tmp_path))
    with TestClient(app, base_url=BASE_URL) as client:
        me = app.state.mlladder.store.default_person().id
        with sqlite3.connect(tmp_path / "web.db") as damage:
            damage.execute("DROP TABLE journal_entries")
        with pytest.raises(Exception, match="no such table: journal_entries"):
            client.get(f"/people/{me}/journal")


def test_an_unknown_host_is_a_400_page_or_json_with_the_security_headers(tmp_path: Path) -> None:
    with quiet_client(tmp_path) as (client, _):
        evil = {"host": "evil.example"}
        message = assert_error_page(client.get("/ladder", headers=evil), 400)
        assert "does not answer to that host name" in message
        assert "host name" in assert_error_json(client.get("/api/session", headers=evil), 400)
        for allowed in ("localhost", "127.0.0.1:8765", "[::1]:8765", "LOCALHOST:1"):
            assert client.get("/ladder", headers={"host": allowed}).status_code == 200, allowed
        for malformed in ("127.0.0.1:x", "[::1", "", "127.0.0.1:8765:1"):
            assert client.get("/ladder", headers={"host": malformed}).status_code == 400, malformed


def test_unknown_pages_and_methods_are_pages_or_json_with_the_security_headers(tmp_path: Path) -> None:
    with quiet_client(tmp_path) as (client, _):
        assert_error_page(client.get("/no/such/page"), 404)
        assert_error_json(client.get("/api/no/such/thing"), 404)
        assert_error_json(client.put("/api/session"), 405)


# -- a full disk ---------------------------------------------------------------------------------------------------


def test_a_full_disk_is_a_507_that_saved_nothing(tmp_path: Path) -> None:
    with (
        small_disk(tmp_path / "disk") as disk,
        quiet_client(tmp_path, f"sqlite:///{disk / 'web.db'}") as (client, store),
    ):
        me = store.default_person().id
        token = token_of(client)
        api = {"X-CSRF-Token": token}
        first = client.post(f"/api/people/{me}/journal", headers=api, json={"text": "Shipped the first"})
        assert first.status_code == 201
        filler = fill(disk)
        long_text = "Shipped a feature store used by four teams. " * 200
        detail = assert_error_json(client.post(f"/api/people/{me}/journal", headers=api, json={"text": long_text}), 507)
        assert detail.startswith("The server's disk is full; nothing was saved")
        page = client.post(f"/people/{me}/journal", data={"text": long_text, "csrf_token": token})
        assert "The server's disk is full; nothing was saved" in assert_error_page(page, 507)
        # Nothing half-saved: the one entry from before, and the database whole.
        assert [entry.text for entry in store.list_journal(me)] == ["Shipped the first"]
        with store.engine.connect() as connection:
            assert connection.exec_driver_sql("PRAGMA integrity_check").scalar_one() == "ok"
        filler.unlink()  # space again: the same request now works
        assert client.post(f"/api/people/{me}/journal", headers=api, json={"text": long_text}).status_code == 201
        assert len(store.list_journal(me)) == 2


# -- control characters --------------------------------------------------------------------------------------------


def multipart(filename: str, content: bytes) -> tuple[bytes, str]:
    """A form with one file, its name written raw into the header as a browser may send it (httpx would escape it)."""
    boundary = "mlladder-test-boundary"
    head = f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="{filename}"\r\n\r\n'
    body = head.encode("utf-8", "surrogatepass") + content + f"\r\n--{boundary}--\r\n".encode()
    return body, f"multipart/form-data; boundary={boundary}"


@pytest.mark.parametrize("backend", ["sqlite", pytest.param("postgresql", marks=NEEDS_POSTGRES)])
def test_text_with_control_characters_is_kept_clean(tmp_path: Path, backend: str) -> None:
    with database_url(backend, tmp_path) as url:
        with Store(url) as setup:
            setup.create_user("admin", PASSWORD, "admin")
        app = create_app(settings_for(tmp_path, db_url=url, multi_user=True))
        store: Store = app.state.mlladder.store
        with TestClient(app, base_url=BASE_URL, raise_server_exceptions=False) as client:
            assert sign_in(client, "admin").status_code == 303
            token = token_of(client)
            added = client.post(
                "/admin/users",
                data={"username": "ann", "password": PASSWORD, "name": "Ann\x00 \x1b[31mLee\x9b", "csrf_token": token},
                follow_redirects=False,
            )
            assert added.status_code == 303, added.text
            ann = next(user for user in store.list_users() if user.username == "ann")
            assert store.get_person(ann.person_id or 0).name == "Ann [31mLee"
            me = store.list_users()[0].person_id
            content = b"# Staff\x1b[31m ML engineer\n\nBuilt Kafka pipelines for 3 teams\x1b[0m.\n"
            body, kind = multipart("cv\x00\x1b[31m.md", content)
            headers = {"X-CSRF-Token": token}
            uploaded = client.post(
                f"/api/people/{me}/documents", headers={**headers, "content-type": kind}, content=body
            )
            assert uploaded.status_code == 201, uploaded.text
            assert uploaded.json()["filename"] == "cv[31m.md"
            journal = client.post(
                f"/api/people/{me}/journal",
                headers={**headers, "content-type": "application/json"},
                content=b'{"text": "Shipped \\u0000 the \\u001b[31m store \\u009b", "impact": "-30% \\u0000"}',
            )
            assert journal.status_code == 201, journal.text
            assert (journal.json()["text"], journal.json()["impact"]) == ("Shipped  the [31m store", "-30%")
            assert not has_unwanted_characters(str(store.export_person(me or 0)))
            for page in (f"/people/{me}/documents", f"/documents/{uploaded.json()['id']}", f"/people/{me}/journal"):
                assert client.get(page).status_code == 200, page
