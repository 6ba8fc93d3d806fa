"""Who may see and change whose data in team mode: the one access policy the store, the web app and the CLI ask.

Every account has a :class:`Role`. Seen from an account, a person's data belongs to one :class:`Audience`: its
own, a direct report's, someone further down the chain of managers (an indirect report), or anyone else's. For
each role and audience the policy decides a :class:`Visibility`: the person's records, only the aggregate of a
group they are in, or nothing:

========  =======  =======  =================  ========
role      self     reports  indirect reports   everyone
========  =======  =======  =================  ========
engineer  records  nothing  nothing            nothing
manager   records  records  records            nothing
director  records  records  aggregate (*)      nothing
admin     records  records  records            records
========  =======  =======  =================  ========

(*) records when the server allows it (``mlladder serve --director-sees-people``).

Why: a manager runs the whole team below them, leads of sub-teams included, and is accountable for each
person's growth, so they read every record down the chain. A director steers an organisation: they need its
coverage, risks and readiness, not each engineer's self-ratings, which people write more candidly when fewer
eyes read them. Their direct reports (usually managers) are people they manage, so those they see in full.
An aggregate over fewer than :data:`MIN_GROUP` people is shown only as a head count (:func:`shows_aggregate`):
the mean of two ratings and one of them known gives the other away.

Changing data is narrower: it is for its owner, and for admins, who also manage the accounts. Single-user mode
has no accounts and no policy: its one local user owns the whole database.

The functions here decide from facts the caller gives (the viewer's account, who owns the data and the chain of
managers above them); the store reads those facts from the database, and nothing else repeats the rules.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from types import MappingProxyType
from typing import Final, Literal, Protocol

from mlladder.errors import InputError

__all__ = [
    "MIN_GROUP",
    "Audience",
    "Owner",
    "Role",
    "RoleName",
    "Visibility",
    "can_change",
    "can_view",
    "decide",
    "managers_above",
    "manages_accounts",
    "may_manage",
    "needs_chain",
    "parse_role",
    "role_choices",
    "sees_everyone",
    "sees_others",
    "shows_aggregate",
    "visibility",
]


class Role(StrEnum):
    ENGINEER = "engineer"
    MANAGER = "manager"
    DIRECTOR = "director"
    ADMIN = "admin"


# The roles as plain strings, for signatures that take "manager" as readily as Role.MANAGER; a test keeps the two
# in step (a type checker cannot derive a Literal from an enum).
RoleName = Literal["engineer", "manager", "director", "admin"]


class Audience(StrEnum):
    """Whose data it is, seen from an account."""

    SELF = "self"  # the account's own person
    REPORTS = "reports"  # the person of an account it directly manages
    INDIRECT = "indirect"  # further down the chain: a report's report, and so on
    EVERYONE = "everyone"  # anyone else, a person without an account and a person who does not exist included


class Visibility(StrEnum):
    """What an account may see of a person's data."""

    RECORDS = "records"  # every record: assessments, ratings, documents, journal, plans
    AGGREGATE = "aggregate"  # only as part of a group's figures, never on its own
    NOTHING = "nothing"  # not even that the person exists


_R, _A, _N = Visibility.RECORDS, Visibility.AGGREGATE, Visibility.NOTHING

SEES: Final[Mapping[Role, Mapping[Audience, Visibility]]] = MappingProxyType(
    {
        Role.ENGINEER: MappingProxyType(
            {Audience.SELF: _R, Audience.REPORTS: _N, Audience.INDIRECT: _N, Audience.EVERYONE: _N}
        ),
        Role.MANAGER: MappingProxyType(
            {Audience.SELF: _R, Audience.REPORTS: _R, Audience.INDIRECT: _R, Audience.EVERYONE: _N}
        ),
        Role.DIRECTOR: MappingProxyType(
            {Audience.SELF: _R, Audience.REPORTS: _R, Audience.INDIRECT: _A, Audience.EVERYONE: _N}
        ),
        Role.ADMIN: MappingProxyType(dict.fromkeys(Audience, _R)),
    }
)

# Smallest group whose aggregate figures are shown; smaller groups show only how many people they hold.
MIN_GROUP: Final = 3


