"""Filling a route's path parameters with the ids of real records, so tests can visit every route."""

from __future__ import annotations

import re
from typing import Any

from fastapi import FastAPI
from fastapi.routing import APIRoute

from mlladder.web.routes import ROUTERS

# Path parameters naming someone's data: every route with one of these must check who is asking.
OWNED_IDS = ("person_id", "assessment_id", "document_id", "entry_id", "plan_id")
OTHER_PARAMETERS = {"key", "number", "fmt", "level_id", "name"}
SAMPLE_VALUES = {"number": "1", "fmt": "md", "level_id": "L3", "name": "style.css"}


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


def owned(route: APIRoute) -> bool:
    return any(name in OWNED_IDS for name in parameters(route))


def fill(route: APIRoute, records: dict[str, Any]) -> str:
    """The route's path with every parameter replaced: owned ids from ``records``, the rest from samples."""
    unknown = set(parameters(route)) - set(OWNED_IDS) - OTHER_PARAMETERS
    assert not unknown, f"{route.path}: add sample values for {unknown}"
    values = {**SAMPLE_VALUES, **{name: str(value) for name, value in records.items()}}
    return re.sub(r"{(\w+)}", lambda match: values[match.group(1)], route.path)
