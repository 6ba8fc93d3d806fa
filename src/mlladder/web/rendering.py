"""Server-rendered pages: one Jinja2 environment (autoescape always on) and the context every page shares."""

from __future__ import annotations

import datetime as dt
from collections.abc import Awaitable, Callable, Hashable, Mapping
from typing import Any

import jinja2
from fastapi import Request
from fastapi.responses import HTMLResponse, Response
from markupsafe import Markup

from mlladder import Activity, Framework
from mlladder.formatting import percent_label
from mlladder.framework.ladder import format_band, format_money
from mlladder.framework.sources import expectation_sources, provenance_of, timeline_sources
from mlladder.report import advice
from mlladder.report.provenance import activity_sources
from mlladder.report.render import number, rating, signed, years_span
from mlladder.web.assets import Asset, asset_url
from mlladder.web.deps import RememberedPage, Viewer, quick_read, state_of
from mlladder.web.security import CSRF_FIELD, CSRF_SESSION_KEY, FormToken

__all__ = ["environment", "page_until_changed", "record_fragment", "render"]

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
    env.filters.update(hours=advice.hours, sentence=advice.sentence)
    env.filters["day"] = _day
    env.globals.update(csrf_field=CSRF_FIELD, status_labels=ACTIVITY_STATUS_LABELS)
    env.globals["static"] = lambda name: asset_url(assets, name)
    # Where guidance comes from, by title: the same words on every page (see mlladder.framework.sources).
    env.globals.update(cited=cited, cited_activity=cited_activity, cited_markers=cited_markers)
    env.globals.update(cited_timeline=cited_timeline)
    env.filters["money"] = format_money  # '$180K'
    env.globals["band"] = format_band  # band(low, high, currency, open_ended): '$150K-$280K'
    return env


def cited(framework: Framework, source_ids: list[str] | tuple[str, ...]) -> Markup:
    """' (from “Title”)' after a piece of guidance, or ' (written for this ladder)'; nothing without sources.

    One function for every page so guidance reads the same everywhere and never shows a source's file name."""
    text = provenance_of(framework, source_ids)
    return Markup(' <span class="muted source">({})</span>').format(text) if text else Markup("")


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


async def page_until_changed(
    request: Request, viewer: Viewer, page: Hashable, make: Callable[[], Awaitable[Response]]
) -> Response:
    """The page ``make()`` returns, made once and answered again for as long as the database is unchanged.

    For pages made only from the database, the framework and who is asking. Each is remembered per ``page``
    (which page, of which record), viewer account and session form token, so a page never shows one viewer what
    was made for another nor carries another session's token. The database's change mark is read first: a page
    made from reads after it is used again only while the mark is the same, so no commit, by any process, is
    ever missed. Only complete 200 answers are remembered.
    """
    state = state_of(request)
    mark = await quick_read(state.store, state.store.change_mark)
    remembered = state.pages.get(_page_key(request, viewer, page))
    if remembered is not None and remembered.mark == mark:
        return HTMLResponse(remembered.body)
    response = await make()
    if response.status_code == 200 and isinstance(response, HTMLResponse):
        # Keyed after making: a page that just gave the session its form token is remembered under that token.
        state.pages.put(_page_key(request, viewer, page), RememberedPage(mark, bytes(response.body)))
    return response


def _page_key(request: Request, viewer: Viewer, page: Hashable) -> Hashable:
    token = request.session.get(CSRF_SESSION_KEY) if "session" in request.scope else None
    return (page, viewer.user.id if viewer.user else None, token)


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


def cited_activity(framework: Framework, target: str, activity: Activity) -> Markup:
    """:func:`cited` for the framework data a plan's activity was made from (nothing for the planner's own)."""
    return cited(framework, activity_sources(framework, target, activity))


def cited_markers(framework: Framework, competency_id: str, level_id: str) -> Markup:
    """:func:`cited` for the markers of a level's expectation of a competency."""
    competency = next((item for item in framework.competencies if item.id == competency_id), None)
    return cited(framework, expectation_sources(competency, level_id)) if competency is not None else Markup("")


def cited_timeline(framework: Framework, from_id: str, to_id: str) -> Markup:
    """:func:`cited` for the durations on the way from one level to another."""
    return cited(framework, timeline_sources(framework, from_id, to_id))
