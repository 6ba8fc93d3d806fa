"""Schemathesis against the app's own OpenAPI schema: no request to any /api/ endpoint ends in a server error.

The app runs in-process over a real database, in single-user mode and in team mode signed in as an admin (who may
see and change everything, so requests get past the permission checks to the code behind them): on an SQLite file
always, and on PostgreSQL too when ``MLLADDER_TEST_PG_URL`` is set (in a schema of its own, dropped afterwards).

For every operation the requests come from three strategies: valid requests with made-up ids, valid requests with
the ids of real records (an assessment, a plan, a document, a journal entry; a posting and a document to match it
with in the query), and invalid requests. Every failing
operation is reported, each with a curl command that reproduces it. The examples are a fixed, bounded set
(derandomised), so a run is repeatable and short.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, cast

import hypothesis.strategies as st
import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from schemathesis import APIOperation, Case, GenerationMode
from schemathesis.core.result import Err
from schemathesis.python.asgi import ASGIClient

from mlladder import Framework, load_profile
from mlladder.store import Store
from mlladder.web import create_app
from tests.conftest import ROOT
from tests.web.conftest import BASE_URL, NEEDS_POSTGRES, PASSWORD, add_records, database_url, settings_for
from tests.web.html import parse
from tests.web.ids import OWNED_QUERY_IDS

EXAMPLES_PER_OPERATION = 20
PROFILE = ROOT / "examples" / "profiles" / "mid.yaml"
SAMPLE_PATH_VALUES = {"level_id": "L3"}
Operation = APIOperation[Any, Any, Any, Any]


@dataclass
class Api:
    """A client of the app in one mode, with the headers every call carries and ids of real records."""

    mode: str
    client: ASGIClient
    headers: dict[str, str]
    records: dict[str, Any]


def sign_in_as_admin(client: ASGIClient) -> None:
    form = parse(client.get("/login").text).find("input", name="csrf_token").attrs["value"]
    signed = client.post(
        "/login",
        data={"username": "admin", "password": PASSWORD, "csrf_token": form, "next": "/"},
        allow_redirects=False,
    )
    assert signed.status_code == 303, signed.text


def seed(store: Store, framework: Framework, multi_user: bool) -> dict[str, Any]:
    """Real records to aim at: in team mode those of an engineer with a manager, so the admin sees another's."""
    if multi_user:
        store.create_user("admin", PASSWORD, "admin", name="Ada Admin")
        manager = store.create_user("mia", PASSWORD, "manager", name="Mia Manager")
        person = store.create_user("bea", PASSWORD, "engineer", manager.id, name="Bea Report").person_id
        assert person is not None
    else:
        person = store.default_person().id
    return add_records(store, framework, person, load_profile(PROFILE, framework))


@pytest.fixture(
    params=[
        pytest.param(("sqlite", "single-user"), id="sqlite-single-user"),
        pytest.param(("sqlite", "team"), id="sqlite-team-admin"),
        # On PostgreSQL team mode only: as admin, requests reach the most code; single-user mode adds nothing there.
        pytest.param(("postgresql", "team"), id="postgresql-team-admin", marks=NEEDS_POSTGRES),
    ]
)
def api(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Api]:
    backend, mode = request.param
    multi_user = mode == "team"
    with database_url(backend, tmp_path) as url:
        settings = settings_for(tmp_path, db_url=url, multi_user=multi_user)
        with Store(url) as store:
            app = create_app(settings, store)
            records = seed(store, app.state.mlladder.framework, multi_user)
            # The base URL sets the Host header, and the app answers to loopback names only. (The cast: Starlette
            # types ASGI messages as mutable mappings, Schemathesis as dicts; both are the same ASGI app.)
            client = ASGIClient(cast(Any, app), base_url=BASE_URL)
            if multi_user:
                sign_in_as_admin(client)
            token = client.get("/api/session").json()["csrf_token"]
            yield Api(f"{backend}, {mode}", client, {"X-CSRF-Token": token}, records)
            client.close()


