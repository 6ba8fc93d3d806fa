"""Web app fixtures: a real app over a real SQLite file per test, driven in-process by FastAPI's TestClient.

``client`` is single-user mode; ``team`` is team mode with an admin, a director (``dora``), the manager who
reports to her (``mia``), the manager's report (``bea``, so an indirect report of the director) and an engineer
with no manager (``ada``), each with a client signed in as them. ``team_directors_see_people`` is the same team
on a server started with ``--director-sees-people``.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import re
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import text

from mlladder import Framework, assess, plan
from mlladder.evidence.pipeline import evidence_from_file
from mlladder.store import NewPracticeAnswer, Store
from mlladder.store.engine import create_store_engine, resolve_url
from mlladder.web import Settings, create_app
from tests.conftest import ROOT
from tests.web.html import Page, parse

DOCUMENTS = ROOT / "examples" / "documents"
BASE_URL = "http://127.0.0.1"
SECRET = "test-secret-key-" + "x" * 32
PASSWORD = "correct horse battery"
PG_URL = os.environ.get("MLLADDER_TEST_PG_URL")
NEEDS_POSTGRES = pytest.mark.skipif(not PG_URL, reason="MLLADDER_TEST_PG_URL is not set")


def db_url(tmp_path: Path, name: str = "web.db") -> str:
    return f"sqlite:///{tmp_path / name}"


@contextlib.contextmanager
def database_url(backend: str, tmp_path: Path) -> Iterator[str]:
    """A URL for a new, empty database: an SQLite file, or a PostgreSQL schema dropped afterwards."""
    if backend == "sqlite":
        yield db_url(tmp_path)
        return
    assert PG_URL
    admin = create_store_engine(resolve_url(PG_URL))
    schema = f"test_{uuid.uuid4().hex[:12]}"
    with admin.begin() as connection:
        connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    try:
        yield resolve_url(PG_URL).update_query_dict({"options": f"-csearch_path={schema}"}).render_as_string(False)
    finally:
        with admin.begin() as connection:
            connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


def settings_for(tmp_path: Path, **given: Any) -> Settings:
    values: dict[str, Any] = {"db_url": db_url(tmp_path), "secret_key": SECRET}
    values.update(given)
    return Settings(**values)


def token_of(client: TestClient) -> str:
    """The session's form token (the same one every form of the session carries)."""
    response = client.get("/api/session")
    assert response.status_code == 200, response.text
    token: str = response.json()["csrf_token"]
    return token


def form_token(page: Page) -> str:
    return page.find("input", name="csrf_token").attrs["value"]


class Browser:
    """A TestClient with the habits of a person at a browser: forms carry the session's token."""

    def __init__(self, client: TestClient) -> None:
        self.client = client

    def get(self, path: str, **kwargs: Any) -> httpx.Response:
        response: httpx.Response = self.client.get(path, **kwargs)
        return response

    def page(self, path: str, status: int = 200) -> Page:
        response = self.client.get(path)
        assert response.status_code == status, f"{path}: {response.status_code} {response.text[:500]}"
        assert response.headers["content-type"].startswith("text/html")
        return parse(response.text)

    def post(self, path: str, data: dict[str, Any] | None = None, **kwargs: Any) -> httpx.Response:
        fields = {"csrf_token": token_of(self.client), **(data or {})}
        response: httpx.Response = self.client.post(path, data=fields, follow_redirects=False, **kwargs)
        return response

    def submit(self, path: str, data: dict[str, Any] | None = None, **kwargs: Any) -> httpx.Response:
        """Post and follow the redirect, like a browser."""
        fields = {"csrf_token": token_of(self.client), **(data or {})}
        response: httpx.Response = self.client.post(path, data=fields, follow_redirects=True, **kwargs)
        return response

    def api(self, method: str, path: str, **kwargs: Any) -> httpx.Response:
        headers = {"X-CSRF-Token": token_of(self.client), **kwargs.pop("headers", {})}
        response: httpx.Response = self.client.request(method, path, headers=headers, **kwargs)
        return response


@pytest.fixture
def app(tmp_path: Path) -> FastAPI:
    return create_app(settings_for(tmp_path))


@pytest.fixture
def client(app: FastAPI) -> Iterator[TestClient]:
    with TestClient(app, base_url=BASE_URL) as test_client:
        yield test_client


@pytest.fixture
def browser(client: TestClient) -> Browser:
    return Browser(client)


@pytest.fixture
def store(app: FastAPI) -> Store:
    """The app's own store, to arrange data and check what the app wrote."""
    found: Store = app.state.mlladder.store
    return found


@pytest.fixture
def me(app: FastAPI) -> int:
    """The single-user mode person."""
    person_id: int = app.state.mlladder.default_person_id
    return person_id


