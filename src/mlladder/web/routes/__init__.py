"""The app's routes, one module per area; pages here, the JSON API in :mod:`mlladder.web.api`."""

from __future__ import annotations

from fastapi import APIRouter

from mlladder.web.api import ladder as api_ladder
from mlladder.web.api import people as api_people
from mlladder.web.api import records as api_records
from mlladder.web.routes import (
    assess,
    auth,
    documents,
    home,
    journal,
    ladder,
    plans,
    practice,
    progress,
    results,
    static,
    team,
)

__all__ = ["ROUTERS"]

# No two routes can match the same path, so the order only matters for speed: FastAPI tries the routes one by one,
# and the ones asked for most (an assessment's results, as a page and through the API) are tried first.
ROUTERS: list[APIRouter] = [
    results.router,
    api_people.router,
    home.router,
    team.router,  # a manager's and a director's home
    ladder.router,
    assess.router,
    plans.router,
    documents.router,
    journal.router,
    progress.router,
    practice.router,
    auth.router,
    api_ladder.router,
    api_records.router,
    static.router,
]
