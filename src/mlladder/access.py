"""Who may see and change whose data in team mode: the one access policy the store, the web app and the CLI ask.

Every account has a :class:`Role`. Seen from an account, a person's data belongs to one :class:`Audience`: its
own, a direct report's, or anyone else's. ``SEES`` says which audiences each role may look at:

========  ====  =======  ========
role      self  reports  everyone
========  ====  =======  ========
engineer  yes   no       no
manager   yes   yes      no
admin     yes   yes      yes
========  ====  =======  ========

Changing data is narrower: it is for its owner, and for admins, who also manage the accounts. Single-user mode
has no accounts and no policy: its one local user owns the whole database.

The functions here decide from facts the caller gives (the viewer's account, who owns the data); the store reads
those facts from the database, and nothing else repeats the rules.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from types import MappingProxyType
from typing import Final, Literal, Protocol

from mlladder.errors import InputError

__all__ = [
    "Audience",
    "Owner",
    "Role",
    "RoleName",
    "can_change",
    "can_view",
    "manages_accounts",
    "may_manage",
    "parse_role",
    "role_choices",
    "sees_everyone",
    "sees_others",
]


class Role(StrEnum):
    ENGINEER = "engineer"
    MANAGER = "manager"
    ADMIN = "admin"


# The roles as plain strings, for signatures that take "manager" as readily as Role.MANAGER; a test keeps the two
# in step (a type checker cannot derive a Literal from an enum).
RoleName = Literal["engineer", "manager", "admin"]


class Audience(StrEnum):
    """Whose data it is, seen from an account."""

    SELF = "self"  # the account's own person
    REPORTS = "reports"  # the person of an account it directly manages
    EVERYONE = "everyone"  # anyone else, a person without an account and a person who does not exist included


SEES: Final[Mapping[Role, frozenset[Audience]]] = MappingProxyType(
    {
        Role.ENGINEER: frozenset({Audience.SELF}),
        Role.MANAGER: frozenset({Audience.SELF, Audience.REPORTS}),
        Role.ADMIN: frozenset(Audience),
    }
)


class Account(Protocol):
    """The viewer as far as access cares: which account it is and its role (a :class:`mlladder.store.User`)."""

    @property
    def id(self) -> int: ...

    @property
    def role(self) -> Role: ...


@dataclass(frozen=True)
class Owner:
    """The account a person's data belongs to, and that account's manager."""

    user_id: int
    manager_id: int | None


def parse_role(value: str) -> Role:
    """The role named ``value``; anything else is bad input."""
    try:
        return Role(value)
    except ValueError:
        raise InputError(f"unknown role '{value}' (fix: use one of {', '.join(Role)})") from None


def role_choices() -> str:
    """The roles in words, for help texts: 'engineer, manager or admin'."""
    *first, last = list(Role)
    return f"{', '.join(first)} or {last}"


def audience(viewer: Account, owner: Owner | None) -> Audience:
    """Whose data it is, seen from ``viewer``. Data with no owning account (single-user data, a person who does
    not exist) is anyone else's: only those who see everyone may see it."""
    if owner is None:
        return Audience.EVERYONE
    if owner.user_id == viewer.id:
        return Audience.SELF
    if owner.manager_id == viewer.id:
        return Audience.REPORTS
    return Audience.EVERYONE


def sees(role: Role, whose: Audience) -> bool:
    """May an account of ``role`` look at data of this audience? (the table in the module docstring)"""
    return whose in SEES[role]


def can_view(viewer: Account, owner: Owner | None) -> bool:
    """May ``viewer`` see the data ``owner``'s account owns?"""
    return sees(viewer.role, audience(viewer, owner))


def sees_everyone(role: Role) -> bool:
    """Does ``role`` see all data, whoever owns it? Then there is no need to look up the owner."""
    return sees(role, Audience.EVERYONE)


def sees_others(role: Role) -> bool:
    """Does ``role`` look at anyone's data but its own (so pages offer it other people)?"""
    return SEES[role] != {Audience.SELF}


def may_manage(role: Role) -> bool:
    """May an account of ``role`` be another account's manager? Only a role that sees its reports' data could
    do anything as one: an engineer named as someone's manager would still see only their own data."""
    return sees(role, Audience.REPORTS)


def manages_accounts(role: Role) -> bool:
    """Adding and listing accounts is for admins."""
    return role is Role.ADMIN


def can_change(role: Role, *, own: bool) -> bool:
    """Changing data is for its owner, and for admins: a manager reads a report's journal but does not write it."""
    return own or manages_accounts(role)