def location_id(response: httpx.Response, kind: str) -> int:
    """The id in a redirect to /<kind>/<id>."""
    match = re.search(rf"/{kind}/(\d+)", response.headers["location"])
    assert match, response.headers.get("location")
    return int(match.group(1))


# -- team mode -----------------------------------------------------------------------------------------------------


@dataclass
class Team:
    app: FastAPI
    store: Store
    users: dict[str, int]  # user name -> person id
    browsers: dict[str, Browser]
    make_client: Callable[[], TestClient]

    def person(self, username: str) -> int:
        return self.users[username]


def sign_in(client: TestClient, username: str, password: str = PASSWORD) -> httpx.Response:
    page = parse(client.get("/login").text)
    response: httpx.Response = client.post(
        "/login",
        data={"username": username, "password": password, "csrf_token": form_token(page), "next": "/"},
        follow_redirects=False,
    )
    return response


@contextlib.contextmanager
def team_on(tmp_path: Path, **given: Any) -> Iterator[Team]:
    """The team of the module docstring on a team-mode app with the settings ``given``."""
    settings = settings_for(tmp_path, multi_user=True, **given)
    with Store(settings.db_url) as setup:
        setup.create_user("admin", PASSWORD, "admin", name="Ada Admin")
        manager = setup.create_user("mia", PASSWORD, "manager", name="Mia Manager")
        setup.create_user("bea", PASSWORD, "engineer", manager.id, name="Bea Report")
        setup.create_user("ada", PASSWORD, "engineer", None, name="Ada Alone")
        director = setup.create_user("dora", PASSWORD, "director", name="Dora Director")
        setup.update_account(manager.id, "manager", director.id)
    app = create_app(settings)
    store: Store = app.state.mlladder.store
    users = {user.username: user.person_id for user in store.list_users() if user.person_id is not None}
    clients: list[TestClient] = []

    def make_client() -> TestClient:
        made = TestClient(app, base_url=BASE_URL)
        made.__enter__()
        clients.append(made)
        return made

    browsers = {}
    for username in users:
        signed = make_client()
        assert sign_in(signed, username).status_code == 303
        browsers[username] = Browser(signed)
    yield Team(app, store, users, browsers, make_client)
    for made in clients:
        made.__exit__(None, None, None)


@pytest.fixture
def team(tmp_path: Path) -> Iterator[Team]:
    with team_on(tmp_path) as made:
        yield made


@pytest.fixture
def team_directors_see_people(tmp_path: Path) -> Iterator[Team]:
    """The team on a server that lets directors read the records of everyone below them."""
    folder = tmp_path / "directors-see-people"  # a database of its own, beside the ``team`` fixture's
    folder.mkdir()
    with team_on(folder, director_sees_people=True) as made:
        yield made


def practice_answer(question_id: str, rating: int, level: str = "L3", timed_out: bool = False) -> NewPracticeAnswer:
    """An answer to a practice question, given on 2 February 2025 in two minutes."""
    start = dt.datetime(2025, 2, 2, 10, 0, tzinfo=dt.UTC)
    return NewPracticeAnswer(
        framework_id="ml-engineer",
        question_id=question_id,
        level=level,
        competency="mlops",
        started_at=start,
        ended_at=start + dt.timedelta(minutes=2),
        time_limit=300,
        timed_out=timed_out,
        rating=rating,
        notes="Drift tests, then retraining",
    )


def add_records(store: Store, framework: Framework, person_id: int, profile: Any) -> dict[str, Any]:
    """One of each kind of record for a person: assessment, plan, document (a brag document, and a job posting to
    match it with), journal entry, interview practice answer."""
    result = assess(profile, framework)
    record = store.save_assessment(person_id, profile, result)
    made = store.save_plan(person_id, plan(profile, framework, start=dt.date(2025, 1, 6), assessment=result), record.id)
    document, evidence = evidence_from_file(DOCUMENTS / "brag-mid.md", framework)
    saved = store.save_document(person_id, "brag-mid.md", evidence.kind, document, evidence, b"original")
    posting, asked = evidence_from_file(DOCUMENTS / "posting-staff.md", framework, "posting")
    posted = store.save_document(person_id, "posting-staff.md", "posting", posting, asked, b"original")
    entry = store.add_journal_entry(
        person_id, dt.date(2025, 2, 1), "Led the feature store migration", "-30% cost", framework
    )
    answer = store.save_practice_answer(person_id, practice_answer("l3-handling-concept-drift", 3))
    return {
        "person_id": person_id,
        "answer_id": answer.id,
        "assessment_id": record.id,
        "plan_id": made.id,
        "document_id": saved.id,
        "posting_id": posted.id,
        "entry_id": entry.id,
        "key": made.activities[0].key,
    }