class Account(Protocol):
    """The viewer as far as access cares: which account it is and its role (a :class:`mlladder.store.User`)."""

    @property
    def id(self) -> int: ...

    @property
    def role(self) -> Role: ...


@dataclass(frozen=True)
class Owner:
    """The account a person's data belongs to, its manager, and the managers above that one (nearest first)."""

    user_id: int
    manager_id: int | None
    above: tuple[int, ...] = ()


def parse_role(value: str) -> Role:
    """The role named ``value``; anything else is bad input."""
    try:
        return Role(value)
    except ValueError:
        raise InputError(f"unknown role '{value}' (fix: use one of {', '.join(Role)})") from None


def role_choices() -> str:
    """The roles in words, for help texts: 'engineer, manager, director or admin'."""
    *first, last = list(Role)
    return f"{', '.join(first)} or {last}"


def managers_above(manager_of: Mapping[int, int | None], user_id: int) -> tuple[int, ...]:
    """The chain of managers above ``user_id``, nearest first, read from ``manager_of`` (account -> its manager).

    Stops at the top, at an account ``manager_of`` does not know, and before repeating itself: a cycle of managers
    is bad data the accounts pages refuse, but a chain read from such data must still end."""
    chain: list[int] = []
    seen = {user_id}
    current = manager_of.get(user_id)
    while current is not None and current not in seen:
        chain.append(current)
        seen.add(current)
        current = manager_of.get(current)
    return tuple(chain)


def audience(viewer: Account, owner: Owner | None) -> Audience:
    """Whose data it is, seen from ``viewer``. Data with no owning account (single-user data, a person who does
    not exist) is anyone else's: only those who see everyone may see it."""
    if owner is None:
        return Audience.EVERYONE
    if owner.user_id == viewer.id:
        return Audience.SELF
    if owner.manager_id == viewer.id:
        return Audience.REPORTS
    if viewer.id in owner.above:
        return Audience.INDIRECT
    return Audience.EVERYONE


def decide(role: Role, whose: Audience, *, director_sees_people: bool = False) -> Visibility:
    """What an account of ``role`` may see of data of this audience (the table in the module docstring).

    ``director_sees_people`` is the server's setting that lets directors read the records of everyone below them,
    not only the aggregate."""
    found = SEES[role][whose]
    if found is Visibility.AGGREGATE and role is Role.DIRECTOR and director_sees_people:
        return Visibility.RECORDS
    return found


def sees(role: Role, whose: Audience) -> bool:
    """May an account of ``role`` read the records of this audience (by default, without any setting)?"""
    return decide(role, whose) is Visibility.RECORDS


def visibility(viewer: Account, owner: Owner | None, *, director_sees_people: bool = False) -> Visibility:
    """What ``viewer`` may see of the data ``owner``'s account owns."""
    return decide(viewer.role, audience(viewer, owner), director_sees_people=director_sees_people)


def can_view(viewer: Account, owner: Owner | None, *, director_sees_people: bool = False) -> bool:
    """May ``viewer`` read the records ``owner``'s account owns (pages, files, the API)?"""
    return visibility(viewer, owner, director_sees_people=director_sees_people) is Visibility.RECORDS


def shows_aggregate(size: int) -> bool:
    """May a group of ``size`` people be shown as figures (means, coverage), not only as a head count? Below
    :data:`MIN_GROUP` a figure and what a viewer already knows would give away one person's ratings."""
    return size >= MIN_GROUP


def sees_everyone(role: Role) -> bool:
    """Does ``role`` see all data, whoever owns it? Then there is no need to look up the owner."""
    return sees(role, Audience.EVERYONE)


def needs_chain(role: Role) -> bool:
    """Does the decision for ``role`` depend on the chain of managers above the owner (so the store reads it)?"""
    return not sees_everyone(role) and SEES[role][Audience.INDIRECT] is not Visibility.NOTHING


def sees_others(role: Role) -> bool:
    """Does ``role`` look at anyone's data but its own, records or aggregate (so pages offer it other people)?"""
    return any(seen is not Visibility.NOTHING for whose, seen in SEES[role].items() if whose is not Audience.SELF)


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