def real_ids(operation: Operation, records: dict[str, Any]) -> dict[str, Any]:
    """The operation's path parameters filled with real values: the seeded records' ids, a real level."""
    values = {**SAMPLE_PATH_VALUES, **records}
    names = [parameter.name for parameter in operation.path_parameters]
    unknown = set(names) - set(values)
    assert not unknown, f"{operation.path}: add a real value for {unknown} to SAMPLE_PATH_VALUES or seed()"
    return {name: values[name] for name in names}


def real_query_ids(operation: Operation, records: dict[str, Any]) -> dict[str, Any]:
    """The operation's query parameters that name records (a match's posting and resume), with real ids."""
    names = [parameter.name for parameter in operation.query]
    return {name: records[OWNED_QUERY_IDS[name]] for name in names if name in OWNED_QUERY_IDS}


def server_errors(api: Api, operation: Operation) -> list[str]:
    """Send this operation's examples; the requests answered with 5xx (or crashing the app), shrunk by Hypothesis."""
    strategy = st.one_of(
        operation.as_strategy(GenerationMode.POSITIVE),
        operation.as_strategy(
            GenerationMode.POSITIVE,
            path_parameters=real_ids(operation, api.records),
            query=real_query_ids(operation, api.records),
        ),
        operation.as_strategy(GenerationMode.NEGATIVE),
    )

    @settings(
        max_examples=EXAMPLES_PER_OPERATION,
        derandomize=True,
        database=None,
        deadline=None,
        phases=[Phase.explicit, Phase.generate, Phase.shrink],
        suppress_health_check=list(HealthCheck),
    )
    @given(case=strategy)
    def no_server_error(case: Case[Operation]) -> None:
        reproduce = case.as_curl_command(headers=api.headers, base_url=BASE_URL)
        try:
            response = case.call(base_url=BASE_URL, session=api.client, headers=api.headers)
        except Exception as error:  # in-process, an error the app does not handle arrives here, not as a 500
            raise AssertionError(f"{reproduce}\n    -> the app raised {error!r}") from error
        assert response.status_code < 500, f"{reproduce}\n    -> {response.status_code} {response.text[:300]}"

    try:
        no_server_error()
    except AssertionError as failure:
        return [str(failure)]
    except ExceptionGroup as failures:  # Hypothesis found several distinct ones
        return [str(failure) for failure in failures.exceptions]
    return []


def operations(api: Api) -> list[Operation]:
    """Every operation of the schema the app serves, those that delete last (so the others still find records)."""
    schema = schemathesis.openapi.from_dict(api.client.get("/openapi.json").json())
    found = []
    for result in schema.get_all_operations():
        if isinstance(result, Err):
            raise AssertionError(f"the app's OpenAPI schema has a problem: {result.err()}")
        found.append(result.ok())
    return sorted(found, key=lambda operation: operation.method.upper() == "DELETE")


def test_no_api_request_ends_in_a_server_error(api: Api) -> None:
    found = operations(api)
    assert {operation.path for operation in found} >= {"/api/assessments/{assessment_id}", "/api/people/{person_id}"}
    assert all(operation.path.startswith("/api/") for operation in found)
    failures = [
        f"{operation.method.upper()} {operation.path}:\n  {failure}"
        for operation in found
        for failure in server_errors(api, operation)
    ]
    assert not failures, f"server errors ({api.mode}):\n" + "\n".join(failures)


def test_the_seeded_records_are_reachable(api: Api) -> None:
    """The real-id strategy only helps if those ids answer: check they do, in every mode."""
    records = api.records
    for path in (
        f"/api/assessments/{records['assessment_id']}",
        f"/api/plans/{records['plan_id']}",
        f"/api/documents/{records['document_id']}",
        f"/api/journal/{records['entry_id']}",
        f"/api/people/{records['person_id']}/packet",
        f"/api/people/{records['person_id']}/match?posting={records['posting_id']}&resume={records['document_id']}",
    ):
        assert api.client.get(path).status_code == 200, path
    plan = api.client.get(f"/api/plans/{records['plan_id']}").json()
    assert records["key"] in {activity["key"] for activity in plan["activities"]}
