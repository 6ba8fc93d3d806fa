"""Named dependencies: the app's parts (``StoreDep``, ``FrameworkDep``, ``SettingsDep``), who is asking
(``CurrentUser``) and the records a route works on, fetched *and* authorised in one step.

Every route that takes a person, assessment, document, journal entry or plan id gets the record through one of
the ``Readable*`` / ``Editable*`` dependencies below, never from the store directly, so no route can forget the
permission check. Records someone may not see answer exactly like records that do not exist (404), so ids of
other people's data cannot be probed; records someone may see but not change answer 403.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from dataclasses import dataclass, field
from typing import Annotated, Any, TypeVar, cast

import jinja2
from fastapi import Depends, HTTPException, Path, Request
from markupsafe import Markup
from pydantic import Field
from starlette.concurrency import run_in_threadpool

from mlladder import access
from mlladder.framework.schema import Framework
from mlladder.store import (
    AssessmentRecord,
    DocumentRecord,
    JournalEntry,
    Person,
    PlanRecord,
    RecordNotFound,
    Store,
    User,
)
from mlladder.store.recent import Recent
from mlladder.web.assets import Asset
from mlladder.web.security import LoginLimiter
from mlladder.web.settings import Settings

__all__ = [
    "AdminUser",
    "AppState",
    "CurrentUser",
    "EditableAssessment",
    "EditableDocument",
    "EditableEntry",
    "EditablePerson",
    "EditablePlan",
    "FrameworkDep",
    "IdValue",
    "LoginRequired",
    "ReadableAssessment",
    "ReadableDocument",
    "ReadableEntry",
    "ReadablePerson",
    "ReadablePlan",
    "RecordId",
    "RememberedPage",
    "SettingsDep",
    "StateDep",
    "StoreDep",
    "Viewer",
    "quick_read",
    "state_of",
]

RECENT_FRAGMENTS = 512
RECENT_PAGES = 256
RECENT_ACCOUNTS = 1024
T = TypeVar("T")


@dataclass(frozen=True)
class RememberedPage:
    """A page as sent, and the database's change mark read before it was made."""

    mark: Hashable
    body: bytes


@dataclass(frozen=True)
class RememberedAccount:
    """An account as read, and the database's change mark read before it was read."""

    mark: Hashable
    user: User


@dataclass(frozen=True)
class AppState:
    """Everything a request needs, built once by ``create_app`` and kept on ``app.state.mlladder``."""

    settings: Settings
    store: Store
    framework: Framework
    limiter: LoginLimiter
    templates: jinja2.Environment
    default_person_id: int | None  # the person of single-user mode (team mode has none)
    assets: dict[str, Asset]  # the static files, by name
    # Parts of pages that depend on one never-changing record alone (an assessment's results), rendered once:
    # (template, record id) -> HTML.
    fragments: Recent[tuple[str, int], Markup] = field(default_factory=lambda: Recent(RECENT_FRAGMENTS))
    # Whole pages made from the database, each with the change mark it was made under (see page_until_changed).
    pages: Recent[Hashable, RememberedPage] = field(default_factory=lambda: Recent(RECENT_PAGES))
    # Signed-in accounts by id, each with the change mark it was read under: every team-mode request needs its
    # account, and while nothing was committed (no role, password, manager or disabling changed) it is the same.
    accounts: Recent[int, RememberedAccount] = field(default_factory=lambda: Recent(RECENT_ACCOUNTS))


# Ids are 32-bit integer columns in the database (PostgreSQL's integer): larger ones cannot exist, so they are
# refused as bad input instead of reaching the database.
MAX_ID = 2**31 - 1
RecordId = Annotated[int, Path(ge=1, le=MAX_ID)]
IdValue = Annotated[int, Field(ge=1, le=MAX_ID)]  # the same bounds for an id in a query string


class LoginRequired(Exception):
    """Team mode and nobody is signed in: pages redirect to the sign-in page, the API answers 401."""


