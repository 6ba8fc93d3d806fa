"""Team mode: signing in and out, and the accounts pages where an admin adds people, sets their role and manager
(directors included), and edits, resets, disables, enables or removes an account.

Every change is a form post (with the session's form token, like every form) answered by a page that says what
happened: after a success, a redirect to the page with a message; after a refusal, the same page with the error
and what was typed. The rules (unique names, password length, the last admin) are the store's.
"""

from __future__ import annotations

from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response

from mlladder import access
from mlladder.access import Role
from mlladder.errors import InputError
from mlladder.passwords import MIN_PASSWORD_LENGTH
from mlladder.store import User
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
def users_page(request: Request, viewer: AdminUser, store: StoreDep, removed: str = "", data: str = "kept") -> Response:
    message = _removed_message(removed, data == "deleted") if removed else None
    return _users_page(request, viewer, store, message=message)


def _users_page(
    request: Request,
    viewer: AdminUser,
    store: StoreDep,
    error: str | None = None,
    status_code: int = 200,
    message: str | None = None,
    typed: dict[str, str] | None = None,
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
        message=message,
        typed=typed or {},
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
        typed = {"username": username, "name": name, "role": role.value, "manager_id": manager_id}
        return _users_page(request, viewer, store, error=str(error), status_code=400, typed=typed)
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


# -- one account: edit, password, disable and enable, remove -------------------------------------------------------

# What the account page says after each change, by the ``done`` its redirect carries.
DONE_MESSAGES = {
    "edited": "Saved the user name and name.",
    "password": "Set the new password. Every session of this account has ended; it signs in with the new one.",
    "disabled": "Disabled the account: it cannot sign in, and its open sessions have ended. Its data is kept.",
    "enabled": "Enabled the account: it can sign in again with its password.",
}
ACCOUNT_PAGE = "/admin/users/account"


@router.get(ACCOUNT_PAGE)
def account_page(request: Request, viewer: AdminUser, store: StoreDep, user_id: IdValue, done: str = "") -> Response:
    return _account_page(request, viewer, store, store.get_user(user_id), message=DONE_MESSAGES.get(done))


def _account_page(
    request: Request,
    viewer: AdminUser,
    store: StoreDep,
    account: User,
    *,
    error: str | None = None,
    message: str | None = None,
    typed: dict[str, str] | None = None,
    new_password: str | None = None,
) -> Response:
    users = store.list_users()
    usernames = {user.id: user.username for user in users}
    person = store.get_person(account.person_id) if account.person_id is not None else None
    headers = {"Cache-Control": "no-store"} if new_password else None  # a password shown once is never cached
    return render(
        request,
        "admin_account.html",
        viewer,
        status_code=400 if error else 200,
        headers=headers,
        account=account,
        name=person.name if person else "",
        manager=usernames.get(account.manager_id or 0),
        reports=[user.username for user in users if user.manager_id == account.id],
        is_self=viewer.user is not None and viewer.user.id == account.id,
        last_admin=_last_enabled_admin(users, account),
        min_password=MIN_PASSWORD_LENGTH,
        error=error,
        message=message,
        typed=typed or {},
        new_password=new_password,
    )


def _last_enabled_admin(users: list[User], account: User) -> bool:
    """Is ``account`` the only enabled admin (so the page offers neither disabling nor removing it)?"""
    enabled_admins = [user.id for user in users if user.role is Role.ADMIN and user.disabled_at is None]
    return enabled_admins == [account.id]


def _done(user_id: int, done: str) -> RedirectResponse:
    return RedirectResponse(f"{ACCOUNT_PAGE}?{urlencode({'user_id': user_id, 'done': done})}", status_code=303)


@router.post("/admin/users/edit")
def edit_user(
    request: Request,
    viewer: AdminUser,
    store: StoreDep,
    user_id: Annotated[IdValue, Form()],
    username: Annotated[str, Form(max_length=200)],
    name: Annotated[str, Form(max_length=200)],
) -> Response:
    """Another user name (unique) and name for the account's person."""
    account = store.get_user(user_id)
    try:
        store.edit_account(account.id, username, name)
    except InputError as error:
        typed = {"username": username, "name": name}
        return _account_page(request, viewer, store, account, error=str(error), typed=typed)
    return _done(account.id, "edited")


@router.post("/admin/users/password")
def reset_user_password(
    request: Request,
    viewer: AdminUser,
    store: StoreDep,
    user_id: Annotated[IdValue, Form()],
    choice: Annotated[str, Form(max_length=20)] = "generate",
    password: Annotated[str, Form(max_length=1000)] = "",
) -> Response:
    """A new password, typed by the admin or generated and shown once on the page that answers (never in a URL
    or a cookie); every session of the account ends and its failed sign-ins are forgotten."""
    account = store.get_user(user_id)
    generate = choice != "set"
    try:
        given = store.reset_password(account.id, None if generate else password)
    except InputError as error:
        return _account_page(request, viewer, store, account, error=str(error), typed={"choice": "set"})
    if viewer.user is not None and viewer.user.id == account.id:  # an admin's own reset keeps this session
        request.session["session_epoch"] = store.get_user(account.id).session_epoch
    if not generate:
        return _done(account.id, "password")
    message = "Generated a new password. Every session of this account has ended."
    return _account_page(request, viewer, store, store.get_user(account.id), message=message, new_password=given)


@router.post("/admin/users/disable")
def disable_user(request: Request, viewer: AdminUser, store: StoreDep, user_id: Annotated[IdValue, Form()]) -> Response:
    """Keep the account from signing in; its open sessions end at their next request."""
    return _set_disabled(request, viewer, store, user_id, True)


@router.post("/admin/users/enable")
def enable_user(request: Request, viewer: AdminUser, store: StoreDep, user_id: Annotated[IdValue, Form()]) -> Response:
    return _set_disabled(request, viewer, store, user_id, False)


def _set_disabled(request: Request, viewer: AdminUser, store: StoreDep, user_id: int, disabled: bool) -> Response:
    account = store.get_user(user_id)
    try:
        store.set_disabled(account.id, disabled, by=_admin_id(viewer))
    except InputError as error:
        return _account_page(request, viewer, store, account, error=str(error))
    return _done(account.id, "disabled" if disabled else "enabled")


@router.post("/admin/users/remove")
def remove_user(
    request: Request,
    viewer: AdminUser,
    store: StoreDep,
    user_id: Annotated[IdValue, Form()],
    data: Annotated[str, Form(max_length=20)] = "keep",
    confirm: Annotated[str, Form(max_length=200)] = "",
) -> Response:
    """Delete the account once its user name is typed to confirm; its person and records stay (seen by admins
    only) unless ``data`` is 'delete'. Its reports move to its own manager, or to none."""
    account = store.get_user(user_id)
    delete_data = data == "delete"
    typed = {"data": "delete" if delete_data else "keep", "confirm": confirm}
    try:
        if confirm.strip().lower() != account.username:
            raise InputError(
                f"to remove '{account.username}', type the user name in the box (fix: type '{account.username}')"
            )
        store.remove_account(account.id, delete_data=delete_data, by=_admin_id(viewer))
    except InputError as error:
        return _account_page(request, viewer, store, account, error=str(error), typed=typed)
    query = urlencode({"removed": account.username, "data": "deleted" if delete_data else "kept"})
    return RedirectResponse(f"/admin/users?{query}", status_code=303)


def _admin_id(viewer: AdminUser) -> int | None:
    return viewer.user.id if viewer.user is not None else None


def _removed_message(username: str, deleted: bool) -> str:
    if deleted:
        return f"Removed the account '{username}' and deleted their data."
    return (
        f"Removed the account '{username}'. Their records are kept as a person without an account, whom only "
        "admins see."
    )
