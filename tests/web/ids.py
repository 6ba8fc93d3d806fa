"""Filling a route's path parameters, and the query parameters naming records, with the ids of real records, so
tests can visit every route."""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urlencode

from fastapi import FastAPI
from fastapi.routing import APIRoute

from mlladder.web.routes import ROUTERS

# Path parameters naming someone's data: every route with one of these must check who is asking.
OWNED_IDS = ("person_id", "assessment_id", "document_id", "entry_id", "plan_id", "answer_id")
OTHER_PARAMETERS = {"key", "number", "fmt", "level_id", "name", "skill_id"}
# Query parameters naming someone's records, and the record each is filled with (a posting, a brag document
# to match with it, an account for its admin page).
OWNED_QUERY_IDS = {"posting": "posting_id", "resume": "document_id", "user_id": "user_id"}
SAMPLE_VALUES = {"number": "1", "fmt": "md", "level_id": "L3", "name": "style.css", "skill_id": "kubernetes"}


def routes(app: FastAPI) -> list[APIRoute]:
    """Every route of the app. FastAPI before 0.16x copies included routes into ``app.routes``; later versions
    keep the routers there, so their routes come from the routers the app includes (``ROUTERS``)."""
    found = {(route.path, frozenset(route.methods or ())): route for route in app.routes if isinstance(route, APIRoute)}
    for router in ROUTERS:
        for route in router.routes:
            if isinstance(route, APIRoute):
                found.setdefault((route.path, frozenset(route.methods or ())), route)
    return list(found.values())


def parameters(route: APIRoute) -> list[str]:
    return re.findall(r"{(\w+)}", route.path)


def query_parameters(route: APIRoute) -> list[str]:
    """The query parameters of the route and of its dependencies."""
    found: list[str] = []
    pending = [route.dependant]
    while pending:
        dependant = pending.pop()
        found.extend(parameter.name for parameter in dependant.query_params)
        pending.extend(dependant.dependencies)
    return found


def owned(route: APIRoute) -> bool:
    return any(name in OWNED_IDS for name in parameters(route))


def fill(route: APIRoute, records: dict[str, Any]) -> str:
    """The route's path with every parameter replaced: owned ids from ``records``, the rest from samples."""
    unknown = set(parameters(route)) - set(OWNED_IDS) - OTHER_PARAMETERS
    assert not unknown, f"{route.path}: add sample values for {unknown}"
    values = {**SAMPLE_VALUES, **{name: str(value) for name, value in records.items()}}
    return re.sub(r"{(\w+)}", lambda match: values[match.group(1)], route.path)


def visit_path(route: APIRoute, records: dict[str, Any]) -> str:
    """:func:`fill`, and the query parameters that name records with their ids when ``records`` has them: what
    to visit to reach the route's records."""
    query = {}
    for name in query_parameters(route):
        record = OWNED_QUERY_IDS.get(name)
        if record is not None and record in records:
            query[name] = str(records[record])
    path = fill(route, records)
    return f"{path}?{urlencode(query)}" if query else path
