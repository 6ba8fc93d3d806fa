"""How failures answer: pages get a readable error page, the API a JSON ``{"detail": ...}``; never a traceback.

Domain errors keep their one-line message (what is wrong and how to fix it); a record someone may not see is
reported exactly like a record that does not exist.
"""

from __future__ import annotations

from urllib.parse import quote

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, RedirectResponse, Response
from starlette.exceptions import HTTPException

from mlladder.errors import MlladderError
from mlladder.store import RecordNotFound
from mlladder.web.deps import LoginRequired
from mlladder.web.rendering import render
from mlladder.web.services import UploadTooLarge

TITLES = {
    400: "That did not work",
    401: "Please sign in",
    403: "Not allowed",
    404: "Not found",
    405: "Not allowed",
    413: "File too large",
    422: "Please check the form",
    429: "Too many attempts",
}


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
    app.add_exception_handler(UploadTooLarge, too_large)
    app.add_exception_handler(HTTPException, http_error)
    app.add_exception_handler(RequestValidationError, invalid_request)


def _first_problem(error: RequestValidationError) -> str:
    problems = error.errors()
    if not problems:
        return "The request could not be read."
    first = problems[0]
    field = str(first.get("loc", ["", "value"])[-1])
    return f"{field.replace('_', ' ')}: {first.get('msg', 'not valid')}."


def _jsonable(error: RequestValidationError) -> list[dict[str, object]]:
    """Validation problems without the rejected input (it could be large, or a password)."""
    return [
        {"loc": list(problem.get("loc", [])), "msg": str(problem.get("msg", "")), "type": str(problem.get("type", ""))}
        for problem in error.errors()
    ]
