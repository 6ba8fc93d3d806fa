"""The app's routes, one module per area; pages here, the JSON API in :mod:`mlladder.web.api`."""

from __future__ import annotations

from fastapi import APIRouter

from mlladder.web.api import ladder as api_ladder
from mlladder.web.api import people as api_people
from mlladder.web.api import records as api_records
from mlladder.web.routes import assess, auth, documents, home, journal, ladder, plans, progress, results

ROUTERS: list[APIRouter] = [
    auth.router,
    home.router,
    ladder.router,
    assess.router,
    results.router,
    plans.router,
    documents.router,
    journal.router,
    progress.router,
    api_ladder.router,
    api_people.router,
    api_records.router,
]
