"""Team mode: signing in and out, and the accounts page where an admin adds people and sets their role and
manager (directors included)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response

from mlladder import access
from mlladder.access import Role
from mlladder.errors import InputError
from mlladder.passwords import MIN_PASSWORD_LENGTH
from mlladder.web.deps import AdminUser, IdValue, StateDep, StoreDep
from mlladder.web.rendering import render
from mlladder.web.security import csrf_token

__all__ = ["router"]

router = APIRouter(include_in_schema=False)


def safe_next(target: str | None) -> str:
    """Where to go after signing in: a path on this site only (never '//elsewhere' or 'https://...')."""
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return "/"
    if any(character.isspace() or ord(character) < 32 for character in target):  # browsers drop tabs: "/\t/x"
        return "/"
    return target


@router.get("/login")
def login_page(request: Request, state: StateDep, next: str | None = None) -> Response:
    if not state.settings.multi_user:
        return RedirectResponse("/", status_code=303)
    return render(request, "login.html", next=safe_next(next), error=None, username="")


@router.post("/login")
def login(
    request: Request,
    state: StateDep,
    username: Annotated[str, Form(max_length=200)],
    password: Annotated[str, Form(max_length=1000)],
    next_page: Annotated[str, Form(alias="next")] = "/",
) -> Response:
    if not state.settings.multi_user:
        return RedirectResponse("/", status_code=303)
    address = request.client.host if request.client else "unknown"
    context: dict[str, Any] = {"next": safe_next(next_page), "username": username}
    wait = state.limiter.retry_after(username, address)
    if wait:
        minutes = -(-wait // 60)
        plural = "s" if minutes != 1 else ""
        error = f"Too many failed sign-ins for this name or from this address. Try again in {minutes} minute{plural}."
        return render(
            request, "login.html", status_code=429, headers={"Retry-After": str(wait)}, error=error, **context
        )
    user = state.store.authenticate(username, password)
    if user is None:
        state.limiter.failed(username, address)
        return render(request, "login.html", status_code=401, error="Wrong user name or password.", **context)
    state.limiter.succeeded(username, address)
    request.session.clear()  # a fresh session, so a session fixed before sign-in is worth nothing after it
    request.session["user_id"] = user.id
    request.session["session_epoch"] = user.session_epoch  # a password reset or disabling ends this session
    csrf_token(request.session)
    return RedirectResponse(safe_next(next_page), status_code=303)


@router.post("/logout")
def logout(request: Request) -> Response:
    request.session.clear()
    return RedirectResponse("/login", status_code=303)


@router.get("/admin/users")
def users_page(request: Request, viewer: AdminUser, store: StoreDep) -> Response:
    return _users_page(request, viewer, store)


def _users_page(
    request: Request, viewer: AdminUser, store: StoreDep, error: str | None = None, status_code: int = 200
) -> Response:
    users = store.list_users()
    names = {person.id: person.name for person in store.list_people()}
    return render(
        request,
        "admin_users.html",
        viewer,
        status_code=status_code,
        users=users,
        names=names,
        managers=[user for user in users if access.may_manage(user.role)],
        roles=list(Role),
        min_password=MIN_PASSWORD_LENGTH,
        director_sees_people=viewer.director_sees_people,
        error=error,
    )


@router.post("/admin/users")
def add_user(
    request: Request,
    viewer: AdminUser,
    store: StoreDep,
    username: Annotated[str, Form(max_length=200)],
    password: Annotated[str, Form(max_length=1000)],
    role: Annotated[Role, Form()] = Role.ENGINEER,
    name: Annotated[str, Form(max_length=200)] = "",
    manager_id: Annotated[str, Form()] = "",
) -> Response:
    try:
        store.create_user(username, password, role, _manager(manager_id), name.strip() or None)
    except InputError as error:
        return _users_page(request, viewer, store, error=str(error), status_code=400)
    return RedirectResponse("/admin/users", status_code=303)


@router.post("/admin/users/change")
def change_user(
    request: Request,
    viewer: AdminUser,
    store: StoreDep,
    user_id: Annotated[IdValue, Form()],
    role: Annotated[Role, Form()],
    manager_id: Annotated[str, Form()] = "",
) -> Response:
    """Another role or manager for an account; the store refuses a manager who cannot manage or a cycle."""
    try:
        store.update_account(user_id, role, _manager(manager_id))
    except InputError as error:
        return _users_page(request, viewer, store, error=str(error), status_code=400)
    return RedirectResponse("/admin/users", status_code=303)


def _manager(value: str) -> int | None:
    """The manager chosen in a form: an account id, or none."""
    if not value.strip():
        return None
    try:
        return int(value)
    except ValueError:
        raise InputError(f"manager: '{value}' is not an account (fix: choose one from the list)") from None
