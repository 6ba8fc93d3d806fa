"""The web app's defences: form tokens against cross-site requests, login rate limiting, a request size limit
and security headers. Each is small and independent of the routes, so every route gets them."""

from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Callable, Collection, MutableMapping
from typing import Any

from starlette.responses import Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from mlladder.store import Store
from mlladder.store.database import Clock, utc_now

__all__ = [
    "ADDRESS_FACTOR",
    "CSRF_FIELD",
    "CSRF_HEADER",
    "CSRF_SESSION_KEY",
    "MULTIPART_SLACK",
    "SECURITY_HEADERS",
    "UNSAFE_METHODS",
    "BodyLimitMiddleware",
    "FormToken",
    "HostCheckMiddleware",
    "LoginLimiter",
    "SecurityHeadersMiddleware",
    "csrf_matches",
    "csrf_token",
]

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


ADDRESS_FACTOR = 4  # an address may fail this many times more often than a name (see LoginLimiter)


class LoginLimiter:
    """At most ``attempts`` failed sign-ins per user name, whatever the addresses they come from, and
    ``attempts * ADDRESS_FACTOR`` per client address, whatever the names, in a sliding ``window`` of seconds.

    Why per name and per address rather than per (name, address) pair: with pairs, whoever can change their
    address (many machines, or a forwarded-for header the server believes) may guess one account's password
    without end. Counted per name, an account is locked however the guesses arrive, and a new address does not
    unlock it. Counted per address as well, one client cannot try a common password on every name either; an
    address gets more failures than a name because several people may share one (an office behind one router).

    The price: whoever knows a user name can lock that account for up to one window with ``attempts`` wrong
    passwords. The lock ends by itself, even the right password waits for it, and it tells nothing about whether the
    name exists (unknown names count the same). A successful sign-in forgets its own name's failures from its own
    address only, so the owner signing in does not reset someone else's count.

    The failures are kept in the store, so every server process of ``mlladder serve --workers N`` counts the same
    ones, and a restart forgets nothing. The store only keeps failures that still count.
    """

    def __init__(self, store: Store, attempts: int, window: float, clock: Clock = utc_now) -> None:
        self.store, self.attempts, self.window, self._clock = store, attempts, dt.timedelta(seconds=window), clock

    def retry_after(self, username: str, address: str) -> int:
        """Seconds until this name may try again from this address; 0 when it may try now."""
        now = self._clock()
        since = now - self.window
        by_name = self.store.login_failures(username, None, since=since)
        by_address = self.store.login_failures(None, address, since=since)
        return max(self._wait(by_name, self.attempts, now), self._wait(by_address, self.attempts * ADDRESS_FACTOR, now))

    def _wait(self, failures: list[dt.datetime], limit: int, now: dt.datetime) -> int:
        if len(failures) < limit:
            return 0
        # It may try again once enough failures have left the window to bring the count below the limit.
        frees_at = failures[len(failures) - limit] + self.window
        return max(1, int((frees_at - now).total_seconds()) + 1)

    def failed(self, username: str, address: str) -> None:
        now = self._clock()
        self.store.record_login_failure(username, address, at=now, forget_before=now - self.window)

    def succeeded(self, username: str, address: str) -> None:
        self.store.clear_login_failures(username, address)


# -- request size --------------------------------------------------------------------------------------------------


Responder = Callable[[Scope], Response]  # the answer to a request refused before it reaches the app
Rerouter = Callable[[Scope], Scope | None]  # the request the app answers instead of one it cannot read, if any


class BodyTooLarge(Exception):
    """The request body is over the limit (raised while it streams in)."""


class BodyLimitMiddleware:
    """Refuse request bodies over ``limit`` bytes with 413, before reading them when Content-Length says so and
    while reading them otherwise, so an upload cannot fill memory or disk.

    The refusal is ``respond``'s answer, unless ``reroute`` gives another request for the app to answer with no
    body (the upload form's own page, so the form comes back with the limit beside its file field)."""

    def __init__(self, app: ASGIApp, limit: int, respond: Responder, reroute: Rerouter | None = None) -> None:
        self.app, self.limit, self.respond, self.reroute = app, limit, respond, reroute

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = _content_length(scope)
        if declared is not None and declared > self.limit:
            await self._refuse(scope, receive, send)
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
            await self._refuse(scope, receive, send)

    async def _refuse(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Answer a body over the limit without reading any more of it."""
        instead = self.reroute(scope) if self.reroute is not None else None
        if instead is None:
            await self.respond(scope)(scope, receive, send)
        else:
            await self.app(instead, _no_body, send)


async def _no_body() -> Message:
    return {"type": "http.request", "body": b"", "more_body": False}


def _content_length(scope: Scope) -> int | None:
    for name, value in scope.get("headers", []):
        if name == b"content-length":
            try:
                return int(value)
            except ValueError:
                return None
    return None


# -- host names ----------------------------------------------------------------------------------------------------


class HostCheckMiddleware:
    """Answer only requests whose Host header names one of ``hosts`` (``*.example.com`` matches its subdomains),
    on any port; the rest get ``respond``'s answer (a 400 page or JSON), so that a web page elsewhere cannot reach
    the app through a name of its own that resolves to this machine (DNS rebinding)."""

    def __init__(self, app: ASGIApp, hosts: Collection[str], respond: Responder) -> None:
        self.app, self.respond = app, respond
        self.hosts = frozenset(host.lower() for host in hosts if not host.startswith("*."))
        self.suffixes = tuple(host.lower()[1:] for host in hosts if host.startswith("*."))

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":  # the app has no websockets; lifespan messages have no host
            await self.app(scope, receive, send)
            return
        host = host_of(_header(scope, b"host"))
        if host is not None and (host in self.hosts or host.endswith(self.suffixes)):
            await self.app(scope, receive, send)
            return
        await self.respond(scope)(scope, receive, send)


def host_of(header: str | None) -> str | None:
    """The host of a Host header, in lower case, without its port: ``Example.com:8765`` -> ``example.com``,
    ``[::1]:8765`` -> ``[::1]``; None for a missing or malformed header."""
    if not header:
        return None
    header = header.strip().lower()
    if header.startswith("["):
        host, bracket, port = header[1:].partition("]")
        host, rest = f"[{host}]", port
        if not bracket:
            return None
    else:
        host, colon, port = header.partition(":")
        rest = colon + port
    if rest and not (rest.startswith(":") and rest[1:].isdigit()):
        return None
    return host or None


def _header(scope: Scope, name: bytes) -> str | None:
    for key, value in scope.get("headers", []):
        if key == name:
            return bytes(value).decode("latin-1")
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
