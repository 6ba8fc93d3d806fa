"""How failures answer: pages get a readable error page, the API a JSON ``{"detail": ...}``; never a traceback.

Domain errors keep their one-line message (what is wrong and how to fix it); a record someone may not see is
reported exactly like a record that does not exist. An exception nothing expected is a 500 of the same kind (507
when the disk is full), answered inside the security headers' middleware, so it carries them like every answer.
"""

from __future__ import annotations

import html
import logging
from urllib.parse import quote

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from mlladder import DiskFull, MlladderError, RecordNotFound
from mlladder.store.engine import is_disk_full
from mlladder.web.deps import LoginRequired
from mlladder.web.rendering import render
from mlladder.web.services import UploadTooLarge

__all__ = ["CsrfFailed", "ServerErrorPages", "error_response", "install_error_handlers", "is_api"]

TITLES = {
    400: "That did not work",
    401: "Please sign in",
    403: "Not allowed",
    404: "Not found",
    405: "Not allowed",
    413: "File too large",
    422: "Please check the form",
    429: "Too many attempts",
    507: "The server's disk is full",
}
UNEXPECTED = (
    "Something went wrong on the server, and this request was not completed "
    "(fix: try again; if it happens again, tell whoever runs the server)."
)
DISK_FULL = (
    "The server's disk is full; nothing was saved "
    "(fix: try again later, and tell whoever runs the server to free some space)."
)

log = logging.getLogger("mlladder.web")


class CsrfFailed(HTTPException):
    """A form or API call without this session's token: from another site, or from a page older than the session."""

    def __init__(self) -> None:
        super().__init__(
            403,
            "The form could not be accepted because its security token is missing or out of date "
            "(fix: go back, reload the page and send it again).",
        )


def is_api(request: Request) -> bool:
    return request.url.path == "/api" or request.url.path.startswith("/api/")


def error_response(request: Request, status: int, message: str, headers: dict[str, str] | None = None) -> Response:
    if is_api(request):
        return JSONResponse({"detail": message}, status_code=status, headers=headers)
    title = TITLES.get(status, "Something went wrong")
    return render(
        request, "error.html", status_code=status, headers=headers, title=title, message=message, status=status
    )


def install_error_handlers(app: FastAPI) -> None:
    async def login_required(request: Request, _: Exception) -> Response:
        if is_api(request):
            return JSONResponse({"detail": "sign in first"}, status_code=401)
        target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        return RedirectResponse(f"/login?next={quote(target, safe='')}", status_code=303)

    async def not_found(request: Request, error: Exception) -> Response:
        return error_response(request, 404, str(error))

    async def domain_error(request: Request, error: Exception) -> Response:
        return error_response(request, 400, str(error))

    async def disk_full(request: Request, error: Exception) -> Response:
        log.warning("mlladder: %s", error)  # not a bug: one line, no traceback
        return error_response(request, 507, DISK_FULL)

    async def too_large(request: Request, error: Exception) -> Response:
        return error_response(request, 413, str(error))

    async def http_error(request: Request, error: Exception) -> Response:
        assert isinstance(error, HTTPException)
        return error_response(request, error.status_code, str(error.detail), dict(error.headers or {}) or None)

    async def invalid_request(request: Request, error: Exception) -> Response:
        assert isinstance(error, RequestValidationError)
        if is_api(request):
            return JSONResponse({"detail": _jsonable(error)}, status_code=422)
        return error_response(request, 422, _first_problem(error))

    app.add_exception_handler(LoginRequired, login_required)
    app.add_exception_handler(RecordNotFound, not_found)
    app.add_exception_handler(MlladderError, domain_error)
    app.add_exception_handler(DiskFull, disk_full)
    app.add_exception_handler(UploadTooLarge, too_large)
    app.add_exception_handler(HTTPException, http_error)
    app.add_exception_handler(RequestValidationError, invalid_request)


def _first_problem(error: RequestValidationError) -> str:
    problems = error.errors()
    if not problems:
        return "The request could not be read."
    first = problems[0]
    names = [part for part in first.get("loc", ()) if isinstance(part, str)]  # ("query", "resume", 0): resume
    field = names[-1] if names else "value"
    return f"{field.replace('_', ' ')}: {first.get('msg', 'not valid')}."


def _jsonable(error: RequestValidationError) -> list[dict[str, object]]:
    """Validation problems without the rejected input (it could be large, or a password); a refused skill keeps
    the ids of the closest skills (``closest``)."""
    return [
        {
            "loc": list(problem.get("loc", [])),
            "msg": str(problem.get("msg", "")),
            "type": str(problem.get("type", "")),
            **({"closest": list(problem["closest"])} if "closest" in problem else {}),
        }
        for problem in error.errors()
    ]


class ServerErrorPages:
    """An exception no handler took becomes an answer like every other failure's: an error page, or JSON under
    /api; 507 when the disk is full, else 500.

    Starlette answers such exceptions in plain text, outside every middleware, so without the security headers.
    This middleware sits just inside :class:`~mlladder.web.security.SecurityHeadersMiddleware`, which adds them.
    The exception then goes on up, so the server logs its traceback as before (tests see it too); a full disk is
    not a bug, and is logged as one line instead.
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = False

        async def watched_send(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, receive, watched_send)
        except Exception as error:
            if started:  # part of an answer is on its way: too late for another
                raise
            if is_disk_full(error):
                first_line = str(error).splitlines()[0] if str(error) else type(error).__name__
                log.warning("mlladder: the disk is full; a request's changes were not saved (%s)", first_line)
                await _answer(scope, 507, DISK_FULL)(scope, receive, send)
                return
            await _answer(scope, 500, UNEXPECTED)(scope, receive, send)
            raise


def _answer(scope: Scope, status: int, message: str) -> Response:
    """The usual error answer; a bare page if even that fails (the failure may be in the templates)."""
    request = Request(scope)
    try:
        return error_response(request, status, message)
    except Exception:
        if is_api(request):
            return JSONResponse({"detail": message}, status_code=status)
        title = html.escape(TITLES.get(status, "Something went wrong"))
        page = f"<!doctype html><title>{title}</title><h1>{title}</h1><p>{html.escape(message)}</p>"
        return HTMLResponse(page, status_code=status)