@dataclass(frozen=True)
class Viewer:
    """Who is asking: an account in team mode; in single-user mode nobody in particular (``user`` is None).

    Single-user mode has no policy: the one local user owns the whole database. Team mode asks
    :mod:`mlladder.access`, with the server's setting on what directors may read.
    """

    user: User | None
    person_id: int  # the person whose data is the viewer's own
    director_sees_people: bool = False  # the server's setting (mlladder serve --director-sees-people)

    @property
    def is_admin(self) -> bool:
        """May manage the accounts (the accounts page)."""
        return self.user is not None and access.manages_accounts(self.user.role)

    @property
    def sees_others(self) -> bool:
        """Does the viewer look at other people's data, records or aggregate (so pages offer them)?"""
        return self.user is not None and access.sees_others(self.user.role)

    def owns(self, subject: Person | None) -> bool:
        """Is ``subject`` (the person a page is about; None: nobody in particular) the viewer's own person? Pages
        then speak to the viewer ("Where you stand"); otherwise they name the person and say it is read only."""
        return subject is None or subject.id == self.person_id

    def visibility(self, store: Store, person_id: int) -> access.Visibility:
        """What the viewer may see of this person's data: records, only the aggregate, or nothing."""
        if self.user is None:
            return access.Visibility.RECORDS
        return store.visibility(self.user, person_id, director_sees_people=self.director_sees_people)

    def may_view(self, store: Store, person_id: int) -> bool:
        """May the viewer read this person's records (pages, files, the API)?"""
        return self.user is None or store.can_view(self.user, person_id, director_sees_people=self.director_sees_people)

    def visible(self, store: Store) -> dict[int, access.Visibility]:
        """Everyone the viewer may see anything of, the viewer first, with what they may see (see
        :meth:`mlladder.store.Store.visibilities`); in single-user mode, the one person."""
        if self.user is None:
            return {self.person_id: access.Visibility.RECORDS}
        return store.visibilities(self.user, director_sees_people=self.director_sees_people)

    def may_edit(self, person_id: int) -> bool:
        return self.user is None or access.can_change(self.user.role, own=person_id == self.person_id)


def state_of(request: Request) -> AppState:
    return cast(AppState, request.app.state.mlladder)


# The dependencies below are ``async`` although they do not wait for anything: FastAPI runs a plain ``def``
# dependency in a worker thread, and a thread hop per dependency costs more than the lookups themselves.
async def app_state(request: Request) -> AppState:
    return state_of(request)


async def get_store(request: Request) -> Store:
    return state_of(request).store


async def get_framework(request: Request) -> Framework:
    return state_of(request).framework


async def get_settings(request: Request) -> Settings:
    return state_of(request).settings


StoreDep = Annotated[Store, Depends(get_store)]
FrameworkDep = Annotated[Framework, Depends(get_framework)]
SettingsDep = Annotated[Settings, Depends(get_settings)]
StateDep = Annotated[AppState, Depends(app_state)]


async def quick_read(store: Store, read: Callable[..., T], *args: Any) -> T:
    """Run a short store read: right here when the database is on this machine, where a hop to a worker thread
    and back costs more than the read itself (it halved the results page's throughput); in a worker thread when
    the database is across a network, so a slow network cannot hold up every other request."""
    if store.is_on_this_machine:
        return read(*args)
    return await run_in_threadpool(read, *args)


async def current_user(request: Request, state: StateDep) -> Viewer:
    """The viewer of this request; in team mode the account signed in to this session (else LoginRequired)."""
    if state.default_person_id is not None:
        return Viewer(user=None, person_id=state.default_person_id)
    user_id = request.session.get("user_id")
    if not isinstance(user_id, int):
        raise LoginRequired()
    try:
        user = await signed_in_account(state, user_id)
    except RecordNotFound:  # the account was removed since this session signed in
        request.session.clear()
        raise LoginRequired() from None
    if user.disabled_at is not None or request.session.get("session_epoch", 0) != user.session_epoch:
        request.session.clear()  # disabled, or its password reset, since this session signed in
        raise LoginRequired()
    if user.person_id is None:
        raise HTTPException(403, "this account has no person to show (fix: ask an admin to recreate it)")
    return Viewer(user=user, person_id=user.person_id, director_sees_people=state.settings.director_sees_people)


async def signed_in_account(state: AppState, user_id: int) -> User:
    """The account, read again only when the database changed since it was last read (by any process): the mark
    is read first, so an account disabled, demoted or given a new password is never answered from memory."""
    mark = await quick_read(state.store, state.store.change_mark)
    remembered = state.accounts.get(user_id)
    if remembered is not None and remembered.mark == mark:
        return remembered.user
    user = await quick_read(state.store, state.store.get_user, user_id)
    state.accounts.put(user_id, RememberedAccount(mark, user))
    return user


CurrentUser = Annotated[Viewer, Depends(current_user)]


async def require_admin(viewer: CurrentUser) -> Viewer:
    if not viewer.is_admin:
        raise HTTPException(403, "only an admin can do this")
    return viewer


