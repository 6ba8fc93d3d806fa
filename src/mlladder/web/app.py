"""``create_app(settings)``: the whole web app, built on demand (nothing happens at import time)."""

from __future__ import annotations

import gc
import os
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import Depends, FastAPI, Request
from fastapi.responses import Response
from starlette.middleware.sessions import SessionMiddleware
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from mlladder import Store, __version__
from mlladder.addresses import LOOPBACK_NAMES
from mlladder.framework.load import framework_from_option
from mlladder.web.assets import load_assets
from mlladder.web.deps import AppState
from mlladder.web.errors import CsrfFailed, ServerErrorPages, error_response, install_error_handlers, is_api
from mlladder.web.rendering import environment
from mlladder.web.routes import ROUTERS
from mlladder.web.routes.documents import refused_upload
from mlladder.web.security import (
    CSRF_FIELD,
    CSRF_HEADER,
    MULTIPART_SLACK,
    UNSAFE_METHODS,
    BodyLimitMiddleware,
    HostCheckMiddleware,
    LoginLimiter,
    SecurityHeadersMiddleware,
    csrf_matches,
)
from mlladder.web.services import upload_limit_message
from mlladder.web.settings import Settings, from_handoff, host_in_url, session_secret

__all__ = ["HANDOFF_VARIABLE", "create_app", "freeze_start_up_objects"]

SESSION_COOKIE = "mlladder_session"
LOOPBACK_HOSTS = (*LOOPBACK_NAMES, "[::1]")  # as Host headers write them: IPv6 addresses in brackets
UNKNOWN_HOST = (
    "This server does not answer to that host name "
    "(fix: open it at the address 'mlladder serve' printed, or add the name to the allowed hosts)."
)
HANDOFF_VARIABLE = "MLLADDER_SERVE_SETTINGS"  # set by ``mlladder serve`` for the server processes it starts


async def check_csrf(request: Request) -> None:
    """Every request that changes something must carry the session's token: forms in a hidden field, API calls
    in the X-CSRF-Token header (which a page on another site cannot set without the browser asking first)."""
    if request.method not in UNSAFE_METHODS:
        return
    if is_api(request):
        given: object = request.headers.get(CSRF_HEADER)
    else:
        given = (await request.form()).get(CSRF_FIELD)
    if not csrf_matches(request.session, given):
        raise CsrfFailed()


def create_app(settings: Settings, store: Store | None = None) -> FastAPI:
    """The web app for ``settings``: opens the store (migrating it) and loads the framework now, so a bad
    database URL or framework file fails at start-up rather than at the first request.

    Pass ``store`` to serve a store you opened yourself; it is then yours to close.
    """
    owned = store is None
    store = store or Store(settings.db_url)
    framework = framework_from_option(settings.framework)
    assets = load_assets()
    state = AppState(
        settings=settings,
        store=store,
        framework=framework,
        limiter=LoginLimiter(store, settings.login_attempts, settings.login_window_seconds),
        templates=environment(assets),
        default_person_id=None if settings.multi_user else store.default_person().id,
        assets=assets,
    )

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        yield
        if owned:
            store.close()

    app = FastAPI(
        title="mlladder",
        version=__version__,
        description="The machine-learning engineer's career ladder: assessments, plans, journal and packets.",
        lifespan=lifespan,
        dependencies=[Depends(check_csrf)],
        docs_url=None,  # the interactive docs load scripts from a CDN; /openapi.json describes the API instead
        redoc_url=None,
    )
    app.state.mlladder = state
    install_error_handlers(app)
    for router in ROUTERS:
        app.include_router(router)
    _add_middleware(app, settings)
    return app


def app_from_handoff() -> FastAPI:
    """The app of one server process when ``mlladder serve`` runs several through uvicorn (where the system
    cannot spread connections over sockets sharing a port): built from the settings the command resolved (the
    session key included), which it passes down in :data:`HANDOFF_VARIABLE`."""
    app = create_app(from_handoff(os.environ[HANDOFF_VARIABLE]))
    freeze_start_up_objects()
    return app


def freeze_start_up_objects() -> None:
    """For a server process about to serve: what exists now (the framework, templates, routes) lives as long as
    the process. Frozen, the garbage collector stops walking it on every full collection; those walks paused
    every request for about 0.1 s. (Not done by ``create_app``: a program embedding the app decides this itself.)"""
    gc.collect()
    gc.freeze()


class HeadAsGet:
    """HEAD answers as GET does, without the body (RFC 9110 §9.3.2): the routes declare GET only, so a HEAD
    request is passed on as GET and gets the same status and headers (``Content-Length`` included), which link
    checkers and uptime monitors rely on, instead of 405."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] != "HEAD":
            await self.app(scope, receive, send)
            return

        async def headers_only(message: Message) -> None:
            if message["type"] == "http.response.body":
                if message.get("more_body", False):
                    return  # the body's parts are dropped; the last one ends the response, empty
                message = {"type": "http.response.body", "body": b"", "more_body": False}
            await send(message)

        await self.app({**scope, "method": "GET"}, receive, headers_only)


def _add_middleware(app: FastAPI, settings: Settings) -> None:
    """Outermost last: headers on everything, then error pages for unexpected exceptions (so they get the headers
    too), the host check, sessions, and the size limit innermost (inside the sessions, so that the upload form it
    sends back is the signed-in person's page). HEAD becomes GET before all of them, so every
    check treats the two alike."""

    def too_large(scope: Scope) -> Response:
        return error_response(Request(scope), 413, upload_limit_message(settings.upload_limit_bytes))

    def unknown_host(scope: Scope) -> Response:
        return error_response(Request(scope), 400, UNKNOWN_HOST)

    app.add_middleware(
        BodyLimitMiddleware,
        limit=settings.upload_limit_bytes + MULTIPART_SLACK,
        respond=too_large,
        reroute=refused_upload,  # the upload form comes back with the limit beside its file field
    )
    app.add_middleware(
        SessionMiddleware,
        secret_key=session_secret(settings),
        session_cookie=SESSION_COOKIE,
        max_age=settings.session_max_age_seconds,
        same_site="lax",
        https_only=not settings.loopback,  # off this machine, the cookie only travels over HTTPS
    )
    hosts = allowed_hosts(settings)
    if hosts is not None:
        app.add_middleware(HostCheckMiddleware, hosts=hosts, respond=unknown_host)
    app.add_middleware(ServerErrorPages)
    app.add_middleware(SecurityHeadersMiddleware)
    app.add_middleware(HeadAsGet)


def allowed_hosts(settings: Settings) -> list[str] | None:
    """Host names to answer to (None: any). On loopback only loopback names and the address the server listens
    on (``127.0.0.2``, ``[::1]``), so a web page cannot reach the app through a name of its own that resolves to
    this machine (DNS rebinding); elsewhere the names configured and the address it listens on, or any name."""
    own = [*LOOPBACK_HOSTS, host_in_url(settings.host)]
    if settings.allowed_hosts:
        return [*own, *settings.allowed_hosts]
    return own if settings.loopback else None
