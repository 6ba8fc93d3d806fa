"""Server-rendered pages: one Jinja2 environment (autoescape always on) and the context every page shares."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from typing import Any

import jinja2
from fastapi import Request
from fastapi.responses import HTMLResponse
from markupsafe import Markup

from mlladder.formatting import percent_label
from mlladder.report.render import number, rating, signed, years_span
from mlladder.web.assets import Asset, asset_url
from mlladder.web.deps import Viewer, state_of
from mlladder.web.security import CSRF_FIELD, FormToken

ACTIVITY_STATUS_LABELS = {"todo": "To do", "doing": "Doing", "done": "Done"}


def environment(assets: dict[str, Asset]) -> jinja2.Environment:
    """Autoescape everywhere: every name, journal entry, file name and document text is printed as text."""
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("mlladder.web", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        auto_reload=False,  # templates ship inside the package: no need to check their files on every page
    )
    env.filters.update(pct=percent_label, number=number, rating=rating, signed=signed, years_span=years_span)
    env.filters["day"] = _day
    env.globals.update(csrf_field=CSRF_FIELD, status_labels=ACTIVITY_STATUS_LABELS)
    env.globals["static"] = lambda name: asset_url(assets, name)
    return env


def _day(value: dt.date | dt.datetime | None) -> str:
    if value is None:
        return ""
    return (value.date() if isinstance(value, dt.datetime) else value).isoformat()


def record_fragment(
    request: Request, template: str, record_id: int, context: Callable[[], Mapping[str, Any]]
) -> Markup:
    """``template`` filled with ``context()``, rendered once per record and then remembered.

    Only for fragments that depend on nothing but a record that never changes (an assessment) and the app's
    framework; ``context`` is called only when the fragment is not remembered yet.
    """
    state = state_of(request)
    key = (template, record_id)
    found = state.fragments.get(key)
    if found is None:
        found = state.fragments.put(key, Markup(state.templates.get_template(template).render(**context())))
    return found


def render(
    request: Request,
    template: str,
    viewer: Viewer | None = None,
    status_code: int = 200,
    headers: dict[str, str] | None = None,
    **context: Any,
) -> HTMLResponse:
    """A page: ``template`` filled with ``context`` plus what the layout needs (the viewer, the form token)."""
    state = state_of(request)
    context.setdefault("subject", None)
    page = state.templates.get_template(template).render(
        request=request,
        viewer=viewer,
        multi_user=state.settings.multi_user,
        framework=state.framework,
        csrf_token=FormToken(request.session if "session" in request.scope else None),
        **context,
    )
    return HTMLResponse(page, status_code=status_code, headers=headers)