AdminUser = Annotated[Viewer, Depends(require_admin)]


# -- records, authorised -----------------------------------------------------------------------------------------


# Async, with each database read through quick_read: no thread hop per dependency, none at all on SQLite or when
# the answer is already in memory (a recent assessment; who may see what in single-user mode).


async def _authorise(viewer: Viewer, store: Store, owner: int, kind: str, record_id: int | str, edit: bool) -> None:
    visible = viewer.user is None or await quick_read(store, viewer.may_view, store, owner)
    if not visible:
        raise RecordNotFound(kind, record_id)  # the same answer as for an id that does not exist
    if edit and not viewer.may_edit(owner):
        raise HTTPException(403, f"this {kind} is not yours to change; you may only look at it")


async def _assessment(store: Store, assessment_id: int) -> AssessmentRecord:
    recent = store.recent_assessment(assessment_id)
    return recent if recent is not None else await quick_read(store, store.get_assessment, assessment_id)


async def readable_person(person_id: RecordId, viewer: CurrentUser, store: StoreDep) -> Person:
    await _authorise(viewer, store, person_id, "person", person_id, edit=False)
    return await quick_read(store, store.get_person, person_id)


async def editable_person(person_id: RecordId, viewer: CurrentUser, store: StoreDep) -> Person:
    await _authorise(viewer, store, person_id, "person", person_id, edit=True)
    return await quick_read(store, store.get_person, person_id)


async def readable_assessment(assessment_id: RecordId, viewer: CurrentUser, store: StoreDep) -> AssessmentRecord:
    record = await _assessment(store, assessment_id)
    await _authorise(viewer, store, record.person_id, "assessment", assessment_id, edit=False)
    return record


async def editable_assessment(assessment_id: RecordId, viewer: CurrentUser, store: StoreDep) -> AssessmentRecord:
    record = await _assessment(store, assessment_id)
    await _authorise(viewer, store, record.person_id, "assessment", assessment_id, edit=True)
    return record


async def readable_document(document_id: RecordId, viewer: CurrentUser, store: StoreDep) -> DocumentRecord:
    record = await quick_read(store, store.get_document, document_id)
    await _authorise(viewer, store, record.person_id, "document", document_id, edit=False)
    return record


async def editable_document(document_id: RecordId, viewer: CurrentUser, store: StoreDep) -> DocumentRecord:
    record = await quick_read(store, store.get_document, document_id)
    await _authorise(viewer, store, record.person_id, "document", document_id, edit=True)
    return record


async def readable_entry(entry_id: RecordId, viewer: CurrentUser, store: StoreDep) -> JournalEntry:
    record = await quick_read(store, store.get_journal_entry, entry_id)
    await _authorise(viewer, store, record.person_id, "journal entry", entry_id, edit=False)
    return record


async def editable_entry(entry_id: RecordId, viewer: CurrentUser, store: StoreDep) -> JournalEntry:
    record = await quick_read(store, store.get_journal_entry, entry_id)
    await _authorise(viewer, store, record.person_id, "journal entry", entry_id, edit=True)
    return record


async def readable_plan(plan_id: RecordId, viewer: CurrentUser, store: StoreDep) -> PlanRecord:
    record = await quick_read(store, store.get_plan, plan_id)
    await _authorise(viewer, store, record.person_id, "plan", plan_id, edit=False)
    return record


async def editable_plan(plan_id: RecordId, viewer: CurrentUser, store: StoreDep) -> PlanRecord:
    record = await quick_read(store, store.get_plan, plan_id)
    await _authorise(viewer, store, record.person_id, "plan", plan_id, edit=True)
    return record


ReadablePerson = Annotated[Person, Depends(readable_person)]
EditablePerson = Annotated[Person, Depends(editable_person)]
ReadableAssessment = Annotated[AssessmentRecord, Depends(readable_assessment)]
EditableAssessment = Annotated[AssessmentRecord, Depends(editable_assessment)]
ReadableDocument = Annotated[DocumentRecord, Depends(readable_document)]
EditableDocument = Annotated[DocumentRecord, Depends(editable_document)]
ReadableEntry = Annotated[JournalEntry, Depends(readable_entry)]
EditableEntry = Annotated[JournalEntry, Depends(editable_entry)]
ReadablePlan = Annotated[PlanRecord, Depends(readable_plan)]
EditablePlan = Annotated[PlanRecord, Depends(editable_plan)]
