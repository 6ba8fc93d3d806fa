"""The web app's defences: form tokens against cross-site requests, login rate limiting, a request size limit
and security headers. Each is small and independent of the routes, so every route gets them."""

from __future__ import annotations

import secrets
import threading
import time
from collections import OrderedDict, deque
from collections.abc import Callable, MutableMapping
from typing import Any

from starlette.responses import Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

CSRF_SESSION_KEY = "csrf"
CSRF_FIELD = "csrf_token"
CSRF_HEADER = "x-csrf-token"
UNSAFE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})
MULTIPART_SLACK = 64 * 1024  # room for the form fields and boundaries around an upload of the maximum size

# The pages need nothing from elsewhere: no inline scripts or styles, no frames, forms post only to this site.
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; object-src 'none'; "
    "base-uri 'none'; frame-ancestors 'none'; form-action 'self'"
)
SECURITY_HEADERS = [
    (b"content-security-policy", CONTENT_SECURITY_POLICY.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"same-origin"),
    (b"x-frame-options", b"DENY"),
    (b"cross-origin-opener-policy", b"same-origin"),
]


# -- CSRF ----------------------------------------------------------------------------------------------------------


def csrf_token(session: MutableMapping[str, Any]) -> str:
    """The session's form token, made on first use; every form carries it in a hidden field."""
    token = session.get(CSRF_SESSION_KEY)
    if not isinstance(token, str) or not token:
        token = secrets.token_urlsafe(32)
        session[CSRF_SESSION_KEY] = token
    return token


class FormToken:
    """The session's form token for a page, made only if the page prints it (a form's hidden field), so pages
    without forms leave the session alone and answer without a cookie."""

    def __init__(self, session: MutableMapping[str, Any] | None) -> None:
        self._session = session

    def __str__(self) -> str:
        return "" if self._session is None else csrf_token(self._session)

    def __html__(self) -> str:  # a token is letters, digits, '-' and '_': nothing to escape
        return str(self)


def csrf_matches(session: MutableMapping[str, Any], given: object) -> bool:
    """Does ``given`` equal the session's token? A page on another site cannot read it, so cannot send it."""
    expected = session.get(CSRF_SESSION_KEY)
    if not isinstance(expected, str) or not expected or not isinstance(given, str):
        return False
    return secrets.compare_digest(expected.encode(), given.encode())


# -- login rate limiting -------------------------------------------------------------------------------------------


class LoginLimiter:
    """At most ``attempts`` failed sign-ins per (user name, client address) in a sliding ``window`` of seconds.

    Kept in memory: a restart forgets failures, which only helps someone who can restart the server anyway. The
    number of keys is capped so a flood of made-up names cannot grow it without bound.
    """

    MAX_KEYS = 10_000

    def __init__(self, attempts: int, window: float, clock: Callable[[], float] = time.monotonic) -> None:
        self.attempts, self.window, self._clock = attempts, window, clock
        self._failures: OrderedDict[tuple[str, str], deque[float]] = OrderedDict()
        self._lock = threading.Lock()

    def retry_after(self, username: str, address: str) -> int:
        """Seconds until this pair may try again; 0 when it may try now."""
        with self._lock:
            failures = self._recent(_key(username, address))
            if len(failures) < self.attempts:
                return 0
            return max(1, int(failures[0] + self.window - self._clock()) + 1)

    def failed(self, username: str, address: str) -> None:
        with self._lock:
            key = _key(username, address)
            self._recent(key).append(self._clock())
            self._failures.move_to_end(key)
            while len(self._failures) > self.MAX_KEYS:
                self._failures.popitem(last=False)

    def succeeded(self, username: str, address: str) -> None:
        with self._lock:
            self._failures.pop(_key(username, address), None)

    def _recent(self, key: tuple[str, str]) -> deque[float]:
        failures = self._failures.setdefault(key, deque())
        cutoff = self._clock() - self.window
        while failures and failures[0] <= cutoff:
            failures.popleft()
        return failures


def _key(username: str, address: str) -> tuple[str, str]:
    return username.strip().lower(), address


# -- request size --------------------------------------------------------------------------------------------------


class BodyTooLarge(Exception):
    """The request body is over the limit (raised while it streams in)."""


TooLargeResponder = Callable[[Scope], Response]


class BodyLimitMiddleware:
    """Refuse request bodies over ``limit`` bytes with 413, before reading them when Content-Length says so and
    while reading them otherwise, so an upload cannot fill memory or disk."""

    def __init__(self, app: ASGIApp, limit: int, respond: TooLargeResponder) -> None:
        self.app, self.limit, self.respond = app, limit, respond

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = _content_length(scope)
        if declared is not None and declared > self.limit:
            await self.respond(scope)(scope, receive, send)
            return
        received, exceeded, started = 0, False, False

        async def counting_receive() -> Message:
            nonlocal received, exceeded
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.limit:
                    exceeded = True
                    raise BodyTooLarge()
            return message

        async def guarded_send(message: Message) -> None:
            nonlocal started
            if exceeded and not started:
                return  # the app's answer to a body it could not read (often a 400) is replaced by the 413
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, counting_receive, guarded_send)
        except Exception:
            if not exceeded:
                raise
        if exceeded and not started:
            await self.respond(scope)(scope, receive, send)


def _content_length(scope: Scope) -> int | None:
    for name, value in scope.get("headers", []):
        if name == b"content-length":
            try:
                return int(value)
            except ValueError:
                return None
    return None


# -- headers -------------------------------------------------------------------------------------------------------


class SecurityHeadersMiddleware:
    """Add :data:`SECURITY_HEADERS` to every response that does not set them itself."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                present = {name.lower() for name, _ in headers}
                headers += [(name, value) for name, value in SECURITY_HEADERS if name not in present]
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, with_headers)
